"""The public data files: articles.json encoded record by record is the document encoded whole."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SEEDS, make_config
from warta import export, pipeline, stories


def test_a_list_encoded_item_by_item_is_the_whole_document_encoded() -> None:
    head = {"generator": {"name": "wärta", "version": "1"}, "schema": 2, "none": None}
    items = [{"title": "Banjir di “Jakarta” — 1 €", "n": 1.5, "list": [1, [2, {}]], "empty": []}, "x", 3, None]
    for h in (head, {}):
        for i in (items, []):
            assert export.dump_list(h, "articles", iter(i)) == export.dump({**h, "articles": i})


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
