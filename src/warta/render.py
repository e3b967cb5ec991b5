"""Render pages through Jinja (autoescape on, StrictUndefined), and article text as HTML.

One Jinja environment per build; what every page shares is set on it once as globals.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import types
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.compiler
import jinja2.runtime
from jinja2.utils import internalcode
from markupsafe import Markup, escape

from warta import cache, manifest, pagedigest, parallel, urls
from warta.config import SiteConfig
from warta.model import Article, Block, OutputFile, Page

EXCERPT_CHARS = 220
PASSAGE_CHARS = 360


def environment(templates_dir: Path, shared: Mapping[str, Any] | None = None,
                compiled: Compiled | None = None) -> jinja2.Environment:
    """A Jinja environment that escapes everything and refuses undefined names; with ``compiled``, the
    templates it compiles are kept there for the next build, and those kept are loaded without compiling."""
    env = _Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        bytecode_cache=compiled.bytecode() if compiled is not None else None,
        autoescape=jinja2.select_autoescape(disabled_extensions=("txt",), default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no need to look at each template's file at every page
    )
    env.globals.update({"article_body": article_body, "excerpt": excerpt, "highlight": highlight,
                        "json_ld": json_ld, "absolute": urls.absolute,
                        "month_path": urls.month_path, "paths": urls.PATHS})
    env.globals.update(shared or {})
    # What pages call most, also as filters (``code | lang_attr``, ``published | date_tag``...): Jinja calls
    # a filter directly and a function through the page's context, which costs about twice as much.
    env.filters.update({name: env.globals[name] for name in _FILTERS if name in env.globals})
    return env


_FILTERS = ("date_tag", "lang_attr", "related_reasons")


@dataclass(frozen=True)
class Compiled:
    """Where the templates, compiled, and the names they read (pagedigest.template_names) are kept from one
    build to the next: a folder of the cache named by warta's code digest (manifest.code_digest: this
    module's code generator and the environment's settings shape the compiled code), whose other folders,
    left by other versions of warta, are removed. Jinja keys each template by its name, file and a hash of
    its source, and ignores one that does not load. Compiling the templates and listing their names cost
    0.3-0.4 s of CPU a build.
    """

    folder: Path

    @classmethod
    def under(cls, cache_dir: Path) -> Compiled:
        top = cache_dir / "templates"
        mine = top / manifest.code_digest()[:32]
        with contextlib.suppress(OSError):  # a cache that cannot be tidied is used all the same
            for entry in os.scandir(top):
                if entry.is_dir(follow_symlinks=False) and entry.path != str(mine):
                    shutil.rmtree(entry.path, ignore_errors=True)
        return cls(mine)

    def bytecode(self) -> jinja2.BytecodeCache:
        """Jinja's cache of compiled templates, in the folder."""
        return _Bytecode(self.folder)

    def names(self, tree: bytes, make: Callable[[], frozenset[str] | None]) -> frozenset[str] | None:
        """``make()``, the names the templates read, for the templates folder whose files digest to ``tree``
        (manifest.tree_digest): as kept for it, else made (and kept, when it is not None)."""
        path = self.folder / f"names-{tree.hex()}"
        found = cache.load_entry(path, _NAMES)
        if type(found) is frozenset and all(type(name) is str for name in found):
            return found
        made = make()
        if made is not None:
            cache.store_entry(path, _NAMES, made)
        return made


_NAMES = b"warta-template-names-1\n"
_BYTECODE = b"warta-template-code-1\n"


class _Bytecode(jinja2.BytecodeCache):
    """Each compiled template a checksummed cache entry (cache.store_entry): Jinja's own files carry no
    checksum of the code, and a truncated one could fail to load as something other than a miss."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = cache.load_entry(self.folder / f"code-{bucket.key}", _BYTECODE)
        if type(found) is bytes:
            bucket.bytecode_from_string(found)  # Jinja's own checks: its version, the source's checksum

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        cache.store_entry(self.folder / f"code-{bucket.key}", _BYTECODE, bucket.bytecode_to_string())

try:  # markupsafe 3: the C function its escape() wraps in Markup
    from markupsafe import _escape_inner as _escape_text  # type: ignore[attr-defined]
except ImportError:  # an older markupsafe: its escape() is C from end to end
    def _escape_text(text: str, /) -> str:
        return str(escape(text))


def escaped(value: Any) -> str:
    """What ``{{ value }}`` writes into an autoescaped page: the same text as markupsafe's ``escape``, as a
    plain string. A page writes hundreds of values, mostly strings and Markup; ``escape`` wraps each
    result in a new Markup (through ``Markup.__new__``, written in Python), which the page only joins:
    a quarter of the time a page took to render."""
    kind = type(value)
    if kind is str:
        return _escape_text(value)
    if kind is Markup:
        return value  # type: ignore[no-any-return]
    return escape(value)


class _CodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's code generator, but each value a template outputs with autoescape on goes through
    :func:`escaped` instead of ``escape``. Nothing else of the compiled code changes."""

    def visit_Template(self, node: jinja2.nodes.Template, frame: jinja2.compiler.Frame | None = None) -> None:
        self.writeline(f"from {__name__} import escaped as _escaped")
        super().visit_Template(node, frame)

    def _output_child_pre(self, node: jinja2.nodes.Expr, frame: jinja2.compiler.Frame,
                          finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("_escaped(")
        if finalize.src is not None:
            self.write(finalize.src)


# Callables that Jinja's Context.call passes as they are: no pass_context, pass_eval_context or
# pass_environment on them or on their __call__.
_PLAIN_CALLABLES = frozenset({types.FunctionType, types.MethodType, types.BuiltinFunctionType})
# What Jinja passes a macro: the evaluation context, when its Macro.__call__ asks for it (Jinja 3.1 does).
_MACRO_ASKS = getattr(jinja2.runtime.Macro.__call__, "jinja_pass_arg", None)
_MACRO_TAKES_EVAL_CONTEXT = _MACRO_ASKS is not None and _MACRO_ASKS is getattr(
    jinja2.pass_eval_context(lambda: None), "jinja_pass_arg", None)


class _Context(jinja2.runtime.Context):
    """Jinja's context, with a shorter way to call a plain function or a macro: a page calls ``t``,
    ``url``, ``themes_of`` and its macros a hundred times and more, and Jinja looked at each callable
    three times for what to pass it (a fifth of the time a page took). Anything else goes Jinja's way."""

    @internalcode
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's own signature
        kind = type(__obj)
        if kind is jinja2.runtime.Macro and _MACRO_TAKES_EVAL_CONTEXT:
            args = (__self.eval_ctx, *args)
        elif kind not in _PLAIN_CALLABLES:
            return super().call(__obj, *args, **kwargs)
        if hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args[kind is jinja2.runtime.Macro:], **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a"
                                                " StopIteration exception")


class _Environment(jinja2.Environment):
    """A Jinja environment whose templates output values and call functions with less overhead, with the
    same bytes out (see :func:`escaped` and :class:`_Context`)."""

    code_generator_class = _CodeGenerator
    context_class = _Context

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one dict (Jinja's is a ChainMap over the environment's): every page
        copies them into its context, and a ChainMap's copy walked both maps name by name (a tenth of
        an article page's time). The environment's globals are all set before a template is loaded
        (see :func:`environment`), so a template's own copy misses none."""
        return {**self.globals, **(d or {})}


@dataclass(frozen=True)
class Memory:
    """What a build knows of the pages the previous build published, to keep those made of the same.

    ``base`` is the digest of what every page shares (warta's code, the templates, the shared values
    templates read: see pagedigest.py); ``previous`` the digest each page now published at its path was
    made of, for the published files still as that build left them.
    """

    base: bytes
    digester: pagedigest.Digester
    previous: Mapping[str, bytes]


def render_all(pages: Iterable[Page], config: SiteConfig, shared: Mapping[str, Any] | None = None,
               *, jobs: int = 0, memory: Memory | None = None, render_jobs: int | None = None,
               compiled: Compiled | None = None) -> Iterator[OutputFile]:
    """Render every page to bytes, in order; a big site's pages are shared among ``jobs`` forked processes.

    ``jobs`` 0 means every usable CPU, 1 renders in this process only. The files, their order and
    their bytes are the same however many processes render them, and so is the error a bad
    template raises. Each file is yielded as soon as it and those before it are rendered, and only a
    few dozen rendered pages are held at a time, so a caller that writes each file as it comes
    holds no more of the site than that.

    With ``memory``, each file carries its page's digest (a big site's computed by this process and a
    forked worker together, see :func:`_digests`), and a page whose digest is the one the
    published file was made of is not rendered: its file comes ``kept``, without bytes.

    ``render_jobs``: how many of the ``jobs`` processes render (the digests are computed with all), for a
    caller that keeps the other CPUs busy meanwhile; 1 renders in this process only.

    ``compiled``: the build's :meth:`Compiled.under` its cache folder, when the caller has it already
    (a build asks once: each time tidies the folder again); else found here.
    """
    every = list(pages)
    jobs = jobs or parallel.usable_cpus()
    digests = _digests(every, memory, jobs) if memory is not None else []
    if memory is not None:  # what the published pages were made of, checked before any page is rendered
        kept = {i for i, (page, digest) in enumerate(zip(every, digests, strict=True))
                if digest is not None and memory.previous.get(page.path) == digest}
        todo = [page for i, page in enumerate(every) if i not in kept]
        memory.digester.clear()  # its memo (every object walked, kept alive) is not needed to render
    else:
        kept, todo = set(), every
    if compiled is None and config.cache_dir:
        compiled = Compiled.under(config.path(config.cache_dir))
    renderer = _Renderer(environment(config.path(config.templates_dir), shared, compiled), config)
    rendering = jobs if render_jobs is None else max(1, min(jobs, render_jobs))
    if parallel.worth_forking(rendering, len(todo), _PARALLEL_FROM) and renderer.preload(todo):
        rendered: Generator[OutputFile, None, None] = _render_forked(todo, renderer, rendering)
    else:
        rendered = (OutputFile(page.path, renderer.render(page)) for page in todo)
    try:
        for i, page in enumerate(every):
            digest = digests[i] if digests else None
            if i in kept:
                yield OutputFile(page.path, b"", kept=True, digest=digest)
            else:
                file = next(rendered)
                yield file if digest is None else OutputFile(file.path, file.data, digest=digest)
    finally:
        rendered.close()  # an error or an abandoned build: the workers end now


def _digests(pages: Sequence[Page], memory: Memory, jobs: int) -> list[bytes | None]:
    """The digest of each page; a big site's computed by this process and a forked worker together.

    A page's digest is a function of its values alone (the memo only saves walking a value twice), so
    it is the same in whichever process computes it. This process takes the pages from the first on,
    the worker from the last back, each a run of neighbours, which mostly share the values the memo
    saves walking again (at 10,000 articles the last 2,000 pages, which list many articles, cost as
    much as the 11,000 before them).
    """
    def work(index: int) -> bytes | None:
        return memory.digester.page(pages[index], memory.base)

    if parallel.worth_forking(jobs, len(pages), _DIGEST_FORK_FROM):
        return parallel.from_both_ends(work, len(pages), "computing the page digests")
    return [work(index) for index in range(len(pages))]


# Fewer pages than this and their digests are computed in this process. Measured on 2 CPUs (shared with
# other work): at 1,522 pages (1,000 articles) the digests cost 0.24-0.31 s of CPU here in one process,
# 0.17-0.27 s here and 0.18-0.24 s in the worker with one; at 13,357 pages 2.35-2.5 s in one process,
# 3.0-3.6 s in the two (the worker copies the memory pages whose objects it reads, and so does this
# process, while both run).
_DIGEST_FORK_FROM = 1000


# Fewer pages than this and they are rendered in this process: forking the workers costs about
# 0.1 s of CPU time (the fork, then the pages each worker copies as it touches shared objects),
# about what rendering 60-100 pages costs, and two processes halve the rest.
_PARALLEL_FROM = 150


def _render_forked(pages: Sequence[Page], renderer: _Renderer, jobs: int) -> Generator[OutputFile, None, None]:
    """The pages rendered by this process and ``jobs - 1`` forked workers, in order, each as soon as
    those before it are.

    The workers inherit the pages and the loaded templates; only indexes go out and bytes come back.
    This process renders too, so one worker fewer is forked: a worker's memory grows by a copy of what
    it reads of the articles and pages (about 400 MB each at 10,000 articles), and the copying costs
    it CPU time as well.
    """
    def work(index: int) -> bytes | None:
        try:
            return renderer.render(pages[index])
        except jinja2.TemplateError:
            return None  # rendered again here when its turn comes, to raise the error as one process does

    rendered = parallel.ordered(work, len(pages), jobs, join_in=True)
    try:
        for page, data in zip(pages, rendered, strict=True):
            yield OutputFile(page.path, data if data is not None else renderer.render(page))
    finally:
        rendered.close()  # an error or an abandoned build: end the workers now, not when collected


class _Renderer:
    """Renders one page at a time; each template is loaded once."""

    def __init__(self, env: jinja2.Environment, config: SiteConfig) -> None:
        self.env = env
        self.config = config
        self.templates: dict[str, jinja2.Template] = {}

    def template(self, name: str) -> jinja2.Template:
        found = self.templates.get(name)
        if found is None:
            found = self.templates[name] = self.env.get_template(name)
        return found

    def preload(self, pages: Iterable[Page]) -> bool:
        """Load every template the pages use, before workers are forked, so none loads one again.

        False when one cannot be loaded: rendering in this process then raises that error at the first
        page that uses it, after the pages before it, as it always does.
        """
        try:
            for name in sorted({page.template for page in pages}):
                self.template(name)
        except jinja2.TemplateError:
            return False
        return True

    def render(self, page: Page) -> bytes:
        context: dict[str, Any] = dict(page.context)
        base_url = self.config.base_url
        rooted = bool(context.get("rooted"))
        context["page_path"] = page.path
        context["url"] = _linker(page.path, base_url, rooted)
        context["root"] = urls.rooted(base_url, "") if rooted else "../" * page.path.count("/")
        context["canonical"] = urls.absolute(base_url, page.path)
        return self.template(page.template).render(context).encode("utf-8")


def _linker(page_path: str, base_url: str, rooted: bool) -> Any:
    link = urls.links_from(page_path)

    def url(target: Any) -> str:
        if isinstance(target, Article):
            path = urls.article_path(target)
        elif isinstance(target, str):
            path = target
        else:
            path = str(target.path)
        return urls.rooted(base_url, path) if rooted else link(path)
    return url


def article_body(article: Article) -> Markup:
    """The article's blocks as HTML: headings, paragraphs, runs of quotes and list items grouped."""
    out: list[str] = []
    run: list[tuple[int, Block]] = []  # a run of quote or list paragraphs, with their block indexes

    def flush() -> None:
        if not run:
            return
        if run[0][1].style == "list":
            out.append("<ul>\n" + "".join(f'<li id="p-{i}">{_inline(b)}</li>\n' for i, b in run) + "</ul>")
        else:
            out.append("<blockquote>\n" + "".join(f'<p id="p-{i}">{_inline(b)}</p>\n' for i, b in run)
                       + "</blockquote>")
        run.clear()

    for i, b in enumerate(article.blocks):
        if b.type == "paragraph" and b.style in ("list", "quote"):
            if run and run[0][1].style != b.style:
                flush()
            run.append((i, b))
            continue
        flush()
        if b.type == "heading":
            level = min(max(b.level, 2), 4)
            out.append(f'<h{level} id="p-{i}">{_inline(b)}</h{level}>')
        else:
            out.append(f'<p id="p-{i}">{_inline(b)}</p>')
    flush()
    return Markup("\n".join(out))


def _inline(block: Block) -> Markup:
    """A block's inline content: its safe Markdown HTML when it has some, else its text escaped."""
    return Markup(block.html) if block.html is not None else escape(block.text)


def excerpt(article: Article, limit: int = EXCERPT_CHARS) -> str:
    """The opening of the article's first paragraph, cut at a word, at most ``limit`` characters."""
    text = next((b.text for b in article.blocks if b.type == "paragraph" and b.text.strip()), "")
    # Only the opening is shown: when spaces collapsed in a part of the paragraph already run past the
    # limit, that part is cut just as the whole would be (it opens the whole, collapsed), and costs less.
    opening = " ".join(text[: 2 * limit].split())
    return _cut(opening if len(opening) > limit else " ".join(text.split()), limit)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:.-–—") + "…"


def highlight(text: str, terms: Sequence[str], limit: int = PASSAGE_CHARS) -> Markup:
    """``text`` escaped, each whole-word occurrence of ``terms`` in <mark>, cut to a window round the first."""
    words = tuple(sorted({t for t in terms if t.strip()}, key=lambda t: (-len(t), t)))
    text = " ".join(text.split())
    if not words:
        return escape(_cut(text, limit))
    pattern = _whole_words(words)
    first = pattern.search(text)
    start = 0
    if first is not None and len(text) > limit and first.start() > limit // 3:
        start = text.rfind(" ", 0, first.start() - limit // 4) + 1
    window = text[start:]
    window = _cut(window, limit) if len(window) > limit else window
    lead = "…" if start else ""
    if "\x00" in window or "\x01" in window:  # the marks below cannot stand in for <mark>: one piece at a time
        out: list[str] = [lead]
        pos = 0
        for m in pattern.finditer(window):
            out.append(str(escape(window[pos:m.start()])))
            out.append(f"<mark>{escape(m.group(0))}</mark>")
            pos = m.end()
        out.append(str(escape(window[pos:])))
        return Markup("".join(out))
    # Each word between two control characters, the whole escaped at once (escaping leaves them be),
    # then the characters made tags: a theme page highlights hundreds of passages.
    marked = str(escape(pattern.sub("\x00\\g<0>\x01", window)))
    return Markup(lead + marked.replace("\x00", "<mark>").replace("\x01", "</mark>"))


@functools.lru_cache(maxsize=4096)
def _whole_words(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for any of ``words`` as a whole word, compiled once per set of terms (theme pages
    highlight the same few terms in hundreds of passages)."""
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)


def json_ld(article: Article, canonical: str, site_title: str) -> Markup:
    """schema.org NewsArticle as JSON for a <script type="application/ld+json"> (data, never run)."""
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "url": canonical,
        "mainEntityOfPage": canonical,
        "inLanguage": article.language.code,
        "wordCount": article.word_count,
        "description": excerpt(article),
    }
    if article.published is not None:
        doc["datePublished"] = article.published.iso()
    if article.outlet:
        doc["publisher"] = {"@type": "Organization", "name": article.outlet}
    if article.credits:
        doc["author"] = [{"@type": "Person", "name": c} for c in article.credits]
    if article.url:
        doc["isBasedOn"] = article.url
    doc["isPartOf"] = {"@type": "WebSite", "name": site_title}
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True)
    # "<" as \u003c: no "</script>" or "<!--" can end the element early.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
