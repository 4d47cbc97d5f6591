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
