"""Exports read back through the project's own loader: same examples, nothing lost, every skip explained."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow.json
import pytest

from advisor.baselines.offline import baseline_inputs
from advisor.cli import main
from advisor.commands import export as export_command
from advisor.data.loader import load
from advisor.data.model import Example
from advisor.profiling.validate import validate
from advisor.render.export import (
    CONFLICTS_FILE,
    MANIFEST_FILE,
    SKIPPED_FILE,
    TARGETS,
    TRAIN_FILE,
    VALIDATION_FILE,
    CleanedData,
    ExportBundle,
    clean_dataset,
    export_files,
    write_export,
)

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
MERGING_TARGETS = ("bedrock", "together", "alpaca", "sharegpt")  # targets that merge consecutive same-role turns
WEIGHTED_TARGETS = ("openai", "together")

SYSTEM = "Answer arithmetic questions with the number only."


def chat(*turns: tuple[str, str], **extra: object) -> dict:
    return {"messages": [{"role": role, "content": content} for role, content in turns], **extra}


def qa(question: str, answer: str) -> dict:
    return chat(("system", SYSTEM), ("user", question), ("assistant", answer))


# Line numbers of the planted records in the file `planted` writes (1-based, one record per line).
ARITHMETIC = 40  # lines 1-40
DUPLICATE_EXACT, DUPLICATE_VARIANT = 41, 42  # copies of lines 1 and 2 (the second differs in case and spacing)
CONFLICT_FIRST, CONFLICT_SECOND = 43, 44
MULTI_TURN, MERGEABLE, TOOL_CALL, UNTRAINED, PREFERENCE = 45, 46, 47, 48, 49


def planted_records() -> list[dict]:
    records = [qa(f"What is {i} + {i}?", str(2 * i)) for i in range(1, ARITHMETIC + 1)]
    records.append(qa("What is 1 + 1?", "2"))
    records.append(chat(("system", SYSTEM.upper()), ("user", "  what IS 2 +   2? "), ("assistant", " 4")))
    records.append(chat(("user", "Capital of France?"), ("assistant", "Paris")))
    records.append(chat(("user", "capital of France?"), ("assistant", "Lyon")))
    records.append(chat(("user", "Hi"), ("assistant", "Hello!"), ("user", "What is 7 + 7?"), ("assistant", "14")))
    records.append(chat(("user", "Part one."), ("user", "Part two."), ("assistant", "Both parts read.")))
    records.append({
        "messages": [
            {"role": "user", "content": "Weather in Lisbon?"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "weather", "arguments": '{"city": "Lisbon"}'}},
            ]},
            {"role": "tool", "tool_call_id": "c1", "content": "sunny"},
            {"role": "assistant", "content": "Sunny."},
        ],
        "tools": [{"type": "function", "function": {"name": "weather", "parameters": {"type": "object"}}}],
    })
    records.append({"messages": [
        {"role": "user", "content": "What is 9 + 9?"}, {"role": "assistant", "content": "19", "weight": 0},
        {"role": "user", "content": "Check again."}, {"role": "assistant", "content": "18"},
    ]})
    records.append({"input": {"messages": [{"role": "user", "content": "Say thanks"}]},
                    "preferred_output": [{"role": "assistant", "content": "Thank you!"}],
                    "non_preferred_output": [{"role": "assistant", "content": "No."}]})
    return records


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    path = tmp_path / "planted.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in planted_records()), encoding="utf-8")
    return path


def export_and_read(cleaned: CleanedData, target: str, out: Path) -> tuple[ExportBundle, dict[str, list[Example]]]:
    """Write the export and read every data file back with the project's loader."""
    bundle = export_files(cleaned, target)
    write_export(bundle, out)
    read = {}
    for name in (TRAIN_FILE, VALIDATION_FILE):
        written = bundle.file(name)
        if written is None:
            continue
        dataset = load(out / name)
        assert dataset.lines_rejected == 0, (target, name, dataset.issues)
        assert dataset.examples_kept == written.records == len(written.text.splitlines())
        read[name] = list(dataset.examples)
    return bundle, read


def expected_turns(messages, target: str) -> list[tuple[str, str | None, int | None]]:
    """What the target should hold, derived from the source example (not from the writer)."""
    if target == "openai":
        return [(message.role, message.content, message.weight) for message in messages]
    turns = [("system" if m.role == "developer" else m.role, call_text(m) if target == "sharegpt" else m.content or "",
              m.weight if target in WEIGHTED_TARGETS else None) for m in messages]
    if target in MERGING_TARGETS:
        merged: list[tuple[str, str, int | None]] = []
        for role, content, weight in turns:
            if merged and merged[-1][0] == role:
                merged[-1] = (role, merged[-1][1] + "\n\n" + content, weight)
            else:
                merged.append((role, content, weight))
        turns = merged
    return turns


def call_text(message) -> str:
    """A ShareGPT turn's text: a function_call turn holds the call as JSON (read back as the assistant's text)."""
    if not message.tool_calls:
        return message.content or ""
    calls = [{"name": call.name, "arguments": json.loads(call.arguments)} for call in message.tool_calls]
    return json.dumps(calls[0] if len(calls) == 1 else calls, ensure_ascii=False)


def turns_of(messages) -> list[tuple[str, str | None, int | None]]:
    return [(message.role, message.content, message.weight) for message in messages]


def assert_round_trip(cleaned: CleanedData, bundle: ExportBundle, read: dict[str, list[Example]], target: str) -> None:
    skipped = {(item.split, item.line) for item in bundle.skipped}
    splits = (("train", TRAIN_FILE, cleaned.train), ("validation", VALIDATION_FILE, cleaned.validation))
    for split, name, sources in splits:
        kept = [example for example in sources if (split, example.line) not in skipped]
        back = read.get(name, [])
        assert len(back) == len(kept), (target, split)
        for source, copy in zip(kept, back):
            assert turns_of(copy.messages) == expected_turns(source.messages, target), (target, source.line)
            if source.is_preference:
                assert turns_of(copy.preferred) == expected_turns(source.preferred, target)
                assert turns_of(copy.rejected) == expected_turns(source.rejected, target)
        assert len(kept) + sum(1 for s, _ in skipped if s == split) == len(sources)  # nothing lost


@pytest.mark.parametrize("target", TARGETS)
def test_every_fixture_round_trips_through_the_loader(target: str, tmp_path: Path) -> None:
    for fixture in sorted(FIXTURES.iterdir()):
        cleaned = clean_dataset(load(fixture))
        bundle, read = export_and_read(cleaned, target, tmp_path / fixture.name)
        assert_round_trip(cleaned, bundle, read, target)
        assert all(item.reason() for item in bundle.skipped)


@pytest.mark.parametrize("target", TARGETS)
def test_planted_dataset_round_trips_and_reports_every_skip(target: str, planted: Path, tmp_path: Path) -> None:
    cleaned = clean_dataset(load(planted), validation_share=0.1, seed=3)
    assert cleaned.validation  # both files are exercised
    bundle, read = export_and_read(cleaned, target, tmp_path)
    assert_round_trip(cleaned, bundle, read, target)
    skipped = {item.line: item for item in bundle.skipped}
    written_lines = [json.loads(line) for line in bundle.file(SKIPPED_FILE).text.splitlines()] if skipped else []
    assert [(record["line"], record["code"]) for record in written_lines] == [(i.line, i.code) for i in bundle.skipped]
    assert all(record["reason"] for record in written_lines)
    if target == "openai":
        assert set(skipped) == {PREFERENCE} and skipped[PREFERENCE].code == "export_other_kind"
    else:
        # Bedrock and Alpaca take no tools and no preference pairs; the others write both in their own layout
        # (tests/test_export_layouts.py), and a pair in a file of SFT examples is the other kind.
        supervised_only = target in ("bedrock", "alpaca")
        assert (skipped[TOOL_CALL].code == "export_tool_calls") if supervised_only else TOOL_CALL not in skipped
        assert skipped[PREFERENCE].code == ("export_preference" if supervised_only else "export_other_kind")
        assert (UNTRAINED in skipped) == (target != "together")


def test_duplicates_removed_conflicts_listed_and_counts_add_up(planted: Path, tmp_path: Path) -> None:
    dataset = load(planted)
    cleaned = clean_dataset(dataset, validation_share=0.1, seed=3)
    assert cleaned.removed_duplicates == (DUPLICATE_EXACT, DUPLICATE_VARIANT)
    assert cleaned.loaded == dataset.examples_kept == len(cleaned.train) + len(cleaned.validation) + 2
    kept_lines = sorted(example.line for example in cleaned.train + cleaned.validation)
    assert kept_lines == [line for line in range(1, PREFERENCE + 1) if line not in (DUPLICATE_EXACT, DUPLICATE_VARIANT)]
    (conflict,) = cleaned.conflicts
    assert conflict.lines == (CONFLICT_FIRST, CONFLICT_SECOND)
    assert conflict.answers == (("Paris", (CONFLICT_FIRST,)), ("Lyon", (CONFLICT_SECOND,)))
    # Conflicting examples are kept, on the same side of the split.
    sides = {line: side for side, examples in (("t", cleaned.train), ("v", cleaned.validation)) for line in
             (example.line for example in examples)}
    assert sides[CONFLICT_FIRST] == sides[CONFLICT_SECOND]

    bundle = export_files(cleaned, "bedrock")
    write_export(bundle, tmp_path)
    review = [json.loads(line) for line in (tmp_path / CONFLICTS_FILE).read_text(encoding="utf-8").splitlines()]
    assert review == [{
        "lines": [CONFLICT_FIRST, CONFLICT_SECOND],
        "input": "Capital of France?",
        "answers": [{"answer": "Paris", "lines": [CONFLICT_FIRST]}, {"answer": "Lyon", "lines": [CONFLICT_SECOND]}],
    }]
    manifest = json.loads((tmp_path / MANIFEST_FILE).read_text(encoding="utf-8"))
    counts = manifest["counts"]
    assert counts["loaded"] == counts["train"] + counts["validation"] + counts["removed_duplicates"]
    for split in ("train", "validation"):
        assert counts[split] == counts[f"written_{split}"] + counts[f"skipped_{split}"]
    skipped = counts["skipped_train"] + counts["skipped_validation"]
    assert skipped == len(bundle.skipped) == manifest["files"][SKIPPED_FILE]
    assert manifest["removed_duplicate_lines"] == [DUPLICATE_EXACT, DUPLICATE_VARIANT]
    assert counts["conflict_groups"] == 1


def test_bedrock_export_passes_the_projects_bedrock_rules(planted: Path, tmp_path: Path) -> None:
    bundle = export_files(clean_dataset(load(planted), validation_share=0.1, seed=3), "bedrock")
    write_export(bundle, tmp_path)
    train = load(tmp_path / TRAIN_FILE)
    assert train.examples_kept >= 32  # Bedrock's minimum, so the count check has nothing to say either
    # Before Claude 3 Haiku's end of life, so only the data is judged.
    issues = validate(train, None, "bedrock", today=date(2026, 1, 1))
    assert [issue for issue in issues if issue.severity == "error"] == []
    skipped = {item.line: item for item in bundle.skipped}
    assert "tool" in skipped[TOOL_CALL].reason() and "Bedrock" in skipped[TOOL_CALL].reason()
    merged = next(example for example in train.examples if example.messages[0].content.startswith("Part one."))
    assert turns_of(merged.messages) == [
        ("user", "Part one.\n\nPart two.", None), ("assistant", "Both parts read.", None),
    ]


def test_bedrock_skips_conversations_it_cannot_express(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    records = [
        chat(("assistant", "I speak first."), ("user", "Fine.")),
        chat(("user", "Q"), ("assistant", "A"), ("system", "Late rule."), ("user", "Q2"), ("assistant", "A2")),
        chat(("user", "No reply yet")),
        chat(("user", "Quote:\nHuman: hi"), ("assistant", "ok")),
        chat(("user", "Fine"), ("assistant", "Yes")),
    ]
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    bundle = export_files(clean_dataset(load(path), validation_share=0), "bedrock")
    assert {item.line: item.code for item in bundle.skipped} == {
        1: "export_first_not_user", 2: "export_system_not_first",
        3: "export_no_assistant", 4: "export_forbidden_string",
    }
    assert bundle.file(TRAIN_FILE).records == 1


def test_hf_export_loads_as_one_arrow_table_with_one_schema(planted: Path, tmp_path: Path) -> None:
    bundle = export_files(clean_dataset(load(planted), validation_share=0.1, seed=3), "hf")
    write_export(bundle, tmp_path)
    for name in (TRAIN_FILE, VALIDATION_FILE):
        table = pyarrow.json.read_json(tmp_path / name)
        assert table.num_rows == bundle.file(name).records
        records = [json.loads(line) for line in (tmp_path / name).read_text(encoding="utf-8").splitlines()]
        # The tool-call record (line 47) adds TRL's `tools` column and its call and result fields.
        tools = any("tools" in record for record in records)
        assert table.schema.names == ["messages"] + (["tools"] if tools else [])
        message = table.schema.field("messages").type.value_type
        fields = {message.field(i).name for i in range(message.num_fields)}
        assert fields == {"role", "content"} | ({"tool_calls", "tool_call_id"} if tools else set())
        assert str(message.field("content").type) == "string"
        shapes = {tuple(sorted(m)) for record in records if "tools" not in record for m in record["messages"]}
        assert shapes == {("content", "role")}


def test_labels_stratify_the_split(tmp_path: Path) -> None:
    path = tmp_path / "sentiment.jsonl"
    records = [chat(("user", f"Review {i}: {'great' if i % 3 else 'awful'} stuff number {i}"),
                    ("assistant", "positive" if i % 3 else "negative")) for i in range(60)]
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    dataset = load(path)
    labels = baseline_inputs(dataset).labels
    assert labels is not None
    cleaned = clean_dataset(dataset, validation_share=0.2, seed=1, labels=labels)
    assert cleaned.stratified_by_label
    assert {example.final_output() for example in cleaned.validation} == {"positive", "negative"}


# --- the command line ---------------------------------------------------------------------------


def test_cli_writes_the_files_it_says_it_writes(
    planted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["export", str(planted), "--to", "openai", "--out", str(out), "--config", "trl", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert sorted(Path(path).name for path in report["written"]) == sorted(
        [TRAIN_FILE, VALIDATION_FILE, CONFLICTS_FILE, SKIPPED_FILE, MANIFEST_FILE, "train_trl.py"])
    assert sorted(path.name for path in out.iterdir()) == sorted(Path(path).name for path in report["written"])
    assert [(item["line"], item["code"]) for item in report["skipped"]] == [(PREFERENCE, "export_other_kind")]
    script = (out / "train_trl.py").read_text(encoding="utf-8")
    assert TRAIN_FILE in script and VALIDATION_FILE in script
    assert report["counts"]["written_train"] == len((out / TRAIN_FILE).read_text(encoding="utf-8").splitlines())

    assert main(["export", str(FIXTURES / "openai_chat.jsonl"), "--to", "bedrock", "--out", str(tmp_path / "b")]) == 0
    text = capsys.readouterr().out
    assert "train.jsonl  (1 record)" in text and "skipped line 2 (train): Uses tools" in text


def test_cli_refuses_a_config_that_cannot_read_the_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixture = str(FIXTURES / "openai_chat.jsonl")
    assert main(["export", fixture, "--to", "alpaca", "--out", str(tmp_path / "a"), "--config", "trl"]) == 2
    assert "--to hf" in capsys.readouterr().err
    assert main(["export", str(FIXTURES / "preference.jsonl"), "--to", "openai", "--out", str(tmp_path / "p"),
                 "--config", "axolotl"]) == 2
    assert "preference" in capsys.readouterr().err
    assert not (tmp_path / "a").exists() and not (tmp_path / "p").exists()


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "no example could be written for --to bedrock, so nothing was written to"),
    ("pt", "nenhum exemplo pôde ser escrito para --to bedrock, então nada foi gravado em"),
])
@pytest.mark.parametrize("as_json", [False, True])
def test_cli_exits_2_with_the_reason_when_no_example_could_be_written(
    lang: str, said: str, as_json: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Bedrock needs the user to speak first: none of these 12 conversations can be written, so the run fails.
    path = tmp_path / "assistant_first.jsonl"
    path.write_text("".join(json.dumps(chat(("assistant", f"Hello {i}"), ("user", "Hi"))) + "\n" for i in range(12)),
                    encoding="utf-8")
    out = tmp_path / "out"
    argv = ["export", str(path), "--to", "bedrock", "--out", str(out), "--lang", lang] + (["--json"] if as_json else [])
    assert main(argv) == export_command.EXIT_NOTHING_WRITTEN == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and said in captured.err and "12" in captured.err
    assert not out.exists()
    if as_json:  # and no file is named as if written (before/after table of issue #18)
        summary = json.loads(captured.out)
        assert summary["written"] == [] and summary["files"] == {} and len(summary["skipped"]) == 12


def test_cli_target_list_matches_the_exporter() -> None:
    assert export_command.TARGETS == TARGETS
