// R replicas of a ShallowRelu problem, one GD step of all as one computation
// (include/fdl/problems/shallow_relu_batch.hpp states the rule), chunk by chunk of replicas.
#include "fdl/problems/shallow_relu_batch.hpp"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace fdl::problems {

ShallowReluBatch::ShallowReluBatch(const ShallowRelu& problem, const std::vector<Vector>& points)
    : X_(problem.X()),
      y_(problem.y()),
      replicas_(static_cast<Index>(points.size())),
      n_(problem.X().rows()),
      d_(problem.X().cols()),
      m_(problem.width()),
      train_output_(problem.trains_output()) {
  const std::string where = "ShallowReluBatch: ";
  if (points.empty()) throw std::invalid_argument(where + "no replicas");
  if (problem.mode() != ad::Mode::conventional)
    throw std::invalid_argument(where + "only Mode::conventional (relu'(0) = 0) is batched");
  W_.resize(replicas_ * m_, d_);
  A_.resize(m_, replicas_);
  for (Index r = 0; r < replicas_; ++r) {
    if (points[r].size() != problem.dimension())
      throw std::invalid_argument(where + "point " + std::to_string(r) + " has " + std::to_string(points[r].size()) +
                                  " entries, the problem has dimension " + std::to_string(problem.dimension()));
    W_.middleRows(r * m_, m_) = points[r].head(m_ * d_).reshaped(m_, d_);
    A_.col(r) = train_output_ ? Vector(points[r].tail(m_)) : problem.output_weights();
  }
  H_.resize(n_, replicas_ * m_);
  gW_.resize(replicas_ * m_, d_);
  gA_.resize(m_, replicas_);
  e_.resize(n_);
  // Replicas per chunk: a chunk's H (n × chunk·m doubles) stays within ~256 KiB, in L2 between
  // its products and its passes (one product of all replicas streams H through memory: 1.5×
  // slower at (100, 10, 100), R = 64).
  chunk_ = std::clamp<Index>(32768 / (n_ * m_), 1, replicas_);
  values_.resize(replicas_);
}

ShallowReluBatch ShallowReluBatch::from_seeds(const ShallowRelu& problem, const std::vector<std::uint64_t>& seeds) {
  std::vector<Vector> points;
  points.reserve(seeds.size());
  for (std::uint64_t seed : seeds) points.push_back(problem.initial_point(seed));
  return ShallowReluBatch(problem, points);
}

// C (rows×cols, leading dimension ldc) = op(A) op(B) on raw column-major blocks (OpenBLAS).
void product(bool ta, bool tb, Index rows, Index cols, Index inner, const double* a, Index lda, const double* b,
             Index ldb, double* c, Index ldc) {
  cblas_dgemm(CblasColMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, static_cast<int>(rows),
              static_cast<int>(cols), static_cast<int>(inner), 1.0, a, static_cast<int>(lda), b, static_cast<int>(ldb),
              0.0, c, static_cast<int>(ldc));
}

const Vector& ShallowReluBatch::evaluate() {
  const double s = 1.0 / std::sqrt(static_cast<double>(m_)), inv_n = 1.0 / static_cast<double>(n_);
  const Index ld_w = replicas_ * m_;
  for (Index first = 0; first < replicas_; first += chunk_) {
    const Index count = std::min(chunk_, replicas_ - first), cols = count * m_;
    auto Hc = H_.middleCols(first * m_, cols);
    // H_c = X W_cᵀ (n × count·m), then relu in place: [relu(H) > 0] = [H > 0] is all H̄ needs of H.
    product(false, true, n_, cols, d_, X_.data(), n_, W_.data() + first * m_, ld_w, Hc.data(), n_);
    Hc = Hc.cwiseMax(0.0);
    for (Index r = first; r < first + count; ++r) {
      auto R = H_.middleCols(r * m_, m_);  // relu(H_r), then H̄_r
      e_.noalias() = R * A_.col(r);        // e_r = relu(H_r) a_r s − y
      e_ = s * e_ - y_;
      values_[r] = 0.5 * inv_n * e_.squaredNorm();
      e_ *= inv_n;                                // ē_r
      gA_.col(r).noalias() = R.transpose() * e_;  // ∇a_r = s relu(H_r)ᵀ ē_r
      gA_.col(r) *= s;
      for (Index k = 0; k < m_; ++k) {  // H̄_r = s (ē_r a_rᵀ) ⊙ [H_r > 0], branch-free (vectorized)
        double* h = R.col(k).data();
        const double c = s * A_(k, r);
        for (Index i = 0; i < n_; ++i) h[i] = static_cast<double>(h[i] > 0.0) * (c * e_[i]);
      }
    }
    // ∇W_c = H̄_cᵀ X (count·m × d)
    product(true, false, cols, d_, n_, Hc.data(), n_, X_.data(), n_, gW_.data() + first * m_, ld_w);
  }
  return values_;
}

const Vector& ShallowReluBatch::step(double eta) {
  evaluate();
  W_ -= eta * gW_;
  if (train_output_) A_ -= eta * gA_;
  return values_;
}

Vector ShallowReluBatch::point(Index r) const {
  Vector w(train_output_ ? m_ * d_ + m_ : m_ * d_);
  w.head(m_ * d_) = W_.middleRows(r * m_, m_).reshaped();
  if (train_output_) w.tail(m_) = A_.col(r);
  return w;
}

Vector ShallowReluBatch::gradient(Index r) const {
  Vector g(train_output_ ? m_ * d_ + m_ : m_ * d_);
  g.head(m_ * d_) = gW_.middleRows(r * m_, m_).reshaped();
  if (train_output_) g.tail(m_) = gA_.col(r);
  return g;
}

}  // namespace fdl::problems
