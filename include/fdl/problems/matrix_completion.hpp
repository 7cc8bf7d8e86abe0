// PSD matrix completion (Ge, Lee, Ma 2016, "Matrix completion has no spurious local minimum"):
//
//   f(X) = ½ Σ_{(i,j)∈Ω} ((X Xᵀ)_ij − M_ij)² + λ Σ_i (‖e_iᵀ X‖ − α)₊⁴,   X ∈ R^{d×r},
//
// M = Z Zᵀ, Ω a symmetric Bernoulli(p) mask (each pair i ≤ j observed with probability p, both
// (i,j) and (j,i) then), and the optional row-norm (incoherence) regularizer with λ ≥ 0, α > 0.
// Every X with X Xᵀ = M is a global minimizer (f = 0 when α ≥ the largest row norm of Z).
#pragma once

#include "fdl/problems/graph_objective.hpp"
#include "fdl/problems/random.hpp"

namespace fdl::problems {

struct RowNormRegularizer {
  double lambda = 0.0;  // 0: off
  double alpha = 1.0;
};

class MatrixCompletion : public GraphObjective {
 public:
  // mask: d×d of 0/1, symmetric; X is d×r.
  MatrixCompletion(Matrix M, Matrix mask, Index r, RowNormRegularizer regularizer = {}, ad::Mode mode = ad::Mode::conventional);
  // Z ∈ R^{d×r} i.i.d. N(0,1), M = Z Zᵀ, mask symmetric Bernoulli(p).
  static MatrixCompletion random(Index d, Index r, double p, std::uint64_t seed, RowNormRegularizer regularizer = {});

  const Matrix& M() const { return M_; }
  const Matrix& mask() const { return mask_; }
  Vector known_optimum() const { return Z_.reshaped(); }  // Z (random instances; empty otherwise)
  // ‖X Xᵀ − M‖_F / ‖M‖_F
  double relative_error(const Vector& x) const;

 private:
  Matrix M_, mask_, Z_;
  Index r_;
};

}  // namespace fdl::problems
