// Gradient descent (Cauchy 1847):  w_{t+1} = w_t − η_t ∇f(w_t).
#pragma once

#include "fdl/optim/optimizer.hpp"
#include "fdl/optim/schedule.hpp"

namespace fdl::optim {

class GradientDescent : public GradientOptimizer {
 public:
  explicit GradientDescent(Schedule eta) : eta_(eta) {}
  std::string name() const override { return "gd"; }
  void init(const Vector&) override {}
  void update(const Vector& g, double value, Vector& w, Index t) override {
    check_dimension("GradientDescent", "gradient", g, w.size());
    w.noalias() -= eta_.at(t, value) * g;
  }

 private:
  Schedule eta_;
};

}  // namespace fdl::optim
