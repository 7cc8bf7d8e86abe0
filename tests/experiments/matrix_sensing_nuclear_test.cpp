// The matrix-sensing-nuclear experiment at a small size: the RIP-regime recovery, the baselines and
// the quadratic net on two seeds (the commuting case needs 10⁵–10⁶ steps and runs in `fdl verify`),
// user data, and bad user data.
#include "fdl/data/npy.hpp"
#include "fdl/problems/matrix_sensing.hpp"
#include "fdl/run/experiment.hpp"

#include "run.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace fdl::test {
namespace {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;

TEST(MatrixSensingNuclearExperiment, FactorizedGdRecoversWhereTheBaselinesDoNot) {
  for (std::uint64_t seed : {0, 2}) {
    run::Result r = run_experiment("matrix-sensing-nuclear", {{"commuting.iterations", "100", ""}, {"below_rip", "false", ""}}, seed);
    EXPECT_LE(r.metrics.at("rip.error"), 5e-3) << r.report;
    EXPECT_LE(r.metrics.at("rip.trace_gap"), 1e-2) << r.report;
    EXPECT_GE(r.metrics.at("rip.psd_projected_error"), 0.2) << r.report;
    EXPECT_GE(r.metrics.at("rip.min_frobenius_error"), 0.3) << r.report;
    EXPECT_LE(r.metrics.at("quadratic.error"), 1e-2) << r.report;
    EXPECT_LE(r.metrics.at("quadratic.trace_gap"), 1e-2) << r.report;
    EXPECT_LE(r.metrics.at("rip.sdp_gap"), 1e-6) << r.report;  // the reference is certified
    // x_KL(10⁻⁶) is feasible for the LP, so its sum is at least LP*, and close to it at so small an α.
    EXPECT_GT(r.metrics.at("commuting.lp_gap_of_kl"), 0) << r.report;
    EXPECT_LT(r.metrics.at("commuting.lp_gap_of_kl"), 1e-2) << r.report;
    EXPECT_FALSE(r.passed());  // 100 steps do not reach the commuting case's KL projection
    EXPECT_EQ(r.solution.rows(), 20);
  }
}

TEST(MatrixSensingNuclearExperiment, AnUncertifiedReferenceIsAFailedCheckAndTheRunCompletes) {
  // Two DSDP iterations certify nothing: each part records a failed "certified" check and keeps
  // the rest of what it computed.
  run::Result r = run_experiment("matrix-sensing-nuclear",
                                 {{"commuting.iterations", "100", ""}, {"below_rip", "false", ""}, {"sdp.max_iterations", "2", ""}}, 0);
  int uncertified = 0;
  for (const run::Check& c : r.checks)
    if (c.name.find("min_trace_psd certified") != std::string::npos) {
      ++uncertified;
      EXPECT_FALSE(c.passed()) << c.name;
    }
  EXPECT_EQ(uncertified, 2) << r.report;  // D6 and the quadratic net
  EXPECT_GT(r.metrics.at("rip.sdp_gap"), 1e-6);
  EXPECT_LE(r.metrics.at("rip.error"), 5e-3) << r.report;  // GD's recovery is still measured
  EXPECT_EQ(r.metrics.count("rip.trace_gap"), 0u);         // the comparison that needs the reference is not
  EXPECT_EQ(r.reference.size(), 0);
  EXPECT_NE(r.report.find("no reference"), std::string::npos);
  EXPECT_FALSE(r.passed());
}

std::string write_matrices(const std::string& name, const std::vector<Matrix>& A) {
  const Index m = Index(A.size()), d = A[0].rows();
  std::vector<double> values;
  for (const Matrix& a : A)
    for (Index i = 0; i < d; ++i)
      for (Index j = 0; j < d; ++j) values.push_back(a(i, j));
  const auto path = std::filesystem::temp_directory_path() / ("fdl_msn_" + name + ".npy");
  data::write_npy(path, data::Array({m, d, d}, values));
  return path.string();
}

TEST(MatrixSensingNuclearExperiment, UserDataReachesTheMinimumTrace) {
  problems::Rng rng(5);
  const Index d = 6, m = 24;
  const Matrix z = problems::gaussian(d, 1, rng);
  std::vector<Matrix> A;
  Vector y(m);
  for (Index i = 0; i < m; ++i) {
    A.push_back(problems::symmetric_gaussian(d, rng));
    y(i) = (A.back().array() * (z * z.transpose()).array()).sum();
  }
  run::Result r = run_experiment("matrix-sensing-nuclear", {{"data.A", write_matrices("A", A), ""}, {"data.y", write_temp_npy("msn_y", y), ""}, {"eta", "0.02", ""}, {"iterations", "20000", ""}}, 0);
  EXPECT_TRUE(r.passed()) << r.report;
  ASSERT_EQ(r.solution.rows(), d);
  EXPECT_LE((r.solution - r.reference).norm(), 1e-2 * r.reference.norm());
}

TEST(MatrixSensingNuclearExperiment, BadUserDataIsBadInput) {
  const std::vector<Matrix> A = {Matrix::Identity(3, 3), Matrix::Ones(3, 3)};
  const std::string a = write_matrices("A2", A), y3 = write_temp_npy("msn_y3", Vector(Vector::Ones(3)));
  const std::string rect = write_temp_npy("msn_rect", Matrix(Matrix::Ones(2, 3)));
  EXPECT_THROW(run_experiment("matrix-sensing-nuclear", {{"data.A", a, ""}, {"data.y", y3, ""}}, 0), run::InputError);          // m mismatch
  EXPECT_THROW(run_experiment("matrix-sensing-nuclear", {{"data.A", rect, ""}, {"data.y", y3, ""}}, 0), std::runtime_error);     // not m×d×d
  EXPECT_THROW(run_experiment("matrix-sensing-nuclear", {{"data.y", y3, ""}}, 0), run::InputError);
  const std::string y_neg = write_temp_npy("msn_yneg", Vector(Vector::Constant(2, -1.0)));  // tr X = −1 has no PSD solution
  EXPECT_THROW(run_experiment("matrix-sensing-nuclear", {{"data.A", a, ""}, {"data.y", y_neg, ""}}, 0), run::InputError);
}

}  // namespace
}  // namespace fdl::test
