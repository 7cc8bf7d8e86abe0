// Stochastic (sub)gradient method, optionally proximal (Robbins & Monro 1951; for nonsmooth
// nonconvex f: Davis, Drusvyatskiy, Kakade, Lee 2020, "Stochastic subgradient method converges on
// tame functions"):
//
//   w_{t+1} = prox_{η_t g}( w_t − η_t ∇f_{B_t}(w_t) ),   ∇f_B = (1/|B|) Σ_{i∈B} ∇f_i
//
// with B_t a minibatch (minibatch.hpp) when f is a finite sum, and the full (sub)gradient
// otherwise; prox = identity without a regularizer g. The gradient is the objective's: an element of
// the Clarke subdifferential when the objective runs its AD in Clarke mode (Kakade & Lee 2018),
// which makes this the stochastic subgradient method. Typical schedule: inverse_power(η₀, ½).
#pragma once

#include "fdl/optim/minibatch.hpp"
#include "fdl/optim/optimizer.hpp"
#include "fdl/optim/prox.hpp"
#include "fdl/optim/schedule.hpp"

#include <memory>

namespace fdl::optim {

class SGD : public Optimizer {
 public:
  SGD(Schedule eta, Minibatch batch = {}, std::shared_ptr<const Prox> prox = nullptr);
  std::string name() const override { return prox_ ? "proximal_sgd" : "sgd"; }
  void init(const Vector& w) override;
  StepInfo step(Objective& f, Vector& w, Index t) override;
  bool evaluates_objective() const override { return false; }
  // The minibatch of the last step (empty when f is not a finite sum).
  std::span<const Index> last_batch() const { return last_batch_; }

 private:
  Schedule eta_;
  Minibatch batch_;
  std::shared_ptr<const Prox> prox_;
  MinibatchSampler sampler_;
  Index sampler_samples_ = -1;
  Vector grad_;
  std::span<const Index> last_batch_;
};

using StochasticSubgradient = SGD;

}  // namespace fdl::optim
