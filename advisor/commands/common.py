"""What every verb that reads a dataset shares: its options, and loading it with one clear error line."""

from __future__ import annotations

import argparse
import sys

from advisor.loader import FORMAT_CHOICES, LoadError, load
from advisor.messages import describe, render
from advisor.model import Dataset

UNREADABLE_RECORD_CODES = {"invalid_json", "not_object", "unknown_shape", "binary_data", "invalid_utf8"}


def add_dataset_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every verb that reads a dataset file shares."""
    parser.add_argument("file")
    parser.add_argument("--format", choices=FORMAT_CHOICES, help="read the file as this format instead of detecting it")
    parser.add_argument("--input-col", help="table column holding the input")
    parser.add_argument("--output-col", help="table column holding the expected output")
    parser.add_argument("--max-mb", type=float, help="refuse files larger than this many MB (default 512)")
    parser.add_argument("--lang", choices=("en", "pt"), default="en")


def load_or_report(args: argparse.Namespace) -> Dataset | None:
    """The dataset named on the command line, or None after one clear line on stderr."""
    try:
        dataset = load(
            args.file,
            format=args.format,
            input_col=args.input_col,
            output_col=args.output_col,
            max_bytes=None if args.max_mb is None else int(args.max_mb * (1 << 20)),
        )
    except LoadError as error:
        print(f"advisor: {render(error.code, error.args_, args.lang)}", file=sys.stderr)
        return None
    if not is_recognised(dataset):
        first = next((issue for issue in dataset.issues if issue.severity == "error"), None)
        unknown = {"en": "no known dataset format", "pt": "nenhum formato de dataset conhecido"}[args.lang]
        detail = f" (line {first.line}: {describe(first, args.lang)})" if first else ""
        print(f"advisor: {args.file}: {unknown}{detail}", file=sys.stderr)
        return None
    return dataset


def is_recognised(dataset: Dataset) -> bool:
    """False when no record had a known shape: the file is not a dataset we can read at all."""
    return dataset.examples_kept > 0 or any(
        issue.severity == "error" and issue.code not in UNREADABLE_RECORD_CODES for issue in dataset.issues
    )
