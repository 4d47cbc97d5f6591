"""One computation run beside the caller in a forked process, so that both cores work on it.

`advisor recommend` analyses the file while it imports scikit-learn, then measures the offline
baselines while the learning curve and the measurement plan's cost are worked out, each in Python
that holds one core; forked, the analysis and then the curve with the plan's cost run on the other
core meanwhile (benchmarks/bench_recommend.py). The child inherits everything already loaded and sends back only
the pickled result, over a pipe (never to disk).

Nothing depends on the child: where forking is unsafe or pointless — one CPU, no `os.fork`, or a
process running other threads (the app: a forked copy of a thread holding a lock never releases it)
— or when the child fails for any reason, the function runs in the caller instead, as it would
have without a child, raising whatever it raises.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

Result = TypeVar("Result")


class Beside(Generic[Result]):
    """`function(*args, **kwargs)` started in a forked child; `result()` waits for it."""

    def __init__(self, function: Callable[..., Result], *args: Any, **kwargs: Any) -> None:
        self._call = lambda: function(*args, **kwargs)
        self._pid, self._pipe = 0, -1
        if can_fork():
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no memory or processes left: run in the caller instead
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: compute, send, and leave without running the parent's exit handlers
            status = 1
            try:
                os.close(read)
                payload = pickle.dumps(self._call(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._pipe = pid, read

    def result(self) -> Result:
        if not self._pid:
            return self._call()
        with os.fdopen(self._pipe, "rb") as incoming:
            payload = incoming.read()  # read all before waiting: a full pipe would block the child
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if status != 0 or not payload:
            return self._call()
        return pickle.loads(payload)  # noqa: S301 - our own child's bytes, never a file or the network


def can_fork() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) >= 2 and threading.active_count() == 1
