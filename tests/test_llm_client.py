"""The chat client against a real local OpenAI-compatible server: answers, faults, retries, cache, interruption."""

from __future__ import annotations

import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from advisor.baselines.budget import Budget, CallEstimate, cost_usd, resolve_price
from advisor.baselines.cache import ResponseCache, cache_key
from advisor.baselines.client import (
    ChatClient, ChatRequest, Endpoint, Progress, RetryPolicy, _retry_after, redact, response_limit, run_calls,
)
from tests.llm_server import (
    LLMServer, echo_key, hang, huge, last_user_text, malformed, rate_limit, server_error, slow, status, trickle, truncated,
)

KEY = "sk-test-4f9c1e77d2b84a0e9d51-SECRET"
PRICE = resolve_price("test-model", 2.0, 8.0)
FAST = RetryPolicy(timeout=0.3, max_retries=4, base_backoff=0.01, max_backoff=0.05, max_retry_after=5.0)


def request(text: str, max_tokens: int = 10) -> ChatRequest:
    # Generous estimate: the test server bills words, never more than this.
    return ChatRequest((("system", "Answer."), ("user", text)), max_tokens, CallEstimate(40, 50, max_tokens, 2))


def echo(request_body: dict) -> str:
    return f"echo {last_user_text(request_body)}"


def client_for(server: LLMServer, policy: RetryPolicy = FAST, key: str = KEY, model: str = "test-model") -> ChatClient:
    return ChatClient(Endpoint(server.base_url, model, key), policy)


def test_answer_usage_and_cost_are_what_the_server_sent() -> None:
    with LLMServer(rule=echo) as server, client_for(server) as client:
        budget = Budget(1.0, PRICE)
        outcome = client.complete(request("hello there"), budget)
    assert outcome.status == "ok" and outcome.text == "echo hello there"
    [record] = server.requests
    assert (outcome.input_tokens, outcome.output_tokens) == record.usage
    assert outcome.cost_usd == cost_usd(PRICE, *record.usage) == budget.spent
    assert record.headers["authorization"] == f"Bearer {KEY}"
    assert record.body["model"] == "test-model" and record.body["max_tokens"] == 10 and record.body["temperature"] == 0
    assert record.body["messages"] == [
        {"role": "system", "content": "Answer."}, {"role": "user", "content": "hello there"},
    ]
    assert KEY not in repr(client) and KEY not in repr(client.endpoint)


def test_retried_faults_leave_no_failed_calls() -> None:
    script = {1: rate_limit(0.05), 2: server_error(503), 3: slow(1.0)}  # then a normal answer
    with LLMServer(rule=echo, fault=lambda body, seen: script.get(seen)) as server, client_for(server) as client:
        budget = Budget(1.0, PRICE)
        run = run_calls(client, [request(f"question {n}") for n in range(5)], budget, concurrency=3)
    assert [outcome.status for outcome in run.outcomes] == ["ok"] * 5
    assert [outcome.text for outcome in run.outcomes] == [f"echo question {n}" for n in range(5)]
    assert all(outcome.attempts == 4 for outcome in run.outcomes)
    assert len(server.requests) == 20 and run.error is None and not run.interrupted
    # A timed-out attempt may have been billed: it is charged its worst case, so spending is never under-counted.
    report = budget.report()
    assert report.requests == 20 and report.worst_case_charges == 5
    billed = sum(cost_usd(PRICE, *r.usage) for r in server.requests if r.usage is not None)
    assert budget.spent >= billed


def test_retry_after_is_honoured_over_the_backoff() -> None:
    policy = RetryPolicy(timeout=1.0, max_retries=2, base_backoff=0.001, max_backoff=0.001)
    fault = lambda body, seen: rate_limit(0.3) if seen == 1 else None  # noqa: E731
    with LLMServer(rule=echo, fault=fault) as server, client_for(server, policy) as client:
        outcome = client.complete(request("wait for me"), Budget(1.0, PRICE))
    assert outcome.status == "ok"
    first, second = server.requests
    assert second.at - first.at >= 0.3


def test_retry_after_is_read_in_seconds_milliseconds_and_http_dates() -> None:
    import email.utils
    import time

    assert _retry_after({"retry-after": "2"}) == 2.0
    assert _retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    assert 25 < _retry_after({"retry-after": email.utils.formatdate(time.time() + 30, usegmt=True)}) <= 30
    assert _retry_after({"retry-after": "soon"}) is None and _retry_after({}) is None


def test_a_server_asking_for_too_long_a_wait_fails_the_call_at_once() -> None:
    fault = lambda body, seen: rate_limit(3600)  # noqa: E731
    with LLMServer(rule=echo, fault=fault) as server, client_for(server) as client:
        outcome = client.complete(request("later"), Budget(1.0, PRICE))
    assert outcome.status == "failed" and "3600" in outcome.error and len(server.requests) == 1


def test_retries_give_up_after_the_limit_and_count_one_failed_call() -> None:
    policy = RetryPolicy(timeout=1.0, max_retries=2, base_backoff=0.001)
    always_failing = LLMServer(rule=echo, fault=lambda body, seen: server_error(500))
    with always_failing as server, client_for(server, policy) as client:
        budget = Budget(1.0, PRICE)
        outcome = client.complete(request("never"), budget)
    assert outcome.status == "failed" and outcome.attempts == 3 and len(server.requests) == 3
    assert "HTTP 500" in outcome.error and budget.spent == 0  # a refusal did no billable work


@pytest.mark.parametrize("body", [
    '{"id": "x", "choices": [{"message": ',  # cut off
    "<html>Bad gateway</html>",
    "{}",
    '{"choices": []}',
    '{"choices": [{"message": {"role": "assistant", "content": 42}}]}',
    "null",
])
def test_a_malformed_answer_is_one_failed_call_never_a_crash(body: str) -> None:
    fault = lambda request_body, seen: malformed(body) if "bad" in last_user_text(request_body) else None  # noqa: E731
    with LLMServer(rule=echo, fault=fault) as server, client_for(server) as client:
        budget = Budget(1.0, PRICE)
        run = run_calls(client, [request("good one"), request("bad one"), request("good two")], budget)
    assert [outcome.status for outcome in run.outcomes] == ["ok", "failed", "ok"]
    assert run.outcomes[1].error.startswith("malformed") and run.outcomes[1].attempts == 1
    assert len(server.requests) == 3  # not retried
    # The server may have billed the malformed one: charged its worst case.
    assert run.outcomes[1].cost_usd == budget.worst_case(request("bad one").estimate)


def test_concurrency_is_bounded() -> None:
    with LLMServer(rule=echo, delay=0.08) as server, client_for(server) as client:
        run = run_calls(client, [request(f"q{n}") for n in range(12)], Budget(1.0, PRICE), concurrency=3)
    assert all(outcome.status == "ok" for outcome in run.outcomes)
    assert server.max_in_flight == 3


def test_a_wrong_key_stops_the_run_and_the_key_is_redacted_from_errors() -> None:
    def fault(body: dict, seen: int) -> object:
        return status(401, f"Incorrect API key provided: {KEY}.")

    with LLMServer(rule=echo, fault=fault) as server, client_for(server) as client:
        run = run_calls(client, [request(f"q{n}") for n in range(10)], Budget(1.0, PRICE), concurrency=1)
    assert len(server.requests) == 1
    assert run.error is not None and "401" in run.error and KEY not in run.error and "[api key]" in run.error
    assert [outcome.status for outcome in run.outcomes].count("stopped") == 9
    assert all(KEY not in (outcome.error or "") for outcome in run.outcomes)


def test_an_unreachable_endpoint_stops_the_run() -> None:
    server = LLMServer().start()
    url = server.base_url
    server.stop()  # the port is closed now: connection refused
    policy = RetryPolicy(timeout=0.5, max_retries=1, base_backoff=0.001)
    with ChatClient(Endpoint(url, "test-model", KEY), policy) as client:
        run = run_calls(client, [request(f"q{n}") for n in range(6)], Budget(1.0, PRICE), concurrency=1)
    assert run.outcomes[0].status == "failed" and "connection" in run.outcomes[0].error
    assert run.error is not None and all(outcome.status == "stopped" for outcome in run.outcomes[1:])


def test_a_cached_rerun_makes_zero_requests_and_the_cache_never_holds_the_key(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "cache")
    requests = [request(f"question {n}") for n in range(6)]
    with LLMServer(rule=lambda body: f"answer {len(body['messages'][-1]['content'])}") as server:
        with client_for(server) as client:
            first = run_calls(client, requests, Budget(1.0, PRICE), cache)
        assert len(server.requests) == 6
        server.reset()
        with client_for(server, key="sk-another-key-entirely") as client:  # the key is no part of the cache key
            budget = Budget(1.0, PRICE)
            second = run_calls(client, requests, budget, cache)
        assert server.requests == []
    assert [outcome.status for outcome in second.outcomes] == ["cached"] * 6
    assert [outcome.text for outcome in second.outcomes] == [outcome.text for outcome in first.outcomes]
    assert budget.spent == 0 and budget.report().requests == 0
    files = [path for path in (tmp_path / "cache").rglob("*") if path.is_file()]
    assert len(files) == 6
    for path in files:
        content = path.read_bytes()
        assert KEY.encode() not in content and b"question" not in content  # no key, no copy of the data


def test_the_cache_key_separates_endpoints_models_messages_and_parameters() -> None:
    messages = [{"role": "user", "content": "hi"}]
    base = cache_key("http://a/v1", "m", messages, {"max_tokens": 5, "temperature": 0})
    assert base == cache_key("http://a/v1/", "m", messages, {"temperature": 0, "max_tokens": 5})
    assert len({
        base,
        cache_key("http://b/v1", "m", messages, {"max_tokens": 5, "temperature": 0}),
        cache_key("http://a/v1", "m2", messages, {"max_tokens": 5, "temperature": 0}),
        cache_key("http://a/v1", "m", [{"role": "user", "content": "hi!"}], {"max_tokens": 5, "temperature": 0}),
        cache_key("http://a/v1", "m", messages, {"max_tokens": 6, "temperature": 0}),
    }) == 5


def test_an_unreadable_cache_file_is_a_miss(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    with LLMServer(rule=echo) as server, client_for(server) as client:
        key = client.key_of(request("x"))
        path = cache.directory / key[:2] / f"{key}.json"
        path.parent.mkdir(parents=True)
        path.write_text("{not json", encoding="utf-8")
        outcome = client.complete(request("x"), Budget(1.0, PRICE), cache)
    assert outcome.status == "ok" and len(server.requests) == 1
    assert cache.get(key) is not None  # rewritten whole


def test_an_interrupted_run_keeps_what_finished_and_a_rerun_resumes(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    requests = [request(f"question {n}") for n in range(10)]
    seen: list[Progress] = []

    def interrupt_after_three(progress: Progress) -> None:
        seen.append(progress)
        if progress.done >= 3:
            raise KeyboardInterrupt

    with LLMServer(rule=echo, delay=0.02) as server:
        with client_for(server) as client:
            first = run_calls(client, requests, Budget(1.0, PRICE), cache, concurrency=2,
                              progress=interrupt_after_three)
        assert first.interrupted
        finished = [outcome for outcome in first.outcomes if outcome.status == "ok"]
        assert 3 <= len(finished) < 10
        assert len(server.requests) == len(finished)  # nothing in flight was lost
        server.reset()
        with client_for(server) as client:
            second = run_calls(client, requests, Budget(1.0, PRICE), cache, concurrency=2)
    assert [outcome.status for outcome in second.outcomes].count("cached") == len(finished)
    assert len(server.requests) == 10 - len(finished)
    assert [outcome.text for outcome in second.outcomes] == [f"echo question {n}" for n in range(10)]
    assert seen[0].done == 0 and seen[0].total == 10


def test_progress_reports_every_call() -> None:
    seen: list[Progress] = []
    with LLMServer(rule=echo) as server, client_for(server) as client:
        run_calls(client, [request(f"q{n}") for n in range(5)], Budget(1.0, PRICE), progress=seen.append)
    assert [progress.done for progress in seen] == [0, 1, 2, 3, 4, 5]
    assert seen[-1].spent_usd > 0


def test_a_stop_event_ends_waiting_without_calls() -> None:
    stop = threading.Event()
    stop.set()
    with LLMServer(rule=echo) as server, client_for(server) as client:
        run = run_calls(client, [request("q")], Budget(1.0, PRICE), stop=stop)
    assert run.outcomes[0].status == "stopped" and server.requests == []
    assert Decimal(0) == Budget(1.0, PRICE).spent


# --- hostile endpoints (issue 12) -------------------------------------------------------------------------

ONE_SECOND = RetryPolicy(timeout=1.0, max_retries=0, base_backoff=0.01, max_backoff=0.05)


def timed_complete(fault, policy: RetryPolicy = ONE_SECOND, text: str = "hello", cache=None):  # noqa: ANN001, ANN201
    with LLMServer(rule=echo, fault=lambda body, seen: fault) as server, client_for(server, policy) as client:
        budget = Budget(1.0, PRICE)
        started = time.monotonic()
        outcome = client.complete(request(text), budget, cache)
        elapsed = time.monotonic() - started
        return outcome, elapsed, budget, list(server.requests)


def test_a_trickling_answer_ends_at_the_attempts_deadline_not_per_read() -> None:
    # Headers, then a byte every 0.2 s: each read is quick, so a per-read timeout never fires (the answer's
    # ~300 bytes would take a minute). The 1 s deadline covers the whole answer.
    outcome, elapsed, budget, _ = timed_complete(trickle(0.2))
    assert outcome.status == "failed" and "no complete answer within the 1 s deadline" in outcome.error
    assert 0.9 < elapsed < 2.5  # a stated bound: the deadline plus thread and socket slack
    assert outcome.cost_usd == budget.worst_case(request("hello").estimate)  # it may have been billed


def test_a_hanging_server_ends_at_the_deadline() -> None:
    outcome, elapsed, _, _ = timed_complete(hang())
    assert outcome.status == "failed" and "deadline" in outcome.error and 0.9 < elapsed < 2.5


def test_an_answer_past_the_size_limit_is_cut_off_at_once() -> None:
    # 50 MB for max_tokens 10: refused at 512 KiB (response_limit), long before the deadline.
    assert response_limit(10) == 512 * 1024 and response_limit(8192) == 128 * 8192
    policy = RetryPolicy(timeout=20.0, max_retries=2, base_backoff=0.01)
    outcome, elapsed, budget, seen = timed_complete(huge(50), policy)
    assert outcome.status == "failed" and "larger than the 512 KiB limit" in outcome.error
    assert len(seen) == 1 and elapsed < 5  # not retried: it would answer the same
    assert outcome.cost_usd == budget.worst_case(request("hello").estimate)


def test_a_truncated_body_is_retried_and_charged_as_possibly_billed() -> None:
    policy = RetryPolicy(timeout=2.0, max_retries=1, base_backoff=0.01)
    outcome, _, budget, seen = timed_complete(truncated(), policy)
    assert outcome.status == "failed" and "broke before the whole answer arrived" in outcome.error
    assert len(seen) == 2 and outcome.attempts == 2
    assert budget.spent == 2 * budget.worst_case(request("hello").estimate)


def test_a_retry_after_beyond_the_ceiling_stops_the_run_once() -> None:
    # Before: every one of the calls failed on its own with the same message.
    with LLMServer(rule=echo, fault=lambda body, seen: rate_limit(999999)) as server, client_for(server) as client:
        run = run_calls(client, [request(f"q{n}") for n in range(10)], Budget(1.0, PRICE), concurrency=1)
        assert len(server.requests) == 1
    statuses = [outcome.status for outcome in run.outcomes]
    assert statuses == ["failed"] + ["stopped"] * 9
    assert run.error is not None and "999999 s, more than the 5 s this run waits" in run.error
    assert not run.refused  # the endpoint misbehaved; it did not refuse the key


def test_a_429_without_retry_after_backs_off_within_bounds() -> None:
    policy = RetryPolicy(timeout=1.0, max_retries=3, base_backoff=0.05, max_backoff=0.1)
    with LLMServer(rule=echo, fault=lambda body, seen: rate_limit(None)) as server, client_for(server, policy) as client:
        outcome = client.complete(request("x"), Budget(1.0, PRICE))
        arrivals = [record.at for record in server.requests]
    assert outcome.status == "failed" and outcome.attempts == 4
    gaps = [later - earlier for earlier, later in zip(arrivals, arrivals[1:])]
    # Backoff n waits between half and all of min(0.1, 0.05 * 2^n): 0.025-0.05, then 0.05-0.1 twice.
    assert 0.025 <= gaps[0] and all(0.05 <= gap for gap in gaps[1:]) and all(gap < 0.6 for gap in gaps)


def test_the_run_deadline_ends_a_run_with_what_finished() -> None:
    policy = RetryPolicy(timeout=30.0, max_retries=4, base_backoff=0.01, run_deadline=1.5)

    def fault(body: dict, seen: int) -> object:
        return None if last_user_text(body) == "q0" else hang()

    with LLMServer(rule=echo, fault=fault) as server, client_for(server, policy) as client:
        started = time.monotonic()
        run = run_calls(client, [request(f"q{n}") for n in range(8)], Budget(1.0, PRICE), concurrency=2)
        elapsed = time.monotonic() - started
    assert elapsed < 3.5  # 1.5 s deadline, a stated bound with slack for a loaded machine
    assert run.outcomes[0].status == "ok" and run.deadline_passed
    assert run.error.startswith("the run's deadline of 1.5 s passed") and "calls not made" in run.error
    assert {outcome.status for outcome in run.outcomes[1:]} <= {"failed", "stopped"}


def test_an_echoed_key_is_redacted_from_the_answer_and_the_cache(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    outcome, _, _, seen = timed_complete(echo_key(), FAST, cache=cache)
    assert seen[0].answer is not None and KEY in seen[0].answer  # the server did echo it
    assert outcome.status == "ok" and KEY not in outcome.text and "Bearer [api key]" in outcome.text
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert len(files) == 1 and KEY.encode() not in files[0].read_bytes()


def test_redact_removes_the_key_and_anything_shaped_like_one() -> None:
    text = f"Authorization: Bearer {KEY}; raw {KEY}; other sk-proj-abcdefgh12345678; BEARER xyz.123"
    cleaned = redact(text, KEY)
    assert KEY not in cleaned and "sk-proj" not in cleaned and "xyz.123" not in cleaned
    assert cleaned == "Authorization: Bearer [api key]; raw [api key]; other [api key]; Bearer [api key]"
    assert redact("the answer is positive", KEY) == "the answer is positive"


# --- the openai SDK on the call path, under the same bounds ------------------------------------------------


def test_the_request_is_sent_by_the_openai_sdk_without_an_openai_account_s_headers(monkeypatch) -> None:  # noqa: ANN001
    # The SDK would send these to any base_url; another endpoint has no business knowing them.
    monkeypatch.setenv("OPENAI_ORG_ID", "org-private-1234")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj_private_5678")
    # Nor does an Authorization header from the SDK's environment replace the key given for this endpoint.
    monkeypatch.setenv("OPENAI_CUSTOM_HEADERS", "Authorization: Bearer sk-from-the-environment-0000")
    with LLMServer(rule=echo) as server, client_for(server) as client:
        outcome = client.complete(request("hello"), Budget(1.0, PRICE))
    [record] = server.requests
    assert outcome.status == "ok" and record.path == "/v1/chat/completions"
    assert record.headers["user-agent"].startswith("OpenAI/Python ")  # the SDK's, not a hand-made request
    assert record.headers["x-stainless-retry-count"] == "0"  # the SDK's retries are off; ours count
    assert "openai-organization" not in record.headers and "openai-project" not in record.headers
    assert record.headers["authorization"] == f"Bearer {KEY}"
    assert record.headers["accept-encoding"] == "identity"  # a compressed answer is not asked for


def gzipped_completion(content: str) -> bytes:
    import gzip
    import json

    reply = {"id": "x", "object": "chat.completion", "created": 0, "model": "m",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 1, "completion_tokens": 1}}
    return gzip.compress(json.dumps(reply).encode())


class GzipServer(LLMServer):
    """The test server, answering every request with `payload`, sent with content-encoding gzip."""

    payload: bytes = b""

    def _respond(self, handler, record, body, seen) -> None:  # noqa: ANN001
        record.status, record.fault = 200, "gzip"
        self._send(handler, 200, self.payload, (("content-encoding", "gzip"),))


def test_a_compressed_answer_is_held_to_the_limit_after_decompression() -> None:
    # 20 MB of content compresses to ~20 KB, far under 512 KiB on the wire: only the decoded bytes show the size.
    policy = RetryPolicy(timeout=10.0, max_retries=0)
    bomb = GzipServer(rule=echo)
    bomb.payload = gzipped_completion("a" * 20_000_000)
    assert len(bomb.payload) < 100_000
    with bomb as server, client_for(server, policy) as client:
        budget = Budget(1.0, PRICE)
        started = time.monotonic()
        outcome = client.complete(request("hello"), budget)
        elapsed = time.monotonic() - started
    assert outcome.status == "failed" and "larger than the 512 KiB limit" in outcome.error
    assert outcome.attempts == 1 and outcome.cost_usd == budget.worst_case(request("hello").estimate)
    assert elapsed < 5  # a stated bound: cut off at 512 KiB, not after inflating 20 MB
    # An honest compressed answer under the limit is read whole.
    honest = GzipServer(rule=echo)
    honest.payload = gzipped_completion("a" * 100)
    with honest as server, client_for(server, policy) as client:
        outcome = client.complete(request("hello"), Budget(1.0, PRICE))
    assert outcome.status == "ok" and outcome.text == "a" * 100
