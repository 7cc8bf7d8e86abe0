// Mirror maps: strictly convex potentials ψ with their gradient ∇ψ, its inverse (∇ψ)⁻¹ = ∇ψ*, and
// the Bregman divergence D_ψ(w, v) = ψ(w) − ψ(v) − ⟨∇ψ(v), w − v⟩ (Bregman 1967). Shared by mirror
// descent and by references that compute argmin_{w ∈ S} D_ψ(w, w₀) (Gunasekar, Lee, Soudry, Srebro
// 2018: mirror descent on underdetermined least squares converges to that interpolant).
//
//   Euclidean            ψ = ½‖w‖²                              ∇ψ = w               ∇ψ* = θ
//   NegativeEntropy      ψ = Σ w_i log w_i − w_i   (w > 0)        ∇ψ = log w           ∇ψ* = exp θ
//   SimplexEntropy       ψ = Σ w_i log w_i  on the simplex Δ      ∇ψ = log w (up to 1) ∇ψ* = softmax θ
//   HyperbolicEntropy(β) ψ = Σ w_i arcsinh(w_i/β) − √(w_i² + β²)  ∇ψ = arcsinh(w/β)   ∇ψ* = β sinh θ
//                        (Ghai, Hazan, Singer 2020; β → 0 approaches the ℓ1 geometry)
//   SquaredLpNorm(p)     ψ = ½‖w‖_p²,  1 < p < ∞                  ∇ψ_i = sign(w_i)|w_i|^{p−1} / ‖w‖_p^{p−2}
//                                                                 ∇ψ* = the same map with q = p/(p−1)
//   EuclideanQuartic     ψ = ½‖w‖² + ¼‖w‖₄⁴                       ∇ψ = w + w³ (entrywise)
//                        ∇ψ* = the real root of x³ + x = θ (Cardano, one Newton polish); ψ is
//                        1-strongly convex and C^∞, so mirror descent is a diffeomorphism and
//                        avoids strict saddles (Lee, Panageas, Piliouras, Simchowitz, Jordan, Recht
//                        2019); ∇²ψ = I + 3 diag(w²) matches quartic growth of f (relative smoothness)
//
// On the simplex ∇ψ is defined up to adding a multiple of 1 (the normal cone of Δ): ∇ψ*(θ) is the
// Bregman projection onto Δ of the unconstrained step, so w_{t+1} ∝ w_t exp(−η g).
#pragma once

#include "fdl/problems/objective.hpp"

#include <string>

namespace fdl::optim {

class Potential {
 public:
  virtual ~Potential() = default;
  virtual std::string name() const = 0;
  virtual double value(const Vector& w) const = 0;                        // ψ(w)
  virtual void gradient(const Vector& w, Vector& theta) const = 0;        // θ = ∇ψ(w)
  virtual void gradient_inverse(const Vector& theta, Vector& w) const = 0;  // w = ∇ψ*(θ)
  // Throws std::invalid_argument unless w lies in the domain of ψ (e.g. w > 0 for entropies).
  virtual void check_domain(const Vector& w, const char* where) const { (void)w, (void)where; }
  double bregman_divergence(const Vector& w, const Vector& v) const;      // D_ψ(w, v)
};

class Euclidean : public Potential {
 public:
  std::string name() const override { return "euclidean"; }
  double value(const Vector& w) const override { return 0.5 * w.squaredNorm(); }
  void gradient(const Vector& w, Vector& theta) const override { theta = w; }
  void gradient_inverse(const Vector& theta, Vector& w) const override { w = theta; }
};

class NegativeEntropy : public Potential {
 public:
  std::string name() const override { return "negative_entropy"; }
  double value(const Vector& w) const override;
  void gradient(const Vector& w, Vector& theta) const override { theta = w.array().log(); }
  void gradient_inverse(const Vector& theta, Vector& w) const override { w = theta.array().exp(); }
  void check_domain(const Vector& w, const char* where) const override;
};

class SimplexEntropy : public Potential {
 public:
  std::string name() const override { return "simplex_entropy"; }
  double value(const Vector& w) const override;
  void gradient(const Vector& w, Vector& theta) const override { theta = w.array().log(); }
  void gradient_inverse(const Vector& theta, Vector& w) const override;  // softmax, stable
  void check_domain(const Vector& w, const char* where) const override;
};

class HyperbolicEntropy : public Potential {
 public:
  explicit HyperbolicEntropy(double beta);
  std::string name() const override { return "hyperbolic_entropy"; }
  double value(const Vector& w) const override;
  void gradient(const Vector& w, Vector& theta) const override;
  void gradient_inverse(const Vector& theta, Vector& w) const override;
  double beta() const { return beta_; }

 private:
  double beta_;
};

class SquaredLpNorm : public Potential {
 public:
  explicit SquaredLpNorm(double p);
  std::string name() const override { return "squared_lp"; }
  double value(const Vector& w) const override;
  void gradient(const Vector& w, Vector& theta) const override;
  void gradient_inverse(const Vector& theta, Vector& w) const override;
  double p() const { return p_; }

 private:
  double p_, q_;
};

class EuclideanQuartic : public Potential {
 public:
  std::string name() const override { return "euclidean_quartic"; }
  double value(const Vector& w) const override;
  void gradient(const Vector& w, Vector& theta) const override;
  void gradient_inverse(const Vector& theta, Vector& w) const override;
};

}  // namespace fdl::optim
