"""The real CLI on every malformed file of tests/hostile/cases.py, each under a time and memory bound.

For every file `advisor analyze FILE --json` (the console script, in a child process, stdout
decoded as strict UTF-8 under a UTF-8 locale) must:
- never print a traceback, and exit 0 (read) or 2 (refused) — nothing else;
- when read: print one JSON document, valid UTF-8, with lines_read == examples_kept + lines_rejected +
  blank_lines, and the numbers the case expects;
- when refused: print exactly one line on stderr and nothing on stdout;
- stay under the case's bound: bombs 10 s and 500 MB of peak RSS, a 10 MB line or 20 MB field 30 s,
  anything else 60 s and 1 GB. Both come from the rusage of the CLI's process (read by a small
  wrapper that started it): time is CPU time (user + system, its own and its helper processes'),
  which does not grow when the two shared cores are busy with other work as wall time does; memory
  is the largest peak RSS of the CLI and the processes it waited for. Wall time is bounded too: a child still running at three times its
  bound (plus 5 s) is killed, and that is an overrun.
`advisor export` and `advisor report` also run on a subset; they must leave only whole, valid UTF-8
files and no temporary file. Cases run two at a time; each is built just before it runs.

Into the tally (tests/hostile/tally.py): files tried, tracebacks (any run), identity violations,
overruns (a bound exceeded).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.hostile import tally
from tests.hostile.cases import BOMB_RSS_MB, Case, all_cases, build_case

CASES = all_cases()
BY_NAME = {case.name: case for case in CASES}
WORKERS = 2


def _advisor() -> list[str]:
    script = Path(sys.executable).with_name("advisor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "advisor.cli"]


@dataclass
class Run:
    argv: list[str]
    returncode: int
    stdout: bytes
    stderr: bytes
    seconds: float  # wall
    cpu_seconds: float  # user + system, the child's and its children's
    rss_mb: float
    killed: bool

    @property
    def traceback(self) -> bool:
        return b"Traceback (most recent call last)" in self.stderr

    def stderr_lines(self) -> list[str]:
        return self.stderr.decode("utf-8", "replace").splitlines()


# The CLI is started by this small wrapper, which then reads its rusage. Started straight from pytest
# the child would inherit pytest's memory high-water mark: Linux carries the old address space's
# peak into ru_maxrss at exec, and pytest holds hundreds of MB while it builds the cases.
_WRAPPER = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as report:
    report.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
sys.exit(code if code >= 0 else 128 - code)
"""


def run_cli(argv: list[str], hard_limit: float, env: dict[str, str], cwd: Path) -> Run:
    """Run the CLI in its own process group (killed whole at `hard_limit` seconds of wall time)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".usage") as usage:
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-I", "-S", "-c", _WRAPPER, usage.name, *_advisor(), *argv],
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=cwd,
                                   start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(hard_limit, kill)
        timer.start()
        try:
            returncode = process.wait()
        finally:
            timer.cancel()
        seconds = time.monotonic() - started
        measured = usage.read().split()
        rss_kb, cpu = (int(measured[0]), float(measured[1])) if len(measured) == 2 else (0, seconds)
        out.seek(0)
        err.seek(0)
        return Run(argv, returncode, out.read(), err.read(), seconds, cpu, rss_kb / 1024, killed.is_set())


@dataclass
class Outcome:
    case: Case
    problems: list[str] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    identity_violated: bool = False
    overrun: bool = False


def _environment(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONIOENCODING", "ADVISOR_MAX_FILE_MB", "PYTHONUTF8")}
    # A UTF-8 locale: Python's stdout is then strict UTF-8, as on a terminal or a pipe.
    env.update(LC_ALL="C.UTF-8", LANG="C.UTF-8", FT_ADVISOR_CACHE_DIR=str(home / "cache"))
    return env


def _check_refusal(run: Run, what: str) -> list[str]:
    lines = run.stderr_lines()
    problems = []
    if len(lines) != 1 or not lines[0].strip():
        problems.append(f"{what}: refused with {len(lines)} lines on stderr, want exactly 1: {lines[:3]}")
    if run.stdout.strip():
        problems.append(f"{what}: refused but printed {len(run.stdout)} bytes on stdout")
    return problems


def _check_written(folder: Path, what: str) -> list[str]:
    problems = []
    for path in sorted(folder.rglob("*")):
        if path.is_dir():
            continue
        if path.name.endswith(".tmp"):
            problems.append(f"{what}: temporary file left behind: {path.name}")
            continue
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(f"{what}: {path.name} is not valid UTF-8 ({error.reason} at byte {error.start})")
            continue
        if path.suffix == ".jsonl":
            for number, line in enumerate(text.splitlines(), 1):
                try:
                    json.loads(line)
                except ValueError:
                    problems.append(f"{what}: {path.name} line {number} is not whole JSON")
                    break
        elif path.suffix == ".json":
            try:
                json.loads(text)
            except ValueError:
                problems.append(f"{what}: {path.name} is not whole JSON")
    return problems


def _judge_analyze(outcome: Outcome, run: Run) -> None:
    case, problems = outcome.case, outcome.problems
    if run.returncode == 0:
        if case.expect == "refuse":
            problems.append("read, but this file must be refused (exit 2)")
        try:
            document = json.loads(run.stdout.decode("utf-8"))  # strict: the output must be valid UTF-8
        except (UnicodeDecodeError, ValueError) as error:
            problems.append(f"exit 0 but stdout is not one valid UTF-8 JSON document: {error}")
            return
        read = document["lines_read"]
        accounted = document["examples_kept"] + document["lines_rejected"] + document["blank_lines"]
        if read != accounted:
            outcome.identity_violated = True
            problems.append(f"lines_read {read} != kept + rejected + blank = {accounted}")
        if case.check is not None and (wrong := case.check(document)):
            problems.append(wrong)
    elif run.returncode == 2:
        if case.expect == "read":
            problems.append(f"refused, but this file must be read: {run.stderr_lines()[:1]}")
        problems.extend(_check_refusal(run, "analyze"))
    elif not run.killed:
        problems.append(f"exit {run.returncode}: {run.stderr_lines()[-1:]}")


def _judge_other(outcome: Outcome, run: Run, verb: str) -> None:
    """Another verb on the case's file: exit 0 with one valid UTF-8 JSON document, or a refusal."""
    if run.returncode == 0:
        if outcome.case.expect == "refuse":
            problems = outcome.problems
            problems.append(f"{verb} accepted it, but it must be refused (exit 2): {run.stdout[:120]!r}")
        try:
            json.loads(run.stdout.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            outcome.problems.append(f"{verb}: exit 0 but stdout is not one valid UTF-8 JSON document: {error}")
    elif run.returncode == 2:
        outcome.problems.extend(_check_refusal(run, verb))
    elif not run.killed:
        outcome.problems.append(f"{verb}: exit {run.returncode}: {run.stderr_lines()[-1:]}")


def _judge_bounds(outcome: Outcome, run: Run, seconds: float, rss_mb: float, what: str) -> None:
    if run.killed or run.cpu_seconds > seconds or run.rss_mb > rss_mb:
        outcome.overrun = True
        state = f"killed after {run.seconds:.1f} s wall, " if run.killed else ""
        outcome.problems.append(f"{what}: {state}{run.cpu_seconds:.1f} s CPU, {run.rss_mb:.0f} MB peak RSS; "
                                f"bound {seconds} s, {rss_mb} MB")


def _run_case(case: Case, root: Path) -> Outcome:
    outcome = Outcome(case)
    home = root / case.name
    home.mkdir(parents=True, exist_ok=True)
    env = _environment(home)
    try:
        path = build_case(case, root)
    except Exception as error:  # a case that cannot be built is a defect of the suite: say so
        outcome.problems.append(f"could not build the case: {error!r}")
        return outcome
    hard = 3 * case.seconds + 5
    command = [str(path) if part == "{file}" else part for part in case.command]
    run = run_cli([*command, *case.args], hard, env, home)
    outcome.runs.append(run)
    _judge_bounds(outcome, run, case.seconds, case.rss_mb, command[0])
    if run.traceback:
        outcome.problems.append("traceback on stderr: " + " | ".join(run.stderr_lines()[-2:]))
    if command[0] == "analyze":
        _judge_analyze(outcome, run)
    else:
        _judge_other(outcome, run, command[0])
    for verb in case.verbs:
        out = home / f"{verb}-out"
        out.mkdir()
        if verb == "export":
            argv = ["export", str(path), "--to", "openai", "--out", str(out), "--json", *case.args]
        elif verb == "baseline":
            argv = ["baseline", str(path), "--offline-only", "--json", *case.args]
        else:
            argv = ["report", str(path), "--out", str(out / "report.html"), "--monthly-requests", "1000",
                    "--save-analysis", str(out / "analysis.json"), *case.args]
        extra = run_cli(argv, 3 * (case.seconds + 60) + 5, env, home)
        outcome.runs.append(extra)
        _judge_bounds(outcome, extra, case.seconds + 60, max(case.rss_mb, BOMB_RSS_MB * 2), verb)
        if extra.traceback:
            outcome.problems.append(f"{verb}: traceback on stderr: " + " | ".join(extra.stderr_lines()[-2:]))
        elif extra.returncode == 2:
            outcome.problems.extend(_check_refusal(extra, verb))
        elif extra.returncode != 0:
            outcome.problems.append(f"{verb}: exit {extra.returncode}: {extra.stderr_lines()[-1:]}")
        outcome.problems.extend(_check_written(out, verb))
    if case.given_path is None and path.exists() and path.is_file():
        path.unlink()  # the bombs are big on disk: free them as soon as they are tried
    return outcome


@pytest.fixture(scope="session")
def outcomes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every selected case, built and run two at a time; the bombs first so they never trail."""
    selected = [item.callspec.params["name"] for item in request.session.items
                if getattr(item, "callspec", None) and item.originalname == "test_hostile_file"]
    order = sorted({name for name in selected}, key=lambda name: (BY_NAME[name].cls != "bombs", name))
    root = tmp_path_factory.mktemp("hostile_files")
    with ThreadPoolExecutor(WORKERS) as pool:
        results = dict(zip(order, pool.map(lambda name: _run_case(BY_NAME[name], root), order)))
    for outcome in results.values():
        tally.record(files_tried=1, tracebacks=sum(run.traceback for run in outcome.runs),
                     identity_violations=int(outcome.identity_violated), overruns=int(outcome.overrun))
    shutil.rmtree(root, ignore_errors=True)
    if os.environ.get("HOSTILE_TIMINGS"):  # for benchmarks and reports: every run's time and memory
        Path(os.environ["HOSTILE_TIMINGS"]).write_text(json.dumps({
            name: {"class": outcome.case.cls, "problems": outcome.problems,
                   "runs": [{"verb": run.argv[0], "exit": run.returncode, "seconds": round(run.seconds, 2),
                             "cpu_seconds": round(run.cpu_seconds, 2), "rss_mb": round(run.rss_mb),
                             "killed": run.killed} for run in outcome.runs]}
            for name, outcome in results.items()}, indent=1, ensure_ascii=False), encoding="utf-8")
    return results


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("name", [case.name for case in CASES])
def test_hostile_file(name: str, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[name]
    timing = "; ".join(f"{run.argv[0]} exit {run.returncode} in {run.seconds:.1f} s ({run.cpu_seconds:.1f} s CPU), "
                       f"{run.rss_mb:.0f} MB"
                       for run in outcome.runs)
    if outcome.problems:
        pytest.fail(f"[{outcome.case.cls}] {name}: " + "; ".join(outcome.problems) + f" ({timing})", pytrace=False)


def test_the_suite_covers_at_least_60_files_in_every_class_of_the_issues() -> None:
    classes = {case.cls for case in CASES}
    assert len(CASES) >= 60
    for required in ("lone surrogates", "numbers", "bombs", "long lines", "XLSX", "line endings", "blank lines",
                     "tables", "JSON arrays", "nesting", "labels", "payload names", "gzip", "encodings", "shapes",
                     "numbers that are not numbers"):
        assert required in classes
