"""The report a product manager can forward: a saved analysis (the JSON document of advisor/decide/advice.py) as
Markdown or as one self-contained HTML file, in Portuguese (pt-BR) or English.

The document is read once into a list of blocks — headings, paragraphs, tables, bar charts — holding plain
text; two small writers turn the blocks into Markdown or HTML and do all the escaping, so the two formats
say the same thing and no text from the data reaches either one unescaped. The HTML fetches nothing:
inline CSS, charts drawn as inline SVG, and a Content-Security-Policy that forbids scripts and remote
resources, so even a missed escape could not run anything.

Sentences the recommendation made are rendered again from their code and arguments in the report's
language; findings saved only as text (platform findings, profile findings) are quoted as saved.

    blocks.py           what a report is made of (headings, paragraphs, tables, charts, JSON)
    document.py         what the report says: the saved analysis as blocks (`report_blocks`)
    formatting.py       the report's strings, numbers, money, sources and line lists as text
    markdown_writer.py  blocks → Markdown
    html_writer.py      blocks → one HTML page, charts as inline SVG
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.data.atomic_write import without_lone_surrogates
from advisor.render.report.document import report_blocks
from advisor.render.report.formatting import text
from advisor.render.report.html_writer import write_html
from advisor.render.report.markdown_writer import write_markdown

LANGUAGES = ("en", "pt")


def render_markdown(document: Mapping[str, Any], lang: str | None = None) -> str:
    """The report as Markdown; `lang` defaults to the language the analysis was saved in."""
    return without_lone_surrogates(write_markdown(report_blocks(document, _language(document, lang))))


def render_html(document: Mapping[str, Any], lang: str | None = None) -> str:
    """The report as one HTML file that loads nothing from anywhere (inline CSS and SVG, no script)."""
    lang = _language(document, lang)
    return without_lone_surrogates(write_html(report_blocks(document, lang), lang, text("title", lang)))


def _language(document: Mapping[str, Any], lang: str | None) -> str:
    chosen = lang or document.get("lang") or "en"
    if chosen not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {chosen!r}")
    return chosen


__all__ = ["render_html", "render_markdown", "report_blocks"]
