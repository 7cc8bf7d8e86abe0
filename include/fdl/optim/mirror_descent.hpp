// Mirror descent (Nemirovski & Yudin 1983; Beck & Teboulle 2003; implicit bias: Gunasekar, Lee,
// Soudry, Srebro 2018, "Characterizing implicit bias in terms of optimization geometry"):
//
//   ∇ψ(w_{t+1}) = ∇ψ(w_t) − η_t ∇f(w_t)
//
// and, with momentum μ > 0 in the dual (m₀ = 0):
//
//   m_{t+1} = μ m_t + ∇f(w_t),   ∇ψ(w_{t+1}) = ∇ψ(w_t) − η_t m_{t+1}.
//
// The potential ψ (potentials.hpp) is shared, not owned: references use the same object.
#pragma once

#include "fdl/optim/optimizer.hpp"
#include "fdl/optim/potentials.hpp"
#include "fdl/optim/schedule.hpp"

#include <memory>

namespace fdl::optim {

class MirrorDescent : public GradientOptimizer {
 public:
  MirrorDescent(std::shared_ptr<const Potential> potential, Schedule eta, double dual_momentum = 0);
  std::string name() const override { return "mirror_descent"; }
  void init(const Vector& w) override;
  void update(const Vector& g, double value, Vector& w, Index t) override;
  const Potential& potential() const { return *potential_; }

 private:
  std::shared_ptr<const Potential> potential_;
  Schedule eta_;
  double mu_;
  Vector theta_, m_;
};

}  // namespace fdl::optim
