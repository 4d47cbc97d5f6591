"""Every writer is safe on its own: lone surrogates never break an output, and no file is left half-written.

The examples here are built through the Python API with lone surrogates in every text field, so the
writers are tested whatever the loader does with such characters in a file.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from advisor.data.atomic_write import write_atomically
from advisor.data.loader import load
from advisor.data.model import Dataset, Example, Message

LONE = ("\ud800", "\udfff", "\udcff")  # high, low, and the surrogateescape form of byte 0xFF


def _surrogate_dataset(tmp_path: Path, rows: int = 40) -> Dataset:
    """A classification dataset loaded from a clean file, then given a lone surrogate in every text."""
    path = tmp_path / "clean.jsonl"
    lines = []
    for index in range(rows):
        label = ("yes", "no")[index % 2]
        lines.append(json.dumps({"messages": [
            {"role": "system", "content": "Classify."},
            {"role": "user", "content": f"{('great lovely', 'awful broken')[index % 2]} item number {index}"},
            {"role": "assistant", "content": label},
        ]}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dataset = load(path)
    assert dataset.examples_kept == rows

    def poisoned(example: Example) -> Example:
        messages = tuple(
            Message(message.role, f"{LONE[number % 3]}{message.content}{LONE[(number + 1) % 3]}")
            for number, message in enumerate(example.messages)
        )
        return replace(example, messages=messages)

    return replace(dataset, source=str(tmp_path / "naïve\udcff.jsonl"),
                   examples=tuple(poisoned(example) for example in dataset.examples))


def _assert_clean_utf8(data: bytes) -> str:
    text = data.decode("utf-8")  # strict: raises on anything that is not valid UTF-8
    assert "\ufffd" in text
    return text


def _strict_stdout() -> io.TextIOWrapper:
    # What a terminal or a pipe gives Python under a UTF-8 locale: strict errors.
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)


def test_analysis_json_with_lone_surrogates_prints_one_whole_valid_document(tmp_path, monkeypatch):
    from advisor.cli import main
    from advisor.commands import analyze as command

    dataset = _surrogate_dataset(tmp_path)
    monkeypatch.setattr(command, "load_or_report", lambda args: dataset)
    stdout = _strict_stdout()
    monkeypatch.setattr("sys.stdout", stdout)
    assert main(["analyze", "ignored.jsonl", "--json"]) == 0
    document = json.loads(_assert_clean_utf8(stdout.buffer.getvalue()))
    assert document["examples_kept"] == 40
    assert document["source"].endswith("naïve\ufffd.jsonl")


def test_analysis_readable_summary_with_a_lone_surrogate_in_the_file_name_prints(tmp_path, monkeypatch):
    from advisor.cli import main
    from advisor.commands import analyze as command

    monkeypatch.setattr(command, "load_or_report", lambda args: _surrogate_dataset(tmp_path))
    stdout = _strict_stdout()
    monkeypatch.setattr("sys.stdout", stdout)
    assert main(["analyze", "ignored.jsonl"]) == 0
    assert "naïve\ufffd.jsonl" in _assert_clean_utf8(stdout.buffer.getvalue())


@pytest.mark.parametrize("target", ["openai", "bedrock", "together", "alpaca", "sharegpt", "hf"])
def test_export_with_lone_surrogates_writes_valid_utf8_in_every_target_and_zips(target, tmp_path):
    from advisor.render.export import clean_dataset, export_files, write_export

    dataset = _surrogate_dataset(tmp_path)
    bundle = export_files(clean_dataset(dataset), target)
    paths = write_export(bundle, tmp_path / "out")
    written = {path.name: _assert_clean_utf8(path.read_bytes()) if path.name != "manifest.json"
               else path.read_text(encoding="utf-8") for path in paths}
    train = [json.loads(line) for line in written["train.jsonl"].splitlines()]
    validation = [json.loads(line) for line in written.get("validation.jsonl", "").splitlines()]
    assert len(train) + len(validation) == 40  # nothing skipped or lost for a plain system/user/assistant set
    # The app's zip of the same files (advisor/ui/downloads.py) encodes each text with strict UTF-8.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in bundle.files:
            archive.writestr(item.name, item.text)
    with zipfile.ZipFile(buffer) as archive:
        assert _assert_clean_utf8(archive.read("train.jsonl")) == written["train.jsonl"]


def test_split_with_lone_surrogates_writes_valid_utf8(tmp_path):
    from advisor.commands.split import write_split
    from advisor.profiling.split import split_dataset

    dataset = _surrogate_dataset(tmp_path)
    paths = write_split(dataset, split_dataset(dataset, 0.25, 0), tmp_path / "split")
    records = [json.loads(line) for path in paths for line in _assert_clean_utf8(path.read_bytes()).splitlines()]
    assert len(records) == 40
    assert records[0]["messages"][0]["content"].startswith("\ufffd")


@pytest.mark.parametrize("verb, out", [("report", "r.html"), ("report", "r.md"), ("recommend", None)])
def test_report_recommend_and_saved_analysis_with_lone_surrogates_are_valid_utf8(verb, out, tmp_path, monkeypatch):
    from advisor.cli import main
    from advisor.commands import common

    dataset = _surrogate_dataset(tmp_path)
    monkeypatch.setattr(common, "load_examples", lambda args, purpose: dataset)  # both verbs import it at run time
    stdout = _strict_stdout()
    monkeypatch.setattr("sys.stdout", stdout)
    saved = tmp_path / "analysis\udcff.json"
    argv = [verb, "ignored.jsonl", "--monthly-requests", "1000", "--task", "label \ud800 it",
            "--save-analysis", str(saved)] + (["--out", str(tmp_path / out)] if out else ["--json"])
    assert main(argv) == 0
    printed = stdout.buffer.getvalue().decode("utf-8")
    if out:
        _assert_clean_utf8((tmp_path / out).read_bytes())
    else:
        json.loads(printed)
    json.loads(_assert_clean_utf8(saved.read_bytes()))


def test_llm_cache_stores_an_answer_with_a_lone_surrogate(tmp_path):
    from advisor.baselines.cache import CachedAnswer, ResponseCache

    cache = ResponseCache(tmp_path)
    cache.put("ab" * 32, CachedAnswer(text="yes\ud800", input_tokens=3, output_tokens=1, usage_reported=True))
    stored = cache.get("ab" * 32)
    assert stored is not None and stored.text == "yes\ufffd"
    (file,) = (tmp_path / "llm").rglob("*.json")
    _assert_clean_utf8(file.read_bytes())


# --- no half-written file -----------------------------------------------------------------------


def _leftovers(folder: Path, keep: set[str]) -> set[str]:
    return {path.name for path in folder.iterdir()} - keep


def test_write_atomically_failing_midway_leaves_the_previous_file_and_no_temporary(tmp_path):
    path = tmp_path / "train.jsonl"
    path.write_text("the previous export\n", encoding="utf-8")

    def chunks():
        yield '{"ok": 1}\n' * 1000
        raise TypeError("Object of type object is not JSON serializable")

    with pytest.raises(TypeError):
        write_atomically(path, chunks())
    assert path.read_text(encoding="utf-8") == "the previous export\n"
    assert _leftovers(tmp_path, {"train.jsonl"}) == set()
    write_atomically(path, "new\ud800\n")
    assert path.read_bytes() == "new\ufffd\n".encode()


def test_split_failing_midway_leaves_the_previous_files_whole(tmp_path):
    from advisor.commands.split import write_split
    from advisor.profiling.split import split_dataset

    dataset = _surrogate_dataset(tmp_path)
    out = tmp_path / "split"
    out.mkdir()
    (out / "train.jsonl").write_text("previous train\n", encoding="utf-8")
    # An example whose content cannot be serialised, late in the file: the writer fails midway.
    broken = replace(dataset.examples[-1], messages=(Message("user", object()), Message("assistant", "no")))
    dataset = replace(dataset, examples=dataset.examples[:-1] + (broken,))
    with pytest.raises(TypeError):
        write_split(dataset, split_dataset(dataset, 0.0, 0), out)
    assert (out / "train.jsonl").read_text(encoding="utf-8") == "previous train\n"
    assert _leftovers(out, {"train.jsonl"}) == set()


class _Unwritable(str):
    """A text that fails when encoded, like a disk that fills up while the file is written."""

    def encode(self, *args, **kwargs):  # noqa: ANN002, ANN003
        raise OSError(28, "No space left on device")


def test_export_failing_midway_leaves_no_partial_file_and_the_previous_files_intact(tmp_path):
    from advisor.render.export import ExportFile, clean_dataset, export_files, write_export

    bundle = export_files(clean_dataset(_surrogate_dataset(tmp_path)), "openai")
    out = tmp_path / "out"
    out.mkdir()
    (out / "validation.jsonl").write_text("previous validation\n", encoding="utf-8")
    files = tuple(ExportFile(item.name, _Unwritable(item.text), item.records) if item.name == "validation.jsonl"
                  else item for item in bundle.files)
    with pytest.raises(OSError):
        write_export(replace(bundle, files=files), out)
    assert (out / "validation.jsonl").read_text(encoding="utf-8") == "previous validation\n"
    # All or none: train.jsonl, written before the failing file, is not put in place either, and no
    # temporary file stays.
    assert _leftovers(out, {"validation.jsonl"}) == set()


def test_scenario_save_with_a_lone_surrogate_is_valid_utf8(tmp_path):
    from advisor.pricing.scenario import scenario_from_dict

    path = tmp_path / "scenario.json"
    scenario_from_dict({"monthly_requests": 1000, "finetune_models": ["gpt-4.1-mini\ud800"]}).save(path)
    assert json.loads(_assert_clean_utf8(path.read_bytes()))["finetune_models"] == ["gpt-4.1-mini\ufffd"]


def test_the_apps_downloads_encode_with_lone_surrogates_in_the_data(tmp_path):
    # st.download_button encodes a str download with strict UTF-8: the report and the saved analysis
    # the app offers must hold no lone surrogate.
    from advisor.decide.advice import advice_to_dict, advise, dumps
    from advisor.pricing.scenario import scenario_from_dict
    from advisor.render.report import render_html, render_markdown

    document = advice_to_dict(advise(_surrogate_dataset(tmp_path), scenario_from_dict({"monthly_requests": 1000}),
                                     task="label \ud800 it"))
    for rendered in (render_html(document), render_markdown(document), dumps(document)):
        _assert_clean_utf8(rendered.encode("utf-8"))


def test_analysis_json_that_fails_midway_prints_nothing(tmp_path):
    from advisor.analysis import analyze, write_analysis_json

    class Unserialisable:
        """A profile whose summary holds a value JSON cannot encode: the document fails after its first keys."""

        def summary(self):
            return {"task_kind": object()}

        def findings(self):
            return ()

    dataset = replace(_surrogate_dataset(tmp_path), source="plain.jsonl")
    analysis = replace(analyze(dataset), profile=Unserialisable())
    stdout = _strict_stdout()
    with pytest.raises(TypeError):
        write_analysis_json(analysis, stdout)
    assert stdout.buffer.getvalue() == b""


@pytest.mark.parametrize("verb", ["split", "export"])
def test_an_output_folder_that_cannot_be_made_is_one_line_not_a_traceback(verb, tmp_path, capsys):
    from advisor.cli import main

    sample = Path(__file__).resolve().parents[2] / "data" / "samples" / "translation_pairs.jsonl"
    blocker = tmp_path / "out"
    blocker.write_text("a file where the folder should be\n", encoding="utf-8")
    argv = [verb, str(sample), "--out", str(blocker / "inner")] + (["--to", "openai"] if verb == "export" else [])
    assert main(argv) == 2
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"advisor: cannot write {blocker / 'inner'}")
    assert blocker.read_text(encoding="utf-8") == "a file where the folder should be\n"


@pytest.mark.parametrize("tool", ["openai", "trl", "axolotl"])
def test_starter_configs_encode_with_a_lone_surrogate_in_the_model_name(tool):
    from advisor.render.configs import axolotl_yaml, openai_job, starter_plan, trl_script

    plan = starter_plan(tool, 100, "train.jsonl", "validation.jsonl", "org/model-\ud800", 0)
    text = {"openai": openai_job, "trl": trl_script, "axolotl": axolotl_yaml}[tool](plan)
    assert "model-\ufffd" in _assert_clean_utf8(text.encode("utf-8"))
