"""advisor/ui/workers.py: the app's heavy work in worker processes, computed once, let go when idle."""

from __future__ import annotations

import os
import threading
import time
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path

import pytest

from advisor.analysis import analysis_to_dict, analyze
from advisor.data.loader import load_bytes
from advisor.ui.workers import SampleSource, UploadSource, WorkerPool
from tests.llm_server import classification_rows

# A background thread that fails (an upload analysed ahead, advisor/ui/cache.py) fails the test, not a warning:
# the page then computes again and hides it.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")


def upload_bytes(rows: int = 120, seed: int = 20) -> bytes:
    import json

    return "".join(json.dumps(row) + "\n" for row in classification_rows(rows, seed)).encode()


def test_an_uploads_analysis_computed_in_a_worker_is_the_one_computed_here() -> None:
    data = upload_bytes()
    source = UploadSource("tickets.jsonl", "digest", data)
    pool = WorkerPool(1)
    told: list[object] = []
    try:
        remote = pool.run("analysis", source, "gpt-4.1-mini", local=lambda: pytest.fail("computed here"),
                          read=told.append)
    finally:
        pool.shutdown()
    dataset = load_bytes(data, "tickets.jsonl")
    # what was read comes first, alone, and not again with the analysis
    assert told == [dataset.summary()] and remote.read is None
    assert analysis_to_dict(replace(remote, read=told[0])) == analysis_to_dict(analyze(dataset, model="gpt-4.1-mini"))
    assert pool.computed == {"analysis": 1}


def test_a_large_uploads_tokens_are_counted_as_the_worker_reads_it_and_give_the_analysis_counted_here() -> None:
    """Above the token worker's threshold the worker's reading hands each batch of examples to a counting job started
    before it (as `advisor analyze` does, issue #15): the analysis is the one computed here without any of it."""
    import json

    from advisor.data.token_worker import MIN_FILE_BYTES

    import random

    words = ("pedido produto chegou quebrado troca reembolso entrega atraso cliente nota fiscal cartão boleto "
             "prazo loja endereço cancelar pagamento suporte").split()
    draw = random.Random(15)
    rows: list[str] = []
    while sum(map(len, rows)) < MIN_FILE_BYTES + 100_000:  # varied texts: no near-duplicate search worst case
        rows.append(json.dumps({"messages": [
            {"role": "user", "content": " ".join(draw.choices(words, k=40))},
            {"role": "assistant", "content": " ".join(draw.choices(words, k=25))}]}) + "\n")
    data = "".join(rows).encode()
    pool = WorkerPool(1)
    told: list[object] = []
    try:
        remote = pool.run("analysis", UploadSource("chats.jsonl", "digest-large", data), "gpt-4o",
                          local=lambda: pytest.fail("computed here"), read=told.append)
    finally:
        pool.shutdown()
    here = analyze(load_bytes(data, "chats.jsonl"), model="gpt-4o", token_worker=False)
    assert analysis_to_dict(replace(remote, read=told[0])) == analysis_to_dict(here)


def test_an_analysis_in_a_worker_tells_each_of_its_steps_as_it_starts() -> None:
    from advisor.analysis import ANALYSIS_STEPS
    from advisor.ui.cache import ANALYSIS_PROGRESS

    told: list[tuple[str, int, int]] = []
    pool = WorkerPool(1)
    try:
        pool.run("analysis", UploadSource("t.jsonl", "steps", upload_bytes()), "gpt-4.1-mini",
                 local=lambda: pytest.fail("computed here"), progress=lambda *said: told.append(said))
    finally:
        pool.shutdown()
    assert told == [("analysis", index, len(ANALYSIS_STEPS)) for index in range(len(ANALYSIS_STEPS))]
    assert ANALYSIS_PROGRESS == ("reading", *ANALYSIS_STEPS)  # the page's list: the reading, then these


def test_the_baselines_report_every_fold_and_curve_point_from_the_worker() -> None:
    """The folds are measured in the worker, the curve points in its forked child (advisor/baselines/forked.py):
    both reach the caller."""
    told: list[tuple[str, int, int]] = []
    reads: list[tuple[object, int]] = []  # what the worker read, and how many progress reports came before it
    pool = WorkerPool(1)
    try:
        evidence = pool.run("evidence", UploadSource("t.jsonl", "d", upload_bytes()), "classification",
                            local=lambda: pytest.fail("computed here"),
                            progress=lambda part, done, total: told.append((part, done, total)),
                            read=lambda summary: reads.append((summary, len(told))))
    finally:
        pool.shutdown()
    folds, points = evidence.offline.folds, len(evidence.curve.points)
    assert folds >= 2 and points >= 2
    assert [done for part, done, _ in told if part == "folds"] == list(range(1, folds + 1))
    assert sorted(done for part, done, _ in told if part == "points") == list(range(1, points + 1))
    assert reads == [(load_bytes(upload_bytes(), "t.jsonl").summary(), 0)]  # once, what was read, before any fold
    from advisor.ui.background import EvidenceJob

    job = EvidenceJob()
    for part, done, total in told:
        job.report(part, done, total)
    assert job.fraction() == 1.0 and set(job.steps) == {"folds", "points"}


def test_the_page_has_what_the_worker_read_before_its_analysis_and_reads_no_copy_of_its_own() -> None:
    """analyse_ahead's worker sends what it read as soon as it has: the page waits for that, not for the whole
    analysis, and draws it without reading the file (a third reader on two cores slowed the analysis); without a
    worker it does not wait at all."""
    import advisor.ui.cache as cache
    from advisor.ui.memory import STORE, UPLOADS, UploadedData

    data = upload_bytes(rows=2000, seed=9)  # its analysis takes a while after the reading
    digest = f"worker-reading-{os.getpid()}"
    key = (digest, None, None, None, (), len(data))
    session = ("session-a", "token")
    UPLOADS.put(session, UploadedData("t.jsonl", digest, data))
    events: list[str] = []
    pool, before = WorkerPool(1), cache.POOL
    cache.POOL = pool
    try:
        cache.analyse_ahead(UPLOADS.find(digest), key, "gpt-4.1-mini")
        job = cache.analysis_under_way(key, "gpt-4.1-mini")
        assert cache.analysis_under_way(key, "gpt-4o") is None  # one model's job is not another's
        cache.after_worker_reading(key, busy=lambda: events.append("waited") or nullcontext())
        assert job.read.is_set()
        held_then = STORE.holds(("analysis", key, "gpt-4.1-mini"))
        read = cache.cached_read(key, lambda: pytest.fail("the page read the file"))
        deadline = time.monotonic() + 60
        steps = []
        while not job.finished.wait(0.005) and time.monotonic() < deadline:
            steps.append(job.step)
        analysis = cache.cached_analysis(lambda: pytest.fail("the page read the file"), key, "gpt-4.1-mini")
        other_model = cache.cached_analysis(lambda: pytest.fail("the page read the file"), key, "gpt-4o")
        copies = [held for held in STORE.keys() if held[0] == "dataset" and held[1] == digest]
    finally:
        cache.POOL = before
        pool.shutdown()
        UPLOADS.remove(session)
    assert events == ["waited"] and not held_then  # it waited, and for the reading, not the whole analysis
    assert read == load_bytes(data, "t.jsonl").summary() and read.examples_kept == 2000
    # one copy held of what was read (of every rejected line's issue), whatever the model analysed for
    assert analysis.read is read and other_model.read is read
    assert copies == []  # the page read no copy of the examples
    assert cache.analysis_under_way(key, "gpt-4.1-mini") is None and pool.computed == {"analysis": 2}
    # the steps the page shows came from the worker, in order, past the reading (0)
    assert steps == sorted(steps) and steps[-1] == len(cache.ANALYSIS_PROGRESS) - 1 and job.step == steps[-1]
    cache.after_worker_reading(key, busy=lambda: pytest.fail("waited with no worker reading"))


def test_an_error_of_the_computation_is_raised_in_the_caller() -> None:
    pool = WorkerPool(1)
    try:
        with pytest.raises(KeyError, match="no_such_sample"):
            pool.run("book", SampleSource("no_such_sample"), local=lambda: pytest.fail("computed here"))
    finally:
        pool.shutdown()


def test_a_worker_that_dies_mid_call_leaves_the_work_to_the_caller() -> None:
    pool = WorkerPool(1)

    killed: list[int] = []

    def on_progress(part: str, done: int, total: int) -> None:  # noqa: ARG001
        if not killed:
            [pid] = set(worker_pids()) - others  # this pool's worker, not another's still idle in this process
            os.kill(pid, 9)
            killed.append(pid)

    def worker_pids() -> list[int]:
        children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()
        return [int(pid) for pid in children if b"advisor.ui.workers" in Path(f"/proc/{pid}/cmdline").read_bytes()]

    others = set(worker_pids())
    try:
        value = pool.run("evidence", UploadSource("t.jsonl", "d", upload_bytes()), "classification",
                         local=lambda: "computed here", progress=on_progress)
    finally:
        pool.shutdown()
    assert killed and value == "computed here" and pool.alive() == 0 and pool.computed == {}


def test_idle_workers_exit_and_a_busy_pool_makes_callers_wait_their_turn() -> None:
    pool = WorkerPool(2, idle_seconds=2)
    started = threading.Barrier(3)
    results: list[object] = []

    def call() -> None:
        started.wait()
        results.append(pool.run("book", SampleSource("invoices"), local=lambda: "computed here"))

    threads = [threading.Thread(target=call) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(results) == 3 and "computed here" not in results
    assert results[0] == results[1] == results[2] and pool.computed == {"book": 3}
    assert pool.started == 2  # never more workers than its size: the third call waited for one
    pids = [worker.process.pid for worker in pool._idle]
    assert len(pids) == 2

    def gone() -> bool:  # exited and reaped (no zombie left): their memory is back
        return pool.alive() == 0 and not any(Path(f"/proc/{pid}").exists() for pid in pids)

    deadline = time.monotonic() + 10
    while not gone() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert gone()


def test_a_pool_of_size_zero_computes_in_the_caller() -> None:
    pool = WorkerPool(0)
    assert pool.run("book", SampleSource("invoices"), local=lambda: "here") == "here" and pool.alive() == 0


def test_a_worker_whose_server_has_gone_exits_quietly() -> None:
    """A worker answering a server that has closed its end printed a BrokenPipeError traceback on the console."""
    import os
    import pickle
    import subprocess
    import sys

    from advisor.ui.workers import ENTRY, FRAME, SampleSource

    read, write = os.pipe()
    worker = subprocess.Popen([sys.executable, "-c", ENTRY, str(write)], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, pass_fds=(write,))
    os.close(write)
    os.close(read)  # the server's end is gone before the answer is written
    request = pickle.dumps(("book", SampleSource("invoices"), (), False))
    worker.stdin.write(FRAME.pack(len(request)) + request)
    worker.stdin.close()
    assert worker.wait(timeout=120) == 0
    assert b"Traceback" not in worker.stderr.read()


def test_the_llm_runs_plan_and_what_it_would_cost_are_worked_out_in_a_worker_as_here() -> None:
    """The plan (split, token estimates, retrieved demonstrations) and the cost of measuring first come back from a
    worker equal to the ones computed in this process: the serving thread no longer computes them."""
    from advisor.baselines.llm import describe_task, plan_llm_baselines
    from advisor.decide.advice import measurement_cost
    from advisor.pricing.comparison import compare_options, measure_tokens
    from advisor.pricing.scenario import Scenario

    data = upload_bytes(rows=160, seed=4)
    source = UploadSource("tickets.jsonl", "digest", data)
    dataset = load_bytes(data, "tickets.jsonl")
    task = describe_task(dataset, None)
    comparison = compare_options(measure_tokens(dataset), Scenario(monthly_requests=10_000))
    pool = WorkerPool(1)
    try:
        plan = pool.run("plan", source, "gpt-4.1-mini", 3, 12, task, local=lambda: pytest.fail("computed here"))
        model = comparison.cheapest("prompting", hosting="api").model
        cost = pool.run("measure_cost", source, model, local=lambda: pytest.fail("computed here"))
    finally:
        pool.shutdown()
    here = plan_llm_baselines(dataset, "gpt-4.1-mini", shots=3, sample=12, task=task)
    assert plan == here
    assert len(plan.calls) == 3 * 12 and any(call.demonstrations for call in plan.calls)
    assert cost == measurement_cost(dataset, comparison) and cost is not None and cost.calls > 0
    assert pool.computed == {"plan": 1, "measure_cost": 1}


def test_an_issue_survives_the_pipe_whole() -> None:
    """Issues cross the pipe by their own pickling (`Issue.__reduce__`): every field comes back in its place."""
    import pickle

    from advisor.data.model import Issue

    issues = (Issue(7, "warning", "lone_surrogate", (("count", 2),), "openai"), Issue(0, "error", "empty_file"))
    assert pickle.loads(pickle.dumps(issues, protocol=pickle.HIGHEST_PROTOCOL)) == issues
    assert [issue.platform for issue in pickle.loads(pickle.dumps(issues))] == ["openai", None]


def test_a_worker_that_holds_an_upload_is_sent_no_bytes_and_one_that_lost_it_is_sent_them_again() -> None:
    """A second task on an upload goes to the worker that read it, without its bytes (it would drop them); one that
    no longer holds it (it has read another file since) says so and gets them: every answer is the one computed here."""
    from advisor.pricing.comparison import measure_tokens
    from advisor.ui import workers

    first, second = upload_bytes(rows=80, seed=31), upload_bytes(rows=90, seed=32)
    one, other = UploadSource("one.jsonl", "digest-one", first), UploadSource("other.jsonl", "digest-other", second)
    sent: list[bool] = []  # whether each request to a worker carried the upload's bytes
    call = workers.Worker.call

    def recording_call(self, request, attached, progress, read=None):  # noqa: ANN001, ANN202
        sent.append(attached is not None)
        return call(self, request, attached, progress, read)

    pool = WorkerPool(1)
    try:
        workers.Worker.call = recording_call
        read_first = pool.run("analysis", one, "gpt-4.1-mini", local=lambda: pytest.fail("computed here"))
        book_first = pool.run("book", one, local=lambda: pytest.fail("computed here"))
        assert sent == [True, False]
        book_second = pool.run("book", other, local=lambda: pytest.fail("computed here"))
        (worker,) = pool._idle
        worker.holds = workers.held_as(one)  # as if the server had missed that it read `other` since
        book_again = pool.run("book", one, local=lambda: pytest.fail("computed here"))
        assert sent == [True, False, True, False, True]  # sent none, was told it is not held, sent them
        assert worker.holds == workers.held_as(one)
    finally:
        workers.Worker.call = call
        pool.shutdown()
    dataset_one = load_bytes(first, "one.jsonl")
    assert analysis_to_dict(replace(read_first, read=dataset_one.summary())) == analysis_to_dict(
        analyze(dataset_one, model="gpt-4.1-mini"))
    assert book_first == book_again == measure_tokens(dataset_one)
    assert book_second == measure_tokens(load_bytes(second, "other.jsonl")) != book_first
    assert pool.started == 1 and pool.computed == {"analysis": 1, "book": 3}


def test_a_task_goes_to_the_idle_worker_that_holds_its_upload() -> None:
    from advisor.ui import workers

    first, second = upload_bytes(rows=60, seed=41), upload_bytes(rows=70, seed=42)
    one, other = UploadSource("one.jsonl", "digest-a", first), UploadSource("other.jsonl", "digest-b", second)
    pool = WorkerPool(2)
    try:
        barrier = threading.Barrier(2)  # both at once: two workers, one per upload

        def book(source: UploadSource) -> None:
            barrier.wait()
            pool.run("book", source, local=lambda: pytest.fail("computed here"))

        threads = [threading.Thread(target=book, args=(source,)) for source in (one, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        holders = {worker.holds.name: worker for worker in pool._idle}
        assert set(holders) == {"one.jsonl", "other.jsonl"}
        for source in (one, other, one):  # whichever was released last, the holder is chosen
            pool.run("book", source, local=lambda: pytest.fail("computed here"))
            assert pool._idle[-1] is holders[source.name]
    finally:
        pool.shutdown()
    assert pool.started == 2
