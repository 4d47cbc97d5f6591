"""The data a few-shot run and its judge share: the task, the planned calls, the scored answers.

`advisor.baselines.llm` makes and scores the calls; `advisor.baselines.judge` grades the answers. Both read
these types, so they live apart from either (the judge needs the plan, not the runner).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from advisor.baselines.budget import CallEstimate
from advisor.baselines.client import ChatRequest


@dataclass(frozen=True, slots=True)
class Strategy:
    name: str  # zero_shot | random | retrieved
    shots: int


@dataclass(frozen=True, slots=True)
class TaskSpec:
    kind: str  # classification | extraction | generation | chat
    instructions: str  # what the user said the task is, or the default for the kind
    labels: tuple[str, ...] = ()  # classification: labels as written most often, most frequent first
    described_by_user: bool = False
    label_descriptions: tuple[tuple[str, str], ...] = ()  # (label as in `labels`, what it means), user's words

    def system_prompt(self) -> str:
        if self.kind != "classification" or not self.labels:
            return self.instructions
        meaning = dict(self.label_descriptions)
        if not meaning:
            listed = "\n".join(f"- {label}" for label in self.labels)
            return f"{self.instructions}\n\nAnswer with exactly one of these labels, and nothing else:\n{listed}"
        listed = "\n".join(f"- {label}: {meaning[label]}" if label in meaning else f"- {label}"
                            for label in self.labels)
        return (f"{self.instructions}\n\nAnswer with exactly one of these labels, and nothing else (what each label "
                f"means follows its colon; answer with the label only):\n{listed}")


@dataclass(frozen=True, slots=True)
class PlannedCall:
    strategy: Strategy
    example: int  # index into dataset.examples (a held-out example)
    demonstrations: tuple[int, ...]  # indexes into dataset.examples (training side)
    request: ChatRequest
    reference: str  # the expected answer (classification: the label as spelled in TaskSpec.labels)


@dataclass(frozen=True, slots=True)
class LlmPlan:
    task: TaskSpec
    model: str
    strategies: tuple[Strategy, ...]
    train: tuple[int, ...]
    evaluated: tuple[int, ...]  # the held-out sample, in evaluation order
    calls: tuple[PlannedCall, ...]
    max_tokens: int
    tokens_exact: bool  # False: counted with an approximate tokenizer for this model
    seed: int

    def call_estimates(self, cached: Sequence[bool] | None = None) -> list[CallEstimate]:
        flags = cached or [False] * len(self.calls)
        return [replace(call.request.estimate, cached=flag) for call, flag in zip(self.calls, flags, strict=True)]


@dataclass(frozen=True, slots=True)
class Answer:
    """One evaluated call as scored: what was expected, what came back, what it was read as."""

    strategy: str
    example: int
    reference: str
    answer: str | None  # None: failed or not made
    prediction: str | None  # the parsed label / cleaned answer that was scored
    status: str
    error: str | None = None
