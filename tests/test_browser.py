"""The site in headless Chromium: clean loads over HTTP and from disk, navigation from disk, axe, no overflow."""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

import site_factory as factory
from sitecheck import browser as chromium
from sitecheck import feeds, pages, samples, serve, tools
from warta.model import Block, Language

ROLES = list(pages.ROLES)
FILE_ROLES = [r for r in ROLES if r != "404"]  # 404.html is served at any depth, so it links from the subpath root
SAMPLE_SIZE = 10  # other pages (themes, archive, each outlet...) loaded once each
WIDTHS = {"360": (360, 740), "390": (390, 844), "1440": (1440, 900)}


@pytest.fixture(scope="module")
def desktop(browser: Browser) -> Iterator[BrowserContext]:
    with chromium.new_context(browser, 1280, 800) as context:
        yield context


@pytest.fixture(scope="module")
def desktop_for_axe(browser: Browser) -> Iterator[BrowserContext]:
    with chromium.new_context(browser, 1280, 800, bypass_csp=True) as context:
        yield context


def _fail_listing(where: str, problems: list[str]) -> str:
    return f"{where}:\n  " + "\n  ".join(dict.fromkeys(problems))


def _path_of(url: str) -> Path:
    return Path(urllib.request.url2pathname(urllib.parse.urlsplit(url).path))


@pytest.mark.parametrize("role", ROLES)
def test_page_loads_cleanly_over_http(role: str, seed_site: Path, served_site: str,
                                      desktop: BrowserContext) -> None:
    rel = pages.find_role(seed_site, role)
    url = served_site + pages.link_path(rel)
    page, problems = chromium.load(desktop, url)
    page.close()
    assert not problems, _fail_listing(f"{rel} at {url}", problems)


def test_other_pages_load_cleanly_over_http(seed_site: Path, served_site: str,
                                           desktop: BrowserContext) -> None:
    roles = {pages.find_role(seed_site, role) for role in ROLES}
    problems = []
    for rel in pages.sample(seed_site, SAMPLE_SIZE, skip=roles):
        page, seen = chromium.load(desktop, served_site + pages.link_path(rel), idle=False)
        page.close()
        problems += [f"{rel}: {p}" for p in dict.fromkeys(seen)]
    assert not problems, _fail_listing("sampled pages", problems)


def test_feeds_load_cleanly_over_http(seed_site: Path, served_site: str,
                                      desktop: BrowserContext) -> None:
    top = [f for f in feeds.find_feeds(seed_site) if f.parent == seed_site]
    assert top, f"no feed at the top of {seed_site}"
    problems = []
    for feed in top:
        page, seen = chromium.load(desktop, served_site + feed.name)
        page.close()
        problems += [f"{feed.name}: {p}" for p in dict.fromkeys(seen)]
    assert not problems, _fail_listing("feeds in the browser", problems)


def test_missing_url_gets_a_working_404_page(seed_site: Path, served_site: str,
                                             desktop: BrowserContext) -> None:
    # GitHub Pages answers any missing URL with 404.html, at that URL's depth: its links and styles must still work.
    pages.find_role(seed_site, "404")
    url = served_site + "no/such/page/"
    page, problems = chromium.load(desktop, url, expected_status={url: 404})
    styled = page.evaluate("() => document.styleSheets.length")
    home = page.evaluate("(root) => [...document.querySelectorAll('a[href]')].some(a => a.href === root"
                         " || a.href === root + 'index.html')", served_site)
    page.close()
    if styled == 0:
        problems.append("no stylesheet loaded")
    if not home:
        problems.append(f"no link to the home page ({served_site})")
    assert not problems, _fail_listing(f"404.html served at {url}", problems)


@pytest.mark.parametrize("role", FILE_ROLES)
def test_page_loads_cleanly_from_disk(role: str, seed_site: Path, desktop: BrowserContext) -> None:
    rel = pages.find_role(seed_site, role)
    page, problems = chromium.load(desktop, chromium.file_url(seed_site / rel))
    page.close()
    assert not problems, _fail_listing(f"{rel} opened from disk", problems)


def _click_to(page: Page, target: Path, why: str) -> str:
    """Click the first link of ``page`` that leads to ``target``; the problem, or '' when it landed there."""
    want = chromium.file_url(target)
    links = page.locator("a[href]")
    hrefs: list[str] = links.evaluate_all("as => as.map(a => a.href)")
    if want not in [h.split("#")[0] for h in hrefs]:
        return f"{_path_of(page.url).name} in {_path_of(page.url).parent.name}/ has no link to {why} ({want})"
    index = [h.split("#")[0] for h in hrefs].index(want)
    with page.expect_navigation():
        links.nth(index).click()
    landed = _path_of(page.url)
    if not landed.is_file():
        return f"the link to {why} landed on {page.url}, which is not a file (a folder listing?)"
    if landed.resolve() != target.resolve():
        return f"the link to {why} landed on {page.url}, not {want}"
    if page.locator("h1").count() == 0:
        return f"{why} ({page.url}) has no <h1>"
    return ""


def test_navigation_works_from_disk(seed_site: Path, desktop: BrowserContext) -> None:
    home = seed_site / "index.html"
    article = seed_site / pages.find_role(seed_site, "article")
    page = desktop.new_page()
    watch = chromium.Watch(page)
    page.goto(chromium.file_url(home))
    problems = [_click_to(page, article, "an article")]
    title = page.locator("h1").first.inner_text().strip() if not problems[-1] else ""
    # back home through the header, as a reader would
    header_home = page.locator("header a[href]").evaluate_all("as => as.map(a => a.href.split('#')[0])")
    if chromium.file_url(home) not in header_home:
        problems.append(f"the article page's <header> has no link to the home page: {header_home}")
    else:
        with page.expect_navigation():
            page.locator("header a[href]").nth(header_home.index(chromium.file_url(home))).click()
        if _path_of(page.url).resolve() != home.resolve():
            problems.append(f"the header's home link landed on {page.url}")
    # folder-style pages (outlets/, about/) must be reached as files, not as folder listings
    for role in ("outlets", "about"):
        page.goto(chromium.file_url(home))
        problems.append(_click_to(page, seed_site / pages.find_role(seed_site, role), f"the {role} page"))
    page.close()
    problems = [p for p in problems + watch.problems if p]
    assert not problems, _fail_listing(f"navigation from disk (article {title!r})", problems)


def test_watch_reports_broken_loads_but_not_loads_cut_short_by_leaving(tmp_path: Path,
                                                                       desktop: BrowserContext) -> None:
    """The watcher behind the navigation test: a missing image is a problem, and so is a load cancelled while the
    reader stays; a load cancelled because the reader followed a link (Chromium aborts the page's icon or a late
    image then) is not."""
    (tmp_path / "a.html").write_text('<!doctype html><title>a</title><img src="held.svg" alt=""><a href="b.html">b</a>')
    (tmp_path / "b.html").write_text('<!doctype html><title>b</title><img src="missing.svg" alt="">')
    (tmp_path / "held.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    held: list[object] = []

    page = desktop.new_page()
    watch = chromium.Watch(page)
    page.route("**/held.svg", lambda route: held.append(route))  # never answered: loading when the link is followed
    page.goto(chromium.file_url(tmp_path / "a.html"), wait_until="domcontentloaded")
    with page.expect_navigation():
        page.click("a")
    page.wait_for_load_state("load")
    page.close()
    assert held, "the image was never requested, so nothing was cut short"
    assert [p for p in watch.problems if "held.svg" in p] == []
    assert [p for p in watch.problems if "missing.svg" in p and "ERR_FILE_NOT_FOUND" in p], watch.problems

    page = desktop.new_page()
    watch = chromium.Watch(page)
    page.route("**/held.svg", lambda route: route.abort("aborted"))  # cancelled with the reader still there
    page.goto(chromium.file_url(tmp_path / "a.html"), wait_until="load")
    page.close()
    assert [p for p in watch.problems if "held.svg" in p and "ERR_ABORTED" in p], watch.problems


@pytest.mark.parametrize("role", ROLES)
def test_no_serious_accessibility_violation(role: str, seed_site: Path, served_site: str,
                                            desktop_for_axe: BrowserContext) -> None:
    rel = pages.find_role(seed_site, role)
    page, _ = chromium.load(desktop_for_axe, served_site + pages.link_path(rel), idle=False)
    violations = chromium.axe(page)
    page.close()
    bad = chromium.serious(violations)
    assert not bad, _fail_listing(f"axe on {rel}", [chromium.describe(v) for v in bad])


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("role", ROLES)
def test_nothing_overflows_horizontally(role: str, width: str, seed_site: Path, served_site: str,
                                        browser: Browser) -> None:
    rel = pages.find_role(seed_site, role)
    with chromium.new_context(browser, *WIDTHS[width]) as context:
        page, _ = chromium.load(context, served_site + pages.link_path(rel), idle=False)
        problem = chromium.overflow(page)
    assert problem is None, f"{rel} at {width}px: {problem}"


def test_a_right_to_left_card_starts_its_lines_at_the_right_edge_as_its_title_does(
        tmp_path: Path, desktop: BrowserContext) -> None:
    """In a list, an Arabic article's excerpt is narrower than the card (a measure) and reads from the right:
    it must sit against the card's right edge, under the title's first word, not at the left; a Latin
    card's against the left edge, as before."""
    text = ("وصل الرئيس الروسي فلاديمير بوتين إلى العاصمة الفيتنامية هانوي في زيارة دولة بعد زيارته إلى"
            " كوريا الشمالية، وهي الزيارة الخامسة له إلى فيتنام منذ توليه السلطة قبل أكثر من عقدين.")
    arabic = factory.article(1, language=Language("ar", 0.9), title="بوتين يصل إلى هانوي",
                             blocks=(Block("paragraph", text, 3),))
    factory.build([arabic, factory.article(2, language=Language("en", 0.9))], factory.config(tmp_path, language="en"))
    page = desktop.new_page()
    page.goto(chromium.file_url(tmp_path / "_site" / "index.html"))
    edges = page.eval_on_selector_all(".card", """cards => cards.map(card => {
        const box = (e) => e.getBoundingClientRect();
        const excerpt = card.querySelector('.excerpt');
        return {dir: getComputedStyle(excerpt).direction, card: [box(card).left, box(card).right],
                excerpt: [box(excerpt).left, box(excerpt).right]}; })""")
    page.close()
    assert sorted(e["dir"] for e in edges) == ["ltr", "rtl"]
    for e in edges:
        side = 1 if e["dir"] == "rtl" else 0
        assert abs(e["excerpt"][side] - e["card"][side]) < 1, e
        assert e["excerpt"][1] - e["excerpt"][0] < e["card"][1] - e["card"][0] - 10, e  # narrower: the test can tell


def test_the_masthead_keeps_one_row_on_every_section_page_at_desktop_width(
        tmp_path: Path, desktop: BrowserContext) -> None:
    """At 1280px the brand, the menu and the search box fit on one row, whichever menu item is the current one
    (drawn bold, so a little wider): the search box gives up a little width rather than dropping to a second
    row on some pages and not on others."""
    articles = [factory.article(n, language=Language("en", 0.9)) for n in range(1, 4)]
    factory.build(articles, factory.config(tmp_path, language="en", title="Sweep test"))
    site = tmp_path / "_site"
    rows = {}
    for rel in ("index.html", "timeline/index.html", "stories/index.html", "themes/index.html",
                "outlets/index.html", "archive/index.html", "about/index.html"):
        page = desktop.new_page()
        page.goto(chromium.file_url(site / rel))
        rows[rel] = page.evaluate("""() => ['.brand', '.nav', '.site-search'].map((s) => {
            const box = document.querySelector(s).getBoundingClientRect();
            return Math.round((box.top + box.bottom) / 2); })""")  # vertical middles
        page.close()
    assert all(max(middles) - min(middles) < 5 for middles in rows.values()), rows


# The checks above must be able to fail: run them on a hand-made page with known defects.

def test_browser_checks_report_a_broken_page(tmp_path: Path, browser: Browser) -> None:
    site = samples.bad_site(tmp_path / "site")
    with serve.serve(site, "/repo/") as root, chromium.new_context(browser, 390, 844, bypass_csp=True) as context:
        page, problems = chromium.load(context, root + "posts/bad/")
        too_wide = chromium.overflow(page)
        bad = chromium.serious(chromium.axe(page))
    text = "\n".join(problems)
    assert any("uncaught exception" in p and "undefinedFunctionCall" in p for p in problems), text
    assert any(p.startswith("HTTP 404") and p.endswith("/repo/missing.png") for p in problems), text
    assert too_wide is not None and "in a 390px window" in too_wide and "div" in too_wide, too_wide
    assert "image-alt" in {v["id"] for v in bad}, [chromium.describe(v) for v in bad]


def test_browser_checks_pass_a_good_page(tmp_path: Path, browser: Browser) -> None:
    site = samples.good_site(tmp_path / "site")
    with serve.serve(site, "/repo/") as root, chromium.new_context(browser, 360, 740, bypass_csp=True) as context:
        page, problems = chromium.load(context, root + "posts/one/")
        assert (problems, chromium.overflow(page)) == ([], None)
        assert chromium.serious(chromium.axe(page)) == []
        page, problems = chromium.load(context, chromium.file_url(site / "posts/one/index.html"))
        assert problems == []
        page, problems = chromium.load(context, root + "gone/", expected_status={root + "gone/": 404})
        assert problems == [] and page.locator("h1").inner_text() == "Not found"


def test_missing_browser_tools_fail_clearly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(tools, "CHROMIUM", tmp_path / "chromium")
    monkeypatch.setattr(tools, "AXE_JS", tmp_path / "axe.min.js")
    with pytest.raises(tools.ToolMissing, match=r"Chromium not found at .*bash \.ci/setup --test"):
        tools.chromium()
    with pytest.raises(tools.ToolMissing, match=r"axe\.min\.js not found at .*bash \.ci/setup --test"):
        tools.axe_js()
