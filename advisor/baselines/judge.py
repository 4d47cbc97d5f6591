"""An optional LLM judge for generation tasks, where string metrics miss paraphrases — and how far to trust it.

For every answered generation call the judge (the same endpoint and model, inside the same budget,
through the same cache) sees the task description as the rubric, the input, the reference answer and
the candidate, and replies PASS or FAIL. Its score per strategy is the share of PASS with a bootstrap
95 % interval. A reply that is neither is left out (counted as `unparsed`).

Agreement: each judged answer also gets a string verdict — the task's primary string metric
(`advisor.baselines.metrics.primary_metric`, e.g. chrF) at or above `STRING_PASS` (0.5). Agreement
is the share of answers where the two verdicts match. High agreement means the judge adds little;
low agreement with a judge that passes answers the string metric fails points at paraphrases — or at
a lenient judge; the user reads a few (`JudgeVerdict`) to decide which.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.baselines.budget import CallEstimate, worst_input_tokens
from advisor.baselines.client import ChatClient, ChatRequest, ProgressCallback, run_calls

if TYPE_CHECKING:
    from advisor.baselines.budget import Budget
    from advisor.baselines.cache import ResponseCache
    from advisor.baselines.llm import Answer, LlmPlan

VERDICTS = ("PASS", "FAIL")
STRING_PASS = 0.5
JUDGE_MAX_TOKENS = 16

RUBRIC = (
    "You grade answers for this task:\n{task}\n\n"
    "Compare the candidate answer with the reference answer. The candidate passes if it is correct and "
    "does what the task asks as well as the reference does, even when worded differently. "
    "Reply with one word: PASS or FAIL."
)
QUESTION = "Input:\n{input}\n\nReference answer:\n{reference}\n\nCandidate answer:\n{candidate}"


@dataclass(frozen=True, slots=True)
class JudgeVerdict:
    strategy: str
    example: int
    judge_pass: bool | None  # None: the judge failed or gave no verdict
    string_score: float
    string_pass: bool


@dataclass(frozen=True, slots=True)
class JudgeRow:
    strategy: str
    shots: int
    score: float | None  # share of PASS
    ci_low: float | None
    ci_high: float | None
    n: int
    agreement: float | None  # share where the judge and the string metric agree

    def to_dict(self) -> dict:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {"strategy": self.strategy, "shots": self.shots, "metric": "judge_pass_rate",
                "score": rounded(self.score),
                "ci_low": rounded(self.ci_low), "ci_high": rounded(self.ci_high), "n": self.n,
                "agreement": rounded(self.agreement)}


@dataclass(frozen=True, slots=True)
class JudgeReport:
    rows: tuple[JudgeRow, ...]
    verdicts: tuple[JudgeVerdict, ...]
    string_metric: str
    string_pass: float
    calls: int
    failed_calls: int
    cached_calls: int
    skipped_calls: int
    unparsed: int
    cost_usd: float
    interrupted: bool

    @property
    def agreement(self) -> float | None:
        both = [v for v in self.verdicts if v.judge_pass is not None]
        return sum(v.judge_pass == v.string_pass for v in both) / len(both) if both else None

    def to_dict(self) -> dict:
        both = [v for v in self.verdicts if v.judge_pass is not None]
        return {
            "rows": [row.to_dict() for row in self.rows],
            "agreement": None if self.agreement is None else round(self.agreement, 4),
            "string_metric": self.string_metric,
            "string_pass_threshold": self.string_pass,
            "judge_pass_string_fail": sum(bool(v.judge_pass) and not v.string_pass for v in both),
            "judge_fail_string_pass": sum(v.judge_pass is False and v.string_pass for v in both),
            "calls": self.calls, "failed_calls": self.failed_calls, "cached_calls": self.cached_calls,
            "skipped_calls": self.skipped_calls, "unparsed": self.unparsed, "cost_usd": round(self.cost_usd, 6),
        }


def judge_requests(plan: LlmPlan, answers: Sequence[Answer]) -> list[tuple[Answer, ChatRequest]]:
    """One judge request per answered call, with its token estimate."""
    from advisor.tokens import TokenCounter, choose_encoding

    inputs = {call.example: _input_of(call.request.messages[1 + 2 * len(call.demonstrations):]) for call in plan.calls}
    choice = choose_encoding(plan.model)
    counts = TokenCounter(choice.encoding)
    system = RUBRIC.format(task=plan.task.instructions)
    pairs = []
    for answer in answers:
        if answer.prediction is None:
            continue
        question = QUESTION.format(input=inputs[answer.example], reference=answer.reference,
                                   candidate=answer.prediction)
        messages = (("system", system), ("user", question))
        estimated = sum(3 + counts[role] + counts[content] for role, content in messages) + 3
        estimate = CallEstimate(estimated, worst_input_tokens(estimated, choice.exact), JUDGE_MAX_TOKENS, 2)
        pairs.append((answer, ChatRequest(messages, JUDGE_MAX_TOKENS, estimate)))
    return pairs


def judge_estimates(plan: LlmPlan) -> list[CallEstimate]:
    """Before any answer exists: one judge call per planned generation call, the candidate as long as the
    reference (expected) or as `max_tokens` allows (worst case)."""
    from advisor.tokens import TokenCounter, choose_encoding

    if plan.task.kind == "classification":
        return []
    choice = choose_encoding(plan.model)
    counts = TokenCounter(choice.encoding)
    system = RUBRIC.format(task=plan.task.instructions)
    estimates = []
    for call in plan.calls:
        own = _input_of(call.request.messages[1 + 2 * len(call.demonstrations):])
        question = QUESTION.format(input=own, reference=call.reference, candidate="")
        base = 3 + counts["system"] + counts[system] + 3 + counts["user"] + counts[question] + 3
        expected = base + counts[call.reference]
        worst = worst_input_tokens(base + plan.max_tokens, choice.exact)
        estimates.append(CallEstimate(expected, worst, JUDGE_MAX_TOKENS, 2))
    return estimates


def _input_of(own_turns: Sequence[tuple[str, str]]) -> str:
    """The evaluated example's own turns (after the system prompt and the demonstrations) as one text."""
    if len(own_turns) == 1:
        return own_turns[0][1]
    return "\n".join(f"{role}: {content}" for role, content in own_turns)


def judge_answers(
    plan: LlmPlan,
    answers: Sequence[Answer],
    client: ChatClient,
    budget: Budget,
    cache: ResponseCache | None = None,
    concurrency: int = 4,
    progress: ProgressCallback | None = None,
) -> JudgeReport:
    from advisor.baselines.llm import parse_label
    from advisor.baselines.metrics import PER_ITEM, bootstrap_interval, primary_metric

    metric = primary_metric(plan.task.kind, [answer.reference for answer in answers])
    pairs = judge_requests(plan, answers)
    run = run_calls(client, [request for _, request in pairs], budget, cache, concurrency, progress, phase="judge")
    verdicts = []
    unparsed = 0
    for (answer, _), outcome in zip(pairs, run.outcomes, strict=True):
        verdict = parse_label(outcome.text or "", VERDICTS) if outcome.answered else None
        unparsed += outcome.answered and verdict is None
        string_score = PER_ITEM[metric](answer.reference, answer.prediction or "") or 0.0
        verdicts.append(JudgeVerdict(answer.strategy, answer.example, None if verdict is None else verdict == "PASS",
                                     string_score, string_score >= STRING_PASS))
    rows = []
    for strategy in plan.strategies:
        mine = [v for v in verdicts if v.strategy == strategy.name and v.judge_pass is not None]
        values = [float(bool(v.judge_pass)) for v in mine]
        low, high = bootstrap_interval(values, seed=plan.seed) if values else (math.nan, math.nan)
        rows.append(JudgeRow(
            strategy.name, strategy.shots,
            sum(values) / len(values) if values else None,
            None if math.isnan(low) else low, None if math.isnan(high) else high, len(values),
            sum(v.judge_pass == v.string_pass for v in mine) / len(mine) if mine else None,
        ))
    outcomes = run.outcomes
    return JudgeReport(
        rows=tuple(rows),
        verdicts=tuple(verdicts),
        string_metric=metric,
        string_pass=STRING_PASS,
        calls=sum(o.status in ("ok", "failed") for o in outcomes),
        failed_calls=sum(o.status == "failed" for o in outcomes),
        cached_calls=sum(o.status == "cached" for o in outcomes),
        skipped_calls=sum(o.status in ("skipped", "stopped") for o in outcomes),
        unparsed=unparsed,
        cost_usd=float(sum(o.cost_usd for o in outcomes)),
        interrupted=run.interrupted,
    )
