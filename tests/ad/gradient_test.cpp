// Property tests: for every op, at random points (away from kinks), over many seeds and shapes,
//   the reverse-mode gradient of L = Σ W ⊙ op(x) equals central finite differences,
//   the Hessian-vector product equals finite differences of gradients, and
//   the Taylor coefficients of orders 1–3 along a direction equal finite differences along it.
#include "check.hpp"

#include <functional>

namespace fdl::test {
namespace {

using ad::Axis;
using ad::Graph;
using ad::Index;
using ad::Var;
using Rng = std::mt19937_64;

struct GradientExample {
  std::string name;
  // Builds variables of roughly r×c entries on g and returns the op's output.
  std::function<Var(Graph&, Rng&, Index r, Index c)> build;
};

Var var(Graph& g, const Matrix& m) { return g.variable(m); }
Var normal(Graph& g, Rng& rng, Index r, Index c) { return g.variable(gaussian(rng, r, c)); }
Var positive(Graph& g, Rng& rng, Index r, Index c) { return g.variable(uniform_away_from(rng, r, c, 0.3, 2.5)); }
Var kinked(Graph& g, Rng& rng, Index r, Index c, std::initializer_list<double> kinks) {
  return g.variable(uniform_away_from(rng, r, c, -2.0, 2.0, kinks));
}

// The shapes an operand may take when broadcast against r×c: same, scalar, row, column.
Matrix broadcastable(Rng& rng, Index r, Index c, int kind, double lo, double hi) {
  Index rows = (kind == 1 || kind == 2) ? 1 : r;
  Index cols = (kind == 1 || kind == 3) ? 1 : c;
  return uniform_away_from(rng, rows, cols, lo, hi);
}

std::vector<GradientExample> cases() {
  std::vector<GradientExample> cs = {
      {"affine", [](Graph& g, Rng& rng, Index r, Index c) { return ad::affine(normal(g, rng, r, c), -1.7, 0.3); }},
      {"exp", [](Graph& g, Rng& rng, Index r, Index c) { return ad::exp(normal(g, rng, r, c)); }},
      {"log", [](Graph& g, Rng& rng, Index r, Index c) { return ad::log(positive(g, rng, r, c)); }},
      {"log1p", [](Graph& g, Rng& rng, Index r, Index c) { return ad::log1p(positive(g, rng, r, c) - 0.9); }},
      {"sqrt", [](Graph& g, Rng& rng, Index r, Index c) { return ad::sqrt(positive(g, rng, r, c)); }},
      {"square", [](Graph& g, Rng& rng, Index r, Index c) { return ad::square(normal(g, rng, r, c)); }},
      {"pow_3", [](Graph& g, Rng& rng, Index r, Index c) { return ad::pow(normal(g, rng, r, c), 3.0); }},
      {"pow_1.7", [](Graph& g, Rng& rng, Index r, Index c) { return ad::pow(positive(g, rng, r, c), 1.7); }},
      {"pow_-1", [](Graph& g, Rng& rng, Index r, Index c) { return ad::pow(positive(g, rng, r, c), -1.0); }},
      {"tanh", [](Graph& g, Rng& rng, Index r, Index c) { return ad::tanh(normal(g, rng, r, c)); }},
      {"sigmoid", [](Graph& g, Rng& rng, Index r, Index c) { return ad::sigmoid(3.0 * normal(g, rng, r, c)); }},
      {"softplus", [](Graph& g, Rng& rng, Index r, Index c) { return ad::softplus(5.0 * normal(g, rng, r, c)); }},
      {"log_softplus", [](Graph& g, Rng& rng, Index r, Index c) { return ad::log_softplus(10.0 * normal(g, rng, r, c)); }},
      {"log_softplus_far_left", [](Graph& g, Rng& rng, Index r, Index c) { return ad::log_softplus(positive(g, rng, r, c) - 40.0); }},
      {"relu", [](Graph& g, Rng& rng, Index r, Index c) { return ad::relu(kinked(g, rng, r, c, {0.0})); }},
      {"leaky_relu", [](Graph& g, Rng& rng, Index r, Index c) { return ad::leaky_relu(kinked(g, rng, r, c, {0.0}), 0.1); }},
      {"abs", [](Graph& g, Rng& rng, Index r, Index c) { return ad::abs(kinked(g, rng, r, c, {0.0})); }},
      {"clamp", [](Graph& g, Rng& rng, Index r, Index c) { return ad::clamp(kinked(g, rng, r, c, {-0.5, 0.7}), -0.5, 0.7); }},
      {"relu_of_product", [](Graph& g, Rng& rng, Index r, Index c) {
         Var a = normal(g, rng, r, c);
         return ad::relu(a * a - 0.5) * a;
       }},
      {"matmul", [](Graph& g, Rng& rng, Index r, Index c) { return ad::matmul(normal(g, rng, r, 3), normal(g, rng, 3, c)); }},
      {"matmul_large", [](Graph& g, Rng& rng, Index, Index) { return ad::matmul(normal(g, rng, 70, 66), normal(g, rng, 66, 2)); }},
      {"matmul_transposed", [](Graph& g, Rng& rng, Index r, Index c) {
         Var a = normal(g, rng, 4, r);
         return ad::matmul(ad::transpose(a), ad::tanh(ad::matmul(a, normal(g, rng, r, c))));
       }},
      // Matrix times a column: the left operand's adjoint is an outer product its producer takes
      // as it is (Graph::defer_outer) — relu (slope read from its output), tanh (slope buffer,
      // curvature) — or, where the left operand has a second consumer, writes out before the
      // second contribution adds to it.
      {"relu_times_column", [](Graph& g, Rng& rng, Index r, Index c) {
         return ad::matmul(ad::relu(kinked(g, rng, r, c, {0.0})), normal(g, rng, c, 1));
       }},
      {"tanh_times_column", [](Graph& g, Rng& rng, Index r, Index c) {
         return ad::matmul(ad::tanh(normal(g, rng, r, c)), normal(g, rng, c, 1));
       }},
      {"relu_times_two_columns", [](Graph& g, Rng& rng, Index r, Index c) {
         Var h = ad::relu(kinked(g, rng, r, c, {0.0}));
         return ad::matmul(h, normal(g, rng, c, 1)) * ad::matmul(h, normal(g, rng, c, 1));
       }},
      {"sum", [](Graph& g, Rng& rng, Index r, Index c) { return ad::square(ad::sum(normal(g, rng, r, c))); }},
      {"sum_rows", [](Graph& g, Rng& rng, Index r, Index c) { return ad::square(ad::sum(normal(g, rng, r, c), Axis::rows)); }},
      {"mean_cols", [](Graph& g, Rng& rng, Index r, Index c) { return ad::square(ad::mean(normal(g, rng, r, c), Axis::cols)); }},
      {"mean", [](Graph& g, Rng& rng, Index r, Index c) { return ad::exp(ad::mean(normal(g, rng, r, c))); }},
      {"max", [](Graph& g, Rng& rng, Index r, Index c) { return ad::max(normal(g, rng, r, c)); }},
      {"max_rows", [](Graph& g, Rng& rng, Index r, Index c) { return ad::max(normal(g, rng, r, c), Axis::rows); }},
      {"min_cols", [](Graph& g, Rng& rng, Index r, Index c) { return ad::min(normal(g, rng, r, c), Axis::cols); }},
      {"logsumexp", [](Graph& g, Rng& rng, Index r, Index c) { return ad::logsumexp(3.0 * normal(g, rng, r, c)); }},
      {"logsumexp_rows", [](Graph& g, Rng& rng, Index r, Index c) { return ad::logsumexp(3.0 * normal(g, rng, r, c), Axis::rows); }},
      {"logsumexp_cols_huge", [](Graph& g, Rng& rng, Index r, Index c) { return ad::logsumexp(normal(g, rng, r, c) + 800.0, Axis::cols); }},
      {"gather", [](Graph& g, Rng& rng, Index r, Index c) {
         Var x = normal(g, rng, r, c);
         return ad::square(ad::gather(x, {0, r * c - 1, 0}, 3, 1));
       }},
      {"scatter", [](Graph& g, Rng& rng, Index r, Index c) {
         Var x = normal(g, rng, 3, 1);
         return ad::tanh(ad::scatter(x, {r * c - 1, 0, r * c - 1}, r, c));
       }},
      {"squared_loss", [](Graph& g, Rng& rng, Index r, Index) {
         return ad::squared_loss(normal(g, rng, r, 1), g.constant(gaussian(rng, r, 1)));
       }},
      {"logistic_loss", [](Graph& g, Rng& rng, Index r, Index) {
         return ad::logistic_loss(normal(g, rng, r, 1), g.constant(gaussian(rng, r, 1).array().sign().matrix()));
       }},
      {"exponential_loss", [](Graph& g, Rng& rng, Index r, Index) {
         return ad::exponential_loss(normal(g, rng, r, 1), g.constant(gaussian(rng, r, 1).array().sign().matrix()));
       }},
      {"hinge_loss", [](Graph& g, Rng& rng, Index r, Index) {
         Matrix y = gaussian(rng, r, 1).array().sign().matrix();
         Matrix z = uniform_away_from(rng, r, 1, -3.0, 3.0, {-1.0, 1.0});
         return ad::hinge_loss(var(g, z), g.constant(y));
       }},
      {"log_logistic_loss", [](Graph& g, Rng& rng, Index r, Index) {
         return ad::log_logistic_loss(5.0 * normal(g, rng, r, 1), g.constant(gaussian(rng, r, 1).array().sign().matrix()));
       }},
      {"log_exponential_loss", [](Graph& g, Rng& rng, Index r, Index) {
         return ad::log_exponential_loss(normal(g, rng, r, 1), g.constant(gaussian(rng, r, 1).array().sign().matrix()));
       }},
      {"softmax_cross_entropy", [](Graph& g, Rng& rng, Index r, Index c) {
         std::vector<int> labels;
         for (Index i = 0; i < r; ++i) labels.push_back(static_cast<int>(rng() % (c + 1)));
         return ad::softmax_cross_entropy(2.0 * normal(g, rng, r, c + 1), labels);
       }},
  };
  // Binary ops against every broadcasting shape of the second operand (and of the first).
  const char* kinds[] = {"same", "scalar", "row", "col"};
  for (int kind = 0; kind < 4; ++kind) {
    auto push = [&](std::string name, std::function<Var(Var, Var)> op, double lo, double hi) {
      cs.push_back({name + "_" + kinds[kind], [=](Graph& g, Rng& rng, Index r, Index c) {
                      Var a = var(g, uniform_away_from(rng, r, c, lo, hi));
                      Var b = var(g, broadcastable(rng, r, c, kind, lo, hi));
                      return (kind % 2 == 0) ? op(a, b) : op(b, a);
                    }});
    };
    push("add", ad::add, -2, 2);
    push("sub", ad::sub, -2, 2);
    push("mul", ad::mul, -2, 2);
    push("div", ad::div, 0.5, 2.5);
    push("maximum", ad::maximum, -2, 2);
    push("minimum", ad::minimum, -2, 2);
  }
  return cs;
}

void PrintTo(const GradientExample& c, std::ostream* os) { *os << c.name; }

class EveryOp : public ::testing::TestWithParam<GradientExample> {};

TEST_P(EveryOp, GradientAndHvpMatchFiniteDifferences) {
  const GradientExample& c = GetParam();
  const Index shapes[][2] = {{1, 1}, {3, 1}, {1, 4}, {2, 3}, {5, 4}};
  for (int seed = 0; seed < 15; ++seed) {
    Rng rng(1000 + seed);
    const Index r = shapes[seed % 5][0], cols = shapes[seed % 5][1];
    Graph g;
    Var y = c.build(g, rng, r, cols);
    Var loss = ad::sum(g.constant(gaussian(rng, y.rows(), y.cols())) * y);

    ad::value_and_grad(g, loss);
    auto grad = ad::gradients(g);
    EXPECT_LT(relative_error(grad, numerical_gradient(g, loss)), 1e-7) << c.name << " seed " << seed;

    std::vector<Matrix> v;
    for (int id : g.variables()) v.push_back(gaussian(rng, g.value(id).rows(), g.value(id).cols()));
    auto hv = ad::hvp(g, loss, v);
    EXPECT_LT(relative_error(hv, numerical_hvp(g, loss, v)), 1e-6) << c.name << " seed " << seed;
  }
}

// Coefficients k = 1, 2, 3 of t ↦ L(x + t v) against central differences of L along v.
TEST_P(EveryOp, TaylorCoefficientsMatchFiniteDifferences) {
  const GradientExample& c = GetParam();
  for (int seed = 0; seed < 5; ++seed) {
    Rng rng(2000 + seed);
    Graph g;
    Var y = c.build(g, rng, 2 + seed % 3, 1 + seed % 2);
    Var loss = ad::sum(g.constant(gaussian(rng, y.rows(), y.cols())) * y);
    std::vector<Matrix> x0, v;
    for (int id : g.variables()) {
      x0.push_back(g.value(id));
      v.push_back(uniform_away_from(rng, x0.back().rows(), x0.back().cols(), -1.0, 1.0));
    }
    auto along = [&](double t) {
      for (std::size_t k = 0; k < v.size(); ++k) g.value(g.variables()[k]) = x0[k] + t * v[k];
      g.forward();
      return loss.scalar();
    };
    const double h = 1e-3;
    const double f0 = along(0), f1 = along(h), f_1 = along(-h), f2 = along(2 * h), f_2 = along(-2 * h);
    const double expected[4] = {f0, (f1 - f_1) / (2 * h), (f1 - 2 * f0 + f_1) / (2 * h * h),
                                (f2 - 2 * f1 + 2 * f_1 - f_2) / (12 * h * h * h)};
    along(0);
    for (std::size_t k = 0; k < v.size(); ++k) {
      g.coefficient(g.variables()[k], 1) = v[k];
      g.coefficient(g.variables()[k], 2).setZero();
      g.coefficient(g.variables()[k], 3).setZero();
    }
    g.forward(3);
    for (int k = 1; k <= 3; ++k) {
      double got = g.coefficient(loss.id, k)(0);
      // Truncation error O(h²), plus the rounding of f amplified by 1/h³ in the third difference.
      const double rounding = 1e-6 * std::max({std::abs(f0), std::abs(f2), std::abs(f_2)});
      EXPECT_NEAR(got, expected[k], 2e-5 * (1 + std::abs(expected[k])) + rounding) << c.name << " seed " << seed << " order " << k;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, EveryOp, ::testing::ValuesIn(cases()),
                         [](const auto& info) {
                           std::string n = info.param.name;
                           for (char& ch : n)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

}  // namespace
}  // namespace fdl::test
