"""The advisor's Streamlit app: a thin shell over `advisor/` (the root app.py runs `main`).

Five steps, one shown at a time (data → profile → baselines → scenario and costs → recommendation), so a widget
change re-runs only the step on screen. Each step is one module under advisor/ui/pages/ with a `show` function,
imported when its step is first shown: the first page (the data step, waiting for a choice) draws without the
analysis, pandas, Plotly or scikit-learn (benchmarks/bench_first_page.py). What survives a re-run is in
advisor/ui/state.py, the cached results in advisor/ui/cache.py; once the first page is served, the bundled samples
are prepared in the background (advisor/ui/warmup.py).
"""

from __future__ import annotations

from importlib import import_module

import streamlit as st

from advisor.i18n import LANGUAGE_NAMES
from advisor.ui.memory import start_sweeper
from advisor.ui.sidebar import MODEL_CHOICES, money_settings, show_glossary
from advisor.ui.state import restore_choice
from advisor.ui.strings import text
from advisor.ui.warmup import start_warmup

STEPS = ("data", "profile", "baselines", "costs", "recommendation")


def page(step: str):  # noqa: ANN201 - the step's module under advisor/ui/pages/
    return import_module(f"advisor.ui.pages.{step}")


def main() -> None:
    st.set_page_config(page_title="Fine-tuning advisor", page_icon="🧭", layout="wide")
    start_sweeper()
    try:
        show_step()
    finally:
        start_warmup()  # once per server, after its first page


def show_step() -> None:
    from advisor.ui.pages import data

    lang = st.sidebar.radio(
        "Language / Idioma", ("pt", "en"), format_func=LANGUAGE_NAMES.get,
        horizontal=True, key="lang",
    )
    model = st.sidebar.selectbox(text("model", lang), MODEL_CHOICES, key="model")
    currency = money_settings(lang)
    show_glossary(lang)
    st.title(text("title", lang))
    st.caption(text("subtitle", lang))
    restore_choice("step", STEPS, lambda name, shown: text(f"step_{name}", shown))
    step = st.radio(text("step", lang), STEPS, format_func=lambda name: text(f"step_{name}", lang),
                    horizontal=True, key="step", label_visibility="collapsed")
    chosen = data.choose_data(lang, show=step == "data")
    if chosen is None:
        if step == "recommendation":
            page("recommendation").reopen_saved(lang)
        return
    from advisor.ui.analysis_progress import wait_showing_steps
    from advisor.ui.background import start_book, start_evidence
    from advisor.ui.cache import analysis_under_way, cached_analysis

    key = chosen.key
    slot = data.show_before_analysis(chosen.read, lang) if step == "data" else None
    job = analysis_under_way(key, model)  # an upload's, started as it was read: its steps are shown
    if job is not None:
        wait_showing_steps(job, st.empty() if slot is None else slot, lang)
    analysis = cached_analysis(chosen.dataset, key, model, busy=lambda: st.spinner(text("analysing", lang)))
    start_evidence(chosen.dataset, key, analysis.profile.task_kind)  # ready, usually, when the user reaches step 3
    start_book(chosen.dataset, key)  # and the token counts step 4 prices
    page(step).show(chosen, analysis, lang, currency)
    if key[0] != "sample":  # this process' copy of the examples, once the page is drawn, and the LLM run's first
        from advisor.ui.pages.baselines import start_first_plan  # plan (the samples' are made by the warm-up)

        start_first_plan(chosen.dataset, key, st.session_state.get("task") or "")
