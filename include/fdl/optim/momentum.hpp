// Momentum methods, in the velocity form used by PyTorch (v₀ = 0):
//
//   heavy ball (Polyak 1964)     v_{t+1} = μ v_t + ∇f(w_t),   w_{t+1} = w_t − η_t v_{t+1}
//   Nesterov (1983; Sutskever, Martens, Dahl, Hinton 2013)
//                                v_{t+1} = μ v_t + ∇f(w_t),   w_{t+1} = w_t − η_t (∇f(w_t) + μ v_{t+1})
//
// With a constant step η the heavy-ball form equals w_{t+1} = w_t − η∇f(w_t) + μ(w_t − w_{t−1}).
// The Nesterov form is Nesterov's method written at the look-ahead point, so it needs only the
// gradient at the iterate.
#pragma once

#include "fdl/optim/optimizer.hpp"
#include "fdl/optim/schedule.hpp"

namespace fdl::optim {

class Momentum : public GradientOptimizer {
 public:
  Momentum(Schedule eta, double mu, bool nesterov = false);
  std::string name() const override { return nesterov_ ? "nesterov" : "heavy_ball"; }
  void init(const Vector& w) override { v_ = Vector::Zero(w.size()); }
  void update(const Vector& g, double value, Vector& w, Index t) override;
  const Vector& velocity() const { return v_; }

 private:
  Schedule eta_;
  double mu_;
  bool nesterov_;
  Vector v_;
};

inline Momentum HeavyBall(Schedule eta, double mu) { return Momentum(eta, mu, false); }
inline Momentum Nesterov(Schedule eta, double mu) { return Momentum(eta, mu, true); }

}  // namespace fdl::optim
