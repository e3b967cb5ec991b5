"""Find the feeds of a built site and check each one as a feed reader (feedparser) reads it."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser

FEED_ROOTS = ("rss", "feed", "RDF")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
# What GitHub Pages sends as Content-Type for these extensions.
CONTENT_TYPES = {".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml"}


JSON_FEED_VERSION = "https://jsonfeed.org/version/"


def find_feeds(site: Path) -> list[Path]:
    """Every file under ``site`` whose root element is <rss>, <feed> or <rdf:RDF>."""
    out = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix.lower() in FEED_SUFFIXES and _is_feed(path):
            out.append(path)
    return out


def find_json_feeds(site: Path) -> list[Path]:
    """Every ``*.json`` file under ``site`` that declares itself a JSON Feed."""
    marker = JSON_FEED_VERSION.encode()
    return [p for p in sorted(site.rglob("*.json")) if p.is_file() and marker in p.read_bytes()[:2000]]


def _is_feed(path: Path) -> bool:
    try:
        return ET.parse(path).getroot().tag.rsplit("}", 1)[-1] in FEED_ROOTS
    except ET.ParseError:
        head = path.read_bytes()[:4096].decode("utf-8", "replace")
        return any(f"<{tag}" in head for tag in ("rss", "feed", "rdf:RDF"))  # broken, but meant as a feed


def check_feed(path: Path, base_url: str) -> list[str]:
    """What is wrong with one feed: a bozo parse, a missing field, a link not under ``base_url``."""
    ctype = CONTENT_TYPES.get(path.suffix.lower(), "application/xml")
    # No content-location on purpose: a relative link stays relative and is reported.
    d = feedparser.parse(path.read_bytes(), response_headers={"content-type": ctype})
    problems = []
    if d.bozo:
        problems.append(f"bozo: {d.bozo_exception!r}")
    for key in ("title", "link"):
        if not d.feed.get(key):
            problems.append(f"the feed has no {key}")
    if not d.entries:
        problems.append("no entries")
    seen: dict[str, int] = {}
    for i, e in enumerate(d.entries, 1):
        label = f"entry {i} ({str(e.get('title') or e.get('id') or '?')[:40]!r})"
        missing = [k for k in ("title", "link") if not e.get(k)]
        if not (e.get("published_parsed") or e.get("updated_parsed")):
            missing.append("date")
        if not e.get("id"):
            missing.append("id")
        if missing:
            problems.append(f"{label} has no {', '.join(missing)}")
        link = str(e.get("link") or "")
        if link and not link.startswith(base_url):
            problems.append(f"{label} link {link!r} is not an absolute URL under {base_url}")
        if e.get("id"):
            if e["id"] in seen:
                problems.append(f"{label} has the same id as entry {seen[e['id']]}: {e['id']!r}")
            seen.setdefault(e["id"], i)
    return problems


def check_json_feed(path: Path, base_url: str) -> list[str]:
    """The same rules for a JSON Feed, which feedparser 6.0 does not read: valid JSON, and every item complete."""
    try:
        data: Any = json.loads(path.read_bytes())
    except ValueError as exc:
        return [f"not valid JSON: {exc}"]
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(JSON_FEED_VERSION):
        return [f"not a JSON Feed (no version {JSON_FEED_VERSION}...)"]
    problems = [f"the feed has no {key}" for key in ("title", "home_page_url") if not data.get(key)]
    items = data.get("items")
    if not isinstance(items, list) or not items:
        return [*problems, "no items"]
    seen: dict[str, int] = {}
    for i, item in enumerate(items, 1):
        item = item if isinstance(item, dict) else {}
        label = f"item {i} ({str(item.get('title') or item.get('id') or '?')[:40]!r})"
        missing = [k for k, key in (("title", "title"), ("link", "url"), ("id", "id")) if not item.get(key)]
        date = item.get("date_published") or item.get("date_modified")
        # JSON Feed's dates are optional: warta leaves them out where no day is known, and says so in its
        # extension (_warta.precision "month", "year" or null); an item that says nothing must have one
        extension = item.get("_warta")
        day_unknown = isinstance(extension, dict) and extension.get("precision") != "day"
        if not date and not day_unknown:
            missing.append("date")
        elif date and not _rfc3339(str(date)):
            problems.append(f"{label} date {date!r} is not an RFC 3339 date-time")
        if missing:
            problems.append(f"{label} has no {', '.join(missing)}")
        url = str(item.get("url") or "")
        if url and not url.startswith(base_url):
            problems.append(f"{label} url {url!r} is not an absolute URL under {base_url}")
        ident = str(item.get("id") or "")
        if ident and ident in seen:
            problems.append(f"{label} has the same id as item {seen[ident]}: {ident!r}")
        seen.setdefault(ident, i)
    return problems


def _rfc3339(text: str) -> bool:
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return "T" in text and parsed.tzinfo is not None
