#include "fdl/optim/potentials.hpp"

#include "fdl/optim/optimizer.hpp"

#include <cmath>

namespace fdl::optim {

double Potential::bregman_divergence(const Vector& w, const Vector& v) const {
  check_dimension("bregman_divergence", "w", w, v.size());
  check_domain(w, "bregman_divergence");
  check_domain(v, "bregman_divergence");
  Vector theta;
  gradient(v, theta);
  return value(w) - value(v) - theta.dot(w - v);
}

double NegativeEntropy::value(const Vector& w) const { return (w.array() * w.array().log() - w.array()).sum(); }

void NegativeEntropy::check_domain(const Vector& w, const char* where) const {
  require((w.array() > 0).all(), where, "w > 0 (the domain of the negative entropy)");
}

double SimplexEntropy::value(const Vector& w) const { return (w.array() * w.array().log()).sum(); }

void SimplexEntropy::gradient_inverse(const Vector& theta, Vector& w) const {
  w = (theta.array() - theta.maxCoeff()).exp();
  w /= w.sum();
}

void SimplexEntropy::check_domain(const Vector& w, const char* where) const {
  require((w.array() > 0).all() && std::abs(w.sum() - 1) <= 1e-9 * w.size(), where,
          "w > 0 with Σ w_i = 1 (the interior of the simplex)");
}

HyperbolicEntropy::HyperbolicEntropy(double beta) : beta_(beta) {
  require(beta > 0 && std::isfinite(beta), "HyperbolicEntropy", "β > 0");
}

double HyperbolicEntropy::value(const Vector& w) const {
  return (w.array() * (w.array() / beta_).asinh() - (w.array().square() + beta_ * beta_).sqrt()).sum();
}

void HyperbolicEntropy::gradient(const Vector& w, Vector& theta) const { theta = (w.array() / beta_).asinh(); }

void HyperbolicEntropy::gradient_inverse(const Vector& theta, Vector& w) const {
  w = beta_ * theta.array().sinh();
}

namespace {

// ∇(½‖x‖_r²)_i = sign(x_i)|x_i|^{r−1} / ‖x‖_r^{r−2}; 0 at x = 0.
void squared_norm_gradient(const Vector& x, double r, Vector& out) {
  const double norm = x.lpNorm<Eigen::Infinity>() == 0 ? 0.0 : std::pow(x.array().abs().pow(r).sum(), 1 / r);
  if (norm == 0) {
    out = Vector::Zero(x.size());
    return;
  }
  // Scale by ‖x‖_r first so that powers of large or tiny entries neither overflow nor underflow.
  out = norm * x.array().sign() * (x.array().abs() / norm).pow(r - 1);
}

}  // namespace

SquaredLpNorm::SquaredLpNorm(double p) : p_(p), q_(p / (p - 1)) {
  require(p > 1 && std::isfinite(p), "SquaredLpNorm", "1 < p < ∞");
}

double SquaredLpNorm::value(const Vector& w) const {
  return 0.5 * std::pow(w.array().abs().pow(p_).sum(), 2 / p_);
}

void SquaredLpNorm::gradient(const Vector& w, Vector& theta) const { squared_norm_gradient(w, p_, theta); }

void SquaredLpNorm::gradient_inverse(const Vector& theta, Vector& w) const { squared_norm_gradient(theta, q_, w); }

double EuclideanQuartic::value(const Vector& w) const {
  return 0.5 * w.squaredNorm() + 0.25 * w.array().square().square().sum();
}

void EuclideanQuartic::gradient(const Vector& w, Vector& theta) const { theta = w.array() + w.array().cube(); }

// x³ + x = θ: with a = ∛(|θ|/2 + √(θ²/4 + 1/27)), Cardano's root is sign(θ)(a − 1/(3a)); it cancels
// for small |θ|, where the series x = θ − θ³ + O(θ⁵) is used instead. One Newton step
// x ← x − (x³ + x − θ)/(3x² + 1) polishes either to full precision; θ = 0 gives exactly 0.
void EuclideanQuartic::gradient_inverse(const Vector& theta, Vector& w) const {
  w.resize(theta.size());
  for (Index i = 0; i < theta.size(); ++i) {
    const double t = std::abs(theta(i));
    const double a = std::cbrt(0.5 * t + std::sqrt(0.25 * t * t + 1.0 / 27.0));
    double x = t < 1e-4 ? t - t * t * t : a - 1.0 / (3.0 * a);
    x -= (x * x * x + x - t) / (3.0 * x * x + 1.0);
    w(i) = std::copysign(x, theta(i));
  }
}

}  // namespace fdl::optim
