"""Boilerplate rules: load them from YAML and judge one line of scraped text.

The patterns live in ``data/boilerplate.yaml`` (by category and language) and the stop words in
``data/stopwords.yaml``; this module only compiles and applies them. Besides the patterns it offers
the general signals that need none (line length, stop-word density, sentence shape), in the spirit
of jusText; ``scrape.py`` combines them with the position and repetition of lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

from warta.errors import ConfigError
from warta.yamlio import parse

_TOP_KEYS = ("params", "rules", "signals", "dates", "stopwords")
_RULE_KEYS = ("id", "patterns", "max_words", "block")
_SIGNAL_LISTS = ("credit", "credit_name_stop", "credit_place", "credit_label", "credit_role", "not_name", "source",
                 "origin", "site", "dateline")
_SIGNAL_ONE = ("credit_name_split", "title_suffix", "title_prefix")
_WORD = re.compile(r"[^\W_]+(?:['’\-.][^\W_]+)*")
_TERMINAL = ".!?…"
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«„"


@dataclass(frozen=True)
class Params:
    """The numbers of the pattern-free heuristics (see boilerplate.yaml for what each means)."""

    rule_max_words: int = 30
    prose_min_words: int = 8
    prose_min_density: float = 0.12
    sentence_min_words: int = 3
    sentence_min_density: float = 0.1
    long_line_words: int = 35
    heading_min_words: int = 2
    heading_max_words: int = 14
    heading_max_chars: int = 120
    heading_one_word_chars: int = 8
    title_max_words: int = 30
    title_good_words: int = 4
    title_min_chars: int = 8
    caption_max_words: int = 40
    caption_below_max_words: int = 25
    block_max_lines: int = 12
    block_item_max_words: int = 30
    repeat_min_count: int = 3
    repeat_max_words: int = 6
    outlet_line_max_words: int = 4
    site_max_words: int = 5
    credit_max_words: int = 40
    short_sentence_words: int = 2


@dataclass(frozen=True)
class Rule:
    """One boilerplate category: its id, whole-line patterns, and how long a line it may take."""

    id: str
    patterns: tuple[re.Pattern[str], ...]
    max_words: int
    block: bool = False


@dataclass(frozen=True)
class Signals:
    """Patterns whose named groups carry metadata: credited names, outlet, site."""

    credit: tuple[re.Pattern[str], ...]
    credit_name_stop: tuple[re.Pattern[str], ...]
    credit_place: tuple[re.Pattern[str], ...]
    credit_label: tuple[re.Pattern[str], ...]
    credit_role: tuple[re.Pattern[str], ...]
    not_name: tuple[re.Pattern[str], ...]
    credit_name_split: re.Pattern[str]
    source: tuple[re.Pattern[str], ...]
    origin: tuple[re.Pattern[str], ...]
    site: tuple[re.Pattern[str], ...]
    dateline: tuple[re.Pattern[str], ...]
    title_suffix: re.Pattern[str]
    title_prefix: re.Pattern[str]


@dataclass(frozen=True)
class Rules:
    """Compiled boilerplate rules, metadata signals, date words, stop words and heuristic numbers."""

    rules: tuple[Rule, ...]
    signals: Signals
    params: Params
    stopwords: frozenset[str]
    months: frozenset[str]
    days: frozenset[str]
    date_words: frozenset[str]
    relative: frozenset[str]
    zones: frozenset[str] = frozenset()


def load_rules(extra: Path | None = None) -> Rules:
    """The built-in rules from data/boilerplate.yaml and data/stopwords.yaml, extended by ``extra``."""
    docs = [_read_builtin("boilerplate.yaml"), _read_builtin("stopwords.yaml", wrap="stopwords")]
    if extra is not None:
        try:
            text = extra.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read boilerplate rules: {exc}", str(extra)) from None
        docs.append(_Source(str(extra), text, parse(text, str(extra), error=ConfigError).data))
    merged = _Merged()
    for doc in docs:
        merged.add(doc)
    return merged.build()


@dataclass(frozen=True)
class _Source:
    path: str
    text: str
    data: Any


def _read_builtin(name: str, wrap: str | None = None) -> _Source:
    text = resources.files("warta").joinpath("data", name).read_text(encoding="utf-8")
    path = f"warta/data/{name}"
    data = parse(text, path, error=ConfigError).data
    return _Source(path, text, {wrap: data} if wrap else data)


def _line_of(src: _Source, needle: str) -> int | None:
    """The line of the file where ``needle`` first appears, for error messages."""
    for number, line in enumerate(src.text.splitlines(), 1):
        if needle and needle in line:
            return number
    return None


def _compile(src: _Source, pattern: Any, where: str) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise ConfigError(f"{where}: a pattern must be a string, not {pattern!r}", src.path, _line_of(src, where))
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        line = _line_of(src, pattern) or _line_of(src, where.split(".")[-1])
        raise ConfigError(f"{where}: invalid pattern {pattern!r}: {exc}", src.path, line) from None


def _strings(src: _Source, value: Any, where: str) -> list[str]:
    """A list of strings, or a mapping of language -> list of strings, flattened."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [item for key, items in value.items() for item in _strings(src, items, f"{where}.{key}")]
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        return [str(item) for item in value]
    raise ConfigError(f"{where}: expected a list of strings", src.path, _line_of(src, where.split(".")[-1]))


class _Merged:
    """Rules gathered from several files, built-in first."""

    def __init__(self) -> None:
        self.rules: dict[str, tuple[list[re.Pattern[str]], int | None, bool]] = {}
        self.signals: dict[str, list[re.Pattern[str]]] = {name: [] for name in _SIGNAL_LISTS}
        self.single: dict[str, re.Pattern[str]] = {}
        self.params: dict[str, Any] = {}
        self.stopwords: set[str] = set()
        self.dates: dict[str, set[str]] = {"months": set(), "days": set(), "words": set(), "relative": set(),
                                           "zones": set()}

    def add(self, src: _Source) -> None:
        data = src.data
        if data is None:
            return
        if not isinstance(data, dict):
            raise ConfigError("boilerplate rules must be a mapping with keys: " + ", ".join(_TOP_KEYS), src.path, 1)
        unknown = sorted(str(key) for key in data if key not in _TOP_KEYS)
        if unknown:
            raise ConfigError(f"unknown key {unknown[0]!r}; allowed: {', '.join(_TOP_KEYS)}", src.path,
                              _line_of(src, f"{unknown[0]}:"))
        self._add_params(src, data.get("params") or {})
        for index, raw in enumerate(data.get("rules") or []):
            self._add_rule(src, raw, index)
        self._add_signals(src, data.get("signals") or {})
        for key, value in (data.get("dates") or {}).items():
            if key not in self.dates:
                raise ConfigError(f"dates: unknown key {key!r}; allowed: months, days, words, relative, zones",
                                  src.path, _line_of(src, f"{key}:"))
            self.dates[key].update(word.casefold() for word in _strings(src, value, f"dates.{key}"))
        self.stopwords.update(word.casefold() for word in _strings(src, data.get("stopwords"), "stopwords"))

    def _add_params(self, src: _Source, params: Any) -> None:
        allowed = {f.name: f.type for f in fields(Params)}
        if not isinstance(params, dict):
            raise ConfigError("params must be a mapping", src.path, _line_of(src, "params:"))
        for key, value in params.items():
            if key not in allowed:
                raise ConfigError(f"params: unknown key {key!r}; allowed: {', '.join(allowed)}", src.path,
                                  _line_of(src, f"{key}:"))
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ConfigError(f"params: {key} must be a non-negative number, not {value!r}", src.path,
                                  _line_of(src, f"{key}:"))
            self.params[key] = float(value) if allowed[key] == "float" else int(value)

    def _add_rule(self, src: _Source, raw: Any, index: int) -> None:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise ConfigError(f"rules[{index}]: each rule needs an 'id' and 'patterns'", src.path,
                              _line_of(src, "rules:"))
        rule_id = raw["id"]
        unknown = sorted(str(key) for key in raw if key not in _RULE_KEYS)
        if unknown:
            raise ConfigError(f"rule {rule_id}: unknown key {unknown[0]!r}; allowed: {', '.join(_RULE_KEYS)}",
                              src.path, _line_of(src, f"{unknown[0]}:"))
        patterns = [_compile(src, p, f"rule {rule_id}") for p in _strings(src, raw.get("patterns"), rule_id)]
        max_words = raw.get("max_words")
        if max_words is not None and (isinstance(max_words, bool) or not isinstance(max_words, int)):
            raise ConfigError(f"rule {rule_id}: max_words must be a whole number", src.path, _line_of(src, rule_id))
        old_patterns, old_max, old_block = self.rules.get(rule_id, ([], None, False))
        self.rules[rule_id] = (old_patterns + patterns, max_words if max_words is not None else old_max,
                               bool(raw.get("block", old_block)))

    def _add_signals(self, src: _Source, signals: Any) -> None:
        if not isinstance(signals, dict):
            raise ConfigError("signals must be a mapping", src.path, _line_of(src, "signals:"))
        for key, value in signals.items():
            if key in _SIGNAL_LISTS:
                self.signals[key] += [_compile(src, p, f"signals.{key}") for p in _strings(src, value, key)]
            elif key in _SIGNAL_ONE and isinstance(value, str):
                self.single[key] = _compile(src, value, f"signals.{key}")
            else:
                allowed = ", ".join(_SIGNAL_LISTS + _SIGNAL_ONE)
                raise ConfigError(f"signals: unknown or malformed key {key!r}; allowed: {allowed}", src.path,
                                  _line_of(src, f"{key}:"))

    def build(self) -> Rules:
        params = Params(**self.params)
        missing = [key for key in _SIGNAL_ONE if key not in self.single]
        if missing:
            raise ConfigError(f"signals: {missing[0]} is missing", "warta/data/boilerplate.yaml")
        rules = tuple(Rule(rule_id, tuple(patterns), max_words if max_words is not None else params.rule_max_words,
                           block) for rule_id, (patterns, max_words, block) in self.rules.items())
        signals = Signals(
            credit=tuple(self.signals["credit"]),
            credit_name_stop=tuple(self.signals["credit_name_stop"]),
            credit_place=tuple(self.signals["credit_place"]),
            credit_label=tuple(self.signals["credit_label"]),
            credit_role=tuple(self.signals["credit_role"]),
            not_name=tuple(self.signals["not_name"]),
            credit_name_split=self.single["credit_name_split"],
            source=tuple(self.signals["source"]),
            origin=tuple(self.signals["origin"]),
            site=tuple(self.signals["site"]),
            dateline=tuple(self.signals["dateline"]),
            title_suffix=self.single["title_suffix"],
            title_prefix=self.single["title_prefix"],
        )
        return Rules(rules, signals, params, frozenset(self.stopwords), frozenset(self.dates["months"]),
                     frozenset(self.dates["days"]), frozenset(self.dates["words"]), frozenset(self.dates["relative"]),
                     frozenset(self.dates["zones"]))


# --- judging one line -------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """The words of a line, case-folded."""
    return [w.casefold() for w in _WORD.findall(text)]


def normalize(text: str) -> str:
    """A line reduced for comparison: case-folded, single spaces, no surrounding punctuation."""
    return " ".join(words(text))


def density(text: str, rules: Rules) -> float:
    """The share of a line's words that are stop words."""
    found = words(text)
    return sum(1 for w in found if w in rules.stopwords) / len(found) if found else 0.0


def match_rule(text: str, rules: Rules) -> Rule | None:
    """The first boilerplate rule whose pattern covers the whole line, if any."""
    line = " ".join(text.split())
    if not line:
        return None
    count = len(line.split())
    for rule in rules.rules:
        if count <= rule.max_words and any(p.fullmatch(line) for p in rule.patterns):
            return rule
    return None


def rule_match(text: str, rules: Rules, rule_id: str) -> re.Match[str] | None:
    """The match of one named rule on the whole line (to read its named groups)."""
    line = " ".join(text.split())
    for rule in rules.rules:
        if rule.id == rule_id:
            for pattern in rule.patterns:
                found = pattern.fullmatch(line)
                if found:
                    return found
    return None


_DATE_NUMERIC = re.compile(
    r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}|\d{1,2}[:.h]\d{2}(?:[ap]\.?m\.?)?|\d{1,4}(?:st|nd|rd|th)?")
_CLOCK = re.compile(r"\d{1,2}[:.h]\d{2}(?:[ap]\.?m\.?)?")
_ZONE = re.compile(r"(?:gmt|utc)[+\-]\d{1,2}(?::?\d{2})?")


def is_date_line(text: str, rules: Rules) -> bool:
    """Whether a line is only a date (with weekday, time, zone and 'Published' words)."""
    tokens = re.findall(r"[^\s,|·•()\[\]]+", text.casefold())
    if not tokens or len(tokens) > 14:
        return False
    has_date = relative = month = zone = clock = False
    numbers = 0
    for token in tokens:
        bare = token.strip(".:;-–—/")
        if not bare:
            continue
        if bare in rules.months:
            month = True
        elif _DATE_NUMERIC.fullmatch(bare):
            numbers += 1
            clock = clock or bool(_CLOCK.fullmatch(bare))
            has_date = has_date or bool(re.fullmatch(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}", bare))
        elif bare in rules.relative:
            relative = True
        elif bare in rules.zones or _ZONE.fullmatch(bare):
            zone = True
        elif bare in rules.days or bare.rstrip(".") in rules.date_words or token.strip(",;:") in rules.date_words:
            continue
        else:
            return False
    day = any(t.strip(".,") in rules.days for t in tokens)
    # a bare clock time counts with a zone ("11.42 GMT"): live-blog and wire timestamps
    return has_date or (numbers >= 1 and (month or relative or day)) or (clock and zone)


def ends_sentence(text: str) -> bool:
    """Whether a line ends like a sentence: a full stop, ! ? … , possibly inside quotes."""
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(stripped) and stripped[-1] in _TERMINAL


def starts_quote(text: str) -> bool:
    """Whether a line opens with a quotation mark."""
    return text.lstrip()[:1] in _OPENERS


def is_prose(text: str, rules: Rules) -> bool:
    """A line that reads as running text: long enough and dense in stop words, or simply long."""
    p = rules.params
    count = len(words(text))
    if count >= p.long_line_words:
        return True
    return count >= p.prose_min_words and density(text, rules) >= p.prose_min_density


def is_sentence(text: str, rules: Rules) -> bool:
    """A short line that is still a real paragraph: a sentence or a quotation."""
    p = rules.params
    count = len(words(text))
    if not ends_sentence(text):
        return False
    if (starts_quote(text) and count >= p.sentence_min_words) or count >= p.prose_min_words:
        return True
    return count >= p.sentence_min_words and density(text, rules) >= p.sentence_min_density


def is_heading_shape(text: str, rules: Rules) -> bool:
    """A short title-like line: a few words, a capital first, no full stop, comma or colon last."""
    p = rules.params
    count = len(words(text))
    stripped = text.strip()
    if not (p.heading_min_words <= count <= p.heading_max_words) or len(stripped) > p.heading_max_chars:
        # one long word can head a section ("Vergunningen", "Hintergrund"); a short one is a label
        if not (count == 1 and len(stripped) >= p.heading_one_word_chars and not stripped.isupper()):
            return False
    first = stripped.lstrip(_OPENERS)[:1]
    if not first or not (first.isupper() or first.isdigit()):
        return False
    last = stripped.rstrip(_CLOSERS)[-1:]
    return last not in ".,;:" and "|" not in stripped and "http" not in stripped.casefold()
