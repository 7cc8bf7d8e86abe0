// fdl._fdl, runner part: the registered experiments, and running one to its result.json text
// (fdl.run in python/fdl/runs.py turns keyword overrides into settings and the text into a dict).
// fdl::run::InputError (unknown key, wrong type, out of range) → ValueError.
#include "module.hpp"

#include <pybind11/stl.h>

#include "fdl/run/experiment.hpp"
#include "fdl/run/runner.hpp"

namespace py = pybind11;

namespace {

const fdl::python::Binding kBinding("run", [](py::module_& m) {
  py::register_exception<fdl::run::InputError>(m, "InputError", PyExc_ValueError);
  m.def("experiments", [] {
    std::vector<std::tuple<std::string, std::string, std::string>> out;
    for (const auto& e : fdl::run::experiments()) out.emplace_back(e.name, e.claim, e.summary);
    return out;
  });
  m.def(
      "run_experiment",
      [](const std::string& name, const std::vector<std::pair<std::string, std::string>>& settings, const std::string& out) {
        const fdl::run::Experiment& e = fdl::run::experiment(name);
        std::vector<fdl::run::Setting> given;
        for (const auto& [key, text] : settings) given.push_back({key, text, "fdl.run"});
        fdl::run::Config config(e.schema, given);
        fdl::run::Progress quiet;
        fdl::run::Outcome o = [&] {
          py::gil_scoped_release release;
          return fdl::run::execute(e, config, quiet);
        }();
        if (!out.empty()) fdl::run::write_run(o, out);
        return fdl::run::result_json(o);
      },
      py::arg("name"), py::arg("settings"), py::arg("out") = "");
});

}  // namespace
