// The overparam-deep experiment at a small size: its verdict on several seeds, its drift
// measurements and bad input.
#include "fdl/run/experiment.hpp"

#include "run.hpp"

#include <gtest/gtest.h>

namespace fdl::test {
namespace {

// B1 over widths 100..1600 in 200 steps.
std::vector<run::Setting> overparam_at_small_size() {
  return {{"shallow.widths", "100,400,1600", ""}, {"shallow.iterations", "200", ""}, {"deep.run", "false", ""}};
}

TEST(OverparamDeepExperiment, TwoLayerLossUnderTheBoundAndDriftShrinksLikeInverseRootWidth) {
  for (std::uint64_t seed : {1, 2}) {
    const run::Result r = run_experiment("overparam-deep", overparam_at_small_size(), seed);
    EXPECT_TRUE(r.passed()) << "seed " << seed << "\n" << r.report;
    EXPECT_LE(r.metrics.at("shallow.m=1600.max_loss_over_bound"), 1.0);
    for (const char* drift : {"weight_movement", "flipped_fraction", "gram_drift"}) {
      EXPECT_LT(r.metrics.at(std::string("shallow.m=1600.") + drift), r.metrics.at(std::string("shallow.m=100.") + drift)) << drift;
      EXPECT_NEAR(r.metrics.at(std::string("shallow.slope.") + drift), -0.5, 0.2) << drift;
    }
    EXPECT_LT(r.metrics.at("shallow.m=1600.final_loss"), 1e-8);
    // One loss curve per width (iterations 0..200), and the drift at each width.
    EXPECT_EQ(r.series.column("loss/loss(0) m=400").size(), 201u);
    EXPECT_DOUBLE_EQ(r.series.column("width")[2], 1600.0);
  }
}

TEST(OverparamDeepExperiment, DeepNetsConvergeAndResNetsKeepTheirConditioningWithDepth) {
  run::Result r = run_experiment("overparam-deep", {{"shallow.widths", "50,100", ""}, {"shallow.iterations", "50", ""}, {"shallow.inits", "1", ""},
                            {"deep.widths", "16,64", ""}, {"deep.depths", "2,6", ""}, {"deep.depth_width", "32", ""},
                            {"deep.iterations", "100", ""}}, 1);
  ASSERT_FALSE(r.diverged) << r.report;
  for (const char* arch : {"fc", "resnet"}) {
    EXPECT_LE(r.metrics.at(std::string("deep.") + arch + ".H=3.m=64.max_loss_over_bound"), 1.0) << arch;
  }
  // FC: κ(G(0)) collapses with depth; ResNet: it does not.
  EXPECT_LT(r.metrics.at("deep.fc.conditioning_change"), 0.5);
  EXPECT_GT(r.metrics.at("deep.resnet.conditioning_change"), 0.5);
  EXPECT_EQ(r.series.column("deep loss/loss(0) resnet H=3 m=16").size(), 101u);
}

TEST(OverparamDeepExperiment, BadWidthListIsBadInput) {
  EXPECT_THROW(run_experiment("overparam-deep", {{"shallow.widths", "100", ""}}, 0), run::InputError);       // no slope from one width
  EXPECT_THROW(run_experiment("overparam-deep", {{"shallow.widths", "100,x", ""}}, 0), run::InputError);
  EXPECT_THROW(run_experiment("overparam-deep", {{"shallow.widths", "100,0", ""}}, 0), run::InputError);
}

}  // namespace
}  // namespace fdl::test
