#include "fdl/optim/proximal_point.hpp"

#include <cmath>

namespace fdl::optim {

ProximalPoint::ProximalPoint(ProximalPointParameters p) : p_(p) {
  require(p.lambda > 0 && p.inner_step > 0 && p.tolerance >= 0 && p.max_inner >= 1, "ProximalPoint",
          "λ > 0, inner_step > 0, tolerance ≥ 0 and max_inner ≥ 1");
}

void ProximalPoint::init(const Vector& w) {
  anchor_.resize(w.size());
  grad_.resize(w.size());
  last_inner_ = failures_ = 0;
  last_residual_ = 0;
}

StepInfo ProximalPoint::step(Objective& f, Vector& w, Index) {
  anchor_ = w;
  grad_.resize(w.size());
  StepInfo at;
  // Inner GD on φ(u) = f(u) + ‖u − w_t‖²/(2λ), u₀ = w_t, so its first gradient is ∇f(w_t).
  for (Index k = 0;; ++k) {
    const double value = f.value_and_grad(w, grad_);
    if (k == 0) at = {value, grad_.norm()};
    grad_ += (w - anchor_) / p_.lambda;  // ∇φ(u)
    last_residual_ = grad_.norm();
    last_inner_ = k;
    if (last_residual_ <= p_.tolerance || !std::isfinite(last_residual_)) break;
    if (k == p_.max_inner) {
      ++failures_;
      break;
    }
    w.noalias() -= p_.inner_step * grad_;
  }
  return at;
}

}  // namespace fdl::optim
