#include "fdl/analysis/nuclear_norm.hpp"

#include <dsdp5.h>

#include <cmath>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

namespace fdl::analysis {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

// DSDP's packed symmetric storage: entry (i, j), i ≥ j, at i(i+1)/2 + j; it stands for both
// (i, j) and (j, i).
std::vector<double> packed(const MatrixXd& S) {
  const Eigen::Index n = S.rows();
  std::vector<double> out(n * (n + 1) / 2);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j <= i; ++j) out[i * (i + 1) / 2 + j] = S(i, j);
  return out;
}

MatrixXd unpacked(const double* v, Eigen::Index n) {
  MatrixXd S(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j <= i; ++j) S(i, j) = S(j, i) = v[i * (i + 1) / 2 + j];
  return S;
}

void check(int code, const char* call) {
  if (code != 0) throw std::runtime_error(std::string("min_trace_psd: DSDP's ") + call + " failed with code " + std::to_string(code));
}

struct DsdpDeleter {
  void operator()(struct DSDP_C* p) const { DSDPDestroy(p); }
};

// One DSDP run on minimize tr Z s.t. ⟨S_i, Z⟩ = b_i, Z ⪰ 0, for symmetric S_i. `certified`: DSDP
// reached the gap tolerance, or stalled (short steps, rounding, an indefinite Schur matrix) at a
// primal–dual feasible pair whose relative gap is at most kStalledGap — the optimum then lies
// within that gap of tr Z.
constexpr double kGapTolerance = 1e-9, kStalledGap = 1e-6;

struct Attempt {
  MinTracePsd solution;  // Z empty unless DSDP ended with a primal–dual feasible pair
  bool certified = false;
  std::string why;  // when not certified
};

Attempt dsdp(const std::vector<MatrixXd>& S, const VectorXd& b, const SdpOptions& options, const std::string& where) {
  const int m = static_cast<int>(S.size()), n = static_cast<int>(S[0].rows());
  std::vector<std::vector<double>> data;  // DSDP keeps pointers into these: they outlive the solver
  for (const MatrixXd& s : S) data.push_back(packed(s));

  DSDP raw = nullptr;
  check(DSDPCreate(m, &raw), "DSDPCreate");
  std::unique_ptr<struct DSDP_C, DsdpDeleter> dsdp(raw);
  SDPCone cone = nullptr;
  check(DSDPCreateSDPCone(raw, 1, &cone), "DSDPCreateSDPCone");
  check(SDPConeSetBlockSize(cone, 0, n), "SDPConeSetBlockSize");
  check(SDPConeSetIdentity(cone, 0, 0, n, 1.0), "SDPConeSetIdentity");  // C = I (variable 0)
  for (int i = 0; i < m; ++i) {
    check(SDPConeSetADenseVecMat(cone, 0, i + 1, n, 1.0, data[i].data(), static_cast<int>(data[i].size())), "SDPConeSetADenseVecMat");
    check(DSDPSetDualObjective(raw, i + 1, b(i)), "DSDPSetDualObjective");
  }
  check(DSDPSetGapTolerance(raw, kGapTolerance), "DSDPSetGapTolerance");
  check(DSDPSetMaxIts(raw, options.max_iterations), "DSDPSetMaxIts");
  check(DSDPSetup(raw), "DSDPSetup");
  check(DSDPSolve(raw), "DSDPSolve");
  DSDPTerminationReason reason;
  DSDPSolutionType type;
  check(DSDPStopReason(raw, &reason), "DSDPStopReason");
  check(DSDPGetSolutionType(raw, &type), "DSDPGetSolutionType");
  if (type == DSDP_UNBOUNDED) throw std::invalid_argument(where + "no positive semidefinite matrix satisfies the constraints");
  double primal = 0, dual = 0;
  DSDPGetPPObjective(raw, &primal);
  DSDPGetDDObjective(raw, &dual);
  Attempt a;
  a.solution.report.duality_gap = std::abs(primal - dual) / (1 + std::abs(primal));
  DSDPGetIts(raw, &a.solution.report.iterations);
  const bool stalled = reason == DSDP_SMALL_STEPS || reason == DSDP_NUMERICAL_ERROR || reason == DSDP_INDEFINITE_SCHUR_MATRIX;
  a.certified = type == DSDP_PDFEASIBLE && (reason == DSDP_CONVERGED || (stalled && a.solution.report.duality_gap <= kStalledGap));
  std::ostringstream why;
  why << "stop reason " << static_cast<int>(reason) << ", solution type " << static_cast<int>(type) << ", relative duality gap "
      << a.solution.report.duality_gap << " after " << a.solution.report.iterations << " iterations";
  a.why = why.str();
  if (type != DSDP_PDFEASIBLE) return a;
  check(DSDPComputeX(raw), "DSDPComputeX");
  double* x = nullptr;
  int size = 0;
  check(SDPConeGetXArray(cone, 0, &x, &size), "SDPConeGetXArray");
  a.solution.Z = unpacked(x, n);
  return a;
}

// DSDP on the constraints as given and, unless that is certified, on ⟨S_i/‖S_i‖_F, Z⟩ = b_i/‖S_i‖_F
// (the same set, scaled otherwise: DSDP's stalls depend on the scaling).
MinTracePsd solve(const std::vector<MatrixXd>& S, const VectorXd& b, const SdpOptions& options, const std::string& where) {
  if (options.max_iterations < 1)
    throw std::invalid_argument(where + "max_iterations must be at least 1, got " + std::to_string(options.max_iterations));
  Attempt a = dsdp(S, b, options, where);
  if (!a.certified) {
    std::vector<MatrixXd> unit;
    VectorXd scaled(b.size());
    for (std::size_t i = 0; i < S.size(); ++i) {
      const double norm = S[i].norm();
      unit.push_back(norm > 0 ? MatrixXd(S[i] / norm) : S[i]);
      scaled(Eigen::Index(i)) = norm > 0 ? b(Eigen::Index(i)) / norm : b(Eigen::Index(i));
    }
    Attempt again = dsdp(unit, scaled, options, where);
    if (!again.certified) throw SdpNotSolved(where + "DSDP did not certify a solution (" + a.why + "; with the constraints scaled: " + again.why + ")",
                                             std::min(a.solution.report.duality_gap, again.solution.report.duality_gap));
    a = std::move(again);
  }
  MinTracePsd r = std::move(a.solution);
  r.report.objective = r.Z.trace();
  for (std::size_t i = 0; i < S.size(); ++i)
    r.report.feasibility = std::max(r.report.feasibility, std::abs((S[i].cwiseProduct(r.Z)).sum() - b(Eigen::Index(i))));
  if (r.report.feasibility > 1e-6 * (1 + b.lpNorm<Eigen::Infinity>()))
    throw std::invalid_argument(where + "no positive semidefinite matrix satisfies the constraints (DSDP's best has residual " +
                                std::to_string(r.report.feasibility) + ")");
  r.report.min_eigenvalue = Eigen::SelfAdjointEigenSolver<MatrixXd>(r.Z, Eigen::EigenvaluesOnly).eigenvalues()(0);
  return r;
}

void check_shapes(const std::vector<MatrixXd>& A, const VectorXd& b, const std::string& where, bool square) {
  if (A.empty()) throw std::invalid_argument(where + "no measurement matrices (A is empty)");
  if (static_cast<Eigen::Index>(A.size()) != b.size())
    throw std::invalid_argument(where + "A has " + std::to_string(A.size()) + " matrices but b has " + std::to_string(b.size()) + " entries");
  for (std::size_t i = 0; i < A.size(); ++i) {
    if (A[i].rows() != A[0].rows() || A[i].cols() != A[0].cols() || A[i].size() == 0)
      throw std::invalid_argument(where + "A[" + std::to_string(i) + "] is " + std::to_string(A[i].rows()) + "×" + std::to_string(A[i].cols()) +
                                  ", expected the shape of A[0] (" + std::to_string(A[0].rows()) + "×" + std::to_string(A[0].cols()) + ")");
    if (!A[i].allFinite()) throw std::invalid_argument(where + "A[" + std::to_string(i) + "] has non-finite entries");
  }
  if (square && A[0].rows() != A[0].cols())
    throw std::invalid_argument(where + "the A_i must be square, got " + std::to_string(A[0].rows()) + "×" + std::to_string(A[0].cols()));
  if (!b.allFinite()) throw std::invalid_argument(where + "b has non-finite entries");
}

}  // namespace

MinTracePsd min_trace_psd(const std::vector<MatrixXd>& A, const VectorXd& b, const SdpOptions& options) {
  const std::string where = "min_trace_psd: ";
  check_shapes(A, b, where, true);
  std::vector<MatrixXd> S;
  for (const MatrixXd& a : A) S.push_back(0.5 * (a + a.transpose()));
  return solve(S, b, options, where);
}

MinNuclearNorm min_nuclear_norm(const std::vector<MatrixXd>& A, const VectorXd& b, const SdpOptions& options) {
  const std::string where = "min_nuclear_norm: ";
  check_shapes(A, b, where, false);
  const Eigen::Index d1 = A[0].rows(), d2 = A[0].cols();
  std::vector<MatrixXd> S;
  for (const MatrixXd& a : A) {
    MatrixXd s = MatrixXd::Zero(d1 + d2, d1 + d2);
    s.topRightCorner(d1, d2) = 0.5 * a;
    s.bottomLeftCorner(d2, d1) = 0.5 * a.transpose();
    S.push_back(s);
  }
  const MinTracePsd embedded = solve(S, b, options, where);
  MinNuclearNorm r;
  r.X = embedded.Z.topRightCorner(d1, d2);
  r.report = embedded.report;
  r.report.objective = Eigen::JacobiSVD<MatrixXd>(r.X).singularValues().sum();
  r.report.feasibility = 0;
  for (std::size_t i = 0; i < A.size(); ++i) r.report.feasibility = std::max(r.report.feasibility, std::abs(A[i].cwiseProduct(r.X).sum() - b(i)));
  return r;
}

}  // namespace fdl::analysis
