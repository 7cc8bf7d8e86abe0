// The linear-conv-net experiment at a small size (2·10⁴ steps) on three seeds: the fully connected
// net follows the linear predictor, the convolutional net does not and has the larger Fourier-ℓ1
// margin, bounded by the max-‖Fβ‖₁-margin LP and closer to its separator; and bad user data.
#include "fdl/run/experiment.hpp"

#include "run.hpp"

#include <gtest/gtest.h>

namespace fdl::test {
namespace {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;

TEST(LinearConvNetExperiment, ConvolutionalNetLeavesTheL2DirectionForTheFourierL1One) {
  for (std::uint64_t seed : {0, 1, 2}) {
    run::Result r = run_experiment("linear-conv-net", {{"iterations", "20000", ""}}, seed);
    EXPECT_GE(r.metrics.at("cos_fc_linear"), 0.98) << r.report;
    EXPECT_LE(r.metrics.at("cos_conv_linear"), 0.92) << r.report;
    EXPECT_GT(r.metrics.at("fourier_l1_margin.conv"), r.metrics.at("fourier_l1_margin.linear")) << r.report;
    EXPECT_GT(r.metrics.at("fourier_l1_margin.conv"), r.metrics.at("fourier_l1_margin.fc")) << r.report;
    // The max-‖Fβ‖₁-margin LP bounds every predictor's Fourier-ℓ1 margin, and the conv net is closer
    // to its separator than the linear predictor is.
    EXPECT_LE(r.metrics.at("fourier_l1_margin.conv"), r.metrics.at("fourier_l1_margin.max") * (1 + 5e-6)) << r.report;
    EXPECT_GT(r.metrics.at("cos_conv_fourier_svm"), r.metrics.at("cos_linear_fourier_svm")) << r.report;
    EXPECT_EQ(r.solution.cols(), 3);
    EXPECT_EQ(r.reference.cols(), 2);
  }
}

TEST(LinearConvNetExperiment, BadUserDataIsBadInput) {
  Matrix X(4, 2);
  X << 1, 0, -1, 0, 2, 0, -2, 0;
  const std::string x = write_temp_npy("lcn_X", X), mixed = write_temp_npy("lcn_y", Vector((Vector(4) << 1, 1, -1, -1).finished()));
  const std::string not_pm = write_temp_npy("lcn_y2", Vector((Vector(4) << 1, 2, -1, 1).finished()));
  EXPECT_THROW(run_experiment("linear-conv-net", {{"data.X", x, ""}, {"data.y", mixed, ""}}, 0), run::InputError);  // not separable
  EXPECT_THROW(run_experiment("linear-conv-net", {{"data.X", x, ""}, {"data.y", not_pm, ""}}, 0), run::InputError);
  EXPECT_THROW(run_experiment("linear-conv-net", {{"data.y", mixed, ""}}, 0), run::InputError);
}

}  // namespace
}  // namespace fdl::test
