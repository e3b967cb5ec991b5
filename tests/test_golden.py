"""The golden site: a small fixed corpus built with a fixed config, compared file by file with expected/.

The corpus is tests/data/golden/corpus/ (.txt and .md); the expected tree is tests/data/golden/expected/.

Rewrite expected/ after an intended change with ``pytest tests/test_golden.py --update-golden``, then review
the diff (``git diff tests/data/golden/expected``) before committing it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import BASE_URL, DATA, make_config
from sitecheck import feeds, golden, pages

GOLDEN = DATA / "golden"
CORPUS = GOLDEN / "corpus"
EXPECTED = GOLDEN / "expected"
CORPUS_SUFFIXES = (".txt", ".md")
BUILD_DATE = dt.date(2026, 11, 21)


def _corpus() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.suffix in CORPUS_SUFFIXES)


def _build_golden(tmp_path: Path) -> Path:
    from warta import pipeline  # imported here so that the comparison's own test runs even when the build cannot

    # Built in place, so every path the site records is the same on every machine.
    assert len(_corpus()) >= 3, f"the golden corpus in {CORPUS} has only {len(_corpus())} articles"
    about = str(CORPUS.parent / "about.md")  # the corpus's own About page, in its interface language
    report = pipeline.build(make_config(tmp_path, CORPUS, base_url=BASE_URL, build_date=BUILD_DATE, about=about))
    assert not report.errors, "\n".join(str(e) for e in report.errors)
    return tmp_path / "_site"


def test_golden_site_matches_expected(tmp_path: Path, update_golden: bool) -> None:
    site = _build_golden(tmp_path)
    if update_golden:
        golden.replace(EXPECTED, site)
    assert EXPECTED.is_dir(), f"no expected tree at {EXPECTED}: run pytest --update-golden and review it"
    problems = golden.compare(site, EXPECTED)
    assert not problems, (
        "the golden site differs from tests/data/golden/expected (if the change is intended, run "
        "pytest tests/test_golden.py --update-golden and review the diff):\n" + "\n".join(problems)
    )


def test_compare_reports_missing_extra_and_changed_files(tmp_path: Path) -> None:
    built, expected = tmp_path / "built", tmp_path / "expected"
    for root, files in ((built, {"a.html": "one\ntwo\n", "new.html": "x", "pagefind/x.js": "1"}),
                        (expected, {"a.html": "one\nTWO\n", "gone.html": "y", "pagefind/x.js": "2"})):
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
    report = golden.compare(built, expected)
    assert report[:2] == ["missing (expected, not built): gone.html", "extra (built, not expected): new.html"]
    assert report[2].startswith("changed: a.html\n") and "-TWO" in report[2] and "+two" in report[2]
    assert len(report) == 3  # pagefind/ is excluded
    golden.replace(expected, built)
    assert golden.compare(built, expected) == []
    assert not (expected / "pagefind").exists()


def test_expected_tree_is_a_whole_site() -> None:
    # Guards --update-golden against pinning a broken build: the tree must hold the key pages and a feed.
    for role in ("home", "article", "outlets", "about", "404"):
        pages.find_role(EXPECTED, role)
    articles = [p for p in pages.html_files(EXPECTED)
                if pages.ROLES["article"].search(p.relative_to(EXPECTED).as_posix())]
    assert len(articles) == len(_corpus()), f"{len(articles)} article pages in expected/ for {len(_corpus())} articles"
    assert feeds.find_feeds(EXPECTED), f"no feed in {EXPECTED}"
