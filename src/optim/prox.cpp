#include "fdl/optim/prox.hpp"

#include "fdl/optim/optimizer.hpp"

#include <cmath>
#include <limits>

namespace fdl::optim {

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();
}

void soft_threshold(Vector& v, double tau) {
  v = v.array().sign() * (v.array().abs() - tau).max(0.0);
}

L1Norm::L1Norm(double lambda) : lambda_(lambda) { require(lambda >= 0, "L1Norm", "λ ≥ 0"); }
void L1Norm::apply(Vector& v, double eta) const { soft_threshold(v, eta * lambda_); }

SquaredL2Norm::SquaredL2Norm(double lambda) : lambda_(lambda) { require(lambda >= 0, "SquaredL2Norm", "λ ≥ 0"); }

Box::Box(double lower, double upper) : lower_(lower), upper_(upper) {
  require(lower <= upper, "Box", "lower ≤ upper");
}
double Box::value(const Vector& w) const {
  return (w.array() >= lower_).all() && (w.array() <= upper_).all() ? 0.0 : kInfinity;
}

double NonnegativeOrthant::value(const Vector& w) const { return (w.array() >= 0).all() ? 0.0 : kInfinity; }

Ball::Ball(double radius) : radius_(radius) { require(radius >= 0, "Ball", "a radius ≥ 0"); }
double Ball::value(const Vector& w) const { return w.norm() <= radius_ ? 0.0 : kInfinity; }
void Ball::apply(Vector& v, double) const {
  const double norm = v.norm();
  if (norm > radius_) v *= radius_ / norm;
}

}  // namespace fdl::optim
