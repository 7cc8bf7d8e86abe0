// Proximal point method (Martinet 1970; Rockafellar 1976), with an inexact inner solve:
//
//   w_{t+1} ≈ argmin_u φ_t(u),   φ_t(u) = f(u) + ‖u − w_t‖² / (2λ)
//
// solved by gradient descent on φ_t from u = w_t with step `inner_step`, until
// ‖∇φ_t(u)‖ = ‖∇f(u) + (u − w_t)/λ‖ ≤ tolerance or `max_inner` steps (then counted in
// inner_failures()). For f with L-Lipschitz gradient and λ < 1/L, φ_t is (1/λ − L)-strongly convex
// and inner_step ≤ 1/(L + 1/λ) converges linearly.
#pragma once

#include "fdl/optim/optimizer.hpp"

namespace fdl::optim {

struct ProximalPointParameters {
  double lambda;             // proximal parameter λ > 0
  double inner_step;         // GD step on φ_t
  double tolerance = 1e-10;  // on ‖∇φ_t‖
  Index max_inner = 10000;
};

class ProximalPoint : public Optimizer {
 public:
  explicit ProximalPoint(ProximalPointParameters p);
  std::string name() const override { return "proximal_point"; }
  void init(const Vector& w) override;
  StepInfo step(Objective& f, Vector& w, Index t) override;
  Index last_inner_iterations() const { return last_inner_; }
  double last_inner_residual() const { return last_residual_; }  // ‖∇φ_t(w_{t+1})‖
  Index inner_failures() const { return failures_; }

 private:
  ProximalPointParameters p_;
  Vector anchor_, grad_;
  Index last_inner_ = 0, failures_ = 0;
  double last_residual_ = 0;
};

}  // namespace fdl::optim
