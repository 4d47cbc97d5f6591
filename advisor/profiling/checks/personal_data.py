"""Personal data in the examples (e-mail, phones, CPF, CNPJ, cards, IPs): which kinds, in which lines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from advisor.data.plain_chats import ListedMessages
from advisor.profiling.checks.base import Finding, ProfileData
from advisor.profiling.pii import PII_KINDS, pii_kinds


@dataclass(frozen=True, slots=True)
class PersonalData:
    lines_by_kind: tuple[tuple[str, tuple[int, ...]], ...]  # every kind of PII_KINDS, in that order

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(sorted({line for _, lines in self.lines_by_kind for line in lines}))

    def summary(self) -> dict:
        return {
            "pii": {kind: len(lines) for kind, lines in self.lines_by_kind},
            "pii_lines": {kind: list(lines) for kind, lines in self.lines_by_kind if lines},
        }

    def findings(self) -> tuple[Finding, ...]:
        lines = self.lines
        if not lines:
            return ()
        # (kind, count) pairs, not one string: the message writes each count the reader's way (email 1.200)
        kinds = tuple((kind, len(found)) for kind, found in self.lines_by_kind if found)
        return (Finding("high", "personal_data", (("examples", len(lines)), ("kinds", kinds)), lines),)


def find_personal_data(
    data: ProfileData,
    kinds_of: Callable[[str], frozenset[str]] = pii_kinds,
    listed: ListedMessages | None = None,
) -> PersonalData:
    """`kinds_of`: `pii_kinds`, or the same answers worked out elsewhere (advisor/data/token_worker.py);
    `listed`: the plain chat examples that worker scanned, whose kinds are read from its bits as arrays."""
    found: dict[str, list[int]] = {kind: [] for kind in PII_KINDS}  # positions in the dataset
    prompts: dict[str, frozenset[str]] = {}  # system prompts repeat: scan each once
    examples = data.dataset.examples
    for position in range(len(examples)) if listed is None else listed.others(examples):
        example = examples[position]
        kinds: set[str] = set()
        for message in example.messages + example.preferred + example.rejected:
            text = message.content or ""
            if message.role in ("system", "developer"):
                if text not in prompts:
                    prompts[text] = kinds_of(text)
                kinds |= prompts[text]
            else:
                kinds |= kinds_of(text)
        for kind in kinds:
            found[kind].append(position)
    if listed is not None:
        for bit, kind in enumerate(PII_KINDS):  # the worker's bit for each kind (token_worker.text_mask)
            holding = listed.each_example(listed.content_masks >> bit & 1) > 0
            found[kind] = sorted(found[kind] + listed.positions[holding].tolist())
    lines = data.lines
    return PersonalData(tuple((kind, tuple(lines[position] for position in positions))
                              for kind, positions in found.items()))
