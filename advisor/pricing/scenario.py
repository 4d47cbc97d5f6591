"""A `Scenario`: the plain data a cost comparison is run against, saved and reopened as JSON.

Volume and growth, how many examples the team really has when the file is only a sample of them
(`total_examples`: training costs scale to it), whether the domain is far from what base models saw,
whether the answers depend on facts that change (`facts_change`: retrieve them, do not train them), the
horizon training is amortised over, which models to compare, the GPU, price overrides and the privacy
constraint. It holds no computed number; `advisor.pricing.comparison` turns a
scenario and a dataset's token counts into costs. Every field has a default, so a JSON file only
needs the fields it changes; unknown fields, wrong types and numbers outside their range (LIMITS; NaN and
infinities too) are refused with one sentence naming the field (`ScenarioError`), because a typo silently
ignored would change the answer.

Price overrides are a flat map "WHERE/MODEL/FIELD" -> USD, for example
    "base/gpt-4.1/input": 1.8              per 1M input tokens of a base model (genai-prices)
    "openai/gpt-4.1-mini/training": 5.0    per 1M training tokens of a hosted fine-tune
    "together/llama-3.1-8b/training": 0.5  Together's training rate for that model
    "gpu/a100-80gb/hour": 1.5              per GPU-hour, self-hosted
WHERE is base, openai, together, fireworks or gpu; FIELD is input, cached_input, output, training
or hour. An override is shown as such, never as the catalog's figure.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from advisor.data.atomic_write import write_atomically
from advisor.i18n import text

OVERRIDE_PLACES = ("base", "openai", "together", "fireworks", "gpu")
OVERRIDE_FIELDS = ("input", "cached_input", "output", "training", "hour")


# The range of every numeric field, (low, high, whole number?), checked for files, the app and the command line
# (whose options take their ranges from here). The highs are far beyond any real plan: they only keep a typo such
# as 1e300 or a NaN from reaching the money (NaN compares false with every bound, so it must be refused apart).
LIMITS: dict[str, tuple[float, float, bool]] = {
    "monthly_requests": (0, 10**12, True),
    "monthly_growth": (-0.99, 10.0, False),
    "horizon_months": (1, 120, True),
    "k_shots": (0, 1000, True),
    "instruction_tokens": (0, 10**6, True),
    "finetuned_instruction_tokens": (0, 10**6, True),
    "epochs": (1, 100, True),
    "cache_hit_rate": (0.0, 1.0, False),
    "min_cached_prefix": (0, 10**6, True),
    "serving_efficiency": (0.01, 1.0, False),
    "total_examples": (1, 10**10, True),
    "usd_to_currency": (0.0001, 1e6, False),
}
PRICE_LIMIT = 1e6  # USD per 1M tokens or per GPU-hour

class ScenarioError(ValueError):
    """A scenario value or file a user wrote that cannot be used: a code of the catalog's [scenario] section and its
    values, `message(lang)` in either language (str() is the English). Bounds (`low`, `high`) are written in the
    language's number style and `what` ("whole" or "number") is a word of the section."""

    def __init__(self, code: str, prefix: str = "", **values: Any) -> None:
        self.code, self.prefix, self.values = code, prefix, values
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        shown = {name: format_bound(value, lang) if name in ("low", "high") else
                 text("scenario", value, lang) if name == "what" else value for name, value in self.values.items()}
        return self.prefix + text("scenario", self.code, lang, **shown)

    def within(self, prefix: str) -> ScenarioError:
        """The same error, prefixed (with the file's path)."""
        return ScenarioError(self.code, prefix + self.prefix, **self.values)


def out_of_range(name: str, value: object) -> ScenarioError:
    """The error for a numeric field outside LIMITS (or not a finite number)."""
    low, high, whole = LIMITS[name]
    return ScenarioError("range", name=name, what="whole" if whole else "number", low=low, high=high,
                         value=repr(value))


def in_range(name: str, value: object) -> bool:
    low, high, whole = LIMITS[name]
    if isinstance(value, bool) or not isinstance(value, int | float) or (whole and not isinstance(value, int)):
        return False
    return math.isfinite(value) and low <= value <= high


def format_bound(bound: float, lang: str) -> str:
    """A range's bound as the messages show it: 1,000,000 / 1.000.000, 0.01 / 0,01, -0.99 / -0,99."""
    from advisor.i18n.messages import localize_numbers

    written = f"{int(abs(bound)):,}" if float(bound).is_integer() else f"{abs(bound):g}"
    return ("-" if bound < 0 else "") + localize_numbers(written, lang)


@dataclass(frozen=True, slots=True)
class Scenario:
    monthly_requests: int
    monthly_growth: float = 0.0  # fraction per month: 0.05 = +5 % a month, compounded
    horizon_months: int = 12  # training is amortised over this many months
    k_shots: int = 5  # demonstrations in every in-context prompt
    instruction_tokens: int = 200  # task instructions a prompted model needs (not measured: edit it)
    finetuned_instruction_tokens: int = 0  # instructions a fine-tuned model still gets
    prompt_models: tuple[str, ...] = ("gpt-4.1", "gpt-4.1-mini")  # API models for prompting and in-context
    finetune_models: tuple[str, ...] = ("gpt-4.1-mini", "llama-3.1-8b")  # OpenAI or open-model keys
    gpu: str | None = None  # self-hosted GPU; None: the cheapest that fits
    epochs: int | None = None  # None: the OpenAI cookbook heuristic
    price_overrides: tuple[tuple[str, float], ...] = ()
    data_must_stay: bool = False  # privacy: nothing leaves the machine, so self-hosted routes only
    cache_hit_rate: float = 1.0  # share of the fixed prompt prefix billed at the cached-input rate
    min_cached_prefix: int = 1024  # shorter prefixes are never cached (OpenAI's prompt-caching minimum)
    serving_efficiency: float = 1.0  # self-hosted throughput as a share of offline-batch throughput
    total_examples: int | None = None  # examples the team really has when the file is a sample; None: the file
    domain_shift: bool = False  # the texts are in a domain or language the base model has seen little of
    facts_change: bool = False  # the answers depend on facts that change (prices, stock): retrieve, not train
    currency: str = "BRL"
    usd_to_currency: float | None = None  # exchange rate override (units per US dollar)

    def __post_init__(self) -> None:
        _check(self)

    def override(self, place: str, model: str, field: str) -> float | None:
        key = f"{place}/{model}/{field}".lower()
        return next((value for name, value in self.price_overrides if name.lower() == key), None)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["prompt_models"] = list(self.prompt_models)
        data["finetune_models"] = list(self.finetune_models)
        data["price_overrides"] = dict(self.price_overrides)
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def save(self, path: str | Path) -> None:
        write_atomically(path, self.to_json() + "\n")  # whole or not at all (advisor/data/atomic_write.py)


_FIELD_NAMES = tuple(field.name for field in fields(Scenario))
_OPTIONAL = {field.name for field in fields(Scenario) if field.default is None}


def scenario_from_dict(data: Mapping[str, Any], **changes: Any) -> Scenario:
    """A scenario from parsed JSON, with `changes` (not None) applied on top. Raises ScenarioError."""
    if not isinstance(data, Mapping):
        raise ScenarioError("not_an_object")
    merged = {**data, **{key: value for key, value in changes.items() if value is not None}}
    unknown = sorted(set(merged) - set(_FIELD_NAMES))
    if unknown:
        raise ScenarioError("unknown_fields", fields=", ".join(unknown), known=", ".join(_FIELD_NAMES))
    if "monthly_requests" not in merged:
        raise ScenarioError("needs_monthly_requests")
    values = dict(merged)
    for name in ("prompt_models", "finetune_models"):
        if name in values:
            values[name] = _strings(values[name], name)
    if "price_overrides" in values:
        values["price_overrides"] = _overrides(values["price_overrides"])
    return Scenario(**values)


def load_scenario(path: str | Path, **changes: Any) -> Scenario:
    """Read a scenario JSON file (with `changes` applied). Raises ScenarioError with the path."""

    def refused(code: str, **args: Any) -> ScenarioError:
        return ScenarioError(code, f"{path}: ", **args)

    try:
        content = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise refused("file_missing") from error
    except (OSError, UnicodeDecodeError) as error:
        raise refused("file_unreadable", detail=error) from error
    try:
        data = json.loads(content, parse_constant=_refuse_constant)  # Python's json reads NaN and Infinity otherwise
    except json.JSONDecodeError as error:
        raise refused("invalid_json", line=error.lineno, detail=error.msg) from error
    except _NotANumber as error:
        line = content.count("\n", 0, content.find(error.literal)) + 1
        raise refused("not_a_number", value=error.literal, line=line) from None
    except (ValueError, RecursionError) as error:  # an integer of 4,301+ digits; nesting past the stack
        raise refused("unreadable_json", detail=str(error)[:120]) from error
    try:
        return scenario_from_dict(data, **changes)
    except ScenarioError as error:
        raise error.within(f"{path}: ") from error


class _NotANumber(Exception):
    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal


def _refuse_constant(literal: str) -> None:
    raise _NotANumber(literal)


def _strings(value: Any, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ScenarioError("model_list", name=name)
    return tuple(item.strip() for item in value)


def _overrides(value: Any) -> tuple[tuple[str, float], ...]:
    if isinstance(value, list | tuple):
        value = dict(value)
    if not isinstance(value, Mapping):
        raise ScenarioError("overrides_not_an_object", example='{"base/gpt-4.1/input": 1.8}')
    out = []
    for key, price in value.items():
        parts = str(key).split("/")
        if len(parts) != 3 or parts[0].lower() not in OVERRIDE_PLACES or parts[2].lower() not in OVERRIDE_FIELDS:
            raise ScenarioError("override_key", key=repr(key), places=", ".join(OVERRIDE_PLACES),
                                fields=", ".join(OVERRIDE_FIELDS))
        if isinstance(price, bool) or not isinstance(price, int | float) or not 0 <= price <= PRICE_LIMIT:
            raise ScenarioError("override_price", key=repr(key), high=PRICE_LIMIT, value=repr(price))
        out.append((str(key), float(price)))
    return tuple(out)


def _check(scenario: Scenario) -> None:
    for name in LIMITS:  # epochs, total_examples and usd_to_currency may be None: "not set"
        value = getattr(scenario, name)
        if not (value is None and name in _OPTIONAL) and not in_range(name, value):
            raise out_of_range(name, value)
    if not isinstance(scenario.domain_shift, bool):
        raise ScenarioError("boolean", name="domain_shift")
    if not isinstance(scenario.facts_change, bool):
        raise ScenarioError("boolean", name="facts_change")
    for name in ("prompt_models", "finetune_models"):
        value = getattr(scenario, name)
        if not isinstance(value, tuple) or not all(isinstance(item, str) and item for item in value):
            raise ScenarioError("model_list", name=name)
    if not scenario.prompt_models and not scenario.finetune_models:
        raise ScenarioError("no_models")
    if scenario.gpu is not None and (not isinstance(scenario.gpu, str) or not scenario.gpu.strip()):
        raise ScenarioError("gpu_name")
    if not isinstance(scenario.currency, str) or not scenario.currency.strip():
        raise ScenarioError("currency_code")
    if not isinstance(scenario.data_must_stay, bool):
        raise ScenarioError("boolean", name="data_must_stay")
    _overrides(dict(scenario.price_overrides))


__all__ = ["LIMITS", "OVERRIDE_FIELDS", "OVERRIDE_PLACES", "Scenario", "ScenarioError", "load_scenario",
           "scenario_from_dict"]
