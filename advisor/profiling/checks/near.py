"""Inputs that are almost the same: pairs and clusters, by line (MinHash over word shingles)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from advisor.data.model import Example
from advisor.profiling.checks.base import Finding, ProfileData, normalise
from advisor.profiling.near_duplicates import connected_components, find_near_duplicates

THRESHOLD = 0.7
PAIRS_LISTED = 1000


@dataclass(frozen=True, slots=True)
class NearDuplicatesFound:
    pairs: tuple[tuple[int, int, float], ...]  # (line, line, similarity)
    clusters: tuple[tuple[int, ...], ...]  # lines
    documents: bool = False  # a plain-text corpus: whole documents were compared, not inputs
    complete: bool = True  # False: a large group of alike texts was linked, not every pair listed (at least)

    def summary(self) -> dict:
        return {
            "near_duplicate_pairs": len(self.pairs),
            "near_duplicate_pairs_complete": self.complete,
            "near_duplicate_clusters": [list(cluster) for cluster in self.clusters],
            "near_duplicates": [
                {"lines": [first, second], "similarity": round(similarity, 3)}
                for first, second, similarity in self.pairs[:PAIRS_LISTED]
            ],
        }

    def findings(self) -> tuple[Finding, ...]:
        if not self.pairs:
            return ()
        lines = tuple(line for cluster in self.clusters for line in cluster)
        args = (("pairs", len(self.pairs)), ("clusters", len(self.clusters)), ("examples", len(lines)))
        code = "near_duplicate_documents" if self.documents else "near_duplicates"
        return (Finding("low", code if self.complete else f"{code}_at_least", args, lines),)


def _user_parts(example: Example) -> list[str]:
    return [message.content or "" for message in example.input_messages() if message.role not in ("system", "developer")]


def user_text(example: Example) -> str:
    """What varies between examples: the input without system prompts (shared ones would look alike)."""
    return "\n".join(_user_parts(example))


class UserTexts(Sequence[str]):
    """`user_text` of each example. A single user turn is the message's own string, held by
    reference; several turns are joined only when asked for, so the joined strings live only while
    near_duplicates reads their slice (10 MB on 100k examples of which one in ten has two user turns)."""

    def __init__(self, examples: Sequence[Example]) -> None:
        self.examples = examples
        self.single = [parts[0] if len(parts) == 1 else None for parts in map(_user_parts, examples)]

    def __len__(self) -> int:
        return len(self.examples)

    def __getitem__(self, index):  # noqa: ANN001, ANN204 - int or slice, as Sequence
        if isinstance(index, slice):
            return list(self._texts(self.single[index], self.examples[index]))
        return self._text(range(len(self))[index])

    def __iter__(self) -> Iterator[str]:  # Sequence's own calls __getitem__ per item: 0.2 s on 100k examples
        return self._texts(self.single, self.examples)

    @staticmethod
    def _texts(single: list[str | None], examples: Sequence[Example]) -> Iterator[str]:
        return (user_text(example) if text is None else text for text, example in zip(single, examples))

    def _text(self, position: int) -> str:
        text = self.single[position]
        return user_text(self.examples[position]) if text is None else text


def find_near(data: ProfileData, task_kind: str = "classification") -> NearDuplicatesFound:
    # A plain-text corpus has no inputs: its documents themselves are compared.
    texts = data.outputs if task_kind == "corpus" else UserTexts(data.dataset.examples)
    found = find_near_duplicates(texts, THRESHOLD)
    pairs = [(pair.first, pair.second, pair.similarity) for pair in found.pairs]
    pairs = sorted(pairs + _punctuation_variants(texts, found.identical))
    lines = data.lines
    clusters = connected_components([first for first, _, _ in pairs], [second for _, second, _ in pairs])
    return NearDuplicatesFound(
        tuple((lines[first], lines[second], similarity) for first, second, similarity in pairs),
        tuple(tuple(lines[index] for index in cluster) for cluster in clusters),
        documents=task_kind == "corpus",
        complete=found.complete,
    )


def _punctuation_variants(texts: list[str], identical: tuple[tuple[int, ...], ...]) -> list[tuple[int, int, float]]:
    """Texts that differ only in punctuation: identical to MinHash (which drops punctuation), yet not
    exact duplicates (which only ignore case and spacing). Each variant pairs with the first one."""
    pairs = []
    for group in identical:
        firsts: dict[str, int] = {}
        for index in group:
            firsts.setdefault(normalise(texts[index]), index)
        variants = list(firsts.values())
        pairs.extend((variants[0], other, 1.0) for other in variants[1:])
    return pairs
