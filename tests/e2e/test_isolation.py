"""Two participants on one server, in two browser contexts: nothing of one reaches the other (issue #20 item 5).

Participant A uploads a file whose name and content carry a marker, types an endpoint and a key carrying it, and
runs the LLM baselines against the tests' server on 127.0.0.1; participant B, on the same steps with a bundled
sample, is checked before and after A's run: the marker is nowhere in B's page (text, HTML, field values), and
B shows no upload and no LLM result of its own.
"""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS, app_url, open_app  # noqa: F401 - app_url: a fixture
from tests.llm_server import LLMServer, classification_rows, last_user_text, true_label, write_jsonl


def page_text(page) -> str:  # noqa: ANN001 - everything a participant could read or copy out of the page
    values = page.locator("input, textarea").evaluate_all("nodes => nodes.map(node => node.value)")
    return "\n".join([page.inner_text("body"), page.content(), *values]).replace("\u2060", "")


def go_to(page, step: str, marker: str) -> None:  # noqa: ANN001
    from advisor.ui.strings import text

    page.locator('[data-testid="stRadio"]').filter(has_text=text("step_costs", "en")) \
        .get_by_text(text(f"step_{step}", "en"), exact=True).click()
    page.get_by_role("heading").filter(has_text=marker).first.wait_for(timeout=120_000)


def fill(page, label: str, value: str) -> None:  # noqa: ANN001 - a Streamlit text or number field, committed
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Enter")
    page.wait_for_timeout(700)


def test_one_participants_file_key_endpoint_and_results_never_reach_another(app_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    from advisor.data.samples import sample
    from advisor.ui.strings import text

    marker = f"iso{uuid4().hex[:12]}"
    rows = classification_rows(120)
    for row in rows:  # the marker in every input; the server still answers from the item number
        row["messages"][0]["content"] += f" {marker}"
    path = write_jsonl(tmp_path / f"participant_{marker}.jsonl", rows)
    key = f"sk-{marker}-secret"
    llm, spent = text("llm", "en"), text("spent", "en").split("{")[0]
    uploaded = text("uploaded", "en").split("{")[0]
    with LLMServer(rule=lambda body: true_label(last_user_text(body))) as server, sync_playwright() as playwright:
        endpoint = server.base_url.replace("/v1", f"/{marker}/v1")  # the server answers under any path
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            a, a_errors = open_app(browser, app_url, "en")  # Browser.new_page: a context of its own per page
            b, b_errors = open_app(browser, app_url, "en")
            assert a.context is not b.context

            b.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
                has_text=text("sample", "en")).click()
            b.get_by_role("option", name=sample("translation").text("title", "en")).click()
            go_to(b, "baselines", llm)

            a.locator("input[type=file]").first.set_input_files(str(path))
            expect(a.get_by_text(f"{uploaded}{path.name}")).to_be_visible(timeout=60_000)
            go_to(a, "baselines", llm)
            fill(a, text("endpoint", "en"), endpoint)
            fill(a, text("llm_model", "en"), "test-model")
            fill(a, text("api_key", "en"), key)
            fill(a, text("price_in", "en"), "1")
            fill(a, text("price_out", "en"), "4")
            assert marker not in page_text(b), "B sees A's file, endpoint or key before A's run"

            a.locator('[data-testid="stCheckbox"]').filter(has_text="I approve").locator("label").click()
            a.get_by_role("button", name=text("run_llm", "en")).click()
            expect(a.get_by_text(spent).first).to_be_visible(timeout=120_000)
            assert server.requests and {r.headers["authorization"] for r in server.requests} == {f"Bearer {key}"}
            assert {r.path for r in server.requests} == {f"/{marker}/v1/chat/completions"}
            shown_to_a = page_text(a)
            assert path.name in shown_to_a and endpoint in shown_to_a and key in shown_to_a  # the check can see them

            for step, heading in (("recommendation", text("downloads", "en")), ("baselines", llm)):
                go_to(b, step, heading)  # B's session runs again after A's run
                shown_to_b = page_text(b)
                assert marker not in shown_to_b, f"B sees A's file, endpoint, key or results on {step}"
                assert uploaded not in shown_to_b and key not in shown_to_b
            assert b.get_by_text(spent).count() == 0  # no LLM result in B: A's run stays A's
            expect(b.get_by_label(text("endpoint", "en"), exact=True)).to_have_value("https://api.openai.com/v1")
            expect(b.get_by_label(text("api_key", "en"), exact=True)).to_have_value("")
            assert a_errors == [] and b_errors == []
        finally:
            browser.close()
