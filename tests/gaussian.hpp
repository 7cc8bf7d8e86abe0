// Seeded standard-normal matrices for the tests: one std::mt19937_64 stream per seed, filled in
// column-major order, so a (rows, cols, seed) triple names the same matrix on every machine.
#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <random>

namespace fdl::test {

inline Eigen::MatrixXd gaussian(int rows, int cols, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd m(rows, cols);
  for (auto& v : m.reshaped()) v = normal(rng);
  return m;
}

}  // namespace fdl::test
