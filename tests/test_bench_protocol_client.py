"""benchmarks/protocol_client.py, the light participant of benchmarks/bench_workshop.py, against the real app server:
it walks a bundled sample to the answer samples.toml expects and downloads the report, so the client does not rot
when the app or Streamlit changes."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import replace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from protocol_client import walk_protocol  # noqa: E402

from advisor.data.samples import load_samples  # noqa: E402
from advisor.decide.recommend import OPTION_NAMES  # noqa: E402


def test_the_protocol_client_walks_a_sample_to_its_expected_answer_and_downloads_the_report(
        app_server_url: str) -> None:
    sample = next(item for item in load_samples() if item.id == "translation")
    assert sample.expected == "prompting"  # samples.toml's answer for it, which the walk waits to see

    session = asyncio.run(walk_protocol(app_server_url, sample, "pt", timeout_s=45))

    assert session.error is None
    assert list(session.steps) == ["data", "profile", "baselines", "costs", "recommendation"]
    # the first run, the sample picked, four step clicks: one script run on the server for each rerun sent
    assert (len(session.reruns), session.script_runs) == (6, 6)
    assert session.reruns[0] == {}  # the browser's first message carries no widget state
    assert any(value == sample.text("title", "pt") for value in session.reruns[1].values())
    assert session.report.startswith(b"<!DOCTYPE html>") or b"<html" in session.report[:2000]
    assert sample.path.name.encode() in session.report
    assert OPTION_NAMES["prompting"]["pt"].encode() in session.report


def test_the_walk_fails_when_the_recommendation_shows_another_answer(app_server_url: str) -> None:
    """The marker the walk waits for is the expected answer, not any answer: told to expect LoRA on a sample whose
    answer is prompting, it times out on the recommendation step."""
    sample = replace(next(item for item in load_samples() if item.id == "translation"), expected="lora")

    session = asyncio.run(walk_protocol(app_server_url, sample, "pt", timeout_s=8))

    assert session.recommendation is None
    assert session.error is not None and session.error.startswith("step recommendation: TimeoutError")


def test_the_lean_http_client_reads_what_urllib_reads_and_keeps_the_servers_cookie(app_server_url: str) -> None:
    """BrowserHttp against the app server: the page and one of its scripts byte for byte as urllib reads them, the
    XSRF cookie the health check sets, and a 404 told as an error."""
    import re
    import urllib.error
    import urllib.request

    from protocol_client import BrowserHttp, HttpError, Response

    async def fetch() -> tuple[bytes, bytes, dict[str, str], int]:
        client = BrowserHttp(app_server_url, timeout=30)
        try:
            page = await client.get("/")
            script = re.findall(r'src="\.?(/[^"]+\.js)"', page.text)[0]
            answers = await asyncio.gather(*(client.get(script) for _ in range(8)))  # more than its six connections
            assert len({answer.content for answer in answers}) == 1
            await client.get("/_stcore/health")
            missing = await client.get("/media/no-such-file.html")  # the page itself answers unknown paths
            return page.content, answers[0].content, dict(client.cookies), missing.status_code
        finally:
            await client.aclose()

    page, script_bytes, cookies, missing = asyncio.run(fetch())

    with urllib.request.urlopen(app_server_url + "/") as answer:
        assert page == answer.read()
    script = re.findall(r'src="\.?(/[^"]+\.js)"', page.decode())[0]
    with urllib.request.urlopen(app_server_url + script) as answer:
        assert script_bytes == answer.read() and len(script_bytes) > 1000
    assert cookies.get("_streamlit_xsrf", "").count("|") == 3  # Tornado/Streamlit's versioned token
    assert missing == 404
    with pytest.raises(HttpError):
        Response(404, {}, b"").raise_for_status()


def test_the_lean_http_client_reads_chunked_and_gzip_answers_and_resends_on_a_closed_kept_alive_connection() -> None:
    """Against a bare server on 127.0.0.1 that answers chunked (with a trailer), gzips, and drops a kept-alive
    connection's second request unanswered: every request is resent on a new connection and gets its own answer."""
    import gzip

    from protocol_client import BrowserHttp

    served: list[str] = []
    dropped: list[str] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        answered = False
        while head := (await reader.readuntil(b"\r\n\r\n")).decode():
            path = head.split(" ")[1]
            if answered:  # a kept-alive connection's next request: dropped unanswered (uvicorn's idle close races it)
                dropped.append(path)
                break
            served.append(path)
            if path == "/chunked":
                writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                             b"5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: yes\r\n\r\n")
            else:
                body = gzip.compress(f"answer to {path}".encode())
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                             + str(len(body)).encode() + b"\r\n\r\n" + body)
            await writer.drain()
            answered = True
        writer.close()

    async def run() -> list[bytes]:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        client = BrowserHttp(f"http://127.0.0.1:{port}", timeout=10)
        try:
            answers = [await client.get(path) for path in ("/chunked", "/a", "/b", "/chunked")]
            return [answer.content for answer in answers]
        finally:
            await client.aclose()
            server.close()

    contents = asyncio.run(run())

    assert contents == [b"hello, world", b"answer to /a", b"answer to /b", b"hello, world"]
    assert served == ["/chunked", "/a", "/b", "/chunked"]  # each answered once
    assert dropped == ["/a", "/b", "/chunked"]  # each first sent on the kept-alive connection, then resent
