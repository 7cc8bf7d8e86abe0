#include "fdl/optim/prox.hpp"

#include "fdl/optim/optimizer.hpp"

#include <Eigen/Eigenvalues>

#include <cmath>
#include <algorithm>
#include <limits>

namespace fdl::optim {

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();
}

void soft_threshold(Vector& v, double tau) {
  v = v.array().sign() * (v.array().abs() - tau).max(0.0);
}

L1NormProx::L1NormProx(double lambda) : lambda_(lambda) { require(lambda >= 0, "L1NormProx", "λ ≥ 0"); }
void L1NormProx::apply(Vector& v, double eta) const { soft_threshold(v, eta * lambda_); }

SquaredL2NormProx::SquaredL2NormProx(double lambda) : lambda_(lambda) { require(lambda >= 0, "SquaredL2NormProx", "λ ≥ 0"); }

BoxProx::BoxProx(double lower, double upper) : lower_(lower), upper_(upper) {
  require(lower <= upper, "BoxProx", "lower ≤ upper");
}
double BoxProx::value(const Vector& w) const {
  return (w.array() >= lower_).all() && (w.array() <= upper_).all() ? 0.0 : kInfinity;
}

double NonnegativeOrthantProx::value(const Vector& w) const { return (w.array() >= 0).all() ? 0.0 : kInfinity; }

BallProx::BallProx(double radius) : radius_(radius) { require(radius >= 0, "BallProx", "a radius ≥ 0"); }
double BallProx::value(const Vector& w) const { return w.norm() <= radius_ ? 0.0 : kInfinity; }
void BallProx::apply(Vector& v, double) const {
  const double norm = v.norm();
  if (norm > radius_) v *= radius_ / norm;
}

PsdConeProx::PsdConeProx(Index d) : d_(d) { require(d >= 1, "PsdConeProx", "a dimension d ≥ 1"); }

double PsdConeProx::value(const Vector& w) const {
  check_dimension("PsdConeProx", "w", w, d_ * d_);
  const Eigen::MatrixXd W = w.reshaped(d_, d_);
  const double scale = 1e-12 * std::max(1.0, W.norm());
  if ((W - W.transpose()).norm() > scale) return kInfinity;
  return Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(W).eigenvalues().minCoeff() >= -scale ? 0.0 : kInfinity;
}

void PsdConeProx::apply(Vector& v, double) const {
  check_dimension("PsdConeProx", "v", v, d_ * d_);
  const Eigen::MatrixXd V = v.reshaped(d_, d_);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig((V + V.transpose()) / 2);
  const Eigen::MatrixXd& Q = eig.eigenvectors();
  v = (Q * eig.eigenvalues().cwiseMax(0.0).asDiagonal() * Q.transpose()).reshaped();
}

}  // namespace fdl::optim
