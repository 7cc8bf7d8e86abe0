#include "fdl/ad/gemm.hpp"

#include "small_gemm.hpp"

#include <cblas.h>

#include <cassert>
#include <type_traits>

namespace fdl::ad {

void set_blas_threads(int n) { openblas_set_num_threads(n); }
int blas_threads() { return openblas_get_num_threads(); }

namespace {

template <class Out>  // Matrix (resized when not accumulating) or Eigen::Map<Matrix> (of the product's shape)
void product_into(const Matrix& a, Trans ta, const Matrix& b, Trans tb, Out& c, Accumulate acc) {
  const Index m = ta == Trans::yes ? a.cols() : a.rows();
  const Index k = ta == Trans::yes ? a.rows() : a.cols();
  const Index n = tb == Trans::yes ? b.rows() : b.cols();
  if constexpr (std::is_same_v<Out, Matrix>) {
    if (acc == Accumulate::no) c.resize(m, n);
  } else {
    assert(c.rows() == m && c.cols() == n);
  }
  const bool vector_shaped = m == 1 || n == 1 || k == 1;
  if (!vector_shaped && static_cast<double>(m) * n * k >= kBlasThreshold) {
    cblas_dgemm(CblasColMajor, ta == Trans::yes ? CblasTrans : CblasNoTrans, tb == Trans::yes ? CblasTrans : CblasNoTrans,
                static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), 1.0, a.data(), static_cast<int>(a.rows()),
                b.data(), static_cast<int>(b.rows()), acc == Accumulate::yes ? 1.0 : 0.0, c.data(), static_cast<int>(c.outerStride()));
    return;
  }
  // Below the threshold the register-tiled kernels, where the build has them: full products, and
  // matrix-vector ones (a vector operand or product is contiguous whichever way it is transposed).
  if (!vector_shaped &&
      detail::small_gemm(m, n, k, a.data(), a.rows(), ta, b.data(), b.rows(), tb, c.data(), c.outerStride(), acc))
    return;
  if (m == 1 && n == 1 && detail::small_gemv(Trans::yes, k, 1, a.data(), k, b.data(), c.data(), acc)) return;  // aᵀ b
  if (n == 1 && m > 1 && detail::small_gemv(ta, a.rows(), a.cols(), a.data(), a.rows(), b.data(), c.data(), acc)) return;
  if (m == 1 && n > 1 &&  // cᵀ = op(B)ᵀ aᵀ
      detail::small_gemv(tb == Trans::yes ? Trans::no : Trans::yes, b.rows(), b.cols(), b.data(), b.rows(), a.data(), c.data(), acc))
    return;
  // Eigen picks its matrix-vector and outer-product kernels only for vector types: give them.
  auto product = [&](const auto& x, const auto& y) {
    if (acc == Accumulate::no && (n == 1 || m == 1)) c.setZero();
    if (n == 1) c.col(0).noalias() += x * y.col(0);
    else if (m == 1) c.row(0).noalias() += x.row(0) * y;
    else if (k == 1 && acc == Accumulate::yes) c.noalias() += x.col(0) * y.row(0);
    else if (k == 1) c.noalias() = x.col(0) * y.row(0);  // written column by column: no zero fill
    else if (acc == Accumulate::yes) c.noalias() += x * y;
    else c.noalias() = x * y;
  };
  if (ta == Trans::no && tb == Trans::no) product(a, b);
  else if (ta == Trans::yes && tb == Trans::no) product(a.transpose(), b);
  else if (ta == Trans::no && tb == Trans::yes) product(a, b.transpose());
  else product(a.transpose(), b.transpose());
}

}  // namespace

void gemm(const Matrix& a, Trans ta, const Matrix& b, Trans tb, Matrix& c, Accumulate acc) {
  product_into(a, ta, b, tb, c, acc);
}

void gemm(const Matrix& a, Trans ta, const Matrix& b, Trans tb, Eigen::Map<Matrix> c, Accumulate acc) {
  product_into(a, ta, b, tb, c, acc);
}

}  // namespace fdl::ad
