// Claim a3: for matrix completion and shallow (overparametrized) networks every local minimum is
// global, so gradient descent from a random initialization reaches a global minimum —
// Ge, Lee, Ma, "Matrix completion has no spurious local minimum", NeurIPS 2016;
// Soltanolkotabi, Javanmard, Lee, "Theoretical insights into the optimization landscape of
// over-parameterized shallow neural networks", IEEE Trans. IT 2019; Du, Zhai, Póczos, Singh,
// "Gradient descent provably optimizes over-parameterized neural networks", ICLR 2019.
//
// Setups (paper-results.md A4, A5; §4.4–4.5), all plain GD  X_{t+1} = X_t − η ∇f(X_t):
//   PSD matrix completion  f(X) = ½ Σ_{(i,j)∈Ω} ((X Xᵀ)_ij − M_ij)²,  M = Z Zᵀ, Z ~ N(0,1)^{d×r},
//     Ω symmetric Bernoulli(p), (d, r, p) = (100, 3, 0.2), X₀ = 0.1·N(0,1), η = 0.05/(p‖M‖₂),
//     ≤ 3·10⁴ steps. Check: ‖X Xᵀ − M‖_F/‖M‖_F < 1e−8 on every seed (10/10).
//   Quadratic-activation net  u(x) = Σ_j v_j (w_jᵀ x)²,  f = ½ mean (u(x_i) − y_i)², d = 8, n = 20
//     inputs N(0, I/d), arbitrary labels y ~ N(0,1), v = (+1 × k/2, −1 × k/2) fixed,
//     W₀ = 0.5·N(0,1), η = 0.02, 5 seeds, ≤ 3·10⁵ steps (10⁵ for k = 2). With k ≥ 2d every local minimum is global and zero
//     loss is attainable (n ≤ d(d+1)/2): max loss over seeds < 1e−12. Contrast k = 2: the model is
//     xᵀ(w₁w₁ᵀ − w₂w₂ᵀ)x, rank ≤ 2, which cannot fit arbitrary labels: min loss > 1e−3.
//   Teacher–student ReLU net  u(x) = (1/√m) Σ_r a_r relu(w_rᵀ x), a_r = ±1 fixed, teacher of width
//     k, student of width m ≫ n, x_i uniform on S^{d−1}, w_r(0) ~ N(0, I), η = 1/λ_max(H(0)/n)
//     with H(0) = J Jᵀ the NTK Gram at initialization. Check: training loss < tolerance on every
//     seed (uncalibrated in paper-results.md; the threshold is stated in the config).
#include "fdl/analysis/hessian.hpp"
#include "fdl/optim/gradient_descent.hpp"
#include "fdl/optim/minimize.hpp"
#include "fdl/problems/matrix_completion.hpp"
#include "fdl/problems/networks.hpp"
#include "fdl/problems/random.hpp"
#include "fdl/problems/shallow_relu.hpp"
#include "fdl/run/experiment.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace fdl::experiments {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// GD from x; the loss trace (every `every` steps) of the first run of each part is kept for the plot.
optim::Report gradient_descent(Objective& f, Vector& x, double eta, Index iterations, double loss_stop, double grad_stop,
                               Index every) {
  optim::GradientDescent gd(optim::Schedule::constant(eta));
  return optim::minimize(f, gd, x,
                         {.max_iterations = iterations, .gradient_norm = grad_stop, .loss = loss_stop, .record_every = every});
}

std::vector<double> curve(const optim::Report& report, double scale) {
  std::vector<double> c;
  for (const auto& p : report.trace) c.push_back(p.value / scale);
  return c;
}

run::Result run_global_landscape(const run::Config& cfg, run::Progress& progress) {
  const Index seeds = cfg.integer("seeds"), every = cfg.integer("record_every");
  const Index nt = cfg.integer("relu.n"), dt = cfg.integer("relu.d"), kt = cfg.integer("relu.teacher"), m = cfg.integer("relu.m");
  if (m < kt) throw run::InputError("global-landscape: relu.m = " + std::to_string(m) + " must be at least relu.teacher = " + std::to_string(kt));
  run::Result result;
  std::ostringstream out;
  std::vector<std::pair<std::string, std::vector<double>>> curves;
  const std::uint64_t base = cfg.seed() * 1000;
  const Index total = 2 * seeds + 2 * cfg.integer("quad.seeds");
  Index done = 0;

  // --- PSD matrix completion. --------------------------------------------------------------
  const Index d = cfg.integer("mc.d"), r = cfg.integer("mc.r");
  if (r > d) throw run::InputError("global-landscape: mc.r = " + std::to_string(r) + " must be at most mc.d = " + std::to_string(d));
  const double p = cfg.number("mc.p");
  double mc_worst = 0;
  int mc_recovered = 0;
  out << "PSD matrix completion (d, r, p) = (" << d << ", " << r << ", " << p << "), GD η = " << cfg.number("mc.eta")
      << "/(p‖M‖₂), X₀ = " << cfg.number("mc.init_scale") << "·N(0,1)\n  seed  |Ω|     iterations  status              ‖XXᵀ − M‖_F/‖M‖_F\n";
  for (Index s = 0; s < seeds; ++s) {
    auto mc = problems::MatrixCompletion::random(d, r, p, base + std::uint64_t(s));
    problems::Rng rng(base + 500 + std::uint64_t(s));
    Vector x = problems::gaussian(d, r, rng, cfg.number("mc.init_scale")).reshaped();
    const double norm2 = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(mc.M(), Eigen::EigenvaluesOnly).eigenvalues().maxCoeff();
    const double mnorm = mc.M().norm();
    // Stop once ½ p ‖XXᵀ − M‖²_F (≈ f) is 1e−26 relative: far below the 1e−8 asked.
    auto report = gradient_descent(mc, x, cfg.number("mc.eta") / (p * norm2), cfg.integer("mc.iterations"),
                                   0.5e-26 * p * mnorm * mnorm, -1, every);
    const double err = mc.relative_error(x);
    mc_worst = std::isfinite(err) ? std::max(mc_worst, err) : std::numeric_limits<double>::infinity();
    if (err < cfg.number("mc.tolerance")) ++mc_recovered;
    char line[200];
    std::snprintf(line, sizeof line, "  %-4lld  %-6.0f  %-10lld  %-18s  %.3e\n", static_cast<long long>(s), mc.mask().sum(),
                  static_cast<long long>(report.iterations), optim::to_string(report.status).c_str(), err);
    out << line;
    result.metrics["mc.relative_error.seed" + std::to_string(s)] = std::isfinite(err) ? err : 1e300;
    if (s == 0) curves.push_back({"matrix_completion", curve(report, 0.5 * p * mnorm * mnorm)});
    progress(++done, total, err);
  }

  // --- Quadratic-activation net, k ≥ 2d and k = 2. -----------------------------------------
  const Index n = cfg.integer("quad.n"), dq = cfg.integer("quad.d");
  const Index k_wide = cfg.integer("quad.k_wide"), k_narrow = cfg.integer("quad.k_narrow");
  double wide_max = 0, narrow_min = std::numeric_limits<double>::infinity();
  out << "\nquadratic-activation net, d = " << dq << ", n = " << n << " (d(d+1)/2 = " << dq * (dq + 1) / 2 << "), arbitrary labels, GD η = "
      << cfg.number("quad.eta") << ", W₀ = " << cfg.number("quad.init_scale") << "·N(0,1)\n  k    seed  iterations  status              final loss   zero loss attainable (linear solve)\n";
  const Index quad_seeds = cfg.integer("quad.seeds");
  for (Index k : {k_wide, k_narrow}) {
    const Index iterations = cfg.integer(k == k_wide ? "quad.iterations" : "quad.narrow_iterations");
    for (Index s = 0; s < quad_seeds; ++s) {
      auto net = problems::QuadraticNetwork::random(n, dq, k, base + 100 + std::uint64_t(s));
      problems::Rng rng(base + 600 + std::uint64_t(s));
      Vector w = problems::gaussian(k * dq, 1, rng, cfg.number("quad.init_scale"));
      auto report = gradient_descent(net, w, cfg.number("quad.eta"), iterations, 1e-24, 1e-14, every);
      const double loss = net.value(w);
      const bool attainable = net.known_optimum().has_value();
      if (k == k_wide) wide_max = std::max(wide_max, std::isfinite(loss) ? loss : 1e300);
      else narrow_min = std::min(narrow_min, loss);
      char line[200];
      std::snprintf(line, sizeof line, "  %-3lld  %-4lld  %-10lld  %-18s  %.3e    %s\n", static_cast<long long>(k), static_cast<long long>(s),
                    static_cast<long long>(report.iterations), optim::to_string(report.status).c_str(), loss, attainable ? "yes" : "no");
      out << line;
      result.metrics["quad.k" + std::to_string(k) + ".loss.seed" + std::to_string(s)] = std::isfinite(loss) ? loss : 1e300;
      if (s == 0) curves.push_back({k == k_wide ? "quadratic_wide" : "quadratic_narrow", curve(report, 1.0)});
      progress(++done, total, loss);
    }
  }

  // --- Overparametrized teacher–student shallow ReLU net. ----------------------------------
  double relu_max = 0;
  out << "\nteacher–student ReLU net, n = " << nt << ", d = " << dt << ", teacher width " << kt << ", student width m = " << m
      << ", GD η = " << cfg.number("relu.eta") << "/λ_max(H(0)/n)\n  seed  λ_min(H(0))/n  λ_max(H(0))/n  iterations  status              final loss\n";
  for (Index s = 0; s < seeds; ++s) {
    auto net = problems::ShallowRelu::teacher_student(nt, dt, kt, m, base + 200 + std::uint64_t(s));
    Vector w = net.initial_point(base + 700 + std::uint64_t(s));
    const Eigen::MatrixXd J = net.output_jacobian(w);
    const Eigen::VectorXd h = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(J * J.transpose() / double(nt), Eigen::EigenvaluesOnly).eigenvalues();
    auto report = gradient_descent(net, w, cfg.number("relu.eta") / h.maxCoeff(), cfg.integer("relu.iterations"), 1e-24, -1, every);
    const double loss = net.value(w);
    relu_max = std::max(relu_max, std::isfinite(loss) ? loss : 1e300);
    char line[200];
    std::snprintf(line, sizeof line, "  %-4lld  %-13.4e  %-13.4e  %-10lld  %-18s  %.3e\n", static_cast<long long>(s), h.minCoeff(), h.maxCoeff(),
                  static_cast<long long>(report.iterations), optim::to_string(report.status).c_str(), loss);
    out << line;
    result.metrics["relu.loss.seed" + std::to_string(s)] = std::isfinite(loss) ? loss : 1e300;
    if (s == 0) curves.push_back({"teacher_student", curve(report, 1.0)});
    progress(++done, total, loss);
  }

  // Series: the loss of seed 0 of each part (matrix completion: f/(½p‖M‖²_F) ≈ relative error²).
  result.series.columns = {"iteration"};
  std::size_t rows = 0;
  for (const auto& [name, c] : curves) result.series.columns.push_back(name), rows = std::max(rows, c.size());
  for (std::size_t i = 0; i < rows; ++i) {
    std::vector<double> row = {double(i) * double(every)};
    for (const auto& [name, c] : curves) row.push_back(i < c.size() ? c[i] : kNaN);
    result.series.add(row);
  }

  result.metrics["mc.recovered"] = mc_recovered;
  result.metrics["mc.max_relative_error"] = std::isfinite(mc_worst) ? mc_worst : 1e300;
  result.metrics["quad.k_wide.max_loss"] = wide_max;
  result.metrics["quad.k_narrow.min_loss"] = narrow_min;
  result.metrics["relu.max_loss"] = relu_max;
  result.checks = {
      {"matrix completion: seeds with relative error < " + run::format(cfg.number("mc.tolerance")), double(mc_recovered), ">=", double(seeds)},
      {"quadratic net k = " + std::to_string(k_wide) + ": largest final loss", wide_max, "<=", cfg.number("quad.tolerance_wide")},
      {"quadratic net k = " + std::to_string(k_narrow) + ": smallest final loss", narrow_min, ">=", cfg.number("quad.floor_narrow")},
      {"teacher–student ReLU, m = " + std::to_string(m) + ": largest final loss", relu_max, "<=", cfg.number("relu.tolerance")},
  };
  result.report = out.str();
  return result;
}

const run::Registration registration{{
    "global-landscape", "a3",
    "GD from random inits reaches a global minimum: PSD matrix completion, quadratic-activation nets with k ≥ 2d (not k = 2), "
    "overparametrized teacher–student ReLU nets",
    run::Schema()
        .integer("seeds", 10, 1, 10000, "seeds of matrix completion and of the ReLU net")
        .integer("record_every", 100, 1, 1000000, "iterations between rows of the loss curves")
        .integer("mc.d", 100, 2, 2000, "matrix completion: size d of M")
        .integer("mc.r", 3, 1, 2000, "matrix completion: rank r")
        .number("mc.p", 0.2, 1e-3, 1, "matrix completion: observation probability p")
        .number("mc.eta", 0.05, 1e-6, 1, "matrix completion: step η in units of 1/(p‖M‖₂)")
        .number("mc.init_scale", 0.1, 1e-6, 10, "matrix completion: X₀ = scale·N(0,1)")
        .integer("mc.iterations", 30000, 1, 100000000, "matrix completion: GD step cap")
        .number("mc.tolerance", 1e-8, 1e-16, 1, "verdict: relative error of a recovered seed")
        .integer("quad.n", 20, 1, 10000, "quadratic net: training points")
        .integer("quad.d", 8, 1, 1000, "quadratic net: input dimension")
        .integer("quad.k_wide", 16, 2, 10000, "quadratic net: width k ≥ 2d")
        .integer("quad.k_narrow", 2, 1, 10000, "quadratic net: the narrow contrast")
        .number("quad.eta", 0.02, 1e-6, 1, "quadratic net: GD step")
        .number("quad.init_scale", 0.5, 1e-6, 10, "quadratic net: W₀ = scale·N(0,1)")
        .integer("quad.seeds", 5, 1, 10000, "quadratic net: seeds of each width")
        .integer("quad.iterations", 300000, 1, 100000000, "quadratic net k ≥ 2d: GD step cap (stops at loss 1e−24)")
        .integer("quad.narrow_iterations", 100000, 1, 100000000, "quadratic net k = 2: GD steps")
        .number("quad.tolerance_wide", 1e-12, 0, 1, "verdict: largest final loss at k ≥ 2d")
        .number("quad.floor_narrow", 1e-3, 0, 1, "verdict: smallest final loss at k = 2")
        .integer("relu.n", 20, 1, 10000, "ReLU net: training points")
        .integer("relu.d", 10, 1, 10000, "ReLU net: input dimension")
        .integer("relu.teacher", 5, 1, 10000, "ReLU net: teacher width")
        .integer("relu.m", 500, 1, 100000, "ReLU net: student width m")
        .number("relu.eta", 1.0, 1e-6, 2, "ReLU net: step in units of 1/λ_max(H(0)/n)")
        .integer("relu.iterations", 20000, 1, 100000000, "ReLU net: GD step cap")
        .number("relu.tolerance", 1e-10, 0, 1, "verdict: largest final training loss"),
    run_global_landscape,
    {{"losses", "GD from random inits: loss of seed 0 of each part", "iteration",
      {"matrix_completion", "quadratic_wide", "quadratic_narrow", "teacher_student"}, "iteration t", "loss (matrix completion: relative)", false, true}}}};

}  // namespace
}  // namespace fdl::experiments
