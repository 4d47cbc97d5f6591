"""Examples back to JSON records in OpenAI's training formats (chat, preference, legacy prompt/completion).

Whatever format an example came from, the record reads back through `advisor.load` to the same
messages: the split and, later, the exports rely on that round trip.
"""

from __future__ import annotations

import json
from typing import Any

from advisor.data.model import Example, Message


def message_record(message: Message) -> dict[str, Any]:
    record: dict[str, Any] = {"role": message.role, "content": message.content}
    if message.name is not None:
        record["name"] = message.name
    if message.tool_calls:
        record["tool_calls"] = [
            {"id": call.id, "type": "function", "function": {"name": call.name, "arguments": call.arguments}}
            if call.id is not None
            else {"type": "function", "function": {"name": call.name, "arguments": call.arguments}}
            for call in message.tool_calls
        ]
    if message.tool_call_id is not None:
        record["tool_call_id"] = message.tool_call_id
    if message.weight is not None:
        record["weight"] = message.weight
    return record


def openai_record(example: Example) -> dict[str, Any]:
    if example.format == "prompt_completion":
        return {"prompt": example.messages[0].content, "completion": example.messages[1].content}
    if example.format == "text":
        return {"text": example.messages[0].content}
    extras: dict[str, Any] = {}
    if example.tools:
        extras["tools"] = [json.loads(tool) for tool in example.tools]
    if example.parallel_tool_calls is not None:
        extras["parallel_tool_calls"] = example.parallel_tool_calls
    messages = [message_record(message) for message in example.messages]
    if example.is_preference:
        return {
            "input": {"messages": messages, **extras},
            "preferred_output": [message_record(message) for message in example.preferred],
            "non_preferred_output": [message_record(message) for message in example.rejected],
        }
    return {"messages": messages, **extras}


def jsonl_line(example: Example) -> str:
    return json.dumps(openai_record(example), ensure_ascii=False) + "\n"
