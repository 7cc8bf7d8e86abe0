#include "fdl/optim/gradient_descent.hpp"

#include "fdl/optim/minimize.hpp"
#include "fdl/optim/sgd.hpp"
#include "objectives.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>

namespace fdl::optim {
namespace {

using testing::small_quadratic;

TEST(GradientDescent, StepIsWMinusEtaG) {
  GradientDescent gd(Schedule::constant(0.5));
  Vector w(2), g(2);
  w << 1, 2;
  g << 4, -2;
  gd.init(w);
  gd.update(g, 1.0, w, 0);
  EXPECT_EQ(w, Vector::Map(std::vector<double>{-1, 3}.data(), 2));
}

TEST(GradientDescent, NormalizedScheduleStepsCOverLoss) {
  GradientDescent gd(Schedule::normalized(0.1));
  Vector w = Vector::Zero(1), g = Vector::Ones(1);
  gd.update(g, 1e-300, w, 0);  // η = 0.1 / 1e-300
  EXPECT_NEAR(w(0) / -1e299, 1.0, 1e-12);
}

TEST(GradientDescent, ConvergesLinearlyToTheMinimizerOfAStronglyConvexQuadratic) {
  auto f = small_quadratic();
  GradientDescent gd(Schedule::constant(0.3));  // < 2/L with L ≤ 4
  Vector w = Vector::Zero(3);
  const Report r = minimize(f, gd, w, {.max_iterations = 2000, .gradient_norm = 1e-12});
  EXPECT_EQ(r.status, Status::converged_gradient);
  EXPECT_LT((w - f.minimizer()).norm(), 1e-10);
}

TEST(GradientDescent, AMillionStepsOnATinyProblemTakeAboutASecond) {
  // Not a timing assertion (timings belong to benchmarks): a sanity bound 20× above the target,
  // so that an allocation or dispatch slipped into the loop is noticed.
  auto f = small_quadratic();
  GradientDescent gd(Schedule::constant(0.3));
  Vector w = Vector::Zero(3);
  const Report r = minimize(f, gd, w, {.max_iterations = 200000});
  EXPECT_EQ(r.status, Status::max_iterations);
  EXPECT_LT(r.seconds, 4.0);
}

TEST(SGD, WithoutReplacementVisitsEverySampleOncePerEpoch) {
  auto f = testing::interpolating_least_squares(10, 2, 3);
  SGD sgd(Schedule::constant(0.01), {.size = 3, .replacement = false, .seed = 5});
  Vector w = Vector::Zero(2);
  sgd.init(w);
  for (int epoch = 0; epoch < 3; ++epoch) {
    std::multiset<Index> seen;
    for (Index expected_size : {3, 3, 3, 1}) {
      sgd.step(f, w, 0);
      ASSERT_EQ(static_cast<Index>(sgd.last_batch().size()), expected_size);
      seen.insert(sgd.last_batch().begin(), sgd.last_batch().end());
    }
    EXPECT_EQ(seen, (std::multiset<Index>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  }
}

TEST(SGD, WithReplacementDrawsIidBatchesDeterminedByTheSeed) {
  auto f = testing::interpolating_least_squares(5, 2, 3);
  auto draws = [&](std::uint64_t seed) {
    SGD sgd(Schedule::constant(0.01), {.size = 4, .replacement = true, .seed = seed});
    Vector w = Vector::Zero(2);
    sgd.init(w);
    std::vector<Index> all;
    bool repeated = false;
    for (int k = 0; k < 50; ++k) {
      sgd.step(f, w, k);
      std::set<Index> batch(sgd.last_batch().begin(), sgd.last_batch().end());
      repeated |= batch.size() < sgd.last_batch().size();
      all.insert(all.end(), sgd.last_batch().begin(), sgd.last_batch().end());
    }
    EXPECT_TRUE(repeated);  // 4 draws from 5 repeat an index with probability 1 − 5!/5⁴ ≈ 0.81 per batch
    EXPECT_TRUE(std::all_of(all.begin(), all.end(), [](Index i) { return i >= 0 && i < 5; }));
    return all;
  };
  EXPECT_EQ(draws(7), draws(7));
  EXPECT_NE(draws(7), draws(8));
}

TEST(SGD, StepIsTheMinibatchGradientStep) {
  auto f = testing::interpolating_least_squares(6, 3, 4);
  SGD sgd(Schedule::constant(0.1), {.size = 2, .seed = 2});
  Vector w = Vector::Ones(3);
  sgd.init(w);
  const Vector before = w;
  sgd.step(f, w, 0);
  Vector g = Vector::Zero(3);
  for (Index i : sgd.last_batch()) g += (f.X.row(i).dot(before) - f.y(i)) * f.X.row(i).transpose() / 2.0;
  EXPECT_LT((w - (before - 0.1 * g)).norm(), 1e-15);
}

TEST(SGD, ConvergesLinearlyOnInterpolatingLeastSquares) {
  Vector w_star;
  auto f = testing::interpolating_least_squares(40, 4, 11, &w_star);
  for (bool replacement : {false, true}) {
    SGD sgd(Schedule::constant(0.05), {.size = 4, .replacement = replacement, .seed = 3});
    Vector w = Vector::Zero(4);
    const Report r = minimize(f, sgd, w, {.max_iterations = 20000, .gradient_norm = 1e-13, .check_every = 10});
    EXPECT_EQ(r.status, Status::converged_gradient) << "replacement = " << replacement;
    EXPECT_LT((w - w_star).norm(), 1e-10);
  }
}

TEST(SGD, RejectsABatchLargerThanTheData) {
  auto f = testing::interpolating_least_squares(5, 2, 3);
  SGD sgd(Schedule::constant(0.1), {.size = 6});
  Vector w = Vector::Zero(2);
  sgd.init(w);
  EXPECT_THROW(sgd.step(f, w, 0), std::invalid_argument);
}

}  // namespace
}  // namespace fdl::optim
