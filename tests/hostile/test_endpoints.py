"""Hostile LLM endpoints (issue 12): the real `advisor baseline` CLI, and the app's LLM step, against a local
OpenAI-compatible server misbehaving in every mode of `tests.llm_server.HOSTILE_MODES`.

In every mode: the spend stays under the cap (counted as overruns in the tally), the run ends within a
stated wall-clock bound, and the API key is in no output and no file the run wrote (counted as leaks).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile import tally
from tests.hostile.test_files import run_cli as run_measured
from tests.llm_server import HOSTILE_MODES, LIE, classification_rows, classification_rule, hostile_server, write_jsonl

KEY = "sk-hostile-7c2e91d04b6a4f35-SECRET"
KEY_VAR = "FT_ADVISOR_HOSTILE_KEY"
CAP = 0.004  # US$: fits about 20 of the 18-call runs' worst cases at these prices, so the cap binds
PRICE_IN, PRICE_OUT = 1.0, 8.0  # US$ per 1M tokens
# Stated bounds, generous for two shared cores: the offline baselines (~5 s) plus a few 2 s deadlines; the
# memory of the whole CLI (a 50 MB answer once took it to 3.4 GB; it now stops reading at 512 KiB).
WALL_SECONDS = 60
RSS_MB = 500
EXIT = {mode: 3 for mode in HOSTILE_MODES} | {"key_echo": 0}  # 3: partial results, the endpoint misbehaved


def key_occurrences(texts: list[str], folder: Path) -> int:
    """How often the key appears in the texts and in every file under `folder` (the bare key covers any
    `Bearer …` form of it)."""
    found = sum(text.count(KEY) for text in texts)
    for path in folder.rglob("*"):
        if path.is_file():
            found += path.read_bytes().count(KEY.encode())
    return found


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("endpoints") / "things.jsonl", classification_rows(120))


@dataclass(frozen=True)
class CliRun:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    rss_mb: float  # the CLI process's own peak (wait4)


def run_cli(data: Path, base_url: str, home: Path, *extra: str) -> CliRun:
    environment = {key: value for key, value in os.environ.items() if key != "FT_ADVISOR_CACHE_DIR"}
    # Everything the run writes lands under `home`: the default answer cache included.
    environment.update({"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"), KEY_VAR: KEY})
    args = ["baseline", str(data), "--base-url", base_url, "--model", "test-model",
            "--price-in", str(PRICE_IN), "--price-out", str(PRICE_OUT), "--api-key-env", KEY_VAR,
            "--sample", "6", "--shots", "1", "--budget", str(CAP), "--timeout", "2", "--retries", "1",
            "--backoff", "0.05", "--deadline", "30", "--json", *extra]
    run = run_measured(args, WALL_SECONDS * 3, environment, home)
    return CliRun(run.returncode, run.stdout.decode("utf-8", "replace"), run.stderr.decode("utf-8", "replace"),
                  run.seconds, run.rss_mb)


@pytest.mark.parametrize("mode", HOSTILE_MODES)
def test_the_cli_against_a_hostile_endpoint(mode: str, data_file: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with hostile_server(mode, classification_rule) as server:
        result = run_cli(data_file, server.base_url, home)
        requests = list(server.requests)
    leaks = key_occurrences([result.stdout, result.stderr], home)
    report = json.loads(result.stdout) if result.stdout.strip() else {}
    spent, cap = report.get("spent_usd", float("inf")), report.get("budget_usd")
    tally.record(overruns=int(not spent <= CAP), leaks=leaks)

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == EXIT[mode], result.stderr
    assert cap == CAP and spent <= CAP
    assert result.seconds < WALL_SECONDS and result.rss_mb < RSS_MB
    assert leaks == 0
    assert all(record.headers["authorization"] == f"Bearer {KEY}" for record in requests)  # it was sent, only there
    evaluation = report["llm_evaluation"]
    if mode == "lying_usage":
        answered = [record for record in requests if record.answer is not None]
        # Each answer claimed 10^9 output tokens (US$ 8,000 at US$ 8 per 1M); none was charged more than
        # max_tokens. The claims are listed as anomalies, one per answered call, naming it.
        assert answered and len(evaluation["anomalies"]) == len(answered)
        assert all(f"claimed {LIE:,} completion tokens" in item and item.startswith("call ")
                   for item in evaluation["anomalies"])
        assert report["calls_skipped"] > 0  # the cap, not the claims, ended the run
        # Output charged at max_tokens per answer, and the spend is those tokens at the prices given here.
        tokens_in = sum(row["input_tokens"] for row in report["llm"])
        tokens_out = sum(row["output_tokens"] for row in report["llm"])
        assert tokens_out == len(answered) * report["llm_plan"]["max_tokens"]
        assert spent == pytest.approx((tokens_in * PRICE_IN + tokens_out * PRICE_OUT) / 1e6, abs=1e-6)
    if mode == "429_retry_after":
        # Stopped once, with the message, instead of 18 separate failures.
        assert "999999 s, more than the 60 s" in evaluation["error"]
        assert len(requests) <= 4  # only the calls already in flight (--concurrency 4)
    if mode in ("hang", "trickle"):
        assert "no complete answer within the 2 s deadline" in evaluation["error"]
    if mode == "huge_body":
        assert any("answer larger than the N KiB limit" in reason for reason in evaluation["failures"])
    if mode == "key_echo":
        assert requests and all(KEY in record.answer for record in requests)  # the server did echo it
        assert len(list((home / "cache").rglob("*.json"))) == len(requests)  # the answers were stored, redacted


def test_the_run_deadline_bounds_a_run_whatever_the_retries(data_file: Path, tmp_path: Path) -> None:
    with hostile_server("hang") as server:
        result = run_cli(data_file, server.base_url, tmp_path, "--timeout", "60", "--retries", "4", "--deadline", "3")
    report = json.loads(result.stdout)
    tally.record(overruns=int(not report["spent_usd"] <= CAP), leaks=key_occurrences([result.stdout, result.stderr],
                                                                                     tmp_path))
    assert result.returncode == 3
    assert report["llm_evaluation"]["error"].startswith("the run's deadline of 3 s passed")
    assert result.seconds < WALL_SECONDS  # 3 s of calls after the offline part, not 18 calls x 5 attempts x 60 s


# --- the app's LLM step -------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["lying_usage", "key_echo", "hang"])
def test_the_apps_llm_step_against_a_hostile_endpoint(mode: str, tmp_path: Path, monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    app = AppTest.from_file(str(Path(__file__).parents[2] / "page.py"), default_timeout=90)
    app.run()
    app.sidebar.radio(key="lang").set_value("en").run()
    data = write_jsonl(tmp_path / "things.jsonl", classification_rows(120)).read_bytes()
    app.file_uploader(key="upload").set_value(("things.jsonl", data, "application/jsonl")).run()
    app.radio(key="step").set_value("baselines").run()
    with hostile_server(mode, classification_rule) as server:
        app.text_input(key="llm_base_url").set_value(server.base_url)
        app.text_input(key="llm_model").set_value("test-model")
        app.text_input(key="llm_api_key").set_value(KEY)
        app.number_input(key="llm_sample").set_value(5)
        app.number_input(key="llm_shots").set_value(1)
        app.number_input(key="llm_timeout").set_value(1)
        app.number_input(key="llm_price_in").set_value(PRICE_IN)
        app.number_input(key="llm_price_out").set_value(PRICE_OUT).run()
        app.number_input(key="llm_budget").set_value(0.002)
        app.checkbox(key="llm_approved").check().run()
        started = time.monotonic()
        app.button(key="llm_run").click().run()
        elapsed = time.monotonic() - started
        requests = list(server.requests)
    assert not app.exception and requests
    result = next(iter(app.session_state["llm_results"].values()))
    shown = [element.value for kind in ("markdown", "caption", "warning", "error", "info", "success")
             for element in getattr(app, kind)]
    shown += [app.dataframe[i].value.to_csv() for i in range(len(app.dataframe))]
    in_session = [repr(value) for name, value in app.session_state.items() if name != "llm_api_key"]
    leaks = key_occurrences([*shown, *in_session], tmp_path)
    tally.record(overruns=int(not result.budget.spent_usd <= 0.002), leaks=leaks)
    assert result.budget.spent_usd <= 0.002 and leaks == 0
    assert elapsed < WALL_SECONDS
    if mode == "lying_usage":
        assert result.anomalies and any("anomal" in text.lower() for text in shown)
    if mode == "key_echo":
        assert all(KEY in record.answer for record in requests)
        assert all(KEY not in (answer.answer or "") for answer in result.answers)
    if mode == "hang":  # every call ended at its 1 s deadline (then the cap, charged their worst cases, or the stop)
        assert result.errors and all("within the N s deadline" in reason for reason, _ in result.errors)
