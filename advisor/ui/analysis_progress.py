"""An upload's analysis, step by step, while a page waits for it: a bar that moves when a step starts.

Not a spinner: its endless animation kept the browser compositing frames for the whole wait, which in headless
Chromium beside the server took 0.6 s of a core from the analysis it waited for (benchmarks/bench_app.py,
2026-12-05). The bar is redrawn only when the analysis starts its next step, and it says which one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from advisor.ui.cache import ANALYSIS_PROGRESS, AnalysisJob
from advisor.ui.strings import text

POLL_S = 0.1


def show_step(slot, step: int, lang: str) -> None:  # noqa: ANN001 - a Streamlit placeholder
    """Step `step` of ANALYSIS_PROGRESS under way: the bar at the steps done, and what is being done."""
    said = text("analysis_step", lang, step=step + 1, steps=len(ANALYSIS_PROGRESS),
                what=text(f"analysis_step_{ANALYSIS_PROGRESS[step]}", lang))
    slot.progress(step / len(ANALYSIS_PROGRESS), text=said)


@contextmanager
def reading_shown(lang: str) -> Iterator[None]:
    """The first step, reading the file, shown while it lasts (a page's `busy`)."""
    slot = st.empty()
    show_step(slot, 0, lang)
    try:
        yield
    finally:
        slot.empty()


def wait_showing_steps(job: AnalysisJob, slot, lang: str) -> None:  # noqa: ANN001 - a Streamlit placeholder
    """Until `job` is over, its step under way in `slot`; then `slot` is emptied."""
    shown = None
    while True:
        if job.step != shown:
            shown = job.step
            show_step(slot, shown, lang)
        if job.finished.wait(POLL_S):
            break
    slot.empty()
