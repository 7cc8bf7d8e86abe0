// Clarke mode (Kakade & Lee 2018) against a catalogue of programs at exact kinks
// (docs: shared/research/nonsmooth-ad.md §2: T1–T10b, controls C1–C3, tie escalation).
//
// For each program f and point x the test writes down ∂_B f(x) by hand, then checks
//   the hand-written set against gradients sampled at x + r·u (the oracle of clarke_check.hpp),
//   conventional mode (PyTorch's conventions) against ∂_C f(x) = conv ∂_B f(x): outside it for
//     the catalogue, inside it for the controls,
//   Clarke mode over 100 direction seeds: every answer in ∂_B f(x) to 1e-12, in the sampled hull,
//     at the Taylor order the program needs, with no tie left; every element of ∂_B reached,
//   a prescribed direction d (piecewise-linear programs): ⟨g, d⟩ = f'(x; d) and g ∈ ∂_B f(x),
//   away from kinks: Clarke mode = conventional gradient, order 0.
#include "clarke_check.hpp"

#include <functional>
#include <set>

namespace fdl::test {
namespace {

using ad::Axis;
using ad::Graph;
using ad::Var;
using Rng = std::mt19937_64;

struct ClarkeExample {
  std::string name;
  // Makes the variables at the point (exactly representable, on the kinks) and returns f.
  std::function<Var(Graph&)> build;
  // ∂_B f(point), written by hand; each element flattened over the variables in order.
  std::vector<Vec> bouligand;
  // The Taylor order Clarke mode needs at the point (1: first-order tangents decide every kink).
  int order = 1;
  // Conventional mode's answer lies outside ∂_C f(point) (false for the controls).
  bool conventional_fails = true;
  // f is piecewise linear (one-sided finite differences give f'(x; d) exactly) and its switches
  // have nonzero gradients (a prescribed direction followed by a random one decides them).
  bool piecewise_linear = true;
};

void PrintTo(const ClarkeExample& c, std::ostream* os) { *os << c.name; }

Var var(Graph& g, double x) { return g.variable(Matrix::Constant(1, 1, x)); }
Var zero(Graph& g) { return g.scalar_constant(0.0); }
Vec v(std::initializer_list<double> xs) {
  Vec out(static_cast<Eigen::Index>(xs.size()));
  std::copy(xs.begin(), xs.end(), out.begin());
  return out;
}
Var entry(Var x, ad::Index i) { return ad::gather(x, {i}, 1, 1); }

// Activations written as PyTorch defines them.
Var relu6(Var x) { return ad::clamp(x, 0.0, 6.0); }
Var hardtanh(Var x) { return ad::clamp(x, -1.0, 1.0); }
Var hardsigmoid(Var x) { return relu6(x + 3.0) / 6.0; }  // kinks at x = ±3, exact there

std::vector<ClarkeExample> catalogue() {
  const double inf = INFINITY;
  return {
      // ---- §2.1, scalar input --------------------------------------------------------------
      {"T1_relu_minus_relu_of_negative",  // ≡ x
       [](Graph& g) { Var x = var(g, 0); return ad::relu(x) - ad::relu(-x); }, {v({1})}},
      {"T2_relu_plus_minimum_with_zero",  // ≡ x; conventional 0 + 0.5
       [](Graph& g) { Var x = var(g, 0); return ad::relu(x) + ad::minimum(x, zero(g)); }, {v({1})}},
      {"T3_two_relu_minus_x_minus_abs",  // ≡ 0; conventional −1
       [](Graph& g) { Var x = var(g, 0); return 2.0 * ad::relu(x) - x - ad::abs(x); }, {v({0})}},
      {"T4_maximum_with_zero_minus_relu",  // ≡ 0; conventional 0.5
       [](Graph& g) { Var x = var(g, 0); return ad::maximum(x, zero(g)) - ad::relu(x); }, {v({0})}},
      {"T5_leaky_relu_pair",  // ≡ 1.1x; conventional 0.2
       [](Graph& g) { Var x = var(g, 0); return ad::leaky_relu(x, 0.1) - ad::leaky_relu(-x, 0.1); }, {v({1.1})}},
      {"T6_relu6_batch_of_two",  // ≡ 6 + b; conventional 2 (clamp'(bound) = 1)
       [](Graph& g) { Var b = var(g, 0); return relu6(b) + relu6(b + 6.0); }, {v({1})}},
      {"T7_hardtanh_batch_of_two",  // ≡ b; conventional 2
       [](Graph& g) { Var b = var(g, 0); return hardtanh(b - 1.0) + hardtanh(b + 1.0); }, {v({1})}},
      {"T8_hardsigmoid_batch_of_two",  // ≡ 1 + w/6; conventional 1/3
       [](Graph& g) { Var w = var(g, 0); return hardsigmoid(3.0 + w) + hardsigmoid(-3.0 + w); }, {v({1.0 / 6})}},
      // The same batches as one op over a 2×1 minibatch (broadcast b + c): one direction decides
      // the kinks of both examples.
      {"T6_relu6_minibatch_in_one_op",
       [](Graph& g) { return ad::mean(relu6(var(g, 0) + g.constant(M(2, 1, {0, 6})))); }, {v({0.5})}},
      {"T7_hardtanh_minibatch_in_one_op",
       [](Graph& g) { return ad::mean(hardtanh(var(g, 0) + g.constant(M(2, 1, {-1, 1})))); }, {v({0.5})}},
      {"T8_hardsigmoid_minibatch_in_one_op",
       [](Graph& g) { return ad::mean(hardsigmoid(var(g, 0) + g.constant(M(2, 1, {3, -3})))); }, {v({1.0 / 12})}},
      {"T9_clamp_pair",  // ≡ x; conventional 2
       [](Graph& g) { Var x = var(g, 0); return ad::clamp(x, 0, 1) + ad::clamp(x, -1, 0); }, {v({1})}},
      {"T10_hinge_pair_with_relu",  // ≡ 1 − w at w = 1; conventional 0
       [](Graph& g) { Var w = var(g, 1); return ad::relu(1.0 - w) - ad::relu(w - 1.0); }, {v({-1})}},
      {"T10b_hinge_pair_with_clamp",  // ≡ 1 − w; conventional −2
       [inf](Graph& g) { Var w = var(g, 1); return ad::clamp(1.0 - w, 0, inf) - ad::clamp(w - 1.0, 0, inf); },
       {v({-1})}},
      {"clamp_with_equal_bounds",  // clamp(x, 1, 1) ≡ 1 entrywise: both kinks at once; conventional 1
       [](Graph& g) { return ad::sum(ad::clamp(g.variable(M(2, 1, {1, 1})), 1, 1)); }, {v({0, 0})}},
      {"clamp_pair_on_a_kink_line_off_the_origin",  // s = x + y = 1: ≡ s; conventional 2(1, 1)
       [](Graph& g) {
         Var x = var(g, 0.5), y = var(g, 0.5);
         Var s = x + y;
         return ad::clamp(s, 0, 1) + ad::clamp(s - 1.0, 0, 1);
       },
       {v({1, 1})}},

      // ---- branches whose predicate has a vanishing gradient (§2.3) --------------------------
      {"S3_cube_branch_against_negated_branch",  // ≡ 0; x³ decides at order 3; conventional 1 − 2
       [](Graph& g) {
         Var x = var(g, 0);
         return ad::where(ad::pow(x, 3.0), x, 2.0 * x) - ad::where(-x, 2.0 * x, x);
       },
       {v({0})}, 3, true, false},
      {"branch_on_s_times_abs_s_against_negated_branch",  // s = w + x; s·|s| decides at order 2; ≡ 0
       [](Graph& g) {
         Var w = var(g, 0), x = var(g, 0);
         Var s = w + x;
         return ad::where(s * ad::abs(s), s, 2.0 * s) - ad::where(-s, 2.0 * s, s);
       },
       {v({0, 0})}, 2, true, false},
      {"bilinear_kink_relu_of_w_dot_x_with_T1",  // ≡ w·x + y at w = x = 0; conventional 0
       [](Graph& g) {
         Var w = g.variable(M(1, 2, {0, 0})), x = g.variable(M(2, 1, {0, 0})), y = var(g, 0);
         Var wx = ad::matmul(w, x);
         return ad::relu(wx) - ad::relu(-wx) + ad::relu(y) - ad::relu(-y);
       },
       {cat({M(1, 2, {0, 0}), M(2, 1, {0, 0}), M(1, 1, {1})})}, 2, true, false},
      {"where_against_relu_on_a_minibatch",  // z = Xw + b, two examples at z = 0; ≡ 0
       [](Graph& g) {
         Var w = g.variable(M(2, 1, {1, -1})), b = var(g, 0.5);
         Var z = ad::matmul(g.constant(M(3, 2, {0.5, 1, 1.5, 2, 1, 0})), w) + b;  // z = (0, 0, 1.5)
         return ad::sum(ad::where(z, z, zero(g))) - ad::sum(ad::relu(z));
       },
       {cat({M(2, 1, {0, 0}), M(1, 1, {0})})}},

      // ---- max and max-pool ties -------------------------------------------------------------
      {"full_max_against_row_max",  // ≡ 0; conventional split (0, ½, ½) against first index (0, 1, 0)
       [](Graph& g) {
         Var x = g.variable(M(1, 3, {0.5, 2, 2}));
         return ad::max(x) - ad::max(x, Axis::rows);
       },
       {v({0, 0, 0})}},
      {"max_pool_against_pairwise_maximum",  // windows [x0 x1] [x1 x2] [x2 x3]; ≡ 0
       [](Graph& g) {
         Var x = g.variable(M(4, 1, {1, 1, 0, 0}));
         Var pool = ad::max(ad::gather(x, {0, 1, 1, 2, 2, 3}, 2, 3), Axis::cols);
         Var pairs = ad::maximum(ad::gather(x, {0, 1, 2}, 3, 1), ad::gather(x, {1, 2, 3}, 3, 1));
         return ad::sum(pool) - ad::sum(pairs);
       },
       {v({0, 0, 0, 0})}},
      {"nested_maximum_against_max",  // conventional (¼, ¼, ½) − (⅓, ⅓, ⅓)
       [](Graph& g) {
         Var x = g.variable(M(3, 1, {0, 0, 0}));
         return ad::maximum(ad::maximum(entry(x, 0), entry(x, 1)), entry(x, 2)) - ad::max(x);
       },
       {v({0, 0, 0})}},
      {"max_against_its_relu_form",  // max(x1, x2) = x2 + relu(x1 − x2); ≡ 0
       [](Graph& g) {
         Var x = g.variable(M(2, 1, {3, 3}));
         Var x1 = entry(x, 0), x2 = entry(x, 1);
         return ad::max(x) - x2 - ad::relu(x1 - x2);
       },
       {v({0, 0})}},
      {"row_max_against_its_abs_form",  // max(x1, x2) = (x1 + x2 + |x1 − x2|)/2; ≡ 0
       [](Graph& g) {
         Var x = g.variable(M(1, 2, {-1, -1}));
         Var x1 = entry(x, 0), x2 = entry(x, 1);
         return ad::max(x, Axis::rows) - 0.5 * (x1 + x2 + ad::abs(x1 - x2));
       },
       {v({0, 0})}},

      // ---- hinge losses at the margin --------------------------------------------------------
      // Linear model z = Xw + b, labels y; margins m = y⊙z = (1, 1, 3, −1.5): two examples on it.
      {"hinge_loss_against_its_relu_form",  // relu(1 − m) = (1 − m) + relu(m − 1); ≡ 0
       [](Graph& g) {
         Var w = g.variable(M(2, 1, {1, 0.5})), b = var(g, 0);
         Var y = g.constant(M(4, 1, {1, -1, 1, -1}));
         Var z = ad::matmul(g.constant(M(4, 2, {1, 0, 0, -2, 2, 2, 1, 1})), w) + b;
         Var m = y * z;
         return ad::hinge_loss(z, y) - ad::mean(1.0 - m) - ad::mean(ad::relu(m - 1.0));
       },
       {cat({M(2, 1, {0, 0}), M(1, 1, {0})})}},
      {"hinge_loss_against_its_clamp_form",  // ≡ 0; conventional ¼ Σ_margin ∇m
       [inf](Graph& g) {
         Var w = g.variable(M(2, 1, {1, 0.5})), b = var(g, 0);
         Var y = g.constant(M(4, 1, {1, -1, 1, -1}));
         Var z = ad::matmul(g.constant(M(4, 2, {1, 0, 0, -2, 2, 2, 1, 1})), w) + b;
         return ad::hinge_loss(z, y) - ad::mean(ad::clamp(1.0 - y * z, 0, inf));
       },
       {cat({M(2, 1, {0, 0}), M(1, 1, {0})})}},

      // ---- small ReLU networks, parameters and inputs as variables ---------------------------
      // CReLU layer: z = Wx + b = 0 in both units, f = u·relu(z) + v·relu(−z) with v = −u, so
      // f ≡ u·z + const: ∇_W = u xᵀ, ∇_b = u, ∇_x = Wᵀu, ∇_u = relu(z) = 0, ∇_v = relu(−z) = 0.
      {"crelu_mirrored_units",
       [](Graph& g) {
         Var W = g.variable(M(2, 2, {1, 0.5, -1, 1})), b = g.variable(M(2, 1, {-2, -1}));
         Var x = g.variable(M(2, 1, {1, 2}));
         Var u = g.variable(M(1, 2, {1, -0.5})), vv = g.variable(M(1, 2, {-1, 0.5}));
         Var z = ad::matmul(W, x) + b;
         return ad::matmul(u, ad::relu(z)) + ad::matmul(vv, ad::relu(-z));
       },
       {cat({M(2, 2, {1, 2, -0.5, -1}), M(2, 1, {1, -0.5}), M(2, 1, {1.5, 0}), M(1, 2, {0, 0}), M(1, 2, {0, 0})})},
       1, true, false},
      // Two-layer net on the minibatch [x, −x] (sign-flip augmentation), squared loss against
      // targets t = (2, 2). z = Wx = (0, 0, 1.5): units 1, 2 on their kink in both examples.
      // Residuals r = (1, −2); unit i contributes c_i ∇z_i with c_i = r₁a_i (z_i > 0) or −r₂a_i
      // (z_i < 0): c₁ ∈ {1, 2}, c₂ ∈ {−1, −2}, c₃ = 2. ∇_{W_i} = c_i xᵀ, ∇_x = Σ c_i W_iᵀ,
      // ∇_a = r₁ relu(z) + r₂ relu(−z) = (0, 0, 1.5). Conventional: c₁ = c₂ = 0.
      {"two_layer_net_on_sign_flipped_pair",
       [](Graph& g) {
         Var W = g.variable(M(3, 2, {1, -1, 0.5, -0.5, 1, 0.5})), x = g.variable(M(2, 1, {1, 1}));
         Var a = g.variable(M(1, 3, {1, -1, 2}));
         Var X = ad::matmul(x, g.constant(M(1, 2, {1, -1})));  // [x, −x]
         Var out = ad::matmul(a, ad::relu(ad::matmul(W, X)));  // 1×2: (3, 0)
         return 0.5 * ad::sum(ad::square(out - g.constant(M(1, 2, {2, 2}))));
       },
       {cat({M(3, 2, {1, 1, -1, -1, 2, 2}), M(2, 1, {2.5, 0.5}), M(1, 3, {0, 0, 1.5})}),
        cat({M(3, 2, {1, 1, -2, -2, 2, 2}), M(2, 1, {2, 1}), M(1, 3, {0, 0, 1.5})}),
        cat({M(3, 2, {2, 2, -1, -1, 2, 2}), M(2, 1, {3.5, -0.5}), M(1, 3, {0, 0, 1.5})}),
        cat({M(3, 2, {2, 2, -2, -2, 2, 2}), M(2, 1, {3, 0}), M(1, 3, {0, 0, 1.5})})},
       1, true, false},
      // One unit z = w·x + b = 0 feeding relu6 at two biases, f = a₁ relu6(z) + a₂ relu6(z + 6):
      // ∂f/∂z = a₁ = 1 (z > 0) or a₂ = 3 (z < 0); ∇z = (x; w; 1); ∇_a = (0, 6). Conventional 4∇z.
      {"relu6_unit_at_two_biases",
       [](Graph& g) {
         Var w = g.variable(M(1, 2, {2, 1})), x = g.variable(M(2, 1, {1, -1})), b = var(g, -1);
         Var a = g.variable(M(1, 2, {1, 3}));
         Var z = ad::matmul(w, x) + b;
         return ad::matmul(a, relu6(z + g.constant(M(2, 1, {0, 6}))));
       },
       {cat({M(1, 2, {1, -1}), M(2, 1, {2, 1}), M(1, 1, {1}), M(1, 2, {0, 6})}),
        cat({M(1, 2, {3, -3}), M(2, 1, {6, 3}), M(1, 1, {3}), M(1, 2, {0, 6})})},
       1, true, false},
      // Minibatch of three: z = Xw + c = (0, 6, 1.25), rows x₁ = (1, ½), x₂ = 2x₁, x₃ = (½, −1);
      // f = mean relu6(z): ∇ = (x₁ + x₃)/3 or (x₂ + x₃)/3. Conventional (x₁ + x₂ + x₃)/3.
      {"relu6_minibatch_with_kinks_at_different_examples",
       [](Graph& g) {
         Var w = g.variable(M(2, 1, {0.5, 1}));
         Var z = ad::matmul(g.constant(M(3, 2, {1, 0.5, 2, 1, 0.5, -1})), w) + g.constant(M(3, 1, {-1, 4, 2}));
         return ad::mean(relu6(z));
       },
       {v({1.5 / 3, -0.5 / 3}), v({2.5 / 3, 0})}},
  };
}

// Controls: conventional mode is right too (§2.1), and a harmless identically-zero switch.
std::vector<ClarkeExample> controls() {
  return {
      {"C1_abs", [](Graph& g) { return ad::abs(var(g, 0)); }, {v({-1}), v({1})}, 1, false},
      {"C2_relu_pair_with_shared_bias",
       [](Graph& g) {
         Var w = var(g, 0), b = var(g, 0);
         return ad::relu(w + b) - ad::relu(-w + b);
       },
       {v({0, 0}), v({1, -1}), v({1, 1}), v({2, 0})}, 1, false},
      {"C3_maximum_pair",
       [](Graph& g) {
         Var x = var(g, 0);
         return ad::maximum(x, zero(g)) - ad::maximum(-x, zero(g));
       },
       {v({1})}, 1, false},
      {"row_max_picks_a_winner",  // max-pool's "first index" is an element of ∂_B
       [](Graph& g) { return ad::max(g.variable(M(1, 3, {1, 1, 0})), Axis::rows); }, {v({1, 0, 0}), v({0, 1, 0})}, 1,
       false},
  };
}

std::vector<ClarkeExample> all_cases() {
  std::vector<ClarkeExample> out = catalogue();
  for (ClarkeExample& c : controls()) out.push_back(c);
  return out;
}

constexpr int kSeeds = 100;

class ClarkeCase : public ::testing::TestWithParam<ClarkeExample> {
 protected:
  Graph g;
  Var f;
  void SetUp() override { f = GetParam().build(g); }
  const std::vector<Vec>& bouligand() const { return GetParam().bouligand; }
};

TEST(ClarkeCatalogue, HasAtLeast25ProgramsWhereConventionalModeFails) {
  int failing = 0;
  for (const ClarkeExample& c : all_cases()) failing += c.conventional_fails;
  EXPECT_GE(failing, 25);
}

// (a) every hand-written element is the limit of sampled gradients, and conversely every sampled
// gradient is near a hand-written element: the set is exactly ∂_B f(x).
TEST_P(ClarkeCase, HandWrittenBouligandSetMatchesSampledGradients) {
  Rng rng(2024);
  const std::vector<Sample> samples = sample_gradients(g, f, rng);
  for (const Vec& b : bouligand()) {
    double nearest = INFINITY;
    for (const Sample& s : samples) nearest = std::min(nearest, (s.grad - b).lpNorm<Eigen::Infinity>());
    EXPECT_LE(nearest, 1e-5) << "no sampled gradient near " << b.transpose();
  }
  for (const Sample& s : samples)
    ASSERT_LE(distance_to_set(bouligand(), s.grad), sample_tolerance(s.radius))
        << "sampled gradient " << s.grad.transpose() << " at radius " << s.radius << " is not in the hand-written set";
}

// Conventional mode's answer against ∂_C f(x), both as the hull of the hand-written set and as the
// hull of the sampled gradients.
TEST_P(ClarkeCase, ConventionalAnswerAgainstTheClarkeSet) {
  const Vec conventional = conventional_gradient(g, f);
  Rng rng(7);
  const std::vector<Vec> sampled = clusters(sample_gradients(g, f, rng));
  const HullDistance to_hand = distance_to_hull(bouligand(), conventional);
  const HullDistance to_sampled = distance_to_hull(sampled, conventional);
  if (GetParam().conventional_fails) {
    EXPECT_GE(to_hand.lower, 1e-3) << "conventional " << conventional.transpose() << " is in the Clarke set";
    EXPECT_GE(to_sampled.lower, 1e-3) << "conventional " << conventional.transpose() << " is in the sampled hull";
  } else {
    EXPECT_LE(to_hand.upper, 1e-12) << "conventional " << conventional.transpose();
    EXPECT_LE(to_sampled.upper, 1e-6) << "conventional " << conventional.transpose();
  }
}

// (b) Clarke mode over many directions: in ∂_B to 1e-12, in the sampled hull to 1e-6, at the order
// the program needs, no tie left, the same value as conventional mode, every element reached.
TEST_P(ClarkeCase, EveryDirectionGivesABouligandSubgradient) {
  const double value = (g.forward(), f.scalar());
  Rng rng(11);
  const std::vector<Vec> sampled = clusters(sample_gradients(g, f, rng));
  std::vector<int> reached(bouligand().size(), 0);
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    const ClarkeAnswer a = clarke_gradient(g, f, seed);
    SCOPED_TRACE("seed " + std::to_string(seed) + ", answer " + ::testing::PrintToString(std::vector<double>(a.grad.begin(), a.grad.end())));
    EXPECT_EQ(a.report.value, value);
    EXPECT_EQ(a.report.order, GetParam().order);
    EXPECT_EQ(a.report.unresolved_ties, 0);
    int nearest = -1;
    for (std::size_t k = 0; k < bouligand().size(); ++k)
      if ((a.grad - bouligand()[k]).lpNorm<Eigen::Infinity>() <= 1e-12) nearest = static_cast<int>(k);
    EXPECT_GE(nearest, 0) << "not in the hand-written Bouligand set";
    if (nearest >= 0) ++reached[nearest];
    EXPECT_LE(distance_to_hull(sampled, a.grad).upper, 1e-6) << "not in the sampled hull";
  }
  for (std::size_t k = 0; k < reached.size(); ++k)
    EXPECT_GT(reached[k], 0) << "never reached " << bouligand()[k].transpose() << " in " << kSeeds << " directions";
}

TEST_P(ClarkeCase, SameSeedGivesTheSameAnswer) {
  for (std::uint64_t seed : {3u, 17u, 99u}) {
    const ClarkeAnswer first = clarke_gradient(g, f, seed);
    conventional_gradient(g, f);  // other passes in between do not matter
    const ClarkeAnswer again = clarke_gradient(g, f, seed);
    EXPECT_EQ(first.grad, again.grad);
    EXPECT_EQ(first.report.order, again.report.order);
  }
}

// A prescribed direction d: ⟨g, d⟩ = f'(x; d), measured by a one-sided difference (exact on a
// piecewise-linear f up to rounding), and g ∈ ∂_B f(x). Directions: random, ±e_i and e_i − e_j,
// which often lie on a kink surface (the random second direction then decides).
TEST_P(ClarkeCase, PrescribedDirectionGivesTheDirectionalDerivative) {
  if (!GetParam().piecewise_linear) GTEST_SKIP() << "not piecewise linear";
  const Vec x = point_of(g);
  const double fx = value_at(g, f, x);
  const auto n = x.size();
  std::vector<Vec> directions;
  Rng rng(5);
  for (int k = 0; k < 10; ++k) directions.push_back(gaussian(rng, n, 1));
  for (Eigen::Index i = 0; i < n; ++i) {
    directions.push_back(Vec::Unit(n, i));
    directions.push_back(-Vec::Unit(n, i));
    for (Eigen::Index j = 0; j < n; ++j)
      if (j != i) directions.push_back(Vec::Unit(n, i) - Vec::Unit(n, j));
  }
  const double t = std::ldexp(1.0, -16);
  std::uint64_t seed = 0;
  for (const Vec& d : directions) {
    const double slope = (value_at(g, f, x + t * d) - fx) / t;
    set_point(g, x);
    const std::vector<Matrix> dirs = per_variable(g, d);
    const ClarkeAnswer a = clarke_gradient(g, f, ++seed, &dirs);
    SCOPED_TRACE("d = " + ::testing::PrintToString(std::vector<double>(d.begin(), d.end())));
    EXPECT_NEAR(a.grad.dot(d), slope, 1e-9);
    EXPECT_LE(distance_to_set(bouligand(), a.grad), 1e-12) << "answer " << a.grad.transpose();
    EXPECT_EQ(a.report.unresolved_ties, 0);
  }
}

// Away from kinks (a random point near the catalogue's) every convention takes the one piece there
// is: Clarke mode is the conventional gradient, and no tie is hit.
TEST_P(ClarkeCase, AwayFromKinksEqualsTheConventionalGradient) {
  Rng rng(13);
  const Vec x = point_of(g);
  for (int k = 0; k < 5; ++k) {
    set_point(g, x + 0.3 * gaussian(rng, x.size(), 1));
    const Vec conventional = conventional_gradient(g, f);
    const ClarkeAnswer a = clarke_gradient(g, f, static_cast<std::uint64_t>(k + 1));
    EXPECT_LE((a.grad - conventional).lpNorm<Eigen::Infinity>(), 1e-12);
    EXPECT_EQ(a.report.order, 0);
    EXPECT_EQ(a.report.unresolved_ties, 0);
  }
}

std::string case_name(const ::testing::TestParamInfo<ClarkeExample>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(ClarkeCatalogue, ClarkeCase, ::testing::ValuesIn(catalogue()), case_name);
INSTANTIATE_TEST_SUITE_P(ClarkeControls, ClarkeCase, ::testing::ValuesIn(controls()), case_name);

// ---- controls: the direction is used ------------------------------------------------------------

TEST(ClarkeControls, AbsAndSharedBiasPairReachSeveralBouligandElements) {
  for (const ClarkeExample& c : controls()) {
    if (c.bouligand.size() < 2) continue;
    Graph g;
    Var f = c.build(g);
    std::set<std::vector<double>> answers;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      Vec a = clarke_gradient(g, f, seed).grad;
      answers.insert(std::vector<double>(a.begin(), a.end()));
    }
    EXPECT_GT(answers.size(), 1u) << c.name;
  }
}

// ---- tie escalation -----------------------------------------------------------------------------

TEST(ClarkeTies, CubeBranchNeedsOrderThreeAndBilinearKinkOrderTwo) {
  for (const ClarkeExample& c : catalogue()) {
    if (c.order == 1) continue;
    Graph g;
    Var f = c.build(g);
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
      const ClarkeAnswer a = clarke_gradient(g, f, seed);
      EXPECT_EQ(a.report.order, c.order) << c.name;
      EXPECT_EQ(a.report.unresolved_ties, 0) << c.name;
    }
  }
}

// relu(x − relu(x)) ≡ 0. At x = 0 along v > 0 the inner relu is on, so the outer switch
// x − relu(x) vanishes identically along the ray: a tie at every order, harmless (both pieces of
// the outer relu are 0 there). The answer must still be 0, whatever is reported.
TEST(ClarkeTies, IdenticallyZeroSwitchLeavesATieButTheRightGradient) {
  Graph g;
  Var x = var(g, 0);
  Var f = ad::relu(x - ad::relu(x));
  int tied = 0;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const ClarkeAnswer a = clarke_gradient(g, f, seed);
    EXPECT_EQ(a.grad(0), 0.0) << "seed " << seed;
    tied += a.report.unresolved_ties > 0;
  }
  EXPECT_GT(tied, 0);  // the direction v > 0 occurs; the tie is reported, not hidden
  Rng rng(3);
  for (const Sample& s : sample_gradients(g, f, rng)) EXPECT_EQ(s.grad(0), 0.0);
}

// Same function, one tie that persists: max(x, x) over a duplicated entry.
TEST(ClarkeTies, DuplicatedMaxEntryGivesTheWholeAdjointToOne) {
  Graph g;
  Var x = g.variable(M(2, 1, {0, 0}));
  Var f = ad::max(ad::gather(x, {0, 0, 1}, 3, 1)) - ad::maximum(entry(x, 0), entry(x, 1));
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const ClarkeAnswer a = clarke_gradient(g, f, seed);
    EXPECT_LE(a.grad.lpNorm<Eigen::Infinity>(), 1e-12) << "seed " << seed << ": " << a.grad.transpose();
  }
}

// ---- prescribed direction through a branch with a vanishing predicate gradient -------------------

// where(x³, x, 2x) − where(−x, 2x, x) ≡ 0 and its two-variable order-2 sibling: with d prescribed,
// the answer must still be 0 (so ⟨g, d⟩ = 0 = f'(x; d)), for d of either sign.
TEST(ClarkePrescribedDirection, DecidesBranchesWhosePredicateHasAVanishingGradient) {
  for (const ClarkeExample& c : catalogue()) {
    if (c.order == 1 || c.name.rfind("bilinear", 0) == 0) continue;
    Graph g;
    Var f = c.build(g);
    const auto n = point_of(g).size();
    for (double sign : {1.0, -1.0}) {
      const std::vector<Matrix> dirs = per_variable(g, sign * Vec::Ones(n));
      const ClarkeAnswer a = clarke_gradient(g, f, 1, &dirs);
      EXPECT_LE(distance_to_set(c.bouligand, a.grad), 1e-12)
          << c.name << ", d = " << sign << "·1: answer " << a.grad.transpose() << ", order " << a.report.order
          << ", ties " << a.report.unresolved_ties;
    }
  }
}

// ---- away from kinks: a two-layer ReLU net on random data --------------------------------------

TEST(ClarkeAwayFromKinks, TwoLayerReluNetEqualsTheConventionalGradient) {
  Rng rng(42);
  for (int trial = 0; trial < 5; ++trial) {
    Graph g;
    Var X = g.constant(gaussian(rng, 16, 4)), y = g.constant(gaussian(rng, 16, 1));
    Var W1 = g.variable(gaussian(rng, 4, 8)), b1 = g.variable(gaussian(rng, 1, 8));
    Var w2 = g.variable(gaussian(rng, 8, 1)), b2 = g.variable(gaussian(rng, 1, 1));
    Var out = ad::matmul(ad::relu(ad::matmul(X, W1) + b1), w2) + b2;
    Var f = ad::squared_loss(out, y) + 0.1 * ad::hinge_loss(out, g.constant(M(16, 1, {1, -1, 1, -1, 1, -1, 1, -1,
                                                                                      1, -1, 1, -1, 1, -1, 1, -1})));
    const Vec conventional = conventional_gradient(g, f);
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      const ClarkeAnswer a = clarke_gradient(g, f, seed);
      EXPECT_LE((a.grad - conventional).lpNorm<Eigen::Infinity>(), 1e-12);
      EXPECT_EQ(a.report.order, 0);
      EXPECT_EQ(a.report.unresolved_ties, 0);
    }
  }
}

// ---- escalation by refine (values kept, coefficients only where a tie reads them) --------------

// The escalation of clarke_value_and_grad done with full forward passes over the whole graph.
ClarkeAnswer full_pass_clarke_gradient(Graph& g, Var loss, std::uint64_t seed) {
  g.set_mode(ad::Mode::clarke);
  g.set_direction_seed(seed);
  const std::uint64_t direction = g.next_direction_seed();
  g.forward(0);
  int order = 0;
  if (g.unresolved_ties(loss) > 0) {
    g.draw_direction(1, direction);
    for (order = 1; order <= ad::kMaxOrder; ++order) {
      g.forward(order);
      if (g.unresolved_ties(loss) == 0) break;
    }
    order = std::min(order, ad::kMaxOrder);
  }
  g.backward(loss);
  g.set_mode(ad::Mode::conventional);
  return {ad::flatten(ad::gradients(g)), {loss.scalar(), order, g.unresolved_ties(loss)}};
}

TEST(ClarkeRefine, EqualsFullPassesWithTiesInRowsColumnsAndTwoLayers) {
  // H = Z W₁ (12×6) ties on the rows of Z that are 0 (a row box), on the columns of W₁ that are 0
  // (a column box), on both, and, with a second ReLU layer tied too, everywhere.
  Rng rng(7);
  for (int pattern = 0; pattern < 4; ++pattern) {
    Graph g;
    Matrix z = gaussian(rng, 12, 5), w1 = gaussian(rng, 5, 6), w2 = gaussian(rng, 6, 3);
    if (pattern == 0 || pattern == 2) z.row(2).setZero(), z.row(7).setZero();
    if (pattern == 1 || pattern == 2) w1.col(1).setZero(), w1.col(4).setZero();
    if (pattern == 3) w1.col(0).setZero(), w2.col(2).setZero();
    Var Z = g.variable(z), y = g.constant(gaussian(rng, 12, 1));
    Var W1 = g.variable(w1), W2 = g.variable(w2), a = g.variable(gaussian(rng, 3, 1));
    Var H = ad::matmul(Z, W1);
    Var f = ad::squared_loss(ad::matmul(ad::relu(ad::matmul(ad::relu(H), W2)), a), y);
    int decided = 0;  // seeds whose answer differs from the conventional one
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      const ClarkeAnswer refined = clarke_gradient(g, f, seed);
      const Matrix h1_refined = g.coefficient(H.id, 1);
      const ClarkeAnswer full = full_pass_clarke_gradient(g, f, seed);
      // (A sample whose first-layer units all end off gives the second layer a tie that is
      // identically zero along the curve: harmless, and left by both.)
      EXPECT_GE(refined.report.order, 1) << "pattern " << pattern;
      EXPECT_EQ(refined.report.order, full.report.order);
      EXPECT_EQ(refined.report.unresolved_ties, full.report.unresolved_ties);
      EXPECT_LE((refined.grad - full.grad).lpNorm<Eigen::Infinity>(), 1e-12) << "pattern " << pattern << ", seed " << seed;
      decided += refined.grad != conventional_gradient(g, f);
      // Where H ties, refine computed H's tangent as the full pass does.
      for (ad::Index i = 0; i < z.rows(); ++i)
        for (ad::Index j = 0; j < w1.cols(); ++j)
          if (g.value(H.id)(i, j) == 0) EXPECT_NEAR(h1_refined(i, j), g.coefficient(H.id, 1)(i, j), 1e-12);
    }
    EXPECT_GT(decided, 0) << "pattern " << pattern << ": the kinks decide something";
  }
}

// relu(X Wᵀ) with W = 0 (every entry at its kink) and a prescribed direction D: the first-order
// coefficients X Dᵀ are large enough (128·80·32 multiply-adds) to be computed in float for the
// sign-only relu (MatMul's signs_in_float). Rows 0–39 of X are placed so that x_i · d_{i mod 80} =
// ±1e-9, far below float's error (~1e-5 here): the signs must still be the exact ones, whose
// gradient Sᵀ X (S_ij = [x_i · d_j > 0], in long double) is checked. Then the same with row 60
// of X beyond float's range, x_60 · d_60 = 0.5·3.41e38 − 3.40e38 < 0, which float would round to
// +inf: the products must stay in double.
TEST(ClarkeRefine, FirstOrderSignsComputedInFloatAreTheExactSignsAtNearTies) {
  const ad::Index n = 128, d = 32, m = 80;
  Rng rng(11);
  Matrix directions = gaussian(rng, m, d);
  directions.row(60).setZero(), directions(60, 0) = 0.5, directions(60, 1) = 1.0;
  for (bool out_of_range : {false, true}) {
    Matrix x = gaussian(rng, n, d);
    std::bernoulli_distribution coin;
    for (ad::Index i = 0; i < 40; ++i) {  // x_i · d_j = ±1e-9 for j = i mod m
      const auto dj = directions.row(i % m);
      const double target = coin(rng) ? 1e-9 : -1e-9;
      x.row(i) -= ((x.row(i).dot(dj) - target) / dj.squaredNorm()) * dj;
    }
    if (out_of_range) x.row(60).setZero(), x(60, 0) = 3.41e38, x(60, 1) = -3.40e38;
    Matrix signs(n, m);
    for (ad::Index i = 0; i < n; ++i)
      for (ad::Index j = 0; j < m; ++j) {
        long double dot = 0;
        for (ad::Index k = 0; k < d; ++k) dot += static_cast<long double>(x(i, k)) * directions(j, k);
        signs(i, j) = dot > 0 ? 1.0 : 0.0;
      }
    Graph g;
    Var W = g.variable(Matrix::Zero(m, d));
    Var f = ad::sum(ad::relu(ad::matmul(g.constant(x), ad::transpose(W))));
    const std::vector<Matrix> prescribed{directions};
    const ClarkeAnswer a = clarke_gradient(g, f, 1, &prescribed);
    EXPECT_EQ(a.report.order, 1);
    EXPECT_EQ(a.report.unresolved_ties, 0);
    const Matrix expected = signs.transpose() * x;
    EXPECT_LE((W.grad() - expected).cwiseAbs().maxCoeff(), 1e-12 * expected.cwiseAbs().maxCoeff())
        << "out of float's range: " << out_of_range;
  }
}

TEST(ClarkeRefine, NeedsAClarkeForwardPassFirst) {
  Graph g;
  Var x = g.variable(M(2, 1, {0, 1}));
  Var f = ad::sum(ad::relu(x));
  g.forward(0);  // conventional
  g.set_mode(ad::Mode::clarke);
  EXPECT_THROW(g.refine(f, 1), std::logic_error);
  g.forward(0);
  EXPECT_THROW(g.refine(f, 0), std::invalid_argument);
  EXPECT_NO_THROW(g.refine(f, 1));
}

// ---- reproducibility ----------------------------------------------

TEST(ClarkeReproducibility, SeedFixesTheAnswerAndDifferentSeedsVary) {
  Graph g;
  Var x = g.variable(M(3, 1, {0, 0, 0}));
  Var f = ad::sum(ad::abs(x));  // ∂_B = {±1}³: the answer is the sign pattern of the direction
  std::set<std::vector<double>> answers;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const Vec a = clarke_gradient(g, f, seed).grad;
    EXPECT_EQ(a, clarke_gradient(g, f, seed).grad);
    answers.insert(std::vector<double>(a.begin(), a.end()));
  }
  EXPECT_GT(answers.size(), 4u);
}

}  // namespace
}  // namespace fdl::test
