"""The editor's report: what in the articles needs a person's eye, worked out from the analysis alone.

Each check names articles and why: no outlet, a date that was inferred or is missing, a language the
detector was unsure of, no theme, a very short body. Likely duplicates are articles with the same title,
the same text once case, punctuation and spacing are set aside, or (when the story pass ran) most of
one article's text found in another. The boilerplate rules that removed most lines come last, so that
an editor can see which rules carry the cleaning, and spot one that removes too much.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from warta.errors import Diagnostic
from warta.i18n import Messages
from warta.model import Article, Page, Record
from warta.similar import SharedPair
from warta.urls import PATHS, article_path

SHORT_WORDS = 100  # a body this short is a teaser, a caption, or an extraction that lost the text
LOW_CONFIDENCE = 0.9  # language detection below this is worth a look
NEAR_COPY = 0.8  # this share of one article's words found in another makes them likely duplicates
TOP_RULES = 10
CHECKS = ("no-outlet", "date-missing", "date-inferred", "low-language", "no-theme", "short")
_WORD = re.compile(r"[^\W_]+")
_COUNTED = "aeintr0"  # letters and a digit frequent in many languages: see _alike


@dataclass(frozen=True, slots=True)
class Row(Record):
    """An article as the report page lists it: its title, language, source file and page, nothing else, so
    that an edit that changes none of these leaves the page as it was (see pagedigest.py)."""

    title: str
    lang: str  # its language code
    source: str
    path: str  # of its page


@dataclass(frozen=True, slots=True)
class Entry(Record):
    """An article a check found, with the detail that shows why (a score, a count, a date)."""

    article: Article | Row  # a Row on the report page
    detail: str = ""


@dataclass(frozen=True)
class Check:
    """One kind of problem (``CHECKS``) and the articles that have it, in publication order."""

    id: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Duplicate:
    """Articles that are likely the same text: ``same-title``, ``same-text`` or ``shared-text``."""

    reason: str
    articles: tuple[Article | Row, ...]  # Rows on the report page
    share: float = 1.0  # for shared-text: the larger share of an article's words found in the other


@dataclass(frozen=True)
class RuleCount:
    """A boilerplate rule, the lines it removed and from how many articles."""

    rule: str
    lines: int
    articles: int


@dataclass(frozen=True)
class EditorReport:
    """Everything the report lists."""

    articles: int
    checks: tuple[Check, ...]
    duplicates: tuple[Duplicate, ...]
    rules: tuple[RuleCount, ...]
    problems: tuple[Diagnostic, ...]  # errors and warnings met while reading
    left_out: tuple[Diagnostic, ...] = ()  # what the build left out ("info": a draft, a file it cannot read)

    @property
    def flagged(self) -> int:
        """How many findings there are (an article in two checks counts twice)."""
        return sum(len(c.entries) for c in self.checks) + len(self.duplicates)


def review(articles: Sequence[Article], problems: Sequence[Diagnostic] = (),
           shared: Iterable[SharedPair] = (), letters: Sequence[bytes] | None = None) -> EditorReport:
    """The report for ``articles`` (newest first); ``shared`` are the story pass's shared pairs, if any;
    ``letters``: each article's :func:`letters`, as an earlier build kept them (else counted here)."""
    checks = (
        Check("no-outlet", tuple(Entry(a) for a in articles if not a.outlet)),
        Check("date-missing", tuple(Entry(a) for a in articles if a.published is None)),
        Check("date-inferred", tuple(Entry(a, a.published.iso()) for a in articles
                                     if a.published is not None and a.published.source == "inferred")),
        Check("low-language", tuple(Entry(a, f"{a.language.code} {a.language.confidence:.2f}") for a in articles
                                    if _unsure(a))),
        Check("no-theme", tuple(Entry(a) for a in articles if not a.themes)),
        Check("short", tuple(Entry(a, str(a.word_count)) for a in articles if a.word_count < SHORT_WORDS)),
    )
    return EditorReport(len(articles), checks, duplicates(articles, shared, letters), rule_counts(articles),
                        tuple(p for p in problems if p.severity != "info"),
                        tuple(p for p in problems if p.severity == "info"))


def _unsure(article: Article) -> bool:
    lang = article.language
    return lang.source == "default" or (lang.source == "detected" and lang.confidence < LOW_CONFIDENCE)


def duplicates(articles: Sequence[Article], shared: Iterable[SharedPair] = (),
               letters: Sequence[bytes] | None = None) -> tuple[Duplicate, ...]:
    """Groups of likely duplicates: same title, same normalised text, then pairs of near copies."""
    out: list[Duplicate] = []
    seen: set[frozenset[str]] = set()
    for reason, key, among in (("same-title", _title_key, articles),
                               ("same-text", _text_key, _alike(articles, letters))):
        groups: dict[str, list[Article]] = defaultdict(list)
        for a in among:
            k = key(a)
            if k:
                groups[k].append(a)
        for members in groups.values():
            ids = frozenset(a.id for a in members)
            if len(members) > 1 and ids not in seen:
                seen.add(ids)
                out.append(Duplicate(reason, tuple(members)))
    by_id = {a.id: a for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    for pair in shared:
        share = max(pair.share_a, pair.share_b)
        ids = frozenset((pair.a, pair.b))
        if share < NEAR_COPY or pair.a not in by_id or pair.b not in by_id or ids in seen:
            continue
        seen.add(ids)
        pair_members = tuple(sorted((by_id[pair.a], by_id[pair.b]), key=lambda a: order[a.id]))
        out.append(Duplicate("shared-text", pair_members, round(share, 2)))
    return tuple(out)


def _title_key(article: Article) -> str:
    return " ".join(_WORD.findall(article.title.casefold()))


def _text_key(article: Article) -> str:
    words = [w for b in article.blocks for w in _WORD.findall(b.text.casefold())]
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest() if words else ""


def _alike(articles: Sequence[Article], letters: Sequence[bytes] | None = None) -> list[Article]:
    """The articles, in their order, whose text another one may share once case, punctuation and spacing
    are set aside: those agreeing with another on how often a few letters and digits occur.

    A count of a letter or digit is the same in an article's text and in its words (:func:`_text_key`),
    so articles that differ in one cannot have the same words; counting is much cheaper than finding the
    words, which are then found only for the few articles that agree.
    """
    # Two letters first (counting is what costs, and an earlier build kept these): only the few articles
    # agreeing on both are counted again for all the letters.
    first = list(letters) if letters is not None else [letters_of(a) for a in articles]
    again = {c for c, n in Counter(first).items() if n > 1}
    counts = [tuple(map(_folded_text(a).count, _COUNTED)) if c in again else None
              for a, c in zip(articles, first, strict=True)]
    shared = {c for c, n in Counter(counts).items() if n > 1 and c is not None}
    return [a for a, c in zip(articles, counts, strict=True) if c in shared]


def letters_of(article: Article) -> bytes:
    """How often the first two of the letters :func:`_alike` counts occur in the article's text, case
    folded: what a build keeps of each article for the next one's report (fragments.py)."""
    text = _folded_text(article)
    return b"%d %d" % (text.count(_COUNTED[0]), text.count(_COUNTED[1]))


def _folded_text(article: Article) -> str:
    return "\n".join(b.text for b in article.blocks).casefold()


def rule_counts(articles: Iterable[Article], top: int = TOP_RULES) -> tuple[RuleCount, ...]:
    """The boilerplate rules that removed most lines, most first (ties by name)."""
    lines: Counter[str] = Counter()
    where: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        for r in a.removed:
            lines[r.rule] += 1
            where[r.rule].add(a.id)
    ranked = sorted(lines, key=lambda rule: (-lines[rule], rule))[:top]
    return tuple(RuleCount(rule, lines[rule], len(where[rule])) for rule in ranked)


# What `warta check` prints: English, like the rest of the command line's output.
_TITLES = {
    "no-outlet": "articles without an outlet",
    "date-missing": "articles without a date",
    "date-inferred": "articles with an inferred date",
    "low-language": f"articles whose language is uncertain (confidence below {LOW_CONFIDENCE})",
    "no-theme": "articles with no theme",
    "short": f"articles shorter than {SHORT_WORDS} words",
}
_REASONS = {"same-title": "same title", "same-text": "same text", "shared-text": "most of the text shared"}


def lines(report: EditorReport) -> list[str]:
    """The report as plain text lines for the terminal."""
    out = [f"editor's report: {_n(report.articles, 'article')}, {_n(report.flagged, 'finding')}"]
    for check in report.checks:
        if not check.entries:
            continue
        out.append(f"{_TITLES[check.id]}: {len(check.entries)}")
        out += [f"  {e.article.source}" + (f" ({e.detail})" if e.detail else "") for e in check.entries]
    if report.duplicates:
        out.append(f"likely duplicates: {len(report.duplicates)}")
        for d in report.duplicates:
            share = f" {round(d.share * 100)}%" if d.reason == "shared-text" else ""
            out.append(f"  {_REASONS[d.reason]}{share}: " + ", ".join(a.source for a in d.articles))
    if report.rules:
        out.append("boilerplate rules that removed most lines:")
        out += [f"  {r.rule}: {_n(r.lines, 'line')} in {_n(r.articles, 'article')}" for r in report.rules]
    return out


def _n(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _rows(report: EditorReport) -> EditorReport:
    """``report`` with each article as the page shows it (:class:`Row`)."""
    rows: dict[int, Row] = {}

    def row(a: Article | Row) -> Row:
        if isinstance(a, Row):
            return a
        found = rows.get(id(a))
        if found is None:
            found = rows[id(a)] = Row(a.title, a.language.code, a.source, article_path(a))
        return found

    checks = tuple(Check(c.id, tuple(Entry(row(e.article), e.detail) for e in c.entries))
                   for c in report.checks)
    duplicates = tuple(Duplicate(d.reason, tuple(row(a) for a in d.articles), d.share)
                       for d in report.duplicates)
    return EditorReport(report.articles, checks, duplicates, report.rules, report.problems, report.left_out)


def page(report: EditorReport, ui: Messages) -> Page:
    """The report page of the built site (``report/index.html``, kept out of search engines); its articles
    as :class:`Row`."""
    return Page(PATHS.report, "report.html", {"title": ui.text("report.title"), "intro": ui.text("report.intro"),
                                      "section": "report", "noindex": True, "report": _rows(report),
                                      "low_confidence": LOW_CONFIDENCE,
                                      "short_words": SHORT_WORDS})
