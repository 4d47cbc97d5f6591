"""`advisor analyze` as a user runs it: the installed console script, its JSON contract, its exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.data.loader import load
from advisor.data.tokens import count_tokens

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
ADVISOR = shutil.which("advisor", path=str(Path(sys.executable).parent)) or "advisor"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ADVISOR, *args], capture_output=True, text=True, timeout=120)


def test_json_contract_keys_and_values_match_the_python_api() -> None:
    result = run("analyze", str(FIXTURES / "openai_chat.jsonl"), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    dataset = load(FIXTURES / "openai_chat.jsonl")
    tokens = count_tokens(dataset, "gpt-4.1-mini")
    assert report["detected_format"] == "openai_chat"
    assert (report["lines_read"], report["examples_kept"], report["lines_rejected"], report["blank_lines"]) == (
        3, 3, 0, 0,
    )
    assert report["tokens"]["encoding"] == "o200k_base"
    assert report["tokens"]["total"] == tokens.total
    assert [item["total"] for item in report["tokens"]["per_example"]] == [t.total for t in tokens.per_example]
    assert set(report["tokens"]) >= {"encoding", "total", "max", "mean", "p50", "p95", "per_example"}
    assert set(report["tokens"]["per_example"][0]) >= {"line", "total", "input", "output"}
    for issue in report["issues"]:
        assert set(issue) == {"line", "severity", "code", "message", "platform"}
        assert issue["severity"] in ("error", "warning")


def test_rejected_lines_appear_as_errors_and_exit_is_zero(tmp_path: Path) -> None:
    path = tmp_path / "some_bad.jsonl"
    path.write_text('{"prompt": "a", "completion": "b"}\nnot json\n\n{"prompt": 1, "completion": "c"}\n', encoding="utf-8")
    result = run("analyze", str(path), "--json", "--lang", "pt")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["lines_read"], report["examples_kept"], report["lines_rejected"], report["blank_lines"]) == (
        4, 1, 2, 1,
    )
    errors = {issue["line"]: issue for issue in report["issues"] if issue["severity"] == "error" and issue["platform"] is None}
    assert sorted(errors) == [2, 4]
    assert errors[2]["code"] == "invalid_json" and "JSON inválido" in errors[2]["message"]
    assert errors[4]["code"] == "wrong_type"


def test_model_switches_the_encoding() -> None:
    report = json.loads(run("analyze", str(FIXTURES / "sharegpt.jsonl"), "--json", "--model", "gpt-3.5-turbo").stdout)
    assert report["tokens"]["encoding"] == "cl100k_base"
    assert report["tokens"]["total"] == count_tokens(load(FIXTURES / "sharegpt.jsonl"), "gpt-3.5-turbo").total


def test_tables_load_without_flags_and_columns_can_be_named(tmp_path: Path) -> None:
    report = json.loads(run("analyze", str(FIXTURES / "text_category.csv"), "--json").stdout)
    assert (report["detected_format"], report["columns"], report["examples_kept"]) == ("table", ["text", "category"], 3)
    path = tmp_path / "odd.csv"
    path.write_text("a,b,c\nx,y,z\n", encoding="utf-8")
    refused = run("analyze", str(path))
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "advisor: Could not tell which columns are input and output (columns: a, b, c). "
        "Name them with --input-col and --output-col."
    )
    missing = run("analyze", str(path), "--input-col", "q", "--output-col", "c", "--lang", "pt")
    assert missing.stderr.strip() == "advisor: A coluna 'q' não existe na tabela (colunas: a, b, c)."
    named = json.loads(run("analyze", str(path), "--input-col", "a", "--output-col", "c", "--json").stdout)
    assert named["columns"] == ["a", "c"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [(None, "not found"), (b"", "empty"), (b"just some prose\nwith no json at all\n", "no known dataset format")],
)
def test_unreadable_files_exit_non_zero_with_one_clear_line(tmp_path: Path, content: bytes | None, expected: str) -> None:
    path = tmp_path / "input.jsonl"
    if content is not None:
        path.write_bytes(content)
    result = run("analyze", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert expected in result.stderr


def test_a_refused_file_s_own_notes_stay_on_its_one_line_in_both_languages(tmp_path: Path) -> None:
    # A JSON object holding two lists: refused, and told what to flatten — on the same line (scripts read one).
    path = tmp_path / "several.json"
    path.write_text(json.dumps({"train": [{"text": "a"}], "test": [{"text": "b"}]}), encoding="utf-8")
    english, portuguese = run("analyze", str(path)), run("analyze", str(path), "--lang", "pt")
    assert (english.returncode, portuguese.returncode) == (2, 2)
    (line,) = english.stderr.strip().splitlines()
    assert line.startswith(f"advisor: {path}: no known dataset format (line 1: ") and "'train', 'test'" in line
    (linha,) = portuguese.stderr.strip().splitlines()
    assert linha.startswith(f"advisor: {path}: nenhum formato de dataset conhecido (linha 1: ") and "'train'" in linha


def test_readable_summary_adds_up() -> None:
    result = run("analyze", str(FIXTURES / "preference.jsonl"))
    assert result.returncode == 0
    assert "Lines read: 2 = 2 kept + 0 rejected + 0 blank" in result.stdout
    assert "Preference" in result.stdout


def test_a_mixed_files_summary_names_its_formats_in_the_readers_words(tmp_path: Path) -> None:
    chat = '{"messages": [{"role": "user", "content": "oi %d"}, {"role": "assistant", "content": "ola"}]}\n'
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(chat % index for index in range(1200)) + '{"text": "um texto"}\n', encoding="utf-8")
    english, portuguese = run("analyze", str(path)), run("analyze", str(path), "--lang", "pt")
    assert "Format: Mixed formats — OpenAI chat (messages) 1,200, Plain text (text) 1\n" in english.stdout
    assert "Formato: Formatos misturados — Chat da OpenAI (messages) 1.200, Texto puro (text) 1\n" in portuguese.stdout


def test_help_does_not_import_heavy_libraries() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "advisor.cli", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert "advisor" in imported  # the measurement itself works
    assert not imported & {"pandas", "sklearn", "streamlit", "plotly", "openai", "pyarrow", "scipy"}


@pytest.mark.parametrize("verb", ["split", "export"])
def test_a_validation_share_outside_0_to_1_is_refused(verb: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    extra = ["--to", "openai"] if verb == "export" else []
    with pytest.raises(SystemExit) as stopped:
        main([verb, str(FIXTURES / "openai_chat.jsonl"), "--out", str(tmp_path), "--validation-share", "1.5", *extra])
    assert stopped.value.code == 2 and "at least 0 and below 1" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())
