"""benchmarks/protocol_client.py, the light participant of benchmarks/bench_workshop.py, against the real app server:
it walks a bundled sample to the answer samples.toml expects and downloads the report, so the client does not rot
when the app or Streamlit changes."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from protocol_client import walk_protocol  # noqa: E402

from advisor.data.samples import load_samples  # noqa: E402
from advisor.decide.recommend import OPTION_NAMES  # noqa: E402


def test_the_protocol_client_walks_a_sample_to_its_expected_answer_and_downloads_the_report(
        app_server_url: str) -> None:
    sample = next(item for item in load_samples() if item.id == "translation")
    assert sample.expected == "prompting"  # samples.toml's answer for it, which the walk waits to see

    session = asyncio.run(walk_protocol(app_server_url, sample, "pt", timeout_s=45))

    assert session.error is None
    assert list(session.steps) == ["data", "profile", "baselines", "costs", "recommendation"]
    # the first run, the sample picked, four step clicks: one script run on the server for each rerun sent
    assert (len(session.reruns), session.script_runs) == (6, 6)
    assert session.reruns[0] == {}  # the browser's first message carries no widget state
    assert any(value == sample.text("title", "pt") for value in session.reruns[1].values())
    assert session.report.startswith(b"<!DOCTYPE html>") or b"<html" in session.report[:2000]
    assert sample.path.name.encode() in session.report
    assert OPTION_NAMES["prompting"]["pt"].encode() in session.report


def test_the_walk_fails_when_the_recommendation_shows_another_answer(app_server_url: str) -> None:
    """The marker the walk waits for is the expected answer, not any answer: told to expect LoRA on a sample whose
    answer is prompting, it times out on the recommendation step."""
    sample = replace(next(item for item in load_samples() if item.id == "translation"), expected="lora")

    session = asyncio.run(walk_protocol(app_server_url, sample, "pt", timeout_s=8))

    assert session.recommendation is None
    assert session.error is not None and session.error.startswith("step recommendation: TimeoutError")
