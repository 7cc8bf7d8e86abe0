"""Every operator and function: fdl's value against numpy, its gradient against central
finite differences, at random points of 0-D, 1-D and 2-D inputs over several seeds."""
import operator

import numpy as np
import pytest

from reference import check_expression, point

SHAPES = [(), (4,), (3, 4)]
SEEDS = [0, 1, 2]

# name: (expression of x, domain of the random point)
ELEMENTWISE = {
    "relu": (lambda x, L: L.relu(x), "real"),
    "leaky_relu": (lambda x, L: L.leaky_relu(x, slope=0.1), "real"),
    "abs": (lambda x, L: L.abs(x), "real"),
    "builtin abs": (lambda x, L: abs(x), "real"),
    "clamp": (lambda x, L: L.clamp(x, -0.5, 0.5), "real"),
    "maximum": (lambda x, L: L.maximum(x, 0.2), "real"),
    "minimum": (lambda x, L: L.minimum(-0.3, x), "real"),
    "maximum of values": (lambda x, L: L.maximum(x, L.tanh(2 * x)), "real"),
    "exp": (lambda x, L: L.exp(x), "real"),
    "log": (lambda x, L: L.log(x), "positive"),
    "log1p": (lambda x, L: L.log1p(x), "positive"),
    "sqrt": (lambda x, L: L.sqrt(x), "positive"),
    "square": (lambda x, L: L.square(x), "real"),
    "tanh": (lambda x, L: L.tanh(x), "real"),
    "sigmoid": (lambda x, L: L.sigmoid(3 * x), "real"),
    "softplus": (lambda x, L: L.softplus(3 * x), "real"),
    "negation": (lambda x, L: -x, "real"),
    "unary plus": (lambda x, L: +x, "real"),
    "power 3": (lambda x, L: x**3, "real"),
    "power 2.5": (lambda x, L: x**2.5, "positive"),
    "power -1": (lambda x, L: x**-1, "positive"),
    "value power value": (lambda x, L: x**x, "positive"),
    "number power value": (lambda x, L: 2.0**x, "real"),
    "composition": (lambda x, L: L.log(1 + L.exp(L.tanh(x) * x)) / (1 + x * x), "real"),
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_gradient_matches_finite_differences(name, shape, seed):
    expr, domain = ELEMENTWISE[name]
    rng = np.random.default_rng(seed)
    check_expression(expr, point(shape, domain, rng), rng)


OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "**": operator.pow}
# The other operand, given x and a random positive array c shaped like x.
OTHERS = {
    "float": lambda x, c, L: 1.7,
    "int": lambda x, c, L: 2,
    "numpy scalar": lambda x, c, L: np.float64(1.3),
    "numpy array": lambda x, c, L: c,
    "value": lambda x, c, L: L.sqrt(x) + 0.5,
}


@pytest.mark.parametrize("seed", SEEDS[:2])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("side", ["value left", "value right"])
@pytest.mark.parametrize("other", OTHERS)
@pytest.mark.parametrize("op", OPERATORS)
def test_operator_with_every_operand_kind(op, other, side, shape, seed):
    rng = np.random.default_rng(seed)
    x, c = point(shape, "positive", rng), point(shape, "positive", rng)
    f, make = OPERATORS[op], OTHERS[other]
    if side == "value left":
        check_expression(lambda x, L: f(x, make(x, c, L)), x, rng)
    else:
        check_expression(lambda x, L: f(make(x, c, L), x), x, rng)


# name: (shape of x, expression); A, B, u, v are fixed arrays.
A, B = np.random.default_rng(7).normal(size=(2, 3, 4))
u, v = np.random.default_rng(8).normal(size=(2, 3))
MATMUL = {
    "matrix @ vector value": ((4,), lambda x, L: A @ x),
    "vector value @ matrix": ((3,), lambda x, L: x @ A),
    "vector value @ vector": ((3,), lambda x, L: x @ u),
    "vector @ vector value": ((3,), lambda x, L: u @ x),
    "vector value @ itself": ((3,), lambda x, L: x @ x),
    "matrix value @ matrix": ((3, 4), lambda x, L: x @ B.T),
    "matrix @ matrix value": ((4, 3), lambda x, L: A @ x),
    "matrix value @ vector": ((4, 3), lambda x, L: x @ u),
    "vector @ matrix value": ((3, 4), lambda x, L: v @ x),
    "matrix value @ its transpose": ((3, 4), lambda x, L: x @ x.T),
    "transpose @ matrix value": ((3, 4), lambda x, L: x.T @ x),
    "row value @ matrix value": ((3, 4), lambda x, L: x[0] @ x.T),
    "matrix value @ row value": ((3, 4), lambda x, L: x @ L.tanh(x[1])),
}


@pytest.mark.parametrize("seed", SEEDS[:2])
@pytest.mark.parametrize("name", MATMUL)
def test_matmul_gradient_matches_finite_differences(name, seed):
    shape, expr = MATMUL[name]
    rng = np.random.default_rng(seed)
    check_expression(expr, point(shape, "real", rng), rng)


REDUCTIONS = ["sum", "mean", "max", "min", "logsumexp"]
AXES = {(): [None], (4,): [None, 0, -1], (3, 4): [None, 0, 1, -1, -2]}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape, axis", [(s, a) for s, axes in AXES.items() for a in axes], ids=str)
@pytest.mark.parametrize("name", REDUCTIONS)
def test_reduction_gradient_matches_finite_differences(name, shape, axis, seed):
    rng = np.random.default_rng(seed)
    check_expression(lambda x, L: getattr(L, name)(x * x, axis=axis), point(shape, "real", rng), rng)


LOSSES = ["squared_loss", "logistic_loss", "exponential_loss", "hinge_loss", "log_logistic_loss", "log_exponential_loss"]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", [(5,), (5, 2)], ids=str)
@pytest.mark.parametrize("name", LOSSES)
def test_loss_gradient_matches_finite_differences(name, shape, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(*shape, 3)) if len(shape) == 1 else rng.normal(size=(shape[0], 3))
    y = rng.choice([-1.0, 1.0], size=shape)
    w_shape = (3,) if len(shape) == 1 else (3, shape[1])
    check_expression(lambda w, L: getattr(L, name)(X @ w, y), point(w_shape, "real", rng), rng)


@pytest.mark.parametrize("seed", SEEDS)
def test_loss_against_traced_labels(seed):
    rng = np.random.default_rng(seed)
    check_expression(lambda x, L: L.squared_loss(x, L.tanh(x[::-1])), point((5,), "real", rng), rng)


@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_cross_entropy_gradient_matches_finite_differences(seed):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 3, size=4)
    check_expression(lambda z, L: L.softmax_cross_entropy(z, labels), point((4, 3), "real", rng), rng)
