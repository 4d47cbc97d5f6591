"""Every numeric option of every verb refuses what is not a finite number in its range: exit 2, one line, no traceback.

The options are read from the parsers themselves, so a numeric option added later is tested too (and an option
typed with plain int or float fails `test_every_numeric_option_takes_the_shared_type`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.cli import build_parser, main
from advisor.commands.numbers import NumberRule, language_of, number_in

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
ADVISOR = str(Path(sys.executable).parent / "advisor")


def numeric_options() -> list[tuple[str, str, NumberRule]]:
    parser = build_parser()
    verbs = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    return [
        (verb, action.option_strings[0], action.type)
        for verb, subparser in verbs.choices.items()
        for action in subparser._actions
        if isinstance(action.type, NumberRule)
    ]


def bad_values(rule: NumberRule) -> list[str]:
    """NaN and infinities, just outside each bound, and a huge value."""
    low = rule.low if rule.above else rule.low - 1
    high = rule.high if rule.below else rule.high + 1
    shown = (lambda value: str(int(value))) if rule.integer else repr
    values = ["nan", "NaN", "inf", "-inf", "Infinity", shown(low), shown(high)]
    values.append("1" + "0" * 30 if rule.integer else "1e300")
    return values


CASES = [(verb, option, value) for verb, option, rule in numeric_options() for value in bad_values(rule)]


def test_every_numeric_option_takes_the_shared_type() -> None:
    parser = build_parser()
    verbs = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    plain = [
        f"{verb} {action.option_strings[0]}"
        for verb, subparser in verbs.choices.items()
        for action in subparser._actions
        if action.type in (int, float)
    ]
    assert plain == []
    options = {(verb, option) for verb, option, _ in numeric_options()}
    # the options of issue 19 point 6, by verb: all present (the list above is not empty by accident)
    for verb, option in [("costs", "--growth"), ("costs", "--monthly-requests"), ("costs", "--horizon"),
                         ("estimate", "--mfu"), ("estimate", "--params"), ("estimate", "--tokens"),
                         ("estimate", "--usd-per-hour"), ("recommend", "--budget"), ("recommend", "--target-score"),
                         ("report", "--growth"), ("baseline", "--price-in"), ("baseline", "--target"),
                         ("export", "--validation-share"), ("split", "--max-mb"), ("analyze", "--max-mb")]:
        assert (verb, option) in options


@pytest.mark.parametrize(("verb", "option", "value"), CASES, ids=[" ".join(case) for case in CASES])
def test_a_value_that_is_not_a_finite_number_in_range_is_one_line_and_exit_2(
    verb: str, option: str, value: str, capsys: pytest.CaptureFixture
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([verb, f"{option}={value}"])
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"advisor: {option} must be ") and f"not '{value}'" in err


def test_the_line_names_the_range_in_english_and_portuguese(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        main(["costs", "data.jsonl", "--growth", "nan"])
    assert capsys.readouterr().err == "advisor: --growth must be a number from -0.99 to 10, not 'nan'\n"
    with pytest.raises(SystemExit):
        main(["costs", "data.jsonl", "--monthly-requests", "-1", "--lang", "pt"])
    assert capsys.readouterr().err == (
        "advisor: --monthly-requests deve ser um número inteiro de 0 a 1.000.000.000.000, não '-1'\n")
    with pytest.raises(SystemExit):
        main(["estimate", "--mfu=0", "--lang=pt"])
    assert capsys.readouterr().err == "advisor: --mfu deve ser um número maior que 0 e no máximo 1, não '0'\n"


def test_the_type_accepts_the_range_and_its_forms() -> None:
    assert number_in(0, 1, below=True)("0") == 0.0
    assert number_in(-0.99, 10)(" -0.99 ") == -0.99
    assert number_in(1, 10, integer=True)("10") == 10
    assert number_in(0, 1e14, above=True, scaled=True)("7B") == 7e9
    assert number_in(0, 1e14, above=True, scaled=True)("1.5 m") == 1.5e6
    for refused in ("1", "1.0e0", "nan"):
        with pytest.raises(argparse.ArgumentTypeError):
            number_in(0, 1, below=True)(refused)
    with pytest.raises(argparse.ArgumentTypeError):
        number_in(1, 10, integer=True)("2.5")
    assert language_of(["costs", "--lang", "pt"]) == "pt" and language_of(["costs"]) == "en"


def test_other_argparse_errors_stay_one_line(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["estimate", "--params", "7B", "--method", "sideways", "--gpu", "l4"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--method" in err and "invalid choice" in err


def test_costs_with_growth_nan_used_to_print_nan_dollars() -> None:
    # before: exit 0 and "US$ nan" lines, "inf× the cheapest option", the wrong cheapest route
    result = subprocess.run([ADVISOR, "costs", str(FIXTURES / "openai_chat.jsonl"), "--monthly-requests", "1000",
                             "--growth", "nan"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "advisor: --growth must be a number from -0.99 to 10, not 'nan'\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"monthly_requests": 1000,\n "monthly_growth": NaN}', "NaN is not a number JSON allows (line 2)"),
        ('{"monthly_requests": 1000, "usd_to_currency": Infinity}', "Infinity is not a number JSON allows (line 1)"),
        ('{"monthly_requests": 1000, "usd_to_currency": -Infinity}', "-Infinity is not a number JSON allows"),
        ('{"monthly_requests": 1000, "usd_to_currency": 1e999}',
         "usd_to_currency must be a number from 0.0001 to 1,000,000, not inf"),
        ('{"monthly_requests": 1e999}', "monthly_requests must be a whole number from 0 to 1,000,000,000,000"),
        ('{"monthly_requests": 1000, "price_overrides": {"gpu/l4/hour": 1e999}}',
         "price override 'gpu/l4/hour' must be a number from 0 to 1,000,000 (USD), not inf"),
    ],
)
def test_a_scenario_file_with_non_numbers_is_refused_in_one_line(tmp_path: Path, content: str, expected: str) -> None:
    scenario = tmp_path / "scenario.json"
    scenario.write_text(content, encoding="utf-8")
    result = subprocess.run([ADVISOR, "costs", str(FIXTURES / "openai_chat.jsonl"), "--scenario", str(scenario)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and expected in result.stderr, result.stderr
