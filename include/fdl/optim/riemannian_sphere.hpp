// Riemannian gradient descent on the unit sphere S^{d−1} (Absil, Mahony, Sepulchre 2008, §4):
//
//   grad f(w_t) = (I − w_t w_tᵀ) ∇f(w_t)                 (projection onto the tangent space)
//   w_{t+1}     = (w_t − η_t grad f(w_t)) / ‖w_t − η_t grad f(w_t)‖   (retraction by normalisation)
//
// The iterate is normalised on entry to each step, so w₀ may be any nonzero vector.
#pragma once

#include "fdl/optim/optimizer.hpp"
#include "fdl/optim/schedule.hpp"

namespace fdl::optim {

class RiemannianSphereGD : public GradientOptimizer {
 public:
  explicit RiemannianSphereGD(Schedule eta) : eta_(eta) {}
  std::string name() const override { return "riemannian_sphere_gd"; }
  void init(const Vector& w) override;
  void update(const Vector& g, double value, Vector& w, Index t) override;
  // ‖grad f(w)‖ at the normalised w: the stationarity measure on the sphere.
  static double riemannian_gradient_norm(const Vector& g, const Vector& w);

 private:
  Schedule eta_;
};

}  // namespace fdl::optim
