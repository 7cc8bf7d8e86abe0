// fdl::ad — a reverse-mode automatic-differentiation engine over dense double matrices.
//
// A loss is traced once into a Graph: a flat list of nodes in topological order, each with
// preallocated buffers, and the ops that produce them. The graph is then replayed every step:
//
//   forward        v_k = g_k(v_parents)                          (values, optionally tangents)
//   tangent        ṽ_k = Σ_j ∂g_k/∂v_j · ṽ_j                     (forward mode along a direction)
//   backward       v̄_j += (∂g_k/∂v_j)ᵀ v̄_k                       (reverse mode, k = last..first)
//   HVP backward   v̄'_j += (∂g_k/∂v_j)ᵀ v̄'_k + v̄_k · ∂²g_k/∂v_j∂v · ṽ   (forward-over-reverse)
//
// In steady state no pass allocates: every buffer exists after the first pass.
//
// Nonsmooth primitives (relu, abs, clamp, max, …) choose the partial derivative of one of their
// pieces during the forward pass. In `Mode::conventional` they follow PyTorch's documented
// conventions (relu'(0) = 0, abs'(0) = 0, ties of maximum split 0.5/0.5, clamp'(bound) = 1). In
// `Mode::clarke` they choose by the lexicographic sign of (value, tangent) along a direction, so
// that the whole program selects one smooth piece consistently (Kakade & Lee 2018); the tangent
// buffers exist for that purpose and for Hessian-vector products.
#pragma once

#include <Eigen/Dense>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace fdl::ad {

using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic>;  // column-major
using Index = Eigen::Index;

// How nonsmooth primitives choose their piece at a kink.
enum class Mode { conventional, clarke };

// The four buffers of a node. `tangent` is the forward-mode derivative along the current
// direction, `adjoint` the reverse-mode derivative of the output, `adjoint_tangent` the
// forward-mode derivative of the adjoint (which holds Hessian-vector products).
enum class Slot { value = 0, tangent = 1, adjoint = 2, adjoint_tangent = 3 };

// Thrown for shapes that do not fit an op; the message names the op and both shapes.
struct ShapeError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

class Graph;

// A handle to a node of a graph. Cheap to copy; arithmetic on handles traces new nodes.
struct Var {
  Graph* graph = nullptr;
  int id = -1;

  Index rows() const;
  Index cols() const;
  Matrix& value() const;          // mutable: parameters and data are updated in place
  const Matrix& grad() const;     // the adjoint after a backward pass
  double scalar() const;          // value of a 1×1 node
};

// Highest Taylor order a forward pass can carry (Clarke mode escalates up to it).
inline constexpr int kMaxOrder = 3;

// The state a nonsmooth op needs to choose a piece: the mode, and a counter of the kinks whose
// choice stayed undecided (the switch and every coefficient it carries are zero).
struct Selection {
  Mode mode = Mode::conventional;
  std::int64_t unresolved_ties = 0;

  // Sign of h(x + εv) as ε → 0⁺ from its coefficients h[0] (value), h[1], …, h[n−1]: the sign
  // of the first nonzero one (branch-free in the signs, which are random at a kink).
  int lexsign(const double* h, int n) {
    int sign = 0;
    for (int k = 0; k < n; ++k) {
      const int s = (h[k] > 0) - (h[k] < 0);
      sign = sign != 0 ? sign : s;
    }
    if (sign == 0) ++unresolved_ties;
    return sign;
  }
};

// A set of a node's entries given as rows × cols (1 = in the set): where a refine pass needs a
// node's coefficients, or where an op's switches stayed tied. `signs_only`: whoever reads the
// coefficients there decides each entry by the lexicographic sign of that entry's own
// coefficients (a unary switch), so a value with the right sign (and zero only where the exact
// one is) serves as well as the value.
struct Box {
  std::vector<char> rows, cols;
  bool signs_only = false;
  void reset(Index r, Index c) { rows.assign(r, 0), cols.assign(c, 0); }
  void add(Index i, Index j) { rows[i] = 1, cols[j] = 1; }
  void unite(const Box& o) {
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] |= o.rows[i];
    for (std::size_t j = 0; j < cols.size(); ++j) cols[j] |= o.cols[j];
    signs_only = signs_only && o.signs_only;
  }
};

// One primitive. Forward and backward of each op sit side by side in one class (src/ad/*.cpp).
class Op {
 public:
  explicit Op(std::vector<int> inputs) : inputs_(std::move(inputs)) {}
  virtual ~Op() = default;
  virtual const char* name() const = 0;

  // Value of the output and its Taylor coefficients 1..order. Nonsmooth ops choose their
  // piece here, from the inputs' values (and, in Clarke mode, coefficients).
  virtual void forward(Graph& g, int order) = 0;
  // Accumulate (∂out/∂input)ᵀ · out[from] into input[to] for every input that needs gradients.
  // An op that says assigns_first() asks Graph::first_contribution(input, to) before each
  // contribution and assigns (=) instead of accumulating (+=) when it is the first of the sweep;
  // the inputs of the other ops are zeroed before their backward runs.
  virtual void backward(Graph& g, Slot from, Slot to) = 0;
  virtual bool assigns_first() const { return false; }
  // Second-order term of the HVP sweep: input.adjoint_tangent += out.adjoint · ∂²out · tangent,
  // run where has_curvature says the op has one here (linear and piecewise-linear ops: nowhere).
  // These terms are the only readers of adjoints in that sweep, which therefore computes a
  // node's adjoint only where one of them needs it (Graph::backward_with_tangents).
  virtual bool has_curvature(const Graph& g) const = 0;
  virtual void curvature(Graph&) {}
  // Entries of the (single) input at which the last forward pass left a switch tied, for a
  // refine pass that needs the input's coefficients only there; nullptr: everywhere.
  virtual const Box* ties() const { return nullptr; }
  // Whether backward reads its output's adjoint through Graph::outer_adjoint when that adjoint
  // is kept as an outer product (see Graph::defer_outer).
  virtual bool reads_outer_adjoint() const { return false; }
  // Whether this op forms a consumer's product of its output Y with a column in its own passes
  // over Y: Y b in the forward pass, Yᵀ c̄ in the backward pass (see Graph::fold_product).
  virtual bool folds_products() const { return false; }
  // Whether this op can form its input's value where the input is a product traced right before
  // it (see Graph::form_in_consumer); and whether this op's output is the product A B of its two
  // inputs' values (matmul), which such a consumer may form.
  virtual bool forms_input_product() const { return false; }
  virtual bool is_product() const { return false; }

  const std::vector<int>& inputs() const { return inputs_; }
  int output = -1;

 protected:
  std::vector<int> inputs_;
};

struct Node {
  Matrix buffer[4];         // indexed by Slot
  Matrix higher[kMaxOrder - 1];  // coefficients of order 2..kMaxOrder
  bool needs_grad = false;  // a variable, or computed from one
  bool is_variable = false;
  int op = -1;              // index into Graph::ops_, or -1 for leaves
};

class Graph {
 public:
  Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  // Leaves. A variable is differentiated with respect to; a constant is data (its value may be
  // replaced between passes, keeping its shape).
  Var variable(const Matrix& value);
  Var constant(const Matrix& value);
  Var scalar_constant(double value);

  // Appends an op producing a rows×cols node; evaluates it once (values only) so that traced
  // values can be inspected.
  Var append(std::unique_ptr<Op> op, Index rows, Index cols);

  // Passes over the whole graph (all nodes up to the last). `order` ≥ 1 also propagates Taylor
  // coefficients 1..order: with x_k the coefficients the caller set on the variables, node
  // coefficient k is that of ε^k in node(x + ε x_1 + ε² x_2 + ε³ x_3) (order 1: the tangent).
  void forward(int order = 0);
  // Clarke mode's escalation, after a Clarke-mode forward pass: recomputes coefficients 1..order
  // only where a switch left tied on out's path needs them — the ops whose output feeds such a
  // tie, and the tied ops themselves, which re-decide their kinks. Values are those of the last
  // pass (unchanged: a tie changes a piece, not a value); ops may skip recomputing them, and
  // compute an input's coefficients only on the entries (Box) its tied consumers read.
  // Coefficients outside that cone are left as they were.
  void refine(Var out, int order);
  // Inside refine: whether node id's coefficients are needed, and where (nullptr: everywhere).
  bool refining() const { return refining_; }
  bool coefficients_needed(int id) const { return !refining_ || need_[id] != Need::none; }
  const Box* needed_box(int id) const { return refining_ && need_[id] == Need::box ? &need_box_[id] : nullptr; }
  // Zero all adjoints, seed out.adjoint = seed (ones if omitted) and sweep backward.
  void backward(Var out);
  void backward(Var out, const Matrix& seed);
  // Forward-over-reverse sweep: needs a forward pass with tangents; fills adjoint_tangent. It
  // computes the adjoints that the curvature terms read and those they depend on, no others (for
  // a net whose only second-order terms sit at the output layer that skips most of the gradient):
  // until the next reverse sweep, reading any other adjoint (Var::grad, buffer) throws
  // std::logic_error.
  void backward_with_tangents(Var out);
  // Inside a reverse sweep: true when nothing has been written yet into `id`'s adjoint (or, in
  // the HVP sweep, adjoint tangent) in this sweep (the buffer holds stale numbers: assign, do
  // not accumulate); marks it written. A sweep zeroes neither up front (issue 10: those memsets
  // cost ~10% of a step); outside a sweep, and for the value and tangent slots, this is false.
  bool first_contribution(int id, Slot s) {
    const char bit = unwritten_bit(s);
    if (!bit || static_cast<std::size_t>(id) >= unwritten_.size() || !(unwritten_[id] & bit)) return false;
    unwritten_[id] &= char(~bit);
    return true;
  }
  // Inside a reverse sweep, a rank-one contribution u vᵀ to `id`'s adjoint or adjoint tangent
  // (the left operand's of a matrix-vector product) need not be written out: where nothing has
  // been written into that slot yet, or only such a product of rank one, and id's producer
  // reads_outer_adjoint(), this keeps copies of u and v (as the slot's kOuterRank terms at most),
  // marks the slot written and returns true; the producer then forms its input's adjoint from
  // them (relu: x̄ = [y > 0] ⊙ Σ u_k v_kᵀ, one pass over a rows×cols matrix where there were two or
  // three). Any other access to the slot — a further contribution, Var::grad, buffer — writes
  // Σ u_k v_kᵀ out first.
  bool defer_outer(int id, Slot s, const Matrix& u, const Matrix& v);
  static constexpr int kOuterRank = 2;  // the HVP sweep's ḟ̄ aᵀ + f̄ ȧᵀ for f = H a
  struct OuterAdjoint {
    int rank = 0;  // terms kept; 0: none pending
    Eigen::VectorXd u[kOuterRank], v[kOuterRank];
    int owed_to = -1;  // a node whose adjoint (tangent) is owed value(id)ᵀ u[0] (fold_adjoint), or -1
  };
  // The adjoint (tangent) of `id` kept by defer_outer in this sweep, or nullptr (other slots, or
  // written).
  const OuterAdjoint* outer_adjoint(int id, Slot s) const {
    const std::size_t k = outer_index(id, s);
    return k < outer_.size() && outer_[k].rank > 0 ? &outer_[k] : nullptr;
  }

  // Products folded into a producer's passes. C = A b, b a column, where A's producer
  // folds_products() and b's value is ready before A's (b a leaf, or traced before A): A's
  // producer forms C's value in its forward pass while A's columns are in cache, C's op skipping
  // its own product (a matrix-vector product is a pass over A: 0.5 µs of a 10 µs step at
  // (100, 10, 100)). Returns whether C = A b is folded so; called once, when C is traced.
  struct FoldedProduct {
    int a, b, c;
  };
  bool fold_product(int a, int b, int c);
  const std::vector<FoldedProduct>& folded_products() const { return folds_; }
  const FoldedProduct* folded_product(int c) const {  // the fold whose product is node c, or nullptr
    for (const FoldedProduct& p : folds_)
      if (p.c == c) return &p;
    return nullptr;
  }
  bool product_folded(int c) const { return folded_product(c) != nullptr; }
  const FoldedProduct* first_folded_product(int a) const {  // the first fold of a product A b, or nullptr
    for (const FoldedProduct& p : folds_)
      if (p.a == a) return &p;
    return nullptr;
  }
  // The tangent Ċ = Ȧ b + A ḃ of the first such product is formed by A's producer too, in a
  // forward pass of order 1 that is not a refine pass (tangent_folded).
  bool tangent_folded(int c, int order) const {
    const FoldedProduct* p = folded_product(c);
    return order == 1 && !refining_ && p && p == first_folded_product(p->a);
  }
  // … and in a reverse sweep (of adjoints; in the HVP sweep, of adjoint tangents), right after
  // defer_outer(a, s, c̄, b) kept A's adjoint c̄ bᵀ as its first term: leaves b's contribution Aᵀ c̄
  // to A's producer too, which adds it in its pass over A (take_owed_product) — or write_outer
  // adds it, if A's adjoint is written out first. b's adjoint is marked written now (zeroed if it was unwritten), so that
  // contributions in between accumulate. Returns whether it did; otherwise C's op adds Aᵀ c̄.
  bool fold_adjoint(int c, Slot s);
  // For A's producer in its backward pass: the node owed value(a)ᵀ u[0] in the slot, or −1; the
  // debt passes to the caller.
  int take_owed_product(int a, Slot s);

  // Products formed by their consumer. Z = A B traced right before Y = f(Z), whose op
  // forms_input_product(), Z not a folded product: Y's op forms Z's value in its own forward pass
  // (relu: Z's tiles stored with relu applied while in registers, one pass over Z fewer), Z's op
  // skipping its product. Returns whether it is so; called once, when Y is traced.
  bool form_in_consumer(int z);
  bool formed_in_consumer(int z) const {
    return std::find(formed_in_consumer_.begin(), formed_in_consumer_.end(), z) != formed_in_consumer_.end();
  }
  // … and in a reverse sweep, where Y's op writes Z's adjoint (or adjoint tangent) Z̄ as its first
  // contribution (then its only one: the other consumers of Z, traced after Y, have run): Y's op
  // may add B's contribution Aᵀ Z̄ to B's adjoint in its own pass over Z̄, while Z̄'s columns are in
  // registers (relu: one pass over Z̄ fewer). may_form_product_adjoint says whether B needs it;
  // form_product_adjoint(z, s) records that it was added, so that Z's op skips its product
  // (product_adjoint_formed, which forgets the record).
  bool may_form_product_adjoint(int z, Slot s) const;
  void form_product_adjoint(int z, Slot s) { formed_adjoints_.emplace_back(z, s); }
  bool product_adjoint_formed(int z, Slot s);

  // Piece selection of nonsmooth ops; Clarke mode needs tangents in the forward pass.
  Mode mode() const { return selection_.mode; }
  void set_mode(Mode m) { selection_.mode = m; }
  Selection& selection() { return selection_; }
  int order() const { return order_; }  // of the last forward pass
  // Kinks left undecided in the last forward pass by the ops that `out` depends on through a
  // variable (a kink not on such a path cannot change the gradient).
  std::int64_t unresolved_ties(Var out);

  // Buffers.
  Matrix& buffer(int id, Slot s);
  Matrix& value(int id) { return nodes_[id].buffer[0]; }
  const Matrix& value(int id) const { return nodes_[id].buffer[0]; }
  Matrix& tangent(int id) { return buffer(id, Slot::tangent); }
  Matrix& coefficient(int id, int k);  // k = 0: value, 1: tangent, 2..kMaxOrder: higher
  Matrix& adjoint(int id) { return buffer(id, Slot::adjoint); }
  bool needs_grad(int id) const { return nodes_[id].needs_grad; }
  const std::vector<int>& variables() const { return variables_; }
  int size() const { return static_cast<int>(nodes_.size()); }
  const Op* op_of(int id) const { return nodes_[id].op < 0 ? nullptr : ops_[nodes_[id].op].get(); }

  // Fills coefficient k of every variable with independent entries uniform on [−1, 1) drawn
  // from `seed`, and zeroes their coefficients 1..kMaxOrder other than k.
  void draw_direction(int k, std::uint64_t seed);
  // Clarke mode's directions: call t of a graph with direction seed s uses seed hash(s, t),
  // so runs are reproducible and a direction is drawn only when a kink needs it.
  void set_direction_seed(std::uint64_t seed) { direction_seed_ = seed, direction_calls_ = 0; }
  std::uint64_t next_direction_seed();

 private:
  void ensure_buffers(Slot s);
  void ensure_higher(int order);
  void sweep_backward(Var out, bool with_tangents);
  const std::vector<int>& ops_reaching(int out);


  std::vector<Node> nodes_;
  std::vector<std::unique_ptr<Op>> ops_;
  std::vector<int> variables_;
  Selection selection_;
  bool allocated_[4] = {true, false, false, false};
  int higher_allocated_ = 1;  // coefficients up to this order exist
  int order_ = 0;
  std::uint64_t direction_seed_ = 0, direction_calls_ = 0;
  // Ops whose output lies on a path to `reach_out_`, in reverse order (cached for backward).
  int reach_out_ = -1;
  int reach_size_ = -1;
  std::vector<int> reach_ops_;
  // Per node and reverse slot (outer_index): kept by defer_outer since the last sweep began.
  std::vector<OuterAdjoint> outer_;
  bool any_outer_ = false;
  bool plain_sweep_ = false;  // in a reverse sweep without tangents
  std::vector<FoldedProduct> folds_;  // a few per graph (one per folded product)
  std::vector<int> formed_in_consumer_;  // likewise
  std::vector<std::pair<int, Slot>> formed_adjoints_;  // in this sweep (form_product_adjoint)
  static std::size_t outer_index(int id, Slot s) {
    return s == Slot::adjoint ? 2 * std::size_t(id) : s == Slot::adjoint_tangent ? 2 * std::size_t(id) + 1 : SIZE_MAX;
  }
  void write_outer(int id, Slot s);
  // Per node, in (and after) an HVP sweep: whether a curvature term reads its adjoint, directly
  // or through the adjoints downstream of it; adjoints_skipped_: the last sweep left the others.
  std::vector<char> adjoint_needed_;
  bool adjoints_skipped_ = false;
  void mark_needed_adjoints(const std::vector<int>& order);
  void check_adjoint_computed(int id) const;
  std::vector<std::int64_t> op_ties_;  // per op, of the last forward pass
  // refine(): per node, whether (and where) its coefficients are needed; the ops it reruns.
  enum class Need : char { none, box, all };
  bool refining_ = false, clarke_pass_ = false;
  std::vector<Need> need_;
  std::vector<Box> need_box_;
  std::vector<int> refine_ops_;
  Matrix seed_;  // the output's adjoint seed, kept so that zeroing cannot lose it
  // Per node, in the current sweep: bit unwritten_bit(adjoint) while its adjoint is not written
  // yet, bit unwritten_bit(adjoint_tangent) likewise for its adjoint tangent.
  std::vector<char> unwritten_;
  static char unwritten_bit(Slot s) { return s == Slot::adjoint ? 1 : s == Slot::adjoint_tangent ? 2 : 0; }
  void zero_if_unwritten(int id);
};

// Shape helpers shared by the ops.
std::string shape_string(Index rows, Index cols);
inline std::string shape_string(const Var& v) { return shape_string(v.rows(), v.cols()); }

}  // namespace fdl::ad
