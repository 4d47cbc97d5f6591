"""The hostile suite's session-wide tally: what was tried and what went wrong.

Every hostile test adds to it with `record(...)`; conftest.py prints it as one line at the end of
the session so CI shows it. Everything but `files_tried` must end at zero.
"""

from __future__ import annotations

import threading

COUNTERS = ("files_tried", "tracebacks", "identity_violations", "overruns", "leaks")

_lock = threading.Lock()  # the file cases run on a small thread pool
_counts = dict.fromkeys(COUNTERS, 0)
_used = False


def record(files_tried: int = 0, tracebacks: int = 0, identity_violations: int = 0,
           overruns: int = 0, leaks: int = 0) -> None:
    """Add to the session's counts (call it with zeros to mark that a hostile test ran)."""
    global _used
    with _lock:
        _used = True
        _counts["files_tried"] += files_tried
        _counts["tracebacks"] += tracebacks
        _counts["identity_violations"] += identity_violations
        _counts["overruns"] += overruns
        _counts["leaks"] += leaks


def counts() -> dict[str, int]:
    with _lock:
        return dict(_counts)


def used() -> bool:
    with _lock:
        return _used


def mark_used() -> None:
    record()


def summary_line() -> str:
    c = counts()
    return (f"hostile suite: files tried {c['files_tried']}, tracebacks {c['tracebacks']}, "
            f"identity violations {c['identity_violations']}, overruns {c['overruns']}, leaks {c['leaks']}")
