"""The build, read top to bottom as the list of its stages."""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import gc
import hashlib
import queue
import threading
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from warta import (
    cache,
    dates,
    export,
    extract,
    feeds,
    fragments,
    i18n,
    language,
    load,
    manifest,
    pagedigest,
    parallel,
    render,
    report,
    search,
    site,
    stories,
    storycache,
    storypages,
    topics,
    urls,
    write,
)
from warta.config import SiteConfig
from warta.errors import ConfigError, ContentError, Diagnostic
from warta.model import Article, BuildReport, OutputFile


@dataclass(frozen=True)
class Analysis:
    """Every article read and annotated, and every problem met on the way."""

    articles: tuple[Article, ...]
    problems: tuple[Diagnostic, ...]
    themes: tuple[topics.Theme, ...] = ()  # the lexicon's themes, in its order
    date_words: dates.DateWords | None = None  # the date tables the articles were read with
    story_rules: stories.StoryRules | None = None  # the event rules their story features were made with
    aliases: tuple[topics.AliasGroup, ...] = ()  # the alias groups the lexicon knows, for search
    # Per article (in the order of ``articles``), everything it is made of (pagedigest.article_key); empty
    # when the build has no cache, whose key is what says an article is made of the same.
    keys: tuple[bytes, ...] = ()


Progress = Callable[[str, int, int], None]  # (stage, done, total)
T = TypeVar("T")


def _quiet(stage: str, done: int, total: int) -> None:
    pass


def analyse(config: SiteConfig, progress: Progress = _quiet, store: bool = False,
            hashed: Mapping[str, load.Hashed] | None = None) -> Analysis:
    """Read and annotate every article; extracted articles are stored in the cache only when ``store``,
    and the cache then keeps only the entries of this build's input files (cache.ArticleCache.prune).

    ``hashed``: the input files this build has hashed already (manifest.Fingerprint.inputs), not read again.

    Enough articles to extract are shared among ``config.jobs`` forked processes (0: every usable CPU).
    """
    articles_cache = cache.open_cache(config, writable=store)

    def table(name: str, kind: type[T], make: Callable[[], T], *depends: str) -> T:
        return make() if articles_cache is None else articles_cache.table(name, kind, make, *depends)

    tables = table("extraction", extract.Tables, lambda: extract.load_tables(config))
    found = load.find_sources(config.path(config.input_dir), config.root, config.max_file_bytes, hashed)
    # besides the salt, the lexicon is made from the themes settings, the lexicon file and where it is found from
    lexicon = table("lexicon", topics.Lexicon, lambda: topics.load_lexicon(config.themes, config.root),
                    cache.tagging_key(config), str(config.root))
    problems = list(found.problems)
    articles: list[Article] = []
    documents = found.files
    progress("reading", 0, len(documents))
    with _collector_paused():  # unpickling thousands of entries made the collector run again and again (2.8x)
        cached = [articles_cache.get(doc) if articles_cache is not None else None for doc in documents]
    # langdetect's profiles, loaded by the first article whose language is detected (from the cache's table)
    reading = _Reading(tables, config, articles_cache, lexicon, cache.tagging_key(config),
                       language.profiles(articles_cache))

    def read(index: int) -> Article | Diagnostic:
        return _read_one(documents[index], cached[index], reading)

    jobs = config.jobs or parallel.usable_cpus()
    uncached = [index for index, found in enumerate(cached) if found is None or found.tagging != reading.tagging]
    forked = parallel.worth_forking(jobs, len(uncached), _SERIAL_MAX + 1)
    if forked:
        # The first extraction, done here, loads the patterns and profiles every worker then shares.
        outcomes: Iterable[Article | Diagnostic] = parallel.ordered(read, len(documents), jobs, uncached[0] + 1)
    else:
        outcomes = map(read, range(len(documents)))
    # Taking thousands of articles from the workers (unpickling them) made the collector run again and
    # again over the growing heap, and so did the first collections after the cached ones were loaded; the
    # workers collect as usual (see parallel.ordered). Only extracting many articles here collects.
    with _collector_paused() if forked or len(uncached) <= _SERIAL_MAX else _collector_running():
        for done, outcome in enumerate(outcomes, 1):
            if isinstance(outcome, Diagnostic):
                problems.append(outcome)
            else:
                articles.append(outcome)
            progress("reading", done, len(documents))
    if store and articles_cache is not None:  # entries of files gone or changed since would pile up
        articles_cache.prune(documents)
    articles = unique_slugs(articles)
    for a in articles:
        problems.extend(a.warnings)
        unknown = topics.unknown_themes(a, lexicon)
        if unknown:
            line = a.front_matter_lines.get("themes") or a.front_matter_lines.get("themes_remove")
            problems.append(Diagnostic(a.source, line, f"front matter names unknown themes: {', '.join(unknown)}"))
    ordered = sorted(articles, key=publication_order)
    keys = tuple(pagedigest.article_key(a, articles_cache.salt, reading.tagging) for a in ordered
                 ) if articles_cache is not None else ()
    return Analysis(tuple(ordered), tuple(problems), lexicon.themes, tables.date_words, tables.story,
                    tuple(lexicon.aliases.values()), keys)


# With at most this many articles to extract, all stays in this process. Measured at 1,000 articles on
# 2 CPUs: forking two workers and ending them costs about 35 ms, extracting and tagging an article about
# 7 ms, so two workers save time from about 10 articles on (a cached article with its themes costs nothing).
_SERIAL_MAX = 10


@dataclass(frozen=True)
class _Reading:
    """What reading one article needs besides the article itself."""

    tables: extract.Tables
    config: SiteConfig
    cache: cache.ArticleCache | None
    lexicon: topics.Lexicon
    tagging: str  # cache.tagging_key of the lexicon and threshold
    profiles: language.Profiles


def _read_one(source: load.SourceFile, found: cache.Entry | None, reading: _Reading) -> Article | Diagnostic:
    """One input file as a tagged article (from the cache when ``found``), or the error that skips it.

    Only a file whose article is not cached is read as text. Its decoding warnings are kept in the
    article, and so in the cache, so a cached article still reports them.
    Tagging reads neither slug nor id, so tagging before ``unique_slugs`` gives what tagging after it did.
    """
    keyed: cache.Source = source
    if found is not None:
        tagged = found.tagged(reading.tagging)
        if tagged is not None:
            return tagged
        article = found.article
    else:
        try:
            doc = load.read_source(source, reading.config.max_file_bytes)
            article = extract.article(doc, reading.tables, reading.config, reading.profiles)
        except ContentError as exc:
            return Diagnostic(exc.path or source.path, exc.line, exc.message, "error")
        keyed = doc  # the bytes read now, should the file have changed since it was found
    tagged = topics.tag_one(article, reading.lexicon, reading.config.themes.threshold)
    if reading.cache is not None:
        reading.cache.put(keyed, cache.Entry(article, reading.tagging, tagged.themes))
    return tagged


@dataclass(frozen=True)
class Site:
    """Every file of the built site, in memory, before anything is written."""

    files: tuple[OutputFile, ...]
    pages: int
    feeds: int


def build(config: SiteConfig, force: bool = False, progress: Progress = _quiet,
          fingerprint: manifest.Fingerprint | None = None) -> BuildReport:
    """Build the whole site into the output folder and record the build (see manifest.py).

    ``fingerprint`` is manifest.take_fingerprint(config) taken before the build read anything; the input
    files it hashed are not read again to find their articles in the cache.
    """
    output = config.path(config.output_dir)
    write.check_output(output, [config.path(config.input_dir), config.root], force=force,
                       sources=[config.path(config.input_dir)])
    templates = config.path(config.templates_dir)
    if not templates.is_dir():
        what = "is a file, not a folder" if templates.exists() else "does not exist"
        raise ConfigError(f"templates folder {what} (set templates_dir in site.yaml)", config.templates_dir)
    print_ = fingerprint if fingerprint is not None else manifest.take_fingerprint(config)
    with write.lock(output):
        published = manifest.pages(config)
        manifest.forget(config)
        tally = Tally()
        listing: list[list[Any]] = []
        away = (config.jobs or parallel.usable_cpus()) > 1 and len(print_.inputs) >= _AWAY_MIN and parallel.can_fork()
        made: Iterator[_Item] | None = None
        if away:
            def produce(send: Callable[[_Item], None]) -> None:
                _made(config, published, print_.inputs, send)
            made = parallel.away(produce, "building the site")
        analysed = _Analysed()
        peak = _Peak()  # in this process, shared by its Pagefinds and what makes the data files
        if made is None:
            made = _made_here(config, published, print_.inputs, progress, peak)
        files = _published(made, config, tally, progress, analysed, away=away, peak=peak)
        out = write.publish(files, config.path(config.static_dir), output, listing)
        del files
        try:
            done = BuildReport(analysed.articles, out.files, analysed.problems, tally.pages, tally.feeds, tally.kept,
                               out.written)
            manifest.record(config, print_.value, done, tally.digests, listing)
        except KeyboardInterrupt:  # the new site is out; unrecorded, the next build checks everything
            raise write.Interrupted from None
    return done


# With at least this many input files, a build reads, plans and renders in a forked process that ends
# before the search index's last bundles are made (see _made): its memory, much of which the heap of a
# process keeps once freed, goes back to the system with it. Below, all stays in the build's process (at
# 1,000 articles the benchmark's peak was 327 MB, far below Hugo's; the threshold is not tuned further).
_AWAY_MIN = 1_000


@dataclass
class _Analysed:
    """How many articles a build read, and the problems it met (the first of :func:`_made`'s items)."""

    articles: int = 0
    problems: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class _Step:
    """A call of the build's progress callback, made where the site is made (a forked process: see _made)."""

    stage: str
    done: int
    total: int

    @property
    def urgent(self) -> bool:
        """Whether it is sent at once, not with the items after it (parallel.away): a stage's start."""
        return self.done == 0


@dataclass(frozen=True)
class _Searched:
    """What the search index needs of the articles besides their pages (search.stream), and the shards' cache."""

    entries: list[search.Entry]
    groups: tuple[topics.AliasGroup, ...]
    folder: Path | None


@dataclass(frozen=True)
class _Rendered:
    """Every page is made; the feeds and data files come next (``feeds``: how many feeds the plan has)."""

    feeds: int


@dataclass(frozen=True)
class _Chunked:
    """A file too big to hold whole (OutputFile.chunks), sent in parts: its chunks (bytes) follow, then None."""

    path: str
    digest: bytes | None


_Item = OutputFile | _Analysed | _Step | _Searched | _Rendered | _Chunked | bytes | None


def _made(config: SiteConfig, published: Mapping[str, bytes], hashed: Mapping[str, load.Hashed],
          send: Callable[[_Item], None]) -> None:
    """In a forked process (parallel.away): every article read, planned and rendered, and the site's files
    but the search index's, each ``send`` to the build's process as it is made, with the build's progress.

    At 10,000 articles a process that had read, planned and rendered held 420-440 MB once it had let go of
    all it could, 50-70 MB of it live: the rest was its heap's, too scattered to give back. The build's
    process, which writes the files and runs Pagefind, holds none of it, and its Pagefinds make their
    bundles once this process has ended (see _published)."""
    for item in _made_here(config, published, hashed, lambda *step: send(_Step(*step))):
        if isinstance(item, _Searched):  # the build's process is then given no article's text
            send(dataclasses.replace(item, entries=search.named(item.entries, item.groups)))
        elif isinstance(item, OutputFile) and item.chunks is not None:
            send(_Chunked(item.path, item.digest))
            for chunk in item.chunks:
                send(chunk)
            send(None)
        else:
            send(item)


def _made_here(config: SiteConfig, published: Mapping[str, bytes], hashed: Mapping[str, load.Hashed],
               progress: Progress, peak: _Peak | None = None) -> Iterator[_Item]:
    """The articles read (:class:`_Analysed`), then :func:`_site_parts`: what :func:`_made` sends."""
    # The articles live to the end of the build: frozen before the collector runs again, so that it never
    # walks them. Its first collection after analyse walked every object analyse had made, and the
    # older generations after it (2.8 s of CPU at 10,000 cached articles, half of analyse).
    with _collector_paused():
        analysis = analyse(config, progress, store=True, hashed=hashed)
        gc.freeze()
    try:
        yield _Analysed(len(analysis.articles), analysis.problems)
        yield from _site_parts(analysis, config, progress, published, True, peak)
    finally:
        gc.unfreeze()  # `warta serve` builds again in this process: let this build's objects go


def render_site(analysis: Analysis, config: SiteConfig, progress: Progress = _quiet) -> Site:
    """Plan and render every page, feed, data file and the search index, in memory; write nothing."""
    tally = Tally()
    files = tuple(f if f.chunks is None else OutputFile(f.path, f.whole())
                  for f in site_files(analysis, config, tally, progress))
    return Site(files, tally.pages, tally.feeds)


@dataclass
class Tally:
    """What :func:`site_files` produced, counted as the files go by; ``digests``: what each page was made of
    (pagedigest), for the next build."""

    pages: int = 0
    feeds: int = 0
    kept: int = 0
    digests: dict[str, bytes] = field(default_factory=dict)


def site_files(analysis: Analysis, config: SiteConfig, tally: Tally, progress: Progress = _quiet,
               published: Mapping[str, bytes] | None = None, store: bool = False) -> Iterator[OutputFile]:
    """Every file of the site, one at a time, so that a build can write each as it comes and hold none.

    Of the pages, only the searchable part of the rendered article pages is kept until the search index is
    made (of the kept ones, their digests: search.index reads those it needs from the output folder).
    With ``published`` (manifest.pages: what each page now in the output folder was made of), a page made
    of the same is kept rather than rendered again (render.Memory). With ``store``, the articles' parts of
    the data files are kept in the cache for the next build (fragments.py).
    """
    peak = _Peak()
    yield from _published(_site_parts(analysis, config, progress, published, store, peak), config, tally, progress,
                          peak=peak)


def _site_parts(analysis: Analysis, config: SiteConfig, progress: Progress, published: Mapping[str, bytes] | None,
                store: bool, peak: _Peak | None = None) -> Iterator[_Item]:
    """What :func:`_published` makes the site's files of: what the search index needs (:class:`_Searched`),
    the pages, :class:`_Rendered`, the feeds and the data files.

    ``peak``: the lock of the Pagefinds that run in this process's threads (:func:`site_files`), held while
    the data files are made; then this process's memory is given back before the last of them (_let_go).
    Without (a forked process, see _made), no Pagefind runs beside it.
    """
    catalogue = i18n.load_catalogue()
    language = i18n.choose_language(config.language, (a.language.code for a in analysis.articles), catalogue)
    ui = i18n.Messages(catalogue, language)
    groups = search.for_site(analysis.aliases, analysis.articles)
    yield _Searched(_entries(analysis, config, groups, store), groups, search.cache_folder(config))
    progress("story", 0, 1)
    with _collector_paused():
        story = _story_pass(analysis, config, store=True)
        analysis = _without_features(analysis)
        _give_back()  # the story pass's temporaries, and the story features
        progress("story", 1, 1)
        progress("plan", 0, 1)  # the pages, story pages, editor's report and sitemap
        plan = site.plan(analysis.articles, config, ui, analysis.themes, timeline=urls.PATHS.timeline,
                         story=story)
        story_pages = storypages.pages(story, analysis.articles, ui, plan.theme_labels)
        editor = report.review(analysis.articles, analysis.problems, story.shared.pairs,
                               _letters(analysis, config, store))
        all_pages = [*plan.pages, *story_pages, search.page(ui, analysis.articles), report.page(editor, ui)]
        all_pages.append(site.sitemap(all_pages))
        if gc.get_freeze_count():  # the build froze the articles (see build): the story and the plan live as long
            # Frozen before the collector runs again: its first collection would walk them all (0.3 s of
            # the 10,000-article edit, at the first allocation once it was on).
            gc.freeze()
    _give_back()  # the plan's temporaries
    compiled = render.Compiled.under(config.path(config.cache_dir)) if config.cache_dir else None
    memory = _memory(analysis, config, plan, published, compiled) if published is not None else None
    # Pagefind indexes in its own processes while the pages are rendered and the feeds and data files made:
    # the article pages are rendered first, shard by shard, and each shard goes to a Pagefind as soon as
    # its pages are there (see _published). On two CPUs the pages are rendered in this process alone,
    # beside one Pagefind: at 10,000 articles a forked renderer's copy of the articles was 400-570 MB, and
    # the build took as long (see _let_go for the other half of the memory saved).
    # The page digests are computed by as many processes as render: a second, forked for them, came to hold
    # a copy of most of what it read (250 MB at 10,000 articles, the build's peak) to save 0.8 s.
    render_jobs = ((config.jobs or parallel.usable_cpus()) + 1) // 2
    ordered = search.shard_order(all_pages, analysis.articles)
    if memory is not None:
        progress("page digests", 0, len(ordered))
    pages = kept = 0
    for done, file in enumerate(render.render_all(ordered, config, plan.shared, jobs=render_jobs, memory=memory,
                                                  render_jobs=render_jobs, compiled=compiled), 1):
        kept += file.kept
        pages += file.path.endswith(".html")
        progress("pages", done, len(all_pages))
        yield file
    yield _Rendered(len(plan.feeds))
    del all_pages, ordered, story_pages, editor  # their memory serves the feeds and data files
    _give_back()  # and so do the pages' temporaries (at 10,000 articles, 45 MB of the heap by the last page)
    progress("feeds and data files", 0, 1)
    # After a small edit most pages are kept and a shard or two indexed again: the data files then
    # go beside Pagefind (held back, they added its second to the build's 15 s at 10,000 articles),
    # and the memory is not given back to the system before the last Pagefinds (0.35 s of it).
    small = kept * 2 >= pages
    kept_feeds = feeds.Published(memory.base, {a.id: key for a, key in zip(analysis.articles, analysis.keys,
                                                                          strict=True)},
                                 memory.previous) if memory is not None else None
    yield from _feeds_and_data(analysis, config, plan, story, ui, store, kept_feeds, None if small else peak)
    # Nothing else needs the articles, the story or the plan: let them go before more Pagefinds start,
    # so that they come on top of less (see _let_go).
    del analysis, plan, story, memory
    if peak is not None and not small:
        _let_go()


def _published(items: Iterator[_Item], config: SiteConfig, tally: Tally, progress: Progress,
               analysed: _Analysed | None = None, away: bool = False, peak: _Peak | None = None,
               ) -> Iterator[OutputFile]:
    """The site's files made of ``items`` (:func:`_site_parts`, with :func:`_made`'s first), then the
    search index's, made of the article pages as they come (search.stream); counted in ``tally``.

    The Pagefinds run in this process's threads. Half the CPUs (rounded up) render, the others index
    while the pages are rendered; once the data files are made, a Pagefind per CPU. The memory of each
    Pagefind peaks while it makes its bundle, and so does that of whatever makes the data files: one of
    these at a time (``peak``, see pagefind_bundle.make). At 10,000 articles the build's peak was two
    Pagefinds' (350 MB each) at once, or the process that made the data files beside one.

    ``away``: the items come from a forked process (:func:`_made`), whose memory the Pagefinds must not
    come on top of. While it lives, no Pagefind makes its bundle, and one indexes only once every page
    is made and most were kept (an edit: the process ends soon after, and the shard it changed is indexed
    while the data files are made); once it has ended, a Pagefind per CPU.
    """
    output = config.path(config.output_dir)
    stop = threading.Event()
    at_once = config.jobs or parallel.usable_cpus()  # Pagefinds at once at the end, one per CPU
    gate = search.Gate(0 if away else max(1, at_once - (at_once + 1) // 2))
    peak = peak or _Peak()
    held = contextlib.ExitStack()
    if away:
        held.enter_context(peak)
    feed: queue.SimpleQueue[OutputFile | None] = queue.SimpleQueue()
    index: Iterator[OutputFile] = iter(())
    article_pages: set[str] = set()
    bundles: _Streamed | None = None
    rendered = False
    items = iter(items)
    try:
        for item in items:
            if isinstance(item, _Chunked):
                item = OutputFile(item.path, b"", digest=item.digest, chunks=_chunks(items))
            if isinstance(item, _Step):
                progress(item.stage, item.done, item.total)
                continue
            if isinstance(item, _Analysed):
                if analysed is not None:
                    analysed.articles, analysed.problems = item.articles, item.problems
                continue
            if isinstance(item, _Searched):
                index = search.stream(iter(feed.get, None), item.entries, item.groups, item.folder, stop=stop,
                                      at_once=at_once, published=output, gate=gate, peak=peak)
                article_pages = {entry.path for entry in item.entries}
                continue
            if isinstance(item, _Rendered):
                feed.put(None)  # every page is rendered
                rendered = True
                tally.feeds = item.feeds
                if bundles is None:
                    bundles = _Streamed(index)
                if away and tally.kept * 2 >= tally.pages:
                    gate.widen(1)
                continue
            if not isinstance(item, OutputFile):
                raise AssertionError(f"a chunk of a file out of turn: {item!r:.60}")
            if bundles is None and not item.kept:
                # Started once a page is rendered: the page digests, which may fork a worker, are made, and
                # so are any forked renderers. Nothing forks after, so no process is forked beside the thread.
                bundles = _Streamed(index)
            if item.path in article_pages:  # a kept page is read back only if its shard is made again
                feed.put(OutputFile(item.path, b"" if item.kept else search.searchable(item.data),
                                    kept=item.kept, digest=item.digest))
            if item.digest is not None:  # a page's, or a feed's, for the next build
                tally.digests[item.path] = item.digest
            if not rendered:
                tally.kept += item.kept
                tally.pages += item.path.endswith(".html")
            yield item
        held.close()  # the forked process has ended
        gate.widen(at_once)
        progress("search index", 0, 1)
        if bundles is not None:
            yield from bundles.files()
    finally:
        stop.set()  # an error or an abandoned build: no further shard is started
        feed.put(None)
        held.close()
        if bundles is not None:
            bundles.close()
    progress("search index", 1, 1)


def _chunks(items: Iterator[_Item]) -> Iterator[bytes]:
    """The chunks of a :class:`_Chunked` file among ``items``: the bytes that come next, up to None."""
    for item in items:
        if item is None:
            return
        if not isinstance(item, bytes):
            raise AssertionError(f"a chunked file ended by {item!r:.60}")
        yield item


def _memory(analysis: Analysis, config: SiteConfig, plan: site.SitePlan, published: Mapping[str, bytes],
            compiled: render.Compiled | None) -> render.Memory | None:
    """What the renderer needs to keep the pages made of the same as the published ones; None when the
    build has no cache (no article keys) or the shared values cannot be digested (every page is rendered).
    ``compiled``: where the templates are kept compiled, with the names they read (None: no cache folder)."""
    if len(analysis.keys) != len(analysis.articles) or not analysis.articles:
        return None
    digester = pagedigest.Digester.for_articles(zip(analysis.articles, analysis.keys, strict=True))
    templates = config.path(config.templates_dir)
    tree = manifest.tree_digest(templates)
    names = compiled.names(tree, lambda: pagedigest.template_names(render.environment(templates, plan.shared))) \
        if compiled is not None else pagedigest.template_names(render.environment(templates, plan.shared))
    try:
        shared = pagedigest.shared_digest(plan.shared, plan.shared_inputs, names, digester)
    except pagedigest.Undigestable:
        return None
    # The configuration whole: besides what templates read of it, the base URL makes every link and address.
    base = hashlib.blake2b(b"\n".join([manifest.code_digest().encode(), repr(config).encode(), tree, shared]),
                           digest_size=16).digest()
    return render.Memory(base, digester, published)


class _Streamed:
    """The files of ``made`` (a generator), made in a daemon thread (which never holds up the end of the
    process) and handed over in order by :meth:`files`, with its exception, as they come.

    No more than :attr:`_AHEAD` files wait to be taken: the search index's files come once every page is
    rendered, and while the forked process that renders makes the data files (an edit), the bundles of the
    shards taken from the cache were all read and held here until the build's end (search._Stored)."""

    _END = object()
    _AHEAD = 64

    def __init__(self, made: Iterator[OutputFile]) -> None:
        self._queue: queue.Queue[Any] = queue.Queue(self._AHEAD)
        self._closed = threading.Event()

        def run() -> None:
            try:
                for file in made:
                    if not self._put(file):
                        break
                else:
                    self._put(self._END)
            except BaseException as exc:  # noqa: BLE001 - raised again in the thread that takes the files
                self._put(exc)
            finally:
                if isinstance(made, Generator):
                    made.close()  # files no one will take: the search index's threads end

        self._thread = threading.Thread(target=run, name="warta-background", daemon=True)
        self._thread.start()

    def _put(self, item: object) -> bool:
        """Hand ``item`` over once there is room; False when no one takes the files any more."""
        while not self._closed.is_set():
            try:
                self._queue.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def files(self) -> Iterator[OutputFile]:
        try:
            for item in iter(self._queue.get, self._END):
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self.close()

    def close(self) -> None:
        """No more files are taken (an error, an abandoned build)."""
        self._closed.set()


def _let_go() -> None:
    """Give the memory of what the build no longer holds back to the system.

    The objects let go are freed as their last reference goes, but CPython and the C library keep the
    memory for later: a collection of the young objects frees the cycles among what the build made after
    it froze the articles (the template environments), and glibc's ``malloc_trim`` returns the free pages
    of its heap. At 10,000 articles this process went from 860 to 610 MB (the rest is the pages still to
    index, the index's record and memory too scattered to give back).
    """
    gc.collect()
    _give_back()


class _Peak:
    """The lock held by whatever makes the build's memory peak (a Pagefind making its bundle, this process
    making the data files), one at a time; taking it first gives this process's free heap back to the
    system (:func:`_give_back`). While the pages are rendered the heap keeps what each page's temporaries
    freed: at 10,000 articles 45 MB of it by the end, beside every Pagefind that peaked meanwhile."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def __enter__(self) -> None:
        self._lock.acquire()
        _give_back()

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


def _give_back() -> None:
    """Return the free pages of the C library's heap to the system (glibc's ``malloc_trim``).

    A stage's temporary objects, freed as it ends, leave pages the heap keeps for later: at 10,000 articles
    the story pass left 120 MB of them, which the build held through every page it rendered beside a
    Pagefind. Returning them costs 20-90 ms.
    """
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is reused by this process all the same
        pass


def _feeds_and_data(analysis: Analysis, config: SiteConfig, plan: site.SitePlan, story: stories.StoryAnalysis,
                    ui: i18n.Messages, store: bool, published: feeds.Published | None = None,
                    peak: _Peak | None = None) -> Iterator[OutputFile]:
    """The feeds (those made of the same as the ``published`` ones kept), then the data files (themes,
    articles, timeline, stories); with ``store``, each article's
    own parts of them are kept for the next build (fragments.py). ``peak`` is held while the data files
    are made and written (at 10,000 articles, this process grew by 200 MB to 250 MB meanwhile, when each
    was made whole before it was written)."""
    yield from feeds.write_all(plan.feeds, config, ui, plan.theme_labels, published)
    parts = _fragments(analysis, config, store)
    # each file is written before the next is made, the big ones in chunks as they are made (OutputFile.chunks)
    # The heap's free pages are given back after each of the big ones (taken whole before the next is made):
    # the next makes its temporaries on top of less.
    with _collector_paused(), peak or contextlib.nullcontext():
        yield _themes_json(analysis, plan, parts)
        _give_back()
        yield OutputFile(urls.PATHS.articles_json, b"", chunks=_articles_json(analysis, story, parts))
        _give_back()
        yield OutputFile(urls.PATHS.timeline_json, b"", chunks=export.timeline_chunks(story))
        links = {a.id: urls.absolute(config.base_url, urls.article_path(a)) for a in analysis.articles}
        yield OutputFile(urls.PATHS.timelinejs_json, b"", chunks=export.timelinejs_chunks(
            story, analysis.articles, config.title, links))
        _give_back()
        yield OutputFile(urls.PATHS.stories_json, export.dump(stories.stories_json(story)))


def _fragments(analysis: Analysis, config: SiteConfig, store: bool) -> fragments.Store | None:
    """Where the articles' parts of the data files are kept; None when the build has no cache (no keys)."""
    if not config.cache_dir or len(analysis.keys) != len(analysis.articles) or not analysis.articles:
        return None
    return fragments.Store(config.path(config.cache_dir) / "data", writable=store)


def _letters(analysis: Analysis, config: SiteConfig, store: bool) -> list[bytes] | None:
    """Each article's report.letters_of, from the cache where it has them (fragments.py); None without one."""
    parts = _fragments(analysis, config, store)
    if parts is None:
        return None
    found = parts.parts("letters", analysis.keys, lambda index: (report.letters_of(analysis.articles[index]),))
    return [first for first, *_ in found]


def _entries(analysis: Analysis, config: SiteConfig, groups: Sequence[topics.AliasGroup], store: bool,
             ) -> list[search.Entry]:
    """search.entries of the articles, with their alias names (search.named) from the cache where it has
    them (fragments.py): at 10,000 articles finding them all again cost 1.2 s of an edit's CPU. An
    article's names are those of its text (in its key) and of the groups' names (in the key here)."""
    entries = search.entries(analysis.articles)
    parts = _fragments(analysis, config, store)
    if parts is None:
        return entries
    first: dict[str, int] = {}  # each entry's article: the first at its path (search.entries)
    for index, a in enumerate(analysis.articles):
        first.setdefault(urls.article_path(a), index)
    salt = repr([group.names for group in groups]).encode("utf-8", "surrogatepass")
    keys = [hashlib.blake2b(analysis.keys[first[entry.path]] + salt, digest_size=16).digest() for entry in entries]
    aliases: list[search.Aliases] = []  # made only when some article's names are not kept

    def names(index: int) -> tuple[bytes, ...]:
        if not aliases:
            aliases.append(search.Aliases(groups))
        return tuple(name.encode("utf-8", "surrogatepass") for name in aliases[0].names(entries[index].text))

    found = parts.parts("names", keys, names)
    # One string per name for all entries, as search.named gives the groups' own: decoded entry by entry,
    # the names of 10,000 articles were 37 MB more in the build's process, which holds them from before
    # the story pass to the end (the peak of a cold build at 10,000 articles is in the story pass).
    shared: dict[bytes, str] = {}

    def decoded(name: bytes) -> str:
        text = shared.get(name)
        if text is None:
            text = shared[name] = name.decode("utf-8", "surrogatepass")
        return text

    return [dataclasses.replace(entry, parts=(), names=tuple(decoded(name) for name in kept))
            for entry, kept in zip(entries, found, strict=True)]


def _themes_json(analysis: Analysis, plan: site.SitePlan, parts: fragments.Store | None) -> OutputFile:
    if parts is None:
        return site.themes_json(plan)
    found = parts.parts("themes", analysis.keys, lambda index: export.theme_parts(analysis.articles[index]))
    return site.themes_json(plan, {a.id: entries for a, entries in zip(analysis.articles, found, strict=True)})


def _articles_json(analysis: Analysis, story: stories.StoryAnalysis, parts: fragments.Store | None,
                   ) -> Iterator[bytes]:
    """data/articles.json in chunks (export.articles_chunks), its records from the cache where it has them."""
    if parts is None:
        yield from export.articles_chunks(analysis.articles, story)
        return
    # Kept compressed (zlib's fastest level, a third of the size), in the cache and here until written: at
    # 10,000 articles the records of a build from scratch, all made before the first is written (their files
    # in the cache are written bucket by bucket), were 80 MB of the build's peak. An article's key holds
    # warta's code, so no record stored uncompressed by an older warta is ever taken for a compressed one.
    found = parts.parts("articles", analysis.keys,
                        lambda index: (zlib.compress(export.record_part(analysis.articles[index]), 1),))
    yield from export.articles_chunks(analysis.articles, story, _inflated(found))


def _inflated(parts: list[tuple[bytes, ...]]) -> Iterator[bytes]:
    """The first part of each, decompressed, each let go of here as it is taken (the encoding holds it from
    then on)."""
    for index, (first, *_) in enumerate(parts):
        parts[index] = ()
        yield zlib.decompress(first)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while: the story pass, the page plan and the data files make
    millions of objects and no garbage cycles, and the collector walked them again and again (at 10,000
    articles, 4 s of a 20 s story pass). Reference counting frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def _collector_running() -> Iterator[None]:
    """The cyclic garbage collector on for a while, even where the caller paused it (see build)."""
    enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not enabled:
            gc.disable()


def check(config: SiteConfig, progress: Progress = _quiet) -> tuple[Analysis, report.EditorReport]:
    """Read and analyse every article, the story pass included, for the editor's report; write nothing."""
    analysis = analyse(config, progress)
    story = _story_pass(analysis, config)
    return analysis, report.review(analysis.articles, analysis.problems, story.shared.pairs)


def _story_pass(analysis: Analysis, config: SiteConfig, store: bool = False) -> stories.StoryAnalysis:
    """The story pass over the analysed articles, with the tables they were read with, and what the last
    build's story pass kept in the cache (stored again for the next only when ``store``)."""
    rules = analysis.story_rules or stories.load_rules(config.path(config.data.events) if config.data.events
                                                       else None)
    kept = storycache.StoryCache(config.path(config.cache_dir) / "story", store) if config.cache_dir else None
    keys = {a.id: key.hex() for a, key in zip(analysis.articles, analysis.keys, strict=True)} if analysis.keys else None
    return stories.analyse(analysis.articles, analysis.date_words or dates.load_words(), rules, kept, keys)


def _without_features(analysis: Analysis) -> Analysis:
    """``analysis`` with articles that no longer carry their story features: nothing reads them after the
    story pass (they were cached with the articles while they were read). At 10,000 articles they were
    80 MB of the build's memory while the pages were rendered."""
    if all(a.story_features is None for a in analysis.articles):
        return analysis
    articles = tuple(dataclasses.replace(a, story_features=None) if a.story_features is not None else a
                     for a in analysis.articles)
    return dataclasses.replace(analysis, articles=articles)


def publication_order(article: Article) -> tuple[int, int, str]:
    """Newest first; undated articles last; ties by source path, so the order is stable."""
    if article.published is None:
        return (1, 0, article.source)
    return (0, -article.published.date.toordinal(), article.source)


def unique_slugs(articles: Sequence[Article]) -> list[Article]:
    """Give every article its own slug and id; later duplicates (by source path) get a stable suffix."""
    seen_slugs: set[str] = set()
    seen_ids: set[str] = set()
    out: list[Article] = []
    for a in sorted(articles, key=lambda x: x.source):
        suffix = hashlib.sha1(a.source.encode("utf-8")).hexdigest()[:6]
        slug = a.slug if a.slug not in seen_slugs else f"{a.slug}-{suffix}"
        ident = a.id if a.id not in seen_ids else f"{a.id}-{suffix}"
        seen_slugs.add(slug)
        seen_ids.add(ident)
        out.append(dataclasses.replace(a, slug=slug, id=ident) if (slug, ident) != (a.slug, a.id) else a)
    return out
