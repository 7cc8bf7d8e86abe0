"""Bad input raises a Python exception with a clear message; the interpreter survives."""
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import fdl

x3 = np.ones(3)
M = np.ones((3, 4))
leaked = []
fdl.grad(lambda x: leaked.append(x) or fdl.sum(x), x3)  # a value outliving its trace

# name: (exception, text the message must contain, the failing call)
ERRORS = {
    "broadcast mismatch": (ValueError, "(3,) and (4,)", lambda: fdl.grad(lambda x: fdl.sum(x + np.ones(4)), x3)),
    "broadcast mismatch of values": (ValueError, "cannot broadcast", lambda: fdl.grad(lambda x: fdl.sum(x * x[:2]), x3)),
    "matmul inner sizes": (ValueError, "(3,) and (4,)", lambda: fdl.grad(lambda x: x @ np.ones(4), x3)),
    "matmul of a matrix": (ValueError, "(3, 4) and (3, 4)", lambda: fdl.grad(lambda x: fdl.sum(x @ x), M)),
    "matmul of a scalar": (ValueError, "matmul", lambda: fdl.grad(lambda x: x @ x, 1.0)),
    "loss shapes": (ValueError, "differ in shape", lambda: fdl.grad(lambda x: fdl.squared_loss(x, np.ones((3, 1))), x3)),
    "complex x": (TypeError, "complex", lambda: fdl.grad(lambda x: fdl.sum(x), np.ones(3) * 1j)),
    "complex constant": (TypeError, "complex", lambda: fdl.grad(lambda x: fdl.sum(x + 1j), x3)),
    "object x": (TypeError, "object", lambda: fdl.grad(lambda x: x, None)),
    "string x": (TypeError, "<U", lambda: fdl.grad(lambda x: fdl.sum(x), ["a", "b"])),
    "string exponent": (TypeError, "exponent", lambda: fdl.grad(lambda x: fdl.sum(x ** "2"), x3)),
    "three dimensions": (ValueError, "(2, 2, 2)", lambda: fdl.grad(lambda x: fdl.sum(x), np.ones((2, 2, 2)))),
    "non-scalar result": (ValueError, "(3,)", lambda: fdl.grad(lambda x: x * 2.0, x3)),
    "matrix result": (ValueError, "(3, 4)", lambda: fdl.value_and_grad(lambda x: x, M)),
    "None result": (TypeError, "f's result", lambda: fdl.grad(lambda x: None, x3)),
    "bad mode": (ValueError, "'bogus'", lambda: fdl.grad(lambda x: fdl.sum(x), x3, mode="bogus")),
    "mode None": (ValueError, "mode", lambda: fdl.grad(lambda x: fdl.sum(x), x3, mode=None)),
    "index out of range": (IndexError, "out of bounds", lambda: fdl.grad(lambda x: x[3], x3)),
    "too many indices": (IndexError, "too many indices", lambda: fdl.grad(lambda x: x[0, 0], x3)),
    "new axis": (ValueError, "at most 2", lambda: fdl.grad(lambda x: fdl.sum(x[None, :, None]), x3)),
    "label out of range": (IndexError, "label 5", lambda: fdl.grad(lambda z: fdl.softmax_cross_entropy(z, [0, 5, 1]), M)),
    "float labels": (TypeError, "integers", lambda: fdl.grad(lambda z: fdl.softmax_cross_entropy(z, [0.0, 1.0, 1.0]), M)),
    "clamp bounds": (ValueError, "exceeds", lambda: fdl.grad(lambda x: fdl.sum(fdl.clamp(x, 1.0, 0.0)), x3)),
    "axis out of range": (ValueError, "axis 2", lambda: fdl.grad(lambda x: fdl.sum(fdl.sum(x, axis=2)), M)),
    "hvp direction shape": (ValueError, "(4,)", lambda: fdl.hvp(lambda x: fdl.sum(x * x), x3, np.ones(4))),
    "value from another trace": (ValueError, "another trace", lambda: fdl.grad(lambda x: fdl.sum(x + leaked[0]), x3)),
    "function of an array": (TypeError, "ndarray", lambda: fdl.grad(lambda x: fdl.sum(fdl.exp(x3) * x), x3)),
    "numpy ufunc on a value": (TypeError, "ufunc", lambda: fdl.grad(lambda x: fdl.sum(np.exp(x)), x3)),
    "len of a scalar": (TypeError, "len", lambda: fdl.grad(lambda x: len(x), 1.0)),
}


@pytest.mark.parametrize("name", ERRORS)
def test_bad_input_raises_clear_python_exception(name):
    error, text, call = ERRORS[name]
    with pytest.raises(error) as caught:
        call()
    assert text in str(caught.value)
    assert fdl.grad(lambda x: fdl.sum(x * x), x3).tolist() == [2.0, 2.0, 2.0]  # still usable


def test_graph_guards_node_ids_and_op_names():
    g = fdl._fdl.Graph(fdl._fdl.Mode.conventional)
    x = g.variable(np.ones((2, 1)))
    with pytest.raises(IndexError, match="no node 7"):
        g.unary("exp", 7)
    with pytest.raises(IndexError, match="no node -1"):
        g.value_and_grad(-1)
    with pytest.raises(ValueError, match="no op named 'sin'"):
        g.unary("sin", x)
    with pytest.raises(ValueError, match="1×1"):
        g.value_and_grad(x)


def test_interpreter_survives_every_error():
    script = textwrap.dedent(
        """
        import numpy as np, fdl
        calls = [lambda: fdl.grad(lambda x: x[7], np.ones(3)),
                 lambda: fdl.grad(lambda x: fdl.sum(x @ np.ones((4, 2))), np.ones((2, 3))),
                 lambda: fdl._fdl.Graph(fdl._fdl.Mode.clarke).gather(0, [0], 1, 1),
                 lambda: fdl.hvp(lambda x: x, np.ones(2), np.ones(2))]
        for call in calls:
            try:
                call()
            except (ValueError, TypeError, IndexError):
                pass
        print(fdl.grad(lambda x: fdl.sum(x * x), np.ones(2)))
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[2. 2.]"
