"""Headless Debian Chromium through Playwright: load a page, watch it, measure it, run axe on it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, Response, sync_playwright

from sitecheck import tools

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "best-practice"]
FAILING_IMPACTS = ("serious", "critical")


@contextmanager
def chromium() -> Iterator[Browser]:
    """One headless Chromium for a whole test session (Debian's, never a downloaded one)."""
    path = tools.chromium()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(path), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def new_context(browser: Browser, width: int = 1280, height: int = 800,
                bypass_csp: bool = False) -> Iterator[BrowserContext]:
    """A fresh context (no shared cache or storage) with a window of ``width`` x ``height`` CSS px.

    ``bypass_csp`` lets axe be injected into a page whose Content-Security-Policy forbids inline scripts.
    """
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=bypass_csp)
    try:
        yield context
    finally:
        context.close()


class Watch:
    """Everything that went wrong while a page loaded: console errors, uncaught errors, failed requests."""

    def __init__(self, page: Page, expected_status: dict[str, int] | None = None) -> None:
        self.problems: list[str] = []
        self.expected_status = expected_status or {}
        self._page = page
        self._navigations = 0  # main-frame navigations begun so far
        self._began: dict[int, int] = {}  # id(request) -> navigations begun before it
        self._cut_short: list[str] = []  # aborted requests reported before a navigation was seen
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"uncaught exception: {exc}"))
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("requestfinished", lambda request: self._began.pop(id(request), None))
        page.on("response", self._response)

    def _request(self, request: Request) -> None:
        if request.is_navigation_request() and request.frame == self._page.main_frame:
            self._navigations += 1
            # a request cancelled because the reader left the page is not the site's fault
            for problem in self._cut_short:
                if problem in self.problems:
                    self.problems.remove(problem)
            self._cut_short.clear()
        else:
            self._began[id(request)] = self._navigations

    def _console(self, msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        where = msg.location.get("url", "") if msg.location else ""
        if where.endswith("/favicon.ico") or msg.text.endswith("/favicon.ico"):
            return  # Chromium's own request for a host-root icon: when it is logged is a matter of timing
        if self.expected_status and "the server responded with a status of 404" in msg.text \
                and where in self.expected_status:
            return  # the document itself, served with an expected error status
        self.problems.append(f"console error: {msg.text}" + (f" ({where})" if where else ""))

    def _failed(self, request: Request) -> None:
        problem = f"request failed: {request.url} ({request.failure})"
        if request.failure == "net::ERR_ABORTED" and not request.is_navigation_request():
            # Chromium cancels a page's loads (its icon, a late image) when the reader follows a link: not a
            # broken resource, which fails as net::ERR_FILE_NOT_FOUND or answers with an HTTP error
            if self._began.pop(id(request), self._navigations) < self._navigations:
                return
            self._cut_short.append(problem)
        self.problems.append(problem)

    def _response(self, response: Response) -> None:
        if response.url.endswith("/favicon.ico"):
            return
        if response.status >= 400 and self.expected_status.get(response.url) != response.status:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def load(context: BrowserContext, url: str, expected_status: dict[str, int] | None = None,
         idle: bool = True) -> tuple[Page, list[str]]:
    """Open ``url`` in a new tab; the tab and the problems seen so far.

    ``idle``: also wait until the network has been quiet for 500 ms, so that late requests are seen.
    """
    page = context.new_page()
    watch = Watch(page, expected_status)
    page.goto(url, wait_until="load", timeout=30_000)
    if idle:
        page.wait_for_load_state("networkidle", timeout=10_000)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return page, watch.problems


_OVERFLOW_JS = """
() => {
  const width = window.innerWidth;
  const wide = [];
  for (const el of document.body ? document.body.querySelectorAll('*') : []) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && r.width > 0) {
      const names = typeof el.className === 'string' ? el.className.trim().split(/\\s+/).filter(Boolean) : [];
      const cls = names.map((n) => '.' + n).join('');
      wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} (right edge ${Math.round(r.right)}px)`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width: width, wide: wide.slice(0, 5)};
}
"""


def overflow(page: Page) -> str | None:
    """A description of the horizontal overflow, or None when the page fits its window."""
    m: dict[str, Any] = page.evaluate(_OVERFLOW_JS)
    if m["scroll"] <= m["width"]:
        return None
    return f"content {m['scroll']}px wide in a {m['width']}px window; too wide: {', '.join(m['wide']) or '?'}"


def axe(page: Page, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's violations on the loaded page (rules of ``tags``)."""
    page.add_script_tag(path=str(tools.axe_js()))
    options = {"runOnly": {"type": "tag", "values": tags or AXE_TAGS}, "resultTypes": ["violations"]}
    result: list[dict[str, Any]] = page.evaluate("(o) => window.axe.run(document, o).then(r => r.violations)", options)
    return result


def describe(violation: dict[str, Any]) -> str:
    nodes = violation.get("nodes", [])
    targets = ", ".join(" ".join(str(t) for t in n.get("target", [])) for n in nodes[:3])
    return (f"{violation.get('impact')}: {violation.get('id')} ({len(nodes)} element(s)): "
            f"{violation.get('help')} [{targets}]")


def serious(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v.get("impact") in FAILING_IMPACTS]


def file_url(path: Path) -> str:
    return path.resolve().as_uri()
