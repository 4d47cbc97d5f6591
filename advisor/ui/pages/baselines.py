"""Step 3, baselines: the offline baselines and learning curve, and real few-shot calls sent only within a budget
the user approved."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from advisor import i18n
from advisor.analysis import Analysis
from advisor.i18n import interval, term
from advisor.i18n.messages import number
from advisor.render.charts import learning_curve_chart
from advisor.render.escaping import escape_md
from advisor.ui.background import start_once
from advisor.ui.cache import cached_chart, computed_plan, examples_of
from advisor.ui.chosen import ChosenData
from advisor.ui.strings import text
from advisor.ui.widgets import evidence_for

if TYPE_CHECKING:
    from advisor.data.model import Dataset
    from advisor.ui.cache import DatasetOrReader


def show(chosen: ChosenData, analysis: Analysis, lang: str, currency) -> None:  # noqa: ANN001
    show_baselines(chosen.dataset, chosen.key, analysis, lang, currency)  # the examples read only if a result is not


def show_baselines(dataset: DatasetOrReader, key: tuple, analysis: Analysis, lang: str, currency) -> None:  # noqa: ANN001
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
            text("col_metric", lang): [term("metric", item.metric, lang) for item in offline.results],
            text("col_score", lang): [number(item.score, lang, 3) for item in offline.results],
            text("col_interval", lang): [interval(item.ci_low, item.ci_high, lang) for item in offline.results],
            "n": [number(item.n, lang) for item in offline.results],
        }), hide_index=True, width="stretch", key="offline_table")
    else:
        st.info(escape_md(offline.not_enough_data.message(lang)))
    if curve.points:
        chart = cached_chart(f"curve {analysis.profile.task_kind}", key, lang, lambda: learning_curve_chart(
            [(p.examples, p.score, p.ci_low, p.ci_high) for p in curve.points], curve.target, text("curve_title", lang),
            term("metric", curve.metric, lang), lang))
        st.plotly_chart(chart, key="curve")
    st.caption(escape_md(curve.message(lang)))
    show_llm_section(dataset, key, lang)


def written_label_descriptions(labels: tuple[str, ...], kind: str) -> tuple[tuple[str, str], ...]:
    """The sidebar's label descriptions checked against the data's labels (LabelDescriptionError names a mistake)."""
    from advisor.data.label_descriptions import parse_label_descriptions

    return parse_label_descriptions(st.session_state.get("label_descriptions") or "", labels, kind).pairs


def show_llm_section(dataset: DatasetOrReader, key: tuple, lang: str) -> None:
    """Real few-shot calls: nothing is sent before the user approves a budget cap for this estimate."""
    import math

    from advisor.baselines.budget import PriceNeeded, resolve_price
    from advisor.baselines.client import DEFAULT_RUN_DEADLINE
    from advisor.baselines.llm import estimate_plan
    from advisor.baselines.local import local_price
    from advisor.data.label_descriptions import LabelDescriptionError

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
        model = middle.text_input(text("llm_model", lang), value=FIRST_PLAN["model"], key="llm_model")
        # A password field: the key lives in this browser session's widget state only, never on disk or in a report.
        api_key = right.text_input(text("api_key", lang), type="password", key="llm_api_key")
    if not policy.allows(base_url):  # a shared server sends nothing where the instructor did not allow
        st.error(text("workshop_refused", lang, endpoint=base_url, endpoints=", ".join(policy.allowed_urls()) or "—"))
        return
    shots = left.number_input(text("shots", lang), min_value=0, max_value=20, value=FIRST_PLAN["shots"],
                              key="llm_shots")
    sample = middle.number_input(text("llm_sample", lang), min_value=5, max_value=500, value=FIRST_PLAN["sample"],
                                 key="llm_sample")
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
    task = described_task(dataset, key, st.session_state.get("task") or None)
    try:
        described = written_label_descriptions(task.labels, task.kind)
    except LabelDescriptionError as error:
        st.error(escape_md(error.message(lang)))
        return
    plan = planned_calls(dataset, key, model, int(shots), int(sample), replace(task, label_descriptions=described))
    estimate = estimate_plan(plan, price)
    if local:  # no money at stake, but the calls and the time are still the user's to approve
        st.markdown(text("estimate_local", lang, calls=estimate.calls, examples=len(plan.evaluated),
                         endpoint=base_url, timeout=int(timeout), minutes=round(DEFAULT_RUN_DEADLINE / 60)))
        budget = 0.0
        approved = st.checkbox(text("approve_local", lang, calls=estimate.calls, examples=len(plan.evaluated),
                                    model=model, endpoint=base_url), key="llm_approved")
    else:
        st.markdown(text("estimate", lang, calls=estimate.calls, examples=len(plan.evaluated), endpoint=base_url,
                         expected=i18n.number(estimate.expected_usd, lang, 4),
                         worst=i18n.number(estimate.worst_usd, lang, 4)))
        # the instructor's ceiling per session (advisor/baselines/sharing.py), less what this session has spent
        left_usd = policy.approvable_usd(math.inf, st.session_state.get("llm_spent_usd", 0.0))
        if st.session_state.get("llm_budget", 0.0) > left_usd:  # spent down since: filled again, with what is left
            del st.session_state["llm_budget"]
        ceiling = None if math.isinf(left_usd) else left_usd
        budget = st.number_input(text("budget", lang), min_value=0.0, max_value=ceiling,
                                 value=min(left_usd, round(max(0.01, estimate.worst_usd * 1.2), 2)), step=0.5,
                                 key="llm_budget")
        approved = st.checkbox(text("approve", lang, budget=i18n.number(budget, lang, 2), examples=len(plan.evaluated),
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
            text("col_metric", lang): [term("metric", item.metric, lang) for item in result.results],
            text("col_score", lang): ["—" if item.score is None else number(item.score, lang, 3)
                                      for item in result.results],
            text("col_interval", lang): ["—" if item.ci_low is None else interval(item.ci_low, item.ci_high, lang)
                                         for item in result.results],
            "n": [number(item.n, lang) for item in result.results],
            text("col_failed", lang): [item.failed_calls for item in result.results],
            "US$": [round(item.cost_usd, 4) for item in result.results],
        }), hide_index=True, width="stretch", key="llm_table")
        for anomaly in result.anomalies[:5]:  # the endpoint's usage claims beyond max_tokens: never charged
            st.warning(text("llm_anomaly", lang, detail=anomaly))
        st.caption(text("spent", lang, spent=i18n.number(result.budget.spent_usd, lang, 4),
                            cap=i18n.decimal(result.budget.cap_usd, lang)))
        if result.error:
            st.warning(escape_md(result.error))


# The task and the calls a run would make depend on the file and the choices alone, and drawing the step asked for
# them again at each visit (~0.5 s of tokenizing and retrieval on a 3,000-row sample): in a room that is most of a
# visit's CPU. Kept for every session, by the file's digest and the choices; nothing of a session's (key, endpoint)
# is in them.
FIRST_PLAN = {"model": "gpt-4.1-mini", "shots": 5, "sample": 50}  # the fields' values until the user changes them


@st.cache_resource(max_entries=32, show_spinner=False)
def described_task(_dataset: DatasetOrReader, key: tuple, task_text: str | None):  # noqa: ANN201 - advisor TaskSpec
    from advisor.baselines.llm import describe_task

    return describe_task(examples_of(_dataset), task_text)


@st.cache_resource(max_entries=32, show_spinner=False)
def planned_calls(_dataset: DatasetOrReader, key: tuple, model: str, shots: int, sample: int, task):  # noqa: ANN001, ANN201
    return computed_plan(_dataset, key, model, shots, sample, task)


def warm_first_plan(dataset: Dataset, key: tuple, task_text: str) -> None:
    """The plan this step shows first (FIRST_PLAN, the task as given, no label descriptions), computed ahead: the
    server's warm-up does it for each bundled sample (advisor/ui/warmup.py), so a room does not wait on the first
    participant to reach the step (7 s cold on the 3,006 tickets)."""
    task = described_task(dataset, key, task_text or None)
    planned_calls(dataset, key, FIRST_PLAN["model"], FIRST_PLAN["shots"], FIRST_PLAN["sample"],
                  replace(task, label_descriptions=()))


_PLANNED: deque[Hashable] = deque(maxlen=64)  # uploads' first plans made ahead: not started again on every run


def start_first_plan(dataset: Callable[[], Dataset], key: tuple, task_text: str) -> None:
    """For an upload, in the background once its analysis is done and drawn: this process' copy of its examples
    (read, advisor/ui/chosen.py), then `warm_first_plan`, beside its baselines and token book (the bundled samples'
    are made by the server's warm-up): on a 100,000-example upload this step waited 8.4 s for it after the offline
    baselines (benchmarks/bench_app.py, 2026-12-04). No plan when the instructor has turned LLM calls off: the step
    shows none then."""
    llm_off = workshop_policy().llm_off
    job = ("first plan", key, task_text)

    def plan() -> None:
        examples = dataset()
        if not llm_off:
            warm_first_plan(examples, key, task_text)
        _PLANNED.append(job)

    start_once(job, lambda: job in _PLANNED, plan)


def workshop_policy():  # noqa: ANN201 - advisor.baselines.sharing.SharingPolicy
    """The instructor's settings (advisor/baselines/sharing.py): environment variables, else `.streamlit/secrets.toml`."""
    import os

    from streamlit.errors import StreamlitAPIException

    from advisor.baselines.sharing import BUDGET_SETTING, ENDPOINTS_SETTING, read_policy

    try:
        secrets = {name: st.secrets[name] for name in (ENDPOINTS_SETTING, BUDGET_SETTING) if name in st.secrets}
    except (FileNotFoundError, StreamlitAPIException):  # no secrets.toml (the usual case), or one TOML cannot read
        secrets = {}
    return read_policy(os.environ, secrets)


def show_workshop_limits(policy, lang: str) -> bool:  # noqa: ANN001 - advisor.baselines.sharing.SharingPolicy
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


def choose_local_model(lang: str, policy) -> tuple[str, str] | None:  # noqa: ANN001 - advisor.baselines.sharing.SharingPolicy
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
                     text=f"{state.done}/{state.total} · {i18n.money(state.spent_usd, 'US$', lang, 4)}")

    with ChatClient(Endpoint(base_url, model, api_key), RetryPolicy(timeout=timeout)) as client:
        result = run_llm_baselines(plan, client, Budget(budget, price), None, 4, progress)
    st.session_state.setdefault("llm_results", {})[key] = result
    # what the session's ceiling (advisor/baselines/sharing.py) counts down from
    st.session_state["llm_spent_usd"] = st.session_state.get("llm_spent_usd", 0.0) + result.budget.spent_usd
