// The shared driver: runs any Optimizer on an Objective until a stopping rule holds.
//
//   for t = 0, 1, …:  stop if ‖∇f(w_t)‖ ≤ ε_g, f(w_t) ≤ ε_f, t = T_max or the wall time is spent;
//                     w_{t+1} = step(w_t)
//
// Divergence (f(w_t), ‖∇f(w_t)‖ or w_{t+1} not finite) ends the run with status `diverged` and the
// iteration where it happened: recorded, never thrown. When the method does not evaluate the full
// objective itself (minibatch methods), the driver does so every `check_every` steps (and for the
// trace), so stochastic runs pay for full evaluations only where asked. The loop allocates nothing.
#pragma once

#include "fdl/optim/optimizer.hpp"

#include <limits>
#include <string>
#include <vector>

namespace fdl::optim {

struct Stopping {
  Index max_iterations = 1000;
  double gradient_norm = -1;  // stop when ‖∇f(w_t)‖ ≤ this (off when negative: PGD starts at ∇f = 0)
  double loss = -std::numeric_limits<double>::infinity();          // stop when f(w_t) ≤ this
  double wall_seconds = std::numeric_limits<double>::infinity();
  Index check_every = 1;   // stochastic methods: full evaluations every k steps
  Index record_every = 0;  // > 0: record (t, f(w_t), ‖∇f(w_t)‖) every k steps
};

enum class Status { converged_gradient, converged_loss, max_iterations, wall_time, finished_by_method, diverged };
std::string to_string(Status s);

struct TracePoint {
  Index iteration;
  double value;
  double grad_norm;
};

struct Report {
  Status status = Status::max_iterations;
  Index iterations = 0;       // steps taken: w holds w_{iterations}
  double value = kUnknown;    // f and ‖∇f‖ at the returned w (NaN when diverged)
  double grad_norm = kUnknown;
  Index diverged_at = -1;     // the t at which a non-finite value appeared
  double seconds = 0;
  std::vector<TracePoint> trace;
};

// w holds w₀ on entry and the last iterate on return; optimizer.init(w₀) is called first.
Report minimize(Objective& f, Optimizer& optimizer, Vector& w, const Stopping& stopping = {});

}  // namespace fdl::optim
