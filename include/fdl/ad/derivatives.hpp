// Derivatives of a traced program with respect to its variables (in the order they were made).
//
//   value_and_grad   f(x), ∇f(x)                one forward, one backward pass
//   hvp              ∇²f(x)·v                   forward with tangents v, forward-over-reverse sweep
//   jvp              J(x)·v                     forward with tangents v
//   vjp              J(x)ᵀ·u                    backward seeded with u
//   jacobian         J(x), rows = output entries (column-major), columns = all variables' entries
//                    (each variable flattened column-major, variables in order) — per-example
//                    gradients when the output holds one prediction per example.
// value_and_grad follows the graph's mode. In Clarke mode (Kakade & Lee 2018) it returns the
// gradient of the smooth piece that x + εv enters for small ε > 0 — a Bouligand, hence Clarke,
// subgradient. The forward pass first runs on values alone; only if some kink is hit exactly
// (a tie) does it rerun with coefficients along v: first order, then Taylor orders 2 and 3 while
// ties persist. HVPs and JVPs use the conventional selection.
#pragma once

#include "fdl/ad/graph.hpp"

#include <vector>

namespace fdl::ad {

// Runs forward and backward; gradients are then in var.grad() for every variable.
double value_and_grad(Graph& g, Var loss);

// What a Clarke-mode gradient needed: the highest coefficient order of its forward pass (0: no
// kink was hit) and the ties still undecided at that order (0: the result is guaranteed).
struct ClarkeReport {
  double value;
  int order;
  std::int64_t unresolved_ties;
};
// Clarke-mode value and gradient along a random direction v drawn from g's direction seed: the
// gradient of the piece active on x + εv for small ε > 0. With `prescribed` d (one matrix per
// variable), the curve is x + εd + ε²v, which enters the region along d: the result g then also
// satisfies ⟨g, d⟩ = f'(x; d).
ClarkeReport clarke_value_and_grad(Graph& g, Var loss, const std::vector<Matrix>* prescribed = nullptr);

// One matrix per variable, shaped like it.
std::vector<Matrix> hvp(Graph& g, Var loss, const std::vector<Matrix>& v);
Matrix jvp(Graph& g, Var out, const std::vector<Matrix>& v);
std::vector<Matrix> vjp(Graph& g, Var out, const Matrix& u);
Matrix jacobian(Graph& g, Var out);

// Total number of variable entries, and flattening of per-variable matrices into one vector.
Index variable_count(const Graph& g);
Eigen::VectorXd flatten(const std::vector<Matrix>& parts);
std::vector<Matrix> gradients(Graph& g);  // copies of every variable's adjoint

}  // namespace fdl::ad
