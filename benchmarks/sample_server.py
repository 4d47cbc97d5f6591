"""Where the app server spends its CPU: `streamlit run` in this process, with a sampler thread.

    .venv/bin/python benchmarks/sample_server.py OUT.txt run app.py [streamlit options]

(bench_workshop.py --profile OUT.txt starts its server this way.) Every 10 ms the sampler reads each thread's
CPU time from /proc/self/task/<id>/schedstat (nanoseconds on a core) and charges what the thread used since the last
sample to its Python stack from sys._current_frames(). (A thread's state, 'R', would also count the threads that
wait for the GIL or for a core: with thirty script threads that is most of them.) The figures, in milliseconds of
CPU, say where the server's CPU goes (holding the GIL or in C code that released it), per thread kind and function:
self (the innermost frame), inclusive (anywhere on the stack), and the innermost frame of the app's own code
(advisor/) or, for threads without one, of Streamlit, Starlette, uvicorn or asyncio. The sessions' script threads
are also counted whether on the CPU or not: where a participant's run spends its wall time (waiting included).

On SIGUSR1 the window since the last one is written to OUT (appended, titled by the text of OUT.label when that
file exists) and the counts start again; so does the end of the process. Nothing of this is in the product code.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path

INTERVAL = 0.01
OWN = ("/advisor/",)
LIBRARIES = ("/streamlit/", "/starlette/", "/uvicorn/", "/asyncio/", "/websockets/", "/anyio/", "/h11/")


def thread_kind(name: str) -> str:
    """Streamlit names a session's script thread ScriptRunner.scriptThread; the app names its own."""
    for prefix in ("ScriptRunner", "MainThread", "evidence", "sweeper", "ThreadPoolExecutor", "token"):
        if name.startswith(prefix):
            return prefix
    return name.rstrip("0123456789-_ ") or name


def where(code) -> str:  # noqa: ANN001 - a code object
    path = code.co_filename
    for marker in ("/site-packages/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    else:
        path = path.split("/work/main/", 1)[-1]
    return f"{path}:{code.co_firstlineno} {code.co_name}"


class Sampler:
    def __init__(self, out: Path) -> None:
        self.out, self.lock = out, threading.Lock()
        self.reset()
        threading.Thread(target=self.run, name="cpu-sampler", daemon=True).start()

    def reset(self) -> None:
        self.started = time.monotonic()
        self.ticks = 0
        self.on_cpu: Counter[str] = Counter()  # thread kind → samples running
        self.self_time: Counter[str] = Counter()
        self.inclusive: Counter[str] = Counter()
        self.app: Counter[str] = Counter()
        self.script_wall: Counter[str] = Counter()  # the sessions' script threads, running or not
        self.script_threads = 0
        self.cpu_seen: dict[int | None, int] = getattr(self, "cpu_seen", {})  # thread → CPU ns at its last sample

    def run(self) -> None:
        me = threading.get_ident()
        while True:
            time.sleep(INTERVAL)
            threads = {thread.ident: thread for thread in threading.enumerate()}
            frames = sys._current_frames()  # noqa: SLF001 - the stacks of all threads, the point of this file
            seen: dict[int | None, int] = {}  # the threads alive now: an ended thread's id may be reused
            with self.lock:
                self.ticks += 1
                for ident, frame in frames.items():
                    thread = threads.get(ident)
                    if ident == me or thread is None:
                        continue
                    stack = []
                    while frame is not None:
                        stack.append(where(frame.f_code))
                        frame = frame.f_back
                    used = cpu_ns(thread.native_id)
                    spent = max(0, used - self.cpu_seen.get(thread.native_id, used)) / 1e6  # ms on a core since
                    seen[thread.native_id] = used
                    on_cpu = spent > 0
                    if thread_kind(thread.name) == "ScriptRunner":
                        self.script_threads += 1
                        callers = " < ".join([entry for entry in stack if "advisor/" in entry][:3]) or stack[0]
                        self.script_wall[f"{'on the CPU' if on_cpu else 'waiting'}: {stack[0]} in {callers}"] += 1
                    if not on_cpu:
                        continue
                    self.on_cpu[thread_kind(thread.name)] += spent
                    self.self_time[stack[0]] += spent
                    for entry in set(stack):
                        self.inclusive[entry] += spent
                    mine = next((entry for entry in stack if any(part in entry for part in ("advisor/", "app.py"))),
                                None)
                    self.app[mine or next((entry for entry in stack if entry.startswith(
                        tuple(part.strip("/") for part in LIBRARIES))), stack[0])] += spent
                self.cpu_seen = seen

    def write(self, *_: object) -> None:
        label_file = Path(f"{self.out}.label")
        title = label_file.read_text().strip() if label_file.exists() else "window"
        with self.lock:
            seconds = time.monotonic() - self.started
            busy = sum(self.on_cpu.values())
            lines = [f"## {title}: {seconds:.0f} s, {self.ticks} ticks of {INTERVAL * 1000:.0f} ms; the threads used "
                     f"{busy:.0f} ms of CPU = {busy / 10 / max(seconds, 1e-9):.0f} % of one core (ms of CPU below)"]
            for heading, counts in (("by thread", self.on_cpu), ("innermost frame of the app, else of the server",
                                                                 self.app), ("self", self.self_time),
                                    ("inclusive", self.inclusive),
                                    (f"script threads, on the CPU or not ({self.script_threads} samples = "
                                     f"{self.script_threads / max(1, self.ticks):.1f} script threads at a time on "
                                     "average): innermost frame in the three innermost app frames", self.script_wall)):
                lines.append(f"### {heading}")
                total = self.script_threads if counts is self.script_wall else busy
                lines += [f"{count:7.0f} {count / max(1, total) * 100:5.1f} %  {name}"
                          for name, count in counts.most_common(40)]
            self.reset()
        with self.out.open("a") as file:
            file.write("\n".join(lines) + "\n\n")


def cpu_ns(native_id: int | None) -> int:
    """The thread's time on a core so far, in ns (0 once it has ended)."""
    try:
        return int(Path(f"/proc/self/task/{native_id}/schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


def main() -> None:
    out = Path(sys.argv[1]).resolve()
    sampler = Sampler(out)
    signal.signal(signal.SIGUSR1, sampler.write)
    atexit.register(sampler.write)
    from streamlit.web.cli import main as streamlit

    sys.argv = ["streamlit", *sys.argv[2:]]
    os.environ.setdefault("STREAMLIT_SERVER_HEADLESS", "true")
    streamlit()


if __name__ == "__main__":
    main()
