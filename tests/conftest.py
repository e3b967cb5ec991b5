"""Shared fixtures: the project paths, a built copy of the seed site, and --update-golden."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
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
