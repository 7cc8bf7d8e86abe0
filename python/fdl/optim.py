"""Optimizers of fdl (C++), numpy in and out.

    import numpy as np, fdl
    A, b = np.diag([1.0, 2.0, 3.0]), np.ones(3)
    f = lambda w: (0.5 * w @ A @ w - b @ w, A @ w - b)          # (value, gradient)
    w, report = fdl.optim.minimize(f, np.zeros(3), fdl.optim.GradientDescent(0.3), gradient_norm=1e-12)

Step sizes are a Schedule or a number (a constant step). Every optimizer also works step by step:
opt.init(w); w = opt.step(objective, w, t), and gradient methods w = opt.update(g, w, t).
"""
import math
from collections import namedtuple

import numpy as np

from . import _fdl
from .value import Value, as_array, as_matrix

_o = _fdl.optim

Schedule = _o.Schedule
Objective = _o.PyObjective
Euclidean, NegativeEntropy, SimplexEntropy = _o.Euclidean, _o.NegativeEntropy, _o.SimplexEntropy
HyperbolicEntropy, SquaredLpNorm = _o.HyperbolicEntropy, _o.SquaredLpNorm
L1, L2, Linf, Lp, Quadratic = _o.L1, _o.L2, _o.Linf, _o.Lp, _o.Quadratic
L1NormProx, SquaredL2NormProx, BoxProx = _o.L1NormProx, _o.SquaredL2NormProx, _o.BoxProx
NonnegativeOrthantProx, BallProx = _o.NonnegativeOrthantProx, _o.BallProx
consensus_constraints = _o.consensus_constraints
perturbed_gd_paper_parameters = _o.perturbed_gd_paper_parameters


def _schedule(eta):
    return eta if isinstance(eta, Schedule) else Schedule.constant(float(eta))


def GradientDescent(eta):
    """w ← w − η_t ∇f(w)."""
    return _o.GradientDescent(_schedule(eta))


def NormalizedGradientDescent(eta):
    """w ← w − η_t ∇f(w)/‖∇f(w)‖."""
    return _o.NormalizedGradientDescent(_schedule(eta))


def Momentum(inner, mu, nesterov=False):
    """v ← μv + ∇f(w); the gradient method `inner` (GradientDescent, SteepestDescent,
    NormalizedGradientDescent, MirrorDescent, ...) then steps along v (heavy ball) or
    ∇f(w) + μv (Nesterov) instead of ∇f(w)."""
    if not isinstance(inner, _o.GradientOptimizer):
        raise TypeError("Momentum: inner must be a gradient method (e.g. fdl.optim.SteepestDescent(...)), got " + type(inner).__name__)
    return _o.Momentum(inner, float(mu), bool(nesterov))


def HeavyBall(eta, mu):
    """v ← μv + ∇f(w), w ← w − η_t v (Polyak 1964)."""
    return Momentum(GradientDescent(eta), mu)


def Nesterov(eta, mu):
    """v ← μv + ∇f(w), w ← w − η_t(∇f(w) + μv) (Nesterov 1983, look-ahead form)."""
    return Momentum(GradientDescent(eta), mu, nesterov=True)


def AdaGrad(eta, epsilon=1e-10):
    return _o.AdaGrad(_schedule(eta), float(epsilon))


def Adam(eta, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _o.Adam(_schedule(eta), float(beta1), float(beta2), float(epsilon))


def SGD(eta, batch_size=1, replacement=False, seed=0, prox=None):
    """w ← prox_{η_t g}(w − η_t ∇f_B(w)) with minibatches B of a finite-sum objective (the full
    (sub)gradient otherwise); the stochastic subgradient method when gradients are Clarke's."""
    return _o.SGD(_schedule(eta), int(batch_size), bool(replacement), int(seed), prox)


StochasticSubgradient = SGD


def MirrorDescent(potential, eta, dual_momentum=0.0):
    """∇ψ(w⁺) = ∇ψ(w) − η_t ∇f(w) (with momentum in the dual when dual_momentum > 0)."""
    return _o.MirrorDescent(potential, _schedule(eta), float(dual_momentum))


def SteepestDescent(norm, eta):
    """w ← w − η_t ‖g‖_* argmax_{‖u‖≤1} ⟨g, u⟩ (Gunasekar, Lee, Soudry, Srebro 2018)."""
    return _o.SteepestDescent(norm, _schedule(eta))


def CoordinateDescent(eta, rule="cyclic", block_size=1, seed=0):
    """rule: cyclic, randomized, gauss_southwell, block_cyclic, block_randomized; .touched lists
    the coordinates of the last step."""
    return _o.CoordinateDescent(_schedule(eta), rule, int(block_size), int(seed))


def PerturbedGradientDescent(eta, radius, g_thres, t_thres, f_thres, seed=0):
    """Jin, Ge, Netrapalli, Kakade, Jordan 2017; see perturbed_gd_paper_parameters."""
    return _o.PerturbedGradientDescent(float(eta), float(radius), float(g_thres), int(t_thres), float(f_thres), int(seed))


def ProximalPoint(lam, inner_step, tolerance=1e-10, max_inner=10000):
    """w⁺ ≈ argmin_u f(u) + ‖u − w‖²/(2λ), by inner GD to ‖∇φ‖ ≤ tolerance."""
    return _o.ProximalPoint(float(lam), float(inner_step), float(tolerance), int(max_inner))


def GradientPrimalDual(A, B, b, rho):
    """GPDA (Hong, Lee, Razaviyayn 2018) for min f(x) s.t. Ax = b."""
    return _o.GradientPrimalDual(_matrix(A, "A"), _matrix(B, "B"), _vector(b, "b"), float(rho))


def GradientAdmm(A, B, b, rho, P=None, Q=None):
    """GADMM (Hong, Lee, Razaviyayn 2018) for min f(x) + h(y) s.t. Ax + By = b, on w = (x, y).

    P, Q: proximal matrices of the x- and y-blocks (None: no proximal term)."""
    A, B = _matrix(A, "A"), _matrix(B, "B")
    P = np.zeros((0, A.shape[1])) if P is None else _matrix(P, "P")
    Q = np.zeros((0, B.shape[1])) if Q is None else _matrix(Q, "Q")
    return _o.GradientAdmm(A, B, _vector(b, "b"), float(rho), P, Q)


def RiemannianSphereGD(eta):
    """w ← normalize(w − η_t (I − wwᵀ)∇f(w))."""
    return _o.RiemannianSphereGD(_schedule(eta))


def _vector(x, what):
    a = as_array(x, what)
    if a.ndim != 1:
        raise ValueError(f"{what}: expected a 1-D array, got shape {a.shape}")
    return a


def _matrix(x, what):
    a = as_array(x, what)
    if a.ndim != 2:
        raise ValueError(f"{what}: expected a 2-D array, got shape {a.shape}")
    return a


def traced(f, w0, mode="conventional"):
    """An objective from a function f of an fdl value (as in fdl.grad), traced once at w0 and
    replayed in C++ at every evaluation; mode "clarke" gives Clarke subgradients."""
    modes = tuple(_fdl.Mode.__members__)
    if mode not in modes:
        raise ValueError(f"mode must be one of {modes}, got {mode!r}")
    w0 = _vector(w0, "w0")
    graph = _fdl.Graph(_fdl.Mode.__members__[mode])
    node = graph.variable(as_matrix(w0))
    x = Value(graph, node, w0.shape)
    out = x.lift(f(x), "f's result")
    if out.size != 1:
        raise ValueError(f"f must return a scalar, it returned shape {out.shape}")
    return _o.TracedObjective(graph, out.node, node)


Report = namedtuple("Report", "status iterations value grad_norm diverged_at seconds trace")
Report.__doc__ = """status: converged_gradient, converged_loss, max_iterations, wall_time,
finished_by_method or diverged; value, grad_norm at the returned w; diverged_at: the iteration where
a NaN/Inf appeared (−1 if none); trace: rows (t, f(w_t), ‖∇f(w_t)‖) every record_every steps."""


def _objective(f, dimension):
    if isinstance(f, _o.ObjectiveBase):
        return f
    if callable(f):
        return Objective(lambda w: f(w), dimension)
    raise TypeError("f must be a callable returning (value, gradient), fdl.optim.Objective or fdl.optim.traced(...)")


def minimize(f, w0, optimizer, max_iterations=1000, gradient_norm=-1.0, loss=-math.inf, wall_seconds=math.inf,
             check_every=1, record_every=0):
    """Runs optimizer from w0 until ‖∇f‖ ≤ gradient_norm (off when negative), f ≤ loss,
    max_iterations or wall_seconds;
    f: a callable w -> (value, gradient), an Objective (finite sums: Objective(f, d, samples=n,
    batch=lambda w, indices: (value, gradient))) or traced(...). Returns (w, Report); a NaN/Inf
    ends the run with status "diverged" instead of raising."""
    w0 = _vector(w0, "w0")
    w, r = _o.minimize(_objective(f, w0.size), optimizer, w0, int(max_iterations), float(gradient_norm), float(loss),
                       float(wall_seconds), int(check_every), int(record_every))
    return w, Report(**r)


AdmmResult = namedtuple("AdmmResult", "x z u iterations status primal_residual dual_residual")


def admm(A, B, c, x_update, z_update, x0, z0, rho=1.0, max_iterations=10000, abs_tolerance=1e-12, rel_tolerance=1e-10):
    """Scaled ADMM for min f(x) + g(z) s.t. Ax + Bz = c; x_update(v, ρ) = argmin f(x) + ρ/2‖Ax − v‖²,
    z_update(v, ρ) = argmin g(z) + ρ/2‖Bz − v‖²."""
    r = _o.admm(_matrix(A, "A"), _matrix(B, "B"), _vector(c, "c"), x_update, z_update, _vector(x0, "x0"),
                _vector(z0, "z0"), float(rho), int(max_iterations), float(abs_tolerance), float(rel_tolerance))
    return AdmmResult(*r)


def lasso_admm(D, b, lam, rho=1.0, max_iterations=10000, abs_tolerance=1e-12, rel_tolerance=1e-10):
    """ADMM on min ½‖Dx − b‖² + λ‖x‖₁."""
    r = _o.lasso_admm(_matrix(D, "D"), _vector(b, "b"), float(lam), float(rho), int(max_iterations),
                      float(abs_tolerance), float(rel_tolerance))
    return AdmmResult(*r)


__all__ = [name for name in dir() if not name.startswith("_") and name not in ("math", "namedtuple", "np", "Value")]
