// Many seeds of one ShallowRelu problem trained as one batched computation (issue 10).
//
// R replicas share the data (X, y) and the shapes of a ShallowRelu problem; replica r starts
// from its own point w_r (e.g. initial_point(seed_r)) and follows full-batch gradient descent
// w_r ← w_r − η ∇f(w_r). Since the replicas' losses are separable, ∇_{w_r} Σ_s f(w_s) = ∇f(w_r),
// and one step of all of them is one computation with two large products instead of 2R small
// ones (s = 1/√m, W = [W_1; …; W_R] stacked by rows, H_r the r-th block of m columns of H):
//
//   H = X Wᵀ                                                 (n × R·m, one product per chunk)
//   per replica:  e_r = relu(H_r) a_r s − y,   f_r = ½ mean(e_r²),   ē_r = e_r / n,
//                 ∇_{a_r} f = s relu(H_r)ᵀ ē_r,   H̄_r = s (ē_r a_rᵀ) ⊙ [H_r > 0]
//   [∇_{W_1} f; …; ∇_{W_R} f] = (Xᵀ H̄)ᵀ                       (R·m × d, one product per chunk)
//
// The replicas go in chunks whose H fits in L2 and, in float64, whose products stay in gemm's
// small kernels (2 replicas at (100, 10, 100)); relu, loss, ∇a and H̄ take two passes per
// replica, relu read on the fly. Per replica the arithmetic is that of a sequential step, so on
// one core the gain is the graph's separate passes and fixed costs (docs/performance.md).
//
// The derivative of relu at 0 is 0 (Mode::conventional, PyTorch's convention), as ShallowRelu's
// conventional gradient. Each replica's trajectory equals its sequential run with
// GraphObjective::value_and_grad up to rounding (tests/problems/shallow_relu_batch_test.cpp).
//
// Scalar = float is the float32 option for large-width runs (issue 10): X, y and the points are
// rounded to float once, every product is in float (fdl::ad::gemm's float overload: twice the
// SIMD width of double's) and every sum is in float, so a replica tracks its float64 run to
// float32 rounding (relative 1e-6 per step, growing with the number of steps), not to 1e-12.
// Losses, points and gradients are handed out as double. Theory experiments stay float64 (the default).
#pragma once

#include "fdl/problems/shallow_relu.hpp"

#include <cstdint>
#include <vector>

namespace fdl::problems {

template <class Scalar = double>
class ShallowReluBatch {
 public:
  // One replica per point, each in the problem's layout (vec W, then a if the output trains).
  // When the output is fixed, replica r uses output_weights[r] if given (one m-vector per
  // replica: e.g. R initializations that draw their own a_r, as in Du et al.), else the problem's.
  // std::invalid_argument for no points, a point of the wrong dimension, a Clarke-mode problem,
  // or output weights of the wrong count or size, or given for a problem whose output trains.
  ShallowReluBatch(const ShallowRelu& problem, const std::vector<Vector>& points,
                   const std::vector<Vector>& output_weights = {});
  // Replicas from problem.initial_point(seed) for each seed.
  static ShallowReluBatch from_seeds(const ShallowRelu& problem, const std::vector<std::uint64_t>& seeds);

  Index replicas() const { return replicas_; }
  // f(w_r) and ∇f(w_r) of every replica, without stepping (gradients of replica r: gradient(r)).
  const Vector& evaluate();
  // One GD step of every replica; returns f(w_r) before the step (what value_and_grad returns).
  const Vector& step(double eta);
  // The current point and the last gradient of replica r, in the problem's layout.
  Vector point(Index r) const;
  Vector gradient(Index r) const;

 private:
  using MatrixS = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  using VectorS = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  MatrixS X_;
  VectorS y_;
  Index replicas_, n_, d_, m_, chunk_;
  bool train_output_;
  MatrixS W_, A_;         // (R·m)×d stacked W_r; m×R, column r = a_r
  MatrixS H_, gW_, gA_;   // n×(R·m): H, then H̄ in place; ∇W stacked like W; ∇a like A
  MatrixS G_;             // d×(chunk·m): Xᵀ H̄ of a chunk, before it goes into ∇W transposed
  VectorS e_;
  Vector values_;
};

extern template class ShallowReluBatch<double>;
extern template class ShallowReluBatch<float>;

}  // namespace fdl::problems
