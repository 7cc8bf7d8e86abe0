// Reductions over all entries, over each row (→ m×1) or over each column (→ 1×n).
//
//   sum:        y = c·Σx                  y_k = c·Σx_k        x̄ += c·ȳ            (c = 1, or 1/count for mean)
//   max / min:  y = x_w (selected entry)  y_k = Σ w x_k       x̄ += w ȳ            (w: weights of the winners)
//   logsumexp:  y = log Σ eˣ              ẏ = Σ p ẋ           x̄ += p ȳ            (p = e^{x−y})
//               curvature  x̄' += ȳ p ⊙ (ẋ − ẏ)
//               Taylor: e = e^{x − shift} has e_k = (1/k) Σ_{j=1..k} j x_j e_{k−j}; s = Σ e;
//               y = log s has y_k = (s_k − (1/k) Σ_{j=1..k−1} j y_j s_{k−j}) / s_0
#include "fdl/ad/ops.hpp"

#include <cmath>
#include <limits>

namespace fdl::ad {
namespace {

// Where entry (i, j) of the input goes in the output.
struct Grouping {
  Axis axis;
  Index at(Index i, Index j) const { return axis == Axis::all ? 0 : (axis == Axis::rows ? i : j); }
  static Index rows(Axis a, const Matrix& x) { return a == Axis::rows ? x.rows() : 1; }
  static Index cols(Axis a, const Matrix& x) { return a == Axis::cols ? x.cols() : 1; }
};

class Sum final : public Op {
 public:
  Sum(int x, Axis axis, double scale) : Op({x}), group_{axis}, scale_(scale) {}
  const char* name() const override { return "sum"; }
  bool has_curvature(const Graph&) const override { return false; }

  void forward(Graph& g, int order) override {
    for (int k = 0; k <= order; ++k) reduce(g.coefficient(inputs_[0], k), g.coefficient(output, k));
  }

  void backward(Graph& g, Slot from, Slot to) override {
    if (!g.needs_grad(inputs_[0])) return;
    const Matrix& ybar = g.buffer(output, from);
    Matrix& xbar = g.buffer(inputs_[0], to);
    for (Index j = 0; j < xbar.cols(); ++j)
      for (Index i = 0; i < xbar.rows(); ++i) xbar(i, j) += scale_ * ybar(group_.at(i, j));
  }

 private:
  void reduce(const Matrix& x, Matrix& y) const {
    switch (group_.axis) {
      case Axis::all: y(0, 0) = scale_ * x.sum(); break;
      case Axis::rows: y.noalias() = scale_ * x.rowwise().sum(); break;
      case Axis::cols: y.noalias() = scale_ * x.colwise().sum(); break;
    }
  }
  Grouping group_;
  double scale_;
};

// sign = +1 for max, −1 for min: the winner maximizes sign·(value, tangent) lexicographically.
class Extremum final : public Op {
 public:
  Extremum(int x, Axis axis, double sign) : Op({x}), group_{axis}, sign_(sign) {}
  const char* name() const override { return sign_ > 0 ? "max" : "min"; }
  bool has_curvature(const Graph&) const override { return false; }  // piecewise linear

  void forward(Graph& g, int order) override {
    const Matrix& x = g.value(inputs_[0]);
    Matrix& y = g.value(output);
    // Clarke mode compares (value, coefficient 1, …, order) lexicographically; else values only.
    const int compared = g.mode() == Mode::clarke ? order : 0;
    const double* xk[kMaxOrder + 1];
    for (int k = 0; k <= compared; ++k) xk[k] = g.coefficient(inputs_[0], k).data();
    weight_.setZero(x.rows(), x.cols());
    best_.resize(y.size());
    count_.resize(y.size());
    best_.setConstant(-1);
    count_.setZero();
    // One pass to find each group's winner (first among equals), counting the ties.
    for (Index j = 0; j < x.cols(); ++j)
      for (Index i = 0; i < x.rows(); ++i) {
        Index k = group_.at(i, j), flat = i + j * x.rows();
        if (best_(k) < 0) {
          best_(k) = flat, count_(k) = 1;
          continue;
        }
        int cmp = 0;  // lexicographic sign of sign·(x_flat − x_best); a NaN wins and stays
        if (std::isnan(xk[0][best_(k)])) cmp = -1;
        else if (std::isnan(xk[0][flat])) cmp = 1;
        for (int o = 0; o <= compared && cmp == 0; ++o) {
          double d = sign_ * (xk[o][flat] - xk[o][best_(k)]);
          cmp = d > 0 ? 1 : (d < 0 ? -1 : 0);
        }
        if (cmp > 0) best_(k) = flat, count_(k) = 1;
        else if (cmp == 0) ++count_(k);
      }
    for (Index k = 0; k < y.size(); ++k) y(k) = x(best_(k));
    if (g.mode() == Mode::clarke) {
      for (Index k = 0; k < y.size(); ++k) {
        weight_(best_(k)) = 1.0;
        if (count_(k) > 1) ++g.selection().unresolved_ties;
      }
    } else if (group_.axis == Axis::all && !std::isnan(y(0))) {  // PyTorch: a full reduction splits ties evenly
      for (Index f = 0; f < x.size(); ++f)
        if (x(f) == y(0)) weight_(f) = 1.0 / static_cast<double>(count_(0));
    } else {  // PyTorch: max(dim) sends everything to the first index
      for (Index k = 0; k < y.size(); ++k) weight_(best_(k)) = 1.0;
    }
    for (int o = 1; o <= order; ++o) {
      const Matrix& t = g.coefficient(inputs_[0], o);
      Matrix& dy = g.coefficient(output, o);
      dy.setZero();
      for (Index j = 0; j < x.cols(); ++j)
        for (Index i = 0; i < x.rows(); ++i) dy(group_.at(i, j)) += weight_(i, j) * t(i, j);
    }
  }

  void backward(Graph& g, Slot from, Slot to) override {
    if (!g.needs_grad(inputs_[0])) return;
    const Matrix& ybar = g.buffer(output, from);
    Matrix& xbar = g.buffer(inputs_[0], to);
    for (Index j = 0; j < xbar.cols(); ++j)
      for (Index i = 0; i < xbar.rows(); ++i) xbar(i, j) += weight_(i, j) * ybar(group_.at(i, j));
  }

 private:
  Grouping group_;
  double sign_;
  Matrix weight_;
  Eigen::Matrix<Index, Eigen::Dynamic, 1> best_, count_;
};

class LogSumExp final : public Op {
 public:
  LogSumExp(int x, Axis axis) : Op({x}), group_{axis} {}
  const char* name() const override { return "logsumexp"; }

  void forward(Graph& g, int order) override {
    const Matrix& x = g.value(inputs_[0]);
    Matrix& y = g.value(output);
    p_.resize(x.rows(), x.cols());
    y.setConstant(-std::numeric_limits<double>::infinity());
    for (Index j = 0; j < x.cols(); ++j)  // y ← max, for stability
      for (Index i = 0; i < x.rows(); ++i) y(group_.at(i, j)) = std::max(y(group_.at(i, j)), x(i, j));
    shift_ = y;
    y.setZero();
    for (Index j = 0; j < x.cols(); ++j)
      for (Index i = 0; i < x.rows(); ++i) {
        Index k = group_.at(i, j);
        p_(i, j) = std::isinf(shift_(k)) ? 0.0 : std::exp(x(i, j) - shift_(k));
        y(k) += p_(i, j);
      }
    for (Index k = 0; k < y.size(); ++k) {
      double total = y(k);
      y(k) = shift_(k) + std::log(total);
      shift_(k) = total;
    }
    for (Index j = 0; j < x.cols(); ++j)
      for (Index i = 0; i < x.rows(); ++i)
        if (shift_(group_.at(i, j)) > 0) p_(i, j) /= shift_(group_.at(i, j));
    if (order >= 1) {
      const Matrix& t = g.tangent(inputs_[0]);
      Matrix& dy = g.tangent(output);
      dy.setZero();
      for (Index j = 0; j < x.cols(); ++j)
        for (Index i = 0; i < x.rows(); ++i) dy(group_.at(i, j)) += p_(i, j) * t(i, j);
    }
    if (order >= 2) higher_coefficients(g, order);
  }

  void backward(Graph& g, Slot from, Slot to) override {
    if (!g.needs_grad(inputs_[0])) return;
    const Matrix& ybar = g.buffer(output, from);
    Matrix& xbar = g.buffer(inputs_[0], to);
    for (Index j = 0; j < xbar.cols(); ++j)
      for (Index i = 0; i < xbar.rows(); ++i) xbar(i, j) += p_(i, j) * ybar(group_.at(i, j));
  }

  bool has_curvature(const Graph& g) const override { return g.needs_grad(inputs_[0]); }
  void curvature(Graph& g) override {
    const Matrix& ybar = g.adjoint(output);
    const Matrix& dy = g.tangent(output);
    const Matrix& dx = g.tangent(inputs_[0]);
    Matrix& xbar_dot = g.buffer(inputs_[0], Slot::adjoint_tangent);
    for (Index j = 0; j < dx.cols(); ++j)
      for (Index i = 0; i < dx.rows(); ++i) {
        Index k = group_.at(i, j);
        xbar_dot(i, j) += ybar(k) * p_(i, j) * (dx(i, j) - dy(k));
      }
  }

 private:
  // Taylor coefficients 2..order by the recurrences above, with the normalized e (e_0 = p).
  void higher_coefficients(Graph& g, int order) {
    const int in = inputs_[0];
    const Matrix& x = g.value(in);
    for (int k = 0; k <= order; ++k) {
      e_[k].resize(x.rows(), x.cols());
      s_[k].setZero(g.value(output).rows(), g.value(output).cols());
    }
    e_[0] = p_;
    for (Index j = 0; j < x.cols(); ++j)
      for (Index i = 0; i < x.rows(); ++i) s_[0](group_.at(i, j)) += p_(i, j);
    for (int k = 1; k <= order; ++k) {
      for (Index f = 0; f < x.size(); ++f) {
        double ek = 0;
        for (int m = 1; m <= k; ++m) ek += m * g.coefficient(in, m)(f) * e_[k - m](f);
        e_[k](f) = ek / k;
      }
      for (Index j = 0; j < x.cols(); ++j)
        for (Index i = 0; i < x.rows(); ++i) s_[k](group_.at(i, j)) += e_[k](i, j);
    }
    for (int k = 2; k <= order; ++k) {
      Matrix& yk = g.coefficient(output, k);
      for (Index q = 0; q < yk.size(); ++q) {
        double r = s_[k](q);
        for (int m = 1; m < k; ++m) r -= m * g.coefficient(output, m)(q) * s_[k - m](q) / k;
        yk(q) = r / s_[0](q);
      }
    }
  }

  Grouping group_;
  Matrix p_, shift_;
  Matrix e_[kMaxOrder + 1], s_[kMaxOrder + 1];
};

Var reduce(Var x, Axis axis, std::unique_ptr<Op> op) {
  const Matrix& v = x.value();
  if (v.size() == 0) throw ShapeError(std::string(op->name()) + ": cannot reduce an empty " + shape_string(x));
  return x.graph->append(std::move(op), Grouping::rows(axis, v), Grouping::cols(axis, v));
}

double count(Var x, Axis axis) {
  return static_cast<double>(axis == Axis::all ? x.rows() * x.cols() : (axis == Axis::rows ? x.cols() : x.rows()));
}

}  // namespace

Var sum(Var x, Axis axis) { return reduce(x, axis, std::make_unique<Sum>(x.id, axis, 1.0)); }
Var mean(Var x, Axis axis) { return reduce(x, axis, std::make_unique<Sum>(x.id, axis, 1.0 / count(x, axis))); }
Var max(Var x, Axis axis) { return reduce(x, axis, std::make_unique<Extremum>(x.id, axis, 1.0)); }
Var min(Var x, Axis axis) { return reduce(x, axis, std::make_unique<Extremum>(x.id, axis, -1.0)); }
Var logsumexp(Var x, Axis axis) { return reduce(x, axis, std::make_unique<LogSumExp>(x.id, axis)); }

}  // namespace fdl::ad
