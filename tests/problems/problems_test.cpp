// Each problem: value against a direct Eigen formula, gradient and HVP against finite differences
// through the Objective interface, known optima (zero gradient, expected value), seeded generators
// with their stated properties, and clear shape errors.
#include "fdl/problems/classification.hpp"
#include "fdl/problems/least_squares.hpp"
#include "fdl/problems/matrix_completion.hpp"
#include "fdl/problems/matrix_sensing.hpp"
#include "fdl/problems/phase_retrieval.hpp"
#include "fdl/problems/shallow_relu.hpp"
#include "fdl/problems/strict_saddle.hpp"

#include "check.hpp"

#include <Eigen/Eigenvalues>

#include <cmath>

namespace fdl::problems {
namespace {

using testing::random_point;

// Asserts that `call` throws E whose message contains `text`.
template <class E = std::invalid_argument, class F>
void expect_error(F call, const std::string& text) {
  try {
    call();
    ADD_FAILURE() << "no exception, expected: " << text;
  } catch (const E& e) {
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what() << "\n  expected: " << text;
  }
}

TEST(LeastSquares, ValueGradientAndMinNormInterpolant) {
  LeastSquares f = LeastSquares::random(4, 9, 7);
  Vector w = random_point(9, 1);
  EXPECT_NEAR(f.value(w), 0.5 * (f.X() * w - f.y()).squaredNorm() / 4, 1e-12);
  testing::expect_gradient_matches_differences(f, w);
  testing::expect_hvp_matches_differences(f, w, random_point(9, 2));
  testing::expect_batches_consistent(f, w);
  // w† interpolates, has zero gradient and lies in the row space of X (least norm).
  Vector w_dagger = f.min_norm_solution(), g;
  EXPECT_LE((f.X() * w_dagger - f.y()).norm(), 1e-12 * f.y().norm());
  EXPECT_LE(f.value_and_grad(w_dagger, g), 1e-25);
  EXPECT_LE(g.norm(), 1e-12);
  Eigen::JacobiSVD<Matrix> svd(f.X(), Eigen::ComputeFullV);
  EXPECT_LE((svd.matrixV().rightCols(5).transpose() * w_dagger).norm(), 1e-12);  // ⟂ null space
  EXPECT_EQ(LeastSquares::random(4, 9, 7).y(), f.y());
  EXPECT_NE(LeastSquares::random(4, 9, 8).y(), f.y());
  expect_error([] { LeastSquares(Matrix::Ones(3, 2), Vector::Ones(4)); }, "y has 4 entries, X has 3 rows");
}

TEST(LeastSquares, GradientDescentFromZeroReachesTheMinNormInterpolant) {
  // The docs' example: GD iterates stay in the row space of X, so their limit is w†.
  LeastSquares f = LeastSquares::random(5, 20, 0);
  Vector w = Vector::Zero(f.dimension()), g;
  for (int t = 0; t < 1000; ++t) {
    f.value_and_grad(w, g);
    w -= 0.1 * g;
  }
  EXPECT_LE((w - f.min_norm_solution()).norm(), 1e-10 * f.min_norm_solution().norm());
}

TEST(SeparableClassification, LossesAgainstDirectFormulasAndDifferences) {
  SeparableData data = separable_data(12, 3, 0.3, 4);
  Vector w = random_point(3, 3);
  Vector u = -(data.y.array() * (data.X * w).array()).matrix();
  SeparableClassification logistic(data.X, data.y, ClassificationLoss::logistic);
  SeparableClassification exponential(data.X, data.y, ClassificationLoss::exponential);
  EXPECT_NEAR(logistic.value(w), u.array().exp().log1p().mean(), 1e-12);
  EXPECT_NEAR(exponential.value(w), u.array().exp().mean(), 1e-12);
  for (SeparableClassification* f : {&logistic, &exponential}) {
    testing::expect_gradient_matches_differences(*f, w);
    testing::expect_hvp_matches_differences(*f, w, random_point(3, 5));
    testing::expect_batches_consistent(*f, w);
    // log f and ∇f / f, also where f itself underflows.
    Vector g, g_log;
    double value = f->value_and_grad(w, g);
    EXPECT_NEAR(f->log_objective().value_and_grad(w, g_log), std::log(value), 1e-12);
    EXPECT_LE((g_log - g / value).norm(), 1e-10 * g_log.norm());
    testing::expect_gradient_matches_differences(f->log_objective(), w);
    Vector far = 2000.0 * data.direction.col(0);
    EXPECT_EQ(f->value(far), 0.0);  // underflow
    const double log_f = f->log_objective().value(far);
    EXPECT_TRUE(std::isfinite(log_f));
    // log f ≈ −min margin·2000 up to log of the count at the minimum: within log n.
    const double min_margin = (data.y.array() * (data.X * far).array()).minCoeff();
    EXPECT_LE(log_f, -min_margin + 1e-9);
    EXPECT_GE(log_f, -min_margin - std::log(12.0) - 1e-9);
  }
}

TEST(SeparableClassification, CrossEntropyIsSoftmaxCrossEntropy) {
  SeparableData data = separable_data(9, 4, 0.2, 2, 3);
  SeparableClassification f(data.X, data.y, ClassificationLoss::cross_entropy);
  EXPECT_EQ(f.dimension(), 12);
  Vector w = random_point(12, 6);
  Matrix Z = data.X * w.reshaped(4, 3);
  double expected = 0;
  for (Index i = 0; i < 9; ++i) {
    const double top = Z.row(i).maxCoeff();
    expected += top + std::log((Z.row(i).array() - top).exp().sum()) - Z(i, static_cast<Index>(data.y(i)));
  }
  EXPECT_NEAR(f.value(w), expected / 9, 1e-12);
  testing::expect_gradient_matches_differences(f, w);
  testing::expect_hvp_matches_differences(f, w, random_point(12, 7));
  EXPECT_NEAR(f.log_objective().value(w), std::log(expected / 9), 1e-12);
  // Planted W* classifies every point with a score gap ≥ 0.2.
  for (Index i = 0; i < 9; ++i) {
    Eigen::RowVectorXd s = data.X.row(i) * data.direction;
    Index top;
    double best = s.maxCoeff(&top);
    EXPECT_EQ(top, static_cast<Index>(data.y(i)));
    s(top) = -INFINITY;
    EXPECT_GE(best - s.maxCoeff(), 0.2);
  }
}

TEST(SeparableClassification, DeepLinearAndConvolutionalPredictors) {
  SeparableData data = separable_data(6, 5, 0.1, 9);
  SeparableClassification fc(data.X, data.y, ClassificationLoss::exponential, Predictor::fully_connected, 3);
  SeparableClassification conv(data.X, data.y, ClassificationLoss::exponential, Predictor::convolutional, 2);
  EXPECT_EQ(fc.dimension(), 25 + 25 + 5);
  EXPECT_EQ(conv.dimension(), 10);
  Vector theta = random_point(fc.dimension(), 3, 0.5);
  Matrix W1 = theta.head(25).reshaped(5, 5), W2 = theta.segment(25, 25).reshaped(5, 5);
  EXPECT_LE((fc.predictor(theta) - W1 * W2 * theta.tail(5)).norm(), 1e-12);
  Vector c = random_point(10, 4), a = c.head(5), b = c.tail(5), circular(5);
  for (Index j = 0; j < 5; ++j) {
    circular(j) = 0;
    for (Index k = 0; k < 5; ++k) circular(j) += a(k) * b(((j - k) % 5 + 5) % 5);
  }
  EXPECT_LE((conv.predictor(c) - circular).norm(), 1e-12);
  // Circular convolution is multiplication of DFTs: |DFT(β)| = |DFT(a)|·|DFT(b)| at frequency 1.
  auto dft1 = [](const Vector& v) {
    std::complex<double> s = 0;
    for (Index j = 0; j < v.size(); ++j) s += v(j) * std::polar(1.0, -2 * M_PI * j / v.size());
    return s;
  };
  EXPECT_NEAR(std::abs(dft1(conv.predictor(c))), std::abs(dft1(a)) * std::abs(dft1(b)), 1e-12);
  for (SeparableClassification* f : {&fc, &conv}) {
    Vector t = random_point(f->dimension(), 8, 0.5);
    testing::expect_gradient_matches_differences(*f, t);
    testing::expect_hvp_matches_differences(*f, t, random_point(f->dimension(), 9));
  }
}

TEST(SeparableClassification, GeneratorsHaveTheStatedMargins) {
  SeparableData data = separable_data(40, 5, 0.5, 11);
  EXPECT_NEAR(data.direction.norm(), 1.0, 1e-14);
  Vector margins = data.y.array() * (data.X * data.direction).array();
  EXPECT_GE(margins.minCoeff(), 0.5);
  EXPECT_GT((data.y.array() > 0).count(), 0);
  EXPECT_GT((data.y.array() < 0).count(), 0);
  EXPECT_EQ(separable_data(40, 5, 0.5, 11).X, data.X);
  EXPECT_NE(separable_data(40, 5, 0.5, 12).X, data.X);
  SeparableData one_sided = separable_data(2, 1, 0.0, 0);  // two points always get both classes
  EXPECT_EQ(one_sided.y.sum(), 0.0);

  // Soudry et al. Fig. 1: ŵ = (0.5, 0.5) is feasible with equality exactly on the 4 support
  // vectors, and is the SVM: the KKT conditions hold with α on x₁, x₂ (and their mirrors).
  SeparableData fig1 = soudry_fig1_data();
  Vector w_hat = soudry_fig1_svm();
  Vector functional = fig1.y.array() * (fig1.X * w_hat).array();
  EXPECT_EQ(functional.head(4), Vector::Ones(4));
  EXPECT_GT(functional.tail(12).minCoeff(), 1.0 + 0.2);
  EXPECT_EQ((fig1.y.array() > 0).count(), 8);
  // ŵ = Σ α_n y_n x_n with α ≥ 0 on the support vectors: α = 1/8 on each.
  Vector combo = Vector::Zero(2);
  for (Index n = 0; n < 4; ++n) combo += 0.125 * fig1.y(n) * fig1.X.row(n).transpose();
  EXPECT_LE((combo - w_hat).norm(), 1e-15);
  SeparableClassification f(fig1.X, fig1.y, ClassificationLoss::logistic);
  EXPECT_NEAR(f.normalized_margin(w_hat), std::sqrt(2.0), 1e-15);
}

TEST(SeparableClassification, BadLabelsAndShapesGiveClearErrors) {
  expect_error([] { SeparableClassification(Matrix::Ones(2, 2), Vector::Ones(3), ClassificationLoss::logistic); },
               "y has 3 labels, X has 2 rows");
  expect_error([] { SeparableClassification(Matrix::Ones(2, 2), Vector{{1, 0}}, ClassificationLoss::logistic); },
               "label 0.000000 of sample 1 is not ±1");
  expect_error([] { SeparableClassification(Matrix::Ones(2, 2), Vector{{1, 0.5}}, ClassificationLoss::cross_entropy); },
               "is not a class index");
  expect_error([] { SeparableClassification(Matrix::Ones(2, 2), Vector{{1, -1}}, ClassificationLoss::logistic, Predictor::linear, 0); },
               "depth must be ≥ 1");
}

TEST(MatrixSensing, MeasurementsAreSymmetricAndNormalizedForRip) {
  MatrixSensing f = MatrixSensing::random(4, 1, 1500, 3);
  for (const Matrix& A : f.A()) ASSERT_EQ(A, A.transpose());
  // E⟨A, X⟩² = ‖X‖_F²: the empirical mean over 1500 measurements is within 5 standard errors
  // (the variance of ⟨A, X⟩²/‖X‖_F² is 2).
  Matrix Z = random_point(4, 5).reshaped(4, 1), X = Z * Z.transpose();
  EXPECT_NEAR(f.measure(X).squaredNorm() / 1500 / X.squaredNorm(), 1.0, 5 * std::sqrt(2.0 / 1500));
  EXPECT_LE((f.measure(f.ground_truth()) - f.b()).norm(), 1e-12 * f.b().norm());
}

TEST(MatrixSensing, ValueGradientAndKnownOptimum) {
  MatrixSensing f = MatrixSensing::random(4, 2, 10, 5, 3);
  EXPECT_EQ(f.dimension(), 12);
  Vector w = random_point(12, 2);
  Matrix U = w.reshaped(4, 3);
  EXPECT_NEAR(f.value(w), 0.5 * (f.measure(U * U.transpose()) - f.b()).squaredNorm() / 10, 1e-12);
  testing::expect_gradient_matches_differences(f, w);
  testing::expect_hvp_matches_differences(f, w, random_point(12, 3));
  testing::expect_batches_consistent(f, w);
  Vector g;
  Matrix U_star = f.known_optimum().reshaped(4, 3);
  EXPECT_LE((U_star * U_star.transpose() - f.ground_truth()).norm(), 1e-14);
  EXPECT_LE(f.value_and_grad(f.known_optimum(), g), 1e-28);
  EXPECT_LE(g.norm(), 1e-13);
  EXPECT_EQ(MatrixSensing::random(4, 2, 10, 5, 3).b(), f.b());
  expect_error([] { MatrixSensing({Matrix::Ones(2, 2), Matrix::Ones(3, 3)}, Vector::Ones(2), 2); }, "A_1 is (3×3), expected (2×2)");
  expect_error([] { MatrixSensing({Matrix::Ones(2, 2)}, Vector::Ones(2), 2); }, "b has 2 entries for 1 measurements");
  expect_error([] { MatrixSensing::random(4, 2, 10, 0, 1); }, "k = 1 < rank r = 2");
}

TEST(DiagonalSensing, ValueGradientAndKnownOptimum) {
  DiagonalSensing f = DiagonalSensing::random(8, 3, 1);
  Vector u = random_point(8, 4);
  EXPECT_NEAR(f.value(u), 0.5 * (f.A() * u.cwiseAbs2() - f.b()).squaredNorm() / 3, 1e-12);
  testing::expect_gradient_matches_differences(f, u);
  testing::expect_hvp_matches_differences(f, u, random_point(8, 5));
  Vector g;
  EXPECT_LE(f.value_and_grad(f.known_optimum(), g), 1e-28);
  EXPECT_LE(g.norm(), 1e-13);
  EXPECT_GE(f.ground_truth().minCoeff(), 0.0);
  // The same as MatrixSensing with A_i = diag(a_i) and U = diag(u).
  std::vector<Matrix> A;
  for (Index i = 0; i < 3; ++i) A.push_back(f.A().row(i).asDiagonal());
  MatrixSensing full(A, f.b(), 8);
  Matrix U = u.asDiagonal();
  EXPECT_NEAR(full.value(U.reshaped()), f.value(u), 1e-12);
}

TEST(MatrixCompletion, MaskIsSymmetricBernoulliAtRateP) {
  MatrixCompletion f = MatrixCompletion::random(60, 2, 0.3, 4);
  EXPECT_EQ(f.mask(), f.mask().transpose());
  // Pairs i ≤ j: 1830 Bernoulli(0.3) draws, within 5 standard deviations.
  double observed = 0;
  for (Index j = 0; j < 60; ++j)
    for (Index i = 0; i <= j; ++i) observed += f.mask()(i, j);
  EXPECT_NEAR(observed / 1830, 0.3, 5 * std::sqrt(0.3 * 0.7 / 1830));
  EXPECT_EQ(MatrixCompletion::random(60, 2, 0.3, 4).mask(), f.mask());
  EXPECT_NE(MatrixCompletion::random(60, 2, 0.3, 5).mask(), f.mask());
}

TEST(MatrixCompletion, ValueGradientRegularizerAndKnownOptimum) {
  RowNormRegularizer reg{0.7, 0.8};
  MatrixCompletion f = MatrixCompletion::random(6, 2, 0.5, 2, reg);
  Vector x = random_point(12, 3);
  Matrix X = x.reshaped(6, 2);
  double expected = 0.5 * ((X * X.transpose() - f.M()).array() * f.mask().array()).square().sum();
  for (Index i = 0; i < 6; ++i) expected += 0.7 * std::pow(std::max(X.row(i).norm() - 0.8, 0.0), 4);
  EXPECT_NEAR(f.value(x), expected, 1e-12);
  testing::expect_gradient_matches_differences(f, x);
  testing::expect_hvp_matches_differences(f, x, random_point(12, 4));
  Vector g;
  f.value_and_grad(Vector::Zero(12), g);  // zero rows: finite derivatives
  EXPECT_TRUE(g.allFinite());
  MatrixCompletion plain = MatrixCompletion::random(6, 2, 0.5, 2);
  EXPECT_EQ(plain.value_and_grad(plain.known_optimum(), g), 0.0);
  EXPECT_LE(g.norm(), 1e-13);
  EXPECT_EQ(plain.relative_error(plain.known_optimum()), 0.0);
  expect_error([] { MatrixCompletion(Matrix::Ones(3, 3), Matrix::Ones(3, 2), 1); }, "mask is (3×2), expected (3×3)");
  expect_error([] { MatrixCompletion(Matrix::Ones(2, 2), Matrix::Constant(2, 2, 0.5), 1); }, "mask entries must be 0 or 1");
  expect_error([] { MatrixCompletion::random(5, 1, 1.5, 0); }, "p must be in (0, 1]");
}

TEST(PhaseRetrieval, ValueSubgradientAndKnownOptimum) {
  PhaseRetrieval f = PhaseRetrieval::random(5, 20, 3);
  Vector x = random_point(5, 6);
  EXPECT_NEAR(f.value(x), ((f.A() * x).array().square() - f.b().array()).abs().mean(), 1e-12);
  testing::expect_gradient_matches_differences(f, x);  // away from kinks (generic x)
  testing::expect_batches_consistent(f, x);
  Vector g;
  EXPECT_EQ(f.value_and_grad(f.known_optimum(), g), 0.0);
  EXPECT_EQ(g.norm(), 0.0);  // conventional abs'(0) = 0
  EXPECT_EQ(f.value(-f.known_optimum()), 0.0);
  EXPECT_NEAR(f.known_optimum().norm(), 1.0, 1e-14);
  EXPECT_EQ(f.relative_distance(-f.known_optimum()), 0.0);
  // Clarke mode at x*: a subgradient of the convex hull of ±2 (a_iᵀx*) a_i / m terms, here with norm > 0.
  PhaseRetrieval clarke = PhaseRetrieval::random(5, 20, 3, ad::Mode::clarke);
  clarke.set_direction_seed(1);
  clarke.value_and_grad(clarke.known_optimum(), g);
  EXPECT_GT(g.norm(), 0.0);
  // Its inner product with any direction v is at most f'(x*; v) = (1/m) Σ |2 (a_iᵀx*)(a_iᵀv)|.
  Vector v = random_point(5, 9), ax = f.A() * f.known_optimum(), av = f.A() * v;
  EXPECT_LE(g.dot(v), (2 * ax.array() * av.array()).abs().mean() + 1e-12);
}

TEST(PhaseRetrieval, OutliersLeaveXStarTheSharpMinimizer) {
  PhaseRetrieval f = PhaseRetrieval::random(5, 100, 2, ad::Mode::conventional, 0.1);
  ASSERT_EQ(f.outliers().size(), 10u);
  const Vector& x = f.known_optimum();
  Vector clean = (f.A() * x).array().square();
  Index differing = 0;
  for (Index i = 0; i < 100; ++i) differing += std::abs(f.b()(i) - clean(i)) > 1e-12;  // (b by another product's rounding)
  EXPECT_EQ(differing, 10);
  for (Index i : f.outliers()) EXPECT_GT(std::abs(f.b()(i) - clean(i)), 1e-12);
  // f'(x*; v) = (1/m)[Σ_clean |2(a_iᵀx*)(a_iᵀv)| + Σ_outliers sign(r_i)·2(a_iᵀx*)(a_iᵀv)] > 0 for every v.
  Vector ax = f.A() * x, residual = clean - f.b();
  for (std::uint64_t s = 0; s < 100; ++s) {
    Vector av = f.A() * random_point(5, 100 + s);
    double slope = 0;
    for (Index i = 0; i < 100; ++i) {
      double t = 2 * ax(i) * av(i);
      slope += residual(i) == 0 ? std::abs(t) : (residual(i) > 0 ? t : -t);
    }
    EXPECT_GT(slope, 0.0) << "direction " << s;
  }
  expect_error([] { PhaseRetrieval::random(5, 10, 0, ad::Mode::conventional, 0.5); }, "corrupted fraction must be in [0, 0.5)");
}

TEST(ShallowRelu, ValueGradientAndPlantedOptimum) {
  for (bool train_output : {false, true}) {
    ShallowRelu f = ShallowRelu::teacher_student(10, 4, 2, 6, 1, train_output);
    EXPECT_EQ(f.dimension(), train_output ? 30 : 24);
    EXPECT_LE((f.X().rowwise().norm().array() - 1.0).abs().maxCoeff(), 1e-14);
    Vector w = f.initial_point(3);
    Matrix W = w.head(24).reshaped(6, 4);
    Vector u = (f.X() * W.transpose()).cwiseMax(0.0) * f.output_weights() / std::sqrt(6.0);
    EXPECT_NEAR(f.value(w), 0.5 * (u - f.y()).squaredNorm() / 10, 1e-12);
    testing::expect_gradient_matches_differences(f, w);
    testing::expect_hvp_matches_differences(f, w, random_point(w.size(), 4));
    testing::expect_batches_consistent(f, w);
    Vector g;
    EXPECT_LE(f.value_and_grad(f.known_optimum(), g), 1e-28);
    EXPECT_LE(g.norm(), 1e-13);
  }
  expect_error([] { ShallowRelu::teacher_student(5, 3, 4, 2, 0); }, "width m ≥ teacher width k");
  expect_error([] { ShallowRelu(Matrix::Ones(3, 2), Vector::Ones(2), Vector::Ones(4)); }, "y has 2 entries, X has 3 rows");
}

TEST(StrictSaddle, SeparableSaddleCriticalPointsAndCurvature) {
  SeparableSaddle f(5, 2);
  Vector x = random_point(5, 1);
  double expected = 0;
  for (Index i = 0; i < 5; ++i) expected += i < 3 ? 0.5 * x(i) * x(i) : -0.5 * x(i) * x(i) + 0.25 * std::pow(x(i), 4);
  EXPECT_NEAR(f.value(x), expected, 1e-12);
  testing::expect_gradient_matches_differences(f, x);
  testing::expect_hvp_matches_differences(f, x, random_point(5, 2));
  Vector g, minimizer{{0, 0, 0, -1, 1}};
  EXPECT_EQ(f.value_and_grad(minimizer, g), f.minimum_value());
  EXPECT_EQ(g.norm(), 0.0);
  EXPECT_EQ(f.distance_to_minimizers(minimizer), 0.0);
  f.value_and_grad(Vector::Zero(5), g);
  EXPECT_EQ(g.norm(), 0.0);
  // Hessian at the saddle: diag(1, 1, 1, −1, −1), by HVPs on the basis.
  for (Index i = 0; i < 5; ++i) EXPECT_EQ(f.hvp(Vector::Zero(5), Vector::Unit(5, i)), (i < 3 ? 1.0 : -1.0) * Vector::Unit(5, i));
  // The stable manifold is invariant under gradient steps.
  Vector on = f.project_to_stable_manifold(x);
  f.value_and_grad(on, g);
  EXPECT_EQ(g.tail(2), Vector::Zero(2));
}

TEST(StrictSaddle, FactorizationSaddleCriticalPointsAndCurvature) {
  FactorizationSaddle f(Vector{{3, 2, 0.5}});
  Vector u = random_point(3, 3);
  Matrix M = Vector{{3, 2, 0.5}}.asDiagonal();
  EXPECT_NEAR(f.value(u), 0.25 * (u * u.transpose() - M).squaredNorm(), 1e-12);
  testing::expect_gradient_matches_differences(f, u);
  testing::expect_hvp_matches_differences(f, u, random_point(3, 4));
  Vector g;
  for (Index j = 0; j < 3; ++j) {
    f.value_and_grad(f.critical_point(j), g);
    EXPECT_LE(g.norm(), 1e-15);
    // ∇²f(√λ_j e_j) = diag(λ_j − λ_i) + 2λ_j e_j e_jᵀ: λ_min = λ_j − λ_1 < 0 for j > 0, λ_1 − λ_2 at j = 0.
    Matrix H(3, 3);
    for (Index i = 0; i < 3; ++i) H.col(i) = f.hvp(f.critical_point(j), Vector::Unit(3, i));
    const double lambda_min = Eigen::SelfAdjointEigenSolver<Matrix>(H).eigenvalues()(0);
    const double lambda_j = Vector{{3, 2, 0.5}}(j);
    EXPECT_NEAR(lambda_min, j == 0 ? 3.0 - 2.0 : lambda_j - 3.0, 1e-12);
  }
  expect_error([] { FactorizationSaddle(Vector{{1, 2}}); }, "strictly decreasing");
}

}  // namespace
}  // namespace fdl::problems
