#include "fdl/analysis/fourier.hpp"

#include <cmath>
#include <complex>
#include <numbers>

namespace fdl::analysis {

Eigen::MatrixXcd unitary_dft(Eigen::Index d) {
  Eigen::MatrixXcd F(d, d);
  for (Eigen::Index k = 0; k < d; ++k)
    for (Eigen::Index j = 0; j < d; ++j)  // (j·k) mod d keeps the angle exact for large j·k
      F(k, j) = std::polar(1.0 / std::sqrt(double(d)), -2 * std::numbers::pi * double((j * k) % d) / double(d));
  return F;
}

Eigen::VectorXd fourier_modulus(const Eigen::VectorXd& beta) {
  return (unitary_dft(beta.size()) * beta.cast<std::complex<double>>()).cwiseAbs();
}

double fourier_l1_norm(const Eigen::VectorXd& beta) { return fourier_modulus(beta).sum(); }

}  // namespace fdl::analysis
