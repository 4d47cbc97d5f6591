"""The report's blocks as one self-contained HTML page: inline CSS, bar charts drawn as inline SVG, no script.

Every text from the document is escaped (`esc`), and a Content-Security-Policy forbids scripts and remote
resources, so even a missed escape could not run anything or fetch anything.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from typing import Any

from advisor.render.report.blocks import Block, Bullets, Chart, Code, Heading, Paragraph, Table

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a202c;margin:0;background:#f7fafc}
main{max-width:960px;margin:0 auto;padding:24px 32px;background:#fff}
h1{font-size:26px;margin:0 0 8px}h2{font-size:21px;border-bottom:2px solid #2b6cb0;padding-bottom:4px;margin-top:36px}
h3{font-size:17px;margin:22px 0 6px}h4{font-size:15px;margin:16px 0 4px}
p{margin:6px 0}ul{margin:6px 0;padding-left:22px}li{margin:3px 0}
.answer{background:#ebf8ff;border-left:4px solid #2b6cb0;padding:10px 14px}
.warning{background:#fffaf0;border-left:4px solid #c05621;padding:10px 14px}
table{border-collapse:collapse;margin:8px 0;font-size:13px;width:100%}
th,td{border:1px solid #e2e8f0;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:#edf2f7}td.n,th.n{text-align:right}.nw{white-space:nowrap}
figure{margin:10px 0}figcaption{font-weight:600;font-size:13px;margin-bottom:4px}
svg text{font:12px system-ui,sans-serif;fill:#1a202c}
pre{background:#f7fafc;border:1px solid #e2e8f0;padding:10px;font-size:12px;overflow-x:auto}
.legend span{display:inline-block;margin-right:14px;font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
@media print{body{background:#fff}main{padding:0}.new-page{break-before:page}}
"""
COLOURS = ("#2b6cb0", "#90cdf4", "#c05621")


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def write_html(blocks: Sequence[Block], lang: str, title: str) -> str:
    body: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            css = ' class="new-page"' if block.new_page else ""
            body.append(f"<h{block.level}{css}>{esc(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            css = f' class="{block.tone}"' if block.tone else ""
            lead = f"<strong>{esc(block.lead)}</strong> " if block.lead else ""
            body.append(f"<p{css}>{lead}{esc(block.text)}</p>")
        elif isinstance(block, Bullets):
            items = "".join(f"<li>{'<strong>' + esc(lead) + '</strong> ' if lead else ''}{esc(item)}</li>"
                            for lead, item in block.items)
            body.append(f"<ul>{items}</ul>")
        elif isinstance(block, Table):
            body.append(_html_table(block))
        elif isinstance(block, Chart):
            body.append(_svg_chart(block))
        elif isinstance(block, Code):
            body.append(f"<pre>{esc(json.dumps(block.value, ensure_ascii=False, indent=2))}</pre>")
    return (
        f'<!DOCTYPE html>\n<html lang="{"pt-BR" if lang == "pt" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


def _html_table(table: Table) -> str:
    def cells(row: tuple[str, ...], tag: str) -> str:
        return "".join(f'<{tag} class="n">{_unbroken(cell)}</{tag}>' if index in table.numeric
                       else f"<{tag}>{esc(cell)}</{tag}>" for index, cell in enumerate(row))

    head = f"<thead><tr>{cells(table.header, 'th')}</tr></thead>" if any(table.header) else ""
    rows = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in table.rows)
    return f"<table>{head}<tbody>{rows}</tbody></table>"


def _unbroken(cell: str) -> str:
    """A number or an amount kept on one line; an amount breaks only before its other currency or its range."""
    return " ".join(f'<span class="nw">{esc(piece)}</span>' for piece in re.split(r" (?=[(\[])", cell))


def _svg_chart(chart: Chart) -> str:
    """Horizontal bars drawn as inline SVG (no library, nothing fetched); labels are escaped text nodes."""
    label_width, bar_width, value_width, row, pad = 200, 420, 230, 22, 6
    scale = chart.maximum or max((sum(bar.parts) for bar in chart.bars), default=0.0) or 1.0
    width, height = label_width + bar_width + value_width, pad * 2 + row * len(chart.bars)
    shapes = []
    for index, bar in enumerate(chart.bars):
        y = pad + index * row
        label = bar.label if len(bar.label) <= 30 else bar.label[:29] + "…"
        shapes.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end"><title>{esc(bar.label)}</title>'
                      f"{esc(label)}</text>")
        x = float(label_width)
        for part_index, part in enumerate(bar.parts):
            length = bar_width * min(part, scale) / scale
            if part > 0:
                length = max(length, 1.0)
                shapes.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{length:.1f}" height="{row - 6}" '
                              f'fill="{COLOURS[part_index % len(COLOURS)]}"></rect>')
            x += length
        shapes.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{esc(bar.shown)}</text>')
    legend = ""
    if chart.legend:
        legend = '<div class="legend">' + "".join(
            f'<span><i style="background:{COLOURS[index % len(COLOURS)]}"></i>{esc(name)}</span>'
            for index, name in enumerate(chart.legend)) + "</div>"
    return (f'<figure><figcaption>{esc(chart.title)}</figcaption>'
            f'<svg role="img" aria-label="{esc(chart.title)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{"".join(shapes)}</svg>{legend}</figure>')
