"""fdl.problems: objectives with data and known optima, numpy in and out.

    f = fdl.problems.LeastSquares.random(n=5, d=20, seed=0)
    value, grad = f.value_and_grad(np.zeros(f.dimension))
    f.hvp(w, v); f.batch_value_and_grad(w, [0, 3])
    w_star = f.min_norm_solution()

Every problem is an Objective (dimension, samples, value, value_and_grad, batch_value_and_grad,
hvp) over a flat parameter vector; `mode` is "conventional" or "clarke". Nets also give their
outputs and the Jacobian of the outputs (output_jacobian; J @ J.T is the empirical NTK Gram).
"""
from ._fdl.problems import (
    DeepNetwork,
    DiagonalSensing,
    FactorizationSaddle,
    GraphObjective,
    LeastSquares,
    MatrixCompletion,
    MatrixSensing,
    Objective,
    PhaseRetrieval,
    QuadraticNetwork,
    SeparableClassification,
    SeparableSaddle,
    ShallowRelu,
    activation_normalizer,
    separable_data,
    soudry_fig1_data,
    soudry_fig1_svm,
)

__all__ = [
    "DeepNetwork",
    "DiagonalSensing",
    "FactorizationSaddle",
    "GraphObjective",
    "LeastSquares",
    "MatrixCompletion",
    "MatrixSensing",
    "Objective",
    "PhaseRetrieval",
    "QuadraticNetwork",
    "SeparableClassification",
    "SeparableSaddle",
    "ShallowRelu",
    "activation_normalizer",
    "separable_data",
    "soudry_fig1_data",
    "soudry_fig1_svm",
]
