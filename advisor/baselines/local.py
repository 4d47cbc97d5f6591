"""OpenAI-compatible servers running on this machine: find them, list their models, run them at no charge.

Finding one (`scan_local_servers`)
    Each candidate base URL gets one `GET {base_url}/models` — no API key, no cookie, no data, no
    redirect followed, no proxy from the environment — under a hard deadline of `PROBE_TIMEOUT`
    seconds for the whole exchange and a size limit of `PROBE_LIMIT_BYTES`, through the same bounded
    transport as the chat calls (`advisor.baselines.client`): a server that never answers, trickles, or
    sends megabytes is cut off at the deadline or the limit. The candidates are the well-known ports
    (`KNOWN_PORTS`: Ollama 11434, LM Studio 1234, vLLM 8000, llama.cpp 8080) on 127.0.0.1, plus any base
    URL the user gives; all are probed at once, so a scan takes about one deadline.
    The product is guessed from the port alone ("likely Ollama"): the server's own words are not trusted.

What counts as local
    A base URL whose host is a loopback address (127.0.0.0/8, ::1) or `localhost`, decided from the URL
    the user gave, never from anything a server says. Only such URLs are probed, and only they run free.

The models it lists are untrusted text
    An id is kept only when it is a string of at most `MAX_ID_CHARS` printable characters; at most
    `MAX_MODELS` are listed, the rest counted. The ids are sent back to the same server unchanged (as
    the `model` of a call) and shown only through the one escaping helper.

Zero cost (`local_price`)
    A server on this machine charges nothing per token, so its price is 0 in and 0 out: the estimate
    still counts the calls and tokens, and the user still approves them, but no money is at stake.
    No API key goes to it unless the user gave one for it.
"""

from __future__ import annotations

import ipaddress
import json
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from advisor.i18n import section

KNOWN_PORTS: tuple[tuple[int, str], ...] = ((11434, "Ollama"), (1234, "LM Studio"), (8000, "vLLM"),
                                            (8080, "llama.cpp"))
# Seconds for connect, headers and body together: a local server answers in milliseconds; the rest is room
# for a machine busy with other work (a probe missing a live server is worse than one more second of waiting).
PROBE_TIMEOUT = 1.0
PROBE_LIMIT_BYTES = 512 * 1024  # the chat calls' own limit; a model list of 1,000 ids is about 100 KB
MAX_MODELS = 100
MAX_ID_CHARS = 200
LOCAL_SOURCE = "a server on this machine: no charge per token"

# Why a candidate gave no model list, in both languages (the values are filled in as they are).
MESSAGES = section("local")


@dataclass(frozen=True, slots=True)
class LocalServer:
    """A server that answered `GET /models` with a model list."""

    base_url: str
    likely: str | None  # the product usually on this port ("Ollama"), a guess from the port alone
    models: tuple[str, ...]  # at most MAX_MODELS ids, in the server's order
    unlisted: int = 0  # ids beyond MAX_MODELS, or not plain text, left out

    def to_dict(self) -> dict[str, Any]:
        return {"base_url": self.base_url, "likely": self.likely, "models": list(self.models),
                "unlisted_models": self.unlisted}


@dataclass(frozen=True, slots=True)
class NotFound:
    """A candidate that gave no model list, and why (a `MESSAGES` code and its values)."""

    base_url: str
    code: str
    values: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str = "en") -> str:
        """Why, in a sentence; numbers with a decimal comma in Portuguese."""
        values = {name: value.replace(".", ",") if lang == "pt" and name == "seconds" else value
                  for name, value in self.values}
        return MESSAGES[self.code].get(lang, MESSAGES[self.code]["en"]).format(**values)

    @property
    def reason(self) -> str:
        return self.message("en")

    def to_dict(self) -> dict[str, str]:
        return {"base_url": self.base_url, "code": self.code, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Scan:
    found: tuple[LocalServer, ...]
    not_found: tuple[NotFound, ...]

    def choices(self) -> tuple[tuple[str, str], ...]:
        """Every (base URL, model) found, server by server."""
        return tuple((server.base_url, model) for server in self.found for model in server.models)

    def to_dict(self) -> dict[str, Any]:
        return {"found": [server.to_dict() for server in self.found],
                "not_found": [miss.to_dict() for miss in self.not_found]}


def is_loopback_url(base_url: str) -> bool:
    """True when the URL's host is this machine: a loopback address (127.0.0.0/8, ::1) or `localhost`."""
    try:
        parts = urlsplit(base_url.strip())
        host, _ = parts.hostname, parts.port  # reading the port checks it (ValueError beyond 65535)
    except ValueError:  # an unreadable port or bracket
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    if host.rstrip(".").lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])  # an IPv6 zone ("::1%lo") names no other host
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def local_base_url(url: str) -> str:
    """`url` as a base URL: without a trailing slash, and with `/v1` when it names no path (the four servers
    serve the OpenAI API under /v1, and people type `http://localhost:11434`)."""
    url = url.strip().rstrip("/")
    try:
        bare = urlsplit(url).path == ""
    except ValueError:
        return url
    return f"{url}/v1" if bare else url


def known_base_urls(ports: Sequence[tuple[int, str]] = KNOWN_PORTS) -> tuple[str, ...]:
    return tuple(f"http://127.0.0.1:{port}/v1" for port, _ in ports)


def likely_product(base_url: str, ports: Sequence[tuple[int, str]] = KNOWN_PORTS) -> str | None:
    try:
        port = urlsplit(base_url).port
    except ValueError:
        return None
    return next((name for known, name in ports if known == port), None)


def local_price(model: str) -> Any:
    """The price of a call to a server on this machine: nothing (a `TokenPrice` of 0 in and 0 out)."""
    from advisor.pricing.catalog import Provenance
    from advisor.pricing.inference_prices import TokenPrice

    return TokenPrice(model=model, provider="local", input_usd_per_mtok=0.0, output_usd_per_mtok=0.0,
                      cached_input_usd_per_mtok=None, provenance=Provenance(LOCAL_SOURCE, date.today()))


def model_ids(body: bytes) -> tuple[tuple[str, ...], int]:
    """(the ids listed, how many more were left out) from a `/models` answer; ValueError with a `MESSAGES` code."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, bad UTF-8, nested too deep
        raise ValueError("local_not_json") from None
    entries = document.get("data") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ValueError("local_no_list")
    ids = [entry.get("id") for entry in entries if isinstance(entry, dict)]
    kept = [value for value in ids if _plain_id(value)]
    unique = list(dict.fromkeys(kept))
    listed = tuple(unique[:MAX_MODELS])
    return listed, len(entries) - len(listed)


def _plain_id(value: object) -> bool:
    """A model id worth listing: short text with no control, format or line-breaking characters."""
    return (isinstance(value, str) and 0 < len(value) <= MAX_ID_CHARS and value.strip() == value
            and not any(unicodedata.category(char)[0] in "CZ" and char != " " for char in value))


def probe(base_url: str, timeout: float = PROBE_TIMEOUT, ports: Sequence[tuple[int, str]] = KNOWN_PORTS
          ) -> LocalServer | NotFound:
    """Ask one base URL on this machine for its models. Never raises for anything the server does."""
    base_url = local_base_url(base_url)
    if not is_loopback_url(base_url):
        return NotFound(base_url, "local_not_loopback")
    try:
        status, body = bounded_get(f"{base_url}/models", timeout, PROBE_LIMIT_BYTES)
    except ProbeFailed as failure:
        return NotFound(base_url, failure.code, failure.values)
    if status != 200:
        return NotFound(base_url, "local_status", (("status", str(status)),))
    try:
        models, unlisted = model_ids(body)
    except ValueError as error:
        return NotFound(base_url, str(error))
    if not models:
        return NotFound(base_url, "local_no_models")
    return LocalServer(base_url, likely_product(base_url, (*ports, *KNOWN_PORTS)), models, unlisted)


def scan_local_servers(base_urls: Sequence[str] = (), ports: Sequence[tuple[int, str]] = KNOWN_PORTS,
                       timeout: float = PROBE_TIMEOUT) -> Scan:
    """Probe `ports` on 127.0.0.1 (the well-known ones unless told) and `base_urls`, all at once (module docstring).

    `ports` is (port, the product usually there); `()` probes only `base_urls`.
    """
    candidates = list(dict.fromkeys([local_base_url(url) for url in base_urls if url.strip()]
                                    + list(known_base_urls(ports))))
    if not candidates:
        return Scan((), ())
    with ThreadPoolExecutor(max_workers=len(candidates), thread_name_prefix="local-probe") as pool:
        answers = list(pool.map(lambda url: probe(url, timeout, ports), candidates))
    return Scan(tuple(a for a in answers if isinstance(a, LocalServer)),
                tuple(a for a in answers if isinstance(a, NotFound)))


class ProbeFailed(Exception):
    def __init__(self, code: str, *values: tuple[str, str]) -> None:
        super().__init__(code)
        self.code, self.values = code, values


def bounded_get(url: str, timeout: float, limit: int) -> tuple[int, bytes]:
    """(status, body) of one GET with no credentials, cut off at `timeout` seconds or `limit` bytes."""
    import httpx2

    # The chat calls' bounds, reused: a watchdog cuts the socket at the deadline, the stream counts bytes.
    from advisor.baselines.client import AnswerTooLarge, AttemptLate, bounded_attempt, bounded_transport

    # Made before the deadline starts: building the client (its TLS context) takes tens of milliseconds.
    # trust_env=False: a proxy named in the environment must not see a probe of this machine.
    http = httpx2.Client(transport=bounded_transport(), follow_redirects=False, trust_env=False,
                         timeout=httpx2.Timeout(timeout))
    late = ("seconds", f"{timeout:g}")
    try:
        with bounded_attempt(timeout, limit) as attempt:
            response = http.get(url, headers={"Accept": "application/json", "Accept-Encoding": "identity"})
            return response.status_code, response.content
    except AnswerTooLarge:
        raise ProbeFailed("local_too_large", ("kib", f"{limit // 1024}")) from None
    except AttemptLate:
        raise ProbeFailed("local_late", late) from None
    except httpx2.ConnectError:
        raise ProbeFailed("local_nothing_listening") from None
    except httpx2.TimeoutException:
        raise ProbeFailed("local_late", late) from None
    except (httpx2.HTTPError, httpx2.InvalidURL, ValueError, OSError) as error:
        if attempt.expired.is_set():
            raise ProbeFailed("local_late", late) from None
        raise ProbeFailed("local_connection_failed", ("error", type(error).__name__)) from None
    finally:
        http.close()
