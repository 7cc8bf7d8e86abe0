// The mirror-descent-ls experiment at its (small) default size on several seeds, and its errors
// for bad user data.
#include "fdl/run/experiment.hpp"

#include "run.hpp"

#include <gtest/gtest.h>

namespace fdl::test {
namespace {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;

TEST(MirrorDescentLsExperiment, EveryPotentialReachesItsBregmanProjectionOnSeveralSeeds) {
  // Seed 16: ½‖w‖₃² has a limit with a coordinate near 0, where its smoothness relative to ψ is
  // 28.6 λ — a step of 0.2/λ would leave that limit unstable.
  for (std::uint64_t seed : {0, 1, 2, 16}) {
    run::Result r = run_experiment("mirror-descent-ls", {}, seed);
    EXPECT_TRUE(r.passed()) << "seed " << seed << "\n" << r.report;
    EXPECT_LE(r.metrics.at("max_relative_error"), 1e-9);
    EXPECT_GE(r.metrics.at("min_limit_gap"), 1e-2);  // the limits depend on the potential
    EXPECT_EQ(r.solution.cols(), 4);
  }
  const run::Result lp = run_experiment("mirror-descent-ls", {{"potential", "p_norm", ""}}, 16);
  EXPECT_GT(lp.metrics.at("relative_smoothness.p_norm"), 20 * lp.metrics.at("smoothness"));
}

TEST(MirrorDescentLsExperiment, TooFewStepsFailsTheVerdict) {
  run::Result r = run_experiment("mirror-descent-ls", {{"iterations", "20", ""}}, 0);
  EXPECT_FALSE(r.passed());
  EXPECT_GT(r.metrics.at("max_relative_error"), 1e-9);
}

TEST(MirrorDescentLsExperiment, UserDataGivesSolutionAndReference) {
  Matrix X(2, 4);
  X << 1, 2, 0, 1, 0, 1, 1, -1;
  const Vector w_true = Vector::Constant(4, 1.0);
  const std::string x = write_temp_npy("mdls_X", X), y = write_temp_npy("mdls_y", Vector(X * w_true)), w0 = write_temp_npy("mdls_w0", Vector(Vector::Constant(4, 0.5)));
  run::Result r = run_experiment("mirror-descent-ls", {{"data.X", x, ""}, {"data.y", y, ""}, {"data.w0", w0, ""}, {"potential", "entropy", ""}}, 0);
  EXPECT_TRUE(r.passed()) << r.report;
  ASSERT_EQ(r.solution.rows(), 4);
  EXPECT_LE((r.solution - r.reference).norm(), 1e-9 * r.reference.norm());
  EXPECT_LE((X * r.reference - X * w_true).norm(), 1e-9);
}

TEST(MirrorDescentLsExperiment, BadUserDataIsBadInput) {
  Matrix X(2, 4);
  X << 1, 2, 0, 1, 0, 1, 1, -1;
  const std::string x = write_temp_npy("mdls_X2", X), y = write_temp_npy("mdls_y2", Vector(Vector::Ones(2))), y3 = write_temp_npy("mdls_y3", Vector(Vector::Ones(3)));
  const std::string w_bad = write_temp_npy("mdls_w0bad", Vector(Vector::Constant(4, -1.0))), w_short = write_temp_npy("mdls_w0short", Vector(Vector::Ones(3)));
  EXPECT_THROW(run_experiment("mirror-descent-ls", {{"data.X", x, ""}, {"data.y", y3, ""}}, 0), std::exception);  // n mismatch
  EXPECT_THROW(run_experiment("mirror-descent-ls", {{"data.X", x, ""}, {"data.y", y, ""}, {"data.w0", w_short, ""}}, 0), run::InputError);
  EXPECT_THROW(run_experiment("mirror-descent-ls", {{"data.X", x, ""}, {"data.y", y, ""}, {"data.w0", w_bad, ""}, {"potential", "entropy", ""}}, 0), run::InputError);
  EXPECT_THROW(run_experiment("mirror-descent-ls", {{"data.y", y, ""}}, 0), run::InputError);
  EXPECT_THROW(run_experiment("mirror-descent-ls", {{"n", "30", ""}, {"d", "20", ""}}, 0), run::InputError);
}

}  // namespace
}  // namespace fdl::test
