"""The charts' count axes as Plotly.js draws them in real headless Chromium: thousands written the language's way
(3.000 in Portuguese, 3,000 in English), never "3000", and a small count's axis without repeated ticks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from advisor.data.tokens import ExampleTokens, TokenSummary
from advisor.render.charts import label_bars, token_histogram
from tests.e2e.test_report_browser import CHROMIUM, CHROMIUM_ARGS

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail("Debian's chromium is required in CI (scripts/test.sh installs it)", pytrace=False)
    pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium", allow_module_level=True)


def histogram(examples: int, lang: str):  # noqa: ANN201 - a plotly Figure
    """`examples` examples of 100 to 103 tokens: four bins, each a quarter of them."""
    per_example = tuple(ExampleTokens(line, 100 + line % 4, 90, 10 + line % 4) for line in range(1, examples + 1))
    totals = sorted(item.total for item in per_example)
    return token_histogram(TokenSummary("m", "o200k_base", True, None, sum(totals), totals[-1], 0.0, totals[0],
                                        totals[-1], per_example), "Tokens", lang)


def drawn_ticks(page, figure, axis: str) -> list[str]:  # noqa: ANN001
    page.set_content(figure.to_html(include_plotlyjs=True, full_html=True))  # Plotly.js from the installed package
    page.wait_for_selector(f".{axis}tick text")
    return page.eval_on_selector_all(f".{axis}tick text", "texts => texts.map(text => text.textContent)")


@pytest.fixture(scope="module")
def page():  # noqa: ANN201
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 900, "height": 500})
        finally:
            browser.close()


@pytest.mark.parametrize(("lang", "mark"), [("pt", "."), ("en", ",")])
def test_an_axis_of_thousands_of_examples_writes_them_the_languages_way(page, lang: str, mark: str) -> None:  # noqa: ANN001
    ticks = drawn_ticks(page, histogram(40_000, lang), "y")  # 10,000 examples a bin
    values = [int(tick.replace(mark, "")) for tick in ticks]
    assert max(values) >= 10_000
    assert all(tick == f"{value:,}".replace(",", mark) for tick, value in zip(ticks, values)), ticks
    labels = (("pedido", 12_345), ("troca", 2_500), ("outro", 7))
    ticks = drawn_ticks(page, label_bars(labels, "Rótulos", lang), "x")
    values = [int(tick.replace(mark, "")) for tick in ticks]
    assert max(values) >= 10_000
    assert all(tick == f"{value:,}".replace(",", mark) for tick, value in zip(ticks, values)), ticks


def test_a_small_count_axis_has_no_repeated_tick(page) -> None:  # noqa: ANN001
    ticks = drawn_ticks(page, histogram(8, "en"), "y")  # two examples a bin: Plotly ticks every 0.5 or 0.2
    assert len(ticks) == len(set(ticks)) >= 3, ticks
