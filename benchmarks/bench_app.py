"""The app end to end in headless Chromium (issue 15, goal 3), against the command line in the same run.

    .venv/bin/python benchmarks/bench_app.py [--examples 100000] [--sample tickets] [--repeat 1] [--lang pt]
        [--reading 0]

Generates the chat file of benchmarks/bench_analyze.py (≈ 122 MB for 100,000 examples), then:
  1. reference: `advisor analyze FILE --json` in a fresh process, wall time (median of --repeat);
  2. one `streamlit run app.py` (as the README starts it) and one headless Chromium (/usr/bin/chromium): a
     participant opens the page, picks the bundled sample, and walks the five steps (benchmarks/bench_workshop.py's
     walk): from the pick to the recommendation drawn, on the server just started (its warm-up of the samples may
     still run) and again in a second session;
  3. once the server is at rest (no worker process left: the samples' warm-up and the walks' work done), another
     participant uploads the file and walks the same steps: from choosing the file to the Profile step
     drawn, against the reference (target ≤ 1.3×); the upload is sent, read, analysed and drawn in that time. They
     click the profile as soon as the data step shows what was read (the page still counts tokens: a person moving
     on). Then a third uploads a second file of the same size (another seed, its own reference: the first one's
     results are held by the server), once the server is at rest again, and clicks only once the data step is done,
     token chart drawn;
  4. whether the Baselines are ready when the user arrives: from the click on Baselines to its page drawn (the
     offline baselines are computed in the background from the data step on), beside the same for the Costs step,
     which computes nothing the page waits for. By default the participant clicks as soon as a step is done;
     `--reading S` has them spend S seconds on each step first, as a person reads the data and profile steps
     (the Profile time leaves that reading out).
Every time is wall time on this machine with the browser on it too: the figures include the browser's own work.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_analyze import generate  # noqa: E402
from bench_app_memory import free_port, start_server  # noqa: E402
from bench_workshop import CHROMIUM, CHROMIUM_ARGS, at_rest, walk  # noqa: E402

from advisor.data.samples import load_samples  # noqa: E402


def cli_analyze(path: Path) -> float:
    advisor = Path(sys.executable).with_name("advisor")
    started = time.monotonic()
    subprocess.run([str(advisor), "analyze", str(path), "--json"], stdout=subprocess.DEVNULL, check=True)
    return time.monotonic() - started


def between(session, start: str, end: str) -> float | None:  # noqa: ANN001 - a bench_workshop Session
    if start in session.clicked and end in session.steps:
        return session.steps[end] - session.clicked[start]
    return None


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"


async def run(args, files: list[tuple[Path, float]]) -> None:  # noqa: ANN001 - (file, its reference) twice
    from playwright.async_api import async_playwright

    sample = next(item for item in load_samples() if item.id == args.sample)
    port = free_port()
    server = start_server(ROOT / "app.py", port, "--server.fileWatcherType", "none", wait=120)
    url = f"http://127.0.0.1:{port}"
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for label in ("first session after the server started", "a second session"):
                session = await walk(browser, url, sample, args.lang, args.timeout)
                error = f"; error {session.error}" if session.error else ""
                print(f"bundled sample {sample.id}, {label}: pick → recommendation drawn "
                      f"{fmt(between(session, 'data', 'recommendation'))} (page opened in "
                      f"{fmt(session.first_page)}){error}", flush=True)
            for (path, reference), moving_on in zip(files, (True, False)):
                # a server at rest, as a person uploading later finds it: the samples' warm-up and the previous
                # walk's work done, its workers let go (each upload then starts one, as it would)
                rested = await at_rest(server.pid, args.timeout, after=0)
                print(f"(the server at rest after {rested:.0f} s)", flush=True)
                session = await walk(browser, url, path, args.lang, args.timeout, reading=args.reading,
                                     moving_on=moving_on)
                if session.error:
                    print(f"upload: error {session.error}")
                drawn, profile = between(session, "data", "data"), between(session, "data", "profile")
                # the user's reading of the data step out (one moving on reads nothing before the click)
                upload = None if profile is None else profile - (0 if moving_on else args.reading)
                ratio = "—" if upload is None else f"{upload / reference:.2f}×"
                when = ("clicked as soon as the data step is drawn" if moving_on else
                        "clicked once the data step is done")
                print(f"upload of {path.stat().st_size / 1e6:,.1f} MB: file chosen → data step drawn "
                      f"{fmt(drawn)}, → Profile ({when}) drawn {fmt(upload)} = {ratio} the command line's analyze "
                      f"of that file, {reference:.1f} s{' (target ≤ 1.3×)' if moving_on else ''}", flush=True)
            waited, rendered = between(session, "baselines", "baselines"), between(session, "costs", "costs")
            ready = waited is not None and rendered is not None and waited <= rendered + 1.0
            print(f"Baselines: click → page drawn {fmt(waited)}; Costs (nothing to wait for) {fmt(rendered)}: the "
                  f"baselines were {'ready' if ready else 'NOT ready'} when the user arrived (within 1 s of a step "
                  f"that waits for nothing) after {args.reading:g} s on each step before", flush=True)
            await browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--sample", default="tickets", help="the bundled sample walked (default tickets, 3,006 rows)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of the command line's analyze (median)")
    parser.add_argument("--reading", type=float, default=0.0,
                        help="seconds the uploading user spends on each step once drawn before the next click (0: "
                             "a robot; the Profile time is the same, the Baselines' readiness depends on it)")
    parser.add_argument("--lang", choices=("pt", "en"), default="pt")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"needs Debian's chromium at {CHROMIUM}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the start", flush=True)
    with tempfile.TemporaryDirectory() as workdir:
        files = []
        for seed in (0, 1):
            path = Path(workdir) / f"chat_{args.examples}_{seed}.jsonl"
            generate(path, args.examples, seed=seed)
            reference = statistics.median(cli_analyze(path) for _ in range(args.repeat))
            print(f"file (seed {seed}): {args.examples:,} examples, {path.stat().st_size / 1e6:,.1f} MB; "
                  f"reference: advisor analyze --json {reference:.1f} s", flush=True)
            files.append((path, reference))
        asyncio.run(run(args, files))


if __name__ == "__main__":
    main()
