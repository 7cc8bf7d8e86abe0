#include "fdl/optim/steepest_descent.hpp"

#include "fdl/optim/minimize.hpp"
#include "objectives.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <random>

namespace fdl::optim {
namespace {

using testing::small_quadratic;

Eigen::MatrixXd spd3() {
  Eigen::MatrixXd P(3, 3);
  P << 2, 0.5, 0.1, 0.5, 1, 0.2, 0.1, 0.2, 3;
  return P;
}

std::vector<std::shared_ptr<const Norm>> all_norms() {
  return {std::make_shared<L1>(), std::make_shared<L2>(), std::make_shared<Linf>(), std::make_shared<Lp>(1.5),
          std::make_shared<Lp>(4.0), std::make_shared<Quadratic>(spd3())};
}

using testing::vec;

TEST(SteepestDescent, DirectionMaximizesTheInnerProductOverTheUnitBall) {
  std::mt19937 rng(5);
  std::normal_distribution<double> normal;
  const Vector g = vec({0.7, -1.3, 0.4});
  for (const auto& norm : all_norms()) {
    Vector u;
    norm->steepest_direction(g, u);
    EXPECT_NEAR(norm->norm(u), 1.0, 1e-14) << norm->name();
    // Dual-norm identity: ⟨g, u*⟩ = ‖g‖_*.
    EXPECT_NEAR(g.dot(u), norm->dual_norm(g), 1e-14) << norm->name();
    // No unit-ball sample does better (samples scaled to the unit sphere of the norm).
    for (int k = 0; k < 2000; ++k) {
      Vector v(3);
      for (Index i = 0; i < 3; ++i) v(i) = normal(rng);
      v /= norm->norm(v);
      EXPECT_LE(g.dot(v), g.dot(u) + 1e-14) << norm->name();
    }
    // and small perturbations of u* renormalized do no better either.
    for (int k = 0; k < 200; ++k) {
      Vector v = u;
      for (Index i = 0; i < 3; ++i) v(i) += 1e-3 * normal(rng);
      v /= norm->norm(v);
      EXPECT_LE(g.dot(v), g.dot(u) + 1e-14) << norm->name();
    }
  }
}

TEST(SteepestDescent, DualNormsMatchTheirClosedForms) {
  const Vector g = vec({0.7, -1.3, 0.4});
  EXPECT_DOUBLE_EQ(L1().dual_norm(g), 1.3);
  EXPECT_DOUBLE_EQ(Linf().dual_norm(g), 2.4);
  EXPECT_DOUBLE_EQ(L2().dual_norm(g), g.norm());
  EXPECT_NEAR(Lp(3.0).dual_norm(g), std::pow(std::pow(0.7, 1.5) + std::pow(1.3, 1.5) + std::pow(0.4, 1.5), 1 / 1.5), 1e-15);
  const Eigen::MatrixXd P = spd3();
  EXPECT_NEAR(Quadratic(P).dual_norm(g), std::sqrt(g.dot(P.inverse() * g)), 1e-14);
}

TEST(SteepestDescent, StepsMatchTheHandComputedRule) {
  const Vector g = vec({0.7, -1.3, 0.4});
  const double eta = 0.5;
  auto step = [&](std::shared_ptr<const Norm> norm) {
    SteepestDescent sd(norm, Schedule::constant(eta));
    Vector w = Vector::Zero(3);
    sd.init(w);
    sd.update(g, 0, w, 0);
    return w;
  };
  EXPECT_LT((step(std::make_shared<L2>()) - (-eta * g)).norm(), 1e-15);             // GD
  EXPECT_LT((step(std::make_shared<L1>()) - vec({0, eta * 1.3, 0})).norm(), 1e-15);  // greedy coordinate
  EXPECT_LT((step(std::make_shared<Linf>()) - vec({-1.2, 1.2, -1.2})).norm(), 1e-15);  // −η‖g‖₁ sign g
  EXPECT_LT((step(std::make_shared<Quadratic>(spd3())) - (-eta * spd3().inverse() * g)).norm(), 1e-14);
  // ℓp: Δw_i = −η ‖g‖_q sign(g_i)|g_i|^{q−1}/‖g‖_q^{q−1} = −η sign(g_i)|g_i|^{q−1} ‖g‖_q^{2−q}
  const double q = 3.0 / 2.0, dual = Lp(3.0).dual_norm(g);
  Vector expected(3);
  for (Index i = 0; i < 3; ++i) expected(i) = -eta * (g(i) > 0 ? 1 : -1) * std::pow(std::abs(g(i)), q - 1) * std::pow(dual, 2 - q);
  EXPECT_LT((step(std::make_shared<Lp>(3.0)) - expected).norm(), 1e-14);
}

TEST(SteepestDescent, ConvergesToTheMinimizerOfAStronglyConvexQuadratic) {
  auto f = small_quadratic();
  const Vector w_star = f.minimizer();
  for (auto [norm, eta] : std::vector<std::pair<std::shared_ptr<const Norm>, double>>{
           {std::make_shared<L2>(), 0.3}, {std::make_shared<Quadratic>(f.A), 1.0}, {std::make_shared<L1>(), 0.3},
           {std::make_shared<Lp>(3.0), 0.1}}) {
    SteepestDescent sd(norm, Schedule::constant(eta));
    Vector w = Vector::Zero(3);
    const Report r = minimize(f, sd, w, {.max_iterations = 50000, .gradient_norm = 1e-12});
    EXPECT_EQ(r.status, Status::converged_gradient) << norm->name();
    EXPECT_LT((w - w_star).norm(), 1e-10) << norm->name();
  }
}

TEST(SteepestDescent, QuadraticNormWithTheHessianIsNewtonsMethod) {
  auto f = small_quadratic();
  SteepestDescent sd(std::make_shared<Quadratic>(f.A), Schedule::constant(1.0));
  Vector w = Vector::Zero(3);
  sd.init(w);
  sd.update(f.A * w - f.b, 0, w, 0);
  EXPECT_LT((w - f.minimizer()).norm(), 1e-14);
}

TEST(SteepestDescent, RejectsBadNorms) {
  EXPECT_THROW(Lp(1.0), std::invalid_argument);
  Eigen::MatrixXd indefinite(2, 2);
  indefinite << 1, 2, 2, 1;
  EXPECT_THROW(Quadratic{indefinite}, std::invalid_argument);
  EXPECT_THROW(Quadratic{Eigen::MatrixXd::Ones(2, 3)}, std::invalid_argument);
}

}  // namespace
}  // namespace fdl::optim
