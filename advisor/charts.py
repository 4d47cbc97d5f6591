"""Plotly figures built from analysis results; the app and the report only place them."""

from __future__ import annotations

import plotly.graph_objects as go

from advisor.tokens import TokenSummary


def token_histogram(tokens: TokenSummary, title: str) -> go.Figure:
    """Distribution of tokens per example, with the median and p95 marked."""
    figure = go.Figure(go.Histogram(x=[item.total for item in tokens.per_example], nbinsx=50, name=title))
    for value, label in ((tokens.p50, "p50"), (tokens.p95, "p95")):
        figure.add_vline(x=value, line_dash="dash", annotation_text=f"{label} {value:,}")
    figure.update_layout(title=title, xaxis_title="tokens", yaxis_title="examples", bargap=0.05, height=320)
    return figure


def label_bars(labels: tuple[tuple[str, int], ...], title: str, shown: int = 40) -> go.Figure:
    """Examples per label, most frequent first (the long tail beyond `shown` is summed)."""
    names = [label for label, _ in labels[:shown]]
    counts = [count for _, count in labels[:shown]]
    if len(labels) > shown:
        names.append(f"… {len(labels) - shown} more")
        counts.append(sum(count for _, count in labels[shown:]))
    figure = go.Figure(go.Bar(x=names, y=counts))
    figure.update_layout(title=title, xaxis_title="label", yaxis_title="examples", height=320)
    return figure
