"""Search as a reader meets it: the seed site served under /repo/, searched in headless Chromium.

What to search for is worked out from the built site's own data (data/articles.json and the alias
groups), never written in here, so the tests keep their meaning when the seeds change.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from sitecheck import browser as chromium
from sitecheck.fixtures import served_site  # noqa: F401 - a fixture
from warta import search, topics
from warta.config import ThemesConfig
from warta.model import OutputFile

WORD = re.compile(r"[^\W\d_]+")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium.chromium() as b:
        yield b


@pytest.fixture(scope="module")
def articles(seed_site: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((seed_site / "data" / "articles.json").read_text("utf-8"))["articles"]
    return data


def words_of(article: dict[str, Any]) -> set[str]:
    text = " ".join([article["title"], *(b["text"] for b in article["blocks"])])
    return {w.casefold() for w in WORD.findall(text)}


def results(page: Page) -> list[dict[str, str]]:
    """The result list once the search has answered: each result's link, title and meta line."""
    page.wait_for_function("() => /\\d/.test(document.getElementById('search-status').textContent)"
                           " || document.querySelector('.search-result')", timeout=15_000)
    page.wait_for_timeout(300)  # the cards of a batch are added together; let a debounced rerun settle
    found: list[dict[str, str]] = page.eval_on_selector_all(".search-result", """els => els.map(e => ({
        href: e.querySelector('a').getAttribute('href'), title: e.querySelector('a').textContent,
        meta: (e.querySelector('.meta') || {textContent: ''}).textContent}))""")
    return found


def open_search(browser: Browser, url: str) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = chromium.Watch(page)
    page.goto(url, wait_until="load", timeout=30_000)
    return page, watch.problems


def test_a_word_of_one_article_finds_that_article(browser: Browser, served_site: str,  # noqa: F811
                                                  articles: list[dict[str, Any]]) -> None:
    vocab = [words_of(a) for a in articles]
    prefixes = Counter(w[:6] for words in vocab for w in words)
    # A long word only one article uses, whose first six letters no other word shares (stems, prefixes).
    candidates = sorted((w, i) for i, words in enumerate(vocab) for w in words
                        if len(w) >= 9 and prefixes[w[:6]] == 1)
    assert candidates, "no word belongs to exactly one article"
    word, owner = candidates[len(candidates) // 2]
    page, problems = open_search(browser, f"{served_site}search/index.html?q={word}")
    found = results(page)
    assert found and found[0]["href"].endswith(f"/{articles[owner]['url']}index.html"), (word, found)
    assert found[0]["title"] == articles[owner]["title"]
    assert problems == []


def test_a_filter_narrows_the_results_and_links_stay_under_the_subpath(
        browser: Browser, served_site: str, articles: list[dict[str, Any]]) -> None:  # noqa: F811
    outlets = Counter(a["outlet"] for a in articles if a["outlet"])
    assert len(outlets) >= 2, "the seeds need two outlets to filter by"
    common = Counter(w for a in articles for w in words_of(a) if len(w) >= 5)
    word = min((w for w, n in common.items() if n == len(articles)), key=lambda w: (len(w), w))
    page, problems = open_search(browser, f"{served_site}search/index.html?q={word}")
    everything = results(page)
    assert len(everything) == len(articles)
    assert all(r["href"].startswith("/repo/articles/") for r in everything), everything
    outlet = sorted(outlets)[0]
    page.select_option("#search-filter-outlet", outlet)
    page.wait_for_function("n => document.querySelectorAll('.search-result').length < n", arg=len(everything))
    narrowed = results(page)
    assert 0 < len(narrowed) == outlets[outlet] < len(everything)
    assert all(outlet in r["meta"] for r in narrowed), narrowed
    assert f"outlet={outlet}".replace(" ", "+") in page.url
    page.click(".search-result a")
    page.wait_for_load_state("load")
    assert page.url.startswith(served_site + "articles/") and page.title().startswith(narrowed[0]["title"][:20])
    assert problems == []


def test_sorting_by_date_puts_the_newest_first(browser: Browser, served_site: str,  # noqa: F811
                                               articles: list[dict[str, Any]]) -> None:
    common = Counter(w for a in articles for w in words_of(a) if len(w) >= 5)
    word = min((w for w, n in common.items() if n == len(articles)), key=lambda w: (len(w), w))
    page, problems = open_search(browser, f"{served_site}search/index.html?q={word}&sort=date")
    found = results(page)
    by_url = {f"/repo/{a['url']}index.html": a for a in articles}
    dates = [(by_url[r["href"]]["published"] or {}).get("date", "0000") for r in found]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 1
    assert problems == []


def test_another_name_of_an_alias_group_finds_the_articles(browser: Browser, served_site: str,  # noqa: F811
                                                           articles: list[dict[str, Any]]) -> None:
    groups = topics.load_lexicon(ThemesConfig(), Path(".")).aliases.values()
    vocab = [words_of(a) for a in articles]
    tried = 0
    for group in groups:
        def mentions(words: set[str], name: str) -> bool:
            return all(part.casefold() in words for part in WORD.findall(name))
        users = [i for i, words in enumerate(vocab) if any(mentions(words, n) for n in group.names)]
        absent = [n for n in group.names if len(WORD.findall(n)) == 1 and len(n) > 3
                  and not any(w.startswith(n.casefold()[:5]) for words in vocab for w in words)]
        if not users or not absent:
            continue
        page, problems = open_search(browser, f"{served_site}search/index.html?q={absent[0]}")
        found = {r["href"] for r in results(page)}
        expected = {f"/repo/{articles[i]['url']}index.html" for i in users}
        assert found and found <= expected, (group.id, absent[0], found)
        assert problems == []
        tried += 1
        if tried == 2:
            break
    assert tried, "no alias group is both used and unused by the seeds"


def test_opened_from_disk_the_page_says_to_use_warta_serve(browser: Browser, seed_site: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    watch = chromium.Watch(page)
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.goto((seed_site / "search" / "index.html").as_uri() + "?q=korea", wait_until="load")
    page.wait_for_timeout(500)
    offline = page.locator("#search-offline")
    assert offline.is_visible() and "warta serve" in offline.inner_text()
    assert page.locator("#search-q").is_disabled()
    assert watch.problems == [] and messages == []
    # The header box on any page is a plain form to the search page: it works from disk too.
    page.goto((seed_site / "index.html").as_uri(), wait_until="load")
    page.fill("#site-search-q", "korea")
    page.press("#site-search-q", "Enter")
    page.wait_for_url(re.compile(r"search/index\.html\?q=korea$"))
    assert page.locator("#search-offline").is_visible()
    assert watch.problems == [] and messages == []


def test_only_article_pages_are_indexed_and_the_csp_stays_strict(seed_site: Path,
                                                                  articles: list[dict[str, Any]]) -> None:
    entry = json.loads((seed_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(articles)
    html = (seed_site / "search" / "index.html").read_text("utf-8")
    assert "script-src 'self';" in html and "unsafe" not in html
    assert '<script defer src="../static/search.js"></script>' in html  # a module would not run from disk
    assert not (seed_site / "pagefind" / "pagefind-ui.js").exists()
    home = (seed_site / "index.html").read_text("utf-8")
    assert '<form class="site-search" role="search" action="search/index.html" method="get">' in home


def test_alias_names_are_those_of_the_groups_mentioned_less_those_used() -> None:
    groups = [topics.AliasGroup("nk", {"id": "Korea Utara"}, ("Korea Utara", "Korut", "DPRK")),
              topics.AliasGroup("us", {"id": "AS"}, ("Amerika Serikat", "AS"))]
    assert search.alias_names("Rusia-Korea Utara meneken pakta", groups) == ("Korut", "DPRK")
    assert search.alias_names("as far as I know", groups) == ()  # an acronym matches only in capitals
    assert search.alias_names("Sanksi AS untuk Korut", groups) == ("Korea Utara", "DPRK", "Amerika Serikat")


def test_the_same_pages_give_the_same_word_index_and_fragments() -> None:
    import dataclasses

    from site_factory import article

    pages = [OutputFile(f"articles/artikel-{n:03d}/index.html",
                        f'<!doctype html><html lang="id"><head><title>t</title></head><body><main data-pagefind-body>'
                        f'<h1>Banjir {n}</h1><p>Hujan deras di kota {n}, Korea Utara.</p>'
                        f'<span data-pagefind-filter="outlet">Kabar {n}</span></main></body></html>'
                        .encode()) for n in (1, 2, 3)]
    arts = [dataclasses.replace(article(n), slug=f"artikel-{n:03d}") for n in (1, 2, 3)]
    groups = [topics.AliasGroup("nk", {"id": "Korea Utara"}, ("Korea Utara", "Korut"))]
    first, second = search.index(pages, arts, groups), search.index(pages, arts, groups)
    # Pagefind writes its filter files in a random order (see warta.search): the rest must be stable.
    stable = re.compile(r"pagefind/(index|fragment)/|pagefind/(pagefind|pagefind-worker)\.js$|pagefind/wasm\.")
    assert [(f.path, f.data) for f in first if stable.match(f.path)] == \
        [(f.path, f.data) for f in second if stable.match(f.path)]
    paths = {f.path for f in first}
    assert {"pagefind/pagefind.js", "pagefind/pagefind-entry.json"} <= paths
    assert any(p.startswith("pagefind/filter/") for p in paths) and any(p.startswith("pagefind/index/") for p in paths)
    entry = json.loads(next(f.data for f in first if f.path == "pagefind/pagefind-entry.json"))
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == 3
