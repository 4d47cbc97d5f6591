"""Tool calls are answers (issue #18, item 1): the call is read, counted, checked against its schema, and the
advice follows from it — not "classification with one empty label"."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.data.tokens import get_encoding
from advisor.i18n.messages import CATALOG, describe
from advisor.profiling.checks.base import Finding

WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "Weather of a city.",
    "parameters": {"type": "object", "properties": {
        "city": {"type": "string", "description": "City"},
        "unit": {"type": "string", "enum": ["c", "f"]}}, "required": ["city"]}}}
BOOKING = {"type": "function", "function": {
    "name": "book_table", "description": "Book a table.",
    "parameters": {"type": "object", "properties": {
        "people": {"type": "integer"}, "time": {"type": "string"}}, "required": ["people", "time"]}}}
TOOLS = [WEATHER, BOOKING]


def record(question: str, name: str, arguments: str) -> dict:
    call = {"id": "c1", "type": "function", "function": {"name": name, "arguments": arguments}}
    return {"messages": [{"role": "user", "content": question},
                         {"role": "assistant", "content": None, "tool_calls": [call]}], "tools": TOOLS}


def planted_rows() -> list[dict]:
    rows = []
    for i in range(60):  # lines 1-60: 40 weather calls, 20 bookings, every one valid
        if i % 3 == 0:
            rows.append(record(f"table for {i % 5 + 1} at {i % 12}", "book_table",
                               json.dumps({"people": i % 5 + 1, "time": f"{i % 12}:00"})))
        else:
            rows.append(record(f"weather in City{i}?", "get_weather", json.dumps({"city": f"City{i}"})))
    rows.append(record("email my boss", "send_email", "{}"))  # 61: not in tools
    rows.append(record("weather in Lima?", "get_weather", "{city: Lima"))  # 62: not JSON
    rows.append(record("table for two", "book_table", '{"people": 2}'))  # 63: lacks the required "time"
    rows.append(record("weather in Oslo?", "get_weather", '{"city": 5}'))  # 64: wrong type
    rows.append(record("weather in City1?", "get_weather", '{"city": "Paris"}'))  # 65: line 2's input, another call
    rows.append(record("weather in City2?", "get_weather", '{ "city" :  "City2" }'))  # 66: line 3's call, respaced
    return rows


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tools") / "tools.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in planted_rows()), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture, *args: str) -> dict:
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_tool_call_file_is_tool_calling_with_every_call_checked(capsys: pytest.CaptureFixture, planted: Path) -> None:
    profile = run(capsys, "analyze", str(planted))["profile"]
    assert profile["task_kind"] == "tool_calling"
    assert "labels" not in profile  # not "classification with one label ''"
    calls = profile["tool_calls"]
    expected = Counter(row["messages"][1]["tool_calls"][0]["function"]["name"] for row in planted_rows())
    assert calls["functions"] == dict(expected) == {"get_weather": 44, "book_table": 21, "send_email": 1}
    assert calls["defined_functions"] == ["get_weather", "book_table"]
    assert calls["unknown_functions"] == {"send_email": [61]}
    assert calls["arguments_not_json"] == [62]
    assert calls["arguments_missing_required"] == [63]
    assert calls["arguments_off_schema"] == [64]
    assert calls["valid_calls"] == 62  # 66 calls less the four planted faults
    codes = {finding["code"]: finding for finding in profile["findings"]}
    assert codes["tool_unknown_functions"]["severity"] == "high" and codes["tool_unknown_functions"]["lines"] == [61]
    assert codes["tool_arguments_not_json"]["lines"] == [62]
    assert 'book_table: required "time"' in codes["tool_arguments_missing_required"]["message"]


def test_the_same_request_with_another_call_is_a_conflict_but_respaced_arguments_are_not(
        capsys: pytest.CaptureFixture, planted: Path) -> None:
    profile = run(capsys, "analyze", str(planted))["profile"]
    assert [group["lines"] for group in profile["conflicts"]] == [[2, 65]]
    assert [3, 66] in profile["exact_duplicates"]  # same call, keys spaced differently: a copy, not a conflict


def test_call_tokens_are_assistant_output_and_definitions_are_counted_per_request(
        capsys: pytest.CaptureFixture, planted: Path) -> None:
    data = run(capsys, "analyze", str(planted))
    encoding = get_encoding("o200k_base")  # gpt-4.1-mini, the default model

    def tokens(text: str) -> int:
        return len(encoding.encode_ordinary(text))

    call_tokens = sum(tokens(call["function"]["name"]) + tokens(call["function"]["arguments"])
                      for row in planted_rows() for call in row["messages"][1]["tool_calls"])
    assert data["profile"]["sizes"]["tokens_by_role"]["assistant"]["total"] == call_tokens > 0
    # The cookbook's num_tokens_for_tools for o200k models, written out for these two functions (FACTS §2):
    # func_end 12; per function func_init 7 + "name:description" (final period dropped); prop_init 3; per
    # property prop_key 3 + "key:type:description"; an enum adds enum_init -3 + Σ (3 + item).
    definitions = (12
                   + 7 + tokens("get_weather:Weather of a city") + 3
                   + 3 + tokens("city:string:City")
                   + 3 - 3 + (3 + tokens("c")) + (3 + tokens("f")) + tokens("unit:string:")
                   + 7 + tokens("book_table:Book a table") + 3
                   + 3 + tokens("people:integer:") + 3 + tokens("time:string:"))
    cost = data["profile"]["tool_calls"]["tool_definition_tokens"]
    assert cost == {"requests": 66, "p50": definitions, "max": definitions, "total": 66 * definitions}
    message = next(f for f in data["profile"]["findings"] if f["code"] == "tool_definition_tokens")["message"]
    assert f"add {definitions} tokens to every request" in message


def test_the_advice_names_tool_calls_and_the_baseline_scores_the_function_choice(
        capsys: pytest.CaptureFixture, planted: Path) -> None:
    advice = run(capsys, "recommend", str(planted), "--task", "call the right tool")
    reasons = {reason["code"] for item in advice["ranking"] for reason in item["reasons"]}
    assert "narrow_classification" not in reasons and "narrow_tool_calls" in reasons
    baseline = run(capsys, "baseline", str(planted))
    majority = next(row for row in baseline["offline"] if row["strategy"] == "majority" and row["metric"] == "accuracy")
    # Every training fold's most frequent function is get_weather (all but 21 bookings and 1 email): the
    # majority scores its share of the examples scored (66, or 65 when the one exact copy is counted once).
    assert majority["n"] in (65, 66) and majority["score"] == round((majority["n"] - 22) / majority["n"], 4)


def test_tool_call_findings_exist_in_both_languages() -> None:
    codes = ("tool_unknown_functions", "tool_arguments_not_json", "tool_arguments_missing_required",
             "tool_arguments_off_schema", "tool_definition_tokens", "tool_arguments_not_scored_offline")
    for code in codes:
        assert set(CATALOG[code]) == {"en", "pt"}
    finding = Finding("low", "tool_definition_tokens", (("tokens", "1,234"), ("max", "2,000")))
    assert "1.234 tokens" in describe(finding, "pt")


@pytest.mark.parametrize("lang, kind", [("en", "tool calling"), ("pt", "chamada de ferramentas")])
def test_the_app_shows_tool_calling_and_scores_the_function_choice(planted: Path, lang: str, kind: str) -> None:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(Path(__file__).parent.parent / "page.py"), default_timeout=120)
    app.run()
    app.sidebar.radio(key="lang").set_value(lang).run()
    app.file_uploader(key="upload").set_value(("tools.jsonl", planted.read_bytes(), "application/jsonl")).run()
    app.radio(key="step").set_value("profile").run()
    assert not app.exception
    shown = {metric.label: metric.value for metric in app.metric}
    assert kind in shown.values()
    app.radio(key="step").set_value("baselines").run()
    assert not app.exception
    said = " ".join(element.value for element in app.info)
    assert "expected answer" not in said and "resposta esperada" not in said  # the old "nothing to learn"


def test_an_llm_call_is_scored_as_the_canonical_call(planted: Path) -> None:
    """The LLM baseline's reference is the call (not the empty content beside it), and an answer that differs
    only in spacing or key order is the same call. Served by a local OpenAI-compatible server."""
    import re

    from advisor.baselines.llm import plan_llm_baselines
    from advisor.data.loader import load
    from tests.llm_server import LLMServer, last_user_text
    from tests.test_llm_baselines import run_plan

    def rule(body: dict) -> str:
        question = last_user_text(body)
        weather = re.fullmatch(r"weather in (\w+)\?", question)
        if weather:
            return f'get_weather {{ "city" :  "{weather.group(1)}" }}'
        table = re.fullmatch(r"table for (\d+) at (\d+)", question)
        if table:
            return f'book_table {{"time": "{table.group(2)}:00", "people": {table.group(1)}}}'
        return "no idea"

    def canonical(name: str, arguments: str) -> str:
        try:
            return f"{name} {json.dumps(json.loads(arguments), sort_keys=True, separators=(',', ':'))}"
        except ValueError:
            return f"{name} {arguments}"

    dataset = load(planted)
    plan = plan_llm_baselines(dataset, "test-model", task_text="Call the right tool.", shots=0, sample=20, seed=3)
    rows = planted_rows()
    with LLMServer(rule=rule) as server:
        result, _ = run_plan(server, plan)
    (row,) = result.results
    references = [canonical(**rows[dataset.examples[i].line - 1]["messages"][1]["tool_calls"][0]["function"])
                  for i in plan.evaluated]
    answers = []
    for i in plan.evaluated:
        name, _, arguments = rule({"messages": [{"role": "user", "content": rows[dataset.examples[i].line - 1]
                                                 ["messages"][0]["content"]}]}).partition(" ")
        answers.append(canonical(name, arguments) if arguments else name)
    assert row.metric == "accuracy" and row.n == len(references) == len(plan.evaluated) > 0
    assert row.score == pytest.approx(sum(a == r for a, r in zip(answers, references)) / len(references))
    assert row.score > 0  # the respaced, reordered answers count as right


@pytest.mark.timeout(120)  # a safety bound: the regex below takes about 2^40 steps when it is run
def test_a_hostile_schema_is_neither_run_nor_fatal() -> None:
    """The file's regexes are not run (catastrophic backtracking on a crafted argument), and a schema that cannot
    be evaluated (remote $ref, a reference loop) judges nothing instead of raising."""
    from advisor import analyze
    from advisor.data.loader import load_bytes

    backtracking = {"type": "function", "function": {"name": "f", "parameters": {
        "type": "object", "properties": {"a": {"type": "string", "pattern": "^(a+)+$"}}, "required": ["a"]}}}
    remote = {"type": "function", "function": {"name": "g", "parameters": {"$ref": "https://example.com/s.json"}}}
    loop = {"type": "function", "function": {"name": "h", "parameters": {
        "$defs": {"x": {"$ref": "#/$defs/x"}}, "$ref": "#/$defs/x"}}}
    rows = []
    for i in range(10):
        for name, arguments in (("f", {"a": "a" * 40 + "!"}), ("g", {"z": 1}), ("h", {"z": 1})):
            call = {"id": "1", "type": "function", "function": {"name": name, "arguments": json.dumps(arguments)}}
            rows.append({"messages": [{"role": "user", "content": f"request {i} {name}"},
                                      {"role": "assistant", "content": None, "tool_calls": [call]}],
                         "tools": [backtracking, remote, loop]})
    found = analyze(load_bytes("\n".join(json.dumps(row) for row in rows).encode(), "hostile.jsonl")).profile.tool_calls
    assert found.calls == 30
    assert found.valid_calls == 10  # the ten "f" calls: type and required checked, the pattern not run
    assert found.off_schema == () and found.missing_required == ()
