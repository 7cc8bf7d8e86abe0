#include "fdl/analysis/moreau.hpp"

#include "fdl/ad/derivatives.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace fdl::analysis {

using Eigen::VectorXd;

MoreauStationarity moreau_stationarity(const ValueAndSubgradient& f, const VectorXd& x, double lambda, double rho, int iterations) {
  const std::string where = "moreau_stationarity: ";
  if (!(rho >= 0)) throw std::invalid_argument(where + "the weak-convexity modulus rho must be ≥ 0, got " + std::to_string(rho));
  if (!(lambda > 0) || !(lambda * rho < 1))
    throw std::invalid_argument(where + "lambda must be in (0, 1/rho), got lambda = " + std::to_string(lambda) + ", rho = " + std::to_string(rho));
  if (iterations < 1) throw std::invalid_argument(where + "iterations must be ≥ 1");
  if (!x.allFinite()) throw std::invalid_argument(where + "x has non-finite entries");
  const double mu = 1 / lambda - rho;
  VectorXd y = x, g(x.size()), weighted = VectorXd::Zero(x.size());
  double largest = 0, weights = 0;
  for (int t = 1; t <= iterations; ++t) {
    f(y, g);
    if (g.size() != x.size()) throw std::invalid_argument(where + "the subgradient has the wrong size " + std::to_string(g.size()));
    g += (y - x) / lambda;  // ∂Φ(y)
    largest = std::max(largest, g.norm());
    weighted += t * y, weights += t;
    y -= 2 / (mu * (t + 1)) * g;
  }
  MoreauStationarity r;
  r.prox = weighted / weights;
  r.gradient_norm = (x - r.prox).norm() / lambda;
  r.prox_error = 2 * largest / (mu * std::sqrt(iterations + 1.0));
  r.iterations = iterations;
  return r;
}

MoreauStationarity moreau_stationarity(Objective& f, const VectorXd& x, double lambda, double rho, int iterations) {
  if (x.size() != f.dimension())
    throw std::invalid_argument("moreau_stationarity: x has " + std::to_string(x.size()) + " entries, the objective's dimension is " +
                                std::to_string(f.dimension()));
  return moreau_stationarity([&f](const VectorXd& y, VectorXd& g) { return f.value_and_grad(y, g); }, x, lambda, rho, iterations);
}

MoreauStationarity moreau_stationarity(ad::Graph& g, ad::Var loss, double lambda, double rho, int iterations) {
  if (loss.rows() != 1 || loss.cols() != 1) throw std::invalid_argument("moreau_stationarity: the loss must be 1×1, got " + ad::shape_string(loss));
  std::vector<ad::Matrix> start;
  for (int id : g.variables()) start.push_back(g.value(id));
  auto set = [&g](const VectorXd& v) {
    Eigen::Index offset = 0;
    for (int id : g.variables()) {
      ad::Matrix& m = g.value(id);
      m.reshaped() = v.segment(offset, m.size());
      offset += m.size();
    }
  };
  const ad::Mode mode = g.mode();
  g.set_mode(ad::Mode::clarke);
  auto subgradient = [&](const VectorXd& y, VectorXd& grad) {
    set(y);
    const double value = ad::clarke_value_and_grad(g, loss).value;
    grad = ad::flatten(ad::gradients(g));
    return value;
  };
  MoreauStationarity r = moreau_stationarity(subgradient, ad::flatten(start), lambda, rho, iterations);
  for (std::size_t k = 0; k < start.size(); ++k) g.value(g.variables()[k]) = start[k];
  g.forward(0);
  g.set_mode(mode);
  return r;
}

double normalized_margin(const VectorXd& outputs, const VectorXd& y, double parameter_norm, double degree) {
  if (outputs.size() != y.size() || y.size() == 0)
    throw std::invalid_argument("normalized_margin: " + std::to_string(outputs.size()) + " outputs but " + std::to_string(y.size()) + " labels");
  if (!(parameter_norm > 0)) throw std::invalid_argument("normalized_margin: the parameter norm must be > 0");
  if (!(degree > 0)) throw std::invalid_argument("normalized_margin: the homogeneity degree must be > 0");
  return y.cwiseProduct(outputs).minCoeff() / std::pow(parameter_norm, degree);
}

}  // namespace fdl::analysis
