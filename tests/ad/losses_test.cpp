// Losses against their formulas written directly in Eigen (values and gradients), and the
// log-domain losses on separable data whose margins (800–1200) make the plain losses underflow
// to 0 in double: finite, equal to an independent log-domain computation, with finite nonzero
// gradients that match finite differences; at moderate margins equal to log of the plain loss.
#include "check.hpp"

#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <vector>

namespace fdl::test {
namespace {

using ad::Graph;
using ad::Index;
using ad::Var;
using Array = Eigen::ArrayXXd;

Array sigma(const Array& x) { return 1.0 / (1.0 + (-x).exp()); }

struct Loss {
  const char* name;
  std::function<Var(Var, Var)> traced;
  // Value and gradient with respect to z, from z and labels y (u = y ⊙ z, n entries).
  std::function<double(const Array& z, const Array& y)> value;
  std::function<Array(const Array& z, const Array& y)> gradient;
};

const Loss kLosses[] = {
    {"squared_loss", ad::squared_loss,
     [](const Array& z, const Array& y) { return 0.5 * (z - y).square().mean(); },
     [](const Array& z, const Array& y) { return Array((z - y) / z.size()); }},
    {"logistic_loss", ad::logistic_loss,
     [](const Array& z, const Array& y) { return (1.0 + (-y * z).exp()).log().mean(); },
     [](const Array& z, const Array& y) { return Array(-y * sigma(-y * z) / z.size()); }},
    {"exponential_loss", ad::exponential_loss,
     [](const Array& z, const Array& y) { return (-y * z).exp().mean(); },
     [](const Array& z, const Array& y) { return Array(-y * (-y * z).exp() / z.size()); }},
    {"hinge_loss", ad::hinge_loss,
     [](const Array& z, const Array& y) { return (1.0 - y * z).max(0.0).mean(); },
     [](const Array& z, const Array& y) { return Array(-y * (y * z < 1.0).cast<double>() / z.size()); }},
    {"log_logistic_loss", ad::log_logistic_loss,
     [](const Array& z, const Array& y) { return std::log((1.0 + (-y * z).exp()).log().mean()); },
     [](const Array& z, const Array& y) {  // ∇ log L = ∇L / L
       return Array(-y * sigma(-y * z) / (1.0 + (-y * z).exp()).log().sum());
     }},
    {"log_exponential_loss", ad::log_exponential_loss,
     [](const Array& z, const Array& y) { return std::log((-y * z).exp().mean()); },
     [](const Array& z, const Array& y) { return Array(-y * (-y * z).exp() / (-y * z).exp().sum()); }},
};

TEST(Losses, ValueAndGradientMatchTheirFormulas) {
  std::mt19937_64 rng(31);
  for (const Loss& loss : kLosses)
    for (Index n : {1, 5, 40}) {
      const Matrix z = uniform_away_from(rng, n, 1, -3.0, 3.0, {-1.0, 1.0}), y = signs(rng, n);
      Graph g;
      Var zv = g.variable(z);
      const double value = ad::value_and_grad(g, loss.traced(zv, g.constant(y)));
      EXPECT_NEAR(value, loss.value(z.array(), y.array()), 1e-14 * (1 + std::abs(value))) << loss.name << " n=" << n;
      EXPECT_LT(relative_error(zv.grad(), Matrix(loss.gradient(z.array(), y.array()))), 1e-14) << loss.name << " n=" << n;
    }
}

// softplus runs its array in SIMD (Eigen's exp, log1p by a series of 2 atanh(e/(2 + e))) and sends
// |x| > 708, ±∞ and NaN to the scalar formula: every value and slope must be the scalar
// max(x, 0) + log1p(e^{−|x|}) and σ(x) to a few ulps, across the range and at the edges.
TEST(Softplus, ArrayPassEqualsTheScalarFormulaToAFewUlps) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> xs = {0.0, -0.0, 1e-300, -1e-300, 1e-20, -1e-20, 1e-8, -1e-8, 0.5, -0.5, 1.0, -1.0,
                            20.0, -20.0, 37.0, -37.0, 700.0, -700.0, 708.0, -708.0, 709.0, -709.0,
                            745.0, -745.0, 800.0, -800.0, inf, -inf};
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-50.0, 50.0), p(-12.0, 1.0);
  for (int i = 0; i < 2000; ++i) xs.push_back(u(rng) * std::pow(10.0, p(rng)));  // 1e-11 … 500 in size
  const Index n = Index(xs.size());
  Graph g;
  Var x = g.variable(Eigen::Map<const Matrix>(xs.data(), n, 1));
  Var y = ad::softplus(x);
  ad::value_and_grad(g, ad::sum(y));
  for (Index i = 0; i < n; ++i) {
    const double xi = xs[std::size_t(i)], e = std::exp(-std::abs(xi));
    const double value = std::max(xi, 0.0) + std::log1p(e), slope = (xi >= 0 ? 1.0 : e) / (1.0 + e);
    if (std::isinf(value)) EXPECT_EQ(y.value()(i), value) << "x = " << xi;
    else EXPECT_LE(std::abs(y.value()(i) - value), 4e-16 * std::abs(value)) << "x = " << xi;
    EXPECT_LE(std::abs(x.grad()(i) - slope), 4e-16 * slope) << "x = " << xi;
  }
  Graph h;  // NaN in, NaN out
  Var z = h.variable(Matrix::Constant(9, 1, std::numeric_limits<double>::quiet_NaN()));
  Var w = ad::softplus(z);
  h.forward(0);
  EXPECT_TRUE(w.value().array().isNaN().all());
}

// mean_i [logsumexp_k z_ik − z_{i,label_i}], gradient (softmax(z) − onehot(labels)) / n.
TEST(Losses, SoftmaxCrossEntropyMatchesSoftmaxFormulaAndGradient) {
  std::mt19937_64 rng(32);
  const Index n = 6, K = 4;
  const Matrix z = 3.0 * gaussian(rng, n, K);
  const std::vector<int> labels = {0, 3, 1, 1, 2, 3};
  Graph g;
  Var zv = g.variable(z);
  const double value = ad::value_and_grad(g, ad::softmax_cross_entropy(zv, labels));
  const Array e = z.array().exp();
  const Array p = e.colwise() / e.rowwise().sum();
  Matrix onehot = Matrix::Zero(n, K);
  double expected = 0;
  for (Index i = 0; i < n; ++i) {
    onehot(i, labels[i]) = 1;
    expected -= std::log(p(i, labels[i])) / n;
  }
  EXPECT_NEAR(value, expected, 1e-14 * expected);
  EXPECT_LT(relative_error(zv.grad(), Matrix((p.matrix() - onehot) / n)), 1e-15);
}

// Softmax cross-entropy with logits around 1000 (e^z overflows): still the shift-invariant value.
TEST(Losses, SoftmaxCrossEntropyIsShiftInvariantForHugeLogits) {
  std::mt19937_64 rng(33);
  const Matrix z = gaussian(rng, 5, 3);
  const std::vector<int> labels = {2, 0, 1, 1, 0};
  Graph g;
  Var a = g.variable(z), b = g.variable((z.array() + 1000.0).matrix());
  const double small = ad::value_and_grad(g, ad::softmax_cross_entropy(a, labels));
  const double huge = ad::value_and_grad(g, ad::softmax_cross_entropy(b, labels));
  EXPECT_NEAR(huge, small, 1e-12);
  ad::value_and_grad(g, ad::softmax_cross_entropy(a, labels) - ad::softmax_cross_entropy(b, labels));
  EXPECT_LT(relative_error(a.grad(), Matrix(-b.grad())), 1e-12);
}

// Linear model z = X w on separable data built so that the margins mᵢ = yᵢ xᵢᵀw lie in [lo, hi].
struct Separable {
  Matrix X, y, w;
  Eigen::ArrayXd m;
  Separable(std::mt19937_64& rng, Index n, double lo, double hi) : w(2, 1) {
    w << 0.6, 0.8;  // unit norm; w⊥ = (−0.8, 0.6)
    y = signs(rng, n);
    m = (lo + (hi - lo) * (gaussian(rng, n, 1).array().tanh() + 1) / 2);
    const Matrix t = gaussian(rng, n, 1);
    X.resize(n, 2);
    for (Index i = 0; i < n; ++i) X.row(i) << y(i) * m(i) * 0.6 - 0.8 * t(i), y(i) * m(i) * 0.8 + 0.6 * t(i);
    m = y.array() * (X * w).array();  // the margins as double computes them
  }
};

// log mean e^{−mᵢ} = −m_min + log Σ e^{−(mᵢ − m_min)} − log n;
// log mean log(1 + e^{−mᵢ}): log softplus(−m) = −m + log1p(−e^{−m}/2 + …) = −m to double here.
TEST(LogDomainLosses, FiniteAndExactAtMarginsWhereThePlainLossUnderflows) {
  std::mt19937_64 rng(34);
  const Separable data(rng, 25, 800, 1200);
  const double m_min = data.m.minCoeff();
  const double expected = -m_min + std::log((-(data.m - m_min)).exp().sum()) - std::log(25.0);
  const Eigen::ArrayXd log_softplus = -data.m - 0.5 * (-data.m).exp();
  const double lmax = log_softplus.maxCoeff();
  const double expected_logistic = lmax + std::log((log_softplus - lmax).exp().sum()) - std::log(25.0);
  for (bool logistic : {false, true}) {
    Graph g;
    Var w = g.variable(data.w), y = g.constant(data.y);
    Var z = ad::matmul(g.constant(data.X), w);
    Var plain = logistic ? ad::logistic_loss(z, y) : ad::exponential_loss(z, y);
    Var loss = logistic ? ad::log_logistic_loss(z, y) : ad::log_exponential_loss(z, y);
    const char* name = logistic ? "log_logistic_loss" : "log_exponential_loss";
    ASSERT_EQ(plain.scalar(), 0.0) << "premise: the plain loss underflows";
    const double value = ad::value_and_grad(g, loss);
    ASSERT_TRUE(std::isfinite(value)) << name;
    EXPECT_NEAR(value, logistic ? expected_logistic : expected, 1e-12 * std::abs(expected)) << name;
    const Matrix grad = w.grad();
    ASSERT_TRUE(grad.allFinite()) << name;
    EXPECT_GT(grad.norm(), 1.0) << name;  // a convex mix of the yᵢxᵢ, each of norm ≥ 800
    // ∇ = −Σ pᵢ yᵢ xᵢ, p = softmax(−m)
    const Eigen::ArrayXd p = (-(data.m - m_min)).exp() / (-(data.m - m_min)).exp().sum();
    EXPECT_LT(relative_error(grad, Matrix(-data.X.transpose() * (p * data.y.array()).matrix())), 1e-12) << name;
    EXPECT_LT(relative_error(ad::gradients(g), numerical_gradient(g, loss, 1e-7)), 1e-7) << name;
    // ∇²(log L) v = Aᵀ r with A = diag(y) X, r = (diag p − p pᵀ) A v, i.e. rᵢ = pᵢ Σⱼ pⱼ (aᵢ − aⱼ)ᵀv
    // (log_softplus'' ≈ −e^{−m}/2 vanishes here). The product (~1e-2) is a difference of terms
    // ~|x|²p ~ 1e3, so any evaluation loses ~1e-10 of it to rounding; hence the tolerance.
    const Matrix A = data.y.asDiagonal() * data.X, v = gaussian(rng, 2, 1);
    Eigen::VectorXd r(A.rows());
    for (Index i = 0; i < A.rows(); ++i) r(i) = p(i) * (p.matrix().transpose() * ((-A).rowwise() + A.row(i)) * v)(0);
    EXPECT_LT(relative_error(ad::hvp(g, loss, {v})[0], Matrix(A.transpose() * r)), 1e-8) << name;
  }
}

// Margins in [−3, 30], and in [20, 40] where every −m takes log_softplus's branch below −20:
// log-domain loss = log(plain loss) and ∇ log L = ∇L / L.
TEST(LogDomainLosses, EqualLogOfThePlainLossAtModerateMargins) {
  std::mt19937_64 rng(35);
  for (const auto& [lo, hi] : {std::pair{-3.0, 30.0}, std::pair{20.0, 40.0}}) {
    const Separable data(rng, 20, lo, hi);
    for (bool logistic : {false, true}) {
      Graph g;
      Var w = g.variable(data.w), y = g.constant(data.y);
      Var z = ad::matmul(g.constant(data.X), w);
      Var plain = logistic ? ad::logistic_loss(z, y) : ad::exponential_loss(z, y);
      Var loss = logistic ? ad::log_logistic_loss(z, y) : ad::log_exponential_loss(z, y);
      const std::string name = std::string(logistic ? "log_logistic_loss" : "log_exponential_loss") + " margins in [" +
                               std::to_string(lo) + ", " + std::to_string(hi) + "]";
      const double L = ad::value_and_grad(g, plain);
      const Matrix dL = w.grad();
      EXPECT_NEAR(ad::value_and_grad(g, loss), std::log(L), 1e-12 * std::abs(std::log(L))) << name;
      EXPECT_LT(relative_error(w.grad(), Matrix(dL / L)), 1e-12) << name;
    }
  }
}

}  // namespace
}  // namespace fdl::test
