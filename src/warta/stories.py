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
import functools
import hashlib
import operator
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, combinations, islice, product
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

from warta import scripts, timeline
from warta.dates import DateWords, builtin_words
from warta.errors import ConfigError
from warta.model import Article, Record, StoryFeatures
from warta.similar import (
    PairState,
    PassageRules,
    Shared,
    SharedPassage,
    SimilarityRules,
    SimilarPair,
    TextRules,
    distinct,
    pair_indices,
    scored_pairs,
    sentence_spans,
    sentences_content_and_words,
    shared_passages,
    words_as_written,
)
from warta.storycache import StoryCache
from warta.timeline import Event, KindRules, MergeRules
from warta.urls import slug
from warta.yamlio import is_builtin, parse

_DATA = Path(__file__).resolve().parent / "data"
_BUILTIN = _DATA / "events.yaml"
_STOPWORDS = _DATA / "stopwords.yaml"
_ALIASES = _DATA / "aliases.yaml"
_COUNTRIES = _DATA / "countries.yaml"  # generated from CLDR by tools/make_countries.py
_LINKED_KINDS = ("reported", "scheduled")
_CHAIN_OVER = 60  # an event with more articles than this links them as a chain, not pair by pair
FEATURES_FORMAT = 6  # raise it when StoryFeatures or the way it is worked out changes: older ones are not used


@dataclass(frozen=True)
class GroupRules:
    """How links become stories (events.yaml: stories)."""

    min_strength: float = 1.0
    min_similarity: float = 0.16  # with another sign of one event: a passage, an event, a theme or names
    min_similarity_alone: float = 0.8  # with none: a near copy; words in common are often a topic's
    min_names: int = 3  # capitalised words two articles share that count as such a sign
    max_span_days: int = 60
    max_articles: int = 200
    min_articles: int = 2
    related: int = 6
    relative_share: float = 0.25  # of an event's weight when one of two articles dates it by a relative phrase
    recap_days: int = 14  # an event this long before an article's latest reported day is, for it, a look back
    background_days: int = 7  # a sentence of a day this long before its page's own tells what led to its news


@dataclass(frozen=True)
class StoryRules:
    """Every table the story pass reads, from events.yaml and stopwords.yaml."""

    text: TextRules
    kinds: KindRules
    merge: MergeRules = field(default_factory=MergeRules)
    passages: PassageRules = field(default_factory=PassageRules)
    similarity: SimilarityRules = field(default_factory=SimilarityRules)
    stories: GroupRules = field(default_factory=GroupRules)
    happenings: Mapping[str, frozenset[str]] = field(default_factory=dict)  # word -> kinds (events.yaml: event_words)
    places: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # alias group id -> its names (aliases.yaml,
    # and countries.yaml: every country's CLDR names in the languages of dates.yaml)

    @functools.cached_property
    def spotter(self) -> _Spotter:
        """The kind words and alias names of these tables, made once (some 30,000 names and forms: 0.2 s)."""
        return _Spotter.of(self.happenings, self.places)


@dataclass(frozen=True, slots=True)
class Link(Record):
    """Why two articles belong together, and how strongly."""

    a: str
    b: str
    strength: float
    reasons: tuple[str, ...]  # "passage", "event", "similar"


@dataclass(frozen=True)
class Links:
    """Every pair of articles with a reason to share a story, strongest first (then by ids), as arrays.

    Pair k joins articles ``ids[a[k]]`` and ``ids[b[k]]`` with ``strength[k]``, for the reasons whose
    bits ``reasons[k]`` sets (see :data:`_REASONS`); ``ids`` are sorted, so their positions order
    them as their text does. Arrays, not a record per pair: an event told by sixty articles alone
    links 1,770 pairs.
    """

    ids: tuple[str, ...]
    a: npt.NDArray[np.int64]
    b: npt.NDArray[np.int64]
    strength: npt.NDArray[np.float64]
    reasons: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.a)

    def records(self) -> tuple[Link, ...]:
        """The pairs as :class:`Link` records, in order."""
        return tuple(Link(self.ids[x], self.ids[y], v, _REASONS[r]) for x, y, v, r in
                     zip(self.a.tolist(), self.b.tolist(), self.strength.tolist(), self.reasons.tolist(), strict=True))


# The bits of Links.reasons; _RECALLED marks an event link whose every shared event one of the two only
# looks back on (``recap_days``): it is still an "event", but as weak a sign of one story as similar words.
_PASSAGE, _EVENT, _SIMILAR, _RECALLED = 1, 2, 4, 8
_REASONS = tuple(tuple(name for bit, name in ((_EVENT, "event"), (_PASSAGE, "passage"), (_SIMILAR, "similar"))
                       if flags & bit) for flags in range(16))  # flags -> the reasons, sorted by name


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


@dataclass(frozen=True, slots=True)
class Related(Record):
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
    allowed = ("kinds", "clause_breaks", "filler", "habitual", "retracted", "future_endings", "looking_ahead", "rules",
               "merge", "passages", "similarity", "stories", "abbreviations", "event_words", "dateline_marks",
               "name_prefixes", "name_endings")
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
    habitual = frozenset(str(w).lower() for words in _mapping(data.get("habitual"), "habitual", shown).values()
                         for w in words)
    retracted = {lang: tuple(tuple(str(p).lower().split()) for p in phrases) for lang, phrases in
                 _mapping(data.get("retracted"), "retracted", shown).items()}
    future = {lang: tuple(str(e).lower() for e in endings) for lang, endings in
              _mapping(data.get("future_endings"), "future_endings", shown).items()}
    ahead = {lang: tuple(tuple(str(p).lower().split()) for p in phrases) for lang, phrases in
             _mapping(data.get("looking_ahead"), "looking_ahead", shown).items()}
    happenings: dict[str, set[str]] = defaultdict(set)
    for kind, table in _mapping(data.get("event_words"), "event_words", shown).items():
        for word in chain.from_iterable(_mapping(table, f"event_words.{kind}", shown).values()):
            happenings[str(word).lower()].add(kind)
    marks = frozenset(str(w) for w in data.get("dateline_marks") or ())
    kinds = KindRules(cues, breaks, filler, habitual, retracted, marks, future, ahead,
                      **_numbers(data.get("rules"), KindRules, "rules", shown))
    text = TextRules(frozenset(str(w).lower() for w in data.get("abbreviations") or ()), stopwords,
                     frozenset(month.rstrip(".") for month in builtin_words().months))
    return StoryRules(
        text=text,
        kinds=kinds,
        merge=MergeRules(**_numbers(data.get("merge"), MergeRules, "merge", shown)),
        passages=PassageRules(**_numbers(data.get("passages"), PassageRules, "passages", shown)),
        similarity=SimilarityRules(**_numbers(data.get("similarity"), SimilarityRules, "similarity", shown)),
        stories=GroupRules(**_numbers(data.get("stories"), GroupRules, "stories", shown)),
        happenings={word: frozenset(kinds) for word, kinds in happenings.items()},
        places=_with_affixes({**_places(_read(_ALIASES)), **_places(_read_generated(_COUNTRIES))},
                             _by_script(data.get("name_prefixes"), "name_prefixes", shown),
                             _by_script(data.get("name_endings"), "name_endings", shown)),
    )


def _places(groups: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """Each alias group's names (aliases.yaml), by group id: one place or person in every script."""
    return {str(gid): tuple(dict.fromkeys(str(name) for name in _names_listed(group.get("names"))))
            for gid, group in groups.items() if isinstance(group, dict)}


def _by_script(value: Any, name: str, shown: str) -> dict[str, tuple[str, ...]]:
    """events.yaml's name_prefixes or name_endings: a script (as scripts.script_of names it) -> its words."""
    return {str(script).upper(): tuple(str(p) for p in listed or ()) for script, listed in
            _mapping(value, name, shown).items()}


def _with_affixes(places: Mapping[str, tuple[str, ...]], prefixes: Mapping[str, tuple[str, ...]],
                  endings: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """``places`` with each name of a script that writes words onto a name also listed with each of them
    (Hebrew "באיראן", in Iran; Arabic "بإيران"), and each name of a script whose names take case endings with
    each of them on its last word, its own last vowel taken off ("Азербайджаном", "Ирана", "России")."""
    if not prefixes and not endings:
        return dict(places)
    added: dict[str, list[str]] = {}
    sources: dict[str, set[str]] = defaultdict(set)  # a form -> the names it is, or is made from
    for gid, names_ in places.items():
        more: list[str] = []
        for name in names_:
            sources[name].add(name)
            if not name:
                continue
            script = scripts.script_of(name[0])
            made = [p + name for p in prefixes.get(script, ())]
            if endings.get(script) and name[-1].isalpha():
                stem = name[:-1] if name[-1].lower() in _CASE_VOWELS else name
                made.extend(stem + e for e in endings[script])
            for form in made:
                sources[form].add(name)
            more.extend(made)
        added[gid] = more
    # a form two names make is neither's: "Нигерию" is Nigeria's ("Нигерия"), not Niger's ("Нигер" + "ию"); one
    # name in two groups ("Иран": Iran in aliases.yaml and in countries.yaml) makes its forms for both
    return {gid: tuple(dict.fromkeys((*names_, *(f for f in added[gid] if len(sources[f]) == 1))))
            for gid, names_ in places.items()}


_CASE_VOWELS = frozenset("аяоеиыйьіїєу")  # a name's last vowel, which a case ending takes the place of


def _names_listed(names: Any) -> Iterator[Any]:
    """A group's names: a list, or lists by language (aliases.yaml), each name once, in the order listed."""
    if isinstance(names, dict):
        for listed in names.values():
            yield from listed or ()
    else:
        yield from names or ()


def _read_generated(path: Path) -> dict[str, Any]:
    """A generated table (no hand edits, so no line to name in an error), with libyaml when there is one:
    the country names of every language are 140 KB, which the pure-Python reader takes 0.4 s over."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (a safe loader)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read: {exc}", str(path)) from None
    return dict(data) if isinstance(data, dict) else {}


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    doc = parse(raw, str(path), error=ConfigError, builtin=is_builtin(path))
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
    spans = [sentence_spans(b.text, rules.text.abbreviations, rules.text.months) for b in article.blocks]
    dated, dated_words = timeline.pack_dated(timeline.dated_sentences(article, words, rules.kinds, rules.text, spans))
    # the sentences' words, read once for the passages, the content words and the names
    sentences, content, written = sentences_content_and_words(article, rules.text, spans)
    return StoryFeatures(
        basis=_basis(article, key or tables_key(words, rules)),
        dated=dated,
        dated_words=dated_words,
        sentences=sentences,
        content=" ".join(sorted(content)),
        names=" ".join(sorted(_names_written(article, written, _not_names(rules.text, words)))),
    )


def _basis(article: Article, key: str) -> str:
    """A digest of everything :func:`features` reads: the article's title, language, date and text (which blocks
    are headings: their names do not count), and the tables."""
    p = article.published
    parts = [key, article.title, article.language.code, f"{p.date.isoformat()} {p.precision}" if p else "-",
             "".join("h" if b.level else "p" for b in article.blocks)]
    parts += (b.text for b in article.blocks)
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(b"%d:" % len(data) + data)
    return digest.hexdigest()


def _features_of(articles: Sequence[Article], words: DateWords, rules: StoryRules, key: str | None = None,
                 checked: Mapping[str, str] | None = None, keys: Mapping[str, str] | None = None,
                 ) -> dict[str, StoryFeatures]:
    """The features of each article (by id): those it carries when they still fit, else worked out now.

    ``key``: the :func:`tables_key` of ``words`` and ``rules``; ``checked``: the basis of the features
    found to fit an article, by the digest of everything it is made of (``keys``, by id): an article of
    the same digest is the same, and so is the basis of its features (10,000 bases cost 0.3 s).
    """
    key = key or tables_key(words, rules)
    out: dict[str, StoryFeatures] = {}
    seen = checked or {}
    given = keys or {}
    for a in articles:
        known = a.story_features
        fits = known is not None and (seen.get(given.get(a.id, "")) == known.basis or known.basis == _basis(a, key))
        out[a.id] = known if fits and known is not None else features(a, words, rules, key)
    if len(out) < len(articles):  # articles that share an id: each is read from the article itself
        for ident, count in Counter(a.id for a in articles).items():
            if count > 1:
                del out[ident]
    return out


def analyse(articles: Sequence[Article], words: DateWords, rules: StoryRules | None = None,
            kept: StoryCache | None = None, keys: Mapping[str, str] | None = None) -> StoryAnalysis:
    """Events, shared passages, similar pairs, stories and related articles of a set of articles.

    All in this process. A forked worker once found the shared passages and similar pairs while this
    process found the events (at 10,000 articles, 6 s and 4.8 s of CPU time), but both processes then
    wrote to most memory pages the fork had shared (reference counts, the events' new objects), so the
    worker came to hold a copy of the articles: 400-460 MB beside this process's 550, the build's peak.
    ``kept``: where the last build left what it found, taken again where its inputs are the same
    (storycache), and where this build leaves its own; ``keys``: a digest of everything each article (by
    id) is made of (pagedigest.article_key), where known.
    """
    rules = rules or load_rules()
    key = tables_key(words, rules)
    tables = f"{key} {_canonical(rules.merge)}"
    checked = kept.load("features", tables, dict) if kept is not None and keys is not None else None
    known = _features_of(articles, words, rules, key, checked, keys)
    if kept is not None and keys is not None:
        fits = {keys[a]: f.basis for a, f in known.items() if a in keys}
        if fits != checked:
            kept.store("features", tables, fits)
    before = _kept_events(kept, tables)
    events, state = timeline.merged_events(articles, words, rules.kinds, rules.merge, rules.text,
                                           {a: (f.dated, f.dated_words) for a, f in known.items()},
                                           keys, before)
    if kept is not None and state is not None:
        kept.store("events", tables, dataclasses.replace(state, dates={}))
        kept.store_buckets("events-by-date", tables, state.dates, before.dates if before is not None else None)
    # What the last build kept and this one keeps, let go of once stored (at 10,000 articles, after an edit,
    # the events' columns were 70 MB, held through the shared passages' peak).
    del before, state
    shared = shared_passages(articles, rules.text, rules.passages, {a: f.sentences for a, f in known.items()})
    pairs_before = kept.load("similar", tables, PairState) if kept is not None else None
    similar, pairs = scored_pairs(articles, rules.text, rules.similarity, {a: f.content for a, f in known.items()},
                                  pairs_before)
    if kept is not None and pairs is not pairs_before:
        kept.store("similar", tables, pairs)
    del pairs_before, pairs
    links = story_links(articles, events, shared, similar, rules.stories, rules.text, words, rules.happenings,
                        rules.places, {a: f.names for a, f in known.items()}, rules.spotter)
    focus = focus_dates(articles, events, rules.stories.max_span_days)
    # the links read the events of each language (a joined event would count a pair twice); the timeline
    # and the stories show one event of a day told in several languages
    events = join_languages(articles, events, rules.happenings, rules.places, rules.text, words, rules.spotter)
    stories = group_stories(articles, events, links, focus, rules.stories)
    story_of = {a: s.id for s in stories for a in s.articles}
    related = related_articles(articles, stories, shared, similar, rules.stories)
    return StoryAnalysis(events, shared, similar, stories, related, story_of, focus)


def _kept_events(kept: StoryCache | None, tables: str) -> timeline.EventState | None:
    """The events the last build left (:func:`timeline.merged_events`): its rows, and the dates' events in
    buckets of their own, so that an edit writes again the one of its dates."""
    found = kept.load("events", tables, timeline.EventState) if kept is not None else None
    if kept is None or found is None:
        return None
    dates = kept.load_buckets("events-by-date", tables, timeline.DateGroup)
    return dataclasses.replace(found, dates={g: d for g, d in dates.items() if found.made.get(g) == d.made})


def focus_dates(articles: Sequence[Article], events: Sequence[Event], max_span_days: int) -> dict[str, dt.date]:
    """When each article's news happened.

    That is its publication date, unless a stated date lies more than ``max_span_days`` after every
    event it reports with an explicit day (a listing or scrape date, an archive copy): then, as for an
    undated article, its latest explicitly dated reported event. A month alone is no such sign: "holed up
    in the embassy since February" is background in a report of May.
    """
    explicit: dict[str, list[dt.date]] = defaultdict(list)
    for e in events:
        if e.kind != "reported" or e.precision != "day":
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
                similar: Sequence[SimilarPair], rules: GroupRules, text: TextRules | None = None,
                words: DateWords | None = None, happenings: Mapping[str, frozenset[str]] | None = None,
                places: Mapping[str, tuple[str, ...]] | None = None, known: Mapping[str, str] | None = None,
                spot: _Spotter | None = None) -> Links:
    """Every pair of articles with a reason to share a story, strongest first.

    A pair's strength adds, in this order, its shared passages (3 and up to 1 more for the share of
    both articles they make), its events (:func:`_event_scores`) and its similarity (6 times it).
    Similar words alone are a topic's as often as an event's (two weather reports, two match reports),
    so a similarity counts from ``min_similarity`` when something else says the two tell one event:
    a shared passage, an event strong enough to link them alone, a theme in common, or ``min_names``
    names in common (:func:`names`, with ``text``'s stop words and ``words``' month and day names left
    out); from ``min_similarity_alone`` without. Two articles in different languages whose sentences of
    one day share a name and a kind of happening (``happenings``: :func:`_across_languages`) count as
    sharing that event; ``places`` (alias groups) give them names in scripts without capitals. Rounded
    to four places, the strength must reach ``min_strength``. ``known``: the names of articles (by id)
    already worked out with these tables (:attr:`StoryFeatures.names`); ``spot``: ``happenings`` and ``places``
    made ready (:attr:`StoryRules.spotter`).
    """
    ids = tuple(sorted({a.id for a in articles}))
    index = {a: i for i, a in enumerate(ids)}
    n = len(ids)
    themes = {a.id: {t.theme for t in a.themes} for a in articles}
    passage = [(index[p.a], index[p.b], 3.0 + min(1.0, p.share_a + p.share_b)) for p in shared.pairs
               if p.a in index and p.b in index]
    own = {a.id: a.published.date for a in articles if a.published is not None and a.published.precision == "day"}
    passage_codes = _codes(passage, n)
    fresh = _freshest(events)
    event_codes, near = _event_scores(events, themes, index, rules.relative_share, own, rules.recap_days, fresh)
    if happenings:
        (event_codes, near) = _with_pairs((event_codes, near), _across_languages(
            articles, events, index, happenings, text, words, rules.relative_share, own, places or {}, spot,
            rules.recap_days, fresh, rules.background_days))
    # events that link on their own: one dated only by weekdays ("on Saturday") in both is no sign
    corroborated = set(passage_codes[0].tolist()) | set(event_codes[0][event_codes[1] >= rules.min_strength].tolist())
    by_id = {a.id: a for a in articles}
    found: dict[str, frozenset[str]] = {}  # names worked out only for the articles of uncorroborated pairs

    def named(ident: str) -> frozenset[str]:
        if ident not in found:
            given = known.get(ident) if known is not None else None
            found[ident] = frozenset(given.split()) if given is not None else names(by_id[ident], text, words)
        return found[ident]

    def counts(a: str, b: str, similarity: float) -> bool:
        if similarity >= rules.min_similarity_alone:
            return True
        if similarity < rules.min_similarity:
            return False
        return (index[a] * n + index[b] in corroborated or bool(themes[a] & themes[b])
                or len(named(a) & named(b)) >= rules.min_names)

    close = [(index[s.a], index[s.b], 6.0 * s.similarity) for s in similar
             if s.a in index and s.b in index and counts(s.a, s.b, s.similarity)]
    parts = [passage_codes, event_codes, _codes(close, n)]
    code, _ = distinct(np.concatenate([c for c, _ in parts]))
    strength = np.zeros(len(code), dtype=np.float64)
    reasons = np.zeros(len(code), dtype=np.int64)
    for (codes, values), bit in zip(parts, (_PASSAGE, _EVENT, _SIMILAR), strict=True):
        at = np.searchsorted(code, codes)
        strength[at] += values  # each source names a pair once: the sum is the one made in this order
        reasons[at] |= bit
    recalled = event_codes[0][~near]
    reasons[np.searchsorted(code, recalled)] |= _RECALLED
    keep = strength >= rules.min_strength
    code, rounded, reasons = code[keep], _rounded(strength[keep], 4), reasons[keep]
    order = np.lexsort((code, -rounded))  # strongest first, then by a, then by b
    return Links(ids, code[order] // max(1, n), code[order] % max(1, n), rounded[order], reasons[order])


def _across_languages(articles: Sequence[Article], events: Sequence[Event], index: Mapping[str, int],
                      happenings: Mapping[str, frozenset[str]], text: TextRules | None, words: DateWords | None,
                      relative_share: float, own: Mapping[str, dt.date],
                      places: Mapping[str, tuple[str, ...]], spot: _Spotter | None = None,
                      recap_days: int | None = None, fresh: Mapping[str, dt.date] | None = None,
                      background_days: int = GroupRules.background_days,
                      ) -> dict[int, tuple[float, bool]]:
    """Pairs of articles in different languages that tell one event of a day, as codes and (weight, whether
    the day is news to both rather than a look back of one: :func:`_looks_back`).

    The event merge compares words, and across languages two sentences share only names: a name alone
    is no sign (every report of a day about Putin names him). Two sentences of one day, from articles
    in two languages, tell one event when they share a name (accents left out) and a kind of happening
    (``happenings``: a word of events.yaml event_words -> its kinds): "Mount Ruang volcano erupted" and
    "Gunung Ruang ... mengalami erupsi". Weighed as a shared day event; ``relative_share`` of it only
    when both date it by a relative phrase ("on Tuesday", "kemarin"): with the name and the kind of
    happening in common, one stated day ("Selasa (16/4)") is enough to tell that the two meet on it,
    where two weekdays alone are weak evidence (:func:`_event_scores`). English wires date by weekday.
    Scripts without capitals (Arabic, Thai) or without spaces (Chinese, Japanese) give no names by
    capitals and no separate words: there a sentence's names are the alias groups (``places``) it
    mentions, and a kind word written in such a script is found inside the text (:class:`_Spotter`), so
    "台風3号は24日夜、台湾北東部の宜蘭県に上陸" meets "made landfall in Yilan, Taiwan" on that day.
    A lead that dates nothing tells its page's own day (:func:`undated_leads`), as weakly as a relative
    date; a sentence of a day over ``background_days`` before its page's own tells what led to the page's
    news ("the election was needed after Raisi died in a crash on 19 May", in a report of the runoff) and
    links no page here.
    """
    language = {a.id: a.language.code for a in articles}
    if len(set(language.values())) < 2:  # one language: nothing to read (a 10,000-article site spent 3 s on it)
        return {}
    n = len(index)
    day_events = [e for e in events if e.kind in _LINKED_KINDS and e.precision == "day"]
    languages_of: dict[dt.date, set[str]] = defaultdict(set)
    for e in day_events:
        languages_of[e.date].update(language[s.article_id] for s in e.sources if s.article_id in index)
    told: dict[dt.date, list[tuple[str, frozenset[str], frozenset[str], bool]]] = defaultdict(list)
    leads = undated_leads(articles, events, own, text)
    for a, _ in leads:
        languages_of[own[a]].add(language[a])
    spot = spot or _Spotter.of(happenings, places)

    def tell(article: str, day: dt.date, sentences: Sequence[str], relative: bool) -> None:
        kinds: frozenset[str] = frozenset()
        named: frozenset[str] = frozenset()
        for sentence in sentences:
            written = _marked_words(sentence)
            said = [w.lower() for w in written]
            kinds |= frozenset(chain.from_iterable(happenings.get(w, ()) for w in said)) | spot.kinds(sentence, said)
            named |= sentence_names(sentence, text, words) | spot.places(sentence, written, said)
        if kinds:
            told[day].append((article, kinds, named, relative))

    for e in day_events:
        if len(languages_of[e.date]) < 2:  # a day told in one language only: its sentences are not read
            continue
        for s in e.sources:
            page_day = own.get(s.article_id)
            if s.article_id in index and (page_day is None or (page_day - e.date).days <= background_days):
                tell(s.article_id, e.date, (s.text,), s.relative and page_day != e.date)
    for a, sentences in leads:  # the day's news as a page tells it first: as weak as a relative date
        if a in index and len(languages_of[own[a]]) >= 2:
            tell(a, own[a], sentences, True)
    out: dict[int, tuple[float, bool]] = {}
    for day, said_that_day in told.items():
        by_language: dict[str, list[tuple[str, frozenset[str], frozenset[str], bool]]] = defaultdict(list)
        for entry in said_that_day:
            by_language[language[entry[0]]].append(entry)
        groups = list(by_language.values())  # only sentences in two languages are compared, not every pair of a day
        for g, group in enumerate(groups):
            for (a, kinds_a, names_a, relative_a), (b, kinds_b, names_b, relative_b) in product(
                    group, chain.from_iterable(groups[g + 1:])):
                if kinds_a & kinds_b and names_a & names_b:
                    x, y = sorted((index[a], index[b]))
                    weight = 2.0 * (relative_share if relative_a and relative_b else 1.0)
                    near = not (_looks_back(fresh, a, day, recap_days) or _looks_back(fresh, b, day, recap_days))
                    was, was_near = out.get(x * n + y, (0.0, False))
                    out[x * n + y] = (max(was, weight), was_near or near)
    return out


def _looks_back(fresh: Mapping[str, dt.date] | None, article: str, day: dt.date, recap_days: int | None) -> bool:
    """Whether ``day`` lies more than ``recap_days`` before the freshest news ``article`` reports (``fresh``:
    :func:`_freshest`): a look back, as an anniversary piece or a review of the year retells the events of
    months before. A late report of one event (an eruption told two weeks on) looks back on nothing."""
    mine = fresh.get(article) if fresh is not None and recap_days is not None else None
    return mine is not None and recap_days is not None and (mine - day).days > recap_days


def _freshest(events: Sequence[Event]) -> dict[str, dt.date]:
    """Each article's latest reported event that it dates to the day itself (not by "on Friday")."""
    out: dict[str, dt.date] = {}
    for e in events:
        if e.kind == "reported" and e.precision == "day":
            for s in e.sources:
                if not s.relative and e.date > out.get(s.article_id, dt.date.min):
                    out[s.article_id] = e.date
    return out


def undated_leads(articles: Sequence[Article], events: Sequence[Event], own: Mapping[str, dt.date],
                  text: TextRules | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """The sentences of each lead that states no date, by article id, for an article dated to the day (``own``).

    A report tells the day's news in its first paragraph and often dates it only by the page ("North
    Korea has sent around 1,500 special forces troops to Russia, South Korea's spy agency says", a page
    of 18 October), where another language's report of that day writes "18일": such a lead is read as
    told on the page's day. A lead that states any date (an event of the timeline is read from it) is
    dated by what it states; a quote or a list item opens no report.
    """
    stated = {(s.article_id, s.block_index) for e in events for s in e.sources}
    abbreviations = text.abbreviations if text is not None else frozenset()
    months = text.months if text is not None else frozenset()
    out: list[tuple[str, tuple[str, ...]]] = []
    for a in articles:
        if a.id not in own:
            continue
        at = next((i for i, b in enumerate(a.blocks) if b.type == "paragraph" and b.style is None), None)
        if at is None or (a.id, at) in stated:
            continue
        lead = a.blocks[at].text
        out.append((a.id, tuple(lead[lo:hi] for lo, hi in sentence_spans(lead, abbreviations, months))))
    return out


@dataclass(frozen=True)
class _Spotter:
    """Kind words written without spaces and alias groups, found in a sentence of any script.

    A word or name with a letter of a script written without spaces (scripts.UNSPACED: Chinese, Japanese,
    Thai; Korean joins its particles on) is found inside the text ("上陸" in "上陸しました", "대만" in
    "대만은"); any other name as whole words in a row, ignoring case, and a short all-capitals one (ROK)
    only as written. A group found is the name "@" + its id, which every script's sentence shares.
    """

    unspaced_kinds: tuple[tuple[str, frozenset[str]], ...]
    phrases: Mapping[str, tuple[tuple[tuple[str, ...], frozenset[str]], ...]]  # first word -> (words, kinds)
    unspaced_names: tuple[tuple[str, str], ...]  # (name, group id)
    spaced_names: Mapping[str, tuple[tuple[tuple[str, ...], bool, str], ...]]  # first word -> (words, acronym, id)

    @classmethod
    def of(cls, happenings: Mapping[str, frozenset[str]], places: Mapping[str, tuple[str, ...]]) -> _Spotter:
        unspaced = re.compile(f"[{scripts.UNSPACED}]")
        spaced: dict[str, list[tuple[tuple[str, ...], bool, str]]] = defaultdict(list)
        loose: list[tuple[str, str]] = []
        for gid, names_ in places.items():
            for name in names_:
                if unspaced.search(name):
                    loose.append((unicodedata.normalize("NFKC", name).casefold(), gid))
                    continue
                found = _marked_words(name)
                if found:
                    acronym = len(found) == 1 and found[0].isupper() and len(found[0]) <= 5
                    key = tuple(found) if acronym else tuple(w.lower() for w in found)
                    spaced[key[0]].append((key, acronym, gid))
        phrases: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = defaultdict(list)
        for word, kinds in happenings.items():
            if " " in word and not unspaced.search(word):  # "mati listrik", "fallo informático"
                key = tuple(w.lower() for w in _marked_words(word))
                phrases[key[0]].append((key, kinds))
        return cls(tuple((w, k) for w, k in happenings.items() if unspaced.search(w)),
                   {first: tuple(entries) for first, entries in phrases.items()}, tuple(loose),
                   {first: tuple(entries) for first, entries in spaced.items()})

    def kinds(self, sentence: str, said: Sequence[str] = ()) -> frozenset[str]:
        """The kinds of happening whose words written without spaces ``sentence`` holds, and whose words of
        several words ("mati listrik", "fallo informático") its lowercased words ``said`` hold in a row."""
        found: set[str] = set()
        for i, first in enumerate(said):
            for key, kinds in self.phrases.get(first, ()):
                if tuple(said[i:i + len(key)]) == key:
                    found |= kinds
        if not self.unspaced_kinds or sentence.isascii():
            return frozenset(found)
        text = unicodedata.normalize("NFKC", sentence).casefold()
        return frozenset(found).union(*(kinds for word, kinds in self.unspaced_kinds if word in text))

    def places(self, sentence: str, written: Sequence[str], said: Sequence[str]) -> frozenset[str]:
        """"@" + the id of each alias group ``sentence`` (its ``written`` words, lowercased ``said``) names;
        of names found one inside another, only the longest (:func:`_longest`)."""
        found: list[tuple[int, int, str]] = []  # letters (a script without spaces) or words: start, end, group
        if self.unspaced_names and not sentence.isascii():
            text = unicodedata.normalize("NFKC", sentence).casefold()
            for name, gid in self.unspaced_names:
                at = text.find(name)
                while at >= 0:
                    found.append((at, at + len(name), gid))
                    at = text.find(name, at + 1)
        out = _longest(found)
        found = []
        cut_written = [_apostrophe_cut(w) for w in written]
        cut_said = [_apostrophe_cut(w) for w in said]
        for as_written, as_said in ((written, said), (cut_written, cut_said)):
            for i, first in enumerate(as_said):
                for key, acronym, gid in chain(self.spaced_names.get(first, ()),
                                               self.spaced_names.get(as_written[i], ())):
                    if tuple((as_written if acronym else as_said)[i:i + len(key)]) == key:
                        found.append((i, i + len(key), gid))
        return frozenset(out | _longest(found))


_APOSTROPHES = re.compile("['’]")


def _apostrophe_cut(word: str) -> str:
    """``word`` without what an apostrophe joins to a name: a suffix after it ("Iran's", Turkish "İran'ın",
    "Tahran'dan"), an article or preposition before it ("l'Azerbaïdjan", "d'Iran"); else ``word``."""
    parts = _APOSTROPHES.split(word, maxsplit=1)
    if len(parts) < 2:
        return word
    before, after = parts
    if len(before) <= 2 < len(after):
        return after
    return before if len(after) <= 4 and len(before) >= 3 else word


# A word with the combining marks on its letters: Devanagari's vowel signs ("रूस", not "र" and "स", which any
# Hindi sentence holds and which made it name Russia), Arabic's vowels
_MARKED_WORD = re.compile(f"(?:\\w|[{scripts.MARKS}])+(?:[-'’](?:\\w|[{scripts.MARKS}])+)*")


def _marked_words(text: str) -> list[str]:
    """The words of ``text`` (NFKC) as written, each with the combining marks of its letters; Hebrew's geresh
    (CLDR's "אזרבייג׳ן") as the apostrophe Hebrew pages mostly type in its place ("אזרבייג'ן")."""
    return _MARKED_WORD.findall(unicodedata.normalize("NFKC", text).replace("\u05f3", "'"))


def _longest(found: Sequence[tuple[int, int, str]]) -> set[str]:
    """"@" + the groups of the names ``found`` (start, end, group) that no longer name found covers: "印度"
    (India) inside "印度尼西亚" (Indonesia), "Sudan" in "South Sudan", "Guinea" in "Papua New Guinea"."""
    if len(found) < 2:
        return {"@" + gid for _, _, gid in found}
    return {"@" + gid for start, end, gid in found
            if not any(s <= start and end <= e and e - s > end - start for s, e, _ in found)}


def join_languages(articles: Sequence[Article], events: Sequence[Event], happenings: Mapping[str, frozenset[str]],
                   places: Mapping[str, tuple[str, ...]], text: TextRules | None = None,
                   words: DateWords | None = None, spot: _Spotter | None = None) -> tuple[Event, ...]:
    """``events`` with the reports of one happening of one day in different languages joined into one.

    The events of one day (reported or scheduled, dated to the day) join as :func:`_across_languages`
    links articles: their sentences share a kind of happening and a name or alias group. Strongest
    first (most kinds and names in common), and never two events of one language into one: two
    English events of a day are not chained through a Japanese one. The joined event keeps the date,
    kind and text of its largest part and lists every part's sources, article by article.
    """
    language = {a.id: a.language.code for a in articles}
    if len(set(language.values())) < 2 or not happenings:
        return tuple(events)
    spot = spot or _Spotter.of(happenings, places)
    tongues: list[frozenset[str]] = [frozenset(language.get(s.article_id, "") for s in e.sources) for e in events]
    told: dict[dt.date, list[int]] = defaultdict(list)
    for i, e in enumerate(events):
        if e.kind in _LINKED_KINDS and e.precision == "day":
            told[e.date].append(i)
    facts: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
    candidates: list[tuple[int, int, int]] = []
    for day in told.values():
        if len(frozenset().union(*(tongues[i] for i in day))) < 2:  # a day told in one language: not read
            continue
        for i in day:
            kinds: set[str] = set()
            named: set[str] = set()
            for s in events[i].sources:
                written = _marked_words(s.text)
                said = [w.lower() for w in written]
                found = frozenset(chain.from_iterable(happenings.get(w, ()) for w in said)) | spot.kinds(s.text, said)
                if found:
                    kinds |= found
                    named |= sentence_names(s.text, text, words) | spot.places(s.text, written, said)
            facts[i] = (frozenset(kinds), frozenset(named))
        for i, j in combinations(day, 2):
            (kinds_i, names_i), (kinds_j, names_j) = facts[i], facts[j]
            if not tongues[i] & tongues[j] and kinds_i & kinds_j and names_i & names_j:
                candidates.append((len(kinds_i & kinds_j) + len(names_i & names_j), i, j))
    if not candidates:
        return tuple(events)
    parent = list(range(len(events)))
    spoken = list(tongues)  # the languages of each joined event, at its root

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        ri, rj = find(i), find(j)
        if ri != rj and not spoken[ri] & spoken[rj]:
            root, other = min(ri, rj), max(ri, rj)
            parent[other] = root
            spoken[root] = spoken[root] | spoken[other]
    parts: dict[int, list[int]] = defaultdict(list)
    for i in range(len(events)):
        parts[find(i)].append(i)
    out: list[Event] = []
    for i, e in enumerate(events):
        mine = parts.get(i)
        if mine is None:
            continue  # joined into an earlier event
        if len(mine) == 1:
            out.append(e)
            continue
        largest = events[min(mine, key=lambda k: (-len(events[k].sources), k))]
        # by article and block, as the timeline's own merge lists them: never by the order the articles came in
        sources = tuple(sorted(chain.from_iterable(events[k].sources for k in mine),
                               key=lambda s: (s.article_id, s.block_index)))
        keys = "|".join(f"{s.article_id}#{s.block_index}" for s in sources)
        digest = hashlib.sha1(f"{e.iso()}|{keys}".encode()).hexdigest()[:8]
        themes = tuple(dict.fromkeys(chain.from_iterable(events[k].themes for k in mine)))[:4]
        out.append(dataclasses.replace(largest, id=f"e-{e.iso()}-{digest}", themes=themes, sources=sources))
    return tuple(out)


def _with_pairs(scores: tuple[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]], npt.NDArray[np.bool_]],
                more: Mapping[int, tuple[float, bool]],
                ) -> tuple[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]], npt.NDArray[np.bool_]]:
    """Event scores ((codes ascending, values), whether news to both) with ``more`` added pair by pair, each
    total at most 4."""
    if not more:
        return scores
    (codes_in, values), near_in = scores
    total = dict(zip(codes_in.tolist(), values.tolist(), strict=True))
    near = dict(zip(codes_in.tolist(), near_in.tolist(), strict=True))
    for code, (weight, news) in more.items():
        total[code] = min(4.0, total.get(code, 0.0) + weight)
        near[code] = near.get(code, False) or news
    codes = sorted(total)
    return ((np.array(codes, dtype=np.int64), np.array([total[c] for c in codes], dtype=np.float64)),
            np.array([near[c] for c in codes], dtype=bool))


def _codes(pairs: Sequence[tuple[int, int, float]], n: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Pairs of article positions with a value, as codes ``a * n + b`` and values."""
    a = np.array([x for x, _, _ in pairs], dtype=np.int64)
    b = np.array([y for _, y, _ in pairs], dtype=np.int64)
    return a * n + b, np.array([v for _, _, v in pairs], dtype=np.float64)


def names(article: Article, text: TextRules | None = None, words: DateWords | None = None) -> frozenset[str]:
    """The names an article's paragraphs give, lowercased: words written with a capital inside a sentence.

    A sentence's first word is left out (any word starts one with a capital), and so are headings (often
    in title case), stop words and month and day names, which a capital marks in English but which
    name no one. Scripts without
    capitals give none; languages that capitalise every noun (German) give their nouns too.
    """
    abbreviations = text.abbreviations if text is not None else frozenset()
    months = text.months if text is not None else frozenset()
    spans = [() if b.level else sentence_spans(b.text, abbreviations, months) for b in article.blocks]
    return frozenset(_names_of(article, spans, _not_names(text, words)))


def _names_of(article: Article, spans: Sequence[Sequence[tuple[int, int]]], left_out: frozenset[str]) -> set[str]:
    """:func:`names` of an article whose blocks' sentences are ``spans``."""
    out: set[str] = set()
    for block, found in zip(article.blocks, spans, strict=True):
        if not block.level:
            for lo, hi in found:
                out |= _names_in(block.text[lo:hi], left_out)
    return out


def sentence_names(sentence: str, text: TextRules | None = None, words: DateWords | None = None) -> frozenset[str]:
    """The names of one sentence or clause as :func:`names` finds them, accents left out (timeline.bare):
    "José" in one language is "Jose" in another."""
    return frozenset(map(timeline.bare, _names_in(sentence, _not_names(text, words))))


def _not_names(text: TextRules | None, words: DateWords | None) -> frozenset[str]:
    """Capitalised words that name no one: stop words, month and day names."""
    return _joined(text.stopwords if text is not None else frozenset(),
                   words.calendar_names if words is not None else frozenset())


@functools.lru_cache(maxsize=8)
def _joined(stop: frozenset[str], calendar: frozenset[str]) -> frozenset[str]:
    """The union of the two, made once for the tables' sets rather than for each article or sentence read
    (some 3,600 words: 0.1 ms a union, 1 s of CPU over 10,000 articles)."""
    return stop | calendar


def _names_written(article: Article, written: Sequence[tuple[int, Sequence[str]]], left_out: frozenset[str]
                   ) -> set[str]:
    """:func:`_names_of` from the words of each sentence of the article as written (its block's index, and
    ``words_as_written`` of the sentence: similar.sentences_content_and_words), found once for all."""
    out: set[str] = set()
    for index, found in written:
        if not article.blocks[index].level:
            out |= _capitalised(found[1:], left_out)
    return out


def _names_in(sentence: str, left_out: frozenset[str]) -> set[str]:
    """The words of a sentence written with a capital after its first, lowercased, but ``left_out`` and numbers."""
    return _capitalised(words_as_written(sentence, 1, None), left_out)


def _capitalised(found: Sequence[str], left_out: frozenset[str]) -> set[str]:
    """Those of the words ``found`` written with a capital, lowercased, but ``left_out`` and numbers."""
    out: set[str] = set()
    for word in found:
        if word[0].isupper():
            low = word.lower()
            if low not in left_out and not any(c.isdigit() for c in low):
                out.add(low)
    return out


def _rounded(values: npt.NDArray[np.float64], places: int) -> npt.NDArray[np.float64]:
    """Python's ``round`` of each value (numpy's rounds differently at a half): once per distinct value."""
    kinds, at = np.unique(values, return_inverse=True)
    return np.array([round(v, places) for v in kinds.tolist()], dtype=np.float64)[at]


def _event_scores(events: Sequence[Event], themes: Mapping[str, set[str]], index: Mapping[str, int],
                  relative_share: float = 1.0, own: Mapping[str, dt.date] | None = None,
                  recap_days: int | None = None, fresh: Mapping[str, dt.date] | None = None,
                  ) -> tuple[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]], npt.NDArray[np.bool_]]:
    """Pairs of articles that tell one event dated to the day or month, and how strongly that links them.

    Each such event adds 2 (a day) or 1 (a month), up to 4, unless both articles have themes and none in
    common; only ``relative_share`` of that when one of the two dates it by a relative phrase alone
    ("on Friday", "yesterday"): such a date is worked out from the article's own, and two articles
    whose weekdays fall on one day need not tell one event. A weekday that is the article's own day
    (``own``: its publication date) is as sure as that date. An event of many articles links them as a
    chain; the pairs are formed and summed with numpy. As codes ``index[a] * len(index) + index[b]``
    (a before b), ascending, and their scores; with, for each pair, whether one of its events is news to
    both, not a look back of either (:func:`_looks_back`, ``fresh``: :func:`_freshest`).
    """
    linked = [e for e in events if e.kind in _LINKED_KINDS and e.precision != "year" and len(e.articles) >= 2]
    names = {t: i for i, t in enumerate(sorted({t for e in linked for a in e.articles for t in themes.get(a, ())}))}
    n = len(index)
    masks = np.zeros((max(1, n), max(1, (len(names) + 63) // 64)), dtype=np.uint64)  # each article's themes
    for a, i in index.items():
        for t in themes.get(a, ()):
            if t in names:
                masks[i, names[t] // 64] |= np.uint64(1 << (names[t] % 64))
    themed = np.asarray(masks.any(axis=1), dtype=bool)
    codes: list[npt.NDArray[np.int64]] = []
    weights: list[npt.NDArray[np.float64]] = []
    news: list[npt.NDArray[np.bool_]] = []
    for e in linked:
        told = [a for a in e.articles if a in index]  # ascending, as e.articles
        at = np.array([index[a] for a in told], dtype=np.int64)
        explicit = {s.article_id for s in e.sources if not s.relative or own is not None
                    and own.get(s.article_id) == e.date}
        relative = np.array([a not in explicit for a in told], dtype=bool)
        if len(at) <= _CHAIN_OVER:
            left, right = pair_indices(len(at))
        else:
            left, right = np.arange(len(at) - 1), np.arange(1, len(at))
        x, y = at[left], at[right]
        ok = ~(themed[x] & themed[y]) | (masks[x] & masks[y]).any(axis=1)
        codes.append(x[ok] * n + y[ok])
        weight = 2.0 if e.precision == "day" else 1.0
        weights.append(np.where((relative[left] | relative[right])[ok], weight * relative_share, weight))
        back = np.array([_looks_back(fresh, a, e.date, recap_days) for a in told], dtype=bool)
        news.append(~(back[left] | back[right])[ok])
    code = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
    if not len(code):
        return (code, np.zeros(0, dtype=np.float64)), np.zeros(0, dtype=bool)
    order = np.argsort(code, kind="stable")
    code = code[order]
    starts = np.flatnonzero(np.concatenate(([True], code[1:] != code[:-1])))
    total = np.add.reduceat(np.concatenate(weights)[order], starts)
    near = np.maximum.reduceat(np.concatenate(news)[order].astype(np.int8), starts) > 0
    return (code[starts], np.minimum(4.0, total)), near


def group_stories(articles: Sequence[Article], events: Sequence[Event], links: Links,
                  focus: Mapping[str, dt.date], rules: GroupRules) -> tuple[Story, ...]:
    """Join articles along the strongest links while a story stays short in time and in size.

    Links that tell one event (a shared passage or event) are taken first, then those of similar words
    alone; a link of similar words alone never joins two groups that each hold such an event of their
    own: a trip's next stop (Putin in Hanoi the day after the pact in Pyongyang) is written in the same
    words and names, but it is its own story. Nor does an event that one of the two only looks back on
    (``_RECALLED``): an anniversary piece retells the events of several stories and would chain them.
    ``links``: the :func:`story_links` of these articles;
    ``focus``: when each article's news happened (:func:`focus_dates` of these articles and events).
    Articles are worked on by their position in ``links.ids``, whose order is that of the ids.
    """
    by_id = {a.id: a for a in articles}
    ids = links.ids
    parent = list(range(len(ids)))
    size = [1] * len(ids)
    days = [focus[a].toordinal() if a in focus else None for a in ids]
    low, high = list(days), list(days)  # a story's span of focus dates, at its root
    weight = [0.0] * len(ids)
    touched = [False] * len(ids)
    max_size, max_days = rules.max_articles, rules.max_span_days

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    anchored = [False] * len(ids)  # at a story's root: whether a passage or an event joined it
    told_together = ((links.reasons & _PASSAGE) != 0) | ((links.reasons & (_EVENT | _RECALLED)) == _EVENT)
    order = np.concatenate((np.flatnonzero(told_together), np.flatnonzero(~told_together)))  # stable: strongest first
    for k in order.tolist():
        x, y, strength = int(links.a[k]), int(links.b[k]), float(links.strength[k])
        ra, rb = parent[x], parent[y]  # most often a root already: find() would change nothing
        if parent[ra] != ra:
            ra = find(x)
        if parent[rb] != rb:
            rb = find(y)
        if ra != rb:
            if size[ra] + size[rb] > max_size or not told_together[k] and anchored[ra] and anchored[rb]:
                continue
            lo_a, lo_b, hi_a, hi_b = low[ra], low[rb], high[ra], high[rb]
            lo = lo_b if lo_a is None else lo_a if lo_b is None else min(lo_a, lo_b)
            hi = hi_b if hi_a is None else hi_a if hi_b is None else max(hi_a, hi_b)
            if lo is not None and hi is not None and hi - lo > max_days:
                continue
            root, other = (ra, rb) if ra < rb else (rb, ra)
            parent[other] = root
            size[root] += size[other]
            low[root], high[root] = lo, hi
            anchored[root] = anchored[ra] or anchored[rb] or bool(told_together[k])
        weight[x] += strength
        weight[y] += strength
        touched[x] = touched[y] = True
    weights = {ids[i]: weight[i] for i in range(len(ids)) if touched[i]}
    members: dict[int, list[str]] = defaultdict(list)
    for i, a in enumerate(ids):
        members[find(i)].append(a)
    told: dict[str, list[int]] = defaultdict(list)  # article -> the events it tells (their index)
    for i, e in enumerate(events):
        if e.kind != "publication":
            for a in e.articles:
                told[a].append(i)
    rough = [e.approximate for e in events]  # once, not once a story
    stories = []
    for group in members.values():
        if len(group) >= rules.min_articles:
            reach = Counter(chain.from_iterable(told.get(a, ()) for a in group))  # event -> its articles here
            mine = [(events[i], reach[i], rough[i]) for i in sorted(reach)]
            stories.append(_story(group, by_id, mine, focus, weights))
    return _unique_ids(sorted(stories, key=lambda s: (s.start or dt.date.max, s.id)))


def _story(ids: list[str], by_id: Mapping[str, Article], mine: Sequence[tuple[Event, int, bool]],
           focus: Mapping[str, dt.date], weight: Mapping[str, float]) -> Story:
    """One story of articles ``ids``; ``mine``: the events they tell, in order, publication dates left out,
    each with how many of them tell it and whether it is approximate."""
    def when(a: str) -> tuple[dt.date, str]:
        p = by_id[a].published
        return (focus.get(a) or (p.date if p else dt.date.max), a)

    ordered = tuple(sorted(ids, key=when))
    dates = [focus[a] for a in ids if a in focus]
    start, end = (min(dates), max(dates)) if dates else (None, None)

    def importance(told: tuple[Event, int, bool]) -> tuple[float, bool, dt.date, str]:
        e, reach, approximate = told
        near = start is not None and end is not None and (start - dt.timedelta(days=7)) <= e.date <= (
            end + dt.timedelta(days=7))
        score = 2.0 * reach + (e.precision == "day") + 2.0 * near
        return (-score, approximate, e.date, e.id)

    main, _, _ = min((t for t in mine if t[0].kind in _LINKED_KINDS and t[0].precision != "year"), key=importance,
                     default=(None, 0, False))
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
    return Story(ident, title, ordered, tuple(e.id for e, _, _ in mine), main.id if main else None, themes, start, end)


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
    named = sorted({t.theme for a in articles for t in a.themes})
    themes = {a.id: sum({1 << named.index(t.theme) for t in a.themes}) for a in articles}  # as bits, by name
    theme_names: dict[int, tuple[str, ...]] = {}  # bits -> the names, each set once
    story_of = {a: s.id for s in stories for a in s.articles}
    mates = {s.id: sorted(s.articles) for s in stories}
    facts: dict[tuple[str, str], dict[str, Any]] = {}  # a pair of articles (by id, in order) -> what links them
    for p in shared.pairs:
        facts.setdefault((p.a, p.b) if p.a <= p.b else (p.b, p.a), {})["passages"] = p.passages
    for sim in similar:
        common = themes.get(sim.a, 0) & themes.get(sim.b, 0)
        f = facts.setdefault((sim.a, sim.b) if sim.a <= sim.b else (sim.b, sim.a), {})
        f["similarity"] = sim.similarity
        if common:
            names = theme_names.get(common)
            if names is None:
                names = theme_names[common] = tuple(t for i, t in enumerate(named) if common >> i & 1)
            f["themes"] = names

    # each pair weighed once, for both its articles; ranked before any Related is made
    options: dict[str, list[tuple[float, str, dict[str, Any], str | None]]] = defaultdict(list)
    partners: dict[str, set[str]] = defaultdict(set)
    for (a, b), f in facts.items():
        partners[a].add(b)
        partners[b].add(a)
        story = story_of.get(a)
        same = story if story is not None and story_of.get(b) == story else None
        if same is not None or "passages" in f or "themes" in f:
            score = -(3.0 * (same is not None) + 2.0 * bool(f.get("passages", ())) + f.get("similarity", 0.0)
                      + 0.1 * len(f.get("themes", ())))
            options[a].append((score, b, f, same))
            if a != b:
                options[b].append((score, a, f, same))
    out: dict[str, tuple[Related, ...]] = {}
    nothing: dict[str, Any] = {}
    for x in sorted(set(story_of) | set(partners)):
        story = story_of.get(x)
        mine = options.get(x, [])
        if story is not None:
            linked = partners.get(x, set())
            plain = (y for y in mates[story] if y != x and y not in linked)
            # a story mate with nothing else in common scores what the sum above gives it: 3.0
            mine.extend((-3.0, y, nothing, story) for y in islice(plain, rules.related))
        if mine:
            mine.sort(key=_BY_SCORE)  # no two options of an article have the same partner
            out[x] = tuple(_related(y, f, same) for _, y, f, same in mine[: rules.related])
    return out


_BY_SCORE = operator.itemgetter(0, 1)
_RELATED_REASONS = {  # (same story, shared passages, shared themes) -> the reasons named
    (story, passages, themes): tuple(r for r, on in (("same-story", story), ("shared-passages", passages),
                                                    ("shared-themes", themes)) if on)
    for story in (False, True) for passages in (False, True) for themes in (False, True)}


def _related(other: str, facts: Mapping[str, Any], story: str | None) -> Related:
    reasons = _RELATED_REASONS[story is not None, "passages" in facts, "themes" in facts]
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
