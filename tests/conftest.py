"""Shared fixtures and helpers: the project paths, a built copy of the seed site, a project copy built by the
command line, file-tree fingerprints, and --update-golden."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from warta.config import SiteConfig, load_config

# The site-check fixtures (one served copy of the seed site, one Chromium) are session-wide: registered
# here once, never imported into test modules, where each import would make a second instance.
pytest_plugins = ["sitecheck.fixtures"]

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
BASE_URL = "https://user.github.io/repo/"
BUILD_DATE = dt.date(2026, 11, 21)


def pytest_configure(config: pytest.Config) -> None:
    # A suite started as a background job of a non-interactive shell inherits Ctrl-C ignored, and so would
    # every build it starts: the tests of what Ctrl-C does (test_write, test_bad_input) need it delivered.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden site from the current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def make_config(tmp: Path, input_dir: Path, **changes: object) -> SiteConfig:
    """A config for a test build: project files from the repo, input and output in ``tmp``."""
    base = load_config(ROOT)
    values: dict[str, object] = {
        "input_dir": str(input_dir),
        "output_dir": str(tmp / "_site"),
        "base_url": BASE_URL,
        "build_date": BUILD_DATE,
    }
    values.update(changes)
    return dataclasses.replace(base, **values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus built once per test session, served as https://user.github.io/repo/."""
    from warta import pipeline  # imported here so that unit tests run even when the build cannot

    tmp = tmp_path_factory.mktemp("seed-site")
    seeds = tmp / "seeds"
    shutil.copytree(SEEDS, seeds)
    report = pipeline.build(make_config(tmp, seeds))
    assert not report.errors, report.errors
    return tmp / "_site"


def project(tmp_path: Path) -> Path:
    """A copy of the project's content (seeds, templates, static, about) to build in isolation."""
    for name in ("seeds", "templates", "static"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for about in ROOT.glob("about*.md"):
        shutil.copy(about, tmp_path / about.name)
    (tmp_path / "site.yaml").write_text(f"base_url: {BASE_URL}\nbuild_date: {BUILD_DATE.isoformat()}\n",
                                        encoding="utf-8")
    return tmp_path


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``build.py --root root *args`` in a fresh interpreter, as a user runs it."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), *args],
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300)


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder``: the sha256 of its bytes, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def inodes(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under ``folder``: its inode, mtime_ns and size, by relative path (equal: nothing rewritten)."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(folder.rglob("*")) if p.is_file()}
