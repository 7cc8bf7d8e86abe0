#include "fdl/analysis/generalization.hpp"

#include <gtest/gtest.h>

#include <cmath>

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

}  // namespace
