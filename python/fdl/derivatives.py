"""Derivatives of a function f of one array x, through fdl's C++ AD engine (numpy in and out)."""
from collections import namedtuple

from . import _fdl
from .value import Value, as_array, as_matrix

MODES = tuple(_fdl.Mode.__members__)


def _trace(f, x, mode):
    """Trace f at x on a fresh graph: the graph, f's scalar output value and x's shape."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    x = as_array(x, "x")
    graph = _fdl.Graph(_fdl.Mode.__members__[mode])
    xv = Value(graph, graph.variable(as_matrix(x)), x.shape)
    out = xv.lift(f(xv), "f's result")
    if out.size != 1:
        raise ValueError(f"f must return a scalar (0-D or size 1), it returned shape {out.shape}")
    return graph, out, x.shape


def value_and_grad(f, x, mode="conventional", seed=0):
    """(f(x), ∇f(x)): a float and an array shaped like x. mode: "conventional" (PyTorch's
    derivatives at kinks) or "clarke" (an element of the Clarke subdifferential, decided along a
    random direction drawn from seed; see clarke_subgradient)."""
    if mode == "clarke":
        r = clarke_subgradient(f, x, seed=seed)
        return r.value, r.grad
    graph, out, shape = _trace(f, x, mode)
    value, (gradient,) = graph.value_and_grad(out.node)
    return value, gradient.reshape(shape)


def grad(f, x, mode="conventional", seed=0):
    """∇f(x), shaped like x; see value_and_grad."""
    return value_and_grad(f, x, mode, seed)[1]


ClarkeSubgradient = namedtuple("ClarkeSubgradient", "value grad order unresolved_ties")
ClarkeSubgradient.__doc__ = """f(x); an element of ∂_B f(x) ⊂ ∂_C f(x) shaped like x; the
coefficient order the forward pass needed (0: no kink was hit exactly); the ties still undecided
at order 3 (0: the result is guaranteed)."""


def clarke_subgradient(f, x, seed=0, direction=None):
    """A Clarke subgradient of f at x (Kakade & Lee 2018): the gradient of the smooth piece that
    x + εv enters for small ε > 0, v random from seed. With direction d the curve is
    x + εd + ε²v, and the result g also satisfies ⟨g, d⟩ = f'(x; d)."""
    graph, out, shape = _trace(f, x, "clarke")
    prescribed = None
    if direction is not None:
        d = as_array(direction, "direction")
        if d.shape != shape:
            raise ValueError(f"clarke_subgradient: direction has shape {d.shape}, x has shape {shape}")
        prescribed = [as_matrix(d)]
    value, (gradient,), order, ties = graph.clarke_value_and_grad(out.node, seed, prescribed)
    return ClarkeSubgradient(value, gradient.reshape(shape), order, ties)


def hvp(f, x, v):
    """∇²f(x)·v, shaped like x (forward-over-reverse)."""
    graph, out, shape = _trace(f, x, "conventional")
    v = as_array(v, "v")
    if v.shape != shape:
        raise ValueError(f"hvp: v has shape {v.shape}, x has shape {shape}")
    (product,) = graph.hvp(out.node, [as_matrix(v)])
    return product.reshape(shape)
