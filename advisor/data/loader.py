"""Stream a dataset file into a `Dataset`, losing nothing.

Every record ends as exactly one of: a kept example, a rejected line (with one error issue that
gives its line number and reason), or a blank line — so `lines_read == examples_kept +
lines_rejected + blank_lines` holds for any input. A record is a physical line of JSONL, an element
of a JSON array (a rejection names it by `element`, its 1-based index), or a data row of a table.
Problems with the file as a whole (missing, empty, too large, unreadable container) raise
`LoadError`; problems with a record never raise. The size limit holds for what a container inflates
to: gzip is inflated once without keeping anything before records are read; XLSX and Parquet are
judged by the uncompressed sizes in their metadata. No text the loader returns holds a lone
surrogate (each is replaced by U+FFFD, with a warning).
"""

from __future__ import annotations

import contextlib
import contextvars
import csv
import functools
import gzip
import io
import itertools
import json
import os
import posixpath
import re
import struct
import sys
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from advisor.data.annotators import AnnotatorReader, annotator_reader
from advisor.data.atomic_write import without_lone_surrogates
from advisor.data.formats import (
    FORMAT_LABELS,
    PREFERENCE_LAYOUTS,
    READ_KEYS,
    RECORD_FORMATS,
    Parsed,
    detect_record_format,
    parse_record,
    preference_layout,
    table_example,
)
from advisor.data.labels import label_key
from advisor.data.memory import collector_paused
from advisor.data.model import Dataset, Example, Issue

DEFAULT_MAX_MB = 512  # OpenAI's training-file limit (FACTS §2); override with ADVISOR_MAX_FILE_MB
TABLE_KINDS = ("csv", "tsv", "parquet", "xlsx")
FORMAT_CHOICES = RECORD_FORMATS + TABLE_KINDS
ENCODING_SAMPLE_BYTES = 8 << 20
UTF8_BOM = b"\xef\xbb\xbf"
MAX_ZIP_PARTS = 10_000  # an XLSX workbook has a few dozen parts; more is an attack or not a workbook
# A JSON escape of a UTF-16 surrogate (\ud800-\udfff): only lines holding one can hold a lone surrogate.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATE_ESCAPE_TEXT = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# Column pairs a table is guessed from, most specific first. Portuguese names included.
COLUMN_PAIRS = (
    ("prompt", "completion"), ("prompt", "response"), ("instruction", "output"), ("instruction", "response"),
    ("input", "output"), ("input", "target"), ("question", "answer"), ("query", "response"),
    ("source", "target"), ("text", "label"), ("text", "category"), ("text", "class"), ("text", "labels"),
    ("sentence", "label"), ("review", "sentiment"), ("text", "intent"), ("text", "target"),
    ("pergunta", "resposta"), ("entrada", "saida"), ("entrada", "saída"), ("texto", "rotulo"),
    ("texto", "rótulo"), ("texto", "categoria"), ("texto", "classe"), ("instrucao", "resposta"),
    ("instrução", "resposta"),
)
RECORD_COLUMNS = ("messages", "conversations")  # a table holding whole records (e.g. Parquet from HF)
PREFERENCE_COLUMNS = ("chosen", "rejected")  # a table of preference pairs (TRL, LLaMA-Factory `ranking`)
JSON_CELL_COLUMNS = frozenset({*RECORD_COLUMNS, *PREFERENCE_COLUMNS, "prompt"})  # CSV cells that may spell lists
FIELDS_SHOWN = 12


class LoadError(Exception):
    """The file as a whole cannot be read; carries a message code and its arguments."""

    def __init__(self, code: str, columns: tuple[str, ...] = (), **args: Any) -> None:
        super().__init__(code, args)
        self.code = code
        self.args_ = tuple(args.items())
        self.columns = columns  # for table errors: what the user can choose from


@dataclass(frozen=True, slots=True)
class _Text:
    """The text encoding chosen for a file, and the file-level warning it earned, if any."""

    name: str
    issue: Issue | None = None


def max_bytes_default() -> int:
    return int(float(os.environ.get("ADVISOR_MAX_FILE_MB", DEFAULT_MAX_MB)) * (1 << 20))


def load(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    input_col: str | None = None,
    output_col: str | None = None,
    max_bytes: int | None = None,
    sheet: str | None = None,
    annotator_cols: Sequence[str] | None = None,
) -> Dataset:
    """Read a dataset file from disk (JSONL, JSON array, CSV, TSV, Parquet, XLSX; optionally gzipped).
    `sheet` names the workbook sheet to read; by default the first visible sheet with data. `annotator_cols`
    names a table's columns holding other annotators' labels of the same items (advisor/data/annotators.py)."""
    path = Path(path)
    if not path.is_file():
        raise LoadError("file_missing", path=without_lone_surrogates(str(path)))
    with path.open("rb") as stream:
        return load_stream(
            stream, path.name, path.stat().st_size,
            format=format, input_col=input_col, output_col=output_col, max_bytes=max_bytes, sheet=sheet,
            annotator_cols=annotator_cols,
        )


def load_bytes(data: bytes, name: str, **options: Any) -> Dataset:
    """Read an uploaded file held in memory (the app's path)."""
    return load_stream(io.BytesIO(data), name, len(data), **options)


def load_stream(
    stream: BinaryIO,
    name: str,
    size: int,
    *,
    format: str | None = None,
    input_col: str | None = None,
    output_col: str | None = None,
    max_bytes: int | None = None,
    sheet: str | None = None,
    annotator_cols: Sequence[str] | None = None,
) -> Dataset:
    if format is not None and format not in FORMAT_CHOICES:
        raise LoadError("unknown_format_option", format=format, choices=", ".join(FORMAT_CHOICES))
    limit = max_bytes_default() if max_bytes is None else max_bytes
    name = without_lone_surrogates(name)  # a file name with undecodable bytes carries surrogates
    if size == 0:
        raise LoadError("file_empty", path=name)
    if size > limit:
        raise LoadError("file_too_large", size_mb=_megabytes(size), limit_mb=_megabytes(limit))
    if not stream.seekable():
        stream = io.BytesIO(_bounded(stream, limit).read())
    start = stream.tell()
    gzipped = stream.read(2) == b"\x1f\x8b"
    stream.seek(start)
    if gzipped:
        _refuse_if_inflates_past(stream, limit)
        stream = _bounded(gzip.GzipFile(fileobj=_bounded(stream, limit), mode="rb"), limit)
        name = name.removesuffix(".gz")
    else:
        stream = _bounded(stream, limit)
    try:
        with collector_paused():
            return _read(stream, name, size, limit, format, input_col, output_col, sheet, tuple(annotator_cols or ()))
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:  # EOFError: a truncated gzip stream
        raise LoadError("unreadable_container", kind="gzip", detail=str(error) or "truncated") from error


def _refuse_if_inflates_past(stream: BinaryIO, limit: int) -> None:
    """Inflate a gzip stream once without keeping anything, refusing it as soon as it passes `limit`.

    Reading records first would build millions of examples before the count reached the limit (a 4 MB
    file of 600 MB of short lines took 267 s and 5.4 GB); zlib alone inflates hundreds of MB a second
    in 4 MB pieces. Every member of a multi-member file counts. The stream is rewound after."""
    start = stream.tell()
    inflater, inflated, pending = zlib.decompressobj(zlib.MAX_WBITS | 16), 0, b""
    try:
        while True:
            if not pending:
                pending = stream.read(1 << 20)
                if not pending:
                    break
            inflated += len(inflater.decompress(pending, 4 << 20))
            if inflated > limit:
                raise LoadError("file_too_large", size_mb=f"> {_megabytes(limit)}", limit_mb=_megabytes(limit))
            if inflater.eof:
                pending, inflater = inflater.unused_data, zlib.decompressobj(zlib.MAX_WBITS | 16)
            else:
                pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # not gzip past this point: the reading pass says so
    finally:
        stream.seek(start)


def _read(
    stream: BinaryIO,
    name: str,
    size: int,
    limit: int,
    format: str | None,
    input_col: str | None,
    output_col: str | None,
    sheet: str | None,
    annotator_cols: tuple[str, ...] = (),
) -> Dataset:
    kind = format if format in TABLE_KINDS else _container_kind(name, stream.peek(4)[:4])
    record_format = format if format in RECORD_FORMATS else None
    if annotator_cols and kind not in TABLE_KINDS:
        raise LoadError("annotator_cols_not_table")
    if kind == "parquet":
        return _load_parquet(stream, name, size, limit, input_col, output_col, record_format, annotator_cols)
    if kind == "xlsx":
        return _load_xlsx(stream, name, size, limit, input_col, output_col, record_format, sheet, annotator_cols)
    # JSON records of any shape read as rows when both fields are named (e.g. {"question", "answer"}).
    fields = (input_col, output_col) if input_col and output_col else None
    sample = stream.peek(ENCODING_SAMPLE_BYTES)
    text = _choose_text_encoding(sample)
    if text.name == "utf-16":
        stream, text = _utf16_as_utf8(stream, limit), _Text("utf-8", text.issue)
        sample = stream.peek(ENCODING_SAMPLE_BYTES)
    # Old Mac files end lines with a lone CR; the usual line iteration splits on LF only.
    newline = b"\r" if b"\r" in sample and b"\n" not in sample else b"\n"
    if kind in ("csv", "tsv"):
        return _load_delimited(_lines(stream, newline), name, size, text, kind, input_col, output_col, record_format,
                               annotator_cols)
    if kind == "json":
        return _load_json_document(stream.read(), name, size, text, record_format, newline, fields)
    return _load_jsonl(_record_lines(_lines(stream, newline)), name, size, text, record_format, fields=fields)


def _lines(stream: BinaryIO, newline: bytes) -> Iterable[bytes]:
    """The stream's lines, each with its ending; a lone CR ends a line only in a CR-only file."""
    if newline == b"\n":
        return stream
    return _split_lines(stream, newline)


_LONE_CR = re.compile(rb"\r(?!\n)")


def _record_lines(lines: Iterable[bytes]) -> Iterator[bytes]:
    """JSONL lines, a lone CR ending one too (files concatenated from old-Mac and Unix ones), as editors show them.

    JSON forbids a raw CR inside a string, so the split never cuts a value; only a table's quoted cell may hold one.
    """
    for line in lines:
        if b"\r" not in line:
            yield line
            continue
        body = line[:-2] if line.endswith(b"\r\n") else line[:-1] if line.endswith((b"\n", b"\r")) else line
        if b"\r" in body:  # the last line may have no ending of its own: "\rx" is two lines too
            yield from (piece + b"\n" for piece in _LONE_CR.split(body))
        else:
            yield line


def _split_lines(stream: BinaryIO, newline: bytes) -> Iterator[bytes]:
    pending: list[bytes] = []  # pieces of a line longer than a chunk, joined once
    while chunk := stream.read(1 << 20):
        parts = chunk.split(newline)
        if len(parts) == 1:
            pending.append(chunk)
            continue
        pending.append(parts[0])
        yield b"".join(pending) + newline
        for part in parts[1:-1]:
            yield part + newline
        pending = [parts[-1]] if parts[-1] else []
    if pending:
        yield b"".join(pending)


# --- containers ----------------------------------------------------------------------------


_KIND_BY_SUFFIX = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
    ".parquet": "parquet", ".xlsx": "xlsx", ".xlsm": "xlsx",
}


def _container_kind(name: str, head: bytes) -> str:
    """The file's extension decides; magic bytes only speak for a file whose name says nothing."""
    kind = _KIND_BY_SUFFIX.get(Path(name).suffix.lower())
    if kind:
        return kind
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    return "jsonl"


def _load_jsonl(
    stream: Iterable[bytes], name: str, size: int, text: _Text, record_format: str | None, notes: tuple[Issue, ...] = (),
    fields: tuple[str, str] | None = None,
) -> Dataset:
    builder = _Builder(name, size, text, "jsonl")
    builder.file_issues.extend(notes)
    builder.columns = fields
    for number, raw in enumerate(stream, start=1):
        line = raw.rstrip(b"\r\n")
        if number == 1:
            line = line.removeprefix(UTF8_BOM)
        if not line.strip():
            builder.blank()
            continue
        decoded = _decode_line(line, number, text.name)
        if isinstance(decoded, Issue):
            builder.reject(decoded)
            continue
        try:
            record = _json_line(decoded)
        except (ValueError, RecursionError, MemoryError) as error:  # JSONDecodeError is a ValueError
            if _is_blank(decoded):  # U+00A0, U+3000, U+FEFF…: nothing to read, not broken JSON
                builder.blank()
            else:
                builder.reject(Issue(number, "error", "invalid_json", (("detail", _json_error_detail(error)),)))
            continue
        builder.add_json(record, number, record_format, _SURROGATE_ESCAPE.search(line) is not None)
    return builder.finish(record_format)


_SCAN_JSON = json.JSONDecoder().scan_once  # json.loads' own scanner, the same settings


def _json_line(text: str) -> Any:
    """`json.loads(text)`, without its wrapper's checks when the value fills the line (0.15–0.25 s on 100k
    lines). Anything else (broken JSON, leading or trailing spaces, a BOM) goes to json.loads itself: the
    same value or the same error."""
    try:
        value, end = _SCAN_JSON(text, 0)
    except (StopIteration, ValueError):  # StopIteration: no value at 0
        end = -1
    return value if end == len(text) else json.loads(text)


def _json_error_detail(error: BaseException) -> str:
    if isinstance(error, json.JSONDecodeError):  # "Expecting value, column 1", "Unterminated string starting at column 7"
        return f"{error.msg}{' ' if error.msg.endswith(' at') else ', '}column {error.colno}"
    if isinstance(error, RecursionError):
        return "nested too deeply"
    if isinstance(error, MemoryError):
        return "too large to hold in memory"
    if "integer string conversion" in str(error):  # CPython's guard against quadratic int parsing
        return f"a number with more than {sys.get_int_max_str_digits():,} digits"
    return str(error)[:120]


def _is_blank(text: str) -> bool:
    """Only spaces of any kind, or characters that show nothing (BOM, zero-width space): nothing a reader sees."""
    stripped = text.strip()  # a printable first character shows something (the hot path: every table cell)
    return not stripped or (not stripped[0].isprintable() and not label_key(stripped))


def _without_lone_surrogates(value: Any) -> tuple[Any, int]:
    """`value` with each lone surrogate in its texts and keys replaced by U+FFFD, and how many were.
    json.loads joins a valid pair (an emoji) into one character, so what is left is lone."""
    if isinstance(value, str):
        return _LONE_SURROGATE.subn("\ufffd", value)
    if isinstance(value, list):
        replaced = [_without_lone_surrogates(item) for item in value]
        return [item for item, _ in replaced], sum(count for _, count in replaced)
    if isinstance(value, dict):
        result, total = {}, 0
        for key, item in value.items():
            key, key_count = _LONE_SURROGATE.subn("\ufffd", key)
            result[key], count = _without_lone_surrogates(item)
            total += key_count + count
        return result, total
    return value, 0


def _load_json_document(
    document: bytes, name: str, size: int, text: _Text, record_format: str | None, newline: bytes,
    fields: tuple[str, str] | None = None,
) -> Dataset:
    """A `.json` file: one array of records (Alpaca's own layout), else read line by line.

    Each element is a record. A rejected element carries its 1-based index (`element`) beside its
    line, so the elements of a one-line array stay apart. A damaged element does not end the read:
    reading resumes at the next element that parses as a known record; what cannot be resumed is
    stated in a file-level warning with its byte offset and an estimate of the records not read."""
    bom = len(UTF8_BOM) if document.startswith(UTF8_BOM) else 0
    document = document[bom:]
    try:
        content = document.decode(text.name)
    except UnicodeDecodeError:
        content = ""
    decoder = json.JSONDecoder()
    nested = _nested_list(content, decoder) if content.lstrip().startswith("{") else None
    if isinstance(nested, Issue) or (nested is None and not content.lstrip().startswith("[")):
        # Read line by line (JSONL named .json), an object holding no single list of records saying what to flatten.
        notes = (nested,) if nested is not None else ()
        return _load_jsonl(_record_lines(_lines(io.BytesIO(document), newline)), name, size, text, record_format, notes,
                           fields)
    del document
    builder = _Builder(name, size, text, "json")
    builder.columns = fields
    if nested is not None:
        key, opening, others = nested
        code, args = ("nested_keys_not_read", (("key", key), ("others", others))) if others else ("nested_records", (("key", key),))
        builder.file_issues.append(Issue(0, "warning", code, args))
    first = position = (content.index("[") if nested is None else opening) + 1
    line_of = _LineCounter(content, newline.decode())
    element = 0

    def byte_offset(at: int) -> int:
        prefix = content[:at]
        return bom + (len(prefix.encode("utf-8", "surrogatepass")) if text.name == "utf-8" else len(prefix))

    def records_in(span: int) -> int:
        """Elements of the average size read so far in `span` characters, at least 1 (with nothing read
        yet: the objects that open there, nested ones included)."""
        if element <= 1:
            return max(1, sum(1 for _ in itertools.islice(_ELEMENT_START.finditer(content, position, position + span),
                                                          1_000_000)))
        return max(1, round(span / max(1.0, (position - first) / (element - 1))))

    while True:
        position = _skip_separators(content, position)
        if position >= len(content) or content[position] == "]":
            break
        element += 1
        number = line_of(position)
        try:
            record, end = decoder.raw_decode(content, position)
        except (ValueError, RecursionError, MemoryError) as error:
            detail = error.msg if isinstance(error, json.JSONDecodeError) else _json_error_detail(error)
            builder.reject(Issue(number, "error", "invalid_json", (("detail", detail), ("element", element))))
            resume = _next_element(content, position + 1, decoder)
            if resume is None:
                rest = len(content.rstrip().removesuffix("]")) - position
                unread = records_in(rest) - 1  # after the element just rejected
                if unread > 0:  # the last element broken: its rejection says it all ("about 0 records" did not)
                    builder.file_issues.append(Issue(0, "warning", "array_truncated", (
                        ("offset", byte_offset(position)), ("records", unread))))
                break
            skipped = records_in(resume - position) - 1
            if skipped > 1:  # more than the one rejected element's worth of bytes was passed over
                builder.file_issues.append(Issue(0, "warning", "array_skipped", (
                    ("offset", byte_offset(position)), ("end", byte_offset(resume)), ("records", skipped))))
            position = resume
            continue
        escaped = _SURROGATE_ESCAPE_TEXT.search(content, position, end) is not None
        builder.add_json(record, number, record_format, escaped, element)
        position = end
    return builder.finish(record_format)


def _nested_list(content: str, decoder: json.JSONDecoder) -> tuple[str, int, str] | Issue | None:
    """A document that is one JSON object holding one list of records (`{"data": [...]}`, `{"instances":
    [...]}`): the list's key, where its `[` is, and the other keys. None when the document is not one
    object (JSONL named .json) or is itself a record; a file-level warning saying what to flatten when it
    holds no list of records, or several (the object is then read, and rejected, as records are)."""
    try:
        value = json.loads(content)
    except (ValueError, RecursionError, MemoryError):
        return None
    if not isinstance(value, dict) or detect_record_format(value) is not None:
        return None
    lists = [key for key, item in value.items() if isinstance(item, list) and item and isinstance(item[0], dict)]
    shown = ", ".join(repr(without_lone_surrogates(key)) for key in list(value)[:FIELDS_SHOWN]) or "(none)"
    if not lists:
        return Issue(0, "warning", "json_object_no_records", (("keys", shown),))
    if len(lists) > 1:
        return Issue(0, "warning", "json_object_many_lists",
                     (("lists", ", ".join(repr(without_lone_surrogates(key)) for key in lists[:FIELDS_SHOWN])),))
    others = ", ".join(repr(without_lone_surrogates(key)) for key in list(value)[:FIELDS_SHOWN] if key != lists[0])
    del value
    # Walk the object's top-level keys, skipping their values, to where the list starts.
    opening, position = -1, _skip_whitespace(content, content.index("{") + 1)
    while position < len(content) and content[position] != "}":
        key, position = decoder.raw_decode(content, position)
        position = _skip_whitespace(content, _skip_whitespace(content, position) + 1)  # past the colon
        if key == lists[0]:
            opening = position
            break
        _, position = decoder.raw_decode(content, position)
        position = _skip_separators(content, position)
    return lists[0], opening, others


# The opening brace of what may be an element: after a comma, a bracket or a brace, or at a line start.
_ELEMENT_START = re.compile(r"(?:^|[,\[{}\]])[ \t\r\n]*(\{)", re.MULTILINE)
_RESYNC_ATTEMPTS = 1_000  # a real damaged element holds a few nested objects; each try may fail far away


def _next_element(content: str, start: int, decoder: json.JSONDecoder) -> int | None:
    """Where the array's next readable element starts after a damaged one: an object of a known record
    shape followed by `, {` or by the closing `]` (so a record nested inside the damaged element, such
    as one message of a conversation, is not taken for an element). Bounded: at most _RESYNC_ATTEMPTS
    tries and twice the document's length scanned by them (each failing try may scan far)."""
    budget = 2 * len(content) + (1 << 20)
    for attempt, match in enumerate(_ELEMENT_START.finditer(content, start)):
        if attempt >= _RESYNC_ATTEMPTS or budget < 0:
            return None
        candidate = match.start(1)
        try:
            value, end = decoder.raw_decode(content, candidate)
        except (ValueError, RecursionError) as error:
            if str(getattr(error, "msg", "")).startswith("Unterminated string"):
                return None  # no closing quote anywhere after: no later object can have a key
            budget -= max(1, getattr(error, "pos", candidate + 1) - candidate)
            continue
        budget -= end - candidate
        if not isinstance(value, dict) or detect_record_format(value) is None:
            continue
        after = _skip_whitespace(content, end)
        if after < len(content) and content[after] == ",":
            following = _skip_whitespace(content, after + 1)
            if following < len(content) and content[following] == "{":
                return candidate
        elif after < len(content) and content[after] == "]" and not content[after + 1:].strip():
            return candidate
    return None


def _load_delimited(
    stream: Iterable[bytes],
    name: str,
    size: int,
    text: _Text,
    kind: str,
    input_col: str | None,
    output_col: str | None,
    record_format: str | None,
    annotator_cols: tuple[str, ...] = (),
) -> Dataset:
    bad_lines: dict[int, Issue] = {}

    def decoded_lines() -> Iterator[str]:
        for number, raw in enumerate(stream, start=1):
            if number == 1:
                raw = raw.removeprefix(UTF8_BOM)
            decoded = _decode_line(raw, number, text.name)
            if isinstance(decoded, Issue):
                bad_lines[number] = decoded
                decoded = raw.replace(b"\x00", b"").decode(text.name, errors="replace")
            yield decoded

    lines = decoded_lines()
    header_line = next(lines, "")
    delimiter = "\t" if kind == "tsv" else _guess_delimiter(header_line)
    csv.field_size_limit(1 << 30)
    reader = csv.reader(itertools.chain([header_line], lines), delimiter=delimiter)
    try:
        header = [column.strip() for column in next(reader, [])]
    except csv.Error as error:
        raise LoadError("unreadable_container", kind=kind.upper(), detail=f"header: {error}") from error
    builder = _Builder(name, size, text, kind)
    builder.annotator_cols = annotator_cols
    header = _unique_columns(header, builder)
    convert = _row_converter(header, input_col, output_col, record_format, builder)
    previous_end = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # e.g. a stray carriage return; the reader goes on at the next line
            start, previous_end = previous_end + 1, reader.line_num
            builder.reject(Issue(start, "error", "unreadable_row", (("detail", str(error)),)))
            continue
        start, previous_end = previous_end + 1, reader.line_num
        if all(_is_blank(cell) for cell in row):
            builder.blank()
            continue
        broken = next((bad_lines[n] for n in range(start, previous_end + 1) if n in bad_lines), None)
        if broken is not None:
            builder.reject(replace(broken, line=start))
        elif len(row) != len(header):
            builder.reject(Issue(start, "error", "bad_row", (("found", len(row)), ("expected", len(header)))))
        else:
            builder.add(convert(dict(zip(header, row)), start))
    return builder.finish(None)


def _load_parquet(
    stream: BinaryIO, name: str, size: int, limit: int, input_col: str | None, output_col: str | None,
    record_format: str | None, annotator_cols: tuple[str, ...] = (),
) -> Dataset:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table_file = pq.ParquetFile(io.BytesIO(stream.read()))
        metadata = table_file.metadata
        # Column data sizes before compression are in the footer: refuse before inflating any of it.
        inflated = sum(metadata.row_group(index).total_byte_size for index in range(metadata.num_row_groups))
        if inflated > limit:
            raise LoadError("file_too_large", size_mb=_megabytes(inflated), limit_mb=_megabytes(limit))
        builder = _Builder(name, size, _Text("binary"), "parquet")
        builder.annotator_cols = annotator_cols
        header = _unique_columns(list(table_file.schema_arrow.names), builder)
        convert = _row_converter(header, input_col, output_col, record_format, builder)
        number = 0
        for batch in table_file.iter_batches(batch_size=8192):
            # By position, not by name: a repeated column name must not replace the first column.
            for values in zip(*(column.to_pylist() for column in batch.columns)):
                number += 1  # Parquet has no lines: rows are numbered from 1
                if all(_is_empty_cell(value) for value in values):
                    builder.blank()
                else:
                    builder.add(convert(dict(zip(header, values)), number))
    except (pa.ArrowException, OSError, ValueError) as error:
        raise LoadError("unreadable_container", kind="Parquet", detail=str(error)[:200]) from error
    return builder.finish(None)


def _load_xlsx(
    stream: BinaryIO, name: str, size: int, limit: int, input_col: str | None, output_col: str | None,
    record_format: str | None, sheet: str | None, annotator_cols: tuple[str, ...] = (),
) -> Dataset:
    """The chosen sheet of a workbook, read with calamine: every row the sheet holds, whatever its
    `<dimension>` element says (openpyxl's read-only mode trusts it and stopped at a stale one)."""
    from python_calamine import CalamineError, CalamineWorkbook

    data = stream.read()
    try:
        _refuse_large_zip(data, limit)
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        builder = _Builder(name, size, _Text("binary"), "xlsx")
        builder.annotator_cols = annotator_cols
        chosen, grid = _choose_sheet(workbook, sheet, input_col, output_col, builder)
        missing_values = _formulas_without_value(data, chosen)
        first_column = (grid.start or (0, 0))[1]
        rows = _numbered_rows(grid)
        header = next((values for _, values in rows if not all(map(_is_empty_cell, values))), [])
        header = _unique_columns([_header_name(value) for value in header], builder)
        convert = _row_converter(header, input_col, output_col, record_format, builder)
        used = set(builder.columns) if builder.columns else set(header)
        for number, values in rows:  # spreadsheet row numbers, from 1
            formula_cells = [ref for column, ref in missing_values.get(number, ())
                             if 0 <= column - first_column < len(header) and header[column - first_column] in used]
            if formula_cells:
                builder.reject(Issue(number, "error", "formula_without_value", (("cells", ", ".join(formula_cells)),)))
            elif all(_is_empty_cell(value) for value in values):
                builder.blank()
            else:
                builder.add(convert(dict(zip(header, values)), number))
    except (CalamineError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise LoadError("unreadable_container", kind="XLSX", detail=str(error)[:200]) from error
    return builder.finish(None)


def _refuse_large_zip(data: bytes, limit: int) -> None:
    """Refuse a zip by its directory: too many members, or members inflating past `limit` together."""
    tail = data[-(65_536 + 22):]
    end = tail.rfind(b"PK\x05\x06")  # end of central directory record
    if end >= 0 and len(tail) - end >= 22:
        parts = struct.unpack_from("<H", tail, end + 10)[0]
        if parts > MAX_ZIP_PARTS:  # 0xFFFF: a zip64 directory, as many or more
            raise LoadError("too_many_parts", parts=f"{parts:,}" + ("+" if parts == 0xFFFF else ""),
                            limit=f"{MAX_ZIP_PARTS:,}")
    members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    if len(members) > MAX_ZIP_PARTS:
        raise LoadError("too_many_parts", parts=f"{len(members):,}", limit=f"{MAX_ZIP_PARTS:,}")
    inflated = sum(member.file_size for member in members)
    if inflated > limit:
        raise LoadError("file_too_large", size_mb=_megabytes(inflated), limit_mb=_megabytes(limit))


def _choose_sheet(
    workbook: Any, wanted: str | None, input_col: str | None, output_col: str | None, builder: "_Builder"
) -> tuple[str, Any]:
    """The sheet to read and its numbered rows: the one named, else the first visible sheet whose header
    names known input/output columns, else the first visible sheet with a data row. The others are
    named in a file-level warning, hidden ones marked."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    metadata = [meta for meta in workbook.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]
    names = tuple(meta.name for meta in metadata)
    builder.sheets = tuple(meta.name for meta in workbook.sheets_metadata)
    if wanted is not None and wanted not in names:
        raise LoadError("sheet_missing", columns=names, sheet=wanted, sheets_list=", ".join(names) or "(none)")
    parsed: dict[str, Any] = {}  # calamine parses a sheet on each get: once each

    def grid(name: str) -> Any:
        if name not in parsed:
            parsed[name] = workbook.get_sheet_by_name(name)
        return parsed[name]

    chosen = wanted
    if chosen is None:
        with_data = []
        for meta in metadata:
            if meta.visible != SheetVisibleEnum.Visible:
                continue
            rows = (values for _, values in _numbered_rows(grid(meta.name)) if not all(map(_is_empty_cell, values)))
            header = [_header_name(value) for value in next(rows, [])]
            if next(rows, None) is None:
                parsed.pop(meta.name)
                continue  # no data row under the header
            with_data.append(meta.name)
            if _names_known_columns(header, input_col, output_col):
                chosen = meta.name
                break
        chosen = chosen or (with_data[0] if with_data else next(iter(names), None))
    if chosen is None:
        raise LoadError("unreadable_container", kind="XLSX", detail="the workbook has no sheet")
    builder.sheet = chosen
    others = [meta for meta in metadata if meta.name != chosen]
    for code, group in (("other_sheets", [meta for meta in others if meta.visible == SheetVisibleEnum.Visible]),
                        ("hidden_sheets", [meta for meta in others if meta.visible != SheetVisibleEnum.Visible])):
        if group:
            named = ", ".join(repr(meta.name) for meta in group)
            builder.file_issues.append(Issue(0, "warning", code, (("sheet", chosen), ("others", named))))
    return chosen, grid(chosen)


def _numbered_rows(grid: Any) -> Iterator[tuple[int, list[Any]]]:
    # calamine yields rows from the sheet's first row (empty ones included), cells from its first used column.
    return enumerate(grid.iter_rows(), start=1)


def _names_known_columns(header: list[str], input_col: str | None, output_col: str | None) -> bool:
    if input_col or output_col:
        return all(column in header for column in (input_col, output_col) if column)
    lower = {column.lower() for column in header}
    return any(column in lower for column in RECORD_COLUMNS) or any(
        first in lower and second in lower for first, second in COLUMN_PAIRS
    )


def _formulas_without_value(data: bytes, sheet: str) -> dict[int, list[tuple[int, str]]]:
    """Row → (column index, cell reference) of the sheet's formula cells that have no saved value.
    calamine reads those as empty; the sheet's XML tells them apart. Only parsed when it holds a formula."""
    from xml.etree import ElementTree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        part = _sheet_part(archive, sheet)
        if part is None or not _part_contains(archive, part, b"<f"):
            return {}
        missing: dict[int, list[tuple[int, str]]] = {}
        with archive.open(part) as xml:
            for _, element in ElementTree.iterparse(xml):
                tag = element.tag.rpartition("}")[2]
                if tag == "c":
                    children = {child.tag.rpartition("}")[2]: child for child in element}
                    value = children.get("v")
                    if "f" in children and (value is None or not (value.text or "").strip()):
                        reference = element.get("r", "")
                        letters = reference.rstrip("0123456789")
                        if letters and reference[len(letters):]:
                            missing.setdefault(int(reference[len(letters):]), []).append(
                                (_column_index(letters), reference))
                elif tag == "row":
                    element.clear()
        return missing
    except (zipfile.BadZipFile, KeyError, ValueError, ElementTree.ParseError):
        return {}


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    from xml.etree import ElementTree

    relationship = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    ids = [node.get(relationship) for node in book.iter() if node.tag.endswith("}sheet") and node.get("name") == sheet]
    if not ids:
        return None
    links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next((node.get("Target", "") for node in links if node.get("Id") == ids[0]), "")
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _part_contains(archive: zipfile.ZipFile, part: str, needle: bytes) -> bool:
    with archive.open(part) as stream:
        carry = b""
        while chunk := stream.read(1 << 20):
            if needle in carry + chunk[: len(needle)] or needle in chunk:
                return True
            carry = chunk[-len(needle):]
    return False


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def _header_name(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _is_empty_cell(value: Any) -> bool:
    return value is None or (isinstance(value, str) and _is_blank(value))


def _unique_columns(header: list[str], builder: "_Builder") -> list[str]:
    """The header with a repeated name read as `name.1`, `name.2`… and a warning naming them: a
    dict keyed by name would silently keep only the last of the repeated columns."""
    seen, counts, renamed, unique = set(header), Counter[str](), [], []
    for column in header:
        if column and counts[column]:
            suffix = counts[column]
            while f"{column}.{suffix}" in seen:
                suffix += 1
            counts[column] = suffix + 1
            seen.add(new := f"{column}.{suffix}")
            renamed.append(new)
            unique.append(new)
        else:
            counts[column] += 1
            unique.append(column)
    if renamed:
        repeated = sorted({column for column in header if column and header.count(column) > 1}, key=header.index)
        builder.file_issues.append(Issue(0, "warning", "duplicate_columns", (
            ("columns", ", ".join(repeated)), ("renamed", ", ".join(renamed)))))
    builder.table_columns = tuple(unique)
    return unique


# --- tables: which columns hold what -------------------------------------------------------


def _row_converter(
    header: list[str], input_col: str | None, output_col: str | None, record_format: str | None, builder: "_Builder"
) -> Callable[[dict[str, Any], int], Parsed]:
    """Decide once how a table row becomes an example: whole records, or an input/output pair."""
    if input_col is None and output_col is None and (
        any(column in header for column in RECORD_COLUMNS) or all(column in header for column in PREFERENCE_COLUMNS)
    ):
        if builder.annotator_cols:  # whole records (chat, preference) have no single label to compare with
            raise LoadError("annotator_cols_not_table", columns=tuple(header))

        def convert_record(row: dict[str, Any], number: int) -> Parsed:
            parsed = _parse_table_record(row, number, record_format)
            if parsed.example is not None:
                builder.note_unread(key for key in _unread_keys(parsed.example.format, parsed.example.keys)
                                    if not _is_empty_cell(row[key]))
            return parsed

        return convert_record
    columns = _choose_columns(header, input_col, output_col, builder)
    extra_input = "input" if columns == ("instruction", "output") and "input" in header else None
    # Named annotator columns are read; found ones stay here until the end decides (`_Builder.finish`).
    unused = tuple(column for column in header if column and column not in (*columns, extra_input,
                                                                            *builder.annotator_cols))
    for wanted in builder.annotator_cols:
        if wanted not in header:
            raise LoadError("column_missing", columns=tuple(header), column=wanted, columns_list=", ".join(header))
    annotators = annotator_reader(header, columns, builder.annotator_cols)

    def convert(row: dict[str, Any], number: int) -> Parsed:
        prompt = row.get(columns[0])
        if extra_input and isinstance(row.get(extra_input), str) and row[extra_input].strip():
            prompt = f"{prompt}\n\n{row[extra_input]}"  # Alpaca's instruction + input
        parsed = table_example(number, prompt, row.get(columns[1]), columns)
        if parsed.example is not None:
            if annotators is not None:  # read in the same pass, one entry per kept example
                annotators.add(row)
            if unused:
                builder.note_unread(column for column in unused if not _is_empty_cell(row.get(column)))
        return parsed

    builder.columns = columns
    builder.annotators = annotators
    return convert


def _choose_columns(
    header: list[str], input_col: str | None, output_col: str | None, builder: "_Builder"
) -> tuple[str, str]:
    by_lower = {column.lower(): column for column in header if column}
    shown = ", ".join(header) or "(none)"
    for wanted in (input_col, output_col):
        if wanted is not None and wanted not in header:
            raise LoadError("column_missing", columns=tuple(header), column=wanted, columns_list=shown)
    if input_col and output_col:
        return input_col, output_col
    for pair in COLUMN_PAIRS:
        if pair[0] in by_lower and pair[1] in by_lower:
            guessed = (input_col or by_lower[pair[0]], output_col or by_lower[pair[1]])
            if guessed[0] != guessed[1]:
                return guessed
    named = [column for column in header if column]
    if len(named) == 2:
        guessed = (input_col or named[0], output_col or named[1])
        if guessed[0] != guessed[1]:
            builder.file_issues.append(
                Issue(0, "warning", "columns_guessed", (("input", guessed[0]), ("output", guessed[1])))
            )
            return guessed
    raise LoadError("no_columns", columns=tuple(header), columns_list=shown)


def _parse_table_record(row: dict[str, Any], number: int, record_format: str | None) -> Parsed:
    """A row holding a whole record; CSV cells holding JSON (a `messages` column) become the lists they
    spell, a lone surrogate escape in them replaced (with a warning) as in a JSONL line."""
    decoded, replaced = {}, 0
    for key, value in row.items():
        if key in JSON_CELL_COLUMNS and isinstance(value, str) and value.lstrip().startswith("["):
            try:
                parsed = json.loads(value)
                if key not in RECORD_COLUMNS and not (isinstance(parsed, list) and all(isinstance(item, dict) for item in parsed)):
                    raise ValueError("not a message list")  # a prompt or reply that merely starts with [
                if _SURROGATE_ESCAPE_TEXT.search(value):
                    parsed, count = _without_lone_surrogates(parsed)
                    replaced += count
                value = parsed
            except (ValueError, RecursionError, MemoryError):
                pass  # left as text: a message list is rejected with the field's type, a prompt read as text
        decoded[key] = value
    result = parse_record(decoded, number, record_format)
    if replaced and result.example is not None:
        result = Parsed(result.example, (*result.issues, Issue(number, "warning", "lone_surrogate", (("count", replaced),))))
    return result


def _guess_delimiter(header_line: str) -> str:
    # Brazilian Excel writes ';'-separated "CSV"; pick the delimiter the header uses most.
    return max((",", ";", "\t", "|"), key=header_line.count)


# --- bytes to text -------------------------------------------------------------------------


def _choose_text_encoding(sample: bytes) -> _Text:
    """UTF-8 unless the sample has non-UTF-8 bytes and no valid non-ASCII UTF-8 at all (then Latin-1).

    A UTF-8 file with a few broken lines stays UTF-8 and those lines are rejected; a file written
    by an old Windows tool, where every accented line fails, is read as Windows-1252 and flagged.
    """
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _Text("utf-16", Issue(0, "warning", "decoded_as_utf16"))
    valid_non_ascii = invalid = 0
    for line in sample.split(b"\n"):
        if line.isascii() or b"\x00" in line:
            continue
        try:
            line.decode("utf-8")
            valid_non_ascii += 1
        except UnicodeDecodeError:
            invalid += 1
    if invalid and not valid_non_ascii:
        return _Text("cp1252", Issue(0, "warning", "decoded_as_latin1"))
    return _Text("utf-8")


def _utf16_as_utf8(stream: BinaryIO, limit: int) -> io.BufferedReader:
    try:
        text = stream.read().decode("utf-16")
    except UnicodeDecodeError as error:
        raise LoadError("unreadable_container", kind="UTF-16", detail=str(error)[:200]) from error
    return _bounded(io.BytesIO(text.encode("utf-8")), limit)


def _decode_line(line: bytes, number: int, encoding: str) -> str | Issue:
    if b"\x00" in line or (encoding != "utf-8" and _has_control_bytes(line)):
        return Issue(number, "error", "binary_data")
    try:
        return line.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding == "cp1252":  # five bytes are undefined in Windows-1252; Latin-1 has them all
            return line.decode("latin-1")
        return Issue(number, "error", "invalid_utf8", (("offset", error.start + 1),))


_CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 13})


def _has_control_bytes(line: bytes) -> bool:
    return len(line.translate(None, _CONTROL_BYTES)) != len(line)


def _bounded(source: Any, limit: int) -> io.BufferedReader:
    return io.BufferedReader(_LimitedRaw(source, limit), buffer_size=ENCODING_SAMPLE_BYTES)


class _LimitedRaw(io.RawIOBase):
    """Refuses to read past the size limit, which also stops gzip bombs while they inflate."""

    def __init__(self, source: Any, limit: int) -> None:
        self._source = source
        self._limit = limit
        self._read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._source.read(len(buffer))
        self._read += len(data)
        if self._read > self._limit:
            raise LoadError("file_too_large", size_mb=f"> {_megabytes(self._limit)}", limit_mb=_megabytes(self._limit))
        buffer[: len(data)] = data
        return len(data)


# --- accounting ----------------------------------------------------------------------------


_WATCHER: contextvars.ContextVar[Callable[[list[Example]], None] | None] = contextvars.ContextVar(
    "example_watcher", default=None)
WATCHED_BATCH = 2000  # examples handed to a watcher at a time


@contextlib.contextmanager
def watching_examples(watcher: Callable[[list[Example]], None]) -> Iterator[None]:
    """While inside, a file being loaded hands `watcher` its kept examples as it reads them, in order,
    `WATCHED_BATCH` at a time (the rest stay unhanded: the dataset holds them all). The token worker
    counts them meanwhile (advisor/data/token_worker.py); an example may still change before the
    dataset is made (Bedrock files), so a watcher checks what it was handed against the dataset."""
    token = _WATCHER.set(watcher)
    try:
        yield
    finally:
        _WATCHER.reset(token)


class _Builder:
    """Collects outcomes record by record; the only place the count identity is kept."""

    def __init__(
        self, name: str, size: int, text: _Text, container: str, table_columns: tuple[str, ...] = ()
    ) -> None:
        self.name = name
        self.container = container
        self.size = size
        self.text = text
        self.table_columns = table_columns
        self.columns: tuple[str, str] | None = None
        self.sheets: tuple[str, ...] = ()
        self.sheet: str | None = None
        self.examples: list[Example] = []
        self.issues: list[Issue] = []
        self.file_issues: list[Issue] = [text.issue] if text.issue else []
        self.rejected = 0
        self.blanks = 0
        self.unread: Counter[str] = Counter()  # field or column → kept records holding it, never read
        self.annotator_cols: tuple[str, ...] = ()  # named by the user
        self.annotators: AnnotatorReader | None = None
        self.watcher = _WATCHER.get()
        self.watched = 0  # examples handed to the watcher

    def note_unread(self, keys: Iterable[str]) -> None:
        self.unread.update(keys)

    def blank(self) -> None:
        self.blanks += 1

    def reject(self, issue: Issue) -> None:
        self.rejected += 1
        self.issues.append(issue)

    def add(self, parsed: Parsed, element: int | None = None) -> None:
        if parsed.example is None:
            issue = parsed.issues[0]
            self.reject(issue if element is None else replace(issue, args=issue.args + (("element", element),)))
        else:
            self.examples.append(parsed.example)
            self.issues.extend(parsed.issues)
            if self.watcher is not None and len(self.examples) - self.watched >= WATCHED_BATCH:
                self.watcher(self.examples[self.watched:])
                self.watched = len(self.examples)

    def add_json(
        self, record: Any, number: int, record_format: str | None, may_hold_surrogates: bool, element: int | None = None
    ) -> None:
        """A decoded JSON record; `may_hold_surrogates` when its text had a \\udXXX escape (rare: the
        walk over the record is only paid then)."""
        replaced = 0
        if may_hold_surrogates:
            try:
                record, replaced = _without_lone_surrogates(record)
            except RecursionError:
                at = () if element is None else (("element", element),)
                self.reject(Issue(number, "error", "invalid_json", (("detail", "nested too deeply"), *at)))
                return
        if self.columns is not None and isinstance(record, dict):  # fields named by the user: read as a row
            parsed = table_example(number, record.get(self.columns[0]), record.get(self.columns[1]), self.columns)
            self.add(parsed, element)
            if parsed.example is not None:
                self.note_unread(key for key, value in record.items() if key not in self.columns and not _is_empty_cell(value))
        else:
            parsed = parse_record(record, number, record_format)
            self.add(parsed, element)
            if parsed.example is not None and (unread := _unread_keys(parsed.example.format, parsed.example.keys)):
                self.note_unread(unread)
        if replaced and parsed.example is not None:
            self.issues.append(Issue(number, "warning", "lone_surrogate", (("count", replaced),)))

    def finish(self, record_format: str | None) -> Dataset:
        examples = self.examples if record_format else _merge_bedrock(self.examples)
        counts = Counter(example.format for example in examples)
        detected = record_format or (next(iter(counts)) if len(counts) == 1 else "mixed" if counts else "unknown")
        annotations = None if self.annotators is None else self.annotators.result(examples)
        if annotations is not None:  # read now: no longer "not read"
            for column in annotations.columns:
                self.unread.pop(column, None)
            self.file_issues.append(Issue(0, "warning", "annotator_columns", (
                ("columns", ", ".join(repr(column) for column in annotations.columns)),
                ("output", repr(self.columns[1] if self.columns else "")))))
        issues = self.file_issues + self.issues
        if len(counts) > 1:
            dominant = counts.most_common(1)[0][0]
            summary = ", ".join(f"{FORMAT_LABELS[fmt]} {count}" for fmt, count in counts.most_common())
            issues.insert(0, Issue(0, "warning", "mixed_formats", (("counts", summary),)))
            issues.extend(
                Issue(example.line, "warning", "format_mismatch",
                      (("found", FORMAT_LABELS[example.format]), ("expected", FORMAT_LABELS[dominant])))
                for example in examples
                if example.format != dominant
            )
        issues[:0] = self._layout_and_unread(examples)
        issues.sort(key=lambda issue: issue.line)
        return Dataset(
            source=self.name,
            detected_format=detected,
            format_counts=tuple(counts.most_common()),
            examples=tuple(examples),
            issues=tuple(issues),
            lines_read=len(examples) + self.rejected + self.blanks,
            lines_rejected=self.rejected,
            blank_lines=self.blanks,
            encoding=self.text.name,
            size_bytes=self.size,
            container=self.container,
            columns=self.columns,
            table_columns=self.table_columns,
            sheets=self.sheets,
            sheet=self.sheet,
            annotations=annotations,
        )


    def _layout_and_unread(self, examples: list[Example]) -> list[Issue]:
        """File-level notes: preference pairs read from a layout platforms do not take, and every field
        or column holding data that was not read (a field is never dropped silently)."""
        notes = []
        empty = Counter(issue.arg("column") for issue in self.issues if issue.code == "empty_cell")
        notes.extend(Issue(0, "warning", "empty_column_cells", (("column", column), ("count", f"{count:,}")))
                     for column, count in empty.most_common())
        layouts = Counter(preference_layout(example) for example in examples if example.format == "preference")
        for layout, count in layouts.most_common():
            if layout != "openai":
                notes.append(Issue(0, "warning", "preference_layout", (("count", count), ("layout", PREFERENCE_LAYOUTS[layout]))))
        if self.unread:
            shown = self.unread.most_common(FIELDS_SHOWN)
            fields = ", ".join(f"{without_lone_surrogates(key)!r} ({count})" for key, count in shown)
            more = len(self.unread) - len(shown)
            notes.append(Issue(0, "warning", "fields_not_read", (("fields", fields + (f", +{more}" if more else "")),)))
        return notes


@functools.lru_cache(maxsize=256)
def _unread_keys(record_format: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    """A record's keys its format does not read (memoised: most files repeat one tuple of keys)."""
    read = READ_KEYS.get(record_format)
    return () if read is None else tuple(key for key in keys if key not in read)


def _merge_bedrock(examples: list[Example]) -> list[Example]:
    """In a Bedrock file, records without a top-level system prompt are Bedrock records too."""
    formats = {example.format for example in examples}
    if not {"bedrock", "openai_chat"} <= formats:
        return examples
    return [
        replace(example, format="bedrock") if example.format == "openai_chat" and _fits_bedrock(example) else example
        for example in examples
    ]


def _fits_bedrock(example: Example) -> bool:
    return all(
        message.role in ("user", "assistant") and not message.tool_calls and message.weight is None and not message.name
        for message in example.messages
    ) and not example.tools


# --- small helpers -------------------------------------------------------------------------


class _LineCounter:
    """Line number of a character offset, for offsets asked in increasing order."""

    def __init__(self, content: str, newline: str = "\n") -> None:
        self._content = content
        self._newline = newline
        self._offset = 0
        self._line = 1

    def __call__(self, offset: int) -> int:
        self._line += self._content.count(self._newline, self._offset, offset)
        self._offset = offset
        return self._line


def _skip_separators(content: str, position: int) -> int:
    while position < len(content) and content[position] in " \t\r\n,":
        position += 1
    return position


def _skip_whitespace(content: str, position: int) -> int:
    while position < len(content) and content[position] in " \t\r\n":
        position += 1
    return position


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):,.1f}"
