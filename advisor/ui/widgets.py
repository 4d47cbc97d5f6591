"""What several steps show the same way: money, issue tables, line lists, price freshness, and the evidence and
comparison the baselines, costs and recommendation steps share."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from advisor.analysis import Analysis
from advisor.data.model import Issue
from advisor.i18n import term
from advisor.i18n.messages import describe, localize_numbers, number
from advisor.render.escaping import escape_md
from advisor.ui.background import EvidenceJob, running_evidence, start_evidence
from advisor.ui.cache import cached_book, cached_comparison, cached_evidence
from advisor.ui.state import lang_of
from advisor.ui.strings import text

if TYPE_CHECKING:
    from advisor.ui.cache import DatasetOrReader


def money(usd: float | None, currency, *, alone: bool = False) -> str:  # noqa: ANN001
    """An amount in US$ and the chosen currency, or (`alone`) in the chosen currency only: a table's cell."""
    from advisor.pricing.costs import Money, format_money

    return "—" if usd is None else localize_numbers(format_money(Money.of(usd), currency, alone=alone), lang_of())


def issue_table(issues: list[Issue] | tuple[Issue, ...], lang: str) -> pd.DataFrame:
    # Shown with st.dataframe: cell text is rendered as text, never as HTML.
    return pd.DataFrame(
        {
            # Whole-file issues have line 0: shown as an empty cell, the reason says it is the file.
            text("col_line", lang): pd.array([issue.line or None for issue in issues], dtype="Int64"),
            text("col_severity", lang): [term("severity", issue.severity, lang) for issue in issues],
            text("col_code", lang): [issue.code for issue in issues],
            text("col_reason", lang): [describe(issue, lang) for issue in issues],
        }
    )


def lines_label(lines: tuple[int, ...], lang: str, shown: int = 8) -> str:
    if lines == (0,):
        return text("whole_file", lang)
    listed = ", ".join(str(line) for line in lines[:shown]) + (", …" if len(lines) > shown else "")
    return f"{listed} ({number(len(lines), lang)})" if len(lines) > 1 else listed


def show_freshness(routes, comparison, lang: str) -> None:  # noqa: ANN001 - advisor.pricing.comparison routes
    """A warning naming every figure behind the answer older than advisor.pricing.freshness.STALE_AFTER_MONTHS, with
    where to update it; a caption when all are recent."""
    from advisor.pricing.freshness import freshness_of, header, row_lines

    freshness = freshness_of(routes, comparison)
    if not freshness.stale:
        st.caption(escape_md(header(freshness, lang)))
        return
    rows = "\n".join(f"- {escape_md(line)}" for line in row_lines(freshness, lang))
    st.warning(f"{escape_md(header(freshness, lang))}\n\n{rows}")


def evidence_for(dataset: DatasetOrReader, key: tuple, analysis: Analysis, lang: str):  # noqa: ANN201
    """Offline baselines (measured in the background since the data step, advisor/ui/background.py) plus this
    session's LLM run for this file, if one was made."""
    from advisor.decide.recommend import Evidence

    task_kind = analysis.profile.task_kind
    start_evidence(dataset, key, task_kind)  # nothing to do when they are measured or being measured
    job = running_evidence(key, task_kind)
    if job is not None:
        wait_showing_progress(job, lang)
    # ready by now, unless the store let them go meanwhile
    evidence = cached_evidence(dataset, key, task_kind, busy=lambda: st.spinner(text("offline_running", lang)))
    llm = st.session_state.get("llm_results", {}).get(key)
    return Evidence(evidence.offline, evidence.curve, llm)


def comparison_for(dataset: DatasetOrReader, key: tuple, scenario, currency):  # noqa: ANN001, ANN201
    from dataclasses import replace

    if currency is None:  # US$ only: the reasons and the report then show no second currency
        scenario = replace(scenario, currency="USD")
    else:
        scenario = replace(scenario, currency=currency.code,
                           usd_to_currency=None if currency.provenance.verified else currency.per_usd)
    book = cached_book(dataset, key, busy=lambda: st.spinner(text("costing", lang_of())))
    return cached_comparison(book, key, scenario)


def wait_showing_progress(job: EvidenceJob, lang: str) -> None:
    """The folds and curve points measured so far, redrawn until the background job is done."""
    def said() -> str:
        (folds_done, folds), (points_done, points) = job.steps["folds"], job.steps["points"]
        return text("offline_progress", lang, folds_done=folds_done, folds=folds, points_done=points_done,
                    points=points)

    with st.status(text("offline_running", lang), expanded=True) as status:
        bar = st.progress(job.fraction(), text=said())
        while not job.finished.wait(0.25):
            bar.progress(job.fraction(), text=said())
        bar.progress(1.0, text=said())
        status.update(label=text("offline_ready", lang), state="complete", expanded=False)
