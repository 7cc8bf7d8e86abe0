// Teacher–student two-layer ReLU nets in the parametrization of Du, Zhai, Póczos, Singh (ICLR 2019):
//
//   u(x) = (1/√m) Σ_r a_r relu(w_rᵀ x),   f(W[, a]) = (1/n) Σ_i ½ (u(x_i) − y_i)²,
//
// W ∈ R^{m×d} (w_r its rows) trained, a ∈ {±1}^m fixed (or trained too). Inputs x_i uniform on
// S^{d−1}; targets y_i from a teacher g(x) = Σ_{j<k} a*_j relu(w*_jᵀ x) (w*_j ~ N(0, I)), or given.
// The student's first k output weights equal a*, so W* = [√m w*_1; …; √m w*_k; 0] (relu is
// positively homogeneous) is a global minimizer (f = 0) whenever m ≥ k.
#pragma once

#include "fdl/problems/graph_objective.hpp"
#include "fdl/problems/random.hpp"

namespace fdl::problems {

// u = (1/√m) relu(X Wᵀ) a: the n×1 outputs, traced (for Jacobians and NTK Grams).
Var two_layer_relu(Var X, Var W, Var a);

class ShallowRelu : public GraphObjective {
 public:
  // X: n×d inputs, y: n targets, a: the m output weights (their number is the width).
  ShallowRelu(Matrix X, Vector y, Vector a, bool train_output = false, ad::Mode mode = ad::Mode::conventional);
  // n inputs on S^{d−1}; teacher of width k ≤ m; student a: teacher's a* then random signs.
  static ShallowRelu teacher_student(Index n, Index d, Index k, Index m, std::uint64_t seed, bool train_output = false,
                                     ad::Mode mode = ad::Mode::conventional);

  const Matrix& X() const { return X_; }
  const Vector& y() const { return y_; }
  const Vector& output_weights() const { return a_; }
  Index width() const { return a_.size(); }
  bool trains_output() const { return train_output_; }
  // W (and a) of a global minimizer (teacher–student instances; empty otherwise).
  const Vector& known_optimum() const { return optimum_; }
  // Initialization of Du et al.: w_r ~ N(0, I) (and a as given).
  Vector initial_point(std::uint64_t seed) const;

 private:
  Matrix X_;
  Vector y_, a_, optimum_;
  bool train_output_;
};

}  // namespace fdl::problems
