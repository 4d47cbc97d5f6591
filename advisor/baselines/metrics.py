"""How close predictions are to the expected answers, each score with a bootstrap 95 % interval.

Every metric is in [0, 1] and is a mean of per-item scores (macro-F1 is the one statistic that is
not, and gets its own vectorised bootstrap). Offline baselines and LLM runs score answers through
`score_predictions` / `score_all`, so the two are comparable number for number.

Definitions:
- accuracy / exact_match: equal after `normalise` (case and spacing), or equal as JSON values;
- token_f1: SQuAD-style bag-of-words F1 over casefolded `\\w+` tokens (no English article removal:
  the data may be Portuguese);
- chrf: chrF (Popović 2015) per item: character n-grams 1..6, whitespace ignored, precision and
  recall averaged over the orders both texts have, F-beta with beta = 2 (recall weighs more);
  sacrebleu's sentence-level chrF formula, on a 0–1 scale (sacrebleu itself is not a dependency);
- json_valid: the answer parses as a JSON object or array;
- key_f1: F1 between the top-level keys of the reference and the answer (items whose reference is
  a JSON object only; an answer that is not an object scores 0);
- field_f1: the same over (key, value) pairs, values compared as canonical JSON.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from advisor.profiling.checks.base import normalise
from advisor.profiling.checks.output_format import NOT_JSON, structured_value

RESAMPLES = 1000
CONFIDENCE = 0.95
CHRF_ORDER = 6
CHRF_BETA = 2.0
_BOOTSTRAP_CELLS = 4_000_000  # resample indexes drawn per chunk: bounds memory on large sets
_MACRO_ARRAYS = 6  # arrays of resamples × max(pairs, labels) a macro-F1 chunk holds at once
_FEW_VALUES = 64  # at most this many distinct per-item scores: resample their counts, not the items

# The one number a strategy is ranked by, per task kind.
PRIMARY_METRIC = {"classification": "accuracy", "extraction": "field_f1", "generation": "chrf", "chat": "chrf"}
TEXT_METRICS = ("exact_match", "token_f1", "chrf")
JSON_METRICS = ("json_valid", "key_f1", "field_f1")
# Labels are skewed when the most frequent has more than SKEW_RATIO times the examples of the rarest. At 3:1 the
# majority class alone already scores 0.75 accuracy on two labels (and 0.97 at 35:1) while finding none of the rare
# ones; macro-F1 gives every label the same weight, so predicting the majority everywhere scores about 1/labels of
# a perfect model instead (scikit-learn's user guide recommends balanced or macro-averaged scores on imbalanced
# data: "Balanced accuracy score", "From binary to multiclass and multilabel").
SKEW_RATIO = 3.0
METRICS_BY_KIND = {
    "classification": ("accuracy", "macro_f1"),
    "extraction": TEXT_METRICS + JSON_METRICS,
    "generation": TEXT_METRICS,
    "chat": TEXT_METRICS,
}

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Score:
    metric: str
    score: float
    ci_low: float
    ci_high: float
    n: int  # items the score rests on

    def to_dict(self) -> dict:
        return {"metric": self.metric, "score": round(self.score, 4), "ci_low": round(self.ci_low, 4),
                "ci_high": round(self.ci_high, 4), "n": self.n}


# --- per-item metrics ------------------------------------------------------------------------------


def exact_match(reference: str, prediction: str) -> float:
    if normalise(reference) == normalise(prediction):
        return 1.0
    expected, given = structured_value(reference), structured_value(prediction)
    return float(expected is not NOT_JSON and given is not NOT_JSON and expected == given)


def token_f1(reference: str, prediction: str) -> float:
    expected, given = _WORD.findall(reference.casefold()), _WORD.findall(prediction.casefold())
    if not expected or not given:
        return float(expected == given)  # both empty: they agree
    same = sum((Counter(expected) & Counter(given)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(given), same / len(expected)
    return 2 * precision * recall / (precision + recall)


def chrf(reference: str, prediction: str, order: int = CHRF_ORDER, beta: float = CHRF_BETA) -> float:
    expected, given = "".join(reference.split()), "".join(prediction.split())
    if not expected or not given:
        return float(expected == given)
    precisions, recalls = [], []
    # an order longer than either text has nothing to compare
    for n, matched in enumerate(shared_ngrams(expected, given, min(order, len(expected), len(given))), start=1):
        precisions.append(matched / (len(given) - n + 1))
        recalls.append(matched / (len(expected) - n + 1))
    precision, recall = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    if precision + recall == 0:
        return 0.0
    factor = beta * beta
    return (1 + factor) * precision * recall / (factor * precision + recall)


def shared_ngrams(expected: str, given: str, order: int) -> list[int]:
    """For n = 1..order, how many character n-grams the two texts share, counted with multiplicity: the size of
    the intersection of their multisets of n-grams, `sum((Counter(n-grams) & Counter(n-grams)).values())`.

    Each n-gram of the two texts joined is numbered by ranking the pairs (its (n-1)-gram's number, its last
    character's number): equal numbers are equal n-grams, with no string or hash per n-gram (Counters of slices were
    half the time of a chat file's baselines, issue 15). The n-grams that straddle the join are numbered, never
    counted."""
    size = len(expected)
    codes = np.frombuffer((expected + given).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    characters, alphabet = _ranks(codes.astype(np.int64))
    grams, distinct = characters, alphabet  # the number of the n-gram starting at each place of the joined text
    shared = []
    for n in range(1, order + 1):
        if n > 1:
            grams, distinct = _ranks(grams[:-1] * alphabet + characters[n - 1:])
        want = np.bincount(grams[:size - n + 1], minlength=distinct)
        got = np.bincount(grams[size:], minlength=distinct)
        shared.append(int(np.minimum(want, got).sum()))
        if not shared[-1]:  # no n-gram in common: no longer one either
            return shared + [0] * (order - n)
    return shared


def _ranks(keys: np.ndarray) -> tuple[np.ndarray, int]:
    """Each key's rank among the distinct keys (0, 1, …), and how many distinct keys there are."""
    order = keys.argsort()
    ordered = keys[order]
    step = np.empty(len(keys), dtype=np.int64)
    step[0] = 0
    np.not_equal(ordered[1:], ordered[:-1], out=step[1:])
    np.cumsum(step, out=step)
    ranks = np.empty_like(step)
    ranks[order] = step
    return ranks, int(step[-1]) + 1


def json_valid(reference: str, prediction: str) -> float:  # noqa: ARG001 - every metric takes the pair
    return float(structured_value(prediction) is not NOT_JSON)


def key_f1(reference: str, prediction: str) -> float | None:
    """None when the reference is not a JSON object: the item says nothing about keys."""
    expected = structured_value(reference)
    if not isinstance(expected, dict):
        return None
    given = structured_value(prediction)
    return _set_f1(set(expected), set(given) if isinstance(given, dict) else set())


def field_f1(reference: str, prediction: str) -> float | None:
    expected = structured_value(reference)
    if not isinstance(expected, dict):
        return None
    given = structured_value(prediction)
    return _set_f1(_fields(expected), _fields(given) if isinstance(given, dict) else set())


PER_ITEM: dict[str, Callable[[str, str], float | None]] = {
    "accuracy": exact_match,
    "exact_match": exact_match,
    "token_f1": token_f1,
    "chrf": chrf,
    "json_valid": json_valid,
    "key_f1": key_f1,
    "field_f1": field_f1,
}


def per_item_scores(metric: str, references: Sequence[str], predictions: Sequence[str]) -> np.ndarray:
    """One score per item that the metric applies to (items it skips, e.g. key_f1 on non-objects, are left out)."""
    function = PER_ITEM[metric]
    # Each distinct pair scored once: classification repeats a few label pairs thousands of times.
    scored: dict[tuple[str, str], float | None] = {}
    values = []
    for pair in zip(references, predictions, strict=True):
        value = scored.get(pair, _UNSCORED)
        if value is _UNSCORED:
            value = scored[pair] = function(*pair)
        values.append(value)
    return np.array([value for value in values if value is not None], dtype=float)


_UNSCORED = object()


def normalised_each(texts: Sequence[str]) -> list[str]:
    """`normalise` of each text, each distinct text normalised once (labels repeat)."""
    keys: dict[str, str] = {}
    return [keys[text] if text in keys else keys.setdefault(text, normalise(text)) for text in texts]


def _set_f1(expected: set, given: set) -> float:
    if not expected and not given:
        return 1.0
    same = len(expected & given)
    return 2 * same / (len(expected) + len(given))


def _fields(value: dict) -> set[tuple[str, str]]:
    return {(key, json.dumps(item, sort_keys=True, ensure_ascii=False)) for key, item in value.items()}


# --- intervals ---------------------------------------------------------------------------------------


def bootstrap_interval(
    per_item: Sequence[float] | np.ndarray, seed: int = 0, resamples: int = RESAMPLES, confidence: float = CONFIDENCE
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean; (nan, nan) for no items, the value itself for one."""
    values = np.asarray(per_item, dtype=float)
    if values.size == 0:
        return float("nan"), float("nan")
    mean = float(values.mean())
    if values.size == 1 or np.all(values == values[0]):
        return mean, mean
    rng = np.random.default_rng(seed)
    distinct, counts = np.unique(values, return_counts=True)
    if distinct.size <= _FEW_VALUES:
        # Drawing n items with replacement is drawing how often each distinct value comes up (multinomially):
        # the same bootstrap distribution, at a cost that does not grow with n (0/1 scores are the usual case).
        means = rng.multinomial(values.size, counts / values.size, size=resamples) @ distinct / values.size
    else:
        means = np.concatenate([
            values[rng.integers(0, values.size, size=(rows, values.size))].mean(axis=1)
            for rows in _chunks(resamples, values.size)
        ])
    return _percentiles(means, mean, confidence)


def macro_f1(references: Sequence[str], predictions: Sequence[str]) -> float:
    """Unweighted mean F1 over every label seen in references or predictions (scikit-learn's convention)."""
    if not references:
        return float("nan")
    pairs, counts, labels = _label_pairs(references, predictions)
    return float(_macro_f1_of(counts[None, :], pairs, labels)[0])


def macro_f1_interval(
    references: Sequence[str], predictions: Sequence[str], seed: int = 0, resamples: int = RESAMPLES,
    confidence: float = CONFIDENCE,
) -> tuple[float, float]:
    """Percentile bootstrap of macro-F1, resampling items as (reference, prediction) pair counts (multinomially)."""
    return _macro_f1_scored(references, predictions, seed, resamples, confidence)[1:]


def _macro_f1_scored(
    references: Sequence[str], predictions: Sequence[str], seed: int, resamples: int, confidence: float = CONFIDENCE,
) -> tuple[float, float, float]:
    """(macro-F1, interval low, interval high), the labels paired once for all three."""
    if not references:
        return float("nan"), float("nan"), float("nan")
    pairs, counts, labels = _label_pairs(references, predictions)
    point = float(_macro_f1_of(counts[None, :], pairs, labels)[0])
    if len(references) == 1:
        return point, point, point
    rng = np.random.default_rng(seed)
    # In chunks: a resample holds a count per pair and a total per label, and with thousands of labels 1,000
    # resamples at once would not fit in memory.
    scores = [
        _macro_f1_of(_resampled_pair_counts(rng, counts, rows), pairs, labels)
        for rows in _chunks(resamples, _MACRO_ARRAYS * max(len(pairs), labels, len(references)))
    ]
    return (point, *_percentiles(np.concatenate(scores), point, confidence))


def _resampled_pair_counts(rng: np.random.Generator, counts: np.ndarray, rows: int) -> np.ndarray:
    """`rows` bootstrap resamples of the items, as how often each (reference, prediction) pair is drawn."""
    items = int(counts.sum())
    if len(counts) <= _FEW_VALUES:  # few pairs: drawn multinomially (chunks give the same draws as one call)
        return rng.multinomial(items, counts / items, size=rows)
    # Many pairs (many labels): a multinomial costs a binomial draw per pair and resample (5 s for 8,000 pairs);
    # drawing the items themselves and counting them costs a random integer per item.
    pair_of_item = np.repeat(np.arange(len(counts)), counts)
    drawn = pair_of_item[rng.integers(0, items, size=(rows, items))]
    drawn += np.arange(rows)[:, None] * len(counts)
    return np.bincount(drawn.ravel(), minlength=rows * len(counts)).reshape(rows, len(counts))


def _label_pairs(references: Sequence[str], predictions: Sequence[str]) -> tuple[np.ndarray, np.ndarray, int]:
    """The distinct (reference, prediction) label pairs as rows of two label numbers, and how often each occurs."""
    truth, guess = normalised_each(references), normalised_each(predictions)
    index = {label: number for number, label in enumerate(sorted(set(truth) | set(guess)))}
    counted = Counter(zip((index[label] for label in truth), (index[label] for label in guess)))
    pairs = np.array(sorted(counted), dtype=np.int64).reshape(-1, 2)
    return pairs, np.array([counted[tuple(pair)] for pair in pairs.tolist()], dtype=np.int64), len(index)


def _macro_f1_of(counts: np.ndarray, pairs: np.ndarray, labels: int) -> np.ndarray:
    """Macro-F1 of each row of pair counts (one row per resample), all rows at once.

    Memory: a few arrays of rows × max(pairs, labels) numbers (no pairs × labels matrix: 50,000 labels made
    that 20 GB)."""
    expected, predicted = _per_label(counts, pairs[:, 0], labels), _per_label(counts, pairs[:, 1], labels)
    right = pairs[:, 0] == pairs[:, 1]
    true_positive = _per_label(counts[:, right], pairs[right, 0], labels)
    present = (expected + predicted) > 0  # a label absent from a resample does not count towards its mean
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(present, 2 * true_positive / (expected + predicted), 0.0)
    return f1.sum(axis=1) / np.maximum(present.sum(axis=1), 1)


def _per_label(counts: np.ndarray, label_of: np.ndarray, labels: int) -> np.ndarray:
    """Each row's counts summed per label (`label_of` gives each column's label): rows × labels."""
    totals = np.zeros((counts.shape[0], labels))
    if label_of.size:
        order = np.argsort(label_of, kind="stable")
        ordered = label_of[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        totals[:, ordered[starts]] = np.add.reduceat(counts[:, order], starts, axis=1)
    return totals


def _chunks(resamples: int, size: int) -> list[int]:
    rows = max(1, _BOOTSTRAP_CELLS // size)
    return [min(rows, resamples - start) for start in range(0, resamples, rows)]


def _percentiles(values: np.ndarray, point: float, confidence: float) -> tuple[float, float]:
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    # A percentile interval can miss a point estimate on tiny skewed samples; widen rather than mislead.
    return min(float(low), point), max(float(high), point)


# --- scoring a run -----------------------------------------------------------------------------------


def score_metric(
    metric: str, references: Sequence[str], predictions: Sequence[str], seed: int = 0, resamples: int = RESAMPLES
) -> Score:
    """One metric over paired answers; score nan with n = 0 when no item applies."""
    if len(references) != len(predictions):
        raise ValueError(f"{len(references)} references but {len(predictions)} predictions")
    if metric == "macro_f1":
        if not references:
            return Score(metric, float("nan"), float("nan"), float("nan"), 0)
        return Score(metric, *_macro_f1_scored(references, predictions, seed, resamples), len(references))
    values = per_item_scores(metric, references, predictions)
    low, high = bootstrap_interval(values, seed, resamples)
    return Score(metric, float(values.mean()) if values.size else float("nan"), low, high, int(values.size))


def score_all(
    task_kind: str, references: Sequence[str], predictions: Sequence[str], seed: int = 0, resamples: int = RESAMPLES
) -> tuple[Score, ...]:
    """Every metric that fits the task kind; metrics that apply to no item (e.g. key_f1 without JSON) are left out."""
    scores = (score_metric(metric, references, predictions, seed, resamples) for metric in _metrics_of(task_kind))
    return tuple(score for score in scores if score.n > 0)


def score_predictions(
    task_kind: str, references: Sequence[str], predictions: Sequence[str], seed: int = 0, resamples: int = RESAMPLES
) -> Score:
    """The task kind's primary metric: the one number strategies are ranked by (see `primary_metric`)."""
    return score_metric(primary_metric(task_kind, references), references, predictions, seed, resamples)


def primary_metric(task_kind: str, references: Sequence[str] = ()) -> str:
    """PRIMARY_METRIC, with two exceptions decided from the references:

    - classification whose labels are skewed — the most frequent label has more than SKEW_RATIO (3) times the
      examples of the rarest — is ranked by macro-F1: accuracy there rewards predicting the majority (35:1 labels
      give the majority class 0.97 accuracy and a macro-F1 of about 0.49);
    - extraction whose references hold no JSON object is ranked by exact match: field agreement says nothing there.
    """
    metric = PRIMARY_METRIC[_kind(task_kind)]
    if metric == "accuracy" and labels_skewed(references):
        return "macro_f1"
    if metric == "field_f1" and references and not any(isinstance(structured_value(text), dict) for text in references):
        return "exact_match"
    return metric


def labels_skewed(references: Sequence[str]) -> bool:
    """The most frequent label has more than SKEW_RATIO times the examples of the rarest (labels normalised)."""
    counts = Counter(normalised_each(references))
    return len(counts) > 1 and max(counts.values()) > SKEW_RATIO * min(counts.values())


def class_recall(references: Sequence[str], predictions: Sequence[str]) -> dict[str, tuple[int, float]]:
    """Each reference label (normalised) → (its examples, the share of them predicted as that label)."""
    truth, guess = normalised_each(references), normalised_each(predictions)
    examples = Counter(truth)
    found = Counter(label for label, predicted in zip(truth, guess, strict=True) if label == predicted)
    return {label: (count, found[label] / count) for label, count in examples.items()}


def _metrics_of(task_kind: str) -> tuple[str, ...]:
    return METRICS_BY_KIND[_kind(task_kind)]


def _kind(task_kind: str) -> str:
    from advisor.task_kinds import scored_as

    task_kind = scored_as(task_kind)
    if task_kind not in PRIMARY_METRIC:
        raise ValueError(f"unknown task kind {task_kind!r}; expected one of {', '.join(PRIMARY_METRIC)}")
    return task_kind
