// Each binding file of the extension module fdl._fdl registers a function that adds its part
// (functions, classes, submodules) to the module, so that subsystems bind themselves independently:
//
//   static const fdl::python::Binding optim("optim", [](py::module_& m) { ... });
#pragma once

#include <pybind11/pybind11.h>

#include <functional>
#include <string>

namespace fdl::python {

struct Binding {
  Binding(std::string name, std::function<void(pybind11::module_&)> bind);
};

}  // namespace fdl::python
