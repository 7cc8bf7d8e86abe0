// gemm(a, ta, b, tb, c, acc) computes c = op(a) op(b) (or adds it to c) for every transpose
// combination, on both sides of the Eigen / OpenBLAS dispatch, and for vector-shaped products
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

// Small (Eigen), at the threshold (OpenBLAS), and vector-shaped with m·n·k above it.
INSTANTIATE_TEST_SUITE_P(Dispatch, GemmShapes,
                         testing::Values(std::tuple<Index, Index, Index>{3, 4, 5}, std::tuple<Index, Index, Index>{64, 64, 64},
                                         std::tuple<Index, Index, Index>{70, 65, 80}, std::tuple<Index, Index, Index>{700, 1, 500},
                                         std::tuple<Index, Index, Index>{1, 700, 500}, std::tuple<Index, Index, Index>{600, 500, 1}));

}  // namespace
}  // namespace fdl::ad
