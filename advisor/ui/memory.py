"""What the app holds for its sessions, bounded in bytes and returned when no session needs it.

Three things held the memory of a shared app (issue #19, item 7):
- Streamlit's uploaded-file manager keeps every file a session uploads until the session is shut down. The
  app replaces its uploader after each file (see take_upload), so each upload of a session stayed there; and
  a closed session kept for reconnection is dropped after two minutes without being shut down, so its files
  stayed for good. Now a file is removed from the manager as soon as the app has taken it, and a sweep
  removes the files of sessions that no longer exist.
- The session's own copy of its upload lived in its session state, which a dropped session keeps until
  Streamlit reaps it (at the next disconnect of any session). Now the copy lives in `UPLOADS`, keyed by
  session, and the sweep drops the copies of sessions that no longer exist.
- Datasets and what is computed from them (analysis, baselines, token book) were cached by count (8 of each,
  with uploads up to 500 MB). Now `STORE` bounds them by bytes: each result weighs the file's size times a
  factor measured for its kind, the least recently used go first past ADVISOR_CACHE_MB (default 1024), and
  an upload's results go as soon as no session holds that file.
After a room has left (issue #20 item 4), the closed sessions Streamlit hides but keeps are shut down by the sweep
(`shut_down_expired_sessions`), the bundled samples' results stay (pinned: advisor/ui/warmup.py), and the worker
processes that computed the rest exit once idle (advisor/ui/workers.py).

The app moves long-lived objects out of the garbage collector's reach (gc.freeze, see advisor/ui/cache.py);
objects in reference cycles that die afterwards are only found again when they are thawed. So dropping
anything ends with `reclaim`: thaw, collect, freeze again, and hand freed heap back to the OS.
"""

from __future__ import annotations

import gc
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from advisor.data.memory import release_free_memory

# Bytes held per byte of the file, measured with tracemalloc on the bench_analyze chat file (30.8 MB, 24,000
# examples): the dataset 1.14, its analysis 0.11, the token book 0.11. Rounded up. The offline baselines are a few
# scores (0.0002 as a worker sends them back, 2026-12-03; the 2.50 measured before counted what their measurement
# left behind in the server's process): 0.01 keeps them counted without charging them a file's worth. What reading
# found (a ReadSummary: counts, and an issue per rejected or doubtful line) is as small on a readable file.
WEIGHT_PER_FILE_BYTE = {"dataset": 1.25, "analysis": 0.25, "evidence": 0.01, "book": 0.25, "read": 0.01}
DEFAULT_BUDGET_MB = 1024
Busy = Callable[[], AbstractContextManager]  # what a page shows while a result it asks for is not held yet
SWEEP_SECONDS = 10.0  # a closed session's upload goes at most this long after Streamlit lets the session go (120 s)


def budget_bytes() -> int:
    """ADVISOR_CACHE_MB in bytes (1024 MB when unset or not a finite positive number)."""
    try:
        megabytes = float(os.environ.get("ADVISOR_CACHE_MB", DEFAULT_BUDGET_MB))
    except ValueError:
        megabytes = DEFAULT_BUDGET_MB
    return int((megabytes if math.isfinite(megabytes) and megabytes > 0 else DEFAULT_BUDGET_MB) * 1_000_000)


def reclaim() -> None:
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    release_free_memory()


@dataclass
class _Entry:
    value: Any
    weight: int
    owner: Hashable  # the file it was computed from: its results go together


class ByteBudgetCache:
    """Results computed once per key, process-wide, evicted least recently used past `budget` bytes.

    The results of the file just used always stay, together, even past the budget: a file larger than the
    budget can still be shown, and its dataset is not evicted for its own analysis (which would then need
    the dataset again). A key is computed once even when several sessions ask at the same moment."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.pinned: set[Hashable] = set()  # owners never evicted: the bundled samples (advisor/ui/warmup.py)
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, tuple[threading.Lock, Hashable]] = {}  # key → (its lock, its owner)
        self._orphaned: set[Hashable] = set()  # keys being computed whose file was released meanwhile

    def get(self, key: Hashable, owner: Hashable, weight: int, compute: Callable[[], Any],
            busy: Busy = nullcontext) -> Any:
        """`busy()` is entered only when `key` is not held, around the wait and the computation: a page's spinner
        starts a timer thread, which under a room's load cost more than the cache hit it announced."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry.value
            computing = self._computing.setdefault(key, (threading.Lock(), owner))[0]
        with busy(), computing:
            with self._lock:
                entry = self._entries.get(key)
            if entry is not None:
                return entry.value
            try:
                value = compute()  # outside the lock: other keys are served meanwhile
            except BaseException:
                with self._lock:
                    self._computing.pop(key, None)
                    self._orphaned.discard(key)
                raise
            with self._lock:  # stored as it stops computing: a session arriving now finds one or the other
                self._computing.pop(key, None)
                if key in self._orphaned:  # its file was released while it was computed: no session needs it
                    self._orphaned.discard(key)
                    return value
                self._entries[key] = _Entry(value, weight, owner)
                evicted = self._evict(owner)
        if evicted:
            reclaim()
        return value

    def _evict(self, keep_owner: Hashable) -> int:
        total = self.total()
        evicted = 0
        for key in [key for key, entry in self._entries.items()  # oldest first
                    if entry.owner != keep_owner and entry.owner not in self.pinned]:
            if total <= self.budget:
                break
            total -= self._entries.pop(key).weight
            evicted += 1
        return evicted

    def pin(self, owner: Hashable) -> None:
        """Keeps `owner`'s results whatever the budget (they still count in it)."""
        with self._lock:
            self.pinned.add(owner)

    def drop_owners(self, keep: Callable[[Hashable], bool]) -> int:
        """Drops every entry whose owner `keep` refuses; returns how many (the caller reclaims)."""
        with self._lock:
            gone = [key for key, entry in self._entries.items() if not keep(entry.owner)]
            for key in gone:
                del self._entries[key]
            self._orphaned |= {key for key, (_, owner) in self._computing.items() if not keep(owner)}
        return len(gone)

    def total(self) -> int:
        return sum(entry.weight for entry in self._entries.values())

    def computing(self, key: Hashable) -> bool:
        """Whether `key` is being computed now."""
        with self._lock:
            return key in self._computing

    def holds(self, key: Hashable) -> bool:
        """Whether `key` is computed and kept (looking does not count as a use)."""
        with self._lock:
            return key in self._entries

    def keys(self) -> set[Hashable]:
        with self._lock:
            return set(self._entries)

    def owners(self) -> set[Hashable]:
        with self._lock:
            return {entry.owner for entry in self._entries.values()}


@dataclass(frozen=True)
class UploadedData:
    name: str
    digest: str
    data: bytes


class SessionUploads:
    """Each session's current upload, held here rather than in its session state so that it can be released
    the moment the session is gone, replaced or removed. A session is (Streamlit's session id, a token the
    session keeps in its state)."""

    def __init__(self) -> None:
        self._by_session: dict[tuple[str, str], UploadedData] = {}
        self._lock = threading.Lock()

    def put(self, session: tuple[str, str], upload: UploadedData) -> None:
        """Holds `upload` for `session`; sessions that upload the same file share one copy of its bytes."""
        with self._lock:
            same = next((held for held in self._by_session.values() if held.digest == upload.digest), None)
            self._by_session[session] = upload if same is None else UploadedData(upload.name, same.digest, same.data)

    def get(self, session: tuple[str, str]) -> UploadedData | None:
        return self._by_session.get(session)

    def find(self, digest: str) -> UploadedData | None:
        """The upload with this content, held by any session."""
        with self._lock:
            return next((upload for upload in self._by_session.values() if upload.digest == digest), None)

    def remove(self, session: tuple[str, str]) -> None:
        with self._lock:
            self._by_session.pop(session, None)

    def keep_only(self, session_ids: set[str]) -> int:
        """Releases the uploads of sessions whose Streamlit id is not in `session_ids`; returns how many."""
        with self._lock:
            gone = [session for session in self._by_session if session[0] not in session_ids]
            for session in gone:
                del self._by_session[session]
        return len(gone)

    def digests(self, session_ids: set[str] | None = None) -> set[str]:
        """The files held, by any session or (`session_ids`) by one of these."""
        with self._lock:
            return {upload.digest for session, upload in self._by_session.items()
                    if session_ids is None or session[0] in session_ids}

    def held_bytes(self) -> int:
        with self._lock:
            distinct = {id(upload.data): upload.data for upload in self._by_session.values()}  # shared copies once
            return sum(len(data) for data in distinct.values())


STORE = ByteBudgetCache(budget_bytes())
UPLOADS = SessionUploads()


def release_unheld_uploads(store: ByteBudgetCache = STORE, uploads: SessionUploads = UPLOADS,
                           connected: set[str] | None = None) -> int:
    """Drops the results of uploaded files no session holds any more (samples stay: they are bounded by bytes).
    With `connected`, also those of files held only by sessions whose browser is gone (their bytes stay)."""
    held = uploads.digests(connected)
    return store.drop_owners(lambda owner: not isinstance(owner, str) or owner in held)


def sweep(live_sessions: set[str], file_manager: Any = None, store: ByteBudgetCache = STORE,
          uploads: SessionUploads = UPLOADS, connected: set[str] | None = None) -> int:
    """Releases what sessions not in `live_sessions` held: their upload, its results, and their files in
    Streamlit's uploaded-file manager; and the results of uploads held only by sessions not in `connected`.
    Returns how many things were released.

    Streamlit keeps a closed tab's session two minutes for a reconnect: its upload's bytes are kept that long, so a
    participant back from a network blip still has their file, but what was computed from them (several times the
    file's size) goes at once and is computed again on their return. On two 6.4 MB uploads this made no measurable
    difference (1.27–1.31× the idle server a minute after, 1.19× once the two minutes had passed;
    benchmarks/bench_workshop.py, 2026-12-04): it is for large files."""
    released = uploads.keep_only(live_sessions)
    stored = getattr(file_manager, "file_storage", None)
    if stored is not None:
        for session in [session for session in list(stored) if session not in live_sessions]:
            file_manager.remove_session_files(session)
            released += 1
    released += release_unheld_uploads(store, uploads, connected)
    if released:
        reclaim()
    return released


_sweeper: threading.Thread | None = None
_sweeper_lock = threading.Lock()


def start_sweeper() -> None:
    """Once per server: a thread that sweeps every SWEEP_SECONDS for sessions Streamlit no longer has.

    Streamlit has no end-of-session hook: a closed tab's session is kept two minutes for a reconnect, then
    left out of `list_sessions` (and only reaped later). Nothing runs under AppTest, whose runtime is a mock."""
    global _sweeper
    from streamlit.runtime import Runtime

    if not Runtime.exists() or type(Runtime.instance()) is not Runtime:
        return
    with _sweeper_lock:
        if _sweeper is not None:
            return
        _sweeper = threading.Thread(target=_sweep_forever, name="advisor-memory-sweep", daemon=True)
        _sweeper.start()


def _sweep_forever() -> None:
    import time

    from streamlit.runtime import Runtime

    seen: set[str] = set()
    while True:
        time.sleep(SWEEP_SECONDS)
        try:
            runtime = Runtime.instance()
            shut_down_expired_sessions(runtime)
            sessions = runtime._session_mgr  # noqa: SLF001 - no public list
            live = {info.session.id for info in sessions.list_sessions()}
            connected = {info.session.id for info in sessions.list_active_sessions()}
            if not sweep(live, runtime.uploaded_file_mgr, connected=connected) and seen - live:
                reclaim()  # sessions ended: what they alone held may sit, unreachable, among the frozen objects
            seen = live
        except Exception:  # noqa: BLE001, S112 - a sweep that fails (a session list changing under it) runs again later
            continue


def shut_down_expired_sessions(runtime: Any, wait: float = 5.0) -> None:
    """Shuts down the closed sessions Streamlit no longer lists (kept two minutes for a reconnect, then hidden).

    Streamlit only hides them: each stays in its session storage, with its session state, the tables it showed
    (the dataframe source manager) and its media files, until another session connects or disconnects — after a
    room has left, for good. They are taken out and shut down as Streamlit would, on its own event loop (its
    session storage is not thread-safe). Nothing happens with a storage or a runtime of another shape."""
    storage = getattr(getattr(runtime, "_session_mgr", None), "_session_storage", None)
    cache = getattr(storage, "_cache", None)
    if not callable(getattr(cache, "expire", None)):
        return
    done = threading.Event()

    def expire() -> None:
        try:
            for _, info in cache.expire():
                info.session.shutdown()
        finally:
            done.set()

    runtime._get_async_objs().eventloop.call_soon_threadsafe(expire)  # noqa: SLF001 - no public hook
    done.wait(wait)
