#include "fdl/optim/sgd.hpp"

namespace fdl::optim {

SGD::SGD(Schedule eta, Minibatch batch, std::shared_ptr<const Prox> prox)
    : eta_(eta), batch_(batch), prox_(std::move(prox)) {
  require(batch.size >= 1, "SGD", "a batch size ≥ 1");
}

void SGD::init(const Vector& w) {
  grad_.resize(w.size());
  sampler_samples_ = -1;
  last_batch_ = {};
}

StepInfo SGD::step(Objective& f, Vector& w, Index t) {
  grad_.resize(w.size());
  const Index n = f.samples();
  double value;
  if (n > 0) {
    if (sampler_samples_ != n) sampler_ = MinibatchSampler(batch_, n), sampler_samples_ = n;
    last_batch_ = sampler_.next();
    value = f.batch_value_and_grad(w, last_batch_, grad_);
  } else {
    value = f.value_and_grad(w, grad_);
  }
  const double eta = eta_.at(t, value);
  w.noalias() -= eta * grad_;
  if (prox_) prox_->apply(w, eta);
  return {};  // the driver evaluates the full objective where it needs it
}

}  // namespace fdl::optim
