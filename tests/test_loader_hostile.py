"""Hostile input (issues #12 and #19): the loader never raises on a record, never loses one silently,
never holds a lone surrogate, and refuses oversized containers from their metadata or while inflating."""

from __future__ import annotations

import gzip
import io
import json
import time
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

import advisor.data.loader
from advisor.data.loader import LoadError, load, load_bytes
from advisor.i18n.messages import describe
from tests.helpers import assert_accounted, workbook_bytes

RECORD = {"prompt": "Classifique: ótimo", "completion": "positivo"}


def _jsonl(*records: object) -> bytes:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records).encode()


def _errors(dataset) -> list[tuple[int, str]]:
    return [(issue.line, issue.code) for issue in dataset.issues if issue.severity == "error"]


# --- 1. what json.loads raises besides JSONDecodeError -------------------------------------------


def test_an_integer_of_4301_digits_is_a_rejected_line_not_a_crash() -> None:
    # CPython refuses int literals above 4,300 digits with a plain ValueError (sys.get_int_max_str_digits).
    data = _jsonl(RECORD) + b'{"prompt": "x", "completion": ' + b"7" * 4301 + b"}\n" + _jsonl(RECORD)
    dataset = load_bytes(data, "ints.jsonl")
    assert _errors(dataset) == [(2, "invalid_json")]
    assert "4300" in describe(dataset.issues[0]) or "4,300" in describe(dataset.issues[0])
    assert dataset.examples_kept == 2
    assert_accounted(dataset)


def test_a_huge_integer_inside_a_json_array_rejects_that_element_only() -> None:
    elements = [json.dumps(RECORD), '{"prompt": "x", "completion": ' + "9" * 5000 + "}", json.dumps(RECORD)]
    dataset = load_bytes(("[\n" + ",\n".join(elements) + "\n]").encode(), "ints.json")
    assert _errors(dataset) == [(3, "invalid_json")]
    assert dataset.examples_kept == 2
    assert_accounted(dataset)


def test_a_huge_number_in_a_csv_cell_is_just_text() -> None:
    dataset = load_bytes(b"text,label\n" + b"1" * 5000 + b",big\nhello,small\n", "n.csv")
    assert dataset.examples_kept == 2
    assert dataset.examples[0].messages[0].content == "1" * 5000


# --- 2. lone surrogates ---------------------------------------------------------------------------


def test_lone_surrogates_are_replaced_and_warned_with_their_line() -> None:
    lines = [
        json.dumps(RECORD),
        r'{"prompt": "a\ud800b", "completion": "\uDFFF"}',
        r'{"prompt": "par \ud83d\ude00 ok", "completion": "sim"}',  # a valid pair: an emoji, no warning
        r'{"prompt": "x", "completion": ["y\udc00"], "\ud801k": 1}',  # rejected: no warning
        r'{"prompt": "x", "completion": "y\udc00", "\ud801k": 1}',
    ]
    dataset = load_bytes("\n".join(lines).encode(), "s.jsonl")
    assert [(i.line, i.code, i.arg("count")) for i in dataset.issues] == [
        (0, "fields_not_read", None), (2, "lone_surrogate", 2), (4, "wrong_type", None), (5, "lone_surrogate", 2)]
    assert "'\ufffdk' (1)" in describe(dataset.issues[0])  # the unread key, named as replaced
    assert dataset.examples[1].messages[0].content == "a\ufffdb"
    assert dataset.examples[1].final_output() == "\ufffd"
    assert dataset.examples[2].messages[0].content == "par \U0001f600 ok"
    assert dataset.examples[3].final_output() == "y\ufffd"
    assert "\ufffdk" in dataset.examples[3].keys
    for example in dataset.examples:  # nothing downstream can meet a surrogate: strict UTF-8 works
        for message in example.messages:
            (message.content or "").encode("utf-8")
    assert describe(dataset.issues[1], "pt") != describe(dataset.issues[1], "en")


def test_lone_surrogates_in_a_json_array_and_in_a_csv_messages_column() -> None:
    array = load_bytes(rb'[{"prompt": "\ud800", "completion": "b"}]', "s.json")
    assert array.examples[0].messages[0].content == "\ufffd"
    assert [i.code for i in array.issues] == ["lone_surrogate"]
    table = b'messages\n"[{""role"": ""user"", ""content"": ""\\udfff""}, {""role"": ""assistant"", ""content"": ""b""}]"\n'
    dataset = load_bytes(table, "chat.csv")
    assert dataset.examples[0].messages[0].content == "\ufffd"
    assert [(i.line, i.code) for i in dataset.issues] == [(2, "lone_surrogate")]


# --- 3. decompression bombs and container metadata -------------------------------------------------


def _gzip_of_repeated(line: bytes, total: int) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as out:
        block = line * ((1 << 20) // len(line))
        for _ in range(total // len(block)):
            out.write(block)
    return buffer.getvalue()


def test_a_gzip_bomb_is_refused_before_any_record_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    # 40 MB of short valid lines in < 1 MB; the limit is 20 MB. The old reader parsed 20 MB of
    # records (1.4 million examples) before noticing; now the size is known before the first record.
    bomb = _gzip_of_repeated(b'{"text": "a"}\n', 40 << 20)
    assert len(bomb) < 1 << 20

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a record was parsed before the size was checked")

    monkeypatch.setattr(advisor.data.loader, "parse_record", no_parsing)
    with pytest.raises(LoadError) as refused:
        load_bytes(bomb, "bomb.jsonl.gz", max_bytes=20 << 20)
    assert refused.value.code == "file_too_large"


def test_a_gzip_of_newlines_is_refused_on_disk_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "newlines.jsonl.gz"
    path.write_bytes(_gzip_of_repeated(b"\n", 64 << 20))
    blanks = []
    monkeypatch.setattr(advisor.data.loader._Builder, "blank", lambda self: blanks.append(1))
    with pytest.raises(LoadError) as refused:
        load(path, max_bytes=32 << 20)
    assert refused.value.code == "file_too_large"
    assert not blanks  # refused before reading lines


def test_a_multi_member_gzip_under_the_limit_is_read_whole() -> None:
    data = gzip.compress(_jsonl(RECORD)) + gzip.compress(_jsonl(RECORD, RECORD))
    assert load_bytes(data, "two.jsonl.gz").examples_kept == 3


def _xlsx_bytes(rows: list[list[object]], **sheets: list[list[object]]) -> bytes:
    workbook = Workbook()
    workbook.active.title = "data"
    for row in rows:
        workbook.active.append(row)
    for title, sheet_rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in sheet_rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_whose_members_inflate_past_the_limit_is_refused_from_its_directory() -> None:
    rows = [["text", "label"]] + [["x" * 1000 + str(i), "a"] for i in range(3000)]  # 3 MB of strings
    data = _xlsx_bytes(rows)
    inflated = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert len(data) < 1 << 20 < (2 << 20) < inflated
    with pytest.raises(LoadError) as refused:
        load_bytes(data, "big.xlsx", max_bytes=2 << 20)
    assert refused.value.code == "file_too_large"
    assert load_bytes(data, "big.xlsx", max_bytes=8 << 20).examples_kept == 3000


def test_a_zip_with_many_members_is_refused_before_reading_them() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(20_000):
            archive.writestr(f"x/{index}", b"")
    with pytest.raises(LoadError) as refused:
        load_bytes(buffer.getvalue(), "many.xlsx")
    assert refused.value.code == "too_many_parts"


def test_a_parquet_file_whose_columns_inflate_past_the_limit_is_refused_from_its_metadata() -> None:
    buffer = io.BytesIO()
    pq.write_table(pa.table({"text": ["y" * 100_000 + str(i) for i in range(60)], "label": ["a"] * 60}), buffer,
                   compression="zstd", use_dictionary=False)
    data = buffer.getvalue()
    assert len(data) < 1 << 20
    with pytest.raises(LoadError) as refused:
        load_bytes(data, "big.parquet", max_bytes=2 << 20)
    assert refused.value.code == "file_too_large"
    assert load_bytes(data, "big.parquet", max_bytes=16 << 20).examples_kept == 60


# --- 4. a long line costs time linear in its size ---------------------------------------------------


def test_one_word_of_8_mb_is_hashed_for_near_duplicates_in_bounded_time() -> None:
    # Safety bound, generous: the old hashing looped over 8-byte chunks in numpy, 1 M iterations (~35 s).
    from advisor.profiling.near_duplicates import find_near_duplicates

    word = "a" * (8 << 20)
    texts = [f"{word} fim do texto aqui", f"{word} fim do texto aqui", "outra coisa bem diferente de tudo"]
    started = time.perf_counter()
    find_near_duplicates(texts)
    assert time.perf_counter() - started < 10


def test_long_words_hash_by_content() -> None:
    import numpy as np

    from advisor.profiling.near_duplicates import _hash_byte_words

    words = [b"a" * 100, b"a" * 100, b"a" * 99 + b"b", b"a" * 101, b"short", b"a" * 70]
    buffer = np.frombuffer(b"".join(words) + bytes(8), dtype=np.uint8)
    lengths = np.array([len(w) for w in words], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    hashes = _hash_byte_words(buffer, starts, lengths).tolist()
    assert hashes[0] == hashes[1]
    assert len(set(hashes[1:])) == 5


# --- 5. XLSX: every row, formulas without a value ----------------------------------------------------


def _with_dimension(data: bytes, ref: str) -> bytes:
    """The workbook with its first sheet's <dimension> replaced, as some writers leave it stale."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                start = part.index(b"<dimension")
                part = part[:start] + f'<dimension ref="{ref}"/>'.encode() + part[part.index(b">", start) + 1:]
            out.writestr(info, part)
    return target.getvalue()


def test_xlsx_with_a_stale_dimension_is_read_to_its_last_row() -> None:
    rows = [["text", "label"]] + [[f"pedido {i}", f"fila {i % 7}"] for i in range(1002)]
    data = _with_dimension(_xlsx_bytes(rows), "A1:B3")
    dataset = load_bytes(data, "stale.xlsx")
    assert dataset.lines_read == 1002
    assert dataset.examples_kept == 1002
    assert dataset.examples[-1].line == 1003 and dataset.examples[-1].final_output() == f"fila {1001 % 7}"


def test_xlsx_formula_cells_without_a_cached_value_are_rejected_with_their_row() -> None:
    # openpyxl writes formulas without computing them: no cached value, as a file never opened in Excel.
    rows = [["text", "label"], ["a", "x"], ["b", "=UPPER(A3)"], ["=A2&A3", "=B2"], ["c", "y"]]
    dataset = load_bytes(_xlsx_bytes(rows), "f.xlsx")
    assert _errors(dataset) == [(3, "formula_without_value"), (4, "formula_without_value")]
    assert "B3" in describe(dataset.issues[0])
    assert dataset.examples_kept == 2
    assert_accounted(dataset)


# --- 6. line endings and blank lines -----------------------------------------------------------------


def test_cr_only_line_endings_are_lines_in_jsonl_and_csv() -> None:
    jsonl = load_bytes(_jsonl(RECORD, RECORD, RECORD).replace(b"\n", b"\r"), "mac.jsonl")
    assert (jsonl.examples_kept, jsonl.lines_read) == (3, 3)
    assert [e.line for e in jsonl.examples] == [1, 2, 3]
    table = load_bytes(b"text,label\rhello,a\r\"two\rlines\",b\rthird,c\r", "mac.csv")
    assert [(e.line, e.messages[0].content) for e in table.examples] == [(2, "hello"), (3, "two\rlines"), (5, "third")]


def test_a_lone_cr_in_an_lf_jsonl_file_ends_a_line_as_an_editor_shows_it() -> None:
    # Found by the hostile suite: two records joined by a lone CR were one rejected line (one record lost).
    record = json.dumps(RECORD).encode()
    data = record + b"\n" + record + b"\r\n" + record + b"\r" + record + b"\n" + record + b"\r\r\n"
    dataset = load_bytes(data, "mixed.jsonl")
    assert (dataset.examples_kept, dataset.blank_lines, dataset.lines_rejected) == (5, 1, 0)
    assert [example.line for example in dataset.examples] == [1, 2, 3, 4, 5]
    assert_accounted(dataset)


def test_lines_of_unicode_spaces_are_blank_lines() -> None:
    spaces = ["\u00a0", "\u2003 \u3000", "\ufeff", "\u200b\u00a0"]
    data = _jsonl(RECORD) + "".join(space + "\n" for space in spaces).encode() + _jsonl(RECORD)
    dataset = load_bytes(data, "spaces.jsonl")
    assert (dataset.examples_kept, dataset.blank_lines, dataset.lines_rejected) == (2, 4, 0)
    table = load_bytes("text,label\nhi,a\n\u00a0,\u3000\n".encode(), "spaces.csv")
    assert (table.examples_kept, table.blank_lines) == (1, 1)


# --- 7. tables: duplicated columns, workbook sheets --------------------------------------------------


def test_a_csv_header_naming_text_twice_keeps_both_columns_with_a_warning() -> None:
    data = b"text,text,label\nticket um,nota,a\nticket dois,nota,b\n"
    dataset = load_bytes(data, "dup.csv")
    assert dataset.table_columns == ("text", "text.1", "label")
    assert [e.messages[0].content for e in dataset.examples] == ["ticket um", "ticket dois"]
    warning = next(i for i in dataset.issues if i.code == "duplicate_columns")
    assert warning.line == 0 and "text.1" in describe(warning) and "text.1" in describe(warning, "pt")


def test_a_parquet_header_naming_text_twice_keeps_both_columns() -> None:
    table = pa.Table.from_arrays([pa.array(["t1", "t2"]), pa.array(["n", "n"]), pa.array(["a", "b"])],
                                 names=["text", "text", "label"])
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    dataset = load_bytes(buffer.getvalue(), "dup.parquet")
    assert [e.messages[0].content for e in dataset.examples] == ["t1", "t2"]
    assert dataset.table_columns == ("text", "text.1", "label")
    assert any(i.code == "duplicate_columns" for i in dataset.issues)




DATA_ROWS = [["question", "answer"]] + [[f"pergunta {i}", f"resposta {i}"] for i in range(1000)]


def test_the_data_sheet_behind_a_readme_sheet_is_read_and_the_others_named() -> None:
    readme = [["Este arquivo traz perguntas"], ["e respostas do suporte"]]
    data = workbook_bytes(("README", readme, "visible"), ("dados", DATA_ROWS, "visible"))
    dataset = load_bytes(data, "book.xlsx")
    assert dataset.examples_kept == 1000
    assert dataset.sheets == ("README", "dados") and dataset.sheet == "dados"
    finding = next(i for i in dataset.issues if i.code == "other_sheets")
    assert "README" in describe(finding) and "README" in describe(finding, "pt")
    picked = load_bytes(data, "book.xlsx", sheet="README", input_col="Este arquivo traz perguntas",
                        output_col="Este arquivo traz perguntas")
    assert picked.sheet == "README"


def test_a_hidden_first_sheet_is_skipped_and_a_missing_sheet_is_a_clear_error() -> None:
    data = workbook_bytes(("old", [["question", "answer"], ["velha", "x"]], "hidden"), ("atual", DATA_ROWS, "visible"))
    dataset = load_bytes(data, "hidden.xlsx")
    assert (dataset.sheet, dataset.examples_kept) == ("atual", 1000)
    hidden = next(i for i in dataset.issues if i.code == "hidden_sheets")
    assert "'old'" in describe(hidden) and "ocultas" in describe(hidden, "pt")
    assert not any(i.code == "other_sheets" for i in dataset.issues)  # no other visible sheet
    assert load_bytes(data, "hidden.xlsx", sheet="old").examples_kept == 1
    with pytest.raises(LoadError) as missing:
        load_bytes(data, "hidden.xlsx", sheet="nope")
    assert missing.value.code == "sheet_missing"


def test_cli_sheet_option(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook_bytes(("a", DATA_ROWS[:3], "visible"), ("b", DATA_ROWS[:6], "visible")))
    run = subprocess.run([sys.executable, "-m", "advisor.cli", "analyze", str(path), "--json", "--sheet", "b"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert (report["examples_kept"], report["sheet"], report["sheets"]) == (5, "b", ["a", "b"])


# --- 8. a JSON array broken in the middle --------------------------------------------------------------


def test_a_json_array_broken_at_element_501_reads_the_499_after_it() -> None:
    elements = [json.dumps({"prompt": f"p{i}", "completion": f"c{i}"}) for i in range(1000)]
    elements[500] = '{"prompt": "p500", "completion": "c500" "oops"}'
    dataset = load_bytes(("[\n" + ",\n".join(elements) + "\n]\n").encode(), "broken.json")
    assert dataset.examples_kept == 999
    assert _errors(dataset) == [(502, "invalid_json")]
    assert dataset.examples[-1].final_output() == "c999"
    assert_accounted(dataset)


def test_a_one_line_array_reports_rejected_elements_by_index() -> None:
    elements = [json.dumps({"prompt": f"p{i}", "completion": f"c{i}"}) for i in range(10)]
    elements[3] = '{"foo": 1}'
    elements[7] = '{"prompt": "x", "completion": ' + "1" * 5000 + "}"
    dataset = load_bytes(("[" + ", ".join(elements) + "]").encode(), "one.json")
    errors = [i for i in dataset.issues if i.severity == "error"]
    assert [(i.line, i.code, i.arg("element")) for i in errors] == [(1, "unknown_shape", 4), (1, "invalid_json", 8)]
    assert describe(errors[0]).startswith("Element 4")
    assert describe(errors[0], "pt").startswith("Elemento 4")
    assert dataset.examples_kept == 8
    assert_accounted(dataset)


def test_an_array_that_cannot_be_resynchronised_says_how_much_was_not_read() -> None:
    elements = [json.dumps({"prompt": f"p{i}", "completion": f"c{i}"}) for i in range(100)]
    text = "[\n" + ",\n".join(elements[:40]) + ',\n{"prompt": "unterminated\n' + "\n".join(
        e.replace("{", "(").replace("}", ")") for e in elements[40:]) + "\n]"
    dataset = load_bytes(text.encode(), "cut.json")
    assert dataset.examples_kept == 40 and dataset.lines_rejected == 1
    truncated = next(i for i in dataset.issues if i.code == "array_truncated")
    offset = len(("[\n" + ",\n".join(elements[:40]) + ",\n").encode())
    assert truncated.arg("offset") == offset
    assert 55 <= truncated.arg("records") <= 65  # ~60 elements of the same size follow
    assert_accounted(dataset)


def test_a_broken_last_element_is_rejected_without_a_warning_of_zero_records_unread() -> None:
    """It said "about 0 records after it were not read": nothing follows the rejected element."""
    dataset = load_bytes(b'[{"prompt": "a", "completion": "b"}, {"prompt": "c", "completion": "d",}]', "last.json")
    assert (dataset.examples_kept, dataset.lines_rejected) == (1, 1)
    assert [issue.code for issue in dataset.issues] == ["invalid_json"]
    assert_accounted(dataset)


def test_resynchronising_is_bounded_when_every_candidate_fails_far_away() -> None:
    # 200,000 places where an element could start, each failing only at the end of the document:
    # trying them all would scan 200,000 × 1 MB. Safety bound, generous: 10 s (it takes well under 1 s).
    text = '[{"prompt": "a", "completion": "b"}, {"prompt": "x", ' + '{"k": [' * 200_000
    started = time.perf_counter()
    dataset = load_bytes(text.encode(), "hostile.json")
    assert time.perf_counter() - started < 10
    assert (dataset.examples_kept, dataset.lines_rejected) == (1, 1)
    assert any(issue.code == "array_truncated" for issue in dataset.issues)


def test_a_long_text_is_counted_in_parts_whose_counts_add_up_to_the_whole() -> None:
    import random
    import tracemalloc

    from advisor.data.tokens import TokenCounter, get_encoding, split_at_piece_boundaries

    rng = random.Random(7)
    alphabet = list("abcdefghij ABC  \n\n\t.,;!?'s'll'd123456789éãçÉ😀中文\r/-_—\u00a0\u3000 ") + [
        "  ", " 1", "'t", " '", "\r\n", " \n", "don't"]
    for name in ("o200k_base", "cl100k_base"):
        encoding = get_encoding(name)
        for _ in range(30):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(100, 3000)))
            parts = split_at_piece_boundaries(text, size=rng.randint(5, 200))
            assert "".join(parts) == text
            assert sum(len(encoding.encode_ordinary(part)) for part in parts) == len(encoding.encode_ordinary(text))
    # One 12 MB field: about 3 million tokens, ~110 MB as one Python list of ints; in parts, a few MB.
    words = ["pedido", "atrasado", "customer", "reported", "ação", "2024,", "o", "e"]
    text = " ".join(rng.choice(words) for _ in range(1_800_000))
    counter = TokenCounter("o200k_base")
    counter["warm up"]
    tracemalloc.start()
    count = counter[text]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == len(get_encoding("o200k_base").encode_ordinary(text))
    assert peak < 40 << 20
