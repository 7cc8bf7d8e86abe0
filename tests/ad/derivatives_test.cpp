// Derivatives beyond the gradient, each against an independent computation:
//   hvp        against closed-form Hessians (quadratic, logistic regression, softmax
//              cross-entropy, a rank-one factorization with cross terms) and a dense
//              finite-difference Hessian (tanh net);
//   jvp, vjp   against central differences of the output;
//   jacobian   against central differences (column-major rows), per-example gradients of
//              separate graphs, and the closed-form NTK Gram of a two-layer ReLU net;
// and replay: bit-identical gradients for the same seed, and a graph replayed on a new minibatch
// equals one traced on it.
#include "check.hpp"

#include <Eigen/Eigenvalues>

namespace fdl::test {
namespace {

using ad::Axis;
using ad::Graph;
using ad::Index;
using ad::Var;
using Array = Eigen::ArrayXXd;


// f(x) = ½ xᵀAx + bᵀx with A not symmetric: ∇f = ½(A + Aᵀ)x + b, ∇²f = ½(A + Aᵀ).
TEST(Hvp, MatchesExplicitHessianOfQuadratic) {
  std::mt19937_64 rng(11);
  const Matrix A = gaussian(rng, 5, 5), b = gaussian(rng, 5, 1), x0 = gaussian(rng, 5, 1);
  const Matrix H = 0.5 * (A + A.transpose());
  Graph g;
  Var x = g.variable(x0);
  Var f = 0.5 * ad::matmul(ad::transpose(x), ad::matmul(g.constant(A), x)) + ad::matmul(ad::transpose(g.constant(b)), x);
  ad::value_and_grad(g, f);
  EXPECT_LT(relative_error(x.grad(), H * x0 + b), 1e-14);
  EXPECT_LT(relative_error(hessian_from_hvp(g, f), H), 1e-14);
}

// L(w) = mean log(1 + e^{−yᵢ xᵢᵀw}): ∇²L = Xᵀ diag(σ(mᵢ)(1 − σ(mᵢ))) X / n, mᵢ = yᵢ xᵢᵀw.
TEST(Hvp, MatchesExplicitHessianOfLogisticRegression) {
  std::mt19937_64 rng(12);
  const Index n = 30, d = 4;
  const Matrix X = gaussian(rng, n, d), y = signs(rng, n), w0 = gaussian(rng, d, 1);
  Graph g;
  Var w = g.variable(w0);
  Var loss = ad::logistic_loss(ad::matmul(g.constant(X), w), g.constant(y));
  const Array m = y.array() * (X * w0).array();
  const Array s = 1.0 / (1.0 + (-m).exp());
  const Matrix H = X.transpose() * (s * (1.0 - s)).matrix().asDiagonal() * X / n;
  EXPECT_LT(relative_error(hessian_from_hvp(g, loss), H), 1e-14);
}

// f(u, v) = ½‖u vᵀ − M‖², R = u vᵀ − M: ∇_u f = R v, ∇_v f = Rᵀu; along (du, dv), with
// dR = du vᵀ + u dvᵀ:  H(du, dv) = (dR v + R dv,  dRᵀu + Rᵀdu) — the R terms are the cross blocks.
TEST(Hvp, IncludesCrossTermsBetweenTwoVariables) {
  std::mt19937_64 rng(13);
  const Matrix M = gaussian(rng, 3, 4), u0 = gaussian(rng, 3, 1), v0 = gaussian(rng, 4, 1);
  Graph g;
  Var u = g.variable(u0), v = g.variable(v0);
  Var f = 0.5 * ad::sum(ad::square(ad::matmul(u, ad::transpose(v)) - g.constant(M)));
  const Matrix R = u0 * v0.transpose() - M;
  for (int which = 0; which < 3; ++which) {  // (du, 0), (0, dv), (du, dv)
    const Matrix du = which == 1 ? Matrix::Zero(3, 1) : gaussian(rng, 3, 1);
    const Matrix dv = which == 0 ? Matrix::Zero(4, 1) : gaussian(rng, 4, 1);
    const Matrix dR = du * v0.transpose() + u0 * dv.transpose();
    auto hv = ad::hvp(g, f, {du, dv});
    EXPECT_LT(relative_error(hv, {dR * v0 + R * dv, dR.transpose() * u0 + R.transpose() * du}), 1e-14) << which;
  }
}

// The HVP sweep writes adjoint tangents lazily (no zero fill up front): a variable the loss does
// not reach gets exactly 0, not what an earlier sweep over another loss left in its buffer, and
// replaying the first sweep afterwards gives its numbers bit for bit.
TEST(Hvp, UnreachedVariableGetsZeroAfterAnotherLossFilledItsBuffers) {
  std::mt19937_64 rng(17);
  const Matrix u0 = gaussian(rng, 3, 1), v0 = gaussian(rng, 3, 1), du = gaussian(rng, 3, 1), dv = gaussian(rng, 3, 1);
  Graph g;
  Var u = g.variable(u0), v = g.variable(v0);
  Var both = ad::sum(ad::square(u * v)), u_only = ad::sum(ad::exp(u));
  const auto first = ad::hvp(g, both, {du, dv});
  ASSERT_GT(first[1].norm(), 0.0);
  const auto hv = ad::hvp(g, u_only, {du, dv});
  EXPECT_LT((hv[0] - (u0.array().exp() * du.array()).matrix()).norm(), 1e-14);
  EXPECT_TRUE(hv[1] == Matrix::Zero(3, 1));
  const auto again = ad::hvp(g, both, {du, dv});
  EXPECT_TRUE(again[0] == first[0] && again[1] == first[1]);
}

// L(Z) = mean_i [logsumexp(Z_i·) − Z_{i,label_i}], P = softmax of each row: along V,
// ∇²L·V = (P ⊙ V − P ⊙ (rowsum(P ⊙ V) 1ᵀ)) / n (each row: (diag p − p pᵀ) v / n).
TEST(Hvp, MatchesExplicitHessianOfSoftmaxCrossEntropy) {
  std::mt19937_64 rng(10);
  const Index n = 5, K = 3;
  const Matrix Z = 2.0 * gaussian(rng, n, K), V = gaussian(rng, n, K);
  Graph g;
  Var z = g.variable(Z);
  Var loss = ad::softmax_cross_entropy(z, {2, 0, 1, 1, 2});
  const Array e = Z.array().exp();
  const Array P = e.colwise() / e.rowwise().sum();
  const Array PV = P * V.array();
  const Matrix expected = (PV - P.colwise() * PV.rowwise().sum()).matrix() / n;
  EXPECT_LT(relative_error(ad::hvp(g, loss, {V})[0], expected), 1e-15);
}

// Two-layer tanh net with squared loss: the Hessian assembled from HVPs is symmetric and equals
// finite differences of gradients.
TEST(Hvp, MatchesFiniteDifferenceHessianOfTwoLayerTanhNet) {
  std::mt19937_64 rng(14);
  Graph g;
  Var X = g.constant(gaussian(rng, 6, 3)), y = g.constant(gaussian(rng, 6, 1));
  Var W1 = g.variable(gaussian(rng, 3, 4)), w2 = g.variable(gaussian(rng, 4, 1));
  Var loss = ad::squared_loss(ad::matmul(ad::tanh(ad::matmul(X, W1)), w2), y);
  const Matrix H = hessian_from_hvp(g, loss);
  EXPECT_LT(relative_error(H, H.transpose()), 1e-14);
  EXPECT_LT(relative_error(H, numerical_hessian(g, loss)), 1e-8);
}

// out = tanh(X W + b), b a broadcast row: a 5×2 output of two variables.
struct SmallNet {
  Graph g;
  Var W, b, out;
  explicit SmallNet(std::mt19937_64& rng) {
    Var X = g.constant(gaussian(rng, 5, 3));
    W = g.variable(gaussian(rng, 3, 2));
    b = g.variable(gaussian(rng, 1, 2));
    out = ad::tanh(ad::matmul(X, W) + b);
  }
};

TEST(Jvp, MatchesCentralDifferenceOfTheOutputAlongTheDirection) {
  std::mt19937_64 rng(15);
  SmallNet net(rng);
  const Matrix W0 = net.W.value(), b0 = net.b.value(), dW = gaussian(rng, 3, 2), db = gaussian(rng, 1, 2);
  const Matrix jv = ad::jvp(net.g, net.out, {dW, db});
  auto at = [&](double t) {
    net.W.value() = W0 + t * dW, net.b.value() = b0 + t * db;
    net.g.forward();
    return Matrix(net.out.value());
  };
  const double h = 1e-5;
  EXPECT_LT(relative_error(jv, Matrix((at(h) - at(-h)) / (2 * h))), 1e-9);
}

TEST(Vjp, MatchesTransposedFiniteDifferenceJacobianTimesCotangent) {
  std::mt19937_64 rng(16);
  SmallNet net(rng);
  const Matrix u = gaussian(rng, 5, 2);
  const Eigen::VectorXd expected = numerical_jacobian(net.g, net.out).transpose() * u.reshaped();
  EXPECT_LT(relative_error(Matrix(ad::flatten(ad::vjp(net.g, net.out, u))), Matrix(expected)), 1e-9);
}

// A 5×2 output: rows of the Jacobian follow its entries column-major.
TEST(Jacobian, OfMatrixOutputIsOrderedColumnMajorAndMatchesFiniteDifferences) {
  std::mt19937_64 rng(22);
  SmallNet net(rng);
  const Matrix J = ad::jacobian(net.g, net.out);
  ASSERT_EQ(J.rows(), 10);
  ASSERT_EQ(J.cols(), 3 * 2 + 2);
  EXPECT_LT(relative_error(J, numerical_jacobian(net.g, net.out)), 1e-9);
}

// f(X) = relu(X W1) w2, one output per example (n×1), kept at least 1e-2 away from every kink.
struct ReluNet {
  Matrix X, W1, w2;
  explicit ReluNet(std::mt19937_64& rng, Index n = 6, Index d = 3, Index h = 5) {
    do {
      X = gaussian(rng, n, d), W1 = gaussian(rng, d, h), w2 = gaussian(rng, h, 1);
    } while ((X * W1).cwiseAbs().minCoeff() < 1e-2);
  }
  Var trace(Graph& g, const Matrix& x) const {
    return ad::matmul(ad::relu(ad::matmul(g.constant(x), g.variable(W1))), g.variable(w2));
  }
};

TEST(Jacobian, OfTwoLayerReluNetMatchesFiniteDifferencesAndPerExampleGradients) {
  std::mt19937_64 rng(17);
  const ReluNet net(rng);
  Graph g;
  Var out = net.trace(g, net.X);
  const Matrix J = ad::jacobian(g, out);
  ASSERT_EQ(J.rows(), 6);
  ASSERT_EQ(J.cols(), 3 * 5 + 5);
  EXPECT_LT(relative_error(J, numerical_jacobian(g, out)), 1e-9);
  for (Index i = 0; i < net.X.rows(); ++i) {  // example i alone in its own graph
    Graph gi;
    Var fi = net.trace(gi, net.X.row(i));
    ad::value_and_grad(gi, fi);
    EXPECT_LT(relative_error(Matrix(J.row(i)), Matrix(ad::flatten(ad::gradients(gi)).transpose())), 1e-15) << i;
  }
}

// NTK Gram K = J Jᵀ of f(x) = Σ_k w2_k relu(xᵀW1_k), with A = X W1 and D = 1[A > 0]:
//   K = relu(A) relu(A)ᵀ  (from w2)  +  (X Xᵀ) ⊙ (D diag(w2²) Dᵀ)  (from W1); symmetric PSD.
TEST(Jacobian, NtkGramOfTwoLayerReluNetMatchesClosedFormAndIsPositiveSemidefinite) {
  std::mt19937_64 rng(18);
  const ReluNet net(rng, 8, 3, 6);
  Graph g;
  const Matrix J = ad::jacobian(g, net.trace(g, net.X));
  const Matrix K = J * J.transpose();
  const Matrix A = net.X * net.W1;
  const Matrix R = A.cwiseMax(0.0), D = (A.array() > 0).cast<double>().matrix();
  const Matrix closed = R * R.transpose() + Matrix((net.X * net.X.transpose()).array() *
                                                   (D * net.w2.array().square().matrix().asDiagonal() * D.transpose()).array());
  EXPECT_LT(relative_error(K, closed), 1e-13);
  EXPECT_LT(relative_error(K, K.transpose()), 1e-15);
  EXPECT_GT(Eigen::SelfAdjointEigenSolver<Matrix>(closed).eigenvalues().minCoeff(), -1e-12 * closed.trace());
}

// A problem large enough that its products go to OpenBLAS; everything drawn from `seed`.
std::pair<double, std::vector<Matrix>> seeded_gradient(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Graph g;
  Var X = g.constant(gaussian(rng, 100, 80)), y = g.constant(signs(rng, 100));
  Var W1 = g.variable(gaussian(rng, 80, 40)), w2 = g.variable(gaussian(rng, 40, 1));
  Var H = ad::relu(ad::matmul(X, W1));
  Var loss = ad::logistic_loss(ad::matmul(H, w2), y) + 0.1 * ad::mean(ad::max(H, Axis::rows));
  const double value = ad::value_and_grad(g, loss);
  return {value, ad::gradients(g)};
}

TEST(Determinism, SameSeedGivesBitIdenticalGradientsInSeparatelyTracedGraphs) {
  const auto [v1, g1] = seeded_gradient(19);
  const auto [v2, g2] = seeded_gradient(19);
  const auto [v3, g3] = seeded_gradient(20);
  EXPECT_EQ(v1, v2);
  ASSERT_EQ(g1.size(), 2u);
  for (std::size_t k = 0; k < g1.size(); ++k) EXPECT_TRUE(g1[k] == g2[k]) << "variable " << k;
  EXPECT_NE(v1, v3);  // the seed matters
}

// Loss with kinks, reductions and a log-domain term, on a minibatch (X, y).
struct Minibatch {
  Graph g;
  Var X, y, W1, w2, loss;
  Minibatch(const Matrix& x, const Matrix& labels, const Matrix& w1, const Matrix& v2) {
    X = g.constant(x), y = g.constant(labels);
    W1 = g.variable(w1), w2 = g.variable(v2);
    Var H = ad::relu(ad::matmul(X, W1));
    Var z = ad::matmul(H, w2);
    loss = ad::logistic_loss(z, y) + 0.1 * ad::mean(ad::max(H, Axis::rows)) + 0.01 * ad::log_exponential_loss(z, y);
  }
};

TEST(Replay, NewConstantValuesGiveTheGradientAndHvpOfAFreshlyTracedGraph) {
  std::mt19937_64 rng(21);
  const Matrix W1 = gaussian(rng, 3, 4), w2 = gaussian(rng, 4, 1), v1 = gaussian(rng, 3, 4), v2 = gaussian(rng, 4, 1);
  const Matrix X1 = gaussian(rng, 7, 3), y1 = signs(rng, 7), X2 = gaussian(rng, 7, 3), y2 = signs(rng, 7);
  Minibatch replayed(X1, y1, W1, w2);
  const double first = ad::value_and_grad(replayed.g, replayed.loss);
  ad::hvp(replayed.g, replayed.loss, {v1, v2});
  replayed.X.value() = X2, replayed.y.value() = y2;
  const double value = ad::value_and_grad(replayed.g, replayed.loss);
  const auto grad = ad::gradients(replayed.g);
  const auto hv = ad::hvp(replayed.g, replayed.loss, {v1, v2});

  Minibatch fresh(X2, y2, W1, w2);
  EXPECT_EQ(value, ad::value_and_grad(fresh.g, fresh.loss));
  EXPECT_NE(value, first);
  const auto fresh_grad = ad::gradients(fresh.g);
  const auto fresh_hv = ad::hvp(fresh.g, fresh.loss, {v1, v2});
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_TRUE(grad[k] == fresh_grad[k]) << "gradient of variable " << k;
    EXPECT_TRUE(hv[k] == fresh_hv[k]) << "hvp of variable " << k;
  }
}

// f = relu(X Wᵀ) a, L = cᵀ f: the adjoint of H = relu(X Wᵀ) is c aᵀ, kept as an outer product
// for relu's backward (Graph::defer_outer). Asked for afterwards, H's gradient is written out from
// the copies kept at the sweep, so moving a (a GD step) does not change it; W's gradient is
// ((c aᵀ) ⊙ [H > 0])ᵀ X. Also in Clarke mode at a unit whose weights are 0 (all its entries at
// the kink): the units chosen active get their share of c aᵀ.
TEST(OuterAdjoint, IntermediateGradientIsWrittenOutOnRequestAndReluMasksIt) {
  std::mt19937_64 rng(31);
  const Matrix X0 = gaussian(rng, 9, 3), W0 = gaussian(rng, 5, 3), a0 = gaussian(rng, 5, 1), c0 = gaussian(rng, 9, 1);
  for (ad::Mode mode : {ad::Mode::conventional, ad::Mode::clarke}) {
    Graph g;
    Var X = g.constant(X0), W = g.variable(W0), a = g.variable(a0), c = g.constant(c0);
    if (mode == ad::Mode::clarke) W.value().row(1).setZero();
    Var Z = ad::matmul(X, ad::transpose(W));
    Var H = ad::relu(Z);
    Var loss = ad::sum(c * ad::matmul(H, a));
    g.set_mode(mode);
    g.set_direction_seed(7);
    if (mode == ad::Mode::clarke) ad::clarke_value_and_grad(g, loss);
    else ad::value_and_grad(g, loss);
    const Matrix gradW = W.grad();
    a.value().array() += 1.0;
    const Matrix Hbar = c0 * a0.transpose();
    EXPECT_LT((H.grad() - Hbar).norm(), 1e-14 * Hbar.norm());
    // Z's adjoint: [H > 0] ⊙ H̄ off the kinks; on the zeroed unit (column 1) in Clarke mode,
    // H̄ where the unit was chosen active (slope 1) and 0 elsewhere — each entry one or the other.
    const Matrix Zbar = Z.grad();
    for (Index i = 0; i < Zbar.rows(); ++i)
      for (Index j = 0; j < Zbar.cols(); ++j) {
        const double active = Z.value()(i, j) > 0.0 ? Hbar(i, j) : 0.0;
        if (Z.value()(i, j) == 0.0 && mode == ad::Mode::clarke)
          EXPECT_TRUE(Zbar(i, j) == Hbar(i, j) || Zbar(i, j) == 0.0) << i << "," << j;
        else
          EXPECT_EQ(Zbar(i, j), active) << i << "," << j;
      }
    EXPECT_LT((gradW - Zbar.transpose() * X0).norm(), 1e-12 * (1.0 + gradW.norm()));
    if (mode == ad::Mode::clarke) EXPECT_GT(Zbar.col(1).cwiseAbs().sum(), 0.0) << "no entry of the kinked unit chosen active";
    // Nodes traced after the sweep have no kept outer product (and no gradient yet).
    Var later = ad::sum(H) + ad::sum(Z);
    EXPECT_EQ(later.grad().size(), 1);
  }
}

// C = H b with H = relu(X Wᵀ) and b a column is folded into relu's passes (Graph::fold_product):
// relu forms C's value while it writes H, and adds b's gradient Hᵀ c̄ while it forms Z's. With
// L = kᵀ C + ‖b‖² + Σ G ⊙ H: ∇_b = Hᵀ k + 2b, H̄ = k bᵀ + G, ∇_W = ([Z > 0] ⊙ H̄)ᵀ X, whichever way
// the other uses of b and H are ordered around C — b's other term before C (its contribution
// comes after relu's) or after it (before relu's); H's other term between relu and C (it writes
// H's adjoint out, and Hᵀ c̄ with it) or after C (C then finds H's adjoint written and adds Hᵀ c̄
// itself). Shapes: tails of 8 rows, a block of 1 vector, and a matrix over 512 KiB (relu's
// column-by-column path); and Clarke mode at a unit on its kink. A b traced after H is not folded
// (its value is not ready when relu runs).
TEST(FoldedProduct, ReluFormsHbAndHtransposeCbarInItsPassesInEveryOrderOfTheOtherUses) {
  std::mt19937_64 rng(41);
  for (auto [n, m] : {std::pair<Index, Index>{9, 5}, {37, 12}, {301, 250}})
    for (bool b_term_first : {false, true})
      for (bool h_term_first : {false, true}) {
        const Matrix X0 = gaussian(rng, n, 3), W0 = gaussian(rng, m, 3), b0 = gaussian(rng, m, 1);
        const Matrix k0 = gaussian(rng, n, 1), G0 = gaussian(rng, n, m);
        Graph g;
        Var X = g.constant(X0), W = g.variable(W0), b = g.variable(b0), k = g.constant(k0), G = g.constant(G0);
        Var b_term = b_term_first ? ad::sum(b * b) : Var{};
        Var Z = ad::matmul(X, ad::transpose(W));
        Var H = ad::relu(Z);
        Var h_term = h_term_first ? ad::sum(G * H) : Var{};
        Var C = ad::matmul(H, b);
        ASSERT_TRUE(g.product_folded(C.id));
        Var loss = ad::sum(k * C) + (b_term_first ? b_term : ad::sum(b * b)) + (h_term_first ? h_term : ad::sum(G * H));
        for (int step = 0; step < 2; ++step) {  // the second after moving b and W: values from this pass
          ad::value_and_grad(g, loss);
          const Matrix Hv = (X0 * W.value().transpose()).cwiseMax(0.0), bv = b.value();
          const Matrix Cv = Hv * bv;
          EXPECT_LT((C.value() - Cv).norm(), 1e-13 * (1.0 + Cv.norm())) << n << " " << b_term_first << h_term_first;
          const Matrix gradb = Hv.transpose() * k0 + 2.0 * bv, Hbar = k0 * bv.transpose() + G0;
          const Array active = ((X0 * W.value().transpose()).array() > 0.0).cast<double>();  // (no entry at 0)
          const Matrix gradW = (active * Hbar.array()).matrix().transpose() * X0;
          EXPECT_LT((b.grad() - gradb).norm(), 1e-12 * (1.0 + gradb.norm())) << n << " " << b_term_first << h_term_first;
          EXPECT_LT((W.grad() - gradW).norm(), 1e-12 * (1.0 + gradW.norm())) << n << " " << b_term_first << h_term_first;
          // H's gradient written out on request afterwards leaves b's as it was (no second Hᵀ c̄).
          const Matrix gradb_before = b.grad();
          EXPECT_LT((H.grad() - Hbar).norm(), 1e-12 * (1.0 + Hbar.norm()));
          EXPECT_TRUE(b.grad() == gradb_before);
          b.value().array() += 0.25, W.value() *= 0.9;
        }
      }
  // Clarke mode at a unit whose weights are 0 (its column of Z all kinks, counted in relu's pass):
  // the unit is chosen active on some rows, so its row of ∇_W is not 0; the other rows and ∇_b
  // are the conventional ones.
  for (auto [n, m] : {std::pair<Index, Index>{37, 12}, {301, 250}}) {
    const Matrix X0 = gaussian(rng, n, 3), b0 = gaussian(rng, m, 1), k0 = gaussian(rng, n, 1);
    Matrix W0 = gaussian(rng, m, 3);
    W0.row(0).setZero();
    Graph g;
    Var X = g.constant(X0), W = g.variable(W0), b = g.variable(b0), k = g.constant(k0);
    Var H = ad::relu(ad::matmul(X, ad::transpose(W)));
    Var loss = ad::sum(k * ad::matmul(H, b));
    g.set_mode(ad::Mode::clarke);
    g.set_direction_seed(5);
    ad::clarke_value_and_grad(g, loss);
    const Matrix Hv = (X0 * W0.transpose()).cwiseMax(0.0);
    const Array active = ((X0 * W0.transpose()).array() > 0.0).cast<double>();
    const Matrix gradW = (active * (k0 * b0.transpose()).array()).matrix().transpose() * X0;
    EXPECT_LT((b.grad() - Hv.transpose() * k0).norm(), 1e-12 * (1.0 + b.grad().norm())) << n;
    EXPECT_LT((W.grad().bottomRows(m - 1) - gradW.bottomRows(m - 1)).norm(), 1e-12 * (1.0 + gradW.norm())) << n;
    EXPECT_GT(W.grad().row(0).norm(), 0.0) << n << ": the kinked unit chosen active nowhere";
  }
  Graph g;  // b computed after H: C = H b is a product of its own
  std::mt19937_64 rng2(43);
  Var H = ad::relu(g.variable(gaussian(rng2, 6, 4)));
  Var b = ad::tanh(g.variable(gaussian(rng2, 4, 1)));
  Var C = ad::matmul(H, b);
  EXPECT_FALSE(g.product_folded(C.id));
  EXPECT_LT((C.value() - H.value() * b.value()).norm(), 1e-14);
}

// A forward pass of order 1 forms the folded product's tangent Ċ = Ḣ b + H ḃ in relu's tangent
// pass (both kernel paths), or, in Clarke mode where kinks took slope 1 after that pass, by two
// products after it. Unit 0 has weights 0: its column of Z is all kinks, which Clarke mode
// resolves by the sign of Ż (slope 1 where Ż > 0), conventional mode at slope 0.
TEST(FoldedProduct, ReluFormsTheProductsTangentInItsTangentPass) {
  std::mt19937_64 rng(53);
  for (auto [n, m] : {std::pair<Index, Index>{37, 12}, {301, 250}})
    for (ad::Mode mode : {ad::Mode::conventional, ad::Mode::clarke}) {
      const Matrix X0 = gaussian(rng, n, 3), b0 = gaussian(rng, m, 1), VW = gaussian(rng, m, 3), vb = gaussian(rng, m, 1);
      Matrix W0 = gaussian(rng, m, 3);
      W0.row(0).setZero();
      Graph g;
      Var W = g.variable(W0), b = g.variable(b0);
      Var H = ad::relu(ad::matmul(g.constant(X0), ad::transpose(W)));
      Var C = ad::matmul(H, b);
      ASSERT_TRUE(g.product_folded(C.id));
      g.set_mode(mode);
      g.tangent(W.id) = VW, g.tangent(b.id) = vb;
      g.forward(1);
      g.forward(1);  // (a second pass: nothing carried over from the first)
      const Matrix Z = X0 * W0.transpose(), Zdot = X0 * VW.transpose();
      const bool clarke = mode == ad::Mode::clarke;
      const Array kink_up = (Z.array() == 0.0 && Zdot.array() > 0.0).cast<double>();
      const Array slope = (Z.array() > 0.0).cast<double>() + (clarke ? kink_up : Array::Zero(n, m));
      const Matrix Hdot = (slope * Zdot.array()).matrix(), Cdot = Hdot * b0 + Z.cwiseMax(0.0) * vb;
      EXPECT_LT((g.tangent(H.id) - Hdot).norm(), 1e-13 * (1.0 + Hdot.norm())) << n << " " << clarke;
      EXPECT_LT((g.tangent(C.id) - Cdot).norm(), 1e-12 * (1.0 + Cdot.norm())) << n << " " << clarke;
      EXPECT_EQ(clarke, g.tangent(H.id).col(0).norm() > 0.0) << n;  // some kinks took slope 1 in Clarke mode only
    }
}

// relu(Z) of Z = X Wᵀ traced right before it forms Z (Graph::form_in_consumer): Z and relu(Z) from
// the same tiles, H b with them; in the reverse sweep, where relu writes Z's whole adjoint, Wᵀ's
// contribution Xᵀ Z̄ with it (for X with at most 12 columns). Against closed forms, at shapes that
// end mid-tile and mid-vector, X of 3, 10, 12 and 13 columns (13: the product's own backward),
// above the small kernels' size (gemm, then relu), with X differentiated too (X̄ = Z̄ W read from
// the written Z̄), with a second use of Z traced after relu (Z̄ not relu's alone: the product's own
// backward), and on a second pass after W moved (values of this pass).
TEST(ProductFormedByRelu, FormsZReluOfZAndTheProductsGradientInReluPasses) {
  std::mt19937_64 rng(47);
  struct Shape {
    Index n, d, m;
  };
  for (auto [n, d, m] : {Shape{9, 3, 5}, Shape{37, 10, 13}, Shape{100, 10, 100}, Shape{41, 12, 30}, Shape{33, 13, 25},
                         Shape{300, 10, 300}})
    for (bool x_variable : {false, true})
      for (bool second_use : {false, true}) {
        const Matrix X0 = gaussian(rng, n, d), W0 = gaussian(rng, m, d), b0 = gaussian(rng, m, 1);
        const Matrix k0 = gaussian(rng, n, 1), G0 = gaussian(rng, n, m);
        Graph g;
        Var X = x_variable ? g.variable(X0) : g.constant(X0), W = g.variable(W0), b = g.variable(b0), k = g.constant(k0);
        Var Z = ad::matmul(X, ad::transpose(W));
        Var H = ad::relu(Z);
        ASSERT_TRUE(g.formed_in_consumer(Z.id));
        Var loss = ad::sum(k * ad::matmul(H, b));
        if (second_use) loss = loss + ad::sum(g.constant(G0) * Z);
        const std::string where = std::to_string(n) + "×" + std::to_string(d) + "×" + std::to_string(m) +
                                  (x_variable ? " X variable" : "") + (second_use ? " second use" : "");
        for (int step = 0; step < 2; ++step) {
          ad::value_and_grad(g, loss);
          const Matrix Zv = X0 * W.value().transpose(), Hv = Zv.cwiseMax(0.0), bv = b.value();
          EXPECT_LT((Z.value() - Zv).norm(), 1e-13 * (1.0 + Zv.norm())) << where;
          EXPECT_TRUE(H.value() == Z.value().cwiseMax(0.0)) << where;
          const Matrix Zbar = ((Zv.array() > 0.0).cast<double>() * (k0 * bv.transpose()).array()).matrix() +
                              (second_use ? G0 : Matrix::Zero(n, m));
          const Matrix gradW = Zbar.transpose() * X0, gradb = Hv.transpose() * k0;
          EXPECT_LT((W.grad() - gradW).norm(), 1e-12 * (1.0 + gradW.norm())) << where;
          EXPECT_LT((b.grad() - gradb).norm(), 1e-12 * (1.0 + gradb.norm())) << where;
          EXPECT_LT((Z.grad() - Zbar).norm(), 1e-12 * (1.0 + Zbar.norm())) << where;
          if (x_variable) EXPECT_LT((X.grad() - Zbar * W.value()).norm(), 1e-12 * (1.0 + X.grad().norm())) << where;
          W.value() *= -0.7, b.value().array() += 0.5;
        }
      }
  // An op between Z and relu reads Z: relu does not form it (Z's op does, before that op).
  Graph g;
  Var W = g.variable(gaussian(rng, 6, 3));
  Var Z = ad::matmul(g.constant(gaussian(rng, 8, 3)), ad::transpose(W));
  Var twice = 2.0 * Z;
  Var H = ad::relu(Z);
  EXPECT_FALSE(g.formed_in_consumer(Z.id));
  Var loss = ad::sum(twice) + ad::sum(H);
  W.value() *= -1.5;
  ad::value_and_grad(g, loss);
  EXPECT_TRUE(twice.value() == 2.0 * Z.value());
  EXPECT_TRUE(H.value() == Z.value().cwiseMax(0.0));
}

// The HVP sweep of a two-layer net: only the output layer has second-order terms (relu has
// none, X Wᵀ none with X constant), so the sweep computes no adjoint below f = H a, and keeps H's
// adjoint tangent ḟ̄ aᵀ + f̄ ȧᵀ as two outer products for relu. Checked against the closed forms:
// with r = f − y and n rows, f̄ = r/n, ḟ̄ = ḟ/n, ḟ = Ḣ a + H ȧ, Ḣ = [Z > 0] ⊙ X V_Wᵀ,
// H̄̇ = ḟ̄ aᵀ + f̄ ȧᵀ, (∇²L v)_W = ([Z > 0] ⊙ H̄̇)ᵀ X, (∇²L v)_a = Ḣᵀ f̄ + Hᵀ ḟ̄.
// At (9, 3, 5), and at shapes where relu forms X Wᵀ's adjoint tangent's product (Xᵀ Z̄̇, X of at
// most 12 columns) and H's tangent's products in its passes from the small kernels' tiles and
// vectors (37, 10, 13), (100, 10, 100), where the product's backward is its own (13 columns),
// and where H (720 KB) is swept column by column (300, 3, 300).
TEST(HvpSweep, ComputesOnlyTheAdjointsItsSecondOrderTermsReadAndKeepsARankTwoProduct) {
  std::mt19937_64 rng(37);
  using Shape = std::tuple<Index, Index, Index>;
  for (auto [rows, d, m] : {Shape{9, 3, 5}, Shape{37, 10, 13}, Shape{100, 10, 100}, Shape{33, 13, 25}, Shape{300, 3, 300}}) {
    const Matrix X0 = gaussian(rng, rows, d), W0 = gaussian(rng, m, d), a0 = gaussian(rng, m, 1), y0 = gaussian(rng, rows, 1);
    const Matrix vW = gaussian(rng, m, d), va = gaussian(rng, m, 1);
    Graph g;
    Var X = g.constant(X0), W = g.variable(W0), a = g.variable(a0), y = g.constant(y0);
    Var Z = ad::matmul(X, ad::transpose(W));
    Var H = ad::relu(Z);
    Var f = ad::matmul(H, a);
    Var loss = ad::squared_loss(f, y);

    const std::vector<Matrix> hv = ad::hvp(g, loss, {vW, va});
    const Array active = (Z.value().array() > 0.0).cast<double>();
    const Matrix H0 = H.value(), Hdot = (active * (X0 * vW.transpose()).array()).matrix();
    const double n = double(rows);
    const Matrix fbar = (H0 * a0 - y0) / n, fbar_dot = (Hdot * a0 + H0 * va) / n;
    const Matrix Hbar_dot = fbar_dot * a0.transpose() + fbar * va.transpose();
    const Matrix hvW = (active * Hbar_dot.array()).matrix().transpose() * X0, hva = Hdot.transpose() * fbar + H0.transpose() * fbar_dot;
    EXPECT_LT((hv[0] - hvW).norm(), 1e-12 * hvW.norm());
    EXPECT_LT((hv[1] - hva).norm(), 1e-12 * hva.norm());
    EXPECT_LT((g.buffer(H.id, ad::Slot::adjoint_tangent) - Hbar_dot).norm(), 1e-12 * Hbar_dot.norm());
    EXPECT_LT((f.grad() - fbar).norm(), 1e-14 * fbar.norm());  // read by the output layer's term
    // Adjoints below f were not computed: reading them says so.
    EXPECT_THROW(W.grad(), std::logic_error);
    EXPECT_THROW(a.grad(), std::logic_error);
    EXPECT_THROW(H.grad(), std::logic_error);
    // A gradient sweep computes them all again.
    ad::value_and_grad(g, loss);
    const Matrix Zbar = (active * (fbar * a0.transpose()).array()).matrix();
    EXPECT_LT((W.grad() - Zbar.transpose() * X0).norm(), 1e-12 * W.grad().norm());
    EXPECT_LT((a.grad() - H0.transpose() * fbar).norm(), 1e-12 * a.grad().norm());
  }
}

}  // namespace
}  // namespace fdl::test
