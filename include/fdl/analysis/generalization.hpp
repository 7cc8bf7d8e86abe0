// Spectrally-normalized margin bound (Bartlett, Foster, Telgarsky 2017, "Spectrally-normalized
// margin bounds for neural networks", Theorem 1.1). For F_A(x) = σ_L(A_L σ_{L−1}(… σ_1(A_1 x))),
// σ_i ρ_i-Lipschitz with σ_i(0) = 0, and reference matrices M_i (0 by default):
//
//   spectral complexity   R_A = (Π_i ρ_i ‖A_i‖_σ) · (Σ_i ‖A_iᵀ − M_iᵀ‖_{2,1}^{2/3} / ‖A_i‖_σ^{2/3})^{3/2}
//
// with ‖·‖_σ the spectral norm and ‖Bᵀ‖_{2,1} = Σ_rows ‖B_{r,:}‖₂. With probability ≥ 1 − δ,
//
//   P[argmax_j F_A(x)_j ≠ y] ≤ R̂_γ(F_A) + Õ( ‖X‖₂ R_A ln(W) / (γ n) + √(ln(1/δ)/n) ),
//
// R̂_γ the fraction of training points with margin F(x)_y − max_{j≠y} F(x)_j ≤ γ,
// ‖X‖₂ = √(Σ_i ‖x_i‖²), W the largest layer width. What is computed: R_A, R̂_γ, and the leading
// term ‖X‖₂ R_A ln(W)/(γ n) — the constants and ln n factors of the detailed statement (their
// Theorem 3.1) are not included, so the value is for comparing networks (e.g. across widths),
// not an absolute guarantee.
#pragma once

#include <Eigen/Dense>

#include <vector>

namespace fdl::analysis {

// layers A_1..A_L (A_i: d_i × d_{i−1}); lipschitz ρ_i (empty: all 1); reference M_i (empty: 0).
double spectral_complexity(const std::vector<Eigen::MatrixXd>& layers, const std::vector<double>& lipschitz = {},
                           const std::vector<Eigen::MatrixXd>& reference = {});

struct SpectralMarginBound {
  double spectral_complexity = 0;  // R_A
  double margin_loss = 0;          // R̂_γ
  double complexity_term = 0;      // ‖X‖₂ R_A ln(W) / (γ n)
};

// margins: the n training margins F(x_i)_{y_i} − max_{j≠y_i} F(x_i)_j; X: n×d inputs; γ > 0.
SpectralMarginBound spectral_margin_bound(const std::vector<Eigen::MatrixXd>& layers, const Eigen::MatrixXd& X,
                                          const Eigen::VectorXd& margins, double gamma, const std::vector<double>& lipschitz = {});

}  // namespace fdl::analysis
