// fdl._fdl, references and certificates of fdl::analysis (numpy in and out; the Python-side
// argument handling lives in python/fdl/analysis.py). NotSeparable becomes
// fdl._fdl.NotSeparableError, a ValueError.
#include "module.hpp"

#include <pybind11/eigen.h>
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "fdl/analysis/bregman.hpp"
#include "fdl/analysis/generalization.hpp"
#include "fdl/analysis/hessian.hpp"
#include "fdl/analysis/max_margin.hpp"
#include "fdl/analysis/moreau.hpp"
#include "fdl/analysis/ntk.hpp"
#include "fdl/analysis/nuclear_norm.hpp"
#include "fdl/analysis/svm.hpp"

namespace py = pybind11;
namespace an = fdl::analysis;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

fdl::ad::Var node(fdl::ad::Graph& g, int id) {
  if (id < 0 || id >= g.size()) throw std::out_of_range("no node " + std::to_string(id) + " in this graph");
  return {&g, id};
}

py::dict report(const an::SdpReport& r) {
  py::dict d;
  d["objective"] = r.objective, d["feasibility"] = r.feasibility, d["duality_gap"] = r.duality_gap;
  d["min_eigenvalue"] = r.min_eigenvalue, d["iterations"] = r.iterations;
  return d;
}

py::tuple eigenpairs(const an::ExtremeEigenpairs& e) {
  return py::make_tuple(e.smallest, e.largest, VectorXd(e.smallest_vector), VectorXd(e.largest_vector), e.products);
}

const fdl::python::Binding kBinding("analysis_refs", [](py::module_& m) {
  py::register_exception<an::NotSeparable>(m, "NotSeparableError", PyExc_ValueError);

  m.def("min_bregman_interpolant", [](const MatrixXd& X, const VectorXd& y, const VectorXd& w0, const std::string& potential,
                                      double parameter, double tol) {
    auto r = an::min_bregman_interpolant(X, y, w0, an::Potential::named(potential, parameter), tol);
    return py::make_tuple(VectorXd(r.w), VectorXd(r.lambda), r.divergence, r.feasibility, r.iterations);
  });
  m.def("bregman_divergence", [](const VectorXd& w, const VectorXd& w0, const std::string& potential, double parameter) {
    if (w.size() != w0.size()) throw std::invalid_argument("bregman_divergence: w and w0 differ in size");
    return an::Potential::named(potential, parameter).divergence(w, w0);
  });
  m.def("max_margin", [](const MatrixXd& X, const VectorXd& y, const std::string& norm, const std::optional<MatrixXd>& P, bool bias) {
    auto r = an::max_margin(X, y, P ? an::MarginNorm::quadratic(*P) : an::MarginNorm::named(norm), bias);
    return py::make_tuple(VectorXd(r.w), r.bias, r.margin);
  });
  m.def("min_trace_psd", [](const std::vector<MatrixXd>& A, const VectorXd& b, int max_iterations) {
    auto r = an::min_trace_psd(A, b, {max_iterations});
    return py::make_tuple(MatrixXd(r.Z), report(r.report));
  });
  m.def("min_nuclear_norm", [](const std::vector<MatrixXd>& A, const VectorXd& b, int max_iterations) {
    auto r = an::min_nuclear_norm(A, b, {max_iterations});
    return py::make_tuple(MatrixXd(r.X), report(r.report));
  });
  m.def("extreme_eigenvalues", [](const std::function<VectorXd(const VectorXd&)>& op, Eigen::Index n, double tol) {
    return eigenpairs(an::extreme_eigenvalues(op, n, tol));
  });
  m.def("hessian_extreme_eigenvalues", [](fdl::ad::Graph& g, int loss, double tol) {
    return eigenpairs(an::hessian_extreme_eigenvalues(g, node(g, loss), tol));
  });
  m.def("dense_hessian", [](fdl::ad::Graph& g, int loss) { return an::dense_hessian(g, node(g, loss)); });
  m.def("ntk_gram", [](fdl::ad::Graph& g, int predictions) { return an::ntk_gram(g, node(g, predictions)); });
  m.def("smallest_eigenvalue", &an::smallest_eigenvalue);
  m.def("arccos_kernel", &an::arccos_kernel);
  m.def("relu_ntk_two_layer", &an::relu_ntk_two_layer);
  m.def("relu_features", &an::relu_features);
  m.def("l1_svm_relu_features", [](const MatrixXd& X, const VectorXd& y, const MatrixXd& U) {
    auto r = an::l1_svm_relu_features(X, y, U);
    return py::make_tuple(VectorXd(r.w), r.bias, r.margin);
  });
  m.def("kernel_svm", [](const MatrixXd& K, const VectorXd& y) {
    auto r = an::kernel_svm(K, y);
    return py::make_tuple(VectorXd(r.coefficients), VectorXd(r.alpha), r.margin);
  });
  m.def("moreau_stationarity", [](fdl::ad::Graph& g, int loss, double lambda, double rho, int iterations) {
    auto r = an::moreau_stationarity(g, node(g, loss), lambda, rho, iterations);
    return py::make_tuple(r.gradient_norm, VectorXd(r.prox), r.prox_error, r.iterations);
  });
  m.def("normalized_margin", &an::normalized_margin);
  m.def("spectral_complexity", [](const std::vector<MatrixXd>& layers, const std::vector<double>& lipschitz,
                                  const std::vector<MatrixXd>& reference) { return an::spectral_complexity(layers, lipschitz, reference); });
  m.def("spectral_margin_bound", [](const std::vector<MatrixXd>& layers, const MatrixXd& X, const VectorXd& margins, double gamma,
                                    const std::vector<double>& lipschitz) {
    auto b = an::spectral_margin_bound(layers, X, margins, gamma, lipschitz);
    return py::make_tuple(b.spectral_complexity, b.margin_loss, b.complexity_term);
  });
  m.def("two_layer_margin_bound", [](const MatrixXd& W, const VectorXd& u, const MatrixXd& X, const VectorXd& y, double delta, double input_bound) {
    auto b = an::two_layer_margin_bound(W, u, X, y, delta, input_bound);
    return py::make_tuple(b.normalized_margin, b.mean_squared_norm, b.input_bound, b.complexity_term, b.low_order_term, b.bound);
  });
});

}  // namespace
