"""Per-token prices of base (not fine-tuned) models, from the `genai-prices` package's bundled data.

Offline: `genai_prices.calc_price` reads the snapshot shipped inside the wheel
(`genai_prices.data`); it fetches remote prices only when a `genai_prices.UpdatePrices` updater is
started, which this project never does (tests/test_costs.py runs a lookup with sockets blocked).
The import takes about a second (the snapshot is one large Python module), so it happens inside
the functions, never at import time of anything `advisor --help` loads.

The per-million rates are read through `calc_price` for a request of 1,000 tokens (cached prompt
tokens counted inside `input_tokens`, as genai-prices expects), so they are the rates an ordinary
request pays; the higher tiers some providers charge for very long prompts (above 200k tokens) are
not modelled. `TokenPrice.request_usd` prices a request from those rates, which scenario overrides
can replace.

Provenance: genai-prices keeps no date per price. `as_of` is the latest "checked YYYY-MM-DD" date
its bundled price comments mention, and the source names the package version and the provider's
pricing page.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from datetime import date

from advisor.i18n.messages import Note
from advisor.pricing.catalog import Provenance

MTOK = 1_000_000
_CHECKED = re.compile(r"checked (\d{4})-(\d{2})-(\d{2})", re.IGNORECASE)


class PriceNotFound(LookupError):
    """genai-prices has no price for this model (or provider)."""


@dataclass(frozen=True, slots=True)
class TokenPrice:
    model: str
    provider: str
    input_usd_per_mtok: float
    output_usd_per_mtok: float
    cached_input_usd_per_mtok: float | None  # None: the provider offers no prompt-cache discount
    provenance: Provenance
    overridden: bool = False  # True once a user's price replaced a genai-prices one

    def request_usd(self, input_tokens: float, output_tokens: float, cached_tokens: float = 0.0) -> float:
        """USD of one request; `cached_tokens` is the part of `input_tokens` read from the prompt cache."""
        cached = min(cached_tokens, input_tokens) if self.cached_input_usd_per_mtok is not None else 0.0
        cached_rate = self.cached_input_usd_per_mtok or 0.0
        return (
            (input_tokens - cached) * self.input_usd_per_mtok
            + cached * cached_rate
            + output_tokens * self.output_usd_per_mtok
        ) / MTOK

    def with_overrides(self, **usd_per_mtok: float) -> TokenPrice:
        """The same price with some rates replaced (keys: input, cached_input, output)."""
        if not usd_per_mtok:
            return self
        fields = {f"{key}_usd_per_mtok": float(value) for key, value in usd_per_mtok.items()}
        said = Note("source_price_overridden", (("source", self.provenance.source),
                                                ("rates", ", ".join(sorted(usd_per_mtok)))))
        provenance = replace(Provenance.ours(said, self.provenance.as_of, verified=False), note=self.provenance.note)
        return replace(self, **fields, overridden=True, provenance=provenance)


def base_price(model: str, provider: str | None = None) -> TokenPrice:
    """A base model's per-token prices today, from genai-prices' bundled snapshot. Raises PriceNotFound.

    Rates are the ones a request of 1,000 tokens pays (see the module docstring).
    """
    from genai_prices import Usage, calc_price

    try:
        per_k_input = calc_price(Usage(input_tokens=1000), model, provider_id=provider)
        per_k_output = calc_price(Usage(output_tokens=1000), model, provider_id=provider)
        per_k_cached = calc_price(Usage(input_tokens=1000, cache_read_tokens=1000), model, provider_id=provider)
    except (LookupError, ValueError) as error:
        where = f" at provider {provider!r}" if provider else ""
        raise PriceNotFound(f"genai-prices has no price for {model!r}{where} ({error})") from error
    input_rate = round(float(per_k_input.total_price) * 1000, 9)
    cached_rate = round(float(per_k_cached.total_price) * 1000, 9)
    cache_offered = "cache_read_mtok" in _price_fields(per_k_input.model_price) and cached_rate < input_rate
    provider_obj = per_k_input.provider
    urls = getattr(provider_obj, "pricing_urls", None) or []
    page = f", {urls[0]}" if urls else ""  # the provider's pricing page
    return TokenPrice(
        model=per_k_input.model.id,
        provider=provider_obj.id,
        input_usd_per_mtok=input_rate,
        output_usd_per_mtok=round(float(per_k_output.total_price) * 1000, 9),
        cached_input_usd_per_mtok=cached_rate if cache_offered else None,
        provenance=Provenance(
            f"genai-prices {_version()}, {provider_obj.name}{page}",
            snapshot_date(),
            verified=True,
            note=Note("source_genai_prices_date"),
        ),
    )


def _price_fields(model_price: object) -> set[str]:
    return {key for key, value in vars(model_price).items() if value is not None and not key.startswith("_")}


@functools.cache
def _version() -> str:
    from importlib.metadata import version

    return version("genai-prices")


@functools.cache
def snapshot_date() -> date:
    """The latest 'checked YYYY-MM-DD' date in genai-prices' bundled price comments."""
    from genai_prices import data_snapshot

    latest = date(2000, 1, 1)
    for provider in data_snapshot.get_snapshot().providers:
        for model in provider.models:
            for match in _CHECKED.finditer(getattr(model, "price_comments", None) or ""):
                try:
                    latest = max(latest, date(*(int(part) for part in match.groups())))
                except ValueError:
                    continue
    return latest


__all__ = ["MTOK", "PriceNotFound", "TokenPrice", "base_price", "snapshot_date"]
