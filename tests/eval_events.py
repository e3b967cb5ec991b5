"""Event precision and recall of the story pass: ``.venv/bin/python tests/eval_events.py``.

The labelled articles are in ``tests/data/events/``: ``<name>.json`` holds the article's date, its
language, the text file it reads (``source``, relative to the repository; by default ``<name>.txt``
beside it) and every event a careful reader finds in it, each as a date, a precision, a kind and a
``quote`` that occurs in the paragraph stating it. Articles are made from the text by
:func:`article_from_text` (first paragraph the title, the others blocks), so the figures measure
the story pass alone, not extraction.

An event found counts as right when an expected event has the same date, precision and paragraph
(and wrong otherwise); ``kind_accuracy`` is over the right ones. ``merge_precision`` and
``merge_recall`` are over pairs of right sources: expected events that share a ``same`` label are
one event told by several articles and should merge; the others should not. Only pairs of articles
written in the same script count for merging: events merge on the words they share, and an article
in Cyrillic and one in Latin letters share none (telling them apart is translation, not this pass).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LABELS = HERE / "data" / "events"
sys.path.insert(0, str(ROOT / "src"))

from warta import dates, stories  # noqa: E402
from warta.model import Article, Block, Language, PublishedDate  # noqa: E402
from warta.timeline import Event  # noqa: E402


@dataclass(frozen=True)
class Expected:
    article: str
    paragraph: int
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: str
    kind: str
    same: str | None


def parse_published(value: str | None) -> PublishedDate | None:
    """``YYYY-MM-DD`` or ``YYYY-MM`` as a PublishedDate given by hand."""
    if not value:
        return None
    parts = value.split("-")
    if len(parts) == 2:
        return PublishedDate(dt.date(int(parts[0]), int(parts[1]), 1), "month", "front_matter")
    return PublishedDate(dt.date.fromisoformat(value), "day", "front_matter")


def article_from_text(ident: str, text: str, published: PublishedDate | None = None, language: str = "id",
                      source: str = "") -> Article:
    """An Article from plain text: paragraphs split on blank lines, the first one the title."""
    paragraphs = [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    title = paragraphs[0] if paragraphs else ident
    blocks = tuple(Block("paragraph", p, i + 2) for i, p in enumerate(paragraphs[1:]))
    words = sum(len(b.text.split()) for b in blocks)
    return Article(
        id=ident, slug=ident, source=source or f"{ident}.txt", format="txt", title=title, outlet=None, site=None,
        url=None, published=published, language=Language(language, 1.0, "front_matter"), credits=(),
        blocks=blocks, removed=(), word_count=words, reading_minutes=max(1, words // 200), digest=ident,
    )


def load_labelled(folder: Path = LABELS) -> tuple[list[Article], list[Expected]]:
    """The labelled articles and their expected events; a quote not found in the text is an error."""
    articles: list[Article] = []
    expected: list[Expected] = []
    for path in sorted(folder.glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        source = ROOT / label["source"] if "source" in label else path.with_suffix(".txt")
        article = article_from_text(path.stem, source.read_text(encoding="utf-8"),
                                    parse_published(label.get("published")), label.get("language", "id"))
        articles.append(article)
        for item in label["events"]:
            paragraph = _paragraph(article, item["quote"], path)
            expected.append(Expected(article.id, paragraph, item["date"], item["precision"], item["kind"],
                                     item.get("same")))
    return articles, expected


def _paragraph(article: Article, quote: str, path: Path) -> int:
    found = [i for i, b in enumerate(article.blocks) if quote in b.text]
    if len(found) != 1:
        raise ValueError(f"{path}: quote {quote!r} is in {len(found)} paragraphs, not one")
    return found[0]


def script_of(text: str) -> str:
    """The script most letters of ``text`` are written in ("LATIN", "CYRILLIC", "CJK", ...)."""
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "OTHER").split()[0]
            name = "CJK" if name in ("CJK", "HIRAGANA", "KATAKANA") else name
            counts[name] = counts.get(name, 0) + 1
    return max(sorted(counts), key=lambda k: counts[k]) if counts else "OTHER"


def score(events: Sequence[Event], expected: Sequence[Expected],
          scripts: dict[str, str] | None = None) -> dict[str, float]:
    """Precision, recall, kind accuracy and merge quality of found events against the labels.

    ``scripts``: each article's script; pairs across scripts are left out of the merge figures.
    """
    scripts = scripts or {}
    gold = {(e.article, e.paragraph, e.date, e.precision): e for e in expected}
    found: dict[tuple[str, int, str, str], Event] = {}
    for ev in events:
        for s in ev.sources:
            found.setdefault((s.article_id, s.block_index, ev.iso(), ev.precision), ev)
    right = [k for k in found if k in gold]
    kinds = sum(1 for k in right if found[k].kind == gold[k].kind)
    pairs = [(a, b) for a, b in combinations(right, 2) if scripts.get(a[0]) == scripts.get(b[0])]
    should = {frozenset((a, b)) for a, b in pairs
              if gold[a].same and gold[a].same == gold[b].same and a[2:] == b[2:]}  # same date and precision
    did = {frozenset((a, b)) for a, b in pairs if found[a] is found[b]}
    return {
        "event_precision": len(right) / len(found) if found else 1.0,
        "event_recall": len(right) / len(gold) if gold else 1.0,
        "kind_accuracy": kinds / len(right) if right else 1.0,
        "merge_precision": len(should & did) / len(did) if did else 1.0,
        "merge_recall": len(should & did) / len(should) if should else 1.0,
    }


def misses(events: Sequence[Event], expected: Sequence[Expected]) -> tuple[list[str], list[str]]:
    """The wrong events found and the expected events missed, for reading."""
    gold = {(e.article, e.paragraph, e.date, e.precision) for e in expected}
    found = {(s.article_id, s.block_index, ev.iso(), ev.precision): ev.text for ev in events for s in ev.sources}
    wrong = [f"{k}: {found[k][:100]}" for k in sorted(found) if k not in gold]
    missed = [str(k) for k in sorted(gold) if k not in found]
    return wrong, missed


def measure() -> dict[str, float]:
    """The event figures over every labelled article."""
    articles, expected = load_labelled()
    analysis = stories.analyse(articles, dates.load_words())
    return score(analysis.events, expected, scripts(articles))


def scripts(articles: Sequence[Article]) -> dict[str, str]:
    """Each article's script, by id."""
    return {a.id: script_of(" ".join(b.text for b in a.blocks)) for a in articles}


def main() -> int:
    articles, expected = load_labelled()
    analysis = stories.analyse(articles, dates.load_words())
    figures = score(analysis.events, expected, scripts(articles))
    for name, value in sorted(figures.items()):
        print(f"{name:<20} {value:.3f}")
    if "-v" in sys.argv:
        wrong, missed = misses(analysis.events, expected)
        print("\nfound, not expected:", *wrong, sep="\n  ")
        print("\nexpected, not found:", *missed, sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
