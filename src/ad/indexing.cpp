// Entry selection (both linear):
//   gather:   y_r = x[idx_r]                 (every coefficient likewise)      x̄[idx_r] += ȳ_r
//   scatter:  y = 0, y[idx_r] += x_r         (every coefficient likewise)      x̄_r += ȳ[idx_r]
// Indices are column-major linear indices; gather feeds indexing and slicing, scatter the
// observed entries of matrix completion.
#include "fdl/ad/ops.hpp"

namespace fdl::ad {
namespace {

class Gather final : public Op {
 public:
  Gather(int x, std::vector<Index> index) : Op({x}), index_(std::move(index)) {}
  const char* name() const override { return "gather"; }
  bool has_curvature(const Graph&) const override { return false; }

  void forward(Graph& g, int order) override {
    for (int k = 0; k <= order; ++k) pick(g.coefficient(inputs_[0], k), g.coefficient(output, k));
  }

  void backward(Graph& g, Slot from, Slot to) override {
    if (!g.needs_grad(inputs_[0])) return;
    const Matrix& ybar = g.buffer(output, from);
    Matrix& xbar = g.buffer(inputs_[0], to);
    for (std::size_t r = 0; r < index_.size(); ++r) xbar(index_[r]) += ybar(static_cast<Index>(r));
  }

 private:
  void pick(const Matrix& x, Matrix& y) const {
    for (std::size_t r = 0; r < index_.size(); ++r) y(static_cast<Index>(r)) = x(index_[r]);
  }
  std::vector<Index> index_;
};

class Scatter final : public Op {
 public:
  Scatter(int x, std::vector<Index> index) : Op({x}), index_(std::move(index)) {}
  const char* name() const override { return "scatter"; }
  bool has_curvature(const Graph&) const override { return false; }

  void forward(Graph& g, int order) override {
    for (int k = 0; k <= order; ++k) place(g.coefficient(inputs_[0], k), g.coefficient(output, k));
  }

  void backward(Graph& g, Slot from, Slot to) override {
    if (!g.needs_grad(inputs_[0])) return;
    const Matrix& ybar = g.buffer(output, from);
    Matrix& xbar = g.buffer(inputs_[0], to);
    for (std::size_t r = 0; r < index_.size(); ++r) xbar(static_cast<Index>(r)) += ybar(index_[r]);
  }

 private:
  void place(const Matrix& x, Matrix& y) const {
    y.setZero();
    for (std::size_t r = 0; r < index_.size(); ++r) y(index_[r]) += x(static_cast<Index>(r));
  }
  std::vector<Index> index_;
};

void check_indices(const char* op, const std::vector<Index>& index, Index size, const std::string& shape) {
  for (std::size_t r = 0; r < index.size(); ++r)
    if (index[r] < 0 || index[r] >= size)
      throw std::out_of_range(std::string(op) + ": index " + std::to_string(index[r]) + " at position " +
                              std::to_string(r) + " is outside " + shape);
}

}  // namespace

Var gather(Var x, const std::vector<Index>& index, Index rows, Index cols) {
  if (static_cast<Index>(index.size()) != rows * cols)
    throw ShapeError("gather: " + std::to_string(index.size()) + " indices cannot fill " + shape_string(rows, cols));
  check_indices("gather", index, x.rows() * x.cols(), shape_string(x));
  return x.graph->append(std::make_unique<Gather>(x.id, index), rows, cols);
}

Var scatter(Var x, const std::vector<Index>& index, Index rows, Index cols) {
  if (static_cast<Index>(index.size()) != x.rows() * x.cols())
    throw ShapeError("scatter: " + std::to_string(index.size()) + " indices for " + std::to_string(x.rows() * x.cols()) +
                     " entries of " + shape_string(x));
  check_indices("scatter", index, rows * cols, shape_string(rows, cols));
  return x.graph->append(std::make_unique<Scatter>(x.id, index), rows, cols);
}

}  // namespace fdl::ad
