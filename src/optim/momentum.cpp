#include "fdl/optim/momentum.hpp"

namespace fdl::optim {

Momentum::Momentum(Schedule eta, double mu, bool nesterov) : eta_(eta), mu_(mu), nesterov_(nesterov) {
  require(mu >= 0 && mu < 1, nesterov ? "Nesterov" : "HeavyBall", "a momentum μ in [0, 1)");
}

void Momentum::update(const Vector& g, double value, Vector& w, Index t) {
  check_dimension("Momentum", "gradient", g, v_.size());
  const double eta = eta_.at(t, value);
  v_ = mu_ * v_ + g;
  if (nesterov_)
    w.noalias() -= eta * (g + mu_ * v_);
  else
    w.noalias() -= eta * v_;
}

}  // namespace fdl::optim
