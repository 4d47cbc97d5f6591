"""A `Scenario`: the plain data a cost comparison is run against, saved and reopened as JSON.

Volume and growth, how many examples the team really has when the file is only a sample of them
(`total_examples`: training costs scale to it), whether the domain is far from what base models saw,
the horizon training is amortised over, which models to compare, the GPU, price
overrides and the privacy constraint. It holds no computed number; `advisor.comparison` turns a
scenario and a dataset's token counts into costs. Every field has a default, so a JSON file only
needs the fields it changes; unknown fields and wrong types are refused with one sentence naming
the field (`ScenarioError`), because a typo silently ignored would change the answer.

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
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from advisor.atomic_write import write_atomically

OVERRIDE_PLACES = ("base", "openai", "together", "fireworks", "gpu")
OVERRIDE_FIELDS = ("input", "cached_input", "output", "training", "hour")


class ScenarioError(ValueError):
    """A scenario value or file a user wrote that cannot be used."""


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
        write_atomically(path, self.to_json() + "\n")  # whole or not at all (advisor/atomic_write.py)


_FIELD_NAMES = tuple(field.name for field in fields(Scenario))


def scenario_from_dict(data: Mapping[str, Any], **changes: Any) -> Scenario:
    """A scenario from parsed JSON, with `changes` (not None) applied on top. Raises ScenarioError."""
    if not isinstance(data, Mapping):
        raise ScenarioError("a scenario must be a JSON object")
    merged = {**data, **{key: value for key, value in changes.items() if value is not None}}
    unknown = sorted(set(merged) - set(_FIELD_NAMES))
    if unknown:
        raise ScenarioError(f"unknown scenario field(s) {', '.join(unknown)}; known: {', '.join(_FIELD_NAMES)}")
    if "monthly_requests" not in merged:
        raise ScenarioError("the scenario needs monthly_requests")
    values = dict(merged)
    for name in ("prompt_models", "finetune_models"):
        if name in values:
            values[name] = _strings(values[name], name)
    if "price_overrides" in values:
        values["price_overrides"] = _overrides(values["price_overrides"])
    return Scenario(**values)


def load_scenario(path: str | Path, **changes: Any) -> Scenario:
    """Read a scenario JSON file (with `changes` applied). Raises ScenarioError with the path."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise ScenarioError(f"{path}: scenario file not found") from error
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(f"{path}: cannot read the scenario ({error})") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScenarioError(f"{path}: not valid JSON (line {error.lineno}: {error.msg})") from error
    try:
        return scenario_from_dict(data, **changes)
    except ScenarioError as error:
        raise ScenarioError(f"{path}: {error}") from error


def _strings(value: Any, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ScenarioError(f"{name} must be a list of model names")
    return tuple(item.strip() for item in value)


def _overrides(value: Any) -> tuple[tuple[str, float], ...]:
    if isinstance(value, list | tuple):
        value = dict(value)
    if not isinstance(value, Mapping):
        raise ScenarioError('price_overrides must be an object like {"base/gpt-4.1/input": 1.8}')
    out = []
    for key, price in value.items():
        parts = str(key).split("/")
        if len(parts) != 3 or parts[0].lower() not in OVERRIDE_PLACES or parts[2].lower() not in OVERRIDE_FIELDS:
            raise ScenarioError(
                f"price override {key!r} must be WHERE/MODEL/FIELD with WHERE one of {', '.join(OVERRIDE_PLACES)} "
                f"and FIELD one of {', '.join(OVERRIDE_FIELDS)}"
            )
        if isinstance(price, bool) or not isinstance(price, int | float) or price < 0:
            raise ScenarioError(f"price override {key!r} must be a number >= 0 (USD), not {price!r}")
        out.append((str(key), float(price)))
    return tuple(out)


def _check(scenario: Scenario) -> None:
    def integer(name: str, minimum: int) -> None:
        value = getattr(scenario, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ScenarioError(f"{name} must be a whole number >= {minimum}, not {value!r}")

    def number(name: str, low: float, high: float | None = None) -> None:
        value = getattr(scenario, name)
        wrong_type = isinstance(value, bool) or not isinstance(value, int | float)
        if wrong_type or value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f">= {low}"
            raise ScenarioError(f"{name} must be a number {bound}, not {value!r}")

    integer("monthly_requests", 0)
    integer("horizon_months", 1)
    integer("k_shots", 0)
    integer("instruction_tokens", 0)
    integer("finetuned_instruction_tokens", 0)
    integer("min_cached_prefix", 0)
    number("monthly_growth", -0.99, 10.0)
    number("cache_hit_rate", 0.0, 1.0)
    number("serving_efficiency", 0.01, 1.0)
    if scenario.epochs is not None:
        integer("epochs", 1)
    if scenario.total_examples is not None:
        integer("total_examples", 1)
    if not isinstance(scenario.domain_shift, bool):
        raise ScenarioError("domain_shift must be true or false")
    if scenario.usd_to_currency is not None:
        number("usd_to_currency", 1e-9)
    for name in ("prompt_models", "finetune_models"):
        value = getattr(scenario, name)
        if not isinstance(value, tuple) or not all(isinstance(item, str) and item for item in value):
            raise ScenarioError(f"{name} must be a list of model names")
    if not scenario.prompt_models and not scenario.finetune_models:
        raise ScenarioError("name at least one model in prompt_models or finetune_models")
    if scenario.gpu is not None and (not isinstance(scenario.gpu, str) or not scenario.gpu.strip()):
        raise ScenarioError("gpu must be a GPU name such as a100-80gb, or null")
    if not isinstance(scenario.currency, str) or not scenario.currency.strip():
        raise ScenarioError("currency must be a currency code such as BRL")
    if not isinstance(scenario.data_must_stay, bool):
        raise ScenarioError("data_must_stay must be true or false")
    _overrides(dict(scenario.price_overrides))


__all__ = ["OVERRIDE_FIELDS", "OVERRIDE_PLACES", "Scenario", "ScenarioError", "load_scenario", "scenario_from_dict"]
