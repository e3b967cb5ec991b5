"""Hostile input is text, never code: every output file is scanned for live markup.

tests/data/hostile/ holds articles whose titles, bodies and front matter carry <script>, onerror=,
javascript: and data: URLs, </title>, ]]>, control characters and "slug: ../../etc". They are built
with a good article; then every page, feed, sitemap and JSON file of the site is parsed the way a
browser or a feed reader would, and nothing of the payloads may be markup there.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import html5lib
import pytest

from conftest import BASE_URL, ROOT, make_config
from warta import pipeline

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
GOOD = sorted((ROOT / "seeds").glob("*.txt"))[0]
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "cite", "background", "srcset",
                   "xlink:href", "ping", "manifest", "icon"}
_ALWAYS_FORBIDDEN = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "style", "img"}
_LOADED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}
_FOREIGN = re.compile(r"(?i)^\s*(?:[a-z][a-z0-9+.-]*:|//)")
_BAD_SCHEME = re.compile(r"(?i)^\s*(?:javascript|data|vbscript|file):")
_CSP = re.compile(r"default-src 'self'.*script-src 'self'")
_CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}encoded"
_ATOM = "{http://www.w3.org/2005/Atom}"


@dataclasses.dataclass(frozen=True)
class Built:
    report: pipeline.BuildReport
    site: Path
    tmp: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = tmp / "input" / "hostile"
    corpus.mkdir(parents=True)
    for path in HOSTILE.iterdir():
        if path.suffix != ".err":
            shutil.copy(path, corpus / path.name)
    shutil.copy(GOOD, corpus / GOOD.name)
    report = pipeline.build(make_config(tmp, corpus))
    return Built(report, tmp / "_site", tmp)


def files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in suffixes)


def live_markup(html: str, fragment: bool = False) -> Iterator[str]:
    """Everything in ``html`` that a browser would run or load as code, each as a sentence.

    Allowed: the site's own scripts (a relative ``src``), the JSON-LD data block, and in whole pages
    ``<link>``, ``<meta>`` and a search ``<form>`` to the site's own files. A fragment (feed content)
    may hold none of these.
    """
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    tree = parser.parseFragment(html) if fragment else parser.parse(html)
    for error in parser.errors:
        yield f"HTML parse error {error[1]} at {error[0]}"
    forbidden = _ALWAYS_FORBIDDEN | ({"link", "meta", "title", "form", "input", "button"} if fragment else set())
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "script":
            yield from _script_problems(element, fragment)
        if tag in forbidden:
            yield f"<{tag}> element"
        if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            yield "meta refresh"
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                yield f"event handler {name}={value!r} on <{tag}>"
            if name.lower() in _URL_ATTRIBUTES and _BAD_SCHEME.match(_strip_controls(value)):
                yield f"{name}={value!r} on <{tag}>"
            loads = tag in ("script", "form") or _LOADED_LINKS & set(element.get("rel", "").lower().split())
            if loads and name in ("href", "src", "action") and _FOREIGN.match(value):
                yield f"<{tag} {name}={value!r}> loads from another site"


def _script_problems(element: Any, fragment: bool) -> Iterator[str]:
    text = element.text or ""
    if fragment:
        yield f"script element {text[:60]!r}"
    elif element.get("type") == "application/ld+json" and element.get("src") is None:
        json.loads(text)  # data, and it stays data
        if "<" in text:
            yield "JSON-LD holds '<'"
    elif element.get("src") is None:
        yield f"inline script {text[:60]!r}"


def _strip_controls(value: str) -> str:
    return re.sub(r"[\x00-\x20]", "", value)  # browsers ignore these inside a scheme: "java\tscript:"


def test_bad_urls_are_refused_with_their_line(built: Built) -> None:
    errors = {str(p) for p in built.report.errors}
    for err in sorted(HOSTILE.glob("*.err")):
        assert f"hostile/{err.read_text(encoding='utf-8').strip()}" in errors


def test_the_rest_is_built(built: Built) -> None:
    data = json.loads((built.site / "data" / "articles.json").read_bytes())
    sources = sorted(a["source_file"] for a in data["articles"])
    expected = sorted(f"hostile/{p.name}" for p in HOSTILE.iterdir()
                      if p.suffix != ".err" and not p.with_suffix(".err").exists())
    assert sources == sorted([*expected, f"hostile/{GOOD.name}"])


def test_every_html_page_has_no_live_markup_and_carries_the_csp(built: Built) -> None:
    pages = files(built.site, ".html")
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert list(live_markup(html)) == [], page
        tree = html5lib.parse(html, namespaceHTMLElements=False)
        head = tree.find("head")
        assert head is not None
        csp = [m.get("content", "") for m in head.iter("meta")
               if m.get("http-equiv", "").lower() == "content-security-policy"]
        assert len(csp) == 1 and _CSP.search(csp[0]), page
        assert not re.search(r"unsafe-inline|unsafe-eval|\*|https?:", csp[0]), csp[0]
        assert len(list(tree.iter("title"))) == 1, page


def test_payloads_appear_as_text_on_the_article_pages(built: Built) -> None:
    text = _page_text(built.site / "articles" / "banjir-script-alert-1-script-di-kota-title-img-src-x-onerror-alert-1")
    assert "Banjir <script>alert(1)</script> di Kota </title> ]]> <img src=x onerror=alert(1)>" in text
    assert 'Hujan deras <script>alert("body")</script> membuat banjir' in text
    assert "\x07" not in text and "\x1b" not in text  # control characters are dropped, the rest stays
    front = _page_text(built.site / "articles" / _slug_of(built, "front_matter_payloads.md"))
    assert "<script>alert(1)</script> Banjir </title> ]]> [31m <img src=x onerror=alert(1)>" in front
    assert "<img src=x onerror=alert('outlet')>" in front and "<b onmouseover=alert(1)>Ani</b>" in front
    links = _page_text(built.site / "articles" / "tautan-berbahaya-dalam-markdown")
    assert "[klik](javascript:alert(1))" in links
    # raw HTML in Markdown keeps its text and loses its tags; script keeps nothing (the iframe is listed as removed)
    assert "blok html mentah" in links and "onclick" not in links and "alert(3)" not in links


def test_every_feed_is_well_formed_and_its_html_is_inert(built: Built) -> None:
    feeds = [p for p in files(built.site, ".xml") if p.name != "sitemap.xml"]
    assert feeds
    titles: set[str] = set()
    for feed in feeds:
        root = ET.fromstring(feed.read_bytes())  # well-formed: "]]>" and "</title>" broke nothing
        parsed: Any = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
        for html in _feed_html(root):
            assert list(live_markup(html, fragment=True)) == [], (feed, html[:200])
        titles |= {t.text or "" for t in root.iter("title")} | {t.text or "" for t in root.iter(_ATOM + "title")}
    assert any(t.startswith("<script>alert(1)</script> Banjir </title> ]]>") for t in titles)


def test_rss_descriptions_are_inert_html(built: Built) -> None:
    for feed in files(built.site, ".xml"):
        root = ET.fromstring(feed.read_bytes())
        for element in root.iter("description"):
            assert list(live_markup(element.text or "", fragment=True)) == [], (feed, element.text)


def test_the_json_feeds_and_data_are_json_and_their_html_is_inert(built: Built) -> None:
    found = 0
    for path in files(built.site, ".json"):
        data = json.loads(path.read_bytes())
        for item in data.get("items", []) if isinstance(data, dict) else []:
            found += 1
            assert list(live_markup(item.get("content_html", ""), fragment=True)) == [], (path, item["id"])
            for key in ("url", "external_url"):
                assert not _BAD_SCHEME.match(item.get(key) or ""), (path, key, item[key])
    assert found


def test_the_sitemap_lists_only_the_sites_own_urls(built: Built) -> None:
    root = ET.fromstring((built.site / "sitemap.xml").read_bytes())
    locs = [e.text or "" for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith(BASE_URL) and not re.search(r"[<>\"'\s]", loc) for loc in locs)


def test_a_slug_from_front_matter_cannot_leave_the_output_folder(built: Built) -> None:
    assert _slug_of(built, "slug_escape.md") == "etc"
    assert (built.site / "articles" / "etc" / "index.html").is_file()
    assert sorted(p.name for p in built.tmp.iterdir()) == ["_site", "input"]  # nothing beside the site
    assert not Path("/tmp/warta-escape").exists() and not (ROOT / "etc").exists()
    for path in built.site.rglob("*"):
        assert path.resolve().is_relative_to(built.site.resolve())


def _page_text(folder: Path) -> str:
    tree = html5lib.parse((folder / "index.html").read_bytes(), namespaceHTMLElements=False)
    return " ".join("".join(tree.itertext()).split())


def _slug_of(built: Built, name: str) -> str:
    data = json.loads((built.site / "data" / "articles.json").read_bytes())
    return next(str(a["slug"]) for a in data["articles"] if a["source_file"] == f"hostile/{name}")


def _feed_html(root: ET.Element) -> Iterator[str]:
    """The parts of a feed that readers render as HTML."""
    for element in root.iter(_CONTENT_NS):
        yield element.text or ""
    for tag in ("content", "summary"):
        for element in root.iter(_ATOM + tag):
            if element.get("type") in ("html", "xhtml"):
                yield element.text or "" if element.get("type") == "html" else ET.tostring(element, "unicode")
