// Gradient primal–dual algorithm, GPDA (Hong, Lee, Razaviyayn 2018, "Gradient primal-dual
// algorithm converges to second-order stationary solutions for nonconvex distributed
// optimization"), for min f(x) s.t. Ax = b with augmented Lagrangian
// L_ρ(x, λ) = f(x) + ⟨λ, Ax − b⟩ + (ρ/2)‖Ax − b‖²:
//
//   x^{r+1} = argmin_x ⟨∇f(x^r), x − x^r⟩ + ⟨λ^r, Ax − b⟩ + (ρ/2)‖Ax − b‖² + (ρ/2)‖x − x^r‖²_{BᵀB}
//           = (AᵀA + BᵀB)⁻¹ [BᵀB x^r + Aᵀb − (∇f(x^r) + Aᵀλ^r)/ρ]
//   λ^{r+1} = λ^r + ρ (A x^{r+1} − b)
//
// init(x⁰) starts the multiplier at λ⁰ = 0, or at the λ⁰ given by set_initial_multiplier (the
// saddle-avoidance theorem draws both x⁰ and λ⁰ at random).
//
// with B chosen so that AᵀA + BᵀB ≻ 0 (factored once). For consensus over a connected graph
// (min Σ_i f_i(x_i) s.t. x_i = x_j on every edge), A is the signed and B the signless incidence
// matrix ⊗ I_d, so AᵀA + BᵀB = 2·Degree ⊗ I_d is diagonal and the x-update is local to each node.
#pragma once

#include "fdl/optim/optimizer.hpp"

#include <Eigen/Cholesky>

#include <utility>
#include <vector>

namespace fdl::optim {

struct ConsensusConstraints {
  Eigen::MatrixXd A, B;  // (|E| d) × (nodes d): rows e ⊗ I_d with (A)_{e,i} = 1, (A)_{e,j} = −1, B = |A|
};
ConsensusConstraints consensus_constraints(const std::vector<std::pair<Index, Index>>& edges, Index nodes, Index d);

class GradientPrimalDual : public Optimizer {
 public:
  GradientPrimalDual(Eigen::MatrixXd A, Eigen::MatrixXd B, Vector b, double rho);
  std::string name() const override { return "gradient_primal_dual"; }
  void init(const Vector& x) override;
  StepInfo step(Objective& f, Vector& x, Index t) override;
  void set_initial_multiplier(Vector lambda0);  // one entry per row of A; used by the next init
  const Vector& multiplier() const { return lambda_; }
  double constraint_violation(const Vector& x) const { return (A_ * x - b_).norm(); }

 private:
  Eigen::MatrixXd A_, BtB_;
  Vector b_;
  double rho_;
  Eigen::LLT<Eigen::MatrixXd> system_;
  Vector lambda0_, lambda_, grad_, rhs_, residual_;
};

}  // namespace fdl::optim
