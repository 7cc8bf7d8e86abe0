"""What f sees: shapes, numpy broadcasting, indexing and slicing, conversions of x."""
import operator

import numpy as np
import pytest

import fdl
from reference import check_expression, point

# name: (shape of x, the other operand's shape) — broadcasting against a constant.
BROADCASTS = {
    "matrix and row": ((3, 4), (4,)),
    "matrix and column": ((3, 4), (3, 1)),
    "matrix and 1×n": ((3, 4), (1, 4)),
    "matrix and 1×1": ((3, 4), (1, 1)),
    "matrix and scalar": ((3, 4), ()),
    "vector and matrix": ((4,), (3, 4)),
    "vector and column": ((4,), (3, 1)),
    "column and vector": ((3, 1), (4,)),
    "scalar and matrix": ((), (3, 4)),
    "vector and length-1": ((4,), (1,)),
}


@pytest.mark.parametrize("op", ["+", "-", "*", "/"])
@pytest.mark.parametrize("name", BROADCASTS)
def test_broadcasting_follows_numpy(name, op):
    shape, other_shape = BROADCASTS[name]
    rng = np.random.default_rng(0)
    c = point(other_shape, "positive", rng)
    f = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}[op]
    check_expression(lambda x, L: f(x, c), point(shape, "positive", rng), rng)
    check_expression(lambda x, L: f(c, x), point(shape, "positive", rng), rng)


VALUE_BROADCASTS = {
    "matrix + its row": lambda x, L: x + x[0],
    "row - matrix": lambda x, L: L.exp(x[1]) - x,
    "column * matrix": lambda x, L: x[:, :1] * x,
    "row / column": lambda x, L: x[0] / (2 + x[:, 1:2]),
    "maximum of row and matrix": lambda x, L: L.maximum(x[2], x),
    "row ** column": lambda x, L: (1 + x[0] ** 2) ** x[:, 3:],
}


@pytest.mark.parametrize("name", VALUE_BROADCASTS)
def test_broadcasting_between_values(name):
    rng = np.random.default_rng(1)
    check_expression(VALUE_BROADCASTS[name], point((3, 4), "real", rng), rng)


INDICES = {
    (): [()],
    (5,): [2, -1, slice(1, 3), slice(None, None, -2), slice(4, 0, -3), [0, 3, 3], np.array([True, False, True, True, False])],
    (3, 4): [1, -1, (1, 2), (-1, -2), (slice(None), 1), (slice(None), -1), slice(1, 3), (slice(None), slice(None, None, -1)),
             (slice(None, None, 2), slice(1, None)), (Ellipsis, 0), ([0, 2, 2], [1, 1, 3]), (slice(1, 2), slice(2, 3))],
}


@pytest.mark.parametrize("shape, key", [(s, k) for s, keys in INDICES.items() for k in keys], ids=str)
def test_indexing_follows_numpy(shape, key):
    rng = np.random.default_rng(2)
    check_expression(lambda x, L: x[key] * 3.0, point(shape, "real", rng), rng)


def test_iteration_and_len_follow_the_first_axis():
    def f(x):
        assert len(x) == 3 and x.shape == (3, 4) and x.ndim == 2 and x.size == 12
        assert [r.shape for r in x] == [(4,)] * 3 and x.T.shape == (4, 3)
        return fdl.sum(sum(r * k for k, r in enumerate(x)))

    np.testing.assert_array_equal(fdl.grad(f, np.zeros((3, 4))), np.repeat([[0.0], [1.0], [2.0]], 4, axis=1))


def test_transpose_of_vector_and_scalar_is_itself():
    assert fdl.grad(lambda x: x.T @ np.arange(3.0), np.zeros(3)).tolist() == [0.0, 1.0, 2.0]
    assert fdl.grad(lambda x: x.T * 2.0, 1.0) == 2.0


def test_integer_and_list_inputs_become_float64():
    for x in ([1, 2, 3], np.array([1, 2, 3], dtype=np.int32), np.array([True, False, True])):
        value, g = fdl.value_and_grad(lambda x: fdl.sum(x * x), x)
        assert g.dtype == np.float64 and g.shape == (3,)
        np.testing.assert_array_equal(g, 2 * np.asarray(x, dtype=float))
        assert value == float(np.sum(np.square(x)))


def test_scalar_input_gives_zero_dimensional_gradient():
    value, g = fdl.value_and_grad(lambda x: x**3, 2)
    assert (value, g.shape, float(g)) == (8.0, (), 12.0)


def test_size_one_result_counts_as_scalar():
    assert fdl.grad(lambda x: x[:1] * 5.0, np.ones(3)).tolist() == [5.0, 0.0, 0.0]
    assert fdl.grad(lambda x: x[1:2, 2:3], np.ones((3, 4)))[1, 2] == 1.0


def test_result_independent_of_x_has_zero_gradient():
    value, g = fdl.value_and_grad(lambda x: 4.5, np.ones((2, 2)))
    assert value == 4.5 and not g.any()


def test_version_is_the_library_version():
    assert fdl.__version__.count(".") == 2 and fdl.__version__.replace(".", "").isdigit()
