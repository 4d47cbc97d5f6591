"""The advisor's Streamlit app: a thin shell over `advisor/` (run with `streamlit run app.py`)."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from advisor.analysis import Analysis, analyze, group_issues
from advisor.charts import label_bars, token_histogram
from advisor.formats import FORMAT_LABELS
from advisor.loader import FORMAT_CHOICES, LoadError, load_bytes
from advisor.messages import describe, render
from advisor.model import Dataset, Issue
from advisor.profile import Profile
from advisor.tokens import DEFAULT_MODEL
from advisor.ui.strings import text

MODEL_CHOICES = (
    DEFAULT_MODEL, "gpt-4.1", "gpt-4.1-nano", "gpt-4o-mini", "gpt-4o", "gpt-3.5-turbo",
    "llama-3.1-8b-instruct", "qwen2.5-7b-instruct", "claude-3-haiku",
)
UPLOAD_TYPES = ["jsonl", "json", "csv", "tsv", "txt", "parquet", "xlsx", "gz"]


# Datasets and analyses are frozen, so one cached object can be shared by every session without
# copying (cache_data would unpickle a copy of 100k examples on each rerun). They are keyed by the
# content's digest, computed once per upload, so a rerun never re-hashes, re-reads or re-tokenizes.
@st.cache_resource(max_entries=8, show_spinner=False)
def cached_dataset(
    _data: bytes, digest: str, name: str, format: str | None, input_col: str | None, output_col: str | None
) -> Dataset:
    return load_bytes(_data, name, format=format, input_col=input_col, output_col=output_col)


@st.cache_resource(max_entries=16, show_spinner=False)
def cached_analysis(_dataset: Dataset, dataset_key: tuple, model: str) -> Analysis:
    return analyze(_dataset, model=model)


def upload_digest(upload) -> str:  # noqa: ANN001 - Streamlit's UploadedFile
    digests = st.session_state.setdefault("digests", {})
    if upload.file_id not in digests:
        digests[upload.file_id] = hashlib.sha256(upload.getvalue()).hexdigest()
    return digests[upload.file_id]


def main() -> None:
    st.set_page_config(page_title="Fine-tuning advisor", page_icon="🧭", layout="wide")
    lang = st.sidebar.radio(
        "Language / Idioma", ("pt", "en"), format_func=lambda code: {"pt": "Português", "en": "English"}[code],
        horizontal=True, key="lang",
    )
    model = st.sidebar.selectbox(text("model", lang), MODEL_CHOICES, key="model")
    st.title(text("title", lang))
    st.caption(text("subtitle", lang))

    st.header(text("step_data", lang))
    upload = st.file_uploader(text("upload", lang), type=UPLOAD_TYPES, key="upload")
    st.text_area(text("task", lang), help=text("task_help", lang), key="task")
    chosen_format = st.selectbox(
        text("format_override", lang), ("auto", *FORMAT_CHOICES), key="format",
        format_func=lambda value: text("auto", lang) if value == "auto" else FORMAT_LABELS.get(value, value.upper()),
    )
    forced = None if chosen_format == "auto" else chosen_format
    if upload is None:
        st.info(text("waiting", lang))
        return
    digest = upload_digest(upload)
    chosen_columns = st.session_state.setdefault("column_choice", {}).get(digest)
    try:
        with st.spinner(text("reading", lang)):
            dataset = cached_dataset(upload.getvalue(), digest, upload.name, forced, *(chosen_columns or (None, None)))
    except LoadError as error:
        if error.columns:
            choose_columns(error.columns, None, digest, lang)
        st.error(f"{text('load_error', lang)}: {render(error.code, error.args_, lang)}")
        return
    if dataset.examples_kept == 0:
        st.warning(text("nothing_read", lang))
    if dataset.columns:
        choose_columns(dataset.table_columns, dataset.columns, digest, lang)
    with st.spinner(text("analysing", lang)):
        analysis = cached_analysis(dataset, (digest, forced, chosen_columns), model)
    show_dataset(dataset, lang)
    show_tokens(analysis, lang)
    show_findings(analysis.findings, lang)
    show_profile(analysis.profile, lang)


def choose_columns(available: tuple[str, ...], current: tuple[str, str] | None, digest: str, lang: str) -> None:
    """Lets the user make, or correct, the choice of input and output columns of a table."""
    options = [column for column in available if column]
    st.caption(text("choose_columns", lang))
    left, right = st.columns(2)
    chosen = (
        left.selectbox(text("input_col", lang), options, index=options.index(current[0]) if current else None,
                       key=f"input_col_{digest}"),
        right.selectbox(text("output_col", lang), options, index=options.index(current[1]) if current else None,
                        key=f"output_col_{digest}"),
    )
    if None not in chosen and chosen[0] != chosen[1] and chosen != current:
        st.session_state["column_choice"][digest] = chosen
        st.rerun()


def show_dataset(dataset: Dataset, lang: str) -> None:
    st.subheader(f"{text('format', lang)}: {FORMAT_LABELS.get(dataset.detected_format, dataset.detected_format)}")
    if dataset.detected_format == "mixed":
        st.write(dict(dataset.format_counts))
    cells = st.columns(4)
    cells[0].metric(text("lines_read", lang), f"{dataset.lines_read:,}")
    cells[1].metric(text("kept", lang), f"{dataset.examples_kept:,}")
    cells[2].metric(text("rejected", lang), f"{dataset.lines_rejected:,}")
    cells[3].metric(text("blank", lang), f"{dataset.blank_lines:,}")
    if dataset.columns:
        st.caption(f"{text('columns_used', lang)}: {dataset.columns[0]} → {dataset.columns[1]}")
    errors = [issue for issue in dataset.issues if issue.severity == "error"]
    st.markdown(f"**{text('rejected_table', lang)}**")
    if errors:
        st.dataframe(issue_table(errors, lang), hide_index=True, width="stretch")
    else:
        st.success(text("no_rejected", lang))
    warnings = [issue for issue in dataset.issues if issue.severity == "warning"]
    if warnings:
        with st.expander(f"{text('warnings_table', lang)} ({len(warnings):,})"):
            st.dataframe(issue_table(warnings, lang), hide_index=True, width="stretch")


def show_tokens(analysis: Analysis, lang: str) -> None:
    tokens = analysis.tokens
    st.header(text("tokens", lang))
    note = "exact" if tokens.exact else "approximate"
    st.caption(text(note, lang, encoding=tokens.encoding, model=tokens.model))
    input_total = sum(item.input for item in tokens.per_example)
    cells = st.columns(6)
    cells[0].metric(text("tokens_total", lang), f"{tokens.total:,}")
    cells[1].metric(text("tokens_input", lang), f"{input_total:,}")
    cells[2].metric(text("tokens_output", lang), f"{tokens.total - input_total:,}")
    cells[3].metric(text("tokens_p50", lang), f"{tokens.p50:,}")
    cells[4].metric(text("tokens_p95", lang), f"{tokens.p95:,}")
    cells[5].metric(text("tokens_max", lang), f"{tokens.max:,}")
    if tokens.per_example:
        st.plotly_chart(token_histogram(tokens, text("tokens_chart", lang)), key="token_histogram")


def show_findings(findings: tuple[Issue, ...], lang: str) -> None:
    st.header(text("platforms", lang))
    if not findings:
        st.success(text("no_findings", lang))
        return
    groups = group_issues(findings)
    table = pd.DataFrame(
        {
            text("col_platform", lang): [group.first.platform or "" for group in groups],
            text("col_severity", lang): [group.first.severity for group in groups],
            text("col_code", lang): [group.first.code for group in groups],
            text("col_lines", lang): [lines_label(group.lines, lang) for group in groups],
            text("col_reason", lang): [describe(group.first, lang) for group in groups],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")


def lines_label(lines: tuple[int, ...], lang: str, shown: int = 8) -> str:
    if lines == (0,):
        return text("whole_file", lang)
    listed = ", ".join(str(line) for line in lines[:shown]) + (", …" if len(lines) > shown else "")
    return f"{listed} ({len(lines):,})" if len(lines) > 1 else listed


def show_profile(result: Profile, lang: str) -> None:
    st.header(text("profile", lang))
    task = result.task
    cells = st.columns(6)
    cells[0].metric(text("task_kind", lang), text(f"kind_{task.kind}", lang))
    cells[1].metric(text("exact_duplicates", lang), f"{len(result.duplicates.exact_groups):,}")
    cells[2].metric(text("near_duplicates", lang), f"{len(result.near_duplicates.pairs):,}")
    cells[3].metric(text("conflicts", lang), f"{len(result.duplicates.conflicts):,}")
    cells[4].metric(text("pii", lang), f"{len(result.personal_data.lines):,}")
    cells[5].metric(text("languages", lang), ", ".join(f"{code} {count:,}" for code, count in result.languages.counts[:2]))
    with st.expander(text("evidence", lang)):
        st.json(dict(task.evidence))
    if task.labels:
        st.plotly_chart(label_bars(task.labels, text("label_chart", lang)), key="label_bars")
    if result.duplicates.conflicts:
        with st.expander(f"{text('conflict_details', lang)} ({len(result.duplicates.conflicts):,})"):
            st.dataframe(
                pd.DataFrame({
                    text("col_lines", lang): [", ".join(map(str, group.lines)) for group in result.duplicates.conflicts],
                    text("col_answers", lang): [" | ".join(f"{answer} ×{count}" for answer, count in group.answers)
                                                for group in result.duplicates.conflicts],
                }),
                hide_index=True, width="stretch",
            )
    st.subheader(text("findings", lang))
    findings = result.findings()
    if not findings:
        st.success(text("no_data_findings", lang))
        return
    st.dataframe(
        pd.DataFrame({
            text("col_severity", lang): [finding.severity for finding in findings],
            text("col_code", lang): [finding.code for finding in findings],
            text("col_lines", lang): [lines_label(finding.lines or (0,), lang) for finding in findings],
            text("col_reason", lang): [describe(finding, lang) for finding in findings],
        }),
        hide_index=True, width="stretch", key="data_findings",
    )


def issue_table(issues: list[Issue] | tuple[Issue, ...], lang: str) -> pd.DataFrame:
    # Shown with st.dataframe: cell text is rendered as text, never as HTML.
    return pd.DataFrame(
        {
            # Whole-file issues have line 0: shown as an empty cell, the reason says it is the file.
            text("col_line", lang): pd.array([issue.line or None for issue in issues], dtype="Int64"),
            text("col_severity", lang): [issue.severity for issue in issues],
            text("col_code", lang): [issue.code for issue in issues],
            text("col_reason", lang): [describe(issue, lang) for issue in issues],
        }
    )


main()
