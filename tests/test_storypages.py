"""The story pages: timeline, coverage chart, stories overview, a page per story, shared passages."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_factory import THEMES, article, config
from warta import i18n, render, site, storypages
from warta.model import Article, Language, PublishedDate
from warta.similar import Occurrence, Shared, SharedGroup, SharedPair, SharedPassage
from warta.stories import Story, StoryAnalysis
from warta.timeline import Event, Source

ISO = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b")
CATALOGUE = i18n.load_catalogue()


class Page(HTMLParser):
    """What a test needs of a page: ids, links, <time> elements, the text a reader sees, elements by class."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.times: list[tuple[str, str]] = []  # (datetime, text)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.visible: list[str] = []
        self._stack: list[str] = []
        self._time: list[str] | None = None
        self._datetime = ""
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if tag == "time":
            self._time, self._datetime = [], values.get("datetime", "")
        if tag not in ("meta", "link", "br", "img", "input", "line", "rect", "path"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "time" and self._time is not None:
            self.times.append((self._datetime, "".join(self._time).strip()))
            self._time = None
        while self._stack and self._stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self._time is not None:
            self._time.append(data)
        if not set(self._stack) & {"script", "style", "title", "head"}:
            self.visible.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.visible).split())

    def having(self, tag: str, css_class: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and css_class in a.get("class", "").split()]


# --------------------------------------------------------------------------- the seed site


@pytest.fixture(scope="module")
def seed_pages(seed_site: Path) -> dict[str, str]:
    out = {}
    for path in sorted(seed_site.rglob("index.html")):
        rel = path.relative_to(seed_site).as_posix()
        if rel.split("/")[0] in ("timeline", "stories", "shared"):
            out[rel] = path.read_text(encoding="utf-8")
    return out


def test_the_timeline_is_an_ordered_list_of_dated_events_under_year_and_month_headings(
        seed_pages: dict[str, str]) -> None:
    html = seed_pages[storypages.TIMELINE_PATH]
    page = Page(html)
    assert "<ol class=\"events\">" in html
    years = [a["id"] for t, a in page.tags if t == "h2" and a.get("id", "").startswith("y-")]
    assert years == sorted(years) and len(years) >= 2
    assert any(t == "h3" and a.get("id", "").startswith("m-") for t, a in page.tags)
    events = page.having("li", "event")
    assert len(events) >= 10
    assert len(page.times) >= len(events)
    for stamp, text in page.times:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", stamp), stamp
        assert not ISO.search(text), f"{text!r} is not written out"
    texts = {text for _, text in page.times}
    assert "1961" in texts and "19 Juni 2024" in texts  # a year and a day, written out (UI: Indonesian)
    assert any(text.startswith("sekitar ") for text in texts)  # approximate dates are marked


def test_every_paragraph_link_reaches_an_anchor_that_exists(seed_site: Path, seed_pages: dict[str, str]) -> None:
    checked = 0
    for rel, html in seed_pages.items():
        for href in Page(html).links:
            if "#p-" not in href:
                continue
            target, anchor = href.split("#", 1)
            path = (seed_site / rel).parent / urllib.parse.unquote(target)
            assert path.is_file(), f"{rel}: {href} names no file"
            assert anchor in Page(path.read_text(encoding="utf-8")).ids, f"{rel}: {href} names no paragraph"
            checked += 1
    assert checked >= 20


def test_the_coverage_chart_has_a_legend_a_text_alternative_and_no_inline_style(seed_pages: dict[str, str]) -> None:
    html = seed_pages[storypages.TIMELINE_PATH]
    page = Page(html)
    svg = next(a for t, a in page.tags if t == "svg" and "chart-svg" in a.get("class", ""))
    assert svg["role"] == "img"
    assert all(i in page.ids for i in svg["aria-labelledby"].split())
    assert re.search(r'<svg[^>]*>\s*<title id="chart-title">[^<]+</title>\s*<desc id="chart-desc">[^<]+</desc>', html)
    legend = re.search(r'<ul class="chart-legend".*?</ul>', html, re.S)
    assert legend is not None
    series = set(re.findall(r"series-(\d)", legend.group(0)))
    assert len(series) >= 2 and series == {str(i) for i in range(len(series))}
    bars = page.having("rect", "chart-bar")
    assert bars and {a["class"].split()[-1] for a in bars} <= {f"series-{i}" for i in series}
    assert "<table>" in html and "<caption" in html and "scope=\"row\"" in html
    assert 'class="table-frame" tabindex="0" role="region"' in html  # the table scrolls in its own box
    figure = html[html.index('<figure class="chart"'):html.index("</figure>")]
    assert " style=" not in figure and "fill=" not in figure  # colours come from classes (CSP, dark scheme)


def test_story_spans_are_written_out_and_themes_link_to_their_pages(seed_site: Path,
                                                                   seed_pages: dict[str, str]) -> None:
    overview = Page(seed_pages[storypages.STORIES_PATH])
    spans = re.findall(r'<span class="span">([^<]+)</span>', seed_pages[storypages.STORIES_PATH])
    assert spans and not any(ISO.search(s) for s in spans)
    assert not ISO.search(overview.text())
    story_files = [p for p in seed_pages if p.startswith("stories/") and p != storypages.STORIES_PATH]
    assert story_files
    for rel in story_files:
        page = Page(seed_pages[rel])
        assert not ISO.search(page.text()), rel
        themes = [h for h in page.links if "themes/" in h]
        assert themes and all((seed_site / rel).parent.joinpath(h).resolve().is_file() for h in themes)
        assert any(h.startswith("../../articles/") and h.endswith("index.html") for h in page.links)


def test_shared_passages_show_shares_in_percent_and_link_both_paragraphs(seed_pages: dict[str, str]) -> None:
    html = seed_pages[storypages.SHARED_PATH]
    page = Page(html)
    assert re.search(r'<data value="\d+">\d+% ', html)
    assert "<blockquote" in html
    paragraph_links = [h for h in page.links if "#p-" in h]
    assert len({h.split("#")[0] for h in paragraph_links}) >= 2


# --------------------------------------------------------------------------- made-to-order stories


def _analysis(articles: list[Article]) -> StoryAnalysis:
    a, b, c = (x.id for x in articles[:3])
    events = (
        Event("e-1961", dt.date(1961, 1, 1), "year", "historical", "Perjanjian 1961 ditandatangani.", ("banjir",),
              (Source(a, 2, "Perjanjian 1961.", "1961", False),)),
        Event("e-2024-06-03", dt.date(2024, 6, 3), "day", "reported", "Banjir besar melanda kota.",
              ("banjir", "lexicon-free"), (Source(a, 0, "Banjir.", "Senin", True, True),
                                           Source(b, 3, "Banjir.", "Senin", True, True))),
        Event("e-2024-07", dt.date(2024, 7, 1), "month", "scheduled", "Pemilu akan digelar.", (),
              (Source(c, 0, "Pemilu.", "Juli", False),)),
    )
    passage = SharedPassage("sp-1", "Warga mengungsi ke tempat aman.", 5,
                            (Occurrence(a, 0, "Warga mengungsi.", 5), Occurrence(b, 0, "Warga mengungsi.", 5)))
    pair = SharedPair(a, b, ("sp-1",), 40, 50, 0.125, 0.1)
    shared = Shared((passage,), (pair,), (SharedGroup((a, b), ("sp-1",), 5),))
    story = Story("2024-06-03-banjir", articles[0].title, (a, b, c), tuple(e.id for e in events), "e-2024-06-03",
                  ("banjir", "lexicon-free"), dt.date(2024, 6, 2), dt.date(2024, 6, 4))
    return StoryAnalysis(events, shared, (), (story,), {}, {a: story.id, b: story.id, c: story.id})


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Page]:
    articles = [article(n, language=Language("en", 1.0)) for n in (1, 2, 3)]
    articles.append(article(4, published=PublishedDate(dt.date(2024, 8, 1), "month", "text")))
    cfg = config(tmp_path_factory.mktemp("story-en"), language="en")
    ui = i18n.Messages(CATALOGUE, "en")
    plan = site.plan(articles, cfg, ui, THEMES, timeline=storypages.TIMELINE_PATH)
    pages = storypages.pages(_analysis(articles), articles, cfg, ui, plan.theme_labels)
    return {f.path: Page(f.data.decode("utf-8")) for f in render.render_all(pages, cfg, plan.shared)}


def test_kinds_precision_and_approximate_dates_speak_the_ui_language(english: dict[str, Page]) -> None:
    page = english[storypages.TIMELINE_PATH]
    text = page.text()
    for words in ("Background", "Event", "Scheduled", "precision: year", "precision: day", "precision: month"):
        assert words in text
    assert ("2024-06-03", "about 3 June 2024") in page.times
    assert ("1961", "1961") in page.times and ("2024-07", "July 2024") in page.times
    assert any(a.get("class") == "approx" for t, a in page.tags if t == "time")
    assert "2024, month not given" not in text  # no year-only heading when a year has only months


def test_a_theme_links_to_its_page_only_when_the_site_has_one(english: dict[str, Page]) -> None:
    page = english[storypages.TIMELINE_PATH]
    assert "../themes/banjir/index.html" in page.links
    assert "lexicon-free" in page.text() and not any("lexicon-free" in h for h in page.links)


def test_the_chart_counts_every_month_in_the_range_gaps_included() -> None:
    ui = i18n.Messages(CATALOGUE, "en")
    articles = [article(1), article(2), article(4, published=PublishedDate(dt.date(2024, 8, 1), "month", "text"))]
    chart = storypages.coverage_chart(articles, ui, {"banjir": "Floods"})
    assert [month for month, _ in chart.rows] == ["June 2024", "July 2024", "August 2024"]
    assert [counts for _, counts in chart.rows] == [(2,), (0,), (1,)]
    assert [t.label for t in chart.themes] == ["Floods"] and chart.themes[0].path == "themes/banjir/index.html"
    assert [b.height > 0 for b in chart.bars] == [True, False, True]
    assert chart.first == "June 2024" and chart.last == "August 2024"


def test_the_story_page_lists_articles_by_outlet_its_events_and_themes(english: dict[str, Page]) -> None:
    page = english["stories/2024-06-03-banjir/index.html"]
    text = page.text()
    assert "2–4 June 2024" in text and "3 articles" in text and "2 outlets" in text
    assert "Kabar A" in text and "Warta B" in text and "Main event" in text
    assert sum(1 for h in page.links if "#p-" in h) >= 4
    ids = [a["id"] for t, a in page.tags if "id" in a]
    assert len(ids) == len(set(ids))  # the main event, shown twice, keeps one id


def test_shared_pairs_show_each_articles_share(english: dict[str, Page]) -> None:
    text = english[storypages.SHARED_PATH].text()
    assert "13% of its text shared" in text and "10% of its text shared" in text


@pytest.mark.parametrize(("start", "sp", "end", "ep", "language", "expected"), [
    ("2024-06-19", "day", "2024-06-19", "day", "id", "19 Juni 2024"),
    ("2024-06-01", "day", "2024-06-12", "day", "id", "1–12 Juni 2024"),
    ("2024-06-01", "month", "2024-06-12", "day", "id", "Juni 2024"),
    ("2024-05-28", "day", "2024-06-03", "day", "id", "28 Mei – 3 Juni 2024"),
    ("2024-05-01", "month", "2024-06-03", "day", "en", "May – 3 June 2024"),
    ("2023-12-30", "day", "2024-01-02", "day", "en", "30 December 2023 – 2 January 2024"),
    ("2024-01-01", "year", "2024-03-05", "day", "en", "2024"),
])
def test_a_story_span_is_written_out_as_briefly_as_it_reads(start: str, sp: str, end: str, ep: str, language: str,
                                                           expected: str) -> None:
    ui = i18n.Messages(CATALOGUE, language)
    got = storypages.span_text(ui, dt.date.fromisoformat(start), sp, dt.date.fromisoformat(end), ep)  # type: ignore[arg-type]
    assert got == expected
