#include "fdl/optim/norms.hpp"

#include "fdl/optim/optimizer.hpp"

#include <cmath>

namespace fdl::optim {

double lp_norm(const Vector& x, double r) {
  const double scale = x.lpNorm<Eigen::Infinity>();
  if (scale == 0 || !std::isfinite(scale)) return scale;
  return scale * std::pow((x.array().abs() / scale).pow(r).sum(), 1 / r);
}

void L1::steepest_direction(const Vector& g, Vector& u) const {
  u = Vector::Zero(g.size());
  if (g.size() == 0) return;
  Index i;
  g.cwiseAbs().maxCoeff(&i);
  u(i) = g(i) > 0 ? 1.0 : g(i) < 0 ? -1.0 : 0.0;
}

void L2::steepest_direction(const Vector& g, Vector& u) const {
  const double norm = g.norm();
  if (norm == 0)
    u = Vector::Zero(g.size());
  else
    u = g / norm;
}

Lp::Lp(double p) : p_(p), q_(p / (p - 1)) { require(p > 1 && std::isfinite(p), "Lp", "1 < p < ∞ (use L1 or Linf at the ends)"); }

double Lp::norm(const Vector& u) const { return lp_norm(u, p_); }
double Lp::dual_norm(const Vector& g) const { return lp_norm(g, q_); }

void Lp::steepest_direction(const Vector& g, Vector& u) const {
  const double dual = lp_norm(g, q_);
  if (dual == 0) {
    u = Vector::Zero(g.size());
    return;
  }
  u = g.array().sign() * (g.array().abs() / dual).pow(q_ - 1);
}

Quadratic::Quadratic(const Eigen::MatrixXd& P) : P_(P) {
  require(P.rows() == P.cols() && P.rows() > 0, "Quadratic norm", "a square matrix P");
  cholesky_.compute(P);
  require(P.isApprox(P.transpose()) && cholesky_.info() == Eigen::Success, "Quadratic norm",
          "a symmetric positive definite P");
}

double Quadratic::dual_norm(const Vector& g) const {
  check_dimension("Quadratic norm", "g", g, P_.rows());
  return std::sqrt(g.dot(cholesky_.solve(g)));
}

void Quadratic::steepest_direction(const Vector& g, Vector& u) const {
  check_dimension("Quadratic norm", "g", g, P_.rows());
  u = g;
  cholesky_.solveInPlace(u);
  const double dual = std::sqrt(g.dot(u));
  if (dual == 0)
    u.setZero();
  else
    u /= dual;
}

}  // namespace fdl::optim
