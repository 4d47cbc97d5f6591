"""How big the data is: examples, turns, characters, tokens per role, and what each model's limit cuts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from advisor.data.model import PLAIN
from advisor.data.plain_chats import ListedMessages
from advisor.data.tokens import TokenCounter, TokenSummary, nearest_rank
from advisor.profiling.checks.base import ProfileData
from advisor.profiling.validate import load_platform_rules


@dataclass(frozen=True, slots=True)
class Distribution:
    p50: int
    p95: int
    max: int
    total: int

    @classmethod
    def of(cls, values: list[int]) -> "Distribution":
        ordered = sorted(values)
        return cls(nearest_rank(ordered, 50), nearest_rank(ordered, 95), ordered[-1] if ordered else 0, sum(ordered))

    def as_dict(self) -> dict:
        return {"p50": self.p50, "p95": self.p95, "max": self.max, "total": self.total}


@dataclass(frozen=True, slots=True)
class Sizes:
    examples: int
    turns: Distribution  # messages per example
    characters: Distribution
    # role → content tokens, tool calls included (no chat wrapper), per example that has the role
    tokens_by_role: tuple[tuple[str, Distribution], ...]
    # (model prefix, limit, lines over it) for every OpenAI limit; validate.py reports the chosen model's
    over_limit: tuple[tuple[str, int, tuple[int, ...]], ...]
    training_tokens_per_epoch: int  # Σ min(limit of the chosen model, example tokens)

    def summary(self) -> dict:
        return {
            "sizes": {
                "examples": self.examples,
                "turns": self.turns.as_dict(),
                "characters": self.characters.as_dict(),
                "tokens_by_role": {role: dist.as_dict() for role, dist in self.tokens_by_role},
                "over_limit": [
                    {"model": model, "limit": limit, "examples": len(lines), "lines": list(lines)}
                    for model, limit, lines in self.over_limit
                ],
                "training_tokens_per_epoch": self.training_tokens_per_epoch,
            }
        }


@dataclass(frozen=True, slots=True)
class Shape:
    """The sizes that need no token count: measured while the tokens are counted (advisor/analysis.py)."""

    turns: Distribution
    characters: Distribution


def measure_shape(data: ProfileData) -> Shape:
    turns = [len(example.messages) for example in data.dataset.examples]
    characters = [sum(len(message.content or "") for message in example.messages + example.preferred)
                  for example in data.dataset.examples]
    return Shape(Distribution.of(turns), Distribution.of(characters))


def _plain_chat_tokens_by_role(listed: ListedMessages) -> Iterator[tuple[str, list[int]]]:
    """Per role, the content tokens of each plain chat example that has the role (the loop below, as arrays). One
    pass over the messages per role: a line with a role outside the few known ones is rejected
    (advisor/data/formats.py)."""
    for code, role in enumerate(listed.role_names):
        of_role = listed.roles == code
        present = listed.each_example(of_role) > 0
        yield role, listed.each_example(listed.content_tokens * of_role)[present].tolist()


def measure_sizes(
    data: ProfileData,
    tokens: TokenSummary,
    counts: TokenCounter,
    shape: Shape | None = None,
    listed: ListedMessages | None = None,
) -> Sizes:
    """`counts` is the memo `tokens` was counted with, so tokens per role cost dict look-ups only; `shape`:
    `measure_shape(data)`, measured before; `listed`: the plain chat examples the token worker counted, whose
    tokens per role are summed as arrays."""
    shape = shape or measure_shape(data)
    by_role: dict[str, list[int]] = defaultdict(list)
    examples = data.dataset.examples
    for position in range(len(examples)) if listed is None else listed.others(examples):
        per_role: dict[str, int] = {}
        for message in examples[position].messages + examples[position].preferred:
            role_tokens = counts[message.content or ""]
            # A tool call is the assistant's answer: its name and arguments are output tokens like any reply.
            if message.details is not PLAIN:
                role_tokens += sum(counts[call.name] + counts[call.arguments] for call in message.tool_calls)
            per_role[message.role] = per_role.get(message.role, 0) + role_tokens
        for role, role_tokens in per_role.items():
            by_role[role].append(role_tokens)
    if listed is not None:
        for role, values in _plain_chat_tokens_by_role(listed):
            by_role[role].extend(values)
    totals = [item.total for item in tokens.per_example]
    openai = load_platform_rules().get("openai")
    rows = sorted(openai.token_limits, key=lambda row: -row.tokens)
    # Only the examples over the smallest limit can be over any: one pass over all, then over those.
    longest = [(line, total) for line, total in zip(data.lines, totals) if total > rows[-1].tokens] if rows else []
    over_limit = tuple(
        (row.model, row.tokens, tuple(line for line, total in longest if total > row.tokens)) for row in rows
    )
    limit_row, _ = openai.token_limit(tokens.model)
    limit = limit_row.tokens if limit_row else max(totals, default=0)
    return Sizes(
        examples=data.size,
        turns=shape.turns,
        characters=shape.characters,
        tokens_by_role=tuple((role, Distribution.of(values)) for role, values in sorted(by_role.items())),
        over_limit=over_limit,
        training_tokens_per_epoch=sum(min(limit, total) for total in totals),
    )
