"""Full-text search: a Pagefind index of the rendered article pages, as files of the site.

The article template marks what Pagefind reads (``data-pagefind-body``, ``-meta``, ``-filter`` and
``-sort``); only article pages are given to it, so no other page is in the index. Before indexing,
each page gets the names of the alias groups it mentions but does not spell out (``Korut`` for an
article that says ``Korea Utara``), so that a search for any name of a group finds the others; the
published pages are left as rendered.

Pagefind runs as its own binary (PyPI ``pagefind[bin]``) over a temporary folder. Its Python API
talks to the same binary one page per message, with a 0.1 s pause per message in its reader loop
(100 s for 1,000 articles), and cannot return an index over 2 MiB in memory; one run of the binary
over a folder costs a fraction of a second and has no such limit.

Determinism: for the same pages Pagefind writes the same word index and fragments, but its filter
files (``filter/*.pf_filter``, and so ``pagefind-entry.json`` and ``*.pf_meta``, which name them by
hash) come out in a different order on each run (Pagefind 1.5: a Rust HashMap with a random seed).
Search answers are the same; the bytes of those files are not, so ``pagefind/`` is left out of
byte-for-byte comparisons.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from markupsafe import escape

from warta import urls
from warta.errors import ConfigError, OutputError
from warta.i18n import Messages
from warta.model import Article, OutputFile, Page
from warta.topics import AliasGroup

BUNDLE = "pagefind"  # the folder of the search bundle in the site
PAGE = "search/index.html"
# Pagefind's ready-made UIs: the search page has its own (static/search.js), so these are not shipped.
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
           "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
_TOKEN = re.compile(r"[^\W_]+")
_TIMEOUT = 600  # seconds: far more than any index takes; a hung binary must not hang the build


_SCRIPT_TEXTS = ("found", "none", "prompt", "loading", "more", "failed", "all")


def page(ui: Messages) -> Page:
    """The search page; static/search.js runs the search there with the texts it carries."""
    forms = {key: ui.catalogue.messages[f"search.{key}"][ui.language] for key in _SCRIPT_TEXTS}
    texts = {"plural": ui.catalogue.languages[ui.language]["plural"], **forms}
    return Page(PAGE, "search.html", {"title": ui.text("search.title"), "intro": ui.text("search.intro"),
                                      "section": "search", "script_texts": json.dumps(texts, ensure_ascii=False,
                                                                                        sort_keys=True)})


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


def alias_names(text: str, groups: Iterable[AliasGroup]) -> tuple[str, ...]:
    """The names of every alias group ``text`` mentions, less the names it already uses, in data order.

    A name matches token by token ignoring case; a short all-capitals name (``AS``, ``PBB``) is an
    acronym and matches only in capitals, as the theme lexicons match them.
    """
    tokens = _TOKEN.findall(text)
    lower = [t.casefold() for t in tokens]
    starts: dict[str, list[int]] = {}
    for i, word in enumerate(lower):
        starts.setdefault(word, []).append(i)
    out: list[str] = []
    for group in groups:
        present = [name for name in group.names if _mentions(name, tokens, lower, starts)]
        if present:
            out += [name for name in group.names if name not in present and name not in out]
    return tuple(out)


def _mentions(name: str, tokens: Sequence[str], lower: Sequence[str], starts: Mapping[str, list[int]]) -> bool:
    words = _TOKEN.findall(name)
    if not words:
        return False
    acronym = len(words) == 1 and _is_acronym(words[0])
    want = [w.casefold() for w in words]
    for i in starts.get(want[0], ()):
        if lower[i:i + len(want)] == want and (not acronym or tokens[i] == words[0]):
            return True
    return False


def _is_acronym(word: str) -> bool:
    return word.isupper() and 2 <= len(word) <= 5


def indexed_html(html: bytes, names: Sequence[str]) -> bytes:
    """The page as Pagefind reads it: ``names`` added as a lightly weighted indexed block at the end."""
    if not names:
        return html
    block = f'<div data-pagefind-body data-pagefind-weight="0.5">{escape(" · ".join(names))}</div>'
    head, tail = html.rsplit(b"</body>", 1) if b"</body>" in html else (html, b"")
    return head + block.encode("utf-8") + b"</body>" + tail


def index(files: Sequence[OutputFile], articles: Sequence[Article], groups: Sequence[AliasGroup]) -> list[OutputFile]:
    """The search bundle (``pagefind/...``) for the rendered article pages among ``files``."""
    pages = {f.path: f for f in files}
    with tempfile.TemporaryDirectory(prefix="warta-search-") as tmp:
        site, out = Path(tmp) / "site", Path(tmp) / "bundle"
        for a in articles:
            page = pages.get(urls.article_path(a))
            if page is None:
                continue
            text = " ".join([a.title, *(b.text for b in a.blocks)])
            target = site / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(indexed_html(page.data, alias_names(text, groups)))
        site.mkdir(exist_ok=True)
        _run(site, out)
        return [OutputFile(f"{BUNDLE}/{p.relative_to(out).as_posix()}", p.read_bytes())
                for p in sorted(out.rglob("*")) if p.is_file() and p.name not in _UNUSED]


def _run(site: Path, out: Path) -> None:
    command = [str(binary()), "--site", str(site), "--output-path", str(out), "--keep-index-url", "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OutputError(f"cannot build the search index: {exc}") from None
    if done.returncode != 0 or not (out / "pagefind.js").is_file():
        said = (done.stderr or done.stdout).strip().splitlines()
        raise OutputError(f"cannot build the search index: pagefind exited {done.returncode}"
                          + (f": {said[-1]}" if said else ""))
