"""Thousands of inputs from one template: near-duplicate search stays linear, and says it listed a subset.

Every two texts below differ in one number of a 20-word template: 2 of their 19 bigrams, a Jaccard of
17/21 ≈ 0.81. Listing every pair of 3,000 of them would be 4.5 million pairs (the old code did, in
minutes); the search now links such a group through one text per run of colliding band keys.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import unicodedata

import numpy as np
import pytest

from advisor import load_bytes
from advisor.i18n.messages import describe
from advisor.profiling import near_duplicates
from advisor.profiling.checks.base import prepare
from advisor.profiling.checks.near import THRESHOLD, NearDuplicatesFound, find_near
from advisor.profiling.leakage import find_leakage
from advisor.profiling.near_duplicates import (
    ANCHOR_BUCKET_MAX,
    PAIR_BUDGET_MIN,
    PAIR_BUDGET_PER_TEXT,
    band_shape,
    find_cross_matches,
    find_near_duplicates,
)
from advisor.profiling.split import input_units
from advisor.render.report.blocks import Bullets
from advisor.render.report.document import _profile

TEMPLATE_TEXTS = 3000
rng = random.Random("one template")
VOCABULARY = [f"w{index}" for index in range(5000)]
# The number sits in the middle: both halves of every text are shared by all of them, so the
# anchors (halves shared by at most ANCHOR_BUCKET_MAX texts) never apply and LSH alone decides.
TEMPLATE = [rng.choice(VOCABULARY) for _ in range(20)]


def from_template(number: int) -> str:
    words = list(TEMPLATE)
    words[9] = str(number)
    return " ".join(words)


def unrelated() -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(20, 40)))


def bigram_jaccard(a: str, b: str) -> float:
    """Written here independently of the module: exact Jaccard of the word-bigram sets."""
    first, second = (set(itertools.pairwise(re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).casefold())))
                     for text in (a, b))
    return len(first & second) / len(first | second)


def linear_bound(texts: int) -> int:
    """Candidate pairs allowed: the budget or one per text and band, whichever is larger, plus the
    anchors' (four anchors a text, at most ANCHOR_BUCKET_MAX texts an anchor)."""
    bands, _ = band_shape(THRESHOLD)
    return max(PAIR_BUDGET_MIN, PAIR_BUDGET_PER_TEXT * texts, bands * texts) + 2 * ANCHOR_BUCKET_MAX * texts


def mixed_texts() -> tuple[list[str], list[int]]:
    """TEMPLATE_TEXTS template texts and 200 unrelated ones, shuffled; the template texts' indices."""
    texts = [from_template(10_000 + index) for index in range(TEMPLATE_TEXTS)] + [unrelated() for _ in range(200)]
    order = list(range(len(texts)))
    random.Random("shuffle").shuffle(order)
    shuffled = [texts[index] for index in order]
    return shuffled, sorted(position for position, index in enumerate(order) if index < TEMPLATE_TEXTS)


def test_one_template_is_one_cluster_in_linearly_many_exact_pairs() -> None:
    texts, template = mixed_texts()
    assert bigram_jaccard(texts[template[0]], texts[template[1]]) == pytest.approx(17 / 21)

    result = find_near_duplicates(texts)

    assert result.complete is False  # the pairs are a subset
    # 4,498,500 pairs are near (the old code listed 4,436,158); listed: a spanning tree at least, 302,400 at most.
    assert TEMPLATE_TEXTS - 1 <= len(result.pairs) <= linear_bound(len(texts)) < TEMPLATE_TEXTS ** 2 // 2
    assert len({(pair.first, pair.second) for pair in result.pairs}) == len(result.pairs)
    for pair in result.pairs:
        assert pair.first < pair.second
        assert pair.similarity == pytest.approx(bigram_jaccard(texts[pair.first], texts[pair.second]))
        assert pair.similarity >= THRESHOLD
    assert result.clusters == (tuple(template),)  # the unrelated texts are in no cluster


def test_small_groups_are_listed_completely() -> None:
    texts = [from_template(index) for index in range(60)] + [unrelated() for _ in range(100)]

    result = find_near_duplicates(texts)

    assert result.complete is True
    assert len(result.pairs) >= 60 * 59 // 2 - 3  # each found with probability ≥ 99.97 % (band_shape)
    assert result.clusters == (tuple(range(60)),)


def chat_file(user_texts: list[str]) -> bytes:
    lines = [json.dumps({"messages": [{"role": "system", "content": "You summarise support tickets."},
                                      {"role": "user", "content": text},
                                      {"role": "assistant", "content": "Summary: a refund."}]})
             for text in user_texts]
    return ("\n".join(lines) + "\n").encode()


def test_split_keeps_a_templated_group_as_one_unit() -> None:
    texts, template = mixed_texts()
    dataset = load_bytes(chat_file(texts), "tickets.jsonl")

    units = input_units(dataset, THRESHOLD)

    assert template in units
    assert sorted(len(unit) for unit in units) == [1] * 200 + [TEMPLATE_TEXTS]


def test_every_templated_candidate_is_matched_to_a_training_text() -> None:
    reference = [from_template(index) for index in range(2000)] + [unrelated() for _ in range(100)]
    candidates = [unrelated() for _ in range(50)] + [from_template(5000 + index) for index in range(300)]

    matches = find_cross_matches(reference, candidates)

    assert {candidate for candidate, _, _ in matches} == set(range(50, 350))
    # 600,000 matches exist; listed: at least one per candidate, at most linearly many.
    assert len(matches) <= linear_bound(len(reference) + len(candidates)) < 300 * 2000
    for candidate, training, similarity in matches:
        assert training < 2000
        assert similarity == pytest.approx(bigram_jaccard(candidates[candidate], reference[training]))
        assert similarity >= THRESHOLD


def test_the_finding_and_the_report_say_at_least_when_capped() -> None:
    texts, template = mixed_texts()
    found = find_near(prepare(load_bytes(chat_file(texts), "tickets.jsonl")))

    assert found.complete is False
    summary = found.summary()
    assert summary["near_duplicate_pairs_complete"] is False
    assert summary["near_duplicate_clusters"] == [[index + 1 for index in template]]  # lines count from 1
    (finding,) = found.findings()
    pairs = len(found.pairs)
    assert describe(finding, "en").startswith(
        f"At least {pairs:,} pairs of near-duplicate inputs (1 cluster, {TEMPLATE_TEXTS:,} examples; ")
    pt = f"{pairs:,}".replace(",", ".")  # 1.234 in Portuguese
    assert describe(finding, "pt").startswith(
        f"Pelo menos {pt} pares de entradas quase duplicadas (1 grupo, 3.000 exemplos; ")

    facts = [text for block in _profile(summary, "pt") if isinstance(block, Bullets) for _, text in block.items]
    assert f"Quase duplicatas (pares de entradas quase iguais): pelo menos {pt} (" in "\n".join(facts)


def test_the_finding_gives_the_exact_count_when_complete() -> None:
    found = NearDuplicatesFound(pairs=((2, 3, 0.8), (3, 4, 0.9)), clusters=((2, 3, 4),))
    (finding,) = found.findings()

    assert found.summary()["near_duplicate_pairs_complete"] is True
    assert describe(finding, "en").startswith("2 pairs of near-duplicate inputs (1 cluster, 3 examples)")
    assert describe(finding, "pt").startswith("2 pares de entradas quase duplicadas (1 grupo, 3 exemplos)")
    facts = [text for block in _profile(found.summary(), "en") if isinstance(block, Bullets) for _, text in block.items]
    assert "Near duplicates (pairs of almost identical inputs): 2." in facts


def test_exact_jaccard_counts_each_distinct_bigram_once_across_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(near_duplicates, "VERIFY_SLICE", 50)  # many slices, pairs cut anywhere
    rng = random.Random("sets")
    texts = [[rng.randrange(12) for _ in range(rng.randint(1, 40))] for _ in range(60)]  # bigrams repeat
    left = [rng.randrange(60) for _ in range(500)]
    right = [rng.randrange(60) for _ in range(500)]
    hashes = [rng.getrandbits(64) for _ in range(12)]

    found = near_duplicates._exact_jaccard(
        np.array([hashes[value] for text in texts for value in text], dtype=np.uint64),
        np.array([len(text) for text in texts]), np.array(left), np.array(right))

    for similarity, a, b in zip(found.tolist(), left, right):
        assert similarity == len(set(texts[a]) & set(texts[b])) / len(set(texts[a]) | set(texts[b]))


def test_leakage_counts_validation_examples_not_their_matches() -> None:
    train = load_bytes(chat_file([from_template(index) for index in range(500)]), "train.jsonl")
    validation = load_bytes(chat_file([from_template(900 + index) for index in range(40)] + [unrelated()]),
                            "validation.jsonl")

    leakage = find_leakage(train, validation)

    assert {line for line, _, _ in leakage.near} == set(range(1, 41))  # every templated one, with a training line
    assert all(training <= 500 for _, training, _ in leakage.near)
    (finding,) = leakage.findings()
    assert dict(finding.args) == {"exact": 0, "near": 40}
    assert describe(finding, "en").startswith("0 validation examples repeat a training input exactly and 40 nearly.")
    assert leakage.summary()["leakage"] == {"exact": 0, "near": 40}  # the CLI's and the JSON's count too
    assert len(leakage.summary()["leakage_near"]) == len(leakage.near) > 40  # every match still listed


def test_capped_codes_list_small_runs_whole_and_join_long_runs_through_their_lowest_member() -> None:
    rng = random.Random("runs")
    for _ in range(200):
        n, bands = rng.randint(2, 30), rng.randint(1, 4)
        keys = np.array([[rng.randrange(rng.randint(1, 8)) for _ in range(n)] for _ in range(bands)], dtype=np.uint32)
        budget = rng.choice((0, 3, 20, 10**6))
        runs = [[[i for i in range(n) if keys[band, i] == key] for key in set(keys[band].tolist())]
                for band in range(bands)]
        runs = [run for band in runs for run in band if len(run) > 1]

        codes = set(near_duplicates._capped_band_pair_codes(keys, np.arange(n), budget).tolist())

        stars = sum(len(run) - 1 for run in runs)
        largest = max((size for size in range(1, n + 1)
                       if sum(len(run) * (len(run) - 1) // 2 if len(run) <= size else len(run) - 1
                              for run in runs) <= max(budget, stars)), default=1)
        expected = set()
        for run in runs:
            if len(run) <= largest:
                expected |= {a * n + b for a, b in itertools.combinations(run, 2)}
            else:
                expected |= {run[0] * n + member for member in run[1:]}  # run: ascending, run[0] its lowest
        assert codes == expected


def test_a_template_does_not_cost_other_pairs_their_recall() -> None:
    """Capped, the bands go back to their first rows: at 6 rows a pair at J = 33/45 ≈ 0.73 becomes a
    candidate with probability 98.5 %, at the 8 rows the template alone would push them to 88.6 %."""
    texts = [from_template(index) for index in range(TEMPLATE_TEXTS)]
    planted, draw = [], random.Random("recall")
    for _ in range(200):
        words = [draw.choice(VOCABULARY) for _ in range(40)]
        edited = list(words)
        for position in (5, 20, 35):  # both halves edited: no anchor, LSH alone
            edited[position] = f"edit{position}"
        planted.append((len(texts), len(texts) + 1))
        texts += [" ".join(words), " ".join(edited)]
    assert {round(bigram_jaccard(texts[a], texts[b]), 3) for a, b in planted} == {round(33 / 45, 3)}

    result = find_near_duplicates(texts)

    assert result.complete is False
    found = {(pair.first, pair.second) for pair in result.pairs if pair.first >= TEMPLATE_TEXTS}
    assert found <= set(planted)
    assert len(found) >= 190  # 3 misses expected of 200 (23 at 8 rows)
