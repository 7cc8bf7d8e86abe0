// Elementwise primitives. Each is a small struct stating the function and its derivatives side
// by side; the two templates below turn such a struct into an op.
//
// A unary op y = f(x) stores the slope s = f'(x) of its (selected) piece in the forward pass:
//   tangent  ẏ = s ⊙ ẋ      backward  x̄ += s ⊙ ȳ      curvature  x̄' += ȳ ⊙ f''(x) ⊙ ẋ
// A binary op y = f(a, b) stores its partials (p_a, p_b):
//   tangent  ẏ = p_a ⊙ ȧ + p_b ⊙ ḃ      backward  ā += p_a ⊙ ȳ,  b̄ += p_b ⊙ ȳ (summed over broadcast)
//   curvature  ā' += ȳ ⊙ (f_aa ȧ + f_ab ḃ),  b̄' += ȳ ⊙ (f_ab ȧ + f_bb ḃ)
// Higher Taylor coefficients (Graph::coefficient, order k ≤ 3) follow Faà di Bruno's formula.
// Kinked functions choose a piece: conventionally by PyTorch's rule, in Clarke mode by the
// lexicographic sign of the switch's coefficients (value, then order 1, 2, …).
#include "fdl/ad/gemm.hpp"
#include "fdl/ad/ops.hpp"
#include "small_gemm.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace fdl::ad {
namespace {

// ---- one operand -----------------------------------------------------------------------------

struct Affine {  // y = a·x + b
  static constexpr const char* name = "affine";
  static constexpr bool kinked = false, linear = true;
  double a, b;
  double value(double x) const { return a * x + b; }
  double slope(double, double) const { return a; }
  double second(double, double) const { return 0.0; }
  double third(double, double) const { return 0.0; }
};

struct Exp {  // y = eˣ, y' = y, y'' = y
  static constexpr const char* name = "exp";
  static constexpr bool kinked = false, linear = false;
  double value(double x) const { return std::exp(x); }
  double slope(double, double y) const { return y; }
  double second(double, double y) const { return y; }
  double third(double, double y) const { return y; }
};

struct Log {  // y = log x, y' = 1/x, y'' = −1/x²
  static constexpr const char* name = "log";
  static constexpr bool kinked = false, linear = false;
  double value(double x) const { return std::log(x); }
  double slope(double x, double) const { return 1.0 / x; }
  double second(double x, double) const { return -1.0 / (x * x); }
  double third(double x, double) const { return 2.0 / (x * x * x); }
};

struct Log1p {  // y = log(1 + x), y' = 1/(1 + x), y'' = −1/(1 + x)²
  static constexpr const char* name = "log1p";
  static constexpr bool kinked = false, linear = false;
  double value(double x) const { return std::log1p(x); }
  double slope(double x, double) const { return 1.0 / (1.0 + x); }
  double second(double x, double) const { return -1.0 / ((1.0 + x) * (1.0 + x)); }
  double third(double x, double) const { return 2.0 / ((1.0 + x) * (1.0 + x) * (1.0 + x)); }
};

struct Sqrt {  // y = √x, y' = 1/(2y), y'' = −1/(4y³)
  static constexpr const char* name = "sqrt";
  static constexpr bool kinked = false, linear = false;
  double value(double x) const { return std::sqrt(x); }
  double slope(double, double y) const { return 0.5 / y; }
  double second(double, double y) const { return -0.25 / (y * y * y); }
  double third(double, double y) const { return 0.375 / (y * y * y * y * y); }
};

struct Square {  // y = x², y' = 2x, y'' = 2
  static constexpr const char* name = "square";
  static constexpr bool kinked = false, linear = false;
  double value(double x) const { return x * x; }
  double slope(double x, double) const { return 2.0 * x; }
  double second(double, double) const { return 2.0; }
  double third(double, double) const { return 0.0; }
};

struct Pow {  // y = xᵖ, y' = p xᵖ⁻¹, y'' = p(p−1) xᵖ⁻²
  static constexpr const char* name = "pow";
  static constexpr bool kinked = false, linear = false;
  double p;
  double value(double x) const { return std::pow(x, p); }
  double slope(double x, double) const { return p == 0.0 ? 0.0 : p * std::pow(x, p - 1.0); }
  double second(double x, double) const {
    return (p == 0.0 || p == 1.0) ? 0.0 : p * (p - 1.0) * std::pow(x, p - 2.0);
  }
  double third(double x, double) const {
    return (p == 0.0 || p == 1.0 || p == 2.0) ? 0.0 : p * (p - 1.0) * (p - 2.0) * std::pow(x, p - 3.0);
  }
};

struct Tanh {  // y = tanh x, y' = 1 − y², y'' = −2y(1 − y²)
  static constexpr const char* name = "tanh";
  static constexpr bool kinked = false, linear = false;
  double value(double x) const { return std::tanh(x); }
  double slope(double, double y) const { return 1.0 - y * y; }
  double second(double, double y) const { return -2.0 * y * (1.0 - y * y); }
  double third(double, double y) const { return (1.0 - y * y) * (6.0 * y * y - 2.0); }
};

double logistic(double x) {  // σ(x) without overflow
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  double t = std::exp(x);
  return t / (1.0 + t);
}

struct Sigmoid {  // y = σ(x), y' = y(1 − y), y'' = y(1 − y)(1 − 2y)
  static constexpr const char* name = "sigmoid";
  static constexpr bool kinked = false, linear = false;
  double value(double x) const { return logistic(x); }
  double slope(double, double y) const { return y * (1.0 - y); }
  double second(double, double y) const { return y * (1.0 - y) * (1.0 - 2.0 * y); }
  double third(double, double y) const { return y * (1.0 - y) * (1.0 - 6.0 * y + 6.0 * y * y); }
};

// log1p(e) for 0 ≤ e ≤ 1 without a libm call: log1p(e) = 2 atanh(s) = 2s Σ_k s^{2k}/(2k + 1),
// s = e/(2 + e) ≤ 1/3. Sixteen terms leave a remainder below (1/9)^16/33 ≈ 2e-17 of the sum, so
// the result is within a few ulps of log1p, tiny e included (s is e/2 to an ulp).
inline double log1p_unit(double e) {
  const double s = e / (2.0 + e), t = s * s;
  double p = 1.0 / 31.0;
  for (int k = 14; k >= 0; --k) p = p * t + 1.0 / (2 * k + 1);
  return 2.0 * s * p;
}

struct Softplus {  // y = log(1 + eˣ), y' = σ(x), y'' = σ(x)(1 − σ(x))
  static constexpr const char* name = "softplus";
  static constexpr bool kinked = false, linear = false;
  double value(double x) const { return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x))); }
  // Both with one exp, e = e^{−|x|}: y = max(x, 0) + log1p(e), y' = (x ≥ 0 ? 1 : e)/(1 + e)
  // (the same numbers as value() and logistic()).
  double value_and_slope(double x, double& slope) const {
    const double e = std::exp(-std::abs(x));
    slope = (x >= 0 ? 1.0 : e) / (1.0 + e);
    return std::max(x, 0.0) + std::log1p(e);
  }
  // The same over a whole array in SIMD: e by Eigen's vectorized exp, log1p(e) by log1p_unit
  // (a plain loop the compiler vectorizes; libm's log1p is a call per entry). Entries with
  // |x| > 708 (where Eigen's exp clamps instead of underflowing), ±∞ and NaN take the scalar
  // path, so every value is value_and_slope's to a few ulps (tested).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"  // GCC 12's AVX-512 intrinsics (_mm512_undefined_pd)
  void values_and_slopes(const Matrix& x, Matrix& y, Matrix& slope) const {
    slope.array() = (-x.array().abs()).exp();  // e = e^{−|x|}, overwritten by the slope
    const Index n = x.size();
    const double* xv = x.data();
    double* yv = y.data();
    double* sv = slope.data();
    for (Index i = 0; i < n; ++i) {
      const double e = sv[i];
      yv[i] = std::max(xv[i], 0.0) + log1p_unit(e);
      sv[i] = (xv[i] >= 0.0 ? 1.0 : e) / (1.0 + e);
    }
    for (Index i = 0; i < n; ++i)
      if (!(std::abs(xv[i]) <= 708.0)) yv[i] = value_and_slope(xv[i], sv[i]);
  }
#pragma GCC diagnostic pop
  double slope(double x, double) const { return logistic(x); }
  double second(double x, double) const {
    double s = logistic(x);
    return s * (1.0 - s);
  }
  double third(double x, double) const {
    double s = logistic(x);
    return s * (1.0 - s) * (1.0 - 2.0 * s);
  }
};

// y = log softplus(x). For x < −20, with t = eˣ: softplus = t(1 − t/2 + t²/3 − …), so
// y = x + log1p(−t/2 + t²/3) and y' = σ/softplus = 1/((1 + t)(1 − t/2 + t²/3)); y stays finite
// (≈ x) where softplus(x) underflows. y'' = y'(1 − σ − y'), y''' = y''(1 − σ − y') − y'(σ(1 − σ) + y'').
struct LogSoftplus {
  static constexpr const char* name = "log_softplus";
  static constexpr bool kinked = false, linear = false;
  double value(double x) const {
    if (x < -20.0) {
      double t = std::exp(x);
      return x + std::log1p(-0.5 * t + t * t / 3.0);
    }
    return std::log(Softplus{}.value(x));
  }
  double slope(double x, double) const {
    if (x < -20.0) {
      double t = std::exp(x);
      return 1.0 / ((1.0 + t) * (1.0 - 0.5 * t + t * t / 3.0));
    }
    return logistic(x) / Softplus{}.value(x);
  }
  double second(double x, double y) const {
    if (x < -20.0) return -0.5 * std::exp(x);  // leading term of y'(1 − σ − y')
    double g = slope(x, y);
    return g * (1.0 - logistic(x) - g);
  }
  double third(double x, double y) const {
    if (x < -20.0) return -0.5 * std::exp(x);
    double g = slope(x, y), s = logistic(x), g2 = second(x, y);
    return g2 * (1.0 - s - g) - g * (s * (1.0 - s) + g2);
  }
};

struct Relu {  // y = max(x, 0); pieces x (x > 0) and 0; PyTorch: relu'(0) = 0
  static constexpr const char* name = "relu";
  static constexpr bool kinked = true, linear = false;
  // y' = [y > 0] off the kink: no slope buffer, tangents and backward read y (Clarke mode lists
  // the kinks where it chose the piece x).
  static constexpr bool slope_from_output = true;
  double value(double x) const { return x > 0.0 ? x : 0.0; }
  double slope(double x, double) const { return x > 0.0 ? 1.0 : 0.0; }
  bool at_kink(double x) const { return x == 0.0; }
  double clarke_slope(const double* h, int n, Selection& s) const { return s.lexsign(h, n) > 0 ? 1.0 : 0.0; }
};

struct LeakyRelu {  // y = x (x > 0), αx (x ≤ 0); PyTorch: slope α at 0
  static constexpr const char* name = "leaky_relu";
  static constexpr bool kinked = true, linear = false;
  double alpha;
  double value(double x) const { return x > 0.0 ? x : alpha * x; }
  double slope(double x, double) const { return x > 0.0 ? 1.0 : alpha; }
  bool at_kink(double x) const { return x == 0.0; }
  double clarke_slope(const double* h, int n, Selection& s) const { return s.lexsign(h, n) > 0 ? 1.0 : alpha; }
};

struct Abs {  // y = |x|; pieces ±x; PyTorch: abs'(0) = 0
  static constexpr const char* name = "abs";
  static constexpr bool kinked = true, linear = false;
  double value(double x) const { return std::abs(x); }
  double slope(double x, double) const { return x > 0.0 ? 1.0 : (x < 0.0 ? -1.0 : 0.0); }
  bool at_kink(double x) const { return x == 0.0; }
  double clarke_slope(const double* h, int n, Selection& s) const { return s.lexsign(h, n); }
};

// y = min(max(x, lo), hi); switches x − lo and hi − x; PyTorch 1.13: slope 1 on [lo, hi].
struct Clamp {
  static constexpr const char* name = "clamp";
  static constexpr bool kinked = true, linear = false;
  double lo, hi;
  double value(double x) const { return x < lo ? lo : (x > hi ? hi : x); }
  double slope(double x, double) const { return (x >= lo && x <= hi) ? 1.0 : 0.0; }
  bool at_kink(double x) const { return x == lo || x == hi; }
  double clarke_slope(const double* h, int n, Selection& s) const {  // switches x − lo, hi − x
    double above[kMaxOrder + 1], below[kMaxOrder + 1];
    for (int k = 0; k < n; ++k) above[k] = h[k], below[k] = -h[k];
    above[0] -= lo, below[0] += hi;
    return (s.lexsign(above, n) > 0 && s.lexsign(below, n) > 0) ? 1.0 : 0.0;
  }
};

// Clarke mode's kinks given slope 1 (relu): one bit per entry of a rows × cols matrix, each
// column padded to whole bytes, so that rows 8q … 8q + 7 of column c are byte c·stride + q.
struct SlopeOneBits {
  Index rows = 0, stride = 0;
  std::vector<std::uint8_t> bytes;
  bool any = false;

  void reset(Index r, Index c) {
    rows = r, stride = (r + 7) / 8, any = false;
    bytes.assign(static_cast<std::size_t>(stride * c), 0);
  }
  std::uint8_t* column(Index c) { return bytes.data() + c * stride; }
  void set(Index r, Index c) { column(c)[r / 8] |= std::uint8_t(1u << (r % 8)), any = true; }

  // dst[i] += src(i, r, c) at every listed entry i = r + c·rows of column c (column-major
  // matrices); src gives eight consecutive rows under a mask (AVX-512) or one entry. Column by
  // column, so that a sweep writing dst a column at a time adds them while the column is in cache.
  template <class Src>
  void add_at_column(double* dst, Index c, Src src) const {
    const std::uint8_t* b = bytes.data() + c * stride;
    for (Index q = 0, r = 0, i = c * rows; q < stride; ++q, r += 8, i += 8) {
      if (b[q] == 0) continue;
#if defined(__AVX512F__)
      const __mmask8 m = b[q];
      _mm512_mask_storeu_pd(dst + i, m, _mm512_add_pd(_mm512_maskz_loadu_pd(m, dst + i), src.eight(m, i, r, c)));
#else
      for (unsigned m = b[q]; m != 0; m &= m - 1) {
        const Index k = std::countr_zero(m);
        dst[i + k] += src.one(i + k, r + k, c);
      }
#endif
    }
  }
  template <class Src>
  void add_at(double* dst, Src src) const {
    if (!any) return;
    const Index cols = stride == 0 ? 0 : static_cast<Index>(bytes.size()) / stride;
    for (Index c = 0; c < cols; ++c) add_at_column(dst, c, src);
  }
};

// src(i) = s[i] for SlopeOneBits::add_at
struct Entries {
  const double* s;
#if defined(__AVX512F__)
  __m512d eight(__mmask8 m, Index i, Index, Index) const { return _mm512_maskz_loadu_pd(m, s + i); }
#endif
  double one(Index i, Index, Index) const { return s[i]; }
};

// src(i) = Σ_k u_k[r]·v_k[c] for SlopeOneBits::add_at: the entries of Σ_k u_k v_kᵀ
template <int R>
struct OuterEntries {
  const double *u[R], *v[R];
#if defined(__AVX512F__)
  __m512d eight(__mmask8 m, Index, Index r, Index c) const {
    __m512d sum = _mm512_mul_pd(_mm512_maskz_loadu_pd(m, u[0] + r), _mm512_set1_pd(v[0][c]));
    for (int k = 1; k < R; ++k) sum = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(m, u[k] + r), _mm512_set1_pd(v[k][c]), sum);
    return sum;
  }
#endif
  double one(Index, Index r, Index c) const {
    double sum = 0.0;
    for (int k = 0; k < R; ++k) sum += u[k][r] * v[k][c];
    return sum;
  }
};

// One column of relu's first-order Clarke decision: each kink x = 0 whose first-order
// coefficient d is > 0 takes slope 1 (its bit set in `ones`, the column's bytes); kinks and tied
// (d = 0, or NaN as lexsign counts it) are counted. With AVX-512: eight rows per compare, one
// byte of `ones` each. A column known to be all kinks (`all_kinks`, e.g. a unit whose weights are
// 0) is decided from d alone, without reading x again. Returns whether a kink took slope 1.
bool scan_first_order(const double* x, const double* d, Index rows, bool all_kinks, std::uint8_t* ones, Index& kinks,
                      Index& tied) {
  unsigned any = 0;
#if defined(__AVX512F__)
  const __m512d zero = _mm512_setzero_pd();
  for (Index r = 0; r < rows; r += 8) {
    const __mmask8 in = rows - r >= 8 ? __mmask8(0xFF) : __mmask8((1u << (rows - r)) - 1);
    const __m512d dr = _mm512_maskz_loadu_pd(in, d + r);
    const unsigned kink = all_kinks ? in : _mm512_mask_cmp_pd_mask(in, _mm512_maskz_loadu_pd(in, x + r), zero, _CMP_EQ_OQ);
    const unsigned up = _mm512_mask_cmp_pd_mask(kink, dr, zero, _CMP_GT_OQ);
    const unsigned down = _mm512_mask_cmp_pd_mask(kink, dr, zero, _CMP_LT_OQ);
    kinks += std::popcount(kink);
    tied += std::popcount(kink & ~up & ~down);
    ones[r / 8] = std::uint8_t(up);
    any |= up;
  }
#else
  for (Index r = 0; r < rows; ++r) {  // branch-free
    const bool kink = all_kinks || x[r] == 0.0, up = kink & (d[r] > 0.0);
    ones[r / 8] |= std::uint8_t(unsigned(up) << (r % 8));
    any |= up;
    kinks += kink;
    tied += kink & !(d[r] > 0.0) & !(d[r] < 0.0);
  }
#endif
  return any != 0;
}

// relu's passes over Y carrying a folded product (Graph::fold_product) C = Y b, whose
// matrix-vector products then cost no pass over Y of their own. With AVX-512; full vectors are
// plain loads and stores (a masked load that misses the cache is slow on AMD cores), the last
// rows of a column masked ones.
//
// Forward: y = relu(x) and c = y b. A matrix that fits in L2 (≤ 512 KiB) goes V·8 rows at a time
// with c's rows in registers while the block sweeps the columns (small_gemv's A x, relu applied
// to A's entries as they are loaded and stored); a larger one column by column, streamed once,
// c (in L1) += y_j b_j. Where `kinks` (one per column) is given, also counts each column's
// entries x = 0 (Clarke mode). Returns false where the build has no AVX-512: the caller then
// makes the two passes.
#if defined(__AVX512F__)
inline __mmask8 rows_from(Index r, Index rows) {
  return rows - r >= 8 ? __mmask8(0xFF) : __mmask8((1u << (rows - r)) - 1);
}

inline __m512d relu8(__m512d x) { return _mm512_maskz_mov_pd(_mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_GT_OQ), x); }
inline int zeros8(__mmask8 in, __m512d x) { return std::popcount(unsigned(_mm512_mask_cmp_pd_mask(in, x, _mm512_setzero_pd(), _CMP_EQ_OQ))); }

template <int V>
void relu_times_column_rows(const double* x, double* y, Index rows, Index r0, Index cols, const double* b, double* c,
                            Index* kinks) {
  __mmask8 in[V];
  __m512d acc[V];
  for (int k = 0; k < V; ++k) in[k] = rows_from(r0 + 8 * k, rows), acc[k] = _mm512_setzero_pd();
  for (Index j = 0; j < cols; ++j) {
    const __m512d bj = _mm512_set1_pd(b[j]);
    const Index at = j * rows + r0;
    for (int k = 0; k < V; ++k) {
      const __m512d xv = _mm512_maskz_loadu_pd(in[k], x + at + 8 * k), yv = relu8(xv);
      _mm512_mask_storeu_pd(y + at + 8 * k, in[k], yv);
      acc[k] = _mm512_fmadd_pd(yv, bj, acc[k]);
      if (kinks) kinks[j] += zeros8(in[k], xv);
    }
  }
  for (int k = 0; k < V; ++k) _mm512_mask_storeu_pd(c + r0 + 8 * k, in[k], acc[k]);
}
#endif

bool relu_times_column(const double* x, double* y, Index rows, Index cols, const double* b, double* c, Index* kinks) {
#if defined(__AVX512F__)
  if (kinks) std::fill(kinks, kinks + cols, Index(0));
  if (double(rows) * double(cols) * sizeof(double) <= 512.0 * 1024.0) {
    for (Index r0 = 0; r0 < rows; r0 += 32) {
      const Index vectors = std::min<Index>(4, (rows - r0 + 7) / 8);
      if (vectors == 4) relu_times_column_rows<4>(x, y, rows, r0, cols, b, c, kinks);
      else if (vectors == 3) relu_times_column_rows<3>(x, y, rows, r0, cols, b, c, kinks);
      else if (vectors == 2) relu_times_column_rows<2>(x, y, rows, r0, cols, b, c, kinks);
      else relu_times_column_rows<1>(x, y, rows, r0, cols, b, c, kinks);
    }
    return true;
  }
  for (Index j = 0; j < cols; ++j) {
    const double* xj = x + j * rows;
    double* yj = y + j * rows;
    const __m512d bj = _mm512_set1_pd(b[j]);
    auto eight = [&](Index r, __m512d yv) { return j == 0 ? _mm512_mul_pd(yv, bj) : _mm512_fmadd_pd(yv, bj, _mm512_loadu_pd(c + r)); };
    Index r = 0, zeros = 0;
    for (; r + 8 <= rows; r += 8) {
      const __m512d xv = _mm512_loadu_pd(xj + r), yv = relu8(xv);
      _mm512_storeu_pd(yj + r, yv);
      _mm512_storeu_pd(c + r, eight(r, yv));
      if (kinks) zeros += zeros8(0xFF, xv);
    }
    if (r < rows) {
      const __mmask8 in = rows_from(r, rows);
      const __m512d xv = _mm512_maskz_loadu_pd(in, xj + r), yv = relu8(xv);
      _mm512_mask_storeu_pd(yj + r, in, yv);
      const __m512d cv = j == 0 ? _mm512_mul_pd(yv, bj) : _mm512_fmadd_pd(yv, bj, _mm512_maskz_loadu_pd(in, c + r));
      _mm512_mask_storeu_pd(c + r, in, cv);
      if (kinks) zeros += zeros8(in, xv);
    }
    if (kinks) kinks[j] = zeros;
  }
  return true;
#else
  return false;
#endif
}

// The tangent pass over Y carrying the folded product's tangent: ẏ = [y > 0] ⊙ ẋ and
// ċ = Ẏ b + Y ḃ (ḃ null: b a constant, ċ = Ẏ b), in row blocks with ċ's rows in registers (≤ 512 KiB)
// or column by column with ċ in L1, as relu_times_column. Returns false where the build has no
// AVX-512.
#if defined(__AVX512F__)
template <int V>
void relu_tangent_times_column_rows(const double* y, const double* xdot, double* ydot, Index rows, Index r0, Index cols,
                                    const double* b, const double* bdot, double* cdot) {
  __mmask8 in[V];
  __m512d acc[V];
  for (int k = 0; k < V; ++k) in[k] = rows_from(r0 + 8 * k, rows), acc[k] = _mm512_setzero_pd();
  for (Index j = 0; j < cols; ++j) {
    const __m512d bj = _mm512_set1_pd(b[j]), bdotj = _mm512_set1_pd(bdot ? bdot[j] : 0.0);
    const Index at = j * rows + r0;
    for (int k = 0; k < V; ++k) {
      const __m512d yv = _mm512_maskz_loadu_pd(in[k], y + at + 8 * k);
      const __m512d t = _mm512_maskz_mov_pd(_mm512_cmp_pd_mask(yv, _mm512_setzero_pd(), _CMP_GT_OQ),
                                            _mm512_maskz_loadu_pd(in[k], xdot + at + 8 * k));
      _mm512_mask_storeu_pd(ydot + at + 8 * k, in[k], t);
      acc[k] = _mm512_fmadd_pd(t, bj, acc[k]);
      if (bdot) acc[k] = _mm512_fmadd_pd(yv, bdotj, acc[k]);
    }
  }
  for (int k = 0; k < V; ++k) _mm512_mask_storeu_pd(cdot + r0 + 8 * k, in[k], acc[k]);
}
#endif

bool relu_tangent_times_column(const double* y, const double* xdot, double* ydot, Index rows, Index cols, const double* b,
                               const double* bdot, double* cdot) {
#if defined(__AVX512F__)
  if (double(rows) * double(cols) * sizeof(double) <= 512.0 * 1024.0) {
    for (Index r0 = 0; r0 < rows; r0 += 32) {
      const Index vectors = std::min<Index>(4, (rows - r0 + 7) / 8);
      if (vectors == 4) relu_tangent_times_column_rows<4>(y, xdot, ydot, rows, r0, cols, b, bdot, cdot);
      else if (vectors == 3) relu_tangent_times_column_rows<3>(y, xdot, ydot, rows, r0, cols, b, bdot, cdot);
      else if (vectors == 2) relu_tangent_times_column_rows<2>(y, xdot, ydot, rows, r0, cols, b, bdot, cdot);
      else relu_tangent_times_column_rows<1>(y, xdot, ydot, rows, r0, cols, b, bdot, cdot);
    }
    return true;
  }
  std::fill(cdot, cdot + rows, 0.0);
  for (Index j = 0; j < cols; ++j) {
    const Index at = j * rows;
    const __m512d bj = _mm512_set1_pd(b[j]), bdotj = _mm512_set1_pd(bdot ? bdot[j] : 0.0);
    for (Index r = 0; r < rows; r += 8) {
      const __mmask8 in = rows_from(r, rows);
      const bool full = in == 0xFF;
      auto load = [&](const double* p) { return full ? _mm512_loadu_pd(p) : _mm512_maskz_loadu_pd(in, p); };
      const __m512d yv = load(y + at + r);
      const __m512d t = _mm512_maskz_mov_pd(_mm512_cmp_pd_mask(yv, _mm512_setzero_pd(), _CMP_GT_OQ), load(xdot + at + r));
      __m512d c = _mm512_fmadd_pd(t, bj, load(cdot + r));
      if (bdot) c = _mm512_fmadd_pd(yv, bdotj, c);
      if (full) _mm512_storeu_pd(ydot + at + r, t), _mm512_storeu_pd(cdot + r, c);
      else _mm512_mask_storeu_pd(ydot + at + r, in, t), _mm512_mask_storeu_pd(cdot + r, in, c);
    }
  }
  return true;
#else
  return false;
#endif
}

// Backward from ȳ = u vᵀ, column c: x̄_c (=|+=) [y_c > 0] ⊙ u v_c, and y_cᵀ u (a folded product's
// entry of b̄) in the same loop where `dot`; returns it (0 otherwise).
double relu_outer_column(const double* y, const double* u, double v, Index rows, double* xbar, bool assign, bool dot) {
#if defined(__AVX512F__)
  const __m512d zero = _mm512_setzero_pd(), vc = _mm512_set1_pd(v);
  __m512d sum0 = zero, sum1 = zero;  // two chains: the FMA's latency
  auto eight = [&](Index r, __mmask8 in, __m512d& sum) {
    const bool full = in == 0xFF;
    const __m512d yv = full ? _mm512_loadu_pd(y + r) : _mm512_maskz_loadu_pd(in, y + r);
    const __m512d uv = full ? _mm512_loadu_pd(u + r) : _mm512_maskz_loadu_pd(in, u + r);
    sum = _mm512_fmadd_pd(yv, uv, sum);
    __m512d g = _mm512_maskz_mul_pd(_mm512_cmp_pd_mask(yv, zero, _CMP_GT_OQ), uv, vc);
    if (!assign) g = _mm512_add_pd(g, full ? _mm512_loadu_pd(xbar + r) : _mm512_maskz_loadu_pd(in, xbar + r));
    if (full) _mm512_storeu_pd(xbar + r, g);
    else _mm512_mask_storeu_pd(xbar + r, in, g);
  };
  Index r = 0;
  for (; r + 16 <= rows; r += 16) eight(r, 0xFF, sum0), eight(r + 8, 0xFF, sum1);
  for (; r < rows; r += 8) eight(r, rows_from(r, rows), sum0);
  return dot ? _mm512_reduce_add_pd(_mm512_add_pd(sum0, sum1)) : 0.0;
#else
  double sum = 0.0;
  for (Index r = 0; r < rows; ++r) {
    const double g = y[r] > 0.0 ? u[r] * v : 0.0;
    xbar[r] = assign ? g : xbar[r] + g;
    sum += y[r] * u[r];
  }
  return dot ? sum : 0.0;
#endif
}

template <class F>
class Unary final : public Op {
 public:
  Unary(int x, F f) : Op({x}), f_(f) { ties_.signs_only = true; }  // clarke_slope: lexsign of x's coefficients
  const char* name() const override { return F::name; }

  void forward(Graph& g, int order) override {
    const int in = inputs_[0];
    const Matrix& x = g.value(in);
    Matrix& y = g.value(output);
    const Index n = x.size();
    const bool clarke = g.mode() == Mode::clarke;
    if constexpr (kSlopeFromOutput) {
      // y' = [y > 0] off the kinks: no slope buffer, tangents and backward read y. Clarke mode
      // counts the kinks and marks those where it chose slope 1 (slope_one_).
      if (!g.refining()) {  // a refine pass keeps the values
        kinks_ = 0;
        if (clarke) col_kinks_.resize(static_cast<std::size_t>(x.cols()));  // kinks per column, for tie_all_kinks
        // Y, and the first folded product C = Y b, in one pass: the input's product's where relu forms
        // it, else relu_times_column's (which counts the kinks in Clarke mode).
        const Graph::FoldedProduct* first = g.first_folded_product(output);
        const bool formed = g.formed_in_consumer(in) && form_input(g, clarke, first);
        const bool fused = formed || (first && relu_times_column(x.data(), y.data(), x.rows(), x.cols(),
                                                                 g.value(first->b).data(), g.value(first->c).data(),
                                                                 clarke ? col_kinks_.data() : nullptr));
        if (fused && clarke)  // (relu_times_column's: relu forms its input in conventional mode only)
          for (Index count : col_kinks_) kinks_ += count;
        else if (clarke) {
          for (Index c = 0; c < x.cols(); ++c) {
            const double* xc = x.col(c).data();
            double* yc = y.col(c).data();
            Index count = 0;
            for (Index r = 0; r < x.rows(); ++r) {
              const double v = xc[r];
              yc[r] = f_.value(v);
              count += f_.at_kink(v);
            }
            col_kinks_[static_cast<std::size_t>(c)] = count;
            kinks_ += count;
          }
        } else if (!fused)
          for (Index i = 0; i < n; ++i) y(i) = f_.value(x(i));
        for (const Graph::FoldedProduct& p : g.folded_products())  // the others: a product of their own
          if (p.a == output && !(fused && &p == first))
            gemm(y, Trans::no, g.value(p.b), Trans::no, g.value(p.c), Accumulate::no);
      }
      slope_one_.any = false;
      has_ties_ = false;
      if (clarke && kinks_ > 0 && order == 0) tie_all_kinks(g, x);
      else if (clarke && kinks_ > 0) {
        slope_one_.reset(x.rows(), x.cols());
        if (order == 1) decide_first_order(g);
        else
          decide_kinks(g, order, [this](Index r, Index c, double s) {
            if (s != 0.0) slope_one_.set(r, c);
          });
      }
      if (!g.coefficients_needed(output)) return;
      if (order == 1 && !g.refining() && tangent_with_folded_product(g)) return;
      const double* yv = y.data();
      for (int k = 1; k <= order; ++k) {
        const double* xk = g.coefficient(in, k).data();
        double* yk = g.coefficient(output, k).data();
        for (Index i = 0; i < n; ++i) {
          const double t = xk[i];
          yk[i] = yv[i] > 0.0 ? t : 0.0;
        }
        slope_one_.add_at(yk, Entries{xk});  // 0 there
      }
      return;
    }
    if (!g.refining()) {  // a refine pass keeps the values, and the slopes off the kinks
      slope_.resize(x.rows(), x.cols());
      if constexpr (requires { f_.values_and_slopes(x, y, slope_); })
        f_.values_and_slopes(x, y, slope_);
      else
        for (Index i = 0; i < n; ++i) {
          if constexpr (requires(double s) { f_.value_and_slope(0.0, s); }) {
            y(i) = f_.value_and_slope(x(i), slope_(i));
          } else {
            y(i) = f_.value(x(i));
            slope_(i) = f_.slope(x(i), y(i));
          }
        }
    }
    // Off its kinks every convention takes the one smooth piece there is.
    if constexpr (F::kinked)
      if (clarke) decide_kinks(g, order, [&](Index r, Index c, double s) { slope_(r, c) = s; });
    if (!g.coefficients_needed(output)) return;
    for (int k = 1; k <= order; ++k)
      g.coefficient(output, k).array() = slope_.array() * g.coefficient(in, k).array();
    if constexpr (!F::linear && !F::kinked) {
      if (order >= 2) {  // Faà di Bruno's cross terms
        const Matrix& x1 = g.coefficient(in, 1);
        for (Index i = 0; i < n; ++i) {
          double f2 = f_.second(x(i), y(i));
          g.coefficient(output, 2)(i) += 0.5 * f2 * x1(i) * x1(i);
          if (order >= 3)
            g.coefficient(output, 3)(i) += f2 * x1(i) * g.coefficient(in, 2)(i) +
                                           f_.third(x(i), y(i)) * x1(i) * x1(i) * x1(i) / 6.0;
        }
      }
    }
  }

  bool assigns_first() const override { return true; }

  bool reads_outer_adjoint() const override { return true; }
  bool folds_products() const override { return kSlopeFromOutput; }
  bool forms_input_product() const override { return kSlopeFromOutput; }

  void backward(Graph& g, Slot from, Slot to) override {
    if (!g.needs_grad(inputs_[0])) return;
    if (const Graph::OuterAdjoint* outer = g.outer_adjoint(output, from)) return backward_outer(g, *outer, from, to);
    const bool assign = g.first_contribution(inputs_[0], to);
    if constexpr (kSlopeFromOutput) {  // x̄ += [y > 0] ⊙ ȳ, branch-free, then the kinks of slope 1
      const double* y = g.value(output).data();
      const double* ybar = g.buffer(output, from).data();
      double* xbar = g.buffer(inputs_[0], to).data();
      // Unconditional loads, then a select: vectorizes to compare + and (no masked loads).
      auto select = [&](Index begin, Index end) {
        if (assign)
          for (Index i = begin; i < end; ++i) {
            const double g = ybar[i];
            xbar[i] = y[i] > 0.0 ? g : 0.0;
          }
        else
          for (Index i = begin; i < end; ++i) {
            const double g = ybar[i];
            xbar[i] += y[i] > 0.0 ? g : 0.0;
          }
      };
      const Index rows = g.value(output).rows(), cols = g.value(output).cols();
      if (!slope_one_.any) return select(0, rows * cols);
      for (Index c = 0; c < cols; ++c) {  // the kinks of slope 1 added while the column is in cache
        select(c * rows, (c + 1) * rows);
        slope_one_.add_at_column(xbar, c, Entries{ybar});
      }
    } else {
      if (assign) g.buffer(inputs_[0], to).array() = slope_.array() * g.buffer(output, from).array();
      else g.buffer(inputs_[0], to).array() += slope_.array() * g.buffer(output, from).array();
    }
  }

  bool has_curvature(const Graph& g) const override { return !F::linear && !F::kinked && g.needs_grad(inputs_[0]); }
  void curvature(Graph& g) override {
    if constexpr (!F::linear && !F::kinked) {
      const Matrix& x = g.value(inputs_[0]);
      const Matrix& y = g.value(output);
      const Matrix& dx = g.tangent(inputs_[0]);
      const Matrix& ybar = g.adjoint(output);
      Matrix& xbar_dot = g.buffer(inputs_[0], Slot::adjoint_tangent);
      for (Index i = 0; i < x.size(); ++i) xbar_dot(i) += ybar(i) * f_.second(x(i), y(i)) * dx(i);
    }
  }

  const Box* ties() const override { return has_ties_ ? &ties_ : nullptr; }

 private:
  static constexpr bool kSlopeFromOutput = requires { F::slope_from_output; };

  // The input X = A B formed here (Graph::form_in_consumer). Conventional mode, a product for the
  // small kernels: X and Y = relu(X) in one pass, with the folded product Y b of `first` (if any);
  // returns true, the values done. Otherwise X = A B by gemm, and false: Y from X as usual.
  bool form_input(Graph& g, bool clarke, const Graph::FoldedProduct* first) {
    const std::vector<int>& ab = g.op_of(inputs_[0])->inputs();
    const Matrix &a = g.value(ab[0]), &b = g.value(ab[1]);
    Matrix &x = g.value(inputs_[0]), &y = g.value(output);
    if (!clarke && detail::small_gemm_relu(a.rows(), b.cols(), a.cols(), a.data(), a.rows(), b.data(), b.rows(), Trans::no,
                                           x.data(), y.data(), x.rows(), first ? g.value(first->b).data() : nullptr,
                                           first ? g.value(first->c).data() : nullptr))
      return true;
    gemm(a, Trans::no, b, Trans::no, x, Accumulate::no);
    return false;
  }

  // x̄ (=|+=) y' ⊙ ȳ with ȳ = Σ_k u_k v_kᵀ kept as outer products (Graph::defer_outer): column
  // c of ȳ is Σ_k v_k[c] u_k, formed as it is consumed.
  void backward_outer(Graph& g, const Graph::OuterAdjoint& outer, Slot from, Slot to) {
    static_assert(Graph::kOuterRank == 2);
    if (outer.rank == 1) backward_outer<1>(g, outer, from, to);
    else backward_outer<2>(g, outer, from, to);
  }
  template <int R>
  void backward_outer(Graph& g, const Graph::OuterAdjoint& outer, Slot from, Slot to) {
    const bool assign = g.first_contribution(inputs_[0], to);
    Matrix& xbar = g.buffer(inputs_[0], to);
    const double *u0 = outer.u[0].data(), *u1 = outer.u[R - 1].data();
    const int owed = g.take_owed_product(output, from);  // b̄ += Yᵀ u_0, a folded product's (Graph::fold_adjoint)
    double* owed_adjoint = owed >= 0 ? g.buffer(owed, from).data() : nullptr;
    if (kSlopeFromOutput && assign && !slope_one_.any && form_product_adjoint(g, outer, to, owed_adjoint)) return;
    OuterEntries<R> entries;
    for (int k = 0; k < R; ++k) entries.u[k] = outer.u[k].data(), entries.v[k] = outer.v[k].data();
    const Index rows = xbar.rows();
    for (Index c = 0; c < xbar.cols(); ++c) {
      const double v0 = outer.v[0][c], v1 = outer.v[R - 1][c];
      auto ybar = [&](Index r) { return R == 1 ? u0[r] * v0 : u0[r] * v0 + u1[r] * v1; };
      double* xc = xbar.col(c).data();
      if constexpr (kSlopeFromOutput) {
        const double* yc = g.value(output).col(c).data();
        if (R == 1) {
          const double dot = relu_outer_column(yc, u0, v0, rows, xc, assign, owed_adjoint);
          if (owed_adjoint) owed_adjoint[c] += dot;
        } else {
          if (assign)
            for (Index r = 0; r < rows; ++r) xc[r] = yc[r] > 0.0 ? ybar(r) : 0.0;
          else
            for (Index r = 0; r < rows; ++r) xc[r] += yc[r] > 0.0 ? ybar(r) : 0.0;
          if (owed_adjoint)
            owed_adjoint[c] += Eigen::Map<const Eigen::VectorXd>(yc, rows).dot(Eigen::Map<const Eigen::VectorXd>(u0, rows));
        }
        if (slope_one_.any) slope_one_.add_at_column(xbar.data(), c, entries);  // while the column is in cache
      } else {
        const double* sc = slope_.col(c).data();
        if (assign)
          for (Index r = 0; r < rows; ++r) xc[r] = sc[r] * ybar(r);
        else
          for (Index r = 0; r < rows; ++r) xc[r] += sc[r] * ybar(r);
      }
    }
  }

  // A pass of order 1 (not a refine pass) forms the tangent of the first folded product C = Y b
  // (Graph::fold_product) with Ẏ: Ċ = Ẏ b + Y ḃ in the same pass over Y, or, where kinks took slope
  // 1 after that pass (Clarke mode), by two products after it. Returns false where no product is
  // folded here.
  bool tangent_with_folded_product(Graph& g) {
    const Graph::FoldedProduct* p = g.first_folded_product(output);
    if (!p) return false;
    const Matrix& y = g.value(output);
    const Matrix& xdot = g.tangent(inputs_[0]);
    Matrix &ydot = g.tangent(output), &cdot = g.tangent(p->c);
    const Matrix& b = g.value(p->b);
    const Matrix* bdot = g.needs_grad(p->b) ? &g.tangent(p->b) : nullptr;
    if (!slope_one_.any && relu_tangent_times_column(y.data(), xdot.data(), ydot.data(), y.rows(), y.cols(), b.data(),
                                                     bdot ? bdot->data() : nullptr, cdot.data()))
      return true;
    for (Index i = 0; i < y.size(); ++i) ydot(i) = y(i) > 0.0 ? xdot(i) : 0.0;
    slope_one_.add_at(ydot.data(), Entries{xdot.data()});
    gemm(ydot, Trans::no, b, Trans::no, cdot, Accumulate::no);
    if (bdot) gemm(y, Trans::no, *bdot, Trans::no, cdot, Accumulate::yes);
    return true;
  }

  // Where the input X = A B is formed here (Graph::form_in_consumer) and X̄ = [y > 0] ⊙ Σ_k u_k v_kᵀ
  // is X's whole adjoint (or adjoint tangent): X̄, B̄ += Aᵀ X̄ and owed += Yᵀ u_0 in one pass
  // (Graph::form_product_adjoint).
  bool form_product_adjoint(Graph& g, const Graph::OuterAdjoint& outer, Slot to, double* owed) {
    const int x = inputs_[0];
    if (!g.may_form_product_adjoint(x, to)) return false;
    const std::vector<int>& ab = g.op_of(x)->inputs();
    const Matrix& a = g.value(ab[0]);
    if (!detail::relu_outer_product_fits(a.cols())) return false;
    const Accumulate acc = g.first_contribution(ab[1], to) ? Accumulate::no : Accumulate::yes;
    Matrix& bbar = g.buffer(ab[1], to);
    const Matrix& y = g.value(output);
    const double* u[Graph::kOuterRank] = {outer.u[0].data(), outer.u[1].data()};
    const double* v[Graph::kOuterRank] = {outer.v[0].data(), outer.v[1].data()};
    detail::relu_outer_product(y.rows(), y.cols(), y.data(), outer.rank, u, v, g.buffer(x, to).data(), a.data(), a.rows(),
                               a.cols(), bbar.data(), bbar.rows(), acc, owed);
    g.form_product_adjoint(x, to);
    return true;
  }

  // Clarke mode: at each kink, the slope of the piece the lexicographic sign of the input's
  // coefficients picks, passed to set(row, column, slope). Entries left tied are kept (ties()):
  // a refine pass needs the input's coefficients only there. A refine pass keeps the values, so it visits
  // only the columns where the last full pass found kinks.
  template <class Set>
  void decide_kinks(Graph& g, int order, Set set) {
    const Matrix& x = g.value(inputs_[0]);
    const bool refining = g.refining() && kink_cols_.size() == std::size_t(x.cols());
    if (!refining) kink_cols_.assign(x.cols(), 0);
    const double* xk[kMaxOrder + 1];
    for (int k = 0; k <= order; ++k) xk[k] = g.coefficient(inputs_[0], k).data();
    double h[kMaxOrder + 1];
    Selection local{Mode::clarke, 0};  // counted here, added to the graph's at the end
    has_ties_ = false;
    const double* xv = x.data();  // (locals: the stores below may alias members)
    for (Index c = 0; c < x.cols(); ++c) {
      if (refining && !kink_cols_[c]) continue;
      for (Index r = 0, i = c * x.rows(); r < x.rows(); ++r, ++i) {
        if (!f_.at_kink(xv[i])) continue;
        kink_cols_[c] = 1;
        for (int k = 0; k <= order; ++k) h[k] = xk[k][i];
        const std::int64_t before = local.unresolved_ties;
        set(r, c, f_.clarke_slope(h, order + 1, local));
        if (local.unresolved_ties == before) continue;
        if (!has_ties_) ties_.reset(x.rows(), x.cols()), has_ties_ = true;
        ties_.add(r, c);
      }
    }
    g.selection().unresolved_ties += local.unresolved_ties;
  }

  // decide_kinks at order 1 for a switch with its kink at 0 and slope 1 above it (relu): the
  // lexicographic sign of (0, ẋ) is the sign of ẋ, so a kink takes slope 1 where ẋ > 0 and
  // stays tied where ẋ = 0, marked in slope_one_ eight rows at a time; a column with ties is
  // walked again to record them.
  void decide_first_order(Graph& g) {
    static_assert(kSlopeFromOutput);
    const Matrix& x = g.value(inputs_[0]);
    const bool refining = g.refining() && kink_cols_.size() == std::size_t(x.cols());
    if (!refining) kink_cols_.assign(x.cols(), 0);
    const double* xv = x.data();
    const double* dv = g.coefficient(inputs_[0], 1).data();
    const Index rows = x.rows();
    std::int64_t ties = 0;
    has_ties_ = false;
    for (Index c = 0; c < x.cols(); ++c) {
      if (refining && !kink_cols_[c]) continue;
      Index kinks = 0, tied = 0;
      slope_one_.any |= scan_first_order(xv + c * rows, dv + c * rows, rows, refining && kink_cols_[c] == kAllKinks,
                                         slope_one_.column(c), kinks, tied);
      if (kinks > 0) kink_cols_[c] = kinks == rows ? kAllKinks : 1;
      if (tied == 0) continue;
      ties += tied;
      if (!has_ties_) ties_.reset(x.rows(), x.cols()), has_ties_ = true;
      for (Index r = 0, i = c * rows; r < rows; ++r, ++i)
        if (f_.at_kink(xv[i]) && !(dv[i] > 0.0) && !(dv[i] < 0.0)) ties_.add(r, c);
    }
    g.selection().unresolved_ties += ties;
  }

  // Clarke mode on values alone (order 0): a switch at its kink is 0 with no coefficient to
  // decide it, so every kink is a tie and keeps the piece 0 (decide_kinks, in bulk).
  void tie_all_kinks(Graph& g, const Matrix& x) {
    g.selection().unresolved_ties += kinks_;
    ties_.reset(x.rows(), x.cols());
    has_ties_ = true;
    // Counted per column by the value pass; rows are marked entry by entry only until a full
    // column has marked them all.
    char* rows = ties_.rows.data();
    bool all_rows = false;
    kink_cols_.assign(x.cols(), 0);
    for (Index c = 0; c < x.cols(); ++c) {
      const double* xc = x.col(c).data();
      const Index count = col_kinks_[static_cast<std::size_t>(c)];
      ties_.cols[c] = count > 0;
      kink_cols_[c] = count == 0 ? 0 : count == x.rows() ? kAllKinks : 1;
      if (count == 0 || all_rows) continue;
      if (count == x.rows()) {
        std::fill(rows, rows + x.rows(), char(1));
        all_rows = true;
      } else {
        for (Index r = 0; r < x.rows(); ++r) rows[r] |= char(f_.at_kink(xc[r]));
      }
    }
  }

  F f_;
  Matrix slope_;                  // y' of the chosen pieces (not kept when kSlopeFromOutput)
  Index kinks_ = 0;               // kSlopeFromOutput, Clarke mode: inputs at a kink in the last pass
  SlopeOneBits slope_one_;        // kSlopeFromOutput, Clarke mode: kinks given slope 1
  std::vector<char> kink_cols_;  // Clarke mode: the columns with a kink in the last full pass
  static constexpr char kAllKinks = 2;  // … where every row was one (tie_all_kinks, decide_first_order)
  std::vector<Index> col_kinks_;        // Clarke mode: the kinks of each column in the last value pass
  bool has_ties_ = false;         // Clarke mode: the last pass left a kink tied, at ties_
  Box ties_;
};

template <class F>
Var unary(Var x, F f = F{}) {
  return x.graph->append(std::make_unique<Unary<F>>(x.id, f), x.rows(), x.cols());
}

// ---- two operands ----------------------------------------------------------------------------

struct Add {
  static constexpr const char* name = "add";
  static constexpr bool kinked = false, linear = true;
  double value(double a, double b) const { return a + b; }
  void partials(double, double, double, double& pa, double& pb) const { pa = 1.0, pb = 1.0; }
};

struct Sub {
  static constexpr const char* name = "sub";
  static constexpr bool kinked = false, linear = true;
  double value(double a, double b) const { return a - b; }
  void partials(double, double, double, double& pa, double& pb) const { pa = 1.0, pb = -1.0; }
};

struct Mul {  // ∂/∂a = b, ∂/∂b = a, ∂²/∂a∂b = 1
  static constexpr const char* name = "mul";
  static constexpr bool kinked = false, linear = false;
  double value(double a, double b) const { return a * b; }
  void partials(double a, double b, double, double& pa, double& pb) const { pa = b, pb = a; }
  void second(double, double, double, double& aa, double& ab, double& bb) const { aa = bb = 0.0, ab = 1.0; }
  // Taylor: y_k = Σ_{i=0..k} a_i b_{k−i} (Cauchy product).
  double coefficient(const double* a, const double* b, const double*, int k) const {
    double y = 0;
    for (int i = 0; i <= k; ++i) y += a[i] * b[k - i];
    return y;
  }
};

struct Div {  // y = a/b: ∂/∂a = 1/b, ∂/∂b = −y/b, ∂²/∂a∂b = −1/b², ∂²/∂b² = 2y/b²
  static constexpr const char* name = "div";
  static constexpr bool kinked = false, linear = false;
  double value(double a, double b) const { return a / b; }
  void partials(double, double b, double y, double& pa, double& pb) const { pa = 1.0 / b, pb = -y / b; }
  void second(double, double b, double y, double& aa, double& ab, double& bb) const {
    aa = 0.0, ab = -1.0 / (b * b), bb = 2.0 * y / (b * b);
  }
  // From a = y·b: Taylor y_k = (a_k − Σ_{i=1..k} b_i y_{k−i}) / b_0.
  double coefficient(const double* a, const double* b, const double* y, int k) const {
    double r = a[k];
    for (int i = 1; i <= k; ++i) r -= b[i] * y[k - i];
    return r / b[0];
  }
};

// max(a, b): switch a − b. PyTorch splits a tie 0.5/0.5; Clarke mode gives the winner everything.
struct Maximum {
  static constexpr const char* name = "maximum";
  static constexpr bool kinked = true, linear = false;
  double value(double a, double b) const { return a >= b ? a : b; }
  void partials(double a, double b, double, double& pa, double& pb) const {
    pa = a > b ? 1.0 : (a < b ? 0.0 : 0.5), pb = 1.0 - pa;
  }
  void clarke_partials(const double* a, const double* b, int n, Selection& s, double& pa, double& pb) const {
    double h[kMaxOrder + 1];
    for (int k = 0; k < n; ++k) h[k] = a[k] - b[k];
    pa = s.lexsign(h, n) >= 0 ? 1.0 : 0.0, pb = 1.0 - pa;
  }
};

struct Minimum {  // min(a, b): switch b − a
  static constexpr const char* name = "minimum";
  static constexpr bool kinked = true, linear = false;
  double value(double a, double b) const { return a <= b ? a : b; }
  void partials(double a, double b, double, double& pa, double& pb) const {
    pa = a < b ? 1.0 : (a > b ? 0.0 : 0.5), pb = 1.0 - pa;
  }
  void clarke_partials(const double* a, const double* b, int n, Selection& s, double& pa, double& pb) const {
    double h[kMaxOrder + 1];
    for (int k = 0; k < n; ++k) h[k] = b[k] - a[k];
    pa = s.lexsign(h, n) >= 0 ? 1.0 : 0.0, pb = 1.0 - pa;
  }
};

// An operand broadcast to the output shape: entry (i, j) lives at p[i·rs + j·cs].
struct Broadcast {
  Index rs, cs;
  Broadcast(const Matrix& m) : rs(m.rows() == 1 ? 0 : 1), cs(m.cols() == 1 ? 0 : m.rows()) {}
  Index at(Index i, Index j) const { return i * rs + j * cs; }
};

template <class F>
class Binary final : public Op {
 public:
  Binary(int a, int b) : Op({a, b}) {}
  const char* name() const override { return F::name; }

  void forward(Graph& g, int order) override {
    const Matrix& av = g.value(inputs_[0]);
    const Matrix& bv = g.value(inputs_[1]);
    Matrix& y = g.value(output);
    pa_.resize(y.rows(), y.cols());
    pb_.resize(y.rows(), y.cols());
    const bool clarke = F::kinked && g.mode() == Mode::clarke;
    if (order == 0 && !clarke && av.size() == y.size() && bv.size() == y.size()) {  // no broadcast, no tangent
      for (Index o = 0; o < y.size(); ++o) {
        y(o) = F{}.value(av(o), bv(o));
        F{}.partials(av(o), bv(o), y(o), pa_(o), pb_(o));
      }
      return;
    }
    const Broadcast ia(av), ib(bv);
    const double *ak[kMaxOrder + 1], *bk[kMaxOrder + 1];
    double* yk[kMaxOrder + 1];
    for (int k = 0; k <= order; ++k) {
      ak[k] = g.coefficient(inputs_[0], k).data();
      bk[k] = g.coefficient(inputs_[1], k).data();
      yk[k] = g.coefficient(output, k).data();
    }
    double a[kMaxOrder + 1], b[kMaxOrder + 1], c[kMaxOrder + 1];
    for (Index j = 0; j < y.cols(); ++j)
      for (Index i = 0; i < y.rows(); ++i) {
        const Index o = i + j * y.rows(), oa = ia.at(i, j), ob = ib.at(i, j);
        for (int k = 0; k <= order; ++k) a[k] = ak[k][oa], b[k] = bk[k][ob];
        c[0] = yk[0][o] = F{}.value(a[0], b[0]);
        bool chosen = false;
        if constexpr (F::kinked) {
          if (clarke && a[0] == b[0]) {  // a tie: decide by the coefficients of a − b
            F{}.clarke_partials(a, b, order + 1, g.selection(), pa_(o), pb_(o));
            chosen = true;
          }
        }
        if (!chosen) F{}.partials(a[0], b[0], c[0], pa_(o), pb_(o));
        for (int k = 1; k <= order; ++k) {
          if constexpr (F::linear || F::kinked) c[k] = pa_(o) * a[k] + pb_(o) * b[k];
          else c[k] = F{}.coefficient(a, b, c, k);
          yk[k][o] = c[k];
        }
      }
  }

  bool assigns_first() const override { return true; }

  void backward(Graph& g, Slot from, Slot to) override {
    const Matrix& ybar = g.buffer(output, from);
    for (int k = 0; k < 2; ++k) {
      if (!g.needs_grad(inputs_[k])) continue;
      const bool assign = g.first_contribution(inputs_[k], to);
      Matrix& xbar = g.buffer(inputs_[k], to);
      const Matrix& p = k == 0 ? pa_ : pb_;
      if (xbar.rows() == ybar.rows() && xbar.cols() == ybar.cols()) {
        if (assign) xbar.array() = p.array() * ybar.array();
        else xbar.array() += p.array() * ybar.array();
        continue;
      }
      if (assign) xbar.setZero();
      const Broadcast ix(xbar);
      for (Index j = 0; j < ybar.cols(); ++j)
        for (Index i = 0; i < ybar.rows(); ++i) xbar.data()[ix.at(i, j)] += p(i, j) * ybar(i, j);
    }
  }

  bool has_curvature(const Graph&) const override { return !F::linear && !F::kinked; }
  void curvature(Graph& g) override {
    if constexpr (!F::linear && !F::kinked) {
      const Matrix& a = g.value(inputs_[0]);
      const Matrix& b = g.value(inputs_[1]);
      const Matrix& y = g.value(output);
      const Matrix& ybar = g.adjoint(output);
      const double* da = g.tangent(inputs_[0]).data();
      const double* db = g.tangent(inputs_[1]).data();
      const bool need_a = g.needs_grad(inputs_[0]), need_b = g.needs_grad(inputs_[1]);
      double* abar_dot = need_a ? g.buffer(inputs_[0], Slot::adjoint_tangent).data() : nullptr;
      double* bbar_dot = need_b ? g.buffer(inputs_[1], Slot::adjoint_tangent).data() : nullptr;
      const Broadcast ia(a), ib(b);
      for (Index j = 0; j < y.cols(); ++j)
        for (Index i = 0; i < y.rows(); ++i) {
          double aa, ab, bb;
          Index ka = ia.at(i, j), kb = ib.at(i, j);
          F{}.second(a.data()[ka], b.data()[kb], y(i, j), aa, ab, bb);
          if (need_a) abar_dot[ka] += ybar(i, j) * (aa * da[ka] + ab * db[kb]);
          if (need_b) bbar_dot[kb] += ybar(i, j) * (ab * da[ka] + bb * db[kb]);
        }
    }
  }

 private:
  Matrix pa_, pb_;
};

// numpy's rule: each dimension equal, or 1 on one side.
Index broadcast_dim(Index m, Index n, const char* op, Var a, Var b) {
  if (m == n || n == 1) return m;
  if (m == 1) return n;
  throw ShapeError(std::string(op) + ": cannot broadcast " + shape_string(a) + " with " + shape_string(b));
}

template <class F>
Var binary(Var a, Var b) {
  if (a.graph != b.graph) throw std::invalid_argument(std::string(F::name) + ": operands belong to different graphs");
  Index rows = broadcast_dim(a.rows(), b.rows(), F::name, a, b);
  Index cols = broadcast_dim(a.cols(), b.cols(), F::name, a, b);
  return a.graph->append(std::make_unique<Binary<F>>(a.id, b.id), rows, cols);
}

}  // namespace

Var add(Var a, Var b) { return binary<Add>(a, b); }
Var sub(Var a, Var b) { return binary<Sub>(a, b); }
Var mul(Var a, Var b) { return binary<Mul>(a, b); }
Var div(Var a, Var b) { return binary<Div>(a, b); }
Var maximum(Var a, Var b) { return binary<Maximum>(a, b); }
Var minimum(Var a, Var b) { return binary<Minimum>(a, b); }

Var affine(Var x, double scale, double shift) { return unary(x, Affine{scale, shift}); }
Var exp(Var x) { return unary<Exp>(x); }
Var log(Var x) { return unary<Log>(x); }
Var log1p(Var x) { return unary<Log1p>(x); }
Var sqrt(Var x) { return unary<Sqrt>(x); }
Var square(Var x) { return unary<Square>(x); }
Var pow(Var x, double p) { return unary(x, Pow{p}); }
Var tanh(Var x) { return unary<Tanh>(x); }
Var sigmoid(Var x) { return unary<Sigmoid>(x); }
Var softplus(Var x) { return unary<Softplus>(x); }
Var log_softplus(Var x) { return unary<LogSoftplus>(x); }
Var relu(Var x) {
  Var y = unary<Relu>(x);
  x.graph->form_in_consumer(x.id);
  return y;
}
Var leaky_relu(Var x, double slope) { return unary(x, LeakyRelu{slope}); }
Var abs(Var x) { return unary<Abs>(x); }
Var clamp(Var x, double lo, double hi) {
  if (!(lo <= hi)) throw std::invalid_argument("clamp: lower bound " + std::to_string(lo) + " exceeds upper bound " + std::to_string(hi));
  return unary(x, Clamp{lo, hi});
}

}  // namespace fdl::ad
