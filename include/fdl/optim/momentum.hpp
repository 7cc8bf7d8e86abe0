// Momentum as a gradient transformation that composes with any gradient method (optax's
// `trace` chained with the method), in the velocity form used by PyTorch (v₀ = 0):
//
//   v_{t+1} = μ v_t + ∇f(w_t),   the inner method then steps with
//   d_t = v_{t+1}                  (heavy ball; Polyak 1964)
//   d_t = ∇f(w_t) + μ v_{t+1}      (Nesterov 1983, in the look-ahead form of Sutskever, Martens,
//                                   Dahl, Hinton 2013: only the gradient at the iterate is needed)
//
// in place of ∇f(w_t). Over GD (HeavyBall, Nesterov) this is w_{t+1} = w_t − η_t d_t; with a
// constant η the heavy-ball form equals w_{t+1} = w_t − η∇f(w_t) + μ(w_t − w_{t−1}). Over
// steepest descent w.r.t. a norm, normalized GD or the sphere it is that method's step along d_t.
#pragma once

#include "fdl/optim/optimizer.hpp"
#include "fdl/optim/schedule.hpp"

#include <memory>

namespace fdl::optim {

class Momentum : public GradientOptimizer {
 public:
  Momentum(std::shared_ptr<GradientOptimizer> inner, double mu, bool nesterov = false);
  std::string name() const override;
  void init(const Vector& w) override;
  void update(const Vector& g, double value, Vector& w, Index t) override;
  const Vector& velocity() const { return v_; }

 private:
  std::shared_ptr<GradientOptimizer> inner_;
  double mu_;
  bool nesterov_;
  Vector v_, d_;
};

// Momentum over gradient descent with step sizes η.
Momentum HeavyBall(Schedule eta, double mu);
Momentum Nesterov(Schedule eta, double mu);

}  // namespace fdl::optim
