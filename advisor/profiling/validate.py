"""Would a hosted fine-tuning platform accept this dataset? Platform rules checked as data.

The rules live in `data/platforms.toml` (every row with its source and date); this module parses them
into frozen dataclasses and runs small registered checks over a loaded `Dataset`. Each check is a
`Check`: a name, the codes it can report, whether it applies to a platform, and one pure function
`find(dataset, tokens, rules) -> tuple[Issue, ...]`. `CHECKS` lists them, so the CLI and the app can
show and run them without knowing them; adding a rule is one function, one registry entry, one test.

Findings are `Issue`s with `platform` set to the platform's key and `args` filling the templates in
`MESSAGES`. Severity: "error" when the platform would reject the file or the record and no export fixes
it, "warning" when it would accept it but the user should know (OpenAI truncates long examples: warning;
Bedrock rejects them: error), "info" for what `advisor export` does for you (another format). Line 0 is
the whole file.

Scope decisions
- Examples in a format the platform does not accept get one `format_needs_export` finding per
  format, not a finding per rule per line: the other per-example checks skip them.
- Role and turn-order rules only look at formats whose records carry roles in the file
  (`CONVERSATION_FORMATS`); the loader invents the roles of prompt/completion, Alpaca, text and
  table rows, so those cannot break role rules.
- Example counts count every kept example, whatever its format (converting keeps the count).
- Over-length uses all per-example token counts; for preference data the longer of the two
  sequences the platform trains on (input + preferred, input + rejected) is compared, not their sum.
- Turn-order rules skip leading system/developer messages: a misplaced one is the roles check's
  finding, not also "does not start with the user".
- At most one finding per rule per example (the first offending message), except one per distinct
  disallowed role and one per forbidden string.
- Fast enough for 100k-example files: every check is one pass over the examples.
"""

from __future__ import annotations

import functools
import math
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from advisor.data.formats import FORMAT_LABELS
from advisor.data.model import DATA_KINDS, Dataset, Example, Issue, Severity
from advisor.i18n import section

DEFAULT_RULES_PATH = Path(__file__).resolve().parents[2] / "data" / "platforms.toml"
_DEFAULT_RULES = str(DEFAULT_RULES_PATH)  # resolved already
DEFAULT_MODEL = "gpt-4.1-mini"

# Formats whose records carry role-tagged messages in the file itself.
CONVERSATION_FORMATS = frozenset({"openai_chat", "bedrock", "preference", "sharegpt"})
# Formats whose leading system message came from a top-level "system" key, not from the message list.
SYSTEM_KEY_FORMATS = frozenset({"bedrock"})

_MIB = 1 << 20
_PROMPT_ROLES = frozenset({"system", "developer"})
_MESSAGE_LISTS = {"preference": "input.messages", "sharegpt": "conversations"}


# --- token counts: what this module needs from advisor.data.tokens.TokenSummary ------------------


class ExampleTokenCount(Protocol):
    @property
    def line(self) -> int: ...

    @property
    def total(self) -> int: ...


class TokenCounts(Protocol):
    """Satisfied by `advisor.data.tokens.TokenSummary`; only `per_example` (line, total) is read."""

    @property
    def per_example(self) -> Sequence[ExampleTokenCount]: ...


# --- rules as data --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenLimit:
    model: str  # prefix of model names this row covers; "" covers every model
    tokens: int  # most tokens one example may have
    verified: bool
    source: str
    as_of: date


@dataclass(frozen=True, slots=True)
class Availability:
    event: str  # closed_to_new_users | jobs_end | model_retired
    when: date
    verified: bool
    source: str
    as_of: date
    model: str | None = None  # model_retired for one model (prefix); None: the whole platform
    label: str | None = None  # how messages name the model (None: the model the user asked about)

    @property
    def platform_wide(self) -> bool:
        return self.model is None


@dataclass(frozen=True, slots=True)
class DataKindRule:
    """Whether the platform fine-tunes on one kind of data (advisor.data.model.DATA_KINDS), for which bases."""

    kind: str
    takes: bool
    source: str
    as_of: date
    bases: tuple[str, ...] = ()  # model-name prefixes the rule is limited to; () = every base
    bases_label: str = ""  # how to name those bases to users

    def takes_model(self, model: str) -> bool:
        name = model.lower()
        return self.takes and (not self.bases or any(name.startswith(prefix) for prefix in self.bases))


@dataclass(frozen=True, slots=True)
class Platform:
    key: str
    name: str
    source: str
    as_of: date
    formats: tuple[str, ...] | None = None
    min_examples: int | None = None
    recommended_examples: int | None = None
    max_examples: int | None = None
    max_file_bytes: int | None = None
    roles: tuple[str, ...] | None = None
    roles_undocumented: tuple[str, ...] = ()
    system_message: str = "anywhere"
    alternate: bool = False
    first_role: str | None = None
    last_role: str | None = None
    min_messages: int | None = None
    require_assistant: str | None = None
    weights: tuple[int, ...] | None = None
    forbidden_strings: tuple[str, ...] = ()
    allowed_keys: tuple[tuple[str, tuple[str, ...]], ...] = ()
    single_format: bool = False
    data_kinds: tuple[DataKindRule, ...] = ()  # a kind with no rule is not taken
    export_target: str | None = None  # the `advisor export --to` target that writes the platform's layout
    over_length: str = "truncate"
    default_model: str | None = None
    token_limits: tuple[TokenLimit, ...] = ()
    availability: tuple[Availability, ...] = ()

    def accepts(self, example_format: str) -> bool:
        return self.formats is None or example_format in self.formats

    def data_rule(self, kind: str) -> DataKindRule | None:
        return next((rule for rule in self.data_kinds if rule.kind == kind), None)

    def token_limit(self, model: str) -> tuple[TokenLimit | None, bool]:
        """The limit for `model` (longest matching prefix) and whether it was assumed (no row matched)."""
        row = _longest_prefix(self.token_limits, model)
        if row is not None:
            return row, False
        if self.default_model is None:
            return None, False
        return _longest_prefix(self.token_limits, self.default_model), True


@dataclass(frozen=True, slots=True)
class PlatformRules:
    platforms: tuple[Platform, ...]
    path: str

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(platform.key for platform in self.platforms)

    def get(self, key: str) -> Platform:
        for platform in self.platforms:
            if platform.key == key:
                return platform
        raise ValueError(f"unknown platform {key!r}; known: {', '.join(self.keys)}")


@dataclass(frozen=True, slots=True)
class Rules:
    """What one check run is measured against: a platform's rules, for one model, on one day."""

    platform: Platform
    model: str = DEFAULT_MODEL
    today: date = field(default_factory=date.today)
    # What the checks read from the dataset alike for every platform, worked out once per `validate` call
    # (the data kinds of 100k examples, counted again for each of three platforms, took 0.5 s).
    shared: dict = field(default_factory=dict, compare=False, repr=False)


def load_platform_rules(path: str | Path | None = None) -> PlatformRules:
    """Parse data/platforms.toml (or `path`); cached per path, so the file is read once."""
    # the default without resolving it on each call: pages ask for the rules several times a run
    return _load_cached(str(Path(path).resolve()) if path else _DEFAULT_RULES)


@functools.lru_cache(maxsize=8)
def _load_cached(path: str) -> PlatformRules:
    with open(path, "rb") as handle:
        return platform_rules_from_dict(tomllib.load(handle), path)


_PLATFORM_FIELDS = {
    "name", "source", "as_of", "formats", "min_examples", "recommended_examples", "max_examples",
    "max_file_bytes", "roles", "roles_undocumented", "system_message", "alternate", "first_role",
    "last_role", "min_messages", "require_assistant", "weights", "forbidden_strings", "allowed_keys",
    "single_format", "over_length", "default_model", "token_limits", "availability",
    "data_kinds", "export_target",
}
_CHOICES = {
    "system_message": {"anywhere", "first", "top_level_key"},
    "require_assistant": {"any", "trained"},
    "over_length": {"truncate", "reject"},
    "first_role": {"user"},  # codes first_not_user / last_not_assistant name these roles
    "last_role": {"assistant"},
}
_EVENTS = {"closed_to_new_users", "jobs_end", "model_retired"}


def platform_rules_from_dict(data: Mapping[str, Any], path: str = "<memory>") -> PlatformRules:
    """Build rules from parsed TOML (also how a user's edited copy gets in). Raises ValueError."""
    tables = data.get("platforms")
    if not isinstance(tables, Mapping) or not tables:
        raise ValueError(f"{path}: no [platforms.*] tables")
    return PlatformRules(tuple(_platform(key, table, path) for key, table in tables.items()), path)


def _platform(key: str, table: Mapping[str, Any], path: str) -> Platform:
    where = f"{path}: [platforms.{key}]"
    unknown = set(table) - _PLATFORM_FIELDS
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    source, as_of = _provenance(table, where)
    for name, choices in _CHOICES.items():
        if name in table and table[name] not in choices:
            raise ValueError(f"{where}: {name} must be one of {sorted(choices)}, not {table[name]!r}")
    limits = tuple(
        _token_limit(row, f"{where} token_limits[{i}]") for i, row in enumerate(table.get("token_limits", []))
    )
    events = tuple(
        _availability(row, f"{where} availability[{i}]") for i, row in enumerate(table.get("availability", []))
    )
    platform = Platform(
        key=key,
        name=str(table.get("name", key)),
        source=source,
        as_of=as_of,
        formats=_strings(table.get("formats")),
        min_examples=table.get("min_examples"),
        recommended_examples=table.get("recommended_examples"),
        max_examples=table.get("max_examples"),
        max_file_bytes=table.get("max_file_bytes"),
        roles=_strings(table.get("roles")),
        roles_undocumented=_strings(table.get("roles_undocumented")) or (),
        system_message=table.get("system_message", "anywhere"),
        alternate=bool(table.get("alternate", False)),
        first_role=table.get("first_role"),
        last_role=table.get("last_role"),
        min_messages=table.get("min_messages"),
        require_assistant=table.get("require_assistant"),
        weights=tuple(table["weights"]) if "weights" in table else None,
        forbidden_strings=_strings(table.get("forbidden_strings")) or (),
        allowed_keys=tuple((fmt, tuple(keys)) for fmt, keys in table.get("allowed_keys", {}).items()),
        single_format=bool(table.get("single_format", False)),
        export_target=table.get("export_target"),
        data_kinds=tuple(_data_kind(row, f"{where} data_kinds[{i}]") for i, row in enumerate(table.get("data_kinds", []))),
        over_length=table.get("over_length", "truncate"),
        default_model=table.get("default_model"),
        token_limits=limits,
        availability=events,
    )
    if limits and platform.token_limit(platform.default_model or "\0")[0] is None:
        raise ValueError(f"{where}: token_limits need a default_model that matches a row, or a row with model = \"\"")
    return platform


def _token_limit(row: Mapping[str, Any], where: str) -> TokenLimit:
    source, as_of = _provenance(row, where)
    model, verified = str(row.get("model", "")).lower(), bool(row.get("verified", True))
    return TokenLimit(model, int(row["tokens"]), verified, source, as_of)


def _availability(row: Mapping[str, Any], where: str) -> Availability:
    source, as_of = _provenance(row, where)
    if row.get("event") not in _EVENTS or not isinstance(row.get("date"), date):
        raise ValueError(f"{where}: needs event (one of {sorted(_EVENTS)}) and a TOML date")
    model = row.get("model")
    return Availability(
        row["event"], row["date"], bool(row.get("verified", True)), source, as_of,
        model=model.lower() if model else None, label=row.get("label"),
    )


def _data_kind(row: Mapping[str, Any], where: str) -> DataKindRule:
    source, as_of = _provenance(row, where)
    if row.get("kind") not in DATA_KINDS or not isinstance(row.get("takes"), bool):
        raise ValueError(f"{where}: needs kind (one of {list(DATA_KINDS)}) and takes (true or false)")
    bases = tuple(str(base).lower() for base in row.get("bases", ()))
    return DataKindRule(row["kind"], row["takes"], source, as_of, bases, str(row.get("bases_label", "")))


def _provenance(row: Mapping[str, Any], where: str) -> tuple[str, date]:
    source, as_of = row.get("source"), row.get("as_of")
    if not isinstance(source, str) or not source.strip() or not isinstance(as_of, date):
        raise ValueError(f"{where}: every row needs `source` (text) and `as_of` (a TOML date)")
    return source, as_of


def _strings(value: Any) -> tuple[str, ...] | None:
    return None if value is None else tuple(str(item) for item in value)


def _longest_prefix(rows: Iterable[Any], model: str) -> Any:
    """The row whose `model` is the longest prefix of `model` ("ft:" of fine-tuned names ignored)."""
    name = model.lower().removeprefix("ft:")
    best = None
    for row in rows:
        if row.model is not None and name.startswith(row.model) and (best is None or len(row.model) > len(best.model)):
            best = row
    return best


# --- checks ---------------------------------------------------------------------------------

Finder = Callable[[Dataset, TokenCounts | None, Rules], tuple[Issue, ...]]


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    codes: tuple[str, ...]
    applies: Callable[[Platform], bool]
    find: Finder


def _issue(rules: Rules, line: int, severity: Severity, code: str, **args: str | int) -> Issue:
    return Issue(line, severity, code, (("platform", rules.platform.name), *args.items()), rules.platform.key)


def _accepted(dataset: Dataset, platform: Platform) -> Sequence[Example]:
    if platform.formats is None:
        return dataset.examples
    formats = frozenset(platform.formats)
    return [example for example in dataset.examples if example.format in formats]


def _conversations(dataset: Dataset, rules: Rules) -> Sequence[Example]:
    platform = rules.platform
    formats = CONVERSATION_FORMATS if platform.formats is None else CONVERSATION_FORMATS.intersection(platform.formats)
    key = ("conversations", formats)
    if key not in rules.shared:
        rules.shared[key] = [example for example in dataset.examples if example.format in formats]
    return rules.shared[key]


def _system_from_key(example: Example) -> bool:
    return example.format in SYSTEM_KEY_FORMATS and "system" in example.keys


def _field(example: Example, index: int) -> str:
    """Where example.messages[index] is in the record, in the loader's notation ("messages[2]", 0-based)."""
    if _system_from_key(example):
        return "system" if index == 0 else f"messages[{index - 1}]"
    return f"{_MESSAGE_LISTS.get(example.format, 'messages')}[{index}]"


def _system_prefix(example: Example, platform: Platform) -> int:
    """How many leading messages are a system prompt the platform accepts outside its role rules."""
    messages = example.messages
    if not messages or messages[0].role != "system" or platform.system_message == "anywhere":
        return 0
    if platform.system_message == "first" or _system_from_key(example):
        return 1
    return 0


def _leading_prompts(example: Example) -> int:
    count = 0
    while count < len(example.messages) and example.messages[count].role in _PROMPT_ROLES:
        count += 1
    return count


def find_availability(dataset: Dataset, tokens: TokenCounts | None, rules: Rules) -> tuple[Issue, ...]:
    today, rows = rules.today, rules.platform.availability
    ends = sorted((row for row in rows if _ends_platform(row)), key=lambda row: row.when)
    closed = [row for row in ends if row.when <= today]
    if closed:  # a closed door: say so once, nothing about what happens later
        return (_issue(rules, 0, "error", "platform_closed", date=closed[0].when.isoformat(), source=closed[0].source),)
    issues = [
        _issue(rules, 0, "warning", "platform_closed_to_new_users", since=row.when.isoformat(), source=row.source)
        for row in rows if row.event == "closed_to_new_users" and row.when <= today
    ]
    issues += [
        _issue(rules, 0, "warning", "platform_closing",
               date=row.when.isoformat(), days=(row.when - today).days, source=row.source)
        for row in ends
    ]
    per_model = (row for row in rows if row.event == "model_retired" and not row.platform_wide)
    retired = _longest_prefix(per_model, rules.model)
    if retired is not None:
        common = {"model": retired.label or rules.model, "date": retired.when.isoformat(), "source": retired.source}
        if retired.when <= today:
            issues.append(_issue(rules, 0, "error", "model_retired", **common))
        else:
            issues.append(_issue(rules, 0, "warning", "model_retiring", days=(retired.when - today).days, **common))
    return tuple(issues)


def _ends_platform(row: Availability) -> bool:
    return row.event == "jobs_end" or (row.event == "model_retired" and row.platform_wide)


def find_example_count(dataset: Dataset, tokens: TokenCounts | None, rules: Rules) -> tuple[Issue, ...]:
    platform, count = rules.platform, len(dataset.examples)
    issues = []
    if platform.min_examples is not None and count < platform.min_examples:
        issues.append(_issue(rules, 0, "error", "too_few_examples", count=count, minimum=platform.min_examples))
    elif platform.recommended_examples is not None and count < platform.recommended_examples:
        issues.append(_issue(rules, 0, "warning", "below_recommended_examples",
                             count=count, recommended=platform.recommended_examples))
    if platform.max_examples is not None and count > platform.max_examples:
        issues.append(_issue(rules, 0, "error", "too_many_examples", count=count, maximum=platform.max_examples))
    return tuple(issues)


def find_file_size(dataset: Dataset, tokens: TokenCounts | None, rules: Rules) -> tuple[Issue, ...]:
    # Only a JSONL file is uploaded as it is; other containers are converted, which changes the size.
    limit = rules.platform.max_file_bytes
    if limit is None or dataset.container != "jsonl" or dataset.size_bytes <= limit:
        return ()
    size_mb, limit_mb = math.ceil(dataset.size_bytes / _MIB), limit // _MIB
    return (_issue(rules, 0, "error", "training_file_too_large", size_mb=size_mb, limit_mb=limit_mb),)


def find_formats(dataset: Dataset, tokens: TokenCounts | None, rules: Rules) -> tuple[Issue, ...]:
    platform = rules.platform
    counts = Counter(example.format for example in dataset.examples)
    first_line: dict[str, int] = {}
    for example in dataset.examples:
        first_line.setdefault(example.format, example.line)
    # Another format is the normal way data arrives (a table from a spreadsheet): `advisor export` writes it in the
    # platform's format, so it is information, not an error.
    issues = [
        _issue(rules, 0, "info", "format_needs_export", format=FORMAT_LABELS.get(fmt, fmt), count=count,
               first_line=first_line[fmt],
               accepted=tuple(FORMAT_LABELS.get(name, name) for name in platform.formats or ()),
               target=platform.export_target or "openai")
        for fmt, count in counts.most_common() if not platform.accepts(fmt)
    ]
    if platform.single_format and len(counts) > 1:
        majority = counts.most_common(1)[0][0]
        others = next(example.line for example in dataset.examples if example.format != majority)
        issues.append(_issue(
            rules, 0, "error", "single_format_required",
            # (format, count) pairs, for the message to write in the reader's words and numbers
            formats=tuple((FORMAT_LABELS.get(fmt, fmt), count) for fmt, count in counts.most_common()),
            majority=FORMAT_LABELS.get(majority, majority), count=len(dataset.examples) - counts[majority],
            first_line=others,
        ))
    return tuple(issues)


def find_data_kinds(dataset: Dataset, tokens: TokenCounts | None, rules: Rules) -> tuple[Issue, ...]:
    """Per kind of data in the file: an error when the platform does not fine-tune on it at all, a warning
    when it does for some bases only (data_kinds rows of data/platforms.toml)."""
    platform = rules.platform
    if "data_kinds" not in rules.shared:
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for example in dataset.examples:
            kind = example.data_kind
            counts[kind] += 1
            first.setdefault(kind, example.line)
        rules.shared["data_kinds"] = counts, first
    counts, first = rules.shared["data_kinds"]
    issues = []
    for kind, count in counts.items():
        rule = platform.data_rule(kind)
        where = {"count": count, "first_line": first[kind],
                 "source": rule.source if rule else platform.source, "as_of": str(rule.as_of if rule else platform.as_of)}
        if kind == "supervised":
            continue  # every platform's ordinary records: their format checks speak for them
        if rule is None or not rule.takes:
            issues.append(_issue(rules, 0, "error", f"{kind}_not_taken", **where))
        elif not rule.takes_model(rules.model):  # limited to some bases, and the model in question is not one
            issues.append(_issue(rules, 0, "warning", f"{kind}_base_limited", bases=rule.bases_label, **where))
    return tuple(issues)


def find_extra_keys(dataset: Dataset, tokens: TokenCounts | None, rules: Rules) -> tuple[Issue, ...]:
    """Keys the platform's layout does not have. A preference pair in another layout (TRL's prompt/chosen/rejected,
    Alpaca with chosen/rejected) is the same data the export rewrites: one note for the file, not an error a line."""
    allowed_by_format = dict(rules.platform.allowed_keys)
    issues, relaid = [], []
    for example in _accepted(dataset, rules.platform):
        allowed = allowed_by_format.get(example.format)
        extra = [key for key in example.keys if key not in allowed] if allowed is not None else ()
        if extra and example.format in LAYOUTS_THE_EXPORT_REWRITES:
            relaid.append(example)
        elif extra:
            issues.append(_issue(rules, example.line, "error", "extra_keys",
                                 keys=", ".join(extra), allowed=", ".join(allowed)))
    if relaid:
        issues.append(_issue(rules, 0, "info", "layout_needs_export", count=len(relaid), first_line=relaid[0].line,
                             keys=", ".join(relaid[0].keys), allowed=", ".join(allowed_by_format[relaid[0].format]),
                             target=rules.platform.export_target or "openai"))
    return tuple(issues)


# Formats read from several layouts into one Example: any of them is written in the platform's by the export.
LAYOUTS_THE_EXPORT_REWRITES = frozenset({"preference"})


def find_roles(dataset: Dataset, tokens: TokenCounts | None, rules: Rules) -> tuple[Issue, ...]:
    platform, issues = rules.platform, []
    allowed = frozenset(platform.roles or ())
    shown = ", ".join(platform.roles or ())
    for example in _conversations(dataset, rules):
        seen: set[str] = set()
        messages = example.messages
        for index in range(_system_prefix(example, platform), len(messages)):
            role = messages[index].role
            if role in allowed or role in seen:
                continue
            seen.add(role)
            where = {"field": _field(example, index)}
            if role == "system" and platform.system_message == "first":
                issues.append(_issue(rules, example.line, "error", "system_not_first", **where))
            elif role == "system" and platform.system_message == "top_level_key":
                issues.append(_issue(rules, example.line, "error", "system_not_top_level", **where))
            elif role in platform.roles_undocumented:
                issues.append(_issue(rules, example.line, "warning", "role_undocumented",
                                     role=role, allowed=shown, **where))
            else:
                issues.append(_issue(rules, example.line, "error", "role_not_allowed",
                                     role=role, allowed=shown, **where))
    return tuple(issues)


def find_turn_order(dataset: Dataset, tokens: TokenCounts | None, rules: Rules) -> tuple[Issue, ...]:
    platform, issues = rules.platform, []
    for example in _conversations(dataset, rules):
        # Every leading system-like message is skipped: a misplaced one is the roles check's finding.
        skip = _leading_prompts(example)
        body = example.messages[skip:]
        if platform.min_messages is not None and len(body) < platform.min_messages:
            issues.append(_issue(rules, example.line, "error", "too_few_messages",
                                 count=len(body), minimum=platform.min_messages))
            continue
        if not body:
            continue
        if platform.first_role is not None and body[0].role != platform.first_role:
            issues.append(_issue(rules, example.line, "error", "first_not_user", role=body[0].role))
        if platform.alternate:
            repeat = next((i for i in range(1, len(body)) if body[i].role == body[i - 1].role), None)
            if repeat is not None:
                issues.append(_issue(rules, example.line, "error", "not_alternating",
                                     field=_field(example, skip + repeat), role=body[repeat].role))
        last = (body + example.preferred)[-1]
        if platform.last_role is not None and last.role != platform.last_role:
            issues.append(_issue(rules, example.line, "error", "last_not_assistant", role=last.role))
    return tuple(issues)


def find_assistant(dataset: Dataset, tokens: TokenCounts | None, rules: Rules) -> tuple[Issue, ...]:
    trained_only, issues = rules.platform.require_assistant == "trained", []
    for example in _conversations(dataset, rules):
        assistants = [message for message in example.messages + example.preferred if message.role == "assistant"]
        if not assistants:
            issues.append(_issue(rules, example.line, "error", "no_assistant"))
        elif trained_only and all(message.weight == 0 for message in assistants):
            issues.append(_issue(rules, example.line, "error", "no_trained_assistant"))
    return tuple(issues)


def find_weights(dataset: Dataset, tokens: TokenCounts | None, rules: Rules) -> tuple[Issue, ...]:
    allowed = frozenset(rules.platform.weights or ())
    shown = ", ".join(str(weight) for weight in rules.platform.weights or ())
    issues = []
    for example in _conversations(dataset, rules):
        for index, message in enumerate(example.messages):
            if message.weight is not None and message.weight not in allowed:
                issues.append(_issue(rules, example.line, "error", "bad_weight",
                                     field=_field(example, index), weight=message.weight, allowed=shown))
                break
    return tuple(issues)


def find_forbidden_strings(dataset: Dataset, tokens: TokenCounts | None, rules: Rules) -> tuple[Issue, ...]:
    forbidden = [(text, text.encode("unicode_escape").decode("ascii")) for text in rules.platform.forbidden_strings]
    issues = []
    for example in _accepted(dataset, rules.platform):
        contents = [message.content or "" for message in example.messages]
        for text, shown in forbidden:
            index = next((i for i, content in enumerate(contents) if text in content), None)
            if index is not None:
                issues.append(_issue(rules, example.line, "error", "forbidden_string",
                                     string=shown, field=_field(example, index)))
    return tuple(issues)


def find_token_limit(dataset: Dataset, tokens: TokenCounts | None, rules: Rules) -> tuple[Issue, ...]:
    platform = rules.platform
    limit, assumed = platform.token_limit(rules.model)
    if tokens is None or limit is None:
        return ()
    issues = []
    if assumed:
        issues.append(_issue(rules, 0, "warning", "model_limit_assumed", model=rules.model,
                             assumed_model=platform.default_model or "", limit=limit.tokens))
    truncates = platform.over_length == "truncate"
    code, severity = ("example_truncated", "warning") if truncates else ("example_too_long", "error")
    for item in tokens.per_example:
        longest = _trained_length(item)
        if longest > limit.tokens:
            issues.append(_issue(rules, item.line, severity, code,
                                 tokens=longest, limit=limit.tokens, model=rules.model))
    return tuple(issues)


def _trained_length(item: ExampleTokenCount) -> int:
    """Tokens of the longest sequence trained on: preference data trains input+preferred and input+rejected apart."""
    rejected = getattr(item, "rejected", 0)
    if not rejected:
        return item.total
    return max(item.total - rejected, getattr(item, "input", 0) + rejected)


CHECKS: tuple[Check, ...] = (
    Check("availability", ("platform_closed", "platform_closing", "platform_closed_to_new_users", "model_retired",
                           "model_retiring", "platform_closed_skipped"), lambda p: bool(p.availability),
          find_availability),
    Check("example_count", ("too_few_examples", "below_recommended_examples", "too_many_examples"),
          lambda p: p.min_examples is not None or p.recommended_examples is not None or p.max_examples is not None,
          find_example_count),
    Check("file_size", ("training_file_too_large",), lambda p: p.max_file_bytes is not None, find_file_size),
    Check("formats", ("format_needs_export", "single_format_required"),
          lambda p: p.formats is not None or p.single_format, find_formats),
    Check("extra_keys", ("extra_keys", "layout_needs_export"), lambda p: bool(p.allowed_keys), find_extra_keys),
    Check("data_kinds", ("tool_calls_not_taken", "tool_calls_base_limited", "preference_not_taken",
                         "preference_base_limited", "corpus_not_taken"),
          lambda p: bool(p.data_kinds), find_data_kinds),
    Check("roles", ("role_not_allowed", "role_undocumented", "system_not_first", "system_not_top_level"),
          lambda p: p.roles is not None, find_roles),
    Check("turn_order", ("too_few_messages", "first_not_user", "not_alternating", "last_not_assistant"),
          lambda p: p.alternate or p.first_role is not None or p.last_role is not None or p.min_messages is not None,
          find_turn_order),
    Check("assistant", ("no_assistant", "no_trained_assistant"),
          lambda p: p.require_assistant is not None, find_assistant),
    Check("weights", ("bad_weight",), lambda p: p.weights is not None, find_weights),
    Check("forbidden_strings", ("forbidden_string",), lambda p: bool(p.forbidden_strings), find_forbidden_strings),
    Check("token_limit", ("model_limit_assumed", "example_truncated", "example_too_long"),
          lambda p: bool(p.token_limits), find_token_limit),
)


def checks_for(platform: Platform) -> tuple[Check, ...]:
    """The registered checks that have a rule to enforce on this platform."""
    return tuple(check for check in CHECKS if check.applies(platform))


def validate(
    dataset: Dataset,
    tokens: TokenCounts | None,
    platforms: Iterable[str] | None = None,
    model: str = DEFAULT_MODEL,
    today: date | None = None,
    rules: PlatformRules | None = None,
) -> tuple[Issue, ...]:
    """Every platform finding for `dataset`, ordered by line (file-level first), then platform and check.

    `platforms`: platform keys from data/platforms.toml (None: all, where a platform that no longer takes
    jobs gets one file-level line instead of its data rules: a closed door is not a to-do list). `model`
    picks the per-example token limit and model retirements. `tokens` None skips the token-limit check.
    `today` decides availability (defaults to the real date). `rules` replaces the bundled table.
    """
    return start_validation(dataset, platforms, model, today, rules)(tokens)


TOKEN_CHECKS = frozenset({"token_limit"})  # the checks that read token counts


def start_validation(
    dataset: Dataset,
    platforms: Iterable[str] | None = None,
    model: str = DEFAULT_MODEL,
    today: date | None = None,
    rules: PlatformRules | None = None,
) -> Callable[[TokenCounts | None], tuple[Issue, ...]]:
    """`validate` in two steps: the checks that need no token counts run now (advisor/analysis.py runs
    them while the token worker finishes); the function returned takes the counts, runs the others and
    returns what `validate` would have, in the same order."""
    catalog = rules or load_platform_rules()
    keys = catalog.keys if platforms is None else ((platforms,) if isinstance(platforms, str) else tuple(platforms))
    day = today or date.today()
    found: list[tuple[Issue, ...]] = []
    later: list[tuple[int, Check, Rules]] = []  # (place in `found`, check, its rules)
    shared: dict = {}
    for key in keys:
        platform = catalog.get(key)
        context = Rules(platform, model, day, shared)
        if platforms is None:
            closed = [issue for issue in find_availability(dataset, None, context) if issue.code == "platform_closed"]
            if closed:
                found.append((Issue(0, "warning", "platform_closed_skipped", closed[0].args, closed[0].platform),))
                continue
        for check in checks_for(platform):
            if check.name in TOKEN_CHECKS:
                later.append((len(found), check, context))
                found.append(())
            else:
                found.append(check.find(dataset, None, context))

    def finish(tokens: TokenCounts | None) -> tuple[Issue, ...]:
        complete = list(found)
        for place, check, context in later:
            complete[place] = check.find(dataset, tokens, context)
        return tuple(sorted((issue for issues in complete for issue in issues), key=lambda issue: issue.line))

    return finish


# --- messages ------------------------------------------------------------------------------

MESSAGES = section("validate")
