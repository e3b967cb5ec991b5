"""A live preview: build, serve on 127.0.0.1, rebuild on change, reload the open page."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from warta.config import SiteConfig

RELOAD_PATH = "/__warta/reload.js"
VERSION_PATH = "/__warta/version"
_RELOAD_JS = b"""(function () {
  var seen = null;
  function poll() {
    fetch('/__warta/version', {cache: 'no-store'}).then(function (r) { return r.text(); }).then(function (v) {
      if (seen !== null && v !== seen) { location.reload(); }
      seen = v;
    }).catch(function () {}).finally(function () { setTimeout(poll, 800); });
  }
  poll();
})();
"""


def watched_paths(config: SiteConfig, extra: Sequence[Path] = ()) -> list[Path]:
    """Everything whose change should trigger a rebuild: articles, templates, static files, configuration.

    ``extra`` adds files the command line named (a ``--config`` file elsewhere than ``site.yaml``).
    """
    names = [config.input_dir, config.templates_dir, config.static_dir, "site.yaml"]
    return [config.path(n) for n in names] + config.content_files() + [p.resolve() for p in extra]


Snapshot = tuple[tuple[str, int, int], ...]


def snapshot(paths: list[Path]) -> Snapshot:
    """A cheap fingerprint of the watched files: path, size and modification time of each."""
    seen: list[tuple[str, int, int]] = []
    for top in paths:
        candidates = [top] if top.is_file() else (sorted(top.rglob("*")) if top.is_dir() else [])
        for path in candidates:
            try:
                stat = path.stat()
            except OSError:
                continue
            if path.is_file():
                seen.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(seen)


@dataclass
class Server:
    """The preview server's state: the site version the open pages poll for."""

    output: Path
    version: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def bump(self) -> None:
        with self.lock:
            self.version += 1

    def handler(self) -> type[http.server.SimpleHTTPRequestHandler]:
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                if self.path == VERSION_PATH:
                    self._send(str(server.version).encode("ascii"), "text/plain")
                elif self.path == RELOAD_PATH:
                    self._send(_RELOAD_JS, "text/javascript")
                elif self._is_html():
                    self._send_html()
                else:
                    super().do_GET()

            def _is_html(self) -> bool:
                target = Path(self.translate_path(self.path))
                if target.is_dir():
                    target = target / "index.html"
                return target.suffix == ".html" and target.is_file()

            def _send_html(self) -> None:
                target = Path(self.translate_path(self.path))
                if target.is_dir():
                    if not self.path.split("?")[0].endswith("/"):
                        super().do_GET()  # the standard redirect to the folder's trailing slash
                        return
                    target = target / "index.html"
                data = target.read_bytes()
                tag = f'<script src="{RELOAD_PATH}"></script>'.encode("ascii")
                data = data.replace(b"</body>", tag + b"</body>", 1)
                self._send(data, "text/html; charset=utf-8")

            def _send(self, data: bytes, kind: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

        return Handler


def serve(config: SiteConfig, rebuild: Callable[[], bool], port: int = 8000, interval: float = 0.5,
          stop: threading.Event | None = None, ready: Callable[[int], None] | None = None,
          extra: Sequence[Path] = (), since: Snapshot | None = None) -> None:
    """Serve the output folder on 127.0.0.1 and rebuild whenever a watched file changes.

    ``rebuild`` builds the site and says whether it succeeded; the open pages reload after each
    successful build. ``stop`` ends the loop (for tests); ``ready`` receives the bound port.
    ``since`` is the :func:`snapshot` the site being served was built from (taken before that build
    began), so that a change made while it was built is not missed; by default, the files as they are
    now. Either way it is taken before ``ready`` is told: a change made once the port is known is seen.
    """
    watched = watched_paths(config, extra)
    last = since if since is not None else snapshot(watched)
    output = config.path(config.output_dir)
    state = Server(output)
    handler = functools.partial(state.handler(), directory=str(output))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    if ready is not None:
        ready(httpd.server_address[1])
    stop = stop or threading.Event()
    try:
        while not stop.wait(interval):
            now = snapshot(watched)
            if now != last:
                time.sleep(0.1)  # let an editor finish writing
                last = snapshot(watched)
                if rebuild():
                    state.bump()
    finally:
        httpd.shutdown()
        httpd.server_close()
