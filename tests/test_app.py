"""The app driven through Streamlit's AppTest: upload, read the numbers, switch language and model."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor.loader import load, load_bytes
from advisor.tokens import count_tokens

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "formats"
PLANTED = (
    b'{"prompt": "Classifique: adorei", "completion": "Positivo"}\n'
    b"\n"
    b'{"prompt": "Classifique: <script>alert(1)</script>", "completion": 5}\n'
    b"not json at all\n"
    b'{"prompt": "Classifique: odiei", "completion": "Negativo"}\n'
)


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_starts_in_portuguese_and_switches_to_english(app: AppTest) -> None:
    assert app.title[0].value == "Consultor de decisão de fine-tuning"
    assert "Envie um arquivo" in app.info[0].value
    app.sidebar.radio(key="lang").set_value("en").run()
    assert app.title[0].value == "Fine-tuning decision advisor"
    assert "Upload a file" in app.info[0].value


def test_upload_shows_counts_rejected_lines_and_tokens(app: AppTest) -> None:
    app.sidebar.radio(key="lang").set_value("en").run()
    app.file_uploader(key="upload").set_value(("planted.jsonl", PLANTED, "application/jsonl")).run()
    assert not app.exception
    shown = metrics(app)
    assert (shown["Lines read"], shown["Examples kept"], shown["Lines rejected"], shown["Blank lines"]) == (
        "5", "2", "2", "1",
    )
    rejected = app.dataframe[0].value
    assert list(rejected["Line"]) == [3, 4]
    assert list(rejected["Code"]) == ["wrong_type", "invalid_json"]
    expected = count_tokens(load_bytes(PLANTED, "planted.jsonl"), "gpt-4.1-mini")
    assert shown["Total tokens"] == f"{expected.total:,}"
    assert shown["Longest example"] == f"{expected.max:,}"
    assert "o200k_base" in app.caption[-1].value or any("o200k_base" in c.value for c in app.caption)


def test_changing_the_model_recounts_with_its_encoding(app: AppTest) -> None:
    app.sidebar.radio(key="lang").set_value("en").run()
    data = (FIXTURES / "sharegpt.jsonl").read_bytes()
    app.file_uploader(key="upload").set_value(("chat.jsonl", data, "application/jsonl")).run()
    app.sidebar.selectbox(key="model").set_value("gpt-3.5-turbo").run()
    expected = count_tokens(load(FIXTURES / "sharegpt.jsonl"), "gpt-3.5-turbo")
    assert metrics(app)["Total tokens"] == f"{expected.total:,}"
    assert any("cl100k_base" in caption.value for caption in app.caption)


def test_table_columns_can_be_chosen_when_they_cannot_be_guessed(app: AppTest) -> None:
    app.sidebar.radio(key="lang").set_value("en").run()
    data = b"id,body,stars\n1,great,5\n2,awful,1\n3,fine,3\n"
    app.file_uploader(key="upload").set_value(("reviews.csv", data, "text/csv")).run()
    assert "Name them with --input-col" in app.error[0].value
    input_box, output_box = _column_boxes(app)
    input_box.set_value("body")
    output_box.set_value("stars").run()
    assert not app.exception
    assert metrics(app)["Examples kept"] == "3"
    assert any("body → stars" in caption.value for caption in app.caption)


def _column_boxes(at: AppTest):  # noqa: ANN202
    boxes = [box for box in at.selectbox if str(box.key or "").startswith(("input_col_", "output_col_"))]
    assert len(boxes) == 2
    return boxes


def test_dataset_text_is_shown_as_text_not_html(app: AppTest) -> None:
    app.file_uploader(key="upload").set_value(("planted.jsonl", PLANTED, "application/jsonl")).run()
    for step in ("data", "profile", "baselines", "costs", "recommendation"):
        app.radio(key="step").set_value(step).run()
        assert not app.exception, step
        for markdown in app.markdown:
            assert "<script>" not in markdown.value, step


def test_unreadable_upload_gets_a_clear_message(app: AppTest) -> None:
    app.sidebar.radio(key="lang").set_value("en").run()
    app.file_uploader(key="upload").set_value(("empty.jsonl", b"", "application/jsonl")).run()
    assert not app.exception
    assert "is empty" in app.error[0].value


def test_platform_findings_are_grouped_with_their_lines(app: AppTest) -> None:
    app.sidebar.radio(key="lang").set_value("en").run()
    data = (FIXTURES / "openai_chat.jsonl").read_bytes()
    app.file_uploader(key="upload").set_value(("chat.jsonl", data, "application/jsonl")).run()
    app.radio(key="step").set_value("profile").run()
    findings = app.dataframe[0].value
    too_few = findings[(findings["Platform"] == "openai") & (findings["Code"] == "too_few_examples")]
    assert list(too_few["Lines"]) == ["whole file"]
    assert "at least 10" in too_few["Reason"].iloc[0]
    extra = findings[(findings["Platform"] == "bedrock") & (findings["Code"] == "extra_keys")]
    assert list(extra["Lines"]) == ["2"]


def test_profile_section_shows_the_planted_faults(app: AppTest) -> None:
    from tests.test_profile import build_planted

    data, expected = build_planted()
    app.sidebar.radio(key="lang").set_value("en").run()
    app.file_uploader(key="upload").set_value(("planted.jsonl", data, "application/jsonl")).run()
    app.radio(key="step").set_value("profile").run()
    assert not app.exception
    shown = metrics(app)
    assert shown["Task kind"] == "classification"
    assert (shown["Exact duplicate groups"], shown["Near-duplicate pairs"], shown["Conflicting inputs"]) == ("1", "1", "1")
    assert shown["Examples with personal data"] == str(sum(len(lines) for lines in expected["pii"].values()))
    findings = next(frame.value for frame in app.dataframe if "Code" in frame.value and "Lines" in frame.value
                    and "conflicting_answers" in set(frame.value["Code"]))
    conflict = findings[findings["Code"] == "conflicting_answers"]
    assert conflict["Lines"].iloc[0].startswith(", ".join(map(str, expected["conflict"])))


def test_a_file_with_no_readable_line_says_so_and_lists_every_line(app: AppTest) -> None:
    app.sidebar.radio(key="lang").set_value("en").run()
    app.file_uploader(key="upload").set_value(("bad.jsonl", b"nope\n[1]\n{\"x\": 1}\n", "application/jsonl")).run()
    assert not app.exception
    assert "No example could be kept" in app.warning[0].value
    assert list(app.dataframe[0].value["Line"]) == [1, 2, 3]
