// fdl._fdl, AD part: an fdl::ad::Graph whose nodes Python addresses by id. Ops are
// applied by name and return the new node's id; the numpy-shape logic lives in python/fdl/.
// C++ exceptions become Python ones through pybind11's standard translation:
// ShapeError and std::invalid_argument → ValueError, std::out_of_range → IndexError.
#include "module.hpp"

#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "fdl/ad/derivatives.hpp"
#include "fdl/analysis/stationarity.hpp"
#include "fdl/ad/losses.hpp"
#include "fdl/version.hpp"

#include <map>
#include <string>

namespace py = pybind11;
namespace ad = fdl::ad;
using ad::Graph;
using ad::Matrix;
using ad::Var;

namespace {

const std::map<std::string, Var (*)(Var)> kUnary = {
    {"exp", ad::exp},       {"log", ad::log},   {"log1p", ad::log1p},         {"sqrt", ad::sqrt},
    {"square", ad::square}, {"tanh", ad::tanh}, {"sigmoid", ad::sigmoid},     {"softplus", ad::softplus},
    {"log_softplus", ad::log_softplus},
    {"relu", ad::relu},     {"abs", ad::abs},   {"transpose", ad::transpose},
};

const std::map<std::string, Var (*)(Var, Var)> kBinary = {
    {"add", ad::add},
    {"sub", ad::sub},
    {"mul", ad::mul},
    {"div", ad::div},
    {"maximum", ad::maximum},
    {"minimum", ad::minimum},
    {"matmul", ad::matmul},
    {"squared_loss", ad::squared_loss},
    {"logistic_loss", ad::logistic_loss},
    {"exponential_loss", ad::exponential_loss},
    {"hinge_loss", ad::hinge_loss},
    {"log_logistic_loss", ad::log_logistic_loss},
    {"log_exponential_loss", ad::log_exponential_loss},
};

const std::map<std::string, Var (*)(Var, ad::Axis)> kReduce = {
    {"sum", ad::sum}, {"mean", ad::mean}, {"max", ad::max}, {"min", ad::min}, {"logsumexp", ad::logsumexp},
};

template <class F>
F lookup(const std::map<std::string, F>& table, const std::string& name) {
  auto it = table.find(name);
  if (it == table.end()) throw std::invalid_argument("no op named '" + name + "'");
  return it->second;
}

Var node(Graph& g, int id) {
  if (id < 0 || id >= g.size()) throw std::out_of_range("no node " + std::to_string(id) + " in this graph");
  return {&g, id};
}

const fdl::python::Binding kBinding("ad", [](py::module_& m) {
  m.def("version", &fdl::version);

  py::enum_<ad::Mode>(m, "Mode").value("conventional", ad::Mode::conventional).value("clarke", ad::Mode::clarke);
  py::enum_<ad::Axis>(m, "Axis").value("all", ad::Axis::all).value("rows", ad::Axis::rows).value("cols", ad::Axis::cols);

  py::class_<Graph>(m, "Graph")
      .def(py::init([](ad::Mode mode) {
        auto g = std::make_unique<Graph>();
        g->set_mode(mode);
        return g;
      }))
      .def("variable", [](Graph& g, const Matrix& v) { return g.variable(v).id; })
      .def("constant", [](Graph& g, const Matrix& v) { return g.constant(v).id; })
      .def("value", [](Graph& g, int x) { return node(g, x).value(); })
      .def("unary", [](Graph& g, const std::string& op, int x) { return lookup(kUnary, op)(node(g, x)).id; })
      .def("binary", [](Graph& g, const std::string& op, int a, int b) {
        return lookup(kBinary, op)(node(g, a), node(g, b)).id;
      })
      .def("reduce", [](Graph& g, const std::string& op, int x, ad::Axis axis) {
        return lookup(kReduce, op)(node(g, x), axis).id;
      })
      .def("affine", [](Graph& g, int x, double scale, double shift) { return ad::affine(node(g, x), scale, shift).id; })
      .def("pow", [](Graph& g, int x, double p) { return ad::pow(node(g, x), p).id; })
      .def("leaky_relu", [](Graph& g, int x, double slope) { return ad::leaky_relu(node(g, x), slope).id; })
      .def("clamp", [](Graph& g, int x, double lo, double hi) { return ad::clamp(node(g, x), lo, hi).id; })
      .def("gather", [](Graph& g, int x, const std::vector<ad::Index>& index, ad::Index rows, ad::Index cols) {
        return ad::gather(node(g, x), index, rows, cols).id;
      })
      .def("where", [](Graph& g, int p, int a, int b) { return ad::where(node(g, p), node(g, a), node(g, b)).id; })
      .def("softmax_cross_entropy", [](Graph& g, int z, const std::vector<int>& labels) {
        return ad::softmax_cross_entropy(node(g, z), labels).id;
      })
      .def("value_and_grad", [](Graph& g, int loss) {
        double value = ad::value_and_grad(g, node(g, loss));
        return std::make_pair(value, ad::gradients(g));
      })
      .def("hvp", [](Graph& g, int loss, const std::vector<Matrix>& v) { return ad::hvp(g, node(g, loss), v); })
      .def("clarke_value_and_grad",
           [](Graph& g, int loss, std::uint64_t seed, const std::optional<std::vector<Matrix>>& prescribed) {
             g.set_direction_seed(seed);
             auto r = ad::clarke_value_and_grad(g, node(g, loss), prescribed ? &*prescribed : nullptr);
             return py::make_tuple(r.value, ad::gradients(g), r.order, r.unresolved_ties);
           })
      .def("goldstein_stationarity", [](Graph& g, int loss, double delta, int samples, std::uint64_t seed) {
        auto e = fdl::analysis::goldstein_stationarity(g, node(g, loss), delta, samples, seed);
        return py::make_tuple(e.epsilon, Eigen::VectorXd(e.min_norm_element), Eigen::VectorXd(e.weights), e.descent);
      });
});

}  // namespace
