// Adaptive per-coordinate step sizes, as baselines (operations coordinatewise):
//
//   AdaGrad (Duchi, Hazan, Singer 2011)   G_{t+1} = G_t + g²,   w_{t+1} = w_t − η_t g / (√G_{t+1} + ε)
//   Adam (Kingma & Ba 2015)               m_{t+1} = β₁ m_t + (1−β₁) g,  v_{t+1} = β₂ v_t + (1−β₂) g²,
//                                         m̂ = m_{t+1}/(1−β₁^{t+1}),  v̂ = v_{t+1}/(1−β₂^{t+1}),
//                                         w_{t+1} = w_t − η_t m̂ / (√v̂ + ε)
#pragma once

#include "fdl/optim/optimizer.hpp"
#include "fdl/optim/schedule.hpp"

namespace fdl::optim {

class AdaGrad : public GradientOptimizer {
 public:
  explicit AdaGrad(Schedule eta, double epsilon = 1e-10);
  std::string name() const override { return "adagrad"; }
  void init(const Vector& w) override { sum_squares_ = Vector::Zero(w.size()); }
  void update(const Vector& g, double value, Vector& w, Index t) override;

 private:
  Schedule eta_;
  double epsilon_;
  Vector sum_squares_;
};

class Adam : public GradientOptimizer {
 public:
  explicit Adam(Schedule eta, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8);
  std::string name() const override { return "adam"; }
  void init(const Vector& w) override;
  void update(const Vector& g, double value, Vector& w, Index t) override;

 private:
  Schedule eta_;
  double beta1_, beta2_, epsilon_;
  Vector m_, v_;
};

}  // namespace fdl::optim
