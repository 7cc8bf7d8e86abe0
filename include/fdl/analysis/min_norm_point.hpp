// The minimum-norm point of the convex hull of finitely many points (Wolfe 1976, "Finding the
// nearest point in a polytope", Math. Programming 11):
//   minimize ‖G λ‖  over  λ ≥ 0, Σλ = 1      (G: one point per column)
// Wolfe's algorithm alternates major cycles (add the point minimizing ⟨x, p⟩) and minor cycles
// (minimize over the affine hull of the current corral, stepping back into the simplex when
// some weight turns negative). It is finite and exact up to the tolerance of the optimality test
// ⟨x, p_j⟩ ≥ ‖x‖² − tol·max‖p‖².
#pragma once

#include <Eigen/Dense>

namespace fdl::analysis {

struct MinNormPoint {
  Eigen::VectorXd point;    // G λ
  Eigen::VectorXd weights;  // λ on the simplex
  double norm = 0;          // ‖G λ‖
  int iterations = 0;       // major cycles
};

MinNormPoint min_norm_point(const Eigen::MatrixXd& points, double tol = 1e-12);

}  // namespace fdl::analysis
