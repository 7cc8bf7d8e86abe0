// Checks of an fdl::Objective through its interface only: gradients against central finite
// differences of value(), HVPs against finite differences of gradients, minibatch gradients
// against the full one.
#pragma once

#include "fdl/problems/objective.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace fdl::problems::testing {

inline Vector random_point(Index n, std::uint64_t seed, double scale = 1.0) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, scale);
  Vector x(n);
  for (double& v : x) v = normal(rng);
  return x;
}

// max_i |g_i − (f(w + h e_i) − f(w − h e_i)) / 2h| ≤ tol · max(1, ‖g‖_∞).
inline void expect_gradient_matches_differences(Objective& f, const Vector& w, double tol = 1e-6, double h = 1e-6) {
  Vector g;
  const double value = f.value_and_grad(w, g);
  ASSERT_EQ(g.size(), f.dimension());
  EXPECT_NEAR(value, f.value(w), 1e-12 * std::max(1.0, std::abs(value)));
  double worst = 0;
  for (Index i = 0; i < w.size(); ++i) {
    Vector p = w, m = w;
    p(i) += h, m(i) -= h;
    worst = std::max(worst, std::abs(g(i) - (f.value(p) - f.value(m)) / (2 * h)));
  }
  EXPECT_LE(worst, tol * std::max(1.0, g.lpNorm<Eigen::Infinity>()));
}

inline void expect_hvp_matches_differences(Objective& f, const Vector& w, const Vector& v, double tol = 1e-5, double h = 1e-5) {
  Vector gp, gm;
  f.value_and_grad(w + h * v, gp);
  f.value_and_grad(w - h * v, gm);
  Vector fd = (gp - gm) / (2 * h), hv = f.hvp(w, v);
  EXPECT_LE((hv - fd).lpNorm<Eigen::Infinity>(), tol * std::max(1.0, fd.lpNorm<Eigen::Infinity>()));
}

// (1/|B|) Σ_{i∈B} f_i over B = all samples equals f; over B = {i, j} it is the mean of {i} and {j}.
inline void expect_batches_consistent(Objective& f, const Vector& w) {
  const Index n = f.samples();
  ASSERT_GT(n, 1);
  std::vector<Index> all(n);
  for (Index i = 0; i < n; ++i) all[i] = i;
  Vector g_full, g_all, g_i, g_j, g_ij;
  const double f_full = f.value_and_grad(w, g_full);
  EXPECT_NEAR(f.batch_value_and_grad(w, all, g_all), f_full, 1e-12 * std::max(1.0, std::abs(f_full)));
  EXPECT_LE((g_all - g_full).norm(), 1e-12 * std::max(1.0, g_full.norm()));
  const Index i = 0, j = n - 1;
  const double fi = f.batch_value_and_grad(w, std::vector<Index>{i}, g_i);
  const double fj = f.batch_value_and_grad(w, std::vector<Index>{j}, g_j);
  const double fij = f.batch_value_and_grad(w, std::vector<Index>{i, j}, g_ij);
  EXPECT_NEAR(fij, (fi + fj) / 2, 1e-12 * std::max(1.0, std::abs(fij)));
  EXPECT_LE((g_ij - (g_i + g_j) / 2).norm(), 1e-12 * std::max(1.0, g_ij.norm()));
  // The full objective is unchanged after minibatches.
  Vector g_after;
  EXPECT_EQ(f.value_and_grad(w, g_after), f_full);
  EXPECT_EQ(g_after, g_full);
}

}  // namespace fdl::problems::testing
