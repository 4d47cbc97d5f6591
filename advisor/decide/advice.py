"""The whole answer for one dataset and one scenario — analysis, baselines, costs, recommendation — and its
JSON document, which the report renders and which can be saved and reopened without the data.

`advise` runs the flow of DESIGN.md end to end on a loaded dataset. Each expensive part can be handed
in already computed (the app caches the analysis and the token book per file), so changing the
scenario only redoes the arithmetic.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from advisor.analysis import Analysis, analysis_to_dict, analyze
from advisor.baselines.offline import BASELINE_EXAMPLES
from advisor.data.atomic_write import without_lone_surrogates
from advisor.data.model import Dataset
from advisor.decide.data_fit import shape_of
from advisor.decide.recommend import Evidence, MeasureCost, Recommendation, recommend, recommendation_to_dict
from advisor.pricing.comparison import Comparison, TokenBook, compare_options, comparison_to_dict, measure_tokens
from advisor.pricing.freshness import freshness_of, freshness_to_dict, routes_deciding
from advisor.pricing.scenario import Scenario

SCHEMA = "ft-advisor/analysis"
VERSION = 1


class DocumentError(ValueError):
    """A saved analysis that cannot be reopened, with one sentence saying why."""


@dataclass(frozen=True, slots=True)
class Advice:
    task: str
    analysis: Analysis
    evidence: Evidence
    comparison: Comparison
    recommendation: Recommendation
    label_descriptions: tuple[tuple[str, str], ...] = ()  # what each label means, in the user's words


def measure_evidence(dataset: Dataset, task_kind: str, target: float | None = None, llm: Any = None,
                     limit: int = BASELINE_EXAMPLES, seed: int = 0,
                     progress: Callable[[str, int, int], None] | None = None) -> Evidence:
    """Offline baselines and the learning curve (seconds, no key) on the sampling rule every baseline shares
    (`advisor.baselines.offline.evidence_sample`: distinct examples, at most `limit`, stratified by label; each
    result's `sample` says which); `llm` is an already-run LlmBaselines. `progress(part, done, total)` is told after
    each cross-validation fold ("folds") and learning-curve point ("points"), when they run in this process."""
    from advisor.baselines.forked import Beside
    from advisor.baselines.learning_curve import learning_curve
    from advisor.baselines.offline import evidence_examples, offline_baselines

    def told(part: str) -> Callable[[int, int], None] | None:
        return None if progress is None else lambda done, total: progress(part, done, total)

    examples = evidence_examples(dataset, task_kind, limit, seed)  # drawn once for both
    curve = Beside(learning_curve, dataset, task_kind, target, seed=seed, limit=limit,  # on the other core
                   progress=told("points"), examples=examples)
    offline = offline_baselines(dataset, task_kind, seed=seed, limit=limit, progress=told("folds"), examples=examples)
    return Evidence(offline, curve.result(), llm)


def measurement_cost(dataset: Dataset, comparison: Comparison, task: Any = None, split: Any = None) -> MeasureCost | None:
    """What the default LLM baselines (zero-shot, random and retrieved few-shot) would cost on this data with the
    prompting route's model, from the same plan `advisor baseline` runs; None when that model has no known price.
    `task`: the dataset's profile's inferred task, and `split` the plan's (`advisor.baselines.llm.plan_split`), if
    at hand (else worked out again)."""
    route = comparison.cheapest("prompting", hosting="api")
    return None if route is None else model_measurement_cost(dataset, route.model, task, split)


def model_measurement_cost(dataset: Dataset, model: str, task: Any = None, split: Any = None) -> MeasureCost | None:
    """`measurement_cost` with `model` as the prompting route's model."""
    from advisor.baselines.budget import resolve_known
    from advisor.baselines.llm import estimate_plan, plan_llm_baselines, task_spec
    from advisor.pricing.inference_prices import PriceNotFound

    if len(dataset.examples) < 2:
        return None
    try:
        price = resolve_known(model)
        plan = plan_llm_baselines(dataset, model, task=None if task is None else task_spec(task), split=split)
    except (PriceNotFound, ValueError):
        return None
    estimate = estimate_plan(plan, price)
    return MeasureCost(model, len(plan.evaluated), estimate.calls, estimate.expected_usd, estimate.worst_usd)


def advise(
    dataset: Dataset,
    scenario: Scenario,
    *,
    task: str = "",
    target: float | None = None,
    analysis: Analysis | None = None,
    evidence: Evidence | None = None,
    book: TokenBook | None = None,
    today: date | None = None,
    label_descriptions: tuple[tuple[str, str], ...] = (),
    comparison: Comparison | None = None,
    measure_cost: MeasureCost | None = None,
) -> Advice:
    """`comparison` and `measure_cost` (`measurement_cost` of that comparison) may be worked out beforehand, as
    `advisor recommend` does beside the baselines."""
    analysis = analysis or analyze(dataset)
    evidence = evidence or measure_evidence(dataset, analysis.profile.task_kind, target)
    comparison = comparison or compare_options(book or measure_tokens(dataset, analysis.tokens), scenario, today=today)
    shape = shape_of(dataset, analysis.findings)
    result = recommend(analysis.profile, evidence, comparison, scenario, target, shape=shape)
    if result.measure is not None:  # price the measurement only when it is the next step
        result = result.with_measure_cost(measure_cost or measurement_cost(dataset, comparison, analysis.profile.task))
    return Advice(task, analysis, evidence, comparison, result, tuple(label_descriptions))


def evidence_to_dict(evidence: Evidence) -> dict[str, Any]:
    out: dict[str, Any] = {"offline": [], "offline_evaluation": None, "learning_curve": None, "llm": None}
    if evidence.offline is not None:
        out.update(evidence.offline.summary())
    if evidence.curve is not None:
        out.update(evidence.curve.summary())
    if evidence.llm is not None:
        out["llm"] = evidence.llm.to_dict()
    return out


def advice_to_dict(advice: Advice, lang: str = "en") -> dict[str, Any]:
    """One JSON object holding everything the report needs; no API key is ever part of it."""
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "created": advice.comparison.today.isoformat(),
        "lang": lang,
        "task": advice.task,
        "label_descriptions": dict(advice.label_descriptions),  # the task's part the user wrote about each label
        "analysis": analysis_to_dict(advice.analysis, lang),
        "baselines": evidence_to_dict(advice.evidence),
        "scenario": advice.comparison.scenario.to_dict(),
        "costs": comparison_to_dict(advice.comparison),
        "recommendation": recommendation_to_dict(advice.recommendation, lang),
        # How old the figures behind the answer were that day, and where to update them (advisor/pricing/freshness.py).
        "freshness": freshness_to_dict(freshness_of(routes_deciding(advice.recommendation), advice.comparison), lang),
    }


def dumps(document: dict[str, Any]) -> str:
    return without_lone_surrogates(json.dumps(document, ensure_ascii=False, indent=1))  # encodes as UTF-8


def parse_document(text: str | bytes) -> dict[str, Any]:
    """A saved analysis read back; DocumentError when it is not one."""
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise DocumentError(f"not a saved analysis: the file is not valid JSON ({error})") from error
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise DocumentError(f"not a saved analysis: it has no \"schema\": \"{SCHEMA}\" key")
    if document.get("version") != VERSION:
        raise DocumentError(f"saved by a different version of the advisor ({document.get('version')!r}, "
                            f"this one reads {VERSION})")
    missing = [key for key in ("analysis", "baselines", "scenario", "costs", "recommendation") if key not in document]
    if missing:
        raise DocumentError(f"the saved analysis lacks {', '.join(missing)}")
    return document


def load_document(path: str | Path) -> dict[str, Any]:
    try:
        return parse_document(Path(path).read_bytes())
    except OSError as error:
        raise DocumentError(f"{path}: {error.strerror or error}") from error


__all__ = ["Advice", "DocumentError", "advice_to_dict", "advise", "dumps", "load_document", "measure_evidence",
           "parse_document"]
