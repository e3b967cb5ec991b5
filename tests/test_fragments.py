"""The articles' parts of the data files kept between builds: taken again only under the same key, made
again when the key is new or the file of parts does not check out, written only by a writable store."""

from __future__ import annotations

import dataclasses
import zlib
from pathlib import Path

import pytest

from conftest import project
from warta import cache, export, fragments, pipeline
from warta.config import load_config


def keys(*names: str) -> list[bytes]:
    return [name.encode().ljust(16, b".") for name in names]


class Maker:
    """Parts made from the key's text, counting what it was asked for."""

    def __init__(self, wanted: list[bytes], tag: str = "") -> None:
        self.wanted = wanted
        self.tag = tag
        self.made: list[int] = []

    def __call__(self, index: int) -> fragments.Parts:
        self.made.append(index)
        return (self.wanted[index] + self.tag.encode(), b"")


def test_parts_are_made_once_then_taken_as_stored(tmp_path: Path) -> None:
    store = fragments.Store(tmp_path)
    wanted = keys(*"abcdefghijklmnopqrst")  # more keys than files: some share one
    first = Maker(wanted)
    assert store.parts("articles", wanted, first) == [(k, b"") for k in wanted]
    assert sorted(first.made) == list(range(len(wanted)))

    again = Maker(wanted, tag="!")  # what a maker would give now is not what was stored: the stored is taken
    assert store.parts("articles", wanted, again) == [(k, b"") for k in wanted] and again.made == []
    other = Maker(wanted, tag="?")  # another data file's parts are its own
    assert store.parts("themes", wanted, other) == [(k + b"?", b"") for k in wanted]


def test_a_new_key_is_made_and_a_key_gone_is_forgotten(tmp_path: Path) -> None:
    store = fragments.Store(tmp_path)
    old = keys("a", "b", "c")
    store.parts("articles", old, Maker(old))
    new = keys("a", "B", "c")  # b edited: its key is another
    edited = Maker(new, tag="!")
    assert store.parts("articles", new, edited) == [(new[0], b""), (new[1] + b"!", b""), (new[2], b"")]
    assert edited.made == [1]
    back = Maker(old, tag="?")  # b's old key is gone from the files: made again, never the stale parts
    assert store.parts("articles", old, back)[1] == (old[1] + b"?", b"")


def test_a_file_that_does_not_check_out_is_not_trusted(tmp_path: Path) -> None:
    store = fragments.Store(tmp_path)
    wanted = keys("a", "b")
    store.parts("articles", wanted, Maker(wanted))
    for path in tmp_path.iterdir():
        data = path.read_bytes()
        path.write_bytes(data[:-3] + b"xyz")  # the payload changed: its checksum no longer fits
    remade = Maker(wanted, tag="!")
    assert store.parts("articles", wanted, remade) == [(k + b"!", b"") for k in wanted]
    assert sorted(remade.made) == [0, 1]
    for path in tmp_path.iterdir():  # checked out, but not parts (another writer's entry)
        cache.store_entry(path, b"warta-fragments-1\n", {k: ("not bytes",) for k in wanted})
    assert store.parts("articles", wanted, Maker(wanted, tag="?")) == [(k + b"?", b"") for k in wanted]


def test_a_store_that_may_not_write_writes_nothing(tmp_path: Path) -> None:
    wanted = keys("a", "b")
    fragments.Store(tmp_path / "parts", writable=False).parts("articles", wanted, Maker(wanted))
    assert not (tmp_path / "parts").exists()


def _data_files(root: Path, **changes: object) -> dict[str, bytes]:
    config = dataclasses.replace(load_config(root), **changes)
    site = pipeline.render_site(pipeline.analyse(config), config)
    return {f.path: f.data for f in site.files if f.path.startswith("data/")}


def test_a_build_takes_the_parts_it_kept_and_not_those_that_do_not_check_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path / "site")
    fresh = _data_files(root, cache_dir=None)
    assert not pipeline.build(load_config(root)).errors
    kept = root / ".warta-cache" / "data"
    assert sorted({p.name.split("-")[0] for p in kept.iterdir()}) == ["articles", "letters", "names", "themes"]
    parts = dict(zip(["record_part", "theme_parts"], [export.record_part, export.theme_parts], strict=True))

    def refuse(*args: object) -> None:
        raise AssertionError("an article's parts were made again although they were kept")

    for name in parts:
        monkeypatch.setattr(export, name, refuse)
    assert _data_files(root) == fresh  # every part as kept

    for path in kept.iterdir():
        path.write_bytes(path.read_bytes()[:-1])  # truncated: its checksum no longer fits
    with pytest.raises(AssertionError, match="made again"):
        _data_files(root)
    for name, make in parts.items():
        monkeypatch.setattr(export, name, make)
    assert _data_files(root) == fresh


def test_a_build_keeps_each_articles_record_compressed(tmp_path: Path) -> None:
    """In the cache, and so in the build's memory from the first record made to the last written: at 10,000
    articles the records, made all before the first is written, were 80 MB of the build's peak."""
    root = project(tmp_path / "site")
    assert not pipeline.build(load_config(root)).errors
    stored: dict[bytes, fragments.Parts] = {}
    for path in (root / ".warta-cache" / "data").glob("articles-*"):
        found = cache.load_entry(path, b"warta-fragments-1\n")
        assert isinstance(found, dict)
        stored.update(found)
    analysis = pipeline.analyse(load_config(root))
    assert stored.keys() == set(analysis.keys)
    records = {key: export.record_part(a) for key, a in zip(analysis.keys, analysis.articles, strict=True)}
    assert {key: zlib.decompress(part) for key, (part,) in stored.items()} == records
    assert sum(len(part) for part, in stored.values()) * 2 < sum(map(len, records.values()))
