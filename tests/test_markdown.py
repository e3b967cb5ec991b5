"""Markdown bodies: blocks, safe inline HTML, title from the first heading, clear boilerplate only."""

from __future__ import annotations

import pytest

from eval_extraction import Case, extract, load_cases, squash
from warta.clean import Rules, load_rules
from warta.markdown import read_markdown, safe_href
from warta.meta import Outlets, load_outlets
from warta.model import Line, TextParts

MD_CASES = [c for c in load_cases() if c.path.suffix == ".md"]


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="module")
def outlets() -> Outlets:
    return load_outlets()


def read(text: str, rules: Rules, outlets: Outlets, first: int = 1) -> TextParts:
    return read_markdown(tuple(Line(first + i, t) for i, t in enumerate(text.split("\n"))), rules, outlets)


@pytest.mark.parametrize("case", MD_CASES, ids=lambda c: c.name)
def test_valid_markdown(case: Case) -> None:
    got, want = extract(case.path), case.expected
    assert (got.title, got.outlet, got.site) == (want["title"], want["outlet"], want["site"])
    assert list(got.credits) == want["credits"]
    assert [b.text for b in got.blocks if b.type == "heading"] == want["headings"]
    by_text = {squash(b.text): b for b in got.blocks}
    for paragraph in want["paragraphs"]:
        assert squash(paragraph) in by_text
    for text, style in want.get("styles", {}).items():
        assert by_text[squash(text)].style == style
    html = "".join(b.html or "" for b in got.blocks)
    assert all(part in html for part in want.get("html_contains", []))
    assert not any(part in html for part in want.get("html_excludes", []))
    assert sorted(squash(r.text) for r in got.removed) == sorted(squash(t) for t in want["removed"])


def test_first_h1_is_the_title_not_a_block(rules: Rules, outlets: Outlets) -> None:
    got = read("# The headline\n\nA first paragraph of the story.\n\n# Second top heading\n\n### Detail", rules,
               outlets, first=4)
    assert (got.title, got.title_line) == ("The headline", 4)
    assert [(b.type, b.text, b.level, b.line) for b in got.blocks] == [
        ("paragraph", "A first paragraph of the story.", 0, 6),
        ("heading", "Second top heading", 2, 8),
        ("heading", "Detail", 3, 10),
    ]


def test_no_heading_no_title(rules: Rules, outlets: Outlets) -> None:
    assert read("Just a paragraph of text here.", rules, outlets).title is None


def test_unsafe_links_lose_their_href(rules: Rules, outlets: Outlets) -> None:
    got = read("See [a](https://example.org/x?a=1&b=2), [b](/local), [c](JaVaScRiPt:alert(1)), "
               "[d](data:text/html;base64,xx) and <vbscript:msgbox>.", rules, outlets)
    html = got.blocks[0].html or ""
    assert '<a href="https://example.org/x?a=1&amp;b=2">a</a>' in html
    assert '<a href="/local">b</a>' in html
    assert "href=\"javascript" not in html.lower() and "href=\"data:" not in html and "href=\"vbscript" not in html


def test_raw_html_is_text(rules: Rules, outlets: Outlets) -> None:
    got = read('Hello <img src=x onerror="alert(1)"> **bold** and *it*\n\n<div>block</div>', rules, outlets)
    html = "".join(b.html or "" for b in got.blocks)
    assert "<img" not in html and "<div>" not in html
    assert "&lt;img" in html and "<strong>bold</strong>" in html and "<em>it</em>" in html


@pytest.mark.parametrize(("href", "ok"), [
    ("https://a.b/c", True), ("http://a.b", True), ("page.html", True), ("#top", True), ("//cdn.example.org/x", True),
    ("javascript:alert(1)", False), (" javascript:alert(1)", False), ("java\nscript:alert(1)", False),
    ("data:text/html,x", False), ("mailto:a@b.c", False), ("vbscript:x", False),
])
def test_safe_href(href: str, ok: bool) -> None:
    assert safe_href(href) is ok


def test_heuristics_do_not_apply_to_markdown(rules: Rules, outlets: Outlets) -> None:
    got = read("# Title\n\nShort line\n\nAdvertisement\n\n- item one\n- item two", rules, outlets)
    assert [b.text for b in got.blocks] == ["Short line", "item one", "item two"]
    assert [(r.text, r.rule) for r in got.removed] == [("Advertisement", "ad-marker")]
