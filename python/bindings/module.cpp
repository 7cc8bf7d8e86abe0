// The extension module fdl._fdl: runs every registered Binding, in name order.
#include "module.hpp"

#include <map>

namespace fdl::python {
namespace {

std::map<std::string, std::function<void(pybind11::module_&)>>& bindings() {
  static std::map<std::string, std::function<void(pybind11::module_&)>> all;
  return all;
}

}  // namespace

Binding::Binding(std::string name, std::function<void(pybind11::module_&)> bind) {
  bindings().emplace(std::move(name), std::move(bind));
}

}  // namespace fdl::python

PYBIND11_MODULE(_fdl, m) {
  m.doc() = "fdl's C++ core (use the fdl package instead)";
  for (auto& [name, bind] : fdl::python::bindings()) bind(m);
}
