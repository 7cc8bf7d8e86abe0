#include "fdl/ad/gemm.hpp"

#include "small_gemm.hpp"

#include <cblas.h>

#include <cassert>

namespace fdl::ad {

void set_blas_threads(int n) { openblas_set_num_threads(n); }
int blas_threads() { return openblas_get_num_threads(); }

void gemm(Index m, Index n, Index k, const double* a, Index lda, Trans ta, const double* b, Index ldb, Trans tb,
          double* c, Index ldc, Accumulate acc) {
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
