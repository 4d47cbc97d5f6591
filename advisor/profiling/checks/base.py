"""What every profile check shares: the texts prepared once, and the shape of a finding."""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from advisor.data.labels import label_key
from advisor.data.model import Dataset, Example
from advisor.task_kinds import answer_text

Severity = Literal["high", "medium", "low"]
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the profile wants the user to act on: what, how bad, where, and (via the code) what to do.

    `args` fill the message templates of the check that made it (its MESSAGES, gathered by
    advisor/i18n/messages.py); `lines` are the dataset lines it points at (empty: the dataset as a whole).
    """

    severity: Severity
    code: str
    args: tuple[tuple[str, str | int | float], ...] = ()
    lines: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ProfileData:
    """Texts every check needs, computed once per dataset (checks must not recompute them)."""

    dataset: Dataset
    # Numbers per example as typed arrays ("q": 8 bytes each, read back as int), not tuples of int
    # objects: 10 MB less on 100k examples.
    lines: array
    outputs: tuple[str, ...]  # the final answer (advisor/task_kinds.answer_text: a tool call as its canonical text)
    # Hashes of the normalised output, and of the normalised input (every message before the final answer, roles
    # included): equal keys mean equal texts up to case, spacing and Unicode form. Hashes, not the normalised texts,
    # keep memory at one copy of the data on 100k-example files. Only the exact-duplicate check needs the input
    # keys: None until `with_input_keys` (0.7-0.8 s on the 100k-example benchmark file, which finding the task
    # kind alone, as the baselines and the LLM plan do, need not pay).
    output_keys: array
    input_keys: array | None = None

    @property
    def size(self) -> int:
        return len(self.lines)


def normalise(text: str) -> str:
    """Case, spacing, invisible characters and Unicode composition do not make two examples different
    (one rule for every comparison: advisor/data/labels.py)."""
    return label_key(text)


def input_key_maker() -> Callable[[Example], int]:
    """A function giving an example's input key: a hash of its input messages' roles and normalised texts. Other
    texts are normalised and dropped at once, so no second copy of the data is kept; system prompts, which repeat
    in every example, are normalised once."""
    prompts: dict[str, str] = {}

    def normalised(role: str, text: str) -> str:
        if role not in ("system", "developer"):
            return normalise(text)
        found = prompts.get(text)
        if found is None:
            found = prompts[text] = normalise(text)
        return found

    def input_key(example: Example) -> int:
        return hash(tuple((message.role, normalised(message.role, message.content or ""))
                          for message in example.input_messages()))

    return input_key


def with_input_keys(data: ProfileData) -> ProfileData:
    """`data` with its input keys, made now if it has none."""
    if data.input_keys is not None:
        return data
    return replace(data, input_keys=array("q", map(input_key_maker(), data.dataset.examples)))


def prepare(dataset: Dataset) -> ProfileData:
    outputs = tuple(answer_text(example) for example in dataset.examples)
    return ProfileData(
        dataset=dataset,
        lines=array("q", (example.line for example in dataset.examples)),
        outputs=outputs,
        output_keys=array("q", (hash(normalise(text)) for text in outputs)),
    )


def lines_of(data: ProfileData, indexes: list[int] | tuple[int, ...]) -> tuple[int, ...]:
    return tuple(data.lines[index] for index in indexes)
