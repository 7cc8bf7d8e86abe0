// fdl._fdl.problems: the problems of fdl::problems as Objective objects (value, value_and_grad,
// batch_value_and_grad, hvp over numpy vectors) with their data and known optima.
// Modes are strings, as in fdl.grad: "conventional" or "clarke".
#include "module.hpp"

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "fdl/problems/problems.hpp"
#include "fdl/problems/shallow_relu_batch.hpp"

namespace py = pybind11;
namespace pr = fdl::problems;
using fdl::Index;
using fdl::Objective;
using fdl::Vector;
using pr::Matrix;

namespace {

fdl::ad::Mode mode_of(const std::string& m) {
  if (m == "conventional") return fdl::ad::Mode::conventional;
  if (m == "clarke") return fdl::ad::Mode::clarke;
  throw std::invalid_argument("mode must be 'conventional' or 'clarke', got '" + m + "'");
}

pr::ClassificationLoss loss_of(const std::string& l) {
  if (l == "logistic") return pr::ClassificationLoss::logistic;
  if (l == "exponential") return pr::ClassificationLoss::exponential;
  if (l == "cross_entropy") return pr::ClassificationLoss::cross_entropy;
  throw std::invalid_argument("loss must be 'logistic', 'exponential' or 'cross_entropy', got '" + l + "'");
}

pr::Predictor predictor_of(const std::string& p) {
  if (p == "linear") return pr::Predictor::linear;
  if (p == "fully_connected") return pr::Predictor::fully_connected;
  if (p == "convolutional") return pr::Predictor::convolutional;
  throw std::invalid_argument("predictor must be 'linear', 'fully_connected' or 'convolutional', got '" + p + "'");
}

pr::Architecture architecture_of(const std::string& a) {
  if (a == "fully_connected") return pr::Architecture::fully_connected;
  if (a == "resnet") return pr::Architecture::resnet;
  throw std::invalid_argument("architecture must be 'fully_connected' or 'resnet', got '" + a + "'");
}

pr::Activation activation_of(const std::string& a) {
  if (a == "relu") return pr::Activation::relu;
  if (a == "softplus") return pr::Activation::softplus;
  throw std::invalid_argument("activation must be 'relu' or 'softplus', got '" + a + "'");
}

// m×d×d numpy array → m matrices.
std::vector<Matrix> matrices(const py::array_t<double, py::array::c_style | py::array::forcecast>& a) {
  if (a.ndim() != 3) throw std::invalid_argument("A must be an m×d×d array, got " + std::to_string(a.ndim()) + " dimensions");
  std::vector<Matrix> out;
  const Index rows = a.shape(1), cols = a.shape(2);
  for (Index i = 0; i < a.shape(0); ++i)
    out.push_back(Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        a.data() + i * rows * cols, rows, cols));
  return out;
}

py::array_t<double> stacked(const std::vector<Matrix>& A) {
  const Index rows = A.empty() ? 0 : A[0].rows(), cols = A.empty() ? 0 : A[0].cols();
  py::array_t<double> out({static_cast<py::ssize_t>(A.size()), static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(cols)});
  for (std::size_t i = 0; i < A.size(); ++i)
    Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(out.mutable_data() + i * rows * cols, rows,
                                                                                       cols) = A[i];
  return out;
}

// Shared-pointer holders, as for fdl.optim's objectives (pybind11 needs a base and its subclasses
// to agree on the holder).
template <typename T, typename Base>
using Class = py::class_<T, Base, std::shared_ptr<T>>;

// ShallowReluBatch<Scalar> as fdl._fdl.problems.<name>; fdl.problems.ShallowReluBatch picks one by dtype.
template <class Scalar>
void bind_batch(py::module_& m, const char* name) {
  using Batch = pr::ShallowReluBatch<Scalar>;
  py::class_<Batch>(m, name)
      .def(py::init<const pr::ShallowRelu&, const std::vector<Vector>&, const std::vector<Vector>&>(), py::arg("problem"), py::arg("points"),
           py::arg("output_weights") = std::vector<Vector>{})
      .def_static("from_seeds", &Batch::from_seeds, py::arg("problem"), py::arg("seeds"))
      .def_property_readonly("replicas", &Batch::replicas)
      .def("evaluate", &Batch::evaluate)
      .def("step", &Batch::step, py::arg("eta"))
      .def("point", &Batch::point, py::arg("r"))
      .def("gradient", &Batch::gradient, py::arg("r"));
}

const fdl::python::Binding kBinding("problems", [](py::module_& root) {
  py::module_ m = root.def_submodule("problems", "objectives with data and known optima");

  // The base class is bound once, by fdl._fdl.optim (bound before this module, in name order), so
  // that every problem can be handed to fdl.optim's optimizers.
  m.attr("Objective") = root.attr("optim").attr("ObjectiveBase");

  Class<pr::GraphObjective, Objective>(m, "GraphObjective")
      .def_property("mode", [](const pr::GraphObjective& f) { return f.mode() == fdl::ad::Mode::clarke ? "clarke" : "conventional"; },
                    [](pr::GraphObjective& f, const std::string& mode) { f.set_mode(mode_of(mode)); })
      .def("set_direction_seed", &pr::GraphObjective::set_direction_seed, py::arg("seed"))
      .def("unflatten", &pr::GraphObjective::unflatten, py::arg("w"))
      .def("outputs", &pr::GraphObjective::outputs, py::arg("w"))
      .def("output_jacobian", &pr::GraphObjective::output_jacobian, py::arg("w"))
      .def_property_readonly("blocks", [](const pr::GraphObjective& f) {
        std::vector<std::pair<Index, Index>> out;
        for (const pr::Block& b : f.blocks()) out.emplace_back(b.rows, b.cols);
        return out;
      });

  Class<pr::LeastSquares, pr::GraphObjective>(m, "LeastSquares")
      .def(py::init([](Matrix X, Vector y, const std::string& mode) { return pr::LeastSquares(X, y, mode_of(mode)); }), py::arg("X"),
           py::arg("y"), py::arg("mode") = "conventional")
      .def_static("random", &pr::LeastSquares::random, py::arg("n"), py::arg("d"), py::arg("seed"))
      .def_property_readonly("X", &pr::LeastSquares::X)
      .def_property_readonly("y", &pr::LeastSquares::y)
      .def("min_norm_solution", &pr::LeastSquares::min_norm_solution);

  Class<pr::SeparableClassification, pr::GraphObjective>(m, "SeparableClassification")
      .def(py::init([](Matrix X, Vector y, const std::string& loss, const std::string& predictor, int depth, const std::string& mode) {
             return pr::SeparableClassification(X, y, loss_of(loss), predictor_of(predictor), depth, mode_of(mode));
           }),
           py::arg("X"), py::arg("y"), py::arg("loss") = "logistic", py::arg("predictor") = "linear", py::arg("depth") = 1,
           py::arg("mode") = "conventional")
      .def_property_readonly("log_objective", &pr::SeparableClassification::log_objective, py::return_value_policy::reference_internal)
      .def("predictor", &pr::SeparableClassification::predictor, py::arg("theta"))
      .def("normalized_margin", &pr::SeparableClassification::normalized_margin, py::arg("theta"))
      .def_property_readonly("X", &pr::SeparableClassification::X)
      .def_property_readonly("y", &pr::SeparableClassification::y);
  m.def("separable_data", [](Index n, Index d, double margin, std::uint64_t seed, Index classes) {
    pr::SeparableData s = pr::separable_data(n, d, margin, seed, classes);
    return py::make_tuple(s.X, s.y, s.direction);
  }, py::arg("n"), py::arg("d"), py::arg("margin"), py::arg("seed"), py::arg("classes") = 2);
  m.def("soudry_fig1_data", [](std::uint64_t seed) {
    pr::SeparableData s = pr::soudry_fig1_data(seed);
    return py::make_tuple(s.X, s.y);
  }, py::arg("seed") = 0);
  m.def("soudry_fig1_svm", &pr::soudry_fig1_svm);

  Class<pr::MatrixSensing, pr::GraphObjective>(m, "MatrixSensing")
      .def(py::init([](const py::array_t<double, py::array::c_style | py::array::forcecast>& A, Vector b, Index k,
                       const std::string& mode) { return pr::MatrixSensing(matrices(A), b, k, mode_of(mode)); }),
           py::arg("A"), py::arg("b"), py::arg("k"), py::arg("mode") = "conventional")
      .def_static("random", &pr::MatrixSensing::random, py::arg("d"), py::arg("r"), py::arg("m"), py::arg("seed"), py::arg("k") = 0)
      .def_property_readonly("A", [](const pr::MatrixSensing& f) { return stacked(f.A()); })
      .def_property_readonly("b", &pr::MatrixSensing::b)
      .def_property_readonly("ground_truth", &pr::MatrixSensing::ground_truth)
      .def("measure", &pr::MatrixSensing::measure, py::arg("X"))
      .def("known_optimum", &pr::MatrixSensing::known_optimum);

  Class<pr::DiagonalSensing, pr::GraphObjective>(m, "DiagonalSensing")
      .def(py::init([](Matrix A, Vector b, const std::string& mode) { return pr::DiagonalSensing(A, b, mode_of(mode)); }), py::arg("A"),
           py::arg("b"), py::arg("mode") = "conventional")
      .def_static("random", &pr::DiagonalSensing::random, py::arg("d"), py::arg("m"), py::arg("seed"))
      .def_property_readonly("A", &pr::DiagonalSensing::A)
      .def_property_readonly("b", &pr::DiagonalSensing::b)
      .def_property_readonly("ground_truth", &pr::DiagonalSensing::ground_truth)
      .def("known_optimum", &pr::DiagonalSensing::known_optimum);

  Class<pr::MatrixCompletion, pr::GraphObjective>(m, "MatrixCompletion")
      .def(py::init([](Matrix M, Matrix mask, Index r, double lambda, double alpha, const std::string& mode) {
             return pr::MatrixCompletion(M, mask, r, {lambda, alpha}, mode_of(mode));
           }),
           py::arg("M"), py::arg("mask"), py::arg("r"), py::arg("reg_lambda") = 0.0, py::arg("reg_alpha") = 1.0,
           py::arg("mode") = "conventional")
      .def_static("random", [](Index d, Index r, double p, std::uint64_t seed, double lambda, double alpha) {
        return pr::MatrixCompletion::random(d, r, p, seed, {lambda, alpha});
      }, py::arg("d"), py::arg("r"), py::arg("p"), py::arg("seed"), py::arg("reg_lambda") = 0.0, py::arg("reg_alpha") = 1.0)
      .def_property_readonly("M", &pr::MatrixCompletion::M)
      .def_property_readonly("mask", &pr::MatrixCompletion::mask)
      .def("known_optimum", &pr::MatrixCompletion::known_optimum)
      .def("relative_error", &pr::MatrixCompletion::relative_error, py::arg("x"));

  Class<pr::PhaseRetrieval, pr::GraphObjective>(m, "PhaseRetrieval")
      .def(py::init([](Matrix A, Vector b, const std::string& mode) { return pr::PhaseRetrieval(A, b, mode_of(mode)); }), py::arg("A"),
           py::arg("b"), py::arg("mode") = "conventional")
      .def_static("random", [](Index d, Index m, std::uint64_t seed, const std::string& mode, double corrupted) {
        return pr::PhaseRetrieval::random(d, m, seed, mode_of(mode), corrupted);
      }, py::arg("d"), py::arg("m"), py::arg("seed"), py::arg("mode") = "conventional", py::arg("corrupted") = 0.0)
      .def_property_readonly("outliers", &pr::PhaseRetrieval::outliers)
      .def_property_readonly("A", &pr::PhaseRetrieval::A)
      .def_property_readonly("b", &pr::PhaseRetrieval::b)
      .def("known_optimum", &pr::PhaseRetrieval::known_optimum)
      .def("relative_distance", &pr::PhaseRetrieval::relative_distance, py::arg("x"));

  Class<pr::ShallowRelu, pr::GraphObjective>(m, "ShallowRelu")
      .def(py::init([](Matrix X, Vector y, Vector a, bool train_output, const std::string& mode) {
             return pr::ShallowRelu(X, y, a, train_output, mode_of(mode));
           }),
           py::arg("X"), py::arg("y"), py::arg("a"), py::arg("train_output") = false, py::arg("mode") = "conventional")
      .def_static("teacher_student", [](Index n, Index d, Index k, Index width, std::uint64_t seed, bool train_output,
                                        const std::string& mode) {
        return pr::ShallowRelu::teacher_student(n, d, k, width, seed, train_output, mode_of(mode));
      }, py::arg("n"), py::arg("d"), py::arg("k"), py::arg("m"), py::arg("seed"), py::arg("train_output") = false,
         py::arg("mode") = "conventional")
      .def_property_readonly("X", &pr::ShallowRelu::X)
      .def_property_readonly("y", &pr::ShallowRelu::y)
      .def_property_readonly("output_weights", &pr::ShallowRelu::output_weights)
      .def("known_optimum", &pr::ShallowRelu::known_optimum)
      .def("initial_point", &pr::ShallowRelu::initial_point, py::arg("seed"));
  bind_batch<double>(m, "ShallowReluBatch64");
  bind_batch<float>(m, "ShallowReluBatch32");

  Class<pr::SeparableSaddle, pr::GraphObjective>(m, "SeparableSaddle")
      .def(py::init([](Index d, Index k, const std::string& mode) { return pr::SeparableSaddle(d, k, mode_of(mode)); }),
           py::arg("d") = 2, py::arg("k") = 1, py::arg("mode") = "conventional")
      .def_property_readonly("minimum_value", &pr::SeparableSaddle::minimum_value)
      .def("distance_to_minimizers", &pr::SeparableSaddle::distance_to_minimizers, py::arg("x"))
      .def("project_to_stable_manifold", &pr::SeparableSaddle::project_to_stable_manifold, py::arg("x"));

  Class<pr::FactorizationSaddle, pr::GraphObjective>(m, "FactorizationSaddle")
      .def(py::init([](Vector eigenvalues, const std::string& mode) { return pr::FactorizationSaddle(eigenvalues, mode_of(mode)); }),
           py::arg("eigenvalues"), py::arg("mode") = "conventional")
      .def_property_readonly("eigenvalues", &pr::FactorizationSaddle::eigenvalues)
      .def("critical_point", &pr::FactorizationSaddle::critical_point, py::arg("j"));

  Class<pr::DeepNetwork, pr::GraphObjective>(m, "DeepNetwork")
      .def(py::init([](Matrix X, Vector y, const std::string& architecture, const std::string& activation, Index depth, Index width,
                       double c_res, Vector a, bool train_output, const std::string& mode) {
             return pr::DeepNetwork(X, y, {architecture_of(architecture), activation_of(activation), depth, width, c_res}, a,
                                    train_output, mode_of(mode));
           }),
           py::arg("X"), py::arg("y"), py::arg("architecture"), py::arg("activation"), py::arg("depth"), py::arg("width"),
           py::arg("c_res") = 1.0, py::arg("a"), py::arg("train_output") = false, py::arg("mode") = "conventional")
      .def_static("random", [](Index n, Index d, const std::string& architecture, const std::string& activation, Index depth,
                               Index width, double c_res, std::uint64_t seed, bool train_output) {
        return pr::DeepNetwork::random(n, d, {architecture_of(architecture), activation_of(activation), depth, width, c_res}, seed,
                                       train_output);
      }, py::arg("n"), py::arg("d"), py::arg("architecture") = "fully_connected", py::arg("activation") = "relu", py::arg("depth") = 2,
         py::arg("width") = 64, py::arg("c_res") = 1.0, py::arg("seed") = 0, py::arg("train_output") = false)
      .def_property_readonly("X", &pr::DeepNetwork::X)
      .def_property_readonly("y", &pr::DeepNetwork::y)
      .def("initial_point", &pr::DeepNetwork::initial_point, py::arg("seed"));
  m.def("activation_normalizer", [](const std::string& a) { return pr::activation_normalizer(activation_of(a)); }, py::arg("activation"));

  Class<pr::QuadraticNetwork, pr::GraphObjective>(m, "QuadraticNetwork")
      .def(py::init([](Matrix X, Vector y, Vector v, const std::string& mode) { return pr::QuadraticNetwork(X, y, v, mode_of(mode)); }),
           py::arg("X"), py::arg("y"), py::arg("v"), py::arg("mode") = "conventional")
      .def_static("random", &pr::QuadraticNetwork::random, py::arg("n"), py::arg("d"), py::arg("k"), py::arg("seed"))
      .def_property_readonly("X", &pr::QuadraticNetwork::X)
      .def_property_readonly("y", &pr::QuadraticNetwork::y)
      .def_property_readonly("output_weights", &pr::QuadraticNetwork::output_weights)
      .def("known_optimum", &pr::QuadraticNetwork::known_optimum);
});

}  // namespace
