#include "small_gemm.hpp"

#if defined(__AVX512F__)
#include <immintrin.h>

#include <algorithm>
#include <array>
#include <utility>
#include <vector>
#endif

namespace fdl::ad::detail {

#if defined(__AVX512F__)
namespace {

constexpr int kRowVectors = 2;  // a tile is 16 rows (two vectors of 8 doubles) …
constexpr int kTileCols = 12;   // … × 12 columns: 24 accumulators of the 32 registers
constexpr Index kPackFromCols = 16;  // Aᵀ is copied transposed only when at least this many columns share the copy

// op(B)[p, j] = b[p·bp + j·bj]: (1, ldb) for B, (ldb, 1) for Bᵀ.
struct Rhs {
  const double* b;
  Index bp, bj;
};

// Where Y = relu(C) is formed in the same pass (small_gemm_relu): Y (C's column stride), and b, y
// of the folded product y = Y b (b null: none), each at the block's first row or column.
struct ReluOut {
  double* y;
  const double* b;
  double* yb;
};

// C[0:8·MV, 0:NR] (=|+=) A[0:8·MV, 0:k] · op(B)[0:k, 0:NR]; the last row vector is masked by `last`.
// Relu: C assigned, Y = relu(C) stored beside it and Y b added to y while the tile is in registers.
template <int MV, int NR, bool Relu>
void tile(const double* a, Index lda, Rhs rhs, double* c, Index ldc, Index k, __mmask8 last, Accumulate acc, ReluOut out) {
  __m512d sum[MV][NR];
#pragma GCC unroll 16
  for (int j = 0; j < NR; ++j)
#pragma GCC unroll 2
    for (int r = 0; r < MV; ++r) sum[r][j] = _mm512_setzero_pd();
  for (Index p = 0; p < k; ++p) {
    __m512d column[MV];
#pragma GCC unroll 2
    for (int r = 0; r < MV; ++r)
      column[r] = r == MV - 1 ? _mm512_maskz_loadu_pd(last, a + 8 * r + p * lda) : _mm512_loadu_pd(a + 8 * r + p * lda);
    const double* row = rhs.b + p * rhs.bp;
#pragma GCC unroll 16
    for (int j = 0; j < NR; ++j) {
      const __m512d bpj = _mm512_set1_pd(row[j * rhs.bj]);
#pragma GCC unroll 2
      for (int r = 0; r < MV; ++r) sum[r][j] = _mm512_fmadd_pd(column[r], bpj, sum[r][j]);
    }
  }
  __m512d yb[MV];
#pragma GCC unroll 2
  for (int r = 0; r < MV; ++r) yb[r] = _mm512_setzero_pd();
#pragma GCC unroll 16
  for (int j = 0; j < NR; ++j)
#pragma GCC unroll 2
    for (int r = 0; r < MV; ++r) {
      double* cij = c + 8 * r + j * ldc;
      const __mmask8 mask = r == MV - 1 ? last : __mmask8(0xFF);
      if (!Relu && acc == Accumulate::yes) sum[r][j] = _mm512_add_pd(sum[r][j], _mm512_maskz_loadu_pd(mask, cij));
      _mm512_mask_storeu_pd(cij, mask, sum[r][j]);
      if constexpr (Relu) {
        const __m512d y = _mm512_maskz_mov_pd(_mm512_cmp_pd_mask(sum[r][j], _mm512_setzero_pd(), _CMP_GT_OQ), sum[r][j]);
        _mm512_mask_storeu_pd(out.y + 8 * r + j * ldc, mask, y);
        if (out.b) yb[r] = _mm512_fmadd_pd(y, _mm512_set1_pd(out.b[j]), yb[r]);
      }
    }
  if (Relu && out.b)
#pragma GCC unroll 2
    for (int r = 0; r < MV; ++r) {
      const __mmask8 mask = r == MV - 1 ? last : __mmask8(0xFF);
      _mm512_mask_storeu_pd(out.yb + 8 * r, mask, _mm512_add_pd(yb[r], _mm512_maskz_loadu_pd(mask, out.yb + 8 * r)));
    }
}

// All m rows of NR columns: full 16-row tiles, then one masked tile of the 1–15 rows left.
template <int NR, bool Relu>
void column_block(Index m, Index k, const double* a, Index lda, Rhs rhs, double* c, Index ldc, Accumulate acc, ReluOut out) {
  constexpr Index kTileRows = 8 * kRowVectors;
  auto at = [&](Index i) { return ReluOut{Relu ? out.y + i : nullptr, out.b, out.b ? out.yb + i : nullptr}; };
  Index i = 0;
  for (; i + kTileRows <= m; i += kTileRows) tile<kRowVectors, NR, Relu>(a + i, lda, rhs, c + i, ldc, k, 0xFF, acc, at(i));
  const Index rest = m - i;
  if (rest > 8) tile<2, NR, Relu>(a + i, lda, rhs, c + i, ldc, k, __mmask8((1u << (rest - 8)) - 1), acc, at(i));
  else if (rest > 0) tile<1, NR, Relu>(a + i, lda, rhs, c + i, ldc, k, __mmask8((1u << rest) - 1), acc, at(i));
}

using ColumnBlock = void (*)(Index, Index, const double*, Index, Rhs, double*, Index, Accumulate, ReluOut);

template <bool Relu, std::size_t... NR>
constexpr std::array<ColumnBlock, sizeof...(NR)> column_blocks(std::index_sequence<NR...>) {
  return {&column_block<static_cast<int>(NR) + 1, Relu>...};
}
template <bool Relu>  // [nr − 1]: nr columns
constexpr auto kColumnBlock = column_blocks<Relu>(std::make_index_sequence<kTileCols>());

// C = or += op(A) op(B) by column blocks of kTileCols (Relu: and Y = relu(C), y = Y b).
template <bool Relu>
void column_blocks(Index m, Index n, Index k, const double* a, Index lda, const double* b, Index ldb, Trans tb, double* c,
                   Index ldc, Accumulate acc, ReluOut out) {
  const Index bp = tb == Trans::yes ? ldb : 1, bj = tb == Trans::yes ? 1 : ldb;
  auto at = [&](Index j) { return ReluOut{Relu ? out.y + j * ldc : nullptr, out.b ? out.b + j : nullptr, out.yb}; };
  Index j = 0;
  for (; j + kTileCols <= n; j += kTileCols)
    column_block<kTileCols, Relu>(m, k, a, lda, {b + j * bj, bp, bj}, c + j * ldc, ldc, acc, at(j));
  if (j < n)
    kColumnBlock<Relu>[static_cast<std::size_t>(n - j - 1)](m, k, a, lda, {b + j * bj, bp, bj}, c + j * ldc, ldc, acc, at(j));
}

// y[0:8·NV] (=|+=) A[0:8·NV, 0:k] x, the last vector masked by `last`: two sets of accumulators
// (even and odd p) so that the FMA latency overlaps.
template <int NV>
void column_sweep(const double* a, Index lda, const double* x, double* y, Index k, __mmask8 last, Accumulate acc) {
  __m512d even[NV], odd[NV];
#pragma GCC unroll 4
  for (int r = 0; r < NV; ++r) even[r] = odd[r] = _mm512_setzero_pd();
  auto load = [&](int r, Index p) {
    return r == NV - 1 ? _mm512_maskz_loadu_pd(last, a + 8 * r + p * lda) : _mm512_loadu_pd(a + 8 * r + p * lda);
  };
  Index p = 0;
  for (; p + 2 <= k; p += 2) {
    const __m512d x0 = _mm512_set1_pd(x[p]), x1 = _mm512_set1_pd(x[p + 1]);
#pragma GCC unroll 4
    for (int r = 0; r < NV; ++r) {
      even[r] = _mm512_fmadd_pd(load(r, p), x0, even[r]);
      odd[r] = _mm512_fmadd_pd(load(r, p + 1), x1, odd[r]);
    }
  }
  if (p < k)
#pragma GCC unroll 4
    for (int r = 0; r < NV; ++r) even[r] = _mm512_fmadd_pd(load(r, p), _mm512_set1_pd(x[p]), even[r]);
#pragma GCC unroll 4
  for (int r = 0; r < NV; ++r) {
    const __mmask8 mask = r == NV - 1 ? last : __mmask8(0xFF);
    __m512d sum = _mm512_add_pd(even[r], odd[r]);
    if (acc == Accumulate::yes) sum = _mm512_add_pd(sum, _mm512_maskz_loadu_pd(mask, y + 8 * r));
    _mm512_mask_storeu_pd(y + 8 * r, mask, sum);
  }
}

// The sums of v[0], …, v[N − 1] (N ≤ 8) as the lanes of one vector (the others zero): three
// rounds of adds between vectors paired by unpack and 128-bit shuffles, 21 instructions for eight
// sums where eight horizontal reductions take about 56.
template <int N>
inline __m512d sums8(const __m512d* v) {
  __m512d w[8], t[4], s[2];
#pragma GCC unroll 8
  for (int i = 0; i < 8; ++i) w[i] = i < N ? v[i] : _mm512_setzero_pd();
#pragma GCC unroll 4
  for (int q = 0; q < 4; ++q)  // t[q], 128-bit lane l: the sums of w[2q]'s and w[2q+1]'s entries 2l, 2l+1
    t[q] = _mm512_add_pd(_mm512_unpacklo_pd(w[2 * q], w[2 * q + 1]), _mm512_unpackhi_pd(w[2 * q], w[2 * q + 1]));
#pragma GCC unroll 2
  for (int h = 0; h < 2; ++h)  // s[h]: w[4h], w[4h+1] summed over lanes 0–1 and 2–3, then w[4h+2], w[4h+3]
    s[h] = _mm512_add_pd(_mm512_shuffle_f64x2(t[2 * h], t[2 * h + 1], 0x88),
                         _mm512_shuffle_f64x2(t[2 * h], t[2 * h + 1], 0xDD));
  return _mm512_add_pd(_mm512_shuffle_f64x2(s[0], s[1], 0x88), _mm512_shuffle_f64x2(s[0], s[1], 0xDD));
}

// C[r, c] (=|+=) U[:, r] · V[:, c] for r < R, c < NC: R·NC dot products of length k side by side
// (U, V column-major with strides ldu, ldv; C with column stride ldc).
template <int R, int NC>
void dot_tile(const double* u, Index ldu, const double* v, Index ldv, double* c, Index ldc, Index k, Accumulate acc) {
  __m512d sum[R][NC];
#pragma GCC unroll 3
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 8
    for (int j = 0; j < NC; ++j) sum[r][j] = _mm512_setzero_pd();
  auto step = [&](Index p, __mmask8 mask) {
    __m512d ur[R];
#pragma GCC unroll 3
    for (int r = 0; r < R; ++r) ur[r] = _mm512_maskz_loadu_pd(mask, u + p + r * ldu);
#pragma GCC unroll 8
    for (int j = 0; j < NC; ++j) {
      const __m512d vj = _mm512_maskz_loadu_pd(mask, v + p + j * ldv);
#pragma GCC unroll 3
      for (int r = 0; r < R; ++r) sum[r][j] = _mm512_fmadd_pd(ur[r], vj, sum[r][j]);
    }
  };
  Index p = 0;
  for (; p + 8 <= k; p += 8) step(p, 0xFF);
  if (p < k) step(p, __mmask8((1u << (k - p)) - 1));
#pragma GCC unroll 3
  for (int r = 0; r < R; ++r) {  // row r of C: the NC sums at once
    const __m512d row = sums8<NC>(sum[r]);
    constexpr __mmask8 out = __mmask8((1u << NC) - 1);
    if (ldc == 1) {
      _mm512_mask_storeu_pd(c + r, out, acc == Accumulate::yes ? _mm512_add_pd(row, _mm512_maskz_loadu_pd(out, c + r)) : row);
      continue;
    }
    alignas(64) double sums[8];
    _mm512_store_pd(sums, row);
#pragma GCC unroll 8
    for (int j = 0; j < NC; ++j) {
      double& cij = c[r + j * ldc];
      cij = (acc == Accumulate::yes ? cij : 0.0) + sums[j];
    }
  }
}

constexpr int kDotRows = 3;  // at most 3 rows …
constexpr int kDotCols = 8;  // … × 8 columns of dot products at a time

using DotTile = void (*)(const double*, Index, const double*, Index, double*, Index, Index, Accumulate);

template <int R, std::size_t... NC>
constexpr std::array<DotTile, sizeof...(NC)> dot_row(std::index_sequence<NC...>) {
  return {&dot_tile<R, static_cast<int>(NC) + 1>...};
}
// [R − 1][NC − 1]: the R × NC tile
constexpr std::array<std::array<DotTile, kDotCols>, kDotRows> kDotTile = {
    dot_row<1>(std::make_index_sequence<kDotCols>()), dot_row<2>(std::make_index_sequence<kDotCols>()),
    dot_row<3>(std::make_index_sequence<kDotCols>())};

// C[0:R, 0:n] (=|+=) Uᵀ V for U k×R (R ≤ 3) and V k×n: eight columns at a time.
void dot_rows(int R, Index n, Index k, const double* u, Index ldu, const double* v, Index ldv, double* c, Index ldc,
              Accumulate acc) {
  const auto& row = kDotTile[static_cast<std::size_t>(R - 1)];
  Index j = 0;
  for (; j + kDotCols <= n; j += kDotCols) row[kDotCols - 1](u, ldu, v + j * ldv, ldv, c + j * ldc, ldc, k, acc);
  if (j < n) row[static_cast<std::size_t>(n - j - 1)](u, ldu, v + j * ldv, ldv, c + j * ldc, ldc, k, acc);
}

// relu's backward from ȳ = Σ_k u_k v_kᵀ (R terms) fused with Aᵀ X̄, for columns j0 … j0 + NC − 1
// of X̄ (rows n): X̄[:, j] = [y_j > 0] ⊙ Σ_k u_k v_k[j], eight rows at a time, and while they are
// in registers the D dot products with A's columns (B̄[:, j] = Aᵀ X̄[:, j], summed by sums8) and
// y_jᵀ u_0 (into owed[j]).
template <int R, int D, int NC>
void relu_outer_columns(Index n, const double* y, const double* const* u, const double* const* v, Index j0, double* xbar,
                        const double* a, Index lda, double* bbar, Index ldb, Accumulate acc, double* owed) {
  y += j0 * n, xbar += j0 * n, bbar += j0 * ldb;
  if (owed) owed += j0;
  const double *u0 = u[0], *u1 = u[R - 1];  // (locals: the stores to X̄ might alias u's array)
  __m512d sum[NC][D], dot[NC];
#pragma GCC unroll 2
  for (int j = 0; j < NC; ++j) {
    dot[j] = _mm512_setzero_pd();
#pragma GCC unroll 16
    for (int c = 0; c < D; ++c) sum[j][c] = _mm512_setzero_pd();
  }
  __m512d vj[R][NC];
#pragma GCC unroll 2
  for (int k = 0; k < R; ++k)
#pragma GCC unroll 2
    for (int j = 0; j < NC; ++j) vj[k][j] = _mm512_set1_pd(v[k][j0 + j]);
  auto step = [&](Index p, __mmask8 in) {
    const bool full = in == 0xFF;
    auto load = [&](const double* x) { return full ? _mm512_loadu_pd(x) : _mm512_maskz_loadu_pd(in, x); };
    const __m512d up = load(u0 + p), up1 = R == 2 ? load(u1 + p) : up;
    __m512d z[NC];
#pragma GCC unroll 2
    for (int j = 0; j < NC; ++j) {
      const __m512d yp = load(y + p + j * n);
      const __mmask8 positive = _mm512_cmp_pd_mask(yp, _mm512_setzero_pd(), _CMP_GT_OQ);
      if (R == 1) z[j] = _mm512_maskz_mul_pd(positive, up, vj[0][j]);
      else z[j] = _mm512_maskz_mov_pd(positive, _mm512_fmadd_pd(up1, vj[R - 1][j], _mm512_mul_pd(up, vj[0][j])));
      if (full) _mm512_storeu_pd(xbar + p + j * n, z[j]);
      else _mm512_mask_storeu_pd(xbar + p + j * n, in, z[j]);
      dot[j] = _mm512_fmadd_pd(yp, up, dot[j]);
    }
#pragma GCC unroll 16
    for (int c = 0; c < D; ++c) {
      __m512d ac = load(a + p + c * lda);
      asm("" : "+v"(ac));  // one load of A's column for the NC products
#pragma GCC unroll 2
      for (int j = 0; j < NC; ++j) sum[j][c] = _mm512_fmadd_pd(ac, z[j], sum[j][c]);
    }
  };
  Index p = 0;
  for (; p + 8 <= n; p += 8) step(p, 0xFF);
  if (p < n) step(p, __mmask8((1u << (n - p)) - 1));
#pragma GCC unroll 2
  for (int j = 0; j < NC; ++j) {
    auto put = [&](int c0, __m512d s, __mmask8 out) {
      double* b = bbar + c0 + j * ldb;
      if (acc == Accumulate::yes) s = _mm512_add_pd(s, _mm512_maskz_loadu_pd(out, b));
      _mm512_mask_storeu_pd(b, out, s);
    };
    constexpr int head = D < 8 ? D : 8;
    put(0, sums8<head>(sum[j]), __mmask8((1u << head) - 1));
    if constexpr (D > 8) put(8, sums8<D - 8>(sum[j] + 8), __mmask8((1u << (D - 8)) - 1));
    if (owed) owed[j] += _mm512_reduce_add_pd(dot[j]);
  }
}

constexpr int kFusedRows = 12;  // relu_outer_product: A with at most this many columns

using OuterColumns = void (*)(Index, const double*, const double* const*, const double* const*, Index, double*,
                              const double*, Index, double*, Index, Accumulate, double*);

template <int R, std::size_t... D>
constexpr std::array<std::array<OuterColumns, 2>, sizeof...(D)> outer_columns(std::index_sequence<D...>) {
  return {std::array<OuterColumns, 2>{&relu_outer_columns<R, static_cast<int>(D) + 1, 1>,
                                      &relu_outer_columns<R, static_cast<int>(D) + 1, 2>}...};
}
// [R − 1][D − 1][NC − 1]
constexpr std::array<std::array<std::array<OuterColumns, 2>, kFusedRows>, 2> kOuterColumns = {
    outer_columns<1>(std::make_index_sequence<kFusedRows>()), outer_columns<2>(std::make_index_sequence<kFusedRows>())};

// B[0:nc, 0:nr] (=|+=) A[0:nr, 0:nc]ᵀ for one block of at most 8 × 8 (`rows` masks A's rows,
// `cols` B's): columns of A loaded, transposed in registers (pairs, quadruples, halves), and
// stored as columns of B.
void transpose_block(const double* a, Index lda, double* b, Index ldb, int nr, int nc, Accumulate acc) {
  const __mmask8 rows = __mmask8((1u << nr) - 1), cols = __mmask8((1u << nc) - 1);
  __m512d r[8], t[8], s[8];
  for (int j = 0; j < 8; ++j) r[j] = j < nc ? _mm512_maskz_loadu_pd(rows, a + j * lda) : _mm512_setzero_pd();
  for (int j = 0; j < 8; j += 2) {  // t[j] = (r_j[0], r_{j+1}[0], r_j[2], …), t[j+1] the odd entries
    t[j] = _mm512_unpacklo_pd(r[j], r[j + 1]);
    t[j + 1] = _mm512_unpackhi_pd(r[j], r[j + 1]);
  }
  const __m512i even = _mm512_setr_epi64(0, 1, 8, 9, 4, 5, 12, 13), odd = _mm512_setr_epi64(2, 3, 10, 11, 6, 7, 14, 15);
  for (int h = 0; h < 8; h += 4)  // s[h + q] = (r_h[q], …, r_{h+3}[q], r_h[q+4], …, r_{h+3}[q+4]), q < 4
    for (int q = 0; q < 2; ++q) {
      s[h + q] = _mm512_permutex2var_pd(t[h + q], even, t[h + 2 + q]);
      s[h + 2 + q] = _mm512_permutex2var_pd(t[h + q], odd, t[h + 2 + q]);
    }
  for (int q = 0; q < 4; ++q) {  // column q of B: s[q]'s low half, s[4 + q]'s low half; q + 4 the high halves
    const __m512d lo = _mm512_shuffle_f64x2(s[q], s[4 + q], 0x44), hi = _mm512_shuffle_f64x2(s[q], s[4 + q], 0xEE);
    const __m512d out[2] = {lo, hi};
    for (int half = 0; half < 2; ++half) {
      const int i = q + 4 * half;
      if (i >= nr) continue;
      double* bi = b + i * ldb;
      const __m512d v = acc == Accumulate::yes ? _mm512_add_pd(out[half], _mm512_maskz_loadu_pd(cols, bi)) : out[half];
      _mm512_mask_storeu_pd(bi, cols, v);
    }
  }
}

}  // namespace

bool transpose(Index rows, Index cols, const double* a, Index lda, double* b, Index ldb, Accumulate acc) {
  for (Index j = 0; j < cols; j += 8)
    for (Index i = 0; i < rows; i += 8)
      transpose_block(a + i + j * lda, lda, b + j + i * ldb, ldb, static_cast<int>(rows - i < 8 ? rows - i : 8),
                      static_cast<int>(cols - j < 8 ? cols - j : 8), acc);
  return true;
}

bool small_gemv(Trans t, Index rows, Index cols, const double* a, Index lda, const double* x, double* y, Accumulate acc) {
  if (rows == 0 || cols == 0) return false;
  if (t == Trans::no) {  // y = A x: 32 rows at a time, swept along the columns
    for (Index i = 0; i < rows; i += 32) {
      const Index left = rows - i < 32 ? rows - i : 32;
      const __mmask8 last = left % 8 == 0 ? __mmask8(0xFF) : __mmask8((1u << (left % 8)) - 1);
      switch ((left + 7) / 8) {
        case 1: column_sweep<1>(a + i, lda, x, y + i, cols, last, acc); break;
        case 2: column_sweep<2>(a + i, lda, x, y + i, cols, last, acc); break;
        case 3: column_sweep<3>(a + i, lda, x, y + i, cols, last, acc); break;
        default: column_sweep<4>(a + i, lda, x, y + i, cols, last, acc); break;
      }
    }
    return true;
  }
  dot_rows(1, cols, rows, x, rows, a, lda, y, 1, acc);  // yᵀ = xᵀ A: eight dot products at a time
  return true;
}

bool small_gemm(Index m, Index n, Index k, const double* a, Index lda, Trans ta, const double* b, Index ldb, Trans tb,
                double* c, Index ldc, Accumulate acc) {
  if (m == 0 || n == 0 || k == 0 || (ta == Trans::yes && n < kPackFromCols)) return false;
  // Aᵀ B: the 1–3 rows past a multiple of 8 as dot products of A's and B's columns (both
  // contiguous), rather than as vectors mostly masked off.
  const Index dot = ta == Trans::yes && tb == Trans::no && m % 8 <= kDotRows ? m % 8 : 0;
  if (dot > 0) dot_rows(static_cast<int>(dot), n, k, a + (m - dot) * lda, lda, b, ldb, c + (m - dot), ldc, acc);
  m -= dot;
  if (m == 0) return true;
  if (ta == Trans::yes) {  // op(A) = Aᵀ, m×k, copied to contiguous columns
    thread_local std::vector<double> packed;
    if (packed.size() < static_cast<std::size_t>(m * k)) packed.resize(static_cast<std::size_t>(m * k));
    double* at = packed.data();
    transpose(k, m, a, lda, at, m, Accumulate::no);
    a = at;
    lda = m;
  }
  column_blocks<false>(m, n, k, a, lda, b, ldb, tb, c, ldc, acc, {nullptr, nullptr, nullptr});
  return true;
}

bool small_gemm_relu(Index m, Index n, Index k, const double* a, Index lda, const double* b, Index ldb, Trans tb,
                     double* c, double* y, Index ldc, const double* col, double* ycol) {
  if (m == 0 || n == 0 || k == 0 || double(m) * double(n) * double(k) >= kBlasThreshold) return false;
  if (col) std::fill(ycol, ycol + m, 0.0);
  column_blocks<true>(m, n, k, a, lda, b, ldb, tb, c, ldc, Accumulate::no, {y, col, col ? ycol : nullptr});
  return true;
}

bool relu_outer_product_fits(Index d) { return d >= 1 && d <= kFusedRows; }

bool relu_outer_product(Index n, Index m, const double* y, int rank, const double* const* u, const double* const* v,
                        double* xbar, const double* a, Index lda, Index d, double* bbar, Index ldb, Accumulate acc,
                        double* owed) {
  if (n == 0 || m == 0 || rank < 1 || rank > 2 || !relu_outer_product_fits(d)) return false;
  const auto& columns = kOuterColumns[static_cast<std::size_t>(rank - 1)][static_cast<std::size_t>(d - 1)];
  Index j = 0;
  for (; j + 2 <= m; j += 2) columns[1](n, y, u, v, j, xbar, a, lda, bbar, ldb, acc, owed);
  if (j < m) columns[0](n, y, u, v, j, xbar, a, lda, bbar, ldb, acc, owed);
  return true;
}

#else

bool relu_outer_product_fits(Index) { return false; }

bool relu_outer_product(Index, Index, const double*, int, const double* const*, const double* const*, double*,
                        const double*, Index, Index, double*, Index, Accumulate, double*) {
  return false;
}

bool transpose(Index, Index, const double*, Index, double*, Index, Accumulate) { return false; }

bool small_gemv(Trans, Index, Index, const double*, Index, const double*, double*, Accumulate) { return false; }

bool small_gemm(Index, Index, Index, const double*, Index, Trans, const double*, Index, Trans, double*, Index, Accumulate) {
  return false;
}

bool small_gemm_relu(Index, Index, Index, const double*, Index, const double*, Index, Trans, double*, double*, Index,
                     const double*, double*) {
  return false;
}

#endif

}  // namespace fdl::ad::detail
