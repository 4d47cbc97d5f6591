"""Fixtures shared by test modules."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def app_server_url() -> Iterator[str]:
    """The real app (`streamlit run app.py`, no file watcher, as a workshop runs it) on a free port, for one module's
    tests: its URL. Started the way the benchmarks start it (benchmarks/bench_app_memory.start_server)."""
    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_app_memory import free_port, start_server

    port = free_port()
    server = start_server(ROOT / "app.py", port, "--server.fileWatcherType", "none", wait=60)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)
