"""The article cache: reused when nothing changed, ignored when stale or corrupt, never written by check."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from langdetect import DetectorFactory

from conftest import SEEDS, inodes, make_config
from warta import cache, extract, language, load, manifest, pipeline, topics
from warta.config import DataConfig, SiteConfig, ThemesConfig


def config(tmp_path: Path, **changes: object) -> SiteConfig:
    seeds = tmp_path / "seeds"
    if not seeds.exists():
        shutil.copytree(SEEDS, seeds)
    return make_config(tmp_path, seeds, **{"cache_dir": str(tmp_path / "cache"), **changes})


def entries(folder: Path) -> list[Path]:
    """The cached articles (not the tables beside them)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.parent.name != "tables")


def test_a_second_analysis_reads_every_article_from_the_cache(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = config(tmp_path)
    first = pipeline.analyse(cfg, store=True)
    assert len(entries(tmp_path / "cache")) == 5

    def refuse(*args: object) -> None:
        raise AssertionError("extract.article ran although every article was cached")

    monkeypatch.setattr(extract, "article", refuse)
    monkeypatch.setattr(topics, "tag_one", refuse)  # their themes are cached too
    with monkeypatch.context() as patched:  # nor langdetect's JSON profiles: their table is kept too
        patched.setattr(DetectorFactory, "load_profile", refuse)
        patched.setattr(language, "_made_table", refuse)
        again = pipeline.analyse(cfg, store=True)
    assert again.articles == first.articles and again.problems == first.problems
    assert any(a.language.source == "detected" for a in again.articles)
    assert any(a.themes for a in again.articles)


def test_a_cached_article_is_not_read_as_text_and_keeps_its_decoding_warnings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = config(tmp_path)
    seed = sorted((tmp_path / "seeds").iterdir())[1]
    seed.write_bytes(seed.read_bytes() + "\nSatu kalimat terakhir dengan é".encode()[:-1])  # truncated UTF-8
    first = pipeline.analyse(cfg, store=True)
    warning = f"seeds/{seed.name}:" + str(len(seed.read_bytes().split(b"\n")))
    assert any(str(p).startswith(warning) and "truncated UTF-8" in str(p) for p in first.problems)

    def refuse(*args: object) -> None:
        raise AssertionError("a file was decoded although its article was cached")

    monkeypatch.setattr(load, "decode", refuse)
    with monkeypatch.context() as patched:  # nor langdetect's JSON profiles: their table is kept too
        patched.setattr(DetectorFactory, "load_profile", refuse)
        patched.setattr(language, "_made_table", refuse)
        again = pipeline.analyse(cfg, store=True)
    assert again.articles == first.articles and again.problems == first.problems
    assert any(a.language.source == "detected" for a in again.articles)


def test_a_changed_lexicon_or_threshold_tags_again_without_extracting(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = config(tmp_path)
    pipeline.analyse(cfg, store=True)
    lexicon = tmp_path / "themes.yaml"
    lexicon.write_text("themes:\n  rudal:\n    label: {id: Rudal, en: Missiles}\n"
                       "    description: {id: Rudal., en: Missiles.}\n"
                       "    strong:\n      id: [rudal, senjata]\n", encoding="utf-8")
    changes = [ThemesConfig(threshold=9.0), ThemesConfig(lexicon=str(lexicon))]
    fresh = {repr(t): pipeline.analyse(dataclasses.replace(cfg, cache_dir=None, themes=t)) for t in changes}
    tagged: list[object] = []
    real_tag = topics.tag_one

    def counting(*args: object, **kwargs: object) -> object:
        tagged.append(args[0])
        return real_tag(*args, **kwargs)  # type: ignore[arg-type]

    def refuse(*args: object) -> None:
        raise AssertionError("extract.article ran although only the lexicon changed")

    monkeypatch.setattr(extract, "article", refuse)
    monkeypatch.setattr(topics, "tag_one", counting)
    for themes in changes:
        changed = dataclasses.replace(cfg, themes=themes)
        del tagged[:]
        assert pipeline.analyse(changed, store=True).articles == fresh[repr(themes)].articles
        assert len(tagged) == 5
        del tagged[:]
        assert pipeline.analyse(changed, store=True).articles == fresh[repr(themes)].articles
        assert not tagged  # and stored: the next build with this lexicon tags nothing
    lexicon.write_text(lexicon.read_text(encoding="utf-8").replace("senjata", "nuklir"), encoding="utf-8")
    del tagged[:]
    pipeline.analyse(dataclasses.replace(cfg, themes=changes[1]), store=True)
    assert len(tagged) == 5  # the lexicon file's bytes are in the key, not only its name


def test_an_edited_file_is_extracted_again(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    pipeline.analyse(cfg, store=True)
    seed = sorted((tmp_path / "seeds").iterdir())[2]
    seed.write_text(seed.read_text(encoding="utf-8").replace("Barat", "Timur", 1), encoding="utf-8")
    titles = {a.source: a.title for a in pipeline.analyse(cfg, store=True).articles}
    assert titles[f"seeds/{seed.name}"].startswith("Timur Ketar-ketir")
    assert len(entries(tmp_path / "cache")) == 5  # the entry of the file as it was is gone


def test_the_cache_keeps_only_the_entries_of_this_builds_files(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    folder = tmp_path / "cache"
    pipeline.analyse(cfg, store=True)
    first = set(entries(folder))
    older = folder / "ab" / ("ab" + "0" * 62)  # an entry of another version of warta or of the tables
    older.parent.mkdir(exist_ok=True)
    older.write_bytes(b"warta-cache-2\n")
    others = [folder / "ab" / "notes.txt", folder / "search" / ("ab" + "1" * 62), folder / ("c" * 64),
              folder / "ab" / ("cd" + "2" * 62)]  # not entries: no key, outside a bucket, in another's bucket
    for path in others:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"kept")
    gone = sorted((tmp_path / "seeds").iterdir())[0]
    gone.unlink()

    checked = pipeline.analyse(cfg)  # warta check writes nothing and removes nothing
    assert len(checked.articles) == 4 and set(entries(folder)) == first | {older, *others}

    again = pipeline.analyse(cfg, store=True)
    assert len(again.articles) == 4
    left = set(entries(folder))
    assert older not in left and all(path in left for path in others)
    assert len(left - set(others)) == 4 and left - set(others) < first
    assert pipeline.analyse(cfg, store=True).articles == again.articles


def test_a_changed_table_or_build_date_gives_new_keys(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    doc = load.read_sources(tmp_path / "seeds", tmp_path, cfg.max_file_bytes).documents[0]
    base = cache.open_cache(cfg)
    extra = tmp_path / "boilerplate.yaml"
    extra.write_text("rules: []\n", encoding="utf-8")
    with_extra = cache.open_cache(dataclasses.replace(cfg, data=DataConfig(boilerplate=str(extra))))
    later = cache.open_cache(dataclasses.replace(cfg, build_date=cfg.today.replace(year=cfg.today.year + 1)))
    assert base and with_extra and later
    assert len({base.key(doc), with_extra.key(doc), later.key(doc)}) == 3


def test_a_corrupt_entry_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    first = pipeline.analyse(cfg, store=True)
    for entry in entries(tmp_path / "cache"):
        data = entry.read_bytes()
        entry.write_bytes(data[:-20] + b"x" * 20)  # flipped payload bytes: the checksum no longer fits
    assert pipeline.analyse(cfg, store=True).articles == first.articles
    (entries(tmp_path / "cache")[0]).write_bytes(b"")  # truncated to nothing
    assert pipeline.analyse(cfg, store=True).articles == first.articles


def test_check_reads_the_cache_but_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = config(tmp_path)
    unstored, _ = pipeline.check(cfg)
    assert not (tmp_path / "cache").exists()  # no cache yet: check does not start one

    report = pipeline.build(cfg)
    assert not report.errors, report.errors
    stored = inodes(tmp_path / "cache")
    # five articles, besides the build's record, the three tables (langdetect's profiles too), the search
    # index's one shard and its record, the articles' parts of the data files and their letters for the
    # report and their alias names for the search index (fragments.py),
    # what the story pass keeps (storycache.py: the dated sentences' columns, the
    # features checked, events by date, the similar pairs' candidates and scores) and the templates compiled,
    # with the names they read (render.Compiled)
    shards = [name for name in stored if name.startswith("search/")]
    parts = [name for name in stored if name.startswith("data/")]
    story = [name for name in stored if name.startswith("story/")]
    compiled = [name for name in stored if name.startswith("templates/")]  # render.Compiled
    assert compiled and all(name.split("/")[2].split("-")[0] in {"code", "names"} for name in compiled)
    assert sorted(name for name in stored if name.startswith("tables/")) == [
        "tables/extraction", "tables/language-profiles", "tables/lexicon"]
    whole = {"story/events", "story/features", "story/similar"}
    assert whole < set(story)
    assert all(name.startswith("story/events-by-date-") for name in set(story) - whole)
    assert len([name for name in stored if not name.endswith("last-build.json") and name not in shards + parts
                + story + compiled and not name.startswith("tables/")]) == 5
    assert sorted(shards)[-1] == "search/pages" and len(shards) == 2
    assert {name.split("-")[0] for name in parts} == {"data/articles", "data/themes", "data/letters", "data/names"}
    site = inodes(tmp_path / "_site")

    def refuse(*args: object) -> None:
        raise AssertionError("extract.article ran although the build had cached every article")

    monkeypatch.setattr(extract, "article", refuse)
    analysis, _ = pipeline.check(cfg)
    assert analysis.articles == unstored.articles and analysis.problems == unstored.problems
    assert inodes(tmp_path / "cache") == stored and inodes(tmp_path / "_site") == site


def test_the_cache_can_be_turned_off(tmp_path: Path) -> None:
    cfg = config(tmp_path, cache_dir=None)
    pipeline.analyse(cfg, store=True)
    assert cache.open_cache(cfg) is None and not (tmp_path / "cache").exists()


def test_the_events_file_is_part_of_the_key_since_extraction_does_per_article_story_work(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    doc = load.read_sources(tmp_path / "seeds", tmp_path, cfg.max_file_bytes).documents[0]
    events = tmp_path / "events.yaml"
    events.write_text("rules:\n  max_event_words: 30\n", encoding="utf-8")
    named = dataclasses.replace(cfg, data=DataConfig(events=str(events)))
    before = cache.open_cache(named)
    events.write_text("rules:\n  max_event_words: 20\n", encoding="utf-8")
    after = cache.open_cache(named)
    base = cache.open_cache(cfg)
    assert before and after and base
    assert len({base.key(doc), before.key(doc), after.key(doc)}) == 3
    named_features = extract.article(doc, extract.load_tables(named), named).story_features
    base_features = extract.article(doc, extract.load_tables(cfg), cfg).story_features
    assert named_features is not None and base_features is not None
    assert named_features.basis != base_features.basis


def test_a_change_to_wartas_own_code_gives_new_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = make_config(tmp_path, SEEDS)
    before = cache._salt(config)
    code = tmp_path / "code"
    shutil.copytree(manifest._CODE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(manifest, "_CODE", code)
    manifest.code_digest.cache_clear()
    try:
        assert cache._salt(config) == before  # the same code elsewhere: the same keys
        clean = code / "clean.py"
        clean.write_text(clean.read_text(encoding="utf-8") + "\n# a changed rule\n", encoding="utf-8")
        manifest.code_digest.cache_clear()
        assert cache._salt(config) != before  # entries made by the old code are never found
    finally:
        manifest.code_digest.cache_clear()


def test_the_tables_are_parsed_once_and_made_again_when_what_they_are_made_of_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = config(tmp_path)
    first = pipeline.analyse(cfg, store=True)
    tables = tmp_path / "cache" / "tables"
    assert sorted(p.name for p in tables.iterdir()) == ["extraction", "language-profiles", "lexicon"]
    for entry in entries(tmp_path / "cache"):
        entry.unlink()  # every article extracted again, with the tables from the cache

    def refuse(*args: object) -> None:
        raise AssertionError("a table was loaded although it was cached")

    real_tables, real_lexicon = extract.load_tables, topics.load_lexicon
    monkeypatch.setattr(extract, "load_tables", refuse)
    monkeypatch.setattr(topics, "load_lexicon", refuse)
    with monkeypatch.context() as patched:  # nor langdetect's JSON profiles: their table is kept too
        patched.setattr(DetectorFactory, "load_profile", refuse)
        patched.setattr(language, "_made_table", refuse)
        again = pipeline.analyse(cfg, store=True)
    assert again.articles == first.articles and again.problems == first.problems
    assert any(a.language.source == "detected" for a in again.articles)
    # An extra table, a lexicon file or a corrupt entry: loaded again.
    loaded: list[str] = []
    monkeypatch.setattr(extract, "load_tables", lambda c: loaded.append("tables") or real_tables(c))
    monkeypatch.setattr(topics, "load_lexicon", lambda t, r: loaded.append("lexicon") or real_lexicon(t, r))
    extra = tmp_path / "boilerplate.yaml"
    extra.write_text("rules: []\n", encoding="utf-8")
    lexicon = tmp_path / "themes.yaml"
    lexicon.write_text("themes:\n  rudal:\n    label: {id: Rudal, en: Missiles}\n"
                       "    description: {id: Rudal., en: Missiles.}\n"
                       "    strong:\n      id: [rudal, senjata]\n", encoding="utf-8")
    pipeline.analyse(dataclasses.replace(cfg, data=DataConfig(boilerplate=str(extra))))
    assert loaded == ["tables", "lexicon"]  # the extra tables are in the salt, which is in every table's key
    pipeline.analyse(dataclasses.replace(cfg, themes=ThemesConfig(lexicon=str(lexicon))))
    assert loaded == ["tables", "lexicon", "lexicon"]
    (tables / "extraction").write_bytes((tables / "extraction").read_bytes()[:-10] + b"x" * 10)
    assert pipeline.analyse(cfg, store=True).articles == first.articles and loaded[3:] == ["tables"]
    assert pipeline.analyse(cfg, store=True).articles == first.articles and loaded[4:] == []  # stored again
