"""Property-based tests: arbitrary bytes and text never make warta raise anything but its own errors.

Each stage that reads user text is fed what hypothesis makes of it: the loader (bytes, front matter),
the cleaner (scraped lines and Markdown), the date finder, the theme pass, the extractor with any
front-matter values; and a whole site is built from generated articles, its pages parsed as a browser
would. Example counts are kept small enough for the whole file to take well under a minute.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from test_hostile import live_markup
from warta import dates, extract, load, markdown, pipeline, scrape, topics
from warta.config import SiteConfig, load_config
from warta.errors import ContentError, WartaError
from warta.model import Article, Block, Language, Line, RawDocument
from warta.yamlio import parse

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# A build takes seconds: few examples, and no shrinking (it would rebuild hundreds of sites).
SITE = settings(max_examples=6, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
TODAY = dt.date(2026, 11, 21)
# The site's own scripts (a file under static/) and its JSON-LD block: no other "<script" may appear.
_OWN_SCRIPTS = re.compile(r'<script type="application/ld\+json">[^<]*</script>'
                          r'|<script [^>]*src="[^":<>]*static/[\w.-]+\.js"></script>')
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0010fffe\U0010ffff]")

# Text as scrapes bring it: any character, with the ones that matter to a page or a feed made likely.
HOSTILE = st.sampled_from(["<script>", "</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
                           "]]>", "</title>", "&amp;", "<!--", "\x00", "\x07", "\x1b", "\x85", "\u202e",
                           "\ufffe", "\ufdd0", "\U0001fffe",
                           "19 Juni 2024", "June 19, 2024", "2024-02-30", "Baca juga:", "Home > Berita >",
                           "---", "#", "> ", "- ", "[x](javascript:alert(1))", "\r\n", "\t", "Putin", "banjir"])
TEXT = st.lists(st.one_of(st.text(max_size=40), HOSTILE), max_size=12).map("".join)
# Lines as the loader hands them on: split at line ends, without the characters it removes.
LINES = st.lists(TEXT.map(lambda t: load.plain(t.replace("\n", " ").replace("\r", " "))), max_size=15)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(TEXT, inner, max_size=3)), max_leaves=6)
# Front matter: often the right kind of value for its key, sometimes anything at all.
FITTING = st.sampled_from(["2024-06-19", "2024-06", "2024", "19 Juni 2024", "https://example.org/berita/1", "id",
                           "en-GB", ["banjir", "-politik"], ["Ani", "Budi"], 20240619])
FRONT_VALUES = st.one_of(TEXT, FITTING, FITTING, VALUES)
KEYS = st.sampled_from(["title", "outlet", "site", "date", "url", "language", "lang", "themes", "themes_remove",
                        "slug", "id", "credits", "author", "authors", "other"])
FRONT = st.builds(lambda titled, other: {**other, **titled}, st.fixed_dictionaries({}, optional={"title": TEXT}),
                  st.dictionaries(KEYS, FRONT_VALUES, max_size=4))


@cache
def config() -> SiteConfig:
    return dataclasses.replace(load_config(ROOT), build_date=TODAY)


@cache
def tables() -> extract.Tables:
    return extract.load_tables(config())


@cache
def lexicon() -> topics.Lexicon:
    return topics.load_lexicon(config().themes, config().root)


def body(lines: list[str]) -> tuple[Line, ...]:
    return tuple(Line(i + 1, text) for i, text in enumerate(lines))


def is_plain(text: str) -> bool:
    return not _UNWANTED.search(text) and "\r" not in text


@FAST
@given(st.one_of(st.binary(max_size=300), TEXT.map(str.encode),
                 st.tuples(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b""]),
                           st.binary(max_size=200)).map(b"".join)))
def test_decode_gives_plain_nfc_text_or_a_content_error(data: bytes) -> None:
    try:
        text, encoding, warnings = load.decode(data, "x.txt")
    except ContentError as exc:
        assert exc.path == "x.txt" and exc.message
        return
    assert is_plain(text) and unicodedata.is_normalized("NFC", text)
    assert all(w.path == "x.txt" for w in warnings)


@FAST
@given(FRONT, TEXT, st.booleans())
def test_read_document_splits_any_front_matter_or_says_where_it_fails(tmp_path_factory: Any, front: dict[str, Any],
                                                                       text: str, closed: bool) -> None:
    import yaml

    head = yaml.safe_dump(front, allow_unicode=True) if front else text  # valid YAML, or any text
    source = f"---\n{head}{'---' if closed else ''}\n{text}"
    path = _scratch(tmp_path_factory) / "a.md"
    path.write_bytes(source.encode("utf-8"))
    try:
        doc = load.read_document(path, "a.md", 10**6)
    except ContentError as exc:
        assert str(exc).startswith("a.md") and exc.message
        event("refused")
        return
    event("read")
    assert all(is_plain(line.text) for line in doc.body)
    assert all(is_plain(k) for k in doc.front_matter)
    assert [line.number for line in doc.body] == list(range(doc.body[0].number, doc.body[-1].number + 1)) \
        if doc.body else True


@SLOW
@given(LINES)
def test_the_cleaner_reads_any_scraped_lines(lines: list[str]) -> None:
    numbers = set(range(1, len(lines) + 1))
    parts = scrape.read_text(body(lines), tables().rules, tables().outlets)
    assert all(b.line in numbers and b.text.strip() for b in parts.blocks)
    assert all(r.line in numbers for r in parts.removed)
    assert parts.title is None or parts.title_line in numbers


@SLOW
@given(LINES)
@example([":_<SCRIPT>_"])  # found by Hypothesis: a script tag inside an emphasis left it open
def test_the_markdown_reader_reads_any_text_and_its_html_is_inert(lines: list[str]) -> None:
    parts = markdown.read_markdown(body(lines), tables().rules, tables().outlets)
    for block in parts.blocks:
        if block.html is not None:
            assert list(live_markup(block.html, fragment=True)) == [], block.html


@FAST
@given(TEXT, st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))))
def test_the_date_finder_reads_any_text(text: str, anchor: dt.date | None) -> None:
    for mention in dates.find_dates(text, tables().date_words, anchor):
        assert isinstance(mention.date, dt.date)


@FAST
@given(SCALARS)
def test_any_front_matter_date_value_is_a_date_or_none(value: Any) -> None:
    parsed = dates.parse_date_value(value)
    assert parsed is None or isinstance(parsed[0], dt.date)


@SLOW
@given(TEXT, LINES, st.lists(TEXT, max_size=3))
def test_the_theme_pass_tags_any_article(title: str, paragraphs: list[str], set_by_hand: list[str]) -> None:
    blocks = tuple(Block("paragraph", p, i + 1) for i, p in enumerate(paragraphs) if p.strip())
    article = Article(id="a", slug="a", source="a.txt", format="txt", title=title or "x", outlet=None, site=None,
                      url=None, published=None, language=Language("id", 1.0), credits=(), blocks=blocks,
                      removed=(), word_count=0, reading_minutes=0, digest="0" * 64,
                      themes_set=tuple(set_by_hand))
    [tagged] = topics.tag([article], lexicon(), config().themes.threshold)
    known = {t.id for t in lexicon().themes}
    assert {m.theme for m in tagged.themes} <= known | set(set_by_hand)
    assert all(0 <= e.block < len(blocks) for m in tagged.themes for e in m.evidence)


@SLOW
@given(FRONT, LINES, st.sampled_from(["txt", "md"]))
def test_extraction_with_any_front_matter_gives_an_article_or_a_content_error(
        front: dict[str, Any], lines: list[str], fmt: str) -> None:
    doc = RawDocument(path="a.md", format=fmt, body=body(lines), front_matter=front,  # type: ignore[arg-type]
                      front_matter_lines={k: 2 for k in front}, encoding="utf-8", digest="0" * 64, stem="a")
    try:
        article = extract.article(doc, tables(), config())
    except ContentError as exc:
        assert exc.path == "a.md" and exc.message
        event(f"refused: {exc.message[:24]}")
        return
    event("article")
    assert article.title.strip()
    assert len(article.title) <= extract.TITLE_MAX_CHARS or article.title == " ".join(str(front["title"]).split())
    assert re.fullmatch(_SLUG, article.slug), article.slug
    assert article.url is None or re.match(r"(?i)https?://", article.url)
    assert article.published is None or article.published.date <= TODAY


@FAST
@given(TEXT)
def test_yaml_never_raises_anything_but_a_warta_error(text: str) -> None:
    try:
        parse(text, "f.yaml", error=ContentError)
    except WartaError as exc:
        assert str(exc).startswith("f.yaml")


# words of letters, digits and combining marks (any script; Latin ones plain ASCII) joined by single hyphens:
# no space, slash, dot, percent sign or other character a path or a URL would read
_SLUG = r"[^\W_][^\s\-/\\.%?#&_\"'<>]*(?:-[^\W_][^\s\-/\\.%?#&_\"'<>]*)*"


@FAST
@given(TEXT)
def test_slugs_are_safe_path_parts(text: str) -> None:
    slug = extract.slugify(text)
    assert re.fullmatch(f"(?:{_SLUG})?", slug) and len(slug) <= 80 and len(slug.encode("utf-8")) <= 180
    assert extract.slugify(slug) == slug  # lower case already, nothing left to drop
    assert not re.search(r"[A-Z]", slug)


@SITE
@given(st.lists(st.tuples(TEXT, LINES), min_size=1, max_size=3))
def test_a_site_built_from_generated_articles_has_only_inert_valid_pages(
        tmp_path_factory: Any, articles: list[tuple[str, list[str]]]) -> None:
    tmp = _scratch(tmp_path_factory)
    seeds = tmp / "input"
    seeds.mkdir()
    for n, (title, lines) in enumerate(articles):
        text = "\n\n".join([title.replace("\n", " "), *lines, "Hujan deras membuat banjir di kota dan warga "
                            "mengungsi ke tempat yang lebih aman sejak pagi hari."])
        (seeds / f"{n}.txt").write_bytes(text.encode("utf-8"))
    (seeds / "known.txt").write_text("Banjir Besar Melanda Kota Sejak Pagi\n\nHujan deras membuat banjir di kota "
                                     "dan warga mengungsi ke tempat yang lebih aman.\n", encoding="utf-8")
    cfg = dataclasses.replace(config(), input_dir=str(seeds), output_dir=str(tmp / "_site"),
                              base_url="https://user.github.io/repo/")
    report = pipeline.build(cfg)
    event(f"{report.articles - 1} of {len(articles)} generated articles built")
    pages = sorted((tmp / "_site").rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert list(live_markup(html)) == [], page
        assert "<script" not in _OWN_SCRIPTS.sub("", html)


def _scratch(factory: Any) -> Path:
    return Path(factory.mktemp("prop", numbered=True))
