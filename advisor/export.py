"""Cleaned train/validation files for a training target, with nothing lost silently.

`clean_dataset` drops exact duplicates (the profile's own notion of identical: same input and answer
up to case and spacing, `advisor.checks.duplicates`), lists conflicting answers for review without
dropping them, and splits with `advisor.split.split_dataset` (leak-free, stratified when labels are
given). `export_files` writes every example in the target's format or reports it as skipped, with
its source line and a reason; `write_export` is the only function that touches the disk.

Targets and how examples are shaped for them
- openai: OpenAI chat JSONL through `advisor.serialize` (tools, names and weights kept);
  prompt/completion and text examples become chat records.
- bedrock: `{"system"?, "messages"}` with user/assistant turns that alternate, first user, last
  assistant (FACTS §3).
- together: `{"messages"}` with roles system (first only), user, assistant; weight 0/1 kept.
- alpaca: `{"instruction", "input", "output"}` plus a `system` key when the example has a system
  prompt (LLaMA-Factory's Alpaca column; this project's loader reads it back). The whole user turn
  goes into `instruction` and `input` stays empty: once loaded, instruction and input are one text
  and cannot be told apart again. Single question-and-answer examples only.
- sharegpt: `{"conversations": [{"from": "system"|"human"|"gpt", "value"}]}`.
- hf: `{"messages": [{"role", "content"}]}` with string content only: one schema on every line, the
  conversational format TRL's SFTTrainer and `datasets.load_dataset("json", ...)` read.

Shaping rules outside OpenAI: developer messages count as system prompts; consecutive system
prompts at the start become one; for bedrock, together and alpaca, consecutive turns of the same
role are merged into one, their texts joined by a blank line. What a format cannot hold is skipped
and reported, never dropped or rewritten quietly: tools and tool calls, message names, images and
other non-text parts (only their text was loaded), assistant turns with weight 0 where the format
has no weights, and preference (DPO) data where the format has no preference layout (only openai and
together have one). A training file holds one kind of data: when a dataset mixes preference and
supervised examples, openai and together keep the larger kind and report the other as skipped.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from advisor.atomic_write import write_files_atomically, without_lone_surrogates
from advisor.checks.base import normalise, prepare
from advisor.checks.duplicates import find_duplicates
from advisor.checks.near import user_text
from advisor.model import Dataset, Example, Message
from advisor.serialize import openai_record
from advisor.split import split_dataset
from advisor.validate import load_platform_rules

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

MESSAGES = {
    "export_non_text": {
        "en": "Has images, audio or files; only their text was read, so exporting would lose them.",
        "pt": "Tem imagens, áudio ou arquivos; só o texto foi lido, e exportar os perderia.",
    },
    "export_preference": {
        "en": "Preference (DPO) data: the {target} format has no layout for it.",
        "pt": "Dados de preferência (DPO): o formato {target} não tem layout para eles.",
    },
    "export_other_kind": {
        "en": "A {kind} example in a file of {file_kind} examples: a {target} training file holds one kind.",
        "pt": "Um exemplo {kind} num arquivo de exemplos {file_kind}: um arquivo de treino {target} tem um só tipo.",
    },
    "export_tool_calls": {
        "en": "Uses tools or tool calls, which the {target} format cannot hold.",
        "pt": "Usa ferramentas ou chamadas de ferramenta, que o formato {target} não comporta.",
    },
    "export_message_name": {
        "en": "A message has a name, which the {target} format cannot hold.",
        "pt": "Uma mensagem tem nome (name), que o formato {target} não comporta.",
    },
    "export_untrained_turn": {
        "en": "An assistant turn has weight 0 (not trained on); the {target} format has no weights.",
        "pt": "Uma fala do assistente tem weight 0 (fora do treino); o formato {target} não tem pesos.",
    },
    "export_mixed_weights": {
        "en": "Two consecutive assistant turns have different weights and cannot be merged into one.",
        "pt": "Duas falas seguidas do assistente têm pesos diferentes e não podem ser unidas.",
    },
    "export_system_not_first": {
        "en": "A system message comes after the conversation started; {target} takes one only at the start.",
        "pt": "Uma mensagem de sistema vem depois do início da conversa; {target} só a aceita no começo.",
    },
    "export_first_not_user": {
        "en": "The conversation starts with a \"{role}\" message; {target} needs the user first.",
        "pt": "A conversa começa com uma mensagem de \"{role}\"; {target} exige o usuário primeiro.",
    },
    "export_last_not_assistant": {
        "en": "The conversation ends with a \"{role}\" message; {target} needs it to end with the assistant's reply.",
        "pt": "A conversa termina com uma mensagem de \"{role}\"; {target} exige que termine com a resposta "
        "do assistente.",
    },
    "export_no_assistant": {
        "en": "No assistant reply: nothing to learn from in {target}.",
        "pt": "Sem resposta do assistente: nada a aprender em {target}.",
    },
    "export_multi_turn": {
        "en": "Has {turns} turns; the {target} format holds one question and one answer.",
        "pt": "Tem {turns} falas; o formato {target} comporta uma pergunta e uma resposta.",
    },
    "export_forbidden_string": {
        "en": "Contains \"{string}\", which {target} forbids in training data.",
        "pt": "Contém \"{string}\", que {target} proíbe nos dados de treino.",
    },
    "export_reply_not_single": {
        "en": "A preference reply must be exactly one assistant message for {target}.",
        "pt": "Cada resposta de preferência deve ser exatamente uma mensagem do assistente para {target}.",
    },
}


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


Turn = tuple[str, str, int | None]  # role, text, weight


def _turns(messages: Sequence[Message], target: str, weights: bool = False) -> list[Turn]:
    """Plain text turns; raises for names and untrained turns, which only OpenAI's format holds."""
    turns = []
    for message in messages:
        if message.name is not None:
            raise _Skip("export_message_name", target=TARGET_LABELS[target])
        if message.weight == 0 and not weights:
            raise _Skip("export_untrained_turn", target=TARGET_LABELS[target])
        role = "system" if message.role == "developer" else message.role
        weight = message.weight if weights and message.weight in (0, 1) else None
        turns.append((role, message.content or "", weight))
    return turns


def _merged(turns: list[Turn]) -> list[Turn]:
    merged: list[Turn] = []
    for role, text, weight in turns:
        if merged and merged[-1][0] == role:
            if merged[-1][2] != weight:
                raise _Skip("export_mixed_weights")
            merged[-1] = (role, merged[-1][1] + TURN_SEPARATOR + text, weight)
        else:
            merged.append((role, text, weight))
    return merged


def _shaped(turns: list[Turn], target: str) -> tuple[str | None, list[Turn]]:
    """The system prompt and the turns after it: same-role neighbours merged, starting with the user."""
    label = TARGET_LABELS[target]
    turns = _merged(turns)
    system = turns.pop(0)[1] if turns and turns[0][0] == "system" else None
    if any(role == "system" for role, _, _ in turns):
        raise _Skip("export_system_not_first", target=label)
    if turns and turns[0][0] != "user":
        raise _Skip("export_first_not_user", role=turns[0][0], target=label)
    return system, turns


def _conversation(turns: list[Turn], target: str, ends_with_assistant: bool) -> tuple[str | None, list[Turn]]:
    """A conversation with at least one reply (and ending with one when the target requires it)."""
    system, turns = _shaped(turns, target)
    if not any(role == "assistant" for role, _, _ in turns):
        raise _Skip("export_no_assistant", target=TARGET_LABELS[target])
    if ends_with_assistant and turns[-1][0] != "assistant":
        raise _Skip("export_last_not_assistant", role=turns[-1][0], target=TARGET_LABELS[target])
    return system, turns


def _no_preference(example: Example, target: str) -> None:
    if example.is_preference:
        raise _Skip("export_preference", target=TARGET_LABELS[target])


def _openai(example: Example) -> dict[str, Any]:
    # Any non-preference example as a chat record, whatever format it was read from.
    return openai_record(example if example.is_preference else replace(example, format="openai_chat"))


def _bedrock(example: Example) -> dict[str, Any]:
    _no_preference(example, "bedrock")
    system, turns = _conversation(_turns(example.messages, "bedrock"), "bedrock", ends_with_assistant=True)
    for text in [system or "", *(text for _, text, _ in turns)]:
        for string in _bedrock_forbidden_strings():
            if string in text:
                shown = string.replace("\n", "\\n")
                raise _Skip("export_forbidden_string", string=shown, target=TARGET_LABELS["bedrock"])
    record: dict[str, Any] = {"system": system} if system is not None else {}
    record["messages"] = [{"role": role, "content": text} for role, text, _ in turns]
    return record


@functools.cache
def _bedrock_forbidden_strings() -> tuple[str, ...]:
    return load_platform_rules().get("bedrock").forbidden_strings  # data/platforms.toml


def _together_messages(messages: Sequence[Message], preference_input: bool = False) -> list[dict[str, Any]]:
    turns = _turns(messages, "together", weights=True)
    # A preference input ends before the reply, which comes separately.
    system, rest = _shaped(turns, "together") if preference_input else _conversation(turns, "together", False)
    records = [{"role": "system", "content": system}] if system is not None else []
    for role, text, weight in rest:
        records.append({"role": role, "content": text} | ({"weight": weight} if weight is not None else {}))
    return records


def _together(example: Example) -> dict[str, Any]:
    if not example.is_preference:
        return {"messages": _together_messages(example.messages)}
    replies = []
    for reply in (example.preferred, example.rejected):
        if len(reply) != 1 or reply[0].role != "assistant":
            raise _Skip("export_reply_not_single", target=TARGET_LABELS["together"])
        replies.append([{"role": "assistant", "content": text} for _, text, _ in _turns(reply, "together")])
    return {
        "input": {"messages": _together_messages(example.messages, preference_input=True)},
        "preferred_output": replies[0],
        "non_preferred_output": replies[1],
    }


def _alpaca(example: Example) -> dict[str, Any]:
    _no_preference(example, "alpaca")
    system, turns = _conversation(_turns(example.messages, "alpaca"), "alpaca", ends_with_assistant=True)
    if len(turns) != 2:
        raise _Skip("export_multi_turn", turns=len(turns), target=TARGET_LABELS["alpaca"])
    record = {"instruction": turns[0][1], "input": "", "output": turns[1][1]}
    return record | ({"system": system} if system is not None else {})


SHAREGPT_SPEAKERS = {"system": "system", "user": "human", "assistant": "gpt"}


def _sharegpt(example: Example) -> dict[str, Any]:
    _no_preference(example, "sharegpt")
    turns = _turns(example.messages, "sharegpt")
    return {"conversations": [{"from": SHAREGPT_SPEAKERS[role], "value": text} for role, text, _ in turns]}


def _hf(example: Example) -> dict[str, Any]:
    _no_preference(example, "hf")
    return {"messages": [{"role": role, "content": text} for role, text, _ in _turns(example.messages, "hf")]}


_RECORDS: dict[str, Callable[[Example], dict[str, Any]]] = {
    "openai": _openai, "bedrock": _bedrock, "together": _together,
    "alpaca": _alpaca, "sharegpt": _sharegpt, "hf": _hf,
}
_HAS_PREFERENCE = frozenset({"openai", "together"})
_KIND_NAMES = {"sft": "SFT", "preference": "DPO"}


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
    kind: str  # sft | preference: what the training files hold

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
    kind = _file_kind(cleaned.train + cleaned.validation) if target in _HAS_PREFERENCE else "sft"
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


def _file_kind(examples: Sequence[Example]) -> str:
    preference = sum(1 for example in examples if example.is_preference)
    return "preference" if preference > len(examples) - preference else "sft"


def _record(example: Example, target: str, kind: str) -> dict[str, Any]:
    messages = (*example.messages, *example.preferred, *example.rejected)
    if any(message.non_text_parts for message in messages):
        raise _Skip("export_non_text")
    if target in _HAS_PREFERENCE and example.is_preference != (kind == "preference"):
        found = _KIND_NAMES["preference" if example.is_preference else "sft"]
        raise _Skip("export_other_kind", kind=found, file_kind=_KIND_NAMES[kind], target=TARGET_LABELS[target])
    if target != "openai" and (example.tools or any(map(_uses_tools, messages))):
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
