"""Boilerplate rules: load them from YAML and judge one line of scraped text.

The patterns live in ``data/boilerplate.yaml`` (by category and language) and the stop words in
``data/stopwords.yaml``; this module only compiles and applies them. Besides the patterns it offers
the general signals that need none (line length, stop-word density, sentence shape), in the spirit
of jusText; ``scrape.py`` combines them with the position and repetition of lines.
"""

from __future__ import annotations

import functools
import re
import re._parser as sre  # the regex parser, to read what a match must start with or contain
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from warta import dates
from warta.errors import ConfigError
from warta.scripts import CLOSERS, HAN_KANA, OPENERS, TERMINALS, UNFINISHED, capital
from warta.yamlio import parse

_TOP_KEYS = ("params", "rules", "signals", "dates", "stopwords")
_RULE_KEYS = ("id", "patterns", "max_words", "block")
_SIGNAL_LISTS = ("credit", "credit_editor", "credit_name_stop", "credit_title", "credit_place", "credit_label",
                 "credit_role", "credit_source", "credit_box", "credit_bio", "place_before", "not_name", "source",
                 "origin", "site", "dateline", "title_section", "outlet_word",
                 "comments_header", "comments_heading", "summary_header")
_SIGNAL_ONE = ("credit_name_split", "title_suffix", "title_prefix")
# A letter, then letters and the combining marks that belong to them: Devanagari and Thai vowel signs
# are marks, not letters ("मानसून" is one word, not three); a zero-width (non-)joiner stays inside a
# Persian word ("بی‌بی‌سی").
_MARKS = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me"))
_LETTER = r"[^\W_]"
_INNER = f"(?>{_LETTER}+|[{re.escape(_MARKS)}\u200c\u200d]+)"
_WORD = re.compile(f"{_LETTER}{_INNER}*+(?:['’\\-.]{_LETTER}{_INNER}*+)*")
# Scripts written without spaces between words: a run of them is counted in pieces of about one word
# (Chinese and Japanese words are mostly two characters; Thai, Lao, Khmer and Burmese ones about four
# letters, their vowel signs and tone marks not counted),
# so that the word-count heuristics hold for them as for spaced scripts.
_UNSPACED = ((HAN_KANA, 2),
             ("\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff", 4))
# "[a]+|[b]+" as one class of first characters, then the run that character opens (told by a look-behind):
# the regex engine skips to the next such character in C instead of trying the alternation at every position
_UNSPACED_RUN = re.compile("[" + "".join(chars for chars, _ in _UNSPACED) + "](?:"
                           + "|".join(f"(?<=[{chars}])[{chars}]*" for chars, _ in _UNSPACED) + ")")
_UNSPACED_SIZE = tuple((re.compile(f"[{chars}]"), size) for chars, size in _UNSPACED)
# Thai and Lao mark no sentence end: a space closes a sentence, the end of a paragraph closes its last one
_UNMARKED = re.compile(r"[\u0e00-\u0eff]")


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
    pull_quote_min_words: int = 6
    author_box_max_lines: int = 3
    gallery_min_captions: int = 4
    menu_min_items: int = 4
    menu_item_max_words: int = 3
    menu_item_max_chars: int = 4
    fact_box_min_rows: int = 3
    fact_box_label_max_words: int = 4


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
    credit_editor: tuple[re.Pattern[str], ...]  # an editor's role before names ("Editing by"): not credited
    credit_name_stop: tuple[re.Pattern[str], ...]
    credit_title: tuple[re.Pattern[str], ...]  # a reporter's title before or after the name ("财新记者 张静")
    credit_place: tuple[re.Pattern[str], ...]
    credit_label: tuple[re.Pattern[str], ...]
    credit_role: tuple[re.Pattern[str], ...]
    credit_source: tuple[re.Pattern[str], ...]
    credit_box: tuple[re.Pattern[str], ...]
    credit_bio: tuple[re.Pattern[str], ...]
    place_before: tuple[re.Pattern[str], ...]
    not_name: tuple[re.Pattern[str], ...]
    credit_name_split: re.Pattern[str]
    source: tuple[re.Pattern[str], ...]
    origin: tuple[re.Pattern[str], ...]
    site: tuple[re.Pattern[str], ...]
    dateline: tuple[re.Pattern[str], ...]
    title_suffix: re.Pattern[str]
    title_prefix: re.Pattern[str]
    title_section: tuple[re.Pattern[str], ...] = ()
    outlet_word: tuple[re.Pattern[str], ...] = ()
    comments_header: tuple[re.Pattern[str], ...] = ()
    comments_heading: tuple[re.Pattern[str], ...] = ()
    summary_header: tuple[re.Pattern[str], ...] = ()


_NAMED_GROUP = re.compile(r"(?<!\\)((?:\\\\)*)\(\?P<\w+>")
_GROUP_REFERENCE = re.compile(r"(?<!\\)(?:\\\\)*\(\?(?:P=|\()|\\[1-9g]")  # (?P=name), (?(1)...), \1
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_CLASSES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
            sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W"}
_Parsed = Any  # a sequence of (opcode, argument) pairs from the regex parser


class AnyOf:
    """Several patterns asked at once whether any of them matches, most of them ruled out before any is tried.

    Two exact shortcuts, both read off each pattern's parse tree and both answered by the regex engine
    itself (so case folding is the engine's own):

    - a match at the start (``match``, ``fullmatch``) begins with a character its pattern can begin
      with: only the patterns whose first character class takes the text's first character are tried;
    - a match contains a literal its pattern requires ("contributed", "all rights reserved"): a pattern
      none of whose literals is in the text cannot match. This is asked of all patterns at once for
      ``search``, and of the patterns that may start with any letter (``.*\\ball rights reserved``) for
      the other two.

    ``search`` tries the patterns as one union ``(?:p1)|(?:p2)|...`` (named groups made plain so names
    may repeat), which matches at a position exactly when one of them does; patterns the union cannot
    hold (back-references, global inline flags) are tried one by one. ``match`` and ``fullmatch`` try the
    few patterns left one by one: a union of each set left cost a compile per new set (some 140 sets in
    1,000 articles, most asked once to three times, 0.3 ms of CPU per article) and matched no faster.
    """

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = tuple(patterns)
        starts = [_start_of(p) for p in self.patterns]
        self._firsts = [first for first, _ in starts]
        wide = [i for i, (_, is_wide) in enumerate(starts) if is_wide]
        needs = {i: _needs([self.patterns[i]], _STRONG_LITERAL) for i in wide}
        # the patterns that may start anywhere and need a long literal: one search rules most of them out
        self._strong: dict[int, Literals] = {i: n for i, n in needs.items() if n is not None}
        self._any_strong = _needs([self.patterns[i] for i in self._strong], _STRONG_LITERAL)
        # first character -> the patterns that may start with it: all, those needing no strong literal, the others
        self._by_char: dict[str, tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]] = {}

    @functools.cached_property
    def union(self) -> re.Pattern[str] | None:
        """All the patterns as one union (for ``search``; compiled on first use)."""
        return _union(self.patterns)

    @functools.cached_property
    def _literals(self) -> Literals | None:
        """Literals one of which a text must hold for any pattern to be found in it (for ``search``)."""
        return _needs(self.patterns)

    def candidates(self, text: str) -> tuple[int, ...]:
        """The indices of the patterns that may match at the start of ``text``, in order."""
        if not text:
            return tuple(range(len(self.patterns)))
        known = self._by_char.get(text[0])
        if known is None:
            found = tuple(i for i, f in enumerate(self._firsts) if f is None or f.fullmatch(text[0]) is not None)
            known = self._by_char[text[0]] = (found, tuple(i for i in found if i not in self._strong),
                                              tuple(i for i in found if i in self._strong))
        found, weak, strong = known
        if not strong:
            return found
        if self._any_strong is not None and not self._any_strong.search(text):
            return weak
        passed = [i for i in strong if self._strong[i].search(text)]
        return tuple(sorted((*weak, *passed))) if passed else weak  # in pattern order, as ``found``

    def first_fullmatch(self, text: str) -> int | None:
        """The index of the first pattern (in order) that matches the whole of ``text``, if any."""
        patterns = self.patterns
        for i in self.candidates(text):
            if patterns[i].fullmatch(text) is not None:
                return i
        return None

    def fullmatch(self, text: str) -> bool:
        return self.first_fullmatch(text) is not None

    def match(self, text: str) -> bool:
        patterns = self.patterns
        return any(patterns[i].match(text) is not None for i in self.candidates(text))

    def search(self, text: str) -> bool:
        if self._literals is not None and not self._literals.search(text):
            return False
        if self.union is not None:
            return self.union.search(text) is not None
        return any(p.search(text) for p in self.patterns)


_PROBE = "abcdefghijklmnopqrstuvwxyz"  # a first-character class taking most of these takes almost any line
_STRONG_LITERAL = 3  # literals this long are rare enough in a line to be worth looking for first


@functools.lru_cache(maxsize=8192)
def _start_of(pattern: re.Pattern[str]) -> tuple[re.Pattern[str] | None, bool]:
    """The class of the first character of ``pattern``'s matches, compiled (None when unknown), and whether it
    takes most letters: worked out once per pattern, not again for each ``AnyOf`` that holds it (the rules
    of a line's length are a part of them all: 0.4 s of CPU in each process that reads articles)."""
    first = _compiled(_first_class(pattern), pattern.flags)
    return first, first is None or sum(1 for c in _PROBE if first.fullmatch(c)) > len(_PROBE) // 2


def _compiled(source: str | None, flags: int) -> re.Pattern[str] | None:
    return re.compile(source, flags) if source is not None else None


def _union(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    if not patterns or any(p.flags & ~(re.IGNORECASE | re.UNICODE) for p in patterns):
        return None
    if any(_GROUP_REFERENCE.search(p.pattern) for p in patterns):
        return None
    parts = [_NAMED_GROUP.sub(r"\1(?:", p.pattern) for p in patterns]
    flags = {p.flags & re.IGNORECASE for p in patterns}
    if len(flags) != 1:
        return None
    try:
        return re.compile("|".join(f"(?:{part})" for part in parts), flags.pop())
    except re.error:  # e.g. a global inline flag such as "(?s)" that only stands at the start of a pattern
        return None


def _parse(pattern: re.Pattern[str]) -> _Parsed | None:
    if pattern.flags & ~(re.IGNORECASE | re.UNICODE):
        return None
    try:
        return list(sre.parse(pattern.pattern, pattern.flags))
    except re.error:
        return None


def _first_class(pattern: re.Pattern[str]) -> str | None:
    """A regex for one character that every match of ``pattern`` starts with; None when unknown."""
    parsed = _parse(pattern)
    found = _first(parsed) if parsed is not None else None
    if found is None or found[1]:  # the pattern may match the empty string
        return None
    return "|".join(f"(?:{c})" for c in found[0])


def _first(items: _Parsed) -> tuple[list[str], bool] | None:
    """The classes a match of the sequence may start with, and whether it may be empty; None when unknown."""
    classes: list[str] = []
    for op, av in items:
        found: tuple[list[str], bool] | None
        if op is sre.AT:  # zero width: ^, \b
            continue
        if op is sre.LITERAL:
            found = [f"\\U{av:08x}"], False
        elif op is sre.NOT_LITERAL:
            found = [f"[^\\U{av:08x}]"], False
        elif op is sre.ANY:
            found = ["."], False
        elif op is sre.IN:
            one = _char_class(av)
            found = ([one], False) if one is not None else None
        elif op is sre.SUBPATTERN:
            found = _first(av[3])
        elif op is sre.ATOMIC_GROUP:
            found = _first(av)
        elif op in _REPEATS:
            inner = _first(av[2])
            found = (inner[0], inner[1] or av[0] == 0) if inner is not None else None
        elif op is sre.BRANCH:
            alternatives = [_first(alt) for alt in av[1]]
            if any(a is None for a in alternatives):
                return None
            found = [c for a in alternatives if a for c in a[0]], any(a[1] for a in alternatives if a)
        else:
            return None  # lookarounds, groups referred to: anything may come first
        if found is None:
            return None
        classes += found[0]
        if not found[1]:
            return classes, False
    return classes, True


def _char_class(items: _Parsed) -> str | None:
    out = []
    for op, av in items:
        if op is sre.NEGATE:
            out.append("^")
        elif op is sre.LITERAL:
            out.append(f"\\U{av:08x}")
        elif op is sre.RANGE:
            out.append(f"\\U{av[0]:08x}-\\U{av[1]:08x}")
        elif op is sre.CATEGORY and av in _CLASSES:
            out.append(_CLASSES[av])
        else:
            return None
    return "[" + "".join(out) + "]"


_MAX_SPELLINGS = 64  # how many spellings of a fixed part to track before giving it up


def _needs(patterns: Sequence[re.Pattern[str]], shortest: int = 1) -> Literals | None:
    """Literals one of which is in every text where one of the patterns matches; None if unknown.

    None too when a pattern's literals are shorter than ``shortest`` characters (they would be found in
    almost any text).
    """
    literals: set[str] = set()
    for pattern in patterns:
        found = _required_of(pattern)
        if not found or min(len(lit) for lit in found) < shortest:
            return None
        literals |= found
    return Literals(literals)


@functools.lru_cache(maxsize=8192)
def _required_of(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """:func:`_required` of ``pattern``, parsed once however many ``AnyOf`` hold it."""
    parsed = _parse(pattern)
    found = _required(parsed) if parsed is not None else None
    return frozenset(found) if found is not None else None


class Literals:
    """Whether a text holds one of some literals, compared as ``re.IGNORECASE`` compares them.

    The literals are one case-insensitive prefix tree. ASCII text (most lines) is asked another way with
    the same answer: lowered, against a case-sensitive tree of the literals as lowered ASCII spells them.
    Without case folding the regex engine skips every position whose character starts no literal: several
    times faster. A literal's character stands for the lowered ASCII character that ``re.IGNORECASE``
    matches to it (:func:`ascii_twins`: "ſ" for "s", "K" for "k"); a literal with a character that no
    ASCII one matches cannot occur in ASCII text and is left out.
    """

    def __init__(self, literals: set[str]) -> None:
        self.pattern = re.compile(_trie(_shortest(literals)), re.IGNORECASE)
        spelled = [[ascii_twins(ch) for ch in lit] for lit in literals]
        # a character with two lowered ASCII twins (none in Unicode so far) would need a class: ask the slow way
        self.exact = all(len(twins) <= 1 for chars in spelled for twins in chars)
        ascii_literals = {"".join(chars) for chars in spelled if all(chars)}
        self.ascii = re.compile(_trie(_shortest(ascii_literals))) if ascii_literals or not literals else None

    def search(self, text: str) -> bool:
        """Whether one of the literals occurs in ``text``."""
        if self.exact and text.isascii():
            return self.ascii is not None and self.ascii.search(text.lower()) is not None
        return self.pattern.search(text) is not None


def _shortest(literals: set[str]) -> list[str]:
    """The literals less those that hold another (they add nothing), in order."""
    return sorted(lit for lit in literals if not any(other != lit and other in lit for other in literals))


_ASCII_LOWER = "".join(chr(code) for code in range(128) if not chr(code).isupper())


@functools.lru_cache(maxsize=4096)
def ascii_twins(char: str) -> str:
    """The lowered ASCII characters (what ``str.lower`` leaves of ASCII) that ``re.IGNORECASE`` matches to ``char``."""
    return "".join(c for c in _ASCII_LOWER if re.fullmatch(re.escape(char), c, re.IGNORECASE))


def _trie(literals: list[str]) -> str:
    """A regex matching exactly the given literals, their common prefixes factored out."""
    heads: dict[str, list[str]] = {}
    for lit in literals:
        heads.setdefault(lit[0], []).append(lit[1:])
    branches = []
    for head, tails in sorted(heads.items()):
        if "" in tails:  # a literal ends here: the longer ones hold it and add nothing
            branches.append(re.escape(head))
        else:
            branches.append(re.escape(head) + _trie(tails))
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _required(items: _Parsed) -> set[str] | None:
    """Non-empty literals one of which every match contains (the most selective set found), or None."""
    options: list[set[str]] = []
    run: set[str] | None = None  # the spellings of the fixed text read so far in this stretch
    for op, av in items:
        if op is sre.AT:
            continue  # zero width: the text around it stays adjacent
        fixed = _spellings(op, av)
        if fixed is not None:
            if run is not None and len(run) * len(fixed) > _MAX_SPELLINGS:
                options.append(run)  # too many spellings: the stretch so far is one option, a new one starts
                run = None
            run = {a + b for a in run for b in fixed} if run is not None else fixed
            if len(run) > _MAX_SPELLINGS:
                run = None
            continue
        if run:
            options.append(run)
        run = None
        found: set[str] | None = None
        if op is sre.SUBPATTERN:
            found = _required(av[3])
        elif op is sre.ATOMIC_GROUP:
            found = _required(av)
        elif op in _REPEATS and av[0] >= 1:
            found = _required(av[2])
        elif op is sre.BRANCH:
            alternatives = [_required(alt) for alt in av[1]]
            if all(alternatives):
                found = set().union(*(a for a in alternatives if a))
        if found:
            options.append(found)
    if run:
        options.append(run)
    options = [o for o in options if "" not in o]
    return max(options, key=lambda lits: min(len(lit) for lit in lits), default=None)


def _spellings(op: Any, av: Any) -> set[str] | None:
    """Every text a small fixed part of a pattern can match (a literal, an optional word), or None."""
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.SUBPATTERN:
        return _sequence_spellings(av[3])
    if op is sre.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            one = _sequence_spellings(alt)
            if one is None:
                return None
            out |= one
        return out if len(out) <= _MAX_SPELLINGS else None
    if op in _REPEATS and av[0] == 0 and av[1] == 1:
        inner = _sequence_spellings(av[2])
        return inner | {""} if inner is not None else None
    if op is sre.IN and all(item_op is sre.LITERAL for item_op, _ in av) and len(av) <= 8:
        return {chr(item) for _, item in av}
    return None


def _sequence_spellings(items: _Parsed) -> set[str] | None:
    out = {""}
    for op, av in items:
        one = _spellings(op, av)
        if one is None:
            return None
        out = {a + b for a in out for b in one}
        if len(out) > _MAX_SPELLINGS:
            return None
    return out


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

    @functools.cached_property
    def unspaced_stopwords(self) -> re.Pattern[str] | None:
        """The stop words of scripts written without spaces, found inside runs of text rather than as words:
        one pattern, longest first, so that each occurrence counts once ("です" is not also "で")."""
        found = sorted((w for w in self.stopwords if _UNSPACED_RUN.search(w)), key=lambda w: (-len(w), w))
        return re.compile("|".join(map(re.escape, found))) if found else None

    @functools.cached_property
    def any_rule(self) -> AnyOf:
        """Every pattern of every rule: most lines match none, and one call says so."""
        return AnyOf([p for rule in self.rules for p in rule.patterns])

    def rules_taking(self, count: int) -> tuple[AnyOf, tuple[int, ...]]:
        """The patterns of the rules that take a line of ``count`` words (at most ``longest_rule``) as one
        ``AnyOf``, in rule order, with the index of each one's rule.

        A long line is asked only of the few rules that take it (a line of 50 words of the ~40 patterns
        of three or four rules, not of all ~700): their unions are far smaller. Lines are grouped by the least
        ``max_words`` that takes them; each group's patterns are gathered on first use.
        """
        least = self.least_taking[count]
        if least <= self.shortest_rule:  # every rule takes it
            return self.any_rule, self.pattern_rule
        found = self.rule_groups.get(least)
        if found is None:
            chosen = [(n, p) for n, rule in enumerate(self.rules) if rule.max_words >= least for p in rule.patterns]
            found = self.rule_groups[least] = (AnyOf([p for _, p in chosen]), tuple(n for n, _ in chosen))
        return found

    @functools.cached_property
    def least_taking(self) -> tuple[int, ...]:
        """For each word count up to ``longest_rule``, the least ``max_words`` of a rule that takes it."""
        return tuple(min(rule.max_words for rule in self.rules if rule.max_words >= count)
                     for count in range(self.longest_rule + 1))

    @functools.cached_property
    def rule_groups(self) -> dict[int, tuple[AnyOf, tuple[int, ...]]]:
        """The groups of ``rules_taking`` made so far, by their least ``max_words``."""
        return {}

    @functools.cached_property
    def rule_cache(self) -> dict[str, Rule | None]:
        """Lines already judged by ``match_rule`` (bounded: emptied when full)."""
        return {}

    @functools.cached_property
    def pattern_rule(self) -> tuple[int, ...]:
        """For each pattern of ``any_rule``, the index of its rule."""
        return tuple(n for n, rule in enumerate(self.rules) for _ in rule.patterns)

    @functools.cached_property
    def longest_rule(self) -> int:
        """No rule takes a line of more words than this."""
        return max((rule.max_words for rule in self.rules), default=-1)

    @functools.cached_property
    def shortest_rule(self) -> int:
        """Every rule takes a line of this many words or fewer (below zero when some rule takes none)."""
        return min((rule.max_words for rule in self.rules), default=-1)

    @functools.cached_property
    def signal(self) -> dict[str, AnyOf]:
        """The signal pattern lists, each as one ``AnyOf``."""
        sig = self.signals
        return {name: AnyOf(getattr(sig, name)) for name in _SIGNAL_LISTS}


def load_rules(extra: Path | None = None, date_words: dates.DateWords | None = None) -> Rules:
    """The built-in rules from data/boilerplate.yaml and data/stopwords.yaml, extended by ``extra``.

    The month and day names a date line may hold are those of the date tables, ``date_words`` (the
    built-in data/dates.yaml when None), and the line-only abbreviations of boilerplate's ``dates``.
    """
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
    rules = merged.build()
    names = date_words if date_words is not None else dates.load_words()
    return replace(rules, months=rules.months | frozenset(names.months), days=rules.days | frozenset(names.weekdays))


@dataclass(frozen=True)
class _Source:
    path: str
    text: str
    data: Any


def _read_builtin(name: str, wrap: str | None = None) -> _Source:
    text = resources.files("warta").joinpath("data", name).read_text(encoding="utf-8")
    path = f"warta/data/{name}"
    data = parse(text, path, error=ConfigError, builtin=True).data
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
            credit_editor=tuple(self.signals["credit_editor"]),
            credit_name_stop=tuple(self.signals["credit_name_stop"]),
            credit_title=tuple(self.signals["credit_title"]),
            credit_place=tuple(self.signals["credit_place"]),
            credit_label=tuple(self.signals["credit_label"]),
            credit_role=tuple(self.signals["credit_role"]),
            credit_source=tuple(self.signals["credit_source"]),
            credit_box=tuple(self.signals["credit_box"]),
            credit_bio=tuple(self.signals["credit_bio"]),
            place_before=tuple(self.signals["place_before"]),
            not_name=tuple(self.signals["not_name"]),
            credit_name_split=self.single["credit_name_split"],
            source=tuple(self.signals["source"]),
            origin=tuple(self.signals["origin"]),
            site=tuple(self.signals["site"]),
            dateline=tuple(self.signals["dateline"]),
            title_suffix=self.single["title_suffix"],
            title_prefix=self.single["title_prefix"],
            title_section=tuple(self.signals["title_section"]),
            outlet_word=tuple(self.signals["outlet_word"]),
            comments_header=tuple(self.signals["comments_header"]),
            comments_heading=tuple(self.signals["comments_heading"]),
            summary_header=tuple(self.signals["summary_header"]),
        )
        return Rules(rules, signals, params, frozenset(self.stopwords), frozenset(self.dates["months"]),
                     frozenset(self.dates["days"]), frozenset(self.dates["words"]), frozenset(self.dates["relative"]),
                     frozenset(self.dates["zones"]))


# --- judging one line -------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """The words of a line, case-folded."""
    return list(_words(text))


@functools.lru_cache(maxsize=16384)
def _words(text: str) -> tuple[str, ...]:
    # the same lines are asked about many times (title, repeats, prose shape): read each once
    if text.isascii():  # ASCII case-folds to ASCII, letter for letter: fold the line once
        return tuple(_WORD.findall(text.lower()))
    found = [w.casefold() for w in _WORD.findall(text)]
    if not _UNSPACED_RUN.search(text):
        return tuple(found)
    return tuple(piece for w in found for piece in _pieces(w))


def _pieces(word: str) -> list[str]:
    """A token cut where a run of an unspaced script begins or ends, each run in word-sized pieces."""
    out: list[str] = []
    at = 0
    for run in _UNSPACED_RUN.finditer(word):
        if run.start() > at:
            out.append(word[at:run.start()])
        size = next(n for chars, n in _UNSPACED_SIZE if chars.match(run.group()))
        piece = ""
        letters = 0
        for char in run.group():  # a vowel sign or tone mark goes with the letter before it
            if letters == size and not unicodedata.category(char).startswith("M"):
                out.append(piece)
                piece, letters = "", 0
            piece += char
            letters += not unicodedata.category(char).startswith("M")
        out.append(piece)
        at = run.end()
    if at < len(word):
        out.append(word[at:])
    return out


@functools.lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """A line reduced for comparison: case-folded, single spaces, no surrounding punctuation."""
    return " ".join(_words(text))


def density(text: str, rules: Rules) -> float:
    """The share of a line's words that are stop words.

    In a script without spaces a stop word is not a word of its own: its occurrences in the text are counted.
    """
    found = _words(text)
    if not found:
        return 0.0
    inside = rules.unspaced_stopwords
    if inside is None or not _UNSPACED_RUN.search(text):
        return sum(1 for w in found if w in rules.stopwords) / len(found)
    # the pieces of an unspaced run are not words: its stop words are counted where they stand instead
    spaced = sum(1 for w in found if w in rules.stopwords and not _UNSPACED_RUN.match(w))
    return min((spaced + len(inside.findall(text.casefold()))) / len(found), 1.0)


def match_rule(text: str, rules: Rules) -> Rule | None:
    """The first boilerplate rule whose pattern covers the whole line, if any."""
    line = " ".join(text.split())
    if not line:
        return None
    cache = rules.rule_cache
    if line in cache:  # boilerplate lines repeat, within an article and across a site
        return cache[line]
    if len(cache) >= _RULE_CACHE_SIZE:
        cache.clear()
    cache[line] = found = _first_rule(line, rules)
    return found


_RULE_CACHE_SIZE = 8192


def _first_rule(line: str, rules: Rules) -> Rule | None:
    count = len(line.split())
    if count > rules.longest_rule:
        return None
    any_rule, owner = rules.rules_taking(count)
    # the patterns in rule order, all of rules that take lines this long: the first one that matches names it
    first = any_rule.first_fullmatch(line)
    return rules.rules[owner[first]] if first is not None else None


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
    r"\d{1,4}[/.\-·]\d{1,2}[/.\-·]\d{1,4}|\d{1,2}[:.h]\d{2}(?::\d{2})?(?:[ap]\.?m\.?)?|\d{1,4}(?:st|nd|rd|th)?"
    r"|\d{1,4}[年년日일]|\d{1,2}[時시分분]|\d{1,2}時\d{1,2}分|\d{1,2}시\d{1,2}분")
_CLOCK = re.compile(r"\d{1,2}[:.h]\d{2}(?::\d{2})?(?:[ap]\.?m\.?)?|\d{1,2}[時시]\d{0,2}[分분]?")
# Chinese, Japanese and Korean dates count their parts with a character: "2024年6月19日", "6월 19일"
# a CJK date, with the clock time People's Daily glues to it ("2024年07月25日22:08")
_CJK_DATE = re.compile(r"\d{1,4}年\d{1,2}月\d{1,2}日(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?")
_CJK_MONTH = re.compile(r"\d{1,2}[月월]")
_ZONE = re.compile(r"(?:gmt|utc)[+\-]\d{1,2}(?::?\d{2})?")
# a middle dot parts a header's pieces, but not the numbers of a date (Levante-EMV's "03·11·24")
_DATE_TOKEN = re.compile(r"(?:\d·(?=\d)|[^\s,|·•()\[\]])+")
_NUMERIC_DATE = re.compile(r"\d{1,4}[/.\-·]\d{1,2}[/.\-·]\d{1,4}")


# a year glued to its clock time ("August 6, 20245:31 PM ET", NPR) or a word glued to the time zone before it
# ("5:12 PM GMT+7Updated 2 hours ago", "January 9, 20244:18 AM GMTUpdated January 9, 2024", Reuters): the
# page's two fields lost the space between them. The match is the character before the place (put back with
# the space): a pattern that starts with a class of characters is looked for only at those, one that starts
# with a look-behind at every character (3.6 times slower over a bench article's lines)
_GLUED = re.compile(r"[\dA-Z](?:(?<=\b(?:19|20)\d\d)(?=\d{1,2}:\d\d\b)"
                    r"|(?<=\d)(?=[A-Z][a-z])|(?<=[A-Z]{2})(?=[A-Z][a-z]))")
_LABEL = re.compile(r"[^\W\d_]+[:：]")  # a word and a colon: "Giriş:", "Güncelleme:", "Stand:"
_MAX_LABELS = 2  # a date line says when it was published and when updated: two labels, no more


def is_date_line(text: str, rules: Rules) -> bool:
    """Whether a line is only a date (with weekday, time, zone and 'Published' words).

    Besides the label words of the data, any one word with a colon counts as a label
    ("Giriş: 16.10.2024 - 11:46 Güncelleme: 16.10.2024 - 12:30"), at most two of them, when the line
    holds a full date and a time: a line of only labels, dates, times and separators stamps the page.
    """
    text = _GLUED.sub(r"\g<0> ", text)
    head, mark, tail = text.rpartition(" · ")
    if mark and head and (reading := match_rule(tail, rules)) is not None and reading.id == "counter":
        text = head  # the page's stamp with its reading time: "Fri, July 19, 2024 at 3:20 PM GMT+2 · 4 min read"
    tokens: list[str] = []
    has_date = relative = month = zone = clock = False
    numbers = labels = 0
    for found in _DATE_TOKEN.finditer(text.casefold()):  # most lines fail on their first word: stop there
        token = found.group()
        tokens.append(token)
        if len(tokens) > 14:
            return False
        bare = token.strip(".:;-–—/")
        if not bare:
            continue
        if bare in rules.months or _CJK_MONTH.fullmatch(bare):
            month = True
        elif _CJK_DATE.fullmatch(bare):
            has_date = True
        elif _DATE_NUMERIC.fullmatch(bare):
            numbers += 1
            clock = clock or bool(_CLOCK.fullmatch(bare))
            has_date = has_date or bool(_NUMERIC_DATE.fullmatch(bare))
        elif bare in rules.relative:
            relative = True
        elif bare in rules.zones or _ZONE.fullmatch(bare):
            zone = True
        elif bare in rules.days or bare.rstrip(".") in rules.date_words or token.strip(",;:") in rules.date_words:
            continue
        elif _LABEL.fullmatch(token) and labels < _MAX_LABELS:
            labels += 1
        else:
            return False
    if not tokens:
        return False
    if labels and not ((has_date or (month and numbers >= 1)) and clock):
        # "Score: 2-1", "Anstoß: 21:00": an unknown label needs a date and a time, as a page's stamp has;
        # "Correction: July 2, 2024" heads a notice
        return False
    day = any(t.strip(".,") in rules.days for t in tokens)
    # a bare clock time counts with a zone ("11.42 GMT"): live-blog and wire timestamps
    return has_date or (numbers >= 1 and (month or relative or day)) or (clock and zone)


def ends_sentence(text: str) -> bool:
    """Whether a line ends like a sentence: a full stop, ! ? … , possibly inside quotes."""
    stripped = text.rstrip().rstrip(CLOSERS).rstrip()
    return bool(stripped) and stripped[-1] in TERMINALS


def ends_paragraph(text: str) -> bool:
    """Whether a paragraph is finished: it ends like a sentence, or in a script that marks no sentence end."""
    stripped = text.rstrip().rstrip(CLOSERS).rstrip()
    return ends_sentence(text) or bool(_UNMARKED.fullmatch(stripped[-1:]))


def starts_quote(text: str) -> bool:
    """Whether a line opens with a quotation mark."""
    return text.lstrip()[:1] in OPENERS


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
    first = stripped.lstrip(OPENERS)[:1]
    if not first or not (capital(first) or first.isdigit()):
        return False
    last = stripped.rstrip(CLOSERS)[-1:]
    return last not in UNFINISHED and "|" not in stripped and "http" not in stripped.casefold()
