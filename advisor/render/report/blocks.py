"""What a report is made of — headings, paragraphs, bullets, tables, bar charts, JSON — holding plain text.

The document builder (advisor/render/report/document.py) says what the report says in these blocks; the two
writers (markdown_writer.py, html_writer.py) turn them into a format and do all the escaping.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    new_page: bool = False  # printed HTML starts the evidence and the appendix on a new page


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    lead: str = ""  # shown in bold before the text
    tone: str = ""  # "" | "answer" | "warning": a highlighted box in HTML


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[tuple[str, str], ...]  # (bold lead, text)


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()  # columns aligned right


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    parts: tuple[float, ...]  # stacked segments
    shown: str  # the value written beside the bar


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]
    legend: tuple[str, ...] = ()
    maximum: float | None = None  # the scale's end (default: the longest bar)


@dataclass(frozen=True, slots=True)
class Code:
    value: Any  # shown as JSON


Block = Heading | Paragraph | Bullets | Table | Chart | Code
