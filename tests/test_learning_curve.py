"""Learning curve: known curves recovered and solved in closed form; a learnable task rises; small data never raises."""

from __future__ import annotations

import json
import math
import random
from collections import Counter

import pytest

from advisor import load_bytes
from advisor.baselines.learning_curve import (
    DEFAULT_TARGETS,
    EXTRAPOLATION_LIMIT,
    CurveFit,
    CurvePoint,
    conclude,
    fit_curve,
    learning_curve,
    nested_order,
    training_sizes,
)
from advisor.data.model import Dataset
from advisor.profiling.checks.base import normalise
from advisor.profiling.split import split_dataset


def dataset_of(pairs: list[tuple[str, str]]) -> Dataset:
    rows = [json.dumps({"messages": [{"role": "user", "content": user}, {"role": "assistant", "content": answer}]})
            for user, answer in pairs]
    return load_bytes(("\n".join(rows) + "\n").encode(), "data.jsonl")


def vocabulary_task(examples: int, classes: int = 4, seed: int = 0) -> list[tuple[str, str]]:
    """Two of 60 words typical of the class plus rare filler: more examples cover more of each class's words."""
    rng = random.Random(seed)
    pairs = []
    for index in range(examples):
        label = index % classes
        words = [f"c{label}v{rng.randrange(60)}" for _ in range(2)] + [f"f{rng.randrange(3000)}" for _ in range(4)]
        pairs.append((" ".join(words), f"label{label}"))
    return pairs


def points_on(curve, sizes: list[int], half_width: float = 0.02) -> list[CurvePoint]:  # noqa: ANN001
    return [CurvePoint(size, curve(size), curve(size) - half_width, curve(size) + half_width) for size in sizes]


def test_a_power_law_is_recovered_and_solved_for_the_target() -> None:
    points = points_on(lambda n: 0.9 - 2 * n ** -0.5, [100, 250, 500, 1000, 2000])
    fit = fit_curve(points)
    assert fit.form == "power"
    assert dict(fit.params) == pytest.approx({"a": 0.9, "b": 2.0, "c": 0.5}, rel=1e-3)
    # 0.9 − 2/√n = 0.85  ⇔  √n = 2/0.05 = 40  ⇔  n = 1600
    status, examples, _ = conclude(fit, points, 0.85)
    assert (status, examples) == ("reached", 1600)
    status, examples, args = conclude(fit, points, 0.95)  # above the ceiling 0.9
    assert (status, examples) == ("never", None) and dict(args)["ceiling"] == pytest.approx(0.9, abs=1e-3)


def test_a_target_crossed_below_the_smallest_size_measured_is_claimed_at_that_size() -> None:
    """Issue #18's before/after table: "reaches 0.80 with about 1 example" when the smallest measured size was 20."""
    points = points_on(lambda n: 0.99 - 0.5 * n ** -1.0, [20, 48, 96, 192])
    fit = fit_curve(points)
    # 0.99 − 0.5/n = 0.8 ⇔ n ≈ 2.6: below 20, the first size measured
    assert conclude(fit, points, 0.8)[:2] == ("reached", 20)


def test_a_logarithm_is_recovered_and_extrapolated() -> None:
    points = points_on(lambda n: 0.1 + 0.1 * math.log(n), [10, 20, 40, 80])
    fit = fit_curve(points)
    assert fit.form == "log"
    assert dict(fit.params) == pytest.approx({"a": 0.1, "b": 0.1}, abs=1e-6)
    status, examples, _ = conclude(fit, points, 0.8)
    assert (status, examples) == ("extrapolated", math.ceil(math.exp(7)))  # 0.1 + 0.1·ln n = 0.8 ⇔ n = e⁷ ≈ 1096.6


def test_an_extrapolation_far_beyond_the_data_is_not_reported() -> None:
    points = points_on(lambda n: 0.5 + 0.01 * math.log(n), [10, 20, 40, 80])
    status, examples, args = conclude(fit_curve(points), points, 0.9)  # n = e⁴⁰
    assert (status, examples) == ("beyond_limit", None)
    assert dict(args)["limit"] == EXTRAPOLATION_LIMIT * 80


def test_a_barely_rising_curve_puts_the_target_beyond_the_limit_instead_of_overflowing() -> None:
    # Found by the hostile suite: a flat curve fitted with b = 5e-17 made exp((target - a) / b) overflow.
    nearly_flat = CurveFit("log", (("a", 0.5), ("b", 5e-17)), 0.0)
    assert nearly_flat.examples_for(0.9) == math.inf
    steep_power = CurveFit("power", (("a", 0.95), ("b", 0.5), ("c", 1e-300)), 0.0)
    assert steep_power.examples_for(0.9) == math.inf
    points = [CurvePoint(size, 0.5, 0.4, 0.6) for size in (10, 20, 40, 80)]
    assert conclude(nearly_flat, points, 0.9)[:2] == ("beyond_limit", None)


def test_flat_or_falling_curves() -> None:
    falling = points_on(lambda n: 0.9 - 0.05 * math.log(n), [10, 20, 40, 80])
    assert conclude(fit_curve(falling), falling, 0.95)[:2] == ("not_improving", None)
    perfect = [CurvePoint(size, 1.0, 1.0, 1.0) for size in (10, 20, 40, 80)]
    assert conclude(fit_curve(perfect), perfect, 0.9)[:2] == ("reached", 10)


def test_too_few_sizes_give_no_fit() -> None:
    points = points_on(lambda n: 0.5, [10, 20])
    assert fit_curve(points) is None
    assert conclude(None, points, 0.9) == ("no_fit", None, (("points", 2),))


def test_training_sizes_by_hand() -> None:
    assert training_sizes(2400, (0.1, 0.25, 0.5, 1.0)) == [240, 600, 1200, 2400]
    assert training_sizes(9, (0.1, 0.25, 0.5, 1.0)) == [2, 3, 5, 9]  # ceil(0.9) → at least 2, ceil(2.25), ceil(4.5)
    assert training_sizes(3, (0.1, 0.25, 0.5, 1.0)) == [2, 3]


def test_nested_order_prefixes_keep_the_label_shares() -> None:
    labels = ["a"] * 60 + ["b"] * 30 + ["c"] * 10
    order = nested_order(list(range(100)), labels, seed=4)
    assert sorted(order) == list(range(100))
    for size in (10, 20, 50):
        counts = Counter(labels[index] for index in order[:size])
        for label, share in (("a", 0.6), ("b", 0.3), ("c", 0.1)):
            assert abs(counts[label] - share * size) <= 1
    assert nested_order(list(range(100)), labels, seed=4) == order


def test_learnable_task_rises_and_reaches_a_finite_extrapolation() -> None:
    pairs = vocabulary_task(400)
    dataset = dataset_of(pairs)
    curve = learning_curve(dataset, target=0.99, seed=0)
    labels = tuple(normalise(answer) for _, answer in pairs)
    split = split_dataset(dataset, 0.2, 0, labels)  # the same split, computed independently
    assert curve.task_kind == "classification" and curve.learner == "logistic_regression"
    assert curve.validation_examples == len(split.validation)
    assert [point.examples for point in curve.points] == training_sizes(len(split.train), (0.1, 0.25, 0.5, 1.0))
    scores = [point.score for point in curve.points]
    assert all(later >= earlier - 0.05 for earlier, later in zip(scores, scores[1:]))
    assert scores[-1] > scores[0] + 0.2
    assert curve.fit is not None
    assert curve.status in ("reached", "extrapolated") and isinstance(curve.examples_for_target, int)
    assert 0 < curve.examples_for_target <= EXTRAPOLATION_LIMIT * curve.points[-1].examples
    for point in curve.points:
        assert point.ci_low <= point.score <= point.ci_high
    assert learning_curve(dataset, target=0.99, seed=0) == curve


def test_json_shape() -> None:
    curve = learning_curve(dataset_of(vocabulary_task(200)), seed=1)
    shown = json.loads(json.dumps(curve.summary(), allow_nan=False))["learning_curve"]
    assert {"points", "fit", "target", "examples_for_target"} <= set(shown)
    assert all(set(point) == {"examples", "score", "ci_low", "ci_high"} for point in shown["points"])
    assert {"form", "params"} <= set(shown["fit"]) and shown["target"] == 0.9
    assert shown["reason"] == curve.message()


def test_generation_uses_the_nearest_answer_and_chrf() -> None:
    pairs = [(f"{' '.join(f'u{i}w{k}' for k in range(4))} city{i % 5}", f"The answer for city {i % 5}.")
             for i in range(80)]
    curve = learning_curve(dataset_of(pairs), task_kind="generation", seed=0)
    assert (curve.learner, curve.metric, curve.target) == ("nearest_neighbour", "chrf", 0.6)
    assert curve.points[-1].score == 1.0  # every validation input shares its city word with a training input


@pytest.mark.parametrize(
    "pairs",
    [[("one", "a")] * 5, [(f"text number{i}", "same") for i in range(30)], [(f"x y{i}", "") for i in range(30)]],
)
def test_not_enough_data_is_a_result(pairs: list[tuple[str, str]]) -> None:
    curve = learning_curve(dataset_of(pairs))
    assert curve.status == "not_enough_data" and curve.points == () and curve.examples_for_target is None
    assert curve.message("pt") and curve.message("en")
    json.dumps(curve.to_dict(), allow_nan=False)


def test_a_target_outside_zero_to_one_is_a_caller_error() -> None:
    with pytest.raises(ValueError):
        learning_curve(dataset_of(vocabulary_task(40)), target=90)


def test_many_labels_are_capped_and_the_curve_says_how_many_it_models() -> None:
    # 80 labels of 6 examples: logistic regression models the 50 most frequent of the training side
    pairs = [(f"ticket about key{label} number {copy}", f"queue{label}") for label in range(80) for copy in range(6)]
    curve = learning_curve(dataset_of(pairs), seed=0, resamples=200)
    capped = curve.to_dict()["classes_modelled"]
    assert capped["modelled"] == 50 and capped["labels"] == 80
    # every training label keeps about its share (nested, stratified): the 50 modelled hold 50/80 of the side
    assert capped["share_of_examples"] == pytest.approx(50 / 80, abs=0.05)
    assert curve.points[-1].score <= capped["share_of_examples"] + 0.05  # the other 30 labels are always wrong
    few = learning_curve(dataset_of(vocabulary_task(200)), seed=0, resamples=200)
    assert few.classes is None and few.to_dict()["classes_modelled"] is None


def test_skewed_labels_draw_the_curve_in_macro_f1_with_its_own_target() -> None:
    # 300 of one label and 20 of another (15:1): the majority class alone would score 0.94 accuracy.
    pairs = [(text, "common") for text, _ in vocabulary_task(300, 1, seed=3)]
    pairs += [(f"c9v{number % 7} rare words f{number}", "rare") for number in range(20)]
    curve = learning_curve(dataset_of(pairs), "classification")
    assert curve.metric == "macro_f1" and curve.target == DEFAULT_TARGETS["macro_f1"] == 0.8
    assert curve.to_dict()["sample"]["examples_scored"] == 320
