"""The sidebar's settings every step reads: the tokenizer's model, the currency and its rate, the glossary."""

from __future__ import annotations

import streamlit as st

from advisor.data.tokens import DEFAULT_MODEL
from advisor.render.escaping import escape_md
from advisor.ui.strings import text

MODEL_CHOICES = (
    DEFAULT_MODEL, "gpt-4.1", "gpt-4.1-nano", "gpt-4o-mini", "gpt-4o", "gpt-3.5-turbo",
    "llama-3.1-8b-instruct", "qwen2.5-7b-instruct", "claude-3-haiku",
)


def money_settings(lang: str):  # noqa: ANN201 - advisor.pricing.catalog.Currency or None for US$ only
    from advisor.pricing.catalog import load_catalog

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
    from advisor.i18n.glossary import GLOSSARY

    if not st.sidebar.toggle(text("glossary", lang), key="show_glossary"):
        return
    entries = []
    for term in GLOSSARY:
        entry = f"**{escape_md(term.name(lang))}** — {escape_md(term.definition(lang))}"
        if term.source is not None:  # our own constant https URL (tests/test_glossary.py checks each one)
            entry += f"  \n{text('glossary_source', lang)}: [{escape_md(term.source.citation())}]({term.source.url})"
        entries.append(entry)
    st.sidebar.markdown("\n\n".join(entries))
