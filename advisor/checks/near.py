"""Inputs that are almost the same: pairs and clusters, by line (MinHash over word shingles)."""

from __future__ import annotations

from dataclasses import dataclass

from advisor.checks.base import Finding, ProfileData
from advisor.model import Example
from advisor.near_duplicates import find_near_duplicates

THRESHOLD = 0.7
PAIRS_LISTED = 1000

MESSAGES = {
    "near_duplicates": {
        "en": "{pairs} pairs of inputs are near duplicates ({clusters} clusters, {examples} examples). Check "
        "that their answers agree, and keep them on the same side of a train/validation split.",
        "pt": "{pairs} pares de entradas são quase duplicados ({clusters} grupos, {examples} exemplos). "
        "Confira se as respostas concordam e mantenha-os do mesmo lado da divisão treino/validação.",
    },
}


@dataclass(frozen=True, slots=True)
class NearDuplicatesFound:
    pairs: tuple[tuple[int, int, float], ...]  # (line, line, similarity)
    clusters: tuple[tuple[int, ...], ...]  # lines

    def summary(self) -> dict:
        return {
            "near_duplicate_pairs": len(self.pairs),
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
        return (Finding("low", "near_duplicates", args, lines),)


def user_text(example: Example) -> str:
    """What varies between examples: the input without system prompts (shared ones would look alike)."""
    return "\n".join(
        message.content or "" for message in example.input_messages() if message.role not in ("system", "developer")
    )


def find_near(data: ProfileData) -> NearDuplicatesFound:
    found = find_near_duplicates([user_text(example) for example in data.dataset.examples], THRESHOLD)
    lines = data.lines
    return NearDuplicatesFound(
        tuple((lines[pair.first], lines[pair.second], pair.similarity) for pair in found.pairs),
        tuple(tuple(lines[index] for index in cluster) for cluster in found.clusters),
    )
