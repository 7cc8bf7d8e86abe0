#include "fdl/problems/phase_retrieval.hpp"

#include "fdl/ad/gemm.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace fdl::problems {

PhaseRetrieval::PhaseRetrieval(Matrix A, Vector b, ad::Mode mode) : A_(std::move(A)), b_(std::move(b)) {
  if (A_.size() == 0) throw std::invalid_argument("PhaseRetrieval: A is empty");
  if (b_.size() != A_.rows())
    throw std::invalid_argument("PhaseRetrieval: b has " + std::to_string(b_.size()) + " entries, A has " +
                                std::to_string(A_.rows()) + " rows");
  trace({{A_.cols(), 1}}, [&](ad::Graph& g, const std::vector<Var>& x) {
    return ad::abs(ad::square(ad::matmul(g.constant(A_), x[0])) - g.constant(b_));
  }, Sum::finite, mode);
}

PhaseRetrieval PhaseRetrieval::random(Index d, Index m, std::uint64_t seed, ad::Mode mode, double corrupted) {
  if (d < 1 || m < 1) throw std::invalid_argument("PhaseRetrieval::random: need d, m ≥ 1");
  if (!(corrupted >= 0 && corrupted < 0.5))
    throw std::invalid_argument("PhaseRetrieval::random: the corrupted fraction must be in [0, 0.5), got " + std::to_string(corrupted));
  Rng rng(seed);
  Vector x = sphere_rows(1, d, rng).transpose();
  Matrix A = gaussian(m, d, rng);
  Matrix Ax;  // by the product f evaluates, so that f(±x*) = 0 exactly
  ad::gemm(A, ad::Trans::no, Matrix(x), ad::Trans::no, Ax, ad::Accumulate::no);
  Vector b = Ax.col(0).array().square();
  // Outliers: the first ⌊corrupted·m⌋ of a random permutation get ⟨a_i, z⟩², z another sphere point.
  std::vector<Index> order(m);
  for (Index i = 0; i < m; ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  order.resize(static_cast<std::size_t>(std::floor(corrupted * static_cast<double>(m))));
  std::sort(order.begin(), order.end());
  Vector z = sphere_rows(1, d, rng).transpose();
  for (Index i : order) b(i) = std::pow(A.row(i).dot(z), 2);
  PhaseRetrieval p(A, b, mode);
  p.x_star_ = x;
  p.outliers_ = order;
  return p;
}

double PhaseRetrieval::relative_distance(const Vector& x) const {
  check_dimension("relative_distance", x);
  if (x_star_.size() == 0) throw std::logic_error("PhaseRetrieval::relative_distance: no planted x* (user data)");
  return std::min((x - x_star_).norm(), (x + x_star_).norm()) / x_star_.norm();
}

}  // namespace fdl::problems
