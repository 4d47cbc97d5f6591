"""A room on one server (issue #20): N sessions at once walk a bundled sample to the recommendation.

    .venv/bin/python benchmarks/bench_workshop.py [N ...]          (default: 1 10 30)
        [--browsers 3|all] [--profile OUT] [--uploads 2] [--upload-examples 5000] [--after 60] [--timeout 300]
        [--lang pt] [--app app.py] [--shots DIR] [--clients-nice 19] [--clients-idle] [--timeline]

In a real room each participant's browser runs on their own laptop; on one 2-core machine 30 headless Chromiums
take both cores from the server (at 30 all-Chromium sessions the server had 11 % of one core, the browsers 184 %),
so the benchmark measured the browsers. Here, of each round's N sessions, N − k are light protocol clients
(benchmarks/protocol_client.py: the page's HTTP requests and Streamlit's websocket protocol, no rendering) and k
(`--browsers`, default 3, at most N − 1) are real headless Chromium sessions; `--browsers all` gives the old
all-Chromium room. Both kinds of client run at the lowest priority (`--clients-nice`, default 19): on a laptop of
its own a participant's browser takes none of the server's CPU, so here it gets only what the server leaves (0 gives
the old runs, where clients and server shared the cores equally; `--clients-idle` puts them under SCHED_IDLE).
Chromium starts a session of its own, whose scheduling group (the kernel's autogroup) weighed as much as the
server's whatever its nice, until the benchmark gave the group itself the clients' nice (lower_new_sessions,
2026-12-04: the server's wait for a core at 30 sessions fell from 40 % to 9 % of a core). `--timeline` prints each
round's second-by-second CPU of the server, the protocol clients and Chromium: it showed the protocol clients, all
in this process's one thread, taking a whole core for the first 5 s of the round while the server idled, until
their HTTP went through a lean client (protocol_client.BrowserHttp). `--profile OUT` runs the server under benchmarks/sample_server.py and writes where its CPU went
during each round to OUT.

Starts ONE `streamlit run app.py --server.headless true` on a free port and one headless Chromium
(/usr/bin/chromium). Every session opens the app at the same moment; session i picks bundled sample i mod 7
(data/samples/samples.toml, in file order; the first k sessions are the Chromium ones) in the sidebar, clicks the
five steps in order, waiting on each for a marker the step draws (data: the kept count; profile: the findings
heading; baselines: the LLM heading; costs: the break-even heading; recommendation: the answer the sample expects,
as tests/e2e/test_browser.py checks it) and, before the next click, for the script run to end (as a participant
reads a page that is done), then downloads the HTML report. The sessions are then closed and the server left alone
for `--after` seconds. A last round has `--uploads` protocol sessions each upload a chat file of its own
(different content, so nothing is shared) and walk the same steps (the recommendation step waits for its
downloads): the heavy work during which the server should use both cores.

Before the rounds, a fidelity check on the warm server, printed: one Chromium session alone, then one protocol
session alone, on the same sample: both times to the recommendation, both reports (and that each names the
sample's file), and the work each asked of the server: the reruns each sent (Chromium's are read off its
websocket frames), the script runs each was told of, and rerun by rerun the widget states both sent, those that
differ and those only one sent. Measured on 2026-12-03 on translation and clinical: 6 reruns and 6 script runs
both ways, every widget state both sent identical; on the last rerun Chromium leaves out the five scenario
sliders and model lists of step 4, which it draws with code it fetches on first sight and so has not made
states for when it clicks at once (with a 1-s pause before each click it sends them too: 25 of 25 identical);
the server then takes their values from the session state, the same ones (advisor/ui/state.py re-assigns them
on every run). So a protocol session asks the server for the same runs with the same inputs as a browser.

Printed, one row per N, as a Markdown table:
- time to the recommendation: from opening the page to the expected answer on screen, median and worst, for the
  protocol clients and for the Chromium sessions apart; the protocol clients' also as a multiple of the
  reference (one protocol session alone on the warm server); the first page (title drawn) median; the report
  download median (click to file saved);
- sessions with an error, each kind apart: a timeout, a wrong answer, a failed download, an exception box or a
  page error;
- server CPU: the server's process tree (it and any workers it starts), from /proc, in % of one core, as the
  mean over the round, the peak 1-s sample, and the share of 1-s samples above 150 % (both cores at work);
- server waiting for a core: the time the server's threads (summed) were ready to run but waited on the kernel's
  run queue (/proc/…/task/…/schedstat), in % of one core: what the machine's other programs (the sessions'
  clients, and anything else running) took from it;
- the clients' CPU: this process (the protocol clients, and Playwright's Python side) and its children
  (Chromium and Playwright's driver): what a real room runs on the participants' laptops;
- server memory: the resident size (VmRSS) of the process tree before the round, its peak, and `--after`
  seconds after the sessions closed, with that last one as a multiple of idle (the server after one page
  was opened and closed, as benchmarks/bench_app_memory.py defines it, `--after` seconds after its warm-up's
  workers have left). Streamlit keeps a closed session for 120 s in case the browser reconnects: pass
  `--after 150` to see what is returned for good.

Sessions are driven from one thread by asyncio: Playwright's async API (one browser, k contexts) and the protocol
clients. This machine is shared while the project is developed; for the figures in the README run it on a quiet
machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_analyze import generate  # noqa: E402
from bench_app_memory import free_port, start_server  # noqa: E402
from protocol_client import STEPS, PageAssets, Session, walk_protocol, widget_value  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from advisor.data.samples import Sample, load_samples  # noqa: E402
from advisor.decide.recommend import OPTION_NAMES  # noqa: E402
from advisor.ui.strings import text  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


# --- the server's process tree, read from /proc --------------------------------------------------------------


def process_table() -> dict[int, tuple[int, int, int, int]]:
    """pid → (parent pid, start time, CPU ticks used, resident bytes) of every process now."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after the command name, which may hold spaces
        table[int(entry.name)] = (int(fields[1]), int(fields[19]), int(fields[11]) + int(fields[12]),
                                  int(fields[21]) * PAGE)
    return table


def tree(table: dict[int, tuple[int, int, int, int]], root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (parent, *_) in table.items():
        children.setdefault(parent, []).append(pid)
    found, index = [root] if root in table else [], 0
    while index < len(found):
        found += children.get(found[index], [])
        index += 1
    return found


async def at_rest(pid: int, timeout: float, after: float) -> float:
    """Seconds until the server has no child process left (its warm-up of the samples done, its workers gone:
    advisor/ui/workers.py IDLE_SECONDS), then `after` seconds more, as the room's memory is read `after` seconds
    after it left: its idle size. Read 5 s after the first page, idle held what the warm-up had just freed and the
    allocator not yet returned (606 and 674 MB, then 515 MB before the first round and 223 MB before the second,
    2026-12-04), so "after" looked smaller than idle."""
    started = time.monotonic()
    while len(tree(process_table(), pid)) > 1 and time.monotonic() - started < timeout:
        await asyncio.sleep(1)
    await asyncio.sleep(after)
    return time.monotonic() - started


@dataclass
class Reading:
    at: float
    cpu: dict[str, float]  # % of one core since the previous sample, per tree
    rss: dict[str, int]  # bytes
    server_waiting: float  # % of one core: the server's threads ready to run, waiting for a core the machine gave away


def waited_ns(pids: list[int]) -> dict[tuple[int, int], int]:
    """(pid, thread id) → nanoseconds the thread has waited on a run queue (/proc/…/task/…/schedstat)."""
    waits = {}
    for pid in pids:
        try:
            tasks = list(Path(f"/proc/{pid}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                waits[pid, int(task.name)] = int((task / "schedstat").read_text().split()[1])
            except (OSError, IndexError, ValueError):
                continue
    return waits


class Sampler:
    """Every `interval` seconds: CPU and RSS of each named process tree (a process counted once, in the first), or
    of the root process alone for the names in `alone`."""

    def __init__(self, roots: dict[str, int], interval: float = 1.0, alone: frozenset[str] = frozenset()) -> None:
        self.roots, self.interval, self.alone = roots, interval, alone
        self.samples: list[Reading] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def read(self) -> tuple[dict[str, dict[tuple[int, int], int]], dict[str, int]]:
        return self._read()[:2]

    def _read(self) -> tuple[dict[str, dict[tuple[int, int], int]], dict[str, int], dict[tuple[int, int], int]]:
        table = process_table()
        ticks, rss, seen = {}, {}, set()
        for name, root in self.roots.items():
            pids = [pid for pid in ([root] if name in self.alone else tree(table, root)) if pid not in seen
                    and pid in table]
            seen.update(pids)
            ticks[name] = {(pid, table[pid][1]): table[pid][2] for pid in pids}  # (pid, start): a reused pid is new
            rss[name] = sum(table[pid][3] for pid in pids)
        return ticks, rss, waited_ns(tree(table, self.roots["server"]))

    def _run(self) -> None:
        before, _, waits_before = self._read()
        last = time.monotonic()
        while not self._stop.wait(self.interval):
            now_ticks, rss, waits = self._read()
            now = time.monotonic()
            waited = sum(value - waits_before[key] for key, value in waits.items() if key in waits_before)
            cpu = {}
            for name, processes in now_ticks.items():  # only processes alive at both readings
                used = sum(value - before[name][key] for key, value in processes.items() if key in before[name])
                cpu[name] = 100 * used / TICKS / (now - last)
            self.samples.append(Reading(now, cpu, rss, 100 * waited / 1e9 / (now - last)))
            before, last, waits_before = now_ticks, now, waits

    def rss_now(self, name: str) -> int:
        return self.read()[1][name]

    def between(self, start: float, end: float) -> list[Reading]:
        return [sample for sample in self.samples if start < sample.at <= end + self.interval]

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


# --- one participant in Chromium -----------------------------------------------------------------------


def answer_locator(page, chosen: Sample, lang: str):  # noqa: ANN001, ANN201 - what shows the expected answer
    """The element the recommendation step shows for the sample's expected answer (tests/e2e/test_browser.py)."""
    if chosen.expected == "fix_data":
        return page.get_by_text(text("fix_first", lang)).first
    if chosen.expected == "measure":
        return page.get_by_text(text("measure_plan", lang), exact=True).first
    answer = text("answer", lang, option=OPTION_NAMES[chosen.expected][lang], confidence="")
    return page.get_by_text(answer.replace("\\", "").split("(")[0].replace("**", ""), exact=False).first


async def walk(browser, url: str, chosen: Sample | Path, lang: str, timeout_s: float,  # noqa: ANN001
               shots: Path | None = None, assets: PageAssets | None = None, reading: float = 0.0,
               moving_on: bool = False) -> Session:
    """One participant: open, pick the sample (or upload the file), walk the five steps, download the HTML report;
    `reading` seconds on each step once it is done before the next click (0: at once); with `moving_on`, the
    click on the profile comes as soon as the data step shows what was read, with no reading, while its run still
    waits for the token counts (a person moving on); on an error, a screenshot in `shots` when given. The widget states of each
    rerun the page sends and the number of script runs it sees are
    kept (the fidelity check); the page's own requests go to `assets` when given."""
    timeout = timeout_s * 1000
    session = Session(chosen.name if isinstance(chosen, Path) else chosen.id, kind="chromium")
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = await context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    run = RunWatch()
    page.on("websocket", lambda socket: record_frames(socket, session, run))
    if assets is not None:  # what a participant's browser loads from the server: the page and its assets
        page.on("websocket", lambda _: setattr(assets, "socket_open", True))
        page.on("request", lambda request: assets.add(request.url.removeprefix(url)) if (
            request.method == "GET" and request.url.startswith(url) and "/media/" not in request.url) else None)
    start = time.monotonic()

    def since() -> float:
        return time.monotonic() - start

    doing = "opening the page"

    async def step(name: str, marker) -> None:  # noqa: ANN001 - a locator drawn on that step
        nonlocal doing
        doing = f"step {name}"
        if name != "data":
            if not (moving_on and name == "profile"):
                await run.done(page, timeout_s)  # a participant clicks on a page that is done
                await asyncio.sleep(reading)
            radio = page.locator('[data-testid="stRadio"]').filter(has_text=text("step_costs", lang))
            await radio.get_by_text(text(f"step_{name}", lang), exact=True).click(timeout=timeout)
            session.clicked[name] = since()
        await marker.wait_for(timeout=timeout)
        session.steps[name] = since()

    try:
        await page.goto(url, timeout=timeout)
        await page.get_by_text(text("title", lang)).wait_for(timeout=timeout)
        if lang == "en":  # the app opens in Portuguese
            await page.get_by_text("English", exact=True).click(timeout=timeout)
            await page.get_by_text(text("title", lang)).wait_for(timeout=timeout)
        session.first_page = since()
        await run.done(page, timeout_s)
        session.clicked["data"] = since()
        if isinstance(chosen, Path):
            await page.locator("input[type=file]").first.set_input_files(str(chosen), timeout=timeout)
        else:
            sidebar = page.locator('[data-testid="stSidebar"]')
            await sidebar.locator('[data-testid="stSelectbox"]').filter(has_text=text("sample", lang)).click(
                timeout=timeout)
            await page.get_by_role("option", name=chosen.text("title", lang)).click(timeout=timeout)
        heading = page.get_by_role("heading")
        await step("data", page.locator('[data-testid="stMetric"]', has_text=text("kept", lang)).first)
        await step("profile", heading.filter(has_text=text("findings", lang)).first)
        await step("baselines", heading.filter(has_text=text("llm", lang)).first)
        await step("costs", heading.filter(has_text=text("break_even", lang)).first)
        await step("recommendation", heading.filter(has_text=text("downloads", lang)).first
                   if isinstance(chosen, Path) else answer_locator(page, chosen, lang))
        session.recommendation = since()
        if await page.locator('[data-testid="stException"]').count():
            raise RuntimeError("an exception box on the recommendation step")
        doing = "downloading the report"
        # once the page has stopped running, as every click (a download started mid-run can be cancelled)
        await run.done(page, timeout_s)
        clicked = time.monotonic()
        button = page.locator('[data-testid="stDownloadButton"]').filter(has_text=text("download_html", lang))
        async with page.expect_download(timeout=timeout) as download_info:
            await button.locator("button").click(timeout=timeout)
        download = await download_info.value
        saved = await download.path()
        if saved is None or Path(saved).stat().st_size < 1000 or b"<html" not in Path(saved).read_bytes()[:2000]:
            raise RuntimeError(f"the report download is empty or not HTML ({await download.failure()})")
        session.report = Path(saved).read_bytes()
        session.download = time.monotonic() - clicked
        session.finished = time.monotonic()
        if page_errors:
            raise RuntimeError(f"page error: {page_errors[0]}")
    except Exception as error:  # noqa: BLE001 - every failure is a session with an error, counted and named
        session.error = f"{doing}: {type(error).__name__}: {str(error).splitlines()[0][:160]}"
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=str(shots / f"error_{session.sample}_{id(session)}.png"), full_page=True)
    finally:
        await context.close()
    return session


class RunWatch:
    """Whether the page's script is running, from the frames it receives: Streamlit's status widget shows only
    after a moment, so a click that waits for it to hide can land before a short run has drawn its last widgets."""

    def __init__(self) -> None:
        self.running = False

    async def done(self, page, timeout_s: float) -> None:  # noqa: ANN001 - a Playwright page
        deadline = time.monotonic() + timeout_s
        while self.running:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the script still runs after {timeout_s:g} s")
            await asyncio.sleep(0.05)
        # and the page has drawn what arrived (a widget's state is made when it is drawn)
        await page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def record_frames(socket, session: Session, run: RunWatch) -> None:  # noqa: ANN001 - a Playwright WebSocket
    """Keeps the widget states of each rerun the page sends, counts the script runs it is told of and follows
    whether one is running."""
    if not socket.url.endswith("/_stcore/stream"):
        return

    def sent(payload: bytes | str) -> None:
        message = BackMsg()
        message.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
        if message.WhichOneof("type") == "rerun_script":
            session.reruns.append({state.id: widget_value(state)
                                   for state in message.rerun_script.widget_states.widgets})

    def received(payload: bytes | str) -> None:
        message = ForwardMsg()
        message.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
        kind = message.WhichOneof("type")
        if kind == "new_session":
            session.script_runs += 1
            run.running = True
        elif kind == "script_finished":  # a run stopped for a rerun is followed by the next one's new_session
            run.running = message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN

    socket.on("framesent", sent)
    socket.on("framereceived", received)


# --- a round -------------------------------------------------------------------------------------------------


@dataclass
class Round:
    sessions: list[Session]
    server_cpu: list[float]
    clients_cpu: list[float]  # this process: the protocol clients (and Playwright's Python side)
    browser_cpu: list[float]  # its children: Chromium and Playwright's driver
    server_waiting: list[float]
    rss_before: int
    rss_peak: int
    rss_after: int


async def run_round(browser, url: str, chosen: list[Sample | Path], browsers: int, args, sampler: Sampler,  # noqa: ANN001
                    assets: PageAssets, server: subprocess.Popen) -> Round:
    """One session per item of `chosen` (a sample, or a file to upload), all at once: the first `browsers` in
    Chromium, the others protocol clients."""
    before = sampler.rss_now("server")
    started = time.monotonic()
    sessions = await asyncio.gather(*(
        walk(browser, url, item, args.lang, args.timeout, args.shots) if index < browsers
        else walk_protocol(url, item, args.lang, args.timeout, assets) for index, item in enumerate(chosen)))
    # the CPU while the room works: up to the last report saved (a session that timed out would dilute it)
    ended = max((session.finished for session in sessions if session.finished), default=time.monotonic())
    window = sampler.between(started, ended)
    profile_window(args, server, f"{len(chosen)} sessions ({browsers} in Chromium), from the start to the last "
                                 f"report ({ended - started:.0f} s) and the few seconds since")
    closed = time.monotonic()
    await asyncio.sleep(max(0.0, closed + args.after - time.monotonic()))
    peak = max([before, *(sample.rss["server"] for sample in sampler.between(started, time.monotonic()))])
    return Round(list(sessions), *([sample.cpu[name] for sample in window] for name in ("server", "clients",
                                                                                          "browser")),
                 [sample.server_waiting for sample in window], before, peak, sampler.rss_now("server"))


def profile_window(args, server: subprocess.Popen, title: str) -> None:  # noqa: ANN001
    """With --profile: has the server write where its CPU went since the last window (benchmarks/sample_server.py)."""
    if args.profile is not None:
        Path(f"{args.profile}.label").write_text(title)
        server.send_signal(signal.SIGUSR1)
        time.sleep(0.5)  # written before the label changes


def seconds(values: list[float]) -> tuple[float | None, float | None]:
    return (statistics.median(values), max(values)) if values else (None, None)


def fmt(value: float | None, digits: int = 1, suffix: str = "") -> str:
    return "—" if value is None else f"{value:,.{digits}f}{suffix}"


def mb(value: int) -> str:
    return f"{value / 2**20:,.0f}"


def mean(values: list[float]) -> float | None:
    return statistics.mean(values) if values else None


def times(sessions: list[Session], kind: str) -> str:
    """Median / worst time to the recommendation of the sessions of one kind, and how many there were."""
    mine = [session for session in sessions if session.kind == kind]
    median, worst = seconds([session.recommendation for session in mine if session.recommendation is not None])
    return "—" if not mine else f"{fmt(median)} / {fmt(worst)} ({len(mine)})"


def row(count: int | str, result: Round, reference: float | None, idle: int) -> str:
    sessions = result.sessions
    light = [session.recommendation for session in sessions
             if session.kind == "protocol" and session.recommendation is not None]
    median, worst = seconds(light)
    ratio = f"{median / reference:.1f}× / {worst / reference:.1f}×" if reference and median is not None else "—"
    first, _ = seconds([session.first_page for session in sessions if session.first_page is not None])
    download, _ = seconds([session.download for session in sessions if session.download is not None])
    errors = " / ".join(str(sum(session.error is not None for session in sessions if session.kind == kind))
                        for kind in ("protocol", "chromium"))
    cpu = result.server_cpu
    both = sum(value > 150 for value in cpu) / len(cpu) if cpu else None  # 1-s samples with both cores at work
    per_session = sum(cpu) / 100 / len(sessions) if cpu else None  # 1-s samples in % of a core: CPU-seconds
    return (f"| {count} | {times(sessions, 'protocol')} | {ratio} | {times(sessions, 'chromium')} | {fmt(first)} | "
            f"{fmt(download)} | {errors} | "
            f"{fmt(mean(cpu), 0, ' %')} / {fmt(max(cpu) if cpu else None, 0, ' %')}"
            f" ({fmt(None if both is None else 100 * both, 0, ' %')} of the time > 150 %; "
            f"{fmt(per_session, 2, ' s')} a session) | "
            f"{fmt(mean(result.server_waiting), 0, ' %')} | "
            f"{fmt(mean(result.clients_cpu), 0, ' %')} / {fmt(mean(result.browser_cpu), 0, ' %')} | "
            f"{mb(result.rss_before)} / {mb(result.rss_peak)} / {mb(result.rss_after)} "
            f"({result.rss_after / idle:.2f}× idle) |")


def lower_new_sessions(nice: int) -> int:
    """Gives the scheduling groups of this process's descendants that started a session of their own (Playwright
    starts Chromium with setsid) the clients' niceness; returns how many groups it changed.

    With the kernel's autogroup scheduling (/proc/sys/kernel/sched_autogroup_enabled), a process's nice only weighs
    against processes of its own session, and each session's group shares the cores equally with the others:
    Chromium at nice 19 in a session of its own took a core from the server, measured 2026-12-04 (3 Chromium
    sessions at 114 % of a core on average, the server waiting 40 % of one). Writing the group's nice
    (/proc/PID/autogroup) makes it weigh against the server's group as nice weighs within one."""
    mine = Path("/proc/self/autogroup").read_text().split()[0] if Path("/proc/self/autogroup").exists() else None
    if mine is None:  # no autogroups: nice already weighs against every process
        return 0
    changed: set[str] = set()
    for pid in tree(process_table(), os.getpid()):
        try:
            group = Path(f"/proc/{pid}/autogroup").read_text().split()[0]
            if group != mine and group not in changed:
                Path(f"/proc/{pid}/autogroup").write_text(str(nice))
                changed.add(group)
        except OSError:  # ended meanwhile
            continue
    return len(changed)


def describe_machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "?")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                           text=True)
    state = commit.stdout.strip() + (" with uncommitted changes" if dirty.stdout.strip() else "")
    return f"{os.cpu_count()} cores ({model}), load average {os.getloadavg()[0]:.2f} at the start; commit {state}"


def compare_reruns(browser: Session, light: Session) -> str:
    """How the protocol client's reruns compare with Chromium's on the same walk: counts, and per rerun the widget
    states both sent that differ and those only one sent (a widget drawn after the click, which the server then
    takes at its default)."""
    lines = [f"reruns sent: Chromium {len(browser.reruns)}, protocol {len(light.reruns)}; script runs: Chromium "
             f"{browser.script_runs}, protocol {light.script_runs}"]
    for number, (ours, theirs) in enumerate(zip(browser.reruns, light.reruns, strict=False), 1):
        differ = sorted(key for key in ours.keys() & theirs.keys() if ours[key] != theirs[key])
        only_browser = sorted(ours.keys() - theirs.keys())
        only_light = sorted(theirs.keys() - ours.keys())
        short = lambda keys: ", ".join(key.rsplit("-", 1)[-1] for key in keys) or "none"  # noqa: E731
        lines.append(f"  rerun {number}: {len(ours.keys() & theirs.keys())} widget states in both, differing: "
                     f"{short(differ)}; only Chromium: {short(only_browser)}; only protocol: {short(only_light)}")
    return "\n".join(lines)


def fidelity(browser: Session, light: Session, chosen: Sample) -> str:
    """One Chromium and one protocol session alone on the warm server, on the same sample."""
    lines = [f"fidelity ({chosen.id}, expected answer {chosen.expected}):"]
    for session in (browser, light):
        steps = ", ".join(f"{name} {value:.2f}" for name, value in session.steps.items())
        lines.append(f"  {session.kind:8}: {fmt(session.recommendation, 2)} s to the recommendation (first page "
                     f"{fmt(session.first_page, 2)} s; steps drawn at {steps}); report {len(session.report):,} bytes"
                     f", names the sample's file: {chosen.path.name.encode() in session.report}"
                     f"{'; error ' + session.error if session.error else ''}")
    return "\n".join([*lines, "  " + compare_reruns(browser, light).replace("\n", "\n  ")])


async def main_async(args) -> None:  # noqa: ANN001
    from playwright.async_api import async_playwright

    samples = load_samples()
    port = free_port()
    # No file watcher: an edit to the tree mid-run would reload the app under the room.
    launcher = ("-m", "streamlit") if args.profile is None else (str(ROOT / "benchmarks" / "sample_server.py"),
                                                                  str(args.profile))
    server = start_server(args.app.resolve(), port, "--server.fileWatcherType", "none", wait=120, launcher=launcher)
    # The participants' browsers run on their own laptops: here they get only the CPU the server leaves (the server,
    # started above, keeps its priority; Chromium, launched below, inherits this process's).
    os.nice(args.clients_nice)
    if args.clients_idle:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    url = f"http://127.0.0.1:{port}"
    sampler = Sampler({"server": server.pid, "clients": os.getpid(), "browser": os.getpid()},
                      alone=frozenset({"clients"}))
    print(f"machine: {describe_machine()}; clients at nice {os.nice(0)}, the server at "
          f"{os.getpriority(os.PRIO_PROCESS, server.pid)}", flush=True)
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            lowered = lower_new_sessions(args.clients_nice)
            print(f"Chromium's own scheduling groups set to nice {args.clients_nice}: {lowered}", flush=True)
            # idle: the server once one page was opened and closed (its imports done), as bench_app_memory.py
            context = await browser.new_context()
            page = await context.new_page()
            await page.goto(url)
            await page.get_by_text(text("title", "pt")).wait_for(timeout=args.timeout * 1000)
            await context.close()
            rested = await at_rest(server.pid, args.timeout, max(5.0, args.after))
            idle = sampler.rss_now("server")
            print(f"idle: {mb(idle)} MB ({rested:.0f} s after the first page, once the warm-up's workers had left)",
                  flush=True)
            # the first session computes the sample once; its page's requests are what every protocol client loads
            assets = PageAssets()
            warm = await walk(browser, url, samples[0], args.lang, args.timeout, args.shots, assets)
            print(f"first session after start ({samples[0].id}): {fmt(warm.recommendation)} s to the recommendation"
                  f"{'; error ' + warm.error if warm.error else ''}; the page loads {len(assets.boot)} URLs "
                  f"before it opens the websocket, {len(assets.later)} after", flush=True)
            # the reference: one session of each kind alone, on a server that has already computed that sample
            reference_browser = await walk(browser, url, samples[0], args.lang, args.timeout, args.shots)
            reference_light = await walk_protocol(url, samples[0], args.lang, args.timeout, assets)
            reference = reference_light.recommendation
            print(fidelity(reference_browser, reference_light, samples[0]), flush=True)
            rounds: list[tuple[int | str, list[Sample | Path], int]] = [
                (count, [samples[index % len(samples)] for index in range(count)],
                 count if args.browsers == "all" else min(int(args.browsers), count - 1)) for count in args.sessions]
            if args.uploads:  # heavy work of the server's own: files nobody has sent before, each different
                files = []
                for index in range(args.uploads):
                    files.append(args.workdir / f"upload_{index}.jsonl")
                    generate(files[-1], args.upload_examples, seed=1000 + index)
                size = files[0].stat().st_size / 1e6
                rounds.append((f"{args.uploads} uploads of {args.upload_examples:,} examples ({size:,.1f} MB each)",
                               files, args.uploads if args.browsers == "all" else 0))
            rows = []
            for count, chosen, browsers in rounds:
                print(f"{count} sessions at once ({browsers} in Chromium)…", flush=True)
                profile_window(args, server, "between rounds (start, fidelity check, or the last round's --after wait)")
                result = await run_round(browser, url, chosen, browsers, args, sampler, assets, server)
                label = f"{count} ({len(chosen) - browsers} + {browsers})" if isinstance(count, int) else count
                rows.append(row(label, result, reference, idle))
                print(rows[-1], flush=True)
                print(f"  the machine's load average (1 min) at the end of the round: {os.getloadavg()[0]:.1f} "
                      "(2 = both cores busy; beyond it, other programs on the machine wait with this one)", flush=True)
                if args.timeline:
                    print("  second: server CPU / server waiting / protocol clients / Chromium (% of one core)")
                    for second, values in enumerate(zip(result.server_cpu, result.server_waiting, result.clients_cpu,
                                                        result.browser_cpu, strict=True), start=1):
                        print(f"  {second:>4}: " + " / ".join(f"{value:3.0f}" for value in values), flush=True)
                for session in result.sessions:
                    if session.error:
                        print(f"  error ({session.kind}, {session.sample}): {session.error}", flush=True)
                for kind in ("protocol", "chromium"):
                    mine = [session for session in result.sessions if session.kind == kind]
                    steps = {name: statistics.median(session.steps[name] for session in mine if name in session.steps)
                             for name in STEPS if any(name in session.steps for session in mine)}
                    if steps:
                        print(f"  {kind}: median time at which each step was drawn (s): "
                              + ", ".join(f"{name} {value:.1f}" for name, value in steps.items()), flush=True)
            await browser.close()
    finally:
        sampler.stop()
        server.terminate()
        server.wait(timeout=30)
    print()
    print(f"Workshop load, {args.lang}, bundled samples round-robin; sessions = protocol clients + Chromium; "
          f"reference = one protocol session alone ({fmt(reference)} s); idle server {mb(idle)} MB; memory after = "
          f"{args.after:g} s after the sessions closed")
    print()
    print("| sessions (protocol + Chromium) | protocol clients: to the recommendation, median / worst (s) (n) "
          "| × reference | Chromium: median / worst (s) (n) | first page, median (s) | report download, median (s) "
          "| errors (protocol / Chromium) | server CPU, mean / peak (100 % = one core) "
          "| server waiting for a core, mean | clients' CPU, protocol / Chromium (mean) "
          "| server memory before / peak / after (MB) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for line in rows:
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sessions", type=int, nargs="*", default=[1, 10, 30], help="sessions at once, per round")
    parser.add_argument("--browsers", default="3",
                        help="of each round's sessions, how many are real Chromium sessions (default 3; the others "
                             "are protocol clients); 'all' for a room of browsers only, the uploads round included")
    parser.add_argument("--profile", type=Path,
                        help="run the server under benchmarks/sample_server.py and append where its CPU went in "
                             "each round to this file")
    parser.add_argument("--timeline", action="store_true",
                        help="print each round's 1-s samples: server CPU, its wait for a core, the clients' CPU")
    parser.add_argument("--after", type=float, default=60.0, help="seconds after the close (default 60)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds any one wait may take (default 300)")
    parser.add_argument("--lang", choices=("pt", "en"), default="pt")
    parser.add_argument("--clients-idle", action="store_true",
                        help="run the clients under SCHED_IDLE: the kernel gives them a core only when the server does "
                             "not want it (nice only lowers their share)")
    parser.add_argument("--clients-nice", type=int, default=19,
                        help="the clients' (protocol and Chromium) niceness, 0-19: what they run is the participants' "
                             "laptops' work, so by default they take only the CPU the server leaves (19); 0 as before")
    parser.add_argument("--app", type=Path, default=ROOT / "app.py")
    parser.add_argument("--shots", type=Path, help="a folder for a screenshot of each Chromium session that failed")
    parser.add_argument("--uploads", type=int, default=2,
                        help="a last round of this many protocol sessions each uploading a file of its own (default "
                             "2, the cores of the machine the issue names: does the server use both?); 0 skips it")
    parser.add_argument("--upload-examples", type=int, default=5000,
                        help="chat examples per uploaded file (benchmarks/bench_analyze.py's generator; default "
                             "5,000, about 6 MB)")
    args = parser.parse_args()
    if args.browsers != "all" and not args.browsers.isdigit():
        parser.error("--browsers takes a count or 'all'")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"needs Debian's chromium at {CHROMIUM}")
    with tempfile.TemporaryDirectory() as workdir:
        args.workdir = Path(workdir)
        asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
