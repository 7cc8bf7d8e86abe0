"""fdl.data: NPY, CSV and IDX files, Fashion-MNIST and user data by path, numpy in and out.

    X = fdl.data.read_npy("X.npy")                      # any 1-3-D int/uint/float NPY -> float64
    fdl.data.write_csv("X.csv", X, header=["a", "b"])
    X, y = fdl.data.load_fashion_mnist(classes=[0, 1], labels="signed", per_class=100)

A file that is missing or malformed raises fdl.DataError (a ValueError) naming the file and the
problem.
"""
from ._fdl import DataError
from ._fdl.data import (
    load_array,
    load_fashion_mnist,
    load_matrices,
    load_matrix,
    load_samples,
    load_vector,
    read_csv,
    read_idx,
    read_npy,
    write_csv,
    write_npy,
)

__all__ = [
    "DataError",
    "load_array",
    "load_fashion_mnist",
    "load_matrices",
    "load_matrix",
    "load_samples",
    "load_vector",
    "read_csv",
    "read_idx",
    "read_npy",
    "write_csv",
    "write_npy",
]
