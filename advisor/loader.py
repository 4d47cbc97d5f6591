"""Stream a dataset file into a `Dataset`, losing nothing.

Every record ends as exactly one of: a kept example, a rejected line (with one error issue that
gives its line number and reason), or a blank line — so `lines_read == examples_kept +
lines_rejected + blank_lines` holds for any input. A record is a physical line of JSONL, an element
of a JSON array, or a data row of a table. Problems with the file as a whole (missing, empty, too
large, unreadable container) raise `LoadError`; problems with a record never raise.
"""

from __future__ import annotations

import csv
import gc
import gzip
import io
import itertools
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from advisor.formats import FORMAT_LABELS, RECORD_FORMATS, Parsed, parse_record, table_example
from advisor.model import Dataset, Example, Issue

DEFAULT_MAX_MB = 512  # OpenAI's training-file limit (FACTS §2); override with ADVISOR_MAX_FILE_MB
TABLE_KINDS = ("csv", "tsv", "parquet", "xlsx")
FORMAT_CHOICES = RECORD_FORMATS + TABLE_KINDS
ENCODING_SAMPLE_BYTES = 8 << 20
UTF8_BOM = b"\xef\xbb\xbf"

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

MESSAGES = {
    "file_missing": {"en": "File not found: {path}.", "pt": "Arquivo não encontrado: {path}."},
    "file_empty": {"en": "The file {path} is empty.", "pt": "O arquivo {path} está vazio."},
    "file_too_large": {
        "en": "The file is {size_mb} MB, above the limit of {limit_mb} MB. Raise it with --max-mb "
        "(or ADVISOR_MAX_FILE_MB), or analyse a sample.",
        "pt": "O arquivo tem {size_mb} MB, acima do limite de {limit_mb} MB. Aumente com --max-mb "
        "(ou ADVISOR_MAX_FILE_MB) ou analise uma amostra.",
    },
    "unreadable_container": {
        "en": "Could not read the file as {kind}: {detail}.",
        "pt": "Não foi possível ler o arquivo como {kind}: {detail}.",
    },
    "no_columns": {
        "en": "Could not tell which columns are input and output (columns: {columns_list}). "
        "Name them with --input-col and --output-col.",
        "pt": "Não foi possível saber quais colunas são entrada e saída (colunas: {columns_list}). "
        "Indique-as com --input-col e --output-col.",
    },
    "column_missing": {
        "en": "Column {column!r} is not in the table (columns: {columns_list}).",
        "pt": "A coluna {column!r} não existe na tabela (colunas: {columns_list}).",
    },
    "unknown_format_option": {
        "en": "Unknown format {format!r}; choose one of: {choices}.",
        "pt": "Formato desconhecido {format!r}; escolha um de: {choices}.",
    },
    "invalid_utf8": {
        "en": "Invalid UTF-8 bytes at byte {offset} of the line; save the file as UTF-8.",
        "pt": "Bytes UTF-8 inválidos no byte {offset} da linha; salve o arquivo como UTF-8.",
    },
    "binary_data": {
        "en": "The line holds binary data (NUL or control bytes), not text.",
        "pt": "A linha contém dados binários (bytes NUL ou de controle), não texto.",
    },
    "decoded_as_latin1": {
        "en": "The file is not UTF-8; it was read as Latin-1 (Windows-1252). Platforms expect UTF-8: "
        "export as UTF-8 before uploading.",
        "pt": "O arquivo não está em UTF-8; foi lido como Latin-1 (Windows-1252). As plataformas "
        "esperam UTF-8: exporte em UTF-8 antes de enviar.",
    },
    "decoded_as_utf16": {
        "en": "The file is UTF-16; it was converted. Platforms expect UTF-8.",
        "pt": "O arquivo está em UTF-16; foi convertido. As plataformas esperam UTF-8.",
    },
    "bad_row": {
        "en": "The row has {found} fields but the header has {expected}; check for an unquoted "
        "delimiter or line break.",
        "pt": "A linha tem {found} campos, mas o cabeçalho tem {expected}; verifique se há um "
        "separador ou quebra de linha sem aspas.",
    },
    "unreadable_row": {
        "en": "The row cannot be parsed ({detail}); check its quotes and line breaks.",
        "pt": "A linha não pôde ser interpretada ({detail}); verifique aspas e quebras de linha.",
    },
    "columns_guessed": {
        "en": "Input column {input!r} and output column {output!r} were guessed; change them if wrong.",
        "pt": "A coluna de entrada {input!r} e a de saída {output!r} foram deduzidas; altere se estiver errado.",
    },
    "mixed_formats": {
        "en": "The file mixes formats: {counts}. Platforms reject mixed files; convert it to one format.",
        "pt": "O arquivo mistura formatos: {counts}. As plataformas rejeitam arquivos misturados; "
        "converta para um só formato.",
    },
}


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
) -> Dataset:
    """Read a dataset file from disk (JSONL, JSON array, CSV, TSV, Parquet, XLSX; optionally gzipped)."""
    path = Path(path)
    if not path.is_file():
        raise LoadError("file_missing", path=str(path))
    with path.open("rb") as stream:
        return load_stream(
            stream, path.name, path.stat().st_size,
            format=format, input_col=input_col, output_col=output_col, max_bytes=max_bytes,
        )


def load_bytes(data: bytes, name: str, **options: Any) -> Dataset:
    """Read an uploaded file held in memory (the app's path)."""
    return load_stream(io.BytesIO(data), name, len(data), **options)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading builds millions of objects and no cycles: the cyclic GC would only rescan them (~40 %)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_stream(
    stream: BinaryIO,
    name: str,
    size: int,
    *,
    format: str | None = None,
    input_col: str | None = None,
    output_col: str | None = None,
    max_bytes: int | None = None,
) -> Dataset:
    if format is not None and format not in FORMAT_CHOICES:
        raise LoadError("unknown_format_option", format=format, choices=", ".join(FORMAT_CHOICES))
    limit = max_bytes_default() if max_bytes is None else max_bytes
    if size == 0:
        raise LoadError("file_empty", path=name)
    if size > limit:
        raise LoadError("file_too_large", size_mb=_megabytes(size), limit_mb=_megabytes(limit))
    stream = _bounded(stream, limit)
    if stream.peek(2)[:2] == b"\x1f\x8b":
        stream = _bounded(gzip.GzipFile(fileobj=stream, mode="rb"), limit)
        name = name.removesuffix(".gz")
    try:
        with _collector_paused():
            return _read(stream, name, size, limit, format, input_col, output_col)
    except (gzip.BadGzipFile, EOFError) as error:  # EOFError: a truncated gzip stream
        raise LoadError("unreadable_container", kind="gzip", detail=str(error) or "truncated") from error


def _read(
    stream: BinaryIO,
    name: str,
    size: int,
    limit: int,
    format: str | None,
    input_col: str | None,
    output_col: str | None,
) -> Dataset:
    kind = format if format in TABLE_KINDS else _container_kind(name, stream.peek(4)[:4])
    record_format = format if format in RECORD_FORMATS else None
    if kind == "parquet":
        return _load_parquet(stream, name, size, input_col, output_col, record_format)
    if kind == "xlsx":
        return _load_xlsx(stream, name, size, input_col, output_col, record_format)
    text = _choose_text_encoding(stream.peek(ENCODING_SAMPLE_BYTES))
    if text.name == "utf-16":
        stream, text = _utf16_as_utf8(stream, limit), _Text("utf-8", text.issue)
    if kind in ("csv", "tsv"):
        return _load_delimited(stream, name, size, text, kind, input_col, output_col, record_format)
    if kind == "json":
        return _load_json_document(stream.read(), name, size, text, record_format)
    return _load_jsonl(stream, name, size, text, record_format)


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


def _load_jsonl(stream: Iterable[bytes], name: str, size: int, text: _Text, record_format: str | None) -> Dataset:
    builder = _Builder(name, size, text, "jsonl")
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
            record = json.loads(decoded)
        except json.JSONDecodeError as error:
            builder.reject(Issue(number, "error", "invalid_json", (("detail", f"{error.msg}, column {error.colno}"),)))
            continue
        except RecursionError:
            builder.reject(Issue(number, "error", "invalid_json", (("detail", "nested too deeply"),)))
            continue
        builder.add(parse_record(record, number, record_format))
    return builder.finish(record_format)


def _load_json_document(
    document: bytes, name: str, size: int, text: _Text, record_format: str | None
) -> Dataset:
    """A `.json` file: one array of records (Alpaca's own layout), else read line by line."""
    document = document.removeprefix(UTF8_BOM)
    try:
        content = document.decode(text.name)
    except UnicodeDecodeError:
        content = ""
    if not content.lstrip().startswith("["):
        return _load_jsonl(io.BytesIO(document), name, size, text, record_format)
    decoder = json.JSONDecoder()
    builder = _Builder(name, size, text, "json")
    position = content.index("[") + 1
    line_of = _LineCounter(content)
    while True:
        position = _skip_separators(content, position)
        if position >= len(content) or content[position] == "]":
            break
        number = line_of(position)
        try:
            record, position = decoder.raw_decode(content, position)
        except (json.JSONDecodeError, RecursionError) as error:
            detail = error.msg if isinstance(error, json.JSONDecodeError) else "nested too deeply"
            # The rest of the array cannot be split into elements: one rejection says where it broke.
            builder.reject(Issue(number, "error", "invalid_json", (("detail", detail),)))
            break
        builder.add(parse_record(record, number, record_format))
    return builder.finish(record_format)


def _load_delimited(
    stream: BinaryIO,
    name: str,
    size: int,
    text: _Text,
    kind: str,
    input_col: str | None,
    output_col: str | None,
    record_format: str | None,
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
    builder = _Builder(name, size, text, kind, table_columns=tuple(header))
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
        if not any(cell.strip() for cell in row):
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
    stream: BinaryIO, name: str, size: int, input_col: str | None, output_col: str | None, record_format: str | None
) -> Dataset:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table_file = pq.ParquetFile(io.BytesIO(stream.read()))
        header = list(table_file.schema_arrow.names)
        builder = _Builder(name, size, _Text("binary"), "parquet", table_columns=tuple(header))
        convert = _row_converter(header, input_col, output_col, record_format, builder)
        number = 0
        for batch in table_file.iter_batches(batch_size=8192):
            for row in batch.to_pylist():
                number += 1  # Parquet has no lines: rows are numbered from 1
                if all(value is None or value == "" for value in row.values()):
                    builder.blank()
                else:
                    builder.add(convert(row, number))
    except (pa.ArrowException, OSError, ValueError) as error:
        raise LoadError("unreadable_container", kind="Parquet", detail=str(error)[:200]) from error
    return builder.finish(None)


def _load_xlsx(
    stream: BinaryIO, name: str, size: int, input_col: str | None, output_col: str | None, record_format: str | None
) -> Dataset:
    import zipfile

    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(stream.read()), read_only=True, data_only=True).worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(value).strip() if value is not None else "" for value in next(rows, ())]
        builder = _Builder(name, size, _Text("binary"), "xlsx", table_columns=tuple(header))
        convert = _row_converter(header, input_col, output_col, record_format, builder)
        for number, values in enumerate(rows, start=2):  # spreadsheet row numbers: header is row 1
            if all(value is None or str(value).strip() == "" for value in values):
                builder.blank()
            else:
                builder.add(convert(dict(zip(header, values)), number))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise LoadError("unreadable_container", kind="XLSX", detail=str(error)[:200]) from error
    return builder.finish(None)


# --- tables: which columns hold what -------------------------------------------------------


def _row_converter(
    header: list[str], input_col: str | None, output_col: str | None, record_format: str | None, builder: "_Builder"
) -> Callable[[dict[str, Any], int], Parsed]:
    """Decide once how a table row becomes an example: whole records, or an input/output pair."""
    if input_col is None and output_col is None and any(column in header for column in RECORD_COLUMNS):
        return lambda row, number: parse_record(_decode_nested(row), number, record_format)
    columns = _choose_columns(header, input_col, output_col, builder)
    extra_input = "input" if columns == ("instruction", "output") and "input" in header else None

    def convert(row: dict[str, Any], number: int) -> Parsed:
        prompt = row.get(columns[0])
        if extra_input and isinstance(row.get(extra_input), str) and row[extra_input].strip():
            prompt = f"{prompt}\n\n{row[extra_input]}"  # Alpaca's instruction + input
        return table_example(number, prompt, row.get(columns[1]), columns)

    builder.columns = columns
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


def _decode_nested(row: dict[str, Any]) -> dict[str, Any]:
    """CSV cells holding JSON (a `messages` column) become the lists they spell."""
    decoded = {}
    for key, value in row.items():
        if key in RECORD_COLUMNS and isinstance(value, str) and value.lstrip().startswith("["):
            try:
                value = json.loads(value)
            except (json.JSONDecodeError, RecursionError):
                pass
        decoded[key] = value
    return decoded


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
        self.examples: list[Example] = []
        self.issues: list[Issue] = []
        self.file_issues: list[Issue] = [text.issue] if text.issue else []
        self.rejected = 0
        self.blanks = 0

    def blank(self) -> None:
        self.blanks += 1

    def reject(self, issue: Issue) -> None:
        self.rejected += 1
        self.issues.append(issue)

    def add(self, parsed: Parsed) -> None:
        if parsed.example is None:
            self.reject(parsed.issues[0])
        else:
            self.examples.append(parsed.example)
            self.issues.extend(parsed.issues)

    def finish(self, record_format: str | None) -> Dataset:
        examples = self.examples if record_format else _merge_bedrock(self.examples)
        counts = Counter(example.format for example in examples)
        detected = record_format or (next(iter(counts)) if len(counts) == 1 else "mixed" if counts else "unknown")
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
        )


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

    def __init__(self, content: str) -> None:
        self._content = content
        self._offset = 0
        self._line = 1

    def __call__(self, offset: int) -> int:
        self._line += self._content.count("\n", self._offset, offset)
        self._offset = offset
        return self._line


def _skip_separators(content: str, position: int) -> int:
    while position < len(content) and content[position] in " \t\r\n,":
        position += 1
    return position


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):,.1f}"
