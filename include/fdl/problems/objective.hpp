// The contract between problems and optimizers: an objective over a flat parameter vector w.
//
//   f(w) = (1/n) Σ_i f_i(w)   when the problem is a finite sum (samples() = n > 0),
//
// with the (sub)gradient an optimizer steps along. Problems implement it (most by tracing their
// loss into an fdl::ad::Graph once and replaying it, see GraphObjective in problems/); optimizers
// and references only call it. Gradients follow the objective's AD mode: conventional (PyTorch's
// conventions) or clarke (an element of the Clarke subdifferential, Kakade & Lee 2018).
#pragma once

#include <Eigen/Core>

#include <span>
#include <stdexcept>

namespace fdl {

using Vector = Eigen::VectorXd;
using Index = Eigen::Index;

class Objective {
 public:
  virtual ~Objective() = default;

  virtual Index dimension() const = 0;
  virtual double value(const Vector& w) = 0;
  // Returns f(w) and writes ∇f(w) (or a subgradient) into grad, resized to dimension().
  virtual double value_and_grad(const Vector& w, Vector& grad) = 0;

  // Finite-sum structure: n > 0 when f = (1/n) Σ_i f_i, and the minibatch estimate
  // (1/|B|) Σ_{i∈B} f_i with its gradient. Objectives that are not finite sums keep n = 0.
  virtual Index samples() const { return 0; }
  virtual double batch_value_and_grad(const Vector& w, std::span<const Index> batch, Vector& grad) {
    (void)w, (void)batch, (void)grad;
    throw std::logic_error("this objective is not a finite sum: no minibatch gradients");
  }

  // Hessian-vector product ∇²f(w) v, where the objective provides one (exact, by AD).
  virtual Vector hvp(const Vector& w, const Vector& v) {
    (void)w, (void)v;
    throw std::logic_error("this objective provides no Hessian-vector products");
  }
};

}  // namespace fdl
