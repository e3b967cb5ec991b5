"""The public JSON data files: ``data/articles.json`` and friends.

Every file is the compact encoding of one document (:func:`dump`), but the large ones are not made as one
tree of objects: parts are encoded on their own and put together as text (an object's encoding is its
keys' encodings in order, so a part spliced in where its key goes gives the same bytes), and an article's
own parts come from the cache when it was built before (fragments.py). Tests hold each file to the
document encoded whole.
"""

from __future__ import annotations

import html
import io
import json
import json.encoder
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from warta import __version__, urls
from warta.model import Article, Block, Evidence, PublishedDate, Removed, ThemeMatch
from warta.stories import StoryAnalysis, story_fields

SCHEMA_VERSION = 2  # 2: compact JSON; theme evidence names its block and terms, not the block's text again


def articles_json(articles: Sequence[Article], story: StoryAnalysis | None = None,
                  records: Iterable[bytes] | None = None) -> bytes:
    """Every record, in the published order, as stable UTF-8 JSON: :func:`articles_chunks` put together."""
    return joined(articles_chunks(articles, story, records))


def articles_chunks(articles: Sequence[Article], story: StoryAnalysis | None = None,
                    records: Iterable[bytes] | None = None) -> Iterator[bytes]:
    """data/articles.json in chunks, each made as it is taken (a build writes them as they come).

    ``story`` (the story pass's result) adds each article's story, shared passages and related articles.
    ``records`` are the articles' :func:`record_part` as an earlier build made them (see fragments.py), in
    the order of ``articles`` and taken one at a time; without them each is made here. Each record is
    encoded on its own and the story fields spliced in after it (:func:`parts_chunks`): the whole document
    never stands as one tree of objects, which the garbage collector kept walking at 10,000 articles.
    """
    extra = story_fields(story) if story is not None else {}
    encode = _encoder().encode
    empty = encode({"story": None, "shared_passages": [], "related": []})[1:].encode()
    head = {"generator": {"name": "warta", "version": __version__}, "schema": SCHEMA_VERSION}
    parts = records if records is not None else (record_part(a) for a in articles)

    def chunks() -> Iterator[bytes]:
        # {**record, **fields} encodes as the record without its closing brace, a comma, and the fields
        # without their opening brace: the two share no key, and the encoder writes keys in their order.
        for i, (a, record) in enumerate(zip(articles, parts, strict=True)):
            if i:
                yield b","
            yield record
            yield b"," + (encode(extra[a.id])[1:].encode() if a.id in extra else empty)

    return parts_chunks(head, "articles", chunks(), document=True)


def record_part(a: Article) -> bytes:
    """The article's record (:func:`article_record`) encoded as data/articles.json has it, but for its
    closing brace: its story fields follow."""
    return _encoder().encode(article_record(a))[:-1].encode()


def dump_parts(head: Mapping[str, Any], key: str, chunks: Iterable[bytes], document: bool = False) -> bytes:
    """The encoding of ``{**head, key: [...]}`` whose list comes encoded, as ``chunks`` (the commas between
    its items included); ``key`` must not be one of ``head``'s. A ``document`` ends as :func:`dump` ends."""
    return joined(parts_chunks(head, key, chunks, document))


def parts_chunks(head: Mapping[str, Any], key: str, chunks: Iterable[bytes], document: bool = False,
                 ) -> Iterator[bytes]:
    """:func:`dump_parts` in chunks: its opening, each of ``chunks`` as it comes, its closing."""
    encode = _encoder().encode
    yield (encode(dict(head))[:-1] + ("," if head else "") + encode(key) + ":[").encode()
    yield from chunks
    yield b"]}\n" if document else b"]}"


def joined(chunks: Iterable[bytes]) -> bytes:
    """``chunks`` put together, each copied in as it comes, so chunks made one at a time (or let go of as
    they are taken) never stand beside the whole, as they would in a list for ``bytes.join``: at 10,000
    articles data/articles.json's records and their join were 200 MB of the build's peak. (BytesIO hands
    over its buffer without a copy.)"""
    out = io.BytesIO()
    for chunk in chunks:
        out.write(chunk)
    return out.getvalue()


def timeline_json(story: StoryAnalysis) -> bytes:
    """data/timeline.json: :func:`timeline_chunks` put together."""
    return b"".join(timeline_chunks(story))


def timeline_chunks(story: StoryAnalysis) -> Iterator[bytes]:
    """data/timeline.json in chunks, an event's each: every event in date order, each as
    stories.event_json has it, made without the tree: :func:`dump` of
    ``{"events": [event_json(e) for e in story.events]}``.

    At 10,000 articles an event has some fifty sources, two hundred thousand in all: building a dict for
    each and having the encoder walk it took three times as long as writing each source's text straight
    (the same escaping: ``json.encoder.encode_basestring`` is what the encoder uses, per character).
    """
    text = json.encoder.encode_basestring
    opening: dict[str, str] = {}  # article id -> the opening of a source in it, up to its paragraph
    encode = _encoder().encode
    yield b'{"events":['
    for number, e in enumerate(story.events):
        # event_json's keys, the sources written below (event_json of a copy without sources would change
        # "approximate", which holds when every source is approximate)
        head = encode({"id": e.id, "date": e.iso(), "precision": e.precision, "approximate": e.approximate,
                       "kind": e.kind, "text": e.text, "themes": list(e.themes), "sources": []})
        yield f'{"," if number else ""}{head[:-2]}'.encode()  # "sources" is the last key: "]}" ends head
        sources = []
        for s in e.sources:
            start = opening.get(s.article_id)
            if start is None:
                start = opening[s.article_id] = f'{{"article":{text(s.article_id)},"paragraph":'
            # each source as UTF-8 on its own: one "…" in a text would widen every string joined with it
            sources.append(f'{start}{s.block_index},"text":{text(s.text)},"date_text":{text(s.mention)}}}'.encode())
        yield b",".join(sources) + b"]}"
    yield b"]}\n"


def timelinejs_json(story: StoryAnalysis, articles: Sequence[Article], title: str,
                    links: Mapping[str, str] | None = None, kind_labels: Mapping[str, str] | None = None) -> bytes:
    """data/timelinejs.json: :func:`timelinejs_chunks` put together."""
    return b"".join(timelinejs_chunks(story, articles, title, links, kind_labels))


def timelinejs_chunks(story: StoryAnalysis, articles: Sequence[Article], title: str,
                      links: Mapping[str, str] | None = None, kind_labels: Mapping[str, str] | None = None,
                      ) -> Iterator[bytes]:
    """The events in Knight Lab TimelineJS's JSON format (data/timelinejs.json), in chunks, an event's each.

    ``links`` maps an article id to the URL of its page; a source then links to ``#p-<paragraph>``.
    Publication dates are left out: TimelineJS shows what happened, not when it was written.

    The document is written as text, not built as a tree (tests hold it to the tree encoded whole). An
    event's text lists its sources, each a link to its paragraph named by its article's title: the
    title and the link are escaped (for HTML, then for JSON) once per article, not once per source, and
    the text is written as JSON straight (JSON escapes character by character, so the escaped whole is
    the escaped parts put together).
    """
    text = json.encoder.encode_basestring
    by_id = {a.id: a for a in articles}
    labels = kind_labels or {}
    items: dict[str, tuple[str, str | None]] = {}  # article id -> a source item's text before and after
    encode = _encoder().encode
    start = encode({"title": {"text": {"headline": html.escape(title), "text": ""}}, "events": []})
    yield start[:-2].encode()  # "events" is the last key: "]}" ends start
    first = True
    for e in story.events:
        if e.kind == "publication":
            continue
        date: dict[str, Any] = {"year": e.date.year}
        if e.precision != "year":
            date["month"] = e.date.month
        if e.precision == "day":
            date["day"] = e.date.day
        body = [text(f"<p>{html.escape(e.text)}</p><ul>")[:-1]]
        for s in e.sources:
            item = items.get(s.article_id)
            if item is None:
                item = items[s.article_id] = _source_item(s.article_id, by_id.get(s.article_id), links)
            body.append(f"{item[0]}{s.block_index}{item[1]}" if item[1] is not None else item[0])
        body.append('</ul>"}}')
        head = encode({"unique_id": e.id, "start_date": date, "display_date": e.iso(),
                       "group": labels.get(e.kind, e.kind),
                       "text": {"headline": html.escape(_headline(e.text)), "text": ""}})
        # the text is the last key of the last object: '""}}'
        yield (("" if first else ",") + head[:-4] + "".join(body)).encode()
        first = False
    yield b"]}\n"


def _headline(text: str, words: int = 12) -> str:
    parts = text.lstrip("… ").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _source_item(article_id: str, article: Article | None, links: Mapping[str, str] | None) -> tuple[str, str | None]:
    """A source's item in a TimelineJS text, JSON-escaped: the part before its paragraph number and the
    part after it, or the whole item and None when its article has no link."""
    text = json.encoder.encode_basestring
    name = html.escape(article.title if article else article_id)
    url = (links or {}).get(article_id)
    if not url:
        return text(f"<li>{name}</li>")[1:-1], None
    return text(f'<li><a href="{html.escape(url)}#p-')[1:-1], text(f'">{name}</a></li>')[1:-1]


def dump(doc: Any) -> bytes:
    """JSON as warta writes it: compact (no indent: Python's C encoder, several times faster than the
    pure-Python one ``indent`` forces), keys in the order the record lists them, UTF-8, a final newline."""
    return (_encoder().encode(doc) + "\n").encode("utf-8")


def theme_entry(a: Article, m: ThemeMatch) -> dict[str, Any]:
    """The article as one of its theme's articles in data/themes.json."""
    return {
        "id": a.id,
        "url": urls.pretty(urls.article_path(a)),
        "score": round(m.score, 2),
        "manual": m.manual,
        "evidence": evidence(m.evidence),
    }


def theme_parts(a: Article) -> tuple[bytes, ...]:
    """The article's :func:`theme_entry` for each of its themes (in its order), encoded."""
    encode = _encoder().encode
    return tuple(encode(theme_entry(a, m)).encode() for m in a.themes)


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
