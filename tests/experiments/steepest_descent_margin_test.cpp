// The steepest-descent-margin experiment at a small size on several seeds (the D3b table and the
// step-size comparison; the 10⁶-step rate checks run at the default size in `fdl verify`), and its
// errors for bad user data.
#include "fdl/run/experiment.hpp"

#include "run.hpp"

#include <gtest/gtest.h>

namespace fdl::test {
namespace {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;

const std::vector<run::Setting> kSmall = {{"soudry.iterations", "30000", ""}, {"nacson.seeds", "2", ""}};

TEST(SteepestDescentMarginExperiment, EachNormReachesItsOwnMaxMarginOnSeveralSeeds) {
  for (std::uint64_t seed : {0, 1, 2}) {
    run::Result r = run_experiment("steepest-descent-margin", kSmall, seed);
    for (const std::string p : {"l1", "l2", "linf"}) {
      EXPECT_GE(r.metrics.at("table." + p + "." + p), 0.995) << "seed " << seed << " norm " << p << "\n" << r.report;
      for (const std::string q : {"l1", "l2", "linf"}) {
        if (q != p) {
          EXPECT_GE(r.metrics.at("table." + p + "." + p), r.metrics.at("table." + q + "." + p)) << r.report;
        }
      }
    }
    EXPECT_GE(r.metrics.at("nacson.min_fixed_over_sqrt"), 3.0) << r.report;
    EXPECT_LE(r.metrics.at("nacson.max_normalized_gap"), 2e-3) << r.report;
    EXPECT_NEAR(r.metrics.at("fig1.w_hat_norm"), 1 / std::sqrt(2.0), 1e-6);  // the max-margin QP on Fig. 1's data
    EXPECT_NEAR(r.metrics.at("fig1.norm_slope") / r.metrics.at("fig1.w_hat_norm"), 1.0, 0.05) << r.report;
    // Thm 4's w(t) ≈ ŵ log t + w̃ on Fig. 1's data (its support vectors span R²):
    // GD is within 0.1 of it at T = 3·10⁴, where ‖w_T‖ ≈ ‖ŵ‖ ln T = 7.3.
    EXPECT_LT(r.metrics.at("fig1.distance_to_prediction"), 0.1) << r.report;
  }
}

TEST(SteepestDescentMarginExperiment, FewStepsFailTheTable) {
  run::Result r = run_experiment("steepest-descent-margin", {{"soudry.iterations", "1000", ""}, {"nacson.iterations", "10", ""}, {"nacson.seeds", "1", ""}, {"table.iterations", "10", ""}}, 0);
  EXPECT_FALSE(r.passed());
  EXPECT_LT(r.metrics.at("table.l1.l1"), 0.995);
}

TEST(SteepestDescentMarginExperiment, UserDataGivesDirectionAndMaxMargin) {
  Matrix X(4, 2);
  X << 2, 1, 1, 3, -1, -2, -3, -0.5;
  const Vector y = (Vector(4) << 1, 1, -1, -1).finished();
  const std::string x = write_temp_npy("sdm_X", X), labels = write_temp_npy("sdm_y", y);
  run::Result r = run_experiment("steepest-descent-margin", {{"data.X", x, ""}, {"data.y", labels, ""}, {"norm", "l2", ""}}, 0);
  EXPECT_TRUE(r.passed()) << r.report;
  ASSERT_EQ(r.solution.rows(), 2);
  EXPECT_LE((r.solution - r.reference).norm(), 0.05);
}

TEST(SteepestDescentMarginExperiment, BadUserDataIsBadInput) {
  Matrix X(4, 2);
  X << 1, 0, -1, 0, 2, 0, -2, 0;
  const std::string x = write_temp_npy("sdm_X2", X), mixed = write_temp_npy("sdm_y2", Vector((Vector(4) << 1, 1, -1, -1).finished()));  // x and −x both +1
  const std::string not_pm = write_temp_npy("sdm_y3", Vector((Vector(4) << 1, 0, -1, 1).finished())), short_y = write_temp_npy("sdm_y4", Vector(Vector::Ones(3)));
  EXPECT_THROW(run_experiment("steepest-descent-margin", {{"data.X", x, ""}, {"data.y", mixed, ""}}, 0), run::InputError);
  EXPECT_THROW(run_experiment("steepest-descent-margin", {{"data.X", x, ""}, {"data.y", not_pm, ""}}, 0), run::InputError);
  EXPECT_THROW(run_experiment("steepest-descent-margin", {{"data.X", x, ""}, {"data.y", short_y, ""}}, 0), std::runtime_error);
  EXPECT_THROW(run_experiment("steepest-descent-margin", {{"data.y", mixed, ""}}, 0), run::InputError);
}

}  // namespace
}  // namespace fdl::test
