#include "fdl/ad/ops.hpp"
#include "fdl/analysis/hessian.hpp"
#include "fdl/analysis/ntk.hpp"

#include "../gaussian.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
namespace ad = fdl::ad;
namespace an = fdl::analysis;

using fdl::test::gaussian;

TEST(ExtremeEigenvalues, LanczosAgreesWithDenseEigendecomposition) {
  for (int n : {2, 3, 40}) {
    const MatrixXd B = gaussian(n, n, n);
    const MatrixXd H = B + B.transpose();
    const auto r = an::extreme_eigenvalues([&](const VectorXd& v) { return VectorXd(H * v); }, n);
    Eigen::SelfAdjointEigenSolver<MatrixXd> dense(H);
    const double scale = dense.eigenvalues().cwiseAbs().maxCoeff();
    EXPECT_NEAR(r.smallest, dense.eigenvalues()(0), 1e-9 * scale);
    EXPECT_NEAR(r.largest, dense.eigenvalues()(n - 1), 1e-9 * scale);
    EXPECT_LT((H * r.smallest_vector - r.smallest * r.smallest_vector).norm(), 1e-6 * scale);
    EXPECT_LT((H * r.largest_vector - r.largest * r.largest_vector).norm(), 1e-6 * scale);
  }
}

// f(x) = ½ xᵀAx + Σ x_i³ has Hessian A + diag(6x).
TEST(Hessian, OfATracedLossIsExactAndCertifiesTheSaddle) {
  const int n = 6;
  const MatrixXd B = gaussian(n, n, 3), A = B + B.transpose();
  const VectorXd x0 = gaussian(n, 1, 4);
  ad::Graph g;
  ad::Var x = g.variable(x0);
  ad::Var loss = 0.5 * ad::sum(x * ad::matmul(g.constant(A), x)) + ad::sum(ad::pow(x, 3.0));
  const MatrixXd expected = A + MatrixXd(6 * x0.asDiagonal());
  EXPECT_LT((an::dense_hessian(g, loss) - expected).norm(), 1e-12 * expected.norm());
  const auto r = an::hessian_extreme_eigenvalues(g, loss);
  Eigen::SelfAdjointEigenSolver<MatrixXd> dense(expected);
  EXPECT_NEAR(r.smallest, dense.eigenvalues()(0), 1e-9 * expected.norm());
  EXPECT_NEAR(r.largest, dense.eigenvalues()(n - 1), 1e-9 * expected.norm());
  EXPECT_EQ(x.value(), x0);  // variables untouched
  EXPECT_THROW(an::dense_hessian(g, x), std::invalid_argument);
}

struct Quadratic : fdl::Objective {
  MatrixXd Q;
  explicit Quadratic(MatrixXd q) : Q(std::move(q)) {}
  fdl::Index dimension() const override { return Q.rows(); }
  double value(const fdl::Vector& w) override { return 0.5 * w.dot(Q * w); }
  double value_and_grad(const fdl::Vector& w, fdl::Vector& grad) override { return grad = Q * w, value(w); }
  fdl::Vector hvp(const fdl::Vector&, const fdl::Vector& v) override { return Q * v; }
};

TEST(Hessian, OfAnObjectiveUsesItsHvp) {
  const MatrixXd B = gaussian(5, 5, 8);
  Quadratic f(B * B.transpose());
  const VectorXd w = VectorXd::Zero(5);
  EXPECT_LT((an::dense_hessian(f, w) - f.Q).norm(), 1e-14 * f.Q.norm());
  const auto r = an::hessian_extreme_eigenvalues(f, w);
  Eigen::SelfAdjointEigenSolver<MatrixXd> dense(f.Q);
  EXPECT_NEAR(r.smallest, dense.eigenvalues()(0), 1e-9 * f.Q.norm());
  EXPECT_THROW(an::dense_hessian(f, VectorXd::Zero(4)), std::invalid_argument);
}

// f(x) = (1/√m) Σ_r a_r relu(w_rᵀx): ∂f/∂w_r = a_r 1{w_rᵀx > 0} x/√m, ∂f/∂a_r = relu(w_rᵀx)/√m.
TEST(NtkGram, IsJJTransposeOfTheHandWrittenJacobian) {
  const int n = 5, d = 3, m = 7;
  const MatrixXd X = gaussian(n, d, 11), W = gaussian(m, d, 12), a = gaussian(m, 1, 13);
  ad::Graph g;
  ad::Var w = g.variable(W), out = g.variable(a);
  ad::Var predictions = ad::matmul(ad::relu(ad::matmul(g.constant(X), ad::transpose(w))), out) / std::sqrt(double(m));
  const MatrixXd gram = an::ntk_gram(g, predictions);
  MatrixXd J(n, m * d + m);
  for (int i = 0; i < n; ++i) {
    const VectorXd pre = W * X.row(i).transpose();
    MatrixXd dW(m, d);
    for (int r = 0; r < m; ++r) dW.row(r) = (pre(r) > 0 ? a(r) : 0.0) * X.row(i) / std::sqrt(double(m));
    J.row(i).head(m * d) = dW.reshaped().transpose();
    J.row(i).tail(m) = pre.cwiseMax(0).transpose() / std::sqrt(double(m));
  }
  const MatrixXd expected = J * J.transpose();
  EXPECT_LT((gram - expected).norm(), 1e-12 * expected.norm());
  EXPECT_NEAR(an::smallest_eigenvalue(gram), Eigen::SelfAdjointEigenSolver<MatrixXd>(expected).eigenvalues()(0), 1e-10 * expected.norm());
}

// In two dimensions E_{w~N(0,I)}[g(wᵀx) h(wᵀx')] = (1/2π) ∫ E[r^k] g(u_φᵀx) h(u_φᵀx') dφ for
// k-homogeneous g·h, with E r² = 2, E r⁰ = 1: a quadrature independent of the closed forms.
TEST(ArccosKernel, MatchesQuadratureOverTheCircle) {
  const MatrixXd X = gaussian(3, 2, 21), Z = gaussian(4, 2, 22);
  const MatrixXd k0 = an::arccos_kernel(X, Z, 0), k1 = an::arccos_kernel(X, Z, 1), ntk = an::relu_ntk_two_layer(X, Z);
  const int steps = 40000;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) {
      double step_mean = 0, relu_mean = 0;
      for (int s = 0; s < steps; ++s) {
        const double phi = 2 * std::numbers::pi * (s + 0.5) / steps;
        const double u = std::cos(phi) * X(i, 0) + std::sin(phi) * X(i, 1), v = std::cos(phi) * Z(j, 0) + std::sin(phi) * Z(j, 1);
        step_mean += (u > 0 && v > 0) ? 1.0 / steps : 0.0;
        relu_mean += std::max(u, 0.0) * std::max(v, 0.0) / steps;
      }
      relu_mean *= 2;  // E r²
      EXPECT_NEAR(k0(i, j), 2 * step_mean, 1e-4);
      EXPECT_NEAR(k1(i, j), 2 * relu_mean, 1e-6 * (1 + k1(i, j)));
      EXPECT_NEAR(ntk(i, j), X.row(i).dot(Z.row(j)) * step_mean + relu_mean, 1e-4 * (1 + std::abs(ntk(i, j))));
    }
  EXPECT_THROW(an::arccos_kernel(X, Z, 2), std::invalid_argument);
  EXPECT_THROW(an::relu_ntk_two_layer(X, gaussian(2, 3, 1)), std::invalid_argument);
}

}  // namespace
