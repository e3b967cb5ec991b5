"""Dates in article text: find them, normalise them, and work out when an article was published.

The words (month and day names, relative phrases, context words) come from
``data/dates.yaml``; this module only compiles them into regular expressions, once per
:class:`DateWords`, and applies them. Free text is never handed to a date-guessing
library: a bare number becomes a date only in a shape or a context that says so
("19 Juni 2024", "Rabu (19/6)", "tahun 1961"), never "Su-35", "152 mm" or "Covid-19".

A mention without a year ("12 Juni", "pada bulan Maret") or a relative one ("pekan lalu",
"Selasa") is resolved against an anchor date only when one is given, and is then marked
``approximate``; without an anchor it is dropped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal
from urllib.parse import urlsplit

from warta.calendars import lunar_hijri, lunar_hijri_year, solar_hijri, solar_hijri_year
from warta.errors import ConfigError
from warta.model import Block, Line, Precision, PublishedDate
from warta.scripts import HAN_KANA, HANGUL, MARKS, capital
from warta.yamlio import is_builtin, parse

Unit = Literal["day", "week", "month", "year"]
Kind = Literal["full", "year", "day", "month", "relative", "weekday", "month_relative"]

_BUILTIN = Path(__file__).resolve().parent / "data" / "dates.yaml"
_UNITS: tuple[Unit, ...] = ("day", "week", "month", "year")
_LIST_KEYS = (
    "ago_before", "ago_after", "last_before", "last_after", "next_before", "next_after", "this_before", "this_after",
    "year_context", "month_context", "weekday_context", "joiners", "list_words", "dateline_labels",
    "plain_weekdays", "year_after", "numeric_context", "year_suffix", "month_suffix", "day_suffix",
    "suffix_blockers", "revision_labels", "since_before", "first_year_words", "count_before", "day_prefixes",
    "range_words", "range_before", "ordinal_day_before", "time_before",
)  # fmt: skip
_TOP_LISTS = ("ambiguous_months", "weak_weekdays", "counted_nouns", "current_year_markers", "time_words",
              "dateline_separators", "weekday_titles")
_FUTURE_WEIGHT = 5  # a date after the anchor costs this much more than one as far before it
_LONG_PARAGRAPH_WORDS = 20  # a dateline stands above the first paragraph this long
_DATELINE_MAX_CHARS = 120
_DATELINE_EXTRA_WORDS = 3  # names or places a dateline may carry besides its labels
_BYLINE_LINES = 4  # short lines of a byline block under a standfirst ("By …", "Reporting from …", the date)
_WEEKDAY_YEARS = 11  # a day of the year falls on each weekday at least once in any 11 years
_YEARLESS_AHEAD_DAYS = 60  # a year-less date resolved this far past the latest dated event is a plan
_FIRST_GREGORIAN_YEAR = 1583  # a numeric date before it is of another calendar ("1403/03/30", Solar Hijri)
# Bounds on the repeats of the patterns, so that each is tried in a bounded time wherever it starts: unbounded,
# "a a a …" (Italian "a" is a month context) or "1, 2, 3, …" ran on to the end of the line from each word of
# it, and back, and a 1 MB line of "a " took minutes (quadratic). No date is written with more.
_CONTEXT_WORDS = 3  # context words in a row before a month or a year ("in early", "pada awal tahun")
_LIST_MORE = 15  # days, months or years listed after the first ("1, 8, 15 dan 22 Juni")
# The month tables of other calendars (key in dates.yaml -> the conversion of a year, month and day of it)
_CALENDARS: Mapping[str, Callable[[int, int, int], dt.date | None]] = MappingProxyType({
    "solar_hijri_months": solar_hijri,
    "lunar_hijri_months": lunar_hijri,
})  # fmt: skip
# ... and the year of that calendar that a Gregorian year mostly holds (a year-less date is looked for around it)
_CALENDAR_YEARS: Mapping[str, Callable[[int], int]] = MappingProxyType({
    "solar_hijri_months": solar_hijri_year,
    "lunar_hijri_months": lunar_hijri_year,
})  # fmt: skip


@dataclass(frozen=True)
class DateWords:
    """Month names, day names, relative phrases and context words, merged over the languages."""

    languages: tuple[str, ...]
    months: Mapping[str, int]  # full names and abbreviations, lower case -> 1..12
    calendars: Mapping[str, str]  # the month names of another calendar -> its table's key ("solar_hijri_months")
    eras: Mapping[str, int]  # an era before a year -> the Gregorian year of its year 0 ("令和": 2018)
    era_ranges: Mapping[str, tuple[int, int]]  # an era -> the years that are of it without its name
    short_years: Mapping[str, int]  # a month name -> the Gregorian year of year "00" written after it ("มิ.ย. 67")
    weekdays: Mapping[str, int]  # lower case -> ISO weekday 1..7
    box_weekdays: Mapping[str, int]  # one-character day names, only in brackets after a date: "(水)"
    weekends: Mapping[str, int]  # "over the weekend" -> -1: the weekend before; 1 the next one, 2 this week's
    relative: Mapping[str, tuple[Unit, int]]  # "pekan lalu" -> ("week", -1)
    units: Mapping[str, Unit]
    numbers: Mapping[str, int]
    lists: Mapping[str, frozenset[str]]  # the _LIST_KEYS and _TOP_LISTS word sets
    tables: Mapping[str, Any] = field(default_factory=dict, repr=False)  # per language, as read

    def for_language(self, code: str | None) -> DateWords:
        """The words of one language and of the ``always_languages``; for a language without a table,
        those of every table but their one-word relative words (see :meth:`_fallback`).

        Each set compiles its own patterns, so a language's words cost nothing in another's articles.
        """
        return self._by_language.get(code or "", self._fallback)

    @functools.cached_property
    def _fallback(self) -> DateWords:
        """The words for a language without a table: every table's, but a relative word that is a word
        alone (Hungarian "ma", today; Swahili "leo", today) only from the ``always_languages``.

        Such a word is short and, in another language, often an ordinary one (Slovak "ma" is "me", "Leo"
        a name), and no date shape around it says it is a date; a phrase ("i går", "pekan lalu"), a month
        or a day name with a date stays.
        """
        return _build(self.tables, shared_only=True)

    @functools.cached_property
    def _by_language(self) -> Mapping[str, DateWords]:
        languages = self.tables.get("languages", {})
        always = tuple(code for code in self.tables.get("always_languages", ()) if code in languages)
        return MappingProxyType({code: _build(self.tables, (code, *always)) for code in languages})

    def words(self, key: str) -> frozenset[str]:
        """One of the word sets, empty when no language defines it."""
        return self.lists.get(key, frozenset())

    @functools.cached_property
    def patterns(self) -> _Patterns:
        """The regular expressions for these words, compiled on first use."""
        return _compile(self)

    @functools.cached_property
    def calendar_names(self) -> frozenset[str]:
        """Every month and day name (and abbreviation), lower case: words a capital marks but that name no one."""
        return frozenset(self.months) | frozenset(self.weekdays)

    @functools.cached_property
    def dateline_labels(self) -> frozenset[str]:
        """The words a dateline may hold besides its dates and names: labels, revision labels, time words and
        day names (gathered once, not for each header line read)."""
        return frozenset({
            word
            for key in ("dateline_labels", "revision_labels", "time_words")
            for phrase in self.words(key)
            for word in phrase.split()
        } | set(self.weekdays))


@dataclass(frozen=True)
class DateMention:
    """A date found in a text, normalised, with how sure we are of it."""

    start: int
    end: int
    text: str
    date: dt.date
    precision: Precision
    approximate: bool
    relative: bool
    last: dt.date | None = None  # a range of days ("17-21 June"): its last day; the date is its first


@dataclass(frozen=True)
class _Raw:
    """A date-shaped span before it is resolved against an anchor."""

    start: int
    end: int
    kind: Kind
    year: int = 0
    month: int = 0
    day: int = 0
    weekday: int = 0  # a day name attached to the date, 0 if none
    unit: Unit = "day"
    offset: int = 0  # relative: how many units; weekday/month_relative: -1 last, 0 bare, 1 next; weekday: 2 this
    link: int = -1  # the start of the list a date belongs to ("9 dan 11 November"), -1 if none
    calendar: str = ""  # a year-less date of another calendar: its table's key ("solar_hijri_months")
    shift: int | None = None  # a year-less day or month with "last year" after it: its year is the anchor's + this;
    # a day name with "this week", "next week" beside it: its week is the anchor's + this
    until: tuple[int, int] = (0, 0)  # a range of days: the month and day of its last one ("17-21 June": 6, 21)
    carried: bool = False  # a year-less day that took its month from a month written alone before it


@dataclass(frozen=True)
class _Patterns:
    dmy: re.Pattern[str]
    ymd: re.Pattern[str]
    mdy: re.Pattern[str]
    my: re.Pattern[str]
    month_bare: re.Pattern[str]
    month_relative: re.Pattern[str]
    numeric: re.Pattern[str]
    iso: re.Pattern[str]
    years: re.Pattern[str]
    relative: re.Pattern[str]
    ago: re.Pattern[str]
    weekday: re.Pattern[str]
    weekday_before: re.Pattern[str]
    box_open: re.Pattern[str]
    day_before: re.Pattern[str]
    box_close: re.Pattern[str]
    day_token: re.Pattern[str]
    month_token: re.Pattern[str]
    year_token: re.Pattern[str]
    trigger: re.Pattern[str]
    routes: Mapping[str, tuple[str, ...]]
    day_units: frozenset[str]
    year_units: frozenset[str]
    lasts: frozenset[str]
    nexts: frozenset[str]
    thises: frozenset[str]  # "this", "este", "ini" with a day name: the day of that name in the anchor's week
    counted: re.Pattern[str]
    marker: re.Pattern[str]
    before_numeric: re.Pattern[str]
    numeric_context: re.Pattern[str]
    stamp_before: re.Pattern[str]  # a dateline's label right before a date ("publié le 19/07/24")
    words_with_digits: bool  # a word of the "ago" pattern may start where a number does
    suffixed: re.Pattern[str]
    suffix_starts: str  # the first characters of the year, month and day markers ("年", "년")
    years_after: re.Pattern[str]
    year_after_starts: str
    revision: re.Pattern[str]  # a label that marks the date after it as a revision ("updated", "modifié")
    since_before: re.Pattern[str]  # "since", "sejak" right before a date: the text before it ends so
    since_start: re.Pattern[str]  # a date span that starts with such a word ("sejak tahun 2020")
    separators: re.Pattern[str]  # where a header line splits into parts ("19. Juni 2024 • aus Berlin")
    era: re.Pattern[str]  # a year after an era's name ("พ.ศ. 2567", "令和6", "令和元")
    era_year: re.Pattern[str]  # a year as the year patterns take it, era and number apart
    count_before: re.Pattern[str]  # a word right before a number that makes it a count ("平年より14日遅く")
    range_before: re.Pattern[str]  # "between" right before a day: "between 17 and 28 June" is a range
    weekend: re.Pattern[str]  # "over the weekend"
    day_month_end: re.Pattern[str]  # the dot that ends "19.06.", and no number after it
    time_before: re.Pattern[str]  # "a las", "um" right before a number: "a las 20.11." is a clock time
    ordinal_day: re.Pattern[str]  # "on the 19th", a day without its month
    titled: re.Pattern[str]  # a phrase with a day's name that is no day ("Friday prayers", "امام جمعه")

    @functools.cached_property
    def matchers(self) -> Mapping[str, Callable[[str, int], re.Match[str] | None]]:
        """The pattern of each finder, as its bound ``match``."""
        return MappingProxyType({name: getattr(self, name).match for name in _FINDERS})


# --------------------------------------------------------------------------- loading


def load_words(extra: Path | None = None) -> DateWords:
    """The built-in date words, extended by the tables in ``extra`` when given."""
    tables: dict[str, Any] = {}
    _merge(tables, _read(_BUILTIN))
    if extra is not None:
        _merge(tables, _read(extra))
    return _build(tables)


@functools.cache
def _builtin_words() -> DateWords:
    return load_words()


def builtin_words() -> DateWords:
    """The built-in date words, read once per process."""
    return _builtin_words()


def _read(path: Path) -> dict[str, Any]:
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read date words: {exc}", shown) from None
    doc = parse(text, shown, error=ConfigError, builtin=is_builtin(path))
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise ConfigError("date words: expected a mapping at the top", shown, 1)
    allowed = {"languages", "always_languages", *_TOP_LISTS}
    for key in data:
        if key not in allowed:
            message = f"date words: unknown key {key!r}; allowed: {', '.join(sorted(allowed))}"
            raise ConfigError(message, shown, doc.lines.get(str(key)))
    languages = data.get("languages") or {}
    if not isinstance(languages, dict):
        message = "date words: 'languages' must map a language code to its tables"
        raise ConfigError(message, shown, doc.lines.get("languages"))
    out: dict[str, Any] = {"languages": {}}
    out["always_languages"] = _word_list(data.get("always_languages"), shown, doc.lines.get("always_languages"),
                                         "always_languages")
    for key in _TOP_LISTS:
        out[key] = _word_list(data.get(key), shown, doc.lines.get(key), key)
    for code, table in languages.items():
        where = f"languages.{code}"
        line = doc.lines.get(where)
        if not isinstance(table, dict):
            raise ConfigError(f"date words: {where} must be a mapping", shown, line)
        out["languages"][str(code)] = _check_language(table, shown, where, doc.lines)
    return out


def _check_language(table: dict[Any, Any], shown: str, where: str, lines: dict[str, int]) -> dict[str, Any]:
    maps = {"months": (1, 12), "abbreviations": (1, 12), "weekdays": (1, 7), "box_weekdays": (1, 7),
            "weekends": (-1, 2), "numbers": (0, 1000), "eras": (-3000, 3000), **{key: (1, 12) for key in _CALENDARS}}
    allowed = {*maps, "relative", "units", "era_ranges", "short_years", *_LIST_KEYS}
    result: dict[str, Any] = {}
    for key, value in table.items():
        place = f"{where}.{key}"
        line = lines.get(place)
        if key not in allowed:
            raise ConfigError(f"date words: unknown key {place!r}; allowed: {', '.join(sorted(allowed))}", shown, line)
        if key in maps:
            low, high = maps[key]
            result[key] = _number_map(value, shown, place, lines, low, high)
        elif key == "units":
            result[key] = _unit_map(value, shown, place, lines)
        elif key == "relative":
            result[key] = _relative_map(value, shown, place, lines)
        elif key == "era_ranges":
            result[key] = _range_map(value, shown, place, lines, table.get("eras") or {})
        elif key == "short_years":
            result[key] = _short_years(value, shown, place, lines, table.get("eras") or {})
        else:
            result[key] = _word_list(value, shown, line, place)
    return result


def _number_map(value: Any, shown: str, place: str, lines: dict[str, int], low: int, high: int) -> dict[str, int]:
    if not isinstance(value, dict):
        raise ConfigError(f"date words: {place} must map words to numbers", shown, lines.get(place))
    out: dict[str, int] = {}
    for word, number in value.items():
        if isinstance(number, bool) or not isinstance(number, int) or not low <= number <= high:
            raise ConfigError(
                f"date words: {place}.{word} must be a number from {low} to {high}, not {number!r}",
                shown,
                lines.get(f"{place}.{word}", lines.get(place)),
            )
        out[_norm(str(word))] = number
    return out


def _unit_map(value: Any, shown: str, place: str, lines: dict[str, int]) -> dict[str, Unit]:
    if not isinstance(value, dict):
        raise ConfigError(f"date words: {place} must map words to units", shown, lines.get(place))
    out: dict[str, Unit] = {}
    for word, unit in value.items():
        if unit not in _UNITS:
            raise ConfigError(
                f"date words: {place}.{word} must be one of {', '.join(_UNITS)}, not {unit!r}",
                shown,
                lines.get(f"{place}.{word}", lines.get(place)),
            )
        out[_norm(str(word))] = unit
    return out


def _relative_map(value: Any, shown: str, place: str, lines: dict[str, int]) -> dict[str, tuple[Unit, int]]:
    if not isinstance(value, dict):
        raise ConfigError(f"date words: {place} must map phrases to [unit, offset]", shown, lines.get(place))
    out: dict[str, tuple[Unit, int]] = {}
    for phrase, spec in value.items():
        ok = (
            isinstance(spec, list)
            and len(spec) == 2
            and spec[0] in _UNITS
            and isinstance(spec[1], int)
            and not isinstance(spec[1], bool)
        )
        if not ok:
            raise ConfigError(
                f"date words: {place}.{phrase} must be [unit, offset] with unit one of {', '.join(_UNITS)}",
                shown,
                lines.get(f"{place}.{phrase}", lines.get(place)),
            )
        out[_norm(str(phrase))] = (spec[0], spec[1])
    return out


def _range_map(
    value: Any, shown: str, place: str, lines: dict[str, int], eras: dict[str, int]
) -> dict[str, tuple[int, int]]:
    """``era_ranges``: an era of the same table -> [first, last], the bare years read in it."""
    if not isinstance(value, dict):
        raise ConfigError(f"date words: {place} must map eras to [first, last] years", shown, lines.get(place))
    known = {_norm(str(era)) for era in eras}
    out: dict[str, tuple[int, int]] = {}
    for era, span in value.items():
        ok = (
            isinstance(span, list)
            and len(span) == 2
            and all(isinstance(y, int) and not isinstance(y, bool) and 1000 <= y <= 9999 for y in span)
            and span[0] <= span[1]
        )
        where = lines.get(f"{place}.{era}", lines.get(place))
        if not ok:
            raise ConfigError(f"date words: {place}.{era} must be [first, last], two years from 1000 to 9999",
                              shown, where)
        if _norm(str(era)) not in known:
            raise ConfigError(f"date words: {place}.{era} is not one of the table's eras", shown, where)
        out[_norm(str(era))] = (span[0], span[1])
    return out


def _short_years(value: Any, shown: str, place: str, lines: dict[str, int], eras: dict[str, int]) -> dict[str, int]:
    """``short_years``: an era of the same table -> its year of "00" for a two-digit year after a month name."""
    where = lines.get(place)
    if not isinstance(value, dict) or len(value) != 1:
        raise ConfigError(f"date words: {place} must map one era to the era's year of '00'", shown, where)
    ((era, century),) = value.items()
    if isinstance(century, bool) or not isinstance(century, int) or not 1000 <= century <= 9900 or century % 100:
        raise ConfigError(f"date words: {place}.{era} must be a year from 1000 to 9900 ending in 00, not {century!r}",
                          shown, lines.get(f"{place}.{era}", where))
    known = {_norm(str(e)): offset for e, offset in eras.items()}
    if _norm(str(era)) not in known:
        raise ConfigError(f"date words: {place}.{era} is not one of the table's eras", shown,
                          lines.get(f"{place}.{era}", where))
    return {_norm(str(era)): century + known[_norm(str(era))]}


def _word_list(value: Any, shown: str, line: int | None, place: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(w, (str, int)) and not isinstance(w, bool) for w in value):
        raise ConfigError(f"date words: {place} must be a list of words", shown, line)
    return [_norm(str(w)) for w in value]


def _merge(into: dict[str, Any], new: dict[str, Any]) -> None:
    langs = into.setdefault("languages", {})
    for code, table in new.get("languages", {}).items():
        target = langs.setdefault(code, {})
        for key, value in table.items():
            if isinstance(value, dict):
                target.setdefault(key, {}).update(value)
            else:
                target[key] = [*target.get(key, []), *value]
    for key in (*_TOP_LISTS, "always_languages"):
        into[key] = [*into.get(key, []), *new.get(key, [])]


def _build(tables: Mapping[str, Any], codes: tuple[str, ...] | None = None, shared_only: bool = False) -> DateWords:
    """The words of the languages ``codes`` (all without it); with ``shared_only``, a one-word relative
    word only from the ``always_languages``."""
    always = frozenset(tables.get("always_languages", ()))
    months: dict[str, int] = {}
    calendars: dict[str, str] = {}
    eras: dict[str, int] = {}
    era_ranges: dict[str, tuple[int, int]] = {}
    short_years: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    box_weekdays: dict[str, int] = {}
    weekends: dict[str, int] = {}
    relative: dict[str, tuple[Unit, int]] = {}
    units: dict[str, Unit] = {}
    numbers: dict[str, int] = {}
    lists: dict[str, set[str]] = {key: set() for key in (*_LIST_KEYS, *_TOP_LISTS)}
    for code, table in tables["languages"].items():
        if codes is not None and code not in codes:
            continue
        months.update(table.get("months", {}))
        months.update(table.get("abbreviations", {}))
        for key in _CALENDARS:
            months.update(table.get(key, {}))
            calendars.update(dict.fromkeys(table.get(key, {}), key))
        eras.update(table.get("eras", {}))
        era_ranges.update(table.get("era_ranges", {}))
        for base in table.get("short_years", {}).values():  # the table's own month names only
            short_years.update(dict.fromkeys([*table.get("months", {}), *table.get("abbreviations", {})], base))
        weekdays.update(table.get("weekdays", {}))
        box_weekdays.update(table.get("box_weekdays", {}))
        weekends.update(table.get("weekends", {}))
        own = table.get("relative", {})
        if shared_only and code not in always:
            own = {phrase: spec for phrase, spec in own.items() if " " in phrase}
        relative.update(own)
        units.update(table.get("units", {}))
        numbers.update(table.get("numbers", {}))
        for key in _LIST_KEYS:
            lists[key].update(table.get(key, []))
    for key in _TOP_LISTS:
        lists[key].update(tables.get(key, []))
    return DateWords(
        languages=tuple(sorted(code for code in tables["languages"] if codes is None or code in codes)),
        months=months,
        calendars=calendars,
        eras=eras,
        era_ranges=era_ranges,
        short_years=short_years,
        weekdays=weekdays,
        box_weekdays=box_weekdays,
        weekends=weekends,
        relative=relative,
        units=units,
        numbers=numbers,
        lists={key: frozenset(words) for key, words in lists.items()},
        tables=tables,
    )


@functools.lru_cache(maxsize=4096)  # the same month, day and context words, read again in every article
def _norm(word: str) -> str:
    return " ".join(word.lower().replace("’", "'").split())


# --------------------------------------------------------------------------- patterns
#
# Patterns run on the lower-cased text (same offsets), are case-sensitive and use prefix
# trees instead of flat alternations: several times faster than re.IGNORECASE over a list.

# Scripts written without spaces between words (kana, CJK ideographs, Hangul): a date word there
# needs no word boundary ("昨年の", "지난해에", "于2024年"). The combining marks of every alphabet and
# abugida (Arabic and Hebrew vowels, the vowel signs and viramas of Devanagari, Bengali, Gurmukhi,
# Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Sinhala, Thai...) are no word characters to ``re``
# but never end a word, nor do the joiners ZWNJ and ZWJ: "வெளியிடப்பட்டது" is one word, not six.
_UNSPACED = HAN_KANA + HANGUL
_MARKS = MARKS + "\u200c\u200d"
_WORD_CHAR = rf"[^\W{_UNSPACED}]"
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
# scripts with marks: Hebrew to Sinhala, Thai, Lao, Tibetan, Myanmar, Khmer
_MARKED_CHAR = re.compile("[\u0590-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff]")
_LETTERS = rf"(?:[^\W\d_]|[{_MARKS}])+"
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])"
_ORD = r"(?:st|nd|rd|th|er|e|\.)?"
_YEAR_DIGITS = r"(?:1[0-9]{3}|2[0-2][0-9]{2})"
# a year may run into the time a page sets right after it ("September 19, 20255:04 PM ET", NPR)
_YEAR_CORE = _YEAR_DIGITS + r"(?:(?=\d{1,2}:\d\d(?!\d))|(?![\w]|[.,:/]\d))"
# Digits of other scripts become ASCII digits, and their punctuation ASCII punctuation, in the
# lower-cased text the patterns read: one character for one, so offsets hold.
_DIGIT_ZEROS = (0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
                0x0D66, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xFF10)  # fmt: skip
_FOLD = {
    **{zero + i: str(i) for zero in _DIGIT_ZEROS for i in range(10)},
    **{ord(k): v for k, v in {"،": ",", "٫": ",", "٬": ".", "（": "(", "）": ")", "，": ",", "：": " ", "／": "/",
                               "．": ".", "－": "-", "、": ","}.items()},
}
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in _FOLD) + "]")
_SPACE, _GAP = "\x00", "\x01"  # trie markers: white space required / optional


def _alt(words: Iterable[str], context: bool = False) -> str:
    """A prefix-tree alternation of lower-case words; a space matches any white space.

    With ``context`` each word must be followed by white space, or by nothing when it ends
    in a hyphen ("mid-2024").
    """
    tree: dict[str, Any] = {}
    for word in set(words):
        if context:
            word += _GAP if word.endswith("-") else _SPACE
        node = tree
        for char in word.replace(" ", _SPACE):
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(tree) if tree else "(?!)"


def _emit(node: dict[str, Any]) -> str:
    pieces = {_SPACE: r"\s+", _GAP: r"\s*", "'": "['’]"}
    branches = [pieces.get(c, re.escape(c)) + _emit(child) for c, child in sorted(node.items()) if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        body = f"(?:{body})?"
    return body


def _routes(words: DateWords) -> dict[str, tuple[str, ...]]:
    """Which patterns to try where a given word (or "#", a number) starts."""
    routes: dict[str, set[str]] = {"#": {"dmy", "ymd", "numeric", "iso", "ago"}}
    if _suffix_words(words):
        routes["#"].add("suffixed")
    if words.words("year_after"):
        routes["#"].add("years_after")
    sources: list[tuple[Iterable[str], str]] = [
        (words.months, "mdy"), (words.months, "my"), (words.months, "month_relative"),
        (words.words("month_context"), "month_bare"), (words.words("year_context"), "years"),
        (words.words("weekday_context"), "weekday"), (words.weekdays, "weekday"),
        (words.words("last_before") | words.words("next_before"), "month_relative"),
        (words.words("last_before") | words.words("next_before") | words.words("this_before"), "weekday"),
        (words.relative, "relative"), (words.words("ago_before"), "ago"), (words.numbers, "ago"),
        (words.eras, "era"), (words.eras, "suffixed"), (words.words("day_prefixes"), "dmy"),
        (words.weekends, "weekend"), (words.words("ordinal_day_before"), "ordinal_day"),
    ]  # fmt: skip
    for source, name in sources:
        for phrase in source:
            first = phrase.split()[0]
            routes.setdefault(first, set()).add(name)
    return {word: tuple(sorted(names)) for word, names in routes.items()}


def _suffix_words(words: DateWords) -> frozenset[str]:
    return words.words("year_suffix") | words.words("month_suffix") | words.words("day_suffix")


@dataclass(frozen=True)
class _Bounds:
    """Where words and numbers may start and end, for the scripts of a set of words.

    Words of scripts without spaces need no boundary; words of scripts with combining marks
    must not end before one. Words of neither get the plain ``\\w`` boundaries, the fastest.
    """

    start: str
    end: str
    before_number: str
    after_number: str
    year: str


def _bounds(words: DateWords, core: str = _YEAR_CORE) -> _Bounds:
    listed = (w for key in _LIST_KEYS for w in words.words(key))  # the shared lists hold no pattern words
    chars = "".join([*words.months, *words.weekdays, *words.relative, *words.units, *listed])
    unspaced = _UNSPACED_CHAR.search(chars) is not None
    marks = f"|[{_MARKS}]" if unspaced or _MARKED_CHAR.search(chars) else ""
    if not unspaced:
        return _Bounds(r"(?<!\w)", rf"(?!\w{marks})", r"(?<![\w.,:/\-–$€£¥+#])", r"(?![\w]|[.,:/\-]\d)",
                       r"(?<![\w.,/\-])" + core)
    start = rf"(?<!{_WORD_CHAR})"
    return _Bounds(start, rf"(?!{_WORD_CHAR}{marks})", rf"{start}(?<![.,:/\-–$€£¥+#])",
                   rf"(?!{_WORD_CHAR}|[.,:/\-]\d)", rf"{start}(?<![.,/\-])" + core)


def _year_patterns(words: DateWords) -> tuple[str, str]:
    """The year without an era's name (Gregorian, or in the years an era claims: Thai "2567"), and a year
    after an era's name ("พ.ศ. 2567", "令和6", "民國113", "令和元")."""
    bare = _alt(str(year) for first, last in words.era_ranges.values() for year in range(first, last + 1))
    core = rf"(?:{_YEAR_CORE}|{bare}(?![\w]|[.,:/]\d))" if words.era_ranges else _YEAR_CORE
    named = rf"{_alt(words.eras)}\s*(?:\d{{1,4}}|{_alt(words.words('first_year_words'))})(?!\d)"
    return core, named


def _compile(words: DateWords) -> _Patterns:
    core, named = _year_patterns(words)
    bounds = _bounds(words, core)
    _B, _E, _NOT_BEFORE_NUMBER, _NOT_AFTER_NUMBER, _YEAR = (  # noqa: N806
        bounds.start, bounds.end, bounds.before_number, bounds.after_number, bounds.year
    )
    month = rf"{_B}{_alt(words.months)}{_E}(?:\.(?=\s*\d))?"
    weekday = rf"{_B}{_alt(words.weekdays)}{_E}"
    sep = rf"(?:\s*,\s*|\s*[-–]\s*|,?\s+{_alt(words.words('list_words') | words.words('range_words'))}\s+)"
    day = rf"{_DAY}{_ORD}(?![\d]|[.,]\d)"
    days = rf"{_NOT_BEFORE_NUMBER}{day}(?:{sep}{day}){{0,{_LIST_MORE}}}"
    # a day may follow a one-letter prefix joined by a hyphen (Hebrew "ב-19 ביוני"), which a bare number may not
    prefix = rf"{_B}{_alt(words.words('day_prefixes'))}(?=\d)"
    prefixed_days = rf"(?:{prefix}|{_NOT_BEFORE_NUMBER}){day}(?:{sep}{day}){{0,{_LIST_MORE}}}"
    # a two-digit year only after a month name of a table that says whose years they are (Thai "19 มิ.ย. 67")
    short_month = rf"{_B}{_alt(words.short_years)}{_E}(?:\.(?=\s*\d))?"
    joiners = _alt(words.words("joiners"))
    counted = _alt(words.words("counted_nouns"))
    last = _alt(words.words("last_before") | words.words("next_before"))
    after = _alt(words.words("last_after") | words.words("next_after"))
    # a day name also takes a "this" word; a month name does not (of "this March" the year is unsaid)
    day_last = _alt(words.words("last_before") | words.words("next_before") | words.words("this_before"))
    day_after = _alt(words.words("last_after") | words.words("next_after") | words.words("this_after"))
    month_context = _alt(words.words("month_context"), True)
    routes = _routes(words)
    plain = [w for w in routes if w != "#" and not w.endswith("-")]
    hyphened = [w for w in routes if w.endswith("-")]
    words_with_digits = any(c.isdecimal() for w in (*words.words("ago_before"), *words.numbers) for c in w)
    # an era's name may have the number right after it ("令和6年", "พ.ศ.2567")
    trigger = rf"{_B}(?:\d+|{_alt(plain)}{_E}|{_alt(hyphened)}|{_alt(words.eras)})"
    ys, ms, ds = (_alt(words.words(f"{unit}_suffix")) for unit in ("year", "month", "day"))
    boxed = _alt(set(words.box_weekdays) | set(words.weekdays))
    return _Patterns(
        trigger=re.compile(trigger),
        routes=routes,
        day_units=frozenset(w for w, u in words.units.items() if u == "day"),
        year_units=frozenset(w for w, u in words.units.items() if u == "year"),
        lasts=words.words("last_before") | words.words("last_after"),
        nexts=words.words("next_before") | words.words("next_after"),
        thises=words.words("this_before") | words.words("this_after"),
        dmy=re.compile(
            rf"(?P<days>{prefixed_days})\s+(?:{joiners}\s+)?(?:(?P<smonth>{short_month})\s+(?P<syear>\d\d)(?![\w]|[.,:/]\d)"
            rf"|(?P<month>{month})(?:,?\s+(?:{joiners}\s+)?(?P<year>{_YEAR}|{named}))?)"
        ),
        # the year, bare or with its marker ("2024ko"), then a joiner ("2024 m. birželio 19", "2024. gada 10. jūlijs")
        ymd=re.compile(
            rf"(?:(?P<year>{_YEAR})\.?|(?<![\w.,/\-])(?P<syear>{_YEAR_DIGITS}){ys}{_E})\s+"
            rf"(?:(?:{joiners}\s+)?(?P<month>{month})\s+(?P<days>{days})(?!\s*{counted}(?!\w))"
            rf"(?:\s*,?\s*(?P<wd>{weekday}))?|{joiners}\s+(?P<day>{day})\s+(?P<dmonth>{month}))"
        ),
        mdy=re.compile(rf"(?P<month>{month})\s+(?P<days>{days})(?!\s*{counted}(?!\w))(?:,?\s+(?P<year>{_YEAR}))?"),
        my=re.compile(
            rf"(?P<months>{month}(?:{sep}{month}){{0,{_LIST_MORE}}})(?:,?\s+(?:{joiners}\s+)?|/)(?P<year>{core}|{named})"
        ),
        month_bare=re.compile(
            rf"{_B}(?:{month_context}){{1,{_CONTEXT_WORDS}}}(?P<months>{month}(?:{sep}{month_context}?{month}){{0,{_LIST_MORE}}})"
            r"(?!\s*\d)"
        ),
        month_relative=re.compile(
            rf"{_B}(?:(?P<pre>{last})\s+(?P<m1>{month})|(?P<m2>{month})\s+(?P<post>{after}){_E})"
        ),
        numeric=re.compile(
            rf"{_NOT_BEFORE_NUMBER}(?P<d>\d{{1,2}})(?P<sep>\.\s|[/.\-·])(?P<m>\d{{1,2}})"
            rf"(?:(?P=sep)(?P<y>\d{{4}}|\d{{2}}))?{_NOT_AFTER_NUMBER}"
        ),
        iso=re.compile(
            rf"{_NOT_BEFORE_NUMBER}(?P<y>[12]\d{{3}})(?P<sep>\.\s|[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?![\d]|[./\-]\d)"
        ),
        years=re.compile(
            rf"{_B}(?:{_alt(words.words('year_context'), True)}){{1,{_CONTEXT_WORDS}}}"
            rf"(?P<years>{core}(?:{sep}{core}){{0,{_LIST_MORE}}})"
            r"(?!\s*-?an(?!\w)|s(?!\w)|['’]s)"
        ),
        relative=re.compile(rf"{_B}{_alt(words.relative)}{_E}(?!['’]s)"),
        ago=re.compile(
            rf"{_B}(?:(?P<pre>{_alt(words.words('ago_before'))})\s+)?(?<![\d.,])(?P<n>\d{{1,3}}|{_alt(words.numbers)})\s+"
            rf"(?P<unit>{_alt(words.units)})(?:\s+(?P<post>{_alt(words.words('ago_after'))}))?{_E}"
        ),
        weekday=re.compile(
            rf"{_B}(?P<ctx>{_alt(words.words('weekday_context'), True)})?(?:(?P<pre>{day_last})\s+)?"
            rf"(?P<wd>{weekday})(?:\s+(?P<post>{day_after}){_E})?"
        ),
        weekday_before=re.compile(rf"(?P<wd>{weekday})\s*,?\s*$"),
        box_open=re.compile(r"\(\s*$"),
        day_before=re.compile(r"\d{1,2}\.?\s+$"),
        box_close=re.compile(r"\s*\)"),
        day_token=re.compile(r"(?<!\d)\d{1,2}(?!\d)"),
        month_token=re.compile(month),
        year_token=re.compile(r"(?<!\d)\d{4}(?!\d)"),
        counted=re.compile(rf"\s*{counted}(?!\w)"),
        marker=re.compile(rf"\s+{_alt(words.words('current_year_markers'))}(?!\w)"),
        before_numeric=re.compile(rf"{_B}(?:{_alt(words.words('weekday_context') | set(words.relative))})\s*$"),
        numeric_context=re.compile(rf"{_B}(?:{_alt(words.words('numeric_context'))})\s*$"),
        stamp_before=re.compile(  # with the colon a stamp may set after its label ("פורסם: 20.05.24", ynet)
            rf"{_B}(?:{_alt(words.words('dateline_labels') | words.words('revision_labels'))})\s*:?\s*$"),
        words_with_digits=words_with_digits,
        suffixed=re.compile(
            # not the tail of a number ("1,30日", "2.5日"); a comma after a word is punctuation ("で、30日に")
            rf"(?<!\d)(?<!\d[.,])(?:(?P<y>\d{{4}}|{named})\s*{ys}(?:\s*(?P<m>\d{{1,2}})\s*{ms}(?:\s*(?P<d>\d{{1,2}})\s*{ds})?)?"
            rf"|(?P<m2>\d{{1,2}})\s*{ms}(?:\s*(?P<d2>\d{{1,2}})\s*{ds})?|(?P<d3>\d{{1,2}})\s*{ds})"
            rf"(?!\s*{_alt(words.words('suffix_blockers'))})"
            rf"(?:\s*\(\s*(?P<box>{boxed})\s*\)|\s*,?\s*(?P<wd>{weekday}))?"
        ),
        suffix_starts="".join(sorted({w[0] for w in _suffix_words(words)})),
        years_after=re.compile(
            rf"{_B}(?<![.,])(?P<years>{_YEAR_CORE})\s*(?P<word>{_alt(words.words('year_after'))}){_E}"
        ),
        year_after_starts="".join(sorted({w[0] for w in words.words("year_after")} | {"’"})),
        revision=re.compile(rf"{_B}{_alt(words.words('revision_labels'))}{_E}"),
        since_before=re.compile(rf"{_B}{_alt(words.words('since_before'))}\s*$"),
        since_start=re.compile(rf"{_B}{_alt(words.words('since_before'), True)}"),
        separators=re.compile(rf"\s(?:{_alt(words.words('dateline_separators'))})\s"),
        era=re.compile(rf"{_B}{named}"),
        era_year=re.compile(rf"(?P<era>{_alt(words.eras)})?\s*(?P<n>\d+|{_alt(words.words('first_year_words'))})"),
        count_before=re.compile(rf"{_B}{_alt(words.words('count_before'))}\s*$"),
        range_before=re.compile(rf"{_B}{_alt(words.words('range_before'))}\s*$"),
        weekend=re.compile(rf"{_B}{_alt(words.weekends)}{_E}"),
        day_month_end=re.compile(r"\.(?!\d|\.\d|\w)"),
        time_before=re.compile(rf"{_B}(?:{_alt(words.words('time_before'))})\s*$"),
        # the ordinal ends the phrase: "on the 19th floor", "the 19th century" are no dates
        ordinal_day=re.compile(
            rf"{_B}{_alt(words.words('ordinal_day_before'))}\s+(?P<d>{_DAY})(?:st|nd|rd|th)(?=\s*(?:[,.;:!?)]|$))"
        ),
        titled=re.compile(rf"{_B}{_alt(words.words('weekday_titles'))}{_E}"),
    )


# --------------------------------------------------------------------------- scanning


def find_dates(
    text: str, words: DateWords, anchor: dt.date | None = None, language: str | None = None
) -> tuple[DateMention, ...]:
    """Every date mentioned in ``text``, in order; year-less and relative ones only with an anchor.

    ``language``: the text's language code, to read it with that language's words only (and those
    of ``always_languages``); every language's words without it.
    """
    if language is not None:
        words = words.for_language(language)
    raws = _scanned(text, words)
    resolved = [(raw, _resolve(raw, text, anchor)) for raw in raws]
    return tuple(m for _, m in _in_order(resolved) if m is not None)


def after_since(text: str, mention: DateMention, words: DateWords) -> bool:
    """Whether a "since" word ("since", "sejak", "seit") stands right before the date ``mention`` of ``text``:
    a point in the past the text counts from ("on strike since 8 September"), never a plan."""
    return bool(words.patterns.since_before.search(_lower(text), max(0, mention.start - 40), mention.start))


def bare_weekday(mention: DateMention, words: DateWords) -> bool:
    """Whether ``mention`` is a day's name ("on Friday", "vendredi") without a "last", "next" or "this" word."""
    tokens = _norm(mention.text).split()
    return any(token in words.weekdays for token in tokens) and not _points(tokens, words)


def bare_weekend(mention: DateMention, words: DateWords) -> bool:
    """Whether ``mention`` is a weekend ("over the weekend") without a "last", "next" or "this" word: like a
    bare day's name, the one before the article unless the sentence looks ahead."""
    return _norm(mention.text) in words.weekends and not _points(_norm(mention.text).split(), words)


def _points(tokens: Sequence[str], words: DateWords) -> bool:
    """Whether one of ``tokens`` is a "last", "next" or "this" word, which says which day or weekend is meant."""
    p = words.patterns
    return any(token in p.lasts or token in p.nexts or token in p.thises for token in tokens)


def named_days(mention: DateMention, words: DateWords) -> frozenset[int]:
    """The ISO weekdays a relative mention names by name: its day ("on Friday", without "last" or "next"), or
    Saturday and Sunday ("over the weekend"); none for any other mention."""
    if bare_weekday(mention, words):
        return frozenset(words.weekdays[t] for t in _norm(mention.text).split() if t in words.weekdays)
    return frozenset((6, 7)) if _norm(mention.text) in words.weekends else frozenset()


def names_weekday(mention: DateMention, words: DateWords) -> bool:
    """Whether a mention writes its day's name with it ("Friday, July 19", "Jumat (19/7/2024)")."""
    return any(token in words.weekdays for token in re.findall(r"\w+", mention.text.lower()))


def _lower(text: str) -> str:
    """``text`` in lower case with every character at its offset, other scripts' digits as ASCII digits."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if not low.isascii() and _FOLDABLE.search(low):
        low = low.translate(_FOLD)
    return low


@dataclass(frozen=True)
class _Text:
    original: str
    low: str


_SCANNED: dict[str, tuple[DateWords, tuple[_Raw, ...]]] = {}
_SCANNED_KEPT = 256
_SCANNED_LOCK = threading.Lock()


def _scanned(text: str, words: DateWords) -> tuple[_Raw, ...]:
    """:func:`_scan`, remembered for the last few texts: an article's paragraphs are read for its
    publication date and then for its dated sentences (the second scan was 5% of a cold build's time in a
    profile at 10,000 articles). ``DateWords`` cannot be a key (it holds dicts), so it is checked by identity."""
    known = _SCANNED.get(text)
    if known is not None and known[0] is words:
        return known[1]
    raws = tuple(_scan(text, words))
    with _SCANNED_LOCK:
        if len(_SCANNED) >= _SCANNED_KEPT:
            del _SCANNED[next(iter(_SCANNED))]  # the oldest
        _SCANNED[text] = (words, raws)
    return raws


def _scan_joined(pieces: Sequence[str], words: DateWords) -> tuple[str, list[_Raw]]:
    """The pieces joined by blank lines, and the dates of each piece scanned alone, placed in the joined text.

    A date never runs from one paragraph into the next, and each is scanned once (:func:`_scanned`).
    """
    raws: list[_Raw] = []
    at = 0
    for piece in pieces:
        for raw in _scanned(piece, words):
            raws.append(replace(raw, start=raw.start + at, end=raw.end + at,
                                link=raw.link + at if raw.link >= 0 else -1) if at else raw)
        at += len(piece) + 2
    return "\n\n".join(pieces), raws


def _scan(text: str, words: DateWords) -> list[_Raw]:
    """Date-shaped spans, overlaps settled in favour of the longest.

    One pass finds the places a date can start (a number, a month or day name, a context
    word); only there are the patterns tried, anchored.
    """
    p = words.patterns
    doc = _Text(text, _lower(text))
    low = doc.low
    found: dict[str, list[re.Match[str]]] = {}
    routes, matchers = p.routes, p.matchers
    for trigger in p.trigger.finditer(low):
        token = trigger.group()
        start = trigger.start()
        if not token[0].isdigit():
            names = routes.get(_norm(token), ())
        elif token.isdecimal():  # a run of digits: only the patterns its length and next character allow
            after = low[trigger.end() : trigger.end() + 1]
            names = _number_routes(routes.get("#", ()), len(token), after, p.words_with_digits,
                                   p.suffix_starts, p.year_after_starts)
        else:
            names = routes.get("#", ())
        for name in names:
            match = matchers[name](low, start)
            if match is not None:
                found.setdefault(name, []).append(match)
    if not found:
        return []
    groups: list[list[_Raw]] = []
    for name, finder in _FINDERS.items():
        if name in found:
            groups.extend(g for g in finder(doc, found[name], words, p) if g)
    groups.sort(key=lambda g: (-(g[-1].end - g[0].start), g[0].start))
    taken = bytearray(len(text) + 1)
    chosen: list[_Raw] = []
    for group in groups:
        start, end = group[0].start, group[-1].end
        if taken.find(1, start, end) != -1:
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.extend(group)
    chosen.sort(key=lambda r: (r.start, r.end))
    chosen = _with_ranges(_with_months(chosen, low), low, words)
    return _with_weeks(_with_sentence_year(_with_years(chosen, low, words), low), low, words)


_SENTENCE_END = re.compile(r"\n|[.!?][\"”’)]?\s|[。！？।]")
# nothing but the start of a sentence before a place
_SENTENCE_OPEN = re.compile(r"(?:^|\n|[.!?][\"”’)]?\s|[。！？।])[\W\d_]*$")


def _with_months(raws: list[_Raw], low: str) -> list[_Raw]:
    """A day written without its month ("6月27日至28日", "6월 27일부터 28일까지", "6月に入って…18日") is of the month
    of the date before it in the same sentence, not of whichever month is nearest the anchor: read alone,
    "28日" of an article of 19 June was 28 May (a day past is cheaper than a day ahead). A month written
    alone may be the background's, though ("1月の地震で被害を受けた能登半島で21日…" in September): such a
    day is ``carried``, and read alone when that month is not next to the anchor's (:func:`_date_of`)."""
    out = list(raws)
    for i in range(1, len(out)):
        raw, prev = out[i], out[i - 1]
        if raw.kind != "day" or raw.month or raw.calendar or prev.calendar or not prev.month:
            continue
        if prev.kind not in ("full", "day", "month") or _SENTENCE_END.search(low, prev.end, raw.start):
            continue
        out[i] = replace(raw, kind="full" if prev.kind == "full" else "day", year=prev.year, month=prev.month,
                         carried=not prev.day)
    return out


_WEEKEND_DAY = 6  # the day a weekend is dated by: its first, Saturday, where the weekend phrases are written
_RANGE_DASHES = frozenset("-–—~～〜")  # a dash between two days makes a range in every language ("17-21 June")
_ORDINAL_END = re.compile(r"(?:st|nd|rd|th|\.)")  # what is left of the first day of "17th to 21st", "17.–21."


def _with_ranges(raws: list[_Raw], low: str, words: DateWords) -> list[_Raw]:
    """Two days joined as a range ("17-21 June", "3 au 5 juin", "between 17 and 28 June", "30 May to 2 June",
    "6月27日至28日") are one date, the first day's, of the month and year written with the range: an event has one
    date, and read apart the two ends could fall in different months or years ("17-21 June" of a future
    sentence was 17 June of next year and 21 June of this one)."""
    ranges, lists = words.words("range_words"), words.words("list_words")
    before = words.patterns.range_before
    out: list[_Raw] = []
    for raw in raws:
        prev = out[-1] if out else None
        if prev is None or not (_is_day(prev) and _is_day(raw) and prev.month and raw.month):
            out.append(raw)
            continue
        gap = low[prev.end : raw.start]
        if (ordinal := _ORDINAL_END.match(gap)) is not None:
            gap = gap[ordinal.end() :]
        gap = _norm(gap)
        at = prev.link if prev.link >= 0 else prev.start
        ranged = gap in _RANGE_DASHES or gap in ranges or (
            gap in lists and before.search(low, max(0, at - 24), at) is not None)
        year = prev.year or (raw.year - (prev.month > raw.month) if raw.year else 0)
        # its ends in order ("2-1" is a score); past December, it ends in the next year ("30 December to 2 January")
        end_year = raw.year or year + (prev.month > raw.month)
        if not ranged or (year, prev.month, prev.day) >= (end_year, raw.month, raw.day):
            out.append(raw)
            continue
        out[-1] = replace(prev, end=raw.end, kind="full" if year else prev.kind, year=year, until=(raw.month, raw.day))
    return out


def _is_day(raw: _Raw) -> bool:
    """Whether a raw date is a day of the Gregorian calendar, with or without its year, no relative one."""
    return raw.kind in ("full", "day") and raw.day > 0 and not raw.calendar and raw.shift is None


def _with_weeks(raws: list[_Raw], low: str, words: DateWords) -> list[_Raw]:
    """A day name with a relative week beside it, before or after ("Friday this week", "thứ Sáu tuần này",
    "Jumat pekan ini", "이번 주 금요일", "今週金曜日") is the day of that name in that week: one date, not the
    nearest past Friday and, apart, the article's week."""
    joiners = words.words("joiners")
    out: list[_Raw] = []
    for raw in raws:
        prev = out[-1] if out else None
        pair = (prev, raw) if prev is not None and prev.kind == "weekday" else (raw, prev)
        day, week = pair
        if (day is not None and week is not None and day.kind == "weekday" and day.offset == 0 and day.shift is None
                and week.kind == "relative" and week.unit == "week"
                and all(w in joiners for w in re.split(r"[\s,]+", low[out[-1].end : raw.start]) if w)):
            out[-1] = replace(day, start=out[-1].start, end=raw.end, shift=week.offset)
            continue
        out.append(raw)
    return out


def _with_years(raws: list[_Raw], low: str, words: DateWords) -> list[_Raw]:
    """A year-less day or month followed by a relative year ("February last year", "w lutym ubiegłego roku",
    "Februari tahun lalu") is of that year: one date, not the nearest February and, apart, "last year"."""
    joiners = words.words("joiners")
    out: list[_Raw] = []
    for raw in raws:
        prev = out[-1] if out else None
        if (prev is not None and raw.kind == "relative" and raw.unit == "year" and prev.kind in ("day", "month")
                and not prev.year and not prev.calendar and prev.shift is None
                and all(w in joiners for w in re.split(r"[\s,]+", low[prev.end : raw.start]) if w)):
            out[-1] = replace(prev, end=raw.end, shift=raw.offset)
            continue
        out.append(raw)
    return out


def _with_sentence_year(raws: list[_Raw], low: str) -> list[_Raw]:
    """A relative year that opens a sentence ("Last year the session opened on 17 July", "गेल्या वर्षी अधिवेशन १७
    जुलै रोजी सुरू झाले") is the year of the year-less days and months after it in that sentence; the year
    stays a date of its own."""
    out: list[_Raw] = []
    shift: int | None = None
    since = 0
    for raw in raws:
        if shift is not None and _SENTENCE_END.search(low, since, raw.start):
            shift = None
        if raw.kind == "relative" and raw.unit == "year":
            opens = _SENTENCE_OPEN.search(low, max(0, raw.start - 40), raw.start) is not None
            shift, since = (raw.offset, raw.end) if opens else (None, 0)
        elif shift is not None and raw.kind in ("day", "month") and not raw.year and not raw.calendar and (
                raw.shift is None):
            raw = replace(raw, shift=shift)
        out.append(raw)
    return out


@functools.lru_cache(maxsize=256)
def _number_routes(
    routes: tuple[str, ...], digits: int, after: str, words_with_digits: bool, suffix_starts: str = "",
    year_after_starts: str = "",
) -> tuple[str, ...]:
    """Those of ``routes`` (the patterns tried where a number starts) that can match at a run of ``digits``
    digits followed by ``after`` (one character, or none at the end).

    Read off the patterns: a day ("dmy") is one or two digits; "d/m" ("numeric") two at most, then one
    of ``/.-·``; an ISO date four, then one of ``-/.``; a count ("ago") at most three, then white space,
    unless a word of that pattern may start with a digit; a number with a marker ("suffixed") one, two or
    four, then white space or a marker; a year with a word after it ("years_after") four, then white
    space or that word.
    """
    near = after.isspace()
    possible = {
        "ago": words_with_digits or (digits <= 3 and after.isspace()),
        "dmy": digits <= 2,
        "ymd": digits == 4 and (near or after == "." or (after != "" and after in suffix_starts)),
        "iso": digits == 4 and after in ("-", "/", "."),
        "numeric": digits <= 2 and after in ("/", ".", "-", "·"),
        "suffixed": digits in (1, 2, 4) and (near or (after != "" and after in suffix_starts)),
        "years_after": digits == 4 and (near or (after != "" and after in year_after_starts)),
    }
    return tuple(name for name in routes if possible.get(name, True))


def _in_order(resolved: list[tuple[_Raw, DateMention | None]]) -> list[tuple[_Raw, DateMention | None]]:
    """Year-less items of one list run forward: "Agustus dan Februari" is August of the year before."""
    out = list(resolved)
    for i in range(len(out) - 1, 0, -1):
        (raw, mention), (prev_raw, prev) = out[i], out[i - 1]
        if mention is None or prev is None or raw.link < 0 or raw.link != prev_raw.link:
            continue
        if not prev.approximate or prev.relative:
            continue
        if prev.date > mention.date:
            moved = _valid(prev.date.year - 1, prev.date.month, prev.date.day)
            if moved is not None:
                out[i - 1] = (prev_raw, replace(prev, date=moved))
    return out


def _with_weekday(doc: _Text, start: int, words: DateWords, p: _Patterns) -> tuple[int, int]:
    """Where a date starts once a day name just before it is included, and that weekday."""
    found = p.weekday_before.search(doc.low, max(0, start - 24), start)
    if found is None:
        return start, 0
    return found.start(), words.weekdays[_norm(found.group("wd"))]


def _month_ok(doc: _Text, start: int, token: str, words: DateWords, after_day: bool) -> bool:
    """An ambiguous month word ("may", "mars") counts in lower case only right after a day."""
    word = _norm(token.rstrip("."))
    return after_day or word not in words.words("ambiguous_months") or doc.original[start : start + 1].isupper()


def _split(match: re.Match[str], group: str, token: re.Pattern[str]) -> list[tuple[int, int, str]]:
    """The items of a list group ("9 dan 11"), as (start, end, text) in the whole text."""
    base = match.start(group)
    return [(base + t.start(), base + t.end(), t.group()) for t in token.finditer(match.group(group))]


def _listed(start: int, end: int, items: list[tuple[int, int, str]], make: Any) -> list[_Raw]:
    """One raw date per list item: the first starts with the match, the last ends with it."""
    out = []
    last = len(items) - 1
    for i, (item_start, item_end, value) in enumerate(items):
        raw = make(start if i == 0 else item_start, end if i == last else item_end, value, start)
        if raw is not None:
            out.append(raw)
    return out if len(out) == len(items) else []


def _dmy(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    for m in found:
        key = "smonth" if m.group("smonth") else "month"
        if _month_ok(doc, m.start(key), m.group(key), words, after_day=True):
            yield _day_list(doc, m, words, p)


def _ymd(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    """"2024. június 19., szerda": the year first, then the month's name and the day (Hungarian); after a joiner,
    the day may come before the month ("2024. gada 10. jūlijs", Latvian), and a year may carry its marker
    ("2024ko martxoaren 12a", Basque)."""
    for m in found:
        key = "month" if m.group("month") else "dmonth"
        if not _month_ok(doc, m.start(key), m.group(key), words, after_day=True):
            continue
        name = _norm(m.group(key).rstrip("."))
        month, calendar = words.months[name], words.calendars.get(name, "")
        year = _year_of(m.group("year") or m.group("syear"), words, p)
        weekday = words.weekdays.get(_norm(m.group("wd") or ""), 0)
        items = _split(m, "days" if key == "month" else "day", p.day_token)
        yield _listed(m.start(), m.end(), items, functools.partial(_full_day, year, month, weekday, calendar))


def _full_day(year: int, month: int, weekday: int, calendar: str, start: int, end: int, value: str,
              link: int) -> _Raw | None:
    """One day of a list with its month and year, as :func:`_listed` makes them."""
    return _gregorian(_Raw(start, end, "full", year, month, int(value), weekday, link=link, calendar=calendar))


def _mdy(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    for m in found:
        capitalised = capital(doc.original[m.start() : m.start() + 1])
        if _month_ok(doc, m.start(), m.group("month"), words, after_day=False) and (m.group("year") or capitalised):
            yield _day_list(doc, m, words, p)


def _day_list(doc: _Text, m: re.Match[str], words: DateWords, p: _Patterns) -> list[_Raw]:
    short = "smonth" in m.re.groupindex and m.group("smonth") is not None
    name = _norm(m.group("smonth" if short else "month").rstrip("."))
    month, calendar = words.months[name], words.calendars.get(name, "")
    if short:  # "19 มิ.ย. 67": a two-digit year of the era the month's table names
        year = words.short_years[name] + int(m.group("syear"))
    else:
        year = _year_of(m.group("year"), words, p) if m.group("year") else 0
    kind: Kind = "full" if year else "day"
    start, weekday = _with_weekday(doc, m.start(), words, p)
    items = _split(m, "days", p.day_token)
    return _listed(start, m.end(), items,
                   lambda s, e, v, link: _gregorian(_Raw(s, e, kind, year, month, int(v), weekday, link=link,
                                                         calendar=calendar)))


def _year_of(text: str, words: DateWords, p: _Patterns) -> int:
    """A year as written ("2024", "พ.ศ. 2567", "2567" in Thai, "令和6", "令和元"), as a Gregorian year."""
    found = p.era_year.fullmatch(text)
    if found is None:
        return int(text)
    number = int(found.group("n")) if found.group("n").isdecimal() else 1  # "元": an era's first year
    if found.group("era"):
        return number + words.eras[_norm(found.group("era"))]
    for era, (first, last) in words.era_ranges.items():
        if first <= number <= last:
            return number + words.eras[era]
    return number


def _gregorian(raw: _Raw) -> _Raw | None:
    """A date of another calendar with its year, as the Gregorian date (a month as the Gregorian month that
    holds its middle, and so most of its days); None if it is no date of that calendar."""
    if not raw.calendar or raw.kind != "full":
        return raw
    date = _CALENDARS[raw.calendar](raw.year, raw.month, raw.day or 15)
    if date is None:
        return None
    return replace(raw, year=date.year, month=date.month, day=date.day if raw.day else 0, calendar="")


def _my(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    for m in found:
        items = _split(m, "months", p.month_token)
        # a year right after the month makes even "mars 2025" or "may 2024" a date
        yield _listed(m.start(), m.end(), items, _month_maker(words, "full", _year_of(m.group("year"), words, p)))


def _month_maker(words: DateWords, kind: Kind, year: int) -> Callable[[int, int, str, int], _Raw | None]:
    def make(start: int, end: int, name: str, link: int) -> _Raw | None:
        word = _norm(name.rstrip("."))
        calendar = words.calendars.get(word, "")
        return _gregorian(_Raw(start, end, kind, year, words.months[word], link=link, calendar=calendar))

    return make


def _month_bare(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    for m in found:
        items = _split(m, "months", p.month_token)
        if all(_month_ok(doc, s, v, words, after_day=False) for s, _, v in items):
            yield _listed(m.start(), m.end(), items, _month_maker(words, "month", 0))


def _month_relative(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    for m in found:
        key = "m1" if m.group("m1") else "m2"
        if not (capital(doc.original[m.start(key) : m.start(key) + 1])
                or _month_ok(doc, m.start(key), m.group(key), words, after_day=False)):
            continue  # "geçen şubat" counts; "last may" does not
        if key == "m2" and p.day_before.search(doc.low, max(0, m.start() - 8), m.start()):
            continue  # "2 Juli mendatang" is a day, found by the day-month pattern
        direction = 1 if _norm(m.group("pre") or m.group("post")) in p.nexts else -1
        name = _norm(m.group(key).rstrip("."))
        if name in words.calendars:
            continue  # "the last Khordad" is a month of another calendar, not a Gregorian one
        month = words.months[name]
        yield [_Raw(m.start(), m.end(), "month_relative", 0, month, offset=direction)]


def _numeric(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    for m in found:
        first, second = int(m.group("d")), int(m.group("m"))
        day, month = (first, second) if first > 12 or second <= 12 else (second, first)
        start, end = m.start(), m.end()
        opened = p.box_open.search(doc.low, max(0, start - 4), start)
        closed = p.box_close.match(doc.low, end)
        boxed = opened is not None and closed is not None
        if opened is not None and closed is not None:
            start, end = opened.start(), closed.end()
        start, weekday = _with_weekday(doc, start, words, p)
        year_text = m.group("y")
        if year_text is None:
            # "Rabu (20/6)": only with a slash, in brackets, after a day name or a context word
            context = weekday or p.before_numeric.search(doc.low, max(0, start - 30), start)
            stated = p.numeric_context.search(doc.low, max(0, start - 30), start)
            if m.group("sep") == "/" and ((boxed and context) or stated):
                yield [_Raw(start, end, "day", 0, month, day, weekday)]
            elif (m.group("sep") == "." and len(m.group("d")) == len(m.group("m")) == 2 and 1 <= month <= 12
                  and p.day_month_end.match(doc.low, end)
                  and not p.time_before.search(doc.low, max(0, start - 30), start)):
                # "19.06.": day and month, each of two digits, each with its dot; "a las 17.00." is a time
                yield [_Raw(start, end + 1, "day", 0, month, day, weekday)]
            continue
        if len(year_text) == 2:
            # two digits are a year in brackets, after a day name, or joined by middle dots ("03·11·24",
            # Levante-EMV's stamp), which no count or score is written with, or after a dateline's label
            # ("Publié le 19/07/24 à 14h05", 20 Minutes' stamp)
            if not (boxed or weekday or m.group("sep") == "·"
                    or p.stamp_before.search(doc.low, max(0, start - 30), start)):
                continue
            year = 2000 + int(year_text) if int(year_text) < 70 else 1900 + int(year_text)
        else:
            year = _year_of(year_text, words, p)  # Thai "19/06/2567" is of the Buddhist era
            if year < _FIRST_GREGORIAN_YEAR:
                continue
        yield [_Raw(start, end, "full", year, month, day, weekday)]


def _iso(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    for m in found:
        if int(m.group("y")) >= _FIRST_GREGORIAN_YEAR:
            yield [_Raw(m.start(), m.end(), "full", int(m.group("y")), int(m.group("m")), int(m.group("d")))]


def _years(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    for m in found:
        context = set(_norm(doc.low[m.start() : m.start("years")]).replace("-", " ").split())
        low, high = (1000, 2299) if context & p.year_units else (1800, 2199)
        raws = []
        for i, (start, end, value) in enumerate(_split(m, "years", p.year_token)):
            year = _year_of(value, words, p)
            if not low <= year <= high or p.counted.match(doc.low, end):
                break
            raws.append(_Raw(m.start() if i == 0 else start, end, "year", year, link=m.start()))
        yield raws


def _years_after(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    for m in found:
        word = _norm(m.group("word"))
        low, high = (1000, 2299) if any(word.startswith(unit) for unit in p.year_units) else (1800, 2199)
        if low <= (year := int(m.group("years"))) <= high:
            yield [_Raw(m.start(), m.end(), "year", year)]


def _era(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    """"พ.ศ. 2567", "民國113": a year after an era's name."""
    for m in found:
        if 1000 <= (year := _year_of(m.group(), words, p)) <= 2299:
            yield [_Raw(m.start(), m.end(), "year", year)]


def _suffixed(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    """"2024年6月19日(水)", "2024년 6월", "1961年", "6月19日", "19일", "令和6年": numbers with their markers.

    A number without a year right after a comparison's "than" is a count: "平年より14日遅く" (14 days later than
    usual), "평년보다 14일 늦게"."""
    for m in found:
        year = _year_of(m.group("y"), words, p) if m.group("y") else 0
        if not year and p.count_before.search(doc.low, max(0, m.start() - 8), m.start()):
            continue
        month = int(m.group("m") or m.group("m2") or 0)
        day = int(m.group("d") or m.group("d2") or m.group("d3") or 0)
        name = _norm(m.group("box") or m.group("wd") or "")
        weekday = words.box_weekdays.get(name) or words.weekdays.get(name, 0)
        if month > 12 or day > 31:
            continue
        if year and not month:
            if 1000 <= year <= 2299:
                yield [_Raw(m.start(), m.end(), "year", year)]
        elif year:
            yield [_Raw(m.start(), m.end(), "full", year, month, day, weekday)]
        elif day or month:
            yield [_Raw(m.start(), m.end(), "day" if day else "month", 0, month, day, weekday)]


def _relative(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    for m in found:
        unit, offset = words.relative[_norm(m.group())]
        day = _week_day(doc, m, p) if unit == "week" else None
        if day is not None:  # "本周五": "本周" (this week) and "周五" (Friday) share their "周"
            yield [_Raw(m.start(), day.end(), "weekday", weekday=words.weekdays[_norm(day.group("wd"))], shift=offset)]
        else:
            yield [_Raw(m.start(), m.end(), "relative", unit=unit, offset=offset)]


def _week_day(doc: _Text, m: re.Match[str], p: _Patterns) -> re.Match[str] | None:
    """A day name that starts inside a relative week written without spaces and ends after it: in "本周五"
    (this Friday) the week's "本周" and the day's "周五" share a character."""
    if _UNSPACED_CHAR.match(doc.low, m.end() - 1) is None:
        return None
    for back in range(1, m.end() - m.start()):
        day = p.weekday.match(doc.low, m.end() - back)
        if day is not None and day.end() > m.end() and not day.group("pre") and not day.group("ctx"):
            return day
    return None


def _ago(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    for m in found:
        if (m.group("pre") is None) == (m.group("post") is None):
            continue
        n = m.group("n")
        count = int(n) if n.isdigit() else words.numbers[_norm(n)]
        yield [_Raw(m.start(), m.end(), "relative", unit=words.units[_norm(m.group("unit"))], offset=-count)]


def _weekday(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    for m in found:
        name = m.group("wd")
        context = set(_norm(m.group("ctx") or "").split())
        if _norm(name) in words.words("weak_weekdays") and not context & p.day_units:
            continue
        start, end = m.span("wd")
        if any(t.start() <= start and end <= t.end() for t in p.titled.finditer(doc.low, max(0, start - 40), end + 40)):
            continue  # "Friday prayers", "the Friday prayer leader of Tabriz": a title, not a day
        plain = _norm(name) in words.words("plain_weekdays")
        how = _norm(m.group("pre") or m.group("post") or "")
        # a "last", "next" or "this" word says the name is a day's as a context word does ("este jueves")
        if not (context or how or plain or capital(doc.original[m.start("wd") : m.start("wd") + 1])):
            continue
        direction = 0 if not how else -1 if how in p.lasts else 2 if how in p.thises else 1
        yield [_Raw(m.start(), m.end(), "weekday", weekday=words.weekdays[_norm(name)], offset=direction)]


def _weekend(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    """"Over the weekend": its Saturday, the one before the article (or after it, or of its week)."""
    for m in found:
        yield [_Raw(m.start(), m.end(), "weekday", weekday=_WEEKEND_DAY, offset=words.weekends[_norm(m.group())])]


def _ordinal_day(doc: _Text, found: list[re.Match[str]], words: DateWords, p: _Patterns) -> Iterable[list[_Raw]]:
    """"On the 19th": a day of the month of the date before it in the sentence, else of the nearest month."""
    for m in found:
        yield [_Raw(m.start(), m.end(), "day", day=int(m.group("d")))]


_Finder = Callable[[_Text, list[re.Match[str]], DateWords, _Patterns], Iterable[list[_Raw]]]
_FINDERS: Mapping[str, _Finder] = MappingProxyType({
    "dmy": _dmy, "ymd": _ymd, "mdy": _mdy, "my": _my, "month_bare": _month_bare, "month_relative": _month_relative,
    "numeric": _numeric, "iso": _iso, "years": _years, "relative": _relative, "ago": _ago, "weekday": _weekday,
    "suffixed": _suffixed, "years_after": _years_after, "era": _era, "weekend": _weekend,
    "ordinal_day": _ordinal_day,
})  # fmt: skip


# --------------------------------------------------------------------------- resolving


def _resolve(raw: _Raw, text: str, anchor: dt.date | None) -> DateMention | None:
    found = _date_of(raw, anchor)
    if found is None:
        return None
    date, precision = found
    approximate = raw.kind not in ("full", "year")
    relative = raw.kind in ("relative", "weekday", "month_relative")
    last = None
    if raw.until != (0, 0) and precision == "day":  # the range's end: in the year of its first day, or the next
        month, day = raw.until
        last = _valid(date.year + (month < date.month), month, day)
    return DateMention(raw.start, raw.end, text[raw.start : raw.end], date, precision, approximate, relative, last)


def _date_of(raw: _Raw, anchor: dt.date | None) -> tuple[dt.date, Precision] | None:
    if raw.carried and anchor is not None:
        carried = _date_of(replace(raw, carried=False), anchor)
        here = anchor.year * 12 + anchor.month
        if carried is None or abs(carried[0].year * 12 + carried[0].month - here) > 1:
            return _date_of(replace(raw, kind="day", year=0, month=0, carried=False), anchor)
        return carried
    if raw.kind == "year":
        return dt.date(raw.year, 1, 1), "year"
    if raw.kind == "full":
        if raw.day:
            day = _valid(raw.year, raw.month, raw.day)
            return (day, "day") if day else None
        return (dt.date(raw.year, raw.month, 1), "month") if 1 <= raw.month <= 12 else None
    if anchor is None:
        return None
    if raw.calendar:
        return _other_calendar(raw, anchor)
    if raw.shift is not None and raw.kind != "weekday":  # "February last year", "19 Juni tahun depan"
        if raw.kind == "month":
            return dt.date(anchor.year + raw.shift, raw.month, 1), "month"
        day = _valid(anchor.year + raw.shift, raw.month, raw.day)
        return (day, "day") if day else None
    if raw.kind == "day" and not raw.month:  # "19日": that day of a month next to the anchor's
        here = anchor.year * 12 + anchor.month - 1
        days = [d for i in (here - 1, here, here + 1) if (d := _valid(i // 12, i % 12 + 1, raw.day))]
        return (min(days, key=lambda d: _cost((d - anchor).days)), "day") if days else None
    if raw.kind == "day":
        days = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _valid(y, raw.month, raw.day))]
        return (min(days, key=lambda d: _cost((d - anchor).days)), "day") if days else None
    if raw.kind == "month":
        here = anchor.year * 12 + anchor.month - 1
        months = [y * 12 + raw.month - 1 for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
        best = min(months, key=lambda index: _cost(index - here))
        return dt.date(best // 12, best % 12 + 1, 1), "month"
    if raw.kind == "month_relative":
        here = anchor.year * 12 + anchor.month - 1
        step = raw.offset
        index = here + step
        while index % 12 + 1 != raw.month:
            index += step
        return dt.date(index // 12, index % 12 + 1, 1), "month"
    if raw.kind == "weekday" and raw.shift is not None:  # "Friday next week": that week's, Monday to Sunday
        return anchor + dt.timedelta(days=raw.weekday - anchor.isoweekday() + 7 * raw.shift), "day"
    if raw.kind == "weekday":
        back = (anchor.isoweekday() - raw.weekday) % 7
        if raw.offset == 2:  # "this Thursday": the day of that name in the anchor's week, Monday to Sunday
            back = anchor.isoweekday() - raw.weekday
        elif raw.offset < 0:
            back = back or 7
        elif raw.offset > 0:
            back = -((raw.weekday - anchor.isoweekday()) % 7 or 7)
        return anchor - dt.timedelta(days=back), "day"
    return _shift(anchor, raw.unit, raw.offset)


def _other_calendar(raw: _Raw, anchor: dt.date, year: int = 0) -> tuple[dt.date, Precision] | None:
    """A year-less day or month of another calendar ("۳۰ خرداد") nearest the anchor, or in the Gregorian ``year``.

    A month is dated by the Gregorian month that holds its middle."""
    convert = _CALENDARS[raw.calendar]
    near = _CALENDAR_YEARS[raw.calendar](year or anchor.year)
    dates = [d for y in range(near - 2, near + 2) if (d := convert(y, raw.month, raw.day or 15))]
    if year:
        dates = [d for d in dates if d.year == year]
    if not dates:
        return None
    best = min(dates, key=lambda d: _cost((d - anchor).days))
    return (best, "day") if raw.day else (best.replace(day=1), "month")


def _cost(diff: int) -> int:
    return -diff if diff <= 0 else _FUTURE_WEIGHT * diff


def _valid(year: int, month: int, day: int) -> dt.date | None:
    if not (1 <= month <= 12 and 1 <= year <= 9999):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day)


def _shift(date: dt.date, unit: Unit, count: int) -> tuple[dt.date, Precision] | None:
    """``date`` moved by ``count`` units, at the precision the unit allows."""
    try:
        if unit == "day":
            return date + dt.timedelta(days=count), "day"
        if unit == "week":
            return date + dt.timedelta(weeks=count), "day"
        if unit == "month":
            index = date.year * 12 + date.month - 1 + count
            return dt.date(index // 12, index % 12 + 1, 1), "month"
        return dt.date(date.year + count, 1, 1), "year"
    except (OverflowError, ValueError):
        return None


# --------------------------------------------------------------------------- front matter


_ISO_VALUE = re.compile(
    r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?"
)


# A Unix time as front matter may give it (Hugo reads one): 10 digits of seconds or 13 of milliseconds.
_UNIX_TIME = re.compile(r"[1-9]\d{9}|[1-9]\d{12}")


# A date in a web address's path, as news sites write their permalinks: "/2024/06/19/", "-2024-06-19/",
# "/2024/jun/19/" (a month name of the tables), or "/2024/06/" for a month. Digits next to it belong to an id.
_URL_DATE = re.compile(r"(?<![\w])((?:19|20)\d\d)([/_-])(\d{1,2}|[a-z]{3,9})(?:\2(\d{1,2}))?(?=[/_.-]|$)",
                       re.IGNORECASE)


# ... or the day as one run of eight digits opening a path segment: "/english/articles/20240120/p2a/" (Mainichi),
# "/news/20240105_12/" (NHK), "/20240101-OYT1T50123/" (Yomiuri). A longer run of digits is an id.
_URL_COMPACT_DATE = re.compile(r"(?<=/)((?:19|20)\d\d)(\d\d)(\d\d)(?=[/_.-]|$)")


def url_date(url: str, months: Mapping[str, int], today: dt.date) -> tuple[dt.date, Precision, str] | None:
    """The date a news page's address gives its story, with its precision and the part of the address that
    says it; None when its path holds none (or one later than ``today``, or no calendar date)."""
    path = urlsplit(url).path
    for found in _URL_DATE.finditer(path):
        year, _, month_text, day_text = found.groups()
        month = int(month_text) if month_text.isdigit() else months.get(month_text.lower())
        if month is None or not 1 <= month <= 12:
            continue
        if not day_text and not (month_text.isdigit() and found.group(2) == "/"):
            continue  # a month alone only as a folder ("/2024/06/"): "...-in-2024-may-..." is a slug's words
        day = _valid(int(year), month, int(day_text)) if day_text else dt.date(int(year), month, 1)
        if day is None or day > today:
            continue
        return day, "day" if day_text else "month", found.group().strip("/_.-")
    for found in _URL_COMPACT_DATE.finditer(path):
        day = _valid(*(int(part) for part in found.groups()))
        if day is not None and day <= today:
            return day, "day", found.group()
    return None


def parse_date_value(value: object) -> tuple[dt.date, Precision] | None:
    """A front-matter ``date:`` value as a date and its precision; None if it is not a date. A Unix time
    (``1718766000``, or in milliseconds) is a day in UTC."""
    if isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    if isinstance(value, str) and _UNIX_TIME.fullmatch(value.strip()):
        value = int(value)
    if isinstance(value, int):
        if 1000 <= value <= 2999:
            return dt.date(value, 1, 1), "year"
        if _UNIX_TIME.fullmatch(str(value)):  # seconds (10 digits) or milliseconds (13) since 1970, UTC, as Hugo
            seconds = value // 1000 if value >= 10**12 else value
            return dt.datetime.fromtimestamp(seconds, dt.UTC).date(), "day"
        return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    iso = _ISO_VALUE.fullmatch(text)
    if iso:
        year, month, day = (int(g) if g else 0 for g in iso.groups())
        if not 1000 <= year <= 2999:
            return None
        if day:
            found = _valid(year, month, day)
            return (found, "day") if found else None
        if month:
            return (dt.date(year, month, 1), "month") if 1 <= month <= 12 else None
        return dt.date(year, 1, 1), "year"
    for mention in find_dates(text, _builtin_words()):
        return mention.date, mention.precision
    return None


# --------------------------------------------------------------------------- publication date


def publication_date(
    body: tuple[Line, ...], blocks: tuple[Block, ...], words: DateWords, today: dt.date, language: str | None = None,
    date_lines: Sequence[Line] = (),
) -> PublishedDate | None:
    """When the article was published: a dateline at the top, else inferred from what it reports.

    ``language``: as for :func:`find_dates`. ``date_lines``: the lines extraction took out as
    holding only a date (scrape's rule "dateline"), wherever they stand: such a line is the page's
    own date stamp, at the top or below the text.
    """
    if language is not None:
        words = words.for_language(language)
    stated = _dateline(body, blocks, words, today, date_lines)
    if stated is not None:
        return stated
    # the paragraphs, each alone (as for their dated sentences); else the lines of the body as one text
    text, raws = _scan_joined([b.text for b in blocks], words)
    found = _infer(text, raws, words, today) if text.strip() else None
    if found is None:
        text = "\n\n".join(line.text for line in body)
        found = _infer(text, _scan(text, words), words, today) if text.strip() else None
    return found


def _dateline(
    body: tuple[Line, ...], blocks: tuple[Block, ...], words: DateWords, today: dt.date, date_lines: Sequence[Line]
) -> PublishedDate | None:
    """A short line above the first long paragraph that states a full date, or one in the byline under a
    standfirst; else the date of the date-only lines below the text, when they agree (a page that prints
    its date under the text)."""
    longs = sorted(b.line for b in blocks if b.type == "paragraph" and len(b.text.split()) >= _LONG_PARAGRAPH_WORDS)
    if not longs:
        longs = [ln.number for ln in body if len(ln.text.split()) >= _LONG_PARAGRAPH_WORDS]
    first_long = longs[0] if longs else None
    stamped = {line.number for line in date_lines}
    for line in body:
        if first_long is not None and line.number >= first_long:
            lead = _lead_dateline(line.text, words, today)
            if lead is not None:
                return lead
            break
        text = line.text.strip()
        if not text or len(text) > _DATELINE_MAX_CHARS:
            continue
        found = _stated(text, words, today, trusted=line.number in stamped)
        if found is not None:
            return found
    if first_long is None:
        return None
    bylined = _under_standfirst(body, longs, words, today, stamped)
    if bylined is not None:
        return bylined
    below = [_stated(line.text.strip(), words, today, trusted=True) for line in date_lines if line.number >= first_long]
    agreed = {(f.date, f.precision): f for f in below if f is not None}
    return next(iter(agreed.values())) if len(agreed) == 1 else None


def _under_standfirst(
    body: tuple[Line, ...], longs: Sequence[int], words: DateWords, today: dt.date, stamped: set[int]
) -> PublishedDate | None:
    """The dateline of a byline block between a standfirst and the text: a page that sets a long summary
    under its headline ("The 6-to-3 decision, which ... / By Adam Liptak / Reporting from Washington /
    July 1, 2024 / The Supreme Court ruled ..."). Only a day, in the few short lines right after the
    first long paragraph, with the text going on below it: a date line after the last paragraph is the
    date-only lines' case, and a dated line far down the text is no dateline."""
    if len(longs) < 2:
        return None
    short = 0
    for line in body:
        if line.number <= longs[0]:
            continue
        text = line.text.strip()
        if line.number >= longs[1] or short >= _BYLINE_LINES or len(text) > _DATELINE_MAX_CHARS:
            return None
        if not text:
            continue
        short += 1
        found = _stated(text, words, today, trusted=line.number in stamped)
        if found is not None:
            return found if found.precision == "day" else None
    return None


def _lead_dateline(text: str, words: DateWords, today: dt.date) -> PublishedDate | None:
    """The dateline a wire story or press release opens its first paragraph with, before a separator:
    "PORTLAND, Ore., June 19, 2024 /PRNewswire/ -- Harborview Foods ...", "JAKARTA, 19 Juni 2024 - ..."."""
    head = words.patterns.separators.split(text.strip(), maxsplit=1)
    if len(head) < 2 or len(head[0]) > _DATELINE_MAX_CHARS:
        return None
    found = _stated(head[0].strip(), words, today, trusted=False)
    return found if found is not None and found.precision == "day" else None


def _stated(text: str, words: DateWords, today: dt.date, trusted: bool) -> PublishedDate | None:
    """The publication date a header line states, if it is a dateline.

    A dateline holds a full date, and besides the dates in it only labels, time words and at most a few
    capitalised names ("Oleh Budi Santoso - 19 Juni 2024"); a line that fails as a whole may hold a
    dateline as one of the parts its separators set apart ("19. Juni 2024, 17.48 Uhr • aus Pjöngjang
    berichtet ..."). A ``trusted`` line (one extraction took out as only a date) needs no such check.
    Of a line's dates, the first one that no revision label ("updated", "modifié le") precedes is the
    publication date; the first revision only when there is nothing else.
    """
    pieces = [text] if trusted else [text, *(part.strip() for part in words.patterns.separators.split(text))]
    labels = words.dateline_labels
    for piece in dict.fromkeys(p for p in pieces if p):
        raws = _scanned(piece, words)
        chosen = _first_publication(piece, raws, words, today)
        if chosen is None:
            continue
        if not trusted:
            rest = list(piece)
            for raw in raws:  # every date-shaped span, even a relative one ("2 hari lalu")
                rest[raw.start : raw.end] = " " * (raw.end - raw.start)
            extra = [w for w in re.findall(rf"{_LETTERS}(?:\.{_LETTERS}\.?)?", "".join(rest)) if _norm(w) not in labels]
            allowed = _DATELINE_EXTRA_WORDS if chosen.precision == "day" else 0
            if len(extra) > allowed or not all(capital(w[0]) for w in extra):
                continue
        return PublishedDate(chosen.date, chosen.precision, "text", piece)
    return None


def _first_publication(text: str, raws: Sequence[_Raw], words: DateWords, today: dt.date) -> DateMention | None:
    """Of the full dates of a dateline, the first one not marked as a revision; else the first revision."""
    low = _lower(text)
    revisions: list[DateMention] = []
    after = 0  # where the text before the current date starts: the end of the date before it
    for raw in raws:
        gap = low[after : raw.start]
        after = raw.end
        mention = _resolve(raw, text, None) if raw.kind != "day" or not raw.weekday else _weekday_year(raw, text, today)
        if mention is None or mention.approximate or mention.precision == "year" or mention.date > today:
            continue
        if words.patterns.revision.search(gap):
            revisions.append(mention)
        else:
            return mention
    return revisions[0] if revisions else None


def _weekday_year(raw: _Raw, text: str, today: dt.date) -> DateMention | None:
    """A year-less day with its day name ("dinsdag 14 oktober, 08:12", NOS): in the latest year, up to
    ``today``, in which that day falls on that weekday; a date stamp leaves out the current year."""
    year = next((y for y in range(today.year, today.year - _WEEKDAY_YEARS, -1) if _weekday_fits(raw, y)
                 and (_valid(y, raw.month, raw.day) or today) <= today), None)
    found = _in_year(raw, text, year) if year is not None else None
    return replace(found, approximate=False) if found is not None else None


def _infer(text: str, raws: Sequence[_Raw], words: DateWords, today: dt.date) -> PublishedDate | None:
    """The publication date a careful editor would read from the events an article reports (``raws``: the
    date-shaped spans of ``text``)."""
    low = _lower(text)
    reported = [r for r in raws if not _since(r, low, words.patterns)]
    explicit = [
        (r, m) for r in reported if r.kind in ("full", "year") and (m := _resolve(r, text, None)) and m.date <= today
    ]
    fine = [(r, m) for r, m in explicit if m.precision != "year"]
    yearless = [r for r in reported if r.kind in ("day", "month")]
    marked = [m for r, m in explicit if r.kind == "year" and words.patterns.marker.match(low, r.end)]
    markers = [m.date.year for m in marked]
    latest: DateMention | None = None
    if fine:
        latest = max((m for _, m in fine), key=lambda m: (m.date, m.precision == "day"))
        year = _publication_year(latest, fine, yearless, markers, today)
    elif markers:
        year = min(max(markers), today.year)
    else:
        return None
    if latest is not None and year == latest.date.year:
        # the year-less dates sit around the latest dated event, mostly before it
        resolved = [(r, _resolve(r, text, latest.date)) for r in yearless]
    else:
        resolved = [(r, _in_year(r, text, year)) for r in yearless]
    events = list(fine)
    for r, mention in _in_order(resolved):
        if mention is None or mention.date > today:
            continue
        if latest is not None and (mention.date - latest.date).days > _YEARLESS_AHEAD_DAYS and year == latest.date.year:
            continue  # far after everything else that is dated: a plan, not a report
        events.append((r, mention))
    if not events:
        mark = max(marked, key=lambda m: m.date)
        return PublishedDate(mark.date, "year", "inferred", mark.text)
    raw, event = max(events, key=lambda rm: (rm[1].date, rm[1].precision == "day"))
    found = _pushed(raw, event, [r for r in raws if not _revised(r, low, words.patterns)], text, today)
    if latest is not None and year != latest.date.year and found.evidence:
        found = replace(found, evidence=f"{found.evidence}; {latest.text}")
    return found


def _since(raw: _Raw, low: str, p: _Patterns) -> bool:
    """Whether a date follows "since" ("tertinggi sejak April 2020"): a point of reference, often years back,
    not an event of the article's days. ``low``: the lower-cased text; a list ("sejak Maret dan April
    2024") is read from where it starts."""
    at = raw.link if raw.link >= 0 else raw.start
    return bool(p.since_start.match(low, at) or p.since_before.search(low, max(0, at - 40), at))


def _revised(raw: _Raw, low: str, p: _Patterns) -> bool:
    """Whether a revision label stands right before a date, at most a short word apart ("Atualizado há 2
    meses", "Updated: 3 hours ago"): that is how long ago the page was updated, said from the day it is
    read, and no time of the publication. ``low``: the lower-cased text."""
    window = low[max(0, raw.start - 40) : raw.start]
    labels = list(p.revision.finditer(window))
    return bool(labels) and re.fullmatch(r"\W*(?:\w{1,3}\W+)?", window[labels[-1].end() :]) is not None


def _in_year(raw: _Raw, text: str, year: int) -> DateMention | None:
    if raw.calendar:
        found = _other_calendar(raw, dt.date(year, 7, 1), year)
        if found is None:
            return None
        mention = _resolve(replace(raw, kind="full", year=found[0].year, month=found[0].month,
                                   day=found[0].day if raw.day else 0, calendar=""), text, None)
        return replace(mention, approximate=True) if mention is not None else None
    mention = _resolve(replace(raw, kind="full", year=year), text, None)
    return replace(mention, approximate=True) if mention is not None else None


def _publication_year(
    base: DateMention, fine: list[tuple[_Raw, DateMention]], yearless: list[_Raw], markers: list[int], today: dt.date
) -> int:
    """The year the year-less dates belong to.

    Writers omit the year of the current year; one who writes "September 2023" beside a
    bare "9 dan 11 November" is probably writing in a later year. A full date of the same
    year ("Rabu (19/6/2024)") or a day name that fits the calendar outweighs that.
    """
    if markers and max(markers) >= base.date.year:
        return min(max(markers), today.year)
    year = base.date.year
    if not yearless or year >= today.year:
        return year
    candidates = (year, year + 1)
    fits = [sum(1 for r in yearless if _weekday_fits(r, y)) for y in candidates]
    if fits[0] != fits[1]:
        return candidates[0] if fits[0] > fits[1] else candidates[1]
    same_year_day = any(m.precision == "day" and m.date.year == year for _, m in fine)
    if base.precision == "month" and not same_year_day:
        return year + 1
    return year


def _weekday_fits(raw: _Raw, year: int) -> bool:
    day = _valid(year, raw.month, raw.day) if raw.weekday else None
    return day is not None and day.isoweekday() == raw.weekday


def _pushed(raw: _Raw, event: DateMention, raws: Sequence[_Raw], text: str, today: dt.date) -> PublishedDate:
    """The latest event, moved forward by the relative wording that refers back to it.

    "Kemarin (19/6)" in one sentence pins the day; "pekan lalu" anywhere in an article whose
    latest event has a day moves the estimate a week on; "bulan lalu" moves it only when it
    is said of that event, in the same sentence.
    """
    date = event.date
    precision: Precision = "year" if event.precision == "year" else "month"
    evidence = [event.text]
    relatives = [r for r in raws if r.kind == "relative"]
    tied = [r for r in relatives if _same_sentence(text, raw, r)]
    pinned = [r for r in tied if r.unit == "day" and event.precision == "day"]
    if pinned:
        moved = _shift(event.date, "day", -pinned[0].offset)
        if moved is not None:
            return PublishedDate(min(moved[0], today), "day", "inferred", f"{event.text}; {_span(text, pinned[0])}")
    for rel in relatives:
        loose = event.precision == "day" and rel.unit in ("day", "week") and rel.offset < 0
        if rel not in tied and not loose:
            continue
        moved = _shift(event.date, rel.unit, -rel.offset)
        if moved is not None and moved[0] > date:
            date = moved[0]
            evidence.append(_span(text, rel))
    date = min(date, today)
    if precision == "month":
        date = date.replace(day=1)
    elif precision == "year":
        date = dt.date(date.year, 1, 1)
    return PublishedDate(date, precision, "inferred", "; ".join(dict.fromkeys(evidence)))


def _span(text: str, raw: _Raw) -> str:
    return text[raw.start : raw.end]


def _same_sentence(text: str, a: _Raw, b: _Raw) -> bool:
    start, end = min(a.end, b.end), max(a.start, b.start)
    between = text[start:end] if start < end else ""
    return "\n" not in between and not re.search(r"[.!?][\"”’)]?\s", between)
