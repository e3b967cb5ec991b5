"""Session fixtures for the site checks; a test module imports the ones it uses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from sitecheck import browser as chromium_browser
from sitecheck import serve, tools


@pytest.fixture(scope="session")
def served_site(seed_site: Path) -> Iterator[str]:
    """The seed site served at http://127.0.0.1:PORT/repo/ for the whole session."""
    with serve.serve(seed_site, "/repo/") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium shared by every browser test; a missing Chromium fails, never skips."""
    try:
        tools.chromium()
        tools.axe_js()
    except tools.ToolMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    with chromium_browser.chromium() as b:
        yield b
