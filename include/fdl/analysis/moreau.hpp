// Near-stationarity of a weakly convex function through its Moreau envelope (Davis &
// Drusvyatskiy 2019, "Stochastic model-based minimization of weakly convex functions"):
//
//   f_λ(x) = min_y f(y) + ‖y − x‖²/(2λ),   ∇f_λ(x) = (x − prox_{λf}(x))/λ,
//
// valid for ρ-weakly convex f (f + ρ‖·‖²/2 convex) and 0 < λ < 1/ρ. A small ‖∇f_λ(x)‖ says x is
// near a point x̂ = prox_{λf}(x) with ‖x − x̂‖ = λ‖∇f_λ(x)‖ and dist(0, ∂f(x̂)) ≤ ‖∇f_λ(x)‖.
//
// The prox is the minimizer of Φ(y) = f(y) + ‖y − x‖²/(2λ), μ-strongly convex with μ = 1/λ − ρ;
// it is found by the subgradient method with steps 2/(μ(t+1)) and the average of the iterates
// weighted by t (Lacoste-Julien, Schmidt, Bach 2012), started at x:
//   Φ(ȳ_T) − Φ* ≤ 2G²/(μ(T+1))  ⇒  ‖ȳ_T − prox_{λf}(x)‖ ≤ 2G/(μ√(T+1)) =: prox_error,
// G the largest subgradient norm of Φ met along the way (an a-posteriori stand-in for the bound
// the theorem assumes). The measure returned is ‖x − ȳ_T‖/λ, within prox_error/λ of the truth.
#pragma once

#include "fdl/ad/graph.hpp"
#include "fdl/problems/objective.hpp"

#include <Eigen/Dense>

#include <functional>

namespace fdl::analysis {

// f(y), and a subgradient written into the second argument.
using ValueAndSubgradient = std::function<double(const Eigen::VectorXd&, Eigen::VectorXd&)>;

struct MoreauStationarity {
  double gradient_norm = 0;  // ‖∇f_λ(x)‖ estimate: ‖x − prox‖/λ
  Eigen::VectorXd prox;      // the estimate of prox_{λf}(x)
  double prox_error = 0;     // bound on ‖prox − prox_{λf}(x)‖ (see above)
  int iterations = 0;
};

MoreauStationarity moreau_stationarity(const ValueAndSubgradient& f, const Eigen::VectorXd& x, double lambda, double rho,
                                       int iterations = 20000);
// Subgradients from the objective's value_and_grad.
MoreauStationarity moreau_stationarity(Objective& f, const Eigen::VectorXd& x, double lambda, double rho, int iterations = 20000);
// Clarke-mode subgradients of a traced 1×1 loss over all variables (flattened); x is their
// current value, which is restored.
MoreauStationarity moreau_stationarity(ad::Graph& g, ad::Var loss, double lambda, double rho, int iterations = 20000);

// The normalized margin of an L-homogeneous network f(x; cθ) = c^L f(x; θ) (Lyu & Li 2020;
// Wei, Lee, Liu, Ma 2019):  γ̄ = min_i y_i f(x_i; θ) / ‖θ‖₂^L, given the outputs f(x_i; θ), the
// labels and ‖θ‖₂. It is invariant to rescaling θ.
double normalized_margin(const Eigen::VectorXd& outputs, const Eigen::VectorXd& y, double parameter_norm, double degree);

}  // namespace fdl::analysis
