"""The command line: argument parsing, progress and exit codes.

Exit codes: 0 success; 1 content errors (some articles were skipped; with --strict, also
warnings); 2 usage or configuration errors. This is the only place that catches WartaError.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from warta import __version__, manifest, write
from warta.config import SiteConfig, load_config
from warta.errors import ContentError, Diagnostic, WartaError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
_PROGRESS_AFTER = 1.0  # seconds: shorter builds show no bar
_WARNINGS_SHOWN = 20  # without --verbose, the first this many warnings; the rest are counted


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse exits 2 on usage errors, as documented
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"error: {message}\n")


def parser() -> argparse.ArgumentParser:
    """The argument parser for ``warta``."""
    top = _Parser(prog="warta", description="Build a news-aggregation website from scraped articles.",
                  epilog="Exit codes: 0 success, 1 content errors, 2 usage or configuration errors.")
    top.add_argument("--version", action="version", version=f"warta {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    texts = {
        "build": "build the site into the output folder",
        "check": "read and analyse every article, write nothing, report what needs an editor's eye",
        "serve": "build, serve on 127.0.0.1, rebuild on every change and reload the open page",
    }
    for name, text in texts.items():
        cmd = sub.add_parser(name, help=text, description=text,
                             epilog="Exit codes: 0 success, 1 content errors, 2 usage or configuration errors.")
        cmd.add_argument("--root", type=Path, default=Path("."), help="project folder (default: the current one)")
        cmd.add_argument("--config", type=Path, default=None, help="configuration file (default: ROOT/site.yaml)")
        cmd.add_argument("--input", default=None, help="input folder, overriding site.yaml")
        cmd.add_argument("--output", default=None, help="output folder, overriding site.yaml")
        cmd.add_argument("--base-url", default=None, help="the site's public address, overriding site.yaml")
        cmd.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
        talk = cmd.add_mutually_exclusive_group()
        talk.add_argument("--quiet", "-q", action="store_true", help="print only errors: no bar, no summary")
        talk.add_argument("--verbose", "-v", action="store_true", help="print every warning and each stage")
        cmd.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                         help="processes a build may use (default: every usable CPU; 1: this one only)")
        if name in ("build", "serve"):
            cmd.add_argument("--force", action="store_true", help="replace an output folder warta did not create")
        if name == "serve":
            cmd.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000; 0: any free)")
    return top


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run warta; return the exit code."""
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return EXIT_USAGE
    try:
        if args.command == "serve":
            return _serve(args)
        return _run(args, _config(args))
    except ContentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except WartaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except write.Interrupted:
        print("interrupted: the new site had been published", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("interrupted: the previous site is left as it was", file=sys.stderr)
        return 130


def _config(args: argparse.Namespace) -> SiteConfig:
    config = load_config(args.root, args.config)
    base_url = args.base_url if args.base_url is None or args.base_url.endswith("/") else args.base_url + "/"
    given = (("input_dir", args.input), ("output_dir", args.output), ("base_url", base_url), ("jobs", args.jobs))
    changes = {k: v for k, v in given if v is not None}
    return dataclasses.replace(config, **changes) if changes else config


def _run(args: argparse.Namespace, config: SiteConfig) -> int:
    """Build (``build``, ``serve``) or check; print the problems and the closing summary line."""
    started = time.perf_counter()
    with _Progress(enabled=_interactive(args), verbose=args.verbose and not args.quiet) as bar:
        if args.command == "check":
            from warta import pipeline
            analysis, editor = pipeline.check(config, progress=bar.update)
            summary = Summary(len(analysis.articles), analysis.problems, findings=editor.flagged)
        else:
            summary = _build(args, config, bar)
    if args.command == "check" and not args.quiet:
        from warta import report
        for line in report.lines(editor):
            print(line)
    return _summarise(args, summary, time.perf_counter() - started)


def _build(args: argparse.Namespace, config: SiteConfig, bar: _Progress) -> Summary:
    """Build, unless the last build's record shows nothing it depends on has changed since.

    The stages are imported only when there is something to build, so an up-to-date site costs
    little more than hashing the inputs.
    """
    print_ = manifest.take_fingerprint(config)
    recorded = manifest.unchanged(config, print_.value)
    if recorded is not None:
        return Summary(recorded.articles, recorded.problems, recorded.pages, recorded.feeds,
                       up_to_date=recorded.files)
    from warta import pipeline
    built = pipeline.build(config, force=args.force, progress=bar.update, fingerprint=print_)
    return Summary(built.articles, built.problems, built.pages, built.feeds, built.files, kept=built.kept,
                   written=built.written)


def _serve(args: argparse.Namespace) -> int:
    from warta import serve

    config = _config(args)
    extra = [args.config] if args.config else []

    def rebuild() -> bool:
        try:
            code = _run(args, _config(args))  # site.yaml may have changed too
        except WartaError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return False
        return code in (EXIT_OK, EXIT_CONTENT)

    since = serve.snapshot(serve.watched_paths(config, extra))  # what the first build is made from
    rebuild()

    def ready(port: int) -> None:
        print(f"serving {config.path(config.output_dir)} at http://127.0.0.1:{port}/ (Ctrl-C stops)", flush=True)

    try:
        serve.serve(config, rebuild, port=args.port, ready=ready, extra=extra, since=since)
    except OSError as exc:
        print(f"error: cannot serve on 127.0.0.1:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    return EXIT_OK


def _interactive(args: argparse.Namespace) -> bool:
    """A progress bar only for a person watching a terminal: not with --quiet, in CI or into a pipe."""
    return not args.quiet and sys.stderr.isatty() and not os.environ.get("CI")


class _Progress:
    """A rich progress bar on a terminal, shown only once a build has run for about a second.

    With ``verbose``, each stage is also named on stderr as it starts (in CI and pipes too), after the
    wall time since the build began and the CPU time this process has taken since (its threads, not the
    processes it starts: extraction's and rendering's workers, Pagefind). So a stage's time is the next
    line's less its own, measured without a profiler (which inflates pure-Python work unevenly).
    """

    def __init__(self, enabled: bool, verbose: bool = False) -> None:
        self.enabled = enabled
        self.verbose = verbose
        self.started = time.perf_counter()
        self.cpu_started = time.process_time()
        self.stage = ""
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.verbose and self.stage and exc[0] is None:  # the last stage's end, as the others' ends are told
            self._tell("done")
        if self.bar is not None:
            self.bar.stop()

    def update(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.stage = stage
            if self.verbose:
                self._tell(stage)
        if not self.enabled:
            return
        if self.bar is None:
            if time.perf_counter() - self.started < _PROGRESS_AFTER:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(stage, total=total)
        self.bar.update(self.task, description=stage, completed=done, total=total)


    def _tell(self, stage: str) -> None:
        """``stage`` on stderr (above the bar, when it shows), after the wall and CPU time so far."""
        say = self.bar.console.print if self.bar is not None else _stderr
        say(f"{time.perf_counter() - self.started:6.1f} s {time.process_time() - self.cpu_started:6.1f} s CPU  {stage}")


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclasses.dataclass(frozen=True)
class Summary:
    """What the closing line reports."""

    articles: int
    problems: Sequence[Diagnostic]
    pages: int = 0
    feeds: int = 0
    files: int = 0
    findings: int = 0
    up_to_date: int = 0  # files of an unchanged site, left as they were
    kept: int = 0  # pages made of the same as the published ones, not rendered again
    written: int = 0  # files written anew (the others: the published files, their bytes unchanged)


def _summarise(args: argparse.Namespace, summary: Summary, seconds: float) -> int:
    errors = [p for p in summary.problems if p.severity == "error"]
    warnings = [p for p in summary.problems if p.severity == "warning"]
    for p in errors:
        _stderr(f"error: {p}")
    if not args.quiet:
        for p in summary.problems:
            if p.severity == "info":  # what the build left out on purpose (a draft): told, never counted
                _stderr(f"info: {p}")
        shown = warnings if (args.verbose or args.strict or len(warnings) <= _WARNINGS_SHOWN) \
            else warnings[:_WARNINGS_SHOWN]
        for p in shown:
            _stderr(f"warning: {p}")
        if len(shown) < len(warnings):
            _stderr(f"... and {len(warnings) - len(shown)} more warnings (--verbose shows all)")
        if args.command == "check":
            done = f"{summary.findings} findings for the editor"
        elif summary.up_to_date:
            done = (f"{summary.pages} pages, {summary.feeds} feeds, nothing changed "
                    f"({summary.up_to_date} files up to date)")
        else:
            done = f"{summary.pages} pages, {summary.feeds} feeds, {summary.files} files"
            if summary.written == summary.files:
                done += " written"
            else:  # a rebuild: say what changed, not the size of the site
                done += f", {summary.written} written anew, {summary.files - summary.written} unchanged"
            if summary.kept:
                done += f" ({summary.kept} pages not rendered again)"
        print(f"warta {args.command}: {summary.articles} articles, {done}, {len(errors)} errors, "
              f"{len(warnings)} warnings in {seconds:.1f} s", flush=True)
    if errors or (args.strict and warnings):
        return EXIT_CONTENT
    return EXIT_OK
