"""`advisor baseline` as a user runs it: the installed console script against a real local OpenAI-compatible server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.llm_server import (
    LLMServer,
    classification_rows,
    classification_rule,
    intended_label,
    last_user_text,
    true_label,
    write_jsonl,
)

ADVISOR = shutil.which("advisor", path=str(Path(sys.executable).parent)) or "advisor"
KEY = "sk-cli-test-93b1f0a6c2d54e8f-SECRET"
KEY_VAR = "FT_ADVISOR_TEST_KEY"
PRICED = ("--model", "test-model", "--price-in", "1", "--price-out", "4")


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("cli") / "things.jsonl", classification_rows(120))


@pytest.fixture()
def server():
    with LLMServer(rule=classification_rule) as running:
        yield running


def run(*args: str, home: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != KEY_VAR}
    # Nothing may land in the real home; the SDK's debug log must not leak the key either.
    environment.update({"HOME": str(home), "XDG_CACHE_HOME": str(home / "xdg-cache"), "OPENAI_LOG": "debug"})
    environment.pop("FT_ADVISOR_CACHE_DIR", None)
    environment.update(env or {})
    return subprocess.run([ADVISOR, "baseline", *args], capture_output=True, text=True, timeout=180, env=environment)


def test_offline_only_prints_the_json_contract(data_file: Path, tmp_path: Path) -> None:
    result = run(str(data_file), "--offline-only", "--json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {"offline", "learning_curve", "llm", "spent_usd", "budget_usd"} <= set(report)
    assert report["offline"] and all(
        {"strategy", "metric", "score", "ci_low", "ci_high", "n"} <= set(item) for item in report["offline"]
    )
    assert report["learning_curve"]["points"]
    assert (report["llm"], report["spent_usd"], report["budget_usd"]) == ([], 0.0, None)


def test_without_a_budget_the_estimate_is_shown_and_nothing_is_sent(
    data_file: Path, tmp_path: Path, server: LLMServer
) -> None:
    result = run(str(data_file), "--base-url", server.base_url, *PRICED, "--sample", "8", "--shots", "2", "--json",
                 home=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    estimate = report["estimate"]
    assert estimate["calls"] == 24 and estimate["worst_usd"] > estimate["expected_usd"] > 0
    assert report["llm"] == [] and report["budget_usd"] is None and "--budget" in report["llm_note"]
    text = run(str(data_file), "--base-url", server.base_url, *PRICED, "--sample", "8", home=tmp_path)
    assert "no call made: pass --budget USD" in text.stdout and "at most US$" in text.stdout
    assert server.requests == []


def test_a_model_with_no_known_price_is_refused_in_one_line(data_file: Path, tmp_path: Path, server: LLMServer) -> None:
    result = run(str(data_file), "--base-url", server.base_url, "--model", "my-local-llama", "--budget", "1",
                 home=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "--price-in" in result.stderr
    missing = run(str(data_file), "--base-url", server.base_url, *PRICED, "--budget", "1", "--api-key-env", KEY_VAR,
                  home=tmp_path)
    assert missing.returncode == 2 and KEY_VAR in missing.stderr and len(missing.stderr.strip().splitlines()) == 1
    assert server.requests == []


def test_a_run_scores_what_the_server_answered_and_the_key_goes_nowhere(
    data_file: Path, tmp_path: Path, server: LLMServer
) -> None:
    args = (str(data_file), "--base-url", server.base_url, *PRICED, "--api-key-env", KEY_VAR, "--sample", "10",
            "--shots", "2", "--budget", "0.5", "--concurrency", "3", "--backoff", "0.05", "--timeout", "5",
            "--task", "Say what the item is.")
    env = {KEY_VAR: KEY}
    result = run(*args, "--json", home=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert len(server.requests) == 30 and server.max_in_flight <= 3
    assert all(record.headers["authorization"] == f"Bearer {KEY}" for record in server.requests)
    # Expected scores from the server's own log and rule: zero-shot prompts are the ones without demonstrations.
    for row in report["llm"]:
        assert {"strategy", "shots", "score", "ci_low", "ci_high", "calls", "failed_calls", "cached_calls",
                "input_tokens", "output_tokens", "cost_usd"} <= set(row)
        demos = row["shots"] > 0
        texts = {last_user_text(r.body) for r in server.requests
                 if any(m["role"] == "assistant" for m in r.body["messages"]) == demos}
        assert len(texts) == 10  # random and retrieved prompts ask the same 10 held-out examples
        expected = sum(intended_label(text, demos) == true_label(text) for text in texts) / 10
        assert row["score"] == pytest.approx(expected, abs=1e-4)
        assert (row["calls"], row["failed_calls"], row["cached_calls"]) == (10, 0, 0)
    prompt, completion = server.billed_tokens()
    assert report["spent_usd"] == pytest.approx((prompt + 4 * completion) / 1e6, abs=1e-6)
    assert report["budget_usd"] == 0.5 and report["calls_made"] == 30 and report["calls_skipped"] == 0

    # A text run from the cache: a progress bar on stderr, a table on stdout, zero requests.
    server.reset()
    text = run(*args, home=tmp_path, env=env)
    assert text.returncode == 0, text.stderr
    assert server.requests == []
    assert "[" + "#" * 30 + "] 30/30 calls · 30 cached" in text.stderr
    header = next(line for line in text.stdout.splitlines() if line.strip().startswith("strategy") and "shots" in line)
    assert "score" in header and "95% CI" in header and "cached" in header
    assert "spent US$0.0000 of a US$0.5 cap: 0 calls made" in text.stdout

    # The key is in no output, no log and no file the runs wrote (the default cache under XDG_CACHE_HOME).
    cache_files = [path for path in (tmp_path / "xdg-cache" / "ft-advisor").rglob("*") if path.is_file()]
    assert len(cache_files) == 30
    for output in (result.stdout, result.stderr, text.stdout, text.stderr):
        assert KEY not in output
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


def test_a_budget_below_one_call_sends_nothing_and_reports_every_call_skipped(
    data_file: Path, tmp_path: Path, server: LLMServer
) -> None:
    result = run(str(data_file), "--base-url", server.base_url, *PRICED, "--sample", "5", "--shots", "1",
                 "--budget", "0.0000001", "--cache-dir", str(tmp_path / "cache"), "--json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert server.requests == []
    assert (report["calls_made"], report["calls_skipped"], report["spent_usd"]) == (0, 15, 0.0)
    assert all(row["score"] is None and row["skipped_calls"] == 5 for row in report["llm"])
    assert report["llm_evaluation"]["budget"]["skipped"] == 15


def test_a_wrong_key_stops_the_run_with_exit_code_1(data_file: Path, tmp_path: Path) -> None:
    from tests.llm_server import status

    with LLMServer(fault=lambda body, seen: status(401, f"Incorrect API key provided: {KEY}")) as server:
        result = run(str(data_file), "--base-url", server.base_url, *PRICED, "--api-key-env", KEY_VAR, "--sample", "5",
                     "--budget", "1", "--concurrency", "1", "--cache-dir", str(tmp_path / "c"), home=tmp_path,
                     env={KEY_VAR: KEY})
        assert len(server.requests) == 1
    assert result.returncode == 1
    assert "stopped early: HTTP 401" in result.stdout and KEY not in result.stdout + result.stderr


def test_bad_numbers_are_refused_in_one_line(data_file: Path, tmp_path: Path) -> None:
    for flag, value in (("--sample", "0"), ("--concurrency", "0"), ("--budget", "-1"), ("--shots", "-2")):
        result = run(str(data_file), *PRICED, flag, value, home=tmp_path)
        assert result.returncode == 2 and flag in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_server_lying_about_usage_is_charged_within_the_cap_and_the_run_exits_3(data_file: Path, tmp_path: Path) -> None:
    # Before: "spent US$ 8000.0002 of a US$ 0.01 cap" and exit 0.
    from tests.llm_server import LIE, hostile_server

    with hostile_server("lying_usage", classification_rule) as server:
        result = run(str(data_file), "--base-url", server.base_url, *PRICED, "--sample", "6", "--shots", "1",
                     "--budget", "0.01", "--cache-dir", str(tmp_path / "c"), home=tmp_path)
        answered = len(server.answered)
    assert result.returncode == 3 and "the endpoint misbehaved: partial results (exit 3)" in result.stderr
    spent = float(next(line for line in result.stdout.splitlines() if "spent US$" in line).split("US$")[1].split()[0])
    assert 0 < spent <= 0.01  # the claims priced at US$ 4 per 1M output tokens would be US$ 4,000 a call
    anomalies = [line for line in result.stdout.splitlines() if "endpoint anomaly" in line]
    assert len(anomalies) == min(5, answered) and f"claimed {LIE:,} completion tokens" in anomalies[0]
    if answered > 5:
        assert f"… and {answered - 5} more anomalies" in result.stdout


def test_baseline_and_recommend_score_the_same_stated_sample(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    # 5,100 examples: over the 5,000 every baseline is scored on. `baseline` used all of them and printed another
    # score than `recommend` for the same file; now both draw the one stratified sample and say so.
    from advisor.cli import main
    from advisor.decide.advice import load_document

    path = write_jsonl(tmp_path / "big.jsonl", classification_rows(5100))
    assert main(["baseline", str(path), "--json"]) == 0
    alone = json.loads(capsys.readouterr().out)
    saved = tmp_path / "analysis.json"
    assert main(["recommend", str(path), "--json", "--save-analysis", str(saved)]) == 0
    capsys.readouterr()
    within = load_document(saved)["baselines"]
    assert alone["offline"] == within["offline"] and all(item["n"] == 5000 for item in alone["offline"])
    assert alone["learning_curve"]["points"] == within["learning_curve"]["points"]
    said = "Scored on a stratified sample of 5,000 of 5,100 distinct examples (5,100 in the file)."
    assert alone["offline_evaluation"]["sample"]["message"] == within["offline_evaluation"]["sample"]["message"] == said
    assert main(["baseline", str(path)]) == 0
    assert f"  {said}" in capsys.readouterr().out.splitlines()
