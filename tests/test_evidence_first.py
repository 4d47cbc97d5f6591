"""Issue #13: quality decides when money doesn't; unverified routes never lead alone; break-even always.

Each test builds its data; the expectations come from the rule in advisor/decide/recommend.py's "evidence first"
section (money decides only past IMMATERIAL_USD and AS_CHEAP) and from FACTS.md §4b (Together's serverless LoRA
price is unverified; dedicated endpoints are the verified route).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor.cli import main

ROOT = Path(__file__).resolve().parents[1]
POSITIVE = ["adorei", "excelente", "recomendo", "ótimo", "perfeito", "maravilhoso"]
NEGATIVE = ["odiei", "péssimo", "horrível", "não recomendo", "quebrou", "terrível"]
THINGS = ["o produto", "a entrega", "o atendimento", "a embalagem", "o preço", "a qualidade"]


def easy_reviews(rows: int = 200) -> bytes:
    """Two labels a word decides: an easy task, as the issue's 200 reviews."""
    rng = random.Random(7)
    lines = []
    for i in range(rows):
        label = rng.choice(["positivo", "negativo"])
        word = rng.choice(POSITIVE if label == "positivo" else NEGATIVE)
        lines.append(json.dumps({"prompt": f"{rng.choice(THINGS)} {word}, pedido {i}", "completion": label},
                                ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode()


def recommend_json(path: Path, capsys, *extra: str) -> dict:
    assert main(["recommend", str(path), "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_an_easy_task_at_low_volume_is_measured_before_anything_is_trained(tmp_path, capsys):
    path = tmp_path / "reviews.jsonl"
    path.write_bytes(easy_reviews())
    document = recommend_json(path, capsys, "--monthly-requests", "5000")
    assert document["next_step"] == "measure"
    plan = document["measure"]
    assert plan["why"]["code"] == "measure_money_immaterial"
    assert plan["runs"] == ["zero_shot", "random", "retrieved"]
    # The LLM baselines hold out 20 % of the examples (VALIDATION_SHARE), 50 at most: 40 of 200, three runs each.
    assert (plan["cost"]["held_out"], plan["cost"]["calls"]) == (40, 120)
    assert 0 < plan["cost"]["expected"]["usd"] <= plan["cost"]["worst"]["usd"] < 1.0
    assert [point["code"] for point in plan["decisions"]] == [
        "measure_pick_prompting", "measure_pick_in_context", "measure_pick_training"]
    assert "change_measure_llm" not in {point["code"] for point in document["what_would_change"]}  # said once
    # The provisional ranking stays beside the plan.
    assert [item["option"] for item in document["ranking"]][0] in ("lora", "prompting", "in_context")


def test_at_a_volume_where_money_is_material_no_measurement_is_asked(tmp_path, capsys):
    path = tmp_path / "reviews.jsonl"
    path.write_bytes(easy_reviews())
    document = recommend_json(path, capsys, "--monthly-requests", "5000000")
    assert document["next_step"] != "measure" and document["measure"] is None


def test_an_unverified_leading_route_shows_its_verified_alternative_and_the_answer_then(tmp_path, capsys):
    path = tmp_path / "reviews.jsonl"
    path.write_bytes(easy_reviews())
    document = recommend_json(path, capsys, "--monthly-requests", "5000")
    lead = document["unverified_lead"]
    assert lead["route"]["route"] == "lora/together/llama-3.1-8b"  # serverless LoRA: FACTS §4b marks it unverified
    assert lead["verified_alternative"]["route"] == "lora/together/llama-3.1-8b/dedicated"
    # An always-on dedicated endpoint costs far more than US$ 1,000 a year over the API at 5,000 requests a month.
    assert lead["verified_alternative"]["horizon_total"]["usd"] > 1000
    assert lead["answer_if_unavailable"] != "lora"
    first = document["what_would_change"][0]
    assert first["code"] == "unverified_lead" and "dedicated endpoint" in first["text"]


def test_break_even_is_stated_even_when_one_route_is_cheaper_at_every_volume(tmp_path, capsys):
    path = tmp_path / "reviews.jsonl"
    path.write_bytes(easy_reviews())
    document = recommend_json(path, capsys, "--monthly-requests", "5000000")
    even = document["break_even"]
    assert even is not None and even["status"] in ("crosses", "always_cheaper", "never_cheaper")
    slopes = even["usd_per_1000_requests"]
    assert slopes["route"] is not None and slopes["versus"] is not None
    if even["status"] == "crosses":
        assert even["monthly_requests"] == document["break_even_monthly_requests"] > 0
    else:
        assert any(point["code"] == f"change_break_even_{even['status']}" for point in document["what_would_change"])


def test_the_app_shows_the_measurement_plan_in_both_languages(tmp_path):
    at = AppTest.from_file(str(ROOT / "page.py"), default_timeout=90)
    at.run()
    at.sidebar.radio(key="lang").set_value("en").run()
    at.file_uploader(key="upload").set_value(("reviews.jsonl", easy_reviews(), "application/jsonl")).run()
    at.session_state["monthly_requests"] = 5000
    at.radio(key="step").set_value("recommendation").run()
    assert not at.exception
    assert at.warning[0].value.startswith("Next step: **measure** before deciding.")
    shown = "\n".join(element.value for element in at.markdown)
    assert "Money does not decide here" in shown and "on 40 held-out examples each (120 calls)" in shown
    at.sidebar.radio(key="lang").set_value("pt").run()
    assert at.warning[0].value.startswith("Próximo passo: **medir** antes de decidir.")
    shown = "\n".join(element.value for element in at.markdown)
    assert "O dinheiro não decide aqui" in shown and "em 40 exemplos separados cada (120 chamadas)" in shown


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_costlier_is_said_with_its_ratio_never_as_about_as_cheap(tmp_path, capsys, lang):
    """The issue's case: "about as much as the cheapest option" printed for 29× the cheapest."""
    path = tmp_path / "reviews.jsonl"
    path.write_bytes(easy_reviews())
    document = recommend_json(path, capsys, "--monthly-requests", "5000000", "--lang", lang)
    for item in document["ranking"]:
        for point in item["reasons"]:
            if point["code"] == "as_cheap_option":
                total = item["costs"]["horizon_total"]["usd"]
                cheapest = min(other["costs"]["horizon_total"]["usd"] for other in document["ranking"]
                               if other["costs"] is not None)
                assert total - cheapest < 1000 or total <= cheapest * 1.05


def test_the_report_says_measure_first_with_the_plan_and_cites_its_sources_by_title(tmp_path):
    from advisor.data.loader import load
    from advisor.decide.advice import advice_to_dict, advise
    from advisor.pricing.scenario import Scenario
    from advisor.render.report import render_html, render_markdown

    path = tmp_path / "reviews.jsonl"
    path.write_bytes(easy_reviews())
    document = advice_to_dict(advise(load(str(path)), Scenario(monthly_requests=5000)), "en")
    markdown = render_markdown(document, "en")
    assert "Measure before deciding." in markdown and "\\(120 calls\\)" in markdown  # Markdown escapes ( and )
    assert "leads only provisionally" in markdown and "(120 calls)" in render_html(document, "en")
    assert "Meça antes de decidir." in render_markdown(document, "pt")
    # The leading option's reasons cite LoRA Land by title and year, with its address as plain text (no link).
    assert "LoRA Land: 310 Fine-tuned LLMs that Rival GPT-4" in render_html(document, "en")
    assert "arxiv.org/abs/2405.00732" in markdown
    assert "https://arxiv.org/abs/2405.00732" not in markdown
    assert "FACTS.md" not in markdown and "FACTS.md" not in render_html(document, "en")


def tickets_recommendation() -> AppTest:
    """The app, in English, on the tickets sample's recommendation step."""
    at = AppTest.from_file(str(ROOT / "page.py"), default_timeout=90)
    at.run()
    at.sidebar.radio(key="lang").set_value("en").run()
    at.sidebar.selectbox(key="sample_en").set_value("tickets").run()
    at.radio(key="step").set_value("recommendation").run()
    assert not at.exception
    return at


def test_the_app_links_each_options_sources(tmp_path):
    at = tickets_recommendation()
    captions = [caption.value for caption in at.caption if caption.value.startswith("Sources:")]
    assert any("(https://arxiv.org/abs/2405.00732)" in caption for caption in captions)  # LoRA Land, linked


def test_the_readable_cli_puts_the_measurement_first_and_calls_the_ranking_provisional(tmp_path, capsys):
    path = tmp_path / "reviews.jsonl"
    path.write_bytes(easy_reviews())
    assert main(["recommend", str(path), "--monthly-requests", "5000"]) == 0
    shown = capsys.readouterr().out
    plan, ranking = shown.index("MEASURE BEFORE DECIDING"), shown.index("Provisional ranking, until the scores are in:")
    assert plan < ranking < shown.index("★ ")
    assert "on 40 held-out examples each (120 calls)" in shown


def test_the_export_defaults_to_the_platform_the_answer_trains_on_until_the_user_picks():
    """Issue #14 item 9: not OpenAI (closed to new customers) but the leading training route's platform."""
    at = tickets_recommendation()
    lora = next(item for item in recommendation_of(at) if item["option"] == "lora")
    assert at.selectbox(key="export_target").value == lora["data_fit"]["export_target"] == "together"
    at.selectbox(key="export_target").set_value("sharegpt").run()
    at.sidebar.radio(key="lang").set_value("pt").run()
    assert at.selectbox(key="export_target").value == "sharegpt"  # the user's pick stays


def recommendation_of(at: AppTest) -> list[dict]:
    """The ranking the app shows, recomputed through the CLI's JSON for the same sample and scenario."""
    from advisor.data.samples import sample
    from advisor.decide.advice import advise
    from advisor.decide.recommend import recommendation_to_dict
    from advisor.pricing.scenario import scenario_from_dict

    chosen = sample("tickets")
    advice = advise(chosen.load(), scenario_from_dict(chosen.scenario_fields))
    return recommendation_to_dict(advice.recommendation)["ranking"]


def test_annotators_who_disagree_cap_the_target_any_option_can_reach(tmp_path, capsys):
    """Issue #13 item 6: a second annotator agreeing with the label on 70 % of the items caps accuracy at 0.70."""
    rng = random.Random(11)
    lines = ["text,label,label_2"]
    for i in range(300):
        label = rng.choice(["positive", "negative"])
        word = rng.choice(POSITIVE if label == "positive" else NEGATIVE)
        other = label if i % 10 < 7 else ("negative" if label == "positive" else "positive")
        lines.append(f"{rng.choice(THINGS)} {word} {i},{label},{other}")
    path = tmp_path / "rated.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    document = recommend_json(path, capsys, "--monthly-requests", "5000")
    assert document["target"] == pytest.approx(0.70, abs=1e-9)
    reason = next(point for point in document["confidence_reasons"] if point["code"] == "confidence_label_ceiling")
    assert reason["args"]["ceiling"] == "0.70" and reason["args"]["target"] == "0.70"


def test_lora_land_is_cited_for_narrow_tasks_only(tmp_path, capsys):
    """Issue #13 item 4: an open-ended answer set that nearest neighbours already match gets no LoRA Land claim."""
    rows = [json.dumps({"prompt": f"Write a thank-you note for order {i} of the {item}",
                        "completion": f"Thank you for ordering the {item}! Order {i} ships this week."})
            for i in range(300) for item in ("lamp",)]
    path = tmp_path / "notes.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    document = recommend_json(path, capsys, "--monthly-requests", "5000000")
    codes = {point["code"]: point for item in document["ranking"] for point in item["reasons"]}
    assert "learnable_offline" not in codes and "sources" not in codes["learnable_offline_open"]


def test_preference_training_names_pairs_that_teach_nothing_and_the_length_shortcut(tmp_path, capsys):
    """Issue #18 (before/after point 3): identical pairs and a 'longer wins' shortcut were found by the profile
    but said nowhere in the advice."""
    rows = []
    for i in range(200):
        chosen = f"Olá! Sentimos muito pelo atraso do pedido {i}; ele chega amanhã e o frete volta para você."
        rows.append({"prompt": f"Cliente {i} reclama do atraso", "chosen": chosen,
                     "rejected": chosen if i in (5, 50, 150) else f"Atrasou {i}."})
    path = tmp_path / "pairs.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    document = recommend_json(path, capsys, "--monthly-requests", "5000000")
    lora = next(item for item in document["ranking"] if item["option"] == "lora")
    risks = {point["code"]: point["args"] for point in lora["risks"]}
    assert risks["pairs_teach_nothing"] == {"identical": 3, "reversed": 0, "pairs": "200"}
    assert risks["pairs_length_shortcut"] == {"share": "100%", "compared": "197"}  # 197 pairs differ in length
