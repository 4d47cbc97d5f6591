"""How old the figures behind an answer are (advisor/pricing/freshness.py), in the CLI, the report and the app.

Every expected date is read from the data files with tomllib (not through the catalog), so the tests follow an
edit of a price or a rate and still check the six-month rule against a calendar count made here.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest

from advisor.data.loader import load
from advisor.decide.advice import advice_to_dict, advise
from advisor.pricing.catalog import Provenance, load_catalog
from advisor.pricing.comparison import compare_options, measure_tokens
from advisor.pricing.freshness import (
    STALE_AFTER_MONTHS,
    DatedRow,
    Place,
    check_freshness,
    deciding_rows,
    freshness_from_dict,
    freshness_of,
    freshness_to_dict,
    months_old,
    routes_compared,
    row_lines,
)
from advisor.pricing.scenario import Scenario
from advisor.profiling.validate import load_platform_rules
from advisor.render.report import render_html, render_markdown

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).parent / "fixtures" / "formats"
SAMPLE = DATA / "samples" / "translation_pairs.jsonl"
ADVISOR = shutil.which("advisor", path=str(Path(sys.executable).parent)) or "advisor"
TODAY = date(2026, 12, 3)
BOOK = measure_tokens(load(FIXTURES / "openai_chat.jsonl"))


def toml(name: str) -> dict:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


BRL = toml("currency.toml")["currencies"]["BRL"]


def six_months_after(day: date) -> date:
    """Counted by hand for days a month always has: the same day six months on."""
    assert day.day <= 28
    month = day.month + 6
    return date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, day.day)


def row(as_of: date) -> DatedRow:
    return DatedRow("price", ("a route",), Provenance("a price page", as_of), Place("catalog", "data/x.toml", "[x]"))


def compare(today: date = TODAY, **fields: object):
    return compare_options(BOOK, Scenario(**{"monthly_requests": 10_000, **fields}), today=today)


# --- the rule --------------------------------------------------------------------------------------------


def test_a_row_dated_exactly_six_months_ago_is_fresh_and_one_day_older_is_stale() -> None:
    assert STALE_AFTER_MONTHS == 6
    # 2026-12-03 minus six months (Nov, Oct, Sep, Aug, Jul, Jun) is 2026-06-03.
    result = check_freshness([row(date(2026, 6, 3)), row(date(2026, 6, 2)), row(date(2026, 11, 30))], TODAY)
    assert result.cutoff == date(2026, 6, 3)
    assert [item.provenance.as_of for item in result.stale] == [date(2026, 6, 2)]
    assert result.checked == 3


@pytest.mark.parametrize(("today", "fresh", "stale"), [
    (date(2026, 8, 31), date(2026, 2, 28), date(2026, 2, 27)),  # February 2026 has 28 days
    (date(2028, 8, 31), date(2028, 2, 29), date(2028, 2, 28)),  # 2028 is a leap year
    (date(2027, 3, 15), date(2026, 9, 15), date(2026, 9, 14)),  # across the new year
])
def test_six_months_before_the_end_of_a_month_is_the_last_day_of_the_shorter_month(today, fresh, stale) -> None:
    result = check_freshness([row(fresh), row(stale)], today)
    assert [item.provenance.as_of for item in result.stale] == [stale]


def test_months_old_counts_whole_calendar_months() -> None:
    assert months_old(date(2026, 1, 23), date(2026, 12, 3)) == 10  # 2026-11-23 is ten months on; 12-23 not yet
    assert months_old(date(2026, 6, 3), date(2026, 12, 3)) == 6
    assert months_old(date(2026, 6, 4), date(2026, 12, 3)) == 5


# --- the exchange rate -----------------------------------------------------------------------------------


def test_the_real_rate_is_a_deciding_row_when_brl_is_chosen_and_stale_one_day_past_six_months() -> None:
    comparison = compare(currency="BRL")
    rows = deciding_rows((), comparison.currency, load_catalog())
    assert [(item.kind, item.provenance.as_of) for item in rows] == [("exchange_rate", BRL["as_of"])]
    assert rows[0].place == Place("currency", "data/currency.toml", "[currencies.BRL]")
    boundary = six_months_after(BRL["as_of"])
    assert not check_freshness(rows, boundary).stale
    stale = check_freshness(rows, date.fromordinal(boundary.toordinal() + 1)).stale
    assert [item.provenance.source for item in stale] == [BRL["source"]]


def test_the_rate_warning_says_its_date_and_how_to_update_it_in_both_languages() -> None:
    today = date.fromordinal(six_months_after(BRL["as_of"]).toordinal() + 40)
    freshness = freshness_of((), compare(today, currency="BRL"))
    months = (today.year - BRL["as_of"].year) * 12 + today.month - BRL["as_of"].month - (today.day < BRL["as_of"].day)
    (en,), (pt,) = row_lines(freshness, "en"), row_lines(freshness, "pt")
    as_of = BRL["as_of"].isoformat()
    assert en.startswith(f"Exchange rate for BRL: {BRL['source']}, as of {as_of} ({months} months old)")
    assert "R$ per US$" in en and "data/currency.toml, [currencies.BRL]" in en and "usd_to_currency" in en
    assert pt.startswith(f"Câmbio de BRL: {BRL['source']}, de {as_of} ({months} meses)")
    assert "R$ por US$" in pt and "data/currency.toml, [currencies.BRL]" in pt


def test_no_rate_row_in_us_dollars_and_a_rate_the_user_typed_is_dated_today() -> None:
    later = date(2030, 1, 1)
    assert not [item for item in freshness_of((), compare(later, currency="USD")).stale]
    typed = freshness_of((), compare(later, currency="BRL", usd_to_currency=5.0))
    assert typed.checked == 1 and not typed.stale


# --- route prices and availability ------------------------------------------------------------------------


def route(comparison, key: str):
    return next(item for item in comparison.routes if item.key == key)


def test_a_hosted_price_is_traced_to_its_file_and_table() -> None:
    comparison = compare()
    together = route(comparison, "lora/together/llama-3.1-8b")
    rows = deciding_rows([together], None, load_catalog(), load_platform_rules())
    serving = next(item for item in toml("finetune_prices.toml")["platforms"]["together"]["serving"]
                   if item.get("type") == "serverless" and item.get("model") == "llama-3.1-8b")
    traced = [item for item in rows if item.provenance.source == serving["source"]]
    assert len(traced) == 1
    assert traced[0].provenance.as_of == serving["as_of"] and traced[0].subjects == (together.title,)
    assert traced[0].place == Place("catalog", "data/finetune_prices.toml",
                                    "[[platforms.together.serving]] model = \"llama-3.1-8b\"")
    platform = toml("platforms.toml")["platforms"]["together"]
    assert ("availability", platform["as_of"]) in {(item.kind, item.provenance.as_of) for item in rows}


def test_a_gpu_price_the_comparison_reworded_is_traced_to_its_own_gpu_in_gpus_toml() -> None:
    # Several GPUs' offers share one pricing page and date: only the GPU and provider the route names tell them apart.
    comparison = compare()
    hosted = [item for item in comparison.routes if item.hosting == "self_hosted" and item.status == "open"]
    rows = deciding_rows(hosted, None, load_catalog())
    offers = {f"{gpu['name']}, {offer['provider']}: {offer['source']}":
              (key, offer["provider"], offer["as_of"], index == 0)
              for key, gpu in toml("gpus.toml")["gpus"].items() for index, offer in enumerate(gpu.get("offers", []))}
    gpu_rows = [item for item in rows if item.place.file == "data/gpus.toml"]
    assert gpu_rows
    for item in gpu_rows:
        key, provider, as_of, first = offers[item.provenance.source]
        assert item.provenance.as_of == as_of
        assert item.place == Place("catalog", "data/gpus.toml", f"[[gpus.{key}.offers]] ({provider})", first)


def test_openai_availability_rows_that_apply_to_the_model_are_checked() -> None:
    comparison = compare()
    openai = route(comparison, "full_finetune/openai/gpt-4.1-mini")
    rows = deciding_rows([openai], None, load_catalog(), load_platform_rules())
    rules = toml("platforms.toml")["platforms"]["openai"]["availability"]
    expected = {(item["source"], item["as_of"]) for item in rules
                if "model" not in item or "gpt-4.1-mini".startswith(item["model"])}
    found = {(item.provenance.source, item.provenance.as_of) for item in rows
             if item.kind == "availability" and "availability" in item.place.table}
    assert found == expected and found
    assert all(item.place.file == "data/platforms.toml" for item in rows if item.kind == "availability")


def test_the_cost_table_is_decided_by_the_cheapest_route_of_each_option() -> None:
    comparison = compare()
    chosen = routes_compared(comparison)
    assert [item.option for item in chosen if item is not None] == ["prompting", "in_context", "lora", "full_finetune"]
    for item in chosen:
        assert item.horizon_total.usd == min(other.horizon_total.usd for other in comparison.by_option(item.option)
                                             if other.horizon_total is not None
                                             and other.status not in ("closed", "unpriced"))


def test_the_json_form_reads_back_to_the_same_answer() -> None:
    freshness = freshness_of(routes_compared(compare()), compare(currency="BRL"))
    data = freshness_to_dict(freshness, "pt")
    assert freshness_from_dict(json.loads(json.dumps(data))) == freshness
    assert data["stale_after_months"] == 6 and data["cutoff"] == "2026-06-03"
    assert [item["text"] for item in data["stale"]] == list(row_lines(freshness, "pt"))


# --- where people read it ---------------------------------------------------------------------------------


def test_the_report_warns_with_the_rows_and_the_glossary_is_its_appendix() -> None:
    advice = advise(load(SAMPLE), Scenario(monthly_requests=1_000, currency="BRL"), today=TODAY)
    document = json.loads(json.dumps(advice_to_dict(advice, "en")))
    assert {item["kind"] for item in document["freshness"]["stale"]} >= {"exchange_rate"}
    markdown = render_markdown(document, "en").replace("\\", "")
    assert "Exchange rate for BRL: " in markdown and "data/currency.toml, [currencies.BRL]" in markdown
    assert "### Glossary" in markdown and "Hu et al. (2021), “LoRA: Low-Rank Adaptation" in markdown
    portuguese = render_html(document, "pt")
    assert "Câmbio de BRL" in portuguese and "Glossário" in portuguese
    del document["freshness"]  # an analysis saved before freshness was checked still renders, without it
    assert "Exchange rate for BRL" not in render_markdown(document, "en").replace("\\", "")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ADVISOR, *args], capture_output=True, text=True, timeout=300)


def test_recommend_and_costs_print_the_stale_rate_with_how_to_update_it() -> None:
    today = date.today()  # the command line dates its answer today
    rate_stale = today > six_months_after(BRL["as_of"])
    result = run("recommend", str(SAMPLE), "--monthly-requests", "1000", "--currency", "BRL", "--json")
    assert result.returncode == 0, result.stderr
    freshness = json.loads(result.stdout)["freshness"]
    assert freshness["today"] == today.isoformat()
    rates = [item for item in freshness["stale"] if item["kind"] == "exchange_rate"]
    assert bool(rates) == rate_stale
    if rate_stale:
        assert rates[0]["as_of"] == BRL["as_of"].isoformat() and rates[0]["file"] == "data/currency.toml"
    costs = run("costs", str(SAMPLE), "--monthly-requests", "1000", "--lang", "pt")
    assert costs.returncode == 0, costs.stderr
    assert ("! Câmbio de BRL" in costs.stdout) == rate_stale
    assert "fontes: " in costs.stdout  # every route's prices with their dates
    as_json = json.loads(run("costs", str(SAMPLE), "--monthly-requests", "1000", "--json").stdout)
    assert as_json["freshness"]["checked"] >= 1


def test_the_app_warns_on_the_costs_and_recommendation_steps_with_where_to_update() -> None:
    from streamlit.testing.v1 import AppTest

    rate_stale = date.today() > six_months_after(BRL["as_of"])  # the app dates its answer today, in R$ by default
    app = AppTest.from_file(str(ROOT / "page.py"), default_timeout=120)
    app.run()
    app.sidebar.radio(key="lang").set_value("en").run()
    app.sidebar.selectbox(key="sample_en").set_value("translation").run()
    for step in ("costs", "recommendation"):
        app.radio(key="step").set_value(step).run()
        assert not app.exception
        warnings = "\n".join(re.sub(r"\\(.)", r"\1", element.value) for element in app.warning)
        assert ("Exchange rate for BRL: " in warnings and "data/currency.toml, [currencies.BRL]" in warnings
                and "R$ per US$" in warnings) == rate_stale, step
    app.sidebar.radio(key="lang").set_value("pt").run()
    warnings = "\n".join(re.sub(r"\\(.)", r"\1", element.value) for element in app.warning)
    assert ("Câmbio de BRL" in warnings) == rate_stale
