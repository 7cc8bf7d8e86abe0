// gemm(a, ta, b, tb, c, acc) computes c = op(a) op(b) (or adds it to c) for every transpose
// combination, on every side of the small-kernel / Eigen / OpenBLAS dispatch, and for vector-shaped products
// (m, n or k = 1), which stay in Eigen at every size; into a Matrix or into a view of columns.
#include "fdl/ad/gemm.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <tuple>

namespace fdl::ad {
namespace {

Matrix operand(Index rows, Index cols, Trans t, unsigned seed) {
  std::srand(seed);
  return t == Trans::yes ? Matrix(Matrix::Random(cols, rows)) : Matrix(Matrix::Random(rows, cols));
}

Matrix op(const Matrix& x, Trans t) { return t == Trans::yes ? Matrix(x.transpose()) : x; }

class GemmShapes : public testing::TestWithParam<std::tuple<Index, Index, Index>> {};

TEST_P(GemmShapes, EveryTransposeAndAccumulateAgreesWithEigen) {
  auto [m, n, k] = GetParam();
  // On one thread the large products may take Eigen's blocked GEMM instead of OpenBLAS (on
  // AVX-512 builds over a narrower OpenBLAS core): both sides of that choice.
  const int threads = blas_threads();
  for (int t : {threads, 1}) {
    set_blas_threads(t);
    for (Trans ta : {Trans::no, Trans::yes})
      for (Trans tb : {Trans::no, Trans::yes}) {
        Matrix a = operand(m, k, ta, 1), b = operand(k, n, tb, 2);
        Matrix expected = op(a, ta) * op(b, tb);
        Matrix c;
        gemm(a, ta, b, tb, c, Accumulate::no);
        ASSERT_EQ(c.rows(), m);
        ASSERT_EQ(c.cols(), n);
        EXPECT_LE((c - expected).cwiseAbs().maxCoeff(), 1e-12 * double(k)) << m << "x" << n << "x" << k;
        Matrix start = Matrix::Constant(m, n, 0.5);
        c = start;
        gemm(a, ta, b, tb, c, Accumulate::yes);
        EXPECT_LE((c - start - expected).cwiseAbs().maxCoeff(), 1e-12 * double(k)) << m << "x" << n << "x" << k;
        // Into a view: columns [2, 2 + n) of a wider matrix, whose other columns stay as they were.
        Matrix wide = Matrix::Constant(m, n + 4, 0.25);
        gemm(a, ta, b, tb, Eigen::Map<Matrix>(wide.col(2).data(), m, n), Accumulate::no);
        EXPECT_LE((wide.middleCols(2, n) - expected).cwiseAbs().maxCoeff(), 1e-12 * double(k)) << m << "x" << n << "x" << k;
        gemm(a, ta, b, tb, Eigen::Map<Matrix>(wide.col(2).data(), m, n), Accumulate::yes);
        EXPECT_LE((wide.middleCols(2, n) - 2 * expected).cwiseAbs().maxCoeff(), 2e-12 * double(k)) << m << "x" << n << "x" << k;
        EXPECT_TRUE((wide.leftCols(2).array() == 0.25).all() && (wide.rightCols(2).array() == 0.25).all());
      }
  }
  set_blas_threads(threads);
}

using Shape = std::tuple<Index, Index, Index>;

// Small (the register-tiled kernel where the build has AVX-512, else Eigen), at the threshold
// and beyond Eigen's cache blocks (OpenBLAS, or Eigen's blocked GEMM on one thread), and
// vector-shaped with m·n·k above it.
INSTANTIATE_TEST_SUITE_P(Dispatch, GemmShapes,
                         testing::Values(Shape{3, 4, 5}, Shape{64, 64, 64}, Shape{70, 65, 80}, Shape{300, 200, 350},
                                         Shape{700, 1, 500}, Shape{1, 700, 500}, Shape{600, 500, 1}));

// The small kernel's edges: rows around its vector (8) and tile (16) heights, columns around its
// tile width (12) and the width from which Aᵀ is copied (16), k = 2 (the smallest it takes), the
// net's shapes (100, 100, 10) and (10, 100, 100); for Aᵀ B, 1–3 rows past a multiple of 8 (dot
// products) and only such rows (m = 3).
INSTANTIATE_TEST_SUITE_P(SmallKernel, GemmShapes,
                         testing::Values(Shape{2, 2, 2}, Shape{7, 13, 3}, Shape{8, 12, 2}, Shape{9, 11, 4}, Shape{15, 15, 7},
                                         Shape{16, 16, 16}, Shape{17, 25, 9}, Shape{33, 24, 5}, Shape{100, 100, 10},
                                         Shape{10, 100, 100}, Shape{100, 10, 100}, Shape{31, 17, 33}, Shape{3, 20, 13},
                                         Shape{11, 16, 9}));

// The matrix-vector kernels: rows around 8 and 32 (one sweep), lengths around 8 (the dot
// products' vector), dot products (m = n = 1), one column (k = 1).
INSTANTIATE_TEST_SUITE_P(SmallVectorKernel, GemmShapes,
                         testing::Values(Shape{1, 1, 9}, Shape{1, 1, 16}, Shape{9, 1, 1}, Shape{1, 9, 1}, Shape{7, 1, 3},
                                         Shape{33, 1, 17}, Shape{1, 33, 17}, Shape{32, 1, 8}, Shape{1, 15, 7},
                                         Shape{100, 1, 100}, Shape{1, 100, 100}));

// The raw-pointer form on blocks of larger matrices (column strides past the block's rows),
// including the vector shapes whose vector is a strided row: the padding stays untouched.
TEST(GemmBlocks, StridedBlocksAgreeWithEigen) {
  const int threads = blas_threads();
  set_blas_threads(1);  // (the large shape: Eigen's blocked GEMM where it beats one OpenBLAS thread)
  for (auto [m, n, k] : {Shape{20, 30, 7}, Shape{10, 40, 50}, Shape{1, 12, 9}, Shape{12, 1, 9}, Shape{1, 1, 9}, Shape{90, 70, 80}})
    for (Trans ta : {Trans::no, Trans::yes})
      for (Trans tb : {Trans::no, Trans::yes}) {
        Matrix a_full = operand(m + 3, k + 3, ta, 3), b_full = operand(k + 2, n + 2, tb, 4);
        const Index a_rows = ta == Trans::yes ? k : m, b_rows = tb == Trans::yes ? n : k;
        const Matrix a = a_full.topLeftCorner(a_rows, ta == Trans::yes ? m : k);
        const Matrix b = b_full.topLeftCorner(b_rows, tb == Trans::yes ? k : n);
        const Matrix expected = op(a, ta) * op(b, tb);
        Matrix c_full = Matrix::Constant(m + 2, n, 0.25);
        gemm(m, n, k, a_full.data(), a_full.rows(), ta, b_full.data(), b_full.rows(), tb, c_full.data(), c_full.rows(),
             Accumulate::yes);
        EXPECT_LE((c_full.topRows(m).array() - 0.25 - expected.array()).abs().maxCoeff(), 1e-12 * double(k))
            << m << "x" << n << "x" << k << " ta " << bool(ta) << " tb " << bool(tb);
        EXPECT_TRUE((c_full.bottomRows(2).array() == 0.25).all());
      }
  set_blas_threads(threads);
}

// float32 (problems::ShallowReluBatch<float>): the raw form in float on blocks of larger
// matrices, every transpose, = and +=, on both sides of the Eigen / OpenBLAS choice, against the
// double product of the same float entries (float rounding: a few ulps of float times k).
TEST(GemmFloat, EveryTransposeAndAccumulateAgreesWithTheDoubleProduct) {
  using FloatMatrix = Eigen::MatrixXf;
  const int threads = blas_threads();
  for (int t : {threads, 1}) {
    set_blas_threads(t);
    for (auto [m, n, k] : {Shape{3, 4, 5}, Shape{70, 65, 80}, Shape{300, 200, 350}})
      for (Trans ta : {Trans::no, Trans::yes})
        for (Trans tb : {Trans::no, Trans::yes}) {
          const FloatMatrix a_full = operand(m + 3, k + 3, ta, 5).cast<float>();
          const FloatMatrix b_full = operand(k + 2, n + 2, tb, 6).cast<float>();
          const Matrix a = a_full.topLeftCorner(ta == Trans::yes ? k : m, ta == Trans::yes ? m : k).cast<double>();
          const Matrix b = b_full.topLeftCorner(tb == Trans::yes ? n : k, tb == Trans::yes ? k : n).cast<double>();
          const Matrix expected = op(a, ta) * op(b, tb);
          const double tolerance = 4e-7 * double(k);
          for (Accumulate acc : {Accumulate::no, Accumulate::yes}) {
            FloatMatrix c_full = FloatMatrix::Constant(m + 2, n, 0.25f);
            gemm(m, n, k, a_full.data(), a_full.rows(), ta, b_full.data(), b_full.rows(), tb, c_full.data(), c_full.rows(),
                 acc);
            const double start = acc == Accumulate::yes ? 0.25 : 0.0;
            EXPECT_LE((c_full.topRows(m).cast<double>().array() - start - expected.array()).abs().maxCoeff(), tolerance)
                << m << "x" << n << "x" << k << " ta " << bool(ta) << " tb " << bool(tb) << " threads " << t;
            EXPECT_TRUE((c_full.bottomRows(2).array() == 0.25f).all());
          }
        }
  }
  set_blas_threads(threads);
}

}  // namespace
}  // namespace fdl::ad
