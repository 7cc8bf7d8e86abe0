#include "fdl/analysis/max_margin.hpp"
#include "fdl/analysis/min_norm_point.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <random>

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using fdl::analysis::max_margin;
using fdl::analysis::MarginNorm;

MatrixXd gaussian(int rows, int cols, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  MatrixXd m(rows, cols);
  for (auto& v : m.reshaped()) v = normal(rng);
  return m;
}

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
