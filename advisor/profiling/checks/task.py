"""What kind of task the data describes, with the evidence, and the label balance of classification data.

Rules (OpenAI's legacy validator called a task classification when distinct completions were fewer
than examples/3 — FACTS §2; the other thresholds are this project's and are stated in the evidence):
- corpus: most examples are plain text documents (`{"text": …}`: no input, no answer);
- tool_calling: most examples' final assistant turn calls a tool (its answer is the call);
- chat: most examples have more than one assistant turn;
- extraction: most outputs are JSON objects/arrays;
- classification: distinct outputs ≤ examples/3, outputs short (p95 ≤ MAX_LABEL_WORDS words) and the median
  answer given by at least MIN_MEDIAN_PER_LABEL examples (more labels than examples per label is lookup or
  generation: nothing to learn a label from);
- generation: anything else.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from advisor.baselines.metrics import SKEW_RATIO
from advisor.data.tokens import nearest_rank
from advisor.profiling.checks.base import Finding, ProfileData
from advisor.profiling.checks.output_format import OutputFormat
from advisor.task_kinds import kind_named
from advisor.task_kinds.tool_calling import final_calls

MAX_LABEL_WORDS = 5
MULTI_TURN_SHARE = 0.5
TOOL_CALL_SHARE = 0.5  # this project's: most answers are calls
CORPUS_SHARE = 0.5  # this project's: most records are plain documents
JSON_SHARE = 0.8
MIN_TO_LEARN = 10  # OpenAI's minimum for a whole file (FACTS §2), used here as a floor per label
MIN_TO_EVALUATE = 2  # one for training, one for validation
MIN_MEDIAN_PER_LABEL = 2  # this project's: below it most answers are given once
IMBALANCE_WARN = 10.0
# Imbalance is rated by the ratio AND by the rarest label's examples: past SKEW_RATIO (3:1, where the primary metric
# turns to macro-F1: advisor/baselines/metrics.py) it is reported; each of "ratio ≥ IMBALANCE_WARN" and "rarest label
# under RARE_LABEL_EXAMPLES" raises it a level. Under 250 examples a 20 % validation split holds under 50 of the
# label, and its recall's 95 % interval is then about ±14 points wide (1.96·√(0.25/50)).
RARE_LABEL_EXAMPLES = 250
LABELS_SHOWN = 50


@dataclass(frozen=True, slots=True)
class Task:
    kind: str  # classification | extraction | generation | chat | tool_calling | corpus (advisor/task_kinds/)
    evidence: tuple[tuple[str, str | int | float], ...]
    labels: tuple[tuple[str, int], ...]  # classification only: label → count, most frequent first
    label_lines: tuple[tuple[str, tuple[int, ...]], ...] = ()  # lines of each rare label

    @property
    def imbalance_ratio(self) -> float | None:
        if len(self.labels) < 2:
            return None
        return self.labels[0][1] / self.labels[-1][1]

    def summary(self) -> dict:
        unit = kind_named(self.kind)
        summary: dict = {"task_kind": self.kind, "task_evidence": dict(self.evidence), "task_kind_facts": {
            "answer": unit.answer, "different_answers_conflict": unit.answers_conflict, "metric": unit.metric,
            "offline_baseline": unit.baseline_scores, "routes": unit.routes}}
        if self.kind == "classification":
            summary["labels"] = dict(self.labels)
            summary["label_imbalance_ratio"] = None if self.imbalance_ratio is None else round(self.imbalance_ratio, 2)
        return summary

    def findings(self) -> tuple[Finding, ...]:
        if self.kind != "classification":
            return ()
        found = []
        rare = [(label, count) for label, count in self.labels if count < MIN_TO_LEARN]
        rare_lines = dict(self.label_lines)
        if rare:
            found.append(Finding(
                "medium", "rare_labels",
                (("labels", len(rare)), ("minimum", MIN_TO_LEARN), ("examples", _label_list(rare))),
                tuple(line for label, _ in rare for line in rare_lines.get(label, ())),
            ))
        single = [(label, count) for label, count in self.labels if count < MIN_TO_EVALUATE]
        if single:
            found.append(Finding(
                "medium", "unevaluable_labels", (("labels", len(single)), ("examples", _label_list(single))),
                tuple(line for label, _ in single for line in rare_lines.get(label, ())),
            ))
        ratio = self.imbalance_ratio
        if ratio is not None and ratio > SKEW_RATIO:
            level = (ratio >= IMBALANCE_WARN) + (self.labels[-1][1] < RARE_LABEL_EXAMPLES)
            found.append(Finding(
                ("low", "medium", "high")[level], "label_imbalance",
                (("ratio", round(ratio, 1)), ("most", self.labels[0][1]), ("least", self.labels[-1][1])),
            ))
        return tuple(found)


def _label_list(labels: list[tuple[str, int]], shown: int = 6) -> str:
    listed = ", ".join(f"{label!r}: {count}" for label, count in labels[:shown])
    return listed + (", …" if len(labels) > shown else "")


def infer_task(data: ProfileData, output_format: OutputFormat) -> Task:
    examples = data.dataset.examples
    size = len(examples)
    if size == 0:
        return Task("generation", (("examples", 0),), ())
    multi_turn = sum(
        1 for example in examples if sum(message.role == "assistant" for message in example.messages) > 1
    )
    # Distinct answers counted in numpy: a Counter of 100k mostly-unique keys holds 10 MB for nothing.
    per_output = np.unique(np.frombuffer(data.output_keys, dtype=np.int64), return_counts=True)[1]
    distinct_outputs = len(per_output)
    median_per_output = float(np.median(per_output))
    words = sorted(len(output.split()) for output in data.outputs)
    p95_words = nearest_rank(words, 95)
    evidence: list[tuple[str, str | int | float]] = [
        ("examples", size),
        ("multi_turn_examples", multi_turn),
        ("distinct_outputs", distinct_outputs),
        ("output_words_p95", p95_words),
        ("median_examples_per_output", median_per_output),
        ("json_output_share", round(output_format.json_share, 3)),
    ]
    documents = sum(1 for example in examples if example.format == "text")
    tool_calls = sum(1 for example in examples if final_calls(example))
    evidence += [("plain_text_documents", documents), ("tool_call_answers", tool_calls)]
    if documents > CORPUS_SHARE * size:
        return Task("corpus", tuple(evidence), ())
    if tool_calls > TOOL_CALL_SHARE * size:
        return Task("tool_calling", tuple(evidence), ())
    if multi_turn > MULTI_TURN_SHARE * size:
        return Task("chat", tuple(evidence), ())
    if output_format.json_share >= JSON_SHARE:
        return Task("extraction", tuple(evidence), ())
    if distinct_outputs <= size / 3 and p95_words <= MAX_LABEL_WORDS and median_per_output >= MIN_MEDIAN_PER_LABEL:
        distinct = Counter(data.output_keys)
        # Labels are shown as written most often (normalising only groups "Positivo" and "positivo ").
        spelled: dict[int, Counter] = {}
        line_sets: dict[int, list[int]] = {}
        for output, key, line in zip(data.outputs, data.output_keys, data.lines):
            spelled.setdefault(key, Counter())[output.strip()] += 1
            line_sets.setdefault(key, []).append(line)
        labels = tuple((spelled[key].most_common(1)[0][0], count) for key, count in distinct.most_common())
        rare = tuple(
            (spelled[key].most_common(1)[0][0], tuple(line_sets[key])) for key, count in distinct.items() if count < MIN_TO_LEARN
        )
        return Task("classification", tuple(evidence), labels, rare)
    return Task("generation", tuple(evidence), ())
