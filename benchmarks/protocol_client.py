"""A light participant for benchmarks/bench_workshop.py: one Streamlit session driven at the protocol level.

A real room runs each participant's browser on their own laptop; on one benchmark machine 30 headless Chromiums
take both cores from the server. This client does on the server exactly what a browser does, with none of its
rendering:

- HTTP: the page and the assets the browser loads, six at a time: those it loads before opening the websocket,
  then, while the walk goes on, those it loads later (code for the elements as they are first drawn) — as
  recorded from a Chromium session (PageAssets), else `/`, what it links, `/_stcore/health` (which sets the XSRF
  cookie) and `/_stcore/host-config`;
- the websocket `/_stcore/stream` with Streamlit's protobufs: first a `rerun_script` BackMsg with no widget states
  and the context info, then one `rerun_script` per click carrying every widget's state. Widget states are kept as
  the frontend keeps them (its WidgetStateManager): a widget delta creates its state from the proto's default, or
  takes the server's value when `set_value` is set; when a run finishes successfully the states of widgets that
  run did not draw are dropped. A radio or select box is sent as its shown option (what Streamlit 1.67 sends);
- a download button's file through a `backend_operation_request` (deferred file), then an HTTP GET of the
  `/media/…` URL it answers; an upload through `file_urls_request`, an HTTP PUT (with the XSRF header) and the
  uploader's `file_uploader_state_value`.

`walk_protocol` walks a bundled sample (or an uploaded file) through the five steps waiting, on each step, for the
same marker bench_workshop.walk waits for in Chromium, then downloads the HTML report. bench_workshop's fidelity
check records Chromium's BackMsgs on the same walk and compares them with this client's, rerun by rerun.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ContextInfo
from streamlit.proto.Common_pb2 import FileURLs, UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

from advisor.data.samples import Sample
from advisor.decide.recommend import OPTION_NAMES
from advisor.ui.strings import text

BROWSER_HEADERS = (b"User-Agent: Mozilla/5.0 (X11; Linux x86_64) protocol-client\r\nAccept: */*\r\n"
                   b"Accept-Encoding: gzip, deflate, br, zstd\r\nAccept-Language: pt-BR,pt;q=0.9\r\n")
STEPS = ("data", "profile", "baselines", "costs", "recommendation")
# elements with an id that hold no state the browser sends (a button only sends a trigger when clicked)
STATELESS = {"button", "download_button", "plotly_chart", "dataframe", "link_button", "menu_button"}
BROWSER_CONNECTIONS = 6  # a browser's connections per host over HTTP/1.1


@dataclass
class PageAssets:
    """The URLs (paths) a browser loads from the server: before it opens the websocket, and after."""

    boot: list[str] = field(default_factory=list)
    later: list[str] = field(default_factory=list)
    socket_open: bool = False

    def add(self, path: str) -> None:
        if path not in self.boot and path not in self.later:
            (self.later if self.socket_open else self.boot).append(path)

    def __len__(self) -> int:
        return len(self.boot) + len(self.later)


@dataclass
class Session:
    """One participant's walk, Chromium's or this client's (times in seconds from opening the page)."""

    sample: str
    kind: str = "protocol"
    first_page: float | None = None
    recommendation: float | None = None
    download: float | None = None
    error: str | None = None
    steps: dict[str, float] = field(default_factory=dict)
    clicked: dict[str, float] = field(default_factory=dict)  # when each step's button was clicked (Chromium)
    finished: float | None = None  # time.monotonic() when the report was saved
    reruns: list[dict[str, object]] = field(default_factory=list)  # widget states of each rerun sent, id → value
    script_runs: int = 0  # new_session messages received: one per script run on the server
    report: bytes = b""


def widget_value(state: WidgetState) -> object:
    """A widget state's value as plain data (to compare the reruns of two clients)."""
    kind = state.WhichOneof("value")
    value = getattr(state, kind) if kind else None
    if kind in ("double_array_value", "int_array_value", "string_array_value"):
        return tuple(value.data)
    if kind == "file_uploader_state_value":
        return tuple(info.name for info in value.uploaded_file_info)
    return value


def initial_state(kind: str, widget) -> WidgetState | None:  # noqa: ANN001 - a widget's proto
    """The state the frontend gives a widget it draws for the first time (or whose value the server sets)."""
    state = WidgetState(id=widget.id)
    given = getattr(widget, "set_value", False)
    if kind in ("radio", "selectbox"):
        if given and widget.HasField("raw_value"):
            state.string_value = widget.raw_value
        elif widget.HasField("default"):
            state.string_value = widget.options[widget.default]
        else:
            return None
    elif kind == "checkbox":
        state.bool_value = widget.value if given else widget.default
    elif kind == "number_input":
        if not (given and widget.HasField("value")) and not widget.HasField("default"):
            return None
        value = widget.value if given and widget.HasField("value") else widget.default
        if widget.data_type == widget.INT:
            state.int_value = int(value)
        else:
            state.double_value = value
    elif kind in ("text_area", "text_input"):
        if given and widget.HasField("value"):
            state.string_value = widget.value
        elif widget.HasField("default"):
            state.string_value = widget.default
        else:
            return None
    elif kind == "slider":
        state.double_array_value.data.extend(widget.value if given else widget.default)
    elif kind == "multiselect":
        state.string_array_value.data.extend(
            widget.raw_values if given else [widget.options[index] for index in widget.default])
    elif kind == "file_uploader":
        state.file_uploader_state_value.SetInParent()
    else:
        raise ValueError(f"no rule for the state of a {kind} widget")
    return state


def shown_text(element) -> list[str]:  # noqa: ANN001 - an Element proto
    """The text an element shows, as the page's get_by_text sees it (Markdown's ** and escapes dropped)."""
    kind = element.WhichOneof("type")
    if kind in ("markdown", "heading", "alert"):
        return [getattr(element, kind).body.replace("**", "").replace("\\", "")]
    if kind == "metric":
        return [element.metric.label]
    return []


class HttpError(RuntimeError):
    pass


@dataclass(frozen=True)
class Response:
    status_code: int
    headers: dict[str, str]  # names in lower case (the last of a repeated header)
    body: bytes  # as sent: compressed if the server compressed it

    @property
    def content(self) -> bytes:
        """The body decoded (the server gzips some answers, the report's among them); decoded only when asked for,
        as the client keeps most bodies unread."""
        encoding = self.headers.get("content-encoding", "identity").lower()
        if encoding in ("gzip", "deflate"):
            return zlib.decompress(self.body, 16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS)
        if encoding != "identity":
            raise HttpError(f"an answer encoded as {encoding}, which this client does not decode")
        return self.body

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise HttpError(f"HTTP {self.status_code}")


class BrowserHttp:
    """A browser's HTTP/1.1 side, lean: up to six kept-alive connections to the server (BROWSER_CONNECTIONS), the
    request headers Chromium sends, the cookies the server sets, each answer's body read whole (Content-Length or
    chunked) and decoded only when asked for (Response.content).

    The room's protocol clients all run in one Python thread of the benchmark's process; with httpx2 their page
    loads (27 sessions × 142 requests) took that thread's whole core for the first 5 s of a 30-session round while
    the server idled (bench_workshop.py --timeline, 2026-12-04): a real room's browsers run on their laptops, so
    the benchmark measured its own client. The server receives the same requests either way."""

    def __init__(self, base_url: str, timeout: float) -> None:
        address = base_url.split("://", 1)[1].rstrip("/")
        self.host, _, port = address.partition(":")
        self.port, self.timeout = int(port or 80), timeout
        self.cookies: dict[str, str] = {}
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.slots = asyncio.Semaphore(BROWSER_CONNECTIONS)

    async def get(self, path: str) -> Response:
        return await self.request("GET", path)

    async def put(self, path: str, body: bytes, headers: dict[str, str]) -> Response:
        return await self.request("PUT", path, body, headers)

    async def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> Response:
        """One request on a kept-alive connection if one is idle; one sent on a connection the server closed meanwhile
        (uvicorn closes one idle for 5 s) is sent again on a new one, as Chromium resends it."""
        async with self.slots:
            while self.idle and self.idle[-1][0].at_eof():  # closed by the server while idle
                self.idle.pop()[1].close()
            for fresh in (False, True):
                reused = not fresh and bool(self.idle)
                reader, writer = self.idle.pop() if reused else await asyncio.wait_for(
                    asyncio.open_connection(self.host, self.port), self.timeout)
                try:
                    answer = await asyncio.wait_for(self._exchange(reader, writer, method, path, body, headers or {}),
                                                    self.timeout)
                except (ConnectionError, asyncio.IncompleteReadError, HttpError):
                    writer.close()
                    if reused:
                        continue
                    raise
                if answer.headers.get("connection", "").lower() == "close":
                    writer.close()
                else:
                    self.idle.append((reader, writer))
                return answer
        raise AssertionError("unreachable")

    async def _exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, method: str, path: str,
                        body: bytes, headers: dict[str, str]) -> Response:
        head = f"{method} {path or '/'} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n".encode() + BROWSER_HEADERS
        if self.cookies:
            head += ("Cookie: " + "; ".join(f"{name}={value}" for name, value in self.cookies.items()) + "\r\n").encode()
        for name, value in headers.items():
            head += f"{name}: {value}\r\n".encode()
        if body or method == "PUT":
            head += f"Content-Length: {len(body)}\r\n".encode()
        writer.write(head + b"\r\n" + body)
        await writer.drain()
        status_line, *lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        parts = status_line.split(" ", 2)
        if len(parts) < 2 or not parts[1].isdigit():
            raise HttpError(f"not an HTTP answer: {status_line[:80]!r}")
        answer_headers: dict[str, str] = {}
        for line in lines:
            name, colon, value = line.partition(":")
            if colon:
                answer_headers[name.strip().lower()] = value.strip()
                if name.strip().lower() == "set-cookie":
                    pair = value.strip().split(";", 1)[0]
                    cookie, _, cookie_value = pair.partition("=")
                    self.cookies[cookie.strip()] = cookie_value.strip()
        if method == "HEAD" or parts[1] in ("204", "304"):
            content = b""
        elif answer_headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while size := int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16):
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
            while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers, up to the empty line
                pass
            content = b"".join(chunks)
        elif "content-length" in answer_headers:
            content = await reader.readexactly(int(answer_headers["content-length"]))
        else:
            content = await reader.read()
            answer_headers["connection"] = "close"
        return Response(int(parts[1]), answer_headers, content)

    async def aclose(self) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()


class ProtocolSession:
    """One Streamlit session over its websocket, keeping widget states as the browser does."""

    def __init__(self, base_url: str, session: Session, timeout: float, assets: PageAssets | None = None) -> None:
        self.base_url, self.session, self.timeout, self.assets = base_url.rstrip("/"), session, timeout, assets
        self.http = BrowserHttp(self.base_url, timeout)
        self.states: dict[str, WidgetState] = {}  # the frontend's widget states, in the order it created them
        # what this run has drawn so far, by delta path (an element drawn at a path replaces what was there)
        self.page: dict[tuple[int, ...], tuple[str, object, list[str]]] = {}  # path → (kind, proto, its text)
        self.exceptions: list[str] = []
        self.failure: Exception | None = None  # what stopped the reader
        self.running = False
        self.waiting_for_run = True  # after a rerun is sent, until its new_session: what arrives is the old run's
        self.session_id = ""
        self.page_hash = ""
        self.responses: dict[str, ForwardMsg] = {}
        self.changed = asyncio.Condition()
        self.socket = None
        self.reader: asyncio.Task | None = None
        self.loading: asyncio.Task | None = None  # the assets loaded after the websocket opened

    # --- connection ---

    async def open(self) -> None:
        """Loads the page as the browser does, then opens the websocket and asks for the first run."""
        page = await self.http.get("/")
        page.raise_for_status()
        assets = self.assets if self.assets is not None else PageAssets([
            *re.findall(r'(?:src|href)="\.?(/?[^"]+\.(?:js|css))"', page.text), "/_stcore/health",
            "/_stcore/host-config"])
        await asyncio.gather(*(self.fetch(path) for path in assets.boot if path != "/"))
        if "_streamlit_xsrf" not in self.http.cookies:  # the health check sets it
            await self.http.get("/_stcore/health")
        xsrf = self.http.cookies.get("_streamlit_xsrf", "")
        address = self.base_url.replace("http", "ws", 1) + "/_stcore/stream"
        headers = {"Origin": self.base_url}
        if xsrf:
            headers["Cookie"] = f"_streamlit_xsrf={xsrf}"
        self.socket = await connect(address, subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],
                                    additional_headers=headers, max_size=None, open_timeout=self.timeout)
        self.reader = asyncio.create_task(self.read())
        self.loading = asyncio.create_task(asyncio.wait_for(
            asyncio.gather(*(self.fetch(path) for path in assets.later)), self.timeout))
        await self.send_rerun(first=True)

    async def fetch(self, path: str) -> None:
        response = await self.http.get(path.removeprefix(self.base_url) or "/")
        response.raise_for_status()

    async def close(self) -> None:
        if self.loading is not None:  # the whole page is loaded before the participant leaves
            await asyncio.gather(self.loading, return_exceptions=True)
        if self.socket is not None:
            await self.socket.close()
        if self.reader is not None:
            self.reader.cancel()
        await self.http.aclose()

    async def read(self) -> None:
        try:
            async for frame in self.socket:
                message = ForwardMsg()
                message.ParseFromString(frame)
                self.take(message)
                async with self.changed:
                    self.changed.notify_all()
        except Exception as error:  # noqa: BLE001 - told to the walk waiting on it
            self.failure = error
        finally:
            self.running = False
            async with self.changed:
                self.changed.notify_all()

    def take(self, message: ForwardMsg) -> None:
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.session.script_runs += 1
            self.session_id = message.new_session.initialize.session_id or self.session_id
            self.page_hash = message.new_session.page_script_hash or self.page_hash
            self.waiting_for_run, self.running = False, True
            self.page, self.exceptions = {}, []
        elif kind == "script_finished":
            if self.waiting_for_run:
                return
            if message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:  # the frontend drops undrawn widgets
                self.states = {key: value for key, value in self.states.items() if key in self.widgets}
            # a run stopped for a rerun is followed by the next run's new_session (st.rerun in the script)
            self.running = message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN
        elif kind == "delta" and not self.waiting_for_run:
            path = tuple(message.metadata.delta_path)
            for drawn in [drawn for drawn in self.page if drawn[:len(path)] == path]:  # replaced, or in a block
                del self.page[drawn]                                                    # drawn anew there
            if message.delta.HasField("new_element"):
                self.draw(path, message.delta.new_element)
        elif kind == "backend_operation_response":
            self.responses[message.backend_operation_response.request_id] = message
        elif kind == "file_urls_response":
            self.responses[message.file_urls_response.response_id] = message

    @property
    def widgets(self) -> dict[str, tuple[str, object]]:
        """id → (kind, proto) of the widgets on the page this run has drawn so far."""
        return {widget.id: (kind, widget) for kind, widget, _ in self.page.values() if getattr(widget, "id", "")}

    def draw(self, path: tuple[int, ...], element) -> None:  # noqa: ANN001 - an Element proto
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.exceptions.append(f"{element.exception.type}: {element.exception.message}"[:200])
            return
        widget = getattr(element, kind)
        self.page[path] = (kind, widget, shown_text(element))
        widget_id = getattr(widget, "id", "")
        if not widget_id or kind in STATELESS:
            return
        if getattr(widget, "set_value", False) or widget_id not in self.states:
            state = initial_state(kind, widget)
            if state is not None:
                self.states[widget_id] = state

    # --- what a participant does ---

    async def send_rerun(self, first: bool = False) -> None:
        message = BackMsg()
        client = message.rerun_script
        client.query_string = ""
        client.context_info.CopyFrom(ContextInfo(timezone="UTC", timezone_offset=0, locale="en-US",
                                                 url=self.base_url + "/", is_embedded=False, color_scheme="light"))
        client.widget_states.SetInParent()
        if not first:
            client.widget_states.widgets.extend(self.states.values())
            client.page_script_hash = self.page_hash
        self.session.reruns.append({state.id: widget_value(state) for state in client.widget_states.widgets})
        self.waiting_for_run = True
        await self.socket.send(message.SerializeToString())

    async def until(self, condition: Callable[[], bool], doing: str) -> None:
        async def wait() -> None:
            async with self.changed:
                while not condition():
                    if self.failure is not None:
                        raise self.failure
                    if self.socket.close_code is not None:
                        raise ConnectionError(f"the websocket closed ({self.socket.close_code})")
                    if self.exceptions:
                        raise RuntimeError(f"an exception box: {self.exceptions[0]}")
                    await self.changed.wait()

        try:
            await asyncio.wait_for(wait(), self.timeout)
        except TimeoutError:
            raise TimeoutError(f"no {doing} within {self.timeout:g} s") from None

    def find(self, kind: str, test: Callable[[object], bool]) -> tuple[str, object]:
        found = [(widget_id, widget) for widget_id, (shape, widget) in self.widgets.items()
                 if shape == kind and test(widget)]
        if not found:
            raise LookupError(f"no {kind} widget here")
        return found[0]

    async def choose(self, kind: str, test: Callable[[object], bool], shown: str) -> None:
        """Picks the option shown as `shown` in the first `kind` widget that passes `test`, as a click would: as
        soon as the widget is drawn, even while the run goes on."""
        await self.until(lambda: any(shape == kind and test(widget) for shape, widget in self.widgets.values()),
                         f"{kind} to click")
        widget_id, widget = self.find(kind, test)
        if shown not in widget.options:
            raise LookupError(f"{shown!r} is not an option of {widget.label!r}")
        self.states[widget_id] = WidgetState(id=widget_id, string_value=shown)
        await self.send_rerun()

    async def upload(self, path: Path) -> None:
        await self.until(lambda: any(shape == "file_uploader" for shape, _ in self.widgets.values()), "uploader")
        widget_id, _ = self.find("file_uploader", lambda _: True)
        request_id = str(uuid.uuid4())
        message = BackMsg()
        message.file_urls_request.request_id = request_id
        message.file_urls_request.file_names.append(path.name)
        message.file_urls_request.session_id = self.session_id
        await self.socket.send(message.SerializeToString())
        await self.until(lambda: request_id in self.responses, "upload URL")
        urls = self.responses.pop(request_id).file_urls_response.file_urls[0]
        data = path.read_bytes()
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        response = await self.http.put(urls.upload_url.removeprefix(self.base_url), body, {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Xsrftoken": self.http.cookies.get("_streamlit_xsrf", "")})
        response.raise_for_status()
        state = WidgetState(id=widget_id)
        state.file_uploader_state_value.uploaded_file_info.append(UploadedFileInfo(
            name=path.name, size=len(data), file_id=urls.file_id,
            file_urls=FileURLs(file_id=urls.file_id, upload_url=urls.upload_url, delete_url=urls.delete_url)))
        self.states[widget_id] = state
        await self.send_rerun()

    async def download(self, label: str) -> bytes:
        """The file of the download button labelled `label`, asked for as the browser does when it is clicked."""
        response = await self.get(await self.download_url(label))
        response.raise_for_status()
        return response.content

    async def download_url(self, label: str) -> str:
        """What the browser does on a click of the download button labelled `label`: asks the server to make the
        file and for its URL (no rerun)."""
        _, button = self.find("download_button", lambda widget: widget.label == label)
        request_id = str(uuid.uuid4())
        message = BackMsg()
        message.backend_operation_request.request_id = request_id
        message.backend_operation_request.session_id = self.session_id
        message.backend_operation_request.deferred_file.file_id = button.deferred_file_id
        await self.socket.send(message.SerializeToString())
        await self.until(lambda: request_id in self.responses, "download URL")
        answer = self.responses.pop(request_id).backend_operation_response
        if answer.error_msg:
            raise RuntimeError(f"the download was refused: {answer.error_msg}")
        return answer.deferred_file.url

    async def get(self, path: str) -> Response:
        return await self.http.get(path.removeprefix(self.base_url))

    def shows(self, wanted: str, exact: bool = False) -> bool:
        return any(shown.strip() == wanted if exact else wanted in shown
                   for _, _, texts in self.page.values() for shown in texts)


def answer_marker(chosen: Sample, lang: str) -> tuple[str, bool]:
    """What the recommendation step shows for the sample's expected answer, and whether it is the element's whole
    text (bench_workshop.answer_locator, the same strings)."""
    if chosen.expected == "fix_data":
        return text("fix_first", lang), False
    if chosen.expected == "measure":
        return text("measure_plan", lang), True
    answer = text("answer", lang, option=OPTION_NAMES[chosen.expected][lang], confidence="")
    return answer.replace("\\", "").split("(")[0].replace("**", ""), False


async def walk_protocol(url: str, chosen: Sample | Path, lang: str, timeout_s: float,
                        assets: PageAssets | None = None) -> Session:
    """One participant without a browser: open, pick the sample (or upload the file), walk the five steps,
    download the HTML report. Times as bench_workshop.walk measures them."""
    session = Session(chosen.name if isinstance(chosen, Path) else chosen.id)
    client = ProtocolSession(url, session, timeout_s, assets)
    start = time.monotonic()

    def since() -> float:
        return time.monotonic() - start

    doing = "opening the page"
    try:
        await client.open()
        await client.until(lambda: client.shows(text("title", "pt")), "title")
        if lang == "en":  # the app opens in Portuguese
            await client.choose("radio", lambda widget: "English" in widget.options, "English")
            await client.until(lambda: client.shows(text("title", lang)), "title in English")
        session.first_page = since()
        await client.until(lambda: not client.running, "end of the first run")  # every click waits for it
        if isinstance(chosen, Path):
            doing = "uploading"
            await client.upload(chosen)
        else:
            doing = "picking the sample"
            await client.choose("selectbox", lambda widget: widget.label == text("sample", lang),
                                chosen.text("title", lang))
        markers = {"data": (text("kept", lang), False), "profile": (text("findings", lang), False),
                   "baselines": (text("llm", lang), False), "costs": (text("break_even", lang), False),
                   "recommendation": (text("downloads", lang), False) if isinstance(chosen, Path)
                   else answer_marker(chosen, lang)}
        for name in STEPS:
            doing = f"step {name}"
            if name != "data":
                await client.until(lambda: not client.running, "end of the run")
                await client.choose("radio", lambda widget: text("step_costs", lang) in widget.options,
                                    text(f"step_{name}", lang))
            wanted, exact = markers[name]
            await client.until(partial(client.shows, wanted, exact), f"{wanted!r}")
            session.steps[name] = since()
        session.recommendation = since()
        doing = "downloading the report"
        await client.until(lambda: not client.running, "end of the run")
        clicked = time.monotonic()
        session.report = await client.download(text("download_html", lang))
        if len(session.report) < 1000 or b"<html" not in session.report[:2000]:
            raise RuntimeError("the report download is empty or not HTML")
        session.download = time.monotonic() - clicked
        session.finished = time.monotonic()
    except Exception as error:  # noqa: BLE001 - every failure is a session with an error, counted and named
        session.error = f"{doing}: {type(error).__name__}: {(str(error).splitlines() or [''])[0][:160]}"
    finally:
        await client.close()
    return session
