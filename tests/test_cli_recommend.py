"""`advisor recommend` end to end: the JSON contract, the saved analysis, and LLM runs only within a budget."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.decide.advice import load_document
from tests.llm_server import LLMServer, classification_rows, last_user_text, true_label, write_jsonl

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def recommend(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, dict]:
    status = main(["recommend", *args, "--json"])
    out = capsys.readouterr().out
    return status, json.loads(out) if out.strip() else {}


def test_the_json_has_the_documented_keys_and_every_option(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    saved = tmp_path / "analysis.json"
    status, data = recommend(capsys, str(FIXTURES / "openai_chat.jsonl"), "--task", "Answer questions",
                             "--monthly-requests", "1000", "--save-analysis", str(saved))
    assert status == 0
    assert {"ranking", "confidence", "break_even_monthly_requests", "what_would_change", "hyperparameters"} <= set(data)
    assert sorted(item["option"] for item in data["ranking"]) == ["full_finetune", "in_context", "lora", "prompting"]
    assert all({"option", "verdict", "score", "reasons", "costs"} <= set(item) for item in data["ranking"])
    assert data["ranking"][0]["verdict"] == "recommended"
    document = load_document(saved)
    freshness = data.pop("freshness")  # the saved analysis holds it beside the recommendation
    assert document["task"] == "Answer questions" and document["recommendation"] == data
    assert document["freshness"] == freshness and freshness["today"] == document["created"]
    assert document["analysis"]["examples_kept"] == 3  # the fixture's three examples


def test_no_call_without_a_budget_and_calls_within_it(capsys: pytest.CaptureFixture, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_jsonl(tmp_path / "things.jsonl", classification_rows(150))
    monkeypatch.setenv("TEST_KEY", "sk-secret-123")
    with LLMServer(rule=lambda body: true_label(last_user_text(body))) as server:
        common = [str(path), "--monthly-requests", "5000", "--model", "test-model", "--base-url", server.base_url,
                  "--price-in", "1", "--price-out", "4", "--api-key-env", "TEST_KEY", "--no-cache", "--sample", "20"]
        status, unapproved = recommend(capsys, *common)
        assert status == 0 and server.requests == []  # no budget approved: nothing sent
        assert "llm_not_measured" in {point["code"] for item in unapproved["ranking"] for point in item["risks"]}
        saved = tmp_path / "analysis.json"
        status, approved = recommend(capsys, *common, "--budget", "0.5", "--save-analysis", str(saved))
    assert status == 0 and server.requests
    assert all(record.headers["authorization"] == "Bearer sk-secret-123" for record in server.requests)
    assert approved["ranking"][0]["option"] == "prompting"  # the server is always right: zero-shot meets the target
    assert "sk-secret-123" not in saved.read_text(encoding="utf-8")


def test_a_bad_scenario_is_one_clear_line(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["recommend", str(FIXTURES / "openai_chat.jsonl"), "--horizon", "0"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err == "advisor: --horizon must be a whole number from 1 to 120, not '0'\n"


def test_many_labels_the_reasons_say_how_many_logistic_regression_modelled(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    # 70 labels of 5 examples each: logistic regression models the 50 most frequent (ties alphabetical)
    rows = [{"messages": [{"role": "user", "content": f"ticket {copy} about thing{label}"},
                          {"role": "assistant", "content": f"queue{label}"}]} for label in range(70) for copy in range(5)]
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    status, data = recommend(capsys, str(path), "--monthly-requests", "1000")
    assert status == 0
    reasons = [point for item in data["ranking"] for point in item["reasons"]
               if point["code"] == "offline_classes_capped"]
    assert reasons and "only the 50 most frequent of 70 labels (71% of the examples)" in reasons[0]["text"]


def skewed_reviews(majority: int = 350, minority: int = 10, seed: int = 7) -> list[dict]:
    """Reviews labelled positive or negative at majority:minority, each with distinct text."""
    import random

    rng = random.Random(seed)
    good = "great excellent lovely perfect happy fast solid recommend".split()
    bad = "broken awful refund late useless cracked rude terrible".split()
    neutral = "product order box delivery item package store price colour size".split()
    rows = []
    for number in range(majority + minority):
        label, words = ("positive", good) if number < majority else ("negative", bad)
        text = f"review {number}: " + " ".join(rng.sample(words, 2) + rng.sample(neutral, 3))
        rows.append({"messages": [{"role": "user", "content": text}, {"role": "assistant", "content": label}]})
    rng.shuffle(rows)
    return rows


def every_text(data: dict) -> list[str]:
    points = [point for item in data["ranking"] for point in item["reasons"] + item["risks"]]
    return [point["text"] for point in points + data["confidence_reasons"] + data["what_would_change"]]


def test_skewed_labels_are_scored_by_macro_f1_and_their_imbalance_is_not_low(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    # 350 vs 10 (35:1): the majority class alone scores 350/360 = 0.972 accuracy, so accuracy argues nothing.
    path = write_jsonl(tmp_path / "skewed.jsonl", skewed_reviews())
    saved = tmp_path / "analysis.json"
    status, data = recommend(capsys, str(path), "--monthly-requests", "1000", "--save-analysis", str(saved))
    assert status == 0
    assert data["metric"] == "macro_f1" and data["target"] == 0.8
    assert not [text for text in every_text(data) if "accuracy" in text]
    assert data["confidence"] != "high"
    assert "confidence_rare_label" in {point["code"] for point in data["confidence_reasons"]}
    document = load_document(saved)
    imbalance = [finding for finding in document["analysis"]["profile"]["findings"]
                 if finding["code"] == "label_imbalance"]
    assert [finding["severity"] for finding in imbalance] == ["high"]  # 35:1 (≥ 10) and 10 examples (< 250)
    assert document["baselines"]["learning_curve"]["metric"] == "macro_f1"
    rare = document["baselines"]["offline_evaluation"]["rare_class_recall"]
    assert rare[0]["label"] == "negative" and rare[0]["examples"] == 10 and 0 <= rare[0]["recall"] <= 1
    from advisor.render.report import render_markdown

    report = render_markdown(document, "pt").replace("\\", "")
    assert "Avaliado em todos os 360 exemplos distintos de 360." in report
    assert "Recall dos rótulos mais raros" in report and "“negative”" in report


def test_copies_are_not_evidence_a_tripled_file_argues_from_the_same_counts(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    rows = classification_rows(400)
    counted = {}
    for name, content in (("once", rows), ("thrice", rows * 3)):
        saved = tmp_path / f"{name}.json"
        status, data = recommend(capsys, str(write_jsonl(tmp_path / f"{name}.jsonl", content)),
                                 "--monthly-requests", "1000", "--save-analysis", str(saved))
        assert status == 0
        points = [point for item in data["ranking"] for point in item["reasons"]] + data["confidence_reasons"]
        baselines = load_document(saved)["baselines"]
        counted[name] = (
            sorted((point["code"], key, str(value)) for point in points for key, value in point["args"].items()
                   if key in ("examples", "n", "needed")),
            [point["examples"] for point in baselines["learning_curve"]["points"]],
            baselines["offline_evaluation"]["examples"],
        )
    assert counted["thrice"] == counted["once"]
    assert ("confidence_offline_evidence", "n", "400") in counted["once"][0]
    assert counted["once"][2] == 400


def test_recommend_works_on_both_cores_and_finds_what_working_in_turn_finds(tmp_path: Path) -> None:
    """`measured` analyses in one forked child and prices the measurement plan with the curve in another (issue 15):
    each child's result must come back (a result that does not pickle is silently worked out again in the parent,
    so this checks each function ran once, in a child) and equal the steps run one after another in one process."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent("""
        import json, os, pickle, sys
        from advisor.baselines.forked import can_fork
        from advisor.commands import recommend
        from advisor.commands.recommend import DEFAULT_REQUESTS, measured
        from advisor.data.loader import load
        from advisor.decide.advice import measure_evidence, measurement_cost
        from advisor.analysis import analysis_to_dict, analyze
        from advisor.pricing.comparison import compare_options, comparison_to_dict, measure_tokens
        from advisor.pricing.scenario import scenario_from_dict

        assert can_fork()
        parent, ran = os.getpid(), sys.argv[2]

        def noted(function):
            def run(*args):
                with open(ran, "a") as out:
                    out.write(f"{function.__name__} {os.getpid() != parent}\\n")
                return function(*args)
            return run

        recommend.analysis_and_book = noted(recommend.analysis_and_book)
        recommend.curve_and_measurement_cost = noted(recommend.curve_and_measurement_cost)
        dataset = load(sys.argv[1])
        scenario = scenario_from_dict({"monthly_requests": DEFAULT_REQUESTS})
        analysis, evidence, comparison, cost = measured(dataset, scenario, 0.85)
        alone = analyze(dataset)
        book = measure_tokens(dataset)
        in_turn = measure_evidence(dataset, alone.profile.task_kind, 0.85)
        assert analysis.read == dataset.summary()
        assert analysis_to_dict(analysis) == analysis_to_dict(alone)
        assert evidence.offline == in_turn.offline and evidence.curve == in_turn.curve and evidence.llm is None
        assert comparison_to_dict(comparison) == comparison_to_dict(compare_options(book, scenario))
        assert cost == measurement_cost(dataset, compare_options(book, scenario)) and cost is not None
        # With another thread running nothing is forked (advisor/baselines/forked.py): the same, in turn, and the
        # plan's cost left to advise, which prices it only if measuring is the next step.
        import threading
        stop = threading.Event()
        threading.Thread(target=stop.wait).start()
        try:
            analysis, evidence, comparison, cost = measured(dataset, scenario, 0.85)
        finally:
            stop.set()
        assert analysis_to_dict(analysis) == analysis_to_dict(alone) and cost is None
        assert evidence.offline == in_turn.offline and evidence.curve == in_turn.curve
        print(json.dumps({"best": evidence.offline.best().strategy, "target": evidence.curve.target}))
    """)
    ran = tmp_path / "ran.txt"
    done = subprocess.run([sys.executable, "-c", script, "data/samples/intent_conflicts.jsonl", str(ran)],
                          capture_output=True, text=True, timeout=300, check=False, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.splitlines()[-1])["target"] == 0.85
    assert ran.read_text().splitlines() == ["analysis_and_book True", "curve_and_measurement_cost True",
                                            "analysis_and_book False", "curve_and_measurement_cost False"]
