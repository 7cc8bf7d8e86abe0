// Linearly separable classification (implicit bias: Soudry, Hoffer, Nacson, Gunasekar, Srebro 2018;
// Gunasekar, Lee, Soudry, Srebro 2018 a,b):
//
//   f(θ) = (1/n) Σ_i ℓ(u_i(θ)),   u_i = −y_i ⟨x_i, β(θ)⟩  (labels ±1),
//   ℓ = softplus (logistic loss) or exp (exponential loss);
//   cross-entropy over K classes: u_i = log Σ_{k≠y_i} e^{z_ik − z_iy_i}, z = X β, ℓ = softplus
//   (= logsumexp(z_i) − z_iy_i, labels 0..K−1).
//
// The predictor β(θ) is linear (β = w), a depth-L fully-connected linear net
// (β = W_1 W_2 ⋯ W_{L−1} w_L, W_l ∈ R^{d×d}) or a depth-L full-width circular linear convolutional
// net (β = w_1 ⊛ w_2 ⊛ ⋯ ⊛ w_L, (a ⊛ b)_j = Σ_k a_k b_{(j−k) mod d}; Gunasekar et al. 2018b).
// On separable data f has no minimizer; f → 0 along the max-margin direction. The loss underflows
// on long runs, so log f is also provided (log_objective): log f = logsumexp(log ℓ(u)) − log n,
// whose gradient ∇f/f is what normalized methods step along.
#pragma once

#include "fdl/problems/graph_objective.hpp"
#include "fdl/problems/random.hpp"

#include <memory>

namespace fdl::problems {

enum class ClassificationLoss { logistic, exponential, cross_entropy };
enum class Predictor { linear, fully_connected, convolutional };

class SeparableClassification : public GraphObjective {
 public:
  // y: ±1 for logistic/exponential, 0..K−1 for cross-entropy (then the predictor is linear,
  // θ = W ∈ R^{d×K}). depth ≥ 1 (depth 1 of any predictor is linear).
  SeparableClassification(Matrix X, Vector y, ClassificationLoss loss, Predictor predictor = Predictor::linear,
                          int depth = 1, ad::Mode mode = ad::Mode::conventional);

  // log f(θ), its gradient ∇f/f and HVPs, accurate where f underflows.
  GraphObjective& log_objective() { return *log_; }
  // β(θ): d entries (d×K column-major for cross-entropy).
  Vector predictor(const Vector& theta) const;
  // min_i y_i⟨x_i, β⟩ / ‖β‖₂ (binary labels).
  double normalized_margin(const Vector& theta) const;

  const Matrix& X() const { return X_; }
  const Vector& y() const { return y_; }
  Index classes() const { return classes_; }

 private:
  Var trace_predictor(ad::Graph& g, const std::vector<Var>& theta) const;
  Var trace_u(ad::Graph& g, const std::vector<Var>& theta) const;  // n×1
  std::vector<Block> parameter_blocks() const;

  Matrix X_;
  Vector y_;
  ClassificationLoss loss_;
  Predictor predictor_;
  int depth_;
  Index classes_;
  std::unique_ptr<GraphObjective> log_;
};

// Separable data with a planted unit direction w* and margin min_i y_i⟨w*, x_i⟩ ≥ margin:
// x ~ N(0, I_d) rejected while |⟨w*, x⟩| < margin, y = sign⟨w*, x⟩; both classes present (n ≥ 2).
// For K > 2 classes (labels 0..K−1): W* ∈ R^{d×K} Gaussian, y = argmax_k (xW*)_k with a gap ≥ margin.
struct SeparableData {
  Matrix X;
  Vector y;
  Matrix direction;  // w* (d×1, unit) or W* (d×K)
};
SeparableData separable_data(Index n, Index d, double margin, std::uint64_t seed, Index classes = 2);

// The data of Soudry et al. 2018, Fig. 1: support vectors x₁ = (0.5, 1.5), x₂ = (1.5, 0.5) (y = +1)
// and −x₁, −x₂ (y = −1), plus 12 points, 6 per class, off the margin. The 12 are random in the paper;
// here positives are N((2.5, 2.5), I) draws with x₁ + x₂ ≥ 2.5 and negatives their like, negated.
// The hard-margin SVM solution is ŵ = (0.5, 0.5) (‖ŵ‖ = 1/√2, normalized margin √2).
SeparableData soudry_fig1_data(std::uint64_t seed = 0);
Vector soudry_fig1_svm();

}  // namespace fdl::problems
