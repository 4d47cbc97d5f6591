"""`profile(dataset) -> Profile`: can this data teach a model? Computed once, rendered by the CLI, app and report.

Each check lives in advisor/profiling/checks/ as one small unit returning a typed result with the same two
methods: `summary()` (its part of the JSON contract) and `findings()` (what to act on, with lines).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from advisor.data.memory import release_free_memory
from advisor.data.model import Dataset
from advisor.data.plain_chats import ListedMessages
from advisor.data.tokens import DEFAULT_MODEL, TokenCounter, TokenSummary, choose_encoding, count_tokens
from advisor.profiling.checks.agreement import Agreement, measure_agreement
from advisor.profiling.checks.base import SEVERITY_ORDER, Finding, ProfileData, prepare
from advisor.profiling.checks.changing_facts import ChangingFacts, facts_in, find_changing_facts
from advisor.profiling.checks.duplicates import Duplicates, find_duplicates
from advisor.profiling.checks.language import Languages, detect_languages
from advisor.profiling.checks.lookalike_labels import LookalikeLabels, find_lookalike_labels
from advisor.profiling.checks.near import NearDuplicatesFound, find_near
from advisor.profiling.checks.output_format import OutputFormat, describe_outputs
from advisor.profiling.checks.personal_data import PersonalData, find_personal_data
from advisor.profiling.checks.preference_pairs import PreferencePairs, measure_pairs
from advisor.profiling.checks.sizes import Shape, Sizes, measure_shape, measure_sizes
from advisor.profiling.checks.task import Task, infer_task
from advisor.profiling.checks.tool_calls import ToolCalls, find_tool_calls
from advisor.profiling.leakage import Leakage, find_leakage
from advisor.profiling.pii import pii_kinds


@dataclass(frozen=True, slots=True)
class Profile:
    sizes: Sizes
    output_format: OutputFormat
    task: Task
    duplicates: Duplicates
    near_duplicates: NearDuplicatesFound
    personal_data: PersonalData
    languages: Languages
    lookalike_labels: LookalikeLabels
    leakage: Leakage | None = None
    tool_calls: ToolCalls | None = None  # measured with the tokens: the definitions' cost is part of it
    preference_pairs: PreferencePairs | None = None  # None: the data holds no preference pair
    changing_facts: ChangingFacts | None = None  # answers made of prices, dates, stock counts
    agreement: Agreement | None = None  # a table's annotator columns: their agreement and the ceiling it sets

    @property
    def task_kind(self) -> str:
        return self.task.kind

    @property
    def checks(self) -> tuple[Any, ...]:
        """Every check's result, for renderers that list them without knowing them."""
        results = (self.sizes, self.output_format, self.task, self.lookalike_labels, self.duplicates,
                   self.near_duplicates, self.personal_data, self.languages)
        results += (self.tool_calls,) if self.tool_calls is not None else ()
        results += (self.preference_pairs,) if self.preference_pairs is not None else ()
        results += (self.changing_facts,) if self.changing_facts is not None else ()
        results += (self.agreement,) if self.agreement is not None else ()
        return results + ((self.leakage,) if self.leakage is not None else ())

    def findings(self) -> tuple[Finding, ...]:
        """One list, most severe first, then the ones touching the most lines."""
        found = [finding for result in self.checks if hasattr(result, "findings") for finding in result.findings()]
        return tuple(sorted(found, key=lambda finding: (SEVERITY_ORDER[finding.severity], -len(finding.lines))))

    def summary(self) -> dict:
        merged: dict = {}
        for result in self.checks:
            merged.update(result.summary())
        return merged


@dataclass(frozen=True, slots=True)
class TextChecks:
    """The checks that need the texts but not their token counts: they run while tokens are counted."""

    data: ProfileData
    output_format: OutputFormat
    task: Task
    duplicates: Duplicates
    near_duplicates: NearDuplicatesFound
    personal_data: PersonalData | None  # None (and changing_facts): left to `complete_profile` (the token
    # worker scans the texts)
    languages: Languages
    lookalike_labels: LookalikeLabels
    leakage: Leakage | None
    changing_facts: ChangingFacts | None
    agreement: Agreement | None = None
    shape: Shape | None = None  # the sizes that need no token count


# `run_text_checks`' steps, told as each starts: the texts normalised, the near-duplicate search (the longest), the rest
TEXT_CHECK_STEPS = ("texts", "near_duplicates", "checks")


def run_text_checks(dataset: Dataset, validation: Dataset | None = None, scan_here: bool = True,
                    step: Callable[[str], None] = lambda name: None) -> TextChecks:
    """`scan_here` False: personal data and changing facts are left to `complete_profile`. `step` is told each of
    TEXT_CHECK_STEPS as it starts."""
    step("texts")
    data = prepare(dataset)
    output_format = describe_outputs(data)
    task = infer_task(data, output_format)
    step("near_duplicates")
    near_duplicates = find_near(data, task.kind)
    release_free_memory()  # the near-duplicate search's numpy temporaries (see advisor/data/memory.py)
    step("checks")
    return TextChecks(
        data=data,
        output_format=output_format,
        task=task,
        duplicates=find_duplicates(data, task.kind),
        near_duplicates=near_duplicates,
        personal_data=find_personal_data(data) if scan_here else None,
        languages=detect_languages(data),
        lookalike_labels=find_lookalike_labels(data, task),
        leakage=None if validation is None else find_leakage(dataset, validation),
        changing_facts=find_changing_facts(data) if scan_here else None,
        agreement=measure_agreement(data),
        shape=measure_shape(data),
    )


def complete_profile(
    checks: TextChecks,
    tokens: TokenSummary,
    counts: TokenCounter,
    pii_kinds_of: Callable[[str], frozenset[str]] = pii_kinds,
    facts_of: Callable[[str], list[str]] = facts_in,
    listed: ListedMessages | None = None,
) -> Profile:
    """`pii_kinds_of`, `facts_of`: where the checks `run_text_checks` left read each text's personal data
    and facts; `listed`: the plain chat examples the token worker counted and scanned
    (advisor/data/plain_chats.py)."""
    shared = {field.name: getattr(checks, field.name) for field in fields(TextChecks)
              if field.name not in ("data", "shape")}
    if checks.personal_data is None:
        shared["personal_data"] = find_personal_data(checks.data, pii_kinds_of, listed)
    if checks.changing_facts is None:
        shared["changing_facts"] = find_changing_facts(checks.data, facts_of)
    return Profile(sizes=measure_sizes(checks.data, tokens, counts, checks.shape, listed),
                   tool_calls=find_tool_calls(checks.data, tokens),
                   preference_pairs=measure_pairs(checks.data, counts), **shared)


def profile(
    dataset: Dataset,
    tokens: TokenSummary | None = None,
    counts: TokenCounter | None = None,
    validation: Dataset | None = None,
) -> Profile:
    """Profile `dataset`. Pass the `tokens` (and the `counts` memo they were made with) to avoid recounting."""
    if counts is None:
        encoding = tokens.encoding if tokens else choose_encoding(DEFAULT_MODEL).encoding
        counts = TokenCounter(encoding)
    if tokens is None:
        tokens = count_tokens(dataset, DEFAULT_MODEL, counts)
    return complete_profile(run_text_checks(dataset, validation), tokens, counts)
