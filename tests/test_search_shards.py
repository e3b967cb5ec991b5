"""A search index in shards: stable shards, one Pagefind per changed shard, and search across shards in
headless Chromium, the site served under /repo/.

The shards are made small (search.SHARD_PAGES patched) so that a dozen articles need several.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import hashlib
import json
import re
import shutil
import threading
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import cbor2
import pytest
from playwright.sync_api import Browser, Page

from site_factory import article, build, config
from sitecheck import browser as chromium
from sitecheck import serve
from warta import i18n, model, pagefind_bundle, search, urls
from warta.errors import OutputError
from warta.model import Article, OutputFile, PublishedDate

# One word of its own per article: none is a prefix of another, and Pagefind's stemmer leaves them whole.
OWN = ("kelapa", "jambu", "durian", "mangga", "rambutan", "salak", "nangka", "pepaya", "semangka", "markisa",
       "belimbing", "sawo")


def made_articles() -> list[Article]:
    """A dozen articles, every one with a word of its own; two outlets; one month-precision date, one undated."""
    out = []
    for n, word in enumerate(OWN):
        a = article(n, title=f"Harga {word} naik saat banjir di kota {n}")
        if n == 4:
            a = dataclasses.replace(a, published=PublishedDate(dt.date(2024, 6, 1), "month", "text"))
        if n == 9:
            a = dataclasses.replace(a, published=None)
        out.append(a)
    return out


@pytest.fixture(scope="module")
def small_shards() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", 2)
        yield


@pytest.fixture(scope="module")
def sharded(small_shards: None, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Article]]:
    tmp = tmp_path_factory.mktemp("sharded")
    arts = made_articles()
    build(arts, config(tmp, cache_dir=str(tmp / "cache")))
    return tmp / "_site", arts


@pytest.fixture(scope="module")
def sharded_url(sharded: tuple[Path, list[Article]]) -> Iterator[str]:
    with serve.serve(sharded[0], "/repo/") as url:
        yield url


def where(arts: Sequence[Article]) -> dict[str, str]:
    """Each article's page (as a link under /repo/) -> the folder of its shard's bundle."""
    return {f"/repo/{path}": shard.folder for shard in search.shards(arts) for path in shard.paths}


def open_search(browser: Browser, url: str) -> tuple[Page, list[str]]:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    watch = chromium.Watch(page)
    page.on("console", lambda m: watch.problems.append(f"console {m.type}: {m.text}") if m.type == "warning" else None)
    page.goto(url, wait_until="load", timeout=30_000)
    return page, watch.problems


def results(page: Page) -> list[dict[str, str]]:
    page.wait_for_function("() => /\\d/.test(document.getElementById('search-status').textContent)"
                           " || document.querySelector('.search-result')", timeout=15_000)
    page.wait_for_timeout(300)
    found: list[dict[str, str]] = page.eval_on_selector_all(".search-result", """els => els.map(e => ({
        href: e.querySelector('a').getAttribute('href'), title: e.querySelector('a').textContent}))""")
    return found


def test_shards_are_stable_as_articles_are_added(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", 1000)
    assert [search.shard_count(n) for n in (0, 1000, 1001, 2000, 2001, 10_000)] == [1, 1, 2, 2, 4, 16]
    paths = [f"articles/a{n}/index.html" for n in range(200)]
    for count in (2, 4, 8):
        assert all(search.shard_of(p, 2 * count) % count == search.shard_of(p, count) for p in paths)
    assert len({search.shard_of(p, 8) for p in paths}) == 8


def test_the_sharded_site_has_several_bundles_and_lists_them_on_the_search_page(
        sharded: tuple[Path, list[Article]]) -> None:
    site, arts = sharded
    layout = search.shards(arts)
    assert len(layout) >= 3 and layout[0].folder == "pagefind"
    assert sorted(p for s in layout for p in s.paths) == sorted(urls.article_path(a) for a in arts)
    html = (site / "search" / "index.html").read_text("utf-8")
    listed = json.loads(re.search(r'data-shards="([^"]*)"', html).group(1).replace("&#34;", '"'))  # type: ignore[union-attr]
    assert listed == [f"{s.folder}/" for s in layout[1:]]
    for shard in layout:
        entry = json.loads((site / shard.folder / "pagefind-entry.json").read_text("utf-8"))
        assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(shard.paths)
        dates = json.loads((site / shard.folder / search.DATES).read_text("utf-8"))
        assert len(dates) == len([p for p in shard.paths if p != urls.article_path(arts[9])])  # undated left out
    assert not (site / "pagefind-shards" / "0").exists()


def test_a_word_finds_its_article_whatever_its_shard(browser: Browser, sharded: tuple[Path, list[Article]],
                                                     sharded_url: str) -> None:
    _, arts = sharded
    shard_of = where(arts)
    tried: set[str] = set()
    for n, word in enumerate(OWN):
        href = f"/repo/{urls.article_path(arts[n])}"
        if shard_of[href] in tried:
            continue
        tried.add(shard_of[href])
        page, problems = open_search(browser, f"{sharded_url}search/index.html?q={word}")
        found = results(page)
        assert [r["href"] for r in found] == [href], (word, shard_of[href], found)
        assert found[0]["title"] == arts[n].title
        page.click(".search-result a")
        page.wait_for_load_state("load")
        assert page.url == sharded_url.removesuffix("/repo/") + href
        assert problems == []
        if len(tried) == 3:
            break
    assert "pagefind" in tried and len(tried) == 3


def test_a_filter_narrows_results_from_every_shard_and_counts_are_summed(
        browser: Browser, sharded: tuple[Path, list[Article]], sharded_url: str) -> None:
    _, arts = sharded
    outlets = Counter(a.outlet for a in arts)
    page, problems = open_search(browser, f"{sharded_url}search/index.html?q=banjir")
    results(page)
    assert re.search(rf"\b{len(arts)}\b", page.inner_text("#search-status"))
    labels = page.eval_on_selector_all("#search-filter-outlet option", "els => els.map(e => e.textContent)")
    assert sorted(labels[1:]) == sorted(f"{outlet} ({n})" for outlet, n in outlets.items())
    outlet = "Warta B"
    page.select_option("#search-filter-outlet", outlet)
    expected = {f"/repo/{urls.article_path(a)}" for a in arts if a.outlet == outlet}
    page.wait_for_function("n => document.querySelectorAll('.search-result').length === n", arg=len(expected))
    narrowed = results(page)
    assert {r["href"] for r in narrowed} == expected
    assert len({where(arts)[href] for href in expected}) > 1  # the narrowed results come from several shards
    assert "outlet=Warta+B" in page.url
    assert problems == []


def test_sorting_by_date_puts_the_newest_first_across_shards(browser: Browser, sharded: tuple[Path, list[Article]],
                                                             sharded_url: str) -> None:
    _, arts = sharded
    page, problems = open_search(browser, f"{sharded_url}search/index.html?q=banjir&sort=date")
    results(page)
    page.click("#search-more")
    page.wait_for_function("() => document.querySelectorAll('.search-result').length === 12")
    found = results(page)
    by_href = {f"/repo/{urls.article_path(a)}": a for a in arts}
    isos = [a.published.iso() if a.published else "" for a in (by_href[r["href"]] for r in found)]
    assert isos == sorted(isos, reverse=True) and isos[-1] == "" and len(set(isos)) == len(arts)
    page.select_option("#search-sort", "")
    page.wait_for_function("() => document.querySelectorAll('.search-result').length === 10")
    assert "sort=date" not in page.url
    assert problems == []


# Without a browser: what is built and what is reused.

def pages_of(arts: Sequence[Article], tmp: Path) -> list[OutputFile]:
    """The searchable part of each article's rendered page, as the build gives them to search.index."""
    built, _ = build(arts, config(tmp, cache_dir=""))
    wanted = {urls.article_path(a) for a in arts}
    return [OutputFile(f.path, search.searchable(f.data)) for f in built.files if f.path in wanted]


class PeakCount:
    """A lock that counts how often it is taken."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entered = 0

    def __enter__(self) -> None:
        self.lock.acquire()
        self.entered += 1

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


class Counting:
    """pagefind_bundle.make, counting the conversations with Pagefind."""

    def __init__(self) -> None:
        self.calls = 0
        self.real = pagefind_bundle.make

    def __call__(self, pages: Any, peak: Any = None) -> dict[str, bytes]:
        self.calls += 1
        return self.real(pages, peak)


@pytest.fixture()
def counting(monkeypatch: pytest.MonkeyPatch) -> Counting:
    counter = Counting()
    monkeypatch.setattr(pagefind_bundle, "make", counter)
    return counter


def test_a_rebuild_runs_pagefind_only_for_the_shard_that_changed(small_shards: None, tmp_path: Path,
                                                                 counting: Counting) -> None:
    arts = made_articles()
    files = pages_of(arts, tmp_path / "a")
    cache = tmp_path / "cache"
    counting.calls = 0
    cold = search.index(files, arts, [], cache)
    assert counting.calls == len(search.shards(arts)) >= 3
    counting.calls = 0
    assert search.index(files, arts, [], cache) == cold and counting.calls == 0
    edited = [dataclasses.replace(a, title=a.title + " lagi") if n == 5 else a for n, a in enumerate(arts)]
    changed = pages_of(edited, tmp_path / "b")
    counting.calls = 0
    warm = search.index(changed, edited, [], cache)
    assert counting.calls == 1
    counting.calls = 0
    assert warm == search.index(changed, edited, [], None) != cold  # the same bundles as a cold build
    assert counting.calls == len(search.shards(arts))


def test_a_kept_page_is_read_from_the_site_only_when_its_shard_is_made_again(small_shards: None, tmp_path: Path,
                                                                            counting: Counting) -> None:
    arts = made_articles()
    edited = [dataclasses.replace(a, title=a.title + " lagi") if n == 5 else a for n, a in enumerate(arts)]
    paths = [urls.article_path(a) for a in arts]
    full = {}
    for name, these in (("a", arts), ("b", edited)):
        built, _ = build(these, config(tmp_path / name, cache_dir=""))
        full[name] = {f.path: f.data for f in built.files if f.path in paths}
    digest = {path: hashlib.blake2b(path.encode(), digest_size=16).digest() for path in paths}  # pagedigests

    def site(pages: dict[str, bytes], where: Path) -> Path:
        for path, data in pages.items():
            (where / path).parent.mkdir(parents=True, exist_ok=True)
            (where / path).write_bytes(data)
        return where

    cache = tmp_path / "cache"
    rendered = [OutputFile(path, search.searchable(data), digest=digest[path]) for path, data in full["a"].items()]
    cold = search.index(rendered, arts, [], cache)
    assert cold == search.index(pages_of(arts, tmp_path / "c"), arts, [], None)  # the digests change no byte
    counting.calls = 0
    kept = [OutputFile(path, b"", kept=True, digest=digest[path]) for path in paths]
    assert search.index(kept, arts, [], cache, published=tmp_path / "empty") == cold  # not one page read
    assert counting.calls == 0
    # Article 5 edited: its page rendered again (a new digest), the others kept; only its shard is made again,
    # and of the kept pages only those of its shard are read.
    (shard,) = [s for s in search.shards(arts) if paths[5] in s.paths]
    published = site({path: full["a"][path] for path in shard.paths}, tmp_path / "published")
    edit = [OutputFile(path, search.searchable(full["b"][path]), digest=b"new page digest!") if path == paths[5]
            else file for path, file in zip(paths, kept, strict=True)]
    warm = search.index(edit, edited, [], cache, published=published)
    assert counting.calls == 1 and warm == search.index(pages_of(edited, tmp_path / "d"), edited, [], None) != cold
    # A record that does not check out is not trusted: every kept page is read and hashed again.
    record = cache / "pages"
    record.write_bytes(record.read_bytes()[:-20])
    counting.calls = 0
    with pytest.raises(OutputError, match="the published page to index is gone"):
        search.index(edit, edited, [], cache, published=published)
    assert counting.calls == 0
    record.write_bytes(record.read_bytes()[:-20])
    everything = site(full["a"], tmp_path / "everything")
    assert search.index(edit, edited, [], cache, published=everything) == warm and counting.calls == 0


def test_shards_made_two_at_once_are_the_same_bundles_and_pagefinds_overlap(small_shards: None, tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    arts = made_articles()
    files = pages_of(arts, tmp_path / "a")
    one_by_one = search.index(files, arts, [], None)
    running, most = [0], [0]
    lock = threading.Lock()
    real = pagefind_bundle.make

    def watched(pages: Any, peak: Any = None) -> dict[str, bytes]:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            time.sleep(0.2)  # long enough for the other thread to start its own
            return real(pages, peak)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(pagefind_bundle, "make", watched)
    assert search.index(files, arts, [], None, at_once=2) == one_by_one
    assert most[0] == 2
    # and with a lock for their peaks (pagefind_bundle.make): two at work at once, but one peak at a time
    running[0] = most[0] = 0
    peaks = PeakCount()
    assert list(search.stream(files, search.entries(arts), [], None, at_once=2, peak=peaks)) == one_by_one
    assert most[0] == 2 and peaks.entered == len(search.shards(arts))
    most[0] = 0
    stop = threading.Event()
    stop.set()
    with pytest.raises(OutputError, match="the build was stopped"):
        search.index(files, arts, [], None, stop=stop, at_once=2)
    assert most[0] == 0  # stopped: no Pagefind was started


def test_a_shard_is_begun_as_soon_as_its_pages_have_come(small_shards: None, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """search.stream takes the pages as they are rendered: a shard whose pages are all there goes to a
    Pagefind before the pages of the others come, and the bundles are those of all the pages at once."""
    arts = made_articles()
    files = {f.path: f for f in pages_of(arts, tmp_path / "a")}
    layout = search.shards(arts)
    at_once = search.index(list(files.values()), arts, [], None)
    began: list[tuple[str, ...]] = []  # each conversation's pages, as it begins
    seen = threading.Condition()
    real = pagefind_bundle.make

    def make(pages: Any, peak: Any = None) -> dict[str, bytes]:
        sent = list(pages)
        with seen:
            began.append(tuple(url.removeprefix("/") for url, _ in sent))
            seen.notify_all()
        return real(sent, peak)

    def rendered() -> Iterator[OutputFile]:
        for k, shard in enumerate(layout):  # in the build's order (search.shard_order)
            yield from (files[path] for path in shard.paths)
            with seen:  # no page of the next shard comes before this one is begun
                assert seen.wait_for(lambda k=k: len(began) == k + 1, timeout=20), f"shard {k} not begun"
            assert began[k] == shard.paths

    monkeypatch.setattr(pagefind_bundle, "make", make)
    gate = search.Gate(1)
    streamed = list(search.stream(rendered(), search.entries(arts), [], None, at_once=2, gate=gate))
    assert streamed == at_once and len(began) == len(layout) >= 3


def test_the_build_renders_the_article_pages_first_shard_by_shard(small_shards: None) -> None:
    arts = made_articles()
    layout = search.shards(arts)
    others = [Page_(f"p{n}/index.html") for n in range(5)]
    pages = [others[0], *(Page_(urls.article_path(a)) for a in reversed(arts)), *others[1:]]
    ordered = search.shard_order(pages, arts)
    assert [p.path for p in ordered] == [path for shard in layout for path in shard.paths] + [
        p.path for p in others]
    assert search.shard_order(others, arts) == others


def Page_(path: str) -> model.Page:  # noqa: N802 - a Page of the site, not Playwright's
    return model.Page(path, "page.html", {})


def test_the_gate_lets_as_many_through_as_it_is_wide_and_can_be_widened() -> None:
    gate = search.Gate(1)
    inside, most = [0], [0]
    lock = threading.Lock()
    release = threading.Event()

    def work() -> None:
        with gate:
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            release.wait(20)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    assert most[0] == 1
    gate.widen(3)
    deadline = time.monotonic() + 20
    while most[0] < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert most[0] == 3
    release.set()
    for t in threads:
        t.join(20)
    gate.widen(2)
    assert gate.width == 3  # never narrowed


def test_a_corrupt_entry_is_ignored_and_entries_not_used_are_pruned(small_shards: None, tmp_path: Path,
                                                                    counting: Counting) -> None:
    arts = made_articles()
    files = pages_of(arts, tmp_path / "a")
    cache = tmp_path / "cache"
    cold = search.index(files, arts, [], cache)
    entries = sorted(cache.iterdir())
    assert len(entries) == len(search.shards(arts))
    data = bytearray(entries[0].read_bytes())
    data[-10] ^= 0xFF
    entries[0].write_bytes(bytes(data))
    entries[1].write_bytes(entries[1].read_bytes()[:100])
    (cache / "stale-entry").write_bytes(b"from an older build")
    counting.calls = 0
    assert search.index(files, arts, [], cache) == cold and counting.calls == 2
    assert sorted(cache.iterdir()) == entries  # rebuilt, and the stale one removed
    fewer = arts[:-3]  # most shards change
    search.index([f for f in files if f.path in {urls.article_path(a) for a in fewer}], fewer, [], cache)
    names = {p.name for p in cache.iterdir()}
    assert len(names) == len(search.shards(fewer)) and names != {p.name for p in entries}


def test_one_shard_is_the_bundle_of_one_pagefind_and_nothing_else(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", len(OWN))
    arts = made_articles()
    files = pages_of(arts, tmp_path)
    assert len(search.shards(arts)) == 1
    bundle = search.index(files, arts, [], tmp_path / "cache")
    sent = [("/" + urls.article_path(a), f.data) for a in arts for f in files if f.path == urls.article_path(a)]
    alone = pagefind_bundle.canonical(pagefind_bundle.make(sent))
    assert [(f.path, f.data) for f in bundle] == [(f"pagefind/{path}", alone[path]) for path in sorted(alone)
                                                  if path not in pagefind_bundle.UNUSED]


def test_the_search_page_lists_shards_only_when_there_are_several(small_shards: None) -> None:
    ui = i18n.Messages(i18n.load_catalogue(), "id")
    assert search.page(ui, made_articles()[:2]).context["shards"] == ""
    listed = json.loads(search.page(ui, made_articles()).context["shards"])
    assert listed and all(folder.startswith("pagefind-shards/") for folder in listed)


def test_a_page_id_two_shards_use_is_told_apart_by_its_path() -> None:
    arts = [article(1), article(2, published=None), article(3)]
    paths = [urls.article_path(a) for a in arts]
    layout = [search.Shard("pagefind", (paths[0], paths[2])), search.Shard("pagefind-shards/1", (paths[1],))]
    bundles = [pagefind_bundle.Bundle({}, {"id_aaa": "/" + paths[0], "id_bbb": "/" + paths[2]}),
               pagefind_bundle.Bundle({}, {"id_aaa": "/" + paths[1]})]
    dates = {entry.path: entry.date for entry in search.entries(arts)}
    files = {f.path: json.loads(f.data) for f in search._date_files(layout, [b.fragments for b in bundles], dates)}
    assert files == {"pagefind/warta-dates.json": {"id_aaa": ["2024-06-02", paths[0]], "id_bbb": "2024-06-04"},
                     "pagefind-shards/1/warta-dates.json": {"id_aaa": ["", paths[1]]}}


def fragments(bundle: Path) -> dict[str, str]:
    """A bundle's pages: Pagefind's id (the fragment's name) -> the page path from the site's root."""
    out = {}
    for file in sorted((bundle / "fragment").glob("*.pf_fragment")):
        out[file.name.removesuffix(".pf_fragment")] = json.loads(gzip.decompress(file.read_bytes())[12:])["url"][1:]
    return out


def test_two_pages_with_the_same_id_in_two_shards_are_each_sorted_by_their_own_date(
        browser: Browser, sharded: tuple[Path, list[Article]], tmp_path: Path) -> None:
    site, arts = sharded
    copy = tmp_path / "_site"
    shutil.copytree(site, copy)
    layout = search.shards(arts)
    first, other = copy / layout[0].folder, copy / layout[-1].folder
    kept, kept_path = next(iter(fragments(first).items()))
    renamed, renamed_path = next(iter(fragments(other).items()))
    # Give the other shard's page the first shard's id, as two shards' short hashes may collide.
    (other / "fragment" / f"{renamed}.pf_fragment").rename(other / "fragment" / f"{kept}.pf_fragment")
    entry = json.loads((other / "pagefind-entry.json").read_text("utf-8"))
    for lang in entry["languages"].values():
        meta_file = other / f"pagefind.{lang['hash']}.pf_meta"
        meta = cbor2.loads(gzip.decompress(meta_file.read_bytes())[12:])
        meta[1] = [[kept if page[0] == renamed else page[0], *page[1:]] for page in meta[1]]
        meta_file.write_bytes(pagefind_bundle._encode(cbor2.dumps(meta)))
    iso = {urls.article_path(a): a.published.iso() if a.published else "" for a in arts}
    for folder, path in ((first, kept_path), (other, renamed_path)):
        dates = json.loads((folder / search.DATES).read_text("utf-8"))
        dates.pop(renamed, None)
        dates[kept] = [iso[path], path]
        (folder / search.DATES).write_text(json.dumps(dates), encoding="utf-8")
    with serve.serve(copy, "/repo/") as url:
        page, problems = open_search(browser, f"{url}search/index.html?q=banjir&sort=date")
        results(page)
        page.click("#search-more")
        page.wait_for_function("() => document.querySelectorAll('.search-result').length === 12")
        found = [r["href"].removeprefix("/repo/") for r in results(page)]
    assert {kept_path, renamed_path} <= set(found)
    assert [iso[path] for path in found] == sorted(iso.values(), reverse=True)
    assert problems == []


class _Text(str):
    """A string that can be watched (weakref) to tell when it is let go."""


def test_an_entry_lets_its_articles_text_go_once_its_shard_is_made(small_shards: None, tmp_path: Path) -> None:
    """search.stream holds the text of an article page (the article's own strings, not a joined copy)
    only until the page's shard is made: the build lets the articles go before the last shards."""
    import weakref
    arts = made_articles()
    files = pages_of(arts, tmp_path / "a")
    titles = [_Text(a.title) for a in arts]
    arts = [dataclasses.replace(a, title=t) for a, t in zip(arts, titles, strict=True)]
    entries = search.entries(arts)
    assert [e.text for e in entries] == [" ".join([a.title, *(b.text for b in a.blocks)]) for a in arts]
    assert all(e.parts[0] is a.title for e, a in zip(entries, arts, strict=True))
    watched = [weakref.ref(t) for t in titles]
    del titles, arts
    made = search.stream(iter(files), entries, [], None)
    del entries
    assert all(ref() is not None for ref in watched)  # held by the entries until their shards are made
    first = next(made)  # every shard is made (one Pagefind at a time) before the first bundle's files come
    assert first.path.startswith(f"{search.BUNDLE}/")
    assert all(ref() is None for ref in watched)
    assert list(made)


def test_pages_waiting_for_their_pagefind_are_held_compressed(monkeypatch: pytest.MonkeyPatch) -> None:
    """While the pages are rendered faster than Pagefind indexes them, the pages of the shards not yet
    made wait (at 10,000 articles some 6,800, 41 MB): compressed, a shard's pages are held in a fraction of
    their size, and each is given to Pagefind as it was rendered."""
    arts = made_articles()
    page = b"<html><body><main>" + b"<p>Harga cabai naik saat banjir.</p>" * 20_000 + b"</main></body></html>"
    sent: list[bytes] = []

    def make(pages: Any, peak: Any = None) -> dict[str, bytes]:
        for _, html in pages:  # one at a time, as Pagefind is given them
            sent.append(hashlib.sha256(html).digest())
        return {}

    def made(n: int) -> bytes:
        return page.replace(b"cabai", b"%05d" % n)

    def rendered() -> Iterator[OutputFile]:  # each page made as it comes, as the build renders it
        for n, a in enumerate(arts):
            yield OutputFile(urls.article_path(a), search.searchable(made(n)))

    monkeypatch.setattr(search, "SHARD_PAGES", 625)  # one shard, whatever this module's fixtures left set
    monkeypatch.setattr(pagefind_bundle, "make", make)
    monkeypatch.setattr(pagefind_bundle, "read", lambda made: pagefind_bundle.Bundle({"pagefind.js": b""}, {}))
    tracemalloc.start()
    try:
        list(search.stream(rendered(), search.entries(arts), [], None))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(search.shards(arts)) == 1 and len(sent) == len(arts)
    assert sent == [hashlib.sha256(search.indexed_html(search.searchable(made(n)), ())).digest()
                    for n in range(len(arts))]
    assert peak < len(page) * len(arts) / 2  # the twelve pages, uncompressed, were all held at once


def test_a_stored_shard_is_read_only_when_its_files_are_given_out(small_shards: None, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   counting: Counting) -> None:
    """After an edit the pages come for a while after the shards taken from the cache are found: read then,
    all of them were held until the build's end (at 10,000 articles 60-90 MB of the build's peak)."""
    arts = made_articles()
    files = pages_of(arts, tmp_path / "a")
    cache = tmp_path / "cache"
    cold = search.index(files, arts, [], cache)
    came = {"all": False}
    read_while_coming: list[bool] = []
    real = search.ShardCache.get

    def get(self: search.ShardCache, key: str) -> Any:
        read_while_coming.append(not came["all"])
        return real(self, key)

    def rendered() -> Iterator[OutputFile]:
        yield from files
        came["all"] = True

    monkeypatch.setattr(search.ShardCache, "get", get)
    counting.calls = 0
    assert list(search.stream(rendered(), search.entries(arts), [], cache, at_once=2)) == cold
    assert counting.calls == 0 and read_while_coming == [False] * len(search.shards(arts))
