// Second-order certificates from Hessian-vector products (exact, by forward-over-reverse AD):
//
//   extreme_eigenvalues   λ_min(H), λ_max(H) and their eigenvectors by the implicitly restarted
//                         Lanczos method (Spectra's SymEigsSolver, selection "both ends";
//                         Lehoucq & Sorensen 1996), touching H only through v ↦ Hv; converged
//                         to relative tolerance tol (1e-10) on each Ritz value. For n ≤ 2 the
//                         dense eigendecomposition is used instead.
//   dense_matrix          H column by column, H e_j (n products), symmetrized ½(H + Hᵀ) — the
//                         exact Hessian for small problems.
//
// A point is certified a strict saddle when λ_min < 0 and a local minimum candidate when
// λ_min ≥ 0 with zero gradient (Lee, Simchowitz, Jordan, Recht 2016; Ge, Huang, Jin, Yuan 2015).
// The operator is given as a callback, or as a traced loss (fdl::ad::hvp over all variables,
// flattened in order, each column-major), or as an fdl::Objective at w.
#pragma once

#include "fdl/ad/graph.hpp"
#include "fdl/problems/objective.hpp"

#include <Eigen/Dense>

#include <functional>

namespace fdl::analysis {

using LinearOperator = std::function<Eigen::VectorXd(const Eigen::VectorXd&)>;

struct ExtremeEigenpairs {
  double smallest = 0, largest = 0;
  Eigen::VectorXd smallest_vector, largest_vector;  // unit eigenvectors
  int products = 0;                                 // operator applications
};

ExtremeEigenpairs extreme_eigenvalues(const LinearOperator& op, Eigen::Index n, double tol = 1e-10);
Eigen::MatrixXd dense_matrix(const LinearOperator& op, Eigen::Index n);

// The loss must be 1×1; the variables keep their values.
ExtremeEigenpairs hessian_extreme_eigenvalues(ad::Graph& g, ad::Var loss, double tol = 1e-10);
ExtremeEigenpairs hessian_extreme_eigenvalues(Objective& f, const Eigen::VectorXd& w, double tol = 1e-10);
Eigen::MatrixXd dense_hessian(ad::Graph& g, ad::Var loss);
Eigen::MatrixXd dense_hessian(Objective& f, const Eigen::VectorXd& w);

}  // namespace fdl::analysis
