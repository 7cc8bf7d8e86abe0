#include "fdl/optim/schedule.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace fdl::optim {
namespace {

TEST(Schedule, ConstantIsConstant) {
  const auto s = Schedule::constant(0.3);
  for (Index t : {0, 1, 7, 1000000}) EXPECT_EQ(s(t), 0.3);
}

TEST(Schedule, InversePowerIsEta0OverTPlusOneToTheGamma) {
  const auto s = Schedule::inverse_power(2.0, 0.5);
  EXPECT_DOUBLE_EQ(s(0), 2.0);
  EXPECT_DOUBLE_EQ(s(3), 1.0);   // 2/√4
  EXPECT_DOUBLE_EQ(s(15), 0.5);  // 2/√16
  EXPECT_DOUBLE_EQ(Schedule::inverse_power(1.0, 1.0)(9), 0.1);
}

TEST(Schedule, StepDecayMultipliesEveryKSteps) {
  const auto s = Schedule::step_decay(1.0, 0.5, 3);
  const double expected[] = {1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125};
  for (Index t = 0; t < 10; ++t) EXPECT_DOUBLE_EQ(s(t), expected[t]) << "t = " << t;
}

TEST(Schedule, CosineAnnealsFromEta0ToEtaMinAndStays) {
  const auto s = Schedule::cosine(1.0, 4, 0.2);
  EXPECT_DOUBLE_EQ(s(0), 1.0);
  EXPECT_DOUBLE_EQ(s(2), 0.6);  // 0.2 + 0.4 (1 + cos(π/2))
  EXPECT_DOUBLE_EQ(s(1), 0.2 + 0.4 * (1 + std::cos(std::numbers::pi / 4)));
  EXPECT_NEAR(s(4), 0.2, 1e-15);
  EXPECT_NEAR(s(100), 0.2, 1e-15);
}

TEST(Schedule, NormalizedStepsAreCOverLossFromTheLogDomain) {
  const auto n = Schedule::normalized(0.5), ns = Schedule::normalized_sqrt(0.5);
  EXPECT_NEAR(n(0, std::log(0.25)), 2.0, 1e-15);
  EXPECT_NEAR(ns(3, std::log(0.25)), 1.0, 1e-15);  // 0.5 / (0.25 · 2)
  // L = e^{-700} ≈ 1e-304 is near the end of the doubles; from its log, c/L = 0.5 e^{700} exactly.
  EXPECT_NEAR(std::log(n(0, -700.0)), std::log(0.5) + 700, 1e-12);
  EXPECT_TRUE(std::isfinite(ns(99, -700.0)));
  EXPECT_NEAR(std::log(ns(99, -700.0)), std::log(0.5) + 700 - std::log(10.0), 1e-12);
  // at(): the loss itself (log taken inside) for methods that have only L.
  EXPECT_NEAR(n.at(0, 1e-300) / 0.5e300, 1.0, 1e-12);
  EXPECT_TRUE(n.needs_loss() && ns.needs_loss() && !Schedule::constant(1).needs_loss());
}

TEST(Schedule, RejectsOutOfRangeParameters) {
  EXPECT_THROW(Schedule::constant(0), std::invalid_argument);
  EXPECT_THROW(Schedule::constant(-1), std::invalid_argument);
  EXPECT_THROW(Schedule::inverse_power(1, -0.5), std::invalid_argument);
  EXPECT_THROW(Schedule::step_decay(1, 1.5, 3), std::invalid_argument);
  EXPECT_THROW(Schedule::step_decay(1, 0.5, 0), std::invalid_argument);
  EXPECT_THROW(Schedule::cosine(1, 0), std::invalid_argument);
  EXPECT_THROW(Schedule::cosine(1, 10, 2), std::invalid_argument);
  EXPECT_THROW(Schedule::normalized(0), std::invalid_argument);
}

}  // namespace
}  // namespace fdl::optim
