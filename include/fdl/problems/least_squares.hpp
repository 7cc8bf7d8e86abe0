// Under-determined least squares (implicit bias of GD / mirror descent: Gunasekar, Lee, Soudry,
// Srebro 2018):
//
//   f(w) = (1/n) Σ_i ½ (x_iᵀw − y_i)²,   X ∈ R^{n×d}, n < d,
//
// a finite sum whose minimizers are the interpolants {w : Xw = y} (f = 0). The one of least
// Euclidean norm is w† = Xᵀ(XXᵀ)⁻¹y, the limit of GD from w₀ = 0.
#pragma once

#include "fdl/problems/graph_objective.hpp"
#include "fdl/problems/random.hpp"

namespace fdl::problems {

class LeastSquares : public GraphObjective {
 public:
  LeastSquares(Matrix X, Vector y, ad::Mode mode = ad::Mode::conventional);
  // X with i.i.d. N(0,1) entries, y = X w_true with w_true ~ N(0, I).
  static LeastSquares random(Index n, Index d, std::uint64_t seed);

  const Matrix& X() const { return X_; }
  const Vector& y() const { return y_; }
  // argmin ‖w‖ s.t. Xw = y (X of full row rank).
  Vector min_norm_solution() const;

 private:
  Matrix X_;
  Vector y_;
};

}  // namespace fdl::problems
