#include "fdl/data/load.hpp"

#include "fdl/data/csv.hpp"
#include "fdl/data/npy.hpp"

#include <cmath>

namespace fdl::data {
namespace {

std::string index_string(const Array& a, std::size_t flat) {
  std::vector<Index> at(a.shape.size());
  for (std::size_t d = a.shape.size(); d-- > 0;) {
    at[d] = static_cast<Index>(flat) % a.shape[d];
    flat /= a.shape[d];
  }
  std::string s = "[";
  for (std::size_t d = 0; d < at.size(); ++d) s += (d ? ", " : "") + std::to_string(at[d]);
  return s + "]";
}

}  // namespace

Array load_array(const std::filesystem::path& file, Finite finite) {
  const std::string ext = file.extension().string();
  Array a;
  if (ext == ".npy") a = read_npy(file);
  else if (ext == ".csv") a = read_csv(file);
  else throw DataError(file, "unknown file type '" + ext + "', expected .npy or .csv");
  if (finite == Finite::required)
    for (std::size_t i = 0; i < a.values.size(); ++i)
      if (!std::isfinite(a.values[i]))
        throw DataError(file, "value " + std::to_string(a.values[i]) + " at index " + index_string(a, i) +
                                  " is not finite (NaN or infinite values are not allowed here)");
  return a;
}

Matrix to_matrix(const Array& a, const std::filesystem::path& file) {
  if (a.dimensions() == 1) return to_vector(a, file);
  if (a.dimensions() != 2) throw DataError(file, "wrong shape: expected a matrix (2-D), got shape " + a.shape_string());
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(a.values.data(), a.shape[0],
                                                                                                  a.shape[1]);
}

Vector to_vector(const Array& a, const std::filesystem::path& file) {
  bool vector_shaped = a.dimensions() == 1 || (a.dimensions() == 2 && (a.shape[0] == 1 || a.shape[1] == 1));
  if (!vector_shaped) throw DataError(file, "wrong shape: expected a vector (n, n×1 or 1×n), got shape " + a.shape_string());
  return Eigen::Map<const Vector>(a.values.data(), a.size());
}

std::vector<Matrix> to_matrices(const Array& a, const std::filesystem::path& file) {
  if (a.dimensions() != 3) throw DataError(file, "wrong shape: expected m matrices (3-D), got shape " + a.shape_string());
  std::vector<Matrix> out;
  const Index block = a.shape[1] * a.shape[2];
  for (Index i = 0; i < a.shape[0]; ++i)
    out.push_back(Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        a.values.data() + i * block, a.shape[1], a.shape[2]));
  return out;
}

Matrix load_matrix(const std::filesystem::path& file, Finite finite) { return to_matrix(load_array(file, finite), file); }
Vector load_vector(const std::filesystem::path& file, Finite finite) { return to_vector(load_array(file, finite), file); }
std::vector<Matrix> load_matrices(const std::filesystem::path& file, Finite finite) {
  return to_matrices(load_array(file, finite), file);
}

Samples load_samples(const std::filesystem::path& X, const std::filesystem::path& y) {
  Samples s{load_matrix(X), load_vector(y)};
  if (s.X.rows() != s.y.size())
    throw DataError(y, "wrong shape: " + std::to_string(s.y.size()) + " targets for the " + std::to_string(s.X.rows()) +
                           " rows of " + X.string());
  return s;
}

}  // namespace fdl::data
