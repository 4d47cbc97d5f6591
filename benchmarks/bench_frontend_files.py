"""The server's CPU for the files a browser's first page loads: Streamlit's own serving against app.py's, same run.

    .venv/bin/python benchmarks/bench_frontend_files.py [--browsers 30] [--rounds 4]

A first visit loads ~100 of Streamlit's frontend files (its scripts, styles and fonts) before the app draws
anything. Two servers are started one after the other: `streamlit run page.py` (the script alone: Streamlit serves
the files, through Starlette's FileResponse and its thread pool) and `streamlit run app.py` (the app as the README
starts it: advisor/ui/frontend_files.py answers them from memory). For each, one headless Chromium page
(/usr/bin/chromium) records the URLs the page asks for; then `--browsers` clients at once each fetch them all over
6 connections (a browser's per host) and the server's CPU time (utime + stime of its process, /proc) is read
before and after. Printed per server: the files and bytes a page loads, the server's CPU per browser for each of
`--rounds` rounds, and the median ratio of app.py to Streamlit's own.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx2  # noqa: E402

from bench_app_memory import free_port, start_server  # noqa: E402
from bench_workshop import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

BROWSER_CONNECTIONS = 6


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def page_files(url: str) -> list[str]:
    """The paths of the files one Chromium page loads from the server (not the websocket)."""
    from playwright.async_api import async_playwright

    paths: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = await browser.new_page()
        page.on("request", lambda request: paths.append(request.url.removeprefix(url)) if (
            request.url.startswith(url) and "/_stcore/stream" not in request.url) else None)
        await page.goto(url)
        await page.wait_for_timeout(6000)
        await browser.close()
    return list(dict.fromkeys(paths))


async def one_browser(url: str, paths: list[str]) -> int:
    async with httpx2.AsyncClient(base_url=url, timeout=120,
                                  limits=httpx2.Limits(max_connections=BROWSER_CONNECTIONS)) as client:
        answers = await asyncio.gather(*(client.get(path) for path in paths))
    for answer in answers:
        answer.raise_for_status()
    return sum(len(answer.content) for answer in answers)


async def measure(script: str, browsers: int, rounds: int) -> list[float]:
    port = free_port()
    server = start_server(ROOT / script, port, "--server.fileWatcherType", "none", wait=120)
    url = f"http://127.0.0.1:{port}"
    try:
        paths = await page_files(url)
        per_browser = []
        for _ in range(rounds):
            await asyncio.sleep(2)  # the page's own session settles
            before, started = cpu_seconds(server.pid), time.monotonic()
            sizes = await asyncio.gather(*(one_browser(url, paths) for _ in range(browsers)))
            spent, took = cpu_seconds(server.pid) - before, time.monotonic() - started
            per_browser.append(spent / browsers)
            print(f"  {script}: {len(paths)} files, {sizes[0] / 1e6:,.1f} MB a page; {browsers} browsers in "
                  f"{took:.1f} s, server CPU {1000 * spent / browsers:.0f} ms a browser", flush=True)
        return per_browser
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--browsers", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the start", flush=True)
    streamlit_own = statistics.median(asyncio.run(measure("page.py", args.browsers, args.rounds)))
    ours = statistics.median(asyncio.run(measure("app.py", args.browsers, args.rounds)))
    print(f"server CPU for a page's files, median: Streamlit's own serving {1000 * streamlit_own:.0f} ms a browser; "
          f"app.py {1000 * ours:.0f} ms = {ours / streamlit_own:.2f}× (reference: Streamlit's own, this run)")


if __name__ == "__main__":
    main()
