#include "fdl/problems/shallow_relu.hpp"

#include <cmath>
#include <string>

namespace fdl::problems {

Var two_layer_relu(Var X, Var W, Var a) {
  return ad::matmul(ad::relu(ad::matmul(X, ad::transpose(W))), a) / std::sqrt(static_cast<double>(W.rows()));
}

ShallowRelu::ShallowRelu(Matrix X, Vector y, Vector a, bool train_output, ad::Mode mode)
    : X_(std::move(X)), y_(std::move(y)), a_(std::move(a)), train_output_(train_output) {
  const std::string where = "ShallowRelu: ";
  if (X_.size() == 0) throw std::invalid_argument(where + "X is empty");
  if (y_.size() != X_.rows())
    throw std::invalid_argument(where + "y has " + std::to_string(y_.size()) + " entries, X has " + std::to_string(X_.rows()) + " rows");
  if (a_.size() == 0) throw std::invalid_argument(where + "width m = 0");
  const Index m = a_.size(), d = X_.cols();
  std::vector<Block> blocks = {{m, d}};
  if (train_output_) blocks.push_back({m, 1});
  Var u;
  trace(blocks, [&](ad::Graph& g, const std::vector<Var>& p) {
    u = two_layer_relu(g.constant(X_), p[0], train_output_ ? p[1] : g.constant(a_));
    return 0.5 * ad::square(u - g.constant(y_));
  }, Sum::finite, mode);
  set_output(u);
}

ShallowRelu ShallowRelu::teacher_student(Index n, Index d, Index k, Index m, std::uint64_t seed, bool train_output, ad::Mode mode) {
  if (n < 1 || d < 1 || k < 1 || m < k)
    throw std::invalid_argument("ShallowRelu::teacher_student: need n, d, k ≥ 1 and width m ≥ teacher width k, got m = " +
                                std::to_string(m) + ", k = " + std::to_string(k));
  Rng rng(seed);
  Matrix X = sphere_rows(n, d, rng);
  Matrix W_star = gaussian(k, d, rng);
  Vector a_star = random_signs(k, rng);
  Vector y = (X * W_star.transpose()).cwiseMax(0.0) * a_star;
  Vector a(m);
  a << a_star, random_signs(m - k, rng);
  ShallowRelu p(X, y, a, train_output, mode);
  Matrix W = Matrix::Zero(m, d);
  W.topRows(k) = std::sqrt(static_cast<double>(m)) * W_star;
  p.optimum_ = train_output ? Vector(p.flatten({W, a})) : Vector(W.reshaped());
  return p;
}

Vector ShallowRelu::initial_point(std::uint64_t seed) const {
  Rng rng(seed);
  Matrix W = gaussian(width(), X_.cols(), rng);
  return train_output_ ? flatten({W, a_}) : Vector(W.reshaped());
}

}  // namespace fdl::problems
