#include "fdl/optim/adaptive.hpp"

#include <cmath>

namespace fdl::optim {

AdaGrad::AdaGrad(Schedule eta, double epsilon) : eta_(eta), epsilon_(epsilon) {
  require(epsilon >= 0, "AdaGrad", "ε ≥ 0");
}

void AdaGrad::update(const Vector& g, double value, Vector& w, Index t) {
  check_dimension("AdaGrad", "gradient", g, sum_squares_.size());
  sum_squares_.array() += g.array().square();
  w.array() -= eta_.at(t, value) * g.array() / (sum_squares_.array().sqrt() + epsilon_);
}

Adam::Adam(Schedule eta, double beta1, double beta2, double epsilon)
    : eta_(eta), beta1_(beta1), beta2_(beta2), epsilon_(epsilon) {
  require(beta1 >= 0 && beta1 < 1, "Adam", "β₁ in [0, 1)");
  require(beta2 >= 0 && beta2 < 1, "Adam", "β₂ in [0, 1)");
  require(epsilon >= 0, "Adam", "ε ≥ 0");
}

void Adam::init(const Vector& w) {
  m_ = Vector::Zero(w.size());
  v_ = Vector::Zero(w.size());
}

void Adam::update(const Vector& g, double value, Vector& w, Index t) {
  check_dimension("Adam", "gradient", g, m_.size());
  m_ = beta1_ * m_ + (1 - beta1_) * g;
  v_.array() = beta2_ * v_.array() + (1 - beta2_) * g.array().square();
  const double steps = static_cast<double>(t + 1);
  const double m_correction = 1 - std::pow(beta1_, steps), v_correction = 1 - std::pow(beta2_, steps);
  w.array() -= eta_.at(t, value) * (m_.array() / m_correction) / ((v_.array() / v_correction).sqrt() + epsilon_);
}

}  // namespace fdl::optim
