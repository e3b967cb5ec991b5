"""A cache of extracted articles, keyed by everything an extraction depends on.

The key of one entry is a hash of the input file's bytes and path, of warta itself (its version, its
code and built-in data tables and the versions of the libraries it uses: manifest.code_digest), of the
settings that extraction reads and of the extra data tables site.yaml names (the events file among
them: extraction also does the story pass's per-article work). A change to any of these gives a new
key, so a stale entry is never found. Each entry carries a checksum of its payload: a corrupt or
truncated entry is ignored and rebuilt, never trusted. The folder is safe to delete at any time; a build
keeps in it only the entries of its own input files (:meth:`ArticleCache.prune`).

An entry also keeps the themes the article was tagged with, under a key of its own for the theme lexicon
and threshold (:func:`tagging_key`): a rebuild with the same lexicon takes them as they are, a changed
lexicon tags again (and stores the new themes) without extracting again.
The data tables a build loads (the extraction tables, the theme lexicon) are kept in ``tables/`` under
the same salt (:meth:`ArticleCache.table`), so an unchanged project parses no YAML table.
Besides write.py (the site), only the caches in this folder write files: this one, search.py's shards,
fragments.py's encoded parts of the data files and manifest.py's build record.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from warta import manifest
from warta.config import SiteConfig
from warta.model import Article, ThemeMatch


class Source(Protocol):
    """What names an input file's entry: its path as shown and the SHA-256 of its bytes (a RawDocument, or a
    load.SourceFile before it is read as text)."""

    @property
    def path(self) -> str: ...

    @property
    def digest(self) -> str: ...


@dataclass(frozen=True)
class Entry:
    """What the cache holds for one input file: the extracted article (untagged) and, when known, the
    themes it was tagged with under the lexicon and threshold that ``tagging`` names."""

    article: Article
    tagging: str | None = None
    themes: tuple[ThemeMatch, ...] = ()

    def tagged(self, tagging: str) -> Article | None:
        """The article with its themes, when they were found with the lexicon and threshold ``tagging``."""
        if self.tagging != tagging:
            return None
        return dataclasses.replace(self.article, themes=self.themes)

_MAGIC = b"warta-cache-2\n"
_TABLE = b"warta-table-1\n"
T = TypeVar("T")
_DIGEST = 32  # sha256 bytes before the payload


@dataclass(frozen=True)
class ArticleCache:
    """Where entries live and the part of every key that is the same for the whole build."""

    folder: Path
    salt: str
    writable: bool = True

    def key(self, doc: Source) -> str:
        """The entry name for one input file."""
        return hashlib.sha256(f"{self.salt}\n{doc.path}\n{doc.digest}".encode()).hexdigest()

    def _path(self, doc: Source) -> str:
        key = self.key(doc)
        return os.path.join(self.folder, key[:2], key)  # not a Path: joining 10,000 of those cost 0.15 s

    def get(self, doc: Source) -> Entry | None:
        """The cached entry for ``doc``, or None when there is none or it does not check out."""
        entry = load_entry(self._path(doc), _MAGIC)
        return entry if isinstance(entry, Entry) and isinstance(entry.article, Article) else None

    def put(self, doc: Source, entry: Entry) -> None:
        """Store ``entry`` for ``doc``; a cache that cannot be written is simply not used."""
        if self.writable:
            store_entry(self._path(doc), _MAGIC, entry)

    def prune(self, keep: Iterable[Source]) -> int:
        """Remove every entry but those of ``keep`` (this build's input files); how many were removed.

        Without it the folder only grows: each edit leaves the article's previous entry behind, and each
        new version of warta or of a data table a whole generation of them (at 10,000 articles, 2 GB after
        a few dozen builds of changing code). Only entry files are removed (named by a key, in the folders
        named by its first two digits): the tables, the search shards, the data files' parts and any other
        file are left alone. A file that cannot be removed stays; the next build tries again.
        """
        wanted = {self.key(doc) for doc in keep}
        removed = 0
        try:
            folders = [e for e in os.scandir(self.folder) if _is_bucket(e.name) and e.is_dir(follow_symlinks=False)]
        except OSError:
            return 0
        for folder in folders:
            try:
                entries = [e for e in os.scandir(folder.path) if _is_key(e.name, folder.name) and e.name not in wanted]
            except OSError:
                continue
            for entry in entries:
                try:
                    os.unlink(entry.path)
                    removed += 1
                except OSError:
                    pass
        return removed

    def table(self, name: str, kind: type[T], make: Callable[[], T], *depends: str) -> T:
        """``make()``, a build's data table (the extraction tables, the theme lexicon), made from warta's
        code and built-in tables and the extra tables site.yaml names (all in the salt) and ``depends``:
        taken from ``tables/<name>`` in the folder when made from the same, else made (and stored there,
        in place of the one made from other inputs). Parsing the YAML tables cost 0.7 s of CPU a build.
        Only what ``make`` returned is ever stored: a table that fails to load raises as it always has.
        """
        key = hashlib.sha256("\n".join([self.salt, name, *depends]).encode()).hexdigest()
        path = self.folder / "tables" / name
        found = load_entry(path, _TABLE)
        if isinstance(found, tuple) and len(found) == 2 and found[0] == key and isinstance(found[1], kind):
            return found[1]
        made = make()
        if self.writable:
            try:
                store_entry(path, _TABLE, (key, made))
            except (pickle.PicklingError, TypeError, AttributeError):  # holds a function or a lock: loaded each build
                pass
        return made


_HEX = frozenset("0123456789abcdef")


def _is_bucket(name: str) -> bool:
    return len(name) == 2 and set(name) <= _HEX


def _is_key(name: str, bucket: str) -> bool:
    return len(name) == 64 and name.startswith(bucket) and set(name) <= _HEX


def load_entry(path: Path | str, magic: bytes) -> object | None:
    """The object stored at ``path`` by :func:`store_entry` with this ``magic``; None when there is none, or
    it is another kind of entry, or its checksum does not fit (corrupt, truncated), or it does not unpickle."""
    try:
        with open(path, "rb") as file:
            data = memoryview(file.read())  # slices of it copy nothing
    except OSError:
        return None
    head, digest, payload = data[: len(magic)], data[len(magic): len(magic) + _DIGEST], data[len(magic) + _DIGEST:]
    if head != magic or hashlib.sha256(payload).digest() != digest:
        return None
    try:
        value: object = pickle.loads(payload)  # noqa: S301 - our own entry, its checksum verified above
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError, ValueError):
        return None
    return value


def store_entry(path: Path | str, magic: bytes, value: object) -> None:
    """Store ``value`` at ``path``: ``magic``, the SHA-256 of the pickle, the pickle, written to a temporary
    file and renamed, so a reader finds a whole entry or none. A folder that cannot be written is not used."""
    path = Path(path)
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(magic + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)


def open_cache(config: SiteConfig, writable: bool = True) -> ArticleCache | None:
    """The article cache for this build, or None when the configuration turns it off."""
    if not config.cache_dir:
        return None
    return ArticleCache(config.path(config.cache_dir), _salt(config), writable)


def _salt(config: SiteConfig) -> str:
    """Everything besides the file itself that an extracted article depends on: warta's code, built-in
    tables and libraries (manifest.code_digest), the settings extraction reads and the extra data tables."""
    parts = [manifest.code_digest(), config.today.isoformat(), config.default_language, str(config.max_file_bytes)]
    for path in config.data_files():
        try:
            parts.append(f"{path}:{hashlib.sha256(path.read_bytes()).hexdigest()}")
        except OSError:
            parts.append(f"{path}:missing")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def tagging_key(config: SiteConfig) -> str:
    """A key for what tagging depends on besides the article and warta itself (whose code and built-in
    lexicon are in every entry's key already): the themes settings and the lexicon file they name."""
    parts = [repr(config.themes)]
    if config.themes.lexicon:
        path = config.path(config.themes.lexicon)
        try:
            parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
        except OSError:
            parts.append("missing")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
