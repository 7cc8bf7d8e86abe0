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

GradientAdmm::GradientAdmm(Eigen::MatrixXd A, Eigen::MatrixXd B, Vector b, double rho, const Eigen::MatrixXd& P,
                           const Eigen::MatrixXd& Q)
    : GradientAdmm("GradientAdmm", std::move(A), std::move(B), std::move(b), rho, P, Q) {}

GradientAdmm::GradientAdmm(const char* where, Eigen::MatrixXd A, Eigen::MatrixXd B, Vector b, double rho,
                           const Eigen::MatrixXd& P, const Eigen::MatrixXd& Q)
    : where_(where), b_(std::move(b)), rho_(rho) {
  require(rho > 0, where_, "ρ > 0");
  require(A.rows() == b_.size() && B.rows() == b_.size(), where_, "A and B with as many rows as b");
  const Index nx = A.cols(), ny = B.cols();
  K_.resize(b_.size(), nx + ny);
  K_.leftCols(nx) = A, K_.rightCols(ny) = B;
  add_block(0, std::move(A), P, "x");
  if (ny > 0) add_block(nx, std::move(B), Q, "y");
}

void GradientAdmm::add_block(Index offset, Eigen::MatrixXd M, const Eigen::MatrixXd& P, const char* block) {
  const std::string name(block);
  require(P.rows() == 0 || P.cols() == M.cols(), where_, "the " + name + "-block proximal matrix with as many columns as its constraint matrix");
  const Index n = M.cols();
  Block u{offset, n, std::move(M), {}, {}, Vector(n)};
  u.PtP = P.rows() ? Eigen::MatrixXd(P.transpose() * P) : Eigen::MatrixXd::Zero(u.size, u.size);
  u.system.compute(u.M.transpose() * u.M + u.PtP);
  require(u.system.info() == Eigen::Success, where_, "MᵀM + PᵀP positive definite for the " + name + "-block");
  blocks_.push_back(std::move(u));
}

void GradientAdmm::init(const Vector& w) {
  check_dimension(where_, "w₀", w, K_.cols());
  lambda_ = lambda0_.size() ? lambda0_ : Vector::Zero(K_.rows());
  grad_.resize(w.size()), s_.resize(K_.rows());
}

void GradientAdmm::set_initial_multiplier(Vector lambda0) {
  check_dimension(where_, "λ⁰", lambda0, K_.rows());
  lambda0_ = std::move(lambda0);
}

void GradientAdmm::block_step(Block& u, Vector& w) {
  auto wu = w.segment(u.offset, u.size);
  s_.noalias() = K_ * w;  // s = (other block's term) − b, plus λ/ρ
  s_.noalias() -= u.M * wu;
  s_ += lambda_ / rho_ - b_;
  u.rhs.noalias() = u.PtP * wu;
  u.rhs.noalias() -= u.M.transpose() * s_;
  u.rhs -= grad_.segment(u.offset, u.size) / rho_;
  wu = u.system.solve(u.rhs);
}

StepInfo GradientAdmm::step(Objective& f, Vector& w, Index) {
  const double value = f.value_and_grad(w, grad_);
  const StepInfo at{value, grad_.norm()};
  for (Block& u : blocks_) block_step(u, w);
  s_.noalias() = K_ * w;
  lambda_ += rho_ * (s_ - b_);
  return at;
}

GradientPrimalDual::GradientPrimalDual(Eigen::MatrixXd A, Eigen::MatrixXd B, Vector b, double rho)
    : GradientAdmm("GradientPrimalDual", A, Eigen::MatrixXd(A.rows(), 0), b, rho, B, Eigen::MatrixXd(0, 0)) {}

}  // namespace fdl::optim
