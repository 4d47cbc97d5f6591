"""The examples made only of plain chat messages, as arrays over their messages.

A plain chat example is a chat (not preference, prompt/completion or text) without tool definitions whose
every message is a plain {"role", "content"} (no name, tool calls, call id, weight or non-text part): most
files are made of nothing else. The token worker's listing (advisor/data/token_worker.py) records their
messages as it lists the strings to count; once the worker has sent a count and a scan per string, the
examples' token counts, tokens per role and personal data are sums over whole arrays (`ListedMessages`)
instead of a Python pass per example for each: 0.6 s of the 100k-example benchmark file's analysis, which
came after the worker's answer (benchmarks/bench_analyze.py).

Every other example goes through the per-example code (`count_example`, `measure_sizes`' and
`find_personal_data`'s loops), which states the rule: the tests hold both ways equal on every format.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from advisor.data.model import PLAIN, PREFERENCE_FORMAT, RAW_FORMATS, Example

NOT_CHAT_FORMATS = RAW_FORMATS | {PREFERENCE_FORMAT}  # counted otherwise (advisor/data/tokens.py `count_example`)


class PlainChatRecorder:
    """Records the plain chat examples of a listing pass, in dataset order."""

    __slots__ = ("contents", "lengths", "next_position", "positions", "roles", "role_codes")

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.next_position = 0  # the dataset position of the next example offered
        self.positions, self.lengths = array("i"), array("i")  # per example: its position, its messages
        self.roles = array("i")  # per message: its role's code
        # Per message, its content: a reference to the string, not its index in the listing, which would
        # make an int object per string (7 MB more at the profile's peak on 100k examples).
        self.contents: list[str] = []
        self.role_codes: dict[str, int] = {}

    def record(self, example: Example, listing: dict[str, int]) -> bool:
        """Record `example` if it is a plain chat, looking its strings up in `listing` (which lists a new
        one); False, recording nothing, if it is not. Call it for every example, in order."""
        position, self.next_position = self.next_position, self.next_position + 1
        if example.format in NOT_CHAT_FORMATS or example.tools or example.preferred or example.rejected:
            return False
        messages = example.messages
        for message in messages:
            if message.details is not PLAIN:
                return False
        self.positions.append(position)
        self.lengths.append(len(messages))
        roles, contents, role_codes = self.roles, self.contents, self.role_codes
        for message in messages:
            role = role_codes.get(message.role)
            if role is None:
                listing[message.role]
                role = role_codes[message.role] = len(role_codes)
            roles.append(role)
            content = message.content or ""
            listing[content]
            contents.append(content)
        return True

    def listed(self, counts: Mapping[str, int], masks: Mapping[str, int]) -> ListedMessages:
        """The examples recorded, with each string's token count and, where it is not 0, the worker's bits
        (advisor/data/token_worker.py `text_mask`)."""
        contents, lengths = self.contents, np.frombuffer(self.lengths, np.int32)
        return ListedMessages(
            positions=np.frombuffer(self.positions, np.int32),
            starts=np.cumsum(lengths) - lengths,
            empty=lengths == 0,
            roles=np.frombuffer(self.roles, np.int32),
            role_names=tuple(self.role_codes),
            role_tokens=np.array([counts[role] for role in self.role_codes], np.int32),
            content_tokens=np.fromiter(map(counts.__getitem__, contents), np.int32, len(contents)),
            content_masks=np.fromiter((masks.get(text, 0) for text in contents), np.uint8, len(contents)),
        )


@dataclass(frozen=True, slots=True)
class ListedMessages:
    """The plain chat examples' messages, with what the token worker found in each."""

    positions: np.ndarray  # the examples' positions in the dataset, ascending
    starts: np.ndarray  # per example: the index of its first message
    empty: np.ndarray  # per example: True if it has no message
    roles: np.ndarray  # per message: its role's code, an index in `role_names`
    role_names: tuple[str, ...]
    role_tokens: np.ndarray  # per role code: the role's own tokens
    # 32-bit per message: the analysis' memory peaks while these are summed (100k examples: 320k messages)
    content_tokens: np.ndarray  # per message: its content's tokens
    content_masks: np.ndarray  # per message: the worker's bits for its content

    def each_example(self, values: np.ndarray) -> np.ndarray:
        """Per plain chat example, the sum of `values` (one per message) over its messages, as int64."""
        if not len(self.positions):
            return np.zeros(0, np.int64)
        if self.empty[-1]:  # reduceat needs every start inside `values`; the value added is summed by none
            values = np.append(values, 0)
        sums = np.add.reduceat(values, self.starts, dtype=np.int64)
        sums[self.empty] = 0  # reduceat gives an empty range the value at its start
        return sums

    def role_code(self, role: str) -> int:
        """The code of `role`; -1 if no message has it."""
        return self.role_names.index(role) if role in self.role_names else -1

    def others(self, examples: list[Example] | tuple[Example, ...]) -> list[int]:
        """The positions of `examples` (the dataset's) that are not plain chats, ascending."""
        plain = np.zeros(len(examples), bool)
        plain[self.positions] = True
        return np.flatnonzero(~plain).tolist()
