#include "fdl/optim/perturbed_gd.hpp"

#include <algorithm>
#include <cmath>

namespace fdl::optim {

PerturbedGDParameters paper_parameters(double ell, double rho, double epsilon, double delta, double delta_f, Index d,
                                       double c) {
  require(ell > 0 && rho > 0 && epsilon > 0 && delta > 0 && delta < 1 && delta_f > 0 && d > 0 && c > 0,
          "perturbed GD paper_parameters", "ℓ, ρ, ε, Δ_f, c > 0, δ in (0, 1) and d ≥ 1");
  const double chi = 3 * std::max(std::log(d * ell * delta_f / (c * epsilon * epsilon * delta)), 4.0);
  return {.eta = c / ell,
          .radius = std::sqrt(c) / (chi * chi) * epsilon / ell,
          .g_thres = std::sqrt(c) / (chi * chi) * epsilon,
          .t_thres = static_cast<Index>(std::ceil(chi / (c * c) * ell / std::sqrt(rho * epsilon))),
          .f_thres = c / (chi * chi * chi) * std::sqrt(epsilon * epsilon * epsilon / rho)};
}

void uniform_in_ball(std::mt19937_64& rng, double r, Vector& xi) {
  std::normal_distribution<double> normal;
  for (Index i = 0; i < xi.size(); ++i) xi(i) = normal(rng);
  const double u = std::uniform_real_distribution<double>(0, 1)(rng);
  xi *= r * std::pow(u, 1.0 / static_cast<double>(xi.size())) / xi.norm();
}

PerturbedGradientDescent::PerturbedGradientDescent(PerturbedGDParameters p) : p_(p), rng_(p.seed) {
  require(p.eta > 0 && p.radius >= 0 && p.g_thres >= 0 && p.t_thres >= 1 && p.f_thres >= 0, "PerturbedGradientDescent",
          "η > 0, r ≥ 0, g_thres ≥ 0, t_thres ≥ 1, f_thres ≥ 0");
}

void PerturbedGradientDescent::init(const Vector& w) {
  rng_.seed(p_.seed);
  grad_.resize(w.size());
  xi_.resize(w.size());
  w_tilde_ = w;
  t_noise_ = -1;
  perturbations_ = 0;
}

StepInfo PerturbedGradientDescent::step(Objective& f, Vector& w, Index t) {
  grad_.resize(w.size()), xi_.resize(w.size());
  double value = f.value_and_grad(w, grad_);
  const StepInfo at{value, grad_.norm()};
  if (at.grad_norm <= p_.g_thres && (t_noise_ < 0 || t - t_noise_ > p_.t_thres)) {
    w_tilde_ = w, f_tilde_ = value, t_noise_ = t, ++perturbations_;
    uniform_in_ball(rng_, p_.radius, xi_);
    w += xi_;
    value = f.value_and_grad(w, grad_);
  }
  if (t_noise_ >= 0 && t - t_noise_ == p_.t_thres && value - f_tilde_ > -p_.f_thres) {
    w = w_tilde_;
    return {at.value, at.grad_norm, true};
  }
  w.noalias() -= p_.eta * grad_;
  return at;
}

}  // namespace fdl::optim
