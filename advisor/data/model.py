"""The one data model every format is read into, and the record of what loading found.

Everything crossing a module boundary is a small frozen dataclass: a loaded `Dataset` can be
shared between the CLI, the app's cache and later analysis steps without anyone mutating it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]  # info: what the export does for you, nothing to fix

# Roles after normalisation. ShareGPT's human/gpt and Anthropic's roles map onto these.
ROLES = ("system", "developer", "user", "assistant", "tool", "function")


@dataclass(frozen=True, slots=True)
class ToolCall:
    name: str
    arguments: str  # the JSON text exactly as written in the file
    id: str | None = None


@dataclass(frozen=True, slots=True)
class MessageDetails:
    """What few messages carry: held apart, so that the plain {"role", "content"} messages most
    files consist of take 56 bytes each instead of 88 (10 MB less on 100k examples)."""

    name: str | None = None
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None
    weight: int | None = None  # OpenAI: 0 = do not train on this assistant turn
    non_text_parts: int = 0  # images, audio, files: present but not counted as text


PLAIN = MessageDetails()


@dataclass(frozen=True, slots=True, init=False)
class Message:
    role: str
    content: str | None  # text parts joined; None when the file had null (e.g. beside tool calls)
    details: MessageDetails

    def __init__(
        self,
        role: str,
        content: str | None,
        name: str | None = None,
        tool_calls: tuple[ToolCall, ...] = (),
        tool_call_id: str | None = None,
        weight: int | None = None,
        non_text_parts: int = 0,
    ) -> None:
        plain = name is None and not tool_calls and tool_call_id is None and weight is None and not non_text_parts
        details = PLAIN if plain else MessageDetails(name, tuple(tool_calls), tool_call_id, weight, non_text_parts)
        object.__setattr__(self, "role", role)
        object.__setattr__(self, "content", content)
        object.__setattr__(self, "details", details)

    @property
    def name(self) -> str | None:
        return self.details.name

    @property
    def tool_calls(self) -> tuple[ToolCall, ...]:
        return self.details.tool_calls

    @property
    def tool_call_id(self) -> str | None:
        return self.details.tool_call_id

    @property
    def weight(self) -> int | None:
        return self.details.weight

    @property
    def non_text_parts(self) -> int:
        return self.details.non_text_parts

    @property
    def trained(self) -> bool:
        return self.role == "assistant" and self.details.weight != 0


DATA_KINDS = ("supervised", "tool_calls", "preference", "corpus")

# `Example.format`s that are not a chat: their tokens carry no chat wrapper (advisor/data/tokens.py), and a
# preference pair's replies are counted apart.
RAW_FORMATS = frozenset({"prompt_completion", "text"})
PREFERENCE_FORMAT = "preference"


@dataclass(frozen=True, slots=True)
class Example:
    """One training example, whatever file format it came from.

    `messages` is the conversation (for preference data: the shared input). `preferred` and
    `rejected` hold the two competing replies of preference (DPO) data. Prompt/completion and plain
    text examples are also represented as messages so later steps see a single shape; `format`
    says where it came from because token accounting and platform rules differ per format.
    """

    line: int
    format: str
    messages: tuple[Message, ...]
    tools: tuple[str, ...] = ()  # each tool definition as compact JSON text
    parallel_tool_calls: bool | None = None
    preferred: tuple[Message, ...] = ()
    rejected: tuple[Message, ...] = ()
    keys: tuple[str, ...] = ()  # top-level keys (or mapped columns) as they appeared

    @property
    def is_preference(self) -> bool:
        return bool(self.preferred)

    @property
    def data_kind(self) -> str:
        """What training it is data for: preference | tool_calls | corpus | supervised (platforms take each apart)."""
        if self.preferred:
            return "preference"
        if self.tools or any(message.tool_calls for message in self.messages):
            return "tool_calls"
        return "corpus" if self.format == "text" else "supervised"

    def input_messages(self) -> tuple[Message, ...]:
        """Everything before the last assistant turn: what a model is given."""
        last = _last_assistant_index(self.messages)
        return self.messages if last is None else self.messages[:last]

    def final_output(self) -> str:
        """The answer a model should learn: the preferred reply, else the last assistant turn."""
        replies = self.preferred or self.messages
        last = _last_assistant_index(replies)
        if last is None:
            return ""
        return replies[last].content or ""


def _last_assistant_index(messages: tuple[Message, ...]) -> int | None:
    for index in range(len(messages) - 1, -1, -1):
        if messages[index].role == "assistant":
            return index
    return None


@dataclass(frozen=True, slots=True)
class Issue:
    """Something a line (or the whole file, line 0) needs the user to know.

    `args` fills the message template for the chosen language (see advisor/i18n/messages.py), so the
    same finding can be shown in Portuguese or English without re-reading the file.
    """

    line: int
    severity: Severity
    code: str
    args: tuple[tuple[str, str | int], ...] = ()
    platform: str | None = None

    def arg(self, key: str) -> str | int | None:
        return dict(self.args).get(key)

    def __reduce__(self) -> tuple[type[Issue], tuple]:
        # Pickled as a call to the constructor: 3x faster both ways than a frozen dataclass's slot-by-slot state
        # (200,000 rejected lines: 0.9 -> 0.3 s to pickle in a worker, 0.9 -> 0.4 s to load; advisor/ui/workers.py).
        return (Issue, (self.line, self.severity, self.code, self.args, self.platform))


@dataclass(frozen=True, slots=True)
class Annotations:
    """Other annotators' labels for the same items: a table's annotator columns, read in the same pass as the
    examples (advisor/profiling/checks/agreement.py measures how often they agree with the output column)."""

    columns: tuple[str, ...]  # the other annotators' columns, in table order (the output column is the first)
    # Per kept example, in the order of `Dataset.examples`: each column's label as written, None for an empty
    # cell. Equal tuples are one object, so a million rows of a few label combinations cost a pointer each.
    labels: tuple[tuple[str | None, ...], ...]
    named: bool = False  # named by the user; else found by their names and labels


@dataclass(frozen=True, slots=True)
class Dataset:
    source: str
    detected_format: str  # a format name, "mixed", or "unknown" when nothing was readable
    format_counts: tuple[tuple[str, int], ...]
    examples: tuple[Example, ...]
    issues: tuple[Issue, ...]  # loading issues: every rejected line has one error here
    lines_read: int
    lines_rejected: int
    blank_lines: int
    encoding: str  # text encoding the file was decoded with ("binary" for Parquet/XLSX)
    size_bytes: int
    container: str = "jsonl"  # jsonl, json (one array), csv, tsv, parquet or xlsx
    columns: tuple[str, str] | None = None  # (input, output) columns used for a table
    table_columns: tuple[str, ...] = ()  # as read, a repeated name made unique (`text`, `text.1`)
    sheets: tuple[str, ...] = ()  # a workbook's sheets, in file order
    sheet: str | None = None  # the sheet read
    annotations: Annotations | None = None  # a table's other annotators' labels of the same items

    @property
    def examples_kept(self) -> int:
        return len(self.examples)

    def summary(self) -> ReadSummary:
        return ReadSummary(
            self.source, self.detected_format, self.format_counts, self.issues, self.lines_read, self.examples_kept,
            self.lines_rejected, self.blank_lines, self.encoding, self.size_bytes, self.container, self.columns,
            self.table_columns, self.sheets, self.sheet,
            self.annotations.columns if self.annotations is not None else (),
        )


@dataclass(frozen=True, slots=True)
class ReadSummary:
    """What reading a file found, without its examples (which are nearly all of a dataset's memory): what an
    analysis reports beside its measurements, and what the app's data step draws before the page holds the examples
    (a worker reads the upload and sends this back, advisor/ui/workers.py). The fields are the `Dataset`'s."""

    source: str
    detected_format: str
    format_counts: tuple[tuple[str, int], ...]
    issues: tuple[Issue, ...]
    lines_read: int
    examples_kept: int
    lines_rejected: int
    blank_lines: int
    encoding: str
    size_bytes: int
    container: str
    columns: tuple[str, str] | None
    table_columns: tuple[str, ...]
    sheets: tuple[str, ...]
    sheet: str | None
    annotator_columns: tuple[str, ...]  # the other annotators' columns read (`Dataset.annotations.columns`)
