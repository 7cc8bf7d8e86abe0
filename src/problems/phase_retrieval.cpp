#include "fdl/problems/phase_retrieval.hpp"

#include <algorithm>
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

PhaseRetrieval PhaseRetrieval::random(Index d, Index m, std::uint64_t seed, ad::Mode mode) {
  if (d < 1 || m < 1) throw std::invalid_argument("PhaseRetrieval::random: need d, m ≥ 1");
  Rng rng(seed);
  Vector x = sphere_rows(1, d, rng).transpose();
  Matrix A = gaussian(m, d, rng);
  PhaseRetrieval p(A, (A * x).array().square(), mode);
  p.x_star_ = x;
  return p;
}

double PhaseRetrieval::relative_distance(const Vector& x) const {
  check_dimension("relative_distance", x);
  if (x_star_.size() == 0) throw std::logic_error("PhaseRetrieval::relative_distance: no planted x* (user data)");
  return std::min((x - x_star_).norm(), (x + x_star_).norm()) / x_star_.norm();
}

}  // namespace fdl::problems
