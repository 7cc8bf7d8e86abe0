#include "fdl/optim/mirror_descent.hpp"

namespace fdl::optim {

MirrorDescent::MirrorDescent(std::shared_ptr<const Potential> potential, Schedule eta, double dual_momentum)
    : potential_(std::move(potential)), eta_(eta), mu_(dual_momentum) {
  require(potential_ != nullptr, "MirrorDescent", "a potential");
  require(dual_momentum >= 0 && dual_momentum < 1, "MirrorDescent", "a dual momentum μ in [0, 1)");
}

void MirrorDescent::init(const Vector& w) {
  potential_->check_domain(w, "MirrorDescent: w₀");
  theta_.resize(w.size());
  m_ = Vector::Zero(w.size());
}

void MirrorDescent::update(const Vector& g, double value, Vector& w, Index t) {
  check_dimension("MirrorDescent", "gradient", g, w.size());
  const double eta = eta_.at(t, value);
  potential_->gradient(w, theta_);
  if (mu_ > 0) {
    if (m_.size() != w.size()) m_ = Vector::Zero(w.size());
    m_ = mu_ * m_ + g;
    theta_.noalias() -= eta * m_;
  } else {
    theta_.noalias() -= eta * g;
  }
  potential_->gradient_inverse(theta_, w);
}

}  // namespace fdl::optim
