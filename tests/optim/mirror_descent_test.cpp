#include "fdl/optim/mirror_descent.hpp"

#include "fdl/optim/minimize.hpp"
#include "objectives.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

namespace fdl::optim {
namespace {

using testing::small_quadratic;

std::vector<std::shared_ptr<const Potential>> unconstrained_potentials() {
  return {std::make_shared<Euclidean>(), std::make_shared<NegativeEntropy>(),
          std::make_shared<HyperbolicEntropy>(0.1), std::make_shared<HyperbolicEntropy>(3.0),
          std::make_shared<SquaredLpNorm>(1.5), std::make_shared<SquaredLpNorm>(3.0),
          std::make_shared<EuclideanQuartic>()};
}

using testing::vec;

TEST(MirrorDescent, IterateSatisfiesTheMirrorStepExactly) {
  const Vector g = vec({0.3, -0.7, 0.2});
  const double eta = 0.25;
  for (const auto& psi : unconstrained_potentials()) {
    Vector w = vec({0.5, 1.5, 0.2});
    MirrorDescent md(psi, Schedule::constant(eta));
    md.init(w);
    Vector before, after;
    psi->gradient(w, before);
    md.update(g, 0, w, 0);
    psi->gradient(w, after);
    EXPECT_LT((after - (before - eta * g)).lpNorm<Eigen::Infinity>(), 1e-14 * (1 + before.norm())) << psi->name();
  }
}

TEST(MirrorDescent, OnTheSimplexTheStepIsMultiplicativeWeights) {
  auto psi = std::make_shared<SimplexEntropy>();
  Vector w = vec({0.2, 0.3, 0.5});
  const Vector g = vec({1.0, -2.0, 0.5});
  MirrorDescent md(psi, Schedule::constant(0.1));
  md.init(w);
  const Vector before = w;
  md.update(g, 0, w, 0);
  Vector expected = before.array() * (-0.1 * g.array()).exp();
  expected /= expected.sum();
  EXPECT_LT((w - expected).norm(), 1e-15);
  EXPECT_NEAR(w.sum(), 1.0, 1e-15);
  // ∇ψ(w⁺) = ∇ψ(w) − ηg up to the normal cone of the simplex (multiples of 1).
  const Vector gap = (w.array().log() - before.array().log() + 0.1 * g.array()).matrix();
  EXPECT_LT((gap.array() - gap(0)).abs().maxCoeff(), 1e-14);
}

TEST(Potential, GradientInverseInvertsTheGradient) {
  const Vector w = vec({0.3, 2.0, 0.01, 1.2});
  for (const auto& psi : unconstrained_potentials()) {
    Vector theta, back;
    psi->gradient(w, theta);
    psi->gradient_inverse(theta, back);
    EXPECT_LT((back - w).norm(), 1e-14) << psi->name();
  }
}

TEST(Potential, GradientMatchesFiniteDifferencesOfPsi) {
  const Vector w = vec({0.3, 2.0, 0.7});
  for (const auto& psi : unconstrained_potentials()) {
    Vector theta;
    psi->gradient(w, theta);
    for (Index i = 0; i < w.size(); ++i) {
      const double h = 1e-6;
      Vector plus = w, minus = w;
      plus(i) += h, minus(i) -= h;
      EXPECT_NEAR(theta(i), (psi->value(plus) - psi->value(minus)) / (2 * h), 1e-8) << psi->name() << " i=" << i;
    }
  }
}

TEST(Potential, BregmanDivergenceMatchesClosedForms) {
  const Vector w = vec({0.3, 2.0, 0.7}), v = vec({1.0, 0.5, 0.7});
  EXPECT_NEAR(Euclidean().bregman_divergence(w, v), 0.5 * (w - v).squaredNorm(), 1e-15);
  // Negative entropy: generalized KL divergence Σ w log(w/v) − w + v.
  const double kl = (w.array() * (w.array() / v.array()).log() - w.array() + v.array()).sum();
  EXPECT_NEAR(NegativeEntropy().bregman_divergence(w, v), kl, 1e-14);
  for (const auto& psi : unconstrained_potentials()) {
    EXPECT_GT(psi->bregman_divergence(w, v), 0) << psi->name();
    EXPECT_NEAR(psi->bregman_divergence(w, w), 0, 1e-14) << psi->name();
  }
}

TEST(Potential, HyperbolicEntropyInterpolatesBetweenEuclideanAndEntropy) {
  // ∇²ψ_β(w) = 1/√(w² + β²): ≈ 1/β (Euclidean scaled) for |w| ≪ β, ≈ 1/|w| (entropy) for |w| ≫ β.
  HyperbolicEntropy psi(2.0);
  Vector a = vec({0.5}), theta;
  psi.gradient(a, theta);
  EXPECT_NEAR(theta(0), std::asinh(0.25), 1e-15);
  psi.gradient_inverse(vec({std::asinh(0.25)}), a);
  EXPECT_NEAR(a(0), 0.5, 1e-15);
}

TEST(Potential, EuclideanQuarticInverseSolvesTheCubic) {
  // θ = x + x³ at hand-picked roots: x = 1 → θ = 2, x = −2 → θ = −10, x = 1e−9, and a large one.
  EuclideanQuartic psi;
  Vector w;
  psi.gradient_inverse(vec({2.0, -10.0, 1e-9 + 1e-27, 1e6 + 1e18, 0.0}), w);
  EXPECT_NEAR(w(0), 1.0, 1e-15);
  EXPECT_NEAR(w(1), -2.0, 1e-15);
  EXPECT_NEAR(w(2), 1e-9, 1e-24);
  EXPECT_NEAR(w(3), 1e6, 1e-9);
  EXPECT_EQ(w(4), 0.0);
  EXPECT_NEAR(psi.value(vec({1.0, -2.0})), 0.5 * 5 + 0.25 * 17, 1e-15);
}

TEST(MirrorDescent, ConvergesToTheMinimizerOfAStronglyConvexQuadratic) {
  auto f = small_quadratic();
  const Vector w_star = f.minimizer();
  for (const auto& psi : {std::shared_ptr<const Potential>(std::make_shared<HyperbolicEntropy>(1.0)),
                          std::shared_ptr<const Potential>(std::make_shared<SquaredLpNorm>(1.5))}) {
    MirrorDescent md(psi, Schedule::constant(0.1));
    Vector w = Vector::Constant(3, 0.1);
    const Report r = minimize(f, md, w, {.max_iterations = 20000, .gradient_norm = 1e-12});
    EXPECT_EQ(r.status, Status::converged_gradient) << psi->name();
    EXPECT_LT((w - w_star).norm(), 1e-10) << psi->name();
  }
}

TEST(MirrorDescent, DualMomentumAccumulatesInTheMirrorSpace) {
  auto psi = std::make_shared<HyperbolicEntropy>(0.5);
  MirrorDescent md(psi, Schedule::constant(0.2), 0.5);
  Vector w = vec({1.0, -1.0});
  md.init(w);
  const Vector g1 = vec({1.0, 2.0}), g2 = vec({-1.0, 0.5});
  Vector theta0, theta2;
  psi->gradient(w, theta0);
  md.update(g1, 0, w, 0);
  md.update(g2, 0, w, 1);
  psi->gradient(w, theta2);
  // θ₂ = θ₀ − η g₁ − η (μ g₁ + g₂)
  EXPECT_LT((theta2 - (theta0 - 0.2 * g1 - 0.2 * (0.5 * g1 + g2))).norm(), 1e-13);
}

TEST(MirrorDescent, RejectsAStartOutsideTheDomain) {
  MirrorDescent md(std::make_shared<NegativeEntropy>(), Schedule::constant(0.1));
  EXPECT_THROW(md.init(vec({1.0, -0.5})), std::invalid_argument);
  MirrorDescent simplex(std::make_shared<SimplexEntropy>(), Schedule::constant(0.1));
  EXPECT_THROW(simplex.init(vec({0.5, 0.6})), std::invalid_argument);
  EXPECT_THROW(HyperbolicEntropy(0), std::invalid_argument);
  EXPECT_THROW(SquaredLpNorm(1), std::invalid_argument);
}

}  // namespace
}  // namespace fdl::optim
