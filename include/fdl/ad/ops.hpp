// The primitives of fdl::ad. Each traces one node onto the graph of its arguments.
//
// Elementwise binary ops broadcast numpy-style over matrices: operands of equal shape, a 1×1
// scalar with anything, a 1×n row against m×n, an m×1 column against m×n.
#pragma once

#include "fdl/ad/graph.hpp"

#include <vector>

namespace fdl::ad {

// ---- elementwise, two operands (broadcasting) ----------------------------------------------
Var add(Var a, Var b);
Var sub(Var a, Var b);
Var mul(Var a, Var b);
Var div(Var a, Var b);
Var maximum(Var a, Var b);  // conventional: a tie gives 0.5/0.5 (PyTorch)
Var minimum(Var a, Var b);

// ---- elementwise, one operand ----------------------------------------------------------------
Var affine(Var x, double scale, double shift);  // scale·x + shift
Var exp(Var x);
Var log(Var x);
Var log1p(Var x);
Var sqrt(Var x);
Var square(Var x);
Var pow(Var x, double p);  // x^p for a constant exponent
Var tanh(Var x);
Var sigmoid(Var x);
Var softplus(Var x);      // log(1 + eˣ), stable for large |x|
Var log_softplus(Var x);  // log(log(1 + eˣ)), finite where softplus underflows
Var relu(Var x);
Var leaky_relu(Var x, double slope = 0.01);
Var abs(Var x);
Var clamp(Var x, double lo, double hi);  // conventional: derivative 1 at both bounds (PyTorch 1.13)

// ---- linear algebra --------------------------------------------------------------------------
Var matmul(Var a, Var b);
Var transpose(Var x);

// ---- reductions: all entries → 1×1; rows → m×1 (one value per row); cols → 1×n --------------
enum class Axis { all, rows, cols };
Var sum(Var x, Axis axis = Axis::all);
Var mean(Var x, Axis axis = Axis::all);
Var max(Var x, Axis axis = Axis::all);  // conventional: full reduction splits ties evenly,
Var min(Var x, Axis axis = Axis::all);  // row/column reductions pick the first (PyTorch)
Var logsumexp(Var x, Axis axis = Axis::all);

// ---- branches ---------------------------------------------------------------------------------
// y = a where p ≥ 0, else b (broadcasting). p is traced: in Clarke mode a branch whose predicate
// is exactly 0 is decided by p's sign along the direction. p receives no gradient.
Var where(Var p, Var a, Var b);

// ---- entries ---------------------------------------------------------------------------------
// gather: out(r) = x[index[r]] for r < rows·cols (column-major linear indices into x).
Var gather(Var x, const std::vector<Index>& index, Index rows, Index cols);
// scatter: out = rows×cols zeros with out[index[r]] += x(r) (column-major linear indices).
Var scatter(Var x, const std::vector<Index>& index, Index rows, Index cols);

// ---- operators -------------------------------------------------------------------------------
inline Var operator+(Var a, Var b) { return add(a, b); }
inline Var operator-(Var a, Var b) { return sub(a, b); }
inline Var operator*(Var a, Var b) { return mul(a, b); }  // elementwise; matmul() for products
inline Var operator/(Var a, Var b) { return div(a, b); }
inline Var operator-(Var x) { return affine(x, -1.0, 0.0); }
inline Var operator+(Var x, double c) { return affine(x, 1.0, c); }
inline Var operator+(double c, Var x) { return affine(x, 1.0, c); }
inline Var operator-(Var x, double c) { return affine(x, 1.0, -c); }
inline Var operator-(double c, Var x) { return affine(x, -1.0, c); }
inline Var operator*(Var x, double c) { return affine(x, c, 0.0); }
inline Var operator*(double c, Var x) { return affine(x, c, 0.0); }
inline Var operator/(Var x, double c) { return affine(x, 1.0 / c, 0.0); }
inline Var operator/(double c, Var x) { return affine(pow(x, -1.0), c, 0.0); }

}  // namespace fdl::ad
