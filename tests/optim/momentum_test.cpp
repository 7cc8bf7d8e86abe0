#include "fdl/optim/adaptive.hpp"
#include "fdl/optim/minimize.hpp"
#include "fdl/optim/momentum.hpp"
#include "fdl/optim/normalized_gd.hpp"
#include "fdl/optim/steepest_descent.hpp"
#include "objectives.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace fdl::optim {
namespace {

using testing::small_quadratic;

using testing::vec;

TEST(HeavyBall, TwoStepsMatchTheHandComputedRule) {
  auto hb = HeavyBall(Schedule::constant(0.1), 0.9);
  Vector w = vec({1.0, -1.0});
  hb.init(w);
  const Vector g1 = vec({2.0, 0.0}), g2 = vec({1.0, 1.0});
  hb.update(g1, 0, w, 0);  // v = g1, w = w0 − 0.1 g1
  EXPECT_LT((w - vec({0.8, -1.0})).norm(), 1e-15);
  hb.update(g2, 0, w, 1);  // v = 0.9 g1 + g2 = (2.8, 1), w −= 0.1 v
  EXPECT_LT((w - vec({0.52, -1.1})).norm(), 1e-15);
}

TEST(HeavyBall, EqualsGradientStepPlusMomentumTimesLastDisplacement) {
  auto f = small_quadratic();
  auto hb = HeavyBall(Schedule::constant(0.2), 0.5);
  Vector w = Vector::Zero(3), previous = w, g(3);
  hb.init(w);
  Vector x = w, x_previous = w;  // w_{t+1} = w_t − η∇f(w_t) + μ(w_t − w_{t−1})
  for (Index t = 0; t < 10; ++t) {
    f.value_and_grad(w, g);
    hb.update(g, 0, w, t);
    Vector gx(3);
    f.value_and_grad(x, gx);
    const Vector next = x - 0.2 * gx + 0.5 * (x - x_previous);
    x_previous = x, x = next;
    EXPECT_LT((w - x).norm(), 1e-14);
  }
}

TEST(Nesterov, StepMatchesTheHandComputedRule) {
  auto nag = Nesterov(Schedule::constant(0.1), 0.9);
  Vector w = vec({1.0, -1.0});
  nag.init(w);
  nag.update(vec({2.0, 0.0}), 0, w, 0);  // v = g, w −= 0.1 (g + 0.9 g) = 0.19 g
  EXPECT_LT((w - vec({0.62, -1.0})).norm(), 1e-15);
  nag.update(vec({1.0, 1.0}), 0, w, 1);  // v = (2.8, 1), w −= 0.1 ((1,1) + 0.9 (2.8, 1)) = 0.1 (3.52, 1.9)
  EXPECT_LT((w - vec({0.268, -1.19})).norm(), 1e-15);
}

TEST(Momentum, BothConvergeToTheMinimizerOfAStronglyConvexQuadratic) {
  auto f = small_quadratic();
  for (bool nesterov : {false, true}) {
    Momentum m = nesterov ? Nesterov(Schedule::constant(0.2), 0.5) : HeavyBall(Schedule::constant(0.2), 0.5);
    Vector w = Vector::Zero(3);
    const Report r = minimize(f, m, w, {.max_iterations = 5000, .gradient_norm = 1e-12});
    EXPECT_EQ(r.status, Status::converged_gradient) << m.name();
    EXPECT_LT((w - f.minimizer()).norm(), 1e-10) << m.name();
  }
  EXPECT_THROW(HeavyBall(Schedule::constant(0.1), 1.0), std::invalid_argument);
}

TEST(Momentum, ComposesWithSteepestDescentInTheInfinityNorm) {
  // Sign descent on the velocity: w −= η ‖v‖₁ sign(v).
  Momentum m(std::make_shared<SteepestDescent>(std::make_shared<Linf>(), Schedule::constant(0.1)), 0.5);
  EXPECT_EQ(m.name(), "steepest_descent+heavy_ball");
  Vector w = vec({0.0, 0.0});
  m.init(w);
  m.update(vec({2.0, -1.0}), 0, w, 0);  // v = (2, −1), ‖v‖₁ = 3: w = −0.3 (1, −1)
  EXPECT_LT((w - vec({-0.3, 0.3})).norm(), 1e-15);
  m.update(vec({-3.0, 0.0}), 0, w, 1);  // v = (1, −0.5) + (−3, 0) = (−2, −0.5), ‖v‖₁ = 2.5: w += 0.25 (1, 1)
  EXPECT_LT((w - vec({-0.05, 0.55})).norm(), 1e-15);
}

TEST(Momentum, NesterovComposesWithNormalizedGradientDescent) {
  // d = g + μ v, then w −= η d/‖d‖.
  Momentum m(std::make_shared<NormalizedGradientDescent>(Schedule::constant(0.5)), 0.5, true);
  Vector w = vec({1.0, 1.0});
  m.init(w);
  m.update(vec({3.0, 0.0}), 0, w, 0);  // v = (3, 0), d = (4.5, 0): w −= 0.5 (1, 0)
  EXPECT_LT((w - vec({0.5, 1.0})).norm(), 1e-15);
  m.update(vec({0.0, 4.0}), 0, w, 1);  // v = (1.5, 4), d = (0.75, 6): w −= 0.5 d/‖d‖
  const Vector d = vec({0.75, 6.0});
  EXPECT_LT((w - (vec({0.5, 1.0}) - 0.5 * d / d.norm())).norm(), 1e-15);
  EXPECT_THROW(Momentum(nullptr, 0.5), std::invalid_argument);
}

TEST(AdaGrad, StepMatchesTheHandComputedRule) {
  AdaGrad ada(Schedule::constant(0.5), 0.0);
  Vector w = vec({0.0, 0.0});
  ada.init(w);
  ada.update(vec({3.0, -4.0}), 0, w, 0);  // G = (9, 16): w −= 0.5 (3/3, −4/4)
  EXPECT_LT((w - vec({-0.5, 0.5})).norm(), 1e-15);
  ada.update(vec({4.0, 3.0}), 0, w, 1);  // G = (25, 25): w −= 0.5 (4/5, 3/5)
  EXPECT_LT((w - vec({-0.9, 0.2})).norm(), 1e-15);
}

TEST(Adam, FirstStepIsEtaTimesSignAndSecondMatchesTheRule) {
  Adam adam(Schedule::constant(0.1), 0.9, 0.999, 0.0);
  Vector w = vec({1.0, 1.0});
  adam.init(w);
  const Vector g1 = vec({3.0, -0.5}), g2 = vec({1.0, 2.0});
  adam.update(g1, 0, w, 0);  // bias-corrected m̂ = g, v̂ = g²: step η sign(g)
  EXPECT_LT((w - vec({0.9, 1.1})).norm(), 1e-15);
  adam.update(g2, 0, w, 1);
  const Vector m = 0.9 * 0.1 * g1 + 0.1 * g2;
  const Vector v = (0.999 * 0.001 * g1.array().square() + 0.001 * g2.array().square()).matrix();
  const Vector m_hat = m / (1 - 0.81), v_hat = v / (1 - 0.999 * 0.999);
  const Vector expected = vec({0.9, 1.1}) - (0.1 * m_hat.array() / v_hat.array().sqrt()).matrix();
  EXPECT_LT((w - expected).norm(), 1e-14);
}

TEST(AdaptiveMethods, ReachTheMinimizerOfAStronglyConvexQuadratic) {
  auto f = small_quadratic();
  AdaGrad ada(Schedule::constant(0.5));
  Vector w = Vector::Zero(3);
  minimize(f, ada, w, {.max_iterations = 20000, .gradient_norm = 1e-10});
  EXPECT_LT((w - f.minimizer()).norm(), 1e-9);
  // Adam with a constant step oscillates at a scale set by η; a decaying step brings it in.
  Adam adam(Schedule::step_decay(0.05, 0.5, 500));
  w.setZero();
  minimize(f, adam, w, {.max_iterations = 10000});
  EXPECT_LT((w - f.minimizer()).norm(), 1e-6);
}

TEST(NormalizedGradientDescent, StepHasLengthEta) {
  NormalizedGradientDescent ngd(Schedule::constant(0.25));
  Vector w = vec({1.0, 1.0});
  ngd.update(vec({3.0, 4.0}), 0, w, 0);
  EXPECT_LT((w - vec({1 - 0.15, 1 - 0.2})).norm(), 1e-15);
  const Vector before = w;
  ngd.update(Vector::Zero(2), 0, w, 1);  // no step at a stationary point
  EXPECT_EQ(w, before);
}

TEST(NormalizedGradientDescent, WithADecayingStepConvergesToTheMinimizer) {
  auto f = small_quadratic();
  // Constant-length steps cannot converge; η_t = η₀ ρ^⌊t/k⌋ with k long enough to travel does.
  NormalizedGradientDescent ngd(Schedule::step_decay(0.1, 0.5, 20));
  Vector w = Vector::Zero(3);
  minimize(f, ngd, w, {.max_iterations = 1000});
  EXPECT_LT((w - f.minimizer()).norm(), 1e-10);
}

}  // namespace
}  // namespace fdl::optim
