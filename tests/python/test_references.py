"""fdl.analysis references and certificates from Python: closed forms and second methods."""
import numpy as np
import pytest

import fdl
from fdl import analysis


def rng(seed):
    return np.random.default_rng(seed)


def test_euclidean_bregman_interpolant_is_the_pseudo_inverse_correction():
    r = rng(0)
    X, y, w0 = r.standard_normal((3, 7)), r.standard_normal(3), r.standard_normal(7)
    out = analysis.min_bregman_interpolant(X, y, w0)
    np.testing.assert_allclose(out.w, w0 + np.linalg.pinv(X) @ (y - X @ w0), rtol=1e-10, atol=1e-12)
    assert out.feasibility <= 1e-12 * max(1, np.abs(y).max())


@pytest.mark.parametrize("potential", ["entropy", "hypentropy", "p_norm"])
def test_bregman_interpolant_satisfies_its_optimality_conditions(potential):
    # ∇ψ(w) − ∇ψ(w0) must lie in the row space of X: checked with ∇ψ written here.
    r = rng(1)
    X = r.standard_normal((2, 6))
    w0, w_feasible = np.abs(r.standard_normal(6)) + 0.1, np.abs(r.standard_normal(6)) + 0.1
    beta, p = 0.5, 1.5
    grad = {
        "entropy": np.log,
        "hypentropy": lambda w: np.arcsinh(w / beta),
        "p_norm": lambda w: np.linalg.norm(w, p) ** (2 - p) * np.sign(w) * np.abs(w) ** (p - 1),
    }[potential]
    out = analysis.min_bregman_interpolant(X, X @ w_feasible, w0, potential, beta=beta, p=p)
    np.testing.assert_allclose(X @ out.w, X @ w_feasible, atol=1e-11)
    g = grad(out.w) - grad(w0)
    np.testing.assert_allclose(g, X.T @ np.linalg.lstsq(X.T, g, rcond=None)[0], atol=1e-9)
    assert out.divergence <= analysis.bregman_divergence(w_feasible, w0, potential, beta=beta, p=p)


def test_bregman_interpolant_rejects_bad_input():
    with pytest.raises(ValueError, match="potential"):
        analysis.min_bregman_interpolant(np.ones((1, 2)), [1.0], [1.0, 1.0], "log-barrier")
    with pytest.raises(ValueError, match="w0"):
        analysis.min_bregman_interpolant(np.ones((1, 2)), [1.0], [1.0, -1.0], "entropy")


@pytest.mark.parametrize(
    "norm, margin, w",
    [("l2", np.sqrt(5.25), np.array([0.5, -2.0, 1.0]) / np.sqrt(5.25)), ("l1", 2.0, [0, -1, 0]), ("linf", 3.5, [1, -1, 1])],
)
def test_max_margin_of_two_symmetric_points_is_the_dual_norm(norm, margin, w):
    a = np.array([0.5, -2.0, 1.0])
    out = analysis.max_margin(np.stack([a, -a]), [1, -1], norm)
    assert out.margin == pytest.approx(margin, rel=1e-9)
    np.testing.assert_allclose(out.w, w, atol=1e-7)


def test_max_margin_quadratic_norm_and_l2_agree_with_wolfe():
    r = rng(2)
    X = r.standard_normal((10, 4))
    y = np.sign(X @ r.standard_normal(4))
    B = r.standard_normal((4, 4))
    P = B @ B.T + np.eye(4)
    l2 = analysis.max_margin(X, y, "l2")
    quadratic = analysis.max_margin(X, y, P)
    assert np.sqrt(quadratic.w @ P @ quadratic.w) == pytest.approx(1, rel=1e-12)
    # γ = min over the hull of y_i x_i of the dual norm ‖z‖_{P⁻¹}; with P = I the ℓ2 answer.
    evals, evecs = np.linalg.eigh(P)
    root_inverse = evecs @ np.diag(evals ** -0.5) @ evecs.T
    points = (y[:, None] * X).T
    assert quadratic.margin == pytest.approx(_min_norm_in_hull(root_inverse @ points), rel=1e-6)
    assert l2.margin == pytest.approx(_min_norm_in_hull(points), rel=1e-6)


def test_max_margin_fourier_l1_of_two_symmetric_points_is_the_top_fourier_modulus():
    a = rng(3).standard_normal(12)
    out = analysis.max_margin(np.stack([a, -a]), [1, -1], "fourier_l1")
    top = np.abs(np.fft.fft(a, norm="ortho")).max()  # the dual norm ‖Fa‖_∞
    assert top * (1 - 5e-6) <= out.margin <= top * (1 + 1e-12)
    assert np.abs(np.fft.fft(out.w, norm="ortho")).sum() == pytest.approx(1, rel=1e-12)


def _min_norm_in_hull(points):
    """min ‖G α‖ over the simplex, by accelerated projected gradient (Beck & Teboulle 2009)."""
    G = points
    L = np.linalg.norm(G, 2) ** 2
    alpha = np.full(G.shape[1], 1.0 / G.shape[1])
    z, t = alpha.copy(), 1.0
    for _ in range(20000):
        nxt = _project_simplex(z - G.T @ (G @ z) / L)
        t_next = (1 + np.sqrt(1 + 4 * t * t)) / 2
        z = nxt + (t - 1) / t_next * (nxt - alpha)
        alpha, t = nxt, t_next
    return np.linalg.norm(G @ alpha)


def _project_simplex(v):
    u = np.sort(v)[::-1]
    css = np.cumsum(u) - 1
    k = np.nonzero(u - css / np.arange(1, len(v) + 1) > 0)[0][-1]
    return np.maximum(v - css[k] / (k + 1), 0)


def test_max_margin_reports_non_separable_data():
    X = np.array([[1, 1], [-1, -1], [1, -1], [-1, 1]], dtype=float)
    with pytest.raises(analysis.NotSeparableError, match="not linearly separable"):
        analysis.max_margin(X, [1, 1, -1, -1], "l2")
    with pytest.raises(ValueError):
        analysis.max_margin(X, [1, 1, -1, -1], "l1")
    with pytest.raises(ValueError, match="labels"):
        analysis.max_margin(X, [1, 0, -1, -1], "l2")


def test_min_trace_psd_with_one_measurement_is_rank_one():
    r = rng(3)
    B = r.standard_normal((4, 4))
    A = (B + B.T) / 2
    evals, evecs = np.linalg.eigh(A)
    out = analysis.min_trace_psd(A[None], [2.0])
    np.testing.assert_allclose(out.solution, 2 / evals[-1] * np.outer(evecs[:, -1], evecs[:, -1]), atol=1e-6 * 2 / evals[-1])
    assert out.objective == pytest.approx(2 / evals[-1], rel=1e-6)
    assert out.duality_gap <= 1e-6
    with pytest.raises(RuntimeError, match="did not certify"):
        analysis.min_trace_psd(A[None], [2.0], max_iterations=1)


def test_min_nuclear_norm_with_one_measurement_is_the_dual_norm():
    r = rng(4)
    A = r.standard_normal((3, 4))
    U, s, Vt = np.linalg.svd(A)
    out = analysis.min_nuclear_norm(A[None], [1.5])
    assert out.objective == pytest.approx(1.5 / s[0], rel=1e-6)
    np.testing.assert_allclose(out.solution, 1.5 / s[0] * np.outer(U[:, 0], Vt[0]), atol=1e-6)
    with pytest.raises(ValueError, match="3-D"):
        analysis.min_nuclear_norm(A, [1.0])


def test_hessian_certificates_match_numpy():
    r = rng(5)
    B = r.standard_normal((5, 5))
    A = B + B.T
    x = r.standard_normal(5)
    f = lambda v: 0.5 * fdl.sum(v * (A @ v)) + fdl.sum(v * v * v)
    H = A + np.diag(6 * x)
    np.testing.assert_allclose(analysis.dense_hessian(f, x), H, atol=1e-12)
    e = analysis.hessian_extreme_eigenvalues(f, x)
    evals = np.linalg.eigvalsh(H)
    assert e.smallest == pytest.approx(evals[0], rel=1e-9)
    assert e.largest == pytest.approx(evals[-1], rel=1e-9)
    e2 = analysis.extreme_eigenvalues(lambda v: H @ v, 5)
    assert e2.smallest == pytest.approx(evals[0], rel=1e-9)


def test_ntk_gram_of_a_linear_model_is_the_data_gram():
    # f(θ) = X θ has J = X, so the NTK Gram is X Xᵀ.
    r = rng(6)
    X = r.standard_normal((4, 6))
    K = analysis.ntk_gram(lambda theta: X @ theta, r.standard_normal(6))
    np.testing.assert_allclose(K, X @ X.T, atol=1e-12)
    assert analysis.smallest_eigenvalue(K) == pytest.approx(np.linalg.eigvalsh(X @ X.T)[0], rel=1e-10)


def test_relu_ntk_closed_form_matches_wide_random_features():
    # Monte-Carlo over 200000 hidden units: E[relu relu] and E[step step] to ~1e-2.
    r = rng(7)
    X = r.standard_normal((3, 2))
    W = r.standard_normal((200000, 2))
    pre = X @ W.T
    relu, step = np.maximum(pre, 0), (pre > 0).astype(float)
    empirical = (X @ X.T) * (step @ step.T) / len(W) + relu @ relu.T / len(W)
    np.testing.assert_allclose(analysis.relu_ntk_two_layer(X, X), empirical, atol=3e-2)
    np.testing.assert_allclose(analysis.arccos_kernel(X, X, 1), 2 * relu @ relu.T / len(W), atol=3e-2)


def test_kernel_svm_with_a_linear_kernel_is_the_l2_max_margin():
    r = rng(8)
    X = r.standard_normal((8, 3))
    y = np.sign(X @ r.standard_normal(3))
    svm = analysis.kernel_svm(X @ X.T, y)
    assert svm.margin == pytest.approx(analysis.max_margin(X, y, "l2").margin, rel=1e-7)
    with pytest.raises(analysis.NotSeparableError):
        # rank one: every f in the span has f(x_j) ∝ X[j, 0], so flipping half the signs is not separable
        analysis.kernel_svm(np.outer(X[:, 0], X[:, 0]), np.sign(X[:, 0]) * np.where(np.arange(8) < 4, 1, -1))


def test_l1_svm_over_relu_features_of_two_opposite_points():
    x = np.array([1.0, -2.0, 2.0])
    out = analysis.l1_svm_relu_features(np.stack([x, -x]), [1, -1], np.stack([x, -x]) / 3)
    assert out.margin == pytest.approx(1.5, rel=1e-9)
    np.testing.assert_allclose(out.w, [0.5, -0.5], atol=1e-9)


def test_moreau_stationarity_of_the_l1_norm_is_the_clipped_point():
    # prox of λ‖·‖₁ is soft-thresholding: ‖∇f_λ(x)‖ = ‖min(|x|, λ)‖/λ.
    x = np.array([0.3, -2.0])
    out = analysis.moreau_stationarity(lambda v: fdl.sum(fdl.abs(v)), x, 0.5, 0.0)
    assert abs(out.gradient_norm - np.linalg.norm([0.3, 0.5]) / 0.5) <= out.prox_error / 0.5
    with pytest.raises(ValueError, match="lambda"):
        analysis.moreau_stationarity(lambda v: fdl.sum(fdl.abs(v)), x, 2.0, 1.0)


def test_normalized_margin():
    assert analysis.normalized_margin([1.0, -0.5], [1, -1], 2.0, 2) == pytest.approx(0.125)


def test_spectral_complexity_of_one_row_is_its_norm():
    assert analysis.spectral_complexity([np.array([[3.0, 4.0]])]) == pytest.approx(5.0, rel=1e-12)
    b = analysis.spectral_margin_bound([np.array([[3.0, 4.0]])], np.eye(2), [0.5, 2.0], 1.0)
    assert b.margin_loss == 0.5
    assert b.complexity_term == pytest.approx(np.sqrt(2) * 5 * np.log(2) / 2)


def test_two_layer_margin_bound_hand_value_and_rescaling_invariance():
    # f(x) = 2 relu(x₁) − relu(2x₂): y f = 2 on every point, Σ|u_j|‖w_j‖ = 4, γ = 1/4, D = 9/4, n = 4.
    W, u = np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([2.0, -1.0])
    X, y = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 1.0], [-1.0, 1.0]]), np.array([1.0, -1.0, 1.0, -1.0])
    b = analysis.two_layer_margin_bound(W, u, X, y)
    assert b.normalized_margin == pytest.approx(0.25, rel=1e-14)
    assert b.complexity_term == pytest.approx(18.0, rel=1e-14)
    epsilon = np.sqrt(np.log(np.log2(16 * np.sqrt(5))) / 4) + np.sqrt(np.log(20) / 8)
    assert b.bound == pytest.approx(18.0 + epsilon, rel=1e-14)
    c = np.array([3.0, 0.1])
    scaled = analysis.two_layer_margin_bound(W * c[:, None], u / c, X, y)
    assert scaled.bound == pytest.approx(b.bound, rel=1e-12)
    repeated = analysis.two_layer_margin_bound(W, u, np.tile(X, (4, 1)), np.tile(y, 4))
    assert repeated.bound == pytest.approx(b.bound / 2, rel=1e-12)
    with pytest.raises(ValueError, match="does not separate"):
        analysis.two_layer_margin_bound(W, u, X, -y)
    with pytest.raises(ValueError, match="output weights"):
        analysis.two_layer_margin_bound(W, np.ones(3), X, y)
