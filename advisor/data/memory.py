"""Giving freed memory back to the operating system, where the C library allows it.

numpy's temporaries (the near-duplicate search allocates and frees tens of MB in slices) come from
the C library's heap, which keeps freed blocks for reuse; the Python objects made afterwards come
from Python's own arenas and never reuse them. So freed heap would sit in the process's resident
memory until exit (30 MB after the near-duplicate search on the 125 MB benchmark file).
glibc's `malloc_trim` returns it; elsewhere (musl, macOS) this does nothing.
"""

from __future__ import annotations

import ctypes
import functools
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@functools.cache
def _malloc_trim():  # noqa: ANN202
    try:
        return ctypes.CDLL(None).malloc_trim  # the C library this process already runs on
    except (OSError, AttributeError):
        return None


def release_free_memory() -> bool:
    """Return the heap's free memory to the OS; True if the C library could do it."""
    trim = _malloc_trim()
    return bool(trim is not None and trim(0) is not None)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic GC off for a while: loading and analysing build millions of objects and no cycles,
    and the collector would only rescan them (~40 % of loading; 2 s of the 100k-example analysis)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
