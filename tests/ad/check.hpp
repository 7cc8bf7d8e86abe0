// Test helpers: central finite differences of a traced loss with respect to its variables.
#pragma once

#include "fdl/fdl.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <tuple>

namespace fdl::test {

using ad::Matrix;

// (f(x + h e_i) − f(x − h e_i)) / 2h for every entry of every variable.
inline std::vector<Matrix> numerical_gradient(ad::Graph& g, ad::Var loss, double h = 1e-6) {
  std::vector<Matrix> out;
  for (int id : g.variables()) {
    Matrix& x = g.value(id);
    Matrix grad(x.rows(), x.cols());
    for (ad::Index i = 0; i < x.size(); ++i) {
      double saved = x(i);
      x(i) = saved + h;
      g.forward();
      double up = loss.scalar();
      x(i) = saved - h;
      g.forward();
      double down = loss.scalar();
      x(i) = saved;
      grad(i) = (up - down) / (2 * h);
    }
    out.push_back(grad);
  }
  g.forward();
  return out;
}

// (∇f(x + h v) − ∇f(x − h v)) / 2h
inline std::vector<Matrix> numerical_hvp(ad::Graph& g, ad::Var loss, const std::vector<Matrix>& v, double h = 1e-5) {
  auto shift = [&](double s) {
    for (std::size_t k = 0; k < v.size(); ++k) g.value(g.variables()[k]) += s * v[k];
  };
  shift(h);
  ad::value_and_grad(g, loss);
  auto up = ad::gradients(g);
  shift(-2 * h);
  ad::value_and_grad(g, loss);
  auto down = ad::gradients(g);
  shift(h);
  std::vector<Matrix> out;
  for (std::size_t k = 0; k < v.size(); ++k) out.push_back((up[k] - down[k]) / (2 * h));
  return out;
}

// max |a − b| / (1 + max |b|) over all parts.
inline double relative_error(const std::vector<Matrix>& a, const std::vector<Matrix>& b) {
  double err = 0, scale = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k].size() == 0) continue;
    err = std::max(err, (a[k] - b[k]).cwiseAbs().maxCoeff());
    scale = std::max(scale, b[k].cwiseAbs().maxCoeff());
  }
  return err / (1 + scale);
}

// Uniform entries in [lo, hi] whose distance from every kink is at least `gap`.
inline Matrix uniform_away_from(std::mt19937_64& rng, ad::Index rows, ad::Index cols, double lo, double hi,
                                std::initializer_list<double> kinks = {}, double gap = 0.05) {
  std::uniform_real_distribution<double> u(lo, hi);
  Matrix m(rows, cols);
  for (double& x : m.reshaped()) {
    bool ok = false;
    while (!ok) {
      x = u(rng);
      ok = true;
      for (double k : kinks) ok = ok && std::abs(x - k) >= gap;
    }
  }
  return m;
}

inline Matrix gaussian(std::mt19937_64& rng, ad::Index rows, ad::Index cols) {
  std::normal_distribution<double> n;
  Matrix m(rows, cols);
  for (double& x : m.reshaped()) x = n(rng);
  return m;
}

// Random ±1 labels: signs of a standard normal column.
inline Matrix signs(std::mt19937_64& rng, ad::Index n) { return gaussian(rng, n, 1).array().sign().matrix(); }

// The flat index of every variable entry (variables in order, each column-major, as ad::flatten).
template <class F>
void for_each_variable_entry(ad::Graph& g, F&& f) {
  ad::Index flat = 0;
  for (int id : g.variables())
    for (ad::Index i = 0; i < g.value(id).size(); ++i) f(g.value(id)(i), flat++);
}

// Dense Hessian by central differences of reverse-mode gradients: column j is
// (∇f(x + h e_j) − ∇f(x − h e_j)) / 2h.
inline Matrix numerical_hessian(ad::Graph& g, ad::Var loss, double h = 1e-5) {
  const ad::Index n = ad::variable_count(g);
  Matrix H(n, n);
  for_each_variable_entry(g, [&](double& x, ad::Index j) {
    const double saved = x;
    x = saved + h;
    ad::value_and_grad(g, loss);
    Eigen::VectorXd up = ad::flatten(ad::gradients(g));
    x = saved - h;
    ad::value_and_grad(g, loss);
    Eigen::VectorXd down = ad::flatten(ad::gradients(g));
    x = saved;
    H.col(j) = (up - down) / (2 * h);
  });
  g.forward();
  return H;
}

// Dense Hessian assembled from one Hessian-vector product per basis vector e_j.
inline Matrix hessian_from_hvp(ad::Graph& g, ad::Var loss) {
  const ad::Index n = ad::variable_count(g);
  std::vector<Matrix> e;
  for (int id : g.variables()) e.push_back(Matrix::Zero(g.value(id).rows(), g.value(id).cols()));
  Matrix H(n, n);
  ad::Index j = 0;
  for (Matrix& part : e)
    for (ad::Index i = 0; i < part.size(); ++i, ++j) {
      part(i) = 1.0;
      H.col(j) = ad::flatten(ad::hvp(g, loss, e));
      part(i) = 0.0;
    }
  return H;
}

// Jacobian of `out` (entries column-major) with respect to every variable entry, by central
// differences of forward passes.
inline Matrix numerical_jacobian(ad::Graph& g, ad::Var out, double h = 1e-6) {
  Matrix J(out.rows() * out.cols(), ad::variable_count(g));
  for_each_variable_entry(g, [&](double& x, ad::Index j) {
    const double saved = x;
    x = saved + h;
    g.forward();
    Eigen::VectorXd up = out.value().reshaped();
    x = saved - h;
    g.forward();
    Eigen::VectorXd down = out.value().reshaped();
    x = saved;
    J.col(j) = (up - down) / (2 * h);
  });
  g.forward();
  return J;
}

// max |a − b| / (1 + max |b|) for two matrices.
inline double relative_error(const Matrix& a, const Matrix& b) {
  return (a - b).cwiseAbs().maxCoeff() / (1 + b.cwiseAbs().maxCoeff());
}

}  // namespace fdl::test
