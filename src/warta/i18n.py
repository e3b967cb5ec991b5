"""The user interface's words: a message catalogue (YAML) and dates written out from its tables.

Never the process locale: month names, date patterns and plural forms all come from
``data/messages.yaml``, so a build gives the same bytes on every machine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warta.errors import ConfigError
from warta.model import PublishedDate
from warta.yamlio import is_builtin, parse

CATALOGUE = Path(__file__).resolve().parent / "data" / "messages.yaml"
PLURAL_FORMS = {"none": ("other",), "one-other": ("one", "other")}
_LANGUAGE_KEYS = ("name", "locale", "plural", "months", "date_day", "date_month", "date_year")


@dataclass(frozen=True)
class Catalogue:
    """Every UI language and, per message id, its text in each of them."""

    languages: Mapping[str, Mapping[str, Any]]  # code -> name, locale, plural, months, date patterns
    language_names: Mapping[str, Mapping[str, str]]  # UI language -> article language code -> name
    messages: Mapping[str, Mapping[str, str | Mapping[str, str]]]  # "nav.home" -> language -> text or forms


@dataclass(frozen=True)
class Messages:
    """The catalogue seen in one UI language: what templates call to get their words."""

    catalogue: Catalogue
    language: str

    @property
    def locale(self) -> str:
        """The Open Graph locale, such as ``id_ID``."""
        return str(self.catalogue.languages[self.language]["locale"])

    def text(self, key: str, **values: object) -> str:
        """The message ``key``, its placeholders filled in."""
        entry = self._entry(key)
        if not isinstance(entry, str):
            raise ConfigError(f"message '{key}' counts something: call count(), not text()", _shown())
        return entry.format(**values) if values else entry

    def count(self, key: str, n: int, **values: object) -> str:
        """The message ``key`` in the plural form for ``n``, with ``{n}`` filled in."""
        entry = self._entry(key)
        if isinstance(entry, str):
            return entry.format(n=n, **values)
        rule = str(self.catalogue.languages[self.language]["plural"])
        form = "one" if rule == "one-other" and n == 1 else "other"
        return entry[form].format(n=n, **values)

    def language_name(self, code: str) -> str:
        """What this UI language calls the language ``code``; the code when it has no name for it."""
        return self.catalogue.language_names.get(self.language, {}).get(code, code)

    def month(self, year: int, month: int) -> str:
        """A month written out: ``Juni 2024``."""
        table = self.catalogue.languages[self.language]
        return str(table["date_month"]).format(month=table["months"][month - 1], year=year)

    def period(self, year: int, month: int, month_unknown: str) -> str:
        """A month written out, or for ``month`` 0 (a year's items with no known month) the message
        ``month_unknown`` with the year: the name of an archive or a timeline page."""
        return self.month(year, month) if month else self.text(month_unknown, year=year)

    def date(self, published: PublishedDate) -> str:
        """A date at its precision, written out from the table: ``19 Juni 2024``, ``Juni 2024``, ``2024``."""
        table = self.catalogue.languages[self.language]
        day = published.date
        if published.precision == "year":
            return str(table["date_year"]).format(year=day.year)
        if published.precision == "month":
            return self.month(day.year, day.month)
        return str(table["date_day"]).format(day=day.day, month=table["months"][day.month - 1], year=day.year)

    def _entry(self, key: str) -> str | Mapping[str, str]:
        try:
            return self.catalogue.messages[key][self.language]
        except KeyError:
            raise ConfigError(f"no message '{key}' in the catalogue", _shown()) from None


def load_catalogue(path: Path = CATALOGUE) -> Catalogue:
    """Read and check a message catalogue: every message must have a text in every UI language."""
    shown = _shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the message catalogue: {exc.strerror or exc}", shown) from None
    doc = parse(text, shown, error=ConfigError, builtin=is_builtin(path))
    data = doc.data if isinstance(doc.data, dict) else {}
    for key in ("languages", "language_names", "messages"):
        if not isinstance(data.get(key), dict):
            raise ConfigError(f"'{key}' must be a mapping", shown, doc.lines.get(key, 1))
    languages: dict[str, dict[str, Any]] = data["languages"]
    for code, table in languages.items():
        _check_language(code, table, shown, doc.lines.get(f"languages.{code}"))
    names = {str(k): {str(c): str(n) for c, n in (v or {}).items()} for k, v in data["language_names"].items()}
    messages: dict[str, dict[str, str | Mapping[str, str]]] = {}
    _flatten(data["messages"], "", messages, languages, shown, doc.lines)
    return Catalogue(languages, names, messages)


def _check_language(code: str, table: Any, shown: str, line: int | None) -> None:
    if not isinstance(table, dict):
        raise ConfigError(f"language '{code}' must be a mapping", shown, line)
    missing = [k for k in _LANGUAGE_KEYS if k not in table]
    if missing:
        raise ConfigError(f"language '{code}' lacks: {', '.join(missing)}", shown, line)
    if table["plural"] not in PLURAL_FORMS:
        raise ConfigError(f"language '{code}': plural must be one of {', '.join(PLURAL_FORMS)}", shown, line)
    months = table["months"]
    if not isinstance(months, list) or len(months) != 12 or not all(isinstance(m, str) for m in months):
        raise ConfigError(f"language '{code}': months must list the 12 month names", shown, line)


def _flatten(node: Mapping[str, Any], prefix: str, out: dict[str, dict[str, str | Mapping[str, str]]],
             languages: Mapping[str, Mapping[str, Any]], shown: str, lines: Mapping[str, int]) -> None:
    for name, value in node.items():
        key = f"{prefix}{name}"
        line = lines.get(f"messages.{key}")
        if not isinstance(value, dict):
            raise ConfigError(f"message '{key}' must map languages to texts", shown, line)
        if not set(value) & set(languages):  # a group of messages, not a message
            _flatten(value, key + ".", out, languages, shown, lines)
            continue
        missing = sorted(set(languages) - set(value))
        if missing:
            raise ConfigError(f"message '{key}' has no text in: {', '.join(missing)}", shown, line)
        texts: dict[str, str | Mapping[str, str]] = {}
        for code in languages:
            texts[code] = _text(value[code], key, code, str(languages[code]["plural"]), shown, line)
        out[key] = texts


def _text(value: Any, key: str, code: str, plural: str, shown: str, line: int | None) -> str | Mapping[str, str]:
    if isinstance(value, str):
        return value
    forms = PLURAL_FORMS[plural]
    if isinstance(value, dict) and all(isinstance(value.get(f), str) for f in forms):
        return {f: str(value[f]) for f in forms}
    raise ConfigError(f"message '{key}' in '{code}' must be a text or the forms {', '.join(forms)}", shown, line)


def choose_language(setting: str, article_languages: Iterable[str], catalogue: Catalogue) -> str:
    """The UI language: ``setting`` itself, or for "auto" the articles' majority language if the
    catalogue speaks it, else English. Ties go to the alphabetically first code."""
    if setting != "auto":
        if setting not in catalogue.languages:
            known = ", ".join(sorted(catalogue.languages))
            raise ConfigError(f"'language' is {setting!r}; the message catalogue has: auto, {known}", "site.yaml")
        return setting
    counts = Counter(article_languages)
    if counts:
        top = max(counts.values())
        majority = min(code for code, n in counts.items() if n == top)
        if majority in catalogue.languages:
            return majority
    return "en"


def _shown(path: Path = CATALOGUE) -> str:
    try:
        return path.relative_to(Path(__file__).resolve().parents[1]).as_posix()
    except ValueError:
        return str(path)
