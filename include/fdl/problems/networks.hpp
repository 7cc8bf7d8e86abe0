// Deep nets in the NTK scaling of Du, Lee, Li, Wang, Zhai (ICML 2019, "Gradient descent finds
// global minima of deep neural networks"), and one-hidden-layer nets with quadratic activation
// (Soltanolkotabi, Javanmard, Lee 2019; Du & Lee 2018).
//
// Deep nets, inputs x ∈ R^d, width m, depth H, activation σ (relu or softplus),
// c_σ = 1 / E_{z~N(0,1)}[σ(z)²] (relu: 2):
//   x⁽¹⁾ = √(c_σ/m) σ(W⁽¹⁾ x),                        W⁽¹⁾ ∈ R^{m×d}
//   fully connected  x⁽ʰ⁾ = √(c_σ/m) σ(W⁽ʰ⁾ x⁽ʰ⁻¹⁾),                    h = 2..H, W⁽ʰ⁾ ∈ R^{m×m}
//   ResNet           x⁽ʰ⁾ = x⁽ʰ⁻¹⁾ + (c_res/(H√m)) σ(W⁽ʰ⁾ x⁽ʰ⁻¹⁾),      h = 2..H
//   u(x) = aᵀ x⁽ᴴ⁾,   f = (1/n) Σ_i ½ (u(x_i) − y_i)²,
// W⁽ʰ⁾ with i.i.d. N(0,1) entries at initialization, a ∈ R^m fixed (or trained).
//
// Quadratic activation, k hidden units, fixed output weights v:
//   u(x) = Σ_j v_j (w_jᵀ x)² = xᵀ (Wᵀ diag(v) W) x,   f = (1/n) Σ_i ½ (u(x_i) − y_i)².
// With at least d positive and d negative v_j, Wᵀ diag(v) W ranges over all symmetric matrices, so
// f = 0 is reached whenever some symmetric M fits x_iᵀ M x_i = y_i (generic data, n ≤ d(d+1)/2).
#pragma once

#include "fdl/problems/graph_objective.hpp"
#include "fdl/problems/random.hpp"

#include <optional>

namespace fdl::problems {

enum class Architecture { fully_connected, resnet };
enum class Activation { relu, softplus };

struct NetworkShape {
  Architecture architecture = Architecture::fully_connected;
  Activation activation = Activation::relu;
  Index depth = 2;      // H ≥ 1 hidden layers
  Index width = 64;     // m
  double c_res = 1.0;   // ResNet branch scale
};

// 1 / E[σ(z)²], z ~ N(0,1) (relu: 2; softplus by quadrature).
double activation_normalizer(Activation activation);

// The outputs u (n×1) of the deep net on the rows of X, traced: W = (W⁽¹⁾, …, W⁽ᴴ⁾), a m×1.
Var deep_network(Var X, const std::vector<Var>& W, Var a, const NetworkShape& shape);
// The outputs (n×1) of the quadratic-activation net: square(X Wᵀ) v.
Var quadratic_network(Var X, Var W, Var v);

class DeepNetwork : public GraphObjective {
 public:
  DeepNetwork(Matrix X, Vector y, NetworkShape shape, Vector a, bool train_output = false, ad::Mode mode = ad::Mode::conventional);
  // n inputs uniform on S^{d−1}, targets y ~ N(0,1), a ~ N(0,1) (Du et al.'s setting).
  static DeepNetwork random(Index n, Index d, NetworkShape shape, std::uint64_t seed, bool train_output = false);

  const NetworkShape& shape() const { return shape_; }
  const Matrix& X() const { return X_; }
  const Vector& y() const { return y_; }
  // Every W⁽ʰ⁾ with i.i.d. N(0,1) entries (and a as given).
  Vector initial_point(std::uint64_t seed) const;

 private:
  Matrix X_;
  Vector y_, a_;
  NetworkShape shape_;
  bool train_output_;
};

class QuadraticNetwork : public GraphObjective {
 public:
  QuadraticNetwork(Matrix X, Vector y, Vector v, ad::Mode mode = ad::Mode::conventional);
  // Inputs N(0, I/d), arbitrary targets y ~ N(0,1), k units with v = (+1 × ⌈k/2⌉, −1 × ⌊k/2⌋).
  static QuadraticNetwork random(Index n, Index d, Index k, std::uint64_t seed);

  const Matrix& X() const { return X_; }
  const Vector& y() const { return y_; }
  const Vector& output_weights() const { return v_; }
  // A global minimizer W (f = 0) built from a symmetric M with x_iᵀ M x_i = y_i, split by the signs
  // of v; nullopt when no such M exists or v has too few units of some sign.
  std::optional<Vector> known_optimum() const;

 private:
  Matrix X_;
  Vector y_, v_;
};

}  // namespace fdl::problems
