// Program branches as an op: y = a where p ≥ 0, else b (entrywise, numpy broadcasting).
// The predicate p is a traced value, so Clarke mode decides a branch whose predicate is exactly
// 0 by the lexicographic sign of p's coefficients along the direction; conventionally p ≥ 0
// takes a (a bare boolean, as `torch.where(p >= 0, a, b)`). The output and every coefficient
// are those of the chosen operand; p receives no gradient (the choice is piecewise constant).
#include "fdl/ad/ops.hpp"

namespace fdl::ad {
namespace {

struct Operand {  // an input broadcast to the output shape
  const Matrix& m;
  Index at(Index i, Index j) const { return (m.rows() == 1 ? 0 : i) + (m.cols() == 1 ? 0 : j * m.rows()); }
};

class Where final : public Op {
 public:
  Where(int p, int a, int b) : Op({p, a, b}) {}
  const char* name() const override { return "where"; }
  bool has_curvature(const Graph&) const override { return false; }

  void forward(Graph& g, int order) override {
    Matrix& y = g.value(output);
    take_a_.resize(y.rows(), y.cols());
    const Operand p{g.value(inputs_[0])};
    const bool clarke = g.mode() == Mode::clarke;
    double h[kMaxOrder + 1];
    for (Index j = 0; j < y.cols(); ++j)
      for (Index i = 0; i < y.rows(); ++i) {
        const Index at = p.at(i, j);
        if (clarke) {
          for (int k = 0; k <= order; ++k) h[k] = g.coefficient(inputs_[0], k)(at);
          take_a_(i, j) = g.selection().lexsign(h, order + 1) >= 0;
        } else {
          take_a_(i, j) = p.m(at) >= 0;
        }
      }
    for (int k = 0; k <= order; ++k) {
      const Operand a{g.coefficient(inputs_[1], k)}, b{g.coefficient(inputs_[2], k)};
      Matrix& yk = g.coefficient(output, k);
      for (Index j = 0; j < y.cols(); ++j)
        for (Index i = 0; i < y.rows(); ++i) yk(i, j) = take_a_(i, j) ? a.m(a.at(i, j)) : b.m(b.at(i, j));
    }
  }

  void backward(Graph& g, Slot from, Slot to) override {
    const Matrix& ybar = g.buffer(output, from);
    for (int k = 1; k <= 2; ++k) {
      if (!g.needs_grad(inputs_[k])) continue;
      Matrix& xbar = g.buffer(inputs_[k], to);
      const Operand x{xbar};
      for (Index j = 0; j < ybar.cols(); ++j)
        for (Index i = 0; i < ybar.rows(); ++i)
          if (take_a_(i, j) == (k == 1)) xbar(x.at(i, j)) += ybar(i, j);
    }
  }

 private:
  Eigen::Matrix<bool, Eigen::Dynamic, Eigen::Dynamic> take_a_;
};

Index common_dim(Index p, Index a, Index b, const std::string& shapes) {
  Index n = std::max({p, a, b});
  for (Index d : {p, a, b})
    if (d != n && d != 1) throw ShapeError("where: cannot broadcast " + shapes);
  return n;
}

}  // namespace

Var where(Var p, Var a, Var b) {
  if (p.graph != a.graph || a.graph != b.graph) throw std::invalid_argument("where: operands belong to different graphs");
  const std::string shapes = shape_string(p) + ", " + shape_string(a) + " and " + shape_string(b);
  Index rows = common_dim(p.rows(), a.rows(), b.rows(), shapes);
  Index cols = common_dim(p.cols(), a.cols(), b.cols(), shapes);
  return a.graph->append(std::make_unique<Where>(p.id, a.id, b.id), rows, cols);
}

}  // namespace fdl::ad
