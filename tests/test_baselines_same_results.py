"""The faster chrF and exact-copy check (issue 15) give exactly what the code gave before them: the same floats, the
same examples kept. The implementations as they were are copied here as the reference."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import load_bytes
from advisor.baselines.metrics import chrf
from advisor.baselines.offline import distinct_indexes
from advisor.data.model import Dataset


def chrf_before(reference: str, prediction: str, order: int = 6, beta: float = 2.0) -> float:
    """advisor/baselines/metrics.py `chrf` at 56bb958: a Counter of slices per order and text."""
    expected, given = "".join(reference.split()), "".join(prediction.split())
    if not expected or not given:
        return float(expected == given)
    precisions, recalls = [], []
    for n in range(1, order + 1):
        if n > len(expected) or n > len(given):
            break
        want = Counter(expected[i:i + n] for i in range(len(expected) - n + 1))
        got = Counter(given[i:i + n] for i in range(len(given) - n + 1))
        matched = sum((want & got).values())
        precisions.append(matched / (len(given) - n + 1))
        recalls.append(matched / (len(expected) - n + 1))
    precision, recall = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    if precision + recall == 0:
        return 0.0
    factor = beta * beta
    return (1 + factor) * precision * recall / (factor * precision + recall)


def distinct_before(dataset: Dataset) -> list[int]:
    """advisor/baselines/offline.py `distinct_indexes` at 56bb958: every input and answer keyed."""
    from advisor.profiling.checks.base import prepare, with_input_keys

    data = with_input_keys(prepare(dataset))
    seen: set[tuple[int, int]] = set()
    kept = []
    for index, key in enumerate(zip(data.input_keys, data.output_keys)):
        if key not in seen:
            seen.add(key)
            kept.append(index)
    return kept


EDGE_CASES = [
    ("", ""), ("", "a"), ("a", ""), (" ", ""), (" \t\n", "\u3000"), ("a", "a"), ("a", "b"), ("ab", "ba"),
    ("abc", "abd"), ("ab", "abc"), ("a b c", "abc"), ("aaaaaa", "aaa"), ("aaaaaaaaaaaa", "aaaa aaaa"),
    ("abababab", "babababa"), ("abcdef", "abcdef"), ("abcdefg", "gfedcba"), ("ação", "acao"), ("AÇÃO", "ação"),
    ("👍🏽👍", "👍👍🏽"), ("e\u0301", "\u00e9"), ("日本語のテキスト", "日本語"), ("\ud800x", "x\ud800"), ("\x00\x00", "\x00"),
    ("\U0010ffff\U0010ffff", "\U0010ffff"), ("ab" * 500, "ba" * 400), ("abcab", "cabca"), ("xyzxyz", "zyx"),
]


@pytest.mark.parametrize(("reference", "prediction"), EDGE_CASES)
def test_chrf_equals_the_formula_before_on_edge_cases(reference: str, prediction: str) -> None:
    for order in (1, 2, 3, 6, 8):
        for beta in (1.0, 2.0, 3.0):
            assert chrf(reference, prediction, order, beta) == chrf_before(reference, prediction, order, beta)
            assert chrf(prediction, reference, order, beta) == chrf_before(prediction, reference, order, beta)


# Small alphabets, so that texts share n-grams of every order; and any text at all.
FEW_LETTERS = st.text(alphabet=st.sampled_from("aab cç\t\n😀\u0301"), max_size=40)


@settings(max_examples=400, deadline=None)
@given(FEW_LETTERS | st.text(max_size=60), FEW_LETTERS | st.text(max_size=60), st.integers(1, 8),
       st.sampled_from([0.5, 1.0, 2.0, 3.0]))
def test_chrf_equals_the_formula_before_on_random_texts(reference: str, prediction: str, order: int,
                                                        beta: float) -> None:
    assert chrf(reference, prediction, order, beta) == chrf_before(reference, prediction, order, beta)


def test_chrf_equals_the_formula_before_on_answers_alike() -> None:
    """Sentences from one vocabulary, as the nearest neighbour's answers are: long shared n-grams of every order."""
    rng = random.Random(3)
    words = ["o", "cliente", "pediu", "reembolso", "do", "pedido", "atrasado", "the", "order", "arrived", "late",
             "refund", "#12", "#123"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 40))) for _ in range(300)]
    pairs = [(rng.choice(texts), rng.choice(texts)) for _ in range(600)]
    scores = [chrf(reference, prediction) for reference, prediction in pairs]
    assert scores == [chrf_before(reference, prediction) for reference, prediction in pairs]
    assert len(set(scores)) > 100  # many different values were compared, not a few extremes


def chat_dataset(rows: list[tuple[str | None, str, str]]) -> Dataset:
    lines = []
    for system, user, answer in rows:
        messages = ([{"role": "system", "content": system}] if system is not None else []) + [
            {"role": "user", "content": user}, {"role": "assistant", "content": answer}]
        lines.append(json.dumps({"messages": messages}, ensure_ascii=False))
    return load_bytes(("\n".join(lines) + "\n").encode(), "data.jsonl")


def test_distinct_indexes_keeps_the_first_of_each_copy() -> None:
    dataset = chat_dataset([
        ("S", "hello", "hi"),  # 0 kept
        ("S", "Hello ", "HI"),  # 1 a copy of 0 up to case and spacing
        ("S", "hello", "hi there"),  # 2 kept: another answer
        ("T", "hello", "hi"),  # 3 kept: another system prompt
        (None, "hello", "hi"),  # 4 kept: no system prompt
        ("S", "ﬁle", "hi"),  # 5 kept: another input
        ("S", "file", "hi"),  # 6 a copy of 5 (NFKC: the ligature is "fi")
        ("S", "bye", "unique"),  # 7 kept: an answer no other example gives
        ("S", "hello", "hi"),  # 8 a copy of 0
    ])
    assert distinct_indexes(dataset) == [0, 2, 3, 4, 5, 7] == distinct_before(dataset)


def test_distinct_indexes_as_before_on_generated_data() -> None:
    """Labels that repeat (answers shared by many inputs) and open answers, with copies up to case and spacing."""
    rng = random.Random(5)
    rows: list[tuple[str | None, str, str]] = []
    for index in range(3000):
        if rows and rng.random() < 0.2:
            system, user, answer = rng.choice(rows)
            user = rng.choice([user, user.upper(), f" {user}  ", user.replace(" ", "  ")])
            answer = rng.choice([answer, answer.title(), answer, f"{answer} more"])
        else:
            system = rng.choice([None, "Você é um agente.", "You are an agent."])
            user = " ".join(rng.choice(["pedido", "atrasado", "order", "late", "ação"]) for _ in range(rng.randint(1, 4)))
            answer = rng.choice(["cobrança", "entrega", "Troca"]) if index % 2 else f"resposta {rng.randint(0, 400)}"
        rows.append((system, user, answer))
    dataset = chat_dataset(rows)
    kept = distinct_indexes(dataset)
    assert kept == distinct_before(dataset)
    assert 1000 < len(kept) < 2900  # copies were found, and not everything is one
