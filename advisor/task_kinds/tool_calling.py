"""Tool calling: the answer is the call — a function name and its JSON arguments.

Two calls are the same answer when their names match and their arguments are equal JSON: arguments
are written in canonical form (keys sorted, no spaces), so key order or spacing never makes a conflict.
"""

from __future__ import annotations

import json

from advisor.data.model import Example, ToolCall
from advisor.task_kinds.base import TaskKind

KIND = TaskKind(
    name="tool_calling",
    answer="the call: function name + canonical JSON arguments (sorted keys)",
    answers_conflict=True,  # one request, one right call
    metric="function-choice accuracy; macro-F1 when functions are skewed",
    baseline_kind="classification",  # on the function name
    baseline_scores="the function choice only (majority, logistic regression, nearest neighbour over the function "
    "names); the arguments cannot be scored offline — they are read from the request, which only a model can do",
    # FACTS.md §3: OpenAI, Azure OpenAI, Together (function-calling bases only) and Predibase take `tools` +
    # assistant `tool_calls`; every tool definition is billed on every request, in training and in inference.
    routes="OpenAI and Azure OpenAI chat fine-tuning; Together function-calling fine-tuning for the bases it lists; "
    "Predibase; self-hosted LoRA or full fine-tuning (TRL, LLaMA-Factory)",
)


def final_calls(example: Example) -> tuple[ToolCall, ...]:
    """The tool calls of the last assistant turn (the preferred reply for preference data)."""
    replies = example.preferred or example.messages
    for message in reversed(replies):
        if message.role == "assistant":
            return message.tool_calls
    return ()


def canonical_arguments(arguments: str) -> str:
    """Arguments as compact JSON with sorted keys; text that is not JSON is kept as written."""
    try:
        value = json.loads(arguments)
    except (ValueError, TypeError, RecursionError):
        return arguments
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_calls(calls: tuple[ToolCall, ...]) -> str:
    return "\n".join(f"{call.name} {canonical_arguments(call.arguments)}" for call in calls)
