"""The story pages: the timeline with its coverage chart, the stories, a page per story, shared passages.

The story pass (``stories.analyse``) finds events, stories and shared text; this module only turns
its result into page contexts: records that the templates fill in, every date as a ``PublishedDate``
so that templates write it out from the message catalogue (``19 Juni 2024``, ``Juni 2024``, ``1961``),
every link to an article paragraph as an article plus ``#p-<index>``.

Every page stays a readable size however many articles there are. The timeline is an overview (the
chart, and each month with its count and its most reported events) over a page per month
(``timeline/2024/06/``) and per year for the events known only to the year (``timeline/1961/``), cut into
pages of ``EVENTS_PER_PAGE`` events. An event lists at most ``SOURCES_SHOWN`` of the articles that report
it, earliest first, then "and N more"; data/timeline.json has them all. A story page shows its key
dates (the ``STORY_DATES`` dates its articles report most, each with its ``STORY_DATE_EVENTS`` most
reported events) and links to the timeline for the rest. The shared passages list ``PAIRS_PER_PAGE`` pairs
and ``GROUPS_PER_PAGE`` groups of articles a page, those sharing most first.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import operator
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import islice

import numpy as np

from warta import urls
from warta.i18n import Messages
from warta.model import Article, Page, Precision, PublishedDate, Record
from warta.site import page_count, pagers
from warta.stories import Story, StoryAnalysis
from warta.timeline import Event
from warta.urls import PATHS, period_folder

EVENTS_PER_PAGE = 50  # events on one page of a month (or a year) of the timeline
SOURCES_SHOWN = 5  # articles listed under an event on the timeline; the others are counted
STORY_SOURCES = 3  # articles listed under an event on a story page (the story's own first)
STORY_DATES = 12  # key dates on a story page
STORY_DATE_EVENTS = 2  # events shown per key date
HIGHLIGHTS = 3  # most reported events per month on the timeline overview
PAIRS_PER_PAGE = 30  # pairs of articles on one page of the shared passages
GROUPS_PER_PAGE = 10  # groups of articles on one page of the shared passages
GROUP_ARTICLES = 8  # articles listed per group; the others are counted

CHART_SERIES = 6  # themes drawn in the chart: as many as style.css has distinct colours for
_CHART_LEFT, _CHART_RIGHT, _CHART_TOP, _CHART_BOTTOM = 48, 12, 14, 52  # room for axes and their labels
_CHART_PLOT = 160  # height of the bars' area
_CHART_AVAILABLE = 640 - _CHART_LEFT - _CHART_RIGHT  # width the months share before the chart scrolls
_CHART_MIN_SLOT = 104  # a month's width at least: room for "September 2024" under it
_CHART_MAX_BAR = 40
_CHART_MAX_MONTHS = 48  # a longer range keeps only its months with articles
_ORDER = {"day": 0, "month": 1, "year": 2}


# --------------------------------------------------------------------------- what the templates get


@dataclass(frozen=True)
class ThemeLink:
    """A theme in the UI language, and its page when the site has one."""

    id: str
    label: str
    path: str | None


@dataclass(frozen=True, slots=True)
class Place(Record):
    """A paragraph of an article: where an event or a passage is read."""

    article: Article
    paragraph: int

    @property
    def anchor(self) -> str:
        return f"#p-{self.paragraph}"

    @property
    def number(self) -> int:
        """The paragraph's position as a reader counts: from 1."""
        return self.paragraph + 1


@dataclass(frozen=True, slots=True)
class SourceView(Record):
    """An article that reports an event, and the paragraphs where it does."""

    article: Article
    places: tuple[Place, ...]  # in paragraph order

    @property
    def anchor(self) -> str:
        return self.places[0].anchor


@dataclass(frozen=True, slots=True)
class EventView(Record):
    """One event: its date at its precision, kind, text, themes, how many articles it is read from, and
    where the timeline shows it (``path``, a page, and ``id``, its anchor there).

    The articles themselves are not part of it: a page lists those it shows in an :class:`EventCard`. So a
    page that shows an event is made of the articles it lists, not of every article that reports the
    event (pagedigest: editing one of the others does not make the page again).
    """

    id: str
    date: PublishedDate
    approximate: bool  # worked out from a relative phrase or a date without a year
    kind: str
    text: str
    language: str  # of the article the text is quoted from
    themes: tuple[ThemeLink, ...]
    count: int  # the articles it is read from
    path: str

    @property
    def precision(self) -> str:
        return self.date.precision


@dataclass(frozen=True, slots=True)
class EventCard(Record):
    """An event as one page shows it: the articles listed under it (earliest published first, or a
    story's own first) and how many more report it."""

    event: EventView
    sources: tuple[SourceView, ...]
    more: int


@dataclass(frozen=True)
class DayGroup:
    """Events of one date on a timeline page (a month's events dated only to the month are one group)."""

    date: PublishedDate
    cards: tuple[EventCard, ...]

    @property
    def anchor(self) -> str:
        return date_anchor(self.date)


@dataclass(frozen=True)
class Period:
    """A month of the timeline (``month`` 0: the events of a year known only to the year)."""

    year: int
    month: int
    events: tuple[EventView, ...]
    highlights: tuple[EventView, ...]  # its most reported events, in date order

    @property
    def path(self) -> str:
        return urls.listing_path(period_folder(self.year, self.month), 1)


@dataclass(frozen=True)
class PeriodRef:
    """A month of the timeline as a link to it, without its events: a page that only links to a month
    does not change with the month's events (see pagedigest.py)."""

    year: int
    month: int

    @property
    def path(self) -> str:
        return urls.listing_path(period_folder(self.year, self.month), 1)


def _ref(period: Period | None) -> PeriodRef | None:
    return PeriodRef(period.year, period.month) if period is not None else None


@dataclass(frozen=True)
class YearGroup:
    """The periods of one year on the timeline overview, the one for events known only to the year first."""

    year: int
    periods: tuple[Period, ...]

    @property
    def anchor(self) -> str:
        return f"y-{self.year:04d}"

    @property
    def count(self) -> int:
        return sum(len(p.events) for p in self.periods)


@dataclass(frozen=True)
class StoryDate:
    """A key date of a story: its most reported events and where the timeline has the rest."""

    date: PublishedDate
    cards: tuple[EventCard, ...]
    total: int  # the story's events on that date
    path: str  # the timeline page with the first of them

    @property
    def anchor(self) -> str:
        return date_anchor(self.date)


@dataclass(frozen=True)
class StoryView:
    """A story as its card and its page show it."""

    id: str
    title: str
    language: str
    path: str
    span: str | None  # when it happened, written out (``1–12 Juni 2024``, ``Juni 2024``)
    articles: tuple[Article, ...]  # by date
    outlets: tuple[tuple[str, tuple[Article, ...]], ...]  # outlet ("" unknown) -> its articles, by name
    themes: tuple[ThemeLink, ...]
    events: tuple[EventView, ...]
    main_event: EventCard | None
    dates: tuple[StoryDate, ...] = ()  # key dates, in date order
    other_dates: int = 0  # dates with events of the story that are not among the key dates
    months: tuple[PeriodRef, ...] = ()  # the timeline's months within the story's span

    @property
    def outlet_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.outlets if name)


@dataclass(frozen=True)
class StoryCard:
    """A story as the stories overview shows it: its words, counts and outlets, not its articles and events
    (see site.ThemeRef: an edited article whose story's card stays the same leaves the overview as it is)."""

    id: str
    title: str
    language: str
    path: str
    span: str | None
    count: int  # articles
    event_count: int
    outlet_names: tuple[str, ...]
    themes: tuple[ThemeLink, ...]


def story_card(view: StoryView) -> StoryCard:
    """What the stories overview shows of ``view``."""
    return StoryCard(view.id, view.title, view.language, view.path, view.span, len(view.articles), len(view.events),
                     view.outlet_names, view.themes)


@dataclass(frozen=True)
class Bar:
    """One bar of the coverage chart."""

    x: float
    y: float
    width: float
    height: float
    series: int
    label: str  # "Perjanjian, Juni 2024: 4"


@dataclass(frozen=True)
class Tick:
    """A label on an axis, and where it goes."""

    label: str
    x: float
    y: float


@dataclass(frozen=True)
class Chart:
    """Articles per theme per month of publication: bars for the SVG, rows for its table."""

    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    bars: tuple[Bar, ...]
    months: tuple[Tick, ...]  # x axis
    ticks: tuple[Tick, ...]  # y axis: article counts
    themes: tuple[ThemeLink, ...]  # series order: themes[i] is drawn in colour i
    rows: tuple[tuple[str, tuple[int, ...]], ...]  # month written out -> count per theme
    first: str
    last: str

    @property
    def wide(self) -> bool:
        """Wider than the column: the chart scrolls rather than shrinking its text."""
        return self.width > _CHART_LEFT + _CHART_AVAILABLE + _CHART_RIGHT


@dataclass(frozen=True, slots=True)
class PassageView(Record):
    """A passage two or more articles carry, and the paragraphs where each has it."""

    text: str
    language: str
    places: tuple[Place, ...]


@dataclass(frozen=True, slots=True)
class PairView(Record):
    """Two articles that share text: how much of each, and which passages."""

    a: Article
    b: Article
    share_a: int  # percent of a's words
    share_b: int
    words: int
    passages: tuple[PassageView, ...]


@dataclass(frozen=True)
class GroupView:
    """Three or more articles joined by the passages they share."""

    articles: tuple[Article, ...]
    words: int
    passages: int


# --------------------------------------------------------------------------- pages


def pages(analysis: StoryAnalysis, articles: Sequence[Article], ui: Messages, theme_labels: Mapping[str, str]
          ) -> list[Page]:
    """The timeline (an overview and its months), the stories overview, a page per story, shared passages.

    ``theme_labels`` maps the id of every theme that has a page to its label in the UI language.
    """
    by_id = {a.id: a for a in articles}
    order = _reading_order(articles)
    themes = theme_links(theme_labels)
    homes = _event_pages(analysis.events)
    sources = {e.id: _Reported(e, by_id, order) for e in analysis.events}
    events = {e.id: _event(e, by_id, themes, homes[e.id], sources[e.id]) for e in analysis.events}
    number = {ident: i for i, ident in enumerate(by_id)}
    reporters = {e.id: _bits([number[a] for a in sources[e.id].ids], len(number)) for e in events.values()}
    periods = _periods([events[e.id] for e in analysis.events])
    out = [Page(PATHS.timeline, "timeline.html", {
        "title": ui.text("timeline.title"), "intro": ui.text("timeline.intro"), "section": "timeline",
        "years": _years(periods), "event_count": len(analysis.events),
        "chart": coverage_chart(articles, ui, themes)})]
    out += _period_pages(periods, sources, ui)
    views = [_story(s, by_id, events, sources, periods, themes, analysis.focus, ui, (number, reporters))
             for s in analysis.stories]
    out.append(Page(PATHS.stories, "stories.html", {
        "title": ui.text("stories.title"), "intro": ui.text("stories.intro"), "section": "stories",
        "stories": tuple(story_card(v) for v in views), "has_shared": bool(analysis.shared.pairs)}))
    for v in views:
        # Articles without an outlet come from outlets not known, not from none: no "0 outlets" then.
        outlets = ui.count("count.outlets", len(v.outlet_names)) if v.outlet_names else ""
        lede = ", ".join(x for x in (v.span or "", ui.count("count.articles", len(v.articles)), outlets) if x)
        out.append(Page(v.path, "story.html", {"title": v.title, "intro": lede, "section": "stories", "story": v}))
    out += _shared_pages(_pairs(analysis, by_id), _groups(analysis, by_id), ui)
    return out


def _shared_pages(pairs: Sequence[PairView], groups: Sequence[GroupView], ui: Messages) -> list[Page]:
    """The shared passages, PAIRS_PER_PAGE pairs and GROUPS_PER_PAGE groups a page, those sharing most first."""
    folder = urls.folder_of(PATHS.shared)
    count = max(page_count(len(pairs), PAIRS_PER_PAGE), page_count(len(groups), GROUPS_PER_PAGE))
    return [Page(pager.path, "shared.html", {
        "title": ui.text("shared.title"), "intro": ui.text("shared.intro"), "section": "stories",
        "pairs": pager.window(pairs, PAIRS_PER_PAGE), "total": len(pairs),
        "groups": pager.window(groups, GROUPS_PER_PAGE), "pager": pager, "group_articles": GROUP_ARTICLES})
        for pager in pagers(folder, count)]


def date_anchor(date: PublishedDate) -> str:
    """The anchor of a date's events on its timeline page: ``d-2024-06-19``, ``d-2024-06``, ``d-1961``."""
    return f"d-{date.iso()}"


def theme_links(labels: Mapping[str, str]) -> dict[str, ThemeLink]:
    """Theme id -> the theme as the story pages link it, for every theme that has a page (``labels``)."""
    return {t: ThemeLink(t, label, urls.listing_path(urls.theme_folder(t), 1)) for t, label in labels.items()}


def _theme(theme_id: str, known: Mapping[str, ThemeLink]) -> ThemeLink:
    return known.get(theme_id) or ThemeLink(theme_id, theme_id, None)


def _reading_order(articles: Sequence[Article]) -> dict[str, int]:
    """Each article's rank by publication, earliest first, undated last (``articles`` come newest first)."""
    dated = [a for a in articles if a.published is not None]
    undated = [a for a in articles if a.published is None]
    return {a.id: i for i, a in enumerate([*reversed(dated), *undated])}


def _period_key(day: dt.date, precision: str) -> tuple[int, int]:
    return (day.year, 0) if precision == "year" else (day.year, day.month)


def _event_pages(events: Sequence[Event]) -> dict[str, str]:
    """Event id -> the timeline page that shows it: its period's, cut into pages as _period_pages cuts it."""
    table: dict[tuple[int, int], list[Event]] = defaultdict(list)
    for e in events:
        table[_period_key(e.date, e.precision)].append(e)
    return {e.id: pager.path for key, evs in table.items()
            for pager in pagers(period_folder(*key), page_count(len(evs), EVENTS_PER_PAGE))
            for e in pager.window(evs, EVENTS_PER_PAGE)}


class _Reported:
    """The articles an event is read from (``ids``), earliest published first; each as a SourceView, with its
    paragraphs, only when a card lists it (:meth:`view`): most never are."""

    __slots__ = ("ids", "_paragraphs", "_by_id", "_views")

    def __init__(self, e: Event, by_id: Mapping[str, Article], order: Mapping[str, int]) -> None:
        paragraphs: dict[str, list[int]] = defaultdict(list)
        for s in e.sources:
            if s.article_id in by_id:
                paragraphs[s.article_id].append(s.block_index)
        self.ids = tuple(sorted(paragraphs, key=order.__getitem__))  # every article has its own rank
        self._paragraphs = paragraphs
        self._by_id = by_id
        self._views: dict[int, SourceView] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def view(self, index: int) -> SourceView:
        """The ``index``-th article as a card lists it; the same object for every card."""
        found = self._views.get(index)
        if found is None:
            article, blocks = self._by_id[self.ids[index]], self._paragraphs[self.ids[index]]
            found = self._views[index] = SourceView(article, tuple(
                [Place(article, i) for i in sorted(set(blocks))] if len(blocks) > 1 else [Place(article, blocks[0])]))
        return found


def _event(e: Event, by_id: Mapping[str, Article], themes: Mapping[str, ThemeLink], path: str,
           sources: _Reported) -> EventView:
    """``sources``: the event's articles; the language is that of the first article the
    event names among its sources."""
    first = next((s.article_id for s in e.sources if s.article_id in by_id), None)
    language = by_id[first].language.code if first is not None else ""
    date = PublishedDate(e.date, e.precision, "text")
    return EventView(e.id, date, e.approximate, e.kind, e.text, language, tuple(_theme(t, themes) for t in e.themes),
                     len(sources), path)


def _card(e: EventView, sources: _Reported, limit: int, first: frozenset[str] = frozenset()) -> EventCard:
    """``e`` with at most ``limit`` of its articles (``sources``) listed, those in ``first`` before the others."""
    ids = sources.ids
    shown = list(islice((i for i, a in enumerate(ids) if a in first), limit)) if first else []
    if len(shown) < limit:  # those in first, then the others, each in their order
        rest = (i for i, a in enumerate(ids) if a not in first) if first else iter(range(len(ids)))
        shown += islice(rest, limit - len(shown))
    return EventCard(e, tuple(sources.view(i) for i in shown), max(0, len(ids) - limit))


def _periods(events: Sequence[EventView]) -> tuple[Period, ...]:
    """The events by month (month 0: known only to the year), oldest first, each with its highlights."""
    table: dict[tuple[int, int], list[EventView]] = defaultdict(list)
    for e in events:
        table[_period_key(e.date.date, e.precision)].append(e)
    out = []
    for (year, month), evs in sorted(table.items()):
        top = {e.id for e in sorted(evs, key=lambda e: -e.count)[:HIGHLIGHTS]}  # ties: date order
        out.append(Period(year, month, tuple(evs), tuple(e for e in evs if e.id in top)))
    return tuple(out)


def _years(periods: Sequence[Period]) -> tuple[YearGroup, ...]:
    table: dict[int, list[Period]] = defaultdict(list)
    for p in periods:
        table[p.year].append(p)
    return tuple(YearGroup(y, tuple(ps)) for y, ps in sorted(table.items()))


def _period_pages(periods: Sequence[Period], sources: Mapping[str, _Reported], ui: Messages
                  ) -> list[Page]:
    """A page per period (more when it has over EVENTS_PER_PAGE events), its events grouped by date."""
    out = []
    for i, p in enumerate(periods):
        name = ui.period(p.year, p.month, "timeline.year_only")
        intro = (ui.text("timeline.month_intro", month=name) if p.month
                 else ui.text("timeline.year_intro", year=p.year))
        for pager in pagers(period_folder(p.year, p.month), page_count(len(p.events), EVENTS_PER_PAGE)):
            out.append(Page(pager.path, "timeline_period.html", {
                "title": name, "intro": intro, "section": "timeline", "period": p, "pager": pager,
                "overview": PATHS.timeline,
                "days": _days(pager.window(p.events, EVENTS_PER_PAGE), sources), "total": len(p.events),
                "earlier": _ref(periods[i - 1]) if i > 0 else None,
                "later": _ref(periods[i + 1]) if i + 1 < len(periods) else None}))
    return out


def _days(events: Sequence[EventView], sources: Mapping[str, _Reported]) -> tuple[DayGroup, ...]:
    """Consecutive events of one date (at its precision) as one group."""
    groups: list[tuple[PublishedDate, list[EventCard]]] = []
    for e in events:
        if not groups or (groups[-1][0].date, groups[-1][0].precision) != (e.date.date, e.precision):
            groups.append((e.date, []))
        groups[-1][1].append(_card(e, sources[e.id], SOURCES_SHOWN))
    return tuple(DayGroup(d, tuple(cards)) for d, cards in groups)


def _story(s: Story, by_id: Mapping[str, Article], events: Mapping[str, EventView],
           sources: Mapping[str, _Reported], periods: Sequence[Period], themes: Mapping[str, ThemeLink],
           focus: Mapping[str, dt.date], ui: Messages,
           reporters: tuple[Mapping[str, int], Mapping[str, int]]) -> StoryView:
    """``reporters``: the number of each article (by id) and, as bits by those numbers, the articles of
    each event (by id)."""
    mine = tuple(by_id[a] for a in s.articles if a in by_id)
    outlets: dict[str, list[Article]] = defaultdict(list)
    for a in mine:
        outlets[a.outlet or ""].append(a)
    ordered = sorted(outlets.items(), key=lambda kv: (kv[0] == "", kv[0].casefold(), kv[0]))
    language = next((a.language.code for a in mine if a.title == s.title), mine[0].language.code if mine else "")
    span = None
    if s.start is not None and s.end is not None:
        span = span_text(ui, s.start, _precision_at(s.start, mine, focus), s.end, _precision_at(s.end, mine, focus))
    members = frozenset(a.id for a in mine)
    told = tuple(events[e] for e in s.events if e in events)
    number, bits = reporters
    dates, other = _key_dates(told, sources, members, _bits([number[a] for a in members], len(number)), bits,
                              s.start, s.end)
    months = tuple(PeriodRef(p.year, p.month) for p in periods if p.month and s.start is not None
                   and s.end is not None
                   and (s.start.year, s.start.month) <= (p.year, p.month) <= (s.end.year, s.end.month))
    main = events.get(s.main_event) if s.main_event else None
    return StoryView(s.id, s.title, language, urls.story_path(s.id), span, mine,
                     tuple((name, tuple(items)) for name, items in ordered),
                     tuple(_theme(t, themes) for t in s.themes), told,
                     _card(main, sources[main.id], STORY_SOURCES, members) if main is not None else None, dates,
                     other, months)


def _key_dates(events: Sequence[EventView], sources: Mapping[str, _Reported], members: frozenset[str],
               member_bits: int, reporters: Mapping[str, int], start: dt.date | None, end: dt.date | None
               ) -> tuple[tuple[StoryDate, ...], int]:
    """The story's STORY_DATES key dates, in date order, and how many other dates its events have.

    Days within a week of the story's span come first, then the others; among them, the dates most of
    the story's articles report an event on. Each date shows its STORY_DATE_EVENTS events reported by
    most of them. ``member_bits``: the story's articles, ``reporters``: each event's (by id), as bits
    (:func:`_bits`).
    """
    table: dict[tuple[dt.date, str], list[EventView]] = defaultdict(list)
    for e in events:
        table[(e.date.date, e.precision)].append(e)

    def reach(e: EventView) -> int:
        return (reporters[e.id] & member_bits).bit_count()

    weight = {key: (functools.reduce(operator.or_, (reporters[e.id] for e in evs)) & member_bits).bit_count()
              for key, evs in table.items()}
    week = dt.timedelta(days=7)

    def near(key: tuple[dt.date, str]) -> bool:
        return (key[1] == "day" and start is not None and end is not None
                and start - week <= key[0] <= end + week)

    chosen = sorted(table, key=lambda k: (not near(k), -weight[k], k[0], _ORDER[k[1]]))[:STORY_DATES]
    out = []
    for key in sorted(chosen, key=lambda k: (k[0], _ORDER[k[1]])):
        evs = table[key]
        top = {e.id for e in sorted(evs, key=lambda e: -reach(e))[:STORY_DATE_EVENTS]}
        cards = tuple(_card(e, sources[e.id], STORY_SOURCES, members) for e in evs if e.id in top)
        first = evs[0]
        out.append(StoryDate(first.date, cards, len(evs), first.path))
    return tuple(out), len(table) - len(chosen)


def _bits(positions: Sequence[int], size: int) -> int:
    """A set of numbers below ``size`` as the bits of an int: unions and counts of hundreds of articles
    cost a few machine words each."""
    flags = np.zeros(size, dtype=np.uint8)
    flags[positions] = 1
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def _precision_at(day: dt.date, articles: Sequence[Article], focus: Mapping[str, dt.date]) -> Precision:
    """How precisely a story's start or end is known: the finest date of an article standing at it.

    An article dated only "Juni 2024" stands at 1 June; that must not read as the first of the month.
    """
    found: list[Precision] = []
    for a in articles:
        if focus.get(a.id) != day:
            continue
        p = a.published
        found.append(p.precision if p is not None and p.date == day else "day")
    return min(found, key=_ORDER.__getitem__, default="day")


def span_text(ui: Messages, start: dt.date, start_precision: Precision, end: dt.date, end_precision: Precision
              ) -> str:
    """A span of dates written out as briefly as it reads: ``19 Juni 2024``, ``1–12 Juni 2024``,
    ``28 Mei – 3 Juni 2024``, ``Juni 2024``, ``Mei – Juni 2024``, ``Desember 2023 – Januari 2024``."""
    first, last = PublishedDate(start, start_precision, "text"), PublishedDate(end, end_precision, "text")
    coarse = max(start_precision, end_precision, key=_ORDER.__getitem__)
    if start.year == end.year and (coarse == "year" or start == end and start_precision == end_precision):
        return ui.date(first) if coarse != "year" else ui.date(PublishedDate(start, "year", "text"))
    if start.year == end.year and start.month == end.month:
        if coarse == "month":
            return ui.month(start.year, start.month)
        return ui.text("date.span_days", first=start.day, last=end.day, month=_month_name(ui, start.month),
                       year=start.year)
    if start.year == end.year:
        return ui.text("date.span_months", first=_without_year(ui, first), last=_without_year(ui, last),
                       year=start.year)
    return ui.text("date.range", first=ui.date(first), last=ui.date(last))


def _without_year(ui: Messages, p: PublishedDate) -> str:
    if p.precision == "month":
        return _month_name(ui, p.date.month)
    return ui.text("date.day_month", day=p.date.day, month=_month_name(ui, p.date.month))


def _month_name(ui: Messages, month: int) -> str:
    return str(ui.catalogue.languages[ui.language]["months"][month - 1])


def _pairs(analysis: StoryAnalysis, by_id: Mapping[str, Article]) -> tuple[PairView, ...]:
    passages = {p.id: p for p in analysis.passages}
    out = []
    for p in sorted(analysis.shared.pairs, key=lambda p: (-(p.share_a + p.share_b), p.a, p.b)):
        if p.a not in by_id or p.b not in by_id:
            continue
        views = []
        for i in p.passages:
            q = passages.get(i)
            if q is None:
                continue
            places = tuple(Place(by_id[o.article_id], o.block_index) for o in q.occurrences if o.article_id in by_id)
            language = places[0].article.language.code if places else ""
            views.append(PassageView(q.text, language, places))
        out.append(PairView(by_id[p.a], by_id[p.b], _percent(p.share_a), _percent(p.share_b),
                            max(p.words_a, p.words_b), tuple(views)))
    return tuple(out)


def _percent(share: float) -> int:
    """A share as a whole percentage, halves rounded up; anything above nothing shows as at least 1."""
    return max(1, math.floor(share * 100 + 0.5)) if share > 0 else 0


def _groups(analysis: StoryAnalysis, by_id: Mapping[str, Article]) -> tuple[GroupView, ...]:
    return tuple(GroupView(tuple(by_id[a] for a in g.articles if a in by_id), g.words, len(g.passages))
                 for g in analysis.shared.groups if sum(a in by_id for a in g.articles) > 2)


# --------------------------------------------------------------------------- the chart


def coverage_chart(articles: Sequence[Article], ui: Messages, themes: Mapping[str, ThemeLink],
                   limit: int = CHART_SERIES) -> Chart:
    """Articles per theme per month of publication for the ``limit`` themes with most articles.

    ``themes`` are the themes with a page (:func:`theme_links`); another theme is drawn under its id.

    Months run from the first to the last dated month with none left out, so gaps show as gaps.
    """
    counts: dict[tuple[str, tuple[int, int]], int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    seen: set[tuple[int, int]] = set()
    for a in articles:
        if a.published is None or a.published.precision == "year":
            continue
        month = (a.published.date.year, a.published.date.month)
        seen.add(month)
        for match in a.themes:
            counts[(match.theme, month)] += 1
            totals[match.theme] += 1
    chosen = sorted(totals, key=lambda t: (-totals[t], t))[:limit]
    series = tuple(_theme(t, themes) for t in chosen)
    months = _month_range(min(seen), max(seen)) if seen and chosen else []
    if len(months) > _CHART_MAX_MONTHS:  # decades apart: only the months with articles, or it never ends
        months = sorted(seen)
    peak = max((counts[(t, m)] for t in chosen for m in months), default=0)
    step = max(1, math.ceil(peak / 4))
    top = max(step, math.ceil(peak / step) * step)
    slot = max(_CHART_MIN_SLOT, min(_CHART_AVAILABLE / max(1, len(months)), len(chosen) * _CHART_MAX_BAR + 48))
    bar = min(_CHART_MAX_BAR, (slot - 24) / max(1, len(chosen)))
    bottom = _CHART_TOP + _CHART_PLOT
    bars, ticks_x = [], []
    for i, m in enumerate(months):
        left = _CHART_LEFT + i * slot + (slot - bar * len(chosen)) / 2
        name = ui.month(*m)
        ticks_x.append(Tick(name, round(_CHART_LEFT + (i + 0.5) * slot, 1), bottom + 18))
        for j, t in enumerate(series):
            n = counts[(t.id, m)]
            h = _CHART_PLOT * n / top
            bars.append(Bar(round(left + j * bar + 1, 1), round(bottom - h, 1), round(bar - 2, 1), round(h, 1), j,
                            f"{t.label}, {name}: {ui.count('count.articles', n)}"))
    ticks_y = tuple(Tick(str(v), _CHART_LEFT - 8, round(bottom - _CHART_PLOT * v / top, 1))
                    for v in range(0, top + 1, step))
    width = math.ceil(_CHART_LEFT + slot * len(months) + _CHART_RIGHT)
    return Chart(width, bottom + _CHART_BOTTOM, _CHART_LEFT, width - _CHART_RIGHT, _CHART_TOP, bottom,
                 tuple(bars), tuple(ticks_x), ticks_y, series,
                 tuple((ui.month(*m), tuple(counts[(t, m)] for t in chosen)) for m in months),
                 ui.month(*months[0]) if months else "", ui.month(*months[-1]) if months else "")


def _month_range(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    out = []
    y, m = first
    while (y, m) <= last:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
