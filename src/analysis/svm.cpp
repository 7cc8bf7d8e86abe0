#include "fdl/analysis/svm.hpp"

#include "solvers.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace fdl::analysis {

using Eigen::MatrixXd;
using Eigen::VectorXd;

MatrixXd relu_features(const MatrixXd& X, const MatrixXd& U) {
  if (X.cols() != U.cols())
    throw std::invalid_argument("relu_features: X has " + std::to_string(X.cols()) + " features, the directions U have " +
                                std::to_string(U.cols()));
  return (X * U.transpose()).cwiseMax(0.0);
}

MaxMargin l1_svm_relu_features(const MatrixXd& X, const VectorXd& y, const MatrixXd& U) {
  return max_margin(relu_features(X, U), y, MarginNorm::l1());
}

KernelSvm kernel_svm(const MatrixXd& K, const VectorXd& y) {
  const std::string where = "kernel_svm: ";
  const Eigen::Index n = K.rows();
  if (K.cols() != n || n == 0) throw std::invalid_argument(where + "K must be a nonempty square matrix, got " + std::to_string(K.rows()) + "×" + std::to_string(K.cols()));
  if (y.size() != n) throw std::invalid_argument(where + "K is " + std::to_string(n) + "×" + std::to_string(n) + " but y has " + std::to_string(y.size()) + " labels");
  if (!K.allFinite() || !K.isApprox(K.transpose(), 1e-12)) throw std::invalid_argument(where + "K must be finite and symmetric");
  try {
    max_margin(K, y, MarginNorm::linf());  // separability in the span of the kernel sections
  } catch (const NotSeparable&) {
    throw NotSeparable(where + "the labels are not separable by any f = Σ c_i k(x_i, ·) (kernel matrix of rank " +
                       std::to_string(Eigen::FullPivLU<MatrixXd>(K).rank()) + ")");
  }
  const MatrixXd Q = y.asDiagonal() * K * y.asDiagonal();
  detail::QuadraticProgram qp;
  qp.hessian = Q;
  qp.cost = -VectorXd::Ones(n);
  qp.constraints.resize(0, n);
  qp.row_lower.resize(0), qp.row_upper.resize(0);
  qp.col_lower = VectorXd::Zero(n);
  qp.col_upper = VectorXd::Constant(n, std::numeric_limits<double>::infinity());
  KernelSvm r;
  r.alpha = detail::solve_qp(qp, "kernel_svm (dual QP)");
  const double norm = std::sqrt(r.alpha.dot(Q * r.alpha));
  r.coefficients = r.alpha.cwiseProduct(y) / norm;
  r.margin = (y.asDiagonal() * (K * r.coefficients)).minCoeff();
  return r;
}

}  // namespace fdl::analysis
