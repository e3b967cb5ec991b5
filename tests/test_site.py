"""The rendered site: what each page shows, links that work from disk and under a subpath, metadata."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import site_factory as factory
from site_factory import article
from warta import render
from warta.model import Article, Block, Evidence, Language, PublishedDate, Removed, ThemeMatch

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'none'; "
       "form-action 'self'")


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text inside chosen elements."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def corpus() -> list[Article]:
    """25 articles, newest first: one English, one undated, one with an inferred month, Markdown HTML."""
    out = []
    for n in range(25):
        changes: dict[str, Any] = {"published": PublishedDate(dt.date(2024, 6, 28 - n), "day", "text")}
        if n == 3:
            changes.update(language=Language("en", 0.98), title="Floods hit the capital")
        if n == 5:
            changes.update(published=PublishedDate(dt.date(2024, 5, 1), "month", "inferred"))
        if n == 7:
            changes.update(themes=(
                ThemeMatch("politik", 6.0, (Evidence(0, ("DPR", "pemilu"), "Rapat DPR membahas pemilu & <banjir>."),)),
                ThemeMatch("banjir", 4.0),
            ))
        if n == 9:
            changes.update(format="md", blocks=(Block("paragraph", "Lihat situs resmi", 3,
                                                      html='Lihat <a href="https://bmkg.example/">situs resmi</a>'),))
        if n == 24:
            changes.update(published=None, outlet=None)
        out.append(article(n, **changes))
    return sorted(out, key=lambda a: (a.published is None, -(a.published.date.toordinal() if a.published else 0)))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    tmp = tmp_path_factory.mktemp("site")
    _, files = factory.build(corpus(), factory.config(tmp, page_size=10))
    return tmp / "_site", files


def page(built: tuple[Path, dict[str, bytes]], path: str) -> str:
    return built[1][path].decode("utf-8")


def test_the_home_page_lists_the_latest_articles_with_their_details(built: tuple[Path, dict[str, bytes]]) -> None:
    home = page(built, "index.html")
    assert '<html lang="id">' in home
    assert home.index("Banjir melanda kota 0") < home.index("Banjir melanda kota 1")  # newest first
    card = home[home.index("Banjir melanda kota 0"):home.index("Banjir melanda kota 1")]
    assert "Warta B" in card and '<time datetime="2024-06-28">28 Juni 2024</time>' in card
    assert '<p class="excerpt">Hujan deras membuat banjir di kota 0.' in card
    assert '<a href="themes/banjir/index.html">Banjir</a>' in card
    assert "Jelajahi menurut tema" in home and 'href="archive/index.html"' in home
    # the themes with articles: the empty one is on the themes page, not among the home page's themes
    assert "25 artikel, 2 media, 2 tema." in home and "Kosong" not in home


def test_listings_are_paginated_with_the_configured_page_size(built: tuple[Path, dict[str, bytes]]) -> None:
    files = built[1]
    assert {"index.html", "page/2/index.html", "page/3/index.html"} <= set(files)
    assert "page/4/index.html" not in files
    second = page(built, "page/2/index.html")
    assert second.count('<article class="card">') == 10
    assert 'href="../../index.html" rel="prev"' in second and 'href="../3/index.html" rel="next"' in second
    assert "Halaman 2 dari 3" in second
    assert page(built, "page/3/index.html").count('<article class="card">') == 5


def test_an_article_page_shows_everything_about_the_article(built: tuple[Path, dict[str, bytes]]) -> None:
    html = page(built, "articles/artikel-007/index.html")
    assert "<h1>Banjir melanda kota 7</h1>" in html
    assert '<bdi class="outlet">Kabar A</bdi>' in html and "<dd>kliping.example</dd>" in html
    assert '<time datetime="2024-06-21">21 Juni 2024</time>' in html
    assert "<dd>Indonesia</dd>" in html and "2 menit baca" in html and "<dd>Ani, Budi</dd>" in html
    assert 'href="https://news.example/7"' in html
    themes = html[html.index("<dt>Tema</dt>"):]
    assert themes.index("Politik") < themes.index("Banjir")  # strongest first
    assert re.search(r"<h2 id=\"p-\d+\">Dampak &lt;banjir&gt;</h2>", html) and "Pemerintah &amp; relawan" in html
    assert re.search(r"<ul>\n<li id=\"p-\d+\">Satu</li>\n<li id=\"p-\d+\">Dua</li>\n</ul>", html)
    assert re.search(r"<blockquote>\n<p id=\"p-\d+\">Kami bekerja sepanjang malam.</p>\n</blockquote>", html)
    details = re.search(r"<details class=\"removed\">(.*?)</details>", html, re.S)
    assert details and "(2 baris)" in details.group(1) and "Iklan" in details.group(1)
    assert "<details open" not in html
    assert 'href="../artikel-008/index.html" rel="next"' in html  # older
    assert 'href="../artikel-006/index.html" rel="prev"' in html  # newer
    related = html[html.index('id="related-heading"'):]
    assert related.count("<li>") == 4 and "artikel-007/" not in related



def test_an_undated_article_is_neither_older_nor_newer_than_its_neighbours(
        built: tuple[Path, dict[str, bytes]]) -> None:
    """Undated articles come last on the home list; the links between an undated article and its neighbours say
    next and previous on that list, not "older" and "newer", which would be a date nobody knows."""
    undated = page(built, "articles/artikel-024/index.html")
    around = undated[undated.index('<nav class="around"'):]
    around = around[:around.index("</nav>")]
    assert 'href="../artikel-005/index.html" rel="prev"' in around and "Artikel sebelumnya" in around
    assert "lebih baru" not in around and "lebih lama" not in around
    last_dated = page(built, "articles/artikel-005/index.html")  # May 2024: the oldest dated
    around = last_dated[last_dated.index('<nav class="around"'):]
    around = around[:around.index("</nav>")]
    older = around[:around.index("artikel-023")]
    assert 'href="../artikel-024/index.html" rel="next"' in older and "Artikel berikutnya" in older
    assert "Artikel lebih lama" not in around and "Artikel lebih baru" in around  # 023 is dated: newer it is

def test_an_inferred_date_is_marked_approximate(built: tuple[Path, dict[str, bytes]]) -> None:
    html = page(built, "articles/artikel-005/index.html")
    assert '<time datetime="2024-05" class="approx" title="Perkiraan:' in html and "sekitar Mei 2024" in html


def test_an_article_in_another_language_says_so(built: tuple[Path, dict[str, bytes]]) -> None:
    html = page(built, "articles/artikel-003/index.html")
    assert '<h1 lang="en">Floods hit the capital</h1>' in html
    assert '<div class="story-body" lang="en">' in html and "<dd>Inggris</dd>" in html
    assert '<a href="articles/artikel-003/index.html">Floods hit the capital</a>' in page(built, "index.html")
    assert '<h3 class="card-title" lang="en">' in page(built, "index.html")


def test_markdown_html_is_kept_and_text_is_escaped(built: tuple[Path, dict[str, bytes]]) -> None:
    assert 'Lihat <a href="https://bmkg.example/">situs resmi</a>' in page(built, "articles/artikel-009/index.html")
    assert "<banjir>" not in page(built, "articles/artikel-000/index.html")


def test_an_english_site_speaks_english(tmp_path: Path) -> None:
    _, files = factory.build(corpus()[:3], factory.config(tmp_path, language="en"))
    home = files["index.html"].decode()
    assert '<html lang="en">' in home and "Latest articles" in home and "26 June 2024" in home
    assert '<p class="excerpt" lang="id">' in home


def test_theme_pages_show_the_passage_that_put_each_article_there(built: tuple[Path, dict[str, bytes]]) -> None:
    html = page(built, "themes/politik/index.html")
    assert "<h1>Politik</h1>" in html and "Pemilu dan partai." in html
    assert "Rapat <mark>DPR</mark> membahas <mark>pemilu</mark> &amp; &lt;banjir&gt;." in html
    assert 'href="feed.xml"' in html and 'type="application/atom+xml"' in html
    overview = page(built, "themes/index.html")
    assert "Kosong" in overview and "0 artikel" in overview
    banjir = overview[overview.index("Banjir"):overview.index("Politik")]
    assert "25 artikel" in banjir and "Mei 2024" in banjir and "Juni 2024" in banjir
    themes_json = json.loads(built[1]["data/themes.json"])
    politik = next(t for t in themes_json["themes"] if t["id"] == "politik")
    assert politik["count"] == 1 and politik["articles"][0]["evidence"][0]["terms"] == ["DPR", "pemilu"]


def test_the_data_files_are_compact_json_with_each_text_given_once(built: tuple[Path, dict[str, bytes]]) -> None:
    for name in ("articles", "themes", "timeline", "timelinejs", "stories"):
        data = built[1][f"data/{name}.json"]
        assert data.endswith(b"}\n") and data.count(b"\n") == 1 and b'": ' not in data[:200], name
        assert json.loads(data)
    records = json.loads(built[1]["data/articles.json"])
    assert records["schema"] == 2
    evidence = [e for a in records["articles"] for t in a["themes"] for e in t["evidence"]]
    assert evidence and all(set(e) == {"block", "terms"} for e in evidence)  # the text is in blocks
    assert all(e["block"] == -1 or 0 <= e["block"] < len(a["blocks"])  # -1: the title
               for a in records["articles"] for t in a["themes"] for e in t["evidence"])
    themes_json = json.loads(built[1]["data/themes.json"])
    assert all(set(e) == {"block", "terms"} for t in themes_json["themes"] for a in t["articles"]
               for e in a["evidence"])


def test_themes_json_names_only_feeds_the_site_has(built: tuple[Path, dict[str, bytes]]) -> None:
    themes_json = json.loads(built[1]["data/themes.json"])
    feeds = {t["id"]: t["feeds"] for t in themes_json["themes"]}
    assert feeds["banjir"] == {"rss": "themes/banjir/feed.xml", "atom": "themes/banjir/atom.xml"}
    assert feeds["kosong"] is None  # no dated article, so no feed
    paths = [path for found in feeds.values() if found is not None for path in found.values()]
    assert paths and all((built[0] / path).is_file() for path in paths)


def test_outlets_and_the_month_archive(built: tuple[Path, dict[str, bytes]]) -> None:
    outlets = page(built, "outlets/index.html")
    assert outlets.index("Kabar A") < outlets.index("Warta B")
    assert 'href="kabar-a/index.html"' in outlets and "Artikel tanpa nama media" in outlets
    assert "Banjir melanda kota 1" in page(built, "outlets/kabar-a/index.html")
    archive = page(built, "archive/index.html")
    assert 'href="2024/06/index.html">Juni 2024</a>' in archive and 'href="undated/index.html"' in archive
    june = page(built, "archive/2024/06/index.html")
    assert "23 artikel" in june and "Banjir melanda kota 5" not in june
    assert "Banjir melanda kota 5" in page(built, "archive/2024/05/index.html")


def test_a_year_known_only_to_the_year_has_its_own_archive_page(tmp_path: Path) -> None:
    articles = [article(1), article(2, published=PublishedDate(dt.date(2023, 1, 1), "year", "text"))]
    _, files = factory.build(articles, factory.config(tmp_path))
    archive = files["archive/index.html"].decode("utf-8")
    assert 'href="2023/index.html">2023, bulan tidak diketahui</a>' in archive
    year = files["archive/2023/index.html"].decode("utf-8")
    assert "<h1>2023, bulan tidak diketahui</h1>" in year and "Banjir melanda kota 2" in year
    assert "Banjir melanda kota 1" not in year


def test_the_about_page_is_markdown_without_raw_html(tmp_path: Path) -> None:
    about = tmp_path / "about.md"
    about.write_text("# Tentang kami\n\nKami *menghimpun* berita.\n\n<script>alert(1)</script>\n", encoding="utf-8")
    _, files = factory.build(corpus()[:2], factory.config(tmp_path, about=str(about)))
    html = files["about/index.html"].decode()
    assert "<h1>Tentang kami</h1>" in html and "<em>menghimpun</em>" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="about/index.html">Tentang</a>' in files["index.html"].decode()


def test_without_an_about_file_there_is_no_about_link(tmp_path: Path) -> None:
    _, files = factory.build(corpus()[:2], factory.config(tmp_path, about="missing.md"))
    assert "about/index.html" not in files and "about/" not in files["index.html"].decode()


def test_every_internal_link_is_relative_and_names_a_file(built: tuple[Path, dict[str, bytes]]) -> None:
    root, files = built
    for path, data in files.items():
        if not path.endswith(".html") or path == "404.html":
            continue
        for tag, attrs in Tags(data.decode()).tags:
            link = attrs.get("href") or attrs.get("src")
            if link is None or tag == "link" and attrs.get("rel") == "canonical" or link.startswith("#"):
                continue
            if link.startswith(("https://", "http://")):
                assert tag == "a", f"{path}: <{tag}> loads {link} from outside the site"
                assert not link.startswith(factory.BASE_URL), f"{path}: absolute internal link {link}"
                continue
            assert not link.startswith("/"), f"{path}: root-relative link {link}"
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), link.split("#")[0]))
            assert (root / target).is_file(), f"{path}: {link} -> {target} is not a file"


def test_the_404_page_links_from_the_site_root_under_the_subpath(built: tuple[Path, dict[str, bytes]]) -> None:
    tags = Tags(page(built, "404.html"))
    assert tags.find("link", rel="stylesheet")[0]["href"] == "/repo/static/style.css"
    assert {a["href"] for a in tags.find("a")} >= {"/repo/", "/repo/themes/index.html"}
    assert not tags.find("link", rel="canonical")


def test_every_page_carries_the_head_metadata(built: tuple[Path, dict[str, bytes]]) -> None:
    for path, data in built[1].items():
        if not path.endswith(".html"):
            continue
        html = data.decode()
        tags = Tags(html)
        assert tags.find("meta", http_equiv="Content-Security-Policy")[0]["content"] == CSP, path
        assert tags.find("meta", name="viewport") and tags.find("meta", name="description")[0]["content"], path
        assert tags.find("link", rel="icon")[0]["href"].endswith("static/favicon.svg"), path
        assert {a["type"] for a in tags.find("link", rel="alternate")} >= {
            "application/rss+xml", "application/atom+xml", "application/feed+json"}, path
        assert 'class="skip" href="#main"' in html and '<main id="main"' in html, path
        # no inline style or script: only the site's own script files and the JSON-LD data block
        assert " style=" not in html, path
        assert not re.search(r"<script(?! type=\"application/ld\+json\")(?![^>]* src=\"[^\"]*static/)", html), path
        if path != "404.html":
            canonical = tags.find("link", rel="canonical")[0]["href"]
            assert canonical == factory.BASE_URL + path.removesuffix("index.html"), path
            assert tags.find("meta", property="og:url")[0]["content"] == canonical


def test_article_pages_carry_open_graph_and_json_ld(built: tuple[Path, dict[str, bytes]]) -> None:
    html = page(built, "articles/artikel-003/index.html")
    tags = Tags(html)
    assert tags.find("meta", property="og:type")[0]["content"] == "article"
    assert tags.find("meta", property="og:title")[0]["content"] == "Floods hit the capital"
    assert tags.find("meta", property="article:published_time")[0]["content"] == "2024-06-25"
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert data["@type"] == "NewsArticle" and data["headline"] == "Floods hit the capital"
    assert data["inLanguage"] == "en" and data["datePublished"] == "2024-06-25"
    assert data["url"] == factory.BASE_URL + "articles/artikel-003/"
    assert data["publisher"]["name"] == "Kabar A" and data["author"][0]["name"] == "Ani"


def test_json_ld_cannot_close_its_script_element() -> None:
    evil = article(1, title="</script><script>alert(1)</script>")
    text = str(render.json_ld(evil, "https://x.example/", "W"))
    assert "<" not in text and json.loads(text)["headline"] == evil.title


def test_sitemap_robots_nojekyll_and_favicon(built: tuple[Path, dict[str, bytes]]) -> None:
    root, files = built
    sitemap = files["sitemap.xml"].decode()
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert factory.BASE_URL in locs and factory.BASE_URL + "articles/artikel-000/" in locs
    assert all(loc.startswith(factory.BASE_URL) for loc in locs) and "404" not in sitemap
    noindex = {p for p, data in files.items() if p.endswith(".html") and b'content="noindex' in data}
    assert noindex == {"report/index.html", "search/index.html"}
    assert len(locs) == len([p for p in files if p.endswith(".html")]) - 1 - len(noindex)
    assert "<lastmod>2024-06-28</lastmod>" in sitemap
    assert files["robots.txt"].decode().endswith(f"Sitemap: {factory.BASE_URL}sitemap.xml\n")
    assert (root / ".nojekyll").is_file() and (root / "static" / "favicon.svg").is_file()
    css = (root / "static" / "style.css").read_text(encoding="utf-8")
    assert "prefers-color-scheme: dark" in css and "@media print" in css and ":focus-visible" in css
    assert "url(http" not in css and "@import" not in css and "@font-face" not in css


def test_the_same_input_gives_the_same_bytes(tmp_path: Path, built: tuple[Path, dict[str, bytes]]) -> None:
    _, again = factory.build(corpus(), factory.config(tmp_path, page_size=10, build_date=dt.date(2030, 1, 1)))
    assert again == built[1]


def test_the_timeline_slot_appears_only_with_a_timeline_page(built: tuple[Path, dict[str, bytes]]) -> None:
    from warta import i18n, site

    ui = i18n.Messages(i18n.load_catalogue(), "id")
    without = site.plan(corpus(), factory.config(Path("/tmp")), ui, factory.THEMES)
    assert "Linimasa" not in [n.label for n in without.shared["nav"]]
    plan = site.plan(corpus(), factory.config(Path("/tmp")), ui, factory.THEMES, timeline="timeline/index.html")
    assert [n.label for n in plan.shared["nav"]][:2] == ["Beranda", "Linimasa"]
    assert 'href="timeline/index.html">Linimasa</a>' in page(built, "index.html")


def test_highlight_marks_whole_words_and_escapes() -> None:
    text = "Banjir & banjirnya: BANJIR <b>"
    expected = "<mark>Banjir</mark> &amp; banjirnya: <mark>BANJIR</mark> &lt;b&gt;"
    assert str(render.highlight(text, ("banjir",))) == expected
    long = "awal " * 100 + "kata kunci di sini " + "akhir " * 100
    out = str(render.highlight(long, ("kunci",)))
    assert out.startswith("…") and "<mark>kunci</mark>" in out and out.endswith("…") and len(out) < 420
    # Terms that need escaping, and text holding the control characters the marking uses: the same marks.
    assert str(render.highlight("a < b & c", ("<", "&"))) == "a <mark>&lt;</mark> b <mark>&amp;</mark> c"
    assert str(render.highlight("x\x00 banjir\x01 <", ("banjir",))) == "x\x00 <mark>banjir</mark>\x01 &lt;"


def test_excerpt_cuts_at_a_word() -> None:
    a = dataclasses.replace(article(1), blocks=(Block("paragraph", "kata " * 100, 1),))
    text = render.excerpt(a, 50)
    assert text.endswith("kata…") and len(text) <= 50


def test_the_seed_site_is_built_in_indonesian(seed_site: Path) -> None:
    home = (seed_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="id">' in home and "Artikel terbaru" in home
    articles = sorted((seed_site / "articles").glob("*/index.html"))
    assert len(articles) == 5
    for path in articles:
        html = path.read_text(encoding="utf-8")
        assert '<details class="removed">' in html and "<h1" in html and 'class="story-body"' in html
    assert (seed_site / "themes" / "index.html").is_file() and (seed_site / "data" / "themes.json").is_file()


def test_templates_write_dates_and_languages_from_the_shared_helpers() -> None:
    from warta import i18n, site

    ui = i18n.Messages(i18n.load_catalogue(), "id")
    shared = site.plan(corpus(), factory.config(Path("/tmp")), ui, factory.THEMES).shared
    date_tag, lang_attr = shared["date_tag"], shared["lang_attr"]
    day = PublishedDate(dt.date(2024, 6, 19), "day", "front_matter")
    assert date_tag(day) == '<time datetime="2024-06-19">19 Juni 2024</time>'
    assert date_tag(day) is date_tag(PublishedDate(dt.date(2024, 6, 19), "day", "front_matter"))  # made once
    inferred = date_tag(PublishedDate(dt.date(2024, 6, 1), "month", "inferred"))
    assert inferred.startswith('<time datetime="2024-06" class="approx" title="Perkiraan: ')
    assert inferred.endswith(">sekitar Juni 2024</time>")
    assert date_tag(None) == '<span class="undated">Tanpa tanggal</span>'
    assert lang_attr("id") == "" and lang_attr("en") == ' lang="en"'
    assert lang_attr('x"><b>') == ' lang="x&#34;&gt;&lt;b&gt;"'
    # Templates of one's own that call the macros of earlier versions get the same.
    env = render.environment(Path(__file__).resolve().parent.parent / "templates", shared)
    old = env.from_string('{% import "_macros.html" as m with context %}[{{ m.date(p) }}|{{ m.lang(c) }}]')
    assert old.render(p=day, c="en") == f'[{date_tag(day)}|{lang_attr("en")}]'


def test_removed_lines_and_related_reasons_are_worded_by_the_shared_helpers() -> None:
    from warta import i18n, site

    ui = i18n.Messages(i18n.load_catalogue(), "id")
    shared = site.plan(corpus(), factory.config(Path("/tmp")), ui, factory.THEMES).shared
    removed_lines, related_reasons = shared["removed_lines"], shared["related_reasons"]
    lost = (Removed("Baca juga: <b>", "read-also", 3), Removed("Iklan & promo", "ad", 12))
    assert removed_lines(article(1, removed=lost)) == (
        '<li><span class="removed-text">Baca juga: &lt;b&gt;</span> <span class="removed-why">baris 3 · aturan'
        ' <code>read-also</code></span></li>\n'
        '<li><span class="removed-text">Iklan &amp; promo</span> <span class="removed-why">baris 12 · aturan'
        ' <code>ad</code></span></li>')
    # An article in another language than the page's: the reason is marked as the page's language.
    english = article(2, removed=lost[:1], language=Language("en", 0.9, "detected"))
    assert '<span class="removed-why" lang="id">baris 3' in removed_lines(english)
    assert removed_lines(article(3, removed=())) == ""
    assert related_reasons(("same-story", "shared-themes")) == "cerita yang sama, tema yang sama"
    assert related_reasons(["same-story"]) == "cerita yang sama"
    # The article page uses them, and the date and language helpers, as filters too.
    env = render.environment(Path(__file__).resolve().parent.parent / "templates", shared)
    page = env.from_string("{{ r | related_reasons }}|{{ c | lang_attr }}|{{ p | date_tag }}")
    assert page.render(r=("same-outlet",), c="en", p=None) == (
        f'{related_reasons(("same-outlet",))}| lang="en"|{shared["date_tag"](None)}')


def test_articles_are_ordered_newest_first_undated_last_ties_by_source() -> None:
    from warta import pipeline

    def dated(source: str, day: dt.date | None) -> Article:
        return dataclasses.replace(article(0), source=source,
                                   published=PublishedDate(day, "day", "text") if day else None)
    arts = [dated("b.txt", dt.date(2024, 6, 19)), dated("z.txt", None), dated("a.txt", dt.date(2024, 6, 19)),
            dated("c.txt", dt.date(999, 1, 2)), dated("d.txt", dt.date(2025, 1, 1)), dated("a.md", None),
            dated("e.txt", dt.date(2024, 12, 31))]
    ordered = sorted(arts, key=pipeline.publication_order)
    assert [a.source for a in ordered] == ["d.txt", "e.txt", "a.txt", "b.txt", "c.txt", "a.md", "z.txt"]


def test_articles_in_other_scripts_have_readable_paths_and_their_direction(tmp_path: Path) -> None:
    """A non-Latin title keeps its letters in the path (percent-encoded in links); Arabic reads right to left."""
    from urllib.parse import unquote

    from warta import urls
    arabic = article(1, title="مصر والسودان تطالبان باتفاق", slug=urls.slug("مصر والسودان تطالبان باتفاق"),
                     language=Language("ar", 0.99))
    japanese = article(2, title="各地で猛暑日 熱中症に厳重警戒を", slug=urls.slug("各地で猛暑日 熱中症に厳重警戒を"),
                       language=Language("ja", 0.99))
    _, files = factory.build([arabic, japanese], factory.config(tmp_path))
    ar_page = files["articles/مصر-والسودان-تطالبان-باتفاق/index.html"].decode("utf-8")
    assert '<h1 lang="ar" dir="rtl">مصر والسودان تطالبان باتفاق</h1>' in ar_page
    assert '<div class="story-body" lang="ar" dir="rtl">' in ar_page
    ja_page = files["articles/各地で猛暑日-熱中症に厳重警戒を/index.html"].decode("utf-8")
    assert '<h1 lang="ja">各地で猛暑日 熱中症に厳重警戒を</h1>' in ja_page  # left to right: no dir
    home = files["index.html"].decode("utf-8")
    links = re.findall(r'<a href="(articles/[^"]+)">', home)
    assert links and all(link.isascii() for link in links)
    assert {unquote(link) for link in links} == {urls.article_path(arabic), urls.article_path(japanese)}


def _themes_as_before(articles: list[Article], known: Any, ui: Any) -> tuple[Any, ...]:
    """site._themes as it was: each theme's months read again from its entries' articles."""
    from collections import defaultdict

    from warta import site, urls
    entries: dict[str, list[Any]] = defaultdict(list)
    for a in articles:
        for m in a.themes:
            entries[m.theme].append(site.ThemeEntry(a, m, site._best_evidence(m)))
    words = {t.id: (site._pick(t.label, ui.language) or t.id, site._pick(t.description, ui.language)) for t in known}
    out = []
    for theme_id in [t.id for t in known] + sorted(set(entries) - set(words)):
        label, description = words.get(theme_id, (theme_id, ""))
        found = tuple(entries.get(theme_id, ()))
        months = sorted({(e.article.published.date.year, e.article.published.date.month) for e in found
                         if e.article.published is not None and e.article.published.precision != "year"})
        out.append(site.Theme(theme_id, label, description, urls.theme_folder(theme_id), found, tuple(months)))
    return tuple(out)


def test_themes_gather_each_themes_months_as_reading_them_from_its_entries_did() -> None:
    from types import SimpleNamespace

    from warta import i18n, site
    ui = i18n.Messages(i18n.load_catalogue(), "id")
    known = [SimpleNamespace(id="banjir", label={"id": "Banjir"}, description={}),
             SimpleNamespace(id="kosong", label={"en": "Empty"}, description={"id": "Tanpa artikel"})]
    awkward = [
        article(30, published=PublishedDate(dt.date(2023, 12, 31), "year", "text")),  # a year: no month
        article(31, published=None),
        article(32, published=PublishedDate(dt.date(2022, 2, 3), "month", "inferred"),
                themes=(ThemeMatch("banjir", 4.0), ThemeMatch("luar-leksikon", 5.0), ThemeMatch("banjir", 3.0))),
        article(33, themes=()),
        article(34, published=PublishedDate(dt.date(2024, 1, 9), "day", "text"), themes=(ThemeMatch("zeta", 1.0),)),
    ]
    for articles in (corpus(), awkward, corpus() + awkward):
        new = site._themes(articles, known, ui)
        assert new == _themes_as_before(articles, known, ui)
    assert [t.months for t in new if t.id in ("banjir", "luar-leksikon", "zeta", "kosong")] == [
        ((2022, 2), (2024, 5), (2024, 6)), (), ((2022, 2),), ((2024, 1),)]


def _shared_passages_as_before(articles: list[Article], story: Any) -> dict[str, tuple[Any, ...]]:
    """site._shared_passages as it was: read from stories.story_fields, the data file's story fields."""
    from warta import site, stories
    by_id = {a.id: a for a in articles}
    out = {}
    for article_id, found in stories.story_fields(story).items():
        if article_id not in by_id:
            continue
        links: list[Any] = []
        for p in found["shared_passages"]:
            if any(link.paragraph == p["paragraph"] for link in links):
                continue
            others = tuple((by_id[w["article"]], w["paragraph"]) for w in p["with"] if w["article"] in by_id)
            if others:
                links.append(site.PassageLink(p["paragraph"], p["text"], others))
        if links:
            out[article_id] = tuple(sorted(links, key=lambda link: link.paragraph))
    return out


def test_shared_passages_read_from_the_passages_are_those_read_from_the_story_fields() -> None:
    from types import SimpleNamespace

    from warta import site
    from warta.similar import Occurrence, SharedPassage

    def passage(n: int, *where: tuple[int, int]) -> SharedPassage:
        return SharedPassage(f"p{n}", f"teks {n}", 9, tuple(Occurrence(f"art-{a:03d}", block, f"teks {n} di {a}", 9)
                                                             for a, block in where))
    passages = (
        passage(1, (1, 2), (2, 0), (3, 4)),
        passage(2, (1, 2), (4, 1)),  # the same paragraph of art-001 again: the first passage is shown
        passage(3, (2, 5), (2, 1), (5, 0)),  # art-002 twice in one passage: its first occurrence counts
        passage(4, (6, 3), (99, 0)),  # shared only with an article not on the site: no link, no paragraph taken
        passage(5, (6, 3), (1, 0)),
        passage(6, (98, 1), (97, 2)),  # none of them on the site
        passage(7, (5, 7), (3, 0), (5, 1)),
    )
    story = SimpleNamespace(passages=passages, related={}, story_of={"art-007": "s1"})
    articles = [article(n) for n in range(10)]
    new = site._shared_passages(articles, passages)
    assert new == _shared_passages_as_before(articles, story)
    assert [link.paragraph for link in new["art-006"]] == [3] and new["art-006"][0].text == "teks 5 di 6"
    assert [(link.paragraph, link.text) for link in new["art-002"]] == [(0, "teks 1 di 2"), (5, "teks 3 di 2")]
    fewer = articles[::2]
    assert site._shared_passages(fewer, passages) == _shared_passages_as_before(fewer, story)


def _related_as_before(articles: list[Article], outlets: Any) -> dict[str, tuple[Any, ...]]:
    """site._related as it was: each article's candidates gathered and ranked one article at a time."""
    from collections import defaultdict

    from warta import site
    position = {a.id: i for i, a in enumerate(articles)}
    lists: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        for m in a.themes:
            lists["t:" + m.theme].append(a)
    for o in outlets:
        lists["o:" + o.name] = list(o.articles)
    index = {(key, a.id): i for key, members in lists.items() for i, a in enumerate(members)}
    bit = {t: 1 << i for i, t in enumerate(sorted({m.theme for a in articles for m in a.themes}))}
    themes = {a.id: sum({bit[m.theme] for m in a.themes}) for a in articles}
    out = {}
    for a in articles:
        found = {}
        for key in ["t:" + m.theme for m in a.themes] + (["o:" + a.outlet] if a.outlet else []):
            i = index[(key, a.id)]
            for b in lists[key][max(0, i - site.NEIGHBOURS): i + site.NEIGHBOURS + 1]:
                if b.id != a.id:
                    found[b.id] = b
        ranked = sorted((-(themes[a.id] & themes[b.id]).bit_count(), 0 if a.outlet and b.outlet == a.outlet else 1,
                         abs(position[b.id] - position[a.id]), b.id, b) for b in found.values())
        out[a.id] = tuple(site.RelatedLink(b, ("same-outlet",) if shared == 0 else ("shared-themes",))
                          for shared, _, _, _, b in ranked[:site.RELATED])
    return out


def test_related_articles_ranked_as_arrays_are_those_ranked_one_article_at_a_time() -> None:
    import random

    from warta import site
    rng = random.Random(7)
    names = [f"tema-{i:02d}" for i in range(70)]  # more themes than one 64-bit column holds

    def made(n: int) -> Article:
        picked = rng.sample(names[:8] if n % 3 else names, rng.randint(0, 4))
        twice = (ThemeMatch(picked[0], 3.0),) if n % 11 == 0 and picked else ()  # a theme matched twice
        themes = tuple(ThemeMatch(t, 4.0) for t in picked) + twice
        return article(n, themes=themes, outlet=rng.choice(["Kabar A", "Warta B", "Warta b", None, ""]),
                       id=f"{rng.choice('abzAZ0')}-{n:03d}")  # ids whose order is not the articles' order
    many = [made(n) for n in range(300)]
    for articles in (corpus(), many, many[:1], many[:2], [], [made(n) for n in range(300, 330)]):
        outlets = site._outlets(articles)
        assert site._related(articles, outlets) == _related_as_before(articles, outlets)
    related = site._related(many, site._outlets(many))
    assert {link.reasons for links in related.values() for link in links} == {("same-outlet",), ("shared-themes",)}


def test_an_outlet_named_in_another_script_is_marked_with_its_language(tmp_path: Path) -> None:
    arabic = dict(language=Language("ar", 0.9), outlet="الجزيرة نت", title="عاصفة تضرب الساحل")
    articles = [article(1, **arabic), article(3, **arabic), article(2, language=Language("en", 0.9), outlet="CNN")]
    _, files = factory.build(articles, factory.config(tmp_path, language="en"))
    mark = 'lang="ar" dir="rtl"'
    outlet = files["outlets/الجزيرة-نت/index.html"].decode()
    assert f'<h1 {mark}>الجزيرة نت</h1>' in outlet
    assert f'Articles from <bdi {mark}>الجزيرة نت</bdi>, newest first.' in outlet
    assert '<meta name="description" content="Articles from الجزيرة نت, newest first.">' in outlet
    assert f' {mark}>الجزيرة نت</a> <span class="count">' in files["outlets/index.html"].decode()
    page = files["articles/artikel-001/index.html"].decode()
    assert f'<bdi class="outlet" {mark}>الجزيرة نت</bdi>' in page
    assert re.search(f'<dd><a href="[^"]+" {mark}>الجزيرة نت</a></dd>', page)
    assert '<bdi class="outlet">CNN</bdi>' in files["articles/artikel-002/index.html"].decode()  # Latin: a brand


def test_the_about_page_is_marked_with_its_own_language(tmp_path: Path) -> None:
    about = tmp_path / "about.md"
    about.write_text("---\nlanguage: id\n---\n# Tentang kami\n\nKami menghimpun berita.\n", encoding="utf-8")
    english = [article(n, language=Language("en", 0.9)) for n in range(2)]
    html = factory.build(english, factory.config(tmp_path, about=str(about)))[1]["about/index.html"].decode()
    assert '<html lang="en">' in html and '<article class="prose" lang="id">' in html
    assert "<h1>Tentang kami</h1>" in html and "language: id" not in html  # the front matter is not shown
    about.write_text("# Tentang kami\n\nSitus ini menghimpun berita dari berbagai media, lalu membersihkan dan "
                     "menyusunnya agar enak dibaca oleh siapa saja.\n", encoding="utf-8")
    detected = factory.build(english, factory.config(tmp_path / "b", about=str(about)))[1]["about/index.html"]
    assert '<article class="prose" lang="id">' in detected.decode()
    (tmp_path / "about.en.md").write_text("# About us\n\nWe gather news.\n", encoding="utf-8")
    localised = factory.build(english, factory.config(tmp_path / "c", about=str(about)))[1]["about/index.html"]
    assert '<article class="prose">' in localised.decode() and "About us" in localised.decode()
