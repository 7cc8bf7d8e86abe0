// Test helpers: central finite differences of a traced loss with respect to its variables.
#pragma once

#include "fdl/fdl.hpp"

#include <gtest/gtest.h>

#include <random>

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

}  // namespace fdl::test
