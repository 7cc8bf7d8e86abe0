// Shapes: numpy broadcasting of the elementwise binary ops (values against Eigen written by hand,
// gradients of the outer case against their closed form), and bad shapes, indices and arguments:
// each throws the documented exception with a message naming the op and the shapes, appends
// nothing, and leaves the graph usable.
#include "check.hpp"

#include <functional>

namespace fdl::test {
namespace {

using ad::Graph;
using ad::Index;
using ad::ShapeError;
using ad::Var;
using Array = Eigen::ArrayXXd;

struct BinaryOp {
  const char* name;
  std::function<Var(Var, Var)> traced;
  std::function<Array(const Array&, const Array&)> by_hand;  // on operands of equal shape
};

const BinaryOp kOps[] = {
    {"add", ad::add, [](const Array& a, const Array& b) { return Array(a + b); }},
    {"sub", ad::sub, [](const Array& a, const Array& b) { return Array(a - b); }},
    {"mul", ad::mul, [](const Array& a, const Array& b) { return Array(a * b); }},
    {"div", ad::div, [](const Array& a, const Array& b) { return Array(a / b); }},
    {"maximum", ad::maximum, [](const Array& a, const Array& b) { return Array(a.max(b)); }},
    {"minimum", ad::minimum, [](const Array& a, const Array& b) { return Array(a.min(b)); }},
};

// Operands shaped (m×n, m×n), (m×n, 1×1), (m×n, 1×n), (m×n, m×1), (m×1, 1×n), each in both orders,
// against the same op on the operands replicated to m×n by Eigen.
TEST(Broadcasting, SameScalarRowColumnAndOuterValuesMatchReplicatedOperands) {
  std::mt19937_64 rng(7);
  const Index m = 3, n = 4;
  const Matrix full = uniform_away_from(rng, m, n, 0.5, 2.0), scalar = uniform_away_from(rng, 1, 1, 0.5, 2.0),
               row = uniform_away_from(rng, 1, n, 0.5, 2.0), col = uniform_away_from(rng, m, 1, 0.5, 2.0);
  const std::pair<Matrix, Matrix> pairs[] = {{full, 2.0 * full}, {full, scalar}, {full, row}, {full, col}, {col, row}};
  for (const BinaryOp& op : kOps)
    for (const auto& [a, b] : pairs)
      for (bool swapped : {false, true}) {
        const Matrix& x = swapped ? b : a;
        const Matrix& y = swapped ? a : b;
        Graph g;
        Var out = op.traced(g.constant(x), g.variable(y));
        const Array expected = op.by_hand(x.replicate(m / x.rows(), n / x.cols()).array(),
                                          y.replicate(m / y.rows(), n / y.cols()).array());
        ASSERT_EQ(out.rows(), m);
        ASSERT_EQ(out.cols(), n);
        EXPECT_EQ(out.value(), expected.matrix())
            << op.name << " " << ad::shape_string(x.rows(), x.cols()) << " with " << ad::shape_string(y.rows(), y.cols());
      }
}

// L = Σ W ⊙ (c ⊙ r) for a column c (m×1) and a row r (1×n): ∇_c L = W rᵀ, ∇_r L = cᵀ W.
TEST(Broadcasting, OuterProductGradientsSumOverTheBroadcastDimension) {
  std::mt19937_64 rng(8);
  const Matrix c = gaussian(rng, 3, 1), r = gaussian(rng, 1, 5), W = gaussian(rng, 3, 5);
  Graph g;
  Var cv = g.variable(c), rv = g.variable(r);
  ad::value_and_grad(g, ad::sum(g.constant(W) * (cv * rv)));
  EXPECT_LT(relative_error(cv.grad(), W * r.transpose()), 1e-15);
  EXPECT_LT(relative_error(rv.grad(), c.transpose() * W), 1e-15);
}

// Calls `bad` on g and expects E whose message contains every string in `names`; no node is
// appended.
template <class E>
void expect_error(Graph& g, const std::function<void()>& bad, std::initializer_list<std::string> names) {
  const int before = g.size();
  try {
    bad();
    ADD_FAILURE() << "no exception; expected one naming " << *names.begin();
  } catch (const E& e) {
    for (const std::string& s : names) EXPECT_NE(std::string(e.what()).find(s), std::string::npos) << e.what() << " lacks " << s;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong exception type: " << e.what();
  }
  EXPECT_EQ(g.size(), before) << "a failed call appended a node";
}

// transpose at every remainder of its 8 × 8 blocks: the value is xᵀ exactly, and the adjoint it
// adds to x's (which already holds D from the second term) is Cᵀ.
TEST(Transpose, ValueAndAccumulatedAdjointAtEveryBlockRemainder) {
  std::mt19937_64 rng(5);
  for (Index rows : {1, 7, 8, 9, 16, 23, 100})
    for (Index cols : {1, 3, 8, 10, 17}) {
      Graph g;
      const Matrix x0 = gaussian(rng, rows, cols), C = gaussian(rng, cols, rows), D = gaussian(rng, rows, cols);
      Var x = g.variable(x0), xt = ad::transpose(x);
      Var loss = ad::sum(g.constant(C) * xt) + ad::sum(g.constant(D) * x);
      ad::value_and_grad(g, loss);
      EXPECT_TRUE(xt.value() == x0.transpose()) << rows << "×" << cols;
      EXPECT_TRUE(x.grad() == Matrix(D + C.transpose())) << rows << "×" << cols;
    }
}

TEST(ShapeErrors, ElementwiseAndMatmulNameTheOpAndBothShapes) {
  Graph g;
  Var a = g.variable(Matrix::Ones(2, 3)), b = g.variable(Matrix::Ones(3, 2)), row4 = g.constant(Matrix::Ones(1, 4));
  Var empty = g.variable(Matrix(0, 3));
  expect_error<ShapeError>(g, [&] { ad::add(a, b); }, {"add", "(2×3)", "(3×2)"});
  expect_error<ShapeError>(g, [&] { ad::maximum(a, row4); }, {"maximum", "(2×3)", "(1×4)"});
  expect_error<ShapeError>(g, [&] { ad::where(a, a, b); }, {"where", "(2×3)", "(3×2)"});
  expect_error<ShapeError>(g, [&] { ad::matmul(a, a); }, {"matmul", "(2×3)"});
  expect_error<ShapeError>(g, [&] { ad::matmul(a, row4); }, {"matmul", "(2×3)", "(1×4)"});
  expect_error<ShapeError>(g, [&] { ad::sum(empty); }, {"sum", "(0×3)"});
}

TEST(ShapeErrors, LossesNamePredictionAndLabelShapes) {
  Graph g;
  Var z = g.variable(Matrix::Ones(3, 1)), y = g.constant(Matrix::Ones(4, 1));
  const std::pair<const char*, std::function<Var(Var, Var)>> losses[] = {
      {"squared_loss", ad::squared_loss},         {"logistic_loss", ad::logistic_loss},
      {"exponential_loss", ad::exponential_loss}, {"hinge_loss", ad::hinge_loss},
      {"log_logistic_loss", ad::log_logistic_loss}, {"log_exponential_loss", ad::log_exponential_loss}};
  for (const auto& [name, loss] : losses) expect_error<ShapeError>(g, [&] { loss(z, y); }, {name, "(3×1)", "(4×1)"});
  Var logits = g.variable(Matrix::Zero(3, 2));
  expect_error<ShapeError>(g, [&] { ad::softmax_cross_entropy(logits, {0, 1}); }, {"softmax_cross_entropy", "2 labels", "(3×2)"});
  expect_error<std::out_of_range>(g, [&] { ad::softmax_cross_entropy(logits, {0, 2, 1}); }, {"softmax_cross_entropy", "label 2", "row 1"});
  expect_error<std::out_of_range>(g, [&] { ad::softmax_cross_entropy(logits, {-1, 0, 1}); }, {"softmax_cross_entropy", "label -1"});
}

TEST(ShapeErrors, GatherAndScatterRejectWrongSizesAndOutOfRangeIndices) {
  Graph g;
  Var x = g.variable(Matrix::Ones(2, 3));
  expect_error<ShapeError>(g, [&] { ad::gather(x, {0, 1, 2}, 2, 2); }, {"gather", "3 indices", "(2×2)"});
  expect_error<ShapeError>(g, [&] { ad::scatter(x, {0, 1, 2}, 4, 4); }, {"scatter", "3 indices", "(2×3)"});
  expect_error<std::out_of_range>(g, [&] { ad::gather(x, {0, 6}, 2, 1); }, {"gather", "index 6", "(2×3)"});
  expect_error<std::out_of_range>(g, [&] { ad::gather(x, {-1}, 1, 1); }, {"gather", "index -1"});
  expect_error<std::out_of_range>(g, [&] { ad::scatter(x, {0, 1, 2, 3, 4, 9}, 3, 3); }, {"scatter", "index 9", "(3×3)"});
}

TEST(ShapeErrors, DerivativesRejectNonScalarLossesAndWrongDirections) {
  Graph g;
  Var w = g.variable(Matrix::Ones(2, 1)), b = g.variable(Matrix::Ones(1, 1));
  Var out = ad::matmul(g.constant(Matrix::Ones(3, 2)), w) + b;  // 3×1
  Var loss = ad::sum(ad::square(out));
  expect_error<ShapeError>(g, [&] { ad::value_and_grad(g, out); }, {"value_and_grad", "(3×1)"});
  expect_error<ShapeError>(g, [&] { ad::clarke_value_and_grad(g, out); }, {"clarke_value_and_grad", "(3×1)"});
  expect_error<ShapeError>(g, [&] { ad::hvp(g, out, {Matrix::Ones(2, 1), Matrix::Ones(1, 1)}); }, {"hvp", "(3×1)"});
  expect_error<ShapeError>(g, [&] { ad::hvp(g, loss, {Matrix::Ones(3, 1), Matrix::Ones(1, 1)}); }, {"hvp", "(3×1)", "(2×1)"});
  expect_error<ShapeError>(g, [&] { ad::hvp(g, loss, {Matrix::Ones(2, 1)}); }, {"hvp", "1 directions", "2 variables"});
  expect_error<ShapeError>(g, [&] { ad::jvp(g, out, {Matrix::Ones(2, 1), Matrix::Ones(2, 1)}); }, {"jvp", "(2×1)", "(1×1)"});
  expect_error<ShapeError>(g, [&] { ad::vjp(g, out, Matrix::Ones(1, 3)); }, {"(1×3)", "(3×1)"});
  expect_error<ShapeError>(g, [&] { out.scalar(); }, {"(3×1)"});
}

TEST(ArgumentErrors, ClampWithLowerAboveUpperAndOperandsOfTwoGraphsThrowInvalidArgument) {
  Graph g, other;
  Var x = g.variable(Matrix::Zero(2, 2));
  expect_error<std::invalid_argument>(g, [&] { ad::clamp(x, 1.0, 0.0); }, {"clamp"});
  expect_error<std::invalid_argument>(g, [&] { ad::clamp(x, NAN, 0.0); }, {"clamp"});
  Var y = other.variable(Matrix::Zero(2, 2));
  expect_error<std::invalid_argument>(g, [&] { ad::add(x, y); }, {"add", "different graphs"});
  expect_error<std::invalid_argument>(g, [&] { ad::matmul(x, y); }, {"matmul", "different graphs"});
}

// Two graphs traced by the same code: a derivative of g asked for an output of h must refuse, as
// binary ops refuse operands of two graphs (else it silently differentiates g's node of equal id).
TEST(ArgumentErrors, DerivativesOfAnOutputFromAnotherGraphThrowInvalidArgument) {
  auto trace = [](Graph& g, double w0) {
    Var w = g.variable(Matrix::Constant(2, 1, w0));
    Var out = ad::square(w);
    return std::pair{out, ad::sum(out)};
  };
  Graph g, h;
  const auto [out_g, loss_g] = trace(g, 1.0);
  const auto [out_h, loss_h] = trace(h, 3.0);
  const std::vector<Matrix> v = {Matrix::Ones(2, 1)};
  EXPECT_THROW(ad::value_and_grad(g, loss_h), std::invalid_argument);
  EXPECT_THROW(ad::hvp(g, loss_h, v), std::invalid_argument);
  EXPECT_THROW(ad::jvp(g, out_h, v), std::invalid_argument);
  EXPECT_THROW(ad::vjp(g, out_h, Matrix::Ones(2, 1)), std::invalid_argument);
  EXPECT_THROW(ad::jacobian(g, out_h), std::invalid_argument);
  EXPECT_DOUBLE_EQ(ad::value_and_grad(g, loss_g), 2.0);  // g itself is unaffected
}

// After every kind of error above, the same graph still traces and differentiates correctly:
// L = Σ (X w)² has ∇L = 2 Xᵀ X w and Hessian-vector product 2 Xᵀ X v.
TEST(ShapeErrors, GraphStaysUsableAfterErrors) {
  std::mt19937_64 rng(9);
  const Matrix X = gaussian(rng, 4, 3), w0 = gaussian(rng, 3, 1), v = gaussian(rng, 3, 1);
  Graph g;
  Var w = g.variable(w0);
  Var Xc = g.constant(X);
  Var z = ad::matmul(Xc, w);
  EXPECT_THROW(ad::matmul(w, Xc), ShapeError);
  EXPECT_THROW(ad::add(z, w), ShapeError);
  EXPECT_THROW(ad::value_and_grad(g, z), ShapeError);
  EXPECT_THROW(ad::gather(z, {4}, 1, 1), std::out_of_range);
  EXPECT_THROW(ad::clamp(z, 1, -1), std::invalid_argument);
  Var loss = ad::sum(ad::square(z));
  EXPECT_THROW(ad::hvp(g, loss, {Matrix::Ones(1, 3)}), ShapeError);  // allocates the tangents first
  EXPECT_DOUBLE_EQ(ad::value_and_grad(g, loss), (X * w0).squaredNorm());
  EXPECT_LT(relative_error(w.grad(), 2.0 * X.transpose() * X * w0), 1e-14);
  EXPECT_LT(relative_error(ad::hvp(g, loss, {v})[0], 2.0 * X.transpose() * X * v), 1e-14);
  EXPECT_EQ(g.mode(), ad::Mode::conventional);
}

}  // namespace
}  // namespace fdl::test
