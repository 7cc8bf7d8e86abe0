"""glibc's allocator set to keep freed memory, for a peer measured at its best.

By default glibc returns the top of its heap to the OS once more than M_TRIM_THRESHOLD is free,
and PyTorch frees a step's large tensors at the end of each step: the next step then page-faults
the same memory back in. Measured on the (1000, 100, 1000) step: 12.2 ms with the memory kept,
12–27 ms without (depending on what the process allocated before), and 2.8 against 29 ms on the
batched step of 64 small nets. fdl allocates nothing in steady state, so it has no such cost.
"""
import ctypes
import ctypes.util

M_TOP_PAD = -2  # malloc.h: extra memory kept on top of the heap when it grows, and when trimming


def keep_freed_memory(pad_bytes=256 << 20):
    """Keep up to pad_bytes of freed memory in the process (mallopt(M_TOP_PAD)); returns whether glibc took it."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    return bool(ctypes.CDLL(name).mallopt(M_TOP_PAD, pad_bytes))
