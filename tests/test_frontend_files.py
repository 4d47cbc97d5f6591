"""Streamlit's frontend bundles answered from memory (advisor/ui/frontend_files.py, issue #20): on the real server
each answer is the one Streamlit gives for the same file, byte for byte and header for header; nothing outside the
bundles folder is ever read; what the middleware does not answer reaches Streamlit unchanged."""

from __future__ import annotations

import re
from pathlib import Path

import httpx2
import pytest

from advisor.ui import frontend_files
from advisor.ui.frontend_files import BUNDLES, bundle_file

COMPARED = ("content-type", "content-length", "cache-control", "last-modified")
# Streamlit's own answer: a conditional request the middleware leaves to it, with a validator no file has
STREAMLIT_ITSELF = {"If-None-Match": '"no-such-version"'}


def page_bundles(client: httpx2.Client) -> list[str]:
    page = client.get("/")
    page.raise_for_status()
    return sorted(set(re.findall(r'(?:src|href)="\.?(/static/[^"]+)"', page.text)))


def test_every_bundle_of_the_page_is_the_file_streamlit_serves(app_server_url: str) -> None:
    with httpx2.Client(base_url=app_server_url, timeout=30) as client:
        paths = page_bundles(client)
        assert len(paths) >= 2  # Streamlit's page names its script and style bundles
        for path in paths:
            ours, theirs = client.get(path), client.get(path, headers=STREAMLIT_ITSELF)
            assert ours.status_code == theirs.status_code == 200, path
            assert "etag" in theirs.headers and "etag" not in ours.headers, path  # two paths really were taken
            assert ours.content == theirs.content == (BUNDLES / path.removeprefix("/static/")).read_bytes(), path
            assert {name: ours.headers.get(name) for name in COMPARED} == {
                name: theirs.headers.get(name) for name in COMPARED}, path
        head = client.head(paths[0])
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == str((BUNDLES / paths[0].removeprefix("/static/")).stat().st_size)


@pytest.mark.parametrize("path", [
    "/static/../index.html", "/static/js/../../index.html", "/static/%2e%2e/index.html", "/static//etc/passwd",
    "/static/js/../../../../../../../../etc/passwd", "/static/", "/static/js", "/static/js/", "/static/./js/x.js",
    "/static/js\\..\\..\\index.html", "/static/js/\x00.js", "/static/no-such-file.js", "/etc/passwd", "/",
])
def test_no_path_outside_the_bundles_is_answered_here(path: str) -> None:
    assert bundle_file(path) is None


def test_a_link_inside_the_folder_to_a_file_outside_it_is_not_followed(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    bundles, outside = tmp_path / "bundles", tmp_path / "secret.txt"
    (bundles / "js").mkdir(parents=True)
    outside.write_text("not a bundle")
    (bundles / "js" / "app.js").write_text("ok")
    (bundles / "js" / "leak.js").symlink_to(outside)
    monkeypatch.setattr(frontend_files, "BUNDLES", bundles.resolve())
    assert bundle_file("/static/js/app.js") == (bundles / "js" / "app.js").resolve()
    assert bundle_file("/static/js/leak.js") is None


def test_paths_that_try_to_leave_reach_streamlit_and_read_nothing_outside(app_server_url: str) -> None:
    with httpx2.Client(base_url=app_server_url, timeout=30) as client:
        index = client.get("/").content
        for path in ("/static/js/../../../../../../../../etc/hostname", "/static/%2e%2e/%2e%2e/etc/hostname",
                     "/static/no-such-file.js"):
            answer = client.get(path)
            # Streamlit's own answer: its page (a path it does not know) or a refusal, never a file from outside
            assert answer.content == index or answer.status_code in (400, 404), (path, answer.status_code)
            assert "immutable" not in answer.headers.get("cache-control", ""), path  # not answered as a bundle
