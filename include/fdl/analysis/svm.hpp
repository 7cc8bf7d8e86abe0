// Max-margin classifiers in feature spaces — the references of the margin-theory experiments
// (Wei, Lee, Liu, Ma 2019, "Regularization matters: generalization and optimization of neural
// nets v.s. their induced kernel"):
//
//   ℓ1-SVM over lifted ReLU features: with features φ_j(x) = relu(⟨u_j, x⟩) for given directions
//     u_1..u_k (rows of U),  γ_ℓ1 = max_{‖a‖₁ ≤ 1} min_i y_i Σ_j a_j φ_j(x_i)  — an LP (CLP).
//     For two-layer nets f = Σ_j a_j relu(⟨w_j, x⟩) whose neurons point along the u_j,
//     max min_i y_i f(x_i)/‖Θ‖₂² = γ_ℓ1/2 (balance each neuron: ‖Θ‖₂² ≥ 2 Σ_j |a_j|‖w_j‖, with
//     equality when |a_j| = ‖w_j‖); as the u_j cover the sphere this is the maximum normalized
//     margin of an infinitely wide net, the limit of weakly regularized cross-entropy (Wei et al.).
//   kernel SVM (hard margin, no bias) for a positive semidefinite kernel matrix K:
//     dual QP  maximize Σα_i − ½ Σ α_i α_j y_i y_j K_ij  s.t. α ≥ 0   (Ipopt; Vapnik 1995),
//     f = Σ α_i y_i k(x_i, ·) with ‖f‖²_H = αᵀQα, Q = (yyᵀ)∘K; returned normalized to ‖f‖_H = 1,
//     so that margin = min_i y_i f(x_i) = 1/‖f‖_H of the unnormalized solution. With the
//     two-layer ReLU NTK (relu_ntk_two_layer) this is the kernel the NTK regime converges to.
#pragma once

#include "fdl/analysis/max_margin.hpp"

#include <Eigen/Dense>

namespace fdl::analysis {

// relu(X Uᵀ): n×k features of the rows of X for the directions in the rows of U.
Eigen::MatrixXd relu_features(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U);

// max_margin(relu_features(X, U), y, ℓ1): w holds the output weights a, ‖a‖₁ = 1.
MaxMargin l1_svm_relu_features(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::MatrixXd& U);

struct KernelSvm {
  Eigen::VectorXd coefficients;  // c with f = Σ c_i k(x_i, ·), ‖f‖_H = 1 (c = α∘y/‖f_α‖_H)
  Eigen::VectorXd alpha;         // the dual solution α ≥ 0
  double margin = 0;             // min_i y_i (K c)_i
};

// K: n×n symmetric PSD kernel matrix of the training points. Raises NotSeparable when no f in
// the span of the k(x_i, ·) separates the labels (decided by the LP max_{‖c‖_∞ ≤ 1} min_i y_i(Kc)_i).
KernelSvm kernel_svm(const Eigen::MatrixXd& K, const Eigen::VectorXd& y);

}  // namespace fdl::analysis
