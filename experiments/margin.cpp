// Claim (c): the minimizer of the cross-entropy loss with weak regularization is a max-margin
// predictor, and the margin — hence the generalization guarantee — improves with
// overparametrization (Wei, Lee, Liu, Ma, "Regularization matters: generalization and optimization
// of neural nets v.s. their induced kernel", NeurIPS 2019).
//
// Two-layer ReLU nets f(x; Θ) = Σ_j a_j relu(w_jᵀx) on lifted inputs x = (x, 1), trained by GD
// (fixed step) on L_λ(Θ) = (1/n) Σ log(1 + e^{−y_i f(x_i; Θ)}) + λ‖Θ‖₂² (problems::RegularizedRelu);
// normalized margin γ(Θ) = min_i y_i f(x_i; Θ)/‖Θ‖₂² (f is 2-homogeneous).
//
// C1 (Thm 2.1 + Thm 3.3): 1-D data, x_i = linspace(−1, 1, n), labels + + + − − + + +; GD warm-started
//   along λ = λ_1 > … > λ_L. The reference is γ* = γ_ℓ1/2, γ_ℓ1 the ℓ1-SVM margin over the lifted
//   features relu(cos θ_k x + sin θ_k), θ_k = 2πk/K (analysis::l1_svm_relu_features, CLP) — the
//   max margin of an infinitely wide net, attained once m ≥ n. Checks: γ_λ/γ* ≥ c1.ratio for
//   λ ≤ c1.ratio_below, γ_λ/γ* non-decreasing as λ decreases (smallest step ≥ 0), and never above
//   c1.ceiling (γ_λ ≤ γ* up to the K-direction discretization).
// C2 (Thm 3.2): the max margin γ^{*,m} is non-decreasing in m and equals γ* for m ≥ n. Over widths
//   m_1 < … < m_J, the best γ of c2.restarts runs (each warm-started along the λ's down to c2's
//   last λ). Checks: γ(m_{j+1})/γ* ≥ γ(m_j)/γ* − c2.slack, and γ(m_J)/γ* ≥ c2.ratio.
// C3 (Thm 3.5; the NeurIPS version's O(d) vs Ω(d²)): on problems::xor_noise_data (y = x_1 x_2, the
//   other d − 2 coordinates Gaussian noise), n = c3.samples_per_dim · d training points, no bias.
//   The regularized net (width c3.width, λ = c3.lambda, GD) against the hard-margin SVM with the
//   two-layer ReLU NTK kernel Θ(x, x') (analysis::kernel_svm, Ipopt): test error on c3.test fresh
//   points, mean over c3.trials. Checks: the net's mean error ≤ c3.net_error at every d; the
//   kernel's mean error at the largest d ≥ c3.kernel_error, and increasing in d. Reported, not
//   judged: the mean over trials of the net's two-layer margin bound (6/γ)√(D/n) + ε(γ) (Wei et
//   al. Thm 3.1, analysis::two_layer_margin_bound; absent when a trained net misclassifies a point).
#include "fdl/analysis/generalization.hpp"
#include "fdl/analysis/ntk.hpp"
#include "fdl/analysis/svm.hpp"
#include "fdl/optim/gradient_descent.hpp"
#include "fdl/optim/minimize.hpp"
#include "fdl/problems/regularized_relu.hpp"
#include "fdl/run/lists.hpp"

#include <cmath>
#include <iomanip>
#include <numbers>
#include <sstream>

namespace fdl::experiments {
namespace {

using Index = Eigen::Index;
using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;
using Columns = std::vector<std::pair<std::string, std::vector<double>>>;

// GD with step η on L_λ from θ for `steps` steps (θ is updated). False when it diverged.
bool descend(problems::RegularizedRelu& net, Vector& theta, double eta, std::int64_t steps) {
  optim::GradientDescent gd(optim::Schedule::constant(eta));
  optim::Stopping stop;
  stop.max_iterations = steps;
  return optim::minimize(net, gd, theta, stop).status != optim::Status::diverged;
}

// The 1-D data of Wei et al.'s simulation, lifted: rows (x_i, 1).
struct OneDimensional {
  Matrix X;
  Vector y;
};
OneDimensional one_dimensional_data(Index n) {
  OneDimensional data{Matrix(n, 2), Vector(n)};
  for (Index i = 0; i < n; ++i) {
    data.X(i, 0) = n == 1 ? 0.0 : -1.0 + 2.0 * double(i) / double(n - 1);
    data.X(i, 1) = 1.0;
    data.y(i) = std::abs(data.X(i, 0)) < 0.3 ? -1.0 : 1.0;  // + + + − − + + + at n = 8
  }
  return data;
}

// K directions (cos θ_k, sin θ_k), θ_k = 2πk/K: the lifted ReLU features of the ℓ1-SVM.
Matrix circle_directions(Index K) {
  Matrix U(K, 2);
  for (Index k = 0; k < K; ++k) {
    const double t = 2 * std::numbers::pi * double(k) / double(K);
    U(k, 0) = std::cos(t), U(k, 1) = std::sin(t);
  }
  return U;
}

// C1: the normalized margin along the λ path at width c1.width, against γ* = γ_ℓ1/2.
void weak_regularization_path(const run::Config& cfg, const OneDimensional& data, double gamma_star, const std::vector<double>& lambdas,
                              run::Result& result, Columns& columns, std::ostringstream& report) {
  const std::int64_t steps = cfg.integer("c1.steps");
  problems::RegularizedRelu net(data.X, data.y, cfg.integer("c1.width"), lambdas[0]);
  Vector theta = net.initial_point(cfg.seed(), cfg.number("init_scale"));
  std::vector<double> ratios;
  report << "C1  n = " << data.X.rows() << ", m = " << net.width() << ", " << steps << " GD steps per λ (η = " << cfg.number("eta")
         << "), warm-started; γ* = γ_ℓ1/2 = " << gamma_star << "\n         λ    γ_λ/γ*\n";
  for (double lambda : lambdas) {
    net.set_lambda(lambda);
    if (!descend(net, theta, cfg.number("eta"), steps)) {
      result.diverged = true;
      return;
    }
    ratios.push_back(net.normalized_margin(theta) / gamma_star + 0.0);  // + 0.0: no −0
    report << std::setw(10) << lambda << "    " << ratios.back() << "\n";
  }
  double smallest_step = std::numeric_limits<double>::infinity(), worst_small = std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < lambdas.size(); ++j) {
    if (j > 0) smallest_step = std::min(smallest_step, ratios[j] - ratios[j - 1]);
    if (lambdas[j] <= cfg.number("c1.ratio_below")) worst_small = std::min(worst_small, ratios[j]);
    std::ostringstream key;
    key << "c1.lambda=" << lambdas[j] << ".margin_ratio";
    result.metrics[key.str()] = ratios[j];
  }
  const double largest = *std::max_element(ratios.begin(), ratios.end());
  if (std::isfinite(worst_small))
    result.checks.push_back({"C1 γ_λ/γ* for λ ≤ " + run::format(cfg.number("c1.ratio_below")), worst_small, ">=", cfg.number("c1.ratio")});
  if (lambdas.size() > 1) result.checks.push_back({"C1 smallest change of γ_λ/γ* as λ decreases", smallest_step, ">=", 0.0});
  result.checks.push_back({"C1 largest γ_λ/γ*", largest, "<=", cfg.number("c1.ceiling")});
  columns.push_back({"lambda", lambdas});
  columns.push_back({"normalized margin / (gamma_l1/2)", ratios});
}

// C2: the best normalized margin over restarts, per width.
void margin_versus_width(const run::Config& cfg, const OneDimensional& data, double gamma_star, const std::vector<std::int64_t>& widths,
                         const std::vector<double>& lambdas, run::Result& result, Columns& columns, std::ostringstream& report) {
  const std::int64_t restarts = cfg.integer("c2.restarts"), steps = cfg.integer("c2.steps");
  report << "C2  best of " << restarts << " restarts, λ down to " << lambdas.back() << ", " << steps << " steps per λ\n       m    γ/γ*\n";
  std::vector<double> m_values, best;
  for (std::int64_t m : widths) {
    double best_ratio = -std::numeric_limits<double>::infinity();
    for (std::int64_t r = 0; r < restarts; ++r) {
      problems::RegularizedRelu net(data.X, data.y, m, lambdas[0]);
      Vector theta = net.initial_point(cfg.seed() * 1000003 + std::uint64_t(m) * 1009 + std::uint64_t(r), cfg.number("init_scale"));
      for (double lambda : lambdas) {
        net.set_lambda(lambda);
        if (!descend(net, theta, cfg.number("eta"), steps)) {
          result.diverged = true;
          return;
        }
      }
      best_ratio = std::max(best_ratio, net.normalized_margin(theta) / gamma_star + 0.0);
    }
    m_values.push_back(double(m)), best.push_back(best_ratio);
    result.metrics["c2.m=" + std::to_string(m) + ".margin_ratio"] = best_ratio;
    report << std::setw(8) << m << "    " << best_ratio << "\n";
  }
  double smallest_step = std::numeric_limits<double>::infinity();
  for (std::size_t j = 1; j < best.size(); ++j) smallest_step = std::min(smallest_step, best[j] - best[j - 1]);
  if (best.size() > 1) result.checks.push_back({"C2 smallest change of γ(m)/γ* from one width to the next", smallest_step, ">=", -cfg.number("c2.slack")});
  result.checks.push_back({"C2 γ(m)/γ* at the largest width", best.back(), ">=", cfg.number("c2.ratio")});
  columns.push_back({"width", m_values});
  columns.push_back({"best normalized margin / (gamma_l1/2)", best});
}

// Test error of the kernel SVM with the two-layer ReLU NTK trained on (X, y).
double ntk_svm_error(const Matrix& X, const Vector& y, const Matrix& X_test, const Vector& y_test) {
  const analysis::KernelSvm svm = analysis::kernel_svm(analysis::relu_ntk_two_layer(X, X), y);
  const Vector f = analysis::relu_ntk_two_layer(X_test, X) * svm.coefficients;
  return double((y_test.array() * f.array() <= 0).count()) / double(y_test.size());
}

// C3: test error of the regularized net and of the NTK SVM as the dimension grows at n ∝ d.
void net_versus_kernel(const run::Config& cfg, const std::vector<std::int64_t>& dims, run::Result& result, Columns& columns,
                       std::ostringstream& report) {
  const std::int64_t trials = cfg.integer("c3.trials");
  report << "C3  XOR + noise, n = " << cfg.integer("c3.samples_per_dim") << "·d, net m = " << cfg.integer("c3.width")
         << ", λ = " << cfg.number("c3.lambda") << ", " << cfg.integer("c3.steps") << " GD steps (η = " << cfg.number("c3.eta")
         << "); mean test error over " << trials << " trials\n       d    net      NTK SVM   net's margin bound (Wei et al. Thm 3.1)\n";
  std::vector<double> d_values, net_errors, kernel_errors, net_bounds;
  for (std::int64_t d : dims) {
    const Index n = cfg.integer("c3.samples_per_dim") * d;
    double net_error = 0, kernel_error = 0, net_bound = 0;
    for (std::int64_t t = 0; t < trials; ++t) {
      const std::uint64_t seed = (cfg.seed() * 1000003 + std::uint64_t(d)) * 101 + std::uint64_t(t);
      const problems::SeparableData train = problems::xor_noise_data(n, d, seed), test = problems::xor_noise_data(cfg.integer("c3.test"), d, seed + 7);
      problems::RegularizedRelu net(train.X, train.y, cfg.integer("c3.width"), cfg.number("c3.lambda"));
      Vector theta = net.initial_point(seed + 13, cfg.number("init_scale"));
      if (!descend(net, theta, cfg.number("c3.eta"), cfg.integer("c3.steps"))) {
        result.diverged = true;
        return;
      }
      net_error += net.error(theta, test.X, test.y) / double(trials);
      const bool separates = (train.y.array() * net.predict(theta, train.X).array()).minCoeff() > 0;
      net_bound += (separates ? analysis::two_layer_margin_bound(net.first_layer(theta), net.output_layer(theta), train.X, train.y).bound
                              : std::numeric_limits<double>::quiet_NaN()) / double(trials);
      kernel_error += ntk_svm_error(train.X, train.y, test.X, test.y) / double(trials);
    }
    d_values.push_back(double(d)), net_errors.push_back(net_error), kernel_errors.push_back(kernel_error), net_bounds.push_back(net_bound);
    result.metrics["c3.d=" + std::to_string(d) + ".net_error"] = net_error;
    result.metrics["c3.d=" + std::to_string(d) + ".ntk_error"] = kernel_error;
    if (std::isfinite(net_bound)) result.metrics["c3.d=" + std::to_string(d) + ".net_margin_bound"] = net_bound;  // a NaN metric reads as divergence
    report << std::setw(8) << d << "    " << std::left << std::setw(8) << net_error << " " << std::setw(9) << kernel_error << " " << net_bound
           << std::right << "\n";
  }
  double smallest_step = std::numeric_limits<double>::infinity();
  for (std::size_t j = 1; j < kernel_errors.size(); ++j) smallest_step = std::min(smallest_step, kernel_errors[j] - kernel_errors[j - 1]);
  result.checks.push_back({"C3 largest mean test error of the regularized net", *std::max_element(net_errors.begin(), net_errors.end()), "<=",
                           cfg.number("c3.net_error")});
  result.checks.push_back({"C3 mean test error of the NTK SVM at the largest d", kernel_errors.back(), ">=", cfg.number("c3.kernel_error")});
  // increasing: by at least one test point (of the trials' mean) per step in d
  if (kernel_errors.size() > 1)
    result.checks.push_back({"C3 smallest increase of the NTK SVM's error with d", smallest_step, ">=", 1.0 / double(cfg.integer("c3.test") * trials)});
  columns.push_back({"dimension", d_values});
  columns.push_back({"test error regularized net", net_errors});
  columns.push_back({"test error NTK kernel SVM", kernel_errors});
  columns.push_back({"margin bound regularized net", net_bounds});
}

// A λ path: strictly decreasing (warm starts go from strong to weak regularization).
std::vector<double> lambda_path(const run::Config& cfg, const std::string& key) {
  const std::vector<double> lambdas = run::number_list(cfg, key, 0.0, 1.0);
  for (std::size_t j = 1; j < lambdas.size(); ++j)
    if (!(lambdas[j] < lambdas[j - 1])) throw run::InputError("config key '" + key + "': expected strictly decreasing values");
  return lambdas;
}

run::Result run_margin(const run::Config& cfg, run::Progress&) {
  // every list first: bad input is reported before any training
  const std::vector<double> c1_lambdas = lambda_path(cfg, "c1.lambdas"), c2_lambdas = lambda_path(cfg, "c2.lambdas");
  const std::vector<std::int64_t> c2_widths = run::integer_list(cfg, "c2.widths", 1, 100000), dims = run::integer_list(cfg, "c3.dims", 2, 100000);
  run::Result result;
  Columns columns;
  std::ostringstream report;
  report << std::setprecision(5);
  const OneDimensional data = one_dimensional_data(cfg.integer("n"));
  const analysis::MaxMargin svm = analysis::l1_svm_relu_features(data.X, data.y, circle_directions(cfg.integer("directions")));
  const double gamma_star = svm.margin / 2;
  result.metrics["gamma_l1"] = svm.margin;
  weak_regularization_path(cfg, data, gamma_star, c1_lambdas, result, columns, report);
  if (!result.diverged) margin_versus_width(cfg, data, gamma_star, c2_widths, c2_lambdas, result, columns, report);
  if (!result.diverged) net_versus_kernel(cfg, dims, result, columns, report);
  result.series = run::Series::padded(columns);
  result.report = report.str();
  return result;
}

const run::Registration registration{{
    "margin",
    "c",
    "weakly regularized logistic loss → max normalized margin (= ℓ1-SVM over ReLU features / 2); margin grows with width",
    run::Schema()
        .integer("n", 8, 2, 1000, "C1, C2: points x_i = linspace(−1, 1, n), labels + + + − − + + + (−1 where |x| < 0.3)")
        .integer("directions", 2000, 4, 1000000, "C1, C2: directions θ_k of the ℓ1-SVM's lifted ReLU features")
        .number("eta", 0.05, 1e-6, 10.0, "GD step size")
        .number("init_scale", 0.1, 0.0, 100.0, "initial W, a i.i.d. N(0, scale²)")
        .integer("c1.width", 40, 1, 100000, "C1: width m")
        .text("c1.lambdas", "1e-2,1e-3,1e-4,1e-5,1e-6,1e-7", {}, "C1: λ path (strictly decreasing, warm start)")
        .integer("c1.steps", 20000, 1, 100000000, "C1: GD steps per λ (the paper-results prototype: 200000)")
        .number("c1.ratio", 0.98, 0.0, 2.0, "C1 verdict: least γ_λ/γ* for small λ")
        .number("c1.ratio_below", 1e-5, 0.0, 1.0, "C1 verdict: λ's at or below this must reach c1.ratio")
        .number("c1.ceiling", 1.01, 0.0, 10.0, "C1 verdict: largest γ_λ/γ*")
        .text("c2.widths", "1,2,4,8,16", {}, "C2: widths m (increasing)")
        .text("c2.lambdas", "1e-2,1e-3,1e-4,1e-5,1e-6", {}, "C2: λ path of each restart")
        .integer("c2.steps", 2000, 1, 100000000, "C2: GD steps per λ")
        .integer("c2.restarts", 5, 1, 1000, "C2: restarts per width (the best margin counts)")
        .number("c2.slack", 0.01, 0.0, 1.0, "C2 verdict: largest decrease of γ(m)/γ* from one width to the next")
        .number("c2.ratio", 0.98, 0.0, 2.0, "C2 verdict: least γ/γ* at the largest width")
        .text("c3.dims", "10,20,30", {}, "C3: dimensions d (increasing)")
        .integer("c3.samples_per_dim", 10, 1, 100000, "C3: training points per dimension (n = this · d)")
        .integer("c3.test", 2000, 1, 10000000, "C3: test points")
        .integer("c3.trials", 3, 1, 1000, "C3: trials per dimension (fresh data and init)")
        .integer("c3.width", 20, 1, 100000, "C3: width of the net")
        .number("c3.lambda", 1e-4, 0.0, 1.0, "C3: λ")
        .number("c3.eta", 0.5, 1e-6, 100.0, "C3: GD step size")
        .integer("c3.steps", 3000, 1, 100000000, "C3: GD steps")
        .number("c3.net_error", 0.02, 0.0, 1.0, "C3 verdict: largest mean test error of the net")
        .number("c3.kernel_error", 0.10, 0.0, 1.0, "C3 verdict: least mean test error of the NTK SVM at the largest d"),
    run_margin,
    {{"margin_vs_lambda", "C1: normalized margin of the regularized net relative to the max margin", "lambda",
      {"normalized margin / (gamma_l1/2)"}, "lambda", "gamma_lambda / gamma*", true, false},
     {"margin_vs_width", "C2: best normalized margin vs width", "width", {"best normalized margin / (gamma_l1/2)"}, "width m",
      "gamma(m) / gamma*", true, false},
     {"error_vs_dimension", "C3: test error at n = 10d, regularized net vs NTK kernel SVM", "dimension",
      {"test error regularized net", "test error NTK kernel SVM"}, "dimension d", "test error", false, false}},
}};

}  // namespace
}  // namespace fdl::experiments
