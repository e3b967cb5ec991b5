"""The story pass: timeline events, shared passages, similar articles, stories and related articles.

``features`` is the part of that work that reads one article alone (its dated sentences, its sentences
and their word hashes, its content words): extraction does it, so that it is cached with the article
and done in the worker that read it. ``analyse`` runs the three searches (``timeline``, ``similar``) over
those features and groups articles into stories:
links between two articles (a shared passage, a shared event dated to the day or month with a theme
in common, a high word overlap) are taken strongest first and join two stories only while the joined
story stays within ``max_span_days`` of focus dates and ``max_articles`` articles, so that a long
development does not melt into one giant cluster. The JSON builders at the end give the public data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from warta import timeline
from warta.dates import DateWords
from warta.errors import ConfigError
from warta.model import Article, StoryFeatures
from warta.similar import (
    PassageRules,
    Shared,
    SharedPassage,
    SimilarityRules,
    SimilarPair,
    TextRules,
    content_words,
    pair_indices,
    sentence_spans,
    sentence_table,
    shared_passages,
    similar_pairs,
)
from warta.timeline import Event, KindRules, MergeRules
from warta.urls import slug
from warta.yamlio import parse

_DATA = Path(__file__).resolve().parent / "data"
_BUILTIN = _DATA / "events.yaml"
_STOPWORDS = _DATA / "stopwords.yaml"
_LINKED_KINDS = ("reported", "scheduled")
_CHAIN_OVER = 60  # an event with more articles than this links them as a chain, not pair by pair
FEATURES_FORMAT = 1  # raise it when StoryFeatures or the way it is worked out changes: older ones are not used


@dataclass(frozen=True)
class GroupRules:
    """How links become stories (events.yaml: stories)."""

    min_strength: float = 1.0
    min_similarity: float = 0.16
    max_span_days: int = 60
    max_articles: int = 200
    min_articles: int = 2
    related: int = 6


@dataclass(frozen=True)
class StoryRules:
    """Every table the story pass reads, from events.yaml and stopwords.yaml."""

    text: TextRules
    kinds: KindRules
    merge: MergeRules = field(default_factory=MergeRules)
    passages: PassageRules = field(default_factory=PassageRules)
    similarity: SimilarityRules = field(default_factory=SimilarityRules)
    stories: GroupRules = field(default_factory=GroupRules)


@dataclass(frozen=True)
class Link:
    """Why two articles belong together, and how strongly."""

    a: str
    b: str
    strength: float
    reasons: tuple[str, ...]  # "passage", "event", "similar"


@dataclass(frozen=True)
class Story:
    """Articles about one event or development: the "full coverage" of it."""

    id: str
    title: str
    articles: tuple[str, ...]  # by date, then id
    events: tuple[str, ...]  # Event ids, in date order
    main_event: str | None
    themes: tuple[str, ...]
    start: dt.date | None  # the earliest and latest focus date of its articles
    end: dt.date | None


@dataclass(frozen=True)
class Related:
    """Another article worth reading next to one, with the reasons."""

    article_id: str
    reasons: tuple[str, ...]  # "same-story", "shared-passages", "shared-themes"
    story: str | None = None
    passages: tuple[str, ...] = ()  # SharedPassage ids
    themes: tuple[str, ...] = ()
    similarity: float = 0.0


@dataclass(frozen=True)
class StoryAnalysis:
    """Everything the story pass found."""

    events: tuple[Event, ...]
    shared: Shared
    similar: tuple[SimilarPair, ...]
    stories: tuple[Story, ...]
    related: Mapping[str, tuple[Related, ...]]
    story_of: Mapping[str, str]  # article id -> story id
    focus: Mapping[str, dt.date]  # article id -> when its news happened (focus_dates)

    @property
    def passages(self) -> tuple[SharedPassage, ...]:
        return self.shared.passages


# --------------------------------------------------------------------------- rules


def load_rules(extra: Path | None = None) -> StoryRules:
    """The built-in event, passage and story tables, with the sections of ``extra`` laid over them."""
    data = _read(_BUILTIN)
    shown = str(_BUILTIN.name)
    if extra is not None:
        more = _read(extra)
        for key, value in more.items():
            if isinstance(value, dict) and isinstance(data.get(key), dict):
                data[key] = {**data[key], **value}
            else:
                data[key] = value
        shown = str(extra)
    stop = _read(_STOPWORDS)
    stopwords = frozenset(str(w).lower() for v in stop.values() if isinstance(v, list) for w in v)
    allowed = ("kinds", "clause_breaks", "filler", "rules", "merge", "passages", "similarity", "stories",
               "abbreviations")
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ConfigError(f"unknown section '{unknown[0]}'; allowed sections are: {', '.join(allowed)}", shown)
    cues = {kind: {lang: tuple(tuple(str(p).lower().split()) for p in phrases) for lang, phrases in
                   _mapping(table, f"kinds.{kind}", shown).items()}
            for kind, table in _mapping(data.get("kinds"), "kinds", shown).items()}
    breaks = {lang: frozenset(str(w).lower() for w in words) for lang, words in
              _mapping(data.get("clause_breaks"), "clause_breaks", shown).items()}
    filler = frozenset(str(w).lower() for words in _mapping(data.get("filler"), "filler", shown).values()
                       for w in words)
    kinds = KindRules(cues, breaks, filler, **_numbers(data.get("rules"), KindRules, "rules", shown))
    text = TextRules(frozenset(str(w).lower() for w in data.get("abbreviations") or ()), stopwords)
    return StoryRules(
        text=text,
        kinds=kinds,
        merge=MergeRules(**_numbers(data.get("merge"), MergeRules, "merge", shown)),
        passages=PassageRules(**_numbers(data.get("passages"), PassageRules, "passages", shown)),
        similarity=SimilarityRules(**_numbers(data.get("similarity"), SimilarityRules, "similarity", shown)),
        stories=GroupRules(**_numbers(data.get("stories"), GroupRules, "stories", shown)),
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    doc = parse(raw, str(path), error=ConfigError)
    if doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        raise ConfigError("expected a mapping of sections", str(path), 1)
    return dict(doc.data)


def _mapping(value: Any, name: str, shown: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, (list, dict)) for v in value.values()):
        raise ConfigError(f"'{name}' must map names to lists", shown)
    return {str(k): v for k, v in value.items()}


def _numbers(value: Any, cls: type, name: str, shown: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"'{name}' must be a mapping of settings", shown)
    fields = {f.name: f.type for f in cls.__dataclass_fields__.values()}  # type: ignore[attr-defined]
    out: dict[str, Any] = {}
    for key, item in value.items():
        kind = fields.get(key)
        if kind not in ("int", "float"):
            numeric = sorted(k for k, t in fields.items() if t in ("int", "float"))
            raise ConfigError(f"unknown key '{name}.{key}'; allowed keys are: {', '.join(numeric)}", shown)
        wrong = not isinstance(item, int) if kind == "int" else not isinstance(item, (int, float))
        if isinstance(item, bool) or wrong:
            raise ConfigError(f"'{name}.{key}' must be {'a whole number' if kind == 'int' else 'a number'}", shown)
        out[key] = item
    return out


# --------------------------------------------------------------------------- analysis


def tables_key(words: DateWords, rules: StoryRules) -> str:
    """A digest of the tables :func:`features` reads: the date words and the kind and text rules."""
    tables = (FEATURES_FORMAT, _canonical(words), _canonical(rules.kinds), _canonical(rules.text))
    return hashlib.sha256(repr(tables).encode("utf-8", "surrogatepass")).hexdigest()


def _canonical(value: Any) -> Any:
    """``value`` as nested tuples in a fixed order (sets and mappings sorted), for a digest."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple((f.name, _canonical(getattr(value, f.name))) for f in dataclasses.fields(value))
    if isinstance(value, Mapping):
        return tuple(sorted((repr(k), _canonical(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(repr(v) for v in value))
    if isinstance(value, (list, tuple)):
        return tuple(_canonical(v) for v in value)
    return repr(value)


def features(article: Article, words: DateWords, rules: StoryRules, key: str | None = None) -> StoryFeatures:
    """The story pass's work on one article alone; ``key``: the :func:`tables_key` of ``words`` and ``rules``."""
    spans = [sentence_spans(b.text, rules.text.abbreviations) for b in article.blocks]
    dated, dated_words = timeline.pack_dated(timeline.dated_sentences(article, words, rules.kinds, rules.text, spans))
    return StoryFeatures(
        basis=_basis(article, key or tables_key(words, rules)),
        dated=dated,
        dated_words=dated_words,
        sentences=sentence_table(article, rules.text, spans),
        content=" ".join(sorted(content_words(article, rules.text))),
    )


def _basis(article: Article, key: str) -> str:
    """A digest of everything :func:`features` reads: the article's title, language, date and text, and the tables."""
    p = article.published
    parts = [key, article.title, article.language.code, f"{p.date.isoformat()} {p.precision}" if p else "-"]
    parts += (b.text for b in article.blocks)
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(b"%d:" % len(data) + data)
    return digest.hexdigest()


def _features_of(articles: Sequence[Article], words: DateWords, rules: StoryRules) -> dict[str, StoryFeatures]:
    """The features of each article (by id): those it carries when they still fit, else worked out now."""
    key = tables_key(words, rules)
    out: dict[str, StoryFeatures] = {}
    for a in articles:
        known = a.story_features
        out[a.id] = known if known is not None and known.basis == _basis(a, key) else features(a, words, rules, key)
    if len(out) < len(articles):  # articles that share an id: each is read from the article itself
        for ident, count in Counter(a.id for a in articles).items():
            if count > 1:
                del out[ident]
    return out


def analyse(articles: Sequence[Article], words: DateWords, rules: StoryRules | None = None) -> StoryAnalysis:
    """Events, shared passages, similar pairs, stories and related articles of a set of articles."""
    rules = rules or load_rules()
    known = _features_of(articles, words, rules)
    events = timeline.events(articles, words, rules.kinds, rules.merge, rules.text,
                             {a: (f.dated, f.dated_words) for a, f in known.items()})
    shared = shared_passages(articles, rules.text, rules.passages, {a: f.sentences for a, f in known.items()})
    similar = similar_pairs(articles, rules.text, rules.similarity,
                            {a: frozenset(f.content.split()) for a, f in known.items()})
    links = story_links(articles, events, shared, similar, rules.stories)
    focus = focus_dates(articles, events, rules.stories.max_span_days)
    stories = group_stories(articles, events, links, focus, rules.stories)
    story_of = {a: s.id for s in stories for a in s.articles}
    related = related_articles(articles, stories, shared, similar, rules.stories)
    return StoryAnalysis(events, shared, similar, stories, related, story_of, focus)


def focus_dates(articles: Sequence[Article], events: Sequence[Event], max_span_days: int) -> dict[str, dt.date]:
    """When each article's news happened.

    That is its publication date, unless a stated date lies more than ``max_span_days`` after every
    event it reports with an explicit date (a listing or scrape date, an archive copy): then, as for an
    undated article, its latest explicitly dated reported event.
    """
    explicit: dict[str, list[dt.date]] = defaultdict(list)
    for e in events:
        if e.kind != "reported" or e.precision == "year":
            continue
        for s in e.sources:
            if not s.relative:
                explicit[s.article_id].append(e.date)
    out: dict[str, dt.date] = {}
    for a in articles:
        latest = max(explicit[a.id]) if explicit.get(a.id) else None
        p = a.published
        if p is None:
            if latest is not None:
                out[a.id] = latest
        elif p.source != "inferred" and latest is not None and (p.date - latest).days > max_span_days:
            out[a.id] = latest
        else:
            out[a.id] = p.date
    return out


def story_links(articles: Sequence[Article], events: Sequence[Event], shared: Shared,
                similar: Sequence[SimilarPair], rules: GroupRules) -> tuple[Link, ...]:
    """Every pair of articles with a reason to share a story, strongest first."""
    themes = {a.id: {t.theme for t in a.themes} for a in articles}
    strength: dict[tuple[str, str], float] = defaultdict(float)
    reasons: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in shared.pairs:
        strength[(p.a, p.b)] += 3.0 + min(1.0, p.share_a + p.share_b)
        reasons[(p.a, p.b)].add("passage")
    for key, score in _event_scores(events, themes).items():
        strength[key] += score
        reasons[key].add("event")
    for s in similar:
        if s.similarity >= rules.min_similarity:
            strength[(s.a, s.b)] += 6.0 * s.similarity
            reasons[(s.a, s.b)].add("similar")
    links = [Link(a, b, round(v, 4), tuple(sorted(reasons[(a, b)]))) for (a, b), v in strength.items()
             if v >= rules.min_strength]
    return tuple(sorted(links, key=lambda x: (-x.strength, x.a, x.b)))


def _event_scores(events: Sequence[Event], themes: Mapping[str, set[str]]) -> dict[tuple[str, str], float]:
    """Pairs of articles that tell one event dated to the day or month, and how strongly that links them.

    Each such event adds 2 (a day) or 1 (a month), up to 4, unless both articles have themes and none in
    common. An event of many articles links them as a chain; the pairs are formed and summed with numpy.
    """
    linked = [e for e in events if e.kind in _LINKED_KINDS and e.precision != "year" and len(e.articles) >= 2]
    ids = sorted({a for e in linked for a in e.articles})
    index = {a: i for i, a in enumerate(ids)}
    names = {t: i for i, t in enumerate(sorted({t for a in ids for t in themes.get(a, ())}))}
    masks = np.zeros((len(ids), max(1, (len(names) + 63) // 64)), dtype=np.uint64)  # each article's themes
    for a in ids:
        for t in themes.get(a, ()):
            masks[index[a], names[t] // 64] |= np.uint64(1 << (names[t] % 64))
    themed = np.asarray(masks.any(axis=1), dtype=bool)
    n = len(ids)
    codes: list[npt.NDArray[np.int64]] = []
    weights: list[npt.NDArray[np.float64]] = []
    for e in linked:
        at = np.array([index[a] for a in e.articles], dtype=np.int64)  # ascending, as e.articles is sorted
        if len(at) <= _CHAIN_OVER:
            left, right = pair_indices(len(at))
            x, y = at[left], at[right]
        else:
            x, y = at[:-1], at[1:]
        ok = ~(themed[x] & themed[y]) | (masks[x] & masks[y]).any(axis=1)
        codes.append(x[ok] * n + y[ok])
        weights.append(np.full(int(ok.sum()), 2.0 if e.precision == "day" else 1.0))
    code = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
    if not len(code):
        return {}
    order = np.argsort(code, kind="stable")
    code = code[order]
    starts = np.flatnonzero(np.concatenate(([True], code[1:] != code[:-1])))
    total = np.add.reduceat(np.concatenate(weights)[order], starts)
    return {(ids[c // n], ids[c % n]): min(4.0, s) for c, s in zip(code[starts].tolist(), total.tolist(), strict=True)}


def group_stories(articles: Sequence[Article], events: Sequence[Event], links: Sequence[Link],
                  focus: Mapping[str, dt.date], rules: GroupRules) -> tuple[Story, ...]:
    """Join articles along the strongest links while a story stays short in time and in size.

    ``focus``: when each article's news happened (:func:`focus_dates` of these articles and events).
    """
    by_id = {a.id: a for a in articles}
    parent = {a.id: a.id for a in articles}
    size = dict.fromkeys(parent, 1)
    span = {a: (focus[a], focus[a]) if a in focus else None for a in parent}
    weight: dict[str, float] = defaultdict(float)

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        if link.a not in parent or link.b not in parent:
            continue
        ra, rb = find(link.a), find(link.b)
        if ra == rb:
            weight[link.a] += link.strength
            weight[link.b] += link.strength
            continue
        joined = _join_span(span[ra], span[rb])
        if size[ra] + size[rb] > rules.max_articles:
            continue
        if joined is not None and (joined[1] - joined[0]).days > rules.max_span_days:
            continue
        root, other = (ra, rb) if ra < rb else (rb, ra)
        parent[other] = root
        size[root] += size[other]
        span[root] = joined
        weight[link.a] += link.strength
        weight[link.b] += link.strength
    members: dict[str, list[str]] = defaultdict(list)
    for a in sorted(parent):
        members[find(a)].append(a)
    told: dict[str, list[int]] = defaultdict(list)  # article -> the events it tells (their index)
    for i, e in enumerate(events):
        if e.kind != "publication":
            for a in e.articles:
                told[a].append(i)
    stories = [_story(ids, by_id, [events[i] for i in sorted({i for a in ids for i in told.get(a, ())})], focus,
                      weight) for ids in members.values() if len(ids) >= rules.min_articles]
    return _unique_ids(sorted(stories, key=lambda s: (s.start or dt.date.max, s.id)))


def _join_span(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> tuple[dt.date, dt.date] | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a[0], b[0]), max(a[1], b[1])


def _story(ids: list[str], by_id: Mapping[str, Article], mine: Sequence[Event], focus: Mapping[str, dt.date],
           weight: Mapping[str, float]) -> Story:
    """One story of articles ``ids``; ``mine``: the events they tell, in order, publication dates left out."""
    inside = set(ids)

    def when(a: str) -> tuple[dt.date, str]:
        p = by_id[a].published
        return (focus.get(a) or (p.date if p else dt.date.max), a)

    ordered = tuple(sorted(ids, key=when))
    dates = [focus[a] for a in ids if a in focus]
    start, end = (min(dates), max(dates)) if dates else (None, None)

    def importance(e: Event) -> tuple[float, bool, dt.date, str]:
        near = start is not None and end is not None and (start - dt.timedelta(days=7)) <= e.date <= (
            end + dt.timedelta(days=7))
        score = 2.0 * len(inside.intersection(e.articles)) + (e.precision == "day") + 2.0 * near
        return (-score, e.approximate, e.date, e.id)

    main = min((e for e in mine if e.kind in _LINKED_KINDS and e.precision != "year"), key=importance, default=None)
    counts: dict[str, int] = defaultdict(int)
    scores: dict[str, float] = defaultdict(float)
    for a in ids:
        for t in by_id[a].themes:
            counts[t.theme] += 1
            scores[t.theme] += t.score
    themes = tuple(sorted((t for t in counts if counts[t] * 2 >= len(ids)), key=lambda t: (-scores[t], t)))
    central = min(ids, key=lambda a: (-weight.get(a, 0.0), when(a)))
    day = main.iso() if main is not None else (start.isoformat() if start else "undated")
    title = by_id[central].title
    ident = f"{day}-{'-'.join(slug(title).split('-')[:6])}".strip("-")
    return Story(ident, title, ordered, tuple(e.id for e in mine), main.id if main else None, themes, start, end)


def _unique_ids(stories: Sequence[Story]) -> tuple[Story, ...]:
    seen: set[str] = set()
    out = []
    for s in stories:
        ident = s.id
        if ident in seen:
            ident = f"{s.id}-{hashlib.sha1('|'.join(s.articles).encode()).hexdigest()[:6]}"
        seen.add(ident)
        out.append(s if ident == s.id else Story(ident, s.title, s.articles, s.events, s.main_event, s.themes,
                                                 s.start, s.end))
    return tuple(out)


def related_articles(articles: Sequence[Article], stories: Sequence[Story], shared: Shared,
                     similar: Sequence[SimilarPair], rules: GroupRules) -> dict[str, tuple[Related, ...]]:
    """For each article, the others worth reading beside it, each with its reasons, best first.

    Story-mates with no other reason all rank alike (then by id), so only the first ``related`` of
    them by id are weighed beside the article's passage and similarity partners: a story of hundreds
    of articles costs no more than its size.
    """
    themes = {a.id: {t.theme for t in a.themes} for a in articles}
    story_of = {a: s.id for s in stories for a in s.articles}
    mates = {s.id: sorted(s.articles) for s in stories}
    facts: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    for p in shared.pairs:
        for x, y in ((p.a, p.b), (p.b, p.a)):
            facts[(x, y)]["passages"] = p.passages
    for sim in similar:
        common = themes.get(sim.a, set()) & themes.get(sim.b, set())
        for x, y in ((sim.a, sim.b), (sim.b, sim.a)):
            facts[(x, y)]["similarity"] = sim.similarity
            if common:
                facts[(x, y)]["themes"] = tuple(sorted(common))
    partners: dict[str, set[str]] = defaultdict(set)
    for x, y in facts:
        partners[x].add(y)

    out: dict[str, tuple[Related, ...]] = {}
    for x in sorted(set(story_of) | set(partners)):
        story = story_of.get(x)
        others = set(partners.get(x, ()))
        plain = (y for y in mates.get(story, ()) if y != x and y not in others) if story else iter(())
        others.update(islice(plain, rules.related))
        options: list[tuple[float, str, dict[str, Any], str | None]] = []  # ranked before any Related is made
        for y in others:
            f = facts.get((x, y), {})
            same = story if story is not None and story_of.get(y) == story else None
            if same is not None or "passages" in f or "themes" in f:
                score = (3.0 * (same is not None) + 2.0 * bool(f.get("passages", ())) + f.get("similarity", 0.0)
                         + 0.1 * len(f.get("themes", ())))
                options.append((-score, y, f, same))
        if options:
            options.sort(key=lambda o: (o[0], o[1]))
            out[x] = tuple(_related(y, f, same) for _, y, f, same in options[: rules.related])
    return out


def _related(other: str, facts: Mapping[str, Any], story: str | None) -> Related:
    reasons = tuple(r for r, on in (("same-story", story is not None), ("shared-passages", "passages" in facts),
                                    ("shared-themes", "themes" in facts)) if on)
    return Related(other, reasons, story, facts.get("passages", ()), facts.get("themes", ()),
                   facts.get("similarity", 0.0))


# --------------------------------------------------------------------------- data files


def event_json(event: Event) -> dict[str, Any]:
    """One event as in data/timeline.json."""
    return {
        "id": event.id,
        "date": event.iso(),
        "precision": event.precision,
        "approximate": event.approximate,
        "kind": event.kind,
        "text": event.text,
        "themes": list(event.themes),
        "sources": [{"article": s.article_id, "paragraph": s.block_index, "text": s.text, "date_text": s.mention}
                    for s in event.sources],
    }


def timeline_json(analysis: StoryAnalysis) -> dict[str, Any]:
    """data/timeline.json: every event in date order."""
    return {"events": [event_json(e) for e in analysis.events]}


def timelinejs_json(analysis: StoryAnalysis, articles: Sequence[Article], title: str,
                    links: Mapping[str, str] | None = None, kind_labels: Mapping[str, str] | None = None
                    ) -> dict[str, Any]:
    """The events in Knight Lab TimelineJS's JSON format (data/timelinejs.json).

    ``links`` maps an article id to the URL of its page; a source then links to ``#p-<paragraph>``.
    Publication dates are left out: TimelineJS shows what happened, not when it was written.
    """
    by_id = {a.id: a for a in articles}
    labels = kind_labels or {}
    out = []
    for e in analysis.events:
        if e.kind == "publication":
            continue
        date: dict[str, Any] = {"year": e.date.year}
        if e.precision != "year":
            date["month"] = e.date.month
        if e.precision == "day":
            date["day"] = e.date.day
        items = []
        for s in e.sources:
            a = by_id.get(s.article_id)
            name = html.escape(a.title if a else s.article_id)
            url = (links or {}).get(s.article_id)
            items.append(f'<li><a href="{html.escape(url)}#p-{s.block_index}">{name}</a></li>' if url
                         else f"<li>{name}</li>")
        body = f"<p>{html.escape(e.text)}</p><ul>{''.join(items)}</ul>"
        out.append({
            "unique_id": e.id,
            "start_date": date,
            "display_date": e.iso(),
            "group": labels.get(e.kind, e.kind),
            "text": {"headline": html.escape(_headline(e.text)), "text": body},
        })
    return {"title": {"text": {"headline": html.escape(title), "text": ""}}, "events": out}


def _headline(text: str, words: int = 12) -> str:
    parts = text.lstrip("… ").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def stories_json(analysis: StoryAnalysis) -> dict[str, Any]:
    """data/stories.json: the stories, and the passages, pairs and groups of shared text."""
    return {
        "stories": [{
            "id": s.id,
            "title": s.title,
            "start": s.start.isoformat() if s.start else None,
            "end": s.end.isoformat() if s.end else None,
            "articles": list(s.articles),
            "main_event": s.main_event,
            "events": list(s.events),
            "themes": list(s.themes),
        } for s in analysis.stories],
        "shared": {
            "passages": [{
                "id": p.id,
                "text": p.text,
                "words": p.words,
                "occurrences": [{"article": o.article_id, "paragraph": o.block_index, "text": o.text,
                                 "words": o.words} for o in p.occurrences],
            } for p in analysis.passages],
            "pairs": [{"articles": [p.a, p.b], "passages": list(p.passages), "words": [p.words_a, p.words_b],
                       "share": [p.share_a, p.share_b]} for p in analysis.shared.pairs],
            "groups": [{"articles": list(g.articles), "passages": list(g.passages), "words": g.words}
                       for g in analysis.shared.groups],
        },
    }


def story_fields(analysis: StoryAnalysis) -> dict[str, dict[str, Any]]:
    """Article id -> its story fields in data/articles.json: its story, shared passages and related
    articles; indexed once over all passages, not once per article. An article the story pass found
    nothing for is left out (its fields: no story, no passage, no related article)."""
    out: dict[str, dict[str, Any]] = {}

    def fields(article_id: str) -> dict[str, Any]:
        if article_id not in out:
            out[article_id] = {"story": analysis.story_of.get(article_id), "shared_passages": [], "related": []}
        return out[article_id]

    for p in analysis.passages:
        seen: set[str] = set()
        for o in p.occurrences:
            if o.article_id in seen:
                continue
            seen.add(o.article_id)
            fields(o.article_id)["shared_passages"].append({
                "id": p.id, "paragraph": o.block_index, "text": o.text, "words": o.words,
                "with": [{"article": x.article_id, "paragraph": x.block_index} for x in p.occurrences
                         if x.article_id != o.article_id],
            })
    for article_id, found in analysis.related.items():
        fields(article_id)["related"] = [
            {"article": r.article_id, "reasons": list(r.reasons), "story": r.story, "passages": len(r.passages),
             "themes": list(r.themes), "similarity": r.similarity} for r in found]
    for article_id in analysis.story_of:
        fields(article_id)
    return out
