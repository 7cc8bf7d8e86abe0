#include "fdl/analysis/bregman.hpp"

#include <cmath>
#include <stdexcept>

namespace fdl::analysis {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

double dual_exponent(double p) { return p / (p - 1); }

// ∇ ½‖v‖_r² = ‖v‖_r^{2−r} sign(v)|v|^{r−1}, and ½‖v‖_r² itself.
VectorXd half_squared_norm_gradient(const VectorXd& v, double r) {
  const double norm = v.lpNorm<Eigen::Infinity>() == 0 ? 0 : std::pow(v.array().abs().pow(r).sum(), 1 / r);
  if (norm == 0) return VectorXd::Zero(v.size());
  return std::pow(norm, 2 - r) * v.array().sign() * v.array().abs().pow(r - 1);
}
double half_squared_norm(const VectorXd& v, double r) { return 0.5 * std::pow(v.array().abs().pow(r).sum(), 2 / r); }

}  // namespace

Potential Potential::hypentropy(double beta) {
  if (!(beta > 0)) throw std::invalid_argument("Potential::hypentropy: beta must be > 0, got " + std::to_string(beta));
  return {Kind::hypentropy, beta};
}

Potential Potential::p_norm(double p) {
  if (!(p > 1) || !std::isfinite(p)) throw std::invalid_argument("Potential::p_norm: p must be in (1, ∞), got " + std::to_string(p));
  return {Kind::p_norm, p};
}

Potential Potential::named(const std::string& name, double parameter) {
  if (name == "euclidean") return euclidean();
  if (name == "entropy") return entropy();
  if (name == "hypentropy") return hypentropy(parameter);
  if (name == "p_norm") return p_norm(parameter);
  throw std::invalid_argument("Potential: unknown potential '" + name + "' (expected euclidean, entropy, hypentropy or p_norm)");
}

std::string Potential::name() const {
  switch (kind) {
    case Kind::euclidean: return "euclidean";
    case Kind::entropy: return "entropy";
    case Kind::hypentropy: return "hypentropy(beta=" + std::to_string(parameter) + ")";
    case Kind::p_norm: return "p_norm(p=" + std::to_string(parameter) + ")";
  }
  return "";
}

double Potential::value(const VectorXd& w) const {
  const double b = parameter;
  switch (kind) {
    case Kind::euclidean: return 0.5 * w.squaredNorm();
    case Kind::entropy: return (w.array() * w.array().log() - w.array()).sum();
    case Kind::hypentropy: return (w.array() * (w.array() / b).asinh() - (w.array().square() + b * b).sqrt()).sum();
    case Kind::p_norm: return half_squared_norm(w, parameter);
  }
  return 0;
}

VectorXd Potential::gradient(const VectorXd& w) const {
  switch (kind) {
    case Kind::euclidean: return w;
    case Kind::entropy: return w.array().log();
    case Kind::hypentropy: return (w.array() / parameter).asinh();
    case Kind::p_norm: return half_squared_norm_gradient(w, parameter);
  }
  return w;
}

double Potential::conjugate(const VectorXd& theta) const {
  switch (kind) {
    case Kind::euclidean: return 0.5 * theta.squaredNorm();
    case Kind::entropy: return theta.array().exp().sum();
    case Kind::hypentropy: return parameter * theta.array().cosh().sum();
    case Kind::p_norm: return half_squared_norm(theta, dual_exponent(parameter));
  }
  return 0;
}

VectorXd Potential::conjugate_gradient(const VectorXd& theta) const {
  switch (kind) {
    case Kind::euclidean: return theta;
    case Kind::entropy: return theta.array().exp();
    case Kind::hypentropy: return parameter * theta.array().sinh();
    case Kind::p_norm: return half_squared_norm_gradient(theta, dual_exponent(parameter));
  }
  return theta;
}

// For ½‖θ‖_q²: (q−1)‖θ‖_q^{2−q} diag(|θ|^{q−2}) + (2−q)‖θ‖_q^{2−2q} s sᵀ with s = sign(θ)|θ|^{q−1}.
// For q < 2 the diagonal is unbounded at θ_i = 0; there |θ_i| is floored at 1e-12 ‖θ‖_q.
MatrixXd Potential::conjugate_hessian(const VectorXd& theta) const {
  switch (kind) {
    case Kind::euclidean: return MatrixXd::Identity(theta.size(), theta.size());
    case Kind::entropy: return theta.array().exp().matrix().asDiagonal();
    case Kind::hypentropy: return (parameter * theta.array().cosh()).matrix().asDiagonal();
    case Kind::p_norm: {
      const double q = dual_exponent(parameter);
      const double norm = std::pow(theta.array().abs().pow(q).sum(), 1 / q);
      const Eigen::Index n = theta.size();
      if (norm == 0) return q == 2 ? MatrixXd(MatrixXd::Identity(n, n)) : MatrixXd(MatrixXd::Zero(n, n));
      const Eigen::ArrayXd magnitude = theta.array().abs().max(1e-12 * norm);
      const VectorXd s = theta.array().sign() * theta.array().abs().pow(q - 1);
      MatrixXd h = (2 - q) * std::pow(norm, 2 - 2 * q) * s * s.transpose();
      h.diagonal() += ((q - 1) * std::pow(norm, 2 - q) * magnitude.pow(q - 2)).matrix();
      return h;
    }
  }
  return {};
}

double Potential::divergence(const VectorXd& w, const VectorXd& w0) const {
  if (kind == Kind::entropy) return (w.array() * (w.array() / w0.array()).log() - w.array() + w0.array()).sum();
  return value(w) - value(w0) - gradient(w0).dot(w - w0);
}

BregmanInterpolant min_bregman_interpolant(const MatrixXd& X, const VectorXd& y, const VectorXd& w0, const Potential& potential,
                                           double tol, int max_iterations) {
  const std::string where = "min_bregman_interpolant: ";
  if (y.size() != X.rows())
    throw std::invalid_argument(where + "X is " + std::to_string(X.rows()) + "×" + std::to_string(X.cols()) + " but y has " +
                                std::to_string(y.size()) + " entries (expected " + std::to_string(X.rows()) + ")");
  if (w0.size() != X.cols())
    throw std::invalid_argument(where + "w0 has " + std::to_string(w0.size()) + " entries, expected " + std::to_string(X.cols()) +
                                " (the columns of X)");
  if (!X.allFinite() || !y.allFinite() || !w0.allFinite()) throw std::invalid_argument(where + "X, y and w0 must be finite");
  if (potential.kind == Potential::Kind::entropy && !(w0.array() > 0).all())
    throw std::invalid_argument(where + "the entropy potential needs w0 > 0 entrywise");
  if (!(tol > 0)) throw std::invalid_argument(where + "tol must be > 0");
  const VectorXd least_squares = X.completeOrthogonalDecomposition().solve(y);
  if ((X * least_squares - y).lpNorm<Eigen::Infinity>() > 1e-9 * std::max(1.0, y.lpNorm<Eigen::Infinity>()))
    throw std::invalid_argument(where + "X w = y has no solution (y is outside the range of X)");

  const VectorXd theta0 = potential.gradient(w0);
  const double target = tol * std::max(1.0, y.lpNorm<Eigen::Infinity>());
  auto dual = [&](const VectorXd& lambda) { return potential.conjugate(theta0 + X.transpose() * lambda) - lambda.dot(y); };

  BregmanInterpolant r;
  r.lambda = VectorXd::Zero(X.rows());
  r.w = potential.conjugate_gradient(theta0);
  VectorXd residual = X * r.w - y;  // ∇φ(λ)
  double phi = dual(r.lambda);
  for (r.iterations = 0; residual.lpNorm<Eigen::Infinity>() > target; ++r.iterations) {
    if (r.iterations == max_iterations)
      throw std::runtime_error(where + "Newton's method on the dual stopped after " + std::to_string(max_iterations) +
                               " steps at ‖Xw − y‖_∞ = " + std::to_string(residual.lpNorm<Eigen::Infinity>()) + " for the " +
                               potential.name() + " potential (does Xw = y have a solution in the potential's domain, e.g. w > 0 "
                               "for entropy?)");
    const MatrixXd hessian = X * potential.conjugate_hessian(theta0 + X.transpose() * r.lambda) * X.transpose();
    const VectorXd step = -hessian.completeOrthogonalDecomposition().solve(residual);
    // Backtracking: Armijo on φ, or (once φ is flat to rounding) a decrease of ‖∇φ‖.
    const double slope = residual.dot(step);
    double t = 1;
    for (;; t /= 2) {
      if (t < 1e-20)
        throw std::runtime_error(where + "the line search found no progress at ‖Xw − y‖_∞ = " +
                                    std::to_string(residual.lpNorm<Eigen::Infinity>()));
      const VectorXd lambda = r.lambda + t * step;
      const double trial = dual(lambda);
      if (!std::isfinite(trial)) continue;
      const VectorXd w = potential.conjugate_gradient(theta0 + X.transpose() * lambda);
      const VectorXd trial_residual = X * w - y;
      if (trial <= phi + 1e-4 * t * slope || trial_residual.norm() <= (1 - 1e-4 * t) * residual.norm()) {
        r.lambda = lambda, r.w = w, residual = trial_residual, phi = trial;
        break;
      }
    }
  }
  r.feasibility = residual.lpNorm<Eigen::Infinity>();
  r.divergence = potential.divergence(r.w, w0);
  return r;
}

}  // namespace fdl::analysis
