// Goldstein (δ, ε)-stationarity (Goldstein 1977; Zhang et al. 2020; Davis, Drusvyatskiy, Lee,
// Padmanabhan, Ye 2022): x is (δ, ε)-stationary when dist(0, ∂_δ f(x)) ≤ ε, where
//   ∂_δ f(x) = conv ∪_{‖y − x‖ ≤ δ} ∂_C f(y).
// The estimate takes the Clarke-mode subgradient at x and gradients at `samples` points drawn
// uniformly from the δ-ball (differentiable almost surely), and returns the minimum-norm element
// of their convex hull (Wolfe's algorithm). Since that hull lies in ∂_δ f(x), its norm ε̂ is an
// upper bound on dist(0, ∂_δ f(x)). A single subgradient norm is no such measure: for |x| it is
// 1 arbitrarily close to the minimizer.
#pragma once

#include "fdl/ad/graph.hpp"

#include <cstdint>

namespace fdl::analysis {

struct GoldsteinEstimate {
  double delta = 0;
  double epsilon = 0;                // ‖min-norm element‖ ≥ dist(0, ∂_δ f(x))
  Eigen::VectorXd min_norm_element;  // all variables flattened, in order (column-major each)
  Eigen::VectorXd weights;           // on [Clarke subgradient at x, sampled gradients…]
  int samples = 0;
  // Goldstein's descent test: f(x) − f(x − δ g/‖g‖) ≥ (δ/4)‖g‖ for the min-norm element g.
  bool descent = false;
};

// Variables of `g` hold x on entry and on return; `loss` must be 1×1.
GoldsteinEstimate goldstein_stationarity(ad::Graph& g, ad::Var loss, double delta, int samples, std::uint64_t seed = 0);

}  // namespace fdl::analysis
