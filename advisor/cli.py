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
    # exit_on_error=False: a refused value reaches `main`, which prints one line (advisor/commands/numbers.py)
    parser = argparse.ArgumentParser(prog="advisor", description="Fine-tuning decision advisor.", exit_on_error=False)
    verbs = parser.add_subparsers(dest="verb", required=True)
    for verb in VERBS:
        command = importlib.import_module(f"advisor.commands.{verb}")
        command.add_arguments(verbs.add_parser(verb, help=command.HELP, description=command.HELP, exit_on_error=False))
        verbs.choices[verb].set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from advisor.commands.numbers import refusal_line

    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = build_parser().parse_args(argv)
    except argparse.ArgumentError as error:  # one line, exit status 2 as argparse's own errors
        print(f"advisor: {refusal_line(error, argv)}", file=sys.stderr)
        raise SystemExit(2) from None
    try:
        return args.run(args)
    except BrokenPipeError:  # `advisor … | head`: the reader left; end quietly, as other command-line tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's documented recipe
        return 1


if __name__ == "__main__":
    sys.exit(main())
