// Conventional mode at kinks follows PyTorch 1.13's documented conventions
// (shared/research/nonsmooth-ad.md §2): relu'(0) = 0, abs'(0) = 0, leaky_relu'(0) = slope,
// maximum/minimum ties split 0.5/0.5, clamp'(bound) = 1, full max/min split ties evenly,
// row/column max/min pick the first index. The §2.1 catalogue rows record what these conventions
// give on programs whose true derivative differs: they document conventional mode, not correctness.
#include "check.hpp"

#include <functional>

namespace fdl::test {
namespace {

using ad::Axis;
using ad::Graph;
using ad::Var;

// A rows×cols matrix from its entries written row by row.
Matrix rows_of(ad::Index rows, ad::Index cols, std::initializer_list<double> row_major) {
  Matrix m(rows, cols);
  auto it = row_major.begin();
  for (ad::Index i = 0; i < rows; ++i)
    for (ad::Index j = 0; j < cols; ++j) m(i, j) = *it++;
  return m;
}

// Conventional-mode gradient of f at the point x (one variable).
Matrix gradient_at(const Matrix& x, const std::function<Var(Var)>& f) {
  Graph g;
  Var v = g.variable(x);
  Var y = f(v);
  ad::value_and_grad(g, y.rows() * y.cols() == 1 ? y : ad::sum(y));
  return v.grad();
}
double derivative_at(double x, const std::function<Var(Var)>& f) { return gradient_at(Matrix::Constant(1, 1, x), f)(0); }

TEST(Conventions, ReluDerivativeIsZeroAtZeroAndOneJustAbove) {
  EXPECT_EQ(derivative_at(0.0, [](Var x) { return ad::relu(x); }), 0.0);
  EXPECT_EQ(derivative_at(1e-300, [](Var x) { return ad::relu(x); }), 1.0);
  EXPECT_EQ(derivative_at(-0.0, [](Var x) { return ad::relu(x); }), 0.0);
}

TEST(Conventions, AbsDerivativeIsZeroAtZero) {
  EXPECT_EQ(gradient_at(rows_of(1, 3, {-2, 0, 2}), [](Var x) { return ad::abs(x); }), rows_of(1, 3, {-1, 0, 1}));
}

TEST(Conventions, LeakyReluDerivativeAtZeroIsTheNegativeSlope) {
  EXPECT_EQ(gradient_at(rows_of(1, 3, {-1, 0, 1}), [](Var x) { return ad::leaky_relu(x, 0.1); }),
            rows_of(1, 3, {0.1, 0.1, 1}));
}

TEST(Conventions, MaximumAndMinimumSplitATieHalfHalf) {
  for (bool is_max : {true, false}) {
    Graph g;
    Var a = g.variable(rows_of(1, 3, {2, 1, 3})), b = g.variable(rows_of(1, 3, {2, 3, 1}));
    ad::value_and_grad(g, ad::sum(is_max ? ad::maximum(a, b) : ad::minimum(a, b)));
    const Matrix pa = is_max ? rows_of(1, 3, {0.5, 0, 1}) : rows_of(1, 3, {0.5, 1, 0});
    EXPECT_EQ(a.grad(), pa) << (is_max ? "maximum" : "minimum");
    EXPECT_EQ(b.grad(), Matrix(1.0 - pa.array())) << (is_max ? "maximum" : "minimum");
  }
}

// A broadcast operand collects the halves of every tie it takes part in.
TEST(Conventions, MaximumTieSplitAccumulatesOverBroadcastOperands) {
  Graph g;
  Var a = g.variable(rows_of(2, 3, {1, 2, 3,
                                    2, 2, 0}));
  Var s = g.variable(rows_of(1, 1, {2}));        // scalar
  Var r = g.variable(rows_of(1, 3, {1, 5, 0}));  // row
  ad::value_and_grad(g, ad::sum(ad::maximum(a, s)) + ad::sum(ad::maximum(r, a)));
  // maximum(a, s): ties at (0,1), (1,0), (1,1); s wins at (0,0), (1,2).
  // maximum(r, a): ties at (0,0) (r=1) and (1,2) (r=0); r wins in column 1; a wins at (1,0), (0,2).
  EXPECT_EQ(a.grad(), rows_of(2, 3, {0 + 0.5, 0.5 + 0, 1 + 1,
                                     0.5 + 1, 0.5 + 0, 0 + 0.5}));
  EXPECT_EQ(s.grad()(0), 1 + 0.5 + 0 + 0.5 + 0.5 + 1);
  EXPECT_EQ(r.grad(), rows_of(1, 3, {0.5 + 0, 1 + 1, 0 + 0.5}));
}

// Outer broadcast: a column c (2×1) against a row r (1×3), ties at (0, 0) and (1, 1).
TEST(Conventions, MaximumAndMinimumTieSplitUnderOuterBroadcasting) {
  for (bool is_max : {true, false}) {
    Graph g;
    Var c = g.variable(rows_of(2, 1, {1, 2})), r = g.variable(rows_of(1, 3, {1, 2, 0}));
    ad::value_and_grad(g, ad::sum(is_max ? ad::maximum(c, r) : ad::minimum(c, r)));
    // maximum: c wins at (0,2), (1,0), (1,2); r at (0,1). minimum: c at (0,1); r at (0,2), (1,0), (1,2).
    EXPECT_EQ(c.grad(), is_max ? rows_of(2, 1, {0.5 + 0 + 1, 1 + 0.5 + 1}) : rows_of(2, 1, {0.5 + 1 + 0, 0 + 0.5 + 0}))
        << (is_max ? "maximum" : "minimum");
    EXPECT_EQ(r.grad(), is_max ? rows_of(1, 3, {0.5 + 0, 1 + 0.5, 0 + 0}) : rows_of(1, 3, {0.5 + 1, 0 + 0.5, 1 + 1}))
        << (is_max ? "maximum" : "minimum");
  }
}

TEST(Conventions, ClampDerivativeIsOneAtBothBounds) {
  EXPECT_EQ(gradient_at(rows_of(1, 5, {-0.5, 0, 0.5, 1, 1.5}), [](Var x) { return ad::clamp(x, 0, 1); }),
            rows_of(1, 5, {0, 1, 1, 1, 0}));
}

TEST(Conventions, FullReductionMaxAndMinSplitTiesEvenly) {
  EXPECT_EQ(gradient_at(rows_of(1, 3, {1, 3, 3}), [](Var x) { return ad::max(x); }), rows_of(1, 3, {0, 0.5, 0.5}));
  EXPECT_EQ(gradient_at(rows_of(2, 2, {1, 1, 4, 1}), [](Var x) { return ad::min(x); }),
            rows_of(2, 2, {1.0 / 3, 1.0 / 3, 0, 1.0 / 3}));
  EXPECT_EQ(gradient_at(rows_of(2, 2, {7, 7, 7, 7}), [](Var x) { return ad::max(x); }), Matrix::Constant(2, 2, 0.25));
}

TEST(Conventions, RowAndColumnMaxAndMinPickTheFirstIndexOfATie) {
  const Matrix x = rows_of(3, 3, {1, 3, 3,
                                  2, 2, 2,
                                  3, 1, 1});
  // One value per row: the first column among the winners.
  EXPECT_EQ(gradient_at(x, [](Var v) { return ad::max(v, Axis::rows); }), rows_of(3, 3, {0, 1, 0, 1, 0, 0, 1, 0, 0}));
  EXPECT_EQ(gradient_at(x, [](Var v) { return ad::min(v, Axis::rows); }), rows_of(3, 3, {1, 0, 0, 1, 0, 0, 0, 1, 0}));
  // One value per column: the first row among the winners.
  EXPECT_EQ(gradient_at(x, [](Var v) { return ad::max(v, Axis::cols); }), rows_of(3, 3, {0, 1, 1, 0, 0, 0, 1, 0, 0}));
  EXPECT_EQ(gradient_at(x, [](Var v) { return ad::min(v, Axis::cols); }), rows_of(3, 3, {1, 0, 0, 0, 0, 0, 0, 1, 1}));
}

// hinge = mean relu(1 − y z): at margin y z = 1 exactly, relu'(0) = 0 gives the example no gradient.
TEST(Conventions, HingeLossAtTheMarginGivesZeroGradient) {
  Graph g;
  Var z = g.variable(rows_of(4, 1, {1, -1, 0.5, 2}));
  Var y = g.constant(rows_of(4, 1, {1, -1, 1, -1}));  // margins 1, 1, 0.5, −2
  EXPECT_DOUBLE_EQ(ad::value_and_grad(g, ad::hinge_loss(z, y)), (0 + 0 + 0.5 + 3) / 4);
  EXPECT_EQ(z.grad(), rows_of(4, 1, {0, 0, -0.25, 0.25}));
}

// T1: relu(x) − relu(−x) ≡ x, yet conventional AD gives 0 at 0 (the true derivative is 1, as the
// function's own difference quotient shows).
TEST(Conventions, ReluMinusReluOfNegativeGivesZeroAtZeroThoughTheDerivativeIsOne) {
  auto f = [](Var x) { return ad::relu(x) - ad::relu(-x); };
  EXPECT_EQ(derivative_at(0.0, f), 0.0);
  Graph g;
  Var x = g.variable(Matrix::Constant(1, 1, 0.0));
  Var y = f(x);
  auto at = [&](double t) { return x.value()(0) = t, g.forward(), y.scalar(); };
  EXPECT_EQ((at(0.25) - at(-0.25)) / 0.5, 1.0);
}

// §2.1 rows T2–T5, T9, T10 with the values PyTorch 1.13 gives (nonsmooth-ad.md, measured).
TEST(Conventions, KinkCatalogueGivesPyTorch113Values) {
  const double inf = INFINITY;
  struct Row {
    const char* id;
    double point, pytorch;
    std::function<Var(Var)> f;
  };
  const Row rows[] = {
      {"T2 relu(x) + minimum(x, 0)", 0, 0.5, [](Var x) { return ad::relu(x) + ad::minimum(x, x.graph->scalar_constant(0)); }},
      {"T3 2 relu(x) − x − |x|", 0, -1, [](Var x) { return 2.0 * ad::relu(x) - x - ad::abs(x); }},
      {"T4 maximum(x, 0) − relu(x)", 0, 0.5, [](Var x) { return ad::maximum(x, x.graph->scalar_constant(0)) - ad::relu(x); }},
      {"T5 leaky_relu(x) − leaky_relu(−x)", 0, 0.2, [](Var x) { return ad::leaky_relu(x, 0.1) - ad::leaky_relu(-x, 0.1); }},
      {"T9 clamp(x, 0, 1) + clamp(x, −1, 0)", 0, 2, [](Var x) { return ad::clamp(x, 0, 1) + ad::clamp(x, -1, 0); }},
      {"T10 relu(1 − w) − relu(w − 1)", 1, 0, [](Var w) { return ad::relu(1.0 - w) - ad::relu(w - 1.0); }},
      {"T10b clamp(1 − w, 0, ∞) − clamp(w − 1, 0, ∞)", 1, -2,
       [inf](Var w) { return ad::clamp(1.0 - w, 0, inf) - ad::clamp(w - 1.0, 0, inf); }},
  };
  for (const Row& r : rows) EXPECT_DOUBLE_EQ(derivative_at(r.point, r.f), r.pytorch) << r.id;
}

}  // namespace
}  // namespace fdl::test

namespace fdl::test {
namespace {

// A NaN anywhere in a max/min reduction is its result, as in PyTorch (divergence must show).
TEST(Conventions, MaxAndMinPropagateNaNWhereverItSits) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (int at = 0; at < 3; ++at)
    for (auto reduce : {&ad::max, &ad::min})
      for (ad::Axis axis : {ad::Axis::all, ad::Axis::cols}) {
        ad::Graph g;
        Matrix x(3, 1);
        x << 1, 3, 2;
        x(at) = nan;
        ad::Var v = g.variable(x);
        EXPECT_TRUE(std::isnan(reduce(v, axis).scalar())) << "NaN at " << at;
      }
}

}  // namespace
}  // namespace fdl::test
