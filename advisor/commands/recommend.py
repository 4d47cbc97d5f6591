"""`advisor recommend FILE --task TEXT`: the four options ranked, with reasons, costs and what would change it.

Offline baselines always run; few-shot LLM runs only with `--model` and the `--budget` you approve
(as in `advisor baseline`). The JSON (`--json`) is `recommendation_to_dict`; `--save-analysis` writes
the whole analysis, which `advisor report --from` reopens without the data.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from advisor import i18n
from advisor.commands.baseline import add_llm_arguments, check_arguments
from advisor.commands.common import add_dataset_arguments, add_scenario_arguments
from advisor.commands.numbers import SEED, number_in
from advisor.i18n.messages import note_text

HELP = "the ranked answer: prompting, in-context learning, LoRA or full fine-tuning, with reasons and costs"
DEFAULT_REQUESTS = 10_000
VERDICT_MARKS = {"recommended": "★", "viable": "·", "not_advised": "✗"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_dataset_arguments(parser)
    parser.add_argument("--task", help="what the task is, in a sentence or two")
    parser.add_argument("--target-score", dest="target", type=number_in(0, 1, above=True),
                        help="the score the task needs, 0-1 (default per metric: accuracy 0.9, chrF 0.6, ...)")
    add_scenario_arguments(parser)
    add_llm_arguments(parser)
    parser.add_argument("--seed", type=SEED, default=0)
    parser.add_argument("--save-analysis", metavar="PATH", help="write the whole analysis as JSON (no data, no key)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def fail(message: str) -> int:
    print(f"advisor: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from advisor.commands.baseline import llm_part, llm_setup, take_label_descriptions
    from advisor.commands.common import load_examples, scenario_from_args
    from advisor.data.atomic_write import print_whole, write_atomically
    from advisor.decide.advice import advice_to_dict, advise, dumps
    from advisor.decide.recommend import Evidence, recommendation_to_dict
    from advisor.pricing.catalog import CatalogError
    from advisor.pricing.freshness import freshness_of, freshness_text, freshness_to_dict, routes_deciding
    from advisor.pricing.scenario import ScenarioError

    problem = check_arguments(args)
    if problem:
        return fail(problem.replace("--target", "--target-score"))
    try:
        scenario = scenario_from_args(args, DEFAULT_REQUESTS)
        price, api_key = llm_setup(args) if args.model else (None, "")
    except ScenarioError as error:
        return fail(error.message(args.lang))
    except ValueError as error:
        return fail(str(error))
    dataset = load_examples(args, "judge")
    if dataset is None:
        return 2
    problem = take_label_descriptions(dataset, args)
    if problem:
        return fail(problem)
    try:
        analysis, evidence, comparison, cost = measured(dataset, scenario, args.target)
    except CatalogError as error:
        return fail(str(error))
    status, llm = 0, None
    if args.model:
        status, llm = llm_part(dataset, args, price, api_key, {})
        evidence = Evidence(evidence.offline, evidence.curve, llm)
    advice = advise(dataset, scenario, task=args.task or "", target=args.target, analysis=analysis, evidence=evidence,
                    label_descriptions=args.described_labels, comparison=comparison, measure_cost=cost)
    if args.save_analysis:
        try:
            write_atomically(args.save_analysis, dumps(advice_to_dict(advice, args.lang)) + "\n")
        except OSError as error:
            return fail(f"cannot write {args.save_analysis}: {error.strerror or error}")
    result = recommendation_to_dict(advice.recommendation, args.lang)
    # The figures that decide the answer: the recommended and runner-up routes, and the exchange rate.
    freshness = freshness_of(routes_deciding(advice.recommendation), advice.comparison)
    result["freshness"] = freshness_to_dict(freshness, args.lang)
    if args.json:
        print_whole(json.dumps(result, ensure_ascii=False))
    else:
        text = summary_text(result, args.file, scenario, args.lang, advice.comparison.currency)
        print_whole(text + "\n\n" + freshness_text(freshness, args.lang))
    return status


def measured(dataset: Any, scenario: Any, target: float | None) -> tuple[Any, Any, Any, Any]:
    """(analysis, evidence, comparison of the routes, cost of the measurement plan), worked out on both cores
    (benchmarks/bench_recommend.py): a forked child analyses the file, counts its tokens and draws the examples
    the baselines are measured on (and the LLM plan's split) while this process imports scikit-learn; then the
    learning curve and the measurement plan's cost (both need scikit-learn) are worked out in a second child
    while this process cross-validates the offline baselines. Where forking is not possible
    (advisor/baselines/forked.py), the same in turn."""
    from advisor.baselines.forked import Beside, can_fork
    from advisor.baselines.offline import import_learners, offline_baselines
    from advisor.decide.recommend import Evidence
    from advisor.pricing.comparison import compare_options

    # The plan's cost is worked out ahead only on the other core, where it is free: else advise prices it if it must.
    ahead = can_fork()
    analysing = Beside(analysis_and_book, dataset, ahead)
    import_learners()  # before the second child starts, so that it inherits them
    analysis, book, examples, split = analysing.result()
    examples = examples.attached(dataset)
    comparison = compare_options(book, scenario)  # here: a comparison holds functions, which do not pickle
    # The sampling rule and seed of advisor.decide.advice.measure_evidence (its defaults), split differently.
    beside = Beside(curve_and_measurement_cost, dataset, analysis.profile.task, target, comparison if ahead else None,
                    examples, split)
    offline = offline_baselines(dataset, analysis.profile.task_kind, examples=examples)
    curve, cost = beside.result()
    return analysis, Evidence(offline, curve), comparison, cost


def analysis_and_book(dataset: Any, plan_ahead: bool = False) -> tuple[Any, Any, Any, Any]:
    """The analysis, the token book (o200k_base counted once, by the analysis), the evidence examples
    (`evidence_examples`, detached: their indexes), and with `plan_ahead` the LLM plan's split (else None): none of them needs scikit-learn."""
    from advisor.analysis import analyze
    from advisor.baselines.llm import plan_split
    from advisor.baselines.offline import evidence_examples
    from advisor.pricing.comparison import measure_tokens

    analysis = analyze(dataset)
    book = measure_tokens(dataset, analysis.tokens)
    examples = evidence_examples(dataset, analysis.profile.task_kind).detached()
    split = plan_split(dataset, analysis.profile.task_kind) if plan_ahead else None
    return analysis, book, examples, split


def curve_and_measurement_cost(
    dataset: Any, task: Any, target: float | None, comparison: Any, examples: Any = None, split: Any = None
) -> tuple[Any, Any]:
    """The learning curve, and what the default LLM baselines would cost with this comparison's prompting model
    (used when measuring is the next step; None without a comparison). `task`: the profile's inferred task;
    `examples` (`advisor.baselines.offline.evidence_examples`) and the plan's `split`, if at hand."""
    from advisor.baselines.learning_curve import learning_curve
    from advisor.decide.advice import measurement_cost

    curve = learning_curve(dataset, task.kind, target, examples=examples)
    return curve, None if comparison is None else measurement_cost(dataset, comparison, task, split)


def summary_text(result: dict[str, Any], source: str, scenario: Any, lang: str = "en", currency: Any = None) -> str:
    from advisor.i18n.messages import localize_numbers, number
    from advisor.pricing.costs import Money, format_money

    def money(amount: dict[str, Any]) -> str:
        return localize_numbers(format_money(Money.of(amount["usd"]), currency), lang)

    words = i18n.words("recommend_command", lang)
    lines = [f"{words['title']} {source} — {i18n.number(scenario.monthly_requests, lang)} {words['requests']}"]
    if result["next_step"] == "fix_data":
        lines += ["", words["fix_first"]] + [f"  ! {item['text']}" for item in result["fix_first"]]
    if result["next_step"] == "measure":
        plan = result["measure"]
        lines += ["", words["measure"], f"  {plan['why']['text']}"]
        if plan["cost"]:
            cost = plan["cost"]
            lines.append("  " + words["measure_runs"].format(
                model=cost["model"], held_out=number(cost["held_out"], lang), calls=number(cost["calls"], lang),
                expected=money(cost["expected"]), worst=money(cost["worst"])))
        lines += [f"  - {point['text']}" for point in plan["decisions"]]
        lines += ["", words["provisional"]]
    for item in result["ranking"]:
        lines += ["", f"{VERDICT_MARKS[item['verdict']]} {item['name']} — {words[item['verdict']]} ({item['score']}/100)"]
        costs = item["costs"]
        if costs:
            lines.append(f"    {words['route']}: {note_text(costs.get('title') or costs['label'], lang)}")
        lines += [f"    + {point['text']}" for point in item["reasons"]]
        lines += [f"    ! {point['text']}" for point in item["risks"]]
    lines += ["", f"{words['confidence']}: {words[result['confidence']]}"]
    lines += [f"  - {point['text']}" for point in result["confidence_reasons"]]
    if result["what_would_change"]:
        lines += ["", words["change"]] + [f"  - {point['text']}" for point in result["what_would_change"]]
    hyper = result["hyperparameters"]
    if hyper["values"]:
        lines += ["", f"{words['hyperparameters']} ({hyper['path']})"]
        lines += [f"  {item['name']} = {item['value']}  ({item['source']})" for item in hyper["values"]]
    return "\n".join(lines)


