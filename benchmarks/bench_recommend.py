"""`advisor recommend` on a 10,003-row, 77-intent classification table, from a cold process.

    .venv/bin/python benchmarks/bench_recommend.py [--rows 10003] [--repeat 3] [--before REV] [--keep]

Generates a banking-style intent table (CSV, `text,intent`) with a fixed seed: 77 intents made of 11
products × 7 problems, so intents share most of their words with their neighbours (a card that was
declined against a card payment that is pending); label counts skewed (Zipf-like, ~40 to ~960 rows);
short texts (4–30 words) in varied wording, a tenth without the product named, 3 % with another
intent's label, some exact copies. Then measures, each run `--repeat` times, medians compared:
  1. reference: a fresh `python -c "import advisor.cli"` process that loads the file and counts its
     tokens — what any verb pays before it measures anything;
  2. `advisor recommend FILE --json` in a fresh process (cold imports), wall time; and the same with
     the code of `--before` (default: the commit before issue 15), exported with `git archive`;
  3. where the time goes: the same steps in a fresh process with a timer around each (imports,
     load, analyze, token book, evidence examples, the LLM plan's split, scikit-learn, offline baselines,
     learning curve, the measurement plan's cost), then all of them as recommend runs them
     (advisor/commands/recommend.py `measured`: the analysis, the book, the evidence examples and the plan's
     split in one forked child while scikit-learn is imported, the curve and the plan's cost in another
     while the baselines are cross-validated), wall and CPU time (of the main process): on a busy machine
     the CPU time says what the code costs, the wall time what it waited.
Then the offline baselines' statistics on this file and seed against BEFORE, the figures the code
printed before the speed work (issue 15): every score must lie inside the old bootstrap interval.
Target (issue 15, goal 2): ≤ 4 s from a cold process.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PRODUCTS = {  # product: ways to name it
    "card": ["my card", "the card", "my debit card", "my visa", "the bank card", "my mastercard"],
    "virtual_card": ["my virtual card", "the online card", "the disposable card", "my digital card"],
    "transfer": ["my transfer", "the bank transfer", "a transfer to my friend", "the wire", "the payment to my landlord"],
    "top_up": ["my top up", "the top-up", "adding money", "topping up my account", "the deposit by card"],
    "cash_withdrawal": ["the atm withdrawal", "taking out cash", "the cash machine", "withdrawing money"],
    "exchange": ["the currency exchange", "exchanging euros", "the exchange rate", "converting dollars"],
    "direct_debit": ["the direct debit", "a standing order", "the recurring payment", "my subscription payment"],
    "refund": ["my refund", "the refund from the shop", "getting my money back", "the merchant refund"],
    "pin": ["my pin", "the pin code", "the passcode of my card", "my security number"],
    "account": ["my account", "the profile", "my login", "the app account", "my verification"],
    "cheque": ["the cheque", "a check deposit", "the paper cheque", "depositing a check"],
}
PROBLEMS = {  # problem: ways to say it
    "pending": ["is still pending", "has been pending for days", "shows as pending", "is stuck in pending",
                "hasn't gone through yet"],
    "declined": ["was declined", "got rejected", "was refused at the till", "keeps getting declined",
                 "did not work, it says declined"],
    "fee": ["charged me a fee", "has an extra charge", "why is there a fee", "cost more than expected",
            "shows a charge i did not expect"],
    "not_received": ["never arrived", "has not arrived", "is missing", "i still have not received it",
                     "did not show up"],
    "how_to": ["how do i do it", "how does it work", "what are the steps", "can you explain how",
               "where do i start"],
    "limit": ["what is the limit", "hit a limit", "is there a maximum", "how much can i use", "the limit is too low"],
    "cancel": ["i want to cancel it", "please stop it", "can i undo it", "cancel it please", "i need to reverse it"],
}
OPENERS = ["", "", "", "hi,", "hello,", "hey", "good morning,", "excuse me,", "quick question:", "help!", "urgent:"]
FILLERS = ["", "", "", "", "thanks", "thank you", "please help", "what should i do?", "this is annoying",
           "i need it today", "can you check?", "it happened yesterday", "i am travelling abroad",
           "this is the second time", "i am a new customer"]


def generate(path: Path, rows: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    intents = [(product, problem) for product in PRODUCTS for problem in PROBLEMS]
    rng.shuffle(intents)
    shares = [1 / (rank + 1) ** 0.7 for rank in range(len(intents))]
    # Every intent gets at least 12 rows, the rest drawn by share: skewed, none empty.
    labels = [intent for intent in intents for _ in range(12)]
    labels += rng.choices(intents, shares, k=rows - len(labels))
    rng.shuffle(labels)
    written: list[tuple[str, str]] = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "intent"])
        for product, problem in labels:
            label = f"{product}_{problem}"
            if written and rng.random() < 0.02:  # exact copies, as scraped tables have
                writer.writerow(rng.choice(written))
                continue
            named = rng.choice(PRODUCTS[product]) if rng.random() > 0.1 else rng.choice(["it", "this", "that one"])
            said = rng.choice(PROBLEMS[problem])
            parts = [rng.choice(OPENERS), named, said] if rng.random() < 0.7 else [rng.choice(OPENERS), said, "—", named]
            parts.append(rng.choice(FILLERS))
            if rng.random() < 0.15:
                parts.append(f"ref {rng.randrange(10**6)}")
            text = " ".join(part for part in parts if part)
            text = text[0].upper() + text[1:] if rng.random() < 0.5 else text
            if rng.random() < 0.03:  # mislabelled
                label = "_".join(rng.choice(intents))
            row = (text, label)
            written.append(row)
            writer.writerow(row)


# The figures the code printed on this file (seed 0) before issue 15's speed work (commit 0963459): strategy,
# metric → (score, ci_low, ci_high), 5-fold cross-validation over the 5,000-example evidence sample.
BEFORE: dict[tuple[str, str], tuple[float, float, float]] = {
    ("majority", "macro_f1"): (0.0021, 0.0019, 0.0023),
    ("logistic_regression", "macro_f1"): (0.5219, 0.5116, 0.5299),
    ("nearest_neighbour", "macro_f1"): (0.5442, 0.5255, 0.5564),
    ("majority", "accuracy"): (0.0872, 0.0798, 0.0954),
    ("logistic_regression", "accuracy"): (0.7302, 0.7176, 0.7418),
    ("nearest_neighbour", "accuracy"): (0.6072, 0.5934, 0.6206),
}

BEFORE_REVISION = "0963459"  # the last commit before issue 15's speed work


def export_revision(revision: str, folder: Path) -> Path | None:
    """`advisor/` and `data/` of a git revision in a folder of their own (the working tree is not touched), or
    None when git cannot give them. `python -m advisor.cli` run there imports that copy (the current directory
    comes first on sys.path)."""
    target = folder / f"advisor-{revision}"
    target.mkdir()
    root = Path(__file__).resolve().parent.parent
    archive = subprocess.run(["git", "-C", str(root), "archive", revision, "advisor", "data"], capture_output=True)
    if archive.returncode:
        print(f"cannot export {revision}: {archive.stderr.decode(errors='replace').strip()}")
        return None
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


# Run in a fresh interpreter: the steps `advisor recommend` takes, a timer around each.
BREAKDOWN = r"""
import json, sys, time
marks = [("start", time.perf_counter(), time.process_time())]
def mark(name):
    marks.append((name, time.perf_counter(), time.process_time()))
from advisor.cli import build_parser
from advisor.decide.advice import advise, measurement_cost
from advisor.analysis import analyze
from advisor.commands.common import load_examples, scenario_from_args
from advisor.commands.recommend import DEFAULT_REQUESTS, measured
from advisor.pricing.comparison import compare_options, measure_tokens
mark("import advisor")
args = build_parser().parse_args(["recommend", sys.argv[1], "--json"])
scenario = scenario_from_args(args, DEFAULT_REQUESTS)
dataset = load_examples(args, "judge")
mark("load")
analysis = analyze(dataset)
mark("analyze")
comparison = compare_options(measure_tokens(dataset, analysis.tokens), scenario)
mark("token book (cl100k_base) + comparison")
from advisor.baselines.llm import plan_split
from advisor.baselines.offline import evidence_examples
examples = evidence_examples(dataset, analysis.profile.task_kind)
mark("evidence examples")
split = plan_split(dataset, analysis.profile.task_kind)
mark("LLM plan's split")
from advisor.baselines.offline import import_learners, offline_baselines
from advisor.baselines.learning_curve import learning_curve
import_learners()
mark("import scikit-learn")
offline = offline_baselines(dataset, analysis.profile.task_kind, examples=examples)
mark("offline baselines")
curve = learning_curve(dataset, analysis.profile.task_kind, examples=examples)
mark("learning curve")
cost = measurement_cost(dataset, comparison, analysis.profile.task, split)
mark("measurement plan's cost")
analysis, evidence, comparison, cost = measured(dataset, scenario, None)
mark("all the above as recommend runs them (forked)")
advise(dataset, scenario, analysis=analysis, evidence=evidence, comparison=comparison, measure_cost=cost)
mark("advise (the rest)")
steps = {name: (wall - marks[i - 1][1], cpu - marks[i - 1][2]) for i, (name, wall, cpu) in enumerate(marks) if i}
same = evidence.offline.summary() == offline.summary() and evidence.curve.to_dict() == curve.to_dict()
print(json.dumps({"steps": steps, "offline": [r.to_dict() for r in offline.results], "folds": offline.folds,
                  "examples": offline.examples, "curve": curve.to_dict(), "evidence_same": same}))
"""


def timed_run(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child and its children) of one fresh process."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=cwd)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_003)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    parser.add_argument("--before", default=BEFORE_REVISION,
                        help="also time this git revision's recommend, interleaved (empty: do not)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="advisor-bench-"))
    path = folder / "intents.csv"
    generate(path, args.rows)
    labels = {row[1] for row in csv.reader(path.open(encoding="utf-8"))} - {"intent"}
    print(f"file: {args.rows:,} rows, {len(labels)} intents, {path.stat().st_size / 2**20:.2f} MB")

    python = sys.executable
    advisor = str(Path(python).with_name("advisor"))
    reference_code = ("import sys, advisor.cli; from advisor.data.loader import load; from advisor.data.tokens import "
                      "count_tokens; count_tokens(load(sys.argv[1]))")
    old = export_revision(args.before, folder) if args.before else None
    references, runs, old_runs = [], [], []
    for _ in range(max(1, args.repeat)):  # interleaved, so a busy spell hits every side
        references.append(timed_run([python, "-c", reference_code, str(path)]))
        runs.append(timed_run([advisor, "recommend", str(path), "--json"]))
        if old is not None:
            old_runs.append(timed_run([python, "-m", "advisor.cli", "recommend", str(path), "--json"], old))
    reference = statistics.median(wall for wall, _ in references)
    recommend = statistics.median(wall for wall, _ in runs)
    cpu = statistics.median(seconds for _, seconds in runs)
    print(f"runs: recommend {', '.join(f'{wall:.1f}' for wall, _ in runs)} s; "
          f"reference {', '.join(f'{wall:.1f}' for wall, _ in references)} s (medians compared)")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (timings on a shared machine vary)")
    print(f"reference (fresh process: import advisor.cli, load, count tokens): {reference:.2f} s")
    print(f"advisor recommend --json, cold: {recommend:.2f} s wall = {recommend / reference:.2f}× reference "
          f"(CPU {cpu:.2f} s; target ≤ 4 s)")
    if old_runs:
        before = statistics.median(wall for wall, _ in old_runs)
        print(f"the same at {args.before} (before): {', '.join(f'{wall:.1f}' for wall, _ in old_runs)} s, median "
              f"{before:.2f} s = {before / reference:.2f}× reference (CPU "
              f"{statistics.median(seconds for _, seconds in old_runs):.2f} s); now {recommend / before:.2f}× before")

    breakdowns = []
    for _ in range(max(1, args.repeat)):
        result = subprocess.run([python, "-c", BREAKDOWN, str(path)], check=True, capture_output=True, text=True)
        breakdowns.append(json.loads(result.stdout.strip().splitlines()[-1]))
    print("where the time goes (fresh process, each step timed, medians; CPU of the main process):")
    for step in breakdowns[0]["steps"]:
        wall = statistics.median(run["steps"][step][0] for run in breakdowns)
        cpu = statistics.median(run["steps"][step][1] for run in breakdowns)
        print(f"  {step:<46} {wall:6.2f} s wall {cpu:6.2f} s CPU")
    measured = breakdowns[0]
    print(f"offline baselines: {measured['folds']}-fold cross-validation over {measured['examples']:,} examples"
          f"{'' if measured['evidence_same'] else ' (the forked run DIFFERS from the steps run apart!)'}")
    inside = True
    for result in measured["offline"]:
        old = BEFORE.get((result["strategy"], result["metric"]))
        verdict = ""
        if old is not None:
            within = old[1] <= result["score"] <= old[2]
            inside &= within
            verdict = (f"  before {old[0]:.3f} [{old[1]:.3f}, {old[2]:.3f}] "
                       f"{'inside' if within else 'OUTSIDE'} its interval")
        print(f"  {result['strategy']:<20} {result['metric']:<9} {result['score']:.3f} "
              f"[{result['ci_low']:.3f}, {result['ci_high']:.3f}]{verdict}")
    curve = measured["curve"]
    print(f"learning curve ({curve['learner']}, {curve['validation_examples']} validation examples): "
          + ", ".join(f"{point['examples']:,} → {point['score']:.3f}" for point in curve["points"])
          + f"; {curve['status']}, {curve['examples_for_target']} examples for {curve['target']}")
    if BEFORE:
        print(f"statistics {'unchanged' if inside else 'CHANGED'}: every score "
              f"{'inside' if inside else 'not inside'} the interval measured before")
    if args.keep:
        print(f"kept {path}")
    else:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
