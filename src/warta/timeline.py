"""Dated events across articles: the sentence that carries each date, its kind, merged over sources.

An event is a date (day, month or year) with the sentence (or the clause, when the sentence is long)
that states it, in the article and block it came from. Sentences from several articles (or several
paragraphs) that give the same date at the same precision and say much the same thing merge into one
event that lists every source. The dated sentences of an article are worked out with the article, at
extraction, and kept packed into numbers (``pack_dated``); merging them is the work done over all articles.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import hashlib
import math
import operator
import re
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from warta import scripts
from warta.dates import (
    DateMention,
    DateWords,
    after_since,
    bare_weekday,
    bare_weekend,
    find_dates,
    named_days,
    names_weekday,
)
from warta.model import Article, Precision, PublishedDate, Record
from warta.similar import TextRules, lowered, no_digit, sentence_spans, words_as_written

Kind = Literal["publication", "scheduled", "historical", "reported"]
KINDS: tuple[Kind, ...] = ("reported", "scheduled", "historical", "publication")  # the order that wins a tie
_PRECISIONS: tuple[Precision, ...] = ("year", "month", "day")
_COLUMNS = 12  # int32 per packed dated sentence
_RANK: dict[str, int] = {"year": 0, "month": 1, "day": 2}
_WORD_SPAN = re.compile(r"\w+(?:[-'’.]\w+)*")
_CLAUSE_PUNCT = re.compile(r"[;:()\[\]–—]|\s-\s")
_DATELINE_END = re.compile(r"\s*(?:\([^()]{1,40}\)\s*)?[-–—]\s")  # "(Reuters) - " after a wire dateline's date
# "(CNA) " after one: an agency's name in brackets, in capitals or title case, and the report goes on without a dash
_DATELINE_AGENCY = re.compile(r"\s*\((?:[A-Z][\w&.'-]*)(?:\s[A-Z][\w&.'-]*){0,2}\)\s+(?=\w)")
_UNSPACED_RUN = re.compile(f"[{scripts.UNSPACED}]+")
_DIGITS = re.compile(r"\d+")
_MAX_PAIRWISE = 80  # a larger group of same-date events is compared through shared rare words only
_BLOCK = operator.attrgetter("block")
_CUT_BEFORE = operator.methodcaller("startswith", "…")
_LATIN_BARE = {chr(c): "".join(d for d in unicodedata.normalize("NFD", chr(c)) if not unicodedata.combining(d))
               for c in chain(range(0xC0, 0x250), range(0x1E00, 0x1F00))}  # a Latin letter -> it without marks
_NAME = "^"  # marks a name among the packed content words: never part of a word


@dataclass(frozen=True)
class KindRules:
    """Cue phrases (as word tuples) by kind and language, clause breaks, and the distance rules."""

    cues: Mapping[str, Mapping[str, tuple[tuple[str, ...], ...]]]  # kind -> language -> phrases
    clause_breaks: Mapping[str, frozenset[str]]  # language -> words
    filler: frozenset[str] = frozenset()  # words that do not say what happened ("mengatakan", "said")
    habitual: frozenset[str] = frozenset()  # words that make the day name after them a habit ("every", "setiap")
    # language -> phrases of a sentence that restates what a correction takes back ("an earlier version")
    retracted: Mapping[str, tuple[tuple[str, ...], ...]] = dataclasses.field(default_factory=dict)
    dateline_marks: frozenset[str] = frozenset()  # what closes a wire dateline right after its date ("电")
    # language -> endings of a future-tense verb ("seguirán"), which make a bare day name after it the coming one
    future_endings: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    # language -> phrases of a reported sentence that look ahead ("expected"), which make a bare day name after
    # them the coming one
    looking_ahead: Mapping[str, tuple[tuple[str, ...], ...]] = dataclasses.field(default_factory=dict)
    historical_days: int = 365
    cue_window: int = 15
    dateline_max_words: int = 2
    unspaced_word_letters: int = 2  # letters of a script without spaces counted as one word
    dateline_place_words: int = 4
    max_event_words: int = 45
    merge_window: int = 12

    def cue_pattern(self, kind: str, lang: str) -> re.Pattern[str]:
        """One pattern for a kind's cue phrases in a language (all languages when it has none)."""
        return _cue_pattern(self.cues.get(kind, {}), lang)


@dataclass(frozen=True)
class MergeRules:
    """How much two same-date sentences must overlap to be one event, by precision."""

    day: float = 0.1
    month: float = 0.2
    year: float = 0.2
    day_shared: int = 1  # content words in common, at least, for a day
    coarse_shared: int = 2  # for a month or a year
    unnamed_shared: int = 2  # content words in common, at least, when none of them is a name in both
    names_apart: int = 2  # when two articles' sentences each write this many names or more, they must
    name_share: float = 0.3  # have this share of the fewer in common to be one event

    def threshold(self, precision: str) -> float:
        return {"day": self.day, "month": self.month}.get(precision, self.year)

    def shared(self, precision: str) -> int:
        return self.day_shared if precision == "day" else self.coarse_shared


@dataclass(frozen=True, slots=True)
class Source(Record):
    """Where an event is stated: the article, the block (index into Article.blocks) and its words there."""

    article_id: str
    block_index: int
    text: str  # the sentence or clause, as that article has it
    mention: str  # the date as written ("Rabu (19/6/2024)")
    approximate: bool  # the date was resolved from a missing year or a relative phrase
    relative: bool = False  # the date was resolved from a relative phrase ("pekan lalu", "Selasa")


@dataclass(frozen=True)
class Event:
    """Something dated: when, how precisely, what kind, what was said, and by whom."""

    id: str
    date: dt.date  # the first day of the period for month and year precision
    precision: Precision
    kind: Kind
    text: str
    themes: tuple[str, ...]
    sources: tuple[Source, ...]

    @property
    def approximate(self) -> bool:
        return all(s.approximate for s in self.sources)

    @functools.cached_property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({s.article_id for s in self.sources}))

    def iso(self) -> str:
        """The date at its precision: YYYY, YYYY-MM or YYYY-MM-DD."""
        return iso_date(self.date, self.precision)


@dataclass(frozen=True, slots=True)
class DatedSentence(Record):
    """A date one article states, with the sentence (or clause) that carries it and its kind.

    Text is given as spans of the block's text, so that the record packs into a few numbers.
    """

    block_index: int  # index into Article.blocks
    date: dt.date  # the first day of the period for month and year precision
    precision: Precision
    kind: Kind
    span: tuple[int, int]  # the sentence, or the part of it around the date when it is long
    cut: tuple[bool, bool]  # whether the sentence goes on before and after that part
    mention: tuple[int, int]  # the date as written ("Rabu (19/6/2024)")
    approximate: bool  # resolved from a missing year or a relative phrase
    relative: bool  # resolved from a relative phrase ("pekan lalu", "Selasa")
    content: frozenset[str]  # the content words near the date, for merging with other sources
    names: frozenset[str] = frozenset()  # those of them written as names: capitalised, or in a script without case


def pack_dated(found: Sequence[DatedSentence]) -> tuple[bytes, str]:
    """Dated sentences as int32 numbers (twelve each) and their content words (a line each, a name
    marked by a leading ``_NAME``).

    :meth:`_Dated.of` is their one decoder.
    """
    rows = [(d.block_index, d.date.toordinal(), _PRECISIONS.index(d.precision), KINDS.index(d.kind), *d.span,
             *d.cut, *d.mention, d.approximate, d.relative) for d in found]
    numbers = np.array(rows, dtype=np.int32).reshape(-1, _COLUMNS)
    return numbers.tobytes(), "\n".join(" ".join(_NAME + w if w in d.names else w for w in sorted(d.content))
                                        for d in found)


@dataclass(frozen=True)
class _Dated:
    """The dated sentences of many articles, one row each, decoded from :func:`pack_dated` into columns.

    Rows come article after article (in the order given), each article's in its packed order. Columns,
    not a record per row: a corpus of 10,000 articles states some 200,000 dates.
    """

    ids: list[str]  # per row: the article's id
    article: npt.NDArray[np.int64]  # per row: the number of its article's id, ids numbered as they come
    numbers: npt.NDArray[np.int32]  # per row: the twelve packed numbers
    texts: list[str]  # per row: the sentence or clause as shown, "…" where the sentence goes on
    mentions: list[str]  # per row: the date as written
    words: list[str]  # the content words, each once, numbered by their place here
    terms: npt.NDArray[np.int64]  # the content words' numbers, row after row, each of a row once
    named: npt.NDArray[np.bool_]  # per item of ``terms``: the word is written as a name in that row
    ends: npt.NDArray[np.int64]  # per row: where its words end in ``terms``

    @classmethod
    def of(cls, articles: Sequence[Article], packed: Sequence[tuple[bytes, str]]) -> _Dated:
        """The packed dated sentences of each article (``packed[i]`` of ``articles[i]``), with their text.

        The sentence or clause is shown from the text of its block, "…" marking where the sentence goes
        on before or after it.
        """
        ids: list[str] = []
        number: list[int] = []
        numbered: dict[str, int] = {}
        tables: list[npt.NDArray[np.int32]] = []
        texts: list[str] = []
        mentions: list[str] = []
        lines: list[str] = []
        for article, (numbers, content) in zip(articles, packed, strict=True):
            rows = np.frombuffer(numbers, dtype=np.int32).reshape(-1, _COLUMNS)
            blocks = article.blocks
            mine = content.split("\n") if numbers else []
            if len(mine) != len(rows):
                raise ValueError(f"{article.id}: {len(rows)} dated sentences packed with {len(mine)} lines of words")
            lines += mine
            spans = rows[:, [0, 4, 5, 6, 7, 8, 9]].tolist()
            texts += [("… " if before else "") + blocks[b].text[start:end] + (" …" if after else "")
                      for b, start, end, before, after, _, _ in spans]
            mentions += [blocks[b].text[start:end] for b, _, _, _, _, start, end in spans]
            ids += [article.id] * len(rows)
            number += [numbered.setdefault(article.id, len(numbered))] * len(rows)
            tables.append(rows)
        terms, named, words = _numbered(lines)
        counts = [line.count(" ") + 1 if line else 0 for line in lines]
        if sum(counts) != len(terms):
            raise ValueError(f"dated sentences packed with {len(terms)} words in lines of {sum(counts)}")
        table = np.concatenate(tables) if tables else np.zeros((0, _COLUMNS), dtype=np.int32)
        return cls(ids, np.array(number, dtype=np.int64), table, texts, mentions, words, terms, named,
                   np.cumsum(counts, dtype=np.int64))

    def select(self, keep: npt.NDArray[np.bool_]) -> _Dated:
        """These rows where ``keep`` is true, their words numbered again in the same (sorted) order."""
        counts = np.diff(self.ends, prepend=0)
        held = np.repeat(keep, counts)
        used, terms = np.unique(self.terms[held], return_inverse=True)
        chosen = np.flatnonzero(keep).tolist()
        return _Dated([self.ids[i] for i in chosen], self.article[keep], self.numbers[keep],
                      [self.texts[i] for i in chosen], [self.mentions[i] for i in chosen],
                      [self.words[i] for i in used.tolist()], terms.reshape(-1).astype(np.int64), self.named[held],
                      np.cumsum(counts[keep], dtype=np.int64))

    def groups(self) -> npt.NDArray[np.int64]:
        """Per row: its date group, as the code ``ordinal * 3 + precision`` (:data:`_PRECISIONS`)."""
        return self.numbers[:, 1].astype(np.int64) * len(_PRECISIONS) + self.numbers[:, 2]


_LINES_AT_ONCE = 8192  # lines of content words split at a time: a word split is a string of its own


def _numbered(lines: Sequence[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], list[str]]:
    """The words of ``lines`` (each a frozenset's words, one space apart, a name marked by a leading
    ``_NAME``: :func:`pack_dated`), line after line: each word's number, whether it is marked a name, and
    the words, each once, in sorted order, numbered by their place there.

    The merge sums each pair's weights in the order of these numbers, and that order is then the same
    whatever other articles there are, so a date whose sentences are merged again alone (merged_events)
    sums as the whole corpus would. Lines are split a bounded number at a time: at 10,000 articles all
    their 1.4 million words split at once were 90 MB of strings.
    """
    seen: dict[str, int] = {}  # each word, by its number as first seen
    code: dict[str, int] = {}  # each word as written (marked a name or not) -> that number
    terms: list[npt.NDArray[np.int64]] = []
    named: list[npt.NDArray[np.bool_]] = []
    for at in range(0, len(lines), _LINES_AT_ONCE):
        said = "\n".join(lines[at:at + _LINES_AT_ONCE]).split()
        for written in set(said).difference(code):
            code[written] = seen.setdefault(written.removeprefix(_NAME), len(seen))
        terms.append(np.fromiter(map(code.__getitem__, said), dtype=np.int64, count=len(said)))
        named.append(np.fromiter(map(operator.methodcaller("startswith", _NAME), said), dtype=bool,
                                 count=len(said)))
    words = sorted(seen)
    rank = np.empty(len(words), dtype=np.int64)
    rank[np.fromiter(map(seen.__getitem__, words), dtype=np.int64, count=len(words))] = np.arange(
        len(words), dtype=np.int64)
    if not terms:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool), words
    return rank[np.concatenate(terms)], np.concatenate(named), words


@functools.lru_cache(maxsize=256)
def _cue_table_pattern(phrases: tuple[tuple[str, ...], ...]) -> re.Pattern[str]:
    if not phrases:
        return re.compile(r"(?!x)x")
    alternatives = sorted({" ".join(p) for p in phrases}, key=lambda p: (-len(p), p))
    # a cue of a script without spaces ("見通し", "예정") is found inside the words: it has no spaces around it
    spaced = [re.escape(p) for p in alternatives if not _UNSPACED_RUN.search(p)]
    unspaced = [re.escape(p) for p in alternatives if _UNSPACED_RUN.search(p)]
    parts = ([" (?:" + "|".join(spaced) + ") "] if spaced else []) + (["(?:" + "|".join(unspaced) + ")"]
                                                                      if unspaced else [])
    return re.compile("|".join(parts))


def _cue_pattern(table: Mapping[str, tuple[tuple[str, ...], ...]], lang: str) -> re.Pattern[str]:
    phrases = table.get(lang) if lang in table else tuple(p for ps in table.values() for p in ps)
    return _cue_table_pattern(tuple(phrases or ()))


def iso_date(date: dt.date, precision: str) -> str:
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def period_end(date: dt.date, precision: str) -> dt.date:
    """The last day of the day, month or year a date stands for."""
    if precision == "year":
        return dt.date(date.year, 12, 31)
    if precision == "month":
        return date.replace(day=calendar.monthrange(date.year, date.month)[1])
    return date


def sort_key(date: dt.date, precision: str) -> tuple[int, int, int, int]:
    """Chronological order; a year comes before its months, a month before its days."""
    return (date.year, date.month if precision != "year" else 0, date.day if precision == "day" else 0,
            _RANK[precision])


def events(articles: Sequence[Article], words_: DateWords, kinds: KindRules, merge: MergeRules,
           text: TextRules, dated: Mapping[str, tuple[bytes, str]] | None = None) -> tuple[Event, ...]:
    """Every dated event in the articles, merged across sources, in date order.

    ``dated`` gives the :func:`dated_sentences` of articles (by id) already worked out with these tables,
    packed (:func:`pack_dated`).
    """
    return merged_events(articles, words_, kinds, merge, text, dated)[0]


def _event_order(e: Event) -> tuple[int, int, int, int, int, str]:
    return (*sort_key(e.date, e.precision), KINDS.index(e.kind), e.id)


@dataclass(frozen=True)
class DateGroup:
    """The events of one date and precision, and when they still hold: while the sentences of that date
    are the same and the weights of their words shift only within ``low`` to ``high`` (:func:`_narrow`)."""

    rows: int  # the dated sentences of all articles when it was merged: its words' weights are log((rows + 1) / df)
    low: float
    high: float
    events: tuple[Event, ...]
    made: str = ""  # which build merged it (EventState.made)

    def holds(self, rows: int) -> bool:
        """Whether its merge decides as it did when there are ``rows`` dated sentences, and no word of its
        sentences is found in more or fewer of them than when it was merged."""
        if rows == self.rows:
            return True
        shift = math.log((rows + 1) / (self.rows + 1))
        return self.low < shift < self.high


@dataclass(frozen=True)
class EventState:
    """What a build's events were made of, for the next build to merge again only the dates whose
    sentences or weights changed: each article's dated sentences as the merge read them (in columns), the
    words they use, and each date's events."""

    rows: int
    words: tuple[str, ...]  # the content words, numbered by their place here (new ones are added at the end)
    ids: tuple[str, ...]  # the articles, by id
    keys: tuple[str, ...]  # what each is made of (merged_events)
    sizes: bytes  # int32 per article: its rows
    groups: bytes  # int32 per row: its date group (:meth:`_Dated.groups`)
    counts: bytes  # int32 per row: its words
    terms: bytes  # int32 per word of a row: its number in ``words``
    dates: Mapping[int, DateGroup] = dataclasses.field(default_factory=dict)  # by date group
    # by date group: the build that merged it, so that a date kept apart from these columns is taken only
    # with the columns it was merged beside (two builds at once could leave one's columns, the other's dates)
    made: Mapping[int, str] = dataclasses.field(default_factory=dict)

    def whole(self) -> bool:
        """Whether its columns fit together (a state of another making does not)."""
        if any(len(b) % 4 for b in (self.sizes, self.groups, self.counts, self.terms)):
            return False
        rows = _Rows.of(self)
        return (len(self.ids) == len(self.keys) == len(rows.sizes) and int(rows.sizes.sum()) == len(rows.groups)
                == len(rows.counts) == self.rows and int(rows.counts.sum()) == len(rows.terms)
                and bool((rows.sizes >= 0).all() and (rows.counts >= 0).all())
                and bool(((rows.terms >= 0) & (rows.terms < len(self.words))).all()))


_I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class _Rows:
    """The rows of some articles, article after article: :class:`EventState`'s columns as arrays."""

    sizes: _I64
    groups: _I64
    counts: _I64
    terms: _I64

    @classmethod
    def of(cls, state: EventState) -> _Rows:
        return cls(*(np.frombuffer(b, dtype=np.int32).astype(np.int64)
                     for b in (state.sizes, state.groups, state.counts, state.terms)))

    @classmethod
    def read(cls, found: _Dated, articles: int, number: Mapping[str, int]) -> _Rows:
        """The rows of ``found`` (of that many articles), its words numbered by ``number``."""
        terms = np.array([number[w] for w in found.words], dtype=np.int64)[found.terms]
        return cls(np.bincount(found.article, minlength=articles).astype(np.int64), found.groups(),
                   np.diff(found.ends, prepend=0), terms)

    def __add__(self, other: _Rows) -> _Rows:
        return _Rows(np.concatenate((self.sizes, other.sizes)), np.concatenate((self.groups, other.groups)),
                     np.concatenate((self.counts, other.counts)), np.concatenate((self.terms, other.terms)))

    def take(self, chosen: _I64) -> _Rows:
        """The rows of the articles ``chosen`` (by their place here), in that order."""
        first = np.cumsum(self.sizes) - self.sizes
        article = np.repeat(np.arange(len(self.sizes), dtype=np.int64), self.sizes)
        words = np.bincount(article, weights=self.counts, minlength=len(self.sizes)).astype(np.int64)
        rows = _runs(first[chosen], self.sizes[chosen])
        return _Rows(self.sizes[chosen], self.groups[rows], self.counts[rows],
                     self.terms[_runs((np.cumsum(words) - words)[chosen], words[chosen])])


def merged_events(articles: Sequence[Article], words_: DateWords, kinds: KindRules, merge: MergeRules,
                  text: TextRules, dated: Mapping[str, tuple[bytes, str]] | None = None,
                  keys: Mapping[str, str] | None = None, before: EventState | None = None,
                  ) -> tuple[tuple[Event, ...], EventState | None]:
    """:func:`events`, with the dates whose events ``before`` (the last build's state) still holds taken
    from it, and the state of this build (None when two articles share an id).

    A date's events are merged again when an article that gives it a sentence is new, gone or changed (its
    :func:`_rows_key`), when a word of its sentences is now found in more or fewer sentences, or when the
    shift of every weight that a different count of all dated sentences makes could change one of its
    merge's decisions (:meth:`DateGroup.holds`). The weights of a date merged again are those of the whole
    corpus, and its words are summed in the same order: its events are those a build from scratch makes.
    ``keys``: a digest of everything each article (by id) is made of (pagedigest.article_key), where known;
    the others are known by their text and themes.
    """
    ordered = sorted(articles, key=lambda x: x.id)
    packed = []
    for a in ordered:
        known = dated.get(a.id) if dated is not None else None
        packed.append(known if known is not None else pack_dated(dated_sentences(a, words_, kinds, text)))
    by_id = {a.id: a for a in articles}
    if len(by_id) < len(ordered):  # articles that share an id: one merge of everything
        found = _Dated.of(ordered, packed)
        themes = {ident: _theme_blocks(a) for ident, a in by_id.items()}
        return tuple(sorted(_events(found, _merge(found, merge)[:2], themes), key=_event_order)), None
    given = keys or {}
    identity = [f"{a.id}\n{given[a.id]}" if a.id in given else _rows_key(a, p)
                for a, p in zip(ordered, packed, strict=True)]
    old = before if before is not None and before.whole() else EventState(0, (), (), (), b"", b"", b"", b"")
    words = list(old.words)
    number = {w: i for i, w in enumerate(words)}
    place = {ident: k for k, ident in enumerate(old.ids)}
    changed = [i for i, a in enumerate(ordered) if (k := place.get(a.id)) is None or old.keys[k] != identity[i]]
    current = {a.id: k for a, k in zip(ordered, identity, strict=True)}
    gone = np.array([k for k, ident in enumerate(old.ids) if current.get(ident) != old.keys[k]], dtype=np.int64)
    fresh = _Dated.of([ordered[i] for i in changed], [packed[i] for i in changed])
    for w in fresh.words:
        if w not in number:
            number[w] = len(words)
            words.append(w)
    was, new = _Rows.of(old), _Rows.read(fresh, len(changed), number)
    # the words now found in more or fewer sentences than before
    moved = np.flatnonzero(np.bincount(new.terms, minlength=len(words))
                           != np.bincount(was.take(gone).terms, minlength=len(words)))
    source = np.array([place.get(a.id, 0) for a in ordered], dtype=np.int64)  # where each one's rows are
    source[changed] = len(old.ids) + np.arange(len(changed), dtype=np.int64)  # a changed one's: the new ones
    every = (was + new).take(source)
    total = len(every.groups)
    row_of = np.repeat(np.arange(total, dtype=np.int64), every.counts)
    touched = set(np.concatenate((new.groups, was.take(gone).groups, every.groups[row_of[np.isin(every.terms, moved)]]
                                  )).tolist())
    present = set(np.unique(every.groups).tolist())
    del was, new, row_of  # 40 MB at 10,000 articles, not to be held through the merge
    redo = {g for g in present if g in touched or g not in old.dates or not old.dates[g].holds(total)}
    dates = {g: old.dates[g] for g in present - redo}
    if redo:
        wanted = np.array(sorted(redo), dtype=np.int64)
        holders = np.unique(np.repeat(np.arange(len(ordered), dtype=np.int64), every.sizes)[np.isin(every.groups,
                                                                                                   wanted)])
        chosen = holders.tolist()
        found = (fresh if set(chosen) <= set(changed)
                 else _Dated.of([ordered[i] for i in chosen], [packed[i] for i in chosen]))
        keep = np.isin(found.groups(), wanted)
        if not keep.all():
            found = found.select(keep)
        df = np.bincount(every.terms, minlength=len(words))
        weight = idf_weights(df[np.array([number[w] for w in found.words], dtype=np.int64)], total)
        order, label, shifts = _merge(found, merge, weight)
        made: dict[int, list[Event]] = defaultdict(list)
        themes = {ident: _theme_blocks(by_id[ident]) for ident in dict.fromkeys(found.ids)}
        for e in _events(found, (order, label), themes):
            made[e.date.toordinal() * len(_PRECISIONS) + _PRECISIONS.index(e.precision)].append(e)
        build = hashlib.sha256("\n".join(identity).encode("utf-8", "surrogatepass")).hexdigest()[:16]
        for g in redo:
            low, high = shifts[g]
            dates[g] = DateGroup(total, low, high, tuple(made[g]), build)
    out = tuple(sorted(chain.from_iterable(g.events for g in dates.values()), key=_event_order))
    sizes, groups, counts, terms = (c.astype(np.int32).tobytes() for c in (every.sizes, every.groups, every.counts,
                                                                           every.terms))
    return out, EventState(total, tuple(words), tuple(current), tuple(identity), sizes, groups, counts, terms, dates,
                           {g: d.made for g, d in dates.items()})


def _rows_key(article: Article, packed: tuple[bytes, str]) -> str:
    """A digest of all an article's events are made of: its id, its dated sentences, the themes of their
    blocks, and its text."""
    digest = hashlib.sha256(packed[0])
    parts = [article.id, packed[1], repr(sorted(_theme_blocks(article).items())), *(b.text for b in article.blocks)]
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(b"%d:" % len(data) + data)
    return digest.hexdigest()


def anchor_of(published: PublishedDate | None) -> tuple[dt.date, Precision] | None:
    """The date that year-less and relative mentions resolve against: the end of the published period."""
    if published is None:
        return None
    return period_end(published.date, published.precision), published.precision


def dated_sentences(article: Article, words_: DateWords, kinds: KindRules, text: TextRules,
                    spans: Sequence[Sequence[tuple[int, int]]] | None = None) -> list[DatedSentence]:
    """Each date of the article with the sentence that carries it and its kind; one per block and date.

    ``spans``: the :func:`~warta.similar.sentence_spans` of every block, when they are already known.
    """
    anchor = anchor_of(article.published)
    mentions: list[tuple[int, DateMention]] = []
    for index, block in enumerate(article.blocks):
        for m in find_dates(block.text, words_, anchor[0] if anchor else None, article.language.code):
            if m.relative and (anchor is None or _RANK[m.precision] > _RANK[anchor[1]]):
                continue  # "Selasa" against a month-precise article date is a guess, not a date
            if m.relative and _after_habitual(block.text, m, kinds.habitual):
                continue  # "every Sunday", "setiap hari Minggu": a habit, not a date
            mentions.append((index, m))
    language_words = words_.for_language(article.language.code)
    mentions = _story_days(mentions, language_words)
    reference = _reference(article, [m for _, m in mentions])
    cues = _Cues.of(kinds, article.language.code)
    out: dict[tuple[int, dt.date, str], DatedSentence] = {}
    known: dict[int, Sequence[tuple[int, int]]] = dict(enumerate(spans)) if spans is not None else {}
    counted: dict[tuple[int, int, int], int] = {}  # (block, start, end) of a sentence -> its words
    retracted: dict[tuple[int, int, int], bool] = {}  # (block, start, end) of a sentence -> whether it retracts
    for index, m in mentions:
        if (index, m.date, m.precision) in out:
            continue
        block_text = article.blocks[index].text
        if index not in known:
            known[index] = sentence_spans(block_text, text.abbreviations, text.months)
        start, end = _sentence_of(known[index], m)
        sentence = block_text[start:end]
        taken_back = retracted.get((index, start, end))
        if taken_back is None:  # read once for the sentence's dates
            taken_back = retracted[index, start, end] = (
                cues.retracted.search(" " + " ".join(_all_words(sentence)) + " ") is not None)
        if taken_back:
            continue  # "an earlier version said 29 April": the date a correction takes back is no event
        if _in_dateline(block_text, m, kinds.dateline_place_words, kinds.dateline_marks):
            continue  # "JAKARTA, April 17 (Reuters) - ...": when the report was filed, not what it tells
        local = m.start - start
        kind = _kind(sentence, local, local + (m.end - m.start), m, reference, kinds, cues,
                     article.published is not None)
        if (kind == "scheduled" and m.approximate and not m.relative and reference and (m.last or m.date) < reference[0]
                and not after_since(block_text, m, language_words)
                and (_cue_before(sentence, local, kinds, cues) or _nearer_ahead(m, reference[0]))):
            m = _next_year(m)  # "will vote in November", said in June: this November, not the last one
        elif (kind in ("scheduled", "reported") and m.relative and reference
              and (back := (reference[0] - m.date).days) > 0
              and ((back > 7 - back and bare_weekday(m, language_words)) or bare_weekend(m, language_words))
              and (_cue_before(sentence, local, kinds, cues) if kind == "scheduled"
                   else _looks_ahead(_near(sentence, local, local, kinds, cues, ahead=False), cues))):
            # "Union members will vote on Friday", said on a Tuesday: the coming Friday, nearer than the last
            # one; "will visit starting Tuesday" in a text dated Thursday is the Tuesday two days back (a page
            # dated after it was written); so is "las clases seguirán suspendidas el viernes", a future verb.
            # A weekend looked ahead to ("expected further disruption over the weekend") is the coming one
            # whatever the day: on a Tuesday the last one lies nearer, but it is not what a forecast tells
            m = dataclasses.replace(m, date=m.date + dt.timedelta(days=7))
            kind = "scheduled"
        key = (index, m.date, m.precision)
        if key in out:
            continue
        size = counted.get((index, start, end))
        if size is None:
            size = counted[index, start, end] = len(_WORD_SPAN.findall(sentence))
        begin, finish, before, after = _trim(sentence, local, local + (m.end - m.start), kinds.max_event_words, size)
        content, names = _content(sentence, local, local + (m.end - m.start), text, words_, kinds)
        out[key] = DatedSentence(index, m.date, m.precision, kind, (start + begin, start + finish), (before, after),
                                 (m.start, m.end), m.approximate, m.relative, content, names)
    return list(out.values())


def _story_days(mentions: list[tuple[int, DateMention]], words: DateWords) -> list[tuple[int, DateMention]]:
    """The mentions, a day named by name ("on Friday", "over the weekend") read in the week the text is telling.

    Against the article's date, "on Friday" is the Friday before it; but a look back written weeks later ("At
    04:09 UTC on Friday, July 19, ... ground stops on Friday morning") tells of a day it has named already.
    Where the last day the text dated before the mention lies more than a week before the day so read, and the
    text has dated a day with its name ("Friday, July 19", "Jumat (19/7/2024)"), the mention is that day (the
    latest such), and "the weekend" the one of a Friday, Saturday or Sunday so dated."""
    out: list[tuple[int, DateMention]] = []
    last: dt.date | None = None  # the last day the text has dated
    named: list[dt.date] = []  # the days it has dated together with their name, in reading order
    for index, m in mentions:
        days = named_days(m, words) if m.relative and m.precision == "day" else frozenset()
        if days and last is not None and (m.date - last).days > 7:
            weekend = days == {6, 7}
            wanted = {5, 6, 7} if weekend else days
            same = next((day for day in reversed(named) if day.isoweekday() in wanted), None)
            if same is not None:
                shift = 6 - same.isoweekday() if weekend else 0  # a weekend is dated by its Saturday
                m = dataclasses.replace(m, date=same + dt.timedelta(days=shift))
        elif not m.relative and m.precision == "day":
            last = m.date
            if names_weekday(m, words):
                named.append(m.date)
        out.append((index, m))
    return out


def _after_habitual(text: str, m: DateMention, habitual: frozenset[str]) -> bool:
    """Whether the mention's first word, or the word just before it, is a habitual one ("every")."""
    said = _all_words(m.text)[:1] + _all_words(text[max(0, m.start - 40):m.start])[-1:]
    return any(w in habitual for w in said)


def _in_dateline(block: str, m: DateMention, place_words: int, marks: frozenset[str] = frozenset()) -> bool:
    """Whether the mention is the date of a wire dateline that opens the block: nothing or at most ``place_words``
    words (the place) and a comma before it, then an agency in brackets and a dash, a dash alone, or an agency in
    brackets alone ("PANAMA CITY, May 3 (Reuters) -", "Taipei, July 22 (CNA) The"); or at most ``place_words``
    words (agency and place) and one of ``marks`` right after the date ("新华社福州7月25日电"). "On June 19 - the
    day of the vote - ..." opens no dateline: no comma before its date."""
    before = block[:m.start].rstrip()
    if next(islice(_WORD_SPAN.finditer(before), place_words, None), None) is not None:
        return False  # more than ``place_words`` words (counted no further: a date deep in a paragraph has many)
    if marks and any(block.startswith(mark, m.end) for mark in marks):
        return True
    return ((not before or before.endswith(",")) and (_DATELINE_END.match(block, m.end) is not None
                                                      or (bool(before) and _DATELINE_AGENCY.match(block, m.end)
                                                          is not None)))


def _cue_before(sentence: str, start: int, rules: KindRules, cues: _Cues) -> bool:
    """Whether a scheduled cue stands before the date at ``start`` in its clause ("will vote on Friday"),
    not only after it ("began on 8 September over plans to ...")."""
    return cues.scheduled.search(_near(sentence, start, start, rules, cues, ahead=False)) is not None


def _looks_ahead(before: str, cues: _Cues) -> bool:
    """Whether the words of a reported sentence ``before`` a day's name look ahead: a future-tense verb
    ("seguirán"), or a word of a forecast ("said it expected further disruption over the weekend")."""
    return cues.future.search(before) is not None or cues.ahead.search(before) is not None


def _nearer_ahead(m: DateMention, reference: dt.date) -> bool:
    """Whether the year-less date ``m`` (before ``reference``) lies nearer to it a year on: "11月に投票する予定"
    (a cue after the date), said in June, is the coming November; "the strike began on 8 September, over
    plans to ...", said in October, is the last one."""
    ahead = _next_year(m).date
    return ahead != m.date and (ahead - reference).days < (reference - (m.last or m.date)).days


def _next_year(m: DateMention) -> DateMention:
    try:
        return dataclasses.replace(m, date=m.date.replace(year=m.date.year + 1))
    except ValueError:  # 29 February
        return m


def _reference(article: Article, mentions: Sequence[DateMention]) -> tuple[dt.date, dt.date] | None:
    """The article's own period (start, end): its published date, else its latest explicit day or month."""
    if article.published is not None:
        p = article.published
        return p.date, period_end(p.date, p.precision)
    fine = [m for m in mentions if not m.approximate and m.precision != "year"]
    if not fine:
        return None
    latest = max(fine, key=lambda m: (m.date, _RANK[m.precision]))
    return latest.date, period_end(latest.date, latest.precision)


def _sentence_of(spans: Sequence[tuple[int, int]], m: DateMention) -> tuple[int, int]:
    for start, end in spans:
        if start <= m.start < end:
            return start, max(end, m.end)
    return m.start, m.end


@dataclass(frozen=True)
class _Cues:
    """The kind rules of one language, looked up once per article: clause breaks and cue patterns."""

    breaks: frozenset[str]
    publication: re.Pattern[str]
    scheduled: re.Pattern[str]
    historical: re.Pattern[str]
    retracted: re.Pattern[str]
    future: re.Pattern[str]  # a future-tense verb, by its ending; none in a language without a list
    ahead: re.Pattern[str]  # a word of a reported sentence that looks ahead ("expected")

    @classmethod
    def of(cls, rules: KindRules, lang: str) -> _Cues:
        breaks = rules.clause_breaks.get(lang) or frozenset().union(*rules.clause_breaks.values())
        endings = rules.future_endings.get(lang, ())
        future = re.compile(r" \w+(?:" + "|".join(map(re.escape, endings)) + ") " if endings else r"(?!x)x")
        return cls(breaks, rules.cue_pattern("publication", lang), rules.cue_pattern("scheduled", lang),
                   rules.cue_pattern("historical", lang), _cue_pattern(rules.retracted, lang), future,
                   _cue_pattern(rules.looking_ahead, lang))


def _kind(sentence: str, start: int, end: int, m: DateMention, reference: tuple[dt.date, dt.date] | None,
          rules: KindRules, cues: _Cues, dated: bool) -> Kind:
    """The kind of a dated sentence; ``dated``: the reference is the article's own date.

    The words around the date are read only when a rule needs them.
    """
    near: str | None = None
    own = dated and reference is not None and m.precision == "day" and m.date == reference[0]
    if own:
        rest = [w for w in _all_words(sentence[:start] + " " + sentence[end:]) if not w.isdigit()]
        if _word_count(rest, rules.unspaced_word_letters) <= rules.dateline_max_words:
            return "publication"
        near = _near(sentence, start, end, rules, cues)
        if cues.publication.search(near) is not None:
            return "publication"
    if reference is not None:
        ref_start, ref_end = reference
        if (ref_start - period_end(m.date, m.precision)).days > rules.historical_days:
            return "historical"
        if m.date > ref_end:
            return "scheduled"
    if near is None:
        near = _near(sentence, start, end, rules, cues)
    if cues.scheduled.search(near) is not None:
        return "scheduled"
    if reference is None and cues.historical.search(near) is not None:
        return "historical"
    return "reported"


def _word_count(found: Sequence[str], letters: int) -> int:
    """How many words ``found`` are, a run of a script without spaces ("台湾海峡を通って") counting one
    word per ``letters`` of its letters: a Japanese sentence is one or two runs, not one or two words."""
    count = 0
    for word in found:
        runs = _UNSPACED_RUN.findall(word)
        count += 1 if not runs else max(1, sum(-(-len(r) // max(1, letters)) for r in runs))
    return count


def _all_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD_SPAN.findall(text)]


def _near(sentence: str, start: int, end: int, rules: KindRules, cues: _Cues, ahead: bool = True) -> str:
    """The words of the date's clause within ``cue_window`` words of it, as " w1 w2 ... " for a cue pattern;
    with ``ahead`` false, only those before it.

    The clause ends at clause punctuation and at a clause break word; the words before the date are
    cut at the last break, those after it at the first. Only the ``cue_window`` words nearest the date
    on each side are lowered and looked at: a break further away leaves those unchanged.
    """
    window = rules.cue_window
    before = _WORD_SPAN.findall(_after_last(_CLAUSE_PUNCT, sentence[:start]))
    after = _WORD_SPAN.findall(_before_first(_CLAUSE_PUNCT, sentence[end:])) if ahead else []
    if window > 0:
        before, after = before[-window:], after[:window]
    before = [w.lower() for w in before]
    after = [w.lower() for w in after]
    breaks = cues.breaks
    for i in range(len(before) - 1, -1, -1):
        if before[i] in breaks:
            before = before[i + 1:]
            break
    for i, w in enumerate(after):
        if w in breaks:
            after = after[:i]
            break
    return " " + " ".join(before[-window:] + after[:window]) + " "


def _after_last(pattern: re.Pattern[str], text: str) -> str:
    """``pattern.split(text)[-1]`` (a pattern without groups), without splitting all of ``text``."""
    last = deque(pattern.finditer(text), maxlen=1)
    return text[last[0].end():] if last else text


def _before_first(pattern: re.Pattern[str], text: str) -> str:
    """``pattern.split(text)[0]`` (a pattern without groups), without reading past its first match."""
    first = pattern.search(text)
    return text[:first.start()] if first is not None else text


def _trim(sentence: str, start: int, end: int, max_words: int, size: int | None = None) -> tuple[int, int, bool, bool]:
    """The sentence, or the part of it around the date when it is longer than ``max_words`` words.

    As (begin, end, cut before, cut after): the span shown, and whether the sentence goes on beyond it.
    ``size``: the sentence's words, when they are already counted.
    """
    if (len(_WORD_SPAN.findall(sentence)) if size is None else size) <= max_words:
        return (*_strip(sentence, 0, len(sentence), None), False, False)
    spans = [(m.start(), m.end()) for m in _WORD_SPAN.finditer(sentence)]
    at = next((i for i, (s, e) in enumerate(spans) if e > start), len(spans) - 1)
    last = next((i for i, (s, e) in enumerate(spans) if s >= end), len(spans)) - 1
    room = max(0, max_words - (last - at + 1))
    lo = max(0, at - room // 2)
    hi = min(len(spans) - 1, last + (room - (at - lo)))
    lo = max(0, min(lo, hi - max_words + 1))
    # start at a clause boundary when one is near
    cut = sentence.rfind(",", spans[lo][0], start)
    begin = spans[lo][0] if cut < 0 or cut + 1 >= start else cut + 1
    finish = spans[hi][1]
    return (*_strip(sentence, begin, finish, " ,"), begin > spans[0][0], hi < len(spans) - 1)


def _strip(text: str, start: int, end: int, chars: str | None) -> tuple[int, int]:
    """The span of ``text[start:end].strip(chars)``."""
    piece = text[start:end]
    kept = piece.lstrip(chars)
    if not kept:
        return start, start
    return end - len(kept), start + len(piece.rstrip(chars))


def _content(sentence: str, start: int, end: int, text: TextRules, words_: DateWords,
             kinds: KindRules) -> tuple[frozenset[str], frozenset[str]]:
    """The content words near the date (no stop words, filler, numbers or date words), and those of them
    written as names: with a capital (or title-case) first letter, or in a script without case, where
    a name cannot be told from another word."""
    window = kinds.merge_window
    raw = words_as_written(sentence[:start], -window, None) + words_as_written(sentence[end:], None, window)
    # a run of a script without spaces holds its numbers ("25日19时50分前后在福建省莆田市...登陆"): the
    # letters between them are its words, or a wire copy in Chinese would have none to merge by
    if not sentence.isascii():  # (most sentences are: nothing to split, and no search per word)
        raw = list(chain.from_iterable(_DIGITS.split(w) if _UNSPACED_RUN.search(w) else (w,) for w in raw))
    stop, filler, months, weekdays = text.stopwords, kinds.filler, words_.months, words_.weekdays
    content: set[str] = set()
    names: set[str] = set()
    for written, t in zip(raw, lowered(raw), strict=True):
        if len(t) >= 3 and t not in stop and t not in filler and no_digit(t) and t not in months \
                and t not in weekdays:
            if not written[0].islower():
                t = bare(t)
                names.add(t)
            content.add(t)
    return frozenset(content), frozenset(names)


def bare(name: str) -> str:
    """A name without its accents: languages and outlets write one name with and without them ("José Raúl
    Mulino", "Jose Raul Mulino"; "Panamá", "Panama"), and only the same word can join two sentences.
    Only Latin letters lose their marks: in other scripts a mark makes another letter (Russian "й" is
    not "и", Japanese "パ" not "ハ")."""
    if name.isascii():
        return name
    return "".join(_LATIN_BARE.get(c, c) for c in name)


def components(n: int, x: npt.NDArray[np.int64], y: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """For each of n nodes, the smallest node connected to it through the edges (x[k], y[k])."""
    label = np.arange(n, dtype=np.int64)
    while len(x):
        low = np.minimum(label[x], label[y])
        new = label.copy()
        np.minimum.at(new, x, low)
        np.minimum.at(new, y, low)
        new = new[new]
        if np.array_equal(new, label):
            break
        label = new
    return label


_PAIRS_AT_ONCE = 1 << 18  # candidate pairs of same-date sentences formed at a time: bounds the temporaries
# (at 10,000 articles, 1 << 20 held 150 MB of them at the peak of the build; 1 << 18, 60 MB, and no more CPU)


def _merge(found: _Dated, rules: MergeRules, weight: npt.NDArray[np.float64] | None = None,
           ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], dict[int, tuple[float, float]]]:
    """Groups of same-date sentences that say the same thing (IDF-weighted word overlap).

    As ``(order, label, shifts)``: ``order`` the rows of ``found`` by date (groups of one date and precision
    in date order, each group's rows in their order), ``label[k]`` the first place in ``order`` of the group
    of the row at place k. Groups are thus numbered in order, and so are the rows of each. ``weight``: each
    word's weight (``found.words``), when these rows are part of a larger corpus; else their IDF here.
    ``shifts``: for each date group (its code, :meth:`_Dated.groups`), the range of shifts of every weight
    within which its merge decides as it did (:func:`_narrow`).
    """
    n = len(found.ids)
    date_of = found.groups()
    values, first, inverse = np.unique(date_of, return_index=True, return_inverse=True)
    periods = [(dt.date.fromordinal(v // len(_PRECISIONS)), _PRECISIONS[v % len(_PRECISIONS)])
               for v in values.tolist()]
    at = sorted(range(len(values)), key=lambda g: (sort_key(*periods[g]), int(first[g])))
    rank = np.empty(len(values), dtype=np.int64)
    rank[at] = np.arange(len(values), dtype=np.int64)
    group = rank[inverse.reshape(-1)]
    order = np.argsort(group, kind="stable")
    label = np.arange(n, dtype=np.int64)
    low, high = np.full(len(values), -np.inf), np.full(len(values), np.inf)
    for lo, hi, x, y in _merged_pairs(found, order, group[order], rules, weight, (low, high)):  # no pair joins
        label[lo:hi] = lo + components(hi - lo, x - lo, y - lo)  # two batches
    codes = values[np.asarray(at, dtype=np.int64)].tolist()  # each group's code, by its number
    return order, label, dict(zip(codes, zip(low.tolist(), high.tolist(), strict=True), strict=True))


def _merged_pairs(found: _Dated, order: npt.NDArray[np.int64], group: npt.NDArray[np.int64], rules: MergeRules,
                  weight: npt.NDArray[np.float64] | None = None,
                  shifts: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]] | None = None,
                  ) -> Iterator[tuple[int, int, npt.NDArray[np.int64], npt.NDArray[np.int64]]]:
    """The pairs (i < j: places in ``order``) of same-date sentences whose content words overlap enough
    to be one event; ``group``: the number of each place's date group, ascending. Given a batch of whole
    groups at a time, as (first place, end place, i, j).

    Candidates share a word that at most ``_MAX_PAIRWISE`` of their group's sentences have (every word,
    in a group that small); their overlap is then weighed over all their words, with numpy, pair by pair
    never in Python. Two paragraphs of one article on one date are most often two things: they are
    asked what a year asks. Groups are taken a bounded number of pairs at a time. ``weight``: each word's,
    else :func:`idf_weights` of these rows; ``shifts``: each group's (by number) lowest and highest shift
    of the weights it stands, narrowed here (:func:`_narrow`).
    """
    n = len(order)
    if n < 2 or not len(found.terms):
        return
    vocabulary = len(found.words)
    counts = np.diff(found.ends, prepend=0)
    if weight is None:
        weight = idf_weights(np.bincount(found.terms, minlength=vocabulary), n)
    place = np.empty(n, dtype=np.int64)
    place[order] = np.arange(n, dtype=np.int64)
    item = place[np.repeat(np.arange(n, dtype=np.int64), counts)]  # each posting's place
    key = group[item] * vocabulary + found.terms
    # by key, then by place: a sentence has a word once, so the pairs are distinct and one sorted code orders them
    code = key * n + item
    by = np.argsort(code, kind="stable")
    code = code[by]
    named = found.named[by]
    item, key = code % n, code // n
    del code, by
    term = key % vocabulary
    mass = np.bincount(item, weights=weight[term], minlength=n)
    sized = counts[order]  # each place's words
    written = np.bincount(item[named], minlength=n)  # each place's names
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    sizes = np.diff(np.append(starts, len(key)))
    run_group = key[starts] // vocabulary
    del key
    bounds = np.searchsorted(group, np.arange(int(group[-1]) + 2, dtype=np.int64))  # each group's places
    members = np.diff(bounds)
    cap = np.minimum(members, _MAX_PAIRWISE)[run_group]
    rare = (sizes >= 2) & (sizes <= cap)
    runs_of = np.searchsorted(run_group, np.arange(len(members) + 1, dtype=np.int64))  # each group's runs
    numbers = found.numbers[order]
    article = found.article[order]
    block = numbers[:, 0].astype(np.int64)
    precision = numbers[:, 2].astype(np.int64)
    need = np.array([rules.shared(p) for p in _PRECISIONS], dtype=np.int64)
    unnamed = np.maximum(need, rules.unnamed_shared)
    bar = np.array([rules.threshold(p) for p in _PRECISIONS], dtype=np.float64)
    year = _PRECISIONS.index("year")
    made = np.bincount(run_group, weights=sizes * (sizes - 1) // 2 * rare, minlength=len(members)).tolist()
    lo = 0
    while lo < len(members):
        hi, budget = lo + 1, made[lo]
        while hi < len(members) and budget + made[hi] <= _PAIRS_AT_ONCE:
            budget += made[hi]
            hi += 1
        runs = runs_of[lo] + np.flatnonzero(rare[runs_of[lo]:runs_of[hi]])
        x, y, shared, names, overlap = _pairs_through(item, named, starts[runs], sizes[runs],
                                                      weight[term[starts[runs]]], n)
        for g in range(lo, hi):
            if members[g] > _MAX_PAIRWISE:
                common = runs_of[g] + np.flatnonzero(sizes[runs_of[g]:runs_of[g + 1]] > _MAX_PAIRWISE)
                spans = list(zip(starts[common].tolist(), sizes[common].tolist(), strict=True))
                _add_common(int(bounds[g]), int(bounds[g + 1]), (x, y, shared, names, overlap),
                            [(item[s:s + z], named[s:s + z]) for s, z in spans], weight[term[starts[common]]])
        same = article[x] == article[y]
        wanted = np.where(same, year, precision[x])
        smaller = np.minimum(mass[x], mass[y])
        fewer = np.minimum(written[x], written[y])
        # two articles that each name several people or places, and few of them the same, tell of two
        # happenings however many other words they share ("Arsenal beat Chelsea" / "Benfica beat Porto")
        apart = ~same & (fewer >= rules.names_apart) & (names < rules.name_share * fewer)
        weighed = ((~(same & (block[x] == block[y]))) & (shared >= need[wanted]) & ~apart
                   & ((names > 0) | (shared >= unnamed[wanted])) & (smaller > 0))  # decided by the weights
        with np.errstate(divide="ignore", invalid="ignore"):
            ok = weighed & (overlap / smaller >= bar[wanted])
        if shifts is not None:
            _narrow(shifts, group[x[weighed]], (overlap[weighed], shared[weighed], bar[wanted[weighed]]),
                    (mass, sized), (x[weighed], y[weighed]))
        yield int(bounds[lo]), int(bounds[hi]), x[ok], y[ok]
        lo = hi


def idf_weights(df: npt.NDArray[np.int64], rows: int) -> npt.NDArray[np.float64]:
    """The merge's weight of each word found in ``df[k]`` of ``rows`` dated sentences: its IDF, plus 0.1."""
    return np.array([math.log((rows + 1) / c) + 0.1 if c else 0.0 for c in df.tolist()],
                    dtype=np.float64)  # math.log, as the IDF of every other word in warta


def _narrow(shifts: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]], group: npt.NDArray[np.int64],
            pairs: tuple[npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.float64]],
            rows: tuple[npt.NDArray[Any], npt.NDArray[Any]],
            sides: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]) -> None:
    """Narrow each group's range of shifts d (``shifts``: lowest, highest, by group number) to those within
    which each of its pairs decides as it did, pair k of group ``group[k]`` weighing its ``shared[k]`` words
    ``overlap[k]`` against ``bar[k]`` (``pairs``) and the ``mass`` and ``size`` of its rows (``rows``).

    A pair is one event when its overlap reaches ``bar`` times the smaller mass, that is when
    ``overlap - bar * mass`` of one of its rows is 0 or more. Added to each of a row's words' weight, d
    adds ``shared * d`` to the overlap and ``size * d`` to the mass: each of those two differences moves in
    a line, and while neither changes sign (by a margin far above rounding) the pair decides as it did.
    A date's weights shift that way alone when no word of its sentences is found in more or fewer
    sentences than before, but the sentences of all dates are more or fewer: ``log((n' + 1) / (n + 1))``.
    A difference within the margin at d = 0 leaves the group no range but d = 0 itself. (The other tests of
    a pair count words; that the smaller mass is above 0 holds at any count: every weight is 0.1 or more.)
    """
    low, high = shifts
    overlap, shared, bar = pairs
    mass, size = rows
    for side in sides:
        gap = overlap - bar * mass[side]
        slope = shared - bar * size[side]
        margin = 1e-9 * (overlap + bar * mass[side] + 1.0)
        sign = np.where(gap >= 0, 1.0, -1.0)
        gap, slope = gap * sign, slope * sign  # the decision holds while gap + slope * d > margin
        with np.errstate(divide="ignore", invalid="ignore"):
            edge = (margin - gap) / slope
        tight = gap <= margin
        np.maximum.at(low, group, np.where(tight, 0.0, np.where(slope > 0, edge, -np.inf)))
        np.minimum.at(high, group, np.where(tight, 0.0, np.where(slope < 0, edge, np.inf)))


def _runs(starts: npt.NDArray[np.int64], sizes: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The positions ``starts[k]`` to ``starts[k] + sizes[k]`` of every run k, run after run."""
    total = int(sizes.sum())
    return np.repeat(starts - (np.cumsum(sizes) - sizes), sizes) + np.arange(total, dtype=np.int64)


_Pairs = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64],
               npt.NDArray[np.float64]]  # (x, y, words shared, names shared, summed weight)


def _pairs_through(item: npt.NDArray[np.int64], named: npt.NDArray[np.bool_], starts: npt.NDArray[np.int64],
                   sizes: npt.NDArray[np.int64], weights: npt.NDArray[np.float64], n: int) -> _Pairs:
    """Pairs of places (x < y) that share a term, through runs of postings ``item[starts[k]:starts[k] +
    sizes[k]]`` (ascending) of terms weighing ``weights[k]``: how many terms each shares, how many of them
    both write as a name (``named``, per posting), their summed weight."""
    position = _runs(starts, sizes)
    later = np.repeat(sizes, sizes) - 1 - (np.arange(len(position), dtype=np.int64)
                                          - np.repeat(np.cumsum(sizes) - sizes, sizes))  # postings after each
    left = np.repeat(position, later)
    right = left + 1 + _runs(np.zeros(len(later), dtype=np.int64), later)
    code = item[left] * n + item[right]
    weight = np.repeat(np.repeat(weights, sizes), later)
    both = (named[left] & named[right]).astype(np.int64)
    del position, left, right
    if not len(code):
        none = np.zeros(0, dtype=np.int64)
        return none, none, none.copy(), none.copy(), np.zeros(0, dtype=np.float64)
    by = np.argsort(code, kind="stable")
    code = code[by]
    first = np.flatnonzero(np.concatenate(([True], code[1:] != code[:-1])))
    shared = np.diff(np.append(first, len(code))).astype(np.int64)
    names = np.add.reduceat(both[by], first)
    overlap = np.add.reduceat(weight[by], first)
    code = code[first]
    return code // n, code % n, shared, names, overlap


def _add_common(lo: int, hi: int, pairs: _Pairs,
                holders: Sequence[tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]],
                weights: npt.NDArray[np.float64]) -> None:
    """Add to the pairs of the group at places ``lo`` to ``hi`` the common words they share: the places
    that hold each and whether each writes it as a name (``holders``), and its weight. ``pairs``: (x, y,
    shared, names, overlap), x ascending."""
    x, y, shared, names, overlap = pairs
    first, last = np.searchsorted(x, [lo, hi]).tolist()  # the group's pairs
    if first == last or not holders:
        return
    has = np.zeros((hi - lo, len(holders)), dtype=bool)
    name = np.zeros((hi - lo, len(holders)), dtype=bool)
    rows = np.concatenate([h for h, _ in holders]) - lo
    columns = np.repeat(np.arange(len(holders)), [len(h) for h, _ in holders])
    has[rows, columns] = True
    name[rows, columns] = np.concatenate([f for _, f in holders])
    for at in range(first, last, 16384):
        end = min(last, at + 16384)
        both = has[x[at:end] - lo] & has[y[at:end] - lo]
        shared[at:end] += np.count_nonzero(both, axis=1)
        names[at:end] += np.count_nonzero(name[x[at:end] - lo] & name[y[at:end] - lo], axis=1)
        overlap[at:end] += both @ weights


def _events(found: _Dated, merged: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
            themes: Mapping[str, Mapping[int, Sequence[str]]]) -> list[Event]:
    """One event per group of :func:`_merge`: its sources each place once, ordered by article and block.

    The kind is the one most of its sentences have (ties by ``KINDS``); the text is that of its most
    central sentence, the one sharing most words with the others (then: not cut before, not approximate,
    shorter, by article and block).
    """
    order, label = merged
    by = np.argsort(label, kind="stable")
    rows = order[by]  # group after group, each group's rows in their order
    cut = np.flatnonzero(np.concatenate(([True], label[by][1:] != label[by][:-1]))) if len(rows) else by
    del by
    group = np.repeat(np.arange(len(cut), dtype=np.int64), np.diff(np.append(cut, len(rows))))
    numbers = found.numbers[rows]
    votes = np.bincount(group * len(KINDS) + numbers[:, 3], minlength=len(cut) * len(KINDS))
    kinds = votes.reshape(-1, len(KINDS)).argmax(axis=1).tolist()  # the first of KINDS with the most votes
    # how many of the group's other sentences have each of a sentence's words, summed over its words
    counts = np.diff(found.ends, prepend=0)[rows]
    posting = _runs((found.ends - np.diff(found.ends, prepend=0))[rows], counts)
    of = np.repeat(np.arange(len(rows), dtype=np.int64), counts)
    key = group[of] * max(1, len(found.words)) + found.terms[posting]
    del posting
    held = _tally(key)
    del key
    overlap = np.bincount(of, weights=held, minlength=len(rows)).astype(np.int64) - counts
    texts = found.texts
    length = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))[rows]
    cut_before = np.fromiter(map(_CUT_BEFORE, texts), dtype=bool, count=len(texts))[rows]
    article = found.article[rows]
    block = numbers[:, 0]
    place = np.arange(len(rows), dtype=np.int64)
    central = np.lexsort((place, block, article, length, numbers[:, 10] == 1, cut_before, -overlap, group))
    best = rows[central[np.searchsorted(group[central], np.arange(len(cut), dtype=np.int64))]].tolist()
    listed = np.lexsort((place, block, article, group))
    again = np.zeros(len(listed), dtype=bool)  # a place (article and block) an earlier source has
    again[1:] = ((group[listed][1:] == group[listed][:-1]) & (article[listed][1:] == article[listed][:-1])
                 & (block[listed][1:] == block[listed][:-1]))
    listed = listed[~again]
    ends = np.searchsorted(group[listed], np.arange(1, len(cut) + 1, dtype=np.int64)).tolist()
    kept = rows[listed].tolist()
    table = found.numbers
    source_ids = list(map(found.ids.__getitem__, kept))
    blocks = table[kept, 0].tolist()
    sources = list(map(Source, source_ids, blocks, map(texts.__getitem__, kept), map(found.mentions.__getitem__, kept),
                       (table[kept, 10] == 1).tolist(), (table[kept, 11] == 1).tolist()))
    # the themes with evidence in each source's block, if any
    theme_lists = [themes[a].get(b) if a in themes else None for a, b in zip(source_ids, blocks, strict=True)]
    keys = list(map("#".join, zip(source_ids, map(str, blocks), strict=True)))
    out = []
    start = 0
    for end, head, kind, text in zip(ends, rows[cut].tolist(), kinds, best, strict=True):
        date, precision = dt.date.fromordinal(int(table[head, 1])), _PRECISIONS[int(table[head, 2])]
        mine = tuple(sources[start:end])
        key_text = "|".join(keys[start:end])
        digest = hashlib.sha1(f"{iso_date(date, precision)}|{key_text}".encode()).hexdigest()[:8]
        out.append(Event(f"e-{iso_date(date, precision)}-{digest}", date, precision, KINDS[kind], texts[text],
                         _themes([t for t in theme_lists[start:end] if t]), mine))
        start = end
    return out


def _tally(key: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """For each item of ``key`` (none negative), how many items have its value."""
    if not len(key):
        return np.zeros(0, dtype=np.int64)
    top = int(key.max()) + 1
    if top <= 4 * len(key) + 65536:  # values few enough to count in a table as long as the keys, or so
        return np.bincount(key, minlength=top)[key]
    ordered = np.argsort(key)  # any order among equal keys: each gets their count
    first = np.flatnonzero(np.concatenate(([True], key[ordered][1:] != key[ordered][:-1])))
    sizes = np.diff(np.append(first, len(key)))
    held = np.empty(len(key), dtype=np.int64)
    held[ordered] = np.repeat(sizes, sizes)
    return held


def _theme_blocks(article: Article) -> dict[int, list[str]]:
    """For each block, the article's themes with evidence in it (a theme once per match, in the article's order)."""
    out: dict[int, list[str]] = defaultdict(list)
    for t in article.themes:
        for block in set(map(_BLOCK, t.evidence)):
            out[block].append(t.theme)
    return out


def _themes(found: Sequence[Sequence[str]], limit: int = 4) -> tuple[str, ...]:
    """The themes whose evidence lies in a source paragraph (``found``: those of each source that has any),
    best supported first."""
    if not found:
        return ()
    score = Counter(chain.from_iterable(found))
    return tuple(sorted(score, key=lambda t: (-score[t], t))[:limit])
