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

}  // namespace fdl::analysis
