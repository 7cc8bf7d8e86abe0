#include "fdl/data/csv.hpp"
#include "trim.hpp"

#include "fdl/data/npy.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

namespace fdl::data {
namespace {

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1)
    out.push_back(trim(line.substr(start, comma - start)));
  out.push_back(trim(line.substr(start)));
  return out;
}

std::optional<double> number(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(cell.c_str(), &end);
  if (*end != '\0') return std::nullopt;
  return v;
}

}  // namespace

Array read_csv(const std::filesystem::path& file, Header header) {
  std::istringstream text(read_file(file));
  std::vector<double> values;
  Index columns = -1, rows = 0, first_line = 0;
  std::size_t line_number = 0;
  bool header_pending = header != Header::absent;
  for (std::string line; std::getline(text, line);) {
    ++line_number;
    if (trim(line).empty()) continue;
    std::vector<std::string> row = cells(line);
    if (header_pending) {
      header_pending = false;
      bool numeric = true;
      for (const auto& c : row) numeric = numeric && number(c).has_value();
      if (header == Header::present || !numeric) {
        columns = static_cast<Index>(row.size());
        first_line = static_cast<Index>(line_number);
        continue;
      }
    }
    if (columns < 0) columns = static_cast<Index>(row.size()), first_line = static_cast<Index>(line_number);
    if (static_cast<Index>(row.size()) != columns)
      throw DataError(file, "ragged rows: line " + std::to_string(line_number) + " has " + std::to_string(row.size()) +
                                " cells, line " + std::to_string(first_line) + " has " + std::to_string(columns));
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::optional<double> v = number(row[c]);
      if (!v)
        throw DataError(file, "line " + std::to_string(line_number) + ", column " + std::to_string(c + 1) + ": '" + row[c] +
                                  "' is not a number");
      values.push_back(*v);
    }
    ++rows;
  }
  if (rows == 0) throw DataError(file, "no rows of numbers");
  return Array({rows, columns}, std::move(values));
}

void write_csv(const std::filesystem::path& file, const Array& array, const std::vector<std::string>& header) {
  if (array.shape.empty() || array.shape.size() > 2)
    throw std::invalid_argument("write_csv: expected a 1-D or 2-D array, got shape " + array.shape_string());
  const Index rows = array.shape[0], columns = array.shape.size() == 2 ? array.shape[1] : 1;
  if (!header.empty() && static_cast<Index>(header.size()) != columns)
    throw std::invalid_argument("write_csv: " + std::to_string(header.size()) + " header names for " +
                                std::to_string(columns) + " columns");
  std::ofstream out(file);
  if (!out) throw DataError(file, "cannot open for writing");
  for (std::size_t c = 0; c < header.size(); ++c) out << (c ? "," : "") << header[c];
  if (!header.empty()) out << '\n';
  char cell[32];
  for (Index i = 0; i < rows; ++i) {
    for (Index j = 0; j < columns; ++j) {
      std::snprintf(cell, sizeof cell, "%.17g", array.values[i * columns + j]);
      out << (j ? "," : "") << cell;
    }
    out << '\n';
  }
  if (!out) throw DataError(file, "write failed");
}

}  // namespace fdl::data
