"""One very long field: `advisor analyze` time and memory against plain tokenization of the same text.

    .venv/bin/python benchmarks/bench_long_line.py [--sizes 1 5 10 20] [--kinds prose word]

For each size (MB) and kind of text, writes a CSV whose first row holds one field of that size
(`prose`: Portuguese/English words; `word`: one run of a single letter, the worst case for BPE,
which cannot split it) beside 20 ordinary rows, then measures:
  1. `advisor analyze FILE --json` in a child process: wall time, seconds per MB (flat = linear)
     and the peak resident memory of its process tree (benchmarks/bench_analyze.py's sampler);
  2. the reference: tiktoken's `encode_ordinary` (o200k_base) of the same text, in this process.
Issue #12 measured 50 s for a 10 MB line and 107 s for a 20 MB field before the fix.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_analyze import TreeMemory  # noqa: E402

from advisor.data.tokens import get_encoding  # noqa: E402

WORDS = ("o cliente informou que o pedido chegou atrasado e a embalagem estava danificada the customer "
         "reported that the order arrived late and the package was damaged").split()


def field(kind: str, size: int, rng: random.Random) -> str:
    if kind == "word":
        return "a" * size
    words, length = [], 0
    while length < size:
        words.append(rng.choice(WORDS))
        length += len(words[-1]) + 1
    return " ".join(words)[:size]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--kinds", nargs="+", default=["prose", "word"], choices=["prose", "word"])
    args = parser.parse_args()
    encoding = get_encoding("o200k_base")
    advisor = Path(sys.executable).parent / "advisor"
    rng = random.Random(0)
    print(f"{'kind':6} {'MB':>3} {'analyze s':>9} {'s/MB':>6} {'tiktoken s':>10} {'ratio':>6} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for kind in args.kinds:
            for megabytes in args.sizes:
                text = field(kind, megabytes << 20, rng)
                path = Path(folder) / f"{kind}_{megabytes}.csv"
                with path.open("w", newline="", encoding="utf-8") as out:
                    writer = csv.writer(out)
                    writer.writerow(["text", "label"])
                    writer.writerow([text, "long"])
                    writer.writerows([f"pedido {i} chegou atrasado", f"fila {i % 3}"] for i in range(20))
                started = time.perf_counter()
                process = subprocess.Popen([str(advisor), "analyze", str(path), "--json"],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                memory = TreeMemory(process.pid)
                _, error = process.communicate()
                elapsed = time.perf_counter() - started
                peak, _, _ = memory.stop()
                if process.returncode:
                    print(f"advisor failed ({process.returncode}): {error.decode()[-300:]}")
                started = time.perf_counter()
                encoding.encode_ordinary(text)
                reference = time.perf_counter() - started
                print(f"{kind:6} {megabytes:3d} {elapsed:9.2f} {elapsed / megabytes:6.2f} {reference:10.2f} "
                      f"{elapsed / reference:6.2f} {peak:8.0f}")


if __name__ == "__main__":
    main()
