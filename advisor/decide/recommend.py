"""`recommend(profile, evidence, comparison) -> Recommendation`: the four options ranked, each reason a number.

Every option starts at 50 points; each reason adds or takes points and names the measurement it
rests on (a count, a baseline score with its interval, a cost). A gate — too few examples for any
platform, contradictory data, too little data for full fine-tuning to pay off, no open route — makes an
option "not advised" whatever its points. The best option that no gate blocks is "recommended",
the others "viable" (50 points or more) or "not advised".

Where the rules come from (shared FACTS.md):
- §2/§3 platform minimums (OpenAI 10, Bedrock 32 examples) and OpenAI's "gains from 50–100";
- §6 prompting and few-shot first; fine-tuning when a format must hold, examples are plentiful or
  the per-request prompt is the cost; LoRA fine-tunes of small models win narrow tasks (LoRA Land, Zhao et al., 2024);
  fine-tuning matches or beats in-context learning with the same data (Mosbach et al., 2023) and
  avoids paying for demonstrations on every request (T-Few); full fine-tuning clearly beats LoRA only
  on billions of tokens with deep domain shift (Biderman et al., 2024); ~1,000 curated examples can
  teach a style (LIMA);
- §1 availability: a closed door is never the answer (routes come from `advisor.pricing.comparison`);
- answers that are facts which change (declared in the scenario or found by advisor/profiling/checks/changing_facts.py)
  are retrieved into the prompt, not trained: Ovadia et al., 2023 ("Fine-Tuning or Retrieval?") and Gekhman
  et al., 2024 ("Does Fine-Tuning LLMs on New Knowledge Encourage Hallucinations?").
Evidence first (issue #13): money decides only where it is material (IMMATERIAL_USD or more over the horizon and
more than AS_CHEAP apart). Where it is not, quality decides: with no LLM score the next step is `measure` (the
runs, their cost, which score picks which option; the ranking provisional), and a prompted option whose measured
score meets the target leads every training option that is not materially cheaper. A leading route resting on an
unverified price names the verified alternative and the answer without it. Each option's route is the cheapest
one whose platform can take this data (advisor/decide/data_fit.py).
Thresholds that are this project's own judgement are named constants below with their reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from advisor.baselines.metrics import SKEW_RATIO
from advisor.decide.data_fit import DataFit, DataShape, fit_of
from advisor.i18n import section
from advisor.i18n.messages import Note
from advisor.pricing.catalog import Currency
from advisor.pricing.comparison import Comparison, Route
from advisor.pricing.costs import OPTIONS, Money, cookbook_epochs, format_money
from advisor.pricing.scenario import Scenario
from advisor.profiling.checks.task import RARE_LABEL_EXAMPLES
from advisor.profiling.profile import Profile
from advisor.profiling.split import validation_target
from advisor.render.configs import rows_for

VERDICTS = ("recommended", "viable", "not_advised")
START = 50
VIABLE = 50

OPENAI_MINIMUM = 10  # FACTS §2: fewer examples are rejected
BEDROCK_MINIMUM = 32  # FACTS §3
USEFUL_EXAMPLES = 50  # FACTS §2: "improvements typically from 50-100; start with 50"
MANY_EXAMPLES = 1000  # LIMA (FACTS §6): about 1,000 curated examples taught a style
# Project judgement: when one example in ten has a contradictory twin, a trained model learns the
# noise; below one in fifty it is a risk to name, not a blocker.
CONFLICT_BLOCKS = 0.10
CONFLICT_RISK = 0.02
DUPLICATE_RISK = 0.20  # redundant copies over a fifth of the data skew what is learned and evaluated
FULL_FINETUNE_MIN_TOKENS = 100_000_000  # an order of magnitude under "billions" (Biderman et al., 2024)
FULL_FINETUNE_CLEAR_TOKENS = 1_000_000_000  # "billions of tokens": where full fine-tuning clearly wins
STRUCTURED_SHARE = 0.8  # answers parsing as JSON with the same keys: a format to teach
AS_CHEAP = 0.05  # within 5 % of the cheapest: the estimates are not that precise
COSTLIER_CAP = 30  # most points a material cost difference takes (10 per tenfold)
# Below this difference over the whole horizon money does not decide between options.
IMMATERIAL_USD = 1000.0  # about US$ 80 a month: less than a day of an engineer's time
SIMPLEST_FIRST = 10  # FACTS §6: prompting and few-shot first; fine-tuning has to earn its place
CLEAR_MARGIN = 20  # points between the first two options for a confident answer
MEASURED_SAMPLE = 30  # held-out LLM answers a score needs before it can decide

# Why changing facts are retrieved, not trained: the sentence both facts_change reasons end with.
FACTS_NOT_TRAINED = -40  # project judgement: enough to take a training route from first to below in-context
FACTS_RETRIEVED = 20


OPTION_NAMES = section("options")


@dataclass(frozen=True, slots=True)
class Point:
    """A sentence with its numbers; `weight` is what it adds to an option's score (0 for risks and changes)."""

    code: str
    args: tuple[tuple[str, Any], ...] = ()
    weight: int = 0

    def text(self, lang: str = "en") -> str:
        from advisor.i18n.messages import render

        return render(self.code, self.args, lang)

    @property
    def sources(self) -> tuple[Any, ...]:
        """The papers and guides this reason cites (advisor/decide/citations.py), by title, authors, year and link."""
        from advisor.decide.citations import sources_of

        return sources_of(self.code)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        from advisor.decide.citations import source_to_dict

        args = {key: value.to_dict() if isinstance(value, Note) else value.text(lang) if hasattr(value, "text")
                else value for key, value in self.args}
        out = {"code": self.code, "text": self.text(lang), "args": args}
        if self.sources:
            out["sources"] = [source_to_dict(source) for source in self.sources]
        if self.weight:
            out["weight"] = self.weight
        return out


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the baselines measured; any part may be missing (no key, too little data)."""

    offline: Any = None  # advisor.baselines.offline.OfflineBaselines
    curve: Any = None  # advisor.baselines.learning_curve.LearningCurve
    llm: Any = None  # advisor.baselines.llm.LlmBaselines


@dataclass(frozen=True, slots=True)
class Assessment:
    option: str
    verdict: str  # recommended | viable | not_advised
    score: int  # 0-100, for display
    reasons: tuple[Point, ...]
    risks: tuple[Point, ...]
    route: Route | None  # the cheapest open, priced route of this option that can take the data
    blocked: bool  # a gate makes it not advised whatever its points
    points: int = 0  # the unclipped sum the ranking uses
    fit: DataFit | None = None  # whether the route's platform takes this data (None: nothing is trained)

    def name(self, lang: str = "en") -> str:
        return OPTION_NAMES[self.option][lang if lang in ("en", "pt") else "en"]


@dataclass(frozen=True, slots=True)
class Hyperparameter:
    name: str
    value: str | int | float
    source: str
    verified: bool = True


@dataclass(frozen=True, slots=True)
class BreakEvenPoint:
    route: str  # label of the fine-tuned route
    versus: str  # label of the prompted route it is compared with
    monthly_requests: int | None  # the starting volume where they cost the same; None when they never do
    status: str = "crosses"  # crosses | always_cheaper (the tuned route, at every volume) | never_cheaper
    slope: float | None = None  # USD a month that 1,000 more requests a month add to the tuned route
    versus_slope: float | None = None  # ... and to the prompted one
    route_name: Note | str = ""  # the two routes as a sentence names them (their titles)
    versus_name: Note | str = ""


@dataclass(frozen=True, slots=True)
class MeasureCost:
    """What the default LLM baselines would cost on this data (advisor.decide.advice.measurement_cost), before any call."""

    model: str
    held_out: int  # held-out examples each strategy answers
    calls: int
    expected_usd: float
    worst_usd: float  # what a budget cap must allow


@dataclass(frozen=True, slots=True)
class MeasurePlan:
    """Measure before deciding: no LLM score exists, and money does not settle the question."""

    why: Point
    runs: tuple[str, ...]  # zero_shot, random, retrieved
    cost: MeasureCost | None  # None: the runs could not be priced here (say so; the baseline step prices them)
    decisions: tuple[Point, ...]  # which score picks which option


@dataclass(frozen=True, slots=True)
class UnverifiedLead:
    """The leading route rests on a price or availability its source does not confirm: what if it is not there."""

    route: Route
    alternative: Route | None  # the cheapest verified route of the same option that takes the data
    answer_if_unavailable: str  # the next step the advice would give without the unverified routes


@dataclass(frozen=True, slots=True)
class Recommendation:
    ranking: tuple[Assessment, ...]  # best first
    confidence: str  # high | medium | low
    confidence_reasons: tuple[Point, ...]
    fix_first: tuple[Point, ...]  # data problems to fix before any training
    what_would_change: tuple[Point, ...]
    break_even: BreakEvenPoint | None
    hyperparameters: tuple[Hyperparameter, ...]
    hyperparameter_path: str | None  # openai | lora | qlora | full, for the leading training route
    hyperparameter_route: Route | None  # that route: the best training option's cheapest open route
    metric: str | None
    target: float
    currency: Currency
    unverified_lead: UnverifiedLead | None = None
    measure: MeasurePlan | None = None  # measure first: the ranking is provisional until then

    @property
    def best(self) -> Assessment:
        return self.ranking[0]

    def with_measure_cost(self, cost: MeasureCost | None) -> Recommendation:
        """The same advice with its measurement plan priced (advisor.decide.advice.measurement_cost needs the data)."""
        return self if self.measure is None else replace(self, measure=replace(self.measure, cost=cost))

    @property
    def next_step(self) -> str:
        """fix_data when the data must be fixed first; measure when no LLM score exists and money does not
        decide; else the recommended option."""
        if self.fix_first:
            return "fix_data"
        return "measure" if self.measure is not None else self.best.option


# --- the signals read from the measurements --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Signals:
    examples: int  # distinct in the file: an exact copy (same input, same answer) is not more evidence
    in_file: int  # every example of the file, copies included: shares of lines are of these
    corpus: int  # the team has (scenario.total_examples, else the file's distinct examples)
    kind: str
    labels: int
    conflict_lines: int
    conflict_groups: int
    duplicate_copies: int
    functions: int  # tool calling: the distinct functions called
    json_share: float
    json_keys: tuple[str, ...]
    training_tokens: float  # per epoch, for the whole corpus
    metric: str | None
    target: float
    rarest_label: int = 0  # classification: examples of the rarest label
    label_ratio: float = 0.0  # classification: most frequent label's examples over the rarest's
    facts_change: Point | None = None  # why the answers are changing facts (declared or detected), else None
    ceiling: float | None = None  # annotators' agreement as a score: no option can be expected above it
    pairs: Any = None  # advisor.profiling.checks.preference_pairs.PreferencePairs of preference data, else None


def _signals(profile: Profile, evidence: Evidence, scenario: Scenario, target: float | None) -> _Signals:
    from advisor.baselines.learning_curve import DEFAULT_TARGETS

    in_file = profile.sizes.examples
    examples = in_file - profile.duplicates.redundant_examples
    corpus = scenario.total_examples or examples
    metric = None
    if evidence.curve is not None and evidence.curve.not_enough_data is None:
        metric = evidence.curve.metric
    elif evidence.offline is not None and evidence.offline.primary_metric:
        metric = evidence.offline.primary_metric
    elif evidence.llm is not None and evidence.llm.results:
        metric = evidence.llm.results[0].metric
    goal = target if target is not None else DEFAULT_TARGETS.get(metric or "", 0.9)
    ceiling = _label_ceiling(profile, metric)
    if ceiling is not None and ceiling < goal:  # no option can be expected to agree with the labels more than
        goal = ceiling                          # the annotators agree with each other
    per_epoch = profile.sizes.training_tokens_per_epoch * (
        scenario.total_examples / in_file if scenario.total_examples and in_file else 1.0)
    output = profile.output_format
    return _Signals(
        examples=examples, in_file=in_file, corpus=corpus, kind=profile.task_kind, labels=len(profile.task.labels),
        conflict_lines=sum(len(group.lines) for group in profile.duplicates.conflicts),
        conflict_groups=len(profile.duplicates.conflicts), duplicate_copies=profile.duplicates.redundant_examples,
        functions=len(profile.tool_calls.functions) if profile.tool_calls is not None else 0,
        json_share=output.json_share if output.common_keys else 0.0, json_keys=output.common_keys,
        training_tokens=per_epoch, metric=metric, target=goal,
        rarest_label=profile.task.labels[-1][1] if len(profile.task.labels) > 1 else 0,
        label_ratio=profile.task.imbalance_ratio or 0.0,
        facts_change=_facts_change(profile, scenario),
        ceiling=ceiling,
        pairs=profile.preference_pairs,
    )


def _label_ceiling(profile: Profile, metric: str | None) -> float | None:
    """What a model answering as the other annotators would scores against the labels (advisor/profiling/checks/agreement.py),
    in the metric the scores are read in: the most any option can be expected to reach."""
    agreement = getattr(profile, "agreement", None)
    if agreement is None:
        return None
    return agreement.ceiling_macro_f1 if metric == "macro_f1" else agreement.ceiling


def _facts_change(profile: Profile, scenario: Scenario) -> Point | None:
    """Why training routes lose when the answers are facts that change: the user said so, or the data shows it."""
    if scenario.facts_change:
        return Point("facts_change_declared", (), FACTS_NOT_TRAINED)
    found = profile.changing_facts
    if found is not None and found.detected:
        return Point("facts_change_detected", (("count", f"{found.fact_answers:,}"), ("total", f"{found.answers:,}"),
                                               ("share", f"{found.share:.0%}")), FACTS_NOT_TRAINED)
    return None


def _llm_results(evidence: Evidence) -> tuple[Any, Any]:
    """(zero-shot result, best few-shot result), each None when not measured on enough answers."""
    if evidence.llm is None:
        return None, None
    measured = [result for result in evidence.llm.results if result.score is not None and result.n > 0]
    zero = next((result for result in measured if result.strategy == "zero_shot"), None)
    few = max((result for result in measured if result.strategy != "zero_shot"), key=lambda r: r.score, default=None)
    return zero, few


# --- the ranking ----------------------------------------------------------------------------------------


def recommend(
    profile: Profile,
    evidence: Evidence,
    comparison: Comparison,
    scenario: Scenario | None = None,
    target: float | None = None,
    shape: DataShape | None = None,
    _check_unverified: bool = True,
) -> Recommendation:
    """Rank prompting, in-context learning, LoRA and full fine-tuning for this data and scenario.

    `shape` (advisor.decide.data_fit.shape_of) says what each platform's checks found in the file; without it the
    kind of data comes from the profile and every hosted route counts as needing the export's conversion."""
    scenario = scenario or comparison.scenario
    signals = _signals(profile, evidence, scenario, target)
    money = _Money(comparison)
    chosen = _routes_taking_the_data(comparison, shape or _shape_of_profile(profile), money)
    routes = {option: chosen[option].route for option in OPTIONS}
    fix_first = _fix_first(signals)
    judged = {
        "prompting": _prompting(signals, evidence, scenario),
        "in_context": _in_context(signals, evidence, scenario),
        "lora": _lora(signals, evidence, scenario, fix_first),
        "full_finetune": _full_finetune(signals, scenario, fix_first),
    }
    if signals.facts_change is not None:
        for option in ("lora", "full_finetune"):
            reasons, risks, blocked = judged[option]
            judged[option] = (reasons + (signals.facts_change,), risks, blocked)
    _add_costs(judged, routes, money, scenario)
    if signals.facts_change is not None and routes["in_context"] is not None:
        route = routes["in_context"]
        reasons, risks, blocked = judged["in_context"]
        retrieve = Point("facts_change_retrieve", (("route", _named(route)), ("total", money(route.horizon_total.usd)),
                                                   ("monthly", money(route.monthly.usd)), ("months", money.months)),
                         FACTS_RETRIEVED)
        judged["in_context"] = ((retrieve,) + reasons, risks, blocked)
    assessments = []
    for option in OPTIONS:
        reasons, risks, blocked = judged[option]
        risks += chosen[option].risks
        if routes[option] is None:
            blocked = True
            if not chosen[option].left_out:
                risks = risks + (Point("no_open_route"),)
        elif routes[option].availability:
            risks = risks + tuple(Point("availability", (("route", _named(routes[option])), ("note", note)))
                                  for note in routes[option].availability)
        assessments.append((option, START + sum(point.weight for point in reasons), reasons, risks, blocked))
    assessments = _measured_quality_first(assessments, evidence, signals, routes, money)
    assessments = _facts_retrieved_first(assessments, signals)
    # Ranked on the raw points, shown clipped to 0-100: two options past 100 still keep their order.
    order = sorted(assessments, key=lambda item: (item[4], -item[1], OPTIONS.index(item[0])))
    ranking = []
    for position, (option, points, reasons, risks, blocked) in enumerate(order):
        score = max(0, min(100, points))
        verdict = "not_advised" if blocked else ("recommended" if position == 0 else
                                                 "viable" if score >= VIABLE else "not_advised")
        ranking.append(Assessment(option, verdict, score, reasons, risks, routes[option], blocked, points,
                                  chosen[option].fit))
    if ranking[0].blocked:  # nothing open: say so rather than recommend a closed door
        ranking[0] = _replace_verdict(ranking[0], "not_advised")
    training_route = next((item.route for item in ranking if item.option in ("lora", "full_finetune")
                           and item.route is not None and not item.blocked), None)
    path, hyperparameters = _hyperparameters(training_route, signals, comparison)
    break_even = _break_even(comparison, routes, ranking)
    confidence, confidence_reasons = _confidence(ranking, signals, evidence, fix_first)
    measure = None if fix_first else _measure_plan(ranking, routes, signals, evidence, scenario, money)
    unverified = None
    lead = ranking[0]
    if _check_unverified and lead.route is not None and not lead.blocked and not lead.route.verified:
        # The answer if the unverified route is not there: the same advice on the verified routes of that option.
        verified = replace(comparison, routes=tuple(route for route in comparison.routes
                                                    if route.option != lead.option or route.verified))
        fallback = recommend(profile, evidence, verified, scenario, target, shape, _check_unverified=False)
        alternative = next(item.route for item in fallback.ranking if item.option == lead.option)
        unverified = UnverifiedLead(lead.route, alternative, fallback.next_step)
    what_would_change = _what_would_change(ranking, signals, evidence, scenario, comparison, break_even, money)
    if measure is not None:  # the plan says which score picks which option: no second sentence about measuring
        what_would_change = tuple(point for point in what_would_change if point.code != "change_measure_llm")
    if unverified is not None:
        what_would_change = (_unverified_point(unverified, money),) + what_would_change
    return Recommendation(
        ranking=tuple(ranking),
        confidence=confidence,
        confidence_reasons=confidence_reasons,
        fix_first=fix_first,
        what_would_change=what_would_change,
        break_even=break_even,
        hyperparameters=hyperparameters,
        hyperparameter_path=path,
        hyperparameter_route=training_route,
        metric=signals.metric,
        target=signals.target,
        currency=comparison.currency,
        unverified_lead=unverified,
        measure=measure,
    )


def _named(route: Route) -> Note | str:
    """A route as a sentence names it: its title, written in the reader's language when the sentence is shown."""
    return route.title or route.label


def _replace_verdict(item: Assessment, verdict: str) -> Assessment:
    return replace(item, verdict=verdict)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "0%"


def _fmt(value: float) -> str:
    return f"{value:.2f}"


def _tokens(value: float) -> str:
    if value >= 1e9:
        return f"{value / 1e9:.1f} billion"
    if value >= 1e6:
        return f"{value / 1e6:.1f} million"
    return f"{value:,.0f}"


def _score_args(result: Any, signals: _Signals) -> tuple[tuple[str, Any], ...]:
    return (("score", _fmt(result.score)), ("low", _fmt(result.ci_low)), ("high", _fmt(result.ci_high)),
            ("n", result.n), ("metric", result.metric), ("target", _fmt(signals.target)))


def _fix_first(signals: _Signals) -> tuple[Point, ...]:
    out = []
    if signals.in_file and signals.conflict_lines / signals.in_file >= CONFLICT_BLOCKS:
        out.append(Point("conflicts_block", (("lines", signals.conflict_lines), ("groups", signals.conflict_groups),
                                             ("share", _share(signals.conflict_lines, signals.in_file)))))
    return tuple(out)


Judged = tuple[tuple[Point, ...], tuple[Point, ...], bool]


def _prompting(signals: _Signals, evidence: Evidence, scenario: Scenario) -> Judged:
    reasons, risks = [], []
    zero, _ = _llm_results(evidence)
    if zero is not None:
        meets = zero.score >= signals.target
        reasons.append(Point("llm_zero_shot_meets" if meets else "llm_zero_shot_short", _score_args(zero, signals),
                             35 if meets else -25))
    else:
        risks.append(Point("llm_not_measured"))
    reasons.append(Point("simplest_first", (), SIMPLEST_FIRST))
    if signals.kind == "corpus":
        reasons.append(Point("corpus_not_promptable", (), -40))
    if signals.corpus < USEFUL_EXAMPLES:
        reasons.append(Point("too_few_to_train", (("examples", signals.corpus),), 15))
    if signals.json_share >= STRUCTURED_SHARE:
        reasons.append(Point("strict_format_unseen", (("share", f"{signals.json_share:.0%}"),
                                                      ("keys", ", ".join(signals.json_keys))), -15))
    elif signals.kind == "classification" and signals.labels >= 5:
        reasons.append(Point("many_labels_unseen", (("labels", signals.labels),), -10))
    return tuple(reasons), tuple(risks), False


def _in_context(signals: _Signals, evidence: Evidence, scenario: Scenario) -> Judged:
    reasons, risks = [], []
    zero, few = _llm_results(evidence)
    if few is not None:
        meets = few.score >= signals.target
        args = (("strategy", few.strategy), ("shots", few.shots)) + _score_args(few, signals)
        reasons.append(Point("llm_few_shot_meets" if meets else "llm_few_shot_short", args, 35 if meets else -20))
        if zero is not None and few.score - zero.score >= 0.05:
            reasons.append(Point("demonstrations_gain", (("gain", _fmt(few.score - zero.score)),
                                                         ("zero", _fmt(zero.score)), ("few", _fmt(few.score))), 10))
    elif evidence.llm is None:
        risks.append(Point("llm_not_measured"))
    if signals.examples < max(1, scenario.k_shots):
        return tuple(reasons), tuple(risks) + (Point("fewer_than_k", (("examples", signals.examples),
                                                                      ("k", scenario.k_shots))),), True
    if signals.json_share >= STRUCTURED_SHARE:
        reasons.append(Point("demonstrations_teach_format", (("k", scenario.k_shots),
                                                             ("what", ", ".join(signals.json_keys))), 15))
    elif signals.kind == "classification" and signals.labels >= 5:
        reasons.append(Point("demonstrations_teach_labels", (("k", scenario.k_shots), ("labels", signals.labels)), 10))
    reasons.append(Point("simplest_first", (), SIMPLEST_FIRST // 2))
    if signals.kind == "corpus":
        reasons.append(Point("corpus_not_promptable", (), -40))
    if signals.corpus < USEFUL_EXAMPLES:
        reasons.append(Point("enough_for_demonstrations", (("examples", signals.corpus), ("k", scenario.k_shots)), 5))
    return tuple(reasons), tuple(risks), False


def _data_risks(signals: _Signals, fix_first: tuple[Point, ...]) -> list[Point]:
    """Risks of training on this data: what must be fixed first, else what to review."""
    risks = list(fix_first)
    if not fix_first and signals.in_file and signals.conflict_lines / signals.in_file >= CONFLICT_RISK:
        risks.append(Point("conflicts_risk", (("lines", signals.conflict_lines), ("groups", signals.conflict_groups))))
    pairs = signals.pairs
    if pairs is not None and (pairs.identical or pairs.reversed):
        risks.append(Point("pairs_teach_nothing", (("identical", len(pairs.identical)),
                                                   ("reversed", len(pairs.reversed)), ("pairs", f"{pairs.pairs:,}"))))
    if pairs is not None and pairs.length_shortcut:
        risks.append(Point("pairs_length_shortcut", (("share", f"{pairs.chosen_longer_share:.0%}"),
                                                     ("compared", f"{pairs.compared:,}"))))
    if signals.in_file and signals.duplicate_copies / signals.in_file >= DUPLICATE_RISK:
        risks.append(Point("duplicates_risk", (("copies", signals.duplicate_copies),
                                               ("share", _share(signals.duplicate_copies, signals.in_file)))))
    return risks


def _lora(signals: _Signals, evidence: Evidence, scenario: Scenario, fix_first: tuple[Point, ...]) -> Judged:
    reasons: list[Point] = []
    risks, blocked = _data_risks(signals, fix_first), bool(fix_first)
    if signals.corpus < OPENAI_MINIMUM:
        return (Point("below_platform_minimum", (("examples", signals.corpus), ("openai", OPENAI_MINIMUM),
                                                 ("bedrock", BEDROCK_MINIMUM)), -40),), tuple(risks), True
    if signals.corpus < USEFUL_EXAMPLES:
        reasons.append(Point("few_examples_for_training", (("examples", signals.corpus),), -25))
    elif signals.corpus >= MANY_EXAMPLES:
        # LIMA's evidence is about teaching a response style: it fits open answers, not labels or calls.
        style = signals.kind in ("generation", "chat")
        reasons.append(Point("plenty_of_examples" if style else "plenty_of_examples_narrow",
                             (("examples", f"{signals.corpus:,}"),), 15))
    elif signals.corpus >= 2 * USEFUL_EXAMPLES:
        reasons.append(Point("enough_examples", (("examples", f"{signals.corpus:,}"),), 5))
    else:
        reasons.append(Point("borderline_examples", (("examples", f"{signals.corpus:,}"),), 0))
    reasons += _offline_reasons(signals, evidence)
    zero, few = _llm_results(evidence)
    best = max((result for result in (zero, few) if result is not None), key=lambda r: r.score, default=None)
    if best is not None and best.score < signals.target:
        reasons.append(Point("prompting_falls_short", (("score", _fmt(best.score)), ("metric", best.metric),
                                                       ("target", _fmt(signals.target))), 15))
    if signals.kind == "corpus":
        reasons.append(Point("corpus_domain_adaptation", (("documents", f"{signals.corpus:,}"),), 20))
    elif signals.kind == "tool_calling":
        reasons.append(Point("narrow_tool_calls", (("functions", signals.functions),), 5))
    elif signals.corpus >= USEFUL_EXAMPLES and signals.kind == "classification":
        reasons.append(Point("narrow_classification", (("labels", signals.labels),), 5))
    elif signals.corpus >= USEFUL_EXAMPLES and signals.json_share >= STRUCTURED_SHARE:
        reasons.append(Point("narrow_extraction", (("keys", len(signals.json_keys)),), 5))
    if scenario.domain_shift and signals.training_tokens >= FULL_FINETUNE_MIN_TOKENS:
        reasons.append(Point("lora_learns_less", (("tokens", _tokens(signals.training_tokens)),), -10))
    if scenario.instruction_tokens > scenario.finetuned_instruction_tokens and scenario.instruction_tokens >= 1000:
        reasons.append(Point("long_instructions", (("tokens", f"{scenario.instruction_tokens:,}"),
                                                   ("tuned", scenario.finetuned_instruction_tokens)), 5))
    return tuple(reasons), tuple(risks), blocked


def _offline_reasons(signals: _Signals, evidence: Evidence) -> list[Point]:
    out = []
    offline = evidence.offline
    best = offline.best() if offline is not None else None
    if best is not None and best.strategy != "majority":
        args = (("strategy", best.strategy.replace("_", " ")), ("score", _fmt(best.score)),
                ("low", _fmt(best.ci_low)), ("high", _fmt(best.ci_high)), ("metric", best.metric), ("n", best.n))
        if best.score >= signals.target:
            # LoRA Land's evidence is about narrow tasks: labels, fields and calls, not open answers.
            narrow = (signals.kind in ("classification", "extraction", "tool_calling")
                      or signals.json_share >= STRUCTURED_SHARE)
            out.append(Point("learnable_offline" if narrow else "learnable_offline_open", args, 15))
        else:
            out.append(Point("offline_short", args, 0))
    if offline is not None and offline.classes is not None:  # many labels: say what the score rests on
        capped = offline.classes
        out.append(Point("offline_classes_capped", (("modelled", capped.modelled), ("labels", f"{capped.labels:,}"),
                                                    ("share", capped.share_text())), 0))
    curve = evidence.curve
    if curve is not None and curve.not_enough_data is None:
        args = (("target", _fmt(curve.target)), ("metric", curve.metric), ("examples", f"{signals.corpus:,}"))
        if curve.examples_for_target is not None and curve.status in ("reached", "extrapolated"):
            needed = curve.examples_for_target
            code, weight = ("curve_reaches", 10) if needed <= signals.corpus else ("curve_needs_more", -5)
            out.append(Point(code, args + (("needed", f"{needed:,}"),), weight))
        elif curve.status == "not_improving":
            out.append(Point("curve_flat", (), -5))
    return out


def _full_finetune(signals: _Signals, scenario: Scenario, fix_first: tuple[Point, ...]) -> Judged:
    risks, blocked = _data_risks(signals, fix_first), bool(fix_first)
    tokens = (("tokens", _tokens(signals.training_tokens)),)
    if signals.training_tokens < FULL_FINETUNE_MIN_TOKENS:
        return (Point("full_too_little_data", tokens, -30),), tuple(risks), True
    if not scenario.domain_shift and signals.kind != "corpus":  # a corpus is brought to shift the domain
        return (Point("full_no_domain_shift", tokens, -10),), tuple(risks), blocked
    weight = 40 if signals.training_tokens >= FULL_FINETUNE_CLEAR_TOKENS else 30
    return (Point("full_domain_shift_large", tokens, weight),), tuple(risks), blocked


# --- evidence first ------------------------------------------------------------------------------------------
#
# The rule (also in the README): money decides only where it is material — a difference of IMMATERIAL_USD or
# more over the horizon, and more than AS_CHEAP. Where it is not, quality decides:
# - no LLM score yet: the next step is to measure (zero-shot, random and retrieved few-shot on held-out
#   examples), with the cost of doing so and which score would pick which option; the ranking is provisional;
# - a prompted option whose measured score (on MEASURED_SAMPLE or more answers) meets the target leads every
#   training option that is not materially cheaper: nothing measured says it falls short.


def _material(cheaper: Route, dearer: Route) -> bool:
    """Whether `dearer` costs materially more than `cheaper` over the horizon."""
    low, high = cheaper.horizon_total.usd, dearer.horizon_total.usd
    return high - low >= IMMATERIAL_USD and high > low * (1 + AS_CHEAP)


def _cheapest_of(routes: dict[str, Route | None], options: tuple[str, ...]) -> Route | None:
    priced = [routes[option] for option in options if routes[option] is not None]
    return min(priced, key=lambda route: route.horizon_total.usd, default=None)


def _measured_quality_first(assessments: list, evidence: Evidence, signals: _Signals,
                            routes: dict[str, Route | None], money: _Money) -> list:
    zero, few = _llm_results(evidence)
    meeting = [(option, result) for option, result in (("prompting", zero), ("in_context", few))
               if result is not None and result.n >= MEASURED_SAMPLE and result.score >= signals.target
               and routes[option] is not None]
    if not meeting:
        return assessments
    option, result = meeting[0]  # the simpler one first
    prompted = next(item for item in assessments if item[0] == option)
    out = []
    for item in assessments:
        name, points, reasons, risks, blocked = item
        route = routes[name]
        if (name in ("lora", "full_finetune") and not blocked and route is not None and points >= prompted[1]
                and not _material(route, routes[option])):
            point = Point("measured_prompt_meets_target", (("option", OPTION_NAMES[option]["en"]),
                                                           ("score", _fmt(result.score)), ("metric", result.metric),
                                                           ("target", _fmt(signals.target)), ("n", result.n)),
                          prompted[1] - points - 1)
            item = (name, points + point.weight, reasons + (point,), risks, blocked)
        out.append(item)
    return out


def _facts_retrieved_first(assessments: list, signals: _Signals) -> list:
    """Answers that are changing facts are retrieved, not trained, whatever training costs: no training option
    stays above in-context learning (Ovadia et al., 2023; Gekhman et al., 2024)."""
    if signals.facts_change is None:
        return assessments
    retrieval = next(item for item in assessments if item[0] == "in_context")
    if retrieval[4]:  # in-context itself is blocked (fewer examples than demonstrations): nothing to put first
        return assessments
    out = []
    for name, points, reasons, risks, blocked in assessments:
        if name in ("lora", "full_finetune") and points >= retrieval[1]:
            extra = retrieval[1] - points - 1
            reasons = tuple(replace(point, weight=point.weight + extra) if point is signals.facts_change else point
                            for point in reasons)
            points += extra
        out.append((name, points, reasons, risks, blocked))
    return out


def _measure_plan(ranking: list[Assessment], routes: dict[str, Route | None], signals: _Signals,
                  evidence: Evidence, scenario: Scenario, money: _Money) -> MeasurePlan | None:
    zero, few = _llm_results(evidence)
    if zero is not None or few is not None or signals.kind == "corpus" or signals.facts_change is not None:
        return None  # measured already; nothing to prompt with; changing facts are retrieved whatever scores say
    if scenario.domain_shift and signals.training_tokens >= FULL_FINETUNE_CLEAR_TOKENS:
        return None  # billions of tokens far from the base model: the published evidence settles it (Biderman 2024)
    prompted = _cheapest_of(routes, ("prompting", "in_context"))
    # Only a training option that is a contender (open, viable) is worth measuring against.
    trained = next((item.route for item in ranking if item.option in ("lora", "full_finetune")
                    and item.route is not None and not item.blocked and item.score >= VIABLE), None)
    if prompted is None or trained is None:
        return None
    cheaper, dearer = sorted((prompted, trained), key=lambda route: route.horizon_total.usd)
    open_ended = signals.kind in ("generation", "chat") and ranking[0].option in ("lora", "full_finetune")
    if _material(cheaper, dearer) and not open_ended:
        return None
    if _material(cheaper, dearer):
        why = Point("measure_open_ended", (("route", _named(trained)),))
    else:
        why = Point("measure_money_immaterial", (("prompted", _named(prompted)), ("trained", _named(trained)),
                                                 ("difference", money(dearer.horizon_total.usd
                                                                      - cheaper.horizon_total.usd)),
                                                 ("months", money.months)))
    target = (("target", _fmt(signals.target)), ("metric", signals.metric or "accuracy"))
    trained_option = next(item.option for item in ranking if item.route is trained)
    decisions = (
        Point("measure_pick_prompting", target + (("route", _named(routes["prompting"]) if routes["prompting"]
                                                   else _named(prompted)),)),
        Point("measure_pick_in_context", target + (("route", _named(routes["in_context"]) if routes["in_context"]
                                                    else _named(prompted)),)),
        Point("measure_pick_training", target + (("option", OPTION_NAMES[trained_option]["en"]),
                                                 ("route", _named(trained)))),
    )
    return MeasurePlan(why, ("zero_shot", "random", "retrieved"), None, decisions)


def _unverified_point(lead: UnverifiedLead, money: _Money) -> Point:
    answer = OPTION_NAMES[lead.answer_if_unavailable]["en"] if lead.answer_if_unavailable in OPTION_NAMES else (
        ANSWER_WORDS[lead.answer_if_unavailable])
    # every one of them unverified, which the sentence says: each named with its date, in no language
    sources = "; ".join(f"{source.source} ({source.as_of.isoformat()})" for source in lead.route.sources
                        if not source.verified)
    if lead.alternative is None:
        return Point("unverified_no_alternative", (("route", _named(lead.route)), ("sources", sources),
                                                   ("answer", answer)))
    return Point("unverified_lead", (("route", _named(lead.route)), ("sources", sources),
                                     ("alternative", _named(lead.alternative)),
                                     ("total", money(lead.alternative.horizon_total.usd)), ("months", money.months),
                                     ("answer", answer)))


ANSWER_WORDS = {"fix_data": "fix the data first", "measure": "measure first"}


# --- routes that can take the data ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Chosen:
    route: Route | None  # the cheapest usable route that takes the data
    fit: DataFit | None
    risks: tuple[Point, ...] = ()  # cheaper routes left out because they cannot take the data, the conversion
    left_out: int = 0


def _shape_of_profile(profile: Profile) -> DataShape:
    kind = ("preference" if profile.preference_pairs is not None else
            {"tool_calling": "tool_calls", "corpus": "corpus"}.get(profile.task_kind, "supervised"))
    return DataShape(kinds=((kind, profile.sizes.examples),), formats=())


def _routes_taking_the_data(comparison: Comparison, shape: DataShape, money: _Money) -> dict[str, _Chosen]:
    """Per option, the cheapest open, priced route whose platform takes this data (advisor/decide/data_fit.py).

    A cheaper route that cannot take it is never the option's route, and never silently: it is named as a risk."""
    out = {}
    for option in OPTIONS:
        risks: list[Point] = []
        left_out = 0
        picked: tuple[Route | None, DataFit | None] = (None, None)
        for route in comparison.usable(option):
            fit = fit_of(route, shape)
            if fit is None or fit.takes:
                picked = (route, fit)
                break
            left_out += 1
            if left_out == 1:  # the cheapest one left out says why; the count says how many more
                risks.append(Point("route_refuses_data", (("route", _named(route)),
                                                          ("total", money(route.horizon_total.usd)), ("why", fit))))
        route, fit = picked
        if left_out > 1:
            risks.append(Point("routes_refuse_data", (("count", left_out),)))
        if route is None and left_out:
            risks.append(Point("no_route_takes_data", (("count", left_out),)))
        if fit is not None and fit.fit == "converted":
            risks.append(Point("route_needs_export", (("route", _named(route)), ("how", fit))))
        out[option] = _Chosen(route, fit, tuple(risks), left_out)
    return out


# --- money ----------------------------------------------------------------------------------------------


class _Money:
    def __init__(self, comparison: Comparison) -> None:
        self.currency = comparison.currency
        self.months = comparison.scenario.horizon_months

    def __call__(self, usd: float) -> str:
        return format_money(Money.of(usd), self.currency)


def _add_costs(judged: dict[str, Judged], routes: dict[str, Route | None], money: _Money, scenario: Scenario) -> None:
    priced = {option: route for option, route in routes.items() if route is not None}
    if not priced:
        return
    cheapest = min(route.horizon_total.usd for route in priced.values())
    for option, route in priced.items():
        reasons, risks, blocked = judged[option]
        total = route.horizon_total.usd
        ratio = total / cheapest if cheapest > 0 else (1.0 if total == 0 else math.inf)
        args = (("route", _named(route)), ("total", money(total)), ("monthly", money(route.monthly.usd)),
                ("months", money.months))
        if ratio <= 1.0 + 1e-9:
            point = Point("cheapest_option", args, 20)
        elif ratio <= 1.0 + AS_CHEAP or total - cheapest < IMMATERIAL_USD:
            point = Point("as_cheap_option", args, 18)
        else:
            # Each tenfold of cost takes 10 more points (up to 30): a route 1,000× the cheapest must not lead on
            # shape alone.
            weight = round(20 / ratio) - 5 - min(COSTLIER_CAP, round(10 * math.log10(ratio)))
            point = Point("costlier_option", args + (("ratio", f"{ratio:,.1f}"),), weight)
        extra = (point,)
        if scenario.data_must_stay:
            extra += (Point("self_hosted_only", (("route", _named(route)),)),)
        judged[option] = (reasons + extra, risks, blocked)


def _break_even(comparison: Comparison, routes: dict[str, Route | None],
                ranking: list[Assessment]) -> BreakEvenPoint | None:
    """The leading open training route against the in-context route (else the prompting one): the volume where
    they cost the same over the horizon, or that one is cheaper at every volume, with both monthly slopes."""
    tuned = next((item.route for item in ranking if item.option in ("lora", "full_finetune")
                  and item.route is not None and not item.blocked), None)
    tuned = tuned or next((routes[option] for option in ("lora", "full_finetune") if routes[option] is not None), None)
    versus = routes["in_context"] or routes["prompting"]
    if tuned is None or versus is None:
        return None
    found = comparison.break_even_between(tuned, versus)
    if found is None:
        return None
    volume = int(found.monthly_requests) if found.status == "crosses" and found.monthly_requests is not None else None
    return BreakEvenPoint(tuned.label, versus.label, volume, found.status, comparison.cost_per_thousand(tuned),
                          comparison.cost_per_thousand(versus), _named(tuned), _named(versus))


# --- confidence and what would change -------------------------------------------------------------


def _confidence(ranking: list[Assessment], signals: _Signals, evidence: Evidence,
                fix_first: tuple[Point, ...]) -> tuple[str, tuple[Point, ...]]:
    reasons = []
    zero, few = _llm_results(evidence)
    measured = max((result.n for result in (zero, few) if result is not None), default=0)
    if measured:
        reasons.append(Point("confidence_llm_measured", (("n", measured),)))
    else:
        reasons.append(Point("confidence_llm_missing"))
    offline_n = evidence.offline.examples if evidence.offline is not None and evidence.offline.results else 0
    if offline_n:
        reasons.append(Point("confidence_offline_evidence", (("n", offline_n),)))
    if signals.examples < USEFUL_EXAMPLES:
        reasons.append(Point("confidence_small_data", (("examples", signals.examples),)))
    # Skewed labels with a rare one of few examples: its recall moves the primary metric and rests on few.
    rare_label = signals.label_ratio > SKEW_RATIO and 0 < signals.rarest_label < RARE_LABEL_EXAMPLES
    if rare_label:
        reasons.append(Point("confidence_rare_label", (("least", signals.rarest_label),
                                                       ("ratio", f"{signals.label_ratio:,.0f}"))))
    open_ranking = [item for item in ranking if not item.blocked]
    margin = open_ranking[0].points - open_ranking[1].points if len(open_ranking) > 1 else 100
    if len(open_ranking) > 1:
        reasons.append(Point("confidence_margin", (("first", open_ranking[0].name()), ("second", open_ranking[1].name()),
                                                   ("margin", margin))))
    if signals.ceiling is not None:
        reasons.append(Point("confidence_label_ceiling", (("ceiling", _fmt(signals.ceiling)),
                                                          ("metric", signals.metric or "accuracy"),
                                                          ("target", _fmt(signals.target)))))
    if fix_first:
        reasons.append(Point("confidence_fix_first"))
    evidence_strong = measured >= MEASURED_SAMPLE or offline_n >= 200
    if fix_first or margin < CLEAR_MARGIN / 2 or (signals.examples < USEFUL_EXAMPLES and not measured):
        level = "low"
    elif evidence_strong and margin >= CLEAR_MARGIN and not rare_label:
        level = "high"
    else:
        level = "medium"
    return level, tuple(reasons)


def _what_would_change(ranking: list[Assessment], signals: _Signals, evidence: Evidence, scenario: Scenario,
                       comparison: Comparison, break_even: BreakEvenPoint | None, money: _Money) -> tuple[Point, ...]:
    out = []
    planned = f"{scenario.monthly_requests:,}"
    tuned_open = any(item.option in ("lora", "full_finetune") and not item.blocked for item in ranking)
    if break_even is not None and tuned_open:
        args = (("route", break_even.route_name or break_even.route),
                ("versus", break_even.versus_name or break_even.versus), ("months", scenario.horizon_months))
        if break_even.monthly_requests is not None:
            above = scenario.monthly_requests >= break_even.monthly_requests
            out.append(Point("change_break_even_down" if above else "change_break_even_up",
                             args + (("volume", f"{break_even.monthly_requests:,}"), ("planned", planned))))
        elif break_even.slope is not None and break_even.versus_slope is not None:
            slopes = (("slope", money(break_even.slope)), ("versus_slope", money(break_even.versus_slope)))
            out.append(Point(f"change_break_even_{break_even.status}", args + slopes))
    curve = evidence.curve
    if (curve is not None and curve.examples_for_target is not None and curve.examples_for_target > signals.corpus
            and ranking[0].option not in ("lora", "full_finetune")):
        out.append(Point("change_more_examples", (("more", f"{curve.examples_for_target - signals.corpus:,}"),
                                                  ("needed", f"{curve.examples_for_target:,}"),
                                                  ("target", _fmt(curve.target)), ("metric", curve.metric))))
    unmeasured = evidence.llm is None or not any(result.score is not None for result in evidence.llm.results)
    if unmeasured and signals.kind != "corpus":  # a corpus has no questions to prompt with
        out.append(Point("change_measure_llm", (("target", _fmt(signals.target)),)))
    if signals.in_file and signals.conflict_lines / signals.in_file >= CONFLICT_RISK:
        out.append(Point("change_fix_conflicts", (("lines", signals.conflict_lines),)))
    if scenario.data_must_stay:
        out.append(Point("change_allow_hosted"))
    else:
        route = comparison.cheapest(hosting="self_hosted")
        if route is not None:
            out.append(Point("change_privacy", (("route", _named(route)), ("total", money(route.horizon_total.usd)),
                                                ("months", scenario.horizon_months))))
    if ranking[0].option != "full_finetune" and signals.training_tokens >= FULL_FINETUNE_MIN_TOKENS / 10:
        out.append(Point("change_full_finetune", (("tokens", _tokens(signals.training_tokens)),)))
    leading = ranking[0].route
    if leading is not None and leading.status == "closing":
        out += [Point("change_door_closing", (("route", _named(leading)), ("note", note)))
                for note in leading.availability]
    return tuple(out)


# --- hyperparameters ---------------------------------------------------------------------------------------


def _hyperparameters(route: Route | None, signals: _Signals, comparison: Comparison
                     ) -> tuple[str | None, tuple[Hyperparameter, ...]]:
    if route is None:
        return None, ()
    if route.key.startswith("full_finetune/openai/"):
        path = "openai"
    elif route.option == "full_finetune":
        path = "full"
    else:
        path = "lora"
    from advisor.pricing.catalog import load_catalog

    model = load_catalog().find_model(route.model)
    params_b = model.params_b if model is not None else None
    out = []
    for row in rows_for(path, params_b):
        value = row.get("value")
        if row.get("rule") == "cookbook_epochs":
            value = comparison.scenario.epochs or cookbook_epochs(signals.corpus)
        elif row.get("rule") == "validation_share":
            value = round(validation_target(signals.corpus, 0.1) / signals.corpus, 4) if signals.corpus else 0.0
        out.append(Hyperparameter(row["name"], value, row["source"], bool(row.get("verified", True))))
    return path, tuple(out)


# --- as data -----------------------------------------------------------------------------------------------


def recommendation_to_dict(recommendation: Recommendation, lang: str = "en") -> dict[str, Any]:
    """The JSON `advisor recommend --json` prints (keys are stable)."""
    from advisor.pricing.costs import money_to_dict

    currency = recommendation.currency

    def route_costs(route: Route | None) -> dict[str, Any] | None:
        if route is None:
            return None
        return {"route": route.key, "label": route.label, "title": route.title.to_dict() if route.title else None,
                "hosting": route.hosting, "status": route.status,
                "training": money_to_dict(route.training, currency), "monthly": money_to_dict(route.monthly, currency),
                "horizon_total": money_to_dict(route.horizon_total, currency)}

    def points(items: tuple[Point, ...]) -> list[dict[str, Any]]:
        return [item.to_dict(lang) for item in items]

    break_even = recommendation.break_even
    return {
        "next_step": recommendation.next_step,
        "ranking": [
            {"option": item.option, "name": item.name(lang), "verdict": item.verdict, "score": item.score,
             "reasons": points(item.reasons), "risks": points(item.risks), "costs": route_costs(item.route),
             "data_fit": item.fit.to_dict(lang) if item.fit is not None else None}
            for item in recommendation.ranking
        ],
        "confidence": recommendation.confidence,
        "confidence_reasons": points(recommendation.confidence_reasons),
        "fix_first": points(recommendation.fix_first),
        "break_even_monthly_requests": break_even.monthly_requests if break_even else None,
        "break_even": None if break_even is None else {
            "route": break_even.route, "versus": break_even.versus, "monthly_requests": break_even.monthly_requests,
            "status": break_even.status,
            "usd_per_1000_requests": {"route": break_even.slope, "versus": break_even.versus_slope}},
        "what_would_change": points(recommendation.what_would_change),
        "measure": None if recommendation.measure is None else {
            "why": recommendation.measure.why.to_dict(lang),
            "runs": list(recommendation.measure.runs),
            "cost": None if recommendation.measure.cost is None else {
                "model": recommendation.measure.cost.model, "held_out": recommendation.measure.cost.held_out,
                "calls": recommendation.measure.cost.calls,
                "expected": money_to_dict(Money.of(recommendation.measure.cost.expected_usd), currency),
                "worst": money_to_dict(Money.of(recommendation.measure.cost.worst_usd), currency)},
            "decisions": points(recommendation.measure.decisions)},
        "unverified_lead": None if recommendation.unverified_lead is None else {
            "route": route_costs(recommendation.unverified_lead.route),
            "verified_alternative": route_costs(recommendation.unverified_lead.alternative),
            "answer_if_unavailable": recommendation.unverified_lead.answer_if_unavailable},
        "hyperparameters": {
            "path": recommendation.hyperparameter_path,
            "values": [{"name": item.name, "value": item.value, "source": item.source, "verified": item.verified}
                       for item in recommendation.hyperparameters],
        },
        "metric": recommendation.metric,
        "target": recommendation.target,
    }


__all__ = [
    "Assessment", "BreakEvenPoint", "Evidence", "Hyperparameter", "MeasureCost", "MeasurePlan", "OPTION_NAMES", "Point",
    "Recommendation", "UnverifiedLead",
    "VERDICTS", "recommend", "recommendation_to_dict",
]
