"""`advisor estimate` as a user runs it: the installed console script, its JSON keys, its exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.pricing.catalog import load_catalog
from advisor.pricing.gpu import estimate_gpu_memory

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
ADVISOR = shutil.which("advisor", path=str(Path(sys.executable).parent)) or "advisor"
REQUIRED_KEYS = {"memory_gb_per_gpu", "gpus_needed", "memory_breakdown", "train_tokens", "train_flops", "train_hours",
                 "train_cost_usd", "assumptions"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ADVISOR, *args], capture_output=True, text=True, timeout=120)


def test_json_keys_and_values_match_the_python_api() -> None:
    result = run("estimate", "--model", "llama-3.1-8b", "--method", "qlora", "--gpu", "L4", "--tokens", "2M", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert REQUIRED_KEYS <= set(report)
    assert set(report["memory_breakdown"]) == {"weights", "gradients", "optimizer_states", "activations", "overhead"}
    catalog = load_catalog()
    expected = estimate_gpu_memory(catalog.model("llama-3.1-8b").shape, "qlora", bits=4, seq_len=2048,
                                   gpu=catalog.gpu("l4"))
    assert report["memory_gb_per_gpu"] == pytest.approx(expected.per_gpu_gb, abs=1e-3)
    assert (report["gpus_needed"], report["bits"], report["gpu"]) == (1, 4, "l4")
    assert report["train_tokens"] == 2e6 * 3  # no dataset: the cookbook's 3 epochs
    # FACTS.md §4b: AWS g6.xlarge (L4) US$ 0.80 per GPU-hour, the catalog's first L4 offer.
    assert report["train_cost_usd"] == pytest.approx(report["gpu_hours"] * 0.80)
    assert report["train_cost"]["brl"] == pytest.approx(report["train_cost_usd"] * 5.2876, rel=1e-6)
    for item in report["assumptions"]:
        assert item["name"] and item["value"] and item["source"] and item["as_of"]


def test_params_and_a_dataset() -> None:
    result = run("estimate", "--params", "7B", "--method", "lora", "--gpu", "a100-80gb", "--dataset",
                 str(FIXTURES / "openai_chat.jsonl"), "--epochs", "2", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["params"] == 7e9 and report["shape_guessed"] and report["epochs"] == 2
    assert report["train_tokens"] > 0 and report["train_flops"] > 0
    assert "not available offline" in report["tokens"]["text"]
    assert report["train_cost"]["usd_low"] <= report["train_cost_usd"] <= report["train_cost"]["usd_high"]


def test_readable_summary() -> None:
    result = run("estimate", "--params", "70e9", "--method", "full", "--gpu", "h100-80gb")
    assert result.returncode == 0, result.stderr
    assert "Memory per GPU:" in result.stdout and "Assumptions:" in result.stdout
    assert "give --dataset or --tokens" in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--params", "7x", "--method", "full", "--gpu", "l4"), "--params must be a number"),
        (("--params", "7e9", "--method", "full", "--gpu", "b300"), "unknown GPU 'b300'"),
        (("--model", "llama-9", "--method", "full", "--gpu", "l4"), "unknown open model 'llama-9'"),
        (("--params", "7e9", "--method", "lora", "--bits", "4", "--gpu", "l4"), "--bits applies to qlora only"),
        (("--params", "7e9", "--method", "full", "--gpu", "l4", "--mfu", "1.5"),
         "--mfu must be a number above 0 and at most 1, not '1.5'"),
        (("--params", "7e9", "--method", "full", "--gpu", "l4", "--gpus", "0"),
         "--gpus must be a whole number from 1 to 4,096, not '0'"),
        (("--params", "7e9", "--method", "full", "--gpu", "l4", "--dataset", "/no/such.jsonl"), "not found"),
    ],
)
def test_user_errors_exit_2_with_one_line(args: tuple[str, ...], expected: str) -> None:
    extra = ("--tokens", "1M") if "--mfu" in args else ()
    result = run("estimate", *args, *extra)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and expected in result.stderr
