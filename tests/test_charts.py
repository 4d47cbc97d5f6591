"""Plotly figures built from results: data shown in them stays text."""

from __future__ import annotations

from advisor.charts import cumulative_costs, label_bars


def test_labels_with_markup_are_escaped_for_plotly() -> None:
    # Plotly renders <a href>, <b> and <br> found in text; a label from the data must show as written.
    figure = label_bars((("<a href='javascript:alert(1)'>x</a>", 3), ("ok", 2)), "labels")
    assert list(figure.data[0].x) == ["&lt;a href='javascript:alert(1)'&gt;x&lt;/a&gt;", "ok"]
    assert list(figure.data[0].y) == [3, 2]


def test_cumulative_costs_are_converted_at_the_rate() -> None:
    figure = cumulative_costs([("<b>LoRA</b>", (10.0, 12.0, 14.0))], "costs", rate=5.0, symbol="R$")
    assert list(figure.data[0].y) == [50.0, 60.0, 70.0]
    assert figure.data[0].name == "&lt;b&gt;LoRA&lt;/b&gt;"


def test_a_label_between_dollar_signs_is_not_typeset() -> None:
    # Plotly typesets a text that starts and ends with $ as LaTeX; the $ reach it as entities it decodes.
    figure = label_bars((("$$L$$", 4), ("$5 off", 1)), "labels")
    assert list(figure.data[0].x) == ["&#36;&#36;L&#36;&#36;", "&#36;5 off"]
    assert "$" not in cumulative_costs([("R$ route", (1.0,))], "costs").data[0].name
