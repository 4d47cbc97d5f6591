"""Which dated figures behind an answer are too old to trust unchecked, and where to update each one.

`deciding_rows` gathers the rows an answer rests on — every price source of the routes that decide it
(the recommended route and the runner-up; for a cost table, the cheapest route of each option), the
platforms' availability rows for those routes, and the exchange rate when money is shown in another
currency — each with the file and table that holds it. `check_freshness(rows, today)` keeps the ones
dated more than `STALE_AFTER_MONTHS` before `today`; `today` is always passed in, so tests fix it.

Figures the user typed (a price override, an exchange rate) are dated the day they were given and are
never stale. genai-prices keeps no date per price: its rows carry the snapshot's latest check date
(advisor/pricing/inference_prices.py), so the package is what to upgrade.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from advisor.i18n import section
from advisor.i18n.messages import Note, note_from_dict, note_text
from advisor.pricing.catalog import DATA_DIR, Catalog, Currency, Provenance

# Project judgement (issue #13 asks for 6 months): hosted fine-tuning offers changed within months in 2026
# (data/platforms.toml records OpenAI closing fine-tuning to new users on 2026-05-07, with jobs reported to end
# on 2027-01-06), and the exchange rate is one day's close; a figure older than this must be checked before it
# decides.
STALE_AFTER_MONTHS = 6

# What a row is: a price, an exchange rate, or whether a platform still takes the job.
KINDS = ("price", "exchange_rate", "availability")
# How a row is updated: a catalog file the user edits; the genai-prices package; the exchange rate (its file,
# the app's sidebar field or a scenario); data/platforms.toml.
PLACES = ("catalog", "package", "currency", "platforms")

MESSAGES = section("freshness")


@dataclass(frozen=True, slots=True)
class Place:
    """Where a row lives and how it is updated (one of PLACES)."""

    how: str
    file: str = ""  # shown as data/<name>.toml for the bundled files, else the path given
    table: str = ""  # the TOML table holding the row and its keys, e.g. [[platforms.together.serving]] model = "…"
    in_app_table: bool = False  # the app's editable price table (step 4) holds this figure


@dataclass(frozen=True, slots=True)
class DatedRow:
    kind: str  # one of KINDS
    subjects: tuple[Note | str, ...]  # the routes' titles (or the currency code) the row decides
    provenance: Provenance
    place: Place


@dataclass(frozen=True, slots=True)
class Freshness:
    today: date
    cutoff: date  # rows dated before this are stale
    checked: int  # dated rows looked at
    stale: tuple[DatedRow, ...] = field(default=())


# --- the pure rule ----------------------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier, or that month's last day (Aug 31 → Feb 28)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def months_old(as_of: date, today: date) -> int:
    """Whole calendar months from `as_of` to `today`."""
    months = (today.year - as_of.year) * 12 + today.month - as_of.month
    return months - (1 if today.day < as_of.day else 0)


def check_freshness(rows: Iterable[DatedRow], today: date) -> Freshness:
    """The rows dated before `today` minus STALE_AFTER_MONTHS calendar months, oldest first; a row dated
    exactly that long ago is still fresh."""
    rows = tuple(rows)
    cutoff = months_before(today, STALE_AFTER_MONTHS)
    stale = sorted((row for row in rows if row.provenance.as_of < cutoff), key=lambda row: row.provenance.as_of)
    return Freshness(today, cutoff, len(rows), tuple(stale))


# --- the rows an answer rests on ---------------------------------------------------------------------------


def deciding_rows(routes: Iterable[Any], currency: Currency | None, catalog: Catalog,
                  platform_rules: Any = None) -> tuple[DatedRow, ...]:
    """The dated rows behind `routes` (advisor.pricing.comparison.Route; None skipped) and, unless money is in US$
    only, `currency`'s exchange rate. `platform_rules` (advisor.profiling.validate.PlatformRules) adds the availability
    rows of the platforms those routes train on."""
    places = _catalog_places(catalog)
    found: dict[tuple[str, Provenance], tuple[list[Any], Place]] = {}

    def add(kind: str, subject: Any, provenance: Provenance, place: Place) -> None:  # a route's title, a currency
        subjects, _ = found.setdefault((kind, provenance), ([], place))
        if subject not in subjects:
            subjects.append(subject)

    for route in routes:
        if route is None:
            continue
        for provenance in route.sources:
            place = _place_of(provenance, places)
            if place is not None:
                add("price", route.title or route.label, provenance, place)
        for row, place in _availability_rows(route, platform_rules):
            add("availability", route.title or route.label, row, place)
    if currency is not None and currency.code != "USD":
        add("exchange_rate", currency.code, currency.provenance,
            Place("currency", _shown(dict(catalog.paths).get("currency", str(DATA_DIR / "currency.toml"))),
                  f"[currencies.{currency.code}]"))
    return tuple(DatedRow(kind, tuple(subjects), provenance, place)
                 for (kind, provenance), (subjects, place) in found.items())


def _shown(path: str) -> str:
    """data/<name> for a bundled file; a user's own copy by its path."""
    resolved = Path(path)
    return f"data/{resolved.name}" if resolved.parent == DATA_DIR else path


def _catalog_places(catalog: Catalog) -> dict[Provenance, Place]:
    """Every catalog price row's provenance with the file and table that hold it. Hardware specs, model
    shapes and measured throughputs are not prices that move: they are left out."""
    files = {name: _shown(path) for name, path in catalog.paths}
    prices, gpus = (files.get(name, f"data/{name}.toml") for name in ("finetune_prices", "gpus"))
    out: dict[Provenance, Place] = {}
    for platform in catalog.platforms:
        for row in platform.models:
            out.setdefault(row.provenance, Place("catalog", prices, f"[[platforms.{platform.key}.models]] model = "
                                                 f"\"{row.model}\"", platform.key == "openai"))
        for bracket in platform.training:
            out.setdefault(bracket.provenance, Place("catalog", prices, f"[[platforms.{platform.key}.training]]"))
        for serving in platform.serving:
            what = f'model = "{serving.model}"' if serving.model else f'gpu = "{serving.gpu}"'
            out.setdefault(serving.provenance, Place("catalog", prices,
                                                     f"[[platforms.{platform.key}.serving]] {what}"))
    for gpu in catalog.gpus:
        for index, offer in enumerate(gpu.offers):
            place = Place("catalog", gpus, f"[[gpus.{gpu.key}.offers]] ({offer.provider})", index == 0)
            out.setdefault(offer.provenance, place)
            # Offers of several GPUs share one pricing page: a route names the GPU and provider before it
            # (advisor/pricing/comparison.py, _Builder._gpu_price), which tells them apart.
            named = f"{gpu.name}, {offer.provider}: {offer.provenance.source}"
            out.setdefault(replace(offer.provenance, source=named), place)
    return out


def _place_of(provenance: Provenance, places: Mapping[Provenance, Place]) -> Place | None:
    """The catalog price row behind a route's source; None for what is not a price row (a model card, a
    datasheet) or was given by the scenario or the user (dated the day it was given)."""
    if provenance.source.startswith("genai-prices"):
        return Place("package", "genai-prices", "", True)
    return places.get(provenance)


def _availability_rows(route: Any, platform_rules: Any) -> list[tuple[Provenance, Place]]:
    """The platform row and the availability rows that apply to a route trained on a hosted platform
    (route keys read option/platform/model)."""
    parts = route.key.split("/")
    if platform_rules is None or len(parts) < 3 or parts[1] not in platform_rules.keys:
        return []
    platform = platform_rules.get(parts[1])
    file = _shown(platform_rules.path)
    out = [(Provenance(platform.source, platform.as_of), Place("platforms", file, f"[platforms.{platform.key}]"))]
    model = parts[-1].lower().removeprefix("ft:")
    for row in platform.availability:
        if row.model is None or model.startswith(row.model):
            what = f'event = "{row.event}"' + (f', model = "{row.model}"' if row.model else "")
            out.append((Provenance(row.source, row.as_of, row.verified),
                        Place("platforms", file, f"[[platforms.{platform.key}.availability]] {what}")))
    return out


# --- what people read ------------------------------------------------------------------------------------


def message(code: str, lang: str, **values: Any) -> str:
    entry = MESSAGES[code]
    return (entry.get(lang) or entry["en"]).format(**values)


def header(freshness: Freshness, lang: str = "en") -> str:
    """The one-sentence warning (or, with nothing stale, the all-clear)."""
    if not freshness.stale:
        return message("all_fresh", lang, count=freshness.checked, months=STALE_AFTER_MONTHS,
                       today=freshness.today.isoformat())
    code = "stale_header_one" if len(freshness.stale) == 1 else "stale_header"
    return message(code, lang, count=len(freshness.stale), months=STALE_AFTER_MONTHS,
                   cutoff=freshness.cutoff.isoformat())


def how_to_update(place: Place, lang: str = "en") -> str:
    code = "how_catalog_app" if place.how == "catalog" and place.in_app_table else f"how_{place.how}"
    return message(code, lang, file=place.file, table=place.table)


def row_lines(freshness: Freshness, lang: str = "en") -> tuple[str, ...]:
    """One sentence per stale row: what, for which route, its source and date, and how to update it."""
    return tuple(
        message("row", lang, kind=message(f"kind_{row.kind}", lang),
                subject=", ".join(note_text(subject, lang) for subject in row.subjects),
                source=row.provenance.source, as_of=row.provenance.as_of.isoformat(),
                age=months_old(row.provenance.as_of, freshness.today), how=how_to_update(row.place, lang))
        for row in freshness.stale
    )


def freshness_text(freshness: Freshness, lang: str = "en") -> str:
    """The warning as the command line prints it: the sentence, then one `!` line per stale row."""
    return "\n".join((header(freshness, lang), *(f"  ! {line}" for line in row_lines(freshness, lang))))


def freshness_to_dict(freshness: Freshness, lang: str = "en") -> dict[str, Any]:
    """The `freshness` object of the JSON outputs (keys are stable); `text` fields are in `lang`."""
    return {
        "today": freshness.today.isoformat(),
        "stale_after_months": STALE_AFTER_MONTHS,
        "cutoff": freshness.cutoff.isoformat(),
        "checked": freshness.checked,
        "warning": header(freshness, lang) if freshness.stale else None,
        "stale": [
            {"kind": row.kind, **row.provenance.to_dict(),
             "subjects": [subject.to_dict() if isinstance(subject, Note) else subject for subject in row.subjects],
             "months_old": months_old(row.provenance.as_of, freshness.today), "update": row.place.how,
             "file": row.place.file, "table": row.place.table, "in_app_table": row.place.in_app_table, "text": text}
            for row, text in zip(freshness.stale, row_lines(freshness, lang))
        ],
    }


def freshness_from_dict(data: Mapping[str, Any]) -> Freshness:
    """The object `freshness_to_dict` wrote, back (the report renders a saved analysis in either language)."""
    stale = tuple(
        DatedRow(item["kind"], tuple(note_from_dict(subject) if isinstance(subject, Mapping) else subject
                                     for subject in item.get("subjects", ())),
                 Provenance(item["source"], date.fromisoformat(item["as_of"]), bool(item.get("verified", True)),
                            item.get("note", "")),
                 Place(item["update"], item.get("file", ""), item.get("table", ""), bool(item.get("in_app_table"))))
        for item in data.get("stale", ())
    )
    return Freshness(date.fromisoformat(data["today"]), date.fromisoformat(data["cutoff"]), int(data.get("checked", 0)),
                     stale)


def routes_deciding(recommendation: Any) -> tuple[Any, ...]:
    """The routes that decide a recommendation: the recommended option's and the runner-up's."""
    return tuple(item.route for item in recommendation.ranking[:2])


def routes_compared(comparison: Any) -> tuple[Any, ...]:
    """The routes a cost comparison answers with: the cheapest open, priced route of each option."""
    from advisor.pricing.costs import OPTIONS

    return tuple(comparison.cheapest(option) for option in OPTIONS)


def freshness_of(routes: Iterable[Any], comparison: Any, catalog: Catalog | None = None,
                 platform_rules: Any = None) -> Freshness:
    """The staleness check for `routes` of `comparison`, on the comparison's day, with the bundled catalog and
    platform rules unless others are given."""
    from advisor.pricing.catalog import load_catalog
    from advisor.profiling.validate import load_platform_rules

    currency = comparison.currency
    rows = deciding_rows(routes, None if currency.code == "USD" else currency, catalog or load_catalog(),
                         platform_rules if platform_rules is not None else load_platform_rules())
    return check_freshness(rows, comparison.today)


__all__ = [
    "DatedRow", "Freshness", "KINDS", "MESSAGES", "PLACES", "Place", "STALE_AFTER_MONTHS", "check_freshness",
    "deciding_rows", "freshness_from_dict", "freshness_of", "freshness_text", "freshness_to_dict", "header",
    "how_to_update",
    "months_before", "months_old", "routes_compared", "routes_deciding", "row_lines",
]
