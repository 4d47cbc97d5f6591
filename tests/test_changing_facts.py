"""Issue #18 item 8: answers made of facts that change (prices, stock) are retrieved into the prompt, not trained.

The data is built here: Q&A pairs about product prices and stock whose answers hold values the question does
not ("Quanto custa o produto X?" -> "R$ 12,90, 14 em estoque"), so every answer is such a fact by construction.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import advisor
from advisor.cli import main
from advisor.data.loader import load_bytes
from advisor.i18n.messages import render
from advisor.pricing.scenario import Scenario, ScenarioError, load_scenario, scenario_from_dict
from advisor.profiling.checks.base import prepare
from advisor.profiling.checks.changing_facts import FACTS, facts_in, find_changing_facts
from advisor.profiling.profile import profile
from tests.llm_server import classification_rows, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
ITEMS = ("caneta", "caderno", "mochila", "garrafa", "lanterna", "tesoura", "régua", "estojo", "agenda", "cola")
COLOURS = ("azul", "preta", "verde", "vermelha", "branca", "amarela")


def price_rows(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        item = f"{rng.choice(ITEMS)} {rng.choice(COLOURS)} modelo {1000 + index}"
        price, stock = f"{rng.randint(2, 480)},{rng.randint(0, 99):02d}", rng.randint(0, 250)
        question = rng.choice(("Quanto custa o produto {}?", "Qual o preço e o estoque de {}?", "Tem {} em estoque?"))
        answer = rng.choice(("R$ {p}, {s} em estoque", "Custa R$ {p} e há {s} unidades disponíveis.",
                             "R$ {p} ({s} unidades)"))
        rows.append({"messages": [{"role": "user", "content": question.format(item)},
                                  {"role": "assistant", "content": answer.format(p=price, s=stock)}]})
    return rows


def jsonl(rows: list[dict]) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()


def facts_of(rows: list[dict]):  # noqa: ANN201 - ChangingFacts
    return find_changing_facts(prepare(load_bytes(jsonl(rows), "data.jsonl")))


def recommend(capsys: pytest.CaptureFixture, *args: str) -> dict:
    assert main(["recommend", "--monthly-requests", "10000", *args, "--json"]) == 0  # a later volume wins
    return json.loads(capsys.readouterr().out)


def reasons(data: dict, option: str) -> dict[str, dict]:
    item = next(item for item in data["ranking"] if item["option"] == option)
    return {point["code"]: point for point in item["reasons"]}


# --- the detector -------------------------------------------------------------------------------------------


def test_price_and_stock_answers_are_detected_as_changing_facts() -> None:
    found = facts_of(price_rows(300))
    # Every answer holds a price the question does not: 300 of 300 by construction.
    assert (found.answers, found.fact_answers) == (300, 300)
    assert found.distinct_share > 0.9  # random prices and stock: almost every answer's values are its own
    assert found.detected
    finding = found.findings()[0]
    assert finding.code == "changing_facts" and len(finding.lines) == 300
    assert "300 of 300 answers (100%)" in render(finding.code, finding.args, "en")
    assert "300 de 300 respostas (100%)" in render(finding.code, finding.args, "pt")
    assert profile(load_bytes(jsonl(price_rows(300)), "p.jsonl")).summary()["changing_facts"]["detected"] is True


def test_values_read_from_the_input_one_shared_fee_or_a_date_in_prose_are_not_changing_facts() -> None:
    rng = random.Random(3)
    copied = []  # extraction: the amount and the date are in the input
    for index in range(100):
        amount, day = f"{rng.randint(10, 999)},{rng.randint(0, 99):02d}", f"{rng.randint(1, 28):02d}/03/2024"
        copied.append({"messages": [
            {"role": "user", "content": f"Nota {index}: total R$ {amount}, emitida em {day}."},
            {"role": "assistant", "content": f'{{"total": "R$ {amount}", "data": "{day}"}}'}]})
    fee = [{"messages": [{"role": "user", "content": f"Qual a taxa de entrega para o pedido {index}?"},
                         {"role": "assistant", "content": "R$ 9,90"}]} for index in range(100)]
    prose = [{"messages": [{"role": "user", "content": f"Resuma a consulta {index}."},
                           {"role": "assistant", "content": "Paciente relata dor lombar há duas semanas, sem febre, "
                            "com piora ao esforço e melhora em repouso; retorno marcado para "
                            f"{rng.randint(1, 28):02d}/04/2024 com exames de imagem."}]} for index in range(100)]
    assert facts_of(copied).fact_answers == 0
    assert facts_of(fee).fact_answers == 100 and facts_of(fee).distinct_share == 0.01 and not facts_of(fee).detected
    assert facts_of(prose).fact_answers == 0  # one date is about 6 % of a 170-character answer
    assert not facts_of(classification_rows(300)).detected


def test_no_bundled_sample_is_taken_for_changing_facts() -> None:
    import tomllib

    for entry in tomllib.loads((SAMPLES / "samples.toml").read_text(encoding="utf-8"))["sample"]:
        dataset = advisor.load(SAMPLES / entry["file"], input_col=entry.get("input_col"),
                               output_col=entry.get("output_col"))
        assert not find_changing_facts(prepare(dataset)).detected, entry["id"]


# Whole facts of every FACTS branch, near misses of them, and what can fool a shortcut: digits that are
# not ASCII (Arabic-Indic, full-width), characters that match others only case-insensitively (ſ, K Kelvin,
# İ, ı), spaces that are not " ", and digits glued to letters or to each other. Short answers, so that
# one fact often stands alone (a shortcut that misses one branch is caught only then).
FACT_PIECES = ("R$ 12,90", "US$3", "$ 1.000", "€5", "£ 7", "us$12", "12 reais", "3REAL", "5 dólares", "1 Dollar",
               "20euros", "7 usd", "9 BRL", "4EUR", "12 unidades", "1 Units", "3 itens", "2ITEM", "4 peças",
               "5 pecas", "6pcs", "7 caixa", "8 boxes", "9 em estoque", "10 IN STOCK", "11 disponíveis",
               "12available", "12/3/24", "1/12/2024", "2024-12-03", "3,50", "12.00", "ABC-123", "AB1234",
               "SKU12345", "abc-123", "A-123", "ABCDEF123", "12/2024", "2024-12", "3,5", "12.000", "R$", "$",
               "€", "12", "3", "٣", "１", "٣,٣٣", "١٢ unidades", "1２/3/24", ",", ".", "/", "-", ":", " ",
               "\u00a0", "\t", "\n", "reais", "Units", "in stock", "AB", "abc", "X", "é", "ſ", "\u212a", "İ", "ı",
               "#", "_")


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(FACT_PIECES), max_size=6).map("".join))
@example("Custa R$ 12,90 e há 14 unidades disponíveis, código ABC-1234, até 03/12/2024 ou 2024-12-03.")
@example("pedido #123456 chegou; 12 pcs, 3,50 USD, £7, €１２,٣٣, SKU12345")
def test_facts_in_finds_what_the_full_pattern_finds(answer: str) -> None:
    """`facts_in` skips FACTS on answers its shortcut says hold no fact; the shortcut must never be wrong."""
    assert facts_in(answer) == FACTS.findall(answer)


# --- the recommendation, through the command line ----------------------------------------------------------


def test_detected_changing_facts_put_retrieval_first_not_lora(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "prices.jsonl", price_rows(1200))
    data = recommend(capsys, str(path))
    assert data["next_step"] == "in_context"
    lora = reasons(data, "lora")["facts_change_detected"]
    assert lora["weight"] < 0 and "1,200 of 1,200 answers" in lora["text"]
    for cited in ("Ovadia", "Fine-Tuning or Retrieval?", "Gekhman et al., 2024",
                  "Does Fine-Tuning LLMs on New Knowledge Encourage Hallucinations?", "only for format or style"):
        assert cited in lora["text"]
    assert "facts_change_detected" in reasons(data, "full_finetune")
    retrieve = reasons(data, "in_context")["facts_change_retrieve"]
    in_context = next(item for item in data["ranking"] if item["option"] == "in_context")
    assert retrieve["args"]["total"] in retrieve["text"]  # the in-context route's own cost, as the costs show it
    assert in_context["costs"]["horizon_total"]["usd"] > 0 and retrieve["args"]["route"]["text"] == in_context["costs"]["label"]


def test_the_facts_change_flag_turns_lora_into_retrieval(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "things.jsonl", classification_rows(600))  # no fact in the answers
    # At three million requests a month money is material (issue #13), so the answer is LoRA, not "measure".
    before = recommend(capsys, str(path), "--monthly-requests", "3000000")
    assert before["next_step"] == "lora"
    assert "facts_change_retrieve" not in reasons(before, "in_context")
    saved = tmp_path / "scenario.json"
    after = recommend(capsys, str(path), "--monthly-requests", "3000000", "--facts-change", "--save-scenario",
                      str(saved))
    assert after["next_step"] == "in_context"
    assert reasons(after, "in_context")["facts_change_retrieve"]["text"].startswith(
        "Retrieve the current facts into the prompt")
    assert reasons(after, "lora")["facts_change_declared"]["weight"] < 0
    assert load_scenario(saved).facts_change is True


# --- the scenario --------------------------------------------------------------------------------------------


def test_facts_change_survives_the_scenario_json_and_refuses_a_non_boolean(tmp_path: Path) -> None:
    scenario = Scenario(monthly_requests=1000, facts_change=True)
    path = tmp_path / "scenario.json"
    scenario.save(path)
    assert json.loads(path.read_text(encoding="utf-8"))["facts_change"] is True
    assert load_scenario(path) == scenario
    assert Scenario(monthly_requests=1000).facts_change is False
    with pytest.raises(ScenarioError, match="facts_change must be true or false"):
        scenario_from_dict({"monthly_requests": 1000, "facts_change": "yes"})


# --- the app -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "label", "answer"), [
    ("en", "The answers depend on facts that change (prices, stock, dates)", "Answer: **In-context learning**"),
    ("pt", "As respostas dependem de fatos que mudam (preços, estoque, datas)",
     "Resposta: **Aprendizado em contexto**"),
])
def test_the_app_checkbox_changes_the_recommendation(lang: str, label: str, answer: str) -> None:
    app = AppTest.from_file(str(ROOT / "page.py"), default_timeout=60)
    app.run()
    app.sidebar.radio(key="lang").set_value(lang).run()
    app.sidebar.selectbox(key=f"sample_{lang}").set_value("tickets").run()  # a sample whose answer is LoRA
    app.radio(key="step").set_value("recommendation").run()
    assert app.success[0].value.split("**")[1] == "LoRA"
    app.radio(key="step").set_value("costs").run()
    box = app.checkbox(key="facts_change")
    assert box.label == label and box.value is False
    box.check().run()
    app.radio(key="step").set_value("recommendation").run()
    assert not app.exception
    assert app.success[0].value.startswith(answer)
