"""The one translation catalog: every sentence, label and word the advisor shows, in English and Portuguese.

The text lives in the TOML files beside this module, one per area (`app.toml` for the Streamlit app,
`findings.toml` for the codes that checks, validation and the recommendation emit, `report.toml`,
`cli.toml`, …). Each file holds sections; each entry sits beside its translation:

    [app.upload]
    en = "Upload a dataset"
    pt = "Envie um dataset"

An entry that depends on a count gives CLDR plural forms instead (`en.one`, `en.other`, …), picked by
Babel's plural rules for the language (`plural`). A finding's template, which may hold several counts, chooses a
word per count instead: `{clusters:cluster|clusters}` (advisor/i18n/messages.py `with_plural_forms`; finding
templates only).

Why a code-keyed catalog rather than gettext `.po` files: the codes (`duplicate_input`, `route_refuses_data`)
are the JSON contract that saved analyses and reports are rendered from again later, in either language;
gettext keys its catalog by the English sentence, so an edit to the English would orphan every
translation and change the contract. Both languages side by side also let one test check that no entry is
missing a language or a placeholder (tests/test_translation.py). Numbers, money and plurals follow the
language through Babel's CLDR data (`number`, `money`, `plural`).
"""

from __future__ import annotations

import math
import string
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

LANGUAGES = ("en", "pt")
LOCALES = {"en": "en_US", "pt": "pt_BR"}
LANGUAGE_NAMES = {"pt": "Português", "en": "English"}  # each in its own language: the language switch
FILES = ("app.toml", "findings.toml", "report.toml", "cli.toml", "advice.toml", "costs.toml")

Entry = Mapping[str, Any]  # {"en": text, "pt": text}, or {"en": {"one": …, "other": …}, "pt": {…}}


def language(lang: str | None) -> str:
    """`lang` if the catalog speaks it, else English."""
    return lang if lang in LANGUAGES else "en"


@cache
def catalog() -> Mapping[str, Mapping[str, Entry]]:
    """Every section of every catalog file, read once: {section: {key: entry}}. A section named in two files
    is an error (one place for each string)."""
    sections: dict[str, Mapping[str, Entry]] = {}
    folder = resources.files(__package__)
    for name in FILES:
        for section, entries in tomllib.loads(folder.joinpath(name).read_text(encoding="utf-8")).items():
            if section in sections:
                raise ValueError(f"section [{section}] is in two catalog files")
            sections[section] = MappingProxyType({key: MappingProxyType(entry) for key, entry in entries.items()})
    return MappingProxyType(sections)


def section(name: str) -> Mapping[str, Entry]:
    """One section of the catalog, {key: {"en": …, "pt": …}}, read-only."""
    return catalog()[name]


def words(section_name: str, lang: str = "en") -> dict[str, str]:
    """A whole section in one language, {key: text}: the labels of a plain-text page (the CLI's)."""
    return {key: fill(entry, lang) for key, entry in section(section_name).items() if not _plural(entry)}


def _plural(entry: Entry) -> bool:
    return isinstance(entry.get("en"), Mapping)


def text(section_name: str, key: str, lang: str = "en", /, **values: Any) -> str:
    """The entry `key` of `section_name` in `lang`, its {placeholders} filled from `values`. A plural entry
    takes its form from `values["count"]`."""
    entry = section(section_name)[key]
    return fill(entry, lang, **values)


def term(group: str, value: object, lang: str = "en") -> str:
    """A code a document holds (a severity, a metric, a task kind…) as a word in `lang`; an unknown code is
    shown as itself, underscores as spaces."""
    entry = section("terms").get(f"{group}.{value}")
    return str(value).replace("_", " ") if entry is None else fill(entry, lang)


def fill(entry: Entry, lang: str = "en", /, **values: Any) -> str:
    template = entry.get(language(lang)) or entry["en"]
    if isinstance(template, Mapping):
        template = template.get(plural(values.get("count", 0), lang)) or template["other"]
    return template.format(**values) if values else template


def placeholders(template: str) -> frozenset[str]:
    """The {names} a template fills: compared between languages by the translation test."""
    return frozenset(field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(template)
                     if field)


# Numbers, money and plurals, by Babel (imported on first use: its locale data is not needed to start).

def plural(count: float, lang: str = "en") -> str:
    """The CLDR plural category of `count` in `lang`: "one" or "other" for English and Portuguese."""
    return _locale(lang).plural_form(abs(count))


def number(value: float, lang: str = "en", digits: int = 0) -> str:
    """`value` with the language's separators and exactly `digits` decimals: 1,234.5 / 1.234,5. Rounded as Python's
    f-strings round (the figure is the same in both languages); NaN and infinities are written as Python writes them."""
    if not math.isfinite(value):
        return str(value)
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(Decimal(f"{value:.{digits}f}"), format=pattern, locale=LOCALES[language(lang)])


def money(amount: float, symbol: str, lang: str = "en", digits: int = 2) -> str:
    """`amount` after the currency `symbol` (US$, R$), in the language's number style: R$ 1.234,56."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{symbol} {number(abs(amount), lang, digits)}"


def decimal(value: float, lang: str = "en", most_digits: int = 4) -> str:
    """`value` with the language's separators and at most `most_digits` decimals, trailing zeros dropped: 0.8606,
    3,006 / 0,8606, 3.006."""
    if not math.isfinite(value):
        return str(value)
    from babel.numbers import format_decimal

    return format_decimal(Decimal(f"{value:.{most_digits}f}"), format="#,##0." + "#" * most_digits,
                          locale=LOCALES[language(lang)])


def interval(low: float, high: float, lang: str = "en", digits: int = 2) -> str:
    """A confidence interval, "[0.85 – 0.90]" / "[0,85 – 0,90]": a dash, since a comma is the decimal mark in pt."""
    return f"[{number(low, lang, digits)} – {number(high, lang, digits)}]"


def percent(share: float, lang: str = "en", digits: int = 0) -> str:
    """`share` (0.125) as a percentage in the language's style: 12.5% / 12,5%."""
    return f"{number(share * 100, lang, digits)}%"


@cache
def _locale(lang: str):  # noqa: ANN202 - babel.Locale, imported lazily
    from babel import Locale

    return Locale.parse(LOCALES[language(lang)])
