"""Every page passes the W3C Nu Html Checker; every feed parses cleanly with feedparser."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import BASE_URL, DATA
from sitecheck import feeds, pages, samples, tools, vnu

GOLDEN = DATA / "golden" / "expected"


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-made site with known defects (see sitecheck.samples)."""
    return samples.bad_site(tmp_path_factory.mktemp("sample") / "site")


@pytest.fixture(scope="module")
def vnu_errors(seed_site: Path, sample_site: Path) -> Iterator[list[vnu.Message]]:
    """vnu's errors over the seed site, the golden site and two sample pages: one JVM, one batch."""
    files = [*pages.html_files(seed_site), *pages.html_files(GOLDEN), sample_site / "posts/bad/index.html",
             sample_site / "index.html"]
    try:
        yield vnu.check(files)
    except tools.ToolMissing as exc:
        pytest.fail(str(exc), pytrace=False)


def _listing(messages: list[vnu.Message], site: Path, limit: int = 40) -> str:
    lines = [f"{m.where(site)}: {m.message}" + (f"  [{m.extract[:80]}]" if m.extract else "") for m in messages]
    more = [f"... and {len(lines) - limit} more"] if len(lines) > limit else []
    return "\n".join(lines[:limit] + more)


def test_every_page_is_valid_html(seed_site: Path, sample_site: Path, vnu_errors: list[vnu.Message]) -> None:
    assert pages.html_files(seed_site), f"no HTML pages in {seed_site}"
    # Everything not from the golden tree or the sample counts here, so no error can fall between the tests.
    errors = [m for m in vnu_errors if not m.path.is_relative_to(GOLDEN) and not m.path.is_relative_to(sample_site)]
    assert not errors, f"vnu found {len(errors)} error(s):\n{_listing(errors, seed_site)}"


def test_every_golden_page_is_valid_html(vnu_errors: list[vnu.Message]) -> None:
    # The golden corpus covers what the seeds do not (English UI, undated articles, Markdown lists and headings).
    assert pages.html_files(GOLDEN), f"no HTML pages in {GOLDEN}"
    errors = [m for m in vnu_errors if m.path.is_relative_to(GOLDEN)]
    assert not errors, f"vnu found {len(errors)} error(s):\n{_listing(errors, GOLDEN)}"


def test_vnu_reports_errors_in_invalid_html(sample_site: Path, vnu_errors: list[vnu.Message]) -> None:
    errors = [m for m in vnu_errors if m.path.is_relative_to(sample_site)]
    text = _listing(errors, sample_site)
    assert {m.path.name for m in errors} == {"index.html"} and all("bad" in m.path.parts for m in errors), text
    assert any("alt" in m.message for m in errors), text
    assert any("Duplicate ID" in m.message for m in errors), text


def test_vnu_fails_clearly_without_java_or_vnu_jar(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(tools.ToolMissing, match="java is not on PATH"):
        vnu.check([tmp_path / "x.html"])
    monkeypatch.undo()
    monkeypatch.setattr(tools, "VNU_JAR", tmp_path / "vnu.jar")
    with pytest.raises(tools.ToolMissing, match=r"vnu\.jar not found at .*bash \.ci/setup --test"):
        vnu.check([tmp_path / "x.html"])


@pytest.mark.parametrize("which", ["seed", "golden"])
def test_every_feed_parses_and_every_entry_is_complete(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue("seed_site") if which == "seed" else GOLDEN
    found = feeds.find_feeds(site)
    assert found, f"no feed (*.xml with an <rss> or <feed> root) in {site}"
    problems = [f"{f.relative_to(site)}: {p}" for f in found for p in feeds.check_feed(f, BASE_URL)]
    assert not problems, "feed problems:\n" + "\n".join(problems)


@pytest.mark.parametrize("which", ["seed", "golden"])
def test_every_json_feed_is_complete(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue("seed_site") if which == "seed" else GOLDEN
    problems = [f"{f.relative_to(site)}: {p}" for f in feeds.find_json_feeds(site)
                for p in feeds.check_json_feed(f, BASE_URL)]
    assert not problems, "JSON Feed problems:\n" + "\n".join(problems)


def test_json_feed_check_reports_incomplete_items(tmp_path: Path) -> None:
    good = {"version": "https://jsonfeed.org/version/1.1", "title": "T", "home_page_url": samples.PUBLIC_URL,
            "items": [{"id": "a", "title": "A", "url": samples.PUBLIC_URL + "a/",
                       "date_published": "2026-11-21T08:00:00+00:00"},
                      {"id": "b", "title": "B", "url": samples.PUBLIC_URL + "b/",  # a day unknown, and said
                       "_warta": {"published": "2026-11", "precision": "month"}}]}
    (tmp_path / "good.json").write_text(json.dumps(good))
    bad = {**good, "items": [{"id": "a", "url": "a/", "date_published": "21 Nov 2026"}, {"id": "a", "title": "B"}]}
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    (tmp_path / "other.json").write_text("{}")
    assert [p.name for p in feeds.find_json_feeds(tmp_path)] == ["bad.json", "good.json"]
    assert feeds.check_json_feed(tmp_path / "good.json", samples.PUBLIC_URL) == []
    problems = feeds.check_json_feed(tmp_path / "bad.json", samples.PUBLIC_URL)
    assert problems == [
        "item 1 ('a') date '21 Nov 2026' is not an RFC 3339 date-time",
        "item 1 ('a') has no title",
        "item 1 ('a') url 'a/' is not an absolute URL under https://user.github.io/repo/",
        "item 2 ('B') has no link, date",
        "item 2 ('B') has the same id as item 1: 'a'",
    ], problems


def test_feed_check_reports_bozo_and_incomplete_entries(tmp_path: Path) -> None:
    site = samples.bad_site(tmp_path / "site")
    assert [p.name for p in feeds.find_feeds(site)] == ["feed-bad.xml", "feed-broken.xml", "feed.xml"]
    assert feeds.check_feed(site / "feed.xml", samples.PUBLIC_URL) == []
    bad = feeds.check_feed(site / "feed-bad.xml", samples.PUBLIC_URL)
    assert any("entry 1" in p and "has no link, date, id" in p for p in bad), bad
    assert any("entry 2" in p and "'posts/one/' is not an absolute URL" in p for p in bad), bad
    broken = feeds.check_feed(site / "feed-broken.xml", samples.PUBLIC_URL)
    assert any(p.startswith("bozo") for p in broken), broken
