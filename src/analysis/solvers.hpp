// Dense front ends to the real solvers the references use (private to src/analysis):
//   linear programs     minimize cᵀx  s.t.  row_lower ≤ A x ≤ row_upper,  col_lower ≤ x ≤ col_upper
//                       — COIN-OR CLP, presolve + simplex (an exact basic solution)
//   quadratic programs  minimize ½ xᵀQx + cᵀx  s.t. the same constraints, Q ⪰ 0
//                       — Ipopt (primal-dual interior point, Wächter & Biegler 2006), tol 1e-12
// Infinite bounds are ±∞. Both throw std::runtime_error naming `who` unless the solver reports
// an optimal solution.
#pragma once

#include <Eigen/Dense>

#include <string>

namespace fdl::analysis::detail {

struct LinearProgram {
  Eigen::VectorXd cost;
  Eigen::MatrixXd constraints;
  Eigen::VectorXd row_lower, row_upper, col_lower, col_upper;
};

struct QuadraticProgram {
  Eigen::MatrixXd hessian;  // Q (symmetric)
  Eigen::VectorXd cost;
  Eigen::MatrixXd constraints;
  Eigen::VectorXd row_lower, row_upper, col_lower, col_upper;
};

Eigen::VectorXd solve_lp(const LinearProgram& lp, const std::string& who);
Eigen::VectorXd solve_qp(const QuadraticProgram& qp, const std::string& who);

}  // namespace fdl::analysis::detail
