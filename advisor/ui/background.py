"""The offline baselines measured in a thread as soon as the dataset is known, so that the Baselines step usually
finds them ready (issue #14 item 7: the first visit on the 3,006-ticket sample took seconds behind a spinner); and
the token book the Costs step prices, counted beside them (`start_book`: 22 s on a 100,000-example upload, which
the step waited for when it was first drawn; benchmarks/bench_app.py), and an upload's first LLM plan
(advisor/ui/pages/baselines.py `start_first_plan`).

The measurement itself runs in a worker process (advisor/ui/workers.py), which reports each fold and curve point
back; the thread waits for it. It computes through the same byte-bounded store as every cached step
(advisor/ui/cache.py), so the result is shared, counted and released like any other; a job only tells how far it
got. The store computes a key once even when a page asks for it meanwhile, so nothing is ever measured twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from advisor.ui.cache import book_key, book_ready, cached_book, cached_evidence, evidence_key, evidence_ready

if TYPE_CHECKING:
    from advisor.ui.cache import DatasetOrReader

# Until the measurement says how many there are: the defaults of advisor/baselines (5 folds, 4 curve points).
EXPECTED_STEPS = {"folds": 5, "points": 4}


class EvidenceJob:
    """One dataset's offline baselines being measured in a thread: how many folds and curve points are done."""

    def __init__(self) -> None:
        self.steps = {part: (0, total) for part, total in EXPECTED_STEPS.items()}
        self.finished = threading.Event()

    def report(self, part: str, done: int, total: int) -> None:
        if part in self.steps:
            self.steps[part] = (done, total)

    def fraction(self) -> float:
        done = sum(count for count, _ in self.steps.values())
        return min(1.0, done / max(1, sum(total for _, total in self.steps.values())))


_RUNNING: dict[Hashable, EvidenceJob | None] = {}  # store key → its job (None for a token book) while computed
_LOCK = threading.Lock()


def start_evidence(dataset: DatasetOrReader, dataset_key: tuple, task_kind: str) -> EvidenceJob | None:
    """Starts measuring this dataset's offline baselines in the background, unless they are measured (None) or
    measuring (that job)."""
    job = EvidenceJob()
    return start_once(evidence_key(dataset_key, task_kind), lambda: evidence_ready(dataset_key, task_kind),
                      lambda: cached_evidence(dataset, dataset_key, task_kind, progress=job.report), job)


def running_evidence(dataset_key: tuple, task_kind: str) -> EvidenceJob | None:
    """The job measuring this dataset's offline baselines now, if any."""
    with _LOCK:
        return _RUNNING.get(evidence_key(dataset_key, task_kind))


def start_book(dataset: DatasetOrReader, dataset_key: tuple) -> None:
    """Starts counting this dataset's token book in the background, unless it is counted or being counted. In a
    worker process beside the baselines' (the pool has one per core); a page that asks meanwhile waits for it."""
    start_once(book_key(dataset_key), lambda: book_ready(dataset_key), lambda: cached_book(dataset, dataset_key))


def start_once(key: Hashable, ready: Callable[[], bool], compute: Callable[[], object],
               job: EvidenceJob | None = None) -> EvidenceJob | None:
    """`compute()` in a daemon thread, once: not when `ready()`, nor while another thread computes `key` (whose job
    is returned). It computes through the store, so a page asking meanwhile waits for it rather than computing
    again."""
    with _LOCK:
        if key in _RUNNING:
            return _RUNNING[key]
        if ready():
            return None
        _RUNNING[key] = job

    def run() -> None:
        try:
            compute()
        except Exception:  # noqa: BLE001, S110 - the page computes again in its own run and shows what goes wrong
            pass
        finally:
            with _LOCK:
                del _RUNNING[key]
            if job is not None:
                job.finished.set()

    threading.Thread(target=run, name=f"{key[0]}-{key!r}"[:60], daemon=True).start()
    return job
