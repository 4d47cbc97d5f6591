"""What each option costs: hosted training once, inference per month, self-hosted serving, break-even.

Pure functions on small frozen dataclasses. Prices come from the catalog (data/*.toml) and, for base
models, from genai-prices (`advisor.pricing.inference_prices`); none is written here.

Tokens (`TokenStats`, built from `advisor.data.tokens.TokenSummary`)
    Per request, an option sends
        prompting       instructions + the example's input                     → the example's output
        in_context      instructions + k demonstrations + the example's input  → the example's output
        lora / full     fine-tuned instructions (usually none) + input          → the example's output
    where input and output are the dataset's mean input and output tokens and one demonstration is
    the mean input + output of an example (its measured length). The fixed prefix (instructions and
    demonstrations) is billed at the cached-input rate for `cache_hit_rate` of requests when the
    price has one and the prefix is at least `min_cached_prefix` tokens long (prompt caching).
    Counts made with a tokenizer that is not the model's own (open models: tokenizers not available
    offline) become a range: `TokenStats.low_factor`/`high_factor` scale every token-driven cost.

Hosted training (`estimate_training_cost`)
    billed tokens = Σ min(limit, example tokens) × epochs ("capped_examples": OpenAI, whose per-example
    limits live in data/platforms.toml) or Σ example tokens × epochs ("dataset_tokens": Together,
    Fireworks); cost = billed tokens × price per 1M. Epochs: given, or the OpenAI cookbook heuristic
    (FACTS §2): 3, raised to min(25, 100 // n) when n·3 < 100, lowered to max(1, 25,000 // n) when
    n·3 > 25,000. Preference (DPO) data is priced at DPO rates where the platform has them.

Self-hosted training (`estimate_self_hosted_training`)
    GPU memory, FLOPs and hours from advisor.pricing.gpu for the dataset's tokens (Σ min(example, sequence
    length) × epochs), priced at the GPU's catalog offer or a given price.

Self-hosted serving (`estimate_serving_cost`)
    GPU-hours = requests × GPU-seconds per request (advisor.pricing.gpu.ServingEstimate) ÷ efficiency ÷ 3600,
    never less than one replica running all month when `always_on` (730 h = 8,760 h / 12).

Break-even (`find_break_even`)
    Over a horizon of H months with volume V·(1+g)^m in month m, an option costs
    training + Σ monthly(V·(1+g)^m). The break-even is the smallest starting monthly volume V at which
    the first option's total is at most the second's (found by bisection on log V between 1 and 10^12
    requests a month; the totals are increasing in V and cross at most once for the cost shapes here).
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from advisor.i18n.messages import Figure, Note
from advisor.pricing.catalog import Catalog, Currency, Gpu, ModelShape, Provenance, TokenCountRange, load_catalog
from advisor.pricing.gpu import (
    MemoryEstimate,
    ServingEstimate,
    TrainingTime,
    as_shape,
    estimate_gpu_memory,
    estimate_training_time,
    training_assumptions,
)
from advisor.pricing.inference_prices import MTOK, TokenPrice

OPTIONS = ("prompting", "in_context", "lora", "full_finetune")
HOURS_PER_MONTH = 8760 / 12  # 730: an average month
BREAK_EVEN_MAX = 1e12
COOKBOOK_TARGET_EPOCHS = 3
COOKBOOK_MIN_TOKENS_EXAMPLES = 100
COOKBOOK_MAX_EXAMPLES_EPOCHS = 25_000
COOKBOOK_MAX_EPOCHS = 25


class CostUnavailable(LookupError):
    """A cost cannot be computed from what the catalog knows (no price for this model or method); `reason` says
    why in either language."""

    def __init__(self, reason: Note) -> None:
        super().__init__(reason.text("en"))
        self.reason = reason


# --- money --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in USD: the estimate from the counted tokens and the range around it."""

    usd: float
    low: float
    high: float

    @classmethod
    def of(cls, usd: float) -> Money:
        return cls(usd, usd, usd)

    @classmethod
    def from_factors(cls, cost: Callable[[float], float], low: float = 1.0, high: float = 1.0) -> Money:
        """`cost(token_factor)` at 1, `low` and `high`."""
        return cls(cost(1.0), cost(low), cost(high))

    @property
    def exact(self) -> bool:
        return math.isclose(self.low, self.high, rel_tol=1e-9, abs_tol=1e-12)

    def __add__(self, other: Money) -> Money:
        return Money(self.usd + other.usd, self.low + other.low, self.high + other.high)


def format_money(money: Money, currency: Currency | None = None, *, alone: bool = False) -> str:
    """'US$ 12.30 (R$ 65.04)'; a range as 'US$ 11.70 – 15.40 (R$ 61.86 – 81.43)'; `alone`: in the currency only,
    'R$ 65.04' (a table column whose heading names the rate)."""
    def amount(value: float) -> str:
        if 0 < abs(value) < 0.005:
            return "< 0.01"
        return f"{value:,.2f}" if abs(value) < 1e6 else f"{value:,.0f}"

    def shown(rate: float) -> str:
        low, high = amount(money.low * rate), amount(money.high * rate)
        if money.exact or low == high:
            return amount(money.usd * rate)
        return f"{low} – {high}"

    if alone and currency is not None and currency.code != "USD":
        return f"{currency.symbol} {shown(currency.per_usd)}"
    text = f"US$ {shown(1.0)}"
    if currency is not None and currency.code != "USD":
        text += f" ({currency.symbol} {shown(currency.per_usd)})"
    return text


def money_to_dict(money: Money | None, currency: Currency | None = None) -> dict[str, Any] | None:
    """{"usd": x, "usd_low": .., "usd_high": .., "brl": .., "brl_low": .., "brl_high": ..}."""
    if money is None:
        return None
    out: dict[str, Any] = {"usd": round(money.usd, 6), "usd_low": round(money.low, 6), "usd_high": round(money.high, 6)}
    if currency is not None and currency.code != "USD":
        code, rate = currency.code.lower(), currency.per_usd
        out |= {code: round(money.usd * rate, 6), f"{code}_low": round(money.low * rate, 6),
                f"{code}_high": round(money.high * rate, 6)}
    return out


# --- tokens -------------------------------------------------------------------------------


class SortedCounts(tuple):
    """Token counts in ascending order with their running sums: any capped sum in O(log n), so a scenario
    change never loops over 100,000 examples."""

    prefix: tuple[int, ...]

    def __new__(cls, counts: Iterable[int]) -> SortedCounts:
        ordered = super().__new__(cls, sorted(counts))
        ordered.prefix = (0, *itertools.accumulate(ordered))
        return ordered


@dataclass(frozen=True, slots=True)
class TokenStats:
    """What the cost model needs from a dataset's token counts, for one tokenizer."""

    examples: int
    totals: tuple[int, ...]  # per example, for billing with a per-example cap; kept sorted (order never matters)
    mean_input: float
    mean_output: float
    max_total: int
    encoding: str
    exact: bool
    note: Note  # which tokenizer counted, and why it is (not) exact
    low_factor: float = 1.0
    high_factor: float = 1.0
    preference: bool = False  # DPO data: priced at DPO rates
    weight: float = 1.0  # real examples each counted one stands for (the file is a sample of the corpus)

    def __post_init__(self) -> None:
        if not isinstance(self.totals, SortedCounts):  # copies of these stats share one sorted tuple
            object.__setattr__(self, "totals", SortedCounts(self.totals))

    def capped_sum(self, limit: float | None) -> float:
        """Σ min(limit, total) over the examples (no cap: the plain sum)."""
        prefix = self.totals.prefix
        if limit is None:
            return float(prefix[-1])
        under = bisect.bisect_right(self.totals, limit)
        return float(prefix[under]) + limit * (len(self.totals) - under)

    def over(self, limit: float) -> int:
        """Examples longer than `limit`."""
        return len(self.totals) - bisect.bisect_right(self.totals, limit)

    @property
    def corpus_examples(self) -> int:
        return round(self.examples * self.weight)

    @property
    def demonstration(self) -> float:
        """Measured length of one in-context demonstration: an example's mean input + output."""
        return self.mean_input + self.mean_output

    @property
    def total(self) -> int:
        return self.totals.prefix[-1]


def token_stats(summary: Any, *, preference: bool = False, low_factor: float = 1.0, high_factor: float = 1.0,
                note: str | None = None) -> TokenStats:
    """TokenStats from an `advisor.data.tokens.TokenSummary` (or anything with its fields)."""
    per_example = summary.per_example
    n = len(per_example)
    return TokenStats(
        examples=n,
        totals=tuple(item.total for item in per_example),
        mean_input=sum(item.input for item in per_example) / n if n else 0.0,
        mean_output=sum(item.output for item in per_example) / n if n else 0.0,
        max_total=max((item.total for item in per_example), default=0),
        encoding=summary.encoding,
        exact=bool(summary.exact) and low_factor == high_factor == 1.0,
        note=note if note is not None else (
            summary.note or Note("tokens_counted_with", (("encoding", summary.encoding),))),
        low_factor=low_factor,
        high_factor=high_factor,
        preference=preference,
    )


def approximate_stats(primary: TokenStats, other: TokenStats, model_name: str, spread: TokenCountRange) -> TokenStats:
    """Counts for a model whose tokenizer is unavailable: `primary`'s, widened to a range.

    The range runs from min(primary, other) × spread.low to max(primary, other) × spread.high, so
    the disagreement of the two offline tokenizers on *this* data is part of it.
    """
    ratio = other.total / primary.total if primary.total else 1.0
    low = min(1.0, ratio) * spread.low
    high = max(1.0, ratio) * spread.high
    note = Note("tokens_range", (
        ("model", model_name), ("encoding", primary.encoding), ("other", other.encoding), ("ratio", Figure(ratio, 2)),
        ("low", Figure(low, 2)), ("high", Figure(high, 2)), ("source", spread.provenance.source),
        ("date", spread.provenance.as_of.isoformat())))
    return TokenStats(
        primary.examples, primary.totals, primary.mean_input, primary.mean_output, primary.max_total,
        primary.encoding, False, note, low, high, primary.preference, primary.weight,
    )


def cookbook_epochs(examples: int) -> int:
    """OpenAI cookbook's proxy for "auto" epochs (FACTS §2)."""
    if examples <= 0:
        return COOKBOOK_TARGET_EPOCHS
    if examples * COOKBOOK_TARGET_EPOCHS < COOKBOOK_MIN_TOKENS_EXAMPLES:
        return min(COOKBOOK_MAX_EPOCHS, COOKBOOK_MIN_TOKENS_EXAMPLES // examples)
    if examples * COOKBOOK_TARGET_EPOCHS > COOKBOOK_MAX_EXAMPLES_EPOCHS:
        return max(1, COOKBOOK_MAX_EXAMPLES_EPOCHS // examples)
    return COOKBOOK_TARGET_EPOCHS


# --- hosted training ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrainingCost:
    platform: str
    platform_name: str
    model: str
    method: str  # lora | full | undisclosed
    kind: str  # sft | dpo
    epochs: int
    epochs_source: str  # "given" | "OpenAI cookbook heuristic"
    token_limit: int | None  # per-example cap, when the platform truncates
    truncated_examples: int
    billed_tokens: float  # at the counted tokens (range: × the stats' factors)
    usd_per_mtok: float
    cost: Money
    provenance: Provenance
    overridden: bool = False


def estimate_training_cost(
    tokens: TokenStats,
    platform: str,
    model: str,
    *,
    method: str = "lora",
    epochs: int | None = None,
    usd_per_mtok: float | None = None,
    catalog: Catalog | None = None,
) -> TrainingCost:
    """One hosted fine-tuning job's cost. Raises CostUnavailable when the catalog has no price.

    `model` is an OpenAI model name for "openai", an open-model key for "together"/"fireworks";
    `method` (lora | full) picks the rate where the platform prices them apart; `usd_per_mtok`
    replaces the catalog's rate (a user override).
    """
    catalog = catalog or load_catalog()
    hosted = catalog.platform(platform)
    kind = "dpo" if tokens.preference else "sft"
    chosen_epochs = epochs if epochs is not None else cookbook_epochs(tokens.corpus_examples)
    if chosen_epochs < 1:
        raise CostUnavailable(Note("epochs_must_be_positive"))
    epochs_source = "given" if epochs is not None else "OpenAI cookbook heuristic"
    limit = None
    if hosted.billing == "capped_examples":
        row = hosted.model_price(model)
        if row is None:
            raise CostUnavailable(Note("no_finetune_price", (("platform", hosted.name), ("model", model))))
        if row.training_usd_per_mtok is None:
            raise CostUnavailable(Note("billed_per_hour", (("platform", hosted.name), ("model", row.model), (
                "price", Figure(row.training_usd_per_hour or 0.0, 4, "short")))))
        if row.kind != kind:
            raise CostUnavailable(Note("no_kind_price", (("kind", kind.upper()), ("model", row.model),
                                                         ("platform", hosted.name), ("other", row.kind.upper()))))
        rate, provenance, method_used, model_name = row.training_usd_per_mtok, row.provenance, row.method, row.model
        limit = _token_limit(platform, model)
    else:
        open_model = catalog.model(model)
        row_b = hosted.bracket_price(open_model.params_b, kind, method)
        if row_b is None:
            raise CostUnavailable(Note("no_bracket_price", (("platform", hosted.name), ("kind", kind.upper()),
                                                            ("method", method),
                                                            ("params", Figure(open_model.params_b, 1)))))
        rate, provenance, method_used, model_name = row_b.usd_per_mtok, row_b.provenance, method, open_model.key
    truncated = round(tokens.weight * tokens.over(limit)) if limit else 0
    per_epoch = tokens.capped_sum(limit or None) * tokens.weight
    if usd_per_mtok is not None:
        rate = usd_per_mtok
        provenance = Provenance.ours(Note("source_user_override", (("source", provenance.source),
                                                                   ("date", provenance.as_of.isoformat()))),
                                     provenance.as_of, False)
    billed = per_epoch * chosen_epochs

    def cost(factor: float) -> float:
        if limit:  # the cap applies to each example's scaled length
            scaled = factor * tokens.capped_sum(limit / factor) * tokens.weight  # Σ min(limit, total × factor)
            return scaled * chosen_epochs * rate / MTOK
        return billed * factor * rate / MTOK

    return TrainingCost(
        platform=hosted.key,
        platform_name=hosted.name,
        model=model_name,
        method=method_used,
        kind=kind,
        epochs=chosen_epochs,
        epochs_source=epochs_source,
        token_limit=limit,
        truncated_examples=truncated,
        billed_tokens=billed,
        usd_per_mtok=rate,
        cost=Money.from_factors(cost, tokens.low_factor, tokens.high_factor),
        provenance=provenance,
        overridden=usd_per_mtok is not None,
    )


def _token_limit(platform: str, model: str) -> int | None:
    from advisor.profiling.validate import load_platform_rules

    rules = load_platform_rules()
    if platform not in rules.keys:
        return None
    row, _assumed = rules.get(platform).token_limit(model)
    return row.tokens if row else None


# --- self-hosted training -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SelfHostedTraining:
    """Memory, time and money to fine-tune on rented GPUs; `time`/`cost` are None without tokens to train on."""

    memory: MemoryEstimate
    time: TrainingTime | None
    epochs: int | None
    epochs_source: str
    tokens_per_epoch: float | None
    cost: Money | None
    tokens_note: Note
    assumptions: tuple[tuple[str, Note, Provenance], ...]


def epochs_source_note(source: str) -> Note:
    """Where a run's epochs came from ("given", the cookbook's heuristic or, with no dataset, its target), in words."""
    return Note({"given": "epochs_given", "OpenAI cookbook heuristic": "epochs_cookbook"}.get(
        source, "epochs_cookbook_target"))


def assumption_to_dict(name: str, value: Note, source: Provenance) -> dict[str, Any]:
    """One assumption as the JSON documents keep it: the value a saved Note, so it reads again in either language."""
    return {"name": name, "value": value.to_dict(), **source.to_dict()}


def estimate_self_hosted_training(
    params: float | ModelShape,
    method: str,
    gpu: Gpu,
    *,
    bits: int | None = None,
    tokens: TokenStats | None = None,
    tokens_per_epoch: float | None = None,
    epochs: int | None = None,
    seq_len: int | None = None,
    batch: int = 1,
    lora_rank: int = 8,
    gradient_checkpointing: bool = True,
    gpus: int | None = None,
    mfu: float | None = None,
    usd_per_hour: float | None = None,
    context_length: int | None = None,
    catalog: Catalog | None = None,
) -> SelfHostedTraining:
    """GPU memory, FLOPs, hours and dollars of one self-hosted fine-tuning run.

    Training tokens come from a dataset's `tokens` (Σ min(example, seq_len) per epoch; sequence length
    defaults to the longest example, capped at `context_length`; attention sees the mean example length)
    or from `tokens_per_epoch`. Epochs: given, else the cookbook heuristic for the dataset's size, else 3.
    """
    catalog = catalog or load_catalog()
    shape = as_shape(params)
    if seq_len is None:
        seq_len = tokens.max_total if tokens is not None and tokens.max_total else 2048
        if context_length:
            seq_len = min(seq_len, context_length)
    seq_len = max(1, seq_len)
    memory = estimate_gpu_memory(shape, method, bits=bits, seq_len=seq_len, batch=batch, lora_rank=lora_rank,
                                 gradient_checkpointing=gradient_checkpointing, gpu=gpu, gpus=gpus, catalog=catalog)
    if epochs is not None:
        chosen_epochs, source = epochs, "given"
    elif tokens is not None:
        chosen_epochs, source = cookbook_epochs(tokens.corpus_examples), "OpenAI cookbook heuristic"
    else:
        chosen_epochs, source = COOKBOOK_TARGET_EPOCHS, "OpenAI cookbook target (no dataset to size it)"
    if tokens is not None:
        per_epoch: float | None = tokens.capped_sum(seq_len) * tokens.weight
        context = max(1, min(seq_len, round(tokens.demonstration)))
        low, high, note = tokens.low_factor, tokens.high_factor, tokens.note
    else:
        per_epoch, context, low, high = tokens_per_epoch, seq_len, 1.0, 1.0
        note = Note("tokens_given" if tokens_per_epoch is not None else "tokens_none")
    time = cost = None
    if per_epoch is not None:
        time = estimate_training_time(shape, per_epoch * chosen_epochs, method, gpu, memory.gpus, mfu,
                                      context_len=context, usd_per_hour=usd_per_hour, catalog=catalog)
        if time.cost_usd is not None:
            usd = time.cost_usd
            cost = Money(usd, usd * low, usd * high)
    assumptions = training_assumptions(method, memory.bits, gpu, gradient_checkpointing, catalog)
    if time is not None and time.usd_per_gpu_hour is not None:
        offer = gpu.default_offer
        if usd_per_hour is not None or offer is None:
            price = Provenance.ours(Note("source_user_price"), date.today(), verified=False)
        else:
            price = Provenance(f"{offer.provider}: {offer.provenance.source}", offer.provenance.as_of,
                               offer.provenance.verified, offer.provenance.note)
        assumptions += (("usd_per_gpu_hour", Note("value_usd_per_hour", (
            ("price", Figure(time.usd_per_gpu_hour, 4, "short")),)), price),)
    assumptions += (("epochs", Note("value_epochs_run", (("epochs", chosen_epochs),
                                                         ("epochs_source", epochs_source_note(source)))),
                     Provenance.ours(Note("source_user_price" if source == "given" else "source_cookbook_epochs"),
                                     date.today())),)
    return SelfHostedTraining(memory, time, chosen_epochs, source, per_epoch, cost, note, assumptions)


# --- inference ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RequestShape:
    """Tokens of one request for an option (at the counted tokens; scale by the stats' factors)."""

    option: str
    input_tokens: float
    cached_tokens: float  # the part of input_tokens billed at the cached rate
    output_tokens: float
    k: int = 0

    def scaled(self, factor: float) -> RequestShape:
        return RequestShape(self.option, self.input_tokens * factor, self.cached_tokens * factor,
                            self.output_tokens * factor, self.k)


def request_shape(
    option: str,
    tokens: TokenStats,
    *,
    k: int = 5,
    instruction_tokens: int = 200,
    finetuned_instruction_tokens: int = 0,
    cache_hit_rate: float = 1.0,
    min_cached_prefix: int = 0,
) -> RequestShape:
    """Input, cached and output tokens of one request for `option` (see the module docstring).

    A prefix shorter than `min_cached_prefix` tokens is never cached (providers cache only long prefixes).
    """
    if option not in OPTIONS:
        raise ValueError(f"unknown option {option!r}; choose one of {', '.join(OPTIONS)}")
    if option == "prompting":
        prefix = float(instruction_tokens)
    elif option == "in_context":
        prefix = instruction_tokens + k * tokens.demonstration
    else:
        prefix = float(finetuned_instruction_tokens)
    cached = prefix * cache_hit_rate if prefix >= min_cached_prefix else 0.0
    return RequestShape(option, prefix + tokens.mean_input, cached, tokens.mean_output,
                        k if option == "in_context" else 0)


@dataclass(frozen=True, slots=True)
class InferenceCost:
    option: str
    model: str
    monthly_requests: float
    request: RequestShape
    per_request: Money
    monthly: Money
    price: TokenPrice


def estimate_inference_cost(
    option: str,
    tokens: TokenStats,
    monthly_requests: float,
    price: TokenPrice,
    *,
    k: int = 5,
    instruction_tokens: int = 200,
    finetuned_instruction_tokens: int = 0,
    cache_hit_rate: float = 1.0,
    min_cached_prefix: int = 0,
) -> InferenceCost:
    """Per-token API cost of `option` for a month of `monthly_requests` requests at `price`."""
    shape = request_shape(option, tokens, k=k, instruction_tokens=instruction_tokens,
                          finetuned_instruction_tokens=finetuned_instruction_tokens, cache_hit_rate=cache_hit_rate,
                          min_cached_prefix=min_cached_prefix)

    def per_request(factor: float) -> float:
        scaled = shape.scaled(factor)
        return price.request_usd(scaled.input_tokens, scaled.output_tokens, scaled.cached_tokens)

    one = Money.from_factors(per_request, tokens.low_factor, tokens.high_factor)
    month = Money(one.usd * monthly_requests, one.low * monthly_requests, one.high * monthly_requests)
    return InferenceCost(option, price.model, monthly_requests, shape, one, month, price)


# --- self-hosted serving ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ServingCost:
    gpu: str
    usd_per_hour: float
    replica_gpus: int
    monthly_requests: float
    gpu_hours_needed: float  # at full utilisation of the serving estimate, ÷ efficiency
    gpu_hours_billed: float  # at least one replica all month when always on
    monthly: Money
    always_on: bool
    efficiency: float


def serving_gpu_hours(request: RequestShape, monthly_requests: float, serving: ServingEstimate,
                      efficiency: float = 1.0) -> float:
    return monthly_requests * serving.gpu_seconds(request.input_tokens, request.output_tokens) / efficiency / 3600


def billed_gpu_hours(seconds_per_request: float, monthly_requests: float, replica_gpus: int,
                     efficiency: float = 1.0, always_on: bool = True) -> float:
    """GPU-hours a month: the work, never less than one replica all month when always on."""
    floor = replica_gpus * HOURS_PER_MONTH if always_on else 0.0
    return max(floor, monthly_requests * seconds_per_request / efficiency / 3600)


def estimate_serving_cost(
    request: RequestShape,
    monthly_requests: float,
    serving: ServingEstimate,
    usd_per_hour: float,
    *,
    always_on: bool = True,
    efficiency: float = 1.0,
    low_factor: float = 1.0,
    high_factor: float = 1.0,
) -> ServingCost:
    """GPU-hours and dollars to serve a month of requests on self-hosted (or dedicated) GPUs."""
    seconds = serving.gpu_seconds(request.input_tokens, request.output_tokens)  # linear in the token factor

    def billed(factor: float) -> float:
        return billed_gpu_hours(seconds * factor, monthly_requests, serving.replica_gpus, efficiency, always_on)

    return ServingCost(
        gpu=serving.gpu,
        usd_per_hour=usd_per_hour,
        replica_gpus=serving.replica_gpus,
        monthly_requests=monthly_requests,
        gpu_hours_needed=monthly_requests * seconds / efficiency / 3600,
        gpu_hours_billed=billed(1.0),
        monthly=Money.from_factors(lambda f: billed(f) * usd_per_hour, low_factor, high_factor),
        always_on=always_on,
        efficiency=efficiency,
    )


# --- break-even ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BreakEven:
    option: str  # the route that trains (its label)
    versus: str  # the route it is compared with
    monthly_requests: float | None  # starting monthly volume from which `option` is cheaper
    status: str  # "crosses" | "always_cheaper" | "never_cheaper"
    horizon_months: int
    monthly_growth: float


def volumes(start: float, months: int, growth: float) -> Iterable[float]:
    return (start * (1 + growth) ** month for month in range(months))


def horizon_total(training_usd: float, monthly_usd: Callable[[float], float], start: float, months: int,
                  growth: float) -> float:
    """Training once plus every month's cost over the horizon, volume growing by `growth` a month."""
    if growth == 0:  # every month the same: one evaluation (break-even searches call this thousands of times)
        return training_usd + months * monthly_usd(start)
    return training_usd + sum(monthly_usd(volume) for volume in volumes(start, months, growth))


def find_break_even(
    option: str,
    training_usd: float,
    monthly_usd: Callable[[float], float],
    versus: str,
    versus_training_usd: float,
    versus_monthly_usd: Callable[[float], float],
    *,
    horizon_months: int = 12,
    monthly_growth: float = 0.0,
) -> BreakEven:
    """The smallest starting monthly volume at which `option` costs no more than `versus` over the horizon."""
    def gap(volume: float) -> float:
        mine = horizon_total(training_usd, monthly_usd, volume, horizon_months, monthly_growth)
        theirs = horizon_total(versus_training_usd, versus_monthly_usd, volume, horizon_months, monthly_growth)
        return mine - theirs

    def result(volume: float | None, status: str) -> BreakEven:
        return BreakEven(option, versus, volume, status, horizon_months, monthly_growth)

    if gap(1.0) <= 0:
        return result(None, "always_cheaper")
    if gap(BREAK_EVEN_MAX) > 0:
        return result(None, "never_cheaper")
    low, high = 0.0, math.log(BREAK_EVEN_MAX)  # log-volumes: gap(e^low) > 0 >= gap(e^high)
    for _ in range(50):  # the interval shrinks to 1e-13 of the volume: exact once rounded up
        middle = (low + high) / 2
        if gap(math.exp(middle)) > 0:
            low = middle
        else:
            high = middle
    return result(math.ceil(math.exp(high) - 1e-9), "crosses")


__all__ = [
    "BreakEven", "CostUnavailable", "HOURS_PER_MONTH", "InferenceCost", "Money", "OPTIONS", "RequestShape",
    "SelfHostedTraining", "ServingCost", "TokenStats", "TrainingCost", "approximate_stats", "assumption_to_dict",
    "billed_gpu_hours",
    "cookbook_epochs", "epochs_source_note", "estimate_inference_cost", "estimate_self_hosted_training",
    "estimate_serving_cost",
    "estimate_training_cost", "find_break_even", "format_money", "horizon_total",
    "money_to_dict", "request_shape", "serving_gpu_hours", "token_stats", "volumes",
]
