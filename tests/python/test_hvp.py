"""Hessian-vector products against explicit Hessians and against finite differences of gradients."""
import numpy as np
import pytest

import fdl
from reference import point, twins


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_hvp_of_quadratic_form_is_symmetric_part(seed):
    rng = np.random.default_rng(seed)
    A, x, v = rng.normal(size=(5, 5)), rng.normal(size=5), rng.normal(size=5)
    hv = fdl.hvp(lambda x: 0.5 * x @ (A @ x), x, v)
    np.testing.assert_allclose(hv, 0.5 * (A + A.T) @ v, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_hvp_of_logistic_regression_is_weighted_gram(seed):
    rng = np.random.default_rng(seed)
    n, d = 20, 4
    X, y = rng.normal(size=(n, d)), rng.choice([-1.0, 1.0], size=n)
    w, v = rng.normal(size=d), rng.normal(size=d)
    s = twins.sigmoid(y * (X @ w))
    hessian = X.T @ np.diag(s * (1 - s)) @ X / n
    np.testing.assert_allclose(fdl.hvp(lambda w: fdl.logistic_loss(X @ w, y), w, v), hessian @ v, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("seed", [0, 1])
def test_hvp_of_matrix_least_squares(seed):
    rng = np.random.default_rng(seed)
    A, W, V = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    hv = fdl.hvp(lambda W: fdl.sum((A @ W) ** 2), W, V)
    np.testing.assert_allclose(hv, 2 * A.T @ A @ V, rtol=1e-12, atol=1e-12)


C = np.random.default_rng(9).normal(size=(3, 4))
SMOOTH = {
    "tanh cubed": lambda x: fdl.sum(fdl.tanh(x) ** 3),
    "logsumexp": lambda x: fdl.logsumexp(x * x + x),
    "product of smooth ops": lambda x: fdl.sum(fdl.sigmoid(x) * fdl.log1p(x * x) + fdl.sqrt(1 + x * x)),
    "quotient": lambda x: fdl.sum(x / (1 + x * x) + fdl.exp(-x) * fdl.softplus(x)),
    "nested logsumexp": lambda x: fdl.logsumexp(fdl.logsumexp(C * x, axis=1)),
    "products": lambda x: fdl.sum(fdl.tanh(C.T @ (C * x))),
    "value power": lambda x: fdl.sum((x * x + 1) ** (0.5 * fdl.tanh(x))),
}


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("shape", [(), (4,), (3, 4)], ids=str)
@pytest.mark.parametrize("name", SMOOTH)
def test_hvp_matches_finite_differences_of_gradients(name, shape, seed):
    f, rng = SMOOTH[name], np.random.default_rng(seed)
    x, v = point(shape, "real", rng), rng.normal(size=shape)
    h = 1e-5
    numeric = (fdl.grad(f, x + h * v) - fdl.grad(f, x - h * v)) / (2 * h)
    hv = fdl.hvp(f, x, v)
    assert hv.shape == np.shape(x)
    np.testing.assert_allclose(hv, numeric, rtol=1e-5, atol=1e-7)
