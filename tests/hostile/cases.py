"""Malformed files for the hostile suite (issues #12 and #19), built at test time in a temporary folder.

Each `Case` names its class, how to build the file, what the CLI must do with it (`read`: exit 0
with a JSON report; `refuse`: exit 2 with one line on stderr; `any`: either, each with its own
contract), the time and memory bound it must stay under, and optionally a check of the numbers the
report gives. Bombs are made by streaming compression of repeated bytes, so a gigabyte costs
seconds to make and a megabyte of disk.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.helpers import workbook_bytes

MB = 1 << 20

# Safety bounds (generous: two cores shared with other work). The issue's own bound for bombs is
# 10 s and 500 MB; a long line or field must not cost more than 30 s; anything else 60 s and 1 GB.
BOMB_SECONDS, BOMB_RSS_MB = 10, 500
LONG_SECONDS = 30
DEFAULT_SECONDS, DEFAULT_RSS_MB = 60, 1024

RECORD = {"prompt": "Classifique: ótimo atendimento", "completion": "positivo"}
CHAT = {"messages": [{"role": "system", "content": "Classify."}, {"role": "user", "content": "ótimo"},
                     {"role": "assistant", "content": "positivo"}]}

Check = Callable[[dict[str, Any]], "str | None"]
ANALYZE = ("analyze", "{file}", "--json")
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "translation_pairs.jsonl"


@dataclass(frozen=True)
class Case:
    name: str
    cls: str  # the class of malformation, for the report
    filename: str
    build: Callable[[Path], None] = field(repr=False)
    expect: str = "any"  # read | refuse | any
    args: tuple[str, ...] = ()
    seconds: float = DEFAULT_SECONDS
    rss_mb: int = DEFAULT_RSS_MB
    check: Check | None = field(default=None, repr=False)
    verbs: tuple[str, ...] = ()  # also run `advisor export` / `report` / `baseline --offline-only` on it
    given_path: str | None = None  # a path that is not built (a device, a missing file)
    command: tuple[str, ...] = ANALYZE  # "{file}" stands for the built file


# --- building blocks ---------------------------------------------------------------------------


def _jsonl(*records: object) -> bytes:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records).encode()


def _records(count: int, start: int = 0) -> list[dict[str, str]]:
    return [{"prompt": f"pedido número {i}: quero ajuda", "completion": ("sim", "não", "talvez")[i % 3]}
            for i in range(start, start + count)]


def _write(data: bytes | str) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return build


def _lines(*lines: str, end: str = "\n") -> Callable[[Path], None]:
    return _write(end.join(lines) + end)


def _gzip_of_repeated(path: Path, line: bytes, total: int, level: int = 6) -> None:
    """A single-member gzip of `total` bytes of `line` repeated, compressed as it is produced."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, 31)  # wbits 31: gzip header and trailer
    block = line * (MB // len(line))
    with path.open("wb") as out:
        for _ in range(total // len(block)):
            out.write(compressor.compress(block))
        out.write(compressor.flush())


def _zip_member_of_repeated(path: Path, member: str, head: bytes, filler: bytes, total: int, others=()) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, data in others:
            archive.writestr(name, data)
        with archive.open(member, "w", force_zip64=True) as out:
            out.write(head)
            block = filler * (MB // len(filler))
            for _ in range(total // len(block)):
                out.write(block)


def _xlsx(path: Path, *sheets: tuple[str, list[list[object]], str]) -> None:
    path.write_bytes(workbook_bytes(*sheets))


def _patch_zip_member(path: Path, member: str, patch: Callable[[bytes], bytes]) -> None:
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            out.writestr(info, patch(data) if info.filename == member else data)


def _stale_dimension(data: bytes) -> bytes:
    start = data.index(b"<dimension")
    return data[:start] + b'<dimension ref="A1:B3"/>' + data[data.index(b">", start) + 1:]


def _parquet(path: Path, table: Any, **options: Any) -> None:
    import pyarrow.parquet as pq

    pq.write_table(table, path, **options)


def _table(columns: dict[str, list[Any]]) -> Any:
    import pyarrow as pa

    return pa.table(columns)


def _csv(rows: list[list[str]], delimiter: str = ",", end: str = "\n") -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=end).writerows(rows)
    return buffer.getvalue().encode()


# --- checks on the JSON report -------------------------------------------------------------------


def kept(count: int) -> Check:
    return lambda doc: None if doc["examples_kept"] == count else f"examples_kept {doc['examples_kept']}, want {count}"


def counts(**want: int) -> Check:
    def check(doc: dict[str, Any]) -> str | None:
        wrong = {key: doc[key] for key, value in want.items() if doc[key] != value}
        return None if not wrong else f"{wrong}, want {want}"
    return check


def has_issue(code: str) -> Check:
    return lambda doc: None if any(issue["code"] == code for issue in doc["issues"]) else f"no {code!r} issue"


def all_of(*checks: Check) -> Check:
    def check(doc: dict[str, Any]) -> str | None:
        return next((problem for item in checks if (problem := item(doc))), None)
    return check


def no_text(*words: str) -> Check:
    """None of `words` appears anywhere in the report (e.g. a hidden sheet's content)."""
    return lambda doc: next((f"{word!r} in the report" for word in words if word in json.dumps(doc)), None)


# --- the cases -----------------------------------------------------------------------------------


def _surrogate_cases() -> list[Case]:
    """One file per text field holding `\\ud800`/`\\udfff` escapes (and one good line around it)."""
    lone = "\\ud800x\\udfff"
    fields = {
        "prompt": '{"prompt": "P", "completion": "sim"}',
        "completion": '{"prompt": "pergunta", "completion": "P"}',
        "text": '{"text": "P"}',
        "user_content": '{"messages": [{"role": "user", "content": "P"}, {"role": "assistant", "content": "sim"}]}',
        "assistant_content": '{"messages": [{"role": "user", "content": "oi"}, {"role": "assistant", "content": "P"}]}',
        "content_part": '{"messages": [{"role": "user", "content": [{"type": "text", "text": "P"}]}, '
                        '{"role": "assistant", "content": "sim"}]}',
        "role": '{"messages": [{"role": "P", "content": "oi"}, {"role": "assistant", "content": "sim"}]}',
        "name": '{"messages": [{"role": "user", "name": "P", "content": "oi"}, {"role": "assistant", "content": "s"}]}',
        "system": '{"system": "P", "messages": [{"role": "user", "content": "oi"}, '
                  '{"role": "assistant", "content": "s"}]}',
        "alpaca": '{"instruction": "P", "input": "P", "output": "P"}',
        "sharegpt": '{"conversations": [{"from": "human", "value": "P"}, {"from": "gpt", "value": "P"}]}',
        "preference": '{"input": {"messages": [{"role": "user", "content": "P"}]}, "preferred_output": '
                      '[{"role": "assistant", "content": "P"}], "non_preferred_output": [{"role": "assistant", '
                      '"content": "no"}]}',
        "tool_arguments": '{"messages": [{"role": "user", "content": "oi"}, {"role": "assistant", "tool_calls": '
                          '[{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "P"}}]}]}',
        "key": '{"prompt": "pergunta", "completion": "sim", "P": 1}',
    }
    cases = []
    for name, template in fields.items():
        good = template.replace("P", "texto bom")
        line = template.replace('"P"', f'"{lone}"')
        cases.append(Case(f"surrogate_{name}", "lone surrogates", f"surrogate_{name}.jsonl",
                          _lines(good, line, good), expect="read", check=counts(lines_read=3),
                          verbs=("export",) if name in ("prompt", "assistant_content", "system") else ()))
    # A CSV cell holds text, not JSON escapes: the six characters are kept as typed.
    cases.append(Case("surrogate_escape_text_in_csv", "lone surrogates", "surrogate_in_csv.csv",
                      _write(b'text,label\nbom,a\n"[\\ud800]",b\n'), expect="read", check=kept(2)))
    cases.append(Case("surrogate_bytes_cesu8", "invalid UTF-8", "surrogate_bytes.jsonl",
                      _write(_jsonl(RECORD) + b'{"prompt": "a\xed\xa0\x80b", "completion": "sim"}\n' + _jsonl(RECORD)),
                      check=counts(lines_read=3)))
    return cases


def _number_cases() -> list[Case]:
    huge = "7" * 4301
    return [
        Case("int_4301_digits", "numbers", "int_4301.jsonl",
             _lines(json.dumps(RECORD), f'{{"prompt": "x", "completion": {huge}}}', json.dumps(RECORD)),
             expect="read", check=counts(lines_read=3, examples_kept=2, lines_rejected=1), verbs=("export",)),
        Case("int_100k_digits_in_array", "numbers", "int_array.json",
             _write("[" + json.dumps(RECORD) + ', {"prompt": "x", "completion": ' + "9" * 100_000 + "}, "
                    + json.dumps(RECORD) + "]"), expect="read", check=kept(2)),
        Case("int_4301_digits_as_key_value_in_chat", "numbers", "int_chat.jsonl",
             _lines(json.dumps(CHAT), '{"messages": [{"role": "user", "content": "a", "weight": ' + huge + "}]}"),
             expect="read", check=counts(lines_read=2)),
        Case("nan_infinity_literals", "numbers", "nan.jsonl",
             _lines('{"prompt": NaN, "completion": "sim"}', '{"prompt": "a", "completion": Infinity}',
                    '{"text": -Infinity}', '{"messages": [{"role": "user", "content": "a", "weight": NaN}, '
                    '{"role": "assistant", "content": "b", "weight": NaN}]}', json.dumps(RECORD)),
             expect="read", check=counts(lines_read=5)),
        Case("float_overflow_1e999", "numbers", "overflow.jsonl",
             _lines('{"prompt": 1e999, "completion": -1e999}', json.dumps(RECORD)), expect="read",
             check=counts(lines_read=2)),
        Case("keys_that_are_numbers", "shapes", "numeric_keys.jsonl",
             _lines('{"1": "a", "2": "b"}', '{"0": {"1": "x"}}', json.dumps(RECORD)), expect="read",
             check=counts(lines_read=3, examples_kept=1)),
    ]


def _shape_cases() -> list[Case]:
    return [
        Case("bare_values", "shapes", "bare.jsonl",
             _lines('"just a string"', "42", "null", "true", "[]", "[1, 2]", json.dumps(RECORD)),
             expect="read", check=counts(lines_read=7, examples_kept=1, lines_rejected=6)),
        Case("messages_not_a_list", "shapes", "messages_not_list.jsonl",
             _lines('{"messages": "hello"}', '{"messages": {"role": "user", "content": "a"}}', '{"messages": null}',
                    '{"messages": 5}', '{"messages": []}', '{"messages": ["a", "b"]}', json.dumps(CHAT)),
             expect="read", check=counts(lines_read=7, examples_kept=1)),
        Case("content_as_dict_and_other_types", "shapes", "content_types.jsonl",
             _lines(*(json.dumps({"messages": [{"role": "user", "content": content},
                                               {"role": "assistant", "content": "ok"}]})
                      for content in ({"a": 1}, [1, 2], 5, None, True, [{"type": "image_url"}], [{"text": 3}])),
                    '{"messages": [{"content": "no role"}, {"role": "assistant", "content": "x"}]}',
                    '{"messages": [{"role": 7, "content": "x"}, {"role": "assistant", "content": "x"}]}',
                    json.dumps(CHAT)),
             expect="read", check=counts(lines_read=10)),
        Case("prompt_completion_wrong_types", "shapes", "pc_types.jsonl",
             _lines('{"prompt": ["a"], "completion": "b"}', '{"prompt": {"x": 1}, "completion": "b"}',
                    '{"prompt": "a", "completion": null}', '{"prompt": 3, "completion": 4}', json.dumps(RECORD)),
             expect="read", check=counts(lines_read=5)),
        Case("duplicate_json_keys", "shapes", "dup_keys.jsonl",
             _lines('{"prompt": "a", "prompt": "b", "completion": "c"}', json.dumps(RECORD)), expect="read",
             check=counts(lines_read=2)),
        Case("deep_nesting_jsonl", "nesting", "deep.jsonl",
             _lines(json.dumps(RECORD), "[" * 100_000, json.dumps(RECORD), '{"a":' * 100_000 + "1" + "}" * 100_000),
             expect="read", check=counts(lines_read=4, examples_kept=2, lines_rejected=2)),
        Case("deep_nesting_json_document", "nesting", "deep.json", _write("[" * 100_000 + "]" * 100_000)),
        Case("deep_nesting_in_a_field", "nesting", "deep_field.jsonl",
             _lines('{"prompt": "a", "completion": "b", "meta": ' + "[" * 50_000 + "]" * 50_000 + "}",
                    json.dumps(RECORD)), expect="read", check=counts(lines_read=2)),
        Case("a_record_with_100k_messages", "size", "many_messages.jsonl",
             _lines(json.dumps({"messages": [{"role": ("user", "assistant")[i % 2], "content": f"m{i}"}
                                             for i in range(100_000)]}), json.dumps(CHAT)),
             expect="read", check=counts(lines_read=2)),
        Case("200k_lines_of_empty_objects", "size", "empty_objects.jsonl", _write(b"{}\n" * 200_000),
             check=counts(lines_read=200_000, lines_rejected=200_000)),
        Case("mixed_formats", "formats", "mixed.jsonl",
             _lines(json.dumps(RECORD), json.dumps(CHAT), '{"instruction": "a", "input": "", "output": "b"}',
                    '{"text": "plain"}', '{"conversations": [{"from": "human", "value": "a"}, {"from": "gpt", '
                    '"value": "b"}]}', "text,label", "pergunta,sim"),
             expect="read", check=counts(lines_read=7), verbs=("export",)),
        Case("json_object_not_array", "formats", "object.json",
             _write(json.dumps({"data": _records(3), "version": 1})), check=None),
        Case("json_array_of_numbers", "formats", "numbers.json", _write("[1, 2, 3, null, \"x\"]")),
        Case("empty_json_array", "formats", "empty_array.json", _write("[]")),
        Case("json_array_unterminated", "JSON arrays", "unterminated.json",
             _write("[\n" + ",\n".join(json.dumps(r) for r in _records(20)) + ",\n"), check=None),
    ]


def _array_cases() -> list[Case]:
    elements = [json.dumps(record) for record in _records(1000)]
    broken = list(elements)
    broken[500] = '{"prompt": "p500", "completion": "c500" "oops"}'
    one_line = [json.dumps(record) for record in _records(300)]
    for index in (3, 100, 299):
        one_line[index] = '{"foo": 1}'
    return [
        Case("json_array_broken_at_501_of_1000", "JSON arrays", "broken.json",
             _write("[\n" + ",\n".join(broken) + "\n]\n"), expect="read",
             check=counts(examples_kept=999, lines_rejected=1), verbs=("export",)),
        Case("one_line_array_with_bad_elements", "JSON arrays", "one_line.json",
             _write("[" + ", ".join(one_line) + "]"), expect="read",
             check=all_of(counts(examples_kept=297, lines_rejected=3),
                          _rejections_told_apart)),
    ]


def _rejections_told_apart(doc: dict[str, Any]) -> str | None:
    """In a one-line array every rejection is on line 1: its message must say which element it is."""
    messages = [issue["message"] for issue in doc["issues"] if issue["severity"] == "error" and issue["line"] == 1
                and issue["platform"] is None]
    return None if len(set(messages)) == len(messages) else f"rejections not told apart: {messages[:3]}"


def _text_cases() -> list[Case]:
    three = _jsonl(RECORD, RECORD, RECORD)
    ten_mb = "palavra " * (10 * MB // 8)
    return [
        Case("cr_only_line_endings_jsonl", "line endings", "cr_only.jsonl", _write(three.replace(b"\n", b"\r")),
             expect="read", check=counts(lines_read=3, examples_kept=3), verbs=("export",)),
        Case("cr_only_line_endings_csv", "line endings", "cr_only.csv",
             _write(b"text,label\rbom dia,a\rboa noite,b\r"), expect="read", check=kept(2)),
        Case("mixed_line_endings", "line endings", "mixed_endings.jsonl",
             _write(_jsonl(RECORD) + json.dumps(RECORD).encode() + b"\r\n" + json.dumps(RECORD).encode() + b"\r"
                    + _jsonl(RECORD)), expect="read", check=kept(4)),
        Case("lines_of_unicode_spaces", "blank lines", "spaces.jsonl",
             _write(_jsonl(RECORD) + "\u00a0\n\u3000\n\u2003 \u3000\n\u00a0\u00a0\n".encode() + _jsonl(RECORD)),
             expect="read", check=counts(examples_kept=2, blank_lines=4, lines_rejected=0), verbs=("export",)),
        Case("nul_bytes_in_lines", "bytes", "nul.jsonl",
             _write(_jsonl(RECORD) + b'{"prompt": "a\x00b", "completion": "c"}\n\x00\x00\x00\n' + _jsonl(RECORD)),
             check=counts(lines_read=4)),
        Case("only_nul_bytes", "bytes", "zeros.jsonl", _write(bytes(4096)), expect="refuse"),
        Case("invalid_utf8", "invalid UTF-8", "bad_utf8.jsonl",
             _write(_jsonl(RECORD) + b'{"prompt": "caf\xe9 \xff\xfe", "completion": "sim"}\n' + _jsonl(RECORD)),
             check=counts(lines_read=3)),
        Case("latin1_file", "encodings", "latin1.jsonl",
             _write('{"prompt": "ação é ótima", "completion": "sim"}\n'.encode("latin-1") * 3), expect="read",
             check=kept(3)),
        Case("utf16_without_bom", "encodings", "utf16le.jsonl", _write(three.decode().encode("utf-16-le"))),
        Case("utf16_with_bom", "encodings", "utf16.jsonl", _write(three.decode().encode("utf-16")), expect="read",
             check=kept(3)),
        Case("utf32", "encodings", "utf32.jsonl", _write(three.decode().encode("utf-32"))),
        Case("bom_in_the_middle", "encodings", "bom_middle.jsonl",
             _write(_jsonl(RECORD) + b"\xef\xbb\xbf" + _jsonl(RECORD)
                    + b'{"prompt": "a\xef\xbb\xbfb", "completion": "c"}\n'),
             expect="read", check=counts(lines_read=3)),
        Case("binary_png_named_jsonl", "bytes", "image.jsonl",
             _write(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16), expect="refuse"),
        Case("empty_file", "empty", "empty.jsonl", _write(b""), expect="refuse"),
        Case("only_blank_lines", "empty", "blank.jsonl", _write(b"\n\n  \n\t\n"), check=None),
        Case("single_10mb_line", "long lines", "long_line.jsonl",
             _lines(json.dumps({"prompt": ten_mb, "completion": "sim"}), json.dumps(RECORD)),
             expect="read", seconds=LONG_SECONDS, check=counts(lines_read=2)),
        Case("single_10mb_word", "long lines", "long_word.jsonl",
             _lines(json.dumps({"prompt": "a" * (10 * MB), "completion": "sim"}), json.dumps(RECORD)),
             expect="read", seconds=LONG_SECONDS, check=counts(lines_read=2)),
        Case("unterminated_10mb_line", "long lines", "long_broken.jsonl",
             _lines('{"prompt": "' + ten_mb, json.dumps(RECORD)), seconds=LONG_SECONDS, check=counts(lines_read=2)),
    ]


def _table_cases() -> list[Case]:
    twenty_mb = "campo " * (20 * MB // 6)
    payload = "[x](https://evil.example) **B** :red[R] $$L$$"
    tickets = [["text", "text", "label"]] + [[f"chamado {i}: impressora parou", "nota interna", f"fila {i % 4}"]
                                            for i in range(100)]
    labels_5k = [["text", "label"]] + [[f"exemplo {i} com algum texto", f"rótulo_{i}"] for i in range(5000)]
    labels_50k = [["text", "label"]] + [[f"e{i}", f"r{i}"] for i in range(50_000)]
    return [
        Case("csv_field_20mb", "long lines", "long_field.csv",
             _write(b'text,label\n"' + twenty_mb.encode() + b'",a\ncurto,b\n'), expect="read", seconds=LONG_SECONDS,
             check=kept(2)),
        Case("csv_duplicate_header_text", "tables", "dup_header.csv", _write(_csv(tickets)), expect="read",
             check=all_of(kept(100), has_issue("duplicate_columns")), verbs=("export",)),
        Case("csv_empty_header", "tables", "empty_header.csv", _write(b",\nhello,a\nbye,b\n")),
        Case("csv_only_a_header", "tables", "header_only.csv", _write(b"text,label\n")),
        Case("csv_20000_columns", "tables", "wide.csv",
             _write(_csv([["text", "label"] + [f"c{i}" for i in range(20_000)],
                          ["a", "b"] + ["x"] * 20_000, ["c", "d"] + ["y"] * 20_000])), check=None),
        Case("csv_ragged_rows", "tables", "ragged.csv", _write(b"text,label\na\nb,c,d,e\n,\n\"x\",y\n"),
             check=None),
        Case("csv_unterminated_quote", "tables", "open_quote.csv",
             _write(b'text,label\n"never closed,a\n' + b"linha,b\n" * 1000)),
        Case("csv_with_nul_bytes", "bytes", "nul.csv", _write(b"text,label\nbom\x00dia,a\nok,b\n")),
        Case("csv_5000_distinct_labels", "labels", "labels_5k.csv", _write(_csv(labels_5k)), expect="read",
             check=kept(5000), verbs=("baseline",)),
        Case("csv_50000_distinct_labels", "labels", "labels_50k.csv", _write(_csv(labels_50k)), expect="read",
             check=kept(50_000), verbs=("baseline",)),
        Case("csv_look_alike_labels", "labels", "lookalike.csv",
             _write(_csv([["text", "label"]] + [[f"t{i}", label] for i, label in enumerate(LOOK_ALIKES * 5)])),
             expect="read", check=kept(30), verbs=("report",)),
        Case("csv_payload_column_header", "payload names", "payload_header.csv",
             _write(_csv([[payload, "label"], ["um texto", "a"], ["outro texto", "b"], ["mais um", "a"]])),
             args=("--input-col", payload, "--output-col", "label"), expect="read", check=kept(3),
             verbs=("report",)),
        Case("csv_missing_named_column", "tables", "named.csv", _write(b"text,label\na,b\n"),
             args=("--input-col", "nope"), expect="refuse"),
        Case("tsv_with_cr_only", "line endings", "cr.tsv", _write(b"text\tlabel\rum\ta\rdois\tb\r"), expect="read",
             check=kept(2)),
        Case("parquet_duplicate_header_text", "tables", "dup_header.parquet",
             lambda path: _parquet(path, _dup_text_table(tickets)), expect="read",
             check=all_of(kept(100), has_issue("duplicate_columns"))),
        Case("parquet_odd_column_types", "tables", "odd_types.parquet",
             lambda path: _parquet(path, _table({"text": [b"\xff\xfe", None, b"ok"], "label": [[1], [], None],
                                                 "meta": [{"a": 1}, {"a": None}, None]})), check=None),
        Case("parquet_zero_rows", "tables", "zero.parquet",
             lambda path: _parquet(path, _table({"text": [], "label": []}))),
        Case("parquet_corrupt_footer", "containers", "corrupt_footer.parquet", _corrupt_parquet_footer,
             expect="refuse"),
        Case("parquet_truncated", "containers", "truncated.parquet", _truncated_parquet, expect="refuse"),
        Case("parquet_magic_only", "containers", "magic.parquet", _write(b"PAR1PAR1"), expect="refuse"),
        Case("parquet_inflating_past_the_limit", "bombs", "big.parquet",
             lambda path: _parquet(path, _table({"text": ["y" * 100_000 + str(i) for i in range(60)],
                                                 "label": ["a"] * 60}), compression="zstd", use_dictionary=False),
             args=("--max-mb", "2"), expect="refuse", seconds=BOMB_SECONDS, rss_mb=BOMB_RSS_MB),
    ]


# Cyrillic і, a zero-width space, full-width letters, NFD and NFC accents (#19 point 2).
LOOK_ALIKES = ["positive", "posit\u0456ve", "posi\u200btive", "ｐｏｓｉｔｉｖｅ", "ne\u0301gatif", "n\u00e9gatif"]


def _dup_text_table(rows: list[list[str]]) -> Any:
    import pyarrow as pa

    columns = list(zip(*rows[1:]))
    return pa.Table.from_arrays([pa.array(list(column)) for column in columns], names=rows[0])


def _corrupt_parquet_footer(path: Path) -> None:
    _parquet(path, _table({"text": ["a", "b"], "label": ["x", "y"]}))
    data = bytearray(path.read_bytes())
    data[-8:-4] = struct.pack("<I", 0x7FFFFFF0)  # the footer claims 2 GB of metadata
    path.write_bytes(bytes(data))


def _truncated_parquet(path: Path) -> None:
    _parquet(path, _table({"text": [f"t{i}" for i in range(1000)], "label": ["x"] * 1000}))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _xlsx_cases() -> list[Case]:
    data_rows = [["question", "answer"]] + [[f"pergunta {i}", f"resposta {i}"] for i in range(1000)]

    def stale(path: Path) -> None:
        _xlsx(path, ("data", [["text", "label"]] + [[f"pedido {i}", f"fila {i % 7}"] for i in range(20_002)],
                     "visible"))
        _patch_zip_member(path, "xl/worksheets/sheet1.xml", _stale_dimension)

    def formulas(path: Path) -> None:
        _xlsx(path, ("data", [["text", "label"], ["a", "x"], ["b", "=UPPER(A3)"], ["=A2&A3", "=B2"], ["c", "y"]],
                     "visible"))

    def odd_cells(path: Path) -> None:
        import datetime

        _xlsx(path, ("data", [["text", "label"], [datetime.datetime(2024, 1, 2), 3.5], [True, None],
                              [None, None], [12345678901234567890, "#DIV/0!"], ["ok", "fine"]], "visible"))

    return [
        Case("xlsx_stale_dimension", "XLSX", "stale.xlsx", stale, expect="read",
             check=counts(lines_read=20_002, examples_kept=20_002)),
        Case("xlsx_formulas_without_cached_values", "XLSX", "formulas.xlsx", formulas, expect="read",
             check=counts(examples_kept=2, lines_rejected=2)),
        Case("xlsx_readme_sheet_before_the_data", "XLSX", "readme_first.xlsx",
             lambda path: _xlsx(path, ("README", [["Este arquivo traz perguntas"], ["e respostas"]], "visible"),
                                ("dados", data_rows, "visible")), expect="read", check=kept(1000)),
        Case("xlsx_hidden_first_sheet", "XLSX", "hidden_first.xlsx",
             lambda path: _xlsx(path, ("old", [["question", "answer"], ["velha pergunta", "velha resposta"]],
                                       "hidden"), ("atual", data_rows, "visible")),
             expect="read", check=all_of(kept(1000), no_text("velha pergunta"))),
        Case("xlsx_odd_cells", "XLSX", "odd_cells.xlsx", odd_cells, check=None),
        Case("xlsx_only_a_header", "XLSX", "header_only.xlsx",
             lambda path: _xlsx(path, ("data", [["text", "label"]], "visible"))),
        Case("xlsx_zip_bomb", "bombs", "bomb.xlsx",
             lambda path: _zip_member_of_repeated(
                 path, "xl/worksheets/sheet1.xml", b'<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>',
                 b"A" * 1024, 700 * MB, others=(("[Content_Types].xml", b"<Types/>"),)),
             expect="refuse", seconds=BOMB_SECONDS, rss_mb=BOMB_RSS_MB),
        Case("xlsx_20000_members", "bombs", "many_members.xlsx", _many_members, expect="refuse",
             seconds=BOMB_SECONDS, rss_mb=BOMB_RSS_MB),
        Case("xlsx_not_a_zip", "containers", "not_zip.xlsx", _write(b"text,label\na,b\n"), expect="refuse"),
        Case("xlsx_zip_without_a_workbook", "containers", "plain_zip.xlsx", _plain_zip, expect="refuse"),
        Case("xlsx_truncated", "containers", "truncated.xlsx", _truncated_xlsx, expect="refuse"),
    ]


def _many_members(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for index in range(20_000):
            archive.writestr(f"x/{index}", b"")


def _plain_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")


def _truncated_xlsx(path: Path) -> None:
    _xlsx(path, ("data", [["text", "label"]] + [[f"t{i}", "a"] for i in range(2000)], "visible"))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])


def _gzip_cases() -> list[Case]:
    three = _jsonl(RECORD, RECORD, RECORD)

    def truncated(path: Path) -> None:
        data = gzip.compress(_jsonl(*_records(2000)))
        path.write_bytes(data[: len(data) // 2])

    def bad_crc(path: Path) -> None:
        data = bytearray(gzip.compress(three))
        data[-8] ^= 0xFF
        path.write_bytes(bytes(data))

    return [
        Case("gzip_bomb_600mb_of_short_lines", "bombs", "bomb_lines.jsonl.gz",
             lambda path: _gzip_of_repeated(path, b'{"text": "a"}\n', 600 * MB), expect="refuse",
             seconds=BOMB_SECONDS, rss_mb=BOMB_RSS_MB),
        Case("gzip_bomb_1gb_of_newlines", "bombs", "bomb_newlines.jsonl.gz",
             lambda path: _gzip_of_repeated(path, b"\n", 1024 * MB, level=9), expect="refuse",
             seconds=BOMB_SECONDS, rss_mb=BOMB_RSS_MB),
        Case("gzip_bomb_csv_past_a_small_limit", "bombs", "bomb.csv.gz",
             lambda path: _gzip_of_repeated(path, b"texto repetido,rotulo\n", 64 * MB), args=("--max-mb", "8"),
             expect="refuse", seconds=BOMB_SECONDS, rss_mb=BOMB_RSS_MB),
        Case("gzip_concatenated_members", "gzip", "concat.jsonl.gz",
             _write(gzip.compress(_jsonl(RECORD)) + gzip.compress(_jsonl(RECORD, RECORD))), expect="read",
             check=kept(3)),
        Case("gzip_truncated", "gzip", "truncated.jsonl.gz", truncated),
        Case("gzip_bad_crc", "gzip", "bad_crc.jsonl.gz", bad_crc),
        Case("gzip_garbage_after_member", "gzip", "trailing.jsonl.gz", _write(gzip.compress(three) + b"garbage!")),
        Case("gzip_name_but_plain_text", "gzip", "plain.jsonl.gz", _write(three)),
        Case("gzip_inside_gzip", "gzip", "nested.jsonl.gz", _write(gzip.compress(gzip.compress(three)))),
    ]


def _name_cases() -> list[Case]:
    return [
        Case("payload_file_name", "payload names", "**B** :red[R] $L$.jsonl", _write(_jsonl(*_records(30))),
             expect="read", check=kept(30), verbs=("export", "report")),
        Case("file_name_not_utf8", "payload names", os.fsdecode(b"nome-\xff\xfe.jsonl"),
             _write(_jsonl(*_records(30))), expect="read", check=kept(30), verbs=("export",)),
        Case("unreadable_file_named_with_a_newline", "payload names", "two\nlines.jsonl", _write(b"\x00" * 64),
             expect="refuse"),
        Case("a_folder_given_as_the_file", "paths", "folder.jsonl", lambda path: path.mkdir(), expect="refuse"),
        Case("a_missing_file", "paths", "missing.jsonl", lambda path: None, expect="refuse"),
        Case("an_endless_device", "paths", "dev_zero", lambda path: None, expect="refuse",
             seconds=BOMB_SECONDS, rss_mb=BOMB_RSS_MB, given_path="/dev/zero"),
    ]


def _scenario_cases() -> list[Case]:
    """Saved scenarios with numbers that are not numbers (#19 point 6): refused with one line."""
    costs = ("costs", str(SAMPLE), "--scenario", "{file}", "--json")
    bodies = {
        "nan_growth": '{"monthly_requests": 1000, "monthly_growth": NaN}',
        "infinite_requests": '{"monthly_requests": Infinity}',
        "overflowing_float": '{"monthly_requests": 1e999}',
        "negative_horizon": '{"monthly_requests": 1000, "horizon_months": -12}',
        "int_of_4301_digits": '{"monthly_requests": ' + "9" * 4301 + "}",
        "number_as_text": '{"monthly_requests": "mil"}',
        "not_an_object": "[1000]",
        "truncated": '{"monthly_requests": 10',
    }
    return [Case(f"scenario_{name}", "numbers that are not numbers", f"{name}.json", _write(body), expect="refuse",
                 command=costs) for name, body in bodies.items()]


def _random_garbage() -> list[Case]:
    rng = random.Random(12)
    return [Case("random_bytes", "bytes", "random.jsonl", _write(bytes(rng.getrandbits(8) for _ in range(1 << 16))),
                 expect="refuse")]


def all_cases() -> list[Case]:
    cases = (_surrogate_cases() + _number_cases() + _shape_cases() + _array_cases() + _text_cases()
             + _table_cases() + _xlsx_cases() + _gzip_cases() + _name_cases() + _scenario_cases()
             + _random_garbage())
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


def build_case(case: Case, folder: Path) -> Path:
    """The case's file in its own subfolder of `folder` (or the path it names as given)."""
    if case.given_path is not None:
        return Path(case.given_path)
    home = folder / case.name
    home.mkdir(parents=True, exist_ok=True)
    path = home / case.filename
    case.build(path)
    return path
