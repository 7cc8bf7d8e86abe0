// Test helpers for Clarke mode: gradients as flat vectors, an independent sampling oracle for the
// Bouligand subdifferential, and distance to a convex hull.
//
//   ∂_B f(x) = { lim ∇f(x_k) : x_k → x, f differentiable at x_k }      ∂_C f(x) = conv ∂_B f(x)
//
// The oracle samples ordinary (conventional-mode) gradients at x + r·u, r ∈ {1e-7, 1e-5}, u a random
// unit vector: such points are differentiable almost surely, so the gradients there are exact and
// approximate ∂_B f(x) to O(r). Convex-hull membership is decided by Wolfe's (1976) min-norm-point
// algorithm, which also certifies a lower bound on the distance.
#pragma once

#include "check.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <random>
#include <vector>

namespace fdl::test {

using Vec = Eigen::VectorXd;

// A rows×cols matrix from its entries written row by row (as on paper).
inline Matrix M(ad::Index rows, ad::Index cols, std::initializer_list<double> row_major) {
  Matrix m(rows, cols);
  auto it = row_major.begin();
  for (ad::Index i = 0; i < rows; ++i)
    for (ad::Index j = 0; j < cols; ++j) m(i, j) = *it++;
  return m;
}

// One gradient, given per variable (in the order the variables were made), as a flat vector
// (each variable column-major, as ad::flatten).
inline Vec cat(std::initializer_list<Matrix> parts) { return ad::flatten(std::vector<Matrix>(parts)); }

// The variables' values as one flat vector, and back.
inline Vec point_of(ad::Graph& g) {
  std::vector<Matrix> parts;
  for (int id : g.variables()) parts.push_back(g.value(id));
  return ad::flatten(parts);
}
inline void set_point(ad::Graph& g, const Vec& x) {
  ad::Index c = 0;
  for (int id : g.variables()) {
    Matrix& v = g.value(id);
    v.reshaped() = x.segment(c, v.size());
    c += v.size();
  }
}

inline double value_at(ad::Graph& g, ad::Var loss, const Vec& x) {
  set_point(g, x);
  g.forward();
  return loss.scalar();
}

inline Vec conventional_gradient(ad::Graph& g, ad::Var loss) {
  g.set_mode(ad::Mode::conventional);
  ad::value_and_grad(g, loss);
  return ad::flatten(ad::gradients(g));
}

struct ClarkeAnswer {
  Vec grad;
  ad::ClarkeReport report;
};
inline ClarkeAnswer clarke_gradient(ad::Graph& g, ad::Var loss, std::uint64_t seed,
                                    const std::vector<Matrix>* prescribed = nullptr) {
  g.set_mode(ad::Mode::clarke);
  g.set_direction_seed(seed);
  ad::ClarkeReport r = ad::clarke_value_and_grad(g, loss, prescribed);
  Vec grad = ad::flatten(ad::gradients(g));
  g.set_mode(ad::Mode::conventional);
  return {grad, r};
}

// A flat vector split into one matrix per variable, shaped like it.
inline std::vector<Matrix> per_variable(ad::Graph& g, const Vec& d) {
  std::vector<Matrix> out;
  ad::Index c = 0;
  for (int id : g.variables()) {
    const Matrix& v = g.value(id);
    Matrix m(v.rows(), v.cols());
    m.reshaped() = d.segment(c, v.size());
    c += v.size();
    out.push_back(m);
  }
  return out;
}

inline Vec random_unit(std::mt19937_64& rng, ad::Index n) {
  std::normal_distribution<double> normal;
  Vec u(n);
  for (double& t : u) t = normal(rng);
  return u / u.norm();
}

// Gradients at x + r·u for `count` random unit u per radius (the graph is left at x).
struct Sample {
  double radius;
  Vec grad;
};
inline std::vector<Sample> sample_gradients(ad::Graph& g, ad::Var loss, std::mt19937_64& rng, int count = 300,
                                            std::initializer_list<double> radii = {1e-7, 1e-5}) {
  const Vec x = point_of(g);
  std::vector<Sample> out;
  for (double r : radii)
    for (int k = 0; k < count; ++k) {
      set_point(g, x + r * random_unit(rng, x.size()));
      out.push_back({r, conventional_gradient(g, loss)});
    }
  set_point(g, x);
  g.forward();
  return out;
}

// How far a sampled gradient at radius r may sit from its limit in ∂_B f(x).
inline double sample_tolerance(double radius) { return 100.0 * radius; }

// Distinct sampled gradients (clusters closer than 1e-4 merged; representatives from the smallest
// radius first, so that they are the most accurate).
inline std::vector<Vec> clusters(std::vector<Sample> samples) {
  std::stable_sort(samples.begin(), samples.end(), [](const Sample& a, const Sample& b) { return a.radius < b.radius; });
  std::vector<Vec> reps;
  for (const Sample& s : samples) {
    bool seen = false;
    for (const Vec& r : reps) seen = seen || (r - s.grad).lpNorm<Eigen::Infinity>() <= 1e-4 * (1 + r.lpNorm<Eigen::Infinity>());
    if (!seen) reps.push_back(s.grad);
  }
  return reps;
}

inline double distance_to_set(const std::vector<Vec>& set, const Vec& g) {
  double d = INFINITY;
  for (const Vec& s : set) d = std::min(d, (s - g).lpNorm<Eigen::Infinity>());
  return d;
}

// Euclidean distance from g to conv(points), bracketed: upper from a point of the hull, lower from
// the optimality certificate min_j ⟨x, p_j − g⟩ / ‖x‖ (valid for any x in the hull of p_j − g).
struct HullDistance {
  double upper, lower;
};
inline HullDistance distance_to_hull(const std::vector<Vec>& points, const Vec& g) {
  const int m = static_cast<int>(points.size());
  Eigen::MatrixXd Q(g.size(), m);
  for (int i = 0; i < m; ++i) Q.col(i) = points[i] - g;
  double scale = 1e-300;
  int first = 0;
  for (int i = 0; i < m; ++i) {
    scale = std::max(scale, Q.col(i).squaredNorm());
    if (Q.col(i).squaredNorm() < Q.col(first).squaredNorm()) first = i;
  }
  std::vector<int> S{first};
  Vec lambda = Vec::Ones(1);
  Vec x = Q.col(first);
  for (int major = 0; major < 200 && x.squaredNorm() > 1e-30 * scale; ++major) {
    Vec dots = Q.transpose() * x;
    int j = 0;
    const double least = dots.minCoeff(&j);
    if (x.squaredNorm() - least <= 1e-14 * scale || std::find(S.begin(), S.end(), j) != S.end()) break;
    S.push_back(j);
    lambda.conservativeResize(static_cast<Eigen::Index>(S.size()));
    lambda(lambda.size() - 1) = 0.0;
    for (int minor = 0; minor < 200; ++minor) {
      // Affine minimizer over S: min ‖Q_S μ‖ subject to Σμ = 1.
      const int k = static_cast<int>(S.size());
      Eigen::MatrixXd QS(g.size(), k);
      for (int i = 0; i < k; ++i) QS.col(i) = Q.col(S[i]);
      Eigen::MatrixXd K = Eigen::MatrixXd::Zero(k + 1, k + 1);
      K.topLeftCorner(k, k) = QS.transpose() * QS;
      K.block(0, k, k, 1).setOnes();
      K.block(k, 0, 1, k).setOnes();
      Vec rhs = Vec::Zero(k + 1);
      rhs(k) = 1.0;
      Vec mu = K.completeOrthogonalDecomposition().solve(rhs).head(k);
      if (mu.minCoeff() > 1e-14) {
        lambda = mu;
        break;
      }
      // Move from λ towards μ until a weight reaches 0; drop the points with weight 0.
      double theta = 1.0;
      for (int i = 0; i < k; ++i)
        if (mu(i) <= 1e-14) theta = std::min(theta, lambda(i) / (lambda(i) - mu(i)));
      lambda += theta * (mu - lambda);
      std::vector<int> kept;
      std::vector<double> weights;
      for (int i = 0; i < k; ++i)
        if (lambda(i) > 1e-14) kept.push_back(S[i]), weights.push_back(lambda(i));
      S = kept;
      lambda = Eigen::Map<Vec>(weights.data(), static_cast<Eigen::Index>(weights.size()));
      lambda /= lambda.sum();
    }
    Eigen::MatrixXd QS(g.size(), S.size());
    for (std::size_t i = 0; i < S.size(); ++i) QS.col(static_cast<Eigen::Index>(i)) = Q.col(S[i]);
    x = QS * lambda;
  }
  const double upper = x.norm();
  const double lower = upper == 0.0 ? 0.0 : std::max(0.0, (Q.transpose() * x).minCoeff() / upper);
  return {upper, lower};
}

}  // namespace fdl::test
