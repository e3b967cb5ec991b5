"""The editor's report: each check finds what it names, duplicates are grouped, and the site carries the page."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from conftest import project
from site_factory import article
from warta import pipeline, report
from warta.config import load_config
from warta.model import Block, Language, PublishedDate, Removed
from warta.similar import SharedPair


def ids(check: report.Check) -> list[str]:
    return [e.article.id for e in check.entries]


def test_each_check_names_the_articles_that_need_an_eye() -> None:
    fine = article(1)
    found = report.review([
        fine,
        article(2, outlet=None),
        article(3, published=None),
        article(4, published=PublishedDate(dt.date(2024, 6, 1), "month", "inferred")),
        article(5, language=Language("id", 0.55)),
        article(6, language=Language("en", 0.0, "default")),
        article(7, language=Language("en", 0.5, "front_matter")),  # given by hand: not in doubt
        article(8, themes=()),
        article(9, word_count=report.SHORT_WORDS - 1),
    ])
    checks = {c.id: c for c in found.checks}
    assert tuple(checks) == report.CHECKS
    assert ids(checks["no-outlet"]) == ["art-002"]
    assert ids(checks["date-missing"]) == ["art-003"]
    assert ids(checks["date-inferred"]) == ["art-004"] and checks["date-inferred"].entries[0].detail == "2024-06"
    assert ids(checks["low-language"]) == ["art-005", "art-006"]
    assert checks["low-language"].entries[0].detail == "id 0.55"
    assert ids(checks["no-theme"]) == ["art-008"]
    assert ids(checks["short"]) == ["art-009"]
    assert found.flagged == 7 and found.articles == 9


def test_likely_duplicates_by_title_by_text_and_by_shared_passages() -> None:
    a, b = article(1), article(2, title="BANJIR melanda kota 1!")  # the same title, written otherwise
    c = article(3, blocks=tuple(dataclasses.replace(x, text=x.text.upper()) for x in article(4).blocks))
    d = article(4)  # the same text as c, but for case
    e, f, g = (article(n, blocks=(Block("paragraph", w, 1),)) for n, w in ((5, "Lima"), (6, "Enam"), (7, "Tujuh")))
    pairs = [SharedPair("art-005", "art-006", ("p1",), 100, 300, 0.95, 0.32),
             SharedPair("art-006", "art-007", ("p2",), 300, 300, 0.4, 0.4)]  # a shared quote, not a copy
    found = report.duplicates([a, b, c, d, e, f, g], pairs)
    assert [(x.reason, [y.id for y in x.articles]) for x in found] == [
        ("same-title", ["art-001", "art-002"]), ("same-text", ["art-003", "art-004"]),
        ("shared-text", ["art-005", "art-006"])]
    assert found[2].share == 0.95


def test_the_letters_an_earlier_build_counted_find_the_same_duplicates(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    c = article(3, blocks=tuple(dataclasses.replace(x, text=x.text.upper()) for x in article(4).blocks))
    articles = [article(1), c, article(2), article(4), article(5, blocks=(Block("paragraph", "Lima", 1),))]
    kept = [report.letters_of(a) for a in articles]
    assert report.duplicates(articles, (), kept) == report.duplicates(articles) != ()
    root = project(tmp_path / "site")
    pipeline.build(load_config(root))
    seed = sorted((root / "seeds").glob("*.txt"))[1]
    seed.write_text(seed.read_text(encoding="utf-8") + "\nSatu kalimat lagi.\n", encoding="utf-8")
    counted: list[str] = []
    real = report._folded_text
    monkeypatch.setattr(report, "_folded_text", lambda a: (counted.append(a.source), real(a))[1])
    pipeline.build(load_config(root))
    assert counted == [f"seeds/{seed.name}"]  # the others' letters as the first build counted them


def test_the_rules_that_fired_most_come_first() -> None:
    one = article(1, removed=(Removed("Iklan", "ads", 2), Removed("Iklan", "ads", 5), Removed("Baca", "read-also", 4)))
    two = article(2, removed=(Removed("Iklan", "ads", 2), Removed("Foto: X", "photo", 9)))
    assert report.rule_counts([one, two]) == (report.RuleCount("ads", 3, 2), report.RuleCount("photo", 1, 1),
                                              report.RuleCount("read-also", 1, 1))
    text = "\n".join(report.lines(report.review([one, two])))
    assert "ads: 3 lines in 2 articles" in text and "photo: 1 line in 1 article" in text


def test_the_text_for_the_terminal_names_the_files() -> None:
    text = report.lines(report.review([article(1), article(2, outlet=None)]))
    assert text[0] == "editor's report: 2 articles, 1 finding"
    assert "articles without an outlet: 1" in text and "  seeds/002.txt" in text


def test_what_the_build_left_out_on_purpose_is_no_problem() -> None:
    from warta.errors import Diagnostic
    draft = Diagnostic("seeds/9.md", 2, "draft ('draft: true' in front matter): not published", "info")
    warning = Diagnostic("seeds/1.txt", 4, "no body text: only a title was found")
    review = report.review([article(1)], [draft, warning])
    assert review.problems == (warning,) and review.left_out == (draft,)


def test_the_built_site_has_the_report_page_linked_from_every_footer(seed_site: Path) -> None:
    page = (seed_site / "report" / "index.html").read_text("utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert 'id="report-no-outlet"' in page and 'id="report-rules"' in page
    assert "report" not in (seed_site / "sitemap.xml").read_text("utf-8")
    for path in ("index.html", "search/index.html"):
        html = (seed_site / path).read_text("utf-8")
        link = "report/index.html" if path == "index.html" else "../report/index.html"
        assert f'<a href="{link}" rel="nofollow">' in html, path


def test_the_same_text_is_found_however_it_is_cut_into_blocks_and_punctuated() -> None:
    one = article(1, blocks=(Block("paragraph", "Banjir melanda kota, 12 rumah rusak.", 1),
                             Block("paragraph", "Warga mengungsi ke_masjid.", 3)))
    two = article(2, title="Lain", blocks=(Block("paragraph", "BANJIR melanda kota 12 rumah — rusak! Warga", 1),
                                          Block("paragraph", "mengungsi (ke masjid)", 2)))
    three = article(3, title="Tiga", blocks=(Block("paragraph", "Banjir melanda kota, 12 rumah rusak.", 1),
                                            Block("paragraph", "Warga mengungsi ke masjid hari ini.", 3)))
    found = report.duplicates([one, two, three])
    assert [(x.reason, [y.id for y in x.articles]) for x in found] == [("same-text", ["art-001", "art-002"])]
