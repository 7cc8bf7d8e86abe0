"""ad_bench.cpp's pattern(), bit for bit, in numpy: the data every peer benchmark shares."""
import math

import numpy as np


def pattern(stream, rows, cols, scale=1.0):
    """rows×cols; entry (i, j) = scale·√3·(2u − 1), u from splitmix64 of counter (stream << 32) + i·cols + j."""
    with np.errstate(over="ignore"):
        x = np.arange(rows * cols, dtype=np.uint64) + np.uint64(stream << 32)
        x = x + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
    u = (x >> np.uint64(11)).astype(np.float64) * 2.0**-53
    return (scale * (math.sqrt(3.0) * (2.0 * u - 1.0))).reshape(rows, cols)
