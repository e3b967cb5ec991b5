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
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from warta.dates import DateMention, DateWords, find_dates
from warta.model import Article, Precision, PublishedDate
from warta.similar import TextRules, no_digit, pair_indices, sentence_spans, words

Kind = Literal["publication", "scheduled", "historical", "reported"]
KINDS: tuple[Kind, ...] = ("reported", "scheduled", "historical", "publication")  # the order that wins a tie
_PRECISIONS: tuple[Precision, ...] = ("year", "month", "day")
_COLUMNS = 12  # int32 per packed dated sentence
_RANK: dict[str, int] = {"year": 0, "month": 1, "day": 2}
_WORD_SPAN = re.compile(r"\w+(?:[-'’.]\w+)*")
_CLAUSE_PUNCT = re.compile(r"[;:()\[\]–—]|\s-\s")
_MAX_PAIRWISE = 80  # a larger group of same-date events is compared through shared rare words only


@dataclass(frozen=True)
class KindRules:
    """Cue phrases (as word tuples) by kind and language, clause breaks, and the distance rules."""

    cues: Mapping[str, Mapping[str, tuple[tuple[str, ...], ...]]]  # kind -> language -> phrases
    clause_breaks: Mapping[str, frozenset[str]]  # language -> words
    filler: frozenset[str] = frozenset()  # words that do not say what happened ("mengatakan", "said")
    historical_days: int = 365
    cue_window: int = 15
    dateline_max_words: int = 2
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

    def threshold(self, precision: str) -> float:
        return {"day": self.day, "month": self.month}.get(precision, self.year)

    def shared(self, precision: str) -> int:
        return self.day_shared if precision == "day" else self.coarse_shared


@dataclass(frozen=True)
class Source:
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


@dataclass(frozen=True)
class DatedSentence:
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


def pack_dated(found: Sequence[DatedSentence]) -> tuple[bytes, str]:
    """Dated sentences as int32 numbers (twelve each) and their content words (a line each).

    :func:`_found` is their one decoder.
    """
    rows = [(d.block_index, d.date.toordinal(), _PRECISIONS.index(d.precision), KINDS.index(d.kind), *d.span,
             *d.cut, *d.mention, d.approximate, d.relative) for d in found]
    numbers = np.array(rows, dtype=np.int32).reshape(-1, _COLUMNS)
    return numbers.tobytes(), "\n".join(" ".join(sorted(d.content)) for d in found)


class _Found(NamedTuple):
    """One dated sentence in one article, before merging (a tuple: there are many, made in one go)."""

    article_id: str
    block_index: int
    date: dt.date
    precision: Precision
    kind: Kind
    text: str
    mention: str
    approximate: bool
    relative: bool
    content: frozenset[str]


_PLACE = itemgetter(0, 1)  # a _Found's (article_id, block_index)


def _found(article: Article, numbers: bytes, content: str) -> list[_Found]:
    """The dated sentences of one article that :func:`pack_dated` packed, with their text.

    The sentence or clause is shown from the text of its block, "…" marking where the sentence goes
    on before or after it. The rows are decoded straight into ``_Found`` tuples: no record per row.
    """
    blocks = article.blocks
    out = []
    for r, line in zip(np.frombuffer(numbers, dtype=np.int32).reshape(-1, _COLUMNS).tolist(),
                       content.split("\n") if numbers else (), strict=True):
        block = blocks[r[0]].text
        shown = ("… " if r[6] else "") + block[r[4]:r[5]] + (" …" if r[7] else "")
        out.append(_Found(article.id, r[0], dt.date.fromordinal(r[1]), _PRECISIONS[r[2]], KINDS[r[3]], shown,
                          block[r[8]:r[9]], r[10] == 1, r[11] == 1, frozenset(line.split())))
    return out


@functools.lru_cache(maxsize=256)
def _cue_table_pattern(phrases: tuple[tuple[str, ...], ...]) -> re.Pattern[str]:
    if not phrases:
        return re.compile(r"(?!x)x")
    alternatives = sorted({" ".join(p) for p in phrases}, key=lambda p: (-len(p), p))
    return re.compile(" (?:" + "|".join(re.escape(p) for p in alternatives) + ") ")


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
    found: list[_Found] = []
    for a in sorted(articles, key=lambda x: x.id):
        packed = dated.get(a.id) if dated is not None else None
        found += _found(a, *(packed if packed is not None else pack_dated(dated_sentences(a, words_, kinds, text))))
    by_id = {a.id: a for a in articles}
    themes = {ident: _theme_blocks(a) for ident, a in by_id.items()}
    return tuple(sorted((_event(group, themes) for group in _merge(found, merge)),
                        key=lambda e: (*sort_key(e.date, e.precision), KINDS.index(e.kind), e.id)))


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
        for m in find_dates(block.text, words_, anchor[0] if anchor else None):
            if m.relative and (anchor is None or _RANK[m.precision] > _RANK[anchor[1]]):
                continue  # "Selasa" against a month-precise article date is a guess, not a date
            mentions.append((index, m))
    reference = _reference(article, [m for _, m in mentions])
    lang = article.language.code
    out: dict[tuple[int, dt.date, str], DatedSentence] = {}
    known: dict[int, Sequence[tuple[int, int]]] = dict(enumerate(spans)) if spans is not None else {}
    for index, m in mentions:
        if (index, m.date, m.precision) in out:
            continue
        block_text = article.blocks[index].text
        if index not in known:
            known[index] = sentence_spans(block_text, text.abbreviations)
        start, end = _sentence_of(known[index], m)
        sentence = block_text[start:end]
        local = m.start - start
        kind = _kind(sentence, local, local + (m.end - m.start), m, reference, kinds, lang,
                     article.published is not None)
        if kind == "scheduled" and m.approximate and not m.relative and reference and m.date < reference[0]:
            m = _next_year(m)  # "will vote in November", said in June: this November, not the last one
        begin, finish, before, after = _trim(sentence, local, local + (m.end - m.start), kinds.max_event_words)
        key = (index, m.date, m.precision)
        if key in out:
            continue
        out[key] = DatedSentence(index, m.date, m.precision, kind, (start + begin, start + finish), (before, after),
                                 (m.start, m.end), m.approximate, m.relative,
                                 _content(sentence, local, local + (m.end - m.start), text, words_, kinds))
    return list(out.values())


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


def _kind(sentence: str, start: int, end: int, m: DateMention, reference: tuple[dt.date, dt.date] | None,
          rules: KindRules, lang: str, dated: bool) -> Kind:
    """The kind of a dated sentence; ``dated``: the reference is the article's own date."""
    before, after = _clause_words(sentence, start, end, rules, lang)
    near = before[-rules.cue_window:] + after[: rules.cue_window]
    rest = [w for w in _all_words(sentence[:start] + " " + sentence[end:]) if not w.isdigit()]
    own = dated and reference is not None and m.precision == "day" and m.date == reference[0]
    dateline = len(rest) <= rules.dateline_max_words
    if own and (dateline or _has_cue(near, rules, "publication", lang)):
        return "publication"
    if reference is not None:
        ref_start, ref_end = reference
        if (ref_start - period_end(m.date, m.precision)).days > rules.historical_days:
            return "historical"
        if m.date > ref_end:
            return "scheduled"
    if _has_cue(near, rules, "scheduled", lang):
        return "scheduled"
    if reference is None and _has_cue(near, rules, "historical", lang):
        return "historical"
    return "reported"


def _all_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD_SPAN.findall(text)]


def _clause_words(sentence: str, start: int, end: int, rules: KindRules, lang: str) -> tuple[list[str], list[str]]:
    """The words of the date's clause before and after the date (nearest first for neither: in order)."""
    breaks = rules.clause_breaks.get(lang) or frozenset().union(*rules.clause_breaks.values())
    head = _CLAUSE_PUNCT.split(sentence[:start])[-1]
    tail = _CLAUSE_PUNCT.split(sentence[end:])[0]
    before = _all_words(head)
    after = _all_words(tail)
    for i in range(len(before) - 1, -1, -1):
        if before[i] in breaks:
            before = before[i + 1:]
            break
    for i, w in enumerate(after):
        if w in breaks:
            after = after[:i]
            break
    return before, after


def _has_cue(tokens: Sequence[str], rules: KindRules, kind: str, lang: str) -> bool:
    return rules.cue_pattern(kind, lang).search(" " + " ".join(tokens) + " ") is not None


def _trim(sentence: str, start: int, end: int, max_words: int) -> tuple[int, int, bool, bool]:
    """The sentence, or the part of it around the date when it is longer than ``max_words`` words.

    As (begin, end, cut before, cut after): the span shown, and whether the sentence goes on beyond it.
    """
    spans = [(m.start(), m.end()) for m in _WORD_SPAN.finditer(sentence)]
    if len(spans) <= max_words:
        return (*_strip(sentence, 0, len(sentence), None), False, False)
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
             kinds: KindRules) -> frozenset[str]:
    """The content words near the date: no stop words, filler, numbers or date words."""
    window = kinds.merge_window
    toks = words(sentence[:start])[-window:] + words(sentence[end:])[:window]
    return frozenset(t for t in toks if len(t) >= 3 and t not in text.stopwords and t not in kinds.filler
                     and no_digit(t) and t not in words_.months and t not in words_.weekdays)


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


def _merge(found: Sequence[_Found], rules: MergeRules) -> list[list[_Found]]:
    """Groups of same-date sentences that say the same thing (IDF-weighted word overlap)."""
    df = Counter(chain.from_iterable(f.content for f in found))
    total = len(found) + 1
    idf = {w: math.log(total / n) + 0.1 for w, n in df.items()}
    groups: dict[tuple[dt.date, str], list[_Found]] = defaultdict(list)
    for f in found:
        groups[(f.date, f.precision)].append(f)
    out: list[list[_Found]] = []
    for (_, precision), items in sorted(groups.items(), key=lambda kv: sort_key(*kv[0])):
        x, y = _merged_pairs(items, precision, idf, rules)
        clusters: dict[int, list[_Found]] = defaultdict(list)
        for root, f in zip(components(len(items), x, y).tolist(), items, strict=True):
            clusters[root].append(f)
        out.extend(clusters.values())
    return out


def _merged_pairs(items: Sequence[_Found], precision: str, idf: Mapping[str, float],
                  rules: MergeRules) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The pairs (i < j) of same-date sentences whose content words overlap enough to be one event.

    Candidates share a word that at most ``_MAX_PAIRWISE`` of the sentences have (every word, in a
    group that small); their overlap is then weighed over all their words, with numpy, pair by pair
    never in Python. Two paragraphs of one article on one date are most often two things: they are
    asked what a year asks.
    """
    m = len(items)
    flat = list(chain.from_iterable(f.content for f in items))
    if m < 2 or not flat:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    local = {w: i for i, w in enumerate(dict.fromkeys(flat))}  # numbered in the order they come
    weight = np.array([idf[w] for w in local], dtype=np.float64)
    item = np.repeat(np.arange(m, dtype=np.int64), [len(f.content) for f in items])
    term = np.fromiter(map(local.__getitem__, flat), dtype=np.int64, count=len(flat))
    postings = np.bincount(term, minlength=len(local))
    mass = np.bincount(item, weights=weight[term], minlength=m)
    cap = _MAX_PAIRWISE if m > _MAX_PAIRWISE else m
    rare = (postings >= 2) & (postings <= cap)
    x, y, shared, overlap = _pairs_through(item[rare[term]], term[rare[term]], weight, m)
    common = np.flatnonzero(postings > cap)
    if len(common) and len(x):
        column = np.full(len(local), -1, dtype=np.int64)
        column[common] = np.arange(len(common))
        has = np.zeros((m, len(common)), dtype=bool)
        where = column[term] >= 0
        has[item[where], column[term[where]]] = True
        for lo in range(0, len(x), 16384):
            both = has[x[lo:lo + 16384]] & has[y[lo:lo + 16384]]
            shared[lo:lo + 16384] += both.sum(axis=1)
            overlap[lo:lo + 16384] += both @ weight[common]
    articles: dict[str, int] = {}
    article = np.array([articles.setdefault(f.article_id, len(articles)) for f in items], dtype=np.int64)
    block = np.array([f.block_index for f in items], dtype=np.int64)
    same = article[x] == article[y]
    need = np.where(same, rules.shared("year"), rules.shared(precision))
    bar = np.where(same, rules.threshold("year"), rules.threshold(precision))
    smaller = np.minimum(mass[x], mass[y])
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = (~(same & (block[x] == block[y]))) & (shared >= need) & (smaller > 0) & (overlap / smaller >= bar)
    return x[ok], y[ok]


def _pairs_through(item: npt.NDArray[np.int64], term: npt.NDArray[np.int64], weight: npt.NDArray[np.float64],
                   m: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64],
                                    npt.NDArray[np.float64]]:
    """Pairs of items (x < y) with a term in common: how many terms they share and their summed weight."""
    order = np.lexsort((item, term))
    item, term = item[order], term[order]
    starts = np.flatnonzero(np.concatenate(([True], term[1:] != term[:-1])))
    sizes = np.diff(np.append(starts, len(term)))
    codes: list[npt.NDArray[np.int64]] = []
    weights: list[npt.NDArray[np.float64]] = []
    for size in sorted({s for s in sizes.tolist() if s >= 2}):
        first = starts[sizes == size]
        rows = item[first[:, None] + np.arange(size)]
        i, j = pair_indices(size)
        codes.append((rows[:, i] * m + rows[:, j]).ravel())
        weights.append(np.repeat(weight[term[first]], len(i)))
    if not codes:
        none = np.zeros(0, dtype=np.int64)
        return none, none, none.copy(), np.zeros(0, dtype=np.float64)
    code = np.concatenate(codes)
    order = np.argsort(code, kind="stable")
    code = code[order]
    starts = np.flatnonzero(np.concatenate(([True], code[1:] != code[:-1])))
    shared = np.diff(np.append(starts, len(code))).astype(np.int64)
    overlap = np.add.reduceat(np.concatenate(weights)[order], starts)
    first_code = code[starts]
    return first_code // m, first_code % m, shared, overlap


def _event(group: list[_Found], themes: Mapping[str, Mapping[int, Sequence[str]]]) -> Event:
    first = group[0]
    votes: dict[str, int] = defaultdict(int)
    for f in group:
        votes[f.kind] += 1
    kind = min(KINDS, key=lambda k: (-votes.get(k, 0), KINDS.index(k)))

    held = Counter(chain.from_iterable(f.content for f in group))  # how many of the group's sentences have each word

    def centrality(f: _Found) -> tuple[int, bool, bool, int, str, int]:
        overlap = sum(map(held.__getitem__, f.content)) - len(f.content)  # words in common with each other one
        return (-overlap, f.text.startswith("…"), f.approximate, len(f.text), f.article_id, f.block_index)

    best = min(group, key=centrality)
    seen: dict[tuple[str, int], Source] = {}
    for f in sorted(group, key=_PLACE):
        if (f.article_id, f.block_index) not in seen:
            seen[(f.article_id, f.block_index)] = Source(f.article_id, f.block_index, f.text, f.mention,
                                                         f.approximate, f.relative)
    sources = tuple(seen.values())
    key = "|".join(f"{s.article_id}#{s.block_index}" for s in sources)
    digest = hashlib.sha1(f"{iso_date(first.date, first.precision)}|{key}".encode()).hexdigest()[:8]
    return Event(f"e-{iso_date(first.date, first.precision)}-{digest}", first.date, first.precision, kind,
                 best.text, _themes(sources, themes), sources)


def _theme_blocks(article: Article) -> dict[int, list[str]]:
    """For each block, the article's themes with evidence in it (a theme once per match, in the article's order)."""
    out: dict[int, list[str]] = defaultdict(list)
    for t in article.themes:
        for block in dict.fromkeys(e.block for e in t.evidence):
            out[block].append(t.theme)
    return out


def _themes(sources: Sequence[Source], themes: Mapping[str, Mapping[int, Sequence[str]]],
            limit: int = 4) -> tuple[str, ...]:
    """The themes whose evidence lies in a source paragraph, best supported first."""
    score: dict[str, float] = defaultdict(float)
    for s in sources:
        for theme in themes.get(s.article_id, {}).get(s.block_index, ()):
            score[theme] += 1.0
    return tuple(sorted(score, key=lambda t: (-score[t], t))[:limit])
