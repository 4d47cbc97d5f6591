"""Exact duplicates and conflicting answers: the two data faults that teach a model the wrong thing.

Whether two different answers to one input are a conflict is the task kind's call (advisor/task_kinds/):
for classification, extraction and tool calls they are; for open generation they are variety (shown as
information); a plain-text corpus has no inputs, so it has neither.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from advisor.profiling.checks.base import Finding, ProfileData, lines_of, with_input_keys
from advisor.profiling.pii import mask_pii
from advisor.task_kinds import kind_named

ANSWERS_SHOWN = 5


@dataclass(frozen=True, slots=True)
class ConflictGroup:
    lines: tuple[int, ...]
    answers: tuple[tuple[str, int], ...]  # distinct answers (PII masked) with how many lines give each


@dataclass(frozen=True, slots=True)
class Duplicates:
    examples: int
    exact_groups: tuple[tuple[int, ...], ...]  # lines of examples identical after normalising, size ≥ 2
    conflicts: tuple[ConflictGroup, ...]
    varied: tuple[ConflictGroup, ...] = ()  # same input, different answers, where that is variety (open generation)

    @property
    def redundant_examples(self) -> int:
        """Examples that could be dropped, keeping one of each group."""
        return sum(len(group) - 1 for group in self.exact_groups)

    def summary(self) -> dict:
        return {
            "exact_duplicate_groups": len(self.exact_groups),
            "exact_duplicate_examples": self.redundant_examples,
            "conflicting_groups": len(self.conflicts),
            "varied_answer_groups": len(self.varied),
            "exact_duplicates": [list(group) for group in self.exact_groups],
            "conflicts": [
                {"lines": list(group.lines), "answers": [{"answer": a, "count": n} for a, n in group.answers]}
                for group in self.conflicts
            ],
            "varied_answers": [
                {"lines": list(group.lines), "answers": [{"answer": a, "count": n} for a, n in group.answers]}
                for group in self.varied
            ],
        }

    def findings(self) -> tuple[Finding, ...]:
        found = []
        if self.conflicts:
            lines = tuple(line for group in self.conflicts for line in group.lines)
            found.append(Finding("high", "conflicting_answers", (("groups", len(self.conflicts)), ("examples", len(lines))), lines))
        if self.varied:
            lines = tuple(line for group in self.varied for line in group.lines)
            found.append(Finding("low", "varied_answers", (("groups", len(self.varied)), ("examples", len(lines))), lines))
        if self.exact_groups:
            lines = tuple(line for group in self.exact_groups for line in group[1:])
            found.append(Finding(
                "medium" if self.redundant_examples > 0.05 * self.examples else "low",
                "exact_duplicates",
                (("groups", len(self.exact_groups)), ("examples", self.redundant_examples)),
                lines,
            ))
        return tuple(found)


def find_duplicates(data: ProfileData, task_kind: str = "classification") -> Duplicates:
    """`task_kind` (the profile's) decides whether different answers to one input conflict."""
    # Grouped by sorting the keys (numpy): dicts of lists cost 1.2 s and 40 MB on 100k examples.
    data = with_input_keys(data)
    inputs = np.frombuffer(data.input_keys, dtype=np.int64)
    outputs = np.frombuffer(data.output_keys, dtype=np.int64)
    order = np.lexsort((outputs, inputs))  # stable: a group's members stay in file order
    inputs, outputs = inputs[order], outputs[order]
    same_input = inputs[1:] == inputs[:-1]
    exact = _runs(order, same_input & (outputs[1:] == outputs[:-1]))  # each in file order already
    conflicts = []
    # A corpus has no inputs: every document "shares" the empty input, and that says nothing.
    grouped = _runs(order, same_input) if task_kind != "corpus" else []
    for members in grouped:
        members = np.sort(members).tolist()  # by answer first in `order`: back to file order
        answers: dict[int, list[int]] = defaultdict(list)
        for index in members:
            answers[data.output_keys[index]].append(index)
        if len(answers) > 1:
            shown = sorted(answers.values(), key=len, reverse=True)[:ANSWERS_SHOWN]
            conflicts.append(ConflictGroup(
                lines_of(data, members),
                tuple((mask_pii(data.outputs[group[0]]), len(group)) for group in shown),
            ))
    exact_groups = tuple(lines_of(data, group.tolist()) for group in exact)
    if not kind_named(task_kind).answers_conflict:
        return Duplicates(data.size, exact_groups, (), tuple(conflicts))
    return Duplicates(data.size, exact_groups, tuple(conflicts))


def _runs(order: np.ndarray, same_as_next: np.ndarray) -> list[np.ndarray]:
    """Runs of two or more consecutive entries of `order` joined by `same_as_next`, in the order of
    their lowest member: the order a dict of groups filled in file order would give."""
    if not len(same_as_next):
        return []
    edges = np.diff(np.concatenate([[False], same_as_next, [False]]).astype(np.int8))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) + 1
    runs = [order[start:end] for start, end in zip(starts.tolist(), ends.tolist())]
    return sorted(runs, key=lambda run: int(run.min()))
