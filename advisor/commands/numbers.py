"""Numeric command-line options: one argparse type for all of them, refusing what is not a finite number in range.

`float("nan")`, `float("inf")` and `1e999` are floats to Python, and NaN compares false with every bound, so
`--growth nan` once flowed into the costs as "US$ nan". Every numeric option of every verb takes its `type`
from `number_in(low, high, ...)`; a value it refuses stops the command with one line naming the option and
its range, in the language of `--lang` (advisor/cli.py prints it), and exit status 2.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from advisor.i18n import section
from advisor.pricing.scenario import format_bound

_SCALED = re.compile(r"^([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*([kmbt]?)$", re.IGNORECASE)
_SCALE = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}

MESSAGES = section("numbers")


class NumberRefused(argparse.ArgumentTypeError):
    """An option value that is not a finite number in its range; `sentence` says so in en or pt."""

    def __init__(self, value: str, rule: NumberRule) -> None:
        self.value, self.rule = value, rule
        super().__init__(self.sentence("en"))

    def sentence(self, lang: str = "en", option: str = "the value") -> str:
        rule, lang = self.rule, lang if lang in ("en", "pt") else "en"
        kind = "above" if rule.above else "below" if rule.below else "closed"
        what = MESSAGES["whole" if rule.integer else "number"][lang]
        if rule.scaled:
            what += MESSAGES["scaled"][lang]
        shown = self.value if len(self.value) <= 40 else self.value[:40] + "…"
        return MESSAGES[kind][lang].format(option=option, what=what, low=format_bound(rule.low, lang),
                                           high=format_bound(rule.high, lang), value=repr(shown))


@dataclass(frozen=True, slots=True)
class NumberRule:
    low: float
    high: float
    integer: bool = False
    above: bool = False  # the low bound itself is refused
    below: bool = False  # the high bound itself is refused
    scaled: bool = False  # 7B, 500M, 2e6 accepted

    def __call__(self, text: str) -> int | float:
        value = self.parse(text.strip())
        if value is None or not self.allows(value):
            raise NumberRefused(text, self)
        return value

    def parse(self, text: str) -> int | float | None:
        if self.scaled:
            found = _SCALED.match(text)
            return float(found.group(1)) * _SCALE[found.group(2).lower()] if found else None
        try:
            return int(text) if self.integer else float(text)
        except ValueError:
            return None

    def allows(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        above_low = value > self.low if self.above else value >= self.low
        below_high = value < self.high if self.below else value <= self.high
        return above_low and below_high


def number_in(low: float, high: float, *, integer: bool = False, above: bool = False, below: bool = False,
              scaled: bool = False) -> Callable[[str], int | float]:
    """The argparse `type` of a numeric option: a finite number from `low` to `high` (`above`/`below`: bound
    excluded), a whole one when `integer`; with `scaled`, 7B / 500M / 2e6 forms too."""
    return NumberRule(low, high, integer, above, below, scaled)


SEED = number_in(0, 2**32 - 1, integer=True)  # numpy's generators take any non-negative seed; this many suffice
MAX_MB = number_in(0, 1 << 20, above=True)  # a file size limit in MB: above 0, at most 1 TB


def scenario_number(name: str) -> Callable[[str], int | float]:
    """The type of the option setting scenario field `name`: the range the scenario itself checks."""
    from advisor.pricing.scenario import LIMITS

    low, high, whole = LIMITS[name]
    return number_in(low, high, integer=whole)


def language_of(argv: Sequence[str]) -> str:
    """The --lang given on the command line (it may follow the refused option, so it is read from argv)."""
    for index, item in enumerate(argv):
        if item.startswith("--lang="):
            return item.partition("=")[2]
        if item == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
    return "en"


def refusal_line(error: argparse.ArgumentError, argv: Sequence[str]) -> str:
    """The one line for an option argparse refused: ours in --lang's language, argparse's own as it says it."""
    refused = error.__context__
    if isinstance(refused, NumberRefused):
        return refused.sentence(language_of(argv), error.argument_name or "the value")
    return str(error)

