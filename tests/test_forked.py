"""advisor/baselines/forked.py: a computation run beside the caller, never at the cost of its result."""

from __future__ import annotations

import os
import threading

import pytest

from advisor.baselines.forked import Beside, can_fork

needs_fork = pytest.mark.skipif(not can_fork(), reason="one CPU, no os.fork, or other threads running")


@needs_fork
def test_the_function_runs_in_another_process_and_its_result_comes_back() -> None:
    parent = os.getpid()
    job = Beside(lambda scale: (os.getpid(), [scale * n for n in range(5)]), 3)
    pid, values = job.result()
    assert pid != parent
    assert values == [0, 3, 6, 9, 12]


@needs_fork
def test_a_child_that_dies_leaves_the_work_to_the_caller() -> None:
    parent = os.getpid()

    def dies_in_the_child() -> int:
        if os.getpid() != parent:
            os._exit(3)
        return 42

    assert Beside(dies_in_the_child).result() == 42


@needs_fork
def test_an_error_in_the_child_is_raised_by_the_caller() -> None:
    with pytest.raises(ZeroDivisionError):
        Beside(lambda: 1 / 0).result()


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
