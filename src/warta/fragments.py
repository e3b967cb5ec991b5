"""Each article's own part of a data file, encoded, kept from one build to the next.

An article's record in data/articles.json and its entries in data/themes.json depend on the article alone,
and at 10,000 articles encoding them again on every build took most of the data files' time. A build
keeps each article's encoded parts under its key (pagedigest.article_key: the source file's path and
bytes, warta's code and the settings and tables extraction reads, the themes settings, its slug and id),
so a rebuild encodes again only the articles whose key is new, and splices the rest as they were.

The parts of one data file live in :data:`_BUCKETS` files of the cache folder, an article's in the one its
key's first byte picks: a rebuild after one edit writes one of them again, not the whole. Each file is a
cache entry (cache.store_entry): checksummed, ignored when it does not check out; a part whose key is not
this build's is never found. The folder is safe to delete at any time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

from warta import cache

_MAGIC = b"warta-fragments-1\n"
_BUCKETS = 16

Parts = tuple[bytes, ...]


@dataclass(frozen=True)
class Store:
    """Where the parts live: a folder of the cache, and whether this build may write there."""

    folder: Path
    writable: bool = True

    def parts(self, name: str, keys: Sequence[bytes], make: Callable[[int], Parts]) -> list[Parts]:
        """The parts of data file ``name`` for each article by its key (``keys[i]``): as stored under that
        key, else ``make(i)``. A writable store then writes again each file of parts that does not hold
        exactly this build's (a new key, a key gone)."""
        in_bucket: list[list[int]] = [[] for _ in range(_BUCKETS)]
        for index, key in enumerate(keys):
            in_bucket[key[0] % _BUCKETS].append(index)
        found: dict[int, Parts] = {}
        for number, indexes in enumerate(in_bucket):
            path = self.folder / f"{name}-{number:x}"
            if not indexes:
                if self.writable:
                    with contextlib.suppress(OSError):  # a cache that cannot be written is simply not used
                        path.unlink(missing_ok=True)  # parts of no article of this build
                continue
            stored = _load(path)
            fresh = False
            for index in indexes:
                kept = stored.get(keys[index])
                if _well_formed(kept):
                    found[index] = kept
                else:
                    found[index] = make(index)
                    fresh = True
            wanted = {keys[index]: found[index] for index in indexes}
            if self.writable and (fresh or stored.keys() != wanted.keys()):
                cache.store_entry(path, _MAGIC, wanted)
        return [found[index] for index in range(len(keys))]


def _load(path: Path) -> dict[bytes, object]:
    """The parts stored at ``path``: empty when there are none or the file does not check out."""
    value = cache.load_entry(path, _MAGIC)
    return value if isinstance(value, dict) else {}


def _well_formed(parts: object) -> TypeGuard[Parts]:
    return type(parts) is tuple and all(type(part) is bytes for part in parts)
