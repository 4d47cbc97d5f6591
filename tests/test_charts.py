"""Plotly figures built from results: data shown in them stays text."""

from __future__ import annotations

import random

from advisor.data.tokens import ExampleTokens, TokenSummary
from advisor.render.charts import (
    cumulative_costs,
    example_ticks,
    label_bars,
    labels_left_out,
    learning_curve_chart,
    token_histogram,
)


def test_labels_with_markup_are_escaped_for_plotly() -> None:
    # Plotly renders <a href>, <b> and <br> found in text; a label from the data must show as written.
    figure = label_bars((("<a href='javascript:alert(1)'>x</a>", 3), ("ok", 2)), "labels")
    assert list(figure.data[0].y) == ["&lt;a href='javascript:alert(1)'&gt;x&lt;/a&gt;", "ok"]
    assert list(figure.layout.yaxis.ticktext) == list(figure.data[0].y)  # the axis shows the same, escaped
    assert list(figure.data[0].x) == [3, 2]


def test_cumulative_costs_are_converted_at_the_rate() -> None:
    figure = cumulative_costs([("<b>LoRA</b>", (10.0, 12.0, 14.0))], "costs", rate=5.0, symbol="R$")
    assert list(figure.data[0].y) == [50.0, 60.0, 70.0]
    assert figure.data[0].name == "&lt;b&gt;LoRA&lt;/b&gt;"


def test_a_label_between_dollar_signs_is_not_typeset() -> None:
    # Plotly typesets a text that starts and ends with $ as LaTeX; the $ reach it as entities it decodes.
    figure = label_bars((("$$L$$", 4), ("$5 off", 1)), "labels")
    assert list(figure.data[0].y) == ["&#36;&#36;L&#36;&#36;", "&#36;5 off"]
    assert "$" not in cumulative_costs([("R$ route", (1.0,))], "costs").data[0].name


# --- issue #14 item 5: charts that read, in the reader's language ---------------------------------------------


def skewed_intents() -> tuple[tuple[str, int], ...]:
    """77 intents, intent_00 the most frequent (count falls with the index), handed over shuffled."""
    labels = [(f"intent_{index:02d}", 3 + (77 - index) ** 2 // 10) for index in range(77)]
    random.Random(7).shuffle(labels)
    return tuple(labels)


def test_77_labels_draw_the_25_most_frequent_sorted_and_say_the_rest_as_text() -> None:
    figure = label_bars(skewed_intents(), "Examples per label", "en")
    bars = figure.data[0]
    assert bars.orientation == "h"
    assert list(bars.y) == [f"intent_{index:02d}" for index in range(25)]  # most frequent first, nothing summed
    assert list(bars.x) == [3 + (77 - index) ** 2 // 10 for index in range(25)]
    assert figure.layout.yaxis.autorange == "reversed"  # the first bar on top
    rest = sum(3 + (77 - index) ** 2 // 10 for index in range(25, 77))  # 52 labels
    assert rest == 4956
    assert labels_left_out(skewed_intents(), "en") == (
        "Showing the 25 most frequent labels; 52 more labels hold 4,956 examples.")
    assert labels_left_out(skewed_intents(), "pt") == (
        "Mostrando os 25 rótulos mais frequentes; outros 52 rótulos somam 4.956 exemplos.")
    assert labels_left_out((("a", 3), ("b", 1)), "en") == ""


def test_0_and_1_labels_are_categories_not_numbers() -> None:
    # Plotly guesses a numeric axis from "0" and "1" and draws them at −0.5 … 1.5
    figure = label_bars((("0", 812), ("1", 188)), "labels", "pt")
    assert figure.layout.yaxis.type == "category"
    assert list(figure.data[0].y) == ["0", "1"]
    assert list(figure.layout.yaxis.ticktext) == ["0", "1"]
    assert list(figure.data[0].text) == ["812", "188"]


def test_label_chart_speaks_portuguese() -> None:
    figure = label_bars((("sim", 1500), ("não", 2)), "Exemplos por rótulo", "pt")
    assert figure.layout.yaxis.title.text == "rótulo"
    assert figure.layout.xaxis.title.text == "exemplos"
    assert list(figure.data[0].text) == ["1.500", "2"]
    assert figure.layout.separators == ",."
    assert "exemplos" in figure.data[0].hovertemplate


def test_a_long_label_is_cut_on_the_axis_and_whole_in_the_hover() -> None:
    long = "x" * 60
    figure = label_bars(((long, 5), ("short", 1)), "labels")
    assert list(figure.data[0].y) == [long, "short"]
    assert list(figure.layout.yaxis.ticktext) == ["x" * 39 + "…", "short"]


def curve(sizes: tuple[int, ...]) -> list[tuple[int, float, float, float]]:
    return [(size, 0.5 + index / 10, 0.45 + index / 10, 0.55 + index / 10) for index, size in enumerate(sizes)]


def test_learning_curve_ticks_are_counts_of_examples_in_the_readers_language() -> None:
    # sizes of 10 %, 25 %, 50 % and 100 % of 3,000 examples: the log axis names 300, 1,000 and 3,000, not "2 3 4"
    figure = learning_curve_chart(curve((300, 750, 1500, 3000)), 0.8, "Curva de aprendizado", "acurácia", "pt")
    axis = figure.layout.xaxis
    assert axis.type == "log" and axis.tickmode == "array"
    assert list(axis.tickvals) == [300, 1000, 3000]
    assert list(axis.ticktext) == ["300", "1.000", "3.000"]
    assert axis.title.text == "exemplos de treino"
    assert figure.layout.annotations[0].text == "meta 0,80"
    assert figure.layout.separators == ",."
    english = learning_curve_chart(curve((300, 750, 1500, 3000)), 0.8, "Learning curve", "accuracy", "en")
    assert list(english.layout.xaxis.ticktext) == ["300", "1,000", "3,000"]
    assert english.layout.xaxis.title.text == "training examples"


def test_every_tick_of_the_learning_curve_is_inside_its_frame() -> None:
    # 10 % … 100 % of 2,400: a tick at 3,000 sat on the frame's edge and Plotly dropped it, leaving two ticks
    for sizes in ((240, 600, 1200, 2400), (48, 120, 240, 480), (241, 601, 1202, 2404)):
        axis = learning_curve_chart(curve(sizes), 0.8, "curve", "accuracy").layout.xaxis
        first, last = 10 ** axis.range[0], 10 ** axis.range[1]
        assert first < min(sizes) and max(sizes) < last
        assert len(axis.tickvals) >= 3 and all(first * 1.05 < tick < last / 1.05 for tick in axis.tickvals), sizes


def test_example_ticks_are_round_counts_inside_the_span() -> None:
    assert example_ticks(8, 3000) == [10, 30, 100, 300, 1000, 3000]
    assert example_ticks(40, 90) == [40, 50, 60, 70, 80]
    assert example_ticks(160, 1250) == [200, 500, 1000]
    assert example_ticks(2, 1_000_000) == [10, 100, 1000, 10_000, 100_000, 1_000_000]


def test_cumulative_costs_speak_portuguese_in_reais() -> None:
    figure = cumulative_costs([("LoRA", (100.0, 110.0, 120.0))], "Custo acumulado", rate=5.0, symbol="R$",
                              lang="pt")
    assert figure.layout.xaxis.title.text == "mês (0: treino)"
    assert figure.layout.yaxis.title.text == "custo acumulado (R&#36;)"
    assert figure.layout.yaxis.tickprefix == "R&#36; "
    assert figure.layout.separators == ",."
    assert list(figure.data[0].x) == [0, 1, 2] and figure.layout.xaxis.dtick == 1
    assert figure.data[0].hovertemplate.startswith("%{fullData.name}<br>mês %{x}: R&#36; %{y:,.2f}")


def test_token_histogram_speaks_portuguese() -> None:
    per_example = tuple(ExampleTokens(line=line, total=1000 + line, input=1000, output=line) for line in range(1, 5))
    summary = TokenSummary("m", "o200k_base", True, "", 4010, 1004, 1002.5, 1234, 2345, per_example)
    figure = token_histogram(summary, "Tokens por exemplo", "pt")
    assert figure.layout.xaxis.title.text == "tokens por exemplo"
    assert figure.layout.yaxis.title.text == "exemplos"
    assert [note.text for note in figure.layout.annotations] == ["p50 1.234", "p95 2.345"]


def test_a_narrow_token_histogram_has_whole_token_bins_and_ticks() -> None:
    # 2,300 examples of 24 to 26 tokens drew ticks at "24,5" and bars between whole tokens
    per_example = tuple(ExampleTokens(line=line, total=24 + line % 3, input=20, output=4 + line % 3)
                        for line in range(2300))
    summary = TokenSummary("m", "o200k_base", True, "", 0, 26, 25.0, 25, 26, per_example)
    figure = token_histogram(summary, "Tokens", "pt")
    bars = figure.data[0]
    assert list(bars.x) == [24, 25, 26] and list(bars.customdata) == ["24", "25", "26"]
    assert list(bars.y) == [sum(1 for line in range(2300) if 24 + line % 3 == value) for value in (24, 25, 26)]
    assert figure.layout.xaxis.dtick == 1 and figure.layout.xaxis.tickformat == ",d"


def test_the_token_histogram_is_binned_before_it_is_sent_and_counts_every_example() -> None:
    """100,000 examples become about 50 bars of whole-token bins (a Plotly histogram sent every value to the
    browser); each bar counts the examples of its span, counted here directly."""
    import random

    draw = random.Random(7)
    values = [draw.randint(40, 4000) for _ in range(100_000)]
    per_example = tuple(ExampleTokens(line=line, total=value, input=value, output=0)
                        for line, value in enumerate(values, start=1))
    summary = TokenSummary("m", "o200k_base", True, "", sum(values), max(values), 0.0, 0, 0, per_example)
    figure = token_histogram(summary, "Tokens", "en")
    bars = figure.data[0]
    low, width = min(values), -(-(max(values) - min(values) + 1) // 50)
    assert 45 <= len(bars.y) <= 51 and sum(bars.y) == len(values)
    for index in (0, 17, len(bars.y) - 1):
        first = low + index * width
        assert bars.y[index] == sum(1 for value in values if first <= value < first + width)
        assert bars.customdata[index] == f"{first:,}–{first + width - 1:,}"
        assert bars.x[index] == first + (width - 1) / 2
    assert len(figure.to_json()) < 20_000  # the bars, not the 100,000 values


def test_two_labels_get_room_to_be_seen() -> None:
    # at 188 px the 0/1 chart left 8 px between Plotly's default margins (100 top, 80 bottom) for two bars
    figure = label_bars((("0", 480), ("1", 120)), "labels", "pt")
    margin = figure.layout.margin
    plot_area = figure.layout.height - (margin.t if margin.t is not None else 100) - (
        margin.b if margin.b is not None else 80)
    assert plot_area >= 2 * 30
