"""Shared passages and similar articles: sentences, word shingles, rare-shingle postings, a keyword index.

Nothing here compares every article with every other, nor expands a bucket of common text pairwise.
Each article's sentences and the CRC-32 of their words (``sentence_table``) and its content words are
worked out with the article, at extraction; what follows reads those. A sentence repeated word for word
is found by its words alone. Every other sentence of a few words is cut into word shingles, hashed with
numpy; a shingle that many sentences have is common text (a template frame, a stock phrase) and is left
out, as is one no other sentence has. Each of the remaining (rare) shingles has a few sentences at most:
the pairs they form are counted with numpy, and only the sentences that share the rare shingles of a
copied run are compared word by word. No approximation (MinHash, LSH) is needed, because the buckets
are small by construction, so no pair that shares such a run is missed. Similar articles come from an
inverted index of their keywords, the pairs formed, counted and filtered with numpy (sorting, never
hashing in Python per pair), so the work grows with the text.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, combinations
from typing import Any

import numpy as np
import numpy.typing as npt

from warta.model import Article, Record, SentenceTable
from warta.scripts import CLOSERS, FULL_WIDTH_STOPS, HAN_KANA, OPENERS, SPACED_STOPS

U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
_CHUNK = 1 << 18  # words hashed into shingles at a time: bounds the memory of the numpy temporaries

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# A stop of a spaced script is followed by a space; a Chinese or Japanese full-width one is not; a run of
# newlines ends one too. Written as one class of first characters, then the alternative that character
# opens (told by a look-behind at it): the regex engine skips to the next such character in C, where the
# alternation "[stops]+...|[full-width stops]+...|\n+" was tried at every position (5x slower).
_BOUNDARY = re.compile(f"[{re.escape(SPACED_STOPS)}{FULL_WIDTH_STOPS}\n]"
                       f"(?:(?<=[{re.escape(SPACED_STOPS)}])[{re.escape(SPACED_STOPS)}]*[{re.escape(CLOSERS)}]*\\s+"
                       f"|(?<=[{FULL_WIDTH_STOPS}])[{FULL_WIDTH_STOPS}]*[{re.escape(CLOSERS)}]*\\s*|(?<=\n)\n*)")
# Scripts written without spaces between words (Chinese, Japanese; Thai, Lao, Myanmar, Khmer between
# phrases only): to the passage finder a run of their letters is not one word but its overlapping pairs of
# letters ("台风格美" -> 台风 风格 格美), so a wire copy carried by two outlets shares runs of "words" as an
# English one does, whatever the run's first letter, and two Chinese sentences share a pair only where
# they share two letters in a row. Korean writes spaces between its words and is not here.
_UNSPACED = f"{HAN_KANA}\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
_HAS_UNSPACED = re.compile(f"[{_UNSPACED}]")
_PASSAGE_WORD = re.compile(f"([{_UNSPACED}]+)|(?:(?![{_UNSPACED}])\\w)+(?:[-'’](?:(?![{_UNSPACED}])\\w)+)*")
_OPENER = re.compile(f"[{re.escape(OPENERS)}]?\\w")
_SHINGLE_MULT = np.uint64(0x100000001B3)


@dataclass(frozen=True)
class TextRules:
    """How text is cut into sentences and which words carry no content."""

    abbreviations: frozenset[str]
    stopwords: frozenset[str]
    months: frozenset[str] = frozenset()  # month names, lower case: "8." before one is a day ("am 8. September")


@dataclass(frozen=True)
class PassageRules:
    """Settings of the shared-passage search (events.yaml: passages)."""

    min_words: int = 8
    shingle: int = 4
    min_overlap: float = 0.7
    min_run: int = 8
    min_passage_words: int = 20
    max_articles: int = 50
    max_bucket: int = 12


@dataclass(frozen=True)
class SimilarityRules:
    """Settings of the article similarity search (events.yaml: similarity)."""

    min_similarity: float = 0.1
    min_words: int = 20
    keywords: int = 32
    max_bucket: int = 200
    exhaustive_below: int = 100
    min_estimate: float = 0.1
    per_article: int = 12


@dataclass(frozen=True, slots=True)
class Occurrence(Record):
    """Where one article carries a shared passage: the block it starts in and its text there."""

    article_id: str
    block_index: int  # index into Article.blocks of the first sentence
    text: str
    words: int


@dataclass(frozen=True)
class SharedPassage:
    """A passage that two or more articles carry word for word or nearly."""

    id: str
    text: str  # as the first article (by id) has it
    words: int
    occurrences: tuple[Occurrence, ...]

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({o.article_id for o in self.occurrences}))


@dataclass(frozen=True, slots=True)
class SharedPair(Record):
    """Two articles that share passages, and how much of each article the shared text is."""

    a: str
    b: str
    passages: tuple[str, ...]  # SharedPassage ids
    words_a: int
    words_b: int
    share_a: float  # shared words / words of article a
    share_b: float


@dataclass(frozen=True)
class SharedGroup:
    """Articles joined by shared passages (a connected group of pairs)."""

    articles: tuple[str, ...]
    passages: tuple[str, ...]
    words: int


@dataclass(frozen=True, slots=True)
class SimilarPair(Record):
    """Two articles whose content words overlap: IDF-weighted, over the smaller article's words."""

    a: str
    b: str
    similarity: float


@dataclass(frozen=True)
class Shared:
    """Every shared passage, the article pairs and the groups they make."""

    passages: tuple[SharedPassage, ...]
    pairs: tuple[SharedPair, ...]
    groups: tuple[SharedGroup, ...]


def words(text: str) -> list[str]:
    """The words of a text, lowercased (NFKC), hyphenated words kept whole."""
    return some_words(text, None, None)


def some_words(text: str, lo: int | None, hi: int | None) -> list[str]:
    """``words(text)[lo:hi]``, only those lowercased."""
    return lowered(words_as_written(text, lo, hi))


def words_as_written(text: str, lo: int | None, hi: int | None) -> list[str]:
    """The words ``some_words`` gives, as they are written (NFKC, not lowercased)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text))[lo:hi]


def passage_words(text: str) -> list[str]:
    """The words the passage finder compares (:func:`words`, a run of a script without spaces as its pairs
    of letters), lowercased."""
    text = unicodedata.normalize("NFKC", text)
    return lowered(_unspaced_pairs(text) if _HAS_UNSPACED.search(text) else _WORD.findall(text))


def _unspaced_pairs(text: str) -> list[str]:
    """The words of an NFKC ``text`` that holds letters of a script without spaces, as the passage finder reads them."""
    out: list[str] = []
    for match in _PASSAGE_WORD.finditer(text):
        run = match.group(1)
        if run is None:
            out.append(match.group())
        elif len(run) == 1:
            out.append(run)
        else:
            out += [run[i:i + 2] for i in range(len(run) - 1)]
    return out


def lowered(found: list[str]) -> list[str]:
    """Each word lowercased, with one lower() over them all: the same, word by word."""
    return "\0".join(found).lower().split("\0") if found else []


_MONTH_WORD = re.compile(r"[^\W\d_]+\.?")


def sentence_spans(text: str, abbreviations: frozenset[str], months: frozenset[str] = frozenset()
                   ) -> list[tuple[int, int]]:
    """Character spans of the sentences of a paragraph, surrounding spaces left out; a day's number with its
    full stop before a month's name (German, Danish, Czech, Polish ... "seit dem 8. September") ends none."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        stop, after = m.span()
        # a run of newlines always ends one; punctuation (the other kind of boundary) only before a sentence
        if text[stop] != "\n" and not _ends_sentence(text, start, stop, after, abbreviations, months):
            continue
        _add_span(text, start, after, spans)
        start = after
    _add_span(text, start, len(text), spans)
    return spans


def _ends_sentence(text: str, start: int, stop: int, after: int, abbreviations: frozenset[str],
                   months: frozenset[str] = frozenset()) -> bool:
    if not _OPENER.match(text, after):
        return False
    nxt = text[after:after + 2].lstrip("\"“‘'([")
    if nxt[:1].islower():
        return False
    before = text[start:stop].rsplit(None, 1)
    last = before[-1].lower().lstrip("\"“‘'([") if before else ""
    if last in abbreviations:
        return False
    if months and last.isdigit() and len(last) <= 2 and text[stop] == ".":
        word = _MONTH_WORD.match(text, after)
        if word is not None and word.group().lower() in months:
            return False
    return not (len(last) == 1 and last.isalpha())  # an initial: "J. Smith"


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        spans.append((start + lead, start + len(piece.rstrip())))


def token_hashes(tokens: Sequence[str], cache: dict[str, int]) -> list[int]:
    """A stable 32-bit hash for each token (CRC-32 of its UTF-8), cached by token."""
    for t in set(tokens).difference(cache):
        cache[t] = zlib.crc32(t.encode("utf-8"))
    return list(map(cache.__getitem__, tokens))


def _shingles(flat: U32 | U64, lengths: Sequence[int], k: int) -> tuple[U32, list[int]]:
    """The 32-bit hashes of every k-word shingle of each unit, and how many each unit has.

    The units' word hashes are laid end to end in ``flat``, ``lengths`` long; they are hashed (as 64-bit
    numbers) a bounded slice of units at a time. A unit shorter than k words gives one shingle of all its words.
    """
    ends = np.cumsum(np.asarray(lengths, dtype=np.int64))
    cuts = [0, *np.searchsorted(ends, np.arange(_CHUNK, int(ends[-1]) if len(ends) else 0, _CHUNK),
                                side="right").tolist(), len(lengths)]
    counts = [max(1, n - k + 1) if n else 0 for n in lengths]
    # filled slice by slice: the slices' hashes and their concatenation were never held beside each other
    # (at 10,000 articles 28 MB each, at the story pass's peak)
    out = np.empty(sum(counts), dtype=np.uint32)
    at = 0
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        if hi > lo:
            first = int(ends[lo - 1]) if lo else 0
            hashes, _ = _slice_shingles(flat[first:int(ends[hi - 1])].astype(np.uint64), lengths[lo:hi], k)
            out[at:at + len(hashes)] = hashes
            at += len(hashes)
    assert at == len(out)
    return out, counts


def _slice_shingles(flat: U64, lengths: Sequence[int], k: int) -> tuple[U32, list[int]]:
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    counts = [max(1, n - k + 1) if n else 0 for n in lengths]
    n = len(flat)
    acc = flat.copy()
    valid = np.ones(n, dtype=bool)
    ends = np.repeat(offsets[1:], lengths)  # for each word, the end of its unit
    positions = np.arange(n, dtype=np.int64)
    with np.errstate(over="ignore"):
        for j in range(1, k):
            shifted = np.zeros(n, dtype=np.uint64)
            shifted[: max(0, n - j)] = flat[j:]
            inside = positions + j < ends
            acc = np.where(inside, acc * _SHINGLE_MULT + shifted, acc)
            valid &= inside
    short = np.zeros(n, dtype=bool)
    sizes = np.asarray(lengths, dtype=np.int64)
    short[offsets[:-1][(sizes > 0) & (sizes < k)]] = True
    keep = valid | short
    folded = (acc ^ (acc >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
    return folded[keep].astype(np.uint32), counts


@functools.lru_cache(maxsize=64)
def pair_indices(size: int) -> tuple[I64, I64]:
    """The positions (i, j), i < j, of every pair among ``size`` items: ``np.triu_indices``, kept per size."""
    left, right = np.triu_indices(size, k=1)
    left.flags.writeable = right.flags.writeable = False
    return left, right


def distinct(values: npt.NDArray[Any]) -> tuple[npt.NDArray[Any], I64]:
    """The sorted distinct values of an array and how often each occurs.

    ``np.sort`` and a comparison of neighbours: numpy 2's ``np.unique`` takes a hash-based path that
    is some fifteen times slower on millions of 64-bit integers.
    """
    ordered = np.sort(values)
    if not len(ordered):
        return ordered, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return ordered[starts], np.diff(np.append(starts, len(ordered))).astype(np.int64)


def shared_shape(words_a: set[str], words_b: set[str], rules: PassageRules) -> bool:
    """Whether two candidate sentences are one passage, from their word sets.

    They must have ``min_words`` words and ``min_overlap`` of the shorter one's distinct words in
    common. That they share the rare shingles of a run of ``min_run`` words (copied text: sentences cut
    from one template, "X said that Y remains a priority for Z", share only common shingles and short
    runs) is not tested here: :func:`_candidates` forms no other pair.
    """
    same = len(words_a & words_b)
    return same >= rules.min_words and same >= rules.min_overlap * min(len(words_a), len(words_b))


@dataclass(frozen=True)
class _Sentence:
    article_id: str
    block_index: int
    seq: int  # position among the article's sentences
    words: int


def sentence_table(article: Article, text: TextRules,
                   spans: Sequence[Sequence[tuple[int, int]]] | None = None) -> SentenceTable:
    """The article's sentences and the CRC-32 of their words (see :class:`~warta.model.SentenceTable`).

    ``spans``: the :func:`sentence_spans` of every block, when they are already known.
    """
    return _sentence_words(article, text, spans).table()


def sentences_and_content(article: Article, text: TextRules,
                          spans: Sequence[Sequence[tuple[int, int]]] | None = None,
                          ) -> tuple[SentenceTable, frozenset[str]]:
    """:func:`sentence_table` and :func:`content_words` of an article, its text's words read once.

    The words of a block are those of its sentences: :func:`sentence_spans` cut it into pieces that
    differ from its sentences only by white space, which no word holds and NFKC neither changes into
    a word character nor joins to its neighbours. ``spans``: the :func:`sentence_spans` of every block.
    """
    table, content, _ = sentences_content_and_words(article, text, spans)
    return table, content


def sentences_content_and_words(article: Article, text: TextRules,
                                spans: Sequence[Sequence[tuple[int, int]]] | None = None,
                                ) -> tuple[SentenceTable, frozenset[str], list[tuple[int, list[str]]]]:
    """:func:`sentences_and_content`, and the words of each sentence as written (its block's index, and
    ``words_as_written`` of the sentence), for a reader of the same sentences not to find them again."""
    found = _sentence_words(article, text, spans)
    toks = set(found.words if found.content is None else found.content)
    toks.update(words(article.title))
    return found.table(), _content(toks, text), found.written


@dataclass(frozen=True)
class _SentenceWords:
    """An article's sentences (block index, start, end, laid end to end), where each one's words end, the words."""

    bounds: list[int]
    ends: list[int]
    words: list[str]  # as the passage finder reads them (:func:`passage_words`)
    content: list[str] | None = None  # the words (:func:`words`) when they are not ``words``
    written: list[tuple[int, list[str]]] = field(default_factory=list)  # per sentence: block, words as written

    def table(self) -> SentenceTable:
        return SentenceTable(np.array(self.bounds, dtype=np.int32).tobytes(),
                             np.array(self.ends, dtype=np.int32).tobytes(),
                             np.array(token_hashes(self.words, {}), dtype=np.uint32).tobytes())


def _sentence_words(article: Article, text: TextRules,
                    spans: Sequence[Sequence[tuple[int, int]]] | None) -> _SentenceWords:
    """The :func:`words` of each sentence of the article, lowercased all at once (as :func:`words` does)."""
    bounds: list[int] = []
    ends: list[int] = []
    found: list[str] = []
    content: list[str] | None = None  # the words, where a run of a script without spaces is one
    written: list[tuple[int, list[str]]] = []  # each sentence's words as written (NFKC: words_as_written)
    normalize = unicodedata.normalize
    for index, block in enumerate(article.blocks):
        body = block.text
        plain = body.isascii()  # ASCII text is its own NFKC
        unspaced = not plain and _HAS_UNSPACED.search(body) is not None
        for start, end in spans[index] if spans is not None else sentence_spans(body, text.abbreviations, text.months):
            piece = body[start:end]
            if unspaced:
                if content is None:
                    content = found.copy()
                piece = normalize("NFKC", piece)
                found += _unspaced_pairs(piece)
                words_of = _WORD.findall(piece)
                content += words_of
                written.append((index, words_of))
                bounds += (index, start, end)
                ends.append(len(found))
                continue
            words_of = _WORD.findall(piece if plain else normalize("NFKC", piece))
            found += words_of
            if content is not None:
                content += words_of
            written.append((index, words_of))
            bounds += (index, start, end)
            ends.append(len(found))
    return _SentenceWords(bounds, ends, lowered(found), lowered(content) if content is not None else None, written)


@dataclass(frozen=True)
class _Corpus:
    """The sentences of all articles (by id), numbered in that order, with the hashes of their words."""

    articles: Sequence[Article]
    article: I64  # per sentence: its article's position in ``articles``
    bounds: I32  # per sentence: block index, start, end
    seq: I64  # per sentence: its position among its article's sentences
    lengths: I64  # per sentence: how many words
    tokens: U32  # every word's hash, sentence after sentence

    @classmethod
    def of(cls, articles: Sequence[Article], tables: Sequence[SentenceTable]) -> _Corpus:
        per = np.array([len(t.word_ends) // 4 for t in tables], dtype=np.int64)
        ends = np.frombuffer(b"".join(t.word_ends for t in tables), dtype=np.int32).astype(np.int64)
        article = np.repeat(np.arange(len(tables), dtype=np.int64), per)
        first = (np.cumsum(per) - per)[per > 0]  # each article's first sentence
        before = np.concatenate(([0], ends[:-1])) if len(ends) else ends  # the words of the article before it
        before[first] = 0
        return cls(articles, article, np.frombuffer(b"".join(t.bounds for t in tables), dtype=np.int32).reshape(-1, 3),
                   np.arange(len(ends), dtype=np.int64) - np.repeat(first, per[per > 0]), ends - before,
                   np.frombuffer(b"".join(t.words for t in tables), dtype=np.uint32))

    def text(self, i: int) -> str:
        return self.texts([i])[0]

    def texts(self, chosen: Sequence[int]) -> list[str]:
        """The text of each chosen sentence."""
        index = np.asarray(chosen, dtype=np.int64)
        return [self.articles[a].blocks[block].text[start:end] for a, (block, start, end) in
                zip(self.article[index].tolist(), self.bounds[index].tolist(), strict=True)]

    def sentences(self, chosen: Sequence[int]) -> list[_Sentence]:
        """Each chosen sentence as a record (its text apart: :meth:`texts`)."""
        index = np.asarray(chosen, dtype=np.int64)
        return list(map(_Sentence, [self.articles[a].id for a in self.article[index].tolist()],
                        self.bounds[index, 0].tolist(), self.seq[index].tolist(), self.lengths[index].tolist()))


class _Union:
    """Union-find over 0..n-1 with path halving; the smaller root wins, so results are stable."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)


def _rare_postings(hashes: U32, counts: Sequence[int], max_units: int) -> tuple[U64, U64]:
    """(shingle, unit) for each distinct shingle of a unit that 2 to ``max_units`` units have, by shingle.

    A shingle that more units have is common text (a template frame, boilerplate) and a shingle no
    other unit has cannot link two units: neither can make a candidate pair. The shingles are sorted
    a block of hash values at a time (by their top bits), each block about ``_CHUNK`` of them, so that
    the 64-bit (shingle, unit) numbers of the whole corpus are never all held at once.
    """
    bits = max(0, math.ceil(math.log2(max(1, len(hashes)) / _CHUNK)))
    shingles: list[U64] = []
    units: list[U64] = []
    # each shingle's unit, and its block (the top bits of its hash, a byte), found once for all blocks
    unit = np.repeat(np.arange(len(counts), dtype=np.uint32), counts)
    top = (hashes >> np.uint32(32 - bits)).astype(np.uint8 if bits <= 8 else np.uint32) if bits else None
    for block in range(1 << bits):
        if top is not None:
            at = np.flatnonzero(top == block)
            code = (hashes[at].astype(np.uint64) << np.uint64(32)) | unit[at].astype(np.uint64)
        else:
            code = (hashes.astype(np.uint64) << np.uint64(32)) | unit.astype(np.uint64)
        code = distinct(code)[0]  # by shingle, then unit
        shingle = code >> np.uint64(32)
        first = np.concatenate(([True], shingle[1:] != shingle[:-1])) if len(code) else np.zeros(0, dtype=bool)
        starts = np.flatnonzero(first)
        sizes = np.diff(np.append(starts, len(code)))
        keep = np.repeat((sizes >= 2) & (sizes <= max_units), sizes)
        shingles.append(shingle[keep])
        units.append(code[keep] & np.uint64(0xFFFFFFFF))
    return np.concatenate(shingles), np.concatenate(units)


def _linked(shingle: U64, unit: U64, n: int, need: int) -> list[tuple[int, int]]:
    """The pairs (x < y, in order) of n units that share at least ``need`` of these postings' shingles.

    Each shingle has at most a few units, so the pairs formed through it are few: they are counted
    with numpy (sorting, never a Python loop per pair).
    """
    if not len(shingle):
        return []
    starts = np.flatnonzero(np.concatenate(([True], shingle[1:] != shingle[:-1])))
    sizes = np.diff(np.append(starts, len(shingle)))
    units = unit.astype(np.int64)
    codes: list[I64] = []
    for size in sorted(set(sizes.tolist())):
        rows = units[starts[sizes == size][:, None] + np.arange(size)]  # ascending within a row
        left, right = pair_indices(size)
        codes.append((rows[:, left] * n + rows[:, right]).ravel())
    pairs, shared = distinct(np.concatenate(codes))
    linked = pairs[shared >= need]
    return list(zip((linked // n).tolist(), (linked % n).tolist(), strict=True))


def _candidates(flat: U32 | U64, lengths: Sequence[int], rules: PassageRules) -> list[tuple[int, int]]:
    """Pairs of distinct sentences (x < y) worth comparing word by word, in order.

    The sentences' word hashes are laid end to end in ``flat``, ``lengths`` long. A pair is a
    candidate when its sentences share the rare ``shingle``-word runs of a run of ``min_run`` words
    (``need`` shingles); a run that more than ``max_bucket`` sentences have is common text (see
    :func:`_rare_postings`) and links nothing. The pairs are counted exactly through the postings of
    the rare shingles, each of which has a few sentences at most, so no pair is formed outside such a
    bucket and the work grows with the text. The run requirement is enforced here, and only here:
    :func:`shared_shape` does not test it again.
    """
    if len(lengths) < 2:
        return []
    hashes, counts = _shingles(flat, lengths, rules.shingle)
    # Each let go of as soon as it has served (a caller that passes ``flat`` alone lets it go here): at
    # 10,000 articles the words, their shingles and the postings were each 28 MB or more of the story pass's peak.
    del flat
    need = max(1, rules.min_run - rules.shingle + 1)
    shingle, unit = _rare_postings(hashes, counts, rules.max_bucket)
    del hashes, counts
    return _linked(shingle, unit, len(lengths), need)


def shared_passages(articles: Sequence[Article], text: TextRules, rules: PassageRules,
                    sentences: Mapping[str, SentenceTable] | None = None) -> Shared:
    """Find the passages that two or more articles share, and the pairs and groups they make.

    ``sentences`` gives the :func:`sentence_table` of articles (by id) already worked out.
    """
    ordered = sorted(articles, key=lambda x: x.id)
    tables = []
    for a in ordered:
        known = sentences.get(a.id) if sentences is not None else None
        tables.append(known if known is not None else sentence_table(a, text))
    corpus = _Corpus.of(ordered, tables)
    keys, repeats = _distinct_sentences(corpus, rules.min_words)
    token_words: dict[int, set[str]] = {}

    def word_set(d: int) -> set[str]:
        if d not in token_words:
            token_words[d] = set(passage_words(corpus.text(int(keys[d]))))
        return token_words[d]

    union = _Union(len(keys))
    joined: set[int] = set(repeats)  # the sentences a cluster of more than one sentence can hold
    lengths = corpus.lengths[keys]
    # the distinct sentences' words laid end to end, held by _candidates alone (which lets them go once hashed)
    for x, y in _candidates(corpus.tokens[np.repeat(_mask(keys, len(corpus.lengths)), corpus.lengths)],
                            lengths.tolist(), rules):
        if shared_shape(word_set(x), word_set(y), rules):
            union.union(x, y)
            joined.update((x, y))
    clusters: dict[int, list[int]] = defaultdict(list)
    for d in sorted(joined):
        clusters[union.find(d)].extend(repeats.get(d, [int(keys[d])]))
    ids = [a.id for a in ordered]
    several = [sentence_ids for sentence_ids in clusters.values() if len(sentence_ids) >= 2]
    owners = corpus.article[np.array([i for c in several for i in c], dtype=np.int64)].tolist()
    chosen = []
    for sentence_ids, end in zip(several, accumulate(map(len, several)), strict=True):
        if 2 <= len({ids[a] for a in owners[end - len(sentence_ids):end]}) <= rules.max_articles:
            chosen.append(sentence_ids)
    held = [i for c in chosen for i in c]
    shown = dict(zip(held, corpus.sentences(held), strict=True))
    if len(set(ids)) == len(ids):  # sentences are numbered by article id, then place: that order is theirs
        fragments = [sorted(c) for c in chosen]
    else:
        fragments = [sorted(c, key=lambda i: (shown[i].article_id, shown[i].seq)) for c in chosen]
    # a passage's words are those of its first article's sentences: only a long enough one is made
    runs = [run for run in _join_runs(fragments, shown) if _first_words(run, shown) >= rules.min_passage_words]
    needed = [i for run in runs for i in run]
    texts = dict(zip(needed, corpus.texts(needed), strict=True))
    passages = tuple(sorted((_passage(run, shown, texts) for run in runs),
                            key=lambda p: (p.occurrences[0].article_id, p.occurrences[0].block_index, p.id)))
    totals: dict[str, int] = defaultdict(int)
    for a, t in zip(ordered, tables, strict=True):
        totals[a.id] += len(t.words) // 4
    pairs = _pairs(passages, {a.id: max(1, totals[a.id]) for a in articles})
    return Shared(passages, pairs, _groups(pairs, passages))


def _mask(chosen: I64, n: int) -> npt.NDArray[np.bool_]:
    mask = np.zeros(n, dtype=bool)
    mask[chosen] = True
    return mask


def _distinct_sentences(corpus: _Corpus, min_words: int) -> tuple[I64, dict[int, list[int]]]:
    """The sentences of at least ``min_words`` words that are not a word-for-word repeat of an earlier one,
    and for each of them that has repeats, every sentence with the same words (itself first).

    Sentences are told apart by the hashes of their words; two with the same hashes are compared word
    by word (unless their text is the same), so a CRC-32 collision never makes two sentences one. The
    hashes of a sentence are first summed up into one 64-bit number (:func:`_fingerprints`): only the
    sentences whose number another one has are looked at one by one.
    """
    long = np.flatnonzero(corpus.lengths >= min_words)
    prints = _fingerprints(corpus, long)
    ordered = np.argsort(prints, kind="stable")
    same = prints[ordered][1:] == prints[ordered][:-1]
    twin = np.zeros(len(long), dtype=bool)  # another sentence has the same fingerprint
    twin[ordered[1:][same]] = True
    twin[ordered[:-1][same]] = True
    del prints, ordered, same
    first: dict[bytes, int] = {}  # a sentence's word hashes -> the first sentence that has them
    exact: dict[tuple[str, ...], int] = {}
    repeated: list[int] = []  # sentences that repeat an earlier one
    repeats: dict[int, list[int]] = {}  # by sentence, then by its place among the distinct ones
    spelled: dict[int, tuple[str, ...]] = {}

    def spelling(i: int) -> tuple[str, ...]:
        if i not in spelled:
            spelled[i] = tuple(passage_words(text(i)))
        return spelled[i]

    data = corpus.tokens
    ends = np.cumsum(corpus.lengths).tolist()
    twins = long[twin].tolist()
    text = dict(zip(twins, corpus.texts(twins), strict=True)).__getitem__
    for i in twins:
        key = data[ends[i] - int(corpus.lengths[i]):ends[i]].tobytes()
        d = first.get(key)
        if d is not None and text(i) != text(d) and spelling(i) != spelling(d):
            d = exact.get(spelling(i))
            if d is None:
                exact[spelling(i)] = i
        if d is None:
            first.setdefault(key, i)
        else:
            repeats.setdefault(d, [d]).append(i)
            repeated.append(i)
    keys = np.setdiff1d(long, np.array(repeated, dtype=np.int64), assume_unique=True)
    places = np.searchsorted(keys, np.array(list(repeats), dtype=np.int64)).tolist()
    return keys, dict(zip(places, repeats.values(), strict=True))


def _fingerprints(corpus: _Corpus, chosen: I64) -> U64:
    """For each chosen sentence, one 64-bit number of its words' hashes: the same words, the same number.

    A polynomial in the hashes (wrapping around at 2**64) plus the number of words, worked out a bounded
    number of words at a time.
    """
    out = np.zeros(len(chosen), dtype=np.uint64)
    lengths = corpus.lengths[chosen]
    starts = np.cumsum(corpus.lengths) - corpus.lengths
    most = int(lengths.max()) if len(lengths) else 0
    with np.errstate(over="ignore"):
        powers = np.cumprod(np.full(max(1, most), _SHINGLE_MULT, dtype=np.uint64))
        total = np.cumsum(lengths)
        cuts = [0, *np.searchsorted(total, np.arange(_CHUNK, int(total[-1]) if len(total) else 0, _CHUNK),
                                    side="right").tolist(), len(chosen)]
        for lo, hi in zip(cuts, cuts[1:], strict=False):
            if hi <= lo:
                continue
            sizes = lengths[lo:hi]
            offsets = np.cumsum(sizes) - sizes
            place = np.arange(int(sizes.sum()), dtype=np.int64) - np.repeat(offsets, sizes)
            at = np.repeat(starts[chosen[lo:hi]], sizes) + place
            terms = corpus.tokens[at].astype(np.uint64) * powers[place]
            some = sizes > 0  # reduceat would give an empty sentence the next one's first word
            out[lo:hi] = sizes.astype(np.uint64)
            out[lo:hi][some] += np.add.reduceat(terms, offsets[some]) if len(terms) else np.uint64(0)
    return out


def _join_runs(fragments: list[list[int]], sentences: Mapping[int, _Sentence]) -> list[list[int]]:
    """Join fragments that follow each other in every article that carries them into one passage: its
    sentences, in the order of its first fragment's first sentence (article id, place)."""
    at: dict[tuple[str, int], int] = {}
    for f, ids in enumerate(fragments):
        for i in ids:
            at[(sentences[i].article_id, sentences[i].seq)] = f
    order = sorted(range(len(fragments)), key=lambda f: _first(fragments[f], sentences))
    used: set[int] = set()
    runs: list[list[int]] = []
    for f in order:
        if f in used:
            continue
        run = [f]
        used.add(f)
        while True:
            last = fragments[run[-1]]
            nxt = {at.get((sentences[i].article_id, sentences[i].seq + 1)) for i in last}
            arts = {sentences[i].article_id for i in last}
            if len(nxt) != 1:
                break
            g = nxt.pop()
            if g is None or g in used or {sentences[i].article_id for i in fragments[g]} != arts:
                break
            run.append(g)
            used.add(g)
        runs.append([i for g in run for i in fragments[g]])
    return runs


def _first(ids: list[int], sentences: Mapping[int, _Sentence]) -> tuple[str, int]:
    return min((sentences[i].article_id, sentences[i].seq) for i in ids)


def _first_words(ids: Sequence[int], sentences: Mapping[int, _Sentence]) -> int:
    """The words of the passage of sentences ``ids``: those of its first article's (by id)."""
    first = min(sentences[i].article_id for i in ids)
    return sum(sentences[i].words for i in ids if sentences[i].article_id == first)


def _passage(ids: Iterable[int], sentences: Mapping[int, _Sentence], texts: Mapping[int, str]) -> SharedPassage:
    """The passage of sentences ``ids``; ``texts``: the text of each."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for i in ids:
        by_article[sentences[i].article_id].append(i)
    occurrences = []
    for article_id in sorted(by_article):
        parts = sorted(by_article[article_id], key=lambda i: sentences[i].seq)
        occurrences.append(Occurrence(article_id, sentences[parts[0]].block_index,
                                      " ".join(map(texts.__getitem__, parts)), sum(sentences[i].words for i in parts)))
    first = occurrences[0]
    ident = "p-" + hashlib.sha1(first.text.encode("utf-8")).hexdigest()[:10]
    return SharedPassage(ident, first.text, first.words, tuple(occurrences))


def _pairs(passages: Sequence[SharedPassage], totals: dict[str, int]) -> tuple[SharedPair, ...]:
    ids: dict[tuple[str, str], list[str]] = defaultdict(list)
    amount: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for p in passages:
        per_article: dict[str, int] = defaultdict(int)
        for o in p.occurrences:
            per_article[o.article_id] += o.words
        for a, b in combinations(sorted(per_article), 2):
            ids[(a, b)].append(p.id)
            amount[(a, b)][0] += per_article[a]
            amount[(a, b)][1] += per_article[b]
    out = []
    for (a, b), passage_ids in sorted(ids.items()):
        ta, tb = totals.get(a, 1), totals.get(b, 1)
        wa, wb = min(amount[(a, b)][0], ta), min(amount[(a, b)][1], tb)
        out.append(SharedPair(a, b, tuple(passage_ids), wa, wb, round(wa / ta, 3), round(wb / tb, 3)))
    return tuple(out)


def _groups(pairs: Sequence[SharedPair], passages: Sequence[SharedPassage]) -> tuple[SharedGroup, ...]:
    ids = sorted({x for p in pairs for x in (p.a, p.b)})
    index = {a: i for i, a in enumerate(ids)}
    union = _Union(len(ids))
    for p in pairs:
        union.union(index[p.a], index[p.b])
    members: dict[int, list[str]] = defaultdict(list)
    for a in ids:
        members[union.find(index[a])].append(a)
    held: dict[int, list[SharedPassage]] = defaultdict(list)  # a passage's articles are all in one group
    for passage in passages:
        first = passage.occurrences[0].article_id
        if first in index:
            held[union.find(index[first])].append(passage)
    groups = []
    for root, arts in members.items():
        ps = held[root]
        groups.append(SharedGroup(tuple(arts), tuple(p.id for p in ps), sum(p.words for p in ps)))
    return tuple(sorted(groups, key=lambda g: (-len(g.articles), -g.words, g.articles)))


def content_words(article: Article, text: TextRules) -> frozenset[str]:
    """The article's words that carry content: no stop words, no numbers, at least three letters."""
    return _content(set(words(article.title + "\n" + "\n".join(b.text for b in article.blocks))), text)


def _content(toks: set[str], text: TextRules) -> frozenset[str]:
    """The content words among an article's words."""
    return frozenset(t for t in toks - text.stopwords if len(t) >= 3 and no_digit(t))


def no_digit(token: str) -> bool:
    """Whether a token has no digit (a letter is never a digit: most tokens are settled in C)."""
    return token.isalpha() or not any(c.isdigit() for c in token)


@dataclass(frozen=True)
class PairState:
    """What :func:`scored_pairs` found, kept for the next build (storycache): the candidate pairs and their
    scores, with the inputs they depend on.

    The candidates are a function of the articles' ids and keywords alone (``candidates``: a digest of
    both). A candidate's score reads only the two articles' content words and the IDF of those words, and
    an IDF changes only with a word's document frequency (``df``) or the number of articles, which the
    ids fix: a pair of articles whose content words are the same (``digests``) and hold no word whose
    frequency changed scores what it scored, to the last bit (its words are summed in the same order).
    """

    candidates: str
    digests: bytes  # 8 bytes of BLAKE2b of each article's content words, the articles by id
    df: Mapping[str, int]
    x: I64  # each candidate pair's articles, as positions among the articles by id
    y: I64
    score: npt.NDArray[np.float64]  # each candidate's similarity, unrounded (NaN: neither article weighs anything)


def similar_pairs(articles: Sequence[Article], text: TextRules, rules: SimilarityRules,
                  content: Mapping[str, str] | None = None) -> tuple[SimilarPair, ...]:
    """Pairs of articles whose distinctive words overlap, found through an inverted index of their keywords.

    An article's keywords are its ``keywords`` content words of highest IDF among the words at least
    two articles use. Candidates from the keyword buckets are scored by the IDF-weighted overlap of all their
    content words over the smaller article's (words every article uses weigh nothing), and kept from
    ``min_similarity`` on. Below ``exhaustive_below`` articles every pair is scored: keywords need a
    corpus to be distinctive against. ``content`` gives the :func:`content_words` of articles (by id)
    already worked out, sorted and separated by spaces. Words are numbered and pairs scored with numpy: no set of
    words per article, no Python per pair.
    """
    return scored_pairs(articles, text, rules, content)[0]


def scored_pairs(articles: Sequence[Article], text: TextRules, rules: SimilarityRules,
                 content: Mapping[str, str] | None = None, before: PairState | None = None,
                 ) -> tuple[tuple[SimilarPair, ...], PairState]:
    """:func:`similar_pairs`, and what it found for the next build; ``before``: what the last build found,
    whose candidates and scores are taken again where their inputs are the same (see :class:`PairState`)."""
    ordered = sorted(articles, key=lambda a: a.id)
    index: dict[str, int] = {}  # word -> its number
    parts: list[I64] = []
    digests = bytearray()
    for a in ordered:
        known = content.get(a.id) if content is not None else None
        said = known.split() if known is not None else sorted(content_words(a, text))
        digests += hashlib.blake2b((" ".join(said) if known is None else known).encode("utf-8", "surrogatepass"),
                                   digest_size=8).digest()
        new = sorted(set(said).difference(index))  # in the order they come: an article's words are sorted
        index.update(zip(new, range(len(index), len(index) + len(new)), strict=True))
        parts.append(np.fromiter(map(index.__getitem__, said), dtype=np.int64, count=len(said)))
    n, vocabulary = len(ordered), max(1, len(index))
    ids = tuple(a.id for a in ordered)
    code = np.repeat(np.arange(n, dtype=np.int64), [len(p) for p in parts]) * vocabulary
    code += np.concatenate(parts or [np.zeros(0, dtype=np.int64)])
    del parts
    code.sort()
    code = code[np.concatenate(([True], code[1:] != code[:-1]))] if len(code) else code  # each word once
    terms = code % vocabulary  # each article's words, ascending
    ends = np.searchsorted(code // vocabulary, np.arange(n, dtype=np.int64), side="right")
    del code
    sizes = np.diff(ends, prepend=0)
    df = np.bincount(terms, minlength=vocabulary).tolist()
    words_ = list(index)
    frequency = dict(zip(words_, df, strict=False))
    idf = [math.log((n + 1) / c) if c else 0.0 for c in df]
    ranked = sorted((t for t, c in enumerate(df) if c >= 2), key=lambda t: (-idf[t], words_[t]))  # keywords first
    rank = np.full(vocabulary + 1, len(ranked), dtype=np.int64)
    rank[ranked] = np.arange(len(ranked), dtype=np.int64)
    # each article's words by rank: its first ``keywords`` ranked ones are its keywords
    by_rank = np.sort(np.repeat(np.arange(n, dtype=np.int64), sizes) * (len(ranked) + 1) + rank[terms])
    place = by_rank % (len(ranked) + 1)
    nth = np.arange(len(by_rank), dtype=np.int64) - np.repeat(ends - sizes, sizes)
    picked = (nth < rules.keywords) & (place < len(ranked))
    count = np.bincount(np.repeat(np.arange(n, dtype=np.int64), sizes)[picked], minlength=n).tolist()
    chosen = [words_[t] for t in np.asarray(ranked, dtype=np.int64)[place[picked]].tolist()] if ranked else []
    del by_rank, place, nth, picked
    keywords = [chosen[end - c:end] for c, end in zip(count, accumulate(count), strict=True)]
    usable = [i for i in range(n) if int(sizes[i]) >= rules.min_words and keywords[i]]
    candidates = _candidates_key(ids, usable, keywords, rules)
    if before is not None and before.candidates == candidates:
        x, y = before.x, before.y
    elif len(usable) < 2:
        x = y = np.zeros(0, dtype=np.int64)
    else:
        if len(usable) <= rules.exhaustive_below:
            pairs: Sequence[tuple[int, int]] = list(combinations(range(len(usable)), 2))
        else:
            pairs = keyword_candidates([keywords[i] for i in usable], rules)
        chosen_ = np.asarray(usable, dtype=np.int64)
        x = chosen_[np.array([p[0] for p in pairs], dtype=np.int64)]
        y = chosen_[np.array([p[1] for p in pairs], dtype=np.int64)]
    weight = np.array(idf, dtype=np.float64)
    again = _to_score(x, y, before, candidates, bytes(digests), frequency, terms, ends)
    sim = before.score.copy() if again is not None and before is not None else np.zeros(len(x), dtype=np.float64)
    redo = np.arange(len(x), dtype=np.int64) if again is None else np.flatnonzero(again)
    if len(redo):
        xs, ys = x[redo], y[redo]
        mass = np.bincount(np.repeat(np.arange(n, dtype=np.int64), sizes), weights=weight[terms], minlength=n)
        smaller = np.minimum(mass[xs], mass[ys])
        sim[redo] = np.where(smaller > 0, _overlaps(xs, ys, terms, ends, weight) / np.where(smaller > 0, smaller, 1.0),
                             np.nan)
    same = before is not None and before.candidates == candidates and before.digests == digests
    state = before if same and before is not None else PairState(candidates, bytes(digests), frequency, x, y, sim)
    ok = sim >= rules.min_similarity
    return tuple(SimilarPair(ids[i], ids[j], round(v, 3)) for i, j, v in
                 zip(x[ok].tolist(), y[ok].tolist(), sim[ok].tolist(), strict=True)), state


def _candidates_key(ids: Sequence[str], usable: Sequence[int], keywords: Sequence[Sequence[str]],
                    rules: SimilarityRules) -> str:
    """A digest of everything the candidate pairs are made from: the ids, the usable articles' keywords, the rules."""
    digest = hashlib.sha256(repr(rules).encode())
    digest.update("\0".join(ids).encode("utf-8", "surrogatepass"))
    for i in usable:
        digest.update(b"\1%d\2" % i + "\0".join(keywords[i]).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _to_score(x: I64, y: I64, before: PairState | None, candidates: str, digests: bytes,
              frequency: Mapping[str, int], terms: I64, ends: I64) -> npt.NDArray[np.bool_] | None:
    """Which candidates must be scored again (None: all of them): those of an article whose content words
    changed or hold a word whose document frequency changed since ``before``; ``frequency``: each word's,
    in the order of the words' numbers (``terms``)."""
    if before is None or before.candidates != candidates or len(before.digests) != len(digests):
        return None
    n = len(digests) // 8
    changed = np.frombuffer(digests, dtype=np.uint64) != np.frombuffer(before.digests, dtype=np.uint64)
    old = before.df
    moved = np.fromiter((old.get(w, 0) != c for w, c in frequency.items()), dtype=bool, count=len(frequency))
    if moved.any():
        owner = np.repeat(np.arange(n, dtype=np.int64), np.diff(ends, prepend=0))
        changed |= np.bincount(owner[moved[terms]], minlength=n) > 0
    again: npt.NDArray[np.bool_] = changed[x] | changed[y]
    return again


def _overlaps(x: I64, y: I64, terms: I64, ends: I64, weight: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """For each pair (x[k], y[k]), the summed weight of the terms both have; article i's terms are
    ``terms[ends[i - 1]:ends[i]]``, at least one. One article x at a time: its weights laid out densely,
    the terms of all its partners looked up at once."""
    out = np.zeros(len(x), dtype=np.float64)
    if not len(x):
        return out
    dense = np.zeros(len(weight), dtype=np.float64)
    starts = ends - np.diff(ends, prepend=0)
    by = np.argsort(x, kind="stable")
    xs = x[by]
    cuts = np.flatnonzero(np.concatenate(([True], xs[1:] != xs[:-1], [True]))).tolist()
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        i = int(xs[lo])
        mine = terms[starts[i]:ends[i]]
        dense[mine] = weight[mine]
        partners = y[by[lo:hi]]
        sizes = ends[partners] - starts[partners]
        out[by[lo:hi]] = np.add.reduceat(dense[terms[_spans(starts[partners], sizes)]], np.cumsum(sizes) - sizes)
        dense[mine] = 0.0
    return out


def _spans(starts: I64, sizes: I64) -> I64:
    """The positions ``starts[k]`` to ``starts[k] + sizes[k]`` of every span k, span after span."""
    return np.repeat(starts - (np.cumsum(sizes) - sizes), sizes) + np.arange(int(sizes.sum()), dtype=np.int64)


def keyword_candidates(keywords: Sequence[Sequence[str]], rules: SimilarityRules) -> list[tuple[int, int]]:
    """The pairs (x < y) worth scoring: each article's ``per_article`` best by keyword Jaccard.

    Pairs come from an inverted index of the keywords. A keyword that at most ``max_bucket`` articles
    have pairs them all; one that more have is common, and pairs each of its articles with the next
    in a fixed pseudo-random order only, so the work grows with the articles, not with their square.
    Pairs whose keyword sets overlap less than ``min_estimate`` (Jaccard) are dropped; ties go to the
    lower article number.
    """
    sets = [frozenset(ks) for ks in keywords]
    vocab: dict[str, int] = {}
    owner: list[int] = []
    term: list[int] = []
    for i, ks in enumerate(sets):
        for w in sorted(ks):
            owner.append(i)
            term.append(vocab.setdefault(w, len(vocab)))
    n = len(sets)
    if n < 2 or not term:
        return []
    items = np.array(owner, dtype=np.int64)
    terms = np.array(term, dtype=np.int64)
    with np.errstate(over="ignore"):
        mixed = (items.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ (terms.astype(np.uint64) << np.uint64(40))
    common = np.bincount(terms, minlength=len(vocab)) > rules.max_bucket
    order = np.lexsort((np.where(common[terms], mixed, items.astype(np.uint64)), terms))
    items, terms = items[order], terms[order]
    starts = np.flatnonzero(np.concatenate(([True], terms[1:] != terms[:-1])))
    sizes = np.diff(np.append(starts, len(terms)))
    rare = ~common[terms[starts]]
    found: list[I64] = []
    for size in sorted({int(v) for v in sizes[rare].tolist() if v >= 2}):
        rows = items[starts[(sizes == size) & rare][:, None] + np.arange(size)]
        left, right = pair_indices(size)
        found.append((rows[:, left] * n + rows[:, right]).ravel())
    rare_codes, rare_shared = distinct(np.concatenate(found)) if found else (np.zeros(0, dtype=np.int64),) * 2
    linked = common[terms[:-1]] & (terms[:-1] == terms[1:])  # neighbours in a common keyword's order
    x, y = items[:-1][linked], items[1:][linked]
    codes = distinct(np.concatenate((rare_codes, np.minimum(x, y) * n + np.maximum(x, y))))[0]
    x, y = codes // n, codes % n
    shared = np.zeros(len(codes), dtype=np.int64)  # keywords in common: the rare ones counted above
    shared[np.searchsorted(codes, rare_codes)] = rare_shared
    shared += _common_shared(items, terms, common, n, x, y)
    count = np.array([len(s) for s in sets], dtype=np.int64)
    jaccard = shared / (count[x] + count[y] - shared)
    ok = jaccard >= rules.min_estimate
    x, y, jaccard = x[ok], y[ok], jaccard[ok]
    # each article's best per_article pairs, by Jaccard, then the other article's number
    mine = np.concatenate((x, y))
    other = np.concatenate((y, x))
    score = np.concatenate((jaccard, jaccard))
    pair = np.concatenate((np.arange(len(x)), np.arange(len(x))))
    order = np.lexsort((other, -score, mine))
    mine = mine[order]
    first = np.flatnonzero(np.concatenate(([True], mine[1:] != mine[:-1]))) if len(mine) else mine
    rank = np.arange(len(mine)) - np.repeat(first, np.diff(np.append(first, len(mine))))
    chosen = np.zeros(len(x), dtype=bool)
    chosen[pair[order][rank < rules.per_article]] = True
    return list(zip(x[chosen].tolist(), y[chosen].tolist(), strict=True))


def _common_shared(items: I64, terms: I64, common: npt.NDArray[np.bool_], n: int, x: I64, y: I64) -> I64:
    """How many of the ``common`` terms articles x[k] and y[k] both have, by bit masks of those terms."""
    column = np.cumsum(common) - 1  # a common term's bit
    held = common[terms]
    bits = column[terms[held]]
    masks = np.zeros((n, max(1, (int(common.sum()) + 63) // 64)), dtype=np.uint64)
    np.bitwise_or.at(masks, (items[held], bits // 64), np.left_shift(np.uint64(1), (bits % 64).astype(np.uint64)))
    out = np.zeros(len(x), dtype=np.int64)
    for lo in range(0, len(x), 65536):
        both = masks[x[lo:lo + 65536]] & masks[y[lo:lo + 65536]]
        out[lo:lo + 65536] = np.bitwise_count(both).sum(axis=1)
    return out
