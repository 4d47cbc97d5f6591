"""The four options side by side for one dataset and one `Scenario`: every way to run each option (a
"route": an API, a hosted fine-tuning platform, or self-hosted GPUs), what it costs to train once and
to serve per month, whether its door is open, and where the fine-tuned routes break even.

Token counts are measured once per dataset (`measure_tokens` → `TokenBook`); `compare_options` only
does arithmetic on them, so changing the scenario never re-reads or re-tokenizes the data.

Routes built for a scenario
    prompting, in_context   each of `prompt_models` through its API (genai-prices), and each open model
                            of `finetune_models` self-hosted without training
    full_finetune           each OpenAI model of `finetune_models` on OpenAI (OpenAI does not say
                            which method it uses); each open model fully fine-tuned on Together
                            (served on a dedicated endpoint) and self-hosted
    lora                    each open model with LoRA on Together (serverless where the catalog has
                            a price, else a dedicated endpoint) and Fireworks (serving price not in
                            the catalog), and self-hosted with LoRA and QLoRA 4-bit
    `data_must_stay` keeps only the self-hosted routes: nothing may leave the machine.
Self-hosted training uses the scenario's GPU or, by default, the GPU kind whose run is cheapest
among those that hold the job on one node of at most 8 GPUs; serving likewise picks the GPU with the
cheapest month at the starting volume. A closed door (availability rows of data/platforms.toml that
have passed) is shown as closed and left out of break-even; a door that closes within the horizon
says when.

Break-even: every training route that is open and fully priced against the baseline routes:
prompting and in-context learning with each of `prompt_models` (with `data_must_stay`: the first
open model, self-hosted).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from advisor.i18n.messages import Figure, Note
from advisor.pricing.catalog import Catalog, Currency, Gpu, OpenModel, Provenance, load_catalog
from advisor.pricing.costs import (
    HOURS_PER_MONTH,
    OPTIONS,
    BreakEven,
    CostUnavailable,
    Money,
    TokenStats,
    approximate_stats,
    assumption_to_dict,
    billed_gpu_hours,
    cookbook_epochs,
    epochs_source_note,
    estimate_self_hosted_training,
    estimate_training_cost,
    find_break_even,
    horizon_total,
    money_to_dict,
    request_shape,
    token_stats,
    volumes,
)
from advisor.pricing.gpu import EstimateError, estimate_serving
from advisor.pricing.inference_prices import PriceNotFound, TokenPrice, base_price
from advisor.pricing.scenario import Scenario

MAX_NODE_GPUS = 8
PRIMARY_ENCODING_MODEL = "gpt-4o"  # o200k_base
SECONDARY_ENCODING_MODEL = "gpt-4"  # cl100k_base
PROVIDER_NAMES = {"openai": "OpenAI", "anthropic": "Anthropic", "google": "Google", "mistral": "Mistral",
                  "together": "Together", "fireworks": "Fireworks", "groq": "Groq", "deepseek": "DeepSeek"}


# --- tokens, measured once ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenBook:
    """A dataset's token counts under each offline encoding, and how to read them for any model."""

    by_encoding: tuple[tuple[str, TokenStats], ...]
    source: str = ""

    def encoding(self, name: str) -> TokenStats:
        return dict(self.by_encoding)[name]

    def for_model(self, model: str, catalog: Catalog | None = None) -> TokenStats:
        """Exact counts for an OpenAI model tiktoken knows; a widened range for every other model."""
        from advisor.data.tokens import FALLBACK_ENCODING, choose_encoding

        catalog = catalog or load_catalog()
        counts = dict(self.by_encoding)
        choice = choose_encoding(model)
        open_model = catalog.find_model(model)
        if choice.exact and open_model is None and choice.encoding in counts:
            stats = counts[choice.encoding]
            return TokenStats(**{**_fields(stats), "exact": True,
                                 "note": Note("tokens_counted", (("encoding", choice.encoding), ("model", model)))})
        primary = counts[FALLBACK_ENCODING]
        other = next((stats for name, stats in self.by_encoding if name != FALLBACK_ENCODING), primary)
        name = open_model.name if open_model else model
        return approximate_stats(primary, other, name, catalog.token_count_range)


def _fields(stats: TokenStats) -> dict[str, Any]:
    return {item.name: getattr(stats, item.name) for item in fields(stats) if item.init}


def measure_tokens(dataset: Any, counted: Any = None) -> TokenBook:
    """Count a loaded `advisor.data.model.Dataset` with o200k_base and cl100k_base (the slow step, done once).
    `counted`: a `TokenSummary` of this dataset already counted (the analysis's), not counted again for a model
    whose encoding it was counted with."""
    from advisor.data.tokens import choose_encoding, count_tokens

    preference = getattr(dataset, "detected_format", "") == "preference"
    book = []
    for model in (PRIMARY_ENCODING_MODEL, SECONDARY_ENCODING_MODEL):
        choice = choose_encoding(model)
        same = counted is not None and (counted.encoding, counted.exact, counted.note) == (
            choice.encoding, choice.exact, choice.note)
        summary = counted if same else count_tokens(dataset, model)
        book.append((summary.encoding, token_stats(summary, preference=preference)))
    return TokenBook(tuple(book), getattr(dataset, "source", ""))


# --- availability ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Door:
    status: str  # open | closing | closed_to_new_users | closed
    notes: tuple[Note, ...] = ()
    usable_until: date | None = None  # when a fine-tuned model can no longer be trained or served

    @property
    def closed(self) -> bool:
        return self.status == "closed"


def platform_door(platform: str, model: str, today: date) -> Door:
    """Whether `platform` takes a fine-tuning job for `model` today, from data/platforms.toml."""
    from advisor.profiling.validate import load_platform_rules

    rules = load_platform_rules()
    if platform not in rules.keys:
        return Door("open")
    rows = rules.get(platform).availability
    name = model.lower().removeprefix("ft:")

    def dated(code: str, row: Any, **values: Any) -> Note:
        return Note(code, (("since", row.when.isoformat()), *values.items(), ("source", row.source),
                           ("unverified", "" if row.verified else ", unverified")))

    ends = sorted(
        (row for row in rows if row.event == "jobs_end" or (row.event == "model_retired" and row.model is None)),
        key=lambda row: row.when,
    )
    retired = [row for row in rows if row.event == "model_retired" and row.model and name.startswith(row.model)]
    retired = sorted(retired, key=lambda row: -len(row.model))[:1]
    for row in [*ends, *retired]:
        if row.when <= today:
            return Door("closed", (dated("door_closed_jobs", row) if row.event == "jobs_end" else
                                   dated("door_closed_retired", row, model=row.label or model),), row.when)
    notes = []
    status = "open"
    for row in rows:
        if row.event == "closed_to_new_users" and row.when <= today:
            status = "closed_to_new_users"
            notes.append(dated("door_closed_to_new_users", row))
    until = None
    for row in ends:
        notes.append(dated("door_jobs_end", row))
        until = row.when if until is None else min(until, row.when)
    for row in retired:
        notes.append(dated("door_model_retires", row, model=row.label or model))
        until = row.when if until is None else min(until, row.when)
    if status == "open" and until is not None:
        status = "closing"
    return Door(status, tuple(notes), until)


@dataclass(frozen=True, slots=True)
class ClosedDoor:
    platform: str
    what: Note
    since: date
    source: str
    verified: bool


def closed_doors(today: date) -> tuple[ClosedDoor, ...]:
    """Every platform-wide end and model retirement in data/platforms.toml that has already happened."""
    from advisor.profiling.validate import load_platform_rules

    out = []
    for platform in load_platform_rules().platforms:
        for row in platform.availability:
            if row.when > today or row.event == "closed_to_new_users":
                continue
            if row.event == "jobs_end":
                what = Note("closed_jobs")
            elif row.model is None:
                what = Note("closed_platform_model", (("model", row.label or ""),))
            else:
                what = Note("closed_model_retired", (("model", row.label or row.model),))
            out.append(ClosedDoor(platform.name, what, row.when, row.source, row.verified))
    return tuple(out)


# --- routes ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Route:
    option: str  # prompting | in_context | lora | full_finetune
    key: str  # stable id, e.g. "lora/together/llama-3.1-8b"
    label: str
    hosting: str  # api | hosted | self_hosted
    model: str
    tokens_note: Note
    training: Money | None  # None: nothing to train (prompting, in-context)
    training_detail: Note  # how the training cost was worked out, or why it could not be
    monthly: Money | None  # the first month, at the scenario's volume; None: not priced
    monthly_detail: Note
    horizon_total: Money | None
    status: str  # open | closing | closed_to_new_users | closed | unpriced
    availability: tuple[Note, ...] = ()
    usable_until: date | None = None
    notes: tuple[Note, ...] = ()
    sources: tuple[Provenance, ...] = ()
    monthly_series: tuple[float, ...] = ()  # USD for each month of the horizon, the volume growing
    title: Note | None = None  # the label in the reader's language; `label` is its English, the route's name in JSON

    def name(self, lang: str = "en") -> str:
        return self.title.text(lang) if self.title else self.label

    @property
    def verified(self) -> bool:
        """Every price and availability row the route rests on is confirmed by its source (FACTS.md marks the rest)."""
        return all(source.verified for source in self.sources)

    def cumulative(self) -> tuple[float, ...]:
        """USD spent by the end of each month, month 0 holding the training."""
        total = self.training.usd if self.training else 0.0
        out = [total]
        for month in self.monthly_series:
            total += month
            out.append(total)
        return tuple(out)


@dataclass(frozen=True)
class _Costed:
    """A route and the cost functions break-even needs: training(f) and monthly(volume, f), f a token factor."""

    route: Route
    training: Callable[[float], float] | None = None
    monthly: Callable[[float, float], float] | None = field(default=None)


@dataclass(frozen=True, slots=True)
class Comparison:
    scenario: Scenario
    today: date
    currency: Currency
    routes: tuple[Route, ...]
    break_even: tuple[BreakEven, ...]
    closed: tuple[ClosedDoor, ...]
    assumptions: tuple[tuple[str, Note, Provenance], ...]  # (name, value, source)
    notes: tuple[Note, ...]
    tokens: tuple[tuple[str, Note], ...]  # (encoding, how it was counted)
    # route key -> its cost functions, for break-even between any two routes (not part of the JSON)
    pricing: Mapping[str, _Costed] = field(default_factory=dict, compare=False, repr=False)

    def by_option(self, option: str) -> tuple[Route, ...]:
        return tuple(route for route in self.routes if route.option == option)

    def break_even_between(self, tuned: Route, versus: Route) -> BreakEven | None:
        """Where `tuned` (which trains) and `versus` cost the same over the horizon, or that one is cheaper at every
        volume; None when either is not priced as a function of volume."""
        mine, theirs = self.pricing.get(tuned.key), self.pricing.get(versus.key)
        if mine is None or theirs is None or mine.monthly is None or theirs.monthly is None:
            return None
        return find_break_even(
            tuned.label, mine.training(1.0) if mine.training else 0.0, lambda volume, f=mine.monthly: f(volume, 1.0),
            versus.label, theirs.training(1.0) if theirs.training else 0.0,
            lambda volume, f=theirs.monthly: f(volume, 1.0),
            horizon_months=self.scenario.horizon_months, monthly_growth=self.scenario.monthly_growth)

    def cost_per_thousand(self, route: Route) -> float | None:
        """USD a month that 1,000 more requests a month add at the planned volume (the monthly slope)."""
        costed = self.pricing.get(route.key)
        if costed is None or costed.monthly is None:
            return None
        volume = max(1.0, float(self.scenario.monthly_requests))
        return (costed.monthly(2 * volume, 1.0) - costed.monthly(volume, 1.0)) / volume * 1000

    def usable(self, option: str | None = None, hosting: str | None = None) -> list[Route]:
        """The open, fully priced routes (of an option, a hosting), cheapest over the horizon first."""
        usable = [route for route in self.routes if route.status not in ("closed", "unpriced")
                  and route.horizon_total is not None and option in (None, route.option)
                  and hosting in (None, route.hosting)]
        return sorted(usable, key=lambda route: route.horizon_total.usd)

    def cheapest(self, option: str | None = None, hosting: str | None = None) -> Route | None:
        """The open, fully priced route with the smallest total over the horizon (of an option, a hosting)."""
        return next(iter(self.usable(option, hosting)), None)


def compare_options(
    book: TokenBook,
    scenario: Scenario,
    *,
    catalog: Catalog | None = None,
    today: date | None = None,
) -> Comparison:
    """Every route of the four options, priced for `scenario`, with break-even volumes."""
    catalog = catalog or load_catalog()
    today = today or date.today()
    builder = _Builder(book, scenario, catalog, today)
    costed = builder.build()
    routes = tuple(item.route for item in costed)
    return Comparison(
        scenario=scenario,
        today=today,
        currency=builder.currency,
        routes=routes,
        break_even=_break_evens(costed, builder),
        closed=closed_doors(today),
        assumptions=tuple(builder.assumptions.values()),
        notes=tuple(builder.notes) + tuple(
            Note("override_unmatched", (("key", key),)) for key, _ in scenario.price_overrides
            if key.lower() not in builder.used_overrides
        ),
        tokens=tuple((name, stats.note) for name, stats in book.by_encoding),
        pricing={item.route.key: item for item in costed},
    )


class _Builder:
    def __init__(self, book: TokenBook, scenario: Scenario, catalog: Catalog, today: date) -> None:
        self.book, self.scenario, self.catalog, self.today = book, scenario, catalog, today
        self.notes: list[Note] = []
        self.assumptions: dict[str, tuple[str, Note, Provenance]] = {}
        self.used_overrides: set[str] = set()
        self.stats: dict[str, TokenStats] = {}  # per model: building one sorts every example's count
        self.currency = self._currency()
        months, growth = scenario.horizon_months, scenario.monthly_growth
        self.months, self.growth = months, growth
        self._assume("epochs", self._epochs_text(), Provenance.ours(
            Note("source_cookbook_epochs" if scenario.epochs is None else "source_scenario"), today))
        if scenario.total_examples and scenario.total_examples != book.encoding("o200k_base").examples:
            self._assume("total_examples", Note("value_total_examples", (
                ("file", Figure(book.encoding("o200k_base").examples)), ("total", Figure(scenario.total_examples)))),
                Provenance.ours(Note("source_scenario_total_examples"), today, False))
        self._assume("instruction_tokens", Note("value_instruction_tokens", (
            ("prompted", Figure(scenario.instruction_tokens)),
            ("finetuned", Figure(scenario.finetuned_instruction_tokens)))),
            Provenance.ours(Note("source_default_instructions"), today, False))
        self._assume("cache_hit_rate", Note("value_cache_hit_rate", (
            ("rate", Figure(scenario.cache_hit_rate, 0, "percent")),)),
            Provenance.ours(Note("source_default_cache"), today, False))
        self._assume("min_cached_prefix", Note("value_min_cached_prefix", (
            ("tokens", Figure(scenario.min_cached_prefix)),)),
            Provenance.ours(Note("source_caching_guide"), today, False))
        self._assume("hours_per_month", Note("value_hours_per_month", (("hours", Figure(HOURS_PER_MONTH)),)),
                     Provenance.ours(Note("source_calendar"), today))

    # -- helpers --------------------------------------------------------------------------------

    def _stats(self, model: str) -> TokenStats:
        """The dataset's token counts for `model`, standing for `total_examples` when the file is a sample."""
        if model in self.stats:
            return self.stats[model]
        stats = self.book.for_model(model, self.catalog)
        total = self.scenario.total_examples
        if total and total != stats.examples and stats.examples:
            stats = replace(stats, weight=total / stats.examples)
        self.stats[model] = stats
        return stats

    def _currency(self) -> Currency:
        currency = self.catalog.currency(self.scenario.currency)
        if self.scenario.usd_to_currency is not None:
            currency = currency.with_rate(self.scenario.usd_to_currency, Note("source_scenario_rate"), self.today)
        self._assume("exchange_rate", Note("value_exchange_rate", (("rate", Figure(currency.per_usd, 4, "short")),
                                                                  ("code", currency.code))), currency.provenance)
        return currency

    def _epochs_text(self) -> Note:
        examples = self.scenario.total_examples or self.book.encoding("o200k_base").examples
        if self.scenario.epochs is not None:
            return Note("value_epochs_given", (("epochs", self.scenario.epochs),))
        return Note("value_epochs_cookbook", (("epochs", cookbook_epochs(examples)), ("examples", Figure(examples))))

    def _assume(self, name: str, value: Note, provenance: Provenance) -> None:
        self.assumptions.setdefault(name, (name, value, provenance))

    def _override(self, place: str, model: str, what: str) -> float | None:
        value = self.scenario.override(place, model, what)
        if value is not None:
            self.used_overrides.add(f"{place}/{model}/{what}".lower())
        return value

    def _price_overrides(self, place: str, model: str) -> dict[str, float]:
        out = {}
        for what in ("input", "cached_input", "output"):
            value = self._override(place, model, what)
            if value is not None:
                out[what] = value
        return out

    def _gpu_price(self, gpu: Gpu) -> tuple[float, Provenance] | None:
        override = self._override("gpu", gpu.key, "hour")
        if override is not None:
            return override, Provenance.ours(Note("source_user_gpu_price", (("gpu", gpu.name),)), self.today, False)
        offer = gpu.default_offer
        if offer is None:
            return None
        return offer.usd_per_hour, Provenance(f"{gpu.name}, {offer.provider}: {offer.provenance.source}",
                                              offer.provenance.as_of, offer.provenance.verified, offer.provenance.note)

    def _candidate_gpus(self) -> tuple[Gpu, ...]:
        if self.scenario.gpu:
            gpu = self.catalog.gpu(self.scenario.gpu)
            note = Note("gpu_unpriced", (("gpu", gpu.name), ("override", f"gpu/{gpu.key}/hour")))
            if self._gpu_price(gpu) is None and note not in self.notes:
                self.notes.append(note)
            return (gpu,)
        return tuple(gpu for gpu in self.catalog.gpus if self._gpu_price(gpu) is not None)

    def _total(self, training: Callable[[float], float] | None, monthly: Callable[[float, float], float] | None,
               low: float, high: float) -> Money | None:
        if monthly is None:
            return None
        start = self.scenario.monthly_requests

        def at(factor: float) -> float:
            return horizon_total(training(factor) if training else 0.0, lambda v: monthly(v, factor), start,
                                 self.months, self.growth)

        return Money(at(1.0), at(low), at(high))

    def _route(self, *, option: str, key: str, title: Note, hosting: str, model: str, stats: TokenStats,
               training: Callable[[float], float] | None, training_detail: Note,
               monthly: Callable[[float, float], float] | None, monthly_detail: Note, door: Door | None = None,
               notes: tuple[Note, ...] = (), sources: tuple[Provenance, ...] = ()) -> _Costed:
        low, high = stats.low_factor, stats.high_factor
        volume = self.scenario.monthly_requests
        training_money = Money.from_factors(training, low, high) if training else None
        monthly_money = Money.from_factors(lambda f: monthly(volume, f), low, high) if monthly else None
        door = door or Door("open")
        status = door.status
        needs_training = option in ("lora", "full_finetune")
        if monthly is None or (needs_training and training is None):
            status = "closed" if door.closed else "unpriced"
        extra = tuple(notes)
        if door.usable_until and not door.closed:
            months_left = (door.usable_until - self.today).days / (365 / 12)
            if months_left < self.months:
                extra += (Note("usable_months", (("months", f"{max(0.0, months_left):.1f}"),
                                                 ("horizon", self.months))),)
        route = Route(
            option=option, key=key, label=title.text("en"), title=title, hosting=hosting, model=model,
            tokens_note=stats.note,
            training=training_money, training_detail=training_detail, monthly=monthly_money,
            monthly_detail=monthly_detail, horizon_total=self._total(training, monthly, low, high), status=status,
            availability=door.notes, usable_until=door.usable_until, notes=extra, sources=tuple(sources),
            monthly_series=tuple(monthly(month, 1.0) for month in volumes(volume, self.months, self.growth))
            if monthly else (),
        )
        return _Costed(route, training, monthly)

    # -- routes ---------------------------------------------------------------------------------

    def build(self) -> list[_Costed]:
        out: list[_Costed] = []
        hosted_allowed = not self.scenario.data_must_stay
        open_models: list[OpenModel] = []
        openai_models: list[str] = []
        for name in self.scenario.finetune_models:
            model = self.catalog.find_model(name)
            if model is not None:
                open_models.append(model)
            elif self.catalog.platform("openai").model_price(name) is not None:
                openai_models.append(name)
            else:
                self.notes.append(Note("model_unknown", (("model", name),)))
        if hosted_allowed:
            for name in self.scenario.prompt_models:
                out += self._api_routes(name)
            for name in openai_models:
                out.append(self._openai_finetune(name))
        else:
            self.notes.append(Note("data_stays"))
        for model in open_models:
            out += self._self_hosted_untrained(model)
            if hosted_allowed:
                out.append(self._together(model, "lora"))
                if self.catalog.platform("together").serverless_price(model.key, "lora") is not None:
                    out.append(self._together(model, "lora", dedicated=True))
                out.append(self._fireworks(model))
                out.append(self._together(model, "full"))
            out.append(self._self_hosted_trained(model, "lora", None))
            out.append(self._self_hosted_trained(model, "qlora", 4))
            out.append(self._self_hosted_trained(model, "full", None))
        order = {option: index for index, option in enumerate(OPTIONS)}
        return sorted(out, key=lambda item: order[item.route.option])

    def _api_routes(self, name: str) -> list[_Costed]:
        stats = self._stats(name)
        try:
            price = base_price(name)
        except PriceNotFound:
            self.notes.append(Note("price_not_found", (("model", name),)))
            return []
        price = price.with_overrides(**self._price_overrides("base", name))
        out = []
        for option in ("prompting", "in_context"):
            monthly = self._per_token_monthly(option, stats, price)
            shape = request_shape(option, stats, **self._shape_args())
            out.append(self._route(
                option=option, key=f"{option}/api/{name}",
                title=Note("route_api", (("model", name), ("what", self._what(option)),
                                         ("provider", PROVIDER_NAMES.get(price.provider, price.provider)))),
                hosting="api", model=name, stats=stats, training=None, training_detail=Note("nothing_to_train"),
                monthly=monthly, monthly_detail=self._per_token_detail(shape, price),
                sources=(price.provenance,),
            ))
        return out

    def _what(self, option: str) -> Note:
        """What an untrained route puts in the prompt: nothing, or the scenario's k examples."""
        return Note("what_zero_shot") if option == "prompting" else Note("what_in_context", (
            ("k", self.scenario.k_shots),))

    def _shape_args(self) -> dict[str, Any]:
        s = self.scenario
        return {"k": s.k_shots, "instruction_tokens": s.instruction_tokens,
                "finetuned_instruction_tokens": s.finetuned_instruction_tokens, "cache_hit_rate": s.cache_hit_rate,
                "min_cached_prefix": s.min_cached_prefix}

    def _per_token_monthly(self, option: str, stats: TokenStats, price: TokenPrice) -> Callable[[float, float], float]:
        shape = request_shape(option, stats, **self._shape_args())

        def monthly(volume: float, factor: float) -> float:
            scaled = shape.scaled(factor)
            return volume * price.request_usd(scaled.input_tokens, scaled.output_tokens, scaled.cached_tokens)

        return monthly

    @staticmethod
    def _per_token_detail(shape: Any, price: TokenPrice) -> Note:
        values = (("input", Figure(shape.input_tokens)), ("output", Figure(shape.output_tokens)),
                  ("price_in", Figure(price.input_usd_per_mtok, 4, "short")),
                  ("price_out", Figure(price.output_usd_per_mtok, 4, "short")))
        if price.cached_input_usd_per_mtok is not None and shape.cached_tokens:
            return Note("per_token_cached", (*values, ("cached", Figure(shape.cached_tokens)),
                                             ("price_cached", Figure(price.cached_input_usd_per_mtok, 4, "short"))))
        return Note("per_token", values)

    def _openai_finetune(self, name: str) -> _Costed:
        stats = self._stats(name)
        row = self.catalog.platform("openai").model_price(name)
        assert row is not None
        door = platform_door("openai", name, self.today)
        training, detail, sources = None, Note("nothing_to_train"), [row.provenance]
        try:
            cost = estimate_training_cost(stats, "openai", name, method="undisclosed", epochs=self.scenario.epochs,
                                          usd_per_mtok=self._override("openai", name, "training"), catalog=self.catalog)
            training = self._linear(cost.cost)
            values = _billed(cost)
            detail = (Note("billed_training_cut", (*values, ("cut", Figure(cost.truncated_examples)),
                                                   ("limit", Figure(cost.token_limit or 0))))
                      if cost.truncated_examples else Note("billed_training", values))
        except CostUnavailable as error:
            detail = error.reason
        price = TokenPrice(row.model, "openai", row.input_usd_per_mtok, row.output_usd_per_mtok,
                           row.cached_input_usd_per_mtok, row.provenance)
        price = price.with_overrides(**self._price_overrides("openai", name))
        monthly = self._per_token_monthly("full_finetune", stats, price)
        shape = request_shape("full_finetune", stats, **self._shape_args())
        return self._route(
            option="full_finetune", key=f"full_finetune/openai/{name}",
            title=Note("route_openai", (("model", name),)), hosting="hosted", model=name, stats=stats,
            training=training, training_detail=detail, monthly=monthly,
            monthly_detail=Note("fine_tuned_model", (("detail", self._per_token_detail(shape, price)),)), door=door,
            sources=tuple(sources),
        )

    @staticmethod
    def _linear(cost: Money) -> Callable[[float], float]:
        """A training cost as a function of the token factor, through its three known points."""
        def at(factor: float) -> float:
            if factor == 1.0 or cost.exact:
                return cost.usd
            return cost.low if factor < 1.0 else cost.high
        return at

    def _hosted_training(self, platform: str, model: OpenModel, method: str, stats: TokenStats
                         ) -> tuple[Callable[[float], float] | None, Note, list[Provenance]]:
        try:
            cost = estimate_training_cost(stats, platform, model.key, method=method, epochs=self.scenario.epochs,
                                          usd_per_mtok=self._override(platform, model.key, "training"),
                                          catalog=self.catalog)
        except CostUnavailable as error:
            return None, error.reason, []
        detail = Note("billed_training_bracket", (*_billed(cost), ("kind", cost.kind.upper()),
                                                  ("params", Figure(model.params_b, 1))))
        return self._linear(cost.cost), detail, [cost.provenance]

    def _together(self, model: OpenModel, method: str, dedicated: bool = False) -> _Costed:
        """Together's route for `model`: a LoRA adapter served serverless where the catalog has that (unverified)
        price, else (or with `dedicated`) on a dedicated endpoint, the route Together's current docs name."""
        stats = self._stats(model.key)
        platform = self.catalog.platform("together")
        training, detail, sources = self._hosted_training("together", model, method, stats)
        option = "lora" if method == "lora" else "full_finetune"
        serverless = platform.serverless_price(model.key, "lora") if method == "lora" and not dedicated else None
        notes: list[Note] = []
        if serverless is not None:
            price = TokenPrice(model.key, "together", serverless.input_usd_per_mtok or 0.0,
                               serverless.output_usd_per_mtok or 0.0, None, serverless.provenance)
            price = price.with_overrides(**self._price_overrides("together", model.key))
            monthly = self._per_token_monthly(option, stats, price)
            shape = request_shape(option, stats, **self._shape_args())
            monthly_detail = Note("serverless_adapter", (("detail", self._per_token_detail(shape, price)),))
            sources.append(serverless.provenance)
            if not serverless.provenance.verified:
                notes.append(Note("together_serverless_unverified"))
        else:
            monthly, monthly_detail, serving_sources = self._dedicated(model, stats, option)
            sources += serving_sources
        named = (("platform", "Together"), ("method", method_name(method)), ("model", model.name))
        key, title = f"{option}/together/{model.key}", Note("route_hosted", named)
        if dedicated:
            key, title = f"{key}/dedicated", Note("route_hosted_dedicated", named)
        return self._route(
            option=option, key=key, title=title,
            hosting="hosted", model=model.key, stats=stats, training=training, training_detail=detail,
            monthly=monthly, monthly_detail=monthly_detail, door=platform_door("together", model.key, self.today),
            notes=tuple(notes), sources=tuple(sources),
        )

    def _dedicated(self, model: OpenModel, stats: TokenStats, option: str
                   ) -> tuple[Callable[[float, float], float] | None, Note, list[Provenance]]:
        """The cheapest always-on Together dedicated endpoint for the starting volume."""
        best = None
        shape = request_shape(option, stats, **self._shape_args())
        for row in self.catalog.platform("together").dedicated_prices():
            gpu = self.catalog.gpu(row.gpu or "")
            serving = estimate_serving(model.shape, gpu, self.catalog)
            if serving.replica_gpus > MAX_NODE_GPUS or row.usd_per_hour is None:
                continue
            monthly = self._serving_monthly(shape, serving, row.usd_per_hour)
            cost = monthly(self.scenario.monthly_requests, 1.0)
            if best is None or cost < best[0]:
                best = (cost, monthly, serving, gpu, row)
        if best is None:
            return None, Note("no_dedicated_endpoint"), []
        _, monthly, serving, gpu, row = best
        detail = Note("dedicated_endpoint", (("gpus", serving.replica_gpus), ("gpu", gpu.name),
                                             ("price", Figure(row.usd_per_hour, 4, "short")), ("basis", serving.basis)))
        self._serving_assumptions()
        return monthly, detail, [row.provenance]

    def _serving_monthly(self, shape: Any, serving: Any, usd_per_hour: float) -> Callable[[float, float], float]:
        efficiency = self.scenario.serving_efficiency
        seconds = serving.gpu_seconds(shape.input_tokens, shape.output_tokens)  # linear in the token factor

        def monthly(volume: float, factor: float) -> float:
            return billed_gpu_hours(seconds * factor, volume, serving.replica_gpus, efficiency) * usd_per_hour

        return monthly

    def _serving_assumptions(self) -> None:
        reference = self.catalog.serving_measurement("reference")
        self._assume("serving_throughput", Note("value_serving_throughput", (
            ("model", reference.model), ("tps", Figure(reference.output_tokens_per_s or 0.0)),
            ("gpu", self.catalog.gpu(reference.gpu).name),
            ("setting", reference.setting))), reference.provenance)
        self._assume("serving_weights_share", Note("value_serving_weights_share", (
            ("share", Figure(self.catalog.serving_weights_share.value, 0, "percent")),)),
            self.catalog.serving_weights_share.provenance)
        self._assume("serving_efficiency", Note("value_serving_efficiency", (
            ("share", Figure(self.scenario.serving_efficiency, 0, "percent")),)),
            Provenance.ours(Note("source_default_serving"), self.today, False))

    def _fireworks(self, model: OpenModel) -> _Costed:
        stats = self._stats(model.key)
        training, detail, sources = self._hosted_training("fireworks", model, "lora", stats)
        return self._route(
            option="lora", key=f"lora/fireworks/{model.key}",
            title=Note("route_hosted", (("platform", "Fireworks"), ("method", method_name("lora")),
                                        ("model", model.name))),
            hosting="hosted", model=model.key, stats=stats, training=training, training_detail=detail,
            monthly=None, monthly_detail=Note("fireworks_serving"),
            door=platform_door("fireworks", model.key, self.today), sources=tuple(sources),
        )

    def _cheapest_serving(self, model: OpenModel, stats: TokenStats, option: str
                          ) -> tuple[Callable[[float, float], float] | None, Note, list[Provenance]]:
        shape = request_shape(option, stats, **self._shape_args())
        best = None
        for gpu in self._candidate_gpus():
            priced = self._gpu_price(gpu)
            if priced is None:
                continue
            serving = estimate_serving(model.shape, gpu, self.catalog)
            if serving.replica_gpus > MAX_NODE_GPUS:
                continue
            monthly = self._serving_monthly(shape, serving, priced[0])
            cost = monthly(self.scenario.monthly_requests, 1.0)
            if best is None or cost < best[0]:
                best = (cost, monthly, serving, gpu, priced)
        if best is None:
            return None, Note("no_gpu_serves"), []
        _, monthly, serving, gpu, (usd, provenance) = best
        self._serving_assumptions()
        hours = monthly(self.scenario.monthly_requests, 1.0) / usd
        detail = Note("self_serving", (("gpus", serving.replica_gpus), ("gpu", gpu.name),
                                       ("price", Figure(usd, 4, "short")), ("hours", Figure(hours)),
                                       ("basis", serving.basis)))
        return monthly, detail, [provenance]

    def _self_hosted_untrained(self, model: OpenModel) -> list[_Costed]:
        stats = self._stats(model.key)
        out = []
        for option in ("prompting", "in_context"):
            monthly, detail, sources = self._cheapest_serving(model, stats, option)
            out.append(self._route(
                option=option, key=f"{option}/self_hosted/{model.key}",
                title=Note("route_self_hosted", (("model", model.name), ("what", self._what(option)))),
                hosting="self_hosted", model=model.key, stats=stats, training=None,
                training_detail=Note("nothing_to_train"),
                monthly=monthly, monthly_detail=detail, sources=(model.provenance, *sources),
            ))
        return out

    def _self_hosted_trained(self, model: OpenModel, method: str, bits: int | None) -> _Costed:
        stats = self._stats(model.key)
        option = "full_finetune" if method == "full" else "lora"
        training, detail, sources = self._self_hosted_training(model, method, bits, stats)
        monthly, monthly_detail, serving_sources = self._cheapest_serving(model, stats, option)
        return self._route(
            option=option, key=f"{option}/self_hosted/{method}/{model.key}",
            title=Note("route_self_hosted_trained", (("method", method_name(method, bits)), ("model", model.name))),
            hosting="self_hosted", model=model.key, stats=stats,
            training=training, training_detail=detail, monthly=monthly, monthly_detail=monthly_detail,
            notes=(Note("licence", (("licence", model.licence),)),),
            sources=(model.provenance, *sources, *serving_sources),
        )

    def _self_hosted_training(self, model: OpenModel, method: str, bits: int | None, stats: TokenStats
                              ) -> tuple[Callable[[float], float] | None, Note, list[Provenance]]:
        """The cheapest run among the candidate GPUs that hold the job on one node."""
        best = None
        for gpu in self._candidate_gpus():
            priced = self._gpu_price(gpu)
            if priced is None:
                continue
            try:
                run = estimate_self_hosted_training(
                    model.shape, method, gpu, bits=bits, tokens=stats, epochs=self.scenario.epochs,
                    context_length=model.context_length, usd_per_hour=priced[0], catalog=self.catalog,
                )
            except EstimateError:
                continue
            needed = run.memory.gpus_needed
            if needed is None or needed > MAX_NODE_GPUS or run.cost is None:
                continue
            if best is None or run.cost.usd < best[0].cost.usd:
                best = (run, gpu, priced)
        if best is None:
            longest = min(model.context_length, stats.max_total)
            return None, Note("no_gpu_trains", (("method", method), ("model", model.name), ("tokens", Figure(longest)),
                                                ("most", MAX_NODE_GPUS))), []
        run, gpu, (usd, provenance) = best
        assert run.time is not None and run.cost is not None
        for name, value, source in run.assumptions:
            if name in ("mfu", "qlora_speed", "overhead"):
                self._assume(f"{name}/{gpu.key}" if name == "mfu" else name, value, source)
        detail = Note("self_training", (
            ("tokens", Figure(run.time.tokens)), ("epochs", run.epochs), ("gpus", run.time.gpus), ("gpu", gpu.name),
            ("gb", Figure(run.memory.per_gpu_gb, 1)), ("seq", Figure(run.memory.seq_len)),
            ("time", format_hours(run.time.hours)), ("price", Figure(usd, 4, "short"))))
        usd_cost = run.cost.usd

        def at(factor: float) -> float:
            return usd_cost * factor

        return at, detail, [provenance, gpu.spec]


def format_hours(hours: float) -> Note:
    """'2.5 h', '14 min' or '< 1 min', in the reader's language."""
    if hours >= 1:
        return Note("hours", (("hours", Figure(hours, 1)),))
    minutes = hours * 60
    return Note("minutes", (("minutes", Figure(minutes)),)) if minutes >= 1 else Note("under_a_minute")


def method_name(method: str, bits: int | None = None) -> Note:
    """A training method's name (lora, qlora, full): LoRA, QLoRA 4-bit, full fine-tuning."""
    return Note("method_qlora", (("bits", bits),)) if method == "qlora" else Note(
        "method_full" if method == "full" else "method_lora")


def _billed(cost: Any) -> tuple[tuple[str, Any], ...]:
    """The values every billed-training detail says: tokens, epochs and where they came from, the rate."""
    return (("tokens", Figure(cost.billed_tokens)), ("epochs", cost.epochs),
            ("epochs_source", epochs_source_note(cost.epochs_source)),
            ("price", Figure(cost.usd_per_mtok, 4, "short")))


def _break_evens(costed: list[_Costed], builder: _Builder) -> tuple[BreakEven, ...]:
    scenario = builder.scenario
    if scenario.data_must_stay:
        first_open = next((builder.catalog.find_model(name) for name in scenario.finetune_models
                           if builder.catalog.find_model(name) is not None), None)
        wanted = ({f"prompting/self_hosted/{first_open.key}", f"in_context/self_hosted/{first_open.key}"}
                  if first_open else set())
    else:
        wanted = {f"{option}/api/{name}" for name in scenario.prompt_models for option in ("prompting", "in_context")}
    baselines = [item for item in costed if item.route.key in wanted and item.monthly is not None]
    out = []
    for item in costed:
        route = item.route
        if route.option not in ("lora", "full_finetune") or item.training is None or item.monthly is None:
            continue
        if route.status == "closed":
            continue
        for base in baselines:
            mine, theirs = item.monthly, base.monthly
            assert theirs is not None
            out.append(find_break_even(
                route.label, item.training(1.0), lambda volume, f=mine: f(volume, 1.0),
                base.route.label, 0.0, lambda volume, f=theirs: f(volume, 1.0),
                horizon_months=builder.months, monthly_growth=builder.growth,
            ))
    return tuple(out)


# --- rendering as data -------------------------------------------------------------------------


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The JSON `advisor costs --json` prints (keys are stable)."""
    currency = comparison.currency

    def route_dict(route: Route) -> dict[str, Any]:
        return {
            "key": route.key,
            "label": route.label,
            "title": route.title.to_dict() if route.title else None,
            "hosting": route.hosting,
            "model": route.model,
            "status": route.status,
            "training": money_to_dict(route.training, currency),
            "training_detail": route.training_detail.to_dict(),
            "monthly": money_to_dict(route.monthly, currency),
            "monthly_detail": route.monthly_detail.to_dict(),
            "horizon_total": money_to_dict(route.horizon_total, currency),
            "availability": [note.to_dict() for note in route.availability],
            "usable_until": route.usable_until.isoformat() if route.usable_until else None,
            "tokens": route.tokens_note.to_dict(),
            "notes": [note.to_dict() for note in route.notes],
            "sources": [source.to_dict() for source in route.sources],
        }

    scenario = comparison.scenario
    return {
        "today": comparison.today.isoformat(),
        "scenario": scenario.to_dict(),
        "currency": {"code": currency.code, "per_usd": currency.per_usd, **currency.provenance.to_dict()},
        "monthly_volumes": [round(volume, 3) for volume in volumes(scenario.monthly_requests, scenario.horizon_months,
                                                                   scenario.monthly_growth)],
        "options": {option: [route_dict(route) for route in comparison.by_option(option)] for option in OPTIONS},
        "break_even": [
            {"route": item.option, "versus": item.versus, "monthly_requests": item.monthly_requests,
             "status": item.status, "horizon_months": item.horizon_months, "monthly_growth": item.monthly_growth}
            for item in comparison.break_even
        ],
        "closed": [
            {"platform": door.platform, "what": door.what.to_dict(), "since": door.since.isoformat(),
             "source": door.source,
             "verified": door.verified}
            for door in comparison.closed
        ],
        "tokens": [{"encoding": name, "note": note.to_dict()} for name, note in comparison.tokens],
        "assumptions": [assumption_to_dict(*item) for item in comparison.assumptions],
        "notes": [note.to_dict() for note in comparison.notes],
    }


__all__ = [
    "ClosedDoor", "Comparison", "Door", "Route", "TokenBook", "closed_doors", "compare_options", "comparison_to_dict",
    "format_hours", "measure_tokens", "method_name", "platform_door",
]
