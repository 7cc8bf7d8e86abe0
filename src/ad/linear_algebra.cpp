// Matrix product and transpose.
//
//   C = A B:   Ċ = Ȧ B + A Ḃ      Ā += C̄ Bᵀ,  B̄ += Aᵀ C̄      Ā' += C̄ Ḃᵀ,  B̄' += Ȧᵀ C̄ (curvature)
//   Y = Xᵀ:    Ẏ = Ẋᵀ             X̄ += Ȳᵀ
#include "fdl/ad/gemm.hpp"
#include "fdl/ad/ops.hpp"

namespace fdl::ad {
namespace {

class MatMul final : public Op {
 public:
  MatMul(int a, int b) : Op({a, b}) {}
  const char* name() const override { return "matmul"; }

  void forward(Graph& g, bool tangents) override {
    const Matrix& a = g.value(inputs_[0]);
    const Matrix& b = g.value(inputs_[1]);
    gemm(a, Trans::no, b, Trans::no, g.value(output), Accumulate::no);
    if (tangents) {
      Matrix& dc = g.tangent(output);
      gemm(g.tangent(inputs_[0]), Trans::no, b, Trans::no, dc, Accumulate::no);
      gemm(a, Trans::no, g.tangent(inputs_[1]), Trans::no, dc, Accumulate::yes);
    }
  }

  void backward(Graph& g, Slot from, Slot to) override {
    const Matrix& cbar = g.buffer(output, from);
    if (g.needs_grad(inputs_[0])) gemm(cbar, Trans::no, g.value(inputs_[1]), Trans::yes, g.buffer(inputs_[0], to), Accumulate::yes);
    if (g.needs_grad(inputs_[1])) gemm(g.value(inputs_[0]), Trans::yes, cbar, Trans::no, g.buffer(inputs_[1], to), Accumulate::yes);
  }

  void curvature(Graph& g) override {
    const Matrix& cbar = g.adjoint(output);
    if (g.needs_grad(inputs_[0]))
      gemm(cbar, Trans::no, g.tangent(inputs_[1]), Trans::yes, g.buffer(inputs_[0], Slot::adjoint_tangent), Accumulate::yes);
    if (g.needs_grad(inputs_[1]))
      gemm(g.tangent(inputs_[0]), Trans::yes, cbar, Trans::no, g.buffer(inputs_[1], Slot::adjoint_tangent), Accumulate::yes);
  }
};

class Transpose final : public Op {
 public:
  explicit Transpose(int x) : Op({x}) {}
  const char* name() const override { return "transpose"; }

  void forward(Graph& g, bool tangents) override {
    g.value(output).noalias() = g.value(inputs_[0]).transpose();
    if (tangents) g.tangent(output).noalias() = g.tangent(inputs_[0]).transpose();
  }

  void backward(Graph& g, Slot from, Slot to) override {
    if (g.needs_grad(inputs_[0])) g.buffer(inputs_[0], to).noalias() += g.buffer(output, from).transpose();
  }
};

}  // namespace

Var matmul(Var a, Var b) {
  if (a.graph != b.graph) throw std::invalid_argument("matmul: operands belong to different graphs");
  if (a.cols() != b.rows())
    throw ShapeError("matmul: inner dimensions differ, " + shape_string(a) + " @ " + shape_string(b));
  return a.graph->append(std::make_unique<MatMul>(a.id, b.id), a.rows(), b.cols());
}

Var transpose(Var x) { return x.graph->append(std::make_unique<Transpose>(x.id), x.cols(), x.rows()); }

}  // namespace fdl::ad
