// GADMM (Hong, Lee, Razaviyayn 2018): one step against a hand computation, convergence to the
// normal-equations solution of consensus least squares, divergence reported when ρ is too small.
#include "fdl/optim/minimize.hpp"
#include "fdl/optim/primal_dual.hpp"
#include "objectives.hpp"

#include <gtest/gtest.h>

#include <random>

namespace fdl::optim {
namespace {

using testing::QuadraticObjective;

Eigen::MatrixXd matrix(Index rows, Index cols, std::initializer_list<double> entries) {
  Eigen::MatrixXd M(rows, cols);
  for (Index k = 0; const double e : entries) M(k / cols, k % cols) = e, ++k;
  return M;
}

TEST(GradientAdmm, StepMatchesAHandComputedStep) {
  // f(x) = ½(x − 3)², h(y) = y², x − y = 0, ρ = 2, proximal P = 1 on x, none on y; x⁰ = 1, y⁰ = 2, λ⁰ = ½.
  QuadraticObjective F(matrix(2, 2, {1, 0, 0, 2}), Vector::Map(std::vector<double>{3, 0}.data(), 2));
  GradientAdmm gadmm(matrix(1, 1, {1}), matrix(1, 1, {-1}), Vector::Zero(1), 2.0, matrix(1, 1, {1}), Eigen::MatrixXd(0, 1));
  gadmm.set_initial_multiplier(Vector::Constant(1, 0.5));
  Vector w(2);
  w << 1, 2;
  gadmm.init(w);
  const StepInfo at = gadmm.step(F, w, 0);
  // ∇f(x⁰) = −2, ∇h(y⁰) = 4. x-step: −2 + ½ + 2(x − 2) + 2(x − 1) = 0 → x¹ = 1.875.
  // y-step at x¹: 4 − ½ − 2(1.875 − y) = 0 → y¹ = 0.125. λ¹ = ½ + 2(1.875 − 0.125) = 4.
  EXPECT_NEAR(w(0), 1.875, 1e-15);
  EXPECT_NEAR(w(1), 0.125, 1e-15);
  EXPECT_NEAR(gadmm.multiplier()(0), 4.0, 1e-14);
  EXPECT_EQ(at.value, 0.5 * 1 - 3 + 4);  // F without its constant 4.5: ½x² − 3x + y²
  EXPECT_NEAR(gadmm.constraint_violation(w), 1.75, 1e-15);
  EXPECT_EQ(gadmm.name(), "gradient_admm");
}

TEST(GradientAdmm, RejectsBadShapes) {
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(2, 2), none(0, 2);
  EXPECT_THROW(GradientAdmm(I, I, Vector::Zero(3), 1.0, none, none), std::invalid_argument);
  EXPECT_THROW(GradientAdmm(I, I, Vector::Zero(2), 0.0, none, none), std::invalid_argument);
  EXPECT_THROW(GradientAdmm(I, I, Vector::Zero(2), 1.0, Eigen::MatrixXd::Identity(3, 3), none), std::invalid_argument);
  // BᵀB singular and no proximal term on y.
  EXPECT_THROW(GradientAdmm(I, matrix(2, 2, {1, 0, 0, 0}), Vector::Zero(2), 1.0, none, none), std::invalid_argument);
  GradientAdmm ok(I, I, Vector::Zero(2), 1.0, none, none);
  EXPECT_THROW(ok.init(Vector::Zero(2)), std::invalid_argument);
  EXPECT_THROW(ok.set_initial_multiplier(Vector::Zero(4)), std::invalid_argument);
}

// Global consensus least squares: min Σ_i ½‖A_i x_i − b_i‖² s.t. x_i = z, i = 1..n, as GADMM's
// A = I, B = −(1 ⊗ I_d), b = 0, h = 0, on w = (x_1, …, x_n, z). F is ½wᵀHw − cᵀw with
// H = blkdiag(A_iᵀA_i, 0), c = (A_iᵀb_i, 0); the solution is x_i = z = (Σ A_iᵀA_i)⁻¹ Σ A_iᵀb_i.
struct ConsensusLeastSquares {
  ConsensusLeastSquares(Index n, Index d, Index m, std::uint64_t seed)
      : F(Eigen::MatrixXd::Zero((n + 1) * d, (n + 1) * d), Vector::Zero((n + 1) * d)),
        A(Eigen::MatrixXd::Identity(n * d, n * d)), B(n * d, d), normal(Eigen::MatrixXd::Zero(d, d)), rhs(Vector::Zero(d)) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> gauss;
    for (Index i = 0; i < n; ++i) {
      const Eigen::MatrixXd Ai = Eigen::MatrixXd::NullaryExpr(m, d, [&] { return gauss(rng); });
      const Vector bi = Vector::NullaryExpr(m, [&] { return gauss(rng); });
      F.A.block(i * d, i * d, d, d) = Ai.transpose() * Ai;
      F.b.segment(i * d, d) = Ai.transpose() * bi;
      normal += Ai.transpose() * Ai, rhs += Ai.transpose() * bi;
      B.middleRows(i * d, d) = -Eigen::MatrixXd::Identity(d, d);
      lipschitz = std::max(lipschitz, Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(Ai.transpose() * Ai).eigenvalues().maxCoeff());
    }
  }
  GradientAdmm gadmm(double rho) const { return {A, B, Vector::Zero(A.rows()), rho, Eigen::MatrixXd(0, A.cols()), Eigen::MatrixXd(0, B.cols())}; }
  QuadraticObjective F;
  Eigen::MatrixXd A, B, normal;
  Vector rhs;
  double lipschitz = 0;
};

TEST(GradientAdmm, ConsensusLeastSquaresReachesTheNormalEquationsSolution) {
  const Index n = 3, d = 3;
  for (std::uint64_t seed : {0, 1, 2}) {
    ConsensusLeastSquares problem(n, d, 5, seed);
    const Vector solution = problem.normal.ldlt().solve(problem.rhs);
    GradientAdmm gadmm = problem.gadmm(2 * problem.lipschitz);
    Vector w = Vector::Zero((n + 1) * d);
    const Report r = minimize(problem.F, gadmm, w, {.max_iterations = 3000});
    for (Index i = 0; i <= n; ++i) EXPECT_LT((w.segment(i * d, d) - solution).norm(), 1e-10) << "seed " << seed << " block " << i;
    EXPECT_LT(gadmm.constraint_violation(w), 1e-10) << "seed " << seed;
    EXPECT_EQ(r.status, Status::max_iterations);
  }
}

TEST(GradientAdmm, TooSmallRhoIsReportedAsDiverged) {
  ConsensusLeastSquares problem(3, 3, 5, 0);
  GradientAdmm gadmm = problem.gadmm(0.05 * problem.lipschitz);  // x-step length 1/ρ = 20/L
  Vector w = Vector::Ones(12);
  Report r;
  EXPECT_NO_THROW(r = minimize(problem.F, gadmm, w, {.max_iterations = 100000}));
  EXPECT_EQ(r.status, Status::diverged);
  EXPECT_GE(r.diverged_at, 1);
  EXPECT_LT(r.iterations, 100000);
}

}  // namespace
}  // namespace fdl::optim
