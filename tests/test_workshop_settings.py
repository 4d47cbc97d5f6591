"""The instructor's settings for a shared server (advisor/baselines/sharing.py): the endpoint allow-list, LLM calls off, and
the per-session budget ceiling — parsed, then enforced in the app against the tests' server on 127.0.0.1."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor.baselines.sharing import BUDGET_SETTING, ENDPOINTS_SETTING, SharingPolicy, read_policy
from tests.helpers import app_on_baselines, fill_endpoint
from tests.llm_server import LLMServer, classification_rows, last_user_text, true_label, write_jsonl
from tests.test_app import rendered

OPENAI = "https://api.openai.com/v1"


# --- the settings, read ---------------------------------------------------------------------------------------


def test_unset_settings_leave_a_server_of_ones_own() -> None:
    policy = read_policy({})
    assert policy == SharingPolicy() and not policy.restricted
    assert policy.allows("http://192.168.0.7:9999/anything") and policy.approvable_usd(12.5, 3.0) == 12.5


@pytest.mark.parametrize("url", [
    "https://api.openai.com/v1", "https://api.openai.com/v1/", "https://API.OpenAI.com:443/v1",
    "https://api.openai.com./v1/chat", "http://127.0.0.1:11434/v1", "http://127.0.0.1:11434/v1/x/y",
])
def test_an_allowed_url_is_the_same_scheme_host_and_port_at_or_below_the_path(url: str) -> None:
    policy = read_policy({ENDPOINTS_SETTING: f"{OPENAI}, http://127.0.0.1:11434/v1"})
    assert policy.allows(url)


@pytest.mark.parametrize("url", [
    "http://api.openai.com/v1",  # another scheme
    "https://api.openai.com:8443/v1",  # another port
    "https://api.openai.com.evil.example/v1",  # another host that starts the same
    "https://api.openai.com/v1x",  # a path that starts the same but is not below /v1
    "https://api.openai.com/", "https://api.openai.com",  # above the path
    "https://api.openai.com/v1/../admin", "https://api.openai.com/v1/%2e%2e/admin",  # dot segments, spelt or encoded
    "https://api.openai.com@evil.example/v1", "https://api.openai.com\\@evil.example/v1",  # a user name hides a host
    "https://api.openai.com/v1?x=1", "https://api.openai.com/v1#f",  # a query or fragment in a base URL
    "https://api.openai.com/v1 http://evil.example", "ftp://api.openai.com/v1", "api.openai.com/v1", "",
    "http://127.0.0.1:11435/v1", "http://localhost:11434/v1",  # the local server is allowed by its address only
])
def test_anything_else_is_refused(url: str) -> None:
    policy = read_policy({ENDPOINTS_SETTING: f"{OPENAI} http://127.0.0.1:11434/v1"})
    assert not policy.allows(url)


def test_off_turns_every_call_off_and_a_bad_entry_allows_nothing_but_says_so() -> None:
    off = read_policy({ENDPOINTS_SETTING: " OFF "})
    assert off.llm_off and not off.allows(OPENAI) and off.problems == ()
    bad = read_policy({ENDPOINTS_SETTING: "https://user@evil.example/v1, http://127.0.0.1:8000/v1"})
    assert bad.allowed_urls() == ("http://127.0.0.1:8000/v1",) and not bad.allows("https://evil.example/v1")
    assert [problem.message("en") for problem in bad.problems] == [
        "ADVISOR_LLM_ENDPOINTS: https://user@evil.example/v1 is not a base URL (http or https, a host, no user name, "
        "query or fragment); it allows nothing"]
    assert bad.problems[0].message("pt").startswith("ADVISOR_LLM_ENDPOINTS: https://user@evil.example/v1 não é uma")
    not_a_list = read_policy({}, {ENDPOINTS_SETTING: 42})  # a TOML number where a list belongs: fail closed
    assert not_a_list.llm_off and not_a_list.problems[0].code == "setting_not_list"


def test_a_toml_list_from_secrets_is_read_and_the_environment_wins() -> None:
    from_secrets = read_policy({}, {ENDPOINTS_SETTING: [OPENAI, "http://127.0.0.1:8000/v1"], BUDGET_SETTING: 2.5})
    assert from_secrets.allowed_urls() == (OPENAI, "http://127.0.0.1:8000/v1")
    assert from_secrets.session_budget_usd == Decimal("2.5")
    both = read_policy({ENDPOINTS_SETTING: "off", BUDGET_SETTING: "0.75"}, {ENDPOINTS_SETTING: [OPENAI],
                                                                            BUDGET_SETTING: 100})
    assert both.llm_off and both.session_budget_usd == Decimal("0.75")


@pytest.mark.parametrize("value", ["-1", "abc", "nan", "inf", "1e400", True, [1]])
def test_a_budget_that_cannot_be_read_is_a_ceiling_of_zero(value: object) -> None:
    policy = read_policy({}, {BUDGET_SETTING: value})
    assert policy.session_budget_usd == 0 and policy.approvable_usd(5.0) == 0.0
    assert policy.problems[0].code == "setting_not_amount"


def test_what_a_run_may_spend_is_the_approval_cut_to_what_the_session_has_left() -> None:
    policy = read_policy({BUDGET_SETTING: "1.00"})
    assert policy.approvable_usd(5.0, 0.3) == 0.7  # 1.00 - 0.30, less than the 5.00 approved
    assert policy.approvable_usd(0.2, 0.3) == 0.2  # the approval is smaller: it stands
    assert policy.approvable_usd(5.0, 1.3) == 0.0  # overspent by an earlier ceiling: nothing, never negative


# --- the settings, enforced in the app -----------------------------------------------------------------------


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    for name in (ENDPOINTS_SETTING, BUDGET_SETTING):
        monkeypatch.delenv(name, raising=False)
    data = write_jsonl(tmp_path / "things.jsonl", classification_rows(120)).read_bytes()
    return app_on_baselines("things.jsonl", data, "application/jsonl")


def errors(at: AppTest) -> list[str]:
    return [rendered(element.value) for element in at.error]


def test_a_typed_endpoint_outside_the_allow_list_is_refused_and_never_reached(
        app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENDPOINTS_SETTING, f"{OPENAI}")
    with LLMServer(rule=lambda body: true_label(last_user_text(body))) as server:
        fill_endpoint(app, server.base_url, api_key="sk-workshop-7c1e", price_out=4.0)
        assert not app.exception
        assert errors(app) == [f"{server.base_url} is not among the endpoints this server allows ({OPENAI}): "
                               "nothing is sent there."]
        assert [element.key for element in app.button if element.key == "llm_run"] == []  # nothing to click
        # the local probe of a shared server skips a typed address outside the list, and its own ports
        app.toggle(key="llm_local").set_value(True).run()
        app.text_input(key="llm_local_url").set_value(server.base_url).run()
        app.button(key="llm_local_rescan").click().run()
        assert not app.exception
        assert any(message.startswith(f"{server.base_url} is not among") for message in errors(app))
    assert server.requests == [] and server.model_requests == []
    assert any(rendered(caption.value) == f"Endpoints allowed on this server: {OPENAI}"
               for caption in app.caption)


def test_an_allowed_local_server_is_probed_and_run(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    with LLMServer(rule=lambda body: true_label(last_user_text(body))) as server:
        monkeypatch.setenv(ENDPOINTS_SETTING, server.base_url)
        app.toggle(key="llm_local").set_value(True).run()
        app.text_input(key="llm_local_url").set_value(server.base_url).run()
        assert not app.exception and errors(app) == []
        assert len(server.model_requests) == 1  # the allowed address, and none of the well-known ports
        app.checkbox(key="llm_approved").check().run()
        app.button(key="llm_run").click().run()
        assert not app.exception and server.requests


def test_llm_calls_off_by_secrets_toml_show_why_and_offer_nothing(app: AppTest) -> None:
    app.secrets[ENDPOINTS_SETTING] = "off"
    app.run()
    assert not app.exception
    assert [info.value for info in app.info] == ["LLM calls are off on this server (the instructor's setting)."]
    assert [box.key for box in app.text_input if box.key == "llm_base_url"] == []
    assert [toggle.key for toggle in app.toggle if toggle.key == "llm_local"] == []
    app.sidebar.radio(key="lang").set_value("pt").run()
    assert [info.value for info in app.info] == [
        "As chamadas a LLMs estão desligadas neste servidor (configuração de quem conduz a oficina)."]


CEILING = 0.10  # US$ per session
PRICE_IN, PRICE_OUT = 100.0, 400.0  # US$ per 1M tokens: a run's worst case is far above the ceiling


def billed_usd(server: LLMServer) -> float:
    """What the server itself reported, at the prices typed: the spend computed without the app's ledger."""
    prompt, completion = server.billed_tokens()
    return (prompt * PRICE_IN + completion * PRICE_OUT) / 1e6


def test_the_session_ceiling_caps_what_can_be_approved_and_spent_over_two_runs(
        app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BUDGET_SETTING, str(CEILING))
    with LLMServer(rule=lambda body: true_label(last_user_text(body))) as server:
        fill_endpoint(app, server.base_url, price_in=PRICE_IN, price_out=PRICE_OUT)
        assert not app.exception
        estimate = next(rendered(element.value) for element in app.markdown if "**Estimate:**" in element.value)
        worst = float(estimate.rsplit("at most US$ ", 1)[1].rstrip("."))
        assert worst > 10 * CEILING  # without the ceiling the default cap (1.2 × worst) would allow all of it
        assert app.number_input(key="llm_budget").max == CEILING  # no more can be typed
        assert any(rendered(caption.value) == "At most US$ 0.10 per session on this server; US$ 0.10 left."
                   for caption in app.caption)
        app.number_input(key="llm_budget").set_value(0.04).run()  # a first run approves less than the ceiling
        app.checkbox(key="llm_approved").check().run()
        app.button(key="llm_run").click().run()
        assert not app.exception and server.requests
        first = billed_usd(server)
        assert 0 < first <= 0.04
        spent = app.session_state["llm_spent_usd"]
        assert spent >= first - 1e-9  # the ledger never counts less than the server billed
        # a second run may approve only what the session has left
        field = app.number_input(key="llm_budget")
        assert field.max == pytest.approx(CEILING - spent, abs=1e-9)
        made = len(server.requests)
        field.set_value(field.max).run()
        app.checkbox(key="llm_approved").check().run()  # the approval names the new amount: ticked again
        app.button(key="llm_run").click().run()
        assert not app.exception and len(server.requests) > made
        assert first < billed_usd(server) <= CEILING
        field = app.number_input(key="llm_budget")  # the amount typed was more than is left now: refilled
        assert field.value <= field.max == pytest.approx(CEILING - app.session_state["llm_spent_usd"], abs=1e-9)
        assert any(rendered(caption.value).startswith("At most US$ 0.10 per session on this server; US$ 0.0")
                   for caption in app.caption)
