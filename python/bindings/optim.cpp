// fdl._fdl.optim: the optimizers of include/fdl/optim/ over numpy vectors. Objectives come from
// Python callables (PyObjective) or from an fdl-traced function replayed in C++ (TracedObjective);
// the pure-Python layer python/fdl/optim.py gives them their user-facing signatures.
#include "module.hpp"

#include <pybind11/eigen.h>
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "fdl/ad/derivatives.hpp"
#include "fdl/optim/adaptive.hpp"
#include "fdl/optim/admm.hpp"
#include "fdl/optim/coordinate_descent.hpp"
#include "fdl/optim/gradient_descent.hpp"
#include "fdl/optim/minimize.hpp"
#include "fdl/optim/mirror_descent.hpp"
#include "fdl/optim/momentum.hpp"
#include "fdl/optim/normalized_gd.hpp"
#include "fdl/optim/perturbed_gd.hpp"
#include "fdl/optim/primal_dual.hpp"
#include "fdl/optim/proximal_point.hpp"
#include "fdl/optim/riemannian_sphere.hpp"
#include "fdl/optim/sgd.hpp"
#include "fdl/optim/steepest_descent.hpp"

namespace py = pybind11;
using namespace fdl::optim;
using fdl::Index;
using fdl::Objective;
using fdl::Vector;

namespace {

// f from Python: value_and_grad(w) -> (float, array); optional batch(w, indices) -> (float, array).
class PyObjective : public Objective {
 public:
  PyObjective(py::function value_and_grad, Index dimension, Index samples, py::object batch)
      : value_and_grad_(std::move(value_and_grad)), dimension_(dimension), samples_(samples), batch_(std::move(batch)) {
    require(dimension >= 0 && samples >= 0, "Objective", "dimension ≥ 0 and samples ≥ 0");
    require(samples == 0 || !batch_.is_none(), "Objective", "a batch function when samples > 0");
  }
  Index dimension() const override { return dimension_; }
  Index samples() const override { return samples_; }
  double value(const Vector& w) override {
    Vector g;
    return value_and_grad(w, g);
  }
  double value_and_grad(const Vector& w, Vector& grad) override { return unpack(value_and_grad_(w), grad, "f"); }
  double batch_value_and_grad(const Vector& w, std::span<const Index> batch, Vector& grad) override {
    py::array_t<Index> indices(static_cast<py::ssize_t>(batch.size()), batch.data());
    return unpack(batch_(w, indices), grad, "batch");
  }

 private:
  double unpack(const py::object& result, Vector& grad, const char* what) const {
    auto pair = result.cast<std::pair<double, Vector>>();
    if (pair.second.size() != dimension_)
      throw std::invalid_argument(std::string("Objective: ") + what + " returned a gradient of " +
                                  std::to_string(pair.second.size()) + " entries, expected " + std::to_string(dimension_));
    grad = std::move(pair.second);
    return pair.first;
  }
  py::function value_and_grad_;
  Index dimension_, samples_;
  py::object batch_;
};

// A function traced once into an fdl Graph (python/fdl/derivatives.py) and replayed per call.
class TracedObjective : public Objective {
 public:
  TracedObjective(py::object graph, int loss, int variable)
      : holder_(std::move(graph)), graph_(holder_.cast<fdl::ad::Graph*>()), loss_{graph_, loss}, x_{graph_, variable} {}
  Index dimension() const override { return x_.value().size(); }
  double value(const Vector& w) override {
    Vector g;
    return value_and_grad(w, g);
  }
  double value_and_grad(const Vector& w, Vector& grad) override {
    check_dimension("traced objective", "w", w, dimension());
    x_.value() = w;
    const double v = fdl::ad::value_and_grad(*graph_, loss_);
    grad = x_.grad().reshaped();
    return v;
  }

 private:
  py::object holder_;
  fdl::ad::Graph* graph_;
  fdl::ad::Var loss_, x_;
};

template <class T>
using Class = py::class_<T, std::shared_ptr<T>>;

py::dict report_dict(const Report& r) {
  py::array_t<double> trace({static_cast<py::ssize_t>(r.trace.size()), py::ssize_t{3}});
  auto t = trace.mutable_unchecked<2>();
  for (std::size_t k = 0; k < r.trace.size(); ++k) {
    t(k, 0) = static_cast<double>(r.trace[k].iteration), t(k, 1) = r.trace[k].value, t(k, 2) = r.trace[k].grad_norm;
  }
  py::dict d;
  d["status"] = to_string(r.status), d["iterations"] = r.iterations, d["value"] = r.value;
  d["grad_norm"] = r.grad_norm, d["diverged_at"] = r.diverged_at, d["seconds"] = r.seconds, d["trace"] = trace;
  return d;
}

}  // namespace

static const fdl::python::Binding kBinding("optim", [](py::module_& parent) {
  py::module_ m = parent.def_submodule("optim", "fdl optimizers (C++)");

  // The base of every objective, also of fdl.problems' (exported there as fdl.problems.Objective).
  Class<Objective>(m, "ObjectiveBase")
      .def_property_readonly("dimension", &Objective::dimension)
      .def_property_readonly("samples", &Objective::samples)
      .def("value", &Objective::value, py::arg("w"))
      .def("value_and_grad", [](Objective& f, const Vector& w) {
        Vector g;
        const double v = f.value_and_grad(w, g);
        return py::make_tuple(v, g);
      }, py::arg("w"))
      .def("batch_value_and_grad", [](Objective& f, const Vector& w, const std::vector<Index>& batch) {
        Vector g;
        const double v = f.batch_value_and_grad(w, batch, g);
        return py::make_tuple(v, g);
      }, py::arg("w"), py::arg("batch"))
      .def("hvp", &Objective::hvp, py::arg("w"), py::arg("v"));
  Class<PyObjective>(m, "PyObjective", py::base<Objective>())
      .def(py::init<py::function, Index, Index, py::object>(), py::arg("value_and_grad"), py::arg("dimension"),
           py::arg("samples") = 0, py::arg("batch") = py::none());
  Class<TracedObjective>(m, "TracedObjective", py::base<Objective>()).def(py::init<py::object, int, int>());

  py::class_<Schedule>(m, "Schedule")
      .def_static("constant", &Schedule::constant, py::arg("eta"))
      .def_static("inverse_power", &Schedule::inverse_power, py::arg("eta0"), py::arg("gamma"))
      .def_static("step_decay", &Schedule::step_decay, py::arg("eta0"), py::arg("factor"), py::arg("every"))
      .def_static("cosine", &Schedule::cosine, py::arg("eta0"), py::arg("horizon"), py::arg("eta_min") = 0.0)
      .def_static("normalized", &Schedule::normalized, py::arg("c"))
      .def_static("normalized_sqrt", &Schedule::normalized_sqrt, py::arg("c"))
      .def("__call__", &Schedule::operator(), py::arg("t"), py::arg("log_loss") = 0.0)
      .def("__repr__", &Schedule::describe);

  Class<Optimizer>(m, "Optimizer")
      .def("name", &Optimizer::name)
      .def("init", &Optimizer::init, py::arg("w"))
      .def("step", [](Optimizer& o, Objective& f, Vector w, Index t) {
        check_dimension("step", "w", w, f.dimension());
        o.step(f, w, t);
        return w;
      }, py::arg("f"), py::arg("w"), py::arg("t"));
  Class<GradientOptimizer>(m, "GradientOptimizer", py::base<Optimizer>())
      .def("update", [](GradientOptimizer& o, const Vector& g, Vector w, Index t, double value) {
        check_dimension("update", "gradient", g, w.size());
        o.update(g, value, w, t);
        return w;
      }, py::arg("g"), py::arg("w"), py::arg("t"), py::arg("value") = kUnknown);

  Class<GradientDescent>(m, "GradientDescent", py::base<GradientOptimizer>()).def(py::init<Schedule>());
  Class<NormalizedGradientDescent>(m, "NormalizedGradientDescent", py::base<GradientOptimizer>()).def(py::init<Schedule>());
  Class<Momentum>(m, "Momentum", py::base<GradientOptimizer>())
      .def(py::init<std::shared_ptr<GradientOptimizer>, double, bool>(), py::arg("inner"), py::arg("mu"), py::arg("nesterov") = false)
      .def_property_readonly("velocity", &Momentum::velocity);
  Class<AdaGrad>(m, "AdaGrad", py::base<GradientOptimizer>()).def(py::init<Schedule, double>());
  Class<Adam>(m, "Adam", py::base<GradientOptimizer>()).def(py::init<Schedule, double, double, double>());
  Class<RiemannianSphereGD>(m, "RiemannianSphereGD", py::base<GradientOptimizer>()).def(py::init<Schedule>());

  Class<Prox>(m, "Prox")
      .def("value", &Prox::value)
      .def("apply", [](const Prox& p, Vector v, double eta) { return p.apply(v, eta), v; }, py::arg("v"), py::arg("eta"));
  Class<L1NormProx>(m, "L1NormProx", py::base<Prox>()).def(py::init<double>());
  Class<SquaredL2NormProx>(m, "SquaredL2NormProx", py::base<Prox>()).def(py::init<double>());
  Class<BoxProx>(m, "BoxProx", py::base<Prox>()).def(py::init<double, double>());
  Class<NonnegativeOrthantProx>(m, "NonnegativeOrthantProx", py::base<Prox>()).def(py::init<>());
  Class<BallProx>(m, "BallProx", py::base<Prox>()).def(py::init<double>());

  Class<SGD>(m, "SGD", py::base<Optimizer>())
      .def(py::init([](Schedule eta, Index batch_size, bool replacement, std::uint64_t seed, std::shared_ptr<const Prox> prox) {
        return std::make_shared<SGD>(eta, Minibatch{batch_size, replacement, seed}, std::move(prox));
      }))
      .def_property_readonly("last_batch", [](const SGD& s) {
        return std::vector<Index>(s.last_batch().begin(), s.last_batch().end());
      });

  Class<Potential>(m, "Potential")
      .def("name", &Potential::name)
      .def("value", &Potential::value)
      .def("gradient", [](const Potential& p, const Vector& w) { Vector t; p.gradient(w, t); return t; })
      .def("gradient_inverse", [](const Potential& p, const Vector& t) { Vector w; p.gradient_inverse(t, w); return w; })
      .def("bregman_divergence", &Potential::bregman_divergence);
  Class<Euclidean>(m, "Euclidean", py::base<Potential>()).def(py::init<>());
  Class<NegativeEntropy>(m, "NegativeEntropy", py::base<Potential>()).def(py::init<>());
  Class<SimplexEntropy>(m, "SimplexEntropy", py::base<Potential>()).def(py::init<>());
  Class<HyperbolicEntropy>(m, "HyperbolicEntropy", py::base<Potential>()).def(py::init<double>());
  Class<SquaredLpNorm>(m, "SquaredLpNorm", py::base<Potential>()).def(py::init<double>());
  Class<MirrorDescent>(m, "MirrorDescent", py::base<GradientOptimizer>())
      .def(py::init<std::shared_ptr<const Potential>, Schedule, double>());

  Class<Norm>(m, "Norm")
      .def("name", &Norm::name)
      .def("norm", &Norm::norm)
      .def("dual_norm", &Norm::dual_norm)
      .def("steepest_direction", [](const Norm& n, const Vector& g) { Vector u; n.steepest_direction(g, u); return u; });
  Class<L1>(m, "L1", py::base<Norm>()).def(py::init<>());
  Class<L2>(m, "L2", py::base<Norm>()).def(py::init<>());
  Class<Linf>(m, "Linf", py::base<Norm>()).def(py::init<>());
  Class<Lp>(m, "Lp", py::base<Norm>()).def(py::init<double>());
  Class<Quadratic>(m, "Quadratic", py::base<Norm>()).def(py::init<const Eigen::MatrixXd&>());
  Class<SteepestDescent>(m, "SteepestDescent", py::base<GradientOptimizer>())
      .def(py::init<std::shared_ptr<const Norm>, Schedule>());

  Class<CoordinateDescent>(m, "CoordinateDescent", py::base<GradientOptimizer>())
      .def(py::init([](Schedule eta, const std::string& rule, Index block_size, std::uint64_t seed) {
        return std::make_shared<CoordinateDescent>(eta, coordinate_rule(rule), block_size, seed);
      }))
      .def_property_readonly("touched", [](const CoordinateDescent& c) {
        return std::vector<Index>(c.touched().begin(), c.touched().end());
      });

  Class<PerturbedGradientDescent>(m, "PerturbedGradientDescent", py::base<Optimizer>())
      .def(py::init([](double eta, double radius, double g_thres, Index t_thres, double f_thres, std::uint64_t seed) {
        return std::make_shared<PerturbedGradientDescent>(PerturbedGDParameters{eta, radius, g_thres, t_thres, f_thres, seed});
      }))
      .def_property_readonly("perturbations", &PerturbedGradientDescent::perturbations);
  m.def("perturbed_gd_paper_parameters", [](double ell, double rho, double eps, double delta, double delta_f, Index d, double c) {
    const auto p = paper_parameters(ell, rho, eps, delta, delta_f, d, c);
    return py::dict(py::arg("eta") = p.eta, py::arg("radius") = p.radius, py::arg("g_thres") = p.g_thres,
                    py::arg("t_thres") = p.t_thres, py::arg("f_thres") = p.f_thres);
  });

  Class<ProximalPoint>(m, "ProximalPoint", py::base<Optimizer>())
      .def(py::init([](double lambda, double inner_step, double tolerance, Index max_inner) {
        return std::make_shared<ProximalPoint>(ProximalPointParameters{lambda, inner_step, tolerance, max_inner});
      }))
      .def_property_readonly("last_inner_iterations", &ProximalPoint::last_inner_iterations)
      .def_property_readonly("last_inner_residual", &ProximalPoint::last_inner_residual)
      .def_property_readonly("inner_failures", &ProximalPoint::inner_failures);

  Class<GradientAdmm>(m, "GradientAdmm", py::base<Optimizer>())
      .def(py::init<Eigen::MatrixXd, Eigen::MatrixXd, Vector, double, const Eigen::MatrixXd&, const Eigen::MatrixXd&>())
      .def("set_initial_multiplier", &GradientAdmm::set_initial_multiplier)
      .def("constraint_violation", &GradientAdmm::constraint_violation)
      .def_property_readonly("multiplier", &GradientAdmm::multiplier);
  Class<GradientPrimalDual>(m, "GradientPrimalDual", py::base<GradientAdmm>())
      .def(py::init<Eigen::MatrixXd, Eigen::MatrixXd, Vector, double>());
  m.def("consensus_constraints", [](const std::vector<std::pair<Index, Index>>& edges, Index nodes, Index d) {
    auto k = consensus_constraints(edges, nodes, d);
    return std::make_pair(k.A, k.B);
  });

  m.def("admm", [](Eigen::MatrixXd A, Eigen::MatrixXd B, Vector c, py::function x_update, py::function z_update,
                   const Vector& x0, const Vector& z0, double rho, Index max_iterations, double abs_tol, double rel_tol) {
    AdmmProblem problem{std::move(A), std::move(B), std::move(c),
                        [x_update](const Vector& v, double r, Vector& x) { x = x_update(v, r).cast<Vector>(); },
                        [z_update](const Vector& v, double r, Vector& z) { z = z_update(v, r).cast<Vector>(); }};
    auto r = admm(problem, x0, z0, {rho, max_iterations, abs_tol, rel_tol});
    return py::make_tuple(r.x, r.z, r.u, r.iterations, r.status, r.primal_residual, r.dual_residual);
  });
  m.def("lasso_admm", [](const Eigen::MatrixXd& D, const Vector& b, double lambda, double rho, Index max_iterations,
                         double abs_tol, double rel_tol) {
    auto r = lasso_admm(D, b, lambda, {rho, max_iterations, abs_tol, rel_tol});
    return py::make_tuple(r.x, r.z, r.u, r.iterations, r.status, r.primal_residual, r.dual_residual);
  });

  m.def("minimize", [](Objective& f, Optimizer& o, Vector w, Index max_iterations, double gradient_norm, double loss,
                       double wall_seconds, Index check_every, Index record_every) {
    const Report r = minimize(f, o, w, {max_iterations, gradient_norm, loss, wall_seconds, check_every, record_every});
    return std::make_pair(w, report_dict(r));
  });
});
