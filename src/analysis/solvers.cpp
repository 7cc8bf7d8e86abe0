#include "solvers.hpp"

#include <ClpSimplex.hpp>
#include <CoinFinite.hpp>
#include <IpIpoptApplication.hpp>
#include <IpTNLP.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace fdl::analysis::detail {
namespace {

using Eigen::VectorXd;

std::vector<double> coin_bounds(const VectorXd& v) {
  std::vector<double> out(v.size());
  for (Eigen::Index i = 0; i < v.size(); ++i) out[i] = std::isinf(v(i)) ? (v(i) > 0 ? COIN_DBL_MAX : -COIN_DBL_MAX) : v(i);
  return out;
}

// The QP as Ipopt's TNLP: dense Jacobian (constant), lower triangle of Q as the Hessian (constant).
class DenseQp : public Ipopt::TNLP {
 public:
  explicit DenseQp(const QuadraticProgram& qp) : qp_(qp) {}
  VectorXd solution;
  bool finalized_ok = false;

  bool get_nlp_info(Ipopt::Index& n, Ipopt::Index& m, Ipopt::Index& nnz_jac, Ipopt::Index& nnz_h, IndexStyleEnum& style) override {
    n = static_cast<Ipopt::Index>(qp_.cost.size());
    m = static_cast<Ipopt::Index>(qp_.constraints.rows());
    nnz_jac = n * m;
    nnz_h = n * (n + 1) / 2;
    style = C_STYLE;
    return true;
  }
  bool get_bounds_info(Ipopt::Index n, double* x_l, double* x_u, Ipopt::Index m, double* g_l, double* g_u) override {
    for (Ipopt::Index j = 0; j < n; ++j) x_l[j] = finite(qp_.col_lower(j)), x_u[j] = finite(qp_.col_upper(j));
    for (Ipopt::Index i = 0; i < m; ++i) g_l[i] = finite(qp_.row_lower(i)), g_u[i] = finite(qp_.row_upper(i));
    return true;
  }
  bool get_starting_point(Ipopt::Index n, bool, double* x, bool, double*, double*, Ipopt::Index, bool, double*) override {
    for (Ipopt::Index j = 0; j < n; ++j) x[j] = 0;
    return true;
  }
  bool eval_f(Ipopt::Index n, const double* x, bool, double& f) override {
    Eigen::Map<const VectorXd> v(x, n);
    f = 0.5 * v.dot(qp_.hessian * v) + qp_.cost.dot(v);
    return true;
  }
  bool eval_grad_f(Ipopt::Index n, const double* x, bool, double* g) override {
    Eigen::Map<VectorXd>(g, n) = qp_.hessian * Eigen::Map<const VectorXd>(x, n) + qp_.cost;
    return true;
  }
  bool eval_g(Ipopt::Index n, const double* x, bool, Ipopt::Index m, double* g) override {
    Eigen::Map<VectorXd>(g, m) = qp_.constraints * Eigen::Map<const VectorXd>(x, n);
    return true;
  }
  bool eval_jac_g(Ipopt::Index n, const double*, bool, Ipopt::Index m, Ipopt::Index, Ipopt::Index* row, Ipopt::Index* col,
                  double* values) override {
    Ipopt::Index k = 0;
    for (Ipopt::Index i = 0; i < m; ++i)
      for (Ipopt::Index j = 0; j < n; ++j, ++k) {
        if (values) values[k] = qp_.constraints(i, j);
        else row[k] = i, col[k] = j;
      }
    return true;
  }
  bool eval_h(Ipopt::Index n, const double*, bool, double obj_factor, Ipopt::Index, const double*, bool, Ipopt::Index,
              Ipopt::Index* row, Ipopt::Index* col, double* values) override {
    Ipopt::Index k = 0;
    for (Ipopt::Index i = 0; i < n; ++i)
      for (Ipopt::Index j = 0; j <= i; ++j, ++k) {
        if (values) values[k] = obj_factor * qp_.hessian(i, j);
        else row[k] = i, col[k] = j;
      }
    return true;
  }
  void finalize_solution(Ipopt::SolverReturn status, Ipopt::Index n, const double* x, const double*, const double*, Ipopt::Index,
                         const double*, const double*, double, const Ipopt::IpoptData*, Ipopt::IpoptCalculatedQuantities*) override {
    solution = Eigen::Map<const VectorXd>(x, n);
    finalized_ok = status == Ipopt::SUCCESS;
  }

 private:
  static double finite(double v) { return std::isinf(v) ? (v > 0 ? 2e19 : -2e19) : v; }  // Ipopt's ±∞: |v| ≥ 1e19
  const QuadraticProgram& qp_;
};

}  // namespace

VectorXd solve_lp(const LinearProgram& lp, const std::string& who) {
  const int n = static_cast<int>(lp.cost.size()), m = static_cast<int>(lp.constraints.rows());
  std::vector<CoinBigIndex> start(n + 1);
  std::vector<int> index;
  std::vector<double> value;
  for (int j = 0; j < n; ++j) {
    start[j] = static_cast<CoinBigIndex>(index.size());
    for (int i = 0; i < m; ++i)
      if (lp.constraints(i, j) != 0) index.push_back(i), value.push_back(lp.constraints(i, j));
  }
  start[n] = static_cast<CoinBigIndex>(index.size());
  const auto col_lower = coin_bounds(lp.col_lower), col_upper = coin_bounds(lp.col_upper);
  const auto row_lower = coin_bounds(lp.row_lower), row_upper = coin_bounds(lp.row_upper);
  ClpSimplex model;
  model.setLogLevel(0);
  model.loadProblem(n, m, start.data(), index.data(), value.data(), col_lower.data(), col_upper.data(), lp.cost.data(),
                    row_lower.data(), row_upper.data());
  // initialSolve (presolve, then simplex): plain primal() stopped at γ = 0 and reported optimal on
  // the ℓ1 LP over 1000+ lifted ReLU features (tests/analysis/svm_test.cpp).
  model.initialSolve();
  if (!model.isProvenOptimal())
    throw std::runtime_error(who + ": CLP did not find an optimal solution (status " + std::to_string(model.status()) + ")");
  return Eigen::Map<const VectorXd>(model.primalColumnSolution(), n);
}

VectorXd solve_qp(const QuadraticProgram& qp, const std::string& who) {
  Ipopt::SmartPtr<DenseQp> problem = new DenseQp(qp);
  Ipopt::SmartPtr<Ipopt::IpoptApplication> app = IpoptApplicationFactory();
  app->Options()->SetIntegerValue("print_level", 0);
  app->Options()->SetStringValue("sb", "yes");
  app->Options()->SetNumericValue("tol", 1e-12);
  app->Options()->SetStringValue("hessian_constant", "yes");
  app->Options()->SetStringValue("jac_c_constant", "yes");
  app->Options()->SetStringValue("jac_d_constant", "yes");
  app->Options()->SetStringValue("mu_strategy", "adaptive");
  if (app->Initialize() != Ipopt::Solve_Succeeded) throw std::runtime_error(who + ": Ipopt failed to initialize");
  const Ipopt::ApplicationReturnStatus status = app->OptimizeTNLP(problem);
  if (status != Ipopt::Solve_Succeeded || !problem->finalized_ok)
    throw std::runtime_error(who + ": Ipopt did not solve the QP (status " + std::to_string(static_cast<int>(status)) + ")");
  return problem->solution;
}

}  // namespace fdl::analysis::detail
