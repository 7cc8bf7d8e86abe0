#include "fdl/optim/riemannian_sphere.hpp"

namespace fdl::optim {

void RiemannianSphereGD::init(const Vector& w) {
  require(w.norm() > 0, "RiemannianSphereGD", "a nonzero w₀ (it is normalised onto the sphere)");
}

double RiemannianSphereGD::riemannian_gradient_norm(const Vector& g, const Vector& w) {
  const Vector x = w.normalized();
  return (g - g.dot(x) * x).norm();
}

void RiemannianSphereGD::update(const Vector& g, double value, Vector& w, Index t) {
  check_dimension("RiemannianSphereGD", "gradient", g, w.size());
  w.normalize();
  const double radial = g.dot(w);
  w -= eta_.at(t, value) * (g - radial * w);
  w.normalize();
}

}  // namespace fdl::optim
