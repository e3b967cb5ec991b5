"""Print the CLDR part of warta's date tables (month names, their abbreviations, day names) for the
given languages, as dates.yaml entries.

Run with a Python that has Babel (not warta's own environment, which does not need it):

    python -m venv /tmp/babelvenv && /tmp/babelvenv/bin/pip install babel
    /tmp/babelvenv/bin/python tools/date_tables.py sr sr_Latn sl lt > /tmp/tables.yaml

The output is a starting point that is pasted into src/warta/data/dates.yaml: the forms CLDR does
not list (genitive and locative month names, inflected day names) and the relative words (Babel does not
carry CLDR's "yesterday"/"today"/"tomorrow") are added there by hand under each table, marked "by hand".
Month and day names are lower-cased; an abbreviation is listed without its dot (the patterns take one after
it), and only when it is not the full name itself.
"""

from __future__ import annotations

import sys
import unicodedata

import babel


def _clean(name: str) -> str:
    return " ".join(name.lower().split())


def _script(name: str) -> str:
    """The script of a name's first letter ("LATIN", "CYRILLIC", "GEORGIAN")."""
    letter = next((c for c in name if c.isalpha()), "")
    return unicodedata.name(letter, "").split(" ")[0]


def _add(table: dict[str, int], name: str, value: int, script: str) -> None:
    """Add a name unless it holds a digit ("1-р сар") or is of another script: Babel fills a context a
    locale lacks from another locale, and some stand-alone names came back in Latin Azerbaijani."""
    name = _clean(name)
    if name and not any(c.isdigit() for c in name) and _script(name) == script:
        table.setdefault(name, value)


def table(code: str) -> dict[str, dict[str, int]]:
    """The CLDR words of one locale ("sr", "sr_Latn", "kk")."""
    locale = babel.Locale.parse(code)
    months: dict[str, int] = {}
    abbreviations: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    script = _script(locale.months["format"]["wide"][1])
    for context in ("format", "stand-alone"):
        for number, name in locale.months[context]["wide"].items():
            _add(months, name, number, script)
        for number, name in locale.days[context]["wide"].items():
            _add(weekdays, name, number + 1, script)  # Babel counts Monday as 0; warta's tables use ISO 1..7
    for context in ("format", "stand-alone"):
        for number, name in locale.months[context]["abbreviated"].items():
            for form in (name, name.rstrip(".")):
                if _clean(form) not in months and len(form.rstrip(".")) >= 2:
                    _add(abbreviations, form.rstrip("."), number, script)
    return {"months": months, "abbreviations": abbreviations, "weekdays": weekdays}


def _quoted(word: str) -> str:
    return f'"{word}"' if any(c in word for c in " :'#-") else word


def main(codes: list[str]) -> None:
    for code in codes:
        print(f"  # {code}: CLDR {babel.__version__} (tools/date_tables.py)")
        for key, entries in table(code).items():
            if not entries:
                continue
            print(f"    {key}:")
            for word, value in entries.items():
                print(f"      {_quoted(word)}: {value}")


if __name__ == "__main__":
    main(sys.argv[1:])
