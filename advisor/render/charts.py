"""Plotly figures built from analysis results; the app and the report only place them.

Every figure speaks the reader's language (`lang`: axis titles, hover texts and numbers, 1,234.5 in English and
1.234,5 in Portuguese) and holds text from the data only as Plotly shows it literally (`plotly_text`).
"""

from __future__ import annotations

import html
import math

import numpy as np
import plotly.graph_objects as go

from advisor.data.tokens import TokenSummary
from advisor.i18n import section
from advisor.i18n.messages import number

MESSAGES = section("charts")

LABELS_SHOWN = 25  # bars a 1400 px page reads at once; the rest is said as a number under the chart
LABEL_TICK_CHARS = 40  # a longer label is cut on the axis (whole in the hover) so the bars keep their width
BAR_HEIGHT_PX = 24


def say(code: str, lang: str, **values: object) -> str:
    template = MESSAGES[code]
    return (template.get(lang) or template["en"]).format(**values)


def plotly_text(value: str) -> str:
    """Data as Plotly shows it literally: Plotly reads <b>, <br> and <a href> in text and typesets a text
    between two `$` with MathJax, so brackets become entities and so does `$` (Plotly decodes both)."""
    return html.escape(value, quote=False).replace("$", "&#36;")


def separators(lang: str) -> str:
    """Plotly's decimal and thousands marks (layout.separators) for `lang`: 1.234,5 in Portuguese."""
    return ",." if lang == "pt" else ".,"


COUNT_TICKS = ",~f"  # an axis of counts: thousands marked by layout.separators, no needless decimals


def token_histogram(tokens: TokenSummary, title: str, lang: str = "en") -> go.Figure:
    """Distribution of tokens per example, with the median and p95 marked.

    Binned here, about 50 bins of whole tokens, each drawn as a bar: a Plotly histogram sends every example's value
    to the browser to be binned there, 100,000 numbers on a 100k-example upload, on each run that drew it."""
    examples = say("examples", lang)
    totals = np.fromiter((item.total for item in tokens.per_example), dtype=np.int64, count=len(tokens.per_example))
    low, high = (int(totals.min()), int(totals.max())) if len(totals) else (0, 1)
    width = max(1, math.ceil((high - low + 1) / 50))  # whole tokens per bin, about 50 bins
    counts = np.bincount((totals - low) // width, minlength=(high - low) // width + 1)
    firsts = low + width * np.arange(len(counts))  # each bin holds firsts[k] .. firsts[k] + width - 1 tokens
    spans = [number(first, lang) if width == 1 else f"{number(first, lang)}–{number(first + width - 1, lang)}"
             for first in firsts.tolist()]
    figure = go.Figure(go.Bar(
        x=(firsts + (width - 1) / 2).tolist(), y=counts.tolist(), width=0.95 * width, customdata=spans,
        name=plotly_text(title), hovertemplate=f"%{{customdata}} tokens<br>%{{y:,}} {examples}<extra></extra>",
    ))
    # above the plot, p50 to the left of its line and p95 to the right: close values never overlap, nor bars
    for value, label, side in ((tokens.p50, "p50", "top left"), (tokens.p95, "p95", "top right")):
        figure.add_vline(x=value, line_dash="dash", annotation_text=f"{label} {number(value, lang)}",
                         annotation_position=side, annotation_yanchor="bottom")
    # a token is whole: a narrow span gets a tick per token, never "24,5"
    figure.update_xaxes(title=say("tokens_per_example", lang), tickformat=",d", dtick=1 if high - low <= 10 else None,
                        range=[low - 0.5 - width, low - 0.5 + width * (len(counts) + 1)])  # a bin clear of each side
    # counts with the language's thousands mark (Plotly's own ticks wrote "3000"); "~f", not "d": a small count's
    # half-way ticks (0.5) would print as a repeated whole number
    figure.update_yaxes(tickformat=COUNT_TICKS)
    figure.update_layout(title=title, yaxis_title=examples, height=320, separators=separators(lang))
    return figure


def label_bars(labels: tuple[tuple[str, int], ...], title: str, lang: str = "en",
               shown: int = LABELS_SHOWN) -> go.Figure:
    """Examples per label as horizontal bars, the most frequent on top; only the `shown` most frequent are drawn
    (the rest is a sentence, `labels_left_out`, not a bar that would dwarf them). Labels are categories, whatever
    they look like ("0", "1", "2024"), so the axis is categorical."""
    top = sorted(labels, key=lambda item: (-item[1], item[0]))[:shown]
    names = [plotly_text(label) for label, _ in top]
    ticks = [plotly_text(label if len(label) <= LABEL_TICK_CHARS else label[:LABEL_TICK_CHARS - 1] + "…")
             for label, _ in top]
    counts = [count for _, count in top]
    examples = say("examples", lang)
    figure = go.Figure(go.Bar(
        x=counts, y=names, orientation="h", text=[number(count, lang) for count in counts],
        textposition="outside", cliponaxis=False,
        hovertemplate=f"%{{y}}<br>%{{x:,}} {examples}<extra></extra>",
    ))
    figure.update_yaxes(type="category", autorange="reversed", tickmode="array", tickvals=names, ticktext=ticks,
                        title=say("label", lang), automargin=True)
    figure.update_xaxes(title=examples, rangemode="tozero", tickformat=COUNT_TICKS)
    figure.update_layout(title=title, height=max(260, 160 + BAR_HEIGHT_PX * len(top)),
                         separators=separators(lang), margin={"t": 60, "b": 50, "r": 40})
    return figure


def labels_left_out(labels: tuple[tuple[str, int], ...], lang: str = "en", shown: int = LABELS_SHOWN) -> str:
    """The sentence under the label chart naming what it leaves out ("" when every label is drawn)."""
    rest = sorted(labels, key=lambda item: (-item[1], item[0]))[shown:]
    if not rest:
        return ""
    examples = number(sum(count for _, count in rest), lang)
    if len(rest) == 1:
        return say("one_more_label", lang, shown=shown, examples=examples)
    return say("more_labels", lang, shown=shown, labels=number(len(rest), lang), examples=examples)


def cumulative_costs(series: list[tuple[str, tuple[float, ...]]], title: str, rate: float = 1.0,
                     symbol: str = "US$", lang: str = "en") -> go.Figure:
    """Money spent by the end of each month (month 0: training), one line per option, in the user's currency."""
    figure = go.Figure()
    money = plotly_text(symbol)
    month = say("month_hover", lang)
    for name, values in series:
        figure.add_trace(go.Scatter(
            x=list(range(len(values))), y=[value * rate for value in values], mode="lines+markers",
            name=plotly_text(name),
            hovertemplate=f"%{{fullData.name}}<br>{month} %{{x}}: {money} %{{y:,.2f}}<extra></extra>",
        ))
    months = max((len(values) for _, values in series), default=1)
    figure.update_xaxes(title=say("month", lang), tickmode="linear", tick0=0, dtick=max(1, math.ceil(months / 13)))
    figure.update_yaxes(title=say("cumulative_cost", lang, symbol=money), tickprefix=f"{money} ", tickformat=",~f",
                        rangemode="tozero")
    figure.update_layout(title=title, height=420, separators=separators(lang),
                         legend={"orientation": "h", "y": -0.25})
    return figure


def example_ticks(low: float, high: float) -> list[int]:
    """Round numbers of examples between `low` and `high` for a log axis: 1-10-100 steps over a very wide span,
    1-3-10 or 1-2-5 over narrower ones: the first that gives three ticks (four for the decades), at most eight."""
    ticks: list[int] = []
    for steps in ((1,), (1, 3), (1, 2, 5), (1, 1.5, 2, 3, 4, 5, 6, 7, 8)):
        ticks = [round(step * 10 ** power) for power in range(10) for step in steps
                 if low <= step * 10 ** power <= high and float(step * 10 ** power).is_integer()]
        if len(ticks) >= (4 if steps == (1,) else 3):
            break
    return ticks[:: max(1, math.ceil(len(ticks) / 8))]


def learning_curve_chart(points: list[tuple[int, float, float, float]], target: float, title: str,
                         metric: str, lang: str = "en") -> go.Figure:
    """Score against training examples (log axis, ticks named as counts) with its 95 % interval, and the target
    as a line."""
    examples = [point[0] for point in points]
    unit = say("training_examples", lang)
    figure = go.Figure(go.Scatter(
        x=examples, y=[point[1] for point in points], mode="lines+markers", name=plotly_text(metric),
        error_y={"type": "data", "symmetric": False, "array": [point[3] - point[1] for point in points],
                 "arrayminus": [point[1] - point[2] for point in points]},
        customdata=[[number(point[0], lang), number(point[2], lang, 3), number(point[3], lang, 3)]
                    for point in points],
        hovertemplate=(f"%{{customdata[0]}} {unit}<br>{plotly_text(metric)} %{{y:.3f}}<br>"
                       f"{say('interval', lang)}: %{{customdata[1]}} – %{{customdata[2]}}<extra></extra>"),
    ))
    figure.add_hline(y=target, line_dash="dash", annotation_text=say("target", lang, value=number(target, lang, 2)))
    low, high = (min(examples), max(examples)) if examples else (1, 10)
    ticks = example_ticks(low / 1.2, high * 1.2)  # inside the frame: Plotly drops a tick that sits on its edge
    # room so the first and last points are not on the frame
    figure.update_xaxes(type="log", range=[math.log10(low / 1.3), math.log10(high * 1.3)], tickmode="array",
                        tickvals=ticks,
                        ticktext=[number(tick, lang) for tick in ticks], title=unit)
    scores = [value for point in points for value in point[1:]] + [target]
    if all(0 <= value <= 1 for value in scores):  # a 0-to-1 score: the whole scale, so a gap looks its size
        figure.update_yaxes(range=[0, 1.05])
    figure.update_layout(title=title, yaxis_title=plotly_text(metric), height=360, separators=separators(lang))
    return figure
