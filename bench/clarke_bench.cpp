// Cost of a Clarke-mode gradient (docs/clarke-ad.md) on the two-layer ReLU net of
// relu_step_large, f(W, a) = ½·mean((relu(X Wᵀ) a/√m − y)²) at (n, d, m) = (1000, 100, 1000):
//   clarke/f                  evaluating f (one forward pass)
//   clarke/conventional       value_and_grad in conventional mode
//   clarke/generic            Clarke mode at a generic point (no kink hit: order 0)
//   clarke/kinked             Clarke mode where the first m/2 units sit exactly at their kink
//                             (zero rows of W: the pass is rerun with first-order coefficients)
// The ratios clarke/f (the paper's bound: 6) and clarke/conventional (goal ≤ 1.3) are read off
// these times; `fdl run autodiff-clarke` measures the same in one run.
#include "fdl/fdl.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

namespace {

using namespace fdl::ad;

struct Net {
  Graph g;
  Var W, a, loss;
  Net(Index n, Index d, Index m, bool kinked) {
    std::mt19937_64 rng(1);
    std::normal_distribution<double> normal;
    auto gaussian = [&](Index r, Index c) {
      Matrix x(r, c);
      for (double& v : x.reshaped()) v = normal(rng);
      return x;
    };
    Var X = g.constant(gaussian(n, d)), y = g.constant(gaussian(n, 1));
    W = g.variable(gaussian(m, d));
    a = g.variable(gaussian(m, 1));
    if (kinked) W.value().topRows(m / 2).setZero();
    loss = squared_loss(matmul(relu(matmul(X, transpose(W))), a) / std::sqrt(double(m)), y);
  }
};

enum class What { f, conventional, clarke };

void clarke_cost(benchmark::State& state, What what, bool kinked) {
  Net net(1000, 100, 1000, kinked);
  if (what == What::clarke) net.g.set_mode(Mode::clarke);
  int order = 0;
  // Steady state: every buffer allocated and touched before the timed passes.
  if (what == What::f) net.g.forward(0);
  else if (what == What::conventional) value_and_grad(net.g, net.loss);
  else clarke_value_and_grad(net.g, net.loss);
  for (auto _ : state) {
    if (what == What::f) net.g.forward(0);
    else if (what == What::conventional) value_and_grad(net.g, net.loss);
    else order = clarke_value_and_grad(net.g, net.loss).order;
    benchmark::DoNotOptimize(net.W.grad().data());
  }
  state.counters["order"] = order;
}

BENCHMARK_CAPTURE(clarke_cost, f, What::f, false)->Name("clarke/f")->MeasureProcessCPUTime()->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(clarke_cost, conventional, What::conventional, false)
    ->Name("clarke/conventional")->MeasureProcessCPUTime()->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(clarke_cost, generic, What::clarke, false)->Name("clarke/generic")->MeasureProcessCPUTime()->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(clarke_cost, kinked, What::clarke, true)->Name("clarke/kinked")->MeasureProcessCPUTime()->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
