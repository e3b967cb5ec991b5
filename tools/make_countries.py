#!/usr/bin/env python3
"""Write src/warta/data/countries.yaml: every country's name in every language warta dates, from CLDR.

    python3 -m venv /tmp/babelvenv && /tmp/babelvenv/bin/pip install babel pyyaml
    /tmp/babelvenv/bin/python tools/make_countries.py > src/warta/data/countries.yaml

The names are the Unicode CLDR territory names as Babel ships them (``babel.Locale(lang).territories``),
so the build needs no Babel: the generated table is committed. The languages are those of dates.yaml
(plus Traditional Chinese); a name is cleaned the same way in every language:

- a part in brackets ("Myanmar (Burma)", "刚果（金）") and a part after " - " ("Congo - Kinshasa") is
  taken off: text names a country by its short name;
- a name that two territories share after that, in one language or in two ("Congo", "刚果"), is left out;
- a name written with a typographic apostrophe ("Côte d’Ivoire") is also listed with a plain one;
- in a language written with a space between syllables (Vietnamese), a name of one syllable (one word of at
  most five letters) is left out:
  "Áo" (Austria) is also "shirt", "Pháp" (France) "law", "Đức" (Germany) "virtue"; "Trung Quốc" is kept;
- a name of a script written without spaces (scripts.UNSPACED) is found inside longer words, so a name
  of kana, Hangul, Thai, Lao, Khmer or Myanmar letters shorter than MIN_UNSPACED letters is left out
  ("タイ" is in "タイトル", "수단" means "means"); Han names of two letters are kept ("中国", "印度"):
  the story pass takes the longest name found at a place, so "印度" in "印度尼西亚" is Indonesia.
"""

from __future__ import annotations

import re
import sys

import babel
import yaml

LANGUAGES = ("ar bg bn ca cs da de el en es fa fi fr he hi hr hu id it ja ko ms nl pl pt ro ru sk sv sw ta th "
             "fil tr uk ur vi zh zh_Hant").split()  # dates.yaml's languages; Tagalog is CLDR's "fil"
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}  # unions, "outlying Oceania", unknown, pseudo-locales
MIN_UNSPACED = 3
SYLLABLES = {"vi"}  # written with a space between syllables, not words: "Áo" (Austria) is also "shirt"
HAN = re.compile("[\u2e80-\u2fdf\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
UNSPACED = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
                      "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
BRACKETS = re.compile(r"\s*[(（][^)）]*[)）]")
HEADER = """\
# Country names in every language warta dates: alias groups for the story pass (stories.py), so that
# "نيجيريا", "ナイジェリア" and "Nigeria" are one name across scripts. GENERATED from the Unicode CLDR
# territory names (Babel) by tools/make_countries.py; do not edit by hand: regenerate (see that script).
# The theme lexicons and the search index read aliases.yaml, not this table.
"""


def short(name: str) -> str:
    """The name without a part in brackets or after " - "."""
    return re.split(" [-–] ", BRACKETS.sub("", name))[0].strip()


def syllable(name: str) -> bool:
    """Whether a Vietnamese name is one syllable: one short word ("Pháp"; not "Ma-rốc", "Campuchia")."""
    return not re.search(r"[\s-]", name) and len(name) <= 5


def kept(name: str) -> bool:
    """Whether a name is long enough to be looked for inside words, when its script has no spaces."""
    if not UNSPACED.search(name) or HAN.search(name):
        return bool(name)
    return sum(c.isalpha() for c in name) >= MIN_UNSPACED


def main() -> None:
    english = babel.Locale.parse("en").territories
    codes = sorted(c for c in english if len(c) == 2 and c.isalpha() and c not in NOT_COUNTRIES)
    names: dict[str, list[str]] = {code: [] for code in codes}
    for lang in LANGUAGES:
        table = babel.Locale.parse(lang).territories
        mine = {code: short(table[code]) for code in codes if code in table}
        counts: dict[str, int] = {}
        for name in mine.values():
            counts[name] = counts.get(name, 0) + 1
        for code, name in mine.items():
            if counts[name] > 1 or not kept(name) or (lang in SYLLABLES and syllable(name)):
                continue
            for form in dict.fromkeys((name, name.replace("’", "'"))):
                if form not in names[code]:
                    names[code].append(form)
    owners: dict[str, set[str]] = {}
    for code in codes:
        for name in names[code]:
            owners.setdefault(name, set()).add(code)
    for code in codes:  # a name one language gives one country and another language another ("Congo")
        names[code] = [name for name in names[code] if len(owners[name]) == 1]
    sys.stdout.write(HEADER)
    for code in codes:
        if names[code]:
            label = yaml.safe_dump({"en": english[code]}, allow_unicode=True, default_flow_style=True, width=1000)
            listed = yaml.safe_dump(names[code], allow_unicode=True, default_flow_style=True, width=110)
            sys.stdout.write(f"\ncountry-{code.lower()}:\n  label: {label.strip()}\n  names: "
                             + listed.strip().replace("\n", "\n    ") + "\n")


if __name__ == "__main__":
    main()
