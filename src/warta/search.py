"""Full-text search: a Pagefind index of the rendered article pages, as files of the site.

The article template marks what Pagefind reads (``data-pagefind-body``, ``-meta``, ``-filter`` and
``-sort``); only article pages are given to it, so no other page is in the index. Before indexing,
each page gets the names of the alias groups it mentions but does not spell out (``Korut`` for an
article that says ``Korea Utara``), so that a search for any name of a group finds the others; the
published pages are left as rendered.

Pagefind runs as its own binary (PyPI ``pagefind[bin]``) in its service mode (``pagefind --service``,
the protocol its Python and Node APIs speak: base64 JSON messages ended by a comma on stdin and
stdout). The pages are sent in the order of ``articles`` and the bundle comes back in one message, so
nothing touches the disk. (Its Python API sleeps 0.1 s per message and cannot read an answer over
2 MiB; pointing the binary at a folder numbers the pages in the order the file system lists them,
which differs from one disk to another.) The service handles its messages one at a time, in the order
they arrive, and answers each in turn: so the pages are written by a thread while the answers are
read (:meth:`_Service.ask_all`), and Pagefind indexes one page while the next is prepared; an answer
out of turn stops the build rather than risk another page order.

Only what Pagefind reads is sent: the ``<html>`` tag (its ``lang``) and the element marked
``data-pagefind-body``, which holds everything it indexes and every ``data-pagefind-meta``, ``-filter``
and ``-sort``; a page without one is sent whole. The bundle is the same bytes as for the whole pages.

Shards: Pagefind holds about 320 KB per page while it indexes, and indexes every page again on every
run. So a site of more than :data:`SHARD_PAGES` article pages is indexed in shards (:func:`shards`),
each a whole Pagefind bundle made by its own conversation, one after another: the first at
``pagefind/``, the others at ``pagefind-shards/<k>/``, which the search page merges into the first
(``mergeIndex``). A page's shard is a hash of its path, so pages stay in their shard as the site grows.
Each shard is kept in the build's cache (:class:`ShardCache`) under a key of all it was made of, so a
rebuild runs Pagefind only for the shards whose pages changed. Pagefind orders merged results by
score even when asked for dates, so each shard also gets :data:`DATES`, its pages' dates by Pagefind's
ids, which the search page sorts by. With one shard the bundle is what one Pagefind makes, as it was.

Determinism: Pagefind numbers pages in the order they are added, so the word index, the fragments and
the sort orders are the same for the same pages. Its filters and sorts, and the languages of
``pagefind-entry.json``, come out of Rust hash maps in a different order on every run, and the files
that hold them are named by a hash of their content. :func:`canonical` puts those lists in order
(filter values by value, filters and sorts by name, languages by code; the page lists inside stay as
Pagefind ordered them: page numbers ascending, or the order of a sort), encodes them again, and names
each file by the hash of its new content the way Pagefind does (the first hex digits of the SHA-1 of
the CBOR, after the language). pagefind.js only fetches files by these names and never checks them.
Each data file is ``gzip("pagefind_dcd" + CBOR)``; rewritten files are gzipped with a fixed header.
"""

from __future__ import annotations

import base64
import binascii
import concurrent.futures
import gzip
import hashlib
import importlib.metadata
import json
import os
import re
import struct
import subprocess
import tempfile
import threading
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NoReturn

import cbor2
from markupsafe import escape

from warta import urls
from warta.cache import load_entry, store_entry
from warta.config import SiteConfig
from warta.errors import ConfigError, OutputError
from warta.i18n import Messages
from warta.model import Article, OutputFile, Page
from warta.topics import AliasGroup

BUNDLE = "pagefind"  # the folder of the search bundle in the site (of the first shard, when there are several)
SHARDS = "pagefind-shards"  # the folder of the other shards' bundles, one folder each
DATES = "warta-dates.json"  # in each bundle when there are several: the pages' dates, to order results by
# The most pages one Pagefind is given, on average. Pagefind holds about 320 KB per page while it indexes
# (1,000 pages: 0.34 GB, 10,000: 3.0-3.4 GB), so a build's peak is that of one shard.
SHARD_PAGES = 1000
# Pagefind's ready-made UIs: the search page has its own (static/search.js), so these are not shipped.
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
           "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
_TOKEN = re.compile(r"[^\W_]+")
_TIMEOUT = 600  # seconds: far more than any index takes; a hung binary must not hang the build
_SIGNATURE = b"pagefind_dcd"  # what every Pagefind data file starts with, once gunzipped


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
                                      "shards": json.dumps(others) if others else ""})


def binary() -> Path:
    """The Pagefind binary: ``$PAGEFIND_BINARY_PATH``, else the one ``pagefind[bin]`` installed, else PATH."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise ConfigError("search needs Pagefind: install it with pip install 'pagefind[bin]'") from None
    found = get_executable()
    if found is None or not found.is_file():
        raise ConfigError("search needs the Pagefind binary: install it with pip install 'pagefind[bin]'")
    return found


def alias_names(text: str, groups: Iterable[AliasGroup]) -> tuple[str, ...]:
    """The names of every alias group ``text`` mentions, less the names it already uses, in data order.

    A name matches token by token ignoring case; a short all-capitals name (``AS``, ``PBB``) is an
    acronym and matches only in capitals, as the theme lexicons match them.
    """
    return Aliases(tuple(groups)).names(text)


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

    def names(self, text: str) -> tuple[str, ...]:
        """What :func:`alias_names` gives for ``text``."""
        tokens = _TOKEN.findall(text)
        lower = [t.casefold() for t in tokens]
        present: set[tuple[int, str]] = set()
        for i, word in enumerate(lower):
            for entry in self._by_first.get(word, ()):
                n = len(entry.folded)
                if (entry.group, entry.name) not in present and tuple(lower[i:i + n]) == entry.folded and (
                        not entry.acronym or tokens[i] == entry.words[0]):
                    present.add((entry.group, entry.name))
        out: list[str] = []
        for i in sorted({g for g, _ in present}):
            out += [name for name in self._groups[i].names if (i, name) not in present and name not in out]
        return tuple(out)


def _is_acronym(word: str) -> bool:
    return word.isupper() and 2 <= len(word) <= 5


def indexed_html(page: bytes, names: Sequence[str]) -> bytes:
    """A page as Pagefind reads it, already reduced by :func:`searchable`, with ``names`` added as a
    lightly weighted indexed block at the end."""
    if not names:
        return page
    block = f'<div data-pagefind-body data-pagefind-weight="0.5">{escape(" · ".join(names))}</div>'
    head, tail = page.rsplit(b"</body>", 1) if b"</body>" in page else (page, b"")
    return head + block.encode("utf-8") + b"</body>" + tail


_BODY = re.compile(rb"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\sdata-pagefind-body\b[^>]*>")
_HTML = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)


def searchable(html: bytes) -> bytes:
    """What of a page Pagefind needs: its ``<html>`` tag and its first ``data-pagefind-body`` element,
    in an otherwise empty document; the page itself when it has no such element or it does not close."""
    body = _BODY.search(html)
    if body is None:
        return html
    tag = re.escape(body.group(1))
    depth, end = 1, None
    for m in re.finditer(rb"<(/?)" + tag + rb"\b[^>]*>", html[body.end():]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            end = body.end() + m.end()
            break
    if end is None:
        return html
    opening = _HTML.search(html)
    return (opening.group(0) if opening else b"<html>") + b"<body>" + html[body.start():end] + b"</body></html>"


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
    paths = list(dict.fromkeys(urls.article_path(a) for a in articles))
    count = shard_count(len(paths))
    groups: list[list[str]] = [[] for _ in range(count)]
    for path in paths:
        groups[shard_of(path, count) if count > 1 else 0].append(path)
    filled = [(k, group) for k, group in enumerate(groups) if group] or [(0, [])]
    return [Shard(BUNDLE if i == 0 else f"{SHARDS}/{k}", tuple(group)) for i, (k, group) in enumerate(filled)]


def index(files: Sequence[OutputFile], articles: Sequence[Article], groups: Sequence[AliasGroup],
          cache: Path | None = None, stop: threading.Event | None = None, at_once: int = 1) -> list[OutputFile]:
    """The search bundles (see :func:`shards`) for the rendered article pages among ``files``, each
    reduced by :func:`searchable` (the build keeps no more of them).

    Pages are indexed in the order of ``articles``; a bundle is the same bytes for the same pages. Up to
    ``at_once`` shards are made at the same time, each by its own Pagefind (one Pagefind uses one CPU, and
    holds only its shard's pages), in threads that mostly wait on them. With ``cache`` (a
    folder, see :class:`ShardCache`), a shard whose pages are the same as in a previous build is taken
    from there and Pagefind is not run for it. With more than one shard, each bundle also holds
    :data:`DATES`, the dates the search page orders results from all shards by. Once ``stop`` is set (the
    build was abandoned while this ran in a thread of its own), no further shard is made: OutputError.
    """
    pages = {f.path: f for f in files}
    by_path: dict[str, Article] = {}
    for a in articles:
        by_path.setdefault(urls.article_path(a), a)
    aliases = Aliases(groups)
    store = ShardCache(cache, groups) if cache is not None else None
    layout = shards(articles)
    built: list[_Bundle | None] = []
    todo: list[tuple[int, str, list[_Source]]] = []  # shards to make: position, cache key, pages
    for shard in layout:
        sources = [_Source("/" + path, pages[path].data, _text(by_path[path])) for path in shard.paths if path in pages]
        key = store.key(sources) if store is not None else ""
        found = store.get(key) if store is not None else None
        if found is None:
            todo.append((len(built), key, sources))
        built.append(found)

    def make(item: tuple[int, str, list[_Source]]) -> _Bundle:
        _, key, sources = item
        if stop is not None and stop.is_set():
            raise OutputError("search index: the build was stopped")
        # The pages are made in Pagefind's writer thread, while it indexes the ones before.
        made = _bundle(_pagefind((source.url, indexed_html(source.html, aliases.names(source.text)))
                                 for source in sources))
        if store is not None:
            store.put(key, made)
        return made

    if len(todo) > 1 and at_once > 1:
        pool = concurrent.futures.ThreadPoolExecutor(min(at_once, len(todo)), "pagefind-shard")
        try:
            for (position, _, _), made in zip(todo, pool.map(make, todo), strict=True):
                built[position] = made
        finally:
            pool.shutdown(cancel_futures=True)  # after an error, the shards not yet begun are not made
    else:
        for item in todo:
            built[item[0]] = make(item)
    if store is not None:
        store.prune()
    done = [bundle for bundle in built if bundle is not None]
    out: list[OutputFile] = []
    for shard, bundle in zip(layout, done, strict=True):
        out += [OutputFile(f"{shard.folder}/{path}", bundle.files[path]) for path in sorted(bundle.files)]
    if len(layout) > 1:
        out += _date_files(layout, done, by_path)
    return out


@dataclass(frozen=True)
class _Source:
    """What Pagefind is given for one article page is made of: its URL, its searchable part and the text
    its alias names are found in (see :func:`indexed_html`)."""

    url: str
    html: bytes
    text: str


def _text(article: Article) -> str:
    return " ".join([article.title, *(b.text for b in article.blocks)])


@dataclass(frozen=True)
class _Bundle:
    """One shard's bundle as it is written (canonical, less Pagefind's UIs) and each page's fragment."""

    files: dict[str, bytes]
    fragments: dict[str, str]  # Pagefind's id of a page (its fragment's name, ``result.id``) -> its URL


def _bundle(made: Mapping[str, bytes]) -> _Bundle:
    files = {path: data for path, data in canonical(made).items() if path.rsplit("/", 1)[-1] not in _UNUSED}
    fragments: dict[str, str] = {}
    for path in sorted(files):
        if path.startswith("fragment/") and path.endswith(".pf_fragment"):
            try:
                raw = gzip.decompress(files[path])
                url = json.loads(raw[len(_SIGNATURE):])["url"] if raw.startswith(_SIGNATURE) else None
            except (OSError, EOFError, zlib.error, ValueError, KeyError, TypeError) as exc:
                raise OutputError(f"cannot read the search index: {path}: {exc}") from None
            if not isinstance(url, str):
                raise OutputError(f"cannot read the search index: {path}: not the layout of Pagefind 1.x")
            fragments[path[len("fragment/"):-len(".pf_fragment")]] = url
    return _Bundle(files, fragments)


def _date_files(layout: Sequence[Shard], built: Sequence[_Bundle], by_path: Mapping[str, Article],
                ) -> list[OutputFile]:
    """Each shard's :data:`DATES`: Pagefind's id of each page -> the article's date (``YYYY``, ``YYYY-MM``
    or ``YYYY-MM-DD``, as its page gives Pagefind to sort by); an undated article is left out.

    Pagefind names a page by a short hash, which two shards may both use: such an id maps to
    ``[date or "", page path]`` in each shard that has it, and the search page tells them apart by URL.
    """
    owners: dict[str, int] = {}
    for bundle in built:
        for ident in bundle.fragments:
            owners[ident] = owners.get(ident, 0) + 1
    out = []
    for shard, bundle in zip(layout, built, strict=True):
        dates: dict[str, str | list[str]] = {}
        for ident, url in sorted(bundle.fragments.items()):
            a = by_path.get(url.removeprefix("/"))
            iso = a.published.iso() if a is not None and a.published is not None else ""
            if owners[ident] > 1:
                dates[ident] = [iso, url.removeprefix("/")]
            elif iso:
                dates[ident] = iso
        out.append(OutputFile(f"{shard.folder}/{DATES}",
                              json.dumps(dates, ensure_ascii=False, separators=(",", ":")).encode("utf-8")))
    return out


def canonical(bundle: Mapping[str, bytes]) -> dict[str, bytes]:
    """``bundle`` (path in the bundle -> bytes) with its filters, sorts and languages in a fixed order.

    Filter files no language refers to are left out; the other files are kept as they are.
    """
    try:
        entry = json.loads(bundle["pagefind-entry.json"])
        languages: dict[str, Any] = entry["languages"]
    except (KeyError, TypeError, ValueError) as exc:
        raise OutputError(f"cannot read the search index: pagefind-entry.json: {exc}") from None
    out = {path: data for path, data in bundle.items()
           if not path.startswith("filter/") and not (path.startswith("pagefind.") and path.endswith(".pf_meta"))}
    for code in sorted(languages):
        meta_path = f"pagefind.{languages[code]['hash']}.pf_meta"
        meta = _decode(bundle, meta_path)
        if not (isinstance(meta, list) and len(meta) >= 5 and isinstance(meta[3], list) and isinstance(meta[4], list)):
            raise OutputError(f"cannot read the search index: {meta_path}: not the layout of Pagefind 1.x")
        filters: list[tuple[str, str]] = []
        for name, old in sorted(meta[3]):
            filter_path = f"filter/{old}.pf_filter"
            data = _decode(bundle, filter_path)
            if not (isinstance(data, list) and len(data) == 2 and isinstance(data[1], list)):
                raise OutputError(f"cannot read the search index: {filter_path}: not the layout of Pagefind 1.x")
            cbor = cbor2.dumps([data[0], sorted(data[1], key=lambda value: str(value[0]))])
            new = _name(code, cbor, 7, taken={f for _, f in filters})
            out[f"filter/{new}.pf_filter"] = _encode(cbor)
            filters.append((name, new))
        meta[3] = [list(f) for f in filters]
        meta[4] = sorted(meta[4], key=lambda sort: str(sort[0]))
        cbor = cbor2.dumps(meta)
        languages[code]["hash"] = _name(code, cbor, len(code) + 8, taken=set())
        out[f"pagefind.{languages[code]['hash']}.pf_meta"] = _encode(cbor)
    entry["languages"] = {code: languages[code] for code in sorted(languages)}
    out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return out


def _name(language: str, cbor: bytes, digits: int, taken: set[str]) -> str:
    """Pagefind's name for a data file: the language, ``_`` and the first hex digits of the SHA-1 of its
    CBOR (each byte as ``{:x}``, unpadded, as Pagefind writes them), longer while the name is taken."""
    full = "".join(f"{byte:x}" for byte in hashlib.sha1(cbor).digest())
    while f"{language}_{full[:digits]}" in taken and digits < len(full):
        digits += 1
    return f"{language}_{full[:digits]}"


def _decode(bundle: Mapping[str, bytes], path: str) -> Any:
    try:
        raw = gzip.decompress(bundle[path])
        if not raw.startswith(_SIGNATURE):
            raise OutputError(f"cannot read the search index: {path}: no Pagefind signature")
        return cbor2.loads(raw[len(_SIGNATURE):])
    except KeyError:
        raise OutputError(f"cannot read the search index: {path} is missing") from None
    except (OSError, EOFError, zlib.error, cbor2.CBORDecodeError) as exc:
        raise OutputError(f"cannot read the search index: {path}: {exc}") from None


def _encode(cbor: bytes) -> bytes:
    """``gzip(signature + cbor)`` with a fixed header (no time, no name), the same bytes on every run."""
    raw = _SIGNATURE + cbor
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = packer.compress(raw) + packer.flush()
    trailer = struct.pack("<II", zlib.crc32(raw), len(raw) & 0xFFFFFFFF)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + body + trailer


def _pagefind(pages: Iterable[tuple[str, bytes]]) -> dict[str, bytes]:
    """The bundle Pagefind makes of ``pages`` (URL, HTML), added in that order: path -> bytes."""
    with tempfile.TemporaryFile() as log:
        try:
            process = subprocess.Popen([str(binary()), "--service"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=log)
        except OSError as exc:
            raise OutputError(f"cannot build the search index: {exc}") from None
        watchdog = threading.Timer(_TIMEOUT, process.kill)
        watchdog.start()
        try:
            service = _Service(process, log)
            index_id = service.ask({"type": "NewIndex", "config": {"keep_index_url": True}})["index_id"]
            service.ask_all({"type": "AddFile", "index_id": index_id, "file_path": None, "url": url,
                             "file_contents": html.decode("utf-8")} for url, html in pages)
            files = service.ask({"type": "GetFiles", "index_id": index_id})["files"]
        finally:
            watchdog.cancel()
            _stop(process)
    try:
        bundle = {str(f["path"]): base64.b64decode(f["content"], validate=True) for f in files}
    except (KeyError, TypeError, binascii.Error) as exc:
        raise OutputError(f"cannot build the search index: pagefind sent a malformed file: {exc}") from None
    if "pagefind.js" not in bundle:
        raise OutputError("cannot build the search index: pagefind returned no pagefind.js")
    return bundle


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.stdin is not None:
        try:
            process.stdin.close()
        except OSError:
            pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


_ENTRY = b"warta-search-shard-1\n"


class ShardCache:
    """Shards built before, in ``folder``: each under a key of everything its bundle depends on.

    The key is a hash of Pagefind's version, of this module's code and of all that the pages given to
    Pagefind are made of, in order: each page's URL, searchable part and the text its alias names are
    found in, and the alias groups. (Hashing what the pages are made of rather than the pages spares
    finding the alias names of every page of every shard that is reused: 3.9 s of 10,000 pages.) An
    entry carries a checksum of its content, and one that does not check out is ignored (and built
    again). Entries this build did not use are removed by :meth:`prune`. The folder is safe to delete;
    a folder that cannot be written is simply not used.
    """

    def __init__(self, folder: Path, groups: Sequence[AliasGroup]) -> None:
        self.folder = folder
        self.used: set[str] = set()
        names = json.dumps([group.names for group in groups], ensure_ascii=False).encode("utf-8")
        self._salt = hashlib.sha256(b"\n".join([
            _ENTRY, _pagefind_version(), Path(__file__).read_bytes(),
            importlib.metadata.version("cbor2").encode(), names])).digest()

    def key(self, sources: Sequence[_Source]) -> str:
        """The entry name for a shard of these pages."""
        digest = hashlib.sha256(self._salt)
        for source in sources:
            url, text = source.url.encode("utf-8"), source.text.encode("utf-8")
            digest.update(struct.pack("<QQQ", len(url), len(source.html), len(text)))
            digest.update(url)
            digest.update(source.html)
            digest.update(text)
        return digest.hexdigest()

    def get(self, key: str) -> _Bundle | None:
        """The bundle stored under ``key``, or None when there is none or it does not check out."""
        self.used.add(key)
        found = load_entry(self.folder / key, _ENTRY)
        if not (isinstance(found, tuple) and len(found) == 2 and all(isinstance(part, dict) for part in found)):
            return None
        return _Bundle(*found)

    def put(self, key: str, bundle: _Bundle) -> None:
        """Store ``bundle`` under ``key``."""
        self.used.add(key)
        store_entry(self.folder / key, _ENTRY, (bundle.files, bundle.fragments))

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


def _pagefind_version() -> bytes:
    try:
        done = subprocess.run([str(binary()), "--version"], capture_output=True, timeout=_TIMEOUT, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise OutputError(f"cannot build the search index: pagefind --version: {exc}") from None
    return done.stdout


class _Service:
    """One conversation with ``pagefind --service``: a request, then its answer, in turn."""

    def __init__(self, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
        assert process.stdin is not None and process.stdout is not None
        self._stdin, self._stdout, self._log = process.stdin, process.stdout, log
        self._process = process
        self._pending = b""
        self._last = 0

    def ask(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its answer."""
        try:
            self._send(payload)
            self._stdin.flush()
        except OSError:
            self._fail("pagefind stopped reading")
        return self._answer(self._last)

    def ask_all(self, payloads: Iterable[Mapping[str, Any]]) -> int:
        """Send every request from a writer thread while reading their answers here, in turn; how many.

        ``payloads`` is consumed in the writer thread, so whatever makes them runs while Pagefind works.
        """
        first = self._last + 1
        ready = threading.Semaphore(0)  # released once per request sent, and once when the writer stops
        failed: list[BaseException] = []

        def write() -> None:
            try:
                for payload in payloads:
                    self._send(payload)
                    self._stdin.flush()  # each request now: its answer may be awaited before the next
                    ready.release()
            except BaseException as exc:  # noqa: BLE001 - handed to the reading thread, which raises it
                failed.append(exc)
            finally:
                ready.release()

        writer = threading.Thread(target=write, name="pagefind-writer", daemon=True)
        writer.start()
        done = 0
        try:
            while True:
                ready.acquire()
                if first + done > self._last:  # the writer stopped and every request is answered
                    break
                self._answer(first + done)
                done += 1
        except BaseException:
            self._process.kill()  # the writer, if it is blocked on the pipe, stops too
            raise
        finally:
            writer.join()
        if failed and isinstance(failed[0], OSError):
            self._fail("pagefind stopped reading")
        if failed:
            raise failed[0]
        return done

    def _send(self, payload: Mapping[str, Any]) -> None:
        message = json.dumps({"message_id": self._last + 1, "payload": payload}).encode("utf-8")
        self._stdin.write(base64.b64encode(message) + b",")
        self._last += 1

    def _answer(self, expected: int) -> dict[str, Any]:
        chunks = [self._pending]
        while b"," not in chunks[-1]:
            chunk = os.read(self._stdout.fileno(), 1 << 20)
            if not chunk:
                self._fail("pagefind stopped answering")
            chunks.append(chunk)
        answer, self._pending = b"".join(chunks).split(b",", 1)
        try:
            response = json.loads(base64.b64decode(answer, validate=True))
            reply: dict[str, Any] = response["payload"]
            if reply["type"] == "Error":
                self._fail(f"pagefind: {reply.get('message', 'error')}")
            if response.get("message_id") != expected:
                self._fail(f"pagefind answered message {response.get('message_id')}, not {expected}")
        except (KeyError, TypeError, ValueError, binascii.Error):
            self._fail("pagefind sent an answer that is not base64 JSON")
        return reply

    def _fail(self, what: str) -> NoReturn:
        self._process.kill()
        self._process.wait()
        self._log.seek(0)
        said = self._log.read().decode("utf-8", "replace").strip().splitlines()
        raise OutputError(f"cannot build the search index: {what} (exit {self._process.returncode})"
                          + (f": {said[-1]}" if said else ""))
