"""Themes for articles: lexicons from YAML, a score per theme, and the passages that earned it.

The lexicons (``data/themes.yaml``, names from ``data/aliases.yaml``, extended or replaced by the file
named in ``site.yaml``) are checked once into a :class:`Lexicon`. A language's terms are stemmed, and its
stemmer loaded, only when the first article in that language is tagged: the lemma tables of simplemma
take up to 1.6 s a language to load, which a site in one language should not pay for ten. Tagging an
article splits each block into words once, looks each word up in a per-word cache (its stem and the
terms that may start there), and matches multi-word terms token by token. ``data/themes.yaml`` explains
the scoring an editor tunes.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress
from operator import attrgetter
from pathlib import Path
from typing import Any, Literal, NamedTuple

import simplemma
from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from warta import scripts
from warta.config import ThemesConfig
from warta.errors import ConfigError
from warta.model import Article, Block, Evidence, ThemeMatch
from warta.yamlio import is_builtin, parse

DATA = Path(__file__).resolve().parent / "data"
TITLE_BLOCK = -1  # Evidence.block for a match in the title, which is not one of Article.blocks
TOKEN = scripts.NAME_WORD  # a letter of an unspaced script (Chinese, Thai, Korean...) is a word of its own
THEME_ID = re.compile(r"^[a-z][a-z0-9-]*$")
TIERS = ("strong", "normal", "weak")
STEMMERS = ("sastrawi", "simplemma", "none")
Role = Literal["term", "near", "anchor", "unless"]


@dataclass(frozen=True)
class Theme:
    """One theme as an editor defined it."""

    id: str
    label: Mapping[str, str]  # language code -> label, at least "id" and "en"
    description: Mapping[str, str]


@dataclass(frozen=True)
class AliasGroup:
    """Names that point at one country, body or person (Korut, Korea Utara, North Korea, DPRK)."""

    id: str
    label: Mapping[str, str]
    names: tuple[str, ...]
    # for each of ``names``, the languages (ISO 639-1, or "all") aliases.yaml lists it under; () when the
    # group's names are a plain list, of every language (see search.for_site)
    languages: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Scoring:
    """The numbers that turn matches into a score (``settings`` in themes.yaml)."""

    weights: Mapping[str, float]
    title: float
    heading: float
    lead: float
    section: float
    repeat: float
    block_cap: float
    near_within: int


@dataclass(frozen=True)
class _LanguageSpec:
    """How one language's words are read (``languages`` in themes.yaml)."""

    code: str
    stemmer: str  # one of STEMMERS
    extra_roots: tuple[str, ...] = ()
    fold: tuple[tuple[str, str], ...] = ()  # letters written for one another ("ё" for "е")
    endings: tuple[str, ...] = ()  # case endings taken off a word's lemma, longest first
    name_endings: tuple[str, ...] = ()  # case endings taken off a name, longest first
    min_stem: int = 3  # an ending is taken off only if this many letters remain
    fallback: bool = False  # read articles in languages that have no lexicon of their own


@dataclass(frozen=True)
class _Stemmer:
    """A stemmer and, for affix strippers, the word parts a word must contain to be worth stemming."""

    stem: Callable[[str], str]
    affix_stripper: bool  # the stem is the word minus affixes, its first letter perhaps changed (Sastrawi)
    cores: frozenset[str] = frozenset()  # lexicon stems less their first letter (which a prefix may change)
    lengths: tuple[int, ...] = ()
    names: Callable[[str], tuple[str, ...]] | None = None  # a name's forms in this language, if names inflect here
    # A word's second key: its lemma's lemma. simplemma is not idempotent ("inviati" -> "inviato" ->
    # "inviare", Dutch "gestuurd" -> "sturen" -> "stuur"), so a word's lemma may be another form's lemma's
    # lemma; the lexicon's terms are keyed by one lemma, and a word of text matches by either of its two.
    again: Callable[[str], str] | None = None

    def __call__(self, word: str) -> str:
        if self.affix_stripper and not self._may_match(word):
            return word  # no lexicon stem can come out of this word: skip the slow stemmer
        return self.stem(word)

    def _may_match(self, word: str) -> bool:
        cores = self.cores
        for n in self.lengths:
            for i in range(len(word) - n + 1):
                if word[i : i + n] in cores:
                    return True
        return False


@dataclass(frozen=True)
class _Payload:
    role: Role
    theme: int  # index into Lexicon.themes
    rule: int  # index of the near rule (near, anchor), else -1
    weight: float
    entry: str  # what repeats are counted by: the term as written, or "@group" for an alias group
    language: str | None  # None: every language
    within: int | None  # near and unless: the distance in words; None for unless means the whole block


@dataclass(frozen=True)
class _Pattern:
    keys: tuple[str, ...]
    payloads: tuple[_Payload, ...]


@dataclass(frozen=True)
class _Probe:
    """A pattern as one reading mode uses it: other languages' payloads dropped, payloads split by role."""

    tail: tuple[str, ...]  # the keys of the words after the first
    terms: tuple[_Payload, ...]  # term and near payloads
    anchors: tuple[tuple[int, int], ...]  # (theme, near rule)
    vetoes: tuple[tuple[int, int | None], ...]  # (theme, within)


@dataclass(frozen=True)
class _Word:
    text: str  # as written in the article
    keys: frozenset[str]
    probes: tuple[_Probe, ...]  # the patterns whose first word this is


class _Cache(dict[str, tuple[_Word, ...]]):
    """The words of one reading mode, by whitespace-separated chunk ("Ukraina," -> (Ukraina,)).

    Made on the first article read in the mode: it compiles the terms of the mode's languages then.
    Filled while tagging, never part of a result; a missing chunk is worked out on first sight.
    """

    def __init__(self, lexicon: Lexicon, mode: tuple[str, ...]) -> None:
        super().__init__()
        self.mode = mode
        self.stemmers, self.index = lexicon.compiled(mode)
        self.names = any(self.stemmers[code].names is None for code in mode)  # plain names are read
        self.words: dict[str, _Word] = {}
        self.probes: dict[tuple[str, ...], _Probe | None] = {}

    def __missing__(self, chunk: str) -> tuple[_Word, ...]:
        found = self[chunk] = tuple(self.word(token) for token in TOKEN.findall(chunk))
        return found

    def word(self, token: str) -> _Word:
        found = self.words.get(token)
        if found is None:
            keys = self.word_keys(token)
            probes = (self.probe(p) for key in sorted(keys) for p in self.index.get(key, ()))
            found = self.words[token] = _Word(token, keys, tuple(p for p in probes if p is not None))
        return found

    def probe(self, pattern: _Pattern) -> _Probe | None:
        if pattern.keys not in self.probes:
            mine = [p for p in pattern.payloads if p.language is None or p.language in self.mode]
            self.probes[pattern.keys] = _Probe(
                pattern.keys[1:],
                tuple(p for p in mine if p.role in ("term", "near")),
                tuple((p.theme, p.rule) for p in mine if p.role == "anchor"),
                tuple((p.theme, p.within) for p in mine if p.role == "unless"),
            ) if mine else None
        return self.probes[pattern.keys]

    def word_keys(self, token: str) -> frozenset[str]:
        """What one word of text can match: name, acronym, exact form and stem in each language of the mode."""
        low = _lower(token)
        keys = {"n:" + low} if self.names else set()
        if _is_acronym(token):
            keys.add("c:" + token)
        for language in self.mode:
            stemmer = self.stemmers[language]
            keys.add(f"{language}={low}")
            keys.add(f"{language}:{stemmer(low)}")
            if stemmer.again is not None:
                keys.add(f"{language}:{stemmer.again(low)}")
            if stemmer.names is not None:  # a name of the lexicon is keyed by its first form, a word by all
                keys.update(f"{language}~{form}" for form in stemmer.names(low))
        return frozenset(keys)


@dataclass(frozen=True)
class _Entry:
    """A term of the lexicon before its words are stemmed, with what it counts for."""

    spec: _TermSpec
    role: Role
    theme: int
    rule: int
    weight: float
    within: int | None


_Patterns = dict[tuple[str, ...], list[_Payload]]


@dataclass(frozen=True)
class Lexicon:
    """The checked themes; each language's terms become word keys, indexed by first word, on first use."""

    themes: tuple[Theme, ...]
    aliases: Mapping[str, AliasGroup]
    scoring: Scoring
    languages: tuple[str, ...]  # languages that have their own stemmer and terms
    use: Mapping[str, str]  # an article language read with another one's lexicon ("ms" -> "id")
    fallback: tuple[str, ...]  # the languages that read an article in a language with no lexicon
    specs: Mapping[str, _LanguageSpec] = field(repr=False, compare=False)
    entries: Mapping[str | None, tuple[_Entry, ...]] = field(repr=False, compare=False)  # None: names
    caches: dict[tuple[str, ...], _Cache] = field(default_factory=dict, repr=False, compare=False)  # per mode
    # Filled on first use, per language: its stemmer, its terms and the names as it reads them.
    read_as: dict[str, tuple[_Stemmer, _Patterns, _Patterns | None]] = field(
        default_factory=dict, repr=False, compare=False)
    names_as: dict[str, _Patterns] = field(default_factory=dict, repr=False, compare=False)

    def theme(self, theme_id: str) -> Theme | None:
        """The theme with this id, if the lexicon has one."""
        return next((t for t in self.themes if t.id == theme_id), None)

    def mode(self, language: str) -> tuple[str, ...]:
        """The lexicon languages used to read an article in ``language`` (all of them when unknown)."""
        code = language.lower().split("-")[0]
        code = self.use.get(code, code)
        return (code,) if code in self.languages else self.fallback

    def read(self, text: str, mode: tuple[str, ...]) -> list[_Word]:
        """The words of a text with their keys, through the per-word cache of this reading mode.

        Whitespace-separated chunks are cached whole, so the regular expression and the stemmer
        run once per distinct chunk and word, not once per occurrence.
        """
        cache = self.caches.get(mode)
        if cache is None:
            cache = self.caches[mode] = _Cache(self, mode)
        return list(chain.from_iterable(map(cache.__getitem__, text.split())))

    def compiled(self, mode: tuple[str, ...]) -> tuple[dict[str, _Stemmer], dict[str, tuple[_Pattern, ...]]]:
        """The stemmers of a reading mode and its index: every term and name it reads, by first word key."""
        stemmers: dict[str, _Stemmer] = {}
        merged: _Patterns = {}
        plain = False
        for code in mode:
            stemmer, terms, names = self._language(code)
            stemmers[code] = stemmer
            plain = plain or names is None
            for source in (terms, names or {}):
                for keys, payloads in source.items():
                    merged.setdefault(keys, []).extend(payloads)
        if plain:
            for keys, payloads in self._names(None, str).items():
                merged.setdefault(keys, []).extend(payloads)
        index: dict[str, list[_Pattern]] = {}
        for keys in sorted(merged, key=lambda k: (-len(k), k)):
            index.setdefault(keys[0], []).append(_Pattern(keys, tuple(merged[keys])))
        return stemmers, {k: tuple(v) for k, v in index.items()}

    def _language(self, code: str) -> tuple[_Stemmer, _Patterns, _Patterns | None]:
        """A language's stemmer, its terms as keys, and the names as it reads them (None: as written)."""
        if code not in self.read_as:
            stemmer = _stemmer(self.specs[code])
            terms = _patterns(self.entries.get(code, ()), stemmer.stem, code)
            stemmer = _with_cores(code, stemmer, terms)
            forms = stemmer.names
            names = self._names(code, lambda name: forms(name)[0]) if forms is not None else None
            self.read_as[code] = (stemmer, terms, names)
        return self.read_as[code]

    def _names(self, code: str | None, name: Callable[[str], str]) -> _Patterns:
        """The names (alias groups, ``all`` lists) as keys: as written, or as ``code`` inflects them."""
        key = code or ""
        if key not in self.names_as:
            self.names_as[key] = _patterns(self.entries.get(None, ()), name, code)
        return self.names_as[key]


# ---------------------------------------------------------------------------------------------- tagging


def tag(articles: Sequence[Article], lexicon: Lexicon, threshold: float) -> list[Article]:
    """New articles whose ``themes`` hold the themes that passed the threshold or were set by hand."""
    return [tag_one(article, lexicon, threshold) for article in articles]


def tag_one(article: Article, lexicon: Lexicon, threshold: float) -> Article:
    """One article with its themes, strongest first; front matter ``themes_set``/``themes_unset`` win."""
    tally = _tally(article, lexicon)
    order = {t.id: i for i, t in enumerate(lexicon.themes)}
    chosen = {n: False for n, (total, _) in tally.items() if total >= threshold and total > 0}
    for tid in article.themes_unset:
        if tid in order:
            chosen.pop(order[tid], None)
    for tid in article.themes_set:
        if tid in order:
            chosen[order[tid]] = True
    matches = [_match(n, tally, lexicon, manual) for n, manual in chosen.items()]
    ranked = sorted(matches, key=lambda m: (-m.score, order[m.theme]))
    return dataclasses.replace(article, themes=tuple(ranked))


def unknown_themes(article: Article, lexicon: Lexicon) -> tuple[str, ...]:
    """Theme ids named in the article's front matter that the lexicon does not define."""
    known = {t.id for t in lexicon.themes}
    return tuple(sorted({t for t in (*article.themes_set, *article.themes_unset) if t not in known}))


def theme_json(match: ThemeMatch) -> dict[str, object]:
    """A theme match as it appears in articles.json and themes.json."""
    return {
        "id": match.theme,
        "score": round(match.score, 2),
        "manual": match.manual,
        "evidence": [{"block": e.block, "terms": list(e.terms), "text": e.text} for e in match.evidence],
    }


class _Count(NamedTuple):
    """One counted match in a block (a named tuple: made by the million, so it must be cheap)."""

    start: int
    end: int
    weight: float
    entry: str


def scores(article: Article, lexicon: Lexicon) -> tuple[ThemeMatch, ...]:
    """Every theme with a score above zero, strongest first, each with the blocks that earned it."""
    tally = _tally(article, lexicon)
    matches = [_match(n, tally, lexicon, False) for n, (total, _) in tally.items() if total > 0]
    order = {t.id: i for i, t in enumerate(lexicon.themes)}
    return tuple(sorted(matches, key=lambda m: (-m.score, order[m.theme])))


# Per theme index: the score, and the blocks that earned it as (block index, text, words, counts).
_Tally = dict[int, tuple[float, list[tuple[int, str, list["_Word"], list[_Count]]]]]


def _tally(article: Article, lexicon: Lexicon) -> _Tally:
    """Score every theme over the title and the blocks; evidence text is made later, only where needed."""
    mode = lexicon.mode(article.language.code)
    texts = (article.title, *(b.text for b in article.blocks))
    positions = ("title", *_positions(article.blocks))
    sc = lexicon.scoring
    factors = {"title": sc.title, "heading": sc.heading, "lead": sc.lead, "body": 1.0}
    tally: _Tally = {}
    section: set[int] = set()
    for i, text in enumerate(texts):
        words = lexicon.read(text, mode)
        counted = _count(words)
        if not counted:
            continue
        position = positions[i]
        if position == "heading":
            section = set(counted)
        for theme, counts in counted.items():
            factor = factors[position]
            if theme in section and position in ("lead", "body"):
                factor = max(factor, sc.section)
            total, blocks = tally.get(theme, (0.0, []))
            blocks.append((i - 1 if i else TITLE_BLOCK, text, words, counts))
            tally[theme] = (total + _block_points(counts, sc) * factor, blocks)
    return tally


def _match(theme: int, tally: _Tally, lexicon: Lexicon, manual: bool) -> ThemeMatch:
    """A theme's match with its evidence (score 0 for a theme set by hand that no word supports)."""
    total, blocks = tally.get(theme, (0.0, []))
    evidence = tuple(Evidence(block, _surfaces(text, words, counts), text) for block, text, words, counts in blocks)
    return ThemeMatch(theme=lexicon.themes[theme].id, score=round(total, 4), evidence=evidence, manual=manual)


def _positions(blocks: Sequence[Block]) -> list[str]:
    """Each block's position: heading, lead (the first paragraph) or body."""
    out: list[str] = []
    lead_seen = False
    for block in blocks:
        if block.type == "heading":
            out.append("heading")
        elif not lead_seen:
            out.append("lead")
            lead_seen = True
        else:
            out.append("body")
    return out


def _block_points(counts: list[_Count], sc: Scoring) -> float:
    """Weight per distinct term, plus a fraction for each repeat, at most ``block_cap``."""
    if len(counts) == 1:
        return min(counts[0].weight, sc.block_cap)
    per_entry: dict[str, tuple[float, int]] = {}
    for _, _, weight, entry in counts:
        best, n = per_entry.get(entry, (0.0, 0))
        per_entry[entry] = (weight if weight > best else best, n + 1)
    raw = sum(w * (1 + sc.repeat * (n - 1)) for w, n in per_entry.values())
    return min(raw, sc.block_cap)


def _surfaces(text: str, words: list[_Word], counts: list[_Count]) -> tuple[str, ...]:
    """The matched words as the article writes them, in reading order, each once."""
    out: dict[str, str] = {}
    for c in sorted(counts):
        tokens = [w.text for w in words[c.start : c.end]]
        surface = tokens[0]
        if len(tokens) > 1:
            surface = " ".join(tokens)
            if surface not in text:  # the words stand apart by punctuation ("Rusia-Ukraina")
                found = re.search(r"[\W_]*".join(map(re.escape, tokens)), text)
                surface = found.group(0) if found else surface
        out.setdefault(surface.lower(), surface)
    return tuple(out.values())


def _count(words: list[_Word]) -> dict[int, list[_Count]]:
    """The matches that count in one block, per theme index."""
    n = len(words)
    anchors: dict[tuple[int, int], list[tuple[int, int]]] = {}
    vetoes: dict[int, list[tuple[int, int, int | None]]] = {}
    candidates: list[tuple[int, int, _Payload]] = []
    for i in compress(range(n), map(attrgetter("probes"), words)):
        for probe in words[i].probes:
            end = i + 1
            for want in probe.tail:  # a plain loop, not any(): this runs for every word that starts a phrase
                if end == n or want not in words[end].keys:
                    end = 0  # no match (a match always ends after its first word)
                    break
                end += 1
            if not end:
                continue
            for key in probe.anchors:
                anchors.setdefault(key, []).append((i, end))
            for theme, within in probe.vetoes:
                vetoes.setdefault(theme, []).append((i, end, within))
            for p in probe.terms:
                candidates.append((i, end, p))
    if not candidates:
        return {}
    kept: list[tuple[int, int, _Payload]] = []
    for start, end, p in candidates:
        if p.role == "near" and not _near(start, end, p.within or 0, anchors.get((p.theme, p.rule), ())):
            continue
        if p.theme in vetoes and _vetoed(start, end, vetoes[p.theme]):
            continue
        kept.append((start, end, p))
    longer = [(a, b, q) for a, b, q in kept if b - a > 1]
    best: dict[tuple[int, int, int], _Count] = {}
    for start, end, p in kept:
        if longer and _inside_longer(start, end, p, longer):
            continue
        place = (p.theme, start, end)
        if place not in best or best[place].weight < p.weight:
            best[place] = _Count(start, end, p.weight, p.entry)
    counted: dict[int, list[_Count]] = {}
    for (theme, _, _), c in sorted(best.items()):
        counted.setdefault(theme, []).append(c)
    return counted


def _near(start: int, end: int, within: int, anchors: Sequence[tuple[int, int]]) -> bool:
    """Whether another span lies within ``within`` words."""
    for a, b in anchors:
        if (a, b) != (start, end) and _gap(start, end, a, b) <= within:
            return True
    return False


def _vetoed(start: int, end: int, vetoes: Sequence[tuple[int, int, int | None]]) -> bool:
    """Whether a veto word stands in the block (within None) or within its distance."""
    for a, b, within in vetoes:
        if within is None or _gap(start, end, a, b) <= within:
            return True
    return False


def _inside_longer(start: int, end: int, p: _Payload, kept: list[tuple[int, int, _Payload]]) -> bool:
    """A match inside a longer one of the same theme, or inside a name ("pakta pertahanan" in NATO's name)."""
    return any(
        a <= start and end <= b and b - a > end - start and (q.theme == p.theme or q.language is None)
        for a, b, q in kept
    )


def _gap(start: int, end: int, a: int, b: int) -> int:
    """Words between two spans (0 when they touch or overlap)."""
    return max(0, a - end, start - b)


def _is_acronym(word: str) -> bool:
    return word.isupper() and 2 <= len(word) <= 5


# ---------------------------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class _Source:
    """A YAML file and the line of each of its keys, for messages."""

    path: str
    lines: Mapping[str, int]

    def error(self, key: str, message: str) -> ConfigError:
        line = None
        parts = key.split(".")
        while parts and line is None:
            line = self.lines.get(".".join(parts))
            parts.pop()
        return ConfigError(message, self.path, line)


@dataclass(frozen=True)
class _Item:
    """A value read from a YAML file, with the file and the dotted key it stood at."""

    value: Any
    src: _Source
    key: str

    def error(self, message: str, sub: str = "") -> ConfigError:
        return self.src.error(f"{self.key}.{sub}" if sub else self.key, message)


@dataclass(frozen=True)
class _TermSpec:
    text: str
    language: str | None  # None: a name, any language, never stemmed
    entry: str


_TOP_KEYS = ("settings", "languages", "groups", "themes", "aliases")
_SETTINGS = ("weights", "positions", "repeat", "block_cap", "near_within")
_POSITIONS = ("title", "heading", "lead", "section")
_THEME_KEYS = ("label", "description", *TIERS, "near", "unless")
_NEAR_KEYS = ("terms", "of", "within", "weight")


def load_lexicon(config: ThemesConfig, root: Path) -> Lexicon:
    """The built-in themes, extended (or replaced, with ``replace: true``) by ``config.lexicon``."""
    docs = [_read(DATA / "themes.yaml", "warta/data/themes.yaml")]
    aliases = _read(DATA / "aliases.yaml", "warta/data/aliases.yaml")
    if config.lexicon is not None:
        path = root / config.lexicon
        if not path.is_file():
            raise ConfigError(f"themes lexicon '{config.lexicon}' not found", config.lexicon)
        docs.append(_read(path, config.lexicon))
    return _compile(_merge(docs, aliases, config.replace))


def _read(path: Path, display: str) -> _Item:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", display) from None
    doc = parse(text, display, error=ConfigError, builtin=is_builtin(path))
    item = _Item({} if doc.data is None else doc.data, _Source(display, doc.lines), "")
    if not isinstance(item.value, dict):
        raise ConfigError("expected a mapping at the top level", display, 1)
    return item


@dataclass(frozen=True)
class _Merged:
    settings: dict[str, _Item]  # "weights.strong" -> value
    languages: dict[str, _Item]
    groups: dict[str, _Item]
    aliases: dict[str, _Item]
    themes: dict[str, dict[str, _Item]]


def _merge(docs: list[_Item], alias_doc: _Item, replace: bool) -> _Merged:
    merged = _Merged({}, {}, {}, {}, {})
    _merge_map(merged.aliases, alias_doc, "")
    for n, doc in enumerate(docs):
        _check_keys(doc, _TOP_KEYS)
        for name, value in doc.value.items():
            sub = _Item(value, doc.src, name)
            if name == "settings":
                for key, val in _mapping(sub).items():
                    if key in ("weights", "positions"):
                        _merge_map(merged.settings, _Item(val, doc.src, f"settings.{key}"), f"{key}.")
                    else:
                        merged.settings[key] = _Item(val, doc.src, f"settings.{key}")
                _check_keys(sub, _SETTINGS)
            elif name == "themes":
                if replace and n > 0:
                    merged.themes.clear()
                _merge_themes(merged.themes, sub)
            else:
                _merge_map(getattr(merged, name), sub, "")
    return merged


def _merge_map(target: dict[str, _Item], item: _Item, prefix: str) -> None:
    for key, value in _mapping(item).items():
        target[f"{prefix}{key}"] = _Item(value, item.src, f"{item.key}.{key}" if item.key else str(key))


def _merge_themes(target: dict[str, dict[str, _Item]], item: _Item) -> None:
    for tid, value in _mapping(item).items():
        key = f"themes.{tid}"
        if not isinstance(tid, str) or not THEME_ID.match(tid):
            raise item.src.error(key, f"theme id {tid!r} must be lower-case letters, digits and '-'")
        if value is None:  # "china: null" removes a built-in theme
            target.pop(tid, None)
            continue
        theme = _Item(value, item.src, key)
        _check_keys(theme, _THEME_KEYS)
        fields = target.setdefault(tid, {})
        for name, val in _mapping(theme).items():
            fields[name] = _Item(val, item.src, f"{key}.{name}")


def _mapping(item: _Item) -> dict[str, Any]:
    if not isinstance(item.value, dict):
        raise item.error(f"'{item.key}' must be a mapping, not {type(item.value).__name__}")
    return item.value


def _check_keys(item: _Item, allowed: Sequence[str]) -> None:
    for key in _mapping(item):
        if key not in allowed:
            where = f"{item.key}.{key}" if item.key else str(key)
            raise item.src.error(where, f"unknown key '{where}'; allowed keys are: {', '.join(allowed)}")


def _number(item: _Item, minimum: float = 0.0) -> float:
    value = item.value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise item.error(f"'{item.key}' must be a number of at least {minimum:g}, not {value!r}")
    return float(value)


def _strings(item: _Item) -> list[str]:
    if not isinstance(item.value, list) or not all(isinstance(v, str) and v.strip() for v in item.value):
        raise item.error(f"'{item.key}' must be a list of words or phrases")
    return list(item.value)


def _labels(item: _Item) -> dict[str, str]:
    value = _mapping(item)
    if not all(isinstance(v, str) and v.strip() for v in value.values()) or not {"id", "en"} <= set(value):
        raise item.error(f"'{item.key}' must map 'id' and 'en' (and any other language) to text")
    return {str(k): v.strip() for k, v in value.items()}


def _compile(merged: _Merged) -> Lexicon:
    scoring = _scoring(merged.settings)
    languages, use, specs = _languages(merged.languages)
    aliases = {gid: _alias_group(gid, item) for gid, item in merged.aliases.items()}
    groups: dict[str, list[_TermSpec]] = {}
    for gid, item in merged.groups.items():
        groups[gid] = _term_specs(item, languages, aliases, {})
    themes: list[Theme] = []
    entries: list[_Entry] = []

    def add(terms: list[_TermSpec], role: Role, theme: int, rule: int, weight: float, within: int | None) -> None:
        entries.extend(_Entry(spec, role, theme, rule, weight, within) for spec in terms)

    for n, (tid, fields) in enumerate(merged.themes.items()):
        for required in ("label", "description"):
            if required not in fields:
                raise ConfigError(f"theme '{tid}' has no '{required}'", *_where(fields, tid))
        themes.append(Theme(tid, _labels(fields["label"]), _labels(fields["description"])))
        for tier in TIERS:
            if tier in fields:
                add(_term_specs(fields[tier], languages, aliases, groups), "term", n, -1, scoring.weights[tier], None)
        if "near" in fields:
            near = fields["near"]
            if not isinstance(near.value, list):
                raise near.error(f"'{near.key}' must be a list of rules")
            for r, rule in enumerate(near.value):
                item = _Item(rule, near.src, near.key)
                _check_keys(item, _NEAR_KEYS)
                for required in ("terms", "of"):
                    if required not in rule:
                        raise item.error(f"a rule in '{near.key}' has no '{required}'")
                within = int(_number(_Item(rule.get("within", scoring.near_within), near.src, near.key)))
                tier = rule.get("weight", "normal")
                if tier not in TIERS:
                    raise item.error(f"'weight' of a rule in '{near.key}' must be one of {', '.join(TIERS)}")
                terms = _term_specs(_Item(rule["terms"], near.src, near.key), languages, aliases, groups)
                add(terms, "near", n, r, scoring.weights[tier], within)
                add(_term_specs(_Item(rule["of"], near.src, near.key), languages, aliases, groups), "anchor", n, r,
                    0.0, None)
        if "unless" in fields:
            unless = fields["unless"]
            # One rule ({groups: [...], within: 4}) or a list of them, each with its own reach.
            rules = unless.value if isinstance(unless.value, list) else [unless.value]
            for rule in rules:
                value = dict(_mapping(_Item(rule, unless.src, unless.key)))
                reach = int(_number(_Item(value.pop("within"), unless.src, unless.key))) if "within" in value else None
                add(_term_specs(_Item(value, unless.src, unless.key), languages, aliases, groups), "unless", n, -1,
                    0.0, reach)
    by_language: dict[str | None, list[_Entry]] = {}
    for entry in entries:
        by_language.setdefault(entry.spec.language, []).append(entry)
    fallback = tuple(code for code in languages if specs[code].fallback) or languages
    return Lexicon(
        themes=tuple(themes),
        aliases=aliases,
        scoring=scoring,
        languages=languages,
        use=use,
        fallback=fallback,
        specs=specs,
        entries={k: tuple(v) for k, v in by_language.items()},
    )


def _patterns(entries: Sequence[_Entry], stem: Callable[[str], str], reader: str | None) -> _Patterns:
    """Entries as the word keys they match; names (language None) keyed as ``reader`` inflects them."""
    patterns: _Patterns = {}
    for e in entries:
        keys = _term_keys(e.spec.text, e.spec.language, stem, reader)
        if keys:
            payload = _Payload(e.role, e.theme, e.rule, e.weight, e.spec.entry, e.spec.language, e.within)
            patterns.setdefault(keys, []).append(payload)
    return patterns


def _where(fields: Mapping[str, _Item], tid: str) -> tuple[str | None, int | None]:
    for item in fields.values():
        return item.src.path, item.src.lines.get(f"themes.{tid}")
    return None, None


def _scoring(settings: dict[str, _Item]) -> Scoring:
    known = {f"weights.{t}" for t in TIERS} | {f"positions.{p}" for p in _POSITIONS}
    known |= {"repeat", "block_cap", "near_within"}
    for key, item in settings.items():
        if key not in known:
            raise item.error(f"unknown setting 'settings.{key}'; allowed: {', '.join(sorted(known))}")
    missing = sorted(known - set(settings))
    if missing:
        raise ConfigError(f"settings: missing {', '.join(missing)}", "warta/data/themes.yaml")
    value = {key: _number(item) for key, item in settings.items()}
    return Scoring(
        weights={t: value[f"weights.{t}"] for t in TIERS},
        title=value["positions.title"],
        heading=value["positions.heading"],
        lead=value["positions.lead"],
        section=value["positions.section"],
        repeat=value["repeat"],
        block_cap=value["block_cap"],
        near_within=int(value["near_within"]),
    )


def _with_cores(code: str, stemmer: _Stemmer, patterns: _Patterns) -> _Stemmer:
    """An affix stripper told which word parts can lead to a stem the lexicon uses."""
    if not stemmer.affix_stripper:
        return stemmer
    prefix = f"{code}:"
    stems = {k[len(prefix) :] for keys in patterns for k in keys if k.startswith(prefix)}
    cores = frozenset(s[1:] if len(s) > 3 else s for s in stems)
    return dataclasses.replace(stemmer, cores=cores, lengths=tuple(sorted({len(c) for c in cores})))


_LANGUAGE_KEYS = ("stemmer", "extra_roots", "use", "fold", "endings", "name_endings", "min_stem", "fallback")


def _languages(items: dict[str, _Item]) -> tuple[tuple[str, ...], dict[str, str], dict[str, _LanguageSpec]]:
    specs: dict[str, _LanguageSpec] = {}
    use: dict[str, str] = {}
    for code, item in items.items():
        _check_keys(item, _LANGUAGE_KEYS)
        spec = _mapping(item)
        if "use" in spec:
            use[code] = str(spec["use"])
            continue
        kind = spec.get("stemmer", "none")
        if kind not in STEMMERS:
            raise item.error(f"'{item.key}.stemmer' must be one of {', '.join(STEMMERS)}, not {kind!r}", "stemmer")

        fold = _mapping(_Item(spec.get("fold", {}), item.src, f"{item.key}.fold"))
        if not all(isinstance(k, str) and isinstance(v, str) and k for k, v in fold.items()):
            raise item.error(f"'{item.key}.fold' must map letters to the letters they are read as", "fold")
        fallback = spec.get("fallback", False)
        if not isinstance(fallback, bool):
            raise item.error(f"'{item.key}.fallback' must be true or false, not {fallback!r}", "fallback")
        endings = _word_list(item, "endings")
        specs[code] = _LanguageSpec(
            code=code, stemmer=kind, extra_roots=_word_list(item, "extra_roots"),
            fold=tuple((k.lower(), v.lower()) for k, v in fold.items()),
            endings=endings, name_endings=_word_list(item, "name_endings") if "name_endings" in spec else endings,
            min_stem=int(_number(_Item(spec.get("min_stem", 3), item.src, f"{item.key}.min_stem"), 1)),
            fallback=fallback,
        )
    for code, target in use.items():
        if target not in specs:
            raise items[code].error(f"'{items[code].key}.use' names '{target}', which has no stemmer", "use")
    return tuple(specs), use, specs


def _word_list(item: _Item, key: str) -> tuple[str, ...]:
    """A language's list of words or endings, longest first."""
    spec = _mapping(item)
    if key not in spec:
        return ()
    found = _strings(_Item(spec[key], item.src, f"{item.key}.{key}"))
    return tuple(sorted((w.lower() for w in found), key=lambda w: (-len(w), w)))


def _stemmer(spec: _LanguageSpec) -> _Stemmer:
    """A language's stemmer; made on the first article in the language (simplemma loads its tables then)."""
    if spec.stemmer == "sastrawi":
        base: Callable[[str], str] = _sastrawi(spec.extra_roots).stem
    elif spec.stemmer == "simplemma":
        base = functools.partial(_lemma, lang=spec.code)
    else:
        base = str
    fold = functools.partial(_fold, pairs=spec.fold)
    cut = functools.partial(_cut, endings=spec.endings, least=spec.min_stem)
    name = functools.partial(_cuts, endings=spec.name_endings, least=spec.min_stem)

    def stem(word: str) -> str:
        return cut(fold(base(fold(word))))

    def again(word: str) -> str:
        return cut(fold(base(base(fold(word)))))

    def name_forms(word: str) -> tuple[str, ...]:
        return name(fold(word))

    plain = not (spec.fold or spec.endings)
    return _Stemmer(
        base if plain else stem,
        affix_stripper=spec.stemmer == "sastrawi",
        names=name_forms if spec.name_endings else None,
        again=again if spec.stemmer == "simplemma" else None,
    )


def _fold(word: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for old, new in pairs:
        word = word.replace(old, new)
    return word


def _cut(word: str, endings: tuple[str, ...], least: int) -> str:
    """The word less its longest listed ending, if at least ``least`` letters remain."""
    for ending in endings:  # longest first
        if word.endswith(ending) and len(word) - len(ending) >= least:
            return word[: -len(ending)]
    return word


def _cuts(word: str, endings: tuple[str, ...], least: int) -> tuple[str, ...]:
    """The word less each listed ending it has, longest first, where at least ``least`` letters remain; the
    word itself when none does. A case ending may also end the name's own stem ("Китая" is "Китай" less
    "й" plus "я", not less "ая"), so a word of text is tried with every cut, and a name by its first."""
    cut = tuple(word[: -len(end)] for end in endings if word.endswith(end) and len(word) - len(end) >= least)
    return cut or (word,)


def _lower(word: str) -> str:
    """Lower case, with the dotted capital I ("İstanbul") read as i, not as i and a combining dot."""
    return word.lower().replace("i\u0307", "i")


@functools.lru_cache(maxsize=4)
def _sastrawi(extra_roots: tuple[str, ...]) -> Any:
    """One Sastrawi stemmer per set of extra roots; building it reads a 30,000-word dictionary."""
    words = StemmerFactory().get_words()
    return Stemmer(ArrayDictionary([*words, *extra_roots]))


def _lemma(word: str, lang: str) -> str:
    return _lower(simplemma.lemmatize(word, lang=lang))


def _alias_group(gid: str, item: _Item) -> AliasGroup:
    _check_keys(item, ("label", "names"))
    spec = _mapping(item)
    if "names" not in spec or "label" not in spec:
        raise item.error(f"alias group '{gid}' needs 'label' and 'names'")
    label = _labels(_Item(spec["label"], item.src, f"{item.key}.label"))
    names = _Item(spec["names"], item.src, f"{item.key}.names")
    if not isinstance(names.value, dict):
        return AliasGroup(gid, label, tuple(_strings(names)))
    languages: dict[str, list[str]] = {}  # each name, in the order first listed -> the languages listing it
    for code, listed in names.value.items():
        if not isinstance(code, str) or not code.strip():
            raise names.error(f"'{names.key}' must map language codes (or 'all') to lists of names")
        for name in _strings(_Item(listed, names.src, f"{names.key}.{code}")):
            languages.setdefault(name, []).append(code.strip().lower())
    if not languages:
        raise names.error(f"'{names.key}' lists no name")
    return AliasGroup(gid, label, tuple(languages), tuple(tuple(codes) for codes in languages.values()))


def _term_specs(
    item: _Item,
    languages: tuple[str, ...],
    aliases: Mapping[str, AliasGroup],
    groups: Mapping[str, list[_TermSpec]],
) -> list[_TermSpec]:
    """A term list ({id: [...], en: [...], all: [...], aliases: [...], groups: [...]}) as specs."""
    out: list[_TermSpec] = []
    for key, value in _mapping(item).items():
        sub = _Item(value, item.src, f"{item.key}.{key}")
        if key == "aliases":
            for gid in _strings(sub):
                if gid not in aliases:
                    raise sub.error(f"unknown alias group '{gid}' in '{sub.key}'; known: {', '.join(aliases)}")
                out.extend(_TermSpec(name, None, "@" + gid) for name in aliases[gid].names)
        elif key == "groups":
            for gid in _strings(sub):
                if gid not in groups:
                    known = ", ".join(groups) or "(none; groups cannot name groups)"
                    raise sub.error(f"unknown word group '{gid}' in '{sub.key}'; known: {known}")
                out.extend(groups[gid])
        elif key == "all":
            out.extend(_TermSpec(name, None, name.lower()) for name in _strings(sub))
        elif key in languages:
            out.extend(_TermSpec(term, key, term.lower()) for term in _strings(sub))
        else:
            allowed = ", ".join((*languages, "all", "aliases", "groups"))
            raise sub.error(f"unknown key '{sub.key}'; allowed keys are: {allowed}")
    return out


def _term_keys(text: str, language: str | None, stem: Callable[[str], str], reader: str | None = None
               ) -> tuple[str, ...]:
    """A term as the keys its words must carry: ``c:`` acronym, ``n:`` name (``xx~`` as language xx inflects
    it, ``stem`` then giving the key), ``xx=`` exact, ``xx:`` stem."""
    exact = text.startswith("=")
    keys: list[str] = []
    for word in TOKEN.findall(text.lstrip("=")):
        low = _lower(word)
        if _is_acronym(word):
            keys.append("c:" + word)
        elif language is None:
            keys.append(f"{reader}~{stem(low)}" if reader else "n:" + low)
        elif exact:
            keys.append(f"{language}={low}")
        else:
            keys.append(f"{language}:{stem(low)}")
    return tuple(keys)
