#include "fdl/ad/ops.hpp"
#include "fdl/analysis/moreau.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using Eigen::VectorXd;
namespace an = fdl::analysis;
namespace ad = fdl::ad;

// f(y) = Σ |y_i| − (ρ/2)‖y‖², ρ-weakly convex: prox_{λf}(x) = soft(x/(1−λρ), λ/(1−λρ)).
VectorXd exact_prox(const VectorXd& x, double lambda, double rho) {
  const double s = 1 - lambda * rho;
  const VectorXd scaled = x / s;
  return scaled.array().sign() * (scaled.array().abs() - lambda / s).max(0.0);
}

TEST(MoreauStationarity, MatchesTheClosedFormProxOfAWeaklyConvexFunction) {
  const double lambda = 0.5, rho = 0.8;
  auto f = [rho](const VectorXd& y, VectorXd& g) {
    g = VectorXd(y.array().sign()) - rho * y;
    return y.lpNorm<1>() - rho / 2 * y.squaredNorm();
  };
  for (const VectorXd& x : {VectorXd((VectorXd(3) << 2.0, -0.1, 0.7).finished()), VectorXd(VectorXd::Constant(3, 0.2))}) {
    const auto r = an::moreau_stationarity(f, x, lambda, rho);
    const VectorXd prox = exact_prox(x, lambda, rho);
    const double exact = (x - prox).norm() / lambda;
    EXPECT_LE((r.prox - prox).norm(), r.prox_error);
    EXPECT_NEAR(r.gradient_norm, exact, r.prox_error / lambda);
    EXPECT_LT(r.prox_error, 0.05);
  }
  EXPECT_THROW(an::moreau_stationarity(f, VectorXd::Ones(3), 2.0, rho), std::invalid_argument);  // λ ≥ 1/ρ
  EXPECT_THROW(an::moreau_stationarity(f, VectorXd::Ones(3), lambda, -1.0), std::invalid_argument);
}

TEST(MoreauStationarity, OfATracedLossUsesClarkeSubgradientsAndRestoresX) {
  // f = ‖x‖₁ (convex, ρ = 0): ‖∇f_λ(x)‖ = ‖min(|x|, λ)‖/λ entrywise.
  const VectorXd x0 = (VectorXd(2) << 0.3, -2.0).finished();
  ad::Graph g;
  ad::Var x = g.variable(x0);
  ad::Var loss = ad::sum(ad::abs(x));
  const double lambda = 0.5;
  const auto r = an::moreau_stationarity(g, loss, lambda, 0.0);
  const double exact = (VectorXd(2) << 0.3, 0.5).finished().norm() / lambda;
  EXPECT_NEAR(r.gradient_norm, exact, r.prox_error / lambda);
  EXPECT_EQ(x.value(), x0);
}

TEST(NormalizedMargin, IsInvariantToRescalingAHomogeneousNet) {
  // f(x) = a w x, 2-homogeneous in θ = (w, a); at w = a = 1, min_i y_i x_i / ‖θ‖² = 0.5 / 2.
  const VectorXd inputs = (VectorXd(3) << 1.0, 0.5, -1.0).finished(), y = (VectorXd(3) << 1, 1, -1).finished();
  auto margin = [&](double w, double a) { return an::normalized_margin(a * w * inputs, y, std::hypot(w, a), 2); };
  EXPECT_NEAR(margin(1.0, 1.0), 0.25, 1e-15);
  EXPECT_NEAR(margin(3.0, 3.0), margin(1.0, 1.0), 1e-15);
  EXPECT_THROW(an::normalized_margin(VectorXd::Ones(2), y, 1, 2), std::invalid_argument);
  EXPECT_THROW(an::normalized_margin(VectorXd::Ones(3), y, 0, 2), std::invalid_argument);
}

}  // namespace
