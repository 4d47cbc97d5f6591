"""Thousands of malformed files: the loader never raises (but for whole-file LoadErrors) and never loses a line."""

from __future__ import annotations

import json
import random
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from advisor.data.loader import LoadError, load_bytes
from advisor.data.tokens import count_tokens
from tests.helpers import assert_accounted

VALID_LINES = [
    {"messages": [{"role": "user", "content": "Olá, tudo bem? 😀"}, {"role": "assistant", "content": "Tudo!"}]},
    {"messages": [{"role": "assistant", "content": None, "tool_calls": [{"id": "c", "type": "function",
                  "function": {"name": "f", "arguments": "{}"}}]}], "tools": [{"type": "function",
                  "function": {"name": "f", "parameters": {"type": "object", "properties": {}}}}]},
    {"prompt": "Classifique:", "completion": "Positivo"},
    {"input": {"messages": [{"role": "user", "content": "q"}]}, "preferred_output": [{"role": "assistant",
     "content": "a"}], "non_preferred_output": [{"role": "assistant", "content": "b"}]},
    {"system": "s", "messages": [{"role": "user", "content": "u"}, {"role": "assistant", "content": "a"}]},
    {"instruction": "i", "input": "x", "output": "o"},
    {"conversations": [{"from": "human", "value": "h"}, {"from": "gpt", "value": "g"}]},
    {"text": "texto livre"},
]

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
KEYS = ["messages", "role", "content", "prompt", "completion", "text", "system", "conversations", "from",
        "value", "instruction", "output", "input", "preferred_output", "non_preferred_output", "weight",
        "tool_calls", "function", "name", "arguments", "tools"]


def _mutate(record: object, rng: random.Random) -> object:
    """Replace one value somewhere inside a valid record with something of another type."""
    if isinstance(record, dict) and record:
        key = rng.choice(list(record))
        copy = dict(record)
        copy[key] = _mutate(record[key], rng) if rng.random() < 0.6 else rng.choice(
            [None, 7, 1.5, True, "x", [], {}, [1, 2], {"role": "robot"}, {"content": 3}]
        )
        return copy
    if isinstance(record, list) and record:
        index = rng.randrange(len(record))
        copy = list(record)
        copy[index] = _mutate(record[index], rng)
        return copy
    return rng.choice([None, 42, "", "assistant", {"a": 1}, [None]])


@st.composite
def messy_files(draw: st.DrawFn) -> bytes:
    rng = random.Random(draw(st.integers(0, 2**32)))
    lines: list[bytes] = []
    for _ in range(draw(st.integers(1, 25))):
        kind = draw(st.sampled_from(["valid", "mutated", "truncated", "random_json", "random_bytes", "blank", "keys",
                                     "surrogate", "huge_int", "unicode_space"]))
        base = json.dumps(rng.choice(VALID_LINES), ensure_ascii=rng.random() < 0.5).encode("utf-8")
        if kind == "valid":
            lines.append(base)
        elif kind == "mutated":
            lines.append(json.dumps(_mutate(rng.choice(VALID_LINES), rng)).encode("utf-8"))
        elif kind == "truncated":
            lines.append(base[: rng.randrange(len(base))])
        elif kind == "random_json":
            lines.append(json.dumps(draw(JSON_VALUES)).encode("utf-8"))
        elif kind == "random_bytes":
            lines.append(draw(st.binary(max_size=60)).replace(b"\n", b""))
        elif kind == "surrogate":  # a lone surrogate escape, either case: kept as U+FFFD
            escaped = json.dumps({"text": f"a{chr(0xD800 + rng.randrange(0x800))}b", "k": "x"})
            lines.append((escaped.replace("\\ud", "\\uD") if rng.random() < 0.5 else escaped).encode())
        elif kind == "huge_int":  # past CPython's 4,300-digit limit: a plain ValueError from json
            lines.append(b'{"text": ' + b"9" * rng.randint(4_301, 6_000) + b"}")
        elif kind == "unicode_space":
            lines.append(rng.choice(["\u00a0", "\u3000", "\u2003 ", "\u200b\u00a0"]).encode())
        elif kind == "keys":
            record = {key: draw(JSON_VALUES) for key in draw(st.lists(st.sampled_from(KEYS), max_size=4))}
            lines.append(json.dumps(record).encode("utf-8"))
        else:
            lines.append(draw(st.sampled_from([b"", b"  ", b"\t", b"\r"])))
    separator = draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
    return separator.join(lines) + draw(st.sampled_from([b"", separator]))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=messy_files(), name=st.sampled_from(["f.jsonl", "f.json", "f.txt"]))
@example(data=b'{"role": [{}, null]}', name="f.json")  # one line, two records read from the nested list
@example(data=b'{"text": "a"}\n\r\x00', name="f.jsonl")  # the last line, with no ending, starts with a lone CR: 3 lines
def test_messy_jsonl_never_raises_and_always_adds_up(data: bytes, name: str) -> None:
    try:
        dataset = load_bytes(data, name)
    except LoadError as error:  # only whole-file problems may raise
        # A gzip stream or UTF-16 text broken as a whole, or a nameless file whose magic says Parquet/XLSX.
        broken_whole = (b"\x1f\x8b", b"\xff\xfe", b"\xfe\xff") + ((b"PAR1", b"PK\x03\x04") if name == "f.txt" else ())
        assert (error.code, bool(data)) == ("file_empty", False) or (
            error.code == "unreadable_container" and data.startswith(broken_whole)
        )
        return
    assert_accounted(dataset)
    breaks = re.findall(rb"\r\n|\r|\n", data)  # as an editor shows lines: CRLF, a lone CR or LF ends one
    physical = len(breaks) + (0 if data.endswith((b"\n", b"\r")) else 1)
    # A JSON document (an array, or an object holding the records in one list) counts records, not lines
    is_document = name == "f.json" and dataset.container == "json"
    is_utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))  # transcoded first: its lines are not bytes lines
    if not (is_document or is_utf16):
        assert dataset.lines_read == physical
    tokens = count_tokens(dataset)
    assert len(tokens.per_example) == dataset.examples_kept
    for example in dataset.examples:  # no lone surrogate ever leaves the loader
        for text in (*example.keys, *(message.content or "" for message in example.messages)):
            text.encode("utf-8")


@settings(max_examples=600, deadline=None)
@given(
    rows=st.lists(st.lists(st.text(max_size=12), min_size=0, max_size=4), max_size=15),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_messy_tables_never_raise_and_always_add_up(rows: list[list[str]], delimiter: str) -> None:
    body = "\n".join(delimiter.join(cell.replace("\x00", "") for cell in row) for row in rows)
    data = ("text" + delimiter + "label\n" + body).encode("utf-8", errors="replace")
    try:
        dataset = load_bytes(data, "table.tsv" if delimiter == "\t" else "table.csv")
    except LoadError as error:
        pytest.fail(f"unexpected LoadError {error.code}")
    assert_accounted(dataset)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(min_size=1, max_size=400), name=st.sampled_from(["x.jsonl", "x.csv", "x.parquet", "x.xlsx", "x.gz"]))
def test_random_bytes_under_any_name_never_crash(data: bytes, name: str) -> None:
    try:
        dataset = load_bytes(data, name)
    except LoadError as error:
        assert error.code in {"unreadable_container", "no_columns", "file_too_large"}
        return
    assert_accounted(dataset)
