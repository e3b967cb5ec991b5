"""The syndication feeds: RSS 2.0 and Atom (feedgen), JSON Feed 1.1; full content, absolute links.

Entry ids are stable: a UUID derived from the site's base URL and the article's id (its file
name), so a feed reader keeps an entry as read even when its title, and so its slug, changes.

Dates say no more than is known. An article dated to the day is dated at midnight UTC. RSS and Atom
need a date on every entry (Atom's ``updated`` is required, and readers order and show RSS items by
``pubDate``): an article known only to the month or the year is dated at the start of it, and the
entry's source line writes the date as the site does ("about June 2024"), so a reader who sees
"1 June" can tell. An undated article has no date to give: any we could make up (the build's date,
the file's time) would change from build to build and bring an old article back as new, so RSS and
Atom leave it out. JSON Feed's dates are optional: it gives ``date_published`` only for a known day,
says the date at its precision in the ``_warta`` extension, and carries undated articles too.

A feed's updated time is its newest dated entry's, never the build's clock, so the same input gives
the same bytes. Each Atom entry in another language than the feed's says so (``xml:lang``), and the
content of each article in another language, or in a right-to-left script, is marked with its
``lang`` and ``dir`` (RSS has no per-item language, so its HTML says it).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from feedgen.ext.base import BaseEntryExtension
from feedgen.feed import FeedGenerator
from markupsafe import Markup, escape

from warta import __version__, pagedigest, urls
from warta.config import SiteConfig
from warta.i18n import Messages
from warta.model import Article, OutputFile, PublishedDate
from warta.render import article_body, excerpt
from warta.scripts import RIGHT_TO_LEFT
from warta.site import Feed, outlet_language

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Published:
    """What each feed file now published was made of, so that one made of the same is kept as it is.

    A feed's bytes are a function of warta's code and the configuration (both in ``base``, the digest every
    rendered file of the build shares: render.Memory), of the UI's words and the themes' labels, and of
    the feed itself, its articles each by its key (pagedigest.article_key). At 10,000 articles rendering
    the 21 feed files again cost 0.7 s of an edit's CPU, and an edit mostly touches none of them.
    """

    base: bytes
    keys: Mapping[str, bytes]  # article id -> pagedigest.article_key
    previous: Mapping[str, bytes]  # path -> the digest of the file now published there (manifest.pages)


def write_all(feeds: tuple[Feed, ...], config: SiteConfig, ui: Messages,
              theme_labels: Mapping[str, str], published: Published | None = None) -> Iterator[OutputFile]:
    """Every feed file: RSS and Atom for each feed, JSON Feed where the feed asks for it.

    With ``published``, each file carries its digest, and one made of the same as the published file at
    its path comes ``kept``, without bytes (not made again)."""
    shared = _shared(ui, theme_labels) if published is not None else None
    for feed in feeds:
        for kind in ("rss", "atom", "json") if feed.json else ("rss", "atom"):
            path = feed.path(kind)
            digest = _digest(feed, path, shared, published) if published is not None and shared is not None else None
            if digest is not None and published is not None and published.previous.get(path) == digest:
                yield OutputFile(path, b"", kept=True, digest=digest)
            else:
                yield OutputFile(path, _MAKERS[kind](feed, config, ui, theme_labels), digest=digest)


def _shared(ui: Messages, labels: Mapping[str, str]) -> bytes | None:
    """What every feed file shares besides ``base``: the UI's words and the themes' labels."""
    try:
        return pagedigest.Digester().of(("feeds", ui.catalogue, ui.language, dict(labels)))
    except pagedigest.Undigestable:  # a catalogue of an unknown kind: every feed is made
        return None


def _digest(feed: Feed, path: str, shared: bytes, published: Published) -> bytes | None:
    """What the feed file at ``path`` is made of; None when an article of it has no key."""
    keys = published.keys
    if any(a.id not in keys for a in feed.articles):
        return None
    digester = pagedigest.Digester.for_articles((a, keys[a.id]) for a in feed.articles)
    return digester.of((published.base, shared, path, feed))


def entry_id(config: SiteConfig, article: Article) -> str:
    """The stable id of an article in every feed."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, urls.absolute(config.base_url, f"articles/{article.id}")))


def published(article: Article) -> dt.datetime:
    """The article's date as a datetime at midnight UTC (feeds need a time and a zone): its day, or the
    first day of its month or year when no day is known."""
    assert article.published is not None, "RSS and Atom hold dated articles only"
    return dt.datetime.combine(article.published.date, dt.time(0, 0), tzinfo=dt.UTC)


def rss(feed: Feed, config: SiteConfig, ui: Messages, labels: Mapping[str, str]) -> bytes:
    """RSS 2.0 with content:encoded and an atom:link to itself."""
    return bytes(_generator(feed, config, ui, labels, "rss").rss_str(pretty=True))


def atom(feed: Feed, config: SiteConfig, ui: Messages, labels: Mapping[str, str]) -> bytes:
    """Atom 1.0 with full content."""
    return bytes(_generator(feed, config, ui, labels, "atom").atom_str(pretty=True))


class _EntryLanguage(BaseEntryExtension):  # type: ignore[misc]  # feedgen has no type hints
    """Gives an Atom entry its own ``xml:lang`` (feedgen only sets the feed's)."""

    def __init__(self) -> None:
        self.code: str | None = None

    def extend_atom(self, entry: Any) -> Any:
        if self.code:
            entry.set(XML_LANG, self.code)
        return entry


def _generator(feed: Feed, config: SiteConfig, ui: Messages, labels: Mapping[str, str], kind: str) -> FeedGenerator:
    page = urls.absolute(config.base_url, feed.page)
    dated = [a for a in feed.articles if a.published is not None]
    fg = FeedGenerator()
    fg.id(page)
    fg.title(feed.title)
    fg.subtitle(feed.description or feed.title)  # also the RSS <description>
    fg.author({"name": config.title})
    # feedgen takes the RSS <channel><link> from the last link() call: "self" first, then the page.
    fg.link(href=urls.absolute(config.base_url, feed.path(kind)), rel="self")
    fg.link(href=page, rel="alternate")
    fg.language(ui.language)
    fg.generator("warta", __version__)
    fg.icon(urls.absolute(config.base_url, "static/favicon.svg"))
    newest = published(dated[0]) if dated else dt.datetime.combine(config.today, dt.time(0, 0), tzinfo=dt.UTC)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    for a in dated:
        fe = fg.add_entry(order="append")
        url = urls.absolute(config.base_url, urls.article_path(a))
        fe.id(entry_id(config, a))
        fe.guid(entry_id(config, a), permalink=False)
        fe.title(a.title)
        fe.link(href=url, rel="alternate")
        fe.published(published(a))
        fe.updated(published(a))
        # RSS readers take <description> as HTML: the plain-text excerpt must arrive escaped
        fe.description(str(escape(excerpt(a) or a.title)))
        fe.content(_content(a, ui), type="html")
        for name in a.credits:
            fe.author({"name": name})
        for m in sorted(a.themes, key=lambda m: (-m.score, m.theme)):
            fe.category(term=m.theme, label=labels.get(m.theme, m.theme))
        if a.language.code != ui.language:
            fe.register_extension("warta_language", _EntryLanguage, atom=True, rss=False)
            fe.warta_language.code = a.language.code
    return fg


def _content(article: Article, ui: Messages) -> str:
    """The full text as HTML, marked with its language and direction when they are not the feed's, then
    a line naming the outlet, the date when the feed's date says more than is known, and the original."""
    body = article_body(article)
    code = article.language.code
    attrs = _lang_dir(code, ui.language)
    html = str(Markup("<div%s>\n%s</div>") % (attrs, body) if attrs else body)
    source = []
    if article.outlet:
        marked = outlet_language(article.outlet, code)
        source.append(str(Markup("<bdi%s>%s</bdi>") % (_lang_dir(marked, ui.language), article.outlet)) if marked
                      else str(escape(article.outlet)))
    told = _told_date(article.published, ui)
    if told:
        source.append(str(escape(told)))
    if article.url:
        source.append(f'<a href="{escape(article.url)}">{escape(article.url)}</a>')
    if not source:
        return html
    # in an Atom entry in the article's language, the line (in the feed's) says its own language
    line_lang = f' lang="{escape(ui.language)}"' if code != ui.language else ""
    return html + f"\n<p{line_lang}>— {' · '.join(source)}</p>"


def _lang_dir(code: str, feed_language: str) -> Markup:
    """` lang="ar" dir="rtl"` for text in another language than the feed's (dir for a right-to-left script
    whatever the feed's language: a reader lays out its own page), or nothing."""
    rtl = code.split("-")[0] in RIGHT_TO_LEFT
    if code == feed_language and not rtl:
        return Markup()
    return Markup(' lang="%s"%s') % (code, Markup(' dir="rtl"') if rtl else Markup())


def _told_date(p: PublishedDate | None, ui: Messages) -> str | None:
    """The date as the site writes it ("about June 2024"), when the feed's midnight on a day says more than
    is known: a date known only to the month or the year, or inferred rather than read; else None."""
    if p is None:
        return ui.text("date.undated")
    if p.precision == "day" and p.source != "inferred":
        return None
    return ui.text("date.approx", date=ui.date(p)) if p.source == "inferred" else ui.date(p)


def json_feed(feed: Feed, config: SiteConfig, ui: Messages, labels: Mapping[str, str]) -> bytes:
    """JSON Feed 1.1: ``date_published`` only for a date known to the day (the field is optional)."""
    items: list[dict[str, Any]] = []
    for a in feed.articles:
        item: dict[str, Any] = {
            "id": entry_id(config, a),
            "url": urls.absolute(config.base_url, urls.article_path(a)),
            "title": a.title,
            "content_html": _content(a, ui),
            "summary": excerpt(a),
        }
        p = a.published
        if p is not None and p.precision == "day":
            item["date_published"] = published(a).isoformat().replace("+00:00", "Z")
        item["language"] = a.language.code
        if a.url:
            item["external_url"] = a.url
        if a.credits:
            item["authors"] = [{"name": c} for c in a.credits]
        if a.themes:
            item["tags"] = [labels.get(m.theme, m.theme) for m in sorted(a.themes, key=lambda m: (-m.score, m.theme))]
        # JSON Feed extension (a key starting with "_"): the date at its precision, and how it was found;
        # null for an undated article
        item["_warta"] = {"published": p.iso() if p else None, "precision": p.precision if p else None,
                          "date_source": p.source if p else None}
        items.append(item)
    doc = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": urls.absolute(config.base_url, feed.page),
        "feed_url": urls.absolute(config.base_url, feed.path("json")),
        "description": feed.description,
        "language": ui.language,
        "icon": urls.absolute(config.base_url, "static/favicon.svg"),
        "authors": [{"name": config.title}],
        "items": items,
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


_MAKERS = {"rss": rss, "atom": atom, "json": json_feed}
