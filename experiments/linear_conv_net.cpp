// Claim d2/d3 (row D4 of paper-results.md): the implicit bias of gradient descent depends on the
// parametrization of a linear predictor (Gunasekar, Lee, Soudry, Srebro, "Implicit Bias of Gradient
// Descent on Linear Convolutional Networks", NeurIPS 2018):
//
//   L(θ) = (1/n) Σ_n exp(−y_n ⟨x_n, β(θ)⟩),   θ_{t+1} = θ_t − η ∇L(θ_t),   θ₀ ~ 0.1·N(0, I)
//   linear                 β = w                        → ℓ2 max-margin direction
//   fully connected, L = 2  β = W₁ᵀ w₂ (W₁ ∈ R^{d×d})     → ℓ2 max-margin direction, like linear
//   convolutional, L = 2    β = w₁ ⊛ w₂ (circular)        → a stationary point of min ‖F β‖_{2/L} = ‖F β‖₁
//                                                           s.t. y_n⟨x_n, β⟩ ≥ 1: a sparse spectrum
//
// F is the unitary DFT. For L = 2 the problem min ‖Fβ‖₁ s.t. y_n⟨x_n, β⟩ ≥ 1 is convex, so its
// stationary point is the optimum β*_F, computed independently by analysis::max_margin with
// MarginNorm::fourier_l1() (an LP). Checks (d = 16, n = 6 Gaussian points, random ±1 labels,
// η = 0.02, 2·10⁵ steps): cos(β_FC, β_lin) ≥ 0.99 while cos(β_conv, β_lin) ≤ 0.9; the conv net's
// Fourier-ℓ1 margin min_n y_n⟨x_n, β⟩/‖Fβ‖₁ ≥ 1.1× the linear predictor's; every |β̂_k| of the conv
// net but its top conjugate pair ≤ 0.15 max_k |β̂_k|; cos(β_conv, β*_F) ≥ cos(β_lin, β*_F).
// cos(β, ŵ) against the ℓ2 max_margin, the conv margin over γ*_F and β*_F's own spectrum tail are
// reported. The models are problems::SeparableClassification's predictors.
//
// Known deviation (docs/experiments.md): on seeds 0–5 the exact β*_F itself keeps several conjugate
// pairs (tail 0.22–0.68), and so does the conv net (0.23–0.70): the tail ≤ 0.15 of paper-results.md
// is a property of its calibration instance. The verdict keeps that threshold and so FAILs, while
// the conv net turns toward β*_F (cos 0.90–0.995 vs 0.56–0.88 for the linear predictor).
#include "fdl/analysis/fourier.hpp"
#include "fdl/analysis/max_margin.hpp"
#include "fdl/data/load.hpp"
#include "fdl/optim/gradient_descent.hpp"
#include "fdl/problems/classification.hpp"
#include "fdl/run/experiment.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace fdl::experiments {
namespace {

using Matrix = Eigen::MatrixXd;
using problems::Predictor;

double cosine(const Vector& a, const Vector& b) { return a.dot(b) / (a.norm() * b.norm()); }

double fourier_l1_margin(const Matrix& X, const Vector& y, const Vector& beta) {
  return (y.array() * (X * beta).array()).minCoeff() / analysis::fourier_l1_norm(beta);
}

// The largest |β̂_k| outside the top conjugate pair {k*, d − k*}, relative to |β̂_k*|.
double spectrum_tail(const Vector& beta) {
  const Vector s = analysis::fourier_modulus(beta);
  Index top = 0;
  s.maxCoeff(&top);
  const Index d = s.size(), pair = (d - top) % d;
  double tail = 0;
  for (Index k = 0; k < d; ++k)
    if (k != top && k != pair) tail = std::max(tail, s(k));
  return tail / s(top);
}

struct Trained {
  std::string model;
  Vector beta;
  double loss = 0;
  bool diverged = false;
};

Trained train(const Matrix& X, const Vector& y, Predictor predictor, int depth, const std::string& model, const run::Config& cfg,
              std::uint64_t seed, run::Progress& progress) {
  problems::SeparableClassification f(X, y, problems::ClassificationLoss::exponential, predictor, depth);
  problems::Rng rng(seed);
  Vector theta = problems::gaussian(f.dimension(), 1, rng, cfg.number("init_scale"));
  optim::GradientDescent gd(optim::Schedule::constant(cfg.number("eta")));
  const Index T = cfg.integer("iterations");
  Trained out{model, Vector(), 0, false};
  for (Index t = 0; t < T; ++t) {
    const optim::StepInfo info = gd.step(f, theta, t);
    out.loss = info.value;
    if (!std::isfinite(info.value) || !theta.allFinite()) {
      out.diverged = true;
      break;
    }
    progress(t, T, info.value);
  }
  out.beta = f.predictor(theta);
  return out;
}

run::Result run_linear_conv_net(const run::Config& cfg, run::Progress& progress) {
  Matrix X;
  Vector y;
  const bool user = !cfg.text("data.X").empty();
  problems::Rng seeds(cfg.seed());
  if (user) {
    if (cfg.text("data.y").empty()) throw run::InputError("config key 'data.X' is set: expected 'data.y' too (labels ±1, one per row)");
    data::Samples s = data::load_samples(cfg.text("data.X"), cfg.text("data.y"));
    for (Index i = 0; i < s.y.size(); ++i)
      if (s.y(i) != 1 && s.y(i) != -1)
        throw run::InputError("data.y '" + cfg.text("data.y") + "' entry " + std::to_string(i) + ": expected labels −1 or +1");
    X = std::move(s.X), y = std::move(s.y);
  } else {
    if (!cfg.text("data.y").empty()) throw run::InputError("config key 'data.y' is set without 'data.X': expected data.X (n×d) as well");
    problems::Rng rng(seeds());
    X = problems::gaussian(cfg.integer("n"), cfg.integer("d"), rng);
    y = problems::random_signs(cfg.integer("n"), rng);
  }
  analysis::MaxMargin svm;
  try {
    svm = analysis::max_margin(X, y, analysis::MarginNorm::l2());
  } catch (const analysis::NotSeparable& e) {
    throw run::InputError(std::string(user ? "data.X/data.y" : "config keys 'n', 'd'") +
                          ": expected labels that a hyperplane through the origin separates (" + e.what() + ")");
  }

  // The independent reference for the conv net: the max-margin separator in ‖Fβ‖₁ (a convex
  // problem for L = 2, so the stationary point the theorem names is this optimum).
  const analysis::MaxMargin fourier = analysis::max_margin(X, y, analysis::MarginNorm::fourier_l1());

  run::Result result;
  const Trained lin = train(X, y, Predictor::linear, 1, "linear", cfg, seeds(), progress);
  const Trained fc = train(X, y, Predictor::fully_connected, 2, "fully_connected", cfg, seeds(), progress);
  const Trained conv = train(X, y, Predictor::convolutional, 2, "convolutional", cfg, seeds(), progress);
  result.diverged = lin.diverged || fc.diverged || conv.diverged;

  const double cos_fc = cosine(fc.beta, lin.beta), cos_conv = cosine(conv.beta, lin.beta);
  const double margin_lin = fourier_l1_margin(X, y, lin.beta), margin_conv = fourier_l1_margin(X, y, conv.beta);
  const double tail_conv = spectrum_tail(conv.beta), tail_lin = spectrum_tail(lin.beta);
  const double cos_conv_ref = cosine(conv.beta, fourier.w), cos_lin_ref = cosine(lin.beta, fourier.w);
  result.metrics = {{"cos_fc_linear", cos_fc},
                    {"cos_conv_linear", cos_conv},
                    {"cos_linear_svm", cosine(lin.beta, svm.w)},
                    {"cos_fc_svm", cosine(fc.beta, svm.w)},
                    {"fourier_l1_margin.linear", margin_lin},
                    {"fourier_l1_margin.conv", margin_conv},
                    {"fourier_l1_margin.fc", fourier_l1_margin(X, y, fc.beta)},
                    {"fourier_l1_margin.max", fourier.margin},
                    {"fourier_l1_margin.conv_over_max", margin_conv / fourier.margin},
                    {"cos_conv_fourier_svm", cos_conv_ref},
                    {"cos_linear_fourier_svm", cos_lin_ref},
                    {"spectrum_tail.fourier_svm", spectrum_tail(fourier.w)},
                    {"spectrum_tail.conv", tail_conv},
                    {"spectrum_tail.linear", tail_lin},
                    {"loss.linear", lin.loss},
                    {"loss.fc", fc.loss},
                    {"loss.conv", conv.loss}};
  result.checks = {{"cos(β_FC, β_lin)", cos_fc, ">=", cfg.number("tolerance.cos_fc")},
                   {"cos(β_conv, β_lin)", cos_conv, "<=", cfg.number("tolerance.cos_conv")},
                   {"Fourier-ℓ1 margin: conv / linear", margin_conv / margin_lin, ">=", cfg.number("tolerance.margin_ratio")},
                   {"conv: largest |β̂_k| off the top conjugate pair / max |β̂|", tail_conv, "<=", cfg.number("tolerance.tail")},
                   {"cos(β_conv, β*_F) ≥ cos(β_lin, β*_F), β*_F the max-‖Fβ‖₁-margin LP", cos_conv_ref, ">=", cos_lin_ref}};

  // Series: the sorted spectra |β̂|/max, one row per rank.
  const Vector s_lin = analysis::fourier_modulus(lin.beta), s_fc = analysis::fourier_modulus(fc.beta),
               s_conv = analysis::fourier_modulus(conv.beta);
  std::vector<double> a(s_lin.data(), s_lin.data() + s_lin.size()), b(s_fc.data(), s_fc.data() + s_fc.size()),
      c(s_conv.data(), s_conv.data() + s_conv.size());
  for (auto* v : {&a, &b, &c}) std::sort(v->begin(), v->end(), std::greater<>());
  result.series.columns = {"rank", "spectrum.linear", "spectrum.fc", "spectrum.conv"};
  for (std::size_t k = 0; k < a.size(); ++k) result.series.add({double(k + 1), a[k] / a[0], b[k] / b[0], c[k] / c[0]});

  result.solution.resize(X.cols(), 3);
  result.solution << lin.beta / lin.beta.norm(), fc.beta / fc.beta.norm(), conv.beta / conv.beta.norm();
  result.reference.resize(X.cols(), 2);
  result.reference << svm.w, fourier.w / fourier.w.norm();
  std::ostringstream report;
  report << "Exp loss, GD η = " << cfg.number("eta") << ", " << cfg.integer("iterations") << " steps, " << X.rows() << " points in R^"
         << X.cols() << (user ? " (user data)" : " (Gaussian, random labels)") << ", init " << cfg.number("init_scale") << "·N(0,1)\n"
         << std::left << std::setw(18) << "model" << std::setw(14) << "loss" << std::setw(14) << "cos(β, β_lin)" << std::setw(14)
         << "cos(β, ŵ_ℓ2)" << std::setw(16) << "Fourier-ℓ1 marg." << "spectrum tail\n";
  for (const Trained* m : {&lin, &fc, &conv})
    report << std::setw(18) << m->model << std::setw(14) << m->loss << std::setw(14) << cosine(m->beta, lin.beta) << std::setw(14)
           << cosine(m->beta, svm.w) << std::setw(16) << fourier_l1_margin(X, y, m->beta) << spectrum_tail(m->beta) << "\n";
  report << std::setw(18) << "Fourier-l1 SVM" << std::setw(14) << "(LP)" << std::setw(14) << cosine(fourier.w, lin.beta) << std::setw(14)
         << cosine(fourier.w, svm.w) << std::setw(16) << fourier.margin << spectrum_tail(fourier.w) << "\n"
         << "conv vs the max-‖Fβ‖₁-margin separator β*_F: cos " << cos_conv_ref << ", margin ratio "
         << margin_conv / fourier.margin << "\n";
  result.report = report.str();
  return result;
}

const run::Registration registration{{
    "linear-conv-net",
    "d2",
    "GD on linear nets: fully connected → ℓ2 max-margin (like linear); full-width circular convolutional → sparse Fourier spectrum",
    run::Schema()
        .integer("n", 6, 2, 100000, "examples")
        .integer("d", 16, 2, 1024, "dimension (and convolution width)")
        .number("eta", 0.02, 1e-9, 10.0, "GD step on the mean exp loss")
        .integer("iterations", 200000, 1, 100000000, "GD steps per model")
        .number("init_scale", 0.1, 0.0, 10.0, "initialization θ₀ ~ init_scale·N(0, I)")
        .number("tolerance.cos_fc", 0.99, -1.0, 1.0, "verdict: smallest cos(β_FC, β_lin)")
        .number("tolerance.cos_conv", 0.9, -1.0, 1.0, "verdict: largest cos(β_conv, β_lin)")
        .number("tolerance.margin_ratio", 1.1, 0.0, 100.0, "verdict: smallest conv/linear Fourier-ℓ1 margin")
        .number("tolerance.tail", 0.15, 0.0, 1.0, "verdict: largest |β̂_k| off the top conjugate pair, relative")
        .text("data.X", "", {}, "user examples n×d (.npy or .csv) instead of the Gaussian ones")
        .text("data.y", "", {}, "user labels ±1 (with data.X)"),
    run_linear_conv_net,
    {{"spectrum", "Sorted |β̂_k| / max (unitary DFT)", "rank", {"spectrum.linear", "spectrum.fc", "spectrum.conv"}, "rank k",
      "|β̂|_(k) / max |β̂|", false, true}},
}};

}  // namespace
}  // namespace fdl::experiments
