// ADMM in scaled form (Glowinski & Marroco 1975; Gabay & Mercier 1976; Boyd, Parikh, Chu, Peleato,
// Eckstein 2011, §3.1.1) for
//
//   min f(x) + g(z)  s.t.  Ax + Bz = c:
//
//   x^{k+1} = argmin_x f(x) + (ρ/2)‖Ax + Bz^k − c + u^k‖²
//   z^{k+1} = argmin_z g(z) + (ρ/2)‖Ax^{k+1} + Bz − c + u^k‖²
//   u^{k+1} = u^k + Ax^{k+1} + Bz^{k+1} − c
//
// The two argmins are oracles supplied by the problem: x_update(v, ρ) = argmin_x f(x) + (ρ/2)‖Ax − v‖²
// (called with v = c − Bz^k − u^k) and z_update(v, ρ) = argmin_z g(z) + (ρ/2)‖Bz − v‖² (v = c − Ax^{k+1} − u^k).
// Stops when the primal residual r = Ax + Bz − c and the dual residual s = ρAᵀB(z^{k+1} − z^k) meet
// Boyd et al.'s (3.12): ‖r‖ ≤ √p ε_abs + ε_rel max(‖Ax‖, ‖Bz‖, ‖c‖), ‖s‖ ≤ √n ε_abs + ε_rel ‖ρAᵀu‖.
#pragma once

#include "fdl/problems/objective.hpp"

#include <Eigen/Core>

#include <functional>
#include <string>

namespace fdl::optim {

struct AdmmProblem {
  Eigen::MatrixXd A, B;  // p×n and p×m
  Vector c;              // p
  std::function<void(const Vector& v, double rho, Vector& x)> x_update;
  std::function<void(const Vector& v, double rho, Vector& z)> z_update;
};

struct AdmmOptions {
  double rho = 1;
  Index max_iterations = 10000;
  double abs_tolerance = 1e-12;
  double rel_tolerance = 1e-10;
};

struct AdmmResult {
  Vector x, z, u;  // u: scaled dual variable y/ρ
  Index iterations = 0;
  std::string status;  // "converged", "max_iterations" or "diverged"
  double primal_residual = 0, dual_residual = 0;
};

// x₀, z₀ start; u₀ = 0.
AdmmResult admm(const AdmmProblem& problem, const Vector& x0, const Vector& z0, const AdmmOptions& options = {});

// The lasso min ½‖Dx − b‖² + λ‖x‖₁ as x − z = 0 (A = I, B = −I, c = 0): the x-update solves
// (DᵀD + ρI)x = Dᵀb + ρv (Cholesky once), the z-update soft-thresholds: z = S_{λ/ρ}(x + u).
AdmmProblem lasso_admm_problem(const Eigen::MatrixXd& D, const Vector& b, double lambda, double rho);
AdmmResult lasso_admm(const Eigen::MatrixXd& D, const Vector& b, double lambda, const AdmmOptions& options = {});

}  // namespace fdl::optim
