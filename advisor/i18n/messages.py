"""Turn issue codes into sentences in Portuguese (pt-BR) or English.

The templates are in the translation catalog (advisor/i18n/findings.toml), one section per module that emits
codes; this module only renders them, so a finding can be rendered in either language at any time, and it
imports none of the modules that emit the codes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from advisor import i18n
from advisor.data.model import Issue
from advisor.profiling.checks.base import Finding

LANGUAGES = i18n.LANGUAGES
# The catalog sections that hold the codes of findings, issues, points and notes: one flat namespace of codes.
FINDING_SECTIONS = ("formats", "loader", "validate", "duplicates", "language", "near", "output_format",
                    "personal_data", "task", "leakage", "recommend", "export", "lookalike_labels", "tool_calls",
                    "preference_pairs", "changing_facts", "data_fit", "agreement", "label_descriptions", "comparison",
                    "learning_curve", "cost_detail")
CATALOG: dict[str, Mapping[str, str]] = {code: entry for name in FINDING_SECTIONS
                                         for code, entry in i18n.section(name).items()}

# English values that findings put into their arguments ("expected a list, found a number"; an option, a format,
# a band of kappa), each with its Portuguese from the catalog.
_WORD_SECTIONS = ("words", "options", "format_names", "agreement_bands")
_PORTUGUESE_WORDS = {entry["en"]: entry["pt"] for name in _WORD_SECTIONS for entry in i18n.section(name).values()} | {
    entry["en"]: entry["pt"] for key, entry in i18n.section("terms").items() if key.startswith("language.")}
_JSON_ERRORS = {entry["en"]: entry["pt"] for entry in i18n.section("json_errors").values()}  # a `detail`'s words


def render(code: str, args: Iterable[tuple[str, Any]], lang: str = "en") -> str:
    templates = CATALOG.get(code)
    args = tuple(args)
    values = {key: _translate(value, lang, key) for key, value in args}
    if templates is None:
        details = ", ".join(f"{key}={value}" for key, value in values.items())
        return f"{code}: {details}" if details else code
    template = with_plural_forms(templates.get(lang) or templates["en"], dict(args), lang)
    try:
        text = template.format(**values)
        if "element" in values and "{element" not in template:  # a record of a JSON array, by its index
            text = f"{i18n.text('words', 'element', lang)} {values['element']}: {text}"
        return text
    except (KeyError, IndexError, ValueError):  # a template/argument mismatch must not hide the finding
        return templates["en"] if lang == "en" else f"{template} ({values})"


# `{name:one|other}` in a template: the word that agrees with the count `name` (a finding with several counts,
# where a plural entry, which follows one `count`, cannot say "1 cluster" and "12 pairs" at once).
_PLURAL_CHOICE = re.compile(r"\{(\w+):([^{}|]*)\|([^{}|]*)\}")


def with_plural_forms(template: str, counts: Mapping[str, Any], lang: str) -> str:
    """`template` with each `{name:one|other}` replaced by the form CLDR's rules for `lang` give `counts[name]`
    (the "other" form when it is not a number)."""
    def form(choice: re.Match) -> str:
        count = counts.get(choice[1])
        if isinstance(count, bool) or not isinstance(count, int | float):
            return choice[3]
        return choice[2] if i18n.plural(count, lang) == "one" else choice[3]

    return _PLURAL_CHOICE.sub(form, template)


_NUMBER = r"\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+\.\d+|\d+"
_NUMBERS_ONLY = re.compile(rf"(?:[<≈~]\s*)?(?:{_NUMBER})(?:\s*[–-]\s*(?:{_NUMBER}))?%?")
_MONEY = re.compile(rf"\w*\$ (?:< )?(?:{_NUMBER})(?: – (?:{_NUMBER}))?(?: \(\w*\$ (?:< )?(?:{_NUMBER})(?: – (?:{_NUMBER}))?\))?")
_SEPARATORS_PT = str.maketrans({",": ".", ".": ","})
_SCALE = re.compile(r"(\d+(?:\.\d+)?) (billion|million)")
_AT_COLUMN = re.compile(r"(.+?)(,? )column (\d+)")  # where the JSON reader stopped on a line (advisor/data/loader.py)
_SCALE_PT = {"billion": ("bilhão", "bilhões"), "million": ("milhão", "milhões")}


def number(value: float, lang: str = "en", digits: int = 0) -> str:
    """`value` with thousands separators and `digits` decimals: 1,234.5 in English, 1.234,5 in Portuguese."""
    return i18n.number(value, lang, digits)


def localize_numbers(text: str, lang: str) -> str:
    """A number or an amount of money written the English way ("1,234.50", "US$ 12.30 (R$ 65.04)") in `lang`'s
    way; any other text (a model name such as gpt-4.1, a sentence) comes back as is."""
    if lang != "pt" or not (_NUMBERS_ONLY.fullmatch(text) or _MONEY.fullmatch(text)):
        return text
    return re.sub(_NUMBER, lambda found: found.group().translate(_SEPARATORS_PT), text)


def assumption_name(name: str, lang: str = "en") -> str:
    """A cost assumption's name as a reader reads it ("mfu/h100" → "MFU (…) (h100)"); an unknown one as it is."""
    base, _, place = name.partition("/")
    entry = i18n.section("assumption_names").get(base)
    shown = i18n.fill(entry, lang) if entry else base
    return f"{shown} ({place})" if place else shown


def describe(item: Issue | Finding, lang: str = "en") -> str:
    return render(item.code, item.args, lang)


@dataclass(frozen=True, slots=True)
class Note:
    """A sentence kept as its catalog code and arguments, written in the reader's language only when shown; saved
    as {"code", "args", "text"} so a saved analysis renders it again in either language."""

    code: str
    args: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str = "en") -> str:
        return render(self.code, self.args, lang)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "args": {key: _saved(value) for key, value in self.args}, "text": self.text("en")}


@dataclass(frozen=True, slots=True)
class Figure:
    """A number inside a Note, written in the reader's style only when shown (1,234.5 / 1.234,5); saved as
    {"figure", "digits", "style"} so a saved analysis writes it again in either language. `style`: "fixed"
    (exactly `digits` decimals), "short" (at most `digits`, trailing zeros dropped: a price such as 0.48 or
    5.2876) or "percent" (a share, 0.125 → 12.5%)."""

    value: float
    digits: int = 0
    style: str = "fixed"

    def text(self, lang: str = "en") -> str:
        if self.style == "percent":
            return i18n.percent(self.value, lang, self.digits)
        if self.style == "short":
            return i18n.decimal(self.value, lang, self.digits or 4)
        return i18n.number(self.value, lang, self.digits)

    def to_dict(self) -> dict[str, Any]:
        return {"figure": self.value, "digits": self.digits, "style": self.style}


def note_from_dict(data: Mapping[str, Any]) -> Note:
    """A Note saved by `Note.to_dict`, back, with the Notes and Figures in its arguments."""
    return Note(str(data["code"]), tuple((key, _revived(item)) for key, item in dict(data.get("args") or {}).items()))


def _revived(item: Any) -> Any:
    """A saved Note or Figure back as one; anything else as it is."""
    if isinstance(item, Mapping) and "code" in item and "args" in item:
        return note_from_dict(item)
    if isinstance(item, Mapping) and "figure" in item:
        return Figure(item["figure"], item.get("digits", 0), item.get("style", "fixed"))
    return item


def note_text(note: Note | Mapping[str, Any] | str, lang: str = "en") -> str:
    """A note as the reader reads it: a Note, a saved one ({"code", "args"}), or a plain sentence (older files)."""
    if isinstance(note, Note):
        return note.text(lang)
    if isinstance(note, Mapping) and "code" in note:
        return render(str(note["code"]), dict(note.get("args") or {}).items(), lang)
    return str(note)


def _saved(value: Any) -> Any:
    return value.to_dict() if isinstance(value, (Note, Figure)) else value


def _translate(value: Any, lang: str, key: str = "") -> Any:
    if hasattr(value, "text") and callable(value.text):  # a sentence of its own (a DataFit, a Note), same language
        return value.text(lang)
    if isinstance(value, (list, tuple)) and all(isinstance(pair, (list, tuple)) and len(pair) == 2 for pair in value):
        return ", ".join(f"{_translate(name, lang)} {_translate(count, lang)}" for name, count in value)  # pt 233, …
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):  # names, each in `lang`
        return ", ".join(_translate(item, lang) for item in value)
    if isinstance(value, Mapping) and "code" in value and "args" in value:  # a saved Note
        return note_text(value, lang)
    if isinstance(value, Mapping) and "figure" in value:  # a saved Figure
        return _revived(value).text(lang)
    if isinstance(value, bool) or (isinstance(value, int) and "line" in key):  # a line number as it is
        return value
    if lang != "pt":  # 38,826 pairs, as Portuguese reads 38.826
        return f"{value:,}" if isinstance(value, int) else value
    if isinstance(value, (int, float)) and math.isfinite(value):  # 3.006 exemplos, 0,8606
        return i18n.decimal(value, lang)
    if not isinstance(value, str):
        return value
    if value.startswith("a number"):
        return "um número" + value.removeprefix("a number")
    if key == "detail":  # what the JSON reader found wrong, then where: "Expecting value, column 12"
        at = _AT_COLUMN.fullmatch(value)
        if at:
            return f"{_JSON_ERRORS.get(at[1], at[1])}{at[2]}coluna {at[3]}"
        if value in _JSON_ERRORS:
            return _JSON_ERRORS[value]
    scale = _SCALE.fullmatch(value)
    if scale:  # "1.5 billion" tokens
        amount, word = float(scale.group(1)), _SCALE_PT[scale.group(2)]
        return f"{localize_numbers(scale.group(1), lang)} {word[0] if amount < 2 else word[1]}"
    return _PORTUGUESE_WORDS.get(value) or localize_numbers(value, lang)
