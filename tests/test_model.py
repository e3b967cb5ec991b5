"""The records' form: slots rather than a dict each, and pickling as their class and field values."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import pickle
import pkgutil
import sys

import pytest

import warta
from warta.model import Article, Block, Evidence, Language, PublishedDate, Record, Removed, ThemeMatch


def _records() -> list[type[Record]]:
    for info in pkgutil.iter_modules(warta.__path__):
        if info.name != "__main__":  # the command line, run on import
            importlib.import_module(f"warta.{info.name}")
    found: list[type[Record]] = []
    todo = list(Record.__subclasses__())
    while todo:
        kind = todo.pop()
        todo += kind.__subclasses__()
        # dataclass(slots=True) makes a new class: the one it was given lingers among the subclasses
        if getattr(sys.modules[kind.__module__], kind.__qualname__, None) is kind:
            found.append(kind)
    return found


def test_the_many_records_are_in_slots() -> None:
    kinds = {kind.__name__ for kind in _records()}
    assert {"Block", "Removed", "Evidence", "ThemeMatch", "Article", "Source", "Related", "Place"} <= kinds


@pytest.mark.parametrize("kind", _records(), ids=lambda kind: f"{kind.__module__}.{kind.__qualname__}")
def test_a_record_has_no_dict_of_its_own(kind: type[Record]) -> None:
    # A subclass of Record made without slots=True would get a dict again, and lose what Record is for.
    assert dataclasses.is_dataclass(kind)
    assert "__dict__" not in dir(kind) and "__weakref__" not in dir(kind)
    assert kind.__dataclass_params__.frozen


def _article() -> Article:
    blocks = (Block("heading", "Latar", 3, level=2), Block("paragraph", "Isi berita.", 5, style="quote"))
    return Article(
        id="a", slug="a", source="seeds/a.txt", format="txt", title="Judul", outlet="Kompas", site=None, url=None,
        published=PublishedDate(dt.date(2024, 6, 19), "day", "text", "Rabu (19/6/2024)"),
        language=Language("id", 0.99), credits=("Ani",), blocks=blocks,
        removed=(Removed("Baca juga: x", "related", 4),), word_count=2, reading_minutes=1, digest="d",
        themes=(ThemeMatch("treaty", 2.5, (Evidence(1, ("perjanjian",), blocks[1].text),)),),
        extra={"tag": [1, 2]}, front_matter_lines={"title": 2})


def test_records_pickle_as_their_class_and_field_values() -> None:
    article = _article()
    again = pickle.loads(pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL))  # noqa: S301 - our own bytes
    assert again == article and type(again) is Article
    assert again.blocks[1].style == "quote" and again.themes[0].evidence[0].text == "Isi berita."
    assert again.themes[0].evidence[0].text is again.blocks[1].text  # one string, as pickle keeps shared objects
    kind, values = article.blocks[0].__reduce__()
    assert kind is Block and values == ("heading", "Latar", 3, 2, None, None)
    assert Evidence(1, ("x",), "t").__reduce__() == (Evidence, (1, ("x",), "t"))


def test_a_record_stays_frozen() -> None:
    block = Block("paragraph", "Isi.", 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        block.text = "lain"  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        block.extra = 1  # type: ignore[attr-defined]
    assert dataclasses.replace(block, text="lain") == Block("paragraph", "lain", 1)
