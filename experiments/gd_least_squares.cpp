// Demo experiment of the runner (the Euclidean case of claim d1): gradient descent on an
// underdetermined least-squares problem
//   L(w) = (1/2n) ‖A w − b‖²,  A ∈ ℝ^{n×d}, n < d,   w_{t+1} = w_t − (η/λ) ∇L(w_t),  λ = ‖A‖₂²/n,
// stays in w₀ + row(A) and so converges to the interpolant nearest its start,
//   w* = w₀ + A⁺ (b − A w₀)
// (Gunasekar, Lee, Soudry, Srebro, "Characterizing Implicit Bias in Terms of Optimization
// Geometry", ICML 2018, for η < 2). The reference comes from a complete orthogonal decomposition
// of A, never from the iterates. Step sizes η ≥ 2 diverge; the run then ends with status
// `diverged`.
#include "fdl/run/experiment.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <sstream>

namespace fdl::experiments {
namespace {

Eigen::MatrixXd gaussian(std::mt19937_64& rng, Eigen::Index rows, Eigen::Index cols, double scale) {
  std::normal_distribution<double> normal(0.0, scale);
  Eigen::MatrixXd M(rows, cols);
  for (double& v : M.reshaped()) v = normal(rng);
  return M;
}

run::Result run_gd_least_squares(const run::Config& cfg, run::Progress& progress) {
  const Eigen::Index n = cfg.integer("n"), d = cfg.integer("d");
  const std::int64_t iterations = cfg.integer("iterations"), every = cfg.integer("record_every");
  std::mt19937_64 rng(cfg.seed());
  const Eigen::MatrixXd A = gaussian(rng, n, d, 1.0);
  const Eigen::VectorXd b = gaussian(rng, n, 1, 1.0);
  const Eigen::VectorXd w0 = cfg.text("init") == "zero" ? Eigen::VectorXd::Zero(d) : Eigen::VectorXd(gaussian(rng, d, 1, cfg.number("init_scale")));

  const Eigen::VectorXd reference = w0 + A.completeOrthogonalDecomposition().solve(b - A * w0);
  const double lambda = Eigen::JacobiSVD<Eigen::MatrixXd>(A).singularValues()(0);
  const double step = cfg.number("eta") / (lambda * lambda / double(n));

  run::Result result;
  result.series.columns = {"iteration", "loss", "distance"};
  Eigen::VectorXd w = w0, residual(n);
  double loss = 0;
  std::int64_t t = 0;
  for (;; ++t) {
    residual.noalias() = A * w - b;
    loss = residual.squaredNorm() / (2.0 * double(n));
    if (t % every == 0 || t == iterations) result.series.add({double(t), loss, (w - reference).norm()});
    progress(t, iterations, loss);
    if (!std::isfinite(loss)) {
      result.diverged = true;
      break;
    }
    if (t == iterations) break;
    w.noalias() -= (step / double(n)) * (A.transpose() * residual);
  }

  const double distance = (w - reference).norm();
  result.metrics = {{"final_loss", loss}, {"distance_to_reference", distance}, {"iterations", double(t)}, {"smoothness", lambda * lambda / double(n)}};
  result.checks = {{"final loss L(w_T)", loss, "<=", cfg.number("tolerance.loss")},
                   {"‖w_T − w*‖, w* = w₀ + A⁺(b − A w₀)", distance, "<=", cfg.number("tolerance.distance")}};
  result.solution = w;
  result.reference = reference;
  std::ostringstream report;
  report << "GD on least squares, A " << n << "×" << d << ", η = " << cfg.number("eta") << "/λ, init " << cfg.text("init") << ", "
         << t << " iterations: L(w_T) = " << loss << ", ‖w_T − w*‖ = " << distance << "\n";
  result.report = report.str();
  return result;
}

const run::Registration registration{{
    "gd-least-squares",
    "demo",
    "GD on underdetermined least squares converges to the interpolant nearest its start (Euclidean case of d1)",
    run::Schema()
        .integer("n", 20, 1, 2000, "examples (rows of A)")
        .integer("d", 50, 1, 2000, "dimension (columns of A)")
        .integer("iterations", 2000, 0, 100000000, "GD steps")
        .number("eta", 1.0, 1e-6, 4.0, "step size in units of 1/λ, λ = ‖A‖₂²/n (η ≥ 2 diverges)")
        .text("init", "zero", {"zero", "gaussian"}, "initial point w₀")
        .number("init_scale", 1.0, 0.0, 1e6, "standard deviation of a gaussian w₀")
        .integer("record_every", 10, 1, 100000000, "iterations between rows of the series")
        .number("tolerance.loss", 1e-20, 0.0, 1.0, "verdict: largest final loss")
        .number("tolerance.distance", 1e-8, 0.0, 1.0, "verdict: largest distance to w*"),
    run_gd_least_squares,
    {{"convergence", "GD on least squares: loss and distance to the nearest interpolant", "iteration", {"loss", "distance"},
      "iteration t", "L(w_t),  ‖w_t − w*‖", false, true}},
}};

}  // namespace
}  // namespace fdl::experiments
