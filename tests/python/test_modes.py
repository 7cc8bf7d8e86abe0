"""Derivatives at kinks: PyTorch's conventions in conventional mode, and what Clarke mode fixes."""
import numpy as np
import pytest

import fdl


@pytest.mark.parametrize(
    "name, f, x, expected",
    [
        ("relu'(0) = 0", fdl.relu, 0.0, 0.0),
        ("abs'(0) = 0", fdl.abs, 0.0, 0.0),
        ("builtin abs'(0) = 0", abs, 0.0, 0.0),
        ("maximum(x, 0)'(0) = 0.5", lambda x: fdl.maximum(x, 0.0), 0.0, 0.5),
        ("minimum(x, 0)'(0) = 0.5", lambda x: fdl.minimum(0.0, x), 0.0, 0.5),
        ("clamp(x, 0, 1)'(0) = 1", lambda x: fdl.clamp(x, 0.0, 1.0), 0.0, 1.0),
        ("clamp(x, 0, 1)'(1) = 1", lambda x: fdl.clamp(x, 0.0, 1.0), 1.0, 1.0),
        ("leaky_relu'(0) = slope", lambda x: fdl.leaky_relu(x, 0.2), 0.0, 0.2),
        ("max of a tie splits evenly", lambda x: fdl.max(x * np.ones(4)), 0.0, 1.0),
    ],
    ids=lambda p: p if isinstance(p, str) else "",
)
def test_conventional_mode_follows_pytorch_at_kinks(name, f, x, expected):
    assert fdl.grad(f, x) == expected
    assert fdl.grad(f, x, mode="conventional") == expected


def identity_through_relus(x):
    return fdl.sum(fdl.relu(x) - fdl.relu(-x))  # = sum(x), derivative 1 everywhere


def test_conventional_mode_is_wrong_on_relu_minus_relu_at_zero():
    np.testing.assert_array_equal(fdl.grad(identity_through_relus, np.array([0.0, 2.0, -1.0])), [0.0, 1.0, 1.0])


def test_clarke_mode_gets_relu_minus_relu_right_at_zero():
    np.testing.assert_array_equal(fdl.grad(identity_through_relus, np.zeros((2, 3)), mode="clarke"), np.ones((2, 3)))


def test_clarke_mode_gives_a_subgradient_of_abs_at_zero():
    assert abs(fdl.grad(fdl.abs, 0.0, mode="clarke")) == 1.0
