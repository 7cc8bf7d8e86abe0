"""Independent references for the tests: numpy twins of the fdl functions, finite differences,
and a check of fdl's value and gradient of any traced expression against both."""
import types

import numpy as np

import fdl


def _logsumexp(x, axis=None):
    m = np.max(x, axis=axis, keepdims=True)
    return np.log(np.sum(np.exp(x - m), axis=axis)) + np.squeeze(m, axis=axis)


def _margin_mean(h):
    return lambda z, y: np.mean(h(-y * z))


# The numpy function of each fdl name: an expression f(x, L) means the same with L = fdl or numpy.
twins = types.SimpleNamespace(
    relu=lambda x: np.maximum(x, 0.0),
    leaky_relu=lambda x, slope=0.01: np.where(x > 0, x, slope * x),
    abs=np.abs,
    maximum=np.maximum,
    minimum=np.minimum,
    clamp=np.clip,
    exp=np.exp,
    log=np.log,
    log1p=np.log1p,
    sqrt=np.sqrt,
    square=np.square,
    tanh=np.tanh,
    sigmoid=lambda x: 1.0 / (1.0 + np.exp(-x)),
    softplus=lambda x: np.logaddexp(0.0, x),
    sum=np.sum,
    mean=np.mean,
    max=np.max,
    min=np.min,
    logsumexp=_logsumexp,
    squared_loss=lambda z, y: 0.5 * np.mean((z - y) ** 2),
    logistic_loss=_margin_mean(lambda u: np.logaddexp(0.0, u)),
    exponential_loss=_margin_mean(np.exp),
    hinge_loss=_margin_mean(lambda u: np.maximum(0.0, 1.0 + u)),
    log_logistic_loss=lambda z, y: np.log(np.mean(np.logaddexp(0.0, -y * z))),
    log_exponential_loss=lambda z, y: np.log(np.mean(np.exp(-y * z))),
    softmax_cross_entropy=lambda z, labels: np.mean(
        _logsumexp(z, axis=1) - z[np.arange(len(labels)), labels]
    ),
)


def point(shape, domain, rng):
    """A random point: standard normal ("real") or uniform in [0.5, 2] ("positive")."""
    return rng.normal(size=shape) if domain == "real" else rng.uniform(0.5, 2.0, size=shape)


def numeric_grad(f, x, h=1e-6):
    """Central differences of a numpy function f at x."""
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def check_expression(expr, x, rng):
    """expr(x, L): fdl's traced value equals numpy's, and the gradient of a random linear
    functional ⟨w, expr(x)⟩ equals its central differences."""
    expected = np.asarray(expr(x, twins))
    w = rng.normal(size=expected.shape)
    traced = []

    def f(v):
        traced.append(expr(v, fdl))
        return fdl.sum(w * traced[0])

    value, g = fdl.value_and_grad(f, x)
    assert traced[0].shape == expected.shape
    np.testing.assert_allclose(traced[0].numpy(), expected, rtol=1e-10, atol=1e-12)
    assert isinstance(value, float)
    np.testing.assert_allclose(value, np.sum(w * expected), rtol=1e-10, atol=1e-12)
    assert g.shape == np.shape(x) and g.dtype == np.float64
    numeric = numeric_grad(lambda y: np.sum(w * expr(y, twins)), np.asarray(x, dtype=float))
    np.testing.assert_allclose(g, numeric, rtol=1e-5, atol=1e-7)
