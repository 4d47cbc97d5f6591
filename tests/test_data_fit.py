"""Issue #18, item 2: every training route says whether its platform takes this data — as it is, after the
export's conversion, or not at all — and a route that cannot take it never stands for its option silently.

The platform facts are FACTS.md §3 (late 2026): OpenAI and Together take tool-call records (Together only for
the bases its function-calling page lists: Llama 3.1 yes, Gemma 2 no); Fireworks' SFT page documents system,
user and assistant roles only; OpenAI has no plain-text (continued pre-training) format; Together takes the
general text format.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from advisor.cli import main
from advisor.data.loader import load
from advisor.data.model import Issue
from advisor.decide.data_fit import DataShape, fit_of, shape_of
from advisor.decide.recommend import Evidence, recommend, recommendation_to_dict
from advisor.i18n.messages import Note
from advisor.pricing.comparison import Comparison, Route
from advisor.pricing.costs import Money
from advisor.pricing.scenario import Scenario
from advisor.profiling.profile import profile

TOOLS = [{"type": "function", "function": {
    "name": "track_order", "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}},
                                          "required": ["order_id"]}}}]


def tool_call_file(tmp_path, rows: int = 120):
    path = tmp_path / "calls.jsonl"
    with path.open("w") as handle:
        for i in range(rows):
            call = {"id": f"c{i}", "type": "function",
                    "function": {"name": "track_order", "arguments": json.dumps({"order_id": f"P-{1000 + i}"})}}
            record = {"messages": [{"role": "user", "content": f"Where is order P-{1000 + i}?"},
                                   {"role": "assistant", "content": None, "tool_calls": [call]}], "tools": TOOLS}
            handle.write(json.dumps(record) + "\n")
    return path


def corpus_file(tmp_path, rows: int = 120):
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps({"text": f"Note {i}: the patient received {i} mg of furosemide."}) + "\n"
                            for i in range(rows)))
    return path


def recommend_json(path, *extra: str, capsys) -> dict:
    assert main(["recommend", str(path), "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def option(document: dict, name: str) -> dict:
    return next(item for item in document["ranking"] if item["option"] == name)


def test_tool_call_data_trains_on_together_llama_as_it_is(tmp_path, capsys):
    lora = option(recommend_json(tool_call_file(tmp_path), capsys=capsys), "lora")
    assert lora["costs"]["route"] == "lora/together/llama-3.1-8b"
    assert lora["data_fit"]["fit"] == "as_is" and lora["data_fit"]["platform"] == "together"
    assert lora["data_fit"]["export_target"] == "together"


def test_a_corpus_never_lets_openai_stand_for_full_fine_tuning(tmp_path, capsys):
    """OpenAI's route is the cheapest full fine-tuning one here, but OpenAI has no plain-text format."""
    document = recommend_json(corpus_file(tmp_path), capsys=capsys)
    full = option(document, "full_finetune")
    assert full["costs"]["route"].startswith("full_finetune/self_hosted/")
    assert full["data_fit"] == {"fit": "as_is", "platform": "self_hosted", "code": "fit_as_is",
                                "text": "self-hosted training (TRL) takes this data as it is: its checks found no "
                                "error in the file.", "export_target": None}
    left_out = [risk for risk in full["risks"] if risk["code"] == "route_refuses_data"]
    assert len(left_out) == 1
    assert left_out[0]["text"].startswith("OpenAI fine-tuning of gpt-4.1-mini")
    assert "OpenAI does not fine-tune on a plain-text corpus" in left_out[0]["text"]
    assert option(document, "lora")["data_fit"]["fit"] == "as_is"  # Together's general text format


def test_the_same_advice_in_portuguese_names_the_refusal_in_portuguese(tmp_path, capsys):
    full = option(recommend_json(corpus_file(tmp_path), "--lang", "pt", capsys=capsys), "full_finetune")
    text = next(risk["text"] for risk in full["risks"] if risk["code"] == "route_refuses_data")
    assert "fica de fora: OpenAI não faz ajuste fino com um corpus de texto puro" in text


# --- the choice among routes, on routes built by hand --------------------------------------------------------


def route(key: str, usd: float, model: str) -> Route:
    return Route(option=key.split("/")[0], key=key, label=key, hosting="hosted", model=model, tokens_note=Note("tokens_none"),
                 training=Money.of(usd / 2), training_detail=Note("nothing_to_train"), monthly=Money.of(usd / 24),
                 monthly_detail=Note("nothing_to_train"),
                 horizon_total=Money.of(usd), status="open")


def comparison(*routes: Route) -> Comparison:
    from advisor.pricing.catalog import load_catalog

    api = [replace(route(f"{name}/api/gpt-4.1-mini", 500.0, "gpt-4.1-mini"), hosting="api")
           for name in ("prompting", "in_context")]
    return Comparison(scenario=Scenario(monthly_requests=10_000), today=date(2026, 12, 3), currency=load_catalog().currency("USD"),
                      routes=(*api, *routes), break_even=(), closed=(), assumptions=(), notes=(), tokens=())


@pytest.fixture(scope="module")
def tool_profile(tmp_path_factory):
    dataset = load(str(tool_call_file(tmp_path_factory.mktemp("calls"))))
    return dataset, profile(dataset)


def test_a_cheaper_route_whose_base_takes_no_tool_calls_is_left_out_and_named(tool_profile):
    dataset, found = tool_profile
    gemma = route("lora/together/gemma-2-9b", 100.0, "gemma-2-9b")  # cheaper, but Gemma 2 is not a listed base
    llama = route("lora/together/llama-3.1-8b", 300.0, "llama-3.1-8b")
    result = recommend(found, Evidence(), comparison(gemma, llama), shape=shape_of(dataset))
    lora = next(item for item in result.ranking if item.option == "lora")
    assert lora.route.key == "lora/together/llama-3.1-8b"
    risk = next(point for point in lora.risks if point.code == "route_refuses_data")
    assert risk.text().startswith("lora/together/gemma-2-9b (US$ 100.00) is left out: Together AI fine-tunes on "
                                  "tool-call data only for Qwen 2.5/3/3.5, Llama 3.1/3.2/3.3/4")
    assert "not gemma-2-9b" in risk.text()
    assert recommendation_to_dict(result)["ranking"][[item.option for item in result.ranking].index("lora")][
        "data_fit"]["fit"] in ("as_is", "converted")


def test_an_option_whose_every_route_refuses_the_data_is_not_advised(tool_profile):
    dataset, found = tool_profile
    routes = (route("lora/together/gemma-2-9b", 100.0, "gemma-2-9b"),
              route("lora/fireworks/llama-3.1-8b", 200.0, "llama-3.1-8b"))
    result = recommend(found, Evidence(), comparison(*routes), shape=shape_of(dataset))
    lora = next(item for item in result.ranking if item.option == "lora")
    assert lora.route is None and lora.blocked and lora.verdict == "not_advised"
    codes = [point.code for point in lora.risks]
    assert codes.count("route_refuses_data") == 1 and "routes_refuse_data" in codes and "no_route_takes_data" in codes
    assert "no_open_route" not in codes  # the routes are open: the data is what they refuse
    assert result.best.option != "lora"


def test_fireworks_refuses_tool_calls_and_says_where_that_comes_from(tool_profile):
    dataset, _ = tool_profile
    fit = fit_of(route("lora/fireworks/llama-3.1-8b", 1.0, "llama-3.1-8b"), shape_of(dataset))
    assert (fit.fit, fit.code) == ("refused", "fit_kind_refused")
    assert "Fireworks AI does not fine-tune on tool-call data (Fireworks docs" in fit.text()
    assert "Fireworks AI não faz ajuste fino com dados de chamadas de ferramentas" in fit.text("pt")


def test_a_rule_no_conversion_fixes_refuses_the_route_with_the_platforms_reason():
    few = Issue(0, "error", "too_few_examples", (("platform", "OpenAI"), ("count", 8), ("minimum", 10)), "openai")
    shape = DataShape(kinds=(("supervised", 8),), formats=("openai_chat",), errors=(("openai", (few,)),),
                      checked=("openai",))
    fit = fit_of(route("full_finetune/openai/gpt-4.1-mini", 1.0, "gpt-4.1-mini"), shape)
    assert fit.fit == "refused"
    assert fit.text() == ("OpenAI refuses this file whatever its layout: The file has 8 examples; OpenAI needs at "
                          "least 10 and will reject it. Add examples.")
    assert "exige pelo menos 10" in fit.text("pt")


def test_a_fixable_format_error_means_the_export_converts():
    table = Issue(0, "info", "format_needs_export", (("platform", "Together AI"),), "together")
    shape = DataShape(kinds=(("supervised", 80),), formats=("table",), errors=(("together", (table,)),),
                      checked=("together",))
    fit = fit_of(route("lora/together/llama-3.1-8b", 1.0, "llama-3.1-8b"), shape)
    assert (fit.fit, fit.export_target) == ("converted", "together")
    assert "“advisor export --to together”" in fit.text()
    clean = replace(shape, errors=())
    assert fit_of(route("lora/together/llama-3.1-8b", 1.0, "llama-3.1-8b"), clean).fit == "as_is"
    # Prompting and in-context train nothing: no fit to state.
    assert fit_of(route("prompting/api/gpt-4.1-mini", 1.0, "gpt-4.1-mini"), shape) is None


def test_the_app_says_on_the_lora_card_whether_its_platform_takes_the_data():
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from advisor.render.escaping import escape_md

    app = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "page.py"), default_timeout=120)
    app.run()
    app.sidebar.radio(key="lang").set_value("en").run()
    app.sidebar.selectbox(key="sample_en").set_value("store_tool_calls").run()  # tool calls, Together's Llama 3.1
    app.radio(key="step").set_value("recommendation").run()
    assert not app.exception
    captions = [caption.value for caption in app.caption]  # as sent: through the one escaping helper
    assert escape_md("Together AI takes this data as it is: its checks found no error in the file.") in captions
    app.sidebar.radio(key="lang").set_value("pt").run()
    assert escape_md("Together AI aceita estes dados como estão: as verificações dela não acharam erro no "
                     "arquivo.") in [caption.value for caption in app.caption]
