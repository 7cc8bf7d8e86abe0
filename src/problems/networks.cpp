#include "fdl/problems/networks.hpp"

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>

#include <cmath>
#include <numbers>
#include <string>

namespace fdl::problems {
namespace {

Var activate(Var z, Activation a) { return a == Activation::relu ? ad::relu(z) : ad::softplus(z); }

double softplus(double z) { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

void check_samples(const char* where, const Matrix& X, const Vector& y) {
  if (X.size() == 0) throw std::invalid_argument(std::string(where) + ": X is empty");
  if (y.size() != X.rows())
    throw std::invalid_argument(std::string(where) + ": y has " + std::to_string(y.size()) + " entries, X has " +
                                std::to_string(X.rows()) + " rows");
}

}  // namespace

double activation_normalizer(Activation activation) {
  if (activation == Activation::relu) return 2.0;
  // Composite Simpson rule for ∫ softplus(z)² φ(z) dz on [−12, 12] (the tails add < 1e-30).
  const int n = 4000;
  const double lo = -12, h = 24.0 / n;
  double s = 0;
  for (int k = 0; k <= n; ++k) {
    const double z = lo + k * h, weight = (k == 0 || k == n) ? 1 : (k % 2 ? 4 : 2);
    s += weight * std::pow(softplus(z), 2) * std::exp(-z * z / 2);
  }
  return 1.0 / (s * h / 3 / std::sqrt(2 * std::numbers::pi));
}

Var deep_network(Var X, const std::vector<Var>& W, Var a, const NetworkShape& shape) {
  if (W.empty()) throw std::invalid_argument("deep_network: no layers");
  const double m = static_cast<double>(W[0].rows()), H = static_cast<double>(W.size());
  const double scale = std::sqrt(activation_normalizer(shape.activation) / m);
  Var x = scale * activate(ad::matmul(X, ad::transpose(W[0])), shape.activation);
  for (std::size_t h = 1; h < W.size(); ++h) {
    Var branch = activate(ad::matmul(x, ad::transpose(W[h])), shape.activation);
    x = shape.architecture == Architecture::fully_connected ? scale * branch : x + (shape.c_res / (H * std::sqrt(m))) * branch;
  }
  return ad::matmul(x, a);
}

Var quadratic_network(Var X, Var W, Var v) { return ad::matmul(ad::square(ad::matmul(X, ad::transpose(W))), v); }

DeepNetwork::DeepNetwork(Matrix X, Vector y, NetworkShape shape, Vector a, bool train_output, ad::Mode mode)
    : X_(std::move(X)), y_(std::move(y)), a_(std::move(a)), shape_(shape), train_output_(train_output) {
  check_samples("DeepNetwork", X_, y_);
  if (shape_.depth < 1 || shape_.width < 1)
    throw std::invalid_argument("DeepNetwork: depth and width must be ≥ 1, got depth " + std::to_string(shape_.depth) + ", width " +
                                std::to_string(shape_.width));
  if (a_.size() != shape_.width)
    throw std::invalid_argument("DeepNetwork: a has " + std::to_string(a_.size()) + " entries, the width is " +
                                std::to_string(shape_.width));
  std::vector<Block> blocks = {{shape_.width, X_.cols()}};
  for (Index h = 1; h < shape_.depth; ++h) blocks.push_back({shape_.width, shape_.width});
  if (train_output_) blocks.push_back({shape_.width, 1});
  Var u;
  trace(blocks, [&](ad::Graph& g, const std::vector<Var>& p) {
    std::vector<Var> W(p.begin(), p.begin() + shape_.depth);
    u = deep_network(g.constant(X_), W, train_output_ ? p.back() : g.constant(a_), shape_);
    return 0.5 * ad::square(u - g.constant(y_));
  }, Sum::finite, mode);
  set_output(u);
}

DeepNetwork DeepNetwork::random(Index n, Index d, NetworkShape shape, std::uint64_t seed, bool train_output) {
  if (n < 1 || d < 1) throw std::invalid_argument("DeepNetwork::random: need n, d ≥ 1");
  Rng rng(seed);
  Matrix X = sphere_rows(n, d, rng);
  Vector y = gaussian(n, 1, rng);
  Vector a = gaussian(shape.width, 1, rng);
  return DeepNetwork(X, y, shape, a, train_output);
}

Vector DeepNetwork::initial_point(std::uint64_t seed) const {
  Rng rng(seed);
  std::vector<Matrix> parts;
  for (const Block& b : blocks()) parts.push_back(gaussian(b.rows, b.cols, rng));
  if (train_output_) parts.back() = a_;
  return flatten(parts);
}

QuadraticNetwork::QuadraticNetwork(Matrix X, Vector y, Vector v, ad::Mode mode) : X_(std::move(X)), y_(std::move(y)), v_(std::move(v)) {
  check_samples("QuadraticNetwork", X_, y_);
  if (v_.size() == 0) throw std::invalid_argument("QuadraticNetwork: no hidden units (v is empty)");
  Var u;
  trace({{v_.size(), X_.cols()}}, [&](ad::Graph& g, const std::vector<Var>& W) {
    u = quadratic_network(g.constant(X_), W[0], g.constant(v_));
    return 0.5 * ad::square(u - g.constant(y_));
  }, Sum::finite, mode);
  set_output(u);
}

QuadraticNetwork QuadraticNetwork::random(Index n, Index d, Index k, std::uint64_t seed) {
  if (n < 1 || d < 1 || k < 1) throw std::invalid_argument("QuadraticNetwork::random: need n, d, k ≥ 1");
  Rng rng(seed);
  Matrix X = gaussian(n, d, rng, 1.0 / std::sqrt(static_cast<double>(d)));
  Vector y = gaussian(n, 1, rng);
  Vector v(k);
  for (Index j = 0; j < k; ++j) v(j) = j < (k + 1) / 2 ? 1.0 : -1.0;
  return QuadraticNetwork(X, y, v);
}

std::optional<Vector> QuadraticNetwork::known_optimum() const {
  const Index n = X_.rows(), d = X_.cols();
  // x_iᵀ M x_i = Σ_{a≤b} c_ab M_ab x_ia x_ib (c = 1 on the diagonal, 2 off it): a linear system.
  Matrix Phi(n, d * (d + 1) / 2);
  for (Index i = 0; i < n; ++i)
    for (Index a = 0, col = 0; a < d; ++a)
      for (Index b = a; b < d; ++b) Phi(i, col++) = (a == b ? 1.0 : 2.0) * X_(i, a) * X_(i, b);
  Vector m = Phi.completeOrthogonalDecomposition().solve(y_);
  if ((Phi * m - y_).norm() > 1e-9 * std::max(1.0, y_.norm())) return std::nullopt;
  Matrix M(d, d);
  for (Index a = 0, col = 0; a < d; ++a)
    for (Index b = a; b < d; ++b) M(a, b) = M(b, a) = m(col++);
  // M = Σ λ_j q_j q_jᵀ: each λ_j goes to a unit of the same sign, w = √(λ_j / v) q_j.
  Eigen::SelfAdjointEigenSolver<Matrix> eig(M);
  Matrix W = Matrix::Zero(v_.size(), d);
  std::vector<bool> used(v_.size(), false);
  for (Index j = 0; j < d; ++j) {
    const double lambda = eig.eigenvalues()(j);
    if (lambda == 0) continue;
    Index unit = 0;
    while (unit < v_.size() && (used[unit] || v_(unit) * lambda <= 0)) ++unit;
    if (unit == v_.size()) return std::nullopt;
    used[unit] = true;
    W.row(unit) = std::sqrt(lambda / v_(unit)) * eig.eigenvectors().col(j).transpose();
  }
  return Vector(W.reshaped());
}

}  // namespace fdl::problems
