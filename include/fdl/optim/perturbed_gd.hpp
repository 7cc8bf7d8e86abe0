// Perturbed gradient descent (Jin, Ge, Netrapalli, Kakade, Jordan 2017, "How to escape saddle
// points efficiently", Algorithm 2):
//
//   if ‖∇f(w_t)‖ ≤ g_thres and t − t_noise > t_thres:
//       w̃ ← w_t,  t_noise ← t,  w_t ← w̃ + ξ_t,   ξ_t uniform in the ball B(0, r)
//   if t − t_noise = t_thres and f(w_t) − f(w̃) > −f_thres:
//       return w̃                                  (no escape: w̃ is an approximate 2nd-order point)
//   w_{t+1} = w_t − η ∇f(w_t)
//
// The paper sets η = c/ℓ, r = √c/χ² · ε/ℓ, g_thres = √c/χ² · ε, f_thres = c/χ³ · √(ε³/ρ),
// t_thres = χ/c² · ℓ/√(ρε) from the gradient and Hessian Lipschitz constants ℓ, ρ; here they are
// plain parameters (paper_parameters() computes them). The return is reported as
// StepInfo::finished with w = w̃, so minimize() ends with status finished_by_method.
#pragma once

#include "fdl/optim/optimizer.hpp"

#include <cstdint>
#include <random>

namespace fdl::optim {

struct PerturbedGDParameters {
  double eta;            // step size
  double radius;         // r: perturbation radius
  double g_thres;        // gradient threshold below which to perturb
  Index t_thres;         // steps between perturbations, and the escape horizon
  double f_thres;        // decrease that counts as an escape
  std::uint64_t seed = 0;
};

// The paper's choices for ℓ-smooth, ρ-Hessian-Lipschitz f, target ε, failure probability δ,
// initial gap Δ_f ≥ f(w₀) − f⋆, dimension d and constant c: χ = 3 max{log(dℓΔ_f/(cε²δ)), 4}.
PerturbedGDParameters paper_parameters(double ell, double rho, double epsilon, double delta, double delta_f,
                                       Index d, double c = 1);

class PerturbedGradientDescent : public Optimizer {
 public:
  explicit PerturbedGradientDescent(PerturbedGDParameters p);
  std::string name() const override { return "perturbed_gd"; }
  void init(const Vector& w) override;
  StepInfo step(Objective& f, Vector& w, Index t) override;
  Index perturbations() const { return perturbations_; }
  Index last_perturbation() const { return t_noise_; }  // −1 before the first

 private:
  PerturbedGDParameters p_;
  std::mt19937_64 rng_;
  Vector grad_, w_tilde_, xi_;
  double f_tilde_ = 0;
  Index t_noise_ = -1;
  Index perturbations_ = 0;
};

// ξ uniform in the Euclidean ball B(0, r): direction normal/‖normal‖, radius r U^{1/d}.
void uniform_in_ball(std::mt19937_64& rng, double r, Vector& xi);

}  // namespace fdl::optim
