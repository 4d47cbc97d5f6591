"""Preference (DPO) pairs: does each pair carry a signal, and is that signal more than "longer wins"?

A pair teaches only through the difference between its chosen and rejected reply. Identical sides
teach nothing; the same prompt with the sides swapped teaches both ways; and when the chosen reply is
nearly always the longer one, a preference-trained model can learn length instead of quality (length
correlations in RLHF: Singhal et al. 2023, "A Long Way to Go"; in DPO: Park et al. 2024,
"Disentangling Length from Quality in Direct Preference Optimization").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from advisor.data.model import Message
from advisor.data.tokens import TokenCounter
from advisor.profiling.checks.base import Finding, ProfileData, normalise
from advisor.profiling.checks.sizes import Distribution

# The rule: flag when the chosen reply is longer (in tokens) in more than this share of the pairs
# whose sides differ in length, once there are enough of them for a share to mean something.
LENGTH_SHORTCUT_SHARE = 0.80
LENGTH_SHORTCUT_MIN_PAIRS = 10


@dataclass(frozen=True, slots=True)
class PreferencePairs:
    pairs: int
    identical: tuple[int, ...]  # lines whose two replies are the same text after normalising
    reversed: tuple[int, ...]  # lines of pairs whose swapped twin (same prompt) is also in the file
    compared: int  # pairs whose two replies differ (after normalising) and differ in token length
    chosen_longer: int  # of those, the ones whose chosen reply has more tokens
    duplicate_groups: tuple[tuple[int, ...], ...]  # lines of identical pairs, groups of 2 or more
    chosen_tokens: Distribution  # content tokens of the chosen reply, per pair
    rejected_tokens: Distribution

    @property
    def chosen_longer_share(self) -> float:
        return self.chosen_longer / self.compared if self.compared else 0.0

    @property
    def length_shortcut(self) -> bool:
        return self.compared >= LENGTH_SHORTCUT_MIN_PAIRS and self.chosen_longer_share > LENGTH_SHORTCUT_SHARE

    def summary(self) -> dict:
        return {
            "preference_pairs": {
                "pairs": self.pairs,
                "identical": list(self.identical),
                "reversed": list(self.reversed),
                "compared": self.compared,
                "chosen_longer": self.chosen_longer,
                "chosen_longer_share": round(self.chosen_longer_share, 4),
                "length_shortcut_rule": f"chosen longer in more than {LENGTH_SHORTCUT_SHARE:.0%} of at least "
                f"{LENGTH_SHORTCUT_MIN_PAIRS} pairs whose replies differ in length",
                "duplicate_groups": [list(group) for group in self.duplicate_groups],
                "chosen_tokens": self.chosen_tokens.as_dict(),
                "rejected_tokens": self.rejected_tokens.as_dict(),
            }
        }

    def findings(self) -> tuple[Finding, ...]:
        found = []
        if self.identical:
            found.append(Finding("high", "preference_identical", (("count", len(self.identical)),), self.identical))
        if self.reversed:
            found.append(Finding("high", "preference_reversed", (("count", len(self.reversed)),), self.reversed))
        if self.length_shortcut:
            found.append(Finding("medium", "preference_length_shortcut", (
                ("longer", self.chosen_longer), ("compared", self.compared),
                ("share", f"{100 * self.chosen_longer_share:.1f}"), ("threshold", f"{100 * LENGTH_SHORTCUT_SHARE:.0f}"),
            )))
        if self.duplicate_groups:
            copies = sum(len(group) - 1 for group in self.duplicate_groups)
            found.append(Finding(
                "medium" if copies > 0.05 * self.pairs else "low", "preference_duplicates",
                (("examples", copies), ("groups", len(self.duplicate_groups))),
                tuple(line for group in self.duplicate_groups for line in group[1:]),
            ))
        return tuple(found)


def measure_pairs(data: ProfileData, counts: TokenCounter) -> PreferencePairs | None:
    """The pairs' checks, or None when the data holds no preference pair. `counts` is the token memo the
    dataset was counted with (both replies are in it already)."""
    identical, chosen_tokens, rejected_tokens = [], [], []
    compared = chosen_longer = 0
    groups: dict[int, list[int]] = defaultdict(list)
    by_sides: dict[tuple[int, int, int], int] = {}
    for example in data.dataset.examples:
        if not example.is_preference:
            continue
        chosen, rejected = _side_text(example.preferred), _side_text(example.rejected)
        prompt = hash(tuple((message.role, normalise(message.content or "")) for message in example.messages))
        chosen_key, rejected_key = hash(normalise(chosen)), hash(normalise(rejected))
        if chosen_key == rejected_key:
            identical.append(example.line)
        groups[hash((prompt, chosen_key, rejected_key))].append(example.line)
        by_sides.setdefault((prompt, chosen_key, rejected_key), example.line)
        chosen_count = sum(counts[message.content or ""] for message in example.preferred)
        rejected_count = sum(counts[message.content or ""] for message in example.rejected)
        chosen_tokens.append(chosen_count)
        rejected_tokens.append(rejected_count)
        if chosen_count != rejected_count and chosen_key != rejected_key:  # identical sides tell nothing
            compared += 1
            chosen_longer += chosen_count > rejected_count
    if not chosen_tokens:
        return None
    reversed_lines = sorted(
        line for (prompt, chosen, rejected), line in by_sides.items()
        if chosen != rejected and (prompt, rejected, chosen) in by_sides
    )
    return PreferencePairs(
        pairs=len(chosen_tokens),
        identical=tuple(identical),
        reversed=tuple(reversed_lines),
        compared=compared,
        chosen_longer=chosen_longer,
        duplicate_groups=tuple(tuple(lines) for lines in groups.values() if len(lines) > 1),
        chosen_tokens=Distribution.of(chosen_tokens),
        rejected_tokens=Distribution.of(rejected_tokens),
    )


def _side_text(messages: tuple[Message, ...]) -> str:
    """One reply as one text: its messages' contents and tool calls, in order."""
    parts = []
    for message in messages:
        parts.append(message.content or "")
        parts.extend(f"{call.name}({call.arguments})" for call in message.tool_calls)
    return "\n".join(parts)
