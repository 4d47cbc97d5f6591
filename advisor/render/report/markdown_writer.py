"""The report's blocks as Markdown; every text from the document goes through `md` (advisor/render/escaping.py)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from advisor.render.escaping import escape_md
from advisor.render.report.blocks import Block, Bullets, Chart, Code, Heading, Paragraph, Table

_SAFE_JSON = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "`": "\\u0060"}


def md(value: Any) -> str:
    """Text from the document made inert in Markdown (advisor/render/escaping.py, the app's helper too): no link,
    emphasis, math, colour, tag or entity, no heading, list or table row started by the data."""
    return escape_md(value)


def _safe_json(value: Any) -> str:
    """JSON that is still valid JSON but holds no character Markdown or HTML could read as markup."""
    dumped = json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(_SAFE_JSON.get(char, char) for char in dumped)


def write_markdown(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {md(block.text)}")
        elif isinstance(block, Paragraph):
            lead = f"**{md(block.lead)}** " if block.lead else ""
            marker = "> " if block.tone else ""
            out.append(f"{marker}{lead}{md(block.text)}".rstrip())
        elif isinstance(block, Bullets):
            out.append("\n".join(f"- {'**' + md(lead) + '** ' if lead else ''}{md(item)}".rstrip()
                                 for lead, item in block.items))
        elif isinstance(block, Table):
            out.append(_markdown_table(block))
        elif isinstance(block, Chart):
            out.append(_markdown_chart(block))
        elif isinstance(block, Code):
            out.append(f"```json\n{_safe_json(block.value)}\n```")
    return "\n\n".join(out) + "\n"


def _markdown_table(table: Table) -> str:
    rule = ["---:" if index in table.numeric else "---" for index in range(len(table.header))]
    lines = ["| " + " | ".join(md(cell) for cell in table.header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in table.rows]
    return "\n".join(lines)


def _markdown_chart(chart: Chart) -> str:
    """A chart in Markdown: its numbers as a table with a bar of block characters."""
    scale = chart.maximum or max((sum(bar.parts) for bar in chart.bars), default=0.0) or 1.0
    rows = tuple((bar.label, bar.shown, "█" * round(20 * sum(bar.parts) / scale)) for bar in chart.bars)
    return f"**{md(chart.title)}**\n\n" + _markdown_table(Table(("", "", ""), rows, (1,)))
