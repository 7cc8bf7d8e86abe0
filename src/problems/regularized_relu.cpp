#include "fdl/problems/regularized_relu.hpp"

#include "fdl/analysis/moreau.hpp"

#include <string>

namespace fdl::problems {

RegularizedRelu::RegularizedRelu(Matrix X, Vector y, Index width, double lambda) : X_(std::move(X)), y_(std::move(y)), width_(width) {
  const std::string where = "RegularizedRelu: ";
  if (X_.size() == 0) throw std::invalid_argument(where + "X is empty");
  if (y_.size() != X_.rows())
    throw std::invalid_argument(where + "y has " + std::to_string(y_.size()) + " entries, X has " + std::to_string(X_.rows()) + " rows");
  if (((y_.array() != 1.0) && (y_.array() != -1.0)).any()) throw std::invalid_argument(where + "labels must be ±1");
  if (width_ < 1) throw std::invalid_argument(where + "width m = " + std::to_string(width_) + ", expected m ≥ 1");
  if (!(lambda >= 0)) throw std::invalid_argument(where + "λ = " + std::to_string(lambda) + ", expected λ ≥ 0");
  Var u;
  trace({{width_, X_.cols()}, {width_, 1}}, [&](ad::Graph& g, const std::vector<Var>& p) {
    u = ad::matmul(ad::relu(ad::matmul(g.constant(X_), ad::transpose(p[0]))), p[1]);
    lambda_ = g.scalar_constant(lambda);
    const Var margins = g.constant(y_) * u;
    return ad::mean(ad::softplus(-margins)) + lambda_ * (ad::sum(ad::square(p[0])) + ad::sum(ad::square(p[1])));
  });
  set_output(u);
}

void RegularizedRelu::set_lambda(double lambda) {
  if (!(lambda >= 0)) throw std::invalid_argument("RegularizedRelu::set_lambda: λ = " + std::to_string(lambda) + ", expected λ ≥ 0");
  lambda_.value()(0, 0) = lambda;
}

Matrix RegularizedRelu::first_layer(const Vector& theta) const { return unflatten(theta)[0]; }
Vector RegularizedRelu::output_layer(const Vector& theta) const { return unflatten(theta)[1]; }

Vector RegularizedRelu::predict(const Vector& theta, const Matrix& X) const {
  if (X.cols() != X_.cols())
    throw std::invalid_argument("RegularizedRelu::predict: X has " + std::to_string(X.cols()) + " columns, expected " + std::to_string(X_.cols()));
  const std::vector<Matrix> p = unflatten(theta);
  return (X * p[0].transpose()).cwiseMax(0.0) * p[1];
}

double RegularizedRelu::normalized_margin(const Vector& theta) const {
  return analysis::normalized_margin(predict(theta, X_), y_, theta.norm(), 2.0);
}

double RegularizedRelu::error(const Vector& theta, const Matrix& X, const Vector& y) const {
  if (y.size() != X.rows())
    throw std::invalid_argument("RegularizedRelu::error: y has " + std::to_string(y.size()) + " entries, X has " + std::to_string(X.rows()) + " rows");
  return double((y.array() * predict(theta, X).array() <= 0).count()) / double(y.size());
}

Vector RegularizedRelu::initial_point(std::uint64_t seed, double scale) const {
  Rng rng(seed);
  return scale * Vector(gaussian(dimension(), 1, rng));
}

SeparableData xor_noise_data(Index n, Index d, std::uint64_t seed) {
  if (n < 1 || d < 2) throw std::invalid_argument("xor_noise_data: need n ≥ 1 and d ≥ 2, got n = " + std::to_string(n) + ", d = " + std::to_string(d));
  Rng rng(seed);
  SeparableData data{gaussian(n, d, rng), Vector(n), {}};
  data.X.col(0) = random_signs(n, rng);
  data.X.col(1) = random_signs(n, rng);
  data.y = data.X.col(0).cwiseProduct(data.X.col(1));
  return data;
}

}  // namespace fdl::problems
