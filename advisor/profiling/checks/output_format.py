"""How regular the answers are: JSON and its keys, shared prefixes and suffixes, length spread, system prompts."""

from __future__ import annotations

import json
import os
import statistics
from collections import Counter
from dataclasses import dataclass

from advisor.data.tokens import nearest_rank
from advisor.profiling.checks.base import Finding, ProfileData

MOSTLY_JSON = 0.5  # above this share the task wants JSON, so every non-JSON answer is a fault


@dataclass(frozen=True, slots=True)
class OutputFormat:
    outputs: int
    json_outputs: int
    json_lines_invalid: tuple[int, ...]  # when most answers are JSON: lines whose answer is not
    common_keys: tuple[str, ...]  # the most frequent key set of JSON object answers
    key_mismatch_lines: tuple[int, ...]
    common_prefix: str
    common_suffix: str
    length_p50: int
    length_p95: int
    length_cv: float  # coefficient of variation of answer length in characters
    system_prompts: int

    @property
    def json_share(self) -> float:
        return self.json_outputs / self.outputs if self.outputs else 0.0

    def summary(self) -> dict:
        return {
            "output_format": {
                "json_share": round(self.json_share, 4),
                "json_key_set": list(self.common_keys),
                "json_invalid_lines": list(self.json_lines_invalid),
                "json_key_mismatch_lines": list(self.key_mismatch_lines),
                "common_prefix": self.common_prefix,
                "common_suffix": self.common_suffix,
                "length_chars_p50": self.length_p50,
                "length_chars_p95": self.length_p95,
                "length_cv": round(self.length_cv, 3),
                "distinct_system_prompts": self.system_prompts,
            }
        }

    def findings(self) -> tuple[Finding, ...]:
        found = []
        if self.json_lines_invalid:
            found.append(Finding(
                "high", "invalid_json_outputs",
                (("count", len(self.json_lines_invalid)), ("total", self.outputs)), self.json_lines_invalid,
            ))
        if self.key_mismatch_lines:
            found.append(Finding(
                "medium", "inconsistent_json_keys",
                (("count", len(self.key_mismatch_lines)), ("keys", ", ".join(self.common_keys) or "{}")),
                self.key_mismatch_lines,
            ))
        if self.system_prompts > 3:
            found.append(Finding("low", "many_system_prompts", (("count", self.system_prompts),)))
        return tuple(found)


def describe_outputs(data: ProfileData) -> OutputFormat:
    parsed = [structured_value(output) for output in data.outputs]
    json_count = sum(value is not NOT_JSON for value in parsed)
    mostly_json = bool(data.outputs) and json_count / len(data.outputs) > MOSTLY_JSON
    invalid = tuple(line for line, value in zip(data.lines, parsed) if value is NOT_JSON) if mostly_json else ()
    key_sets = [tuple(sorted(value)) for value in parsed if isinstance(value, dict)]
    common_keys = Counter(key_sets).most_common(1)[0][0] if key_sets else ()
    mismatched = tuple(
        line for line, value in zip(data.lines, parsed)
        if isinstance(value, dict) and tuple(sorted(value)) != common_keys
    ) if mostly_json else ()
    lengths = sorted(len(output) for output in data.outputs)
    mean = statistics.fmean(lengths) if lengths else 0.0
    spread = statistics.pstdev(lengths) / mean if len(lengths) > 1 and mean else 0.0
    systems = {
        message.content for example in data.dataset.examples for message in example.messages if message.role == "system"
    }
    return OutputFormat(
        outputs=len(data.outputs),
        json_outputs=json_count,
        json_lines_invalid=invalid,
        common_keys=common_keys,
        key_mismatch_lines=mismatched,
        common_prefix=_affix(data.outputs, suffix=False),
        common_suffix=_affix(data.outputs, suffix=True),
        length_p50=nearest_rank(lengths, 50),
        length_p95=nearest_rank(lengths, 95),
        length_cv=spread,
        system_prompts=len(systems),
    )


NOT_JSON = object()  # what structured_value returns for an answer that is not a JSON object or array


def structured_value(text: str) -> object:
    stripped = text.strip()
    if not stripped or stripped[0] not in "[{":  # only objects and arrays count as structured answers
        return NOT_JSON
    try:
        return json.loads(stripped)
    except (json.JSONDecodeError, RecursionError):
        return NOT_JSON


def _affix(texts: tuple[str, ...], suffix: bool) -> str:
    """The prefix (or suffix) every answer shares, when there are at least two answers. No answer is
    copied: reversing them all for the suffix held a second copy of every answer (30 MB on 100k)."""
    if len(texts) < 2:
        return ""
    if not suffix:
        return os.path.commonprefix(list(texts))
    shared = texts[0]
    for text in texts:
        if text.endswith(shared):
            continue
        length = 0
        while length < min(len(shared), len(text)) and shared[-1 - length] == text[-1 - length]:
            length += 1
        shared = shared[len(shared) - length:]
        if not shared:
            break
    return shared
