"""The story pass's cache: what it keeps is found again only with the same warta and tables, a corrupt file
is ignored, an edit rewrites one bucket, and a rebuild makes the data files a fresh build makes."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from conftest import project
from eval_events import load_labelled
from warta import cache, dates, pipeline, stories, storycache, timeline
from warta.config import load_config


def test_a_kept_value_is_found_with_the_same_tables_only(tmp_path: Path) -> None:
    kept = storycache.StoryCache(tmp_path / "story")
    kept.store("part", "tables-1", {"a": 1})
    assert kept.load("part", "tables-1", dict) == {"a": 1}
    assert kept.load("part", "tables-2", dict) is None  # made with other tables
    assert kept.load("part", "tables-1", list) is None  # not the kind asked for
    assert kept.load("other", "tables-1", dict) is None
    storycache.StoryCache(tmp_path / "story", writable=False).store("part", "tables-1", {"a": 2})
    assert kept.load("part", "tables-1", dict) == {"a": 1}


@pytest.mark.parametrize("damage", ["truncated", "a byte changed", "not an entry"])
def test_a_corrupt_file_is_ignored(tmp_path: Path, damage: str) -> None:
    kept = storycache.StoryCache(tmp_path / "story")
    kept.store("part", "t", {"a": 1})
    path = tmp_path / "story" / "part"
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[:-5])
    elif damage == "a byte changed":
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    else:
        path.write_bytes(b"garbage")
    assert kept.load("part", "t", dict) is None


def test_an_edit_rewrites_only_the_bucket_of_what_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = storycache.StoryCache(tmp_path / "story")
    first = {k: ("value", k) for k in range(40)}
    kept.store_buckets("dates", "t", first)
    before = kept.load_buckets("dates", "t", tuple)
    assert before == first
    written: list[str] = []
    store = cache.store_entry
    monkeypatch.setattr(cache, "store_entry", lambda path, magic, value: (written.append(Path(path).name),
                                                                           store(path, magic, value)))
    kept.store_buckets("dates", "t", dict(before), before)
    assert written == []  # the very values it found: nothing to write
    kept.store_buckets("dates", "t", {**before, 17: ("new", 17)}, before)
    assert written == [f"dates-{17 % 16:x}"]
    assert kept.load_buckets("dates", "t", tuple)[17] == ("new", 17)
    kept.store_buckets("dates", "t", {k: v for k, v in before.items() if k != 3}, before)
    assert written[1:] == [f"dates-{3:x}"] and 3 not in kept.load_buckets("dates", "t", tuple)


def _data(root: Path) -> dict[str, object]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted((root / "_site" / "data").glob("*.json"))}


@pytest.mark.parametrize("damage", [False, True])
def test_a_rebuild_after_an_edit_makes_the_data_a_fresh_build_makes(tmp_path: Path, damage: bool) -> None:
    root = project(tmp_path / "site")
    pipeline.build(load_config(root))
    kept = root / ".warta-cache" / "story"
    assert (kept / "events").is_file()
    seed = sorted((root / "seeds").glob("*.txt"))[1]
    seed.write_text(seed.read_text(encoding="utf-8") + "\nBanjir besar melanda Seoul pada 3 Maret 2024, kata "
                    "warga setempat kepada wartawan.\n", encoding="utf-8")
    if damage:
        for path in kept.iterdir():
            path.write_bytes(path.read_bytes()[:100])
    pipeline.build(load_config(root))
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("_site", ".warta-cache"))
    pipeline.build(load_config(fresh))
    assert _data(root) == _data(fresh)


def test_dates_kept_beside_the_columns_of_another_build_are_not_taken(tmp_path: Path) -> None:
    articles, _ = load_labelled()
    rules = stories.load_rules()
    _, state = timeline.merged_events(articles, dates.load_words(), rules.kinds, rules.merge, rules.text)
    assert state is not None and state.dates
    kept = storycache.StoryCache(tmp_path / "story")
    kept.store("events", "t", dataclasses.replace(state, dates={}))
    kept.store_buckets("events-by-date", "t", state.dates)
    found = stories._kept_events(kept, "t")
    assert found is not None and found.dates == state.dates
    # two builds at once: one's columns, the other's dates
    kept.store("events", "t", dataclasses.replace(state, dates={}, made={g: "another" for g in state.made}))
    found = stories._kept_events(kept, "t")
    assert found is not None and found.dates == {}
