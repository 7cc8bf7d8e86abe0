// The sgd-nonsmooth experiment at a small size: the stationarity measures fall below their
// thresholds, and conventional AD stalls at the false stationary point while Clarke AD leaves it.
#include "fdl/run/experiment.hpp"

#include "run.hpp"

#include <gtest/gtest.h>

namespace fdl::test {
namespace {

TEST(SgdNonsmoothExperiment, MeasuresFallAndConventionalAdStallsAtTheFalsePoint) {
  for (std::uint64_t seed : {1, 2}) {
    run::Result r = run_experiment("sgd-nonsmooth", {{"seeds", "2", ""}, {"moreau.iterations", "5000", ""}}, seed);
    EXPECT_TRUE(r.passed()) << r.report;
    EXPECT_EQ(r.metrics.at("false.conventional_final_norm"), 0);
    EXPECT_EQ(r.metrics.at("false.conventional_gradient_at_0"), 0);
    EXPECT_LT(r.metrics.at("false.clarke_gradient_error_at_0"), 1e-12);
    for (int s = 0; s < 2; ++s) {
      const std::string k = std::to_string(s);
      EXPECT_LT(r.metrics.at("pr.moreau_gradient.seed" + k), r.metrics.at("pr.moreau_gradient_at_start.seed" + k));
      EXPECT_LT(r.metrics.at("relu.goldstein_epsilon.seed" + k), r.metrics.at("relu.goldstein_epsilon_at_start.seed" + k));
    }
  }
}

TEST(SgdNonsmoothExperiment, StudentNarrowerThanTeacherIsBadInput) {
  EXPECT_THROW(run_experiment("sgd-nonsmooth", {{"relu.m", "2", ""}, {"relu.teacher", "3", ""}}, 0), run::InputError);
}

}  // namespace
}  // namespace fdl::test
