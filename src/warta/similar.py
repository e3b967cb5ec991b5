"""Shared passages and similar articles: sentences, word shingles, MinHash signatures and LSH buckets.

Nothing here compares every article with every other. Each sentence of at least a few words becomes a
set of word shingles; its MinHash signature (datasketch's ``affine32`` scheme, computed for all sentences
at once with numpy) is cut into LSH bands, and only sentences that fall in the same bucket of some band
are compared word by word. datasketch's ``MinHashLSH`` chooses the bands and rows for the threshold; its
own ``insert`` costs some 50 microseconds a key, which for the 300,000 sentences of 10,000 articles is
longer than the whole build may take, so the buckets are formed here by sorting the band keys instead.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

from warta.model import Article

U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*\s+|\n+")
_OPENER = re.compile(r"[\"“‘'(\[]?\w")
_MASK64 = (1 << 64) - 1
_SHINGLE_MULT = np.uint64(0x100000001B3)
_BAND_MULT = np.uint64(0x9E3779B97F4A7C15)
_CHUNK = 1 << 17  # shingles per numpy chunk: 2**17 x 64 permutations x 4 bytes = 32 MiB


@dataclass(frozen=True)
class TextRules:
    """How text is cut into sentences and which words carry no content."""

    abbreviations: frozenset[str]
    stopwords: frozenset[str]


@dataclass(frozen=True)
class PassageRules:
    """Settings of the shared-passage search (events.yaml: passages)."""

    min_words: int = 8
    shingle: int = 4
    num_perm: int = 128
    threshold: float = 0.25
    min_overlap: float = 0.7
    min_run: int = 8
    min_identical: float = 0.9
    min_passage_words: int = 20
    min_estimate: float = 0.3
    max_articles: int = 50
    max_bucket: int = 12


@dataclass(frozen=True)
class SimilarityRules:
    """Settings of the article similarity search (events.yaml: similarity)."""

    num_perm: int = 128
    threshold: float = 0.2
    min_similarity: float = 0.1
    min_words: int = 20
    keywords: int = 32
    max_bucket: int = 200
    exhaustive_below: int = 100
    min_estimate: float = 0.1
    per_article: int = 12


@dataclass(frozen=True)
class Occurrence:
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


@dataclass(frozen=True)
class SharedPair:
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


@dataclass(frozen=True)
class SimilarPair:
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
    return [m.group().lower() for m in _WORD.finditer(unicodedata.normalize("NFKC", text))]


def sentence_spans(text: str, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of the sentences of a paragraph, surrounding spaces left out."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group().strip() and not _ends_sentence(text, start, m.start(), m.end(), abbreviations):
            continue
        _add_span(text, start, m.end(), spans)
        start = m.end()
    _add_span(text, start, len(text), spans)
    return spans


def _ends_sentence(text: str, start: int, stop: int, after: int, abbreviations: frozenset[str]) -> bool:
    if not _OPENER.match(text, after):
        return False
    nxt = text[after:after + 2].lstrip("\"“‘'([")
    if nxt[:1].islower():
        return False
    before = text[start:stop].rsplit(None, 1)
    last = before[-1].lower().lstrip("\"“‘'([") if before else ""
    if last in abbreviations:
        return False
    return not (len(last) == 1 and last.isalpha())  # an initial: "J. Smith"


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        spans.append((start + lead, start + len(piece.rstrip())))


def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """The (bands, rows) that datasketch's MinHashLSH picks for a threshold."""
    index = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(index.b), int(index.r)


def permutations(num_perm: int) -> tuple[U32, U32]:
    """datasketch's affine32 permutation parameters (a, b) for seed 1."""
    a, b = MinHash(num_perm=num_perm, seed=1, scheme="affine32").permutations
    return np.asarray(a, dtype=np.uint32), np.asarray(b, dtype=np.uint32)


def token_hashes(tokens: Sequence[str], cache: dict[str, int]) -> list[int]:
    """A stable 32-bit hash for each token (CRC-32 of its UTF-8), cached by token."""
    out: list[int] = []
    for t in tokens:
        h = cache.get(t)
        if h is None:
            h = cache[t] = zlib.crc32(t.encode("utf-8"))
        out.append(h)
    return out


def shingle_hashes(units: Sequence[Sequence[int]], k: int) -> tuple[U32, list[int]]:
    """The 32-bit hashes of every k-word shingle of each unit, and how many each unit has.

    A unit shorter than k words gives one shingle of all its words.
    """
    lengths = [len(u) for u in units]
    flat = np.fromiter((h for u in units for h in u), dtype=np.uint64, count=sum(lengths))
    offsets = np.zeros(len(units) + 1, dtype=np.int64)
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
            shifted[: n - j] = flat[j:]
            inside = positions + j < ends
            acc = np.where(inside, acc * _SHINGLE_MULT + shifted, acc)
            valid &= inside
    short = np.zeros(n, dtype=bool)
    for i, length in enumerate(lengths):
        if 0 < length < k:
            short[offsets[i]] = True
    keep = valid | short
    folded = (acc ^ (acc >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
    return folded[keep].astype(np.uint32), counts


def fmix32(hv: U32) -> U32:
    """The MurmurHash3 32-bit finalizer, as datasketch applies it before its affine permutations."""
    with np.errstate(over="ignore"):
        hv = hv ^ (hv >> np.uint32(16))
        hv = hv * np.uint32(0x85EBCA6B)
        hv = hv ^ (hv >> np.uint32(13))
        hv = hv * np.uint32(0xC2B2AE35)
        return hv ^ (hv >> np.uint32(16))


def signatures(hashes: U32, counts: Sequence[int], num_perm: int) -> U32:
    """MinHash signatures (one row per unit) of consecutive runs of shingle hashes.

    Row i equals ``datasketch.MinHash(num_perm, scheme="affine32", hashfunc=int)`` updated with the
    ``counts[i]`` hashes of unit i; a unit without shingles keeps the empty signature.
    """
    a, b = permutations(num_perm)
    out = np.full((len(counts), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    mixed = fmix32(hashes)
    starts = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    unit = 0
    while unit < len(counts):
        last = unit
        while last < len(counts) and (starts[last + 1] - starts[unit] <= _CHUNK or last == unit):
            last += 1
        lo, hi = int(starts[unit]), int(starts[last])
        if hi > lo:
            with np.errstate(over="ignore"):
                phv = mixed[lo:hi, None] * a[None, :] + b[None, :]
            seg = starts[unit:last] - lo
            nonempty = np.asarray(counts[unit:last]) > 0
            rows = np.minimum.reduceat(phv, seg[nonempty], axis=0)
            out[unit:last][nonempty] = rows
        unit = last
    return out


def candidate_pairs(sigs: U32, threshold: float, max_bucket: int) -> set[tuple[int, int]]:
    """Pairs of rows that share an LSH bucket in at least one band (i < j)."""
    n, num_perm = sigs.shape
    bands, rows = lsh_bands(threshold, num_perm)
    if n < 2:
        return set()
    empty = np.all(sigs == np.iinfo(np.uint32).max, axis=1)
    found: list[npt.NDArray[np.int64]] = []
    for band in range(bands):
        block = sigs[:, band * rows:(band + 1) * rows].astype(np.uint64)
        key = np.zeros(n, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for col in range(rows):
                key = key * _BAND_MULT + block[:, col] + np.uint64(1)
        key[empty] = np.arange(int(empty.sum()), dtype=np.uint64) ^ np.uint64(_MASK64)
        order = np.argsort(key, kind="stable").astype(np.int64)
        sorted_keys = key[order]
        starts = np.concatenate(([0], np.flatnonzero(np.diff(sorted_keys)) + 1))
        sizes = np.diff(np.concatenate((starts, [n])))
        two = starts[sizes == 2]
        if len(two):
            found.append(_encode(order[two], order[two + 1], n))
        for start, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist(), strict=True):
            ids = np.sort(order[start:start + size])
            if size <= max_bucket:
                i, j = np.triu_indices(size, k=1)
                found.append(_encode(ids[i], ids[j], n))
            else:
                found.append(_encode(ids[:-1], ids[1:], n))
    if not found:
        return set()
    codes = np.unique(np.concatenate(found))
    return set(zip((codes // n).tolist(), (codes % n).tolist(), strict=True))


def _encode(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64], n: int) -> npt.NDArray[np.int64]:
    return np.minimum(a, b) * n + np.maximum(a, b)


def likely_pairs(sigs: U32, threshold: float, max_bucket: int, min_estimate: float) -> list[tuple[int, int, float]]:
    """LSH candidate pairs (i, j, estimated Jaccard) whose signatures agree on ``min_estimate`` or more."""
    pairs = sorted(candidate_pairs(sigs, threshold, max_bucket))
    if not pairs:
        return []
    index = np.array(pairs, dtype=np.int64)
    agree = np.empty(len(pairs), dtype=np.float64)
    for lo in range(0, len(pairs), 65536):
        part = index[lo:lo + 65536]
        agree[lo:lo + len(part)] = (sigs[part[:, 0]] == sigs[part[:, 1]]).mean(axis=1)
    return [(pairs[i][0], pairs[i][1], float(agree[i])) for i in np.flatnonzero(agree >= min_estimate)]


def is_shared(a: Sequence[str], b: Sequence[str], rules: PassageRules) -> bool:
    """Whether two sentences are one passage (word lists; see :func:`shared_shape` for the rule)."""
    k = rules.shingle
    return shared_shape(set(a), set(b), {tuple(a[i:i + k]) for i in range(len(a) - k + 1)},
                        {tuple(b[i:i + k]) for i in range(len(b) - k + 1)}, rules)


def shared_shape(words_a: set[Any], words_b: set[Any], shingles_a: set[Any], shingles_b: set[Any],
                 rules: PassageRules) -> bool:
    """Whether two sentences are one passage, from their word and shingle sets.

    They must have ``min_words`` words and ``min_overlap`` of the shorter one's distinct words in
    common, and either the shingles of a run of ``min_run`` words in a row (copied text) or
    ``min_identical`` of the longer one's words. Sentences cut from one template ("X said that Y
    remains a priority for Z") share only short runs.
    """
    same = len(words_a & words_b)
    if same < rules.min_words or same < rules.min_overlap * min(len(words_a), len(words_b)):
        return False
    if same >= rules.min_identical * max(len(words_a), len(words_b)):
        return True
    return len(shingles_a & shingles_b) >= max(1, rules.min_run - rules.shingle + 1)


@dataclass(frozen=True)
class _Sentence:
    article_id: str
    block_index: int
    seq: int  # position among the article's sentences
    text: str
    tokens: tuple[str, ...]


def _article_sentences(article: Article, text: TextRules) -> list[_Sentence]:
    out: list[_Sentence] = []
    seq = 0
    for index, block in enumerate(article.blocks):
        for start, end in sentence_spans(block.text, text.abbreviations):
            piece = block.text[start:end]
            out.append(_Sentence(article.id, index, seq, piece, tuple(words(piece))))
            seq += 1
    return out


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


def shared_passages(articles: Sequence[Article], text: TextRules, rules: PassageRules) -> Shared:
    """Find the passages that two or more articles share, and the pairs and groups they make."""
    sentences = [s for a in sorted(articles, key=lambda x: x.id) for s in _article_sentences(a, text)]
    distinct: dict[tuple[str, ...], int] = {}
    members: list[list[int]] = []
    for i, s in enumerate(sentences):
        if len(s.tokens) < rules.min_words:
            continue
        d = distinct.setdefault(s.tokens, len(distinct))
        if d == len(members):
            members.append([])
        members[d].append(i)
    keys = list(distinct)
    cache: dict[str, int] = {}
    hashes, counts = shingle_hashes([token_hashes(k, cache) for k in keys], rules.shingle)
    sigs = signatures(hashes, counts, rules.num_perm)
    union = _Union(len(keys))
    word_sets: dict[int, set[str]] = {}
    shingle_sets: dict[int, set[tuple[str, ...]]] = {}
    k = rules.shingle

    def sets(i: int) -> tuple[set[str], set[tuple[str, ...]]]:
        if i not in word_sets:
            toks = keys[i]
            word_sets[i] = set(toks)
            shingle_sets[i] = {toks[j:j + k] for j in range(len(toks) - k + 1)}
        return word_sets[i], shingle_sets[i]

    for x, y, _ in likely_pairs(sigs, rules.threshold, rules.max_bucket, rules.min_estimate):
        (wa, sa), (wb, sb) = sets(x), sets(y)
        if shared_shape(wa, wb, sa, sb, rules):
            union.union(x, y)
    clusters: dict[int, list[int]] = defaultdict(list)
    for d in range(len(keys)):
        clusters[union.find(d)].extend(members[d])
    fragments: list[list[int]] = []
    for sentence_ids in clusters.values():
        arts = {sentences[i].article_id for i in sentence_ids}
        if 2 <= len(arts) <= rules.max_articles:
            fragments.append(sorted(sentence_ids, key=lambda i: (sentences[i].article_id, sentences[i].seq)))
    passages = tuple(p for p in _join_runs(fragments, sentences) if p.words >= rules.min_passage_words)
    totals = {a.id: max(1, len(words(" ".join(b.text for b in a.blocks)))) for a in articles}
    pairs = _pairs(passages, totals)
    return Shared(passages, pairs, _groups(pairs, passages))


def _join_runs(fragments: list[list[int]], sentences: Sequence[_Sentence]) -> tuple[SharedPassage, ...]:
    """Join fragments that follow each other in every article that carries them into one passage."""
    at: dict[tuple[str, int], int] = {}
    for f, ids in enumerate(fragments):
        for i in ids:
            at[(sentences[i].article_id, sentences[i].seq)] = f
    order = sorted(range(len(fragments)), key=lambda f: _first(fragments[f], sentences))
    used: set[int] = set()
    passages: list[SharedPassage] = []
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
        passages.append(_passage([i for g in run for i in fragments[g]], sentences))
    return tuple(sorted(passages, key=lambda p: (p.occurrences[0].article_id, p.occurrences[0].block_index, p.id)))


def _first(ids: list[int], sentences: Sequence[_Sentence]) -> tuple[str, int]:
    return min((sentences[i].article_id, sentences[i].seq) for i in ids)


def _passage(ids: Iterable[int], sentences: Sequence[_Sentence]) -> SharedPassage:
    by_article: dict[str, list[_Sentence]] = defaultdict(list)
    for i in ids:
        by_article[sentences[i].article_id].append(sentences[i])
    occurrences = []
    for article_id in sorted(by_article):
        parts = sorted(by_article[article_id], key=lambda s: s.seq)
        occurrences.append(Occurrence(article_id, parts[0].block_index, " ".join(s.text for s in parts),
                                      sum(len(s.tokens) for s in parts)))
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
    groups = []
    for arts in members.values():
        inside = set(arts)
        ps = [p for p in passages if inside.issuperset(p.articles)]
        groups.append(SharedGroup(tuple(arts), tuple(p.id for p in ps), sum(p.words for p in ps)))
    return tuple(sorted(groups, key=lambda g: (-len(g.articles), -g.words, g.articles)))


def content_words(article: Article, text: TextRules) -> frozenset[str]:
    """The article's words that carry content: no stop words, no numbers, at least three letters."""
    toks = words(article.title + "\n" + "\n".join(b.text for b in article.blocks))
    return frozenset(t for t in toks if len(t) >= 3 and t not in text.stopwords and not any(c.isdigit() for c in t))


def similar_pairs(articles: Sequence[Article], text: TextRules, rules: SimilarityRules) -> tuple[SimilarPair, ...]:
    """Pairs of articles whose distinctive words overlap, found by LSH over each article's keywords.

    An article's keywords are its ``keywords`` content words of highest IDF among the words at least
    two articles use. Candidates from the LSH buckets are scored by the IDF-weighted overlap of all their
    content words over the smaller article's (words every article uses weigh nothing), and kept from
    ``min_similarity`` on. Below ``exhaustive_below`` articles every pair is scored: keywords need a
    corpus to be distinctive against.
    """
    ordered = sorted(articles, key=lambda a: a.id)
    sets = [content_words(a, text) for a in ordered]
    df: Counter[str] = Counter()
    for s in sets:
        df.update(s)
    n = len(sets)
    idf = {w: math.log((n + 1) / c) for w, c in df.items()}
    keywords = [sorted((w for w in s if df[w] >= 2), key=lambda w: (-idf[w], w))[: rules.keywords] for s in sets]
    usable = [i for i, s in enumerate(sets) if len(s) >= rules.min_words and keywords[i]]
    if len(usable) < 2:
        return ()
    cache: dict[str, int] = {}
    hashes, counts = shingle_hashes([token_hashes(keywords[i], cache) for i in usable], 1)
    sigs = signatures(hashes, counts, rules.num_perm)
    mass = [sum(idf[w] for w in s) for s in sets]
    out: list[SimilarPair] = []
    if len(usable) <= rules.exhaustive_below:
        pairs: Iterable[tuple[int, int]] = combinations(range(len(usable)), 2)
    else:
        pairs = _best_candidates(likely_pairs(sigs, rules.threshold, rules.max_bucket, rules.min_estimate),
                                 rules.per_article)
    out = []
    for x, y in pairs:
        i, j = usable[x], usable[y]
        smaller = min(mass[i], mass[j])
        if smaller <= 0:
            continue
        sim = sum(idf[w] for w in sets[i] & sets[j]) / smaller
        if sim >= rules.min_similarity:
            out.append(SimilarPair(ordered[i].id, ordered[j].id, round(sim, 3)))
    return tuple(out)


def _best_candidates(pairs: Sequence[tuple[int, int, float]], per_article: int) -> list[tuple[int, int]]:
    """The candidate pairs that are among the ``per_article`` best estimates of one of their two articles."""
    taken: Counter[int] = Counter()
    out: list[tuple[int, int]] = []
    for x, y, _ in sorted(pairs, key=lambda p: (-p[2], p[0], p[1])):
        if taken[x] < per_article or taken[y] < per_article:
            taken[x] += 1
            taken[y] += 1
            out.append((x, y))
    return sorted(out)
