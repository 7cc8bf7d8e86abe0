#include "fdl/optim/steepest_descent.hpp"

namespace fdl::optim {

SteepestDescent::SteepestDescent(std::shared_ptr<const Norm> norm, Schedule eta) : norm_(std::move(norm)), eta_(eta) {
  require(norm_ != nullptr, "SteepestDescent", "a norm");
}

void SteepestDescent::update(const Vector& g, double value, Vector& w, Index t) {
  check_dimension("SteepestDescent", "gradient", g, w.size());
  norm_->steepest_direction(g, direction_);
  const double dual_norm = g.dot(direction_);  // ⟨g, u*⟩ = ‖g‖_* since u* attains the max
  w.noalias() -= (eta_.at(t, value) * dual_norm) * direction_;
}

}  // namespace fdl::optim
