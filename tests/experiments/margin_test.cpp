// The margin experiment at a small size (C1 path, C2 widths, C3 net vs NTK), and the Fashion-MNIST
// run's place in `fdl verify --quick`.
#include "fdl/run/experiment.hpp"

#include "run.hpp"
#include "fdl/run/runner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace fdl::test {
namespace {

std::vector<run::Setting> margin_at_small_size() {
  return {{"c1.lambdas", "1e-3,1e-4,1e-5", ""}, {"c2.widths", "8,16", ""},
          {"c3.dims", "10,20", ""}, {"c3.trials", "1", ""}, {"c3.test", "500", ""}, {"c3.kernel_error", "0.03", ""}};
}

TEST(MarginExperiment, WeakRegularizationReachesTheMaxMarginAndTheNetBeatsItsKernel) {
  for (std::uint64_t seed : {0, 1}) {
    const run::Result r = run_experiment("margin", margin_at_small_size(), seed);
    EXPECT_TRUE(r.passed()) << "seed " << seed << "\n" << r.report;
    EXPECT_NEAR(r.metrics.at("gamma_l1"), 0.066029, 2e-4);  // the ℓ1-SVM over 2000 directions (paper-results C1)
    EXPECT_GE(r.metrics.at("c1.lambda=1e-05.margin_ratio"), 0.98);
    EXPECT_LE(r.metrics.at("c1.lambda=1e-05.margin_ratio"), 1.01);
    EXPECT_GE(r.metrics.at("c2.m=16.margin_ratio"), 0.98);
    EXPECT_LE(r.metrics.at("c3.d=20.net_error"), 0.02);
    EXPECT_GT(r.metrics.at("c3.d=20.ntk_error"), r.metrics.at("c3.d=10.ntk_error"));
    // reported only: present when every trained net separates its training data (a bound exists)
    EXPECT_TRUE(std::isfinite(r.metrics.at("c3.d=20.net_margin_bound")));
  }
}

TEST(MarginExperiment, BadListsAreBadInput) {
  EXPECT_THROW(run_experiment("margin", {{"c1.lambdas", "1e-5,1e-3", ""}}, 0), run::InputError);  // must decrease
  EXPECT_THROW(run_experiment("margin", {{"c2.widths", "2,x", ""}}, 0), run::InputError);
}

TEST(VerifyQuick, SkipsTheLongFashionMnistRunOnly) {
  const run::Experiment& fashion = run::experiment("margin-fashion-mnist");
  EXPECT_TRUE(fashion.long_running);
  const auto all = run::verified_experiments(false), quick = run::verified_experiments(true);
  EXPECT_EQ(all.size(), run::experiments().size());
  EXPECT_NE(std::find(all.begin(), all.end(), &fashion), all.end());
  EXPECT_EQ(std::find(quick.begin(), quick.end(), &fashion), quick.end());
  for (const run::Experiment& e : run::experiments())
    EXPECT_EQ(std::find(quick.begin(), quick.end(), &e) != quick.end(), !e.long_running) << e.name;
}

TEST(MarginFashionMnistExperiment, TinyRunMeasuresMarginErrorAndBoundPerWidth) {
  const run::Result r = run_experiment("margin-fashion-mnist", {{"per_class", "40", ""}, {"widths", "4,64", ""}, {"lambdas", "1e-3", ""}, {"steps", "200", ""}}, 0);
  ASSERT_FALSE(r.diverged) << r.report;
  ASSERT_EQ(r.checks.size(), 2u);
  for (const char* m : {"m=4.", "m=64."}) {
    EXPECT_LE(r.metrics.at(std::string(m) + "train_error"), 0.5) << m;
    EXPECT_LT(r.metrics.at(std::string(m) + "test_error"), 0.5) << m;  // better than chance on 2000 test images
  }
  EXPECT_EQ(r.series.column("width"), (std::vector<double>{4, 64}));

  // T-shirt vs trouser: the width-64 net separates its 80 training images, so Wei et al.'s bound
  // exists (analysis::two_layer_margin_bound; vacuous, > 1, at n = 80); the width-4 net does not.
  const run::Result easy = run_experiment("margin-fashion-mnist", {{"per_class", "40", ""}, {"widths", "4,64", ""}, {"lambdas", "1e-3", ""},
                                                                   {"steps", "400", ""}, {"class_negative", "0", ""}, {"class_positive", "1", ""}}, 0);
  ASSERT_EQ(easy.metrics.at("m=64.train_error"), 0.0) << easy.report;
  EXPECT_GT(easy.metrics.at("m=64.normalized_margin"), 0.0);
  EXPECT_GT(easy.metrics.at("m=64.bound"), 1.0);
  EXPECT_EQ(easy.metrics.count("m=4.bound"), easy.metrics.at("m=4.normalized_margin") > 0 ? 1u : 0u);
}

TEST(MarginFashionMnistExperiment, BadClassesAreBadInput) {
  EXPECT_THROW(run_experiment("margin-fashion-mnist", {{"class_negative", "3", ""}, {"class_positive", "3", ""}}, 0), run::InputError);
  EXPECT_THROW(run_experiment("margin-fashion-mnist", {{"pool", "3", ""}}, 0), run::InputError);
}

}  // namespace
}  // namespace fdl::test
