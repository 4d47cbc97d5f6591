"""The forwardable report (advisor/render/report/ and `advisor report`): its numbers are the saved analysis' numbers,
it speaks both languages, no text from the data can become markup, and the HTML loads nothing.

Expected values are computed here from the document dict (`advice_to_dict`), never with the renderer's helpers.
"""

from __future__ import annotations

import copy
import json
import random
import re
import shutil
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from advisor.data.loader import load
from advisor.decide.advice import advice_to_dict, advise, dumps, load_document
from advisor.decide.recommend import OPTION_NAMES
from advisor.i18n.messages import render
from advisor.pricing.scenario import scenario_from_dict
from advisor.render.report import render_html, render_markdown
from tests import markup_payloads
from tests.markup_payloads import unescaped

TODAY = date(2026, 11, 25)
ADVISOR = shutil.which("advisor", path=str(Path(sys.executable).parent)) or "advisor"
WORDS = {
    "billing": "invoice charge refund payment card statement",
    "bug": "crash error broken fails screen freezes",
    "account": "password login email reset user locked",
    "feature": "add support request wish option export",
}
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MARKUP = "#a|b*_[x](javascript:alert(1))`tick`"
STREAMLIT_MARKUP = markup_payloads.ALL
HEADINGS = {
    "en": ("Summary", "The answer", "The money", "Risks", "Next step", "What would change the answer",
           "The evidence", "Baselines", "Cost of every route", "Engineer's appendix", "Starting hyperparameters"),
    "pt": ("Resumo", "A resposta", "O dinheiro", "Riscos", "Próximo passo", "O que mudaria a resposta",
           "As evidências", "Linhas de base", "Custo de cada rota", "Apêndice para engenharia",
           "Hiperparâmetros iniciais"),
}


def write_jsonl(path: Path, rows: list[dict], tail: str = "") -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows) + tail, encoding="utf-8")
    return path


def ticket_rows(count: int = 160, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        label = list(WORDS)[index % len(WORDS)]
        text = f"Ticket {index}: " + " ".join(rng.choice(WORDS[label].split()) for _ in range(8))
        if index % 40 == 0:
            text += f" write to user{index}@example.com"
        rows.append({"messages": [{"role": "system", "content": "Classify the support ticket."},
                                  {"role": "user", "content": text}, {"role": "assistant", "content": label}]})
    return rows + rows[:12]  # exact duplicates


def document_for(path: Path, lang: str = "en", task: str = "Classify support tickets", requests: int = 20_000) -> dict:
    advice = advise(load(path), scenario_from_dict({"monthly_requests": requests}), task=task, today=TODAY)
    return advice_to_dict(advice, lang)


@pytest.fixture(scope="module")
def tickets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("tickets") / "tickets.jsonl", ticket_rows(), tail="{not json\n\n")


@pytest.fixture(scope="module")
def document(tickets: Path) -> dict:
    return document_for(tickets)


@pytest.fixture(scope="module")
def xss_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = []
    for index in range(45):
        rows.append({"messages": [
            {"role": "user", "content": f"{SCRIPT} case {index} {IMG} {MARKUP} {STREAMLIT_MARKUP}"},
            {"role": "assistant", "content": (SCRIPT, IMG, MARKUP)[index % 3]},
        ]})
    rows.append({"messages": [rows[0]["messages"][0], {"role": "assistant", "content": IMG}]})  # a conflict
    folder = tmp_path_factory.mktemp("xss")
    return write_jsonl(folder / f"{IMG} {SCRIPT.replace('/', '')}.jsonl", rows, tail=f"{{broken {SCRIPT}\n")


@pytest.fixture(scope="module")
def xss_document(xss_file: Path) -> dict:
    return document_for(xss_file, task=f"# Route tickets {SCRIPT} {IMG} {MARKUP} {STREAMLIT_MARKUP}")


def money(amount: float) -> str:
    if 0 < abs(amount) < 0.005:
        return "< 0.01"
    return f"{amount:,.2f}" if abs(amount) < 1e6 else f"{amount:,.0f}"


def plain(markdown: str) -> str:
    """Markdown as a reader sees the words: backslash escapes and entities resolved."""
    import html

    return html.unescape(re.sub(r"\\(.)", r"\1", markdown)).replace("\u2060", "")  # the escaping's word joiner


def visible(page: str) -> str:
    """HTML as text (tags dropped, entities resolved)."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", page))


# --- the numbers ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_the_summary_carries_the_documents_answer_counts_and_money(document: dict, lang: str) -> None:
    best = document["recommendation"]["ranking"][0]
    analysis, currency = document["analysis"], document["costs"]["currency"]
    total = best["costs"]["horizon_total"]

    def written(number: str) -> str:  # pt-BR swaps the separators: 20.000 and R$ 1.960,03
        return number.translate(str.maketrans(",.", ".,")) if lang == "pt" else number

    expected = [
        OPTION_NAMES[best["option"]][lang],
        {"en": "Together LoRA of Llama 3.1 8B", "pt": "LoRA de Llama 3.1 8B na Together"}[lang]
        if best["costs"]["label"] == "Together LoRA of Llama 3.1 8B" else best["costs"]["label"],
        f"US$ {written(money(total['usd']))}",
        f"R$ {written(money(total['brl']))}",
        written(f"{currency['per_usd']:g}"),
        currency["as_of"],
        written(f"{analysis['lines_read']:,}"),
        written(f"{analysis['examples_kept']:,}"),
        written(f"{analysis['lines_rejected']:,}"),
        written(f"{analysis['blank_lines']:,}"),
        written(f"{document['scenario']['monthly_requests']:,}"),
        document["task"],
    ]
    markdown, page = plain(render_markdown(document, lang)), visible(render_html(document, lang))
    for value in expected:
        assert value in markdown, value
        assert value in page, value
    # the answer comes first: before the evidence starts
    assert markdown.index(OPTION_NAMES[best["option"]][lang]) < markdown.index(HEADINGS[lang][6])


def test_every_option_shows_training_monthly_and_horizon_of_its_cheapest_route(document: dict) -> None:
    summary = plain(render_markdown(document, "en")).split("## The evidence")[0]
    for item in document["recommendation"]["ranking"]:
        costs = item["costs"]
        if costs is None:
            continue
        for part in ("monthly", "horizon_total") + (("training",) if costs["training"] else ()):
            shown = f"US$ {money(costs[part]['usd'])} (R$ {money(costs[part]['brl'])})"
            assert shown in summary, (item["option"], part)


def test_every_route_appears_with_its_total_and_the_date_of_its_source(document: dict) -> None:
    evidence = plain(render_markdown(document, "en")).split("## The evidence")[1]
    for routes in document["costs"]["options"].values():
        for route in routes:
            assert route["label"] in evidence
            if route["horizon_total"] is not None:
                assert f"US$ {money(route['horizon_total']['usd'])}" in evidence
            for source in route["sources"]:
                assert source["as_of"] in evidence
    for item in document["costs"]["break_even"]:
        if item["status"] == "crosses":
            assert f"{item['monthly_requests']:,.0f} requests a month" in evidence


def test_evidence_lists_baselines_with_intervals_labels_pii_counts_and_hyperparameters(document: dict) -> None:
    report = plain(render_markdown(document, "en"))
    for item in document["baselines"]["offline"]:
        assert f"{item['score']:.2f} | [{item['ci_low']:.2f}–{item['ci_high']:.2f}] | {item['n']:,}" in report
    for label, count in document["analysis"]["profile"]["labels"].items():
        assert f"| {label} | {count:,} |" in report
    for kind, lines in document["analysis"]["profile"]["pii_lines"].items():
        assert ", ".join(map(str, lines)) in report, kind
    assert "example.com" not in report  # counts and line numbers only
    for item in document["recommendation"]["hyperparameters"]["values"]:
        assert f"| {item['name']} | {item['value']} | {item['source']} |" in report
    assert json.dumps(document["scenario"], indent=2, ensure_ascii=False) in report


def test_long_lists_of_lines_are_capped_with_a_count(document: dict) -> None:
    import copy

    document = copy.deepcopy(document)
    lines = list(range(2, 90, 2))  # one finding on 44 lines, as Bedrock's system-prompt rule gives
    document["analysis"]["issues"] += [
        {"line": line, "severity": "error", "code": "system_not_top_level", "platform": "bedrock",
         "message": "The system prompt must be the top-level \"system\" field."} for line in lines]
    report = plain(render_markdown(document, "en"))
    assert f"{', '.join(map(str, lines[:20]))} … and {len(lines) - 20:,} more." in report
    assert ", ".join(map(str, lines[:21])) not in report


# --- languages ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_each_language_has_its_own_headings(document: dict, lang: str) -> None:
    other = "pt" if lang == "en" else "en"
    for report in (plain(render_markdown(document, lang)), visible(render_html(document, lang))):
        for heading in HEADINGS[lang]:
            assert heading in report, heading
        for heading in ("The money", "Next step", "O dinheiro", "Próximo passo"):
            if heading in HEADINGS[other]:
                assert heading not in report
    assert f'<html lang="{"pt-BR" if lang == "pt" else "en"}">' in render_html(document, lang)


def test_reasons_saved_in_english_are_rendered_again_in_portuguese(document: dict) -> None:
    report = plain(render_markdown(document, "pt"))
    recommendation = document["recommendation"]
    points = recommendation["ranking"][0]["reasons"] + recommendation["what_would_change"]
    for point in points:
        portuguese = render(point["code"], point["args"].items(), "pt")
        assert portuguese in report
        if portuguese != point["text"]:
            assert point["text"] not in report
    if recommendation["next_step"] == "measure":  # no LLM measured and money immaterial (issue #13)
        assert "Meça antes de decidir." in report
        assert render(recommendation["measure"]["why"]["code"], recommendation["measure"]["why"]["args"].items(),
                      "pt") in report
    else:
        assert f"Recomendado: {OPTION_NAMES[recommendation['ranking'][0]['option']]['pt']}" in report


def test_the_language_defaults_to_the_one_the_analysis_was_saved_in(document: dict) -> None:
    portuguese = dict(document, lang="pt")
    assert render_markdown(portuguese) == render_markdown(portuguese, "pt")
    assert render_html(document) == render_html(document, "en")
    with pytest.raises(ValueError):
        render_markdown(document, "fr")


# --- what to do first ---------------------------------------------------------------------------------------------


def test_contradictory_data_says_fix_it_first_and_how_many_lines(tmp_path: Path) -> None:
    rows = ticket_rows(60)
    for index in range(10):  # the same ticket with a different queue: 20 contradictory lines of 70
        twin = copy.deepcopy(rows[index])
        twin["messages"][2]["content"] = list(WORDS)[(index + 1) % len(WORDS)]
        rows.append(twin)
    document = document_for(write_jsonl(tmp_path / "conflicts.jsonl", rows))
    recommendation = document["recommendation"]
    assert recommendation["next_step"] == "fix_data"
    lines = sum(int(str(item["args"]["lines"]).replace(",", "")) for item in recommendation["fix_first"])
    conflict_lines = sorted(line for group in document["analysis"]["profile"]["conflicts"] for line in group["lines"])
    assert lines == len(conflict_lines)
    english, portuguese = plain(render_markdown(document, "en")), plain(render_markdown(document, "pt"))
    assert f"Fix the data first: {lines:,} lines need attention" in english
    assert f"Corrija os dados antes: {lines:,} linhas precisam de atenção" in portuguese
    assert ", ".join(map(str, conflict_lines[:20])) in english


def test_llm_results_are_shown_when_the_document_has_them(document: dict) -> None:
    with_llm = copy.deepcopy(document)
    with_llm["baselines"]["llm"] = {
        "llm": [{"strategy": "zero_shot", "shots": 0, "metric": "accuracy", "score": 0.8125, "ci_low": 0.6875,
                 "ci_high": 0.9375, "n": 32, "calls": 32, "failed_calls": 0, "cached_calls": 0, "skipped_calls": 0,
                 "unparsed": 1, "input_tokens": 4000, "output_tokens": 64, "cost_usd": 0.0123},
                {"strategy": "retrieved", "shots": 5, "metric": "accuracy", "score": 0.9062, "ci_low": 0.8125,
                 "ci_high": 1.0, "n": 32, "calls": 32, "failed_calls": 0, "cached_calls": 0, "skipped_calls": 0,
                 "unparsed": 0, "input_tokens": 9000, "output_tokens": 64, "cost_usd": 0.0251}],
        "spent_usd": 0.0374, "budget_usd": 1.0, "calls_made": 64, "calls_skipped": 0, "requests": 64,
        "llm_evaluation": {"model": "gpt-4.1-mini", "task_kind": "classification", "instructions": SCRIPT,
                           "held_out_examples": 32, "interrupted": False, "error": None, "failures": {},
                           "budget": {}},
        "judge": None,
    }
    report = plain(render_markdown(with_llm, "en"))
    assert "| zero-shot | 0 | accuracy | 0.81 | [0.69–0.94] | 32 | US$ 0.01 |" in report
    assert "| few-shot, most similar examples | 5 | accuracy | 0.91 | [0.81–1.00] | 32 | US$ 0.03 |" in report
    assert "spent US$ 0.04 of a US$ 1.00 budget (64 calls)" in report
    assert "No LLM was called" in plain(render_markdown(document, "en"))


# --- escaping -----------------------------------------------------------------------------------------------------


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def test_the_payload_reaches_the_document_so_the_escaping_is_really_tested(xss_document: dict) -> None:
    saved = dumps(xss_document)
    assert json.dumps(SCRIPT)[1:-1] in saved and "onerror=alert(1)" in saved
    assert {SCRIPT, IMG, MARKUP} <= set(xss_document["analysis"]["profile"]["labels"])
    assert IMG in xss_document["analysis"]["source"] and SCRIPT in xss_document["task"]
    assert any(IMG in answer["answer"] for group in xss_document["analysis"]["profile"]["conflicts"]
               for answer in group["answers"])


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_html_shows_the_payload_as_text_and_never_as_markup(xss_document: dict, lang: str) -> None:
    page = render_html(xss_document, lang)
    assert "<script" not in page.lower()
    assert not re.search(r"<[^<>]*\bon\w+\s*=", page, re.IGNORECASE)
    parser = Tags()
    parser.feed(page)
    assert {tag for tag, _ in parser.tags} <= {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2",
                                              "h3", "h4", "p", "strong", "ul", "li", "table", "thead", "tbody", "tr",
                                              "th", "td", "span", "figure", "figcaption", "svg", "text", "rect",
                                              "div", "i", "pre"}
    assert not [name for _, attrs in parser.tags for name, _ in attrs if name.lower().startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    text = visible(page)
    assert SCRIPT in text and IMG in text and STREAMLIT_MARKUP in text  # readable as text


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_markdown_shows_the_payload_as_text_and_never_as_markup(xss_document: dict, lang: str) -> None:
    report = render_markdown(xss_document, lang)
    assert "<" not in report  # every < of the data became &lt;
    assert all(line.startswith("> ") for line in report.splitlines() if ">" in line.replace("&gt;", ""))
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in report
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in report
    assert not re.search(r"(?<!\\)\]\(", report)  # no link can form
    assert "\\[x\\]\\(javascript\\:" in report and "\\`tick\\`" in report and "\\#a\\|b" in report
    # Streamlit's and GitHub's extensions too: math, colour directives, bare links; the words stay readable
    assert unescaped(report) == []
    assert STREAMLIT_MARKUP in plain(report)
    for table in re.findall(r"(?:^\|.*\|$\n?)+", report, re.MULTILINE):
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table.strip().splitlines()}
        assert len(widths) == 1, table  # a | in the data never adds a column
    assert not re.search(r"^\s*#", "\n".join(line for line in report.splitlines() if not re.match(r"#{1,4} ", line)),
                         re.MULTILINE)


def test_html_loads_nothing_and_forbids_scripts(document: dict, xss_document: dict) -> None:
    for page in (render_html(document, "en"), render_html(xss_document, "pt")):
        assert not re.search(r"""\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:|//)""", page, re.I)
        assert not re.search(r"<(?:link|script|iframe|object|embed|img|base|form)\b", page, re.I)
        assert "@import" not in page and "url(" not in page
        assert ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
                "style-src 'unsafe-inline'; img-src data:\">") in page
        assert page.count("<svg") >= 2  # charts drawn inline


def test_no_api_key_from_the_environment_reaches_the_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "sk-report-test-5f1e2d3c4b5a69788796a5b4c3d2e1f0"
    monkeypatch.setenv("OPENAI_API_KEY", secret)
    document = document_for(Path(__file__).parent / "fixtures" / "formats" / "openai_chat.jsonl")
    for lang in ("en", "pt"):
        assert secret not in render_html(document, lang)
        assert secret not in render_markdown(document, lang)
    assert secret not in dumps(document)


# --- reopening ----------------------------------------------------------------------------------------------------


def test_a_saved_analysis_renders_the_same_report_without_the_data(tickets: Path, tmp_path: Path) -> None:
    data = shutil.copy(tickets, tmp_path / "copy.jsonl")
    document = document_for(Path(data))
    before = {(kind, lang): render(document, lang) for kind, render in (("md", render_markdown), ("html", render_html))
              for lang in ("en", "pt")}
    saved = tmp_path / "analysis.json"
    saved.write_text(dumps(document), encoding="utf-8")
    Path(data).unlink()
    reopened = load_document(saved)
    after = {(kind, lang): render(reopened, lang) for kind, render in (("md", render_markdown), ("html", render_html))
             for lang in ("en", "pt")}
    assert after == before


# --- the command line ---------------------------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ADVISOR, *args], capture_output=True, text=True, timeout=180)


def test_cli_writes_markdown_and_html_and_reopens_a_saved_analysis(tickets: Path, tmp_path: Path) -> None:
    saved, page, markdown = tmp_path / "analysis.json", tmp_path / "report.html", tmp_path / "report.md"
    result = run("report", str(tickets), "--task", "Classify support tickets", "--out", str(page), "--lang", "pt",
                 "--monthly-requests", "20000", "--save-analysis", str(saved))
    assert result.returncode == 0, result.stderr
    document = load_document(saved)
    assert document["lang"] == "pt" and document["scenario"]["monthly_requests"] == 20_000
    html_text = page.read_text(encoding="utf-8")
    assert html_text.startswith("<!DOCTYPE html>") and "Resumo" in html_text
    amount = money(document['recommendation']['ranking'][0]['costs']['horizon_total']['usd'])
    assert f"US$ {amount.translate(str.maketrans(',.', '.,'))}" in html_text  # written the Brazilian way

    result = run("report", "--from", str(saved), "--out", str(markdown))
    assert result.returncode == 0, result.stderr
    assert markdown.read_text(encoding="utf-8") == render_markdown(document, "pt")  # the saved language by default
    english = tmp_path / "english.md"
    assert run("report", "--from", str(saved), "--out", str(english), "--lang", "en").returncode == 0
    assert english.read_text(encoding="utf-8") == render_markdown(document, "en")


def test_cli_defaults_to_ten_thousand_requests_a_month(tmp_path: Path) -> None:
    saved = tmp_path / "analysis.json"
    fixture = Path(__file__).parent / "fixtures" / "formats" / "openai_chat.jsonl"
    result = run("report", str(fixture), "--out", str(tmp_path / "r.md"), "--save-analysis", str(saved))
    assert result.returncode == 0, result.stderr
    assert load_document(saved)["scenario"]["monthly_requests"] == 10_000
    assert "10,000" in run("report", "--help").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("{data}", "--out", "{dir}/report.txt"), "must end in .html"),
        (("{data}", "--out", "{dir}/report.pdf"), "must end in .html"),
        (("--out", "{dir}/report.md"), "give the dataset FILE"),
        (("--from", "{dir}/missing.json", "--out", "{dir}/report.md"), "missing.json"),
        (("{data}", "--from", "{dir}/analysis.json", "--out", "{dir}/report.md"), "not both"),
        (("--from", "{dir}/analysis.json", "--k", "3", "--out", "{dir}/report.md"), "--k"),
    ],
)
def test_cli_errors_are_one_sentence_and_exit_code_2(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    (tmp_path / "analysis.json").write_text("{}", encoding="utf-8")
    data = Path(__file__).parent / "fixtures" / "formats" / "openai_chat.jsonl"
    result = run("report", *(arg.format(data=data, dir=tmp_path) for arg in args))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.glob("report.*"))


def test_cli_refuses_a_file_that_is_not_a_saved_analysis(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    result = run("report", "--from", str(other), "--out", str(tmp_path / "r.html"))
    assert result.returncode == 2
    assert "not a saved analysis" in result.stderr


def test_a_json_arrays_records_are_called_records_not_lines(document: dict) -> None:
    as_array = copy.deepcopy(document)
    as_array["analysis"]["container"] = "json"
    read = f"{document['analysis']['lines_read']:,}"
    assert f"{read} records read =" in plain(render_markdown(as_array, "en"))
    assert f"{read.replace(',', '.')} registros lidos =" in plain(render_markdown(as_array, "pt"))
    assert f"{read} lines read =" in plain(render_markdown(document, "en"))  # JSONL: lines
