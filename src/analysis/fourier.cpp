#include "fdl/analysis/fourier.hpp"

#include <cmath>
#include <complex>
#include <numbers>

namespace fdl::analysis {

Eigen::VectorXd fourier_modulus(const Eigen::VectorXd& beta) {
  const Eigen::Index d = beta.size();
  Eigen::VectorXd out(d);
  for (Eigen::Index k = 0; k < d; ++k) {
    std::complex<double> s = 0;
    for (Eigen::Index j = 0; j < d; ++j) s += beta(j) * std::polar(1.0, -2 * std::numbers::pi * double((j * k) % d) / double(d));
    out(k) = std::abs(s) / std::sqrt(double(d));
  }
  return out;
}

double fourier_l1_norm(const Eigen::VectorXd& beta) { return fourier_modulus(beta).sum(); }

}  // namespace fdl::analysis
