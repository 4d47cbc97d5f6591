"""`advisor split FILE --out DIR`: a stratified, leak-free train/validation split written as OpenAI JSONL."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.commands.common import add_dataset_arguments, add_split_arguments, complain, load_or_report
from advisor.data.atomic_write import print_whole, write_files_atomically

if TYPE_CHECKING:
    from advisor.data.model import Dataset
    from advisor.profiling.split import Split

HELP = "write a stratified, leak-free train/validation split (train.jsonl, validation.jsonl)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_dataset_arguments(parser)
    parser.add_argument("--out", required=True, help="folder to write train.jsonl and validation.jsonl into")
    add_split_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from advisor.profiling.checks.base import normalise
    from advisor.profiling.profile import profile
    from advisor.profiling.split import split_dataset

    dataset = load_or_report(args)
    if dataset is None:
        return 2
    kind = profile(dataset).task_kind
    labels = tuple(normalise(example.final_output()) for example in dataset.examples) if kind == "classification" else None
    split = split_dataset(dataset, args.validation_share, args.seed, labels)
    out = Path(args.out)
    try:
        write_split(dataset, split, out)
    except OSError as error:
        complain(f"advisor: cannot write {out}: {error.strerror or error}")
        return 2
    report = {
        "train": len(split.train),
        "validation": len(split.validation),
        "stratified_by_label": split.stratified_by_label,
        "task_kind": kind,
        "units": split.units,
        "files": [str(out / "train.jsonl"), str(out / "validation.jsonl")],
    }
    if args.json:
        print_whole(json.dumps(report, ensure_ascii=False))
    else:
        how = "stratified by label" if split.stratified_by_label else "not stratified"
        print_whole(f"{report['train']:,} train + {report['validation']:,} validation ({how}; "
                    f"{split.units:,} groups kept whole) → {out}")
    return 0


def write_split(dataset: Dataset, split: Split, out: Path) -> tuple[Path, ...]:
    """train.jsonl and validation.jsonl in `out`, both or neither (advisor/data/atomic_write.py)."""
    from advisor.data.serialize import jsonl_line

    out.mkdir(parents=True, exist_ok=True)
    texts = {out / name: (jsonl_line(dataset.examples[index]) for index in indexes)
             for name, indexes in (("train.jsonl", split.train), ("validation.jsonl", split.validation))}
    return write_files_atomically(texts)
