#include "fdl/analysis/nuclear_norm.hpp"
#include "fdl/problems/matrix_sensing.hpp"

#include "../gaussian.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using fdl::analysis::min_nuclear_norm;
using fdl::analysis::min_trace_psd;

using fdl::test::gaussian;

std::vector<MatrixXd> symmetric_gaussians(int m, int d, std::uint64_t seed) {
  std::vector<MatrixXd> A;
  for (int i = 0; i < m; ++i) {
    const MatrixXd B = gaussian(d, d, seed + i);
    A.push_back(0.5 * (B + B.transpose()));
  }
  return A;
}

VectorXd measure(const std::vector<MatrixXd>& A, const MatrixXd& Z) {
  VectorXd b(A.size());
  for (std::size_t i = 0; i < A.size(); ++i) b(i) = A[i].cwiseProduct(Z).sum();
  return b;
}

// The second method: ADMM on min tr Z s.t. A(Z) = b, Z = Y, Y ⪰ 0 (Boyd et al. 2011, §5):
//   Z ← Π_affine(Y − U − I/ρ),  Y ← Π_PSD(Z + U),  U ← U + Z − Y.
MatrixXd admm_min_trace(const std::vector<MatrixXd>& S, const VectorXd& b) {
  const int d = static_cast<int>(S[0].rows()), m = static_cast<int>(S.size());
  MatrixXd M(m, d * d);
  for (int i = 0; i < m; ++i) M.row(i) = S[i].reshaped().transpose();
  const auto gram = (M * M.transpose()).ldlt();
  auto affine = [&](const MatrixXd& V) {
    return MatrixXd(V - (M.transpose() * gram.solve(M * V.reshaped() - b)).reshaped(d, d));
  };
  auto psd = [&](const MatrixXd& V) {
    Eigen::SelfAdjointEigenSolver<MatrixXd> eig(0.5 * (V + V.transpose()));
    return MatrixXd(eig.eigenvectors() * eig.eigenvalues().cwiseMax(0).asDiagonal() * eig.eigenvectors().transpose());
  };
  const double rho = 1.0;
  MatrixXd Y = MatrixXd::Zero(d, d), U = Y, Z = Y;
  for (int k = 0; k < 200000; ++k) {
    Z = affine(Y - U - MatrixXd::Identity(d, d) / rho);
    const MatrixXd previous = Y;
    Y = psd(Z + U);
    U += Z - Y;
    if ((Z - Y).norm() < 1e-13 && (Y - previous).norm() < 1e-13) break;
  }
  return Y;
}

TEST(MinTracePsd, OneMeasurementPutsEverythingOnTheTopEigenvector) {
  // min tr Z s.t. ⟨A, Z⟩ = b > 0: Z = (b/λ_max) v vᵀ.
  const auto A = symmetric_gaussians(1, 4, 1);
  Eigen::SelfAdjointEigenSolver<MatrixXd> eig(A[0]);
  const double lambda = eig.eigenvalues()(3), b = 2.0;
  ASSERT_GT(lambda, 0);
  const MatrixXd expected = b / lambda * eig.eigenvectors().col(3) * eig.eigenvectors().col(3).transpose();
  const auto r = min_trace_psd(A, VectorXd::Constant(1, b));
  EXPECT_NEAR(r.report.objective, b / lambda, 1e-6 * b / lambda);
  EXPECT_LT((r.Z - expected).norm(), 1e-6 * expected.norm());
  EXPECT_LT(r.report.feasibility, 1e-8);
  EXPECT_GT(r.report.min_eigenvalue, -1e-8);
}

TEST(MinNuclearNorm, OneMeasurementIsTheDualNormSolution) {
  // min ‖X‖_* s.t. ⟨A, X⟩ = b: ‖X‖_* = |b|/σ_1(A), X = (b/σ_1) u_1 v_1ᵀ.
  const MatrixXd A = gaussian(3, 5, 2);
  Eigen::JacobiSVD<MatrixXd> svd(A, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const double sigma = svd.singularValues()(0), b = -1.5;
  const MatrixXd expected = b / sigma * svd.matrixU().col(0) * svd.matrixV().col(0).transpose();
  const auto r = min_nuclear_norm({A}, VectorXd::Constant(1, b));
  EXPECT_NEAR(r.report.objective, std::abs(b) / sigma, 1e-6 * std::abs(b) / sigma);
  EXPECT_LT((r.X - expected).norm(), 1e-6 * expected.norm());
}

// Basic solutions of A x = b (m nonzeros): the minimum of Σ_j c(x_j) over them is the LP optimum
// for c = identity on x ≥ 0 (min Σx) and for c = |·| (min ‖x‖₁, via x = x⁺ − x⁻).
VectorXd best_basic_solution(const MatrixXd& A, const VectorXd& b, bool nonnegative) {
  const int m = static_cast<int>(A.rows()), d = static_cast<int>(A.cols());
  VectorXd best;
  double best_value = 1e300;
  std::vector<int> pick(m);
  std::function<void(int, int)> choose = [&](int next, int depth) {
    if (depth == m) {
      MatrixXd B(m, m);
      for (int k = 0; k < m; ++k) B.col(k) = A.col(pick[k]);
      Eigen::FullPivLU<MatrixXd> lu(B);
      if (lu.rank() < m) return;
      const VectorXd xb = lu.solve(b);
      if (nonnegative && (xb.array() < -1e-12).any()) return;
      if (xb.lpNorm<1>() < best_value) {
        best_value = xb.lpNorm<1>();
        best = VectorXd::Zero(d);
        for (int k = 0; k < m; ++k) best(pick[k]) = xb(k);
      }
      return;
    }
    for (int i = next; i < d; ++i) pick[depth] = i, choose(i + 1, depth + 1);
  };
  choose(0, 0);
  return best;
}

TEST(MinTracePsd, DiagonalSensingIsTheNonnegativeLinearProgram) {
  const int d = 5, m = 2;
  const MatrixXd a = gaussian(m, d, 5).cwiseAbs();  // A_i = diag(a_i)
  const VectorXd z_true = gaussian(d, 1, 6).cwiseAbs();
  const VectorXd b = a * z_true;
  std::vector<MatrixXd> A;
  for (int i = 0; i < m; ++i) A.push_back(a.row(i).asDiagonal());
  const VectorXd z = best_basic_solution(a, b, true);
  const auto r = min_trace_psd(A, b);
  EXPECT_NEAR(r.report.objective, z.sum(), 1e-6 * z.sum());
  EXPECT_LT((r.Z.diagonal() - z).norm(), 1e-6 * z.norm());

  // min ‖X‖_* with diagonal measurements: the ℓ1-minimal diagonal.
  const MatrixXd signed_a = gaussian(m, d, 7);
  std::vector<MatrixXd> D;
  for (int i = 0; i < m; ++i) D.push_back(signed_a.row(i).asDiagonal());
  const VectorXd c = signed_a * gaussian(d, 1, 8);
  const VectorXd x = best_basic_solution(signed_a, c, false);
  const auto n = min_nuclear_norm(D, c);
  EXPECT_NEAR(n.report.objective, x.lpNorm<1>(), 1e-6 * x.lpNorm<1>());
  EXPECT_LT((n.X.diagonal() - x).norm(), 1e-6 * x.norm());
}

TEST(MinTracePsd, AgreesWithAdmmOnRandomInstances) {
  const int d = 4, m = 6;
  for (std::uint64_t seed = 1; seed <= 2; ++seed) {
    const auto A = symmetric_gaussians(m, d, 100 * seed);
    const VectorXd u = gaussian(d, 1, 100 * seed + 50);
    const VectorXd b = measure(A, u * u.transpose());
    const auto r = min_trace_psd(A, b);
    const MatrixXd reference = admm_min_trace(A, b);
    EXPECT_NEAR(r.report.objective, reference.trace(), 1e-6 * reference.trace());
    EXPECT_LT((r.Z - reference).norm(), 1e-5 * reference.norm());
  }
}

TEST(MinNuclearNorm, AgreesWithAdmmOnTheEmbedding) {
  const int d1 = 3, d2 = 3, m = 5;
  std::vector<MatrixXd> A, S;
  for (int i = 0; i < m; ++i) {
    A.push_back(gaussian(d1, d2, 300 + i));
    MatrixXd s = MatrixXd::Zero(d1 + d2, d1 + d2);
    s.topRightCorner(d1, d2) = 0.5 * A.back();
    s.bottomLeftCorner(d2, d1) = 0.5 * A.back().transpose();
    S.push_back(s);
  }
  const MatrixXd X0 = gaussian(d1, 1, 400) * gaussian(1, d2, 401);
  const VectorXd b = measure(A, X0);
  const auto r = min_nuclear_norm(A, b);
  const MatrixXd reference = admm_min_trace(S, b).topRightCorner(d1, d2);
  const double nuclear = Eigen::JacobiSVD<MatrixXd>(reference).singularValues().sum();
  EXPECT_NEAR(r.report.objective, nuclear, 1e-6 * nuclear);
  EXPECT_LT((r.X - reference).norm(), 1e-5 * reference.norm());
}

TEST(MinTracePsd, CertifiesTheLowRankOptimumWhereDsdpStalls) {
  // matrix-sensing-nuclear's D6 instance for seed 7: d = 20, X* of rank 2, m = 3dr = 120 Gaussian
  // measurements of X* = Z Zᵀ/‖Z Zᵀ‖₂ — the RIP regime, where the minimum-trace solution is X* itself. DSDP stalls on
  // this degenerate optimum short of its 1e-9 target (relative gaps 1.6e-6, then 2.8e-7 on the
  // scaled constraints); the solve is accepted with its gap reported.
  fdl::problems::Rng seeds(7);
  seeds();
  const auto p = fdl::problems::MatrixSensing::random(20, 2, 120, seeds());
  const MatrixXd X = p.ground_truth() / Eigen::SelfAdjointEigenSolver<MatrixXd>(p.ground_truth()).eigenvalues().maxCoeff();
  const auto r = min_trace_psd(p.A(), p.measure(X));
  EXPECT_LE(r.report.duality_gap, 1e-6);
  EXPECT_LT((r.Z - X).norm(), 1e-6 * X.norm());
  EXPECT_NEAR(r.report.objective, X.trace(), 1e-6 * X.trace());
}

TEST(MinTracePsd, TooFewIterationsIsNotSolved) {
  const auto A = symmetric_gaussians(6, 4, 100);
  const VectorXd u = gaussian(4, 1, 150);
  const VectorXd b = measure(A, u * u.transpose());
  try {
    min_trace_psd(A, b, {2});
    ADD_FAILURE() << "two DSDP iterations certified a solution";
  } catch (const fdl::analysis::SdpNotSolved& e) {
    EXPECT_GT(e.duality_gap, 1e-6) << e.what();
  }
  EXPECT_THROW(min_trace_psd(A, b, {0}), std::invalid_argument);
  EXPECT_LE(min_trace_psd(A, b).report.duality_gap, 1e-6);
}

TEST(MinTracePsd, RejectsBadAndInfeasibleInput) {
  const auto A = symmetric_gaussians(2, 3, 9);
  EXPECT_THROW(min_trace_psd(A, VectorXd::Ones(3)), std::invalid_argument);
  EXPECT_THROW(min_trace_psd({}, VectorXd()), std::invalid_argument);
  EXPECT_THROW(min_trace_psd({A[0], MatrixXd::Identity(4, 4)}, VectorXd::Ones(2)), std::invalid_argument);
  EXPECT_THROW(min_trace_psd({gaussian(2, 3, 1)}, VectorXd::Ones(1)), std::invalid_argument);
  // ⟨I, Z⟩ = −1 has no PSD solution.
  EXPECT_THROW(min_trace_psd({MatrixXd::Identity(3, 3)}, VectorXd::Constant(1, -1.0)), std::invalid_argument);
}

}  // namespace

namespace {

TEST(MinTraceDiagonal, IsTheBestBasicSolutionAndAgreesWithTheSdp) {
  for (std::uint64_t seed : {11, 12, 13}) {
    const int d = 6, m = 3;
    const MatrixXd a = gaussian(m, d, seed);
    const VectorXd b = a * gaussian(d, 1, seed + 100).cwiseAbs();  // feasible: a planted x ≥ 0
    const VectorXd z = best_basic_solution(a, b, true);
    const auto r = fdl::analysis::min_trace_diagonal(a, b);
    EXPECT_NEAR(r.objective, z.sum(), 1e-9 * z.sum());
    EXPECT_LT(r.feasibility, 1e-9);
    EXPECT_GE(r.x.minCoeff(), 0.0);
    std::vector<MatrixXd> A;
    for (int i = 0; i < m; ++i) A.push_back(a.row(i).asDiagonal());
    EXPECT_NEAR(min_trace_psd(A, b).report.objective, r.objective, 1e-6 * r.objective);
  }
  EXPECT_THROW(fdl::analysis::min_trace_diagonal(MatrixXd::Ones(1, 3), VectorXd::Constant(1, -1.0)), std::invalid_argument);
}

}  // namespace
