"""A crawl of the site served under a subpath: no broken link, no link escaping the subpath, no bad anchor."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

from conftest import BASE_URL, DATA
from sitecheck import crawl, pages, samples, serve

GOLDEN = DATA / "golden" / "expected"
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _listing(problems: list[crawl.Problem] | list[str]) -> str:
    return "\n".join(str(p) for p in problems)


def test_seed_site_has_no_broken_escaping_or_anchor_links(seed_site: Path, served_site: str) -> None:
    report = crawl.crawl_site(seed_site, served_site, BASE_URL)
    assert not report.problems, f"{len(report.problems)} link problem(s):\n{_listing(report.problems)}"
    on_disk = len(pages.html_files(seed_site))
    assert report.pages >= on_disk, f"crawled {report.pages} HTML pages, but the site has {on_disk}"


def test_golden_site_has_no_broken_escaping_or_anchor_links() -> None:
    assert pages.html_files(GOLDEN), f"no HTML pages in {GOLDEN}"
    with serve.serve(GOLDEN, "/repo/") as root:
        report = crawl.crawl_site(GOLDEN, root, BASE_URL)
    assert not report.problems, f"{len(report.problems)} link problem(s):\n{_listing(report.problems)}"


def test_seed_site_links_work_from_disk(seed_site: Path) -> None:
    # 404.html is left out: GitHub Pages serves it at any depth, so its links must be rooted at the subpath.
    files = [p for p in pages.html_files(seed_site) if p.name != "404.html" or p.parent != seed_site]
    problems = crawl.disk_problems(seed_site, files)
    assert not problems, "links that break when the site is opened from disk:\n" + "\n".join(problems)


def test_crawler_reports_each_kind_of_defect(tmp_path: Path) -> None:
    site = samples.bad_site(tmp_path / "site")
    with serve.serve(site, "/repo/") as root:
        report = crawl.crawl_site(site, root, samples.PUBLIC_URL)
    found = {(p.kind, p.target.split("127.0.0.1")[-1]) for p in report.problems}
    port_free = {(kind, target.split(":", 1)[-1].split("/", 1)[-1] if "#" in target else target)
                 for kind, target in found}
    assert ("BROKEN", "/repo/missing.html") in found, _listing(report.problems)
    assert ("BROKEN", "/repo/missing.png") in found, _listing(report.problems)
    assert ("ESCAPE", "/about.html") in found, _listing(report.problems)
    assert ("ESCAPE", "https://user.github.io/other/") in found, _listing(report.problems)
    assert ("ESCAPE", "../../../outside.html") in found, _listing(report.problems)
    assert ("ANCHOR", "repo/index.html#no-such-anchor") in port_free, _listing(report.problems)
    assert len(report.problems) == 6, _listing(report.problems)


def test_crawler_passes_a_good_site(tmp_path: Path) -> None:
    site = samples.good_site(tmp_path / "site")
    with serve.serve(site, "/repo/") as root:
        report = crawl.crawl_site(site, root, samples.PUBLIC_URL)
    assert not report.problems, _listing(report.problems)
    assert report.status["/repo/posts/one/"] == 200
    assert report.status["/repo/feed.xml"] == 200
    assert report.pages >= 4
    assert len(report.problems) == 0 and set(report.status.values()) == {200}


def test_disk_check_reports_folder_links_root_links_and_missing_files(tmp_path: Path) -> None:
    site = samples.write(tmp_path / "site", {
        "index.html": samples.page("Home", "", '<a href="posts/one/">folder</a><a href="/repo/x.html">root</a>'
                                               '<a href="gone.html">gone</a><a href="posts/one/index.html">ok</a>'),
        "posts/one/index.html": samples.page("One", "../../", "<p>x</p>"),
        "style.css": "",
        "feed.xml": "<rss/>",
    })
    problems = crawl.disk_problems(site, [site / "index.html"])
    assert any('"posts/one/"' in p and "folder" in p for p in problems), problems
    assert any('"/repo/x.html"' in p and "root-relative" in p for p in problems), problems
    assert any('"gone.html"' in p and "no such file" in p for p in problems), problems
    assert not any('"posts/one/index.html"' in p for p in problems), problems


def _get(url: str) -> tuple[int, bytes, str]:
    try:
        with OPENER.open(url, timeout=10) as r:
            return int(r.status), r.read(), r.url
    except urllib.error.HTTPError as e:
        return e.code, e.read(), url


def test_server_serves_the_site_only_under_the_subpath(tmp_path: Path) -> None:
    site = samples.good_site(tmp_path / "site")
    with serve.serve(site, "/repo/") as root:
        assert root.startswith("http://127.0.0.1:") and root.endswith("/repo/")
        origin = root[: -len("/repo/")]
        assert _get(root)[0] == 200
        assert _get(origin + "/index.html")[0] == 404
        status, _, final = _get(origin + "/repo")
        assert (status, final) == (200, root)
        status, _, final = _get(root + "posts/one")
        assert (status, final) == (200, root + "posts/one/")
        status, body, _ = _get(root + "no/such/page/")
        assert status == 404 and b"No such page" in body  # GitHub Pages answers with the site's 404.html
