#include "fdl/optim/admm.hpp"
#include "fdl/optim/minimize.hpp"
#include "fdl/optim/prox.hpp"
#include "fdl/optim/proximal_point.hpp"
#include "fdl/optim/sgd.hpp"
#include "objectives.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <random>

namespace fdl::optim {
namespace {

using testing::small_quadratic;

using testing::vec;

TEST(Prox, ClosedFormsOfTheProxOperators) {
  Vector v = vec({3.0, -0.5, 1.0, -2.0});
  Vector p = v;
  L1NormProx(2.0).apply(p, 0.5);  // threshold 1
  EXPECT_EQ(p, vec({2.0, 0.0, 0.0, -1.0}));
  p = v, SquaredL2NormProx(3.0).apply(p, 1.0);
  EXPECT_LT((p - v / 4).norm(), 1e-16);
  p = v, BoxProx(-1, 2).apply(p, 7.0);
  EXPECT_EQ(p, vec({2.0, -0.5, 1.0, -1.0}));
  p = v, NonnegativeOrthantProx().apply(p, 7.0);
  EXPECT_EQ(p, vec({3.0, 0.0, 1.0, 0.0}));
  p = v, BallProx(1.0).apply(p, 7.0);
  EXPECT_LT((p - v / v.norm()).norm(), 1e-15);
  EXPECT_EQ(BallProx(1.0).value(v), std::numeric_limits<double>::infinity());
  EXPECT_EQ(BoxProx(-5, 5).value(v), 0.0);
}

TEST(Prox, EachProxMinimizesItsSubproblem) {
  std::mt19937 rng(2);
  std::normal_distribution<double> normal;
  const Vector v = vec({1.3, -0.2, 0.6});
  const double eta = 0.7;
  const std::vector<std::shared_ptr<const Prox>> all = {std::make_shared<L1NormProx>(0.5), std::make_shared<SquaredL2NormProx>(2.0),
                                                        std::make_shared<BoxProx>(-0.1, 0.5), std::make_shared<NonnegativeOrthantProx>(),
                                                        std::make_shared<BallProx>(0.8)};
  for (const auto& prox : all) {
    Vector p = v;
    prox->apply(p, eta);
    const double best = prox->value(p) + (p - v).squaredNorm() / (2 * eta);
    ASSERT_TRUE(std::isfinite(best));
    for (int k = 0; k < 2000; ++k) {
      Vector u = p;
      for (Index i = 0; i < 3; ++i) u(i) += 0.05 * normal(rng);
      EXPECT_GE(prox->value(u) + (u - v).squaredNorm() / (2 * eta), best - 1e-14);
    }
  }
}

// Lasso ½‖Dx − b‖² + λ‖x‖₁ by exact cyclic coordinate minimization (the independent solver).
Vector lasso_by_coordinate_minimization(const Eigen::MatrixXd& D, const Vector& b, double lambda) {
  Vector x = Vector::Zero(D.cols()), r = b;
  for (int sweep = 0; sweep < 5000; ++sweep)
    for (Index j = 0; j < D.cols(); ++j) {
      const double norm2 = D.col(j).squaredNorm();
      r += D.col(j) * x(j);
      const double rho = D.col(j).dot(r);
      x(j) = (rho > lambda ? rho - lambda : rho < -lambda ? rho + lambda : 0.0) / norm2;
      r -= D.col(j) * x(j);
    }
  return x;
}

struct Lasso {
  Eigen::MatrixXd D;
  Vector b;
  double lambda;
};

Lasso small_lasso() {
  std::mt19937 rng(7);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd D(12, 6);
  for (Index i = 0; i < 12; ++i)
    for (Index j = 0; j < 6; ++j) D(i, j) = normal(rng);
  Vector x(6);
  x << 1.5, 0, 0, -2, 0, 0.3;
  Vector b = D * x;
  for (Index i = 0; i < 12; ++i) b(i) += 0.3 * normal(rng);
  return {D, b, 2.0};
}

// Subgradient optimality of the lasso: Dᵀ(b − Dx) = λ sign(x_i) on the support, |·| ≤ λ off it.
double lasso_kkt_violation(const Lasso& l, const Vector& x) {
  const Vector c = l.D.transpose() * (l.b - l.D * x);
  double worst = 0;
  for (Index i = 0; i < x.size(); ++i)
    worst = std::max(worst, x(i) != 0 ? std::abs(c(i) - l.lambda * (x(i) > 0 ? 1 : -1)) : std::max(0.0, std::abs(c(i)) - l.lambda));
  return worst;
}

TEST(Admm, SolvesTheLassoComputedIndependently) {
  const Lasso l = small_lasso();
  const Vector reference = lasso_by_coordinate_minimization(l.D, l.b, l.lambda);
  ASSERT_LT(lasso_kkt_violation(l, reference), 1e-10);
  const Index zeros = (reference.array() == 0).count();  // a sparse solution: the ℓ1 term is active
  ASSERT_GE(zeros, 1);
  ASSERT_LT(zeros, 6);
  const AdmmResult r = lasso_admm(l.D, l.b, l.lambda, {.rho = 1.0});
  EXPECT_EQ(r.status, "converged");
  EXPECT_LT((r.x - reference).norm(), 1e-9);
  EXPECT_LT((r.z - reference).norm(), 1e-9);
  EXPECT_LT(lasso_kkt_violation(l, r.z), 1e-8);
  EXPECT_TRUE(((r.z.array() == 0) == (reference.array() == 0)).all());  // soft thresholding: exact zeros
}

TEST(Admm, OneIterationMatchesTheScaledFormByHand) {
  // f(x) = ½‖x − a‖², g(z) = ½‖z‖², x − z = 0: x⁺ = (a + ρ(z − u))/(1 + ρ), z⁺ = ρ(x⁺ + u)/(1 + ρ).
  const Vector a = vec({2.0, -4.0});
  const double rho = 3;
  AdmmProblem p{Eigen::MatrixXd::Identity(2, 2), -Eigen::MatrixXd::Identity(2, 2), Vector::Zero(2),
                [&](const Vector& v, double r, Vector& x) { x = (a + r * v) / (1 + r); },
                [](const Vector& v, double r, Vector& z) { z = -r * v / (1 + r); }};
  const Vector z0 = vec({1.0, 1.0});
  const AdmmResult r = admm(p, Vector::Zero(2), z0, {.rho = rho, .max_iterations = 1});
  const Vector x1 = (a + rho * z0) / (1 + rho), z1 = rho * x1 / (1 + rho);
  EXPECT_LT((r.x - x1).norm(), 1e-15);
  EXPECT_LT((r.z - z1).norm(), 1e-15);
  EXPECT_LT((r.u - (x1 - z1)).norm(), 1e-15);
  EXPECT_EQ(r.status, "max_iterations");
  EXPECT_THROW(admm(p, Vector::Zero(3), z0), std::invalid_argument);
}

TEST(ProximalSGD, FullBatchIsIstaAndReachesTheLassoSolution) {
  const Lasso l = small_lasso();
  const Index n = l.D.rows();
  // ½‖Dx − b‖² = n · (1/n) Σ ½(d_iᵀx − b_i)²: scale the data by √n so the finite-sum mean is the lasso loss.
  testing::LeastSquares f(l.D * std::sqrt(double(n)), l.b * std::sqrt(double(n)));
  const double L = (l.D.transpose() * l.D).eigenvalues().real().maxCoeff();
  SGD ista(Schedule::constant(1 / L), {.size = n}, std::make_shared<L1NormProx>(l.lambda));
  Vector w = Vector::Zero(6);
  minimize(f, ista, w, {.max_iterations = 20000, .check_every = 1000});
  EXPECT_LT((w - lasso_by_coordinate_minimization(l.D, l.b, l.lambda)).norm(), 1e-10);
  // One step by hand.
  ista.init(w = Vector::Ones(6));
  ista.step(f, w, 0);
  Vector expected = Vector::Ones(6) - (1 / L) * (l.D.transpose() * (l.D * Vector::Ones(6) - l.b));
  soft_threshold(expected, l.lambda / L);
  EXPECT_LT((w - expected).norm(), 1e-12);
}

// f(w) = |w₀ − 1| + |w₁ + 2|, nonsmooth with minimizer (1, −2); its subgradient is sign(w − w⋆).
class AbsoluteDeviation : public Objective {
 public:
  Index dimension() const override { return 2; }
  double value(const Vector& w) override { return std::abs(w(0) - 1) + std::abs(w(1) + 2); }
  double value_and_grad(const Vector& w, Vector& g) override {
    g = vec({w(0) - 1, w(1) + 2}).array().sign();
    return value(w);
  }
};

TEST(StochasticSubgradient, StepIsMinusEtaSubgradientAndDiminishingStepsConverge) {
  AbsoluteDeviation f;
  StochasticSubgradient sg(Schedule::inverse_power(0.5, 1.0));
  Vector w = vec({3.0, 0.0});
  sg.init(w);
  sg.step(f, w, 0);
  EXPECT_EQ(w, vec({2.5, -0.5}));
  w = vec({3.0, 0.0});
  minimize(f, sg, w, {.max_iterations = 20000});
  EXPECT_LT((w - vec({1.0, -2.0})).lpNorm<Eigen::Infinity>(), 0.5 / 20000 * 2);
}

TEST(ProximalPoint, StepIsTheProxOfFToTheInnerTolerance) {
  auto f = small_quadratic();
  const double lambda = 0.5;
  ProximalPoint pp({.lambda = lambda, .inner_step = 0.2, .tolerance = 1e-13});
  Vector w = vec({1.0, 1.0, -1.0});
  pp.init(w);
  const Vector before = w;
  pp.step(f, w, 0);
  // prox_{λf}(w) solves (A + I/λ) u = b + w/λ.
  const Eigen::MatrixXd M = f.A + Eigen::MatrixXd::Identity(3, 3) / lambda;
  const Vector exact = M.ldlt().solve(f.b + before / lambda);
  EXPECT_LT((w - exact).norm(), 1e-13);  // ‖u − u⋆‖ ≤ ‖∇φ(u)‖/μ_φ with μ_φ = 1/λ + λ_min(A) ≥ 2
  EXPECT_LE(pp.last_inner_residual(), 1e-13);
  EXPECT_GT(pp.last_inner_iterations(), 1);
  EXPECT_EQ(pp.inner_failures(), 0);
}

TEST(ProximalPoint, ConvergesToTheMinimizerAndCountsInnerFailures) {
  auto f = small_quadratic();
  ProximalPoint pp({.lambda = 1.0, .inner_step = 0.2, .tolerance = 1e-13});
  Vector w = Vector::Zero(3);
  const Report r = minimize(f, pp, w, {.max_iterations = 1000, .gradient_norm = 1e-12});
  EXPECT_EQ(r.status, Status::converged_gradient);
  EXPECT_LT((w - f.minimizer()).norm(), 1e-10);
  ProximalPoint rushed({.lambda = 1.0, .inner_step = 0.2, .tolerance = 1e-13, .max_inner = 2});
  w.setZero();
  rushed.init(w);
  rushed.step(f, w, 0);
  EXPECT_EQ(rushed.inner_failures(), 1);
  EXPECT_GT(rushed.last_inner_residual(), 1e-13);
}

}  // namespace
}  // namespace fdl::optim

namespace fdl::optim {
namespace {

TEST(Prox, PsdConeProxIsTheNearestPsdMatrix) {
  std::mt19937_64 rng(4);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd G(5, 5);
  for (double& g : G.reshaped()) g = normal(rng);
  Vector v = G.reshaped();
  PsdConeProx prox(5);
  EXPECT_EQ(prox.value(v), std::numeric_limits<double>::infinity());
  prox.apply(v, 1.0);
  const Eigen::MatrixXd P = v.reshaped(5, 5);
  EXPECT_EQ(prox.value(v), 0.0);
  // Optimality: ⟨S − P, Z − P⟩ ≤ 0 for every PSD Z, S = (G + Gᵀ)/2 (the projection of G onto the symmetric matrices).
  const Eigen::MatrixXd S = (G + G.transpose()) / 2;
  for (int k = 0; k < 20; ++k) {
    Eigen::MatrixXd B(5, 2);
    for (double& b : B.reshaped()) b = normal(rng);
    const Eigen::MatrixXd Z = B * B.transpose();
    EXPECT_LE(((S - P).array() * (Z - P).array()).sum(), 1e-12);
  }
  Vector psd = Eigen::MatrixXd(P).reshaped();  // a PSD point is its own projection
  prox.apply(psd, 1.0);
  EXPECT_LT((psd - Eigen::MatrixXd(P).reshaped()).norm(), 1e-12);
}

}  // namespace
}  // namespace fdl::optim
