"""The app's heavy work — an analysis, a token book, the offline baselines, the LLM run's plan and what it would
cost — in worker processes, so that both
cores work, one heavy upload does not freeze the room, and the memory it took is returned when the room is done.

Why worker processes of our own (`python -c "…serve()"`, pickle over pipes, as advisor/data/token_worker.py counts
tokens) rather than multiprocessing's pools:
- "fork" copies the server with its many threads; a lock another thread holds at that moment is never released in
  the copy (advisor/baselines/forked.py refuses to fork a threaded process for that reason).
- "spawn" and "forkserver" start each worker by re-running the parent's `__main__`; under Streamlit that is the
  app script itself (Streamlit installs it as `__main__` on every run), so each worker would run the whole app once,
  with no session, before working.
A worker here imports only what its task needs, runs at a lower priority than the serving threads (NICENESS), and
serves one call at a time; the pool starts at most one per core, on demand, and lets a worker go once it has been
idle IDLE_SECONDS, so its memory goes back to the system.

Pickling, measured on a 5,000-example upload (6.4 MB; /tmp bench, 2026-12-03): the Dataset pickles to 5.2 MB in
0.09 s and loads in 0.05 s; an Analysis without the examples is 0.1 MB (0.01 s). So a worker is sent what to load
(a sample's id, or the upload's bytes and reading options: no pickling of the dataset in the serving process; no
bytes to the worker that read it last, which holds it and is chosen for it when idle), and sends back what it read (a
`ReadSummary`, as soon as it has read it: the app's data step draws it while the analysis runs), then its result; an
analysis comes without that summary, which the caller puts back (advisor/ui/cache.py). The baselines (about 1 kB) and
the token book are small.

Nothing depends on a worker: when none can be started, or one dies mid-call, the caller computes in its own process
as it did before the pool. A failure of the computation itself (a ValueError of the analysis) is raised in the
caller as it would have been raised there.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import struct
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, BinaryIO

from advisor.data.memory import collector_paused

if TYPE_CHECKING:
    from advisor.data.model import ReadSummary

FRAME = struct.Struct("=Q")  # the byte length of the frame that follows: a pickle, or an upload's bytes
IDLE_SECONDS = 20.0  # a worker idle this long exits: the room's memory is back within the minute
NICENESS = 10  # the serving threads first: a page of the room is never slowed by an upload's baselines
PIPE_BYTES = 1 << 20  # Linux's default ceiling for an unprivileged process (/proc/sys/fs/pipe-max-size)
ENTRY = "import sys; from advisor.ui.workers import serve; serve(int(sys.argv[1]))"


@dataclass(frozen=True)
class SampleSource:
    """A bundled sample, loaded by its id."""

    sample_id: str


@dataclass(frozen=True)
class UploadSource:
    """An uploaded file and how it was read (advisor.data.loader.load_bytes's arguments)."""

    name: str
    digest: str
    data: bytes = field(repr=False)
    format: str | None = None
    input_col: str | None = None
    output_col: str | None = None
    sheet: str | None = None
    annotator_cols: tuple[str, ...] = ()


# --- the worker's side --------------------------------------------------------------------------------------------

_loaded: tuple[Any, Any] = (None, None)  # the last source and its dataset: a sample's analysis, then its book


class NotHeld(Exception):
    """The server sent an upload without its bytes, to a worker that no longer holds it: it sends them again."""


def held_as(source: SampleSource | UploadSource | Any) -> SampleSource | UploadSource | None:
    """What a worker that has read `source` remembers it by: the source, an upload without its bytes (None: a
    Dataset, which is its own source)."""
    if isinstance(source, SampleSource):
        return source
    return replace(source, data=b"") if isinstance(source, UploadSource) else None


def load_source(source: SampleSource | UploadSource | Any) -> Any:
    """The Dataset a source names (a Dataset is its own source)."""
    global _loaded
    memo = held_as(source)
    if memo is None:
        return source
    if _loaded[0] == memo:
        return _loaded[1]
    _loaded = (None, None)  # the previous one goes before the next is read
    if isinstance(source, SampleSource):
        from advisor.data.samples import sample

        dataset = sample(source.sample_id).load()
    else:
        from advisor.data.loader import load_bytes

        dataset = load_bytes(source.data, source.name, format=source.format, input_col=source.input_col,
                             output_col=source.output_col, sheet=source.sheet, annotator_cols=source.annotator_cols)
    _loaded = (memo, dataset)
    return dataset


def loaded_for(task: str, source: SampleSource | UploadSource | Any, args: tuple) -> Any:
    """The dataset a task works on; an upload read for its analysis has its tokens counted as it is read (the token
    worker's job started ahead, as the command line's `advisor analyze` does: advisor/analysis.py)."""
    if task == "analysis" and isinstance(source, UploadSource):
        from advisor.analysis import counting_while_loading

        with counting_while_loading(len(source.data), args[0]):
            return load_source(source)
    return load_source(source)


def analysis_task(dataset: Any, model: str, progress: Callable | None = None) -> Any:
    from advisor.analysis import analyze

    # without what was read, which the caller was sent first (a line's issue per rejected line: 1,000,000 of them
    # took seconds to pickle, and seconds again to load)
    return replace(analyze(dataset, model=model, progress=progress), read=None)


def book_task(dataset: Any, progress: Callable | None = None) -> Any:  # noqa: ARG001
    from advisor.pricing.comparison import measure_tokens

    return measure_tokens(dataset)


def evidence_task(dataset: Any, task_kind: str, progress: Callable | None = None) -> Any:
    from advisor.decide.advice import measure_evidence

    return measure_evidence(dataset, task_kind, progress=progress)


def plan_task(dataset: Any, model: str, shots: int, sample: int, task: Any,  # noqa: ANN401
              progress: Callable | None = None) -> Any:  # noqa: ARG001
    from advisor.baselines.llm import plan_llm_baselines

    return plan_llm_baselines(dataset, model, shots=shots, sample=sample, task=task)


def measure_cost_task(dataset: Any, model: str, progress: Callable | None = None) -> Any:  # noqa: ANN401, ARG001
    from advisor.decide.advice import model_measurement_cost

    return model_measurement_cost(dataset, model)


TASKS: dict[str, Callable[..., Any]] = {"analysis": analysis_task, "book": book_task, "evidence": evidence_task,
                                        "plan": plan_task, "measure_cost": measure_cost_task}


def serve(reply_fd: int) -> None:
    """A worker: reads (task, source, args, attached) requests from stdin until it is closed — an upload's bytes in
    the next frame when `attached` — and writes to `reply_fd` ("read", ReadSummary) once the dataset is read,
    ("progress", part, done, total) frames, then ("done", result) or ("failed", exception)."""
    os.nice(NICENESS)
    requests = sys.stdin.buffer

    def progress(part: str, done: int, total: int) -> None:
        # one small write: atomic on a pipe, also from the learning curve's forked child (advisor/baselines/forked.py)
        write_frame(reply_fd, pickle.dumps(("progress", part, done, total)))

    while (request := read_frame(requests)) is not None:
        task, source, args, attached = pickle.loads(request)  # noqa: S301 - the server's own bytes, not a file's
        if attached:
            source = replace(source, data=read_frame(requests))
        try:
            if isinstance(source, UploadSource) and not attached and _loaded[0] != source:
                raise NotHeld(source.name)
            dataset = loaded_for(task, source, args)
            write_frame(reply_fd, pickle.dumps(("read", dataset.summary()), protocol=pickle.HIGHEST_PROTOCOL))
            outcome = ("done", TASKS[task](dataset, *args, progress=progress))
            del dataset
        except Exception as error:  # noqa: BLE001 - raised again in the caller
            outcome = ("failed", error)
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # noqa: BLE001 - an exception that cannot be pickled: its words still can
            payload = pickle.dumps(("failed", RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]} ({error})")))
        try:
            write_frame(reply_fd, payload)
        except BrokenPipeError:  # the server has gone (stopped, or a test ended mid-call): nobody to answer
            return


def write_frame(fd: int, payload: bytes) -> None:
    view = memoryview(FRAME.pack(len(payload)) + payload)
    while view:
        view = view[os.write(fd, view):]


def read_frame(stream: BinaryIO) -> bytes | None:
    """The next frame's payload, or None when the stream ends (between frames or within one)."""
    header = stream.read(FRAME.size)
    if len(header) < FRAME.size:
        return None
    size = FRAME.unpack(header)[0]
    payload = stream.read(size)
    return payload if len(payload) == size else None


# --- the server's side --------------------------------------------------------------------------------------------


class WorkerLost(Exception):
    """No worker could be started, or it died before answering."""


class Worker:
    """One worker process and its two pipes."""

    def __init__(self) -> None:
        read, write = os.pipe()
        try:
            self.process = subprocess.Popen(  # noqa: S603 - this interpreter, our own module
                [sys.executable, "-c", ENTRY, str(write)], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                pass_fds=(write,), close_fds=True)
        except OSError as error:
            os.close(read)
            raise WorkerLost(error) from error
        finally:
            os.close(write)
        self.replies = os.fdopen(read, "rb")
        self.idle_since = time.monotonic()
        self.holds: SampleSource | UploadSource | None = None  # the source of the dataset it has read last
        if hasattr(fcntl, "F_SETPIPE_SZ"):  # 1 MB, not 64 kB: a 128 MB upload in 1/16th the wake-ups (0.18 -> 0.11 s)
            with suppress(OSError):
                fcntl.fcntl(self.process.stdin.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)

    def call(self, request: bytes, attached: bytes | None, progress: Callable[[str, int, int], None] | None,
             read: Callable[[ReadSummary], None] | None = None) -> tuple[str, Any]:
        try:
            for frame in (request,) if attached is None else (request, attached):
                self.process.stdin.write(FRAME.pack(len(frame)))
                self.process.stdin.write(frame)
            self.process.stdin.flush()
        except OSError as error:
            raise WorkerLost(error) from error
        while (frame := read_frame(self.replies)) is not None:
            with collector_paused():  # an analysis is 100,000s of objects and no cycle: 0.28 -> 0.18 s on 100k
                message = pickle.loads(frame)  # noqa: S301 - our own worker's bytes
            if message[0] == "read":
                if read is not None:
                    read(message[1])
            elif message[0] != "progress":
                return message
            elif progress is not None:
                progress(*message[1:])
        raise WorkerLost(f"worker {self.process.pid} ended with status {self.process.poll()}")

    def stop(self) -> None:
        """Closes its input (it exits at once when idle), waits a moment, kills it if it lingers."""
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.replies.close()


class WorkerPool:
    """At most `size` workers, started when a call needs one, each serving one call at a time, and stopped once
    idle `idle_seconds`. `computed` counts the calls each task answered in a worker, `started` the workers."""

    def __init__(self, size: int, idle_seconds: float = IDLE_SECONDS) -> None:
        self.size, self.idle_seconds = size, idle_seconds
        self.computed: Counter[str] = Counter()
        self.started = 0
        self._idle: list[Worker] = []
        self._busy = 0
        self._changed = threading.Condition()
        self._reaper: threading.Thread | None = None

    def run(self, task: str, source: Any, *args: Any, local: Callable[[], Any],
            progress: Callable[[str, int, int], None] | None = None,
            read: Callable[[ReadSummary], None] | None = None) -> Any:
        """TASKS[task](source's dataset, *args) in a worker, `read` told what it read once it has; `local()` in this
        process when no worker can."""
        if self.size < 1:
            return local()
        held = held_as(source)
        try:
            worker = self._acquire(held)
        except WorkerLost:
            return local()
        try:
            outcome, value = self._call(worker, task, source, held, args, progress, read)
        except WorkerLost:
            self._discard(worker)
            return local()
        worker.holds = held if outcome == "done" else None  # a failed task may have failed reading it
        self._release(worker)
        with self._changed:
            self.computed[task] += 1
        if outcome == "failed":
            raise value
        return value

    @staticmethod
    def _call(worker: Worker, task: str, source: Any, held: SampleSource | UploadSource | None, args: tuple,
              progress: Callable[[str, int, int], None] | None, read: Callable[[ReadSummary], None] | None,
              ) -> tuple[str, Any]:
        """An upload's bytes go to a worker that does not hold it already, as they are, in a frame of their own:
        pickled with the request they were copied on both sides (1.4 s from the call to the worker's reading of a
        128 MB upload, 0.4 s with this). A worker holding it (`held`: `held_as(source)`) is sent none (0.15-0.3 s for
        128 MB it would drop)."""
        if isinstance(source, UploadSource) and worker.holds == held:
            outcome, value = worker.call(pickle.dumps((task, held, args, False)), None, progress, read)
            if not (outcome == "failed" and isinstance(value, NotHeld)):
                return outcome, value
        attached = source.data if isinstance(source, UploadSource) else None
        request = pickle.dumps((task, source if attached is None else held, args, attached is not None),
                               protocol=pickle.HIGHEST_PROTOCOL)
        return worker.call(request, attached, progress, read)

    def alive(self) -> int:
        """Worker processes running now."""
        with self._changed:
            return self._busy + len(self._idle)

    def shutdown(self) -> None:
        """Stops the idle workers now (calls running finish; their workers stop when next idle long enough)."""
        with self._changed:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    def _acquire(self, held: SampleSource | UploadSource | None = None) -> Worker:
        """An idle worker, the one holding `held` if one does (it need not read the file again), else a new one."""
        with self._changed:
            while not self._idle and self._busy >= self.size:
                self._changed.wait()
            self._busy += 1
            if self._idle:
                worker = next((worker for worker in self._idle if held is not None and worker.holds == held),
                              self._idle[-1])
                self._idle.remove(worker)
                return worker
            self.started += 1
        try:
            return Worker()
        except WorkerLost:
            with self._changed:
                self._busy -= 1
                self._changed.notify()
            raise

    def _release(self, worker: Worker) -> None:
        worker.idle_since = time.monotonic()
        with self._changed:
            self._busy -= 1
            self._idle.append(worker)
            self._changed.notify()
            if self._reaper is None:
                self._reaper = threading.Thread(target=self._reap, name="advisor-worker-reaper", daemon=True)
                self._reaper.start()

    def _discard(self, worker: Worker) -> None:
        worker.stop()
        with self._changed:
            self._busy -= 1
            self._changed.notify()

    def _reap(self) -> None:
        """Stops workers idle `idle_seconds`; ends when no worker is left."""
        while True:
            time.sleep(max(0.05, self.idle_seconds / 4))
            now = time.monotonic()
            with self._changed:
                expired = [worker for worker in self._idle if now - worker.idle_since >= self.idle_seconds]
                self._idle = [worker for worker in self._idle if worker not in expired]
                if not self._idle and not self._busy and expired == []:
                    self._reaper = None
                    return
            for worker in expired:
                worker.stop()


def pool_size() -> int:
    """ADVISOR_WORKERS, else the cores this process may use (0: everything in the server's process)."""
    try:
        return max(0, int(os.environ["ADVISOR_WORKERS"]))
    except (KeyError, ValueError):
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


POOL = WorkerPool(pool_size())
