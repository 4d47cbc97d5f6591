"""How the whole analysis grows with the file: time and memory per example at 10k, 30k, 100k and 300k examples.

    .venv/bin/python benchmarks/bench_analyze_scale.py [--sizes 10000,30000,100000,300000] [--repeat 3]

Each size is a chat file from bench_analyze.generate (≈ 1.25 KB an example: 300k examples ≈ 367 MB).
Per size, interleaved `--repeat` times and medians kept (a busy machine swings single runs):
  - `advisor analyze FILE --json` as a user runs it (a child process), wall time and the whole process
    tree's peak memory (bench_analyze.TreeMemory: the sum of each process's peak);
  - the reference: a plain single-core tiktoken `encode_ordinary` loop over the same texts, which grows
    exactly linearly with them.
Printed per size: time per example, the ratio to the reference, memory per example and per file byte.
Between consecutive sizes, the added time over the reference's added time, and the memory per added
example: there the fixed part (Python, imports, the tokenizer) cancels out. The same for CPU seconds
(the analysis's whole process tree, against the loop's own): on a machine shared with other work, wall
time swings with their load, the CPU the analysis spends much less. The loop is not flat itself (its
CPU per text grew 52 → 67 µs from 10k to 300k examples, its list of texts outgrowing the caches), so
the analysis's own CPU per added example is printed too, in µs: the plainest figure for goal 4. CPU figures
are the least of the repeats (another program only adds to them), wall figures the median.
Target (issue 15, goal 4): flat within 20 % from 10k to 300k (no super-linear step): the largest of
each ≤ 1.2× the smallest.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_analyze import TreeMemory, generate, read_texts  # noqa: E402 - bench_analyze's file, texts and sampler

from advisor.data.tokens import get_encoding  # noqa: E402

FLAT = 1.2


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def analysis_run(advisor: str, path: Path) -> tuple[float, float, float]:
    """(wall seconds, Σ peak MB of the process tree, CPU seconds of the tree) of one `advisor analyze --json`
    (the worker is waited for by the analysis, so its CPU is in the analysis's children's)."""
    cpu = children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen([advisor, "analyze", str(path), "--json"], stdout=subprocess.DEVNULL)
    tree = TreeMemory(process.pid)
    if process.wait():
        raise SystemExit(f"advisor analyze failed with exit code {process.returncode} on {path}")
    seconds = time.perf_counter() - start
    return seconds, tree.stop()[0], children_cpu() - cpu


def plain_loop(path: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of the loop."""
    encode = get_encoding("o200k_base").encode_ordinary
    texts = read_texts(path)
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        encode(text)
    return time.perf_counter() - start, time.process_time() - cpu


def spread(values: list[float]) -> str:
    if min(values) <= 0:  # a busy spell made a larger run cheaper than a smaller one: no figure
        return "not measurable in this run (rerun when the machine is quieter)"
    ratio = max(values) / min(values)
    return f"largest {ratio:.2f}× the smallest ({'flat' if ratio <= FLAT else 'NOT flat'} within {FLAT - 1:.0%})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,30000,100000,300000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    advisor = str(Path(sys.executable).with_name("advisor"))
    folder = Path(tempfile.mkdtemp(prefix="advisor-bench-"))
    rows = []
    try:
        for size in sizes:
            path = folder / f"chat-{size}.jsonl"
            generate(path, size)
            file_mb = path.stat().st_size / 2**20
            runs, loops = [], []
            for _ in range(max(1, args.repeat)):  # interleaved, so a busy spell hits both sides
                runs.append(analysis_run(advisor, path))
                loops.append(plain_loop(path))
            path.unlink()
            seconds, mb = statistics.median(run[0] for run in runs), statistics.median(run[1] for run in runs)
            # CPU: the least of the repeats. Other programs on the machine only ever add to it (caches and
            # cores shared), so the least is the nearest to the work itself; wall times keep the median.
            cpu = min(run[2] for run in runs)
            loop, loop_cpu = statistics.median(loop[0] for loop in loops), min(loop[1] for loop in loops)
            rows.append((size, seconds, mb, loop, cpu, loop_cpu))
            print(f"{size:>8,} examples ({file_mb:6.1f} MB): analyze {seconds:6.2f} s = {seconds / size * 1000:.3f} ms "
                  f"an example = {seconds / loop:.2f}× the plain loop ({loop:.2f} s); CPU {cpu:.2f} s = "
                  f"{cpu / size * 1000:.3f} ms an example = {cpu / loop_cpu:.2f}× the loop's ({loop_cpu:.2f} s); "
                  f"{mb:,.0f} MB = {mb * 1024 / size:.2f} KB an example = {mb / file_mb:.2f}× the file "
                  f"(load average {os.getloadavg()[0]:.1f})")
        pairs = list(zip(rows, rows[1:]))
        # Added time over added reference time between consecutive sizes: the fixed part (starting Python,
        # imports, loading the tokenizer, ~1 s) cancels out, which at 10k examples is a fifth of the run.
        added_time = [(later[1] - earlier[1]) / (later[3] - earlier[3]) for earlier, later in pairs]
        added_memory = [(later[2] - earlier[2]) * 1024 / (later[0] - earlier[0]) for earlier, later in pairs]
        added_cpu = [(later[4] - earlier[4]) / (later[5] - earlier[5]) for earlier, later in pairs]
        cpu_per_added = [(later[4] - earlier[4]) / (later[0] - earlier[0]) * 1e6 for earlier, later in pairs]
        if pairs:
            print("time per added example, against the plain loop's: " + ", ".join(
                f"{earlier[0] // 1000}k→{later[0] // 1000}k {ratio:.2f}×" for (earlier, later), ratio in
                zip(pairs, added_time)) + f"; {spread(added_time)}")
            print("CPU per added example, against the plain loop's: " + ", ".join(
                f"{earlier[0] // 1000}k→{later[0] // 1000}k {ratio:.2f}×" for (earlier, later), ratio in
                zip(pairs, added_cpu)) + f"; {spread(added_cpu)}")
            print("CPU per added example: " + ", ".join(
                f"{earlier[0] // 1000}k→{later[0] // 1000}k {micro:.0f} µs" for (earlier, later), micro in
                zip(pairs, cpu_per_added)) + f"; {spread(cpu_per_added)}")
            print("memory per added example: " + ", ".join(
                f"{earlier[0] // 1000}k→{later[0] // 1000}k {kb:.2f} KB" for (earlier, later), kb in
                zip(pairs, added_memory)) + f"; {spread(added_memory)}")
    finally:
        for leftover in folder.iterdir():
            leftover.unlink()
        os.rmdir(folder)


if __name__ == "__main__":
    main()
