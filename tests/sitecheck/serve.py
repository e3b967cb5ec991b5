"""Serve a site folder under a subpath on 127.0.0.1, as GitHub Pages serves a project site."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

# What GitHub Pages sends for these, where Python's mimetypes table differs.
CONTENT_TYPES = {".xml": "application/xml", ".json": "application/json", ".js": "text/javascript"}


def norm_base_path(path: str) -> str:
    """``repo`` -> ``/repo/``; ``/`` stays ``/``."""
    inner = path.strip("/")
    return f"/{inner}/" if inner else "/"


class SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """Files of ``directory`` at ``base_path``; anything else is 404, answered with the site's 404.html."""

    base_path = "/"

    def __init__(self, *args: Any, base_path: str, **kwargs: Any) -> None:
        self.base_path = base_path
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        url_path = urlsplit(path).path
        if unquote(url_path) == self.base_path.rstrip("/"):
            return str(self.directory)  # "/repo": a folder, which the base class redirects to "/repo/"
        if not unquote(url_path).startswith(self.base_path):
            return str(Path(self.directory) / ".no-such-file" / "outside-the-subpath")
        return super().translate_path("/" + url_path[len(self.base_path):])

    def guess_type(self, path: str | Any) -> str:
        return CONTENT_TYPES.get(Path(str(path)).suffix.lower()) or super().guess_type(path)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()  # GitHub Pages answers a missing page with the site's 404.html, status 404
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        return


@contextmanager
def serve(site: Path, base_path: str = "/repo/") -> Iterator[str]:
    """Serve ``site`` in a background thread; yield its root URL, e.g. ``http://127.0.0.1:PORT/repo/``."""
    bp = norm_base_path(base_path)
    handler = partial(SubpathHandler, directory=str(site.resolve()), base_path=bp)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}{bp}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
