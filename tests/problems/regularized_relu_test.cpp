// RegularizedRelu: value against the formula in Eigen, gradient against central differences, the
// normalized margin's invariance to rescaling (2-homogeneity), λ updates; xor_noise_data.
#include "fdl/problems/regularized_relu.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace fdl::test {
namespace {

using problems::RegularizedRelu;

RegularizedRelu small_net(double lambda) {
  const problems::SeparableData d = problems::xor_noise_data(12, 4, 3);
  return RegularizedRelu(d.X, d.y, 5, lambda);
}

TEST(RegularizedRelu, ValueIsMeanLogisticLossPlusPenalty) {
  RegularizedRelu f = small_net(0.01);
  const Eigen::VectorXd theta = f.initial_point(1, 0.5);
  const Eigen::MatrixXd W = f.first_layer(theta);
  const Eigen::VectorXd a = f.output_layer(theta);
  const Eigen::VectorXd u = (f.X() * W.transpose()).cwiseMax(0.0) * a;
  const double expected = (1 + (-f.y().array() * u.array()).exp()).log().mean() + 0.01 * theta.squaredNorm();
  EXPECT_NEAR(f.value(theta), expected, 1e-12);
  EXPECT_LT((f.predict(theta, f.X()) - u).norm(), 1e-12);
  f.set_lambda(0.0);
  EXPECT_NEAR(f.value(theta), expected - 0.01 * theta.squaredNorm(), 1e-12);
  EXPECT_THROW(f.set_lambda(-1), std::invalid_argument);
}

TEST(RegularizedRelu, GradientMatchesCentralDifferences) {
  RegularizedRelu f = small_net(0.1);
  const Eigen::VectorXd theta = f.initial_point(2, 0.7);
  Eigen::VectorXd g;
  f.value_and_grad(theta, g);
  for (Eigen::Index j = 0; j < theta.size(); ++j) {
    Eigen::VectorXd e = Eigen::VectorXd::Zero(theta.size());
    e(j) = 1e-6;
    EXPECT_NEAR(g(j), (f.value(theta + e) - f.value(theta - e)) / 2e-6, 1e-6) << j;
  }
}

TEST(RegularizedRelu, NormalizedMarginIsScaleInvariantAndErrorCountsSigns) {
  RegularizedRelu f = small_net(0.0);
  const Eigen::VectorXd theta = f.initial_point(4, 1.0);
  EXPECT_NEAR(f.normalized_margin(3.0 * theta), f.normalized_margin(theta), 1e-12);
  const Eigen::VectorXd u = f.predict(theta, f.X());
  EXPECT_NEAR(f.normalized_margin(theta), (f.y().array() * u.array()).minCoeff() / theta.squaredNorm(), 1e-12);
  EXPECT_DOUBLE_EQ(f.error(theta, f.X(), f.y()), double((f.y().array() * u.array() <= 0).count()) / 12.0);
}

TEST(XorNoiseData, LabelsAreTheProductOfTwoSignCoordinates) {
  const problems::SeparableData d = problems::xor_noise_data(200, 6, 9);
  EXPECT_TRUE((d.X.col(0).array().abs() == 1).all() && (d.X.col(1).array().abs() == 1).all());
  EXPECT_LT((d.y - d.X.col(0).cwiseProduct(d.X.col(1))).norm(), 1e-15);
  EXPECT_GT((d.y.array() > 0).count(), 60);  // both classes, about half each
  EXPECT_GT((d.y.array() < 0).count(), 60);
  EXPECT_NE(problems::xor_noise_data(200, 6, 10).X, d.X);
}

TEST(RegularizedRelu, RejectsBadInput) {
  const problems::SeparableData d = problems::xor_noise_data(5, 3, 0);
  EXPECT_THROW(RegularizedRelu(d.X, Eigen::VectorXd::Ones(4), 3, 0.1), std::invalid_argument);
  EXPECT_THROW(RegularizedRelu(d.X, 2 * d.y, 3, 0.1), std::invalid_argument);
  EXPECT_THROW(RegularizedRelu(d.X, d.y, 0, 0.1), std::invalid_argument);
  EXPECT_THROW(RegularizedRelu(d.X, d.y, 3, -0.1), std::invalid_argument);
  EXPECT_THROW(problems::xor_noise_data(5, 1, 0), std::invalid_argument);
}

}  // namespace
}  // namespace fdl::test
