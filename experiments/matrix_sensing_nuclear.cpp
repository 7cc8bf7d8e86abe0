// Claim d3 (rows D5, D6 and §4.1 of paper-results.md): gradient descent on an over-parametrized
// factorization from a small initialization converges to the minimum nuclear norm solution.
//
//   f(U) = (1/2m) Σ_i (⟨A_i, U Uᵀ⟩ − y_i)²,  U ∈ R^{d×d},  U₀ = α I,  U_{t+1} = U_t − η ∇f(U_t)
//   U_T U_Tᵀ → argmin tr X  s.t. ⟨A_i, X⟩ = y_i, X ⪰ 0   (α → 0; tr = ‖·‖_* on the PSD cone)
//
// D5 (Gunasekar, Woodworth, Bhojanapalli, Neyshabur, Srebro, NIPS 2017, proven for commuting A_i):
//   A_i = diag(a_i), x = u ⊙ u ∈ R^30, m = 10, u₀ = α 1, GD with η = c/σ_max(A)² on ½‖A(u⊙u) − y‖².
//   Gradient flow on u is mirror flow with the entropy, so the limit at finite α is exactly the KL
//   projection x_KL(α) = argmin_{x ≥ 0, Ax = y} Σ x log(x/α²) − x + α² (analysis::min_bregman_interpolant
//   with the entropy from α² 1), up to O(η): error ≤ 2e-3 at c = 0.005 (α = 0.1, 10⁻³), dropping ≥ 5×
//   when c drops 10×. And 1ᵀx_T → LP* = min 1ᵀx s.t. Ax = y, x ≥ 0 as α → 0 (only like 1/log(1/α)):
//   |1ᵀx_T − LP*|/LP* decreasing over α = 10⁻¹…10⁻⁶ and ≤ 2e-3 at 10⁻⁶ (LP* from
//   analysis::min_trace_diagonal, CLP: min_trace_psd of diagonal measurements).
// D6 (Li, Ma, Zhang, COLT 2018): d = 20, rank r = 2, X* = Z Zᵀ/‖Z Zᵀ‖₂, symmetric Gaussian A_i,
//   η = 0.1, T = 4000. In the RIP regime m = 3dr: ‖U_T U_Tᵀ − X*‖_F/‖X*‖_F ≤ 5e-3 at α = 10⁻³, and
//   tr U_T U_Tᵀ within 1% of min_trace_psd; the baselines do not recover (PSD-projected GD on X from
//   0: error ≥ 0.2; plain GD on X from 0, the minimum-Frobenius interpolant: ≥ 0.3). At m = 5dr the
//   error decreases with α over 10⁻¹, 10⁻², 10⁻³, 10⁻⁵.
// Quadratic-activation net (Li, Ma, Zhang §5): u(x) = Σ_j (w_jᵀx)² = xᵀ WᵀW x, k = d units, W₀ = α I,
//   labels y = xᵀ M* x of a rank-r PSD teacher: matrix sensing with A_i = x_i x_iᵀ. Checks: WᵀW
//   recovers M* (≤ 1e-2 relative) and its trace is within 1% of min_trace_psd.
// Known deviation (§4.1, reported, not judged): below RIP (m = 1.5dr) the minimum-trace solution is
//   not X*, and GD from small α converges to a different interpolant; the relative distance of
//   U_T U_Tᵀ to the min-trace solution and their traces are reported.
// With user data (data.A: m×d×d, data.y: m values) the factorized GD runs on it and is compared with
//   min_trace_psd.
#include "fdl/analysis/bregman.hpp"
#include "fdl/analysis/nuclear_norm.hpp"
#include "fdl/data/load.hpp"
#include "fdl/optim/gradient_descent.hpp"
#include "fdl/optim/prox.hpp"
#include "fdl/optim/sgd.hpp"
#include "fdl/problems/least_squares.hpp"
#include "fdl/problems/matrix_sensing.hpp"
#include "fdl/problems/networks.hpp"
#include "fdl/run/experiment.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <iomanip>
#include <map>
#include <optional>
#include <sstream>

namespace fdl::experiments {
namespace {

using Matrix = Eigen::MatrixXd;

double relative(const Matrix& a, const Matrix& b) { return (a - b).norm() / b.norm(); }

// GD with a constant step from w₀ for T steps, or until f(w_t) ≤ tol·f(w₀) (not a gradient test:
// from small initializations GD crosses plateaus where ∇f is tiny); false if it diverged.
bool gradient_descent(Objective& f, Vector& w, double eta, Index T, double tol, run::Progress& progress) {
  optim::GradientDescent gd(optim::Schedule::constant(eta));
  double first = NAN;
  for (Index t = 0; t < T; ++t) {
    const optim::StepInfo info = gd.step(f, w, t);
    if (!std::isfinite(info.value) || !w.allFinite()) return false;
    if (t == 0) first = info.value;
    if (info.value <= tol * first) break;
    progress(t, T, info.value);
  }
  return true;
}

// Factorized GD on matrix sensing from U₀ = α I; returns U_T U_Tᵀ (empty if it diverged).
Matrix factorized_gd(const std::vector<Matrix>& A, const Vector& y, double alpha, double eta, Index T, run::Progress& progress) {
  const Index d = A[0].rows();
  problems::MatrixSensing f(A, y, d);
  Vector u = (alpha * Matrix::Identity(d, d)).reshaped();
  if (!gradient_descent(f, u, eta, T, 0, progress)) return {};
  const Matrix U = u.reshaped(d, d);
  return U * U.transpose();
}

// Where the parts' min-trace references go: the run's result and report, and DSDP's options.
struct References {
  run::Result& result;
  std::ostream& report;
  analysis::SdpOptions options;
};

// min_trace_psd (DSDP), its relative duality gap recorded as metric `key`.sdp_gap. Where DSDP
// certifies no solution the part has no reference: nothing is returned, the report says why, and
// a judged part gets a failed check with the gap reached (its other numbers are kept).
std::optional<analysis::MinTracePsd> min_trace_psd(const std::vector<Matrix>& A, const Vector& y, const std::string& part,
                                                   const std::string& key, bool judged, References& out) {
  run::Result& result = out.result;
  try {
    analysis::MinTracePsd r = analysis::min_trace_psd(A, y, out.options);
    result.metrics[key + ".sdp_gap"] = r.report.duality_gap;
    return r;
  } catch (const analysis::SdpNotSolved& e) {
    if (std::isfinite(e.duality_gap)) result.metrics[key + ".sdp_gap"] = e.duality_gap;  // a non-finite metric reads as divergence
    if (judged) result.checks.push_back({part + ": min_trace_psd certified (DSDP relative duality gap)", e.duality_gap, "<=", 1e-6});
    out.report << "  " << part << ": no reference, " << e.what() << "\n";
    return std::nullopt;
  }
}

struct Sensing {
  std::vector<Matrix> A;
  Vector y;
  Matrix X_star;
};

// m symmetric Gaussian measurements of X* = Z Zᵀ/‖Z Zᵀ‖₂, Z ∈ R^{d×r}.
Sensing sensing_instance(Index d, Index r, Index m, std::uint64_t seed) {
  const problems::MatrixSensing p = problems::MatrixSensing::random(d, r, m, seed);
  Sensing s{p.A(), Vector(), p.ground_truth()};
  s.X_star /= Eigen::SelfAdjointEigenSolver<Matrix>(s.X_star).eigenvalues().maxCoeff();
  s.y = p.measure(s.X_star);
  return s;
}

// ---------------------------------------------------------------------------------------------

run::Result run_user(const run::Config& cfg, run::Progress& progress) {
  if (cfg.text("data.y").empty()) throw run::InputError("config key 'data.A' is set: expected 'data.y' too (m measurements)");
  const std::vector<Matrix> A = data::load_matrices(cfg.text("data.A"));
  const Vector y = data::load_vector(cfg.text("data.y"));
  if (A.empty() || A[0].rows() != A[0].cols())
    throw run::InputError("data.A '" + cfg.text("data.A") + "': expected m square d×d matrices (an m×d×d array)");
  if (Index(A.size()) != y.size())
    throw run::InputError("data.y '" + cfg.text("data.y") + "' has " + std::to_string(y.size()) + " values: expected m = " +
                          std::to_string(A.size()) + ", one per matrix of data.A");
  std::vector<Matrix> symmetric;
  for (const Matrix& a : A) symmetric.push_back((a + a.transpose()) / 2);  // ⟨A, UUᵀ⟩ sees only the symmetric part
  run::Result result;
  std::ostringstream report;
  report << "Factorized GD on user data: m = " << A.size() << ", d = " << A[0].rows() << ", α = " << cfg.number("alpha") << ", η = "
         << cfg.number("eta") << ", " << cfg.integer("iterations") << " steps\n";
  References references{result, report, {int(cfg.integer("sdp.max_iterations"))}};
  std::optional<analysis::MinTracePsd> reference;
  try {
    reference = min_trace_psd(symmetric, y, "user data", "user", true, references);
  } catch (const std::invalid_argument& e) {
    throw run::InputError(std::string("data.A/data.y: no PSD matrix X with ⟨A_i, X⟩ = y_i (") + e.what() + ")");
  }
  const Matrix X = factorized_gd(symmetric, y, cfg.number("alpha"), cfg.number("eta"), cfg.integer("iterations"), progress);
  if (X.size() == 0) {
    result.diverged = true;
    result.report = report.str() + "factorized GD diverged: lower eta\n";
    return result;
  }
  Vector residual(y.size());
  for (Index i = 0; i < y.size(); ++i) residual(i) = (symmetric[std::size_t(i)].array() * X.array()).sum() - y(i);
  result.metrics["residual"] = residual.norm() / y.norm();
  result.metrics["trace"] = X.trace();
  result.checks.push_back({"relative residual ‖A(UUᵀ) − y‖/‖y‖", residual.norm() / y.norm(), "<=", cfg.number("tolerance.residual")});
  result.solution = X;
  report << "  tr UUᵀ = " << X.trace() << ", residual " << residual.norm() / y.norm();
  if (reference) {
    const double trace_gap = (X.trace() - reference->Z.trace()) / reference->Z.trace();
    result.metrics["trace_gap"] = trace_gap;
    result.metrics["distance"] = relative(X, reference->Z);
    result.metrics["min_trace"] = reference->Z.trace();
    result.checks.push_back({"(tr UUᵀ − min tr)/min tr", std::abs(trace_gap), "<=", cfg.number("tolerance.trace")});
    result.reference = reference->Z;
    report << ", min_trace_psd " << reference->Z.trace() << ", ‖UUᵀ − Z*‖_F/‖Z*‖_F = " << relative(X, reference->Z);
  }
  report << "\n";
  result.report = report.str();
  return result;
}

run::Result run_matrix_sensing_nuclear(const run::Config& cfg, run::Progress& progress) {
  if (!cfg.text("data.A").empty()) return run_user(cfg, progress);
  if (!cfg.text("data.y").empty()) throw run::InputError("config key 'data.y' is set without 'data.A': expected data.A (m×d×d) as well");
  problems::Rng seeds(cfg.seed());
  run::Result result;
  std::ostringstream report;
  std::map<double, std::map<std::string, double>> by_alpha;  // the series: error against α
  References references{result, report, {int(cfg.integer("sdp.max_iterations"))}};

  // D5: the commuting case.
  {
    const problems::DiagonalSensing p = problems::DiagonalSensing::random(cfg.integer("commuting.d"), cfg.integer("commuting.m"), seeds());
    const Matrix& A = p.A();
    const Vector& y = p.b();
    const double m = double(A.rows()), sigma = Eigen::JacobiSVD<Matrix>(A).singularValues()(0);
    const Index T = cfg.integer("commuting.iterations");
    auto x_limit = [&](double alpha, double c) {  // x_T = u_T ⊙ u_T; the library's f is the mean: step m·η
      problems::DiagonalSensing f(A, y);
      Vector u = Vector::Constant(A.cols(), alpha);
      if (!gradient_descent(f, u, m * c / (sigma * sigma), T, cfg.number("commuting.loss_tolerance"), progress)) result.diverged = true;
      return Vector(u.cwiseProduct(u));
    };
    const double c = cfg.number("commuting.c");
    report << "D5 commuting case: x = u⊙u ∈ R^" << A.cols() << ", m = " << A.rows() << ", GD η = c/σ_max(A)²\n";
    double worst_error = 0, worst_drop = INFINITY;
    for (double alpha : {0.1, 1e-3}) {
      const Vector x_kl = analysis::min_bregman_interpolant(A, y, Vector::Constant(A.cols(), alpha * alpha), analysis::Potential::entropy()).w;
      const double coarse = relative(x_limit(alpha, 10 * c), x_kl), fine = relative(x_limit(alpha, c), x_kl);
      worst_error = std::max(worst_error, fine);
      worst_drop = std::min(worst_drop, coarse / fine);
      report << "  α = " << alpha << ": ‖x_T − x_KL‖/‖x_KL‖ = " << coarse << " (c = " << 10 * c << "), " << fine << " (c = " << c << ")\n";
      result.metrics["commuting.kl_error.alpha" + std::to_string(int(std::round(-std::log10(alpha))))] = fine;
    }
    result.checks.push_back({"D5: max over α of ‖x_T − x_KL(α)‖/‖x_KL‖ at c", worst_error, "<=", cfg.number("tolerance.kl_error")});
    result.checks.push_back({"D5: min over α of the error drop when c drops 10×", worst_drop, ">=", 5.0});

    const double lp = analysis::min_trace_diagonal(A, y).objective;  // min 1ᵀx s.t. Ax = y, x ≥ 0
    double previous = INFINITY, gap = 0;
    bool decreasing = true;
    report << "  (1ᵀx_T − LP*)/LP*, LP* = " << lp << ":";
    for (double alpha : {1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6}) {
      gap = (x_limit(alpha, c).sum() - lp) / lp;  // ≥ 0 once x_T is feasible: a negative gap is a run not yet converged
      decreasing = decreasing && std::abs(gap) < previous;
      previous = std::abs(gap);
      by_alpha[alpha]["commuting.lp_gap"] = gap;
      report << " " << gap;
    }
    report << " for α = 1e-1 … 1e-6\n";
    result.metrics["commuting.lp_gap"] = gap;
    // The same gap of GD's predicted limit x_KL(10⁻⁶): the part of the gap that is the finite α,
    // not the discretization or the steps.
    const Vector x_kl = analysis::min_bregman_interpolant(A, y, Vector::Constant(A.cols(), 1e-12), analysis::Potential::entropy()).w;
    result.metrics["commuting.lp_gap_of_kl"] = (x_kl.sum() - lp) / lp;
    report << "  the same gap of x_KL(α = 1e-6) itself: " << (x_kl.sum() - lp) / lp << "\n";
    result.checks.push_back({"D5: |1ᵀx_T − LP*|/LP* decreasing in α (1 = yes)", decreasing ? 1.0 : 0.0, ">=", 1.0});
    result.checks.push_back({"D5: |1ᵀx_T − LP*|/LP* at α = 1e-6", std::abs(gap), "<=", cfg.number("tolerance.lp_gap")});
  }

  // D6: the RIP regime, baselines, error against α.
  const Index d = cfg.integer("sensing.d"), r = cfg.integer("sensing.r"), T = cfg.integer("sensing.iterations");
  const double eta = cfg.number("sensing.eta"), alpha = cfg.number("alpha");
  {
    const Sensing s = sensing_instance(d, r, 3 * d * r, seeds());
    const Matrix X = factorized_gd(s.A, s.y, alpha, eta, T, progress);
    if (X.size() == 0) result.diverged = true;
    report << "D6 matrix sensing d = " << d << ", r = " << r << ", η = " << eta << ", T = " << T << ":\n";
    const auto min_trace = min_trace_psd(s.A, s.y, "D6 m = 3dr", "rip", true, references);
    const double error = X.size() ? relative(X, s.X_star) : INFINITY;
    // Baselines on X itself: f(X) = (1/2m) Σ (⟨A_i, X⟩ − y_i)² is least squares in vec X.
    Matrix op(s.y.size(), d * d);
    for (Index i = 0; i < s.y.size(); ++i) op.row(i) = s.A[std::size_t(i)].reshaped().transpose();
    problems::LeastSquares on_x(op, s.y);
    const double smooth = std::pow(Eigen::JacobiSVD<Matrix>(op).singularValues()(0), 2) / double(s.y.size());
    Vector x = Vector::Zero(d * d);  // plain GD from 0: the minimum-Frobenius interpolant
    gradient_descent(on_x, x, 1 / smooth, cfg.integer("baseline.iterations"), 1e-24, progress);
    const double frobenius_error = relative(x.reshaped(d, d), s.X_star);
    optim::SGD projected(optim::Schedule::constant(1 / smooth), {s.y.size(), false, 0}, std::make_shared<optim::PsdConeProx>(d));
    x.setZero();
    projected.init(x);
    for (Index t = 0; t < cfg.integer("baseline.iterations"); ++t) projected.step(on_x, x, t);
    const double projected_error = relative(x.reshaped(d, d), s.X_star);
    result.metrics["rip.error"] = error;
    result.metrics["rip.psd_projected_error"] = projected_error;
    result.metrics["rip.min_frobenius_error"] = frobenius_error;
    result.checks.push_back({"D6 m = 3dr: ‖UUᵀ − X*‖_F/‖X*‖_F at α", error, "<=", cfg.number("tolerance.recovery")});
    result.solution = X;
    report << "  m = 3dr = " << 3 * d * r << ", α = " << alpha << ": ‖UUᵀ − X*‖/‖X*‖ = " << error << ", tr UUᵀ = " << (X.size() ? X.trace() : NAN);
    if (min_trace) {
      const double trace_gap = X.size() ? std::abs(X.trace() - min_trace->Z.trace()) / min_trace->Z.trace() : INFINITY;
      result.metrics["rip.trace_gap"] = trace_gap;
      result.metrics["rip.min_trace_error"] = relative(min_trace->Z, s.X_star);
      result.checks.push_back({"D6 m = 3dr: |tr UUᵀ − min tr|/min tr", trace_gap, "<=", cfg.number("tolerance.trace")});
      result.reference = min_trace->Z;
      report << ", min_trace_psd " << min_trace->Z.trace() << " (‖Z* − X*‖/‖X*‖ = " << relative(min_trace->Z, s.X_star) << ")";
    }
    result.checks.push_back({"D6 m = 3dr: PSD-projected GD error (does not recover)", projected_error, ">=", cfg.number("tolerance.projected")});
    result.checks.push_back({"D6 m = 3dr: min-Frobenius error (does not recover)", frobenius_error, ">=", cfg.number("tolerance.frobenius")});
    report << "\n  baselines: PSD-projected GD on X " << projected_error << ", min-Frobenius (GD on X from 0) " << frobenius_error << "\n";
  }
  {
    const Sensing s = sensing_instance(d, r, 5 * d * r, seeds());
    double previous = INFINITY;
    bool decreasing = true;
    report << "  m = 5dr, ‖UUᵀ − X*‖/‖X*‖ against α:";
    for (double a : {1e-1, 1e-2, 1e-3, 1e-5}) {
      const Matrix X = factorized_gd(s.A, s.y, a, eta, T, progress);
      const double error = X.size() ? relative(X, s.X_star) : INFINITY;
      decreasing = decreasing && error < previous;
      previous = error;
      by_alpha[a]["sensing.error"] = error;
      report << " " << error;
    }
    report << " (α = 1e-1, 1e-2, 1e-3, 1e-5)\n";
    result.checks.push_back({"D6 m = 5dr: error decreasing in α (1 = yes)", decreasing ? 1.0 : 0.0, ">=", 1.0});
  }

  // The quadratic-activation net: sensing with A_i = x_i x_iᵀ.
  {
    const Index qd = cfg.integer("quadratic.d"), qn = cfg.integer("quadratic.n");
    problems::Rng rng(seeds());
    const Matrix Z = problems::gaussian(qd, cfg.integer("quadratic.r"), rng);
    Matrix M = Z * Z.transpose();
    M /= Eigen::SelfAdjointEigenSolver<Matrix>(M).eigenvalues().maxCoeff();
    const Matrix X = problems::gaussian(qn, qd, rng);
    const Vector y = (X * M).cwiseProduct(X).rowwise().sum();  // y_i = x_iᵀ M x_i
    problems::QuadraticNetwork net(X, y, Vector::Ones(qd));
    Vector w = (alpha * Matrix::Identity(qd, qd)).reshaped();
    if (!gradient_descent(net, w, cfg.number("quadratic.eta"), cfg.integer("quadratic.iterations"), 0, progress)) result.diverged = true;
    const Matrix W = w.reshaped(qd, qd);
    const Matrix learned = W.transpose() * W;
    std::vector<Matrix> rank_one;
    for (Index i = 0; i < qn; ++i) rank_one.push_back(X.row(i).transpose() * X.row(i));
    report << "Quadratic-activation net d = " << qd << ", n = " << qn << ", rank-" << cfg.integer("quadratic.r") << " teacher, α = " << alpha
           << ":\n";
    const auto min_trace = min_trace_psd(rank_one, y, "quadratic net", "quadratic", true, references);
    const double error = relative(learned, M);
    result.metrics["quadratic.error"] = error;
    result.checks.push_back({"quadratic net: ‖WᵀW − M*‖_F/‖M*‖_F", error, "<=", cfg.number("tolerance.quadratic")});
    report << "  ‖WᵀW − M*‖/‖M*‖ = " << error << ", tr WᵀW = " << learned.trace();
    if (min_trace) {
      const double trace_gap = std::abs(learned.trace() - min_trace->Z.trace()) / min_trace->Z.trace();
      result.metrics["quadratic.trace_gap"] = trace_gap;
      result.checks.push_back({"quadratic net: |tr WᵀW − min tr|/min tr", trace_gap, "<=", cfg.number("tolerance.trace")});
      report << " vs min_trace_psd " << min_trace->Z.trace();
    }
    report << "\n";
  }

  // Known deviation: below RIP.
  if (cfg.flag("below_rip")) {
    const Sensing s = sensing_instance(d, r, (3 * d * r) / 2, seeds());
    const Matrix X = factorized_gd(s.A, s.y, alpha, cfg.number("below_rip.eta"), cfg.integer("below_rip.iterations"), progress);
    report << "Known deviation, m = 1.5dr = " << (3 * d * r) / 2 << " (below RIP; reported, not judged):\n";
    const auto min_trace = min_trace_psd(s.A, s.y, "below RIP", "below_rip", false, references);
    if (X.size() && min_trace) {
      result.metrics["below_rip.distance_to_min_trace"] = relative(X, min_trace->Z);
      result.metrics["below_rip.trace"] = X.trace();
      result.metrics["below_rip.min_trace"] = min_trace->Z.trace();
      result.metrics["below_rip.true_trace"] = s.X_star.trace();
      report << "  ‖UUᵀ − Z*‖/‖Z*‖ = " << relative(X, min_trace->Z) << ", tr UUᵀ = " << X.trace() << ", min trace " << min_trace->Z.trace()
             << ", tr X* = " << s.X_star.trace() << "\n";
    }
  }

  result.series.columns = {"alpha", "sensing.error", "commuting.lp_gap"};
  for (const auto& [a, values] : by_alpha)
    result.series.add({a, values.count("sensing.error") ? values.at("sensing.error") : NAN,
                       values.count("commuting.lp_gap") ? values.at("commuting.lp_gap") : NAN});
  result.report = report.str();
  return result;
}

const run::Registration registration{{
    "matrix-sensing-nuclear",
    "d3",
    "GD on over-parametrized matrix sensing / quadratic-activation nets from small init → minimum nuclear norm (commuting case: "
    "exact KL projection; RIP regime: recovery)",
    run::Schema()
        .number("alpha", 1e-3, 1e-12, 10.0, "initialization scale α (U₀ = α I) of the RIP, quadratic-net and user runs")
        .integer("commuting.d", 30, 2, 10000, "D5: dimension of x = u ⊙ u")
        .integer("commuting.m", 10, 1, 10000, "D5: measurements")
        .number("commuting.c", 0.005, 1e-6, 1.0, "D5: step η = c/σ_max(A)² (also run at 10c)")
        .integer("commuting.iterations", 1000000, 1, 100000000, "D5: largest number of GD steps per run")
        .number("commuting.loss_tolerance", 1e-24, 0.0, 1.0, "D5: a run stops once f(u_t) ≤ this × f(u₀)")
        .integer("sensing.d", 20, 2, 200, "D6: dimension d")
        .integer("sensing.r", 2, 1, 200, "D6: rank r of X*")
        .number("sensing.eta", 0.1, 1e-6, 10.0, "D6: GD step")
        .integer("sensing.iterations", 4000, 1, 100000000, "D6: GD steps")
        .integer("baseline.iterations", 2000, 1, 100000000, "D6: steps of the baselines on X")
        .integer("quadratic.d", 10, 2, 200, "quadratic net: input dimension (and hidden units)")
        .integer("quadratic.r", 2, 1, 200, "quadratic net: rank of the teacher M*")
        .integer("quadratic.n", 50, 1, 100000, "quadratic net: examples")
        .number("quadratic.eta", 0.005, 1e-9, 10.0, "quadratic net: GD step")
        .integer("quadratic.iterations", 60000, 1, 100000000, "quadratic net: GD steps")
        .integer("sdp.max_iterations", 500, 1, 100000, "DSDP's iteration cap for the min-trace references (per attempt)")
        .flag("below_rip", true, "run the below-RIP regime m = 1.5dr (a known deviation, reported only)")
        .number("below_rip.eta", 0.05, 1e-6, 10.0, "below RIP: GD step")
        .integer("below_rip.iterations", 20000, 1, 100000000, "below RIP: GD steps")
        .number("eta", 0.01, 1e-9, 10.0, "user data: GD step")
        .integer("iterations", 20000, 1, 100000000, "user data: GD steps")
        .number("tolerance.kl_error", 2e-3, 0.0, 1.0, "verdict D5: largest ‖x_T − x_KL‖/‖x_KL‖ at c")
        .number("tolerance.lp_gap", 2e-3, 0.0, 1.0, "verdict D5: largest |1ᵀx_T − LP*|/LP* at α = 1e-6")
        .number("tolerance.recovery", 5e-3, 0.0, 10.0, "verdict D6: largest ‖UUᵀ − X*‖/‖X*‖ at m = 3dr")
        .number("tolerance.trace", 1e-2, 0.0, 10.0, "verdict: largest |tr UUᵀ − min tr|/min tr")
        .number("tolerance.projected", 0.2, 0.0, 10.0, "verdict D6: smallest error of PSD-projected GD")
        .number("tolerance.frobenius", 0.3, 0.0, 10.0, "verdict D6: smallest error of the min-Frobenius solution")
        .number("tolerance.quadratic", 1e-2, 0.0, 10.0, "verdict: largest ‖WᵀW − M*‖/‖M*‖ of the quadratic net")
        .number("tolerance.residual", 1e-3, 0.0, 10.0, "verdict (user data): largest ‖A(UUᵀ) − y‖/‖y‖")
        .text("data.A", "", {}, "user sensing matrices, an m×d×d array (.npy; .csv is 2-D only)")
        .text("data.y", "", {}, "user measurements, m values (with data.A)"),
    run_matrix_sensing_nuclear,
    {{"error-vs-alpha", "Error against the initialization scale α", "alpha", {"sensing.error", "commuting.lp_gap"}, "α",
      "‖UUᵀ − X*‖/‖X*‖ (m = 5dr),  (1ᵀx − LP*)/LP*", true, true}},
}};

}  // namespace
}  // namespace fdl::experiments
