#include "fdl/problems/random.hpp"

namespace fdl::problems {

Eigen::MatrixXd gaussian(Eigen::Index rows, Eigen::Index cols, Rng& rng, double sigma) {
  std::normal_distribution<double> normal(0.0, sigma);
  Eigen::MatrixXd m(rows, cols);
  for (double& x : m.reshaped()) x = normal(rng);
  return m;
}

Eigen::MatrixXd sphere_rows(Eigen::Index rows, Eigen::Index cols, Rng& rng) {
  Eigen::MatrixXd m = gaussian(rows, cols, rng);
  m.rowwise().normalize();
  return m;
}

Eigen::VectorXd random_signs(Eigen::Index n, Rng& rng) {
  Eigen::VectorXd s(n);
  for (double& x : s) x = (rng() & 1) ? 1.0 : -1.0;
  return s;
}

}  // namespace fdl::problems
