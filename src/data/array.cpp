#include "fdl/data/array.hpp"

#include <numeric>

namespace fdl::data {

std::string shape_string(const std::vector<Index>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

Array::Array(std::vector<Index> shape_, std::vector<double> values_) : shape(std::move(shape_)), values(std::move(values_)) {
  if (shape.empty() || shape.size() > 3)
    throw std::invalid_argument("Array: expected 1 to 3 dimensions, got shape " + data::shape_string(shape));
  Index n = std::accumulate(shape.begin(), shape.end(), Index{1}, std::multiplies<>());
  if (n != static_cast<Index>(values.size()))
    throw std::invalid_argument("Array: shape " + data::shape_string(shape) + " needs " + std::to_string(n) + " values, got " +
                                std::to_string(values.size()));
}

Array Array::from(const Matrix& m) {
  Array a;
  a.shape = {m.rows(), m.cols()};
  a.values.resize(m.size());
  Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(a.values.data(), m.rows(), m.cols()) = m;
  return a;
}

Array Array::from(const Vector& v) { return Array({v.size()}, std::vector<double>(v.data(), v.data() + v.size())); }

std::string Array::shape_string() const { return data::shape_string(shape); }

}  // namespace fdl::data
