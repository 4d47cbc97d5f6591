"""Few-shot baselines with a real LLM: zero-shot, k random and k retrieved demonstrations, on held-out examples.

Plan (`plan_llm_baselines`, no network)
    The data is split leak-free and stratified like the learning curve (`advisor.profiling.split.split_dataset`,
    20 % validation, the same seed): examples sharing an input never straddle the split. `sample`
    examples are drawn (seeded) from the validation side and evaluated; demonstrations come from the
    training side only, and any training example whose input equals the evaluated one is excluded
    too, so a demonstration is never the evaluated example itself.

    Strategies (each declares its options here):
      zero_shot   the task description as instructions, nothing else;
      random      k demonstrations drawn at random from the training side (a fresh, seeded draw per
                  evaluated example);
      retrieved   the k training examples nearest to the evaluated input (TF-IDF cosine over the input
                  without system prompts, as the offline nearest neighbour), the nearest placed last,
                  right before the question; looked for among at most RETRIEVAL_POOL training examples
                  (a seeded draw when the training side is larger, so that the plan's time is bounded:
                  the index over 99,000 chat inputs took 19.6 s of a 27-s plan, 2026-12-04).

    A prompt is one system message (the instructions — `--task`, or a default for the task kind — plus,
    for classification, the list of labels, each with what it means when the user described it
    (advisor/data/label_descriptions.py); any system prompt the example itself carries is appended),
    then each demonstration as a user turn and an assistant turn, then the example's own input turns.
    Calls are ordered example by example, strategy by strategy, so a budget that runs out part-way
    leaves the strategies compared on nearly the same examples.

Run (`run_llm_baselines`)
    Calls go through `advisor.baselines.client.run_calls` inside the `Budget`; answers are scored with
    `advisor.baselines.metrics.score_predictions` exactly as the offline baselines are. A score rests
    on the answered calls only (`n`): a failed or skipped call is a fault of the run, not a wrong answer,
    and is counted separately. Classification answers are read as a label first (`parse_label`: exactly one
    label — or exactly a label's description, or the label and its description as listed — never guessed from
    a sentence).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor.baselines.budget import Budget, BudgetReport, CallEstimate, Estimate, estimate_cost, worst_input_tokens
from advisor.baselines.cache import ResponseCache
from advisor.baselines.client import CallOutcome, ChatClient, ChatRequest, ProgressCallback, run_calls
from advisor.baselines.judge import judge_answers, judge_estimates
from advisor.baselines.llm_types import Answer, LlmPlan, PlannedCall, Strategy, TaskSpec
from advisor.data.labels import label_key
from advisor.data.model import Dataset, Example
from advisor.pricing.inference_prices import TokenPrice

STRATEGY_NAMES = ("zero_shot", "random", "retrieved")
DEFAULT_SHOTS = 5
DEFAULT_SAMPLE = 50
VALIDATION_SHARE = 0.2  # as the learning curve: the LLM's held-out examples come from the same side
MAX_OUTPUT_TOKENS = 4096
CLASSIFICATION_MIN_TOKENS = 16  # room for "The answer is: <label>." from a chatty model
GENERATION_MIN_TOKENS = 64
RETRIEVAL_POOL = 10_000  # training examples a retrieved demonstration is looked for among, at most

DEFAULT_INSTRUCTIONS = {
    "classification": "Classify the input.",
    "extraction": "Extract the requested information from the input. Answer with JSON only, in the same shape "
    "as the examples, without code fences.",
    "generation": "Write the answer the task calls for, in the style and length of the examples.",
    "chat": "Write the assistant's next reply, in the style and length of the examples.",
    # advisor/task_kinds/: a call is scored as its canonical text (name, then sorted JSON arguments).
    "tool_calling": "Answer with the function call the request needs: the function name, a space, then its "
    "arguments as one JSON object, and nothing else.",
    "corpus": "Continue the text in the style of the examples.",
}


def strategies_for(shots: int, names: Sequence[str] = STRATEGY_NAMES) -> tuple[Strategy, ...]:
    """Zero-shot, and with `shots` > 0 the random and retrieved strategies with that many demonstrations."""
    if shots < 0:
        raise ValueError("shots must be 0 or more")
    chosen = []
    for name in names:
        if name not in STRATEGY_NAMES:
            raise ValueError(f"unknown strategy {name!r}; expected one of {', '.join(STRATEGY_NAMES)}")
        if name == "zero_shot":
            chosen.append(Strategy(name, 0))
        elif shots > 0:
            chosen.append(Strategy(name, shots))
    return tuple(chosen)


def describe_task(dataset: Dataset, task_text: str | None = None,
                  label_descriptions: Sequence[tuple[str, str]] = ()) -> TaskSpec:
    """The task kind and labels the profile infers, and the instructions every prompt starts with; the user's
    `label_descriptions` (advisor/data/label_descriptions.py, checked against the same labels) go with the labels."""
    from advisor.profiling.checks.base import prepare
    from advisor.profiling.checks.output_format import describe_outputs
    from advisor.profiling.checks.task import infer_task

    data = prepare(dataset)
    return task_spec(infer_task(data, describe_outputs(data)), task_text, label_descriptions)


def task_spec(task: Any, task_text: str | None = None, label_descriptions: Sequence[tuple[str, str]] = ()) -> TaskSpec:
    """`describe_task` from the profile's inferred task (`advisor.profiling.checks.task.Task`) of the dataset."""
    text = (task_text or "").strip()
    return TaskSpec(
        kind=task.kind,
        instructions=text or DEFAULT_INSTRUCTIONS[task.kind],
        labels=tuple(label for label, _ in task.labels),
        described_by_user=bool(text),
        label_descriptions=_described(tuple(label for label, _ in task.labels), label_descriptions),
    )


def _described(labels: tuple[str, ...], descriptions: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The descriptions keyed by the labels as `labels` spells them (compared with `label_key`), in label order."""
    meaning = {label_key(label): description for label, description in descriptions}
    return tuple((label, meaning[label_key(label)]) for label in labels if label_key(label) in meaning)


# --- labels --------------------------------------------------------------------------------------------


# Around an answer that is exactly one label, only these may be added: whitespace, quotes, one final period.
_WRAPPING = " \"'`“”‘’«»"


def parse_label(answer: str, labels: Sequence[str], descriptions: Sequence[tuple[str, str]] = ()) -> str | None:
    """The label an answer is, as spelled in `labels`; None ("unparsed") when it is anything else.

    Exact, read as the profile reads labels (`advisor.data.labels.label_key`: case, spacing, invisible characters
    and Unicode form aside): "Positive.", '"positive"', "POSITIVE" are positive; surrounding quotes and
    whitespace and one final period are allowed, nothing else. Nothing is guessed from a sentence: "The
    answer is positive" or "Not positive. Negative." is unparsed, counted and scored as wrong. With the user's
    `descriptions`, an answer that is exactly one label's description ("offensive" for `1`), or the label and
    its description as the prompt lists them ("1: offensive"), is that label — unless it is also another label.
    """
    key = _bare_key(answer)
    if not key:
        return None
    found = next((label for label in labels if _bare_key(label) == key), None)
    if found is not None or not descriptions:
        return found
    meant = [label for label, description in descriptions
             if key in (_bare_key(description), _bare_key(f"{label}: {description}"))]
    return meant[0] if len(meant) == 1 else None


def _bare_key(text: str) -> str:
    """`label_key` without the wrapping an exact answer may carry (a label "N/A." is then "n/a" too)."""
    key = label_key(text).strip(_WRAPPING)
    return key[:-1].strip(_WRAPPING) if key.endswith(".") else key


def clean_answer(answer: str, kind: str) -> str:
    """Extraction answers lose a surrounding ```json fence: models add one even when told not to. A tool call
    ("name {arguments}") is written in canonical form, so spacing and key order do not make it wrong."""
    text = answer.strip()
    if kind == "tool_calling":
        from advisor.task_kinds.tool_calling import canonical_arguments

        name, _, arguments = text.partition(" ")
        return f"{name} {canonical_arguments(arguments.strip())}" if arguments.strip() else text
    if kind == "extraction":
        fenced = re.fullmatch(r"```[\w-]*\s*\n?(.*?)\n?```", text, flags=re.DOTALL)
        if fenced:
            return fenced.group(1).strip()
    return text


# --- the plan ---------------------------------------------------------------------------------------------


def plan_llm_baselines(
    dataset: Dataset,
    model: str,
    task_text: str | None = None,
    shots: int = DEFAULT_SHOTS,
    sample: int = DEFAULT_SAMPLE,
    seed: int = 0,
    strategies: Sequence[Strategy] | None = None,
    max_tokens: int | None = None,
    task: TaskSpec | None = None,
    label_descriptions: Sequence[tuple[str, str]] = (),
    split: Any = None,
) -> LlmPlan:
    """Every call a run would make, with its messages and token estimate. Makes no call. `label_descriptions`
    (label, meaning) pairs, checked by advisor/data/label_descriptions.py, are listed with the labels in every prompt.
    `split`: `plan_split(dataset, task.kind, seed)`, if already made."""
    from advisor.data.tokens import TokenCounter, choose_encoding
    from advisor.profiling.checks.base import normalise
    from advisor.profiling.checks.near import user_text
    from advisor.task_kinds import answer_text

    if sample < 1:
        raise ValueError("sample must be at least 1")
    task = task or describe_task(dataset, task_text, label_descriptions)
    strategies = tuple(strategies) if strategies is not None else strategies_for(shots)
    examples = dataset.examples
    outputs = [answer_text(example) for example in examples]  # a tool call as its canonical text
    split = split or plan_split(dataset, task.kind, seed, outputs)
    rng = random.Random(seed)
    evaluated = tuple(rng.sample(list(split.validation), min(sample, len(split.validation))))
    train = split.train
    texts = [user_text(example) for example in examples]
    keys = [normalise(text) for text in texts]
    retrieved = _retrieve(texts, _retrieval_pool(train, seed), evaluated, keys,
                          max(s.shots for s in strategies if s.name == "retrieved")) \
        if any(s.name == "retrieved" and s.shots for s in strategies) else {}

    choice = choose_encoding(model)
    counts = TokenCounter(choice.encoding)
    canonical = {label_key(label): label for label in reversed(task.labels)}
    references = [canonical.get(label_key(output), output.strip()) if task.kind == "classification" else output
                  for output in outputs]
    limit = max_tokens or _max_tokens(task, references, counts)
    calls = []
    for index in evaluated:
        for strategy in strategies:
            demos = _demonstrations(strategy, index, train, keys, retrieved, seed)
            messages = build_messages(task, examples[index], [(texts[d], outputs[d]) for d in demos])
            estimated = sum(3 + counts[role] + counts[content] for role, content in messages) + 3
            expected = min(limit, counts[references[index]] + 1)
            estimate = CallEstimate(estimated, worst_input_tokens(estimated, choice.exact), limit, expected)
            calls.append(PlannedCall(strategy, index, demos, ChatRequest(messages, limit, estimate), references[index]))
    return LlmPlan(task, model, strategies, tuple(train), evaluated, tuple(calls), limit, choice.exact, seed)


def plan_split(dataset: Dataset, kind: str, seed: int = 0, outputs: Sequence[str] | None = None) -> Any:
    """The plan's leak-free split (`advisor.profiling.split.Split`), stratified by label for classification.
    `outputs`: each example's `answer_text`, if at hand."""
    from advisor.baselines.metrics import normalised_each
    from advisor.profiling.split import split_dataset
    from advisor.task_kinds import answer_text

    labels = None
    if kind == "classification":
        outputs = outputs if outputs is not None else [answer_text(example) for example in dataset.examples]
        labels = tuple(normalised_each(outputs))
    return split_dataset(dataset, VALIDATION_SHARE, seed, labels)


def build_messages(
    task: TaskSpec, example: Example, demonstrations: Sequence[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    """System instructions, demonstrations as user/assistant turns, then the example's own input turns."""
    own_system = [m.content for m in example.input_messages() if m.role in ("system", "developer") and m.content]
    system = "\n\n".join([task.system_prompt(), *(text for text in own_system if text != task.instructions)])
    messages: list[tuple[str, str]] = [("system", system)]
    for question, answer in demonstrations:
        messages += [("user", question), ("assistant", answer)]
    for message in example.input_messages():
        if message.role in ("system", "developer"):
            continue
        role = message.role if message.role in ("user", "assistant") else "user"  # tool turns shown as text
        messages.append((role, message.content or ""))
    if messages[-1][0] != "user":
        messages.append(("user", ""))
    return tuple(messages)


def _max_tokens(task: TaskSpec, references: Sequence[str], counts: Any) -> int:
    if task.kind == "classification":
        longest = max((counts[label] for label in task.labels), default=1)
        return max(CLASSIFICATION_MIN_TOKENS, 2 * longest + 8)
    longest = max((counts[text] for text in references), default=0)
    return min(MAX_OUTPUT_TOKENS, max(GENERATION_MIN_TOKENS, math.ceil(1.25 * longest) + 16))


def _demonstrations(
    strategy: Strategy,
    index: int,
    train: Sequence[int],
    keys: Sequence[str],
    retrieved: dict[int, list[int]],
    seed: int,
) -> tuple[int, ...]:
    if strategy.shots == 0 or strategy.name == "zero_shot":
        return ()
    if strategy.name == "random":
        allowed = [other for other in train if other != index and keys[other] != keys[index]]
        draw = random.Random(f"{seed}:{index}")
        return tuple(draw.sample(allowed, min(strategy.shots, len(allowed))))
    return tuple(reversed(retrieved.get(index, [])[: strategy.shots]))  # the nearest last, right before the question


def _retrieval_pool(train: Sequence[int], seed: int) -> Sequence[int]:
    """The training examples retrieval looks among: all of them, or a seeded draw of RETRIEVAL_POOL in file order."""
    if len(train) <= RETRIEVAL_POOL:
        return train
    return sorted(random.Random(f"{seed}:retrieval pool").sample(list(train), RETRIEVAL_POOL))


def _retrieve(
    texts: Sequence[str], train: Sequence[int], evaluated: Sequence[int], keys: Sequence[str], shots: int,
) -> dict[int, list[int]]:
    """For each evaluated example, its `shots` most similar training examples (TF-IDF cosine), most similar first.

    A training example with the same input as the evaluated one is passed over: it is not a demonstration,
    it is the answer.
    """
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not train or not evaluated:
        return {}
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32)
    try:
        train_matrix = vectorizer.fit_transform([texts[i] for i in train])
        similarity = (vectorizer.transform([texts[i] for i in evaluated]) @ train_matrix.T).toarray()
    except ValueError:  # no usable word at all: every training example is as near as any other
        similarity = np.zeros((len(evaluated), len(train)), dtype=np.float32)
    positions = np.arange(len(train))
    ranked = {}
    for row, index in enumerate(evaluated):
        chosen: list[int] = []
        for position in np.lexsort((positions, -similarity[row])):  # ties: file order
            other = train[position]
            if other != index and keys[other] != keys[index]:
                chosen.append(other)
                if len(chosen) == shots:
                    break
        ranked[index] = chosen
    return ranked


def estimate_plan(
    plan: LlmPlan,
    price: TokenPrice,
    cache: ResponseCache | None = None,
    key_of: Callable[[ChatRequest], str] | None = None,
    judge: bool = False,
) -> Estimate:
    """The cost of the plan before any call; with a cache and its key function, cached calls cost nothing.

    With `judge`, a generation task's judge calls are added (one per call, sized from the references).
    """
    cached = [False] * len(plan.calls)
    if cache is not None and key_of is not None:
        cached = [cache.get(key_of(call.request)) is not None for call in plan.calls]
    calls = plan.call_estimates(cached)
    if judge:
        calls += judge_estimates(plan)
    return estimate_cost(calls, price, plan.tokens_exact)


# --- running and scoring --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LlmResult:
    strategy: str
    shots: int
    metric: str
    score: float | None  # None: no call was answered
    ci_low: float | None
    ci_high: float | None
    n: int  # answered calls the score rests on
    calls: int  # calls sent to the endpoint (not cached, not skipped)
    failed_calls: int
    cached_calls: int
    skipped_calls: int  # not made: the budget cap, or a run stopped early
    unparsed: int  # classification answers naming no label (scored as wrong)
    input_tokens: int
    output_tokens: int
    cost_usd: float

    def to_dict(self) -> dict:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {
            "strategy": self.strategy, "shots": self.shots, "metric": self.metric, "score": rounded(self.score),
            "ci_low": rounded(self.ci_low), "ci_high": rounded(self.ci_high), "n": self.n, "calls": self.calls,
            "failed_calls": self.failed_calls, "cached_calls": self.cached_calls, "skipped_calls": self.skipped_calls,
            "unparsed": self.unparsed, "input_tokens": self.input_tokens, "output_tokens": self.output_tokens,
            "cost_usd": round(self.cost_usd, 6),
        }


@dataclass(frozen=True, slots=True)
class LlmBaselines:
    task: TaskSpec
    model: str
    results: tuple[LlmResult, ...]
    answers: tuple[Answer, ...]
    budget: BudgetReport
    evaluated: int  # held-out examples in the sample
    interrupted: bool = False
    error: str | None = None  # why the run stopped early
    judge: Any = None  # advisor.baselines.judge.JudgeReport when a judge ran
    errors: tuple[tuple[str, int], ...] = field(default=())  # failure reasons and how often
    refused: bool = False  # the stop was the endpoint refusing us (wrong key, URL or model; unreachable)
    anomalies: tuple[str, ...] = ()  # usage claims beyond our bounds, each naming its call

    @property
    def calls_made(self) -> int:
        """Calls sent to the endpoint, the judge's included (retries are `budget.requests`)."""
        return sum(result.calls for result in self.results) + (self.judge.calls if self.judge else 0)

    @property
    def calls_skipped(self) -> int:
        """Calls not made (the cap, or a run stopped early), the judge's included."""
        return sum(result.skipped_calls for result in self.results) + (self.judge.skipped_calls if self.judge else 0)

    def to_dict(self) -> dict:
        return {
            "llm": [result.to_dict() for result in self.results],
            "spent_usd": round(self.budget.spent_usd, 6),
            "budget_usd": self.budget.cap_usd,
            "calls_made": self.calls_made,
            "calls_skipped": self.calls_skipped,
            "requests": self.budget.requests,
            "llm_evaluation": {
                "model": self.model,
                "task_kind": self.task.kind,
                "instructions": self.task.instructions,
                "label_descriptions": dict(self.task.label_descriptions),
                "held_out_examples": self.evaluated,
                "interrupted": self.interrupted,
                "error": self.error,
                "failures": dict(self.errors),
                "anomalies": list(self.anomalies),
                "budget": self.budget.to_dict(),
            },
            "judge": None if self.judge is None else self.judge.to_dict(),
        }


def run_llm_baselines(
    plan: LlmPlan,
    client: ChatClient,
    budget: Budget,
    cache: ResponseCache | None = None,
    concurrency: int = 4,
    progress: ProgressCallback | None = None,
    judge: bool = False,
) -> LlmBaselines:
    """Make the plan's calls inside `budget` and score them; an interruption returns what finished."""
    run = run_calls(client, [call.request for call in plan.calls], budget, cache, concurrency, progress)
    results, answers = score_outcomes(plan, run.outcomes)
    report = None
    if judge and plan.task.kind != "classification" and not run.interrupted and run.error is None:
        report = judge_answers(plan, answers, client, budget, cache, concurrency, progress)
    failures: dict[str, int] = {}
    for outcome in run.outcomes:
        if outcome.status == "failed" and outcome.error:
            reason = re.sub(r"\d+(\.\d+)?", "N", outcome.error)[:120]  # group by kind, not by number
            failures[reason] = failures.get(reason, 0) + 1
    anomalies = tuple(f"call {index + 1} ({plan.calls[index].strategy.name}, example {plan.calls[index].example + 1}):"
                      f" {text}" for index, text in run.anomalies)
    if report is not None:  # the judge's calls answer to the same bounds: its anomalies and stop are the run's
        anomalies += report.anomalies
    return LlmBaselines(plan.task, plan.model, results, answers, budget.report(), len(plan.evaluated),
                        run.interrupted or bool(report and report.interrupted),
                        run.error or (report.error if report else None), report,
                        tuple(sorted(failures.items(), key=lambda item: -item[1])),
                        run.refused or bool(report and report.refused), anomalies)


def score_outcomes(plan: LlmPlan, outcomes: Sequence[CallOutcome]) -> tuple[tuple[LlmResult, ...], tuple[Answer, ...]]:
    from advisor.baselines.metrics import primary_metric, score_predictions

    kind = plan.task.kind
    answers = []
    for call, outcome in zip(plan.calls, outcomes, strict=True):
        prediction = None
        if outcome.answered:
            text = outcome.text or ""
            prediction = (parse_label(text, plan.task.labels, plan.task.label_descriptions) if kind == "classification"
                          else clean_answer(text, kind))
        answers.append(Answer(call.strategy.name, call.example, call.reference,
                              outcome.text if outcome.answered else None, prediction, outcome.status, outcome.error))
    metric = primary_metric(kind, [call.reference for call in plan.calls])
    results = []
    for strategy in plan.strategies:
        mine = [(call, outcome, answer) for call, outcome, answer in zip(plan.calls, outcomes, answers, strict=True)
                if call.strategy == strategy]
        scored = [answer for _, outcome, answer in mine if outcome.answered]
        references = [answer.reference for answer in scored]
        # An unparsed label is scored as an answer matching nothing: it is wrong, not missing.
        predictions = [(answer.answer or "") if answer.prediction is None else answer.prediction for answer in scored]
        score = score_predictions(kind, references, predictions, seed=plan.seed) if scored else None
        billed = [outcome for _, outcome, _ in mine if outcome.status in ("ok", "failed")]
        results.append(LlmResult(
            strategy=strategy.name,
            shots=strategy.shots,
            metric=score.metric if score else metric,
            score=None if score is None or math.isnan(score.score) else score.score,
            ci_low=None if score is None or math.isnan(score.ci_low) else score.ci_low,
            ci_high=None if score is None or math.isnan(score.ci_high) else score.ci_high,
            n=score.n if score else 0,
            calls=len(billed),
            failed_calls=sum(outcome.status == "failed" for _, outcome, _ in mine),
            cached_calls=sum(outcome.status == "cached" for _, outcome, _ in mine),
            skipped_calls=sum(outcome.status in ("skipped", "stopped") for _, outcome, _ in mine),
            unparsed=sum(answer.prediction is None for answer in scored) if kind == "classification" else 0,
            input_tokens=sum(outcome.input_tokens for outcome in billed),
            output_tokens=sum(outcome.output_tokens for outcome in billed),
            cost_usd=float(sum(outcome.cost_usd for outcome in billed)),
        ))
    return tuple(results), tuple(answers)
