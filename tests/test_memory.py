"""Freed heap memory goes back to the OS where the C library supports it."""

from __future__ import annotations

import platform

import numpy as np
import pytest

from advisor.data.memory import release_free_memory


def resident_kb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))


def test_freed_numpy_temporaries_leave_resident_memory_once_released() -> None:
    assert release_free_memory() is (platform.libc_ver()[0] == "glibc")
    if platform.libc_ver()[0] != "glibc":
        pytest.skip("only glibc hands freed heap back (elsewhere release_free_memory does nothing)")
    # Mid-sized arrays (below glibc's mmap threshold once it has adapted), each followed by a small
    # block that stays: freed, they are holes the heap cannot shrink past, as after the
    # near-duplicate search's slices.
    big = np.ones(16 << 20, dtype=np.uint8)  # glibc adapts its threshold up to 32 MB
    del big  # raises glibc's mmap threshold: what follows comes from the heap
    arrays, pins = [], []
    for _ in range(40):
        arrays.append(np.ones(1 << 20, dtype=np.uint8))
        pins.append(bytes(4096))  # > 512 bytes: from malloc, not Python's arenas
    before = resident_kb()
    del arrays
    after_free = resident_kb()
    release_free_memory()
    after_release = resident_kb()
    assert before - after_free < 10 << 10  # freeing alone leaves the memory resident
    assert after_free - after_release > 30 << 10  # releasing gives most of the 40 MB back
    assert len(pins) == 40
