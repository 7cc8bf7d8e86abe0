"""fdl.problems: objectives with data and known optima, numpy in and out.

    f = fdl.problems.LeastSquares.random(n=5, d=20, seed=0)
    value, grad = f.value_and_grad(np.zeros(f.dimension))
    f.hvp(w, v); f.batch_value_and_grad(w, [0, 3])
    w_star = f.min_norm_solution()

Many seeds of one ShallowRelu in one batched computation (float64, or float32 for large widths):

    batch = fdl.problems.ShallowReluBatch(relu, seeds=range(64))   # or points=[w0, w1, ...]
    losses = batch.step(0.1)          # f(w_r) of every replica, then one GD step of each
    batch.point(3), batch.gradient(3)

Every problem is an Objective (dimension, samples, value, value_and_grad, batch_value_and_grad,
hvp) over a flat parameter vector; `mode` is "conventional" or "clarke". Nets also give their
outputs and the Jacobian of the outputs (output_jacobian; J @ J.T is the empirical NTK Gram).
"""
import numpy as np

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
    ShallowReluBatch32,
    ShallowReluBatch64,
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
    "ShallowReluBatch",
    "activation_normalizer",
    "separable_data",
    "soudry_fig1_data",
    "soudry_fig1_svm",
]


def ShallowReluBatch(problem, seeds=None, points=None, dtype="float64", output_weights=None):
    """R replicas of `problem` (a ShallowRelu, conventional mode) trained by full-batch GD as one
    computation: replica r starts from problem.initial_point(seeds[r]) or from points[r] (flat
    vectors in the problem's layout). dtype "float64" (each replica follows its sequential run to
    rounding) or "float32" (the float32 option for large widths: single-precision products, to
    float rounding). With the output layer fixed, output_weights (R vectors of the width) gives
    replica r its own fixed output layer instead of the problem's. Methods: step(eta) -> losses
    before the step, evaluate(), point(r), gradient(r); property replicas.
    include/fdl/problems/shallow_relu_batch.hpp has the rule."""
    kinds = {"float64": ShallowReluBatch64, "float32": ShallowReluBatch32}
    if dtype not in kinds:
        raise ValueError(f"ShallowReluBatch: dtype must be 'float64' or 'float32', got {dtype!r}")
    if (seeds is None) == (points is None):
        raise ValueError("ShallowReluBatch: give exactly one of seeds= and points=")
    if seeds is not None and output_weights is None:
        return kinds[dtype].from_seeds(problem, [int(s) for s in seeds])
    if points is None:
        points = [problem.initial_point(int(s)) for s in seeds]
    outputs = [] if output_weights is None else [np.asarray(a, dtype=float) for a in output_weights]
    return kinds[dtype](problem, [np.asarray(p, dtype=float) for p in points], outputs)
