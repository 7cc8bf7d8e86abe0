#include "fdl/analysis/generalization.hpp"
#include "fdl/analysis/moreau.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
namespace an = fdl::analysis;

TEST(SpectralComplexity, MatchesHandComputedValues) {
  // One row a: ‖a‖_σ = ‖a‖ and ‖aᵀ‖_{2,1} = ‖a‖, so R = ‖a‖ (‖a‖^{2/3}/‖a‖^{2/3})^{3/2} = ‖a‖.
  const MatrixXd a = (MatrixXd(1, 2) << 3, 4).finished();
  EXPECT_NEAR(an::spectral_complexity({a}), 5.0, 1e-12);
  // diag(2, 1) then a 1×2 row (1, 1): spectral norms 2 and √2; (2,1)-norms 3 and √2;
  // R = 2√2 · (3^{2/3}/2^{2/3} + 1)^{3/2}; with ρ = (1, 0.5) half of it.
  const MatrixXd D = (MatrixXd(2, 2) << 2, 0, 0, 1).finished(), r = MatrixXd::Ones(1, 2);
  const double expected = 2 * std::sqrt(2.0) * std::pow(std::pow(1.5, 2.0 / 3) + 1, 1.5);
  EXPECT_NEAR(an::spectral_complexity({D, r}), expected, 1e-12 * expected);
  EXPECT_NEAR(an::spectral_complexity({D, r}, {1.0, 0.5}), expected / 2, 1e-12 * expected);
  EXPECT_NEAR(an::spectral_complexity({D, r}, {}, {D, r}), 0.0, 1e-15);  // at the reference
  EXPECT_THROW(an::spectral_complexity({D, MatrixXd::Ones(1, 3)}), std::invalid_argument);
}

TEST(SpectralMarginBound, CountsMarginViolationsAndScalesAsOneOverGammaN) {
  const MatrixXd a = (MatrixXd(1, 2) << 3, 4).finished();
  const MatrixXd X = (MatrixXd(4, 2) << 1, 0, 0, 1, 1, 1, 0, 0).finished();
  const VectorXd margins = (VectorXd(4) << 0.5, 2.0, 3.0, 0.1).finished();
  const auto b = an::spectral_margin_bound({a}, X, margins, 1.0);
  EXPECT_DOUBLE_EQ(b.margin_loss, 0.5);
  EXPECT_NEAR(b.complexity_term, std::sqrt(4.0) * 5.0 * std::log(2.0) / 4.0, 1e-12);
  EXPECT_NEAR(an::spectral_margin_bound({a}, X, margins, 2.0).complexity_term, b.complexity_term / 2, 1e-12);
  EXPECT_THROW(an::spectral_margin_bound({a}, X, margins, 0.0), std::invalid_argument);
  EXPECT_THROW(an::spectral_margin_bound({a}, MatrixXd::Ones(4, 3), margins, 1.0), std::invalid_argument);
}

// f(x) = 2 relu(x₁) − relu(2x₂) on four points, each with y f(x) = 2 (the fourth has a negative
// pre-activation): Σ_j |u_j| ‖w_j‖ = 2·1 + 1·2 = 4, γ = 2/(2·4) = 1/4, D = (1 + 1 + 5 + 2)/4 = 9/4,
// (6/γ)√(D/n) = 24 · 3/4 = 18, C = √5, ε = √(ln log₂(16√5)/4) + √(ln 20/8) at δ = 0.05.
struct TinyNet {
  MatrixXd W = (MatrixXd(2, 2) << 1, 0, 0, 2).finished();
  VectorXd u = (VectorXd(2) << 2, -1).finished();
  MatrixXd X = (MatrixXd(4, 2) << 1, 0, 0, 1, 2, 1, -1, 1).finished();
  VectorXd y = (VectorXd(4) << 1, -1, 1, -1).finished();
};

TEST(TwoLayerMarginBound, MatchesHandComputedValuesOnATinyNet) {
  const TinyNet t;
  const auto b = an::two_layer_margin_bound(t.W, t.u, t.X, t.y);
  EXPECT_NEAR(b.normalized_margin, 0.25, 1e-15);
  EXPECT_NEAR(b.mean_squared_norm, 2.25, 1e-15);
  EXPECT_NEAR(b.input_bound, std::sqrt(5.0), 1e-15);
  EXPECT_NEAR(b.complexity_term, 18.0, 1e-13);
  const double epsilon = std::sqrt(std::log(4 + 0.5 * std::log2(5.0)) / 4) + std::sqrt(std::log(20.0) / 8);
  EXPECT_NEAR(b.low_order_term, epsilon, 1e-14);
  EXPECT_NEAR(b.bound, 18.0 + epsilon, 1e-13);
  // A larger C or a smaller δ only moves ε.
  const auto wider = an::two_layer_margin_bound(t.W, t.u, t.X, t.y, 0.01, 10.0);
  EXPECT_NEAR(wider.complexity_term, 18.0, 1e-13);
  EXPECT_NEAR(wider.low_order_term, std::sqrt(std::log(std::log2(160.0)) / 4) + std::sqrt(std::log(100.0) / 8), 1e-14);
}

TEST(TwoLayerMarginBound, EqualsTheParameterNormMarginOfTheBalancedNet) {
  // Rescale neuron j by c_j = √(|u_j|/‖w_j‖) so that |u_j| = ‖w_j‖; then γ = min_i y_i f(x_i)/‖Θ‖₂²,
  // the normalized margin of the 2-homogeneous net computed by analysis::normalized_margin.
  const TinyNet t;
  MatrixXd W = t.W;
  VectorXd u = t.u;
  for (Eigen::Index j = 0; j < W.rows(); ++j) {
    const double c = std::sqrt(std::abs(u(j)) / W.row(j).norm());
    W.row(j) *= c, u(j) /= c;
  }
  const VectorXd f = (t.X * W.transpose()).cwiseMax(0.0) * u;
  const double theta_norm = std::sqrt(W.squaredNorm() + u.squaredNorm());
  EXPECT_NEAR(an::normalized_margin(f, t.y, theta_norm, 2), an::two_layer_margin_bound(t.W, t.u, t.X, t.y).normalized_margin, 1e-15);
  // The unbalanced net's ‖Θ‖₂² = 1 + 4 + 4 + 1 = 10 gives the smaller 2/10.
  EXPECT_NEAR(an::normalized_margin(f, t.y, std::sqrt(10.0), 2), 0.2, 1e-15);
}

TEST(TwoLayerMarginBound, IsInvariantUnderPerNeuronRescaling) {
  for (unsigned seed : {1u, 2u, 3u}) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    std::uniform_real_distribution<double> log_scale(-3, 3);
    const Eigen::Index m = 6, d = 3, n = 20;
    const auto gaussian = [&](double) { return normal(rng); };
    MatrixXd W = MatrixXd(m, d).unaryExpr(gaussian);
    const MatrixXd X = MatrixXd(n, d).unaryExpr(gaussian);
    VectorXd u = VectorXd(m).unaryExpr(gaussian);
    W.row(1) = -W.row(0), u(1) = u(0);  // u_0 |w_0ᵀx| keeps f(x) ≠ 0 (almost surely) when the other units are off
    const VectorXd y = ((X * W.transpose()).cwiseMax(0.0) * u).array().sign().matrix();  // labels the net itself gives
    const auto b = an::two_layer_margin_bound(W, u, X, y);
    MatrixXd Wc = W;
    VectorXd uc = u;
    for (Eigen::Index j = 0; j < m; ++j) {
      const double c = std::exp(log_scale(rng));
      Wc.row(j) *= c, uc(j) /= c;
    }
    const auto bc = an::two_layer_margin_bound(Wc, uc, X, y);
    EXPECT_NEAR(bc.normalized_margin, b.normalized_margin, 1e-12 * b.normalized_margin) << "seed " << seed;
    EXPECT_NEAR(bc.complexity_term, b.complexity_term, 1e-12 * b.complexity_term) << "seed " << seed;
    EXPECT_NEAR(bc.bound, b.bound, 1e-12 * b.bound) << "seed " << seed;
    // The paper's γ = min_i y_i f(x_i)/‖Θ‖₂² does change, and never exceeds the rescaling-free one.
    const VectorXd f = (X * Wc.transpose()).cwiseMax(0.0) * uc;
    EXPECT_LE(an::normalized_margin(f, y, std::sqrt(Wc.squaredNorm() + uc.squaredNorm()), 2), b.normalized_margin * (1 + 1e-12));
  }
}

TEST(TwoLayerMarginBound, FallsAsOneOverRootNWhenTheSampleIsRepeated) {
  // Stacking the sample k times keeps γ, D and C, so every term scales by 1/√k.
  const TinyNet t;
  const auto b = an::two_layer_margin_bound(t.W, t.u, t.X, t.y);
  for (int k : {4, 9}) {
    MatrixXd X(4 * k, 2);
    VectorXd y(4 * k);
    for (int r = 0; r < k; ++r) X.middleRows(4 * r, 4) = t.X, y.segment(4 * r, 4) = t.y;
    const auto bk = an::two_layer_margin_bound(t.W, t.u, X, y);
    EXPECT_NEAR(bk.normalized_margin, b.normalized_margin, 1e-15);
    EXPECT_NEAR(bk.complexity_term * std::sqrt(double(k)), b.complexity_term, 1e-12);
    EXPECT_NEAR(bk.low_order_term * std::sqrt(double(k)), b.low_order_term, 1e-12);
    EXPECT_NEAR(bk.bound * std::sqrt(double(k)), b.bound, 1e-12);
  }
}

TEST(TwoLayerMarginBound, RejectsBadShapesLabelsAndNonPositiveMargins) {
  const TinyNet t;
  EXPECT_THROW(an::two_layer_margin_bound(t.W, VectorXd::Ones(3), t.X, t.y), std::invalid_argument);     // u vs rows of W
  EXPECT_THROW(an::two_layer_margin_bound(t.W, t.u, MatrixXd::Ones(4, 3), t.y), std::invalid_argument);  // X vs columns of W
  EXPECT_THROW(an::two_layer_margin_bound(t.W, t.u, t.X, VectorXd::Ones(3)), std::invalid_argument);     // y vs rows of X
  EXPECT_THROW(an::two_layer_margin_bound(t.W, t.u, t.X, 2 * t.y), std::invalid_argument);               // labels not ±1
  EXPECT_THROW(an::two_layer_margin_bound(t.W, t.u, t.X, -t.y), std::invalid_argument);                  // every point misclassified
  VectorXd one_wrong = t.y;
  one_wrong(2) = -1;
  EXPECT_THROW(an::two_layer_margin_bound(t.W, t.u, t.X, one_wrong), std::invalid_argument);
  EXPECT_THROW(an::two_layer_margin_bound(MatrixXd::Zero(2, 2), t.u, t.X, t.y), std::invalid_argument);  // f ≡ 0
  EXPECT_THROW(an::two_layer_margin_bound(t.W, t.u, t.X, t.y, 1.0), std::invalid_argument);              // δ ∉ (0, 1)
  EXPECT_THROW(an::two_layer_margin_bound(t.W, t.u, t.X, t.y, 0.05, 2.0), std::invalid_argument);        // C < max ‖x_i‖ = √5
  try {
    an::two_layer_margin_bound(t.W, t.u, t.X, -t.y);
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("does not separate"), std::string::npos) << e.what();
  }
}

}  // namespace
