"""The pages of a built site, and the few key pages the browser checks sample."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

EXCLUDED_DIRS = ("pagefind", "pagefind-shards")  # a search index's own files are not the site's pages
# Each sampled page kind, and how its output path is recognised (the first match in sorted order).
ROLES: dict[str, re.Pattern[str]] = {
    "home": re.compile(r"^index\.html$"),
    "article": re.compile(r"^articles?/[^/]+/index\.html$|^articles?/[^/]+\.html$"),
    "outlets": re.compile(r"^(outlets?|media|sumber)(/index)?\.html$|^(outlets?|media|sumber)/index\.html$"),
    "about": re.compile(r"^(about|tentang)(/index)?\.html$|^(about|tentang)/index\.html$"),
    "404": re.compile(r"^404\.html$"),
}


def html_files(site: Path) -> list[Path]:
    """Every HTML page of the site, sorted; hidden files and excluded folders left out."""
    out = []
    for path in sorted(site.rglob("*.html")):
        parts = path.relative_to(site).parts
        if path.is_file() and not any(p.startswith(".") or p in EXCLUDED_DIRS for p in parts[:-1]):
            out.append(path)
    return out


def find_role(site: Path, role: str) -> str:
    """The output-relative path of the page playing ``role``; AssertionError naming what exists if none."""
    pattern = ROLES[role]
    rels = [p.relative_to(site).as_posix() for p in html_files(site)]
    for rel in rels:
        if pattern.search(rel):
            return rel
    shown = ", ".join(rels[:15]) + (" ..." if len(rels) > 15 else "")
    raise AssertionError(f"the site has no {role} page (looked for {pattern.pattern!r} among: {shown})")


def link_path(rel: str) -> str:
    """An output path as a link on the server names it: ``about/index.html`` -> ``about/``."""
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return urllib.parse.quote(rel)


def sample(site: Path, count: int, skip: set[str] | None = None) -> list[str]:
    """Up to ``count`` output-relative page paths spread evenly over the sorted pages, ``skip`` left out."""
    rels = [p.relative_to(site).as_posix() for p in html_files(site)]
    rels = [r for r in rels if r not in (skip or set())]
    if len(rels) <= count:
        return rels
    return [rels[(i * len(rels)) // count] for i in range(count)]
