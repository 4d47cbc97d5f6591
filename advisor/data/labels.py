"""Labels and answers compared as people read them: one key for every comparison, and look-alikes told apart.

`label_key(text)` is the one normalisation every comparison of labels, answers and inputs goes through
(the profile's duplicates, conflicts, labels and task kind; the LLM answers' parsing; the metrics):
  - Unicode NFKC: `négatif` written as e + combining accent (NFD) is `négatif`, full-width `ｐｏｓｉｔｉｖｅ` is
    `positive`, a ligature `ﬁ` is `fi`;
  - invisible format characters (Unicode category Cf: zero-width space U+200B, BOM U+FEFF, soft hyphen
    U+00AD, direction marks …) removed — nobody reading the text sees them;
  - whitespace collapsed to single spaces, ends trimmed;
  - case folded, unless the caller keeps case.
It keeps what a reader does see: accents (`negação` ≠ `negacao`) and letters of another script
(`positіve` with a Cyrillic `і` ≠ `positive`). Those are not merged silently: `lookalike_of` finds them,
and the profile lists them (advisor/profiling/checks/lookalike_labels.py).

Normalising is for comparing only: labels are shown, trained on and exported as written.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass


@functools.cache
def _format_characters() -> tuple[frozenset[str], re.Pattern[str]]:
    """Every Cf (format) code point, as a set (to test a text: 15× faster than a regex search) and as a regex of
    ranges (to remove them), built from the running Python's Unicode tables on first need. Cf characters live in
    planes 0, 1 and 14 only: scanning those takes 0.05 s, all 1.1 M code points 0.26 s."""
    codes = [code for block in (range(0x20000), range(0xE0000, 0xE1000)) for code in block
             if unicodedata.category(chr(code)) == "Cf"]
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    pattern = "".join(re.escape(chr(low)) + ("" if low == high else "-" + re.escape(chr(high))) for low, high in ranges)
    return frozenset(map(chr, codes)), re.compile(f"[{pattern}]+")


def _without_format_characters(text: str) -> str:
    try:
        text.encode("latin-1")  # a memory copy for Latin-1 text (Portuguese, French …), whose only Cf is U+00AD
    except UnicodeEncodeError:
        characters, pattern = _format_characters()
        return text if characters.isdisjoint(text) else pattern.sub("", text)
    return text.replace("\u00ad", "")


# Letters of other scripts that look like a Latin letter, after case folding (so uppercase look-alikes
# appear here by their lower-case forms: Cyrillic В → в stands for b). The common Cyrillic and Greek
# homoglyphs of Unicode's confusables list (UTS #39, confusables.txt); enough for labels, not a full table.
CONFUSABLE_LATIN = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "н": "h", "і": "i", "ї": "i", "ј": "j", "к": "k",
    "ӏ": "l", "м": "m", "о": "o", "р": "p", "ԛ": "q", "ѕ": "s", "т": "t", "у": "y", "ԝ": "w", "х": "x",
    "с": "c", "ԁ": "d",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "h", "ι": "i", "κ": "k", "μ": "m", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ζ": "z",
}


def label_key(text: str, keep_case: bool = False) -> str:
    """The form two labels or answers must share to be the same for a reader (see the module text)."""
    if text.isascii():  # no Cf character, nothing for NFKC to change: the common case stays fast
        return single_spaced(text if keep_case else text.casefold())
    text = unicodedata.normalize("NFKC", _without_format_characters(text))
    if not keep_case:
        # Folded text need not be NFKC again (Unicode's NFKC_Casefold applies NFKC after folding too).
        text = unicodedata.normalize("NFKC", text.casefold())
    return single_spaced(text)


def single_spaced(text: str) -> str:
    """`" ".join(text.split())` (2.5× a regex), skipped when it would change nothing: every character
    `str.split` splits on is a control or a separator, so in printable text only " " is one. Most
    texts are such, and the check took half the time of splitting and joining (the profile keys
    every input and answer of a 100k-example file)."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def skeleton(text: str) -> str:
    """What a label looks like, roughly: its key with look-alike letters made Latin and accents dropped.

    Two labels with different keys and one skeleton are look-alikes."""
    mapped = "".join(CONFUSABLE_LATIN.get(char, char) for char in label_key(text))
    decomposed = unicodedata.normalize("NFKD", mapped)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def script_of(char: str) -> str | None:
    """The script a letter belongs to as Unicode names it ("LATIN", "CYRILLIC", "GREEK"); None for a non-letter."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else None


def main_script(text: str) -> str | None:
    """The script most of the text's letters belong to (ties: the first met)."""
    counts: dict[str, int] = {}
    for char in label_key(text, keep_case=True):
        script = script_of(char)
        if script:
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda script: counts[script]) if counts else None


@dataclass(frozen=True, slots=True)
class Lookalike:
    """How `label` differs from the label it looks like."""

    kind: str  # "script": letters of another script; "accents": only accents differ
    script: str  # the other script's name as written in English ("Cyrillic"); "" for accents
    letters: str  # the letters that differ, as written in `label` ("і")


def lookalike_of(label: str, like: str) -> Lookalike | None:
    """How `label` imitates `like` (None when they are read differently, or are one label already)."""
    if label_key(label) == label_key(like) or skeleton(label) != skeleton(like):
        return None
    reference = main_script(like)
    foreign = [char for char in label_key(label, keep_case=True) if script_of(char) not in (None, reference)]
    if foreign:
        script = script_of(foreign[0]) or ""
        return Lookalike("script", script.title(), "".join(dict.fromkeys(foreign)))
    differing = [a for a, b in zip(label_key(label, keep_case=True), label_key(like, keep_case=True)) if a != b]
    return Lookalike("accents", "", "".join(dict.fromkeys(differing)))
