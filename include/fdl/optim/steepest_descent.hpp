// Steepest descent w.r.t. a norm ‖·‖ (Boyd & Vandenberghe 2004, §9.4; implicit bias on separable
// data: Gunasekar, Lee, Soudry, Srebro 2018, "Characterizing implicit bias in terms of optimization
// geometry", eq. (9)):
//
//   Δw_t = −η_t ‖∇f(w_t)‖_* · argmax_{‖u‖≤1} ⟨∇f(w_t), u⟩,     w_{t+1} = w_t + Δw_t
//
// ℓ2 gives gradient descent, ℓ1 greedy coordinate descent, ℓ∞ sign descent, ‖·‖_P preconditioned
// GD (Δw = −η P⁻¹∇f).
#pragma once

#include "fdl/optim/norms.hpp"
#include "fdl/optim/optimizer.hpp"
#include "fdl/optim/schedule.hpp"

#include <memory>

namespace fdl::optim {

class SteepestDescent : public GradientOptimizer {
 public:
  SteepestDescent(std::shared_ptr<const Norm> norm, Schedule eta);
  std::string name() const override { return "steepest_descent"; }
  void init(const Vector& w) override { direction_.resize(w.size()); }
  void update(const Vector& g, double value, Vector& w, Index t) override;
  const Norm& norm() const { return *norm_; }

 private:
  std::shared_ptr<const Norm> norm_;
  Schedule eta_;
  Vector direction_;
};

}  // namespace fdl::optim
