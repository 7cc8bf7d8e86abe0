"""Clarke mode, branches and the Goldstein stationarity estimate from Python."""
import numpy as np
import pytest

import fdl


def test_where_takes_a_where_the_predicate_is_nonnegative():
    x = np.array([-1.0, 0.0, 2.0])
    value, g = fdl.value_and_grad(lambda x: fdl.sum(fdl.where(x, 3 * x, x * x)), x)
    assert value == pytest.approx(1.0 + 0.0 + 6.0)
    np.testing.assert_array_equal(g, [-2.0, 3.0, 3.0])


def test_where_branch_pair_is_wrong_conventionally_and_right_in_clarke_mode():
    def f(x):  # relu(x) − relu(−x) written with branches: the function x
        return fdl.where(x, x, 0.0) - fdl.where(-x, -x, 0.0)

    assert fdl.grad(f, 0.0) == 2.0
    assert fdl.grad(f, 0.0, mode="clarke") == 1.0


def test_clarke_subgradient_reports_the_order_it_needed():
    identity = lambda x: fdl.relu(x) - fdl.relu(-x)
    assert fdl.clarke_subgradient(identity, 1.5).order == 0  # no kink hit: the plain gradient
    r = fdl.clarke_subgradient(identity, 0.0, seed=3)
    assert (r.value, r.grad, r.order, r.unresolved_ties) == (0.0, 1.0, 1, 0)
    cube_branch = lambda x: fdl.where(x * x * x, x, 2 * x) - fdl.where(x, x, 2 * x)  # ≡ 0
    r = fdl.clarke_subgradient(cube_branch, 0.0, seed=4)
    assert (r.grad, r.order, r.unresolved_ties) == (0.0, 3, 0)


def test_clarke_mode_reaches_both_subgradients_of_abs_over_seeds():
    answers = {float(fdl.grad(fdl.abs, 0.0, mode="clarke", seed=s)) for s in range(20)}
    assert answers == {-1.0, 1.0}


def test_prescribed_direction_gives_the_directional_derivative():
    f = lambda x: fdl.max(fdl.abs(x))  # at 0: f'(0; d) = max|d_i|
    d = np.array([0.5, -2.0, 1.0])
    r = fdl.clarke_subgradient(f, np.zeros(3), seed=1, direction=d)
    assert r.grad @ d == pytest.approx(2.0)
    with pytest.raises(ValueError, match="direction"):
        fdl.clarke_subgradient(f, np.zeros(3), direction=np.ones(2))


def test_minibatch_loss_uses_one_direction():
    # relu6 of a batch of two pre-activations w + 0 and w + 6, one at each kink of relu6:
    # the sum is 6 + w near w = 0, so the only subgradient is 1 (T6 of the research note).
    X, b = np.ones((2, 1)), np.array([0.0, 6.0])
    loss = lambda w: fdl.sum(fdl.clamp(X @ w + b, 0.0, 6.0))
    assert fdl.grad(loss, np.zeros(1))[0] == 2.0  # conventional: slope 1 at both bounds
    assert {float(fdl.grad(loss, np.zeros(1), mode="clarke", seed=s)[0]) for s in range(10)} == {1.0}


def test_goldstein_stationarity_of_abs():
    near = fdl.analysis.goldstein_stationarity(fdl.abs, 0.01, delta=0.1, samples=20, seed=1)
    assert near.epsilon < 1e-12 and not near.descent
    far = fdl.analysis.goldstein_stationarity(fdl.abs, np.array([1.0]), delta=0.1, samples=20)
    assert far.epsilon == pytest.approx(1.0) and far.descent
    assert far.min_norm_element.shape == (1,)
    assert far.weights.shape == (21,)
