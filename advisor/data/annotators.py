"""Which columns of a table hold other annotators' labels of the same items, read row by row with the examples.

Public hate-speech and sentiment sets often keep every annotator's label beside the one chosen
(`annotator_1`, `annotator_2`, …, or `label_a`, `label_b`). How often those labels agree bounds what any
model can score against the output column (advisor/profiling/checks/agreement.py).

Columns named by the user (`--annotator-cols`) are read whatever they hold. Without names, a column is read
as an annotator's when both hold:
  - its name says so: it contains annotat/anotad/rater/coder/judge/avaliad/rotulad/labeler/worker/grader, or it
    is the output column's name with a short suffix (`label_1`, `label.2`, `sentiment_b`);
  - its labels are the output column's: at least VOCABULARY_SHARE of its filled cells hold a label the output
    column uses (compared with `advisor.data.labels.label_key`), and the output column has at most MAX_LABELS labels.
A name alone is not enough, and neither are labels alone: Jigsaw's toxic-comment table has six 0/1 columns
(`toxic`, `obscene`, `insult` …) that share a vocabulary but rate different things.

Memory stays bounded: a column not named by the user stops being read once it shows more than MAX_LABELS
distinct values or a value longer than MAX_LABEL_CHARS (it is free text, not labels), and equal rows of labels
are kept as one tuple.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from advisor.data.labels import label_key
from advisor.data.model import Annotations, Example

ANNOTATOR_NAME = re.compile(r"annotat|anotad|anotaç|anotac|rater|coder|judge|juiz|avaliad|rotulad|labeler|labeller"
                            r"|worker|grader")
MAX_FOUND = 20  # columns read without being named; more than that, name them
MAX_LABELS = 50  # more distinct answers than this is not a label column
MAX_LABEL_CHARS = 200
VOCABULARY_SHARE = 0.95  # this project's: an annotator may rarely use a label the output column never got


def looks_like_annotator(column: str, output: str) -> bool:
    """The column's name says it holds an annotator's label (see the module text)."""
    name = column.casefold().strip()
    if ANNOTATOR_NAME.search(name):
        return True
    stem = re.escape(output.casefold().strip())
    return re.fullmatch(stem + r"[\s_.-]?(\d{1,3}|[a-z]\d{0,3})", name) is not None


def annotation_text(value: Any) -> str | None:
    """A cell as a label (written as the output column's cells are: 1.0 is "1", True is "true"); None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            value = int(value)
    text = value if isinstance(value, str) else str(value)
    return text if text.strip() else None


class AnnotatorReader:
    """Collects the annotator columns' labels of each kept example, in example order."""

    def __init__(self, columns: Sequence[str], named: bool) -> None:
        self.columns = tuple(columns)
        self.named = named
        self.reading = [True] * len(self.columns)
        self._values: list[dict[str, None]] = [{} for _ in self.columns]  # distinct values, while reading unnamed
        self._rows: list[tuple[str | None, ...]] = []
        self._memo: dict[tuple[str | None, ...], tuple[str | None, ...]] = {}

    def add(self, row: dict[str, Any]) -> None:
        cells = [row.get(column) if reading else None for column, reading in zip(self.columns, self.reading)]
        # Text cells (every CSV cell) kept as they are unless blank; other values converted as labels are.
        key = tuple(cell if type(cell) is str and cell.strip() else annotation_text(cell) for cell in cells)
        found = self._memo.get(key)
        if found is None:  # a new combination of labels: the only time a column can show a new value
            if not self.named:
                key = self._watched(key)
            found = self._memo.setdefault(key, key)
        self._rows.append(found)

    def _watched(self, values: tuple[str | None, ...]) -> tuple[str | None, ...]:
        """`values`, with a column that turns out to hold free text (not labels) no longer read."""
        kept = list(values)
        for index, value in enumerate(values):
            if value is None:
                continue
            seen = self._values[index]
            if value not in seen:
                seen[value] = None
                if len(seen) > MAX_LABELS or len(value) > MAX_LABEL_CHARS:  # free text: stop reading it
                    self.reading[index], kept[index] = False, None
                    seen.clear()
        return tuple(kept)

    def result(self, examples: Sequence[Example]) -> Annotations | None:
        """The annotations of the columns kept (all named ones; found ones that pass the label test)."""
        if len(self._rows) != len(examples):  # examples merged or dropped after reading: no alignment to trust
            return None
        kept = list(range(len(self.columns))) if self.named else self._found(examples)
        if not kept:
            return None
        memo: dict[tuple[str | None, ...], tuple[str | None, ...]] = {}
        projected = []
        for row in self._rows:
            key = tuple(row[index] for index in kept)
            projected.append(memo.setdefault(key, key))
        return Annotations(tuple(self.columns[index] for index in kept), tuple(projected), self.named)

    def _found(self, examples: Sequence[Example]) -> list[int]:
        vocabulary: set[str] = set()
        for example in examples:
            vocabulary.add(label_key(example.final_output()))
            if len(vocabulary) > MAX_LABELS:
                return []
        filled, inside = Counter[int](), Counter[int]()
        for row, count in Counter(self._rows).items():
            for index, value in enumerate(row):
                if value is not None:
                    filled[index] += count
                    inside[index] += count if label_key(value) in vocabulary else 0
        return [index for index in range(len(self.columns))
                if self.reading[index] and filled[index] and inside[index] >= VOCABULARY_SHARE * filled[index]]


def annotator_reader(header: Iterable[str], columns: tuple[str, str], named: Sequence[str]) -> AnnotatorReader | None:
    """The reader for the named columns (the output column left out), else for the columns whose names look like
    annotators' (at most MAX_FOUND); None when there is none."""
    if named:
        chosen = [column for column in dict.fromkeys(named) if column != columns[1]]
        return AnnotatorReader(chosen, named=True) if chosen else None
    found = [column for column in header
             if column and column not in columns and looks_like_annotator(column, columns[1])]
    return AnnotatorReader(found[:MAX_FOUND], named=False) if found else None
