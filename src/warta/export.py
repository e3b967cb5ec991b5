"""The public JSON data files: ``data/articles.json`` and friends."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from warta import __version__, urls
from warta.model import Article, Block, Evidence, PublishedDate, Removed

SCHEMA_VERSION = 2  # 2: compact JSON; theme evidence names its block and terms, not the block's text again


def articles_json(articles: Sequence[Article], story: Any = None) -> bytes:
    """Every record, in the published order, as stable UTF-8 JSON.

    ``story`` (stories.StoryAnalysis) adds each article's story, shared passages and related articles.
    """
    extra = _story_fields(story) if story is not None else {}
    empty: dict[str, Any] = {"story": None, "shared_passages": [], "related": []}
    doc = {
        "generator": {"name": "warta", "version": __version__},
        "schema": SCHEMA_VERSION,
        "articles": [{**article_record(a), **extra.get(a.id, empty)} for a in articles],
    }
    return dump(doc)


def _story_fields(story: Any) -> dict[str, dict[str, Any]]:
    """Each article's story fields, indexed once over all passages (not once per article)."""
    out: dict[str, dict[str, Any]] = {}

    def fields(article_id: str) -> dict[str, Any]:
        if article_id not in out:
            out[article_id] = {"story": story.story_of.get(article_id), "shared_passages": [], "related": []}
        return out[article_id]

    for p in story.passages:
        seen: set[str] = set()
        for o in p.occurrences:
            if o.article_id in seen:
                continue
            seen.add(o.article_id)
            fields(o.article_id)["shared_passages"].append({
                "id": p.id, "paragraph": o.block_index, "text": o.text, "words": o.words,
                "with": [{"article": x.article_id, "paragraph": x.block_index} for x in p.occurrences
                         if x.article_id != o.article_id],
            })
    for article_id, found in story.related.items():
        fields(article_id)["related"] = [
            {"article": r.article_id, "reasons": list(r.reasons), "story": r.story, "passages": len(r.passages),
             "themes": list(r.themes), "similarity": r.similarity} for r in found]
    for article_id in story.story_of:
        fields(article_id)
    return out


def dump(doc: Any) -> bytes:
    """JSON as warta writes it: compact (no indent: Python's C encoder, several times faster than the
    pure-Python one ``indent`` forces), keys in the order the record lists them, UTF-8, a final newline."""
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


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
