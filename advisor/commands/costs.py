"""`advisor costs FILE`: prompting, in-context learning, LoRA and full fine-tuning side by side — training once,
inference per month, hosted and self-hosted, and where the fine-tuned routes break even."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from advisor.commands.common import add_dataset_arguments, add_scenario_arguments

HELP = "the four options side by side: training once, inference per month, break-even volumes"
OPTION_TITLES = {
    "prompting": "PROMPTING (zero-shot)",
    "in_context": "IN-CONTEXT LEARNING (k examples in every prompt)",
    "lora": "LORA / QLORA",
    "full_finetune": "FULL FINE-TUNING",
}
STATUS_TEXT = {
    "open": "",
    "closing": " [closing]",
    "closed_to_new_users": " [closed to new users]",
    "closed": " [CLOSED]",
    "unpriced": " [not fully priced]",
}


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
        print(summary_text(comparison, args.file) + "\n\n" + freshness_text(freshness, args.lang))
    return 0


def summary_text(comparison: Any, source: str) -> str:
    from advisor.pricing.costs import OPTIONS, format_money

    scenario, currency = comparison.scenario, comparison.currency
    growth = f", growing {scenario.monthly_growth:+.1%} a month" if scenario.monthly_growth else ""
    lines = [
        f"Costs for {source}: {scenario.monthly_requests:,} requests a month{growth}; training amortised over "
        f"{scenario.horizon_months} months",
        f"Money in US$ and {currency.code} at {currency.per_usd:g} per US$ ({currency.provenance.describe()})",
    ]
    for encoding, note in comparison.tokens:
        lines.append(f"Tokens ({encoding}): {note.text()}")
    if scenario.data_must_stay:
        lines.append("Privacy: data must stay on your machines — only self-hosted routes are shown")
    for option in OPTIONS:
        routes = comparison.by_option(option)
        title = OPTION_TITLES[option].replace("k examples", f"{scenario.k_shots} examples")
        lines += ["", title]
        if not routes:
            lines.append("  (no route for this option in this scenario)")
        for route in routes:
            lines.append(f"  • {route.label}{STATUS_TEXT.get(route.status, '')}")
            if route.training is not None:
                training = format_money(route.training, currency)
                lines.append(f"      train once: {training} — {route.training_detail.text()}")
            elif option in ("lora", "full_finetune"):
                lines.append(f"      train once: n/a — {route.training_detail.text()}")
            if route.monthly is not None:
                monthly = format_money(route.monthly, currency)
                lines.append(f"      first month: {monthly} — {route.monthly_detail.text()}")
            else:
                lines.append(f"      per month: n/a — {route.monthly_detail.text()}")
            if route.horizon_total is not None:
                total = format_money(route.horizon_total, currency)
                lines.append(f"      {scenario.horizon_months} months in all: {total}")
            if route.sources:
                lines.append(f"      sources: {'; '.join(source.describe() for source in route.sources)}")
            for note in (*route.availability, *route.notes):
                lines.append(f"      ! {note.text()}")
    lines += ["", f"BREAK-EVEN (starting monthly volume above which the trained route costs less over "
              f"{scenario.horizon_months} months)"]
    if not comparison.break_even:
        lines.append("  (nothing to compare: no open, fully priced training route or no baseline)")
    status = {route.label: route.status for route in comparison.routes}
    for item in comparison.break_even:
        caveat = STATUS_TEXT.get(status.get(item.option, "open"), "")
        if item.status == "crosses":
            verdict = f"from {item.monthly_requests:,.0f} requests a month"
        elif item.status == "always_cheaper":
            verdict = "at any volume"
        else:
            verdict = "never (below 10^12 requests a month)"
        lines.append(f"  • {item.option}{caveat} beats {item.versus}: {verdict}")
    if comparison.closed:
        lines += ["", "CLOSED DOORS"]
        for door in comparison.closed:
            flag = "" if door.verified else ", unverified"
            lines.append(f"  • {door.platform}: {door.what.text()} since {door.since.isoformat()} "
                         f"({door.source}{flag})")
    lines += ["", "ASSUMPTIONS"]
    lines += [f"  - {name}: {value.text()} — {source.describe()}" for name, value, source in comparison.assumptions]
    for note in comparison.notes:
        lines.append(f"Note: {note.text()}")
    return "\n".join(lines)
