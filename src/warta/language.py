"""Language identification: ISO 639-1 code and confidence, the same answer on every run.

The answer is langdetect's, with a fixed seed, to the last bit of its probabilities. langdetect's own
``Detector`` spends most of its time in Python loops over characters and over its 55 languages; ``_Profiles``
runs the same algorithm with per-word caches of the n-grams and numpy rows for the language vectors. Every
floating-point operation is the one langdetect does, in the same order (numpy's element-wise products and
quotients round exactly as Python's; the sum that normalizes is Python's own ``sum``), and the random draws
are the same calls on the same seeded generator, so codes and confidences are identical.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.language import Language as Guess
from langdetect.utils.ngram import NGram
from langdetect.utils.unicode_block import unicode_block

from warta.model import Language

_SAMPLE_CHARS = 1000  # bounded per article: enough text to be sure (langdetect costs grow with it)
_MIN_CHARS = 20
_WORDS_KEPT = 200_000  # distinct words whose n-gram rows are remembered; past it the memo starts afresh
_SEED = 0
_SPACES = re.compile(" {2,}")
_Vector = npt.NDArray[np.float64]


class _CharMap(dict[int, str]):
    """Code point -> langdetect's normalized character, filled on demand (a ``str.translate`` table)."""

    def __missing__(self, code: int) -> str:
        value: str = NGram.normalize(chr(code))
        self[code] = value
        return value


class _Profiles:
    """langdetect's Detector over its loaded profiles, with caches that outlive one text."""

    def __init__(self, factory: DetectorFactory) -> None:
        self.langs: tuple[str, ...] = tuple(factory.langlist)
        self.table: dict[str, list[float]] = factory.word_lang_prob_map
        self.chars = _CharMap()
        self.words: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}  # word -> rows (inside, before a space)
        self.index: dict[str, int] = {}  # n-gram -> its row in ``store``
        self.store: _Vector = np.empty((0, len(self.langs)), dtype=np.float64)
        self.pending: list[list[float]] = []  # rows indexed but not yet in ``store``

    def guesses(self, text: str) -> list[Guess]:
        """What ``Detector.append(text)`` then ``get_probabilities()`` returns, for the default settings."""
        grams = self._ngrams(self._cleaned(self._appended(text)))
        if not grams:
            return []
        return self._probabilities(grams)

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
                self.pending.append(self.table[g])
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
            self.store = np.concatenate((self.store, np.array(self.pending, dtype=np.float64)))
            self.pending = []
        return self.store

    def _probabilities(self, grams: list[int]) -> list[Guess]:
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


@functools.lru_cache(maxsize=1)
def _profiles() -> _Profiles:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    return _Profiles(factory)


def detect(text: str, default: str) -> Language:
    """The language of ``text``; ``default`` with confidence 0 when there is too little to go on."""
    sample = " ".join(text[: _SAMPLE_CHARS * 2].split())[:_SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < _MIN_CHARS:
        return Language(default, 0.0, "default")
    found = _profiles().guesses(sample)
    if not found:
        return Language(default, 0.0, "default")
    best = found[0]
    code = str(best.lang).split("-")[0]
    return Language(code, round(float(best.prob), 3), "detected")
