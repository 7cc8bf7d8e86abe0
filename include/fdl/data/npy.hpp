// NPY files (numpy's format, NEP 1): a magic string "\x93NUMPY", a version, a header that is a
// Python dict literal {'descr': '<f8', 'fortran_order': False, 'shape': (n, d)}, then the raw
// values. read_npy takes little-endian float64/float32 and (un)signed 1/2/4/8-byte integers of 1 to
// 3 dimensions in C or Fortran order and returns float64 in C order; write_npy writes '<f8', C
// order, version 1.0 — what numpy.load reads back bit for bit.
#pragma once

#include "fdl/data/array.hpp"

#include <filesystem>

namespace fdl::data {

Array read_npy(const std::filesystem::path& file);
void write_npy(const std::filesystem::path& file, const Array& array);

// Reads a whole file; a missing or unreadable one is a DataError.
std::string read_file(const std::filesystem::path& file);

}  // namespace fdl::data
