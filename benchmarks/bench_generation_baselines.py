"""The offline baselines of a chat upload (`measure_evidence`: cross-validated nearest neighbour and the learning
curve), now against an older revision's code, in the same run.

    .venv/bin/python benchmarks/bench_generation_baselines.py [--examples 100000] [--repeat 2] [--before REV] [--keep]

Generates bench_analyze's chat file (pt/en support conversations; 100,000 examples ≈ 125 MB), then, `--repeat`
times, interleaved so that a busy spell hits both sides: a fresh process loads the file and runs
`advisor.decide.advice.measure_evidence(dataset, "generation")` as the app's worker does (the learning curve in a
forked child beside the baselines), with this checkout's code and with `--before`'s, exported with `git archive`.
Prints the wall time and the CPU time (the process and its child) of `measure_evidence` alone, medians, their
ratios, and whether both revisions gave the same evidence (the offline scores with their intervals and the curve,
as JSON). On a machine shared with other work the CPU time says what the code costs, the wall time what it waited.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the other benchmarks, imported just below
from bench_analyze import generate
from bench_recommend import export_revision

BEFORE_REVISION = "56bb958"  # before chrF and the exact-copy check got faster (issue 15)

# Run in a fresh interpreter, in the folder of the code to time (the current directory comes first on sys.path).
RUN = r"""
import json, os, sys, time
from pathlib import Path
import advisor
from advisor.data.loader import load
from advisor.decide.advice import measure_evidence
import sklearn.feature_extraction.text, sklearn.linear_model  # imported before the clock, as in a warm worker
dataset = load(Path(sys.argv[1]))
times, wall = os.times(), time.perf_counter()
evidence = measure_evidence(dataset, "generation")
wall, after = time.perf_counter() - wall, os.times()
cpu = sum(after[:4]) - sum(times[:4])  # user + system of this process and of its forked child
print(json.dumps({"code": advisor.__file__, "wall": wall, "cpu": cpu,
                  "evidence": {"offline": evidence.offline.summary(), "curve": evidence.curve.to_dict()}}))
"""


def run(path: Path, cwd: Path | None) -> dict:
    finished = subprocess.run([sys.executable, "-c", RUN, str(path)], capture_output=True, text=True, cwd=cwd,
                              check=True)
    return json.loads(finished.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--before", default=BEFORE_REVISION, help="the revision to compare with (empty: none)")
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="advisor-bench-"))
    path = folder / "chat.jsonl"
    generate(path, args.examples)
    print(f"file: {args.examples:,} chat examples, {path.stat().st_size / 2**20:.1f} MB")
    old = export_revision(args.before, folder) if args.before else None
    now_runs, old_runs = [], []
    for _ in range(max(1, args.repeat)):
        now_runs.append(run(path, Path(__file__).resolve().parent.parent))
        if old is not None:
            old_runs.append(run(path, old))
    now = report("now", now_runs)
    if old_runs:
        before = report(f"at {args.before} (before)", old_runs)
        print(f"now / before: CPU {now[1] / before[1]:.2f}×, wall {now[0] / before[0]:.2f}×")
        same = all(run["evidence"] == old_runs[0]["evidence"] for run in now_runs + old_runs)
        print(f"the same evidence (scores, intervals, curve) as before: {'yes' if same else 'NO'}")
    if args.keep:
        print(f"kept: {path}")
    else:
        shutil.rmtree(folder)


def report(name: str, runs: list[dict]) -> tuple[float, float]:
    wall, cpu = statistics.median(run["wall"] for run in runs), statistics.median(run["cpu"] for run in runs)
    walls, cpus = ", ".join(f"{run['wall']:.2f}" for run in runs), ", ".join(f"{run['cpu']:.2f}" for run in runs)
    print(f"measure_evidence {name}: wall {walls} s (median {wall:.2f}), CPU {cpus} s (median {cpu:.2f}); "
          f"code in {Path(runs[0]['code']).parent.parent}")
    return wall, cpu


if __name__ == "__main__":
    main()
