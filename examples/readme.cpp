// The C++ example of the README, built and run as a test (it must print "1 (order 1, 0 ties)").
#include "fdl/fdl.hpp"

#include <cstdio>

using namespace fdl::ad;

int main() {
  Graph g;                                              // traced once, replayed every step
  Var x = g.variable(Matrix::Zero(1, 1));
  Var f = relu(x) - relu(-x);                           // the function x, written with kinks
  value_and_grad(g, f);                                 // conventional (PyTorch's rules): 0 — wrong
  g.set_mode(Mode::clarke);
  auto r = clarke_value_and_grad(g, f);                 // Clarke mode: 1 — an element of ∂f(0)
  std::printf("%g (order %d, %ld ties)\n", x.grad()(0), r.order, long(r.unresolved_ties));
}
