"""Output that is never half-written and never fails on a character.

Text reaching a writer may hold lone surrogates (U+D800–U+DFFF): a JSON file's `"\\ud800"` escape
decodes to one, the Python API accepts any `str`, a file name that is not UTF-8 arrives as one
(`surrogateescape`). UTF-8 cannot encode them, so a plain `write` raises midway and leaves half a
document behind. Here they become U+FFFD REPLACEMENT CHARACTER, the character Unicode sets aside for
text that could not be represented, and every file is written whole or not at all: into a temporary
file beside the target, then renamed over it (`os.replace` is atomic on POSIX and Windows), so the
previous file at that path stays intact when anything fails.
"""

from __future__ import annotations

import codecs
import os
import re
import secrets
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TextIO

REPLACEMENT = "\ufffd"
SURROGATE_POLICY = "advisor.replace-surrogates"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_surrogates(error: UnicodeError) -> tuple[bytes, int]:
    # UTF-8 can encode every code point except surrogates, so this is the only error it meets. The
    # replacement is given as bytes: CPython's UTF-8 encoder accepts only ASCII text back.
    if isinstance(error, UnicodeEncodeError) and error.encoding in ("utf-8", "utf8"):
        return REPLACEMENT.encode("utf-8") * (error.end - error.start), error.end
    raise error


codecs.register_error(SURROGATE_POLICY, _replace_surrogates)


def utf8(text: str) -> bytes:
    """`text` as UTF-8; cannot raise (lone surrogates become U+FFFD)."""
    return text.encode("utf-8", SURROGATE_POLICY)


def without_lone_surrogates(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD (the same string when it has none)."""
    return _LONE_SURROGATE.sub(REPLACEMENT, text) if _LONE_SURROGATE.search(text) else text


def write_atomically(path: str | os.PathLike[str], content: str | bytes | Iterable[str]) -> Path:
    """Write `content` (text, bytes, or text chunks produced while writing) to `path` whole or not at all.

    Whatever fails — the disk, or the code producing the chunks — no temporary file is left and
    the file that was at `path` before is untouched.
    """
    target = Path(path)
    temporary = _written_beside(target, content)
    try:
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def write_files_atomically(contents: Mapping[str | os.PathLike[str], str | bytes | Iterable[str]]) -> tuple[Path, ...]:
    """Write several files that belong together (an export): every one is written to a temporary
    file first, and only when all are written are they renamed into place, so a failure leaves the
    previous set whole rather than new and old files mixed."""
    written: list[tuple[Path, Path]] = []
    try:
        for path, content in contents.items():
            written.append((_written_beside(Path(path), content), Path(path)))
        for temporary, target in written:
            os.replace(temporary, target)
    except BaseException:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise
    return tuple(target for _, target in written)


def _written_beside(target: Path, content: str | bytes | Iterable[str]) -> Path:
    """A temporary file beside `target` (same file system, so the rename is atomic) holding `content`."""
    # os.open with 0o666 lets the umask decide the permissions, as a plain open() would; mkstemp
    # would force 0o600.
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as file:
            if isinstance(content, bytes):
                file.write(content)
            elif isinstance(content, str):
                file.write(utf8(content))
            else:
                for chunk in content:
                    file.write(utf8(chunk))
            file.flush()
            os.fsync(file.fileno())  # the data is on disk before the name points at it
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def print_whole(text: str, stream: TextIO | None = None) -> None:
    """Print a document built wholly in memory, in one write: a failure while building it prints
    nothing, and no character of it can fail to encode."""
    stream = sys.stdout if stream is None else stream
    stream.write(without_lone_surrogates(text if text.endswith("\n") else text + "\n"))
    stream.flush()
