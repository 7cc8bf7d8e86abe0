"""fdl.optim from Python: every optimizer reachable with numpy in and out, against hand-computed
steps and known minimizers (the C++ tests in tests/optim check the rules in depth)."""
import math

import numpy as np
import pytest

import fdl
from fdl import optim

A = np.array([[3.0, 1.0, 0.0], [1.0, 2.0, 0.5], [0.0, 0.5, 1.5]])
b = np.array([1.0, -2.0, 0.5])
W_STAR = np.linalg.solve(A, b)


def quadratic(w):
    return 0.5 * w @ A @ w - b @ w, A @ w - b


def converges(opt, iterations=20000, w0=None, f=quadratic):
    w, report = optim.minimize(f, np.zeros(3) if w0 is None else w0, opt, max_iterations=iterations, gradient_norm=1e-12)
    assert report.status == "converged_gradient", report
    np.testing.assert_allclose(w, W_STAR, atol=1e-10)
    return report


def test_schedules_produce_their_sequences():
    assert optim.Schedule.constant(0.3)(10) == 0.3
    assert optim.Schedule.inverse_power(2.0, 0.5)(3) == pytest.approx(1.0)
    assert [optim.Schedule.step_decay(1.0, 0.5, 2)(t) for t in range(5)] == [1, 1, 0.5, 0.5, 0.25]
    assert optim.Schedule.cosine(1.0, 4, 0.2)(2) == pytest.approx(0.6)
    # c / L from log L: L = e^{-700} ≈ 1e-304 gives a finite step 0.5 e^{700}.
    assert math.log(optim.Schedule.normalized(0.5)(0, -700.0)) == pytest.approx(math.log(0.5) + 700)
    assert optim.Schedule.normalized_sqrt(0.5)(3, math.log(0.25)) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="step size"):
        optim.Schedule.constant(-1.0)


@pytest.mark.parametrize("make", [
    lambda: optim.GradientDescent(0.3),
    lambda: optim.HeavyBall(0.2, 0.5),
    lambda: optim.Nesterov(0.2, 0.5),
    lambda: optim.MirrorDescent(optim.HyperbolicEntropy(1.0), 0.1),
    lambda: optim.SteepestDescent(optim.L1(), 0.3),
    lambda: optim.SteepestDescent(optim.Quadratic(A), 1.0),
    lambda: optim.CoordinateDescent(0.3, "gauss_southwell"),
    lambda: optim.CoordinateDescent(0.3, "block_randomized", block_size=2, seed=4),
    lambda: optim.ProximalPoint(1.0, 0.2, tolerance=1e-13),
])
def test_linearly_convergent_methods_reach_the_minimizer_to_1e10(make):
    converges(make())


def test_gradient_step_functions_on_numpy_arrays():
    g, w = np.array([4.0, -2.0]), np.array([1.0, 2.0])
    gd = optim.GradientDescent(0.5)
    gd.init(w)
    np.testing.assert_array_equal(gd.update(g, w, 0), [-1.0, 3.0])
    np.testing.assert_array_equal(w, [1.0, 2.0])  # inputs are not modified
    ngd = optim.NormalizedGradientDescent(0.25)
    np.testing.assert_allclose(ngd.update(np.array([3.0, 4.0]), np.ones(2), 0), [0.85, 0.8])
    adam = optim.Adam(0.1, epsilon=0.0)
    adam.init(np.ones(2))
    np.testing.assert_allclose(adam.update(np.array([3.0, -0.5]), np.ones(2), 0), [0.9, 1.1])
    ada = optim.AdaGrad(0.5, epsilon=0.0)
    ada.init(np.zeros(2))
    np.testing.assert_allclose(ada.update(np.array([3.0, -4.0]), np.zeros(2), 0), [-0.5, 0.5])
    hb = optim.HeavyBall(0.1, 0.9)
    hb.init(w)
    w1 = hb.update(np.array([2.0, 0.0]), np.array([1.0, -1.0]), 0)
    np.testing.assert_allclose(hb.update(np.array([1.0, 1.0]), w1, 1), [0.52, -1.1])
    sign_momentum = optim.Momentum(optim.SteepestDescent(optim.Linf(), 0.1), 0.5)  # w −= η‖v‖₁ sign(v)
    sign_momentum.init(np.zeros(2))
    w1 = sign_momentum.update(np.array([2.0, -1.0]), np.zeros(2), 0)
    np.testing.assert_allclose(sign_momentum.update(np.array([-3.0, 0.0]), w1, 1), [-0.05, 0.55], atol=1e-15)
    with pytest.raises(TypeError, match="inner must be a gradient method"):
        optim.Momentum(optim.SGD(0.1), 0.5)
    rgd = optim.RiemannianSphereGD(0.5)
    rgd.init(np.array([1.0, 0.0]))
    np.testing.assert_allclose(rgd.update(np.array([1.0, 2.0]), np.array([1.0, 0.0]), 0), np.array([1, -1]) / np.sqrt(2))
    with pytest.raises(ValueError, match="gradient has 3 entries, expected 2"):
        gd.update(np.ones(3), np.ones(2), 0)


@pytest.mark.parametrize("potential", [optim.Euclidean(), optim.NegativeEntropy(), optim.HyperbolicEntropy(0.3),
                                       optim.SquaredLpNorm(1.5)])
def test_mirror_step_satisfies_the_mirror_identity(potential):
    w, g, eta = np.array([0.5, 1.5, 0.2]), np.array([0.3, -0.7, 0.2]), 0.25
    md = optim.MirrorDescent(potential, eta)
    md.init(w)
    w1 = md.update(g, w, 0)
    np.testing.assert_allclose(potential.gradient(w1), potential.gradient(w) - eta * g, rtol=0, atol=1e-14)
    np.testing.assert_allclose(potential.gradient_inverse(potential.gradient(w)), w, atol=1e-14)
    assert potential.bregman_divergence(w1, w) > 0


def test_negative_entropy_bregman_divergence_is_generalized_kl():
    w, v = np.array([0.3, 2.0]), np.array([1.0, 0.5])
    kl = np.sum(w * np.log(w / v) - w + v)
    assert optim.NegativeEntropy().bregman_divergence(w, v) == pytest.approx(kl, abs=1e-14)
    md = optim.MirrorDescent(optim.SimplexEntropy(), 0.1)
    w = np.array([0.2, 0.3, 0.5])
    md.init(w)
    expected = w * np.exp(-0.1 * np.array([1.0, -2.0, 0.5]))
    np.testing.assert_allclose(md.update(np.array([1.0, -2.0, 0.5]), w, 0), expected / expected.sum(), atol=1e-15)


@pytest.mark.parametrize("norm", [optim.L1(), optim.L2(), optim.Linf(), optim.Lp(3.0), optim.Quadratic(A)])
def test_steepest_direction_maximizes_over_the_unit_ball(norm):
    rng = np.random.default_rng(0)
    g = np.array([0.7, -1.3, 0.4])
    u = norm.steepest_direction(g)
    assert norm.norm(u) == pytest.approx(1.0, abs=1e-14)
    assert g @ u == pytest.approx(norm.dual_norm(g), abs=1e-14)
    samples = rng.normal(size=(2000, 3))
    best = max(g @ (s / norm.norm(s)) for s in samples)
    assert best <= g @ u + 1e-14
    sd = optim.SteepestDescent(norm, 0.5)
    sd.init(np.zeros(3))
    np.testing.assert_allclose(sd.update(g, np.zeros(3), 0), -0.5 * norm.dual_norm(g) * u, atol=1e-15)


def test_coordinate_descent_exposes_the_touched_coordinates():
    cd = optim.CoordinateDescent(0.1, "cyclic")
    w = np.zeros(3)
    cd.init(w)
    for t in range(5):
        w = cd.update(np.ones(3), w, t)
        assert cd.touched == [t % 3]
    gs = optim.CoordinateDescent(0.1, "gauss_southwell")
    gs.init(w)
    gs.update(np.array([0.5, -3.0, 2.0]), w, 0)
    assert gs.touched == [1]
    with pytest.raises(ValueError, match="unknown rule 'greedy'"):
        optim.CoordinateDescent(0.1, "greedy")


def least_squares(n=40, d=4, seed=11):
    rng = np.random.default_rng(seed)
    X, w_star = rng.normal(size=(n, d)), rng.normal(size=d)
    y = X @ w_star

    def full(w):
        r = X @ w - y
        return 0.5 * r @ r / n, X.T @ r / n

    def batch(w, idx):
        r = X[idx] @ w - y[idx]
        return 0.5 * r @ r / len(idx), X[idx].T @ r / len(idx)

    return optim.Objective(full, d, samples=n, batch=batch), w_star


def test_sgd_minibatches_converge_on_interpolating_least_squares():
    f, w_star = least_squares()
    for replacement in (False, True):
        sgd = optim.SGD(0.05, batch_size=4, replacement=replacement, seed=3)
        w, r = optim.minimize(f, np.zeros(4), sgd, max_iterations=20000, gradient_norm=1e-13, check_every=10)
        assert r.status == "converged_gradient"
        np.testing.assert_allclose(w, w_star, atol=1e-10)
    sgd = optim.SGD(0.01, batch_size=3, seed=5)
    sgd.init(np.zeros(4))
    seen = []
    w = np.zeros(4)
    for t in range(14):  # 40 = 13·3 + 1: one epoch
        w = sgd.step(f, w, t)
        seen += sgd.last_batch
    assert sorted(seen) == list(range(40))


def test_divergence_is_reported_not_raised():
    f = lambda w: (-np.exp(w @ w), -2 * np.exp(w @ w) * w)
    w, r = optim.minimize(f, np.ones(2), optim.GradientDescent(1.0), max_iterations=100)
    assert r.status == "diverged" and 0 <= r.diverged_at < 100
    assert math.isnan(r.value)


def test_trace_records_every_k_steps():
    w, r = optim.minimize(quadratic, np.zeros(3), optim.GradientDescent(0.2), max_iterations=20, record_every=5)
    assert r.trace.shape == (5, 3)
    np.testing.assert_array_equal(r.trace[:, 0], [0, 5, 10, 15, 20])
    assert r.trace[0, 1] == 0.0 and r.trace[0, 2] == pytest.approx(np.linalg.norm(b))
    assert np.all(np.diff(r.trace[:, 1]) < 0)


def test_traced_fdl_function_is_an_objective():
    f = optim.traced(lambda x: 0.5 * (x @ A @ x) - b @ x, np.zeros(3))
    w, r = optim.minimize(f, np.zeros(3), optim.GradientDescent(0.3), gradient_norm=1e-12)
    assert r.status == "converged_gradient"
    np.testing.assert_allclose(w, W_STAR, atol=1e-10)
    # Clarke mode: a subgradient method on |x − 1| + |y + 2|.
    g = optim.traced(lambda x: fdl.sum(fdl.abs(x - np.array([1.0, -2.0]))), np.zeros(2), mode="clarke")
    w, _ = optim.minimize(g, np.array([3.0, 0.0]), optim.StochasticSubgradient(optim.Schedule.inverse_power(0.5, 1.0)),
                          max_iterations=20000)
    np.testing.assert_allclose(w, [1.0, -2.0], atol=1e-4)


def test_prox_operators_and_proximal_sgd():
    v = np.array([3.0, -0.5, 1.0, -2.0])
    np.testing.assert_array_equal(optim.L1NormProx(2.0).apply(v, 0.5), [2.0, 0.0, 0.0, -1.0])
    np.testing.assert_allclose(optim.SquaredL2NormProx(3.0).apply(v, 1.0), v / 4)
    np.testing.assert_array_equal(optim.BoxProx(-1, 2).apply(v, 1.0), [2.0, -0.5, 1.0, -1.0])
    np.testing.assert_array_equal(optim.NonnegativeOrthantProx().apply(v, 1.0), [3.0, 0.0, 1.0, 0.0])
    np.testing.assert_allclose(optim.BallProx(1.0).apply(v, 1.0), v / np.linalg.norm(v))


def lasso_kkt_violation(D, y, lam, x):
    c = D.T @ (y - D @ x)
    on = x != 0
    return max(np.max(np.abs(c[on] - lam * np.sign(x[on])), initial=0), np.max(np.abs(c[~on]) - lam, initial=0))


def test_admm_solves_a_small_lasso():
    rng = np.random.default_rng(7)
    D = rng.normal(size=(12, 6))
    y = D @ np.array([1.5, 0, 0, -2, 0, 0.3]) + 0.3 * rng.normal(size=12)
    lam = 2.0
    r = optim.lasso_admm(D, y, lam)
    assert r.status == "converged"
    assert lasso_kkt_violation(D, y, lam, r.z) < 1e-8
    assert np.count_nonzero(r.z) < 6
    # The generic form with the same oracles written in Python.
    M = D.T @ D + np.eye(6)
    soft = lambda v, t: np.sign(v) * np.maximum(np.abs(v) - t, 0)
    g = optim.admm(np.eye(6), -np.eye(6), np.zeros(6), lambda v, rho: np.linalg.solve(M, D.T @ y + rho * v),
                   lambda v, rho: soft(-v, lam / rho), np.zeros(6), np.zeros(6))
    np.testing.assert_allclose(g.z, r.z, atol=1e-9)


def test_gradient_primal_dual_reaches_consensus():
    Ac, Bc = optim.consensus_constraints([(0, 1), (1, 2)], 3, 2)
    a = np.array([1.0, 2.0, -1.0, 0.0, 3.0, 5.0])
    gpda = optim.GradientPrimalDual(Ac, Bc, np.zeros(4), 1.0)
    w, _ = optim.minimize(lambda x: (0.5 * (x - a) @ (x - a), x - a), np.zeros(6), gpda, max_iterations=3000)
    np.testing.assert_allclose(w, np.tile([1.0, 7.0 / 3], 3), atol=1e-10)


def test_gradient_admm_solves_consensus_least_squares():
    # min Σ_i ½‖A_i x_i − b_i‖² s.t. x_i = z on w = (x_1, x_2, x_3, z): A = I, B = −(1 ⊗ I), h = 0.
    rng = np.random.default_rng(0)
    As, bs = rng.standard_normal((3, 5, 2)), rng.standard_normal((3, 5))
    solution = np.linalg.solve(sum(a.T @ a for a in As), sum(a.T @ y for a, y in zip(As, bs)))

    def f(w):
        r = [a @ w[2 * i:2 * i + 2] - y for i, (a, y) in enumerate(zip(As, bs))]
        return 0.5 * sum(ri @ ri for ri in r), np.concatenate([a.T @ ri for a, ri in zip(As, r)] + [np.zeros(2)])

    L = max(np.linalg.eigvalsh(a.T @ a).max() for a in As)
    B = -np.tile(np.eye(2), (3, 1))
    gadmm = optim.GradientAdmm(np.eye(6), B, np.zeros(6), 2 * L)
    w, r = optim.minimize(f, np.zeros(8), gadmm, max_iterations=2000)
    np.testing.assert_allclose(w, np.tile(solution, 4), atol=1e-10)
    assert gadmm.constraint_violation(w) < 1e-10
    # One step by hand from w = 0, λ = 0: x_i = −∇f_i(0)/ρ = A_iᵀb_i/ρ, z = mean x_i, λ = ρ(x − z).
    one = optim.GradientAdmm(np.eye(6), B, np.zeros(6), 2 * L)
    w1, _ = optim.minimize(f, np.zeros(8), one, max_iterations=1)
    x1 = np.concatenate([a.T @ y for a, y in zip(As, bs)]) / (2 * L)
    np.testing.assert_allclose(w1, np.concatenate([x1, x1.reshape(3, 2).mean(axis=0)]), atol=1e-15)
    np.testing.assert_allclose(one.multiplier, 2 * L * (x1 - np.tile(w1[6:], 3)), atol=1e-14)
    # ρ far below the Lipschitz constant: the x-steps overshoot and the run is reported as diverged.
    with np.errstate(over="ignore", invalid="ignore"):
        _, r = optim.minimize(f, np.ones(8), optim.GradientAdmm(np.eye(6), B, np.zeros(6), 0.05 * L), max_iterations=100000)
    assert r.status == "diverged" and r.diverged_at >= 1


def test_perturbed_gd_escapes_a_strict_saddle():
    f = lambda w: (0.5 * w[0] ** 2 - 0.5 * w[1] ** 2 + 0.25 * w[1] ** 4, np.array([w[0], -w[1] + w[1] ** 3]))
    pgd = optim.PerturbedGradientDescent(0.1, 1e-3, 1e-6, 200, 1e-4, seed=1)
    w, r = optim.minimize(f, np.zeros(2), pgd, max_iterations=100000)
    assert r.status == "finished_by_method"
    np.testing.assert_allclose(np.abs(w), [0.0, 1.0], atol=1e-5)
    p = optim.perturbed_gd_paper_parameters(2.0, 1.0, 0.01, 0.1, 1.0, 10, 1.0)
    assert p["eta"] == 0.5 and p["t_thres"] >= 1


def test_bad_input_names_what_was_expected():
    with pytest.raises(ValueError, match="w₀ has 2 entries, expected 3"):
        optim.minimize(optim.traced(lambda x: fdl.sum(x * x), np.zeros(3)), np.zeros(2), optim.GradientDescent(0.1))
    with pytest.raises(ValueError, match="returned a gradient of 2 entries, expected 3"):
        optim.minimize(lambda w: (0.0, np.zeros(2)), np.zeros(3), optim.GradientDescent(0.1))
    with pytest.raises(ValueError, match="1-D"):
        optim.minimize(quadratic, np.zeros((3, 1)), optim.GradientDescent(0.1))
    with pytest.raises(ValueError, match="domain of the negative entropy"):
        optim.MirrorDescent(optim.NegativeEntropy(), 0.1).init(np.array([1.0, -1.0]))
    with pytest.raises(ValueError, match="mode must be one of"):
        optim.traced(lambda x: fdl.sum(x), np.zeros(2), mode="torch")
