"""The app driven through Streamlit's AppTest: upload, read the numbers, switch language and model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor.data.loader import load, load_bytes
from advisor.data.tokens import count_tokens
from tests.helpers import fill_endpoint

# A background thread that fails (an upload analysed ahead, advisor/ui/cache.py) fails the test, not a warning:
# the page then computes again and hides it.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "formats"
PLANTED = (
    b'{"prompt": "Classifique: adorei", "completion": "Positivo"}\n'
    b"\n"
    b'{"prompt": "Classifique: <script>alert(1)</script>", "completion": 5}\n'
    b"not json at all\n"
    b'{"prompt": "Classifique: odiei", "completion": "Negativo"}\n'
)


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "page.py"), default_timeout=60)
    at.run()
    assert not at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_starts_in_portuguese_and_switches_to_english(app: AppTest) -> None:
    assert app.title[0].value == "Consultor de decisão de fine-tuning"
    assert "Envie um arquivo" in app.info[0].value
    app.sidebar.radio(key="lang").set_value("en").run()
    assert app.title[0].value == "Fine-tuning decision advisor"
    assert "Upload a file" in app.info[0].value


def test_upload_shows_counts_rejected_lines_and_tokens(app: AppTest) -> None:
    app.sidebar.radio(key="lang").set_value("en").run()
    app.file_uploader(key="upload").set_value(("planted.jsonl", PLANTED, "application/jsonl")).run()
    assert not app.exception
    shown = metrics(app)
    assert (shown["Lines read"], shown["Examples kept"], shown["Lines rejected"], shown["Blank lines"]) == (
        "5", "2", "2", "1",
    )
    rejected = app.dataframe[0].value
    assert list(rejected["Line"]) == [3, 4]
    assert list(rejected["Code"]) == ["wrong_type", "invalid_json"]
    expected = count_tokens(load_bytes(PLANTED, "planted.jsonl"), "gpt-4.1-mini")
    assert shown["Total tokens"] == f"{expected.total:,}"
    assert shown["Longest example"] == f"{expected.max:,}"
    assert any("o200k_base" in rendered(c.value) for c in app.caption)


def test_the_data_step_leaves_no_placeholder_once_the_analysis_is_in(app: AppTest) -> None:
    app.sidebar.radio(key="lang").set_value("en").run()
    app.file_uploader(key="upload").set_value(("planted.jsonl", PLANTED, "application/jsonl")).run()
    charts = [element.proto.spec for element in app.get("plotly_chart")]
    assert len(charts) == 1 and "Tokens per example" in charts[0]
    assert not app.get("progress") and not app.get("spinner")  # the analysis' step bar is gone


def test_without_worker_processes_the_page_reads_and_analyses_the_upload_itself(
        app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    """ADVISOR_WORKERS=0 (or no worker could start): no worker sends what it read, so the page reads its own copy,
    and says what it read and rejected as it does with one, then every step draws from that copy."""
    import advisor.ui.cache as cache
    from advisor.ui.workers import WorkerPool

    monkeypatch.setattr(cache, "POOL", WorkerPool(0))
    app.sidebar.radio(key="lang").set_value("en").run()
    upload = PLANTED + b'{"prompt": "Classifique: ok", "completion": "Neutro"}\n'  # a file no other test analysed
    app.file_uploader(key="upload").set_value(("planted.jsonl", upload, "application/jsonl")).run()
    assert not app.exception
    shown = metrics(app)
    assert (shown["Lines read"], shown["Examples kept"], shown["Lines rejected"]) == ("6", "3", "2")
    assert shown["Total tokens"] == f"{count_tokens(load_bytes(upload, 'planted.jsonl'), 'gpt-4.1-mini').total:,}"
    for step in ("profile", "baselines", "costs", "recommendation"):
        app.radio(key="step").set_value(step).run()
        assert not app.exception, step
    assert cache.POOL.computed == {}


def _before_analysis(lang: str) -> None:  # an AppTest script: its imports are its own
    from advisor.data.loader import load_bytes
    from advisor.ui.pages import data
    from tests.test_app import PLANTED

    data.show_before_analysis(load_bytes(PLANTED, "planted.jsonl").summary(), lang)


@pytest.mark.parametrize(("lang", "counts"), [("en", "Lines read"), ("pt", "Linhas lidas")])
def test_what_was_read_is_drawn_without_the_analysis_and_without_chart_code(lang: str, counts: str) -> None:
    waiting = AppTest.from_function(_before_analysis, args=(lang,), default_timeout=60).run()
    assert not waiting.exception
    assert metrics(waiting)[counts] == "5"
    assert [list(waiting.dataframe[0].value["Line" if lang == "en" else "Linha"])] == [[3, 4]]
    assert not waiting.get("plotly_chart")  # no chart code for the browser to load while the analysis runs


def _analysis_steps(lang: str) -> None:  # an AppTest script: an analysis ahead at its third step, then over
    import threading

    import streamlit as st

    from advisor.ui.analysis_progress import wait_showing_steps
    from advisor.ui.cache import AnalysisJob

    job = AnalysisJob()
    job.report("analysis", 1, 5)  # the near-duplicate search started
    slot = st.empty()
    threading.Timer(0.3, job.finished.set).start()
    wait_showing_steps(job, slot, lang)


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "Analysing, step 3 of 6: looking for near duplicates…"),
    ("pt", "Analisando, passo 3 de 6: procurando quase-duplicatas…")])
def test_an_analysis_under_way_shows_its_step_as_a_bar_not_a_spinner(lang: str, said: str) -> None:
    def one_step(lang: str) -> None:
        import streamlit as st

        from advisor.ui.analysis_progress import show_step

        show_step(st.empty(), 2, lang)

    shown = AppTest.from_function(one_step, args=(lang,), default_timeout=30).run()
    assert not shown.exception and not shown.get("spinner")
    bar = shown.get("progress")[0].proto
    assert rendered(bar.text) == said and bar.value == round(100 * 2 / 6)
    # once the analysis is over, the bar is gone
    over = AppTest.from_function(_analysis_steps, args=(lang,), default_timeout=30).run()
    assert not over.exception and not over.get("progress") and not over.get("spinner")


def chats_and_one_text() -> bytes:
    """1,200 chats ("oi 0" … "oi 1199", each answered "ola"), then one plain text: a mixed file."""
    chat = b'{"messages": [{"role": "user", "content": "oi %d"}, {"role": "assistant", "content": "ola"}]}\n'
    return b"".join(chat.replace(b"%d", str(index).encode()) for index in range(1200)) + b'{"text": "um texto"}\n'


@pytest.mark.parametrize(("lang", "mix"), [
    ("en", "OpenAI chat (messages): 1,200 · Plain text (text): 1"),
    ("pt", "Chat da OpenAI (messages): 1.200 · Texto puro (text): 1")])
def test_a_mixed_file_names_its_formats_and_counts_in_the_readers_language(app: AppTest, lang: str, mix: str) -> None:
    upload = chats_and_one_text()
    app.sidebar.radio(key="lang").set_value(lang).run()
    app.file_uploader(key="upload").set_value((f"mixed-{lang}.jsonl", upload, "application/jsonl")).run()
    assert not app.exception and not app.json  # no raw JSON of format ids
    assert [rendered(caption.value) for caption in app.caption if "·" in caption.value] == [mix]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", {"Examples": "1,201", "Plain-text documents": "1", "Examples per distinct answer, median": "600.5",
            "Answers that are JSON": "0.0%"}),
    ("pt", {"Exemplos": "1.201", "Documentos de texto puro": "1", "Exemplos por resposta distinta, mediana": "600,5",
            "Respostas em JSON": "0,0%"})])
def test_the_task_kinds_evidence_is_a_table_in_the_readers_words(app: AppTest, lang: str, expected: dict) -> None:
    """1,200 chats answered "ola" and one plain text: two distinct answers, 1,200 and 1 examples each (median 600.5)."""
    upload = chats_and_one_text()
    app.sidebar.radio(key="lang").set_value(lang).run()
    app.file_uploader(key="upload").set_value((f"evidence-{lang}.jsonl", upload, "application/jsonl")).run()
    app.radio(key="step").set_value("profile").run()
    assert not app.exception and not app.json  # no JSON of the code's own names
    header = ["Metric", "Value"] if lang == "en" else ["Métrica", "Valor"]
    table = next(frame.value for frame in app.dataframe if list(frame.value.columns) == header)
    shown = dict(zip(table.iloc[:, 0], table.iloc[:, 1]))
    assert len(shown) == 8 and {name: shown[name] for name in expected} == expected


@pytest.mark.parametrize(("lang", "said"), [("en", "Showing 1,000 of 1,005, the first in line order."),
                                             ("pt", "Mostrando 1.000 de 1.005, os primeiros na ordem das linhas.")])
def test_a_flood_of_rejected_lines_shows_the_first_thousand_and_says_so(app: AppTest, lang: str, said: str) -> None:
    upload = b'{"prompt": "ok", "completion": "sim"}\n' + b"not json\n" * 1005
    app.sidebar.radio(key="lang").set_value(lang).run()
    app.file_uploader(key="upload").set_value((f"flood-{lang}.jsonl", upload, "application/jsonl")).run()
    assert not app.exception
    assert metrics(app)["Lines rejected" if lang == "en" else "Linhas rejeitadas"] == ("1,005" if lang == "en" else "1.005")
    assert [shown for shown in map(rendered, (caption.value for caption in app.caption)) if "1.005" in shown
            or "1,005" in shown] == [said]
    table = app.dataframe[0].value
    assert len(table) == 1000 and list(table.iloc[:, 0][:2]) == [2, 3] and table.iloc[-1, 0] == 1001


def test_changing_the_model_recounts_with_its_encoding(app: AppTest) -> None:
    app.sidebar.radio(key="lang").set_value("en").run()
    data = (FIXTURES / "sharegpt.jsonl").read_bytes()
    app.file_uploader(key="upload").set_value(("chat.jsonl", data, "application/jsonl")).run()
    app.sidebar.selectbox(key="model").set_value("gpt-3.5-turbo").run()
    expected = count_tokens(load(FIXTURES / "sharegpt.jsonl"), "gpt-3.5-turbo")
    assert metrics(app)["Total tokens"] == f"{expected.total:,}"
    assert any("cl100k_base" in rendered(caption.value) for caption in app.caption)


def test_table_columns_can_be_chosen_when_they_cannot_be_guessed(app: AppTest) -> None:
    app.sidebar.radio(key="lang").set_value("en").run()
    data = b"id,body,stars\n1,great,5\n2,awful,1\n3,fine,3\n"
    app.file_uploader(key="upload").set_value(("reviews.csv", data, "text/csv")).run()
    # Issue #14 item 3: the picker is the normal next step — no red error, no command-line flags — with the
    # first rows shown and placeholders in the page's language.
    assert not app.error and "Which column holds the input" in app.info[-1].value
    preview = next(frame.value for frame in app.dataframe if list(frame.value.columns) == ["id", "body", "stars"])
    assert preview["body"].tolist() == ["great", "awful", "fine"]
    input_box, output_box = _column_boxes(app)
    assert input_box.placeholder == "Choose a column"
    app.sidebar.radio(key="lang").set_value("pt").run()
    assert "Qual coluna tem a entrada" in app.info[-1].value and _column_boxes(app)[0].placeholder == "Escolha uma coluna"
    app.sidebar.radio(key="lang").set_value("en").run()
    input_box, output_box = _column_boxes(app)
    input_box.set_value("body")
    output_box.set_value("stars").run()
    assert not app.exception
    assert metrics(app)["Examples kept"] == "3"
    assert any("body → stars" in caption.value for caption in app.caption)


def _column_boxes(at: AppTest):  # noqa: ANN202
    boxes = [box for box in at.selectbox if str(box.key or "").startswith(("input_col_", "output_col_"))]
    assert len(boxes) == 2
    return boxes


def test_dataset_text_is_shown_as_text_not_html(app: AppTest) -> None:
    app.file_uploader(key="upload").set_value(("planted.jsonl", PLANTED, "application/jsonl")).run()
    for step in ("data", "profile", "baselines", "costs", "recommendation"):
        app.radio(key="step").set_value(step).run()
        assert not app.exception, step
        for markdown in app.markdown:
            assert "<script>" not in markdown.value, step


def test_unreadable_upload_gets_a_clear_message(app: AppTest) -> None:
    app.sidebar.radio(key="lang").set_value("en").run()
    app.file_uploader(key="upload").set_value(("empty.jsonl", b"", "application/jsonl")).run()
    assert not app.exception
    assert "is empty" in app.error[0].value


def test_platform_findings_are_grouped_with_their_lines(app: AppTest) -> None:
    app.sidebar.radio(key="lang").set_value("en").run()
    data = (FIXTURES / "openai_chat.jsonl").read_bytes()
    app.file_uploader(key="upload").set_value(("chat.jsonl", data, "application/jsonl")).run()
    app.radio(key="step").set_value("profile").run()
    findings = next(frame.value for frame in app.dataframe if "Platform" in frame.value.columns)
    too_few = findings[(findings["Platform"] == "openai") & (findings["Code"] == "too_few_examples")]
    assert list(too_few["Lines"]) == ["whole file"]
    assert "at least 10" in too_few["Reason"].iloc[0]
    extra = findings[(findings["Platform"] == "together") & (findings["Code"] == "extra_keys")]
    assert list(extra["Lines"]) == ["2"]
    # Bedrock's Claude 3 Haiku fine-tuning closed on 2026-09-10 (FACTS §1): one line, no data rules
    bedrock = findings[findings["Platform"] == "bedrock"]
    assert list(bedrock["Code"]) == ["platform_closed_skipped"] and list(bedrock["Lines"]) == ["whole file"]


def test_profile_section_shows_the_planted_faults(app: AppTest) -> None:
    from tests.test_profile import build_planted

    data, expected = build_planted()
    app.sidebar.radio(key="lang").set_value("en").run()
    app.file_uploader(key="upload").set_value(("planted.jsonl", data, "application/jsonl")).run()
    app.radio(key="step").set_value("profile").run()
    assert not app.exception
    shown = metrics(app)
    assert shown["Task kind"] == "classification"
    assert (shown["Exact duplicate groups"], shown["Near-duplicate pairs"], shown["Conflicting inputs"]) == ("1", "1", "1")
    assert shown["Examples with personal data"] == str(sum(len(lines) for lines in expected["pii"].values()))
    findings = next(frame.value for frame in app.dataframe if "Code" in frame.value and "Lines" in frame.value
                    and "conflicting_answers" in set(frame.value["Code"]))
    conflict = findings[findings["Code"] == "conflicting_answers"]
    assert conflict["Lines"].iloc[0].startswith(", ".join(map(str, expected["conflict"])))


@pytest.mark.parametrize(("lang", "examples", "items", "count"), [("en", "Examples", "Items rated", "1,200"),
                                                                 ("pt", "Exemplos", "Itens rotulados", "1.200")])
def test_the_profile_tables_write_counts_the_languages_way(app: AppTest, lang: str, examples: str, items: str,
                                                           count: str) -> None:
    rows = "".join(f"Meu e-mail é cliente{index}@exemplo.com.br,{index % 2},{(index // 7) % 2}\n" for index in range(1200))
    app.sidebar.radio(key="lang").set_value(lang).run()
    app.file_uploader(key="upload").set_value(("pii.csv", ("text,label,annotator_2\n" + rows).encode(), "text/csv")).run()
    app.radio(key="step").set_value("profile").run()
    assert not app.exception
    tables = [frame.value for frame in app.dataframe]
    personal = next(table for table in tables if examples in table and len(table) == 6)  # one row per kind
    assert list(personal[examples])[0] == count  # e-mail, in every example
    agreement = next(table for table in tables if items in table)
    assert list(agreement[items]) == [count]
    findings = next(table for table in tables if "personal_data" in set(table.iloc[:, 1]))
    assert f"email {count})" in findings.iloc[0, 3]  # the finding's own count of each kind


def test_a_file_with_no_readable_line_says_so_and_lists_every_line(app: AppTest) -> None:
    app.sidebar.radio(key="lang").set_value("en").run()
    app.file_uploader(key="upload").set_value(("bad.jsonl", b"nope\n[1]\n{\"x\": 1}\n", "application/jsonl")).run()
    assert not app.exception
    assert "No example could be kept" in app.warning[0].value
    assert list(app.dataframe[0].value["Line"]) == [1, 2, 3]


# --- the five steps ----------------------------------------------------------------------------------------


def frame(at: AppTest, column: str):  # noqa: ANN201 - the first table shown with this column
    return next(element.value for element in at.dataframe if column in element.value.columns)


def usd(cell: str) -> float:
    return float(cell.removeprefix("US$ ").split(" ")[0].replace(",", ""))


def test_a_bundled_sample_reaches_its_recommendation_in_both_languages(app: AppTest) -> None:
    from advisor.data.samples import sample

    app.sidebar.radio(key="lang").set_value("en").run()
    app.sidebar.selectbox(key="sample_en").set_value("tickets").run()
    chosen = sample("tickets")
    assert app.session_state["task"] == chosen.text("task", "en")
    assert app.session_state["monthly_requests"] == chosen.scenario_fields["monthly_requests"]
    assert metrics(app)["Examples kept"] == f"{chosen.load().examples_kept:,}"
    app.radio(key="step").set_value("recommendation").run()
    assert not app.exception
    assert app.success[0].value.startswith("Answer: **LoRA**")
    labels = [element.proto.label for element in app.get("download_button")]
    assert labels == ["Report (HTML)", "Report (Markdown)", "Analysis (JSON)", "Cleaned files + config (zip)"]
    app.sidebar.radio(key="lang").set_value("pt").run()  # the step, the data and the scenario stay
    assert app.radio(key="step").value == "recommendation"
    assert app.success[0].value.startswith("Resposta: **LoRA**")
    assert app.session_state["task"] == chosen.text("task", "pt")


def test_the_break_even_table_shows_the_deciding_pairs_and_the_rest_on_demand(app: AppTest) -> None:
    """Issue #14 item 6: ~24 break-even rows were one long table. The short table holds the pairs between the
    cheapest route of each option (read off the routes table shown above it); every pair is in the expander."""
    app.sidebar.radio(key="lang").set_value("en").run()
    app.sidebar.radio(key="currency").set_value("USD").run()
    app.sidebar.selectbox(key="sample_en").set_value("tickets").run()
    app.radio(key="step").set_value("costs").run()
    assert not app.exception
    routes = frame(app, "Status")
    from advisor.ui.strings import text

    shut = {text("status_closed", "en"), text("status_unpriced", "en")}  # a door still open to someone counts
    priced = routes[~routes["Status"].isin(shut) & (routes["12 months in all"] != "—")]
    priced = priced.assign(total=[usd(cell.replace("< ", "")) for cell in priced["12 months in all"]])
    cheapest = set(priced.loc[priced.groupby("Option")["total"].idxmin(), "Route"])
    short, every = [element.value for element in app.dataframe if "Versus" in element.value.columns]  # page order
    assert 0 < len(short) < len(every)
    assert set(short["Route"]) | set(short["Versus"]) <= cheapest
    pairs = set(zip(every["Route"], every["Versus"]))
    assert set(zip(short["Route"], short["Versus"])) <= pairs
    assert {pair for pair in pairs if set(pair) <= cheapest} == set(zip(short["Route"], short["Versus"]))


def test_a_step_clicked_before_the_page_redrew_in_the_new_language_is_kept() -> None:
    """A click right after a language switch (the currency, in tests/e2e/test_walk.py) leaves before the page has
    redrawn: the browser sends back the step radio's label in the old language, which matches no option in the new
    one, and Streamlit hands the label itself to the app. The step must be the one that label names."""
    from advisor.ui.strings import text

    app = AppTest.from_file(str(ROOT / "page.py"), default_timeout=60)
    # the state such a click leaves ("3. Linhas de base" on an English page); AppTest's radio itself can only send
    # its options' labels, so the state is set before the first run
    app.session_state["lang"] = "en"
    app.session_state["sample"] = "tickets"
    app.session_state["step"] = text("step_baselines", "pt")
    app.run()
    assert not app.exception
    assert app.radio(key="step").value == "baselines"
    assert text("step_baselines", "en") in [header.value for header in app.header]


def test_moving_the_horizon_slider_redoes_only_the_arithmetic(app: AppTest) -> None:
    app.sidebar.radio(key="lang").set_value("en").run()
    app.sidebar.radio(key="currency").set_value("USD").run()
    app.sidebar.selectbox(key="sample_en").set_value("invoices").run()
    app.radio(key="step").set_value("costs").run()
    before = frame(app, "Route")
    app.slider(key="horizon").set_value(24).run()
    assert not app.exception
    after = frame(app, "Route")
    # growth is 0 in this sample: total = training + months × first month (costs.horizon_total)
    checked = 0
    for (_, old), (_, new) in zip(before.iterrows(), after.iterrows()):
        if "—" in (old["12 months in all"], old["First month"]) or "<" in old["First month"] + old["Training once"]:
            continue  # not priced, or below a cent: the table shows no number to check
        training = 0.0 if old["Training once"] == "—" else usd(old["Training once"])
        monthly = usd(old["First month"])
        # the table rounds to cents: 24 rounded months can be off by 24 half-cents
        assert usd(new["24 months in all"]) == pytest.approx(training + 24 * monthly, rel=1e-3, abs=0.13)
        checked += 1
    assert checked >= 5
    app.radio(key="step").set_value("recommendation").run()  # US$ chosen: no second currency anywhere
    shown = [element.value.replace("\\", "") for element in app.markdown]  # as rendered: escapes dropped
    assert not any("R$" in value for value in shown)
    assert any("US$" in value for value in shown)


def test_llm_calls_wait_for_an_approved_budget(app: AppTest, tmp_path: Path) -> None:
    from tests.llm_server import LLMServer, classification_rows, last_user_text, true_label, write_jsonl

    data = write_jsonl(tmp_path / "things.jsonl", classification_rows(120)).read_bytes()
    app.sidebar.radio(key="lang").set_value("en").run()
    app.file_uploader(key="upload").set_value(("things.jsonl", data, "application/jsonl")).run()
    app.radio(key="step").set_value("baselines").run()
    with LLMServer(rule=lambda body: true_label(last_user_text(body))) as server:
        fill_endpoint(app, server.base_url, api_key="sk-app-secret", price_out=4.0)
        assert not app.exception
        assert app.button(key="llm_run").disabled and server.requests == []
        app.checkbox(key="llm_approved").check().run()
        assert not app.button(key="llm_run").disabled and server.requests == []
        app.button(key="llm_run").click().run()
        assert not app.exception and server.requests
        assert all(record.headers["authorization"] == "Bearer sk-app-secret" for record in server.requests)
    # the key lives in its password field's state and nowhere else in the session
    holders = [name for name, value in app.session_state.items() if "sk-app-secret" in repr(value)]
    assert holders == ["llm_api_key"]
    scores = frame(app, "Failed")
    assert [float(score) for score in scores["Score"]] == [1.0, 1.0, 1.0]  # the server always answers the true label
    spent = sum(scores["US$"])
    assert spent <= app.number_input(key="llm_budget").value
    app.radio(key="step").set_value("recommendation").run()
    assert app.success[0].value.startswith("Answer: **Prompting")  # zero-shot meets the target


def test_a_saved_analysis_reopens_without_its_data(app: AppTest) -> None:
    import json

    from advisor.data.samples import sample
    from advisor.decide.advice import advice_to_dict, advise, dumps
    from advisor.pricing.scenario import scenario_from_dict

    chosen = sample("translation")
    document = advice_to_dict(advise(chosen.load(), scenario_from_dict(chosen.scenario_fields), task="Traduzir"), "en")
    app.sidebar.radio(key="lang").set_value("en").run()
    app.radio(key="step").set_value("recommendation").run()
    app.file_uploader(key="reopen").set_value(("analysis.json", dumps(document).encode(), "application/json")).run()
    assert not app.exception
    assert "task: Traduzir" in app.success[0].value
    assert document["recommendation"]["ranking"][0]["name"] in rendered(app.markdown[0].value)
    app.file_uploader(key="reopen").set_value(("x.json", json.dumps({"a": 1}).encode(), "application/json")).run()
    assert "not a saved analysis" in app.error[0].value


def test_the_export_zip_holds_the_files_and_a_config_with_the_recommended_hyperparameters() -> None:
    import ast
    import io
    import json
    import zipfile

    import yaml

    from advisor.data.samples import sample
    from advisor.decide.advice import advise
    from advisor.pricing.scenario import scenario_from_dict
    from advisor.ui.downloads import export_archive

    chosen = sample("tickets")
    dataset = chosen.load()
    advice = advise(dataset, scenario_from_dict(chosen.scenario_fields))
    result = advice.recommendation
    archive = zipfile.ZipFile(io.BytesIO(export_archive(dataset, "hf", result)))
    names = set(archive.namelist())
    assert {"train.jsonl", "validation.jsonl", "manifest.json", "train_trl.py", "axolotl.yaml"} <= names
    ast.parse(archive.read("train_trl.py"))
    config = yaml.safe_load(archive.read("axolotl.yaml"))
    values = {item.name: item.value for item in result.hyperparameters}
    assert (config["lora_r"], config["lora_alpha"]) == (values["lora_r"], values["lora_alpha"])
    assert [item["path"] for item in config["datasets"]] == ["train.jsonl"]
    written = sum(1 for _ in archive.read("train.jsonl").splitlines()) + sum(
        1 for _ in archive.read("validation.jsonl").splitlines())
    duplicates = sum(len(group) - 1 for group in advice.analysis.profile.duplicates.exact_groups)
    assert written == dataset.examples_kept - duplicates
    # stratified like `advisor export`: each queue's share of the validation file is its share of the data
    from collections import Counter

    def answers(name: str) -> Counter:
        return Counter(json.loads(line)["messages"][-1]["content"] for line in archive.read(name).splitlines())

    validation, train = answers("validation.jsonl"), answers("train.jsonl")
    share = sum(validation.values()) / written
    assert set(validation) == set(train)
    assert all(abs(validation[label] - share * (validation[label] + train[label])) <= 2 for label in train)


def test_every_row_of_the_price_table_reaches_a_route_when_edited() -> None:
    from advisor.data.loader import load
    from advisor.pricing.comparison import compare_options, measure_tokens
    from advisor.pricing.scenario import Scenario
    from advisor.ui.pages.costs import FINETUNE_MODELS, PROMPT_MODELS, price_table

    table = price_table()
    keys = list(table["key"])
    assert "openai/gpt-4.1-mini/training" in keys  # US$ 5.00 per 1M training tokens (FACTS §4)
    assert float(table.loc[table["key"] == "openai/gpt-4.1-mini/training", "usd"].iloc[0]) == 5.0
    book = measure_tokens(load(FIXTURES / "openai_chat.jsonl"))
    scenario = Scenario(monthly_requests=1000, prompt_models=PROMPT_MODELS,
                        finetune_models=tuple(name for name in FINETUNE_MODELS if name.startswith("gpt")),
                        price_overrides=tuple((key, 1.0) for key in keys if not key.startswith("gpu/")))
    assert not [note for note in compare_options(book, scenario).notes if "matched no route" in note.text()]


# --- user text is text --------------------------------------------------------------------------------------


# Fields Streamlit shows as plain text (a select box's options, what the user typed): everything else that is a
# string (bodies, labels, help, radio options, expander and tab labels, metric values) is read as Markdown.
PLAIN_FIELDS = {("Selectbox", "options"), ("Selectbox", "raw_values"), ("MultiSelect", "options"),
                ("TextArea", "value"), ("TextArea", "default"), ("TextInput", "value"), ("TextInput", "default"),
                ("Element", "data"), ("PlotlyChart", "spec")}


def markdown_sent(at: AppTest) -> list[tuple[str, str]]:
    """Every string the page sent to the browser that it renders as Markdown, as (where, text)."""
    found: list[tuple[str, str]] = []

    def strings(message, where: str) -> None:  # noqa: ANN001 - a protobuf message
        name = type(message).__name__
        for field, value in message.ListFields():
            place = f"{where}/{name}.{field.name}"
            if (name, field.name) in PLAIN_FIELDS:
                continue
            values = value if isinstance(value, (list, tuple)) or hasattr(value, "extend") else [value]
            for item in values:
                if isinstance(item, str):
                    found.append((place, item))
                elif hasattr(item, "ListFields"):
                    strings(item, place)

    def visit(node) -> None:  # noqa: ANN001 - an AppTest node
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            strings(proto, type(node).__name__)
        for child in getattr(node, "children", {}).values():
            visit(child)

    visit(at._tree)
    return found


def rendered(markdown: str) -> str:
    """What a reader sees of escaped text: backslash escapes and entities resolved."""
    import html
    import re

    return html.unescape(re.sub(r"\\(.)", r"\1", markdown)).replace("\u2060", "")  # the word joiner in links


def payload_table() -> bytes:
    import csv
    import io

    from tests.markup_payloads import ALL, BOLD, COLOUR, DISPLAY_MATH, LINK, PAYLOADS, SCRIPT

    labels = (f"{BOLD} spam", f"{COLOUR} ham", f"{DISPLAY_MATH} eggs", f"{SCRIPT} {LINK}")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([f"{LINK} {BOLD} {COLOUR} {DISPLAY_MATH}", f"# {SCRIPT} label | x"])
    import random

    rng = random.Random(7)
    words = ("printer invoice refund login crash password delivery screen card export late broken order week "
             "account phone email address payment store manager report update device battery").split()
    # distinct inputs (not near duplicates: the held-out split needs several groups), each with a payload
    inputs = [" ".join(rng.sample(words, 12)) + f" {PAYLOADS[index % len(PAYLOADS)]}" for index in range(60)]
    inputs[0] += f" {ALL}"
    for index, text in enumerate(inputs):
        writer.writerow([text, labels[index % 4]])
    writer.writerow([inputs[0], labels[1]])  # a conflicting answer
    return buffer.getvalue().encode()


def test_user_text_reaches_the_page_as_text_never_as_formatting(app: AppTest) -> None:
    from advisor.decide.advice import advice_to_dict, advise, dumps
    from advisor.pricing.scenario import Scenario
    from advisor.ui.app import STEPS
    from tests.llm_server import LLMServer, status
    from tests.markup_payloads import ALL, BOLD, COLOUR, DISPLAY_MATH, IMG, INLINE_MATH, LINK, SCRIPT, unescaped

    data = payload_table()
    name = f"{BOLD} {COLOUR} {INLINE_MATH} {LINK}.csv"
    app.sidebar.radio(key="lang").set_value("en").run()
    app.sidebar.text_area(key="task").set_value(f"Task {ALL}").run()
    app.file_uploader(key="upload").set_value((name, data, "text/csv")).run()
    seen: list[tuple[str, str]] = markdown_sent(app)  # the error naming the columns it cannot guess
    input_box, output_box = _column_boxes(app)
    input_box.set_value(input_box.options[0])
    output_box.set_value(output_box.options[1]).run()
    assert not app.exception
    assert metrics(app)["Examples kept"] == "61"
    for step in STEPS:
        app.radio(key="step").set_value(step).run()
        assert not app.exception, step
        if step == "baselines":  # an endpoint and a model named by the user
            app.text_input(key="llm_model").set_value(f"model {BOLD} {DISPLAY_MATH}").run()
            seen += markdown_sent(app)
            app.text_input(key="llm_base_url").set_value(f"http://127.0.0.1:9/{BOLD}/{COLOUR}")
            app.number_input(key="llm_price_in").set_value(1.0)
            app.number_input(key="llm_price_out").set_value(1.0).run()
            seen += markdown_sent(app)
            # an endpoint whose answers and refusals are payloads too
            refusal = status(400, f"refused {ALL}")
            with LLMServer(rule=lambda body: f"answer {ALL}", fault=lambda body, count: refusal) as server:
                app.text_input(key="llm_base_url").set_value(server.base_url)
                app.checkbox(key="llm_approved").check().run()
                app.button(key="llm_run").click().run()
                assert not app.exception and server.requests
        if step == "recommendation":  # a saved analysis of the same file, task included
            dataset = load_bytes(data, name, input_col=input_box.options[0], output_col=output_box.options[1])
            document = advice_to_dict(advise(dataset, Scenario(monthly_requests=1000), task=f"Task {ALL}"), "en")
            app.toggle(key="compare_on").set_value(True)
            app.file_uploader(key="reopen").set_value(("saved.json", dumps(document).encode(), "application/json"))
            app.run()
            assert not app.exception
        seen += markdown_sent(app)
    survived = [(where, text) for where, text in seen if unescaped(text)]
    assert survived == []
    # Plotly reads HTML tags and typesets $…$, not Markdown: the label chart holds the labels as entities
    charts = [element.proto.spec for element in app.get("plotly_chart")]
    app.radio(key="step").set_value("profile").run()
    charts += [element.proto.spec for element in app.get("plotly_chart")]
    labels = next(spec for spec in charts if "Examples per label" in spec)
    assert "&lt;script&gt;" in labels and "&#36;&#36;L&#36;&#36;" in labels
    typeset = (SCRIPT, IMG, DISPLAY_MATH, INLINE_MATH)
    assert not [payload for payload in typeset if any(payload in spec for spec in charts)]
    shown = [rendered(text) for _, text in seen]
    # the test reaches the places it means to: the user's words are on the page, as written
    assert any(f"Using your file {name}" in text for text in shown)
    assert any(f"Columns used: {input_box.options[0]} → {output_box.options[1]}" in text for text in shown)
    assert any(f"{BOLD} {DISPLAY_MATH}" in text and "could not be read" not in text for text in shown)
    assert any(f"task: Task {ALL}" in text for text in shown)
    assert any(f"http://127.0.0.1:9/{BOLD}/{COLOUR}" in text for text in shown)


# --- memory held for sessions -------------------------------------------------------------------------------


def test_the_result_cache_evicts_by_bytes_least_recently_used_first() -> None:
    import gc
    import weakref

    from advisor.ui.memory import ByteBudgetCache

    class Result:  # a value a weak reference can watch
        pass

    cache = ByteBudgetCache(budget=100)
    first = cache.get("a", "file-a", 60, Result)
    watched = weakref.ref(first)
    del first
    cache.get("b", "file-b", 30, Result)
    assert cache.total() == 90 and watched() is not None  # within the budget: both kept
    cache.get("a", "file-a", 60, Result)  # used again: now the most recent
    cache.get("c", "file-c", 30, Result)  # 120 > 100: "b", the least recently used, goes
    assert cache.owners() == {"file-a", "file-c"} and cache.total() == 90
    cache.get("d", "file-d", 50, Result)  # 140: "a" goes, and is freed
    gc.collect()
    assert cache.owners() == {"file-c", "file-d"} and watched() is None
    cache.get("huge", "file-huge", 500, Result)  # larger than the budget alone: kept, the only one
    assert cache.owners() == {"file-huge"}
    cache.get("huge analysis", "file-huge", 50, Result)  # a result of the same file does not evict its dataset
    assert cache.owners() == {"file-huge"} and cache.total() == 550


def test_a_page_shows_its_busy_message_only_while_the_result_is_missing() -> None:
    """A spinner starts a timer thread: a result already held is returned without one (issue #20)."""
    import contextlib
    import threading

    from advisor.ui.memory import ByteBudgetCache

    shown: list[str] = []

    def busy(who: str):  # noqa: ANN202
        @contextlib.contextmanager
        def message():  # noqa: ANN202
            shown.append(who)
            yield
        return message

    cache, started, release = ByteBudgetCache(budget=100), threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(10)
        return "result"

    first = threading.Thread(target=cache.get, args=("key", "file", 10, slow, busy("first")))
    first.start()
    started.wait(10)
    second = threading.Thread(target=cache.get, args=("key", "file", 10, lambda: "again", busy("second")))
    second.start()  # waits for the first one's computation, with its message shown
    for _ in range(1000):
        if "second" in shown:
            break
        threading.Event().wait(0.01)
    release.set()
    first.join(10)
    second.join(10)
    assert cache.get("key", "file", 10, lambda: "again", busy("third")) == "result"  # computed once
    assert shown == ["first", "second"]  # the third found it held: no message, no timer thread


def test_a_chart_is_built_once_per_file_and_language_and_goes_with_its_file() -> None:
    """Plotly took 20-40 ms a figure on every run of every session (issue #20): built once, shared, released."""
    from advisor.ui.cache import cached_chart
    from advisor.ui.memory import STORE

    built: list[str] = []

    def build(lang: str):  # noqa: ANN202
        def figure() -> dict:
            built.append(lang)
            return {"lang": lang}
        return figure

    key = ("chart-test-digest", None, None, None, (), 1000)
    first = cached_chart("tokens", key, "pt", build("pt"), examples=10)
    assert cached_chart("tokens", key, "pt", build("pt"), examples=10) is first  # another session, the same figure
    cached_chart("tokens", key, "en", build("en"), examples=10)
    assert built == ["pt", "en"]
    STORE.drop_owners(lambda owner: owner != "chart-test-digest")  # the upload released
    cached_chart("tokens", key, "pt", build("pt"), examples=10)
    assert built == ["pt", "en", "pt"]
    STORE.drop_owners(lambda owner: owner != "chart-test-digest")


def test_the_budget_comes_from_advisor_cache_mb(monkeypatch: pytest.MonkeyPatch) -> None:
    from advisor.ui.memory import budget_bytes

    monkeypatch.setenv("ADVISOR_CACHE_MB", "256")
    assert budget_bytes() == 256_000_000
    for wrong in ("nan", "inf", "-5", "lots"):
        monkeypatch.setenv("ADVISOR_CACHE_MB", wrong)
        assert budget_bytes() == 1024_000_000


def test_an_upload_is_released_when_replaced_and_taken_out_of_streamlits_file_manager(
        app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

    from advisor.ui.memory import STORE, UPLOADS

    managers: list[MemoryUploadedFileManager] = []  # the file manager of each run, to read what it still holds
    original = MemoryUploadedFileManager.__init__

    def recording(self, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        original(self, *args, **kwargs)
        managers.append(self)

    monkeypatch.setattr(MemoryUploadedFileManager, "__init__", recording)
    first = PLANTED + b'{"prompt": "Classifique: first file", "completion": "Positivo"}\n'
    second = PLANTED + b'{"prompt": "Classifique: second file", "completion": "Negativo"}\n'
    held_before = UPLOADS.held_bytes()
    app.file_uploader(key="upload").set_value(("first.jsonl", first, "application/jsonl")).run()
    assert not app.exception
    import hashlib

    digest = {name: hashlib.sha256(data).hexdigest() for name, data in (("first", first), ("second", second))}
    assert digest["first"] in STORE.owners()
    # the run that took the file left nothing in Streamlit's manager (it kept each upload until the session ended)
    assert managers and all(manager.file_storage.get("test session id", {}) == {} for manager in managers)
    assert UPLOADS.held_bytes() - held_before == len(first)
    app.file_uploader(key="upload_1").set_value(("second.jsonl", second, "application/jsonl")).run()
    assert not app.exception
    assert all(manager.file_storage.get("test session id", {}) == {} for manager in managers)
    assert UPLOADS.held_bytes() - held_before == len(second)  # the first file is no longer held
    assert digest["first"] not in STORE.owners() and digest["second"] in STORE.owners()
    assert metrics(app)["Linhas lidas"] == "6"
    app.sidebar.button(key="remove_upload").click().run()
    assert UPLOADS.held_bytes() == held_before and digest["second"] not in STORE.owners()


def test_a_session_that_ended_has_its_upload_results_and_files_released() -> None:
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    from advisor.ui.memory import ByteBudgetCache, SessionUploads, UploadedData, sweep

    store, uploads = ByteBudgetCache(10**9), SessionUploads()
    files = MemoryUploadedFileManager("/upload")
    for session, digest in (("gone", "d1"), ("alive", "d2"), ("gone-too", "d2")):
        uploads.put((session, "token"), UploadedData(f"{session}.jsonl", digest, b"x" * 1000))
        files.add_file(session, UploadedFileRec(f"{session}-file", "f.jsonl", "application/jsonl", b"y" * 500))
        store.get(("dataset", digest), digest, 1250, object)
    store.get(("dataset", "sample", "tickets"), ("sample", "tickets"), 100, object)
    released = sweep({"alive"}, files, store, uploads)
    assert released == 5  # two uploads, two sessions' files, the results of d1
    assert uploads.held_bytes() == 1000 and uploads.digests() == {"d2"}
    assert set(files.file_storage) == {"alive"}
    assert store.owners() == {"d2", ("sample", "tickets")}  # d2 is still held; samples are bounded by bytes only


def test_a_closed_tabs_upload_results_go_at_once_and_its_bytes_stay_for_a_reconnect() -> None:
    """Streamlit keeps a closed tab's session two minutes (listed, no longer connected): what was computed from its
    upload is dropped at the next sweep, the file itself only when the session goes."""
    from advisor.ui.memory import ByteBudgetCache, SessionUploads, UploadedData, sweep

    store, uploads = ByteBudgetCache(10**9), SessionUploads()
    for session, digest in (("closed", "d1"), ("open", "d2"), ("closed-too", "d3"), ("open-too", "d3")):
        uploads.put((session, "token"), UploadedData(f"{session}.jsonl", digest, digest.encode() * 1000))
        store.get(("dataset", digest), digest, 1250, object)
    store.get(("dataset", "sample", "tickets"), ("sample", "tickets"), 100, object)
    live = {"closed", "open", "closed-too", "open-too"}

    assert sweep(live, None, store, uploads) == 0  # without knowing who is connected: every held file kept
    assert sweep(live, None, store, uploads, connected={"open", "open-too"}) == 1  # d1's results
    assert store.owners() == {"d2", "d3", ("sample", "tickets")}  # d3 is also held by a connected session
    assert uploads.digests() == {"d1", "d2", "d3"} and uploads.held_bytes() == 6000  # every file still there
    assert sweep(live - {"closed"}, None, store, uploads, connected={"open", "open-too"}) == 1  # the session went
    assert uploads.digests() == {"d2", "d3"}


def test_a_workbook_with_several_sheets_can_be_read_from_another_sheet(app: AppTest) -> None:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    readme = workbook.active
    readme.title = "README"
    readme.append(["This workbook holds tickets; see the next sheets."])
    for title, count in (("tickets", 12), ("more tickets", 5)):
        sheet = workbook.create_sheet(title)
        sheet.append(["text", "label"])
        for index in range(count):
            sheet.append([f"{title} {index}: the printer is broken again", "bug" if index % 2 else "billing"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    app.sidebar.radio(key="lang").set_value("en").run()
    app.file_uploader(key="upload").set_value(("book.xlsx", buffer.getvalue(), "application/octet-stream")).run()
    assert not app.exception
    chooser = next(box for box in app.selectbox if str(box.key or "").startswith("sheet_"))
    assert chooser.label == "Sheet of the workbook" and list(chooser.options) == ["README", "tickets", "more tickets"]
    assert chooser.value == "tickets" and metrics(app)["Examples kept"] == "12"
    chooser.set_value("more tickets").run()
    assert not app.exception
    assert metrics(app)["Examples kept"] == "5"
    assert next(box for box in app.selectbox if str(box.key or "").startswith("sheet_")).value == "more tickets"
    app.sidebar.radio(key="lang").set_value("pt").run()
    assert next(box for box in app.selectbox if str(box.key or "").startswith("sheet_")).label == "Aba da planilha"


def test_sessions_uploading_the_same_file_share_one_copy() -> None:
    from advisor.ui.memory import SessionUploads, UploadedData

    uploads = SessionUploads()
    uploads.put(("one", "t"), UploadedData("a.jsonl", "d", bytes(1000)))
    uploads.put(("two", "t"), UploadedData("b.jsonl", "d", bytes(1000)))  # the same content, another copy
    assert uploads.get(("two", "t")).name == "b.jsonl"
    assert uploads.get(("two", "t")).data is uploads.get(("one", "t")).data and uploads.held_bytes() == 1000


@pytest.mark.parametrize(("lang", "sample_said", "recall_said"), [
    ("en", "Scored on all 380 distinct examples of 400.", "Recall of the rarest labels"),
    ("pt", "Avaliado em todos os 380 exemplos distintos de 400.", "Recall dos rótulos mais raros"),
])
def test_baselines_state_their_sample_and_the_rarest_labels_recall(
    app: AppTest, tmp_path: Path, lang: str, sample_said: str, recall_said: str
) -> None:
    import json

    from tests.test_cli_recommend import skewed_reviews

    rows = skewed_reviews(350, 30)
    rows += rows[:20]  # 20 exact copies: scored once each
    data = "".join(json.dumps(row) + "\n" for row in rows).encode()
    app.sidebar.radio(key="lang").set_value(lang).run()
    app.file_uploader(key="upload").set_value(("skewed.jsonl", data, "application/jsonl")).run()
    app.radio(key="step").set_value("baselines").run()
    assert not app.exception
    captions = [element.value.replace("\\", "") for element in app.caption]
    assert sample_said in captions
    recall = [caption for caption in captions if caption.startswith(recall_said)]
    assert len(recall) == 1 and "“negative”" in recall[0] and (" of 30" in recall[0] or " de 30" in recall[0])


def test_a_json_array_is_counted_in_records_not_lines(app: AppTest) -> None:
    import json

    data = json.dumps([{"instruction": f"q{i}", "output": f"a{i}"} for i in range(3)] + [{"oops": 1}], indent=2).encode()
    assert data.count(b"\n") > 10  # four records on many lines
    app.file_uploader(key="upload").set_value(("seed.json", data, "application/json")).run()
    assert not app.exception
    shown = metrics(app)
    assert (shown["Registros lidos"], shown["Exemplos mantidos"], shown["Registros rejeitados"]) == ("4", "3", "1")
    app.sidebar.radio(key="lang").set_value("en").run()
    shown = metrics(app)
    assert (shown["Records read"], shown["Records rejected"]) == ("4", "1") and "Lines read" not in shown


def test_the_profile_step_starts_with_its_heading_and_shows_every_card_in_full(app: AppTest) -> None:
    """Issue #14 item 6: 'Platform checks' was drawn above '2. Profile', and six cards in a row cut their values."""
    from advisor.ui.strings import text

    app.sidebar.radio(key="lang").set_value("en").run()
    app.sidebar.selectbox(key="sample_en").set_value("tickets").run()
    app.radio(key="step").set_value("profile").run()
    assert not app.exception
    assert app.header[0].value == text("profile", "en")
    assert text("platforms", "en") in [heading.value for heading in app.subheader]
    # the two worded cards (task kind, languages) on a row of two, the four counts on a row of four: a third of the
    # width still cut "chamada de ferramentas" and "pt 233, desconhecido 82" in Portuguese
    assert [round(column.proto.weight, 3) for column in app.columns[:6]] == [0.5, 0.5] + [0.25] * 4
    # the language card reads as shares of the examples looked at, and says how many those were (a sample past 5,000)
    from advisor.data.samples import sample

    rows = sample("tickets").load().examples
    card = next(metric for metric in app.metric if metric.label == text("languages", "en"))
    assert card.value == "pt 59%, en 39%"  # 1,763 and 1,162 of 3,006 (advisor analyze), rounded
    assert card.proto.help.startswith(f"Share of the {len(rows):,} examples looked at, of {len(rows):,}")


def test_the_offline_baselines_start_with_the_data_once_per_dataset_and_show_their_progress(
        app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue #14 item 7: the baselines are measured in the background from the data step on, once per dataset (not
    once per visit); a visit to step 3 while they run shows the folds and curve points done."""
    import json
    import threading
    import time

    import advisor.baselines.offline as offline
    from advisor.baselines.learning_curve import learning_curve
    from advisor.ui.strings import text
    from tests.llm_server import classification_rows

    measured: list[str] = []  # one entry per measurement of a dataset's offline baselines, wherever it runs
    release = threading.Event()
    original = offline.offline_baselines

    def counted(dataset, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        measured.append(dataset.source)
        release.wait(60)  # held until the page is on step 3, so that the page finds the work running
        return original(dataset, *args, **kwargs)

    monkeypatch.setattr(offline, "offline_baselines", counted)
    from advisor.ui.workers import POOL

    monkeypatch.setattr(POOL, "size", 0)  # measured in this process, where `counted` sees it (workers: test_workers.py)
    files = {f"tickets_{seed}.jsonl": "".join(json.dumps(row) + "\n" for row in classification_rows(150, seed))
             .encode() for seed in (14, 15)}
    app.sidebar.radio(key="lang").set_value("en").run()
    name, data = next(iter(files.items()))
    app.file_uploader(key="upload").set_value((name, data, "application/jsonl")).run()
    deadline = time.monotonic() + 30
    while not measured and time.monotonic() < deadline:  # started by the data step, in the background
        time.sleep(0.05)
    assert measured == [name] and app.radio(key="step").value == "data"
    threading.Timer(1.0, release.set).start()
    app.radio(key="step").set_value("baselines").run()
    assert not app.exception
    dataset = load_bytes(data, name)
    folds = original(dataset, "classification").folds  # measured again here, apart from the app
    points = len(learning_curve(dataset, "classification").points)
    assert folds >= 2 and points >= 2
    [status] = app.status
    assert (status.label, status.state) == (text("offline_ready", "en"), "complete")
    [bar] = status.progress
    assert (bar.value, bar.text) == (100, text("offline_progress", "en", folds_done=folds, folds=folds,
                                                   points_done=points, points=points))
    assert frame(app, "Strategy") is not None
    for step in ("recommendation", "data", "baselines"):  # visits use the measured result
        app.radio(key="step").set_value(step).run()
        assert not app.exception, step
    assert not app.status and measured == [name]
    for name, data in list(files.items())[1:]:  # another file is measured once too
        app.file_uploader(key="upload_1").set_value((name, data, "application/jsonl")).run()
        app.radio(key="step").set_value("recommendation").run()
        assert not app.exception
    assert sorted(measured) == sorted(files)


def test_the_token_book_is_counted_in_the_background_from_the_data_step(
        app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Costs step priced a token book it counted when first drawn: 22 s of waiting on a 100,000-example upload
    (benchmarks/bench_app.py). It is now counted beside the baselines from the data step on, once per dataset."""
    import json
    import time

    import advisor.pricing.comparison as comparison
    from advisor.ui.cache import book_key
    from advisor.ui.memory import STORE
    from advisor.ui.workers import POOL
    from tests.llm_server import classification_rows

    counted: list[str] = []
    original = comparison.measure_tokens
    monkeypatch.setattr(comparison, "measure_tokens",
                        lambda dataset: counted.append(dataset.source) or original(dataset))
    monkeypatch.setattr(POOL, "size", 0)  # counted in this process, where the wrapper sees it
    name = "book_in_the_background.jsonl"
    data = "".join(json.dumps(row) + "\n" for row in classification_rows(120, 31)).encode()
    app.sidebar.radio(key="lang").set_value("en").run()
    held_before = STORE.keys()
    app.file_uploader(key="upload").set_value((name, data, "application/jsonl")).run()
    assert not app.exception and app.radio(key="step").value == "data"

    def books_counted() -> list[tuple]:
        return [key for key in STORE.keys() - held_before if key == book_key(key[1])]

    deadline = time.monotonic() + 60
    while not books_counted() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert counted == [name]  # counted without a visit to step 4
    [key] = books_counted()
    app.radio(key="step").set_value("costs").run()
    app.radio(key="step").set_value("recommendation").run()
    assert not app.exception and counted == [name]  # the steps priced the book counted then
    assert STORE.holds(key)


def test_an_upload_is_analysed_in_a_worker_while_the_server_reads_it(
        app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page read an upload, then sent it to a worker that read it again before analysing: two readings in turn
    (1.5 s each and a collection on a 100,000-example file, benchmarks/bench_app.py). The worker now starts while
    the page reads. Here the page's reading is held until a worker has analysed the file: before, it never was."""
    import json
    import time

    import advisor.ui.cache as cache
    from advisor.ui.workers import WorkerPool
    from tests.llm_server import classification_rows

    import advisor.data.loader as loader  # cached_dataset imports load_bytes when it reads: patched there

    pool = WorkerPool(1)
    monkeypatch.setattr(cache, "POOL", pool)
    original, waited = loader.load_bytes, []

    def held(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        deadline = time.monotonic() + 20
        while pool.computed["analysis"] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        waited.append(pool.computed["analysis"])
        return original(*args, **kwargs)

    monkeypatch.setattr(loader, "load_bytes", held)
    name = "analysed_ahead.jsonl"
    data = "".join(json.dumps(row) + "\n" for row in classification_rows(90, 47)).encode()
    try:
        app.sidebar.radio(key="lang").set_value("en").run()
        app.file_uploader(key="upload").set_value((name, data, "application/jsonl")).run()
        assert not app.exception
        assert waited == [1]  # the worker had analysed it while the page was still reading
        assert pool.computed["analysis"] == 1  # once: the page joined the analysis under way
        app.radio(key="step").set_value("profile").run()
        assert not app.exception and pool.computed["analysis"] == 1
    finally:
        pool.shutdown()
