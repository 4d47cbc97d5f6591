"""advisor/ui/warmup.py and the store it fills (advisor/ui/memory.py): the bundled samples computed once per server
and kept; a scenario change redoes only the arithmetic; a result whose upload went meanwhile is not kept."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from advisor.ui.memory import ByteBudgetCache

ROOT = Path(__file__).parent.parent
SMALL_SAMPLES = ("invoices", "intent_conflicts")


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """A store and a worker pool of this test's own: what they count starts at zero whatever ran before here."""
    import advisor.data.samples as samples
    import advisor.ui.cache as cache
    import advisor.ui.pages.baselines
    import advisor.ui.pages.data
    import advisor.ui.pages.recommendation
    import advisor.ui.warmup as warmup
    from advisor.ui.workers import WorkerPool

    # The pages import load_samples by name: imported first under the patch below, they kept the two samples for
    # every later test in this process (test_app.py's failed after this file).
    assert advisor.ui.pages.data.load_samples is advisor.ui.pages.recommendation.load_samples is samples.load_samples

    every = samples.load_samples()
    monkeypatch.setattr(samples, "load_samples", lambda: tuple(item for item in every if item.id in SMALL_SAMPLES))
    # The baselines step keeps its plans in st.cache_resource, for the process: a test that walked a sample there
    # before this one left its plan behind (CI's full run counted 2 plans, not 4).
    advisor.ui.pages.baselines.described_task.clear()
    advisor.ui.pages.baselines.planned_calls.clear()
    store, pool = ByteBudgetCache(10**9), WorkerPool(2)
    for module in (cache, warmup):
        monkeypatch.setattr(module, "STORE", store)
    monkeypatch.setattr(cache, "POOL", pool)
    yield store, pool
    pool.shutdown()


def test_each_sample_is_computed_once_however_many_sessions_ask_during_the_warm_up(fresh) -> None:  # noqa: ANN001
    from advisor.ui.background import start_evidence
    from advisor.ui.cache import cached_analysis, cached_book, cached_evidence, cached_sample
    from advisor.ui.warmup import warm_samples

    store, pool = fresh
    seen: list[tuple] = []

    def session() -> None:  # a participant picking each sample while the server warms them
        for sample_id in SMALL_SAMPLES:
            key = ("sample", sample_id)
            dataset = cached_sample(sample_id)
            analysis = cached_analysis(dataset, key, "gpt-4.1-mini")
            job = start_evidence(dataset, key, analysis.profile.task_kind)
            if job is not None:
                job.finished.wait(120)
            seen.append((sample_id, analysis, cached_evidence(dataset, key, analysis.profile.task_kind),
                         cached_book(dataset, key)))

    warmed: list[str] = []
    threads = [threading.Thread(target=lambda: warmed.extend(warm_samples()))]
    threads += [threading.Thread(target=session) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert warmed == list(SMALL_SAMPLES) and len(seen) == 4 * len(SMALL_SAMPLES)
    # once per sample, in a worker; the first LLM plan once per sample and language (its task is in that language)
    assert pool.computed == {"analysis": 2, "book": 2, "evidence": 2, "plan": 4}
    for sample_id in SMALL_SAMPLES:  # every session was handed the same objects
        results = [result[1:] for result in seen if result[0] == sample_id]
        assert all(all(mine is first for mine, first in zip(result, results[0])) for result in results)
    assert store.pinned == {("sample", sample_id) for sample_id in SMALL_SAMPLES}


def test_the_baselines_step_finds_each_samples_first_llm_plan_made_by_the_warm_up(fresh) -> None:  # noqa: ANN001
    """The plan of the optional LLM run (7 s cold on tickets) was made by the first participant to reach step 3,
    while everyone else on that sample waited for it."""
    from streamlit.testing.v1 import AppTest

    from advisor.ui.warmup import warm_samples

    _, pool = fresh  # plans are worked out in its workers (advisor.ui.cache.computed_plan): counted there
    warm_samples()
    warmed = pool.computed["plan"]
    assert warmed == 2 * len(SMALL_SAMPLES)  # each sample, with the task written in each language
    for lang in ("pt", "en"):
        app = AppTest.from_file(str(ROOT / "page.py"), default_timeout=120)
        app.run()
        app.sidebar.radio(key="lang").set_value(lang).run()
        app.sidebar.selectbox(key=f"sample_{lang}").set_value("invoices").run()
        app.radio(key="step").set_value("baselines").run()
        assert not app.exception
        assert pool.computed["plan"] == warmed, lang  # the page found the plan made ahead
    app.number_input(key="llm_shots").set_value(3).run()  # a choice of the user's own is planned then
    assert not app.exception and pool.computed["plan"] == warmed + 1


def _upload_a_sample_file(monkeypatch: pytest.MonkeyPatch, endpoints: str | None):  # noqa: ANN202
    """A session that uploads the invoices sample's file as its own (an upload, not the sample) and is then on the
    data step; the instructor's endpoint setting as given."""
    from streamlit.testing.v1 import AppTest

    from advisor.data.samples import sample

    if endpoints is None:
        monkeypatch.delenv("ADVISOR_LLM_ENDPOINTS", raising=False)
    else:
        monkeypatch.setenv("ADVISOR_LLM_ENDPOINTS", endpoints)
    path = sample("invoices").path
    app = AppTest.from_file(str(ROOT / "page.py"), default_timeout=120)
    app.run()
    app.sidebar.radio(key="lang").set_value("en").run()
    app.file_uploader(key="upload").set_value((f"mine{path.suffix}", path.read_bytes(), "application/octet-stream"))
    app.run()
    assert not app.exception  # the run started its background threads before it ended
    return app


def _background_threads_done(deadline_s: float = 120) -> None:
    import time

    started = time.monotonic()
    while any(thread.name.startswith(("first plan", "evidence", "book")) for thread in threading.enumerate()):
        assert time.monotonic() - started < deadline_s
        time.sleep(0.05)


def test_an_uploads_first_llm_plan_is_made_in_the_background_before_the_baselines_step(fresh, monkeypatch) -> None:  # noqa: ANN001
    """On a 100,000-example upload the Baselines step waited 8.4 s for the plan after the offline baselines."""
    _, pool = fresh
    app = _upload_a_sample_file(monkeypatch, None)
    _background_threads_done()
    assert pool.computed["plan"] == 1  # made before the step was visited
    app.radio(key="step").set_value("baselines").run()
    assert not app.exception
    assert pool.computed["plan"] == 1  # the step found it
    app.run()
    _background_threads_done()
    assert pool.computed["plan"] == 1  # and another run did not plan it again


def test_no_plan_is_made_ahead_when_the_instructor_turned_llm_calls_off(fresh, monkeypatch) -> None:  # noqa: ANN001
    _, pool = fresh
    _upload_a_sample_file(monkeypatch, "off")
    _background_threads_done()
    assert pool.computed["evidence"] == 1 and pool.computed["plan"] == 0


def test_an_upload_larger_than_the_budget_does_not_evict_the_pinned_samples() -> None:
    store = ByteBudgetCache(budget=1_000)
    store.pin(("sample", "tickets"))
    kept = store.get(("dataset", ("sample", "tickets")), ("sample", "tickets"), 600, lambda: "tickets")
    store.get(("dataset", ("sample", "clinical")), ("sample", "clinical"), 300, lambda: "clinical")  # not pinned
    store.get(("dataset", "digest"), "digest", 5_000, lambda: "an upload")
    assert store.owners() == {("sample", "tickets"), "digest"}  # the unpinned sample went, as before
    assert store.get(("dataset", ("sample", "tickets")), ("sample", "tickets"), 600, lambda: "again") is kept


def test_a_result_whose_upload_was_released_while_it_was_computed_is_not_kept() -> None:
    """The offline baselines of a file the session has already replaced ended in the store after its release, and
    stayed until the next sweep (test_an_upload_is_released_when_replaced… saw it once the baselines ran in a
    worker and took longer than the replacement)."""
    store = ByteBudgetCache(10**9)
    computing, release = threading.Event(), threading.Event()

    def slow() -> str:
        computing.set()
        release.wait(10)
        return "baselines of the first file"

    result: list[str] = []
    thread = threading.Thread(target=lambda: result.append(store.get(("evidence", "first"), "first", 10, slow)))
    thread.start()
    assert computing.wait(10)
    store.drop_owners(lambda owner: owner != "first")  # the session replaced its file
    release.set()
    thread.join(10)
    assert result == ["baselines of the first file"]  # the caller still gets it
    assert "first" not in store.owners()
    assert store.get(("evidence", "first"), "first", 10, lambda: "measured again") == "measured again"


def test_changing_the_scenario_redoes_only_the_arithmetic(fresh) -> None:  # noqa: ANN001
    from streamlit.testing.v1 import AppTest

    store, pool = fresh
    app = AppTest.from_file(str(ROOT / "page.py"), default_timeout=120)
    app.run()
    app.sidebar.radio(key="lang").set_value("en").run()
    app.sidebar.selectbox(key="sample_en").set_value("invoices").run()
    app.radio(key="step").set_value("recommendation").run()
    assert not app.exception
    computed, held = dict(pool.computed), store.keys()
    assert computed == {"analysis": 1, "book": 1, "evidence": 1}
    answers = []
    for volume in (500, 5_000_000):
        app.radio(key="step").set_value("costs").run()
        app.slider(key="horizon").set_value(24).run()
        app.number_input(key="monthly_requests").set_value(volume).run()
        app.radio(key="step").set_value("recommendation").run()
        assert not app.exception
        answers.append([element.value for element in app.markdown])  # the options, their reasons and totals
    assert answers[0] != answers[1]  # the answer follows the volume…
    assert dict(pool.computed) == computed  # …without a new analysis, token count or baseline
    assert {key for key in store.keys() if key[0] != "measure_cost"} == {key for key in held if key[0] != "measure_cost"}


def test_closed_sessions_streamlit_only_hides_are_shut_down_on_its_event_loop() -> None:
    """Past its two minutes a closed session is hidden from Streamlit's list but kept, with what it showed, until
    another session comes or goes; the sweep shuts it down, on the loop that owns the storage."""
    import asyncio
    from types import SimpleNamespace

    from streamlit.runtime.caching.ttl_cache import TTLCache

    from advisor.ui.memory import shut_down_expired_sessions

    now = [0.0]
    storage = SimpleNamespace(_cache=TTLCache(maxsize=128, ttl=120, timer=lambda: now[0]))
    shut: list[tuple[str, bool]] = []  # (session, on the loop's thread)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    def session(name: str) -> SimpleNamespace:
        return SimpleNamespace(session=SimpleNamespace(
            shutdown=lambda: shut.append((name, threading.current_thread() is thread))))

    storage._cache["closed long ago"] = session("closed long ago")
    now[0] = 100.0
    storage._cache["closed just now"] = session("closed just now")
    now[0] = 130.0  # the first is past its 120 s, the second is not
    runtime = SimpleNamespace(_session_mgr=SimpleNamespace(_session_storage=storage),
                              _get_async_objs=lambda: SimpleNamespace(eventloop=loop))
    shut_down_expired_sessions(runtime)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    assert shut == [("closed long ago", True)]
    assert list(storage._cache) == ["closed just now"]
