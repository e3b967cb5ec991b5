"""Pagefind, the search indexer, run as a binary, and the bundle it makes, in the same bytes on every run.

Pagefind runs as its own binary (PyPI ``pagefind[bin]``) in its service mode (``pagefind --service``,
the protocol its Python and Node APIs speak: base64 JSON messages ended by a comma on stdin and
stdout). The pages are sent in the order given and the bundle comes back in one message, so
nothing touches the disk. (Its Python API sleeps 0.1 s per message and cannot read an answer over
2 MiB; pointing the binary at a folder numbers the pages in the order the file system lists them,
which differs from one disk to another.) The service handles its messages one at a time, in the order
they arrive, and answers each in turn: so the pages are written by a thread while the answers are
read (:meth:`_Service.ask_all`), and Pagefind indexes one page while the next is prepared; an answer
out of turn stops the build rather than risk another page order.

Determinism: Pagefind numbers pages in the order they are added, so the word index, the fragments and
the sort orders are the same for the same pages. Its filters and sorts, and the languages of
``pagefind-entry.json``, come out of Rust hash maps in a different order on every run, and the files
that hold them are named by a hash of their content. :func:`canonical` puts those lists in order
(filter values by value, filters and sorts by name, languages by code; the page lists inside stay as
Pagefind ordered them: page numbers ascending, or the order of a sort), encodes them again, and names
each file by the hash of its new content the way Pagefind does (the first hex digits of the SHA-1 of
the CBOR, after the language). pagefind.js only fetches files by these names and never checks them.
Each data file is ``gzip("pagefind_dcd" + CBOR)``; rewritten files are gzipped with a fixed header.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import gzip
import hashlib
import json
import os
import struct
import subprocess
import tempfile
import threading
import zlib
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NoReturn

import cbor2

from warta.errors import ConfigError, OutputError

# Pagefind's ready-made UIs: the search page has its own (static/search.js), so these are not shipped.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
_TIMEOUT = 600  # seconds: far more than any index takes; a hung binary must not hang the build
_SIGNATURE = b"pagefind_dcd"  # what every Pagefind data file starts with, once gunzipped


def binary() -> Path:
    """The Pagefind binary: ``$PAGEFIND_BINARY_PATH``, else the one ``pagefind[bin]`` installed, else PATH."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise ConfigError("search needs Pagefind: install it with pip install 'pagefind[bin]'") from None
    found = get_executable()
    if found is None or not found.is_file():
        raise ConfigError("search needs the Pagefind binary: install it with pip install 'pagefind[bin]'")
    return found


@dataclass(frozen=True)
class Bundle:
    """One shard's bundle as it is written (canonical, less Pagefind's UIs) and each page's fragment."""

    files: dict[str, bytes]
    fragments: dict[str, str]  # Pagefind's id of a page (its fragment's name, ``result.id``) -> its URL


def read(made: Mapping[str, bytes]) -> Bundle:
    """What Pagefind made, as it is written: :func:`canonical`, less Pagefind's UIs, with its pages' fragments."""
    files = {path: data for path, data in canonical(made).items() if path.rsplit("/", 1)[-1] not in UNUSED}
    fragments: dict[str, str] = {}
    for path in sorted(files):
        if path.startswith("fragment/") and path.endswith(".pf_fragment"):
            try:
                url = _url_first(files[path])
                if url is None:
                    raw = gzip.decompress(files[path])
                    url = json.loads(raw[len(_SIGNATURE):])["url"] if raw.startswith(_SIGNATURE) else None
            except (OSError, EOFError, zlib.error, ValueError, KeyError, TypeError) as exc:
                raise OutputError(f"cannot read the search index: {path}: {exc}") from None
            if not isinstance(url, str):
                raise OutputError(f"cannot read the search index: {path}: not the layout of Pagefind 1.x")
            fragments[path[len("fragment/"):-len(".pf_fragment")]] = url
    return Bundle(files, fragments)


_JSON = json.JSONDecoder()  # what json.loads uses
_URL_FIRST = _SIGNATURE + b'{"url":"'  # how Pagefind 1.x starts a fragment: the page's URL is its first field


def _url_first(fragment: bytes) -> str | None:
    """The URL of a fragment that starts with it, read from the first 4 KiB unzipped; None for any other
    (or one whose URL does not end there), which is read whole.

    Unzipping and parsing whole fragments cost 86 µs a page (0.9 s of 10,000) for their first field.
    The URL is read by json's own decoder from its opening quote, so it is the string ``json.loads`` gives.
    """
    head = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS).decompress(fragment, 4096)
    if not head.startswith(_URL_FIRST):
        return None
    try:
        url, _ = _JSON.raw_decode(head.decode("utf-8"), len(_URL_FIRST) - 1)
    except ValueError:
        return None  # cut in the middle of a character, or the URL does not end in the first 4 KiB
    return url if isinstance(url, str) else None


def canonical(bundle: Mapping[str, bytes]) -> dict[str, bytes]:
    """``bundle`` (path in the bundle -> bytes) with its filters, sorts and languages in a fixed order.

    Filter files no language refers to are left out; the other files are kept as they are.
    """
    try:
        entry = json.loads(bundle["pagefind-entry.json"])
        languages: dict[str, Any] = entry["languages"]
    except (KeyError, TypeError, ValueError) as exc:
        raise OutputError(f"cannot read the search index: pagefind-entry.json: {exc}") from None
    out = {path: data for path, data in bundle.items()
           if not path.startswith("filter/") and not (path.startswith("pagefind.") and path.endswith(".pf_meta"))}
    for code in sorted(languages):
        meta_path = f"pagefind.{languages[code]['hash']}.pf_meta"
        meta = _decode(bundle, meta_path)
        if not (isinstance(meta, list) and len(meta) >= 5 and isinstance(meta[3], list) and isinstance(meta[4], list)):
            raise OutputError(f"cannot read the search index: {meta_path}: not the layout of Pagefind 1.x")
        filters: list[tuple[str, str]] = []
        for name, old in sorted(meta[3]):
            filter_path = f"filter/{old}.pf_filter"
            data = _decode(bundle, filter_path)
            if not (isinstance(data, list) and len(data) == 2 and isinstance(data[1], list)):
                raise OutputError(f"cannot read the search index: {filter_path}: not the layout of Pagefind 1.x")
            cbor = cbor2.dumps([data[0], sorted(data[1], key=lambda value: str(value[0]))])
            new = _name(code, cbor, 7, taken={f for _, f in filters})
            out[f"filter/{new}.pf_filter"] = _encode(cbor)
            filters.append((name, new))
        meta[3] = [list(f) for f in filters]
        meta[4] = sorted(meta[4], key=lambda sort: str(sort[0]))
        cbor = cbor2.dumps(meta)
        languages[code]["hash"] = _name(code, cbor, len(code) + 8, taken=set())
        out[f"pagefind.{languages[code]['hash']}.pf_meta"] = _encode(cbor)
    entry["languages"] = {code: languages[code] for code in sorted(languages)}
    out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return out


def _name(language: str, cbor: bytes, digits: int, taken: set[str]) -> str:
    """Pagefind's name for a data file: the language, ``_`` and the first hex digits of the SHA-1 of its
    CBOR (each byte as ``{:x}``, unpadded, as Pagefind writes them), longer while the name is taken."""
    full = "".join(f"{byte:x}" for byte in hashlib.sha1(cbor).digest())
    while f"{language}_{full[:digits]}" in taken and digits < len(full):
        digits += 1
    return f"{language}_{full[:digits]}"


def _decode(bundle: Mapping[str, bytes], path: str) -> Any:
    try:
        raw = gzip.decompress(bundle[path])
        if not raw.startswith(_SIGNATURE):
            raise OutputError(f"cannot read the search index: {path}: no Pagefind signature")
        return cbor2.loads(raw[len(_SIGNATURE):])
    except KeyError:
        raise OutputError(f"cannot read the search index: {path} is missing") from None
    except (OSError, EOFError, zlib.error, cbor2.CBORDecodeError) as exc:
        raise OutputError(f"cannot read the search index: {path}: {exc}") from None


def _encode(cbor: bytes) -> bytes:
    """``gzip(signature + cbor)`` with a fixed header (no time, no name), the same bytes on every run."""
    raw = _SIGNATURE + cbor
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = packer.compress(raw) + packer.flush()
    trailer = struct.pack("<II", zlib.crc32(raw), len(raw) & 0xFFFFFFFF)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + body + trailer


def make(pages: Iterable[tuple[str, bytes]], peak: AbstractContextManager[object] | None = None) -> dict[str, bytes]:
    """The bundle Pagefind makes of ``pages`` (URL, HTML), added in that order: path -> bytes.

    Pagefind's memory peaks while it makes the bundle, once every page is added: for a shard of 625
    article pages, 25 MB to 150 MB as they are added, then 300 MB to 350 MB for the second or so it
    makes the bundle, until it ends. ``peak`` (a lock shared by several makers) is held from the
    moment it is asked for the bundle until it has ended, so that the peaks of Pagefinds at work at the
    same time, and whatever else holds the lock, come one after the other, never together.
    """
    with tempfile.TemporaryFile() as log:
        try:
            process = subprocess.Popen([str(binary()), "--service"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=log)
        except OSError as exc:
            raise OutputError(f"cannot build the search index: {exc}") from None
        watchdog = threading.Timer(_TIMEOUT, process.kill)
        watchdog.start()
        try:
            service = _Service(process, log)
            index_id = service.ask({"type": "NewIndex", "config": {"keep_index_url": True}})["index_id"]
            service.ask_all({"type": "AddFile", "index_id": index_id, "file_path": None, "url": url,
                             "file_contents": html.decode("utf-8")} for url, html in pages)
            with peak or contextlib.nullcontext():
                files = service.ask({"type": "GetFiles", "index_id": index_id})["files"]
                _stop(process)  # its memory given back before another may peak (after an error: below)
        finally:
            watchdog.cancel()
            _stop(process)
    try:
        bundle = {str(f["path"]): base64.b64decode(f["content"], validate=True) for f in files}
    except (KeyError, TypeError, binascii.Error) as exc:
        raise OutputError(f"cannot build the search index: pagefind sent a malformed file: {exc}") from None
    if "pagefind.js" not in bundle:
        raise OutputError("cannot build the search index: pagefind returned no pagefind.js")
    return bundle


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.stdin is not None:
        try:
            process.stdin.close()
        except OSError:
            pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def version() -> bytes:
    """What ``pagefind --version`` prints."""
    try:
        done = subprocess.run([str(binary()), "--version"], capture_output=True, timeout=_TIMEOUT, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise OutputError(f"cannot build the search index: pagefind --version: {exc}") from None
    return done.stdout


class _Service:
    """One conversation with ``pagefind --service``: a request, then its answer, in turn."""

    def __init__(self, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
        assert process.stdin is not None and process.stdout is not None
        self._stdin, self._stdout, self._log = process.stdin, process.stdout, log
        self._process = process
        self._pending = b""
        self._last = 0

    def ask(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its answer."""
        try:
            self._send(payload)
            self._stdin.flush()
        except OSError:
            self._fail("pagefind stopped reading")
        return self._answer(self._last)

    def ask_all(self, payloads: Iterable[Mapping[str, Any]]) -> int:
        """Send every request from a writer thread while reading their answers here, in turn; how many.

        ``payloads`` is consumed in the writer thread, so whatever makes them runs while Pagefind works.
        """
        first = self._last + 1
        ready = threading.Semaphore(0)  # released once per request sent, and once when the writer stops
        failed: list[BaseException] = []

        def write() -> None:
            try:
                for payload in payloads:
                    self._send(payload)
                    self._stdin.flush()  # each request now: its answer may be awaited before the next
                    ready.release()
            except BaseException as exc:  # noqa: BLE001 - handed to the reading thread, which raises it
                failed.append(exc)
            finally:
                ready.release()

        writer = threading.Thread(target=write, name="pagefind-writer", daemon=True)
        writer.start()
        done = 0
        try:
            while True:
                ready.acquire()
                if first + done > self._last:  # the writer stopped and every request is answered
                    break
                self._answer(first + done)
                done += 1
        except BaseException:
            self._process.kill()  # the writer, if it is blocked on the pipe, stops too
            raise
        finally:
            writer.join()
        if failed and isinstance(failed[0], OSError):
            self._fail("pagefind stopped reading")
        if failed:
            raise failed[0]
        return done

    def _send(self, payload: Mapping[str, Any]) -> None:
        message = json.dumps({"message_id": self._last + 1, "payload": payload}).encode("utf-8")
        self._stdin.write(base64.b64encode(message) + b",")
        self._last += 1

    def _answer(self, expected: int) -> dict[str, Any]:
        chunks = [self._pending]
        while b"," not in chunks[-1]:
            chunk = os.read(self._stdout.fileno(), 1 << 20)
            if not chunk:
                self._fail("pagefind stopped answering")
            chunks.append(chunk)
        answer, self._pending = b"".join(chunks).split(b",", 1)
        try:
            response = json.loads(base64.b64decode(answer, validate=True))
            reply: dict[str, Any] = response["payload"]
            if reply["type"] == "Error":
                self._fail(f"pagefind: {reply.get('message', 'error')}")
            if response.get("message_id") != expected:
                self._fail(f"pagefind answered message {response.get('message_id')}, not {expected}")
        except (KeyError, TypeError, ValueError, binascii.Error):
            self._fail("pagefind sent an answer that is not base64 JSON")
        return reply

    def _fail(self, what: str) -> NoReturn:
        self._process.kill()
        self._process.wait()
        self._log.seek(0)
        said = self._log.read().decode("utf-8", "replace").strip().splitlines()
        raise OutputError(f"cannot build the search index: {what} (exit {self._process.returncode})"
                          + (f": {said[-1]}" if said else ""))
