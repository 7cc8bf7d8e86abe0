"""fdl.data against files written and read by numpy, malformed files, and Fashion-MNIST."""
import os

import numpy as np
import pytest

import fdl


@pytest.fixture
def values():
    return np.arange(24, dtype=np.float64).reshape(2, 3, 4) * 1.5 - 7.0


@pytest.mark.parametrize("dtype", ["<f8", "<f4", "i1", "<i2", "<i4", "<i8", "u1", "<u2", "<u4", "<u8"])
@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("rank", [1, 2, 3])
def test_read_npy_of_numpy_files(tmp_path, values, dtype, order, rank):
    a = np.abs(values) if dtype.lstrip("<").startswith("u") else values
    a = a[(0,) * (3 - rank)].astype(dtype)
    a = np.asfortranarray(a) if order == "F" else a
    np.save(tmp_path / "a.npy", a)
    got = fdl.data.read_npy(tmp_path / "a.npy")
    assert got.dtype == np.float64 and got.shape == a.shape
    np.testing.assert_array_equal(got, a.astype(np.float64))


def test_write_npy_round_trips_through_numpy(tmp_path, values):
    x = np.array([0.1, -2.5e-300, 1e308, np.nextafter(1.0, 2.0)])
    for a in (x, values[0], values):
        fdl.data.write_npy(tmp_path / "w.npy", a)
        back = np.load(tmp_path / "w.npy")
        assert back.dtype == np.float64 and back.shape == a.shape
        assert (back.view(np.uint64) == np.ascontiguousarray(a).view(np.uint64)).all()
    fdl.data.write_npy(str(tmp_path / "f.npy"), np.asfortranarray(values[1]))  # written in C order
    np.testing.assert_array_equal(np.load(tmp_path / "f.npy"), values[1])


def test_csv_round_trips_with_numpy(tmp_path, values):
    a = values[1] / 3
    np.savetxt(tmp_path / "h.csv", a, delimiter=",", fmt="%.17g", header="a,b,c,d", comments="")
    np.testing.assert_array_equal(fdl.data.read_csv(tmp_path / "h.csv"), a)
    np.testing.assert_array_equal(fdl.data.read_csv(tmp_path / "h.csv", header="present"), a)
    fdl.data.write_csv(tmp_path / "w.csv", a, header=["a", "b", "c", "d"])
    np.testing.assert_array_equal(np.loadtxt(tmp_path / "w.csv", delimiter=",", skiprows=1), a)
    fdl.data.write_csv(tmp_path / "v.csv", a[:, 0])
    np.testing.assert_array_equal(fdl.data.load_vector(tmp_path / "v.csv"), a[:, 0])


MALFORMED = {
    "magic.npy": (b"PK\x03\x04 zip", "wrong magic"),
    "truncated.npy": (None, "truncated: shape (3,) needs 24 bytes of data, the file has 16"),
    "ragged.csv": (b"1,2\n3\n", "ragged rows: line 2 has 1 cells, line 1 has 2"),
    "cell.csv": (b"1,2\n3,abc\n", "line 2, column 2: 'abc' is not a number"),
    "nan.csv": (b"1,2\nnan,4\n", "at index [1, 0] is not finite"),
    "file.txt": (b"1\n", "unknown file type '.txt'"),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_files_raise_data_error_naming_file_and_problem(tmp_path, name):
    content, problem = MALFORMED[name]
    path = tmp_path / name
    if content is None:
        np.save(path, np.ones(3))
        path.write_bytes(path.read_bytes()[:-8])
    else:
        path.write_bytes(content)
    with pytest.raises(fdl.DataError) as caught:
        fdl.data.load_array(path)
    assert str(path) in str(caught.value) and problem in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_missing_file_and_bad_options(tmp_path):
    with pytest.raises(fdl.DataError, match="no such file"):
        fdl.data.read_npy(tmp_path / "none.npy")
    with pytest.raises(ValueError, match="header must be"):
        fdl.data.read_csv(tmp_path / "x.csv", header="maybe")
    with pytest.raises(ValueError, match="4 dimensions"):
        fdl.data.write_npy(tmp_path / "x.npy", np.ones((1, 1, 1, 1)))
    np.save(tmp_path / "nan.npy", np.array([1.0, np.nan]))
    assert np.isnan(fdl.data.load_array(tmp_path / "nan.npy", allow_nonfinite=True)[1])


@pytest.mark.skipif(not os.path.exists("/usr/share/datasets/fashion-mnist"), reason="dataset-fashion-mnist not installed")
def test_fashion_mnist_classes_and_subsets():
    X, y = fdl.data.load_fashion_mnist(train=False, classes=[3, 7], labels="signed", per_class=50, subset="random", seed=1)
    assert X.shape == (100, 784) and y.shape == (100,)
    assert (y == -1).sum() == 50 and (y == 1).sum() == 50
    assert X.min() >= 0 and X.max() <= 1
    X2, _ = fdl.data.load_fashion_mnist(train=False, classes=[3, 7], labels="signed", per_class=50, subset="random", seed=1)
    np.testing.assert_array_equal(X, X2)
    with pytest.raises(ValueError, match="labels must be"):
        fdl.data.load_fashion_mnist(labels="bogus")


def test_loaders_check_shapes(tmp_path):
    A = np.arange(12.0).reshape(3, 2, 2)
    np.save(tmp_path / "A.npy", A)
    np.testing.assert_array_equal(fdl.data.load_matrices(tmp_path / "A.npy"), A)
    np.save(tmp_path / "X.npy", A[0])
    with pytest.raises(fdl.DataError, match=r"expected m matrices \(3-D\), got shape \(2, 2\)"):
        fdl.data.load_matrices(tmp_path / "X.npy")
    np.savetxt(tmp_path / "y.csv", np.array([1.0, -1.0, 1.0]))
    with pytest.raises(fdl.DataError, match="3 targets for the 2 rows"):
        fdl.data.load_samples(tmp_path / "X.npy", tmp_path / "y.csv")
    np.savetxt(tmp_path / "y2.csv", np.array([1.0, -1.0]))
    X, y = fdl.data.load_samples(tmp_path / "X.npy", tmp_path / "y2.csv")
    np.testing.assert_array_equal(X, A[0])
    np.testing.assert_array_equal(y, [1.0, -1.0])
