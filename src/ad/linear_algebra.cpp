// Matrix product and transpose.
//
//   C = A B:   Ċ = Ȧ B + A Ḃ      Ā += C̄ Bᵀ,  B̄ += Aᵀ C̄      Ā' += C̄ Ḃᵀ,  B̄' += Ȧᵀ C̄ (curvature)
//              Taylor coefficients C_k = Σ_{i+j=k} A_i B_j
//   Y = Xᵀ:    Y_k = X_kᵀ          X̄ += Ȳᵀ
// Coefficients of constants are zero; their products are skipped (in the curvature too). A refine
// pass (Graph::refine) keeps the values and computes C_k only on the entries it needs. With B a
// column and A's producer folding products (relu), A B and B̄'s Aᵀ C̄ are formed in that
// producer's own passes over A (Graph::fold_product).
#include "fdl/ad/gemm.hpp"
#include "fdl/ad/ops.hpp"
#include "small_gemm.hpp"

namespace fdl::ad {
namespace {

class MatMul final : public Op {
 public:
  MatMul(int a, int b) : Op({a, b}) {}
  const char* name() const override { return "matmul"; }

  void forward(Graph& g, int order) override {
    const int a = inputs_[0], b = inputs_[1];
    // (A folded product is formed by A's producer; a product formed in its consumer by that consumer.)
    if (!g.refining() && !g.product_folded(output) && !g.formed_in_consumer(output))
      gemm(g.value(a), Trans::no, g.value(b), Trans::no, g.value(output), Accumulate::no);
    if (const Box* box = g.needed_box(output)) return coefficients_on(g, *box, order);
    if (g.tangent_folded(output, order)) return;  // (formed by A's producer)
    for (int k = 1; k <= order; ++k) {
      Matrix& ck = g.coefficient(output, k);
      bool first = true;  // the first product assigns: no pass zeroing C_k
      for (int i = 0; i <= k; ++i) {
        if (!nonzero(g, i, k)) continue;
        gemm(g.coefficient(a, i), Trans::no, g.coefficient(b, k - i), Trans::no, ck, Accumulate(!first));
        first = false;
      }
      if (first) ck.setZero();
    }
  }

  bool assigns_first() const override { return true; }
  bool is_product() const override { return true; }

  void backward(Graph& g, Slot from, Slot to) override {
    const Matrix& cbar = g.buffer(output, from);
    auto acc = [&](int in) { return g.first_contribution(in, to) ? Accumulate::no : Accumulate::yes; };
    const Matrix& b = g.value(inputs_[1]);
    // B a column: Ā = C̄ Bᵀ is an outer product, which A's producer may take as it is (so is the
    // curvature's C̄ Ḃᵀ), and then, where C = A B is folded, B̄'s Aᵀ C̄ as well.
    const bool outer = g.needs_grad(inputs_[0]) && b.cols() == 1 && g.defer_outer(inputs_[0], to, cbar, b);
    if (g.needs_grad(inputs_[0]) && !outer) gemm(cbar, Trans::no, b, Trans::yes, g.buffer(inputs_[0], to), acc(inputs_[0]));
    if (g.needs_grad(inputs_[1]) && !g.product_adjoint_formed(output, to) && !(outer && g.fold_adjoint(output, to)))
      gemm(g.value(inputs_[0]), Trans::yes, cbar, Trans::no, g.buffer(inputs_[1], to), acc(inputs_[1]));
  }

  // The cross terms need both tangents: a constant operand's tangent is zero (no product).
  bool has_curvature(const Graph& g) const override { return g.needs_grad(inputs_[0]) && g.needs_grad(inputs_[1]); }
  void curvature(Graph& g) override {
    const Matrix& cbar = g.adjoint(output);
    const Matrix& bdot = g.tangent(inputs_[1]);
    if (!(bdot.cols() == 1 && g.defer_outer(inputs_[0], Slot::adjoint_tangent, cbar, bdot)))
      gemm(cbar, Trans::no, bdot, Trans::yes, g.buffer(inputs_[0], Slot::adjoint_tangent), Accumulate::yes);
    gemm(g.tangent(inputs_[0]), Trans::yes, cbar, Trans::no, g.buffer(inputs_[1], Slot::adjoint_tangent), Accumulate::yes);
  }

 private:
  // A_i B_{k−i} is zero when a constant operand carries a coefficient of order ≥ 1.
  bool nonzero(const Graph& g, int i, int k) const {
    return (i == 0 || g.needs_grad(inputs_[0])) && (i == k || g.needs_grad(inputs_[1]));
  }

  // Coefficients only on the rows I × cols J a refine pass needs: C_k[I, J] = Σ A_i[I, :] B_{k−i}[:, J]
  // (about |I|·|J|/(rows·cols) of the full products; the other entries are left as they were).
  void coefficients_on(Graph& g, const Box& box, int order) {
    rows_.clear(), cols_.clear();
    for (Index i = 0; i < Index(box.rows.size()); ++i)
      if (box.rows[i]) rows_.push_back(i);
    for (Index j = 0; j < Index(box.cols.size()); ++j)
      if (box.cols[j]) cols_.push_back(j);
    const bool all_rows = rows_.size() == box.rows.size(), all_cols = cols_.size() == box.cols.size();
    // All rows and one run of columns: the block is a contiguous run of C_k, written in place.
    const bool in_place = all_rows && !cols_.empty() && cols_.back() - cols_.front() + 1 == Index(cols_.size());
    auto a_part = [&](int i) -> const Matrix& {
      const Matrix& ai = g.coefficient(inputs_[0], i);
      return all_rows ? ai : (a_rows_ = ai(rows_, Eigen::all));
    };
    auto b_part = [&](int j) -> const Matrix& {
      const Matrix& bj = g.coefficient(inputs_[1], j);
      return all_cols ? bj : (b_cols_ = bj(Eigen::all, cols_));
    };
    for (int k = 1; k <= order; ++k) {
      Matrix& ck = g.coefficient(output, k);
      const Index rows = Index(rows_.size()), cols = Index(cols_.size());
      if (!in_place) part_.resize(rows, cols);
      Eigen::Map<Matrix> block(in_place ? ck.col(cols_.front()).data() : part_.data(), rows, cols);
      int terms[kMaxOrder + 1], count = 0;  // the i with A_i B_{k−i} not zero
      for (int i = 0; i <= k; ++i)
        if (nonzero(g, i, k)) terms[count++] = i;
      const bool in_float =
          order == 1 && box.signs_only && count == 1 && signs_in_float(a_part(terms[0]), b_part(k - terms[0]), block);
      if (!in_float && count == 0) block.setZero();
      for (int t = 0; !in_float && t < count; ++t)
        gemm(a_part(terms[t]), Trans::no, b_part(k - terms[t]), Trans::no, block, Accumulate(t > 0));
      if (in_place) continue;
      if (all_rows)
        for (std::size_t j = 0; j < cols_.size(); ++j) ck.col(cols_[j]) = part_.col(Index(j));
      else
        ck(rows_, cols_) = part_;
    }
  }

  // C = L R for a consumer that reads only signs (Box::signs_only), in float: twice the SIMD width
  // of double. The float product's error is at most κ‖L[i, :]‖‖R[:, j]‖, κ = 2(depth + 3)·2⁻²⁴
  // (the operands rounded to float, the products, the sums: Higham 2002, §3.1, with a factor 2 to
  // spare), so where |fl32(C_ij)| exceeds it, C_ij and its double product are nonzero with
  // fl32(C_ij)'s sign, which C keeps; elsewhere (zeros, near-ties) C_ij is the double product.
  // Taken only where it pays (m·n·k ≥ kBlasThreshold) and every operand entry is 0 or of
  // magnitude in [2⁻⁴⁰, 2⁴⁰] (float's products and sums then stay normal); else returns false.
  bool signs_in_float(const Matrix& l, const Matrix& r, Eigen::Map<Matrix>& c) {
    const Index rows = l.rows(), depth = l.cols(), cols = r.cols();
    if (double(rows) * double(cols) * double(depth) < kBlasThreshold) return false;
    auto in_range = [](const Matrix& x) {  // (a NaN passes: its products come out unsure)
      const double* p = x.data();
      Index outside = 0;
      for (Index i = 0; i < x.size(); ++i) {
        const double a = std::abs(p[i]);
        outside += (a != 0.0) & ((a < 0x1p-40) | (a > 0x1p40));
      }
      return outside == 0;
    };
    if (!in_range(l) || !in_range(r)) return false;
    l_float_ = l.cast<float>(), r_float_ = r.cast<float>();
    c_float_.resize(rows, cols);
    gemm(rows, cols, depth, l_float_.data(), rows, Trans::no, r_float_.data(), depth, Trans::no, c_float_.data(), rows,
         Accumulate::no);
    row_bound_ = (2.0 * double(depth + 3) * 0x1p-24) * l.rowwise().norm();
    const double* bound = row_bound_.data();
    for (Index j = 0; j < cols; ++j) {
      const double norm = r.col(j).norm();
      const float* f = c_float_.col(j).data();
      double* cj = c.col(j).data();
      Index unsure = 0;
      for (Index i = 0; i < rows; ++i) {  // vectorized; the rare unsure entries are redone below
        const double v = f[i];
        cj[i] = v;
        unsure += !(std::abs(v) > bound[i] * norm);
      }
      if (unsure > 0)
        for (Index i = 0; i < rows; ++i)
          if (!(std::abs(cj[i]) > bound[i] * norm)) cj[i] = l.row(i).dot(r.col(j));
    }
    return true;
  }

  std::vector<Index> rows_, cols_;  // scratch of coefficients_on
  Matrix a_rows_, b_cols_, part_;
  Eigen::MatrixXf l_float_, r_float_, c_float_;  // scratch of signs_in_float
  Eigen::VectorXd row_bound_;
};

// y = xᵀ (or y += xᵀ): 8 × 8 blocks transposed in registers where the build has AVX-512, else
// written down y's columns (contiguous stores, strided loads; 2.5× Eigen's transpose assignment at
// 100×10, whose stores are the strided ones).
void transpose_into(const Matrix& x, Matrix& y, Accumulate acc) {
  const Index rows = x.rows(), cols = x.cols();
  if (acc == Accumulate::no) y.resize(cols, rows);
  const double* in = x.data();
  double* out = y.data();
  if (detail::transpose(rows, cols, in, rows, out, cols, acc)) return;
  for (Index i = 0; i < rows; ++i, out += cols)  // column i of y is row i of x
    if (acc == Accumulate::yes)
      for (Index j = 0; j < cols; ++j) out[j] += in[i + j * rows];
    else
      for (Index j = 0; j < cols; ++j) out[j] = in[i + j * rows];
}

class Transpose final : public Op {
 public:
  explicit Transpose(int x) : Op({x}) {}
  const char* name() const override { return "transpose"; }
  bool has_curvature(const Graph&) const override { return false; }

  void forward(Graph& g, int order) override {
    for (int k = g.refining() ? 1 : 0; k <= order; ++k)
      transpose_into(g.coefficient(inputs_[0], k), g.coefficient(output, k), Accumulate::no);
  }

  bool assigns_first() const override { return true; }

  void backward(Graph& g, Slot from, Slot to) override {
    if (!g.needs_grad(inputs_[0])) return;
    transpose_into(g.buffer(output, from), g.buffer(inputs_[0], to),
                   g.first_contribution(inputs_[0], to) ? Accumulate::no : Accumulate::yes);
  }
};

}  // namespace

Var matmul(Var a, Var b) {
  if (a.graph != b.graph) throw std::invalid_argument("matmul: operands belong to different graphs");
  if (a.cols() != b.rows())
    throw ShapeError("matmul: inner dimensions differ, " + shape_string(a) + " @ " + shape_string(b));
  Var c = a.graph->append(std::make_unique<MatMul>(a.id, b.id), a.rows(), b.cols());
  a.graph->fold_product(a.id, b.id, c.id);
  return c;
}

Var transpose(Var x) { return x.graph->append(std::make_unique<Transpose>(x.id), x.cols(), x.rows()); }

}  // namespace fdl::ad
