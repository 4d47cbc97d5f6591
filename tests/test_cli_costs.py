"""`advisor costs` as a user runs it, and `advisor --help` staying light."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
ADVISOR = shutil.which("advisor", path=str(Path(sys.executable).parent)) or "advisor"
OPTIONS = {"prompting", "in_context", "lora", "full_finetune"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ADVISOR, *args], capture_output=True, text=True, timeout=180)


def test_json_has_the_four_options_side_by_side() -> None:
    result = run("costs", str(FIXTURES / "openai_chat.jsonl"), "--monthly-requests", "5000", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report["options"]) == OPTIONS
    for option, routes in report["options"].items():
        assert routes, option
        for route in routes:
            assert {"label", "hosting", "status", "training", "monthly", "horizon_total", "sources"} <= set(route)
            if route["monthly"] is not None:
                assert {"usd", "usd_low", "usd_high", "brl"} <= set(route["monthly"])
    assert report["break_even"] and report["closed"]
    assert report["scenario"]["monthly_requests"] == 5000


def test_readable_summary_lists_options_break_even_and_closed_doors() -> None:
    result = run("costs", str(FIXTURES / "openai_chat.jsonl"), "--monthly-requests", "5000")
    assert result.returncode == 0, result.stderr
    for heading in ("PROMPTING", "IN-CONTEXT LEARNING", "LORA / QLORA", "FULL FINE-TUNING", "BREAK-EVEN",
                    "CLOSED DOORS", "ASSUMPTIONS"):
        assert heading in result.stdout
    assert "R$" in result.stdout and "US$" in result.stdout
    assert "closed to new users" in result.stdout


def test_scenario_saved_and_reopened_gives_the_same_answer(tmp_path: Path) -> None:
    saved = tmp_path / "scenario.json"
    first = run("costs", str(FIXTURES / "openai_chat.jsonl"), "--monthly-requests", "800", "--k", "3", "--private",
                "--save-scenario", str(saved), "--json")
    assert first.returncode == 0, first.stderr
    again = run("costs", str(FIXTURES / "openai_chat.jsonl"), "--scenario", str(saved), "--json")
    assert again.returncode == 0, again.stderr
    a, b = json.loads(first.stdout), json.loads(again.stdout)
    assert a["options"] == b["options"] and a["break_even"] == b["break_even"]
    assert b["scenario"]["data_must_stay"] is True and b["scenario"]["k_shots"] == 3
    assert all(route["hosting"] == "self_hosted" for routes in b["options"].values() for route in routes)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), "give --monthly-requests"),
        (("--monthly-requests", "-3"),
         "--monthly-requests must be a whole number from 0 to 1,000,000,000,000, not '-3'"),
        (("--scenario", "/no/such/scenario.json"), "scenario file not found"),
        (("--monthly-requests", "10", "--currency", "XYZ"), "unknown currency 'XYZ'"),
        (("--monthly-requests", "10", "--gpu", "b300"), "unknown GPU 'b300'"),
    ],
)
def test_user_errors_exit_2_with_one_line(args: tuple[str, ...], expected: str) -> None:
    result = run("costs", str(FIXTURES / "openai_chat.jsonl"), *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and expected in result.stderr


def test_a_bad_scenario_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "scenario.json"
    bad.write_text('{"monthly_requests": 10, "volume": 3}', encoding="utf-8")
    result = run("costs", str(FIXTURES / "openai_chat.jsonl"), "--scenario", str(bad))
    assert result.returncode == 2 and "unknown scenario field(s) volume" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreadable_dataset_is_one_line() -> None:
    result = run("costs", "/no/such/file.jsonl", "--monthly-requests", "10")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1 and "not found" in result.stderr


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from advisor import cli\n"
        "parser = cli.build_parser()\n"
        "assert {'estimate', 'costs'} <= set(parser._subparsers._group_actions[0].choices), 'verbs missing'\n"
        "heavy = [name for name in ('pandas', 'sklearn', 'genai_prices') if name in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
