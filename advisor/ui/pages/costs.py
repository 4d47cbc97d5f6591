"""Step 4, scenario and costs: the scenario's inputs, the editable price table, the routes and break-even."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from advisor.i18n.messages import assumption_name, number
from advisor.ui.cache import cached_figure
from advisor.ui.state import choice_box, scenario_of_widgets
from advisor.ui.strings import text
from advisor.ui.widgets import comparison_for, money, show_freshness

if TYPE_CHECKING:
    from advisor.ui.cache import DatasetOrReader
    from advisor.ui.chosen import ChosenData

PROMPT_MODELS = ("gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o-mini", "gpt-4o")
FINETUNE_MODELS = ("gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o-mini", "gpt-4.1", "llama-3.1-8b", "llama-3.2-3b",
                   "qwen2.5-7b", "qwen3-8b", "mistral-7b", "gemma-2-9b", "qwen2.5-32b", "llama-3.3-70b")


def show(chosen: ChosenData, analysis, lang: str, currency) -> None:  # noqa: ANN001, ARG001
    show_costs(chosen.dataset, chosen.key, lang, currency)  # the examples read only if the token book is not


def scenario_inputs(lang: str):  # noqa: ANN201 - advisor.pricing.scenario.Scenario
    from advisor.pricing.catalog import load_catalog

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
    from advisor.pricing.catalog import load_catalog
    from advisor.pricing.inference_prices import PriceNotFound, base_price

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
    labels = {"key": text("col_price", lang), "usd": "US$", "source": text("col_sources", lang),
              "as_of": text("col_as_of", lang)}
    edited = st.data_editor(table.rename(columns=labels), key="price_editor", hide_index=True, width="stretch",
                            disabled=[labels["key"], labels["source"], labels["as_of"]],
                            column_config={"US$": st.column_config.NumberColumn(min_value=0.0)})
    changed = {}
    for (_, before), (_, after) in zip(table.iterrows(), edited.iterrows()):
        if pd.notna(after["US$"]) and float(after["US$"]) != float(before["usd"]):
            changed[before["key"]] = float(after["US$"])
    state["price_overrides"] = changed
    return changed


def show_costs(dataset: DatasetOrReader, key: tuple, lang: str, currency) -> None:  # noqa: ANN001
    from advisor.pricing.costs import OPTIONS
    from advisor.pricing.freshness import routes_compared

    st.header(text("step_costs", lang))
    scenario = scenario_inputs(lang)
    comparison = comparison_for(dataset, key, scenario, currency)
    show_freshness(routes_compared(comparison), comparison, lang)
    names = {option: text(f"option_{option}", lang) for option in OPTIONS}
    cheapest = [(f"{names[option]}: {best.name(lang)}", best.cumulative())
                for option in OPTIONS if (best := comparison.cheapest(option)) is not None]
    rate = currency.per_usd if currency is not None else 1.0
    symbol = currency.symbol if currency is not None else "US$"
    st.plotly_chart(cached_figure(tuple(cheapest), text("cumulative_title", lang), rate, symbol, lang),
                    key="cumulative")
    def cell(amount) -> str:  # noqa: ANN001 - advisor.pricing.costs.Money or None
        return money(amount.usd if amount else None, currency, alone=True)

    st.dataframe(pd.DataFrame({
        text("col_option", lang): [names[route.option] for route in comparison.routes],
        text("col_route", lang): [route.name(lang) for route in comparison.routes],
        text("col_status", lang): [text(f"status_{route.status}", lang) for route in comparison.routes],
        text("col_training", lang): [cell(route.training) for route in comparison.routes],
        text("col_monthly", lang): [cell(route.monthly) for route in comparison.routes],
        text("col_total", lang, months=scenario.horizon_months): [cell(route.horizon_total)
                                                                  for route in comparison.routes],
        text("col_sources", lang): ["; ".join(source.describe(lang) for source in route.sources)
                                    for route in comparison.routes],
    }), hide_index=True, width="stretch", key="routes_table")
    if currency is not None and currency.code != "USD":  # the table's cells are in the chosen currency alone
        st.caption(text("table_currency", lang, symbol=currency.symbol, rate=number(currency.per_usd, lang, 4)))
    show_break_even(comparison, lang)
    if st.toggle(text("assumptions", lang), key="show_assumptions"):
        st.dataframe(pd.DataFrame({  # in the reader's words, unlike a config's names and values (col_name/col_value)
            text("col_assumption", lang): [assumption_name(name, lang) for name, _, _ in comparison.assumptions],
            text("col_assumed", lang): [value.text(lang) for _, value, _ in comparison.assumptions],
            text("col_sources", lang): [source.describe(lang) for _, _, source in comparison.assumptions],
        }), hide_index=True, width="stretch", key="assumptions_table")


def show_break_even(comparison, lang: str) -> None:  # noqa: ANN001 - advisor.pricing.comparison.Comparison
    """The crossings that decide (the cheapest trained route of each training option against the cheapest
    prompted route of each untrained option) in a short table; every other pair one click away."""
    st.subheader(text("break_even", lang))
    crossings = [item for item in comparison.break_even if item.status == "crosses"]
    if not crossings:
        st.caption(text("no_break_even", lang))
        return
    cheapest = {route.label for option in ("prompting", "in_context", "lora", "full_finetune")
                if (route := comparison.cheapest(option)) is not None}
    deciding = [item for item in crossings if item.option in cheapest and item.versus in cheapest]
    named = {route.label: route.name(lang) for route in comparison.routes}  # break-even rows name routes by label

    def table(items, key: str) -> None:  # noqa: ANN001 - BreakEvenPoint
        st.dataframe(pd.DataFrame({
            text("col_route", lang): [named.get(item.option, item.option) for item in items],
            text("col_versus", lang): [named.get(item.versus, item.versus) for item in items],
            text("col_volume", lang): [number(item.monthly_requests, lang) for item in items],
        }), hide_index=True, width="stretch", key=key)

    if deciding:
        table(deciding, "break_even_table")
    if len(deciding) < len(crossings):
        with st.expander(text("break_even_all", lang, count=len(crossings), n=number(len(crossings), lang))):
            table(crossings, "break_even_all_table")
