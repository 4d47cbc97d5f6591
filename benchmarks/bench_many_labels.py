"""Offline baselines and learning curve on the same number of examples with more and more labels.

    .venv/bin/python benchmarks/bench_many_labels.py [--examples 8000] [--labels 10,100,1000,2500]

Writes one classification file per label count (the same examples, `--examples` of them: six random words
from a 3,000-word vocabulary plus a code word naming the label, the labels equally frequent), then runs
`offline_baselines` + `learning_curve` on each in a fresh process and prints its wall time and peak RSS,
and the ratio of both to the first label count (the reference, measured in the same run). Label counts are
capped at examples/3: above that the task is not classification (advisor/profiling/checks/task.py).

Target (issue 19, point 5): time and memory do not grow with the number of labels. Before the cap, 5,000
labels (20,000 examples) ran past 150 s at 2.6 GB and 50,000 asked numpy for 10-21 GiB.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = """
import json, resource, sys, time
from advisor import load
from advisor.baselines.learning_curve import learning_curve
from advisor.baselines.offline import offline_baselines
dataset = load(sys.argv[1])
start = time.perf_counter()
offline = offline_baselines(dataset, seed=0)
curve = learning_curve(dataset, seed=0)
seconds = time.perf_counter() - start
best = offline.best()
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "kind": offline.task_kind, "best": best.strategy if best else None,
                  "modelled": offline.classes.modelled if offline.classes else None}))
"""


def write_file(path: Path, examples: int, labels: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    words = [f"w{number}" for number in range(3000)]
    with path.open("w", encoding="utf-8") as out:
        for index in range(examples):
            label = index % labels
            text = " ".join(rng.choice(words) for _ in range(6)) + f" code{label}"
            record = {"messages": [{"role": "user", "content": text}, {"role": "assistant", "content": f"L{label}"}]}
            out.write(json.dumps(record) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=8000)
    parser.add_argument("--labels", default="10,100,1000,2500", help="label counts; the first is the reference")
    args = parser.parse_args()
    counts = [min(int(count), args.examples // 3) for count in args.labels.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for labels in counts:
            path = Path(folder) / f"labels{labels}.jsonl"
            write_file(path, args.examples, labels)
            result = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                                    check=True)
            rows.append((labels, json.loads(result.stdout)))
    reference = rows[0][1]
    print(f"{args.examples:,} examples each; reference: {rows[0][0]:,} labels")
    print(f"{'labels':>7} {'kind':>15} {'modelled':>8} {'seconds':>8} {'× ref':>6} {'peak MB':>8} {'× ref':>6}")
    for labels, measured in rows:
        print(f"{labels:>7,} {measured['kind']:>15} {measured['modelled'] or 'all':>8} {measured['seconds']:>8.1f} "
              f"{measured['seconds'] / reference['seconds']:>6.2f} {measured['peak_mb']:>8.0f} "
              f"{measured['peak_mb'] / reference['peak_mb']:>6.2f}")


if __name__ == "__main__":
    main()
