"""Preference (DPO) data in every common layout is read as pairs, and the pairs are profiled as pairs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from advisor.data.loader import load
from advisor.data.model import Message
from advisor.data.tokens import DEFAULT_MODEL, choose_encoding, get_encoding
from advisor.i18n.messages import describe
from advisor.profiling.profile import profile
from tests.helpers import assert_accounted

ADVISOR = shutil.which("advisor", path=str(Path(sys.executable).parent)) or "advisor"


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


def user(text: str) -> dict:
    return {"role": "user", "content": text}


def assistant(text: str) -> dict:
    return {"role": "assistant", "content": text}


def sides(dataset) -> list[tuple[tuple, tuple, tuple]]:
    def plain(messages: tuple[Message, ...]) -> tuple:
        return tuple((message.role, message.content) for message in messages)
    return [(plain(e.messages), plain(e.preferred), plain(e.rejected)) for e in dataset.examples]


EXPECTED = [((("user", "Capital of France?"),), (("assistant", "Paris."),), (("assistant", "Lyon."),)),
            ((("user", "2+2?"),), (("assistant", "4"),), (("assistant", "5"),))]


@pytest.mark.parametrize("layout", ["trl_plain", "trl_conversational", "transcripts", "openai"])
def test_every_layout_is_read_into_the_same_pairs(tmp_path: Path, layout: str) -> None:
    pairs = [("Capital of France?", "Paris.", "Lyon."), ("2+2?", "4", "5")]
    make = {
        "trl_plain": lambda q, a, b: {"prompt": q, "chosen": a, "rejected": b},
        "trl_conversational": lambda q, a, b: {"prompt": [user(q)], "chosen": [assistant(a)], "rejected": [assistant(b)]},
        "transcripts": lambda q, a, b: {"chosen": [user(q), assistant(a)], "rejected": [user(q), assistant(b)]},
        "openai": lambda q, a, b: {"input": {"messages": [user(q)]}, "preferred_output": [assistant(a)],
                                   "non_preferred_output": [assistant(b)]},
    }[layout]
    dataset = load(write_jsonl(tmp_path / "pairs.jsonl", [make(*pair) for pair in pairs]))
    assert (dataset.detected_format, dataset.examples_kept, dataset.lines_rejected) == ("preference", 2, 0)
    assert sides(dataset) == EXPECTED
    layout_notes = [issue for issue in dataset.issues if issue.code == "preference_layout"]
    assert len(layout_notes) == (0 if layout == "openai" else 1)  # OpenAI's layout is what platforms take
    assert_accounted(dataset)


def test_one_text_transcripts_split_where_they_differ_as_trl_does(tmp_path: Path) -> None:
    # Anthropic HH-RLHF: no prompt key; the shared start is the prompt, the space before the split goes
    # to the replies (TRL's extract_prompt).
    record = {"chosen": "\n\nHuman: hi\n\nAssistant: good day", "rejected": "\n\nHuman: hi\n\nAssistant: go away"}
    record2 = {"chosen": "\n\nHuman: bye\n\nAssistant: ok", "rejected": "\n\nHuman: bye\n\nAssistant: no"}
    dataset = load(write_jsonl(tmp_path / "hh.jsonl", [record, record2]))
    assert sides(dataset)[1] == ((("user", "\n\nHuman: bye\n\nAssistant:"),), (("assistant", " ok"),),
                                 (("assistant", " no"),))
    # "good day" and "go away" share "go": the split is there, as TRL makes it.
    assert sides(dataset)[0][1] == (("assistant", "od day"),)


def test_alpaca_with_chosen_and_rejected_keeps_the_pair_and_names_the_unread_output(tmp_path: Path) -> None:
    records = [{"instruction": f"Summarise {i}", "input": "text", "output": "sum", "chosen": "sum", "rejected": "no"}
               for i in range(3)]
    dataset = load(write_jsonl(tmp_path / "alpaca_dpo.jsonl", records))
    assert dataset.detected_format == "preference"  # was "alpaca", chosen/rejected dropped without a word
    assert sides(dataset)[0] == ((("user", "Summarise 0\n\ntext"),), (("assistant", "sum"),), (("assistant", "no"),))
    unread = [describe(issue) for issue in dataset.issues if issue.code == "fields_not_read"]
    assert len(unread) == 1 and "'output' (3)" in unread[0]


def test_parquet_and_csv_tables_of_pairs(tmp_path: Path) -> None:
    table = tmp_path / "pairs.parquet"
    pq.write_table(pa.table({
        "prompt": [[user("Capital of France?")], [user("2+2?")]],
        "chosen": [[assistant("Paris.")], [assistant("4")]],
        "rejected": [[assistant("Lyon.")], [assistant("5")]],
        "score": [1.0, None],
    }), table)
    dataset = load(table)
    assert sides(dataset) == EXPECTED
    assert "'score' (1)" in describe(next(i for i in dataset.issues if i.code == "fields_not_read"))
    csv_path = tmp_path / "pairs.csv"
    csv_path.write_text('prompt,chosen,rejected\n"Capital of France?",Paris.,Lyon.\n"2+2?",4,5\n', encoding="utf-8")
    assert sides(load(csv_path)) == EXPECTED


def pair(prompt: str, chosen_words: int, rejected_words: int) -> dict:
    return {"prompt": prompt, "chosen": " ".join(["good"] * chosen_words), "rejected": " ".join(["bad"] * rejected_words)}


def test_pairs_are_profiled_identical_reversed_duplicated_and_length(tmp_path: Path) -> None:
    records = [pair(f"q{i}", 10, 3) for i in range(17)] + [pair(f"r{i}", 2, 6) for i in range(3)]
    records += [
        {"prompt": "same", "chosen": "Yes.", "rejected": "  yes. "},  # line 21: identical up to case/spacing
        {"prompt": "q0", "chosen": records[0]["rejected"], "rejected": records[0]["chosen"]},  # 22: line 1 reversed
        dict(records[1]),  # 23: a copy of line 2
    ]
    dataset = load(write_jsonl(tmp_path / "pairs.jsonl", records))
    result = profile(dataset).preference_pairs
    encoding = get_encoding(choose_encoding(DEFAULT_MODEL).encoding)
    chosen = [len(encoding.encode(record["chosen"])) for record in records]
    rejected = [len(encoding.encode(record["rejected"])) for record in records]
    # Pairs told apart (not line 21, whose sides are equal up to case and spacing) with different lengths.
    differing = [(c, r) for index, (c, r) in enumerate(zip(chosen, rejected)) if c != r and index != 20]
    assert result.pairs == 23
    assert (result.compared, result.chosen_longer) == (len(differing), sum(c > r for c, r in differing))
    assert (result.chosen_tokens.total, result.rejected_tokens.total) == (sum(chosen), sum(rejected))
    assert result.identical == (21,)
    assert result.reversed == (1, 22)
    assert result.duplicate_groups == ((2, 23),)
    # 18 longer of 22 differing (81.8 %): above the 80 % rule.
    assert (result.chosen_longer, result.compared) == (18, 22)
    codes = {finding.code for finding in result.findings()}
    assert codes == {"preference_identical", "preference_reversed", "preference_length_shortcut", "preference_duplicates"}


def test_length_share_at_the_threshold_is_not_flagged(tmp_path: Path) -> None:
    records = [pair(f"q{i}", 10, 3) for i in range(16)] + [pair(f"r{i}", 2, 6) for i in range(4)]  # exactly 80 %
    result = profile(load(write_jsonl(tmp_path / "pairs.jsonl", records))).preference_pairs
    assert (result.chosen_longer, result.compared) == (16, 20)
    assert result.findings() == ()


def test_an_empty_reply_is_kept_with_a_warning_and_flagged_as_no_signal_only_when_both_are(tmp_path: Path) -> None:
    records = [{"prompt": "q", "chosen": "fine", "rejected": " "}, {"prompt": "r", "chosen": "", "rejected": ""}]
    dataset = load(write_jsonl(tmp_path / "pairs.jsonl", records))
    assert [(i.line, i.code, i.arg("field")) for i in dataset.issues if i.code == "empty_content"] == [
        (1, "empty_content", "rejected"), (2, "empty_content", "chosen"), (2, "empty_content", "rejected")]
    assert profile(dataset).preference_pairs.identical == (2,)


def test_no_preference_profile_for_plain_chat(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "chat.jsonl", [{"messages": [user("a"), assistant("b")]}])
    assert profile(load(path)).preference_pairs is None


def test_cli_reads_a_trl_file_it_used_to_refuse(tmp_path: Path) -> None:
    records = [pair(f"q{i}", 10, 3) for i in range(12)]
    path = write_jsonl(tmp_path / "trl.jsonl", records)
    result = subprocess.run([ADVISOR, "analyze", str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Lines read: 12 = 12 kept + 0 rejected" in result.stdout
    assert "Preference pairs: 12; chosen longer 12/12 (100.0%)" in result.stdout
    assert "in 12 of 12 pairs (100.0%). Above 80%" in result.stdout
    portuguese = subprocess.run([ADVISOR, "analyze", str(path), "--lang", "pt"], capture_output=True, text=True,
                                timeout=120)
    assert "Pares de preferência: 12; escolhida mais longa 12/12 (100,0%)" in portuguese.stdout
    assert "em 12 de 12 pares (100,0%)" in portuguese.stdout
    report = json.loads(subprocess.run([ADVISOR, "analyze", str(path), "--json"], capture_output=True, text=True,
                                       timeout=120).stdout)
    assert json.dumps(report).count('"chosen_longer": 12') == 1


def test_export_writes_trl_pairs_in_openai_layout(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "trl.jsonl", [{"prompt": "Q", "chosen": "A", "rejected": "B"}] * 1
                       + [{"prompt": f"Q{i}", "chosen": "A", "rejected": "B"} for i in range(9)])
    out = tmp_path / "out"
    result = subprocess.run([ADVISOR, "export", str(path), "--to", "openai", "--out", str(out), "--validation-share", "0"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    first = json.loads((out / "train.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert set(first) == {"input", "preferred_output", "non_preferred_output"}
