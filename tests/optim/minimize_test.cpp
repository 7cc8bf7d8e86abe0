#include "fdl/optim/minimize.hpp"

#include "fdl/optim/gradient_descent.hpp"
#include "fdl/optim/sgd.hpp"
#include "objectives.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace fdl::optim {
namespace {

using testing::Concave;
using testing::small_quadratic;

TEST(Minimize, DivergenceIsReportedWithItsIterationNotThrown) {
  Concave f;
  GradientDescent gd(Schedule::constant(1.0));
  Vector w = Vector::Ones(2);
  Report r;
  ASSERT_NO_THROW(r = minimize(f, gd, w, {.max_iterations = 100}));
  EXPECT_EQ(r.status, Status::diverged);
  EXPECT_GE(r.diverged_at, 1);
  EXPECT_LT(r.diverged_at, 100);
  EXPECT_EQ(to_string(r.status), "diverged");
  EXPECT_TRUE(std::isnan(r.value));
}

TEST(Minimize, DivergenceOfAStochasticMethodIsReported) {
  auto f = testing::interpolating_least_squares(20, 3, 1);
  SGD sgd(Schedule::constant(50.0), {.size = 2, .seed = 1});
  Vector w = Vector::Zero(3);
  const Report r = minimize(f, sgd, w, {.max_iterations = 2000, .check_every = 7});
  EXPECT_EQ(r.status, Status::diverged);
  EXPECT_GE(r.diverged_at, 1);
}

TEST(Minimize, StopsAtTheFirstIterateMeetingTheGradientTolerance) {
  auto f = small_quadratic();
  GradientDescent gd(Schedule::constant(0.2));
  Vector w = Vector::Zero(3);
  const Report r = minimize(f, gd, w, {.max_iterations = 10000, .gradient_norm = 1e-6});
  ASSERT_EQ(r.status, Status::converged_gradient);
  Vector g(3);
  f.value_and_grad(w, g);
  EXPECT_LE(g.norm(), 1e-6);
  EXPECT_DOUBLE_EQ(g.norm(), r.grad_norm);
  // One step fewer does not meet it: replay GD for iterations − 1 steps.
  Vector v = Vector::Zero(3);
  for (Index t = 0; t + 1 < r.iterations; ++t) gd.update(f.A * v - f.b, 0, v, t);
  EXPECT_GT((f.A * v - f.b).norm(), 1e-6);
}

TEST(Minimize, StopsOnLossIterationsAndWallTime) {
  auto f = small_quadratic();
  const double f_star = f.value(f.minimizer());
  GradientDescent gd(Schedule::constant(0.2));
  Vector w = Vector::Zero(3);
  Report r = minimize(f, gd, w, {.max_iterations = 10000, .loss = f_star + 1e-3});
  EXPECT_EQ(r.status, Status::converged_loss);
  EXPECT_LE(f.value(w), f_star + 1e-3);
  w.setZero();
  r = minimize(f, gd, w, {.max_iterations = 5});
  EXPECT_EQ(r.status, Status::max_iterations);
  EXPECT_EQ(r.iterations, 5);
  EXPECT_DOUBLE_EQ(r.value, f.value(w));
  w.setZero();
  r = minimize(f, gd, w, {.max_iterations = 1000000000, .wall_seconds = 0.01});
  EXPECT_EQ(r.status, Status::wall_time);
  EXPECT_GE(r.seconds, 0.01);
}

TEST(Minimize, RecordsTheTraceEveryKSteps) {
  auto f = small_quadratic();
  GradientDescent gd(Schedule::constant(0.2));
  Vector w = Vector::Zero(3);
  const Report r = minimize(f, gd, w, {.max_iterations = 20, .record_every = 5});
  ASSERT_EQ(r.trace.size(), 5u);  // t = 0, 5, 10, 15 and the last iterate t = 20
  Vector v = Vector::Zero(3), g(3);
  for (Index t = 0; t <= 20; ++t) {
    const double value = f.value_and_grad(v, g);
    if (t % 5 == 0) {
      EXPECT_EQ(r.trace[t / 5].iteration, t);
      EXPECT_DOUBLE_EQ(r.trace[t / 5].value, value);
      EXPECT_DOUBLE_EQ(r.trace[t / 5].grad_norm, g.norm());
    }
    v -= 0.2 * g;
  }
}

TEST(Minimize, RejectsAStartOfTheWrongDimension) {
  auto f = small_quadratic();
  GradientDescent gd(Schedule::constant(0.2));
  Vector w = Vector::Zero(4);
  EXPECT_THROW(minimize(f, gd, w), std::invalid_argument);
}

}  // namespace
}  // namespace fdl::optim
