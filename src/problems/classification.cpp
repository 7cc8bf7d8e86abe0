#include "fdl/problems/classification.hpp"

#include <cmath>
#include <string>

namespace fdl::problems {
namespace {

// The circulant matrix of a: C(a) b = a ⊛ b, C(a)_{jk} = a_{(j−k) mod d}.
Var circulant(Var a) {
  const Index d = a.rows();
  std::vector<Index> index(d * d);
  for (Index k = 0; k < d; ++k)
    for (Index j = 0; j < d; ++j) index[j + d * k] = ((j - k) % d + d) % d;
  return ad::gather(a, index, d, d);
}

}  // namespace

SeparableClassification::SeparableClassification(Matrix X, Vector y, ClassificationLoss loss, Predictor predictor, int depth,
                                                 ad::Mode mode)
    : X_(std::move(X)), y_(std::move(y)), loss_(loss), predictor_(predictor), depth_(depth), classes_(2) {
  const std::string where = "SeparableClassification: ";
  if (X_.rows() == 0 || X_.cols() == 0) throw std::invalid_argument(where + "X is empty");
  if (y_.size() != X_.rows())
    throw std::invalid_argument(where + "y has " + std::to_string(y_.size()) + " labels, X has " + std::to_string(X_.rows()) + " rows");
  if (depth_ < 1) throw std::invalid_argument(where + "depth must be ≥ 1, got " + std::to_string(depth_));
  if (loss_ == ClassificationLoss::cross_entropy) {
    if (predictor_ != Predictor::linear || depth_ != 1)
      throw std::invalid_argument(where + "cross-entropy takes the linear predictor only");
    for (Index i = 0; i < y_.size(); ++i)
      if (y_(i) < 0 || y_(i) != std::floor(y_(i)))
        throw std::invalid_argument(where + "label " + std::to_string(y_(i)) + " of sample " + std::to_string(i) +
                                    " is not a class index 0, 1, …");
    classes_ = static_cast<Index>(y_.maxCoeff()) + 1;
    if (classes_ < 2) throw std::invalid_argument(where + "cross-entropy needs at least two classes");
  } else {
    for (Index i = 0; i < y_.size(); ++i)
      if (y_(i) != 1.0 && y_(i) != -1.0)
        throw std::invalid_argument(where + "label " + std::to_string(y_(i)) + " of sample " + std::to_string(i) + " is not ±1");
  }
  trace(parameter_blocks(), [&](ad::Graph& g, const std::vector<Var>& theta) {
    Var u = trace_u(g, theta);
    return loss_ == ClassificationLoss::exponential ? ad::exp(u) : ad::softplus(u);
  }, Sum::finite, mode);
  log_ = std::make_unique<GraphObjective>(parameter_blocks(), [&](ad::Graph& g, const std::vector<Var>& theta) {
    Var u = trace_u(g, theta);
    Var log_l = loss_ == ClassificationLoss::exponential ? u : ad::log_softplus(u);
    return ad::logsumexp(log_l) - std::log(static_cast<double>(X_.rows()));
  }, Sum::single, mode);
}

std::vector<Block> SeparableClassification::parameter_blocks() const {
  const Index d = X_.cols();
  if (loss_ == ClassificationLoss::cross_entropy) return {{d, classes_}};
  std::vector<Block> blocks;
  for (int l = 1; l < depth_; ++l) blocks.push_back(predictor_ == Predictor::fully_connected ? Block{d, d} : Block{d, 1});
  blocks.push_back({d, 1});
  return blocks;
}

Var SeparableClassification::trace_predictor(ad::Graph&, const std::vector<Var>& theta) const {
  Var beta = theta.back();
  for (std::size_t l = theta.size() - 1; l-- > 0;)
    beta = predictor_ == Predictor::fully_connected ? ad::matmul(theta[l], beta) : ad::matmul(circulant(theta[l]), beta);
  return beta;
}

Var SeparableClassification::trace_u(ad::Graph& g, const std::vector<Var>& theta) const {
  Var z = ad::matmul(g.constant(X_), trace_predictor(g, theta));
  const Index n = X_.rows();
  if (loss_ != ClassificationLoss::cross_entropy) return -(g.constant(y_) * z);
  // u_i = logsumexp_{k≠y_i}(z_ik − z_iy_i): gather the other classes' scores and the label's.
  std::vector<Index> others, label;
  for (Index k = 0, K = classes_; k + 1 < K; ++k)
    for (Index i = 0; i < n; ++i) others.push_back(i + n * (k < y_(i) ? k : k + 1));
  for (Index i = 0; i < n; ++i) label.push_back(i + n * static_cast<Index>(y_(i)));
  Var diff = ad::gather(z, others, n, classes_ - 1) - ad::gather(z, label, n, 1);
  return ad::logsumexp(diff, ad::Axis::rows);
}

Vector SeparableClassification::predictor(const Vector& theta) const {
  std::vector<Matrix> parts = log_->unflatten(theta);
  ad::Graph g;
  std::vector<Var> vars;
  for (const Matrix& p : parts) vars.push_back(g.constant(p));
  return trace_predictor(g, vars).value().reshaped();
}

double SeparableClassification::normalized_margin(const Vector& theta) const {
  if (loss_ == ClassificationLoss::cross_entropy) throw std::logic_error("normalized_margin: binary labels only");
  Vector beta = predictor(theta);
  return (y_.array() * (X_ * beta).array()).minCoeff() / beta.norm();
}

SeparableData separable_data(Index n, Index d, double margin, std::uint64_t seed, Index classes) {
  if (n < 2 || d < 1 || classes < 2 || margin < 0)
    throw std::invalid_argument("separable_data: need n ≥ 2, d ≥ 1, classes ≥ 2, margin ≥ 0");
  if (margin > 2.0 + std::sqrt(static_cast<double>(d)))
    throw std::invalid_argument("separable_data: margin " + std::to_string(margin) + " is too large to sample (keep it ≲ 1)");
  Rng rng(seed);
  SeparableData data{Matrix(n, d), Vector(n), Matrix()};
  if (classes == 2) {
    data.direction = gaussian(d, 1, rng);
    data.direction.normalize();
  } else {
    data.direction = gaussian(d, classes, rng);
  }
  for (Index i = 0; i < n;) {
    Eigen::RowVectorXd x = gaussian(1, d, rng);
    Eigen::RowVectorXd scores = x * data.direction;
    if (classes == 2) {
      if (std::abs(scores(0)) < margin) continue;
      data.y(i) = scores(0) > 0 ? 1.0 : -1.0;
    } else {
      Index top;
      double best = scores.maxCoeff(&top);
      scores(top) = -INFINITY;
      if (best - scores.maxCoeff() < margin) continue;
      data.y(i) = static_cast<double>(top);
    }
    data.X.row(i++) = x;
  }
  if (classes == 2 && std::abs(data.y.sum()) == static_cast<double>(n)) {  // one class only: mirror the last point
    data.X.row(n - 1) *= -1.0;
    data.y(n - 1) *= -1.0;
  }
  return data;
}

SeparableData soudry_fig1_data(std::uint64_t seed) {
  Rng rng(seed);
  Matrix X(16, 2);
  Vector y(16);
  X.topRows(4) << 0.5, 1.5, 1.5, 0.5, -0.5, -1.5, -1.5, -0.5;
  y.head(4) << 1, 1, -1, -1;
  for (Index i = 4; i < 16;) {
    Eigen::RowVector2d x = gaussian(1, 2, rng).array() + 2.5;
    if (x.sum() < 2.5) continue;
    const double label = i < 10 ? 1.0 : -1.0;
    X.row(i) = label * x;
    y(i++) = label;
  }
  return {X, y, Matrix(Vector::Constant(2, 1.0 / std::sqrt(2.0)))};
}

Vector soudry_fig1_svm() { return Vector::Constant(2, 0.5); }

}  // namespace fdl::problems
