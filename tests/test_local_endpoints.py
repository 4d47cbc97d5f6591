"""A model on this machine: found by `GET /v1/models`, listed, and run with no key at no charge, after the estimate.

Every server here is tests/llm_server.py on a free 127.0.0.1 port, probed by its explicit base URL (the
well-known ports 11434/1234/8000/8080 may be taken on the test machine, so no test relies on them).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor.baselines.local import (MAX_ID_CHARS, MAX_MODELS, PROBE_LIMIT_BYTES, PROBE_TIMEOUT, LocalServer,
                                     is_loopback_url, probe, scan_local_servers)
from tests.helpers import app_on_baselines
from tests.llm_server import (LLMServer, classification_rows, classification_rule, hang, huge, intended_label,
                              last_user_text, malformed, status, trickle, true_label, write_jsonl)
from tests.test_cli_baseline import ADVISOR

# A hostile server must be given up on within this bound; the probe's own deadline is 1 s. Generous
# for a loaded 2-core machine: the point is "does not hang", not speed (speed is for benchmarks/).
GIVE_UP_SECONDS = 5.0
ENV_KEY = "sk-env-4c1f9e2ab37d4e55-SECRET"


# --- what counts as this machine -----------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:11434/v1", "http://127.8.9.10:8000/v1", "http://localhost:1234/v1", "http://LOCALHOST/v1",
    "http://[::1]:8080/v1", "https://[::ffff:127.0.0.1]:8080/v1",
])
def test_loopback_hosts_are_this_machine(url: str) -> None:
    assert is_loopback_url(url)


@pytest.mark.parametrize("url", [
    "https://api.openai.com/v1", "http://10.0.0.5:11434/v1", "http://localhost.evil.example/v1",
    "http://127.0.0.1.nip.io:8000/v1", "http://127.0.0.1@evil.example/v1", "http://[::2]:8080/v1",
    "ftp://127.0.0.1/v1", "127.0.0.1:11434", "", "http://[::1/v1", "http://127.0.0.1:99999/v1",
])
def test_other_hosts_are_not_whatever_they_are_called(url: str) -> None:
    assert not is_loopback_url(url)


def test_a_host_that_is_not_this_machine_is_never_probed() -> None:
    found = probe("http://192.0.2.1:11434/v1")  # TEST-NET-1: a connection attempt would hang, not be refused
    assert found.code == "local_not_loopback" and "loopback" in found.reason
    assert "loopback" in found.message("pt") and found.message("pt") != found.reason


# --- finding servers and their models ------------------------------------------------------------------


def test_a_server_on_a_free_port_is_found_with_its_models_and_sent_no_key() -> None:
    with LLMServer(models=("llama3.2:latest", "qwen2.5:7b")) as server:
        port = int(server.base_url.split(":")[2].split("/")[0])
        scan = scan_local_servers([server.base_url], ports=((port, "Ollama"),))
        assert scan.found == (LocalServer(server.base_url, "Ollama", ("llama3.2:latest", "qwen2.5:7b"), 0),)
        assert scan.choices() == ((server.base_url, "llama3.2:latest"), (server.base_url, "qwen2.5:7b"))
        # probed once (the explicit URL and the injected port are the same base URL), with nothing of the user's
        assert len(server.model_requests) == 1 and server.requests == []
        headers = server.model_requests[0].headers
        assert "authorization" not in headers and "cookie" not in headers
        assert server.model_requests[0].path == "/v1/models"


def test_an_address_typed_without_v1_is_probed_and_run_under_v1() -> None:
    with LLMServer(models=("m",)) as server:
        typed = server.base_url.removesuffix("/v1") + "/"  # "http://127.0.0.1:PORT/", as people type Ollama's
        found = probe(typed)
        assert isinstance(found, LocalServer) and found.base_url == server.base_url
        assert [record.path for record in server.model_requests] == ["/v1/models"]


def test_nothing_listening_is_nothing_found_with_a_reason() -> None:
    with LLMServer() as server:
        url = server.base_url
    scan = scan_local_servers([url], ports=())
    assert scan.found == () and [miss.code for miss in scan.not_found] == ["local_nothing_listening"]
    assert scan.to_dict()["not_found"] == [{"base_url": url, "code": "local_nothing_listening",
                                            "reason": "nothing is listening there"}]


def test_model_ids_are_untrusted_text_kept_plain_and_capped() -> None:
    plain = [f"model-{number}" for number in range(MAX_MODELS + 20)]
    odd = ["two\nlines", "x" * (MAX_ID_CHARS + 1), " padded", "zero\u200bwidth", ""]
    with LLMServer(models=(*odd, *plain, "model-0")) as server:  # "model-0" twice
        found = probe(server.base_url)
    assert isinstance(found, LocalServer)
    assert found.models == tuple(plain[:MAX_MODELS])
    # left out: 5 odd ids, 20 beyond the cap, 1 duplicate
    assert found.unlisted == len(odd) + 20 + 1


@pytest.mark.parametrize(("fault", "code"), [
    (hang(), "local_late"),  # never answers
    (trickle(0.2), "local_late"),  # headers, then a byte every 0.2 s
    (huge(10), "local_too_large"),  # 10 MB
    (malformed("<html>It works!</html>"), "local_not_json"),
    (malformed("[" * 200_000), "local_not_json"),  # nested too deep for the JSON reader
    (malformed('{"object": "list", "models": ["a"]}'), "local_no_list"),
    (malformed('{"data": [{"id": 5}, {"name": "x"}, "y"]}'), "local_no_models"),
    (status(401, "key needed"), "local_status"),
])
def test_a_hostile_server_yields_nothing_found_quickly_with_a_reason(fault, code: str) -> None:  # noqa: ANN001
    with LLMServer(models_fault=fault) as server:
        started = time.monotonic()
        scan = scan_local_servers([server.base_url], ports=())
        elapsed = time.monotonic() - started
    assert scan.found == () and [miss.code for miss in scan.not_found] == [code]
    assert elapsed < GIVE_UP_SECONDS
    if code == "local_too_large":
        assert f"{PROBE_LIMIT_BYTES // 1024} KiB" in scan.not_found[0].reason


# --- the CLI: --local ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("local") / "things.jsonl", classification_rows(120))


def advisor(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ)
    # A key in the environment (for OpenAI) must not reach a server on this machine.
    environment.update({"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"), "OPENAI_API_KEY": ENV_KEY,
                        "FT_ADVISOR_TEST_KEY": ENV_KEY})
    environment.pop("FT_ADVISOR_CACHE_DIR", None)
    return subprocess.run([ADVISOR, "baseline", *args], capture_output=True, text=True, timeout=180, env=environment)


def test_the_cli_shows_a_free_estimate_first_and_sends_nothing(data_file: Path, tmp_path: Path) -> None:
    with LLMServer(rule=classification_rule, models=("llama3.2:latest",)) as server:
        url = server.base_url
        result = advisor(str(data_file), "--local", "--base-url", url, "--sample", "8", "--shots", "2",
                         "--json", home=tmp_path)
        text = advisor(str(data_file), "--local", "--base-url", server.base_url, "--sample", "8", home=tmp_path)
        assert server.requests == []  # probed, never called
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["local_servers"]["found"][0]["models"] == ["llama3.2:latest"]
    assert report["llm_plan"]["model"] == "llama3.2:latest" and report["llm_plan"]["local"] is True
    estimate = report["estimate"]
    assert estimate["calls"] == 24  # 8 held-out examples × zero-shot, random and retrieved
    assert (estimate["expected_usd"], estimate["worst_usd"]) == (0.0, 0.0) and estimate["input_tokens"] > 0
    assert "--budget 0" in report["llm_note"] and report["llm"] == []
    assert text.returncode == 0, text.stderr
    assert "no charge (a server on this machine" in text.stdout and "LOCAL SERVERS" in text.stdout
    assert f"{url}: llama3.2:latest" in text.stdout


def test_the_cli_runs_the_local_model_with_no_key_at_no_charge(data_file: Path, tmp_path: Path) -> None:
    with LLMServer(rule=classification_rule, models=("llama3.2:latest",)) as server:
        result = advisor(str(data_file), "--local", "--base-url", server.base_url, "--sample", "8", "--shots", "2",
                         "--budget", "0", "--no-cache", "--json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert len(server.requests) == 24 and report["calls_made"] == 24 and report["calls_skipped"] == 0
    assert {record.body["model"] for record in server.requests} == {"llama3.2:latest"}
    assert {record.headers["authorization"] for record in server.requests} == {"Bearer no-key"}
    assert report["spent_usd"] == 0.0 and all(row["cost_usd"] == 0.0 for row in report["llm"])
    # scores from the server's own log and rule, as tests/test_cli_baseline.py computes them
    for row in report["llm"]:
        demos = row["shots"] > 0
        texts = {last_user_text(r.body) for r in server.requests
                 if any(m["role"] == "assistant" for m in r.body["messages"]) == demos}
        assert row["score"] == pytest.approx(sum(intended_label(t, demos) == true_label(t) for t in texts) / 8)
    assert ENV_KEY not in result.stdout + result.stderr


def test_the_cli_lists_several_models_and_asks_for_one(data_file: Path, tmp_path: Path) -> None:
    with LLMServer(rule=classification_rule, models=("a-model", "b-model")) as server:
        listed = advisor(str(data_file), "--local", "--base-url", server.base_url, "--json", home=tmp_path)
        chosen = advisor(str(data_file), "--local", "--base-url", server.base_url, "--model", "b-model",
                         "--sample", "4", "--json", home=tmp_path)
        missing = advisor(str(data_file), "--local", "--base-url", server.base_url, "--model", "c-model",
                          home=tmp_path)
        assert server.requests == []
    assert listed.returncode == 2 and listed.stderr.strip().splitlines() == [
        "advisor: several models found: pick one with --model NAME"]
    report = json.loads(listed.stdout)
    assert report["chosen"] is None and report["local_servers"]["found"][0]["models"] == ["a-model", "b-model"]
    assert chosen.returncode == 0, chosen.stderr
    assert json.loads(chosen.stdout)["llm_plan"]["model"] == "b-model"
    assert missing.returncode == 2 and "'c-model'" in missing.stderr


def test_the_cli_refuses_local_for_another_host_and_for_prices(data_file: Path, tmp_path: Path) -> None:
    remote = advisor(str(data_file), "--local", "--base-url", "https://api.openai.com/v1", "--model", "gpt-4.1-mini",
                     home=tmp_path)
    assert remote.returncode == 2 and remote.stdout == ""
    assert remote.stderr.strip().splitlines() == ["advisor: --local runs a server on this machine: --base-url "
                                                  "https://api.openai.com/v1 is not a loopback address "
                                                  "(127.0.0.1, ::1, localhost)"]
    priced = advisor(str(data_file), "--local", "--price-in", "1", "--price-out", "1", home=tmp_path)
    assert priced.returncode == 2 and "--price-in" in priced.stderr and priced.stdout == ""


def test_the_cli_says_why_a_hostile_local_server_was_not_used(data_file: Path, tmp_path: Path) -> None:
    with LLMServer(models_fault=hang()) as server:
        url = server.base_url
        started = time.monotonic()
        result = advisor(str(data_file), "--local", "--base-url", url, home=tmp_path)
        elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["advisor: no OpenAI-compatible server answered on this machine"]
    assert f"{url}: nothing found — no complete answer within {PROBE_TIMEOUT:g} s" in result.stdout
    assert "Traceback" not in result.stderr and elapsed < 60  # the interpreter's start-up included


# --- the app ------------------------------------------------------------------------------------------------


@pytest.fixture
def app(tmp_path: Path) -> AppTest:
    data = write_jsonl(tmp_path / "things.jsonl", classification_rows(120)).read_bytes()
    return app_on_baselines("things.jsonl", data, "application/jsonl")


def test_the_app_finds_the_local_server_and_runs_it_free_without_the_typed_key(app: AppTest) -> None:
    from tests.markup_payloads import BOLD, DISPLAY_MATH, unescaped
    from tests.test_app import markdown_sent, rendered

    model = f"model {BOLD} {DISPLAY_MATH}"  # a model id is the server's text: shown as written, never as Markdown
    app.text_input(key="llm_api_key").set_value("sk-typed-for-openai-7f3a9c").run()
    with LLMServer(rule=lambda body: true_label(last_user_text(body)), models=(model,)) as server:
        app.toggle(key="llm_local").set_value(True).run()
        app.text_input(key="llm_local_url").set_value(server.base_url).run()
        assert not app.exception
        found = [rendered(caption.value) for caption in app.caption if server.base_url in rendered(caption.value)]
        assert found and "Found at" in found[0]
        box = app.selectbox(key="llm_local_choice")
        index = next(number for number, label in enumerate(box.options) if server.base_url in label)
        box.set_value(index).run()
        estimate = next(element.value for element in app.markdown if "**Estimate:**" in element.value)
        assert "no charge" in estimate and "US$" not in estimate
        assert app.button(key="llm_run").disabled and server.requests == []
        app.checkbox(key="llm_approved").check().run()
        app.button(key="llm_run").click().run()
        assert not app.exception
        assert server.requests and {record.body["model"] for record in server.requests} == {model}
        assert {record.headers["authorization"] for record in server.requests} == {"Bearer no-key"}
    table = next(element.value for element in app.dataframe if "Failed" in element.value.columns)
    assert [float(score) for score in table["Score"]] == [1.0, 1.0, 1.0] and list(table["US$"]) == [0.0, 0.0, 0.0]
    assert [(where, text) for where, text in markdown_sent(app) if unescaped(text)] == []


def test_the_app_says_why_nothing_was_found_and_looks_again(app: AppTest) -> None:
    with LLMServer(models_fault=malformed("<html>")) as server:
        app.toggle(key="llm_local").set_value(True).run()
        app.text_input(key="llm_local_url").set_value(server.base_url).run()
        assert not app.exception
        assert any("No OpenAI-compatible server answered" in info.value for info in app.info)
        reasons = [caption.value for caption in app.caption if "not JSON" in caption.value]
        assert len(reasons) == 1 and "nothing found" in reasons[0]
        app.sidebar.radio(key="lang").set_value("pt").run()  # the reason in Portuguese too
        assert any("nada encontrado — respondeu com algo que não é JSON" in caption.value for caption in app.caption)
        assert any("Nenhum servidor compatível com a OpenAI respondeu" in info.value for info in app.info)
        server.models_fault = None  # the server is fixed; a rescan finds it
        app.button(key="llm_local_rescan").click().run()
        assert not app.exception
        assert app.selectbox(key="llm_local_choice").options
        assert len(server.model_requests) == 2
