"""What the verbs share: the dataset options and loading with one clear error line; the scenario options."""

from __future__ import annotations

import argparse
import sys

from advisor import i18n
from advisor.commands.numbers import MAX_MB, SEED, number_in, scenario_number
from advisor.data.loader import FORMAT_CHOICES, LoadError, load
from advisor.data.model import Dataset
from advisor.i18n.messages import describe, render
from advisor.pricing.scenario import Scenario

UNREADABLE_RECORD_CODES = {"invalid_json", "not_object", "unknown_shape", "binary_data", "invalid_utf8"}


def add_dataset_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every verb that reads a dataset file shares."""
    parser.add_argument("file")
    parser.add_argument("--format", choices=FORMAT_CHOICES, help="read the file as this format instead of detecting it")
    parser.add_argument("--input-col", help="table column holding the input")
    parser.add_argument("--output-col", help="table column holding the expected output")
    parser.add_argument("--sheet", help="workbook sheet to read (default: the first visible sheet with data)")
    parser.add_argument("--annotator-cols", metavar="A,B,C", type=column_list,
                        help="table columns holding other annotators' labels of the same items (default: columns "
                        "named like annotator_1 or label_a whose labels are the output column's)")
    parser.add_argument("--max-mb", type=MAX_MB, help="refuse files larger than this many MB (default 512)")
    parser.add_argument("--lang", choices=("en", "pt"), default="en")


def column_list(text: str) -> tuple[str, ...]:
    """`a,b,c` as column names (spaces around each trimmed; empty names dropped)."""
    columns = tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    if not columns:
        raise argparse.ArgumentTypeError("name at least one column, separated by commas")
    return columns


def load_or_report(args: argparse.Namespace) -> Dataset | None:
    """The dataset named on the command line, or None after one clear line on stderr."""
    try:
        dataset = load(
            args.file,
            format=args.format,
            input_col=args.input_col,
            output_col=args.output_col,
            max_bytes=None if args.max_mb is None else int(args.max_mb * (1 << 20)),
            sheet=getattr(args, "sheet", None),
            annotator_cols=getattr(args, "annotator_cols", None),
        )
    except LoadError as error:
        complain(f"advisor: {render(error.code, error.args_, args.lang)}")
        return None
    if not is_recognised(dataset):
        first = next((issue for issue in dataset.issues if issue.severity == "error"), None)
        unknown, line = i18n.text("cli", "unknown_format", args.lang), i18n.text("cli", "line", args.lang)
        detail = f" ({line} {first.line}: {describe(first, args.lang)})" if first else ""
        # The file's own notes (e.g. what to flatten a JSON object to) go on the same line: a refusal is one line.
        notes = "".join(f" {describe(note, args.lang)}" for note in dataset.issues if note.line == 0)
        complain(f"advisor: {args.file}: {unknown}{detail}.{notes}")
        return None
    return dataset


def complain(message: str) -> None:
    """One line on stderr, whatever the message holds: a file name may contain line breaks."""
    print(message.replace("\r", "\\r").replace("\n", "\\n"), file=sys.stderr)


def load_examples(args: argparse.Namespace, purpose: str) -> Dataset | None:
    """`load_or_report`, also refusing (one line on stderr) a file with no example to `purpose` ("judge")."""
    dataset = load_or_report(args)
    if dataset is not None and not dataset.examples:
        complain(f"advisor: {args.file}: no readable examples to {purpose}")
        return None
    return dataset


def is_recognised(dataset: Dataset) -> bool:
    """False when no record had a known shape: the file is not a dataset we can read at all."""
    return dataset.examples_kept > 0 or any(
        issue.severity == "error" and issue.code not in UNREADABLE_RECORD_CODES for issue in dataset.issues
    )


def add_split_arguments(parser: argparse.ArgumentParser) -> None:
    """How a file is split into train and validation (advisor/profiling/split.py)."""
    parser.add_argument("--validation-share", type=number_in(0, 1, below=True), default=0.1,
                        help="share of examples for validation, at least 0 and below 1 (default 0.1)")
    parser.add_argument("--seed", type=SEED, default=0)


def add_scenario_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of a cost scenario (see advisor/pricing/scenario.py); flags override a --scenario file."""
    parser.add_argument("--monthly-requests", type=scenario_number("monthly_requests"),
                        help="requests a month at the start (required unless the scenario has it)")
    parser.add_argument("--scenario",
                        help="a scenario JSON file (see advisor/pricing/scenario.py); flags given here override it")
    parser.add_argument("--growth", type=scenario_number("monthly_growth"),
                        help="monthly growth of the volume, e.g. 0.05 for +5 %% a month")
    parser.add_argument("--horizon", type=scenario_number("horizon_months"),
                        help="months to amortise training over (default 12)")
    parser.add_argument("--k", type=scenario_number("k_shots"), help="demonstrations per in-context prompt (default 5)")
    parser.add_argument("--instruction-tokens", type=scenario_number("instruction_tokens"),
                        help="tokens of task instructions a prompted model needs (default 200)")
    parser.add_argument("--prompt-model", action="append", help="API model for prompting and in-context (repeatable)")
    parser.add_argument("--finetune-model", action="append", help="OpenAI or open model to fine-tune (repeatable)")
    parser.add_argument("--gpu", help="self-hosted GPU (default: the cheapest that fits)")
    parser.add_argument("--private", action="store_true", default=None,
                        help="data must not leave your machines: self-hosted routes only")
    parser.add_argument("--total-examples", type=scenario_number("total_examples"),
                        help="examples you really have when the file is a sample of them (scales training costs)")
    parser.add_argument("--domain-shift", action="store_true", default=None,
                        help="the texts are in a domain or language the base model has seen little of")
    parser.add_argument("--facts-change", action="store_true", default=None,
                        help="the answers depend on facts that change (prices, stock, dates): retrieve them into "
                        "the prompt rather than train them in")
    parser.add_argument("--currency", help="show money also in this currency (default BRL)")
    parser.add_argument("--save-scenario", help="write the scenario used to this JSON file")


def scenario_from_args(args: argparse.Namespace, default_requests: int | None = None) -> Scenario:
    """The scenario the options describe. Raises ScenarioError with one sentence."""
    from advisor.pricing.scenario import ScenarioError, load_scenario, scenario_from_dict

    changes = {
        "monthly_requests": args.monthly_requests, "monthly_growth": args.growth, "horizon_months": args.horizon,
        "k_shots": args.k, "instruction_tokens": args.instruction_tokens, "gpu": args.gpu, "currency": args.currency,
        "data_must_stay": args.private, "total_examples": args.total_examples, "domain_shift": args.domain_shift,
        "facts_change": args.facts_change,
        "prompt_models": tuple(args.prompt_model) if args.prompt_model else None,
        "finetune_models": tuple(args.finetune_model) if args.finetune_model else None,
    }
    if args.scenario:
        scenario = load_scenario(args.scenario, **changes)
    elif args.monthly_requests is None and default_requests is None:
        raise ScenarioError("cli_monthly_requests")
    else:
        scenario = scenario_from_dict({"monthly_requests": default_requests} if default_requests else {}, **changes)
    if args.save_scenario:
        try:
            scenario.save(args.save_scenario)
        except OSError as error:
            raise ScenarioError("cannot_write", path=args.save_scenario, detail=error.strerror or error) from error
    return scenario
