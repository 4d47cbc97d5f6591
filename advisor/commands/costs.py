"""`advisor costs FILE`: prompting, in-context learning, LoRA and full fine-tuning side by side — training once,
inference per month, hosted and self-hosted, and where the fine-tuned routes break even."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from advisor.commands.common import add_dataset_arguments, add_scenario_arguments

HELP = "the four options side by side: training once, inference per month, break-even volumes"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_dataset_arguments(parser)
    add_scenario_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def fail(message: str) -> int:
    print(f"advisor: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from advisor.commands.common import load_examples, scenario_from_args
    from advisor.pricing.catalog import CatalogError
    from advisor.pricing.comparison import compare_options, comparison_to_dict, measure_tokens
    from advisor.pricing.freshness import freshness_of, freshness_text, freshness_to_dict, routes_compared
    from advisor.pricing.scenario import ScenarioError

    try:
        scenario = scenario_from_args(args)
    except ScenarioError as error:
        return fail(error.message(args.lang))
    dataset = load_examples(args, "measure")
    if dataset is None:
        return 2
    try:
        comparison = compare_options(measure_tokens(dataset), scenario)
    except (CatalogError, ScenarioError) as error:
        return fail(str(error))
    # The figures that decide the table: the cheapest route of each option, and the exchange rate.
    freshness = freshness_of(routes_compared(comparison), comparison)
    if args.json:
        print(json.dumps({**comparison_to_dict(comparison), "freshness": freshness_to_dict(freshness, args.lang)},
                         ensure_ascii=False))
    else:
        print(summary_text(comparison, args.file, args.lang) + "\n\n" + freshness_text(freshness, args.lang))
    return 0


def summary_text(comparison: Any, source: str, lang: str = "en") -> str:
    from advisor.i18n import decimal, number, percent, term, text
    from advisor.i18n.messages import assumption_name, localize_numbers
    from advisor.pricing.costs import OPTIONS, format_money

    def say(key: str, **values: Any) -> str:
        return text("costs_command", key, lang, **values)

    def money(amount: Any) -> str:
        return localize_numbers(format_money(amount, currency), lang)

    def flag(status: str) -> str:
        return "" if status == "open" else f" [{term('status', status, lang)}]"

    scenario, currency = comparison.scenario, comparison.currency
    months = number(scenario.horizon_months, lang)
    growth = say("growth", rate=percent(scenario.monthly_growth, lang, 1)) if scenario.monthly_growth else ""
    lines = [
        say("title", source=source, requests=number(scenario.monthly_requests, lang), growth=growth, months=months),
        say("money", code=currency.code, rate=decimal(currency.per_usd, lang),
            source=currency.provenance.describe(lang)),
    ]
    lines += [say("tokens", encoding=encoding, note=note.text(lang)) for encoding, note in comparison.tokens]
    if scenario.data_must_stay:
        lines.append(say("privacy"))
    for option in OPTIONS:
        routes = comparison.by_option(option)
        lines += ["", say(f"option_{option}", k=number(scenario.k_shots, lang))]
        if not routes:
            lines.append(f"  {say('no_route')}")
        for route in routes:
            lines.append(f"  • {route.name(lang)}{flag(route.status)}")
            training = route.training_detail.text(lang)
            if route.training is not None:
                lines.append(f"      {say('train_once', amount=money(route.training), detail=training)}")
            elif option in ("lora", "full_finetune"):
                lines.append(f"      {say('train_once', amount=say('not_priced'), detail=training)}")
            monthly = route.monthly_detail.text(lang)
            if route.monthly is not None:
                lines.append(f"      {say('first_month', amount=money(route.monthly), detail=monthly)}")
            else:
                lines.append(f"      {say('per_month', amount=say('not_priced'), detail=monthly)}")
            if route.horizon_total is not None:
                lines.append(f"      {say('in_all', months=months, amount=money(route.horizon_total))}")
            if route.sources:
                sources = "; ".join(source.describe(lang) for source in route.sources)
                lines.append(f"      {say('sources', sources=sources)}")
            lines += [f"      ! {note.text(lang)}" for note in (*route.availability, *route.notes)]
    lines += ["", say("break_even", months=months)]
    if not comparison.break_even:
        lines.append(f"  {say('nothing_to_compare')}")
    by_label = {route.label: route for route in comparison.routes}
    for item in comparison.break_even:
        tuned, versus = by_label.get(item.option), by_label.get(item.versus)
        if item.status == "crosses":
            verdict = say("from_volume", volume=number(item.monthly_requests, lang))
        else:
            verdict = say("any_volume" if item.status == "always_cheaper" else "never")
        lines.append("  • " + say("beats", route=tuned.name(lang) if tuned else item.option,
                                  caveat=flag(tuned.status) if tuned else "",
                                  versus=versus.name(lang) if versus else item.versus, verdict=verdict))
    if comparison.closed:
        lines += ["", say("closed_doors")]
        for door in comparison.closed:
            lines.append("  • " + say("door", platform=door.platform, what=door.what.text(lang),
                                      since=door.since.isoformat(), source=door.source,
                                      flag="" if door.verified else say("unverified")))
    lines += ["", say("assumptions")]
    lines += [f"  - {assumption_name(name, lang)}: {value.text(lang)} — {source.describe(lang)}"
              for name, value, source in comparison.assumptions]
    lines += [say("note", note=note.text(lang)) for note in comparison.notes]
    return "\n".join(lines)
