// Seeded draws shared by the problem generators: one std::mt19937_64 per generator, so that a
// seed fixes every entry of every generated instance.
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <random>

namespace fdl::problems {

using Rng = std::mt19937_64;

// Entries i.i.d. N(0, σ²), drawn in column-major order.
Eigen::MatrixXd gaussian(Eigen::Index rows, Eigen::Index cols, Rng& rng, double sigma = 1.0);
// Rows i.i.d. uniform on the unit sphere S^{cols−1}.
Eigen::MatrixXd sphere_rows(Eigen::Index rows, Eigen::Index cols, Rng& rng);
// Entries i.i.d. uniform on {−1, +1}.
Eigen::VectorXd random_signs(Eigen::Index n, Rng& rng);

}  // namespace fdl::problems
