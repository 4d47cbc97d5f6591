"""Loading: every format detected, every line accounted for, every rejection at its exact line."""

from __future__ import annotations

import codecs
import gzip
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from advisor.data.loader import LoadError, load, load_bytes
from tests.helpers import assert_accounted

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


@pytest.mark.parametrize(
    ("name", "expected_format", "examples"),
    [
        ("openai_chat.jsonl", "openai_chat", 3),
        ("prompt_completion.jsonl", "prompt_completion", 2),
        ("preference.jsonl", "preference", 2),
        ("bedrock.jsonl", "bedrock", 2),
        ("alpaca.json", "alpaca", 2),
        ("alpaca.jsonl", "alpaca", 2),
        ("sharegpt.jsonl", "sharegpt", 2),
        ("text.jsonl", "text", 2),
        ("text_category.csv", "table", 3),
        ("prompt_completion.csv", "table", 2),
        ("question_answer.tsv", "table", 2),
    ],
)
def test_each_format_is_detected_and_fully_kept(name: str, expected_format: str, examples: int) -> None:
    dataset = load(FIXTURES / name)
    assert dataset.detected_format == expected_format
    assert dataset.examples_kept == examples
    assert dataset.lines_rejected == 0
    assert [issue for issue in dataset.issues if issue.severity == "error"] == []
    assert_accounted(dataset)


def test_openai_chat_keeps_tools_weights_names_and_null_content() -> None:
    weather = load(FIXTURES / "openai_chat.jsonl").examples[1]
    roles = [message.role for message in weather.messages]
    assert roles == ["developer", "user", "assistant", "tool", "assistant"]
    assert weather.messages[1].name == "ana"
    call_turn = weather.messages[2]
    assert call_turn.content is None
    assert call_turn.tool_calls[0].name == "get_weather"
    assert json.loads(call_turn.tool_calls[0].arguments) == {"city": "São Paulo", "day": "tomorrow"}
    assert weather.messages[3].tool_call_id == "call_1"
    assert weather.messages[4].weight == 1
    assert json.loads(weather.tools[0])["function"]["name"] == "get_weather"
    assert weather.parallel_tool_calls is False
    corrected = load(FIXTURES / "openai_chat.jsonl").examples[2]
    assert [message.trained for message in corrected.messages] == [False, False, False, True]


def test_legacy_prompt_completion_from_the_brief() -> None:
    example = load(FIXTURES / "prompt_completion.jsonl").examples[0]
    assert [(m.role, m.content) for m in example.messages] == [("user", "Classifique:"), ("assistant", "Positivo")]


def test_preference_accepts_current_and_older_names() -> None:
    first, second = load(FIXTURES / "preference.jsonl").examples
    assert first.preferred[0].content == "Pedido atrasado em 2 dias."
    assert first.rejected[0].content == "Tudo certo com o pedido."
    assert (second.preferred[0].content, second.rejected[0].content) == ("Hi!", "Goodbye.")
    assert first.final_output() == "Pedido atrasado em 2 dias."


def test_bedrock_system_becomes_first_message_and_blocks_are_joined() -> None:
    first, second = load(FIXTURES / "bedrock.jsonl").examples
    assert first.messages[0].role == "system"
    assert first.format == second.format == "bedrock"  # the record without "system" is Bedrock too
    assert second.messages[0].content == "Onde está meu pedido?"


def test_alpaca_array_lines_point_at_each_element() -> None:
    dataset = load(FIXTURES / "alpaca.json")
    assert [example.line for example in dataset.examples] == [2, 7]
    assert dataset.examples[0].messages[0].content == "Traduza para o inglês.\n\nBom dia"
    assert dataset.examples[1].messages[0].content == "Give three tips for staying healthy."


def test_sharegpt_speakers_map_to_roles() -> None:
    example = load(FIXTURES / "sharegpt.jsonl").examples[0]
    assert [m.role for m in example.messages] == ["system", "user", "assistant"]


def test_csv_columns_are_guessed_and_rows_numbered_by_physical_line() -> None:
    dataset = load(FIXTURES / "text_category.csv")
    assert dataset.columns == ("text", "category")
    assert [example.line for example in dataset.examples] == [2, 3, 4]  # row 3 spans lines 4-5
    assert dataset.examples[2].messages[0].content == "Multi-line\nreview, still one row"
    assert load(FIXTURES / "prompt_completion.csv").columns == ("prompt", "completion")
    assert load(FIXTURES / "question_answer.tsv").examples[0].final_output() == "Brasília"


def test_column_override_and_clear_errors_for_bad_columns(tmp_path: Path) -> None:
    path = tmp_path / "reviews.csv"
    path.write_text("id,body,stars,notes\n1,great,5,x\n2,awful,1,y\n", encoding="utf-8")
    with pytest.raises(LoadError) as missing:
        load(path)
    assert missing.value.code == "no_columns"
    assert missing.value.columns == ("id", "body", "stars", "notes")
    dataset = load(path, input_col="body", output_col="stars")
    assert [example.final_output() for example in dataset.examples] == ["5", "1"]
    with pytest.raises(LoadError) as wrong:
        load(path, input_col="review", output_col="stars")
    assert wrong.value.code == "column_missing"


def test_semicolon_csv_bad_rows_and_empty_cells(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("texto;categoria\nótimo;positivo\nruim;negativo;extra\n;neutro\n\n", encoding="utf-8")
    dataset = load(path)
    assert dataset.columns == ("texto", "categoria")
    assert {issue.line: issue.code for issue in dataset.issues if issue.severity == "error"} == {
        3: "bad_row",
        4: "empty_cell",
    }
    assert (dataset.examples_kept, dataset.blank_lines) == (1, 1)
    assert_accounted(dataset)


def test_parquet_tables_with_numeric_labels_and_with_chat_records(tmp_path: Path) -> None:
    table = tmp_path / "labels.parquet"
    pq.write_table(pa.table({"text": ["bom", "ruim", None], "label": [1, 0, 1]}), table)
    dataset = load(table)
    assert (dataset.detected_format, dataset.container) == ("table", "parquet")
    assert [example.final_output() for example in dataset.examples] == ["1", "0"]
    assert [(issue.line, issue.code) for issue in dataset.issues] == [(0, "empty_column_cells"), (3, "empty_cell")]
    chats = tmp_path / "chats.parquet"
    messages = [[{"role": "user", "content": "oi"}, {"role": "assistant", "content": "olá"}]]
    pq.write_table(pa.table({"messages": messages}), chats)
    assert load(chats).detected_format == "openai_chat"


def test_xlsx_rows_use_spreadsheet_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    for row in (["question", "answer"], ["Capital?", "Brasília"], [None, None], ["2+2?", 4]):
        sheet.append(row)
    path = tmp_path / "qa.xlsx"
    workbook.save(path)
    dataset = load(path)
    assert [(example.line, example.final_output()) for example in dataset.examples] == [(2, "Brasília"), (4, "4")]
    assert dataset.blank_lines == 1


PLANTED = [
    ('{"messages": [{"role": "user", "content": "oi"}, {"role": "assistant", "content": "olá"}]}', None),
    ("", "blank"),
    ('{"messages": [{"role": "user", "content": "oi"}, {"role": "assistant", "content": "ok"}', "invalid_json"),
    ('["a", "list"]', "not_object"),
    ('"just a string"', "not_object"),
    ('{"foo": 1, "bar": 2}', "unknown_shape"),
    ('{"messages": [{"role": "user", "content": 42}, {"role": "assistant", "content": "x"}]}', "wrong_type"),
    ('{"messages": [{"role": "robot", "content": "beep"}]}', "unknown_role"),
    ('{"messages": "not a list"}', "wrong_type"),
    ('{"messages": []}', "empty_messages"),
    ('{"messages": [{"content": "no role"}]}', "missing_field"),
    ('{"prompt": "x", "completion": ["y"]}', "wrong_type"),
    ('{"messages": [{"role": "assistant", "content": "x", "weight": "1"}]}', "wrong_type"),
    ("   ", "blank"),
    ('{"instruction": "Say hi", "input": "", "output": "hi"}', None),
]


def _planted_file() -> bytes:
    lines = [text.encode("utf-8") for text, _ in PLANTED]
    lines.append('{"text": "caf\u00e9"}'.encode("latin-1"))  # invalid UTF-8 in a UTF-8 file
    lines.append(b'{"text": "nul\x00byte"}')
    lines.append('{"text": "último, sem quebra de linha"}'.encode("utf-8"))
    return b"\r\n".join(lines)  # Windows line endings, and no newline after the last line


def test_planted_bad_lines_are_reported_at_their_exact_line_numbers() -> None:
    dataset = load_bytes(codecs.BOM_UTF8 + _planted_file(), "planted.jsonl")
    expected = {number: code for number, (_, code) in enumerate(PLANTED, start=1) if code not in (None, "blank")}
    expected[len(PLANTED) + 1] = "invalid_utf8"
    expected[len(PLANTED) + 2] = "binary_data"
    found = {issue.line: issue.code for issue in dataset.issues if issue.severity == "error"}
    assert found == expected
    assert dataset.lines_read == len(PLANTED) + 3
    assert dataset.blank_lines == 2
    assert dataset.examples_kept == 3  # line 1 (after the BOM), the Alpaca line, the last line
    assert dataset.detected_format == "mixed"
    assert_accounted(dataset)


def test_forced_format_rejects_other_shapes_instead_of_coercing(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"prompt": "a", "completion": "b"}\n{"messages": [{"role": "user", "content": "c"}]}\n', encoding="utf-8"
    )
    detected = load(path)
    assert detected.detected_format == "mixed"
    assert dict(detected.format_counts) == {"prompt_completion": 1, "openai_chat": 1}
    assert [(i.line, i.code) for i in detected.issues] == [(0, "mixed_formats"), (2, "format_mismatch")]
    forced = load(path, format="prompt_completion")
    assert forced.detected_format == "prompt_completion"
    assert [(i.line, i.code) for i in forced.issues] == [(2, "wrong_format")]


def test_latin1_file_is_read_and_flagged(tmp_path: Path) -> None:
    path = tmp_path / "old_windows.jsonl"
    path.write_bytes('{"prompt": "Classificação: ótimo", "completion": "Positivo – sim"}\n'.encode("cp1252"))
    dataset = load(path)
    assert dataset.encoding == "cp1252"
    assert dataset.examples[0].messages[0].content == "Classificação: ótimo"
    assert dataset.examples[0].final_output() == "Positivo – sim"
    assert [(i.line, i.code) for i in dataset.issues] == [(0, "decoded_as_latin1")]


def test_utf16_file_is_converted(tmp_path: Path) -> None:
    path = tmp_path / "excel.tsv"
    path.write_bytes("question\tanswer\r\nCapital?\tBrasília\r\n".encode("utf-16"))
    dataset = load(path)
    assert dataset.examples[0].final_output() == "Brasília"
    assert [i.code for i in dataset.issues] == ["decoded_as_utf16"]


def test_gzipped_jsonl_is_read(tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl.gz"
    path.write_bytes(gzip.compress((FIXTURES / "sharegpt.jsonl").read_bytes()))
    assert load(path).detected_format == "sharegpt"


def test_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as missing:
        load(tmp_path / "nope.jsonl")
    assert missing.value.code == "file_missing"
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    with pytest.raises(LoadError) as nothing:
        load(empty)
    assert nothing.value.code == "file_empty"
    big = tmp_path / "big.jsonl"
    big.write_bytes(b'{"text": "x"}\n' * 1000)
    with pytest.raises(LoadError) as too_large:
        load(big, max_bytes=1000)
    assert too_large.value.code == "file_too_large"
    assert load(big, max_bytes=20_000).examples_kept == 1000


def test_gzip_bomb_stops_at_the_limit() -> None:
    bomb = gzip.compress(b'{"text": "' + b"a" * 5_000_000 + b'"}\n')
    assert len(bomb) < 10_000
    with pytest.raises(LoadError) as error:
        load_bytes(bomb, "bomb.jsonl.gz", max_bytes=1_000_000)
    assert error.value.code == "file_too_large"


def test_deeply_nested_json_is_a_rejection_not_a_crash() -> None:
    dataset = load_bytes(b"[" * 100_000 + b"]" * 100_000 + b'\n{"text": "ok"}\n', "deep.jsonl")
    assert [(i.line, i.code) for i in dataset.issues if i.severity == "error"] == [(1, "invalid_json")]
    assert dataset.examples_kept == 1


def test_each_line_is_read_as_json_loads_reads_it() -> None:
    """The loader's fast path (a value filling the line) and json.loads agree on every edge: spaces around the value,
    a BOM, NaN, a repeated key, a lone surrogate, text after the value."""
    lines = ['{"text": "plain"}', '{"text": "spaces after"}  \t', ' {"text": "space before"}',
             '{"text": "a"}\u00a0', '{"text": "a"} {"text": "b"}', '\ufeff{"text": "bom on line 6"}',
             '{"text": "first", "text": "last"}', '{"text": "\\ud800 lone"}', '{"text": "a"}x', '{"text": "cut',
             '{"text": "fine", "n": 1e400}', '{"text": "nan", "n": NaN}']
    dataset = load_bytes("\n".join(lines).encode("utf-8"), "edges.jsonl")
    expected_kept, expected_rejected = [], []
    for number, line in enumerate(lines, start=1):
        try:
            expected_kept.append((number, json.loads(line)["text"]))
        except ValueError:
            expected_rejected.append(number)
    assert [(example.line, example.messages[0].content) for example in dataset.examples] == [
        (number, text.replace("\ud800", "\ufffd")) for number, text in expected_kept]
    assert [issue.line for issue in dataset.issues if issue.code == "invalid_json"] == expected_rejected
    assert_accounted(dataset)
    assert dataset.lines_read == len(lines)


def test_load_bytes_equals_load_from_disk() -> None:
    path = FIXTURES / "openai_chat.jsonl"
    assert load_bytes(path.read_bytes(), path.name) == load(path)


def test_stream_is_not_held_whole_in_memory_for_jsonl() -> None:
    # The reader pulls the stream line by line: a stream that fails past the first buffer still
    # yields a clean LoadError-free result for what it read only if it is read lazily.
    class CountingStream(io.BytesIO):
        largest = 0

        def read(self, size: int = -1) -> bytes:
            CountingStream.largest = max(CountingStream.largest, size)
            return super().read(size)

    data = b'{"text": "abc"}\n' * 600_000  # 9.6 MB, more than one read buffer
    from advisor.data.loader import load_stream

    dataset = load_stream(CountingStream(data), "big.jsonl", len(data))
    assert dataset.examples_kept == 600_000
    assert 0 < CountingStream.largest <= 8 << 20  # never asked for the whole file at once


def test_a_repeated_system_prompt_and_record_keys_are_held_once() -> None:
    # Parsed from separate JSON lines, equal texts are separate objects unless the loader shares them.
    prompt = "Você é um atendente. Responda em português, com educação e em até três frases."
    lines = [
        json.dumps({"messages": [{"role": "system", "content": prompt}, {"role": "user", "content": f"pedido {i}"},
                                 {"role": "developer", "content": prompt, "name": "d"},
                                 {"role": "assistant", "content": f"ok {i}"}]}, ensure_ascii=False)
        for i in range(3)
    ]
    examples = load_bytes("\n".join(lines).encode(), "chat.jsonl").examples
    systems = [example.messages[0].content for example in examples]
    developers = [example.messages[2].content for example in examples]  # the slow path (a name)
    assert systems == developers == [prompt] * 3
    assert len({id(text) for text in systems + developers}) == 1
    assert len({id(example.keys) for example in examples}) == 1
    assert len({id(example.messages[1].content) for example in examples}) == 3  # user texts differ


def test_plain_messages_share_one_empty_details_and_the_others_keep_theirs() -> None:
    import pickle

    from advisor.data.model import PLAIN, Message, ToolCall

    examples = load(FIXTURES / "openai_chat.jsonl").examples
    messages = [message for example in examples for message in example.messages]
    plain = [m for m in messages if m.name is None and not m.tool_calls and m.tool_call_id is None
             and m.weight is None and not m.non_text_parts]
    assert plain and all(message.details is PLAIN for message in plain)
    assert any(message.details is not PLAIN for message in messages)  # the fixture has names/weights/tools
    call = ToolCall("lookup", '{"id": 1}', "c1")
    full = Message("assistant", None, name="bot", tool_calls=[call], tool_call_id="t", weight=0, non_text_parts=2)
    assert (full.name, full.tool_calls, full.tool_call_id, full.weight, full.non_text_parts) == ("bot", (call,), "t", 0, 2)
    assert not full.trained and Message("assistant", "ok").trained
    assert pickle.loads(pickle.dumps(full)) == full != Message("assistant", None, name="bot")


# --- nothing dropped silently (issue #18) ----------------------------------------------------


def test_fields_the_reader_does_not_use_are_listed_with_their_counts(tmp_path: Path) -> None:
    from advisor.i18n.messages import describe

    chat = {"messages": [{"role": "user", "content": "oi"}, {"role": "assistant", "content": "olá"}]}
    lines = [json.dumps(chat | {"id": i, "meta": {"src": "x"}}) for i in range(3)] + [json.dumps(chat | {"id": 9})]
    dataset = load_bytes("\n".join(lines).encode(), "chat.jsonl")
    notes = [issue for issue in dataset.issues if issue.code == "fields_not_read"]
    assert [(issue.line, issue.severity) for issue in notes] == [(0, "warning")]
    assert "'id' (4), 'meta' (3)" in describe(notes[0])
    assert "'id' (4), 'meta' (3)" in describe(notes[0], "pt") and "Campos não lidos" in describe(notes[0], "pt")
    # A table: a column neither input nor output, counted where it holds something.
    table = tmp_path / "reviews.csv"
    table.write_text("text,label,source,notes\nbom,pos,site,\nruim,neg,app,\nok,neu,,\n", encoding="utf-8")
    dataset = load(table)
    assert dataset.columns == ("text", "label")
    unread = [describe(issue) for issue in dataset.issues if issue.code == "fields_not_read"]
    assert len(unread) == 1 and "'source' (2)" in unread[0] and "notes" not in unread[0]
    # Every field read: no note.
    assert not [i for i in load(FIXTURES / "openai_chat.jsonl").issues if i.code == "fields_not_read"]


def test_an_empty_cell_is_called_empty_not_missing(tmp_path: Path) -> None:
    from advisor.i18n.messages import describe

    table = tmp_path / "qa.csv"
    table.write_text("question,answer\nq1,a1\nq2,\nq3,  \n", encoding="utf-8")
    dataset = load(table)
    errors = [issue for issue in dataset.issues if issue.severity == "error"]
    assert [(issue.line, issue.code) for issue in errors] == [(3, "empty_cell"), (4, "empty_cell")]
    assert describe(errors[0]) == "The cell in column 'answer' is empty; the row was not read."
    assert describe(errors[0], "pt") == "A célula da coluna 'answer' está vazia; a linha não foi lida."
    summary = [issue for issue in dataset.issues if issue.code == "empty_column_cells"]
    assert [issue.line for issue in summary] == [0]
    assert describe(summary[0]).startswith("Column 'answer' is empty in 2 rows; those rows were not read.")
    assert describe(summary[0], "pt").startswith("A coluna 'answer' está vazia em 2 linhas;")


def test_one_json_object_holding_one_list_of_records_is_read_with_a_warning(tmp_path: Path) -> None:
    from advisor.i18n.messages import describe

    path = tmp_path / "seed_tasks.json"
    path.write_text(json.dumps({"name": "seed", "instances": [
        {"instruction": "Say hi", "output": "hi"}, {"instruction": "Say bye", "output": "bye"}, {"oops": 1},
    ], "version": 2}, indent=2), encoding="utf-8")
    dataset = load(path)
    assert (dataset.detected_format, dataset.examples_kept, dataset.lines_rejected) == ("alpaca", 2, 1)
    assert [example.final_output() for example in dataset.examples] == ["hi", "bye"]
    # Lines are the file's own: the second record opens on line 8 of the indented file.
    assert [example.line for example in dataset.examples] == [4, 8]
    note = next(issue for issue in dataset.issues if issue.code == "nested_keys_not_read")
    assert describe(note) == ("The file is one JSON object: the records in its list 'instances' were read as the "
                              "dataset; its other keys were not read: 'name', 'version'.")
    assert_accounted(dataset)


def test_one_json_object_without_a_single_list_says_what_to_flatten(tmp_path: Path) -> None:
    several = tmp_path / "several.json"
    several.write_text(json.dumps({"train": [{"text": "a"}], "test": [{"text": "b"}]}), encoding="utf-8")
    dataset = load(several)  # read as a record, rejected as before, and told what to flatten
    assert [(i.line, i.code, dict(i.args)) for i in dataset.issues] == [
        (0, "json_object_many_lists", {"lists": "'train', 'test'"}), (1, "unknown_shape", {"keys": "train, test"})]
    none = tmp_path / "none.json"
    none.write_text(json.dumps({"config": {"a": 1}, "rows": [1, 2]}, indent=1), encoding="utf-8")
    dataset = load(none)
    assert dataset.issues[0].code == "json_object_no_records"
    assert dict(dataset.issues[0].args) == {"keys": "'config', 'rows'"}
    assert (dataset.examples_kept, dataset.lines_rejected) == (0, dataset.lines_read - dataset.blank_lines)
    assert_accounted(dataset)


def test_analyze_counts_records_of_a_json_array_not_lines(tmp_path: Path) -> None:
    import subprocess

    from tests.test_cli import ADVISOR

    path = tmp_path / "alpaca.json"
    path.write_text(json.dumps([{"instruction": f"q{i}", "output": f"a{i}"} for i in range(3)], indent=2), encoding="utf-8")
    assert path.read_text().count("\n") > 10  # 3 records on many lines
    for lang, expected in (("en", "Records read: 3 = 3 kept"), ("pt", "Registros lidos: 3 = 3 mantidos + 0 rejeitados")):
        result = subprocess.run([ADVISOR, "analyze", str(path), "--lang", lang], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert expected in result.stdout
    nested = tmp_path / "nested.json"
    nested.write_text(json.dumps({"a": [{"text": "x"}], "b": [{"text": "y"}]}), encoding="utf-8")
    result = subprocess.run([ADVISOR, "analyze", str(nested)], capture_output=True, text=True, timeout=120)
    assert "'a', 'b' each hold a list of records" in result.stdout + result.stderr


def test_json_records_of_any_shape_are_read_by_the_fields_named(tmp_path: Path) -> None:
    import subprocess

    from advisor.i18n.messages import describe
    from tests.test_cli import ADVISOR

    records = [{"question": "q1", "answer": "a1", "id": 1}, {"question": "q2", "answer": "", "id": 2},
               {"question": "q3", "answer": "a3"}]
    for path in (tmp_path / "qa.jsonl", tmp_path / "qa.json"):
        path.write_text("\n".join(map(json.dumps, records)) if path.suffix == ".jsonl" else json.dumps(records, indent=2),
                        encoding="utf-8")
        refused = load(path)
        assert refused.examples_kept == 0 and "--input-col and --output-col" in describe(refused.issues[-1])
        dataset = load(path, input_col="question", output_col="answer")
        assert (dataset.examples_kept, dataset.lines_rejected, dataset.columns) == (2, 1, ("question", "answer"))
        assert [(e.messages[0].content, e.final_output()) for e in dataset.examples] == [("q1", "a1"), ("q3", "a3")]
        assert "'id' (1)" in describe(next(i for i in dataset.issues if i.code == "fields_not_read"))
        assert_accounted(dataset)
    result = subprocess.run([ADVISOR, "analyze", str(tmp_path / "qa.jsonl"), "--input-col", "question",
                             "--output-col", "answer"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "Columns: question → answer" in result.stdout
