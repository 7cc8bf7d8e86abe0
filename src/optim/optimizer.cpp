#include "fdl/optim/optimizer.hpp"

#include <stdexcept>

namespace fdl::optim {

StepInfo GradientOptimizer::step(Objective& f, Vector& w, Index t) {
  grad_.resize(w.size());
  const double value = f.value_and_grad(w, grad_);
  const double grad_norm = grad_.norm();
  update(grad_, value, w, t);
  return {value, grad_norm};
}

void check_dimension(const char* where, const char* what, const Vector& x, Index n) {
  if (x.size() != n)
    throw std::invalid_argument(std::string(where) + ": " + what + " has " + std::to_string(x.size()) +
                                " entries, expected " + std::to_string(n));
}

void require(bool ok, const char* where, const std::string& expected) {
  if (!ok) throw std::invalid_argument(std::string(where) + ": expected " + expected);
}

}  // namespace fdl::optim
