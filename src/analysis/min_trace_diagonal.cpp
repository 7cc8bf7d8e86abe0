// minimize 1ᵀx s.t. A x = b, x ≥ 0: min_trace_psd of diagonal measurements, as a linear program.
#include "fdl/analysis/nuclear_norm.hpp"

#include "solvers.hpp"

#include <limits>
#include <stdexcept>
#include <string>

namespace fdl::analysis {

MinTraceDiagonal min_trace_diagonal(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
  if (A.rows() != b.size() || A.size() == 0)
    throw std::invalid_argument("min_trace_diagonal: A is " + std::to_string(A.rows()) + "×" + std::to_string(A.cols()) + ", b has " +
                                std::to_string(b.size()) + " entries: expected a non-empty m×d A and m values");
  detail::LinearProgram lp;
  lp.cost = Eigen::VectorXd::Ones(A.cols());
  lp.constraints = A;
  lp.row_lower = lp.row_upper = b;
  lp.col_lower = Eigen::VectorXd::Zero(A.cols());
  lp.col_upper = Eigen::VectorXd::Constant(A.cols(), std::numeric_limits<double>::infinity());
  MinTraceDiagonal r;
  try {
    r.x = detail::solve_lp(lp, "min_trace_diagonal");
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(std::string("min_trace_diagonal: no x ≥ 0 with A x = b (") + e.what() + ")");
  }
  r.objective = r.x.sum();
  r.feasibility = (A * r.x - b).lpNorm<Eigen::Infinity>();
  return r;
}

}  // namespace fdl::analysis
