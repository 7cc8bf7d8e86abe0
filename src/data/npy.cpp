// NPY reader and writer (format: numpy/lib/format.py, NEP 1).
#include "fdl/data/npy.hpp"
#include "trim.hpp"

#include <bit>
#include <cstring>
#include <fstream>
#include <sstream>

namespace fdl::data {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicSize = 6;

// The text after 'key': in the header dict, up to the next ',' at nesting depth 0 or the closing '}'.
std::string header_entry(const std::filesystem::path& file, const std::string& header, const std::string& key) {
  auto at = header.find("'" + key + "'");
  if (at == std::string::npos) throw DataError(file, "bad NPY header: no '" + key + "' in " + header);
  auto colon = header.find(':', at);
  if (colon == std::string::npos) throw DataError(file, "bad NPY header: no ':' after '" + key + "' in " + header);
  std::size_t end = colon + 1;
  for (int depth = 0; end < header.size(); ++end) {
    char c = header[end];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth == 0 && (c == ',' || c == '}')) break;
  }
  return trim(header.substr(colon + 1, end - colon - 1));
}

std::vector<Index> parse_shape(const std::filesystem::path& file, const std::string& text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')')
    throw DataError(file, "bad NPY header: shape " + text + " is not a tuple");
  std::vector<Index> shape;
  std::stringstream items(text.substr(1, text.size() - 2));
  for (std::string item; std::getline(items, item, ',');) {
    item = trim(item);
    if (item.empty()) continue;
    char* end = nullptr;
    long long n = std::strtoll(item.c_str(), &end, 10);
    if (*end != '\0' && *end != 'L') throw DataError(file, "bad NPY header: shape entry '" + item + "' is not an integer");
    if (n < 0) throw DataError(file, "bad NPY header: negative extent in shape " + text);
    shape.push_back(n);
  }
  if (shape.empty() || shape.size() > 3)
    throw DataError(file, "shape " + text + " has " + std::to_string(shape.size()) + " dimensions, expected 1, 2 or 3");
  return shape;
}

template <class T>
double element(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return static_cast<double>(v);
}

using Converter = double (*)(const char*);

// descr → (bytes per value, converter).
std::pair<int, Converter> element_type(const std::filesystem::path& file, std::string descr) {
  if (descr.size() < 3 || descr.front() != '\'' || descr.back() != '\'')
    throw DataError(file, "bad NPY header: descr " + descr + " is not a type string");
  descr = descr.substr(1, descr.size() - 2);
  char order = descr[0];
  std::string type = descr.substr(1);
  bool one_byte = type == "i1" || type == "u1";
  if (order == '>' && !one_byte) throw DataError(file, "big-endian data ('" + descr + "') is not supported; save little-endian");
  if (order != '<' && order != '|' && order != '=' && order != '>')
    throw DataError(file, "unsupported NPY type '" + descr + "'");
  static_assert(std::endian::native == std::endian::little);
  if (type == "f8") return {8, element<double>};
  if (type == "f4") return {4, element<float>};
  if (type == "i1") return {1, element<std::int8_t>};
  if (type == "i2") return {2, element<std::int16_t>};
  if (type == "i4") return {4, element<std::int32_t>};
  if (type == "i8") return {8, element<std::int64_t>};
  if (type == "u1") return {1, element<std::uint8_t>};
  if (type == "u2") return {2, element<std::uint16_t>};
  if (type == "u4") return {4, element<std::uint32_t>};
  if (type == "u8") return {8, element<std::uint64_t>};
  throw DataError(file, "unsupported NPY type '" + descr + "' (expected float64/32 or an integer type)");
}

// Fortran (column-major) order → C order.
std::vector<double> to_c_order(const std::vector<double>& f, const std::vector<Index>& shape) {
  std::vector<Index> full = shape;
  full.resize(3, 1);
  std::vector<double> c(f.size());
  for (Index i = 0; i < full[0]; ++i)
    for (Index j = 0; j < full[1]; ++j)
      for (Index k = 0; k < full[2]; ++k) c[(i * full[1] + j) * full[2] + k] = f[i + full[0] * (j + full[1] * k)];
  return c;
}

}  // namespace

std::string read_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) throw DataError(file, "no such file");
  if (std::filesystem::is_directory(file, ec)) throw DataError(file, "is a directory, expected a file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw DataError(file, "cannot open for reading");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

Array read_npy(const std::filesystem::path& file) {
  const std::string bytes = read_file(file);
  if (bytes.size() < kMagicSize || bytes.compare(0, kMagicSize, kMagic, kMagicSize) != 0)
    throw DataError(file, "not an NPY file (wrong magic; expected \\x93NUMPY)");
  if (bytes.size() < kMagicSize + 2) throw DataError(file, "truncated NPY file: no version");
  int major = static_cast<unsigned char>(bytes[kMagicSize]);
  std::size_t length_bytes = major == 1 ? 2 : (major == 2 || major == 3) ? 4 : 0;
  if (length_bytes == 0) throw DataError(file, "unsupported NPY version " + std::to_string(major));
  std::size_t at = kMagicSize + 2;
  if (bytes.size() < at + length_bytes) throw DataError(file, "truncated NPY file: no header length");
  std::size_t header_length = 0;
  for (std::size_t b = 0; b < length_bytes; ++b) header_length |= std::size_t(static_cast<unsigned char>(bytes[at + b])) << (8 * b);
  at += length_bytes;
  if (bytes.size() < at + header_length)
    throw DataError(file, "truncated NPY file: header of " + std::to_string(header_length) + " bytes is cut off");
  const std::string header = trim(bytes.substr(at, header_length));
  at += header_length;
  if (header.size() < 2 || header.front() != '{' || header.back() != '}')
    throw DataError(file, "bad NPY header: not a dict literal: " + header);

  auto [width, convert] = element_type(file, header_entry(file, header, "descr"));
  const std::string fortran = header_entry(file, header, "fortran_order");
  if (fortran != "True" && fortran != "False")
    throw DataError(file, "bad NPY header: fortran_order is " + fortran + ", expected True or False");
  std::vector<Index> shape = parse_shape(file, header_entry(file, header, "shape"));

  std::size_t count = 1;
  for (Index n : shape) count *= static_cast<std::size_t>(n);
  const std::size_t expected = count * width, found = bytes.size() - at;
  if (found < expected)
    throw DataError(file, "truncated: shape " + shape_string(shape) + " needs " + std::to_string(expected) +
                              " bytes of data, the file has " + std::to_string(found));
  if (found > expected)
    throw DataError(file, "wrong shape: " + std::to_string(found) + " bytes of data, but shape " + shape_string(shape) +
                              " needs " + std::to_string(expected));
  std::vector<double> values(count);
  for (std::size_t i = 0; i < count; ++i) values[i] = convert(bytes.data() + at + i * width);
  if (fortran == "True") values = to_c_order(values, shape);
  return Array(std::move(shape), std::move(values));
}

void write_npy(const std::filesystem::path& file, const Array& array) {
  if (array.shape.empty() || array.shape.size() > 3)
    throw std::invalid_argument("write_npy: expected 1 to 3 dimensions, got shape " + array.shape_string());
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + array.shape_string() + ", }";
  // Magic (6) + version (2) + length (2) + header + '\n' is a multiple of 64 bytes.
  std::size_t total = kMagicSize + 4 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::ofstream out(file, std::ios::binary);
  if (!out) throw DataError(file, "cannot open for writing");
  out.write(kMagic, kMagicSize);
  const char version[2] = {1, 0};
  out.write(version, 2);
  const unsigned char length[2] = {static_cast<unsigned char>(header.size() & 0xff), static_cast<unsigned char>(header.size() >> 8)};
  out.write(reinterpret_cast<const char*>(length), 2);
  out << header;
  out.write(reinterpret_cast<const char*>(array.values.data()), static_cast<std::streamsize>(array.values.size() * sizeof(double)));
  if (!out) throw DataError(file, "write failed");
}

}  // namespace fdl::data
