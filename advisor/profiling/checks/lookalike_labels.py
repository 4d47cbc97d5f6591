"""Labels that look like another label but are written with other letters: a reader sees one, a model learns two.

Labels are compared with `advisor.data.labels.label_key`, so case, spacing, invisible characters, full-width
letters and the NFC/NFD form of accents already make no difference. What remains and still looks the
same is listed here, never merged: letters of another script inside a word (`positіve` with a
Cyrillic `і`), and — as a milder finding — labels that differ only in accents (`negacao`/`negação`).
Each look-alike is named beside the label it imitates: the one written in a single script with the
most lines.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from advisor.data.labels import lookalike_of, script_of, skeleton
from advisor.profiling.checks.base import Finding, ProfileData, normalise
from advisor.profiling.checks.task import Task


@dataclass(frozen=True, slots=True)
class LookalikeLabel:
    label: str  # as written most often
    like: str  # the label it imitates, as written most often
    kind: str  # "script" | "accents"
    script: str  # the other script ("Cyrillic"); "" for accents
    letters: str  # the letters that differ, as written in `label`
    lines: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class LookalikeLabels:
    found: tuple[LookalikeLabel, ...]

    def summary(self) -> dict:
        return {"lookalike_labels": [{"label": item.label, "like": item.like, "kind": item.kind,
                                      "letters": item.letters, "lines": len(item.lines)} for item in self.found]}

    def findings(self) -> tuple[Finding, ...]:
        found = []
        for item in self.found:
            args = (("label", item.label), ("like", item.like), ("lines", len(item.lines)))
            if item.kind == "script":
                found.append(Finding("medium", "lookalike_label",
                                     (*args, ("script", item.script), ("letters", item.letters)), item.lines))
            else:
                found.append(Finding("low", "accent_variant_label", args, item.lines))
        return tuple(found)


def find_lookalike_labels(data: ProfileData, task: Task) -> LookalikeLabels:
    """Classification labels sharing a skeleton (`advisor.data.labels.skeleton`) but not a key."""
    if task.kind != "classification" or len(task.labels) < 2:
        return LookalikeLabels(())
    groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for label, count in task.labels:  # most frequent first
        groups[skeleton(label)].append((label, count))
    pairs = []
    for members in groups.values():
        if len(members) < 2:
            continue
        # The label imitated: written in one script, most lines (the first, as `task.labels` is sorted).
        like = next((label for label, _ in members if _single_script(label)), members[0][0])
        for label, _ in members:
            difference = lookalike_of(label, like) if label != like else None
            if difference is not None:
                pairs.append((label, like, difference))
    if not pairs:
        return LookalikeLabels(())
    wanted = {hash(normalise(label)): label for label, _, _ in pairs}
    lines: dict[str, list[int]] = defaultdict(list)
    for key, line in zip(data.output_keys, data.lines):
        if key in wanted:
            lines[wanted[key]].append(line)
    return LookalikeLabels(tuple(
        LookalikeLabel(label, like, difference.kind, difference.script, difference.letters, tuple(lines[label]))
        for label, like, difference in pairs
    ))


def _single_script(label: str) -> bool:
    return len({script_of(char) for char in label} - {None}) <= 1
