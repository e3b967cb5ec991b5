"""Find the input files, decode their bytes to text (character references and, in a pasted page source, HTML tags
included) and split off the front matter (YAML or TOML)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from charset_normalizer import CharsetMatch, from_bytes
from charset_normalizer.constant import IANA_SUPPORTED
from charset_normalizer.utils import is_multi_byte_encoding

from warta.errors import ConfigError, ContentError, Diagnostic
from warta.model import Line, RawDocument
from warta.scripts import script_of
from warta.yamlio import parse

FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".mdown": "md", ".mkd": "md", ".mkdn": "md"}
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_FENCE = "---"  # YAML front matter, as Jekyll and most generators write it
_TOML_FENCE = "+++"  # TOML front matter, as Hugo and Zola write it
# A TOML key line ("date = ...", '"og:title" = ...') or a table header ("[params]"), for the lines of the keys.
_TOML_KEY = re.compile(r"""\s*(?:\[+\s*(?P<table>[^\]]+?)\s*\]+|(?P<key>[A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*=)""")
# An HTML element's tag in a .txt pasted from a page's source ("<p>", "</div>", '<time datetime="...">').
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|hr|h[1-6]|nav|aside|header|footer|section|article|main|time|figure"
                       r"|figcaption|img|ul|ol|li|blockquote|strong|em|b|i|u|small|sup|sub|table|thead|tbody|tr|td|th"
                       r"|script|style|noscript|button|form|input|label|iframe|picture|source|meta|link)\b[^<>]*>",
                       re.IGNORECASE)
_HIDDEN_HTML = re.compile(r"<(script|style|noscript)\b[^<>]*>.*?(?:</\1\s*>|$)", re.IGNORECASE)
# A line that opens with a block element's tag ("<p>", '<h1 class="x">', "<div>"): in a .txt with this many such
# lines the text is a page's source, whose tags go. Tags inside running text ("Banjir <script>...") are text.
_BLOCK_START = re.compile(r"\s*<(?:p|div|h[1-6]|nav|aside|header|footer|section|article|main|time|figure|figcaption"
                          r"|ul|ol|li|blockquote|table|tr|td|th|span|a|br|img)\b[^<>]*>", re.IGNORECASE)
_MARKUP_MIN_LINES = 2
# A complete character reference ("&amp;", "&#8217;", "&#x2014;"); a bare "&" or "AT&T" is left alone.
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
# A metadata header as Pelican and MultiMarkdown write it, with no fences: "Title: ..." lines up to the first
# blank line, a value going on in the indented lines below its key.
_META_LINE = re.compile(r"(?P<key>[A-Za-z][A-Za-z0-9_ -]{0,40}?)\s*:\s+(?P<value>\S.*)$")
_META_MORE = re.compile(r"(?: {4}|\t)\s*\S")
_TOML_ERROR_AT = re.compile(r"\s*\(at line (\d+), column \d+\)$")
_WESTERN = ("cp1252", "latin_1", "iso8859_1", "iso8859_15")
# The single-byte code pages charset-normalizer knows: asked for on their own, since it skips them all once a
# multi-byte one (Big5, Shift JIS) fits a short text well enough (see _stray_encoding).
_SINGLE_BYTE = tuple(sorted({name for name in IANA_SUPPORTED if not is_multi_byte_encoding(name)}))
_LETTERS = re.compile(r"[^\W\d_]+")  # runs of letters: the words of a text, whatever its script
# Control characters but newline and tab, surrogates, and the noncharacters (U+FDD0-U+FDEF and the last two
# code points of every plane): XML cannot carry some of them, HTML calls all of them parse errors.
# Those above U+FFFF get a pattern of their own, tried only on a text that has such characters at all: in one
# class with the rest they made the pattern 16 times slower (3 s of reading 10,000 articles).
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASTRAL_UNWANTED = re.compile("[{}]".format("".join(chr(plane << 16 | last) for plane in range(1, 17)
                                                   for last in (0xFFFE, 0xFFFF))))


@dataclass(frozen=True)
class Sources:
    """What an input folder holds: the documents read, and the problems met."""

    documents: tuple[RawDocument, ...]
    problems: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class SourceFile:
    """One input file as found, before it is read as text: enough to look its article up in the cache."""

    file: Path
    path: str  # as shown to the user, relative to the project root ("seeds/a.txt")
    digest: str  # sha256 of the bytes it held when it was found


@dataclass(frozen=True)
class Found:
    """The input files of a folder, in sorted order, and the problems of the files that could not be read."""

    files: tuple[SourceFile, ...]
    problems: tuple[Diagnostic, ...]


def find_sources(input_dir: Path, root: Path, max_bytes: int, hashed: Mapping[str, Hashed] | None = None) -> Found:
    """Every article file under ``input_dir`` in sorted order, each with a hash of its bytes; files that
    are skipped, too big or unreadable become problems. Nothing is decoded: a build decodes only the files
    whose articles are not in the cache (:func:`read_source`).

    ``hashed``: what was seen of the files already read in this build (:func:`seen`), by path
    (``input_dir`` joined with the path below it: manifest.take_fingerprint); such a file is not opened
    again unless its first bytes may hold a draft mark.

    A draft (front matter "draft: true", "published: false", "Status: draft": :func:`draft_mark`) is no
    article of the build: it is left out here, with an "info" problem naming it, and so is never looked up in
    the cache either (whose entry for it the build then removes).

    A missing input folder is a ConfigError (exit 2): it is the configuration that is wrong.
    """
    files: list[SourceFile] = []
    problems: list[Diagnostic] = []
    if not input_dir.is_dir():
        shown = _display(input_dir, root)
        what = "is a file, not a folder" if input_dir.exists() else "does not exist"
        raise ConfigError(f"input folder {what} (set input_dir in site.yaml, or --input)", shown)
    display = _displayed_below(input_dir, root)
    for path, skipped, severity in _walk(input_dir):
        shown = display(path)
        if skipped:
            problems.append(Diagnostic(shown, None, skipped, severity))
            continue
        try:
            known = hashed.get(str(path)) if hashed is not None else None
            if known is None:
                data = _read_bytes(path, shown, max_bytes)
                known = seen(data)
            else:
                data = None
                _check_size(path, shown, max_bytes, known.size)
            draft = _draft(path, shown, max_bytes) if known.may_be_draft else None
            if draft is not None:
                problems.append(draft)
                continue
            files.append(SourceFile(path, shown, known.digest))
        except ContentError as exc:
            problems.append(Diagnostic(exc.path or shown, exc.line, exc.message, "error"))
    return Found(tuple(files), tuple(problems))


_DRAFT_HEAD = 65536  # the bytes looked at for a draft mark: front matter comes first, and is short


class Hashed(NamedTuple):
    """What :func:`find_sources` needs of an input file's bytes, taken by whoever reads them first."""

    digest: str  # SHA-256, hex
    size: int
    may_be_draft: bool  # its first bytes may hold a draft mark (read as a document to tell)


def seen(data: bytes) -> Hashed:
    """An input file's :class:`Hashed`, from its bytes."""
    head = data[:_DRAFT_HEAD]
    may = _may_mark_draft(head) or head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
    return Hashed(hashlib.sha256(data).hexdigest(), len(data), may)


def _draft(path: Path, shown: str, max_bytes: int) -> Diagnostic | None:
    """The "info" problem that leaves out a draft, or None when the file is no draft.

    Asked only of a file whose first bytes have a line that starts with a draft key (or one in UTF-16 or
    UTF-32, whose bytes a pattern cannot be run on: :func:`seen`), which is read as a document here; a file
    that cannot be read is no draft here, and its error is reported when it is read as an article."""
    try:
        doc = read_document(path, shown, max_bytes)
    except ContentError:
        return None
    mark = draft_mark(doc)
    if mark is None:
        return None
    key, written = mark
    return Diagnostic(shown, doc.front_matter_lines.get(key), f"draft ('{key}: {written}' in front matter): "
                      "not published", "info")


def _may_mark_draft(head: bytes) -> bool:
    """Whether ``head`` has a line that starts with a draft key. The pattern is tried only where one of the keys
    is in the text at all (its case folding, like that of a bytes pattern, is ASCII's): an article without
    one is ruled out at a tenth of the cost (0.3 s of an edit's 0.65 s spent finding 10,000 files)."""
    low = head.lower()
    return any(key in low for key in _draft_words()) and _draft_keys().search(head) is not None


@functools.lru_cache(maxsize=1)
def _draft_words() -> tuple[bytes, ...]:
    return tuple(key.encode().lower() for key in key_names().drafts)


@functools.lru_cache(maxsize=1)
def _draft_keys() -> re.Pattern[bytes]:
    """A line that starts with one of the draft keys of data/frontmatter.yaml, as YAML, TOML or a header writes it."""
    keys = b"|".join(re.escape(key.encode()) for key in key_names().drafts)
    return re.compile(rb"""^[ \t]*["']?(?:""" + keys + rb""")["']?[ \t]*[:=]""", re.IGNORECASE | re.MULTILINE)


def read_source(source: SourceFile, max_bytes: int) -> RawDocument:
    """The file found as ``source``, read and decoded; ContentError names the file and line when it cannot be.

    The file is read again: its document carries the digest of the bytes read now, should it have changed.
    """
    return read_document(source.file, source.path, max_bytes)


def read_sources(input_dir: Path, root: Path, max_bytes: int) -> Sources:
    """Read every article under ``input_dir`` in sorted order; bad files become problems, in that order."""
    found = find_sources(input_dir, root, max_bytes)
    documents: list[RawDocument] = []
    problems = list(found.problems)
    for source in found.files:
        try:
            documents.append(read_source(source, max_bytes))
        except ContentError as exc:
            problems.append(Diagnostic(exc.path or source.path, exc.line, exc.message, "error"))
    return Sources(tuple(documents), tuple(problems))


def _walk(top: Path) -> Iterator[tuple[Path, str | None, str]]:
    """Input files below ``top`` in sorted order, with a reason (and its severity) when one is skipped.

    A file of a kind that holds articles warta cannot read (HTML, a word processor's, PDF: ``unread`` in
    data/frontmatter.yaml) is named in an "info" line, not passed over in silence; other kinds (images,
    data files) are."""
    top_real = top.resolve()
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        dirnames.sort()
        here = Path(dirpath)
        for name in list(dirnames):
            if name.startswith("."):
                dirnames.remove(name)
            elif (here / name).is_symlink():
                dirnames.remove(name)
                yield here / name, "symbolic link to a folder: not followed", "warning"
        for name in sorted(filenames):
            path = here / name
            suffix = Path(name).suffix.lower()
            if suffix not in FORMATS:
                if suffix in key_names().unread and not name.startswith("."):
                    yield path, (f"not read: warta reads text (.txt) and Markdown (.md) files, not {suffix}; "
                                 "copy the article's text into a .txt file"), "info"
                continue
            if name.startswith("."):
                yield path, "hidden file (its name starts with a dot): skipped", "warning"
            elif path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(top_real):
                    yield path, "symbolic link pointing outside the input folder: not followed", "warning"
                elif target.is_file():
                    yield path, None, "warning"
            elif path.is_file():
                yield path, None, "warning"


def _displayed_below(input_dir: Path, root: Path) -> Callable[[Path], str]:
    """:func:`_display` for the paths below ``input_dir``: the folder's own shown path, then the rest of the
    path as it is (at 10,000 files, making each path absolute and relative to the project cost 0.1 s)."""
    top = str(input_dir) + os.sep
    folder = _display(input_dir, root, input_dir)
    prefix = "" if folder == "." else folder + "/"

    def display(path: Path) -> str:
        text = str(path)
        if not text.startswith(top):
            return _display(path, root, input_dir)
        return prefix + text[len(top):].replace(os.sep, "/")

    return display


def _display(path: Path, root: Path, input_dir: Path | None = None) -> str:
    """The path as messages and records show it: relative to the project, never the machine's own paths.

    An input folder outside the project shows as its own name, so output does not depend on where it is.
    """
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        pass
    if input_dir is not None:
        try:
            return (Path(input_dir.name) / path.absolute().relative_to(input_dir.absolute())).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def read_document(path: Path, shown: str, max_bytes: int) -> RawDocument:
    """Read one file into a RawDocument, or raise ContentError naming the file and line."""
    data = _read_bytes(path, shown, max_bytes)
    text, encoding, warnings = decode(data, shown)
    lines = text.split("\n")
    front: dict[str, Any] = {}
    front_lines: dict[str, int] = {}
    start = 0
    fence = lines[0].strip() if lines else ""
    if fence in (_FENCE, _TOML_FENCE):
        closers = (_FENCE, "...") if fence == _FENCE else (_TOML_FENCE,)
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in closers), None)
        if end is None:
            raise ContentError(f"front matter opened with '{fence}' is never closed", shown, 1)
        if fence == _FENCE:
            front, front_lines = _yaml_front_matter(lines[1:end], shown)
        else:
            front, front_lines = _toml_front_matter(lines[1:end], shown)
        start = end + 1
    suffix = path.suffix.lower()
    skip = range(0)  # lines of properties under the title, read as front matter
    if FORMATS[suffix] == "md" and not start:
        front, front_lines, start = _metadata_header(lines)
        if not start:
            front, front_lines, skip = _properties(lines)
    front, front_lines = _known_keys(front, front_lines)
    if FORMATS[suffix] == "txt":
        lines = _without_markup(lines)
    body = tuple(Line(i + 1, line) for i, line in enumerate(lines) if i >= start and i not in skip)
    return RawDocument(
        path=shown,
        format="md" if FORMATS[suffix] == "md" else "txt",
        body=body,
        front_matter=front,
        front_matter_lines=front_lines,
        encoding=encoding,
        digest=hashlib.sha256(data).hexdigest(),
        stem=path.stem,
        warnings=tuple(warnings),
    )


def _without_markup(lines: list[str]) -> list[str]:
    """The lines of a .txt as a reader sees them: character references decoded ("&amp;" is "&"), and, in a
    page's source pasted as text (lines that open with block tags), the tags and script or style contents dropped.

    Each line stays a line, so that line numbers still point into the file; a line of tags only turns blank.
    """
    tagged = sum(1 for line in lines if _BLOCK_START.match(line)) >= _MARKUP_MIN_LINES
    out = []
    for line in lines:
        if tagged:
            line = _HTML_TAG.sub(" ", _HIDDEN_HTML.sub(" ", line)).strip() if _HTML_TAG.search(line) else line
        if "&" in line:
            line = _ENTITY.sub(lambda m: html.unescape(m.group()), line)
        out.append(line.replace("\u00a0", " ") if tagged else line)
    return out


def _yaml_front_matter(lines: list[str], shown: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The YAML between the '---' fences (from the file's line 2): the mapping and the line of each key."""
    doc = parse("\n".join(lines), shown, first_line=2, error=ContentError)
    if doc.data is not None and not isinstance(doc.data, dict):
        raise ContentError("front matter must be a mapping of 'key: value' lines", shown, 2)
    return {plain(str(k)): _plain_value(v) for k, v in (doc.data or {}).items()}, doc.lines


def _toml_front_matter(lines: list[str], shown: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The TOML between the '+++' fences (from the file's line 2): the mapping and the line of each key.

    TOML's dates and times are given back as the text they were written as, as the YAML loader keeps them,
    so that warta reads every front-matter date the same way.
    """
    try:
        data = tomllib.loads("\n".join(lines))
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = _TOML_ERROR_AT.search(message)
        line = 1 + int(at.group(1)) if at else 2
        raise ContentError(f"TOML: {_TOML_ERROR_AT.sub('', message)}", shown, line) from None
    keys: dict[str, int] = {}
    table = ""
    for number, text in enumerate(lines, start=2):
        found = _TOML_KEY.match(text)
        if found is None:
            continue
        if found.group("table") is not None:
            table = ".".join(part.strip().strip("\"'") for part in found.group("table").split("."))
            continue
        key = found.group("key").strip("\"'")
        keys.setdefault(f"{table}.{key}" if table else key, number)
    return {plain(str(k)): _plain_value(_toml_text(v)) for k, v in data.items()}, keys


@dataclass(frozen=True)
class KeyNames:
    """data/frontmatter.yaml: what other tools call the front-matter keys warta reads, and language names."""

    keys: Mapping[str, str]  # case-folded name -> warta's key
    languages: Mapping[str, str]  # case-folded language name -> ISO 639-1 code
    drafts: Mapping[str, frozenset[str]]  # case-folded key -> the case-folded values that make a draft
    unread: frozenset[str] = frozenset()  # lower-case file suffixes of articles warta cannot read (".html")
    rank: Mapping[str, int] = field(default_factory=dict)  # case-folded other name -> its place in its key's list


@functools.lru_cache(maxsize=1)
def key_names() -> KeyNames:
    """The built-in table, with the language names of messages.yaml (each language named in each
    interface language); a name two languages share is left out, so that it is never read as either."""
    data = resources.files("warta") / "data"
    table = parse(data.joinpath("frontmatter.yaml").read_text(encoding="utf-8"), "frontmatter.yaml", builtin=True).data
    messages = parse(data.joinpath("messages.yaml").read_text(encoding="utf-8"), "messages.yaml", builtin=True).data
    keys = {name.casefold(): key for key, names in table["keys"].items() for name in [key, *names]}
    rank = {name.casefold(): i for names in table["keys"].values() for i, name in enumerate(names)}
    named: dict[str, set[str]] = {}
    for names in messages["language_names"].values():
        for code, name in names.items():
            named.setdefault(str(name).casefold(), set()).add(str(code))
    for code, names in table["language_names"].items():
        for name in names:
            named.setdefault(str(name).casefold(), set()).add(str(code))
    drafts = {str(key).casefold(): frozenset(str(v).casefold() for v in values)
              for key, values in table["drafts"].items()}
    unread = frozenset(str(suffix).lower() for suffix in table["unread"])
    return KeyNames(keys, {name: codes.pop() for name, codes in named.items() if len(codes) == 1}, drafts, unread,
                    rank)


def draft_mark(doc: RawDocument) -> tuple[str, str] | None:
    """The front-matter key and value that mark ``doc`` a draft, not to be published ("draft: true",
    "published: false", "Status: draft": data/frontmatter.yaml); None when nothing does."""
    drafts = key_names().drafts
    for key, value in doc.front_matter.items():
        marks = drafts.get(key.casefold())
        if marks is None or isinstance(value, (list, dict)) or value is None:
            continue
        word = str(value).lower() if isinstance(value, bool) else " ".join(str(value).split())
        if word.casefold() in marks:
            return key, word
    return None


def _known_keys(front: dict[str, Any], lines: dict[str, int]) -> tuple[dict[str, Any], dict[str, int]]:
    """Front matter with the keys other tools write read as warta's (``Title`` and ``publisher`` as
    ``title`` and ``outlet``), and a language named ("Indonesian", "Deutsch") given as its code.

    A key warta reads that the front matter gives itself is never replaced. Only a text value stands for
    another key: Hugo's ``source`` may as well be a mapping, which is kept as it is, among the other keys.
    A ``url`` that is a path on the site ("/berita/banjir/", as Hugo and Jekyll set a page's own address)
    is not where the article first appeared: it is kept as ``permalink``, Jekyll's name for it."""
    table = key_names()
    out = dict(front)
    where = dict(lines)
    url = out.get("url")
    if isinstance(url, str) and url.startswith("/") and "permalink" not in out:
        out["permalink"] = out.pop("url")
        if "url" in where:
            where["permalink"] = where.pop("url")
    # where front matter gives two names of one key, the one listed first in frontmatter.yaml wins
    # (Ghost's `published_at` before its `created_at`), whatever their order in the file
    for name, value in sorted(front.items(), key=lambda item: table.rank.get(item[0].casefold(), -1)):
        key = table.keys.get(name.casefold())
        if key is None or key == name or key in out or not isinstance(value, str):  # a YAML date is text here
            continue
        if key == "outlet" and re.match(r"https?://", value.strip(), re.IGNORECASE):
            key = "url"  # "source: https://..." gives the address, not the name
            if key in out:
                continue
        out[key] = out.pop(name)
        if name in where:
            where[key] = where.pop(name)
    for key in ("language", "lang"):
        value = out.get(key)
        if isinstance(value, str) and (code := table.languages.get(" ".join(value.split()).casefold())):
            out[key] = code
    return out, where


def _properties(lines: list[str]) -> tuple[dict[str, Any], dict[str, int], range]:
    """A page's properties as Notion exports them: "Key: value" lines after the first ``# Title`` and a blank line,
    up to the next blank line ("Author: ...", "Created: ...", "URL: ..."), as front matter, with the lines they
    take. Read only when every line of that paragraph is such a line and one key is one warta reads (a
    paragraph that opens with "Jakarta: ..." stays body text)."""
    if len(lines) < 3 or not lines[0].startswith("# ") or lines[1].strip():
        return {}, {}, range(0)
    front, where, end = _metadata_header(lines[2:], need_title=False)
    if not end:
        return {}, {}, range(0)
    return front, {k: n + 2 for k, n in where.items()}, range(2, 2 + end)


def _metadata_header(lines: list[str], need_title: bool = True) -> tuple[dict[str, Any], dict[str, int], int]:
    """A Pelican or MultiMarkdown metadata header ("Title: ...", "Date: ...", up to the first blank line)
    as front matter, with the line each key is on, and the index of the line the body starts at.

    Read only when its lines are all ``Key: value`` lines (or a value's indented continuation) and one of
    them gives the title: a body that opens with "Jakarta: ..." or "Update: ..." stays body text. Values are
    text, as written; Pelican's comma-separated ``Authors`` is a list of names."""
    front: dict[str, Any] = {}
    where: dict[str, int] = {}
    key = ""
    end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    for number, line in enumerate(lines[:end], start=1):
        found = _META_LINE.match(line)
        if key and _META_MORE.match(line):
            front[key] = f"{front[key]} {line.strip()}"
        elif found is not None and (key := found.group("key").strip()) not in front:
            front[key] = found.group("value").strip()
            where[key] = number
        else:
            return {}, {}, 0
    known = [key_names().keys.get(k.casefold()) for k in front]
    if "title" not in known if need_title else not any(known):
        return {}, {}, 0
    for k, value in front.items():
        if k.casefold() == "authors" and "," in value:
            front[k] = [name.strip() for name in value.split(",") if name.strip()]
    return {plain(k): plain(v) if isinstance(v, str) else v for k, v in front.items()}, where, end


def _toml_text(value: Any) -> Any:
    """A TOML value with its dates and times turned back into text (ISO 8601, as TOML writes them)."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, list):
        return [_toml_text(v) for v in value]
    if isinstance(value, dict):
        return {k: _toml_text(v) for k, v in value.items()}
    return value


def _read_bytes(path: Path, shown: str, max_bytes: int) -> bytes:
    _check_size(path, shown, max_bytes)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ContentError(f"cannot read: {exc.strerror or exc}", shown) from None


def _check_size(path: Path, shown: str, max_bytes: int, size: int | None = None) -> None:
    """ContentError when the file (of ``size`` bytes, when known) is over the limit or cannot be read."""
    try:
        size = path.stat().st_size if size is None else size
    except OSError as exc:
        raise ContentError(f"cannot read: {exc.strerror or exc}", shown) from None
    if size > max_bytes:
        raise ContentError(f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes (max_file_bytes)", shown)


def decode(data: bytes, shown: str) -> tuple[str, str, list[Diagnostic]]:
    """Bytes to NFC text with "\\n" line endings, and the encoding it was in."""
    warnings: list[Diagnostic] = []
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ContentError(f"not valid {encoding} although it starts with a {encoding} byte-order mark: "
                               f"{exc.reason}", shown, _line_at(data, exc.start)) from None
    else:
        if b"\x00" in data:
            raise ContentError("binary file (it contains NUL bytes), not text", shown,
                               _line_at(data, data.index(b"\x00")))
        text, encoding = _decode_unmarked(data, shown, warnings)
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise ContentError("binary file (mostly control characters), not text", shown)
    return unicodedata.normalize("NFC", plain(text)), encoding, warnings


def plain(text: str) -> str:
    """``text`` without control characters (but newline and tab), surrogates and noncharacters:
    nothing a page or a feed could choke on."""
    text = _UNWANTED.sub("", text)
    return _ASTRAL_UNWANTED.sub("", text) if _ASTRAL.search(text) else text


def _plain_value(value: Any) -> Any:
    """Front-matter values with every string made plain (YAML escapes such as "\\x07" make controls)."""
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, list):
        return [_plain_value(v) for v in value]
    if isinstance(value, dict):
        return {plain(str(k)): _plain_value(v) for k, v in value.items()}
    return value


def _decode_unmarked(data: bytes, shown: str, warnings: list[Diagnostic]) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc
    if first_bad.reason == "unexpected end of data" and first_bad.end == len(data):
        warnings.append(Diagnostic(shown, _line_at(data, first_bad.start),
                                   "truncated UTF-8 sequence at the end of the file: dropped", "warning"))
        return data[: first_bad.start].decode("utf-8"), "utf-8"
    lines = data.split(b"\n")
    valid_non_ascii = sum(1 for raw in lines if not raw.isascii() and _is_utf8(raw))
    if valid_non_ascii:
        rest = "\n".join(raw.decode("utf-8") for raw in lines if _is_utf8(raw))
        legacy = _stray_encoding(b"\n".join(raw for raw in lines if not _is_utf8(raw)), rest)
        out = []
        for number, raw in enumerate(lines, 1):
            if _is_utf8(raw):
                out.append(raw.decode("utf-8"))
            else:
                out.append(raw.decode(legacy, errors="replace"))
                warnings.append(Diagnostic(shown, number,
                                           f"line is not UTF-8 like the rest of the file: read as {legacy}"))
        return "\n".join(out), "utf-8"
    detected = _detect(data)
    if detected is None:
        raise ContentError("not text: no character encoding fits its bytes", shown, _line_at(data, first_bad.start))
    return data.decode(detected, errors="replace"), detected


def _detect(data: bytes) -> str | None:
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # Several code pages often fit a short text equally well; among the equals, prefer
    # Windows-1252, the most common legacy encoding of news pages (a superset of Latin-1).
    for match in matches:
        if match.encoding in _WESTERN and match.chaos <= best.chaos and match.coherence >= best.coherence:
            return "cp1252"
    return str(best.encoding)


def _stray_encoding(stray: bytes, rest: str) -> str:
    """The legacy encoding of the lines that are not UTF-8 in a UTF-8 file, judged against the rest of it.

    On a line or two a multi-byte code page often fits as well as the right single-byte one, and then
    charset-normalizer offers only the multi-byte ones: Latin-1 "Séoul réagit" comes out as Big5 "S廩ul r嶧git".
    So the single-byte code pages are asked for too, and among all the candidates the text wins whose letters
    are in the scripts the rest of the file is written in, then the one with the fewest words that mix
    scripts (an ideograph inside a Latin word), then charset-normalizer's own order.
    """
    candidates = [*from_bytes(stray), *from_bytes(stray, cp_isolation=list(_SINGLE_BYTE))]
    if not candidates:
        return "cp1252"
    expected = {script_of(char) for char in set(rest) if char.isalpha()}

    def key(match: CharsetMatch) -> tuple[float, int, float, float]:
        text = str(match)
        return _misfit(text, expected), _mixed_words(text), match.chaos, -match.coherence

    ranked = sorted(((key(match), n, match) for n, match in enumerate(candidates)), key=lambda x: x[:2])
    best = ranked[0][0]
    # Among the equals, Windows-1252 as in _detect; but coherence, a language's letter frequencies, means
    # little on a line or two (Mac Latin 2 "Sťoul" scored above "Séoul"), so it is not asked to be as high.
    # A match stands for every code page that decodes its bytes alike: cp1250 may stand for cp1252.
    for scored, _, match in ranked:
        if scored[:3] > best[:3]:
            break
        if any(name in _WESTERN for name in match.could_be_from_charset):
            return "cp1252"
    return str(ranked[0][2].encoding)


def _misfit(text: str, expected: set[str]) -> float:
    """The share of the non-ASCII letters of ``text`` in a script that is not in ``expected``."""
    letters = [char for char in text if char.isalpha() and not char.isascii()]
    if not letters:
        return 0.0
    return sum(1 for char in letters if script_of(char) not in expected) / len(letters)


def _mixed_words(text: str) -> int:
    """How many words of ``text`` mix the letters of two scripts, which a wrong decoding makes ("S廩ul")."""
    return sum(1 for word in _LETTERS.findall(text) if len({script_of(char) for char in word}) > 1)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 20)


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Unicode's Cc characters less tab and newline


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
