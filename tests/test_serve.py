"""warta serve: it builds, serves on 127.0.0.1, rebuilds when a seed changes, and tells the open page to reload."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from warta import serve
from warta.config import SiteConfig

ROOT = Path(__file__).resolve().parents[1]
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
WAIT = 90.0  # seconds: a bound on one build on a busy machine, not the expected time


def fetch(url: str) -> str:
    with OPENER.open(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def project(tmp: Path) -> Path:
    """Two seed articles with the project's templates and static files: quick to build."""
    (tmp / "seeds").mkdir()
    for seed in sorted((ROOT / "seeds").iterdir())[:2]:
        shutil.copy(seed, tmp / "seeds" / seed.name)
    for name in ("templates", "static"):
        shutil.copytree(ROOT / name, tmp / name)
    (tmp / "site.yaml").write_text("build_date: 2026-11-21\n", encoding="utf-8")
    return tmp


def until(check: object, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if callable(check) and check():
            return
        time.sleep(0.2)
    raise AssertionError(f"gave up after {WAIT:.0f} s waiting for {what}")


def test_serve_rebuilds_after_a_seed_changes_and_the_open_page_learns_of_it(tmp_path: Path) -> None:
    root = project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CI": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "warta", "serve", "--port", "0", "--root", str(root)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert proc.stdout is not None
        said: list[str] = []
        port = None
        deadline = time.monotonic() + WAIT
        while port is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            said.append(line)
            found = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
            port = int(found.group(1)) if found else None
        assert port, "".join(said)
        assert any(line.startswith("warta serve: 2 articles") for line in said), said
        base = f"http://127.0.0.1:{port}"
        data = json.loads((root / "_site" / "data" / "articles.json").read_text("utf-8"))["articles"]
        first = sorted(data, key=lambda a: a["source_file"])[0]
        page = f"{base}/{first['url']}index.html"
        before = fetch(page)
        assert f'<script src="{serve.RELOAD_PATH}"></script></body>' in before
        assert fetch(base + serve.VERSION_PATH) == "0"
        assert "reload()" in fetch(base + serve.RELOAD_PATH)

        seed = root / first["source_file"]
        seed.write_text(seed.read_text("utf-8") + "\n\nParagraf tambahan tentang gajahmada-serve-uji.\n", "utf-8")
        until(lambda: "gajahmada-serve-uji" in fetch(page), "the rebuilt page")
        until(lambda: fetch(base + serve.VERSION_PATH) == "1", "the version the open page polls to change")
        assert fetch(page) != before
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_what_is_watched_and_what_a_change_is(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "about.md").write_text("# Tentang\n", encoding="utf-8")
    (root / "about.en.md").write_text("# About\n", encoding="utf-8")
    config = SiteConfig(root=root)
    watched = serve.watched_paths(config)
    for name in ("seeds", "templates", "static", "site.yaml", "about.md", "about.en.md"):
        assert (root / name).resolve() in watched, name
    before = serve.snapshot(watched)
    assert before == serve.snapshot(watched)
    (root / "static" / "new.css").write_text("p{}", encoding="utf-8")
    assert serve.snapshot(watched) != before


def run_serve(root: Path, ready: Callable[[int], None] | None, since: serve.Snapshot | None = None) -> list[int]:
    """serve() on ``root`` until its first rebuild (or WAIT seconds); the rebuilds it made."""
    config = SiteConfig(root=root, output_dir=str(root / "_site"))
    (root / "_site").mkdir(exist_ok=True)
    stop = threading.Event()
    rebuilds: list[int] = []

    def rebuild() -> bool:
        rebuilds.append(1)
        stop.set()
        return True

    timer = threading.Timer(WAIT, stop.set)
    timer.start()
    try:
        serve.serve(config, rebuild, port=0, interval=0.05, stop=stop, ready=ready, since=since)
    finally:
        timer.cancel()
    return rebuilds


def test_a_change_made_as_soon_as_the_port_is_known_is_rebuilt(tmp_path: Path) -> None:
    """The files are looked at before the port is given out: an editor (or a test) that changes a seed the
    moment the server answers must not have its change taken for the state the site was built from."""
    root = project(tmp_path)
    seed = sorted((root / "seeds").iterdir())[0]

    def change_now(port: int) -> None:
        seed.write_text(seed.read_text("utf-8") + "\n\nParagraf baru.\n", "utf-8")

    assert run_serve(root, change_now) == [1]


def test_a_change_made_while_the_first_build_ran_is_rebuilt(tmp_path: Path) -> None:
    root = project(tmp_path)
    since = serve.snapshot(serve.watched_paths(SiteConfig(root=root)))  # taken as the first build begins
    seed = sorted((root / "seeds").iterdir())[0]
    seed.write_text(seed.read_text("utf-8") + "\n\nParagraf baru.\n", "utf-8")  # while it runs
    assert run_serve(root, None, since) == [1]
