"""Output paths, relative links that work from disk and under a subpath, and public URLs."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


def test_month_paths() -> None:
    assert urls.month_path(2024, 6) == "archive/2024/06/index.html"
    assert urls.month_path(2024, 0) == "archive/2024/index.html"


@pytest.mark.parametrize(("text", "slug"), [
    ("Kompas.com", "kompas-com"), ("CNN Indonesia", "cnn-indonesia"), ("Détik  News!", "detik-news"),
    ("北京日报", ""), ("a" * 100, "a" * 80), ("kata " * 30, ("kata-" * 16).rstrip("-")),
])
def test_slugs(text: str, slug: str) -> None:
    assert urls.slug(text) == slug
