// C = op(A) op(B) (+ C): the one matrix product every op and model uses. Small products run in
// register-tiled AVX-512 kernels where the build has AVX-512 (src/ad/small_gemm.hpp), else in
// Eigen's (no call overhead either way); large ones go to OpenBLAS (cblas_dgemm) on
// `blas_threads()` threads, except on one thread where the build has AVX-512 and OpenBLAS's core
// does not (e.g. OPENBLAS_CORETYPE=Haswell): there Eigen's blocked GEMM, 1.3× faster, with its
// packing buffers kept per shape. Every path but multi-threaded OpenBLAS (one small job table per
// call, inside itself) allocates nothing in a steady state once C has its shape.
#pragma once

#include "fdl/ad/graph.hpp"

namespace fdl::ad {

enum class Trans : bool { no = false, yes = true };
enum class Accumulate : bool { no = false, yes = true };

// Full products with m·n·k at or above this many multiply-adds go to OpenBLAS. Vector-shaped
// ones (m, n or k = 1: matrix-vector, rank-1) stay in Eigen's gemv / outer-product kernels at
// every size: OpenBLAS 0.3.21 packs them like full products, 2–4× slower (docs/performance.md).
inline constexpr double kBlasThreshold = 64.0 * 64.0 * 64.0;

// Threads OpenBLAS may use for the large products (default: its own, all cores).
void set_blas_threads(int n);
int blas_threads();

void gemm(const Matrix& a, Trans ta, const Matrix& b, Trans tb, Matrix& c, Accumulate acc);
// The same on raw column-major blocks: C (m×n, column stride ldc) = op(A) op(B) (+ C), where
// op(A) is m×k and A has column stride lda (likewise B, ldb).
void gemm(Index m, Index n, Index k, const double* a, Index lda, Trans ta, const double* b, Index ldb, Trans tb,
          double* c, Index ldc, Accumulate acc);
// float32 on raw blocks (problems::ShallowReluBatch<float>; Clarke mode's sign-only products):
// Eigen's blocked GEMM where it is the double one's choice above, else OpenBLAS's sgemm.
void gemm(Index m, Index n, Index k, const float* a, Index lda, Trans ta, const float* b, Index ldb, Trans tb, float* c,
          Index ldc, Accumulate acc);
// The same into a view of the product's shape (e.g. a run of columns of a larger matrix).
void gemm(const Matrix& a, Trans ta, const Matrix& b, Trans tb, Eigen::Map<Matrix> c, Accumulate acc);

}  // namespace fdl::ad
