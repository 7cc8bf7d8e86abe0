// The minimum-Bregman-divergence interpolant — the limit of mirror descent on under-determined
// least squares (Gunasekar, Lee, Soudry, Srebro 2018, "Characterizing implicit bias in terms of
// optimization geometry"):
//
//   w* = argmin_w D_ψ(w, w0)  s.t.  X w = y,     D_ψ(w, w0) = ψ(w) − ψ(w0) − ⟨∇ψ(w0), w − w0⟩.
//
// Its KKT conditions say ∇ψ(w*) = ∇ψ(w0) + Xᵀλ for some λ, i.e. w(λ) = ∇ψ*(∇ψ(w0) + Xᵀλ). The
// solver is Newton's method on the (smooth, convex) dual
//
//   φ(λ) = ψ*(∇ψ(w0) + Xᵀλ) − ⟨λ, y⟩,   ∇φ = X w(λ) − y,   ∇²φ = X ∇²ψ*(θ) Xᵀ,
//
// with a backtracking line search, until ‖X w − y‖_∞ ≤ tol · max(1, ‖y‖_∞) (tol = 1e-12).
// Potentials (all of the optimizers' mirror maps, defined here independently of optim):
//   euclidean        ψ = ½‖w‖²                              ∇ψ* (θ) = θ
//   entropy          ψ = Σ w_i log w_i − w_i  (w > 0)        ∇ψ* (θ) = exp θ
//   hypentropy(β)    ψ = Σ w_i arcsinh(w_i/β) − √(w_i²+β²)  ∇ψ* (θ) = β sinh θ
//                    (Ghai, Hazan, Singer 2020)
//   p_norm(p)        ψ = ½‖w‖_p², 1 < p < ∞                 ∇ψ* (θ) = ∇ ½‖θ‖_q², 1/p + 1/q = 1
#pragma once

#include <Eigen/Dense>

#include <string>

namespace fdl::analysis {

struct Potential {
  enum class Kind { euclidean, entropy, hypentropy, p_norm };
  Kind kind = Kind::euclidean;
  double parameter = 0;  // β for hypentropy, p for p_norm

  static Potential euclidean() { return {Kind::euclidean, 0}; }
  static Potential entropy() { return {Kind::entropy, 0}; }
  static Potential hypentropy(double beta);
  static Potential p_norm(double p);
  // "euclidean", "entropy", "hypentropy" (with beta), "p_norm" (with p).
  static Potential named(const std::string& name, double parameter = 0);

  double value(const Eigen::VectorXd& w) const;                        // ψ(w)
  Eigen::VectorXd gradient(const Eigen::VectorXd& w) const;            // ∇ψ(w)
  double conjugate(const Eigen::VectorXd& theta) const;                // ψ*(θ)
  Eigen::VectorXd conjugate_gradient(const Eigen::VectorXd& theta) const;  // ∇ψ*(θ)
  Eigen::MatrixXd conjugate_hessian(const Eigen::VectorXd& theta) const;   // ∇²ψ*(θ)
  double divergence(const Eigen::VectorXd& w, const Eigen::VectorXd& w0) const;  // D_ψ(w, w0)
  std::string name() const;
};

struct BregmanInterpolant {
  Eigen::VectorXd w;       // the interpolant
  Eigen::VectorXd lambda;  // dual variable: ∇ψ(w) = ∇ψ(w0) + Xᵀλ
  double divergence = 0;   // D_ψ(w, w0)
  double feasibility = 0;  // ‖X w − y‖_∞
  int iterations = 0;      // Newton steps
};

// Throws std::invalid_argument for mismatched shapes, w0 outside the potential's domain, or
// an infeasible system (y outside the range of X); std::runtime_error if Newton's method does
// not reach the tolerance within max_iterations.
BregmanInterpolant min_bregman_interpolant(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& w0,
                                           const Potential& potential, double tol = 1e-12, int max_iterations = 200);

}  // namespace fdl::analysis
