"""A plain-text corpus is a corpus (issue #18, item 4): documents have no inputs, so no conflicts, and the
advice is domain adaptation, not "fix the data first"."""

from __future__ import annotations

import json
import random
import string
from pathlib import Path

import pytest

from advisor.baselines.offline import MESSAGES as OFFLINE_MESSAGES
from advisor.cli import main
from advisor.i18n.messages import CATALOG

rng = random.Random(18)
VOCABULARY = ["".join(rng.choice(string.ascii_lowercase) for _ in range(7)) for _ in range(3000)]


def document(words: int = 60) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(words))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    documents = [document() for _ in range(120)]
    documents.append(documents[0])  # line 121: an exact copy of line 1
    words = documents[4].split()
    documents.append(" ".join(words[:30] + ["changed"] + words[31:]))  # line 122: line 5 with one word changed
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    path.write_text("".join(json.dumps({"text": text}) + "\n" for text in documents), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def distinct_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "distinct.jsonl"
    path.write_text("".join(json.dumps({"text": document()}) + "\n" for _ in range(100)), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture, *args: str) -> dict:
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_documents_without_inputs_have_no_conflicts_only_their_copies(capsys: pytest.CaptureFixture,
                                                                      corpus: Path) -> None:
    profile = run(capsys, "analyze", str(corpus))["profile"]
    assert profile["task_kind"] == "corpus"
    assert profile["task_evidence"]["plain_text_documents"] == 122
    assert profile["conflicting_groups"] == 0 and profile["varied_answer_groups"] == 0
    assert profile["exact_duplicates"] == [[1, 121]]
    codes = {finding["code"] for finding in profile["findings"]}
    assert "conflicting_answers" not in codes and "exact_duplicates" in codes
    assert profile["sizes"]["examples"] == 122


def test_near_duplicate_documents_are_compared_by_their_text(capsys: pytest.CaptureFixture, corpus: Path) -> None:
    near = run(capsys, "analyze", str(corpus))["profile"]["near_duplicates"]
    # Word bigrams: 59 per 60-word document; one word changed drops 2 and adds 2, so Jaccard = 57 / 61.
    assert [(pair["lines"], round(pair["similarity"], 3)) for pair in near] == [([5, 122], round(57 / 61, 3))]
    # A corpus has no inputs and answers: the finding speaks of documents (before/after table of issue #18).
    findings = {finding["code"]: finding for finding in run(capsys, "analyze", str(corpus))["profile"]["findings"]}
    assert "near_duplicates" not in findings
    assert findings["near_duplicate_documents"]["message"].startswith(
        "1 pair of near-duplicate documents (1 cluster, 2 documents)")


def test_a_corpus_is_routed_to_domain_adaptation_not_to_fixing_the_data(capsys: pytest.CaptureFixture,
                                                                         distinct_corpus: Path) -> None:
    advice = run(capsys, "recommend", str(distinct_corpus), "--task", "adapt to our domain")
    assert advice["fix_first"] == [] and advice["next_step"] != "fix_data"
    assert advice["ranking"][0]["option"] in ("lora", "full_finetune")
    lora = next(item for item in advice["ranking"] if item["option"] == "lora")
    reason = next(reason for reason in lora["reasons"] if reason["code"] == "corpus_domain_adaptation")
    assert "100 documents" in reason["text"] and "Biderman et al., 2024" in reason["text"]
    prompting = next(item for item in advice["ranking"] if item["option"] == "prompting")
    assert "corpus_not_promptable" in {reason["code"] for reason in prompting["reasons"]}


def test_no_baseline_pretends_to_score_a_corpus(capsys: pytest.CaptureFixture, corpus: Path) -> None:
    baseline = run(capsys, "baseline", str(corpus))
    assert baseline["offline"] == []
    assert baseline["offline_evaluation"]["not_enough_data"]["code"] == "baseline_corpus"
    assert set(OFFLINE_MESSAGES["baseline_corpus"]) == {"en", "pt"}
    for code in ("corpus_domain_adaptation", "corpus_not_promptable"):
        assert set(CATALOG[code]) == {"en", "pt"}


@pytest.mark.parametrize("lang, kind", [("en", "plain-text corpus"), ("pt", "corpus de texto puro")])
def test_the_app_shows_a_corpus_and_why_no_baseline_scores_it(distinct_corpus: Path, lang: str, kind: str) -> None:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(Path(__file__).parent.parent / "page.py"), default_timeout=120)
    app.run()
    app.sidebar.radio(key="lang").set_value(lang).run()
    data = distinct_corpus.read_bytes()
    app.file_uploader(key="upload").set_value(("corpus.jsonl", data, "application/jsonl")).run()
    app.radio(key="step").set_value("profile").run()
    assert not app.exception
    assert kind in {metric.value for metric in app.metric}
    app.radio(key="step").set_value("baselines").run()
    assert not app.exception
    said = " ".join(element.value for element in app.info).replace("\\", "")
    assert OFFLINE_MESSAGES["baseline_corpus"][lang][:40] in said
