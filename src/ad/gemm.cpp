#include "fdl/ad/gemm.hpp"

#include "small_gemm.hpp"

#include <cblas.h>

#include <cassert>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

namespace fdl::ad {

void set_blas_threads(int n) { openblas_set_num_threads(n); }
int blas_threads() { return openblas_get_num_threads(); }

namespace {

// Whether Eigen's blocked GEMM beats OpenBLAS on one thread: where this build has AVX-512 and
// OpenBLAS runs a core without it (e.g. OPENBLAS_CORETYPE=Haswell on a Zen 5: Eigen 1.3× at every
// size from 64³ to 512³ and at the nets' large products, docs/performance.md).
bool eigen_beats_one_blas_thread() {
#if defined(__AVX512F__)
  static const bool beats = [] {
    std::string core = openblas_get_corename();
    for (char& ch : core) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (const char* wide : {"skylakex", "cooperlake", "sapphirerapids"})
      if (core.find(wide) != std::string::npos) return false;
    return true;
  }();
  return beats;
#else
  return false;
#endif
}

// Eigen's blocked GEMM, C += op(A) op(B), with its packing buffers kept per shape (Eigen's own
// product allocates them on every call once they pass 128 KiB): a traced graph's large products
// come in a few shapes, so the steady state allocates nothing.
template <class Scalar>
using Blocking = Eigen::internal::gemm_blocking_space<Eigen::ColMajor, Scalar, Scalar, Eigen::Dynamic, Eigen::Dynamic,
                                                      Eigen::Dynamic, 1, false>;

template <class Scalar>
Blocking<Scalar>& blocking_for(Index m, Index n, Index k) {
  struct Entry {
    Index m, n, k;
    std::unique_ptr<Blocking<Scalar>> blocking;
  };
  thread_local std::vector<Entry> cache;
  for (Entry& e : cache)
    if (e.m == m && e.n == n && e.k == k) return *e.blocking;
  if (cache.size() == 8) cache.erase(cache.begin());
  cache.push_back({m, n, k, std::make_unique<Blocking<Scalar>>(m, n, k, 1, true)});
  cache.back().blocking->allocateAll();
  return *cache.back().blocking;
}

template <int LhsOrder, int RhsOrder, class Scalar>
void eigen_blocked(Index m, Index n, Index k, const Scalar* a, Index lda, const Scalar* b, Index ldb, Scalar* c, Index ldc) {
  Eigen::internal::general_matrix_matrix_product<Index, Scalar, LhsOrder, false, Scalar, RhsOrder, false, Eigen::ColMajor, 1>::run(
      m, n, k, a, lda, b, ldb, c, 1, ldc, Scalar(1), blocking_for<Scalar>(m, n, k));
}

// C (=|+=) op(A) op(B) by Eigen's blocked GEMM, where it beats OpenBLAS (one thread, a full
// product at or above kBlasThreshold, eigen_beats_one_blas_thread); false elsewhere.
template <class Scalar>
bool eigen_product(Index m, Index n, Index k, const Scalar* a, Index lda, Trans ta, const Scalar* b, Index ldb, Trans tb,
                   Scalar* c, Index ldc, Accumulate acc) {
  const bool vector_shaped = m == 1 || n == 1 || k == 1;
  if (vector_shaped || static_cast<double>(m) * n * k < kBlasThreshold || blas_threads() != 1 ||
      !eigen_beats_one_blas_thread())
    return false;
  using Map = Eigen::Map<Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>, 0, Eigen::OuterStride<>>;
  if (acc == Accumulate::no) Map(c, m, n, Eigen::OuterStride<>(ldc)).setZero();
  constexpr int N = Eigen::ColMajor, T = Eigen::RowMajor;  // op(A) = Aᵀ: A read row-major
  if (ta == Trans::no && tb == Trans::no) eigen_blocked<N, N>(m, n, k, a, lda, b, ldb, c, ldc);
  else if (ta == Trans::yes && tb == Trans::no) eigen_blocked<T, N>(m, n, k, a, lda, b, ldb, c, ldc);
  else if (ta == Trans::no && tb == Trans::yes) eigen_blocked<N, T>(m, n, k, a, lda, b, ldb, c, ldc);
  else eigen_blocked<T, T>(m, n, k, a, lda, b, ldb, c, ldc);
  return true;
}

}  // namespace

void gemm(Index m, Index n, Index k, const double* a, Index lda, Trans ta, const double* b, Index ldb, Trans tb,
          double* c, Index ldc, Accumulate acc) {
  if (eigen_product(m, n, k, a, lda, ta, b, ldb, tb, c, ldc, acc)) return;
  const bool vector_shaped = m == 1 || n == 1 || k == 1;
  if (!vector_shaped && static_cast<double>(m) * n * k >= kBlasThreshold) {
    cblas_dgemm(CblasColMajor, ta == Trans::yes ? CblasTrans : CblasNoTrans, tb == Trans::yes ? CblasTrans : CblasNoTrans,
                static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), 1.0, a, static_cast<int>(lda), b,
                static_cast<int>(ldb), acc == Accumulate::yes ? 1.0 : 0.0, c, static_cast<int>(ldc));
    return;
  }
  // Below the threshold the register-tiled kernels, where the build has them: full products, and
  // matrix-vector ones (a vector operand or product is contiguous whichever way it is transposed).
  if (!vector_shaped && detail::small_gemm(m, n, k, a, lda, ta, b, ldb, tb, c, ldc, acc)) return;
  const Index a_rows = ta == Trans::yes ? k : m, a_cols = ta == Trans::yes ? m : k;
  const Index b_rows = tb == Trans::yes ? n : k, b_cols = tb == Trans::yes ? k : n;
  const bool a_row_contiguous = ta == Trans::yes || lda == 1;  // op(A)'s first row, when m = 1
  const bool b_col_contiguous = tb == Trans::no || ldb == 1;   // op(B)'s first column, when n = 1
  if (m == 1 && n == 1 && a_row_contiguous && b_col_contiguous && detail::small_gemv(Trans::yes, k, 1, a, k, b, c, acc))
    return;  // aᵀ b
  if (n == 1 && m > 1 && b_col_contiguous && detail::small_gemv(ta, a_rows, a_cols, a, lda, b, c, acc)) return;
  if (m == 1 && n > 1 && a_row_contiguous && ldc == 1 &&  // cᵀ = op(B)ᵀ aᵀ
      detail::small_gemv(tb == Trans::yes ? Trans::no : Trans::yes, b_rows, b_cols, b, ldb, a, c, acc))
    return;
  // Eigen picks its matrix-vector and outer-product kernels only for vector types: give them.
  using Block = Eigen::Map<const Matrix, 0, Eigen::OuterStride<>>;
  const Block A(a, a_rows, a_cols, Eigen::OuterStride<>(lda)), B(b, b_rows, b_cols, Eigen::OuterStride<>(ldb));
  Eigen::Map<Matrix, 0, Eigen::OuterStride<>> C(c, m, n, Eigen::OuterStride<>(ldc));
  auto product = [&](const auto& x, const auto& y) {
    if (acc == Accumulate::no && (n == 1 || m == 1)) C.setZero();
    if (n == 1) C.col(0).noalias() += x * y.col(0);
    else if (m == 1) C.row(0).noalias() += x.row(0) * y;
    else if (k == 1 && acc == Accumulate::yes) C.noalias() += x.col(0) * y.row(0);
    else if (k == 1) C.noalias() = x.col(0) * y.row(0);  // written column by column: no zero fill
    else if (acc == Accumulate::yes) C.noalias() += x * y;
    else C.noalias() = x * y;
  };
  if (ta == Trans::no && tb == Trans::no) product(A, B);
  else if (ta == Trans::yes && tb == Trans::no) product(A.transpose(), B);
  else if (ta == Trans::no && tb == Trans::yes) product(A, B.transpose());
  else product(A.transpose(), B.transpose());
}

void gemm(Index m, Index n, Index k, const float* a, Index lda, Trans ta, const float* b, Index ldb, Trans tb, float* c,
          Index ldc, Accumulate acc) {
  if (eigen_product(m, n, k, a, lda, ta, b, ldb, tb, c, ldc, acc)) return;
  cblas_sgemm(CblasColMajor, ta == Trans::yes ? CblasTrans : CblasNoTrans, tb == Trans::yes ? CblasTrans : CblasNoTrans,
              static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), 1.0f, a, static_cast<int>(lda), b,
              static_cast<int>(ldb), acc == Accumulate::yes ? 1.0f : 0.0f, c, static_cast<int>(ldc));
}

void gemm(const Matrix& a, Trans ta, const Matrix& b, Trans tb, Matrix& c, Accumulate acc) {
  const Index m = ta == Trans::yes ? a.cols() : a.rows(), n = tb == Trans::yes ? b.rows() : b.cols();
  if (acc == Accumulate::no) c.resize(m, n);
  gemm(c.rows(), c.cols(), ta == Trans::yes ? a.rows() : a.cols(), a.data(), a.rows(), ta, b.data(), b.rows(), tb,
       c.data(), c.rows(), acc);
}

void gemm(const Matrix& a, Trans ta, const Matrix& b, Trans tb, Eigen::Map<Matrix> c, Accumulate acc) {
  assert(c.rows() == (ta == Trans::yes ? a.cols() : a.rows()) && c.cols() == (tb == Trans::yes ? b.rows() : b.cols()));
  gemm(c.rows(), c.cols(), ta == Trans::yes ? a.rows() : a.cols(), a.data(), a.rows(), ta, b.data(), b.rows(), tb,
       c.data(), c.outerStride(), acc);
}

}  // namespace fdl::ad
