"""What an instructor lets a shared server do with LLM endpoints: the workshop settings, read and applied.

On a shared server the endpoint URL a participant types makes the *server* send requests on their behalf, so
the instructor decides where they may go and how much one session may approve:

ADVISOR_LLM_ENDPOINTS
    unset or empty: any endpoint (one person on their own machine, as before); `off`: no LLM call and no probe
    of this machine's ports; otherwise base URLs separated by commas or spaces (a TOML list in
    `.streamlit/secrets.toml`). A URL is allowed when its scheme, host and port equal an entry's (the port
    written or the scheme's default) and its path is the entry's path or below it (`/v1` allows `/v1/x`, not
    `/v1x`). A URL with a user name, a query, a fragment, a backslash, a space, a `%` or a `.`/`..` path
    segment is never allowed: those are how a URL reads as one host to one parser and another to the next.
ADVISOR_SESSION_BUDGET_USD
    unset: no ceiling beyond what the participant approves; otherwise the most one browser session may approve
    in all its runs together. What a run may spend is min(approved, ceiling - already spent in the session), and
    `advisor.baselines.budget.Budget` holds every run to that, whatever the endpoint answers.

A setting that cannot be read fails closed: a bad endpoint entry allows nothing (the others still do), a bad
budget is a ceiling of 0. Each problem is a `SettingProblem` the app shows, in both languages.

`read_policy(environ, secrets)` takes plain mappings (the environment wins over secrets.toml); nothing here
reads a file or imports Streamlit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from advisor.i18n import section

ENDPOINTS_SETTING = "ADVISOR_LLM_ENDPOINTS"
BUDGET_SETTING = "ADVISOR_SESSION_BUDGET_USD"
DEFAULT_PORTS = {"http": 80, "https": 443}
UNSAFE_CHARACTERS = re.compile(r"[\s\\%@\x00-\x1f\x7f]")  # '@' only ever appears in a user name

MESSAGES = section("sharing")


@dataclass(frozen=True, slots=True)
class SettingProblem:
    """A workshop setting that could not be read, and what was done instead (a `MESSAGES` code)."""

    code: str
    setting: str
    value: str = ""

    def message(self, lang: str = "en") -> str:
        return MESSAGES[self.code].get(lang, MESSAGES[self.code]["en"]).format(setting=self.setting, value=self.value)


@dataclass(frozen=True, slots=True)
class AllowedEndpoint:
    scheme: str
    host: str
    port: int
    path: str  # without a trailing slash; "" allows every path on the host

    def covers(self, other: AllowedEndpoint) -> bool:
        same_server = (self.scheme, self.host, self.port) == (other.scheme, other.host, other.port)
        return same_server and (other.path == self.path or other.path.startswith(self.path + "/"))

    @property
    def url(self) -> str:
        port = "" if DEFAULT_PORTS[self.scheme] == self.port else f":{self.port}"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}{port}{self.path}"


@dataclass(frozen=True, slots=True)
class SharingPolicy:
    """The workshop settings in force. The default is a server of one's own: every endpoint, no ceiling."""

    llm_off: bool = False
    endpoints: tuple[AllowedEndpoint, ...] | None = None  # None: any endpoint
    session_budget_usd: Decimal | None = None
    problems: tuple[SettingProblem, ...] = ()

    @property
    def restricted(self) -> bool:
        """True when typed URLs may not be probed or called freely."""
        return self.llm_off or self.endpoints is not None

    def allows(self, url: str) -> bool:
        if self.llm_off:
            return False
        if self.endpoints is None:
            return True
        parsed = parse_endpoint(url)
        return parsed is not None and any(allowed.covers(parsed) for allowed in self.endpoints)

    def allowed_urls(self) -> tuple[str, ...]:
        return tuple(allowed.url for allowed in self.endpoints or ())

    def approvable_usd(self, wanted: float, spent_in_session: float = 0.0) -> float:
        """What a run may spend: what the participant approved, cut to what the session ceiling leaves."""
        if self.session_budget_usd is None:
            return wanted
        left = max(Decimal(0), self.session_budget_usd - Decimal(str(spent_in_session)))
        return float(min(Decimal(str(wanted)), left))


def parse_endpoint(url: str) -> AllowedEndpoint | None:
    """A base URL as (scheme, host, port, path), or None when it is not one the module docstring accepts."""
    if not isinstance(url, str) or UNSAFE_CHARACTERS.search(url.strip()):
        return None
    try:
        parts = urlsplit(url.strip())
        host, port = parts.hostname, parts.port  # reading the port checks it
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not host or parts.query or parts.fragment or url.strip().endswith(("?", "#")):
        return None
    path = parts.path.rstrip("/")
    if any(segment in (".", "..") for segment in path.split("/")):
        return None
    return AllowedEndpoint(scheme, host.rstrip(".").lower(), port or DEFAULT_PORTS[scheme], path)


def read_endpoints(value: object) -> tuple[bool, tuple[AllowedEndpoint, ...] | None, tuple[SettingProblem, ...]]:
    """(off, allowed endpoints or None for any, problems) from the setting's value (a string or a TOML list)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return False, None, ()
    if isinstance(value, str):
        entries = [entry for entry in re.split(r"[,\s]+", value.strip()) if entry]
    elif isinstance(value, list | tuple) and all(isinstance(entry, str) for entry in value):
        entries = [entry.strip() for entry in value if entry.strip()]
    else:
        return True, (), (SettingProblem("setting_not_list", ENDPOINTS_SETTING),)
    if any(entry.lower() == "off" for entry in entries):
        return True, (), ()
    allowed, problems = [], []
    for entry in entries:
        parsed = parse_endpoint(entry)
        if parsed is None:
            problems.append(SettingProblem("setting_not_url", ENDPOINTS_SETTING, entry[:200]))
        else:
            allowed.append(parsed)
    return False, tuple(dict.fromkeys(allowed)), tuple(problems)


def read_budget(value: object) -> tuple[Decimal | None, tuple[SettingProblem, ...]]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ()
    problem = (SettingProblem("setting_not_amount", BUDGET_SETTING, str(value)[:200]),)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return Decimal(0), problem
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return Decimal(0), problem
    if not amount.is_finite() or amount < 0 or not math.isfinite(float(amount)):
        return Decimal(0), problem
    return amount, ()


def read_policy(environ: Mapping[str, object], secrets: Mapping[str, object] | None = None) -> SharingPolicy:
    """The settings from the environment, else from secrets.toml's top level (see the module docstring)."""
    def setting(name: str) -> object:
        value = environ.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            value = (secrets or {}).get(name)
        return value

    off, endpoints, endpoint_problems = read_endpoints(setting(ENDPOINTS_SETTING))
    ceiling, budget_problems = read_budget(setting(BUDGET_SETTING))
    return SharingPolicy(off, endpoints, ceiling, endpoint_problems + budget_problems)
