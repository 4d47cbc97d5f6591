"""The budget: prices, the estimate shown before any call, and a cap never exceeded — against a real local server."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from advisor.baselines.budget import (
    Budget,
    BudgetReport,
    CallEstimate,
    PriceNeeded,
    cost_usd,
    estimate_cost,
    resolve_price,
    worst_input_tokens,
)
from advisor.baselines.client import ChatClient, ChatRequest, Endpoint, RetryPolicy, run_calls
from advisor.pricing.inference_prices import base_price
from tests.llm_server import LLMServer, last_user_text, slow

PRICE = resolve_price("test-model", 3.0, 15.0)
FAST = RetryPolicy(timeout=0.3, max_retries=3, base_backoff=0.01, max_backoff=0.05)


def request(text: str, max_tokens: int = 20) -> ChatRequest:
    return ChatRequest((("user", text),), max_tokens, CallEstimate(30, worst_input_tokens(30, True), max_tokens, 3))


def billed_by_server(server: LLMServer) -> Decimal:
    """What the server says it billed, priced independently of the code under test."""
    return sum(
        (Decimal(prompt) * Decimal("3") + Decimal(completion) * Decimal("15")) / 1_000_000
        for prompt, completion in (record.usage for record in server.requests if record.usage is not None)
    ) or Decimal(0)


def run(server: LLMServer, cap: float, count: int = 20, concurrency: int = 4, policy: RetryPolicy = FAST):
    budget = Budget(cap, PRICE)
    with ChatClient(Endpoint(server.base_url, "test-model", "k"), policy) as client:
        result = run_calls(client, [request(f"question number {n}") for n in range(count)], budget,
                           concurrency=concurrency)
    return budget, result


def test_unknown_model_needs_a_price_from_the_user() -> None:
    with pytest.raises(PriceNeeded, match="--price-in and --price-out"):
        resolve_price("my-local-llama")
    with pytest.raises(PriceNeeded):
        resolve_price("my-local-llama", price_in=1.0)
    with pytest.raises(PriceNeeded, match="0 or more"):
        resolve_price("my-local-llama", -1.0, 1.0)
    given = resolve_price("my-local-llama", 0.5, 1.5)
    assert (given.input_usd_per_mtok, given.output_usd_per_mtok, given.provider) == (0.5, 1.5, "user")


def test_known_model_is_priced_by_the_cost_model_and_the_user_can_override() -> None:
    known = base_price("gpt-4o-mini")
    price = resolve_price("gpt-4o-mini")
    assert price.input_usd_per_mtok == known.input_usd_per_mtok
    assert price.output_usd_per_mtok == known.output_usd_per_mtok
    overridden = resolve_price("gpt-4o-mini", price_out=99.0)
    assert overridden.output_usd_per_mtok == 99.0 and overridden.input_usd_per_mtok == known.input_usd_per_mtok
    assert overridden.overridden


def test_the_estimate_adds_up_and_leaves_cached_calls_out() -> None:
    calls = [CallEstimate(100, 120, 50, 5), CallEstimate(200, 236, 50, 7), CallEstimate(999, 1200, 50, 9, cached=True)]
    estimate = estimate_cost(calls, PRICE, tokens_exact=True)
    assert (estimate.calls, estimate.cached_calls, estimate.input_tokens) == (2, 1, 300)
    assert estimate.expected_usd == pytest.approx((300 * 3 + 12 * 15) / 1e6)
    assert estimate.worst_usd == pytest.approx((356 * 3 + 100 * 15) / 1e6)
    assert worst_input_tokens(100, True) < worst_input_tokens(100, False)


def test_a_cap_smaller_than_one_call_makes_zero_calls() -> None:
    one_call = float(cost_usd(PRICE, request("x").estimate.worst_input_tokens, 20))
    with LLMServer() as server:
        budget, result = run(server, cap=one_call * 0.99, count=5)
    assert server.requests == []
    assert [outcome.status for outcome in result.outcomes] == ["skipped"] * 5
    report = budget.report()
    assert (report.spent_usd, report.requests, report.skipped) == (0.0, 0, 5)


def test_a_cap_of_exactly_n_worst_cases_allows_exactly_n_calls_when_each_spends_it() -> None:
    # A server that bills every call its full worst case: the cap is then the only limit.
    worst = request("x").estimate

    def bill_worst(body: dict, answer: str) -> tuple[int, int]:
        return worst.worst_input_tokens, worst.max_output_tokens

    one_call = cost_usd(PRICE, worst.worst_input_tokens, worst.max_output_tokens)
    with LLMServer(usage=bill_worst) as server:
        budget, result = run(server, cap=float(one_call * 3), count=6, concurrency=3)
    assert len(server.requests) == 3
    assert budget.spent == one_call * 3 == billed_by_server(server) * 1  # to the last digit
    assert [outcome.status for outcome in result.outcomes].count("skipped") == 3


def late_once(body: dict, seen: int):  # noqa: ANN201 - a Fault or None
    """Question 3's first attempt answered after the FAST deadline (0.3 s): timed out, charged its worst case, retried."""
    return slow(0.6) if seen == 1 and last_user_text(body) == "question number 3" else None


@pytest.mark.parametrize("fault", [None, late_once], ids=["prompt", "late_once"])
@pytest.mark.parametrize("concurrency", [1, 4])
def test_the_cap_is_never_exceeded_and_what_does_not_fit_is_skipped(concurrency: int, fault) -> None:  # noqa: ANN001
    # Each call bills far below its worst case; the cap allows some calls but not all. A request the server sees is
    # an attempt, not a call: a call whose attempt passed its deadline (on a loaded machine a prompt server's answer
    # can too) is sent again, so "skipped == 40 - requests" counted that call twice (made=11, skipped=30 once).
    with LLMServer(rule=lambda body: "fine", **({"fault": fault} if fault else {})) as server:
        budget, result = run(server, cap=0.0012, count=40, concurrency=concurrency)
    report = budget.report()
    statuses = Counter(outcome.status for outcome in result.outcomes)
    sent = {last_user_text(record.body) for record in server.requests}  # the calls the server saw
    # every planned call is exactly one of answered, failed (sent, charged) or skipped (never sent)
    assert set(statuses) <= {"ok", "failed", "skipped"} and sum(statuses.values()) == 40
    assert 0 < len(sent) == statuses["ok"] + statuses["failed"] < 40
    assert report.skipped == statuses["skipped"]
    assert report.requests == len(server.requests) == sum(outcome.attempts for outcome in result.outcomes)
    # a timed-out attempt is charged its worst case, whatever the server billed; otherwise exactly what it billed
    assert billed_by_server(server) <= budget.spent <= Decimal("0.0012")
    assert (billed_by_server(server) == budget.spent) == (report.worst_case_charges == 0)
    # Nothing was skipped that would have fit: one more worst case would pass the cap.
    assert budget.spent + budget.worst_case(request("x").estimate) > Decimal("0.0012")
    assert not report.overrun


def test_a_call_answered_on_its_retry_after_a_timeout_is_one_answered_call() -> None:
    """The load failure, made deterministic with a deadline no loaded machine reaches by itself: question 3 answers
    after 1.5 s the first time (deadline 1 s), then at once. Computed by hand at US$ 3 / 15 per 1M tokens: an answer
    bills 6 prompt + 1 completion tokens = US$ 0.000033; a worst case is 49 + 20 = US$ 0.000447. Questions 0-2 spend
    99 µ$; question 3's timeout 447 (546), its retry 33 (579); six more fit (spent + 447 ≤ 1200 up to 744), ending
    at 777; the next worst case (777 + 447 = 1224) does not fit: 10 answered calls, 11 requests, 30 skipped."""
    policy = RetryPolicy(timeout=1.0, max_retries=3, base_backoff=0.01, max_backoff=0.05)
    late = lambda body, seen: slow(1.5) if seen == 1 and last_user_text(body) == "question number 3" else None  # noqa: E731
    with LLMServer(rule=lambda body: "fine", fault=late) as server:
        budget, result = run(server, cap=0.0012, count=40, concurrency=1, policy=policy)
    assert [outcome.status for outcome in result.outcomes] == ["ok"] * 10 + ["skipped"] * 30
    assert result.outcomes[3].attempts == 2 and result.outcomes[3].cost_usd == Decimal("0.000480")
    assert budget.report() == BudgetReport(cap_usd=0.0012, spent_usd=0.000777, requests=11, skipped=30,
                                           worst_case_charges=1, overrun=False)
    assert len(server.requests) == 11


def test_timeouts_are_charged_their_worst_case_and_still_stay_under_the_cap() -> None:
    fault = lambda body, seen: slow(0.6) if "7" in last_user_text(body) else None  # noqa: E731
    with LLMServer(rule=lambda body: "fine", fault=fault) as server:
        budget, result = run(server, cap=0.0015, count=30, concurrency=4)
    report = budget.report()
    assert report.worst_case_charges >= 1
    assert budget.spent >= billed_by_server(server)  # never under-counted
    assert budget.spent <= Decimal("0.0015")


@pytest.mark.parametrize("lie", [10**9, 1e9])  # an integer, and the float a JSON `1e9` parses to
@pytest.mark.parametrize("concurrency", [1, 4])
def test_a_server_claiming_a_billion_tokens_is_charged_its_worst_case_and_the_cap_holds(lie, concurrency) -> None:
    # Before: the first answer was charged 10^9 tokens (US$ 15,000 here) and 4 calls in flight all overran.
    with LLMServer(usage=lambda body, answer: (lie, lie)) as server:
        budget, result = run(server, cap=0.01, count=40, concurrency=concurrency)
    # Each call is charged its worst case, whatever it claimed: (49 input at US$ 3 + 20 output at US$ 15) / 1M.
    assert worst_input_tokens(30, True) == 49
    per_call = (Decimal(49) * 3 + Decimal(20) * 15) / 1_000_000
    assert per_call == Decimal("0.000447")
    calls = int(Decimal("0.01") // per_call)  # 22: the 23rd worst case would pass the cap
    assert len(server.requests) == calls == 22
    assert budget.spent == calls * per_call <= Decimal("0.01")
    assert [outcome.status for outcome in result.outcomes].count("skipped") == 40 - calls
    answered = [outcome for outcome in result.outcomes if outcome.status == "ok"]
    assert all((outcome.input_tokens, outcome.output_tokens) == (49, 20) for outcome in answered)
    assert all("claimed 1,000,000,000 completion tokens for max_tokens 20" in outcome.anomaly for outcome in answered)
    assert [index for index, _ in result.anomalies] == [i for i, o in enumerate(result.outcomes) if o.status == "ok"]
    assert not budget.report().overrun


def test_a_prompt_claim_beyond_the_local_count_is_an_anomaly_and_bounded() -> None:
    # Output within max_tokens, input claimed at 10x the prompt: input charged at the prompt's worst case (49).
    with LLMServer(usage=lambda body, answer: (490, 5)) as server:
        budget, result = run(server, cap=1.0, count=2, concurrency=1)
    for outcome in result.outcomes:
        assert (outcome.input_tokens, outcome.output_tokens) == (49, 5)
        assert outcome.anomaly.startswith("claimed 490 prompt tokens for a prompt of 30 tokens (at most 49")
    assert budget.spent == 2 * (Decimal(49) * 3 + Decimal(5) * 15) / 1_000_000


def test_a_settlement_above_its_reservation_is_cut_to_it() -> None:
    budget = Budget(1.0, PRICE)
    reservation = budget.reserve(Decimal("0.001"))
    assert budget.settle(reservation, Decimal("5")) == Decimal("0.001") and budget.spent == Decimal("0.001")
    assert budget.report().overrun  # a caller's bug, flagged; the cap still holds


def test_a_free_local_model_runs_under_a_zero_cap() -> None:
    free = resolve_price("local-model", 0.0, 0.0)
    budget = Budget(0.0, free)
    with LLMServer(rule=lambda body: "fine") as server:
        with ChatClient(Endpoint(server.base_url, "local-model"), FAST) as client:
            result = run_calls(client, [request("a"), request("b")], budget)
    assert [outcome.status for outcome in result.outcomes] == ["ok", "ok"] and budget.spent == 0
    assert server.requests[0].headers["authorization"] == "Bearer no-key"


def test_a_budget_must_be_finite_and_not_negative() -> None:
    for cap in (-0.01, float("inf"), float("nan")):
        with pytest.raises(ValueError):
            Budget(cap, PRICE)
