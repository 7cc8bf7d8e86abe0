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

// Sets a graph's mode for one call.
struct Scope {
  Graph& g;
  Mode mode;
  Scope(Graph& graph, Mode m) : g(graph), mode(graph.mode()) { g.set_mode(m); }
  ~Scope() { g.set_mode(mode); }
};

void check_graph(const char* who, const Graph& g, Var out) {
  if (out.graph != &g) throw std::invalid_argument(std::string(who) + ": the output belongs to a different graph");
}

void check_scalar(const char* who, const Graph& g, Var loss) {
  check_graph(who, g, loss);
  if (loss.rows() != 1 || loss.cols() != 1)
    throw ShapeError(std::string(who) + ": the loss must be 1×1, it is " + shape_string(loss));
}

}  // namespace

double value_and_grad(Graph& g, Var loss) {
  check_scalar("value_and_grad", g, loss);
  if (g.mode() == Mode::clarke) return clarke_value_and_grad(g, loss).value;
  g.forward(0);
  g.backward(loss);
  return loss.scalar();
}

ClarkeReport clarke_value_and_grad(Graph& g, Var loss, const std::vector<Matrix>* prescribed) {
  check_scalar("clarke_value_and_grad", g, loss);
  const std::uint64_t seed = g.next_direction_seed();
  Scope scope(g, Mode::clarke);
  g.forward(0);  // values decide every kink they do not sit on exactly
  int order = 0;
  if (g.unresolved_ties(loss) > 0) {
    // Taylor coefficients along the curve x + εv, or x + εd + ε²v with a prescribed d,
    // escalated while ties persist.
    if (prescribed) {
      g.draw_direction(2, seed);
      set_variable_tangents(g, *prescribed, "clarke_value_and_grad");
    } else {
      g.draw_direction(1, seed);
    }
    for (order = 1; order <= kMaxOrder; ++order) {
      g.refine(loss, order);
      if (g.unresolved_ties(loss) == 0) break;
    }
    order = std::min(order, kMaxOrder);
  }
  g.backward(loss);
  return {loss.scalar(), order, g.unresolved_ties(loss)};
}

std::vector<Matrix> hvp(Graph& g, Var loss, const std::vector<Matrix>& v) {
  check_scalar("hvp", g, loss);
  Scope scope(g, Mode::conventional);
  set_variable_tangents(g, v, "hvp");
  g.forward(1);
  g.backward_with_tangents(loss);
  std::vector<Matrix> out;
  for (int id : g.variables()) out.push_back(g.buffer(id, Slot::adjoint_tangent));
  return out;
}

Matrix jvp(Graph& g, Var out, const std::vector<Matrix>& v) {
  check_graph("jvp", g, out);
  Scope scope(g, Mode::conventional);
  set_variable_tangents(g, v, "jvp");
  g.forward(1);
  return g.tangent(out.id);
}

std::vector<Matrix> vjp(Graph& g, Var out, const Matrix& u) {
  check_graph("vjp", g, out);
  Scope scope(g, Mode::conventional);
  g.forward(0);
  g.backward(out, u);
  return gradients(g);
}

Matrix jacobian(Graph& g, Var out) {
  check_graph("jacobian", g, out);
  Scope scope(g, Mode::conventional);
  g.forward(0);
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
