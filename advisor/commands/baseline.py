"""`advisor baseline FILE`: offline baselines and the learning curve always; few-shot LLM runs within a budget.

Consent comes first: with `--model` but no `--budget` the verb prints what the LLM runs would send and
cost, and makes no call. Only `--budget USD` — the cap the user approves — lets data leave the machine.
The API key is read from the environment variable named by `--api-key-env` and goes nowhere but the
request header.

`--local` runs the model of an OpenAI-compatible server on this machine (`advisor.baselines.local`): it
probes the well-known ports (or the loopback `--base-url` given), lists what it found, and picks the one
model found (or the `--model` named); with several it lists them and stops. Such a run costs nothing and
needs no key (one goes to it only when named with `--api-key-env`), but the estimate still comes first
and `--budget 0` approves the calls.

Exit status: 0 all done; 1 the endpoint refused the run (wrong key, URL or model; unreachable; no local
server found); 2 bad input (or several local models to pick from); 3 partial results because the
endpoint misbehaved — calls failed, it claimed usage beyond `max_tokens` or the prompt (an anomaly;
never charged beyond the bound), it asked to wait longer than 60 s, or the run's `--deadline` passed;
130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

from advisor.commands.common import add_dataset_arguments
from advisor.commands.numbers import SEED, number_in

HELP = "offline baselines and learning curve; few-shot LLM runs within a budget you approve"
OPENAI_URL = "https://api.openai.com/v1"
BAR_WIDTH = 30
EXIT_ENDPOINT_MISBEHAVED = 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_dataset_arguments(parser)
    parser.add_argument("--offline-only", action="store_true", help="no LLM: offline baselines and learning curve only")
    parser.add_argument("--task", help="what the task is, in a sentence or two: every prompt starts with it")
    add_llm_arguments(parser)
    parser.add_argument("--local", action="store_true",
                        help="use an OpenAI-compatible server on this machine (Ollama, LM Studio, vLLM, llama.cpp, or "
                             "the loopback --base-url): no key, no charge; --budget 0 approves the calls")
    parser.add_argument("--target", type=number_in(0, 1, above=True),
                        help="learning curve: the score to reach (default per metric)")
    parser.add_argument("--seed", type=SEED, default=0)
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def add_llm_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the few-shot LLM runs, shared by `advisor recommend`."""
    llm = parser.add_argument_group("LLM few-shot runs (any OpenAI-compatible endpoint)")
    llm.add_argument("--base-url", help=f"the endpoint (default {OPENAI_URL}); Ollama: http://localhost:11434/v1")
    llm.add_argument("--model", help="the model to call; without it only the offline baselines run")
    llm.add_argument("--label-descriptions", metavar="TEXT_OR_FILE",
                     help="what each label means, listed with the labels in every prompt: "
                     "\"0=not offensive;1=offensive\" or a .json/.toml file of label → description")
    llm.add_argument("--api-key-env", metavar="VAR",
                     help="name of the environment variable holding the API key (omit for a server needing none)")
    llm.add_argument("--shots", type=number_in(0, 100, integer=True), default=5,
                     help="demonstrations per prompt for the random and retrieved runs (default 5)")
    llm.add_argument("--sample", type=number_in(1, 100_000, integer=True), default=50,
                     help="held-out examples to evaluate (default 50)")
    llm.add_argument("--budget", type=number_in(0, 1_000_000), metavar="USD",
                     help="the spending cap you approve; without it the cost is estimated and nothing is sent")
    llm.add_argument("--price-in", type=number_in(0, 10_000), metavar="USD",
                     help="input price per 1M tokens (needed for a model with no known price)")
    llm.add_argument("--price-out", type=number_in(0, 10_000), metavar="USD", help="output price per 1M tokens")
    llm.add_argument("--concurrency", type=number_in(1, 256, integer=True), default=4,
                     help="requests in flight at once (default 4)")
    llm.add_argument("--max-tokens", type=number_in(1, 1_000_000, integer=True),
                     help="output tokens per answer (default: from the answer lengths)")
    llm.add_argument("--judge", action="store_true", help="generation tasks: also have the model grade the answers")
    llm.add_argument("--timeout", type=number_in(0, 3600, above=True), default=60.0,
                     help="seconds per attempt, connect and whole answer (default 60)")
    llm.add_argument("--deadline", type=number_in(0, 86_400, above=True), default=1800.0,
                     help="seconds for all the LLM calls of the run; then it stops with what finished (default 1800)")
    llm.add_argument("--retries", type=number_in(0, 100, integer=True), default=4,
                     help="retries after 429, 5xx or a timeout (default 4)")
    llm.add_argument("--backoff", type=number_in(0, 3600), default=1.0,
                     help="first retry wait in seconds, doubling (default 1)")
    llm.add_argument("--cache-dir", help="where answers are cached (default ~/.cache/ft-advisor)")
    llm.add_argument("--no-cache", action="store_true", help="neither read nor write cached answers")


def fail(message: str) -> int:
    print(f"advisor: {message}", file=sys.stderr)
    return 2


def check_arguments(args: argparse.Namespace) -> str | None:
    checks = (
        (args.shots < 0, "--shots must be 0 or more"),
        (args.sample < 1, "--sample must be at least 1"),
        (args.concurrency < 1, "--concurrency must be at least 1"),
        (args.budget is not None and not args.budget >= 0, "--budget must be an amount of 0 or more USD"),
        (args.max_tokens is not None and args.max_tokens < 1, "--max-tokens must be at least 1"),
        (not args.timeout > 0, "--timeout must be more than 0 seconds"),
        (not 0 < args.deadline < float("inf"), "--deadline must be more than 0 seconds"),
        (args.retries < 0, "--retries must be 0 or more"),
        (args.backoff < 0, "--backoff must be 0 or more seconds"),
        (args.target is not None and not 0 < args.target <= 1, "--target must be a score above 0 and at most 1"),
        (getattr(args, "local", False) and (args.price_in is not None or args.price_out is not None),
         "--local runs cost nothing: --price-in and --price-out do not apply"),
    )
    return next((message for failed, message in checks if failed), None)


def run(args: argparse.Namespace) -> int:
    try:
        return run_baselines(args)
    except KeyboardInterrupt:  # before or after the calls: a run interrupted during them reports what finished
        print("advisor: interrupted", file=sys.stderr)
        return 130


def run_baselines(args: argparse.Namespace) -> int:
    from advisor.commands.common import load_examples

    problem = check_arguments(args)
    if problem:
        return fail(problem)
    local_scan = None
    if getattr(args, "local", False) and not args.offline_only:
        local_scan, status = choose_local_model(args)
        if status:
            return status
    wants_llm = bool(args.model) and not args.offline_only
    if not args.model and not args.offline_only and (args.budget is not None or args.base_url):
        return fail("give --model to run LLM baselines (or --offline-only)")
    price, api_key = None, ""
    if wants_llm:
        try:
            price, api_key = llm_setup(args)
        except ValueError as error:
            return fail(str(error))
    dataset = load_examples(args, "evaluate")
    if dataset is None:
        return 2
    problem = take_label_descriptions(dataset, args)
    if problem:
        return fail(problem)

    report: dict[str, Any] = {"file": args.file}
    if local_scan is not None:
        report["local_servers"] = local_scan.to_dict()
    report.update(offline_part(dataset, args))
    report.update({"llm": [], "spent_usd": 0.0, "budget_usd": args.budget if wants_llm else None,
                   "calls_made": 0, "calls_skipped": 0})
    status = 0
    if wants_llm:
        status, _ = llm_part(dataset, args, price, api_key, report)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(summary_text(report))
    return status


def take_label_descriptions(dataset: Any, args: argparse.Namespace) -> str | None:
    """`--label-descriptions` checked against the data's labels, kept as `args.described_labels` ((label, meaning)
    pairs; () when not given); else the sentence naming the mistake."""
    from advisor.baselines.llm import describe_task
    from advisor.data.label_descriptions import LabelDescriptionError, read_label_descriptions

    args.described_labels = ()
    if not getattr(args, "label_descriptions", None):
        return None
    task = describe_task(dataset, args.task)
    try:
        args.described_labels = read_label_descriptions(args.label_descriptions, task.labels, task.kind).pairs
    except LabelDescriptionError as error:
        return error.message(args.lang)
    return None


def llm_setup(args: argparse.Namespace) -> tuple[Any, str]:
    """(the model's price, the API key) for the LLM runs; ValueError with one sentence when they cannot run."""
    from advisor.baselines.budget import PriceNeeded, resolve_price
    from advisor.baselines.local import local_price

    try:
        price = local_price(args.model) if is_local(args) else resolve_price(args.model, args.price_in, args.price_out)
    except PriceNeeded as error:
        raise ValueError(str(error)) from error
    api_key = ""
    if args.budget is not None and args.api_key_env:
        api_key = os.environ.get(args.api_key_env, "")
        if not api_key:
            raise ValueError(f"the environment variable {args.api_key_env} named by --api-key-env is not set")
    return price, api_key


def is_local(args: argparse.Namespace) -> bool:
    """A `--local` run: its base URL was checked to be this machine's (`choose_local_model`)."""
    from advisor.baselines.local import is_loopback_url

    return bool(getattr(args, "local", False) and args.base_url and is_loopback_url(args.base_url))


def choose_local_model(args: argparse.Namespace) -> tuple[Any, int]:
    """Probe this machine, print what answered, and set `args.base_url` and `args.model` to the one model to run.

    Returns (the scan, 0), or (the scan, an exit status) after printing why nothing was chosen: 1 nothing
    answered, 2 the --base-url is not this machine's, the --model is not served, or there are several to pick from.
    """
    from advisor.baselines.local import is_loopback_url, scan_local_servers

    if args.base_url and not is_loopback_url(args.base_url):
        return None, fail(f"--local runs a server on this machine: --base-url {args.base_url} is not a loopback "
                          "address (127.0.0.1, ::1, localhost)")
    scan = scan_local_servers([args.base_url], ports=()) if args.base_url else scan_local_servers()
    matches = [(url, model) for url, model in scan.choices() if args.model in (None, model)]
    problem, status = None, 0
    if not scan.found:
        problem, status = "no OpenAI-compatible server answered on this machine", 1
    elif not matches:
        problem, status = f"no server on this machine lists the model {args.model!r}", 2
    elif len(matches) > 1:
        several_servers = len({url for url, _ in matches}) > 1
        problem, status = ("several models found: pick one with --model NAME"
                           + (" and --base-url URL" if several_servers else "")), 2
    if problem:
        listing = {"file": args.file, "local_servers": scan.to_dict(), "chosen": None}
        print(json.dumps(listing, ensure_ascii=False) if args.json else "\n".join(local_lines(listing)))
        print(f"advisor: {problem}", file=sys.stderr)
        return scan, status
    args.base_url, args.model = matches[0]
    return scan, 0


def offline_part(dataset: Any, args: argparse.Namespace) -> dict[str, Any]:
    """The offline baselines and learning curve, from the offline modules."""
    from advisor.baselines.learning_curve import learning_curve
    from advisor.baselines.offline import evidence_examples, infer_task_kind, offline_baselines

    kind = infer_task_kind(dataset)
    examples = evidence_examples(dataset, kind, seed=args.seed)  # drawn once for both
    offline = offline_baselines(dataset, kind, seed=args.seed, examples=examples).summary()
    curve = learning_curve(dataset, kind, target=args.target, seed=args.seed, examples=examples)
    return {"task_kind": kind, **offline, "learning_curve": curve.to_dict()}


def llm_part(dataset: Any, args: argparse.Namespace, price: Any, api_key: str, report: dict[str, Any]
             ) -> tuple[int, Any]:
    """Plan, estimate and (with a budget) run the LLM baselines: (exit status, LlmBaselines or None)."""
    from advisor.baselines.budget import Budget
    from advisor.baselines.cache import ResponseCache
    from advisor.baselines.client import ChatClient, Endpoint, RetryPolicy, request_key
    from advisor.baselines.llm import estimate_plan, plan_llm_baselines, run_llm_baselines

    base_url = args.base_url or OPENAI_URL
    plan = plan_llm_baselines(dataset, args.model, task_text=args.task, shots=args.shots, sample=args.sample,
                              seed=args.seed, max_tokens=args.max_tokens,
                              label_descriptions=getattr(args, "described_labels", ()))
    cache = None if args.no_cache else ResponseCache(args.cache_dir)
    judge = args.judge and plan.task.kind != "classification"
    estimate = estimate_plan(plan, price, cache, lambda request: request_key(base_url, args.model, request), judge)
    report["estimate"] = estimate.to_dict()
    local = is_local(args)
    report["llm_plan"] = {
        "model": args.model, "base_url": base_url, "local": local, "task_kind": plan.task.kind,
        "held_out_examples": len(plan.evaluated),
        "strategies": [{"strategy": s.name, "shots": s.shots} for s in plan.strategies], "max_tokens": plan.max_tokens,
        "instructions": plan.task.instructions, "task_described": plan.task.described_by_user, "judge": judge,
        "label_descriptions": dict(plan.task.label_descriptions),
    }
    if args.judge and not judge:
        report["judge_note"] = "the judge is for generation tasks: classification answers are scored exactly"
    if not plan.calls:
        report["llm_note"] = "no held-out examples to evaluate: the file is too small to split"
        return 0, None
    if args.budget is None:
        report["llm_note"] = (f"no call made: pass --budget 0 to approve these {estimate.calls:,} calls to the server "
                              f"on this machine (no charge; each call at most {args.timeout:g} s, all within "
                              f"{args.deadline:g} s)" if local else
                              "no call made: pass --budget USD to approve a spending cap")
        return 0, None
    endpoint = Endpoint(base_url, args.model, api_key)
    policy = RetryPolicy(timeout=args.timeout, max_retries=args.retries, base_backoff=args.backoff,
                         max_backoff=max(args.backoff, 30.0), run_deadline=args.deadline)
    budget = Budget(args.budget, price)
    bar = ProgressBar(sys.stderr)
    with ChatClient(endpoint, policy) as client:
        result = run_llm_baselines(plan, client, budget, cache, args.concurrency, bar.update, judge=judge)
    bar.close()
    report.update(result.to_dict())
    if result.interrupted:
        return 130, result
    if result.error and result.refused:
        return 1, result
    if result.error or result.errors or result.anomalies:
        print(f"advisor: the endpoint misbehaved: partial results (exit {EXIT_ENDPOINT_MISBEHAVED})", file=sys.stderr)
        return EXIT_ENDPOINT_MISBEHAVED, result
    return 0, result


class ProgressBar:
    """`[#####-----] 12/40 calls · 3 cached · 0 failed · US$0.0012` redrawn in place on stderr."""

    def __init__(self, stream: Any, min_interval: float = 0.1) -> None:
        self.stream = stream
        self.min_interval = min_interval
        self._last = 0.0
        self._drawn = False
        self._phase: str | None = None

    def update(self, progress: Any) -> None:
        if progress.phase != self._phase:  # the judge's calls follow the answers on a bar of their own
            if self._drawn:
                self.stream.write("\n")
            self._phase = progress.phase
            self._drawn = False
        now = time.monotonic()
        if progress.done < progress.total and now - self._last < self.min_interval and self._drawn:
            return
        self._last = now
        filled = BAR_WIDTH * progress.done // max(progress.total, 1)
        name = "judge calls" if progress.phase == "judge" else "calls"
        line = (f"\r[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {progress.done}/{progress.total} {name}"
                f" · {progress.cached} cached · {progress.failed} failed · {progress.skipped} skipped"
                f" · US${progress.spent_usd:.4f}")
        self.stream.write(line)
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()


# --- text ------------------------------------------------------------------------------------------------


def _number(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _interval(low: float | None, high: float | None) -> str:
    return "—" if low is None or high is None else f"[{low:.2f}, {high:.2f}]"


def _table(header: list[str], rows: list[list[str]], indent: str = "  ") -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]

    def line(cells: list[str]) -> str:
        return indent + "  ".join(
            str(cell).ljust(width) if number == 0 else str(cell).rjust(width)
            for number, (cell, width) in enumerate(zip(cells, widths))
        ).rstrip()

    return [line(header)] + [line(row) for row in rows]


def local_lines(report: dict[str, Any]) -> list[str]:
    """What the probe of this machine found (`--local`), one server or miss a line."""
    scan = report.get("local_servers")
    if scan is None:
        return []
    lines = ["LOCAL SERVERS (OpenAI-compatible, on this machine)"]
    for server in scan["found"]:
        likely = f" (likely {server['likely']})" if server["likely"] else ""
        more = f" and {server['unlisted_models']:,} more not listed" if server["unlisted_models"] else ""
        lines.append(f"  {server['base_url']}{likely}: {', '.join(server['models'])}{more}")
    for miss in scan["not_found"]:
        lines.append(f"  {miss['base_url']}: nothing found — {miss['reason']}")
    return lines


def summary_text(report: dict[str, Any]) -> str:
    lines = [f"Baselines for {report['file']} ({report.get('task_kind', '?')})"]
    if report.get("local_servers") is not None:
        lines += ["", *local_lines(report)]
    offline = report.get("offline") or []
    evaluation = report.get("offline_evaluation") or {}
    lines += ["", f"OFFLINE{' — ' + evaluation['method'] if evaluation.get('method') else ''}"]
    if evaluation.get("sample"):
        lines.append(f"  {evaluation['sample']['message']}")
    if offline:
        rows = [[item["strategy"], item["metric"], _number(item["score"]), _interval(item["ci_low"], item["ci_high"]),
                 f"{item['n']:,}"] for item in offline]
        lines += _table(["strategy", "metric", "score", "95% CI", "n"], rows)
        if evaluation.get("classes_modelled"):  # logistic regression modelled only the most frequent labels
            lines.append(f"  Note: {evaluation['classes_modelled']['message']}")
        rare = evaluation.get("rare_class_recall") or []
        if rare:  # accuracy and even macro-F1 can hide a rare label found never
            lines.append(f"  Recall of the rarest labels ({rare[0]['strategy']}): " + "; ".join(
                f"{item['label']!r} {item['recall']:.2f} of {item['examples']:,}" for item in rare))
    else:
        missing = (evaluation.get("not_enough_data") or {}).get("message")
        lines.append(f"  {missing or 'no offline baseline'}")
    curve = report.get("learning_curve")
    if curve:
        points = curve.get("points") or []
        held_out = f" on {curve.get('validation_examples', 0):,} validation examples" if points else ""
        lines += ["", f"LEARNING CURVE — {curve.get('learner')}, {curve.get('metric')}{held_out}"]
        if points:
            rows = [[f"{point['examples']:,}", _number(point["score"]), _interval(point["ci_low"], point["ci_high"])]
                    for point in points]
            lines += _table(["train examples", "score", "95% CI"], rows)
        if curve.get("reason"):
            lines.append(f"  {curve['reason']}")
    plan = report.get("llm_plan")
    if plan:
        lines += ["", f"LLM — {plan['model']} at {plan['base_url']}, {plan['held_out_examples']} held-out examples"]
        if not plan.get("task_described"):
            lines.append("  (no --task given: prompts use a generic instruction; describe the task for a fair "
                         "zero-shot)")
        estimate = report.get("estimate")
        if estimate:
            price = estimate["price"]
            cost = ("no charge (a server on this machine: prices do not apply)" if plan.get("local") else
                    f"about US${estimate['expected_usd']:.4f}, at most US${estimate['worst_usd']:.4f}")
            lines.append(
                f"  estimate: {estimate['calls']:,} calls ({estimate['cached_calls']:,} already cached), "
                f"{estimate['input_tokens']:,} input tokens, ~{estimate['expected_output_tokens']:,} output tokens "
                f"(at most {estimate['max_output_tokens']:,}) → {cost}"
            )
            if not plan.get("local"):
                lines.append(f"  price: US${price['input_usd_per_mtok']:g} in / US${price['output_usd_per_mtok']:g} "
                             f"out per 1M tokens — {price['source']}")
            if not estimate.get("tokens_exact"):
                lines.append("  tokens counted with o200k_base: an approximation for this model")
        for note in ("llm_note", "judge_note"):
            if report.get(note):
                lines.append(f"  {report[note]}")
    results = report.get("llm") or []
    if results:
        rows = [[item["strategy"], str(item["shots"]), item["metric"], _number(item["score"]),
                 _interval(item["ci_low"], item["ci_high"]), str(item["n"]), str(item["calls"]),
                 str(item["failed_calls"]), str(item["cached_calls"]), str(item["skipped_calls"]),
                 f"{item['input_tokens']:,}/{item['output_tokens']:,}", f"{item['cost_usd']:.4f}"] for item in results]
        lines += _table(["strategy", "shots", "metric", "score", "95% CI", "n", "calls", "failed", "cached",
                         "skipped", "tokens in/out", "US$"], rows)
        unparsed = sum(item.get("unparsed", 0) for item in results)
        if unparsed:
            lines.append(f"  {unparsed} answers named no label and were scored as wrong")
    judge = report.get("judge")
    if judge:
        known = judge.get("calibration") or {}  # shown before any judged score: how far to trust it
        lines += ["", f"LLM JUDGE — calibration: {known.get('agreed', 0)} of {known.get('answered', 0)} known verdicts "
                      f"({known.get('known_right_passed', 0)}/{known.get('known_right', 0)} known-right passed, "
                      f"{known.get('known_wrong_failed', 0)}/{known.get('known_wrong', 0)} known-wrong failed, "
                      f"{known.get('unparsed', 0)} unparsed)"]
        if judge.get("withheld"):
            lines.append(f"  ! judged scores withheld: the judge agreed with fewer than "
                         f"{known.get('min_agreement', 0):.0%} of the known verdicts, so the answers were not judged")
        else:
            lines.append(f"  agreement with {judge['string_metric']} ≥ {judge['string_pass_threshold']}: "
                         f"{_number(judge['agreement'], 2)}")
            rows = [[row["strategy"], str(row["shots"]), _number(row["score"]),
                     _interval(row["ci_low"], row["ci_high"]), str(row["n"]), str(row.get("unparsed", 0)),
                     _number(row["agreement"], 2)] for row in judge["rows"]]
            lines += _table(["strategy", "shots", "pass rate", "95% CI", "n", "unparsed", "agreement"], rows)
            if judge.get("unparsed"):
                lines.append(f"  {judge['unparsed']} judge replies ({judge['unparsed_share']:.0%}) were not a verdict: "
                             "left out of the pass rate, never counted as a pass")
    evaluation = report.get("llm_evaluation")
    if evaluation:
        budget = evaluation["budget"]
        judged = ", judge included" if judge else ""
        lines.append(f"  spent US${report['spent_usd']:.4f} of a US${report['budget_usd']:g} cap: "
                     f"{report['calls_made']:,} calls made ({budget['requests']:,} requests with retries{judged}), "
                     f"{report['calls_skipped']:,} skipped")
        anomalies = evaluation.get("anomalies") or []
        for anomaly in anomalies[:5]:
            lines.append(f"  ! endpoint anomaly, {anomaly}")
        if len(anomalies) > 5:
            lines.append(f"  ! … and {len(anomalies) - 5} more anomalies (all in --json)")
        for reason, count in (evaluation.get("failures") or {}).items():
            lines.append(f"  ! {count} failed: {reason}")
        if evaluation.get("error"):
            lines.append(f"  ! stopped early: {evaluation['error']}")
        if evaluation.get("interrupted"):
            lines.append("  ! interrupted: the scores rest on the calls that finished (answers are cached; "
                         "rerun to resume)")
    return "\n".join(lines)
