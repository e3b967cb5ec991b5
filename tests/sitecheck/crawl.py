"""A link crawler over a site served under a subpath: broken links, links escaping the subpath, bad anchors."""

from __future__ import annotations

import html.parser
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

LINK_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src", "srcset"), "script": ("src",),
    "iframe": ("src",), "source": ("src", "srcset"), "audio": ("src",), "video": ("src", "poster"),
    "track": ("src",), "embed": ("src",), "object": ("data",), "input": ("src",), "form": ("action",),
    "blockquote": ("cite",), "q": ("cite",),
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
NOT_CHECKED = ("javascript:", "mailto:", "tel:", "data:", "about:", "blob:")
CRAWLED_FILES = (".html", ".htm", ".xml", ".rss", ".atom")


@dataclass(frozen=True)
class Ref:
    """One reference found in a page: where, which tag and attribute, and the value as written."""

    page: str
    tag: str
    attr: str
    value: str

    def __str__(self) -> str:
        return f'{self.page} <{self.tag} {self.attr}="{self.value}">'


@dataclass(frozen=True)
class Problem:
    """A failure: BROKEN (an HTTP error), ESCAPE (outside the subpath) or ANCHOR (no such id)."""

    kind: str
    target: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind} {self.detail}"


@dataclass
class Report:
    """What a crawl found."""

    problems: list[Problem] = field(default_factory=list)
    status: dict[str, int | str] = field(default_factory=dict)  # URL path (no fragment) -> HTTP status
    pages: int = 0
    external: set[str] = field(default_factory=set)

    def kinds(self) -> set[str]:
        return {p.kind for p in self.problems}


class PageParser(html.parser.HTMLParser):
    """The references, ids and <base href> of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.base_href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = {k: v for k, v in attrs if v is not None}
        if d.get("id"):
            self.ids.add(d["id"])
        if tag == "a" and d.get("name"):
            self.ids.add(d["name"])
        if tag == "base" and d.get("href"):
            self.base_href = d["href"]
        rel = d.get("rel", "").lower().split()
        if tag == "link" and ("preconnect" in rel or "dns-prefetch" in rel):
            return
        for attr in LINK_ATTRS.get(tag, ()):
            value = d.get(attr)
            if value is None:
                continue
            if attr == "srcset":
                self.refs.extend((tag, attr, part.split()[0]) for part in value.split(",") if part.split())
            else:
                self.refs.append((tag, attr, value))
        if tag == "meta" and d.get("http-equiv", "").lower() == "refresh":
            m = re.search(r"url\s*=\s*['\"]?([^'\";]+)", d.get("content", ""), re.I)
            if m:
                self.refs.append(("meta", "refresh", m.group(1).strip()))
        if d.get("style"):
            self.refs.extend((tag, "style", m.group(2) or m.group(4)) for m in CSS_URL.finditer(d["style"]))

    handle_startendtag = handle_starttag


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(url: str, opener: urllib.request.OpenerDirector) -> tuple[int | str, str, bytes, str]:
    """(status, content type, body, final URL), following up to 5 redirects."""
    for _ in range(6):
        try:
            with opener.open(url, timeout=15) as r:
                return int(r.status), r.headers.get("Content-Type", ""), r.read(), url
        except urllib.error.HTTPError as e:
            if e.code in (301, 302, 303, 307, 308) and e.headers.get("Location"):
                url = urllib.parse.urljoin(url, e.headers["Location"])
                continue
            return e.code, "", b"", url
        except (urllib.error.URLError, OSError) as e:
            return f"error {e}", "", b"", url
    return "too many redirects", "", b"", url


def site_urls(site: Path, root_url: str) -> list[str]:
    """Every page and feed on disk, as links name it (``dir/`` for ``dir/index.html``)."""
    out = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and path.suffix in CRAWLED_FILES and not any(p.startswith(".") for p in rel.split("/")):
            if rel == "index.html" or rel.endswith("/index.html"):
                rel = rel[: -len("index.html")]
            out.append(root_url + urllib.parse.quote(rel))
    return out


class Crawler:
    """Crawl ``root_url`` (the site served under its subpath), checking every internal reference."""

    def __init__(self, root_url: str, public_url: str | None, check_anchors: bool = True) -> None:
        parts = urllib.parse.urlsplit(root_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.base_path = parts.path
        self.public = public_url.rstrip("/") + "/" if public_url else None
        self.check_anchors = check_anchors
        self.opener = urllib.request.build_opener(_NoRedirect, urllib.request.ProxyHandler({}))
        self.report = Report()
        self.queue: list[str] = []
        self.queued: set[str] = set()
        self.refs_to: dict[str, list[Ref]] = {}
        self.anchors: dict[tuple[str, str], list[Ref]] = {}
        self.ids: dict[str, set[str]] = {}
        self.escapes: set[str] = set()

    def crawl(self, start: list[str]) -> Report:
        for url in start:
            self._enqueue(url)
        while self.queue:
            self._visit(self.queue.pop(0))
        self._judge()
        return self.report

    def _enqueue(self, url: str) -> None:
        if url not in self.queued:
            self.queued.add(url)
            self.queue.append(url)

    def _short(self, url: str) -> str:
        return url[len(self.origin):] if url.startswith(self.origin) else url

    def _visit(self, url: str) -> None:
        status, ctype, body, final = fetch(url, self.opener)
        self.report.status[self._short(url)] = status
        if status != 200:
            return
        text = body.decode("utf-8", "replace")
        if "html" in ctype:
            self.report.pages += 1
            parser = PageParser()
            parser.feed(text)
            self.ids[final] = parser.ids
            base = urllib.parse.urljoin(final, parser.base_href) if parser.base_href else final
            for tag, attr, value in parser.refs:
                self._add(Ref(self._short(final), tag, attr, value), base)
        elif "css" in ctype:
            for m in CSS_URL.finditer(text):
                self._add(Ref(self._short(final), "css", "url", m.group(2) or m.group(4)), final)
        elif "xml" in ctype and self.public:
            for m in re.finditer(re.escape(self.public) + r"[^\s<>\"']*", text):
                self._add(Ref(self._short(final), "xml", "url", m.group(0)), final)

    def _escape(self, ref: Ref, why: str) -> None:
        if ref.value not in self.escapes:
            self.escapes.add(ref.value)
            self.report.problems.append(Problem("ESCAPE", ref.value, f"{ref}: {why}"))

    def _add(self, ref: Ref, base: str) -> None:
        v = ref.value.strip()
        if not v or v.lower().startswith(NOT_CHECKED) or v in ("#", "#top"):
            return
        if self.public and (v.startswith(self.public) or v == self.public.rstrip("/")):
            v = self.base_path + v[len(self.public):]  # the site's own public URL: check the local copy
        u = urllib.parse.urlsplit(v)
        if u.scheme and u.scheme not in ("http", "https"):
            self.report.external.add(v)
            return
        if u.scheme or v.startswith("//"):
            pub = urllib.parse.urlsplit(self.public or "")
            if self.public and u.netloc == pub.netloc:
                self._escape(ref, f"the site's own host, but outside {self.public}")
            else:
                self.report.external.add(v)
            return
        if v.startswith("/") and not v.startswith(self.base_path) and v + "/" != self.base_path:
            self._escape(ref, f"root-relative link outside {self.base_path} (breaks on a project site)")
            return
        full, frag = urllib.parse.urldefrag(urllib.parse.urljoin(base, v))
        if not full.startswith(self.origin + self.base_path) and full + "/" != self.origin + self.base_path:
            self._escape(ref, f"resolves to {self._short(full)}, outside {self.base_path}")
            return
        self.refs_to.setdefault(self._short(full), []).append(ref)
        if frag and self.check_anchors and ref.tag in ("a", "area"):
            self.anchors.setdefault((full, urllib.parse.unquote(frag)), []).append(ref)
        self._enqueue(full)

    def _judge(self) -> None:
        for path, status in self.report.status.items():
            if status != 200:
                srcs = sorted({str(r) for r in self.refs_to.get(path, [])})[:5] or ["(a file on disk)"]
                self.report.problems.append(Problem("BROKEN", path, f"{status} {path} <- " + "; ".join(srcs)))
        for (url, frag), refs in self.anchors.items():
            ids = self.ids.get(url)
            if ids is None:
                ids = self._ids_after_redirect(url)
            if ids is not None and frag not in ids:
                where = "; ".join(sorted({str(r) for r in refs})[:5])
                self.report.problems.append(
                    Problem("ANCHOR", f"{url}#{frag}", f"#{frag} not found in {self._short(url)} <- {where}")
                )

    def _ids_after_redirect(self, url: str) -> set[str] | None:
        """The ids of the page a redirecting URL (``/repo/about`` -> ``/repo/about/``) lands on."""
        return self.ids.get(url + "/") if not url.endswith("/") else None


def crawl_site(site: Path, root_url: str, public_url: str | None, check_anchors: bool = True) -> Report:
    """Crawl from the home page and from every page and feed on disk (so unlinked pages are checked too)."""
    return Crawler(root_url, public_url, check_anchors).crawl([root_url, *site_urls(site, root_url)])


def disk_problems(site: Path, pages: list[Path], tags: tuple[str, ...] = ("a", "link", "script", "img")) -> list[str]:
    """References that break when the site is opened from disk (file://): a folder, a missing file, a root path.

    From disk, ``articles/x/`` shows a folder listing instead of the page, and ``/x`` means the disk's root.
    One line per broken target, with how many references name it and the first few of them.
    """
    found: dict[tuple[str, str], list[str]] = {}
    root = site.resolve()
    for path in pages:
        parser = PageParser()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        rel = path.relative_to(site).as_posix()
        for tag, attr, value in parser.refs:
            v = value.strip()
            u = urllib.parse.urlsplit(v)
            if tag not in tags or not u.path or u.scheme or v.startswith("//") or v.lower().startswith(NOT_CHECKED):
                continue
            target = (path.parent / urllib.parse.unquote(u.path)).resolve()
            shown = target.relative_to(root).as_posix() if target.is_relative_to(root) else str(target)
            if v.startswith("/"):
                key = (v, "root-relative, so from disk it points at the disk's root")
            elif not target.is_relative_to(root):
                key = (shown, "outside the site folder")
            elif target.is_dir():
                key = (shown + "/", "a folder, so from disk the browser shows a file listing, not the page")
            elif not target.is_file():
                key = (shown, "no such file")
            else:
                continue
            found.setdefault(key, []).append(f'{rel} <{tag} {attr}="{value}">')
    return [f"{target}: {why}; {len(refs)} reference(s): {'; '.join(refs[:3])}{' ...' if len(refs) > 3 else ''}"
            for (target, why), refs in sorted(found.items())]
