"""Offline baselines: how well cheap methods already do on this data, in seconds, with no key.

Every strategy is scored the same way, out of fold: the examples are dealt into k folds (5 by
default) so that examples sharing an input — exact or near duplicates, the same groups
`advisor.profiling.split.split_dataset` keeps on one side — never sit on both sides, stratified by label for
classification; each fold is predicted by a model fitted on the other folds only (the TF-IDF
vocabulary included). Every example is therefore evaluated once, every strategy on the same
examples, and n is the whole dataset rather than a tenth of it.

- classification: majority class, TF-IDF + logistic regression, TF-IDF nearest neighbour — accuracy
  and macro-F1;
- generation, extraction, chat: the nearest neighbour's answer (the output of the most similar
  training input, TF-IDF cosine) — exact match, token F1, chrF; for extraction also JSON validity,
  key and field agreement.
A model sees the example's input without its system prompts (`user_text`: a prompt every example
shares would make them all look alike); the expected answer is `final_output()`.

Every baseline — `advisor baseline`, `recommend`, `report` and the app alike — is measured on
`evidence_sample`: the distinct examples (an exact copy, same input and same answer, is evidence
once: it would otherwise sit in every count and inflate the scores), and of those at most
BASELINE_EXAMPLES, drawn stratified by label. The output always says which.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from advisor.baselines.metrics import (
    METRICS_BY_KIND,
    RESAMPLES,
    Score,
    class_recall,
    normalised_each,
    primary_metric,
    score_metric,
)
from advisor.data.model import Dataset
from advisor.i18n import section
from advisor.i18n.messages import number
from advisor.profiling.checks.near import THRESHOLD, user_text

FOLDS = 5
MIN_EXAMPLES = 10
# Out-of-fold nearest neighbours grow with the square of the examples: 20,000 free-text examples took 40 s,
# 5,000 take a few seconds, and a score on 5,000 has an interval of about ±1.4 points at most.
BASELINE_EXAMPLES = 5_000
RARE_CLASSES_SHOWN = 3

# TF-IDF over words, sublinear counts. Word pairs scored the same on the ticket benchmark and worse on small
# synthetic sets (more, sparser features to learn from few examples), and cost more.
TFIDF_OPTIONS = {"ngram_range": (1, 1), "sublinear_tf": True, "dtype": np.float32}
# Weak regularisation: TF-IDF rows are unit length, so scikit-learn's default C=1 underfits text (0.65 against
# 0.91 with C=10 on 120 keyword-labelled examples).
# Newton-CG converges in a handful of iterations on TF-IDF; L-BFGS needed ~50 and its time swung from
# 1 to 28 s on the 3,000-ticket benchmark when the machine was busy. It does not converge, though, on many labels
# of a few examples each (nearly separable): 30 labels of 4 examples ran 1,000 iterations in 76 s. The cap on
# iterations bounds the time; where it is reached the model is still a fair baseline.
# A tolerance of 1e-3 instead of scikit-learn's 1e-4 stops two or three Newton steps sooner: 23 % less time on the
# 77-intent benchmark and 35 % on the ticket sample, every score inside its old bootstrap interval and within 0.001
# of it (benchmarks/bench_recommend.py, issue 15).
LOGREG_OPTIONS = {"C": 10.0, "solver": "newton-cg", "max_iter": 50, "tol": 1e-3}
_SIMILARITY_CELLS = 20_000_000  # dense similarity values held at once by the nearest-neighbour search
# Logistic regression holds (training rows + vocabulary) × classes numbers several times over: 5,000 labels took
# 2.6 GB and over 2 minutes, 50,000 asked for 21 GiB. It is fitted on the examples of the MAX_CLASSES most frequent
# labels of its training data only, so it never predicts another label: every example of one counts as wrong.
# (Pooling them into an "other" class instead made "other" the answer to almost everything: 0.22 instead of 0.62
# on 50 labels of 6 examples and 60 of 3.) The nearest neighbour and the majority class hold nothing per label and
# use every label.
MAX_CLASSES = 50

MESSAGES = section("offline")


@dataclass(frozen=True, slots=True)
class OfflineBaseline:
    strategy: str  # majority | logistic_regression | nearest_neighbour
    metric: str
    score: float
    ci_low: float
    ci_high: float
    n: int

    @staticmethod
    def of(strategy: str, score: Score) -> OfflineBaseline:
        return OfflineBaseline(strategy, score.metric, score.score, score.ci_low, score.ci_high, score.n)

    def to_dict(self) -> dict:
        return {"strategy": self.strategy, "metric": self.metric, "score": round(self.score, 4),
                "ci_low": round(self.ci_low, 4), "ci_high": round(self.ci_high, 4), "n": self.n}


@dataclass(frozen=True, slots=True)
class NotEnoughData:
    """Why no score could be computed, as a message code and its arguments (rendered in en or pt)."""

    code: str
    args: tuple[tuple[str, str | int], ...] = ()

    def message(self, lang: str = "en") -> str:
        templates = MESSAGES[self.code]
        return (templates.get(lang) or templates["en"]).format(**dict(self.args))

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message(), **dict(self.args)}


@dataclass(frozen=True, slots=True)
class ClassesModelled:
    """How many labels logistic regression models (the most frequent) when there are more than MAX_CLASSES."""

    modelled: int
    labels: int
    share: float  # of the examples whose label is modelled

    def message(self, lang: str = "en") -> str:
        templates = MESSAGES["baseline_classes_capped"]
        return (templates.get(lang) or templates["en"]).format(
            modelled=number(self.modelled, lang), labels=number(self.labels, lang), share=self.share_text(lang))

    def share_text(self, lang: str = "en") -> str:
        """62%, or 0.1% where a whole percent would read 0% (50 of 50,000 labels)."""
        text = f"{self.share:.0%}" if self.share >= 0.095 else f"{self.share:.1%}"
        return text.replace(".", ",") if lang == "pt" else text

    def to_dict(self) -> dict:
        return {"modelled": self.modelled, "labels": self.labels, "share_of_examples": round(self.share, 4),
                "message": self.message()}


def classes_modelled(labels: Sequence[str], limit: int = MAX_CLASSES) -> ClassesModelled | None:
    """What capping logistic regression at `limit` labels leaves out of these labels; None when nothing is."""
    counts = Counter(labels)
    if len(counts) <= limit:
        return None
    kept = sum(count for _, count in _by_frequency(counts)[:limit])
    return ClassesModelled(limit, len(counts), kept / len(labels))


@dataclass(frozen=True, slots=True)
class EvidenceSample:
    """Which examples the baselines were measured on: the distinct ones, at most BASELINE_EXAMPLES of them."""

    in_file: int
    distinct: int  # after dropping exact copies (same input, same answer)
    used: int
    stratified: bool  # drawn per label (classification), else at random

    @property
    def copies(self) -> int:
        return self.in_file - self.distinct

    def message(self, lang: str = "en") -> str:
        code = "sample_all" if self.used == self.distinct else (
            "sample_stratified" if self.stratified else "sample_random")
        templates = MESSAGES[code]
        return (templates.get(lang) or templates["en"]).format(
            used=number(self.used, lang), distinct=number(self.distinct, lang), in_file=number(self.in_file, lang))

    def to_dict(self) -> dict:
        return {"examples_in_file": self.in_file, "distinct_examples": self.distinct, "exact_copies": self.copies,
                "examples_scored": self.used, "limit": BASELINE_EXAMPLES,
                "drawn": "all" if self.used == self.distinct else ("stratified" if self.stratified else "random"),
                "message": self.message()}


def distinct_indexes(dataset: Dataset) -> list[int]:
    """The first example of each exact-duplicate group (the profile's: same normalised input and answer, the keys of
    `advisor.profiling.checks.base.prepare`). Answers are keyed first: an example whose answer no other shares is a
    group of its own, so its input is never normalised (open answers seldom repeat; normalising every input was
    most of this function's time on a 100,000-example chat file)."""
    from advisor.profiling.checks.base import input_key_maker, normalise
    from advisor.task_kinds import answer_text

    answer_keys: dict[str, int] = {}  # each distinct answer normalised once (labels repeat)
    output_keys = []
    for example in dataset.examples:
        text = answer_text(example)
        key = answer_keys.get(text)
        if key is None:
            key = answer_keys[text] = hash(normalise(text))
        output_keys.append(key)
    del answer_keys
    answered = Counter(output_keys)
    input_key = input_key_maker()
    seen: set[tuple[int, int]] = set()
    kept = []
    for index, (example, output) in enumerate(zip(dataset.examples, output_keys)):
        if answered[output] == 1:
            kept.append(index)
            continue
        pair = (input_key(example), output)
        if pair not in seen:
            seen.add(pair)
            kept.append(index)
    return kept


def evidence_sample(
    dataset: Dataset, task_kind: str | None = None, limit: int = BASELINE_EXAMPLES, seed: int = 0
) -> tuple[Dataset, EvidenceSample]:
    """The one sampling rule of every baseline: distinct examples, at most `limit`, stratified by label where there
    are labels (classification; tool calls by function): each keeps its share, rounded by largest remainder. Kept in
    file order."""
    kept, sample = evidence_indexes(dataset, task_kind, limit, seed)
    return examples_at(dataset, kept), sample


def examples_at(dataset: Dataset, kept: Sequence[int]) -> Dataset:
    """The dataset of the examples at `kept` (the dataset itself when that is all of them)."""
    from dataclasses import replace

    if len(kept) == len(dataset.examples):
        return dataset
    return replace(dataset, examples=tuple(dataset.examples[index] for index in kept))


def evidence_indexes(
    dataset: Dataset, task_kind: str | None = None, limit: int = BASELINE_EXAMPLES, seed: int = 0
) -> tuple[tuple[int, ...], EvidenceSample]:
    """`evidence_sample` as the indexes of the examples kept."""
    kept = distinct_indexes(dataset)
    distinct = len(kept)
    labels = _answers(dataset, task_kind)[2]  # a label, or a tool call's function names
    stratified = labels is not None
    if len(kept) > limit:
        rng = np.random.default_rng(seed)
        if labels is not None:
            members: dict[str, list[int]] = {}
            for index in kept:
                members.setdefault(labels[index], []).append(index)
            names = sorted(members)
            quota = np.array([len(members[name]) * limit / len(kept) for name in names])
            taken = np.floor(quota).astype(int)
            for position in np.argsort(-(quota - taken), kind="stable")[:limit - int(taken.sum())]:
                taken[position] += 1
            kept = sorted(int(index) for name, count in zip(names, taken.tolist())
                          for index in rng.choice(members[name], size=count, replace=False))
        else:
            kept = sorted(int(index) for index in rng.choice(kept, size=limit, replace=False))
    return tuple(kept), EvidenceSample(len(dataset.examples), distinct, len(kept), stratified)


@dataclass(frozen=True, slots=True)
class RareClassRecall:
    """How many of a rare label's examples the best strategy found."""

    label: str
    examples: int
    recall: float
    strategy: str

    def to_dict(self) -> dict:
        return {"label": self.label, "examples": self.examples, "recall": round(self.recall, 4),
                "strategy": self.strategy}


@dataclass(frozen=True, slots=True)
class OfflineBaselines:
    task_kind: str
    results: tuple[OfflineBaseline, ...]
    examples: int
    folds: int  # 0 when nothing was evaluated
    not_enough_data: NotEnoughData | None = None
    classes: ClassesModelled | None = None  # logistic regression modelled only the most frequent labels
    sample: EvidenceSample | None = None  # which examples were scored
    rare_recall: tuple[RareClassRecall, ...] = ()  # classification: the rarest labels, found by the best strategy

    @property
    def primary_metric(self) -> str | None:
        return self.results[0].metric if self.results else None

    def best(self) -> OfflineBaseline | None:
        """The strongest strategy by the task's primary metric (the first listed metric)."""
        ranked = [result for result in self.results if result.metric == self.primary_metric]
        return max(ranked, key=lambda result: result.score, default=None)

    def summary(self) -> dict:
        return {
            "offline": [result.to_dict() for result in self.results],
            "offline_evaluation": {
                "task_kind": self.task_kind,
                "method": f"{self.folds}-fold cross-validation, duplicate groups kept within one fold"
                if self.folds else None,
                "examples": self.examples,
                "folds": self.folds,
                "not_enough_data": None if self.not_enough_data is None else self.not_enough_data.to_dict(),
                "classes_modelled": None if self.classes is None else self.classes.to_dict(),
                "sample": None if self.sample is None else self.sample.to_dict(),
                "rare_class_recall": [item.to_dict() for item in self.rare_recall],
            },
        }


@dataclass(frozen=True, slots=True)
class BaselineInputs:
    """What every cheap learner is given, computed once per dataset."""

    task_kind: str
    texts: tuple[str, ...]  # the input without system prompts
    outputs: tuple[str, ...]  # the expected answer as written
    labels: tuple[str, ...] | None  # classification: the normalised answer
    nothing_to_score: str | None = None  # a message code when the task kind has no answer to predict (a corpus)


def baseline_inputs(dataset: Dataset, task_kind: str | None = None) -> BaselineInputs:
    """The task kind's unit (advisor/task_kinds/) says what is scored: tool calls on the function chosen
    (their arguments cannot be scored offline), a plain-text corpus not at all."""
    kind, outputs, labels, unscorable = _answers(dataset, task_kind)
    return BaselineInputs(
        task_kind=kind,
        texts=tuple(user_text(example) for example in dataset.examples),
        outputs=outputs,
        labels=labels,
        nothing_to_score=unscorable,
    )


def _answers(
    dataset: Dataset, task_kind: str | None
) -> tuple[str, tuple[str, ...], tuple[str, ...] | None, str | None]:
    """`baseline_inputs` without the inputs: (kind scored as, outputs, labels, nothing_to_score)."""
    from advisor.task_kinds import kind_named, scored_as

    kind = task_kind or infer_task_kind(dataset)
    unscorable = None
    if kind == "tool_calling":
        from advisor.task_kinds.tool_calling import final_calls

        outputs = tuple(" + ".join(call.name for call in final_calls(example)) for example in dataset.examples)
    else:
        outputs = tuple(example.final_output() for example in dataset.examples)
    if kind in ("tool_calling", "corpus"):
        unscorable = None if kind_named(kind).baseline_kind else "baseline_corpus"
    kind = scored_as(kind)
    labels = tuple(normalised_each(outputs)) if kind == "classification" else None
    return kind, outputs, labels, unscorable


def infer_task_kind(dataset: Dataset) -> str:
    """The profile's task kind, without the profile's other (slower) checks."""
    from advisor.profiling.checks.base import prepare
    from advisor.profiling.checks.output_format import describe_outputs
    from advisor.profiling.checks.task import infer_task

    data = prepare(dataset)
    return infer_task(data, describe_outputs(data)).kind


def check_enough_data(inputs: BaselineInputs) -> NotEnoughData | None:
    size = len(inputs.outputs)
    if inputs.nothing_to_score:
        return NotEnoughData(inputs.nothing_to_score)
    if size < MIN_EXAMPLES:
        return NotEnoughData("baseline_too_few_examples", (("examples", size), ("minimum", MIN_EXAMPLES)))
    if not any(output.strip() for output in inputs.outputs):
        return NotEnoughData("baseline_no_outputs")
    if inputs.labels is not None and len(set(inputs.labels)) < 2:
        return NotEnoughData("baseline_single_label", (("label", inputs.outputs[0].strip()),))
    return None


@dataclass(frozen=True, slots=True)
class EvidenceExamples:
    """What the offline baselines and the learning curve both start from, worked out once (`advisor recommend`
    draws them in the child that analyses the file): `evidence_sample`'s examples, what the learners are given,
    and the groups of examples sharing an input that folds and the curve's split keep whole (None when there is
    not enough data to score)."""

    task_kind: str  # as the caller named it, or inferred
    limit: int
    seed: int
    kept: tuple[int, ...]  # the sample's examples in the whole dataset
    dataset: Dataset | None  # the sample; None while sent between processes (`detached`)
    sample: EvidenceSample
    inputs: BaselineInputs
    missing: NotEnoughData | None
    groups: tuple[tuple[int, ...], ...] | None

    def detached(self) -> EvidenceExamples:
        """Without the sample's examples, which the receiving process holds already: `attached` puts them back."""
        from dataclasses import replace

        return replace(self, dataset=None)

    def attached(self, whole: Dataset) -> EvidenceExamples:
        from dataclasses import replace

        return replace(self, dataset=examples_at(whole, self.kept))


def evidence_examples(
    dataset: Dataset, task_kind: str | None = None, limit: int = BASELINE_EXAMPLES, seed: int = 0
) -> EvidenceExamples:
    task_kind = task_kind or infer_task_kind(dataset)
    kept, sample = evidence_indexes(dataset, task_kind, limit, seed)
    sampled = examples_at(dataset, kept)
    inputs = baseline_inputs(sampled, task_kind)
    missing = check_enough_data(inputs)
    groups = None if missing else tuple(tuple(group) for group in duplicate_groups(sampled))
    return EvidenceExamples(task_kind, limit, seed, kept, sampled, sample, inputs, missing, groups)


def evidence_for(
    dataset: Dataset, task_kind: str | None, limit: int, seed: int, examples: EvidenceExamples | None
) -> EvidenceExamples:
    """`examples` when they were drawn for these arguments, else drawn now."""
    if examples is None:
        return evidence_examples(dataset, task_kind, limit, seed)
    if (task_kind not in (None, examples.task_kind)) or (limit, seed) != (examples.limit, examples.seed):
        raise ValueError("the evidence examples were drawn with another task kind, limit or seed")
    return examples if examples.dataset is not None else examples.attached(dataset)


def offline_baselines(
    dataset: Dataset,
    task_kind: str | None = None,
    seed: int = 0,
    folds: int = FOLDS,
    resamples: int = RESAMPLES,
    limit: int = BASELINE_EXAMPLES,
    progress: Callable[[int, int], None] | None = None,
    examples: EvidenceExamples | None = None,
) -> OfflineBaselines:
    """Score the cheap strategies out of fold on `evidence_sample`; a dataset too small to judge gives
    `not_enough_data`, never an error. `progress(folds done, folds)` is told after each fold (the app's bar).
    `examples`: `evidence_examples` of this dataset with the same task kind, limit and seed, if already drawn."""
    if folds < 2:
        raise ValueError("folds must be at least 2")
    drawn = evidence_for(dataset, task_kind, limit, seed, examples)
    inputs, sample = drawn.inputs, drawn.sample
    size = len(inputs.outputs)
    if drawn.missing is not None:
        return OfflineBaselines(inputs.task_kind, (), size, 0, drawn.missing, sample=sample)
    groups = drawn.groups
    fold_of = assign_folds(groups, inputs.labels, folds, seed)
    used = int(fold_of.max()) + 1
    if used < 2:
        reason = NotEnoughData("baseline_too_few_groups", (("examples", size), ("groups", len(groups))))
        return OfflineBaselines(inputs.task_kind, (), size, 0, reason, sample=sample)
    capped = None
    if inputs.labels is not None:
        predictions = _classification_predictions(inputs.texts, inputs.labels, fold_of, progress)
        references: Sequence[str] = inputs.labels
        capped = classes_modelled(inputs.labels)
    else:
        predictions = {"nearest_neighbour": _answer_predictions(inputs.texts, inputs.outputs, fold_of, progress)}
        references = inputs.outputs
    primary = primary_metric(inputs.task_kind, references)
    metrics = (primary,) + tuple(metric for metric in METRICS_BY_KIND[inputs.task_kind] if metric != primary)
    results = []
    for metric in metrics:  # primary metric first: renderers and `best` rely on the order
        for strategy, predicted in predictions.items():
            score = score_metric(metric, references, predicted, seed, resamples)
            if score.n:
                results.append(OfflineBaseline.of(strategy, score))
    rare = ()
    if inputs.labels is not None and results:
        best = max((result for result in results if result.metric == primary), key=lambda result: result.score)
        rare = rare_class_recall(references, predictions[best.strategy], best.strategy)
    return OfflineBaselines(inputs.task_kind, tuple(results), size, used, classes=capped, sample=sample,
                            rare_recall=rare)


def rare_class_recall(
    references: Sequence[str], predictions: Sequence[str], strategy: str, shown: int = RARE_CLASSES_SHOWN
) -> tuple[RareClassRecall, ...]:
    """Recall of the `shown` labels with the fewest examples (ties alphabetical), rarest first."""
    recall = class_recall(references, predictions)
    rarest = sorted(recall.items(), key=lambda item: (item[1][0], item[0]))[:shown]
    return tuple(RareClassRecall(label, examples, found, strategy) for label, (examples, found) in rarest)


# --- folds ---------------------------------------------------------------------------------------------


def duplicate_groups(dataset: Dataset) -> list[list[int]]:
    """Examples sharing a normalised or nearly equal input: exactly the units split_dataset keeps together."""
    from advisor.profiling.split import input_units  # one definition of "the same input" for splits and folds

    return input_units(dataset, THRESHOLD)


def assign_folds(groups: Sequence[Sequence[int]], labels: Sequence[str] | None, folds: int, seed: int) -> np.ndarray:
    """The fold of each example: whole groups, stratified by each group's most common label, seeded.

    Greedy: groups are taken label by label, largest first (ties in a seeded random order), each into
    the fold holding the fewest examples of that label so far, then the fewest overall.
    """
    size = sum(len(group) for group in groups)
    folds = max(1, min(folds, len(groups)))
    rng = np.random.default_rng(seed)
    tie_break = rng.permutation(len(groups))
    group_label = [
        Counter(labels[index] for index in group).most_common(1)[0][0] if labels is not None else "" for group in groups
    ]
    order = sorted(
        range(len(groups)), key=lambda number: (group_label[number], -len(groups[number]), tie_break[number])
    )
    fold_of = np.zeros(size, dtype=np.int64)
    totals = np.zeros(folds, dtype=np.int64)
    per_label = np.zeros(folds, dtype=np.int64)
    current = None
    for number in order:
        if group_label[number] != current:
            current, per_label = group_label[number], np.zeros(folds, dtype=np.int64)
        fold = int(np.lexsort((totals, per_label))[0])
        fold_of[list(groups[number])] = fold
        totals[fold] += len(groups[number])
        per_label[fold] += len(groups[number])
    return fold_of


# --- learners --------------------------------------------------------------------------------------------


def import_learners() -> None:
    """Import the parts of scikit-learn the baselines use (over a second in a fresh process): before a process
    forks its children, so that they inherit them instead of each importing them again."""
    import sklearn.feature_extraction.text
    import sklearn.linear_model  # noqa: F401


def tfidf_features(train_texts: Sequence[str], test_texts: Sequence[str]):  # noqa: ANN201 - scipy sparse pair
    """TF-IDF fitted on the training texts only; None when they share no usable word at all."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(**TFIDF_OPTIONS)
    try:
        train = vectorizer.fit_transform(train_texts)
    except ValueError:  # empty vocabulary: empty or one-letter texts only
        return None
    return train, vectorizer.transform(test_texts)


class WordCounts:
    """Every text's word counts, read once; `tfidf(train, test)` is then what `tfidf_features` gives for those rows
    (the vocabulary and IDF of the training rows only) without reading the texts again. Reading them was a fifth of
    the baselines' time: once per fold and per learning-curve point."""

    def __init__(self, texts: Sequence[str]) -> None:
        from sklearn.feature_extraction.text import CountVectorizer

        # TfidfVectorizer is this CountVectorizer followed by a TfidfTransformer; the sorted vocabulary of all the
        # texts, cut to the words the training rows hold, is the sorted vocabulary of the training rows.
        options = {name: value for name, value in TFIDF_OPTIONS.items() if name != "sublinear_tf"}
        try:
            self.counts = CountVectorizer(**options).fit_transform(texts).tocsr()
        except ValueError:  # no usable word in any text
            self.counts = None

    def tfidf(self, train: Sequence[int] | np.ndarray, test: Sequence[int] | np.ndarray):  # noqa: ANN201
        """(training rows, test rows) as TF-IDF fitted on the training rows; None when they hold no word."""
        from sklearn.feature_extraction.text import TfidfTransformer

        if self.counts is None:
            return None
        train_counts = self.counts[np.asarray(train, dtype=np.int64)]
        words = np.flatnonzero(np.bincount(train_counts.indices, minlength=self.counts.shape[1]))
        if not len(words):
            return None
        transformer = TfidfTransformer(sublinear_tf=TFIDF_OPTIONS["sublinear_tf"])
        fitted = transformer.fit_transform(train_counts[:, words])
        return fitted, transformer.transform(self.counts[np.asarray(test, dtype=np.int64)][:, words])


def nearest_neighbours(train, test) -> np.ndarray:  # noqa: ANN001 - scipy sparse, rows of unit length
    """Index of the most similar training row for each test row (cosine); -1 when no word is shared."""
    found = np.full(test.shape[0], -1, dtype=np.int64)
    rows = max(1, _SIMILARITY_CELLS // max(1, train.shape[0], train.shape[1]))
    for start in range(0, test.shape[0], rows):
        # sparse × dense straight into a dense block (training rows × test columns): faster than a sparse product
        # made dense afterwards; reduced along its contiguous axis
        similarity = train @ test[start:start + rows].T.toarray()
        best = similarity.argmax(axis=0)  # ties: the earliest training example, for determinism
        shared = similarity[best, np.arange(len(best))] > 0
        found[start:start + rows] = np.where(shared, best, -1)
    return found


def most_common(values: Sequence[str]) -> str:
    """The most frequent value, ties broken alphabetically so the answer never depends on order."""
    counts = Counter(values)
    return min(counts, key=lambda value: (-counts[value], value))


def predict_labels_logreg(
    train_texts: Sequence[str], train_labels: Sequence[str], test_texts: Sequence[str], features=None,  # noqa: ANN001
) -> list[str]:
    """TF-IDF + logistic regression; the training majority when there is one label or no vocabulary.

    Only the MAX_CLASSES most frequent training labels are modelled (fitted on their examples alone)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    fallback = most_common(train_labels)
    features = features if features is not None else tfidf_features(train_texts, test_texts)
    if features is None or len(set(train_labels)) < 2:
        return [fallback] * len(test_texts)
    train, test = features
    counts = Counter(train_labels)
    if len(counts) > MAX_CLASSES:
        kept = {label for label, _ in _by_frequency(counts)[:MAX_CLASSES]}
        rows = [row for row, label in enumerate(train_labels) if label in kept]
        train, train_labels = train[rows], [train_labels[row] for row in rows]
    model = LogisticRegression(**LOGREG_OPTIONS)
    with warnings.catch_warnings():  # the iteration cap reached and many labels on few examples are expected
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", message="The number of unique classes is greater than 50%")
        model.fit(train, list(train_labels))
    return [str(label) for label in model.predict(test)]


def _by_frequency(counts: Counter) -> list[tuple[str, int]]:
    """Labels most frequent first, ties alphabetical: the same labels are kept whatever the order of the data."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def predict_nearest(
    train_texts: Sequence[str], train_answers: Sequence[str], test_texts: Sequence[str], features=None  # noqa: ANN001
) -> list[str]:
    """The answer of the most similar training input; the most common answer when nothing is similar."""
    features = features if features is not None else tfidf_features(train_texts, test_texts)
    keys = normalised_each(train_answers)
    common = most_common(keys)
    fallback = train_answers[keys.index(common)]
    if features is None:
        return [fallback] * len(test_texts)
    neighbour = nearest_neighbours(*features)
    return [train_answers[index] if index >= 0 else fallback for index in neighbour]


def _classification_predictions(
    texts: Sequence[str], labels: Sequence[str], fold_of: np.ndarray,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, list[str]]:
    strategies = ("majority", "logistic_regression", "nearest_neighbour")
    predicted = {strategy: [""] * len(texts) for strategy in strategies}
    words = WordCounts(texts)
    for fold in range(int(fold_of.max()) + 1):
        train = np.flatnonzero(fold_of != fold)
        test = np.flatnonzero(fold_of == fold)
        train_texts, train_labels = [texts[i] for i in train], [labels[i] for i in train]
        test_texts = [texts[i] for i in test]
        features = words.tfidf(train, test)
        answers = {
            "majority": [most_common(train_labels)] * len(test),
            "logistic_regression": predict_labels_logreg(train_texts, train_labels, test_texts, features),
            "nearest_neighbour": predict_nearest(train_texts, train_labels, test_texts, features),
        }
        for strategy, values in answers.items():
            for index, value in zip(test, values):
                predicted[strategy][index] = value
        if progress is not None:
            progress(fold + 1, int(fold_of.max()) + 1)
    return predicted


def _answer_predictions(texts: Sequence[str], outputs: Sequence[str], fold_of: np.ndarray,
                        progress: Callable[[int, int], None] | None = None) -> list[str]:
    predicted = [""] * len(texts)
    words = WordCounts(texts)
    for fold in range(int(fold_of.max()) + 1):
        train = np.flatnonzero(fold_of != fold)
        test = np.flatnonzero(fold_of == fold)
        answers = predict_nearest([texts[i] for i in train], [outputs[i] for i in train], [texts[i] for i in test],
                                  words.tfidf(train, test))
        for index, value in zip(test, answers):
            predicted[index] = value
        if progress is not None:
            progress(fold + 1, int(fold_of.max()) + 1)
    return predicted
