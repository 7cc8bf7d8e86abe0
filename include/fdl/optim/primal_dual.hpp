// The gradient primal–dual methods of Hong, Lee, Razaviyayn 2018, "Gradient primal-dual algorithm
// converges to second-order stationary solutions for nonconvex distributed optimization" (ICML 2018,
// arXiv 1802.08941): GPDA and gradient ADMM (GADMM). Both take one gradient of the smooth objective
// per iteration, minimize the augmented Lagrangian with f linearized plus a proximal term, and then
// take a dual ascent step. From random primal and dual starts both converge to second-order
// stationary points with probability one.
//
// GADMM, for min f(x) + h(y) s.t. Ax + By = b, with
// L_ρ(x, y, λ) = f(x) + h(y) + ⟨λ, Ax + By − b⟩ + (ρ/2)‖Ax + By − b‖², updates the blocks in turn:
//
//   x^{r+1} = argmin_x ⟨∇f(x^r), x − x^r⟩ + ⟨λ^r, Ax + By^r − b⟩ + (ρ/2)‖Ax + By^r − b‖² + (ρ/2)‖x − x^r‖²_{PᵀP}
//   y^{r+1} = argmin_y ⟨∇h(y^r), y − y^r⟩ + ⟨λ^r, Ax^{r+1} + By − b⟩ + (ρ/2)‖Ax^{r+1} + By − b‖² + (ρ/2)‖y − y^r‖²_{QᵀQ}
//   λ^{r+1} = λ^r + ρ (A x^{r+1} + B y^{r+1} − b)
//
// (Written from the paper's GPDA step applied blockwise — f and h linearized, proximal weight ρ as in
// GPDA below, Gauss–Seidel order, one dual step; the text of the paper's GADMM section was not at
// hand when this was written, so its exact proximal weights are not checked here.)
//
// Each block step is the same linearized step: for the block u with matrix M, gradient g and
// s = (the other block's term) − b,
//
//   u⁺ = argmin_u ⟨g, u − u^r⟩ + ⟨λ, Mu + s⟩ + (ρ/2)‖Mu + s‖² + (ρ/2)‖u − u^r‖²_{PᵀP}
//      = (MᵀM + PᵀP)⁻¹ [PᵀP u^r − Mᵀ(s + λ/ρ) − g/ρ]
//
// with MᵀM + PᵀP ≻ 0 (factored once). P = 0 (no rows) is allowed when MᵀM ≻ 0: then the step is the
// exact minimization of the linearized Lagrangian; with h = 0 and Q = 0 the y-step is the exact ADMM
// y-step. The iterate is w = (x, y) and the objective is F(w) = f(x) + h(y), which must be separable:
// the y-step uses ∇_y F(x^r, y^r) = ∇h(y^r), so one gradient of F per iteration serves both blocks.
// Global consensus min Σ_i f_i(x_i) s.t. x_i = z is A = I, B = −(1 ⊗ I_d), b = 0, h = 0: the x-step is
// x_i⁺ = z − (∇f_i(x_i) + λ_i)/ρ (a gradient step of length 1/ρ, so ρ must exceed the Lipschitz
// constant of ∇f) and the z-step is the average of x_i⁺ + λ_i/ρ.
//
// GPDA, for min f(x) s.t. Ax = b, is GADMM without a y-block (B has no columns), with proximal matrix
// B (the paper's name for P):
//
//   x^{r+1} = argmin_x ⟨∇f(x^r), x − x^r⟩ + ⟨λ^r, Ax − b⟩ + (ρ/2)‖Ax − b‖² + (ρ/2)‖x − x^r‖²_{BᵀB}
//           = (AᵀA + BᵀB)⁻¹ [BᵀB x^r + Aᵀb − (∇f(x^r) + Aᵀλ^r)/ρ]
//   λ^{r+1} = λ^r + ρ (A x^{r+1} − b)
//
// with B chosen so that AᵀA + BᵀB ≻ 0. For consensus over a connected graph (min Σ_i f_i(x_i) s.t.
// x_i = x_j on every edge), A is the signed and B the signless incidence matrix ⊗ I_d, so
// AᵀA + BᵀB = 2·Degree ⊗ I_d is diagonal and the x-update is local to each node.
//
// init(w⁰) starts the multiplier at λ⁰ = 0, or at the λ⁰ given by set_initial_multiplier (the
// saddle-avoidance theorem draws both w⁰ and λ⁰ at random). Divergence (ρ too small for ∇f) shows
// as non-finite iterates, which minimize() reports as status `diverged`.
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

class GradientAdmm : public Optimizer {
 public:
  // P, Q: proximal matrices of the x- and y-blocks (a matrix with no rows: no proximal term).
  GradientAdmm(Eigen::MatrixXd A, Eigen::MatrixXd B, Vector b, double rho, const Eigen::MatrixXd& P,
               const Eigen::MatrixXd& Q);
  std::string name() const override { return "gradient_admm"; }
  void init(const Vector& w) override;                    // w = (x, y)
  StepInfo step(Objective& f, Vector& w, Index t) override;  // F(w) = f(x) + h(y)
  void set_initial_multiplier(Vector lambda0);  // one entry per constraint; used by the next init
  const Vector& multiplier() const { return lambda_; }
  double constraint_violation(const Vector& w) const { return (K_ * w - b_).norm(); }  // ‖Ax + By − b‖

 protected:
  GradientAdmm(const char* where, Eigen::MatrixXd A, Eigen::MatrixXd B, Vector b, double rho,
               const Eigen::MatrixXd& P, const Eigen::MatrixXd& Q);

 private:
  struct Block {
    Index offset, size;
    Eigen::MatrixXd M, PtP;
    Eigen::LLT<Eigen::MatrixXd> system;  // MᵀM + PᵀP
    Vector rhs;
  };
  void add_block(Index offset, Eigen::MatrixXd M, const Eigen::MatrixXd& P, const char* block);
  void block_step(Block& u, Vector& w);

  const char* where_;
  Eigen::MatrixXd K_;  // [A B]
  Vector b_;
  double rho_;
  std::vector<Block> blocks_;  // x, then y when B has columns
  Vector lambda0_, lambda_, grad_, s_;
};

class GradientPrimalDual : public GradientAdmm {
 public:
  GradientPrimalDual(Eigen::MatrixXd A, Eigen::MatrixXd B, Vector b, double rho);
  std::string name() const override { return "gradient_primal_dual"; }
};

}  // namespace fdl::optim
