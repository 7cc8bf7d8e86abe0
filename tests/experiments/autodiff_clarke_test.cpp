// The autodiff-clarke experiment at a small size: its verdict and its table.
#include "fdl/run/experiment.hpp"

#include <gtest/gtest.h>

namespace fdl::test {
namespace {

TEST(AutodiffClarkeExperiment, PassesWithEveryClarkeAnswerInItsSet) {
  const run::Experiment* e = run::find_experiment("autodiff-clarke");
  ASSERT_NE(e, nullptr);
  run::Config cfg({{"directions", "20"}, {"cost.n", "50"}, {"cost.d", "10"}, {"cost.m", "40"}, {"cost.repeats", "2"}}, 7);
  run::Result r = e->run(cfg);
  EXPECT_TRUE(r.passed()) << r.report;
  EXPECT_EQ(r.metrics.at("clarke_answers_outside_set"), 0);
  EXPECT_GE(r.metrics.at("conventional_outside_set"), 15);  // T1–T10b and the rest of the table
  EXPECT_GT(r.metrics.at("cost.generic.clarke_over_f"), 0);
  EXPECT_NE(r.report.find("T1 "), std::string::npos);
}

TEST(AutodiffClarkeExperiment, UnknownConfigKeyIsBadInput) {
  run::Config cfg({{"no_such_key", "1"}}, 0);
  EXPECT_THROW(run::find_experiment("autodiff-clarke")->run(cfg), run::InputError);
}

TEST(AutodiffClarkeExperiment, OutOfRangeValueIsBadInput) {
  run::Config cfg({{"directions", "0"}}, 0);
  EXPECT_THROW(run::find_experiment("autodiff-clarke")->run(cfg), run::InputError);
}

}  // namespace
}  // namespace fdl::test
