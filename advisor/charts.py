"""Plotly figures built from analysis results; the app and the report only place them."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from advisor.tokens import TokenSummary


def plotly_text(value: str) -> str:
    """Data as Plotly shows it literally: Plotly reads <b>, <br> and <a href> in text and typesets a text
    between two `$` with MathJax, so brackets become entities and so does `$` (Plotly decodes both)."""
    return html.escape(value, quote=False).replace("$", "&#36;")


def token_histogram(tokens: TokenSummary, title: str) -> go.Figure:
    """Distribution of tokens per example, with the median and p95 marked."""
    figure = go.Figure(go.Histogram(x=[item.total for item in tokens.per_example], nbinsx=50, name=title))
    for value, label in ((tokens.p50, "p50"), (tokens.p95, "p95")):
        figure.add_vline(x=value, line_dash="dash", annotation_text=f"{label} {value:,}")
    figure.update_layout(title=title, xaxis_title="tokens", yaxis_title="examples", bargap=0.05, height=320)
    return figure


def label_bars(labels: tuple[tuple[str, int], ...], title: str, shown: int = 40) -> go.Figure:
    """Examples per label, most frequent first (the long tail beyond `shown` is summed)."""
    names = [plotly_text(label) for label, _ in labels[:shown]]
    counts = [count for _, count in labels[:shown]]
    if len(labels) > shown:
        names.append(f"… {len(labels) - shown} more")
        counts.append(sum(count for _, count in labels[shown:]))
    figure = go.Figure(go.Bar(x=names, y=counts))
    figure.update_layout(title=title, xaxis_title="label", yaxis_title="examples", height=320)
    return figure


def cumulative_costs(series: list[tuple[str, tuple[float, ...]]], title: str, rate: float = 1.0,
                     symbol: str = "US$") -> go.Figure:
    """Money spent by the end of each month (month 0: training), one line per option."""
    figure = go.Figure()
    for name, values in series:
        figure.add_trace(go.Scatter(x=list(range(len(values))), y=[value * rate for value in values],
                                    mode="lines+markers", name=plotly_text(name)))
    figure.update_layout(title=title, xaxis_title="month", yaxis_title=symbol, height=380,
                         legend={"orientation": "h", "y": -0.25})
    return figure


def learning_curve_chart(points: list[tuple[int, float, float, float]], target: float, title: str,
                         metric: str) -> go.Figure:
    """Score against training examples with its 95 % interval, and the target as a line."""
    examples = [point[0] for point in points]
    figure = go.Figure(go.Scatter(
        x=examples, y=[point[1] for point in points], mode="lines+markers", name=metric,
        error_y={"type": "data", "symmetric": False, "array": [point[3] - point[1] for point in points],
                 "arrayminus": [point[1] - point[2] for point in points]},
    ))
    figure.add_hline(y=target, line_dash="dash", annotation_text=f"target {target:g}")
    figure.update_layout(title=title, xaxis_title="training examples", yaxis_title=metric, height=320,
                         xaxis_type="log")
    return figure
