// d/dx of x² + relu(x) at x = 3 through an installed fdl: prints 7.
#include <fdl/fdl.hpp>

#include <cstdio>

using namespace fdl::ad;

int main() {
  Graph g;
  Var x = g.variable(Matrix::Constant(1, 1, 3.0));
  value_and_grad(g, square(x) + relu(x));
  std::printf("%g\n", x.grad()(0));
}
