// Normalized gradient descent (Nesterov 1984; Hazan, Levy, Shalev-Shwartz 2015):
//   w_{t+1} = w_t − η_t ∇f(w_t) / ‖∇f(w_t)‖₂        (no step where ∇f(w_t) = 0)
#pragma once

#include "fdl/optim/optimizer.hpp"
#include "fdl/optim/schedule.hpp"

namespace fdl::optim {

class NormalizedGradientDescent : public GradientOptimizer {
 public:
  explicit NormalizedGradientDescent(Schedule eta) : eta_(eta) {}
  std::string name() const override { return "normalized_gd"; }
  void init(const Vector&) override {}
  void update(const Vector& g, double value, Vector& w, Index t) override {
    check_dimension("NormalizedGradientDescent", "gradient", g, w.size());
    const double norm = g.norm();
    if (norm > 0) w.noalias() -= (eta_.at(t, value) / norm) * g;
  }

 private:
  Schedule eta_;
};

}  // namespace fdl::optim
