"""The story pass: timeline events, shared passages, similar articles, stories and related articles.

``analyse`` runs the three searches (``timeline``, ``similar``) and groups articles into stories:
links between two articles (a shared passage, a shared event dated to the day or month with a theme
in common, a high word overlap) are taken strongest first and join two stories only while the joined
story stays within ``max_span_days`` of focus dates and ``max_articles`` articles, so that a long
development does not melt into one giant cluster. The JSON builders at the end give the public data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations, islice
from pathlib import Path
from typing import Any

from warta import timeline
from warta.dates import DateWords
from warta.errors import ConfigError
from warta.model import Article
from warta.similar import (
    PassageRules,
    Shared,
    SharedPassage,
    SimilarityRules,
    SimilarPair,
    TextRules,
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


def analyse(articles: Sequence[Article], words: DateWords, rules: StoryRules | None = None) -> StoryAnalysis:
    """Events, shared passages, similar pairs, stories and related articles of a set of articles."""
    rules = rules or load_rules()
    events = timeline.events(articles, words, rules.kinds, rules.merge, rules.text)
    shared = shared_passages(articles, rules.text, rules.passages)
    similar = similar_pairs(articles, rules.text, rules.similarity)
    links = story_links(articles, events, shared, similar, rules.stories)
    stories = group_stories(articles, events, links, rules.stories)
    story_of = {a: s.id for s in stories for a in s.articles}
    related = related_articles(articles, stories, shared, similar, rules.stories)
    return StoryAnalysis(events, shared, similar, stories, related, story_of)


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
    event_score: dict[tuple[str, str], float] = defaultdict(float)
    for e in events:
        if e.kind not in _LINKED_KINDS or e.precision == "year" or len(e.articles) < 2:
            continue
        weight = 2.0 if e.precision == "day" else 1.0
        ids = e.articles
        pairs = combinations(ids, 2) if len(ids) <= _CHAIN_OVER else zip(ids, ids[1:], strict=False)
        for a, b in pairs:
            if themes.get(a) and themes.get(b) and not themes[a] & themes[b]:
                continue
            event_score[(a, b)] = min(4.0, event_score[(a, b)] + weight)
    for key, score in event_score.items():
        strength[key] += score
        reasons[key].add("event")
    for s in similar:
        if s.similarity >= rules.min_similarity:
            strength[(s.a, s.b)] += 6.0 * s.similarity
            reasons[(s.a, s.b)].add("similar")
    links = [Link(a, b, round(v, 4), tuple(sorted(reasons[(a, b)]))) for (a, b), v in strength.items()
             if v >= rules.min_strength]
    return tuple(sorted(links, key=lambda x: (-x.strength, x.a, x.b)))


def group_stories(articles: Sequence[Article], events: Sequence[Event], links: Sequence[Link],
                  rules: GroupRules) -> tuple[Story, ...]:
    """Join articles along the strongest links while a story stays short in time and in size."""
    by_id = {a.id: a for a in articles}
    focus = focus_dates(articles, events, rules.max_span_days)
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

    def rank(r: Related) -> tuple[float, str]:
        score = 3.0 * (r.story is not None) + 2.0 * bool(r.passages) + r.similarity + 0.1 * len(r.themes)
        return (-score, r.article_id)

    out: dict[str, tuple[Related, ...]] = {}
    for x in sorted(set(story_of) | set(partners)):
        story = story_of.get(x)
        others = set(partners.get(x, ()))
        plain = (y for y in mates.get(story, ()) if y != x and y not in others) if story else iter(())
        others.update(islice(plain, rules.related))
        options = []
        for y in sorted(others):
            f = facts.get((x, y), {})
            same = story if story is not None and story_of.get(y) == story else None
            reasons = tuple(r for r, on in (("same-story", same is not None), ("shared-passages", "passages" in f),
                                            ("shared-themes", "themes" in f)) if on)
            if reasons:
                options.append(Related(y, reasons, same, f.get("passages", ()), f.get("themes", ()),
                                       f.get("similarity", 0.0)))
        if options:
            out[x] = tuple(sorted(options, key=rank)[: rules.related])
    return out


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


def article_story_json(analysis: StoryAnalysis, article_id: str) -> dict[str, Any]:
    """The story fields of one article in data/articles.json: its story, shared passages and related articles."""
    passages = []
    for p in analysis.passages:
        mine = [o for o in p.occurrences if o.article_id == article_id]
        if not mine:
            continue
        passages.append({
            "id": p.id,
            "paragraph": mine[0].block_index,
            "text": mine[0].text,
            "words": mine[0].words,
            "with": [{"article": o.article_id, "paragraph": o.block_index} for o in p.occurrences
                     if o.article_id != article_id],
        })
    related = [{"article": r.article_id, "reasons": list(r.reasons), "story": r.story, "passages": len(r.passages),
                "themes": list(r.themes), "similarity": r.similarity}
               for r in analysis.related.get(article_id, ())]
    return {"story": analysis.story_of.get(article_id), "shared_passages": passages, "related": related}
