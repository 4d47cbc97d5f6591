"""How fast the best cheap learner improves with more data, and how much data a target score would take.

The data is split once, leak-free and stratified (`advisor.profiling.split.split_dataset`); the learner —
TF-IDF + logistic regression for classification, the nearest neighbour's answer otherwise — is
fitted on 10, 25, 50 and 100 % of the training side (nested subsets: each contains the smaller
ones; stratified by label, so a small subset does not lose a class by chance) and always scored
on the same validation examples. A curve is fitted through the points, weighted by their
intervals:
- power law  score = a − b·n^(−c)  (levels off at a), or
- logarithm  score = a + b·ln n    (never levels off);
the one with the smaller residual error per degree of freedom wins (the logarithm on a tie: fewer
parameters). The fit is then solved for the number of training examples that reaches the target.
Extrapolating more than EXTRAPOLATION_LIMIT times beyond the data measured is not reported.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from advisor.baselines.metrics import RESAMPLES, primary_metric, score_metric
from advisor.baselines.offline import (
    BASELINE_EXAMPLES,
    BaselineInputs,
    ClassesModelled,
    EvidenceExamples,
    EvidenceSample,
    NotEnoughData,
    WordCounts,
    classes_modelled,
    evidence_for,
    predict_labels_logreg,
    predict_nearest,
)
from advisor.data.model import Dataset

FRACTIONS = (0.1, 0.25, 0.5, 1.0)
VALIDATION_SHARE = 0.2  # split_dataset caps it at 1,000 examples and 20 %
MIN_TRAIN = 2
MIN_POINTS_TO_FIT = 3
EXTRAPOLATION_LIMIT = 100  # times the largest training size measured
# Default targets: a level a team would usually ship at; callers should pass their own.
# Macro-F1 (skewed labels) averages the rare labels in at full weight, so it sits below accuracy on the same
# predictions: 0.8 asks a rare label to be found about as well as 0.9 accuracy asks of balanced ones.
DEFAULT_TARGETS = {"accuracy": 0.9, "macro_f1": 0.8, "field_f1": 0.9, "exact_match": 0.8, "chrf": 0.6}
_SIGMA_FLOOR = 0.01  # a point with a zero-width interval (all right or all wrong) must not get infinite weight


@dataclass(frozen=True, slots=True)
class CurvePoint:
    examples: int  # training examples the learner was fitted on
    score: float
    ci_low: float
    ci_high: float

    def to_dict(self) -> dict:
        return {"examples": self.examples, "score": round(self.score, 4), "ci_low": round(self.ci_low, 4),
                "ci_high": round(self.ci_high, 4)}


@dataclass(frozen=True, slots=True)
class CurveFit:
    form: str  # "power" (a − b·n^−c) or "log" (a + b·ln n)
    params: tuple[tuple[str, float], ...]
    error: float  # weighted residual standard error per degree of freedom (lower fits better)

    def predict(self, examples: float | np.ndarray) -> float | np.ndarray:
        return _curve(self.form, examples, *(value for _, value in self.params))

    @property
    def ceiling(self) -> float:
        """The score the curve tends to with unlimited data (inf for a rising logarithm)."""
        p = dict(self.params)
        if self.form == "power":
            return p["a"]
        return math.inf if p["b"] > 0 else p["a"]

    @property
    def rising(self) -> bool:
        return dict(self.params)["b"] > 0

    def examples_for(self, target: float) -> float | None:
        """Training examples at which the curve reaches `target`; None when it never does."""
        p = dict(self.params)
        if not self.rising:
            return None
        try:  # a nearly flat rise (b or c near zero) puts the target past any float: infinitely far
            if self.form == "power":
                if target >= p["a"]:
                    return None
                return max(1.0, (p["b"] / (p["a"] - target)) ** (1 / p["c"]))
            return max(1.0, math.exp((target - p["a"]) / p["b"]))
        except (OverflowError, ZeroDivisionError):
            return math.inf

    def to_dict(self) -> dict:
        return {"form": self.form, "params": {name: round(value, 6) for name, value in self.params},
                "error": round(self.error, 4)}


@dataclass(frozen=True, slots=True)
class LearningCurve:
    task_kind: str
    learner: str  # logistic_regression | nearest_neighbour
    metric: str
    points: tuple[CurvePoint, ...]
    validation_examples: int
    fit: CurveFit | None
    target: float
    examples_for_target: int | None
    status: str  # reached | extrapolated | never | not_improving | beyond_limit | no_fit | not_enough_data
    status_args: tuple[tuple[str, str | int | float], ...] = ()
    not_enough_data: NotEnoughData | None = None
    classes: ClassesModelled | None = None  # logistic regression modelled only the most frequent labels
    sample: EvidenceSample | None = None  # which examples were measured (distinct, at most BASELINE_EXAMPLES)

    def message(self, lang: str = "en") -> str:
        if self.not_enough_data is not None:
            return self.not_enough_data.message(lang)
        from advisor.i18n.messages import render

        return render(f"curve_{self.status}", self.status_args, lang)

    def to_dict(self) -> dict:
        return {
            "learner": self.learner,
            "metric": self.metric,
            "points": [point.to_dict() for point in self.points],
            "validation_examples": self.validation_examples,
            "fit": None if self.fit is None else self.fit.to_dict(),
            "target": self.target,
            "examples_for_target": self.examples_for_target,
            "status": self.status,
            "reason": self.message(),
            "reason_note": None if self.not_enough_data is not None else {
                "code": f"curve_{self.status}", "args": dict(self.status_args)},
            "not_enough_data": None if self.not_enough_data is None else self.not_enough_data.to_dict(),
            "classes_modelled": None if self.classes is None else self.classes.to_dict(),
            "sample": None if self.sample is None else self.sample.to_dict(),
        }

    def summary(self) -> dict:
        return {"learning_curve": self.to_dict()}


def learning_curve(
    dataset: Dataset,
    task_kind: str | None = None,
    target: float | None = None,
    seed: int = 0,
    fractions: Sequence[float] = FRACTIONS,
    validation_share: float = VALIDATION_SHARE,
    resamples: int = RESAMPLES,
    limit: int = BASELINE_EXAMPLES,
    progress: Callable[[int, int], None] | None = None,
    examples: EvidenceExamples | None = None,
) -> LearningCurve:
    """Measure and fit the curve on `evidence_sample` (training sizes count distinct examples); a dataset too
    small to judge gives `not_enough_data`, never an error. `progress(points done, points)` is told after each
    point (the app's bar). `examples`: `evidence_examples` of this dataset with the same task kind, limit and
    seed, if already drawn."""
    from advisor.profiling.split import split_dataset

    if target is not None and not 0 < target <= 1:
        raise ValueError("target must be in (0, 1]")
    if not fractions or not all(0 < fraction <= 1 for fraction in fractions):
        raise ValueError("fractions must be in (0, 1]")
    drawn = evidence_for(dataset, task_kind, limit, seed, examples)
    dataset, sample, inputs = drawn.dataset, drawn.sample, drawn.inputs
    learner = "logistic_regression" if inputs.labels is not None else "nearest_neighbour"
    references = inputs.labels if inputs.labels is not None else inputs.outputs
    metric = primary_metric(inputs.task_kind, references)
    goal = target if target is not None else DEFAULT_TARGETS.get(metric, 0.9)

    def empty(reason: NotEnoughData, validation: int = 0) -> LearningCurve:
        return LearningCurve(inputs.task_kind, learner, metric, (), validation, None, goal, None, "not_enough_data",
                             not_enough_data=reason, sample=sample)

    if drawn.missing is not None:
        return empty(drawn.missing)
    split = split_dataset(dataset, validation_share, seed, inputs.labels, units=drawn.groups)
    if not split.validation:
        return empty(NotEnoughData("baseline_too_few_groups", (("examples", len(references)), ("groups", split.units))))
    order = nested_order(split.train, inputs.labels, seed)
    evaluated = [references[index] for index in split.validation]
    capped = None if inputs.labels is None else classes_modelled([inputs.labels[index] for index in order])
    points = []
    sizes = training_sizes(len(order), fractions)
    words = WordCounts(inputs.texts)  # read once for every point
    for size in sizes:
        predicted = _predict(inputs, words, order[:size], split.validation)
        score = score_metric(metric, evaluated, predicted, seed, resamples)
        points.append(CurvePoint(size, score.score, score.ci_low, score.ci_high))
        if progress is not None:
            progress(len(points), len(sizes))
    fit = fit_curve(points)
    status, examples, args = conclude(fit, points, goal)
    return LearningCurve(inputs.task_kind, learner, metric, tuple(points), len(split.validation), fit, goal, examples,
                         status, args, classes=capped, sample=sample)


def training_sizes(available: int, fractions: Sequence[float]) -> list[int]:
    sizes = sorted({min(available, max(MIN_TRAIN, math.ceil(fraction * available))) for fraction in fractions})
    return [size for size in sizes if size >= min(MIN_TRAIN, available)]


def nested_order(train: Sequence[int], labels: Sequence[str] | None, seed: int) -> list[int]:
    """A seeded order of the training side whose every prefix has about the label shares of the whole."""
    rng = np.random.default_rng(seed)
    shuffled = [train[index] for index in rng.permutation(len(train))]
    if labels is None:
        return shuffled
    members: dict[str, list[int]] = {}
    for index in shuffled:
        members.setdefault(labels[index], []).append(index)
    # The k-th of m members of a label sits at (k + u) / m: prefixes cut every label at the same share.
    keyed = [
        ((rank + rng.random()) / len(members[label]), index)
        for label in sorted(members)
        for rank, index in enumerate(members[label])
    ]
    return [index for _, index in sorted(keyed)]


def _predict(inputs: BaselineInputs, words: WordCounts, train: Sequence[int], evaluated: Sequence[int]) -> list[str]:
    train_texts = [inputs.texts[index] for index in train]
    test_texts = [inputs.texts[index] for index in evaluated]
    features = words.tfidf(train, evaluated)
    if inputs.labels is not None:
        return predict_labels_logreg(train_texts, [inputs.labels[index] for index in train], test_texts, features)
    return predict_nearest(train_texts, [inputs.outputs[index] for index in train], test_texts, features)


# --- fitting -------------------------------------------------------------------------------------------


def fit_curve(points: Sequence[CurvePoint]) -> CurveFit | None:
    """The better of a power law and a logarithm through the points; None with fewer than 3 sizes."""
    examples = np.array([point.examples for point in points], dtype=float)
    if len(set(examples)) < MIN_POINTS_TO_FIT:
        return None
    scores = np.array([point.score for point in points], dtype=float)
    sigma = np.maximum([(point.ci_high - point.ci_low) / (2 * 1.96) for point in points], _SIGMA_FLOOR)
    candidates = [fit for fit in (_fit_log(examples, scores, sigma), _fit_power(examples, scores, sigma)) if fit]
    return min(candidates, key=lambda fit: fit.error)  # min keeps the first (log) on a tie


def _curve(form: str, examples, a: float, b: float, c: float = 0.0):  # noqa: ANN001, ANN202 - float or array
    if form == "power":
        return a - b * np.power(examples, -c)
    return a + b * np.log(examples)


def _fit_log(examples: np.ndarray, scores: np.ndarray, sigma: np.ndarray) -> CurveFit:
    weights = 1 / sigma
    design = np.column_stack([np.ones_like(examples), np.log(examples)]) * weights[:, None]
    (a, b), *_ = np.linalg.lstsq(design, scores * weights, rcond=None)
    return CurveFit("log", (("a", float(a)), ("b", float(b))), _error(examples, scores, sigma, "log", (a, b)))


def _fit_power(examples: np.ndarray, scores: np.ndarray, sigma: np.ndarray) -> CurveFit | None:
    if len(examples) <= 3:  # three parameters through three points: a perfect fit that says nothing
        return None
    try:
        from scipy.optimize import curve_fit
    except ImportError:
        return None
    ceiling = min(1.0, float(scores.max()) + 0.05)
    start = (ceiling, max(ceiling - float(scores.min()), 1e-3) * examples.min() ** 0.5, 0.5)
    try:
        with warnings.catch_warnings():  # an undetermined covariance is expected with four points; only params matter
            warnings.simplefilter("ignore")
            params, _ = curve_fit(
                lambda n, a, b, c: _curve("power", n, a, b, c), examples, scores, p0=start, sigma=sigma,
                bounds=([0.0, 0.0, 0.01], [1.0, np.inf, 3.0]), maxfev=10_000,
            )
    except (RuntimeError, ValueError):  # no convergence: the logarithm stands alone
        return None
    a, b, c = (float(value) for value in params)
    return CurveFit("power", (("a", a), ("b", b), ("c", c)), _error(examples, scores, sigma, "power", (a, b, c)))


def _error(examples: np.ndarray, scores: np.ndarray, sigma: np.ndarray, form: str, params: Sequence[float]) -> float:
    residuals = (scores - _curve(form, examples, *params)) / sigma
    return float(math.sqrt(float(residuals @ residuals) / (len(examples) - len(params))))


def conclude(
    fit: CurveFit | None, points: Sequence[CurvePoint], target: float
) -> tuple[str, int | None, tuple[tuple[str, str | int | float], ...]]:
    """(status, examples for the target or None, the message's arguments) from the fit and the points measured."""
    if fit is None:
        return "no_fit", None, (("points", len(points)),)
    shown = (("target", round(target, 4)), ("form", fit.form))
    largest = max(point.examples for point in points)
    if not fit.rising:
        if all(fit.predict(point.examples) >= target for point in points):  # flat, and already there
            fewest = min(point.examples for point in points)
            return "reached", fewest, shown + (("examples", fewest),)
        return "not_improving", None, shown
    needed = fit.examples_for(target)
    if needed is None:
        return "never", None, shown + (("ceiling", round(fit.ceiling, 4)),)
    if needed > EXTRAPOLATION_LIMIT * largest:
        return "beyond_limit", None, shown + (("limit", EXTRAPOLATION_LIMIT * largest), ("factor", EXTRAPOLATION_LIMIT))
    # A curve crossing the target below the smallest size measured says nothing about that region: the claim is
    # the smallest size measured ("about 1 example" read as a promise).
    examples = max(math.ceil(needed), min(point.examples for point in points))
    return ("reached" if examples <= largest else "extrapolated"), examples, shown + (("examples", examples),)
