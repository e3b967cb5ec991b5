"""The command line: argument parsing, progress and exit codes.

Exit codes: 0 success, 1 content errors (some articles were skipped; with --strict, also
warnings), 2 usage or configuration errors. This is the only place that catches WartaError.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Sequence

from warta import __version__, pipeline
from warta.config import SiteConfig, load_config
from warta.errors import ConfigError, ContentError, Diagnostic, OutputError, WartaError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    """The argument parser for ``warta``."""
    top = argparse.ArgumentParser(prog="warta", description="Build a news-aggregation website from scraped articles.")
    top.add_argument("--version", action="version", version=f"warta {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for name, text in (("build", "build the site into the output folder"),
                       ("check", "read and analyse every article, write nothing, report problems")):
        cmd = sub.add_parser(name, help=text, description=text)
        cmd.add_argument("--root", type=Path, default=Path("."), help="project folder (default: the current one)")
        cmd.add_argument("--config", type=Path, default=None, help="configuration file (default: ROOT/site.yaml)")
        cmd.add_argument("--input", default=None, help="input folder, overriding site.yaml")
        cmd.add_argument("--output", default=None, help="output folder, overriding site.yaml")
        cmd.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
        cmd.add_argument("--quiet", "-q", action="store_true", help="print only problems")
        cmd.add_argument("--verbose", "-v", action="store_true", help="print every warning in full")
        if name == "build":
            cmd.add_argument("--force", action="store_true",
                             help="replace an output folder that warta did not create")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run warta; return the exit code."""
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return EXIT_USAGE
    started = time.perf_counter()
    try:
        config = _config(args)
        if args.command == "build":
            report = pipeline.build(config, force=args.force)
            problems, articles, files = report.problems, report.articles, report.files
        else:
            analysis = pipeline.analyse(config)
            problems, articles, files = analysis.problems, len(analysis.articles), 0
    except (ConfigError, OutputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except WartaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return _summarise(args, problems, articles, files, time.perf_counter() - started)


def _config(args: argparse.Namespace) -> SiteConfig:
    import dataclasses

    config = load_config(args.root, args.config)
    changes = {k: v for k, v in (("input_dir", args.input), ("output_dir", args.output)) if v is not None}
    return dataclasses.replace(config, **changes) if changes else config


def _summarise(args: argparse.Namespace, problems: Sequence[Diagnostic], articles: int, files: int,
               seconds: float) -> int:
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    for p in errors:
        print(f"error: {p}", file=sys.stderr)
    if args.verbose or args.strict or not args.quiet:
        for p in warnings:
            print(f"warning: {p}", file=sys.stderr)
    if not args.quiet:
        wrote = f", {files} files written" if args.command == "build" else ""
        print(f"warta {args.command}: {articles} articles{wrote}, {len(errors)} errors, "
              f"{len(warnings)} warnings in {seconds:.1f} s")
    if errors or (args.strict and warnings):
        return EXIT_CONTENT
    return EXIT_OK
