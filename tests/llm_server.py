"""A real OpenAI-compatible chat-completions server for tests: HTTP on 127.0.0.1, a free port, a thread.

It answers `POST …/chat/completions` with what a `rule` says (a function of the request), and can be
scripted to misbehave the way real endpoints do: 429 with `retry-after`, 5xx, slow replies (the
client's timeout fires), malformed JSON, any status. Every request is recorded — path, headers,
body, what was answered and the usage reported — so a test can assert on calls, on headers, and
compute the expected score and spend from what the server itself said, not from the code under test.

    with LLMServer(rule=lambda request: "positive") as server:
        client = OpenAI(base_url=server.base_url, api_key="k")

`fault(request, seen)` decides per request: `seen` is how many times this exact body arrived
(1 on the first), so "fail the first attempt of every call" is
`lambda request, seen: rate_limit() if seen == 1 else None`.

Hostile endpoints (`HOSTILE_MODES`, `hostile_server(mode)`): 429 with and without retry-after, 500,
hang (never answers), trickle (headers, then one byte every 0.5 s), a huge body, garbage JSON, a
truncated body, lying usage (10^9 completion tokens) and key echo (the Authorization header in the
answer). Hanging and trickling replies end when the server stops.

`GET …/models` lists `models` the way local servers (Ollama, LM Studio, vLLM, llama.cpp) do, or misbehaves
as `models_fault` says; those requests are recorded in `model_requests`.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Fault:
    """How one request is mishandled. `kind`: status (with `status`, `headers`, `body`), slow, malformed."""

    kind: str
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""
    delay: float = 0.0


def rate_limit(retry_after: float | str | None = 0.05) -> Fault:
    headers = () if retry_after is None else (("retry-after", str(retry_after)),)
    return Fault("status", 429, headers, json.dumps({"error": {"message": "Rate limit reached", "type": "requests"}}))


def server_error(status: int = 500) -> Fault:
    return Fault("status", status, (), json.dumps({"error": {"message": "The server had an error", "type": "server"}}))


def status(code: int, message: str = "refused") -> Fault:
    return Fault("status", code, (), json.dumps({"error": {"message": message, "type": "invalid_request_error"}}))


def slow(seconds: float) -> Fault:
    """Answer normally, but only after `seconds` (longer than the client's timeout: a timeout)."""
    return Fault("slow", delay=seconds)


def malformed(body: str = '{"id": "x", "choices": [{"message": ') -> Fault:
    return Fault("malformed", body=body)


def hang() -> Fault:
    """Read the request, then never answer (until the server stops)."""
    return Fault("hang")


def trickle(interval: float = 0.5) -> Fault:
    """Send the headers of a normal answer, then its body one byte every `interval` seconds."""
    return Fault("trickle", delay=interval)


def huge(megabytes: int = 50) -> Fault:
    """A 200 answer whose content is `megabytes` MB of text, sent as fast as the client reads."""
    return Fault("huge", body=str(megabytes))


def truncated() -> Fault:
    """A normal answer's headers and half its body, then the connection is closed."""
    return Fault("truncated")


def echo_key() -> Fault:
    """Answer with the request's Authorization header in the text, as a careless proxy might."""
    return Fault("echo_key")


def words(text: str) -> int:
    return len(text.split())


def default_usage(request: dict[str, Any], answer: str) -> tuple[int, int]:
    """(prompt, completion) tokens as this server bills them: words plus 3 per message.

    Whitespace-separated words never outnumber a BPE tokenizer's tokens, so a client that budgets
    with a real tokenizer always reserves at least what this server bills.
    """
    prompt = sum(3 + words(str(message.get("content") or "")) for message in request.get("messages", []))
    return prompt, words(answer)


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    raw: bytes
    status: int = 0
    answer: str | None = None  # the assistant text sent back (None: no normal answer was sent)
    usage: tuple[int, int] | None = None  # (prompt_tokens, completion_tokens) reported
    fault: str | None = None
    at: float = field(default_factory=time.monotonic)  # arrival time


@dataclass
class LLMServer:
    rule: Callable[[dict[str, Any]], str] = lambda request: "ok"
    fault: Callable[[dict[str, Any], int], Fault | None] = lambda request, seen: None
    usage: Callable[[dict[str, Any], str], tuple[int, int]] = default_usage
    include_usage: bool = True
    delay: float = 0.0  # every reply waits this long (lets concurrency show up in max_in_flight)
    requests: list[Recorded] = field(default_factory=list)
    # GET /v1/models, as Ollama, LM Studio, vLLM and llama.cpp answer it; `models_fault` (status, malformed,
    # hang, huge, trickle, slow) misbehaves instead. Those requests go to `model_requests`, not `requests`.
    models: tuple[str, ...] = ("test-model",)
    models_fault: Fault | None = None
    model_requests: list[Recorded] = field(default_factory=list)
    max_in_flight: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._in_flight = 0
        self._seen: Counter[bytes] = Counter()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()  # ends hanging and trickling replies

    # --- life cycle ---------------------------------------------------------------------------

    def start(self, port: int = 0) -> LLMServer:
        """Serve on 127.0.0.1:`port` (0: a free port) in a daemon thread."""
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as separate writes: no 40 ms stalls

            def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                server._handle(self)

            def do_GET(self) -> None:
                if self.path.split("?", 1)[0].rstrip("/").endswith("/models"):
                    server._handle_models(self)
                    return
                server._send(self, 404, json.dumps({"error": {"message": "not found"}}).encode(), ())

        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> LLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    # --- what tests read ------------------------------------------------------------------------

    @property
    def answered(self) -> list[Recorded]:
        """Requests that got a normal 200 answer with usage (what a client may have been billed for)."""
        return [record for record in self.requests if record.answer is not None]

    def billed_tokens(self) -> tuple[int, int]:
        records = [record for record in self.requests if record.usage is not None]
        return sum(r.usage[0] for r in records), sum(r.usage[1] for r in records)  # type: ignore[index]

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._seen.clear()
            self.max_in_flight = 0

    # --- serving --------------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("content-length") or 0)
        raw = handler.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        record = Recorded(handler.path, {key.lower(): value for key, value in handler.headers.items()}, body, raw)
        with self._lock:
            self.requests.append(record)
            self._seen[raw] += 1
            seen = self._seen[raw]
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            self._respond(handler, record, body, seen)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (its timeout): nothing to answer
        finally:
            with self._lock:
                self._in_flight -= 1

    def _respond(self, handler: BaseHTTPRequestHandler, record: Recorded, body: Any, seen: int) -> None:
        if not handler.path.rstrip("/").endswith("/chat/completions") or not isinstance(body, dict):
            record.status = 404 if isinstance(body, dict) else 400
            self._send(handler, record.status, json.dumps({"error": {"message": "bad request"}}).encode(), ())
            return
        fault = self.fault(body, seen)
        if self.delay:
            time.sleep(self.delay)
        if fault is not None and fault.kind == "status":
            record.status, record.fault = fault.status, f"status {fault.status}"
            self._send(handler, fault.status, fault.body.encode(), fault.headers)
            return
        if fault is not None and fault.kind == "malformed":
            record.status, record.fault = 200, "malformed"
            self._send(handler, 200, fault.body.encode(), ())
            return
        if fault is not None and fault.kind == "slow":
            record.fault = "slow"
            time.sleep(fault.delay)
        if fault is not None and fault.kind == "hang":
            record.fault = "hang"
            self._stopping.wait(600)
            return
        if fault is not None and fault.kind == "huge":
            record.status, record.fault = 200, "huge"
            self._send_huge(handler, int(fault.body))
            return
        answer = self.rule(body)
        if fault is not None and fault.kind == "echo_key":
            record.fault = "echo_key"
            answer = f"{answer} (you sent Authorization: {record.headers.get('authorization', '')})"
        prompt_tokens, completion_tokens = self.usage(body, answer)
        reply: dict[str, Any] = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "test-model"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}],
        }
        if self.include_usage:
            reply["usage"] = {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            }
        record.status, record.answer = 200, answer
        record.usage = (prompt_tokens, completion_tokens) if self.include_usage else None
        payload = json.dumps(reply).encode()
        if fault is not None and fault.kind == "trickle":
            record.fault = "trickle"
            self._send_trickle(handler, payload, fault.delay)
        elif fault is not None and fault.kind == "truncated":
            record.fault = "truncated"
            self._send(handler, 200, payload[: len(payload) // 2], (), length=len(payload))
            handler.close_connection = True
        else:
            self._send(handler, 200, payload, ())

    def _handle_models(self, handler: BaseHTTPRequestHandler) -> None:
        record = Recorded(handler.path, {key.lower(): value for key, value in handler.headers.items()}, None, b"")
        with self._lock:
            self.model_requests.append(record)
        fault = self.models_fault
        listing = {"object": "list", "data": [{"id": model, "object": "model", "created": 0, "owned_by": "library"}
                                              for model in self.models]}
        payload = json.dumps(listing).encode()
        try:
            if fault is None:
                record.status = 200
                self._send(handler, 200, payload, ())
            elif fault.kind == "status":
                record.status, record.fault = fault.status, f"status {fault.status}"
                self._send(handler, fault.status, fault.body.encode(), fault.headers)
            elif fault.kind == "malformed":
                record.status, record.fault = 200, "malformed"
                self._send(handler, 200, fault.body.encode(), ())
            elif fault.kind == "hang":
                record.fault = "hang"
                self._stopping.wait(600)
            elif fault.kind == "huge":
                record.status, record.fault = 200, "huge"
                self._send_huge(handler, int(fault.body))
            elif fault.kind == "trickle":
                record.status, record.fault = 200, "trickle"
                self._send_trickle(handler, payload, fault.delay)
            elif fault.kind == "slow":
                record.fault = "slow"
                self._stopping.wait(fault.delay)
                self._send(handler, 200, payload, ())
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (its deadline or size limit)

    def _send_trickle(self, handler: BaseHTTPRequestHandler, payload: bytes, interval: float) -> None:
        handler.send_response(200)
        handler.send_header("content-type", "application/json")
        handler.send_header("content-length", str(len(payload)))
        handler.end_headers()
        handler.wfile.flush()
        for position in range(len(payload)):
            if self._stopping.wait(interval):
                handler.close_connection = True
                return
            handler.wfile.write(payload[position:position + 1])
            handler.wfile.flush()

    def _send_huge(self, handler: BaseHTTPRequestHandler, megabytes: int) -> None:
        head = b'{"id": "x", "object": "chat.completion", "choices": [{"index": 0, "message": {"role": "assistant", ' \
               b'"content": "'
        tail = b'"}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 1, "completion_tokens": 1}}'
        chunk = b"a" * 65536
        count = megabytes * 16  # 64 KiB chunks
        handler.send_response(200)
        handler.send_header("content-type", "application/json")
        handler.send_header("content-length", str(len(head) + count * len(chunk) + len(tail)))
        handler.end_headers()
        handler.wfile.write(head)
        for _ in range(count):
            if self._stopping.is_set():
                handler.close_connection = True
                return
            handler.wfile.write(chunk)
        handler.wfile.write(tail)
        handler.wfile.flush()

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, code: int, payload: bytes, headers: tuple[tuple[str, str], ...],
              length: int | None = None) -> None:
        handler.send_response(code)
        handler.send_header("content-type", "application/json")
        handler.send_header("content-length", str(len(payload) if length is None else length))
        for key, value in headers:
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(payload)
        handler.wfile.flush()


HOSTILE_MODES = ("429_retry_after", "429_no_retry_after", "500", "hang", "trickle", "huge_body", "garbage_json",
                 "truncated_body", "lying_usage", "key_echo")
LIE = 10**9  # the completion tokens a lying server claims


def lying_usage(request: dict[str, Any], answer: str) -> tuple[int, int]:
    return LIE, LIE


def hostile_server(mode: str, rule: Callable[[dict[str, Any]], str] | None = None) -> LLMServer:
    """A server (not started) misbehaving on every request the way `mode` names (one of HOSTILE_MODES)."""
    faults: dict[str, Fault] = {
        "429_retry_after": rate_limit(999999), "429_no_retry_after": rate_limit(None), "500": server_error(500),
        "hang": hang(), "trickle": trickle(0.5), "huge_body": huge(50), "garbage_json": malformed("\x00<html>{{{oops"),
        "truncated_body": truncated(), "key_echo": echo_key(),
    }
    if mode not in HOSTILE_MODES:
        raise ValueError(f"unknown mode {mode!r}")
    fault = faults.get(mode)
    return LLMServer(rule=rule or (lambda request: "ok"), fault=lambda request, seen: fault,
                     usage=lying_usage if mode == "lying_usage" else default_usage)


def last_user_text(request: dict[str, Any]) -> str:
    users = [message for message in request.get("messages", []) if message.get("role") == "user"]
    return str(users[-1].get("content") or "") if users else ""


# --- canned data and rules the tests share -------------------------------------------------------------
#
# A classification file whose inputs name a thing ("item 17: a fresh apple at the market") and a rule
# that answers from the last user message the way real models do: the label in varied spellings a reader
# takes for the label ("Fruit", "fruit.", "FRUIT", '"fruit"', "Fruit" + zero-width space), sometimes
# wrong, sometimes a sentence naming no label
# at all. `intended_label` is what the rule means, decided without any parsing, so a test can compute
# the expected score on its own.

THINGS = {
    "Fruit": ("apple", "banana", "cherry", "grape", "mango"),
    "Animal": ("dog", "horse", "rabbit", "tiger", "sheep"),
    "Colour": ("crimson", "turquoise", "violet", "amber", "indigo"),
}
LABELS = tuple(THINGS)
_ADJECTIVES = ("fresh", "large", "tiny", "odd", "shiny", "quiet", "famous", "lost")
_PLACES = ("at the market", "in the garden", "on the hill", "near the river", "by the road", "in a picture")


def classification_rows(count: int = 120, seed: int = 7) -> list[dict[str, Any]]:
    import random

    rng = random.Random(seed)
    rows = []
    for number in range(count):
        label = LABELS[number % len(LABELS)]
        text = f"item {number}: a {rng.choice(_ADJECTIVES)} {rng.choice(THINGS[label])} {rng.choice(_PLACES)}"
        rows.append({"messages": [{"role": "user", "content": text}, {"role": "assistant", "content": label}]})
    return rows


def write_jsonl(path: Any, rows: list[dict[str, Any]]) -> Any:
    from pathlib import Path

    Path(path).write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def item_number(text: str) -> int:
    return int(text.split(":", 1)[0].split()[-1])


def true_label(text: str) -> str:
    return next(label for label, things in THINGS.items() if any(f" {thing} " in f" {text} " for thing in things))


def intended_label(text: str, with_demonstrations: bool) -> str | None:
    """What `classification_rule` means for this input: None = it names no label."""
    number, label = item_number(text), true_label(text)
    if number % 11 == 0:
        return None
    if number % 5 == 0 and not with_demonstrations:  # zero-shot is worse: examples help this "model"
        return LABELS[(LABELS.index(label) + 1) % len(LABELS)]
    return label


def classification_rule(request: dict[str, Any]) -> str:
    text = last_user_text(request)
    with_demonstrations = any(message.get("role") == "assistant" for message in request.get("messages", []))
    label = intended_label(text, with_demonstrations)
    if label is None:
        return "I cannot tell from this."
    spellings = (label, f"{label.lower()}.", label.upper(), f'"{label.lower()}"', f"{label}\u200b")
    return spellings[item_number(text) % len(spellings)]


def main() -> None:
    """Serve the canned classifier by hand, from the project folder:

        .venv/bin/python -m tests.llm_server [--port N] [--data FILE] [--flaky] [--delay S]
    """
    import argparse

    parser = argparse.ArgumentParser(description="A local OpenAI-compatible test server answering the canned rule.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--data", help="also write the matching classification file (JSONL) here")
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--flaky", action="store_true", help="answer the first attempt of every request with a 429")
    parser.add_argument("--delay", type=float, default=0.05, help="seconds before every reply (default 0.05)")
    args = parser.parse_args()
    if args.data:
        write_jsonl(args.data, classification_rows(args.rows))
        print(f"wrote {args.rows} examples to {args.data}")
    def fault(request: dict[str, Any], seen: int) -> Fault | None:
        return rate_limit(0.2) if args.flaky and seen == 1 else None

    server = LLMServer(rule=classification_rule, fault=fault, delay=args.delay)
    server.start(port=args.port)
    print(f"serving {server.base_url} (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
        print(f"\n{len(server.requests)} requests served")


if __name__ == "__main__":
    main()
