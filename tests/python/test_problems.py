"""fdl.problems: construction from numpy data, value/grad/hvp against numpy formulas and finite
differences, known optima."""
import numpy as np
import pytest

import fdl

P = fdl.problems


def finite_difference_gradient(f, w, h=1e-6):
    return np.array([(f.value(w + h * e) - f.value(w - h * e)) / (2 * h) for e in np.eye(len(w))])


def check_derivatives(f, w, v):
    value, g = f.value_and_grad(w)
    assert value == pytest.approx(f.value(w), rel=1e-12)
    np.testing.assert_allclose(g, finite_difference_gradient(f, w), rtol=1e-6, atol=1e-6)
    h = 1e-5
    fd = (f.value_and_grad(w + h * v)[1] - f.value_and_grad(w - h * v)[1]) / (2 * h)
    np.testing.assert_allclose(f.hvp(w, v), fd, rtol=1e-5, atol=1e-5)


def test_least_squares_from_numpy_data():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((4, 9)), rng.standard_normal(4)
    f = P.LeastSquares(X, y)
    assert f.dimension == 9 and f.samples == 4
    w = rng.standard_normal(9)
    assert f.value(w) == pytest.approx(0.5 * np.mean((X @ w - y) ** 2), rel=1e-12)
    check_derivatives(f, w, rng.standard_normal(9))
    np.testing.assert_allclose(f.min_norm_solution(), np.linalg.pinv(X) @ y, atol=1e-12)
    v, g = f.batch_value_and_grad(w, [1, 3])
    assert v == pytest.approx(0.5 * np.mean((X[[1, 3]] @ w - y[[1, 3]]) ** 2), rel=1e-12)
    with pytest.raises(ValueError, match="y has 3 entries, X has 4 rows"):
        P.LeastSquares(X, y[:3])


def test_separable_classification_and_log_domain():
    X, y, direction = P.separable_data(12, 3, 0.3, 4)
    assert (y * (X @ direction[:, 0])).min() >= 0.3
    f = P.SeparableClassification(X, y, loss="exponential")
    w = np.array([0.3, -0.2, 0.5])
    assert f.value(w) == pytest.approx(np.mean(np.exp(-y * (X @ w))), rel=1e-12)
    check_derivatives(f, w, np.ones(3))
    far = 2000 * direction[:, 0]
    assert f.value(far) == 0.0 and np.isfinite(f.log_objective.value(far))
    Xf, yf = P.soudry_fig1_data()
    assert Xf.shape == (16, 2)
    fig1 = P.SeparableClassification(Xf, yf)
    assert fig1.normalized_margin(P.soudry_fig1_svm()) == pytest.approx(np.sqrt(2), rel=1e-14)
    conv = P.SeparableClassification(X, y, loss="logistic", predictor="convolutional", depth=2)
    check_derivatives(conv, np.linspace(-1, 1, 6), np.ones(6))
    with pytest.raises(ValueError, match="loss must be"):
        P.SeparableClassification(X, y, loss="hinge")


def test_matrix_sensing_with_numpy_measurements():
    rng = np.random.default_rng(1)
    G = rng.standard_normal((6, 3, 3))
    A = (G + G.transpose(0, 2, 1)) / 2
    Z = rng.standard_normal((3, 1))
    b = np.einsum("ijk,jk->i", A, Z @ Z.T)
    f = P.MatrixSensing(A, b, k=2)
    U = rng.standard_normal((3, 2))
    assert f.value(U.flatten(order="F")) == pytest.approx(
        0.5 * np.mean((np.einsum("ijk,jk->i", A, U @ U.T) - b) ** 2), rel=1e-12)
    check_derivatives(f, U.flatten(order="F"), rng.standard_normal(6))
    np.testing.assert_array_equal(f.A, A)
    r = P.MatrixSensing.random(4, 1, 8, 0)
    assert r.value(r.known_optimum()) < 1e-28


def test_completion_phase_retrieval_nets_and_saddles_have_their_optima():
    mc = P.MatrixCompletion.random(8, 2, 0.5, 0, reg_lambda=0.1, reg_alpha=10.0)
    assert mc.value(mc.known_optimum()) == 0.0
    pr = P.PhaseRetrieval.random(4, 12, 0)
    assert pr.value(-pr.known_optimum()) == 0.0
    relu = P.ShallowRelu.teacher_student(10, 3, 2, 5, 0)
    assert relu.value(relu.known_optimum()) < 1e-28
    quad = P.QuadraticNetwork.random(10, 5, 10, 0)
    assert quad.value(quad.known_optimum()) < 1e-20
    saddle = P.SeparableSaddle(2, 1)
    assert saddle.value(np.array([0.0, 1.0])) == saddle.minimum_value == -0.25
    np.testing.assert_array_equal(saddle.hvp(np.zeros(2), np.array([0.0, 1.0])), [0.0, -1.0])
    fs = P.FactorizationSaddle(np.array([2.0, 1.0]))
    np.testing.assert_allclose(fs.value_and_grad(fs.critical_point(1))[1], 0, atol=1e-15)


def test_deep_network_jacobian_and_modes():
    f = P.DeepNetwork.random(4, 3, architecture="resnet", activation="softplus", depth=3, width=6, seed=1)
    w = f.initial_point(2)
    check_derivatives(f, w, np.ones(f.dimension))
    J = f.output_jacobian(w)
    assert J.shape == (4, f.dimension)
    assert np.all(np.linalg.eigvalsh(J @ J.T) > -1e-12)
    relu = P.PhaseRetrieval.random(3, 5, 0, mode="clarke")
    assert relu.mode == "clarke"
    relu.mode = "conventional"
    with pytest.raises(ValueError, match="mode must be"):
        relu.mode = "bogus"
    with pytest.raises(ValueError, match="vector of size 2, expected the dimension 3"):
        relu.value(np.zeros(2))


def test_phase_retrieval_outliers():
    f = P.PhaseRetrieval.random(5, 40, 1, corrupted=0.25)
    assert len(f.outliers) == 10
    clean = (f.A @ f.known_optimum()) ** 2
    differs = ~np.isclose(f.b, clean, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(np.flatnonzero(differs), f.outliers)


def test_a_problem_goes_straight_into_an_optimizer():
    # GD from 0 on under-determined least squares ends at the minimum-norm interpolant X⁺y.
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((4, 9)), rng.standard_normal(4)
    f = P.LeastSquares(X, y)
    assert isinstance(f, P.Objective)
    step = 1.0 / np.linalg.eigvalsh(X.T @ X / 4).max()  # 1/L for L = ½ mean (Xw − y)²
    w, report = fdl.optim.minimize(f, np.zeros(9), fdl.optim.GradientDescent(step), max_iterations=20000, gradient_norm=1e-13)
    assert report.status == "converged_gradient"
    assert np.linalg.norm(w - np.linalg.pinv(X) @ y) < 1e-10


def test_shallow_relu_batch_follows_sequential_gd_and_float32_tracks_it():
    relu = P.ShallowRelu.teacher_student(40, 5, 2, 30, 3, train_output=True)
    seeds, eta = [0, 1, 2, 3], 0.2
    batch = P.ShallowReluBatch(relu, seeds=seeds)
    narrow = P.ShallowReluBatch(relu, points=[relu.initial_point(s) for s in seeds], dtype="float32")
    assert batch.replicas == 4 and narrow.replicas == 4
    w = [relu.initial_point(s) for s in seeds]
    for _ in range(30):
        losses, losses32 = batch.step(eta), narrow.step(eta)
        for r in range(4):
            value, g = relu.value_and_grad(w[r])
            assert losses[r] == pytest.approx(value, rel=1e-12)
            assert losses32[r] == pytest.approx(value, rel=1e-5)
            w[r] = w[r] - eta * g
    for r in range(4):
        np.testing.assert_allclose(batch.point(r), w[r], rtol=1e-12, atol=1e-12)
        assert np.linalg.norm(narrow.point(r) - w[r]) <= 1e-4 * np.linalg.norm(w[r])


def test_shallow_relu_batch_replicas_with_their_own_output_layer():
    relu = P.ShallowRelu.teacher_student(30, 4, 2, 12, 5)
    seeds = [10, 11, 12]
    outputs = [P.ShallowRelu.teacher_student(30, 4, 2, 12, 20 + s).output_weights for s in range(3)]
    own = [P.ShallowRelu(relu.X, relu.y, a) for a in outputs]
    batch = P.ShallowReluBatch(relu, seeds=seeds, output_weights=outputs)
    w = [relu.initial_point(s) for s in seeds]
    for _ in range(25):
        losses = batch.step(0.3)
        for r in range(3):
            value, g = own[r].value_and_grad(w[r])
            assert losses[r] == pytest.approx(value, rel=1e-12)
            w[r] = w[r] - 0.3 * g
    for r in range(3):
        np.testing.assert_allclose(batch.point(r), w[r], rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError, match="output"):
        P.ShallowReluBatch(relu, seeds=seeds, output_weights=outputs[:2])


def test_shallow_relu_batch_rejects_bad_input():
    relu = P.ShallowRelu.teacher_student(10, 3, 1, 4, 0)
    with pytest.raises(ValueError, match="dtype"):
        P.ShallowReluBatch(relu, seeds=[0], dtype="float16")
    with pytest.raises(ValueError, match="exactly one"):
        P.ShallowReluBatch(relu)
    with pytest.raises(ValueError, match="dimension"):
        P.ShallowReluBatch(relu, points=[np.zeros(5)])
