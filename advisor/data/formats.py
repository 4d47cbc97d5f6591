"""Recognise one record's dataset format and convert it into the common `Example` model.

Works on already-decoded JSON values (or table rows) and knows nothing about files; `load.py`
streams files into here. A record that cannot become an example is rejected with a code and the
arguments of its message; a record that can, but has a problem, is kept with warnings.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from advisor.data.model import ROLES, Example, Issue, Message, ToolCall
from advisor.i18n import section, text

# Record formats, in the order detection tries them. Tables get "table" (see load.py).
RECORD_FORMATS = ("preference", "openai_chat", "bedrock", "prompt_completion", "alpaca", "sharegpt", "text")
TABLE_FORMAT = "table"

# The English names stay in saved analyses ("format_label") and finding arguments; `format_label` names a format
# in the reader's language.
FORMAT_LABELS = {code: entry["en"] for code, entry in section("format_names").items()}


def format_label(code: str, lang: str = "en") -> str:
    entry = section("format_names").get(code)
    return code if entry is None else text("format_names", code, lang)

# ShareGPT speakers (and a few common variants) mapped to chat roles.
SHAREGPT_ROLES = {
    "human": "user", "user": "user",
    "gpt": "assistant", "assistant": "assistant", "chatgpt": "assistant", "model": "assistant",
    "bard": "assistant", "bing": "assistant", "function_call": "assistant",
    "system": "system",
    "tool": "tool", "observation": "tool", "function_response": "tool",
}
ANTHROPIC_ROLES = ("user", "assistant")
# One string object per role: JSON parsing makes a new "user" for every message, 400,000 of them in a
# 100,000-example file (about 20 MB); every Message shares these instead.
_ROLE = {role: role for role in ROLES}
NON_TEXT_PART_TYPES = {"image_url", "image", "input_image", "input_audio", "audio", "file", "document"}
PROMPT_ROLES = frozenset({"system", "developer"})
# Keys that hold the prompt of a chosen/rejected pair (none: the shared start of the two transcripts is
# the prompt, as TRL's implicit-prompt layout and Anthropic's HH-RLHF have it), and the layouts read.
PREFERENCE_PROMPT_KEYS = ("prompt", "messages", "conversations", "question")
PREFERENCE_LAYOUTS = {
    "openai": "OpenAI (input, preferred_output, non_preferred_output)",
    "prompt": "TRL (prompt, chosen, rejected)",
    "alpaca": "Alpaca with chosen/rejected (instruction, input, chosen, rejected)",
    "transcripts": "chosen/rejected transcripts (the shared start is the prompt)",
}
# Top-level keys each format reads; any other key of a record is listed as not read (never dropped silently).
READ_KEYS = {
    "openai_chat": frozenset({"messages", "tools", "parallel_tool_calls"}),
    "bedrock": frozenset({"system", "messages"}),
    "preference": frozenset({"input", "preferred_output", "non_preferred_output", "preferred_completion",
                             "non_preferred_completion", "chosen", "rejected", "instruction", "system",
                             *PREFERENCE_PROMPT_KEYS}),
    "prompt_completion": frozenset({"prompt", "completion"}),
    "alpaca": frozenset({"instruction", "input", "output", "system"}),
    "sharegpt": frozenset({"conversations", "system"}),
    "text": frozenset({"text"}),
}


@functools.lru_cache(maxsize=1024)
def _shared(value: str | tuple[str, ...]) -> str | tuple[str, ...]:
    """The first equal value seen: a system prompt or a record's keys, repeated on every line of most
    files, is then held once instead of once per example (20 MB on the 125 MB benchmark file)."""
    return value


class Rejected(Exception):
    """Raised inside a conversion; turned into an error `Issue` at the record boundary."""

    def __init__(self, code: str, **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = _arguments(args)


@dataclass(frozen=True, slots=True)
class Parsed:
    example: Example | None
    issues: tuple[Issue, ...]


def detect_record_format(record: Mapping[str, Any]) -> str | None:
    """The format a JSON object is written in, judged by its keys alone."""
    if isinstance(record.get("input"), Mapping) and (
        "preferred_output" in record or "preferred_completion" in record
    ):
        return "preference"
    if "chosen" in record and "rejected" in record:
        return "preference"
    if "messages" in record:
        return "bedrock" if "system" in record else "openai_chat"
    if "prompt" in record and "completion" in record:
        return "prompt_completion"
    if "instruction" in record and "output" in record:
        return "alpaca"
    if "conversations" in record:
        return "sharegpt"
    if "text" in record:
        return "text"
    return None


def parse_record(record: Any, line: int, expected_format: str | None = None) -> Parsed:
    """Convert one decoded JSON value into an Example, or reject it with a reason."""
    if not isinstance(record, dict):
        return _rejection(line, "not_object", kind=_json_kind(record))
    found = detect_record_format(record)
    if found is None:
        return _rejection(line, "unknown_shape", keys=_key_list(record))
    # Bedrock records without a top-level system prompt look like OpenAI chat: accept either way.
    if expected_format and found != expected_format and {found, expected_format} != {"openai_chat", "bedrock"}:
        return _rejection(
            line, "wrong_format", found=FORMAT_LABELS[found], expected=FORMAT_LABELS[expected_format]
        )
    fmt = expected_format or found
    warnings: list[Issue] = []
    try:
        example = _CONVERTERS[fmt](record, line, warnings)
    except Rejected as rejected:
        return Parsed(None, (Issue(line, "error", rejected.code, rejected.args_),))
    return Parsed(example, tuple(warnings))


def table_example(line: int, prompt: Any, answer: Any, columns: tuple[str, str]) -> Parsed:
    """A table row whose input and output columns were chosen (or guessed) beforehand."""
    try:
        prompt_text = _cell_text(prompt, columns[0])
        answer_text = _cell_text(answer, columns[1])
    except Rejected as rejected:
        return Parsed(None, (Issue(line, "error", rejected.code, rejected.args_),))
    messages = (Message("user", prompt_text), Message("assistant", answer_text))
    return Parsed(Example(line, TABLE_FORMAT, messages, keys=columns), ())


# --- converters, one per format ------------------------------------------------------------


def _openai_chat(record: dict, line: int, warnings: list[Issue]) -> Example:
    messages = _messages(record.get("messages"), "messages", line, warnings, allowed=ROLES)
    return Example(
        line,
        "openai_chat",
        messages,
        tools=_tools(record.get("tools"), "tools"),
        parallel_tool_calls=_optional_bool(record.get("parallel_tool_calls"), "parallel_tool_calls"),
        keys=_shared(tuple(record)),
    )


def _bedrock(record: dict, line: int, warnings: list[Issue]) -> Example:
    messages = _messages(record.get("messages"), "messages", line, warnings, allowed=ANTHROPIC_ROLES)
    system = record.get("system")
    if system is not None:
        system_text = _content(system, "system", line, warnings)[0]
        messages = (Message("system", _shared(system_text)), *messages)
    return Example(line, "bedrock", messages, keys=_shared(tuple(record)))


def preference_layout(example: Example) -> str:
    """Which preference layout a preference example was read from (a key of PREFERENCE_LAYOUTS)."""
    keys = example.keys
    if "chosen" not in keys:
        return "openai"
    if "instruction" in keys:
        return "alpaca"
    return "prompt" if any(key in keys for key in PREFERENCE_PROMPT_KEYS) else "transcripts"


def _preference(record: dict, line: int, warnings: list[Issue]) -> Example:
    if "chosen" in record and not isinstance(record.get("input"), Mapping):
        return _chosen_rejected(record, line, warnings)
    source = record["input"]
    messages = _messages(source.get("messages"), "input.messages", line, warnings, allowed=ROLES)
    preferred_key = "preferred_output" if "preferred_output" in record else "preferred_completion"
    rejected_key = "non_preferred_output" if "non_preferred_output" in record else "non_preferred_completion"
    if rejected_key not in record:
        raise Rejected("missing_field", field="non_preferred_output")
    return Example(
        line,
        "preference",
        messages,
        tools=_tools(source.get("tools"), "input.tools"),
        parallel_tool_calls=_optional_bool(source.get("parallel_tool_calls"), "input.parallel_tool_calls"),
        preferred=_reply(record[preferred_key], preferred_key, line, warnings),
        rejected=_reply(record[rejected_key], rejected_key, line, warnings),
        keys=_shared(tuple(record)),
    )


def _chosen_rejected(record: dict, line: int, warnings: list[Issue]) -> Example:
    """TRL's prompt/chosen/rejected (strings or message lists), Alpaca + chosen/rejected, or two full
    transcripts whose shared start is the prompt (TRL's `extract_prompt` rule)."""
    if "rejected" not in record:
        raise Rejected("missing_field", field="rejected")
    chosen = _side(record["chosen"], "chosen", line, warnings)
    rejected = _side(record["rejected"], "rejected", line, warnings)
    prompt_key = next((key for key in PREFERENCE_PROMPT_KEYS if key in record), None)
    if "instruction" in record:
        instruction = _text(record["instruction"], "instruction")
        extra_input = _text(record["input"], "input") if record.get("input") is not None else ""
        prompt: tuple[Message, ...] = (Message("user", f"{instruction}\n\n{extra_input}" if extra_input else instruction),)
    elif prompt_key is not None:
        prompt = _side(record[prompt_key], prompt_key, line, warnings, role="user")
    else:
        prompt, chosen, rejected = _split_shared_start(chosen, rejected)
    system = record.get("system")
    if isinstance(system, str) and system and not any(message.role == "system" for message in prompt):
        prompt = (Message("system", _shared(system)), *prompt)
    if not chosen or not rejected:
        raise Rejected("empty_messages", field="chosen" if not chosen else "rejected")
    return Example(line, "preference", prompt, preferred=chosen, rejected=rejected, keys=_shared(tuple(record)))


def _side(value: Any, field: str, line: int, warnings: list[Issue], role: str = "assistant") -> tuple[Message, ...]:
    """One side of a pair: a string (a turn of `role`), one message, or a list of messages (ShareGPT's
    from/value turns included)."""
    if isinstance(value, str):
        if not value.strip():
            warnings.append(_warning(line, "empty_content", field=field))
        return (Message(role, value),)
    if isinstance(value, dict):
        value = [value]
    if isinstance(value, list):
        value = [_role_content(item) for item in value]
    return _messages(value, field, line, warnings, allowed=ROLES)


def _role_content(item: Any) -> Any:
    if isinstance(item, dict) and "role" not in item and isinstance(item.get("from"), str):
        role = SHAREGPT_ROLES.get(item["from"].lower(), item["from"])
        return {"role": role, "content": item.get("value")}
    return item


def _split_shared_start(
    chosen: tuple[Message, ...], rejected: tuple[Message, ...]
) -> tuple[tuple[Message, ...], tuple[Message, ...], tuple[Message, ...]]:
    """Prompt, chosen reply and rejected reply of two transcripts: the messages they share from the start
    (or, for one-text transcripts, the shared characters, a space before the split left to the replies)."""
    if len(chosen) == len(rejected) == 1 and chosen[0].role == rejected[0].role == "assistant":
        first, second = chosen[0].content or "", rejected[0].content or ""
        index = next((i for i, (a, b) in enumerate(zip(first, second)) if a != b), min(len(first), len(second)))
        if 0 < index and first[index - 1] == " ":
            index -= 1
        if index == 0 or first == second:  # nothing shared, or nothing told apart (the profile flags that)
            return (), chosen, rejected
        return (Message("user", first[:index]),), (Message("assistant", first[index:]),), (Message("assistant", second[index:]),)
    shared = 0
    while shared < min(len(chosen), len(rejected)) - 1 and chosen[shared] == rejected[shared]:
        shared += 1
    return chosen[:shared], chosen[shared:], rejected[shared:]


def _prompt_completion(record: dict, line: int, warnings: list[Issue]) -> Example:
    prompt = _text(record["prompt"], "prompt")
    completion = _text(record["completion"], "completion")
    return Example(
        line, "prompt_completion", (Message("user", prompt), Message("assistant", completion)), keys=_shared(tuple(record))
    )


def _alpaca(record: dict, line: int, warnings: list[Issue]) -> Example:
    instruction = _text(record["instruction"], "instruction")
    extra_input = _text(record["input"], "input") if record.get("input") is not None else ""
    output = _text(record["output"], "output")
    user_text = f"{instruction}\n\n{extra_input}" if extra_input else instruction
    messages: tuple[Message, ...] = (Message("user", user_text), Message("assistant", output))
    if record.get("system"):
        messages = (Message("system", _shared(_text(record["system"], "system"))), *messages)
    return Example(line, "alpaca", messages, keys=_shared(tuple(record)))


def _sharegpt(record: dict, line: int, warnings: list[Issue]) -> Example:
    turns = record["conversations"]
    if not isinstance(turns, list):
        raise Rejected("wrong_type", field="conversations", expected="a list", found=_json_kind(turns))
    if not turns:
        raise Rejected("empty_messages", field="conversations")
    messages = []
    if isinstance(record.get("system"), str) and record["system"]:
        messages.append(Message("system", _shared(record["system"])))
    for index, turn in enumerate(turns):
        field = f"conversations[{index}]"
        if not isinstance(turn, dict):
            raise Rejected("wrong_type", field=field, expected="an object", found=_json_kind(turn))
        speaker = turn.get("from", turn.get("role"))
        if not isinstance(speaker, str):
            raise Rejected("missing_field", field=f"{field}.from")
        role = SHAREGPT_ROLES.get(speaker.lower())
        if role is None:
            raise Rejected("unknown_role", field=field, role=speaker, known=", ".join(sorted(SHAREGPT_ROLES)))
        value = turn.get("value", turn.get("content"))
        text = _text(value, f"{field}.value")
        if not text.strip():
            warnings.append(_warning(line, "empty_content", field=field))
        messages.append(Message(role, text))
    return Example(line, "sharegpt", tuple(messages), keys=_shared(tuple(record)))


def _plain_text(record: dict, line: int, warnings: list[Issue]) -> Example:
    text = _text(record["text"], "text")
    if not text.strip():
        warnings.append(_warning(line, "empty_content", field="text"))
    return Example(line, "text", (Message("assistant", text),), keys=_shared(tuple(record)))


_CONVERTERS = {
    "openai_chat": _openai_chat,
    "bedrock": _bedrock,
    "preference": _preference,
    "prompt_completion": _prompt_completion,
    "alpaca": _alpaca,
    "sharegpt": _sharegpt,
    "text": _plain_text,
}


# --- pieces shared by the converters --------------------------------------------------------


def _messages(
    value: Any, field: str, line: int, warnings: list[Issue], allowed: tuple[str, ...]
) -> tuple[Message, ...]:
    if value is None:
        raise Rejected("missing_field", field=field)
    if not isinstance(value, list):
        raise Rejected("wrong_type", field=field, expected="a list", found=_json_kind(value))
    if not value:
        raise Rejected("empty_messages", field=field)
    messages = []
    for index, item in enumerate(value):
        # Fast path for the plain {"role": …, "content": "text"} messages most files consist of:
        # same result as _message, at a fraction of the cost on 100k-example files.
        if type(item) is dict and len(item) == 2 and item.get("role") in allowed:
            content = item.get("content")
            if type(content) is str and content and not content.isspace():
                role = _ROLE[item["role"]]
                messages.append(Message(role, _shared(content) if role in PROMPT_ROLES else content))
                continue
        messages.append(_message(item, f"{field}[{index}]", line, warnings, allowed))
    return tuple(messages)


def _message(value: Any, field: str, line: int, warnings: list[Issue], allowed: tuple[str, ...]) -> Message:
    if not isinstance(value, dict):
        raise Rejected("wrong_type", field=field, expected="an object", found=_json_kind(value))
    role = value.get("role")
    if role is None:
        raise Rejected("missing_field", field=f"{field}.role")
    if not isinstance(role, str):
        raise Rejected("wrong_type", field=f"{field}.role", expected="a string", found=_json_kind(role))
    if role not in allowed:
        raise Rejected("unknown_role", field=field, role=role, known=", ".join(allowed))
    tool_calls = _tool_calls(value, field, line, warnings)
    content, non_text = _content(value.get("content"), f"{field}.content", line, warnings)
    if not tool_calls and not (content or "").strip() and non_text == 0:
        warnings.append(_warning(line, "empty_content", field=field))
    weight = value.get("weight")
    if weight is not None:
        if isinstance(weight, bool) or not isinstance(weight, int):
            raise Rejected("wrong_type", field=f"{field}.weight", expected="0 or 1", found=_json_kind(weight))
        if role != "assistant":
            warnings.append(_warning(line, "weight_ignored", field=field))
            weight = None
    role = _ROLE.get(role, role)
    return Message(
        role=role,
        content=_shared(content) if role in PROMPT_ROLES and content else content,
        name=_optional_str(value.get("name"), f"{field}.name"),
        tool_calls=tool_calls,
        tool_call_id=_optional_str(value.get("tool_call_id"), f"{field}.tool_call_id"),
        weight=weight,
        non_text_parts=non_text,
    )


def _reply(value: Any, field: str, line: int, warnings: list[Issue]) -> tuple[Message, ...]:
    """A preference reply: a list of messages (current spec), one message, or a bare string."""
    if isinstance(value, str):
        return (Message("assistant", value),)
    if isinstance(value, dict):
        return (_message(value, field, line, warnings, ROLES),)
    return _messages(value, field, line, warnings, ROLES)


def _content(value: Any, field: str, line: int, warnings: list[Issue]) -> tuple[str | None, int]:
    """Text of a content field (string, null or a list of parts) and the number of non-text parts."""
    if value is None or isinstance(value, str):
        return value, 0
    if not isinstance(value, list):
        raise Rejected("wrong_type", field=field, expected="text", found=_json_kind(value))
    texts, non_text = [], 0
    for index, part in enumerate(value):
        part_field = f"{field}[{index}]"
        if isinstance(part, str):
            texts.append(part)
            continue
        if not isinstance(part, dict):
            raise Rejected("wrong_type", field=part_field, expected="an object", found=_json_kind(part))
        kind = part.get("type")
        if kind in ("text", "input_text", "output_text", None) and "text" in part:
            texts.append(_text(part["text"], f"{part_field}.text"))
        elif kind in NON_TEXT_PART_TYPES:
            non_text += 1
        else:
            raise Rejected("wrong_type", field=part_field, expected="a text or image part", found=repr(kind))
    if non_text:
        warnings.append(_warning(line, "non_text_content", field=field, count=non_text))
    return "".join(texts), non_text


def _tool_calls(message: dict, field: str, line: int, warnings: list[Issue]) -> tuple[ToolCall, ...]:
    calls = message.get("tool_calls")
    legacy = message.get("function_call")
    if calls is None and legacy is None:
        return ()
    if legacy is not None:
        calls = [{"function": legacy}]
        field = f"{field}.function_call"
    else:
        field = f"{field}.tool_calls"
    if not isinstance(calls, list):
        raise Rejected("wrong_type", field=field, expected="a list", found=_json_kind(calls))
    result = []
    for index, call in enumerate(calls):
        call_field = f"{field}[{index}]"
        function = call.get("function") if isinstance(call, dict) else None
        if not isinstance(function, dict):
            raise Rejected("missing_field", field=f"{call_field}.function")
        name = function.get("name")
        if not isinstance(name, str):
            raise Rejected("wrong_type", field=f"{call_field}.function.name", expected="a string", found=_json_kind(name))
        arguments = function.get("arguments", "")
        if isinstance(arguments, (dict, list)):
            warnings.append(_warning(line, "arguments_not_string", field=f"{call_field}.function.arguments"))
            arguments = json.dumps(arguments, ensure_ascii=False, separators=(",", ":"))
        elif not isinstance(arguments, str):
            raise Rejected(
                "wrong_type", field=f"{call_field}.function.arguments", expected="a string", found=_json_kind(arguments)
            )
        result.append(ToolCall(name, arguments, _optional_str(call.get("id"), f"{call_field}.id")))
    return tuple(result)


def _tools(value: Any, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise Rejected("wrong_type", field=field, expected="a list", found=_json_kind(value))
    for index, tool in enumerate(value):
        if not isinstance(tool, dict):
            raise Rejected("wrong_type", field=f"{field}[{index}]", expected="an object", found=_json_kind(tool))
    return tuple(json.dumps(tool, ensure_ascii=False, separators=(",", ":")) for tool in value)


def _text(value: Any, field: str) -> str:
    if value is None:
        raise Rejected("missing_field", field=field)
    if not isinstance(value, str):
        raise Rejected("wrong_type", field=field, expected="text", found=_json_kind(value))
    return value


def _cell_text(value: Any, column: str) -> str:
    """Table cells: numbers and booleans are fine as labels; empty or nested cells are not."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, float)):
        return str(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise Rejected("empty_cell", column=column)
    if not isinstance(value, str):
        raise Rejected("wrong_type", field=f"column {column!r}", expected="text", found=type(value).__name__)
    return value


def _optional_str(value: Any, field: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise Rejected("wrong_type", field=field, expected="a string", found=_json_kind(value))


def _optional_bool(value: Any, field: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise Rejected("wrong_type", field=field, expected="true or false", found=_json_kind(value))


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"a number ({_short(value)})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _key_list(record: dict) -> str:
    keys = [str(key) for key in list(record)[:8]]
    return ", ".join(keys) + (", …" if len(record) > 8 else "") if keys else "(none)"


def _short(value: Any, limit: int = 80) -> str | int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _arguments(args: dict[str, Any]) -> tuple[tuple[str, str | int], ...]:
    return tuple((key, _short(value)) for key, value in args.items())


def _warning(line: int, code: str, **args: Any) -> Issue:
    return Issue(line, "warning", code, _arguments(args))


def _rejection(line: int, code: str, **args: Any) -> Parsed:
    return Parsed(None, (Issue(line, "error", code, _arguments(args)),))
