"""advisor/baselines/forked.py: a computation run beside the caller, never at the cost of its result."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from advisor.baselines.forked import Beside, can_fork

needs_fork = pytest.mark.skipif(not (hasattr(os, "fork") and (os.cpu_count() or 1) >= 2),
                                reason="one CPU or no os.fork")


def alone(source: str) -> None:
    """Runs `source` in a fresh interpreter: Beside forks only while no other thread runs, and the tests before this
    one (the app's sweeper, warm-up and workers) leave threads in the test process."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(source)], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr[-2000:]


@needs_fork
def test_the_function_runs_in_another_process_and_its_result_comes_back() -> None:
    alone("""
        import os
        from advisor.baselines.forked import Beside, can_fork

        assert can_fork()
        parent = os.getpid()
        pid, values = Beside(lambda scale: (os.getpid(), [scale * n for n in range(5)]), 3).result()
        assert pid != parent, pid
        assert values == [0, 3, 6, 9, 12], values
    """)


@needs_fork
def test_a_child_that_dies_leaves_the_work_to_the_caller() -> None:
    alone("""
        import os
        from advisor.baselines.forked import Beside

        parent = os.getpid()

        def dies_in_the_child() -> int:
            if os.getpid() != parent:
                os._exit(3)
            return 42

        assert Beside(dies_in_the_child).result() == 42
    """)


@needs_fork
def test_an_error_in_the_child_is_raised_by_the_caller() -> None:
    alone("""
        from advisor.baselines.forked import Beside

        try:
            Beside(lambda: 1 / 0).result()
        except ZeroDivisionError:
            pass
        else:
            raise AssertionError("the child's ZeroDivisionError did not reach the caller")
    """)


def test_no_fork_while_other_threads_run() -> None:
    # A forked copy of a thread that holds a lock never releases it: the app (threads) computes in place.
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        assert Beside(os.getpid).result() == os.getpid()
    finally:
        stop.set()
        thread.join()
