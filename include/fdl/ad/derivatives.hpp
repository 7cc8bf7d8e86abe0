// Derivatives of a traced program with respect to its variables (in the order they were made).
//
//   value_and_grad   f(x), ∇f(x)                one forward, one backward pass
//   hvp              ∇²f(x)·v                   forward with tangents v, forward-over-reverse sweep
//   jvp              J(x)·v                     forward with tangents v
//   vjp              J(x)ᵀ·u                    backward seeded with u
//   jacobian         J(x), rows = output entries (column-major), columns = all variables' entries
//                    (each variable flattened column-major, variables in order) — per-example
//                    gradients when the output holds one prediction per example.
// In Clarke mode the tangents carry the selection direction instead (see clarke-ad docs); HVPs
// and JVPs use the conventional selection.
#pragma once

#include "fdl/ad/graph.hpp"

#include <vector>

namespace fdl::ad {

// Runs forward and backward; gradients are then in var.grad() for every variable.
double value_and_grad(Graph& g, Var loss);

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
