// The min-norm point of a hull against closed forms and projected gradient; Goldstein
// stationarity on functions whose answer is known.
#include "fdl/analysis/min_norm_point.hpp"
#include "fdl/analysis/stationarity.hpp"
#include "fdl/fdl.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace fdl::test {
namespace {

using analysis::min_norm_point;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// Euclidean projection onto the simplex (sort-based, Held–Wolfe–Crowder).
VectorXd project_to_simplex(const VectorXd& v) {
  std::vector<double> u(v.data(), v.data() + v.size());
  std::sort(u.rbegin(), u.rend());
  double cumulative = 0, theta = 0;
  for (std::size_t k = 0; k < u.size(); ++k) {
    cumulative += u[k];
    double t = (cumulative - 1) / static_cast<double>(k + 1);
    if (u[k] - t > 0) theta = t;
  }
  return (v.array() - theta).max(0.0).matrix();
}

// A second method: accelerated projected gradient on ½‖Gλ‖² over the simplex.
double min_norm_by_projected_gradient(const MatrixXd& G) {
  const double L = (G.transpose() * G).eigenvalues().real().maxCoeff();
  VectorXd lambda = VectorXd::Constant(G.cols(), 1.0 / G.cols()), previous = lambda;
  for (int t = 1; t <= 40000; ++t) {
    VectorXd y = lambda + (t - 1.0) / (t + 2.0) * (lambda - previous);
    previous = lambda;
    lambda = project_to_simplex(y - G.transpose() * (G * y) / L);
  }
  return (G * lambda).norm();
}

TEST(MinNormPoint, SegmentMatchesClosedForm) {
  std::mt19937_64 rng(1);
  std::normal_distribution<double> n;
  for (int trial = 0; trial < 20; ++trial) {
    VectorXd a(3), b(3);
    for (int i = 0; i < 3; ++i) a(i) = n(rng), b(i) = n(rng);
    double t = std::clamp(-a.dot(b - a) / (b - a).squaredNorm(), 0.0, 1.0);
    MatrixXd G(3, 2);
    G << a, b;
    auto r = min_norm_point(G);
    EXPECT_NEAR(r.norm, (a + t * (b - a)).norm(), 1e-12);
    EXPECT_NEAR(r.weights.sum(), 1.0, 1e-12);
    EXPECT_GE(r.weights.minCoeff(), 0.0);
  }
}

TEST(MinNormPoint, OriginInsideHullGivesZero) {
  MatrixXd G(2, 3);
  G << 1, -1, 0,  //
      1, 1, -2;
  EXPECT_LT(min_norm_point(G).norm, 1e-12);
}

TEST(MinNormPoint, AgreesWithProjectedGradientOnRandomHulls) {
  std::mt19937_64 rng(2);
  std::normal_distribution<double> n;
  for (int trial = 0; trial < 8; ++trial) {
    const int d = 2 + trial % 4, m = 3 + 2 * trial;
    MatrixXd G(d, m);
    for (double& x : G.reshaped()) x = n(rng) + 0.7;  // shifted: the origin is usually outside
    auto r = min_norm_point(G);
    EXPECT_NEAR(r.norm, min_norm_by_projected_gradient(G), 1e-7) << "trial " << trial;
    EXPECT_NEAR((G * r.weights - r.point).norm(), 0.0, 1e-12);
  }
}

TEST(GoldsteinStationarity, AbsoluteValueNearItsKinkIsStationary) {
  ad::Graph g;
  ad::Var x = g.variable(ad::Matrix::Constant(1, 1, 0.01));
  ad::Var f = ad::abs(x);
  auto e = analysis::goldstein_stationarity(g, f, 0.1, 20, 3);
  EXPECT_LT(e.epsilon, 1e-12);  // gradients −1 and +1 both occur in the ball
  EXPECT_FALSE(e.descent);
  EXPECT_EQ(x.value()(0), 0.01);  // x is restored exactly
}

TEST(GoldsteinStationarity, AbsoluteValueFarFromItsKinkIsNot) {
  ad::Graph g;
  ad::Var x = g.variable(ad::Matrix::Constant(1, 1, 1.0));
  auto e = analysis::goldstein_stationarity(g, ad::abs(x), 0.1, 20, 4);
  EXPECT_NEAR(e.epsilon, 1.0, 1e-12);
  EXPECT_TRUE(e.descent);  // f(1) − f(0.9) = 0.1 ≥ δ/4
}

TEST(GoldsteinStationarity, MaxOfAffineFunctionsAtTheirCommonKink) {
  // f(x) = max(x₁ + x₂, x₁ − x₂): ∂f(0) = conv{(1, 1), (1, −1)}, min-norm element (1, 0).
  ad::Graph g;
  ad::Var x = g.variable(ad::Matrix::Zero(2, 1));
  ad::Matrix A(2, 2);
  A << 1, 1, 1, -1;
  ad::Var f = ad::max(ad::matmul(g.constant(A), x));
  auto e = analysis::goldstein_stationarity(g, f, 0.05, 30, 5);
  EXPECT_NEAR(e.epsilon, 1.0, 1e-12);
  EXPECT_NEAR(e.min_norm_element(0), 1.0, 1e-12);
  EXPECT_NEAR(e.min_norm_element(1), 0.0, 1e-12);
}

TEST(GoldsteinStationarity, SmoothQuadraticIsBoundedByTheBall) {
  // f = ½‖x‖², ∇f(y) = y: the min-norm element over the δ-ball around x has norm ‖x‖ − δ, and
  // the sampled hull's lies between that and ‖x‖.
  ad::Graph g;
  ad::Var x = g.variable((ad::Matrix(2, 1) << 3.0, 4.0).finished());
  auto e = analysis::goldstein_stationarity(g, 0.5 * ad::sum(ad::square(x)), 0.5, 400, 6);
  EXPECT_GE(e.epsilon, 4.5 - 1e-12);
  EXPECT_LT(e.epsilon, 4.6);
  EXPECT_TRUE(e.descent);
}

}  // namespace
}  // namespace fdl::test
