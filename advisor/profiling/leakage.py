"""Validation examples that also appear in training, exactly or nearly: a score on them measures memory."""

from __future__ import annotations

from dataclasses import dataclass

from advisor.data.model import Dataset
from advisor.profiling.checks.base import Finding
from advisor.profiling.checks.near import THRESHOLD, user_text
from advisor.profiling.near_duplicates import find_cross_matches, normalize


@dataclass(frozen=True, slots=True)
class Leakage:
    # (validation line, a training line with the same input up to case, spacing and punctuation)
    exact: tuple[tuple[int, int], ...]
    near: tuple[tuple[int, int, float], ...]  # (validation line, training line, similarity)

    @property
    def nearly_repeated(self) -> int:
        """Validation examples that nearly repeat training: one templated example may match thousands of lines."""
        return len({line for line, *_ in self.near})

    def summary(self) -> dict:
        return {
            "leakage": {"exact": len(self.exact), "near": self.nearly_repeated},
            "leakage_exact": [{"validation_line": v, "train_line": t} for v, t in self.exact],
            "leakage_near": [
                {"validation_line": v, "train_line": t, "similarity": round(s, 3)} for v, t, s in self.near
            ],
        }

    def findings(self) -> tuple[Finding, ...]:
        if not (self.exact or self.near):
            return ()
        lines = tuple(sorted({line for line, *_ in self.exact + self.near}))
        return (Finding("high", "leakage", (("exact", len(self.exact)), ("near", self.nearly_repeated)), lines),)


def find_leakage(train: Dataset, validation: Dataset, threshold: float = THRESHOLD) -> Leakage:
    train_texts = [user_text(example) for example in train.examples]
    first_line: dict[str, int] = {}
    for example, text in zip(train.examples, train_texts):
        first_line.setdefault(normalize(text), example.line)
    exact, rest = [], []
    for index, example in enumerate(validation.examples):
        line = first_line.get(normalize(user_text(example)))
        if line is None:
            rest.append(index)
        else:
            exact.append((example.line, line))
    candidates = [user_text(validation.examples[index]) for index in rest]
    near = tuple(
        (validation.examples[rest[candidate]].line, train.examples[reference].line, similarity)
        for candidate, reference, similarity in find_cross_matches(train_texts, candidates, threshold)
    )
    return Leakage(tuple(exact), near)
