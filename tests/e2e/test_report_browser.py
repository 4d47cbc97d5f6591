"""The HTML report opened from disk in real headless Chromium: a dataset full of script payloads runs nothing,
shows the payloads as text, and the page fetches nothing from anywhere."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from advisor.data.loader import load
from advisor.decide.advice import advice_to_dict, advise
from advisor.pricing.scenario import scenario_from_dict
from advisor.render.report import render_html
from tests import markup_payloads

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
SCRIPT = "<script>document.title='pwned'</script>"
IMG = "<img src=x onerror=\"document.title='pwned'\">"
ALERT = "<img src=x onerror=alert(1)>"
MARKUP = markup_payloads.ALL  # Markdown, Streamlit and GitHub markup: text in HTML too

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail("Debian's chromium is required in CI (scripts/test.sh installs it)", pytrace=False)
    pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium", allow_module_level=True)


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("xss")
    rows = [{"messages": [{"role": "user", "content": f"{SCRIPT} ticket {index} {IMG} {ALERT}"},
                          {"role": "assistant", "content": (SCRIPT, IMG, ALERT)[index % 3]}]} for index in range(45)]
    rows.append({"messages": [rows[0]["messages"][0], {"role": "assistant", "content": IMG}]})  # a conflict
    data = folder / f"{IMG}.jsonl"  # a file name cannot hold the "/" of </script>
    data.write_text("".join(json.dumps(row) + "\n" for row in rows) + f"{{broken {SCRIPT}\n", encoding="utf-8")
    advice = advise(load(data), scenario_from_dict({"monthly_requests": 10_000}),
                    task=f"Triage {SCRIPT} {IMG} {MARKUP}", today=date(2026, 11, 25))
    document = advice_to_dict(advice, "en")
    assert SCRIPT in document["analysis"]["profile"]["labels"]  # the payload really is in what gets rendered
    page = folder / "report.html"
    page.write_text(render_html(document, "pt"), encoding="utf-8")
    return page


def test_the_report_runs_no_payload_and_shows_it_as_text(report_file: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    dialogs: list[str] = []
    console: list[str] = []
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1600})
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(report_file.as_uri())
            page.wait_for_load_state("load")
            expect(page.get_by_role("heading", name="Relatório de decisão de fine-tuning")).to_be_visible()
            page.wait_for_timeout(500)  # time for an onerror handler to fire, were an <img> ever parsed

            assert page.title() != "pwned"
            assert page.title() == "Relatório de decisão de fine-tuning"
            assert not dialogs
            assert page.locator("script, img, iframe, object, embed, link").count() == 0
            assert page.evaluate("document.querySelectorAll('[onerror], [onload], [onclick]').length") == 0
            assert requests == [report_file.as_uri()]  # the file itself, nothing else
            assert not [line for line in console if "Content Security Policy" in line]  # nothing even tried

            content = page.content()
            assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in content
            body = page.locator("body").inner_text()
            assert SCRIPT in body and IMG in body and ALERT in body and MARKUP in body  # readable, as text
            assert page.locator("a, strong:text-is('B'), .katex, math").count() == 0
            expect(page.get_by_text(SCRIPT, exact=False).first).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "report_xss.png"), full_page=False)
        finally:
            browser.close()
