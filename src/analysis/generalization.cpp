#include "fdl/analysis/generalization.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace fdl::analysis {

using Eigen::MatrixXd;

double spectral_complexity(const std::vector<MatrixXd>& layers, const std::vector<double>& lipschitz, const std::vector<MatrixXd>& reference) {
  const std::string where = "spectral_complexity: ";
  if (layers.empty()) throw std::invalid_argument(where + "no layers");
  if (!lipschitz.empty() && lipschitz.size() != layers.size())
    throw std::invalid_argument(where + std::to_string(lipschitz.size()) + " Lipschitz constants for " + std::to_string(layers.size()) + " layers");
  if (!reference.empty() && reference.size() != layers.size())
    throw std::invalid_argument(where + std::to_string(reference.size()) + " reference matrices for " + std::to_string(layers.size()) + " layers");
  double product = 1, sum = 0;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const MatrixXd& A = layers[i];
    if (i > 0 && A.cols() != layers[i - 1].rows())
      throw std::invalid_argument(where + "layer " + std::to_string(i) + " has " + std::to_string(A.cols()) + " inputs, the previous layer " +
                                  std::to_string(layers[i - 1].rows()) + " outputs");
    if (!reference.empty() && (reference[i].rows() != A.rows() || reference[i].cols() != A.cols()))
      throw std::invalid_argument(where + "reference " + std::to_string(i) + " differs in shape from its layer");
    const double spectral = Eigen::JacobiSVD<MatrixXd>(A).singularValues()(0);
    const double rho = lipschitz.empty() ? 1.0 : lipschitz[i];
    if (!(rho > 0)) throw std::invalid_argument(where + "Lipschitz constants must be > 0");
    const MatrixXd offset = reference.empty() ? A : MatrixXd(A - reference[i]);
    product *= rho * spectral;
    sum += std::pow(offset.rowwise().norm().sum(), 2.0 / 3) / std::pow(spectral, 2.0 / 3);  // ‖(A − M)ᵀ‖_{2,1}
  }
  return product * std::pow(sum, 1.5);
}

SpectralMarginBound spectral_margin_bound(const std::vector<MatrixXd>& layers, const MatrixXd& X, const Eigen::VectorXd& margins,
                                          double gamma, const std::vector<double>& lipschitz) {
  const std::string where = "spectral_margin_bound: ";
  if (!(gamma > 0)) throw std::invalid_argument(where + "gamma must be > 0");
  if (margins.size() != X.rows() || X.rows() == 0)
    throw std::invalid_argument(where + std::to_string(margins.size()) + " margins for " + std::to_string(X.rows()) + " examples");
  if (layers.empty() || X.cols() != layers[0].cols())
    throw std::invalid_argument(where + "the inputs have " + std::to_string(X.cols()) + " features, the first layer expects " +
                                std::to_string(layers.empty() ? 0 : layers[0].cols()));
  SpectralMarginBound b;
  b.spectral_complexity = spectral_complexity(layers, lipschitz);
  b.margin_loss = (margins.array() <= gamma).cast<double>().mean();
  Eigen::Index width = X.cols();
  for (const MatrixXd& A : layers) width = std::max(width, A.rows());
  const double n = static_cast<double>(X.rows());
  b.complexity_term = X.norm() * b.spectral_complexity * std::log(static_cast<double>(std::max<Eigen::Index>(width, 2))) / (gamma * n);
  return b;
}

TwoLayerMarginBound two_layer_margin_bound(const MatrixXd& W, const Eigen::VectorXd& u, const MatrixXd& X, const Eigen::VectorXd& y,
                                           double delta, double input_bound) {
  const std::string where = "two_layer_margin_bound: ";
  if (u.size() != W.rows())
    throw std::invalid_argument(where + std::to_string(u.size()) + " output weights for " + std::to_string(W.rows()) + " hidden units (rows of W)");
  if (X.rows() == 0 || X.cols() != W.cols())
    throw std::invalid_argument(where + "X is " + std::to_string(X.rows()) + "×" + std::to_string(X.cols()) + ", expected n ≥ 1 rows of " +
                                std::to_string(W.cols()) + " features (the columns of W)");
  if (y.size() != X.rows()) throw std::invalid_argument(where + std::to_string(y.size()) + " labels for " + std::to_string(X.rows()) + " examples");
  if (!(y.array().abs() == 1).all()) throw std::invalid_argument(where + "labels must be ±1");
  if (!(delta > 0 && delta < 1)) throw std::invalid_argument(where + "delta must lie in (0, 1), got " + std::to_string(delta));
  const double largest_norm = X.rowwise().norm().maxCoeff();
  if (input_bound != 0 && !(input_bound >= largest_norm * (1 - 1e-12)))
    throw std::invalid_argument(where + "input_bound " + std::to_string(input_bound) + " is below max_i ‖x_i‖₂ = " + std::to_string(largest_norm));
  const double path_norm = (u.array().abs() * W.rowwise().norm().array()).sum();  // Σ_j |u_j| ‖w_j‖₂
  const Eigen::VectorXd f = (X * W.transpose()).cwiseMax(0.0) * u;                  // f(x_i) = Σ_j u_j relu(w_jᵀx_i)
  const double margin = (y.array() * f.array()).minCoeff();
  if (!(margin > 0 && path_norm > 0))
    throw std::invalid_argument(where + "the network does not separate the data: min_i y_i f(x_i) = " + std::to_string(margin) +
                                " (the bound needs a positive margin)");
  const double n = static_cast<double>(X.rows());
  TwoLayerMarginBound b;
  b.normalized_margin = margin / (2 * path_norm);
  b.mean_squared_norm = X.squaredNorm() / n;
  b.input_bound = input_bound != 0 ? input_bound : largest_norm;
  b.complexity_term = 6 / b.normalized_margin * std::sqrt(b.mean_squared_norm / n);
  b.low_order_term = std::sqrt(std::log(std::log2(4 * b.input_bound / b.normalized_margin)) / n) + std::sqrt(std::log(1 / delta) / (2 * n));
  b.bound = b.complexity_term + b.low_order_term;
  return b;
}

}  // namespace fdl::analysis
