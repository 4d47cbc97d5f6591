"""End to end in real headless Chromium: `streamlit run app.py`, upload a file, read the page."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.data.loader import load
from advisor.data.samples import load_samples
from advisor.data.tokens import count_tokens

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "formats"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail("Debian's chromium is required in CI (scripts/test.sh installs it)", pytrace=False)
    pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail(f"streamlit did not start: {server.stdout.read1().decode(errors='replace')[-2000:]}")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_upload_in_the_browser_shows_counts_and_tokens(app_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    fixture = FIXTURES / "openai_chat.jsonl"
    tokens = count_tokens(load(fixture), "gpt-4.1-mini")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            page.goto(app_url)
            expect(page.get_by_text("Consultor de decisão de fine-tuning")).to_be_visible(timeout=30_000)
            page.get_by_text("English", exact=True).click()
            expect(page.get_by_text("Fine-tuning decision advisor")).to_be_visible(timeout=30_000)
            page.locator("input[type=file]").set_input_files(str(fixture))
            expect(page.get_by_text("Format: OpenAI chat (messages)")).to_be_visible(timeout=30_000)
            total = page.locator('[data-testid="stMetric"]', has_text="Total tokens")
            expect(total).to_contain_text(f"{tokens.total:,}", timeout=30_000)
            expect(page.get_by_text("No line was rejected.")).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "upload_openai_chat.png"), full_page=True)
        finally:
            browser.close()


def open_app(browser, app_url: str, lang: str):  # noqa: ANN001, ANN201 - a Playwright page on the app
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(app_url)
    expect(page.get_by_text("Consultor de decisão de fine-tuning")).to_be_visible(timeout=30_000)
    if lang == "en":
        page.get_by_text("English", exact=True).click()
        expect(page.get_by_text("Fine-tuning decision advisor")).to_be_visible(timeout=30_000)
    return page, errors


def go_to_recommendation(page, lang: str) -> None:  # noqa: ANN001
    from advisor.ui.strings import text

    page.get_by_text(text("step_recommendation", lang), exact=True).click()


def pick_sample(page, chosen, lang: str):  # noqa: ANN001, ANN201 - Playwright page, Sample; the sidebar locator
    """Choose a bundled sample in the sidebar by its title in `lang`."""
    from advisor.ui.strings import text

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    sidebar = page.locator('[data-testid="stSidebar"]')
    option = page.get_by_role("option", name=chosen.text("title", lang))
    for attempt in range(3):  # a run still drawing the first page redraws the box and closes its list (CI, 2026-12-04)
        sidebar.locator('[data-testid="stSelectbox"]').filter(has_text=text("sample", lang)).click()
        try:
            option.click(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    return sidebar


def expect_answer(page, lang: str, expected: str) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    from advisor.decide.recommend import OPTION_NAMES
    from advisor.ui.strings import text

    if expected == "fix_data":
        expect(page.get_by_text(text("fix_first", lang))).to_be_visible(timeout=120_000)
    elif expected == "measure":  # no LLM measured and money does not decide: the plan, not an answer
        expect(page.get_by_text(text("measure_plan", lang), exact=True)).to_be_visible(timeout=120_000)
    else:
        # as the page shows it (the option's name is escaped in the Markdown)
        answer = text("answer", lang, option=OPTION_NAMES[expected][lang], confidence="").replace("\\", "").split("(")[0]
        expect(page.get_by_text(answer.replace("**", ""), exact=False).first).to_be_visible(timeout=120_000)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


SAMPLES = [(item.id, item.expected, lang) for item in load_samples()
           for lang in ("pt", "en")]


@pytest.mark.parametrize(("sample_id", "expected", "lang"), SAMPLES)
def test_each_sample_reaches_its_recommendation_in_both_languages(app_url: str, sample_id: str, expected: str,
                                                                  lang: str) -> None:
    from playwright.sync_api import sync_playwright

    from advisor.data.samples import sample

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page, errors = open_app(browser, app_url, lang)
            pick_sample(page, sample(sample_id), lang)
            go_to_recommendation(page, lang)
            expect_answer(page, lang, expected)
            page.screenshot(path=str(ARTIFACTS / f"sample_{sample_id}_{lang}.png"), full_page=True)
            assert errors == []
        finally:
            browser.close()


def test_an_uploaded_file_reaches_the_recommendation(app_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from advisor.decide.advice import advise
    from advisor.pricing.scenario import scenario_from_dict
    from tests.llm_server import classification_rows, write_jsonl

    path = write_jsonl(tmp_path / "things.jsonl", classification_rows(150))
    expected = advise(load(path), scenario_from_dict({"monthly_requests": 10_000})).recommendation.next_step
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page, errors = open_app(browser, app_url, "en")
            page.locator("input[type=file]").first.set_input_files(str(path))
            page.get_by_text("Examples kept").wait_for(timeout=60_000)
            go_to_recommendation(page, "en")
            expect_answer(page, "en", expected)
            page.screenshot(path=str(ARTIFACTS / "upload_recommendation.png"), full_page=True)
            assert errors == []
        finally:
            browser.close()


def test_an_uploads_analysis_shows_its_steps_in_a_bar_and_no_spinner(app_url: str, tmp_path: Path) -> None:
    """While an upload is read and analysed, the page says which step is under way in a progress bar, and nothing
    animates (a spinner kept the browser compositing frames, taking a core from the analysis: issue #15); once
    the analysis is in, the bar gives way to the token chart."""
    import json
    import random
    import re

    from playwright.sync_api import expect, sync_playwright

    words = "pedido entrega troca reembolso cliente produto atraso nota boleto prazo loja suporte".split()
    draw = random.Random(7)
    path = tmp_path / "chats.jsonl"
    path.write_text("".join(json.dumps({"messages": [
        {"role": "user", "content": " ".join(draw.choices(words, k=30)) + f" #{index}"},
        {"role": "assistant", "content": " ".join(draw.choices(words, k=20))}]}) + "\n" for index in range(30_000)),
        encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page, errors = open_app(browser, app_url, "en")
            page.locator("input[type=file]").first.set_input_files(str(path))
            # checked on every frame the browser draws (a step lasts a fraction of a second): past the reading, what
            # was read drawn above the bar while the analysis runs (the metrics' code loaded: its placeholders shimmer)
            seen = page.wait_for_function("""() => {
                const bar = document.querySelector('[data-testid="stProgress"]');
                const read = document.querySelectorAll('[data-testid="stMetric"]').length >= 4;
                return bar && read && /Analysing, step [2-6]/.test(bar.innerText) ? {said: bar.innerText.trim(),
                    spinners: document.querySelectorAll('[data-testid="stSpinnerIcon"]').length,
                    animations: document.getAnimations().filter(a => !(a instanceof CSSTransition)).length} : null;
            }""", polling="raf", timeout=60_000).json_value()
            assert re.fullmatch(r"Analysing, step [2-6] of 6: [a-z ,]+…", seen["said"]), seen
            assert seen["spinners"] == 0 and seen["animations"] == 0, seen
            expect(page.locator('[data-testid="stMetric"]', has_text="Total tokens")).to_be_visible(timeout=60_000)
            expect(page.locator('[data-testid="stProgress"]')).to_have_count(0)
            assert errors == []
        finally:
            browser.close()


def test_user_text_shows_as_written_and_never_as_formatting(app_url: str) -> None:
    """A file whose name, columns, labels and texts are Markdown, Streamlit and HTML payloads: in the page they
    read as typed; no link to evil.example, no bold, colour or math made from them, no tag from the data."""
    from playwright.sync_api import expect, sync_playwright

    from tests.markup_payloads import BOLD, COLOUR, DISPLAY_MATH, INLINE_MATH, LINK
    from tests.test_app import payload_table

    name = f"{BOLD} {COLOUR} {INLINE_MATH} [x](evil) .csv"  # a file name cannot hold the link's slashes
    header = f"{LINK} {BOLD} {COLOUR} {DISPLAY_MATH}"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page, errors = open_app(browser, app_url, "en")
            page.locator("input[type=file]").first.set_input_files(
                files=[{"name": name, "mimeType": "text/csv", "buffer": payload_table()}])
            for label, index in (("Input column", 0), ("Output column", 1)):
                page.locator('[data-testid="stSelectbox"]').filter(has_text=label).click()
                page.get_by_role("option").nth(index).click()
            expect(page.get_by_text("Columns used:")).to_be_visible(timeout=60_000)
            page.screenshot(path=str(ARTIFACTS / "payload_data.png"), full_page=True)
            shown = page.inner_text("body").replace("\u2060", "")  # the escaping breaks bare links with it
            assert f"Using your file {name}" in shown
            assert f"Columns used: {header}" in shown
            page.get_by_text("2. Profile", exact=True).click()
            expect(page.get_by_text("Examples per label").first).to_be_visible(timeout=60_000)
            page.screenshot(path=str(ARTIFACTS / "payload_profile.png"), full_page=True)
            for step in ("1. Data", "2. Profile"):
                page.get_by_text(step, exact=True).click()
                page.wait_for_timeout(1500)
                links = page.locator('a[href*="evil.example"]')
                assert links.count() == 0, (step, links.evaluate_all("ns => ns.map(n => n.parentElement.outerHTML)"))
                assert page.locator("strong, b").filter(has_text="B").evaluate_all(
                    "nodes => nodes.filter(n => n.textContent.trim() === 'B').length") == 0, step
                assert page.locator(".katex, .katex-display, math").count() == 0, step
                assert page.locator("script:not([src])").filter(has_text="alert(1)").count() == 0, step
                assert page.locator("img[src='x']").count() == 0, step
                assert page.locator("[data-testid='stException']").count() == 0, step
            assert errors == []
        finally:
            browser.close()


def test_a_language_switch_keeps_the_sample_the_step_and_the_scenario(app_url: str) -> None:
    """Issue #14 item 1: the browser sends back the label it shows, so a choice whose label changes with the
    language was lost after Português → English, and the next click showed "Upload a file to start"."""
    from playwright.sync_api import expect, sync_playwright

    from advisor.data.samples import sample
    from advisor.ui.strings import text

    chosen = sample("tickets")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page, errors = open_app(browser, app_url, "pt")
            sidebar = pick_sample(page, chosen, "pt")
            go_to_recommendation(page, "pt")
            expect_answer(page, "pt", chosen.expected)
            page.get_by_text("English", exact=True).click()
            expect_answer(page, "en", chosen.expected)  # the step survived
            box = sidebar.locator('[data-testid="stSelectbox"]').filter(has_text=text("sample", "en")).get_by_role(
                "combobox")
            expect(box).to_have_value(chosen.text("title", "en"), timeout=30_000)
            page.get_by_text(text("step_costs", "en"), exact=True).click()  # the click that used to lose it
            expect(page.get_by_text(text("step_costs", "en").split(". ")[1], exact=False).first).to_be_visible()
            expect(box).to_have_value(chosen.text("title", "en"), timeout=30_000)
            expect(page.get_by_text(text("waiting", "en"))).to_have_count(0)
            monthly = page.get_by_label(text("monthly_requests", "en"))
            expect(monthly).to_have_value(f"{chosen.scenario_fields['monthly_requests']}", timeout=30_000)
            page.get_by_text("BRL", exact=True).click()
            page.get_by_text("USD", exact=True).click()  # a currency switch keeps them too
            expect(box).to_have_value(chosen.text("title", "en"), timeout=30_000)
            expect(page.get_by_text(text("waiting", "en"))).to_have_count(0)
            assert errors == []
        finally:
            browser.close()


def test_the_downloads_arrive_whole(app_url: str) -> None:
    """The report, the saved analysis and the export zip of a bundled sample, each clicked once (a download that
    also reran the page was sometimes cancelled, issue #20)."""
    import json
    import zipfile

    from playwright.sync_api import expect, sync_playwright

    from advisor.data.samples import sample
    from advisor.ui.strings import text

    chosen = sample("invoices")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page, errors = open_app(browser, app_url, "en")
            pick_sample(page, chosen, "en")
            go_to_recommendation(page, "en")
            expect(page.get_by_role("button", name=text("download_html", "en"))).to_be_visible(timeout=120_000)
            got = {}
            for name in ("download_html", "download_json", "download_export"):
                with page.expect_download(timeout=60_000) as download:
                    page.get_by_role("button", name=text(name, "en")).click()
                got[name] = Path(download.value.path()).read_bytes()
            from advisor.decide.recommend import OPTION_NAMES

            assert got["download_html"].startswith(b"<!DOCTYPE html>")
            assert OPTION_NAMES[chosen.expected]["en"].encode() in got["download_html"]
            document = json.loads(got["download_json"])
            assert document["schema"] == "ft-advisor/analysis"
            assert document["recommendation"]["next_step"] == chosen.expected
            with zipfile.ZipFile(io.BytesIO(got["download_export"])) as archive:
                names = archive.namelist()
            assert any(name.startswith("train") for name in names)
            assert errors == []
        finally:
            browser.close()
