#include "fdl/optim/admm.hpp"

#include "fdl/optim/optimizer.hpp"
#include "fdl/optim/prox.hpp"

#include <Eigen/Cholesky>

#include <cmath>
#include <memory>

namespace fdl::optim {

AdmmResult admm(const AdmmProblem& problem, const Vector& x0, const Vector& z0, const AdmmOptions& options) {
  const auto& [A, B, c, x_update, z_update] = problem;
  const Index p = c.size();
  require(A.rows() == p && B.rows() == p, "admm", "A and B with as many rows as c (" + std::to_string(p) + ")");
  check_dimension("admm", "x₀", x0, A.cols());
  check_dimension("admm", "z₀", z0, B.cols());
  require(static_cast<bool>(x_update) && static_cast<bool>(z_update), "admm", "x_update and z_update oracles");
  require(options.rho > 0 && options.max_iterations >= 1 && options.abs_tolerance >= 0 && options.rel_tolerance >= 0,
          "admm", "ρ > 0, max_iterations ≥ 1 and tolerances ≥ 0");
  const double rho = options.rho;
  AdmmResult r;
  r.x = x0, r.z = z0, r.u = Vector::Zero(p);
  r.status = "max_iterations";
  Vector v(p), Ax(p), Bz(p), z_previous(z0.size()), residual(p);
  for (Index k = 1; k <= options.max_iterations; ++k) {
    r.iterations = k;
    v = c - B * r.z - r.u;
    x_update(v, rho, r.x);
    Ax.noalias() = A * r.x;
    v = c - Ax - r.u;
    z_previous = r.z;
    z_update(v, rho, r.z);
    Bz.noalias() = B * r.z;
    residual = Ax + Bz - c;
    r.u += residual;
    r.primal_residual = residual.norm();
    r.dual_residual = rho * (A.transpose() * (B * (r.z - z_previous))).norm();
    if (!std::isfinite(r.primal_residual) || !std::isfinite(r.dual_residual) || !r.x.allFinite()) {
      r.status = "diverged";
      break;
    }
    const double eps_primal = std::sqrt(static_cast<double>(p)) * options.abs_tolerance +
                              options.rel_tolerance * std::max({Ax.norm(), Bz.norm(), c.norm()});
    const double eps_dual = std::sqrt(static_cast<double>(A.cols())) * options.abs_tolerance +
                            options.rel_tolerance * rho * (A.transpose() * r.u).norm();
    if (r.primal_residual <= eps_primal && r.dual_residual <= eps_dual) {
      r.status = "converged";
      break;
    }
  }
  return r;
}

AdmmProblem lasso_admm_problem(const Eigen::MatrixXd& D, const Vector& b, double lambda, double rho) {
  require(D.rows() == b.size(), "lasso_admm", "D with as many rows as b");
  require(lambda >= 0 && rho > 0, "lasso_admm", "λ ≥ 0 and ρ > 0");
  const Index n = D.cols();
  auto system = std::make_shared<Eigen::LLT<Eigen::MatrixXd>>(D.transpose() * D + rho * Eigen::MatrixXd::Identity(n, n));
  auto Dtb = std::make_shared<Vector>(D.transpose() * b);
  AdmmProblem problem;
  problem.A = Eigen::MatrixXd::Identity(n, n);
  problem.B = -Eigen::MatrixXd::Identity(n, n);
  problem.c = Vector::Zero(n);
  problem.x_update = [system, Dtb, rho](const Vector& v, double r, Vector& x) {
    require(r == rho, "lasso_admm", "the ρ the x-update was factored for");
    x = system->solve(*Dtb + rho * v);
  };
  // argmin_z λ‖z‖₁ + (ρ/2)‖−z − v‖²  =  S_{λ/ρ}(−v)
  problem.z_update = [lambda](const Vector& v, double r, Vector& z) {
    z = -v;
    soft_threshold(z, lambda / r);
  };
  return problem;
}

AdmmResult lasso_admm(const Eigen::MatrixXd& D, const Vector& b, double lambda, const AdmmOptions& options) {
  const Index n = D.cols();
  return admm(lasso_admm_problem(D, b, lambda, options.rho), Vector::Zero(n), Vector::Zero(n), options);
}

}  // namespace fdl::optim
