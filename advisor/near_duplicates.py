"""Inputs that are near duplicates of each other, and validation inputs that nearly appear in training.

What "near" means
    Each text is normalised (`normalize`): Unicode NFC, case-folded, split into words, a word being a
    maximal run of letters (accented ones included) and digits; everything else (punctuation,
    symbols, whitespace, "_") only separates words. Two texts are near duplicates when the Jaccard
    similarity of their sets of word bigrams (pairs of adjacent words) is at least the threshold
    (0.7 by default). The similarity reported is that exact Jaccard, computed on the two bigram sets
    (bigrams are compared by a 64-bit hash, so "exact" up to a 2⁻⁶⁴ collision).

Why word bigrams
    A one-word substitution in a 20-word text changes at most 2 of its 19 bigrams: Jaccard ≥
    17/21 ≈ 0.81 (one insertion or deletion: ≥ 18/21 ≈ 0.86), clear of 0.7. Word trigrams would give
    15/21 ≈ 0.71, on the threshold's edge. Unigrams fail the other way: two unrelated texts of 20 words
    drawn from a 40-word vocabulary share about a quarter of their words, and repeated themes share
    more; bigrams from the same vocabulary have 1,600 possible values, so such texts share almost
    none. Character n-grams were not used: every text over a small vocabulary contains the same
    in-word n-grams.

Short texts
    A text with fewer than MIN_WORDS (5) words is never a near duplicate: with at most 3 bigrams one
    changed word already leaves a Jaccard of 0.5 or less, and short texts ("ok", "thanks", a label)
    repeat legitimately. They can only match exactly (see below).

Identical texts
    Texts whose normalised forms are equal are exact duplicates, the exact-duplicate check's job.
    Detection runs once per distinct normalised text, on its first occurrence. With
    exclude_identical=True (the default) a pair or cluster names only first occurrences, and two
    identical texts are never a pair: a copy is linked to the pairs through the exact-duplicate
    group it shares with the first occurrence (`normalize(a) == normalize(b)`, the same rule as
    here). With exclude_identical=False every copy is listed: each pair between two distinct texts
    is repeated for every copy of either, and copies of one text are paired with each other at
    similarity 1.0 (short texts included); this grows with the square of the number of copies.
    Texts with no words at all are never reported.

    find_cross_matches reports a candidate identical to a reference text with similarity 1.0 (any
    length), and near matches for candidates of MIN_WORDS words or more. Every candidate index is
    reported; on the reference side only the first occurrence of each distinct text.

How it is found, and what it misses
    Words are split and hashed with numpy on the UTF-8 bytes of all texts at once; only distinct
    words containing non-ASCII bytes are normalised in Python (NFC, case folding, Unicode
    punctuation). Each distinct text gets a one-permutation MinHash signature of BINS values (each
    bigram hash chooses a bin by its top bits and competes there on its low bits; empty bins take the
    next non-empty bin's value plus an offset, "densification by rotation", Shrivastava & Li 2014).
    Signatures are cut into bands; texts sharing one whole band are candidates, and every candidate
    pair is verified with the exact Jaccard above, so no pair below the threshold is ever reported.
    The bands are chosen so that a pair exactly at the threshold becomes a candidate with probability
    ≥ 99.5 % under the independent-bins model (`band_shape`); pairs well above it are found almost
    surely. Everything is deterministic: fixed constants, no random state, no Python `hash`.

    Work and memory are linear in the total number of words, plus the candidate pairs. A large group
    of mutually similar texts (thousands of tickets from one template) yields a number of pairs that
    grows with the square of its size, and so does the time to verify and list them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

MIN_WORDS = 5
BINS = 96  # signature length; banding below picks rows per band for the threshold
TARGET_RECALL = 0.995  # candidate probability of a pair exactly at the threshold
CHUNK_BYTES = 1 << 22  # texts are tokenized in slices of about this many UTF-8 bytes

_WORD = re.compile(r"[^\W_]+")
_U64 = np.uint64
_MIX_1 = _U64(0xBF58476D1CE4E5B9)
_MIX_2 = _U64(0x94D049BB133111EB)
_GOLDEN = _U64(0x9E3779B97F4A7C15)
_BIGRAM = _U64(0xD6E8FEB86659FD93)
_ROTATION_STEP = np.uint32(0x9E3779B1)  # added per step when an empty bin borrows a neighbour's value
_BAND_ROW = np.array([0xA0761D6478BD642F, 0xE7037ED1A0B428DB, 0x8EBC6AF09C88C6E3, 0x589965CC75374CC3,
                      0x1D8E4E27C47D124F, 0xEB44ACCAB455D165, 0x9FB21C651E98DF25, 0xC2B2AE3D27D4EB4F],
                     dtype=_U64)


@dataclass(frozen=True, slots=True)
class NearPair:
    first: int  # index into the texts given
    second: int  # first < second
    similarity: float  # exact Jaccard of the two texts' word-bigram sets


@dataclass(frozen=True, slots=True)
class NearDuplicates:
    pairs: tuple[NearPair, ...]  # sorted by (first, second)
    clusters: tuple[tuple[int, ...], ...]  # connected components of the pairs, each sorted, size ≥ 2; sorted


def normalize(text: str) -> str:
    """The normalised form two texts must share to be identical: NFC, case-folded words joined by spaces."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFC", text).casefold()))


def find_near_duplicates(texts: Sequence[str], threshold: float = 0.7, exclude_identical: bool = True) -> NearDuplicates:
    """Pairs of texts whose word-bigram Jaccard is ≥ threshold, and the clusters they link."""
    _check_threshold(threshold)
    words = _Words.of(texts)
    keys = words.text_keys()
    distinct, first_of, group_of = np.unique(keys, return_index=True, return_inverse=True)
    del distinct
    counts = words.counts[first_of]
    pool = first_of[counts >= MIN_WORDS]  # first occurrences long enough to compare, ascending
    first, second, similarity = _near_pairs(words, pool, threshold)

    if not exclude_identical:
        first, second, similarity = _with_copies(first, second, similarity, group_of, first_of, words.counts)
    order = np.lexsort((second, first))
    first, second, similarity = first[order].tolist(), second[order].tolist(), similarity[order].tolist()
    pairs = tuple(NearPair(a, b, s) for a, b, s in zip(first, second, similarity))
    return NearDuplicates(pairs=pairs, clusters=_components(first, second))


def find_cross_matches(
    reference: Sequence[str], candidates: Sequence[str], threshold: float = 0.7
) -> tuple[tuple[int, int, float], ...]:
    """(candidate index, reference index, similarity) for candidates that nearly appear in reference.

    Sorted by candidate, then reference. The reference index is the first occurrence of its text.
    """
    _check_threshold(threshold)
    n_ref = len(reference)
    words = _Words.of([*reference, *candidates])
    keys = words.text_keys()
    _, first_of, group_of = np.unique(keys, return_index=True, return_inverse=True)
    has_words = words.counts > 0
    long_enough = words.counts >= MIN_WORDS
    is_first = np.zeros(len(keys), dtype=bool)
    is_first[first_of] = True

    # Exact copies: a candidate whose text's first occurrence lies in the reference.
    rep = first_of[group_of]
    candidate_index = np.arange(n_ref, len(keys))
    exact = candidate_index[(rep[n_ref:] < n_ref) & has_words[n_ref:]]
    found_c, found_r, found_s = [exact - n_ref], [rep[exact]], [np.ones(len(exact))]

    # Near copies: between first occurrences in the reference and distinct candidate texts.
    candidate_first = np.unique(_first_within(keys[n_ref:])) + n_ref
    pool = np.concatenate([np.flatnonzero(is_first[:n_ref] & long_enough[:n_ref]),
                           candidate_first[long_enough[candidate_first]]])
    first, second, similarity = _near_pairs(words, pool, threshold, split=n_ref)
    # `first` is in the reference, `second` a candidate text standing for all its copies.
    candidate_group = group_of[second]
    members = _members_by_group(group_of[n_ref:], n_ref)
    for group_index in range(len(first)):
        copies = members[candidate_group[group_index]]
        found_c.append(copies - n_ref)
        found_r.append(np.full(len(copies), first[group_index]))
        found_s.append(np.full(len(copies), similarity[group_index]))

    c = np.concatenate(found_c).astype(np.int64)
    r = np.concatenate(found_r).astype(np.int64)
    s = np.concatenate(found_s)
    order = np.lexsort((r, c))
    return tuple(zip(c[order].tolist(), r[order].tolist(), s[order].tolist()))


def band_shape(threshold: float, bins: int = BINS) -> tuple[int, int]:
    """(bands, rows per band): the most selective banding whose candidate probability at the
    threshold, 1 − (1 − t^rows)^bands, is still ≥ TARGET_RECALL."""
    best = (bins, 1)
    for rows in range(1, len(_BAND_ROW) + 1):
        bands = bins // rows
        if 1 - (1 - threshold**rows) ** bands >= TARGET_RECALL:
            best = (bands, rows)
    return best


# ---------------------------------------------------------------------------------------------
# Words


@dataclass(frozen=True, slots=True)
class _Words:
    hashes: np.ndarray  # uint64, the normalised words of every text, text after text
    counts: np.ndarray  # int64, words per text
    offsets: np.ndarray  # int64, len(texts) + 1 cumulative word counts

    @staticmethod
    def of(texts: Sequence[str]) -> _Words:
        hashes, counts = [], []
        start = 0
        while start < len(texts):
            # Slices keep temporary byte arrays small; ~4 MB of text per slice.
            stop, size = start, 0
            while stop < len(texts) and (size < CHUNK_BYTES or stop == start):
                size += len(texts[stop]) + 1
                stop += 1
            chunk_hashes, chunk_counts = _word_hashes(texts[start:stop])
            hashes.append(chunk_hashes)
            counts.append(chunk_counts)
            start = stop
        all_counts = np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)
        offsets = np.zeros(len(all_counts) + 1, dtype=np.int64)
        np.cumsum(all_counts, out=offsets[1:])
        return _Words(
            hashes=np.concatenate(hashes) if hashes else np.zeros(0, dtype=_U64),
            counts=all_counts,
            offsets=offsets,
        )

    def text_keys(self) -> np.ndarray:
        """One uint64 per text, equal for texts with equal normalised forms (and, but for a 2⁻⁶⁴
        accident, only for those)."""
        n = len(self.counts)
        if not len(self.hashes):
            return np.zeros(n, dtype=_U64)
        position = np.arange(len(self.hashes), dtype=_U64) - np.repeat(self.offsets[:-1], self.counts).astype(_U64)
        terms = _mix(self.hashes + position * _GOLDEN)
        keys = np.zeros(n, dtype=_U64)
        nonempty = self.counts > 0
        keys[nonempty] = np.add.reduceat(terms, self.offsets[:-1][nonempty])
        return _mix(keys ^ self.counts.astype(_U64))

    def bigrams(self, text: int) -> set[int]:
        words = self.hashes[self.offsets[text]:self.offsets[text + 1]]
        return set(_bigram_hashes(words[:-1], words[1:]).tolist())


def _word_hashes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the normalised words of `texts`, and the number of words of each text."""
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:  # a text holding NUL itself: NUL separates words anyway
        joined = "\x00".join(text.replace("\x00", " ") for text in texts)
    data = np.frombuffer(joined.encode("utf-8", "surrogatepass") + bytes(9), dtype=np.uint8)
    body = data[:-8]  # eight zero bytes stay behind the body so 8-byte windows never run off the end
    upper = (body - np.uint8(65)) < 26
    lowered = body + (upper.view(np.uint8) << np.uint8(5))
    is_word = ((lowered - np.uint8(97)) < 26) | ((lowered - np.uint8(48)) < 10) | (lowered >= 0x80)
    edges = np.diff(is_word.view(np.int8), prepend=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)  # the final zero byte closes the last word
    lengths = ends - starts
    separators = np.flatnonzero(body == 0)
    bounds = np.searchsorted(starts, np.concatenate([[0], separators, [len(body)]]))
    raw_counts = np.diff(bounds)

    padded = np.concatenate([lowered, np.zeros(8, dtype=np.uint8)])
    hashes = _hash_byte_words(padded, starts, lengths)

    non_ascii = np.maximum.reduceat(lowered, starts) >= 0x80 if len(starts) else np.zeros(0, dtype=bool)
    if not non_ascii.any():
        return hashes, raw_counts.astype(np.int64)
    return _renormalise(padded, starts, lengths, hashes, non_ascii, raw_counts)


def _renormalise(padded, starts, lengths, hashes, non_ascii, raw_counts) -> tuple[np.ndarray, np.ndarray]:
    """Words with non-ASCII bytes, normalised in Python once per distinct raw word; a raw word may
    become several words ("“olá”" → "olá", "a—b" → "a b") or none ("—")."""
    where = np.flatnonzero(non_ascii)
    distinct, first, inverse = np.unique(hashes[where], return_index=True, return_inverse=True)
    replacements: list[list[bytes]] = []
    for index in first.tolist():
        start = int(starts[where[index]])
        raw = padded[start:start + int(lengths[where[index]])].tobytes().decode("utf-8", "surrogatepass")
        replacements.append([word.encode("utf-8", "surrogatepass") for word in normalize(raw).split()])
    per_distinct = np.array([len(words) for words in replacements], dtype=np.int64)
    flat = [word for words in replacements for word in words]
    buffer = np.frombuffer(b"".join(flat) + bytes(8), dtype=np.uint8)
    word_lengths = np.array([len(word) for word in flat], dtype=np.int64)
    word_starts = np.zeros(len(flat), dtype=np.int64)
    if len(flat):
        np.cumsum(word_lengths[:-1], out=word_starts[1:])
    new_hashes = _hash_byte_words(buffer, word_starts, word_lengths)
    del distinct

    if (per_distinct == 1).all():
        out = hashes.copy()
        out[where] = new_hashes[inverse]
        return out, raw_counts.astype(np.int64)

    # General case: every raw word becomes `size` words (1 for ASCII words).
    size = np.ones(len(hashes), dtype=np.int64)
    size[where] = per_distinct[inverse]
    distinct_offset = np.zeros(len(per_distinct), dtype=np.int64)
    np.cumsum(per_distinct[:-1], out=distinct_offset[1:])
    source_start = np.arange(len(hashes), dtype=np.int64)  # ASCII words: themselves, in `hashes`
    from_new = np.zeros(len(hashes), dtype=bool)
    from_new[where] = True
    source_start[where] = distinct_offset[inverse]
    total = int(size.sum())
    out_offsets = np.zeros(len(hashes), dtype=np.int64)
    np.cumsum(size[:-1], out=out_offsets[1:])
    step = np.arange(total, dtype=np.int64) - np.repeat(out_offsets, size)
    take = np.repeat(source_start, size) + step
    out = np.where(np.repeat(from_new, size), new_hashes[np.minimum(take, max(len(new_hashes) - 1, 0))]
                   if len(new_hashes) else _U64(0), hashes[np.minimum(take, len(hashes) - 1)])
    text_of_raw = np.repeat(np.arange(len(raw_counts)), raw_counts)
    counts = np.bincount(text_of_raw, weights=size, minlength=len(raw_counts)).astype(np.int64)
    return out.astype(_U64), counts


def _hash_byte_words(padded: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each word's bytes; `padded` must end in 8 zero bytes. Words of up to
    8 bytes (no zero bytes inside) map one-to-one, longer ones fold 8 bytes at a time."""
    if not len(starts):
        return np.zeros(0, dtype=_U64)
    windows = np.ndarray(shape=(len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))
    keep = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=_U64)
    hashes = windows[starts] & keep[np.minimum(lengths, 8)]
    hashes = _mix(hashes)
    offset = 8
    long = np.flatnonzero(lengths > 8)
    while len(long):
        chunk = windows[starts[long] + offset] & keep[np.minimum(lengths[long] - offset, 8)]
        hashes[long] = _mix((hashes[long] * _GOLDEN) ^ chunk)
        offset += 8
        long = long[lengths[long] > offset]
    return hashes


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, vectorised (a bijection on uint64)."""
    values = values ^ (values >> _U64(30))
    values *= _MIX_1
    values ^= values >> _U64(27)
    values *= _MIX_2
    values ^= values >> _U64(31)
    return values


def _bigram_hashes(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    return _mix(left * _BIGRAM + right)


# ---------------------------------------------------------------------------------------------
# Candidates and verification


def _near_pairs(words: _Words, pool: np.ndarray, threshold: float, split: int | None = None):
    """Verified pairs among the texts in `pool` (indices in ascending order): arrays first, second,
    similarity with first < second. With `split`, only pairs with first < split <= second."""
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
    if len(pool) < 2:
        return empty
    signatures = _signatures(words, pool)
    bands, rows = band_shape(threshold)
    left, right = _colliding(signatures, bands, rows)
    first, second = pool[left], pool[right]
    if split is not None:
        cross = (first < split) & (second >= split)
        first, second = first[cross], second[cross]
    if not len(first):
        return empty

    cache: dict[int, set[int]] = {}
    similarity = np.empty(len(first))
    for index, (a, b) in enumerate(zip(first.tolist(), second.tolist())):
        set_a = cache.get(a)
        if set_a is None:
            set_a = cache[a] = words.bigrams(a)
        set_b = cache.get(b)
        if set_b is None:
            set_b = cache[b] = words.bigrams(b)
        common = len(set_a & set_b)
        similarity[index] = common / (len(set_a) + len(set_b) - common)
    near = similarity >= threshold
    return first[near], second[near], similarity[near]


def _signatures(words: _Words, pool: np.ndarray) -> np.ndarray:
    """(len(pool), BINS) uint32 one-permutation MinHash signatures, densified by rotation."""
    counts = words.counts[pool]
    # Bigram hashes of the pool's texts, text after text.
    word_index = _ranges(words.offsets[pool], counts - 1)
    bigram = _bigram_hashes(words.hashes[word_index], words.hashes[word_index + 1])
    row = np.repeat(np.arange(len(pool), dtype=np.int64), counts - 1)
    bin_of = (((bigram >> _U64(32)) * _U64(BINS)) >> _U64(32)).astype(np.int64)  # top bits, scaled to BINS
    value = ((bigram & _U64(0xFFFFFFFF)) >> _U64(1)).astype(np.uint32)  # < 2³¹: 2³² − 1 marks "empty"
    empty_value = np.uint32(0xFFFFFFFF)
    flat = np.full(len(pool) * BINS, empty_value, dtype=np.uint32)
    np.minimum.at(flat, row * BINS + bin_of, value)
    signatures = flat.reshape(len(pool), BINS)

    filled = signatures != empty_value
    if filled.all():
        return signatures
    # Each empty bin takes the next filled bin to its right (wrapping), plus a step per bin moved.
    column = np.arange(2 * BINS, dtype=np.int32)
    donor = np.where(np.concatenate([filled, filled], axis=1), column, np.int32(4 * BINS))
    donor = np.minimum.accumulate(donor[:, ::-1], axis=1)[:, ::-1][:, :BINS]
    distance = (donor - column[:BINS]).astype(np.uint32)
    borrowed = np.take_along_axis(signatures, donor % BINS, axis=1) + distance * _ROTATION_STEP
    return np.where(filled, signatures, borrowed)


def _colliding(signatures: np.ndarray, bands: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs (left < right) that agree on every value of at least one band; each pair once."""
    n = len(signatures)
    used = signatures[:, : bands * rows].astype(_U64).reshape(n, bands, rows)
    keys = (used * _BAND_ROW[:rows]).sum(axis=2, dtype=_U64)
    keys += np.arange(bands, dtype=_U64) * _GOLDEN
    keys = _mix(keys).ravel()
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    text = order // bands
    same = sorted_keys[1:] == sorted_keys[:-1]
    lefts, rights = [], []
    distance = 1
    active = np.flatnonzero(same)  # positions i whose key equals the key at i + distance
    while len(active):
        lefts.append(text[active])
        rights.append(text[active + distance])
        distance += 1
        active = active[active + distance < len(sorted_keys)]
        active = active[sorted_keys[active + distance] == sorted_keys[active]]
    if not lefts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    left, right = np.concatenate(lefts), np.concatenate(rights)
    low, high = np.minimum(left, right), np.maximum(left, right)
    code = np.unique(low * n + high)
    return code // n, code % n


# ---------------------------------------------------------------------------------------------
# Identical copies and clusters


def _with_copies(first, second, similarity, group_of, first_of, counts):
    """Pairs repeated for every copy of either text, plus copies paired with each other."""
    members = _members_by_group(group_of, 0)
    out_first, out_second, out_similarity = [], [], []
    for a, b, s in zip(first.tolist(), second.tolist(), similarity.tolist()):
        copies_a, copies_b = members[group_of[a]], members[group_of[b]]
        grid_a, grid_b = np.meshgrid(copies_a, copies_b, indexing="ij")
        out_first.append(np.minimum(grid_a, grid_b).ravel())
        out_second.append(np.maximum(grid_a, grid_b).ravel())
        out_similarity.append(np.full(grid_a.size, s))
    for group, copies in enumerate(members):
        if len(copies) > 1 and counts[first_of[group]] > 0:
            upper_a, upper_b = np.triu_indices(len(copies), k=1)
            out_first.append(copies[upper_a])
            out_second.append(copies[upper_b])
            out_similarity.append(np.ones(len(upper_a)))
    if not out_first:
        return first, second, similarity
    return np.concatenate(out_first), np.concatenate(out_second), np.concatenate(out_similarity)


def _members_by_group(group_of: np.ndarray, offset: int) -> list[np.ndarray]:
    """Indices (plus offset) of each group's members, ascending, indexed by group number."""
    order = np.argsort(group_of, kind="stable")
    groups, starts = np.unique(group_of[order], return_index=True)
    members: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * (int(group_of.max()) + 1 if len(group_of) else 0)
    for group, part in zip(groups.tolist(), np.split(order + offset, starts[1:])):
        members[group] = part
    return members


def _components(first: list[int], second: list[int]) -> tuple[tuple[int, ...], ...]:
    """Connected components of the pair graph (union-find with path halving), sorted."""
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in zip(first, second):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    clusters: dict[int, list[int]] = {}
    for node in parent:
        clusters.setdefault(root(node), []).append(node)
    return tuple(sorted(tuple(sorted(nodes)) for nodes in clusters.values()))


# ---------------------------------------------------------------------------------------------
# Small helpers


def _first_within(keys: np.ndarray) -> np.ndarray:
    """Index of the first occurrence of each distinct key."""
    return np.unique(keys, return_index=True)[1]


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenation of range(start, start + length) for each pair (lengths ≥ 0)."""
    lengths = np.maximum(lengths, 0)
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    offsets = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=offsets[1:])
    return np.repeat(starts - offsets, lengths) + np.arange(total, dtype=np.int64)


def _check_threshold(threshold: float) -> None:
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
