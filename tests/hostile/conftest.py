"""Prints the hostile suite's one-line tally at the end of any session in which a hostile test ran."""

from __future__ import annotations

from pathlib import Path

from tests.hostile import tally

_HERE = Path(__file__).resolve().parent


def pytest_runtest_setup(item) -> None:
    # A hostile test that records nothing (it failed before recording) still makes the line print.
    if _HERE in Path(str(item.fspath)).resolve().parents:
        tally.mark_used()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if tally.used():
        # write_line prints under -q too, so CI's log always carries the line.
        terminalreporter.write_sep("-", "hostile")
        terminalreporter.write_line(tally.summary_line())
