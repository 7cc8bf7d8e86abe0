// CSV files of numbers: one row per line, cells separated by commas, an optional header line of
// column names. read_csv returns a 2-D array (rows × columns); write_csv writes 1-D arrays as one
// column and every value with 17 significant digits (exact round trip of float64).
#pragma once

#include "fdl/data/array.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace fdl::data {

// automatic: the first line is a header when one of its cells is not a number.
enum class Header { automatic, present, absent };

Array read_csv(const std::filesystem::path& file, Header header = Header::automatic);
void write_csv(const std::filesystem::path& file, const Array& array, const std::vector<std::string>& header = {});

}  // namespace fdl::data
