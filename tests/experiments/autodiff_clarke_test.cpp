// The autodiff-clarke experiment at a small size: its verdict and its table.
#include "fdl/run/experiment.hpp"

#include "run.hpp"

#include <gtest/gtest.h>

namespace fdl::test {
namespace {

TEST(AutodiffClarkeExperiment, PassesWithEveryClarkeAnswerInItsSet) {
  run::Result r = run_experiment("autodiff-clarke", {{"directions", "20", ""}, {"cost.n", "50", ""}, {"cost.d", "10", ""}, {"cost.m", "40", ""}, {"cost.repeats", "2", ""}}, 7);
  EXPECT_TRUE(r.passed()) << r.report;
  EXPECT_EQ(r.metrics.at("clarke_answers_outside_set"), 0);
  EXPECT_GE(r.metrics.at("conventional_outside_set"), 15);  // T1–T10b and the rest of the table
  EXPECT_GT(r.metrics.at("cost.generic.clarke_over_f"), 0);
  EXPECT_NE(r.report.find("T1 "), std::string::npos);
}

TEST(AutodiffClarkeExperiment, UnknownConfigKeyIsBadInput) {
  EXPECT_THROW(run_experiment("autodiff-clarke", {{"no_such_key", "1", ""}}, 0), run::InputError);
}

TEST(AutodiffClarkeExperiment, OutOfRangeValueIsBadInput) {
  EXPECT_THROW(run_experiment("autodiff-clarke", {{"directions", "0", ""}}, 0), run::InputError);
}

}  // namespace
}  // namespace fdl::test
