"""The frozen records that flow between the stages.

A stage never edits a record: it returns a new one (``dataclasses.replace``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from warta.errors import Diagnostic

Precision = Literal["day", "month", "year"]
# Where a publication date comes from: front matter's `date`, a Jekyll post's file name ("2024-06-19-gempa.md"),
# a dateline in the text, or inferred from the dates the article reports.
DateSource = Literal["front_matter", "file_name", "url", "text", "inferred"]
BlockType = Literal["heading", "paragraph"]


class Record:
    """The base of the records that come by the ten or hundred thousand (a block, a theme's evidence, an
    event's source...), each made ``@dataclass(frozen=True, slots=True)``.

    In slots, an instance holds its fields without a dict of its own: about 110 bytes less a record, over
    a million records in the build of 10,000 articles. It pickles as its class and its field values, in
    the order of its fields (the class is called with them): unpickling 100,000 blocks took 147 ms and
    17.7 MB against 184 ms and 28.7 MB with a dict each, where the ``__setstate__`` a frozen dataclass in
    slots gets would take 324 ms.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[type[Record], tuple[Any, ...]]:
        kind = type(self)
        values = _VALUES.get(kind)
        if values is None:
            values = _VALUES[kind] = _values_of(kind)
        return kind, values(self)


_VALUES: dict[type[Record], Callable[[Record], tuple[Any, ...]]] = {}


def _values_of(kind: type[Record]) -> Callable[[Record], tuple[Any, ...]]:
    """A function of a record of ``kind`` to its field values, in order."""
    names = [f.name for f in dataclasses.fields(kind)]  # type: ignore[arg-type]
    if len(names) == 1:
        get = operator.attrgetter(names[0])
        return lambda record: (get(record),)
    values: Callable[[Record], tuple[Any, ...]] = operator.attrgetter(*names)
    return values


@dataclass(frozen=True, slots=True)
class Line(Record):
    """One line of an article body with its 1-based line number in the source file."""

    number: int
    text: str


@dataclass(frozen=True)
class RawDocument:
    """A decoded input file: body text, front matter and where it came from."""

    path: str  # as shown to the user, relative to the project root ("seeds/a.txt")
    format: Literal["txt", "md"]
    body: tuple[Line, ...]  # the text after the front matter, NFC, "\n" line endings
    front_matter: Mapping[str, Any]
    front_matter_lines: Mapping[str, int]  # key -> line number, for messages
    encoding: str
    digest: str  # sha256 of the raw bytes
    stem: str  # file name without extension
    warnings: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class Block(Record):
    """A heading or a paragraph of the article body, in reading order.

    ``html`` is safe inline HTML (Markdown input); when it is None, ``text`` is
    rendered escaped. ``style`` marks a paragraph that is a quote or a list item, or (Markdown) a table
    row with its cells apart or a code block that keeps its lines; those two render as paragraphs.
    """

    type: BlockType
    text: str
    line: int
    level: int = 0  # heading level, 2-4; 0 for paragraphs
    style: str | None = None  # None | "quote" | "list" | "table" | "code"
    html: str | None = None


@dataclass(frozen=True, slots=True)
class Removed(Record):
    """A line taken out as boilerplate, with the rule that removed it."""

    text: str
    rule: str
    line: int


@dataclass(frozen=True)
class TextParts:
    """What the body of one file says about itself, before front matter overrides it."""

    title: str | None
    title_line: int | None
    outlet: str | None
    site: str | None
    credits: tuple[str, ...]
    blocks: tuple[Block, ...]
    removed: tuple[Removed, ...]
    warnings: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class PublishedDate(Record):
    """When an article was published, how precisely, and how we know."""

    date: dt.date
    precision: Precision
    source: DateSource
    evidence: str | None = None  # the text the date was read from, if any

    def iso(self) -> str:
        """The date at its precision: YYYY, YYYY-MM or YYYY-MM-DD."""
        if self.precision == "year":
            return f"{self.date.year:04d}"
        if self.precision == "month":
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()


@dataclass(frozen=True, slots=True)
class Language(Record):
    """An ISO 639-1 code and how sure the detector was (1.0 when given by hand)."""

    code: str
    confidence: float
    source: Literal["front_matter", "detected", "default"] = "detected"


@dataclass(frozen=True, slots=True)
class Evidence(Record):
    """Why a theme applies: the terms matched in one block."""

    block: int  # index into Article.blocks
    terms: tuple[str, ...]
    text: str  # the block text the terms were found in


@dataclass(frozen=True, slots=True)
class ThemeMatch(Record):
    """A theme an article carries, its score and the passages that earned it."""

    theme: str
    score: float
    evidence: tuple[Evidence, ...] = ()
    manual: bool = False  # set by hand in front matter


@dataclass(frozen=True, slots=True)
class SentenceTable(Record):
    """The sentences of an article's blocks and the hashes of their words, packed into bytes.

    ``bounds`` holds three int32 per sentence (block index, start, end: a span of that block's text),
    ``word_ends`` one int32 per sentence (the words of this and every earlier sentence), and ``words``
    one uint32 per word (CRC-32 of the lowercased word), sentence after sentence.
    """

    bounds: bytes
    word_ends: bytes
    words: bytes


@dataclass(frozen=True)
class StoryFeatures:
    """What the story pass reads from one article, worked out with the article (and cached with it).

    ``basis`` is a digest of the article fields and the data tables these were computed from: the story
    pass uses them only while it matches, and otherwise works them out again.
    """

    basis: str
    dated: bytes  # the dated sentences, one per block and date, packed (warta.timeline.pack_dated)
    dated_words: str  # their content words: one line per dated sentence, the words separated by spaces
    sentences: SentenceTable
    content: str  # the words of title and body that carry content, sorted, separated by spaces
    names: str = ""  # the names its paragraphs give (warta.stories.names), sorted, separated by spaces

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled (into the cache, to and from worker processes) as its field values, not compressed: at
        # 10,000 articles inflating them (zlib's fastest level, 3.6 KB an article to 7.7) cost 0.33 s of
        # CPU every build that took the articles from the cache, one edit's too, and deflating them 1.1 s
        # more in the workers of a build from scratch; the cache holds 40 MB more for it (330 MB before).
        s = self.sentences
        return _unpickle_features, (self.basis, self.dated, self.dated_words, s.bounds, s.word_ends, s.words,
                                    self.content, self.names)


def _unpickle_features(basis: str, dated: bytes, dated_words: str, bounds: bytes, word_ends: bytes, words: bytes,
                       content: str, names: str) -> StoryFeatures:
    return StoryFeatures(basis, dated, dated_words, SentenceTable(bounds, word_ends, words), content, names)


@dataclass(frozen=True, slots=True)
class Article(Record):
    """One article, extracted, cleaned and annotated."""

    id: str
    slug: str
    source: str  # path relative to the project root
    format: Literal["txt", "md"]
    title: str
    outlet: str | None
    site: str | None
    url: str | None  # the original URL, when known
    published: PublishedDate | None
    language: Language
    credits: tuple[str, ...]
    blocks: tuple[Block, ...]
    removed: tuple[Removed, ...]
    word_count: int
    reading_minutes: int
    digest: str
    themes: tuple[ThemeMatch, ...] = ()
    themes_set: tuple[str, ...] = ()  # themes forced on in front matter
    themes_unset: tuple[str, ...] = ()  # themes forced off in front matter
    extra: Mapping[str, Any] = field(default_factory=dict)  # other front-matter keys
    front_matter_lines: Mapping[str, int] = field(default_factory=dict)  # key -> line, for messages
    warnings: tuple[Diagnostic, ...] = ()
    story_features: StoryFeatures | None = None  # the story pass's per-article work, done at extraction

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        """The body paragraphs, without headings."""
        return tuple(b for b in self.blocks if b.type == "paragraph")


@dataclass(frozen=True, slots=True)
class Page(Record):
    """One output file: where it goes, the template that renders it, and its data."""

    path: str  # relative to the output folder, "/"-separated
    template: str
    context: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class OutputFile(Record):
    """The bytes of one file of the built site, at its output-relative path."""

    path: str
    data: bytes
    # A page the previous build made from the same digest (see pagedigest.py): not rendered again, and
    # ``data`` empty: the file published at ``path`` is kept as it is.
    kept: bool = False
    digest: bytes | None = None  # what the page was made of (pagedigest), when it could be told
    # A file too big to hold whole (data/articles.json is 99 MB at 10,000 articles): its bytes, made piece
    # by piece as write.publish writes them, and ``data`` empty. Iterated once.
    chunks: Iterable[bytes] | None = None

    def whole(self) -> bytes:
        """The file's bytes, its ``chunks`` joined when it comes in them (which uses them up)."""
        return self.data if self.chunks is None else b"".join(self.chunks)


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    articles: int
    files: int
    problems: tuple[Diagnostic, ...]
    pages: int = 0  # HTML pages among the files
    feeds: int = 0  # feeds (each in RSS and Atom, the site's also in JSON Feed)
    kept: int = 0  # pages and other rendered files not rendered again: made of the same as the published ones
    written: int = 0  # files written anew; the other files are the published ones, linked (their bytes did not change)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")
