"""The Python example of the README, as written there."""
import numpy as np
import pytest

import fdl


def test_readme_example():
    A, b = np.random.randn(20, 5), np.random.randn(20)
    f = lambda x: fdl.sum(fdl.relu(A @ x - b)) + 0.5 * fdl.sum(x ** 2)
    x = np.zeros(5)
    value, g = fdl.value_and_grad(f, x)
    Hv = fdl.hvp(f, x, np.ones(5))
    g_clarke = fdl.grad(lambda x: fdl.relu(x) - fdl.relu(-x), 0.0, mode="clarke")
    eps = fdl.analysis.goldstein_stationarity(fdl.abs, 0.01, delta=0.1, samples=20).epsilon
    assert value == pytest.approx(np.maximum(-b, 0).sum(), rel=1e-14)
    np.testing.assert_allclose(g, A.T @ (b < 0))  # relu'(A·0 − b) = [−b > 0]
    np.testing.assert_allclose(Hv, np.ones(5))  # the relu part is piecewise linear
    assert g_clarke == 1.0 and eps == 0.0
