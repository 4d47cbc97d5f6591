"""What LLM calls will cost before any is made, and a cap on what they may spend that is never exceeded.

Prices
    `resolve_price(model, price_in, price_out)` is the cost model's base price (genai-prices, offline)
    with the user's per-1M-token rates laid over it. A model with no known price needs both rates from
    the user; without them `PriceNeeded` says so in one sentence. A local server is free: rates of 0.

Worst case of one attempt
    input tokens as estimated with the model's tokenizer (or o200k_base, an approximation, for models
    tiktoken does not know), raised by a margin because a server's chat template adds tokens we cannot
    see (`INPUT_MARGIN_EXACT`, or `INPUT_MARGIN_APPROX` for an approximate tokenizer), plus `max_tokens`
    of output — all at the full input and output rates (prompt-cache discounts are never assumed).

The cap (`Budget`)
    Before every HTTP attempt the caller reserves the attempt's worst case; the reservation is granted
    only if  spent + reserved + worst ≤ cap.  When the attempt ends the reservation is settled:
      - an answer with usage            → its usage at the known price, each side bounded by the worst
                                          case (output by max_tokens, input by the local count and its
                                          margin; the client reports a claim beyond it as an anomaly)
      - an answer without usage, a malformed answer, a timeout
                                        → the worst case (the server may have done and billed the work)
      - a refusal (429, 5xx, 4xx), a connection that never opened
                                        → nothing (the server did no work)
    A settlement is never more than its reservation (a larger charge is cut to it and flagged as
    `BudgetReport.overrun`, which would be a bug of the caller), so the sum charged never passes the
    cap, under any answer and any concurrency. Money is kept in `Decimal` so that "≤ cap" is exact,
    not a float rounding away.

    A call whose worst case no longer fits even with nothing in flight is skipped and counted; while
    other attempts are in flight, a call that would fit once they settle waits for them instead of
    being skipped, so the calls made do not depend on the concurrency.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from advisor.pricing.inference_prices import MTOK, PriceNotFound, TokenPrice

INPUT_MARGIN_EXACT = 1.10
INPUT_MARGIN_APPROX = 1.50
INPUT_MARGIN_TOKENS = 16  # a template's role markers and BOS/EOS on short prompts


class PriceNeeded(ValueError):
    """No known price for the model and the user gave none: nothing may be called."""


def resolve_price(model: str, price_in: float | None = None, price_out: float | None = None) -> TokenPrice:
    """The base model's price from the cost model, with the user's rates (USD per 1M tokens) over it."""
    from datetime import date

    from advisor.pricing.catalog import Provenance

    for name, value in (("--price-in", price_in), ("--price-out", price_out)):
        if value is not None and (value < 0 or not math.isfinite(value)):
            raise PriceNeeded(f"{name} must be a price of 0 or more (USD per 1M tokens)")
    overrides = {key: value for key, value in (("input", price_in), ("output", price_out)) if value is not None}
    try:
        return resolve_known(model).with_overrides(**overrides)
    except PriceNotFound:
        if price_in is None or price_out is None:
            raise PriceNeeded(
                f"no known price for model {model!r}: give --price-in and --price-out "
                "(USD per 1M input and output tokens; 0 and 0 for a free local server)"
            ) from None
    return TokenPrice(
        model=model,
        provider="user",
        input_usd_per_mtok=float(price_in),
        output_usd_per_mtok=float(price_out),
        cached_input_usd_per_mtok=None,
        provenance=Provenance("given by the user", date.today(), verified=False),
        overridden=True,
    )


def resolve_known(model: str) -> TokenPrice:
    from advisor.pricing.inference_prices import base_price

    return base_price(model)


def cost_usd(price: TokenPrice, input_tokens: int, output_tokens: int) -> Decimal:
    """Exact USD of `input_tokens` and `output_tokens` at full rates (no prompt-cache discount)."""
    return (
        Decimal(input_tokens) * Decimal(str(price.input_usd_per_mtok))
        + Decimal(output_tokens) * Decimal(str(price.output_usd_per_mtok))
    ) / MTOK


def worst_input_tokens(estimated: int, exact_tokenizer: bool) -> int:
    margin = INPUT_MARGIN_EXACT if exact_tokenizer else INPUT_MARGIN_APPROX
    return math.ceil(estimated * margin) + INPUT_MARGIN_TOKENS


@dataclass(frozen=True, slots=True)
class CallEstimate:
    """One planned call as the budget sees it."""

    input_tokens: int  # estimated with the tokenizer
    worst_input_tokens: int  # with the margin: what the cap reserves
    max_output_tokens: int
    expected_output_tokens: int  # e.g. the reference answer's length
    cached: bool = False  # already answered in the cache: costs nothing


@dataclass(frozen=True, slots=True)
class Estimate:
    """What a run will send and cost, shown to the user before they approve a cap."""

    calls: int  # calls that would go to the endpoint (cached ones excluded)
    cached_calls: int
    input_tokens: int
    expected_output_tokens: int
    max_output_tokens: int
    expected_usd: float  # estimated input + expected output
    worst_usd: float  # worst case of every call: what a cap must allow for all of them to run
    price: TokenPrice
    tokens_exact: bool
    retries_note: str = "retries of failed attempts can add to this, always inside the cap"

    def to_dict(self) -> dict:
        return {
            "calls": self.calls,
            "cached_calls": self.cached_calls,
            "input_tokens": self.input_tokens,
            "expected_output_tokens": self.expected_output_tokens,
            "max_output_tokens": self.max_output_tokens,
            "expected_usd": self.expected_usd,
            "worst_usd": self.worst_usd,
            "tokens_exact": self.tokens_exact,
            "note": self.retries_note,
            "price": {
                "model": self.price.model,
                "provider": self.price.provider,
                "input_usd_per_mtok": self.price.input_usd_per_mtok,
                "output_usd_per_mtok": self.price.output_usd_per_mtok,
                "source": self.price.provenance.describe(),
            },
        }


def estimate_cost(calls: Iterable[CallEstimate], price: TokenPrice, tokens_exact: bool) -> Estimate:
    calls = list(calls)
    live = [call for call in calls if not call.cached]
    expected = sum((cost_usd(price, c.input_tokens, c.expected_output_tokens) for c in live), Decimal(0))
    worst = sum((cost_usd(price, c.worst_input_tokens, c.max_output_tokens) for c in live), Decimal(0))
    return Estimate(
        calls=len(live),
        cached_calls=len(calls) - len(live),
        input_tokens=sum(c.input_tokens for c in live),
        expected_output_tokens=sum(c.expected_output_tokens for c in live),
        max_output_tokens=sum(c.max_output_tokens for c in live),
        expected_usd=float(expected),
        worst_usd=float(worst),
        price=price,
        tokens_exact=tokens_exact,
    )


@dataclass(frozen=True, slots=True)
class Reservation:
    usd: Decimal


@dataclass(frozen=True, slots=True)
class BudgetReport:
    cap_usd: float
    spent_usd: float
    requests: int  # HTTP attempts issued (retries included)
    skipped: int  # calls not made because their worst case did not fit under the cap
    worst_case_charges: int  # attempts charged their worst case (usage unknown: timeout, malformed, no usage)
    overrun: bool  # a settlement asked for more than its reservation (cut to it): a bug, never the server's claim

    @property
    def remaining_usd(self) -> float:
        return max(0.0, self.cap_usd - self.spent_usd)

    def to_dict(self) -> dict:
        return {
            "cap_usd": self.cap_usd,
            "spent_usd": self.spent_usd,
            "requests": self.requests,
            "skipped": self.skipped,
            "worst_case_charges": self.worst_case_charges,
            "overrun": self.overrun,
        }


class Budget:
    """A thread-safe ledger: reserve before an attempt, settle or release after it. See the module docstring."""

    def __init__(self, cap_usd: float, price: TokenPrice) -> None:
        if cap_usd < 0 or not math.isfinite(cap_usd):
            raise ValueError("a budget is a finite amount of 0 or more USD")
        self.price = price
        self._cap = Decimal(str(cap_usd))
        self._spent = Decimal(0)
        self._reserved = Decimal(0)
        self._requests = 0
        self._skipped = 0
        self._worst_charges = 0
        self._overrun = False
        self._changed = threading.Condition()

    def worst_case(self, call: CallEstimate) -> Decimal:
        return cost_usd(self.price, call.worst_input_tokens, call.max_output_tokens)

    def reserve(self, worst: Decimal, stop: threading.Event | None = None, retry: bool = False) -> Reservation | None:
        """A reservation for one attempt, or None when it cannot fit under the cap (or `stop` is set).

        A first attempt refused by the cap counts as a skipped call; a refused retry does not (the
        call was made, and ends as a failed one).
        """
        with self._changed:
            while True:
                if stop is not None and stop.is_set():
                    return None
                if self._spent + worst > self._cap:
                    self._skipped += 0 if retry else 1
                    return None
                if self._spent + self._reserved + worst <= self._cap:
                    self._reserved += worst
                    self._requests += 1
                    return Reservation(worst)
                self._changed.wait(0.05)  # in-flight attempts may settle below their worst case

    def settle(self, reservation: Reservation, usd: Decimal | None) -> Decimal:
        """End an attempt: charge `usd` (None: the worst case, usage unknown), never more than was reserved.

        Returns what was charged.
        """
        charged = reservation.usd if usd is None else min(usd, reservation.usd)
        with self._changed:
            self._reserved -= reservation.usd
            self._spent += charged
            if usd is None:
                self._worst_charges += 1
            if usd is not None and usd > reservation.usd:
                self._overrun = True
            self._changed.notify_all()
        return charged

    def release(self, reservation: Reservation) -> None:
        """End an attempt the server refused without doing work: nothing is charged."""
        self.settle(reservation, Decimal(0))

    @property
    def spent(self) -> Decimal:
        with self._changed:
            return self._spent

    def report(self) -> BudgetReport:
        with self._changed:
            return BudgetReport(
                cap_usd=float(self._cap),
                spent_usd=float(self._spent),
                requests=self._requests,
                skipped=self._skipped,
                worst_case_charges=self._worst_charges,
                overrun=self._overrun or self._spent > self._cap,
            )
