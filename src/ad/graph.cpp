// Graph bookkeeping and the passes: forward, backward, forward-over-reverse.
#include "fdl/ad/graph.hpp"

#include <algorithm>
#include <utility>

namespace fdl::ad {

std::string shape_string(Index rows, Index cols) {
  return "(" + std::to_string(rows) + "×" + std::to_string(cols) + ")";
}

Index Var::rows() const { return graph->value(id).rows(); }
Index Var::cols() const { return graph->value(id).cols(); }
Matrix& Var::value() const { return graph->value(id); }
const Matrix& Var::grad() const { return graph->adjoint(id); }
double Var::scalar() const {
  const Matrix& v = value();
  if (v.size() != 1) throw ShapeError("scalar(): node is " + shape_string(v.rows(), v.cols()) + ", expected (1×1)");
  return v(0, 0);
}

Graph::Graph() { nodes_.reserve(64); }

Var Graph::variable(const Matrix& value) {
  Var v = constant(value);
  nodes_[v.id].needs_grad = true;
  nodes_[v.id].is_variable = true;
  variables_.push_back(v.id);
  return v;
}

Var Graph::constant(const Matrix& value) {
  Node n;
  n.buffer[0] = value;
  for (int s = 1; s < 4; ++s)
    if (allocated_[s]) n.buffer[s] = Matrix::Zero(value.rows(), value.cols());
  for (int k = 2; k <= higher_allocated_; ++k) n.higher[k - 2] = Matrix::Zero(value.rows(), value.cols());
  nodes_.push_back(std::move(n));
  return {this, size() - 1};
}

Var Graph::scalar_constant(double value) { return constant(Matrix::Constant(1, 1, value)); }

Var Graph::append(std::unique_ptr<Op> op, Index rows, Index cols) {
  for (int in : op->inputs())
    if (in < 0 || in >= size()) throw std::logic_error(std::string(op->name()) + ": input from another graph");
  Node n;
  n.buffer[0].resize(rows, cols);
  for (int s = 1; s < 4; ++s)
    if (allocated_[s]) n.buffer[s] = Matrix::Zero(rows, cols);
  for (int k = 2; k <= higher_allocated_; ++k) n.higher[k - 2] = Matrix::Zero(rows, cols);
  n.needs_grad = std::any_of(op->inputs().begin(), op->inputs().end(),
                             [&](int in) { return nodes_[in].needs_grad; });
  n.op = static_cast<int>(ops_.size());
  op->output = size();
  nodes_.push_back(std::move(n));
  ops_.push_back(std::move(op));
  // Evaluate once so the traced value can be inspected. Clarke mode chooses pieces with
  // tangents, which exist only inside a pass; until then use the conventional choice.
  Mode m = selection_.mode;
  selection_.mode = Mode::conventional;
  ops_.back()->forward(*this, 0);
  selection_.mode = m;
  return {this, size() - 1};
}

Matrix& Graph::buffer(int id, Slot s) {
  ensure_buffers(s);
  if (any_outer_ && outer_adjoint(id, s)) write_outer(id, s);  // (bounds: nodes traced since)
  if (adjoints_skipped_ && s == Slot::adjoint) check_adjoint_computed(id);
  return nodes_[id].buffer[static_cast<int>(s)];
}

bool Graph::defer_outer(int id, Slot s, const Matrix& u, const Matrix& v) {
  const char bit = unwritten_bit(s);
  if (!bit || static_cast<std::size_t>(id) >= unwritten_.size() || nodes_[id].op < 0 ||
      !ops_[nodes_[id].op]->reads_outer_adjoint())
    return false;
  const OuterAdjoint* kept = outer_adjoint(id, s);
  if (!(unwritten_[id] & bit) && !(kept && kept->rank < kOuterRank)) return false;
  const Matrix& adjoint = nodes_[id].buffer[static_cast<int>(s)];
  if (u.size() != adjoint.rows() || v.size() != adjoint.cols())
    throw std::logic_error("defer_outer: u vᵀ is " + shape_string(u.size(), v.size()) + ", the adjoint " +
                           shape_string(adjoint.rows(), adjoint.cols()));
  if (outer_.size() < 2 * nodes_.size()) outer_.resize(2 * nodes_.size());
  OuterAdjoint& o = outer_[outer_index(id, s)];
  o.u[o.rank] = u.reshaped();
  o.v[o.rank] = v.reshaped();
  ++o.rank;
  any_outer_ = true;
  unwritten_[id] &= char(~bit);
  return true;
}

void Graph::write_outer(int id, Slot s) {
  OuterAdjoint& o = outer_[outer_index(id, s)];
  Matrix& out = nodes_[id].buffer[static_cast<int>(s)];
  out.noalias() = o.u[0] * o.v[0].transpose();
  for (int k = 1; k < o.rank; ++k) out.noalias() += o.u[k] * o.v[k].transpose();
  if (o.owed_to >= 0) nodes_[o.owed_to].buffer[static_cast<int>(s)].noalias() += value(id).transpose() * o.u[0];
  o.rank = 0, o.owed_to = -1;
}

bool Graph::fold_product(int a, int b, int c) {
  const int producer = nodes_[a].op;
  if (producer < 0 || !ops_[producer]->folds_products() || value(b).cols() != 1 || (nodes_[b].op >= 0 && b >= a))
    return false;
  folds_.push_back({a, b, c});
  return true;
}

bool Graph::form_in_consumer(int z) {
  const int producer = nodes_[z].op, consumer = z + 1 < size() ? nodes_[z + 1].op : -1;
  if (producer < 0 || consumer < 0 || !ops_[producer]->is_product() || !ops_[consumer]->forms_input_product() ||
      ops_[consumer]->inputs() != std::vector<int>{z} || product_folded(z))
    return false;
  formed_in_consumer_.push_back(z);
  return true;
}

bool Graph::may_form_product_adjoint(int z, Slot s) const {
  return unwritten_bit(s) && formed_in_consumer(z) && nodes_[ops_[nodes_[z].op]->inputs()[1]].needs_grad;
}

bool Graph::product_adjoint_formed(int z, Slot s) {
  const auto it = std::find(formed_adjoints_.begin(), formed_adjoints_.end(), std::pair{z, s});
  if (it == formed_adjoints_.end()) return false;
  formed_adjoints_.erase(it);
  return true;
}

bool Graph::fold_adjoint(int c, Slot s) {
  const FoldedProduct* p = folded_product(c);
  // (the plain sweep's adjoints; the HVP sweep's adjoint tangents, whose adjoints it computes only in part)
  if (!p || !(s == Slot::adjoint ? plain_sweep_ : s == Slot::adjoint_tangent)) return false;
  const std::size_t k = outer_index(p->a, s);
  if (k >= outer_.size() || outer_[k].rank != 1 || outer_[k].owed_to >= 0 || !nodes_[p->b].needs_grad) return false;
  if (first_contribution(p->b, s)) nodes_[p->b].buffer[static_cast<int>(s)].setZero();
  outer_[k].owed_to = p->b;
  return true;
}

int Graph::take_owed_product(int a, Slot s) {
  const std::size_t k = outer_index(a, s);
  return k < outer_.size() ? std::exchange(outer_[k].owed_to, -1) : -1;
}

void Graph::ensure_buffers(Slot s) {
  int k = static_cast<int>(s);
  if (allocated_[k]) return;
  for (Node& n : nodes_) n.buffer[k] = Matrix::Zero(n.buffer[0].rows(), n.buffer[0].cols());
  allocated_[k] = true;
}

Matrix& Graph::coefficient(int id, int k) {
  if (k <= 1) return buffer(id, k == 0 ? Slot::value : Slot::tangent);
  ensure_higher(k);
  return nodes_[id].higher[k - 2];
}

void Graph::ensure_higher(int order) {
  for (; higher_allocated_ < order; ++higher_allocated_)
    for (Node& n : nodes_) n.higher[higher_allocated_ - 1] = Matrix::Zero(n.buffer[0].rows(), n.buffer[0].cols());
}

void Graph::forward(int order) {
  if (order < 0 || order > kMaxOrder)
    throw std::invalid_argument("forward: order " + std::to_string(order) + " outside [0, " + std::to_string(kMaxOrder) + "]");
  if (order >= 1) ensure_buffers(Slot::tangent);
  ensure_higher(order);
  order_ = order;
  clarke_pass_ = selection_.mode == Mode::clarke;
  selection_.unresolved_ties = 0;
  op_ties_.resize(ops_.size());
  for (std::size_t k = 0; k < ops_.size(); ++k) {
    const std::int64_t before = selection_.unresolved_ties;
    ops_[k]->forward(*this, order);
    op_ties_[k] = selection_.unresolved_ties - before;
  }
}

void Graph::refine(Var out, int order) {
  if (out.graph != this || out.id < 0 || out.id >= size())
    throw std::invalid_argument("refine: the output belongs to a different graph");
  if (order < 1 || order > kMaxOrder)
    throw std::invalid_argument("refine: order " + std::to_string(order) + " outside [1, " + std::to_string(kMaxOrder) + "]");
  if (op_ties_.size() != ops_.size() || !clarke_pass_ || selection_.mode != Mode::clarke)
    throw std::logic_error("refine: needs a Clarke-mode forward pass of the whole graph first");
  ensure_buffers(Slot::tangent);
  ensure_higher(order);
  order_ = order;
  // Backward over the ops reaching `out`: an op runs if its output's coefficients are needed or
  // it is tied; a tied op whose output nobody needs reads its input only at its ties.
  need_.assign(nodes_.size(), Need::none);
  need_box_.resize(nodes_.size());
  refine_ops_.clear();
  for (int k : ops_reaching(out.id)) {
    const Op& op = *ops_[k];
    const Need need = need_[op.output];
    if (need == Need::none && op_ties_[k] == 0) continue;
    refine_ops_.push_back(k);
    const Box* box = need == Need::none ? op.ties() : nullptr;
    for (int in : op.inputs()) {
      if (!nodes_[in].needs_grad || need_[in] == Need::all) continue;  // constants: coefficients 0
      if (!box) need_[in] = Need::all;
      else if (need_[in] == Need::box) need_box_[in].unite(*box);
      else need_[in] = Need::box, need_box_[in] = *box;
    }
  }
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{refining_};
  refining_ = true;
  for (auto k = refine_ops_.rbegin(); k != refine_ops_.rend(); ++k) {
    const std::int64_t before = selection_.unresolved_ties;
    ops_[*k]->forward(*this, order);
    op_ties_[*k] = selection_.unresolved_ties - before;
  }
}

std::int64_t Graph::unresolved_ties(Var out) {
  std::int64_t n = 0;
  for (int k : ops_reaching(out.id)) n += op_ties_[k];
  return n;
}

const std::vector<int>& Graph::ops_reaching(int out) {
  if (out == reach_out_ && size() == reach_size_) return reach_ops_;
  std::vector<char> reaches(nodes_.size(), 0);
  reaches[out] = 1;
  reach_ops_.clear();
  for (int id = out; id >= 0; --id) {
    if (!reaches[id] || nodes_[id].op < 0 || !nodes_[id].needs_grad) continue;
    reach_ops_.push_back(nodes_[id].op);
    for (int in : ops_[nodes_[id].op]->inputs()) reaches[in] = 1;
  }
  reach_out_ = out;
  reach_size_ = size();
  return reach_ops_;
}

// An adjoint is needed where a curvature term reads it, and then so are the adjoints it is
// computed from: those of its consumers' outputs. Inputs come before outputs in reverse `order`.
void Graph::mark_needed_adjoints(const std::vector<int>& order) {
  adjoint_needed_.assign(nodes_.size(), 0);
  for (auto k = order.rbegin(); k != order.rend(); ++k) {
    const Op& op = *ops_[*k];
    bool needed = op.has_curvature(*this);
    for (int in : op.inputs()) needed = needed || adjoint_needed_[in];
    adjoint_needed_[op.output] = needed;
  }
}

void Graph::check_adjoint_computed(int id) const {
  if (static_cast<std::size_t>(id) >= adjoint_needed_.size() || !nodes_[id].needs_grad || adjoint_needed_[id]) return;
  throw std::logic_error("the adjoint (gradient) of node " + std::to_string(id) +
                         " was not computed: the last reverse sweep was a Hessian-vector product, which computes "
                         "only the adjoints its second-order terms read; run value_and_grad (or backward) for it");
}

void Graph::zero_if_unwritten(int id) {
  if (unwritten_[id] & unwritten_bit(Slot::adjoint)) nodes_[id].buffer[2].setZero();
  if (unwritten_[id] & unwritten_bit(Slot::adjoint_tangent)) nodes_[id].buffer[3].setZero();
  unwritten_[id] = 0;
}

void Graph::sweep_backward(Var out, bool with_tangents) {
  if (out.graph != this || out.id < 0 || out.id >= size())
    throw std::invalid_argument("backward: the output belongs to a different graph");
  const std::vector<int>& order = ops_reaching(out.id);
  if (any_outer_)
    for (OuterAdjoint& o : outer_) o.rank = 0, o.owed_to = -1;
  any_outer_ = false;
  formed_adjoints_.clear();
  adjoints_skipped_ = false;
  plain_sweep_ = !with_tangents;
  if (with_tangents) mark_needed_adjoints(order);
  // Adjoints (and the HVP sweep's adjoint tangents) are written, not zeroed first: the first
  // contribution to a node assigns (first_contribution), a node is zeroed only before an op that
  // accumulates into it or reads it unwritten — and, after the sweep, if nothing reached it (its
  // gradient is 0). The HVP sweep leaves the adjoints it does not need as they were.
  const char adjoint = unwritten_bit(Slot::adjoint), tangent = with_tangents ? unwritten_bit(Slot::adjoint_tangent) : 0;
  unwritten_.assign(nodes_.size(), 0);
  for (std::size_t id = 0; id < nodes_.size(); ++id)
    if (nodes_[id].needs_grad) unwritten_[id] = char((!with_tangents || adjoint_needed_[id] ? adjoint : 0) | tangent);
  nodes_[out.id].buffer[2] = seed_;
  if (with_tangents) nodes_[out.id].buffer[3].setZero();
  unwritten_[out.id] = 0;
  for (int k : order) {
    Op& op = *ops_[k];
    zero_if_unwritten(op.output);
    bool adjoints = !with_tangents;
    for (int in : op.inputs()) adjoints = adjoints || adjoint_needed_[in];
    if (!op.assigns_first())
      for (int in : op.inputs()) zero_if_unwritten(in);
    if (adjoints) op.backward(*this, Slot::adjoint, Slot::adjoint);
    if (with_tangents) {
      op.backward(*this, Slot::adjoint_tangent, Slot::adjoint_tangent);
      if (!op.has_curvature(*this)) continue;
      for (int in : op.inputs()) zero_if_unwritten(in);  // curvature accumulates (+=)
      op.curvature(*this);
    }
  }
  for (int id = 0; id < size(); ++id) zero_if_unwritten(id);
  unwritten_.assign(nodes_.size(), 0);  // first_contribution is false outside the sweep
  adjoints_skipped_ = with_tangents;
  plain_sweep_ = false;
}

void Graph::backward(Var out) {
  ensure_buffers(Slot::adjoint);
  seed_.resize(value(out.id).rows(), value(out.id).cols());
  seed_.setOnes();
  sweep_backward(out, false);
}

void Graph::backward(Var out, const Matrix& seed) {
  if (seed.rows() != out.rows() || seed.cols() != out.cols())
    throw ShapeError("backward: seed is " + shape_string(seed.rows(), seed.cols()) + ", output is " +
                     shape_string(out));
  ensure_buffers(Slot::adjoint);
  seed_ = seed;
  sweep_backward(out, false);
}

void Graph::backward_with_tangents(Var out) {
  ensure_buffers(Slot::adjoint);
  ensure_buffers(Slot::tangent);
  ensure_buffers(Slot::adjoint_tangent);
  seed_.resize(out.rows(), out.cols());
  seed_.setOnes();
  sweep_backward(out, true);
}

namespace {

// The splitmix64 sequence: a fast, well-mixed 64-bit stream (Steele, Lea, Flood 2014).
std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

// Uniform on [−1, 1): any distribution with a density breaks the ties almost surely, and this
// one costs a few cycles an entry (a normal draw cost ~25 ns, 2.5 ms for a 1000×100 layer).
// Coefficients above order k are allocated (zero) only when a pass first needs them.
void Graph::draw_direction(int k, std::uint64_t seed) {
  if (k < 1 || k > kMaxOrder)
    throw std::invalid_argument("draw_direction: order " + std::to_string(k) + " outside [1, " + std::to_string(kMaxOrder) + "]");
  ensure_buffers(Slot::tangent);
  ensure_higher(k);
  std::uint64_t state = seed;
  for (int id : variables_)
    for (int o = 1; o <= higher_allocated_; ++o) {
      Matrix& c = coefficient(id, o);
      if (o != k) c.setZero();
      else
        for (double& t : c.reshaped()) t = double(splitmix64(state) >> 11) * 0x1.0p-52 - 1.0;
    }
}

std::uint64_t Graph::next_direction_seed() {  // one splitmix64 step from (seed, call)
  std::uint64_t state = direction_seed_ + 0x9e3779b97f4a7c15ULL * direction_calls_++;
  return splitmix64(state);
}

}  // namespace fdl::ad
