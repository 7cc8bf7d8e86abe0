#include "fdl/problems/least_squares.hpp"

#include "fdl/ad/losses.hpp"

#include <Eigen/Dense>

namespace fdl::problems {

LeastSquares::LeastSquares(Matrix X, Vector y, ad::Mode mode) : X_(std::move(X)), y_(std::move(y)) {
  if (X_.rows() == 0 || X_.cols() == 0) throw std::invalid_argument("LeastSquares: X is empty");
  if (y_.size() != X_.rows())
    throw std::invalid_argument("LeastSquares: y has " + std::to_string(y_.size()) + " entries, X has " +
                                std::to_string(X_.rows()) + " rows");
  trace({{X_.cols(), 1}}, [&](ad::Graph& g, const std::vector<Var>& w) {
    Var r = ad::matmul(g.constant(X_), w[0]) - g.constant(y_);
    return 0.5 * ad::square(r);
  }, Sum::finite, mode);
}

LeastSquares LeastSquares::random(Index n, Index d, std::uint64_t seed) {
  if (n < 1 || d < 1) throw std::invalid_argument("LeastSquares::random: n and d must be ≥ 1");
  Rng rng(seed);
  Matrix X = gaussian(n, d, rng);
  Vector w_true = gaussian(d, 1, rng);
  return LeastSquares(X, X * w_true);
}

Vector LeastSquares::min_norm_solution() const {
  return X_.transpose() * (X_ * X_.transpose()).ldlt().solve(y_);
}

}  // namespace fdl::problems
