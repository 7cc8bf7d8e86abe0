// R replicas of a ShallowRelu problem, one GD step of all as one computation
// (include/fdl/problems/shallow_relu_batch.hpp states the rule), chunk by chunk of replicas.
#include "fdl/problems/shallow_relu_batch.hpp"

#include "fdl/ad/gemm.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace fdl::problems {

template <class Scalar>
ShallowReluBatch<Scalar>::ShallowReluBatch(const ShallowRelu& problem, const std::vector<Vector>& points,
                                           const std::vector<Vector>& output_weights)
    : X_(problem.X().cast<Scalar>()),
      y_(problem.y().cast<Scalar>()),
      replicas_(static_cast<Index>(points.size())),
      n_(problem.X().rows()),
      d_(problem.X().cols()),
      m_(problem.width()),
      train_output_(problem.trains_output()) {
  const std::string where = "ShallowReluBatch: ";
  if (points.empty()) throw std::invalid_argument(where + "no replicas");
  if (problem.mode() != ad::Mode::conventional)
    throw std::invalid_argument(where + "only Mode::conventional (relu'(0) = 0) is batched");
  if (!output_weights.empty()) {
    if (train_output_) throw std::invalid_argument(where + "output weights given, but the problem trains its output layer");
    if (output_weights.size() != points.size())
      throw std::invalid_argument(where + std::to_string(output_weights.size()) + " output-weight vectors for " +
                                  std::to_string(points.size()) + " replicas");
    for (const Vector& a : output_weights)
      if (a.size() != m_)
        throw std::invalid_argument(where + "output weights of size " + std::to_string(a.size()) + ", width " + std::to_string(m_));
  }
  W_.resize(replicas_ * m_, d_);
  A_.resize(m_, replicas_);
  for (Index r = 0; r < replicas_; ++r) {
    if (points[r].size() != problem.dimension())
      throw std::invalid_argument(where + "point " + std::to_string(r) + " has " + std::to_string(points[r].size()) +
                                  " entries, the problem has dimension " + std::to_string(problem.dimension()));
    W_.middleRows(r * m_, m_) = points[r].head(m_ * d_).reshaped(m_, d_).template cast<Scalar>();
    const Vector& a = train_output_ ? Vector(points[r].tail(m_)) : output_weights.empty() ? problem.output_weights() : output_weights[r];
    A_.col(r) = a.template cast<Scalar>();
  }
  H_.resize(n_, replicas_ * m_);
  gW_.resize(replicas_ * m_, d_);
  gA_.resize(m_, replicas_);
  e_.resize(n_);
  // Replicas per chunk: a chunk's H (n × chunk·m entries) stays within ~256 KiB, in L2 between
  // its products and its passes (one product of all replicas streams H through memory: 1.5×
  // slower at (100, 10, 100), R = 64).
  chunk_ = std::clamp<Index>(Index(262144 / sizeof(Scalar)) / (n_ * m_), 1, replicas_);
  // In float64, also keep a chunk's products (count·n·m·d multiply-adds) below kBlasThreshold,
  // in gemm's register-tiled kernels: 1.9× OpenBLAS on the small net's products (docs/performance.md).
  if constexpr (std::is_same_v<Scalar, double>)
    chunk_ = std::clamp<Index>(Index((ad::kBlasThreshold - 1) / double(n_ * m_ * d_)), 1, chunk_);
  G_.resize(d_, chunk_ * m_);
  values_.resize(replicas_);
}

template <class Scalar>
ShallowReluBatch<Scalar> ShallowReluBatch<Scalar>::from_seeds(const ShallowRelu& problem, const std::vector<std::uint64_t>& seeds) {
  std::vector<Vector> points;
  points.reserve(seeds.size());
  for (std::uint64_t seed : seeds) points.push_back(problem.initial_point(seed));
  return ShallowReluBatch(problem, points);
}

namespace {

// C (rows×cols, leading dimension ldc) = op(A) op(B) on raw column-major blocks by fdl's gemm:
// in float64 its small kernels below kBlasThreshold; above, and in float32, Eigen's blocked GEMM
// or OpenBLAS, whichever is faster here (fdl/ad/gemm.hpp).
template <class Scalar>
void product(bool ta, bool tb, Index rows, Index cols, Index inner, const Scalar* a, Index lda, const Scalar* b,
             Index ldb, Scalar* c, Index ldc) {
  auto t = [](bool x) { return x ? ad::Trans::yes : ad::Trans::no; };
  ad::gemm(rows, cols, inner, a, lda, t(ta), b, ldb, t(tb), c, ldc, ad::Accumulate::no);
}

}  // namespace

template <class Scalar>
const Vector& ShallowReluBatch<Scalar>::evaluate() {
  const Scalar s = Scalar(1) / std::sqrt(Scalar(m_)), inv_n = Scalar(1) / Scalar(n_);
  const Index ld_w = replicas_ * m_;
  for (Index first = 0; first < replicas_; first += chunk_) {
    const Index count = std::min(chunk_, replicas_ - first), cols = count * m_;
    auto Hc = H_.middleCols(first * m_, cols);
    // H_c = X W_cᵀ (n × count·m); relu(H) is read on the fly, and [H > 0] is all H̄ needs of H.
    product(false, true, n_, cols, d_, X_.data(), n_, W_.data() + first * m_, ld_w, Hc.data(), n_);
    for (Index r = first; r < first + count; ++r) {
      auto R = H_.middleCols(r * m_, m_);  // H_r, then H̄_r
      e_.setZero();                        // e_r = relu(H_r) a_r s − y, swept down the columns
      for (Index k = 0; k < m_; ++k) e_ += A_(k, r) * R.col(k).cwiseMax(Scalar(0));
      e_ = s * e_ - y_;
      values_[r] = 0.5 * double(inv_n) * double(e_.squaredNorm());
      e_ *= inv_n;  // ē_r
      // Column by column (each then in L1): ∇a_r[k] = s relu(H_r[:, k])ᵀ ē_r, and
      // H̄_r[:, k] = s a_r[k] ē_r ⊙ [H_r[:, k] > 0], branch-free (vectorized).
      for (Index k = 0; k < m_; ++k) {
        gA_(k, r) = s * R.col(k).cwiseMax(Scalar(0)).dot(e_);
        Scalar* h = R.col(k).data();
        const Scalar c = s * A_(k, r);
        for (Index i = 0; i < n_; ++i) h[i] = Scalar(h[i] > Scalar(0)) * (c * e_[i]);
      }
    }
    // ∇W_c = (Xᵀ H̄_c)ᵀ (count·m × d): the product with d rows (the kernels' good side), then
    // written down ∇W's columns.
    product(true, false, d_, cols, n_, X_.data(), n_, Hc.data(), n_, G_.data(), d_);
    gW_.middleRows(first * m_, cols) = G_.leftCols(cols).transpose();
  }
  return values_;
}

template <class Scalar>
const Vector& ShallowReluBatch<Scalar>::step(double eta) {
  evaluate();
  W_ -= Scalar(eta) * gW_;
  if (train_output_) A_ -= Scalar(eta) * gA_;
  return values_;
}

template <class Scalar>
Vector ShallowReluBatch<Scalar>::point(Index r) const {
  Vector w(train_output_ ? m_ * d_ + m_ : m_ * d_);
  w.head(m_ * d_) = W_.middleRows(r * m_, m_).reshaped().template cast<double>();
  if (train_output_) w.tail(m_) = A_.col(r).template cast<double>();
  return w;
}

template <class Scalar>
Vector ShallowReluBatch<Scalar>::gradient(Index r) const {
  Vector g(train_output_ ? m_ * d_ + m_ : m_ * d_);
  g.head(m_ * d_) = gW_.middleRows(r * m_, m_).reshaped().template cast<double>();
  if (train_output_) g.tail(m_) = gA_.col(r).template cast<double>();
  return g;
}

template class ShallowReluBatch<double>;
template class ShallowReluBatch<float>;

}  // namespace fdl::problems
