"""Plain-text corpus: documents with no input and no answer, for continued pre-training (domain adaptation)."""

from advisor.task_kinds.base import TaskKind

KIND = TaskKind(
    name="corpus",
    answer="the document itself (there is no input, so there is no answer to get right)",
    answers_conflict=False,  # no inputs: two documents never answer the same question
    metric="held-out perplexity of the adapted model (no offline baseline measures it)",
    baseline_kind=None,
    baseline_scores="nothing: an offline baseline predicts an answer from an input, and a corpus has neither",
    # FACTS.md §6 (Biderman et al., 2024, "LoRA Learns Less and Forgets Less"): full fine-tuning wins on large
    # continued-pre-training corpora, LoRA forgets less. FACTS.md §3: Together takes a general `text` format.
    routes="domain adaptation: continued pre-training with LoRA or full fine-tuning (self-hosted, or Together's "
    "`text` format); not prompting or in-context learning, which have no answers to show",
)
