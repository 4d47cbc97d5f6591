"""Streamlit's own frontend bundles served from memory: the ASGI middleware app.py puts before Streamlit.

A browser's first visit loads ~140 of Streamlit's content-hashed files (`/static/js/…`, `/static/css/…`, fonts).
Streamlit serves each through Starlette's FileResponse: a stat, an open and every 64 KB read as a hop to its thread
pool, in the one server process that also runs every session. In a room of thirty that was more of the server's
CPU than the participants' own script runs (benchmarks/bench_workshop.py --profile). These files never change
while the server runs, so each is read once, on its first request, and answered from memory after: about 3 MB
for the files a page asks for, at most the size of Streamlit's static folder.

Only plain GET and HEAD of a file inside Streamlit's `static/static/` folder are answered here, with the headers
Streamlit gives them (type, length, `Cache-Control: public, immutable`, Last-Modified). Everything else goes to
Streamlit unchanged: the page itself (index.html, no-cache), conditional and range requests, any path that is not
such a file, and every path when `server.baseUrlPath` is set.
"""

from __future__ import annotations

import email.utils
import mimetypes
from dataclasses import dataclass
from pathlib import Path

import streamlit
from streamlit import config

STATIC_ROOT = (Path(streamlit.__file__).parent / "static").resolve()
BUNDLES = STATIC_ROOT / "static"  # the hashed bundles under /static/, as opposed to index.html and manifest.json
PREFIX = "/static/"
IMMUTABLE = "public, immutable, max-age=31536000"  # Streamlit's own value (starlette_server_config, one year)
# headers that ask for less than the whole file, or for it only if changed: Streamlit answers those itself
PARTIAL = (b"range", b"if-none-match", b"if-modified-since", b"if-range", b"if-match", b"if-unmodified-since")


@dataclass(frozen=True)
class Asset:
    body: bytes
    headers: tuple[tuple[bytes, bytes], ...]


def bundle_file(url_path: str) -> Path | None:
    """The file of Streamlit's bundles a URL path names, or None when it names none (or tries to leave the
    folder: `..`, a backslash, an encoded or doubled slash, a NUL, a symbolic link out)."""
    if not url_path.startswith(PREFIX):
        return None
    relative = url_path[len(PREFIX):]
    if not relative or any(mark in relative for mark in ("\\", "\x00", "//", "%")) or any(
            part in ("", ".", "..") for part in relative.split("/")):
        return None
    path = (BUNDLES / relative).resolve()
    return path if path.is_relative_to(BUNDLES) and path.is_file() else None


def asset_of(path: Path) -> Asset:
    body = path.read_bytes()
    kind = mimetypes.guess_type(path.name)[0] or "text/plain"
    if kind.startswith("text/"):
        kind += "; charset=utf-8"  # as Starlette's Response says it
    modified = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
    return Asset(body, ((b"content-type", kind.encode()), (b"content-length", str(len(body)).encode()),
                        (b"cache-control", IMMUTABLE.encode()), (b"last-modified", modified.encode())))


class FrontendFromMemory:
    """ASGI middleware: Streamlit's bundles from memory, every other request to the app behind it."""

    def __init__(self, app) -> None:  # noqa: ANN001 - the ASGI app behind (Streamlit's)
        self.app = app
        self.assets: dict[str, Asset] = {}  # bounded by the static folder: one entry per file there at most
        self.base_url: str | None = None

    def answers(self, scope: dict) -> Asset | None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or scope.get("query_string"):
            return None
        if self.base_url is None:
            self.base_url = str(config.get_option("server.baseUrlPath") or "").strip("/")
        if self.base_url or any(name in PARTIAL for name, _ in scope.get("headers", ())):
            return None
        url_path = scope["path"]
        asset = self.assets.get(url_path)
        if asset is None:
            path = bundle_file(url_path)
            if path is None:
                return None
            asset = self.assets[url_path] = asset_of(path)  # read once, in the event loop: a few hundred KB
        return asset

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001 - ASGI
        asset = self.answers(scope)
        if asset is None:
            await self.app(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": 200, "headers": list(asset.headers)})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else asset.body})
