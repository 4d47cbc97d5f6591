"""What survives a re-run: the session's keys, the choices kept across a language switch, and the upload.

Streamlit forgets a widget's value on a run that does not render it, and a select box's value is the label it
shows; so every choice lives under a session key of its own, which the pages read (issue #14 item 1).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import streamlit as st

from advisor.i18n import LANGUAGES
from advisor.i18n.messages import number
from advisor.pricing.scenario import Scenario, scenario_from_dict
from advisor.ui.memory import UPLOADS, UploadedData, reclaim, release_unheld_uploads
from advisor.ui.strings import text

UPLOAD_TYPES = ["jsonl", "json", "csv", "tsv", "txt", "parquet", "xlsx", "gz"]
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


# The app starts from the same defaults as the command line (advisor/pricing/scenario.py).
SCENARIO_DEFAULTS = widget_values(Scenario(monthly_requests=DEFAULT_MONTHLY_REQUESTS))


def session_key() -> tuple[str, str]:
    """This browser session, as the memory sweep knows it (Streamlit's session id) and told apart from any other
    AppTest run (which all share one session id) by a token of its own."""
    from uuid import uuid4

    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    token = st.session_state.setdefault("memory_token", uuid4().hex)
    return (context.session_id if context is not None else "", token)


def lang_of() -> str:
    return st.session_state.get("lang", "pt")


def restore_choice(key: str, options: tuple, label_of: Callable[[str, str], str]) -> None:
    """A click that leaves before the page has redrawn in the new language (a language switch, then at once the
    currency) sends back a radio's label in the old language; it matches no option, and Streamlit hands the label
    itself over as the value. Put the option it names back under `key`, before the widget is drawn."""
    state = st.session_state
    value = state.get(key)
    if value is not None and value not in options:
        state[key] = next((option for option in options for lang in LANGUAGES if label_of(option, lang) == value),
                          options[0])


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


def apply_sample_defaults(chosen, lang: str) -> None:  # noqa: ANN001 - advisor.data.samples.Sample or None
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
