"""The public data files: articles.json encoded record by record is the document encoded whole."""

from __future__ import annotations

import dataclasses
import html
import json
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from conftest import SEEDS, make_config
from warta import __version__, export, pipeline, stories
from warta.model import Article


def test_a_list_of_items_encoded_apart_is_the_whole_document_encoded() -> None:
    head = {"generator": {"name": "wärta", "version": "1"}, "schema": 2, "none": None}
    items = [{"title": "Banjir di “Jakarta” — 1 €", "n": 1.5, "list": [1, [2, {}]], "empty": []}, "x", 3, None]
    for h in (head, {}):
        for i in (items, []):
            parts = b",".join(export.dump(item).removesuffix(b"\n") for item in i)
            assert export.dump_parts(h, "articles", iter([parts]), document=True) == export.dump({**h, "articles": i})
            assert export.dump_parts(h, "articles", [parts]) + b"\n" == export.dump({**h, "articles": i})


def test_articles_json_is_every_record_with_its_story_fields(tmp_path: Path) -> None:
    analysis = pipeline.analyse(make_config(tmp_path, SEEDS))
    story = stories.analyse(analysis.articles, pipeline.dates.load_words(), analysis.story_rules)
    fields = stories.story_fields(story)
    data = json.loads(export.articles_json(analysis.articles, story))
    assert data["schema"] == export.SCHEMA_VERSION and list(data) == ["generator", "schema", "articles"]
    assert [a["id"] for a in data["articles"]] == [a.id for a in analysis.articles]
    first = analysis.articles[0]
    assert data["articles"][0] == json.loads(json.dumps({**export.article_record(first), **fields[first.id]}))
    assert any(a["shared_passages"] for a in data["articles"])


HARD = 'Kata "kutip", garis \\ miring, tab\t, baris\nbaru, \x01, <b>&amp;</b> — “Jakarta” 🌧 \u2028'


def _hard_story(analysis: pipeline.Analysis) -> stories.StoryAnalysis:
    """The seeds' story with text that JSON and HTML must escape in every field a data file writes, a source
    of an article that is not among the articles, and a publication event (TimelineJS leaves those out)."""
    story = stories.analyse(analysis.articles, pipeline.dates.load_words(), analysis.story_rules)
    assert story.events and story.events[0].sources
    events = [dataclasses.replace(e, text=HARD + e.text, sources=tuple(
        dataclasses.replace(s, text=s.text + HARD, mention=HARD) for s in e.sources)) for e in story.events]
    first = events[0]
    gone = dataclasses.replace(first.sources[0], article_id="gone-" + HARD)
    events.append(dataclasses.replace(first, id="extra", sources=(gone, *first.sources), themes=("a", HARD)))
    events.append(dataclasses.replace(first, id="pub", kind="publication"))
    return dataclasses.replace(story, events=tuple(events))


def test_the_timeline_files_are_their_documents_encoded(tmp_path: Path) -> None:
    analysis = pipeline.analyse(make_config(tmp_path, SEEDS))
    story = _hard_story(analysis)
    articles = [dataclasses.replace(a, title=HARD + a.title) for a in analysis.articles]
    assert export.timeline_json(story) == export.dump({"events": [stories.event_json(e) for e in story.events]})
    links = {a.id: f"https://x.test/{a.slug}/?a=1&b=\"{HARD}\"" for a in articles[1:]}  # the first has none
    for given in (links, None):
        assert export.timelinejs_json(story, articles, HARD, given, {"reported": HARD}) == export.dump(
            _timelinejs_document(story, articles, HARD, given, {"reported": HARD}))


def _timelinejs_document(analysis: stories.StoryAnalysis, articles: list[Article], title: str,
                         links: dict[str, str] | None, kind_labels: dict[str, str]) -> dict[str, Any]:
    """The TimelineJS file as one tree, built the plain way: what export.timelinejs_json writes as text."""
    by_id = {a.id: a for a in articles}
    out = []
    for e in analysis.events:
        if e.kind == "publication":
            continue
        date: dict[str, Any] = {"year": e.date.year}
        if e.precision != "year":
            date["month"] = e.date.month
        if e.precision == "day":
            date["day"] = e.date.day
        items = []
        for s in e.sources:
            a = by_id.get(s.article_id)
            name = html.escape(a.title if a else s.article_id)
            url = (links or {}).get(s.article_id)
            items.append(f'<li><a href="{html.escape(url)}#p-{s.block_index}">{name}</a></li>' if url
                         else f"<li>{name}</li>")
        words = e.text.lstrip("… ").split()
        headline = " ".join(words[:12]) + (" …" if len(words) > 12 else "")
        out.append({"unique_id": e.id, "start_date": date, "display_date": e.iso(),
                    "group": kind_labels.get(e.kind, e.kind),
                    "text": {"headline": html.escape(headline),
                             "text": f"<p>{html.escape(e.text)}</p><ul>{''.join(items)}</ul>"}})
    return {"title": {"text": {"headline": html.escape(title), "text": ""}}, "events": out}


def test_articles_json_from_parts_made_before_is_the_same_file(tmp_path: Path) -> None:
    analysis = pipeline.analyse(make_config(tmp_path, SEEDS))
    articles = [dataclasses.replace(a, title=HARD + a.title) for a in analysis.articles]
    story = stories.analyse(articles, pipeline.dates.load_words(), analysis.story_rules)
    whole = export.dump({"generator": {"name": "warta", "version": __version__}, "schema": export.SCHEMA_VERSION,
                         "articles": [{**export.article_record(a), **stories.story_fields(story).get(
                             a.id, {"story": None, "shared_passages": [], "related": []})} for a in articles]})
    assert export.articles_json(articles, story) == whole
    assert export.articles_json(articles, story, [export.record_part(a) for a in articles]) == whole
    assert export.articles_json(articles, None) == export.dump({**json.loads(whole), "articles": [
        {**export.article_record(a), "story": None, "shared_passages": [], "related": []} for a in articles]})


def test_a_data_file_made_of_parts_never_holds_them_all_beside_itself() -> None:
    """data/articles.json is made of each article's encoded record (99 MB at 10,000 articles): each is
    copied into the file as it comes and let go of, not joined at the end with all of them still held."""
    size, count = 50_000, 200

    def records() -> Iterator[bytes]:
        for i in range(count):
            yield (b"," if i else b"") + b'"' + b"x" * size + b'"'

    tracemalloc.start()
    try:
        data = export.dump_parts({"a": 1}, "k", records(), document=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert json.loads(data) == {"a": 1, "k": ["x" * size] * count}
    assert peak < 1.3 * len(data)  # the file, and the parts were held beside it: twice


def test_the_build_hands_its_big_data_files_to_the_writer_in_chunks(tmp_path: Path) -> None:
    """data/articles.json, timeline.json, timelinejs.json and themes.json come as chunks made as they are
    written (at 10,000 articles they are 99, 35, 33 and 15 MB, each held whole before it was written; the
    themes' three times over, its parts joined and joined again), the same bytes."""
    cfg = make_config(tmp_path, SEEDS, cache_dir=None)
    analysis = pipeline.analyse(cfg)
    whole = {f.path: f.data for f in pipeline.render_site(analysis, cfg).files}
    chunked = {}
    for file in pipeline.site_files(analysis, cfg, pipeline.Tally()):
        if file.path.startswith("data/"):
            chunked[file.path] = (file.data, file.chunks is not None, file.whole())
    big = {"data/articles.json", "data/timeline.json", "data/timelinejs.json", "data/themes.json"}
    assert {path for path, (data, chunks, _) in chunked.items() if chunks and not data} == big
    assert {path: got for path, (_, _, got) in chunked.items()} == {p: d for p, d in whole.items() if p in chunked}
    assert json.loads(whole["data/articles.json"])["articles"]


def test_the_builds_cached_records_are_let_go_as_they_are_encoded() -> None:
    parts: list[tuple[bytes, ...]] = [(zlib.compress(b"a"),), (zlib.compress(b"b"),), (zlib.compress(b"c"),)]
    taken = pipeline._inflated(parts)
    assert next(taken) == b"a" and parts[0] == () and len(parts[1]) == 1
    assert list(taken) == [b"b", b"c"] and parts == [(), (), ()]
