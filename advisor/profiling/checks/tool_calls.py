"""Tool-call answers: which functions are called, whether the arguments are JSON that fits the function's
JSON Schema in `tools`, functions called but never defined, and what the definitions cost per request.

The schema check uses the `jsonschema` library with the draft each schema declares (2020-12 when it
declares none); a schema that is itself invalid, or that cannot be evaluated (an unresolvable `$ref`, a
reference loop), is not used to judge arguments. Regular expressions from the file (`pattern`,
`patternProperties`) are not run: a hostile one could take exponential time on a crafted argument.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from jsonschema import exceptions as schema_errors
from jsonschema.validators import Draft202012Validator, extend, validator_for

from advisor.data.tokens import TokenSummary, nearest_rank
from advisor.profiling.checks.base import Finding, ProfileData
from advisor.task_kinds.tool_calling import KIND, final_calls

FUNCTIONS_SHOWN = 6


@dataclass(frozen=True, slots=True)
class ToolCalls:
    examples_with_calls: int
    calls: int
    functions: tuple[tuple[str, int], ...]  # function called → calls, most frequent first
    defined: tuple[str, ...]  # every function some example's `tools` defines
    unknown: tuple[tuple[str, tuple[int, ...]], ...]  # called but not in that example's tools → lines
    not_json: tuple[int, ...]  # lines with arguments that are not a JSON object
    missing_required: tuple[int, ...]
    off_schema: tuple[int, ...]  # valid JSON, required present, but against the schema otherwise
    first_errors: tuple[tuple[str, str], ...]  # ("missing_required" | "off_schema", first message)
    valid_calls: int  # JSON object, known function, valid against its schema (or the function has none)
    definition_tokens: tuple[int, ...]  # per example that has tools: tokens of its definitions

    def summary(self) -> dict:
        if not self.calls:
            return {}
        tokens = sorted(self.definition_tokens)
        return {"tool_calls": {
            "examples_with_calls": self.examples_with_calls,
            "calls": self.calls,
            "functions": dict(self.functions),
            "defined_functions": list(self.defined),
            "unknown_functions": {name: list(lines) for name, lines in self.unknown},
            "arguments_not_json": list(self.not_json),
            "arguments_missing_required": list(self.missing_required),
            "arguments_off_schema": list(self.off_schema),
            "valid_calls": self.valid_calls,
            "tool_definition_tokens": {
                "requests": len(tokens), "p50": nearest_rank(tokens, 50), "max": tokens[-1] if tokens else 0,
                "total": sum(tokens),
            },
            "offline_baseline": KIND.baseline_scores,
        }}

    def findings(self) -> tuple[Finding, ...]:
        if not self.calls:
            return ()
        found = []
        errors = dict(self.first_errors)
        if self.unknown:
            lines = tuple(sorted(line for _, group in self.unknown for line in group))
            names = ", ".join(name for name, _ in self.unknown[:FUNCTIONS_SHOWN]) + (
                ", …" if len(self.unknown) > FUNCTIONS_SHOWN else "")
            found.append(Finding("high", "tool_unknown_functions", (("calls", len(lines)), ("functions", names)), lines))
        if self.not_json:
            found.append(Finding("high", "tool_arguments_not_json", (("calls", len(self.not_json)),), self.not_json))
        if self.missing_required:
            found.append(Finding("medium", "tool_arguments_missing_required",
                                 (("calls", len(self.missing_required)), ("error", errors["missing_required"])),
                                 self.missing_required))
        if self.off_schema:
            found.append(Finding("medium", "tool_arguments_off_schema",
                                 (("calls", len(self.off_schema)), ("error", errors["off_schema"])), self.off_schema))
        if self.definition_tokens:
            tokens = sorted(self.definition_tokens)
            found.append(Finding("low", "tool_definition_tokens",
                                 (("tokens", f"{nearest_rank(tokens, 50):,}"), ("max", f"{tokens[-1]:,}"))))
        found.append(Finding("low", "tool_arguments_not_scored_offline", (("functions", len(self.functions)),)))
        return tuple(found)


def find_tool_calls(data: ProfileData, tokens: TokenSummary) -> ToolCalls:
    """`tokens` must be counted on the same dataset: its per-example tool tokens are the definitions' cost."""
    functions: Counter = Counter()
    defined: dict[str, None] = {}
    unknown: dict[str, list[int]] = {}
    not_json, missing, off_schema = [], [], []
    first_errors: dict[str, str] = {}
    validators: dict[str, dict[str, Any]] = {}  # tools text → function name → validator (None: no usable schema)
    examples_with_calls = calls = valid = 0
    for example in data.dataset.examples:
        made = final_calls(example)
        if not made:
            continue
        examples_with_calls += 1
        known = validators.get(example.tools)
        if known is None:
            known = validators[example.tools] = _validators(example.tools)
        defined.update(dict.fromkeys(known))
        for call in made:
            calls += 1
            functions[call.name] += 1
            if call.name not in known:
                unknown.setdefault(call.name, []).append(example.line)
                continue
            try:
                arguments = json.loads(call.arguments)
            except (ValueError, TypeError, RecursionError):
                arguments = None
            if not isinstance(arguments, dict):
                not_json.append(example.line)
                continue
            error = _first_error(known[call.name], arguments)
            if error is _UNJUDGED:
                continue
            if error is None:
                valid += 1
            elif error.validator == "required":
                missing.append(example.line)
                first_errors.setdefault("missing_required", _schema_error(call.name, error))
            else:
                off_schema.append(example.line)
                first_errors.setdefault("off_schema", _schema_error(call.name, error))
    return ToolCalls(
        examples_with_calls=examples_with_calls,
        calls=calls,
        functions=tuple(functions.most_common()),
        defined=tuple(defined),
        unknown=tuple((name, tuple(lines)) for name, lines in unknown.items()),
        not_json=tuple(not_json),
        missing_required=tuple(missing),
        off_schema=tuple(off_schema),
        first_errors=tuple(first_errors.items()),
        valid_calls=valid,
        definition_tokens=tuple(item.tools for item in tokens.per_example if item.tools),
    )


_UNJUDGED = object()  # the schema could not be evaluated: neither valid nor invalid


def _schema_error(function: str, error: Any) -> str:
    """Where the arguments leave the schema, in JSON Schema's own words (the keyword and its value, language-neutral)
    rather than jsonschema's English sentence: "alterar_endereco: cep maxLength 9"."""
    where = "".join(f"{part}/" for part in error.absolute_path)
    value = error.validator_value
    if error.validator == "required" and isinstance(error.instance, dict):  # the first required name left out
        value = next((name for name in value if name not in error.instance), value)
    rule = json.dumps(value, ensure_ascii=False)
    return f"{function}: {where}{error.validator} {rule if len(rule) <= 60 else rule[:60] + '…'}"


def _first_error(validator: Any, arguments: dict) -> Any:
    """The most relevant schema error, None when the arguments fit (or there is no schema), or _UNJUDGED."""
    if validator is None:
        return None
    try:
        return schema_errors.best_match(validator.iter_errors(arguments))
    except Exception:  # noqa: BLE001 - the file's schema cannot be evaluated (unresolvable $ref, loop)
        return _UNJUDGED


def _skip_regex(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
    return iter(())


def _validators(tools: tuple[str, ...]) -> dict[str, Any]:
    """Function name → a validator of its `parameters` schema (None when it has no usable schema)."""
    out: dict[str, Any] = {}
    for text in tools:
        try:
            tool = json.loads(text)
        except (ValueError, TypeError, RecursionError):
            continue
        function = tool.get("function", tool) if isinstance(tool, dict) else None
        if not isinstance(function, dict) or not isinstance(function.get("name"), str):
            continue
        schema = function.get("parameters")
        validator = None
        if isinstance(schema, dict):
            cls = validator_for(schema, default=Draft202012Validator)
            try:
                cls.check_schema(schema)
                validator = extend(cls, {"pattern": _skip_regex, "patternProperties": _skip_regex})(schema)
            except (schema_errors.SchemaError, RecursionError):
                validator = None
        out[function["name"]] = validator
    return out
