"""What the report says: a saved analysis (the JSON document of advisor/decide/advice.py) read once into blocks.

One page of summary (the answer, the money, the risks, the next step), the evidence (data, tokens,
profile, baselines, costs) and the engineer's appendix, in the reader's language. Sentences the
recommendation made are rendered again from their code and arguments; findings saved only as text
(platform findings, profile findings) are quoted as saved.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from advisor.i18n import decimal, number, section, term
from advisor.i18n.messages import assumption_name, localize_numbers, note_text
from advisor.render.report.blocks import Bar, Block, Bullets, Chart, Code, Heading, Paragraph, Table
from advisor.render.report.formatting import (
    LINES_SHOWN,
    STRINGS,
    _amount,
    _bytes,
    _count,
    _format_name,
    _interval,
    _line_list,
    _money_range,
    _money_text,
    _not_enough,
    _number,
    _option_name,
    _pii_kinds,
    _plain,
    _point,
    _score,
    _source,
    _symbol,
    text,
)

GROUPS_SHOWN = 10  # conflict groups, platform finding groups per code
LABELS_CHARTED = 20
BREAK_EVEN_SHOWN = 40
HISTOGRAM_BINS = 12
OPTION_ORDER = ("prompting", "in_context", "lora", "full_finetune")

# The learning curve saves its conclusion as English text; these are rendered from the numbers it keeps.
CURVE_STATUS = section("curve_status")


def report_blocks(document: Mapping[str, Any], lang: str) -> list[Block]:
    """The whole report: the one-page summary, the evidence, the engineer's appendix."""
    blocks: list[Block] = [Heading(1, text("title", lang))]
    if document.get("task"):
        blocks.append(Paragraph(str(document["task"]), lead=text("task", lang) + ":"))
    analysis = document["analysis"]
    blocks.append(Paragraph(text("data_line", lang, source=analysis.get("source") or "—",
                                 format=_format_name(analysis, lang),
                                 date=document.get("created", "")), lead=text("data", lang) + ":"))
    blocks += _summary(document, lang)
    blocks += _evidence(document, lang)
    blocks += _appendix(document, lang)
    blocks.append(Paragraph(text("footer", lang, schema=document.get("schema", ""),
                                 version=document.get("version", ""))))
    if lang == "pt":  # table cells and bar values written the Brazilian way: 3.000, R$ 1.960,03
        blocks = [_numbers_pt(block) for block in blocks]
    return blocks


def _numbers_pt(block: Block) -> Block:
    if isinstance(block, Table):
        rows = tuple(tuple(localize_numbers(cell, "pt") for cell in row) for row in block.rows)
        return Table(block.header, rows, block.numeric)
    if isinstance(block, Chart):
        bars = tuple(Bar(bar.label, bar.parts, localize_numbers(bar.shown, "pt")) for bar in block.bars)
        return Chart(block.title, bars, block.legend, block.maximum)
    return block


# --- part 1: the summary ------------------------------------------------------------------------------------------


def _summary(document: Mapping[str, Any], lang: str) -> list[Block]:
    recommendation = document["recommendation"]
    ranking = recommendation["ranking"]
    best = ranking[0] if ranking else None
    months = document["scenario"].get("horizon_months", 12)
    blocks: list[Block] = [Heading(2, text("summary", lang)), Heading(3, text("answer", lang))]

    if best is not None and recommendation.get("next_step") == "measure":
        blocks.append(Paragraph(text("provisional_detail", lang, option=_option_name(best["option"], lang)),
                                lead=text("step_measure", lang), tone="warning"))
    elif best is not None and best["verdict"] == "recommended":
        costs = best.get("costs")
        detail = (text("recommended_via", lang, route=_route_name(costs, lang), score=best["score"]) if costs
                  else text("recommended_no_route", lang, score=best["score"]))
        blocks.append(Paragraph(detail, lead=text("recommended", lang, option=_option_name(best["option"], lang)),
                                tone="answer"))
    else:
        blocks.append(Paragraph(text("none_advised_detail", lang), lead=text("none_advised", lang), tone="warning"))
    level = term("level", recommendation.get("confidence"), lang)
    blocks.append(Paragraph(" ".join(_point(item, lang) for item in recommendation.get("confidence_reasons", ())),
                            lead=text("confidence", lang, level=level)))
    if best is not None and best.get("reasons"):
        blocks.append(Paragraph("", lead=text("why", lang) + ":"))
        blocks.append(Bullets(tuple(("", _point(item, lang)) for item in best["reasons"])))
        blocks += _cited(best["reasons"], lang)
    blocks.append(Table(
        (text("col_option", lang), text("col_verdict", lang), text("col_score", lang), text("col_route", lang)),
        tuple((_option_name(item["option"], lang), term("verdict", item["verdict"], lang), str(item["score"]),
               _route_name(item["costs"], lang) if item.get("costs") else text("no_route", lang))
              for item in ranking),
        numeric=(2,),
    ))

    blocks += _money(document, lang, months)
    blocks += [Heading(3, text("risks", lang)), Bullets(tuple(("", risk) for risk in _risks(document, lang)))]
    blocks += _next_step(document, lang)
    changes = recommendation.get("what_would_change") or ()
    blocks.append(Heading(3, text("change", lang)))
    blocks.append(Bullets(tuple(("", _point(item, lang)) for item in changes)) if changes
                  else Paragraph(text("nothing_changes", lang)))
    return blocks


def _money(document: Mapping[str, Any], lang: str, months: int) -> list[Block]:
    scenario, currency = document["scenario"], document["costs"]["currency"]
    growth = scenario.get("monthly_growth") or 0
    blocks: list[Block] = [Heading(3, text("money", lang)), Paragraph(text(
        "volume", lang, requests=f"{scenario['monthly_requests']:,}", months=months,
        growth=text("growth", lang, rate=f"{growth:+.1%}") if growth else ""))]
    blocks.append(Paragraph(_rate_sentence(currency, lang)))
    by_option = {item["option"]: item for item in document["recommendation"]["ranking"]}
    rows, bars = [], []
    for option in OPTION_ORDER:
        item = by_option.get(option)
        if item is None:
            continue
        costs = item.get("costs")
        if not costs:
            rows.append((_option_name(option, lang), text("no_route", lang), "—", "—", "—"))
            continue
        training = (_money_text(costs["training"], currency, lang) if costs.get("training")
                    else text("nothing_to_train", lang))
        rows.append((_option_name(option, lang), _route_name(costs, lang), training,
                     _money_text(costs.get("monthly"), currency, lang),
                     _money_text(costs.get("horizon_total"), currency, lang)))
        total = (costs.get("horizon_total") or {}).get("usd")
        if total is not None:
            trained = (costs.get("training") or {}).get("usd") or 0.0
            bars.append(Bar(_option_name(option, lang), (trained, max(total - trained, 0.0)),
                            f"US$ {_amount(total, lang)}"))
    blocks.append(Table((text("col_option", lang), text("col_route", lang), text("col_training", lang),
                         text("col_monthly", lang), text("col_total", lang, months=months)), tuple(rows),
                        numeric=(2, 3, 4)))
    if bars:
        blocks.append(Chart(text("chart_costs", lang, months=months), tuple(bars),
                            (text("legend_training", lang), text("legend_inference", lang))))
    break_even = document["recommendation"].get("break_even")
    if break_even and break_even.get("monthly_requests") is not None:
        blocks.append(Paragraph(text("break_even_line", lang, route=_named_label(document, break_even["route"], lang),
                                                         versus=_named_label(document, break_even["versus"], lang),
                                     months=months, volume=f"{break_even['monthly_requests']:,}",
                                     planned=f"{scenario['monthly_requests']:,}")))
    blocks.append(Paragraph(text("money_note", lang)))
    return blocks + _freshness(document, lang)


def _freshness(document: Mapping[str, Any], lang: str) -> list[Block]:
    """The figures behind the answer that were more than six months old on the day of the analysis, each with
    where to update it (advisor/pricing/freshness.py); nothing for an analysis saved before this was checked."""
    from advisor.pricing.freshness import freshness_from_dict, header, row_lines

    if not document.get("freshness"):
        return []
    freshness = freshness_from_dict(document["freshness"])
    if not freshness.stale:
        return [Paragraph(header(freshness, lang))]
    return [Paragraph(header(freshness, lang), tone="warning"),
            Bullets(tuple(("", line) for line in row_lines(freshness, lang)))]


def _rate_sentence(currency: Mapping[str, Any], lang: str) -> str:
    if currency.get("code", "USD") == "USD":
        return text("rate_usd", lang)
    sentence = text("rate", lang, code=currency["code"], symbol=_symbol(currency["code"]),
                    rate=decimal(currency["per_usd"], lang),
                    source=note_text(currency.get("source_note") or currency.get("source", ""), lang),
                    date=currency.get("as_of", ""),
                    unverified="" if currency.get("verified", True) else text("unverified", lang))
    return f"{sentence} — {note_text(currency['note'], lang)}" if currency.get("note") else sentence


def _risks(document: Mapping[str, Any], lang: str) -> list[str]:
    recommendation, analysis = document["recommendation"], document["analysis"]
    profile = analysis["profile"]
    ranking = recommendation["ranking"]
    out = [_point(item, lang) for item in recommendation.get("fix_first", ())]
    if ranking:
        out += [_point(item, lang) for item in ranking[0].get("risks", ())]
    pii_lines = {line for lines in (profile.get("pii_lines") or {}).values() for line in lines}
    if pii_lines:
        out.append(text("risk_pii", lang, examples=f"{len(pii_lines):,}", kinds=_pii_kinds(profile, lang)))
    conflicts = profile.get("conflicts") or []
    if conflicts and not recommendation.get("fix_first"):
        lines = sum(len(group["lines"]) for group in conflicts)
        out.append(text("risk_conflicts", lang, lines=f"{lines:,}", groups=f"{len(conflicts):,}"))
    if profile.get("exact_duplicate_examples"):
        out.append(text("risk_duplicates", lang, examples=f"{profile['exact_duplicate_examples']:,}",
                        groups=f"{profile.get('exact_duplicate_groups', 0):,}"))
    if analysis.get("lines_rejected"):
        out.append(text("risk_rejected", lang, lines=f"{analysis['lines_rejected']:,}"))
    return out or [text("no_risks", lang)]


def _next_step(document: Mapping[str, Any], lang: str) -> list[Block]:
    recommendation = document["recommendation"]
    step = recommendation.get("next_step")
    blocks: list[Block] = [Heading(3, text("next_step", lang))]
    if step == "fix_data":
        conflicts = document["analysis"]["profile"].get("conflicts") or []
        listed = [line for group in conflicts for line in group["lines"]]
        # the recommendation counts the lines it blocks on; the profile's conflict groups list them
        count = sum(_count((item.get("args") or {}).get("lines")) for item in recommendation.get("fix_first", ()))
        count = count or len(listed)
        blocks.append(Paragraph(" ".join(_point(item, lang) for item in recommendation.get("fix_first", ())),
                                lead=text("step_fix_data", lang, lines=f"{count:,}"), tone="warning"))
        if listed:
            blocks.append(Paragraph(text("step_fix_lines", lang, lines=_line_list(sorted(listed), lang))))
        return blocks
    if step == "measure" and recommendation.get("measure"):
        return blocks + _measure(recommendation["measure"], document["costs"]["currency"], lang)
    by_option = {item["option"]: item for item in recommendation["ranking"]}
    costs = (by_option.get(step) or {}).get("costs")
    route = text("step_route", lang, route=_route_name(costs, lang)) if costs else ""
    if step in ("lora", "full_finetune"):
        blocks.append(Paragraph(text(f"step_{step}", lang, route=route), tone="answer"))
    elif step == "in_context":
        blocks.append(Paragraph(text("step_in_context", lang, k=document["scenario"].get("k_shots", 5)), tone="answer"))
    else:
        blocks.append(Paragraph(text("step_prompting", lang), tone="answer"))
    return blocks


def _measure(plan: Mapping[str, Any], currency: Mapping[str, Any], lang: str) -> list[Block]:
    """No LLM measured and money does not decide: the runs, their cost and what each score picks."""
    cost = plan.get("cost")
    runs = (text("step_measure_runs", lang, model=cost["model"], held_out=f"{cost['held_out']:,}",
                 calls=f"{cost['calls']:,}", expected=_money_text(cost["expected"], currency, lang),
                 worst=_money_text(cost["worst"], currency, lang)) if cost else text("step_measure_unpriced", lang))
    return [Paragraph(_point(plan["why"], lang) + " " + runs, lead=text("step_measure", lang), tone="warning"),
            Bullets(tuple(("", _point(item, lang)) for item in plan.get("decisions", ())))]


def _cited(points: Iterable[Mapping[str, Any]], lang: str) -> list[Block]:
    """The papers and guides the reasons cite, by title, authors and year; addresses without their scheme (the
    report makes no link, as in the glossary)."""
    seen: dict[str, Mapping[str, Any]] = {}
    for point in points:
        for source in point.get("sources", ()):
            seen.setdefault(source["url"], source)
    if not seen:
        return []
    return [Paragraph("", lead=text("sources", lang) + ":"),
            Bullets(tuple(("", f"{source['citation']}, {source['url'].removeprefix('https://')}")
                          for source in seen.values()))]


# --- part 2: the evidence -----------------------------------------------------------------------------------------


def _evidence(document: Mapping[str, Any], lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(2, text("evidence", lang), new_page=True)]
    if document.get("lang") and document["lang"] != lang:
        blocks.append(Paragraph(text("quoted", lang, saved=document["lang"])))
    blocks += _data(document["analysis"], lang)
    blocks += _tokens(document["analysis"]["tokens"], lang)
    blocks += _profile(document["analysis"]["profile"], lang)
    blocks += _baselines(document["baselines"], lang)
    blocks += _costs(document, lang)
    return blocks


def _data(analysis: Mapping[str, Any], lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(3, text("data", lang)), Paragraph(text(
        "accounted_records" if analysis.get("container") == "json" else "accounted", lang,
        read=f"{analysis['lines_read']:,}", kept=f"{analysis['examples_kept']:,}",
        rejected=f"{analysis['lines_rejected']:,}", blank=f"{analysis['blank_lines']:,}"))]
    blocks.append(Table((text("col_what", lang), text("col_value", lang)), (
        (text("file", lang), str(analysis.get("source") or "—")),
        (text("format", lang), _format_name(analysis, lang)),
        (text("size", lang), _bytes(analysis.get("size_bytes"), lang)),
        (text("encoding", lang), str(analysis.get("text_encoding") or "—")),
    )))
    rejected = [issue for issue in analysis.get("issues", ()) if issue["severity"] == "error" and not issue["platform"]]
    if rejected:
        blocks.append(Paragraph("", lead=text("rejected_lines", lang) + ":"))
        blocks += _capped_table((text("col_line", lang), text("col_reason", lang)),
                                [(str(issue["line"]), issue["message"]) for issue in rejected], lang, (0,))
    return blocks


def _tokens(tokens: Mapping[str, Any], lang: str) -> list[Block]:
    said = f" {note_text(tokens['note'], lang)}" if tokens.get("note") else ""
    blocks: list[Block] = [Heading(3, text("tokens", lang)), Paragraph(text(
        "tokenizer", lang, model=tokens.get("model", ""), encoding=tokens.get("encoding", ""),
        exact=text("exact" if tokens.get("exact") else "estimated", lang)) + said)]
    rows = [(text(f"tokens_{key}", lang), _number(tokens.get(key))) for key in
            ("total", "input", "output", "mean", "p50", "p95", "max")]
    blocks.append(Table((text("col_what", lang), text("col_value", lang)), tuple(rows), numeric=(1,)))
    totals = [item["total"] for item in tokens.get("per_example", ())]
    if totals:
        blocks.append(Chart(text("chart_tokens", lang), _histogram(totals, lang)))
    return blocks


def _histogram(values: Sequence[int], lang: str) -> tuple[Bar, ...]:
    low, high = min(values), max(values)
    width = max(1, math.ceil((high - low + 1) / HISTOGRAM_BINS))
    counts: dict[int, int] = {}
    for value in values:
        counts[(value - low) // width] = counts.get((value - low) // width, 0) + 1
    bars = []
    for index in range(max(counts) + 1):
        start = low + index * width
        label = number(start, lang) if width == 1 else f"{number(start, lang)}–{number(start + width - 1, lang)}"
        bars.append(Bar(label, (float(counts.get(index, 0)),), f"{counts.get(index, 0):,}"))
    return tuple(bars)


def _profile(profile: Mapping[str, Any], lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(3, text("profile", lang)),
                           Paragraph(text("task_kind", lang, kind=term("kind", profile.get("task_kind"), lang)))]
    labels = profile.get("labels") or {}
    if labels:
        ordered = sorted(labels.items(), key=lambda pair: -pair[1])
        ratio = profile.get("label_imbalance_ratio")
        blocks.append(Paragraph("", lead=text("labels", lang, count=f"{len(labels):,}",
                                              ratio="—" if ratio is None else f"{ratio:g}")))
        blocks += _capped_table((text("col_label", lang), text("col_examples", lang)),
                                [(label, f"{count:,}") for label, count in ordered], lang, (1,))
        bars = [Bar(label, (float(count),), f"{count:,}") for label, count in ordered[:LABELS_CHARTED]]
        if len(ordered) > LABELS_CHARTED:
            rest = sum(count for _, count in ordered[LABELS_CHARTED:])
            more = text("more_labels", lang, count=len(ordered) - LABELS_CHARTED)
            bars.append(Bar(more, (float(rest),), f"{rest:,}"))
        blocks.append(Chart(text("chart_labels", lang), tuple(bars)))
    facts = [text("duplicates", lang, examples=f"{profile.get('exact_duplicate_examples', 0):,}",
                  groups=f"{profile.get('exact_duplicate_groups', 0):,}"),
             text("near_duplicates" if profile.get("near_duplicate_pairs_complete", True)
                  else "near_duplicates_at_least", lang, pairs=f"{profile.get('near_duplicate_pairs', 0):,}"),
             text("conflicts", lang, groups=f"{len(profile.get('conflicts') or ()):,}")]
    blocks.append(Bullets(tuple(("", fact) for fact in facts)))
    conflicts = profile.get("conflicts") or []
    if conflicts:
        rows = [(_line_list(group["lines"], lang),
                 "; ".join(f"{answer['answer']} ×{answer['count']}" for answer in group["answers"]))
                for group in conflicts]
        blocks += _capped_table((text("col_lines", lang), text("col_answers", lang)), rows, lang, (), GROUPS_SHOWN)
    pii = {kind: count for kind, count in (profile.get("pii") or {}).items() if count}
    if pii:
        lines = profile.get("pii_lines") or {}
        blocks.append(Paragraph("", lead=text("pii", lang) + ":"))
        blocks.append(Table((text("col_kind", lang), text("col_examples", lang), text("col_lines", lang)),
                            tuple((term("pii", kind, lang), f"{count:,}", _line_list(lines.get(kind, ()), lang))
                                  for kind, count in pii.items()), numeric=(1,)))
    else:
        blocks.append(Paragraph(text("no_pii", lang)))
    languages = profile.get("languages") or {}
    if languages:
        shown = ", ".join(f"{term('language', code, lang)} {number(count, lang)}" for code, count in languages.items())
        blocks.append(Paragraph(text("languages", lang, examined=f"{profile.get('languages_examined', 0):,}",
                                     languages=shown)))
    output = profile.get("output_format") or {}
    if output.get("json_share"):
        keys = ", ".join(output.get("json_key_set") or ())
        blocks.append(Paragraph(text("json_share", lang, share=f"{output['json_share']:.0%}",
                                     keys=text("json_keys", lang, keys=keys) if keys else "")))
    findings = profile.get("findings") or []
    if findings:
        blocks.append(Paragraph("", lead=text("findings", lang) + ":"))
        blocks.append(Table((text("col_severity", lang), text("col_finding", lang), text("col_lines", lang)),
                            tuple((term("severity", item["severity"], lang), item["message"],
                                   _line_list(item.get("lines") or (), lang)) for item in findings)))
    return blocks


def _baselines(baselines: Mapping[str, Any], lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(3, text("baselines", lang))]
    evaluation = baselines.get("offline_evaluation") or {}
    if baselines.get("offline"):
        method = (text("cv_method", lang, folds=evaluation["folds"]) if evaluation.get("folds")
                  else evaluation.get("method") or "—")
        blocks.append(Paragraph(text("offline_method", lang, method=method,
                                     examples=f"{evaluation.get('examples', 0):,}")))
        blocks.append(Table(
            (text("col_strategy", lang), text("col_metric", lang), text("col_score", lang), text("col_interval", lang),
             text("col_n", lang)),
            tuple((term("strategy", item["strategy"], lang), term("metric", item["metric"], lang),
                   _score(item["score"], lang), _interval(item, lang), f"{item['n']:,}")
                  for item in baselines["offline"]),
            numeric=(2, 4)))
        blocks += _sample_and_rare_labels(evaluation, lang)
    elif evaluation.get("not_enough_data"):
        blocks.append(Paragraph(_not_enough(evaluation["not_enough_data"], lang)))
    blocks += _curve(baselines.get("learning_curve"), lang)
    blocks += _llm(baselines.get("llm"), lang)
    return blocks


def _sample_and_rare_labels(evaluation: Mapping[str, Any], lang: str) -> list[Block]:
    """Which examples were scored (the one sampling rule), and how often the rarest labels were found."""
    from advisor.baselines.offline import EvidenceSample
    from advisor.i18n.messages import number

    blocks: list[Block] = []
    sample = evaluation.get("sample")
    if sample:
        blocks.append(Paragraph(EvidenceSample(sample["examples_in_file"], sample["distinct_examples"],
                                               sample["examples_scored"], sample["drawn"] == "stratified"
                                               ).message(lang)))
    rare = evaluation.get("rare_class_recall") or []
    if rare:
        labels = "; ".join(STRINGS["rare_recall_item"][lang].format(
            label=item["label"], recall=number(item["recall"], lang, 2), examples=number(item["examples"], lang))
            for item in rare)
        blocks.append(Paragraph(STRINGS["rare_recall"][lang].format(
            strategy=term("strategy", rare[0]["strategy"], lang), labels=labels)))
    return blocks


def _route_name(route: Mapping[str, Any], lang: str) -> str:
    """A route as saved (its costs or its JSON) in the reader's language: its title; in a file saved before routes
    had titles, its label."""
    return note_text(route.get("title") or route["label"], lang)


def _named_label(document: Mapping[str, Any], label: str, lang: str) -> str:
    """A route named by its label alone (a break-even row), in the reader's language."""
    for routes in document["costs"]["options"].values():
        for route in routes:
            if route["label"] == label:
                return _route_name(route, lang)
    return label


def _target(curve: Mapping[str, Any], lang: str) -> str:
    target = curve.get("target")
    return decimal(target, lang) if isinstance(target, (int, float)) else str(target)


def _curve(curve: Mapping[str, Any] | None, lang: str) -> list[Block]:
    if not curve:
        return []
    blocks: list[Block] = [Heading(4, text("curve", lang))]
    if curve.get("not_enough_data"):
        return blocks + [Paragraph(_not_enough(curve["not_enough_data"], lang))]
    blocks.append(Paragraph(text("curve_learner", lang, learner=term("strategy", curve.get("learner"), lang),
                                 validation=f"{curve.get('validation_examples', 0):,}", target=_target(curve, lang),
                                 metric=term("metric", curve.get("metric", ""), lang))))
    status = CURVE_STATUS.get(curve.get("status", ""))
    if lang != "en" and status is not None and curve.get("examples_for_target") is not None:
        needed = number(curve["examples_for_target"], lang)
        blocks.append(Paragraph(status[lang].format(target=_target(curve, lang), examples=needed)))
    elif curve.get("reason"):
        blocks.append(Paragraph(note_text(curve.get("reason_note") or curve["reason"], lang)))
    points = curve.get("points") or []
    if points:
        blocks.append(Table((text("col_train_size", lang), text("col_score", lang), text("col_interval", lang)),
                            tuple((f"{point['examples']:,}", _score(point["score"], lang), _interval(point, lang))
                                  for point in points), numeric=(0, 1)))
        blocks.append(Chart(text("chart_curve", lang, metric=term("metric", curve.get("metric", ""), lang)),
                            tuple(Bar(f"n = {point['examples']:,}", (max(point["score"], 0.0),),
                                      f"{_score(point['score'], lang)} {_interval(point, lang)}") for point in points),
                            maximum=1.0))
    return blocks


def _llm(llm: Mapping[str, Any] | None, lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(4, text("llm", lang))]
    if not llm:
        return blocks + [Paragraph(text("no_llm", lang))]
    evaluation = llm.get("llm_evaluation") or {}
    blocks.append(Paragraph(text("llm_run", lang, model=evaluation.get("model", ""),
                                 held_out=f"{evaluation.get('held_out_examples', 0):,}",
                                 spent=_amount(llm.get("spent_usd") or 0.0, lang),
                                 budget=_amount(llm.get("budget_usd") or 0.0, lang),
                                 calls=f"{llm.get('calls_made', 0):,}")))
    results = llm.get("llm") or []
    if results:
        blocks.append(Table(
            (text("col_strategy", lang), text("col_shots", lang), text("col_metric", lang), text("col_score", lang),
             text("col_interval", lang), text("col_n", lang), text("col_cost", lang)),
            tuple((term("strategy", item["strategy"], lang), str(item.get("shots", 0)),
                   term("metric", item["metric"], lang), _score(item["score"], lang), _interval(item, lang),
                   f"{item.get('n', 0):,}", f"US$ {_amount(item.get('cost_usd') or 0.0, lang)}") for item in results),
            numeric=(1, 3, 5, 6)))
    return blocks


def _costs(document: Mapping[str, Any], lang: str) -> list[Block]:
    costs = document["costs"]
    currency = costs["currency"]
    months = document["scenario"].get("horizon_months", 12)
    blocks: list[Block] = [Heading(3, text("all_costs", lang)), Paragraph(_rate_sentence(currency, lang))]
    rows, sources, notes = [], [], []
    for option in OPTION_ORDER:
        for route in costs["options"].get(option, ()):
            training = (_money_range(route["training"], currency, lang) if route.get("training")
                        else "—" if option in ("lora", "full_finetune") else text("nothing_to_train", lang))
            rows.append((_option_name(option, lang), _route_name(route, lang),
                         term("hosting", route.get("hosting"), lang),
                         term("status", route.get("status"), lang), training,
                         _money_range(route.get("monthly"), currency, lang),
                         _money_range(route.get("horizon_total"), currency, lang)))
            label = _route_name(route, lang) + ":"
            sources.append((label, "; ".join(_source(source, lang) for source in route.get("sources", ()))))
            notes += [(label, note_text(note, lang))
                      for note in (*route.get("availability", ()), *route.get("notes", ()))]
    blocks.append(Table((text("col_option", lang), text("col_any_route", lang), text("col_hosting", lang),
                         text("col_status", lang), text("col_training", lang), text("col_monthly", lang),
                         text("col_total", lang, months=months)), tuple(rows), numeric=(4, 5, 6)))
    blocks += [Paragraph("", lead=text("col_source", lang) + ":"), Bullets(tuple(sources))]
    if notes:
        blocks += [Paragraph("", lead=text("notes", lang) + ":"), Bullets(tuple(notes))]
    blocks.append(Heading(4, text("break_even", lang)))
    rows = []
    for item in costs.get("break_even", ()):
        if item["status"] == "crosses" and item.get("monthly_requests") is not None:
            verdict = text("from_volume", lang, volume=f"{item['monthly_requests']:,.0f}")
        else:
            verdict = text("always_cheaper" if item["status"] == "always_cheaper" else "never_cheaper", lang)
        rows.append((_named_label(document, item["route"], lang), _named_label(document, item["versus"], lang),
                     verdict))
    blocks += _capped_table((text("col_any_route", lang), text("col_versus", lang), text("col_from", lang)), rows, lang,
                            (2,), BREAK_EVEN_SHOWN)
    if costs.get("closed"):
        blocks.append(Heading(4, text("closed_doors", lang)))
        blocks.append(Table((text("col_platform", lang), text("col_what", lang), text("col_since", lang),
                             text("col_source", lang)),
                            tuple((door["platform"], note_text(door["what"], lang), door["since"],
                                   door["source"] + ("" if door.get("verified", True) else text("unverified", lang)))
                                  for door in costs["closed"])))
    return blocks


# --- part 3: the engineer's appendix ------------------------------------------------------------------------------


def _appendix(document: Mapping[str, Any], lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(2, text("appendix", lang), new_page=True), Heading(3, text("hyperparameters", lang))]
    hyper = document["recommendation"].get("hyperparameters") or {}
    if hyper.get("values"):
        blocks.append(Paragraph(text("hyper_path", lang, path=hyper.get("path") or "—")))
        blocks.append(Table((text("col_name", lang), text("col_value", lang), text("col_reference", lang),
                             text("col_verified", lang)),
                            tuple((item["name"], _plain(item["value"]), item["source"],
                                   text("yes" if item.get("verified", True) else "no", lang))
                                  for item in hyper["values"])))
    else:
        blocks.append(Paragraph(text("no_hyper", lang)))
    blocks += _platform_findings(document["analysis"].get("issues", ()), lang)
    blocks.append(Heading(3, text("cost_details", lang)))
    details = []
    for option in OPTION_ORDER:
        for route in document["costs"]["options"].get(option, ()):
            parts = [f"{text('detail_training', lang)}: {note_text(route['training_detail'], lang)}"
                     if route.get("training_detail") else "",
                     f"{text('detail_monthly', lang)}: {note_text(route['monthly_detail'], lang)}"
                     if route.get("monthly_detail") else "",
                     f"{text('detail_tokens', lang)}: {note_text(route['tokens'], lang)}"
                     if route.get("tokens") else ""]
            details.append((_route_name(route, lang) + ":", "; ".join(part for part in parts if part)))
    details += [(item["encoding"] + ":", note_text(item["note"], lang)) for item in document["costs"].get("tokens", ())]
    details += [("", note_text(note, lang)) for note in document["costs"].get("notes", ())]
    blocks.append(Bullets(tuple(details)))
    blocks.append(Heading(3, text("assumptions", lang)))
    blocks.append(Table((text("col_name", lang), text("col_value", lang), text("col_source", lang)),
                        tuple((assumption_name(item["name"], lang), note_text(item["value"], lang), _source(item, lang))
                              for item in document["costs"].get("assumptions", ()))))
    blocks += [Heading(3, text("scenario", lang)), Paragraph(text("scenario_note", lang)), Code(document["scenario"])]
    return blocks + _glossary(lang)


def _glossary(lang: str) -> list[Block]:
    """advisor/i18n/glossary.py's terms. A source's address is written without its scheme: the report makes no link
    (none can form from text in either format), and an address without https:// stays plain, copyable text."""
    from advisor.i18n.glossary import GLOSSARY

    items = []
    for entry in GLOSSARY:
        source = entry.source
        cited = "" if source is None else " " + text("glossary_source", lang, citation=source.citation(),
                                                     link=source.url.removeprefix("https://"))
        items.append((entry.name(lang) + ":", entry.definition(lang) + cited))
    return [Heading(3, text("glossary", lang)), Bullets(tuple(items))]


def _platform_findings(issues: Iterable[Mapping[str, Any]], lang: str) -> list[Block]:
    """Findings of the same platform, severity and code as one row with their lines (errors first, then the most
    frequent), so a flood of one kind hides nothing."""
    groups: dict[tuple, list[Mapping[str, Any]]] = {}
    for issue in issues:
        if issue.get("platform"):
            groups.setdefault((issue["platform"], issue["severity"], issue["code"]), []).append(issue)
    if not groups:
        return []
    ordered = sorted(groups.values(), key=lambda members: ({"error": 0, "warning": 1}.get(members[0]["severity"], 2),
                                                          -len(members)))
    rows = []
    for members in ordered:
        lines = sorted({member["line"] for member in members if member["line"]})
        rows.append((members[0]["platform"], term("severity", members[0]["severity"], lang), members[0]["message"],
                     f"{len(members):,}", _line_list(lines, lang) if lines else text("whole_file", lang)))
    return [Heading(3, text("platform_findings", lang)),
            Table((text("col_platform", lang), text("col_severity", lang), text("col_finding", lang),
                   text("col_count", lang), text("col_lines", lang)), tuple(rows), numeric=(3,))]


def _capped_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], lang: str, numeric: tuple[int, ...] = (),
                  shown: int = LINES_SHOWN) -> list[Block]:
    blocks: list[Block] = [Table(header, tuple(rows[:shown]), numeric)]
    if len(rows) > shown:
        blocks.append(Paragraph(text("more_rows", lang, count=f"{len(rows) - shown:,}")))
    return blocks
