"""The split: stratified, deterministic, duplicates on one side, nothing leaked; leakage counted exactly."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from advisor import load, load_bytes
from advisor.profiling.checks.base import normalise
from advisor.profiling.leakage import find_leakage
from advisor.profiling.split import split_dataset, validation_target
from tests.helpers import assert_accounted
from tests.test_profile import chat, sentence

ADVISOR = shutil.which("advisor", path=str(Path(sys.executable).parent)) or "advisor"
LABEL_SIZES = {"billing": 100, "shipping": 60, "refund": 40}


def classification_file() -> tuple[bytes, dict[str, list[int]]]:
    rows, duplicate_lines = [], []
    for label, count in LABEL_SIZES.items():
        rows.extend(chat(sentence(), label) for _ in range(count))
    repeated = sentence()
    for spelling in (repeated, repeated.upper(), f"  {repeated}  "):  # one unit of three
        rows.append(chat(spelling, "billing"))
        duplicate_lines.append(len(rows))
    return ("\n".join(rows) + "\n").encode(), {"duplicates": duplicate_lines}


def labels_of(dataset) -> tuple[str, ...]:  # noqa: ANN001
    return tuple(normalise(example.final_output()) for example in dataset.examples)


def test_split_is_stratified_by_label() -> None:
    dataset = load_bytes(classification_file()[0], "tickets.jsonl")
    split = split_dataset(dataset, 0.1, seed=3, labels=labels_of(dataset))
    labels = labels_of(dataset)
    size = dataset.examples_kept
    assert len(split.validation) == validation_target(size, 0.1) == round(size * 0.1)
    counts = Counter(labels[index] for index in split.validation)
    for label, count in Counter(labels).items():  # proportional within one example of the exact share
        assert abs(counts[label] - len(split.validation) * count / size) <= 1
    assert sorted(split.train + split.validation) == list(range(size))


def test_split_is_deterministic_per_seed_and_varies_across_seeds() -> None:
    dataset = load_bytes(classification_file()[0], "tickets.jsonl")
    labels = labels_of(dataset)
    first, again, other = (split_dataset(dataset, 0.1, seed, labels) for seed in (1, 1, 2))
    assert first == again
    assert first.validation != other.validation


def test_duplicates_stay_together_and_nothing_leaks(tmp_path: Path) -> None:
    data, planted = classification_file()
    source = tmp_path / "tickets.jsonl"
    source.write_bytes(data)
    for seed in range(5):
        out = tmp_path / f"split{seed}"
        result = subprocess.run(
            [ADVISOR, "split", str(source), "--out", str(out), "--seed", str(seed), "--json"],
            capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        train, validation = load(out / "train.jsonl"), load(out / "validation.jsonl")
        for part in (train, validation):
            assert_accounted(part)
            assert part.lines_rejected == 0
        assert (train.examples_kept, validation.examples_kept) == (report["train"], report["validation"])
        assert train.examples_kept + validation.examples_kept == 203
        leakage = find_leakage(train, validation)
        assert (leakage.exact, leakage.near) == ((), ())
        repeated = normalise(load(source).examples[planted["duplicates"][0] - 1].messages[0].content or "")
        sides = [sum(normalise(e.messages[0].content or "") == repeated for e in part.examples) for part in (train, validation)]
        assert sorted(sides) == [0, 3]


def test_validation_is_capped_at_1000_and_20_percent() -> None:
    assert validation_target(50_000, 0.1) == 1000
    assert validation_target(100, 0.5) == 20
    assert validation_target(3, 0.1) == 0


def test_leakage_between_two_files_is_counted_exactly() -> None:
    shared = [sentence() for _ in range(3)]
    nearly = [sentence().split() for _ in range(2)]
    train_rows = [chat(text, "a") for text in shared] + [chat(" ".join(words), "a") for words in nearly]
    train_rows += [chat(sentence(), "b") for _ in range(20)]
    validation_rows = [chat(text.upper(), "a") for text in shared]  # exact after normalising
    for words in nearly:
        changed = list(words)
        changed[5] = "trocada"
        validation_rows.append(chat(" ".join(changed), "a"))
    validation_rows += [chat(sentence(), "b") for _ in range(10)]
    train = load_bytes("\n".join(train_rows).encode(), "train.jsonl")
    validation = load_bytes("\n".join(validation_rows).encode(), "validation.jsonl")
    leakage = find_leakage(train, validation)
    assert [(v, t) for v, t in leakage.exact] == [(1, 1), (2, 2), (3, 3)]
    assert [(v, t) for v, t, _ in leakage.near] == [(4, 4), (5, 5)]


def test_analyze_reports_leakage_with_validation_flag(tmp_path: Path) -> None:
    train = tmp_path / "train.jsonl"
    validation = tmp_path / "validation.jsonl"
    rows = [chat(sentence(), "a") for _ in range(12)]
    train.write_text("\n".join(rows), encoding="utf-8")
    validation.write_text("\n".join(rows[:2] + [chat(sentence(), "a")]), encoding="utf-8")
    result = subprocess.run([ADVISOR, "analyze", str(train), "--validation", str(validation), "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["profile"]["leakage"] == {"exact": 2, "near": 0}


def test_punctuation_variants_never_straddle_the_split() -> None:
    rows = [chat(sentence(), "a") for _ in range(60)]
    base = sentence()
    rows += [chat(base, "a"), chat(base.replace(" ", "; ", 4) + "?", "a")]
    dataset = load_bytes("\n".join(rows).encode(), "x.jsonl")
    for seed in range(10):
        split = split_dataset(dataset, 0.2, seed)
        assert ({60, 61} <= set(split.train)) or ({60, 61} <= set(split.validation))
