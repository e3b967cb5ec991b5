"""How long a body text is in words, and how many minutes it takes to read.

Words are what the text splits into at spaces. Scripts written without spaces between words (Chinese,
Japanese, Thai, Khmer...) would count a whole sentence as one word that way: their letters are counted
instead and turned into word-equivalents, at the rates of ``data/reading.yaml``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warta.errors import ConfigError
from warta.yamlio import is_builtin, parse

_BUILTIN = Path(__file__).resolve().parent / "data" / "reading.yaml"
_WORD = re.compile(r"\w+")  # what is left of a token once its unspaced letters are taken out: "6月19日" -> 6, 19


@dataclass(frozen=True)
class Unspaced:
    """A script written without spaces between words, and how its letters count and read."""

    script: str
    characters: re.Pattern[str]  # one character of the script
    characters_per_word: float
    characters_per_minute: float


@dataclass(frozen=True)
class Rates:
    """The reading rates of data/reading.yaml."""

    words_per_minute: float
    unspaced: tuple[Unspaced, ...]
    any_unspaced: re.Pattern[str]  # a character of any of them


@dataclass(frozen=True)
class Length:
    """A text's word count (words and word-equivalents) and its reading time in whole minutes."""

    words: int
    minutes: int


def load_rates(path: Path = _BUILTIN) -> Rates:
    """The rates of ``path`` (the built-in table by default); ConfigError names what is wrong."""
    shown = f"warta/data/{path.name}" if path == _BUILTIN else str(path)
    data = parse(path.read_text(encoding="utf-8"), shown, error=ConfigError, builtin=is_builtin(path)).data
    if not isinstance(data, dict) or set(data) != {"words_per_minute", "unspaced"}:
        raise ConfigError("expected exactly the keys 'words_per_minute' and 'unspaced'", shown)
    if not isinstance(data["unspaced"], list):
        raise ConfigError("'unspaced' must be a list of scripts", shown)
    scripts = tuple(_script(entry, shown) for entry in data["unspaced"])
    classes = "".join(entry["characters"] for entry in data["unspaced"])
    return Rates(_rate(data["words_per_minute"], "words_per_minute", shown), scripts,
                 re.compile(f"[{classes}]") if scripts else re.compile("(?!)"))


def _script(entry: Any, shown: str) -> Unspaced:
    keys = {"script", "characters", "characters_per_word", "characters_per_minute"}
    if not isinstance(entry, dict) or set(entry) != keys:
        raise ConfigError(f"each entry of 'unspaced' needs exactly the keys {', '.join(sorted(keys))}", shown)
    name = str(entry["script"])
    try:
        characters = re.compile(f"[{entry['characters']}]")
    except re.error as exc:
        raise ConfigError(f"unspaced '{name}': characters is not a character class: {exc}", shown) from None
    return Unspaced(name, characters, _rate(entry["characters_per_word"], f"{name}: characters_per_word", shown),
                    _rate(entry["characters_per_minute"], f"{name}: characters_per_minute", shown))


def _rate(value: Any, what: str, shown: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ConfigError(f"{what} must be a positive number, not {value!r}", shown)
    return float(value)


def measure(text: str, rates: Rates) -> Length:
    """The words of ``text`` (a token without unspaced letters is one word, as ``str.split`` gives them) and its
    word-equivalents, and the minutes it takes to read, rounded up: at least one when there is any text."""
    tokens = text.split()
    if not rates.any_unspaced.search(text):
        words = len(tokens)
        return Length(words, max(1, math.ceil(words / rates.words_per_minute)) if words else 0)
    words = 0
    letters = [0] * len(rates.unspaced)
    for token in tokens:
        if not rates.any_unspaced.search(token):
            words += 1
            continue
        for i, script in enumerate(rates.unspaced):
            letters[i] += sum(1 for char in script.characters.findall(token) if unicodedata.category(char)[0] in "LM")
        words += len(_WORD.findall(rates.any_unspaced.sub(" ", token)))
    equivalents = words + sum(n / s.characters_per_word for n, s in zip(letters, rates.unspaced, strict=True))
    minutes = words / rates.words_per_minute + sum(
        n / s.characters_per_minute for n, s in zip(letters, rates.unspaced, strict=True))
    count = round(equivalents)
    return Length(count, max(1, math.ceil(minutes)) if count else 0)
