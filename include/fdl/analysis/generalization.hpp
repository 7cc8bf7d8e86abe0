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
//
// Two-layer margin bound (Wei, Lee, Liu, Ma, "On the margin theory of feedforward neural
// networks", arXiv 1810.05369 v1 / ICLR 2019 submission, Theorem 3.1 — the text checked; the
// NeurIPS 2019 version "Regularization matters" builds on it). For f(x) = Σ_j u_j φ(w_jᵀx) with
// φ 1-Lipschitz and 1-homogeneous (here relu), Θ = (w_1..w_m, u), labels ±1, data i.i.d. on a
// support 𝒳 ⊂ {‖x‖₂ ≤ C}: for any Θ with γ(Θ) = min_i y_i f(Θ/‖Θ‖₂; x_i) = min_i y_i f(x_i)/‖Θ‖₂² > 0,
// with probability ≥ 1 − δ over the sample, simultaneously for all such Θ (a Rademacher bound with a
// union over margin scales — their corollary applies it to the trained Θ),
//
//   P[y f(x) ≤ 0] ≤ (6/γ) √(D/n) + ε(γ),   ε(γ) = √(ln log₂(4C/γ) / n) + √(ln(1/δ) / (2n)),
//
// D = ‖X‖_F²/n the mean squared input norm. The bound depends on Θ only through f, so it holds with
// the largest γ over the rescalings (w_j, u_j) → (c_j w_j, u_j/c_j), which leave f unchanged; by
// AM–GM, u_j² + ‖w_j‖² ≥ 2|u_j| ‖w_j‖₂ with equality iff |u_j| = ‖w_j‖₂, so that largest γ is
//
//   γ = min_i y_i f(x_i) / (2 Σ_j |u_j| ‖w_j‖₂)
//
// (= min_i y_i f(x_i)/‖Θ‖₂² for the balanced net, as at a minimizer of the ℓ2-regularized loss;
// larger otherwise). This γ is what is computed, with D, the complexity term (6/γ)√(D/n), ε(γ) and
// their sum — every constant of the theorem is kept, nothing is omitted. C must bound ‖x‖₂ on
// the whole support: pass it when known; by default C = max_i ‖x_i‖₂, the training data's, which
// is then an estimate (the theorem needs the support's). Since |f(x)| ≤ Σ_j |u_j| ‖w_j‖₂ ‖x‖₂,
// γ ≤ C/2, so log₂(4C/γ) ≥ 3 and ε is always defined. A bias is a constant 1 appended to x.
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

struct TwoLayerMarginBound {
  double normalized_margin = 0;  // γ = min_i y_i f(x_i) / (2 Σ_j |u_j| ‖w_j‖₂)
  double mean_squared_norm = 0;  // D = ‖X‖_F²/n
  double input_bound = 0;        // C
  double complexity_term = 0;    // (6/γ) √(D/n)
  double low_order_term = 0;     // ε(γ) = √(ln log₂(4C/γ)/n) + √(ln(1/δ)/(2n))
  double bound = 0;              // complexity_term + low_order_term
};

// W: m×d (row j = w_j), u: m output weights, X: n×d inputs, y: n labels ±1, δ ∈ (0, 1),
// input_bound: C ≥ max_i ‖x_i‖₂, or 0 for C = max_i ‖x_i‖₂. Throws std::invalid_argument on
// mismatched shapes, labels other than ±1, and a margin min_i y_i f(x_i) ≤ 0 (no bound then).
TwoLayerMarginBound two_layer_margin_bound(const Eigen::MatrixXd& W, const Eigen::VectorXd& u, const Eigen::MatrixXd& X,
                                           const Eigen::VectorXd& y, double delta = 0.05, double input_bound = 0);

}  // namespace fdl::analysis
