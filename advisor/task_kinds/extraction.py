"""Extraction (structured output): the answer is a JSON object."""

from advisor.task_kinds.base import TaskKind

KIND = TaskKind(
    name="extraction",
    answer="a JSON object (compared after normalising the text)",
    answers_conflict=True,  # the fields of one document have one right value each
    metric="field F1 over the JSON keys",
    baseline_kind="extraction",
    baseline_scores="the nearest neighbour's answer, scored field by field; it cannot read values out of the input",
    routes="every route: prompting, in-context learning, LoRA and full fine-tuning on every platform",
)
