"""Token counting in a second process, so that both cores work on a large analysis.

tiktoken releases the GIL while it encodes, but a thread that encodes many short texts has to win
the GIL back after each one, and while the profile's checks run in Python it waits up to the 5 ms
switch interval every time: a counting thread made no progress until the checks were done
(benchmarks/bench_analyze.py). A process has no such wait, and it keeps the tokenizer (~50 MB)
out of the analysing process.

Parent side: `CountingJob` lists every distinct string a token count of the dataset will look up
(`strings_to_count`), and a background thread sends them in frames to `python -m
advisor.data.token_worker ENCODING` over a pipe (never to disk); `counts()` returns a `TokenCounter`
filled with what the worker sent back. The listing is Python work done in the calling thread before
it returns (0.5 s on the 100k-example benchmark file): listed in the sending thread, it fought the
profile's checks for the GIL, and on a busy machine the worker waited for frames until the checks
were done. The sending thread only encodes each frame and writes it, mostly without the GIL.
Nothing depends on the worker being alive: if it fails, `counts()` returns an empty counter, which
counts each string on its first look-up, as without a worker.

The worker also looks for personal data in each string (advisor/profiling/pii.py) and for what may
be a changing fact (advisor/profiling/checks/changing_facts.py): every message's content is among the
strings, so those two checks become look-ups (`CountingJob.pii_kinds`, `.facts_in`), and their 1.4 s
of work on the 100k-example benchmark file move to the core that would otherwise wait for the
profile (benchmarks/bench_analyze.py). Without the worker's answer, they scan the texts here.

Facts are only ever looked for in answers (`answer_text`), a quarter of the text: a string is sent
with a flag when it is an example's answer, and the worker looks for facts in flagged strings only
(1.0 s less on the benchmark file); a string never looked at there is looked at here when asked.

A job can start before the file has loaded (`start_ahead`, the CLI's `prepare_to_analyze`): the loader
hands it each batch of examples as it reads them (advisor/data/loader.py `watching_examples`), so the
worker counts while the file loads instead of after (1.7 s on the benchmark file);
`start_counting` then lists the examples not yet fed and finishes the job.

Frames, native byte order: u32 number of texts, u32 bytes of their UTF-8 ("surrogatepass", so
lone surrogates arrive as they were), then u32 byte length per text, one byte per text (1: look for
facts too) and the bytes. A frame of zero texts ends the input; the worker then writes u32 number of
counts, the counts (u32 each), and one byte per text: the kinds of personal data it holds (bit i set:
PII_KINDS[i]) and FACT_BIT if it may hold a changing fact.
"""

from __future__ import annotations

import itertools
import logging
import operator
import os
import queue
import struct
import subprocess
import sys
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from advisor.data.model import Example
from advisor.data.tokens import LONG_TEXT_CHARS, TokenCounter, count_example, count_long_text, get_encoding
from advisor.profiling.checks.changing_facts import FACTS, MAYBE_FACT, facts_in
from advisor.profiling.pii import PII_KINDS, pii_kinds

if TYPE_CHECKING:
    from advisor.data.plain_chats import ListedMessages

HEADER = struct.Struct("=II")
COUNT = struct.Struct("=I")
EXAMPLES_PER_FRAME = 2000  # ~2.5 MB of text on the benchmark file: the worker starts at once
MIN_FILE_BYTES = 4 << 20  # below this, starting a process costs more than the counting it saves

log = logging.getLogger(__name__)


class _Listing(TokenCounter):
    """A counter that first records the strings a pass looks up (with 0 for a count), then, filled
    with the worker's counts, serves as the memo: one dict of the dataset's strings, not two."""

    __slots__ = ("answers", "chats", "fresh", "late")  # chats: None once the worker's answers are in

    def __init__(self, encoding_name: str) -> None:
        super().__init__(encoding_name)
        self.fresh: list[str] | None = []  # None once filled: a miss is then counted here
        self.late: set[str] = set()  # strings counted here once filled: the worker never saw them
        self.answers: set[str] = set()  # strings sent as an answer: the worker looked for facts in them
        from advisor.data.plain_chats import PlainChatRecorder  # here: the worker process has no use for numpy

        self.chats = PlainChatRecorder()  # the plain chat examples' messages

    def __missing__(self, text: str) -> int:
        if self.fresh is None:
            self.late.add(text)
            return super().__missing__(text)
        self[text] = 0
        self.fresh.append(text)
        return 0


def strings_to_count(examples: Iterable[Example], listing: _Listing, per_batch: int) -> Iterator[list[str]]:
    """The distinct strings `count_tokens` (and the profile's tokens per role, which look up every
    message's content, already among them) will ask for, new ones only, `per_batch` examples at a
    time; `listing` keeps them all, in this order, and in `answers` the new ones that are an answer."""
    batch: list[Example] = []
    for example in examples:
        batch.append(example)
        if len(batch) == per_batch:
            yield _new_strings(listing, batch)
            batch = []
    if batch:
        yield _new_strings(listing, batch)


def _new_strings(listing: _Listing, batch: list[Example]) -> list[str]:
    answers = set()
    record = listing.chats.record
    for example in batch:
        if not record(example, listing):
            count_example(example, listing)
        # `answer_text` (advisor/task_kinds) in one scan: the last reply's text; an answer made of tool
        # calls is their canonical text, which no message holds (looked at here if ever asked).
        for message in reversed(example.preferred or example.messages):
            if message.role == "assistant":
                if not message.tool_calls:
                    answers.add(message.content or "")
                break
    fresh, listing.fresh = listing.fresh, []
    # An answer listed before as another text was sent unflagged: it stays out, and is looked at here.
    listing.answers.update(answers.intersection(fresh))
    return fresh


def start_counting(examples: Sequence[Example], encoding_name: str) -> CountingJob | None:
    """A `CountingJob` under way, or None when no process can be started here (then count in-process).
    A job started ahead for this encoding (`start_ahead`) is finished with `examples`."""
    ahead = _ahead.pop(encoding_name, None)
    if ahead is not None:
        ahead.finish_listing(examples)
        return ahead
    try:
        return CountingJob(examples, encoding_name)
    except OSError as error:
        log.warning("cannot start the token worker (%s); counting in this process", error)
        return None


class CountingJob:
    """Counts a dataset's strings in a worker process while the caller does other work.

    `examples` are listed at once and the job is complete; with `more=True` the caller may `add`
    examples as they load, then must call `finish_listing`."""

    def __init__(self, examples: Sequence[Example], encoding_name: str, per_frame: int = EXAMPLES_PER_FRAME,
                 more: bool = False) -> None:
        self.encoding_name = encoding_name
        self.per_frame = per_frame
        self.listing = _Listing(encoding_name)
        self.sent = 0
        self.failure: str | None = None
        # These scan each text here until `counts()` has the worker's answers.
        self.pii_kinds: Callable[[str], frozenset[str]] = pii_kinds
        self.facts_in: Callable[[str], list[str]] = facts_in
        self.listed: ListedMessages | None = None  # the plain chat examples, once `counts()` has the answers
        early = _early.pop(encoding_name, None)
        self.process = early if early is not None and early.poll() is None else _spawn(encoding_name)
        self.frames: queue.SimpleQueue[tuple[list[str], bytes] | None] = queue.SimpleQueue()
        self.added: list[Example] | None = []  # the examples listed so far; None once the listing is finished
        self.sender = threading.Thread(target=self._send, daemon=True)
        self.sender.start()
        self.add(examples)
        if not more:
            self.finish_listing(examples)

    def add(self, examples: Sequence[Example]) -> None:
        """List `examples` (the next ones of the dataset) and queue their new strings for the worker."""
        try:
            for strings in strings_to_count(examples, self.listing, self.per_frame):
                if strings:
                    answers = self.listing.answers
                    self.frames.put((strings, bytes(text in answers for text in strings)))
        except BaseException:  # interrupted: no worker is left waiting for the rest
            self.failure = "interrupted while listing"
            self.process.kill()
            self.frames.put(None)
            self.added = None
            raise
        self.added.extend(examples)

    def finish_listing(self, examples: Sequence[Example]) -> None:
        """List what `add` has not of the dataset's `examples`, and end the worker's input."""
        if self.added is None:
            return
        added, self.added = self.added, []
        if len(added) <= len(examples) and all(map(operator.is_, added, examples)):
            examples = examples[len(added):]  # the usual case: the loader added the first ones
        else:
            self.listing.chats.clear()  # recorded again, at their positions in `examples`
        try:
            # Otherwise the loader changed an example after adding it (or added another file's): every
            # example is listed, the strings already listed being found in the listing.
            self.add(examples)
        finally:
            self.added = None
            self.frames.put(None)

    def _send(self) -> None:
        pipe, frames = self.process.stdin, self.frames
        while (frame := frames.get()) is not None:
            if self.failure:
                continue  # take the rest, so that nothing waits for this thread
            strings, flags = frame
            try:
                pipe.write(encode_frame(strings, flags))
                self.sent += len(strings)
            except (OSError, ValueError) as error:  # the worker died: what was not counted is counted later
                self.failure = f"sending: {error}"
        try:
            pipe.write(HEADER.pack(0, 0))
            pipe.close()
        except (OSError, ValueError) as error:
            self.failure = self.failure or f"sending: {error}"

    def counts(self) -> TokenCounter:
        """The token counts of every string the dataset's count will look up, once the worker has
        sent them; a plain counter (which counts on each look-up) if the worker failed."""
        self.sender.join()
        try:
            received = read_counts(self.process.stdout)
            masks = read_exactly(self.process.stdout, len(received))
        except (OSError, EOFError, ValueError) as error:
            self.failure = self.failure or f"receiving: {error}"
            received, masks = array("I"), b""
        finally:
            self.close()
        listing, self.listing = self.listing, None
        if self.failure or len(received) != self.sent or len(listing) != self.sent + 1:
            log.warning("token worker failed (%s, exit code %s); counting in this process",
                        self.failure or f"{len(received)} counts for {self.sent} strings", self.process.returncode)
            return TokenCounter(self.encoding_name)
        listing.fresh = None
        # New values for the keys in place (no key added, so iterating the dict meanwhile is safe),
        # after "", which TokenCounter sets itself.
        listing.update(zip(itertools.islice(listing, 1, None), received))
        scan = WorkerScan(listing, masks)
        self.pii_kinds, self.facts_in = scan.pii_kinds, scan.facts_in
        self.listed, listing.chats = listing.chats.listed(listing, scan.marked), None
        return listing

    def close(self, wait: float = 5.0) -> None:
        """Stop the worker (it exits by itself once it has sent its counts)."""
        if self.process.poll() is None:
            try:
                self.process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:
                pass


_early: dict[str, subprocess.Popen] = {}  # encoding → a worker started ahead, for the next job
_ahead: dict[str, CountingJob] = {}  # encoding → a job started ahead, for the next `start_counting`


def start_ahead(encoding_name: str) -> CountingJob | None:
    """A job for the next `start_counting` on this encoding, to `add` examples to as they load (None
    when no process can be started here). Unused, its worker exits when this process does."""
    stale = _ahead.pop(encoding_name, None)
    if stale is not None:  # a file that failed to load: its worker is let go
        stale.finish_listing(())
        stale.close(wait=0)
    try:
        job = _ahead[encoding_name] = CountingJob((), encoding_name, more=True)
    except OSError as error:
        log.warning("cannot start the token worker early (%s)", error)
        return None
    return job


def start_worker_early(encoding_name: str) -> None:
    """Start a worker now, for the next `CountingJob` on this encoding: its interpreter, imports and
    tokenizer (0.3 s) then get ready while the caller loads the file. Unused, it exits when this
    process does (its input ends)."""
    if encoding_name not in _early:
        try:
            _early[encoding_name] = _spawn(encoding_name)
        except OSError as error:
            log.warning("cannot start the token worker early (%s)", error)


def _spawn(encoding_name: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "advisor.data.token_worker", encoding_name],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_child_environment(),
    )


def _child_environment() -> dict[str, str]:
    """This environment, with this copy of `advisor` importable whatever the current directory."""
    home = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": home + (os.pathsep + path if path else "")}


def encode_frame(strings: Sequence[str], look_for_facts: bytes | None = None) -> bytes:
    """`look_for_facts`: one byte per string, 1 to look for facts in it (default: in every one)."""
    encoded = [text.encode("utf-8", "surrogatepass") for text in strings]
    lengths = array("I", map(len, encoded))
    blob = b"".join(encoded)
    flags = bytes([1]) * len(strings) if look_for_facts is None else look_for_facts
    return HEADER.pack(len(strings), len(blob)) + lengths.tobytes() + flags + blob


def read_exactly(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError(f"expected {size} bytes, got {len(data)}")
    return data


def read_counts(stream: BinaryIO) -> array:
    (number,) = COUNT.unpack(read_exactly(stream, COUNT.size))
    counts = array("I")
    counts.frombytes(read_exactly(stream, number * counts.itemsize))
    return counts


FACT_BIT = 1 << len(PII_KINDS)  # the text may hold a changing fact (changing_facts.MAYBE_FACT)


class WorkerScan:
    """`pii_kinds(text)` and `facts_in(text)` answered from the worker's scan of the strings it counted."""

    __slots__ = ("facts_looked_for", "found", "marked", "maybe_facts", "scanned")

    def __init__(self, listing: _Listing, masks: bytes) -> None:
        self.scanned = listing  # with `late`, the strings counted here, which the worker never saw
        self.facts_looked_for = listing.answers
        # text → its bits, for the few texts with any
        self.marked = {text: mask for text, mask in zip(itertools.islice(listing, 1, None), masks) if mask}
        self.found = {text: frozenset(kind for bit, kind in enumerate(PII_KINDS) if mask >> bit & 1)
                      for text, mask in self.marked.items() if mask & ~FACT_BIT}
        self.maybe_facts = {text for text, mask in self.marked.items() if mask & FACT_BIT}

    def _scanned(self, text: str) -> bool:
        return bool(text) and text in self.scanned and text not in self.scanned.late

    def pii_kinds(self, text: str) -> frozenset[str]:
        found = self.found.get(text)
        if found is not None:
            return found
        return frozenset() if self._scanned(text) else pii_kinds(text)

    def facts_in(self, text: str) -> list[str]:
        if text in self.maybe_facts:
            return FACTS.findall(text)
        return [] if text in self.facts_looked_for else facts_in(text)


def text_mask(text: str, look_for_facts: bool = True) -> int:
    """The kinds of personal data in `text` as bits (PII_KINDS order), and FACT_BIT if it may hold a fact
    (looked for only when `look_for_facts`)."""
    kinds = pii_kinds(text)
    mask = sum(1 << bit for bit, kind in enumerate(PII_KINDS) if kind in kinds) if kinds else 0
    return mask | FACT_BIT if look_for_facts and MAYBE_FACT.search(text) else mask


def token_counter(encoding: Any) -> Callable[[str], int]:
    """`len(encoding.encode_ordinary(text))` without the list of tokens: tiktoken's core hands them as one
    buffer of u32, as for its `encode_to_numpy` (no special token allowed: every one is ordinary text, as
    in `encode_ordinary`). 3-8 % of the worker's counting on the benchmark file, where a list of ints per
    text had to be made and freed. Text tiktoken cannot take as it is (a lone surrogate) and a tiktoken
    without that core method go through `encode_ordinary`."""
    core = getattr(encoding, "_core_bpe", None)
    as_buffer = getattr(core, "encode_to_tiktoken_buffer", None)
    encode = encoding.encode_ordinary
    if as_buffer is None:
        return lambda text: len(encode(text))
    none: frozenset[str] = frozenset()

    def count(text: str) -> int:
        try:
            return memoryview(as_buffer(text, none)).nbytes // 4
        except UnicodeEncodeError:
            return len(encode(text))

    return count


def serve(encoding_name: str, source: BinaryIO, sink: BinaryIO) -> None:
    """The worker: count and scan (`text_mask`) the texts of every frame from `source`, then write all
    counts and masks to `sink`."""
    encoding = get_encoding(encoding_name)
    encode, count = encoding.encode_ordinary, token_counter(encoding)
    counts = array("I")
    masks = bytearray()
    while True:
        number, size = HEADER.unpack(read_exactly(source, HEADER.size))
        if not number:
            break
        lengths = array("I")
        lengths.frombytes(read_exactly(source, number * lengths.itemsize))
        look_for_facts = read_exactly(source, number)
        blob = memoryview(read_exactly(source, size))
        start = 0
        for length, facts in zip(lengths, look_for_facts):
            text = str(blob[start:start + length], "utf-8", "surrogatepass")
            counts.append(count_long_text(encode, text) if len(text) > LONG_TEXT_CHARS else count(text))
            masks.append(text_mask(text, facts))
            start += length
    sink.write(COUNT.pack(len(counts)) + counts.tobytes() + masks)
    sink.flush()


if __name__ == "__main__":
    serve(sys.argv[1], sys.stdin.buffer, sys.stdout.buffer)
    # The answer is written and flushed: leave without freeing the tokenizer and the texts object by object,
    # which took 0.1 s of the 100k-example benchmark file, and the parent waits for this process to end.
    os._exit(0)
