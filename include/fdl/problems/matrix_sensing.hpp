// Matrix sensing with a factorized PSD parameter (Gunasekar, Woodworth, Bhojanapalli, Neyshabur,
// Srebro 2017; Li, Ma, Zhang 2018):
//
//   f(U) = (1/m) Σ_i ½ (⟨A_i, U Uᵀ⟩ − b_i)²,   U ∈ R^{d×k},  b_i = ⟨A_i, X*⟩,  X* = Z Zᵀ ⪰ 0 of rank r.
//
// Symmetric Gaussian measurements A_i = (G_i + G_iᵀ)/2, G_i with i.i.d. N(0,1) entries, satisfy
// E⟨A_i, X⟩² = ‖X‖_F² for symmetric X: with m ≳ d r measurements (1/m) Σ ⟨A_i, X⟩² ≈ ‖X‖_F² on
// low-rank X (the RIP regime). Any U with U Uᵀ = X* is a global minimizer (f = 0).
//
// The commuting case (A_i = diag(a_i)) reduces to x = u ⊙ u:
//
//   f(u) = (1/m) Σ_i ½ (⟨a_i, u ⊙ u⟩ − b_i)²,   b = A x*,  x* ≥ 0,
//
// minimized (f = 0) by u = √x* (and every sign flip of its entries).
#pragma once

#include "fdl/problems/graph_objective.hpp"
#include "fdl/problems/random.hpp"

namespace fdl::problems {

class MatrixSensing : public GraphObjective {
 public:
  // A: m symmetric d×d measurements; U is d×k.
  MatrixSensing(std::vector<Matrix> A, Vector b, Index k, ad::Mode mode = ad::Mode::conventional);
  // m symmetric Gaussian measurements of X* = Z Zᵀ, Z ∈ R^{d×r} with i.i.d. N(0, 1/r) entries;
  // k = 0 means k = d (full width).
  static MatrixSensing random(Index d, Index r, Index m, std::uint64_t seed, Index k = 0);

  const std::vector<Matrix>& A() const { return A_; }
  const Vector& b() const { return b_; }
  Index rank() const { return k_; }  // columns of U
  // ⟨A_i, X⟩ for each i.
  Vector measure(const Matrix& X) const;
  // The planted X* and a global minimizer U* = [Z, 0] (random instances only; empty otherwise).
  const Matrix& ground_truth() const { return X_star_; }
  Vector known_optimum() const;

 private:
  std::vector<Matrix> A_;
  Vector b_;
  Index k_;
  Matrix X_star_, Z_;
};

class DiagonalSensing : public GraphObjective {
 public:
  DiagonalSensing(Matrix A, Vector b, ad::Mode mode = ad::Mode::conventional);
  // A ∈ R^{m×d} i.i.d. N(0,1), x* with i.i.d. U(0,1) entries, b = A x*.
  static DiagonalSensing random(Index d, Index m, std::uint64_t seed);

  const Matrix& A() const { return A_; }
  const Vector& b() const { return b_; }
  const Vector& ground_truth() const { return x_star_; }  // x* (random instances)
  Vector known_optimum() const { return x_star_.cwiseSqrt(); }

 private:
  Matrix A_;
  Vector b_, x_star_;
};

// A (G + Gᵀ)/2 with G i.i.d. N(0,1).
Matrix symmetric_gaussian(Index d, Rng& rng);

}  // namespace fdl::problems
