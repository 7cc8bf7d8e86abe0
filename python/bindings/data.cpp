// fdl._fdl.data: the readers and writers of fdl::data with numpy arrays in and out (C order).
// DataError becomes fdl.DataError (a ValueError) with the same message.
#include "module.hpp"

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "fdl/data/data.hpp"

namespace py = pybind11;
namespace data = fdl::data;

namespace {

py::array_t<double> to_numpy(const data::Array& a) {
  std::vector<py::ssize_t> shape(a.shape.begin(), a.shape.end());
  py::array_t<double> out(shape);
  std::copy(a.values.begin(), a.values.end(), out.mutable_data());
  return out;
}

data::Array from_numpy(const py::array_t<double, py::array::c_style | py::array::forcecast>& a) {
  if (a.ndim() < 1 || a.ndim() > 3)
    throw std::invalid_argument("expected a 1-D, 2-D or 3-D array, got " + std::to_string(a.ndim()) + " dimensions");
  std::vector<data::Index> shape(a.shape(), a.shape() + a.ndim());
  return data::Array(shape, std::vector<double>(a.data(), a.data() + a.size()));
}

data::Header header_of(const std::string& h) {
  if (h == "auto") return data::Header::automatic;
  if (h == "present") return data::Header::present;
  if (h == "absent") return data::Header::absent;
  throw std::invalid_argument("header must be 'auto', 'present' or 'absent', got '" + h + "'");
}

data::Finite finite_of(bool allow_nonfinite) { return allow_nonfinite ? data::Finite::allowed : data::Finite::required; }

const fdl::python::Binding kBinding("data", [](py::module_& root) {
  py::module_ m = root.def_submodule("data", "NPY, CSV and IDX files, Fashion-MNIST, user data by path");
  py::register_exception<data::DataError>(root, "DataError", PyExc_ValueError);

  m.def("read_npy", [](const std::filesystem::path& f) { return to_numpy(data::read_npy(f)); }, py::arg("file"));
  m.def("write_npy", [](const std::filesystem::path& f, const py::array_t<double, py::array::c_style | py::array::forcecast>& a) {
    data::write_npy(f, from_numpy(a));
  }, py::arg("file"), py::arg("array"));
  m.def("read_csv", [](const std::filesystem::path& f, const std::string& header) { return to_numpy(data::read_csv(f, header_of(header))); },
        py::arg("file"), py::arg("header") = "auto");
  m.def("write_csv",
        [](const std::filesystem::path& f, const py::array_t<double, py::array::c_style | py::array::forcecast>& a,
           const std::vector<std::string>& header) { data::write_csv(f, from_numpy(a), header); },
        py::arg("file"), py::arg("array"), py::arg("header") = std::vector<std::string>{});
  m.def("read_idx", [](const std::filesystem::path& f) { return to_numpy(data::read_idx(f)); }, py::arg("file"));
  m.def("load_array", [](const std::filesystem::path& f, bool allow) { return to_numpy(data::load_array(f, finite_of(allow))); },
        py::arg("file"), py::arg("allow_nonfinite") = false);
  m.def("load_matrix", [](const std::filesystem::path& f, bool allow) { return data::load_matrix(f, finite_of(allow)); },
        py::arg("file"), py::arg("allow_nonfinite") = false);
  m.def("load_vector", [](const std::filesystem::path& f, bool allow) { return data::load_vector(f, finite_of(allow)); },
        py::arg("file"), py::arg("allow_nonfinite") = false);
  m.def("load_matrices", [](const std::filesystem::path& f, bool allow) {
    data::Array a = data::load_array(f, finite_of(allow));
    data::to_matrices(a, f);  // checks the shape: m matrices
    return to_numpy(a);
  }, py::arg("file"), py::arg("allow_nonfinite") = false);
  m.def("load_samples", [](const std::filesystem::path& X, const std::filesystem::path& y) {
    data::Samples s = data::load_samples(X, y);
    return py::make_tuple(s.X, s.y);
  }, py::arg("X"), py::arg("y"));
  m.def("load_fashion_mnist",
        [](bool train, const std::vector<int>& classes, const std::string& labels, data::Index per_class, const std::string& subset,
           std::uint64_t seed, const std::filesystem::path& directory) {
          data::FashionMnistOptions o;
          o.train = train, o.classes = classes, o.per_class = per_class, o.seed = seed, o.directory = directory;
          if (labels == "signed") o.labels = data::Labels::signed_;
          else if (labels != "index") throw std::invalid_argument("labels must be 'index' or 'signed', got '" + labels + "'");
          if (subset == "random") o.subset = data::Subset::random;
          else if (subset != "first") throw std::invalid_argument("subset must be 'first' or 'random', got '" + subset + "'");
          data::LabelledImages images = data::load_fashion_mnist(o);
          return py::make_tuple(images.X, images.y);
        },
        py::arg("train") = true, py::arg("classes") = std::vector<int>{}, py::arg("labels") = "index", py::arg("per_class") = 0,
        py::arg("subset") = "first", py::arg("seed") = 0, py::arg("directory") = data::kFashionMnistDirectory);
});

}  // namespace
