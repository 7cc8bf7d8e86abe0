#include "fdl/analysis/min_norm_point.hpp"
#include "fdl/analysis/ntk.hpp"
#include "fdl/analysis/svm.hpp"

#include "../gaussian.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
namespace an = fdl::analysis;

using fdl::test::gaussian;

TEST(L1SvmReluFeatures, TwoOppositePointsSplitTheWeightEvenly) {
  // x₂ = −x₁, directions ±x₁/‖x₁‖: φ(x₁) = (‖x₁‖, 0), φ(x₂) = (0, ‖x₁‖); a = (½, −½), γ = ‖x₁‖/2.
  const VectorXd x = (VectorXd(3) << 1, -2, 2).finished();
  MatrixXd X(2, 3), U(2, 3);
  X << x.transpose(), -x.transpose();
  U << x.transpose() / 3, -x.transpose() / 3;
  const auto r = an::l1_svm_relu_features(X, (VectorXd(2) << 1, -1).finished(), U);
  EXPECT_NEAR(r.margin, 1.5, 1e-9);
  EXPECT_LT((r.w - (VectorXd(2) << 0.5, -0.5).finished()).norm(), 1e-9);
  EXPECT_THROW(an::relu_features(X, MatrixXd::Ones(2, 2)), std::invalid_argument);
}

// Wei et al.'s 1-D data (x = linspace(−1, 1, 8), labels + + + − − + + +), lifted to (x, 1), with K
// directions on the circle. The K = 500 directions are among the K = 2000 ones, so the margin can
// only grow; every returned a must attain it. (CLP's plain primal simplex stopped at γ = 0 here.)
TEST(L1SvmReluFeatures, ManyCircleDirectionsOnOneDimensionalData) {
  MatrixXd X(8, 2);
  VectorXd y(8);
  for (int i = 0; i < 8; ++i) X(i, 0) = -1 + 2.0 * i / 7, X(i, 1) = 1, y(i) = (i == 3 || i == 4) ? -1 : 1;
  auto margin = [&](int K) {
    MatrixXd U(K, 2);
    for (int k = 0; k < K; ++k) U(k, 0) = std::cos(2 * M_PI * k / K), U(k, 1) = std::sin(2 * M_PI * k / K);
    const auto r = an::l1_svm_relu_features(X, y, U);
    EXPECT_NEAR(r.w.lpNorm<1>(), 1, 1e-9);
    EXPECT_NEAR((y.asDiagonal() * (an::relu_features(X, U) * r.w)).minCoeff(), r.margin, 1e-9);
    return r.margin;
  };
  const double coarse = margin(500), fine = margin(2000);
  EXPECT_GT(coarse, 0.05);
  EXPECT_GE(fine, coarse - 1e-12);
}

TEST(KernelSvm, LinearKernelIsTheL2MaxMargin) {
  const MatrixXd X = gaussian(10, 4, 1);
  const VectorXd y = (X * gaussian(4, 1, 2)).array().sign();
  const auto svm = an::kernel_svm(X * X.transpose(), y);
  const auto primal = an::max_margin(X, y, an::MarginNorm::l2());
  EXPECT_NEAR(svm.margin, primal.margin, 1e-7 * primal.margin);
  EXPECT_LT((X.transpose() * svm.coefficients - primal.w).norm(), 1e-6);  // f(x) = ⟨Σ c_i x_i, x⟩
}

TEST(KernelSvm, NtkKernelAgreesWithWolfeAndSeparatesXor) {
  // γ = min over the simplex of √(βᵀQβ), Q = (yyᵀ)∘K: the min-norm point of the columns of Q^{1/2}.
  MatrixXd X(4, 2);
  X << 1, 1, -1, -1, 1, -1, -1, 1;
  const VectorXd y = (VectorXd(4) << 1, 1, -1, -1).finished();
  EXPECT_THROW(an::kernel_svm(X * X.transpose(), y), an::NotSeparable);
  for (const MatrixXd& data : {X, gaussian(9, 3, 5)}) {
    const VectorXd labels = data.rows() == 4 ? y : VectorXd(gaussian(9, 1, 6).array().sign());
    const MatrixXd K = an::relu_ntk_two_layer(data, data);
    const auto svm = an::kernel_svm(K, labels);
    const MatrixXd Q = labels.asDiagonal() * K * labels.asDiagonal();
    Eigen::SelfAdjointEigenSolver<MatrixXd> eig(Q);
    const auto wolfe = an::min_norm_point(eig.operatorSqrt());
    EXPECT_NEAR(svm.margin, wolfe.norm, 1e-6 * wolfe.norm);
    EXPECT_NEAR(svm.coefficients.dot(K * svm.coefficients), 1.0, 1e-9);  // ‖f‖_H = 1
  }
}

TEST(KernelSvm, RejectsBadInput) {
  EXPECT_THROW(an::kernel_svm(MatrixXd::Identity(3, 3), VectorXd::Ones(2)), std::invalid_argument);
  EXPECT_THROW(an::kernel_svm(MatrixXd::Ones(2, 3), VectorXd::Ones(2)), std::invalid_argument);
  EXPECT_THROW(an::kernel_svm((MatrixXd(2, 2) << 1, 0.5, 0, 1).finished(), VectorXd::Ones(2)), std::invalid_argument);
}

}  // namespace
