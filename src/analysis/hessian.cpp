#include "fdl/analysis/hessian.hpp"

#include "fdl/ad/derivatives.hpp"

#include <Spectra/SymEigsSolver.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace fdl::analysis {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

// Spectra's matrix-operation concept over a callback.
class CallbackOp {
 public:
  using Scalar = double;
  CallbackOp(const LinearOperator& op, Eigen::Index n) : op_(op), n_(n) {}
  Eigen::Index rows() const { return n_; }
  Eigen::Index cols() const { return n_; }
  void perform_op(const double* in, double* out) const {
    Eigen::Map<VectorXd>(out, n_) = op_(Eigen::Map<const VectorXd>(in, n_));
    ++products;
  }
  mutable int products = 0;

 private:
  const LinearOperator& op_;
  Eigen::Index n_;
};

LinearOperator graph_hvp(ad::Graph& g, ad::Var loss) {
  if (loss.rows() != 1 || loss.cols() != 1)
    throw std::invalid_argument("hessian: the loss must be 1×1, got " + ad::shape_string(loss));
  return [&g, loss](const VectorXd& v) {
    std::vector<ad::Matrix> parts;
    Eigen::Index offset = 0;
    for (int id : g.variables()) {
      const ad::Matrix& x = g.value(id);
      parts.push_back(v.segment(offset, x.size()).reshaped(x.rows(), x.cols()));
      offset += x.size();
    }
    return VectorXd(ad::flatten(ad::hvp(g, loss, parts)));
  };
}

LinearOperator objective_hvp(Objective& f, const VectorXd& w) {
  if (w.size() != f.dimension())
    throw std::invalid_argument("hessian: w has " + std::to_string(w.size()) + " entries, the objective's dimension is " +
                                std::to_string(f.dimension()));
  return [&f, &w](const VectorXd& v) { return VectorXd(f.hvp(w, v)); };
}

}  // namespace

MatrixXd dense_matrix(const LinearOperator& op, Eigen::Index n) {
  MatrixXd H(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    const VectorXd column = op(VectorXd::Unit(n, j));
    if (column.size() != n)
      throw std::invalid_argument("dense_matrix: the operator returned " + std::to_string(column.size()) + " entries, expected " +
                                  std::to_string(n));
    H.col(j) = column;
  }
  return 0.5 * (H + H.transpose());
}

ExtremeEigenpairs extreme_eigenvalues(const LinearOperator& op, Eigen::Index n, double tol) {
  if (n < 1) throw std::invalid_argument("extreme_eigenvalues: the dimension must be ≥ 1");
  if (!(tol > 0)) throw std::invalid_argument("extreme_eigenvalues: tol must be > 0");
  ExtremeEigenpairs r;
  if (n <= 2) {
    Eigen::SelfAdjointEigenSolver<MatrixXd> eig(dense_matrix(op, n));
    r.smallest = eig.eigenvalues()(0), r.largest = eig.eigenvalues()(n - 1);
    r.smallest_vector = eig.eigenvectors().col(0), r.largest_vector = eig.eigenvectors().col(n - 1);
    r.products = static_cast<int>(n);
    return r;
  }
  CallbackOp callback(op, n);
  const Eigen::Index ncv = std::min<Eigen::Index>(n, 20);
  Spectra::SymEigsSolver<CallbackOp> lanczos(callback, 2, ncv);
  lanczos.init();
  lanczos.compute(Spectra::SortRule::BothEnds, 10000, tol, Spectra::SortRule::LargestAlge);
  if (lanczos.info() != Spectra::CompInfo::Successful)
    throw std::runtime_error("extreme_eigenvalues: Lanczos did not converge to tol " + std::to_string(tol) + " after " +
                             std::to_string(callback.products) + " products");
  const VectorXd values = lanczos.eigenvalues();
  const MatrixXd vectors = lanczos.eigenvectors();
  r.largest = values(0), r.smallest = values(1);
  r.largest_vector = vectors.col(0), r.smallest_vector = vectors.col(1);
  r.products = callback.products;
  return r;
}

ExtremeEigenpairs hessian_extreme_eigenvalues(ad::Graph& g, ad::Var loss, double tol) {
  return extreme_eigenvalues(graph_hvp(g, loss), ad::variable_count(g), tol);
}
ExtremeEigenpairs hessian_extreme_eigenvalues(Objective& f, const VectorXd& w, double tol) {
  return extreme_eigenvalues(objective_hvp(f, w), f.dimension(), tol);
}
MatrixXd dense_hessian(ad::Graph& g, ad::Var loss) { return dense_matrix(graph_hvp(g, loss), ad::variable_count(g)); }
MatrixXd dense_hessian(Objective& f, const VectorXd& w) { return dense_matrix(objective_hvp(f, w), f.dimension()); }

}  // namespace fdl::analysis
