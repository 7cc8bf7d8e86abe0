// Strict-saddle test functions with known critical points and stable manifolds (Lee, Simchowitz,
// Jordan, Recht 2016; Lee, Panageas, Piliouras, Simchowitz, Jordan, Recht 2019: first-order methods
// almost surely avoid strict saddles, whose stable manifold has measure zero).
//
// SeparableSaddle, x ∈ R^d, the last k coordinates "negative":
//   f(x) = ½ Σ_{i≤d−k} x_i² − ½ Σ_{i>d−k} x_i² + ¼ Σ_{i>d−k} x_i⁴
// (d = 2, k = 1: f(x, y) = ½x² + ¼y⁴ − ½y²). Critical points: x_i = 0 (i ≤ d−k), x_i ∈ {0, ±1}
// (i > d−k). Minimizers: all last k coordinates ±1 (f = −k/4). The origin is a strict saddle with
// λ_min(∇²f) = −1; its stable manifold (for GD with η < 1, and for gradient flow) is the subspace
// {x : x_i = 0 for i > d−k}.
//
// FactorizationSaddle, u ∈ R^d, M = diag(λ_1 > λ_2 > … > λ_d > 0):
//   f(u) = ¼ ‖u uᵀ − M‖_F²,   ∇f(u) = (‖u‖² I − M) u.
// Critical points: 0 and ±√λ_j e_j. Minimizers: ±√λ_1 e_1. Every other one is a strict saddle
// (λ_min(∇²f(±√λ_j e_j)) = λ_j − λ_1 < 0, λ_min(∇²f(0)) = −λ_1). Coordinates that are zero stay zero
// under GD, so the stable manifold of √λ_j e_j contains {u : u_1 = … = u_{j−1} = 0, u_j > 0}.
#pragma once

#include "fdl/problems/graph_objective.hpp"

namespace fdl::problems {

class SeparableSaddle : public GraphObjective {
 public:
  SeparableSaddle(Index d = 2, Index k = 1, ad::Mode mode = ad::Mode::conventional);
  Index negative_dimensions() const { return k_; }
  double minimum_value() const { return -0.25 * static_cast<double>(k_); }
  // Distance to the nearest minimizer (0 in the first d−k coordinates, ±1 in the last k).
  double distance_to_minimizers(const Vector& x) const;
  // Orthogonal projection onto the saddle's stable manifold (last k coordinates set to 0).
  Vector project_to_stable_manifold(const Vector& x) const;

 private:
  Index d_, k_;
};

class FactorizationSaddle : public GraphObjective {
 public:
  explicit FactorizationSaddle(Vector eigenvalues, ad::Mode mode = ad::Mode::conventional);  // strictly decreasing, > 0
  const Vector& eigenvalues() const { return lambda_; }
  // ±√λ_j e_j (j = 0 is the minimizer with the + sign).
  Vector critical_point(Index j) const;

 private:
  Vector lambda_;
};

}  // namespace fdl::problems
