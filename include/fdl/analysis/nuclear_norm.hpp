// Minimum-trace and minimum-nuclear-norm solutions of linear measurements — the limits of gradient
// descent on factorized matrix sensing from small initialization (Gunasekar, Woodworth,
// Bhojanapalli, Neyshabur, Srebro 2017; Li, Ma, Zhang 2018), as semidefinite programs:
//
//   min_trace_psd     minimize tr Z  s.t. ⟨A_i, Z⟩ = b_i (i = 1..m), Z ⪰ 0            (Z: d×d)
//   min_nuclear_norm  minimize ‖X‖_* s.t. ⟨A_i, X⟩ = b_i                          (X: d1×d2)
//                     = ½ · minimize tr Z s.t. ⟨Ã_i, Z⟩ = b_i, Z ⪰ 0 over Z = [[W1, X], [Xᵀ, W2]],
//                     Ã_i = ½[[0, A_i], [A_iᵀ, 0]]  (Fazel 2002; Recht, Fazel, Parrilo 2010)
//
// Solved by DSDP 5.8 (Benson & Ye, dual-scaling interior point), whose primal (P) is exactly
// min ⟨C, Z⟩ s.t. ⟨A_i, Z⟩ = b_i, Z ⪰ 0, with C = I, to a relative duality gap of 1e-9. DSDP often
// stalls short of that on degenerate instances (a low-rank optimum: short steps, an indefinite
// Schur matrix) at gaps of 1e-7–1e-6; a stall at a primal–dual feasible pair with a relative gap
// ≤ 1e-6 is accepted, since the optimum then lies within that gap of tr Z (the gap is reported).
// Otherwise DSDP runs again on the constraints scaled to ‖A_i‖_F = 1, and if that is not
// certified either, SdpNotSolved is thrown with the smaller gap. Measured accuracy against closed
// forms and ADMM: 1e-6 relative or better. Infeasible constraints (DSDP: dual unbounded, or a
// residual above 1e-6 (1 + ‖b‖_∞)) raise std::invalid_argument.
// ⟨A, Z⟩ depends only on the symmetric part of A, which is what min_trace_psd passes on.
//
// The commuting case A_i = diag(a_i) reduces min_trace_psd to the linear program
//   min_trace_diagonal  minimize 1ᵀx  s.t.  A x = b, x ≥ 0      (A: m×d, rows a_iᵀ)
// solved by COIN-OR CLP (primal simplex, an exact vertex), where an interior-point SDP solver
// struggles with the large optimal face of the off-diagonal entries. Infeasible constraints raise
// std::invalid_argument.
#pragma once

#include <Eigen/Dense>

#include <stdexcept>
#include <string>
#include <vector>

namespace fdl::analysis {

struct SdpReport {
  double objective = 0;      // tr Z, or ‖X‖_* (= ½ tr Z of the embedding)
  double feasibility = 0;    // max_i |⟨A_i, ·⟩ − b_i|
  double duality_gap = 0;    // DSDP's final primal − dual objective (relative to 1 + |primal|): ≤ 1e-6
  double min_eigenvalue = 0; // of Z (≥ −1e-12-ish: PSD up to rounding)
  int iterations = 0;
};

// The SDP solver ended without a certified optimum; duality_gap: the smallest relative gap reached.
struct SdpNotSolved : std::runtime_error {
  SdpNotSolved(const std::string& what, double gap) : std::runtime_error(what), duality_gap(gap) {}
  double duality_gap;
};

struct MinTracePsd {
  Eigen::MatrixXd Z;
  SdpReport report;
};

struct MinNuclearNorm {
  Eigen::MatrixXd X;
  SdpReport report;
};

struct SdpOptions {
  int max_iterations = 500;  // DSDP's iteration cap, per attempt (≥ 1)
};

// A: m matrices, all d×d (min_trace_psd) or all d1×d2 (min_nuclear_norm); b: m values.
// Throw std::invalid_argument on bad shapes or infeasible constraints, SdpNotSolved if DSDP does
// not certify a solution.
MinTracePsd min_trace_psd(const std::vector<Eigen::MatrixXd>& A, const Eigen::VectorXd& b, const SdpOptions& options = {});
struct MinTraceDiagonal {
  Eigen::VectorXd x;
  double objective = 0;    // 1ᵀx
  double feasibility = 0;  // ‖A x − b‖_∞
};
MinTraceDiagonal min_trace_diagonal(const Eigen::MatrixXd& A, const Eigen::VectorXd& b);

MinNuclearNorm min_nuclear_norm(const std::vector<Eigen::MatrixXd>& A, const Eigen::VectorXd& b, const SdpOptions& options = {});

}  // namespace fdl::analysis
