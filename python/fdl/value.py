"""fdl values: numpy-shaped handles to nodes of a traced C++ graph, and the functions on them.

A value of numpy shape () is a 1×1 node, (n,) an n×1 column, (m, n) an m×n matrix. Operators
follow numpy: broadcasting (a 1-D operand of a 2-D operation broadcasts as a row), the 1-D and
2-D rules of `@`, and indexing (any numpy index, gathered by column-major linear indices).
"""
import operator

import numpy as np

from . import _fdl


def as_array(x, what):
    """x as a float64 array of at most two dimensions; TypeError unless its entries are real."""
    a = np.asarray(x)
    if a.dtype.kind not in "biuf":
        raise TypeError(f"{what}: expected real numbers, got dtype {a.dtype}")
    if a.ndim > 2:
        raise ValueError(f"{what}: fdl handles 0-D, 1-D and 2-D arrays, got shape {a.shape}")
    return a.astype(np.float64)


def as_matrix(a):
    """The C++ layout of an array: () → 1×1, (n,) → n×1, (m, n) → m×n."""
    return a.reshape((*a.shape, 1, 1)[:2])


class Value:
    """An array traced inside f: + - * / ** @ (with numbers, arrays and values on either side),
    indexing, .T, .shape, len() and the fdl functions."""

    __array_ufunc__ = None  # numpy defers to the reflected operators: array + value, array @ value

    def __init__(self, graph, node, shape):
        self.graph, self.node, self.shape = graph, node, tuple(shape)

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def size(self):
        return int(np.prod(self.shape))

    def numpy(self):
        """The traced value as an array."""
        return self.graph.value(self.node).reshape(self.shape)

    def __repr__(self):
        return f"fdl.Value(shape={self.shape})"

    def __len__(self):
        if not self.shape:
            raise TypeError("len() of a 0-D fdl value")
        return self.shape[0]

    def lift(self, x, what="operand"):
        """x as a value on this graph: values pass through, anything else becomes a constant."""
        if isinstance(x, Value):
            if x.graph is not self.graph:
                raise ValueError(f"{what}: an fdl value from another trace (values live only inside one call)")
            return x
        a = as_array(x, what)
        return Value(self.graph, self.graph.constant(as_matrix(a)), a.shape)

    def _new(self, node, shape=None):
        return Value(self.graph, node, self.shape if shape is None else shape)

    def _laid_out(self, ndim):
        """Node id of this value as an operand of an ndim-D operation: 1-D in 2-D is a row."""
        return self.graph.unary("transpose", self.node) if ndim == 2 and self.ndim == 1 else self.node

    def __add__(self, other):
        return _broadcast("add", self, other)

    def __radd__(self, other):
        return _broadcast("add", other, self)

    def __sub__(self, other):
        return _broadcast("sub", self, other)

    def __rsub__(self, other):
        return _broadcast("sub", other, self)

    def __mul__(self, other):
        return _broadcast("mul", self, other)

    def __rmul__(self, other):
        return _broadcast("mul", other, self)

    def __truediv__(self, other):
        return _broadcast("div", self, other)

    def __rtruediv__(self, other):
        return _broadcast("div", other, self)

    def __pow__(self, p):
        if not isinstance(p, Value):
            p = as_array(p, "exponent")
            if p.ndim == 0:
                return self._new(self.graph.pow(self.node, float(p)))
        return exp(log(self) * p)

    def __rpow__(self, base):  # c ** x = exp(x log c), for c > 0
        return exp(self * np.log(as_array(base, "base")))

    def __matmul__(self, other):
        return _matmul(self, self.lift(other))

    def __rmatmul__(self, other):
        return _matmul(self.lift(other), self)

    def __neg__(self):
        return self._new(self.graph.affine(self.node, -1.0, 0.0))

    def __pos__(self):
        return self

    def __abs__(self):
        return abs(self)

    @property
    def T(self):
        if self.ndim < 2:
            return self
        return self._new(self.graph.unary("transpose", self.node), self.shape[::-1])

    def __getitem__(self, key):
        linear = np.arange(self.size).reshape(self.shape, order="F")  # column-major, as in C++
        picked = np.asarray(linear[key])
        if picked.ndim > 2:
            raise ValueError(f"index {key!r} gives shape {picked.shape}; fdl values have at most 2 dimensions")
        rows, cols = as_matrix(picked).shape
        return self._new(self.graph.gather(self.node, picked.ravel(order="F").tolist(), rows, cols), picked.shape)


def _value(x, who):
    if not isinstance(x, Value):
        raise TypeError(f"{who}: expected an fdl value (f's argument or computed from it), got {type(x).__name__}")
    return x


def _pair(a, b, who):
    """Both operands as values of one graph; at least one must be a value already."""
    v = a if isinstance(a, Value) else _value(b, who)
    return v.lift(a, who), v.lift(b, who)


def _broadcast(op, a, b):
    a, b = _pair(a, b, op)
    try:
        shape = np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"{op}: cannot broadcast shapes {a.shape} and {b.shape}") from None
    return a._new(a.graph.binary(op, a._laid_out(len(shape)), b._laid_out(len(shape))), shape)


def _matmul(a, b):
    """numpy's @: a 1-D left operand is a row, a 1-D right operand a column; 1-D dimensions drop."""
    if a.ndim == 0 or b.ndim == 0 or a.shape[-1] != b.shape[0]:
        raise ValueError(f"matmul: shapes {a.shape} and {b.shape} do not align (need 1-D or 2-D, inner sizes equal)")
    node = a.graph.binary("matmul", a._laid_out(2), b.node)
    if a.ndim == 1 and b.ndim == 2:  # the 1×n result is stored as a column
        node = a.graph.unary("transpose", node)
    return a._new(node, a.shape[:-1] + b.shape[1:])


def _elementwise(op, formula):
    def f(x):
        x = _value(x, op)
        return x._new(x.graph.unary(op, x.node))

    f.__name__, f.__doc__ = op, f"Elementwise {formula}."
    return f


exp = _elementwise("exp", "eˣ")
log = _elementwise("log", "natural logarithm")
log1p = _elementwise("log1p", "log(1 + x)")
sqrt = _elementwise("sqrt", "square root")
square = _elementwise("square", "x²")
tanh = _elementwise("tanh", "hyperbolic tangent")
sigmoid = _elementwise("sigmoid", "1 / (1 + e⁻ˣ)")
softplus = _elementwise("softplus", "log(1 + eˣ)")
log_softplus = _elementwise("log_softplus", "log(log(1 + eˣ)), finite where softplus underflows")
relu = _elementwise("relu", "max(x, 0)")
abs = _elementwise("abs", "|x|")


def leaky_relu(x, slope=0.01):
    """Elementwise x for x > 0, slope·x otherwise."""
    x = _value(x, "leaky_relu")
    return x._new(x.graph.leaky_relu(x.node, slope))


def clamp(x, lo, hi):
    """Elementwise min(max(x, lo), hi)."""
    x = _value(x, "clamp")
    return x._new(x.graph.clamp(x.node, lo, hi))


def maximum(a, b):
    """Elementwise maximum, broadcasting."""
    return _broadcast("maximum", a, b)


def minimum(a, b):
    """Elementwise minimum, broadcasting."""
    return _broadcast("minimum", a, b)


def where(p, a, b):
    """a where p ≥ 0, else b (broadcasting). p is traced: in Clarke mode a branch whose predicate
    is exactly 0 is decided by p's sign along the direction. p receives no gradient."""
    v = next((t for t in (p, a, b) if isinstance(t, Value)), None)
    if v is None:
        raise TypeError("where: expected an fdl value among p, a, b")
    p, a, b = v.lift(p, "where"), v.lift(a, "where"), v.lift(b, "where")
    try:
        shape = np.broadcast_shapes(p.shape, a.shape, b.shape)
    except ValueError:
        raise ValueError(f"where: cannot broadcast shapes {p.shape}, {a.shape} and {b.shape}") from None
    n = len(shape)
    return v._new(v.graph.where(p._laid_out(n), a._laid_out(n), b._laid_out(n)), shape)


def _reduction(op):
    def reduce(x, axis=None):
        x = _value(x, op)
        if axis is None:
            return x._new(x.graph.reduce(op, x.node, _fdl.Axis.all), ())
        axis = operator.index(axis)
        if not -x.ndim <= axis < x.ndim:
            raise ValueError(f"{op}: axis {axis} is out of bounds for shape {x.shape}")
        axis %= x.ndim
        if x.ndim == 1:
            return x._new(x.graph.reduce(op, x.node, _fdl.Axis.all), ())
        if axis == 1:  # one value per row: m×1
            return x._new(x.graph.reduce(op, x.node, _fdl.Axis.rows), x.shape[:1])
        row = x.graph.reduce(op, x.node, _fdl.Axis.cols)  # one value per column: 1×n, stored as n×1
        return x._new(x.graph.unary("transpose", row), x.shape[1:])

    reduce.__name__ = op
    reduce.__doc__ = f"{op} of all entries (axis=None), of each column (axis=0) or of each row (axis=1)."
    return reduce


sum = _reduction("sum")
mean = _reduction("mean")
max = _reduction("max")
min = _reduction("min")
logsumexp = _reduction("logsumexp")


def _loss(op, formula):
    def loss(z, y):
        z = _value(z, op)
        y = z.lift(y, op)
        if z.shape != y.shape:
            raise ValueError(f"{op}: predictions {z.shape} and labels {y.shape} differ in shape")
        return z._new(z.graph.binary(op, z.node, y.node), ())

    loss.__name__, loss.__doc__ = op, f"{formula} of predictions z and labels y (same shape)."
    return loss


squared_loss = _loss("squared_loss", "½·mean((z − y)²)")
logistic_loss = _loss("logistic_loss", "mean log(1 + e^{−yz}), labels ±1,")
exponential_loss = _loss("exponential_loss", "mean e^{−yz}, labels ±1,")
hinge_loss = _loss("hinge_loss", "mean max(0, 1 − yz), labels ±1,")
log_logistic_loss = _loss("log_logistic_loss", "log of the logistic loss (finite where it underflows)")
log_exponential_loss = _loss("log_exponential_loss", "log of the exponential loss (finite where it underflows)")


def softmax_cross_entropy(z, labels):
    """Mean over rows i of logsumexp(z[i]) − z[i, labels[i]]; z is (n, K), labels integers in [0, K)."""
    z = _value(z, "softmax_cross_entropy")
    labels = np.asarray(labels)
    if labels.dtype.kind not in "iu":
        raise TypeError(f"softmax_cross_entropy: labels must be integers, got dtype {labels.dtype}")
    if z.ndim != 2 or labels.shape != z.shape[:1]:
        raise ValueError(f"softmax_cross_entropy: need logits (n, K) and labels (n,), got {z.shape} and {labels.shape}")
    return z._new(z.graph.softmax_cross_entropy(z.node, labels.tolist()), ())
