"""Near duplicates within a dataset and across two: what was planted is found, nothing else is.

Every expectation comes from how the texts were built (which word was changed, which text was
copied). Similarities are checked against `bigram_jaccard` below, the documented rule re-typed in a
few plain lines (regex words, Python sets), never against the module's own hashing.
"""

from __future__ import annotations

import itertools
import random
import re
import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.profiling import near_duplicates
from advisor.profiling.near_duplicates import (
    MIN_WORDS,
    NearDuplicates,
    NearPair,
    band_shape,
    find_cross_matches,
    find_near_duplicates,
    normalize,
)

# A vocabulary large enough that random texts share few bigrams, drawn once.
WORDS = [f"{stem}{suffix}" for stem in ("pedid", "entreg", "troc", "cobr", "rastrei", "prazo", "loj", "cart",
                                        "order", "refund", "deliver", "track", "charg", "help", "box", "size")
         for suffix in ("o", "a", "os", "as", "ei", "ou", "ar", "er", "ing", "ed", "s", "ção", "mento", "al", "ive")]


def words_of(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).casefold())


def bigram_jaccard(a: str, b: str) -> float:
    first, second = (set(zip(words_of(text), words_of(text)[1:])) for text in (a, b))
    return len(first & second) / len(first | second)


def random_text(rng: random.Random, length: int, vocabulary: list[str] = WORDS) -> list[str]:
    return [rng.choice(vocabulary) for _ in range(length)]


def pairs_of(result: NearDuplicates) -> list[tuple[int, int]]:
    return [(pair.first, pair.second) for pair in result.pairs]


# --- the two requirements ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["substitute", "insert", "delete"])
def test_one_word_change_in_a_20_word_input_is_caught(kind: str) -> None:
    rng = random.Random(f"one-word-{kind}")
    texts, planted = [], []
    for _ in range(30):
        original = random_text(rng, 20)
        changed = list(original)
        position = rng.randrange(20)
        if kind == "substitute":
            changed[position] = rng.choice([word for word in WORDS if word not in original])
        elif kind == "insert":
            changed.insert(position, rng.choice(WORDS))
        else:
            del changed[position]
        planted.append((len(texts), len(texts) + 1))
        texts += [" ".join(original), " ".join(changed)]
    texts += [" ".join(random_text(rng, rng.randint(20, 60))) for _ in range(500)]  # unrelated noise

    result = find_near_duplicates(texts)

    assert pairs_of(result) == planted
    for pair in result.pairs:
        assert pair.similarity == pytest.approx(bigram_jaccard(texts[pair.first], texts[pair.second]))
        assert pair.similarity >= 17 / 21 - 1e-12  # at most 2 of 19 bigrams change
    assert result.clusters == tuple(planted)


def test_single_word_edits_are_caught_by_their_intact_half_even_when_lsh_misses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One band of 8 rows: LSH alone would find a pair at Jaccard 0.81 with probability 0.81⁸ ≈ 0.19.
    monkeypatch.setattr(near_duplicates, "band_shape", lambda threshold: (1, 8))
    rng = random.Random("anchors")
    texts, planted = [], []
    for length in range(13, 43):
        original = random_text(rng, length)
        changed = list(original)
        position = rng.randrange(length)
        changed[position:position + 1] = rng.choice([[], ["inserted", original[position]], ["substituted"]])
        planted.append((len(texts), len(texts) + 1))
        texts += [" ".join(original), " ".join(changed)]

    result = find_near_duplicates(texts)

    assert pairs_of(result) == planted  # every pair is ≥ 10/14 ≈ 0.71 (a substitution in 13 words)


def test_unrelated_inputs_from_a_small_vocabulary_give_no_pairs() -> None:
    rng = random.Random("small-vocabulary")
    vocabulary = [f"w{index}" for index in range(40)]
    texts = [" ".join(random_text(rng, 20, vocabulary)) for _ in range(1000)]
    bigrams = [set(zip(text.split(), text.split()[1:])) for text in texts]
    unigrams = [set(text.split()) for text in texts]
    pairs = list(itertools.combinations(range(len(texts)), 2))
    # The truth, by brute force: no pair is near; yet their words overlap a lot (unigrams would fail).
    assert max(len(bigrams[a] & bigrams[b]) / len(bigrams[a] | bigrams[b]) for a, b in pairs) < 0.3
    assert max(len(unigrams[a] & unigrams[b]) / len(unigrams[a] | unigrams[b]) for a, b in pairs) > 0.5

    assert find_near_duplicates(texts) == NearDuplicates(pairs=(), clusters=())


# --- identical texts, clusters, short texts -------------------------------------------------------


def test_identical_texts_are_not_near_pairs_and_copies_are_listed_on_request() -> None:
    rng = random.Random("identical")
    base = random_text(rng, 20)
    near = list(base)
    near[10] = "different"
    texts = [
        " ".join(base),  # 0
        "  " + " ".join(base).upper().replace(" ", ",  ") + "!",  # 1: same words, other case and punctuation
        " ".join(near),  # 2
        " ".join(random_text(rng, 20)),  # 3: unrelated
    ]
    similarity = bigram_jaccard(texts[0], texts[2])

    assert find_near_duplicates(texts) == NearDuplicates((NearPair(0, 2, similarity),), ((0, 2),), ((0, 1),))
    assert find_near_duplicates(texts, exclude_identical=False) == NearDuplicates(
        (NearPair(0, 1, 1.0), NearPair(0, 2, similarity), NearPair(1, 2, similarity)), ((0, 1, 2),), ((0, 1),)
    )


def test_a_copy_links_through_its_first_occurrence() -> None:
    rng = random.Random("copies")
    base = random_text(rng, 25)
    near = list(base)
    near[3] = "changed"
    texts = [" ".join(random_text(rng, 25)), " ".join(near), " ".join(base), " ".join(base), " ".join(base)]

    result = find_near_duplicates(texts)

    assert pairs_of(result) == [(1, 2)]  # 3 and 4 are copies of 2: normalize() says so
    assert normalize(texts[3]) == normalize(texts[4]) == normalize(texts[2])


def test_clusters_are_connected_components_of_the_pairs() -> None:
    rng = random.Random("chain")
    a = random_text(rng, 20)
    b = list(a)
    b[3] = "firstchange"
    c = list(b)
    c[15] = "secondchange"  # two changes from a, far apart: 15 / 23 < 0.7
    d = random_text(rng, 30)
    e = list(d)
    e[20] = "otherchange"
    texts = [" ".join(words) for words in (a, d, b, random_text(rng, 20), c, e)]
    assert bigram_jaccard(texts[0], texts[4]) == pytest.approx(15 / 23)

    result = find_near_duplicates(texts)

    assert pairs_of(result) == [(0, 2), (1, 5), (2, 4)]
    assert result.clusters == ((0, 2, 4), (1, 5))


def test_one_template_many_variants_forms_one_cluster() -> None:
    rng = random.Random("template")
    template = random_text(rng, 20)
    texts = []
    for index in range(60):
        variant = list(template)
        variant[9] = f"slot{index}"  # every two variants differ in one word: Jaccard 17 / 21
        texts.append(" ".join(variant))

    result = find_near_duplicates(texts)

    assert result.clusters == (tuple(range(60)),)
    assert all(pair.similarity == pytest.approx(17 / 21) for pair in result.pairs)
    # 1,770 pairs, each found with probability ≥ 99.97 % (band_shape): allow a miss or two.
    assert len(result.pairs) >= 1770 - 3


def test_texts_shorter_than_min_words_are_never_near() -> None:
    texts = ["obrigado pela ajuda", "obrigada pela ajuda", "muito obrigado pela ajuda", "Obrigado, pela ajuda!"]
    assert MIN_WORDS == 5

    assert find_near_duplicates(texts).pairs == ()
    # Identical ones still pair up when copies are asked for.
    assert pairs_of(find_near_duplicates(texts, exclude_identical=False)) == [(0, 3)]


# --- cross matches (leakage) ------------------------------------------------------------------------


def test_cross_matches_find_the_planted_leaks_and_nothing_else() -> None:
    rng = random.Random("leakage")
    reference = [" ".join(random_text(rng, rng.randint(20, 50))) for _ in range(800)]
    candidates = [" ".join(random_text(rng, rng.randint(20, 50))) for _ in range(200)]
    leaked = reference[123].split()
    leaked[7] = "edited"
    candidates[57] = " ".join(leaked)  # nearly in training
    candidates[3] = reference[7].upper()  # exactly in training, but for case
    reference.append(reference[7])  # a later copy in training is not reported: its first occurrence is

    matches = find_cross_matches(reference, candidates)

    assert matches == ((3, 7, 1.0), (57, 123, pytest.approx(bigram_jaccard(reference[123], candidates[57]))))


def test_cross_matches_report_every_copy_of_a_leaked_candidate() -> None:
    rng = random.Random("leak-copies")
    reference = [" ".join(random_text(rng, 30)) for _ in range(50)]
    leaked = reference[10].split()
    leaked[0] = "edited"
    candidates = ["nothing to see here at all today", " ".join(leaked), " ".join(leaked).upper()]

    similarity = bigram_jaccard(reference[10], candidates[1])
    assert find_cross_matches(reference, candidates) == ((1, 10, similarity), (2, 10, similarity))


def test_empty_and_single_inputs() -> None:
    empty = NearDuplicates(pairs=(), clusters=())
    assert find_near_duplicates([]) == empty
    assert find_near_duplicates(["one text with enough words in it"]) == empty
    assert find_near_duplicates(["", "   ", "!!"], exclude_identical=False) == empty  # no words, no pairs
    assert find_cross_matches([], ["one text with enough words in it"]) == ()
    assert find_cross_matches(["one text with enough words in it"], []) == ()


# --- normalisation and unicode ----------------------------------------------------------------------


def test_normalize_keeps_letters_with_accents_and_digits() -> None:
    assert normalize("  Ação,  “OLÁ”—oi!\tNº 42_b ẞ ") == "ação olá oi nº 42 b ss"
    assert normalize("e\u0301") == normalize("é") == "é"  # decomposed and composed: one word


def test_accents_case_and_decomposition_do_not_make_texts_different() -> None:
    sentence = "Olá, o pedido nº 4521 não chegou e a entrega já atrasou três dias; podem verificar a situação?"
    decomposed = unicodedata.normalize("NFD", sentence.upper())
    changed = sentence.replace("três", "quatro")
    texts = [sentence, decomposed, changed]

    result = find_near_duplicates(texts)

    assert pairs_of(result) == [(0, 2)]  # 1 is identical to 0 once normalised
    assert result.pairs[0].similarity == pytest.approx(bigram_jaccard(sentence, changed))


def test_texts_beyond_latin_1_are_read_as_utf_8() -> None:
    base = "o cliente 🙂 disse que a encomenda chegou “partida” ao destino em Lisboa ontem à noite"
    texts = [base, base.replace("Lisboa", "Porto"), "ΠΑΡΑΓΓΕΛΊΑ " + base, base.replace("🙂", "")]

    result = find_near_duplicates(texts, exclude_identical=False)

    expected = {(a, b): bigram_jaccard(texts[a], texts[b]) for a, b in itertools.combinations(range(4), 2)}
    assert {(pair.first, pair.second): pair.similarity for pair in result.pairs} == pytest.approx(
        {pair: value for pair, value in expected.items() if value >= 0.7}
    )
    assert (0, 3) in pairs_of(result)  # the emoji is not a word: identical


ALPHABET = st.sampled_from(
    list("aAbBzZ09 _-.,!?'\"\n\t")
    + ["ç", "Ç", "ã", "É", "ß", "ẞ", "\u0301", "\u00a0", "“", "”", "—", "🙂", "ª", "Ω", "ﬁ", "K", "İ", "\x00", "\x85",
       "\u2028", "\ud800"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(ALPHABET, max_size=40), min_size=1, max_size=12))
def test_words_and_identity_follow_normalize(texts: list[str]) -> None:
    # The vectorised tokenizer must agree with `normalize` on every text, whatever slice (and so
    # whichever byte encoding) a text falls in.
    # Bigrams are digested again, a few texts at a time, for verification: they must not depend on
    # the company a text is digested in either.
    whole = near_duplicates._digest(texts, {})
    long = [index for index, count in enumerate(whole[0].tolist()) if count >= near_duplicates.MIN_WORDS]
    offsets = np.cumsum([0] + [whole[0][index] - 1 for index in long])
    for chunk in (1 << 20, 16):
        near_duplicates.CHUNK_CHARS, saved = chunk, near_duplicates.CHUNK_CHARS
        try:
            corpus = near_duplicates._Corpus.of(texts, *near_duplicates.band_shape(0.7))
            for row, index in enumerate(long):
                alone, count = corpus.bigrams_of(np.array([index]))
                assert alone.tolist() == whole[2][offsets[row]:offsets[row + 1]].tolist()
                assert count.tolist() == [len(alone)]
        finally:
            near_duplicates.CHUNK_CHARS = saved
        assert corpus.counts.tolist() == [len(normalize(text).split()) for text in texts]
        for a, b in itertools.combinations(range(len(texts)), 2):
            assert (corpus.keys[a] == corpus.keys[b]) == (normalize(texts[a]) == normalize(texts[b]))


# --- bounds and parameters ---------------------------------------------------------------------------


def test_a_tiny_collision_budget_raises_rows_and_keeps_pairs_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(near_duplicates, "PAIR_BUDGET_MIN", 0)
    monkeypatch.setattr(near_duplicates, "PAIR_BUDGET_PER_TEXT", 0)
    rng = random.Random("budget")
    texts, planted = [], []
    for _ in range(20):
        original = random_text(rng, 40)
        changed = list(original)
        changed[rng.randrange(40)] = "changed"
        planted.append((len(texts), len(texts) + 1))
        texts += [" ".join(original), " ".join(changed)]

    result = find_near_duplicates(texts)

    assert pairs_of(result) == planted  # J ≥ 37/41: found even with MAX_ROWS rows per band
    assert all(pair.similarity == pytest.approx(bigram_jaccard(texts[pair.first], texts[pair.second]))
               for pair in result.pairs)


def test_pairs_of_equal_keys_match_brute_force() -> None:
    rng = random.Random("runs")
    for _ in range(300):
        size = rng.randint(0, 40)
        keys = sorted(rng.randrange(rng.randint(1, 12)) for _ in range(size))
        owners = [rng.randrange(30) for _ in range(size)]
        for largest in (None, 1, 2, 3, 6):
            expected = set()
            for key in set(keys):
                members = [owner for k, owner in zip(keys, owners) if k == key]
                if largest is None or len(members) <= largest:
                    expected |= {min(a, b) * 30 + max(a, b) for a, b in itertools.combinations(members, 2) if a != b}
            codes = near_duplicates._pair_codes(np.array(keys, dtype=np.uint64), np.array(owners), 30, largest)
            assert set(codes.tolist()) == expected


def test_band_shape_meets_its_recall_target() -> None:
    for threshold in (0.5, 0.7, 0.8, 0.9):
        bands, rows = band_shape(threshold)
        target = min(1.0, threshold + near_duplicates.RECALL_MARGIN)
        assert bands * rows <= near_duplicates.DRAWS
        assert 1 - (1 - target**rows) ** bands >= near_duplicates.TARGET_RECALL
    assert band_shape(0.7) == (25, 6)


def test_results_are_deterministic_and_sorted() -> None:
    rng = random.Random("determinism")
    texts = [" ".join(random_text(rng, 30)) for _ in range(300)]
    texts += [text.replace(text.split()[5], "x", 1) for text in texts[:40]]
    first, second = find_near_duplicates(texts), find_near_duplicates(list(texts))
    assert first == second
    assert list(first.pairs) == sorted(first.pairs, key=lambda pair: (pair.first, pair.second))
    assert all(pair.first < pair.second for pair in first.pairs)


@pytest.mark.parametrize("threshold", [0, -0.1, 1.5, float("nan")])
def test_threshold_outside_0_1_is_refused(threshold: float) -> None:
    with pytest.raises(ValueError, match="threshold"):
        find_near_duplicates(["a b c d e"], threshold)
