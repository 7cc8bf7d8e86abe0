#include "fdl/optim/schedule.hpp"

#include "fdl/optim/optimizer.hpp"

#include <cmath>
#include <numbers>
#include <sstream>

namespace fdl::optim {

Schedule Schedule::constant(double eta) {
  require(eta > 0 && std::isfinite(eta), "Schedule::constant", "a step size η > 0");
  return {Kind::constant, eta};
}

Schedule Schedule::inverse_power(double eta0, double gamma) {
  require(eta0 > 0 && std::isfinite(eta0), "Schedule::inverse_power", "η₀ > 0");
  require(gamma >= 0, "Schedule::inverse_power", "an exponent γ ≥ 0");
  return {Kind::inverse_power, eta0, gamma};
}

Schedule Schedule::step_decay(double eta0, double factor, Index every) {
  require(eta0 > 0 && std::isfinite(eta0), "Schedule::step_decay", "η₀ > 0");
  require(factor > 0 && factor <= 1, "Schedule::step_decay", "a decay factor in (0, 1]");
  require(every > 0, "Schedule::step_decay", "a decay period ≥ 1");
  return {Kind::step_decay, eta0, factor, every};
}

Schedule Schedule::cosine(double eta0, Index horizon, double eta_min) {
  require(eta0 > 0 && std::isfinite(eta0), "Schedule::cosine", "η₀ > 0");
  require(horizon > 0, "Schedule::cosine", "a horizon T ≥ 1");
  require(eta_min >= 0 && eta_min <= eta0, "Schedule::cosine", "0 ≤ η_min ≤ η₀");
  return {Kind::cosine, eta0, eta_min, horizon};
}

Schedule Schedule::normalized(double c) {
  require(c > 0 && std::isfinite(c), "Schedule::normalized", "c > 0");
  return {Kind::normalized, c};
}

Schedule Schedule::normalized_sqrt(double c) {
  require(c > 0 && std::isfinite(c), "Schedule::normalized_sqrt", "c > 0");
  return {Kind::normalized_sqrt, c};
}

double Schedule::operator()(Index t, double log_loss) const {
  const double s = static_cast<double>(t);
  switch (kind_) {
    case Kind::constant: return eta0_;
    case Kind::inverse_power: return eta0_ * std::pow(s + 1, -a_);
    case Kind::step_decay: return eta0_ * std::pow(a_, static_cast<double>(t / k_));
    case Kind::cosine: {
      const double progress = std::min(s, static_cast<double>(k_)) / static_cast<double>(k_);
      return a_ + 0.5 * (eta0_ - a_) * (1 + std::cos(std::numbers::pi * progress));
    }
    case Kind::normalized: return std::exp(std::log(eta0_) - log_loss);
    case Kind::normalized_sqrt: return std::exp(std::log(eta0_) - log_loss - 0.5 * std::log1p(s));
  }
  return kUnknown;
}

std::string Schedule::describe() const {
  std::ostringstream out;
  switch (kind_) {
    case Kind::constant: out << "constant(" << eta0_ << ")"; break;
    case Kind::inverse_power: out << "inverse_power(" << eta0_ << ", " << a_ << ")"; break;
    case Kind::step_decay: out << "step_decay(" << eta0_ << ", " << a_ << ", " << k_ << ")"; break;
    case Kind::cosine: out << "cosine(" << eta0_ << ", " << k_ << ", " << a_ << ")"; break;
    case Kind::normalized: out << "normalized(" << eta0_ << ")"; break;
    case Kind::normalized_sqrt: out << "normalized_sqrt(" << eta0_ << ")"; break;
  }
  return out.str();
}

}  // namespace fdl::optim
