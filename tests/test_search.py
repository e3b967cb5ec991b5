"""Search as a reader meets it: the seed site served under /repo/, searched in headless Chromium.

What to search for is worked out from the built site's own data (data/articles.json and the alias
groups), never written in here, so the tests keep their meaning when the seeds change.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import json
import random
import re
import shutil
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cbor2
import pytest
from playwright.sync_api import Browser, Page

from conftest import SEEDS, make_config
from site_factory import article
from sitecheck import browser as chromium
from sitecheck import serve
from warta import export, feeds, pagefind_bundle, pipeline, scripts, search, stories, topics, urls
from warta.config import ThemesConfig
from warta.errors import OutputError
from warta.model import Article, OutputFile

WORD = re.compile(r"[^\W\d_]+")


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


def test_a_word_of_one_article_finds_that_article(browser: Browser, served_site: str,
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
        browser: Browser, served_site: str, articles: list[dict[str, Any]]) -> None:
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


def test_sorting_by_date_puts_the_newest_first(browser: Browser, served_site: str,
                                               articles: list[dict[str, Any]]) -> None:
    common = Counter(w for a in articles for w in words_of(a) if len(w) >= 5)
    word = min((w for w, n in common.items() if n == len(articles)), key=lambda w: (len(w), w))
    page, problems = open_search(browser, f"{served_site}search/index.html?q={word}&sort=date")
    found = results(page)
    by_url = {f"/repo/{a['url']}index.html": a for a in articles}
    dates = [(by_url[r["href"]]["published"] or {}).get("date", "0000") for r in found]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 1
    assert problems == []


def test_another_name_of_an_alias_group_finds_the_articles(browser: Browser, served_site: str,
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


def card_texts(page: Page) -> list[dict[str, str]]:
    """Each result's title and excerpt as a reader sees them, and the excerpt's marked words."""
    results(page)
    found: list[dict[str, str]] = page.eval_on_selector_all(".search-result", """els => els.map(e => ({
        href: e.querySelector('a').getAttribute('href'), title: e.querySelector('a').textContent,
        excerpt: e.querySelector('.excerpt').textContent,
        marks: [...e.querySelectorAll('.excerpt mark')].map(m => m.textContent).join('|')}))""")
    return found


def test_a_page_found_only_through_an_alias_shows_article_text(browser: Browser, served_site: str,
                                                               articles: list[dict[str, Any]]) -> None:
    groups = topics.load_lexicon(ThemesConfig(), Path(".")).aliases.values()
    vocab = [words_of(a) for a in articles]
    by_url = {f"/repo/{a['url']}index.html": a for a in articles}
    tried = 0
    for group in groups:
        def mentions(words: set[str], name: str) -> bool:
            return all(part.casefold() in words for part in WORD.findall(name))
        absent = [n for n in group.names if len(WORD.findall(n)) == 1 and len(n) > 3
                  and not any(w.startswith(n.casefold()[:5]) for words in vocab for w in words)]
        if not absent or not any(mentions(words, n) for words in vocab for n in group.names):
            continue
        page, problems = open_search(browser, f"{served_site}search/index.html?q={absent[0]}")
        found = card_texts(page)
        for card in found:
            text = " ".join(" ".join([by_url[card["href"]]["title"],
                                      *(b["text"] for b in by_url[card["href"]]["blocks"])]).split())
            shown = card["excerpt"].split()
            assert len(shown) >= 8 and " · " not in card["excerpt"] and not card["marks"], (absent[0], card)
            # every word shown is the article's (Pagefind ends a block with a full stop)
            assert all(word.rstrip(".") in text for word in shown), (absent[0], card["excerpt"], text[:300])
        assert problems == []
        tried += len(found)
        if tried >= 3:
            break
    assert tried, "no page of the seeds is found only through an alias"


CJK_ARTICLES = {
    "xinhua.md": "---\ntitle: 普京与金正恩签署全面战略伙伴关系条约\ndate: 2024-06-19\n---\n"
                 "新华社平壤6月19日电 俄罗斯总统普京19日在平壤与朝鲜国务委员长金正恩举行会谈，"
                 "双方签署了《全面战略伙伴关系条约》。\n\n普京表示，该条约规定在缔约一方遭受侵略时相互提供援助。\n",
    # the same treaty in Traditional Chinese and in Japanese forms: "條約", "条約" (no character of the queries below)
    "cna.md": "---\ntitle: 俄羅斯國家杜馬批准與北韓條約\ndate: 2024-10-24\n---\n"
              "俄羅斯國家杜馬24日批准與北韓簽署的《全面戰略夥伴關係條約》。\n",
    "kyodo.md": "---\ntitle: ロシア下院が包括的戦略パートナーシップ条約を批准\ndate: 2024-10-24\n---\n"
                "ロシア下院は24日、包括的戦略パートナーシップ条約を批准した。\n",
    "nhk.md": "---\ntitle: 関東甲信で梅雨入り 平年より2週間遅く\ndate: 2024-06-21\n---\n"
              "気象庁は21日、関東甲信地方が梅雨入りしたとみられると発表しました。平年より2週間遅い梅雨入りです。\n\n"
              "気象庁によりますと、関東甲信地方はこの先1週間、雲が広がりやすく、雨の降る日が多い見込みです。\n",
}


RTL_ARTICLES = {
    "aljazeera.md": "---\ntitle: بوتين يصل إلى هانوي\ndate: 2024-06-20\noutlet: الجزيرة نت\n---\n"
                    "وصل الرئيس الروسي فلاديمير بوتين إلى العاصمة الفيتنامية هانوي في زيارة دولة بعد زيارته"
                    " إلى كوريا الشمالية.\n\nوتعد هذه الزيارة الخامسة لبوتين إلى فيتنام.\n",
}


@pytest.fixture(scope="module")
def cjk_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seeds with a Chinese, a Japanese and an Arabic article, built and served at /repo/."""
    tmp = tmp_path_factory.mktemp("cjk-site")
    shutil.copytree(SEEDS, tmp / "seeds")
    for name, text in {**CJK_ARTICLES, **RTL_ARTICLES}.items():
        (tmp / "seeds" / name).write_text(text, "utf-8")
    report = pipeline.build(make_config(tmp, tmp / "seeds"))
    assert not report.errors, report.errors
    with serve.serve(tmp / "_site", "/repo/") as url:
        yield url


@pytest.mark.parametrize(("query", "title"), [
    ("普京", "普京与金正恩签署全面战略伙伴关系条约"),  # inside the title's run of Han
    ("朝鲜", "普京与金正恩签署全面战略伙伴关系条约"),  # inside the body's
    ("金正恩", "普京与金正恩签署全面战略伙伴关系条约"),
    ("谈，双", "普京与金正恩签署全面战略伙伴关系条约"),  # across punctuation
    ("梅雨", "関東甲信で梅雨入り 平年より2週間遅く"),  # kanji inside a run of kanji and kana
    ("週間", "関東甲信で梅雨入り 平年より2週間遅く"),  # after a digit
    ('"梅雨入り"', "関東甲信で梅雨入り 平年より2週間遅く"),  # in a row, quoted
])
def test_a_word_inside_a_run_of_chinese_or_japanese_is_found(browser: Browser, cjk_site: str, query: str,
                                                              title: str) -> None:
    page, problems = open_search(browser, f"{cjk_site}search/index.html?q={query}")
    found = card_texts(page)
    assert [card["title"] for card in found] == [title], (query, found)
    excerpt = found[0]["excerpt"]
    # shown as written: none of the spaces the index was given, the match in one mark
    marks = [mark.rstrip(".。") for mark in found[0]["marks"].split("|")]
    assert "\u2060" not in excerpt and query.strip('"') in marks, found[0]
    # and reads as the article does (less the spaces and full stops Pagefind puts between its blocks)
    source = next(text for text in CJK_ARTICLES.values() if title in text).split("---\n")[2]
    assert re.sub(r"[\s.]", "", excerpt) in re.sub(r"[\s.]", "", title + source), (excerpt, source)
    assert problems == []


TREATY = {"普京与金正恩签署全面战略伙伴关系条约", "俄羅斯國家杜馬批准與北韓條約",
          "ロシア下院が包括的戦略パートナーシップ条約を批准"}


@pytest.mark.parametrize("query", ["条约", "條約", "条約"])
def test_a_word_in_simplified_traditional_or_japanese_forms_finds_the_pages_of_every_form(
        browser: Browser, cjk_site: str, query: str) -> None:
    page, problems = open_search(browser, f"{cjk_site}search/index.html?q={query}")
    found = {card["title"]: card["excerpt"] for card in card_texts(page)}
    assert set(found) == TREATY, (query, found)
    # each shows its own text, in its own forms
    assert "條約" in found["俄羅斯國家杜馬批准與北韓條約"]
    assert "条約" in found["ロシア下院が包括的戦略パートナーシップ条約を批准"]
    assert not any("\u2060" in excerpt for excerpt in found.values())
    assert problems == []


def test_characters_in_a_row_are_found_in_a_row_only_when_quoted(browser: Browser, cjk_site: str) -> None:
    # both on the page (in some form), not in this order
    page, _ = open_search(browser, f"{cjk_site}search/index.html?q=约条")
    assert {card["title"] for card in card_texts(page)} == TREATY
    page, problems = open_search(browser, f'{cjk_site}search/index.html?q="约条"')
    page.wait_for_function("() => document.getElementById('search-status').textContent"
                           " === JSON.parse(document.getElementById('search').dataset.texts).none", timeout=15_000)
    assert page.locator(".search-result").count() == 0 and problems == []


def test_a_right_to_left_result_reads_right_to_left_with_its_outlet_set_apart(browser: Browser,
                                                                             cjk_site: str) -> None:
    """A result in Arabic is marked as the site's lists mark it: title and excerpt lang="ar" dir="rtl", laid
    out from the right; the outlet's name isolated, so the date's digits are not drawn into its run."""
    page, problems = open_search(browser, f"{cjk_site}search/index.html?q=هانوي")
    [found] = card_texts(page)
    assert found["title"] == "بوتين يصل إلى هانوي"
    result = page.locator(".search-result")
    for part in (".search-result-title", ".excerpt"):
        element = result.locator(part)
        assert (element.get_attribute("lang"), element.get_attribute("dir")) == ("ar", "rtl"), part
        assert element.evaluate("e => getComputedStyle(e).direction") == "rtl", part
    outlet = result.locator(".meta bdi")
    assert outlet.text_content() == "الجزيرة نت"
    # shown in the order it is written: the outlet, then the date, whole (the day before the month)
    meta = result.locator(".meta")
    date = meta.text_content().split("·")[-1].strip()
    assert re.fullmatch(r"\d+ \S+ 2024", date), date
    assert meta.evaluate("""e => { const r = document.createRange(); r.selectNodeContents(e.querySelector('bdi'));
        const name = r.getBoundingClientRect(); r.selectNodeContents(e.lastChild);
        return name.right <= r.getBoundingClientRect().left; }""")
    # the Latin results keep the page's direction and carry no marks of their own
    page, _ = open_search(browser, f"{cjk_site}search/index.html?q=Putin")
    assert results(page)
    # (the Arabic article is among them: its alias block names Putin)
    latin = [card for card in page.locator(".search-result").all()
             if not re.search("[\u0600-\u06ff]", card.locator(".search-result-title").text_content() or "")]
    assert latin
    for card in latin:
        assert card.locator(".search-result-title[dir], .excerpt[dir]").count() == 0
    assert problems == []


def test_only_one_letter_words_are_spaced_and_latin_pages_are_sent_as_they_were(seed_site: Path) -> None:
    for path in sorted(seed_site.glob("articles/*/index.html")):
        part = search.searchable(path.read_bytes())
        assert search.spaced_html(part) == part  # so the seeds' bundle is the same bytes as before
    sep = search.SEPARATOR
    assert search.spaced("普京与金正恩会谈，双方。G7峰会 Putin's 한국어") == (
        f"普{sep}京{sep}与{sep}金{sep}正{sep}恩{sep}会{sep}谈，{sep}双{sep}方。{sep}G7{sep}峰{sep}会 Putin's 한국어")
    html = ('<article data-pagefind-body><h1>条约</h1><p>与<a href="x">金正恩</a>会</p>'
            '<div hidden data-pagefind-ignore><span data-pagefind-filter="outlet">新华社</span></div>'
            '<span data-pagefind-meta="outlet">新华社</span>'
            '<img data-pagefind-meta="image[src]" src="条约.png"></article>')
    assert search.spaced_html(html.encode()).decode() == html.replace("<h1>条约", f"<h1>条{sep}约").replace(
        "<p>与<a href=\"x\">金正恩</a>会", f"<p>{sep}与<a href=\"x\">{sep}金{sep}正{sep}恩</a>{sep}会")


@pytest.mark.parametrize(("run", "name"), [
    ("พายุไต้ฝุ่นแกมีขึ้นฝั่งที่ไต้หวัน", "แกมี"),  # Thai: the typhoon Gaemi made landfall in Taiwan
    ("ພະຍຸໄຕ້ຝຸ່ນແກມີ", "ແກມີ"),  # Lao
    ("မုန်တိုင်းဂေမီ", "ဂေမီ"),  # Myanmar
    ("ព្យុះទីហ្វុងហ្គេមី", "ហ្គេមី"),  # Khmer
])
def test_a_name_inside_a_run_of_a_script_without_spaces_between_words_is_found(run: str, name: str) -> None:
    # Pagefind cuts at spaces only: the index is given the run cut into letters (each with its vowel signs
    # and tone marks), and the search page cuts the query the same way, so the name inside the run is found,
    # not only at the run's start
    def cut(text: str) -> list[str]:
        return search.spaced(text).replace(search.SEPARATOR, " ").split()

    page, query = cut(run), cut(name)
    assert len(query) > 1 and "".join(page) == run
    assert any(page[i:i + len(query)] == query for i in range(1, len(page)))
    assert not any(word[0] in "\u0e31\u0e48\u0e49\u0eb1\u102d\u17d2" for word in page)  # no word begins with a mark


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



@pytest.mark.parametrize("text", [
    "A storm smashed windows across the town and hail broke car windows.",
    "הסערה שברה חלונות בעיר",  # Hebrew: the storm broke windows in the city
    "폭풍으로 윈도우가 깨졌다",  # Korean
])
def test_a_common_word_in_the_alias_data_names_no_company(text: str) -> None:
    """The shipped alias groups match names ignoring case: a company's product that is also a common word
    ("windows") would give a storm's report the company's names in the search index and in story links."""
    groups = tuple(topics.load_lexicon(ThemesConfig(), Path(".")).aliases.values())
    assert "Microsoft" not in search.alias_names(text, groups)
    # the group is there: a text naming the company gets its other names (its own one is left out)
    assert "ميكروسوفت" in search.alias_names("Microsoft said the update crashed machines.", groups)

THEMES = ("Banjir", "Gempa", "Politik", "Ekonomi", "Cuaca", "Kesehatan", "Pendidikan", "Olahraga")


def unordered_pages(count: int) -> tuple[list[OutputFile], list[Article]]:
    """Pages with many values per filter, two sort keys and two languages: what Pagefind leaves in hash order.

    Each is reduced to what Pagefind reads, as the build gives them to search.index."""
    pages, arts = [], []
    for n in range(1, count + 1):
        lang = "en" if n % 3 == 0 else "id"
        themes = "".join(f'<span data-pagefind-filter="theme">{THEMES[(n + k) % len(THEMES)]}</span>' for k in (0, 3))
        html = (f'<!doctype html><html lang="{lang}"><head><title>t</title></head><body><main data-pagefind-body>'
                f'<h1 data-pagefind-meta="title">Banjir {n}</h1>'
                f'<p>Hujan deras di kota {n}, Korea Utara. Café résumé.</p>'
                f'<span data-pagefind-filter="outlet">Kabar {n % 7}</span>{themes}'
                f'<span data-pagefind-filter="year">{2020 + n % 5}</span>'
                f'<span data-pagefind-sort="date">2024-06-{1 + n % 4:02d}</span>'
                f'<span data-pagefind-sort="words">{100 + n % 3}</span></main></body></html>')
        pages.append(OutputFile(f"articles/artikel-{n:03d}/index.html", search.searchable(html.encode())))
        arts.append(dataclasses.replace(article(n), slug=f"artikel-{n:03d}"))
    return pages, arts


def unpack(data: bytes) -> Any:
    raw = gzip.decompress(data)
    assert raw.startswith(b"pagefind_dcd")
    return cbor2.loads(raw[12:])


def meaning(bundle: dict[str, bytes]) -> dict[str, Any]:
    """What a bundle says, whatever order its lists are in: per language, the pages, filters and sorts."""
    entry = json.loads(bundle["pagefind-entry.json"])
    out: dict[str, Any] = {}
    for code, lang in entry["languages"].items():
        meta = unpack(bundle[f"pagefind.{lang['hash']}.pf_meta"])
        filters = {}
        for name, file in meta[3]:
            name_again, values = unpack(bundle[f"filter/{file}.pf_filter"])
            assert name_again == name
            filters[name] = {value: pages for value, pages in values}
        out[code] = {"pages": meta[1], "words": meta[2], "filters": filters, "sorts": dict(meta[4]),
                     "page_count": lang["page_count"]}
    return out


def test_the_same_pages_give_the_same_bundle_byte_for_byte() -> None:
    pages, arts = unordered_pages(24)
    groups = [topics.AliasGroup("nk", {"id": "Korea Utara"}, ("Korea Utara", "Korut"))]
    runs = [[(f.path, f.data) for f in search.index(pages, arts, groups)] for _ in range(3)]
    # Pagefind alone lists 7 outlets, 8 themes, 2 sorts and 2 languages in a new order on each run.
    assert runs[0] == runs[1] == runs[2]
    bundle = {path.removeprefix("pagefind/"): data for path, data in runs[0]}
    said = meaning(bundle)
    assert sorted(said) == ["en", "id"] and sum(lang["page_count"] for lang in said.values()) == 24
    assert set(said["id"]["filters"]) == {"outlet", "theme", "year"} and len(said["id"]["filters"]["theme"]) == 8
    assert any(p.startswith("pagefind/index/") for p, _ in runs[0])
    assert not any(p.endswith("pagefind-ui.js") for p, _ in runs[0])


def test_pages_are_numbered_in_the_order_of_the_articles_not_of_a_folder() -> None:
    pages, arts = unordered_pages(6)
    forward = {f.path.removeprefix("pagefind/"): f.data for f in search.index(pages, arts, [])}
    backward = {f.path.removeprefix("pagefind/"): f.data for f in search.index(pages, arts[::-1], [])}
    ahead, behind = meaning(forward)["id"], meaning(backward)["id"]
    assert ahead["pages"] == behind["pages"][::-1]  # page n of one is page count-1-n of the other
    last = len(ahead["pages"]) - 1
    assert ahead["filters"]["outlet"] == {value: sorted(last - n for n in numbers)
                                          for value, numbers in behind["filters"]["outlet"].items()}


def test_pagefind_is_sent_only_the_searchable_part_and_makes_the_same_bundle_of_it(seed_site: Path) -> None:
    pages = sorted(seed_site.glob("articles/*/index.html"))
    whole = [("/" + p.relative_to(seed_site).as_posix(), p.read_bytes()) for p in pages]
    slim = [(url, search.searchable(html)) for url, html in whole]
    for (_, full), (_, part) in zip(whole, slim, strict=True):
        assert len(part) < len(full) and part.startswith(b'<html lang="')
        assert part.count(b"data-pagefind-body") == 1 and b"<nav" not in part and b"<head>" not in part
        # the ignored kicker, byline and footer are not sent; the ignored element of filters is
        assert b'class="byline"' not in part and b"<footer" not in part and b'class="removed"' not in part
        assert b'data-pagefind-filter="language"' in part and b'data-pagefind-sort="date"' in part
    made = pagefind_bundle.make
    assert pagefind_bundle.canonical(made(whole)) == pagefind_bundle.canonical(made(slim))


def test_searchable_keeps_nested_elements_and_leaves_a_page_without_a_body_whole() -> None:
    html = (b'<!doctype html><html lang="en"><head><title>t</title></head><body><nav>menu</nav>'
            b'<div class="x" data-pagefind-body><div>in <div>deep</div></div><p>more</p></div>'
            b'<div>after</div></body></html>')
    assert search.searchable(html) == (b'<html lang="en"><body><div class="x" data-pagefind-body><div>in '
                                       b'<div>deep</div></div><p>more</p></div></body></html>')
    assert search.searchable(b"<html><body><p>plain</p></body></html>") == b"<html><body><p>plain</p></body></html>"
    unclosed = b'<html><body><div data-pagefind-body><p>cut'
    assert search.searchable(unclosed) == unclosed


def test_searchable_leaves_out_the_ignored_elements_that_hold_nothing_pagefind_reads() -> None:
    def sent(body: str) -> str:
        return search.searchable(f'<html lang="en"><body><main data-pagefind-body>{body}</main></body></html>'
                                 .encode()).decode().removeprefix('<html lang="en"><body><main data-pagefind-body>'
                                                                  ).removesuffix("</main></body></html>")

    assert sent('<p>a</p><div data-pagefind-ignore>skip <div>this</div> too</div><p>b</p>') == "<p>a</p><p>b</p>"
    assert sent('<p data-pagefind-ignore="all">x</p><P>y</P><p\ndata-pagefind-ignore\n>z</p>') == "<P>y</P>"
    kept = ['<div data-pagefind-ignore><span data-pagefind-filter="year">2024</span></div>',
            '<div data-pagefind-ignore data-pagefind-meta="outlet:X">x</div>',
            '<div data-pagefind-ignore><SPAN DATA-PAGEFIND-SORT="date">2024</SPAN></div>',
            '<div data-pagefind-ignore><IMG src="a.png" alt="a"></div>',
            '<div data-pagefind-ignore><h1>Title</h1></div>',
            '<div data-pagefind-ignore><h2 id="part">Part</h2></div>',
            '<div data-pagefind-ignore><div>never closed</div>',
            '<div data-pagefind-ignoreall>not the attribute</div>']
    for body in kept:
        assert sent(body) == body, body
    # inside a kept ignored element, an ignored element of its own is left out
    assert (sent('<div data-pagefind-ignore><p data-pagefind-ignore>x</p><i data-pagefind-filter="t">t</i></div>')
            == '<div data-pagefind-ignore><i data-pagefind-filter="t">t</i></div>')


def reference_searchable(html: bytes) -> bytes:
    """search.searchable as first written, the oracle of the faster one: both patterns searched
    through the whole page."""
    body = re.search(rb"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\sdata-pagefind-body\b[^>]*>", html)
    if body is None:
        return html
    depth, end = 1, None
    for m in re.finditer(rb"<(/?)" + re.escape(body.group(1)) + rb"\b[^>]*>", html[body.end():]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            end = body.end() + m.end()
            break
    if end is None:
        return html
    opening = re.search(rb"<html\b[^>]*>", html, re.IGNORECASE)
    return (opening.group(0) if opening else b"<html>") + b"<body>" + html[body.start():end] + b"</body></html>"


def test_searchable_is_the_reference_on_awkward_markup() -> None:
    awkward = [b"data-pagefind-body <div data-pagefind-body>x</div>", b"<div <p data-pagefind-body>x</p></div>",
               b"<p>a data-pagefind-body</p><main\tdata-pagefind-body>m<mainx></main>",
               b"<DIV data-pagefind-body></div>",
               b"<div data-pagefind-bodyx><div data-pagefind-body><div/><divs></div></div>", b"<x data-pagefind-body>",
               b"<HTML lang=x><a data-pagefind-body><a></a ><a\n>< a></a></a>t", b"<a data-pagefind-body></a"]
    pieces = [b"<", b">", b"/", b"div", b"DIV", b"divs", b"p", b" ", b"\n", b"data-pagefind-body", b"x", b'="', b"</",
              b"<html lang='en'>", b"-"]
    rng = random.Random(5)
    awkward += [b"".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30))) for _ in range(20_000)]
    for html in awkward:
        assert search.searchable(html) == reference_searchable(html), html


def test_a_failure_while_pages_are_prepared_stops_pagefind_and_is_raised() -> None:
    def pages() -> Any:
        yield "/a/", b'<html lang="en"><body><main data-pagefind-body><p>one two</p></main></body></html>'
        raise OutputError("the second page could not be made")

    with pytest.raises(OutputError, match="the second page could not be made"):
        pagefind_bundle.make(pages())


def test_pagefind_makes_its_bundle_holding_peak_and_has_ended_when_it_lets_go() -> None:
    events: list[str] = []

    class Peak:
        def __enter__(self) -> None:
            events.append("peak")

        def __exit__(self, *exc: object) -> None:
            events.append("let go")
            assert "pagefind" not in children_names(), "Pagefind still runs"

    def pages() -> Iterator[tuple[str, bytes]]:
        for n in range(3):
            events.append(f"page {n}")
            yield f"/p{n}/", b'<html lang="en"><body><main data-pagefind-body><p>word</p></main></body></html>'

    made = pagefind_bundle.make(pages(), Peak())
    assert events == ["page 0", "page 1", "page 2", "peak", "let go"] and "pagefind.js" in made


def children_names() -> list[str]:
    """The command names of this process's children."""
    pids = [pid for task in Path("/proc/self/task").iterdir()
            for pid in (task / "children").read_text().split()]
    return [Path(f"/proc/{pid}/comm").read_text().strip() for pid in pids if Path(f"/proc/{pid}").exists()]


def test_canonical_orders_the_hash_ordered_lists_and_keeps_their_meaning() -> None:
    pages, arts = unordered_pages(12)
    bundle = {f.path.removeprefix("pagefind/"): f.data for f in search.index(pages, arts, [])}
    # The same bundle as Pagefind might write it on another run: every hash-ordered list reversed.
    shuffled = dict(bundle)
    entry = json.loads(bundle["pagefind-entry.json"])
    for code, lang in entry["languages"].items():
        meta = unpack(shuffled.pop(f"pagefind.{lang['hash']}.pf_meta"))
        renamed = []
        for name, file in meta[3][::-1]:
            filter_name, values = unpack(shuffled.pop(f"filter/{file}.pf_filter"))
            new = f"{code}_x{len(renamed)}"
            shuffled[f"filter/{new}.pf_filter"] = gzip_of(cbor2.dumps([filter_name, values[::-1]]))
            renamed.append([name, new])
        meta[3], meta[4] = renamed, meta[4][::-1]
        lang["hash"] = f"{code}_meta"
        shuffled[f"pagefind.{code}_meta.pf_meta"] = gzip_of(cbor2.dumps(meta))
    entry["languages"] = dict(reversed(entry["languages"].items()))
    shuffled["pagefind-entry.json"] = json.dumps(entry).encode()
    assert meaning(shuffled) == meaning(bundle)
    assert pagefind_bundle.canonical(shuffled) == bundle == pagefind_bundle.canonical(bundle)
    # Page lists are kept in Pagefind's order: ascending in a filter, the sort's own order in a sort.
    for lang in meaning(bundle).values():
        assert all(pages == sorted(pages) for values in lang["filters"].values() for pages in values.values())
        assert any(order != sorted(order) for order in lang["sorts"].values())


def gzip_of(cbor: bytes) -> bytes:
    return gzip.compress(b"pagefind_dcd" + cbor)


def test_a_broken_bundle_is_an_output_error() -> None:
    pages, arts = unordered_pages(2)
    bundle = {f.path.removeprefix("pagefind/"): f.data for f in search.index(pages, arts, [])}
    meta = next(path for path in bundle if path.endswith(".pf_meta"))
    with pytest.raises(OutputError, match=f"{re.escape(meta)}: no Pagefind signature"):
        pagefind_bundle.canonical({**bundle, meta: gzip.compress(b"not cbor")})
    with pytest.raises(OutputError, match="is missing"):
        pagefind_bundle.canonical({k: v for k, v in bundle.items() if not k.startswith("filter/")})


def test_a_fragment_gives_the_url_json_gives_read_from_its_start_or_whole() -> None:
    made = pagefind_bundle.make([("/a/", b'<html lang="en"><body><main data-pagefind-body>x</main></body></html>')])
    fragment = next(path for path in made if path.startswith("fragment/"))
    ident = fragment.removeprefix("fragment/").removesuffix(".pf_fragment")
    urls = ["/plain/", '/"quoted" \\ é/\u2028/', "/" + "long/" * 1000, "/é" * 2047]  # the last two past 4 KiB
    for url in urls:
        body = json.dumps({"url": url, "content": "x" * 5000}, ensure_ascii=url.startswith("/p"),
                          separators=(",", ":")).encode()  # as Pagefind writes it
        bundle = pagefind_bundle.read({**made, fragment: gzip_of(body)})
        assert bundle.fragments == {ident: url}
    late = json.dumps({"content": "x", "url": "/late/"}).encode()  # not first: read whole
    assert pagefind_bundle.read({**made, fragment: gzip_of(late)}).fragments == {ident: "/late/"}
    with pytest.raises(OutputError, match="not the layout of Pagefind 1.x"):
        pagefind_bundle.read({**made, fragment: gzip_of(b'{"url": 3}')})


def test_a_binary_that_is_not_pagefind_is_an_output_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'pagefind: no such mode' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    pages, arts = unordered_pages(2)
    with pytest.raises(OutputError, match=r"^cannot build the search index: pagefind stopped (reading|answering) "
                                          r"\(exit 3\): pagefind: no such mode$"):
        search.index(pages, arts, [])


def test_the_search_index_is_made_while_the_feeds_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind works in its own process while this one makes the feeds: each waits to see the other begun."""
    cfg = make_config(tmp_path, SEEDS, cache_dir=None)
    analysis = pipeline.analyse(cfg)
    indexing, feeding = threading.Event(), threading.Event()
    real_make, real_feeds = pagefind_bundle.make, feeds.write_all

    def make(*args: Any, **kwargs: Any) -> dict[str, bytes]:
        indexing.set()
        assert feeding.wait(20), "the feeds were not begun while the index was made"
        return real_make(*args, **kwargs)

    def write_all(*args: Any, **kwargs: Any) -> Any:
        feeding.set()
        assert indexing.wait(20), "the index was not begun while the feeds were made"
        return real_feeds(*args, **kwargs)

    monkeypatch.setattr(pagefind_bundle, "make", make)
    monkeypatch.setattr(feeds, "write_all", write_all)
    files = pipeline.render_site(analysis, cfg).files
    paths = [f.path for f in files]
    assert paths.index("feed.xml") < paths.index("data/articles.json") < paths.index("pagefind/pagefind.js")


class Watched:
    """The peak lock a Pagefind is given, noting in ``events`` when it is taken."""

    def __init__(self, peak: Any, events: list[str]) -> None:
        self.peak = peak or contextlib.nullcontext()
        self.events = events

    def __enter__(self) -> None:
        self.peak.__enter__()
        self.events.append("pagefind peaks")

    def __exit__(self, *exc: object) -> None:
        self.peak.__exit__(*exc)


def test_pagefind_makes_its_bundle_only_once_the_data_files_are_written(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The build's data files and each Pagefind's bundle are made one after the other, never together (their
    memory peaks then): here Pagefind is given the pages only once data/articles.json is begun, and is
    ready to make its bundle long before the data files are all made."""
    cfg = make_config(tmp_path, SEEDS, cache_dir=None)
    analysis = pipeline.analyse(cfg)
    events: list[str] = []
    data_begun = threading.Event()
    real_make, real_articles, real_stories = pagefind_bundle.make, export.articles_chunks, stories.stories_json

    def make(pages: Any, peak: Any = None) -> dict[str, bytes]:
        assert data_begun.wait(20), "data/articles.json was not begun"
        return real_make(pages, Watched(peak, events))

    def articles_chunks(*args: Any, **kwargs: Any) -> Iterator[bytes]:
        data_begun.set()
        time.sleep(0.5)  # Pagefind is given its five pages, and asked for its bundle, meanwhile
        yield from real_articles(*args, **kwargs)
        events.append("articles.json made")

    def stories_json(*args: Any, **kwargs: Any) -> Any:
        events.append("stories.json made")
        return real_stories(*args, **kwargs)

    monkeypatch.setattr(pagefind_bundle, "make", make)
    monkeypatch.setattr(export, "articles_chunks", articles_chunks)
    monkeypatch.setattr(stories, "stories_json", stories_json)
    files = pipeline.render_site(analysis, cfg).files
    assert events == ["articles.json made", "stories.json made", "pagefind peaks"]
    assert "pagefind/pagefind.js" in {f.path for f in files}


def test_the_build_gives_its_free_heap_back_before_each_peak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before a Pagefind makes its bundle, and before the data files are made, the build's process gives
    its free heap back to the system (what the pages' temporaries freed), so the peaks come on less."""
    cfg = make_config(tmp_path, SEEDS, cache_dir=None)
    analysis = pipeline.analyse(cfg)
    events: list[str] = []
    real_make, real_give_back, real_articles = pagefind_bundle.make, pipeline._give_back, export.articles_chunks

    def make(pages: Any, peak: Any = None) -> dict[str, bytes]:
        return real_make(pages, Watched(peak, events))

    def give_back() -> None:
        events.append("given back")
        real_give_back()

    def articles_chunks(*args: Any, **kwargs: Any) -> Iterator[bytes]:
        events.append("articles.json made")
        return real_articles(*args, **kwargs)

    monkeypatch.setattr(pagefind_bundle, "make", make)
    monkeypatch.setattr(pipeline, "_give_back", give_back)
    monkeypatch.setattr(export, "articles_chunks", articles_chunks)
    pipeline.render_site(analysis, cfg)
    peaks = [i for i, event in enumerate(events) if event != "given back"]
    assert len(peaks) == 2 and all(events[i - 1] == "given back" for i in peaks), events


def test_a_shard_is_indexed_as_soon_as_its_pages_are_rendered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             ) -> None:
    """The article pages are rendered first, and Pagefind begins on them while the other pages are rendered;
    the files and their bytes are those of a build that renders in the plan's order."""
    cfg = make_config(tmp_path, SEEDS, cache_dir=None)
    analysis = pipeline.analyse(cfg)
    expected = {f.path: f.data for f in pipeline.render_site(analysis, cfg).files}
    began = threading.Event()
    real_make = pagefind_bundle.make

    def make(*args: Any, **kwargs: Any) -> dict[str, bytes]:
        began.set()
        return real_make(*args, **kwargs)

    monkeypatch.setattr(pagefind_bundle, "make", make)
    article_pages = {urls.article_path(a) for a in analysis.articles}
    left = set(article_pages)
    after: list[str] = []  # the pages rendered once Pagefind had begun
    got: dict[str, bytes] = {}
    for file in pipeline.site_files(analysis, cfg, pipeline.Tally()):
        got[file.path] = file.whole()
        if left:
            assert file.path in left, f"{file.path} rendered before the article pages"
            left.discard(file.path)
            if not left:  # this build stays here until Pagefind is seen to begin
                assert began.wait(20), "Pagefind did not begin once the shard's pages were rendered"
        elif file.path.endswith(".html") and not file.path.startswith("pagefind"):
            after.append(file.path)
    assert len(after) >= 10 and "index.html" in after  # the home page, the theme pages... came after
    assert got == expected


def test_an_abandoned_build_starts_no_further_search_shard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = make_config(tmp_path, SEEDS, cache_dir=None)
    analysis = pipeline.analyse(cfg)
    stops: list[threading.Event] = []
    done = threading.Event()
    real_stream = search.stream

    def stream(*args: Any, stop: threading.Event, **kwargs: Any) -> Iterator[OutputFile]:
        stops.append(stop)
        assert stop.wait(20)
        try:
            yield from real_stream(*args, stop=stop, **kwargs)
        finally:
            done.set()

    monkeypatch.setattr(search, "stream", stream)
    files = pipeline.site_files(analysis, cfg, pipeline.Tally())
    assert next(f for f in files if f.path == "feed.xml")
    files.close()
    assert done.wait(20) and stops[0].is_set()
    with pytest.raises(OutputError, match="the build was stopped"):
        search.index([], analysis.articles, (), stop=stops[0])


def reference_alias_names(text: str, groups: list[topics.AliasGroup]) -> tuple[str, ...]:
    """search.alias_names as first written, the oracle of the faster one: every word of the text
    tokenised (a letter of an unspaced script is a word) and case-folded, each looked up in turn."""
    token = scripts.NAME_WORD
    by_first: dict[str, list[tuple[int, str, tuple[str, ...], tuple[str, ...], bool]]] = {}
    for i, group in enumerate(groups):
        for name in group.names:
            words = tuple(token.findall(name))
            if words:
                folded = tuple(w.casefold() for w in words)
                acronym = len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 5
                by_first.setdefault(folded[0], []).append((i, name, words, folded, acronym))
    tokens = token.findall(text)
    lower = [t.casefold() for t in tokens]
    present: set[tuple[int, str]] = set()
    for i, word in enumerate(lower):
        for group, name, words, folded, acronym in by_first.get(word, ()):
            if tuple(lower[i:i + len(folded)]) == folded and (not acronym or tokens[i] == words[0]):
                present.add((group, name))
    out: list[str] = []
    for i in sorted({g for g, _ in present}):
        out += [name for name in groups[i].names if (i, name) not in present and name not in out]
    return tuple(out)


AWKWARD_GROUPS = [
    topics.AliasGroup("de", {"id": "Straße"}, ("Straße", "STRASSE", "Weißes Haus", "Groß")),
    topics.AliasGroup("tr", {"id": "İstanbul"}, ("İstanbul", "Istanbul", "ıstanbul", "Diyarbakır", "İİ", "KDHC")),
    topics.AliasGroup("el", {"id": "Οδός"}, ("Οδός", "ΟΔΟΣ", "ΣΣ", "σς", "Ἀθῆναι")),
    topics.AliasGroup("mark", {"id": "Café"}, ("Café", "Cafe\u0301", "ǰe", "ﬁne", "ﬀ")),
    topics.AliasGroup("num", {"id": "G20"}, ("G20", "G 20", "x_y", "x y", "٣٣", "Ⅻ", "²")),
    topics.AliasGroup("us", {"id": "AS"}, ("AS", "US", "Amerika Serikat", "Chinese", "Chinese", "AS")),
    topics.AliasGroup("cn", {"id": "China"}, ("China", "Chinese", "PRC", "Straße", "中国", "중국", "จีน", "चीन")),
    topics.AliasGroup("nk", {"id": "Korea Utara"}, ("Korea Utara", "朝鲜", "北朝鮮", "북한", "เกาหลีเหนือ")),
]
AWKWARD_TEXTS = [
    "", " ", "_", "__AS__", "AS_US", "x_y", "x y", "x__y", "STRASSE strasse Strasse straße STRAẞE Straße",
    "weisses haus", "WEISSES HAUS", "Weißes\u00a0Haus", "Weißes\u2003Haus", "Weißes\u200bHaus", "GROSS groß",
    "İstanbul istanbul ISTANBUL Istanbul ıstanbul i\u0307stanbul I\u0307STANBUL",
    "DİYARBAKIR Diyarbakır diyarbakir İİ ii i\u0307i\u0307",
    "ΟΔΟΣ οδος οδοσ Οδός ΟΔΌΣ σς ΣΣ ς σ ἈΘῆΝΑΙ ἀθῆναι ᾼ ΐ",
    "Café Cafe\u0301 CAFÉ cafe \u0301 Cafe \u0301 ǰe J\u030cE ﬁne FINE ﬀ ff FF \u0345 a\u0345b",
    "G20 g20 G 20 G-20 G\u00b2 ٣٣ 33 Ⅻ ⅻ XII ² 2",
    "AS as As aS US us U.S. A.S. Amerika  Serikat amerika\nserikat AMERIKA-SERIKAT",
    "Chinese chinese CHINESE China PRC prc", "\ud800AS\udfff China", "as far as I know",
    "Korea Utara — «China» ‹US› “AS” 'Straße' (PRC) [x y] {G20} Café… İstanbul’s",
    "中国与朝鲜签署条约 北朝鮮 中國 중국과 북한의 จีนและเกาหลีเหนือ चीन चुनाव चीनी Korea Utara中国",
]


@pytest.mark.parametrize("text", [
    "普京抵达平壤，与金正恩签署条约。",  # Chinese: no spaces between words
    "普丁抵達平壤，與金正恩簽署條約。",  # traditional characters
    "プーチン大統領が北朝鮮を訪問した。",
    "푸틴 대통령이 북한을 방문했다.",  # Korean: particles joined to the names
    "زار بوتين كوريا الشمالية",
    "پوتین به کره شمالی سفر کرد",
    "पुतिन ने उत्तर कोरिया का दौरा किया",
    "ปูตินเยือนเกาหลีเหนือ",  # Thai: no spaces between words
    "Путин посетил КНДР",
])
def test_the_alias_block_names_groups_mentioned_in_any_script(text: str) -> None:
    groups = topics.load_lexicon(ThemesConfig(), Path(".")).aliases.values()
    names = search.alias_names(text, groups)
    assert {"Korea Utara", "North Korea", "Rusia", "Russia"} <= set(names), text


def test_a_page_s_han_characters_are_indexed_in_their_other_forms_too() -> None:
    # Traditional, Simplified and Japanese forms of one character (data/variants.yaml): "條約", "条约", "条約"
    assert search.variant_forms("签署了条约") == "條簽籤約" and search.variant_forms("條約") == "条约"
    assert search.variant_forms("条約") == "條约" and search.variant_forms("Putin, 北朝鮮") == "鲜"
    page = "<html><body><main data-pagefind-body><p>北韓條約</p></main></body></html>".encode()
    block = search.indexed_html(page, []).decode("utf-8").split(search.ALIASES)[1]
    assert re.sub(r"[\s\u2060]", "", block).startswith("条约")
    assert search.variant_forms("Putin") == "" and search.indexed_html(b"<p>Putin</p>", []) == b"<p>Putin</p>"


def test_the_alias_block_leaves_out_chinese_and_japanese_names() -> None:
    """Indexed a character at a time, they would make a page found by most short queries in these scripts."""
    page = b"<html><body><main data-pagefind-body><p>Putin</p></main></body></html>"
    block = search.indexed_html(page, ["Korea Utara", "朝鲜", "北朝鮮", "キム・ジョンウン", "북한", "كوريا الشمالية"])
    text = block.decode("utf-8").split(search.ALIASES)[1]
    assert "Korea Utara" in text and "북한" in text and "كوريا الشمالية" in text
    assert not re.search("[\u3040-\u30ff\u4e00-\u9fff]", text)
    assert search.indexed_html(page, ["朝鲜"]) == search.spaced_html(page)  # no block at all


@pytest.mark.parametrize("text", AWKWARD_TEXTS)
def test_alias_names_are_those_of_the_reference_on_awkward_text(text: str) -> None:
    assert search.alias_names(text, AWKWARD_GROUPS) == reference_alias_names(text, AWKWARD_GROUPS)
    assert search._words(text) == scripts.NAME_WORD.findall(text)


def test_alias_names_are_those_of_the_reference_on_random_text() -> None:
    pieces = [w for text in AWKWARD_TEXTS for w in re.split(r"(\s+|[^\w\s]+)", text) if w]
    pieces += list("_-.,'\u00a0\u2028\x1c\t\n") + ["\u0301", "\u0307", "\u0345", "ß", "ẞ", "İ", "ı", "ς", "Σ"]
    aliases = search.Aliases(AWKWARD_GROUPS)
    rng = random.Random(9)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", "_", "\u00a0"]) for _ in range(rng.randrange(1, 12)))
        assert aliases.names(text) == reference_alias_names(text, AWKWARD_GROUPS), text


def test_the_index_holds_the_names_in_latin_letters_and_in_the_scripts_of_the_sites_titles() -> None:
    """search.for_site: an Indonesian site's alias blocks leave out the names in Arabic, Cyrillic or
    Devanagari letters (the most of a longer block, for no reader of its articles); a site with an article
    in Arabic keeps the Arabic names, so that a search in either script finds the other."""
    group = topics.AliasGroup("ru", {}, ("Rusia", "Russia", "Россия", "روسيا", "रूस", "RF", "Rusia-Ukraina"))
    latin = search.for_site([group], [article(1), article(2, title="Putin tiba di Pyongyang")])
    assert latin[0].names == ("Rusia", "Russia", "RF", "Rusia-Ukraina")
    mixed = search.for_site([group], [article(1), article(2, title="بوتين يصل إلى هانوي")])
    assert mixed[0].names == ("Rusia", "Russia", "روسيا", "RF", "Rusia-Ukraina")
    assert search.for_site([group], [])[0].names == latin[0].names


def test_the_index_holds_the_names_of_the_sites_languages_of_english_and_of_every_language() -> None:
    """search.for_site: of a group whose names aliases.yaml lists by language, an Indonesian site keeps the
    Indonesian ones, the English ones (search.yaml's alias_languages) and those of ``all``; a site with an
    article in French keeps the French ones too, whatever its titles' language; the Cyrillic ones still
    need a title in Cyrillic as well as an article in Russian."""
    assert search.alias_languages() == frozenset({"en"})
    group = topics.AliasGroup("nk", {}, ("Pyongyang", "Korea Utara", "North Korea", "Corée du Nord", "Pjongjang",
                                         "Северная Корея"),
                              (("all",), ("id",), ("en",), ("fr",), ("pl",), ("ru", "uk")))
    indonesian = search.for_site([group], [article(1), article(2)])
    assert indonesian[0].names == ("Pyongyang", "Korea Utara", "North Korea")
    assert indonesian[0].languages == ()
    french = dataclasses.replace(article(3), language=dataclasses.replace(article(3).language, code="fr"))
    assert search.for_site([group], [article(1), french])[0].names == (
        "Pyongyang", "Korea Utara", "North Korea", "Corée du Nord")
    russian = dataclasses.replace(article(4, title="Путин в Пхеньяне"),
                                  language=dataclasses.replace(article(4).language, code="ru"))
    assert search.for_site([group], [article(1), russian])[0].names[-1] == "Северная Корея"
    assert "Северная Корея" not in search.for_site([group], [article(1), article(5, title="Путин в Пхеньяне")])[0].names


def test_the_seed_sites_alias_blocks_hold_no_names_in_scripts_it_has_no_article_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build gives Pagefind the groups of for_site: the Indonesian seeds' pages name Rusia and Korea
    Utara in their alias blocks in Latin letters only (no Россия, روسيا, 북한)."""
    cfg = make_config(tmp_path, SEEDS, cache_dir=None)
    sent: list[str] = []
    real_make = pagefind_bundle.make

    def make(pages: Any, *args: Any, **kwargs: Any) -> dict[str, bytes]:
        pages = list(pages)
        sent.extend(html.decode("utf-8") for _, html in pages)
        return real_make(pages, *args, **kwargs)

    monkeypatch.setattr(pagefind_bundle, "make", make)
    pipeline.render_site(pipeline.analyse(cfg), cfg)
    blocks = [page.split(search.ALIASES, 1)[1] for page in sent if search.ALIASES in page]
    assert len(blocks) == 5 and all("Korea Utara" in block or "Korut" in block for block in blocks)
    assert not [c for block in blocks for c in block if c.isalpha() and scripts.script_of(c) != "LATIN"]
    # and in Indonesian, English and every language's spelling only: no Corée du Nord, Pjongjang or Rusland
    assert all("North Korea" in block for block in blocks)
    assert not [b for b in blocks if "Corée" in b or "Pjongjang" in b or "Rusland" in b or "Moskau" in b]


def test_the_search_files_made_in_the_background_wait_a_few_at_a_time() -> None:
    """The search index's files are made in a thread and taken once the pages are written: no more than a
    few wait (after an edit, the bundles taken from the cache were all read and held until then), and
    once the build stops taking them the thread lets the index go."""
    made: list[int] = []
    ended = threading.Event()

    def files(count: int) -> Iterator[OutputFile]:
        try:
            for i in range(count):
                made.append(i)
                yield OutputFile(f"f{i}", b"")
        finally:
            ended.set()

    streamed = pipeline._Streamed(files(500))
    time.sleep(0.3)
    assert pipeline._Streamed._AHEAD <= len(made) <= pipeline._Streamed._AHEAD + 1
    assert [f.path for f in streamed.files()] == [f"f{i}" for i in range(500)] and ended.is_set()
    made.clear()
    ended.clear()
    abandoned = pipeline._Streamed(files(500))
    taken = abandoned.files()
    assert next(taken).path == "f0"
    taken.close()
    assert ended.wait(5) and len(made) < 500
