#include "fdl/analysis/max_margin.hpp"

#include "fdl/analysis/fourier.hpp"

#include "solvers.hpp"

#include <cmath>
#include <limits>
#include <numbers>

namespace fdl::analysis {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
constexpr double kInf = std::numeric_limits<double>::infinity();

// The LP margin in ℓ∞ or ℓ1: variables [w (ℓ∞) or u, v (ℓ1), γ, b]; returns (w, b).
MaxMargin lp_margin(const MatrixXd& X, const VectorXd& y, bool l1, bool with_bias) {
  const Eigen::Index n = X.rows(), d = X.cols(), nw = l1 ? 2 * d : d, nv = nw + 2;
  detail::LinearProgram lp;
  lp.cost = VectorXd::Zero(nv);
  lp.cost(nw) = -1;  // maximize γ
  lp.constraints = MatrixXd::Zero(n + (l1 ? 1 : 0), nv);
  const MatrixXd signed_points = y.asDiagonal() * X;  // rows y_i x_i
  lp.constraints.topLeftCorner(n, d) = signed_points;
  if (l1) lp.constraints.block(0, d, n, d) = -signed_points;
  lp.constraints.block(0, nw, n, 1).setConstant(-1);
  lp.constraints.block(0, nw + 1, n, 1) = y;
  lp.row_lower = VectorXd::Zero(lp.constraints.rows());
  lp.row_upper = VectorXd::Constant(lp.constraints.rows(), kInf);
  lp.col_lower = VectorXd::Constant(nv, l1 ? 0.0 : -1.0);
  lp.col_upper = VectorXd::Constant(nv, l1 ? kInf : 1.0);
  lp.col_lower.tail(2).setConstant(-kInf);
  lp.col_upper.tail(2).setConstant(kInf);
  if (!with_bias) lp.col_lower(nw + 1) = lp.col_upper(nw + 1) = 0;
  if (l1) {  // Σ(u + v) ≤ 1
    lp.constraints.block(n, 0, 1, nw).setOnes();
    lp.row_lower(n) = -kInf, lp.row_upper(n) = 1;
  }
  const VectorXd x = detail::solve_lp(lp, l1 ? "max_margin (ℓ1 LP)" : "max_margin (ℓ∞ LP)");
  MaxMargin r;
  r.w = l1 ? VectorXd(x.head(d) - x.segment(d, d)) : VectorXd(x.head(d));
  r.bias = x(nw + 1);
  r.margin = x(nw);
  return r;
}

// The hard-margin SVM QP: minimize ½‖w‖² s.t. y_i(⟨x_i, w⟩ + b) ≥ 1; variables [w, b].
MaxMargin qp_margin(const MatrixXd& X, const VectorXd& y, bool with_bias) {
  const Eigen::Index n = X.rows(), d = X.cols();
  detail::QuadraticProgram qp;
  qp.hessian = MatrixXd::Zero(d + 1, d + 1);
  qp.hessian.topLeftCorner(d, d).setIdentity();
  qp.cost = VectorXd::Zero(d + 1);
  qp.constraints.resize(n, d + 1);
  qp.constraints << y.asDiagonal() * X, y;
  qp.row_lower = VectorXd::Ones(n);
  qp.row_upper = VectorXd::Constant(n, kInf);
  qp.col_lower = VectorXd::Constant(d + 1, -kInf);
  qp.col_upper = VectorXd::Constant(d + 1, kInf);
  if (!with_bias) qp.col_lower(d) = qp.col_upper(d) = 0;
  const VectorXd x = detail::solve_qp(qp, "max_margin (ℓ2 QP)");
  return {x.head(d), x(d), 0};
}

// The Fourier-ℓ1 LP: variables [w, t_0 … t_{d/2}, γ, b]; maximize γ s.t. y_i(⟨x_i, w⟩ + b) ≥ γ,
// Σ c_k t_k ≤ 1 and, for each k, the polygon relaxation of |ŵ_k| ≤ t_k (two rows where ŵ_k is real).
MaxMargin fourier_lp_margin(const MatrixXd& X, const VectorXd& y, bool with_bias) {
  constexpr int kSides = 1024;
  const Eigen::Index n = X.rows(), d = X.cols(), K = d / 2 + 1, nv = d + K + 2, gamma = d + K;
  auto real = [&](Eigen::Index k) { return k == 0 || 2 * k == d; };
  Eigen::Index rows = n + 1;
  for (Eigen::Index k = 0; k < K; ++k) rows += real(k) ? 2 : kSides;
  detail::LinearProgram lp;
  lp.cost = VectorXd::Zero(nv);
  lp.cost(gamma) = -1;
  lp.constraints = MatrixXd::Zero(rows, nv);
  lp.row_lower = VectorXd::Constant(rows, -kInf);
  lp.row_upper = VectorXd::Zero(rows);
  lp.constraints.topLeftCorner(n, d) = y.asDiagonal() * X;
  lp.constraints.block(0, gamma, n, 1).setConstant(-1);
  lp.constraints.block(0, gamma + 1, n, 1) = y;
  lp.row_lower.head(n).setZero();
  lp.row_upper.head(n).setConstant(kInf);
  for (Eigen::Index k = 0; k < K; ++k) lp.constraints(n, d + k) = real(k) ? 1 : 2;
  lp.row_upper(n) = 1;
  Eigen::Index row = n + 1;
  const Eigen::MatrixXcd F = unitary_dft(d);
  for (Eigen::Index k = 0; k < K; ++k) {
    const VectorXd re = F.row(k).real().transpose(), im = F.row(k).imag().transpose();  // ŵ_k = ⟨re, w⟩ + i⟨im, w⟩
    const int sides = real(k) ? 2 : kSides;
    for (int s = 0; s < sides; ++s, ++row) {
      const double theta = 2 * std::numbers::pi * s / sides;
      lp.constraints.block(row, 0, 1, d) = (std::cos(theta) * re + std::sin(theta) * im).transpose();
      lp.constraints(row, d + k) = -1;
    }
  }
  lp.col_lower = VectorXd::Constant(nv, -kInf);
  lp.col_upper = VectorXd::Constant(nv, kInf);
  lp.col_lower.segment(d, K).setZero();
  if (!with_bias) lp.col_lower(gamma + 1) = lp.col_upper(gamma + 1) = 0;
  const VectorXd x = detail::solve_lp(lp, "max_margin (Fourier-ℓ1 LP)");
  return {x.head(d), x(gamma + 1), x(gamma)};
}

}  // namespace

MarginNorm MarginNorm::named(const std::string& name) {
  if (name == "l1") return l1();
  if (name == "l2") return l2();
  if (name == "linf") return linf();
  if (name == "fourier_l1") return fourier_l1();
  throw std::invalid_argument("MarginNorm: unknown norm '" + name + "' (expected l1, l2, linf, fourier_l1, or a matrix P for ‖w‖_P)");
}

double MarginNorm::of(const VectorXd& w) const {
  switch (kind) {
    case Kind::l1: return w.lpNorm<1>();
    case Kind::l2: return w.norm();
    case Kind::linf: return w.lpNorm<Eigen::Infinity>();
    case Kind::quadratic: return std::sqrt(w.dot(P * w));
    case Kind::fourier_l1: return fourier_l1_norm(w);
  }
  return 0;
}

MaxMargin max_margin(const MatrixXd& X, const VectorXd& y, const MarginNorm& norm, bool with_bias) {
  const std::string where = "max_margin: ";
  if (X.rows() == 0 || X.cols() == 0) throw std::invalid_argument(where + "X is empty");
  if (y.size() != X.rows())
    throw std::invalid_argument(where + "X has " + std::to_string(X.rows()) + " rows (examples) but y has " + std::to_string(y.size()) +
                                " labels");
  if (!X.allFinite()) throw std::invalid_argument(where + "X has non-finite entries");
  for (Eigen::Index i = 0; i < y.size(); ++i)
    if (y(i) != 1 && y(i) != -1) throw std::invalid_argument(where + "labels must be ±1, y[" + std::to_string(i) + "] = " + std::to_string(y(i)));
  if (with_bias && ((y.array() > 0).all() || (y.array() < 0).all()))
    throw std::invalid_argument(where + "with a bias, both classes must be present (else the margin is unbounded)");
  Eigen::LLT<MatrixXd> cholesky;
  if (norm.kind == MarginNorm::Kind::quadratic) {
    if (norm.P.rows() != X.cols() || norm.P.cols() != X.cols())
      throw std::invalid_argument(where + "P must be " + std::to_string(X.cols()) + "×" + std::to_string(X.cols()) + ", got " +
                                  std::to_string(norm.P.rows()) + "×" + std::to_string(norm.P.cols()));
    if (!norm.P.isApprox(norm.P.transpose(), 1e-12)) throw std::invalid_argument(where + "P must be symmetric");
    cholesky.compute(norm.P);
    if (cholesky.info() != Eigen::Success) throw std::invalid_argument(where + "P must be positive definite");
  }

  // Separability: the ℓ∞ LP margin is positive iff some w separates (all norms are equivalent).
  const bool l1 = norm.kind == MarginNorm::Kind::l1;
  MaxMargin r = lp_margin(X, y, l1, with_bias);
  const double scale = l1 ? X.lpNorm<Eigen::Infinity>() : X.rowwise().lpNorm<1>().maxCoeff();
  if (!(r.margin > 1e-9 * scale))
    throw NotSeparable(where + "the data are not linearly separable" + std::string(with_bias ? " (with a bias)" : " by a homogeneous w") +
                       ": the largest " + (l1 ? "ℓ1" : "ℓ∞") + "-normalized margin is " + std::to_string(r.margin));
  if (norm.kind == MarginNorm::Kind::l2) {
    r = qp_margin(X, y, with_bias);
  } else if (norm.kind == MarginNorm::Kind::quadratic) {
    const MatrixXd whitened = cholesky.matrixL().solve(X.transpose()).transpose();  // rows L⁻¹x_i
    r = qp_margin(whitened, y, with_bias);
    r.w = cholesky.matrixU().solve(r.w);  // L⁻ᵀ v
  } else if (norm.kind == MarginNorm::Kind::fourier_l1) {
    r = fourier_lp_margin(X, y, with_bias);
  }
  const double size = norm.of(r.w);
  r.w /= size;
  r.bias /= size;
  r.margin = (y.asDiagonal() * ((X * r.w).array() + r.bias).matrix()).minCoeff();
  return r;
}

}  // namespace fdl::analysis
