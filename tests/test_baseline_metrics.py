"""Metrics on hand-made pairs (expected values worked out by hand below), and the bootstrap intervals."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import f1_score

from advisor.baselines.metrics import (
    bootstrap_interval,
    chrf,
    exact_match,
    field_f1,
    json_valid,
    key_f1,
    macro_f1,
    macro_f1_interval,
    score_all,
    score_metric,
    score_predictions,
    token_f1,
)


def test_exact_match_ignores_case_and_spacing_and_json_layout() -> None:
    assert exact_match("Billing", "  billing ") == 1.0
    assert exact_match("billing", "shipping") == 0.0
    assert exact_match('{"a": 1, "b": [1, 2]}', '{"b":[1,2],"a":1}') == 1.0  # same JSON value
    assert exact_match('{"a": 1}', '{"a": 2}') == 0.0


def test_token_f1_by_hand() -> None:
    # reference 3 tokens, prediction 2, both shared: precision 1, recall 2/3 → F1 = 2·(2/3)/(5/3) = 0.8
    assert token_f1("The cat sat.", "the CAT") == pytest.approx(0.8)
    # counts clip: "a" twice in the reference, once in the prediction → 1 shared of 2 predicted, 3 expected
    # precision 1/2, recall 1/3 → F1 = 2·(1/6)/(5/6) = 0.4
    assert token_f1("a a b", "a c") == pytest.approx(0.4)
    assert token_f1("x y", "z") == 0.0
    assert token_f1("", "") == 1.0 and token_f1("", "word") == 0.0 and token_f1("word", "...") == 0.0


def test_chrf_by_hand() -> None:
    assert chrf("abc", "abc") == 1.0
    assert chrf("a b c", "abc") == 1.0  # whitespace is ignored
    assert chrf("ab", "cd") == 0.0
    # "abc" vs "abd": 1-grams 2/3 match both ways, 2-grams 1/2, 3-grams 0; orders 4–6 exist in neither.
    # Averaged precision = recall = (2/3 + 1/2 + 0) / 3 = 7/18, and F-beta of equal P and R is that value.
    assert chrf("abc", "abd") == pytest.approx(7 / 18)
    # reference "ab", prediction "abc": 1-grams P 2/3 R 1, 2-grams P 1/2 R 1, 3-grams only in the prediction.
    # P = 7/12, R = 1 → (1 + 4)·P·R / (4·P + R) = (35/12) / (40/12) = 0.875
    assert chrf("ab", "abc") == pytest.approx(0.875)
    assert chrf("", "") == 1.0 and chrf("abc", "") == 0.0


def test_json_metrics_by_hand() -> None:
    reference = '{"city": "Recife", "state": "PE"}'
    assert json_valid(reference, '{"city": "Recife"}') == 1.0
    assert json_valid(reference, "city: Recife") == 0.0
    assert json_valid(reference, '"a JSON string is not a structured answer"') == 0.0
    # keys {city, state} vs {city, zip}: one shared of 2 + 2 → 2·1/4
    assert key_f1(reference, '{"city": "Olinda", "zip": "1"}') == pytest.approx(0.5)
    assert field_f1(reference, '{"city": "Olinda", "zip": "1"}') == 0.0
    # same keys, one value right: keys 1.0, fields 2·1/4
    assert key_f1(reference, '{"state": "PE", "city": "Olinda"}') == 1.0
    assert field_f1(reference, '{"state": "PE", "city": "Olinda"}') == pytest.approx(0.5)
    assert key_f1(reference, "not json") == 0.0 and field_f1(reference, "[1, 2]") == 0.0
    assert key_f1("plain text", '{"a": 1}') is None  # the item says nothing about keys


def test_score_metric_leaves_out_items_a_metric_does_not_apply_to() -> None:
    references = ['{"a": 1}', "plain", '{"a": 2}']
    predictions = ['{"a": 1}', '{"a": 1}', "oops"]
    score = score_metric("key_f1", references, predictions)
    assert (score.n, score.score) == (2, 0.5)
    assert score_metric("json_valid", references, predictions).n == 3


def test_macro_f1_matches_scikit_learn() -> None:
    rng = np.random.default_rng(1)
    labels = ["a", "b", "c", "d"]
    truth = [labels[i] for i in rng.integers(0, 4, 300)]
    guess = [label if rng.random() < 0.6 else labels[rng.integers(0, 4)] for label in truth]
    guess[:5] = ["e"] * 5  # a label only ever predicted still counts, as in scikit-learn
    assert macro_f1(truth, guess) == pytest.approx(f1_score(truth, guess, average="macro"))
    assert macro_f1(["A ", "b"], ["a", "b"]) == 1.0  # labels compared after normalising
    assert plain_macro_f1(truth, guess) == pytest.approx(f1_score(truth, guess, average="macro"))


def plain_macro_f1(truth: list[str], guess: list[str]) -> float:
    """Macro-F1 from its definition, label by label (checked against scikit-learn above)."""
    scores = []
    for label in set(truth) | set(guess):
        hits = sum(a == b == label for a, b in zip(truth, guess))
        scores.append(2 * hits / (truth.count(label) + guess.count(label)))
    return sum(scores) / len(scores)


def test_item_resampling_equals_a_plain_loop_over_the_same_draws() -> None:
    values = np.random.default_rng(7).random(200)  # all distinct: items are resampled one by one
    draws = np.random.default_rng(3).integers(0, 200, size=(1000, 200))
    loop = [values[row].mean() for row in draws]
    assert bootstrap_interval(values, seed=3) == pytest.approx(tuple(np.percentile(loop, [2.5, 97.5])))


def test_count_resampling_has_the_distribution_of_item_resampling() -> None:
    """0/1 scores and label pairs are resampled as multinomial counts; a plain item loop must agree.

    Two independent 2,000-resample estimates of a 2.5 % or 97.5 % quantile differ by about 0.004 (one
    standard error) here; 0.015 allows for almost four.
    """
    rng = np.random.default_rng(8)
    truth = [str(i) for i in rng.integers(0, 3, 150)]
    guess = [label if rng.random() < 0.7 else "0" for label in truth]
    correct = np.array([a == b for a, b in zip(truth, guess)], dtype=float)
    draws = np.random.default_rng(99).integers(0, 150, size=(2000, 150))
    accuracy_loop = np.percentile([correct[row].mean() for row in draws], [2.5, 97.5])
    f1_loop = np.percentile([plain_macro_f1([truth[i] for i in row], [guess[i] for i in row]) for row in draws],
                            [2.5, 97.5])
    assert bootstrap_interval(correct, seed=1, resamples=2000) == pytest.approx(tuple(accuracy_loop), abs=0.015)
    assert macro_f1_interval(truth, guess, seed=1, resamples=2000) == pytest.approx(tuple(f1_loop), abs=0.015)


def test_bootstrap_interval_contains_the_estimate_narrows_with_n_and_matches_the_normal_width() -> None:
    small = np.array([1.0] * 70 + [0.0] * 30)
    large = np.array([1.0] * 1750 + [0.0] * 750)
    for values in (small, large):
        low, high = bootstrap_interval(values, seed=0)
        assert low < values.mean() < high
        normal = 2 * 1.96 * math.sqrt(0.7 * 0.3 / values.size)  # binomial proportion, normal approximation
        assert high - low == pytest.approx(normal, rel=0.15)
    assert np.ptp(bootstrap_interval(large)) < np.ptp(bootstrap_interval(small)) / 4


def test_bootstrap_is_deterministic_for_a_seed_and_handles_degenerate_samples() -> None:
    values = np.random.default_rng(0).random(50)
    assert bootstrap_interval(values, seed=11) == bootstrap_interval(values, seed=11)
    assert bootstrap_interval(values, seed=11) != bootstrap_interval(values, seed=12)
    assert bootstrap_interval([0.4]) == (0.4, 0.4)
    assert bootstrap_interval([1.0, 1.0, 1.0]) == (1.0, 1.0)
    assert all(math.isnan(value) for value in bootstrap_interval([]))
    many = np.random.default_rng(0).random(20_000)  # drawn in chunks: memory stays bounded
    low, high = bootstrap_interval(many, resamples=300)
    assert low < many.mean() < high


def test_score_predictions_uses_the_primary_metric_of_the_task_kind() -> None:
    score = score_predictions("classification", ["a", "b", "A ", "a"], ["a", "a", "a", "a"])
    assert (score.metric, score.score, score.n) == ("accuracy", 0.75, 4)
    assert score.ci_low <= 0.75 <= score.ci_high == 1.0
    assert score_predictions("generation", ["abc"], ["abd"]).metric == "chrf"
    assert score_predictions("chat", ["abc"], ["abd"]).score == pytest.approx(7 / 18)
    assert score_predictions("extraction", ['{"a": 1}'], ['{"a": 1}']).metric == "field_f1"
    assert score_predictions("extraction", ["[1, 2]"], ["[1, 2]"]).metric == "exact_match"  # no object to compare
    with pytest.raises(ValueError):
        score_predictions("summarisation", ["a"], ["a"])
    with pytest.raises(ValueError):
        score_predictions("classification", ["a", "b"], ["a"])


def test_score_all_lists_the_metrics_of_the_kind() -> None:
    assert [score.metric for score in score_all("classification", ["a", "b"], ["a", "a"])] == ["accuracy", "macro_f1"]
    assert [score.metric for score in score_all("generation", ["x"], ["x"])] == ["exact_match", "token_f1", "chrf"]
    extraction = score_all("extraction", ['{"a": 1}', '{"a": 2}'], ['{"a": 1}', "no"])
    assert [score.metric for score in extraction] == [
        "exact_match", "token_f1", "chrf", "json_valid", "key_f1", "field_f1",
    ]
    assert {score.metric: score.score for score in extraction}["json_valid"] == 0.5
    assert score_all("generation", [], []) == ()


@pytest.mark.parametrize(("counts", "metric"), [
    ((30, 10), "accuracy"),  # exactly 3:1 is not yet skewed
    ((31, 10), "macro_f1"),
    ((35, 1), "macro_f1"),
    ((10, 10, 10), "accuracy"),
    ((40, 20, 10), "macro_f1"),  # the largest over the smallest: 4:1
])
def test_skewed_labels_make_macro_f1_the_primary_metric(counts: tuple[int, ...], metric: str) -> None:
    from advisor.baselines.metrics import primary_metric

    references = [f"Label{number} " if number % 2 else f"label{number}" for number, count in enumerate(counts)
                  for _ in range(count)]
    assert primary_metric("classification", references) == metric
    assert score_predictions("classification", references, references).metric == metric


def test_on_35_to_1_labels_the_majority_class_scores_well_in_accuracy_and_badly_in_macro_f1() -> None:
    references = ["positive"] * 6491 + ["negative"] * 183
    majority = ["positive"] * len(references)
    assert score_metric("accuracy", references, majority).score == pytest.approx(6491 / 6674)  # 0.973
    expected = f1_score(references, majority, average="macro", zero_division=0)  # scikit-learn, independently
    assert expected == pytest.approx(0.4931, abs=1e-4)
    assert score_predictions("classification", references, majority).score == pytest.approx(expected)


def test_class_recall_counts_each_labels_examples_and_how_many_were_found() -> None:
    from advisor.baselines.metrics import class_recall

    references = ["spam", "spam", "ham", "ham", "ham", "Ham "]
    predictions = ["spam", "ham", "ham", "spam", "ham", "ham"]
    # spam: 1 of 2 found; ham (normalised, so "Ham " counts): 3 of 4
    assert class_recall(references, predictions) == {"spam": (2, 0.5), "ham": (4, 0.75)}
