"""The bundled samples prepared once per server, before the room asks for them (issue #20 item 1).

Every participant of a workshop picks one of the same few samples. Their dataset, analysis (for the sidebar's
default model), token book, offline baselines and the baselines step's first LLM plan are the same for everyone,
so the server computes them once, in the background, as soon as it has served its first page (with the modules the
later steps import): in the worker processes (advisor/ui/workers.py, at a lower priority than the serving threads)
and one sample at a time, so at most one core is taken and the other is left to the room and its uploads (the LLM
plans, in this process's warm-up thread). Their results are pinned in the byte-bounded store
(advisor/ui/memory.py): an upload never evicts them.

The warm-up goes through the same store and evidence jobs as a page (advisor/ui/cache.py, advisor/ui/background.py):
a session that asks for a sample before it is warm waits for the computation under way — with the progress shown —
or starts the one the warm-up has not reached; nothing is computed twice. A scenario change redoes only the cost
arithmetic (`cached_comparison`).
"""

from __future__ import annotations

import threading
import time
from importlib import import_module

from advisor.data.tokens import DEFAULT_MODEL
from advisor.i18n import LANGUAGES
from advisor.ui.background import start_evidence
from advisor.ui.cache import cached_analysis, cached_book, cached_evidence, cached_sample, file_of
from advisor.ui.memory import STORE

AFTER_FIRST_PAGE_SECONDS = 1.0  # the first page reaches its browser before the warm-up's imports compete with it

_started = False
_lock = threading.Lock()


# What the steps after the first import when they draw (their modules, then what their functions import: pandas,
# Plotly, scikit-learn for the LLM plan's retrieved examples, genai-prices, the report's writers); measured walking a
# sample through the five steps: 146 MB of modules a server keeps once imported.
STEP_MODULES = (
    "advisor.ui.pages.profile", "advisor.ui.pages.baselines", "advisor.ui.pages.costs",
    "advisor.ui.pages.recommendation", "advisor.ui.widgets", "advisor.ui.preview", "advisor.baselines.budget",
    "advisor.baselines.client", "advisor.baselines.llm", "advisor.baselines.local", "advisor.baselines.offline",
    "advisor.baselines.sharing", "advisor.data.label_descriptions", "advisor.decide.advice", "advisor.decide.data_fit",
    "advisor.decide.recommend", "advisor.pricing.comparison", "advisor.pricing.costs", "advisor.pricing.freshness",
    "advisor.pricing.inference_prices", "advisor.profiling.checks.agreement", "advisor.render.charts",
    "advisor.render.configs", "advisor.render.export", "advisor.render.report",
)


def import_steps() -> None:
    """Imports STEP_MODULES: the first participant to open step 2 does not wait for them, and the server's idle size
    is the size it keeps while a room comes and goes."""
    for name in STEP_MODULES:
        import_module(name)


def warm_samples(model: str = DEFAULT_MODEL) -> list[str]:
    """Computes and pins every bundled sample's results; returns the ids warmed. The quick ones first (dataset,
    analysis, token book of every sample), then the offline baselines, one sample at a time."""
    from advisor.data.samples import load_samples

    samples = load_samples()
    warmed = []
    for item in samples:
        key = ("sample", item.id)
        STORE.pin(file_of(key)[0])
        dataset = cached_sample(item.id)
        analysis = cached_analysis(dataset, key, model)
        cached_book(dataset, key)
        warmed.append((dataset, key, analysis.profile.task_kind))
    for dataset, key, task_kind in warmed:
        job = start_evidence(dataset, key, task_kind)
        if job is not None:
            job.finished.wait()
    if warmed:
        rehearse(*warmed[0][:2], model)
    warm_first_plan = import_module("advisor.ui.pages.baselines").warm_first_plan
    for item, (dataset, key, _) in zip(samples, warmed, strict=True):
        for lang in LANGUAGES:  # the task a sample fills in is written in the page's language
            warm_first_plan(dataset, key, item.text("task", lang))
    return [key[1] for _, key, _ in warmed]


def rehearse(dataset, key: tuple, model: str) -> None:  # noqa: ANN001 - advisor.data.model.Dataset
    """One sample's answer, report and charts worked out here as the last steps work them out (nothing kept), so that
    the modules their functions import (genai-prices, Plotly's traces) are imported before a participant's page needs
    them; the LLM plans that follow import scikit-learn."""
    from advisor.decide.advice import advice_to_dict, advise
    from advisor.pricing.scenario import Scenario
    from advisor.render.charts import cumulative_costs, label_bars, learning_curve_chart, token_histogram
    from advisor.render.report import render_html

    analysis = cached_analysis(dataset, key, model)
    evidence = cached_evidence(dataset, key, analysis.profile.task_kind)
    advice = advise(dataset, Scenario(monthly_requests=10_000), analysis=analysis, evidence=evidence,
                    book=cached_book(dataset, key))
    render_html(advice_to_dict(advice, "pt"), "pt")
    token_histogram(analysis.tokens, "", "pt")
    label_bars(analysis.profile.task.labels or (("a", 1),), "", "pt")
    learning_curve_chart([(10, 0.5, 0.4, 0.6), (20, 0.6, 0.5, 0.7)], 0.8, "", "", "pt")
    cumulative_costs([("a", (1.0, 2.0))], "", 1.0, "US$", "pt")


def start_warmup() -> None:
    """Once per server process: `warm_samples` in a background thread. Nothing runs under AppTest (its runtime is a
    mock; tests call warm_samples)."""
    global _started
    from streamlit.runtime import Runtime

    if not Runtime.exists() or type(Runtime.instance()) is not Runtime:
        return
    with _lock:
        if _started:
            return
        _started = True

    def warm() -> None:
        time.sleep(AFTER_FIRST_PAGE_SECONDS)
        for step in (import_steps, warm_samples):
            try:
                step()
            except Exception:  # noqa: BLE001, S112 - what fails here fails again, shown, on the page that needs it
                continue

    threading.Thread(target=warm, name="advisor-warm-samples", daemon=True).start()
