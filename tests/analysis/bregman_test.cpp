#include "fdl/analysis/bregman.hpp"

#include "../gaussian.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using fdl::analysis::min_bregman_interpolant;
using fdl::analysis::Potential;

using fdl::test::gaussian;

// The second method: gradient descent with Barzilai–Borwein steps on the primal, in coordinates
// z of the null space of X (w = w_f + N z), with ∇ψ written here independently of the library.
VectorXd primal_minimizer(const MatrixXd& X, const VectorXd& y, const VectorXd& w0, const std::function<VectorXd(const VectorXd&)>& grad_psi,
                          const std::function<bool(const VectorXd&)>& in_domain, const VectorXd& start) {
  Eigen::JacobiSVD<MatrixXd> svd(X, Eigen::ComputeFullV);
  const MatrixXd N = svd.matrixV().rightCols(X.cols() - X.rows());
  const VectorXd w_f = start;
  EXPECT_LT((X * w_f - y).norm(), 1e-10);
  const VectorXd g0 = grad_psi(w0);
  auto gradient = [&](const VectorXd& z) { return VectorXd(N.transpose() * (grad_psi(w_f + N * z) - g0)); };
  VectorXd z = VectorXd::Zero(N.cols()), g = gradient(z);
  double step = 1e-2;
  for (int k = 0; k < 20000 && g.norm() > 1e-13; ++k) {
    VectorXd next = z - step * g;
    while (!in_domain(w_f + N * next)) next = z - (step /= 2) * g;
    const VectorXd g_next = gradient(next);
    const VectorXd s = next - z, d = g_next - g;
    if (s.dot(d) > 0) step = s.dot(s) / s.dot(d);
    z = next, g = g_next;
  }
  EXPECT_LT(g.norm(), 1e-10);
  return w_f + N * z;
}

TEST(MinBregmanInterpolant, EuclideanIsThePseudoInverseCorrection) {
  const MatrixXd X = gaussian(4, 9, 1);
  const VectorXd y = gaussian(4, 1, 2), w0 = gaussian(9, 1, 3);
  const auto r = min_bregman_interpolant(X, y, w0, Potential::euclidean());
  const VectorXd expected = w0 + X.completeOrthogonalDecomposition().pseudoInverse() * (y - X * w0);
  EXPECT_LT((r.w - expected).norm(), 1e-10 * expected.norm());
  EXPECT_LE(r.feasibility, 1e-12 * std::max(1.0, y.lpNorm<Eigen::Infinity>()));
  EXPECT_NEAR(r.divergence, 0.5 * (expected - w0).squaredNorm(), 1e-10);
  // ½‖·‖_2² as a p-norm potential is the same problem.
  const auto p2 = min_bregman_interpolant(X, y, w0, Potential::p_norm(2));
  EXPECT_LT((p2.w - expected).norm(), 1e-10 * expected.norm());
}

TEST(MinBregmanInterpolant, EntropyWithOneSumConstraintRescalesTheInit) {
  // argmin KL(w, w0) s.t. Σw = s is w0 · s / Σw0.
  const VectorXd w0 = (gaussian(6, 1, 4).array().abs() + 0.1).matrix();
  const MatrixXd X = MatrixXd::Ones(1, 6);
  const VectorXd y = VectorXd::Constant(1, 3.0);
  const auto r = min_bregman_interpolant(X, y, w0, Potential::entropy());
  const VectorXd expected = w0 * 3.0 / w0.sum();
  EXPECT_LT((r.w - expected).norm(), 1e-12 * expected.norm());
}

struct Case {
  Potential potential;
  std::function<VectorXd(const VectorXd&)> grad_psi;
  bool positive;
};

TEST(MinBregmanInterpolant, AgreesWithPrimalGradientDescentForEveryPotential) {
  const double beta = 0.3, p = 1.5, p3 = 3.0;
  auto pnorm_grad = [](double r) {
    return [r](const VectorXd& w) -> VectorXd {
      const double norm = std::pow(w.array().abs().pow(r).sum(), 1 / r);
      return std::pow(norm, 2 - r) * w.array().sign() * w.array().abs().pow(r - 1);
    };
  };
  const std::vector<Case> cases = {
      {Potential::euclidean(), [](const VectorXd& w) { return w; }, false},
      {Potential::entropy(), [](const VectorXd& w) -> VectorXd { return w.array().log(); }, true},
      {Potential::hypentropy(beta), [beta](const VectorXd& w) -> VectorXd { return (w.array() / beta).asinh(); }, false},
      {Potential::p_norm(p), pnorm_grad(p), false},
      {Potential::p_norm(p3), pnorm_grad(p3), false},
  };
  for (std::size_t c = 0; c < cases.size(); ++c) {
    SCOPED_TRACE(cases[c].potential.name());
    const MatrixXd X = gaussian(3, 8, 10 + c);
    VectorXd w0 = gaussian(8, 1, 20 + c), w_feasible = gaussian(8, 1, 30 + c);
    if (cases[c].positive) w0 = w0.array().abs() + 0.05, w_feasible = w_feasible.array().abs() + 0.05;
    const VectorXd y = X * w_feasible;
    const auto r = min_bregman_interpolant(X, y, w0, cases[c].potential);
    EXPECT_LE(r.feasibility, 1e-12 * std::max(1.0, y.lpNorm<Eigen::Infinity>()));
    auto in_domain = [&](const VectorXd& w) { return !cases[c].positive || (w.array() > 0).all(); };
    const VectorXd reference = primal_minimizer(X, y, w0, cases[c].grad_psi, in_domain, w_feasible);
    EXPECT_LT((r.w - reference).norm(), 1e-6 * reference.norm());
    EXPECT_LE(r.divergence, cases[c].potential.divergence(reference, w0) + 1e-10);
  }
}

TEST(MinBregmanInterpolant, RejectsBadInput) {
  const MatrixXd X = gaussian(2, 4, 5);
  const VectorXd y = gaussian(2, 1, 6), w0 = VectorXd::Ones(4);
  EXPECT_THROW(min_bregman_interpolant(X, VectorXd::Ones(3), w0, Potential::euclidean()), std::invalid_argument);
  EXPECT_THROW(min_bregman_interpolant(X, y, VectorXd::Ones(5), Potential::euclidean()), std::invalid_argument);
  EXPECT_THROW(min_bregman_interpolant(X, y, -w0, Potential::entropy()), std::invalid_argument);
  EXPECT_THROW(Potential::hypentropy(0), std::invalid_argument);
  EXPECT_THROW(Potential::p_norm(1), std::invalid_argument);
  EXPECT_THROW(Potential::named("log-barrier"), std::invalid_argument);
  MatrixXd rank_one(2, 4);
  rank_one << 1, 2, 3, 4, 2, 4, 6, 8;
  EXPECT_THROW(min_bregman_interpolant(rank_one, VectorXd::Ones(2), w0, Potential::euclidean()), std::invalid_argument);
}

}  // namespace
