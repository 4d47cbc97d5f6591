"""`advisor` on the command line: one verb per step of the flow, each a thin module in advisor/commands.

A verb module defines `HELP`, `add_arguments(parser)` and `run(args) -> int`, and imports heavy
libraries inside `run` so that `advisor --help` stays quick.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

VERBS = ("analyze", "split", "estimate", "costs", "baseline", "recommend", "report", "export")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="advisor", description="Fine-tuning decision advisor.")
    verbs = parser.add_subparsers(dest="verb", required=True)
    for verb in VERBS:
        command = importlib.import_module(f"advisor.commands.{verb}")
        command.add_arguments(verbs.add_parser(verb, help=command.HELP, description=command.HELP))
        verbs.choices[verb].set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # `advisor … | head`: the reader left; end quietly, as other command-line tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's documented recipe
        return 1


if __name__ == "__main__":
    sys.exit(main())
