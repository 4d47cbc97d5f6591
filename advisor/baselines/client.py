"""Chat calls to any OpenAI-compatible endpoint that never crash a run, never outlast their deadline, and
never let an endpoint's answer break the budget cap or carry the API key anywhere.

One call (`ChatClient.complete`)
    cache hit → the stored answer, no request. Otherwise, per attempt: reserve the attempt's worst
    case in the `Budget` (no room → the call is skipped), then send it through the `openai` SDK —
    `OpenAI(max_retries=0).chat.completions.with_raw_response.create(...)`, which builds the request,
    reads the answer and raises its own error types — under two hard limits the SDK cannot set itself:
      a deadline   `RetryPolicy.timeout` seconds of wall-clock time for the whole attempt (connect,
                   headers and the whole body; not per read). The SDK's timeout is per read, so a
                   watchdog shuts the attempt's socket down when the deadline passes, and the body is
                   checked against it on every chunk: a server sending one byte every half second, or
                   nothing at all, cannot stretch an attempt.
      a size limit `response_limit(max_tokens)`: 512 KiB, or 128 bytes per allowed output token when
                   that is more — far above any honest answer (4,096 tokens of escaped Unicode is
                   about 100 KB). A larger answer is cut off where it passes the limit (counted after
                   any content-encoding is undone), or at once when its content-length says so.
    How the bounds wrap the SDK: its `http_client` is an httpx2 client whose transport
    (`bounded_transport`) wraps httpx2's own and hands the SDK a byte stream that counts and times
    every chunk, raising `AnswerTooLarge` or `AttemptLate` from inside the SDK's read (the SDK passes
    exceptions it does not know through unchanged). The attempt's bounds reach the transport through a
    context variable set by `ChatClient._send`; the sync SDK sends and reads in the caller's thread. No
    connection is kept alive, so the watchdog knows the one socket to cut. The SDK's own retries are
    off: the retry policy below is the project's.
    What came back decides the rest:
      200 with a well-formed completion         → answer; charged its usage, bounded (below)
      429, 5xx, 408, timeout, truncated body    → retry after `retry-after` (or `retry-after-ms`) when the
                                                  server sent one, else exponential backoff with jitter
                                                  within `max_backoff`
      429/5xx asking to wait more than          → the whole run stops, once, with that message: every other
      `max_retry_after` (60 s)                    call would be told the same
      401, 403, 404                             → failed, and the whole run stops (wrong key, URL or model:
                                                  every other call would fail the same way) — a refusal;
                                                  so does a connection that still fails after every retry
      a deadline still passed after every retry → the whole run stops: the endpoint does not answer in time
      other 4xx                                 → failed (this request is wrong; e.g. too long)
      200 with a body that is not a completion,
      or larger than the size limit             → failed, not retried, charged its worst case
    The SDK's exceptions map onto these rows: `APIStatusError` (its status code, and its response's
    headers for Retry-After), `APITimeoutError` (a connect timeout is a connection error; any other a
    deadline), `APIConnectionError` (refused: a connection error; cut part-way: a truncated body).

The endpoint's numbers are claims, bounded by ours
    Output is charged at most `max_tokens` per call and input at most the prompt's worst case (the local
    tiktoken count plus the chat-template margin, `CallEstimate.worst_input_tokens`), whatever `usage`
    says: a call is never charged more than the worst case reserved for it, so the cap holds under any
    answer and any concurrency. A claim beyond either bound is an ANOMALY of the endpoint, kept on the
    call's outcome (`CallOutcome.anomaly`) and listed in `RunResult.anomalies` with the call's index.

Many calls (`run_calls`)
    A thread pool of `concurrency` workers (the bound on requests in flight); answers are stored in
    the cache the moment they arrive. Progress is reported from the calling thread after every call.
    An interruption (Ctrl-C, or a progress callback raising KeyboardInterrupt) stops new attempts,
    waits for the ones in flight, and returns what finished: nothing already paid for is lost.
    The run has a deadline too (`RetryPolicy.run_deadline`, counted from the client's creation): every
    attempt's own deadline ends by then, and when it passes the run stops with partial results.

The API key lives only in the SDK client, which sends it in the Authorization header alone: `Endpoint`'s
repr hides it, it is no part of any cache key, and every text kept from the endpoint — answers, error
messages, exception text — goes through `redact`, which removes the key and anything shaped like one
(`Bearer …`, `sk-…`). An SDK exception is shown only by its message, redacted (its request holds the header).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import email.utils
import math
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from advisor.baselines.budget import Budget, CallEstimate, cost_usd
from advisor.baselines.cache import CachedAnswer, ResponseCache, cache_key

Status = Literal["ok", "cached", "failed", "skipped", "stopped"]
FATAL_STATUSES = frozenset({401, 403, 404})
NO_KEY = "no-key"  # sent when the endpoint needs none (a local server); some servers insist on some key
RESPONSE_LIMIT_BYTES = 512 * 1024
RESPONSE_BYTES_PER_TOKEN = 128
DEFAULT_RUN_DEADLINE = 1800.0  # seconds: half an hour covers 150 calls even at 4 retries each
MAX_RETRY_AFTER = 60.0  # seconds: a server asking for a longer wait stops the run


def response_limit(max_tokens: int) -> int:
    """The most bytes an answer to `max_tokens` may take before it is cut off (see the module docstring)."""
    return max(RESPONSE_LIMIT_BYTES, RESPONSE_BYTES_PER_TOKEN * max_tokens)


_BEARER = re.compile(r"(?i)bearer\s+[^\s\"'<>,;]+")
_KEY_SHAPED = re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}")


def redact(text: str, key: str = "") -> str:
    """`text` without `key` and without anything shaped like an API key (`Bearer …`, `sk-…`)."""
    text = _BEARER.sub("Bearer [api key]", text)
    if key:
        text = text.replace(key, "[api key]")
    return _KEY_SHAPED.sub("[api key]", text)


@dataclass(frozen=True, slots=True)
class Endpoint:
    base_url: str
    model: str
    api_key: str = field(default="", repr=False, compare=False)

    def __repr__(self) -> str:
        return f"Endpoint(base_url={self.base_url!r}, model={self.model!r})"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    timeout: float = 60.0  # seconds of wall-clock time per attempt: connect + the whole answer
    max_retries: int = 4  # attempts after the first
    base_backoff: float = 1.0  # seconds; doubles every retry, with jitter
    max_backoff: float = 30.0
    max_retry_after: float = MAX_RETRY_AFTER  # a server asking for a longer wait stops the run
    run_deadline: float = DEFAULT_RUN_DEADLINE  # seconds for every call of the run, from the client's creation


@dataclass(frozen=True, slots=True)
class ChatRequest:
    messages: tuple[tuple[str, str], ...]  # (role, content)
    max_tokens: int
    estimate: CallEstimate
    temperature: float = 0.0
    json_reply: bool = False  # ask for a JSON object (response_format); the caller must not depend on it

    def payload_messages(self) -> list[dict[str, str]]:
        return [{"role": role, "content": content} for role, content in self.messages]

    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"max_tokens": self.max_tokens, "temperature": self.temperature}
        if self.json_reply:
            params["response_format"] = {"type": "json_object"}
        return params


@dataclass(frozen=True, slots=True)
class CallOutcome:
    status: Status
    text: str | None = None
    input_tokens: int = 0  # as charged: the endpoint's figure within our bounds
    output_tokens: int = 0
    usage_reported: bool = False
    cost_usd: Decimal = Decimal(0)  # everything charged for this call, retries included
    attempts: int = 0  # HTTP requests sent
    error: str | None = None
    fatal: bool = False  # the whole run stops
    refused: bool = False  # fatal because the endpoint refused us (key, URL, model) or cannot be reached
    anomaly: str | None = None  # what the endpoint claimed beyond our bounds (usage above the worst case)

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
    error: str | None  # why the run stopped early (a fatal answer, the run's deadline), else None
    refused: bool = False  # the stop was the endpoint refusing us (401/403/404, unreachable)
    deadline_passed: bool = False

    @property
    def anomalies(self) -> tuple[tuple[int, str], ...]:
        """(request index, what the endpoint claimed) for every answer whose usage broke our bounds."""
        return tuple((index, outcome.anomaly) for index, outcome in enumerate(self.outcomes) if outcome.anomaly)


def request_key(base_url: str, model: str, request: ChatRequest) -> str:
    """The cache key of `request` at this endpoint and model (the API key takes no part)."""
    return cache_key(base_url, model, request.payload_messages(), request.params())


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None, billable: bool = False, timeout: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.wait, self.billable, self.timeout = reason, wait, billable, timeout


class _Failed(Exception):
    def __init__(self, reason: str, fatal: bool = False, billable: bool = False, refused: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.fatal, self.billable, self.refused = reason, fatal, billable, refused


class ChatClient:
    """An OpenAI-compatible chat endpoint with the fault handling described in the module docstring."""

    def __init__(self, endpoint: Endpoint, policy: RetryPolicy | None = None) -> None:
        import httpx2
        import openai

        self.endpoint = endpoint
        self.policy = policy or RetryPolicy()
        self._run_ends = time.monotonic() + self.policy.run_deadline
        self._http = httpx2.Client(transport=bounded_transport(), follow_redirects=False)
        key = endpoint.api_key or NO_KEY
        self._sdk = openai.OpenAI(
            base_url=endpoint.base_url, api_key=key,
            max_retries=0,  # the retries are ours (RetryPolicy): Retry-After ceiling, run deadline, budget
            http_client=self._http,
            default_headers={
                # Named here, the key given for this endpoint wins over an Authorization header in the SDK's
                # OPENAI_CUSTOM_HEADERS; an OpenAI account's organisation and project go to no other endpoint.
                "Authorization": f"Bearer {key}",
                "OpenAI-Organization": openai.Omit(), "OpenAI-Project": openai.Omit(),  # type: ignore[dict-item]
                "Accept-Encoding": "identity",
            },
        )
        self._random = random.Random()

    def close(self) -> None:
        self._sdk.close()
        self._http.close()

    def __enter__(self) -> ChatClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ChatClient({self.endpoint!r})"

    def key_of(self, request: ChatRequest) -> str:
        return request_key(self.endpoint.base_url, self.endpoint.model, request)

    def remaining(self) -> float:
        """Seconds left before the run's deadline."""
        return self._run_ends - time.monotonic()

    def deadline_message(self) -> str:
        return f"the run's deadline of {self.policy.run_deadline:g} s passed"

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
            return CallOutcome("cached", self._redact(hit.text), hit.input_tokens, hit.output_tokens,
                               hit.usage_reported)
        worst = budget.worst_case(request.estimate)
        charged = Decimal(0)
        attempts = 0
        last_error, unreachable, timed_out = "", False, False
        for attempt in range(self.policy.max_retries + 1):
            if self.remaining() <= 0:
                if attempt == 0:
                    return CallOutcome("stopped")
                return CallOutcome("failed", cost_usd=charged, attempts=attempts,
                                   error=f"{last_error}; {self.deadline_message()}")
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
                if retry.billable:  # a request cut off or timed out may have been processed and billed
                    charged += budget.settle(reservation, None)
                else:
                    budget.release(reservation)
                last_error, unreachable = retry.reason, retry.reason.startswith("connection error")
                timed_out = retry.timeout
                if attempt == self.policy.max_retries:
                    break
                delay = self._delay(attempt, retry.wait)
                if delay > self.remaining():
                    return CallOutcome("failed", cost_usd=charged, attempts=attempts,
                                       error=f"{retry.reason}; {self.deadline_message()} before the retry")
                if stop.wait(delay):
                    return CallOutcome("failed", cost_usd=charged, attempts=attempts, error=f"{retry.reason}; stopped")
                continue
            except _Failed as failure:
                # A malformed answer may still have been billed; a refusal was not.
                charged += budget.settle(reservation, None if failure.billable else Decimal(0))
                return CallOutcome("failed", cost_usd=charged, attempts=attempts, error=failure.reason,
                                   fatal=failure.fatal, refused=failure.refused)
            except Exception as error:  # a surprise must not end the run; charge as if billed
                charged += budget.settle(reservation, None)
                return CallOutcome("failed", cost_usd=charged, attempts=attempts,
                                   error=self._redact(f"unexpected error: {type(error).__name__}: {error}"))
            text = self._redact(text)
            if usage is None:
                charged += budget.settle(reservation, None)
                input_tokens, output_tokens = request.estimate.worst_input_tokens, request.max_tokens
                anomaly = None
            else:
                input_tokens, output_tokens, anomaly = bounded_usage(request, *usage)
                charged += budget.settle(reservation, cost_usd(budget.price, input_tokens, output_tokens))
            if cache is not None:
                cache.put(key, CachedAnswer(text, input_tokens, output_tokens, usage is not None))
            return CallOutcome("ok", text, input_tokens, output_tokens, usage is not None, charged, attempts,
                               anomaly=anomaly)
        # An endpoint that cannot be reached, or never answers in time, will not do better for the next call.
        refused = unreachable and not timed_out
        return CallOutcome("failed", cost_usd=charged, attempts=attempts,
                           error=f"{last_error} (gave up after {attempts} attempts)",
                           fatal=unreachable or timed_out, refused=refused)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return max(0.0, retry_after)
        ceiling = min(self.policy.max_backoff, self.policy.base_backoff * 2**attempt)
        return ceiling * (0.5 + 0.5 * self._random.random())

    def _send(self, request: ChatRequest) -> tuple[str, tuple[int, int] | None]:
        """One SDK call under its deadline and size limit: (text, (prompt, completion) claimed or None)."""
        allowed = min(self.policy.timeout, self.remaining())  # seconds for this attempt, all of it
        if allowed <= 0:
            raise _Retry(self.deadline_message(), None)
        late = f"no complete answer within the {round(allowed, 2):g} s deadline"
        with bounded_attempt(allowed, response_limit(request.max_tokens)) as attempt:
            raw = self._sent(request, allowed, attempt, late)
        if raw.status_code != 200:
            raise _Failed(f"unexpected HTTP {raw.status_code}", billable=True)
        try:
            completion = raw.parse()  # the SDK's own parsing, lenient: it does not validate
        except Exception as error:  # not JSON, nested too deep, …
            raise _Failed(f"malformed response ({type(error).__name__})", billable=True) from None
        return completion_answer(completion)

    def _sent(self, request: ChatRequest, allowed: float, attempt: Attempt, late: str) -> Any:
        """The SDK's raw response to one attempt, or the failure it means for the call."""
        import httpx2
        import openai

        try:
            raw = self._sdk.chat.completions.with_raw_response.create(
                model=self.endpoint.model, messages=request.payload_messages(),  # type: ignore[arg-type]
                timeout=httpx2.Timeout(allowed), **request.params())
        except AnswerTooLarge:
            raise _Failed(f"answer larger than the {attempt.limit // 1024} KiB limit for {request.max_tokens} "
                          "output tokens: cut off", billable=True) from None
        except AttemptLate:
            raise _Retry(late, None, billable=True, timeout=True) from None
        except openai.APIStatusError as error:
            raise self._status_failure(error) from None
        except openai.APITimeoutError as error:
            if isinstance(error.__cause__, httpx2.ConnectTimeout):
                raise _Retry(f"connection error: no connection within {round(allowed, 2):g} s", None) from None
            raise _Retry(late, None, billable=True, timeout=True) from None
        except openai.APIConnectionError as error:
            cause = error.__cause__
            if attempt.expired.is_set() or time.monotonic() >= attempt.deadline:
                raise _Retry(late, None, billable=True, timeout=True) from None
            if isinstance(cause, httpx2.ConnectError):
                raise _Retry(self._redact(f"connection error: {cause}"), None) from None
            # Closed part-way (a truncated body, a reset): the server may have done the work.
            raise _Retry(f"the connection broke before the whole answer arrived ({type(cause).__name__})", None,
                         billable=True) from None
        return raw

    def _status_failure(self, error: Any) -> _Retry | _Failed:
        """What an `openai.APIStatusError` (a 3xx, 4xx or 5xx answer) means for this call and the run."""
        status = error.status_code
        if status < 400:
            return _Failed(f"unexpected HTTP {status}", billable=True)
        reason = self._redact(f"HTTP {status}{_error_message(error.body)}")
        if status == 429 or status >= 500 or status == 408:
            retry_after = _retry_after(error.response.headers)
            if retry_after is not None and retry_after > self.policy.max_retry_after:
                return _Failed(f"{reason}; the server asks to wait {retry_after:.0f} s, more than the "
                               f"{self.policy.max_retry_after:g} s this run waits: the run stops", fatal=True)
            return _Retry(reason, retry_after)
        return _Failed(reason, fatal=status in FATAL_STATUSES, refused=status in FATAL_STATUSES)

    def _redact(self, text: str) -> str:
        return redact(text, self.endpoint.api_key)


class AnswerTooLarge(Exception):
    """An answer passed `response_limit(max_tokens)` bytes; raised from inside the SDK's read of the body."""


class AttemptLate(Exception):
    """An attempt's deadline passed; raised from inside the SDK's send or read of the body."""


class Attempt:
    """The bounds of one attempt (`bounded_attempt`), enforced by `BoundedTransport` below the SDK."""

    def __init__(self, deadline: float, limit: int) -> None:
        self.deadline, self.limit = deadline, limit
        self.expired = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def on_trace(self, name: str, info: dict[str, Any]) -> None:
        """httpcore2's trace hook: remember each socket this attempt opens, so `expire` can cut it."""
        if name.endswith(("connect_tcp.complete", "start_tls.complete")):
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if sock is not None:
                with self._lock:
                    self._sockets.append(sock)
                if self.expired.is_set():
                    _cut(sock)

    def expire(self) -> None:
        """The watchdog: the deadline passed, so shut every socket down; a blocked read returns at once."""
        self.expired.set()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _cut(sock)

    def check(self, size: int) -> None:
        if size > self.limit:
            raise AnswerTooLarge
        if self.expired.is_set() or time.monotonic() > self.deadline:
            raise AttemptLate


# The attempt in progress in this thread: the SDK's sync client sends and reads in the caller's thread.
_ATTEMPT: contextvars.ContextVar[Attempt | None] = contextvars.ContextVar("llm_attempt", default=None)


@contextlib.contextmanager
def bounded_attempt(seconds: float, limit: int) -> Iterator[Attempt]:
    """Within the block, requests sent through `bounded_transport` in this thread are cut at `seconds` from now (a
    watchdog shuts their sockets) or past `limit` bytes of answer (AttemptLate, AnswerTooLarge)."""
    attempt = Attempt(time.monotonic() + seconds, limit)
    watchdog = threading.Timer(seconds, attempt.expire)
    watchdog.daemon = True
    bound = _ATTEMPT.set(attempt)
    watchdog.start()
    try:
        yield attempt
    finally:
        watchdog.cancel()
        _ATTEMPT.reset(bound)


def _cut(sock: socket.socket) -> None:
    """Shut a socket down from another thread: a blocked read returns at once."""
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


def bounded_transport() -> Any:
    """An httpx2 transport for the SDK's `http_client` that enforces the attempt's bounds (module docstring)."""
    import httpx2

    class BoundedTransport(httpx2.BaseTransport):
        def __init__(self) -> None:
            # No kept-alive connections: each attempt opens its own, so its watchdog knows the socket to cut.
            self._inner = httpx2.HTTPTransport(limits=httpx2.Limits(max_keepalive_connections=0))

        def handle_request(self, request: httpx2.Request) -> httpx2.Response:
            attempt = _ATTEMPT.get()
            if attempt is None:
                raise RuntimeError("an LLM request outside ChatClient._send has no deadline or size limit")
            request.extensions = {**request.extensions, "trace": attempt.on_trace}
            try:
                response = self._inner.handle_request(request)
            except httpx2.TransportError:
                if attempt.expired.is_set():
                    raise AttemptLate from None
                raise
            try:
                declared = int(response.headers.get("content-length", "0"))
            except ValueError:
                declared = 0
            if declared > attempt.limit:
                response.close()
                raise AnswerTooLarge
            # The body reaches the SDK decoded here (iter_bytes undoes any content-encoding, piece by piece),
            # so the limit counts what would be held in memory, not the compressed bytes on the wire.
            headers = [(name, value) for name, value in response.headers.multi_items()
                       if name.lower() not in ("content-encoding", "content-length")]
            return httpx2.Response(response.status_code, headers=headers,
                                   stream=BoundedStream(response, attempt), extensions=response.extensions)

        def close(self) -> None:
            self._inner.close()

    class BoundedStream(httpx2.SyncByteStream):
        def __init__(self, response: httpx2.Response, attempt: Attempt) -> None:
            self._response, self._attempt = response, attempt

        def __iter__(self) -> Any:
            size = 0
            try:
                for chunk in self._response.iter_bytes():
                    size += len(chunk)
                    self._attempt.check(size)
                    yield chunk
            except httpx2.TransportError:
                if self._attempt.expired.is_set():  # the watchdog cut the socket
                    raise AttemptLate from None
                raise

        def close(self) -> None:
            self._response.close()

    return BoundedTransport()


def bounded_usage(request: ChatRequest, prompt: int, completion: int) -> tuple[int, int, str | None]:
    """(input, output) tokens to charge for a claimed usage, and the anomaly when the claim broke a bound.

    Output is charged at most `max_tokens`; input at most the prompt's worst case (the local count plus
    the template margin). Within those bounds the endpoint's own figures are charged: they are the bill.
    """
    estimate = request.estimate
    problems = []
    if completion > request.max_tokens:
        problems.append(f"claimed {completion:,} completion tokens for max_tokens {request.max_tokens:,}")
    if prompt > estimate.worst_input_tokens:
        problems.append(f"claimed {prompt:,} prompt tokens for a prompt of {estimate.input_tokens:,} tokens "
                        f"(at most {estimate.worst_input_tokens:,} with a chat template)")
    charged = (min(prompt, estimate.worst_input_tokens), min(completion, request.max_tokens))
    return (*charged, "; ".join(problems) + "; charged at most the bound" if problems else None)


def completion_answer(completion: Any) -> tuple[str, tuple[int, int] | None]:
    """The answer text and claimed usage of what the SDK parsed; `_Failed('malformed …')` for anything else.

    The SDK does not validate an answer's shape: a body that is JSON but no completion still comes back
    (a `ChatCompletion` without choices, a content that is a number, or None for `null`), so it is checked here.
    """
    try:
        message = completion.choices[0].message
        content = message.content
        if content is not None and not isinstance(content, str):
            raise TypeError("content is not text")
    except (KeyError, IndexError, TypeError, AttributeError) as error:
        raise _Failed(f"malformed response ({type(error).__name__})", billable=True) from None
    usage = getattr(completion, "usage", None)
    prompt, completion_tokens = (_count(getattr(usage, name, None)) for name in ("prompt_tokens", "completion_tokens"))
    tokens = None if prompt is None or completion_tokens is None else (prompt, completion_tokens)
    return content or "", tokens


def _count(value: Any) -> int | None:
    """A token count as claimed (an integer, or a whole float such as 1e9); None when it is no count."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        return None
    return int(value) if value >= 0 else None


def _error_message(body: object) -> str:
    """': <the server's error message>' from an error body the SDK decoded, else nothing (an HTML page says little)."""
    inner = body.get("error", body) if isinstance(body, dict) else None
    if isinstance(inner, dict) and isinstance(inner.get("message"), str):
        return ": " + inner["message"][:300]
    return ""


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
        seconds = float(value)
        return seconds if math.isfinite(seconds) else None
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
            return CallOutcome("failed", error=client._redact(f"unexpected error: {type(unexpected).__name__}"))
        if outcome.fatal:
            stop.set()  # here, not in the calling thread: this worker's next request must not start
        return outcome

    def report() -> None:
        if progress is not None:
            done = sum(outcome is not None for outcome in outcomes)
            progress(Progress(done, len(requests), counts["cached"], counts["failed"], counts["skipped"],
                              float(budget.spent), phase))

    refused = deadline_passed = False
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="llm-call")
    futures: dict[Future[CallOutcome], int] = {}
    try:
        futures = {pool.submit(work, request): index for index, request in enumerate(requests)}
        report()
        pending = set(futures)
        while pending:
            # Attempts in flight end by the run's deadline on their own; this wakes up to stop the rest.
            finished, pending = wait(pending, timeout=max(0.0, client.remaining()) + 0.01,
                                     return_when=FIRST_COMPLETED)
            if client.remaining() <= 0 and not stop.is_set():
                stop.set()
                deadline_passed = True
                error = error or client.deadline_message()
            for future in finished:
                outcome = future.result()
                outcomes[futures[future]] = outcome
                if outcome.status in counts:
                    counts[outcome.status] += 1
                if outcome.fatal and error is None:
                    error, refused = outcome.error, outcome.refused
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
    final = tuple(outcome or CallOutcome("stopped") for outcome in outcomes)
    if error is None and client.remaining() <= 0 and any(outcome.status == "stopped" for outcome in final):
        error, deadline_passed = client.deadline_message(), True  # calls found the deadline passed on their own
    if deadline_passed:
        error = f"{error}: {sum(outcome.status == 'stopped' for outcome in final)} calls not made"
    return RunResult(final, interrupted, error, refused, deadline_passed)
