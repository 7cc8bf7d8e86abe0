// Robust phase retrieval (Duchi & Ruan 2019; Davis, Drusvyatskiy, Paquette 2020 — the weakly convex,
// nonsmooth test problem of stochastic subgradient methods, Davis & Drusvyatskiy 2019):
//
//   f(x) = (1/m) Σ_i |⟨a_i, x⟩² − b_i|,   a_i ~ N(0, I_d),  b_i = ⟨a_i, x*⟩²,
//
// a finite sum minimized (f = 0) by ±x*. At ±x* every term sits at its kink. With a fraction of
// the b_i corrupted (replaced by ⟨a_i, z⟩² for an independent z, Duchi & Ruan's outliers), ±x*
// remain the sharp minimizers when the fraction is small and m ≳ d.
#pragma once

#include "fdl/problems/graph_objective.hpp"
#include "fdl/problems/random.hpp"

namespace fdl::problems {

class PhaseRetrieval : public GraphObjective {
 public:
  PhaseRetrieval(Matrix A, Vector b, ad::Mode mode = ad::Mode::conventional);  // rows of A are a_iᵀ
  // x* uniform on the unit sphere; ⌊corrupted·m⌋ measurements, chosen at random, are outliers.
  static PhaseRetrieval random(Index d, Index m, std::uint64_t seed, ad::Mode mode = ad::Mode::conventional, double corrupted = 0.0);

  const Matrix& A() const { return A_; }
  const Vector& b() const { return b_; }
  const Vector& known_optimum() const { return x_star_; }  // x* (random instances)
  const std::vector<Index>& outliers() const { return outliers_; }  // the corrupted i, increasing
  // min(‖x − x*‖, ‖x + x*‖) / ‖x*‖
  double relative_distance(const Vector& x) const;

 private:
  Matrix A_;
  Vector b_, x_star_;
  std::vector<Index> outliers_;
};

}  // namespace fdl::problems
