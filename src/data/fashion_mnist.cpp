#include "fdl/data/fashion_mnist.hpp"

#include <zlib.h>

#include <algorithm>
#include <numeric>
#include <random>

namespace fdl::data {
namespace {

// Whole content of a gzip (or plain) file.
std::string read_gzip(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) throw DataError(file, "no such file");
  gzFile in = gzopen(file.c_str(), "rb");
  if (!in) throw DataError(file, "cannot open for reading");
  std::string bytes;
  char chunk[1 << 16];
  int got;
  while ((got = gzread(in, chunk, sizeof chunk)) > 0) bytes.append(chunk, got);
  int status = 0;
  const char* message = gzerror(in, &status);
  std::string problem = got < 0 ? std::string(message) : "";
  gzclose(in);
  if (got < 0) throw DataError(file, "corrupt gzip data: " + problem);
  return bytes;
}

std::uint32_t big_endian(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t k = 0; k < 4; ++k) v = (v << 8) | static_cast<unsigned char>(b[at + k]);
  return v;
}

// An unsigned-byte IDX file: its shape and its values as raw bytes.
struct IdxBytes {
  std::vector<Index> shape;
  std::string bytes;
  unsigned char operator[](std::size_t i) const { return static_cast<unsigned char>(bytes[i]); }
};

IdxBytes read_idx_bytes(const std::filesystem::path& file) {
  std::string b = read_gzip(file);
  if (b.size() < 4 || b[0] != 0 || b[1] != 0) throw DataError(file, "not an IDX file (wrong magic; expected 00 00 type ndim)");
  if (static_cast<unsigned char>(b[2]) != 0x08)
    throw DataError(file, "unsupported IDX type code " + std::to_string(static_cast<unsigned char>(b[2])) + ", expected 8 (unsigned byte)");
  const std::size_t ndim = static_cast<unsigned char>(b[3]);
  if (ndim < 1 || ndim > 3) throw DataError(file, "IDX file has " + std::to_string(ndim) + " dimensions, expected 1 to 3");
  if (b.size() < 4 + 4 * ndim) throw DataError(file, "truncated IDX header");
  std::vector<Index> shape;
  std::size_t count = 1;
  for (std::size_t d = 0; d < ndim; ++d) {
    shape.push_back(big_endian(b, 4 + 4 * d));
    count *= static_cast<std::size_t>(shape.back());
  }
  const std::size_t at = 4 + 4 * ndim;
  if (b.size() - at != count)
    throw DataError(file, (b.size() - at < count ? "truncated: shape " : "wrong shape: shape ") + shape_string(shape) +
                              " needs " + std::to_string(count) + " bytes of data, the file has " + std::to_string(b.size() - at));
  return {std::move(shape), b.substr(at)};
}

}  // namespace

Array read_idx(const std::filesystem::path& file) {
  IdxBytes idx = read_idx_bytes(file);
  std::vector<double> values(idx.bytes.size());
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = idx[i];
  return Array(std::move(idx.shape), std::move(values));
}

LabelledImages load_fashion_mnist(const FashionMnistOptions& o) {
  std::vector<int> classes = o.classes;
  if (classes.empty()) classes = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  for (std::size_t k = 0; k < classes.size(); ++k) {
    if (classes[k] < 0 || classes[k] > 9)
      throw std::invalid_argument("load_fashion_mnist: class " + std::to_string(classes[k]) + " is not in 0..9");
    if (std::count(classes.begin(), classes.end(), classes[k]) > 1)
      throw std::invalid_argument("load_fashion_mnist: class " + std::to_string(classes[k]) + " is selected twice");
  }
  if (o.labels == Labels::signed_ && classes.size() != 2)
    throw std::invalid_argument("load_fashion_mnist: ±1 labels need exactly two classes, got " + std::to_string(classes.size()));
  if (o.per_class < 0) throw std::invalid_argument("load_fashion_mnist: per_class must be ≥ 0");

  const std::string prefix = o.train ? "train" : "t10k";
  const auto images_file = o.directory / (prefix + "-images-idx3-ubyte.gz");
  const auto labels_file = o.directory / (prefix + "-labels-idx1-ubyte.gz");
  const IdxBytes images = read_idx_bytes(images_file), labels = read_idx_bytes(labels_file);
  if (images.shape.size() != 3) throw DataError(images_file, "expected n×rows×cols images, got shape " + shape_string(images.shape));
  if (labels.shape.size() != 1 || labels.shape[0] != images.shape[0])
    throw DataError(labels_file, "expected " + std::to_string(images.shape[0]) + " labels, got shape " + shape_string(labels.shape));

  // Rows of each selected class, in file order, then the subset of each.
  std::vector<Index> chosen;
  std::mt19937_64 rng(o.seed);
  for (int c : classes) {
    std::vector<Index> rows;
    for (Index i = 0; i < labels.shape[0]; ++i)
      if (labels[i] == c) rows.push_back(i);
    const Index n = o.per_class == 0 ? static_cast<Index>(rows.size()) : o.per_class;
    if (n > static_cast<Index>(rows.size()))
      throw std::invalid_argument("load_fashion_mnist: " + std::to_string(n) + " examples of class " + std::to_string(c) +
                                  " requested, the " + prefix + " set has " + std::to_string(rows.size()));
    if (o.subset == Subset::random)
      for (Index k = 0; k < n; ++k)  // partial Fisher–Yates
        std::swap(rows[k], rows[k + static_cast<Index>(rng() % (rows.size() - k))]);
    rows.resize(n);
    chosen.insert(chosen.end(), rows.begin(), rows.end());
  }
  std::sort(chosen.begin(), chosen.end());

  const Index pixels = images.shape[1] * images.shape[2];
  LabelledImages out{Matrix(chosen.size(), pixels), Vector(chosen.size()), classes};
  for (std::size_t r = 0; r < chosen.size(); ++r) {
    const Index i = chosen[r];
    for (Index p = 0; p < pixels; ++p) out.X(r, p) = images[i * pixels + p] / 255.0;
    const int k = static_cast<int>(std::find(classes.begin(), classes.end(), static_cast<int>(labels[i])) - classes.begin());
    out.y(r) = o.labels == Labels::signed_ ? (k == 0 ? -1.0 : 1.0) : k;
  }
  return out;
}

}  // namespace fdl::data
