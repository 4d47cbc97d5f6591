"""Cleaned train/validation files for a training target, with nothing lost silently.

`clean_dataset` drops exact duplicates (the profile's own notion of identical: same input and answer
up to case and spacing, `advisor.profiling.checks.duplicates`), lists conflicting answers for review without
dropping them, and splits with `advisor.profiling.split.split_dataset` (leak-free, stratified when labels are
given). `export_files` writes every example in the target's format or reports it as skipped, with
its source line and a reason; `write_export` is the only function that touches the disk.

Targets and how examples are shaped for them (tool calls, preference pairs, plain-text corpora included)
- openai: OpenAI chat JSONL through `advisor.data.serialize` (tools, names and weights kept); preference pairs
  in OpenAI's preference layout; prompt/completion and text examples become chat records.
- bedrock: `{"system"?, "messages"}` with user/assistant turns that alternate, first user, last
  assistant (FACTS §3). Claude 3 Haiku fine-tuning takes no tools and no preference pairs: both skipped.
- together: `{"messages", "tools"?}` with roles system (first only), user, assistant, tool; weight 0/1
  kept. Tool calls as Together's function-calling fine-tuning takes them (FACTS §3): assistant turns with
  `tool_calls` (`type: function`, `function.name`, `function.arguments` as the JSON text of the file, `id`
  when present) and `content` "" beside them (Together's file check wants a string on every message),
  results as `tool` messages with `tool_call_id`. Where data/platforms.toml says Together's roles must
  alternate, two tool results in a row (parallel calls) are skipped. Preference pairs as `{"input":
  {"messages", "tools"?}, "preferred_output", "non_preferred_output"}`, one assistant message a side;
  plain-text documents as `{"text"}` (Together's general format).
- alpaca: `{"instruction", "input", "output"}` plus a `system` key when the example has a system
  prompt (LLaMA-Factory's Alpaca column; this project's loader reads it back). The whole user turn
  goes into `instruction` and `input` stays empty: once loaded, instruction and input are one text
  and cannot be told apart again. Single question-and-answer examples only: no tools, no pairs.
- sharegpt: LLaMA-Factory's layout (hiyouga/LLaMA-Factory data/README.md, "Sharegpt Format", and
  src/llamafactory/data/converter.py and formatter.py): `{"conversations": [{"from", "value"}], "tools"?}`
  with speakers system (first only), human, gpt, `function_call` and `observation`, human/observation at
  odd positions and gpt/function_call at even ones (the converter drops any other example, so it is
  skipped here with the reason). A call is a `function_call` turn whose value is the JSON text of
  `{"name", "arguments": {...}}`, a list of them for parallel calls (FunctionFormatter); results are one
  `observation` turn, parallel ones joined as LLaMA-Factory's own `openai` converter joins them; `tools` is
  a JSON string of the function definitions (OpenAI's `{"type": "function", "function"}` wrapper taken
  off). Tool-call ids have no place there: results follow the calls in file order. Preference pairs as
  its ranking layout: `conversations` (the prompt, ending with human or observation) plus `chosen` and
  `rejected` turn objects. dataset_info.json: `"formatting": "sharegpt"`, columns `messages:
  conversations`, `system`, `tools: tools`, and `"ranking": true` with `chosen`/`rejected` for pairs.
  Plain-text corpora are skipped (LLaMA-Factory: pre-training data does not fit this format).
- hf: TRL / `datasets` layouts (huggingface/trl docs/source/dataset_formats.md): `{"messages":
  [{"role", "content"}]}` with string content; tool calls as TRL's conversational tool-calling format,
  assistant `tool_calls` with `arguments` as a JSON object and `tool` messages with `tool_call_id`, plus a
  `tools` column holding the JSON schemas (`datasets` 4.8's `Json()` type, auto-applied to JSON files,
  keeps schemas and arguments of different shapes apart: huggingface/datasets#8027, huggingface/trl#5307);
  preference pairs as TRL's conversational `{"prompt": [...], "chosen": [...], "rejected": [...]}` (+
  `tools`); plain-text documents as `{"text"}`, TRL's language-modeling type.

Shaping rules outside OpenAI: developer messages count as system prompts; consecutive system
prompts at the start become one; for bedrock, together, alpaca and sharegpt, consecutive text turns of
the same role are merged into one, their texts joined by a blank line (tool calls and tool results
never are). What a format cannot hold is skipped and reported, never dropped or rewritten quietly:
tools and tool calls (bedrock, alpaca), arguments that are not JSON where the format holds them as an
object (sharegpt, hf), a turn with both text and calls (sharegpt), message names, images and other
non-text parts (only their text was loaded), assistant turns with weight 0 where the format has no
weights, and preference (DPO) data where the format has no preference layout (bedrock, alpaca). The
request option `parallel_tool_calls` is written by openai only. A training file holds one kind of data:
SFT, preference pairs or (together, hf) a plain-text corpus; when a dataset mixes kinds, the larger kind
is written and the others reported as skipped.
"""

from __future__ import annotations

import functools
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from advisor.data.atomic_write import without_lone_surrogates, write_files_atomically
from advisor.data.model import Dataset, Example, Message, ToolCall
from advisor.data.serialize import openai_record
from advisor.i18n import section
from advisor.profiling.checks.base import normalise, prepare
from advisor.profiling.checks.duplicates import find_duplicates
from advisor.profiling.checks.near import user_text
from advisor.profiling.split import split_dataset
from advisor.profiling.validate import load_platform_rules

TARGETS = ("openai", "bedrock", "together", "alpaca", "sharegpt", "hf")
TARGET_LABELS = {
    "openai": "OpenAI chat",
    "bedrock": "Amazon Bedrock",
    "together": "Together AI",
    "alpaca": "Alpaca",
    "sharegpt": "ShareGPT",
    "hf": "Hugging Face messages",
}
TRAIN_FILE = "train.jsonl"
VALIDATION_FILE = "validation.jsonl"
CONFLICTS_FILE = "conflicts_to_review.jsonl"
SKIPPED_FILE = "skipped.jsonl"
MANIFEST_FILE = "manifest.json"
TURN_SEPARATOR = "\n\n"  # between merged consecutive turns of one role

MESSAGES = section("export")


# --- cleaning -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Conflict:
    """One input given different answers: the lines, and each distinct answer (as first written) with its lines."""

    input: str
    lines: tuple[int, ...]
    answers: tuple[tuple[str, tuple[int, ...]], ...]


@dataclass(frozen=True, slots=True)
class CleanedData:
    source: str
    loaded: int  # examples the loader kept (rejected lines never reach here)
    rejected_lines: int
    train: tuple[Example, ...]
    validation: tuple[Example, ...]
    removed_duplicates: tuple[int, ...]  # lines of exact duplicates dropped (the first of each group stays)
    conflicts: tuple[Conflict, ...]
    stratified_by_label: bool

    def counts(self) -> dict[str, int]:
        return {
            "loaded": self.loaded,
            "rejected_lines": self.rejected_lines,
            "removed_duplicates": len(self.removed_duplicates),
            "train": len(self.train),
            "validation": len(self.validation),
            "conflict_groups": len(self.conflicts),
        }


def clean_dataset(
    dataset: Dataset, validation_share: float = 0.1, seed: int = 0, labels: Sequence[str] | None = None
) -> CleanedData:
    """Deduplicate, list conflicts and split; `labels` (one per example of `dataset`) stratify the split."""
    examples = dataset.examples
    # Profile data keyed by index, not line: elements of one JSON array can share a line.
    data = replace(prepare(dataset), lines=tuple(range(len(examples))))
    found = find_duplicates(data)
    removed = {index for group in found.exact_groups for index in group[1:]}
    kept = [index for index in range(len(examples)) if index not in removed]
    kept_labels = tuple(labels[index] for index in kept) if labels is not None else None
    deduplicated = replace(dataset, examples=tuple(examples[index] for index in kept))
    split = split_dataset(deduplicated, validation_share, seed, kept_labels)
    return CleanedData(
        source=dataset.source,
        loaded=len(examples),
        rejected_lines=dataset.lines_rejected,
        train=tuple(examples[kept[index]] for index in split.train),
        validation=tuple(examples[kept[index]] for index in split.validation),
        removed_duplicates=tuple(examples[index].line for index in sorted(removed)),
        conflicts=tuple(_conflict([examples[index] for index in group.lines]) for group in found.conflicts),
        stratified_by_label=split.stratified_by_label,
    )


def _conflict(group: list[Example]) -> Conflict:
    answers: dict[str, list[Example]] = defaultdict(list)
    for example in group:
        answers[normalise(example.final_output())].append(example)
    return Conflict(
        input=user_text(group[0]),
        lines=tuple(example.line for example in group),
        answers=tuple((same[0].final_output(), tuple(example.line for example in same)) for same in answers.values()),
    )


# --- one record per example, per target ---------------------------------------------------------


class _Skip(Exception):
    """Raised while shaping a record: the example cannot be expressed in the target's format."""

    def __init__(self, code: str, **args: str | int) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = tuple(args.items())


@dataclass(frozen=True, slots=True)
class _Turn:
    role: str
    text: str
    weight: int | None = None
    calls: tuple[ToolCall, ...] = ()
    call_id: str | None = None  # a tool result: the call it answers

    @property
    def mergeable(self) -> bool:
        # A call or a tool result stands alone: joining two would lose which call is which.
        return not self.calls and self.role != "tool"


def _turns(messages: Sequence[Message], target: str, weights: bool = False) -> list[_Turn]:
    """The turns of a conversation; raises for names and untrained turns, which only OpenAI's format holds.
    Tool calls and results are kept: `_record` has already skipped them for targets that cannot hold them."""
    turns = []
    for message in messages:
        if message.name is not None:
            raise _Skip("export_message_name", target=TARGET_LABELS[target])
        if message.weight == 0 and not weights:
            raise _Skip("export_untrained_turn", target=TARGET_LABELS[target])
        if message.role == "function":
            raise _Skip("export_legacy_function", target=TARGET_LABELS[target])
        role = "system" if message.role == "developer" else message.role
        weight = message.weight if weights and message.weight in (0, 1) else None
        turns.append(_Turn(role, message.content or "", weight, message.tool_calls, message.tool_call_id))
    return turns


def _merged(turns: list[_Turn]) -> list[_Turn]:
    merged: list[_Turn] = []
    for turn in turns:
        previous = merged[-1] if merged else None
        if previous is not None and previous.role == turn.role and previous.mergeable and turn.mergeable:
            if previous.weight != turn.weight:
                raise _Skip("export_mixed_weights")
            merged[-1] = replace(previous, text=previous.text + TURN_SEPARATOR + turn.text)
        else:
            merged.append(turn)
    return merged


def _shaped(turns: list[_Turn], target: str) -> tuple[str | None, list[_Turn]]:
    """The system prompt and the turns after it: same-role neighbours merged, starting with the user."""
    label = TARGET_LABELS[target]
    turns = _merged(turns)
    system = turns.pop(0).text if turns and turns[0].role == "system" else None
    if any(turn.role == "system" for turn in turns):
        raise _Skip("export_system_not_first", target=label)
    if turns and turns[0].role != "user":
        raise _Skip("export_first_not_user", role=turns[0].role, target=label)
    return system, turns


def _conversation(turns: list[_Turn], target: str, ends_with_assistant: bool) -> tuple[str | None, list[_Turn]]:
    """A conversation with at least one reply (and ending with one when the target requires it)."""
    system, turns = _shaped(turns, target)
    if not any(turn.role == "assistant" for turn in turns):
        raise _Skip("export_no_assistant", target=TARGET_LABELS[target])
    if ends_with_assistant and turns[-1].role != "assistant":
        raise _Skip("export_last_not_assistant", role=turns[-1].role, target=TARGET_LABELS[target])
    return system, turns


def _prompt(messages: Sequence[Message], target: str, weights: bool = False) -> tuple[str | None, list[_Turn]]:
    """A preference prompt, shaped: the system prompt and the turns that lead to the two replies."""
    system, turns = _shaped(_turns(messages, target, weights), target)
    return system, _leading_to_replies(turns, target)


def _leading_to_replies(turns: list[_Turn], target: str) -> list[_Turn]:
    """A prompt's turns, which must end with the user's turn or a tool result."""
    if not turns:
        raise _Skip("export_no_prompt", target=TARGET_LABELS[target])
    if turns[-1].role not in ("user", "tool"):
        raise _Skip("export_prompt_not_user", role=turns[-1].role, target=TARGET_LABELS[target])
    return turns


def _reply(messages: Sequence[Message], target: str) -> _Turn:
    """One side of a preference pair: exactly one assistant turn (text or tool calls)."""
    if len(messages) != 1 or messages[0].role != "assistant":
        raise _Skip("export_reply_not_single", target=TARGET_LABELS[target])
    return _turns(messages, target)[0]


def _alternating(turns: list[_Turn], target: str) -> None:
    """Raises when two turns of one role follow each other (calls and tool results are never merged)."""
    for previous, turn in zip(turns, turns[1:]):
        if previous.role == turn.role:
            raise _Skip("export_not_alternating", role=turn.role, target=TARGET_LABELS[target])


def _arguments(call: ToolCall, target: str) -> Any:
    """A call's arguments as the JSON value they spell (sharegpt and hf hold them as an object, not as text)."""
    try:
        return json.loads(call.arguments)
    except ValueError:
        raise _Skip("export_arguments_not_json", function=call.name, target=TARGET_LABELS[target]) from None


def _tools(example: Example) -> list[Any]:
    return [json.loads(tool) for tool in example.tools]


def _no_preference(example: Example, target: str) -> None:
    if example.is_preference:
        raise _Skip("export_preference", target=TARGET_LABELS[target])


def _no_corpus(example: Example, target: str) -> None:
    if example.format == "text":
        raise _Skip("export_corpus", target=TARGET_LABELS[target])


def _openai(example: Example) -> dict[str, Any]:
    # Any non-preference example as a chat record, whatever format it was read from.
    return openai_record(example if example.is_preference else replace(example, format="openai_chat"))


def _bedrock(example: Example) -> dict[str, Any]:
    _no_preference(example, "bedrock")
    _no_corpus(example, "bedrock")
    system, turns = _conversation(_turns(example.messages, "bedrock"), "bedrock", ends_with_assistant=True)
    for text in [system or "", *(turn.text for turn in turns)]:
        for string in _bedrock_forbidden_strings():
            if string in text:
                shown = string.replace("\n", "\\n")
                raise _Skip("export_forbidden_string", string=shown, target=TARGET_LABELS["bedrock"])
    record: dict[str, Any] = {"system": system} if system is not None else {}
    record["messages"] = [{"role": turn.role, "content": turn.text} for turn in turns]
    return record


@functools.cache
def _bedrock_forbidden_strings() -> tuple[str, ...]:
    return load_platform_rules().get("bedrock").forbidden_strings  # data/platforms.toml


@functools.cache
def _together_alternates() -> bool:
    return load_platform_rules().get("together").alternate  # data/platforms.toml


def _call_records(calls: Sequence[ToolCall], arguments: Callable[[ToolCall], Any]) -> list[dict[str, Any]]:
    """`tool_calls` entries (`type: function`, the id when there is one), arguments as `arguments` gives them."""
    return [({"id": call.id} if call.id is not None else {})
            | {"type": "function", "function": {"name": call.name, "arguments": arguments(call)}} for call in calls]


def _together_message(turn: _Turn) -> dict[str, Any]:
    # Content is always a string, "" beside tool calls: Together's file check wants a string on every message.
    record: dict[str, Any] = {"role": turn.role, "content": turn.text}
    if turn.calls:
        record["tool_calls"] = _call_records(turn.calls, lambda call: call.arguments)  # the JSON text of the file
    if turn.call_id is not None:
        record["tool_call_id"] = turn.call_id
    return record | ({"weight": turn.weight} if turn.weight is not None else {})


def _together_messages(system: str | None, turns: list[_Turn]) -> list[dict[str, Any]]:
    if _together_alternates():  # two tool results in a row (parallel calls) break it
        _alternating(turns, "together")
    records = [{"role": "system", "content": system}] if system is not None else []
    return records + [_together_message(turn) for turn in turns]


def _together(example: Example) -> dict[str, Any]:
    tools = {"tools": _tools(example)} if example.tools else {}
    if example.format == "text":
        return {"text": example.messages[0].content or ""}  # Together's general format
    if not example.is_preference:
        turns = _turns(example.messages, "together", weights=True)
        return {"messages": _together_messages(*_conversation(turns, "together", False))} | tools
    replies = [_together_message(_reply(side, "together")) for side in (example.preferred, example.rejected)]
    return {
        "input": {"messages": _together_messages(*_prompt(example.messages, "together", weights=True))} | tools,
        "preferred_output": [replies[0]],
        "non_preferred_output": [replies[1]],
    }


def _alpaca(example: Example) -> dict[str, Any]:
    _no_preference(example, "alpaca")
    _no_corpus(example, "alpaca")
    system, turns = _conversation(_turns(example.messages, "alpaca"), "alpaca", ends_with_assistant=True)
    if len(turns) != 2:
        raise _Skip("export_multi_turn", turns=len(turns), target=TARGET_LABELS["alpaca"])
    record = {"instruction": turns[0].text, "input": "", "output": turns[1].text}
    return record | ({"system": system} if system is not None else {})


SHAREGPT_SPEAKERS = {"system": "system", "user": "human", "assistant": "gpt"}
# LLaMA-Factory's converter: human and observation at odd positions, gpt and function_call at even ones.
SHAREGPT_ASKS, SHAREGPT_ANSWERS = ("human", "observation"), ("gpt", "function_call")
# Parallel tool results are one observation turn, joined as LLaMA-Factory's own `openai` converter joins them.
OBSERVATION_SEPARATOR = "\n</tool_response>\n<tool_response>\n"


def _sharegpt_turn(turn: _Turn) -> dict[str, str]:
    if not turn.calls:
        return {"from": SHAREGPT_SPEAKERS[turn.role], "value": turn.text}
    if turn.text.strip():
        raise _Skip("export_text_beside_call", target=TARGET_LABELS["sharegpt"])
    calls = [{"name": call.name, "arguments": _arguments(call, "sharegpt")} for call in turn.calls]
    return {"from": "function_call", "value": json.dumps(calls[0] if len(calls) == 1 else calls, ensure_ascii=False)}


def _sharegpt_turns(turns: list[_Turn], prompt: bool) -> list[dict[str, str]]:
    """Turns in LLaMA-Factory's order; raises where its converter would drop the example."""
    shaped: list[dict[str, str]] = []
    for turn in turns:
        if turn.role == "tool" and shaped and shaped[-1]["from"] == "observation":
            shaped[-1]["value"] += OBSERVATION_SEPARATOR + turn.text
        else:
            shaped.append({"from": "observation", "value": turn.text} if turn.role == "tool" else _sharegpt_turn(turn))
    for index, turn in enumerate(shaped):
        if turn["from"] not in (SHAREGPT_ASKS, SHAREGPT_ANSWERS)[index % 2]:
            role = {"human": "user", "observation": "tool"}.get(turn["from"], "assistant")
            raise _Skip("export_not_alternating", role=role, target=TARGET_LABELS["sharegpt"])
    if not prompt and shaped[-1]["from"] not in SHAREGPT_ANSWERS:
        raise _Skip("export_last_not_assistant", role=turns[-1].role, target=TARGET_LABELS["sharegpt"])
    return shaped


def _sharegpt_tools(example: Example) -> dict[str, str]:
    # A JSON string of the functions (OpenAI's {"type": "function", "function": {...}} wrapper taken off).
    if not example.tools:
        return {}
    tools = [tool["function"] if tool.get("type") == "function" and "function" in tool else tool
             for tool in _tools(example)]
    return {"tools": json.dumps(tools, ensure_ascii=False)}


def _sharegpt(example: Example) -> dict[str, Any]:
    _no_corpus(example, "sharegpt")  # LLaMA-Factory: pre-training data is incompatible with sharegpt
    if example.is_preference:
        system, turns = _prompt(example.messages, "sharegpt")
        conversations = _sharegpt_turns(turns, prompt=True)
        sides = [_sharegpt_turn(_reply(side, "sharegpt")) for side in (example.preferred, example.rejected)]
        record = {"conversations": conversations, "chosen": sides[0], "rejected": sides[1]}
    else:
        system, turns = _conversation(_turns(example.messages, "sharegpt"), "sharegpt", ends_with_assistant=True)
        record = {"conversations": _sharegpt_turns(turns, prompt=False)}
    if system is not None:
        record["conversations"].insert(0, {"from": "system", "value": system})
    return record | _sharegpt_tools(example)


def _hf_message(turn: _Turn) -> dict[str, Any]:
    record: dict[str, Any] = {"role": turn.role, "content": turn.text}
    if turn.calls:  # TRL's tool-calling layout: arguments as a JSON object
        record["tool_calls"] = _call_records(turn.calls, lambda call: _arguments(call, "hf"))
    if turn.call_id is not None:
        record["tool_call_id"] = turn.call_id
    return record


def _hf(example: Example) -> dict[str, Any]:
    tools = {"tools": _tools(example)} if example.tools else {}
    if example.format == "text":
        return {"text": example.messages[0].content or ""}  # TRL's language-modeling type
    if not example.is_preference:
        return {"messages": [_hf_message(turn) for turn in _turns(example.messages, "hf")]} | tools
    # As in SFT records, no turn is merged or moved.
    prompt = [_hf_message(turn) for turn in _leading_to_replies(_turns(example.messages, "hf"), "hf")]
    chosen, rejected = ([_hf_message(_reply(side, "hf"))] for side in (example.preferred, example.rejected))
    return {"prompt": prompt, "chosen": chosen, "rejected": rejected} | tools


_RECORDS: dict[str, Callable[[Example], dict[str, Any]]] = {
    "openai": _openai, "bedrock": _bedrock, "together": _together,
    "alpaca": _alpaca, "sharegpt": _sharegpt, "hf": _hf,
}
# The kinds of training file each target can write (a file holds one); bedrock and alpaca: supervised only.
_FILE_KINDS = {
    "openai": ("sft", "preference"), "together": ("sft", "preference", "corpus"),
    "sharegpt": ("sft", "preference"), "hf": ("sft", "preference", "corpus"),
}
_KIND_NAMES = {"sft": "SFT", "preference": "DPO", "corpus": "corpus"}
_WITHOUT_TOOLS = frozenset({"bedrock", "alpaca"})  # Claude 3 Haiku fine-tuning and Alpaca take no tools


# --- files --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Skipped:
    line: int
    split: str  # train | validation
    code: str
    args: tuple[tuple[str, str | int], ...] = ()

    def reason(self, lang: str = "en") -> str:
        templates = MESSAGES[self.code]
        return (templates.get(lang) or templates["en"]).format(**dict(self.args))


@dataclass(frozen=True, slots=True)
class ExportFile:
    name: str
    text: str
    records: int | None = None  # JSONL files: lines written; None for other files


@dataclass(frozen=True, slots=True)
class ExportBundle:
    target: str
    files: tuple[ExportFile, ...]
    skipped: tuple[Skipped, ...]
    written: tuple[tuple[str, int], ...]  # (split, records written): train, validation
    kind: str  # sft | preference | corpus: what the training files hold

    def file(self, name: str) -> ExportFile | None:
        return next((item for item in self.files if item.name == name), None)

    @property
    def train_file(self) -> str | None:
        return TRAIN_FILE if self.file(TRAIN_FILE) else None

    @property
    def validation_file(self) -> str | None:
        return VALIDATION_FILE if self.file(VALIDATION_FILE) else None


def export_files(cleaned: CleanedData, target: str) -> ExportBundle:
    """Every file of an export to `target`, as text; examples it cannot express are listed in skipped.jsonl."""
    if target not in _RECORDS:
        raise ValueError(f"unknown target {target!r}; known: {', '.join(TARGETS)}")
    kind = _file_kind(cleaned.train + cleaned.validation, target)
    skipped: list[Skipped] = []
    files: list[ExportFile] = []
    written = []
    splits = (("train", TRAIN_FILE, cleaned.train), ("validation", VALIDATION_FILE, cleaned.validation))
    for split, name, examples in splits:
        lines = []
        for example in examples:
            try:
                lines.append(_jsonl(_record(example, target, kind)))
            except _Skip as skip:
                skipped.append(Skipped(example.line, split, skip.code, skip.args_))
        written.append((split, len(lines)))
        if lines:  # platforms and the loader refuse empty files; the manifest says 0
            files.append(ExportFile(name, "".join(lines), len(lines)))
    if cleaned.conflicts:
        review = "".join(_jsonl(_conflict_record(conflict)) for conflict in cleaned.conflicts)
        files.append(ExportFile(CONFLICTS_FILE, review, len(cleaned.conflicts)))
    if skipped:
        files.append(ExportFile(SKIPPED_FILE, "".join(_jsonl(_skipped_record(s)) for s in skipped), len(skipped)))
    bundle = ExportBundle(target, tuple(files), tuple(skipped), tuple(written), kind)
    manifest = json.dumps(export_summary(cleaned, bundle), ensure_ascii=False, indent=2) + "\n"
    files = bundle.files + (ExportFile(MANIFEST_FILE, manifest),)
    # Lone surrogates (possible in any text given through the Python API) become U+FFFD here, so
    # every consumer of the texts (files, the app's zip) gets text that encodes as UTF-8.
    return replace(bundle, files=tuple(replace(item, text=without_lone_surrogates(item.text)) for item in files))


def export_summary(cleaned: CleanedData, bundle: ExportBundle) -> dict[str, Any]:
    """What the export did, in numbers that add up: loaded = train + validation + removed duplicates;
    each split = written + skipped. The manifest file and the CLI's JSON are this object."""
    counts = cleaned.counts()
    for split, count in bundle.written:
        counts[f"written_{split}"] = count
        counts[f"skipped_{split}"] = sum(1 for item in bundle.skipped if item.split == split)
    return {
        "source": cleaned.source,
        "target": bundle.target,
        "kind": bundle.kind,
        "counts": counts,
        "stratified_by_label": cleaned.stratified_by_label,
        "removed_duplicate_lines": list(cleaned.removed_duplicates),
        "files": {item.name: item.records for item in bundle.files if item.records is not None},
    }


def write_export(bundle: ExportBundle, out_dir: str | Path) -> tuple[Path, ...]:
    """The bundle's files in `out_dir`, all or none: a failure leaves the files there before untouched."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return write_files_atomically({out / item.name: item.text for item in bundle.files})


def _example_kind(example: Example, target: str) -> str:
    if example.is_preference:
        return "preference"
    return "corpus" if example.format == "text" and "corpus" in _FILE_KINDS.get(target, ()) else "sft"


def _file_kind(examples: Sequence[Example], target: str) -> str:
    """The kind the training files hold: the most common among the examples (a tie goes to SFT)."""
    kinds = _FILE_KINDS.get(target, ("sft",))
    counts = Counter(_example_kind(example, target) for example in examples)
    return max(kinds, key=lambda kind: (counts[kind], -kinds.index(kind)))


def _record(example: Example, target: str, kind: str) -> dict[str, Any]:
    messages = (*example.messages, *example.preferred, *example.rejected)
    if any(message.non_text_parts for message in messages):
        raise _Skip("export_non_text")
    found = _example_kind(example, target)
    if target in _FILE_KINDS and found != kind:
        raise _Skip("export_other_kind", kind=_KIND_NAMES[found], file_kind=_KIND_NAMES[kind],
                    target=TARGET_LABELS[target])
    if target in _WITHOUT_TOOLS and (example.tools or any(map(_uses_tools, messages))):
        raise _Skip("export_tool_calls", target=TARGET_LABELS[target])
    return _RECORDS[target](example)


def _uses_tools(message: Message) -> bool:
    return bool(message.tool_calls) or message.tool_call_id is not None or message.role in ("tool", "function")


def _conflict_record(conflict: Conflict) -> dict[str, Any]:
    return {
        "lines": list(conflict.lines),
        "input": conflict.input,
        "answers": [{"answer": answer, "lines": list(lines)} for answer, lines in conflict.answers],
    }


def _skipped_record(skipped: Skipped) -> dict[str, Any]:
    return {"line": skipped.line, "split": skipped.split, "code": skipped.code, "reason": skipped.reason()}


def _jsonl(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"
