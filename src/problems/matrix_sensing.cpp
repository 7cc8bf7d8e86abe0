#include "fdl/problems/matrix_sensing.hpp"

#include <string>

namespace fdl::problems {

Matrix symmetric_gaussian(Index d, Rng& rng) {
  Matrix G = gaussian(d, d, rng);
  return (G + G.transpose()) / 2.0;
}

MatrixSensing::MatrixSensing(std::vector<Matrix> A, Vector b, Index k, ad::Mode mode) : A_(std::move(A)), b_(std::move(b)), k_(k) {
  const std::string where = "MatrixSensing: ";
  if (A_.empty()) throw std::invalid_argument(where + "no measurements");
  const Index d = A_[0].rows(), m = static_cast<Index>(A_.size());
  if (b_.size() != m)
    throw std::invalid_argument(where + "b has " + std::to_string(b_.size()) + " entries for " + std::to_string(m) + " measurements");
  if (k_ < 1) throw std::invalid_argument(where + "U needs k ≥ 1 columns, got " + std::to_string(k_));
  // Rows of the m×d² operator are vec(A_i)ᵀ: ⟨A_i, X⟩ = vec(A_i)ᵀ vec(X).
  Matrix op(m, d * d);
  for (Index i = 0; i < m; ++i) {
    if (A_[i].rows() != d || A_[i].cols() != d)
      throw std::invalid_argument(where + "A_" + std::to_string(i) + " is " + ad::shape_string(A_[i].rows(), A_[i].cols()) +
                                  ", expected " + ad::shape_string(d, d));
    op.row(i) = A_[i].reshaped().transpose();
  }
  std::vector<Index> vec(d * d);
  for (Index j = 0; j < d * d; ++j) vec[j] = j;
  trace({{d, k_}}, [&](ad::Graph& g, const std::vector<Var>& U) {
    Var X = ad::matmul(U[0], ad::transpose(U[0]));
    Var r = ad::matmul(g.constant(op), ad::gather(X, vec, d * d, 1)) - g.constant(b_);
    return 0.5 * ad::square(r);
  }, Sum::finite, mode);
}

MatrixSensing MatrixSensing::random(Index d, Index r, Index m, std::uint64_t seed, Index k) {
  if (d < 1 || r < 1 || r > d || m < 1) throw std::invalid_argument("MatrixSensing::random: need d ≥ 1, 1 ≤ r ≤ d, m ≥ 1");
  if (k == 0) k = d;
  if (k < r) throw std::invalid_argument("MatrixSensing::random: k = " + std::to_string(k) + " < rank r = " + std::to_string(r));
  Rng rng(seed);
  Matrix Z = gaussian(d, r, rng, 1.0 / std::sqrt(static_cast<double>(r)));
  Matrix X = Z * Z.transpose();
  std::vector<Matrix> A;
  Vector b(m);
  for (Index i = 0; i < m; ++i) {
    A.push_back(symmetric_gaussian(d, rng));
    b(i) = (A.back().array() * X.array()).sum();
  }
  MatrixSensing p(std::move(A), b, k);
  p.X_star_ = X;
  p.Z_ = Z;
  return p;
}

Vector MatrixSensing::measure(const Matrix& X) const {
  Vector out(static_cast<Index>(A_.size()));
  for (std::size_t i = 0; i < A_.size(); ++i) {
    if (X.rows() != A_[i].rows() || X.cols() != A_[i].cols())
      throw std::invalid_argument("MatrixSensing::measure: X is " + ad::shape_string(X.rows(), X.cols()) + ", expected " +
                                  ad::shape_string(A_[i].rows(), A_[i].cols()));
    out(static_cast<Index>(i)) = (A_[i].array() * X.array()).sum();
  }
  return out;
}

Vector MatrixSensing::known_optimum() const {
  if (Z_.size() == 0) return {};
  Matrix U = Matrix::Zero(Z_.rows(), k_);
  U.leftCols(Z_.cols()) = Z_;
  return U.reshaped();
}

DiagonalSensing::DiagonalSensing(Matrix A, Vector b, ad::Mode mode) : A_(std::move(A)), b_(std::move(b)) {
  if (A_.size() == 0) throw std::invalid_argument("DiagonalSensing: A is empty");
  if (b_.size() != A_.rows())
    throw std::invalid_argument("DiagonalSensing: b has " + std::to_string(b_.size()) + " entries, A has " +
                                std::to_string(A_.rows()) + " rows");
  trace({{A_.cols(), 1}}, [&](ad::Graph& g, const std::vector<Var>& u) {
    return 0.5 * ad::square(ad::matmul(g.constant(A_), ad::square(u[0])) - g.constant(b_));
  }, Sum::finite, mode);
}

DiagonalSensing DiagonalSensing::random(Index d, Index m, std::uint64_t seed) {
  if (d < 1 || m < 1) throw std::invalid_argument("DiagonalSensing::random: need d, m ≥ 1");
  Rng rng(seed);
  Matrix A = gaussian(m, d, rng);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Vector x(d);
  for (double& v : x) v = uniform(rng);
  DiagonalSensing p(A, A * x);
  p.x_star_ = x;
  return p;
}

}  // namespace fdl::problems
