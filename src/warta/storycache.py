"""The story pass's intermediate results, kept from one build to the next in ``<cache_dir>/story/``.

Each part of the story pass that keeps something here stores it under a name, with a salt of warta
itself (its code and built-in tables: manifest.code_digest) and of the tables that part reads: a build
with another version or other tables finds nothing. What is kept is keyed inside by exactly the inputs
each piece depends on (timeline.EventState: each date's events by the articles that give it a sentence,
and by the weights of their words; similar.PairState: the candidate pairs by the articles' keywords, each
pair's score by the two articles' words and those words' frequencies), so a rebuild works out again only
the pieces whose inputs changed.
Each file is a cache entry (cache.store_entry): checksummed, and ignored when it does not check out or
is not the kind of value asked for. The folder is safe to delete at any time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from warta import cache, manifest

_MAGIC = b"warta-story-1\n"
_BUCKETS = 16
T = TypeVar("T")


@dataclass(frozen=True)
class StoryCache:
    """Where the story pass's pieces live, and whether this build may write there."""

    folder: Path
    writable: bool = True

    def load(self, name: str, tables: str, kind: type[T]) -> T | None:
        """What was stored as ``name`` with these ``tables`` (a digest of the tables it was made with) and
        this warta; None when there is none, or it does not check out, or it is not a ``kind``."""
        found = cache.load_entry(self.folder / name, _MAGIC)
        if isinstance(found, tuple) and len(found) == 2 and found[0] == _salt(tables) and isinstance(found[1], kind):
            return found[1]
        return None

    def store(self, name: str, tables: str, value: object) -> None:
        """Keep ``value`` as ``name``, made with ``tables``; a folder that cannot be written is not used."""
        if self.writable:
            cache.store_entry(self.folder / name, _MAGIC, (_salt(tables), value))

    def load_buckets(self, name: str, tables: str, kind: type[T]) -> dict[int, T]:
        """A mapping stored by :meth:`store_buckets`; a bucket that does not check out gives nothing."""
        out: dict[int, T] = {}
        for number in range(_BUCKETS):
            found = self.load(f"{name}-{number:x}", tables, dict)
            if found is not None:
                out.update((k, v) for k, v in found.items() if isinstance(k, int) and isinstance(v, kind))
        return out

    def store_buckets(self, name: str, tables: str, value: Mapping[int, object],
                      before: Mapping[int, object] | None = None) -> None:
        """Keep ``value`` in :data:`_BUCKETS` files by key, writing again only those whose keys or values
        are not the very ones of ``before`` (what :meth:`load_buckets` gave): one edit rewrites a bucket."""
        if not self.writable:
            return
        buckets: list[dict[int, object]] = [{} for _ in range(_BUCKETS)]
        for key, item in value.items():
            buckets[key % _BUCKETS][key] = item
        old: list[dict[int, object]] = [{} for _ in range(_BUCKETS)]
        for key, item in (before or {}).items():
            old[key % _BUCKETS][key] = item
        for number, (mine, was) in enumerate(zip(buckets, old, strict=True)):
            if before is None or mine.keys() != was.keys() or any(was[k] is not v for k, v in mine.items()):
                self.store(f"{name}-{number:x}", tables, mine)


def _salt(tables: str) -> str:
    return hashlib.sha256(f"{manifest.code_digest()}\n{tables}".encode()).hexdigest()
