// The maximum-margin linear separator with respect to a norm — the limit direction of steepest
// descent w.r.t. that norm on separable data (Gunasekar, Lee, Soudry, Srebro 2018; for ℓ2 and
// gradient descent, Soudry, Hoffer, Nacson, Gunasekar, Srebro 2018):
//
//   γ* = max_{‖w‖ ≤ 1} min_i y_i (⟨x_i, w⟩ + b)        (b = 0 unless with_bias)
//
//   ℓ∞, ℓ1   linear programs solved by COIN-OR CLP (simplex: an exact vertex):
//            maximize γ s.t. y_i(⟨x_i, w⟩ + b) ≥ γ, −1 ≤ w ≤ 1            (ℓ∞)
//            maximize γ s.t. y_i(⟨x_i, u − v⟩ + b) ≥ γ, u, v ≥ 0, Σ(u + v) ≤ 1   (ℓ1)
//   ℓ2       the hard-margin SVM QP  minimize ½‖w‖² s.t. y_i(⟨x_i, w⟩ + b) ≥ 1, solved by Ipopt;
//            then w ← w/‖w‖, γ = 1/‖w‖ (Vapnik 1995)
//   ‖w‖_P = √(wᵀPw), P ≻ 0: with P = LLᵀ and v = Lᵀw, ‖w‖_P = ‖v‖₂ and ⟨x, w⟩ = ⟨L⁻¹x, v⟩, so the
//            ℓ2 problem on the points L⁻¹x_i, mapped back by w = L⁻ᵀv
//   ‖Fw‖₁    Σ_k |ŵ_k| with the unitary DFT (analysis/fourier.hpp), the bias of full-width linear
//            convolutional nets (Gunasekar, Lee, Soudry, Srebro 2018). For real w, ŵ_{d−k} = conj ŵ_k,
//            so ‖Fw‖₁ = Σ_{k ≤ d/2} c_k |ŵ_k| (c_k = 1 for k = 0 and k = d/2, else 2). An LP (CLP)
//            with each modulus |z| ≤ t_k relaxed to the M = 1024 half-planes ⟨(cos θ_j, sin θ_j), z⟩ ≤ t_k,
//            θ_j = 2πj/M: the polygon norm P ≤ ‖F·‖₁ ≤ P / cos(π/M), so the LP's γ ≥ γ* and the margin
//            of its w normalized in ‖F·‖₁ is ≥ γ*·cos(π/M): within 4.8e-6 relative of γ*
//
// The returned w has ‖w‖ = 1 in the chosen norm, and margin = min_i y_i(⟨x_i, w⟩ + b) is
// evaluated on it. Labels are ±1. Data that no w separates with a positive margin (γ* ≤ 1e-9
// max_i ‖x_i‖₁, decided by the ℓ∞ LP) raise NotSeparable.
#pragma once

#include <Eigen/Dense>

#include <stdexcept>
#include <string>

namespace fdl::analysis {

struct MarginNorm {
  enum class Kind { l1, l2, linf, quadratic, fourier_l1 };
  Kind kind = Kind::l2;
  Eigen::MatrixXd P;  // for quadratic

  static MarginNorm l1() { return {Kind::l1, {}}; }
  static MarginNorm l2() { return {Kind::l2, {}}; }
  static MarginNorm linf() { return {Kind::linf, {}}; }
  static MarginNorm quadratic(const Eigen::MatrixXd& P) { return {Kind::quadratic, P}; }
  static MarginNorm fourier_l1() { return {Kind::fourier_l1, {}}; }
  static MarginNorm named(const std::string& name);  // "l1", "l2", "linf", "fourier_l1"
  double of(const Eigen::VectorXd& w) const;          // ‖w‖
};

struct MaxMargin {
  Eigen::VectorXd w;  // ‖w‖ = 1
  double bias = 0;
  double margin = 0;  // min_i y_i(⟨x_i, w⟩ + bias)
};

struct NotSeparable : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// X: one example per row (n×d); y: n labels in {−1, +1}.
MaxMargin max_margin(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const MarginNorm& norm, bool with_bias = false);

}  // namespace fdl::analysis
