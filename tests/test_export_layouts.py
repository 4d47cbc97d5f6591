"""Tool calls, preference pairs and plain-text corpora written in each platform's own layout.

Every expected record below is written out by hand from the layout's documentation (FACTS.md §3 for
Together; LLaMA-Factory's data/README.md and converter for ShareGPT; TRL's dataset_formats.md for hf), not
produced by the exporter. Each target goes through the command line at least once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.json
import pytest

from advisor.cli import main
from advisor.data.loader import load
from advisor.data.model import ToolCall
from advisor.profiling.validate import validate

WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "Forecast for a city.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}}
WEATHER_FUNCTION = WEATHER["function"]  # LLaMA-Factory's tools column: the function, without OpenAI's wrapper


def call(call_id: str, arguments: str) -> dict:
    return {"id": call_id, "type": "function", "function": {"name": "get_weather", "arguments": arguments}}


def assistant_calls(*calls: dict) -> dict:
    return {"role": "assistant", "content": None, "tool_calls": list(calls)}


# One record per line: line numbers are what the skip reports name.
TOOL_CHAT, PARALLEL, BAD_ARGUMENTS, TEXT_AND_CALL, PLAIN = 1, 2, 3, 4, 5
TOOL_RECORDS = [
    {"messages": [
        {"role": "system", "content": "Use the tools."},
        {"role": "user", "content": "Weather in Lisbon?"},
        assistant_calls(call("c1", '{"city": "Lisbon"}')),
        {"role": "tool", "tool_call_id": "c1", "content": '{"temp": 21}'},
        {"role": "assistant", "content": "21 degrees in Lisbon."},
    ], "tools": [WEATHER]},
    {"messages": [
        {"role": "user", "content": "Lisbon and Porto?"},
        assistant_calls(call("a", '{"city": "Lisbon"}'), call("b", '{"city": "Porto"}')),
        {"role": "tool", "tool_call_id": "a", "content": "21"},
        {"role": "tool", "tool_call_id": "b", "content": "18"},
        {"role": "assistant", "content": "Lisbon 21, Porto 18."},
    ], "tools": [WEATHER]},
    {"messages": [{"role": "user", "content": "Faro?"}, assistant_calls(call("f", "{city: Faro}"))],
     "tools": [WEATHER]},
    {"messages": [
        {"role": "user", "content": "Braga?"},
        {"role": "assistant", "content": "Let me check.", "tool_calls": [call("g", '{"city": "Braga"}')]},
    ], "tools": [WEATHER]},
    {"messages": [{"role": "user", "content": "Hello"}, {"role": "assistant", "content": "Hi!"}]},
]
PREFERENCE_RECORD = {
    "input": {"messages": [{"role": "system", "content": "Use the tools."},
                           {"role": "user", "content": "Weather in Lisbon?"}], "tools": [WEATHER]},
    "preferred_output": [assistant_calls(call("p", '{"city": "Lisbon"}'))],
    "non_preferred_output": [{"role": "assistant", "content": "I cannot know."}],
}
DOCUMENTS = ["Lisbon lies on the Tagus.", "Porto is known for its bridges.", "Faro is in the Algarve."]


def write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


@pytest.fixture
def tool_file(tmp_path: Path) -> Path:
    return write(tmp_path / "tools.jsonl", TOOL_RECORDS)


@pytest.fixture
def preference_file(tmp_path: Path) -> Path:
    return write(tmp_path / "preference.jsonl", [PREFERENCE_RECORD])


def export(path: Path, target: str, out: Path, capsys: pytest.CaptureFixture[str], lang: str = "en") -> dict:
    """`advisor export --json` on the whole file (no validation split); its report, with the records written."""
    argv = ["export", str(path), "--to", target, "--out", str(out), "--validation-share", "0", "--json", "--lang", lang]
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    report["records"] = [json.loads(line) for line in (out / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    return report


def skips(report: dict) -> list[tuple[int, str]]:
    return [(item["line"], item["code"]) for item in report["skipped"]]


# --- OpenAI: its own layout, every record as written ------------------------------------------------


def test_openai_writes_every_tool_record_and_pair_as_written(
    tool_file: Path, preference_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(tool_file, "openai", tmp_path / "tools", capsys)["records"] == TOOL_RECORDS
    report = export(preference_file, "openai", tmp_path / "pairs", capsys)
    assert report["kind"] == "preference" and report["records"] == [PREFERENCE_RECORD]


# --- Together: OpenAI's tool-call layout, as its function-calling fine-tuning takes it --------------


def test_together_writes_tool_calls_that_pass_its_rules(
    tool_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = export(tool_file, "together", tmp_path / "out", capsys)
    tool_call = {"role": "assistant", "content": "", "tool_calls": [
        {"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Lisbon"}'}}]}
    assert report["records"] == [
        {"messages": [
            {"role": "system", "content": "Use the tools."},
            {"role": "user", "content": "Weather in Lisbon?"},
            tool_call,
            {"role": "tool", "content": '{"temp": 21}', "tool_call_id": "c1"},
            {"role": "assistant", "content": "21 degrees in Lisbon."},
        ], "tools": [WEATHER]},
        # OpenAI's layout keeps arguments as the text of the file: the profile, not the export, flags bad JSON.
        {"messages": [{"role": "user", "content": "Faro?"}, {"role": "assistant", "content": "", "tool_calls": [
            {"id": "f", "type": "function", "function": {"name": "get_weather", "arguments": "{city: Faro}"}}]}],
         "tools": [WEATHER]},
        {"messages": [{"role": "user", "content": "Braga?"}, {"role": "assistant", "content": "Let me check.",
                      "tool_calls": [{"id": "g", "type": "function",
                                      "function": {"name": "get_weather", "arguments": '{"city": "Braga"}'}}]}],
         "tools": [WEATHER]},
        {"messages": [{"role": "user", "content": "Hello"}, {"role": "assistant", "content": "Hi!"}]},
    ]
    # data/platforms.toml: Together's roles alternate, so two tool results in a row cannot be written.
    assert skips(report) == [(PARALLEL, "export_not_alternating")]
    assert report["kind"] == "sft"

    # The round trip: the project's loader reads the calls back, and Together's rules find no error.
    written = load(tmp_path / "out" / "train.jsonl")
    assert written.lines_rejected == 0
    first = written.examples[0]
    assert first.messages[2].tool_calls == (ToolCall("get_weather", '{"city": "Lisbon"}', "c1"),)
    assert first.messages[3].tool_call_id == "c1"
    assert [json.loads(tool) for tool in first.tools] == [WEATHER]
    assert [issue for issue in validate(written, None, "together") if issue.severity == "error"] == []


def test_together_preference_pairs_keep_their_tools(
    preference_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = export(preference_file, "together", tmp_path / "out", capsys)
    assert report["kind"] == "preference" and report["skipped"] == []
    assert report["records"] == [{
        "input": {"messages": [{"role": "system", "content": "Use the tools."},
                               {"role": "user", "content": "Weather in Lisbon?"}], "tools": [WEATHER]},
        "preferred_output": [{"role": "assistant", "content": "", "tool_calls": [
            {"id": "p", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Lisbon"}'}}]}],
        "non_preferred_output": [{"role": "assistant", "content": "I cannot know."}],
    }]
    written = load(tmp_path / "out" / "train.jsonl")
    assert written.examples[0].preferred[0].tool_calls == (ToolCall("get_weather", '{"city": "Lisbon"}', "p"),)
    assert [issue for issue in validate(written, None, "together") if issue.severity == "error"] == []


# --- ShareGPT: LLaMA-Factory's function_call / observation turns ------------------------------------


def test_sharegpt_writes_function_call_and_observation_turns(
    tool_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = export(tool_file, "sharegpt", tmp_path / "out", capsys, lang="pt")
    tools = json.dumps([WEATHER_FUNCTION])
    assert report["records"] == [
        {"conversations": [
            {"from": "system", "value": "Use the tools."},
            {"from": "human", "value": "Weather in Lisbon?"},
            {"from": "function_call", "value": '{"name": "get_weather", "arguments": {"city": "Lisbon"}}'},
            {"from": "observation", "value": '{"temp": 21}'},
            {"from": "gpt", "value": "21 degrees in Lisbon."},
        ], "tools": tools},
        {"conversations": [
            {"from": "human", "value": "Lisbon and Porto?"},
            # Parallel calls: a list (LLaMA-Factory's FunctionFormatter); their results one observation turn.
            {"from": "function_call", "value": '[{"name": "get_weather", "arguments": {"city": "Lisbon"}}, '
                                               '{"name": "get_weather", "arguments": {"city": "Porto"}}]'},
            {"from": "observation", "value": "21\n</tool_response>\n<tool_response>\n18"},
            {"from": "gpt", "value": "Lisbon 21, Porto 18."},
        ], "tools": tools},
        {"conversations": [{"from": "human", "value": "Hello"}, {"from": "gpt", "value": "Hi!"}]},
    ]
    # LLaMA-Factory's converter drops any example whose speakers are out of order: none is written.
    for record in report["records"]:
        speakers = [turn["from"] for turn in record["conversations"] if turn["from"] != "system"]
        assert all(speaker in (("human", "observation"), ("gpt", "function_call"))[index % 2]
                   for index, speaker in enumerate(speakers)) and len(speakers) % 2 == 0
    assert [(item["line"], item["code"], item["reason"]) for item in report["skipped"]] == [
        (BAD_ARGUMENTS, "export_arguments_not_json",
         'Os argumentos da chamada a "get_weather" não são JSON válido; o formato ShareGPT os guarda como um '
         "objeto JSON."),
        (TEXT_AND_CALL, "export_text_beside_call",
         "Uma fala do assistente tem texto e chamadas de ferramenta; no formato ShareGPT uma fala tem um ou outro."),
    ]
    skipped_file = [json.loads(line) for line in (tmp_path / "out" / "skipped.jsonl").read_text().splitlines()]
    assert [item["reason"] for item in skipped_file][0] == (
        'The arguments of the call to "get_weather" are not valid JSON; the ShareGPT format holds them as a '
        "JSON object.")


def test_sharegpt_preference_pairs_use_the_ranking_layout(
    preference_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = export(preference_file, "sharegpt", tmp_path / "out", capsys)
    assert report["kind"] == "preference" and report["skipped"] == []
    assert report["records"] == [{
        "conversations": [{"from": "system", "value": "Use the tools."},
                          {"from": "human", "value": "Weather in Lisbon?"}],
        "chosen": {"from": "function_call", "value": '{"name": "get_weather", "arguments": {"city": "Lisbon"}}'},
        "rejected": {"from": "gpt", "value": "I cannot know."},
        "tools": json.dumps([WEATHER_FUNCTION]),
    }]


def test_sharegpt_skips_a_corpus_and_what_its_order_cannot_hold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [
        {"text": DOCUMENTS[0]},
        # A tool result straight after the user: LLaMA-Factory wants gpt or function_call there.
        {"messages": [{"role": "user", "content": "Q"}, {"role": "tool", "tool_call_id": "x", "content": "r"},
                      {"role": "assistant", "content": "A"}]},
        {"messages": [{"role": "user", "content": "Part one."}, {"role": "user", "content": "Part two."},
                      {"role": "assistant", "content": "Both."}]},
    ]
    report = export(write(tmp_path / "mixed.jsonl", records), "sharegpt", tmp_path / "out", capsys)
    assert skips(report) == [(1, "export_corpus"), (2, "export_not_alternating")]
    assert report["records"] == [{"conversations": [
        {"from": "human", "value": "Part one.\n\nPart two."}, {"from": "gpt", "value": "Both."}]}]


# --- hf: TRL's conversational tool-calling, preference and language-modeling types -----------------


def test_hf_writes_trl_tool_calls_with_argument_objects(
    tool_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = export(tool_file, "hf", tmp_path / "out", capsys)
    lisbon = {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Lisbon"}}}
    porto = {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Porto"}}}
    braga = {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Braga"}}}
    assert report["records"] == [
        {"messages": [
            {"role": "system", "content": "Use the tools."},
            {"role": "user", "content": "Weather in Lisbon?"},
            {"role": "assistant", "content": "", "tool_calls": [{"id": "c1"} | lisbon]},
            {"role": "tool", "content": '{"temp": 21}', "tool_call_id": "c1"},
            {"role": "assistant", "content": "21 degrees in Lisbon."},
        ], "tools": [WEATHER]},
        {"messages": [
            {"role": "user", "content": "Lisbon and Porto?"},
            {"role": "assistant", "content": "", "tool_calls": [{"id": "a"} | lisbon, {"id": "b"} | porto]},
            {"role": "tool", "content": "21", "tool_call_id": "a"},
            {"role": "tool", "content": "18", "tool_call_id": "b"},
            {"role": "assistant", "content": "Lisbon 21, Porto 18."},
        ], "tools": [WEATHER]},
        {"messages": [{"role": "user", "content": "Braga?"},
                      {"role": "assistant", "content": "Let me check.", "tool_calls": [{"id": "g"} | braga]}],
         "tools": [WEATHER]},
        {"messages": [{"role": "user", "content": "Hello"}, {"role": "assistant", "content": "Hi!"}]},
    ]
    assert skips(report) == [(BAD_ARGUMENTS, "export_arguments_not_json")]
    table = pyarrow.json.read_json(tmp_path / "out" / "train.jsonl")
    assert table.num_rows == 4 and table.schema.names == ["messages", "tools"]


def test_hf_preference_pairs_are_trl_conversational_pairs(
    preference_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = export(preference_file, "hf", tmp_path / "out", capsys)
    assert report["kind"] == "preference" and report["skipped"] == []
    assert report["records"] == [{
        "prompt": [{"role": "system", "content": "Use the tools."}, {"role": "user", "content": "Weather in Lisbon?"}],
        "chosen": [{"role": "assistant", "content": "", "tool_calls": [
            {"id": "p", "type": "function", "function": {"name": "get_weather", "arguments": {"city": "Lisbon"}}}]}],
        "rejected": [{"role": "assistant", "content": "I cannot know."}],
        "tools": [WEATHER],
    }]
    back = load(tmp_path / "out" / "train.jsonl").examples[0]  # TRL's layout is one this project reads
    assert [message.content for message in back.rejected] == ["I cannot know."]
    assert back.preferred[0].tool_calls[0].name == "get_weather"


@pytest.mark.parametrize("target", ["hf", "together"])
def test_a_corpus_is_written_as_text_documents(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [{"text": text} for text in DOCUMENTS] + [TOOL_RECORDS[PLAIN - 1]]
    report = export(write(tmp_path / "corpus.jsonl", records), target, tmp_path / "out", capsys)
    assert report["kind"] == "corpus"
    assert report["records"] == [{"text": text} for text in DOCUMENTS]
    assert skips(report) == [(4, "export_other_kind")]
    assert report["skipped"][0]["reason"].startswith("A SFT example in a file of corpus examples")


# --- bedrock and alpaca: no tools, no pairs --------------------------------------------------------


@pytest.mark.parametrize(("target", "label"), [("bedrock", "Amazon Bedrock"), ("alpaca", "Alpaca")])
def test_bedrock_and_alpaca_skip_tool_calls_and_pairs_with_the_reason(
    target: str, label: str, tool_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    report = export(tool_file, target, tmp_path / "tools", capsys)
    tool_lines = (TOOL_CHAT, PARALLEL, BAD_ARGUMENTS, TEXT_AND_CALL)
    assert skips(report) == [(line, "export_tool_calls") for line in tool_lines]
    assert {item["reason"] for item in report["skipped"]} == {
        f"Uses tools or tool calls, which the {label} format cannot hold."}
    plain = {"messages": [{"role": "user", "content": "Hello"}, {"role": "assistant", "content": "Hi!"}]}
    alpaca = {"instruction": "Hello", "input": "", "output": "Hi!"}
    assert report["records"] == [plain if target == "bedrock" else alpaca]

    # A pair with tools is skipped for its tools (checked first); one without them, for being a pair.
    plain_pair = PREFERENCE_RECORD | {"input": {"messages": PREFERENCE_RECORD["input"]["messages"]},
                                      "preferred_output": [{"role": "assistant", "content": "Let me look it up."}]}
    pairs_file = write(tmp_path / "pairs.jsonl", [PREFERENCE_RECORD, plain_pair])
    argv = ["export", str(pairs_file), "--to", target, "--out", str(tmp_path / "pairs"), "--json"]
    assert main(argv) == 2  # nothing could be written
    pairs = json.loads(capsys.readouterr().out)
    assert [(item["line"], item["code"]) for item in pairs["skipped"]] == [(1, "export_tool_calls"),
                                                                           (2, "export_preference")]


@pytest.mark.parametrize("target", ["together", "sharegpt", "hf"])
def test_a_pair_whose_prompt_cannot_lead_to_the_replies_is_skipped(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reply = {"preferred_output": [{"role": "assistant", "content": "Yes."}],
             "non_preferred_output": [{"role": "assistant", "content": "No."}]}
    records = [
        # Together's own file check: the input must not end with the assistant (together-py, files.py).
        {"input": {"messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"}]}} | reply,
        {"chosen": "Same text", "rejected": "Other text"},  # two transcripts sharing no start: no prompt at all
        {"input": {"messages": [{"role": "user", "content": "Sure?"}]}} | reply,
    ]
    report = export(write(tmp_path / "pairs.jsonl", records), target, tmp_path / "out", capsys, lang="pt")
    assert skips(report) == [(1, "export_prompt_not_user"), (2, "export_no_prompt")]
    label = {"together": "Together AI", "sharegpt": "ShareGPT", "hf": "Hugging Face messages"}[target]
    assert report["skipped"][1]["reason"] == (
        f"Sem prompt antes das duas respostas; {label} exige a conversa que leva a elas.")
    assert len(report["records"]) == 1


# --- starter configs follow the layout of the file they read ----------------------------------------


def test_axolotl_config_reads_a_corpus_as_completion_text_and_chats_with_the_chat_template(
    tool_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import yaml

    corpus = write(tmp_path / "corpus.jsonl", [{"text": text} for text in DOCUMENTS])
    for source, out in ((corpus, tmp_path / "corpus"), (tool_file, tmp_path / "chat")):
        argv = ["export", str(source), "--to", "hf", "--out", str(out), "--validation-share", "0"]
        assert main([*argv, "--config", "axolotl"]) == 0
    capsys.readouterr()
    on_corpus = yaml.safe_load((tmp_path / "corpus" / "axolotl.yaml").read_text(encoding="utf-8"))
    on_chat = yaml.safe_load((tmp_path / "chat" / "axolotl.yaml").read_text(encoding="utf-8"))
    # Axolotl's non-streaming pre-training type reads {"text"} records; a chat template has nothing to format there.
    assert on_corpus["datasets"] == [{"path": "train.jsonl", "ds_type": "json", "type": "completion", "field": "text"}]
    assert "chat_template" not in on_corpus
    assert on_chat["datasets"] == [
        {"path": "train.jsonl", "ds_type": "json", "type": "chat_template", "field_messages": "messages"}]
    assert on_chat["chat_template"] == "tokenizer_default"
