"""The glossary (advisor/i18n/glossary.py): every term in both languages, the standard sources, one click away in the app."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor.i18n.glossary import GLOSSARY, term

ROOT = Path(__file__).parent.parent


def test_the_terms_the_issue_names_and_the_ones_the_app_uses_are_all_there() -> None:
    names = {entry.name("en") for entry in GLOSSARY}
    # issue #13 item 4, then the words the steps show (few-shot strategies, training, metrics, hosting)
    for wanted in ("LoRA", "QLoRA", "In-context learning", "Zero-shot", "Macro-F1", "p95 (95th percentile)",
                   "Break-even", "Few-shot", "Retrieved few-shot", "Epoch", "Tokens", "Preference tuning (DPO)",
                   "Tool calling (function calling)", "Continued pre-training", "Balanced accuracy",
                   "Confidence interval (95%)", "Self-hosted"):
        assert wanted in names, wanted
    assert len({entry.key for entry in GLOSSARY}) == len(GLOSSARY)


def test_every_entry_is_written_in_english_and_in_portuguese() -> None:
    for entry in GLOSSARY:
        assert entry.name("en") and entry.name("pt") and entry.definition("en") and entry.definition("pt")
        assert entry.definition("en") != entry.definition("pt"), entry.key
        assert len(entry.definition("en")) < 400, entry.key  # a sentence or two, for a product manager


@pytest.mark.parametrize(("key", "surname", "year", "title", "url"), [
    # the sources issue #13 names, checked against the arXiv pages' titles
    ("lora", "Hu", 2021, "LoRA: Low-Rank Adaptation of Large Language Models", "https://arxiv.org/abs/2106.09685"),
    ("qlora", "Dettmers", 2023, "QLoRA: Efficient Finetuning of Quantized LLMs", "https://arxiv.org/abs/2305.14314"),
    ("preference_tuning", "Rafailov", 2023, "Direct Preference Optimization: Your Language Model is Secretly a "
     "Reward Model", "https://arxiv.org/abs/2305.18290"),
])
def test_standard_sources_name_title_authors_year_and_link(key: str, surname: str, year: int, title: str,
                                                           url: str) -> None:
    source = term(key).source
    assert source is not None
    assert (source.title, source.year, source.url) == (title, year, url)
    assert source.authors.split(",")[0].split()[-1] == surname
    assert source.citation().startswith(f"{surname} et al. ({year}), \u201c{title}\u201d")


def test_every_link_is_a_plain_https_address_markdown_cannot_break() -> None:
    for entry in GLOSSARY:
        if entry.source is not None:
            assert re.fullmatch(r"https://[A-Za-z0-9./_-]+", entry.source.url), entry.key


def test_an_unknown_term_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="lora"):
        term("nope")


def shown(app: AppTest) -> str:
    """The sidebar's Markdown as a reader sees it (escapes dropped)."""
    return "\n".join(re.sub(r"\\(.)", r"\1", element.value) for element in app.sidebar.markdown)


def test_the_glossary_opens_from_the_sidebar_in_portuguese_and_in_english_on_any_step() -> None:
    app = AppTest.from_file(str(ROOT / "page.py"), default_timeout=60)
    app.run()
    lora = term("lora")
    assert lora.definition("pt") not in shown(app)  # closed: nothing drawn
    app.sidebar.toggle(key="show_glossary").set_value(True).run()
    assert not app.exception
    assert app.sidebar.toggle(key="show_glossary").label == "Glossário"
    text = shown(app)
    assert f"**LoRA** — {lora.definition('pt')}" in text
    assert f"Fonte: [{lora.source.citation()}](https://arxiv.org/abs/2106.09685)" in text
    app.sidebar.radio(key="lang").set_value("en").run()
    text = shown(app)
    assert f"**Zero-shot** — {term('zero_shot').definition('en')}" in text and "Source: [Hu et al. (2021)" in text
    app.sidebar.selectbox(key="sample_en").set_value("translation").run()
    app.radio(key="step").set_value("costs").run()
    assert not app.exception and term("break_even").definition("en") in shown(app)
