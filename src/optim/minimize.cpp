#include "fdl/optim/minimize.hpp"

#include <chrono>
#include <cmath>

namespace fdl::optim {

std::string to_string(Status s) {
  switch (s) {
    case Status::converged_gradient: return "converged_gradient";
    case Status::converged_loss: return "converged_loss";
    case Status::max_iterations: return "max_iterations";
    case Status::wall_time: return "wall_time";
    case Status::finished_by_method: return "finished_by_method";
    case Status::diverged: return "diverged";
  }
  return "unknown";
}

namespace {

bool due(Index t, Index every) { return every > 0 && t % every == 0; }

}  // namespace

Report minimize(Objective& f, Optimizer& optimizer, Vector& w, const Stopping& stopping) {
  check_dimension("minimize", "w₀", w, f.dimension());
  require(stopping.max_iterations >= 0, "minimize", "max_iterations ≥ 0");
  require(stopping.check_every >= 1, "minimize", "check_every ≥ 1");
  require(stopping.record_every >= 0, "minimize", "record_every ≥ 0");
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };

  Report report;
  if (stopping.record_every > 0) report.trace.reserve(stopping.max_iterations / stopping.record_every + 2);
  optimizer.init(w);
  const bool self_evaluating = optimizer.evaluates_objective();
  Vector previous(w.size()), grad(w.size());
  auto evaluate = [&](StepInfo& info) {
    info.value = f.value_and_grad(w, grad);
    info.grad_norm = grad.norm();
  };
  auto finish = [&](Status status, Index t, const StepInfo& at) {
    report.status = status;
    report.iterations = t;
    report.value = at.value;
    report.grad_norm = at.grad_norm;
    report.seconds = elapsed();
    return report;
  };
  auto diverged = [&](Index t) {
    report.diverged_at = t;
    return finish(Status::diverged, t, {});
  };
  // Stopping rules at w_t, from what is known there; false when the run goes on.
  auto stops = [&](const StepInfo& at, Status& status) {
    if (std::isnan(at.value)) return false;
    if (at.grad_norm <= stopping.gradient_norm) return status = Status::converged_gradient, true;
    if (at.value <= stopping.loss) return status = Status::converged_loss, true;
    return false;
  };

  for (Index t = 0;; ++t) {
    const bool check = due(t, stopping.check_every) || t == stopping.max_iterations;
    const bool record = due(t, stopping.record_every);
    StepInfo at;
    if (t == stopping.max_iterations || (!self_evaluating && (check || record))) {
      evaluate(at);
      if (!std::isfinite(at.value) || !std::isfinite(at.grad_norm)) return diverged(t);
      if (record) report.trace.push_back({t, at.value, at.grad_norm});
      Status status;
      if (check && stops(at, status)) return finish(status, t, at);
      if (t == stopping.max_iterations) return finish(Status::max_iterations, t, at);
    }
    if (elapsed() > stopping.wall_seconds) {
      if (std::isnan(at.value)) evaluate(at);
      return finish(Status::wall_time, t, at);
    }
    previous = w;
    const StepInfo info = optimizer.step(f, w, t);
    if (!std::isnan(info.value)) {
      if (!std::isfinite(info.value) || !std::isfinite(info.grad_norm)) return diverged(t);
      if (record) report.trace.push_back({t, info.value, info.grad_norm});
      Status status;
      if (check && stops(info, status)) {
        w = previous;
        return finish(status, t, info);
      }
    }
    if (!w.allFinite()) return diverged(t + 1);
    if (info.finished) {
      StepInfo there;
      evaluate(there);
      return finish(Status::finished_by_method, t + 1, there);
    }
  }
}

}  // namespace fdl::optim
