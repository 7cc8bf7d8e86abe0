// C = op(A) op(B) (+ C) for the small products of a traced graph (m·n·k below kBlasThreshold),
// by a register-tiled AVX-512 kernel without packing: per tile of 16 rows × 12 columns of C,
// C[i:i+16, j:j+12] = Σ_p op(A)[i:i+16, p] · op(B)[p, j:j+12], two vectors of op(A)'s column
// times twelve broadcast entries of op(B) into 24 accumulators (the rule of every GEMM
// micro-kernel, e.g. Goto & van de Geijn 2008, without the packing that only pays for large
// k). op(A)'s columns must be contiguous, so Aᵀ is first copied transposed (m·k copies, worth it
// from n ≥ 16 on). Rows past a multiple of 8 are masked loads and stores.
//
// Aᵀ B's 1–3 rows past a multiple of 8 are dot products of A's and B's columns instead; matrix-
// vector products have their own two kernels (small_gemv).
//
// Eigen's GEMM packs both operands and blocks for caches; at (100, 100, 10) that is half its time.
// Measured on Zen 5 (fdl_bench gemm/small/…): X Wᵀ at (100, 100, 10) 2.9 µs against Eigen's 4.6;
// Xᵀ H̄ at (10, 100, 100) 3.9 against 6.1 (docs/performance.md).
#pragma once

#include "fdl/ad/gemm.hpp"

namespace fdl::ad::detail {

// C (m×n, column stride ldc) = or += op(A) op(B); A, B column-major with strides lda, ldb.
// Returns false, touching nothing, where this build has no kernel (no AVX-512) or the shape does
// not pay (Aᵀ with n < 16, an empty dimension): the caller then uses Eigen.
bool small_gemm(Index m, Index n, Index k, const double* a, Index lda, Trans ta, const double* b, Index ldb, Trans tb,
                double* c, Index ldc, Accumulate acc);

// C = A op(B) (m×n, column stride ldc) and Y = relu(C) (the same shape and stride) in one pass:
// each tile of C stored twice, as it is and with its negative entries zeroed, while it is in
// registers; where `col` (n entries) is given, also ycol (m) = Y col. Returns false, touching
// nothing, where this build has no kernel, a dimension is empty or m·n·k ≥ kBlasThreshold.
bool small_gemm_relu(Index m, Index n, Index k, const double* a, Index lda, const double* b, Index ldb, Trans tb,
                     double* c, double* y, Index ldc, const double* col, double* ycol);

// relu's backward from Ȳ = Σ_k u_k v_kᵀ (rank 1 or 2 terms) fused with the product X = A B that
// formed its input: for Y n×m (contiguous), X̄ = [Y > 0] ⊙ Ȳ (assigned, n×m contiguous), B̄ (d×m,
// column stride ldb) = or += Aᵀ X̄ (A n×d, column stride lda), and where `owed` is given, owed
// (m) += Yᵀ u_0; one pass over Y with X̄'s columns in registers for the products. Returns false,
// touching nothing, where this build has no kernel, a dimension is empty, the rank is not 1 or
// 2, or d > 12 (relu_outer_product_fits).
bool relu_outer_product_fits(Index d);
bool relu_outer_product(Index n, Index m, const double* y, int rank, const double* const* u, const double* const* v,
                        double* xbar, const double* a, Index lda, Index d, double* bbar, Index ldb, Accumulate acc,
                        double* owed);

// y = or += op(A) x for A rows×cols (column stride lda), x and y contiguous: A x swept along
// A's columns with 32 rows of y in registers, or Aᵀ x as eight dot products at a time. Returns
// false where this build has no kernel or A is empty.
bool small_gemv(Trans t, Index rows, Index cols, const double* a, Index lda, const double* x, double* y, Accumulate acc);

// B (cols×rows, column stride ldb) = or += Aᵀ for A rows×cols (column stride lda), in 8 × 8
// blocks transposed in registers. Returns false, touching nothing, where this build has no kernel.
bool transpose(Index rows, Index cols, const double* a, Index lda, double* b, Index ldb, Accumulate acc);

}  // namespace fdl::ad::detail
