"""How often a table's annotators agree on the same items, and the ceiling that puts on any option's score.

The output column is the first annotator; the others are the annotator columns the loader read
(advisor/data/annotators.py). Labels are compared with `advisor.data.labels.label_key`; an empty cell is no rating.
Only items rated by two or more annotators say anything about agreement; the rest are left out.

- agreement: per item, the share of pairs of its annotators that gave the same label, averaged over the items
  (Fleiss 1971's P̄); with two annotators, the share of items on which they agree.
- kappa: agreement corrected for chance. Two annotators: Cohen's kappa (Cohen 1960; scikit-learn's
  `cohen_kappa_score`). Three or more: Fleiss' kappa (Fleiss 1971, "Measuring nominal scale agreement among
  many raters", Psychological Bulletin 76(5)), computed with each item's own number of ratings when cells are
  empty — with a constant number it is exactly Fleiss's formula (tests/test_agreement.py checks Wikipedia's
  worked example, kappa ≈ 0.210). Undefined (None) when one label is all anyone used.
- band: Landis & Koch (1977, "The measurement of observer agreement for categorical data", Biometrics 33):
  below 0 poor, to 0.20 slight, 0.40 fair, 0.60 moderate, 0.80 substantial, above almost perfect.
- ceiling: on the items the output column shares with another annotator, how often the other annotators'
  majority label is the output column's label (a tie among k labels counts 1/k when the output label is one of
  them). It is the accuracy, against the output column, of a model that answers what the other annotators
  would: Gale, Church & Yarowsky (1992, "Estimating upper and lower bounds on the performance of word-sense
  disambiguation programs", ACL) bound a system by the agreement of judges with the reference. A model may
  sometimes exceed it by learning the reference annotator's habits; no option should be promised more.
  `ceiling_macro_f1` is the same predictor scored by macro-F1 (a tie among k labels is k predictions of weight
  1/k), for data whose score is macro-F1 (advisor/baselines/metrics.py `primary_metric`).
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.data.labels import label_key
from advisor.i18n import section
from advisor.profiling.checks.base import Finding, ProfileData

# Landis & Koch (1977): below 0 poor; then the upper end of each band.
BANDS = ((0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial"), (1.0, "almost perfect"))
BAND_NAMES = section("agreement_bands")
LOW_KAPPA = 0.40  # "fair" or worse: a finding of medium severity (high at "slight" or worse)
MODERATE_KAPPA = 0.60


@dataclass(frozen=True, slots=True)
class Kappa:
    agreement: float  # observed: Fleiss's P̄ (two annotators: the share of items they agree on)
    chance: float  # expected by chance
    kappa: float | None  # None: undefined (chance agreement is 1: one label is all anyone used)


def fleiss_from_counts(rows: Sequence[Sequence[int]], weights: Sequence[int] | None = None) -> Kappa:
    """Fleiss' kappa from per-item counts of each category (rows: items, columns: categories).

    Items with fewer than two ratings are left out; each item's own count of ratings n_i is used:
    P_i = Σ_j n_ij (n_ij − 1) / (n_i (n_i − 1)), P̄ their mean, p_j the mean share of item ratings in category j,
    P_e = Σ_j p_j². With one n for every item this is Fleiss's (1971) kappa. `weights` counts items that are alike
    (the same row given several times)."""
    weights = [1] * len(rows) if weights is None else list(weights)
    total, observed = 0, 0.0
    shares = [0.0] * (len(rows[0]) if rows else 0)
    for row, weight in zip(rows, weights, strict=True):
        ratings = sum(row)
        if ratings < 2:
            continue
        total += weight
        observed += weight * sum(count * (count - 1) for count in row) / (ratings * (ratings - 1))
        for category, count in enumerate(row):
            shares[category] += weight * count / ratings
    if not total:
        return Kappa(float("nan"), float("nan"), None)
    agreement = observed / total
    chance = sum((share / total) ** 2 for share in shares)
    kappa = None if chance >= 1 - 1e-12 else (agreement - chance) / (1 - chance)
    return Kappa(agreement, chance, kappa)


def fleiss_kappa(items: Sequence[Sequence[str]], weights: Sequence[int] | None = None) -> Kappa:
    """Fleiss' kappa of items given as their labels (one per annotator who rated it; compared as given)."""
    categories = sorted({label for item in items for label in item})
    index = {label: position for position, label in enumerate(categories)}
    rows = []
    for item in items:
        row = [0] * len(categories)
        for label in item:
            row[index[label]] += 1
        rows.append(row)
    return fleiss_from_counts(rows, weights)


def cohen_kappa(first: Sequence[str], second: Sequence[str], weights: Sequence[int] | None = None) -> Kappa:
    """Cohen's kappa of two annotators over the items both rated (scikit-learn's `cohen_kappa_score`)."""
    from sklearn.metrics import cohen_kappa_score

    weights = [1] * len(first) if weights is None else list(weights)
    total = sum(weights)
    agreement = sum(weight for a, b, weight in zip(first, second, weights, strict=True) if a == b) / total
    shares_first, shares_second = Counter[str](), Counter[str]()
    for a, b, weight in zip(first, second, weights):
        shares_first[a] += weight
        shares_second[b] += weight
    chance = sum(count * shares_second[label] for label, count in shares_first.items()) / total**2
    if chance >= 1 - 1e-12:  # one label is all either used: kappa is 0/0
        return Kappa(agreement, chance, None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        kappa = float(cohen_kappa_score(list(first), list(second), sample_weight=weights))
    return Kappa(agreement, chance, kappa)


def band_of(kappa: float | None) -> str | None:
    if kappa is None:
        return None
    if kappa < 0:
        return "poor"
    return next((name for upper, name in BANDS if kappa <= upper), BANDS[-1][1])


def majority_labels(others: Sequence[str]) -> list[str]:
    """The labels the others gave most often (several when tied)."""
    counts = Counter(others)
    top = max(counts.values())
    return [label for label, count in counts.items() if count == top]


def weighted_macro_f1(expected: Counter, predicted: Counter, right: Counter) -> float:
    """Macro-F1 from (weighted) per-label counts of references, predictions and correct predictions, over every
    label seen in either (scikit-learn's convention, as advisor/baselines/metrics.py)."""
    labels = set(expected) | set(predicted)
    scores = [2 * right[label] / (expected[label] + predicted[label]) for label in labels]
    return sum(scores) / len(scores) if scores else float("nan")


@dataclass(frozen=True, slots=True)
class AnnotatorColumn:
    column: str
    items: int  # items this column rated
    agreement_with_output: float | None  # share of them on which it gave the output column's label


@dataclass(frozen=True, slots=True)
class Agreement:
    output_column: str
    columns: tuple[AnnotatorColumn, ...]  # the other annotators
    items: int  # items rated by two or more annotators
    agreement: float | None
    kappa_kind: str  # "cohen" | "fleiss"
    kappa: float | None
    ceiling: float | None  # accuracy a model answering as the other annotators would reaches (module text)
    ceiling_items: int  # items the output column shares with another annotator
    ceiling_macro_f1: float | None = None  # the same predictor scored by macro-F1

    @property
    def annotators(self) -> int:
        return 1 + sum(column.items > 0 for column in self.columns)

    @property
    def band(self) -> str | None:
        return band_of(self.kappa)

    def summary(self) -> dict:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {"annotator_agreement": {
            "output_column": self.output_column, "annotators": self.annotators,
            "columns": [{"column": column.column, "items": column.items,
                         "agreement_with_output": rounded(column.agreement_with_output)} for column in self.columns],
            "items_rated_by_2_or_more": self.items, "agreement": rounded(self.agreement),
            "kappa": rounded(self.kappa), "kappa_kind": self.kappa_kind, "kappa_band": self.band,
            "ceiling": rounded(self.ceiling), "ceiling_macro_f1": rounded(self.ceiling_macro_f1),
            "ceiling_items": self.ceiling_items,
            "ceiling_rule": "share of items where the other annotators' majority label is the output label "
                            "(ties split); Gale, Church & Yarowsky 1992",
        }}

    def findings(self) -> tuple[Finding, ...]:
        found = [Finding("low", "annotator_column_empty", (("column", repr(column.column)),))
                 for column in self.columns if column.items == 0]
        if self.kappa is not None and self.kappa <= MODERATE_KAPPA and self.agreement is not None:
            severity = "high" if self.kappa <= BANDS[0][0] else "medium" if self.kappa <= LOW_KAPPA else "low"
            found.append(Finding(severity, "low_annotator_agreement", (
                ("annotators", self.annotators), ("agreement", _percent(self.agreement)), ("items", self.items),
                ("kind", "Cohen" if self.kappa_kind == "cohen" else "Fleiss"), ("kappa", f"{self.kappa:.2f}"),
                ("band", self.band or ""), ("ceiling", "—" if self.ceiling is None else _percent(self.ceiling)))))
        return tuple(found)


def _percent(share: float) -> str:
    return f"{100 * share:.0f}%"


def measure_agreement(data: ProfileData) -> Agreement | None:
    """The agreement of the output column and the annotator columns; None when the table has none."""
    dataset = data.dataset
    annotations = dataset.annotations
    if annotations is None or len(annotations.labels) != data.size or not annotations.columns:
        return None
    keys: dict[str, str] = {}

    def key(text: str) -> str:
        found = keys.get(text)
        if found is None:
            found = keys[text] = label_key(text)
        return found

    # Alike rows are counted once with their weight: a few label combinations cover a million rows.
    combos = Counter(zip((key(output) for output in data.outputs), annotations.labels))
    width = len(annotations.columns)
    rated, agreeing = [0] * width, [0] * width
    items, weights, ceiling_items = [], [], 0
    expected, predicted, right = Counter[str](), Counter[str](), Counter[str]()
    for (reference, labels), count in combos.items():
        others = [None if label is None else key(label) for label in labels]
        for position, other in enumerate(others):
            if other is not None:
                rated[position] += count
                agreeing[position] += count * (other == reference)
        given = [other for other in others if other is not None]
        if given:
            items.append((reference, *given))
            weights.append(count)
            tied = majority_labels(given)  # a tie among k labels: k predictions of weight 1/k
            ceiling_items += count
            expected[reference] += count
            for label in tied:
                predicted[label] += count / len(tied)
                right[label] += count / len(tied) if label == reference else 0
    columns = tuple(AnnotatorColumn(column, rated[position], agreeing[position] / rated[position] if rated[position]
                                    else None) for position, column in enumerate(annotations.columns))
    output = dataset.columns[1] if dataset.columns else "output"
    filled = [position for position in range(width) if rated[position]]
    if not items:
        return Agreement(output, columns, 0, None, "cohen" if width == 1 else "fleiss", None, None, 0)
    if len(filled) == 1:  # two annotators: the output column and one other
        result = cohen_kappa([item[0] for item in items], [item[1] for item in items], weights)
        kind = "cohen"
    else:
        result = fleiss_kappa(items, weights)
        kind = "fleiss"
    return Agreement(output, columns, sum(weights), result.agreement, kind, result.kappa,
                     sum(right.values()) / ceiling_items, ceiling_items, weighted_macro_f1(expected, predicted, right))
