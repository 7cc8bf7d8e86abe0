// Arrays read from and written to files: 1-D, 2-D or 3-D float64 values in C (row-major) order,
// as numpy holds them, and the error every reader throws for a file it cannot use.
#pragma once

#include <Eigen/Core>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace fdl::data {

using Index = Eigen::Index;
using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;

// A file that is missing, malformed or holds the wrong thing. The message names the file and
// the problem ("data.npy: truncated: ..."); the CLI maps it to exit code 2.
struct DataError : std::runtime_error {
  DataError(const std::filesystem::path& file, const std::string& problem)
      : std::runtime_error(file.string() + ": " + problem) {}
};

struct Array {
  std::vector<Index> shape;    // 1 to 3 dimensions
  std::vector<double> values;  // C order: the last index varies fastest

  Array() = default;
  Array(std::vector<Index> shape, std::vector<double> values);  // checks sizes agree
  static Array from(const Matrix& m);   // 2-D, rows × cols
  static Array from(const Vector& v);   // 1-D

  Index dimensions() const { return static_cast<Index>(shape.size()); }
  Index size() const { return static_cast<Index>(values.size()); }
  double operator()(Index i, Index j) const { return values[i * shape[1] + j]; }  // 2-D
  double operator()(Index i, Index j, Index k) const { return values[(i * shape[1] + j) * shape[2] + k]; }

  std::string shape_string() const;  // "(3, 4)", "(5,)"
};

std::string shape_string(const std::vector<Index>& shape);

}  // namespace fdl::data
