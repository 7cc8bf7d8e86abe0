// Benchmarks of fdl::ad (Google Benchmark). The workloads and what they are compared with are
// described in docs/performance.md; bench/run.sh runs them next to bench/peers/torch_ad.py.
//
//   relu_step_small, relu_step_large,  one full-batch GD step of f(x) = aᵀ relu(W x)/√m with
//   relu_step_huge                     L = ½·mean((f(X) − y)²): value_and_grad, then W −= η∇_W L,
//                                      a −= η∇_a L; (n, d, m) = (100, 10, 100), (1000, 100, 1000),
//                                      (10000, 784, 1000)
//   relu_grad_small                    value_and_grad of the small net alone (the unit of HVP cost)
//   logreg_gd_1e5                      10⁵ such GD steps of logistic regression, n = 100, d = 50
//   relu_hvp_small                     ∇²L·v of the small net (forward-over-reverse, `hvp`)
//   batched/relu_step_small/seeds:R    one GD step of R replicas of the small net (same data,
//                                      W_r and a_r from R streams) as one batched computation
//                                      (problems::ShallowReluBatch); against R × relu_step_small
//   batched/relu_step_{large,huge}/    one replica: ShallowReluBatch as a single-run trainer of
//     seeds:1                          the large nets, in float64 and (…/float32) in float32,
//                                      the float32 option; against torch_ad.py's *_f32 twins
//   floor/...                          the same computations written out by hand (Eigen), with
//                                      every buffer preallocated: what no framework can beat
//   gemm/...                           the products of the nets: fdl's gemm (its dispatch), Eigen's
//                                      kernel, OpenBLAS on 1 and on all threads (where
//                                      kBlasThreshold should sit)
//
// Every workload builds its data with the counter-based generator below, which torch_ad.py
// repeats bit for bit, and reports a `check` number (a loss after a fixed number of steps, or
// the sum of an HVP's entries) that both sides must agree on: the two measure the same work.
//
// Threads: `--threads=N` (default: $FDL_BENCH_THREADS, else all cores) for OpenBLAS, which
// runs the products at or above kBlasThreshold; Eigen's kernels run on one thread.
#include "fdl/fdl.hpp"
#include "fdl/problems/shallow_relu_batch.hpp"

#include <benchmark/benchmark.h>
#include <cblas.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace fdl::ad;

int bench_threads = 1;  // OpenBLAS threads for the workloads (not the gemm sweep)

// ---- data, shared bit for bit with bench/peers/torch_ad.py ---------------------------------

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// rows×cols; entry (i, j) is scale · (uniform on [−√3, √3): mean 0, variance 1), drawn from
// counter (stream << 32) + i·cols + j (row-major, like numpy's reshape).
Matrix pattern(std::uint64_t stream, Index rows, Index cols, double scale = 1.0) {
  Matrix out(rows, cols);
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < cols; ++j) {
      std::uint64_t k = (stream << 32) + static_cast<std::uint64_t>(i * cols + j);
      double u = static_cast<double>(splitmix64(k) >> 11) * 0x1.0p-53;
      out(i, j) = scale * (std::sqrt(3.0) * (2.0 * u - 1.0));
    }
  return out;
}

constexpr double kReluLr = 0.1;
constexpr double kLogregLr = 0.5;
constexpr int kCheckSteps = 100;      // relu_step's check: the loss of step 100 from the init
constexpr int kHugeCheckSteps = 3;    // … of step 3 at (10000, 784, 1000), where a step takes ~1 s
constexpr int kLogregSteps = 100000;  // one iteration of logreg_gd_1e5

struct ReluData {
  Matrix X, y, W, a;
};

ReluData relu_data(Index n, Index d, Index m) {
  return {pattern(1, n, d, 1.0 / std::sqrt(static_cast<double>(d))), pattern(2, n, 1), pattern(3, m, d),
          pattern(4, m, 1)};
}

// ---- the workloads on fdl::ad ---------------------------------------------------------------

// The two-layer net as a user writes it: traced once, replayed every step.
struct ReluNet {
  Graph g;
  Var X, y, W, a, loss;

  explicit ReluNet(const ReluData& data) {
    X = g.constant(data.X);
    y = g.constant(data.y);
    W = g.variable(data.W);
    a = g.variable(data.a);
    const double m = static_cast<double>(data.W.rows());
    loss = squared_loss(matmul(relu(matmul(X, transpose(W))), a) / std::sqrt(m), y);
  }

  double step(double lr) {
    double l = value_and_grad(g, loss);
    W.value() -= lr * W.grad();
    a.value() -= lr * a.grad();
    return l;
  }
};

void relu_step(benchmark::State& state, Index n, Index d, Index m, int check_steps) {
  set_blas_threads(bench_threads);
  const ReluData data = relu_data(n, d, m);
  double check = 0.0;
  {
    ReluNet net(data);
    for (int t = 0; t < check_steps; ++t) check = net.step(kReluLr);
  }
  ReluNet net(data);
  net.step(kReluLr);  // steady state: the first step allocates the adjoints (page faults at the huge size)
  for (auto _ : state) benchmark::DoNotOptimize(net.step(kReluLr));
  state.counters["check"] = check;
}

void relu_grad(benchmark::State& state, Index n, Index d, Index m) {
  set_blas_threads(bench_threads);
  ReluNet net(relu_data(n, d, m));
  value_and_grad(net.g, net.loss);  // steady state
  for (auto _ : state) benchmark::DoNotOptimize(value_and_grad(net.g, net.loss));
}

std::vector<Matrix> hvp_direction(Index d, Index m) { return {pattern(7, m, d), pattern(8, m, 1)}; }

void relu_hvp(benchmark::State& state, Index n, Index d, Index m) {
  set_blas_threads(bench_threads);
  ReluNet net(relu_data(n, d, m));
  const std::vector<Matrix> v = hvp_direction(d, m);
  std::vector<Matrix> hv = hvp(net.g, net.loss, v);
  state.counters["check"] = hv[0].sum() + hv[1].sum();
  for (auto _ : state) {
    hv = hvp(net.g, net.loss, v);
    benchmark::DoNotOptimize(hv[0].data());
  }
}

// R replicas of a net of relu_step_*, trained together in Scalar (double, or float: the float32
// option): replica 0 starts from relu_step's W and a (so its `check`, the loss of step
// check_steps, is relu_step's, and torch_ad.py's *_f32 twin's in float), replica r ≥ 1 from
// W_r = pattern(100 + r), a_r = pattern(300 + r). W and a both train, as in relu_step.
template <class Scalar>
void batched_relu_step(benchmark::State& state, Index n, Index d, Index m, int replicas, int check_steps) {
  set_blas_threads(bench_threads);
  const ReluData data = relu_data(n, d, m);
  const fdl::problems::ShallowRelu problem(data.X, data.y.col(0), data.a.col(0), /*train_output=*/true);
  std::vector<fdl::Vector> points;
  for (int r = 0; r < replicas; ++r) {
    fdl::Vector w(m * d + m);
    if (r == 0) w << data.W.reshaped(), data.a.reshaped();
    else w << pattern(100 + r, m, d).reshaped(), pattern(300 + r, m, 1).reshaped();
    points.push_back(w);
  }
  double check = 0.0;
  {
    fdl::problems::ShallowReluBatch<Scalar> batch(problem, points);
    for (int t = 0; t < check_steps; ++t) check = batch.step(kReluLr)[0];
  }
  fdl::problems::ShallowReluBatch<Scalar> batch(problem, points);
  batch.step(kReluLr);  // steady state: the first step touches the buffers
  for (auto _ : state) benchmark::DoNotOptimize(batch.step(kReluLr).data());
  state.counters["replicas"] = replicas;
  state.counters["check"] = check;
}

struct LogregData {
  Matrix X, y;
};

LogregData logreg_data() {
  const Index n = 100, d = 50;
  return {pattern(5, n, d, 1.0 / std::sqrt(static_cast<double>(d))), pattern(6, n, 1).array().sign().matrix()};
}

void logreg_gd(benchmark::State& state) {
  set_blas_threads(bench_threads);
  const LogregData data = logreg_data();
  Graph g;
  Var X = g.constant(data.X), y = g.constant(data.y);
  Var w = g.variable(Matrix::Zero(data.X.cols(), 1));
  Var loss = logistic_loss(matmul(X, w), y);
  double check = 0.0;
  for (auto _ : state) {
    w.value().setZero();
    for (int t = 0; t < kLogregSteps; ++t) {
      check = value_and_grad(g, loss);
      w.value() -= kLogregLr * w.grad();
    }
  }
  state.counters["check"] = check;
}

// ---- floors: the same computations by hand ------------------------------------------------

enum class Products { eigen, fdl_gemm };  // Eigen's kernels everywhere, or fdl's dispatch

// C = op(A) op(B). Eigen picks its matrix-vector and outer-product kernels only for vector
// types, so vector-shaped products get them (as fdl's gemm does below kBlasThreshold).
void product(Products how, const Matrix& a, Trans ta, const Matrix& b, Trans tb, Matrix& c) {
  if (how == Products::fdl_gemm) return gemm(a, ta, b, tb, c, Accumulate::no);
  const Index m = ta == Trans::yes ? a.cols() : a.rows(), n = tb == Trans::yes ? b.rows() : b.cols();
  const Index k = ta == Trans::yes ? a.rows() : a.cols();
  c.resize(m, n);
  auto eigen = [&](const auto& x, const auto& y) {
    if (n == 1) c.col(0).noalias() = x * y.col(0);
    else if (m == 1) c.row(0).noalias() = x.row(0) * y;
    else if (k == 1) c.noalias() = x.col(0) * y.row(0);
    else c.noalias() = x * y;
  };
  if (ta == Trans::no && tb == Trans::no) eigen(a, b);
  else if (ta == Trans::yes && tb == Trans::no) eigen(a.transpose(), b);
  else if (ta == Trans::no && tb == Trans::yes) eigen(a, b.transpose());
  else eigen(a.transpose(), b.transpose());
}

// The gradient of L = ½·mean((R a s − y)²), R = relu(X Wᵀ), s = 1/√m, by hand:
//   r = R a s − y,  z̄ = r/n,  ā = s Rᵀ z̄,  H̄ = s (z̄ aᵀ) ⊙ [R > 0],  W̄ = H̄ᵀ X.
struct ReluNetByHand {
  Products how;
  Matrix X, y, W, a;
  Matrix R, z, zbar, abar, Hbar, Wbar;

  ReluNetByHand(const ReluData& data, Products products)
      : how(products), X(data.X), y(data.y), W(data.W), a(data.a) {
    const Index n = X.rows(), d = X.cols(), m = W.rows();
    R.resize(n, m), z.resize(n, 1), zbar.resize(n, 1), abar.resize(m, 1), Hbar.resize(n, m), Wbar.resize(m, d);
  }

  double step(double lr) {
    const Index n = X.rows(), m = W.rows();
    const double s = 1.0 / std::sqrt(static_cast<double>(m));
    product(how, X, Trans::no, W, Trans::yes, R);
    R = R.cwiseMax(0.0);
    product(how, R, Trans::no, a, Trans::no, z);
    zbar = (s * z - y) / static_cast<double>(n);
    const double l = 0.5 * static_cast<double>(n) * zbar.squaredNorm();
    product(how, R, Trans::yes, zbar, Trans::no, abar);
    for (Index k = 0; k < m; ++k) {
      const double ak = s * a(k);
      for (Index i = 0; i < n; ++i) Hbar(i, k) = R(i, k) > 0.0 ? zbar(i) * ak : 0.0;
    }
    product(how, Hbar, Trans::yes, X, Trans::no, Wbar);
    W -= lr * Wbar;
    a -= (lr * s) * abar;
    return l;
  }
};

void relu_step_by_hand(benchmark::State& state, Index n, Index d, Index m, Products how) {
  set_blas_threads(bench_threads);
  const ReluData data = relu_data(n, d, m);
  double check = 0.0;
  {
    ReluNetByHand net(data, how);
    for (int t = 0; t < kCheckSteps; ++t) check = net.step(kReluLr);
  }
  ReluNetByHand net(data, how);
  net.step(kReluLr);  // steady state
  for (auto _ : state) benchmark::DoNotOptimize(net.step(kReluLr));
  state.counters["check"] = check;
}

// L = mean softplus(u), u = −y ⊙ X w;  ∇L = Xᵀ(−y ⊙ σ(u))/n, with e = exp(−|u|) shared:
// softplus(u) = max(u, 0) + log1p(e),  σ(u) = (u ≥ 0 ? 1 : e)/(1 + e).
enum class Transcendentals {
  libm,        // std::exp and std::log1p, one entry at a time
  vectorized,  // Eigen's array functions (its exp is SIMD; its log1p calls libm's)
  grad_only,   // the gradient without the loss value: no log1p at all
};

void logreg_gd_by_hand(benchmark::State& state, Transcendentals how) {
  const LogregData data = logreg_data();
  const Matrix& X = data.X;
  const Eigen::ArrayXd y = data.y.col(0).array();
  const Index n = X.rows();
  const double inv_n = 1.0 / static_cast<double>(n);
  Eigen::VectorXd w(X.cols()), z(n), grad(X.cols());
  Eigen::ArrayXd u(n), e(n), dz(n);
  double check = 0.0;
  for (auto _ : state) {
    w.setZero();
    for (int t = 0; t < kLogregSteps; ++t) {
      z.noalias() = X * w;
      u = -y * z.array();
      if (how == Transcendentals::libm) {
        double total = 0.0;
        for (Index i = 0; i < n; ++i) {
          const double ei = std::exp(-std::abs(u(i)));
          total += std::max(u(i), 0.0) + std::log1p(ei);
          dz(i) = -y(i) * ((u(i) >= 0.0 ? 1.0 : ei) / (1.0 + ei)) * inv_n;
        }
        check = total * inv_n;
      } else {
        e = (-u.abs()).exp();
        if (how == Transcendentals::vectorized) check = (u.max(0.0) + e.log1p()).sum() * inv_n;
        dz = -y * (u >= 0.0).select(Eigen::ArrayXd::Ones(n), e) / (1.0 + e) * inv_n;
      }
      grad.noalias() = X.transpose() * dz.matrix();
      w -= kLogregLr * grad;
    }
  }
  if (how == Transcendentals::grad_only) {  // the loss before the last update, as the others report it
    const Eigen::VectorXd w_prev = w + kLogregLr * grad;
    const Eigen::ArrayXd u_prev = -y * (X * w_prev).array();
    check = (u_prev.max(0.0) + (-u_prev.abs()).exp().log1p()).mean();
  }
  state.counters["check"] = check;
}

// ---- products: Eigen's kernel against OpenBLAS ---------------------------------------------

// C = op(A) op(B) with C m×n and inner dimension k; `threads` = 0 for Eigen, else OpenBLAS on
// that many threads.
void product_bench(benchmark::State& state, Index m, Index n, Index k, Trans ta, Trans tb, int threads) {
  const Matrix a = ta == Trans::yes ? pattern(11, k, m) : pattern(11, m, k);
  const Matrix b = tb == Trans::yes ? pattern(12, n, k) : pattern(12, k, n);
  Matrix c(m, n);
  if (threads > 0) openblas_set_num_threads(threads);
  for (auto _ : state) {
    if (threads <= 0) {
      product(threads == 0 ? Products::eigen : Products::fdl_gemm, a, ta, b, tb, c);
    } else {
      cblas_dgemm(CblasColMajor, ta == Trans::yes ? CblasTrans : CblasNoTrans, tb == Trans::yes ? CblasTrans : CblasNoTrans,
                  static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), 1.0, a.data(), static_cast<int>(a.rows()),
                  b.data(), static_cast<int>(b.rows()), 0.0, c.data(), static_cast<int>(c.rows()));
    }
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2e-9 * static_cast<double>(m * n * k), benchmark::Counter::kIsIterationInvariantRate);
  set_blas_threads(bench_threads);
}

struct ProductShape {
  const char* label;
  Index m, n, k;
  Trans ta, tb;
};

// ---- registration ---------------------------------------------------------------------------

void register_all(int cores) {
  using benchmark::RegisterBenchmark;
  const auto us = benchmark::kMicrosecond, ms = benchmark::kMillisecond;
  // Wall time (real_time) and process CPU time (cpu_time, all threads) of every workload.

  RegisterBenchmark("relu_step_small", relu_step, 100, 10, 100, kCheckSteps)->MeasureProcessCPUTime()->UseRealTime()->Unit(us);
  RegisterBenchmark("relu_step_large", relu_step, 1000, 100, 1000, kCheckSteps)->MeasureProcessCPUTime()->UseRealTime()->Unit(us);
  RegisterBenchmark("relu_step_huge", relu_step, 10000, 784, 1000, kHugeCheckSteps)->MeasureProcessCPUTime()->UseRealTime()->Unit(ms);
  RegisterBenchmark("relu_grad_small", relu_grad, 100, 10, 100)->MeasureProcessCPUTime()->UseRealTime()->Unit(us);
  RegisterBenchmark("logreg_gd_1e5", logreg_gd)->MeasureProcessCPUTime()->UseRealTime()->Unit(ms);
  RegisterBenchmark("batched/relu_step_small/seeds:64", batched_relu_step<double>, 100, 10, 100, 64, kCheckSteps)
      ->MeasureProcessCPUTime()->UseRealTime()->Unit(us);
  RegisterBenchmark("batched/relu_step_small/seeds:64/float32", batched_relu_step<float>, 100, 10, 100, 64, kCheckSteps)
      ->MeasureProcessCPUTime()->UseRealTime()->Unit(us);
  RegisterBenchmark("batched/relu_step_large/seeds:1", batched_relu_step<double>, 1000, 100, 1000, 1, kCheckSteps)
      ->MeasureProcessCPUTime()->UseRealTime()->Unit(us);
  RegisterBenchmark("batched/relu_step_large/seeds:1/float32", batched_relu_step<float>, 1000, 100, 1000, 1, kCheckSteps)
      ->MeasureProcessCPUTime()->UseRealTime()->Unit(us);
  RegisterBenchmark("batched/relu_step_huge/seeds:1", batched_relu_step<double>, 10000, 784, 1000, 1, kHugeCheckSteps)
      ->MeasureProcessCPUTime()->UseRealTime()->Unit(ms);
  RegisterBenchmark("batched/relu_step_huge/seeds:1/float32", batched_relu_step<float>, 10000, 784, 1000, 1, kHugeCheckSteps)
      ->MeasureProcessCPUTime()->UseRealTime()->Unit(ms);
  RegisterBenchmark("relu_hvp_small", relu_hvp, 100, 10, 100)->MeasureProcessCPUTime()->UseRealTime()->Unit(us);

  RegisterBenchmark("floor/relu_step_small", relu_step_by_hand, 100, 10, 100, Products::eigen)->MeasureProcessCPUTime()->UseRealTime()->Unit(us);
  RegisterBenchmark("floor/relu_step_large/eigen", relu_step_by_hand, 1000, 100, 1000, Products::eigen)
      ->MeasureProcessCPUTime()->UseRealTime()
      ->Unit(us);
  RegisterBenchmark("floor/relu_step_large/fdl_gemm", relu_step_by_hand, 1000, 100, 1000, Products::fdl_gemm)
      ->MeasureProcessCPUTime()->UseRealTime()
      ->Unit(us);
  RegisterBenchmark("floor/logreg_gd_1e5", logreg_gd_by_hand, Transcendentals::vectorized)->MeasureProcessCPUTime()->UseRealTime()->Unit(ms);
  RegisterBenchmark("floor/logreg_gd_1e5/libm", logreg_gd_by_hand, Transcendentals::libm)->MeasureProcessCPUTime()->UseRealTime()->Unit(ms);
  RegisterBenchmark("floor/logreg_gd_1e5/grad_only", logreg_gd_by_hand, Transcendentals::grad_only)
      ->MeasureProcessCPUTime()->UseRealTime()
      ->Unit(ms);

  // The products of the nets' steps as the engine issues them (C m×n, inner k), then squares.
  const std::vector<ProductShape> shapes = {
      {"large/fwd_X_Wt", 1000, 1000, 100, Trans::no, Trans::no},
      {"large/fwd_R_a", 1000, 1, 1000, Trans::no, Trans::no},
      {"large/bwd_zbar_at", 1000, 1000, 1, Trans::no, Trans::yes},
      {"large/bwd_Rt_zbar", 1000, 1, 1000, Trans::yes, Trans::no},
      {"large/bwd_Xt_Hbar", 100, 1000, 1000, Trans::yes, Trans::no},
      {"small/fwd_X_Wt", 100, 100, 10, Trans::no, Trans::no},
      {"small/bwd_zbar_at", 100, 100, 1, Trans::no, Trans::yes},
      {"small/bwd_Xt_Hbar", 10, 100, 100, Trans::yes, Trans::no},
      {"square", 32, 32, 32, Trans::no, Trans::no},
      {"square", 48, 48, 48, Trans::no, Trans::no},
      {"square", 64, 64, 64, Trans::no, Trans::no},
      {"square", 96, 96, 96, Trans::no, Trans::no},
      {"square", 128, 128, 128, Trans::no, Trans::no},
      {"square", 256, 256, 256, Trans::no, Trans::no},
      {"square", 512, 512, 512, Trans::no, Trans::no},
  };
  std::vector<int> thread_counts = {-1, 0, 1};  // fdl's gemm, Eigen, OpenBLAS on 1 and all cores
  if (cores > 1) thread_counts.push_back(cores);
  for (const ProductShape& s : shapes)
    for (int t : thread_counts) {
      std::string name = std::string("gemm/") + s.label + "/" + std::to_string(s.m) + "x" + std::to_string(s.n) + "x" +
                         std::to_string(s.k) + "/" + (t < 0 ? "fdl" : t == 0 ? "eigen" : "openblas:" + std::to_string(t));
      RegisterBenchmark(name.c_str(), product_bench, s.m, s.n, s.k, s.ta, s.tb, t)->UseRealTime()->Unit(us);
    }
}

}  // namespace

int main(int argc, char** argv) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bench_threads = cores;
  if (const char* env = std::getenv("FDL_BENCH_THREADS")) bench_threads = std::atoi(env);
  // Our own flag, taken out before Google Benchmark sees the rest.
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--threads=", 10) == 0) bench_threads = std::atoi(argv[i] + 10);
    else argv[kept++] = argv[i];
  }
  argc = kept;
  if (bench_threads < 1) {
    std::fprintf(stderr, "fdl_bench: --threads (or FDL_BENCH_THREADS) must be a positive integer\n");
    return 2;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

  set_blas_threads(bench_threads);
  const char* coretype = std::getenv("OPENBLAS_CORETYPE");
  benchmark::AddCustomContext("fdl_threads", std::to_string(bench_threads));
  benchmark::AddCustomContext("openblas_config", openblas_get_config());
  benchmark::AddCustomContext("openblas_corename", openblas_get_corename());
  benchmark::AddCustomContext("OPENBLAS_CORETYPE", coretype ? coretype : "(unset)");
  benchmark::AddCustomContext("kBlasThreshold", std::to_string(static_cast<long>(kBlasThreshold)));
  register_all(cores);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
