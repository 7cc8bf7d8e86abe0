"""fdl: derivatives of numpy-style functions through fdl's C++ AD engine.

    import numpy as np, fdl
    A, b = np.random.randn(5, 3), np.random.randn(5)
    fdl.grad(lambda x: fdl.sum(fdl.relu(A @ x - b)), np.zeros(3), mode="conventional")

Inside f, x is an fdl.Value; see fdl.value for what values support.
"""
from . import _fdl, analysis, data, optim, problems
from ._fdl import DataError
from .runs import experiments, load_run, load_runs, load_sweep, run
from .derivatives import ClarkeSubgradient, clarke_subgradient, grad, hvp, value_and_grad
from .value import (
    Value,
    abs,
    clamp,
    exp,
    exponential_loss,
    hinge_loss,
    leaky_relu,
    log,
    log1p,
    log_exponential_loss,
    log_logistic_loss,
    log_softplus,
    logistic_loss,
    logsumexp,
    max,
    maximum,
    mean,
    min,
    minimum,
    relu,
    sigmoid,
    softmax_cross_entropy,
    softplus,
    sqrt,
    square,
    squared_loss,
    sum,
    tanh,
    where,
)

__version__ = _fdl.version()
