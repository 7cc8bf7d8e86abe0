// The saddle-avoidance experiment at a small size: every method from random inits ends at a
// minimizer, the stable-manifold inits at the saddle, on several seeds.
#include "fdl/run/experiment.hpp"

#include "run.hpp"

#include <gtest/gtest.h>

namespace fdl::test {
namespace {

const std::vector<run::Setting> kSmall = {{"inits", "20", ""},         {"gpda.inits", "10", ""},       {"pgd.seeds", "3", ""},
                                          {"pgd.d_mid", "30", ""},     {"pgd.d_large", "100", ""},     {"pgd.gd_iterations", "1000", ""},
                                          {"escape.max_exponent", "8", ""}};

TEST(SaddleAvoidanceExperiment, RandomInitsEndAtMinimizersAndStableManifoldInitsAtTheSaddle) {
  for (std::uint64_t seed : {1, 2}) {
    run::Result r = run_experiment("saddle-avoidance", kSmall, seed);
    EXPECT_TRUE(r.passed()) << r.report;
    EXPECT_EQ(r.metrics.at("runs_not_at_minimizer"), 0);
    for (const char* m : {"gradient", "coordinate", "proximal", "mirror", "riemannian"}) {
      EXPECT_EQ(r.metrics.at(std::string(m) + ".at_minimizer"), 20) << m;
      EXPECT_GT(r.metrics.at(std::string(m) + ".min_lambda_min"), 0) << m;
    }
    EXPECT_EQ(r.metrics.at("gpda.at_minimizer"), 10);
    EXPECT_LE(r.metrics.at("stable_manifold_max_distance_to_saddle"), 1e-8);
    EXPECT_NEAR(r.metrics.at("escape.fitted_slope") / r.metrics.at("escape.predicted_slope"), 1, 0.1);
    EXPECT_EQ(r.series.rows.size(), 7u);
  }
}

TEST(SaddleAvoidanceExperiment, MoreNegativeCoordinatesThanDimensionsIsBadInput) {
  EXPECT_THROW(run_experiment("saddle-avoidance", {{"d", "2", ""}, {"k", "3", ""}}, 0), run::InputError);
  EXPECT_THROW(run_experiment("saddle-avoidance", {{"eta", "0.9", ""}}, 0), run::InputError);
}

}  // namespace
}  // namespace fdl::test
