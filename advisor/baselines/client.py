"""Chat calls to any OpenAI-compatible endpoint, through the `openai` SDK, that never crash a run.

One call (`ChatClient.complete`)
    cache hit → the stored answer, no request. Otherwise, per attempt: reserve the attempt's worst
    case in the `Budget` (no room → the call is skipped), send it with a per-call timeout, then
      200 with a well-formed completion         → answer; charged its usage (worst case if none)
      429, 5xx, timeout, connection error       → retry after `retry-after` (or `retry-after-ms`) when the
                                                  server sent one, else exponential backoff with jitter
      401, 403, 404                             → failed, and the whole run stops (wrong key, URL or model:
                                                  every other call would fail the same way); so does a
                                                  connection that still fails after every retry
      other 4xx                                 → failed (this request is wrong; e.g. too long)
      200 with a body that is not a completion  → failed (malformed), not retried, charged its worst case
    The SDK's own retries are off (`max_retries=0`) so that every attempt passes through the budget.
    A server asking to wait longer than `RetryPolicy.max_retry_after` is not waited for: the call fails.

Many calls (`run_calls`)
    A thread pool of `concurrency` workers (the bound on requests in flight); answers are stored in
    the cache the moment they arrive. Progress is reported from the calling thread after every call.
    An interruption (Ctrl-C, or a progress callback raising KeyboardInterrupt) stops new attempts,
    waits for the ones in flight, and returns what finished: nothing already paid for is lost.

The API key lives only in the SDK client: `Endpoint`'s repr hides it, it is no part of any cache key,
and any error text that could echo it is redacted before it is kept.
"""

from __future__ import annotations

import datetime
import email.utils
import json
import random
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from advisor.baselines.budget import Budget, CallEstimate, cost_usd
from advisor.baselines.cache import CachedAnswer, ResponseCache, cache_key

Status = Literal["ok", "cached", "failed", "skipped", "stopped"]
FATAL_STATUSES = frozenset({401, 403, 404})
NO_KEY = "no-key"  # sent when the endpoint needs none (a local server); the SDK insists on some key


@dataclass(frozen=True, slots=True)
class Endpoint:
    base_url: str
    model: str
    api_key: str = field(default="", repr=False, compare=False)

    def __repr__(self) -> str:
        return f"Endpoint(base_url={self.base_url!r}, model={self.model!r})"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    timeout: float = 60.0  # seconds, per attempt
    max_retries: int = 4  # attempts after the first
    base_backoff: float = 1.0  # seconds; doubles every retry, with jitter
    max_backoff: float = 30.0
    max_retry_after: float = 120.0  # a server asking for a longer wait fails the call instead


@dataclass(frozen=True, slots=True)
class ChatRequest:
    messages: tuple[tuple[str, str], ...]  # (role, content)
    max_tokens: int
    estimate: CallEstimate
    temperature: float = 0.0

    def payload_messages(self) -> list[dict[str, str]]:
        return [{"role": role, "content": content} for role, content in self.messages]

    def params(self) -> dict[str, Any]:
        return {"max_tokens": self.max_tokens, "temperature": self.temperature}


@dataclass(frozen=True, slots=True)
class CallOutcome:
    status: Status
    text: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    usage_reported: bool = False
    cost_usd: Decimal = Decimal(0)  # everything charged for this call, retries included
    attempts: int = 0  # HTTP requests sent
    error: str | None = None
    fatal: bool = False

    @property
    def answered(self) -> bool:
        return self.status in ("ok", "cached")


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int
    cached: int
    failed: int
    skipped: int
    spent_usd: float
    phase: str = "calls"  # what is being called for: "calls" (answers), "judge"


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True, slots=True)
class RunResult:
    outcomes: tuple[CallOutcome, ...]  # one per request, in request order
    interrupted: bool
    error: str | None  # why the run stopped early (a fatal answer), else None


def request_key(base_url: str, model: str, request: ChatRequest) -> str:
    """The cache key of `request` at this endpoint and model (the API key takes no part)."""
    return cache_key(base_url, model, request.payload_messages(), request.params())


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None, billable: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.wait, self.billable = reason, wait, billable


class _Failed(Exception):
    def __init__(self, reason: str, fatal: bool = False, billable: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.fatal, self.billable = reason, fatal, billable


class ChatClient:
    """An OpenAI-compatible chat endpoint with the fault handling described in the module docstring."""

    def __init__(self, endpoint: Endpoint, policy: RetryPolicy | None = None) -> None:
        from openai import OpenAI

        self.endpoint = endpoint
        self.policy = policy or RetryPolicy()
        self._sdk = OpenAI(
            base_url=endpoint.base_url,
            api_key=endpoint.api_key or NO_KEY,
            max_retries=0,
            timeout=self.policy.timeout,
        )
        self._random = random.Random()

    def close(self) -> None:
        self._sdk.close()

    def __enter__(self) -> ChatClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ChatClient({self.endpoint!r})"

    def key_of(self, request: ChatRequest) -> str:
        return request_key(self.endpoint.base_url, self.endpoint.model, request)

    # --- one call ---------------------------------------------------------------------------------

    def complete(
        self,
        request: ChatRequest,
        budget: Budget,
        cache: ResponseCache | None = None,
        stop: threading.Event | None = None,
    ) -> CallOutcome:
        """Answer one request within `budget`. Never raises for anything the server or network does."""
        stop = stop or threading.Event()
        key = self.key_of(request) if cache is not None else ""
        if cache is not None and (hit := cache.get(key)) is not None:
            return CallOutcome("cached", hit.text, hit.input_tokens, hit.output_tokens, hit.usage_reported)
        worst = budget.worst_case(request.estimate)
        charged = Decimal(0)
        attempts = 0
        last_error, unreachable = "", False
        for attempt in range(self.policy.max_retries + 1):
            reservation = budget.reserve(worst, stop, retry=attempt > 0)
            if reservation is None:
                if attempt == 0:
                    return CallOutcome("stopped" if stop.is_set() else "skipped")
                reason = "stopped" if stop.is_set() else "no room left under the budget cap to retry"
                return CallOutcome("failed", cost_usd=charged, attempts=attempts, error=f"{last_error}; {reason}")
            attempts += 1
            try:
                text, usage = self._send(request)
            except _Retry as retry:
                if retry.billable:  # a timed-out request may have been processed and billed
                    charged += budget.settle(reservation, None)
                else:
                    budget.release(reservation)
                last_error, unreachable = retry.reason, retry.reason.startswith("connection error")
                if attempt == self.policy.max_retries:
                    break
                delay = self._delay(attempt, retry.wait)
                if delay is None:
                    return CallOutcome("failed", cost_usd=charged, attempts=attempts,
                                       error=f"{retry.reason}; the server asks to wait {retry.wait:.0f} s, "
                                       f"more than {self.policy.max_retry_after:.0f} s")
                if stop.wait(delay):
                    return CallOutcome("failed", cost_usd=charged, attempts=attempts, error=f"{retry.reason}; stopped")
                continue
            except _Failed as failure:
                # A malformed answer may still have been billed; a refusal was not.
                charged += budget.settle(reservation, None if failure.billable else Decimal(0))
                return CallOutcome("failed", cost_usd=charged, attempts=attempts, error=failure.reason,
                                   fatal=failure.fatal)
            except Exception as error:  # an SDK surprise must not end the run; charge as if billed
                charged += budget.settle(reservation, None)
                return CallOutcome("failed", cost_usd=charged, attempts=attempts,
                                   error=self._redact(f"unexpected error: {type(error).__name__}: {error}"))
            if usage is None:
                charged += budget.settle(reservation, None)
                input_tokens, output_tokens = request.estimate.worst_input_tokens, request.estimate.max_output_tokens
            else:
                input_tokens, output_tokens = usage
                charged += budget.settle(reservation, cost_usd(budget.price, input_tokens, output_tokens))
            if cache is not None:
                cache.put(key, CachedAnswer(text, input_tokens, output_tokens, usage is not None))
            return CallOutcome("ok", text, input_tokens, output_tokens, usage is not None, charged, attempts)
        # An endpoint that cannot be reached at all will not be reached by the next call either.
        return CallOutcome("failed", cost_usd=charged, attempts=attempts,
                           error=f"{last_error} (gave up after {attempts} attempts)", fatal=unreachable)

    def _delay(self, attempt: int, retry_after: float | None) -> float | None:
        if retry_after is not None:
            return None if retry_after > self.policy.max_retry_after else max(0.0, retry_after)
        ceiling = min(self.policy.max_backoff, self.policy.base_backoff * 2**attempt)
        return ceiling * (0.5 + 0.5 * self._random.random())

    def _send(self, request: ChatRequest) -> tuple[str, tuple[int, int] | None]:
        """One HTTP attempt: (text, (prompt, completion) tokens or None), or _Retry / _Failed."""
        import openai

        try:
            raw = self._sdk.chat.completions.with_raw_response.create(
                model=self.endpoint.model,
                messages=request.payload_messages(),  # type: ignore[arg-type]
                **request.params(),
            )
            body = raw.text
        except openai.APITimeoutError:
            raise _Retry(f"timeout after {self.policy.timeout:g} s", None, billable=True) from None
        except openai.APIConnectionError as error:
            raise _Retry(self._redact(f"connection error: {error}"), None) from None
        except openai.APIStatusError as error:
            status = error.status_code
            reason = self._redact(f"HTTP {status}: {_error_message(error)}")
            if status == 429 or status >= 500 or status == 408:
                raise _Retry(reason, _retry_after(error.response.headers)) from None
            raise _Failed(reason, fatal=status in FATAL_STATUSES) from None
        return parse_completion(body)

    def _redact(self, text: str) -> str:
        key = self.endpoint.api_key
        return text.replace(key, "[api key]") if key else text


def parse_completion(body: str) -> tuple[str, tuple[int, int] | None]:
    """The answer text and usage of a chat-completion body; `_Failed('malformed …')` for anything else."""
    try:
        data = json.loads(body)
        message = data["choices"][0]["message"]
        content = message.get("content")
        if content is not None and not isinstance(content, str):
            raise TypeError("content is not text")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        raise _Failed(f"malformed response ({type(error).__name__})", billable=True) from None
    usage = data.get("usage") if isinstance(data, dict) else None
    tokens = None
    if isinstance(usage, dict):
        prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
        if isinstance(prompt, int) and isinstance(completion, int) and prompt >= 0 and completion >= 0:
            tokens = (prompt, completion)
    return content or "", tokens


def _error_message(error: Any) -> str:
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return inner["message"][:300]
    return str(getattr(error, "message", "") or "")[:300]


def _retry_after(headers: Any) -> float | None:
    """Seconds the server asks to wait: `retry-after-ms`, `retry-after` in seconds or as an HTTP date."""
    try:
        milliseconds = headers.get("retry-after-ms")
        if milliseconds is not None:
            return float(milliseconds) / 1000
        value = headers.get("retry-after")
    except (AttributeError, ValueError):
        return None
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None  # unreadable: fall back to the backoff
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return max(0.0, moment.timestamp() - time.time())


# --- many calls --------------------------------------------------------------------------------------


def run_calls(
    client: ChatClient,
    requests: Sequence[ChatRequest],
    budget: Budget,
    cache: ResponseCache | None = None,
    concurrency: int = 4,
    progress: ProgressCallback | None = None,
    stop: threading.Event | None = None,
    phase: str = "calls",
) -> RunResult:
    """Answer `requests` with at most `concurrency` in flight, inside `budget`. See the module docstring."""
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    stop = stop or threading.Event()
    outcomes: list[CallOutcome | None] = [None] * len(requests)
    counts = {"cached": 0, "failed": 0, "skipped": 0}
    error: str | None = None
    interrupted = False

    def work(request: ChatRequest) -> CallOutcome:
        if stop.is_set():
            return CallOutcome("stopped")
        try:
            outcome = client.complete(request, budget, cache, stop)
        except Exception as unexpected:  # complete() should not raise; a bug must still not lose the run
            return CallOutcome("failed", error=client._redact(f"unexpected error: {unexpected}"))
        if outcome.fatal:
            stop.set()  # here, not in the calling thread: this worker's next request must not start
        return outcome

    def report() -> None:
        if progress is not None:
            done = sum(outcome is not None for outcome in outcomes)
            progress(Progress(done, len(requests), counts["cached"], counts["failed"], counts["skipped"],
                              float(budget.spent), phase))

    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="llm-call")
    futures: dict[Future[CallOutcome], int] = {}
    try:
        futures = {pool.submit(work, request): index for index, request in enumerate(requests)}
        report()
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                outcome = future.result()
                outcomes[futures[future]] = outcome
                if outcome.status in counts:
                    counts[outcome.status] += 1
                if outcome.fatal and error is None:
                    error = outcome.error
                report()
    except KeyboardInterrupt:
        interrupted = True
        stop.set()
    finally:
        for future in futures:
            future.cancel()
        pool.shutdown(wait=True)
    for future, index in futures.items():
        if outcomes[index] is None:
            outcomes[index] = future.result() if future.done() and not future.cancelled() else CallOutcome("stopped")
    return RunResult(tuple(outcome or CallOutcome("stopped") for outcome in outcomes), interrupted, error)
