"""Task kinds: what an example's answer is, and everything that follows from it, one unit per kind.

Each module of this package describes one kind with a `KIND` (a `TaskKind`): how to read the answer
from an `Example`, whether two different answers to the same input are a conflict (for open generation
they are variety), which metric decides, which offline baseline applies and what it cannot score, and
which routes take such data. The profile, the baselines and the recommendation ask the kind here
instead of testing formats themselves (DESIGN.md, "Task kinds").
"""

from __future__ import annotations

from advisor.data.model import Example
from advisor.task_kinds.base import TaskKind


def answer_text(example: Example) -> str:
    """The answer a model should learn, as text comparable across examples: a function call when the
    final assistant turn calls tools (tool_calling's canonical form), else the reply as written."""
    from advisor.task_kinds.tool_calling import canonical_calls, final_calls

    calls = final_calls(example)
    if calls:
        return canonical_calls(calls)
    return example.final_output()


def _units() -> dict[str, TaskKind]:
    from advisor.task_kinds import classification, corpus, extraction, generation, tool_calling

    units = {unit.KIND.name: unit.KIND for unit in (classification, extraction, generation, tool_calling, corpus)}
    units["chat"] = generation.CHAT
    return units


def kind_named(name: str) -> TaskKind:
    """The unit of a kind by its name (the profile's `task_kind`)."""
    return _units()[name]


def scored_as(name: str) -> str:
    """The baselines' kind (advisor/baselines/metrics.py) the task kind `name` is scored as: its unit's
    `baseline_kind`, generation for a kind with nothing to score offline (a corpus); an unknown name as it is."""
    units = _units()
    return (units[name].baseline_kind or "generation") if name in units else name
