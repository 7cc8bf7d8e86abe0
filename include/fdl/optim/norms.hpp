// Norms for steepest descent, each with its dual norm ‖g‖_* = max_{‖u‖≤1} ⟨g, u⟩ and a maximizer
// u* (the steepest-ascent direction on the unit ball; Boyd & Vandenberghe 2004, §9.4):
//
//   L1          ‖u‖₁       dual ‖g‖_∞     u* = sign(g_i) e_i,  i = argmax_j |g_j| (first on ties)
//   L2          ‖u‖₂       dual ‖g‖₂      u* = g / ‖g‖₂
//   Linf        ‖u‖_∞      dual ‖g‖₁      u* = sign(g)
//   Lp(p)       ‖u‖_p      dual ‖g‖_q     u*_i = sign(g_i) |g_i|^{q−1} / ‖g‖_q^{q−1},  1/p + 1/q = 1
//   Quadratic   √(uᵀPu)    dual √(gᵀP⁻¹g)  u* = P⁻¹g / ‖g‖_{P⁻¹}             (P ≻ 0, Cholesky once)
//
// u* = 0 where g = 0.
#pragma once

#include "fdl/problems/objective.hpp"

#include <Eigen/Cholesky>

#include <string>

namespace fdl::optim {

class Norm {
 public:
  virtual ~Norm() = default;
  virtual std::string name() const = 0;
  virtual double norm(const Vector& u) const = 0;
  virtual double dual_norm(const Vector& g) const = 0;
  virtual void steepest_direction(const Vector& g, Vector& u) const = 0;  // u* above
};

class L1 : public Norm {
 public:
  std::string name() const override { return "l1"; }
  double norm(const Vector& u) const override { return u.lpNorm<1>(); }
  double dual_norm(const Vector& g) const override { return g.lpNorm<Eigen::Infinity>(); }
  void steepest_direction(const Vector& g, Vector& u) const override;
};

class L2 : public Norm {
 public:
  std::string name() const override { return "l2"; }
  double norm(const Vector& u) const override { return u.norm(); }
  double dual_norm(const Vector& g) const override { return g.norm(); }
  void steepest_direction(const Vector& g, Vector& u) const override;
};

class Linf : public Norm {
 public:
  std::string name() const override { return "linf"; }
  double norm(const Vector& u) const override { return u.lpNorm<Eigen::Infinity>(); }
  double dual_norm(const Vector& g) const override { return g.lpNorm<1>(); }
  void steepest_direction(const Vector& g, Vector& u) const override { u = g.array().sign(); }
};

class Lp : public Norm {
 public:
  explicit Lp(double p);
  std::string name() const override { return "lp"; }
  double norm(const Vector& u) const override;
  double dual_norm(const Vector& g) const override;
  void steepest_direction(const Vector& g, Vector& u) const override;
  double p() const { return p_; }

 private:
  double p_, q_;
};

class Quadratic : public Norm {
 public:
  explicit Quadratic(const Eigen::MatrixXd& P);
  std::string name() const override { return "quadratic"; }
  double norm(const Vector& u) const override { return std::sqrt(u.dot(P_ * u)); }
  double dual_norm(const Vector& g) const override;
  void steepest_direction(const Vector& g, Vector& u) const override;

 private:
  Eigen::MatrixXd P_;
  Eigen::LLT<Eigen::MatrixXd> cholesky_;
};

// ‖x‖_r for 1 ≤ r < ∞, scaled by max|x_i| so that large or tiny entries neither overflow nor underflow.
double lp_norm(const Vector& x, double r);

}  // namespace fdl::optim
