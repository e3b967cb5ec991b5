"""The record of the last build, so that a build with nothing changed does nothing at all.

After a build is published, a record goes into the cache folder: a fingerprint of everything the site
depends on, the list of files the output folder then held (path, size, modification time) and the
build's report (counts and problems). The next build first computes the fingerprint again; when it is
the same and the output folder still holds exactly the recorded files, unchanged, the build reports
what the recorded one did and neither reads an article nor renders or writes a page.

The fingerprint is a hash of the contents of every file in the input folder (whatever its name), of
warta's own code and data tables, of the templates, static files and extra data files the configuration
names, of the configuration itself (the build date included) and of the versions of the libraries that
shape the output. Anything unreadable, missing or malformed in the record means "build": the record is
a shortcut, never trusted over a build. This module must stay cheap to import: it is read before the
stages are.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from warta import __version__, load
from warta.config import SiteConfig
from warta.errors import Diagnostic
from warta.model import BuildReport

_RECORD = "last-build.json"
_FORMAT = 1
_CODE = Path(__file__).resolve().parent  # warta's modules and data tables
_LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "pyyaml", "feedgen", "langdetect", "charset-normalizer",
              "PySastrawi", "simplemma", "numpy", "pagefind", "pagefind-bin", "cbor2", "hijridate")


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of warta itself: its version, its modules and built-in data tables, and the versions of the
    libraries that shape what it makes. The article cache's keys include it too."""
    h = hashlib.sha256()
    h.update(f"warta {__version__} format {_FORMAT}\n".encode())
    for name in _LIBRARIES:
        try:
            h.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} absent\n".encode())
    _tree(h, "code", _CODE)
    return h.hexdigest()


@dataclass(frozen=True)
class Fingerprint:
    """:func:`fingerprint`'s hash, and what it saw of each input file's bytes (load.seen: their SHA-256,
    size and whether they may mark a draft), by path (the input folder joined with the file's path below
    it), so that a build reads each input once."""

    value: str
    inputs: Mapping[str, load.Hashed]


def fingerprint(config: SiteConfig) -> str:
    """A hash of everything the built site depends on."""
    return take_fingerprint(config).value


def take_fingerprint(config: SiteConfig) -> Fingerprint:
    """:func:`fingerprint`, with the hash of each input file it read."""
    h = hashlib.sha256()
    h.update(f"{code_digest()}\n{config!r}\ntoday {config.today.isoformat()}\n".encode())
    inputs: dict[str, load.Hashed] = {}
    for label, relative in (("input", config.input_dir), ("templates", config.templates_dir),
                            ("static", config.static_dir)):
        _tree(h, label, config.path(relative), inputs if label == "input" else None)
    for path in config.content_files():
        _file(h, "extra", path)
    return Fingerprint(h.hexdigest(), inputs)


def tree_digest(top: Path) -> bytes:
    """Every file below ``top``, by relative path and contents (as the fingerprint hashes it), as one digest."""
    h = hashlib.sha256()
    _tree(h, "tree", top)
    return h.digest()


def _tree(h: Any, label: str, top: Path, hashed: dict[str, load.Hashed] | None = None) -> None:
    """Every file below ``top``, by relative path and contents, in sorted order (links not followed); with
    ``hashed``, what :func:`load.seen` makes of each file's bytes goes in there too, by path."""
    h.update(f"[{label}]\n".encode())
    if not top.is_dir():
        h.update(b"missing\n")
        return
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        dirnames.sort()
        dirnames[:] = [d for d in dirnames if d != "__pycache__" and not d.startswith(".")]  # as load.py skips
        below = os.path.relpath(dirpath, top)  # strings, not Paths: 10,000 Paths and their relative_to cost 0.1 s
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            h.update(f"{name if below == '.' else f'{below}/{name}'}\0".encode("utf-8", "surrogateescape"))
            _contents(h, path, hashed)


def _file(h: Any, label: str, path: Path) -> None:
    h.update(f"[{label}] {path}\0".encode("utf-8", "surrogateescape"))
    _contents(h, str(path))


def _contents(h: Any, path: str, hashed: dict[str, load.Hashed] | None = None) -> None:
    """Hash the file at ``path`` into ``h`` (the SHA-256 of its bytes); with ``hashed``, what load.seen
    makes of its bytes goes in there, by path, unless it cannot be read."""
    try:
        if os.path.islink(path):
            h.update(f"link {os.readlink(path)}\0".encode("utf-8", "surrogateescape"))
        with open(path, "rb") as file:
            data = file.read()
    except OSError as exc:
        h.update(f"unreadable {exc.errno}\0".encode())
        return
    if hashed is None:
        h.update(hashlib.sha256(data).digest())
        return
    seen = hashed[path] = load.seen(data)
    h.update(bytes.fromhex(seen.digest))


def snapshot(output: Path) -> list[list[Any]]:
    """Every file in the output folder: relative path, size and modification time, in sorted order."""
    found: list[list[Any]] = []
    _snapshot_into(found, str(output), "")
    return found


def walk_order(path: str) -> tuple[tuple[int, str], ...]:
    """Where a relative path comes in :func:`snapshot`'s listing: a folder's files by name, then its folders
    by name (for a listing made without walking the folder: write.publish)."""
    *folders, name = path.split("/")
    return (*((1, folder) for folder in folders), (0, name))


def _snapshot_into(found: list[list[Any]], folder: str, prefix: str) -> None:
    """The files of ``folder`` (by name), then its folders', each below ``prefix``: the order of a sorted
    ``os.walk``. Paths are joined as strings: ``os.path.relpath`` per file was most of a no-change build's
    look at a big site (24,500 files: 1.1 s of 1.2)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:  # as os.walk: a folder that cannot be listed is left out
        return
    folders: list[os.DirEntry[str]] = []
    for entry in entries:
        try:
            is_folder = entry.is_dir()  # as os.walk: a link to a folder is listed as a folder, not entered
        except OSError:
            is_folder = False
        if is_folder:
            if not entry.is_symlink():
                folders.append(entry)
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:  # gone since it was listed: as os.lstat did, the build stops here
            st = os.lstat(entry.path)
        found.append([prefix + entry.name, st.st_size, st.st_mtime_ns])
    for entry in folders:
        _snapshot_into(found, entry.path, f"{prefix}{entry.name}/")


def unchanged(config: SiteConfig, print_: str) -> BuildReport | None:
    """The recorded build's report when the site is up to date with fingerprint ``print_``, else None."""
    record = _record_path(config)
    output = config.path(config.output_dir)
    if record is None or not output.is_dir():
        return None
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT or data.get("fingerprint") != print_ or data.get("output") != str(output):
            return None
        if snapshot(output) != data["files"]:
            return None
        report = data["report"]
        problems = tuple(Diagnostic(p["path"], p["line"], p["message"], p["severity"]) for p in report["problems"])
        return BuildReport(int(report["articles"]), int(report["files"]), problems, int(report["pages"]),
                           int(report["feeds"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def pages(config: SiteConfig) -> dict[str, bytes]:
    """What each page the recorded build published was made of (its pagedigest), for each page whose file
    is still as that build left it (same size and modification time); nothing when anything is amiss.

    Read it before :func:`forget`; the build compares its pages' digests with these (render.Memory).
    """
    record = _record_path(config)
    output = config.path(config.output_dir)
    if record is None or not output.is_dir():
        return {}
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT or data.get("output") != str(output):
            return {}
        made = {path: bytes.fromhex(digest) for path, digest in data.get("pages", {}).items()}
        as_left = {path: (size, mtime) for path, size, mtime in data["files"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    out: dict[str, bytes] = {}
    for path, digest in made.items():
        try:
            st = os.lstat(output / path)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) and as_left.get(path) == (st.st_size, st.st_mtime_ns):
            out[path] = digest
    return out


def record(config: SiteConfig, print_: str, built: BuildReport, pages: Mapping[str, bytes] | None = None,
           files: list[list[Any]] | None = None) -> None:
    """Remember this build (with what each of its ``pages`` was made of: path -> pagedigest); a record that
    cannot be written only costs the next build its shortcut. ``files``: the output folder's files as
    :func:`snapshot` lists them, when the writer knows them (write.publish); else the folder is listed."""
    path = _record_path(config)
    if path is None:
        return
    output = config.path(config.output_dir)
    data = {
        "format": _FORMAT,
        "fingerprint": print_,
        "output": str(output),
        "report": {
            "articles": built.articles, "files": built.files, "pages": built.pages, "feeds": built.feeds,
            "problems": [{"path": p.path, "line": p.line, "message": p.message, "severity": p.severity}
                         for p in built.problems],
        },
        "files": files if files is not None else snapshot(output),
        "pages": {path: digest.hex() for path, digest in (pages or {}).items()},
    }
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)


def forget(config: SiteConfig) -> None:
    """Drop the record (before a build changes the output, so a failed build leaves none behind)."""
    path = _record_path(config)
    if path is not None:
        path.unlink(missing_ok=True)


def _record_path(config: SiteConfig) -> Path | None:
    if not config.cache_dir:
        return None
    output = config.path(config.output_dir)
    key = hashlib.sha256(str(output).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return config.path(config.cache_dir) / f"{key}-{_RECORD}"
