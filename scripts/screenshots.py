"""Screenshots of every step of the app at 1400 px, in Portuguese and English, for a reviewer to look at.

    .venv/bin/python scripts/screenshots.py [OUT_DIR] [--samples tickets clinical …] [--langs pt en] [--no-files]

Starts `streamlit run app.py` headless on a free port, opens it in Debian's Chromium (Playwright), picks each
bundled sample — and uploads two files the script writes, the hard cases for charts: 77 intents with skewed
counts and a table whose labels are 0/1 — then visits the five steps in each language and writes
OUT_DIR/<source>_<lang>_<n>_<step>.png (default OUT_DIR: screenshots/, which git ignores).
"""

from __future__ import annotations

import argparse
import csv
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from advisor.data.samples import load_samples, sample  # noqa: E402
from advisor.ui.app import STEPS  # noqa: E402
from advisor.ui.strings import text  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
WIDTH = 1400
MAX_HEIGHT = 16_000  # px; a longer page is cut at the bottom
STEP_TIMEOUT_MS = 180_000  # the first visit to the baselines fits models; a slow shared machine takes a while
WORDS = ("account card transfer payment refund balance limit pin atm fee loan savings travel abroad cash deposit "
         "statement app login password address phone email currency exchange rate charge pending declined cancel"
         ).split()


def intents_77(path: Path) -> Path:
    """77 intents, Zipf-like counts (400 examples of the first down to 8 of the last): the long-tail label chart."""
    rng = random.Random(14)
    names = [f"{WORDS[index % len(WORDS)]}_{WORDS[index * 7 % len(WORDS)]}_{index}" for index in range(77)]
    rows = [(" ".join(rng.sample(WORDS, 5)) + f" about {name.split('_')[0]} w{index}", name)
            for index, name in enumerate(names) for _ in range(max(3, int(400 / (index + 1) ** 0.9)))]
    rng.shuffle(rows)
    return write_csv(path, ("text", "intent"), rows)


def zero_one_labels(path: Path) -> Path:
    """A 0/1 label column, as hate-speech and spam tables have it: labels that look like numbers."""
    rng = random.Random(1)
    rows = [(" ".join(rng.sample(WORDS, 6)) + (" awful insult" if flag else " thanks"), str(flag))
            for flag in (int(rng.random() < 0.2) for _ in range(600))]
    return write_csv(path, ("text", "label"), rows)


def write_csv(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_app(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],  # an edit elsewhere in the tree must not ask to rerun mid-shot
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("streamlit did not start within 60 s")


def settle(page) -> None:  # noqa: ANN001 - a Playwright page
    """Wait until Streamlit has finished the run (its status widget gone) and Plotly has drawn."""
    page.wait_for_timeout(600)
    page.wait_for_function("() => !/Running|Stop/.test(document.querySelector('[data-testid=\"stStatusWidget\"]')"
                           "?.innerText ?? '')", timeout=STEP_TIMEOUT_MS)
    page.wait_for_timeout(1200)


def open_source(browser, url: str, lang: str, source: str | Path):  # noqa: ANN001, ANN201
    page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
    page.goto(url)
    page.get_by_text(text("title", "pt")).wait_for(timeout=60_000)
    if lang == "en":
        page.get_by_text("English", exact=True).click()
        page.get_by_text(text("title", "en")).wait_for(timeout=60_000)
    settle(page)
    if isinstance(source, Path):
        page.locator("input[type=file]").first.set_input_files(str(source))
    else:
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.locator('[data-testid="stSelectbox"]').filter(has_text=text("sample", lang)).click()
        page.get_by_role("option", name=sample(source).text("title", lang)).click()
    settle(page)
    return page


def capture(page, path: Path) -> None:  # noqa: ANN001
    """The whole step: Streamlit scrolls inside its main pane, not the document, so the viewport grows to it."""
    height = page.evaluate("() => Math.max(...Array.from(document.querySelectorAll("
                           "'[data-testid=stMain], [data-testid=stSidebarContent]')).map(node => node.scrollHeight))")
    page.set_viewport_size({"width": WIDTH, "height": min(max(height, 900), MAX_HEIGHT)})
    page.wait_for_timeout(800)  # Plotly redraws at the new size
    page.screenshot(path=str(path), full_page=True)
    for index, chart in enumerate(page.locator('[data-testid="stPlotlyChart"]').all(), start=1):  # up close too
        chart.screenshot(path=str(path.with_name(f"{path.stem}_chart{index}.png")))
    page.set_viewport_size({"width": WIDTH, "height": 1000})


def shoot(url: str, sources: list[str | Path], langs: list[str], out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for source in sources:
                name = source.stem if isinstance(source, Path) else source
                for lang in langs:
                    page = open_source(browser, url, lang, source)
                    for number, step in enumerate(STEPS, start=1):
                        steps = page.get_by_role("radiogroup", name=text("step", lang))
                        steps.get_by_text(text(f"step_{step}", lang), exact=True).click()
                        settle(page)
                        if step == "costs":  # what the step shows on demand: the prices and the assumptions
                            for toggle in ("prices", "assumptions"):
                                page.get_by_text(text(toggle, lang), exact=True).click()
                                settle(page)
                        path = out / f"{name}_{lang}_{number}_{step}.png"
                        capture(page, path)
                        written.append(path)
                        print(path, flush=True)
                    page.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "screenshots"), help="folder for the PNGs")
    parser.add_argument("--samples", nargs="*", default=[item.id for item in load_samples()],
                        help="bundled samples to visit (default: all)")
    parser.add_argument("--langs", nargs="*", default=["pt", "en"], choices=["pt", "en"])
    parser.add_argument("--no-files", action="store_true", help="skip the 77-intent and 0/1-label uploads")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        sources: list[str | Path] = list(args.samples)
        if not args.no_files:
            sources += [intents_77(Path(folder) / "intents_77.csv"), zero_one_labels(Path(folder) / "labels_0_1.csv")]
        port = free_port()
        server = start_app(port)
        try:
            written = shoot(f"http://127.0.0.1:{port}", sources, args.langs, out)
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"{len(written)} screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
