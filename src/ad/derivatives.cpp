#include "fdl/ad/derivatives.hpp"

namespace fdl::ad {
namespace {

void set_variable_tangents(Graph& g, const std::vector<Matrix>& v, const char* who) {
  const auto& vars = g.variables();
  if (v.size() != vars.size())
    throw ShapeError(std::string(who) + ": " + std::to_string(v.size()) + " directions for " +
                     std::to_string(vars.size()) + " variables");
  for (std::size_t k = 0; k < vars.size(); ++k) {
    Matrix& t = g.tangent(vars[k]);
    if (v[k].rows() != t.rows() || v[k].cols() != t.cols())
      throw ShapeError(std::string(who) + ": direction " + std::to_string(k) + " is " +
                       shape_string(v[k].rows(), v[k].cols()) + ", its variable is " + shape_string(t.rows(), t.cols()));
    t = v[k];
  }
}

// Tangent passes choose pieces conventionally: a prescribed direction is not a selection.
struct ConventionalScope {
  Graph& g;
  Mode saved;
  explicit ConventionalScope(Graph& graph) : g(graph), saved(graph.mode()) { g.set_mode(Mode::conventional); }
  ~ConventionalScope() { g.set_mode(saved); }
};

}  // namespace

double value_and_grad(Graph& g, Var loss) {
  if (loss.rows() != 1 || loss.cols() != 1)
    throw ShapeError("value_and_grad: the loss must be 1×1, it is " + shape_string(loss));
  g.forward(false);
  g.backward(loss);
  return loss.scalar();
}

std::vector<Matrix> hvp(Graph& g, Var loss, const std::vector<Matrix>& v) {
  if (loss.rows() != 1 || loss.cols() != 1) throw ShapeError("hvp: the loss must be 1×1, it is " + shape_string(loss));
  ConventionalScope scope(g);
  set_variable_tangents(g, v, "hvp");
  g.forward(true);
  g.backward_with_tangents(loss);
  std::vector<Matrix> out;
  for (int id : g.variables()) out.push_back(g.buffer(id, Slot::adjoint_tangent));
  return out;
}

Matrix jvp(Graph& g, Var out, const std::vector<Matrix>& v) {
  ConventionalScope scope(g);
  set_variable_tangents(g, v, "jvp");
  g.forward(true);
  return g.tangent(out.id);
}

std::vector<Matrix> vjp(Graph& g, Var out, const Matrix& u) {
  g.forward(false);
  g.backward(out, u);
  return gradients(g);
}

Matrix jacobian(Graph& g, Var out) {
  g.forward(false);
  Matrix jac(out.rows() * out.cols(), variable_count(g));
  Matrix seed = Matrix::Zero(out.rows(), out.cols());
  for (Index r = 0; r < jac.rows(); ++r) {
    seed(r) = 1.0;
    g.backward(out, seed);
    seed(r) = 0.0;
    Index c = 0;
    for (int id : g.variables()) {
      const Matrix& a = g.adjoint(id);
      jac.row(r).segment(c, a.size()) = a.reshaped().transpose();
      c += a.size();
    }
  }
  return jac;
}

Index variable_count(const Graph& g) {
  Index n = 0;
  for (int id : g.variables()) n += g.value(id).size();
  return n;
}

Eigen::VectorXd flatten(const std::vector<Matrix>& parts) {
  Index n = 0;
  for (const Matrix& p : parts) n += p.size();
  Eigen::VectorXd out(n);
  Index c = 0;
  for (const Matrix& p : parts) {
    out.segment(c, p.size()) = p.reshaped();
    c += p.size();
  }
  return out;
}

std::vector<Matrix> gradients(Graph& g) {
  std::vector<Matrix> out;
  for (int id : g.variables()) out.push_back(g.adjoint(id));
  return out;
}

}  // namespace fdl::ad
