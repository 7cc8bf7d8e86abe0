// Claim a2: first-order methods avoid strict saddles from random initializations — Lee, Simchowitz,
// Jordan, Recht, "Gradient descent only converges to minimizers", COLT 2016; Lee, Panageas,
// Piliouras, Simchowitz, Jordan, Recht, "First-order methods almost always avoid strict saddle
// points", Math. Programming 2019; Hong, Lee, Razaviyayn, "Gradient primal-dual algorithm converges
// to second-order stationary solutions for nonconvex distributed optimization", ICML 2018; Jin, Ge,
// Netrapalli, Kakade, Jordan, "How to escape saddle points efficiently", ICML 2017.
//
// The theorem: if one step of the method is a local diffeomorphism g (det Dg ≠ 0) and x* a fixed
// point where Dg(x*) has an eigenvalue of modulus > 1 (a strict saddle of f), the initializations
// whose iterates converge to x* form a set of measure zero (its stable manifold).
//
// Setups (paper-results.md A1–A3):
//   f(x) = ½ Σ_{i≤d−k} x_i² − ½ Σ_{i>d−k} x_i² + ¼ Σ_{i>d−k} x_i⁴ (d = 10, k = 3): strict saddle at 0
//     (λ_min = −1), minimizers x_i = ±1 on the last k coordinates, stable manifold {x_{d−k+1..d} = 0}.
//     Methods, each from `inits` Gaussian x₀ ~ N(0, I), step η = 0.1:
//       GD                 x⁺ = x − η ∇f(x)
//       coordinate descent x⁺ = x − η ∇_i f(x) e_i,  i = t mod d (cyclic, Gauss–Seidel)
//       proximal point     x⁺ = argmin_z f(z) + ‖z − x‖²/(2λ),  λ = η
//       mirror descent     ∇ψ(x⁺) = ∇ψ(x) − η ∇f(x),  ψ = ½‖x‖² + ¼‖x‖₄⁴
//   Riemannian GD on S^{d−1}: f(x) = ½ xᵀ A x, A = diag(1, …, d), x⁺ = R(x − η P_x ∇f(x)): every ±e_j,
//     j ≥ 2, is a strict saddle; minimizers ±e₁; the stable manifold of ±e₂ contains {x₁ = 0}.
//   GPDA on two-agent consensus: min f₁(u) + f₂(v) s.t. u = v, f₁(u) = ½u₁² − ½u₂², f₂(v) = ¼v₂⁴;
//     minimizers u = v = (0, ±1), strict saddle u = v = 0; random primal and dual x⁰, λ⁰ ~ N(0, I).
//
// Checks:
//   every random init ends at a minimizer: distance < tolerance.distance (1e−8), and the Hessian's
//     smallest eigenvalue there (Lanczos on Hessian-vector products; Riemannian Hessian on the
//     tangent space; the Hessian on the null space of the constraint for GPDA) is > 0;
//   inits on the stable manifold end at the saddle (distance < 1e−8, λ_min < 0 there);
//   GD escape time from ‖x_neg(0)‖ = δ, T(δ) ≈ log(1/δ)/log(1 + η) + const: the fitted slope of T
//     against log(1/δ), δ = 10⁻², …, 10⁻¹⁰, within 10% of 1/log(1 + η);
//   GD started exactly at the saddle stays (‖x_T‖ ≤ 1e−12 after 10⁵ steps), while perturbed GD
//     (the paper's parameters) reaches an ε-second-order stationary point (‖∇f‖ ≤ ε,
//     λ_min ≥ −√(ρε)) for every seed, with median iterations at the largest d at most twice those
//     at the smallest (the dimension enters only polylogarithmically).
#include "fdl/analysis/hessian.hpp"
#include "fdl/optim/coordinate_descent.hpp"
#include "fdl/optim/gradient_descent.hpp"
#include "fdl/optim/mirror_descent.hpp"
#include "fdl/optim/perturbed_gd.hpp"
#include "fdl/optim/primal_dual.hpp"
#include "fdl/optim/proximal_point.hpp"
#include "fdl/optim/riemannian_sphere.hpp"
#include "fdl/problems/random.hpp"
#include "fdl/problems/strict_saddle.hpp"
#include "fdl/run/experiment.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <sstream>

namespace fdl::experiments {
namespace {

using problems::GraphObjective;
using problems::Matrix;
using problems::Var;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Steps the method from x until `done(x)` or `max_iterations`; returns the steps taken.
Index run_until(Objective& f, optim::Optimizer& method, Vector& x, Index max_iterations,
                const std::function<bool(const Vector&)>& done) {
  method.init(x);
  for (Index t = 0; t < max_iterations; ++t) {
    if (done(x)) return t;
    method.step(f, x, t);
    if (!x.allFinite()) return t + 1;
  }
  return max_iterations;
}

// Per-method tallies over the random initializations.
struct Tally {
  std::string name;
  int runs = 0, at_minimizer = 0;
  double worst_distance = 0, smallest_lambda_min = std::numeric_limits<double>::infinity();
  double stable_distance = 0, stable_lambda_min = 0;  // the stable-manifold run(s): distance to the saddle
  Index max_iterations_used = 0;
  void add(double distance, double lambda_min, Index iterations, double tolerance) {
    ++runs;
    if (distance < tolerance && lambda_min > 0) ++at_minimizer;
    worst_distance = std::max(worst_distance, distance);
    smallest_lambda_min = std::min(smallest_lambda_min, lambda_min);
    max_iterations_used = std::max(max_iterations_used, iterations);
  }
};

// ½ xᵀ A x, A = diag(1, …, d).
GraphObjective rayleigh_quotient(Index d) {
  Matrix a(d, 1);
  for (Index i = 0; i < d; ++i) a(i) = double(i + 1);
  return GraphObjective({{d, 1}}, [&](ad::Graph& g, const std::vector<Var>& x) {
    return 0.5 * ad::sum(g.constant(a) * ad::square(x[0]));
  });
}

// f(u, v) = ½u₁² − ½u₂² + ¼v₂⁴ over x = (u₁, u₂, v₁, v₂).
GraphObjective consensus_saddle() {
  Matrix c(4, 1), q(4, 1);
  c << 1, -1, 0, 0;
  q << 0, 0, 0, 1;
  return GraphObjective({{4, 1}}, [&](ad::Graph& g, const std::vector<Var>& x) {
    Var x2 = ad::square(x[0]);
    return ad::sum(0.5 * g.constant(c) * x2 + 0.25 * g.constant(q) * ad::square(x2));
  });
}

// λ_min of ∇²f(x) restricted to the columns of the orthonormal basis Q (Lanczos; dense for ≤ 2).
double restricted_lambda_min(Objective& f, const Vector& x, const Eigen::MatrixXd& Q, double shift = 0) {
  analysis::LinearOperator op = [&](const Vector& h) -> Vector {
    return Q.transpose() * f.hvp(x, Q * h) - shift * h;
  };
  return analysis::extreme_eigenvalues(op, Q.cols()).smallest;
}

// An orthonormal basis of the tangent space of the sphere at the unit vector x.
Eigen::MatrixXd tangent_basis(const Vector& x) {
  Eigen::MatrixXd Q = Eigen::HouseholderQR<Eigen::MatrixXd>(x).householderQ();
  return Q.rightCols(x.size() - 1);
}

// s padded with spaces to `width` characters (UTF-8: continuation bytes take no column).
std::string padded(const std::string& s, std::size_t width) {
  const auto columns = static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  return s + std::string(width > columns ? width - columns : 0, ' ');
}

double distance_to_pair(const Vector& x, const Vector& e) { return std::min((x - e).norm(), (x + e).norm()); }

run::Result run_saddle_avoidance(const run::Config& cfg, run::Progress& progress) {
  const Index d = cfg.integer("d"), k = cfg.integer("k"), inits = cfg.integer("inits");
  const Index max_it = cfg.integer("max_iterations");
  const double eta = cfg.number("eta"), tol = cfg.number("tolerance.distance");
  if (k > d) throw run::InputError("saddle-avoidance: k = " + std::to_string(k) + " must be at most d = " + std::to_string(d));
  problems::Rng rng(cfg.seed());
  run::Result result;
  std::ostringstream out;
  std::vector<Tally> tallies;

  // --- A1: four methods on the separable strict saddle. -------------------------------------
  problems::SeparableSaddle f(d, k);
  const double grad_tol = 1e-2 * tol;  // near a minimizer ∇²f ⪰ I, so ‖x − x*‖ ≤ ‖∇f‖
  Vector grad(d);
  auto stationary = [&](const Vector& x) { return f.value_and_grad(x, grad), grad.norm() <= grad_tol; };
  using Factory = std::function<std::unique_ptr<optim::Optimizer>()>;
  const std::vector<std::pair<std::string, Factory>> methods = {
      {"gradient descent", [&] { return std::make_unique<optim::GradientDescent>(optim::Schedule::constant(eta)); }},
      {"coordinate descent (cyclic)",
       [&] { return std::make_unique<optim::CoordinateDescent>(optim::Schedule::constant(eta), optim::CoordinateRule::cyclic); }},
      {"proximal point (λ = η)",
       [&] {
         return std::make_unique<optim::ProximalPoint>(optim::ProximalPointParameters{
             .lambda = eta, .inner_step = cfg.number("prox.inner_step"), .tolerance = 0.1 * grad_tol, .max_inner = 100000});
       }},
      {"mirror descent, ψ = ½‖x‖² + ¼‖x‖₄⁴",
       [&] { return std::make_unique<optim::MirrorDescent>(std::make_shared<optim::EuclideanQuartic>(), optim::Schedule::constant(eta)); }},
  };
  const Eigen::MatrixXd all = Eigen::MatrixXd::Identity(d, d);
  std::vector<Vector> starts(static_cast<std::size_t>(inits));
  for (auto& x0 : starts) x0 = problems::gaussian(d, 1, rng);
  const Index total = Index(methods.size()) * inits;
  for (std::size_t m = 0; m < methods.size(); ++m) {
    Tally tally{methods[m].first};
    for (Index i = 0; i < inits; ++i) {
      Vector x = starts[std::size_t(i)];
      auto method = methods[m].second();
      const Index used = run_until(f, *method, x, max_it, stationary);
      if (x.allFinite()) tally.add(f.distance_to_minimizers(x), restricted_lambda_min(f, x, all), used, tol);
      else tally.add(kNaN, kNaN, used, tol);  // diverged: counted as not at a minimizer
      progress(Index(m) * inits + i, total, 0);
    }
    // From the stable manifold: the same first init with its negative coordinates zeroed.
    Vector x = f.project_to_stable_manifold(starts[0]);
    auto method = methods[m].second();
    run_until(f, *method, x, max_it, stationary);
    tally.stable_distance = x.norm();
    tally.stable_lambda_min = restricted_lambda_min(f, x, all);
    tallies.push_back(tally);
  }

  // --- Riemannian GD on the sphere. ----------------------------------------------------------
  {
    const Index ds = cfg.integer("sphere.d");
    GraphObjective rayleigh = rayleigh_quotient(ds);
    Vector g(ds);
    auto riemannian_stationary = [&](const Vector& x) {
      rayleigh.value_and_grad(x, g);
      return optim::RiemannianSphereGD::riemannian_gradient_norm(g, x) <= grad_tol;
    };
    // Riemannian Hessian on T_x S: Qᵀ ∇²f Q − (xᵀ∇f(x)) I.
    auto lambda_min = [&](const Vector& x) {
      rayleigh.value_and_grad(x, g);
      return restricted_lambda_min(rayleigh, x, tangent_basis(x), x.dot(g));
    };
    const Vector e1 = Vector::Unit(ds, 0), e2 = Vector::Unit(ds, 1);
    Tally tally{"Riemannian GD on S^{d−1}, f = ½xᵀAx"};
    Vector first;
    for (Index i = 0; i < inits; ++i) {
      Vector x = problems::gaussian(ds, 1, rng);
      if (i == 0) first = x;
      optim::RiemannianSphereGD method(optim::Schedule::constant(eta));
      const Index used = run_until(rayleigh, method, x, max_it, riemannian_stationary);
      x.normalize();
      tally.add(distance_to_pair(x, e1), lambda_min(x), used, tol);
    }
    Vector x = first;
    x(0) = 0;  // on the stable manifold of ±e₂
    optim::RiemannianSphereGD method(optim::Schedule::constant(eta));
    run_until(rayleigh, method, x, max_it, riemannian_stationary);
    x.normalize();
    tally.stable_distance = distance_to_pair(x, e2);
    tally.stable_lambda_min = lambda_min(x);
    tallies.push_back(tally);
  }

  // --- GPDA on two-agent consensus. ----------------------------------------------------------
  double gpda_perturbed_distance = 0;
  {
    const double rho = cfg.number("gpda.rho");
    GraphObjective consensus = consensus_saddle();
    Eigen::MatrixXd A(2, 4);
    A << 1, 0, -1, 0, 0, 1, 0, -1;
    Eigen::MatrixXd null_space(4, 2);  // u = v directions
    null_space << 1, 0, 0, 1, 1, 0, 0, 1;
    null_space /= std::sqrt(2.0);
    Vector g(4);
    const Vector b = Vector::Zero(2);
    auto make = [&](const Vector& lambda0) {
      auto m = std::make_unique<optim::GradientPrimalDual>(A, Eigen::MatrixXd::Identity(4, 4), b, rho);
      m->set_initial_multiplier(lambda0);
      return m;
    };
    // Stationary for the constrained problem: consensus and ∇f + Aᵀλ = 0.
    auto kkt = [&](optim::GradientPrimalDual& m) {
      return [&](const Vector& x) {
        consensus.value_and_grad(x, g);
        return (A * x).norm() <= grad_tol && (g + A.transpose() * m.multiplier()).norm() <= grad_tol;
      };
    };
    auto distance = [](const Vector& x) {  // to the minimizers u = v = (0, ±1)
      Vector nearest(4);
      const double s = x(1) >= 0 ? 1 : -1;
      nearest << 0, s, 0, s;
      return (x - nearest).norm();
    };
    Tally tally{"GPDA, consensus u = v (ρ = β = " + run::format(rho) + ")"};
    const Index gpda_inits = cfg.integer("gpda.inits");
    for (Index i = 0; i < gpda_inits; ++i) {
      Vector x = problems::gaussian(4, 1, rng);
      auto m = make(problems::gaussian(2, 1, rng));
      const Index used = run_until(consensus, *m, x, max_it, kkt(*m));
      tally.add(distance(x), restricted_lambda_min(consensus, x, null_space), used, tol);
    }
    Vector stable(4), lambda0(2);
    stable << 1, 0, 0.5, 0;
    lambda0 << 0.3, 0;
    Vector x = stable;
    auto m = make(lambda0);
    run_until(consensus, *m, x, max_it, kkt(*m));
    tally.stable_distance = x.norm();
    tally.stable_lambda_min = restricted_lambda_min(consensus, x, null_space);
    x = stable;
    x(1) += 1e-8;
    auto perturbed = make(lambda0);
    run_until(consensus, *perturbed, x, max_it, kkt(*perturbed));
    gpda_perturbed_distance = distance(x);
    tallies.push_back(tally);
  }

  out << "method                                      runs  at min   max dist   min λ_min   max its | stable-manifold init: dist to saddle, λ_min\n";
  int failures = 0;
  double stable_worst = 0, stable_lambda_worst = -std::numeric_limits<double>::infinity();
  for (const Tally& t : tallies) {
    char line[400];
    std::snprintf(line, sizeof line, "%s %4d  %6d  %9.2e  %10.3e  %7lld | %9.2e  %+.3f\n", padded(t.name, 44).c_str(), t.runs, t.at_minimizer,
                  t.worst_distance, t.smallest_lambda_min, static_cast<long long>(t.max_iterations_used), t.stable_distance,
                  t.stable_lambda_min);
    out << line;
    failures += t.runs - t.at_minimizer;
    stable_worst = std::max(stable_worst, t.stable_distance);
    stable_lambda_worst = std::max(stable_lambda_worst, t.stable_lambda_min);
    std::string key = t.name.substr(0, t.name.find_first_of(" (,"));
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
    result.metrics[key + ".at_minimizer"] = t.at_minimizer;
    result.metrics[key + ".runs"] = t.runs;
    result.metrics[key + ".max_distance"] = t.worst_distance;
    result.metrics[key + ".min_lambda_min"] = t.smallest_lambda_min;
    result.metrics[key + ".stable_manifold_distance_to_saddle"] = t.stable_distance;
  }
  out << "GPDA from the stable-manifold start perturbed by 1e-8 in u₂: distance to a minimizer " << gpda_perturbed_distance << "\n";

  // --- Escape time of GD from ‖x_neg(0)‖ = δ. -------------------------------------------------
  const double predicted_slope = 1.0 / std::log1p(eta);
  std::vector<double> log_inv_delta, escape;
  out << "\nGD escape from the saddle: x₀ = δ (0, …, 0, 1, …, 1)/√k; T(δ) = first t with ‖x_neg(t)‖ ≥ ½\n  δ      T(δ)\n";
  for (int p = 2; p <= cfg.integer("escape.max_exponent"); ++p) {
    const double delta = std::pow(10.0, -p);
    Vector x = Vector::Zero(d);
    x.tail(k).setConstant(delta / std::sqrt(double(k)));
    optim::GradientDescent gd(optim::Schedule::constant(eta));
    const Index T = run_until(f, gd, x, max_it, [&](const Vector& y) { return y.tail(k).norm() >= 0.5; });
    log_inv_delta.push_back(p * std::log(10.0));
    escape.push_back(double(T));
    out << "  1e-" << p << "  " << T << "\n";
  }
  const Eigen::Index np = Eigen::Index(escape.size());
  const Vector L = Vector::Map(log_inv_delta.data(), np), T = Vector::Map(escape.data(), np);
  const double slope = ((L.array() - L.mean()) * (T.array() - T.mean())).sum() / (L.array() - L.mean()).square().sum();
  const double intercept = T.mean() - slope * L.mean();
  out << "fitted slope " << slope << " vs 1/log(1 + η) = " << predicted_slope << " (ratio " << slope / predicted_slope << ")\n";

  // --- GD and perturbed GD started exactly at the saddle. -----------------------------------
  const double epsilon = cfg.number("pgd.epsilon"), ell = cfg.number("pgd.ell"), rho_h = cfg.number("pgd.rho");
  const Index seeds = cfg.integer("pgd.seeds");
  std::vector<Index> dims = {cfg.integer("pgd.d_small"), cfg.integer("pgd.d_mid"), cfg.integer("pgd.d_large")};
  for (Index& pd : dims) pd = std::max(pd, k);
  double gd_stays = 0;
  {
    problems::SeparableSaddle big(dims.back(), k);
    Vector x = Vector::Zero(dims.back());
    optim::GradientDescent gd(optim::Schedule::constant(eta));
    run_until(big, gd, x, cfg.integer("pgd.gd_iterations"), [](const Vector&) { return false; });
    gd_stays = x.norm();
  }
  out << "\nplain GD from x₀ = 0 at d = " << dims.back() << " after " << cfg.integer("pgd.gd_iterations") << " steps: ‖x_T‖ = " << gd_stays
      << "\nperturbed GD from x₀ = 0, ε = " << epsilon << ", ℓ = " << ell << ", ρ = " << rho_h
      << ": iterations to an ε-second-order stationary point\n  d       reached   median its   max its\n";
  std::vector<double> medians;
  int pgd_missed = 0;
  for (Index pd : dims) {
    problems::SeparableSaddle fs(pd, k);
    Vector gs(pd);
    std::vector<double> its;
    for (Index s = 0; s < seeds; ++s) {
      auto params = optim::paper_parameters(ell, rho_h, epsilon, 0.1, -fs.minimum_value(), pd);
      params.seed = cfg.seed() * 1000 + std::uint64_t(s);
      optim::PerturbedGradientDescent pgd(params);
      Vector x = Vector::Zero(pd);
      auto sosp = [&](const Vector& y) {
        fs.value_and_grad(y, gs);
        if (gs.norm() > epsilon) return false;
        return analysis::hessian_extreme_eigenvalues(fs, y).smallest >= -std::sqrt(rho_h * epsilon);
      };
      const Index used = run_until(fs, pgd, x, max_it, sosp);
      if (used < max_it) its.push_back(double(used));
      else ++pgd_missed;
    }
    std::sort(its.begin(), its.end());
    const double median = its.empty() ? double(max_it) : its[its.size() / 2];
    medians.push_back(median);
    char line[200];
    std::snprintf(line, sizeof line, "  %-6lld  %3zu/%-4lld  %10.0f   %7.0f\n", static_cast<long long>(pd), its.size(),
                  static_cast<long long>(seeds), median, its.empty() ? kNaN : its.back());
    out << line;
    result.metrics["pgd.median_iterations.d" + std::to_string(pd)] = median;
  }
  const double dimension_ratio = medians.back() / medians.front();

  // Series: the escape-time fit (x = log(1/δ)); plots skip the NaN padding.
  result.series.columns = {"log_inv_delta", "escape_iterations", "fit", "predicted_slope_line"};
  for (Eigen::Index i = 0; i < np; ++i)
    result.series.add({L(i), T(i), intercept + slope * L(i), T(0) + predicted_slope * (L(i) - L(0))});

  result.metrics["runs_not_at_minimizer"] = failures;
  result.metrics["stable_manifold_max_distance_to_saddle"] = stable_worst;
  result.metrics["gpda.perturbed_stable_start_distance_to_minimizer"] = gpda_perturbed_distance;
  result.metrics["escape.fitted_slope"] = slope;
  result.metrics["escape.predicted_slope"] = predicted_slope;
  result.metrics["gd_at_saddle.final_norm"] = gd_stays;
  result.metrics["pgd.missed"] = pgd_missed;
  result.metrics["pgd.median_ratio_largest_to_smallest_d"] = dimension_ratio;
  result.checks = {
      {"random inits not ending at a minimizer (dist < tol, λ_min > 0), all methods", double(failures), "<=", 0},
      {"stable-manifold inits: largest distance to the saddle", stable_worst, "<=", tol},
      {"stable-manifold inits: largest λ_min at the limit (< 0: a strict saddle)", stable_lambda_worst, "<=", -1e-3},
      {"GPDA: stable-manifold start perturbed by 1e-8 → distance to a minimizer", gpda_perturbed_distance, "<=", tol},
      {"|fitted escape slope / (1/log(1+η)) − 1|", std::abs(slope / predicted_slope - 1), "<=", 0.1},
      {"plain GD from the saddle: ‖x_T‖", gd_stays, "<=", 1e-12},
      {"perturbed GD: seeds not reaching an ε-SOSP", double(pgd_missed), "<=", 0},
      {"perturbed GD: median iterations, largest d / smallest d", dimension_ratio, "<=", 2},
  };
  result.report = out.str();
  return result;
}

const run::Registration registration{{
    "saddle-avoidance", "a2",
    "GD, coordinate descent, proximal point, mirror descent, Riemannian GD and GPDA avoid strict saddles from random inits; "
    "perturbed GD escapes with polylog(d) cost",
    run::Schema()
        .integer("d", 10, 1, 10000, "dimension of the separable strict-saddle function")
        .integer("k", 3, 1, 10000, "negative-curvature coordinates (k ≤ d)")
        .integer("inits", 1000, 1, 1000000, "random initializations per method")
        .number("eta", 0.1, 1e-6, 0.45, "step size η (also λ of the proximal point method)")
        .integer("max_iterations", 20000, 1, 100000000, "iteration cap per run")
        .number("tolerance.distance", 1e-8, 1e-14, 1, "verdict: distance to a minimizer / the saddle")
        .number("prox.inner_step", 0.02, 1e-6, 1, "GD step of the proximal subproblem")
        .integer("sphere.d", 10, 2, 10000, "dimension of the Rayleigh quotient on the sphere (A = diag(1..d))")
        .number("gpda.rho", 10, 1e-3, 1e6, "GPDA penalty ρ (= β)")
        .integer("gpda.inits", 100, 1, 1000000, "random primal–dual initializations of GPDA")
        .integer("escape.max_exponent", 10, 3, 15, "escape-time fit over δ = 10⁻², …, 10^−max_exponent")
        .integer("pgd.d_small", 10, 1, 100000, "smallest dimension for perturbed GD")
        .integer("pgd.d_mid", 100, 1, 100000, "middle dimension for perturbed GD")
        .integer("pgd.d_large", 1000, 1, 100000, "largest dimension for perturbed GD")
        .integer("pgd.seeds", 20, 1, 10000, "perturbed-GD seeds per dimension")
        .number("pgd.epsilon", 1e-3, 1e-8, 1, "ε of the ε-second-order stationary point")
        .number("pgd.ell", 3, 1e-3, 1e3, "gradient Lipschitz constant ℓ used for the PGD parameters")
        .number("pgd.rho", 6, 1e-3, 1e3, "Hessian Lipschitz constant ρ used for the PGD parameters")
        .integer("pgd.gd_iterations", 100000, 1, 100000000, "plain GD steps from the saddle"),
    run_saddle_avoidance,
    {{"escape", "GD escape time from ‖x_neg(0)‖ = δ", "log_inv_delta", {"escape_iterations", "fit", "predicted_slope_line"},
      "log(1/δ)", "iterations until ‖x_neg‖ ≥ ½", false, false}}}};

}  // namespace
}  // namespace fdl::experiments
