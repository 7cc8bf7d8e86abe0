#include "fdl/ad/gemm.hpp"

#include <cblas.h>

namespace fdl::ad {

void set_blas_threads(int n) { openblas_set_num_threads(n); }
int blas_threads() { return openblas_get_num_threads(); }

void gemm(const Matrix& a, Trans ta, const Matrix& b, Trans tb, Matrix& c, Accumulate acc) {
  const Index m = ta == Trans::yes ? a.cols() : a.rows();
  const Index k = ta == Trans::yes ? a.rows() : a.cols();
  const Index n = tb == Trans::yes ? b.rows() : b.cols();
  if (acc == Accumulate::no) c.resize(m, n);
  if (static_cast<double>(m) * n * k >= kBlasThreshold) {
    cblas_dgemm(CblasColMajor, ta == Trans::yes ? CblasTrans : CblasNoTrans, tb == Trans::yes ? CblasTrans : CblasNoTrans,
                static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), 1.0, a.data(), static_cast<int>(a.rows()),
                b.data(), static_cast<int>(b.rows()), acc == Accumulate::yes ? 1.0 : 0.0, c.data(), static_cast<int>(c.rows()));
    return;
  }
  if (acc == Accumulate::no) c.setZero();
  if (ta == Trans::no && tb == Trans::no) c.noalias() += a * b;
  else if (ta == Trans::yes && tb == Trans::no) c.noalias() += a.transpose() * b;
  else if (ta == Trans::no && tb == Trans::yes) c.noalias() += a * b.transpose();
  else c.noalias() += a.transpose() * b.transpose();
}

}  // namespace fdl::ad
