"""`advisor report FILE --out report.html|report.md`: the report a product manager can forward.

With FILE the whole analysis runs (offline baselines included, no LLM call); `--from analysis.json`
reopens an analysis saved by `--save-analysis` (here or in `advisor recommend`) without the data.
The report's format follows the extension of `--out`; its language is `--lang` (with `--from`, the
language the analysis was saved in unless `--lang` is given).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from advisor.commands.common import add_dataset_arguments, add_scenario_arguments

HELP = ("the forwardable report (HTML or Markdown): the answer, the money, the risks, then the evidence; "
        "10,000 requests a month unless --monthly-requests or --scenario says otherwise")
DEFAULT_REQUESTS = 10_000
FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}
# Options that only shape a new analysis: with --from the saved one is reported as it was.
NEW_ANALYSIS_ONLY = ("task", "save_analysis", "format", "input_col", "output_col", "annotator_cols", "max_mb",
                     "monthly_requests", "scenario", "growth", "horizon", "k", "instruction_tokens", "prompt_model",
                     "finetune_model", "gpu", "private", "total_examples", "domain_shift", "facts_change", "currency",
                     "save_scenario")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_dataset_arguments(parser)
    for action in parser._actions:  # FILE is optional here: --from reports a saved analysis without the data
        if action.dest == "file":
            action.nargs, action.required, action.default = "?", False, None
            action.help = "the dataset to analyse (leave out with --from)"
        elif action.dest == "lang":
            action.default = None
            action.help = "language of the report (default en, or the saved analysis' language with --from)"
    parser.add_argument("--task", help="what the model should do, in a sentence or two (heads the report)")
    parser.add_argument("--out", required=True, help="the report to write: .html (one self-contained file) or .md")
    parser.add_argument("--from", dest="source", metavar="ANALYSIS_JSON",
                        help="report a saved analysis (written by --save-analysis) instead of analysing FILE")
    parser.add_argument("--save-analysis", metavar="PATH",
                        help="also write the whole analysis as JSON (no data, no key)")
    add_scenario_arguments(parser)
    for action in parser._actions:
        if action.dest == "monthly_requests":
            action.help = f"requests a month at the start (default {DEFAULT_REQUESTS:,} unless --scenario has it)"


def fail(message: str) -> int:
    print(f"advisor: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from advisor.commands.common import load_examples, scenario_from_args
    from advisor.data.atomic_write import print_whole, write_atomically
    from advisor.decide.advice import DocumentError, advice_to_dict, advise, dumps, load_document
    from advisor.pricing.catalog import CatalogError
    from advisor.pricing.scenario import ScenarioError
    from advisor.render.report import render_html, render_markdown

    kind = FORMATS.get(Path(args.out).suffix.lower())
    if kind is None:
        return fail(f"--out {args.out}: the report is written as HTML or Markdown, so the name must end in "
                    f"{', '.join(FORMATS)}")
    if args.source and args.file:
        return fail("give either FILE (to analyse it) or --from ANALYSIS_JSON (to report a saved analysis), not both")
    if args.source:
        ignored = [f"--{name.replace('_', '-')}" for name in NEW_ANALYSIS_ONLY if getattr(args, name, None)]
        if ignored:
            return fail(f"--from reports the saved analysis as it was saved; leave out {', '.join(ignored)}: "
                        "they only shape a new analysis of FILE")
        try:
            document = load_document(args.source)
        except DocumentError as error:
            reason = str(error)
            return fail(reason if reason.startswith(str(args.source)) else f"{args.source}: {reason}")
    elif not args.file:
        return fail("give the dataset FILE to analyse, or --from ANALYSIS_JSON to report a saved analysis")
    else:
        args.lang = args.lang or "en"
        try:
            scenario = scenario_from_args(args, DEFAULT_REQUESTS)
        except ScenarioError as error:
            return fail(error.message(args.lang))
        dataset = load_examples(args, "report on")
        if dataset is None:
            return 2
        try:
            document = advice_to_dict(advise(dataset, scenario, task=args.task or ""), args.lang)
        except (CatalogError, ScenarioError) as error:
            return fail(str(error))
        if args.save_analysis:
            try:
                write_atomically(args.save_analysis, dumps(document) + "\n")
            except OSError as error:
                return fail(f"cannot write {args.save_analysis}: {error.strerror or error}")
    report = (render_html if kind == "html" else render_markdown)(document, args.lang)
    try:
        write_atomically(args.out, report)  # whole or not at all; lone surrogates become U+FFFD
    except OSError as error:
        return fail(f"cannot write {args.out}: {error.strerror or error}")
    best = document["recommendation"]["ranking"][0]
    print_whole(f"wrote {args.out}: {best['option']} {best['verdict']}, next step {document['recommendation']['next_step']}")
    return 0
