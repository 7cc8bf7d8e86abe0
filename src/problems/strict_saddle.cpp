#include "fdl/problems/strict_saddle.hpp"

#include <cmath>
#include <string>

namespace fdl::problems {

SeparableSaddle::SeparableSaddle(Index d, Index k, ad::Mode mode) : d_(d), k_(k) {
  if (d < 1 || k < 1 || k > d)
    throw std::invalid_argument("SeparableSaddle: need 1 ≤ k ≤ d, got d = " + std::to_string(d) + ", k = " + std::to_string(k));
  // Coefficients per coordinate: f = Σ_i (c_i/2) x_i² + (q_i/4) x_i⁴.
  Matrix c = Matrix::Ones(d, 1), q = Matrix::Zero(d, 1);
  c.bottomRows(k).setConstant(-1.0);
  q.bottomRows(k).setConstant(1.0);
  trace({{d, 1}}, [&](ad::Graph& g, const std::vector<Var>& x) {
    Var x2 = ad::square(x[0]);
    return ad::sum(0.5 * g.constant(c) * x2 + 0.25 * g.constant(q) * ad::square(x2));
  }, Sum::single, mode);
}

double SeparableSaddle::distance_to_minimizers(const Vector& x) const {
  check_dimension("distance_to_minimizers", x);
  Vector nearest = Vector::Zero(d_);
  for (Index i = d_ - k_; i < d_; ++i) nearest(i) = x(i) >= 0 ? 1.0 : -1.0;
  return (x - nearest).norm();
}

Vector SeparableSaddle::project_to_stable_manifold(const Vector& x) const {
  check_dimension("project_to_stable_manifold", x);
  Vector p = x;
  p.tail(k_).setZero();
  return p;
}

FactorizationSaddle::FactorizationSaddle(Vector eigenvalues, ad::Mode mode) : lambda_(std::move(eigenvalues)) {
  if (lambda_.size() == 0) throw std::invalid_argument("FactorizationSaddle: no eigenvalues");
  for (Index j = 0; j < lambda_.size(); ++j)
    if (!(lambda_(j) > 0) || (j > 0 && !(lambda_(j) < lambda_(j - 1))))
      throw std::invalid_argument("FactorizationSaddle: eigenvalues must be positive and strictly decreasing");
  const Index d = lambda_.size();
  Matrix M = lambda_.asDiagonal();
  trace({{d, 1}}, [&](ad::Graph& g, const std::vector<Var>& u) {
    return 0.25 * ad::sum(ad::square(ad::matmul(u[0], ad::transpose(u[0])) - g.constant(M)));
  }, Sum::single, mode);
}

Vector FactorizationSaddle::critical_point(Index j) const {
  if (j < 0 || j >= lambda_.size())
    throw std::out_of_range("FactorizationSaddle::critical_point: j = " + std::to_string(j) + " is not in 0.." +
                            std::to_string(lambda_.size() - 1));
  Vector u = Vector::Zero(lambda_.size());
  u(j) = std::sqrt(lambda_(j));
  return u;
}

}  // namespace fdl::problems
