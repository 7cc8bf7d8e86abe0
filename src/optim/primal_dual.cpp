#include "fdl/optim/primal_dual.hpp"

namespace fdl::optim {

ConsensusConstraints consensus_constraints(const std::vector<std::pair<Index, Index>>& edges, Index nodes, Index d) {
  require(nodes >= 1 && d >= 1, "consensus_constraints", "nodes ≥ 1 and d ≥ 1");
  const Index m = static_cast<Index>(edges.size());
  ConsensusConstraints k{Eigen::MatrixXd::Zero(m * d, nodes * d), Eigen::MatrixXd::Zero(m * d, nodes * d)};
  for (Index e = 0; e < m; ++e) {
    const auto [i, j] = edges[e];
    require(i >= 0 && j >= 0 && i < nodes && j < nodes && i != j, "consensus_constraints",
            "edges between distinct nodes in [0, " + std::to_string(nodes) + ")");
    for (Index r = 0; r < d; ++r) {
      k.A(e * d + r, i * d + r) = 1, k.A(e * d + r, j * d + r) = -1;
      k.B(e * d + r, i * d + r) = 1, k.B(e * d + r, j * d + r) = 1;
    }
  }
  return k;
}

GradientPrimalDual::GradientPrimalDual(Eigen::MatrixXd A, Eigen::MatrixXd B, Vector b, double rho)
    : A_(std::move(A)), b_(std::move(b)), rho_(rho) {
  require(rho > 0, "GradientPrimalDual", "ρ > 0");
  require(A_.rows() == b_.size(), "GradientPrimalDual", "A with as many rows as b");
  require(B.cols() == A_.cols(), "GradientPrimalDual", "B with as many columns as A");
  BtB_ = B.transpose() * B;
  system_.compute(A_.transpose() * A_ + BtB_);
  require(system_.info() == Eigen::Success, "GradientPrimalDual", "AᵀA + BᵀB positive definite");
}

void GradientPrimalDual::init(const Vector& x) {
  check_dimension("GradientPrimalDual", "x₀", x, A_.cols());
  lambda_ = lambda0_.size() ? lambda0_ : Vector::Zero(A_.rows());
  grad_.resize(x.size()), rhs_.resize(x.size()), residual_.resize(A_.rows());
}

void GradientPrimalDual::set_initial_multiplier(Vector lambda0) {
  check_dimension("GradientPrimalDual", "λ⁰", lambda0, A_.rows());
  lambda0_ = std::move(lambda0);
}

StepInfo GradientPrimalDual::step(Objective& f, Vector& x, Index) {
  const double value = f.value_and_grad(x, grad_);
  const StepInfo at{value, grad_.norm()};
  rhs_.noalias() = BtB_ * x;
  rhs_.noalias() += A_.transpose() * (b_ - lambda_ / rho_);
  rhs_ -= grad_ / rho_;
  x = system_.solve(rhs_);
  residual_.noalias() = A_ * x;
  residual_ -= b_;
  lambda_ += rho_ * residual_;
  return at;
}

}  // namespace fdl::optim
