"""Offline baselines: scores equal what is known of the synthetic data, folds leak nothing, small data never raises."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
from collections import Counter

import numpy as np
import pytest
from sklearn.metrics import f1_score

from advisor import load_bytes
from advisor.baselines.metrics import macro_f1, macro_f1_interval
from advisor.baselines.offline import (
    MAX_CLASSES,
    MIN_EXAMPLES,
    TFIDF_OPTIONS,
    OfflineBaselines,
    WordCounts,
    assign_folds,
    baseline_inputs,
    classes_modelled,
    duplicate_groups,
    infer_task_kind,
    offline_baselines,
    predict_labels_logreg,
)
from advisor.data.model import Dataset

FILLER = [f"filler{number}" for number in range(400)]
SYSTEM = "You route tickets. Mention topic0 topic1 topic2 topic3 here to prove the system prompt is not used."


def dataset_of(pairs: list[tuple[str, str]], system: str | None = SYSTEM) -> Dataset:
    rows = []
    for user, answer in pairs:
        messages = ([{"role": "system", "content": system}] if system else []) + [
            {"role": "user", "content": user}, {"role": "assistant", "content": answer}]
        rows.append(json.dumps({"messages": messages}))
    return load_bytes(("\n".join(rows) + "\n").encode(), "data.jsonl")


def keyword_task(sizes: dict[str, int], noise: float = 0.0, seed: int = 0, fillers: int = 8) -> list[tuple[str, str]]:
    """Each input holds random filler and one keyword naming its class; `noise` of the labels are redrawn."""
    rng = random.Random(seed)
    labels = list(sizes)
    pairs = []
    for label, count in sizes.items():
        for _ in range(count):
            words = rng.sample(FILLER, fillers) + [f"topic{labels.index(label)}"]
            rng.shuffle(words)
            pairs.append((" ".join(words), rng.choice(labels) if rng.random() < noise else label))
    rng.shuffle(pairs)
    return pairs


def unique_words(tag: str, count: int) -> str:
    """Words no other input has: the only word two inputs share is then the one the test plants."""
    return " ".join(f"{tag}w{number}" for number in range(count))


def by_strategy(result: OfflineBaselines, metric: str) -> dict[str, float]:
    return {item.strategy: item.score for item in result.results if item.metric == metric}


def test_majority_scores_the_majority_share_and_its_macro_f1() -> None:
    pairs = keyword_task({"billing": 60, "shipping": 25, "refund": 15})
    result = offline_baselines(dataset_of(pairs), seed=0)
    labels = [label for _, label in pairs]
    # The majority label is "billing" in every fold's training part, so every fold predicts it.
    assert by_strategy(result, "accuracy")["majority"] == pytest.approx(labels.count("billing") / len(labels))
    expected_f1 = f1_score(labels, ["billing"] * len(labels), average="macro")
    assert by_strategy(result, "macro_f1")["majority"] == pytest.approx(expected_f1)


def test_separable_task_logistic_regression_near_perfect_majority_not() -> None:
    result = offline_baselines(dataset_of(keyword_task({"a": 100, "b": 60, "c": 40, "d": 40}, fillers=3)), seed=0)
    accuracy = by_strategy(result, "accuracy")
    assert accuracy["logistic_regression"] >= 0.98
    assert accuracy["nearest_neighbour"] > accuracy["majority"]  # filler shared across classes misleads it at times
    assert accuracy["majority"] == pytest.approx(100 / 240)
    assert result.best().strategy == "logistic_regression"
    assert result.folds == 5 and result.examples == 240
    assert {item.n for item in result.results} == {240}
    for item in result.results:
        assert item.ci_low <= item.score <= item.ci_high


def test_noisy_labels_score_lower_and_the_intervals_separate() -> None:
    sizes = {"a": 100, "b": 100, "c": 100, "d": 100}
    clean = offline_baselines(dataset_of(keyword_task(sizes)), seed=0)
    noisy = offline_baselines(dataset_of(keyword_task(sizes, noise=0.4)), seed=0)
    clean_score = next(item for item in clean.results if item.strategy == "logistic_regression")
    noisy_score = next(item for item in noisy.results if item.strategy == "logistic_regression")
    # 40 % redrawn uniformly among 4 labels: 30 % wrong labels, so 0.7 is the best any learner can score
    assert 0.5 < noisy_score.score < 0.75
    assert noisy_score.ci_high < clean_score.ci_low


def test_system_prompt_is_not_part_of_the_input() -> None:
    inputs = baseline_inputs(dataset_of([("hello there", "x")]))
    assert inputs.texts == ("hello there",)
    assert inputs.outputs == ("x",)


def test_duplicates_never_straddle_folds() -> None:
    """Inputs repeated (once in another case) with random labels: a leak would let the neighbour copy the label."""
    rng = random.Random(4)
    pairs = []
    for index in range(80):
        text = " ".join(rng.sample(FILLER, 10))
        label = rng.choice(["x", "y", "z"])
        pairs += [(text, label), (text.upper(), label)]
    dataset = dataset_of(pairs)
    groups = duplicate_groups(dataset)
    assert len(groups) == 80
    fold_of = assign_folds(groups, [label for _, label in pairs], 5, seed=0)
    assert all(len({fold_of[index] for index in group}) == 1 for group in groups)
    accuracy = by_strategy(offline_baselines(dataset, seed=0), "accuracy")
    assert accuracy["nearest_neighbour"] < 0.6  # chance is about 1/3; a leak would give 1.0


def test_folds_are_stratified_and_balanced() -> None:
    labels = ["a"] * 53 + ["b"] * 31 + ["c"] * 16
    groups = [[index] for index in range(100)]
    fold_of = assign_folds(groups, labels, 5, seed=9)
    for label, total in Counter(labels).items():
        per_fold = Counter(int(fold_of[index]) for index in range(100) if labels[index] == label)
        assert max(per_fold.values()) - min(per_fold.values()) <= 1 and sum(per_fold.values()) == total
    assert np.ptp(np.bincount(fold_of)) <= 1
    assert np.array_equal(assign_folds(groups, labels, 5, seed=9), fold_of)


def test_nearest_neighbour_answers_for_generation_and_extraction() -> None:
    cities = {"recife": "PE", "salvador": "BA", "curitiba": "PR", "manaus": "AM"}
    generation, extraction = [], []
    for index in range(60):
        city = list(cities)[index % 4]
        text = f"{unique_words(f'g{index}', 6)} {city}"
        generation.append((text, f"Your parcel to {city.title()} leaves tomorrow."))
        extraction.append((text, json.dumps({"city": city.title(), "state": cities[city]})))
    result = offline_baselines(dataset_of(generation), task_kind="generation", seed=0)
    metrics = {item.metric: item.score for item in result.results}
    assert set(metrics) == {"exact_match", "token_f1", "chrf"}
    assert result.results[0].metric == "chrf"  # the primary metric comes first
    assert metrics["exact_match"] == 1.0  # the neighbour always shares the city word, whose answer is identical

    result = offline_baselines(dataset_of(extraction), task_kind="extraction", seed=0)
    metrics = {item.metric: item.score for item in result.results}
    assert set(metrics) == {"exact_match", "token_f1", "chrf", "json_valid", "key_f1", "field_f1"}
    assert metrics["json_valid"] == 1.0 and metrics["key_f1"] == 1.0 and metrics["field_f1"] == 1.0


def test_nearest_neighbour_answer_is_scored_against_a_known_miss() -> None:
    """Two topics whose answers differ: every input's neighbour is from its own topic, except the lone odd one."""
    pairs = [(f"{unique_words(f'a{index}', 5)} alpha", "answer one") for index in range(15)]
    pairs += [(f"{unique_words(f'b{index}', 5)} beta", "answer two") for index in range(15)]
    pairs.append(("gamma delta epsilon", "answer three"))  # shares no word: gets the most common answer
    result = offline_baselines(dataset_of(pairs), task_kind="generation", seed=0)
    exact = next(item for item in result.results if item.metric == "exact_match")
    assert exact.score == pytest.approx(30 / 31)


@pytest.mark.parametrize(
    ("pairs", "code"),
    [
        ([(f"input number{i}", "ab"[i % 2]) for i in range(MIN_EXAMPLES - 1)], "baseline_too_few_examples"),
        ([], "baseline_too_few_examples"),
        ([(f"text number{i}", "same") for i in range(30)], "baseline_single_label"),
        ([(f"text number{i}", "") for i in range(30)], "baseline_no_outputs"),
        ([("the very same input", f"answer number {i}") for i in range(30)], "baseline_too_few_groups"),
    ],
)
def test_not_enough_data_is_a_result_not_an_error(pairs: list[tuple[str, str]], code: str) -> None:
    result = offline_baselines(dataset_of(pairs))
    assert result.results == () and result.not_enough_data is not None
    assert result.not_enough_data.code == code
    assert result.not_enough_data.message("pt") and result.not_enough_data.message("en")
    summary = json.loads(json.dumps(result.summary(), allow_nan=False))
    assert summary["offline"] == [] and summary["offline_evaluation"]["not_enough_data"]["code"] == code


def test_inputs_without_usable_words_fall_back_to_the_majority() -> None:
    pairs = [(f"{chr(97 + i % 26)} {i // 26}", "yes" if i % 3 else "no") for i in range(30)]  # one-letter words only
    result = offline_baselines(dataset_of(pairs), task_kind="classification", seed=0)
    accuracy = by_strategy(result, "accuracy")
    assert list(accuracy.values()) == [pytest.approx(20 / 30)] * 3


def test_word_counts_read_once_give_the_tfidf_of_a_vectorizer_fitted_on_the_training_rows() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = ["The card was DECLINED", "my card, my card!", "a", "", "pending transfer of money",
             "money money money back", "x y", "refund for the card", "declined twice: card declined"]
    words = WordCounts(texts)
    for train, test in [([0, 1, 4], [5, 7, 2, 8]), ([0, 1, 2, 3, 4, 5, 8], [6, 7]), ([4, 5], [0, 4])]:
        vectorizer = TfidfVectorizer(**TFIDF_OPTIONS)  # what each fold fitted before, on its training texts only
        expected_train = vectorizer.fit_transform([texts[i] for i in train]).toarray()
        expected_test = vectorizer.transform([texts[i] for i in test]).toarray()
        fitted, transformed = words.tfidf(train, test)
        # words the training rows lack ("declined" in the last split) are no column at all, as in the vectorizer
        assert fitted.shape == expected_train.shape and transformed.shape == expected_test.shape
        assert np.array_equal(fitted.toarray(), expected_train) and np.array_equal(transformed.toarray(), expected_test)
    assert words.tfidf([2, 3, 6], [0]) is None  # one-letter words and empty texts: no vocabulary, as the vectorizer
    assert WordCounts(["a", "", "b c"]).tfidf([0, 1], [2]) is None


def test_deterministic_for_a_seed_and_json_shape() -> None:
    dataset = dataset_of(keyword_task({"a": 40, "b": 40, "c": 20}, noise=0.3, seed=1))
    first, again = offline_baselines(dataset, seed=3), offline_baselines(dataset, seed=3)
    assert first == again
    summary = json.loads(json.dumps(first.summary(), allow_nan=False))
    assert all(set(item) == {"strategy", "metric", "score", "ci_low", "ci_high", "n"} for item in summary["offline"])
    strategies = [item["strategy"] for item in summary["offline"][:3]]
    assert strategies == ["majority", "logistic_regression", "nearest_neighbour"]
    assert summary["offline_evaluation"]["task_kind"] == "classification"  # inferred from the answers


# --- many labels: memory and time bounded whatever the number of classes (issue 19, point 5) ------------


def test_logistic_regression_models_the_most_frequent_labels_and_scores_the_rest_as_wrong() -> None:
    # 50 labels of 6 examples and 60 of 3: 110 labels > MAX_CLASSES (50), so only the 6-example ones are modelled.
    sizes = {f"common{number}": 6 for number in range(50)} | {f"rare{number}": 3 for number in range(60)}
    pairs = keyword_task(sizes, fillers=3)
    result = offline_baselines(dataset_of(pairs), seed=0)
    modelled_share = 300 / 480
    accuracy = by_strategy(result, "accuracy")
    # every example of a rare label is predicted as a common one, so wrong; the common ones are separable
    assert 0.6 <= accuracy["logistic_regression"] <= modelled_share
    capped = result.summary()["offline_evaluation"]["classes_modelled"]
    assert capped["modelled"] == MAX_CLASSES == 50 and capped["labels"] == 110
    assert capped["share_of_examples"] == pytest.approx(modelled_share, abs=1e-4)
    assert "50 most frequent of 110 labels (62% of the examples)" in capped["message"]
    assert "50 rótulos mais frequentes de 110 (62% dos exemplos)" in result.classes.message("pt")


def test_a_share_below_one_percent_is_not_shown_as_zero() -> None:
    capped = classes_modelled([f"l{number}" for number in range(50_000) for _ in range(4)])
    assert (capped.modelled, capped.labels, capped.share) == (50, 50_000, 200 / 200_000)
    assert "(0.1% of the examples)" in capped.message() and "(0,1% dos exemplos)" in capped.message("pt")


def test_few_labels_are_all_modelled_and_say_so() -> None:
    result = offline_baselines(dataset_of(keyword_task({"a": 30, "b": 30})), seed=0)
    assert result.classes is None and result.summary()["offline_evaluation"]["classes_modelled"] is None


def test_logistic_regression_never_predicts_a_label_it_does_not_model() -> None:
    labels = [f"label{number:03}" for number in range(120)]  # 2 examples each: ties go alphabetically
    train_texts = [f"word{number % 7} key{labels.index(label)}" for label in labels for number in range(2)]
    train_labels = [label for label in labels for _ in range(2)]
    predicted = predict_labels_logreg(train_texts, train_labels, [f"key{number}" for number in range(120)])
    assert predicted[:MAX_CLASSES] == labels[:MAX_CLASSES]  # the modelled ones, by their keyword
    assert set(predicted) <= set(labels[:MAX_CLASSES])


def test_macro_f1_interval_over_50000_labels_fits_in_a_small_memory_limit() -> None:
    # The pairs × labels matrices of the old code asked for tens of GiB here; a 1.5 GB address-space limit in a
    # child process (glibc: numpy's own import takes ~0.5 GB of address space) turns that into a MemoryError.
    code = textwrap.dedent("""
        import resource, numpy as np
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
        from advisor.baselines.metrics import macro_f1, macro_f1_interval
        rng = np.random.default_rng(0)
        truth = [f"l{value}" for value in rng.integers(0, 50_000, 100_000)]
        guess = [label if keep else "l0" for label, keep in zip(truth, rng.random(100_000) < 0.5)]
        low, high = macro_f1_interval(truth, guess, resamples=100)
        print(macro_f1(truth, guess), low, high)
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    point, low, high = (float(value) for value in result.stdout.split())
    assert low <= point <= high and 0.3 < point < 0.8


def test_macro_f1_chunked_bootstrap_equals_scikit_learn_and_is_deterministic() -> None:
    rng = np.random.default_rng(1)
    truth = [f"l{value}" for value in rng.integers(0, 300, 2_000)]
    guess = [label if keep else f"l{value}" for label, keep, value in zip(truth, rng.random(2_000) < 0.6,
                                                                           rng.integers(0, 300, 2_000))]
    assert macro_f1(truth, guess) == pytest.approx(f1_score(truth, guess, average="macro"))
    assert macro_f1_interval(truth, guess, seed=4) == macro_f1_interval(truth, guess, seed=4)


def test_a_label_per_example_or_two_is_not_called_classification() -> None:
    # 300 answers "yes" and 100 answers seen once: 101 distinct ≤ 400/3, but the median label has 1 example
    pairs = [(f"question {number}", "yes") for number in range(300)] + [
        (f"lookup {number}", f"record {number}") for number in range(100)]
    dataset = dataset_of(pairs)
    assert infer_task_kind(dataset) == "generation"
    assert baseline_inputs(dataset).labels is None  # the baselines do not pretend otherwise
    assert offline_baselines(dataset, seed=0).results[0].strategy == "nearest_neighbour"


def test_the_rarest_labels_recall_is_reported_rarest_first_on_distinct_examples() -> None:
    pairs = [(f"alpha words number {i}", "common") for i in range(100)]
    pairs += [(f"beta other text {i}", "middle") for i in range(20)]
    pairs += [(f"gamma rare thing {i}", "rare") for i in range(5)]
    pairs += pairs[-5:] * 2  # each rare example twice more: copies, scored once
    result = offline_baselines(dataset_of(pairs))
    assert [(item.label, item.examples) for item in result.rare_recall] == [("rare", 5), ("middle", 20), ("common", 100)]
    assert all(0 <= item.recall <= 1 for item in result.rare_recall)
    assert result.sample.in_file == 135 and result.sample.distinct == result.examples == 125
    summary = result.summary()["offline_evaluation"]
    assert summary["rare_class_recall"][0]["label"] == "rare"
    assert summary["sample"]["message"] == "Scored on all 125 distinct examples of 135."


def test_evidence_examples_drawn_once_give_the_same_baselines_and_curve_as_drawn_by_each() -> None:
    # `advisor recommend` draws the evidence sample and its duplicate groups once, for the baselines and the curve.
    from advisor.baselines.learning_curve import learning_curve
    from advisor.baselines.offline import evidence_examples

    pairs = keyword_task({"a": 300, "b": 120, "c": 60}, noise=0.1)
    dataset = dataset_of(pairs + pairs[:40])  # exact copies: the sample drops them
    drawn = evidence_examples(dataset, "classification", limit=400, seed=3)
    assert drawn.sample.used == 400 and drawn.sample.distinct == len(set(pairs)) and len(drawn.dataset.examples) == 400
    assert offline_baselines(dataset, "classification", seed=3, limit=400, examples=drawn) == offline_baselines(
        dataset, "classification", seed=3, limit=400)
    assert learning_curve(dataset, "classification", seed=3, limit=400, examples=drawn) == learning_curve(
        dataset, "classification", seed=3, limit=400)
    with pytest.raises(ValueError, match="another task kind, limit or seed"):
        offline_baselines(dataset, "classification", seed=4, limit=400, examples=drawn)
