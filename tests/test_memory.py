"""Freed heap memory goes back to the OS where the C library supports it."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from advisor.data.memory import release_free_memory


# Run in a fresh interpreter: glibc's mmap threshold adapts to what the process freed before, so in a process that
# had collected other test files the 1 MB arrays were mapped and freed at once (the test failed beside any other file).
_FREED_TEMPORARIES = """
import numpy as np
from advisor.data.memory import release_free_memory


def resident_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))


# Mid-sized arrays (below glibc's mmap threshold once it has adapted), each followed by a small block that stays:
# freed, they are holes the heap cannot shrink past, as after the near-duplicate search's slices.
big = np.ones(16 << 20, dtype=np.uint8)  # glibc adapts its threshold up to 32 MB
del big  # raises glibc's mmap threshold: what follows comes from the heap
arrays, pins = [], []
for _ in range(40):
    arrays.append(np.ones(1 << 20, dtype=np.uint8))
    pins.append(bytes(4096))  # > 512 bytes: from malloc, not Python's arenas
before = resident_kb()
del arrays
after_free = resident_kb()
released = release_free_memory()
print(before, after_free, resident_kb(), released, len(pins))
"""


def test_freed_numpy_temporaries_leave_resident_memory_once_released() -> None:
    assert release_free_memory() is (platform.libc_ver()[0] == "glibc")
    if platform.libc_ver()[0] != "glibc":
        pytest.skip("only glibc hands freed heap back (elsewhere release_free_memory does nothing)")
    found = subprocess.run([sys.executable, "-c", _FREED_TEMPORARIES], capture_output=True, text=True, check=True)
    before, after_free, after_release, released, pins = found.stdout.split()
    assert released == "True" and pins == "40"
    assert int(before) - int(after_free) < 10 << 10  # freeing alone leaves the memory resident
    assert int(after_free) - int(after_release) > 30 << 10  # releasing gives most of the 40 MB back
