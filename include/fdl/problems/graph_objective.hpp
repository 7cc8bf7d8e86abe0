// An Objective whose loss is traced once into an fdl::ad::Graph and replayed for every call.
//
// The parameter vector w is cut into blocks, each reshaped (column-major) into one variable of
// the graph: w = (vec θ_1, …, vec θ_B). Then
//
//   value_and_grad   f(w), ∇f(w)   conventional AD, or in Clarke mode an element of ∂_C f(w)
//                                  (clarke_value_and_grad, Kakade & Lee 2018)
//   hvp              ∇²f(w) v      forward-over-reverse
//
// A finite sum f = (1/n) Σ_i f_i is traced as a column of the n per-sample losses f_i and summed
// with constant weights c_i: c_i = 1/n for f, and c_i = (times i is in B)/|B| for the minibatch
// estimate (1/|B|) Σ_{i∈B} f_i — the same graph, only the weights change.
#pragma once

#include "fdl/ad/derivatives.hpp"
#include "fdl/ad/ops.hpp"
#include "fdl/problems/objective.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace fdl::problems {

using ad::Matrix;
using ad::Var;

struct Block {
  Index rows, cols;
};

class GraphObjective : public Objective {
 public:
  // Traces `loss(graph, parameters)` (a 1×1 node) or, for a finite sum, the n×1 node of per-sample
  // losses f_i; one parameter variable per block.
  using Trace = std::function<Var(ad::Graph&, const std::vector<Var>& parameters)>;
  enum class Sum { single, finite };
  GraphObjective(std::vector<Block> blocks, const Trace& loss, Sum sum = Sum::single, ad::Mode mode = ad::Mode::conventional);

  Index dimension() const override { return dimension_; }
  double value(const Vector& w) override;
  double value_and_grad(const Vector& w, Vector& grad) override;
  Index samples() const override { return samples_; }
  double batch_value_and_grad(const Vector& w, std::span<const Index> batch, Vector& grad) override;
  Vector hvp(const Vector& w, const Vector& v) override;

  ad::Mode mode() const { return graph_->mode(); }
  void set_mode(ad::Mode m) { graph_->set_mode(m); }
  // Clarke mode's random directions come from this seed (reproducible runs).
  void set_direction_seed(std::uint64_t seed) { graph_->set_direction_seed(seed); }

  // w ↔ blocks.
  const std::vector<Block>& blocks() const { return blocks_; }
  std::vector<Matrix> unflatten(const Vector& w) const;
  Vector flatten(const std::vector<Matrix>& parts) const;

  // Models (nets) also trace their outputs u(w) (one row per sample): their values, and the
  // Jacobian ∂u/∂w (rows: samples; J Jᵀ is the empirical NTK Gram matrix).
  bool has_outputs() const { return output_.graph != nullptr; }
  Vector outputs(const Vector& w);
  Matrix output_jacobian(const Vector& w);

  // Writes w into the parameter variables (then graph() evaluates at w).
  void set_parameters(const Vector& w);
  // The traced graph, its parameters and its loss node (e.g. to trace more nodes on it).
  ad::Graph& graph() { return *graph_; }
  const std::vector<Var>& parameters() const { return parameters_; }
  Var loss() const { return loss_; }

 protected:
  GraphObjective() = default;
  // For derived problems, once their data exist.
  void trace(std::vector<Block> blocks, const Trace& loss, Sum sum = Sum::single, ad::Mode mode = ad::Mode::conventional);
  void check_dimension(const char* what, const Vector& w) const;
  void set_output(Var output) { output_ = output; }

 private:
  double evaluate(Vector& grad);

  std::unique_ptr<ad::Graph> graph_;
  std::vector<Block> blocks_;
  std::vector<Var> parameters_;
  Var loss_, weights_, output_;
  Index dimension_ = 0, samples_ = 0;
};

}  // namespace fdl::problems
