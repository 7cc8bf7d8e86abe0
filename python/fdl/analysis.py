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


# ---- references: convex problems solved by real solvers (see docs/references.md) ----------------

import numpy as np

from . import _fdl
from .value import Value, as_array, as_matrix

NotSeparableError = _fdl.NotSeparableError

BregmanInterpolant = namedtuple("BregmanInterpolant", "w dual divergence feasibility iterations")
BregmanInterpolant.__doc__ = """w = argmin D_ψ(w, w0) s.t. Xw = y; dual λ with ∇ψ(w) = ∇ψ(w0) + Xᵀλ;
divergence D_ψ(w, w0); feasibility ‖Xw − y‖_∞; iterations (Newton steps on the dual)."""

POTENTIALS = ("euclidean", "entropy", "hypentropy", "p_norm")


def _matrix(a, what, ndim=2):
    a = np.asarray(a, dtype=np.float64)
    if a.ndim != ndim:
        raise ValueError(f"{what}: expected a {ndim}-D array, got shape {a.shape}")
    return a


def _potential(potential, beta, p):
    if potential not in POTENTIALS:
        raise ValueError(f"potential must be one of {POTENTIALS}, got {potential!r}")
    return {"hypentropy": beta, "p_norm": p}.get(potential, 0.0)


def bregman_divergence(w, w0, potential="euclidean", beta=1.0, p=2.0):
    """D_ψ(w, w0) = ψ(w) − ψ(w0) − ⟨∇ψ(w0), w − w0⟩ for the potentials of min_bregman_interpolant."""
    return _fdl.bregman_divergence(_matrix(w, "w", 1), _matrix(w0, "w0", 1), potential, _potential(potential, beta, p))


def min_bregman_interpolant(X, y, w0, potential="euclidean", beta=1.0, p=2.0, tol=1e-12):
    """argmin_w D_ψ(w, w0) s.t. Xw = y (Newton's method on the dual, to ‖Xw − y‖_∞ ≤ tol·max(1, ‖y‖_∞)).
    potential: "euclidean" ½‖w‖², "entropy" Σ w log w − w (w0 > 0), "hypentropy" with beta
    (Σ w arcsinh(w/β) − √(w² + β²)), "p_norm" ½‖w‖_p² with p."""
    w, dual, divergence, feasibility, iterations = _fdl.min_bregman_interpolant(
        _matrix(X, "X"), _matrix(y, "y", 1), _matrix(w0, "w0", 1), potential, _potential(potential, beta, p), float(tol))
    return BregmanInterpolant(w, dual, divergence, feasibility, iterations)


MaxMargin = namedtuple("MaxMargin", "w margin bias")
MaxMargin.__doc__ = """w with ‖w‖ = 1 in the chosen norm; margin = min_i y_i(⟨x_i, w⟩ + bias)."""


def max_margin(X, y, norm="l2", bias=False):
    """Max-margin separator of the rows of X with labels y ∈ {−1, +1}: norm "l1" or "linf" (LPs,
    CLP), "l2" (QP, Ipopt), "fourier_l1" (‖Fw‖₁ with the unitary DFT: an LP over a 1024-gon
    relaxation of each modulus, within 4.8e-6 relative), or a symmetric positive definite matrix P
    for ‖w‖_P = √(wᵀPw).
    bias=True adds an unregularized offset. Raises NotSeparableError (a ValueError) when no
    separator has a positive margin."""
    P = None
    if not isinstance(norm, str):
        P, norm = _matrix(norm, "P"), "quadratic"
    w, b, margin = _fdl.max_margin(_matrix(X, "X"), _matrix(y, "y", 1), norm, P, bool(bias))
    return MaxMargin(w, margin, b)


SdpSolution = namedtuple("SdpSolution", "solution objective feasibility duality_gap min_eigenvalue iterations")
SdpSolution.__doc__ = """solution (Z or X); objective (tr Z or ‖X‖_*); feasibility max_i |⟨A_i, ·⟩ − b_i|;
DSDP's final relative duality gap; the smallest eigenvalue of Z (of the embedding for
min_nuclear_norm); DSDP iterations."""


def _measurements(A, b):
    A = _matrix(A, "A (an m×d×d array)", 3)
    return [A[i] for i in range(A.shape[0])], _matrix(b, "b", 1)


def min_trace_psd(A, b, max_iterations=500):
    """argmin tr Z s.t. ⟨A_i, Z⟩ = b_i, Z ⪰ 0 (A: m×d×d; DSDP, at most max_iterations per attempt).
    RuntimeError if DSDP certifies no solution (relative duality gap above 1e-6)."""
    Z, r = _fdl.min_trace_psd(*_measurements(A, b), int(max_iterations))
    return SdpSolution(Z, **r)


def min_nuclear_norm(A, b, max_iterations=500):
    """argmin ‖X‖_* s.t. ⟨A_i, X⟩ = b_i (A: m×d1×d2; SDP embedding solved by DSDP)."""
    X, r = _fdl.min_nuclear_norm(*_measurements(A, b), int(max_iterations))
    return SdpSolution(X, **r)


# ---- certificates ------------------------------------------------------------------------------

ExtremeEigenpairs = namedtuple("ExtremeEigenpairs", "smallest largest smallest_vector largest_vector products")
ExtremeEigenpairs.__doc__ = """λ_min, λ_max of a symmetric operator, unit eigenvectors (shaped like x
for Hessians), and the number of operator applications (Lanczos, Spectra)."""


def _trace_vector(f, x):
    """Trace f at x: the graph, f's output value and x's shape (any output shape)."""
    x = as_array(x, "x")
    graph = _fdl.Graph(_fdl.Mode.conventional)
    xv = Value(graph, graph.variable(as_matrix(x)), x.shape)
    return graph, xv.lift(f(xv), "f's result"), x.shape


def extreme_eigenvalues(op, n, tol=1e-10):
    """Smallest and largest eigenvalues of the symmetric n×n operator v ↦ op(v) (Lanczos)."""
    r = _fdl.extreme_eigenvalues(lambda v: np.asarray(op(v), dtype=np.float64).reshape(-1), int(n), float(tol))
    return ExtremeEigenpairs(*r)


def hessian_extreme_eigenvalues(f, x, tol=1e-10):
    """λ_min and λ_max of ∇²f(x) by Lanczos on Hessian-vector products (f scalar)."""
    graph, out, shape = _trace_vector(f, x)
    if out.size != 1:
        raise ValueError(f"f must return a scalar, it returned shape {out.shape}")
    s, l, sv, lv, products = _fdl.hessian_extreme_eigenvalues(graph, out.node, float(tol))
    return ExtremeEigenpairs(s, l, sv.reshape(shape, order="F"), lv.reshape(shape, order="F"), products)


def dense_hessian(f, x):
    """∇²f(x) as an x.size × x.size matrix over x flattened in column-major (Fortran) order, as
    fdl stores it; one Hessian-vector product per column."""
    graph, out, _ = _trace_vector(f, x)
    if out.size != 1:
        raise ValueError(f"f must return a scalar, it returned shape {out.shape}")
    return _fdl.dense_hessian(graph, out.node)


def ntk_gram(f, theta):
    """The empirical NTK Gram matrix J Jᵀ, J = ∂f(θ)/∂θ, of f: θ ↦ the vector of n predictions
    (θ one array; put several layers' parameters in one vector and slice it inside f)."""
    graph, out, _ = _trace_vector(f, theta)
    if out.ndim > 1 and min(out.shape) != 1:
        raise ValueError(f"f must return a vector of predictions, it returned shape {out.shape}")
    return _fdl.ntk_gram(graph, out.node)


def smallest_eigenvalue(K):
    """λ_min of a symmetric matrix (dense)."""
    return _fdl.smallest_eigenvalue(_matrix(K, "K"))


def arccos_kernel(X, Z, degree=1):
    """Cho & Saul's arc-cosine kernel k_n(x, z) = (1/π)‖x‖ⁿ‖z‖ⁿ J_n(θ), n ∈ {0, 1}, between rows."""
    return _fdl.arccos_kernel(_matrix(X, "X"), _matrix(Z, "Z"), int(degree))


def relu_ntk_two_layer(X, Z, train_output=True):
    """Infinite-width NTK of (1/√m) Σ a_r relu(w_rᵀx): ⟨x,z⟩(π−θ)/(2π) + ‖x‖‖z‖(sin θ + (π−θ)cos θ)/(2π)."""
    return _fdl.relu_ntk_two_layer(_matrix(X, "X"), _matrix(Z, "Z"), bool(train_output))


# ---- margin theory and weakly convex stationarity ----------------------------------------------

def relu_features(X, U):
    """relu(X Uᵀ): features of the rows of X for the directions in the rows of U."""
    return _fdl.relu_features(_matrix(X, "X"), _matrix(U, "U"))


def l1_svm_relu_features(X, y, U):
    """ℓ1-SVM over the lifted features relu(⟨u_j, x⟩) (an LP, CLP): a with ‖a‖₁ = 1 in .w."""
    w, b, margin = _fdl.l1_svm_relu_features(_matrix(X, "X"), _matrix(y, "y", 1), _matrix(U, "U"))
    return MaxMargin(w, margin, b)


KernelSvm = namedtuple("KernelSvm", "coefficients alpha margin")
KernelSvm.__doc__ = """f = Σ coefficients_i k(x_i, ·) with ‖f‖_H = 1; alpha the dual solution; margin = min_i y_i f(x_i)."""


def kernel_svm(K, y):
    """Hard-margin kernel SVM without bias on the kernel matrix K (dual QP, Ipopt). Raises
    NotSeparableError when no f in the span of the k(x_i, ·) separates y."""
    return KernelSvm(*_fdl.kernel_svm(_matrix(K, "K"), _matrix(y, "y", 1)))


MoreauStationarity = namedtuple("MoreauStationarity", "gradient_norm prox prox_error iterations")
MoreauStationarity.__doc__ = """‖∇f_λ(x)‖ estimated as ‖x − prox‖/λ; prox ≈ prox_{λf}(x) (shaped like x)
within prox_error (so gradient_norm within prox_error/λ); subgradient iterations."""


def moreau_stationarity(f, x, lam, rho, iterations=20000):
    """Moreau-envelope stationarity ‖∇f_λ(x)‖ of a ρ-weakly convex f (0 < λ < 1/ρ), the prox
    solved by the strongly convex subgradient method on Clarke subgradients of f."""
    x = as_array(x, "x")
    graph = _fdl.Graph(_fdl.Mode.clarke)
    xv = Value(graph, graph.variable(as_matrix(x)), x.shape)
    out = xv.lift(f(xv), "f's result")
    if out.size != 1:
        raise ValueError(f"f must return a scalar, it returned shape {out.shape}")
    g, prox, error, its = _fdl.moreau_stationarity(graph, out.node, float(lam), float(rho), int(iterations))
    return MoreauStationarity(g, prox.reshape(x.shape, order="F"), error, its)


def normalized_margin(outputs, y, parameter_norm, degree):
    """min_i y_i f(x_i; θ) / ‖θ‖₂^L for an L-homogeneous network."""
    return _fdl.normalized_margin(_matrix(outputs, "outputs", 1), _matrix(y, "y", 1), float(parameter_norm), float(degree))


# ---- margin-based generalization (Bartlett, Foster, Telgarsky 2017) ----------------------------

SpectralMarginBound = namedtuple("SpectralMarginBound", "spectral_complexity margin_loss complexity_term")
SpectralMarginBound.__doc__ = """R_A; the fraction of training margins ≤ γ; ‖X‖₂ R_A ln(W)/(γ n), the
leading term of Theorem 1.1 without its constants and ln n factors (for comparisons)."""


def spectral_complexity(layers, lipschitz=(), reference=()):
    """R_A = (Π ρ_i ‖A_i‖_σ)(Σ ‖A_iᵀ − M_iᵀ‖_{2,1}^{2/3}/‖A_i‖_σ^{2/3})^{3/2} for weight matrices A_i (d_i × d_{i−1})."""
    return _fdl.spectral_complexity([_matrix(a, "layer") for a in layers], [float(r) for r in lipschitz],
                                    [_matrix(m, "reference") for m in reference])


def spectral_margin_bound(layers, X, margins, gamma, lipschitz=()):
    """R_A, R̂_γ and the leading term of the spectrally-normalized margin bound."""
    return SpectralMarginBound(*_fdl.spectral_margin_bound([_matrix(a, "layer") for a in layers], _matrix(X, "X"),
                                                           _matrix(margins, "margins", 1), float(gamma), [float(r) for r in lipschitz]))


# ---- two-layer margin bound (Wei, Lee, Liu, Ma 2019) -------------------------------------------

TwoLayerMarginBound = namedtuple("TwoLayerMarginBound",
                                 "normalized_margin mean_squared_norm input_bound complexity_term low_order_term bound")
TwoLayerMarginBound.__doc__ = """γ = min_i y_i f(x_i)/(2 Σ_j |u_j| ‖w_j‖₂); D = ‖X‖_F²/n; C; (6/γ)√(D/n);
ε(γ) = √(ln log₂(4C/γ)/n) + √(ln(1/δ)/(2n)); their sum, Theorem 3.1's bound on P[y f(x) ≤ 0]
(all constants kept; C = max_i ‖x_i‖₂ unless given)."""


def two_layer_margin_bound(W, u, X, y, delta=0.05, input_bound=0.0):
    """Wei–Lee–Liu–Ma margin bound for f(x) = Σ_j u_j relu(w_jᵀx), W: m×d (rows w_j), u: m,
    X: n×d, y: n labels ±1; invariant under (w_j, u_j) → (c w_j, u_j/c). ValueError when the
    shapes disagree or the net does not separate the data."""
    return TwoLayerMarginBound(*_fdl.two_layer_margin_bound(_matrix(W, "W"), _matrix(u, "u", 1), _matrix(X, "X"),
                                                            _matrix(y, "y", 1), float(delta), float(input_bound)))
