#include "fdl/optim/momentum.hpp"

#include "fdl/optim/gradient_descent.hpp"

namespace fdl::optim {

Momentum::Momentum(std::shared_ptr<GradientOptimizer> inner, double mu, bool nesterov)
    : inner_(std::move(inner)), mu_(mu), nesterov_(nesterov) {
  require(inner_ != nullptr, "Momentum", "an inner gradient method");
  require(mu >= 0 && mu < 1, nesterov ? "Nesterov" : "HeavyBall", "a momentum μ in [0, 1)");
}

std::string Momentum::name() const {
  const std::string kind = nesterov_ ? "nesterov" : "heavy_ball";
  return inner_->name() == "gd" ? kind : inner_->name() + "+" + kind;
}

void Momentum::init(const Vector& w) {
  v_ = Vector::Zero(w.size());
  d_.resize(w.size());
  inner_->init(w);
}

void Momentum::update(const Vector& g, double value, Vector& w, Index t) {
  check_dimension("Momentum", "gradient", g, v_.size());
  v_ = mu_ * v_ + g;
  if (nesterov_)
    d_ = g + mu_ * v_;
  else
    d_ = v_;
  inner_->update(d_, value, w, t);
}

Momentum HeavyBall(Schedule eta, double mu) { return Momentum(std::make_shared<GradientDescent>(eta), mu, false); }
Momentum Nesterov(Schedule eta, double mu) { return Momentum(std::make_shared<GradientDescent>(eta), mu, true); }

}  // namespace fdl::optim
