// Two-layer ReLU classifiers trained by weakly ℓ2-regularized logistic loss — the setting of the
// margin theory of Wei, Lee, Liu, Ma ("Regularization matters: generalization and optimization of
// neural nets v.s. their induced kernel", NeurIPS 2019):
//
//   f(x; Θ) = Σ_j a_j relu(w_jᵀx),   Θ = (W ∈ R^{m×d}, a ∈ R^m),
//   L_λ(Θ) = (1/n) Σ_i log(1 + exp(−y_i f(x_i; Θ))) + λ ‖Θ‖₂²,   labels ±1.
//
// f is 2-homogeneous in Θ (f(x; cΘ) = c² f(x; Θ)), so its normalized margin is
//   γ(Θ) = min_i y_i f(x_i; Θ) / ‖Θ‖₂²,
// and Theorem 2.1 of Wei et al.: the global minimizers of L_λ have γ → γ* = max_{‖Θ‖≤1} min_i
// y_i f(x_i; Θ) as λ → 0; for m ≥ n, γ* = γ_ℓ1/2 (the ℓ1-SVM over lifted ReLU features, see
// fdl/analysis/svm.hpp). A bias is a constant 1 appended to x by the caller.
// The flat parameter vector is (vec W column-major, a).
#pragma once

#include "fdl/problems/classification.hpp"
#include "fdl/problems/graph_objective.hpp"
#include "fdl/problems/random.hpp"

namespace fdl::problems {

class RegularizedRelu : public GraphObjective {
 public:
  // X: n×d inputs, y: n labels ±1, m: width, λ ≥ 0.
  RegularizedRelu(Matrix X, Vector y, Index width, double lambda);

  double lambda() const { return lambda_.value()(0, 0); }
  void set_lambda(double lambda);  // the objective is L_λ from the next call on
  Index width() const { return width_; }
  const Matrix& X() const { return X_; }
  const Vector& y() const { return y_; }

  // W and a of the flat vector; f(x; Θ) on the rows of any X (n'×d).
  Matrix first_layer(const Vector& theta) const;
  Vector output_layer(const Vector& theta) const;
  Vector predict(const Vector& theta, const Matrix& X) const;
  // min_i y_i f(x_i; Θ)/‖Θ‖₂² on the training data, and the fraction of (X, y) that f misclassifies
  // (a zero output counts as an error).
  double normalized_margin(const Vector& theta) const;
  double error(const Vector& theta, const Matrix& X, const Vector& y) const;
  // W and a i.i.d. N(0, scale²).
  Vector initial_point(std::uint64_t seed, double scale) const;

 private:
  Matrix X_;
  Vector y_;
  Index width_;
  Var lambda_;
};

// The distribution of Wei et al.'s Theorem 3.5, where the regularized net needs O(d) samples and
// its kernel (NTK) Ω(d²): (x_1, x_2) uniform on {±1}², y = x_1 x_2 (XOR), x_3..x_d i.i.d. N(0, 1).
// `direction` is left empty.
SeparableData xor_noise_data(Index n, Index d, std::uint64_t seed);

}  // namespace fdl::problems
