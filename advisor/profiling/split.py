"""A train/validation split that is stratified, deterministic for a seed, and leak-free.

Examples that share an input — exact duplicates, conflicting answers, near duplicates — form one
unit and always land on the same side. Classification data is stratified by label. The validation
side is capped the way OpenAI's legacy tool did (FACTS §2): at most 1,000 examples and at least
80 % of the data for training.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.data.model import Dataset
from advisor.profiling.checks.near import THRESHOLD, user_text
from advisor.profiling.near_duplicates import connected_components, find_near_duplicates

MAX_VALIDATION = 1000
_HAS_WORD = re.compile(r"[^\W_]")  # near_duplicates' notion of a word character
MAX_VALIDATION_SHARE = 0.2


@dataclass(frozen=True, slots=True)
class Split:
    train: tuple[int, ...]  # indexes into dataset.examples, in file order
    validation: tuple[int, ...]
    stratified_by_label: bool
    units: int  # groups of examples kept together

    @property
    def sizes(self) -> tuple[int, int]:
        return len(self.train), len(self.validation)


def validation_target(examples: int, share: float) -> int:
    return max(0, min(round(examples * share), MAX_VALIDATION, int(examples * MAX_VALIDATION_SHARE)))


def split_dataset(
    dataset: Dataset,
    validation_share: float = 0.1,
    seed: int = 0,
    labels: tuple[str, ...] | None = None,
    near_threshold: float = THRESHOLD,
    units: Sequence[Sequence[int]] | None = None,
) -> Split:
    """Split `dataset`; pass `labels` (one per example, e.g. normalised outputs) to stratify by them, and `units`
    when `input_units(dataset, near_threshold)` is already known."""
    if not 0 <= validation_share < 1:
        raise ValueError("validation_share must be in [0, 1)")
    size = dataset.examples_kept
    units = input_units(dataset, near_threshold) if units is None else units
    strata: dict[str, list[list[int]]] = defaultdict(list)
    for unit in units:
        label = Counter(labels[index] for index in unit).most_common(1)[0][0] if labels else ""
        strata[label].append(unit)
    target = validation_target(size, validation_share)
    quotas = _quotas({label: sum(map(len, members)) for label, members in strata.items()}, target)
    rng = random.Random(seed)
    validation: list[int] = []
    for label in sorted(strata):
        members = strata[label]
        rng.shuffle(members)
        taken = 0
        for unit in members:  # greedy: a unit that would overshoot the quota is skipped, not split
            if taken + len(unit) <= quotas[label]:
                validation.extend(unit)
                taken += len(unit)
    chosen = set(validation)
    return Split(
        train=tuple(index for index in range(size) if index not in chosen),
        validation=tuple(sorted(chosen)),
        stratified_by_label=labels is not None,
        units=len(units),
    )


def input_units(dataset: Dataset, near_threshold: float) -> list[list[int]]:
    """Connected groups of examples sharing an input (up to case, spacing and punctuation) or nearly."""
    texts = [user_text(example) for example in dataset.examples]
    found = find_near_duplicates(texts, near_threshold)
    wordless = [index for index, text in enumerate(texts) if not _HAS_WORD.search(text)]  # all alike: empty
    groups = [*found.identical, wordless]
    first = [pair.first for pair in found.pairs] + [group[0] for group in groups for _ in group[1:]]
    second = [pair.second for pair in found.pairs] + [index for group in groups for index in group[1:]]
    joined = connected_components(first, second)
    grouped = {index for unit in joined for index in unit}
    units = [list(unit) for unit in joined] + [[index] for index in range(len(texts)) if index not in grouped]
    return sorted(units, key=lambda unit: unit[0])


def _quotas(stratum_sizes: dict[str, int], target: int) -> dict[str, int]:
    """Validation examples per stratum, proportional, summing to `target` (largest remainder).

    Every stratum keeps at least one example in training: a label never seen there cannot be learned.
    """
    total = sum(stratum_sizes.values())
    if total == 0 or target == 0:
        return {label: 0 for label in stratum_sizes}
    exact = {label: target * count / total for label, count in stratum_sizes.items()}
    quotas = {label: int(share) for label, share in exact.items()}
    for label in sorted(exact, key=lambda label: (quotas[label] - exact[label], label))[: target - sum(quotas.values())]:
        quotas[label] += 1
    return {label: min(quota, stratum_sizes[label] - 1) for label, quota in quotas.items()}
