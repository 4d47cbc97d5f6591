"""What every task kind declares (`TaskKind`); each unit of this package fills one in as its `KIND`.

Apart from the package's `__init__`, which imports the units to list them: a unit importing its type
from there would make the package and its units import each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TaskKind:
    name: str
    answer: str  # what the answer is, in words
    answers_conflict: bool  # the same input with two different answers: a fault (True) or variety (False)
    metric: str  # the metric that decides
    # The baselines' kind (advisor/baselines/metrics.py) this kind is scored as; None: nothing to score offline.
    baseline_kind: str | None
    baseline_scores: str  # what the offline baseline scores, and what it cannot
    routes: str  # which routes take such data (see FACTS.md)
