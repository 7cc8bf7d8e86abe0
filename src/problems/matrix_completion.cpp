#include "fdl/problems/matrix_completion.hpp"

#include <string>

namespace fdl::problems {

MatrixCompletion::MatrixCompletion(Matrix M, Matrix mask, Index r, RowNormRegularizer reg, ad::Mode mode)
    : M_(std::move(M)), mask_(std::move(mask)), r_(r) {
  const std::string where = "MatrixCompletion: ";
  const Index d = M_.rows();
  if (d == 0 || M_.cols() != d) throw std::invalid_argument(where + "M must be square, got " + ad::shape_string(M_.rows(), M_.cols()));
  if (mask_.rows() != d || mask_.cols() != d)
    throw std::invalid_argument(where + "mask is " + ad::shape_string(mask_.rows(), mask_.cols()) + ", expected " + ad::shape_string(d, d));
  if (!((mask_.array() == 0.0) || (mask_.array() == 1.0)).all()) throw std::invalid_argument(where + "mask entries must be 0 or 1");
  if (r_ < 1) throw std::invalid_argument(where + "X needs r ≥ 1 columns");
  if (reg.lambda < 0 || (reg.lambda > 0 && reg.alpha <= 0))
    throw std::invalid_argument(where + "regularizer needs λ ≥ 0 and α > 0");
  trace({{d, r_}}, [&](ad::Graph& g, const std::vector<Var>& X) {
    Var residual = (ad::matmul(X[0], ad::transpose(X[0])) - g.constant(M_)) * g.constant(mask_);
    Var f = 0.5 * ad::sum(ad::square(residual));
    if (reg.lambda == 0) return f;
    // (‖x_i‖ − α)₊ = √max(‖x_i‖², α²) − α: smooth, and finite derivatives at x_i = 0.
    Var norms = ad::sqrt(ad::maximum(ad::sum(ad::square(X[0]), ad::Axis::rows), g.scalar_constant(reg.alpha * reg.alpha)));
    return f + reg.lambda * ad::sum(ad::pow(norms - reg.alpha, 4.0));
  }, Sum::single, mode);
}

MatrixCompletion MatrixCompletion::random(Index d, Index r, double p, std::uint64_t seed, RowNormRegularizer reg) {
  if (d < 1 || r < 1 || r > d) throw std::invalid_argument("MatrixCompletion::random: need d ≥ 1 and 1 ≤ r ≤ d");
  if (!(p > 0 && p <= 1)) throw std::invalid_argument("MatrixCompletion::random: p must be in (0, 1], got " + std::to_string(p));
  Rng rng(seed);
  Matrix Z = gaussian(d, r, rng);
  std::bernoulli_distribution observed(p);
  Matrix mask = Matrix::Zero(d, d);
  for (Index j = 0; j < d; ++j)
    for (Index i = 0; i <= j; ++i) mask(i, j) = mask(j, i) = observed(rng) ? 1.0 : 0.0;
  MatrixCompletion problem(Z * Z.transpose(), mask, r, reg);
  problem.Z_ = Z;
  return problem;
}

double MatrixCompletion::relative_error(const Vector& x) const {
  check_dimension("relative_error", x);
  Matrix X = x.reshaped(M_.rows(), r_);
  return (X * X.transpose() - M_).norm() / M_.norm();
}

}  // namespace fdl::problems
