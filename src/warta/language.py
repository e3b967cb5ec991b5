"""Language identification: ISO 639-1 code and confidence, the same answer on every run.

The answer is langdetect's, with a fixed seed, to the last bit of its probabilities. langdetect's own
``Detector`` spends most of its time in Python loops over characters and over its 55 languages; ``_Profiles``
runs the same algorithm with per-word caches of the n-grams and numpy rows for the language vectors. Every
floating-point operation is the one langdetect does, in the same order (numpy's element-wise products and
quotients round exactly as Python's; the sum that normalizes is Python's own ``sum``), and the random draws
are the same calls on the same seeded generator, so codes and confidences are identical.

langdetect's 55 JSON profiles take 0.3-0.5 s and about 84 MB to load (87,598 n-grams, each a list of 55
floats). A build with a cache keeps them there as a :class:`ProfileTable` (cache.ArticleCache.table: checked
against its checksum, made again when missing, corrupt or made from other profiles), which holds only the
numbers that are not 0 (3.5 MB) and loads in some 30 ms; each n-gram's row is made from it, the same
numbers, when a text first has the n-gram.

langdetect has no profile for some languages close to one it knows (Malay, which it calls Indonesian):
``data/varieties.yaml`` lists the words that tell them apart, and :func:`detect` gives the other language
when a text has clearly more of its words (:func:`varieties`).
"""

from __future__ import annotations

import functools
import hashlib
import os
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.language import Language as Guess
from langdetect.utils.ngram import NGram
from langdetect.utils.unicode_block import unicode_block

from warta import cache
from warta.clean import ascii_twins
from warta.errors import ConfigError
from warta.model import Language
from warta.yamlio import YamlDoc, is_builtin, parse

_SAMPLE_CHARS = 1000  # bounded per article: enough text to be sure (langdetect costs grow with it)
_MIN_CHARS = 20
_WORDS_KEPT = 200_000  # distinct words whose n-gram rows are remembered; past it the memo starts afresh
_SEED = 0
_SPACES = re.compile(" {2,}")
_Vector = npt.NDArray[np.float64]
_Row = TypeVar("_Row")
_TABLE = "language-profiles"  # the ProfileTable's name among the cache's tables
_TABLE_FORMAT = 2  # a new layout of the kept table gets a new number, so an old one is never read as new
_VARIETIES = Path(__file__).resolve().parent / "data" / "varieties.yaml"
_VARIETY_KEYS = ("detected", "min_markers", "ratio", "markers", "against")
_CODE = "code"  # optional: the code an entry gives when its name is not that code (one language, two scripts)
_NEEDS_SCRIPT = "needs_script"  # the sections of varieties.yaml that are not varieties
_BY_SCRIPT = "by_script"


class _CharMap(dict[int, str]):
    """Code point -> langdetect's normalized character, filled on demand (a ``str.translate`` table)."""

    def __missing__(self, code: int) -> str:
        value: str = NGram.normalize(chr(code))
        self[code] = value
        return value


@dataclass(frozen=True)
class _Source(Generic[_Row]):
    """langdetect's profiles: the languages, each n-gram's row (its number in a :class:`ProfileTable`, or
    its list of floats), and what makes rows into one array."""

    langs: tuple[str, ...]
    grams: dict[str, _Row]
    read: Callable[[Sequence[_Row]], _Vector]


@dataclass(frozen=True)
class ProfileTable:
    """langdetect's profiles, compact, as a build's cache keeps them (cache.ArticleCache.table).

    The n-grams are joined by NULs, each numbered by its place; n-gram ``i`` has the probabilities
    ``values[starts[i]:starts[i + 1]]`` in the languages ``columns[starts[i]:starts[i + 1]]`` and 0.0
    in the others (a sparse row: langdetect fills a row with 0.0 and sets the languages whose profile
    has the n-gram, always to more than 0). 184,129 numbers of 4.8 million: 3.5 MB, against 38.5 MB
    for every row and 84 MB for langdetect's lists of floats.
    """

    langs: tuple[str, ...]
    grams: str
    starts: npt.NDArray[np.int64]
    columns: npt.NDArray[np.int32]
    values: npt.NDArray[np.float64]

    @classmethod
    def of(cls, source: _Source[list[float]]) -> ProfileTable:
        """The table of profiles loaded from langdetect's files."""
        rows = np.array(list(source.grams.values()), dtype=np.float64).reshape(len(source.grams), len(source.langs))
        row, column = np.nonzero(rows)  # row by row, each row's languages in order
        starts = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(np.bincount(row, minlength=len(rows)), out=starts[1:])
        return cls(source.langs, "\0".join(source.grams), starts, column.astype(np.int32), rows[row, column])

    def source(self) -> _Source[int] | None:
        """The profiles this table holds; None when its parts do not fit together."""
        grams = self.grams.split("\0")
        starts, columns, values = self.starts, self.columns, self.values
        if not (len(starts) == len(grams) + 1 and starts[0] == 0 and int(starts[-1]) == len(columns) == len(values)
                and bool(np.all(np.diff(starts) >= 0)) and bool(np.all((columns >= 0) & (columns < len(self.langs))))):
            return None

        def read(numbers: Sequence[int]) -> _Vector:
            chosen = np.asarray(numbers, dtype=np.int64)
            first, sizes = starts[chosen], starts[chosen + 1] - starts[chosen]
            at = np.repeat(first - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()), dtype=np.int64)
            out = np.zeros((len(chosen), len(self.langs)), dtype=np.float64)
            out[np.repeat(np.arange(len(chosen)), sizes), columns[at]] = values[at]
            return out

        return _Source(self.langs, dict(zip(grams, range(len(grams)), strict=True)), read)


class Profiles:
    """langdetect's Detector over its profiles, loaded on first use, with caches that outlive one text."""

    def __init__(self, load: Callable[[], _Source[Any]]) -> None:
        self._load: Callable[[], _Source[Any]] | None = load  # None once loaded

    def _begin(self, source: _Source[Any]) -> None:
        """Start from ``source``, with empty caches."""
        self.langs = source.langs
        self.table = source.grams
        self.read = source.read
        self.chars = _CharMap()
        self.words: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}  # word -> rows (inside, before a space)
        self.index: dict[str, int] = {}  # n-gram -> its row in ``store``
        self.store: _Vector = np.empty((0, len(self.langs)), dtype=np.float64)
        self.pending: list[Any] = []  # the source's rows of n-grams indexed but not yet in ``store``

    def guesses(self, text: str, excluded: frozenset[int] = frozenset()) -> list[Guess]:
        """What ``Detector.append(text)`` then ``get_probabilities()`` returns, for the default settings.

        ``excluded``: indexes in ``langs`` of languages the text cannot be in, which start at probability 0."""
        if self._load is not None:
            self._begin(self._load())
            self._load = None
        grams = self._ngrams(self._cleaned(self._appended(text)))
        if not grams:
            return []
        return self._probabilities(grams, excluded)

    @staticmethod
    def _appended(text: str) -> str:
        text = Detector.URL_RE.sub(" ", text)
        text = Detector.MAIL_RE.sub(" ", text)
        text = NGram.normalize_vi(text)
        return _SPACES.sub(" ", text[:_SAMPLE_CHARS])

    @staticmethod
    def _cleaned(text: str) -> str:
        if text.isascii():
            return text
        latin = non_latin = 0
        for ch in text:
            if "A" <= ch <= "z":
                latin += 1
            elif ch >= "\u0300" and unicode_block(ch) != "Latin Extended Additional":
                non_latin += 1
        if latin * 2 < non_latin:
            return "".join(ch for ch in text if ch < "A" or "z" < ch)
        return text

    def _ngrams(self, text: str) -> list[int]:
        """The row of each n-gram, in the order langdetect's ``_extract_ngrams`` lists them."""
        pieces = text.translate(self.chars).split(" ")
        words = self.words
        if len(words) > _WORDS_KEPT:  # a big corpus's vocabulary keeps growing: bound the memo's memory
            words.clear()
        out: list[int] = []
        for word in pieces[:-1]:
            if word:
                rows = words.get(word)
                if rows is None:
                    rows = words[word] = self._word_rows(word)
                out.extend(rows[0])
                out.extend(rows[1])
        word = pieces[-1]
        if word:  # no space follows the last word
            rows = words.get(word)
            if rows is None:
                rows = words[word] = self._word_rows(word)
            out.extend(rows[0])
        return out

    def _word_rows(self, word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        inside, after = self._word_grams(word)
        return self._rows_of(inside), self._rows_of(after)

    def _rows_of(self, grams: Sequence[str]) -> tuple[int, ...]:
        index = self.index
        out: list[int] = []
        for g in grams:
            row = index.get(g)
            if row is None:
                row = index[g] = len(index)
                self.pending.append(self.table[g])  # its row in the source
            out.append(row)
        return tuple(out)

    def _word_grams(self, word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The known n-grams of one word (it follows a space), and those of the space after it."""
        table = self.table
        inside: list[str] = []
        for k in range(len(word)):
            if k and word[k].isupper() and word[k - 1].isupper():
                continue  # langdetect skips the inside of a capitalized word
            grams = (" " + word[: k + 1])[-3:]
            for n in (1, 2, 3):
                if len(grams) < n:
                    break
                g = grams[-n:]
                if g != " " and g in table:
                    inside.append(g)
        tail = (" " + word)[-2:] + " "
        return tuple(inside), tuple(g for g in (tail[-2:], tail) if g in table)

    def _store(self) -> _Vector:
        if self.pending:
            self.store = np.concatenate((self.store, self.read(self.pending)))
            self.pending = []
        return self.store

    def _probabilities(self, grams: list[int], excluded: frozenset[int] = frozenset()) -> list[Guess]:
        """langdetect's seven trials of random n-gram draws, each to convergence, averaged.

        A draw picks one of ``grams`` (rows of ``store``), as langdetect's ``random.choice`` over the
        n-grams; only the rows drawn are read and shifted by the trial's smoothing (langdetect adds it to
        the row it draws, the same addition), not all of the text's rows in every trial.
        """
        store = self._store()
        size = len(self.langs)
        trials = 7
        rng = random.Random()
        rng.seed(_SEED)
        total: _Vector = np.zeros(size, dtype=np.float64)
        block: _Vector = np.empty((6, size), dtype=np.float64)  # the running probabilities, then the rows drawn
        for _ in range(trials):
            alpha = Detector.ALPHA_DEFAULT + rng.gauss(0.0, 1.0) * Detector.ALPHA_WIDTH
            shift = alpha / Detector.BASE_FREQ
            prob: _Vector = np.full(size, 1.0 / size, dtype=np.float64)
            if excluded:
                prob[list(excluded)] = 0.0
            drawn = [rng.choice(grams)]  # langdetect normalizes after its first draw, then after every fifth
            i = 0
            while True:
                block[0] = prob
                np.add(store[drawn], shift, out=block[1:len(drawn) + 1])
                prob = np.multiply.reduce(block[:len(drawn) + 1], axis=0)
                values = prob.tolist()
                sump = sum(values)
                prob /= sump
                # division by a positive number keeps the order, so this is the largest quotient, bit for bit
                if max(values) / sump > Detector.CONV_THRESHOLD or i >= Detector.ITERATION_LIMIT:
                    break
                drawn = [rng.choice(grams), rng.choice(grams), rng.choice(grams), rng.choice(grams),
                         rng.choice(grams)]
                i += 5
            total += prob / trials
        found = [Guess(lang, p) for lang, p in zip(self.langs, total.tolist(), strict=True)
                 if p > Detector.PROB_THRESHOLD]
        found.sort(reverse=True)
        return found


def profiles(kept: cache.ArticleCache | None = None) -> Profiles:
    """langdetect's profiles, loaded on first use: from the :class:`ProfileTable` ``kept`` holds when it holds
    one made from the same profiles, else from langdetect's JSON files (and then kept there, when it can be
    written). Without ``kept``: the profiles :func:`detect` uses when given none, loaded once per process."""
    if kept is None:
        return _profiles()
    return Profiles(functools.partial(_from_table, kept))


@functools.lru_cache(maxsize=1)
def _profiles() -> Profiles:
    return Profiles(_from_files)


def _from_files() -> _Source[list[float]]:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    return _Source(tuple(factory.langlist), factory.word_lang_prob_map, _stacked)


def _stacked(rows: Sequence[list[float]]) -> _Vector:
    return np.array(rows, dtype=np.float64)


def _from_table(kept: cache.ArticleCache) -> _Source[Any]:
    """The profiles from ``kept``'s table (made and kept there when it has none from the same profiles);
    from the JSON files when the table does not hold together."""
    key = _table_key()
    source = kept.table(_TABLE, ProfileTable, functools.partial(_made_table, key), key).source()
    return source if source is not None else _from_files()


@functools.lru_cache(maxsize=1)
def _made_table(key: str) -> ProfileTable:
    """The table of the profiles ``key`` names (:func:`_table_key`), made once per process: a process that
    builds many projects (tests, `warta serve`) loads the JSON files once, as without a cache."""
    return ProfileTable.of(_from_files())


def _table_key() -> str:
    """What the kept table is made of: langdetect's version and its profile files, names and bytes, in
    the order it loads them (which is the order of the languages, and so of the sums over them)."""
    h = hashlib.sha256(f"langdetect {metadata.version('langdetect')} table {_TABLE_FORMAT}\n".encode())
    for name in os.listdir(PROFILES_DIRECTORY):  # as DetectorFactory.load_profile lists them
        path = os.path.join(PROFILES_DIRECTORY, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, "rb") as file:
            data = file.read()
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def detect(text: str, default: str, profiles: Profiles | None = None) -> Language:
    """The language of ``text``; ``default`` with confidence 0 when there is too little to go on.

    ``profiles``: where langdetect's profiles come from (:func:`profiles`); by default its JSON files,
    loaded once per process."""
    sample = " ".join(text[: _SAMPLE_CHARS * 2].split())[:_SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < _MIN_CHARS:
        return Language(default, 0.0, "default")
    own = _written_in(sample)
    if own is not None:
        return own
    detector = profiles if profiles is not None else _profiles()
    found = detector.guesses(sample)
    if not found:
        return Language(default, 0.0, "default")
    best = next((guess for guess in found if _script_fits(str(guess.lang).split("-")[0], sample)), None)
    if best is None:  # only languages the text has none of the letters of: ask again among the others
        unfit = frozenset(i for i, lang in enumerate(detector.langs)
                          if not _script_fits(str(lang).split("-")[0], sample))
        best = next(iter(detector.guesses(sample, unfit)), found[0])
    code = variety(str(best.lang).split("-")[0], text)
    return Language(code, round(float(best.prob), 3), "detected")


def _written_in(sample: str) -> Language | None:
    """The language of a script the detector has no profile for (``by_script``), when most letters are in it.

    The detector answers some language for any text; for Georgian or Khmer that answer is noise. The
    confidence is the share of the sample's letters written in that script."""
    if sample.isascii():  # Latin letters only, whose languages the detector knows
        return None
    counts: Counter[str] = Counter()  # script -> letters, in the order the scripts first appear
    letters = 0
    for ch, n in Counter(sample).items():  # each character looked up once, not once per occurrence
        if ch.isalpha():
            counts[_script(ch)] += n
            letters += n
    if not letters:
        return None
    known = scripts_of_languages()
    script, count = counts.most_common(1)[0]
    if script not in known or count * 2 <= letters:
        return None
    return Language(known[script], round(count / letters, 3), "detected")


@functools.lru_cache(maxsize=8192)
def _script(ch: str) -> str:
    """The script a letter is written in, as the first word of its Unicode name ("GEORGIAN", "LATIN")."""
    return unicodedata.name(ch, "?").split()[0]


def _script_fits(code: str, sample: str) -> bool:
    """Whether ``sample`` holds a letter of a script the language ``code`` cannot be written without, if any."""
    needed = needed_scripts().get(code)
    return needed is None or any(ch.isalpha() and unicodedata.name(ch, "?").split()[0] in needed for ch in sample)


@dataclass(frozen=True)
class Variety:
    """A language the detector has no profile for, and the words that tell it from the one it answers."""

    code: str
    detected: frozenset[str]  # what langdetect answers for it (one code, or a list: Kazakh is "ru" or "uk")
    min_markers: int
    ratio: float
    markers: re.Pattern[str]  # any of its own words
    against: re.Pattern[str]  # any of the detected language's words for the same things
    # the same two for ASCII text in lower case (:func:`_ascii_any_of`); None where they cannot be written so
    ascii_markers: re.Pattern[str] | None = None
    ascii_against: re.Pattern[str] | None = None


def variety(code: str, text: str) -> str:
    """``code``, or the code of a variety of it (data/varieties.yaml) whose words ``text`` clearly has more of."""
    low = text.lower() if text.isascii() else None
    for entry in varieties():
        if code in entry.detected:
            markers = _count(entry.markers, entry.ascii_markers, text, low)
            if markers >= entry.min_markers and markers > entry.ratio * _count(entry.against, entry.ascii_against,
                                                                               text, low):
                return entry.code
    return code


def _count(pattern: re.Pattern[str], ascii_pattern: re.Pattern[str] | None, text: str, low: str | None) -> int:
    """How many times ``pattern`` is found in ``text``; ``low``: ``text`` lowered, when it is ASCII."""
    if ascii_pattern is not None and low is not None:
        return len(ascii_pattern.findall(low))
    return len(pattern.findall(text))


@functools.cache
def _varieties_doc(path: Path) -> YamlDoc:
    """data/varieties.yaml (``path``), read once for its three sections."""
    return parse(path.read_text(encoding="utf-8"), "warta/data/varieties.yaml", error=ConfigError,
                 builtin=is_builtin(path))


@functools.cache
def varieties() -> tuple[Variety, ...]:
    """The entries of data/varieties.yaml, checked; ConfigError names the file, the line and what is wrong."""
    shown = "warta/data/varieties.yaml"
    doc = _varieties_doc(_VARIETIES)
    if not isinstance(doc.data, dict):
        raise ConfigError("expected a mapping of language codes to entries", shown, 1)
    out: list[Variety] = []
    for code, entry in doc.data.items():
        if code in (_NEEDS_SCRIPT, _BY_SCRIPT):
            continue
        line = doc.lines.get(str(code))
        if not isinstance(entry, dict) or set(entry) - {_CODE} != set(_VARIETY_KEYS):
            raise ConfigError(f"'{code}' must have exactly the keys {', '.join(_VARIETY_KEYS)} (and may have "
                              f"'{_CODE}')", shown, line)
        given = entry.get(_CODE, code)
        if not (isinstance(given, str) and re.fullmatch(r"[a-z]{2}", given)):
            raise ConfigError(f"'{code}.{_CODE}' must be an ISO 639-1 code such as 'sr'", shown,
                              doc.lines.get(f"{code}.{_CODE}", line))
        detected = entry["detected"] if isinstance(entry["detected"], list) else [entry["detected"]]
        if not (detected and all(isinstance(d, str) for d in detected) and isinstance(entry["min_markers"], int)
                and isinstance(entry["ratio"], int | float) and entry["min_markers"] > 0 and entry["ratio"] >= 0):
            raise ConfigError(f"'{code}': 'detected' must be a language code or a list of them, 'min_markers' a "
                              "whole number above 0 and 'ratio' a number not below 0", shown, line)
        words = {}
        for key in ("markers", "against"):
            value = entry[key]
            if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.split() for w in value):
                raise ConfigError(f"'{code}.{key}' must be a list of words or phrases", shown,
                                  doc.lines.get(f"{code}.{key}", line))
            words[key] = value
        out.append(Variety(given, frozenset(detected), entry["min_markers"], float(entry["ratio"]),
                           _any_of(words["markers"]), _any_of(words["against"]),
                           _ascii_any_of(words["markers"]), _ascii_any_of(words["against"])))
    return tuple(out)


@functools.cache
def needed_scripts() -> dict[str, frozenset[str]]:
    """The ``needs_script`` section of data/varieties.yaml: language code -> the scripts its text must show."""
    shown = "warta/data/varieties.yaml"
    doc = _varieties_doc(_VARIETIES)
    section = doc.data.get(_NEEDS_SCRIPT, {}) if isinstance(doc.data, dict) else {}
    line = doc.lines.get(_NEEDS_SCRIPT)
    if not isinstance(section, dict) or not all(
            isinstance(scripts, list) and scripts and all(isinstance(s, str) for s in scripts)
            for scripts in section.values()):
        raise ConfigError(f"'{_NEEDS_SCRIPT}' must map language codes to lists of script names", shown, line)
    return {str(code): frozenset(s.upper() for s in scripts) for code, scripts in section.items()}


def _any_of(phrases: Sequence[str]) -> re.Pattern[str]:
    """Any of ``phrases`` as whole words, ignoring case, with any spaces between a phrase's words."""
    alternatives = [_alternative(p.split()) for p in _in_order(phrases)]
    return re.compile(rf"(?<![^\W_])(?:{_by_first_letter(alternatives)})(?![^\W_])", re.IGNORECASE)


def _ascii_any_of(phrases: Sequence[str]) -> re.Pattern[str] | None:
    """:func:`_any_of` for ASCII text in lower case, without ignoring case: the same matches, found in less time
    (0.2 ms an Indonesian article's 5 KB against 0.35, a pattern and its lowered text alike).

    Each character of a phrase is written as the one lowered ASCII character that ``re.IGNORECASE`` matches
    to it (clean.ascii_twins: "k" for "K" and the Kelvin sign); a phrase with a character that no ASCII one
    matches cannot occur in ASCII text and is left out. The phrases keep their order, so at each place the
    same one is found first. None when a character has two such twins (none in Unicode so far)."""
    kept: list[str] = []
    for phrase in _in_order(phrases):
        spelled = [[ascii_twins(ch) for ch in word] for word in phrase.split()]
        if any(len(twins) > 1 for word in spelled for twins in word):
            return None
        if all(twins for word in spelled for twins in word):
            kept.append(_alternative(["".join(word) for word in spelled]))
    found = _by_first_letter(kept) if kept else "(?!)"
    return re.compile(rf"(?<![^\W_])(?:{found})(?![^\W_])")


def _in_order(phrases: Sequence[str]) -> list[str]:
    """The phrases in the order :func:`_any_of` tries them: the longest first (as written in the pattern)."""
    return sorted(phrases, key=lambda p: (-len(_alternative(p.split())), _alternative(p.split())))


def _alternative(words: Sequence[str]) -> str:
    """One phrase's words in a pattern, any spaces between them."""
    return r"\s+".join(map(re.escape, words))


def _by_first_letter(alternatives: Sequence[str]) -> str:
    """``"|".join(alternatives)`` (re.escape'd phrases), its alternatives grouped by their first character
    and that character written once per group: ``kerana|bahawa|khamis`` as ``k(?:erana|hamis)|b(?:ahawa)``.

    The same matches: two alternatives whose first characters do not match each other (ignoring case)
    never match at the same place, and within a group the order is kept, so at each place the same
    alternative is the first that matches (and is followed by the end of a word). Only faster: ``re``
    tried every alternative at the start of every word (10% of an article's extraction, at 100 words)."""
    groups: dict[str, list[str]] = {}  # a first character (escaped) -> the alternatives that start with it
    for alternative in alternatives:
        first = alternative[:2] if alternative.startswith("\\") else alternative[:1]
        same = next((f for f in groups if re.fullmatch(f, first[-1], re.IGNORECASE)), first)
        groups.setdefault(same, []).append(alternative)
    out = []
    for first, group in groups.items():
        if all(a.startswith(first) for a in group):
            out.append(f"{first}(?:{'|'.join(a[len(first):] for a in group)})")
        else:  # first characters that differ and match each other ("k" and the Kelvin sign): not shortened
            out.append(f"(?:{'|'.join(group)})")
    return "|".join(out)


@functools.cache
def scripts_of_languages() -> dict[str, str]:
    """The ``by_script`` section of data/varieties.yaml: script name -> the code of the language it writes."""
    shown = "warta/data/varieties.yaml"
    doc = _varieties_doc(_VARIETIES)
    section = doc.data.get(_BY_SCRIPT, {}) if isinstance(doc.data, dict) else {}
    if not isinstance(section, dict) or not all(isinstance(c, str) and c for c in section.values()):
        raise ConfigError(f"'{_BY_SCRIPT}' must map script names to language codes", shown, doc.lines.get(_BY_SCRIPT))
    return {str(script).upper(): code for script, code in section.items()}
