// The global-landscape experiment at a small size: matrix completion recovers M, the wide
// quadratic net and the overparametrized ReLU net reach zero loss, the narrow quadratic net not.
#include "fdl/run/experiment.hpp"

#include "run.hpp"

#include <gtest/gtest.h>

namespace fdl::test {
namespace {

TEST(GlobalLandscapeExperiment, GradientDescentReachesGlobalMinimaOnSeveralSeeds) {
  for (std::uint64_t seed : {1, 2}) {
    run::Result r = run_experiment("global-landscape", {{"seeds", "2", ""}, {"quad.seeds", "1", ""}, {"quad.narrow_iterations", "20000", ""}, {"relu.m", "200", ""}}, seed);
    EXPECT_TRUE(r.passed()) << r.report;
    EXPECT_EQ(r.metrics.at("mc.recovered"), 2);
    EXPECT_LT(r.metrics.at("quad.k_wide.max_loss"), 1e-12);
    EXPECT_GT(r.metrics.at("quad.k_narrow.min_loss"), 1e-3);
    EXPECT_LT(r.metrics.at("relu.max_loss"), 1e-10);
  }
}

TEST(GlobalLandscapeExperiment, StudentNarrowerThanTeacherOrRankAboveSizeIsBadInput) {
  EXPECT_THROW(run_experiment("global-landscape", {{"relu.m", "2", ""}, {"relu.teacher", "5", ""}}, 0), run::InputError);
  EXPECT_THROW(run_experiment("global-landscape", {{"mc.d", "3", ""}, {"mc.r", "4", ""}}, 0), run::InputError);
}

}  // namespace
}  // namespace fdl::test
