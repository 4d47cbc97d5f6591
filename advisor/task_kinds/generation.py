"""Open generation and multi-turn chat: the answer is free text, and several answers can all be right."""

from advisor.task_kinds.base import TaskKind

KIND = TaskKind(
    name="generation",
    answer="free text",
    answers_conflict=False,  # "write a sentence using the word …" has many right answers: variety, not a fault
    metric="chrF against the reference answer",
    baseline_kind="generation",
    baseline_scores="the nearest neighbour's answer, scored by overlap with the reference; it cannot judge quality",
    routes="every route: prompting, in-context learning, LoRA and full fine-tuning on every platform",
)

CHAT = TaskKind(
    name="chat",
    answer="the last assistant turn of a conversation",
    answers_conflict=False,
    metric=KIND.metric,
    baseline_kind="chat",
    baseline_scores=KIND.baseline_scores,
    routes=KIND.routes,
)
