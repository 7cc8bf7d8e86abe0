// Claim d1 (row D3a of paper-results.md): mirror descent on under-determined least squares
// converges to the interpolant closest to its start in the potential's Bregman divergence,
// whatever the step size, with or without momentum in the dual (Gunasekar, Lee, Soudry, Srebro,
// "Characterizing Implicit Bias in Terms of Optimization Geometry", ICML 2018, Thm 1):
//
//   f(w) = (1/n) Σ_i ½ (x_iᵀw − y_i)²,  X ∈ R^{n×d}, n < d,
//   m_{t+1} = μ m_t + ∇f(w_t),   ∇ψ(w_{t+1}) = ∇ψ(w_t) − η m_{t+1}     (μ = 0: plain mirror descent)
//   w_t → w_ψ = argmin_w D_ψ(w, w₀)  s.t.  Xw = y.
//
// Potentials: ½‖w‖² (GD), Σ w log w − w (exponentiated gradient, w₀ > 0), hyperbolic entropy (β),
// ½‖w‖_p². Each runs at two step sizes in units of 1/L_ψ (the smoothness of f relative to ψ, see
// below), each with μ = 0 and μ = `momentum`. The reference w_ψ comes
// from Newton's method on the dual of the Bregman projection (analysis::min_bregman_interpolant),
// whose potentials are implemented apart from the optimizer's. Verdict: ‖w_T − w_ψ‖/‖w_ψ‖ ≤ 1e-9 for
// every run, and the limits of different potentials differ pairwise by ≥ 1e-2 relative (so the
// geometry, not the data, fixes the limit). Default data: X i.i.d. N(0,1), y = X w_true with
// w_true, w₀ i.i.d. U(0.5, 2) (a positive interpolant exists, so entropy is feasible).
#include "fdl/analysis/bregman.hpp"
#include "fdl/data/load.hpp"
#include "fdl/optim/mirror_descent.hpp"
#include "fdl/problems/least_squares.hpp"
#include "fdl/run/experiment.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <iomanip>
#include <map>
#include <memory>
#include <random>
#include <sstream>

namespace fdl::experiments {
namespace {

using Matrix = Eigen::MatrixXd;

struct PotentialPair {  // the optimizer's mirror map and the reference's, for one potential
  std::string name;
  std::shared_ptr<const optim::Potential> mirror_map;
  analysis::Potential reference;
};

PotentialPair potential_pair(const std::string& name, const run::Config& cfg) {
  if (name == "euclidean") return {name, std::make_shared<optim::Euclidean>(), analysis::Potential::euclidean()};
  if (name == "entropy") return {name, std::make_shared<optim::NegativeEntropy>(), analysis::Potential::entropy()};
  if (name == "hypentropy") {
    const double beta = cfg.number("beta");
    return {name, std::make_shared<optim::HyperbolicEntropy>(beta), analysis::Potential::hypentropy(beta)};
  }
  const double p = cfg.number("p");
  return {name, std::make_shared<optim::SquaredLpNorm>(p), analysis::Potential::p_norm(p)};
}

struct Problem {
  Matrix X;
  Vector y, w0;
};

Problem user_problem(const run::Config& cfg) {
  if (cfg.text("data.y").empty()) throw run::InputError("config key 'data.X' is set: expected 'data.y' too (the targets, n values)");
  data::Samples s = data::load_samples(cfg.text("data.X"), cfg.text("data.y"));
  const Index n = s.X.rows(), d = s.X.cols();
  if (n >= d)
    throw run::InputError("data.X '" + cfg.text("data.X") + "' is " + std::to_string(n) + "×" + std::to_string(d) +
                          ": expected an under-determined system, fewer rows (examples) than columns");
  Vector w0 = Vector::Ones(d);
  if (!cfg.text("data.w0").empty()) {
    w0 = data::load_vector(cfg.text("data.w0"));
    if (w0.size() != d)
      throw run::InputError("data.w0 '" + cfg.text("data.w0") + "' has " + std::to_string(w0.size()) + " entries: expected d = " +
                            std::to_string(d) + ", the columns of data.X");
  }
  return {std::move(s.X), std::move(s.y), std::move(w0)};
}

Problem generated_problem(const run::Config& cfg) {
  const Index n = cfg.integer("n"), d = cfg.integer("d");
  if (n >= d) throw run::InputError("config keys 'n', 'd': expected n < d (an under-determined system), got n = " + std::to_string(n) + ", d = " + std::to_string(d));
  problems::Rng rng(cfg.seed());
  Matrix X = problems::gaussian(n, d, rng);
  std::uniform_real_distribution<double> uniform(0.5, 2.0);
  Vector w_true(d), w0(d);
  for (double& v : w_true) v = uniform(rng);
  for (double& v : w0) v = uniform(rng);
  Vector y = X * w_true;
  return {std::move(X), std::move(y), std::move(w0)};
}

const std::vector<std::string> kPotentials = {"euclidean", "entropy", "hypentropy", "p_norm"};

// Series column of the run of `potential` at step size number `step` (1, 2), with or without momentum.
std::string error_column(const std::string& potential, int step, bool momentum) {
  return "error." + potential + ".eta" + std::to_string(step) + (momentum ? ".momentum" : "");
}

std::vector<std::string> error_columns() {
  std::vector<std::string> columns;
  for (const auto& p : kPotentials)
    for (int step : {1, 2})
      for (bool momentum : {false, true}) columns.push_back(error_column(p, step, momentum));
  return columns;
}

struct Run {
  std::string potential;
  double eta, mu;
  Vector w;
  double error = 0, loss = 0;
  Index iterations = 0;
  bool diverged = false;
};

run::Result run_mirror_descent_ls(const run::Config& cfg, run::Progress& progress) {
  const bool user = !cfg.text("data.X").empty();
  if (!user && (!cfg.text("data.y").empty() || !cfg.text("data.w0").empty()))
    throw run::InputError("config keys 'data.y'/'data.w0' are set without 'data.X': expected data.X (the n×d design) as well");
  const Problem P = user ? user_problem(cfg) : generated_problem(cfg);
  const Index n = P.X.rows();

  std::vector<std::string> names = kPotentials;
  if (cfg.text("potential") != "all") names = {cfg.text("potential")};
  std::vector<PotentialPair> potentials;
  for (const auto& name : names) potentials.push_back(potential_pair(name, cfg));

  // References: min D_ψ(w, w₀) over Xw = y, one per potential.
  std::vector<Vector> reference;
  for (const auto& p : potentials) {
    if (p.name == "entropy" && P.w0.minCoeff() <= 0)
      throw run::InputError("potential 'entropy' needs a positive initialisation: data.w0 has min entry " + std::to_string(P.w0.minCoeff()) +
                            " (expected every entry > 0)");
    try {
      reference.push_back(analysis::min_bregman_interpolant(P.X, P.y, P.w0, p.reference).w);
    } catch (const std::invalid_argument& e) {
      throw run::InputError(std::string("data: no interpolant Xw = y for potential '") + p.name + "': " + e.what());
    } catch (const std::runtime_error& e) {
      throw run::InputError(std::string("data: the Bregman projection for potential '") + p.name +
                            "' has no solution in the potential's domain (" + e.what() + ")");
    }
  }

  // Step sizes in units of 1/L_ψ, the smoothness of f relative to ψ (Bauschke, Bolte, Teboulle
  // 2017; Lu, Freund, Nesterov 2018) where the run starts and where it ends. In the dual, θ_t − θ₀ =
  // Xᵀν_t and ν_{t+1} = ν_t − (η/n)(X∇ψ*(θ₀ + Xᵀν_t) − y), whose Jacobian is I − η K(θ) with
  // K(θ) = X ∇²ψ*(θ) Xᵀ/n: the limit is stable only for η < 2/λ_max(K(θ_ψ)). So
  // L_ψ = max over w ∈ {w₀, w_ψ} of λ_max(X ∇²ψ(w)⁻¹ Xᵀ)/n; for ψ = ½‖w‖², L_ψ = λ = ‖X‖₂²/n.
  const double sigma = Eigen::JacobiSVD<Matrix>(P.X).singularValues()(0);
  const double smoothness = sigma * sigma / double(n);
  std::vector<double> relative_smoothness;
  for (std::size_t k = 0; k < potentials.size(); ++k) {
    double L = 0;
    for (const Vector& w : {P.w0, reference[k]}) {
      const analysis::Potential& psi = potentials[k].reference;
      const Matrix K = P.X * psi.conjugate_hessian(psi.gradient(w)) * P.X.transpose() / double(n);
      L = std::max(L, Eigen::SelfAdjointEigenSolver<Matrix>(K, Eigen::EigenvaluesOnly).eigenvalues().maxCoeff());
    }
    relative_smoothness.push_back(L);
  }
  const std::vector<double> etas = {cfg.number("eta1"), cfg.number("eta2")};
  const std::vector<double> mus = {0.0, cfg.number("momentum")};
  const Index T = cfg.integer("iterations"), every = cfg.integer("record_every");
  const double tolerance = cfg.number("tolerance.gradient");

  problems::LeastSquares f(P.X, P.y);
  std::vector<Run> runs;
  run::Result result;
  result.series.columns = {"iteration"};
  for (const auto& c : error_columns()) result.series.columns.push_back(c);
  std::map<std::string, std::vector<double>> curves;  // relative error per run, one entry per recorded step
  for (std::size_t k = 0; k < potentials.size(); ++k)
    for (std::size_t step = 0; step < etas.size(); ++step)
      for (double mu : mus) {
        const double eta = etas[step];
        Run r{potentials[k].name, eta, mu, P.w0};
        optim::MirrorDescent md(potentials[k].mirror_map, optim::Schedule::constant(eta / relative_smoothness[k]), mu);
        try {
          md.init(r.w);
        } catch (const std::invalid_argument& e) {
          throw run::InputError(std::string("data.w0: ") + e.what());
        }
        std::vector<double>& curve = curves[error_column(r.potential, int(step) + 1, mu > 0)];
        const double scale = reference[k].norm();
        double first_gradient = NAN;
        for (Index t = 0; t <= T; ++t) {
          if (t % every == 0) curve.push_back((r.w - reference[k]).norm() / scale);
          if (t == T) break;
          const optim::StepInfo info = md.step(f, r.w, t);
          r.loss = info.value;
          r.iterations = t + 1;
          if (!std::isfinite(info.value) || !r.w.allFinite()) {
            r.diverged = true;
            break;
          }
          if (t == 0) first_gradient = info.grad_norm;
          if (info.grad_norm <= tolerance * first_gradient) break;  // converged: later steps change nothing measurable
          progress(t, T, info.value);
        }
        r.error = r.diverged ? INFINITY : (r.w - reference[k]).norm() / scale;
        runs.push_back(std::move(r));
      }

  // Series: a run that stopped early keeps its last error on the remaining rows; potentials not
  // run are NaN.
  for (Index row = 0; row * every <= T; ++row) {
    std::vector<double> values = {double(row * every)};
    for (const auto& column : error_columns()) {
      auto c = curves.find(column);
      values.push_back(c == curves.end() ? NAN : c->second[std::min<std::size_t>(std::size_t(row), c->second.size() - 1)]);
    }
    result.series.add(values);
  }

  double worst = 0;
  for (const auto& r : runs) {
    worst = std::max(worst, r.error);
    result.diverged = result.diverged || r.diverged;
  }
  double closest = INFINITY;
  std::string closest_pair;
  for (std::size_t a = 0; a < potentials.size(); ++a)
    for (std::size_t b = a + 1; b < potentials.size(); ++b) {
      const double gap = (reference[a] - reference[b]).norm() / std::max(reference[a].norm(), reference[b].norm());
      result.metrics["limit_gap." + potentials[a].name + "." + potentials[b].name] = gap;
      if (gap < closest) closest = gap, closest_pair = potentials[a].name + " vs " + potentials[b].name;
    }
  result.metrics["max_relative_error"] = worst;
  result.metrics["smoothness"] = smoothness;
  for (std::size_t k = 0; k < potentials.size(); ++k) result.metrics["relative_smoothness." + potentials[k].name] = relative_smoothness[k];
  result.checks.push_back({"max over runs of ‖w_T − w_ψ‖/‖w_ψ‖", worst, "<=", cfg.number("tolerance.error")});
  if (potentials.size() > 1) {
    result.metrics["min_limit_gap"] = closest;
    result.checks.push_back({"min over potential pairs of ‖w_ψ − w_ψ'‖/max‖·‖ (" + closest_pair + ")", closest, ">=", cfg.number("tolerance.gap")});
  }

  // Solution and reference: the first run of each potential (η₁, μ = 0), one column each.
  result.solution.resize(P.X.cols(), Index(potentials.size()));
  result.reference.resize(P.X.cols(), Index(potentials.size()));
  for (std::size_t k = 0; k < potentials.size(); ++k) {
    result.solution.col(Index(k)) = runs[k * etas.size() * mus.size()].w;
    result.reference.col(Index(k)) = reference[k];
  }

  std::ostringstream report;
  report << "Mirror descent on least squares, X " << n << "×" << P.X.cols() << (user ? " (user data)" : " (Gaussian)")
         << ", λ = ‖X‖²/n = " << smoothness << "; η in units of 1/L_ψ, the smoothness of f relative to ψ at w₀ and w_ψ:";
  for (std::size_t k = 0; k < potentials.size(); ++k) report << " " << potentials[k].name << " " << relative_smoothness[k] / smoothness << "λ";
  report << "\n\n";
  report << std::left << std::setw(12) << "potential" << std::setw(11) << "η·L_ψ" << std::setw(10) << "momentum" << std::setw(12)
         << "iterations" << std::setw(14) << "f(w_T)" << "‖w_T − w_ψ‖/‖w_ψ‖\n";
  for (const auto& r : runs)
    report << std::setw(12) << r.potential << std::setw(8) << r.eta << std::setw(10) << r.mu << std::setw(12) << r.iterations
           << std::setw(14) << r.loss << r.error << "\n";
  if (potentials.size() > 1) {
    report << "\nrelative distance between the limits of different potentials:\n";
    for (const auto& [key, value] : result.metrics)
      if (key.rfind("limit_gap.", 0) == 0) report << "  " << key.substr(10) << ": " << value << "\n";
  }
  result.report = report.str();
  return result;
}

const run::Registration registration{{
    "mirror-descent-ls",
    "d1",
    "mirror descent on underdetermined least squares converges to argmin D_ψ(w, w₀) among interpolants, for every potential, "
    "step size and momentum",
    run::Schema()
        .integer("n", 5, 1, 1000, "examples (rows of X)")
        .integer("d", 20, 2, 10000, "dimension (columns of X), > n")
        .text("potential", "all", {"all", "euclidean", "entropy", "hypentropy", "p_norm"}, "mirror map(s) to run")
        .number("beta", 1.0, 1e-6, 1e6, "β of the hyperbolic entropy")
        .number("p", 3.0, 1.05, 20.0, "p of the potential ½‖w‖_p²")
        .number("eta1", 0.05, 1e-6, 10.0, "first step size, in units of 1/L_ψ (the smoothness of f relative to ψ; ‖X‖₂²/n for euclidean)")
        .number("eta2", 0.2, 1e-6, 10.0, "second step size, in units of 1/L_ψ")
        .number("momentum", 0.9, 0.01, 0.999, "dual momentum μ of the momentum runs")
        .integer("iterations", 200000, 1, 100000000, "largest number of steps per run")
        .integer("record_every", 500, 1, 100000000, "steps between rows of the series")
        .number("tolerance.gradient", 1e-12, 0.0, 1.0, "a run stops once ‖∇f(w_t)‖ ≤ this × ‖∇f(w₀)‖")
        .number("tolerance.error", 1e-9, 0.0, 1.0, "verdict: largest ‖w_T − w_ψ‖/‖w_ψ‖ over runs")
        .number("tolerance.gap", 1e-2, 0.0, 10.0, "verdict: smallest relative distance between the limits of two potentials")
        .text("data.X", "", {}, "user design matrix n×d (.npy or .csv) instead of the Gaussian one")
        .text("data.y", "", {}, "user targets, n values (with data.X)")
        .text("data.w0", "", {}, "user initialisation, d values (with data.X; default all ones; > 0 for entropy)"),
    run_mirror_descent_ls,
    {{"error", "Mirror descent: relative distance to the Bregman projection", "iteration", error_columns(), "iteration t", "‖w_t − w_ψ‖/‖w_ψ‖",
      false, true}},
}};

}  // namespace
}  // namespace fdl::experiments
