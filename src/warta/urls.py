"""The one place that maps a record to an output path, a relative link and a public URL.

Output paths name files (``articles/x/index.html``); links between pages are relative and name
``index.html`` explicitly, so that the same folder works opened from disk and served under a
subpath. Public URLs (canonical, feeds, sitemap, Open Graph) are absolute, built from ``base_url``
and the pretty folder form (``https://user.github.io/repo/articles/x/``).
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from warta.model import Article

INDEX = "index.html"
_SLUG_MAX = 80
_SLUG_MAX_BYTES = 180  # a folder name is at most 255 bytes; 80 Chinese characters are 240
_JOINERS = "\u200c\u200d\u00ad"  # zero-width (non-)joiner, soft hyphen: inside a word, not between two
# Latin letters with no accent to drop ("ł" does not decompose into "l" and a mark)
_LATIN_FOLD = {"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae", "Æ": "ae",
               "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "ı": "i", "ħ": "h", "ŧ": "t"}


@dataclass(frozen=True)
class SitePaths:
    """The site's pages and files that stand at a fixed place, relative to the output folder.

    The code that writes them and the templates that link to them (``url(paths.archive)``) both read
    them here, so a page's place is written once.
    """

    home: str = INDEX
    themes: str = f"themes/{INDEX}"
    untagged: str = f"themes/untagged/{INDEX}"  # the articles no theme passed the threshold for
    outlets: str = f"outlets/{INDEX}"
    archive: str = f"archive/{INDEX}"
    undated: str = f"archive/undated/{INDEX}"
    about: str = f"about/{INDEX}"
    timeline: str = f"timeline/{INDEX}"
    stories: str = f"stories/{INDEX}"
    shared: str = f"shared/{INDEX}"
    report: str = f"report/{INDEX}"
    search: str = f"search/{INDEX}"
    not_found: str = "404.html"
    robots: str = "robots.txt"
    nojekyll: str = ".nojekyll"  # GitHub Pages: publish the folder as it is
    sitemap: str = "sitemap.xml"
    rss: str = "feed.xml"  # the site's feeds; each theme's have the same names in its folder
    atom: str = "atom.xml"
    json_feed: str = "feed.json"
    themes_json: str = "data/themes.json"
    articles_json: str = "data/articles.json"
    timeline_json: str = "data/timeline.json"
    timelinejs_json: str = "data/timelinejs.json"
    stories_json: str = "data/stories.json"


PATHS = SitePaths()
FEED_FILES = {"rss": PATHS.rss, "atom": PATHS.atom, "json": PATHS.json_feed}


def folder_of(index_path: str) -> str:
    """The folder whose ``index.html`` is ``index_path`` ("" for the site's own)."""
    return index_path.removesuffix(INDEX).rstrip("/")


def feed_path(folder: str, kind: str) -> str:
    """The feed of ``kind`` ("rss", "atom" or "json") of the listing in ``folder`` ("" for the whole site)."""
    return f"{folder}/{FEED_FILES[kind]}" if folder else FEED_FILES[kind]


def article_path(article: Article) -> str:
    """Where an article's page is written, relative to the output folder."""
    return f"articles/{article.slug}/{INDEX}"


def listing_path(folder: str, page: int) -> str:
    """Page ``page`` (1-based) of a paginated listing whose first page is ``folder/index.html``."""
    prefix = f"{folder}/" if folder else ""
    return f"{prefix}{INDEX}" if page == 1 else f"{prefix}page/{page}/{INDEX}"


def theme_folder(theme_id: str) -> str:
    """The folder of a theme's pages and feeds."""
    return f"themes/{slug(theme_id) or 'theme'}"


def outlet_folder(outlet_slug: str) -> str:
    """The folder of an outlet's pages."""
    return f"outlets/{outlet_slug}"


def story_path(story_id: str) -> str:
    """Where a story's page is written."""
    return f"{folder_of(PATHS.stories)}/{story_id}/{INDEX}"


def period_folder(year: int, month: int) -> str:
    """The folder of a month of the timeline (``month`` 0: the events known only to the year)."""
    top = folder_of(PATHS.timeline)
    return f"{top}/{year:04d}" if month == 0 else f"{top}/{year:04d}/{month:02d}"


def month_path(year: int, month: int) -> str:
    """The archive page of one month; ``month`` 0 is the page of a year's articles with no known month."""
    top = folder_of(PATHS.archive)
    return f"{top}/{year:04d}/{INDEX}" if month == 0 else f"{top}/{year:04d}/{month:02d}/{INDEX}"


def relative(from_page: str, to_path: str) -> str:
    """A link from the page at ``from_page`` to the file ``to_path`` (both output-relative).

    Links name ``index.html`` explicitly so that the site also works opened from disk.
    """
    return links_from(from_page)(to_path)


def links_from(from_page: str) -> Callable[[str], str]:
    """``relative(from_page, to)`` for any ``to``, with what every link of the page shares worked out once:
    a page links hundreds of times, most often out of its own top folder."""
    here = from_page.split("/")[:-1]
    up = "../" * len(here)
    top = here[0] + "/" if here else ""
    folder = "/".join(here) + "/"
    near: dict[str, str] = {}  # links into the page's own top folder (its theme, its pager): made once

    def link(to_path: str) -> str:
        if not to_path.isascii():  # a path with letters of other scripts, as a URL
            to_path = urllib.parse.quote(to_path, safe="/#?=&%")
        if not top or not to_path.startswith(top):  # nothing in common: up to the root, then down
            return up + to_path
        if len(here) == 2 and not to_path.startswith(folder):  # a sibling folder's file: up one, then down
            return "../" + to_path[len(top):]
        found = near.get(to_path)
        if found is None:
            there = to_path.split("/")
            common = 0
            while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
                common += 1
            found = near[to_path] = "../" * (len(here) - common) + "/".join(there[common:])
        return found
    return link


def pretty(path: str) -> str:
    """The public form of an output path: ``articles/x/index.html`` -> ``articles/x/``."""
    if path == INDEX:
        return ""
    return path[: -len(INDEX)] if path.endswith("/" + INDEX) else path


def absolute(base_url: str, path: str) -> str:
    """The public URL of an output path under ``base_url``."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    return base + urllib.parse.quote(pretty(path), safe="/")


def rooted(base_url: str, path: str) -> str:
    """A root-relative link (``/repo/articles/x/``), for pages served at any depth, such as 404.html."""
    base = urllib.parse.urlsplit(base_url).path or "/"
    base = base if base.endswith("/") else base + "/"
    return base + urllib.parse.quote(pretty(path), safe="/")


def slug(text: str) -> str:
    """A lowercase slug of letters, digits and single hyphens (empty when ``text`` has none).

    Latin letters lose their accents ("Détik" -> "detik"); letters of other scripts stay as they are
    ("Москва", "北京日报"), so a title in any language gives a readable path. Such a path is
    percent-encoded wherever it becomes a URL (:func:`absolute`, :func:`links_from`).
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char in _JOINERS:
            continue
        plain = unicodedata.normalize("NFKD", char)
        if plain[:1].isascii():  # "é" -> "e", "１" -> "1", "ﬁ" -> "fi"; punctuation and spaces part words
            kept = "".join(c for c in plain.lower() if c.isascii() and c.isalnum())
            out.append(kept or "-")
        elif char in _LATIN_FOLD:
            out.append(_LATIN_FOLD[char])
        elif char.isalnum() or (unicodedata.category(char).startswith("M") and out and out[-1] != "-"):
            out.append(char.lower())
        else:
            out.append("-")
    result = re.sub(r"-+", "-", "".join(out)).strip("-")
    if len(result) > _SLUG_MAX or len(result.encode("utf-8")) > _SLUG_MAX_BYTES:
        cut = result[:_SLUG_MAX]
        while len(cut.encode("utf-8")) > _SLUG_MAX_BYTES:
            cut = cut[:-1]
        result = cut.rsplit("-", 1)[0].strip("-")  # at a word's end when there is one
    return result
