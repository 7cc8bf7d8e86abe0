#include "fdl/ad/losses.hpp"

#include <cmath>

namespace fdl::ad {
namespace {

void check_same_shape(const char* loss, Var z, Var y) {
  if (z.rows() != y.rows() || z.cols() != y.cols())
    throw ShapeError(std::string(loss) + ": predictions " + shape_string(z) + " and labels " + shape_string(y) +
                     " differ in shape");
}

Var margins(const char* loss, Var z, Var y) {  // u = −y ⊙ z
  check_same_shape(loss, z, y);
  return -(y * z);
}

double log_count(Var z) { return std::log(static_cast<double>(z.rows() * z.cols())); }

}  // namespace

Var squared_loss(Var z, Var y) {
  check_same_shape("squared_loss", z, y);
  return 0.5 * mean(square(z - y));
}

Var logistic_loss(Var z, Var y) { return mean(softplus(margins("logistic_loss", z, y))); }
Var exponential_loss(Var z, Var y) { return mean(exp(margins("exponential_loss", z, y))); }
Var hinge_loss(Var z, Var y) { return mean(relu(1.0 + margins("hinge_loss", z, y))); }

Var log_logistic_loss(Var z, Var y) {
  return logsumexp(log_softplus(margins("log_logistic_loss", z, y))) - log_count(z);
}

Var log_exponential_loss(Var z, Var y) { return logsumexp(margins("log_exponential_loss", z, y)) - log_count(z); }

Var softmax_cross_entropy(Var z, const std::vector<int>& labels) {
  const Index n = z.rows(), k = z.cols();
  if (static_cast<Index>(labels.size()) != n)
    throw ShapeError("softmax_cross_entropy: " + std::to_string(labels.size()) + " labels for " + std::to_string(n) +
                     " rows of logits " + shape_string(z));
  std::vector<Index> picked(labels.size());
  for (Index i = 0; i < n; ++i) {
    if (labels[i] < 0 || labels[i] >= k)
      throw std::out_of_range("softmax_cross_entropy: label " + std::to_string(labels[i]) + " of row " +
                              std::to_string(i) + " is not a class in [0, " + std::to_string(k) + ")");
    picked[i] = i + static_cast<Index>(labels[i]) * n;
  }
  return mean(logsumexp(z, Axis::rows)) - mean(gather(z, picked, n, 1));
}

}  // namespace fdl::ad
