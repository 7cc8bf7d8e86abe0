#include "fdl/optim/coordinate_descent.hpp"

#include "fdl/optim/minimize.hpp"
#include "objectives.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace fdl::optim {
namespace {

using testing::small_quadratic;

std::vector<Index> touched(const CoordinateDescent& cd) { return {cd.touched().begin(), cd.touched().end()}; }

using testing::vec;

TEST(CoordinateDescent, CyclicTouchesCoordinatesInOrder) {
  CoordinateDescent cd(Schedule::constant(0.5), CoordinateRule::cyclic);
  Vector w = Vector::Zero(3);
  const Vector g = vec({1, 2, 3});
  cd.init(w);
  for (Index t = 0; t < 7; ++t) {
    const Vector before = w;
    cd.update(g, 0, w, t);
    EXPECT_EQ(touched(cd), std::vector<Index>{t % 3});
    Vector expected = before;
    expected(t % 3) -= 0.5 * g(t % 3);
    EXPECT_EQ(w, expected);
  }
}

TEST(CoordinateDescent, GaussSouthwellTouchesTheLargestGradientEntry) {
  CoordinateDescent cd(Schedule::constant(0.1), CoordinateRule::gauss_southwell);
  Vector w = Vector::Zero(4);
  cd.init(w);
  cd.update(vec({0.5, -3.0, 2.0, 1.0}), 0, w, 0);
  EXPECT_EQ(touched(cd), std::vector<Index>{1});
  EXPECT_LT((w - vec({0, 0.1 * 3.0, 0, 0})).norm(), 1e-16);
  cd.update(vec({0.5, 1.0, 2.0, -2.5}), 0, w, 1);
  EXPECT_EQ(touched(cd), std::vector<Index>{3});
}

TEST(CoordinateDescent, RandomizedTouchesOneUniformCoordinateSeeded) {
  auto run = [](std::uint64_t seed) {
    CoordinateDescent cd(Schedule::constant(0.1), CoordinateRule::randomized, 1, seed);
    Vector w = Vector::Zero(4);
    const Vector g = Vector::Ones(4);
    cd.init(w);
    std::vector<Index> order;
    std::map<Index, int> counts;
    for (Index t = 0; t < 4000; ++t) {
      const Vector before = w;
      cd.update(g, 0, w, t);
      EXPECT_EQ(cd.touched().size(), 1u);
      const Index i = cd.touched()[0];
      EXPECT_EQ((w.array() != before.array()).count(), 1);
      EXPECT_EQ(w(i), before(i) - 0.1);
      order.push_back(i), ++counts[i];
    }
    for (Index i = 0; i < 4; ++i) EXPECT_NEAR(counts[i], 1000, 150);  // ±4.7 standard deviations
    return order;
  };
  EXPECT_EQ(run(3), run(3));
  EXPECT_NE(run(3), run(4));
}

TEST(CoordinateDescent, BlocksAreConsecutiveAndCoverEveryCoordinate) {
  CoordinateDescent cyclic(Schedule::constant(0.1), CoordinateRule::block_cyclic, 2);
  Vector w = Vector::Zero(5);
  cyclic.init(w);
  const std::vector<std::vector<Index>> expected = {{0, 1}, {2, 3}, {4}, {0, 1}};
  for (Index t = 0; t < 4; ++t) {
    cyclic.update(Vector::Ones(5), 0, w, t);
    EXPECT_EQ(touched(cyclic), expected[t]);
  }
  CoordinateDescent random(Schedule::constant(0.1), CoordinateRule::block_randomized, 2, 9);
  random.init(w);
  std::set<std::vector<Index>> seen;
  for (Index t = 0; t < 60; ++t) {
    random.update(Vector::Ones(5), 0, w, t);
    seen.insert(touched(random));
  }
  EXPECT_EQ(seen, (std::set<std::vector<Index>>{{0, 1}, {2, 3}, {4}}));
}

TEST(CoordinateDescent, EveryRuleConvergesOnAStronglyConvexQuadratic) {
  auto f = small_quadratic();
  for (const char* rule : {"cyclic", "randomized", "gauss_southwell", "block_cyclic", "block_randomized"}) {
    CoordinateDescent cd(Schedule::constant(0.3), coordinate_rule(rule), 2, 1);
    Vector w = Vector::Zero(3);
    const Report r = minimize(f, cd, w, {.max_iterations = 20000, .gradient_norm = 1e-12});
    EXPECT_EQ(r.status, Status::converged_gradient) << rule;
    EXPECT_LT((w - f.minimizer()).norm(), 1e-10) << rule;
  }
  EXPECT_THROW(coordinate_rule("greedy"), std::invalid_argument);
}

}  // namespace
}  // namespace fdl::optim
