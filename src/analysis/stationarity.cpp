#include "fdl/analysis/stationarity.hpp"

#include "fdl/ad/derivatives.hpp"
#include "fdl/analysis/min_norm_point.hpp"

#include <cmath>
#include <random>

namespace fdl::analysis {
namespace {

Eigen::VectorXd flat_gradient(ad::Graph& g) { return ad::flatten(ad::gradients(g)); }

// Sets the variables to x + step (x: their values on entry, kept exactly).
void move_to(ad::Graph& g, const std::vector<ad::Matrix>& x, const Eigen::VectorXd& step) {
  ad::Index c = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    ad::Matrix& v = g.value(g.variables()[k]);
    v = x[k];
    v.reshaped() += step.segment(c, v.size());
    c += v.size();
  }
}

}  // namespace

GoldsteinEstimate goldstein_stationarity(ad::Graph& g, ad::Var loss, double delta, int samples, std::uint64_t seed) {
  if (!(delta >= 0)) throw std::invalid_argument("goldstein_stationarity: delta must be ≥ 0, got " + std::to_string(delta));
  if (samples < 0) throw std::invalid_argument("goldstein_stationarity: samples must be ≥ 0");
  const ad::Index n = ad::variable_count(g);
  const ad::Mode mode = g.mode();
  std::vector<ad::Matrix> x;
  for (int id : g.variables()) x.push_back(g.value(id));
  const Eigen::VectorXd origin = Eigen::VectorXd::Zero(n);
  Eigen::MatrixXd gradients(n, samples + 1);

  g.set_direction_seed(seed);
  const double fx = ad::clarke_value_and_grad(g, loss).value;
  gradients.col(0) = flat_gradient(g);

  g.set_mode(ad::Mode::conventional);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  for (int s = 1; s <= samples; ++s) {  // uniform in the ball: direction · δ U^{1/n}
    Eigen::VectorXd u(n);
    for (auto& ui : u) ui = normal(rng);
    u *= delta * std::pow(uniform(rng), 1.0 / static_cast<double>(n)) / u.norm();
    move_to(g, x, u);
    ad::value_and_grad(g, loss);
    gradients.col(s) = flat_gradient(g);
  }

  MinNormPoint mnp = min_norm_point(gradients);
  GoldsteinEstimate e;
  e.delta = delta;
  e.epsilon = mnp.norm;
  e.min_norm_element = mnp.point;
  e.weights = mnp.weights;
  e.samples = samples;
  if (mnp.norm > 0) {
    move_to(g, x, -delta * mnp.point / mnp.norm);
    g.forward(0);
    e.descent = fx - loss.scalar() >= delta / 4 * mnp.norm;
  }
  move_to(g, x, origin);
  g.forward(0);
  g.set_mode(mode);
  return e;
}

}  // namespace fdl::analysis
