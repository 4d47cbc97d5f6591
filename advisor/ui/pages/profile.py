"""Step 2, profile: the task kind, labels, duplicates, conflicts, personal data, then what each platform says."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from advisor.analysis import group_issues
from advisor.data.model import Issue
from advisor.i18n import percent, term
from advisor.i18n.messages import describe, number
from advisor.profiling.profile import Profile
from advisor.render.charts import label_bars, labels_left_out
from advisor.render.escaping import escape_md
from advisor.ui.strings import text
from advisor.ui.widgets import lines_label


def show(chosen, analysis, lang: str, currency) -> None:  # noqa: ANN001, ARG001
    """The step's own heading first, then what each platform says (issue #14 item 6)."""
    show_profile(analysis.profile, lang)
    show_findings(analysis.findings, lang)


def show_profile(result: Profile, lang: str) -> None:
    st.header(text("profile", lang))
    task = result.task
    # the two worded cards on a row of two, the four counts on a row of four: no value is cut ("chamada de ferra…")
    words, counts = st.columns(2), st.columns(4)
    words[0].metric(text("task_kind", lang), text(f"kind_{task.kind}", lang))
    mix = result.languages
    shares = ", ".join(f"{term('language', code, lang)} {percent(count / mix.examined, lang)}"
                       for code, count in mix.counts[:2] if mix.examined)
    words[1].metric(text("languages", lang), escape_md(shares) or "—",
                    help=text("languages_sample", lang, examined=number(mix.examined, lang),
                              examples=number(result.sizes.examples, lang)))
    counts[0].metric(text("exact_duplicates", lang), number(len(result.duplicates.exact_groups), lang))
    near = result.near_duplicates  # not complete: a large group of alike inputs, at least this many pairs
    counts[1].metric(text("near_duplicates", lang), ("" if near.complete else "≥ ") + number(len(near.pairs), lang))
    counts[2].metric(text("conflicts", lang), number(len(result.duplicates.conflicts), lang))
    counts[3].metric(text("pii", lang), number(len(result.personal_data.lines), lang))
    with st.expander(text("evidence", lang)):  # what the task kind was decided on, in the reader's words
        st.dataframe(pd.DataFrame({
            text("col_metric", lang): [text(f"evidence_{name}", lang) for name, _ in task.evidence],
            text("col_value", lang): [evidence_value(name, value, lang) for name, value in task.evidence],
        }), hide_index=True, width="stretch", key="task_evidence")
    if task.labels:
        st.plotly_chart(label_bars(task.labels, text("label_chart", lang), lang), key="label_bars")
        if left_out := labels_left_out(task.labels, lang):
            st.caption(left_out)
    if result.agreement is not None:
        show_agreement(result.agreement, lang)
    if result.personal_data.lines:
        st.markdown(f"**{text('pii_summary', lang)}**")
        st.dataframe(pd.DataFrame({text("col_kind", lang): [term("pii", kind, lang)
                                                             for kind in result.personal_data.summary()["pii"]],
                                   text("col_examples", lang): [number(count, lang) for count in
                                                                result.personal_data.summary()["pii"].values()]}),
                     hide_index=True)
    if result.duplicates.conflicts:
        with st.expander(f"{text('conflict_details', lang)} ({number(len(result.duplicates.conflicts), lang)})"):
            st.dataframe(
                pd.DataFrame({
                    text("col_lines", lang): [", ".join(map(str, group.lines))
                                              for group in result.duplicates.conflicts],
                    text("col_answers", lang): [" | ".join(f"{answer} ×{count}" for answer, count in group.answers)
                                                for group in result.duplicates.conflicts],
                }),
                hide_index=True, width="stretch",
            )
    if result.duplicates.exact_groups:
        with st.expander(f"{text('duplicate_details', lang)} ({number(len(result.duplicates.exact_groups), lang)})"):
            st.dataframe(pd.DataFrame({text("col_lines", lang): [", ".join(map(str, group))
                                                                 for group in result.duplicates.exact_groups]}),
                         hide_index=True, width="stretch")
    st.subheader(text("findings", lang))
    findings = result.findings()
    if not findings:
        st.success(text("no_data_findings", lang))
        return
    st.dataframe(
        pd.DataFrame({
            text("col_severity", lang): [term("severity", finding.severity, lang) for finding in findings],
            text("col_code", lang): [finding.code for finding in findings],
            text("col_lines", lang): [lines_label(finding.lines or (0,), lang) for finding in findings],
            text("col_reason", lang): [describe(finding, lang) for finding in findings],
        }),
        hide_index=True, width="stretch", key="data_findings",
    )


def evidence_value(name: str, value: float, lang: str) -> str:
    if name.endswith("_share"):
        return percent(value, lang, 1)
    return number(value, lang, 0 if float(value).is_integer() else 1)


def show_agreement(agreement, lang: str) -> None:  # noqa: ANN001 - advisor.profiling.checks.agreement.Agreement
    """The annotators' agreement and the ceiling it puts on any option's score (advisor/profiling/checks/agreement.py)."""
    from advisor.profiling.checks.agreement import BAND_NAMES

    def share(value: float | None) -> str:
        return "—" if value is None else f"{number(100 * value, lang)}%"

    st.markdown(f"**{text('agreement', lang)}**")
    cells = st.columns(4)
    cells[0].metric(text("annotators", lang), number(agreement.annotators, lang),
                    help=text("annotators_items", lang, items=number(agreement.items, lang)))
    cells[1].metric(text("agreement_share", lang), share(agreement.agreement))
    kind = "Cohen" if agreement.kappa_kind == "cohen" else "Fleiss"
    band = "" if agreement.band is None else f" ({BAND_NAMES[agreement.band][lang]})"
    cells[2].metric(text("kappa", lang, kind=kind),
                    "—" if agreement.kappa is None else number(agreement.kappa, lang, 2) + band)
    cells[3].metric(text("ceiling", lang), share(agreement.ceiling), help=text("ceiling_help", lang))
    with st.expander(text("annotator_columns", lang)):  # which annotator departs from the output column most
        st.dataframe(pd.DataFrame({
            text("col_column", lang): [column.column for column in agreement.columns],
            text("col_items", lang): [number(column.items, lang) for column in agreement.columns],
            text("col_agrees", lang): [share(column.agreement_with_output) for column in agreement.columns],
        }), hide_index=True, width="stretch", key="annotator_table")


def show_findings(findings: tuple[Issue, ...], lang: str) -> None:
    st.subheader(text("platforms", lang))
    if not findings:
        st.success(text("no_findings", lang))
        return
    notes = group_issues(issue for issue in findings if issue.severity == "info")
    if notes:  # what the export does for you: nothing to fix, so one note and no red row (each names its platform)
        st.info("\n".join(f"- {escape_md(describe(group.first, lang))}" for group in notes))
    groups = group_issues(issue for issue in findings if issue.severity != "info")
    if not groups:
        return
    table = pd.DataFrame(
        {
            text("col_platform", lang): [group.first.platform or "" for group in groups],
            text("col_severity", lang): [term("severity", group.first.severity, lang) for group in groups],
            text("col_code", lang): [group.first.code for group in groups],
            text("col_lines", lang): [lines_label(group.lines, lang) for group in groups],
            text("col_reason", lang): [describe(group.first, lang) for group in groups],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
