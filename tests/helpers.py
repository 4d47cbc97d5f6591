"""Assertions shared by several test modules."""

from __future__ import annotations

import io
from collections.abc import Iterator

from advisor.model import Dataset


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
