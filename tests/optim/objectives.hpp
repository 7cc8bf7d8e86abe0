// Small objectives written by hand for the optimizer tests, with known minimizers.
#pragma once

#include "fdl/problems/objective.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <initializer_list>
#include <limits>
#include <random>

namespace fdl::optim::testing {

// vec({1, -2, 3}): a Vector written inline.
inline Vector vec(std::initializer_list<double> v) { return Vector::Map(std::data(v), static_cast<Index>(v.size())); }

// f(w) = ½ wᵀAw − bᵀw, minimizer A⁻¹b when A ≻ 0.
class QuadraticObjective : public Objective {
 public:
  QuadraticObjective(Eigen::MatrixXd A, Vector b) : A(std::move(A)), b(std::move(b)) {}
  Index dimension() const override { return b.size(); }
  double value(const Vector& w) override { return 0.5 * w.dot(A * w) - b.dot(w); }
  double value_and_grad(const Vector& w, Vector& grad) override {
    grad.noalias() = A * w;
    const double v = 0.5 * w.dot(grad) - b.dot(w);
    grad -= b;
    return v;
  }
  Vector hvp(const Vector&, const Vector& v) override { return A * v; }
  Vector minimizer() const { return A.ldlt().solve(b); }
  Eigen::MatrixXd A;
  Vector b;
};

// A fixed well-conditioned 3×3 quadratic (eigenvalues in [1, 4]).
inline QuadraticObjective small_quadratic() {
  Eigen::MatrixXd A(3, 3);
  A << 3, 1, 0, 1, 2, 0.5, 0, 0.5, 1.5;
  Vector b(3);
  b << 1, -2, 0.5;
  return {A, b};
}

// Least squares as a finite sum: f(w) = (1/n) Σ_i ½(x_iᵀw − y_i)².
class LeastSquares : public Objective {
 public:
  LeastSquares(Eigen::MatrixXd X, Vector y) : X(std::move(X)), y(std::move(y)) {}
  Index dimension() const override { return X.cols(); }
  Index samples() const override { return X.rows(); }
  double value(const Vector& w) override { return 0.5 * (X * w - y).squaredNorm() / X.rows(); }
  double value_and_grad(const Vector& w, Vector& grad) override {
    residual.noalias() = X * w;
    residual -= y;
    grad.noalias() = X.transpose() * residual;
    grad /= static_cast<double>(X.rows());
    return 0.5 * residual.squaredNorm() / X.rows();
  }
  double batch_value_and_grad(const Vector& w, std::span<const Index> batch, Vector& grad) override {
    grad.setZero(w.size());
    double v = 0;
    for (Index i : batch) {
      const double r = X.row(i).dot(w) - y(i);
      v += 0.5 * r * r;
      grad += r * X.row(i).transpose();
    }
    grad /= static_cast<double>(batch.size());
    return v / batch.size();
  }
  Eigen::MatrixXd X;
  Vector y;
  Vector residual;
};

// Consistent least squares (y = X w⋆): SGD with a constant step converges linearly to w⋆.
inline LeastSquares interpolating_least_squares(Index n, Index d, unsigned seed, Vector* w_star = nullptr) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd X(n, d);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < d; ++j) X(i, j) = normal(rng);
  Vector w(d);
  for (Index j = 0; j < d; ++j) w(j) = normal(rng);
  if (w_star) *w_star = w;
  return {X, X * w};
}

// f(w) = −½‖w‖²: unbounded below; GD diverges to infinity.
class Concave : public Objective {
 public:
  Index dimension() const override { return 2; }
  double value(const Vector& w) override { return -0.5 * w.squaredNorm() * std::exp(w.squaredNorm()); }
  double value_and_grad(const Vector& w, Vector& grad) override {
    const double e = std::exp(w.squaredNorm());
    grad = -(e + w.squaredNorm() * e) * w;
    return -0.5 * w.squaredNorm() * e;
  }
};

}  // namespace fdl::optim::testing
