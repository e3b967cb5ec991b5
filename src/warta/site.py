"""Plan the site: every output page as (path, template, context), computed once.

Orderings and groupings (by outlet, month, theme; neighbours; related articles) are worked
out here, once per build, so that rendering a page is only filling in a template.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from warta import __version__, export, language, stories, urls
from warta.config import SiteConfig
from warta.errors import ConfigError
from warta.i18n import Messages
from warta.model import Article, Evidence, OutputFile, Page, PublishedDate, Record, ThemeMatch
from warta.scripts import RIGHT_TO_LEFT, script_of
from warta.similar import SharedPassage
from warta.urls import PATHS
from warta.yamlio import parse

RELATED = 4  # related articles shown under an article
NEIGHBOURS = 6  # how far along a theme's or outlet's list related candidates are sought
OUTLET_PREVIEW = 5  # articles listed per outlet on the outlets overview

T = TypeVar("T")


class ThemeLike(Protocol):
    """What the site needs of a theme (topics.Theme has it): an id, and texts per UI language."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> Mapping[str, str]: ...
    @property
    def description(self) -> Mapping[str, str]: ...


@dataclass(frozen=True, slots=True)
class ThemeEntry(Record):
    """An article on a theme's page, with the passage that put it there."""

    article: Article
    match: ThemeMatch
    evidence: Evidence | None


@dataclass(frozen=True)
class Theme:
    """A theme as the site shows it: words in the UI language, its articles newest first."""

    id: str
    label: str
    description: str
    folder: str
    entries: tuple[ThemeEntry, ...]
    months: tuple[tuple[int, int], ...]  # (year, month) covered, oldest first

    @property
    def path(self) -> str:
        return urls.listing_path(self.folder, 1)


@dataclass(frozen=True)
class ThemeRef:
    """A theme as a link to it (an article's tags, the head of its own pages): its words and its page,
    without its articles, so that a page that only links to a theme does not change with its articles
    (see pagedigest.py). ``count``: how many articles it has, where a page shows that."""

    id: str
    label: str
    description: str
    folder: str
    count: int | None = None
    months: tuple[tuple[int, int], ...] = ()  # (year, month) covered, oldest first, where a page shows them

    @property
    def path(self) -> str:
        return urls.listing_path(self.folder, 1)


def theme_ref(theme: Theme, count: bool = False, months: bool = False) -> ThemeRef:
    """A link to ``theme``, with its number of articles when ``count`` and its months when ``months``."""
    return ThemeRef(theme.id, theme.label, theme.description, theme.folder,
                    len(theme.entries) if count else None, theme.months if months else ())


@dataclass(frozen=True)
class OutletRef:
    """An outlet as a link to its pages, with its number of articles; on the outlets overview, the
    language its name is marked with and its newest few articles too (not the rest: one article edited
    among them leaves the overview as it is)."""

    name: str
    slug: str
    count: int
    language: str = ""  # see Outlet.language
    articles: tuple[Article, ...] = ()  # the newest, OUTLET_PREVIEW at most, where a page shows them

    @property
    def path(self) -> str:
        return urls.listing_path(urls.outlet_folder(self.slug), 1)


@dataclass(frozen=True)
class FeedLink:
    """A feed as a page links to it (see Feed), without its articles."""

    folder: str
    title: str
    json: bool = False

    def path(self, kind: str) -> str:
        return urls.feed_path(self.folder, kind)


@dataclass(frozen=True)
class Outlet:
    """A news outlet and its articles, newest first."""

    name: str
    slug: str
    articles: tuple[Article, ...]

    @property
    def language(self) -> str:
        """The language its name is marked with on its pages: see :func:`outlet_language`; the articles'
        language when they all agree, else none ("")."""
        codes = {a.language.code for a in self.articles}
        return outlet_language(self.name, codes.pop()) if len(codes) == 1 else ""

    @property
    def path(self) -> str:
        return urls.listing_path(urls.outlet_folder(self.slug), 1)


@dataclass(frozen=True)
class MonthRef:
    """An archive month as a link to its page, with its number of articles (see :class:`ThemeRef`)."""

    year: int
    month: int
    count: int

    @property
    def path(self) -> str:
        return urls.month_path(self.year, self.month)


@dataclass(frozen=True)
class Month:
    """One archive page: a month (``month`` 0: a year's articles with no known month)."""

    year: int
    month: int
    articles: tuple[Article, ...]

    @property
    def path(self) -> str:
        return urls.month_path(self.year, self.month)


@dataclass(frozen=True, slots=True)
class Pager(Record):
    """Where a page of a listing stands, and the pages around it (output paths; None at either end)."""

    path: str
    page: int
    pages: int
    before: str | None  # newer articles on a listing, earlier events on the timeline
    after: str | None

    def window(self, items: Sequence[T], size: int) -> tuple[T, ...]:
        """Of ``items`` cut into pages of ``size``, those on this page."""
        return tuple(items[(self.page - 1) * size: self.page * size])


def page_count(total: int, size: int) -> int:
    """How many pages ``total`` items fill at ``size`` a page: at least one."""
    return max(1, -(-total // size))


def pagers(folder: str, count: int) -> tuple[Pager, ...]:
    """The ``count`` pages of a listing: ``folder/index.html``, ``folder/page/2/index.html``..."""
    paths = [urls.listing_path(folder, n) for n in range(1, count + 1)]
    return tuple(Pager(path, n, count, paths[n - 2] if n > 1 else None, paths[n] if n < count else None)
                 for n, path in enumerate(paths, 1))


@dataclass(frozen=True)
class Feed:
    """One feed to write: RSS and Atom (and JSON Feed for the site) of the newest articles."""

    folder: str  # "" for the whole site
    title: str
    description: str
    page: str  # the HTML page the feed follows
    articles: tuple[Article, ...]
    json: bool = False

    def path(self, kind: str) -> str:
        return urls.feed_path(self.folder, kind)


@dataclass(frozen=True)
class NavItem:
    """A link of the main navigation."""

    section: str
    label: str
    path: str


@dataclass(frozen=True)
class SitePlan:
    """Everything to render: pages, feeds, and what every template may use."""

    language: str
    pages: tuple[Page, ...]
    feeds: tuple[Feed, ...]
    shared: Mapping[str, Any]
    themes: tuple[Theme, ...] = ()
    # What each function among ``shared`` gives depends on, besides warta's code (see pagedigest.py).
    shared_inputs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def theme_labels(self) -> dict[str, str]:
        """Theme id -> label in the UI language."""
        return {t.id: t.label for t in self.themes}


def plan(articles: Sequence[Article], config: SiteConfig, ui: Messages,
         themes: Sequence[ThemeLike] = (), timeline: str | None = None,
         story: stories.StoryAnalysis | None = None) -> SitePlan:
    """The pages of the site in a stable order; ``articles`` come newest first.

    ``themes`` is the lexicon (topics.Theme records); ``timeline`` the output path of the timeline
    page once one is built: only then does the navigation and the home page link to it. ``story``
    is the story pass's result: with it, related articles carry their reasons
    and article pages list the passages they share with others.
    """
    ordered = tuple(articles)
    # site.yaml's description, else the catalogue's in the UI language: what pages and feeds say of the site
    description = config.description or ui.text("site.description")
    config = dataclasses.replace(config, description=description)
    theme_list = _themes(ordered, themes, ui)
    by_id = {t.id: t for t in theme_list}
    outlets = _outlets(ordered)
    months = _months(ordered)
    undated = tuple(a for a in ordered if a.published is None)
    about = _about(config, ui)
    outlet_attr, outlet_text = _outlet_marks(ui)
    nav = _nav(ui, bool(theme_list), bool(outlets), bool(months or undated), about is not None, timeline)
    site_feed = Feed("", ui.text("feed.site_title", site=config.title), description, urls.INDEX,
                     _feed_items(ordered, config.feed_size), json=True)
    feeds = [site_feed] + [
        Feed(t.folder, ui.text("feed.theme_title", site=config.title, theme=t.label), t.description or t.label,
             t.path, _feed_items(tuple(e.article for e in t.entries), config.feed_size))
        for t in theme_list if any(e.article.published is not None for e in t.entries)
    ]
    pages: list[Page] = []
    size = max(1, config.page_size)
    # The home pages and theme pages link to the themes, outlets and feeds: the links, not what those
    # hold, so that one article changed does not change every page of the listing (see pagedigest.py).
    # the home page names the themes the collection has articles on (a story of a dock strike lists no "troops, 0")
    home_extra = {"themes": tuple(theme_ref(t, count=True) for t in theme_list if t.entries),
                  "outlets": tuple(OutletRef(o.name, o.slug, len(o.articles)) for o in outlets),
                  "first": _first_dated(ordered, last=True),
                  "last": _first_dated(ordered, last=False), "has_archive": bool(months or undated),
                  "timeline": timeline}
    pages += _listing(urls.folder_of(PATHS.home), ordered, size, "index.html", "home",
                      {"title": config.title, "intro": description, **home_extra})
    related = _related(ordered, outlets)
    if story is not None:
        related = _merge_related(_story_related(ordered, story), related)
    shared_passages = _shared_passages(ordered, story.passages) if story is not None else {}
    outlet_paths = {o.name: o.path for o in outlets}
    for i, a in enumerate(ordered):
        pages.append(Page(urls.article_path(a), "article.html", {
            "article": a, "section": "article",
            "newer": ordered[i - 1] if i > 0 else None,
            "older": ordered[i + 1] if i + 1 < len(ordered) else None,
            "related": related.get(a.id, ()), "outlet_path": outlet_paths.get(a.outlet or ""),
            "shared_passages": shared_passages.get(a.id, ()),
        }))
    untagged = tuple(a for a in ordered if not a.themes)
    if theme_list:
        # The overviews link to the themes, outlets and months, with their counts: not what they hold.
        pages.append(Page(PATHS.themes, "themes.html", {
            "title": ui.text("themes.title"), "intro": ui.text("themes.intro"),
            "themes": tuple(theme_ref(t, count=True, months=True) for t in theme_list),
            "untagged_count": len(untagged), "untagged_path": PATHS.untagged, "section": "themes"}))
        if untagged:
            pages += _listing(urls.folder_of(PATHS.untagged), untagged, size, "listing.html",
                              "themes", {"title": ui.text("themes.untagged"),
                                         "intro": ui.text("themes.untagged_intro")})
        for t in theme_list:
            pages += _listing(t.folder, t.entries, size, "theme.html", "themes", {
                "title": t.label, "intro": t.description or ui.text("themes.page_intro", theme=t.label),
                "theme": theme_ref(t), "feed": next((FeedLink(f.folder, f.title, f.json) for f in feeds
                                                     if f.folder == t.folder), None)})
    if outlets:
        pages.append(Page(PATHS.outlets, "outlets.html", {
            "title": ui.text("outlets.title"), "intro": ui.text("outlets.intro"),
            "outlets": tuple(OutletRef(o.name, o.slug, len(o.articles), o.language, o.articles[:OUTLET_PREVIEW])
                             for o in outlets),
            "preview": OUTLET_PREVIEW, "unknown": tuple(a for a in ordered if not a.outlet), "section": "outlets"}))
        for o in outlets:
            pages += _listing(urls.outlet_folder(o.slug), o.articles, size, "listing.html", "outlets",
                              {"title": o.name, "intro": ui.text("outlets.page_intro", outlet=o.name),
                               "title_attr": outlet_attr(o.name, o.language),
                               "intro_html": outlet_text("outlets.page_intro", o.name, o.language)})
    if months or undated:
        pages.append(Page(PATHS.archive, "archive.html", {
            "title": ui.text("archive.title"), "intro": ui.text("archive.intro"),
            "months": tuple(MonthRef(m.year, m.month, len(m.articles)) for m in months),
            "undated_count": len(undated), "section": "archive"}))
        for m in months:
            name = ui.period(m.year, m.month, "archive.year_only")
            pages.append(Page(m.path, "listing.html", {
                "title": name, "intro": ui.text("archive.month_intro", month=name), "items": m.articles,
                "total": len(m.articles), "pager": None, "section": "archive"}))
        if undated:
            pages.append(Page(PATHS.undated, "listing.html", {
                "title": ui.text("date.undated"), "intro": ui.text("archive.undated_intro"), "items": undated,
                "total": len(undated), "pager": None, "section": "archive"}))
    if about is not None:
        pages.append(Page(PATHS.about, "about.html", {**about, "section": "about"}))
    pages.append(Page(PATHS.not_found, "404.html", {"title": ui.text("notfound.title"), "section": "none",
                                              "rooted": True}))
    pages.append(Page(PATHS.robots, "robots.txt", {}))
    pages.append(Page(PATHS.nojekyll, "nojekyll.txt", {}))
    refs = {t.id: theme_ref(t) for t in theme_list}
    shared = {
        "site": config, "ui": ui, "t": ui.text, "nav": nav, "themes_by_id": by_id,
        "themes_of": _themes_of(ordered, refs), "site_feed": site_feed, "article_count": len(ordered),
        "date_tag": _date_tag(ui), "lang_attr": _lang_attr(ui.language), "text_direction": text_direction,
        "outlet_attr": outlet_attr, "outlet_text": outlet_text,
        "removed_lines": _removed_lines(ui), "related_reasons": _related_reasons(ui),
    }
    words = ("ui", ui.catalogue, ui.language)
    inputs = {"site": ("config", repr(config), config.today, str(config.root)), "ui": words, "t": words,
              "date_tag": words, "lang_attr": words, "outlet_attr": words, "outlet_text": words,
              "text_direction": ("text_direction",),
              "removed_lines": words, "related_reasons": words,
              # an article's themes are in the article: what else themes_of gives is the themes' words
              "themes_of": ("themes_of", refs)}
    return SitePlan(ui.language, tuple(pages), tuple(feeds), shared, theme_list, inputs)


def _listing(folder: str, items: Sequence[Any], size: int, template: str, section: str,
             context: Mapping[str, Any]) -> list[Page]:
    """A listing cut into pages of ``size``: ``folder/index.html``, ``folder/page/2/index.html``..."""
    return [Page(pager.path, template, {**context, "items": pager.window(items, size), "total": len(items),
                                        "pager": pager, "section": section})
            for pager in pagers(folder, page_count(len(items), size))]


def _themes(articles: Sequence[Article], known: Sequence[ThemeLike], ui: Messages) -> tuple[Theme, ...]:
    """Every theme of the lexicon (and any an article names that the lexicon lacks), in lexicon order."""
    entries: dict[str, list[ThemeEntry]] = defaultdict(list)
    months: dict[str, set[tuple[int, int]]] = defaultdict(set)  # each theme's months (dates finer than a year)
    for a in articles:
        p = a.published  # an article's month found once, not once per theme (90 ms of 250 at 10,000 articles)
        month = (p.date.year, p.date.month) if p is not None and p.precision != "year" else None
        for m in a.themes:
            entries[m.theme].append(ThemeEntry(a, m, _best_evidence(m)))
            if month is not None:
                months[m.theme].add(month)
    words = {t.id: (_pick(t.label, ui.language) or t.id, _pick(t.description, ui.language)) for t in known}
    ids = [t.id for t in known] + sorted(set(entries) - set(words))
    out = []
    folders: set[str] = set()
    for theme_id in ids:
        label, description = words.get(theme_id, (theme_id, ""))
        folder = urls.theme_folder(theme_id)
        if folder in folders:
            raise ConfigError(f"theme ids '{theme_id}' and another one make the same folder {folder}")
        folders.add(folder)
        out.append(Theme(theme_id, label, description, folder, tuple(entries.get(theme_id, ())),
                         tuple(sorted(months.get(theme_id, ())))))
    return tuple(out)


def _pick(texts: Mapping[str, str], language: str) -> str:
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


def _best_evidence(match: ThemeMatch) -> Evidence | None:
    """The passage that speaks most for a theme: most matched terms, then the earliest."""
    found = match.evidence
    if len(found) <= 1:
        return found[0] if found else None
    ranks = [(-len(set(e.terms)), e.block) for e in found]  # no key function called per passage
    return found[ranks.index(min(ranks))]


def _themes_of(articles: Sequence[Article], by_id: Mapping[str, ThemeRef]) -> Any:
    """A lookup: an article's themes, strongest first. What it gives for an article is a function of the
    article's own themes and of ``by_id`` alone (see SitePlan.shared_inputs)."""
    table = {a.id: tuple(by_id[m.theme] for m in sorted(a.themes, key=lambda m: (-m.score, m.theme))
                         if m.theme in by_id) for a in articles}

    def themes_of(article: Article) -> tuple[ThemeRef, ...]:
        return table.get(article.id, ())
    return themes_of


def _date_tag(ui: Messages) -> Callable[[PublishedDate | None], Markup]:
    """What templates call to show a date: a <time> at its precision (worded as approximate when the date
    was inferred), or a note that there is none. Each date is written out once: a site shows the same few
    hundred dates on thousands of pages."""
    made: dict[PublishedDate | None, Markup] = {}

    def date_tag(p: PublishedDate | None) -> Markup:
        found = made.get(p)
        if found is None:
            if p is None:
                found = Markup('<span class="undated">%s</span>') % ui.text("date.undated")
            elif p.source == "inferred":
                found = Markup('<time datetime="%s" class="approx" title="%s">%s</time>') % (
                    p.iso(), ui.text("date.approx_title"), ui.text("date.approx", date=ui.date(p)))
            else:
                found = Markup('<time datetime="%s">%s</time>') % (p.iso(), ui.date(p))
            made[p] = found
        return found
    return date_tag


def _removed_lines(ui: Messages) -> Callable[[Article], Markup]:
    """What the article page calls to list the lines taken out of an article: one ``<li>`` a line (the
    line, its number and the rule), each on a line of its own. Written here rather than looped over in
    the template: an article loses a dozen lines or more, on every one of thousands of pages."""
    rule = escape(ui.text("article.removed_rule"))
    why_lang = Markup(' lang="%s"') % ui.language
    numbers: dict[int, Markup] = {}

    def removed_lines(article: Article) -> Markup:
        lang = why_lang if article.language.code != ui.language else ""
        out = []
        for r in article.removed:
            number = numbers.get(r.line)
            if number is None:
                number = numbers[r.line] = escape(ui.text("article.removed_line", line=r.line))
            out.append(f'<li><span class="removed-text">{escape(r.text)}</span> <span class="removed-why"{lang}>'
                       f'{number} · {rule} <code>{escape(r.rule)}</code></span></li>')
        return Markup("\n".join(out))
    return removed_lines


def _related_reasons(ui: Messages) -> Callable[[Sequence[str]], str]:
    """What the article page calls to word why an article is related: ``same story, shared themes``.
    The site has a handful of combinations of reasons, each worded once."""
    made: dict[tuple[str, ...], str] = {}

    def related_reasons(reasons: Sequence[str]) -> str:
        key = tuple(reasons)
        found = made.get(key)
        if found is None:
            found = made[key] = ", ".join(ui.text(f"related.{why}") for why in key)
        return found
    return related_reasons


def text_direction(code: str) -> str:
    """The direction text in the language ``code`` is written in: "rtl" or "ltr"."""
    return "rtl" if code.split("-")[0] in RIGHT_TO_LEFT else "ltr"


def _lang_attr(language: str) -> Callable[[str], Markup]:
    """What templates call to mark text in a language other than the page's: ` lang="ar" dir="rtl"`, or nothing."""
    def lang_attr(code: str) -> Markup:
        if code == language:
            return Markup()
        if text_direction(code) == "rtl" and text_direction(language) != "rtl":
            return Markup(' lang="%s" dir="rtl"') % code
        return Markup(' lang="%s"') % code
    return lang_attr


def outlet_language(name: str, code: str) -> str:
    """The language an outlet's name is marked with (``lang``, and ``dir`` for a right-to-left one): its
    articles' language ``code`` when the name is written in another script than Latin, as الجزيرة نت or
    新华社 are; "" for a name in Latin letters, since "CNN" or "Kompas" over an article in another language
    is a brand, read the same in any language (marking it as the article's would misname it)."""
    return "" if _latin_name(name) else code


@functools.lru_cache(maxsize=1024)
def _latin_name(name: str) -> bool:
    """Whether every letter of an outlet's name is Latin (asked for each outlet on every page that names it)."""
    return all(script_of(char) == "LATIN" for char in name if char.isalpha())


def _outlet_marks(ui: Messages) -> tuple[Callable[[str, str], Markup], Callable[[str, str, str], Markup]]:
    """What templates call to mark an outlet's name with its language (see :func:`outlet_language`):
    ``outlet_attr(name, code)`` gives the attributes for an element that holds the name alone;
    ``outlet_text(key, name, code)`` the message ``key`` with the name in its place, isolated in a
    ``<bdi>`` that carries them."""
    lang_attr = _lang_attr(ui.language)

    def outlet_attr(name: str, code: str) -> Markup:
        found = outlet_language(name, code)
        return lang_attr(found) if found else Markup()

    def outlet_text(key: str, name: str, code: str) -> Markup:
        marked = Markup("<bdi%s>%s</bdi>") % (outlet_attr(name, code), name)
        return escape(ui.text(key)).format(outlet=marked)
    return outlet_attr, outlet_text


def _outlets(articles: Sequence[Article]) -> tuple[Outlet, ...]:
    groups: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        if a.outlet:
            groups[a.outlet].append(a)
    out = []
    taken: set[str] = set()
    for name in sorted(groups, key=lambda n: (n.casefold(), n)):
        base = urls.slug(name) or "outlet"
        slug = base if base not in taken else f"{base}-{hashlib.sha1(name.encode()).hexdigest()[:6]}"
        taken.add(slug)
        out.append(Outlet(name, slug, tuple(groups[name])))
    return tuple(out)


def _months(articles: Sequence[Article]) -> tuple[Month, ...]:
    """Archive months, newest first; a year-only date goes to its year's page (month 0)."""
    groups: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for a in articles:
        if a.published is not None:
            p = a.published
            groups[(p.date.year, 0 if p.precision == "year" else p.date.month)].append(a)
    return tuple(Month(y, m, tuple(groups[(y, m)])) for y, m in sorted(groups, reverse=True))


def _first_dated(articles: Sequence[Article], last: bool) -> Any:
    dated = [a.published for a in articles if a.published is not None]
    if not dated:
        return None
    return dated[-1] if last else dated[0]


@dataclass(frozen=True, slots=True)
class RelatedLink(Record):
    """Another article to read next to one, and why."""

    article: Article
    reasons: tuple[str, ...]  # "same-story", "shared-passages", "shared-themes", "same-outlet"


@dataclass(frozen=True, slots=True)
class PassageLink(Record):
    """A passage of this article that other articles carry too."""

    paragraph: int  # index into the article's blocks
    text: str
    others: tuple[tuple[Article, int], ...]  # the other article and its paragraph


def _story_related(articles: Sequence[Article], story: stories.StoryAnalysis) -> dict[str, tuple[RelatedLink, ...]]:
    """Related articles as the story pass found them, with their reasons, at most RELATED each."""
    by_id = {a.id: a for a in articles}
    out: dict[str, tuple[RelatedLink, ...]] = {}
    for article_id, found in story.related.items():
        links = tuple(RelatedLink(by_id[r.article_id], tuple(r.reasons)) for r in found if r.article_id in by_id)
        out[article_id] = links[:RELATED]
    return out


def _merge_related(first: Mapping[str, tuple[RelatedLink, ...]], then: Mapping[str, tuple[RelatedLink, ...]]
                   ) -> dict[str, tuple[RelatedLink, ...]]:
    """The story pass's related articles first, filled up to RELATED from the themes-and-outlet ones."""
    out: dict[str, tuple[RelatedLink, ...]] = {}
    for key in set(first) | set(then):
        links = list(first.get(key, ()))
        seen = {link.article.id for link in links}
        links += [link for link in then.get(key, ()) if link.article.id not in seen]
        out[key] = tuple(links[:RELATED])
    return out


def _shared_passages(articles: Sequence[Article], passages: Sequence[SharedPassage]
                     ) -> dict[str, tuple[PassageLink, ...]]:
    """For each article, the passages it shares with the site's other articles, by paragraph.

    ``passages`` are the story pass's shared passages; an article's second occurrence in one passage is left
    out, and of two passages an article has in one paragraph, the first is shown. Read from the passages
    themselves rather than from stories.story_fields, which the data file makes (115 ms at 10,000 articles).
    """
    by_id = {a.id: a for a in articles}
    links: dict[str, list[PassageLink]] = {}
    for p in passages:
        seen: set[str] = set()
        for o in p.occurrences:
            if o.article_id in seen:
                continue
            seen.add(o.article_id)
            if o.article_id not in by_id:
                continue
            mine = links.setdefault(o.article_id, [])
            if any(link.paragraph == o.block_index for link in mine):
                continue
            others = tuple((by_id[x.article_id], x.block_index) for x in p.occurrences
                           if x.article_id != o.article_id and x.article_id in by_id)
            if others:
                mine.append(PassageLink(o.block_index, o.text, others))
    return {article_id: tuple(sorted(found, key=lambda link: link.paragraph))
            for article_id, found in links.items() if found}


def _related(articles: Sequence[Article], outlets: Sequence[Outlet]) -> dict[str, tuple[RelatedLink, ...]]:
    """For each article, a few others sharing its themes (then its outlet), nearest in time first.

    Candidates come from the neighbours of the article in each theme's and its outlet's date-ordered
    list, so the cost grows with the number of articles, not its square. The articles' ids are unique
    (pipeline.unique_slugs). The candidates of all articles are ranked at once as arrays: one at a time,
    the 300,000 candidates of 10,000 articles cost 0.57 s, as arrays 0.32-0.40 s.
    """
    n = len(articles)
    position = {a.id: k for k, a in enumerate(articles)}
    lists: dict[str, list[int]] = defaultdict(list)  # theme or outlet -> its articles' positions, in order
    for k, x in enumerate(articles):
        for m in x.themes:
            lists["t:" + m.theme].append(k)
    for o in outlets:
        lists["o:" + o.name] = [position[y.id] for y in o.articles]
    # All the lists end to end; each article's candidates in a list are those around its (last) place there.
    members: list[int] = []
    places: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    for found in lists.values():
        start = len(members)
        place = {k: start + i for i, k in enumerate(found)}
        members += found
        places += place.values()
        starts += [start] * len(place)
        ends += [len(members)] * len(place)
    flat, at = np.array(members, dtype=np.int64), np.array(places, dtype=np.int64)
    steps = np.array([d for d in range(-NEIGHBOURS, NEIGHBOURS + 1) if d], dtype=np.int64)
    near = at[:, None] + steps[None, :]
    inside = (near >= np.array(starts, dtype=np.int64)[:, None]) & (near < np.array(ends, dtype=np.int64)[:, None])
    mine, theirs = np.broadcast_to(flat[at][:, None], near.shape)[inside], flat[near[inside]]
    pairs = np.sort((mine * n + theirs)[mine != theirs])
    fresh = np.ones(len(pairs), dtype=bool)
    fresh[1:] = pairs[1:] != pairs[:-1]
    pairs = pairs[fresh]  # a candidate found in two lists: once
    a, b = pairs // n, pairs % n
    # Themes shared: each article's themes as bits, 64 to a column.
    bit = {t: 1 << i for i, t in enumerate(sorted({m.theme for x in articles for m in x.themes}))}
    themes = [sum({bit[m.theme] for m in x.themes}) for x in articles]
    shared = np.zeros(len(a), dtype=np.int64)
    for column in range(max(1, (len(bit) + 63) // 64)):
        words = np.array([(t >> (64 * column)) & 0xFFFF_FFFF_FFFF_FFFF for t in themes], dtype=np.uint64)
        shared += np.bitwise_count(words[a] & words[b])
    outlet_of: dict[str, int] = {}
    outlet = np.array([outlet_of.setdefault(x.outlet, len(outlet_of)) if x.outlet else -1 for x in articles],
                      dtype=np.int64)
    other_outlet = np.where((outlet[a] >= 0) & (outlet[a] == outlet[b]), 0, 1)
    by_id = np.empty(n, dtype=np.int64)
    by_id[sorted(range(n), key=lambda k: articles[k].id)] = np.arange(n)
    # Each article's candidates by (themes shared, most first; same outlet first; nearest; id), its first few.
    order = np.lexsort((by_id[b], np.abs(b - a), other_outlet, -shared, a))
    a, b, shared = a[order], b[order], shared[order]
    first = (np.arange(len(a)) - np.searchsorted(a, a)) < RELATED
    out: dict[str, list[RelatedLink]] = {x.id: [] for x in articles}
    for k, other, count in zip(a[first].tolist(), b[first].tolist(), shared[first].tolist(), strict=True):
        out[articles[k].id].append(RelatedLink(articles[other], ("same-outlet",) if count == 0 else ("shared-themes",)))
    return {ident: tuple(found) for ident, found in out.items()}


def _feed_items(articles: Sequence[Article], size: int) -> tuple[Article, ...]:
    """The newest articles, in the site's order (undated last): RSS and Atom take the dated ones, JSON Feed,
    whose dates are optional, all of them (see feeds.py)."""
    return tuple(articles[: max(1, size)])


def _nav(ui: Messages, themes: bool, outlets: bool, archive: bool, about: bool,
         timeline: str | None) -> tuple[NavItem, ...]:
    items = [("home", PATHS.home, True), ("timeline", timeline or "", timeline is not None),
             ("stories", PATHS.stories, timeline is not None),
             ("themes", PATHS.themes, themes),
             ("outlets", PATHS.outlets, outlets), ("archive", PATHS.archive, archive),
             ("about", PATHS.about, about)]
    return tuple(NavItem(s, ui.text(f"nav.{s}"), p) for s, p, shown in items if shown)


def _about(config: SiteConfig, ui: Messages) -> dict[str, Any] | None:
    """The About page from Markdown (raw HTML disabled): ``about.<lang>.md`` first, then ``about``.

    Its text is marked with its language when that is not the UI's: the front matter's ``language:``, else
    the ``<lang>`` of ``about.<lang>.md``, else the language detected in the text (which loads the
    detector's profiles, about a second, in a build that detected no article's language)."""
    if not config.about:
        return None
    path = config.path(config.about)
    localised = path.with_name(f"{path.stem}.{ui.language}{path.suffix}")
    source = localised if localised.is_file() else path
    if not source.is_file():
        return None
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the About page: {exc}", _shown(source, config.root)) from None
    front, text = _front_matter(text, _shown(source, config.root))
    code = front.get("language")
    if not isinstance(code, str) or not code.strip():
        code = ui.language if source == localised else language.detect(text, config.default_language).code
    md = MarkdownIt("commonmark", {"html": False})
    tokens = md.parse(text)
    title = next((tokens[i + 1].content for i, t in enumerate(tokens)
                  if t.type == "heading_open" and t.tag == "h1" and i + 1 < len(tokens)), None)
    return {"title": title or ui.text("nav.about"), "has_h1": title is not None,
            "body": md.renderer.render(tokens, md.options, {}), "body_lang": code.strip()}


def _front_matter(text: str, shown: str) -> tuple[dict[str, Any], str]:
    """A Markdown file's YAML front matter (between ``---`` lines at its top) and the text after it; the
    text is kept whole where there is none (a ``---`` further down is a thematic break)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise ConfigError("front matter opened with '---' is never closed", shown, 1)
    doc = parse("\n".join(lines[1:end]), shown, first_line=2, error=ConfigError)
    if doc.data is not None and not isinstance(doc.data, dict):
        raise ConfigError("front matter must be a mapping of 'key: value' lines", shown, 2)
    return dict(doc.data or {}), "\n".join(lines[end + 1:])


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def sitemap(pages: Sequence[Page]) -> Page:
    """The sitemap of every public HTML page, made once all pages are planned.

    Left out: the 404 page and pages marked ``noindex`` in their context. Articles published on a
    known day give their ``lastmod``.
    """
    entries: list[tuple[str, str | None]] = []
    for p in pages:
        if not p.path.endswith(".html") or p.path == "404.html" or p.context.get("noindex"):
            continue
        a = p.context.get("article")
        day = a.published.date.isoformat() if (isinstance(a, Article) and a.published is not None
                                               and a.published.precision == "day") else None
        entries.append((p.path, day))
    return Page(PATHS.sitemap, "sitemap.xml", {"entries": tuple(sorted(entries))})


def themes_json(site_plan: SitePlan, entries: Mapping[str, Sequence[bytes]] | None = None) -> OutputFile:
    """``data/themes.json``: every theme, its words, months, feeds and articles with their evidence.

    ``feeds`` is null for a theme without a feed (one with no dated article). ``entries`` maps an article
    id to its export.theme_parts as an earlier build made them (see fragments.py); an article it lacks has
    them made here.
    """
    feeds = {f.folder: f for f in site_plan.feeds if f.folder}
    given = entries or {}
    encoded: dict[int, bytes] = {}  # id() of a match (alive in its article all the while) -> its entry

    def listed(found: Sequence[ThemeEntry]) -> bytes:
        out = []
        for e in found:
            part = encoded.get(id(e.match))
            if part is None:
                parts = given.get(e.article.id)
                encoded.update(zip(map(id, e.article.themes),
                                   parts if parts is not None else export.theme_parts(e.article), strict=True))
                part = encoded[id(e.match)]
            out.append(part)
        return b",".join(out)

    head = {"generator": {"name": "warta", "version": __version__}, "schema": export.SCHEMA_VERSION,
            "language": site_plan.language}

    def themes() -> Iterator[bytes]:  # a theme at a time: the whole file (15 MB at 10,000 articles) is never held
        for i, t in enumerate(site_plan.themes):
            if i:
                yield b","
            yield export.dump_parts({
                "id": t.id,
                "label": t.label,
                "description": t.description,
                "url": urls.pretty(t.path),
                "feeds": _feed_paths(feeds.get(t.folder)),
                "count": len(t.entries),
                "months": [f"{y:04d}-{m:02d}" for y, m in t.months],
            }, "articles", [listed(t.entries)])
    return OutputFile(PATHS.themes_json, b"", chunks=export.parts_chunks(head, "themes", themes(), document=True))


def _feed_paths(feed: Feed | None) -> dict[str, str] | None:
    return {"rss": feed.path("rss"), "atom": feed.path("atom")} if feed is not None else None
