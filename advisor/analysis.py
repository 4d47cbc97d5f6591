"""One analysis of a loaded dataset: token counts and platform findings, computed once.

The CLI's JSON, its readable summary and the app all render the same `Analysis`, so they can never
disagree about a number.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

from advisor.data.atomic_write import print_whole, without_lone_surrogates
from advisor.data.formats import FORMAT_LABELS
from advisor.data.memory import collector_paused
from advisor.data.model import Dataset, Issue, ReadSummary
from advisor.data.loader import watching_examples
from advisor.data.token_worker import MIN_FILE_BYTES, start_ahead, start_counting
from advisor.data.tokens import DEFAULT_MODEL, ExampleTokens, TokenCounter, TokenSummary, choose_encoding, count_tokens
from advisor.i18n.messages import describe
from advisor.profiling.checks.base import Finding
from advisor.profiling.profile import TEXT_CHECK_STEPS, Profile, complete_profile, run_text_checks
from advisor.profiling.validate import start_validation


@dataclass(frozen=True, slots=True)
class Analysis:
    read: ReadSummary  # what reading the file found (not its examples: an analysis is sent between processes)
    tokens: TokenSummary
    findings: tuple[Issue, ...]  # platform findings (loading issues stay in `read`)
    profile: Profile

    @property
    def issues(self) -> tuple[Issue, ...]:
        """Loading issues and platform findings, in line order (file-level ones first)."""
        return tuple(sorted(self.read.issues + self.findings, key=lambda issue: issue.line))


# What an analysis does, in order: `analyze` tells its `progress` each step as it starts (the app shows it).
ANALYSIS_STEPS = (*TEXT_CHECK_STEPS, "tokens", "profile")
Progress = Callable[[str, int, int], None]  # (part, steps done, steps), as a worker's progress (advisor/ui/workers.py)

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class IssueGroup:
    """Findings with the same platform, severity and code: shown once, with the lines they hit."""

    first: Issue  # its message stands for the group (the others differ only in line and details)
    lines: tuple[int, ...]  # distinct, in order
    count: int  # findings in the group (a line may hold several, e.g. two disallowed roles)


def group_issues(issues: Iterable[Issue]) -> tuple[IssueGroup, ...]:
    """Errors before warnings, then the most frequent first, so a flood of one kind hides nothing."""
    groups: dict[tuple, list[Issue]] = {}
    for issue in issues:
        groups.setdefault((issue.platform, issue.severity, issue.code), []).append(issue)
    ordered = sorted(groups.values(), key=lambda members: (SEVERITY_RANK[members[0].severity], -len(members)))
    return tuple(
        IssueGroup(members[0], tuple(dict.fromkeys(member.line for member in members)), len(members))
        for members in ordered
    )


@contextmanager
def prepare_to_analyze(path: str | os.PathLike, model: str = DEFAULT_MODEL) -> Iterator[None]:
    """Load a file to `analyze` inside this: if it is large enough for the token worker, the worker
    starts now and counts the examples as they are read (advisor/data/token_worker.py), and the next
    `analyze` on this model's encoding finishes that count."""
    try:
        size = os.path.getsize(path)
    except (OSError, TypeError, ValueError):  # no such file (loading will say so), not a path
        size = 0
    with counting_while_loading(size, model):
        yield


@contextmanager
def counting_while_loading(size_bytes: int, model: str = DEFAULT_MODEL) -> Iterator[None]:
    """`prepare_to_analyze` for a file of `size_bytes` read some other way (the app's workers read uploads from
    memory, advisor/ui/workers.py)."""
    job = start_ahead(choose_encoding(model).encoding) if size_bytes >= MIN_FILE_BYTES else None
    if job is None:
        yield
        return
    with watching_examples(job.add):
        yield


def analyze(
    dataset: Dataset,
    model: str = DEFAULT_MODEL,
    platforms: Iterable[str] | None = None,
    validation: Dataset | None = None,
    token_worker: bool | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """`token_worker`: count tokens in a second process while the profile's checks run here (None:
    when the file is large enough for it to pay, see advisor/data/token_worker.py). `progress` is told
    ("analysis", index, len(ANALYSIS_STEPS)) as each step starts."""
    def step(name: str) -> None:
        if progress is not None:
            progress("analysis", ANALYSIS_STEPS.index(name), len(ANALYSIS_STEPS))

    with collector_paused():  # no cycles are made, and the collector rescanned the dataset's objects
        return _analyze(dataset, model, platforms, validation, token_worker, step)


def _analyze(
    dataset: Dataset,
    model: str,
    platforms: Iterable[str] | None,
    validation: Dataset | None,
    token_worker: bool | None,
    step: Callable[[str], None],
) -> Analysis:
    encoding = choose_encoding(model).encoding
    if token_worker is None:
        token_worker = dataset.size_bytes >= MIN_FILE_BYTES
    job = start_counting(dataset.examples, encoding) if token_worker else None
    try:
        # The worker also scans each text for personal data and facts: the profile reads its answers at the end.
        checks = run_text_checks(dataset, validation, scan_here=job is None, step=step)
        # The platform rules that need no token counts, while the worker may still be counting.
        finish_validation = start_validation(dataset, platforms, model)
    except BaseException:
        if job is not None:
            job.close(wait=0)
        raise
    step("tokens")
    counts = job.counts() if job is not None else TokenCounter(encoding)
    listed = None if job is None else job.listed  # the plain chat examples, counted as arrays
    tokens = count_tokens(dataset, model, counts, listed)
    # the worker's scans, read once its counts are in (without one, the checks scanned here)
    scans = () if job is None else (job.pii_kinds, job.facts_in)
    step("profile")
    profile = complete_profile(checks, tokens, counts, *scans, listed=listed)
    return Analysis(dataset.summary(), tokens, finish_validation(tokens), profile)


def issue_to_dict(issue: Issue, lang: str = "en") -> dict[str, Any]:
    return {
        "line": issue.line,
        "severity": issue.severity,
        "code": issue.code,
        "message": describe(issue, lang),
        "platform": issue.platform,
    }


def analysis_to_dict(analysis: Analysis, lang: str = "en", per_example: bool = True) -> dict[str, Any]:
    """The JSON contract of `advisor analyze --json` (keys are relied on by scripts: keep them).
    Without `per_example`, tokens.per_example is left out (`write_analysis_json` streams it)."""
    read, tokens = analysis.read, analysis.tokens
    return {
        "source": read.source,
        "detected_format": read.detected_format,
        "format_label": FORMAT_LABELS.get(read.detected_format, read.detected_format),
        "container": read.container,
        "format_counts": dict(read.format_counts),
        "text_encoding": read.encoding,
        "size_bytes": read.size_bytes,
        "columns": list(read.columns) if read.columns else None,
        "sheet": read.sheet,  # the workbook sheet read (XLSX), and every sheet it has
        "sheets": list(read.sheets),
        "lines_read": read.lines_read,
        "examples_kept": read.examples_kept,
        "lines_rejected": read.lines_rejected,
        "blank_lines": read.blank_lines,
        "issues": [issue_to_dict(issue, lang) for issue in analysis.issues],
        "tokens": {
            "model": tokens.model,
            "encoding": tokens.encoding,
            "exact": tokens.exact,
            "note": tokens.note.to_dict() if tokens.note else "",
            "total": tokens.total,
            "input": sum(item.input for item in tokens.per_example),
            "output": sum(item.output for item in tokens.per_example),
            "max": tokens.max,
            "mean": tokens.mean,
            "p50": tokens.p50,
            "p95": tokens.p95,
        } | ({"per_example": [example_tokens_to_dict(item) for item in tokens.per_example]} if per_example else {}),
        "profile": profile_to_dict(analysis.profile, lang),
    }


def example_tokens_to_dict(item: ExampleTokens) -> dict[str, int]:
    return ({"line": item.line, "total": item.total, "input": item.input, "output": item.output}
            | ({"tools": item.tools} if item.tools else {})
            | ({"rejected": item.rejected} if item.rejected else {}))


def write_analysis_json(analysis: Analysis, stream: TextIO, lang: str = "en", slice_size: int = 10_000) -> None:
    """`analysis_json` printed in one write: a failure while it is built prints nothing."""
    with collector_paused():  # its 100k small dicts made the collector rescan the whole dataset
        text = analysis_json(analysis, lang, slice_size)
    print_whole(text, stream)


def analysis_json(analysis: Analysis, lang: str = "en", slice_size: int = 10_000) -> str:
    """`analysis_to_dict` as one line of JSON (lone surrogates as U+FFFD), the per-example token list
    encoded `slice_size` examples at a time: on a 100k-example file the whole list as dicts, then as
    one string, took 30 MB. (json.dumps, not json.dump: only a one-shot dump uses the C encoder.)"""
    document = analysis_to_dict(analysis, lang, per_example=False)
    parts = ["{"]
    for index, (key, value) in enumerate(document.items()):
        parts.append(f"{', ' if index else ''}{json.dumps(key)}: ")
        if key != "tokens":
            parts.append(json.dumps(value, ensure_ascii=False))
            continue
        parts.append(json.dumps(value, ensure_ascii=False)[:-1] + ', "per_example": [')
        items = analysis.tokens.per_example
        for start in range(0, len(items), slice_size):
            chunk = [example_tokens_to_dict(item) for item in items[start:start + slice_size]]
            parts.append((", " if start else "") + json.dumps(chunk, ensure_ascii=False)[1:-1])
        parts.append("]}")
    parts.append("}\n")
    return without_lone_surrogates("".join(parts))


def finding_to_dict(finding: Finding, lang: str = "en") -> dict[str, Any]:
    return {
        "severity": finding.severity,
        "code": finding.code,
        "message": describe(finding, lang),
        "lines": list(finding.lines),
    }


def profile_to_dict(result: Profile, lang: str = "en") -> dict[str, Any]:
    return result.summary() | {"findings": [finding_to_dict(finding, lang) for finding in result.findings()]}
