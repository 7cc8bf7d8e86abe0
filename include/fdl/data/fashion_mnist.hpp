// IDX files (LeCun's MNIST format: magic 0x0000 type ndim, big-endian int32 extents, raw values;
// gzip-compressed or not) and Fashion-MNIST (Xiao, Rasul, Vollgraf 2017: 28×28 grey images of 10
// clothing classes, 60000 train / 10000 test), as installed by the Debian package
// dataset-fashion-mnist, with class and subset selection.
#pragma once

#include "fdl/data/array.hpp"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace fdl::data {

// Unsigned-byte IDX file (type 0x08) of 1 to 3 dimensions, values as they are (0..255).
Array read_idx(const std::filesystem::path& file);

inline const std::filesystem::path kFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

enum class Labels {
  index,   // classes[k] → k (0..K−1)
  signed_  // two classes: classes[0] → −1, classes[1] → +1
};
enum class Subset { first, random };  // first n per class in file order, or n drawn with the seed

struct FashionMnistOptions {
  bool train = true;                  // train-* (60000) or t10k-* (10000)
  std::vector<int> classes;           // empty: all ten, 0..9
  Labels labels = Labels::index;
  Index per_class = 0;                // 0: every example of each class
  Subset subset = Subset::first;
  std::uint64_t seed = 0;             // for Subset::random
  std::filesystem::path directory = kFashionMnistDirectory;
};

// X: n×784, pixels scaled to [0, 1] (value/255), rows in file order; y: the relabelled classes.
struct LabelledImages {
  Matrix X;
  Vector y;
  std::vector<int> classes;  // original class of each label index
};

LabelledImages load_fashion_mnist(const FashionMnistOptions& options = {});

}  // namespace fdl::data
