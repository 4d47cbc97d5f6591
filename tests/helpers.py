"""Assertions shared by several test modules."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from advisor.data.model import Dataset

ROOT = Path(__file__).parent.parent


def app_on_baselines(name: str, data: bytes, mime: str, *, descriptions: str | None = None,
                     timeout: int = 60) -> Any:
    """The app (AppTest) in English with `data` uploaded as `name`, optionally with label descriptions, on step 3."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "page.py"), default_timeout=timeout)
    app.run()
    app.sidebar.radio(key="lang").set_value("en").run()
    app.file_uploader(key="upload").set_value((name, data, mime)).run()
    if descriptions is not None:
        app.sidebar.text_area(key="label_descriptions").input(descriptions).run()
    app.radio(key="step").set_value("baselines").run()
    assert not app.exception
    return app


def fill_endpoint(app: Any, base_url: str, *, model: str = "test-model", api_key: str | None = None,
                  price_in: float = 1.0, price_out: float = 1.0) -> None:
    """Types an endpoint, its model, an optional key and the prices per 1M tokens into step 3's LLM form, and runs."""
    app.text_input(key="llm_base_url").set_value(base_url)
    app.text_input(key="llm_model").set_value(model)
    if api_key is not None:
        app.text_input(key="llm_api_key").set_value(api_key)
    app.number_input(key="llm_price_in").set_value(price_in)
    app.number_input(key="llm_price_out").set_value(price_out).run()


def toml_leaves(value: object, key: str = "") -> Iterator[tuple[str, object]]:
    """Every leaf of a parsed TOML document as (the key it sits under, its value); list items take the list's key."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from toml_leaves(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from toml_leaves(item, key)
    else:
        yield key, value


def assert_accounted(dataset: Dataset) -> None:
    """The loader's promise: nothing lost, every rejection explained exactly once."""
    assert dataset.lines_read == dataset.examples_kept + dataset.lines_rejected + dataset.blank_lines
    errors = [issue for issue in dataset.issues if issue.severity == "error"]
    assert len(errors) == dataset.lines_rejected
    assert all(issue.line >= 1 for issue in errors)
    if dataset.container == "json":
        return  # elements of one JSON array may share a physical line, so lines need not be unique
    assert len({issue.line for issue in errors}) == len(errors)
    kept_lines = {example.line for example in dataset.examples}
    assert len(kept_lines) == dataset.examples_kept
    assert not kept_lines & {issue.line for issue in errors}


def workbook_bytes(*sheets: tuple[str, list[list[object]], str]) -> bytes:
    """An XLSX file written by openpyxl: one sheet per (title, rows, "visible" | "hidden"), in that order."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows, state in sheets:
        sheet = workbook.create_sheet(title)
        sheet.sheet_state = state
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
