"""Full-text search: a Pagefind index of the rendered article pages, as files of the site.

The article template marks what Pagefind reads (``data-pagefind-body``, ``-meta``, ``-filter`` and
``-sort``); only article pages are given to it, so no other page is in the index. Before indexing,
each page gets the names of the alias groups it mentions but does not spell out (``Korut`` for an
article that says ``Korea Utara``), so that a search for any name of a group finds the others; the
published pages are left as rendered. The block is the last of the page's text and begins with the word
:data:`ALIASES`, which Pagefind keeps in the page's text but indexes as nothing, so the search page can tell
a match in it from one in the article, and shows article text, never the names, as the result's excerpt.
(Not a metadata field: Pagefind finds pages by the words of their metadata too.)

Pagefind cuts the text of the one index into words at spaces only (the site's interface language, the
``<html lang>``, is not one it segments), so a run of Chinese or Japanese would be one word, found only by
what it begins with. In the text Pagefind is given (only there), each character of
``data/search.yaml``'s ``one_letter_words`` is a word of its own (:func:`spaced`), and the search page cuts
the query the same way: ``条约`` inside ``签署全面战略伙伴关系条约`` is found. The separator is a space
and a WORD JOINER (U+2060), which Pagefind leaves out of the word it indexes but keeps in the text it
makes excerpts of, so the search page takes out those spaces, and only those, again.

Only what Pagefind reads is sent: the ``<html>`` tag (its ``lang``) and the element marked
``data-pagefind-body``, which holds everything it indexes and every ``data-pagefind-meta``, ``-filter``
and ``-sort``, less the elements in it marked ``data-pagefind-ignore`` that hold none of these (the
article page's kicker, byline and footer); a page without one is sent whole. The bundle is the same
bytes as for the whole pages.

Shards: Pagefind holds about 320 KB per page while it indexes, and indexes every page again on every
run. So a site of more than :data:`SHARD_PAGES` article pages is indexed in shards (:func:`shards`),
each a whole Pagefind bundle made by its own conversation (one per CPU at a time, see :func:`stream`): the
first at ``pagefind/``, the others at ``pagefind-shards/<k>/``, which the search page merges into the first
(``mergeIndex``). A page's shard is a hash of its path, so pages stay in their shard as the site grows.
Each shard is kept in the build's cache (:class:`ShardCache`) under a key of all it was made of, so a
rebuild runs Pagefind only for the shards whose pages changed, and reads back from the published site
only the kept (not rendered again) pages of those shards. Pagefind orders merged results by
score even when asked for dates, so each shard also gets :data:`DATES`, its pages' dates by Pagefind's
ids, which the search page sorts by. With one shard the bundle is what one Pagefind makes, as it was.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import hashlib
import importlib.metadata
import json
import os
import re
import struct
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from markupsafe import escape

from warta import pagefind_bundle, scripts, urls
from warta.cache import load_entry, store_entry
from warta.config import SiteConfig
from warta.errors import ConfigError, OutputError
from warta.i18n import Messages
from warta.model import Article, OutputFile, Page
from warta.topics import AliasGroup
from warta.yamlio import parse

BUNDLE = "pagefind"  # the folder of the search bundle in the site (of the first shard, when there are several)
SHARDS = "pagefind-shards"  # the folder of the other shards' bundles, one folder each
DATES = "warta-dates.json"  # in each bundle when there are several: the pages' dates, to order results by
# The most pages one Pagefind is given, on average. Pagefind holds about 320 KB per page while it indexes
# (1,000 pages: 0.34 GB, 10,000: 3.0-3.4 GB), most of it while it makes the bundle (which the build's
# Pagefinds do one at a time: pagefind_bundle.make), so a build's peak grows with the shard's size. Its CPU
# time per page is least at about 625 pages a shard (10,000 pages in 16 shards: 312 pages, 3.6 ms a page;
# 625, 2.8; 1,250, 3.0; 2,500, 3.6), and an edit runs it again over the edited page's whole shard.
SHARD_PAGES = 625
_TOKEN = scripts.NAME_WORD  # the words names are matched by: a letter of Chinese, Thai, Korean... is one
ALIASES = "\u2063"  # INVISIBLE SEPARATOR: the word the alias block begins with (in no word Pagefind indexes)
SEPARATOR = " \u2060"  # put before a one-letter word in the text Pagefind is given (see spaced)
_DATA = Path(__file__).resolve().parent / "data" / "search.yaml"


_SCRIPT_TEXTS = ("found", "none", "prompt", "loading", "more", "failed", "all")


def page(ui: Messages, articles: Sequence[Article] = ()) -> Page:
    """The search page; static/search.js runs the search there with the texts it carries and, when the
    index of ``articles`` has more than one shard, merges the others' bundles (their folders, from the
    site's root) into the first."""
    forms = {key: ui.catalogue.messages[f"search.{key}"][ui.language] for key in _SCRIPT_TEXTS}
    texts = {"plural": ui.catalogue.languages[ui.language]["plural"], **forms}
    others = [f"{shard.folder}/" for shard in shards(articles)[1:]]
    return Page(urls.PATHS.search, "search.html", {"title": ui.text("search.title"), "intro": ui.text("search.intro"),
                                      "section": "search", "noindex": True,
                                      "script_texts": json.dumps(texts, ensure_ascii=False, sort_keys=True),
                                      "one_letter_words": _escaped(one_letter_words()),
                                      "shards": json.dumps(others) if others else ""})


def alias_names(text: str, groups: Iterable[AliasGroup]) -> tuple[str, ...]:
    """The names of every alias group ``text`` mentions, less the names it already uses, in data order.

    A name matches token by token ignoring case; a short all-capitals name (``AS``, ``PBB``) is an
    acronym and matches only in capitals, as the theme lexicons match them. In a script written without
    spaces (or, Korean, with particles joined on) each letter is a token (scripts.NAME_WORD), so "朝鲜"
    is found in "朝鲜与俄罗斯" and "북한" in "북한의".
    """
    return Aliases(tuple(groups)).names(text)


def for_site(groups: Iterable[AliasGroup], articles: Sequence[Article]) -> tuple[AliasGroup, ...]:
    """The alias groups as the site's search index holds them: of each group, only the names of the
    languages of the site's articles, of ``all`` and of data/search.yaml's ``alias_languages`` (a group
    whose names are a plain list keeps all), and of those only the ones written in Latin letters or in a
    script one of the articles' titles is written in.

    A page's alias block holds the names of the groups it mentions: indexed on every page that mentions
    one, they were the most of Pagefind's work after the article's own words. The names of the languages
    no article is written in (data/aliases.yaml has 22) serve only a reader who searches an Indonesian
    site in Polish or Turkish: on an Indonesian site they were three quarters of the block (3,200 bytes a
    page of 9,500), and a shard of 625 benchmark pages took Pagefind 4.2 s and 365 MB with them, 2.9 s and
    240 MB without them, 2.3 s and 215 MB with no block at all. Names in every script (Arabic, Persian,
    Hindi, Thai, Korean, Cyrillic...) made each block 60% longer before: a site with an article in Arabic
    keeps its Arabic names, so that a search in either finds the other. Themes still read every name
    (topics.py).
    """
    letters = {c for article in articles for c in article.title if c.isalpha()}
    written = {"LATIN"} | {scripts.script_of(c) for c in letters}
    spoken = {"all", *alias_languages()} | {a.language.code.split("-")[0].lower() for a in articles}

    def kept(name: str, languages: tuple[str, ...]) -> bool:
        return (not languages or not spoken.isdisjoint(languages)) and \
            all(scripts.script_of(c) in written for c in name if c.isalpha())

    out: list[AliasGroup] = []
    for group in groups:
        listed = group.languages or ((),) * len(group.names)
        names = tuple(name for name, languages in zip(group.names, listed, strict=True) if kept(name, languages))
        out.append(replace(group, names=names, languages=()))
    return tuple(out)


@dataclass(frozen=True)
class _Name:
    group: int
    name: str
    words: tuple[str, ...]  # as written
    folded: tuple[str, ...]  # case-folded
    acronym: bool


class Aliases:
    """The alias groups made ready once for a whole site: every name's words, by its first word."""

    def __init__(self, groups: Sequence[AliasGroup]) -> None:
        self._groups = groups
        self._by_first: dict[str, list[_Name]] = {}
        for i, group in enumerate(groups):
            for name in group.names:
                words = tuple(_TOKEN.findall(name))
                if words:
                    entry = _Name(i, name, words, tuple(w.casefold() for w in words),
                                  len(words) == 1 and _is_acronym(words[0]))
                    self._by_first.setdefault(entry.folded[0], []).append(entry)
        self._firsts = frozenset(self._by_first)

    def names(self, text: str) -> tuple[str, ...]:
        """What :func:`alias_names` gives for ``text``.

        Only the first words of names are looked for among the text's words (a set intersection), and
        only where one is found are the words after it compared: most articles mention a few groups.
        """
        written = None if text.isascii() else _words(text)
        # ASCII's lower() is its casefold() and keeps every word's bounds.
        folded = _words(text.lower()) if written is None else [word.casefold() for word in written]
        present: set[tuple[int, str]] = set()
        for first in self._firsts.intersection(folded):
            for entry in self._by_first[first]:
                if (entry.group, entry.name) in present:
                    continue
                if entry.acronym and written is None:
                    written = _words(text)
                if _occurs(entry, folded, written):
                    present.add((entry.group, entry.name))
        out: list[str] = []
        earlier: set[str] = set()  # the names of the groups before: a name a group repeats stays repeated
        for i in sorted({g for g, _ in present}):
            names = [name for name in self._groups[i].names if (i, name) not in present and name not in earlier]
            out += names
            earlier.update(names)
        return tuple(out)


# Every ASCII byte that is not a letter or a digit (in no word: _TOKEN) as a space; all others as they are.
_GAPS = bytes(b if b >= 0x80 or chr(b).isalnum() else 0x20 for b in range(256))


def _words(text: str) -> list[str]:
    """``_TOKEN.findall(text)`` at about half its cost on the articles' text, which is mostly ASCII
    (10,000 articles: 1.0-1.1 s, was 1.7-2.4).

    The ASCII characters in no word become spaces in one ``bytes.translate``, and ``split`` cuts there
    and at any other white space, which is in no word either; only a piece with other characters than
    ASCII is given to the pattern.
    """
    spaced = text.encode("utf-8", "surrogatepass").translate(_GAPS)
    if text.isascii():
        return spaced.decode("ascii").split()
    words: list[str] = []
    for piece in spaced.decode("utf-8", "surrogatepass").split():
        if piece.isascii():
            words.append(piece)
        else:
            words += _TOKEN.findall(piece)
    return words


def _occurs(entry: _Name, folded: list[str], written: list[str] | None) -> bool:
    """Whether ``entry`` is among the words of a text, whose first word is: its folded words in a row,
    and an acronym as written (``written``, which an acronym needs)."""
    if len(entry.folded) == 1 and not entry.acronym:
        return True
    words = list(entry.folded)
    i = folded.index(words[0])
    while True:
        if folded[i:i + len(words)] == words and (not entry.acronym or (written is not None
                                                                        and written[i] == entry.words[0])):
            return True
        try:
            i = folded.index(words[0], i + 1)
        except ValueError:
            return False


def _is_acronym(word: str) -> bool:
    return word.isupper() and 2 <= len(word) <= 5


@functools.cache
def one_letter_words() -> str:
    """The character class (without its brackets) of the characters that are each a word of their own:
    ``one_letter_words`` in data/search.yaml. ConfigError names what is wrong."""
    shown, data = _settings()
    characters = data.get("one_letter_words")
    if not isinstance(characters, str):
        raise ConfigError("'one_letter_words' must be a character class", shown)
    try:
        re.compile(f"[{characters}]")
    except re.error as exc:
        raise ConfigError(f"one_letter_words is not a character class: {exc}", shown) from None
    return characters


@functools.cache
def alias_languages() -> frozenset[str]:
    """The languages whose alias names every site's search index holds (``alias_languages`` in
    data/search.yaml), besides those of its articles (see :func:`for_site`)."""
    shown, data = _settings()
    codes = data.get("alias_languages")
    if not isinstance(codes, list) or not all(isinstance(c, str) and c.strip() for c in codes):
        raise ConfigError("'alias_languages' must be a list of language codes", shown)
    return frozenset(c.strip().lower() for c in codes)


@functools.cache
def _settings() -> tuple[str, dict[str, Any]]:
    """data/search.yaml, as shown in messages and as read (once a process): exactly its two keys."""
    shown = "warta/data/search.yaml"
    data = parse(_DATA.read_text(encoding="utf-8"), shown, error=ConfigError, builtin=True).data
    if not isinstance(data, dict) or set(data) != {"one_letter_words", "alias_languages"}:
        raise ConfigError("expected exactly the keys 'one_letter_words' and 'alias_languages'", shown)
    return shown, data


def variant_forms(text: str) -> str:
    """The Traditional, Simplified and Japanese forms (data/variants.yaml) of the Han characters of ``text``
    that it does not write, in code point order: "條約" -> "条约", "条約" -> "條约". Given to the index with the
    alias names (not shown in an excerpt), they let a query in one form ("条约") find the others ("條約")."""
    table = _variants()
    found = table.keys() & set(text)
    return "".join(sorted(set().union(*(table[c] for c in found)) - found)) if found else ""


_VARIANTS = _DATA.parent / "variants.yaml"


@functools.cache
def _variants() -> dict[str, frozenset[str]]:
    """data/variants.yaml: each character of a group, to the others of its group."""
    shown = "warta/data/variants.yaml"
    data = parse(_VARIANTS.read_text(encoding="utf-8"), shown, error=ConfigError, builtin=True).data
    rows = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ConfigError("expected 'groups': lists of strings, each the forms of one character", shown)
    out: dict[str, frozenset[str]] = {}
    for group in (g for row in rows for g in row):
        if not isinstance(group, str) or len(group) < 2:
            raise ConfigError(f"a group must be a string of two forms or more, not {group!r}", shown)
        for c in group:
            out[c] = frozenset(group) - {c}
    return out


@functools.cache
def _one_letter() -> re.Pattern[str]:
    return re.compile(f"[{one_letter_words()}]")


def _escaped(characters: str) -> str:
    """A character class as JavaScript reads it (with the ``u`` flag) in ASCII: ``\\u{4e00}`` for each
    other character (an HTML page may not hold some of them as they are, e.g. U+3FFFF)."""
    return "".join(c if c.isascii() else f"\\u{{{ord(c):x}}}" for c in characters)


@functools.cache
def _between() -> re.Pattern[str]:
    """Where a word begins in text of one-letter words: before each of them that follows anything but a
    space, and before a letter or digit that follows one of them, after the punctuation between if any
    (which stays with the word before it). A match is what goes before the separator."""
    one = one_letter_words()
    return re.compile(rf"(?<=\S)(?=[{one}])|(?<=[{one}])[^\w\s]*(?=(?![{one}])[^\W_])")


@functools.cache
def _any_one_letter() -> re.Pattern[str]:
    """Any character of :func:`one_letter_words`: a page without one is sent as it is, and looking for one
    is cheaper than :func:`_between` (0.4 ms a page, with its look-behind at every character of the page)."""
    return re.compile(f"[{one_letter_words()}]")


def spaced(text: str) -> str:
    """``text`` with :data:`SEPARATOR` where :func:`_between` says a word begins, so Pagefind takes each
    character of :func:`one_letter_words` as a word: ``普京与`` -> ``普`` ``京`` ``与``, each after the first
    preceded by the separator; ``谈，双`` -> ``谈，`` ``双``; ``会谈。G7`` -> ``会`` ``谈。`` ``G7``. Text
    without such characters is left as it is."""
    if _any_one_letter().search(text) is None:  # most text: every word start needs one of them
        return text
    return _between().sub(_separated, text)


def _separated(m: re.Match[str]) -> str:
    return m.group(0) + SEPARATOR


# An element whose text Pagefind does not index, or reads as a value (metadata, filters, sorts): left as it is.
_KEPT = re.compile(rb"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\sdata-pagefind-(?:ignore|meta|filter|sort)\b[^>]*>")
_MARKUP = re.compile(rb"(<[^>]*>)")


def spaced_html(html: bytes) -> bytes:
    """A page for Pagefind with :func:`spaced` text: the text between its tags, outside the elements
    :data:`_KEPT` names (an ignored element's text is not indexed, and a filter's value must stay the value
    the search page shows and filters by). A page without a one-letter word is returned as it is."""
    text = html.decode("utf-8", "surrogatepass")
    if _any_one_letter().search(text) is None:
        return html
    out: list[bytes] = []
    at = 0
    while (m := _KEPT.search(html, at)) is not None:
        out.append(_spaced_text(html[at:m.start()]))
        end = _closing(html, m) or m.end()  # an element without a closing tag (an <img>) is only its tag
        out.append(html[m.start():end])
        at = end
    out.append(_spaced_text(html[at:]))
    return b"".join(out)


def _spaced_text(part: bytes) -> bytes:
    """:func:`spaced` on the text between the tags of ``part``, as Pagefind reads it: a tag does not part
    two words (``<a>金正恩</a>与`` is one run; the page puts line breaks between its blocks)."""
    pieces = _MARKUP.split(part)  # text, tag, text, ..., text
    last = ""  # the last character of the text before
    for i in range(0, len(pieces), 2):
        text = pieces[i].decode("utf-8", "surrogatepass")
        if not text:
            continue
        # The character before, a word's letter or a space, tells whether a word begins at the text's start.
        pieces[i] = spaced(last + text)[len(last):].encode("utf-8", "surrogatepass")
        last = text[-1]
    return b"".join(pieces)


def indexed_html(page: bytes, names: Sequence[str]) -> bytes:
    """A page as Pagefind reads it, already reduced by :func:`searchable`: its text :func:`spaced_html`,
    and ``names`` (:func:`spaced`) added as a lightly weighted indexed block at the end, after the word
    :data:`ALIASES`.

    Names in Chinese or Japanese (with a character of ``one_letter_words``) are left out of the block: the
    index holds them one character at a time, and a query's characters are looked for anywhere on the page,
    so the many names of the groups a page mentions would make it a result for most short queries in these
    scripts ("条约" on a page of NATO's "北约" and "北大西洋条約機構"). A page in them still gets the other names,
    and the other forms of its Han characters (:func:`variant_forms`)."""
    other = variant_forms(page.decode("utf-8", "surrogatepass"))
    page = spaced_html(page)
    one_letter = _one_letter()
    names = [name for name in names if not one_letter.search(name)] + ([other] if other else [])
    if not names:
        return page
    block = f'<div data-pagefind-body data-pagefind-weight="0.5">{ALIASES} {escape(spaced(" · ".join(names)))}</div>'
    head, tail = page.rsplit(b"</body>", 1) if b"</body>" in page else (page, b"")
    return head + block.encode("utf-8") + b"</body>" + tail


_BODY = re.compile(rb"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\sdata-pagefind-body\b[^>]*>")
_HTML = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)


def searchable(html: bytes) -> bytes:
    """What of a page Pagefind needs: its ``<html>`` tag and its first ``data-pagefind-body`` element,
    in an otherwise empty document, less the ignored elements it has no use for (:func:`_unignored`);
    the page itself when it has no such element or it does not close.

    The element is looked for from the last ``>`` before the first ``data-pagefind-body`` on (a page's
    head is a third of it: 34 µs of 59 a page went to looking for the element there), with the same
    match as searching the whole page.
    """
    body = _first_body(html)
    if body is None:
        return html
    end = _closing(html, body)
    if end is None:
        return html
    opening = _HTML.search(html)
    return ((opening.group(0) if opening else b"<html>") + b"<body>" + _unignored(html[body.start():end])
            + b"</body></html>")


def _closing(html: bytes, opening: re.Match[bytes]) -> int | None:
    """Where the element ``opening`` (a match of its tag, the tag's name its first group) ends: after the
    closing tag of its name that brings the count of its name's tags back to nought; None if none does."""
    depth = 1
    for m in _tags_named(opening.group(1)).finditer(html, opening.end()):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    return None


@functools.cache
def _tags_named(name: bytes) -> re.Pattern[bytes]:
    """The opening and closing tags of elements named ``name``, the ``/`` of a closing one its first group."""
    return re.compile(rb"<(/?)" + re.escape(name) + rb"\b[^>]*>")


_IGNORED = re.compile(rb"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\sdata-pagefind-ignore\b[^>]*>")
_ID = re.compile(rb"\sid\s*=")


def _still_read(element: bytes) -> bool:
    """Whether an ignored element holds what Pagefind still reads: metadata, filters and sorts (it reads
    them in ignored elements: the article template keeps them in one), a first ``<h1>`` or image (the
    page's title and image when no metadata names them), or ids (a heading's id is a result's anchor).
    Found in its lowercase copy, as any case is read."""
    lower = element.lower()
    return (lower.count(b"data-pagefind-") != lower.count(b"data-pagefind-ignore") or b"<img" in lower
            or b"<h1" in lower or _ID.search(lower) is not None)


def _unignored(part: bytes) -> bytes:
    """``part`` less each element marked ``data-pagefind-ignore`` that holds nothing Pagefind reads
    (:func:`_still_read`): Pagefind skips such an element's text, and the bundle is the same bytes
    without it. At 10,000 articles the article pages' footers (their facts and removed lines) were
    a quarter of what Pagefind was sent, and took a sixth of its time."""
    out: list[bytes] = []
    start = at = 0  # the part from start on is not yet in out; ignored elements are looked for from at on
    while (found := part.find(b"data-pagefind-ignore", at)) >= 0:
        # As in _first_body: no element's tag that holds it begins before the last ">" before it.
        m = _IGNORED.search(part, max(at, part.rfind(b">", 0, found) + 1))
        if m is None:
            break
        end = _closing(part, m)
        if end is None or _still_read(part[m.start():end]):
            at = m.end()  # kept, and any ignored element inside it looked at in turn
            continue
        out.append(part[start:m.start()])
        start = at = end
    if not out:
        return part
    out.append(part[start:])
    return b"".join(out)


def _first_body(html: bytes) -> re.Match[bytes] | None:
    """``_BODY.search(html)``, begun after the last ``>`` before the first ``data-pagefind-body``: an
    element's tag holds no ``>``, so no match begins before."""
    first = html.find(b"data-pagefind-body")
    return _BODY.search(html, html.rfind(b">", 0, first) + 1) if first >= 0 else None


def shard_count(pages: int) -> int:
    """How many shards ``pages`` article pages are split into: 1 up to :data:`SHARD_PAGES`, else the
    smallest power of two that leaves at most :data:`SHARD_PAGES` pages to a shard on average."""
    count = 1
    while pages > count * SHARD_PAGES:
        count *= 2
    return count


def shard_of(path: str, count: int) -> int:
    """The shard of the page at ``path`` among ``count``: the SHA-1 of the path modulo ``count``, so a page
    stays in its shard as articles are added, and doubling ``count`` splits every shard in two."""
    return int(hashlib.sha1(path.encode("utf-8")).hexdigest(), 16) % count


@dataclass(frozen=True)
class Shard:
    """One Pagefind bundle of the site: its folder and its article pages, in the order of the articles."""

    folder: str  # ``pagefind`` for the first, which the search page loads; ``pagefind-shards/<k>`` for the others
    paths: tuple[str, ...]


def shards(articles: Sequence[Article]) -> list[Shard]:
    """The bundles the search index of ``articles`` is made of, the one at ``pagefind/`` first.

    Shards no page falls into are left out, so the first one that has pages is at ``pagefind/``.
    """
    return _layout(list(dict.fromkeys(urls.article_path(a) for a in articles)))


def _layout(paths: Sequence[str]) -> list[Shard]:
    """:func:`shards` of the article pages at ``paths`` (each once, in the order of the articles)."""
    count = shard_count(len(paths))
    groups: list[list[str]] = [[] for _ in range(count)]
    for path in paths:
        groups[shard_of(path, count) if count > 1 else 0].append(path)
    filled = [(k, group) for k, group in enumerate(groups) if group] or [(0, [])]
    return [Shard(BUNDLE if i == 0 else f"{SHARDS}/{k}", tuple(group)) for i, (k, group) in enumerate(filled)]


@dataclass(frozen=True)
class Entry:
    """What the search index needs of an article besides its page: the text its alias names are found in
    (:func:`indexed_html`) and its date as its page gives it to Pagefind to sort by ("" when undated).

    The text is kept as its parts (the article's title and block texts, the article's own strings) and
    joined when it is read: joined for every article at once, the texts were 67 MB of the build of
    10,000 articles, beside the articles that hold the same words.
    """

    path: str  # of its page
    parts: tuple[str, ...]  # the text, in parts joined by spaces
    date: str
    names: tuple[str, ...] | None = None  # the alias names found in the text, once they are (then no parts)

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def entries(articles: Sequence[Article]) -> list[Entry]:
    """The :class:`Entry` of each article page, in the order of ``articles``; of two articles at one path,
    the first. A build hands these to :func:`stream` and can let the articles go."""
    out: dict[str, Entry] = {}
    for a in articles:
        path = urls.article_path(a)
        if path not in out:
            out[path] = Entry(path, _parts(a), a.published.iso() if a.published is not None else "")
    return list(out.values())


def named(entries: Iterable[Entry], groups: Sequence[AliasGroup]) -> list[Entry]:
    """``entries`` with their alias names found and their texts let go: what a forked build sends to the
    process that runs Pagefind (pipeline._made), which then holds no article's text (at 10,000 articles
    the names of all took 1.2 s of CPU, the texts were 67 MB)."""
    aliases = Aliases(groups)
    return [entry if entry.names is not None else replace(entry, parts=(), names=aliases.names(entry.text))
            for entry in entries]


def index(files: Sequence[OutputFile], articles: Sequence[Article], groups: Sequence[AliasGroup],
          cache: Path | None = None, stop: threading.Event | None = None, at_once: int = 1,
          published: Path | None = None) -> list[OutputFile]:
    """The files of :func:`stream` for these articles' pages, all at once."""
    return list(stream(files, entries(articles), groups, cache, stop=stop, at_once=at_once, published=published))


def shard_order(pages: Sequence[Page], articles: Sequence[Article]) -> list[Page]:
    """``pages`` with the articles' pages first, shard by shard (:func:`shards`), then the others in their
    order: rendered in this order, each shard's pages are all there early, and its Pagefind can start
    while the pages after are rendered (:func:`stream`)."""
    at = {page.path: i for i, page in enumerate(pages)}
    first = [at[path] for shard in shards(articles) for path in shard.paths if path in at]
    taken = set(first)
    return [pages[i] for i in first] + [page for i, page in enumerate(pages) if i not in taken]


class Gate:
    """How many shards are made at once: at most :attr:`width`, which may be raised while they are made.

    A build lets Pagefinds work on the CPUs that do not render while it renders its pages and makes its
    data files (one on two CPUs: more would be memory at its peak for no time gained), then widens the
    gate to a Pagefind per CPU (pipeline.site_files)."""

    def __init__(self, width: int) -> None:
        self.width = max(0, width)  # none at all until it is widened
        self._busy = 0
        self._changed = threading.Condition()

    def widen(self, width: int) -> None:
        with self._changed:
            self.width = max(self.width, width)
            self._changed.notify_all()

    def __enter__(self) -> None:
        with self._changed:
            self._changed.wait_for(lambda: self._busy < self.width)
            self._busy += 1

    def __exit__(self, *exc: object) -> None:
        with self._changed:
            self._busy -= 1
            self._changed.notify_all()


def stream(files: Iterable[OutputFile], pages_of: Sequence[Entry], groups: Sequence[AliasGroup],
           cache: Path | None = None, stop: threading.Event | None = None, at_once: int = 1,
           published: Path | None = None, gate: Gate | None = None,
           peak: AbstractContextManager[object] | None = None) -> Iterator[OutputFile]:
    """The search bundles (see :func:`shards`) for the article pages among ``files``: each rendered page
    reduced by :func:`searchable` (the build keeps no more of them), each page that comes ``kept`` (not
    rendered again: render.Memory) without bytes, its file in the ``published`` folder as it is.
    ``pages_of``: the article pages (:func:`entries`).

    Pages are indexed in the order of ``pages_of``; a bundle is the same bytes for the same pages. Up to
    ``at_once`` shards are made at the same time, each by its own Pagefind (one Pagefind uses one CPU, and
    holds only its shard's pages), in threads that mostly wait on them; with a ``gate``, no more at once than
    it lets through (it is as wide as ``at_once`` at most); with ``peak``, a lock each Pagefind holds while
    its memory peaks (see pagefind_bundle.make). Each shard's files come as soon as
    it and the shards before it are made, and are not kept here: at 10,000 articles the bundles are 60 MB,
    which the build held to its end. A page is let go once its shard is given to Pagefind, and is kept until
    then compressed (zlib's fastest level, a third of the size: at 10,000 articles some 6,800 pages, 41 MB,
    waited for a Pagefind while the pages were rendered faster than it indexed them). With ``cache``
    (a folder, see :class:`ShardCache`), a shard whose pages are the same as in a previous build is taken
    from there and Pagefind is not run for it; a kept page is read (and reduced) only when its shard is
    made. With more than one shard, each bundle also holds :data:`DATES`, the dates the search page
    orders results from all shards by, after every shard. Once ``stop`` is set (the build was abandoned
    while this ran in a thread of its own), no further shard is made: OutputError.
    """
    by_path = _by_path(pages_of)
    del pages_of  # by_path holds the entries, and lets each one's text go once its shard is made
    aliases = Aliases(groups)
    store = ShardCache(cache, groups) if cache is not None else None
    known = store.pages() if store is not None else {}
    hashes: dict[str, tuple[bytes, bytes]] = {}  # what each page was made of -> its hash, for the next build
    layout = _layout(list(by_path))
    shard_at = {path: k for k, shard in enumerate(layout) for path in shard.paths}
    missing = [len(shard.paths) for shard in layout]  # pages of each shard not come yet
    pages: dict[str, OutputFile] = {}  # the pages come, of the shards not begun
    waiting = _Waiting()  # what Pagefind is to be given of the rendered ones among them

    def names_of(path: str) -> tuple[str, ...]:
        """The alias names of the page at ``path``, found once; its entry then lets its text go."""
        entry = by_path[path]
        if entry.names is None:
            entry = by_path[path] = replace(entry, parts=(), names=aliases.names(entry.text))
        assert entry.names is not None
        return entry.names

    def html_of(file: OutputFile) -> bytes:
        """What Pagefind is given of an article page (less its alias names)."""
        return waiting.read(file.path) if not file.kept else _searchable_part(file, published)

    def make_shard(key: str, members: list[OutputFile]) -> pagefind_bundle.Bundle:
        with gate or contextlib.nullcontext():
            if stop is not None and stop.is_set():
                raise OutputError("search index: the build was stopped")
            # The pages are read and made in Pagefind's writer thread, while it indexes the ones before.
            made = pagefind_bundle.read(pagefind_bundle.make(
                (("/" + file.path, indexed_html(html_of(file), names_of(file.path))) for file in members), peak))
        waiting.forget(file.path for file in members)
        members.clear()  # its pages, let go as soon as the shard is made
        if store is not None:
            store.put(key, made)
        return made

    # A shard is handed to a Pagefind as soon as its pages have come and its key is known, not after every
    # shard's: at 10,000 articles hashing the pages of all 16 shards took 2.5 s, with every Pagefind waiting.
    pool = (concurrent.futures.ThreadPoolExecutor(min(at_once, len(layout)), "pagefind-shard")
            if at_once > 1 and len(layout) > 1 else None)
    Made = pagefind_bundle.Bundle | concurrent.futures.Future[pagefind_bundle.Bundle] | _Stored | None
    built: list[Made] = [None] * len(layout)

    def begin(k: int) -> None:
        members = [pages.pop(path) for path in layout[k].paths if path in pages]
        key = ""
        if store is not None:
            sent = [(file, _page_hash(file, html_of, names_of(file.path), known)) for file in members]
            hashes.update((file.path, (file.digest, digest)) for file, digest in sent if file.digest is not None)
            key = store.key([(file.path, digest) for file, digest in sent])
            if store.has(key):
                built[k] = _Stored(key, members)
                return
        built[k] = pool.submit(make_shard, key, members) if pool is not None else make_shard(key, members)

    def result(made: Made) -> pagefind_bundle.Bundle:
        """A shard's bundle once it is made; one stored is read only now (see :class:`_Stored`)."""
        if isinstance(made, _Stored):
            assert store is not None
            return store.get(made.key) or make_shard(made.key, made.members)
        if isinstance(made, concurrent.futures.Future):
            return made.result()
        assert made is not None
        return made

    try:
        for file in files:
            k = shard_at.get(file.path)
            if k is None or built[k] is not None:
                continue  # not an article page; or one come again, whose shard is begun
            missing[k] -= file.path not in pages
            if not file.kept:
                waiting.put(file.path, file.data)
                file = replace(file, data=b"")
            pages[file.path] = file
            if not missing[k]:
                begin(k)
        for k, made in enumerate(built):
            if made is None:  # some of its pages never came
                begin(k)
        fragments: list[Mapping[str, str]] = []
        for k, shard in enumerate(layout):
            made, built[k] = built[k], None
            bundle = result(made)
            fragments.append(bundle.fragments)
            files_of = bundle.files
            del bundle, made
            for path in sorted(files_of):
                yield OutputFile(f"{shard.folder}/{path}", files_of.pop(path))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)  # after an error, the shards not yet begun are not made
        waiting.close()
    if store is not None:
        if hashes != known:
            store.put_pages(hashes)
        store.prune()
    if len(layout) > 1:
        yield from _date_files(layout, fragments, {path: entry.date for path, entry in by_path.items()})


@dataclass(frozen=True)
class _Stored:
    """A shard whose bundle the cache holds under ``key``: read when its files are given out, not when it is
    found. After an edit, the bundles of all other shards were found while the pages were rendered and held
    until the build's end (at 10,000 articles 60-90 MB of the build's process, at its peak). Should the entry
    no longer check out then, the shard is made of its ``members``."""

    key: str
    members: list[OutputFile]


def _by_path(entries: Iterable[Entry]) -> dict[str, Entry]:
    """The entries by the path of their page, in order; of two at one path, the first."""
    by_path: dict[str, Entry] = {}
    for entry in entries:
        by_path.setdefault(entry.path, entry)
    return by_path


class _Waiting:
    """The searchable parts of the rendered article pages that wait for their shard's Pagefind, by path:
    compressed (zlib's fastest level, a third of the size) in an unnamed temporary file, not in the
    build's memory. At 10,000 articles some 6,800 pages, 41 MB, waited while the pages were rendered faster
    than a Pagefind indexed them, and all 10,000 (60 MB) in a forked build (pipeline._published). Where
    no temporary file can be made, or the disk is full, they wait in memory. Put from one thread; taken
    from any."""

    def __init__(self) -> None:
        self._at: dict[str, tuple[int, int]] = {}  # path -> where its part is in the file (offset, length)
        self._held: dict[str, bytes] = {}  # path -> its part, when there is no file
        self._end = 0
        try:
            self._file: IO[bytes] | None = tempfile.TemporaryFile(prefix="warta-search-")
        except OSError:
            self._file = None
        self._full = self._file is None  # no file, or no room left in it: the pages wait in memory

    def put(self, path: str, data: bytes) -> None:
        packed = zlib.compress(data, 1)
        self.forget((path,))  # a page that comes again replaces the one before
        if not self._full and self._file is not None:
            try:
                self._full = os.pwrite(self._file.fileno(), packed, self._end) < len(packed)
            except OSError:  # the disk is full: this one and the next wait in memory
                self._full = True
            if not self._full:
                self._at[path] = (self._end, len(packed))
                self._end += len(packed)
                return
        self._held[path] = packed

    def read(self, path: str) -> bytes:
        held = self._held.get(path)
        if held is None:
            offset, length = self._at[path]
            assert self._file is not None
            held = os.pread(self._file.fileno(), length, offset)
        return zlib.decompress(held)

    def forget(self, paths: Iterable[str]) -> None:
        for path in paths:
            self._at.pop(path, None)
            self._held.pop(path, None)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def _searchable_part(file: OutputFile, published: Path | None) -> bytes:
    """What Pagefind is given of a kept article page, read from the published site and reduced."""
    try:
        if published is None:
            raise FileNotFoundError(file.path)
        return searchable((published / file.path).read_bytes())
    except OSError:
        raise OutputError(f"{published / file.path if published else file.path}: the published page to index is "
                          "gone (the output folder changed during the build): build again") from None


def _page_hash(file: OutputFile, html_of: Callable[[OutputFile], bytes], names: Sequence[str],
               known: Mapping[str, tuple[bytes, bytes]]) -> bytes:
    """A hash of what Pagefind is given for one article page: its searchable part and its alias names. A
    kept page made of what it was made of in the previous build (its digest, which tells its bytes and its
    article) has the hash that build recorded (``known``), and is not read."""
    if file.kept and file.digest is not None:
        found = known.get(file.path)
        if found is not None and found[0] == file.digest:
            return found[1]
    html, words = html_of(file), "\n".join(names).encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(struct.pack("<QQ", len(html), len(words)))
    digest.update(html)
    digest.update(words)
    return digest.digest()


def _parts(article: Article) -> tuple[str, ...]:
    """The text an article page's alias names are found in (see :func:`indexed_html`), in parts joined by
    spaces."""
    return (article.title, *(b.text for b in article.blocks))


def _date_files(layout: Sequence[Shard], fragments: Sequence[Mapping[str, str]], dates: Mapping[str, str],
                ) -> list[OutputFile]:
    """Each shard's :data:`DATES`: Pagefind's id of each page -> the article's date (``YYYY``, ``YYYY-MM``
    or ``YYYY-MM-DD``, as its page gives Pagefind to sort by); an undated article is left out.
    ``fragments``: each shard's pages, Pagefind's id -> URL (pagefind_bundle.Bundle); ``dates``: each
    article page's date by path, "" when it has none.

    Pagefind names a page by a short hash, which two shards may both use: such an id maps to
    ``[date or "", page path]`` in each shard that has it, and the search page tells them apart by URL.
    """
    owners: dict[str, int] = {}
    for pages in fragments:
        for ident in pages:
            owners[ident] = owners.get(ident, 0) + 1
    out = []
    for shard, pages in zip(layout, fragments, strict=True):
        found: dict[str, str | list[str]] = {}
        for ident, url in sorted(pages.items()):
            iso = dates.get(url.removeprefix("/"), "")
            if owners[ident] > 1:
                found[ident] = [iso, url.removeprefix("/")]
            elif iso:
                found[ident] = iso
        out.append(OutputFile(f"{shard.folder}/{DATES}",
                              json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode("utf-8")))
    return out


_ENTRY = b"warta-search-shard-1\n"
_PAGES = "pages"  # the record of the article pages (ShardCache.put_pages), among the shards
_PAGES_ENTRY = b"warta-search-pages-1\n"
# what makes a shard: any changed, every shard is made again
_CODE = (__file__, pagefind_bundle.__file__, _DATA, _VARIANTS)


class ShardCache:
    """Shards built before, in ``folder``: each under a key of everything its bundle depends on.

    The key is a hash of Pagefind's version, of the code that makes a shard (this module, pagefind_bundle
    and data/search.yaml), of the alias groups and of all that the pages given to Pagefind are made of, in
    order: each page's URL and a hash of its searchable part and of the text its alias names are found
    in. (Hashing what the pages are made of rather than the pages spares finding the alias names of
    every page of every shard that is reused: 3.9 s of 10,000 pages.) Beside the shards, a record of the
    last build's article pages (:meth:`put_pages`) gives, for each, what it was made of (its pagedigest)
    and that hash: a page the build keeps (render.Memory: made of the same, so the same bytes) takes its
    hash from there, and is read from the published site only if its shard is made again (reading and
    reducing every kept page cost 0.8 s of 10,000). A page whose digest differs, or that the record does
    not know, is read and hashed. Every entry carries a checksum of its content,
    and one that does not check out is ignored (and built again). Entries this build did not use are
    removed by :meth:`prune`. The folder is safe to delete; a folder that cannot be written is simply
    not used.
    """

    def __init__(self, folder: Path, groups: Sequence[AliasGroup]) -> None:
        self.folder = folder
        self.used: set[str] = set()
        names = json.dumps([group.names for group in groups], ensure_ascii=False).encode("utf-8")
        self._salt = hashlib.sha256(b"\n".join([
            _ENTRY, pagefind_bundle.version(), *(Path(code).read_bytes() for code in _CODE),
            importlib.metadata.version("cbor2").encode(), names])).digest()

    def key(self, pages: Sequence[tuple[str, bytes]]) -> str:
        """The entry name for a shard of these pages, each as its path and the hash of what Pagefind is
        given for it (:func:`_page_hash`)."""
        digest = hashlib.sha256(self._salt)
        for path, page in pages:
            url = path.encode("utf-8")
            digest.update(struct.pack("<QQ", len(url), len(page)))
            digest.update(url)
            digest.update(page)
        return digest.hexdigest()

    def has(self, key: str) -> bool:
        """Whether a bundle is stored under ``key`` (:meth:`get` checks it out); marks it used."""
        self.used.add(key)
        return (self.folder / key).is_file()

    def get(self, key: str) -> pagefind_bundle.Bundle | None:
        """The bundle stored under ``key``, or None when there is none or it does not check out."""
        self.used.add(key)
        found = load_entry(self.folder / key, _ENTRY)
        if not (isinstance(found, tuple) and len(found) == 2 and all(isinstance(part, dict) for part in found)):
            return None
        return pagefind_bundle.Bundle(*found)

    def put(self, key: str, bundle: pagefind_bundle.Bundle) -> None:
        """Store ``bundle`` under ``key``."""
        self.used.add(key)
        store_entry(self.folder / key, _ENTRY, (bundle.files, bundle.fragments))

    def pages(self) -> dict[str, tuple[bytes, bytes]]:
        """What the last build recorded of its article pages (:meth:`put_pages`); nothing when there is no
        record, or it does not check out, or it was made by other code or with other alias groups."""
        self.used.add(_PAGES)
        found = load_entry(self.folder / _PAGES, _PAGES_ENTRY)
        if not (isinstance(found, tuple) and len(found) == 2 and found[0] == self._salt
                and isinstance(found[1], dict)):
            return {}
        pages: dict[str, tuple[bytes, bytes]] = found[1]
        return pages

    def put_pages(self, pages: Mapping[str, tuple[bytes, bytes]]) -> None:
        """Record, for each article page by path, what it was made of (its pagedigest) and the hash of what
        Pagefind was given for it: a page the next build keeps (made of the same) has the same hash."""
        self.used.add(_PAGES)
        store_entry(self.folder / _PAGES, _PAGES_ENTRY, (self._salt, dict(pages)))

    def prune(self) -> None:
        """Remove every entry (and any half-written one) this build did not use."""
        try:
            stale = [path for path in self.folder.iterdir() if path.name not in self.used]
        except OSError:
            return
        for path in stale:
            try:
                path.unlink()
            except OSError:
                pass


def cache_folder(config: SiteConfig) -> Path | None:
    """Where the build keeps its shards (see :class:`ShardCache`); None when the cache is turned off."""
    return config.path(config.cache_dir) / "search" if config.cache_dir else None
