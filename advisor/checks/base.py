"""What every profile check shares: the texts prepared once, and the shape of a finding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from advisor.model import Dataset, Example
from advisor.tokens import TokenCounter, TokenSummary

Severity = Literal["high", "medium", "low"]
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the profile wants the user to act on: what, how bad, where, and (via the code) what to do.

    `args` fill the message templates of the check that made it (its MESSAGES, gathered by
    advisor/messages.py); `lines` are the dataset lines it points at (empty: the dataset as a whole).
    """

    severity: Severity
    code: str
    args: tuple[tuple[str, str | int | float], ...] = ()
    lines: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ProfileData:
    """Texts every check needs, computed once per dataset (checks must not recompute them)."""

    dataset: Dataset
    tokens: TokenSummary
    counts: TokenCounter  # the memo `tokens` was counted with: re-counting a text is a dict hit
    lines: tuple[int, ...]
    inputs: tuple[str, ...]  # everything before the final answer, one "role: text" per message
    outputs: tuple[str, ...]  # the final answer (preferred reply for preference data)
    input_keys: tuple[str, ...]  # normalised: case-folded, whitespace collapsed
    output_keys: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.lines)


def normalise(text: str) -> str:
    """Case and whitespace do not make two examples different."""
    return _SPACES.sub(" ", text).strip().casefold()


def input_text(example: Example) -> str:
    return "\n".join(f"{message.role}: {message.content or ''}" for message in example.input_messages())


def prepare(dataset: Dataset, tokens: TokenSummary, counts: TokenCounter) -> ProfileData:
    inputs = tuple(input_text(example) for example in dataset.examples)
    outputs = tuple(example.final_output() for example in dataset.examples)
    return ProfileData(
        dataset=dataset,
        tokens=tokens,
        counts=counts,
        lines=tuple(example.line for example in dataset.examples),
        inputs=inputs,
        outputs=outputs,
        input_keys=tuple(normalise(text) for text in inputs),
        output_keys=tuple(normalise(text) for text in outputs),
    )


def lines_of(data: ProfileData, indexes: list[int] | tuple[int, ...]) -> tuple[int, ...]:
    return tuple(data.lines[index] for index in indexes)
