"""Certificates computed independently of the method under test (numpy in and out)."""
from collections import namedtuple

from .derivatives import _trace

GoldsteinEstimate = namedtuple("GoldsteinEstimate", "delta epsilon min_norm_element weights samples descent")
GoldsteinEstimate.__doc__ = """epsilon ≥ dist(0, ∂_δ f(x)): the norm of min_norm_element, the
minimum-norm element of the convex hull of the Clarke subgradient at x and gradients at `samples`
points uniform in the δ-ball (weights on them, that order); descent: Goldstein's test
f(x) − f(x − δ g/‖g‖) ≥ (δ/4)‖g‖."""


def goldstein_stationarity(f, x, delta, samples, seed=0):
    """Goldstein (δ, ε)-stationarity estimate of f at x (Goldstein 1977; Davis, Drusvyatskiy,
    Lee, Padmanabhan, Ye 2022)."""
    graph, out, shape = _trace(f, x, "conventional")
    epsilon, element, weights, descent = graph.goldstein_stationarity(out.node, float(delta), int(samples), int(seed))
    return GoldsteinEstimate(delta, epsilon, element.reshape(shape), weights, samples, descent)
