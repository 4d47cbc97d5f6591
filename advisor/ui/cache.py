"""The cached steps: frozen results shared by every session, keyed by the file's content digest.

The dataset, its analysis, token book and offline baselines live in advisor/ui/memory.py's byte-bounded store
and are released with their upload (a bundled sample's stay: advisor/ui/warmup.py); a scenario change redoes only
the cost arithmetic (`cached_comparison`). The analysis, the token book and the baselines are computed in a worker
process (advisor/ui/workers.py); the store computes a key once however many sessions ask for it at the same time.

Nothing heavy is imported here: the first page draws before the analysis, pandas or Plotly are loaded.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Hashable
from contextlib import nullcontext
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import streamlit as st

from advisor.ui.memory import STORE, UPLOADS, WEIGHT_PER_FILE_BYTE, Busy
from advisor.ui.workers import POOL, SampleSource, UploadSource

if TYPE_CHECKING:
    from advisor.analysis import Analysis
    from advisor.data.model import Dataset, ReadSummary

    DatasetOrReader = Dataset | Callable[[], Dataset]  # a function that reads it, called only if it must be


def frozen(value):  # noqa: ANN001, ANN201
    """`value`, after moving every object alive into the garbage collector's permanent generation.

    A 100,000-example dataset is millions of long-lived objects; each full collection would walk them
    all (about 100 ms, at random moments such as a slider move). Cached results live until the byte budget
    or the end of their upload drops them, and then `reclaim` (advisor/ui/memory.py) thaws and collects."""
    gc.collect()
    gc.freeze()
    return value


def file_of(dataset_key: tuple) -> tuple[Hashable, int]:
    """The file a dataset key names (its digest, or the sample) and its size in bytes: what its results weigh."""
    if dataset_key[0] == "sample":
        from advisor.data.samples import sample

        return dataset_key, sample(dataset_key[1]).path.stat().st_size
    return dataset_key[0], dataset_key[-1]


def weight(kind: str, size: int) -> int:
    return int(size * WEIGHT_PER_FILE_BYTE[kind])


def examples_of(dataset: DatasetOrReader) -> Dataset:
    return dataset() if callable(dataset) else dataset


def source_of(dataset: DatasetOrReader, dataset_key: tuple):  # noqa: ANN201 - what a worker loads
    """What a worker reads the dataset from: the sample's id, or the upload's bytes and reading options (the
    dataset itself, pickled, only when no session holds the upload any more; `dataset` may be a function that
    reads it)."""
    if dataset_key[0] == "sample":
        return SampleSource(dataset_key[1])
    digest, forced, columns, sheet, annotators, _ = dataset_key
    upload = UPLOADS.find(digest)
    if upload is None:
        return examples_of(dataset)
    input_col, output_col = columns or (None, None)
    return UploadSource(upload.name, digest, upload.data, forced, input_col, output_col, sheet, annotators)


def cached_dataset(data: bytes, digest: str, name: str, format: str | None, input_col: str | None,
                   output_col: str | None, sheet: str | None = None, annotator_cols: tuple[str, ...] = (),
                   busy: Busy = nullcontext) -> Dataset:
    from advisor.data.loader import load_bytes

    return STORE.get(("dataset", digest, format, input_col, output_col, sheet, annotator_cols), digest,
                     weight("dataset", len(data)),
                     lambda: frozen(load_bytes(data, name, format=format, input_col=input_col, output_col=output_col,
                                               sheet=sheet, annotator_cols=annotator_cols)), busy)


def cached_sample(sample_id: str, busy: Busy = nullcontext) -> Dataset:
    from advisor.data.samples import sample

    owner, size = file_of(("sample", sample_id))
    return STORE.get(("dataset", owner), owner, weight("dataset", size), lambda: frozen(sample(sample_id).load()), busy)


def cached_analysis(dataset: DatasetOrReader, dataset_key: tuple, model: str, busy: Busy = nullcontext) -> Analysis:
    return _analysis(lambda: examples_of(dataset), dataset_key, model, busy)


def analysis_key(dataset_key: tuple, model: str) -> tuple:
    return ("analysis", dataset_key, model)


def _analysis(dataset_of: Callable[[], Dataset], dataset_key: tuple, model: str, busy: Busy = nullcontext,
              job: AnalysisJob | None = None) -> Analysis:
    """`job` is told when the worker has read the file and which step the analysis is on."""
    def compute() -> Analysis:
        from advisor.analysis import analyze

        held: list[ReadSummary] = []

        def worker_read(summary: ReadSummary) -> None:
            held.append(keep_read(dataset_key, summary))
            if job is not None:
                job.read.set()

        progress = None if job is None else job.report
        analysis = POOL.run("analysis", source_of(dataset_of, dataset_key), model, read=worker_read,
                            progress=progress, local=lambda: analyze(dataset_of(), model=model, progress=progress))
        # a worker's analysis comes without what was read, sent first (advisor/ui/workers.py): the copy held
        return frozen(replace(analysis, read=held[-1]) if held else analysis)

    owner, size = file_of(dataset_key)
    return STORE.get(analysis_key(dataset_key, model), owner, weight("analysis", size), compute, busy)


def read_key(dataset_key: tuple) -> tuple:
    return ("read", dataset_key)


def cached_read(dataset_key: tuple, dataset_of: Callable[[], Dataset], busy: Busy = nullcontext) -> ReadSummary:
    """What reading the file found: as a worker sent it (`keep_read`), else from this process' copy."""
    owner, size = file_of(dataset_key)
    return STORE.get(read_key(dataset_key), owner, weight("read", size), lambda: dataset_of().summary(), busy)


def keep_read(dataset_key: tuple, summary: ReadSummary) -> ReadSummary:
    """What a worker read, held for `cached_read`: the copy held already, if any (one per file, whatever the
    model its analysis was for)."""
    owner, size = file_of(dataset_key)
    return STORE.get(read_key(dataset_key), owner, weight("read", size), lambda: summary)


class AnalysisJob:
    """An upload's analysis under way ahead of the page (`analyse_ahead`): whether the file is read, which step
    (advisor.analysis.ANALYSIS_STEPS, after the reading) it is on, and whether it is over."""

    def __init__(self) -> None:
        self.read = threading.Event()  # set once the worker has read the file (or it failed to)
        self.finished = threading.Event()
        self.step = 0  # of `ANALYSIS_PROGRESS`: 0 reading, then 1 + the analysis' step under way

    def report(self, part: str, done: int, total: int) -> None:  # noqa: ARG002 - a worker's progress
        if part == "analysis":
            self.step = 1 + done


ANALYSIS_PROGRESS = ("reading", "texts", "near_duplicates", "checks", "tokens", "profile")  # reading, then the
# analysis' own steps (advisor.analysis.ANALYSIS_STEPS, not imported here: the first page draws without it)
_ANALYSING: dict[tuple, AnalysisJob] = {}  # (dataset key, model) → the job analysing it ahead, until it is over
WORKER_READING_WAIT_S = 60.0


def analyse_ahead(upload, dataset_key: tuple, model: str) -> None:  # noqa: ANN001 - advisor.ui.memory.UploadedData
    """Starts an upload's analysis in a worker, which reads the file and sends what it read first: the data step
    draws that (`cached_read`) while the analysis runs, and this process reads its own copy of the examples only
    when a step needs them (advisor/ui/chosen.py). The page's `cached_analysis` joins the computation under way,
    and can show its steps meanwhile (`analysis_under_way`). A file that cannot be read fails in the worker too,
    and the page says why from its own reading."""
    key = analysis_key(dataset_key, model)
    if STORE.holds(key) or STORE.computing(key):
        return
    digest, forced, columns, sheet, annotators, _ = dataset_key
    input_col, output_col = columns or (None, None)
    job = _ANALYSING.setdefault((dataset_key, model), AnalysisJob())  # two sessions uploading it at once share it

    def page_copy() -> Dataset:  # read here when no worker can: what was read is then held for the page
        try:
            return cached_dataset(upload.data, digest, upload.name, forced, input_col, output_col, sheet, annotators)
        finally:
            job.read.set()

    def analyse() -> None:
        try:
            _analysis(page_copy, dataset_key, model, job=job)
        except Exception:  # noqa: BLE001, S110 - the page reads and analyses again and shows what goes wrong
            pass
        finally:
            job.read.set()
            _ANALYSING.pop((dataset_key, model), None)
            job.finished.set()

    threading.Thread(target=analyse, name="advisor-analyse-ahead", daemon=True).start()


def analysis_under_way(dataset_key: tuple, model: str) -> AnalysisJob | None:
    """The job analysing this upload for `model` ahead of the page, while it runs."""
    return _ANALYSING.get((dataset_key, model))


def after_worker_reading(dataset_key: tuple, busy: Busy = nullcontext) -> None:
    """Waits (at most WORKER_READING_WAIT_S) until the worker analysing this upload has read it, if one is: what it
    read is then held (`cached_read`), and this process need not read the file for it."""
    reading = [job.read for (key, _), job in list(_ANALYSING.items()) if key == dataset_key and not job.read.is_set()]
    if reading:
        with busy():
            reading[0].wait(WORKER_READING_WAIT_S)


def evidence_key(dataset_key: tuple, task_kind: str) -> tuple:
    return ("evidence", dataset_key, task_kind)


def evidence_ready(dataset_key: tuple, task_kind: str) -> bool:
    return STORE.holds(evidence_key(dataset_key, task_kind))


def cached_evidence(dataset: DatasetOrReader, dataset_key: tuple, task_kind: str, progress=None,  # noqa: ANN001, ANN201
                    busy: Busy = nullcontext):
    """The offline baselines and learning curve (advisor.decide.recommend.Evidence); `progress(part, done, total)` is
    told after each fold and curve point when this call measures them (advisor/ui/background.py)."""
    def compute():  # noqa: ANN202
        from advisor.decide.advice import measure_evidence

        return frozen(POOL.run("evidence", source_of(dataset, dataset_key), task_kind, progress=progress,
                               local=lambda: measure_evidence(examples_of(dataset), task_kind, progress=progress)))

    owner, size = file_of(dataset_key)
    return STORE.get(evidence_key(dataset_key, task_kind), owner, weight("evidence", size), compute, busy)


def cached_measurement_cost(dataset: Dataset, dataset_key: tuple, comparison):  # noqa: ANN001, ANN201
    """What measuring first would cost (advisor.decide.advice.measurement_cost): a few numbers, priced once per
    model, worked out in a worker as the plan it rests on (`computed_plan`)."""
    from advisor.decide.advice import model_measurement_cost

    owner, _ = file_of(dataset_key)
    route = comparison.cheapest("prompting", hosting="api")
    if route is None:
        return None
    return STORE.get(("measure_cost", dataset_key, route.model), owner, 1024,
                     lambda: POOL.run("measure_cost", source_of(dataset, dataset_key), route.model,
                                      local=lambda: model_measurement_cost(dataset, route.model)))


def computed_plan(dataset: DatasetOrReader, dataset_key: tuple, model: str, shots: int, sample: int, task):  # noqa: ANN001, ANN201
    """The calls an LLM run would make (advisor.baselines.llm.plan_llm_baselines), worked out in a worker: on a
    100,000-example upload the plan's split, token counts and retrieval index took 27 s (10 s with the retrieval
    pool bounded), all of it in the serving process, where it held up every session of the room
    (benchmarks/sample_server.py, 2026-12-04)."""
    from advisor.baselines.llm import plan_llm_baselines

    return POOL.run("plan", source_of(dataset, dataset_key), model, shots, sample, task,
                    local=lambda: plan_llm_baselines(examples_of(dataset), model, shots=shots, sample=sample,
                                                     task=task))


def book_key(dataset_key: tuple) -> tuple:
    return ("book", dataset_key)


def book_ready(dataset_key: tuple) -> bool:
    return STORE.holds(book_key(dataset_key))


def cached_book(dataset: DatasetOrReader, dataset_key: tuple,  # noqa: ANN201 - advisor.pricing.comparison.TokenBook
                busy: Busy = nullcontext):
    def compute():  # noqa: ANN202
        from advisor.pricing.comparison import measure_tokens

        return frozen(POOL.run("book", source_of(dataset, dataset_key),
                               local=lambda: measure_tokens(examples_of(dataset))))

    owner, size = file_of(dataset_key)
    return STORE.get(book_key(dataset_key), owner, weight("book", size), compute, busy)


def cached_chart(name: str, dataset_key: tuple, lang: str, build: Callable[[], Any], examples: int = 0):  # noqa: ANN401
    """A chart of a dataset's results, built once per file and language: Plotly took 20-40 ms a figure, on every
    run of every session that showed it (benchmarks/bench_workshop.py --profile). It weighs ~100 KB plus what it
    holds per example (tracemalloc: a token histogram, 285 KB at 10,000 examples, 929 KB at 100,000) and goes with
    the file's other results."""
    owner, _ = file_of(dataset_key)
    return STORE.get(("chart", name, dataset_key, lang), owner, 100_000 + 32 * examples, lambda: frozen(build()))


@st.cache_resource(max_entries=64, show_spinner=False)
def cached_figure(series: tuple, title: str, rate: float, symbol: str, lang: str):  # noqa: ANN201 - plotly is slow
    from advisor.render.charts import cumulative_costs

    return cumulative_costs(list(series), title, rate, symbol, lang)


@st.cache_resource(max_entries=64, show_spinner=False)
def cached_comparison(_book, dataset_key: tuple, scenario):  # noqa: ANN001, ANN201 - the scenario is the key
    from advisor.pricing.comparison import compare_options

    return compare_options(_book, scenario)
