// Neural tangent kernels (Jacot, Gabriel, Hongler 2018; Du, Zhai, Poczós, Singh 2019; Arora, Du,
// Hu, Li, Wang 2019).
//
// Empirical: for a model whose traced output is the n-vector of predictions f(x_1..x_n; θ),
//   ntk_gram = J Jᵀ,  J_ij = ∂f(x_i; θ)/∂θ_j   (fdl::ad::jacobian over all variables),
// and its smallest eigenvalue λ_min — the quantity that controls linear convergence of GD in the
// overparametrized regime (Du et al. 2019: λ_min(H) > 0 ⇒ ‖y − u(t)‖² ≤ e^{−λ_min t}‖y − u(0)‖²).
//
// Closed forms, with θ = ∠(x, x'), for w ~ N(0, I):
//   arc-cosine kernels (Cho & Saul 2009)  k_n(x, x') = (1/π) ‖x‖ⁿ‖x'‖ⁿ J_n(θ) = 2 E[σ_n(wᵀx) σ_n(wᵀx')]
//       J_0 = π − θ,   J_1 = sin θ + (π − θ) cos θ,   σ_0 = step, σ_1 = relu
//   two-layer ReLU NTK of f(x) = (1/√m) Σ_r a_r relu(w_rᵀx), w_r ~ N(0, I), E a_r² = 1, m → ∞:
//       Θ(x, x') = ⟨x, x'⟩ E[1{wᵀx>0} 1{wᵀx'>0}] + E[relu(wᵀx) relu(wᵀx')]
//                = ⟨x, x'⟩ (π − θ)/(2π)  +  ‖x‖‖x'‖ (sin θ + (π − θ) cos θ)/(2π)
//       (first term: the first layer's gradients, H^∞ of Du et al. 2019; second: the output
//       layer's. With train_output = false only the first term.)
#pragma once

#include "fdl/ad/graph.hpp"

#include <Eigen/Dense>

namespace fdl::analysis {

// J Jᵀ for the n×1 (or 1×n) output `predictions`. The variables keep their values.
Eigen::MatrixXd ntk_gram(ad::Graph& g, ad::Var predictions);
double smallest_eigenvalue(const Eigen::MatrixXd& symmetric);

// Kernel matrices between the rows of X (n×d) and of Z (m×d): n×m.
Eigen::MatrixXd arccos_kernel(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z, int degree);
Eigen::MatrixXd relu_ntk_two_layer(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z, bool train_output = true);

}  // namespace fdl::analysis
