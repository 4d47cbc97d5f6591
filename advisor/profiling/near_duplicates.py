"""Inputs that are near duplicates of each other, and validation inputs that nearly appear in training.

What "near" means
    Each text is normalised (`normalize`): Unicode NFC, case-folded, split into words, a word being a
    maximal run of letters (accented ones included) and digits; everything else (punctuation,
    symbols, whitespace, "_") only separates words. Two texts are near duplicates when the Jaccard
    similarity of their sets of word bigrams (pairs of adjacent words) is at least the threshold
    (0.7 by default). The similarity reported is that exact Jaccard, computed on the two bigram sets
    (bigrams are compared by a 64-bit hash, so exact but for a 2⁻⁶⁴ accident).

Why word bigrams
    A one-word substitution in a 20-word text changes at most 2 of its 19 bigrams: Jaccard ≥
    17/21 ≈ 0.81 (one insertion or deletion: ≥ 18/21 ≈ 0.86), clear of 0.7. Word trigrams would give
    15/21 ≈ 0.71, on the threshold's edge. Unigrams fail the other way: two unrelated 20-word texts
    over a 40-word vocabulary share about a third of their words; over the same vocabulary there are
    1,600 bigrams, and such texts share almost none (Jaccard ≈ 0.01). Character n-grams were not
    used: every text over a small vocabulary contains the same in-word n-grams.

Short texts
    A text with fewer than MIN_WORDS (5) words is never a near duplicate: with at most 3 bigrams one
    changed word already leaves a Jaccard of 0.5 or less, and short texts ("ok", "thanks", a label)
    repeat legitimately. They can only match exactly (see below).

Identical texts
    Texts with equal normalised forms are exact duplicates, the exact-duplicate check's job. Detection
    runs once per distinct normalised text, on its first occurrence. With exclude_identical=True (the
    default) pairs and clusters name only first occurrences and two identical texts are never a pair;
    a later copy is linked to them through its first occurrence: the first text whose `normalize(...)`
    is equal to its own. With exclude_identical=False every copy is listed: each pair is repeated for
    every copy of either text, and the copies of one text are paired with each other at similarity
    1.0 (short texts included); this grows with the square of the number of copies. Texts without a
    single word are never reported.

    find_cross_matches reports a candidate whose normalised text equals a reference text's with
    similarity 1.0 (whatever its length), and near matches for candidates of MIN_WORDS words or more.
    Every candidate index is reported; on the reference side only the first occurrence of each
    distinct normalised text.

How it is found
    1. Words are split and hashed with numpy over the bytes of ~0.5 MB of texts at a time (Latin-1
       when the text fits, else UTF-8); only distinct words holding non-ASCII bytes go through
       Python's `normalize` (NFC, case folding, Unicode punctuation), once each. Identical texts are
       found by a key per text (Σ word hash × an odd weight of its place).
    2. Each distinct text of MIN_WORDS words or more gets `rows` independent one-permutation MinHash
       sketches of `bands` bins (each bigram draws a 32-bit value; its top bits pick the bin, the
       lowest value of a bin wins; an empty bin copies the nearest filled bin to its left plus a step
       per bin moved: "densification by rotation", Shrivastava & Li 2014, under which a bin agrees
       between two texts with probability equal to their Jaccard). Band i is bin i of every sketch,
       so the rows of a band are independent draws. (Bands cut from one long sketch are not: in a
       short text one bigram owns a run of copied bins; such bands missed 3–8 % of planted one-word
       edits in 20–45-word texts.) Cost: `rows` passes over the bigrams plus bands × rows cells per
       text, where classic MinHash evaluates bands × rows hashes per bigram; datasketch, which hashes
       text by text in Python, took 17–30× longer than this whole function on 5,000–10,000 tickets.
    3. Candidates: texts whose sketches agree on a whole band (compared by a 32-bit key per band,
       one band sorted at a time), and texts sharing an anchor, the first or the last half of their
       words (`_anchor_pairs`: one edited word always leaves one half intact, so single-word edits
       do not depend on LSH's luck, which is worst on short texts).
    4. Candidates are screened by a 512-bit fingerprint of their bigram sets (its estimate fell short
       of the exact Jaccard by at most 0.04 on 1,800 synthetic pairs of 20–1,000 bigrams; the screen
       allows SCREEN_MARGIN = 0.08), and the survivors are verified with the exact Jaccard
       (`_exact_jaccard`: one sort per slice of pairs, no Python set per text). No pair below the
       threshold is ever reported.
    Memory: each slice's bigrams are dropped once its band keys are taken; the screen and the
    verification digest again the texts of candidate pairs only. On 100k tickets of 100 words this
    holds ~15 MB (band keys, anchors) instead of 80 MB of bigrams.

What it misses
    LSH is probabilistic. `band_shape` takes the most rows per band (bands × rows ≤ DRAWS) for which a
    pair at threshold + 0.1 becomes a candidate with probability 1 − (1 − J^rows)^bands ≥ 99.9 %
    (bands independent): at the default 0.7, 25 bands of 6 rows, 99.95 % at 0.8 and 95.6 % at
    exactly 0.7. Measured on 10,000 20-word texts per kind, LSH alone missed 15 one-word
    substitutions (J ≈ 0.81) and no insertion or deletion; with the anchors none is missed, unless
    both halves of a text are shared by more than ANCHOR_BUCKET_MAX texts (templates), where LSH
    alone decides. When the bands collide too often (more than PAIR_BUDGET_PER_TEXT colliding pairs
    per text: tickets sharing most of their wording), rows are added to the same bands, one at a
    time up to MAX_ROWS, so that time stays bounded and recall just above the threshold drops (see
    the templated stress case of benchmarks/bench_near_duplicates.py). Everything is deterministic:
    fixed constants and salts, no random state, no Python `hash`.

    When even MAX_ROWS leaves more colliding pairs than the budget (a large group of mutually
    similar texts: thousands of tickets from one template, whose pairs grow with the square of its
    size), not every pair is listed. The bands go back to their first `rows` rows (the rows added
    would cost the other texts' pairs recall for nothing: on 20,000 tickets plus 14,179 texts of one
    template, 384 of 387 planted near pairs found with them, 387 without), and in each band a run
    of equal keys small enough to fit the budget gives all its pairs; a longer run gives a star,
    each member paired with the run's leader (its lowest position; in find_cross_matches a
    reference whenever the run holds one), verified like any candidate. A star connects its run as
    the full list would whenever its members are near their leader (as a template's variants are
    near each other), so such a group is still one cluster, linked through its leaders; but
    `pairs` is then a subset of the near pairs, at least this many, and NearDuplicates.complete is
    False. find_cross_matches then reports a candidate with the references leading its runs, not
    necessarily with all its near references. Measured
    (benchmarks/bench_near_duplicates.py --one-template N, 23-word texts differing in one number,
    every pair near): 14,179 texts in 0.32 s (5.0× the tokenize loop, 38,826 pairs, one cluster),
    100,000 in 2.6 s (5.9×); listing every pair took 49 s and 3.8 GB for 5,000.

    Work and memory are linear in the total number of words plus the candidate pairs, and the
    candidate pairs are at most max(budget, bands × texts) from the bands plus the anchors' (at most
    2 × ANCHOR_BUCKET_MAX per text): linear in the number of texts whatever the input.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

MIN_WORDS = 5
DRAWS = 150  # MinHash values per text at most: bands × rows
MAX_ROWS = 8
TARGET_RECALL = 0.999  # candidate probability of a pair at threshold + RECALL_MARGIN
RECALL_MARGIN = 0.1
PAIR_BUDGET_PER_TEXT = 10  # colliding pairs allowed per distinct text before rows are raised
PAIR_BUDGET_MIN = 200_000
SCREEN_MARGIN = 0.08  # the fingerprint estimate undershoots the exact Jaccard by ≤ 0.04 (measured)
CHUNK_CHARS = 1 << 19  # texts are split and hashed in slices of about this many characters
FINGERPRINT_WORDS = 8  # 8 × 64 = 512 bits
BAND_SLICE = 2048  # texts per slice when sketching: 2048 texts of 100 words need ~10 MB of temporaries
ANCHOR_BUCKET_MAX = 16  # a half shared by more texts than this is not used as an anchor
VERIFY_SLICE = 1 << 21  # bigrams of the pairs verified at a time (16 MB of keys)

_WORD = re.compile(r"[^\W_]+")
_U64 = np.uint64
_U8 = np.uint8
_MIX_1 = _U64(0xBF58476D1CE4E5B9)
_MIX_2 = _U64(0x94D049BB133111EB)
_GOLDEN = _U64(0x9E3779B97F4A7C15)
_BIGRAM = _U64(0xD6E8FEB86659FD93)
_EMPTY = np.uint32(0xFFFFFFFF)  # no bigram in this bin; real values are < 2³¹
_ROTATION_STEP = np.uint32(0x9E3779B1)
_SKETCH_SALT = np.array([0, 0x2545F4914F6CDD1D, 0x5851F42D4C957F2D, 0x14057B7EF767814F], dtype=_U64)  # rows 2k, 2k+1
_ROW_WEIGHTS = np.array([0xA0761D6478BD642F, 0xE7037ED1A0B428DB, 0x8EBC6AF09C88C6E3, 0x589965CC75374CC3,
                         0x1D8E4E27C47D124F, 0xEB44ACCAB455D165, 0x9FB21C651E98DF25, 0xC2B2AE3D27D4EB4F],
                        dtype=_U64)
_Normalised = dict[str, dict[int, tuple[int, ...]]]  # encoding → raw word hash → normalised word hashes
_KEEP_BYTES = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=_U64)
_VECTOR_WORD_BYTES = 64  # words up to this long are hashed 8 bytes per numpy pass; longer ones by blake2b


@dataclass(frozen=True, slots=True)
class NearPair:
    first: int  # index into the texts given
    second: int  # first < second
    similarity: float  # exact Jaccard of the two texts' word-bigram sets


@dataclass(frozen=True, slots=True)
class NearDuplicates:
    pairs: tuple[NearPair, ...]  # sorted by (first, second)
    clusters: tuple[tuple[int, ...], ...]  # connected components of the pairs, each sorted, size ≥ 2; sorted
    # texts with equal normalised forms (case, accents' composition, punctuation and spacing aside),
    # each group sorted, size ≥ 2: what exclude_identical leaves out of `pairs`
    identical: tuple[tuple[int, ...], ...] = ()
    # False when a large group of mutually similar texts made listing every pair too costly: `pairs`
    # is then a subset (at least this many pairs), each group still linked into its cluster
    complete: bool = True


def normalize(text: str) -> str:
    """The normalised form two texts must share to be identical: NFC, case-folded words joined by spaces."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFC", text).casefold()))


def find_near_duplicates(
    texts: Sequence[str], threshold: float = 0.7, exclude_identical: bool = True
) -> NearDuplicates:
    """Pairs of texts whose word-bigram Jaccard is ≥ threshold, and the clusters they link.

    Texts with equal normalised forms are one text, named by its first occurrence; with
    exclude_identical=False every copy is listed too (see the module docstring)."""
    _check_threshold(threshold)
    corpus = _Corpus.of(texts, *band_shape(threshold))
    _, first_of, group_of, group_sizes = np.unique(
        corpus.keys, return_index=True, return_inverse=True, return_counts=True
    )
    pool = np.sort(first_of[corpus.counts[first_of] >= MIN_WORDS])
    first, second, similarity, complete = _near_pairs(corpus, pool, threshold)
    if not exclude_identical:
        first, second, similarity = _with_copies(first, second, similarity, group_of, first_of, corpus.counts)
    order = np.lexsort((second, first))
    first, second, similarity = first[order].tolist(), second[order].tolist(), similarity[order].tolist()
    pairs = tuple(NearPair(a, b, s) for a, b, s in zip(first, second, similarity))
    copies = np.flatnonzero((group_sizes[group_of] > 1) & (corpus.counts > 0))  # texts without words: no group
    copies = copies[np.argsort(group_of[copies], kind="stable")]
    cuts = np.flatnonzero(np.diff(group_of[copies])) + 1
    identical = tuple(sorted(tuple(group.tolist()) for group in np.split(copies, cuts) if len(group)))
    clusters = connected_components(first, second)
    return NearDuplicates(pairs=pairs, clusters=clusters, identical=identical, complete=complete)


def find_cross_matches(
    reference: Sequence[str], candidates: Sequence[str], threshold: float = 0.7
) -> tuple[tuple[int, int, float], ...]:
    """(candidate index, reference index, similarity) for candidates that nearly appear in reference.

    A candidate whose normalised text equals a reference text's is reported with similarity 1.0,
    whatever its length; near matches need MIN_WORDS words. The reference index is the first
    occurrence of its text. Sorted by candidate, then reference.
    """
    _check_threshold(threshold)
    n_ref = len(reference)
    corpus = _Corpus.of([*reference, *candidates], *band_shape(threshold))
    _, first_of, group_of = np.unique(corpus.keys, return_index=True, return_inverse=True)
    representative = first_of[group_of]  # first occurrence over reference + candidates
    candidate = np.arange(n_ref, len(corpus.counts))

    # Identical: the candidate's text first occurs in the reference.
    exact = candidate[(representative[n_ref:] < n_ref) & (corpus.counts[n_ref:] > 0)]
    found = [(exact - n_ref, representative[exact], np.ones(len(exact)))]

    # Near: first occurrences in the reference against the first copy of each candidate text.
    candidate_group = group_of[n_ref:]
    _, first_in_candidates = np.unique(candidate_group, return_index=True)
    pool = np.concatenate([first_of[first_of < n_ref], first_in_candidates + n_ref])
    pool = np.sort(pool[corpus.counts[pool] >= MIN_WORDS])
    first, second, similarity, _ = _near_pairs(corpus, pool, threshold, split=n_ref)
    distinct = group_of[first] != group_of[second]  # identical ones are already listed
    first, second, similarity = first[distinct], second[distinct], similarity[distinct]
    if len(first):
        members = _members_by_group(candidate_group)
        for reference_index, candidate_index, value in zip(first.tolist(), second.tolist(), similarity.tolist()):
            copies = members[candidate_group[candidate_index - n_ref]]
            found.append((copies, np.full(len(copies), reference_index), np.full(len(copies), value)))

    c = np.concatenate([part[0] for part in found]).astype(np.int64)
    r = np.concatenate([part[1] for part in found]).astype(np.int64)
    s = np.concatenate([part[2] for part in found]).astype(float)
    order = np.lexsort((r, c))
    return tuple(zip(c[order].tolist(), r[order].tolist(), s[order].tolist()))


def band_shape(threshold: float, draws: int = DRAWS) -> tuple[int, int]:
    """(bands, rows) with bands = draws // rows: the most rows per band whose candidate probability
    at threshold + RECALL_MARGIN, 1 − (1 − J^rows)^bands, still reaches TARGET_RECALL."""
    target = min(1.0, threshold + RECALL_MARGIN)
    rows = 1
    for trial in range(1, MAX_ROWS + 1):
        if 1 - (1 - target**trial) ** (draws // trial) >= TARGET_RECALL:
            rows = trial
    return draws // rows, rows


# ---------------------------------------------------------------------------------------------
# Words and bigrams, computed slice by slice


@dataclass(frozen=True, slots=True)
class _Corpus:
    texts: Sequence[str]
    normalised: _Normalised  # what the texts' non-ASCII words normalise to, to digest some again
    counts: np.ndarray  # int64: words per text
    keys: np.ndarray  # uint64: equal for texts with equal normalised forms (and, but for a 2⁻⁶⁴
    # accident, only for those)
    anchors: np.ndarray  # (texts with ≥ MIN_WORDS words, 4) uint64, in text order (`_anchor_pairs`)
    anchor_row: np.ndarray  # int64 per text: its row in `anchors` and `band_keys`, −1 for shorter texts
    # [(bands, texts with ≥ MIN_WORDS words) uint32]: the band keys of the first `rows` rows (the high
    # half of `_band_sums`), in a list that `_near_pairs` empties, so that they are freed before the
    # candidates are verified
    band_keys: list[np.ndarray]
    rows: int

    @staticmethod
    def of(texts: Sequence[str], bands: int, rows: int) -> _Corpus:
        """Digested slice by slice; each slice's bigrams are dropped once its band keys are taken, so
        memory holds a few numbers per text instead of one per word (80 MB on 100k long tickets)."""
        normalised: _Normalised = {}
        # Room for every text: the columns of short texts are never written, so never take memory.
        band_keys = np.empty((bands, len(texts)), dtype=np.uint32)
        parts, pending, filled, pending_long = [], [], 0, 0
        for part in _digest_slices(texts, normalised):
            parts.append(part[:2] + part[3:])  # counts, keys, anchors: the bigrams go once summed
            pending.append(part)
            pending_long += len(part[3])
            if pending_long >= BAND_SLICE:
                band_keys[:, filled:filled + pending_long] = _pending_keys(pending, bands, rows)
                filled += pending_long
                pending, pending_long = [], 0
        if pending_long:
            band_keys[:, filled:filled + pending_long] = _pending_keys(pending, bands, rows)
            filled += pending_long
        counts = np.concatenate([np.zeros(0, dtype=np.int64)] + [part[0] for part in parts])
        long = counts >= MIN_WORDS
        return _Corpus(
            texts=texts,
            normalised=normalised,
            counts=counts,
            keys=np.concatenate([np.zeros(0, dtype=_U64)] + [part[1] for part in parts]),
            anchors=np.concatenate([np.zeros((0, 4), dtype=_U64)] + [part[2] for part in parts]),
            anchor_row=np.where(long, np.cumsum(long) - 1, -1),
            band_keys=[band_keys[:, :filled]],
            rows=rows,
        )

    def bigrams_of(self, texts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The bigram hashes of `texts` (indices of texts with ≥ MIN_WORDS words), text after text, and
        how many each has: digested again (the same hashes: words normalise and hash alike in any slice)."""
        chosen = [self.texts[index] for index in texts.tolist()]
        bigrams = [part[2] for part in _digest_slices(chosen, self.normalised)]
        return np.concatenate([np.zeros(0, dtype=_U64)] + bigrams), self.counts[texts] - 1


def _digest_slices(texts: Sequence[str], normalised: _Normalised) -> Iterator[tuple]:
    """`_digest` of consecutive slices of about CHUNK_CHARS characters: numpy's temporaries stay in
    cache and out of fresh pages, 3–5× faster than whole-corpus arrays on this machine."""
    n = len(texts)
    if not n:
        return
    sizes = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    ends = np.cumsum(sizes + 1)
    cuts = np.searchsorted(ends, np.arange(CHUNK_CHARS, int(ends[-1]), CHUNK_CHARS), side="right")
    bounds = np.unique(np.concatenate([[0], cuts, [n]]))
    for start, stop in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        yield _digest(texts[start:stop], normalised)


def _pending_keys(parts: list[tuple], bands: int, rows: int) -> np.ndarray:
    """Band keys of the long texts of some digested slices: the high 32 bits of their band sums (a
    sum of values times random odd 64-bit weights, so the high bits are well spread). Two texts
    whose bands differ share a key with probability 2⁻³²: about one false candidate pair per band
    among 100k texts, which the screen removes; half the memory of the whole sums."""
    bigrams = np.concatenate([part[2] for part in parts])
    counts = np.concatenate([part[0][part[0] >= MIN_WORDS] - 1 for part in parts])
    if not len(counts):
        return np.zeros((bands, 0), dtype=np.uint32)
    return (_band_sums(bigrams, counts, bands, range(rows)) >> _U64(32)).astype(np.uint32)


def _digest(texts: Sequence[str], normalised: _Normalised):
    """One slice: word counts, text keys, bigram hashes of the texts with ≥ MIN_WORDS words, and
    their anchor keys (`_anchor_pairs`)."""
    hashes, counts = _word_hashes(texts, normalised)
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    starts, ends = offsets[:-1], offsets[1:]
    position = np.arange(len(hashes), dtype=np.int64) - np.repeat(starts, counts)

    # Word sequences are keyed by Σ word hash × an odd weight of the word's place. Word hashes are
    # mixed, so two different sequences (reorderings included) collide with probability ~2⁻⁶³.
    # Prefix sums give the key of any run of words from the start, or back from the end.
    from_start = np.zeros(len(hashes) + 1, dtype=_U64)
    np.cumsum(hashes * ((position.astype(_U64) << _U64(1)) | _U64(1)) * _GOLDEN, out=from_start[1:])
    back = (np.repeat(counts, counts) - 1 - position).astype(_U64)
    from_end = np.zeros(len(hashes) + 1, dtype=_U64)
    np.cumsum(hashes * ((back << _U64(1)) | _U64(1)) * _BIGRAM, out=from_end[1:])
    keys = _mix((from_start[ends] - from_start[starts]) ^ counts.astype(_U64))

    long = counts >= MIN_WORDS
    half = (counts[long] - 1) // 2
    s, e = starts[long], ends[long]
    anchors = np.stack([
        from_start[s + half] - from_start[s], from_start[s + half - 1] - from_start[s],
        from_end[e] - from_end[e - half], from_end[e] - from_end[e - half + 1],
    ], axis=1)
    anchors ^= np.stack([half, half - 1, half, half - 1], axis=1).astype(_U64) * _GOLDEN  # length
    anchors[:, 2:] += _MIX_1  # an opening never matches an ending
    left = _ranges(s, counts[long] - 1)
    return counts, keys, _mix(hashes[left] * _BIGRAM + hashes[left + 1]), _mix(anchors)


def _word_hashes(texts: Sequence[str], normalised: _Normalised) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the normalised words of `texts`, and the number of words of each text."""
    raw, encoding = _bytes_of("\x00".join(texts))
    if np.count_nonzero(raw == 0) != len(texts) - 1:  # a text holding NUL: NUL separates words anyway
        raw, encoding = _bytes_of("\x00".join(text.replace("\x00", " ") for text in texts))
    size = len(raw)
    # ASCII lower-cased into a buffer followed by 8 zero bytes, so 8-byte reads never run off the end.
    padded = np.zeros(size + 8, dtype=_U8)
    upper = (raw - _U8(65)) < _U8(26)
    np.bitwise_or(raw, upper.view(_U8) << _U8(5), out=padded[:size])
    lowered = padded[:size]
    # A word is a run of ASCII letters and digits and of non-ASCII bytes (sorted out below).
    edged = np.zeros(size + 2, dtype=bool)
    is_word = edged[1:-1]
    np.less(lowered - _U8(97), _U8(26), out=is_word)
    is_word |= (raw - _U8(48)) < _U8(10)
    is_word |= raw >= _U8(0x80)
    edges = np.flatnonzero(edged[1:] != edged[:-1])
    starts, lengths = edges[0::2], edges[1::2] - edges[0::2]
    separators = np.flatnonzero(raw == 0)
    bounds = np.searchsorted(starts, np.concatenate([[0], separators, [size]]))
    counts = np.diff(bounds).astype(np.int64)
    hashes = _hash_byte_words(padded, starts, lengths)

    leads = np.flatnonzero(raw >= _U8(0xC0 if encoding == "utf-8" else 0x80))  # non-ASCII characters
    if not len(leads):
        return hashes, counts
    # Fewer look-ups: skip a character that directly follows another one (same word for sure).
    leads = leads[np.concatenate([[True], np.diff(leads) > (2 if encoding == "utf-8" else 1)])]
    words = np.searchsorted(starts, leads, side="right") - 1
    non_ascii = words[np.concatenate([[True], words[1:] != words[:-1]])]
    remembered = normalised.setdefault(encoding, {})  # the same bytes mean other words in another encoding
    return _renormalise(padded, starts, lengths, hashes, non_ascii, counts, remembered, encoding)


def _bytes_of(text: str) -> tuple[np.ndarray, str]:
    """The text's bytes: Latin-1 when it fits (a copy, no encoding work: most Portuguese and English
    text), else UTF-8. Either way ASCII is ASCII and every other character is bytes ≥ 0x80."""
    try:
        return np.frombuffer(text.encode("latin-1"), dtype=_U8), "latin-1"
    except UnicodeEncodeError:
        return np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=_U8), "utf-8"


def _renormalise(
    padded, starts, lengths, hashes, non_ascii, counts, normalised, encoding
) -> tuple[np.ndarray, np.ndarray]:
    """Words holding non-ASCII bytes, normalised in Python once per distinct raw word (remembered in
    `normalised` across slices). A raw word may become one word ("Ação" → "ação"), several
    ("“olá”—oi" → "olá", "oi") or none ("—")."""
    distinct, first, inverse = np.unique(hashes[non_ascii], return_index=True, return_inverse=True)
    missing = [index for index, raw_hash in enumerate(distinct.tolist()) if raw_hash not in normalised]
    if missing:
        texts = []
        for index in non_ascii[first[missing]].tolist():
            start = int(starts[index])
            raw = padded[start:start + int(lengths[index])].tobytes().decode(encoding, "surrogatepass")
            texts.append([word.encode("utf-8", "surrogatepass") for word in normalize(raw).split()])
        flat = [word for words in texts for word in words]
        word_lengths = np.fromiter(map(len, flat), dtype=np.int64, count=len(flat))
        word_starts = np.zeros(len(flat), dtype=np.int64)
        np.cumsum(word_lengths[:-1], out=word_starts[1:])
        buffer = np.frombuffer(b"".join(flat) + bytes(8), dtype=_U8)
        new = iter(_hash_byte_words(buffer, word_starts, word_lengths).tolist())
        for index, words in zip(missing, texts):
            normalised[int(distinct[index])] = tuple(next(new) for _ in words)
    replacements = [normalised[raw_hash] for raw_hash in distinct.tolist()]
    per_distinct = np.fromiter(map(len, replacements), dtype=np.int64, count=len(replacements))
    new_hashes = np.fromiter((value for words in replacements for value in words), dtype=_U64,
                             count=int(per_distinct.sum()))

    if (per_distinct == 1).all():
        out = hashes.copy()
        out[non_ascii] = new_hashes[inverse]
        return out, counts

    # Some raw words become several words or none: rebuild the sequence word by word.
    size = np.ones(len(hashes), dtype=np.int64)
    size[non_ascii] = per_distinct[inverse]
    distinct_offset = np.zeros(len(per_distinct), dtype=np.int64)
    np.cumsum(per_distinct[:-1], out=distinct_offset[1:])
    source = np.arange(len(hashes), dtype=np.int64)
    source[non_ascii] = len(hashes) + distinct_offset[inverse]
    out = np.concatenate([hashes, new_hashes])[_ranges(source, size)]
    text_of_word = np.repeat(np.arange(len(counts)), counts)
    return out, np.bincount(text_of_word, weights=size, minlength=len(counts)).astype(np.int64)


def _hash_byte_words(padded: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each word's bytes; `padded` must end in 8 zero bytes. Words of up to 8 bytes
    map one-to-one (their bytes, read as one integer, through a bijective mix); longer words fold in
    8 bytes at a time."""
    if not len(starts):
        return np.zeros(0, dtype=_U64)
    windows = np.ndarray(shape=(len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))
    hashes = _mix(windows[starts] & _KEEP_BYTES[np.minimum(lengths, 8)])
    offset = 8
    long = np.flatnonzero((lengths > offset) & (lengths <= _VECTOR_WORD_BYTES))
    while len(long):
        chunk = windows[starts[long] + offset] & _KEEP_BYTES[np.minimum(lengths[long] - offset, 8)]
        hashes[long] = _mix((hashes[long] * _GOLDEN) ^ chunk)
        offset += 8
        long = long[lengths[long] > offset]
    # Longer words would cost one numpy pass per 8 bytes (a 10 MB word: 1.3 million passes, ~45 s):
    # they are hashed whole by blake2b instead, linear in their size. Same bytes, same hash.
    for index in np.flatnonzero(lengths > _VECTOR_WORD_BYTES).tolist():
        start = int(starts[index])
        word = padded[start:start + int(lengths[index])].tobytes()
        hashes[index] = int.from_bytes(hashlib.blake2b(word, digest_size=8).digest(), "little")
    return hashes


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, vectorised: a bijection of uint64 that spreads every input bit."""
    values = values ^ (values >> _U64(30))
    values *= _MIX_1
    values ^= values >> _U64(27)
    values *= _MIX_2
    values ^= values >> _U64(31)
    return values


# ---------------------------------------------------------------------------------------------
# Candidates and verification


def _near_pairs(corpus: _Corpus, pool: np.ndarray, threshold: float, split: int | None = None):
    """Verified pairs among the texts in `pool` (ascending indices of texts with ≥ MIN_WORDS words):
    arrays first, second, similarity with first < second, and whether every colliding pair was
    verified (False: the pairs are a subset, `_capped_band_pair_codes`). With `split`, only pairs
    with first < split <= second."""
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0), True)
    if len(pool) < 2 or (split is not None and not (pool[0] < split <= pool[-1])):
        return empty
    budget = max(PAIR_BUDGET_MIN, PAIR_BUDGET_PER_TEXT * len(pool))
    keys, rows = corpus.band_keys.pop(), corpus.rows
    bands, columns = len(keys), corpus.anchor_row[pool]
    codes = _band_pair_codes(keys, columns, None, budget)
    held = extra = None  # the pool's bigrams (digested again) and band sums of the rows added
    while codes is None and rows < MAX_ROWS:
        # Too many texts share bands (templated wording): one more row per band, same bands.
        held = held or corpus.bigrams_of(pool)
        more = _pool_band_sums(*held, bands, range(rows, rows + 1))
        extra = more if extra is None else extra + more
        rows += 1
        codes = _band_pair_codes(keys, columns, extra, budget)
    complete = codes is not None
    if codes is None:
        # Even MAX_ROWS leaves too many colliding pairs: a large group of mutually similar texts.
        # Listing them all would grow with the square of its size; long runs get a star instead,
        # on the first `rows` rows: the rows added cost the other texts' pairs recall for nothing.
        codes = _capped_band_pair_codes(keys, columns, budget)
    del keys, extra
    # Short texts are where LSH misses most (few bigrams, few independent draws): texts sharing
    # half their words verbatim are candidates too.
    code = _distinct(np.concatenate([codes, _anchor_pairs(corpus, pool)]))
    left, right = code // len(pool), code % len(pool)
    if split is not None:
        cross = (pool[left] < split) & (pool[right] >= split)
        left, right = left[cross], right[cross]
    if not len(left):
        return empty[:3] + (complete,)

    # Screen with fingerprints, then verify exactly. Both need bigrams, which are digested again for
    # the texts concerned only, a slice at a time for the fingerprints.
    def bigrams_of(chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # chosen: positions in pool
        if held is None:
            return corpus.bigrams_of(pool[chosen])
        counts = held[1][chosen]
        return held[0][_ranges(_offsets(held[1])[:-1][chosen], counts)], counts

    involved = np.zeros(len(pool), dtype=bool)
    involved[left] = involved[right] = True
    members = np.flatnonzero(involved)
    fingerprints = np.concatenate([np.zeros((0, FINGERPRINT_WORDS), dtype=_U64)] + [
        _fingerprints(*bigrams_of(members[first:first + BAND_SLICE])) for first in range(0, len(members), BAND_SLICE)
    ])
    position = np.cumsum(involved) - 1
    plausible = _estimated_jaccard(fingerprints, position[left], position[right]) >= threshold - SCREEN_MARGIN
    left, right = left[plausible], right[plausible]
    verified = _distinct(np.concatenate([left, right]))
    bigrams, counts = bigrams_of(verified)
    held = None
    row = np.zeros(len(pool), dtype=np.int64)
    row[verified] = np.arange(len(verified))
    similarity = _exact_jaccard(bigrams, counts, row[left], row[right])
    left, right = pool[left], pool[right]
    near = similarity >= threshold
    return left[near], right[near], similarity[near], complete


def _exact_jaccard(bigrams: np.ndarray, counts: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Exact Jaccard of the bigram sets of texts left[k] and right[k] (rows of `counts`; `bigrams`
    holds their hashes text after text, `counts` how many each has, each ≥ 1).

    Each hash is replaced by its rank among the distinct hashes (exact: equal ranks, equal hashes),
    so that every bigram of a pair fits one integer, (pair, rank, side), and a slice of pairs is
    one sort: repeats within a text merge, and a bigram both texts hold sits next to itself. No
    Python set per text (~70 bytes a bigram, 700 MB on 100k templated texts of 100 words)."""
    distinct = _distinct(bigrams)
    rank = np.searchsorted(distinct, bigrams).astype(_U64) << _U64(1)  # the low bit: which side
    shift = _U64(len(distinct).bit_length() + 1)  # the pair's number sits above rank and side
    starts = _offsets(counts)[:-1]
    ends = np.cumsum(counts[left] + counts[right])
    cuts = np.searchsorted(ends, np.arange(VERIFY_SLICE, int(ends[-1]) if len(ends) else 0, VERIFY_SLICE))
    most = min(VERIFY_SLICE, 1 << (63 - int(shift)))  # pairs per slice, at most: their numbers fit
    bounds = _distinct(np.concatenate([[0, len(left)], cuts, np.arange(0, len(left), most)]))
    similarity = np.empty(len(left))
    for first, stop in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        a, b = left[first:stop], right[first:stop]
        pair = np.arange(stop - first, dtype=_U64) << shift
        keys = _distinct(np.concatenate([
            np.repeat(pair, counts[a]) | rank[_ranges(starts[a], counts[a])],
            np.repeat(pair, counts[b]) | rank[_ranges(starts[b], counts[b])] | _U64(1),
        ]))
        owner = (keys >> shift).astype(np.int64)
        shared = owner[1:][(keys[1:] >> _U64(1)) == (keys[:-1] >> _U64(1))]  # one bigram, both sides
        common = np.bincount(shared, minlength=stop - first)
        similarity[first:stop] = common / (np.bincount(owner, minlength=stop - first) - common)  # |A ∪ B|
    return similarity


def _band_sums(bigrams: np.ndarray, counts: np.ndarray, bands: int, rows: range) -> np.ndarray:
    """(bands, len(counts)) uint64: Σ over `rows` of weight(row) × sketch value, for consecutive runs
    of bigram hashes of the given lengths (each ≥ 1): the band keys, but for a salt per band.

    One one-permutation MinHash sketch of `bands` bins per row (see the module's "How it is
    found"); band i sums bin i of every row. Layout (bands, texts), so that densifying walks the
    bins with one vector operation per bin."""
    n = len(counts)
    base = np.repeat(np.arange(0, n * bands, bands, dtype=np.int32), counts)  # each bigram's text
    sums = np.zeros((bands, n), dtype=_U64)
    for row in rows:
        if row % 2 == 0 or row == rows[0]:  # two 32-bit draws per 64-bit hash
            hashed = bigrams if row < 2 else _mix(bigrams ^ _SKETCH_SALT[row // 2])
            halves = hashed.view(np.uint32)  # the two 32-bit halves of each hash, in either order
        draw = halves[1::2] if row % 2 == 0 else halves[0::2]
        # One permutation cut into `bands` ranges: the bin is the range (from the top 16 bits), the
        # value the draw itself, so the bin's minimum is its first element in permutation order.
        slot = draw >> np.uint32(16)
        slot *= np.uint32(bands)
        slot >>= np.uint32(16)
        slot = slot.view(np.int32)
        slot += base
        flat = np.full(n * bands, _EMPTY, dtype=np.uint32)
        np.minimum.at(flat, slot, draw >> np.uint32(1))  # < 2³¹: 2³² − 1 is free to mark "empty"
        sketch = flat.reshape(n, bands).T.copy()
        filled = sketch != _EMPTY
        distance = np.zeros((bands, n), dtype=np.uint32)
        for index in range(1, bands):
            empty = ~filled[index]
            np.copyto(sketch[index], sketch[index - 1], where=empty)
            np.add(distance[index - 1], 1, out=distance[index], where=empty)
        # Bins before a text's first filled bin wrap round to its last filled bin.
        leading = ~filled[0]
        index = 0
        while leading.any():
            np.copyto(sketch[index], sketch[-1], where=leading)
            np.add(distance[-1], index + 1, out=distance[index], where=leading)
            index += 1
            leading &= ~filled[index]
        distance *= _ROTATION_STEP
        sketch += distance
        sums += sketch.astype(_U64) * _ROW_WEIGHTS[row]
    return sums


def _pool_band_sums(bigrams: np.ndarray, counts: np.ndarray, bands: int, rows: range) -> np.ndarray:
    """(bands, len(counts)) `_band_sums` of texts given by their bigrams, BAND_SLICE texts at a time."""
    sums = np.empty((bands, len(counts)), dtype=_U64)
    offsets = _offsets(counts)
    for first in range(0, len(counts), BAND_SLICE):
        part = counts[first:first + BAND_SLICE]
        hashes = bigrams[offsets[first]:offsets[first + len(part)]]
        sums[:, first:first + len(part)] = _band_sums(hashes, part, bands, rows)
    return sums


def _band_pair_codes(
    keys: np.ndarray, columns: np.ndarray, extra: np.ndarray | None, budget: int | None
) -> np.ndarray | None:
    """Pair codes (low · n + high, n = len(columns)) of the texts sharing a band: equal band keys
    `keys[:, columns]` (and equal high halves of `extra`, the band sums of rows added), one band
    sorted at a time. None when more than `budget` pairs collide, counted once per band they share:
    the bands are then too coarse for this data."""
    n = len(columns)
    codes, colliding = [], 0
    for index, band in enumerate(keys):
        key = band[columns]
        if extra is not None:
            key = (key.astype(_U64) << _U64(32)) | (extra[index] >> _U64(32))
        owner = np.argsort(key)
        ordered = key[owner]
        colliding += _colliding_count(ordered)
        if budget is not None and colliding > budget:
            return None
        codes.append(_pair_codes(ordered, owner, n))
    return np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)


def _capped_band_pair_codes(keys: np.ndarray, columns: np.ndarray, budget: int) -> np.ndarray:
    """Pair codes, as `_band_pair_codes` without rows added, when more than `budget` pairs collide: a
    run of equal band keys of at most `largest` texts gives all its pairs, a longer run of s texts a
    star of s − 1 pairs to its leader, its lowest pool position (the module's "What it misses").
    `largest` is the largest size that keeps the pairs within the budget, or within the stars
    alone when they exceed it: at most bands × len(columns) codes."""
    n = len(columns)
    runs = np.zeros(n + 1, dtype=np.int64)  # runs[s]: runs of s equal keys, over every band
    for band in keys:
        runs += np.bincount(_run_sizes(np.sort(band[columns])), minlength=n + 1)
    size = np.arange(n + 1, dtype=np.int64)
    clique, star = np.cumsum(runs * size * (size - 1) // 2), np.cumsum(runs * np.maximum(size - 1, 0))
    listed = clique + (star[-1] - star)  # pairs when runs of up to s texts are listed whole
    largest = int(np.flatnonzero(listed <= max(budget, star[-1]))[-1])
    codes = []
    for band in keys:
        key = band[columns]
        owner = np.argsort(key)
        ordered = key[owner]
        codes.append(_pair_codes(ordered, owner, n, largest=largest))
        sizes = _run_sizes(ordered)
        starts = np.zeros(len(sizes), dtype=np.int64)
        np.cumsum(sizes[:-1], out=starts[1:])
        long = sizes > largest
        leaders = np.minimum.reduceat(owner, starts)[long] if len(starts) else starts
        members = owner[_ranges(starts[long], sizes[long])]
        leader = np.repeat(leaders, sizes[long])
        codes.append(leader[members != leader] * n + members[members != leader])
    return np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)


def _run_sizes(ordered: np.ndarray) -> np.ndarray:
    """Lengths of the runs of equal values of a sorted array, in order."""
    if not len(ordered):
        return np.zeros(0, dtype=np.int64)
    cuts = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
    return np.diff(np.concatenate([[0], cuts, [len(ordered)]]))


def _colliding_count(ordered: np.ndarray) -> int:
    """Text pairs sharing a key: Σ size·(size − 1)/2 over runs of equal keys, from the (few)
    positions equal to their predecessor."""
    same = np.flatnonzero(ordered[1:] == ordered[:-1])
    if not len(same):
        return 0
    chain_starts = np.flatnonzero(np.diff(same, prepend=-2) != 1)  # a run of size s: s − 1 positions
    sizes = np.diff(np.append(chain_starts, len(same))) + 1
    return int((sizes * (sizes - 1) // 2).sum())


def _pair_codes(ordered: np.ndarray, owner: np.ndarray, n_rows: int, largest: int | None = None) -> np.ndarray:
    """low · n_rows + high for every two owners (low < high) of equal sorted keys; with `largest`,
    runs of equal keys longer than that are skipped."""
    same = np.flatnonzero(ordered[1:] == ordered[:-1])  # i such that key[i] == key[i + distance]
    if largest is not None and len(same):
        chain = np.cumsum(np.diff(same, prepend=-2) != 1)  # runs of equal keys, numbered from 1
        same = same[np.bincount(chain)[chain] < largest]  # a run of s keys has s − 1 such positions
    codes = []
    distance = 1
    while len(same):
        low, high = owner[same], owner[same + distance]
        low, high = np.minimum(low, high), np.maximum(low, high)
        codes.append(low[low != high] * n_rows + high[low != high])
        distance += 1
        same = same[same + distance < len(ordered)]
        same = same[ordered[same + distance] == ordered[same]]
    return np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)


def _anchor_pairs(corpus: _Corpus, pool: np.ndarray) -> np.ndarray:
    """Pair codes (low · len(pool) + high) of pool texts sharing an anchor: their first L words or
    their last L words, for L = ⌊(n − 1)/2⌋ and L − 1 (n words). One edited word (substituted,
    inserted or deleted) always leaves one of the two halves intact, and texts differing by one
    word have lengths n and n ± 1, so they share an anchor of a common L. Anchors shared by more
    than ANCHOR_BUCKET_MAX texts (common openings, templates) are left to LSH."""
    keys = corpus.anchors[corpus.anchor_row[pool]].ravel()  # four per pool text, in pool order
    order = np.argsort(keys)
    keys = keys[order]
    order >>= 2  # the owner: position in the pool
    return _pair_codes(keys, order, len(pool), largest=ANCHOR_BUCKET_MAX)


def _fingerprints(bigrams: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """(len(counts), FINGERPRINT_WORDS) uint64: each bigram of a text sets one of 512 bits; `bigrams`
    holds the texts' bigram hashes text after text, `counts` how many each has."""
    out = np.zeros((len(counts), FINGERPRINT_WORDS), dtype=_U64)
    offsets = _offsets(counts)
    step = 4096
    for first in range(0, len(counts), step):
        part = counts[first:first + step]
        hashes = bigrams[offsets[first]:offsets[first + len(part)]]
        slot = np.repeat(np.arange(len(part), dtype=np.int64) * FINGERPRINT_WORDS, part)
        slot += (hashes >> _U64(61)).astype(np.int64)  # top 3 bits: the word
        flat = np.zeros(len(part) * FINGERPRINT_WORDS, dtype=_U64)
        np.bitwise_or.at(flat, slot, _U64(1) << ((hashes >> _U64(54)) & _U64(63)))
        out[first:first + len(part)] = flat.reshape(len(part), FINGERPRINT_WORDS)
    return out


def _estimated_jaccard(fingerprints: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Shared bits over bits set, for fingerprint rows left[k] and right[k]."""
    estimate = np.empty(len(left))
    step = 1 << 16
    for start in range(0, len(left), step):
        a, b = fingerprints[left[start:start + step]], fingerprints[right[start:start + step]]
        common = np.bitwise_count(a & b).sum(axis=1, dtype=np.int64)
        union = np.bitwise_count(a | b).sum(axis=1, dtype=np.int64)
        estimate[start:start + step] = common / np.maximum(union, 1)
    return estimate


# ---------------------------------------------------------------------------------------------
# Identical copies and clusters


def _with_copies(first, second, similarity, group_of, first_of, counts):
    """Pairs repeated for every copy of either text, plus copies paired with each other at 1.0."""
    members = _members_by_group(group_of)
    out = [(first, second, similarity)]
    for a, b, value in zip(first.tolist(), second.tolist(), similarity.tolist()):
        copies_a, copies_b = members[group_of[a]], members[group_of[b]]
        if len(copies_a) == 1 and len(copies_b) == 1:
            continue
        grid_a, grid_b = (grid.ravel() for grid in np.meshgrid(copies_a, copies_b, indexing="ij"))
        extra = (grid_a != a) | (grid_b != b)
        grid_a, grid_b = grid_a[extra], grid_b[extra]
        out.append((np.minimum(grid_a, grid_b), np.maximum(grid_a, grid_b), np.full(len(grid_a), value)))
    for group, copies in enumerate(members):
        if len(copies) > 1 and counts[first_of[group]] > 0:
            upper_a, upper_b = np.triu_indices(len(copies), k=1)
            out.append((copies[upper_a], copies[upper_b], np.ones(len(upper_a))))
    return tuple(np.concatenate([part[index] for part in out]) for index in range(3))


def _members_by_group(group_of: np.ndarray) -> list[np.ndarray]:
    """Indices of each group's members, ascending, listed by group number (groups 0..max)."""
    order = np.argsort(group_of, kind="stable")
    boundaries = np.flatnonzero(np.diff(group_of[order])) + 1
    parts = np.split(order.astype(np.int64), boundaries)
    members: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * (int(group_of.max()) + 1 if len(group_of) else 0)
    for part in parts:
        if len(part):
            members[int(group_of[part[0]])] = part
    return members


def connected_components(first: list[int], second: list[int]) -> tuple[tuple[int, ...], ...]:
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


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenation of range(start, start + length) for each pair (lengths ≥ 0)."""
    lengths = np.maximum(lengths, 0)
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    offsets = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=offsets[1:])
    return np.repeat(starts - offsets, lengths) + np.arange(total, dtype=np.int64)


def _offsets(counts: np.ndarray) -> np.ndarray:
    """Where each of consecutive runs of the given lengths starts, and (last) where they end."""
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return offsets


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.unique hashes here, several times slower on these sizes)."""
    values = np.sort(values)
    return values[np.concatenate([[True], values[1:] != values[:-1]])] if len(values) else values


def _check_threshold(threshold: float) -> None:
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
