// User data by path, as experiments take it (keys data.X, data.y, data.A): the format follows the
// extension (.npy or .csv), values must be finite unless allowed, and the shape must be what the
// caller expects. Every failure is a DataError naming the file.
#pragma once

#include "fdl/data/array.hpp"

#include <filesystem>
#include <vector>

namespace fdl::data {

enum class Finite { required, allowed };

Array load_array(const std::filesystem::path& file, Finite finite = Finite::required);
Matrix load_matrix(const std::filesystem::path& file, Finite finite = Finite::required);  // 2-D; 1-D is one column
Vector load_vector(const std::filesystem::path& file, Finite finite = Finite::required);  // 1-D, n×1 or 1×n
// 3-D m×r×c: m matrices (e.g. sensing operators A_i).
std::vector<Matrix> load_matrices(const std::filesystem::path& file, Finite finite = Finite::required);

// Conversions; `file` names the source in the error.
Matrix to_matrix(const Array& a, const std::filesystem::path& file);
Vector to_vector(const Array& a, const std::filesystem::path& file);
std::vector<Matrix> to_matrices(const Array& a, const std::filesystem::path& file);

// Samples X (n×d) and their targets y (n): both files, with the row counts checked against each other.
struct Samples {
  Matrix X;
  Vector y;
};
Samples load_samples(const std::filesystem::path& X, const std::filesystem::path& y);

}  // namespace fdl::data
