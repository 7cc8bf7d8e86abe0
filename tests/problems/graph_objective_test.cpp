#include "fdl/problems/graph_objective.hpp"

#include "check.hpp"

namespace fdl::problems {
namespace {

using testing::random_point;

// f(A, b) = (1/n) Σ_i (e_iᵀ A b)² with A 3×2, b 2×1: two blocks, a finite sum of n = 3.
GraphObjective two_block_sum() {
  return GraphObjective({{3, 2}, {2, 1}}, [](ad::Graph&, const std::vector<Var>& p) { return ad::square(ad::matmul(p[0], p[1])); },
                        GraphObjective::Sum::finite);
}

TEST(GraphObjective, BlocksAreColumnMajorSlicesOfW) {
  GraphObjective f = two_block_sum();
  EXPECT_EQ(f.dimension(), 8);
  EXPECT_EQ(f.samples(), 3);
  Vector w = Vector::LinSpaced(8, 1, 8);
  std::vector<Matrix> parts = f.unflatten(w);
  EXPECT_EQ(parts[0], (Matrix{{1, 4}, {2, 5}, {3, 6}}));
  EXPECT_EQ(parts[1], (Matrix{{7}, {8}}));
  EXPECT_EQ(f.flatten(parts), w);
  // f = mean of (A b)_i² computed by hand.
  Vector Ab = parts[0] * parts[1];
  EXPECT_DOUBLE_EQ(f.value(w), Ab.squaredNorm() / 3);
}

TEST(GraphObjective, GradientHvpAndBatchesAgreeWithDifferences) {
  GraphObjective f = two_block_sum();
  Vector w = random_point(8, 1);
  testing::expect_gradient_matches_differences(f, w);
  testing::expect_hvp_matches_differences(f, w, random_point(8, 2));
  testing::expect_batches_consistent(f, w);
  // A repeated index counts twice.
  Vector g01, g001, g0, g1;
  f.batch_value_and_grad(w, std::vector<Index>{0}, g0);
  f.batch_value_and_grad(w, std::vector<Index>{1}, g1);
  f.batch_value_and_grad(w, std::vector<Index>{0, 0, 1}, g001);
  EXPECT_LE((g001 - (2 * g0 + g1) / 3).norm(), 1e-12 * g001.norm());
}

TEST(GraphObjective, ClarkeModeGivesASubgradientAtKinks) {
  // f(w) = |w_1| + |w_2|: at 0, conventional AD gives 0; Clarke mode a point of [−1,1]², with |g_i| = 1.
  GraphObjective f({{2, 1}}, [](ad::Graph&, const std::vector<Var>& p) { return ad::sum(ad::abs(p[0])); });
  Vector g;
  f.value_and_grad(Vector::Zero(2), g);
  EXPECT_EQ(g, Vector::Zero(2));
  f.set_mode(ad::Mode::clarke);
  f.set_direction_seed(5);
  f.value_and_grad(Vector::Zero(2), g);
  EXPECT_EQ(g.cwiseAbs(), Vector::Ones(2));
}

TEST(GraphObjective, WrongSizesAndSingleObjectivesGiveClearErrors) {
  GraphObjective f = two_block_sum();
  Vector g;
  EXPECT_THROW(
      {
        try {
          f.value(Vector::Zero(7));
        } catch (const std::invalid_argument& e) {
          EXPECT_STREQ(e.what(), "value: vector of size 7, expected the dimension 8");
          throw;
        }
      },
      std::invalid_argument);
  EXPECT_THROW(f.hvp(Vector::Zero(8), Vector::Zero(3)), std::invalid_argument);
  EXPECT_THROW(f.batch_value_and_grad(Vector::Zero(8), std::vector<Index>{3}, g), std::out_of_range);
  EXPECT_THROW(f.batch_value_and_grad(Vector::Zero(8), std::vector<Index>{}, g), std::invalid_argument);
  EXPECT_DOUBLE_EQ(f.value(Vector::Ones(8)), 4.0);  // still usable, weights restored
  GraphObjective single({{2, 1}}, [](ad::Graph&, const std::vector<Var>& p) { return ad::sum(p[0]); });
  EXPECT_EQ(single.samples(), 0);
  EXPECT_THROW(single.batch_value_and_grad(Vector::Zero(2), std::vector<Index>{0}, g), std::logic_error);
  EXPECT_THROW(GraphObjective({{2, 1}}, [](ad::Graph&, const std::vector<Var>& p) { return p[0]; }), std::invalid_argument);
  EXPECT_THROW(GraphObjective({{0, 1}}, [](ad::Graph&, const std::vector<Var>& p) { return ad::sum(p[0]); }), std::invalid_argument);
}

}  // namespace
}  // namespace fdl::problems
