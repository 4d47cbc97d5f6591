"""What each label means, as the user wrote it: bare `0`/`1` labels tell a zero-shot model nothing.

The descriptions are given as `label = description`, one a line (the app's text area) or separated by `;`
on one line (`--label-descriptions "0=not offensive;1=offensive"`), or as a JSON object or a TOML table of
label → description in a file. Every label named must be one of the data's labels, compared as the profile
compares labels (`advisor.data.labels.label_key`); a label may be left undescribed. The LLM baselines list each
label with its description in the prompt (advisor/baselines/llm.py) and still score the label.

A mistake is a `LabelDescriptionError`: its code, the line (or `;`-separated entry) and one sentence.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor import i18n
from advisor.data.labels import label_key
from advisor.i18n import section

MAX_TEXT_CHARS = 20_000
MAX_DESCRIPTION_CHARS = 500
LABELS_SHOWN = 20

MESSAGES = section("label_descriptions")
_PLACE = section("label_description_places")


class LabelDescriptionError(ValueError):
    """One mistake in the descriptions: a code of MESSAGES, where it is (`line` or `;` `entry`, 0: the whole), args."""

    def __init__(self, code: str, number: int = 0, unit: str = "line", **args: Any) -> None:
        super().__init__(code, number, args)
        self.code, self.number, self.unit, self.args_ = code, number, unit, args

    def message(self, lang: str = "en") -> str:
        from advisor.i18n.messages import render

        lang = lang if lang in ("en", "pt") else "en"
        place = _PLACE[self.unit][lang].format(n=self.number) if self.number else ""
        values = dict(self.args_)
        if "count" in values:  # agreement of the verb with the number of unknown labels
            values["verb"] = i18n.text("label_descriptions", "verb", lang, count=values.pop("count"))
        return render(self.code, (("place", place), *values.items()), lang)


@dataclass(frozen=True, slots=True)
class LabelDescriptions:
    """Each described label, spelled as the data spells it, with what it means."""

    pairs: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, str]:
        return dict(self.pairs)


def parse_label_descriptions(text: str, labels: Sequence[str], kind: str = "classification") -> LabelDescriptions:
    """Descriptions written as text (one `label = description` a line, or `;`-separated on one line), or as a JSON
    object; checked against the data's `labels`. Raises LabelDescriptionError."""
    text = (text or "").strip()
    if not text:
        return LabelDescriptions(())
    if len(text) > MAX_TEXT_CHARS:
        raise LabelDescriptionError("label_description_too_long", limit=f"{MAX_TEXT_CHARS:,}")
    if text.startswith("{"):
        try:
            mapping = json.loads(text)
        except json.JSONDecodeError as error:
            raise LabelDescriptionError("label_description_no_separator", error.lineno) from error
        return descriptions_from_mapping(mapping, labels, kind)
    unit = "entry" if "\n" not in text and ";" in text else "line"
    parts = text.splitlines() if unit == "line" else text.split(";")
    known = {label_key(label) for label in labels}
    entries = []
    for number, part in enumerate(parts, start=1):
        if not part.strip():
            continue
        label, description = _split(part, known, number, unit)
        entries.append((number, label, description))
    return _checked(entries, labels, kind, unit)


def descriptions_from_mapping(mapping: Any, labels: Sequence[str], kind: str = "classification") -> LabelDescriptions:
    """A JSON object or TOML table of label → description, checked against the data's `labels`."""
    if not isinstance(mapping, Mapping):
        raise LabelDescriptionError("label_description_no_separator")
    entries = []
    for number, (label, description) in enumerate(mapping.items(), start=1):
        if not isinstance(description, (str, int, float)) or isinstance(description, bool):
            raise LabelDescriptionError("label_description_empty", number, "entry")
        entries.append((number, str(label), str(description)))
    return _checked(entries, labels, kind, "entry")


def read_label_descriptions(value: str, labels: Sequence[str], kind: str = "classification") -> LabelDescriptions:
    """The command line's `--label-descriptions`: a .json or .toml file's path, or the text itself."""
    path = Path(value)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".toml", ".txt") or "=" in value or ";" in value:
        return parse_label_descriptions(value, labels, kind)
    try:
        content = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        detail = getattr(error, "strerror", None) or str(error)
        raise LabelDescriptionError("label_description_file", path=str(path), detail=detail) from error
    if suffix == ".toml":
        try:
            return descriptions_from_mapping(tomllib.loads(content), labels, kind)
        except tomllib.TOMLDecodeError as error:
            raise LabelDescriptionError("label_description_file", path=str(path), detail=str(error)) from error
    return parse_label_descriptions(content, labels, kind)


def _split(part: str, known: set[str], number: int, unit: str) -> tuple[str, str]:
    """`label = description` at the `=` whose left side is a known label (a label may hold `=`); `:` when no `=`."""
    separator = "=" if "=" in part else ":" if ":" in part else None
    if separator is None:
        raise LabelDescriptionError("label_description_no_separator", number, unit)
    cuts = [index for index, char in enumerate(part) if char == separator]
    cut = next((index for index in cuts if label_key(part[:index]) in known), cuts[0])
    return part[:cut].strip(), part[cut + 1:].strip()


def _checked(entries: list[tuple[int, str, str]], labels: Sequence[str], kind: str, unit: str) -> LabelDescriptions:
    if not entries:
        return LabelDescriptions(())
    if kind != "classification" or not labels:
        raise LabelDescriptionError("label_description_not_classification", kind=kind)
    spelled = {label_key(label): label for label in reversed(labels)}  # as the data spells it most often
    seen: dict[str, int] = {}
    pairs, unknown = [], []
    for number, label, description in entries:
        description = " ".join(description.split())  # one line per label in the prompt
        if not label.strip() or not description:
            raise LabelDescriptionError("label_description_empty", number, unit)
        if len(description) > MAX_DESCRIPTION_CHARS:
            raise LabelDescriptionError("label_description_too_long", number, unit, limit=MAX_DESCRIPTION_CHARS)
        key = label_key(label)
        if key not in spelled:
            unknown.append((number, label))
            continue
        if key in seen:
            raise LabelDescriptionError("label_description_repeated", number, unit, label=repr(spelled[key]))
        seen[key] = number
        pairs.append((spelled[key], description))
    if unknown:
        shown = ", ".join(repr(label) for label in labels[:LABELS_SHOWN])
        shown += ", …" if len(labels) > LABELS_SHOWN else ""
        raise LabelDescriptionError("label_description_unknown", unknown[0][0], unit,
                                    unknown=", ".join(repr(label) for _, label in unknown), count=len(unknown),
                                    labels=shown)
    return LabelDescriptions(tuple(pairs))
