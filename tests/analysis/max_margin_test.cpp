#include "fdl/analysis/fourier.hpp"
#include "fdl/analysis/max_margin.hpp"
#include "fdl/analysis/min_norm_point.hpp"

#include "../gaussian.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numbers>

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using fdl::analysis::max_margin;
using fdl::analysis::MarginNorm;

using fdl::test::gaussian;

// Separable data: labels of a random homogeneous separator.
void separable(int n, int d, std::uint64_t seed, MatrixXd& X, VectorXd& y) {
  X = gaussian(n, d, seed);
  const VectorXd teacher = gaussian(d, 1, seed + 1000);
  y = (X * teacher).array().sign();
}

MatrixXd spd(int d, std::uint64_t seed) {
  const MatrixXd B = gaussian(d, d, seed);
  return B * B.transpose() + 0.5 * MatrixXd::Identity(d, d);
}

TEST(MaxMargin, SymmetricTwoPointsHaveTheDualNormMargin) {
  // x₁ = a (y = +1), x₂ = −a (y = −1): γ* = ‖a‖_*, attained by the dual-norm direction of a.
  VectorXd a(3);
  a << 0.5, -2.0, 1.0;
  MatrixXd X(2, 3);
  X << a.transpose(), -a.transpose();
  const VectorXd y = (VectorXd(2) << 1, -1).finished();
  const MatrixXd P = spd(3, 7);
  struct Expected {
    MarginNorm norm;
    double margin;
    VectorXd w;
  };
  const VectorXd p_inverse_a = P.ldlt().solve(a);
  const std::vector<Expected> cases = {
      {MarginNorm::l2(), a.norm(), a / a.norm()},
      {MarginNorm::l1(), 2.0, (VectorXd(3) << 0, -1, 0).finished()},
      {MarginNorm::linf(), 3.5, (VectorXd(3) << 1, -1, 1).finished()},
      {MarginNorm::quadratic(P), std::sqrt(a.dot(p_inverse_a)), p_inverse_a / std::sqrt(a.dot(p_inverse_a))},
  };
  for (const auto& c : cases) {
    const auto r = max_margin(X, y, c.norm);
    EXPECT_NEAR(r.margin, c.margin, 1e-9 * c.margin);
    EXPECT_LT((r.w - c.w).norm(), 1e-7);
    EXPECT_NEAR(c.norm.of(r.w), 1.0, 1e-12);
    // Shifted by c with a bias: the same separator, bias −⟨w, c⟩.
    const VectorXd shift = (VectorXd(3) << 3, 1, -2).finished();
    const MatrixXd shifted = X.rowwise() + shift.transpose();
    const auto b = max_margin(shifted, y, c.norm, true);
    EXPECT_NEAR(b.margin, c.margin, 1e-7 * c.margin);
    EXPECT_NEAR(b.bias, -c.w.dot(shift), 1e-6);
  }
}

// The second method for the LPs: the optimum of max γ over {(w, γ): G (w, γ) ≤ h} is a vertex;
// enumerate every (d+1)-subset of constraints, solve it as equalities, keep the best feasible.
double best_vertex(const MatrixXd& G, const VectorXd& h) {
  const int k = static_cast<int>(G.cols()), m = static_cast<int>(G.rows());
  double best = -1e300;
  std::vector<int> pick(k);
  std::function<void(int, int)> choose = [&](int next, int depth) {
    if (depth == k) {
      MatrixXd A(k, k);
      VectorXd b(k);
      for (int r = 0; r < k; ++r) A.row(r) = G.row(pick[r]), b(r) = h(pick[r]);
      Eigen::FullPivLU<MatrixXd> lu(A);
      if (lu.rank() < k) return;
      const VectorXd z = lu.solve(b);
      if (((G * z - h).array() <= 1e-10).all()) best = std::max(best, z(k - 1));
      return;
    }
    for (int i = next; i < m; ++i) pick[depth] = i, choose(i + 1, depth + 1);
  };
  choose(0, 0);
  return best;
}

TEST(MaxMargin, LinearProgramsAgreeWithVertexEnumeration) {
  const int n = 7, d = 3;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    MatrixXd X;
    VectorXd y;
    separable(n, d, seed, X, y);
    // Rows: −y_i⟨x_i, w⟩ + γ ≤ 0, then the unit ball of the norm.
    auto margin_rows = [&](int ball_rows) {
      MatrixXd G = MatrixXd::Zero(n + ball_rows, d + 1);
      G.topLeftCorner(n, d) = -(y.asDiagonal() * X);
      G.block(0, d, n, 1).setOnes();
      return G;
    };
    MatrixXd G_inf = margin_rows(2 * d);  // ±w_j ≤ 1
    G_inf.block(n, 0, d, d).setIdentity();
    G_inf.block(n + d, 0, d, d) = -MatrixXd::Identity(d, d);
    VectorXd h_inf = VectorXd::Zero(n + 2 * d);
    h_inf.tail(2 * d).setOnes();
    MatrixXd G_1 = margin_rows(1 << d);  // ⟨s, w⟩ ≤ 1 for every sign vector s
    for (int s = 0; s < (1 << d); ++s)
      for (int j = 0; j < d; ++j) G_1(n + s, j) = (s >> j & 1) ? 1.0 : -1.0;
    VectorXd h_1 = VectorXd::Zero(n + (1 << d));
    h_1.tail(1 << d).setOnes();

    const double linf = best_vertex(G_inf, h_inf), l1 = best_vertex(G_1, h_1);
    EXPECT_NEAR(max_margin(X, y, MarginNorm::linf()).margin, linf, 1e-9 * linf);
    EXPECT_NEAR(max_margin(X, y, MarginNorm::l1()).margin, l1, 1e-9 * l1);
  }
}

TEST(MaxMargin, QuadraticProgramsAgreeWithWolfesMinNormPoint) {
  // γ* = max_{‖w‖≤1} min_i y_i⟨x_i, w⟩ = min_{α ∈ simplex} ‖Σ α_i y_i x_i‖_* (dual norm), with
  // w* ∝ the dual-norm direction of the minimizer: for ‖·‖_P, ‖z‖_* = ‖P^{-1/2} z‖₂.
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    MatrixXd X;
    VectorXd y;
    separable(12, 5, 40 + seed, X, y);
    const MatrixXd points = (y.asDiagonal() * X).transpose();
    const auto wolfe = fdl::analysis::min_norm_point(points);
    const auto r = max_margin(X, y, MarginNorm::l2());
    EXPECT_NEAR(r.margin, wolfe.norm, 1e-6 * wolfe.norm);
    EXPECT_LT((r.w - wolfe.point / wolfe.norm).norm(), 1e-6);

    const MatrixXd P = spd(5, seed);
    Eigen::SelfAdjointEigenSolver<MatrixXd> eig(P);
    const MatrixXd root_inverse = eig.operatorInverseSqrt();
    const auto wolfe_p = fdl::analysis::min_norm_point(root_inverse * points);
    const auto q = max_margin(X, y, MarginNorm::quadratic(P));
    EXPECT_NEAR(q.margin, wolfe_p.norm, 1e-6 * wolfe_p.norm);
    const VectorXd w = root_inverse * wolfe_p.point / wolfe_p.norm;
    EXPECT_LT((q.w - w).norm(), 1e-6);
  }
}

// The unitary DFT: F Fᴴ = I; a delta at j has |β̂_k| = d^{-1/2} for every k; a cosine of frequency
// f has its mass √d/2 at k = f and d − f; Parseval.
TEST(MaxMargin, UnitaryDftClosedForms) {
  using fdl::analysis::fourier_modulus;
  const Eigen::Index d = 12;
  const Eigen::MatrixXcd F = fdl::analysis::unitary_dft(d);
  EXPECT_LT((F * F.adjoint() - Eigen::MatrixXcd::Identity(d, d)).norm(), 1e-13);
  VectorXd delta = VectorXd::Zero(d);
  delta(5) = 1;
  EXPECT_LT((fourier_modulus(delta) - VectorXd::Constant(d, 1 / std::sqrt(double(d)))).norm(), 1e-14);
  VectorXd cosine(d);
  for (Eigen::Index j = 0; j < d; ++j) cosine(j) = std::cos(2 * std::numbers::pi * 3 * double(j) / double(d));
  VectorXd expected = VectorXd::Zero(d);
  expected(3) = expected(d - 3) = std::sqrt(double(d)) / 2;
  EXPECT_LT((fourier_modulus(cosine) - expected).norm(), 1e-13);
  const VectorXd b = gaussian(d, 1, 7);
  EXPECT_NEAR(fourier_modulus(b).squaredNorm(), b.squaredNorm(), 1e-12);
}

// The Fourier-ℓ1 norm ‖Fw‖₁ (unitary DFT) has dual norm ‖Fz‖_∞ (Parseval: ⟨z, w⟩ = Re⟨ẑ, ŵ⟩), so
// γ* = min_{α ∈ simplex} max_k |(F Σ_i α_i y_i x_i)_k|; the LP's polygon relaxation is within
// 1 − cos(π/1024) = 4.7e-6 of it.
TEST(MaxMargin, FourierL1AgreesWithItsDualAndWithL1InTheHadamardBasis) {
  using fdl::analysis::fourier_modulus;
  // ±a: γ* = ‖Fa‖_∞.
  const VectorXd a = gaussian(16, 1, 3);
  MatrixXd pair(2, 16);
  pair << a.transpose(), -a.transpose();
  const VectorXd labels = (VectorXd(2) << 1, -1).finished();
  const auto r = max_margin(pair, labels, MarginNorm::fourier_l1());
  const double top = fourier_modulus(a).maxCoeff();
  EXPECT_LE(r.margin, top * (1 + 1e-12));
  EXPECT_GE(r.margin, top * (1 - 5e-6));
  EXPECT_NEAR(MarginNorm::fourier_l1().of(r.w), 1.0, 1e-12);

  // Two points: the dual is a convex function of one weight, minimized by ternary search.
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const MatrixXd X = gaussian(2, 8, 60 + seed);
    const VectorXd y = (VectorXd(2) << 1, -1).finished();
    auto dual = [&](double t) { return fourier_modulus(t * X.row(0).transpose() - (1 - t) * X.row(1).transpose()).maxCoeff(); };
    double lo = 0, hi = 1;
    for (int i = 0; i < 200; ++i) {
      const double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
      (dual(m1) < dual(m2) ? hi : lo) = dual(m1) < dual(m2) ? m2 : m1;
    }
    const double gamma = dual((lo + hi) / 2);
    const auto f = max_margin(X, y, MarginNorm::fourier_l1());
    EXPECT_LE(f.margin, gamma * (1 + 1e-9));
    EXPECT_GE(f.margin, gamma * (1 - 5e-6));
  }

  // d = 2: ‖Fw‖₁ = ‖Hw‖₁ with H the orthonormal Hadamard matrix (both frequencies are real, no
  // relaxation): the ℓ1 margin of the points H x_i, exactly.
  MatrixXd X;
  VectorXd y;
  separable(6, 2, 70, X, y);
  const MatrixXd H = (MatrixXd(2, 2) << 1, 1, 1, -1).finished() / std::sqrt(2.0);
  const auto f = max_margin(X, y, MarginNorm::fourier_l1()), l1 = max_margin(X * H.transpose(), y, MarginNorm::l1());
  EXPECT_NEAR(f.margin, l1.margin, 1e-9 * l1.margin);
  EXPECT_LT((H * f.w - l1.w).norm(), 1e-7);

  // Generic data: no other direction has a larger Fourier-ℓ1 margin (weak duality both ways).
  separable(6, 16, 80, X, y);
  const auto g = max_margin(X, y, MarginNorm::fourier_l1());
  for (const auto& other : {MarginNorm::l1(), MarginNorm::l2(), MarginNorm::linf()}) {
    const VectorXd w = max_margin(X, y, other).w;
    EXPECT_LE((y.asDiagonal() * X * w).minCoeff() / fdl::analysis::fourier_l1_norm(w), g.margin * (1 + 5e-6));
  }
  for (int trial = 0; trial < 20; ++trial) {
    VectorXd alpha = gaussian(6, 1, 90 + trial).cwiseAbs();
    alpha /= alpha.sum();
    EXPECT_GE(fourier_modulus(X.transpose() * y.asDiagonal() * alpha).maxCoeff(), g.margin * (1 - 1e-12));
  }
}

TEST(MaxMargin, NonSeparableDataRaiseAClearError) {
  MatrixXd xor_points(4, 2);
  xor_points << 1, 1, -1, -1, 1, -1, -1, 1;
  const VectorXd xor_labels = (VectorXd(4) << 1, 1, -1, -1).finished();
  for (const auto& norm : {MarginNorm::l1(), MarginNorm::l2(), MarginNorm::linf()}) {
    EXPECT_THROW(max_margin(xor_points, xor_labels, norm), fdl::analysis::NotSeparable);
    EXPECT_THROW(max_margin(xor_points, xor_labels, norm, true), fdl::analysis::NotSeparable);
  }
  // On a line: 1, 2 positive and 3 negative need a bias.
  const MatrixXd line = (MatrixXd(3, 1) << 1, 2, 3).finished();
  const VectorXd labels = (VectorXd(3) << 1, 1, -1).finished();
  EXPECT_THROW(max_margin(line, labels, MarginNorm::l2()), fdl::analysis::NotSeparable);
  const auto r = max_margin(line, labels, MarginNorm::l2(), true);
  EXPECT_NEAR(r.w(0), -1.0, 1e-9);  // threshold at 2.5: margin 0.5
  EXPECT_NEAR(r.bias, 2.5, 1e-7);
  EXPECT_NEAR(r.margin, 0.5, 1e-7);
  try {
    max_margin(xor_points, xor_labels, MarginNorm::l2());
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("not linearly separable"), std::string::npos);
  }
}

TEST(MaxMargin, RejectsBadInput) {
  const MatrixXd X = gaussian(3, 2, 1);
  EXPECT_THROW(max_margin(X, VectorXd::Ones(2), MarginNorm::l2()), std::invalid_argument);
  EXPECT_THROW(max_margin(X, (VectorXd(3) << 1, 0, -1).finished(), MarginNorm::l2()), std::invalid_argument);
  EXPECT_THROW(max_margin(X, VectorXd::Ones(3), MarginNorm::l2(), true), std::invalid_argument);
  EXPECT_THROW(max_margin(X, VectorXd::Ones(3), MarginNorm::quadratic(-MatrixXd::Identity(2, 2))), std::invalid_argument);
  EXPECT_THROW(max_margin(X, VectorXd::Ones(3), MarginNorm::quadratic(MatrixXd::Identity(3, 3))), std::invalid_argument);
  EXPECT_THROW(MarginNorm::named("l3"), std::invalid_argument);
}

}  // namespace
