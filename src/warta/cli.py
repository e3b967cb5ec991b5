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
from pathlib import Path
from typing import Any, Callable, Sequence

from warta import __version__, pipeline
from warta.config import SiteConfig, load_config
from warta.errors import ContentError, Diagnostic, WartaError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
_PROGRESS_AFTER = 1.0  # seconds: shorter builds show no bar


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
        cmd.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
        cmd.add_argument("--quiet", "-q", action="store_true", help="print only errors")
        cmd.add_argument("--verbose", "-v", action="store_true", help="print every warning and each stage")
        if name in ("build", "serve"):
            cmd.add_argument("--force", action="store_true", help="replace an output folder warta did not create")
        if name == "serve":
            cmd.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000; 0: any free)")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run warta; return the exit code."""
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return EXIT_USAGE
    try:
        config = _config(args)
        if args.command == "serve":
            return _serve(args, config)
        return _run(args, config)
    except ContentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except WartaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted: the previous site is left as it was", file=sys.stderr)
        return 130


def _config(args: argparse.Namespace) -> SiteConfig:
    config = load_config(args.root, args.config)
    changes = {k: v for k, v in (("input_dir", args.input), ("output_dir", args.output)) if v is not None}
    return dataclasses.replace(config, **changes) if changes else config


def _run(args: argparse.Namespace, config: SiteConfig) -> int:
    started = time.perf_counter()
    with _Progress(enabled=_interactive(args)) as bar:
        if args.command == "build":
            report = pipeline.build(config, force=args.force, progress=bar.update)
            problems, articles, files = report.problems, report.articles, report.files
        else:
            analysis = pipeline.analyse(config, progress=bar.update)
            problems, articles, files = analysis.problems, len(analysis.articles), 0
    return _summarise(args, problems, articles, files, time.perf_counter() - started)


def _serve(args: argparse.Namespace, config: SiteConfig) -> int:
    from warta import serve

    def rebuild() -> bool:
        try:
            code = _run(args, config)
        except WartaError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return False
        return code == EXIT_OK or code == EXIT_CONTENT

    rebuild()

    def ready(port: int) -> None:
        print(f"serving {config.path(config.output_dir)} at http://127.0.0.1:{port}/ (Ctrl-C stops)", flush=True)

    try:
        serve.serve(config, rebuild, port=args.port, ready=ready)
    except OSError as exc:
        print(f"error: cannot serve on 127.0.0.1:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _interactive(args: argparse.Namespace) -> bool:
    return not args.quiet and sys.stderr.isatty() and not os.environ.get("CI")


class _Progress:
    """A rich progress bar on a terminal, shown only once a build has run for about a second."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.perf_counter()
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def update(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.perf_counter() - self.started < _PROGRESS_AFTER:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeRemainingColumn(), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(stage, total=total)
        self.bar.update(self.task, description=stage, completed=done, total=total)


def _summarise(args: argparse.Namespace, problems: Sequence[Diagnostic], articles: int, files: int,
               seconds: float) -> int:
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    say: Callable[[str], None] = lambda text: print(text, file=sys.stderr)  # noqa: E731
    for p in errors:
        say(f"error: {p}")
    if not args.quiet:
        shown = warnings if (args.verbose or args.strict or len(warnings) <= 20) else warnings[:20]
        for p in shown:
            say(f"warning: {p}")
        if len(shown) < len(warnings):
            say(f"... and {len(warnings) - len(shown)} more warnings (--verbose shows all)")
        wrote = f", {files} files written" if args.command in ("build", "serve") else ""
        print(f"warta {args.command}: {articles} articles{wrote}, {len(errors)} errors, "
              f"{len(warnings)} warnings in {seconds:.1f} s", flush=True)
    if errors or (args.strict and warnings):
        return EXIT_CONTENT
    return EXIT_OK
