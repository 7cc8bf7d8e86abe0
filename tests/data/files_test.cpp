// Data readers against files written by numpy (/usr/bin/python3) and against malformed files.
#include "fdl/data/data.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>

namespace fdl::data {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("fdl_data_" + std::to_string(std::random_device{}()));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path operator/(const std::string& name) const { return path / name; }
};

void write_bytes(const fs::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary) << bytes;
}

// Runs a numpy script in `dir` (np imported, cwd = dir).
void numpy(const TempDir& dir, const std::string& script) {
  std::ofstream(dir / "make.py") << "import numpy as np, os\nos.chdir(" << dir.path << ")\n" << script;
  ASSERT_EQ(std::system(("/usr/bin/python3 " + (dir / "make.py").string()).c_str()), 0) << script;
}

// The values numpy's script below writes: a[i, j, k] = i·100 + j·10 + k − 7 (in C order).
double expected(Index i, Index j, Index k) { return i * 100.0 + j * 10.0 + k - 7.0; }

TEST(Npy, ReadsEveryDtypeOrderAndRankNumpyWrites) {
  TempDir dir;
  numpy(dir, R"(
a = np.fromfunction(lambda i, j, k: i * 100 + j * 10 + k - 7, (2, 3, 4))
for t in ['<f8', '<f4', 'i1', '<i2', '<i4', '<i8']:
    np.save(f'c3_{t[-2:]}.npy', a.astype(t))
    np.save(f'f3_{t[-2:]}.npy', np.asfortranarray(a.astype(t)))
    np.save(f'c2_{t[-2:]}.npy', a[1].astype(t))
    np.save(f'f2_{t[-2:]}.npy', np.asfortranarray(a[1].astype(t)))
    np.save(f'c1_{t[-2:]}.npy', a[1, 2].astype(t))
for t in ['u1', '<u2', '<u4', '<u8']:
    np.save(f'c3_{t[-2:]}.npy', (a + 7).astype(t))
)");
  for (std::string t : {"f8", "f4", "i1", "i2", "i4", "i8"}) {
    for (std::string order : {"c", "f"}) {
      Array a3 = read_npy(dir / (order + "3_" + t + ".npy"));
      ASSERT_EQ(a3.shape, (std::vector<Index>{2, 3, 4})) << order << t;
      Array a2 = read_npy(dir / (order + "2_" + t + ".npy"));
      ASSERT_EQ(a2.shape, (std::vector<Index>{3, 4})) << order << t;
      for (Index i = 0; i < 2; ++i)
        for (Index j = 0; j < 3; ++j)
          for (Index k = 0; k < 4; ++k) {
            EXPECT_EQ(a3(i, j, k), expected(i, j, k)) << order << t;
            if (i == 1) {
              EXPECT_EQ(a2(j, k), expected(1, j, k)) << order << t;
            }
          }
    }
    Array a1 = read_npy(dir / ("c1_" + t + ".npy"));
    ASSERT_EQ(a1.shape, std::vector<Index>{4});
    for (Index k = 0; k < 4; ++k) EXPECT_EQ(a1.values[k], expected(1, 2, k));
  }
  for (std::string t : {"u1", "u2", "u4", "u8"}) {
    Array a = read_npy(dir / ("c3_" + t + ".npy"));
    EXPECT_EQ(a(1, 2, 3), expected(1, 2, 3) + 7) << t;
  }
}

TEST(Npy, WrittenFilesLoadInNumpyBitForBit) {
  TempDir dir;
  Array a({2, 3}, {0.1, -2.5e-300, 1e308, 3.0, std::nextafter(1.0, 2.0), -0.0});
  write_npy(dir / "w.npy", a);
  write_npy(dir / "v.npy", Array::from(Vector(Vector::LinSpaced(5, 0.0, 1.0))));
  numpy(dir, R"(
a = np.load('w.npy'); v = np.load('v.npy')
assert a.dtype == np.float64 and a.shape == (2, 3) and a.flags['C_CONTIGUOUS']
want = np.array([[0.1, -2.5e-300, 1e308], [3.0, np.nextafter(1.0, 2.0), -0.0]])
assert (a.view(np.uint64) == want.view(np.uint64)).all()
assert v.shape == (5,) and (v == np.linspace(0, 1, 5)).all()
)");
  Array back = read_npy(dir / "w.npy");
  EXPECT_EQ(back.shape, a.shape);
  EXPECT_EQ(back.values, a.values);
}

TEST(Csv, ReadsNumpyTextFilesWithAndWithoutHeader) {
  TempDir dir;
  numpy(dir, R"(
a = np.fromfunction(lambda i, j, k: i * 100 + j * 10 + k - 7, (2, 3, 4))[1] / 3
np.savetxt('plain.csv', a, delimiter=',', fmt='%.17g')
np.savetxt('header.csv', a, delimiter=',', fmt='%.17g', header='a,b,c,d', comments='')
np.savetxt('column.csv', a[:, 0], fmt='%.17g')
)");
  for (std::string name : {"plain.csv", "header.csv"}) {
    Array a = read_csv(dir / name);
    ASSERT_EQ(a.shape, (std::vector<Index>{3, 4})) << name;
    for (Index j = 0; j < 3; ++j)
      for (Index k = 0; k < 4; ++k) EXPECT_EQ(a(j, k), expected(1, j, k) / 3) << name;
  }
  Array c = read_csv(dir / "column.csv", Header::absent);
  EXPECT_EQ(c.shape, (std::vector<Index>{3, 1}));
  EXPECT_EQ(load_vector(dir / "column.csv"), Vector({{expected(1, 0, 0) / 3, expected(1, 1, 0) / 3, expected(1, 2, 0) / 3}}));
}

TEST(Csv, WrittenFilesLoadInNumpyExactly) {
  TempDir dir;
  Matrix m{{0.1, 1.0 / 3.0}, {-1e-310, 12345.678}};
  write_csv(dir / "m.csv", Array::from(m), {"x", "y"});
  write_csv(dir / "v.csv", Array::from(Vector(Vector{{1.5, -2.0, 0.7}})));
  numpy(dir, R"(
m = np.loadtxt('m.csv', delimiter=',', skiprows=1)
assert (m == np.array([[0.1, 1/3], [-1e-310, 12345.678]])).all(), m
assert (np.loadtxt('v.csv') == np.array([1.5, -2.0, 0.7])).all()
)");
  EXPECT_EQ(load_matrix(dir / "m.csv"), m);
  EXPECT_EQ(read_csv(dir / "v.csv").shape, (std::vector<Index>{3, 1}));
}

// The message names the file and contains the stated problem.
void expect_data_error(const fs::path& file, const std::string& problem, const std::function<void()>& call) {
  try {
    call();
    ADD_FAILURE() << file << ": no error, expected " << problem;
  } catch (const DataError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(file.string()), std::string::npos) << message;
    EXPECT_NE(message.find(problem), std::string::npos) << message << "\n  expected: " << problem;
  }
}

std::string npy(const std::string& header, const std::string& data, char version = 1) {
  std::string h = header + "\n";
  std::string out = std::string("\x93NUMPY", 6) + version + '\0';
  if (version == 1) out += std::string{char(h.size() & 0xff), char(h.size() >> 8)};
  else out += std::string{char(h.size() & 0xff), char(h.size() >> 8), 0, 0};
  return out + h + data;
}

TEST(Npy, MalformedFilesGiveErrorsNamingFileAndProblem) {
  TempDir dir;
  const std::string eight(8, '\0'), f8 = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
  struct Case {
    std::string name, bytes, problem;
  };
  std::vector<Case> cases = {
      {"magic.npy", "PK\x03\x04 not numpy at all", "wrong magic"},
      {"empty.npy", "", "wrong magic"},
      {"no_version.npy", "\x93NUMPY", "no version"},
      {"version.npy", npy(f8, eight + eight, 9), "unsupported NPY version 9"},
      {"cut_header.npy", npy(f8, "").substr(0, 30), "header of"},
      {"truncated.npy", npy(f8, eight), "truncated: shape (2,) needs 16 bytes of data, the file has 8"},
      {"too_long.npy", npy(f8, eight + eight + eight), "wrong shape: 24 bytes of data, but shape (2,) needs 16"},
      {"not_dict.npy", npy("['descr', '<f8']", eight), "not a dict literal"},
      {"no_descr.npy", npy("{'fortran_order': False, 'shape': (2,), }", eight), "no 'descr'"},
      {"no_shape.npy", npy("{'descr': '<f8', 'fortran_order': False, }", eight), "no 'shape'"},
      {"bad_order.npy", npy("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2,), }", eight), "fortran_order is Maybe"},
      {"bad_shape.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, x), }", eight), "'x' is not an integer"},
      {"rank4.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1, 2), }", eight + eight), "4 dimensions"},
      {"scalar.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", eight), "0 dimensions"},
      {"big_endian.npy", npy("{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", eight + eight), "big-endian"},
      {"complex.npy", npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", eight + eight), "unsupported NPY type '<c16'"},
      {"v2_truncated.npy", npy(f8, eight, 2), "truncated"},
  };
  for (const Case& c : cases) {
    write_bytes(dir / c.name, c.bytes);
    expect_data_error(dir / c.name, c.problem, [&] { read_npy(dir / c.name); });
  }
  write_bytes(dir / "v2.npy", npy(f8, eight + eight, 2));
  EXPECT_EQ(read_npy(dir / "v2.npy").values, (std::vector<double>{0.0, 0.0}));
  expect_data_error(dir / "missing.npy", "no such file", [&] { read_npy(dir / "missing.npy"); });
  expect_data_error(dir.path, "is a directory", [&] { read_npy(dir.path); });
}

TEST(Csv, MalformedFilesGiveErrorsNamingFileLineAndColumn) {
  TempDir dir;
  struct Case {
    std::string name, text, problem;
  };
  std::vector<Case> cases = {
      {"ragged.csv", "1,2,3\n4,5,6\n7,8\n", "ragged rows: line 3 has 2 cells, line 1 has 3"},
      {"ragged_header.csv", "a,b\n1,2,3\n", "line 2 has 3 cells, line 1 has 2"},
      {"cell.csv", "1,2\n3,x4\n", "line 2, column 2: 'x4' is not a number"},
      {"empty_cell.csv", "1,2\n3,\n", "line 2, column 2: '' is not a number"},
      {"header_only.csv", "a,b\n", "no rows of numbers"},
      {"empty.csv", "", "no rows of numbers"},
  };
  for (const Case& c : cases) {
    std::ofstream(dir / c.name) << c.text;
    expect_data_error(dir / c.name, c.problem, [&] { read_csv(dir / c.name); });
  }
  std::ofstream(dir / "numeric_header.csv") << "1,2\n3,4\n";
  EXPECT_EQ(read_csv(dir / "numeric_header.csv", Header::present).shape, (std::vector<Index>{1, 2}));
  std::ofstream(dir / "named.csv") << "a,b\n3,4\n";
  expect_data_error(dir / "named.csv", "line 1, column 1: 'a' is not a number",
                    [&] { read_csv(dir / "named.csv", Header::absent); });
}

TEST(Load, ChoosesFormatByExtensionAndChecksShapeAndFiniteness) {
  TempDir dir;
  write_npy(dir / "nan.npy", Array({2, 2}, {1.0, 2.0, std::nan(""), 4.0}));
  expect_data_error(dir / "nan.npy", "value nan at index [1, 0] is not finite", [&] { load_matrix(dir / "nan.npy"); });
  EXPECT_TRUE(std::isnan(load_matrix(dir / "nan.npy", Finite::allowed)(1, 0)));
  std::ofstream(dir / "inf.csv") << "1,inf\n";
  expect_data_error(dir / "inf.csv", "at index [0, 1] is not finite", [&] { load_array(dir / "inf.csv"); });

  write_npy(dir / "m.npy", Array({2, 3}, {1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(load_matrix(dir / "m.npy"), (Matrix{{1, 2, 3}, {4, 5, 6}}));
  expect_data_error(dir / "m.npy", "expected a vector (n, n×1 or 1×n), got shape (2, 3)", [&] { load_vector(dir / "m.npy"); });
  expect_data_error(dir / "m.npy", "expected m matrices (3-D), got shape (2, 3)", [&] { load_matrices(dir / "m.npy"); });
  write_npy(dir / "t.npy", Array({2, 1, 2}, {1, 2, 3, 4}));
  expect_data_error(dir / "t.npy", "expected a matrix (2-D), got shape (2, 1, 2)", [&] { load_matrix(dir / "t.npy"); });
  std::vector<Matrix> A = load_matrices(dir / "t.npy");
  ASSERT_EQ(A.size(), 2u);
  EXPECT_EQ(A[1], (Matrix{{3, 4}}));

  std::ofstream(dir / "m.txt") << "1\n";
  expect_data_error(dir / "m.txt", "unknown file type '.txt', expected .npy or .csv", [&] { load_array(dir / "m.txt"); });
  expect_data_error(dir / "none.csv", "no such file", [&] { load_array(dir / "none.csv"); });

  write_npy(dir / "y.npy", Array({3}, {1, -1, 1}));
  expect_data_error(dir / "y.npy", "3 targets for the 2 rows of", [&] { load_samples(dir / "m.npy", dir / "y.npy"); });
  write_npy(dir / "y2.npy", Array({2}, {1, -1}));
  EXPECT_EQ(load_samples(dir / "m.npy", dir / "y2.npy").y, Vector({{1, -1}}));
}

TEST(Idx, MalformedFilesGiveErrors) {
  TempDir dir;
  write_bytes(dir / "magic.idx", std::string("\x01\x02\x08\x01", 4) + std::string(4, '\0'));
  expect_data_error(dir / "magic.idx", "wrong magic", [&] { read_idx(dir / "magic.idx"); });
  write_bytes(dir / "type.idx", std::string("\0\0\x0d\x01\0\0\0\x01", 8) + std::string(4, '\0'));
  expect_data_error(dir / "type.idx", "unsupported IDX type", [&] { read_idx(dir / "type.idx"); });
  write_bytes(dir / "short.idx", std::string("\0\0\x08\x02\0\0\0\x02\0\0\0\x03", 12) + "abc");
  expect_data_error(dir / "short.idx", "truncated: shape (2, 3) needs 6 bytes of data, the file has 3",
                    [&] { read_idx(dir / "short.idx"); });
  write_bytes(dir / "ok.idx", std::string("\0\0\x08\x01\0\0\0\x03", 8) + "\x01\x02\xff");
  EXPECT_EQ(read_idx(dir / "ok.idx").values, (std::vector<double>{1, 2, 255}));
  expect_data_error(dir / "none.gz", "no such file", [&] { read_idx(dir / "none.gz"); });
}

TEST(FashionMnist, SelectsClassesAndSubsetsWithScaledPixels) {
  FashionMnistOptions o;
  o.train = false;
  o.classes = {0, 1};
  o.labels = Labels::signed_;
  LabelledImages all = load_fashion_mnist(o);
  EXPECT_EQ(all.X.rows(), 2000);  // the test set has 1000 of each class
  EXPECT_EQ(all.X.cols(), 784);
  EXPECT_EQ((all.y.array() == -1.0).count(), 1000);
  EXPECT_EQ((all.y.array() == 1.0).count(), 1000);
  EXPECT_GE(all.X.minCoeff(), 0.0);
  EXPECT_LE(all.X.maxCoeff(), 1.0);
  EXPECT_EQ(all.X.maxCoeff(), 1.0);  // some pixel is 255
  EXPECT_GT(all.X.mean(), 0.1);      // images, not zeros

  o.classes = {9, 2, 5};
  o.labels = Labels::index;
  o.per_class = 7;
  LabelledImages first = load_fashion_mnist(o);
  EXPECT_EQ(first.X.rows(), 21);
  for (int k = 0; k < 3; ++k) EXPECT_EQ((first.y.array() == k).count(), 7);
  EXPECT_EQ(first.classes, (std::vector<int>{9, 2, 5}));

  o.subset = Subset::random;
  o.seed = 3;
  LabelledImages r1 = load_fashion_mnist(o), r2 = load_fashion_mnist(o);
  EXPECT_EQ(r1.X, r2.X);  // same seed, same subset
  EXPECT_EQ(r1.y, r2.y);
  o.seed = 4;
  EXPECT_NE(load_fashion_mnist(o).X, r1.X);
  EXPECT_NE(first.X, r1.X);

  o.train = true;  // the training split: 6000 per class
  o.classes = {4};
  o.per_class = 6000;
  o.subset = Subset::first;
  EXPECT_EQ(load_fashion_mnist(o).X.rows(), 6000);
}

TEST(FashionMnist, BadOptionsAndMissingFilesAreClearErrors) {
  FashionMnistOptions o;
  o.classes = {0, 10};
  EXPECT_THROW(load_fashion_mnist(o), std::invalid_argument);
  o.classes = {0, 1, 2};
  o.labels = Labels::signed_;
  EXPECT_THROW(load_fashion_mnist(o), std::invalid_argument);
  o.labels = Labels::index;
  o.train = false;
  o.per_class = 1001;
  EXPECT_THROW(load_fashion_mnist(o), std::invalid_argument);
  o.directory = "/nonexistent/fashion";
  o.per_class = 0;
  expect_data_error("/nonexistent/fashion/t10k-images-idx3-ubyte.gz", "no such file", [&] { load_fashion_mnist(o); });
}

}  // namespace
}  // namespace fdl::data
