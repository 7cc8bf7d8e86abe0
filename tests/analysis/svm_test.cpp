#include "fdl/analysis/min_norm_point.hpp"
#include "fdl/analysis/ntk.hpp"
#include "fdl/analysis/svm.hpp"

#include <gtest/gtest.h>

#include <random>

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
namespace an = fdl::analysis;

MatrixXd gaussian(int rows, int cols, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  MatrixXd m(rows, cols);
  for (auto& v : m.reshaped()) v = normal(rng);
  return m;
}

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
