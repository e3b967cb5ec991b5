"""What the writing systems warta reads mark, in one place: sentence ends, quotes, letters without case.

The cleaner, the credit finder, the sentence splitter and the date finder all read these; a stop or a
quotation mark added here is known to all of them.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Stops a space follows: Latin, Devanagari (danda, double danda), Arabic and Urdu, Burmese and Khmer,
# Ethiopic (Amharic "።", question "፧") and Armenian ("։", the verjaket; its question mark sits inside the word).
SPACED_STOPS = ".!?…।॥؟۔။។።፧։"
# Chinese and Japanese full-width stops: the next sentence starts at once, without a space.
FULL_WIDTH_STOPS = "。！？｡"
TERMINALS = SPACED_STOPS + FULL_WIDTH_STOPS  # every mark that may end a sentence
QUESTION_MARKS = "?!？！؟፧"  # the terminals that end a question or an exclamation, not a statement
FULL_STOPS = "".join(mark for mark in TERMINALS if mark not in QUESTION_MARKS)
CLOSERS = "\"'”’»)]」』）】》〉"  # closing quotes and brackets that may follow a stop
OPENERS = "\"'“‘«„「『（【《〈"  # opening ones that may start a sentence
UNFINISHED = ".,;:。，、；：،؛"  # a title or a heading does not end with these
# Chinese and Japanese (kana, ideographs) and Korean (Hangul syllables and jamo), as character-class ranges.
HAN_KANA = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
# Scripts whose words a name cannot be told apart in by spaces: Chinese, Japanese, Thai, Lao, Burmese and
# Khmer write none between words, and Korean joins its particles to the word before ("북한의", "러시아와").
# To find a name (an alias, a lexicon's name) each of their letters is a word of its own, so a name is a
# run of words: "朝鲜" is found in "朝鲜与俄罗斯签署条约", "북한" in "북한의".
UNSPACED = HAN_KANA + HANGUL + "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # ... Thai, Lao, Myanmar, Khmer


def _marks(first: int, last: int) -> str:
    """The combining marks (vowel signs, viramas, accents) from ``first`` to ``last``, as a character class."""
    return "".join(re.escape(chr(c)) for c in range(first, last + 1) if unicodedata.category(chr(c))[0] == "M")


# The combining marks of the alphabets and abugidas (Latin accents, Arabic vowels, Devanagari and other
# Indic vowel signs and viramas): a word goes on through them. Without them "चुनाव" (election) would be the
# words "च", "न", "व" and hold the name "चीन" (China), cut the same way.
MARKS = _marks(0x0300, 0x1FFF)
# A word for name matching: a letter of an UNSPACED script, or a run of other letters and digits (and the
# marks on them).
NAME_WORD = re.compile(f"[{UNSPACED}]|(?:(?![{UNSPACED}])[^\\W_])(?:(?![{UNSPACED}])[^\\W_]|[{MARKS}])*")
# Languages written right to left (ISO 639 codes): their text is marked dir="rtl" in a page laid out left to right.
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "iw", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"})


def capital(char: str) -> bool:
    """Whether a letter may start a name or a heading: a capital, or a letter of a script without case."""
    return char.isupper() or (char.isalpha() and not char.islower())


_EAST_ASIAN = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK"}  # one family for script_of


@functools.lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """The writing system of a letter, from its Unicode name: LATIN, CYRILLIC, GREEK, ARABIC, CJK...

    Kana and Hangul count as CJK: Japanese writes ideographs and kana in one word, Korean may mix in hanja.
    """
    words = unicodedata.name(char, "?").split()
    name = (words[1] if words[0] in ("HALFWIDTH", "FULLWIDTH") and len(words) > 1 else words[0]).split("-")[0]
    return _EAST_ASIAN.get(name, name)
