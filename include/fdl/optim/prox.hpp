// Proximal operators of simple functions g (Moreau 1965; Parikh & Boyd 2014):
//
//   prox_{ηg}(v) = argmin_w g(w) + ‖w − v‖² / (2η)
//
//   L1NormProx(λ)           g = λ‖w‖₁            soft thresholding: sign(v) max(|v| − ηλ, 0)
//   SquaredL2NormProx(λ)    g = (λ/2)‖w‖₂²       v / (1 + ηλ)
//   BoxProx(lo, hi)         g = ι{lo ≤ w ≤ hi}   clamp(v, lo, hi)          (any η)
//   NonnegativeOrthantProx  g = ι{w ≥ 0}         max(v, 0)
//   BallProx(r)             g = ι{‖w‖₂ ≤ r}      v · min(1, r/‖v‖₂)
//   PsdConeProx(d)          g = ι{W ⪰ 0},  w = vec(W), W ∈ R^{d×d} (column-major)
//                                               Q max(Λ, 0) Qᵀ,  Q Λ Qᵀ = (V + Vᵀ)/2  (Higham 1988:
//                                               the nearest PSD matrix in Frobenius norm)
//
// Indicators have value 0 on their set and +∞ off it.
#pragma once

#include "fdl/problems/objective.hpp"

namespace fdl::optim {

class Prox {
 public:
  virtual ~Prox() = default;
  virtual double value(const Vector& w) const = 0;          // g(w)
  virtual void apply(Vector& v, double eta) const = 0;      // v ← prox_{ηg}(v)
};

class L1NormProx : public Prox {
 public:
  explicit L1NormProx(double lambda);
  double value(const Vector& w) const override { return lambda_ * w.lpNorm<1>(); }
  void apply(Vector& v, double eta) const override;

 private:
  double lambda_;
};

class SquaredL2NormProx : public Prox {
 public:
  explicit SquaredL2NormProx(double lambda);
  double value(const Vector& w) const override { return 0.5 * lambda_ * w.squaredNorm(); }
  void apply(Vector& v, double eta) const override { v /= 1 + eta * lambda_; }

 private:
  double lambda_;
};

class BoxProx : public Prox {
 public:
  BoxProx(double lower, double upper);
  double value(const Vector& w) const override;
  void apply(Vector& v, double) const override { v = v.cwiseMax(lower_).cwiseMin(upper_); }

 private:
  double lower_, upper_;
};

class NonnegativeOrthantProx : public Prox {
 public:
  double value(const Vector& w) const override;
  void apply(Vector& v, double) const override { v = v.cwiseMax(0.0); }
};

class BallProx : public Prox {
 public:
  explicit BallProx(double radius);
  double value(const Vector& w) const override;
  void apply(Vector& v, double) const override;

 private:
  double radius_;
};

class PsdConeProx : public Prox {
 public:
  explicit PsdConeProx(Index d);
  double value(const Vector& w) const override;  // 0 if W is symmetric PSD (to 1e-12 relative), else +∞
  void apply(Vector& v, double) const override;

 private:
  Index d_;
};

// Soft thresholding sign(v) max(|v| − τ, 0), coordinatewise in place.
void soft_threshold(Vector& v, double tau);

}  // namespace fdl::optim
