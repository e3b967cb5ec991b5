"""The public JSON data files: ``data/articles.json`` and friends."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from warta import __version__, urls
from warta.model import Article, Block, Evidence, PublishedDate, Removed
from warta.stories import StoryAnalysis, story_fields

SCHEMA_VERSION = 2  # 2: compact JSON; theme evidence names its block and terms, not the block's text again


def articles_json(articles: Sequence[Article], story: StoryAnalysis | None = None) -> bytes:
    """Every record, in the published order, as stable UTF-8 JSON.

    ``story`` (the story pass's result) adds each article's story, shared passages and related articles.
    Each record is encoded as it is made (:func:`dump_list`): at 10,000 articles, the whole document
    as one tree of objects kept the garbage collector walking it, for twice the time.
    """
    extra = story_fields(story) if story is not None else {}
    empty: dict[str, Any] = {"story": None, "shared_passages": [], "related": []}
    head = {"generator": {"name": "warta", "version": __version__}, "schema": SCHEMA_VERSION}
    return dump_list(head, "articles", ({**article_record(a), **extra.get(a.id, empty)} for a in articles))


def dump_list(head: Mapping[str, Any], key: str, items: Iterable[Any]) -> bytes:
    """:func:`dump` of ``{**head, key: list(items)}``, each item encoded as it comes: a large document
    never stands whole as objects, which the garbage collector would walk again and again."""
    encode = _encoder().encode
    start = encode(dict(head))[:-1] + ("," if head else "")
    return f'{start}{encode(key)}:[{",".join(map(encode, items))}]}}\n'.encode()


def dump(doc: Any) -> bytes:
    """JSON as warta writes it: compact (no indent: Python's C encoder, several times faster than the
    pure-Python one ``indent`` forces), keys in the order the record lists them, UTF-8, a final newline."""
    return (_encoder().encode(doc) + "\n").encode("utf-8")


def _encoder() -> json.JSONEncoder:
    return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)  # records are trees


def article_record(a: Article) -> dict[str, Any]:
    """One article as the public record documented in the README."""
    return {
        "id": a.id,
        "slug": a.slug,
        "url": urls.article_path(a).removesuffix("index.html"),
        "source_file": a.source,
        "format": a.format,
        "title": a.title,
        "outlet": a.outlet,
        "site": a.site,
        "original_url": a.url,
        "published": _published(a.published),
        "language": a.language.code,
        "language_confidence": a.language.confidence,
        "language_source": a.language.source,
        "credits": list(a.credits),
        "blocks": [_block(b) for b in a.blocks],
        "removed": [_removed(r) for r in a.removed],
        "themes": [_theme(m) for m in a.themes],
        "word_count": a.word_count,
        "reading_minutes": a.reading_minutes,
        "sha256": a.digest,
    }


def _published(p: PublishedDate | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"date": p.date.isoformat(), "precision": p.precision, "source": p.source, "evidence": p.evidence}


def _block(b: Block) -> dict[str, Any]:
    out: dict[str, Any] = {"type": b.type, "text": b.text, "line": b.line}
    if b.type == "heading":
        out["level"] = b.level
    if b.style:
        out["style"] = b.style
    return out


def _removed(r: Removed) -> dict[str, Any]:
    return {"text": r.text, "rule": r.rule, "line": r.line}


def _theme(m: Any) -> dict[str, Any]:
    return {
        "id": m.theme,
        "score": round(m.score, 2),
        "manual": m.manual,
        "evidence": evidence(m.evidence),
    }


def evidence(found: Sequence[Evidence]) -> list[dict[str, Any]]:
    """A theme's evidence as the data files give it: the block (``-1``: the title) and the terms matched
    there; the text is the block's own, in ``blocks`` of data/articles.json."""
    return [{"block": e.block, "terms": list(e.terms)} for e in found]
