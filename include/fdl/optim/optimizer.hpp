// The optimizer interface (optax's init/update pair, one file per optimizer as in ensmallen):
//
//   init(w₀)               state from the parameters (buffers sized once: the loop allocates nothing)
//   step(f, w, t)          w_t → w_{t+1} in place, from the oracle the method needs
//
// Methods that only need ∇f(w_t) derive from GradientOptimizer and implement
//
//   update(g, f(w_t), w, t)     w_t → w_{t+1} from g = ∇f(w_t)
//
// which is also callable on its own (step functions on user-supplied gradients). Step sizes are
// Schedules (schedule.hpp), shared by every method; minimize() (minimize.hpp) drives any of them.
#pragma once

#include "fdl/problems/objective.hpp"

#include <limits>
#include <string>

namespace fdl::optim {

constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

// What a step learned about the full objective at w_t (before the step): f(w_t) and ‖∇f(w_t)‖
// when it evaluated them (NaN when it did not, e.g. minibatch methods). `finished`: the method's
// own termination rule fired (perturbed GD's escape test), and w holds its answer.
struct StepInfo {
  double value = kUnknown;
  double grad_norm = kUnknown;
  bool finished = false;
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual std::string name() const = 0;
  virtual void init(const Vector& w) = 0;
  virtual StepInfo step(Objective& f, Vector& w, Index t) = 0;
  // False for methods that never evaluate the full f and ∇f (minibatch methods): the driver then
  // evaluates them itself where its stopping rules or trace need them.
  virtual bool evaluates_objective() const { return true; }
};

class GradientOptimizer : public Optimizer {
 public:
  // w ← w_{t+1} from g = ∇f(w_t); `value` = f(w_t) (used by loss-dependent schedules only).
  virtual void update(const Vector& g, double value, Vector& w, Index t) = 0;

  // One evaluation of f and ∇f at w_t, then update.
  StepInfo step(Objective& f, Vector& w, Index t) final;

 private:
  Vector grad_;
};

// Throws std::invalid_argument naming `where` unless x has `n` entries.
void check_dimension(const char* where, const char* what, const Vector& x, Index n);
// Throws std::invalid_argument naming `where` unless `ok`; `expected` says what was expected.
void require(bool ok, const char* where, const std::string& expected);

}  // namespace fdl::optim
