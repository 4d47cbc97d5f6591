"""How long does the changing-facts check take next to tokenizing the same answers?

Run: .venv/bin/python benchmarks/bench_changing_facts.py [--examples 100000] [--repeat 3]

Builds --examples price-and-stock Q&A pairs (every answer a fact: the worst case, every answer goes through
the pattern and its input's numbers) and as many classification pairs (no digit in the answers: the
common case, skipped by one digit search), then times, each the best of --repeat rounds:
  1. `encode_ordinary` of every answer with o200k_base (the reference: the profile tokenizes anyway),
  2. `find_changing_facts` on the prepared data (what the profile runs),
and prints seconds and the ratio to tokenizing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from advisor.data.loader import load_bytes  # noqa: E402
from advisor.data.tokens import get_encoding  # noqa: E402
from advisor.profiling.checks.base import prepare  # noqa: E402
from advisor.profiling.checks.changing_facts import find_changing_facts  # noqa: E402
from tests.llm_server import classification_rows  # noqa: E402
from tests.test_changing_facts import jsonl, price_rows  # noqa: E402


def best_of(repeat: int, run) -> float:  # noqa: ANN001 - a callable
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    encoding = get_encoding("o200k_base")
    for name, rows in (("prices", price_rows(args.examples)), ("classification", classification_rows(args.examples))):
        data = prepare(load_bytes(jsonl(rows), f"{name}.jsonl"))
        tokenize = best_of(args.repeat, lambda: [encoding.encode_ordinary(text) for text in data.outputs])
        check = best_of(args.repeat, lambda: find_changing_facts(data))
        detected = find_changing_facts(data).detected
        print(f"{name:>15}: {args.examples:,} answers, check {check:.3f} s, tokenizing the answers {tokenize:.3f} s "
              f"({check / tokenize:.2f}×), detected={detected}")


if __name__ == "__main__":
    main()
