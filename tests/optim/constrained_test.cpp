#include "fdl/optim/minimize.hpp"
#include "fdl/optim/primal_dual.hpp"
#include "fdl/optim/riemannian_sphere.hpp"
#include "objectives.hpp"

#include <Eigen/Eigenvalues>
#include <gtest/gtest.h>

#include <cmath>

namespace fdl::optim {
namespace {

using testing::small_quadratic;

// Consensus: Σ_i ½‖x_i − a_i‖² over 3 nodes in a path, d = 2; the solution is every x_i = mean a_i.
class LocalSquares : public Objective {
 public:
  explicit LocalSquares(Vector a) : a(std::move(a)) {}
  Index dimension() const override { return a.size(); }
  double value(const Vector& x) override { return 0.5 * (x - a).squaredNorm(); }
  double value_and_grad(const Vector& x, Vector& g) override {
    g = x - a;
    return value(x);
  }
  Vector a;
};

TEST(GradientPrimalDual, ConsensusConstraintsAreIncidenceMatrices) {
  const auto k = consensus_constraints({{0, 1}, {1, 2}}, 3, 1);
  Eigen::MatrixXd A(2, 3), B(2, 3);
  A << 1, -1, 0, 0, 1, -1;
  B << 1, 1, 0, 0, 1, 1;
  EXPECT_EQ(k.A, A);
  EXPECT_EQ(k.B, B);
  // AᵀA + BᵀB = 2 · Degree.
  EXPECT_EQ(k.A.transpose() * k.A + k.B.transpose() * k.B, Eigen::MatrixXd(Vector(Vector::Map(std::vector<double>{2, 4, 2}.data(), 3)).asDiagonal()));
  EXPECT_THROW(consensus_constraints({{0, 0}}, 3, 1), std::invalid_argument);
}

TEST(GradientPrimalDual, StepMatchesTheClosedForm) {
  const auto k = consensus_constraints({{0, 1}, {1, 2}}, 3, 2);
  Vector a(6);
  a << 1, 2, -1, 0, 3, 5;
  LocalSquares f(a);
  const double rho = 2;
  GradientPrimalDual gpda(k.A, k.B, Vector::Zero(4), rho);
  Vector x(6);
  x << 0.5, 0, 0, 1, -1, 2;
  gpda.init(x);
  const Vector x0 = x;
  gpda.step(f, x, 0);
  const Eigen::MatrixXd BtB = k.B.transpose() * k.B, M = k.A.transpose() * k.A + BtB;
  const Vector expected = M.inverse() * (BtB * x0 - (x0 - a) / rho);  // λ₀ = 0, b = 0
  EXPECT_LT((x - expected).norm(), 1e-14);
  EXPECT_LT((gpda.multiplier() - rho * k.A * expected).norm(), 1e-14);
}

TEST(GradientPrimalDual, InitialMultiplierEntersTheFirstStep) {
  const auto k = consensus_constraints({{0, 1}}, 2, 1);
  LocalSquares f(Vector::Zero(2));
  const double rho = 2;
  GradientPrimalDual gpda(k.A, k.B, Vector::Zero(1), rho);
  Vector lambda0(1);
  lambda0 << 0.6;
  gpda.set_initial_multiplier(lambda0);
  Vector x(2);
  x << 1, 3;
  gpda.init(x);
  gpda.step(f, x, 0);
  // AᵀA + BᵀB = 2I, so x¹ = ½[BᵀB x⁰ − (x⁰ + Aᵀλ⁰)/ρ], λ¹ = λ⁰ + ρ(x¹₁ − x¹₂), by hand:
  // BᵀB x⁰ = (4, 4), x⁰ + Aᵀλ⁰ = (1.6, 2.4) → x¹ = (1.6, 1.4), λ¹ = 0.6 + 2·0.2 = 1.
  EXPECT_NEAR(x(0), 1.6, 1e-15);
  EXPECT_NEAR(x(1), 1.4, 1e-15);
  EXPECT_NEAR(gpda.multiplier()(0), 1.0, 1e-15);
  EXPECT_THROW(gpda.set_initial_multiplier(Vector::Zero(2)), std::invalid_argument);
}

TEST(GradientPrimalDual, ReachesConsensusAtTheAverage) {
  const auto k = consensus_constraints({{0, 1}, {1, 2}}, 3, 2);
  Vector a(6);
  a << 1, 2, -1, 0, 3, 5;
  LocalSquares f(a);
  GradientPrimalDual gpda(k.A, k.B, Vector::Zero(4), 1.0);
  Vector x = Vector::Zero(6);
  minimize(f, gpda, x, {.max_iterations = 3000});
  Vector expected(6);
  expected << 1, 7.0 / 3, 1, 7.0 / 3, 1, 7.0 / 3;
  EXPECT_LT((x - expected).norm(), 1e-10);
  EXPECT_LT(gpda.constraint_violation(x), 1e-10);
}

TEST(RiemannianSphereGD, StepIsProjectedGradientThenNormalisation) {
  RiemannianSphereGD rgd(Schedule::constant(0.5));
  Vector w(2), g(2);
  w << 1, 0;
  g << 1, 2;  // tangent part (0, 2)
  rgd.init(w);
  rgd.update(g, 0, w, 0);
  Vector expected(2);
  expected << 1, -1;
  EXPECT_LT((w - expected / std::sqrt(2.0)).norm(), 1e-15);
  EXPECT_NEAR(w.norm(), 1.0, 1e-15);
}

TEST(RiemannianSphereGD, FindsTheEigenvectorOfTheSmallestEigenvalue) {
  // min ½wᵀAw on the sphere: the eigenvector of λ_min(A).
  auto f = small_quadratic();
  f.b.setZero();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(f.A);
  const Vector v = eig.eigenvectors().col(0);
  RiemannianSphereGD rgd(Schedule::constant(0.2));
  Vector w = Vector::Ones(3);
  minimize(f, rgd, w, {.max_iterations = 2000});
  EXPECT_NEAR(w.norm(), 1.0, 1e-15);
  EXPECT_LT(std::min((w - v).norm(), (w + v).norm()), 1e-10);
  Vector g(3);
  f.value_and_grad(w, g);
  EXPECT_LT(RiemannianSphereGD::riemannian_gradient_norm(g, w), 1e-10);
  EXPECT_THROW(rgd.init(Vector::Zero(3)), std::invalid_argument);
}

}  // namespace
}  // namespace fdl::optim
