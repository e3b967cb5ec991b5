"""The syndication feeds: RSS 2.0 and Atom (feedgen), JSON Feed 1.1; full content, absolute links.

Entry ids are stable: a UUID derived from the site's base URL and the article's id (its file
name), so a feed reader keeps an entry as read even when its title, and so its slug, changes.
Dates are the articles' own, at midnight UTC; a feed's updated time is its newest entry's, never
the build's clock, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

from feedgen.feed import FeedGenerator
from markupsafe import escape

from warta import __version__, urls
from warta.config import SiteConfig
from warta.model import Article, OutputFile
from warta.render import article_body, excerpt
from warta.site import Feed

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def write_all(feeds: tuple[Feed, ...], config: SiteConfig, language: str,
              theme_labels: Mapping[str, str]) -> Iterator[OutputFile]:
    """Every feed file: RSS and Atom for each feed, JSON Feed where the feed asks for it."""
    for feed in feeds:
        yield OutputFile(feed.path("rss"), rss(feed, config, language, theme_labels))
        yield OutputFile(feed.path("atom"), atom(feed, config, language, theme_labels))
        if feed.json:
            yield OutputFile(feed.path("json"), json_feed(feed, config, language, theme_labels))


def entry_id(config: SiteConfig, article: Article) -> str:
    """The stable id of an article in every feed."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, urls.absolute(config.base_url, f"articles/{article.id}")))


def published(article: Article) -> dt.datetime:
    """The article's date as a datetime at midnight UTC (feeds need a time and a zone)."""
    assert article.published is not None, "feeds hold dated articles only"
    return dt.datetime.combine(article.published.date, dt.time(0, 0), tzinfo=dt.UTC)


def rss(feed: Feed, config: SiteConfig, language: str, labels: Mapping[str, str]) -> bytes:
    """RSS 2.0 with content:encoded and an atom:link to itself."""
    return bytes(_generator(feed, config, language, labels, "rss").rss_str(pretty=True))


def atom(feed: Feed, config: SiteConfig, language: str, labels: Mapping[str, str]) -> bytes:
    """Atom 1.0 with full content."""
    return bytes(_generator(feed, config, language, labels, "atom").atom_str(pretty=True))


def _generator(feed: Feed, config: SiteConfig, language: str, labels: Mapping[str, str], kind: str) -> FeedGenerator:
    page = urls.absolute(config.base_url, feed.page)
    fg = FeedGenerator()
    fg.id(page)
    fg.title(feed.title)
    fg.subtitle(feed.description or feed.title)  # also the RSS <description>
    fg.author({"name": config.title})
    # feedgen takes the RSS <channel><link> from the last link() call: "self" first, then the page.
    fg.link(href=urls.absolute(config.base_url, feed.path(kind)), rel="self")
    fg.link(href=page, rel="alternate")
    fg.language(language)
    fg.generator("warta", __version__)
    fg.icon(urls.absolute(config.base_url, "static/favicon.svg"))
    newest = published(feed.articles[0]) if feed.articles else dt.datetime.combine(
        config.today, dt.time(0, 0), tzinfo=dt.UTC)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    for a in feed.articles:
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
        fe.content(_content(a), type="html")
        for name in a.credits:
            fe.author({"name": name})
        for m in sorted(a.themes, key=lambda m: (-m.score, m.theme)):
            fe.category(term=m.theme, label=labels.get(m.theme, m.theme))
    return fg


def _content(article: Article) -> str:
    """The full text as HTML, with a line naming the outlet and the original when known."""
    html = str(article_body(article))
    source = []
    if article.outlet:
        source.append(str(escape(article.outlet)))
    if article.url:
        source.append(f'<a href="{escape(article.url)}">{escape(article.url)}</a>')
    return html + (f"\n<p>— {' · '.join(source)}</p>" if source else "")


def json_feed(feed: Feed, config: SiteConfig, language: str, labels: Mapping[str, str]) -> bytes:
    """JSON Feed 1.1."""
    items: list[dict[str, Any]] = []
    for a in feed.articles:
        item: dict[str, Any] = {
            "id": entry_id(config, a),
            "url": urls.absolute(config.base_url, urls.article_path(a)),
            "title": a.title,
            "content_html": _content(a),
            "summary": excerpt(a),
            "date_published": published(a).isoformat().replace("+00:00", "Z"),
            "language": a.language.code,
        }
        if a.url:
            item["external_url"] = a.url
        if a.credits:
            item["authors"] = [{"name": c} for c in a.credits]
        if a.themes:
            item["tags"] = [labels.get(m.theme, m.theme) for m in sorted(a.themes, key=lambda m: (-m.score, m.theme))]
        items.append(item)
    doc = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": urls.absolute(config.base_url, feed.page),
        "feed_url": urls.absolute(config.base_url, feed.path("json")),
        "description": feed.description,
        "language": language,
        "icon": urls.absolute(config.base_url, "static/favicon.svg"),
        "authors": [{"name": config.title}],
        "items": items,
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
