"""advisor/baselines/linear.py computes what scikit-learn's TfidfVectorizer and LogisticRegression compute."""

from __future__ import annotations

import random
import warnings

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from advisor.baselines.linear import fit_logistic_regression, tfidf_features

WORDS = "card transfer refund pending declined fee limit cancel pin account cheque cash the my is was a É ção".split()


def texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 9))) + rng.choice(["", " x", " 42!"])
            for _ in range(count)]


@pytest.mark.parametrize("ngrams", [1, 2])
def test_tfidf_is_scikit_learns(ngrams: int) -> None:
    train, test = texts(300, 1), texts(80, 2) + ["", "x", "unseen words only"]
    vectorizer = TfidfVectorizer(ngram_range=(1, ngrams), sublinear_tf=True, dtype=np.float32)
    expected_train, expected_test = vectorizer.fit_transform(train), vectorizer.transform(test)
    got_train, got_test = tfidf_features(train, test, ngrams)
    assert got_train.shape == expected_train.shape and got_test.shape == expected_test.shape
    assert abs(got_train - expected_train).max() < 1e-6
    assert abs(got_test - expected_test).max() < 1e-6


def test_no_word_of_two_letters_gives_none() -> None:
    assert tfidf_features(["a", "", "b c"], ["dd ee"]) is None


def test_logistic_regression_predicts_as_scikit_learn_does() -> None:
    rng = random.Random(3)
    labels = [rng.choice(["billing", "delivery", "refund", "login", "other"]) for _ in range(600)]
    cue = {"billing": "fee", "delivery": "pending", "refund": "refund", "login": "pin", "other": "the"}
    # the label's word in 70 % of the texts, so the model has to weigh noisy evidence
    words = [f"{text} {cue[label]}" if rng.random() < 0.7 else text for text, label in zip(texts(600, 4), labels)]
    train, test = tfidf_features(words[:450], words[450:])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = LogisticRegression(C=10.0, solver="newton-cg", max_iter=200, tol=1e-8).fit(train, labels[:450])
    model = fit_logistic_regression(train, labels[:450], c=10.0, max_iter=200, tol=1e-8)
    assert model.classes == tuple(expected.classes_)
    # The intercepts are defined up to a common shift; the weights and the probabilities are not.
    assert np.allclose(model.coef, expected.coef_, atol=1e-4)
    assert model.predict(test) == list(expected.predict(test))
