"""Output paths, relative links that work from disk and under a subpath, and public URLs."""

from __future__ import annotations

import dataclasses
import posixpath
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from site_factory import article
from warta import urls


def test_article_pages_are_folders_with_an_index() -> None:
    assert urls.article_path(article(1)) == "articles/artikel-001/index.html"


@pytest.mark.parametrize(("page", "target", "link"), [
    ("index.html", "articles/a/index.html", "articles/a/index.html"),
    ("articles/a/index.html", "index.html", "../../index.html"),
    ("articles/a/index.html", "articles/b/index.html", "../b/index.html"),
    ("themes/x/page/2/index.html", "static/style.css", "../../../../static/style.css"),
    ("page/2/index.html", "page/3/index.html", "../3/index.html"),
])
def test_relative_links_name_the_file(page: str, target: str, link: str) -> None:
    assert urls.relative(page, target) == link


segment = st.text(alphabet="abcdefghij-0123456789", min_size=1, max_size=6)
page_path = st.lists(segment, max_size=4).map(lambda parts: "/".join([*parts, "index.html"]))


@given(page_path, page_path)
def test_a_relative_link_resolves_to_its_target_from_its_page(page: str, target: str) -> None:
    link = urls.relative(page, target)
    assert not link.startswith("/") and link.endswith("index.html")
    assert posixpath.normpath(posixpath.join(posixpath.dirname(page), link)) == target


@pytest.mark.parametrize(("listing", "page", "path"), [
    ("", 1, "index.html"), ("", 2, "page/2/index.html"),
    ("themes/banjir", 1, "themes/banjir/index.html"), ("themes/banjir", 3, "themes/banjir/page/3/index.html"),
])
def test_listing_pages(listing: str, page: int, path: str) -> None:
    assert urls.listing_path(listing, page) == path


def test_public_urls_are_absolute_folder_urls_under_the_base_url() -> None:
    base = "https://user.github.io/repo/"
    assert urls.absolute(base, "index.html") == base
    assert urls.absolute(base, "articles/a/index.html") == base + "articles/a/"
    assert urls.absolute("https://user.github.io/repo", "feed.xml") == base + "feed.xml"
    assert urls.absolute(base, "archive/2024/06/index.html") == base + "archive/2024/06/"


def test_rooted_links_keep_the_subpath_for_pages_served_at_any_depth() -> None:
    assert urls.rooted("https://user.github.io/repo/", "static/style.css") == "/repo/static/style.css"
    assert urls.rooted("https://user.github.io/repo/", "index.html") == "/repo/"
    assert urls.rooted("https://example.org", "themes/index.html") == "/themes/"


ONLY_SOMETIMES = {"untagged", "undated"}  # pages of articles no theme or date was found for: none among the seeds


def test_the_seed_site_has_every_fixed_page_and_file_where_paths_says(seed_site: Path) -> None:
    missing = [f"{name}: {path}" for name, path in dataclasses.asdict(urls.PATHS).items()
               if name not in ONLY_SOMETIMES and not (seed_site / path).is_file()]
    assert missing == []
    assert (seed_site / urls.story_path("x")).parent.parent == seed_site / urls.folder_of(urls.PATHS.stories)
    assert (seed_site / urls.period_folder(2024, 6) / urls.INDEX).is_file()
    assert (seed_site / urls.month_path(2024, 6)).is_file()


# where a template names a file: url('...'), absolute(base, '...'), href="...", after {{ root }}
_LINKED = r"""(?:url\(\s*['"]|,\s*['"]|(?:href|action|src)="|\}\})"""


def test_templates_link_to_fixed_pages_through_paths_not_literal_paths() -> None:
    """A page's place is written once, in urls.PATHS: a template that spelt one out would keep linking to
    the old place if it moved."""
    assert re.search(_LINKED + re.escape("archive/index.html"), "<a href=\"{{ url('archive/index.html') }}\">")
    assert re.search(_LINKED + re.escape("feed.xml"), '<a href="{{ root }}feed.xml">')
    assert not re.search(_LINKED + re.escape("feed.json"), "{{ t('feed.json') }}")  # a message's key
    found = [f"{t.name}: {p}" for t in sorted((ROOT / "templates").iterdir()) if t.is_file()
             for p in dataclasses.asdict(urls.PATHS).values()
             if re.search(_LINKED + re.escape(p), t.read_text(encoding="utf-8"))]
    assert found == []


def test_month_paths() -> None:
    assert urls.month_path(2024, 6) == "archive/2024/06/index.html"
    assert urls.month_path(2024, 0) == "archive/2024/index.html"


@pytest.mark.parametrize(("text", "slug"), [
    ("Kompas.com", "kompas-com"), ("CNN Indonesia", "cnn-indonesia"), ("Détik  News!", "detik-news"),
    ("a" * 100, "a" * 80), ("kata " * 30, ("kata-" * 16).rstrip("-")),
    # letters of other scripts stay, readable; Latin ones lose their accents; joiners join
    ("北京日报", "北京日报"), ("Москва: новости дня", "москва-новости-дня"), ("Upał w Łodzi", "upal-w-lodzi"),
    ("مصر والسودان", "مصر-والسودان"), ("بی‌بی‌سی فارسی", "بیبیسی-فارسی"), ("मानसून ने", "मानसून-ने"),
    ("４月１９日", "4月19日"), ("!!!", ""),
    ("我国高铁" * 30, "我国高铁" * 15),  # a folder name stays within 180 bytes (255 is the file system's limit)
])
def test_slugs(text: str, slug: str) -> None:
    assert urls.slug(text) == slug
