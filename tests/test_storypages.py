"""The story pages: timeline, coverage chart, stories overview, a page per story, shared passages."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_factory import THEMES, article, config
from warta import i18n, render, site, storypages, urls
from warta.model import Article, Language, PublishedDate
from warta.similar import Occurrence, Shared, SharedGroup, SharedPair, SharedPassage
from warta.stories import Story, StoryAnalysis, focus_dates, load_rules
from warta.timeline import Event, Source

ISO = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b")
CATALOGUE = i18n.load_catalogue()
RULES = load_rules()


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


def _timeline_pages(pages: dict[str, str]) -> dict[str, str]:
    """The timeline's month and year pages (not its overview), by path."""
    return {p: h for p, h in pages.items() if p.startswith("timeline/") and p != urls.PATHS.timeline}


def test_the_timeline_overview_lists_each_month_with_its_count_and_most_reported_events(
        seed_site: Path, seed_pages: dict[str, str]) -> None:
    html = seed_pages[urls.PATHS.timeline]
    page = Page(html)
    assert '<ol class="events">' not in html  # the events themselves are on the month pages
    years = [a["id"] for t, a in page.tags if t == "h2" and a.get("id", "").startswith("y-")]
    assert years == sorted(years) and len(years) >= 2
    months = [h for h in page.links if re.fullmatch(r"\d{4}/(\d{2}/)?index\.html", h)]
    assert months and len(months) == len(set(months)) == len(_timeline_pages(seed_pages))
    highlights = [h for h in page.links if "#e-" in h]
    assert highlights
    for href in highlights:
        target, anchor = href.split("#")
        assert anchor in Page(seed_pages[f"timeline/{target}"]).ids, href
    for stamp, text in page.times:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", stamp) and not ISO.search(text), (stamp, text)


def test_a_month_of_the_timeline_is_an_ordered_list_of_events_under_date_headings(
        seed_pages: dict[str, str]) -> None:
    months = _timeline_pages(seed_pages)
    assert any(p.count("/") == 3 for p in months) and any(p.count("/") == 2 for p in months)  # months, years
    texts, events = set(), []
    for rel, html in sorted(months.items()):
        page = Page(html)
        assert "<ol class=\"events\">" in html, rel
        days = [a["id"] for t, a in page.tags if a.get("id", "").startswith("d-")]
        assert days and days == sorted(days), rel
        events += [a["id"] for a in page.having("li", "event")]
        for stamp, text in page.times:
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", stamp), stamp
            assert not ISO.search(text), f"{text!r} is not written out"
        texts |= {text for _, text in page.times}
        assert "../index.html" in page.links or "../../index.html" in page.links  # back to the overview
    assert len(events) >= 10 and len(events) == len(set(events))  # each event on one page only
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
    html = seed_pages[urls.PATHS.timeline]
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
    overview = Page(seed_pages[urls.PATHS.stories])
    spans = re.findall(r'<span class="span">([^<]+)</span>', seed_pages[urls.PATHS.stories])
    assert spans and not any(ISO.search(s) for s in spans)
    assert not ISO.search(overview.text())
    story_files = [p for p in seed_pages if p.startswith("stories/") and p != urls.PATHS.stories]
    assert story_files
    for rel in story_files:
        page = Page(seed_pages[rel])
        assert not ISO.search(page.text()), rel
        themes = [h for h in page.links if "themes/" in h]
        assert themes and all((seed_site / rel).parent.joinpath(h).resolve().is_file() for h in themes)
        assert any(h.startswith("../../articles/") and h.endswith("index.html") for h in page.links)


def test_shared_passages_show_shares_in_percent_and_link_both_paragraphs(seed_pages: dict[str, str]) -> None:
    html = seed_pages[urls.PATHS.shared]
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
    return StoryAnalysis(events, shared, (), (story,), {}, {a: story.id, b: story.id, c: story.id},
                         focus_dates(articles, events, RULES.stories.max_span_days))


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Page]:
    articles = [article(n, language=Language("en", 1.0)) for n in (1, 2, 3)]
    articles.append(article(4, published=PublishedDate(dt.date(2024, 8, 1), "month", "text")))
    cfg = config(tmp_path_factory.mktemp("story-en"), language="en")
    ui = i18n.Messages(CATALOGUE, "en")
    plan = site.plan(articles, cfg, ui, THEMES, timeline=urls.PATHS.timeline)
    pages = storypages.pages(_analysis(articles), articles, ui, plan.theme_labels)
    return {f.path: Page(f.data.decode("utf-8")) for f in render.render_all(pages, cfg, plan.shared)}


def _timeline_text(pages: dict[str, Page]) -> tuple[str, list[tuple[str, str]], list[str]]:
    """The words, <time> elements and links of every timeline page but the overview, together."""
    found = [p for path, p in sorted(pages.items())
             if path.startswith("timeline/") and path != urls.PATHS.timeline]
    return (" ".join(p.text() for p in found), [t for p in found for t in p.times],
            [h for p in found for h in p.links])


def test_kinds_precision_and_approximate_dates_speak_the_ui_language(english: dict[str, Page]) -> None:
    text, times, _ = _timeline_text(english)
    for words in ("Background", "Event", "Scheduled", "precision: year", "precision: day", "precision: month"):
        assert words in text
    assert ("2024-06-03", "about 3 June 2024") in times
    assert ("1961", "1961") in times and ("2024-07", "July 2024") in times
    assert "July 2024, day not given" in text  # a month's events with no day have their own heading
    overview = english[urls.PATHS.timeline]
    assert "1961, month not given" in overview.text() and "2024, month not given" not in overview.text()
    assert {"1961/index.html", "2024/06/index.html", "2024/07/index.html"} <= set(overview.links)


def test_a_theme_links_to_its_page_only_when_the_site_has_one(english: dict[str, Page]) -> None:
    text, _, links = _timeline_text(english)
    assert "../../../themes/banjir/index.html" in links
    assert "lexicon-free" in text and not any("lexicon-free" in h for h in links)


def test_the_chart_counts_every_month_in_the_range_gaps_included() -> None:
    ui = i18n.Messages(CATALOGUE, "en")
    articles = [article(1), article(2), article(4, published=PublishedDate(dt.date(2024, 8, 1), "month", "text"))]
    chart = storypages.coverage_chart(articles, ui, storypages.theme_links({"banjir": "Floods"}))
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
    assert "../../timeline/2024/06/index.html#e-2024-06-03" in page.links  # the main event on the timeline
    assert "../../timeline/2024/06/index.html" in page.links  # the months of the story on the timeline
    ids = [a["id"] for t, a in page.tags if "id" in a]
    assert len(ids) == len(set(ids))  # the main event, shown twice, keeps one id


def _crowd(n: int, days: int, focus: int) -> tuple[list[Article], StoryAnalysis]:
    """``n`` articles in one story about ``focus`` June 2024, each reporting one event on each of the
    first ``days`` days of June 2024."""
    articles = [article(i, published=PublishedDate(dt.date(2024, 6, 28), "day", "text")) for i in range(n)]
    ids = tuple(a.id for a in articles)
    events = tuple(Event(f"e-2024-06-{d:02d}", dt.date(2024, 6, d), "day", "reported", f"Peristiwa {d}.", ("banjir",),
                         tuple(Source(i, d % 4, "Peristiwa.", "Juni", False) for i in ids)) for d in range(1, days + 1))
    story = Story("2024-06-banjir", articles[0].title, ids, tuple(e.id for e in events), events[-1].id,
                  ("banjir",), dt.date(2024, 6, focus), dt.date(2024, 6, focus))
    return articles, StoryAnalysis(events, Shared((), (), ()), (), (story,), {}, {i: story.id for i in ids},
                                   focus_dates(articles, events, RULES.stories.max_span_days))


def test_long_months_are_paged_and_long_source_lists_are_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    monkeypatch.setattr(storypages, "EVENTS_PER_PAGE", 4)
    articles, analysis = _crowd(9, 10, focus=10)
    cfg = config(tmp_path, language="en")
    ui = i18n.Messages(CATALOGUE, "en")
    plan = site.plan(articles, cfg, ui, THEMES, timeline=urls.PATHS.timeline)
    pages = storypages.pages(analysis, articles, ui, plan.theme_labels)
    out = {f.path: Page(f.data.decode("utf-8")) for f in render.render_all(pages, cfg, plan.shared)}
    june = ["timeline/2024/06/index.html", "timeline/2024/06/page/2/index.html", "timeline/2024/06/page/3/index.html"]
    assert [p for p in out if p.startswith("timeline/2024/06/")] == june
    assert [len(out[p].having("li", "event")) for p in june] == [4, 4, 2]
    assert "page/2/index.html" in out[june[0]].links and "../../index.html" in out[june[1]].links
    first = out[june[0]]
    assert len(first.having("li", "more-sources")) == 4 and "and 4 more articles" in first.text()
    listed = [h for h in first.links if h.startswith("../../../articles/")]
    assert len(listed) == 4 * storypages.SOURCES_SHOWN * 2  # per article: its title and its one paragraph
    story = out["stories/2024-06-banjir/index.html"]
    dates = [a for t, a in story.tags if t == "li" and a.get("class") == "story-date"]
    assert len(dates) == 10 and "and 6 more articles" in story.text()
    assert "../../timeline/2024/06/page/3/index.html#d-2024-06-10" in story.links  # a date on its page


def test_a_story_shows_only_its_key_dates_and_leaves_the_rest_to_the_timeline(tmp_path: Path) -> None:
    articles, analysis = _crowd(3, storypages.STORY_DATES + 5, focus=17)
    cfg = config(tmp_path, language="en")
    ui = i18n.Messages(CATALOGUE, "en")
    plan = site.plan(articles, cfg, ui, THEMES, timeline=urls.PATHS.timeline)
    pages = storypages.pages(analysis, articles, ui, plan.theme_labels)
    story = next(Page(f.data.decode("utf-8")) for f in render.render_all(pages, cfg, plan.shared)
                 if f.path == "stories/2024-06-banjir/index.html")
    dates = [a for t, a in story.tags if t == "li" and a.get("class") == "story-date"]
    assert len(dates) == storypages.STORY_DATES and "5 more dates are on the timeline." in story.text()
    shown = {stamp for stamp, _ in story.times}
    near = {f"2024-06-{d:02d}" for d in range(10, 18)}  # within a week of the story: all shown
    assert near <= shown and {"2024-06-01", "2024-06-04"} <= shown  # then the earliest
    assert not {"2024-06-05", "2024-06-09"} & shown


def test_shared_pairs_show_each_articles_share(english: dict[str, Page]) -> None:
    text = english[urls.PATHS.shared].text()
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


def test_the_shared_passages_are_paged_with_the_groups_on_the_first_page(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storypages, "PAIRS_PER_PAGE", 2)
    articles = [article(n, language=Language("en", 1.0)) for n in (1, 2, 3)]
    a, b, c = (x.id for x in articles)
    passage = SharedPassage("sp-1", "Warga mengungsi ke tempat aman.", 5,
                            tuple(Occurrence(x, 0, "Warga mengungsi.", 5) for x in (a, b, c)))
    pairs = tuple(SharedPair(x, y, ("sp-1",), 40, 50, share, 0.1) for (x, y), share in
                  (((a, b), 0.3), ((a, c), 0.2), ((b, c), 0.1)))
    shared = Shared((passage,), pairs, (SharedGroup((a, b, c), ("sp-1",), 5),))
    analysis = StoryAnalysis((), shared, (), (), {}, {}, focus_dates(articles, (), RULES.stories.max_span_days))
    cfg = config(tmp_path, language="en")
    ui = i18n.Messages(CATALOGUE, "en")
    plan = site.plan(articles, cfg, ui, THEMES, timeline=urls.PATHS.timeline)
    pages = storypages.pages(analysis, articles, ui, plan.theme_labels)
    out = {f.path: Page(f.data.decode("utf-8")) for f in render.render_all(pages, cfg, plan.shared)
           if f.path.startswith("shared/")}
    assert list(out) == ["shared/index.html", "shared/page/2/index.html"]
    first, second = out["shared/index.html"], out["shared/page/2/index.html"]
    assert len(first.having("article", "pair")) == 2 and len(second.having("article", "pair")) == 1
    assert "3 pairs of articles, those sharing most first" in first.text() and "Page 2 of 2" in second.text()
    assert "Groups of articles" in first.text() and "Groups of articles" not in second.text()
    assert "page/2/index.html" in first.links and "../../index.html" in second.links
    assert "30% of its text shared" in first.text() and "20% of its text shared" in first.text()


def test_a_timeline_page_is_made_of_the_articles_its_cards_list_not_of_every_source() -> None:
    """An event counts its articles; only those a card lists are part of the page (see EventView), so
    editing an article no card of a page lists does not make that page again (pagedigest)."""
    from warta import pagedigest

    articles, analysis = _crowd(9, 3, focus=2)
    ui = i18n.Messages(CATALOGUE, "en")
    pages = storypages.pages(analysis, articles, ui, {"banjir": "Banjir"})
    june = next(p for p in pages if p.path == "timeline/2024/06/index.html")
    listed = {s.article.id for day in june.context["days"] for c in day.cards for s in c.sources}
    assert 0 < len(listed) < len(articles)
    assert all(c.event.count == len(articles) for day in june.context["days"] for c in day.cards)

    def digest(changed: str) -> bytes | None:
        keys = [(a, (b"edited" if a.id == changed else a.id.encode()).ljust(16, b".")) for a in articles]
        return pagedigest.Digester.for_articles(keys).page(june, b"")

    unlisted = next(a.id for a in articles if a.id not in listed)
    assert digest("") == digest(unlisted) != digest(next(iter(listed)))


def test_a_story_whose_articles_name_no_outlet_does_not_claim_zero_outlets(tmp_path: Path) -> None:
    """Articles without an outlet are from outlets not known, not from none: the lede leaves the outlet count
    out rather than saying "0 outlets" next to "2 articles"; the coverage groups them under "Unknown outlet"."""
    articles = [article(n, language=Language("en", 1.0), outlet="") for n in (1, 2, 3)]
    ui = i18n.Messages(CATALOGUE, "en")
    plan = site.plan(articles, config(tmp_path, language="en"), ui, THEMES, timeline=urls.PATHS.timeline)
    pages = storypages.pages(_analysis(articles), articles, ui, plan.theme_labels)
    text = {f.path: Page(f.data.decode("utf-8")) for f in render.render_all(pages, config(tmp_path, language="en"),
                                                                             plan.shared)}[
        "stories/2024-06-03-banjir/index.html"].text()
    assert "3 articles" in text and "Unknown outlet" in text
    assert "0 outlets" not in text
