"""The app server's memory while browser sessions upload a large file, and after they close.

    .venv/bin/python benchmarks/bench_app_memory.py [--mb 100] [--sessions 3] [--uploads 2] [--samples]
                                                     [--after 60 150] [--app app.py]
    a room of samples:  … --sessions 7 --uploads 0 --samples --mb 0.01

Starts `streamlit run app.py` headless, opens one page in Chromium (/usr/bin/chromium) so the app's
imports are done, waits until what that first page started is done (the bundled samples' warm-up,
advisor/ui/warmup.py: no worker process left) and takes the server's resident memory at idle. Then opens
`--sessions` pages (each its own Streamlit session) and in each uploads the same generated chat file (`--mb` MB, the
bench_analyze generator) `--uploads` times, waiting each time until the data step shows its counts; with
`--samples`, session i then picks bundled sample i and clicks the five steps to the recommendation.
The pages are closed and the server's memory is read again `--after` seconds later. Streamlit keeps a
closed session for 120 s in case the browser reconnects, so the reading past 120 s is the one that
shows what is returned for good.

Memory is the resident size (VmRSS) of the server and its descendants (the token worker), sampled
every 100 ms; the peak is the largest sum seen. `--app` runs another checkout's app.py (for a
before/after comparison, with that checkout first on PYTHONPATH).

Measured on 2026-12-03 (103 MB file, shared 2-core machine), before → after advisor/ui/memory.py:
3 sessions × 2 uploads: peak 1,525 → 624 MB; 150 s after the close 1,525 MB (9.34× idle) → 211 MB (1.28×).
1 session × 4 uploads: 913 → 425 MB with the session open; 150 s after the close 913 MB (5.55×) → 201 MB (1.22×).
Issue #20 (load average 5–10), before (fcf43db) → after the worker processes, the warm-up and the sweep's changes.
A room of 7 sessions walking the 7 samples to the recommendation: idle 164 → 310 MB (after: the samples warmed and
everything the steps import already imported), peak 386 → 337 MB, 60 and 150 s after the close 386 MB (2.35×) →
336 MB (1.08×). 31 MB file, 2 sessions × 2 uploads: idle 164 → 310 MB; peak 661 → 1,241 MB (the tree, with two
workers and a forked learning-curve child, whose shared pages this sum counts twice); 60 s after the close 541 MB
(3.29×) → 554 MB (1.78×); 150 s after 459 MB (2.79×) → 492 MB (1.58×).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_analyze import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
BYTES_PER_EXAMPLE = 1_250  # the generator's average line (125 MB per 100,000 examples)


def children(pid: int) -> list[str]:
    """The child processes of `pid`, whichever of its threads started them (/proc/PID/task/PID/children lists only
    the main thread's: it missed the workers the app starts from its other threads)."""
    listed = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            listed += task.read_text().split()
        except OSError:  # the thread ended meanwhile
            continue
    return listed


def rss_kb(pid: int) -> int:
    """VmRSS (kB) of `pid` alone (its workers, once let go, are no longer in the tree)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)


def tree_rss_kb(pid: int) -> int:
    """Σ VmRSS (kB) of `pid` and its descendants."""
    pids, found, total = [pid], 0, 0
    while found < len(pids):
        current = pids[found]
        found += 1
        try:
            pids += children(int(current))
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total


def until_no_child(pid: int, limit: float = 600) -> float:
    """Waits until `pid` has had no child process (a worker, the token counter) for 3 s; returns the seconds waited."""
    started = quiet_since = time.monotonic()
    while time.monotonic() - started < limit:
        if children(pid):
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= 3:
            break
        time.sleep(0.2)
    return time.monotonic() - started


class Sampler:
    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.done = pid, 0, threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, tree_rss_kb(self.pid))
            time.sleep(0.1)

    def now(self) -> int:
        return tree_rss_kb(self.pid)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(app: Path, port: int, *options: str, wait: float = 90,
                 launcher: tuple[str, ...] = ("-m", "streamlit")) -> subprocess.Popen:
    """`streamlit run app` headless on 127.0.0.1:port with extra `options`, once its health check answers
    (bench_workshop.py starts its server here too, through `launcher` when it samples the server's CPU)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(app.parent), env.get("PYTHONPATH")]))
    server = subprocess.Popen(
        [sys.executable, *launcher, "run", str(app), "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false", *options],
        cwd=app.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit(f"streamlit did not start within {wait:g} s")


def open_page(browser, url: str):  # noqa: ANN001, ANN201 - a Playwright page showing the app
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.get_by_text("Consultor de decisão de fine-tuning").wait_for(timeout=120_000)
    return context, page


def upload(page, path: Path, round_: int) -> None:  # noqa: ANN001
    """Uploads `path` and waits until the data step shows its counts (the file is read and analysed)."""
    page.locator("input[type=file]").first.set_input_files(str(path))
    # the app takes the file and replaces the uploader by an empty one, then shows the counts
    chip = page.locator('[data-testid="stFileUploaderFile"]')
    try:
        chip.first.wait_for(timeout=15_000)
    except Exception:  # noqa: BLE001 - already taken: the chip came and went between two polls
        pass
    chip.first.wait_for(state="detached", timeout=1_200_000)
    page.locator('[data-testid="stMetric"]', has_text="Exemplos mantidos").wait_for(timeout=1_200_000)
    page.get_by_text("Usando o seu arquivo").wait_for(timeout=60_000)
    print(f"    upload {round_ + 1} shown", flush=True)


def walk_sample(page, index: int) -> None:  # noqa: ANN001
    """Picks bundled sample `index` (mod their number) and clicks the five steps until the recommendation step has
    drawn its downloads, in Portuguese (the app's first language), as a workshop participant does."""
    from advisor.data.samples import load_samples
    from advisor.ui.strings import text

    samples = load_samples()
    chosen = samples[index % len(samples)]
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text=text("sample", "pt")).click()
    page.get_by_role("option", name=chosen.text("title", "pt")).click()
    page.locator('[data-testid="stMetric"]', has_text=text("kept", "pt")).first.wait_for(timeout=300_000)
    heading = page.get_by_role("heading")
    for step, marker in (("profile", "findings"), ("baselines", "llm"), ("costs", "break_even"),
                         ("recommendation", "downloads")):
        radio = page.locator('[data-testid="stRadio"]').filter(has_text=text("step_costs", "pt"))
        radio.get_by_text(text(f"step_{step}", "pt"), exact=True).click()
        heading.filter(has_text=text(marker, "pt")).first.wait_for(timeout=300_000)
    print(f"    {chosen.id}: recommendation shown", flush=True)


def mb(kilobytes: int) -> str:
    return f"{kilobytes / 1024:,.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=100.0, help="size of the uploaded file (default 100)")
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--uploads", type=int, default=2, help="uploads of the same file in each session")
    parser.add_argument("--samples", action="store_true",
                        help="each session then walks a bundled sample (session i: sample i) to the recommendation")
    parser.add_argument("--after", type=int, nargs="+", default=[60, 150], help="seconds after the close")
    parser.add_argument("--app", type=Path, default=ROOT / "app.py")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.jsonl"
        generate(path, max(10, int(args.mb * 1e6 / BYTES_PER_EXAMPLE)))
        size = path.stat().st_size
        print(f"file: {size / 1e6:,.1f} MB; {args.sessions} sessions × {args.uploads} uploads; app {args.app}")
        port = free_port()
        # no file watcher, as in a workshop (README): an edit under the folder re-imports the app's modules mid-run
        server = start_server(args.app.resolve(), port, "--server.maxUploadSize", "600",
                              "--server.fileWatcherType", "none")
        url = f"http://127.0.0.1:{port}"
        sampler = Sampler(server.pid)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                context, _ = open_page(browser, url)  # imports done, as a server that has served a page
                context.close()
                time.sleep(5)
                quiet = until_no_child(server.pid)  # what the first page started (the samples' warm-up) is done
                print(f"no child process {quiet:.0f} s after the first page", flush=True)
                idle = sampler.now()
                sampler.peak = idle
                idle_own = rss_kb(server.pid)
                print(f"idle: {mb(idle)} (the server's own process {mb(idle_own)})", flush=True)
                contexts = []
                for session in range(args.sessions):
                    context, page = open_page(browser, url)
                    contexts.append(context)
                    for round_ in range(args.uploads):
                        upload(page, path, round_)
                    if args.samples:
                        walk_sample(page, session)
                    print(f"  session {session + 1}: {mb(sampler.now())} (peak {mb(sampler.peak)})", flush=True)
                with_sessions = sampler.now()
                for context in contexts:
                    context.close()
                browser.close()
            closed = time.monotonic()
            readings = []
            for after in sorted(args.after):
                time.sleep(max(0.0, closed + after - time.monotonic()))
                readings.append((after, sampler.now(), rss_kb(server.pid)))
                print(f"  {after} s after the close: {mb(readings[-1][1])} (own {mb(readings[-1][2])})", flush=True)
        finally:
            sampler.done.set()
            server.terminate()
            server.wait(timeout=30)
    print(f"\nserver RSS (process tree), file {size / 1e6:,.0f} MB, {args.sessions} sessions × {args.uploads} uploads")
    print(f"  idle                  {mb(idle):>10}   1.00× idle   (the server's own process {mb(idle_own)})")
    print(f"  peak                  {mb(sampler.peak):>10}   {sampler.peak / idle:.2f}× idle")
    print(f"  sessions open, idle   {mb(with_sessions):>10}   {with_sessions / idle:.2f}× idle")
    for after, value, own in readings:
        print(f"  {after:>4} s after close     {mb(value):>10}   {value / idle:.2f}× idle   (own {mb(own)}, "
              f"{own / idle_own:.2f}×)")


if __name__ == "__main__":
    main()
