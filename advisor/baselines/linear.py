"""TF-IDF features and multinomial logistic regression in numpy and scipy.sparse, without scikit-learn.

Importing scikit-learn took 1.5 s of a cold `advisor recommend` (it imports scipy.stats and much else),
more than fitting every model of the baselines; these two learners are what the baselines use of it,
and they are short. Both compute what scikit-learn computes, so the baselines score what they scored
with scikit-learn (tests/test_linear.py compares the two on the same data):

- `tfidf_features` is `TfidfVectorizer(ngram_range=..., sublinear_tf=True, dtype=float32)`: lowercase,
  words of two or more word characters (`(?u)\\b\\w\\w+\\b`), n-grams joined by a space, vocabulary in
  sorted order fitted on the training texts only, idf = ln((1 + n) / (1 + df)) + 1, term frequency
  1 + ln(tf), rows scaled to unit length.
- `fit_logistic_regression` minimises scikit-learn's multinomial objective with an unpenalised
  intercept, mean cross-entropy + ||W||² / (2·C·n), by Newton's method with the Hessian applied by
  conjugate gradients (its `newton-cg` solver), stopping when no gradient component exceeds `tol`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_WORDS = re.compile(r"(?u)\b\w\w+\b")


def _terms(text: str, ngrams: int) -> list[str]:
    words = _WORDS.findall(text.lower())
    if ngrams == 1:
        return words
    terms = list(words)
    for size in range(2, ngrams + 1):
        terms.extend(" ".join(words[start:start + size]) for start in range(len(words) - size + 1))
    return terms


def _counts(texts: Sequence[str], ngrams: int, vocabulary: dict[str, int] | None):  # noqa: ANN202 - csr
    """Term counts per text as a CSR matrix; with no `vocabulary`, the sorted vocabulary of `texts` first."""
    from scipy.sparse import csr_matrix

    counted = [Counter(_terms(text, ngrams)) for text in texts]
    if vocabulary is None:
        vocabulary = {term: number for number, term in enumerate(sorted(set().union(*counted)))}
    indptr, indices, values = [0], [], []
    for counts in counted:
        for term, count in counts.items():
            column = vocabulary.get(term)
            if column is not None:
                indices.append(column)
                values.append(count)
        indptr.append(len(indices))
    matrix = csr_matrix((np.array(values, dtype=np.float64), np.array(indices, dtype=np.int64), indptr),
                        shape=(len(texts), len(vocabulary)))
    matrix.sort_indices()
    return matrix, vocabulary


def tfidf_features(train_texts: Sequence[str], test_texts: Sequence[str], ngrams: int = 1):  # noqa: ANN201
    """(train, test) TF-IDF rows, vocabulary and idf from the training texts only; None when they have no word."""
    train, vocabulary = _counts(train_texts, ngrams, None)
    if not vocabulary:
        return None
    test, _ = _counts(test_texts, ngrams, vocabulary)
    frequency = np.bincount(train.indices, minlength=len(vocabulary))
    idf = np.log((1 + len(train_texts)) / (1 + frequency)) + 1
    return _weighted(train, idf), _weighted(test, idf)


def _weighted(counts, idf: np.ndarray):  # noqa: ANN001, ANN202 - csr in and out
    from scipy.sparse import csr_matrix

    values = (1 + np.log(counts.data)) * idf[counts.indices]
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    norms = np.sqrt(np.bincount(rows, weights=values**2, minlength=counts.shape[0]))
    values /= np.where(norms > 0, norms, 1.0)[rows]
    return csr_matrix((values.astype(np.float32), counts.indices, counts.indptr), shape=counts.shape)


@dataclass(frozen=True, slots=True)
class LogisticModel:
    classes: tuple[str, ...]  # sorted, as scikit-learn's classes_
    coef: np.ndarray  # classes × features
    intercept: np.ndarray  # classes
    iterations: int  # Newton steps taken

    def predict(self, features) -> list[str]:  # noqa: ANN001 - csr
        scores = np.asarray(features @ self.coef.T) + self.intercept
        return [self.classes[index] for index in scores.argmax(axis=1)]  # ties: the first class, as scikit-learn


def fit_logistic_regression(
    features, labels: Sequence[str], c: float = 1.0, max_iter: int = 100, tol: float = 1e-4  # noqa: ANN001
) -> LogisticModel:
    """Multinomial logistic regression, L2 penalty 1/C on the weights, intercept unpenalised (needs 2+ labels)."""
    classes = tuple(sorted(set(labels)))
    index = {label: number for number, label in enumerate(classes)}
    target = np.array([index[label] for label in labels])
    # float32 products, as the features are: half the memory traffic of the sparse products, which are most of
    # the time; sums and the weights stay float64.
    x = features.astype(np.float32).tocsr()
    xt = x.T.tocsr()
    n, d = x.shape
    k = len(classes)
    onehot = np.zeros((n, k))
    onehot[np.arange(n), target] = 1.0
    penalty = 1.0 / (c * n)
    w = np.zeros((k, d + 1))  # the last column is the intercept

    def times_x(weights: np.ndarray) -> np.ndarray:  # features × weights' columns (n × classes), plus intercepts
        return (x @ np.ascontiguousarray(weights[:, :d].T, dtype=np.float32)).astype(np.float64) + weights[:, d]

    def times_xt(values: np.ndarray) -> np.ndarray:  # (classes × features): values' columns summed over rows
        return (xt @ values.astype(np.float32)).T.astype(np.float64)

    def evaluate(weights: np.ndarray) -> tuple[float, np.ndarray]:
        """(objective, class probabilities per row) from one product with the features."""
        scores = times_x(weights)
        scores -= scores.max(axis=1, keepdims=True)
        right = scores[np.arange(n), target]
        np.exp(scores, out=scores)
        totals = scores.sum(axis=1)
        scores /= totals[:, None]
        value = (np.log(totals) - right).mean() + 0.5 * penalty * (weights[:, :d] ** 2).sum()
        return float(value), scores

    def gradient(weights: np.ndarray, p: np.ndarray) -> np.ndarray:
        error = p - onehot
        grad = np.empty_like(weights)
        grad[:, :d] = times_xt(error) / n + penalty * weights[:, :d]
        grad[:, d] = error.sum(axis=0) / n
        return grad

    def hessian_times(p: np.ndarray, v: np.ndarray) -> np.ndarray:
        r = times_x(v)
        s = p * r
        s -= p * s.sum(axis=1, keepdims=True)
        out = np.empty_like(v)
        out[:, :d] = times_xt(s) / n + penalty * v[:, :d]
        out[:, d] = s.sum(axis=0) / n
        return out

    current, p = evaluate(w)
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        grad = gradient(w, p)
        if np.abs(grad).max() <= tol:
            iterations -= 1
            break
        step = _conjugate_gradient(lambda v, p=p: hessian_times(p, v), grad)
        slope = float((grad * step).sum())
        size = 1.0
        while True:  # backtracking (Armijo): Newton steps are usually taken whole
            trial = w + size * step
            value, trial_p = evaluate(trial)
            if value <= current + 1e-4 * size * slope or size < 1e-10:
                break
            size *= 0.5
        w, current, p = trial, value, trial_p
    return LogisticModel(classes, w[:, :d], w[:, d].copy(), iterations)


def _conjugate_gradient(hessian_times, grad: np.ndarray, max_inner: int = 200) -> np.ndarray:  # noqa: ANN001
    """An approximate solution of H·step = −grad (truncated: a looser solve far from the optimum)."""
    step = np.zeros_like(grad)
    residual = -grad
    direction = residual.copy()
    norm1 = np.abs(grad).sum()
    tolerance = min(0.5, np.sqrt(norm1)) * norm1
    rr = float((residual * residual).sum())
    for _ in range(max_inner):
        if np.abs(residual).sum() <= tolerance:
            break
        hd = hessian_times(direction)
        curvature = float((direction * hd).sum())
        if curvature <= 1e-16:  # no curvature left along this direction (the intercepts' common shift)
            if not step.any():
                step = -grad
            break
        alpha = rr / curvature
        step += alpha * direction
        residual -= alpha * hd
        rr_next = float((residual * residual).sum())
        direction = residual + (rr_next / rr) * direction
        rr = rr_next
    return step
