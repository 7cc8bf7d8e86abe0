#include "fdl/analysis/ntk.hpp"

#include "fdl/ad/derivatives.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace fdl::analysis {
namespace {

using Eigen::MatrixXd;

void check_rows(const MatrixXd& X, const MatrixXd& Z, const char* where) {
  if (X.cols() != Z.cols())
    throw std::invalid_argument(std::string(where) + ": X has " + std::to_string(X.cols()) + " features per row, Z has " +
                                std::to_string(Z.cols()));
  if (!X.allFinite() || !Z.allFinite()) throw std::invalid_argument(std::string(where) + ": non-finite inputs");
}

// Angles θ_ij = ∠(x_i, z_j) ∈ [0, π], with norms; a zero row has θ = π/2 (its kernel values are 0).
void angles(const MatrixXd& X, const MatrixXd& Z, MatrixXd& theta, Eigen::VectorXd& nx, Eigen::VectorXd& nz) {
  nx = X.rowwise().norm(), nz = Z.rowwise().norm();
  const MatrixXd inner = X * Z.transpose();
  theta.resize(X.rows(), Z.rows());
  for (Eigen::Index i = 0; i < X.rows(); ++i)
    for (Eigen::Index j = 0; j < Z.rows(); ++j) {
      const double scale = nx(i) * nz(j);
      theta(i, j) = scale == 0 ? std::numbers::pi / 2 : std::acos(std::clamp(inner(i, j) / scale, -1.0, 1.0));
    }
}

}  // namespace

MatrixXd ntk_gram(ad::Graph& g, ad::Var predictions) {
  if (predictions.rows() != 1 && predictions.cols() != 1)
    throw std::invalid_argument("ntk_gram: the predictions must be a vector (n×1 or 1×n), got " + ad::shape_string(predictions));
  const MatrixXd J = ad::jacobian(g, predictions);
  return J * J.transpose();
}

double smallest_eigenvalue(const MatrixXd& symmetric) {
  if (symmetric.rows() != symmetric.cols() || symmetric.size() == 0)
    throw std::invalid_argument("smallest_eigenvalue: expected a nonempty square matrix, got " + std::to_string(symmetric.rows()) + "×" +
                                std::to_string(symmetric.cols()));
  return Eigen::SelfAdjointEigenSolver<MatrixXd>(symmetric, Eigen::EigenvaluesOnly).eigenvalues()(0);
}

MatrixXd arccos_kernel(const MatrixXd& X, const MatrixXd& Z, int degree) {
  check_rows(X, Z, "arccos_kernel");
  if (degree != 0 && degree != 1) throw std::invalid_argument("arccos_kernel: degree must be 0 or 1, got " + std::to_string(degree));
  MatrixXd theta;
  Eigen::VectorXd nx, nz;
  angles(X, Z, theta, nx, nz);
  const double pi = std::numbers::pi;
  if (degree == 0) return (pi - theta.array()) / pi;
  const MatrixXd J1 = theta.array().sin() + (pi - theta.array()) * theta.array().cos();
  return (nx * nz.transpose()).cwiseProduct(J1) / pi;
}

MatrixXd relu_ntk_two_layer(const MatrixXd& X, const MatrixXd& Z, bool train_output) {
  check_rows(X, Z, "relu_ntk_two_layer");
  MatrixXd theta = (X * Z.transpose()).cwiseProduct(arccos_kernel(X, Z, 0)) / 2;
  if (train_output) theta += arccos_kernel(X, Z, 1) / 2;
  return theta;
}

}  // namespace fdl::analysis
