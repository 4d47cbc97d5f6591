"""Classification: the answer is a label from a short list."""

from advisor.task_kinds.base import TaskKind

KIND = TaskKind(
    name="classification",
    answer="a label (the reply, normalised for case, spacing and Unicode form)",
    answers_conflict=True,  # one input, one right label
    metric="accuracy; macro-F1 when labels are skewed",
    baseline_kind="classification",
    baseline_scores="majority class, TF-IDF logistic regression and nearest neighbour score the label itself",
    routes="every route: prompting, in-context learning, LoRA and full fine-tuning on every platform",
)
