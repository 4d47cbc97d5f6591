"""Step 1, data: the sample or upload chosen in the sidebar, its columns and sheet, what was read and rejected,
and the exact tokens."""

from __future__ import annotations

from contextlib import nullcontext
from typing import TYPE_CHECKING

import streamlit as st

from advisor.data.formats import FORMAT_LABELS, format_label
from advisor.data.loader import FORMAT_CHOICES, LoadError
from advisor.data.samples import load_samples
from advisor.i18n.messages import number, render
from advisor.render.escaping import escape_md
from advisor.ui.cache import (after_worker_reading, analyse_ahead, cached_chart, cached_dataset, cached_read,
                               cached_sample)
from advisor.ui.analysis_progress import reading_shown
from advisor.ui.chosen import ChosenData
from advisor.ui.memory import Busy
from advisor.ui.state import apply_sample_defaults, choice_box, take_upload
from advisor.ui.strings import text

if TYPE_CHECKING:  # the first page draws before the analysis, pandas and Plotly are imported (advisor/ui/app.py)
    from advisor.analysis import Analysis
    from advisor.data.model import Dataset, Issue, ReadSummary


def show(chosen: ChosenData, analysis: Analysis, lang: str, currency) -> None:  # noqa: ANN001, ARG001
    show_tokens(analysis, chosen.key, lang)  # what was read is drawn before the analysis: `show_before_analysis`


def show_before_analysis(read: ReadSummary, lang: str):  # noqa: ANN201 - a Streamlit placeholder
    """What was read and rejected, which needs no analysis, drawn while it runs (a 100,000-example upload: 5 s
    before it, benchmarks/bench_app.py), so the user may move on to the profile meanwhile. Returns the place of the
    token chart, where the analysis' steps are shown until it is in (advisor/ui/analysis_progress.py): not an
    empty chart, whose chart code the browser loaded (1.2 s of a core in headless Chromium) while the analysis
    waited for the core."""
    show_dataset(read, lang)
    return st.empty()


def choose_data(lang: str, show: bool) -> ChosenData | None:
    """The dataset chosen in the sidebar (a bundled sample or an upload), with what reading it found: an upload's
    examples are read in this process only when a step needs them (advisor/ui/chosen.py).

    The inputs live in the sidebar so they are rendered on every step: Streamlit forgets a widget's value
    (an uploaded file included) on a run that does not render it."""
    samples = load_samples()
    by_id = {item.id: item for item in samples}
    sidebar = st.sidebar
    choice_box(sidebar, text("sample", lang), ("", *by_id), key="sample", lang=lang,
               format_func=lambda value: by_id[value].text("title", lang) if value else text("no_sample", lang))
    upload = take_upload(lang)
    chosen = st.session_state.get("sample") or ""
    apply_sample_defaults(by_id.get(chosen), lang)
    sidebar.text_area(text("task", lang), help=text("task_help", lang), key="task")
    sidebar.text_area(text("label_descriptions", lang), help=text("label_descriptions_help", lang),
                      placeholder=text("label_descriptions_placeholder", lang), key="label_descriptions")
    choice_box(sidebar, text("format_override", lang), ("auto", *FORMAT_CHOICES), key="format", lang=lang,
               format_func=lambda value: text("auto", lang) if value == "auto" else (
                   format_label(value, lang) if value in FORMAT_LABELS else value.upper()))
    forced = None if st.session_state["format"] == "auto" else st.session_state["format"]
    if upload is None and not chosen:
        st.info(text("waiting", lang))
        return None
    if upload is None:
        if show:
            st.header(text("step_data", lang))
            title, teaches = by_id[chosen].text("title", lang), by_id[chosen].text("teaches", lang)
            st.info(f"**{escape_md(title)}** — {escape_md(teaches)}")
        dataset = cached_sample(chosen, busy=lambda: st.spinner(text("reading", lang)))
        return ChosenData(("sample", chosen), dataset.summary(), lambda busy: dataset)
    if show:
        st.header(text("step_data", lang))
    digest = upload.digest
    sheet = st.session_state.setdefault("sheet_choice", {}).get(digest)
    table = digest if sheet is None else f"{digest}:{sheet}"  # the columns are chosen per sheet
    columns = st.session_state.setdefault("column_choice", {}).get(table)
    annotators = st.session_state.setdefault("annotator_choice", {}).get(table, ())
    key = (digest, forced, columns, sheet, annotators, len(upload.data))
    analyse_ahead(upload, key, st.session_state["model"])  # a worker reads it, says what it read, and analyses it

    def page_copy(busy: Busy = nullcontext) -> Dataset:
        return cached_dataset(upload.data, digest, upload.name, forced, *(columns or (None, None)), sheet,
                              annotators, busy=busy)

    def reading():  # noqa: ANN202 - a Streamlit spinner
        return st.spinner(text("reading", lang))

    try:
        after_worker_reading(key, busy=lambda: reading_shown(lang))  # the analysis' first step
        read = cached_read(key, lambda: page_copy(reading), busy=reading)
    except LoadError as error:
        if error.code == "no_columns":  # the normal next step for a table, not a failure (issue #14 item 3)
            from advisor.ui.preview import table_preview

            st.info(text("pick_columns", lang))
            preview = table_preview(upload.data, upload.name, sheet)
            if preview is not None:
                st.caption(text("preview_rows", lang, rows=len(preview)))
                st.dataframe(preview, hide_index=True, width="stretch", key="column_preview")
            choose_columns(error.columns, None, table, lang)
            return None
        if error.columns:
            choose_columns(error.columns, None, table, lang)
        st.error(f"{text('load_error', lang)}: {escape_md(render(error.code, error.args_, lang))}")
        return None
    if show and len(read.sheets) > 1:
        choose_sheet(read, digest, lang)
    if read.examples_kept == 0:
        st.warning(text("nothing_read", lang))
        show_dataset(read, lang)
        return None
    if read.columns and show:
        choose_columns(read.table_columns, read.columns, table, lang)
        choose_annotators(read, table, lang)
    return ChosenData(key, read, page_copy)


def choose_sheet(dataset: ReadSummary, digest: str, lang: str) -> None:
    """A workbook with several sheets: the one read is named, and the user can read another."""
    read = dataset.sheets.index(dataset.sheet) if dataset.sheet in dataset.sheets else 0
    chosen = st.selectbox(text("sheet", lang), dataset.sheets, index=read, key=f"sheet_{digest}",
                          help=text("sheet_help", lang))
    if chosen != dataset.sheet:
        st.session_state["sheet_choice"][digest] = chosen
        st.rerun()


def choose_columns(available: tuple[str, ...], current: tuple[str, str] | None, table: str, lang: str) -> None:
    """Lets the user make, or correct, the choice of input and output columns of a table (a file's digest, with
    the sheet's name for a workbook's sheet)."""
    options = [column for column in available if column]
    st.caption(text("choose_columns", lang))
    left, right = st.columns(2)
    chosen = (
        left.selectbox(text("input_col", lang), options, index=options.index(current[0]) if current else None,
                       key=f"input_col_{table}", placeholder=text("choose_placeholder", lang)),
        right.selectbox(text("output_col", lang), options, index=options.index(current[1]) if current else None,
                        key=f"output_col_{table}", placeholder=text("choose_placeholder", lang)),
    )
    if None not in chosen and chosen[0] != chosen[1] and chosen != current:
        st.session_state["column_choice"][table] = chosen
        st.rerun()


def choose_annotators(dataset: ReadSummary, table: str, lang: str) -> None:
    """Columns holding other annotators' labels of the same items (advisor/data/annotators.py): those found are shown
    chosen; the user can name others. Left empty, they are found by their names and labels."""
    options = [column for column in dataset.table_columns if column and column not in (dataset.columns or ())]
    if not options:
        return
    named = st.session_state["annotator_choice"].get(table, ())
    found = dataset.annotator_columns
    default = [column for column in named or found if column in options]
    chosen = tuple(st.multiselect(text("annotator_cols", lang), options, default=default,
                                  help=text("annotator_cols_help", lang), key=f"annotator_cols_{table}"))
    if chosen != (named or found) and (chosen or named):  # emptied: found again by name and labels, no loop
        st.session_state["annotator_choice"][table] = chosen
        st.rerun()


def show_dataset(dataset: ReadSummary, lang: str) -> None:
    # Imported here whether or not a table is drawn: pandas, imported for the first time by a page while the
    # samples' warm-up thread imported it too, came back partly initialised ("no attribute 'Series'").
    from advisor.ui.widgets import issue_table  # noqa: F401

    shown_format = format_label(dataset.detected_format, lang)
    st.subheader(f"{text('format', lang)}: {escape_md(shown_format)}")
    if dataset.detected_format == "mixed":  # each format by its name in `lang` and its count (a JSON of ids before)
        st.caption(" · ".join(f"{escape_md(format_label(name, lang))}: {number(count, lang)}"
                              for name, count in dataset.format_counts))
    cells = st.columns(4)
    records = dataset.container == "json"
    cells[0].metric(text("records_read" if records else "lines_read", lang), number(dataset.lines_read, lang))
    cells[1].metric(text("kept", lang), number(dataset.examples_kept, lang))
    cells[2].metric(text("records_rejected" if records else "rejected", lang), number(dataset.lines_rejected, lang))
    cells[3].metric(text("blank", lang), number(dataset.blank_lines, lang))
    if dataset.columns:
        st.caption(f"{text('columns_used', lang)}: {escape_md(dataset.columns[0])} → {escape_md(dataset.columns[1])}")
    errors = [issue for issue in dataset.issues if issue.severity == "error"]
    st.markdown(f"**{text('rejected_table', lang)}**")
    if errors:
        show_issues(errors, lang)
    else:
        st.success(text("no_rejected", lang))
    warnings = [issue for issue in dataset.issues if issue.severity == "warning"]
    if warnings:
        with st.expander(f"{text('warnings_table', lang)} ({number(len(warnings), lang)})"):
            show_issues(warnings, lang)


ISSUES_SHOWN = 1000  # rows of a table: a file of 1,000,000 bad lines took 3 s a run to word them, all sent to the browser


def show_issues(issues: list[Issue], lang: str) -> None:
    from advisor.ui.widgets import issue_table

    if len(issues) > ISSUES_SHOWN:
        st.caption(text("issues_shown", lang, shown=number(ISSUES_SHOWN, lang), total=number(len(issues), lang)))
    st.dataframe(issue_table(issues[:ISSUES_SHOWN], lang), hide_index=True, width="stretch")


def show_tokens(analysis: Analysis, key: tuple, lang: str) -> None:
    from advisor.render.charts import token_histogram

    tokens = analysis.tokens
    st.header(text("tokens", lang))
    note = "exact" if tokens.exact else "approximate"
    st.caption(text(note, lang, encoding=tokens.encoding, model=tokens.model))
    input_total = sum(item.input for item in tokens.per_example)
    cells = st.columns(3) + st.columns(3)  # sums, then the distribution: six in a row cut "Tokens de saída (trein…"
    cells[0].metric(text("tokens_total", lang), number(tokens.total, lang))
    cells[1].metric(text("tokens_input", lang), number(input_total, lang))
    cells[2].metric(text("tokens_output", lang), number(tokens.total - input_total, lang))
    cells[3].metric(text("tokens_p50", lang), number(tokens.p50, lang))
    cells[4].metric(text("tokens_p95", lang), number(tokens.p95, lang))
    cells[5].metric(text("tokens_max", lang), number(tokens.max, lang))
    if tokens.per_example:
        histogram = cached_chart(f"tokens {tokens.model}", key, lang,
                                 lambda: token_histogram(tokens, text("tokens_chart", lang), lang),
                                 len(tokens.per_example))
        st.plotly_chart(histogram, key="token_histogram")
