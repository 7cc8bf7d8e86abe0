// Step-size schedules η_t, shared by every optimizer (t = 0, 1, 2, … counts steps):
//
//   constant(η)                  η_t = η
//   inverse_power(η₀, γ)         η_t = η₀ / (t+1)^γ          (γ = ½: the subgradient method's rate)
//   step_decay(η₀, ρ, k)         η_t = η₀ ρ^⌊t/k⌋
//   cosine(η₀, T, η_min)         η_t = η_min + ½(η₀ − η_min)(1 + cos(π min(t,T)/T))   (Loshchilov & Hutter 2017)
//   normalized(c)                η_t = c / L(w_t)            (Nacson, Lee, Gunasekar, Savarese, Srebro,
//   normalized_sqrt(c)           η_t = c / (L(w_t) √(t+1))    Soudry 2019: faster margin convergence)
//
// The last two are evaluated from log L(w_t) as exp(log c − log L − ½ log(t+1)), so that a loss of
// 1e-300 or less (log-domain losses on separable data) gives a finite step instead of 1/0.
#pragma once

#include "fdl/problems/objective.hpp"

#include <cmath>
#include <string>

namespace fdl::optim {

class Schedule {
 public:
  enum class Kind { constant, inverse_power, step_decay, cosine, normalized, normalized_sqrt };

  static Schedule constant(double eta);
  static Schedule inverse_power(double eta0, double gamma);
  static Schedule step_decay(double eta0, double factor, Index every);
  static Schedule cosine(double eta0, Index horizon, double eta_min = 0);
  static Schedule normalized(double c);
  static Schedule normalized_sqrt(double c);

  // η_t; log_loss = log L(w_t) is read only by the normalized schedules.
  double operator()(Index t, double log_loss = 0) const;
  // η_t for a method that knows L(w_t) itself (log L = log of it; prefer operator() with a
  // log-domain loss where L may underflow).
  double at(Index t, double loss) const { return (*this)(t, needs_loss() ? std::log(loss) : 0); }
  bool needs_loss() const { return kind_ == Kind::normalized || kind_ == Kind::normalized_sqrt; }
  Kind kind() const { return kind_; }
  std::string describe() const;

 private:
  Schedule(Kind kind, double eta0, double a = 0, Index k = 0) : kind_(kind), eta0_(eta0), a_(a), k_(k) {}
  Kind kind_;
  double eta0_;  // η, η₀ or c
  double a_;     // γ, ρ or η_min
  Index k_;      // decay period or horizon T
};

}  // namespace fdl::optim
