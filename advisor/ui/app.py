"""The advisor's Streamlit pages: a thin shell over `advisor/` (app.py runs `main`).

Five steps, one shown at a time (data → profile → baselines → scenario and costs → recommendation), so
a widget change re-runs only the step on screen. The loaded dataset, its analysis, token book and
offline baselines are cached per file digest; a scenario change redoes only the cost arithmetic.
"""

from __future__ import annotations

import gc
import hashlib
import io
import zipfile
from collections.abc import Hashable
from dataclasses import replace

import pandas as pd
import streamlit as st

from advisor.analysis import Analysis, analyze, group_issues
from advisor.charts import cumulative_costs, label_bars, labels_left_out, learning_curve_chart, token_histogram
from advisor.escaping import escape_md
from advisor.formats import FORMAT_LABELS
from advisor.loader import FORMAT_CHOICES, LoadError, load_bytes
from advisor.messages import describe, localize_numbers, number, render, route_label
from advisor.model import Dataset, Issue
from advisor.profile import Profile
from advisor.samples import load_samples
from advisor.scenario import Scenario, scenario_from_dict
from advisor.tokens import DEFAULT_MODEL
from advisor.ui.memory import (STORE, UPLOADS, WEIGHT_PER_FILE_BYTE, UploadedData, reclaim, release_unheld_uploads,
                               start_sweeper)
from advisor.ui.preview import table_preview
from advisor.ui.strings import text

MODEL_CHOICES = (
    DEFAULT_MODEL, "gpt-4.1", "gpt-4.1-nano", "gpt-4o-mini", "gpt-4o", "gpt-3.5-turbo",
    "llama-3.1-8b-instruct", "qwen2.5-7b-instruct", "claude-3-haiku",
)
UPLOAD_TYPES = ["jsonl", "json", "csv", "tsv", "txt", "parquet", "xlsx", "gz"]
STEPS = ("data", "profile", "baselines", "costs", "recommendation")
PROMPT_MODELS = ("gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o-mini", "gpt-4o")
FINETUNE_MODELS = ("gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o-mini", "gpt-4.1", "llama-3.1-8b", "llama-3.2-3b",
                   "qwen2.5-7b", "qwen3-8b", "mistral-7b", "gemma-2-9b", "qwen2.5-32b", "llama-3.3-70b")
EXPORT_TARGETS = ("openai", "together", "bedrock", "hf", "alpaca", "sharegpt")
DEFAULT_MONTHLY_REQUESTS = 10_000


def widget_values(scenario: Scenario) -> dict:
    """A scenario as the step-4 widgets hold it (keyed by widget); `scenario_of_widgets` reads it back."""
    return {
        "monthly_requests": scenario.monthly_requests, "growth_pct": scenario.monthly_growth * 100,
        "horizon": scenario.horizon_months, "k_shots": scenario.k_shots,
        "instruction_tokens": scenario.instruction_tokens, "prompt_models": list(scenario.prompt_models),
        "finetune_models": list(scenario.finetune_models), "gpu": scenario.gpu or "auto",
        "private": scenario.data_must_stay, "total_examples": scenario.total_examples or 0,
        "domain_shift": scenario.domain_shift, "facts_change": scenario.facts_change,
    }


def scenario_of_widgets(state, overrides: dict[str, float]) -> Scenario:  # noqa: ANN001 - session state
    return scenario_from_dict({
        "monthly_requests": int(state["monthly_requests"]), "monthly_growth": float(state["growth_pct"]) / 100,
        "horizon_months": int(state["horizon"]), "k_shots": int(state["k_shots"]),
        "instruction_tokens": int(state["instruction_tokens"]),
        "prompt_models": tuple(state["prompt_models"]) or ("gpt-4.1-mini",),
        "finetune_models": tuple(state["finetune_models"]) or ("llama-3.1-8b",),
        "gpu": None if state["gpu"] == "auto" else state["gpu"], "data_must_stay": bool(state["private"]),
        "total_examples": int(state["total_examples"]) or None, "domain_shift": bool(state["domain_shift"]),
        "facts_change": bool(state["facts_change"]), "price_overrides": overrides,
    })


# The app starts from the same defaults as the command line (advisor/scenario.py).
SCENARIO_DEFAULTS = widget_values(Scenario(monthly_requests=DEFAULT_MONTHLY_REQUESTS))


# --- cached steps (frozen results shared by every session, keyed by the file's content digest) -------------


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
        from advisor.samples import sample

        return dataset_key, sample(dataset_key[1]).path.stat().st_size
    return dataset_key[0], dataset_key[-1]


def weight(kind: str, size: int) -> int:
    return int(size * WEIGHT_PER_FILE_BYTE[kind])


def cached_dataset(data: bytes, digest: str, name: str, format: str | None, input_col: str | None,
                   output_col: str | None, sheet: str | None = None, annotator_cols: tuple[str, ...] = ()) -> Dataset:
    return STORE.get(("dataset", digest, format, input_col, output_col, sheet, annotator_cols), digest,
                     weight("dataset", len(data)),
                     lambda: frozen(load_bytes(data, name, format=format, input_col=input_col, output_col=output_col,
                                               sheet=sheet, annotator_cols=annotator_cols)))


def cached_sample(sample_id: str) -> Dataset:
    from advisor.samples import sample

    owner, size = file_of(("sample", sample_id))
    return STORE.get(("dataset", owner), owner, weight("dataset", size), lambda: frozen(sample(sample_id).load()))


def cached_analysis(dataset: Dataset, dataset_key: tuple, model: str) -> Analysis:
    owner, size = file_of(dataset_key)
    return STORE.get(("analysis", dataset_key, model), owner, weight("analysis", size),
                     lambda: frozen(analyze(dataset, model=model)))


def cached_evidence(dataset: Dataset, dataset_key: tuple, task_kind: str):  # noqa: ANN201 - advisor.recommend.Evidence
    from advisor.advice import measure_evidence

    owner, size = file_of(dataset_key)
    return STORE.get(("evidence", dataset_key, task_kind), owner, weight("evidence", size),
                     lambda: frozen(measure_evidence(dataset, task_kind)))


def cached_measurement_cost(dataset: Dataset, dataset_key: tuple, comparison):  # noqa: ANN001, ANN201
    """What measuring first would cost (advisor.advice.measurement_cost): a few numbers, priced once per model."""
    from advisor.advice import measurement_cost

    owner, _ = file_of(dataset_key)
    route = comparison.cheapest("prompting", hosting="api")
    return STORE.get(("measure_cost", dataset_key, route.model if route else None), owner, 1024,
                     lambda: measurement_cost(dataset, comparison))


def cached_book(dataset: Dataset, dataset_key: tuple):  # noqa: ANN201 - advisor.comparison.TokenBook
    from advisor.comparison import measure_tokens

    owner, size = file_of(dataset_key)
    return STORE.get(("book", dataset_key), owner, weight("book", size), lambda: frozen(measure_tokens(dataset)))


@st.cache_resource(max_entries=64, show_spinner=False)
def cached_figure(series: tuple, title: str, rate: float, symbol: str, lang: str):  # noqa: ANN201 - plotly is slow
    return cumulative_costs(list(series), title, rate, symbol, lang)


@st.cache_resource(max_entries=64, show_spinner=False)
def cached_comparison(_book, dataset_key: tuple, scenario):  # noqa: ANN001, ANN201 - the scenario is the key
    from advisor.comparison import compare_options

    return compare_options(_book, scenario)


def session_key() -> tuple[str, str]:
    """This browser session, as the memory sweep knows it (Streamlit's session id) and told apart from any other
    AppTest run (which all share one session id) by a token of its own."""
    from uuid import uuid4

    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    token = st.session_state.setdefault("memory_token", uuid4().hex)
    return (context.session_id if context is not None else "", token)


def choice_box(container, label: str, options: tuple, *, key: str, lang: str, format_func, **kwargs):  # noqa: ANN001, ANN003, ANN201
    """A selectbox whose shown labels follow the language, keeping its choice across a language switch.

    The browser sends back the label it shows; after a switch, the old language's label matches no option and the
    choice would silently reset (issue #14 item 1). So the widget has a key per language, started from the choice,
    and the choice itself lives under `key`, which the rest of the app reads."""
    state = st.session_state
    widget = f"{key}_{lang}"

    def keep() -> None:  # the user's pick, copied before the run that follows it
        state[key] = state[widget]

    if state.get(key) not in options:
        state[key] = options[0]
    state[widget] = state[key]  # the choice wins: it may have been set elsewhere (a sample's scenario)
    container.selectbox(label, options, key=widget, format_func=format_func, on_change=keep, **kwargs)
    return state[key]


def take_upload(lang: str) -> UploadedData | None:
    """The file the user uploaded, held for this session in advisor/ui/memory.py as plain bytes.

    Streamlit deep-copies every widget's value on every run: an uploader holding a 100 MB file costs
    over 100 ms per slider move. So the uploader is only an inlet: a new file is moved out, removed from
    Streamlit's uploaded-file manager (which would keep it until the session ends), and the uploader is
    replaced by a fresh, empty one. The file it replaces, and what was computed from it, are released."""
    state = st.session_state
    session = session_key()
    rounds = state.setdefault("upload_round", 0)
    key = "upload" if rounds == 0 else f"upload_{rounds}"
    incoming = st.sidebar.file_uploader(text("upload", lang), type=UPLOAD_TYPES, key=key,
                                        help=text("upload_limit", lang))
    if incoming is not None:
        UPLOADS.put(session, UploadedData(incoming.name, hashlib.sha256(incoming.getbuffer()).hexdigest(),
                                          incoming.getvalue()))
        forget_uploaded_file(incoming.file_id)
        release_uploads()
        state["upload_round"] = rounds + 1
        st.rerun()
    uploaded = UPLOADS.get(session)
    if uploaded is not None:
        st.sidebar.caption(text("uploaded", lang, name=uploaded.name, size=number(len(uploaded.data) / 1e6, lang, 1)))
        if st.sidebar.button(text("remove_upload", lang), key="remove_upload"):
            UPLOADS.remove(session)
            release_uploads()
            st.rerun()
    return uploaded


def forget_uploaded_file(file_id: str) -> None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    if context is not None:
        context.uploaded_file_mgr.remove_file(context.session_id, file_id)


def release_uploads() -> None:
    if release_unheld_uploads():
        reclaim()


# --- the page ----------------------------------------------------------------------------------------------


def main() -> None:
    st.set_page_config(page_title="Fine-tuning advisor", page_icon="🧭", layout="wide")
    start_sweeper()
    lang = st.sidebar.radio(
        "Language / Idioma", ("pt", "en"), format_func=lambda code: {"pt": "Português", "en": "English"}[code],
        horizontal=True, key="lang",
    )
    model = st.sidebar.selectbox(text("model", lang), MODEL_CHOICES, key="model")
    currency = money_settings(lang)
    show_glossary(lang)
    st.title(text("title", lang))
    st.caption(text("subtitle", lang))
    step = st.radio(text("step", lang), STEPS, format_func=lambda name: text(f"step_{name}", lang),
                    horizontal=True, key="step", label_visibility="collapsed")
    loaded = choose_data(lang, show=step == "data")
    if loaded is None:
        if step == "recommendation":
            reopen_saved(lang)
        return
    dataset, key = loaded
    with st.spinner(text("analysing", lang)):
        analysis = cached_analysis(dataset, key, model)
    if step == "data":
        show_dataset(dataset, lang)
        show_tokens(analysis, lang)
    elif step == "profile":  # the step's own heading first, then what each platform says (issue #14 item 6)
        show_profile(analysis.profile, lang)
        show_findings(analysis.findings, lang)
    elif step == "baselines":
        show_baselines(dataset, key, analysis, lang, currency)
    elif step == "costs":
        show_costs(dataset, key, lang, currency)
    else:
        show_recommendation(dataset, key, analysis, lang, currency)


def money_settings(lang: str):  # noqa: ANN201 - advisor.catalog.Currency or None for US$ only
    from advisor.catalog import load_catalog

    shown = st.sidebar.radio(text("currency", lang), ("BRL", "USD"), horizontal=True, key="currency")
    if shown == "USD":
        return None
    base = load_catalog().currency("BRL")
    rate = st.sidebar.number_input(text("usd_rate", lang), min_value=0.01, value=float(base.per_usd), step=0.01,
                                   format="%.4f", key="usd_rate")
    st.sidebar.caption(text("rate_source", lang, source=base.provenance.source, date=base.provenance.as_of.isoformat()))
    if rate != base.per_usd:
        from datetime import date

        return base.with_rate(rate, text("rate_user", lang), date.today())
    return base


def show_glossary(lang: str) -> None:
    """The words the steps use, in plain language with their sources: a sidebar toggle, so one click away on
    every step, and nothing drawn while it is off."""
    from advisor.glossary import GLOSSARY

    if not st.sidebar.toggle(text("glossary", lang), key="show_glossary"):
        return
    entries = []
    for term in GLOSSARY:
        entry = f"**{escape_md(term.name(lang))}** — {escape_md(term.definition(lang))}"
        if term.source is not None:  # our own constant https URL (tests/test_glossary.py checks each one)
            entry += f"  \n{text('glossary_source', lang)}: [{escape_md(term.source.citation())}]({term.source.url})"
        entries.append(entry)
    st.sidebar.markdown("\n\n".join(entries))


# --- step 1: data ------------------------------------------------------------------------------------------


def choose_data(lang: str, show: bool) -> tuple[Dataset, tuple] | None:
    """The dataset chosen in the sidebar (a bundled sample or an upload) and its cache key.

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
               format_func=lambda value: text("auto", lang) if value == "auto" else FORMAT_LABELS.get(value,
                                                                                                   value.upper()))
    forced = None if st.session_state["format"] == "auto" else st.session_state["format"]
    if upload is None and not chosen:
        st.info(text("waiting", lang))
        return None
    if upload is None:
        if show:
            st.header(text("step_data", lang))
            title, teaches = by_id[chosen].text("title", lang), by_id[chosen].text("teaches", lang)
            st.info(f"**{escape_md(title)}** — {escape_md(teaches)}")
        with st.spinner(text("reading", lang)):
            return cached_sample(chosen), ("sample", chosen)
    if show:
        st.header(text("step_data", lang))
    digest = upload.digest
    sheet = st.session_state.setdefault("sheet_choice", {}).get(digest)
    table = digest if sheet is None else f"{digest}:{sheet}"  # the columns are chosen per sheet
    columns = st.session_state.setdefault("column_choice", {}).get(table)
    annotators = st.session_state.setdefault("annotator_choice", {}).get(table, ())
    try:
        with st.spinner(text("reading", lang)):
            dataset = cached_dataset(upload.data, digest, upload.name, forced, *(columns or (None, None)), sheet,
                                     annotators)
    except LoadError as error:
        if error.code == "no_columns":  # the normal next step for a table, not a failure (issue #14 item 3)
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
    if show and len(dataset.sheets) > 1:
        choose_sheet(dataset, digest, lang)
    if dataset.examples_kept == 0:
        st.warning(text("nothing_read", lang))
        show_dataset(dataset, lang)
        return None
    if dataset.columns and show:
        choose_columns(dataset.table_columns, dataset.columns, table, lang)
        choose_annotators(dataset, table, lang)
    return dataset, (digest, forced, columns, sheet, annotators, len(upload.data))


def choose_sheet(dataset: Dataset, digest: str, lang: str) -> None:
    """A workbook with several sheets: the one read is named, and the user can read another."""
    read = dataset.sheets.index(dataset.sheet) if dataset.sheet in dataset.sheets else 0
    chosen = st.selectbox(text("sheet", lang), dataset.sheets, index=read, key=f"sheet_{digest}",
                          help=text("sheet_help", lang))
    if chosen != dataset.sheet:
        st.session_state["sheet_choice"][digest] = chosen
        st.rerun()


def apply_sample_defaults(chosen, lang: str) -> None:  # noqa: ANN001 - advisor.samples.Sample or None
    """Picking a sample fills the task and the scenario it teaches with; the user can change them after."""
    state = st.session_state
    for name, value in SCENARIO_DEFAULTS.items():
        # Re-assigning keeps a value across runs whose step does not render its widget.
        state[name] = state[name] if name in state else value
    marker = (chosen.id, lang) if chosen else None
    if marker is None or state.get("applied_sample") == marker:
        return
    first_time = not state.get("applied_sample") or state["applied_sample"][0] != chosen.id
    state["applied_sample"] = marker
    state["task"] = chosen.text("task", lang)
    if first_time:
        state.update(widget_values(scenario_from_dict(chosen.scenario_fields)))


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


def choose_annotators(dataset: Dataset, table: str, lang: str) -> None:
    """Columns holding other annotators' labels of the same items (advisor/annotators.py): those found are shown
    chosen; the user can name others. Left empty, they are found by their names and labels."""
    options = [column for column in dataset.table_columns if column and column not in (dataset.columns or ())]
    if not options:
        return
    named = st.session_state["annotator_choice"].get(table, ())
    found = dataset.annotations.columns if dataset.annotations is not None else ()
    default = [column for column in named or found if column in options]
    chosen = tuple(st.multiselect(text("annotator_cols", lang), options, default=default,
                                  help=text("annotator_cols_help", lang), key=f"annotator_cols_{table}"))
    if chosen != (named or found) and (chosen or named):  # emptied: found again by name and labels, no loop
        st.session_state["annotator_choice"][table] = chosen
        st.rerun()


def show_dataset(dataset: Dataset, lang: str) -> None:
    shown_format = FORMAT_LABELS.get(dataset.detected_format, dataset.detected_format)
    st.subheader(f"{text('format', lang)}: {escape_md(shown_format)}")
    if dataset.detected_format == "mixed":
        st.write(dict(dataset.format_counts))
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
        st.dataframe(issue_table(errors, lang), hide_index=True, width="stretch")
    else:
        st.success(text("no_rejected", lang))
    warnings = [issue for issue in dataset.issues if issue.severity == "warning"]
    if warnings:
        with st.expander(f"{text('warnings_table', lang)} ({number(len(warnings), lang)})"):
            st.dataframe(issue_table(warnings, lang), hide_index=True, width="stretch")


def show_tokens(analysis: Analysis, lang: str) -> None:
    tokens = analysis.tokens
    st.header(text("tokens", lang))
    note = "exact" if tokens.exact else "approximate"
    st.caption(text(note, lang, encoding=tokens.encoding, model=tokens.model))
    input_total = sum(item.input for item in tokens.per_example)
    cells = st.columns(6)
    cells[0].metric(text("tokens_total", lang), number(tokens.total, lang))
    cells[1].metric(text("tokens_input", lang), number(input_total, lang))
    cells[2].metric(text("tokens_output", lang), number(tokens.total - input_total, lang))
    cells[3].metric(text("tokens_p50", lang), number(tokens.p50, lang))
    cells[4].metric(text("tokens_p95", lang), number(tokens.p95, lang))
    cells[5].metric(text("tokens_max", lang), number(tokens.max, lang))
    if tokens.per_example:
        st.plotly_chart(token_histogram(tokens, text("tokens_chart", lang), lang), key="token_histogram")


# --- step 2: profile ---------------------------------------------------------------------------------------


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
    return f"{listed} ({number(len(lines), lang)})" if len(lines) > 1 else listed


def show_agreement(agreement, lang: str) -> None:  # noqa: ANN001 - advisor.checks.agreement.Agreement
    """The annotators' agreement and the ceiling it puts on any option's score (advisor/checks/agreement.py)."""
    from advisor.checks.agreement import BAND_NAMES

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
            text("col_items", lang): [column.items for column in agreement.columns],
            text("col_agrees", lang): [share(column.agreement_with_output) for column in agreement.columns],
        }), hide_index=True, width="stretch", key="annotator_table")


def show_profile(result: Profile, lang: str) -> None:
    st.header(text("profile", lang))
    task = result.task
    cells = st.columns(3) + st.columns(3)  # two rows: six cards in one row cut their values ("classifi…")
    cells[0].metric(text("task_kind", lang), text(f"kind_{task.kind}", lang))
    cells[1].metric(text("exact_duplicates", lang), number(len(result.duplicates.exact_groups), lang))
    cells[2].metric(text("near_duplicates", lang), number(len(result.near_duplicates.pairs), lang))
    cells[3].metric(text("conflicts", lang), number(len(result.duplicates.conflicts), lang))
    cells[4].metric(text("pii", lang), number(len(result.personal_data.lines), lang))
    languages = ", ".join(f"{code} {number(count, lang)}" for code, count in result.languages.counts[:2])
    cells[5].metric(text("languages", lang), escape_md(languages))
    with st.expander(text("evidence", lang)):
        st.json(dict(task.evidence))
    if task.labels:
        st.plotly_chart(label_bars(task.labels, text("label_chart", lang), lang), key="label_bars")
        if left_out := labels_left_out(task.labels, lang):
            st.caption(left_out)
    if result.agreement is not None:
        show_agreement(result.agreement, lang)
    if result.personal_data.lines:
        st.markdown(f"**{text('pii_summary', lang)}**")
        st.dataframe(pd.DataFrame({text("col_kind", lang): list(result.personal_data.summary()["pii"]),
                                   text("col_examples", lang): list(result.personal_data.summary()["pii"].values())}),
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


# --- step 3: baselines -------------------------------------------------------------------------------------


def evidence_for(dataset: Dataset, key: tuple, analysis: Analysis, lang: str):  # noqa: ANN201
    """Offline baselines (cached) plus this session's LLM run for this file, if one was made."""
    from advisor.recommend import Evidence

    with st.spinner(text("offline_running", lang)):
        evidence = cached_evidence(dataset, key, analysis.profile.task_kind)
    llm = st.session_state.get("llm_results", {}).get(key)
    return Evidence(evidence.offline, evidence.curve, llm)


def show_baselines(dataset: Dataset, key: tuple, analysis: Analysis, lang: str, currency) -> None:  # noqa: ANN001
    st.header(text("step_baselines", lang))
    evidence = evidence_for(dataset, key, analysis, lang)
    offline, curve = evidence.offline, evidence.curve
    st.subheader(text("offline", lang))
    if offline.results:
        st.caption(text("offline_method", lang, folds=offline.folds, n=offline.examples))
        if offline.sample is not None:  # the one sampling rule of every baseline, stated
            st.caption(escape_md(offline.sample.message(lang)))
        if offline.rare_recall:  # skewed labels: a rare label found never hides inside a fine average
            labels = "; ".join(text("rare_recall_item", lang, label=item.label, recall=number(item.recall, lang, 2),
                                    examples=number(item.examples, lang)) for item in offline.rare_recall)
            # the items are escaped by text() already: filled in as they are, not escaped twice
            st.caption(text("rare_recall", lang).format(
                strategy=escape_md(text(f"strategy_{offline.rare_recall[0].strategy}", lang)), labels=labels))
        st.dataframe(pd.DataFrame({
            text("col_strategy", lang): [text(f"strategy_{item.strategy}", lang) for item in offline.results],
            text("col_metric", lang): [item.metric for item in offline.results],
            text("col_score", lang): [round(item.score, 3) for item in offline.results],
            text("col_interval", lang): [f"[{item.ci_low:.2f}, {item.ci_high:.2f}]" for item in offline.results],
            "n": [item.n for item in offline.results],
        }), hide_index=True, width="stretch", key="offline_table")
    else:
        st.info(escape_md(offline.not_enough_data.message(lang)))
    if curve.points:
        from advisor.report import word as metric_name  # accuracy, macro F1… named in `lang`

        st.plotly_chart(learning_curve_chart([(p.examples, p.score, p.ci_low, p.ci_high) for p in curve.points],
                                             curve.target, text("curve_title", lang),
                                             metric_name("metric", curve.metric, lang), lang), key="curve")
    st.caption(escape_md(curve.message(lang)))
    show_llm_section(dataset, key, lang)


def written_label_descriptions(labels: tuple[str, ...], kind: str) -> tuple[tuple[str, str], ...]:
    """The sidebar's label descriptions checked against the data's labels (LabelDescriptionError names a mistake)."""
    from advisor.label_descriptions import parse_label_descriptions

    return parse_label_descriptions(st.session_state.get("label_descriptions") or "", labels, kind).pairs


def show_llm_section(dataset: Dataset, key: tuple, lang: str) -> None:
    """Real few-shot calls: nothing is sent before the user approves a budget cap for this estimate."""
    import math

    from advisor.baselines.budget import PriceNeeded, resolve_price
    from advisor.baselines.client import DEFAULT_RUN_DEADLINE
    from advisor.baselines.llm import describe_task, estimate_plan, plan_llm_baselines
    from advisor.baselines.local import local_price
    from advisor.label_descriptions import LabelDescriptionError

    st.subheader(text("llm", lang))
    st.caption(text("llm_help", lang))
    policy = workshop_policy()
    if not show_workshop_limits(policy, lang):
        return
    local = st.toggle(text("local_use", lang), key="llm_local", help=text("local_help", lang))
    picked = choose_local_model(lang, policy) if local else None
    if local and picked is None:
        return
    left, middle, right = st.columns(3)
    if picked is not None:
        # Never the key typed for another endpoint: a server on this machine gets none.
        (base_url, model), api_key = picked, ""
    else:
        first_allowed = (*policy.allowed_urls(), "https://api.openai.com/v1")[0]
        base_url = left.text_input(text("endpoint", lang), value=first_allowed, key="llm_base_url")
        model = middle.text_input(text("llm_model", lang), value="gpt-4.1-mini", key="llm_model")
        # A password field: the key lives in this browser session's widget state only, never on disk or in a report.
        api_key = right.text_input(text("api_key", lang), type="password", key="llm_api_key")
    if not policy.allows(base_url):  # a shared server sends nothing where the instructor did not allow
        st.error(text("workshop_refused", lang, endpoint=base_url, endpoints=", ".join(policy.allowed_urls()) or "—"))
        return
    shots = left.number_input(text("shots", lang), min_value=0, max_value=20, value=5, key="llm_shots")
    sample = middle.number_input(text("llm_sample", lang), min_value=5, max_value=500, value=50, key="llm_sample")
    timeout = middle.number_input(text("llm_timeout", lang), min_value=1, max_value=600, value=60, key="llm_timeout")
    if local:
        price = local_price(model)
    else:
        price_in = right.number_input(text("price_in", lang), min_value=0.0, value=0.0, key="llm_price_in",
                                      help=text("price_help", lang))
        price_out = right.number_input(text("price_out", lang), min_value=0.0, value=0.0, key="llm_price_out")
        try:
            price = resolve_price(model, price_in or None, price_out or None)
        except PriceNeeded as error:
            st.warning(escape_md(error))
            return
    task = describe_task(dataset, st.session_state.get("task") or None)
    try:
        described = written_label_descriptions(task.labels, task.kind)
    except LabelDescriptionError as error:
        st.error(escape_md(error.message(lang)))
        return
    plan = plan_llm_baselines(dataset, model, shots=int(shots), sample=int(sample),
                              task=replace(task, label_descriptions=described))
    estimate = estimate_plan(plan, price)
    if local:  # no money at stake, but the calls and the time are still the user's to approve
        st.markdown(text("estimate_local", lang, calls=estimate.calls, examples=len(plan.evaluated),
                         endpoint=base_url, timeout=int(timeout), minutes=round(DEFAULT_RUN_DEADLINE / 60)))
        budget = 0.0
        approved = st.checkbox(text("approve_local", lang, calls=estimate.calls, examples=len(plan.evaluated),
                                    model=model, endpoint=base_url), key="llm_approved")
    else:
        st.markdown(text("estimate", lang, calls=estimate.calls, examples=len(plan.evaluated), endpoint=base_url,
                         expected=f"{estimate.expected_usd:.4f}", worst=f"{estimate.worst_usd:.4f}"))
        # the instructor's ceiling per session (advisor/sharing.py), less what this session has spent
        left_usd = policy.approvable_usd(math.inf, st.session_state.get("llm_spent_usd", 0.0))
        if st.session_state.get("llm_budget", 0.0) > left_usd:  # spent down since: filled again, with what is left
            del st.session_state["llm_budget"]
        ceiling = None if math.isinf(left_usd) else left_usd
        budget = st.number_input(text("budget", lang), min_value=0.0, max_value=ceiling,
                                 value=min(left_usd, round(max(0.01, estimate.worst_usd * 1.2), 2)), step=0.5,
                                 key="llm_budget")
        approved = st.checkbox(text("approve", lang, budget=f"{budget:.2f}", examples=len(plan.evaluated),
                                    endpoint=base_url), key="llm_approved")
    if st.button(text("run_llm", lang), disabled=not approved or not plan.calls, key="llm_run"):
        run_llm(plan, price, base_url, model, api_key,
                policy.approvable_usd(budget, st.session_state.get("llm_spent_usd", 0.0)), key, lang, float(timeout))
        if policy.session_budget_usd is not None:  # the fields above show what the session has left
            st.rerun()
    result = st.session_state.get("llm_results", {}).get(key)
    if result is not None:
        st.dataframe(pd.DataFrame({
            text("col_strategy", lang): [text(f"strategy_{item.strategy}", lang) for item in result.results],
            text("col_metric", lang): [item.metric for item in result.results],
            text("col_score", lang): [None if item.score is None else round(item.score, 3) for item in result.results],
            text("col_interval", lang): ["—" if item.ci_low is None else f"[{item.ci_low:.2f}, {item.ci_high:.2f}]"
                                         for item in result.results],
            "n": [item.n for item in result.results],
            text("col_failed", lang): [item.failed_calls for item in result.results],
            "US$": [round(item.cost_usd, 4) for item in result.results],
        }), hide_index=True, width="stretch", key="llm_table")
        for anomaly in result.anomalies[:5]:  # the endpoint's usage claims beyond max_tokens: never charged
            st.warning(text("llm_anomaly", lang, detail=anomaly))
        st.caption(text("spent", lang, spent=f"{result.budget.spent_usd:.4f}", cap=f"{result.budget.cap_usd:g}"))
        if result.error:
            st.warning(escape_md(result.error))


def workshop_policy():  # noqa: ANN201 - advisor.sharing.SharingPolicy
    """The instructor's settings (advisor/sharing.py): environment variables, else `.streamlit/secrets.toml`."""
    import os

    from streamlit.errors import StreamlitAPIException

    from advisor.sharing import BUDGET_SETTING, ENDPOINTS_SETTING, read_policy

    try:
        secrets = {name: st.secrets[name] for name in (ENDPOINTS_SETTING, BUDGET_SETTING) if name in st.secrets}
    except (FileNotFoundError, StreamlitAPIException):  # no secrets.toml (the usual case), or one TOML cannot read
        secrets = {}
    return read_policy(os.environ, secrets)


def show_workshop_limits(policy, lang: str) -> bool:  # noqa: ANN001 - advisor.sharing.SharingPolicy
    """What the instructor allows, shown to the participant; False when LLM calls are off."""
    import math

    for problem in policy.problems:
        st.warning(escape_md(problem.message(lang)))
    if policy.llm_off:
        st.info(text("workshop_llm_off", lang))
        return False
    if policy.endpoints is not None:
        st.caption(text("workshop_endpoints", lang, endpoints=", ".join(policy.allowed_urls()) or "—"))
    if policy.session_budget_usd is not None:
        spent = st.session_state.get("llm_spent_usd", 0.0)
        st.caption(text("workshop_budget", lang, ceiling=number(float(policy.session_budget_usd), lang, 2),
                        left=number(policy.approvable_usd(math.inf, spent), lang, 2)))
    return True


def choose_local_model(lang: str, policy) -> tuple[str, str] | None:  # noqa: ANN001 - advisor.sharing.SharingPolicy
    """(base URL, model) of a server found on this machine, or None (what was looked at is shown, and why).

    On a shared server (`policy.restricted`) only allowed addresses are probed: never a participant's typed
    address outside the list, nor the server's own well-known ports."""
    from advisor.baselines.local import KNOWN_PORTS, known_base_urls, local_base_url, scan_local_servers

    extra = st.text_input(text("local_url", lang), key="llm_local_url", placeholder="http://127.0.0.1:11434/v1")
    rescan = st.button(text("local_rescan", lang), key="llm_local_rescan")
    scans = st.session_state.setdefault("local_scans", {})
    candidates = [extra] if extra.strip() else []
    if policy.restricted:
        for url in candidates:
            if not policy.allows(local_base_url(url)):
                st.error(text("workshop_refused", lang, endpoint=url,
                              endpoints=", ".join(policy.allowed_urls()) or "—"))
        candidates = [url for url in (*candidates, *known_base_urls()) if policy.allows(local_base_url(url))]
    if rescan or extra not in scans:  # each probe takes at most half a second; looked again only when asked
        scans.clear()
        scans[extra] = scan_local_servers(candidates, ports=() if policy.restricted else KNOWN_PORTS)
    scan = scans[extra]
    for server in scan.found:
        models = ", ".join(server.models)
        if server.unlisted:
            models += "; " + text("local_unlisted", lang).format(count=server.unlisted)  # escaped below, once
        found = (text("local_found_likely", lang, endpoint=server.base_url, product=server.likely, models=models)
                 if server.likely else text("local_found", lang, endpoint=server.base_url, models=models))
        st.caption(found)
    if not scan.found:
        st.info(text("local_none", lang))
        for miss in scan.not_found:
            st.caption(text("local_missing", lang, endpoint=miss.base_url, reason=miss.message(lang)))
        return None
    choices = scan.choices()
    chosen = st.selectbox(text("local_choice", lang), range(len(choices)), key="llm_local_choice",
                          format_func=lambda index: f"{choices[index][1]} · {choices[index][0]}")
    return choices[chosen if chosen is not None and chosen < len(choices) else 0]


def run_llm(plan, price, base_url: str, model: str, api_key: str, budget: float, key: tuple,  # noqa: ANN001
            lang: str, timeout: float = 60.0) -> None:
    from advisor.baselines.budget import Budget
    from advisor.baselines.client import ChatClient, Endpoint, RetryPolicy
    from advisor.baselines.llm import run_llm_baselines

    bar = st.progress(0.0, text=text("calling", lang))

    def progress(state) -> None:  # noqa: ANN001 - advisor.baselines.client.Progress
        bar.progress(min(1.0, state.done / max(1, state.total)),
                     text=f"{state.done}/{state.total} · US$ {state.spent_usd:.4f}")

    with ChatClient(Endpoint(base_url, model, api_key), RetryPolicy(timeout=timeout)) as client:
        result = run_llm_baselines(plan, client, Budget(budget, price), None, 4, progress)
    st.session_state.setdefault("llm_results", {})[key] = result
    # what the session's ceiling (advisor/sharing.py) counts down from
    st.session_state["llm_spent_usd"] = st.session_state.get("llm_spent_usd", 0.0) + result.budget.spent_usd


# --- step 4: scenario and costs ----------------------------------------------------------------------------


def scenario_inputs(lang: str):  # noqa: ANN201 - advisor.scenario.Scenario
    from advisor.catalog import load_catalog

    catalog = load_catalog()
    left, middle, right = st.columns(3)
    left.number_input(text("monthly_requests", lang), min_value=0, step=1000, key="monthly_requests")
    left.slider(text("growth", lang), min_value=-20.0, max_value=50.0, step=0.5, key="growth_pct")
    left.slider(text("horizon", lang), min_value=1, max_value=36, key="horizon")
    middle.slider(text("k_shots", lang), min_value=0, max_value=20, key="k_shots")
    middle.number_input(text("instruction_tokens", lang), min_value=0, step=50, key="instruction_tokens")
    middle.number_input(text("total_examples", lang), min_value=0, step=1000, key="total_examples",
                        help=text("total_examples_help", lang))
    right.multiselect(text("prompt_models", lang), PROMPT_MODELS, key="prompt_models")
    right.multiselect(text("finetune_models", lang), FINETUNE_MODELS, key="finetune_models")
    choice_box(right, text("gpu", lang), ("auto", *(gpu.key for gpu in catalog.gpus)), key="gpu", lang=lang,
               format_func=lambda value: text("gpu_auto", lang) if value == "auto" else value)
    right.checkbox(text("private", lang), key="private")
    right.checkbox(text("domain_shift", lang), key="domain_shift")
    right.checkbox(text("facts_change", lang), key="facts_change", help=text("facts_change_help", lang))
    return scenario_of_widgets(st.session_state, price_overrides(lang))


@st.cache_data(show_spinner=False)
def price_table() -> pd.DataFrame:
    """Every price the comparison can use, with its source and date; the user edits the USD column."""
    from advisor.catalog import load_catalog
    from advisor.inference_prices import PriceNotFound, base_price

    catalog = load_catalog()
    rows = []
    for name in PROMPT_MODELS:
        try:
            price = base_price(name)
        except PriceNotFound:
            continue
        for field, value in (("input", price.input_usd_per_mtok), ("output", price.output_usd_per_mtok)):
            rows.append((f"base/{name}/{field}", value, price.provenance.source, price.provenance.as_of.isoformat()))
    for name in FINETUNE_MODELS:  # keyed by the name the scenario uses, so an edit reaches its route
        row = catalog.platform("openai").model_price(name)
        if row is not None and row.training_usd_per_mtok is not None:
            rows.append((f"openai/{name}/training", row.training_usd_per_mtok, row.provenance.source,
                         row.provenance.as_of.isoformat()))
    for gpu in catalog.gpus:
        offer = gpu.default_offer
        if offer is not None:
            rows.append((f"gpu/{gpu.key}/hour", offer.usd_per_hour, f"{offer.provider}: {offer.provenance.source}",
                         offer.provenance.as_of.isoformat()))
    return pd.DataFrame(rows, columns=["key", "usd", "source", "as_of"])


def price_overrides(lang: str) -> dict[str, float]:
    """The user's price edits; the table (source and date of every figure) shows when asked for, and its
    edits are kept in the session when it is hidden."""
    state = st.session_state
    if not st.toggle(text("prices", lang), key="show_prices"):
        return state.get("price_overrides", {})
    table = price_table()
    st.caption(text("prices_help", lang))
    edited = st.data_editor(table, key="price_editor", hide_index=True, width="stretch",
                            disabled=["key", "source", "as_of"],
                            column_config={"usd": st.column_config.NumberColumn("US$", min_value=0.0)})
    changed = {}
    for (_, before), (_, after) in zip(table.iterrows(), edited.iterrows()):
        if pd.notna(after["usd"]) and float(after["usd"]) != float(before["usd"]):
            changed[before["key"]] = float(after["usd"])
    state["price_overrides"] = changed
    return changed


def comparison_for(dataset: Dataset, key: tuple, scenario, currency):  # noqa: ANN001, ANN201
    from dataclasses import replace

    if currency is None:  # US$ only: the reasons and the report then show no second currency
        scenario = replace(scenario, currency="USD")
    else:
        scenario = replace(scenario, currency=currency.code,
                           usd_to_currency=None if currency.provenance.verified else currency.per_usd)
    with st.spinner(text("costing", lang_of())):
        book = cached_book(dataset, key)
    return cached_comparison(book, key, scenario)


def lang_of() -> str:
    return st.session_state.get("lang", "pt")


def money(usd: float | None, currency) -> str:  # noqa: ANN001
    from advisor.costs import Money, format_money

    return "—" if usd is None else localize_numbers(format_money(Money.of(usd), currency), lang_of())


def show_costs(dataset: Dataset, key: tuple, lang: str, currency) -> None:  # noqa: ANN001
    from advisor.costs import OPTIONS
    from advisor.freshness import routes_compared

    st.header(text("step_costs", lang))
    scenario = scenario_inputs(lang)
    comparison = comparison_for(dataset, key, scenario, currency)
    show_freshness(routes_compared(comparison), comparison, lang)
    names = {option: text(f"option_{option}", lang) for option in OPTIONS}
    cheapest = [(f"{names[option]}: {route_label(best.label, lang)}", best.cumulative())
                for option in OPTIONS if (best := comparison.cheapest(option)) is not None]
    rate = currency.per_usd if currency is not None else 1.0
    symbol = currency.symbol if currency is not None else "US$"
    st.plotly_chart(cached_figure(tuple(cheapest), text("cumulative_title", lang), rate, symbol, lang),
                    key="cumulative")
    st.dataframe(pd.DataFrame({
        text("col_option", lang): [names[route.option] for route in comparison.routes],
        text("col_route", lang): [route_label(route.label, lang) for route in comparison.routes],
        text("col_status", lang): [text(f"status_{route.status}", lang) for route in comparison.routes],
        text("col_training", lang): [money(route.training.usd if route.training else None, currency)
                                     for route in comparison.routes],
        text("col_monthly", lang): [money(route.monthly.usd if route.monthly else None, currency)
                                    for route in comparison.routes],
        text("col_total", lang, months=scenario.horizon_months): [
            money(route.horizon_total.usd if route.horizon_total else None, currency) for route in comparison.routes],
        text("col_sources", lang): ["; ".join(source.describe() for source in route.sources)
                                    for route in comparison.routes],
    }), hide_index=True, width="stretch", key="routes_table")
    crossings = [item for item in comparison.break_even if item.status == "crosses"]
    st.subheader(text("break_even", lang))
    if crossings:
        st.dataframe(pd.DataFrame({
            text("col_route", lang): [route_label(item.option, lang) for item in crossings],
            text("col_versus", lang): [route_label(item.versus, lang) for item in crossings],
            text("col_volume", lang): [number(item.monthly_requests, lang) for item in crossings],
        }), hide_index=True, width="stretch", key="break_even_table")
    else:
        st.caption(text("no_break_even", lang))
    if st.toggle(text("assumptions", lang), key="show_assumptions"):
        st.dataframe(pd.DataFrame({"name": [name for name, _, _ in comparison.assumptions],
                                   "value": [value for _, value, _ in comparison.assumptions],
                                   "source": [source.describe() for _, _, source in comparison.assumptions]}),
                     hide_index=True, width="stretch")


def show_freshness(routes, comparison, lang: str) -> None:  # noqa: ANN001 - advisor.comparison routes
    """A warning naming every figure behind the answer older than advisor.freshness.STALE_AFTER_MONTHS, with
    where to update it; a caption when all are recent."""
    from advisor.freshness import freshness_of, header, row_lines

    freshness = freshness_of(routes, comparison)
    if not freshness.stale:
        st.caption(escape_md(header(freshness, lang)))
        return
    rows = "\n".join(f"- {escape_md(line)}" for line in row_lines(freshness, lang))
    st.warning(f"{escape_md(header(freshness, lang))}\n\n{rows}")


# --- step 5: recommendation --------------------------------------------------------------------------------


def show_recommendation(dataset: Dataset, key: tuple, analysis: Analysis, lang: str, currency) -> None:  # noqa: ANN001
    from advisor.advice import Advice, advice_to_dict
    from advisor.data_fit import shape_of
    from advisor.freshness import routes_deciding
    from advisor.recommend import recommend

    st.header(text("step_recommendation", lang))
    with st.expander(text("scenario_edit", lang)):
        scenario = scenario_inputs(lang)
    evidence = evidence_for(dataset, key, analysis, lang)
    comparison = comparison_for(dataset, key, scenario, currency)
    shape = shape_of(dataset, analysis.findings)
    result = recommend(analysis.profile, evidence, comparison, shape=shape)
    if result.measure is not None:
        result = result.with_measure_cost(cached_measurement_cost(dataset, key, comparison))
    show_ranking(result, lang)
    show_freshness(routes_deciding(result), comparison, lang)
    task = st.session_state.get("task") or ""
    try:  # a mistake in them is shown on the baselines step; the saved analysis then holds none
        described = written_label_descriptions(tuple(label for label, _ in analysis.profile.task.labels),
                                               analysis.profile.task_kind)
    except ValueError:
        described = ()
    downloads(dataset, lambda: advice_to_dict(Advice(task, analysis, evidence, comparison, result, described), lang),
              result, lang)
    compare_side_by_side(lang, currency)
    with st.expander(text("reopen", lang)):
        reopen_saved(lang)


def show_ranking(result, lang: str) -> None:  # noqa: ANN001 - advisor.recommend.Recommendation
    if result.fix_first:
        points = " ".join(escape_md(point.text(lang)) for point in result.fix_first)
        st.error(f"**{text('fix_first', lang)}** {points}")
    best = result.best
    if result.next_step == "measure":
        st.warning(text("answer_measure", lang, option=best.name(lang)))
    elif result.next_step != "fix_data":  # the red box above says it: fix the data first
        st.success(text("answer", lang, option=best.name(lang),
                        confidence=text(f"confidence_{result.confidence}", lang)))
    if result.measure is not None:
        show_measure_plan(result, lang)
    for item in result.ranking:
        with st.container(border=True):
            verdict = text("verdict_" + item.verdict, lang)
            st.markdown(f"#### {escape_md(item.name(lang))} — {verdict} · {item.score}/100")
            if item.route is not None:
                st.caption(f"{text('route', lang)}: {escape_md(route_label(item.route.label, lang))}")
            if item.fit is not None and item.fit.fit == "as_is":  # a conversion or a refusal is listed as a risk
                st.caption(escape_md(item.fit.text(lang)))
            for point in item.reasons:
                st.markdown(f"- {escape_md(point.text(lang))}")
            for point in item.risks:
                st.markdown(f"- ⚠️ {escape_md(point.text(lang))}")
            cited = list(dict.fromkeys(source for point in item.reasons for source in point.sources))
            if cited:  # our own catalogue of papers: the links are ours, the titles still go through the helper
                st.caption(text("sources", lang) + " " + " · ".join(
                    f"[{escape_md(source.citation())}]({source.url})" for source in cited))
    st.subheader(text("confidence", lang, level=text(f"confidence_{result.confidence}", lang)))
    for point in result.confidence_reasons:
        st.markdown(f"- {escape_md(point.text(lang))}")
    if result.what_would_change:
        st.subheader(text("what_would_change", lang))
        for point in result.what_would_change:
            st.markdown(f"- {escape_md(point.text(lang))}")
    if result.hyperparameters:
        st.subheader(text("hyperparameters", lang, path=result.hyperparameter_path))
        st.dataframe(pd.DataFrame({"name": [item.name for item in result.hyperparameters],
                                   "value": [str(item.value) for item in result.hyperparameters],
                                   "source": [item.source for item in result.hyperparameters]}),
                     hide_index=True, width="stretch", key="hyperparameters")


def show_measure_plan(result, lang: str) -> None:  # noqa: ANN001 - Recommendation
    plan = result.measure
    with st.container(border=True):
        st.subheader(text("measure_plan", lang))
        st.markdown(escape_md(plan.why.text(lang)))
        if plan.cost is not None:
            cost = plan.cost
            st.markdown(text("measure_runs", lang, model=cost.model, held_out=number(cost.held_out, lang),
                             calls=number(cost.calls, lang), expected=money(cost.expected_usd, result.currency),
                             worst=money(cost.worst_usd, result.currency)))
        else:
            st.markdown(text("measure_runs_unpriced", lang))
        st.markdown(text("measure_decides", lang))
        for point in plan.decisions:
            st.markdown(f"- {escape_md(point.text(lang))}")


def downloads(dataset: Dataset, document, result, lang: str) -> None:  # noqa: ANN001
    """Files are built when a button is clicked (callables), so a rerun never pays for them; `document()` gives
    the analysis as one JSON object."""
    from advisor.advice import dumps
    from advisor.report import render_html, render_markdown

    st.subheader(text("downloads", lang))
    # on_click="ignore": a download that also reran the page raced the rerun and was sometimes cancelled (a room
    # of sessions lost reports that way, issue #20).
    columns = st.columns(4)
    columns[0].download_button(text("download_html", lang), lambda: render_html(document(), lang), "report.html",
                               "text/html", key="download_html", on_click="ignore")
    columns[1].download_button(text("download_md", lang), lambda: render_markdown(document(), lang), "report.md",
                               "text/markdown", key="download_md", on_click="ignore")
    columns[2].download_button(text("download_json", lang), lambda: dumps(document()), "analysis.json",
                               "application/json", key="download_json", on_click="ignore")
    state = st.session_state
    if not state.get("export_target_picked"):  # until the user picks one, the platform the answer trains on
        state["export_target"] = export_default(result)
    target = columns[3].selectbox(text("export_target", lang), EXPORT_TARGETS, key="export_target",
                                  on_change=lambda: state.update(export_target_picked=True))
    columns[3].download_button(text("download_export", lang), lambda: export_archive(dataset, target, result),
                               f"export_{target}.zip", "application/zip", key="download_export", on_click="ignore")


def export_default(result) -> str:  # noqa: ANN001 - Recommendation
    """The export format of the first training route in the ranking that can take the data (its platform's layout,
    advisor/data_fit.py), else the Hugging Face layout every open-source trainer reads (issue #14 item 9: not OpenAI,
    which is closed to new customers)."""
    return next((item.fit.export_target for item in result.ranking
                 if item.fit is not None and item.fit.takes and item.fit.export_target in EXPORT_TARGETS), "hf")


def export_archive(dataset: Dataset, target: str, result) -> bytes:  # noqa: ANN001 - Recommendation
    """Cleaned train/validation files for `target`, the review files, and starter configs for the leading path."""
    from advisor.catalog import load_catalog
    from advisor.configs import axolotl_yaml, openai_job, plan_from_hyperparameters, trl_script
    from advisor.export import clean_dataset, export_files

    from advisor.baselines.offline import baseline_inputs

    # the same split as `advisor export`: stratified by label for classification
    cleaned = clean_dataset(dataset, labels=baseline_inputs(dataset).labels)
    bundle = export_files(cleaned, target)
    files = {item.name: item.text for item in bundle.files}
    route = result.hyperparameter_route
    if route is not None and bundle.train_file:
        model = load_catalog().find_model(route.model)
        values = {item.name: item.value for item in result.hyperparameters}
        plan = plan_from_hyperparameters(result.hyperparameter_path, model.hf_id if model else route.model, values,
                                         len(cleaned.train), bundle.train_file, bundle.validation_file)
        if plan.method == "openai" and target == "openai":
            files["openai_job.json"] = openai_job(plan)
        elif plan.method != "openai" and target in ("hf", "openai", "together"):
            files["train_trl.py"] = trl_script(plan)
            files["axolotl.yaml"] = axolotl_yaml(plan)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def compare_side_by_side(lang: str, currency) -> None:  # noqa: ANN001
    """For workshops: two samples, or one sample at two volumes, answered next to each other."""
    from advisor.data_fit import shape_of
    from advisor.recommend import recommend

    samples = load_samples()
    if not samples:
        return
    by_id = {item.id: item for item in samples}
    if not st.toggle(text("compare", lang), key="compare_on"):  # two more answers per run: only when asked
        return
    with st.container(border=True):
        columns = st.columns(2)
        for side, column in enumerate(columns):
            key = f"compare_sample_{side}"
            st.session_state.setdefault(key, list(by_id)[min(side, len(by_id) - 1)])
            chosen = choice_box(column, text("sample", lang), tuple(by_id), key=key, lang=lang,
                                format_func=lambda value: by_id[value].text("title", lang))
            fields = by_id[chosen].scenario_fields
            volume = column.number_input(text("monthly_requests", lang), min_value=0, step=1000,
                                         value=int(fields.get("monthly_requests", DEFAULT_MONTHLY_REQUESTS)),
                                         key=f"compare_volume_{side}")
            dataset = cached_sample(chosen)
            key = ("sample", chosen)
            analysis = cached_analysis(dataset, key, DEFAULT_MODEL)
            evidence = evidence_for(dataset, key, analysis, lang)
            scenario = scenario_from_dict({**fields, "monthly_requests": int(volume)})
            result = recommend(analysis.profile, evidence, comparison_for(dataset, key, scenario, currency),
                               shape=shape_of(dataset, analysis.findings))
            confidence = text("confidence_" + result.confidence, lang)
            column.markdown(f"**{escape_md(result.best.name(lang))}** · {confidence}")
            column.caption(escape_md(by_id[chosen].text("teaches", lang)))
            for item in result.ranking:
                total = item.route.horizon_total.usd if item.route and item.route.horizon_total else None
                verdict = text("verdict_" + item.verdict, lang)
                column.markdown(f"- {escape_md(item.name(lang))}: {verdict} · {escape_md(money(total, currency))}")


def reopen_saved(lang: str) -> None:
    """A saved analysis shown again without its data: the recommendation and the report."""
    from advisor.advice import DocumentError, parse_document

    saved = st.file_uploader(text("reopen_upload", lang), type=["json"], key="reopen")
    if saved is None:
        return
    try:
        document = parse_document(saved.getvalue())
    except DocumentError as error:
        st.error(escape_md(error))
        return
    recommendation = document["recommendation"]
    st.success(text("reopened", lang, task=document.get("task") or "—", created=document.get("created", "?")))
    for item in recommendation["ranking"]:
        verdict = text("verdict_" + item["verdict"], lang)
        st.markdown(f"- **{escape_md(item['name'])}** — {verdict} · {item['score']}/100")
    from advisor.report import render_html

    st.download_button(text("download_html", lang), lambda: render_html(document, lang), "report.html", "text/html",
                       key="reopened_html")
