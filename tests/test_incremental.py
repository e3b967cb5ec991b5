"""A rebuild renders only the pages made of something that changed, and builds the very site a fresh build
makes (pagedigest.py, render.Memory, manifest.pages)."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

from conftest import ROOT, project, tree
from warta import feeds, pagedigest, pipeline, render, search, urls, write
from warta.config import load_config
from warta.errors import OutputError
from warta.model import OutputFile, Page


def _build(root: Path) -> Any:
    report = pipeline.build(load_config(root))
    assert not report.errors, report.errors
    return report


def _fresh(root: Path, where: Path) -> dict[str, str]:
    """The site a first build of ``root``'s content makes (no cache, no site before it)."""
    shutil.copytree(root, where, ignore=shutil.ignore_patterns("_site", ".warta-cache"))
    _build(where)
    return tree(where / "_site")


def _recorded(root: Path) -> dict[str, str]:
    (record,) = (root / ".warta-cache").glob("*-last-build.json")
    pages: dict[str, str] = json.loads(record.read_text(encoding="utf-8"))["pages"]
    return pages


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


NEW = """---
title: Sanksi baru untuk Pyongyang dibahas di Seoul
date: 2024-06-25
outlet: Kabar Uji
---

Para menteri membahas sanksi baru terhadap Korea Utara setelah perjanjian dengan Rusia ditandatangani.
Pertemuan di Seoul berlangsung selama dua hari dan berakhir tanpa pernyataan bersama.
"""


def test_each_kind_of_edit_rebuilds_the_site_a_fresh_build_makes(tmp_path: Path) -> None:
    root = project(tmp_path / "site")
    _build(root)
    seeds = sorted((root / "seeds").glob("*.txt"))
    edits = [
        ("a sentence added to an article", lambda: _edit(seeds[1], "Seoul.\n", "Seoul. Kalimat tambahan untuk "
                                                         "uji bangun ulang, panjang dan biasa.\n")),
        ("an article added", lambda: (root / "seeds" / "baru.md").write_text(NEW, encoding="utf-8")),
        ("its date moved", lambda: _edit(root / "seeds" / "baru.md", "2024-06-25", "2024-05-02")),
        ("its title changed", lambda: _edit(root / "seeds" / "baru.md", "dibahas di Seoul", "ditunda")),
        ("its themes set by hand", lambda: _edit(root / "seeds" / "baru.md", "outlet: Kabar Uji",
                                                 "outlet: Kabar Uji\nthemes: [troops]")),
        ("an article removed", lambda: seeds[0].unlink()),
        ("a template changed", lambda: _edit(root / "templates" / "base.html", "</body>", "<!-- ubah -->\n</body>")),
        ("the About page changed", lambda: _edit(root / "about.md", "situs ini\n", "situs ini\nDiperbarui.\n")),
    ]
    kept = []
    for i, (what, edit) in enumerate(edits):
        edit()
        report = _build(root)
        kept.append(report.kept)
        assert tree(root / "_site") == _fresh(root, tmp_path / f"fresh-{i}"), what
    assert kept[0] > 0 and kept[-1] > 0, kept  # pages were kept, and the site is still the one a fresh build makes
    assert kept[edits.index(next(e for e in edits if e[0] == "a template changed"))] == 0  # every page uses base.html


def _markets(root: Path, settings: str = "") -> Path:
    """A project of twenty short market reports, 2024-01-01 to 2024-08-20, from two outlets."""
    (root / "artikel").mkdir(parents=True)
    (root / "site.yaml").write_text("input_dir: artikel\nbase_url: https://user.github.io/repo/\npage_size: 4\n"
                                    f"build_date: 2024-12-31\nabout: ''\n{settings}", encoding="utf-8")
    for name in ("templates", "static"):
        shutil.copytree(ROOT / name, root / name)
    places = ["Bandung", "Medan", "Makassar", "Padang", "Ambon", "Kupang", "Manado", "Palu", "Jayapura", "Kendari",
              "Sorong", "Ternate", "Bima", "Ende", "Tual", "Nabire", "Merauke", "Biak", "Timika", "Fakfak"]
    for n, place in enumerate(places):
        (root / "artikel" / f"{n:02d}.md").write_text(
            f"---\ntitle: Pasar rakyat {place} ramai pengunjung\ndate: 2024-{1 + n % 12:02d}-{1 + n:02d}\n"
            f"outlet: Kabar {'AB'[n % 2]}\n---\n\nPasar rakyat di {place} dikunjungi ribuan warga pada akhir pekan. "
            f"Pedagang {place} menjual sayur, ikan dan kain tenun.\n", encoding="utf-8")
    return root


def test_an_edit_makes_again_only_the_feeds_that_hold_the_article(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = _markets(tmp_path / "markets", "feed_size: 2\n")  # the site's feeds: Ternate (08-12) and Kendari (10-10)
    _build(root)
    made: list[str] = []
    for kind, make in list(feeds._MAKERS.items()):
        monkeypatch.setitem(feeds._MAKERS, kind, lambda feed, *rest, kind=kind, make=make: (
            made.append(feed.path(kind)), make(feed, *rest))[1])
    _edit(root / "artikel" / "00.md", "kain tenun.", "kain tenun. Harga cabai naik sedikit.")  # Bandung, 01-01
    _build(root)
    assert made == []  # no feed holds Bandung's report: each is kept as published
    assert tree(root / "_site") == _fresh(root, tmp_path / "fresh")
    _edit(root / "artikel" / "09.md", "kain tenun.", "kain tenun. Harga bawang turun.")  # Kendari, the newest
    _build(root)
    assert made[:3] == ["feed.xml", "atom.xml", "feed.json"]  # the site's, and those of Kendari's themes
    assert tree(root / "_site") == _fresh(root, tmp_path / "fresh-2")


def test_a_build_finds_its_compiled_templates_folder_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page digests (the names templates read) and the renderer share one render.Compiled: each call
    of Compiled.under tidies the cache's templates folder again."""
    root = _markets(tmp_path / "markets")
    _build(root)
    calls: list[Path] = []
    under = render.Compiled.under.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(render.Compiled, "under", classmethod(lambda cls, top: (calls.append(top), under(cls, top))[1]))
    _edit(root / "artikel" / "03.md", "kain tenun.", "kain tenun. Harga cabai naik sedikit.")
    _build(root)
    assert calls == [root / ".warta-cache"]
    assert tree(root / "_site") == _fresh(root, tmp_path / "fresh")


def test_an_edit_renders_again_only_the_pages_that_show_the_article(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", 4)  # the search index in shards: the kept pages of most are not read
    root = _markets(tmp_path / "many")
    first = _build(root)
    before = _recorded(root)
    _edit(root / "artikel" / "07.md", "kain tenun.", "kain tenun. Harga cabai naik sedikit.")
    report = _build(root)
    after = _recorded(root)
    feed_files = {path for path in after if path.rsplit("/", 1)[-1] in urls.FEED_FILES.values()}  # not pages
    changed = {path for path in after if before.get(path) != after[path]} - feed_files
    edited = next(path for path in changed if path.startswith("articles/pasar-rakyat-palu"))
    assert edited and len(changed) + report.kept == first.pages + 3  # robots.txt, .nojekyll and the sitemap too
    # its own page and the pages that list it or link to it; the other articles' pages are kept
    others = [path for path in after if path.startswith("articles/") and path != edited]
    assert len(others) == 19 and sum(path in changed for path in others) <= 8, sorted(changed)  # newer, older, related
    assert len(changed) <= (first.pages + 3) // 3, sorted(changed)
    site = tree(root / "_site")
    assert len([path for path in site if path.startswith("pagefind-shards/") and path.endswith("entry.json")]) > 2
    assert site == _fresh(root, tmp_path / "fresh")


def test_the_overviews_are_made_again_only_when_what_they_show_changes(tmp_path: Path) -> None:
    """The themes, outlets and archive overviews show counts, months and an outlet's newest few: an edit of
    an older article's text, or of its title, keeps them; the title of an outlet's newest changes its one."""
    root = _markets(tmp_path / "markets")
    overviews = ["themes/index.html", "outlets/index.html", "archive/index.html"]
    _build(root)
    before = _recorded(root)
    assert all(path in before for path in overviews)
    _edit(root / "artikel" / "00.md", "kain tenun.", "kain tenun. Harga cabai naik sedikit.")  # the oldest
    _build(root)
    after = _recorded(root)
    assert [after[path] == before[path] for path in overviews] == [True, True, True]
    assert after["articles/pasar-rakyat-bandung-ramai-pengunjung/index.html"] != \
        before["articles/pasar-rakyat-bandung-ramai-pengunjung/index.html"]
    assert tree(root / "_site") == _fresh(root, tmp_path / "fresh")
    _edit(root / "artikel" / "09.md", "title: Pasar rakyat", "title: Pasar besar")  # Kabar B's newest
    _build(root)
    again = _recorded(root)
    assert [again[path] == after[path] for path in overviews] == [True, False, True]
    assert "Pasar besar Kendari" in (root / "_site" / "outlets" / "index.html").read_text(encoding="utf-8")
    assert tree(root / "_site") == _fresh(root, tmp_path / "fresh-2")


def test_an_edit_of_a_storys_article_keeps_the_stories_overview_and_the_report(tmp_path: Path) -> None:
    """The stories overview shows each story's card (title, span, counts, outlets, themes), not its
    articles, and the editor's report each article's title, language, source and page: an edit of a
    story's article that leaves these as they were renders neither again."""
    root = project(tmp_path / "p")
    _build(root)
    before = _recorded(root)
    story = next(path for path in before if path.startswith("stories/20"))
    seed = root / "seeds" / "000_41d41772a35f6448.txt"
    assert "putin" in (root / "_site" / story).read_text(encoding="utf-8").lower()
    _edit(seed, "Dia dengan blak-blakan menyatakan", "Dia dengan sangat blak-blakan menyatakan")
    _build(root)
    after = _recorded(root)
    changed = {path for path in after if before.get(path) != after[path]}
    assert story in changed and "stories/index.html" not in changed, sorted(changed)
    assert "report/index.html" in after and "report/index.html" not in changed
    assert tree(root / "_site") == _fresh(root, tmp_path / "fresh")


def test_an_edit_finds_again_only_the_edited_articles_alias_names(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Each article's alias names for the search index are kept in the cache by its key; a corrupt or
    missing file of them is found again, and the site is the one a fresh build makes."""
    root = _markets(tmp_path / "markets")
    for n in (3, 7):  # names of the lexicon's alias groups, so that the pages have alias names to be given
        _edit(root / "artikel" / f"{n:02d}.md", "kain tenun.", "kain tenun dari Korea Utara.")
    found: list[str] = []
    names = search.Aliases.names
    monkeypatch.setattr(search.Aliases, "names", lambda self, text: (found.append(text), names(self, text))[1])
    _build(root)
    assert len(found) == 20 and any(search.alias_names(text, pipeline.topics.load_lexicon(
        load_config(root).themes, root).aliases.values()) for text in found)
    found.clear()
    _edit(root / "artikel" / "03.md", "kain tenun", "kain sutra")
    _build(root)
    assert len(found) == 1 and "kain sutra" in found[0]
    kept = sorted((root / ".warta-cache" / "data").glob("names-*"))
    assert kept
    for path in kept:
        path.write_bytes(path.read_bytes()[:-7] + b"garbage")
    found.clear()
    _edit(root / "artikel" / "07.md", "kain tenun", "kain songket")
    _build(root)
    assert len(found) == 20  # none of the corrupt files trusted
    assert tree(root / "_site") == _fresh(root, tmp_path / "fresh")
    for_site = search.for_site  # other alias groups: every article's kept names are stale
    monkeypatch.setattr(search, "for_site", lambda groups, articles: for_site(groups, articles)[1:])
    found.clear()
    _edit(root / "artikel" / "07.md", "kain songket", "kain ikat")
    _build(root)
    assert len(found) == 20
    monkeypatch.setattr(search, "for_site", for_site)
    shutil.rmtree(root / ".warta-cache" / "data")  # the cache deleted: found again, the same site
    _edit(root / "artikel" / "07.md", "kain ikat", "kain songket")
    _build(root)
    assert tree(root / "_site") == _fresh(root, tmp_path / "fresh-2")


def test_the_alias_names_of_all_pages_are_one_string_each(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The names the search index is given (pipeline._entries) share one string per name, found or kept in the
    cache: a forked build sends them to the build's process, which holds them from before the story pass on."""
    root = _markets(tmp_path / "markets")
    for n in (3, 7):  # two pages naming the same alias group
        _edit(root / "artikel" / f"{n:02d}.md", "kain tenun.", "kain tenun dari Korea Utara.")
    given: list[list[search.Entry]] = []
    stream = search.stream
    monkeypatch.setattr(search, "stream", lambda files, pages_of, *args, **kwargs: (
        given.append(list(pages_of)), stream(files, pages_of, *args, **kwargs))[1])
    _build(root)
    _edit(root / "artikel" / "05.md", "kain tenun", "kain sutra")
    _build(root)  # the names of 19 pages from the cache
    assert len(given) == 2
    for entries in given:
        names = [name for entry in entries for name in entry.names or ()]
        assert len(names) > len(set(names))  # some name on two pages or more
        assert len({id(name) for name in names}) == len(set(names))


def test_a_page_whose_file_was_changed_by_hand_is_rendered_again(tmp_path: Path) -> None:
    root = project(tmp_path / "site")
    _build(root)
    page = next((root / "_site" / "articles").glob("*/index.html"))
    good = page.read_bytes()
    page.write_bytes(good.replace(b"</html>", b"</html>\n<!-- diubah -->"))
    seed = sorted((root / "seeds").glob("*.txt"))[-1]
    seed.write_text(seed.read_text(encoding="utf-8") + "\nSatu kalimat lagi.\n", encoding="utf-8")
    assert _build(root).kept > 0
    assert page.read_bytes() == good


def test_a_kept_page_whose_published_file_is_gone_stops_the_build(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="the published file to keep is gone"):
        write.publish([OutputFile("index.html", b"", kept=True)], None, tmp_path / "_site")


# -- the digest itself ---------------------------------------------------------------------------------------


def _of(value: Any) -> bytes:
    return pagedigest.Digester().of(value)


def test_any_change_of_value_or_kind_changes_the_digest() -> None:
    values = ["a", Markup("a"), b"a", 1, 1.0, True, None, ("a",), ["a"], {"a": 1}, {"a": 2}, {"b": 1},
              {"a": 1, "b": 2}, {"b": 2, "a": 1}, ("a", "b"), ("ab",), frozenset({"a"}),
              Page("x.html", "t.html", {"a": 1}), Page("x.html", "u.html", {"a": 1})]
    digests = [_of(v) for v in values]
    assert len(set(digests)) == len(values)
    assert _of(("a", ("b", "c"), {"d": [1, 2]})) == _of(("a", ("b", "c"), {"d": [1, 2]}))


def test_sets_digest_the_same_whatever_the_hash_seed() -> None:
    code = ("from warta import pagedigest; "
            "print(pagedigest.Digester().of(frozenset({'treaty', 'troops', 'sanksi', 'Korea', 'x', 'y'})).hex())")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60,
                           env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2", "3")}
    assert len(outs) == 1


def test_a_value_that_cannot_be_followed_means_the_page_is_rendered() -> None:
    digester = pagedigest.Digester()
    assert digester.page(Page("x.html", "t.html", {"f": lambda: 1}), b"") is None
    assert digester.page(Page("x.html", "t.html", {"o": object()}), b"") is None
    with pytest.raises(pagedigest.Undigestable):
        pagedigest.shared_digest({"f": len}, {}, None, digester)
    assert pagedigest.shared_digest({"f": len, "n": 1}, {"f": "inputs of f"}, None, digester)
    assert pagedigest.shared_digest({"f": len, "n": 1}, {}, ["n"], digester)  # f is read by no template


def test_an_article_counts_by_its_key_and_so_do_its_parts() -> None:
    from site_factory import article

    one, two = article(1), article(1)
    key_one, key_two = b"1" * 16, b"2" * 16
    digester = pagedigest.Digester.for_articles([(one, key_one), (two, key_two)])
    assert digester.of(one) != digester.of(two)  # equal fields, other keys: told apart (never the reverse)
    assert digester.of(one.themes[0]) != digester.of(two.themes[0])
    # a single passage or block is walked as a value: the same content, the same digest
    assert digester.of(one.themes[0].evidence[0]) == digester.of(two.themes[0].evidence[0])
    assert digester.of(one.blocks[0]) == digester.of(two.blocks[0])
    again = pagedigest.Digester.for_articles([(two, key_one)])
    assert again.of((two, two.blocks[0])) == digester.of((one, one.blocks[0]))


def test_template_names_include_filters_and_tests_and_give_up_on_a_broken_template(tmp_path: Path) -> None:
    import jinja2

    (tmp_path / "a.html").write_text("{{ x | shout }}{% if y is odd %}{{ z(w) }}{% endif %}", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
    env.filters["shout"] = str.upper
    assert {"x", "shout", "odd", "y", "z", "w"} <= (pagedigest.template_names(env) or set())
    (tmp_path / "b.html").write_text("{% if %}", encoding="utf-8")
    assert pagedigest.template_names(env) is None


def test_a_build_that_renders_few_pages_neither_holds_its_data_files_back_nor_trims_its_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full build makes its data files under the lock each Pagefind holds while it makes its bundle, and
    gives its memory back before the last Pagefinds (pipeline._let_go); a rebuild that keeps most pages
    does neither, for the shard or two it indexes again."""
    root = project(tmp_path / "p")
    let_go: list[int] = []
    locks: list[object] = []
    real_data = pipeline._feeds_and_data

    def feeds_and_data(*args: Any) -> Any:
        locks.append(args[-1])
        return real_data(*args)

    monkeypatch.setattr(pipeline, "_let_go", lambda: let_go.append(1))
    monkeypatch.setattr(pipeline, "_feeds_and_data", feeds_and_data)
    first = _build(root)
    assert first.kept == 0 and let_go == [1] and locks[0] is not None
    again = _build(root)
    assert again.kept * 2 >= again.pages and let_go == [1] and locks[1] is None


def test_a_build_returns_the_free_heap_after_the_story_pass_and_after_the_plan(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The temporaries of the story pass and of the plan leave free pages in the C library's heap, which the
    build gives back before it renders (at 10,000 articles 120 MB, held beside each Pagefind otherwise)."""
    root = project(tmp_path / "p")
    seen: list[str] = []

    class Library:
        def malloc_trim(self, pad: int) -> int:
            seen.append("trim")
            return 1

    def progress(stage: str, done: int, total: int) -> None:
        if not seen or seen[-1] != stage:
            seen.append(stage)

    monkeypatch.setattr(pipeline.ctypes, "CDLL", lambda name: Library())
    pipeline.build(load_config(root), progress=progress)
    at = seen.index("story")
    assert seen[at:at + 5] == ["story", "trim", "story", "plan", "trim"], seen
    assert seen.index("pages") > at + 4


def test_the_collector_resumes_with_the_builds_objects_frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each time a build lets the cyclic collector run again, what it made while it was paused is already
    frozen (gc.freeze): the collector's first run would otherwise walk all of it (0.3 s at 10,000 articles)."""
    root = project(tmp_path / "p")
    young: list[int] = []
    real = pipeline._collector_paused

    @contextlib.contextmanager
    def paused() -> Iterator[None]:
        resumes = gc.isenabled()  # not when nested in another pause
        with real():
            yield
            if resumes:
                young.append(gc.get_count()[0])  # the objects the collector would walk first, as it is let go

    monkeypatch.setattr(pipeline, "_collector_paused", paused)
    _build(root)
    assert len(young) == 3 and max(young) < 1000, young  # analyse, the story and plan, the data files


def test_a_big_site_is_made_in_a_forked_process_and_its_pagefinds_peak_once_it_has_ended(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With _AWAY_MIN input files or more, the articles are read, planned and rendered in a forked process
    (pipeline._made), which ends before any Pagefind makes its bundle; the site is the one a build in one
    process makes, cold and after an edit."""
    monkeypatch.setattr(search, "SHARD_PAGES", 2)  # several shards, each with its Pagefind
    here, away = project(tmp_path / "here"), project(tmp_path / "away")
    events: list[str] = []
    real_away, real_enter = pipeline.parallel.away, pipeline._Peak.__enter__

    def spied_away(*args: Any) -> Iterator[Any]:
        events.append("forked")
        yield from real_away(*args)
        events.append("ended")

    def spied_enter(self: Any) -> None:
        real_enter(self)
        events.append("peak")

    monkeypatch.setattr(pipeline.parallel, "away", spied_away)
    monkeypatch.setattr(pipeline._Peak, "__enter__", spied_enter)
    monkeypatch.setattr(pipeline, "_AWAY_MIN", 10**9)
    assert _build(here).kept == 0 and "forked" not in events
    events.clear()
    monkeypatch.setattr(pipeline, "_AWAY_MIN", 1)
    report = _build(away)
    assert report.kept == 0 and report.articles == 5 and report.pages == 51
    # the build's process holds the lock of the peaks while the forked one lives; each Pagefind takes it after
    assert events[:3] == ["peak", "forked", "ended"] and events.count("peak") > 2
    assert tree(away / "_site") == tree(here / "_site")
    for root in (here, away):
        first = next(p for p in sorted((root / "seeds").rglob("*")) if p.is_file())
        first.write_text(first.read_text(encoding="utf-8") + "\nSatu kalimat lagi.\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "_AWAY_MIN", 10**9)
    kept_here = _build(here).kept
    monkeypatch.setattr(pipeline, "_AWAY_MIN", 1)
    assert _build(away).kept == kept_here > 0
    assert tree(away / "_site") == tree(here / "_site")
