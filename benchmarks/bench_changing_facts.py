"""How long does the changing-facts check take next to tokenizing the same answers?

Run: .venv/bin/python benchmarks/bench_changing_facts.py [--examples 100000] [--repeat 3]

Builds --examples price-and-stock Q&A pairs (every answer a fact: the worst case, every answer goes through
the pattern and its input's numbers), as many classification pairs (no digit in the answers) and as many
support conversations of benchmarks/bench_analyze.py (digits in every answer, order numbers, but no fact:
the case `MAYBE_FACT` exists for), then times, each the best of --repeat rounds:
  1. `encode_ordinary` of every answer with o200k_base (the reference: the profile tokenizes anyway),
  2. `find_changing_facts` on the prepared data (what the profile runs),
  3. before: the same check with FACTS run on every answer that holds a digit (as until issue 15),
and prints seconds and the ratios to tokenizing.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from advisor.data.loader import load, load_bytes
from advisor.data.tokens import get_encoding
from advisor.profiling.checks.base import prepare
from advisor.profiling.checks.changing_facts import FACTS, find_changing_facts
from benchmarks.bench_analyze import generate
from tests.llm_server import classification_rows
from tests.test_changing_facts import jsonl, price_rows


def best_of(repeat: int, run) -> float:
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
    with tempfile.TemporaryDirectory() as folder:
        support = Path(folder) / "support.jsonl"
        generate(support, args.examples)
        datasets = (("prices", prepare(load_bytes(jsonl(price_rows(args.examples)), "prices.jsonl"))),
                    ("classification", prepare(load_bytes(jsonl(classification_rows(args.examples)), "c.jsonl"))),
                    ("support", prepare(load(support))))
    for name, data in datasets:
        tokenize = best_of(args.repeat, lambda data=data: [encoding.encode_ordinary(text) for text in data.outputs])
        check = best_of(args.repeat, lambda data=data: find_changing_facts(data))
        before = best_of(args.repeat, lambda data=data: check_before(data))
        result = find_changing_facts(data)
        assert result == check_before(data), name
        print(f"{name:>15}: {args.examples:,} answers, tokenizing them {tokenize:.3f} s; check {check:.3f} s "
              f"({check / tokenize:.2f}×), before {before:.3f} s ({before / tokenize:.2f}×); "
              f"detected={result.detected}")


def check_before(data):
    """`find_changing_facts` as it was: FACTS on every answer that holds a digit."""
    digit = re.compile(r"\d")
    return find_changing_facts(data, lambda answer: FACTS.findall(answer) if digit.search(answer) else [])

if __name__ == "__main__":
    main()
