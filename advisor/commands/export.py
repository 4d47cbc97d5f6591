"""`advisor export FILE --to TARGET --out DIR`: clean train/validation files for a platform, and a starter config."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.commands.common import add_dataset_arguments, add_split_arguments, complain, load_or_report
from advisor.data.atomic_write import print_whole
from advisor.i18n import section
from advisor.i18n.messages import number

if TYPE_CHECKING:
    from advisor.render.export import ExportBundle

HELP = "write cleaned train/validation files for a training platform (and optionally a starter config)"
TARGETS = ("openai", "bedrock", "together", "alpaca", "sharegpt", "hf")  # advisor.render.export.TARGETS, without importing it
CONFIGS = ("openai", "trl", "axolotl")
# Which exports each config can read: OpenAI jobs take OpenAI files; TRL and Axolotl read `messages` records.
CONFIG_TARGETS = {"openai": ("openai",), "trl": ("hf", "openai", "together"), "axolotl": ("hf", "openai", "together")}
# Exit status of an export that could write no example: a pipeline must not take an empty folder for a success.
EXIT_NOTHING_WRITTEN = 2

MESSAGES = section("export_command")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_dataset_arguments(parser)
    parser.add_argument("--to", required=True, choices=TARGETS, help="the format to write")
    parser.add_argument("--out", required=True, help="folder to write the files into")
    parser.add_argument("--config", choices=CONFIGS, help="also write a starter training config for this tool")
    parser.add_argument("--base-model", help="model to fine-tune in the config (default: gpt-4.1-mini for openai, "
                        "Llama 3.1 8B Instruct for trl/axolotl)")
    add_split_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from advisor.baselines.offline import baseline_inputs
    from advisor.render.export import ExportFile, clean_dataset, export_files, export_summary, write_export

    if args.config and args.to not in CONFIG_TARGETS[args.config]:
        print(f"advisor: --config {args.config} reads exports made with --to "
              f"{' or '.join(CONFIG_TARGETS[args.config])}, not --to {args.to}", file=sys.stderr)
        return 2
    dataset = load_or_report(args)
    if dataset is None:
        return 2
    cleaned = clean_dataset(dataset, args.validation_share, args.seed, baseline_inputs(dataset).labels)
    bundle = export_files(cleaned, args.to)
    if args.config:
        config = _config_file(args, bundle)
        if config is None:
            return 2
        bundle = replace(bundle, files=bundle.files + (ExportFile(*config),))
    paths: tuple[Path, ...] = ()
    try:
        if bundle.train_file is not None:  # an empty export is not written: it would pass for a result
            paths = write_export(bundle, args.out)
    except OSError as error:
        complain(f"advisor: cannot write {args.out}: {error.strerror or error}")
        return 2
    summary = export_summary(cleaned, bundle) | {"written": [str(path) for path in paths]}
    if not paths:  # nothing was written: no file to name (the skipped lines are listed under "skipped")
        summary["files"] = {}
    if args.json:
        skipped = [{"line": item.line, "split": item.split, "code": item.code, "reason": item.reason(args.lang)}
                   for item in bundle.skipped]
        print_whole(json.dumps(summary | {"skipped": skipped}, ensure_ascii=False))
        return _finish(bundle, args)
    counts = summary["counts"]
    lines = [f"{counts['loaded']:,} examples loaded ({counts['rejected_lines']:,} rejected lines) → "
             f"{counts['removed_duplicates']:,} exact duplicates removed, {counts['train']:,} train + "
             f"{counts['validation']:,} validation"]
    for item in bundle.files if paths else ():
        count = "" if item.records is None else f"  ({item.records:,} {'record' if item.records == 1 else 'records'})"
        lines.append(f"  {Path(args.out) / item.name}{count}")
    if counts["conflict_groups"]:
        lines.append(f"{counts['conflict_groups']:,} inputs have conflicting answers: kept, listed for review.")
    for item in bundle.skipped:
        lines.append(f"  skipped line {item.line} ({item.split}): {item.reason(args.lang)}")
    print_whole("\n".join(lines))
    return _finish(bundle, args)


def _finish(bundle: ExportBundle, args: argparse.Namespace) -> int:
    """0, or EXIT_NOTHING_WRITTEN after one line on stderr saying why no example could be written."""
    if bundle.train_file is not None:
        return 0
    complain(_nothing_written(bundle, args))
    return EXIT_NOTHING_WRITTEN


def _nothing_written(bundle: ExportBundle, args: argparse.Namespace) -> str:
    """One line: why no example could be written (the most common skip reason), in the user's language."""
    from collections import Counter

    lang = "pt" if args.lang == "pt" else "en"
    if bundle.skipped:
        code, count = Counter(item.code for item in bundle.skipped).most_common(1)[0]
        first = next(item for item in bundle.skipped if item.code == code)
        reason = MESSAGES["export_skipped_reason"][lang].format(
            skipped=number(len(bundle.skipped), lang), reason=first.reason(lang))
    else:
        reason = MESSAGES["export_no_examples"][lang]
    return MESSAGES["export_nothing_written"][lang].format(target=args.to, out=args.out, reason=reason)


def _config_file(args: argparse.Namespace, bundle: ExportBundle) -> tuple[str, str] | None:
    """(file name, text) of the starter config, or None after one line on stderr."""
    from advisor.render.configs import CONFIG_FILES, axolotl_yaml, openai_job, starter_plan, trl_script

    if bundle.train_file is None:
        print(f"advisor: no example could be written for --to {args.to}, so there is nothing to configure; "
              "run without --config to see why each was skipped", file=sys.stderr)
        return None
    if bundle.kind == "preference" and args.config != "openai":
        print(f"advisor: --config {args.config} writes a supervised fine-tuning config; this export holds "
              "preference (DPO) data", file=sys.stderr)
        return None
    train_examples = dict(bundle.written)["train"]
    plan = starter_plan(args.config, train_examples, bundle.train_file, bundle.validation_file, args.base_model,
                        args.seed, preference=bundle.kind == "preference", corpus=bundle.kind == "corpus")
    render = {"openai": openai_job, "trl": trl_script, "axolotl": axolotl_yaml}[args.config]
    return CONFIG_FILES[args.config], render(plan)
