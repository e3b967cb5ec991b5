"""What a page is made of, as one short digest: a page whose digest is the one recorded for the page now
published at its path need not be rendered again (see render.render_all and manifest.py).

A page's bytes are a function of its template (and every template it may include, import or extend), of
warta's code, of the values the build shares with every template (site.SitePlan.shared) and of the
page's own context. The digest covers all of them:

- every file of the templates folder (manifest.tree_digest, which the caller mixes in);
- :func:`shared_digest`: of the shared values, each one that some template of the folder names (Jinja
  parses the templates and lists the names they read from outside), each by the data it is made of:
  a value that is a function (``t``, ``date_tag``, ``themes_of``...) by the inputs the plan declares
  for it (SitePlan.shared_inputs); a function with none declared makes every page "cannot tell";
- :meth:`Digester.page`: the page's path, its template's name and its context, walked through every
  tuple, list, mapping, set and dataclass down to strings and numbers. An article counts by a key of
  everything it is made of (the article cache's key: the source file's path and bytes, warta's code,
  the settings and tables extraction reads; the themes settings it was tagged under; its slug and id),
  so an article is not walked again on each of the pages that list it.

A value of any other kind cannot be told apart from a changed one: the digest is then None and the page
is rendered. warta's code is in the code digest (manifest.code_digest) the caller mixes in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import operator
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

import jinja2
import jinja2.meta
import jinja2.nodes
from markupsafe import Markup

from warta.model import Article, Page

_SIZE = 16  # bytes of each digest: 128 bits, so no two pages of any site share one by chance
_INLINE = 96  # bytes: a tuple or dataclass written out in fewer is not hashed and kept on its own


class Undigestable(Exception):
    """A value the digest cannot follow (a function with no declared inputs, an object of unknown kind)."""


def article_key(article: Article, cache_salt: str, tagging: str) -> bytes:
    """Everything ``article`` is made of, as a digest: the source file (path and bytes), the salt of the
    article cache (warta's code, the settings and tables extraction reads), the themes settings it was
    tagged under, and its slug and id (which the build gives it among the others)."""
    text = "\n".join([cache_salt, tagging, article.source, article.digest, article.slug, article.id])
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=_SIZE).digest()


def template_names(env: jinja2.Environment) -> frozenset[str] | None:
    """Every name some template of ``env``'s folder reads from outside itself (its context or the
    globals) or calls as a filter or test. Jinja templates cannot reach a global without naming it, so
    a global no template names cannot change a page. None (every name may be read) when a template
    cannot be parsed (the build will report the error)."""
    names: set[str] = set()
    probe = env.overlay()
    probe.globals = {}  # Jinja leaves out of the names read those the environment has as globals
    for name in env.list_templates():
        try:
            source = env.loader.get_source(env, name)[0] if env.loader is not None else ""
            tree = probe.parse(source)
        except (jinja2.TemplateError, OSError, UnicodeDecodeError):
            return None
        names |= jinja2.meta.find_undeclared_variables(tree)
        names |= {node.name for node in tree.find_all((jinja2.nodes.Filter, jinja2.nodes.Test))}
    return frozenset(names)


def shared_digest(shared: Mapping[str, Any], inputs: Mapping[str, Any], read: Iterable[str] | None,
                  digester: Digester) -> bytes:
    """The shared values templates read (``read``; None: all), each by its inputs when it has declared
    ones, else by its value.

    Raises Undigestable when a value read is a function with no declared inputs, or of an unknown kind.
    """
    wanted = set(read) if read is not None else set(shared)
    parts = []
    for name in sorted(shared):
        if name not in wanted:
            continue
        value = inputs[name] if name in inputs else shared[name]
        parts.append(name.encode() + b"=" + digester.of(value))
    return hashlib.blake2b(b"\n".join(parts), digest_size=_SIZE).digest()


class Digester:
    """Digests values; articles by their keys; each dataclass instance and long sequence once.

    What it has digested is kept alive with its digest, so no other object can take its identity."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}
        self._fields: dict[type, Any] = {}

    @classmethod
    def for_articles(cls, keys: Iterable[tuple[Article, bytes]]) -> Digester:
        """A digester that takes each of these articles by its key (see :func:`article_key`), and the parts
        of an article that pages show apart from it (its themes and their passages, its blocks, its date
        and language) by its key and their place in it: they are what the article is made of too.

        A single block or passage is small and walked as any value: keying each of the 370,000 of 10,000
        articles cost more than walking the few that pages show."""
        digester = cls()
        parts: dict[int, tuple[object, bytes]] = {}
        shared: set[int] = set()  # parts of more than one article (an empty tuple...): walked as any value

        def part(value: object, token: bytes) -> None:
            if id(value) in parts:
                shared.add(id(value))
            parts[id(value)] = (value, token)

        for article, key in keys:
            part(article, b"A" + key)
            for name, value in ((b"p", article.published), (b"l", article.language), (b"b", article.blocks),
                                (b"t", article.themes)):
                if value is not None:
                    part(value, b"@%s.%s;" % (key, name))
            for i, match in enumerate(article.themes):
                part(match, b"@%s.t%d;" % (key, i))
                part(match.evidence, b"@%s.t%d.e;" % (key, i))
        digester._memo.update((ident, found) for ident, found in parts.items() if ident not in shared)
        return digester

    def clear(self) -> None:
        """Forget every value digested (and let it go): articles and their parts too."""
        self._memo.clear()

    def page(self, page: Page, base: bytes) -> bytes | None:
        """The digest of ``page`` on top of ``base`` (what every page shares: code, templates, shared
        values); None when some value of its context cannot be digested."""
        try:
            return self.of((base, page.path, page.template, page.context))
        except Undigestable:
            return None

    def of(self, value: Any) -> bytes:
        """The digest of ``value`` (Undigestable when it holds something that cannot be followed)."""
        out: list[bytes] = []
        self._feed(value, out)
        return hashlib.blake2b(b"".join(out), digest_size=_SIZE).digest()

    def _feed(self, value: Any, out: list[bytes]) -> None:
        kind = type(value)
        if kind is str or kind is Markup:
            data = value.encode("utf-8", "surrogatepass")
            out.append(b"%s%d:" % (b"s" if kind is str else b"m", len(data)))
            out.append(data)
        elif value is None or kind is bool:
            out.append(b"N" if value is None else b"T" if value else b"F")
        elif kind is int:
            out.append(b"i%d;" % value)
        elif kind is float:
            out.append(b"f" + repr(value).encode() + b";")
        elif kind is tuple or kind is list:
            if len(value) > 4:
                out.append(self._memoised(value, self._sequence))
            else:
                self._sequence(value, out)
        elif kind is dict:
            out.append(b"{%d:" % len(value))
            for key, item in value.items():
                self._feed(key, out)
                self._feed(item, out)
            out.append(b"}")
        elif id(value) in self._memo:
            out.append(self._memo[id(value)][1])
        elif kind in self._fields or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
            out.append(self._memoised(value, self._dataclass))
        elif kind is bytes:
            out.append(b"b%d:" % len(value))
            out.append(value)
        elif kind is frozenset or kind is set:
            out.append(b"<%d:" % len(value) + b"".join(sorted(self.of(item) for item in value)) + b">")
        elif kind is dt.date or kind is dt.datetime:
            out.append(b"d" + value.isoformat().encode() + b";")
        elif isinstance(value, PurePath):
            self._feed(("path", str(value)), out)
        elif isinstance(value, Mapping):
            self._feed(("mapping", kind.__qualname__, dict(value)), out)
        else:
            raise Undigestable(f"cannot digest a {kind.__qualname__}")

    def _items(self, items: Iterable[Any], out: list[bytes]) -> None:
        """:meth:`_feed` of each of ``items``, strings, numbers and None written out here (the most of
        them: a call each was a third of the time)."""
        append = out.append
        memo = self._memo
        for item in items:
            kind = type(item)
            if kind is str:
                data = item.encode("utf-8", "surrogatepass")
                append(b"s%d:" % len(data))
                append(data)
            elif kind is int:
                append(b"i%d;" % item)
            elif item is None:
                append(b"N")
            elif kind is bool:
                append(b"T" if item else b"F")
            else:
                found = memo.get(id(item))
                if found is not None and kind is not tuple and kind is not list and kind is not dict:
                    append(found[1])
                else:
                    self._feed(item, out)

    def _memoised(self, value: Any, walk: Any) -> bytes:
        found = self._memo.get(id(value))
        if found is not None:
            return found[1]
        out: list[bytes] = []
        walk(value, out)
        data = b"".join(out)
        if len(data) <= _INLINE:  # a small value (a paragraph's place...) is cheaper written out than hashed and kept
            return data
        digest = b"#" + hashlib.blake2b(data, digest_size=_SIZE).digest()
        self._memo[id(value)] = (value, digest)
        return digest

    def _sequence(self, value: Any, out: list[bytes]) -> None:
        out.append(b"(%d:" % len(value) if type(value) is tuple else b"[%d:" % len(value))
        self._items(value, out)
        out.append(b")")

    def _dataclass(self, value: Any, out: list[bytes]) -> None:
        kind = type(value)
        known = self._fields.get(kind)
        if known is None:
            names = tuple(f.name for f in dataclasses.fields(value))
            fields = operator.attrgetter(*names) if len(names) > 1 else (  # every field at once
                lambda instance: tuple(getattr(instance, name) for name in names))
            known = self._fields[kind] = (fields, f"D{kind.__module__}.{kind.__qualname__}(".encode())
        out.append(known[1])
        self._items(known[0](value), out)
        out.append(b")")
