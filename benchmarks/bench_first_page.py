"""The app's first page: what it imports and how long a browser waits for it, against `import streamlit`.

    .venv/bin/python benchmarks/bench_first_page.py [--repeat 3] [--app app.py]

Measured in the same run:
  1. `python -c "import streamlit"` in a fresh process, wall time (the floor any Streamlit app pays);
  2. a fresh `streamlit run app.py` (run with `python -X importtime`), then one Chromium page (/usr/bin/chromium):
     the time from the page's request to the first page drawn whole (the data step's "choose a sample or upload"
     notice), and the imports the server made in that time — their summed own time, and which heavy packages
     (pandas, NumPy, PyArrow, SciPy, scikit-learn, Plotly, the analysis) were among them.
The server is started afresh for every repeat, so each reading is the first session's. `--app` runs another
checkout's app.py (for a before/after comparison, with that checkout first on PYTHONPATH).

Measured on 2026-12-03 (shared 2-core machine, load average about 10), the code before issue #20's server work
(fcf43db) → after it, two runs of 3 each: the first page's imports 2.54 and 2.35 s → 0.43 and 0.71 s (`import
streamlit` 0.99–1.97 s in the same runs); the first page drawn on a fresh server 5.30 and 4.99 s → 3.29 and 3.48 s;
heavy packages imported for it: the analysis, NumPy, pandas, PyArrow → none.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_app_memory import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "numpy", "pyarrow", "scipy", "sklearn", "plotly", "advisor.analysis")
WAITING = "Envie um arquivo para começar"  # the first page's last notice, in Portuguese (the app's first language)


def import_streamlit_seconds() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import streamlit"], check=True)
    return time.perf_counter() - started


def imports_logged(log: str) -> tuple[float, set[str]]:
    """Σ own import time (s) of the modules in an -X importtime log, and which HEAVY packages are among them."""
    total, heavy = 0, set()
    for line in log.splitlines():
        if not line.startswith("import time:") or "|" not in line or "self [us]" in line:
            continue
        own, _, name = line[len("import time:"):].split("|")
        total += int(own)
        name = name.strip()
        heavy |= {package for package in HEAVY if name == package}
    return total / 1e6, heavy


def first_page(app: Path, browser) -> tuple[float, float, set[str]]:  # noqa: ANN001 - a Playwright browser
    """(seconds to the first page drawn, seconds of imports meanwhile, heavy packages imported) on a fresh server."""
    port = free_port()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(app.parent), env.get("PYTHONPATH")]))
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(
            [sys.executable, "-X", "importtime", "-m", "streamlit", "run", str(app), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=app.parent, env=env, stdout=subprocess.DEVNULL, stderr=log)
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise SystemExit("streamlit did not start") from None
                    time.sleep(0.2)
            time.sleep(1.0)  # the server's own start-up imports are logged before this
            log.seek(0, os.SEEK_END)
            served = log.tell()
            context = browser.new_context(viewport={"width": 1300, "height": 1000})
            page = context.new_page()
            started = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}")
            page.get_by_text(WAITING).wait_for(timeout=120_000)
            seconds = time.perf_counter() - started
            log.seek(served)
            imported, heavy = imports_logged(log.read())
            context.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    return seconds, imported, heavy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--app", type=Path, default=ROOT / "app.py")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    baseline = statistics.median(import_streamlit_seconds() for _ in range(max(3, args.repeat)))
    readings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for round_ in range(args.repeat):
            readings.append(first_page(args.app.resolve(), browser))
            seconds, imported, heavy = readings[-1]
            print(f"  run {round_ + 1}: first page {seconds:.2f} s, imports {imported:.2f} s, "
                  f"heavy: {', '.join(sorted(heavy)) or 'none'}", flush=True)
        browser.close()
    paint = statistics.median(seconds for seconds, _, _ in readings)
    imports = statistics.median(imported for _, imported, _ in readings)
    heavy = sorted(set().union(*(found for _, _, found in readings)))
    print(f"\napp {args.app}")
    print(f"  python -c 'import streamlit'          {baseline:6.2f} s   1.00×")
    print(f"  first page's imports (server)         {imports:6.2f} s   {imports / baseline:.2f}×")
    print(f"  first page drawn (fresh server)       {paint:6.2f} s   {paint / baseline:.2f}×")
    print(f"  heavy packages imported for it        {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
