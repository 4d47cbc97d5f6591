"""Answers already paid for, on disk: a rerun with the same inputs makes zero calls.

Key: SHA-256 of the canonical JSON of (endpoint, model, messages, parameters). The API key is never
part of it and never written: an answer does not depend on whose key paid for it. Files hold only
the answer and its usage — not the messages, the endpoint or the model — so the cache adds no copy
of the user's data; the file name is the hash.

Layout: `<dir>/llm/<first two hex digits>/<key>.json`, written to a temporary file and renamed, so
an interrupted run leaves whole files only (every answer is stored the moment it arrives: partial
results survive an interruption). An unreadable file is a miss, never an error.

Location: `--cache-dir`, else $FT_ADVISOR_CACHE_DIR, else $XDG_CACHE_HOME/ft-advisor, else
~/.cache/ft-advisor.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor.data.atomic_write import write_atomically

CACHE_VERSION = 1


def default_cache_dir() -> Path:
    explicit = os.environ.get("FT_ADVISOR_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "ft-advisor"


def cache_key(endpoint: str, model: str, messages: Sequence[Mapping[str, Any]], params: Mapping[str, Any]) -> str:
    """The cache key of one chat request. Endpoints differing only by a trailing slash are one endpoint."""
    material = {
        "v": CACHE_VERSION,
        "endpoint": endpoint.rstrip("/"),
        "model": model,
        "messages": [dict(message) for message in messages],
        "params": dict(params),
    }
    text = json.dumps(material, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    text: str
    input_tokens: int
    output_tokens: int
    usage_reported: bool  # False: the server sent no usage, the tokens are our estimate


class ResponseCache:
    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = (Path(directory).expanduser() if directory is not None else default_cache_dir()) / "llm"

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> CachedAnswer | None:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            return CachedAnswer(
                text=str(data["text"]),
                input_tokens=int(data["input_tokens"]),
                output_tokens=int(data["output_tokens"]),
                usage_reported=bool(data["usage_reported"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, answer: CachedAnswer) -> None:
        """Store an answer; a cache that cannot be written costs a rerun, never the run."""
        path = self._path(key)
        payload = json.dumps({
            "v": CACHE_VERSION,
            "text": answer.text,
            "input_tokens": answer.input_tokens,
            "output_tokens": answer.output_tokens,
            "usage_reported": answer.usage_reported,
        }, ensure_ascii=False)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, payload)  # whole or not at all; a lone surrogate becomes U+FFFD
        except OSError:
            pass
