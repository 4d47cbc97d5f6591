"""Label descriptions: parsed and checked against the data's labels, listed in the prompts the endpoint receives,
kept in the saved analysis; through the API, the command line and the app."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.baselines.llm import parse_label, plan_llm_baselines
from advisor.baselines.llm_types import TaskSpec
from advisor.data.label_descriptions import LabelDescriptionError, parse_label_descriptions, read_label_descriptions
from advisor.data.loader import load_bytes
from tests.helpers import app_on_baselines, fill_endpoint
from tests.llm_server import LLMServer

ADVISOR = shutil.which("advisor", path=str(Path(sys.executable).parent)) or "advisor"
ROOT = Path(__file__).parent.parent
LABELS = ("0", "1")
NICE = ("kind", "brilliant", "helpful", "generous")
RUDE = ("an idiot", "a fool", "worthless", "pathetic")
KEY = "sk-label-descriptions-SECRET-7c1d"


def comments_csv(count: int = 80) -> bytes:
    lines = ["text,label"]
    for number in range(count):
        rude = number % 2
        word = (RUDE if rude else NICE)[number // 2 % 4]
        lines.append(f"comment {number}: you are {word},{rude}")
    return ("\n".join(lines) + "\n").encode()


def system_text(body: dict) -> str:
    return next((message["content"] for message in body["messages"] if message["role"] == "system"), "")


def meaning_rule(body: dict) -> str:
    """A zero-shot model that understands the labels only when told what they mean: then it answers the meaning."""
    system = system_text(body)
    if "- 1: offensive" not in system:
        return "I cannot tell what 0 and 1 stand for."
    question = body["messages"][-1]["content"]
    return "Offensive." if any(word in question for word in RUDE) else "not offensive"


# --- parsing -----------------------------------------------------------------------------------------------


def test_one_line_with_semicolons_and_one_label_a_line_give_the_same_mapping() -> None:
    inline = parse_label_descriptions("0=not offensive;1 = offensive", LABELS)
    lines = parse_label_descriptions("\n0 = not offensive\n\n1=  offensive  \n", LABELS)
    assert inline.to_dict() == lines.to_dict() == {"0": "not offensive", "1": "offensive"}
    assert parse_label_descriptions('{"1": "offensive"}', LABELS).to_dict() == {"1": "offensive"}  # one left out
    assert parse_label_descriptions("", LABELS).pairs == ()


def test_labels_are_matched_as_the_profile_reads_them_and_spelled_as_the_data_does() -> None:
    labels = ("Positive", "Negative", "a=b")
    described = parse_label_descriptions("POSITIVE = good\n negative : bad\na=b = a label holding =", labels)
    assert described.to_dict() == {"Positive": "good", "Negative": "bad", "a=b": "a label holding ="}


def test_unknown_labels_are_one_error_naming_them_and_the_line_in_both_languages() -> None:
    with pytest.raises(LabelDescriptionError) as error:
        parse_label_descriptions("0 = not offensive\n2 = hateful\nspam = junk", LABELS)
    assert error.value.code == "label_description_unknown" and error.value.number == 2
    assert error.value.message("en") == ("Label descriptions (line 2): '2', 'spam' are not a label of this data "
                                         "(its labels: '0', '1').")
    assert error.value.message("pt") == ("Descrições dos rótulos (linha 2): '2', 'spam' não são rótulo destes dados "
                                         "(os rótulos: '0', '1').")
    with pytest.raises(LabelDescriptionError) as error:
        parse_label_descriptions("0=ok;7=bad", LABELS)
    assert "(entry 2): '7' is not a label" in error.value.message("en")


@pytest.mark.parametrize(("text", "code", "number"), [
    ("0 = fine\nno separator here", "label_description_no_separator", 2),
    ("0 = fine\n1 =   ", "label_description_empty", 2),
    ("0 = fine\n 0 = again", "label_description_repeated", 2),
    ("1 = " + "x" * 501, "label_description_too_long", 1),
])
def test_mistakes_name_their_line(text: str, code: str, number: int) -> None:
    with pytest.raises(LabelDescriptionError) as error:
        parse_label_descriptions(text, LABELS)
    assert (error.value.code, error.value.number) == (code, number)
    assert f"(line {number})" in error.value.message("en") and f"(linha {number})" in error.value.message("pt")


def test_descriptions_need_labels() -> None:
    with pytest.raises(LabelDescriptionError) as error:
        parse_label_descriptions("0 = a", (), kind="generation")
    assert error.value.message("pt").endswith("estes dados são de geração, sem rótulos a descrever.")


def test_json_and_toml_files(tmp_path: Path) -> None:
    (tmp_path / "labels.toml").write_text('0 = "not offensive"\n"1" = "offensive"\n', encoding="utf-8")
    (tmp_path / "labels.json").write_text('{"0": "not offensive", "1": "offensive"}', encoding="utf-8")
    for name in ("labels.toml", "labels.json"):
        assert read_label_descriptions(str(tmp_path / name), LABELS).to_dict() == {"0": "not offensive",
                                                                                   "1": "offensive"}
    with pytest.raises(LabelDescriptionError) as error:
        read_label_descriptions(str(tmp_path / "missing.toml"), LABELS)
    assert error.value.code == "label_description_file" and "missing.toml" in error.value.message("en")


# --- the prompt and the answers ------------------------------------------------------------------------------


def test_the_prompt_lists_each_label_with_its_meaning_and_answers_still_parse_to_labels() -> None:
    task = TaskSpec("classification", "Is the comment offensive?", ("1", "0"),
                    label_descriptions=(("1", "offensive"), ("0", "not offensive")))
    assert task.system_prompt().endswith("answer with the label only):\n- 1: offensive\n- 0: not offensive")
    assert TaskSpec("classification", "Classify.", ("1", "0")).system_prompt().endswith("nothing else:\n- 1\n- 0")
    pairs = task.label_descriptions
    assert [parse_label(answer, task.labels, pairs) for answer in
            ("1", "Offensive.", "NOT offensive", "0: not offensive", '"offensive"', "offensive language")] == [
        "1", "1", "0", "0", "1", None]
    # A description that is also another label's name is that label, never the described one.
    assert parse_label("yes", ("yes", "no"), (("no", "yes"),)) == "yes"


def test_the_endpoint_receives_the_descriptions_and_the_meaning_it_answers_is_scored_as_the_label() -> None:
    from advisor.baselines.budget import Budget, resolve_price
    from advisor.baselines.client import ChatClient, Endpoint, RetryPolicy
    from advisor.baselines.llm import run_llm_baselines

    dataset = load_bytes(comments_csv(), "comments.csv")
    described = parse_label_descriptions("0=not offensive;1=offensive", ("0", "1")).pairs
    plan = plan_llm_baselines(dataset, "test-model", task_text="Is the comment offensive?", shots=0, sample=12,
                              label_descriptions=described)
    bare = plan_llm_baselines(dataset, "test-model", task_text="Is the comment offensive?", shots=0, sample=12)
    price = resolve_price("test-model", 1.0, 1.0)
    with LLMServer(rule=meaning_rule) as server:
        with ChatClient(Endpoint(server.base_url, "test-model", ""), RetryPolicy(timeout=10)) as client:
            told = run_llm_baselines(plan, client, Budget(1.0, price))
            untold = run_llm_baselines(bare, client, Budget(1.0, price))
        bodies = [record.body for record in server.requests]
    assert len(bodies) == 24
    assert sum("- 0: not offensive\n- 1: offensive" in system_text(body) or
               "- 1: offensive\n- 0: not offensive" in system_text(body) for body in bodies) == 12
    # Independently of the parser: the rule answers the meaning of the true label every time it is told.
    assert told.results[0].score == 1.0 and told.results[0].unparsed == 0
    assert untold.results[0].unparsed == 12
    assert told.to_dict()["llm_evaluation"]["label_descriptions"] == {"0": "not offensive", "1": "offensive"}


# --- the command line ----------------------------------------------------------------------------------------


def run_cli(verb: str, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"), "LD_TEST_KEY": KEY}
    return subprocess.run([ADVISOR, verb, *args], capture_output=True, text=True, timeout=240, env=environment)


def test_cli_baseline_sends_the_descriptions_and_refuses_an_unknown_label(tmp_path: Path) -> None:
    path = tmp_path / "comments.csv"
    path.write_bytes(comments_csv())
    with LLMServer(rule=meaning_rule) as server:
        result = run_cli("baseline", str(path), "--base-url", server.base_url, "--model", "test-model",
                         "--price-in", "1", "--price-out", "1", "--budget", "1", "--shots", "0", "--sample", "10",
                         "--no-cache", "--label-descriptions", "0=not offensive;1=offensive", "--json", home=tmp_path)
        assert result.returncode == 0, result.stderr
        assert len(server.requests) == 10
        assert all("- 1: offensive" in system_text(record.body) for record in server.requests)
        refused = run_cli("baseline", str(path), "--base-url", server.base_url, "--model", "test-model",
                          "--price-in", "1", "--price-out", "1", "--budget", "1", "--label-descriptions",
                          "0=not offensive;2=hateful", "--lang", "pt", home=tmp_path)
        assert len(server.requests) == 10  # nothing sent for the refused run
    report = json.loads(result.stdout)
    assert report["llm_plan"]["label_descriptions"] == {"0": "not offensive", "1": "offensive"}
    assert report["llm"][0]["score"] == 1.0
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == ("advisor: Descrições dos rótulos (item 2): '2' não é rótulo destes dados "
                              "(os rótulos: '0', '1').\n")


def test_cli_recommend_saves_the_descriptions_with_the_task_and_no_key(tmp_path: Path) -> None:
    path = tmp_path / "comments.csv"
    path.write_bytes(comments_csv())
    (tmp_path / "labels.toml").write_text('0 = "not offensive"\n1 = "offensive"\n', encoding="utf-8")
    saved = tmp_path / "analysis.json"
    result = run_cli("recommend", str(path), "--task", "Is the comment offensive?", "--monthly-requests", "1000",
                     "--label-descriptions", str(tmp_path / "labels.toml"), "--save-analysis", str(saved),
                     "--api-key-env", "LD_TEST_KEY", "--json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert document["task"] == "Is the comment offensive?"
    assert document["label_descriptions"] == {"0": "not offensive", "1": "offensive"}
    assert KEY not in saved.read_text(encoding="utf-8") and KEY not in result.stdout


# --- the app -------------------------------------------------------------------------------------------------


def test_app_text_area_descriptions_reach_the_prompt_the_endpoint_receives() -> None:
    app = app_on_baselines("comments.csv", comments_csv(), "text/csv", descriptions="0 = not offensive\n1 = offensive",
                           timeout=90)
    with LLMServer(rule=meaning_rule) as server:
        app.number_input(key="llm_sample").set_value(5)
        app.number_input(key="llm_shots").set_value(0)
        fill_endpoint(app, server.base_url)
        app.checkbox(key="llm_approved").check().run()
        app.button(key="llm_run").click().run()
        assert not app.exception
        bodies = [record.body for record in server.requests]
    assert len(bodies) == 5
    assert all(system_text(body).endswith("- 1: offensive\n- 0: not offensive") or
               system_text(body).endswith("- 0: not offensive\n- 1: offensive") for body in bodies)
    table = next(element.value for element in app.dataframe if "Failed" in element.value.columns)
    assert [float(score) for score in table["Score"]] == [1.0]


def test_app_names_an_unknown_label_and_sends_nothing() -> None:
    app = app_on_baselines("comments.csv", comments_csv(), "text/csv", descriptions="0 = not offensive\n2 = hateful",
                           timeout=90)
    with LLMServer(rule=meaning_rule) as server:
        app.text_input(key="llm_base_url").set_value(server.base_url).run()
        errors = [element.value.replace("\\", "") for element in app.error]  # as rendered: escapes dropped
        assert not server.requests
    assert any("(line 2): '2' is not a label of this data" in message for message in errors)
    assert not [button for button in app.button if button.key == "llm_run"]


def test_app_shows_the_annotators_agreement_and_takes_named_columns() -> None:
    from streamlit.testing.v1 import AppTest

    rows = ["text,label,annotator_1,second_opinion"] + [
        f"item {n},{n % 2},{n % 2 if n % 5 else 1 - n % 2},{n % 2}" for n in range(40)]
    data = ("\n".join(rows) + "\n").encode()
    app = AppTest.from_file(str(ROOT / "page.py"), default_timeout=90)
    app.run()
    app.sidebar.radio(key="lang").set_value("pt").run()
    app.file_uploader(key="upload").set_value(("votes.csv", data, "text/csv")).run()
    picker = next(widget for widget in app.multiselect if widget.key.startswith("annotator_cols_"))
    assert picker.value == ["annotator_1"]  # found by its name and labels; second_opinion is not named so
    app.radio(key="step").set_value("profile").run()
    # By hand: annotator_1 differs from the label on every fifth item (n = 0, 5, …, 35): 8 of 40 → 80 % agreement.
    shown = {metric.label: metric.value for metric in app.metric}
    assert shown["Concordância"] == "80%" and shown["Anotadores"] == "2"
    assert shown["Kappa de Cohen"] == "0,60 (moderada)"  # p_e = 0.5 (both 20/20): (0.8 − 0.5)/0.5
    assert shown["Teto de qualquer opção"] == "80%"
    table = next(element.value for element in app.dataframe if "Coluna" in element.value.columns)
    assert table.values.tolist() == [["annotator_1", "40", "80%"]]  # counts written as the language writes them
    app.radio(key="step").set_value("data").run()
    picker = next(widget for widget in app.multiselect if widget.key.startswith("annotator_cols_"))
    picker.set_value(["annotator_1", "second_opinion"]).run()
    app.radio(key="step").set_value("profile").run()
    assert not app.exception
    shown = {metric.label: metric.value for metric in app.metric}
    assert shown["Anotadores"] == "3" and shown["Kappa de Fleiss"] != shown.get("Kappa de Cohen")
