// A training step on a traced graph performs no heap allocation once its buffers exist.
// malloc, calloc and realloc are interposed here and counted while `counting` is set.
#include "fdl/fdl.hpp"
#include "fdl/problems/shallow_relu_batch.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <string>
#include <vector>

extern "C" void* __libc_malloc(std::size_t);
extern "C" void* __libc_calloc(std::size_t, std::size_t);
extern "C" void* __libc_realloc(void*, std::size_t);

namespace {
thread_local bool counting = false;
std::atomic<long> allocations{0};
}  // namespace

extern "C" void* malloc(std::size_t n) {
  if (counting) ++allocations;
  return __libc_malloc(n);
}
extern "C" void* calloc(std::size_t n, std::size_t s) {
  if (counting) ++allocations;
  return __libc_calloc(n, s);
}
extern "C" void* realloc(void* p, std::size_t n) {
  if (counting) ++allocations;
  return __libc_realloc(p, n);
}

namespace {

using namespace fdl::ad;

Matrix gaussian(std::mt19937_64& rng, Index r, Index c) {
  std::normal_distribution<double> n;
  Matrix m(r, c);
  for (double& x : m.reshaped()) x = n(rng);
  return m;
}

// Counts allocations of `steps` calls of `step` after two warm-up calls.
template <class Step>
long allocations_in_steady_state(Step step, int steps = 20) {
  step();
  step();
  allocations = 0;
  counting = true;
  for (int t = 0; t < steps; ++t) step();
  counting = false;
  return allocations.load();
}

TEST(SteadyState, CounterSeesAllocations) {  // the instrument works
  long n = allocations_in_steady_state([] {
    Matrix m(50, 50);
    m.setZero();
    asm volatile("" : : "r"(m.data()) : "memory");
  });
  EXPECT_GE(n, 20);
}

TEST(SteadyState, TwoLayerReluGdStepAllocatesNothing) {
  // Multi-threaded OpenBLAS allocates a job table per call inside itself; fdl's own code must
  // allocate nothing, which single-threaded BLAS makes visible.
  set_blas_threads(1);
  // Below and above kBlasThreshold, and with packing buffers past Eigen's 128 KiB stack limit
  // (where one thread may take Eigen's blocked GEMM, which gemm gives buffers kept per shape).
  for (Index size : {10, 100, 300}) {
    std::mt19937_64 rng(7);
    const Index n = size, d = size / 2, m = size;
    Graph g;
    Var X = g.constant(gaussian(rng, n, d));
    Var y = g.constant(gaussian(rng, n, 1));
    Var W = g.variable(gaussian(rng, m, d));
    Var a = g.variable(gaussian(rng, m, 1));
    Var loss = squared_loss(matmul(relu(matmul(X, transpose(W))), a) / std::sqrt(double(m)), y);
    long n_alloc = allocations_in_steady_state([&] {
      value_and_grad(g, loss);
      W.value() -= 0.1 * W.grad();
      a.value() -= 0.1 * a.grad();
    });
    EXPECT_EQ(n_alloc, 0) << "size " << size;
    RecordProperty("allocations_size" + std::to_string(size), static_cast<int>(n_alloc));  // for bench/compare.py
  }
}

TEST(SteadyState, LogisticRegressionAndHvpAllocateNothing) {
  std::mt19937_64 rng(8);
  Graph g;
  Var X = g.constant(gaussian(rng, 100, 50));
  Var y = g.constant(gaussian(rng, 100, 1).array().sign().matrix());
  Var w = g.variable(Matrix::Zero(50, 1));
  Var loss = log_logistic_loss(matmul(X, w), y) + 0.5 * sum(square(w)) + logsumexp(matmul(X, w), Axis::cols);
  const long gd = allocations_in_steady_state([&] {
    value_and_grad(g, loss);
    w.value() -= 0.1 * w.grad();
  });
  EXPECT_EQ(gd, 0);
  g.tangent(w.id).setOnes();
  const long hvp = allocations_in_steady_state([&] {
    g.forward(1);
    g.backward_with_tangents(loss);
  });
  EXPECT_EQ(hvp, 0);
  RecordProperty("allocations_gd", static_cast<int>(gd));  // for bench/compare.py
  RecordProperty("allocations_hvp", static_cast<int>(hvp));
}

// Many seeds as one computation: its chunks, fused passes and ∇W's transposed write allocate
// nothing per step, in float64 (gemm's kernels) and float32 (sgemm).
TEST(SteadyState, BatchedSeedsStepAllocatesNothing) {
  set_blas_threads(1);
  const fdl::problems::ShallowRelu problem = fdl::problems::ShallowRelu::teacher_student(100, 10, 2, 100, 3);
  const std::vector<std::uint64_t> seeds = {1, 2, 3, 4, 5};
  auto batch64 = fdl::problems::ShallowReluBatch<double>::from_seeds(problem, seeds);
  auto batch32 = fdl::problems::ShallowReluBatch<float>::from_seeds(problem, seeds);
  const long f64 = allocations_in_steady_state([&] { batch64.step(0.1); });
  const long f32 = allocations_in_steady_state([&] { batch32.step(0.1); });
  EXPECT_EQ(f64, 0);
  EXPECT_EQ(f32, 0);
  RecordProperty("allocations_batched_f64", static_cast<int>(f64));  // for bench/compare.py
  RecordProperty("allocations_batched_f32", static_cast<int>(f32));
}

}  // namespace
