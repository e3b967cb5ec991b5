"""Markdown bodies: blocks, safe inline HTML, title from the first heading, clear boilerplate only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eval_extraction import Case, extract, load_cases, squash
from warta import extract as extraction
from warta.clean import Rules, load_rules
from warta.config import load_config
from warta.load import read_document
from warta.markdown import read_markdown, safe_href
from warta.meta import Outlets, load_outlets
from warta.model import Article, Line, TextParts

MD_CASES = [c for c in load_cases() if c.path.suffix == ".md"]


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="module")
def outlets() -> Outlets:
    return load_outlets()


def read(text: str, rules: Rules, outlets: Outlets, first: int = 1, given: str | None = None) -> TextParts:
    return read_markdown(tuple(Line(first + i, t) for i, t in enumerate(text.split("\n"))), rules, outlets, given)


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


def test_a_markdownload_clip_loses_its_excerpt_label(rules: Rules, outlets: Outlets) -> None:
    # MarkDownload's template puts the page's description under "> ## Excerpt" before the article
    text = ("# Putin and Kim sign a pact | Reuters\n\n> ## Excerpt\n> Putin and Kim signed a mutual defence pact.\n\n"
            "---\nPYONGYANG, June 19 (Reuters) - Russian President Vladimir Putin signed a pact on Wednesday.\n")
    got = read(text, rules, outlets)
    assert [(b.type, b.style, b.text[:20]) for b in got.blocks] == [
        ("paragraph", "quote", "Putin and Kim signed"), ("paragraph", None, "PYONGYANG, June 19 (")]
    assert [(r.text, r.rule) for r in got.removed] == [("Excerpt", "section-label")]


def test_a_markdownload_excerpt_that_repeats_the_lead_goes(rules: Rules, outlets: Outlets) -> None:
    # the page's description is most often its lead: the quoted copy was a second first paragraph (and a
    # second source of each event the lead dates)
    lead = "On July 18, CrowdStrike released a software update that began impacting IT systems globally."
    text = (f"# Helping our customers through the CrowdStrike outage\n\n> ## Excerpt\n> {lead}\n\n---\n"
            f"Jul 20, 2024\n\n{lead} Although this was not a Microsoft incident, we want to give an update.\n\n"
            "We currently estimate that the update affected 8.5 million devices.\n")
    got = read(text, rules, outlets)
    assert [(b.style, b.text[:14]) for b in got.blocks] == [(None, "On July 18, Cr"), (None, "We currently e")]
    assert ("repeated", 4) in [(r.rule, r.line) for r in got.removed]
    # a short quote that opens a paragraph is still the writer's quote
    got = read('> "Deeply sorry."\n\nDeeply sorry, the chief executive said on Friday morning.\n', rules, outlets)
    assert [b.style for b in got.blocks] == ["quote", None]


def test_unsafe_links_lose_their_href(rules: Rules, outlets: Outlets) -> None:
    got = read("See [a](https://example.org/x?a=1&b=2), [b](/local), [c](JaVaScRiPt:alert(1)), "
               "[d](data:text/html;base64,xx) and <vbscript:msgbox>.", rules, outlets)
    html = got.blocks[0].html or ""
    assert '<a href="https://example.org/x?a=1&amp;b=2">a</a>' in html
    assert '<a href="/local">b</a>' in html
    assert "href=\"javascript" not in html.lower() and "href=\"data:" not in html and "href=\"vbscript" not in html


def test_raw_html_loses_its_tags_and_keeps_its_text(rules: Rules, outlets: Outlets) -> None:
    got = read('Hello <img src=x onerror="alert(1)"> **bold** and *it*<script>alert(2)</script>\n\n'
               '<div class="lead">The <b>block</b> text.<p>Its second part.</p></div>\n\n'
               "<script>alert('x')</script>\n\n<style>p { color: red }</style>", rules, outlets)
    assert [(b.text, b.line) for b in got.blocks] == [
        ("Hello bold and it", 1), ("The block text.", 3), ("Its second part.", 3)]
    html = "".join(b.html or "" for b in got.blocks)
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html
    assert not any(part in html.lower() for part in ("<img", "&lt;img", "<div", "&lt;div", "<b>", "alert", "color"))
    assert [(r.text, r.rule, r.line) for r in got.removed] == [
        ("<script>alert('x')</script>", "raw-html", 5), ("<style>p { color: red }</style>", "raw-html", 7)]


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


def build_md(tmp_path: Path, text: str) -> Article:
    """One Markdown file through extraction, front matter included, as the build runs it."""
    source = tmp_path / "a.md"
    source.write_text(text, encoding="utf-8")
    config = load_config(tmp_path)
    return extraction.article(read_document(source, "a.md", 10**6), extraction.load_tables(config), config)


BODY = "\nThe two leaders signed a treaty on mutual defence in Pyongyang on Wednesday.\n"


@pytest.mark.parametrize(("front", "credits"), [
    ("author:\n  name: Tom Brennan\n  twitter: \"@tbrennan\"\n", ("Tom Brennan",)),
    ("authors:\n  - name: Ana Ruiz\n  - name: Li Wei\n    url: https://example.org/li\n", ("Ana Ruiz", "Li Wei")),
    ("authors:\n  - Ana Ruiz\n  - name: Li Wei\n", ("Ana Ruiz", "Li Wei")),
])
def test_an_author_mapping_credits_its_name(tmp_path: Path, front: str, credits: tuple[str, ...]) -> None:
    got = build_md(tmp_path, f"---\ntitle: A treaty is signed\n{front}---\n{BODY}")
    assert got.credits == credits and not got.warnings


def test_a_note_without_front_matter_or_h1_is_titled_by_its_headline_line(tmp_path: Path) -> None:
    # a note saved as .md, its headline a plain first line: it was refused ("no title")
    text = ("Floods Swamp Semarang After a Night of Rain\n\nSEMARANG, Feb 3 (Reuters) - Floods covered thousands of "
            "homes in Semarang after a night of heavy rain.\n\nThe disaster agency said the water was a metre deep in "
            "places.\n")
    got = build_md(tmp_path, text)
    assert got.title == "Floods Swamp Semarang After a Night of Rain" and not got.warnings
    assert [b.text[:9] for b in got.blocks] == ["SEMARANG,", "The disas"]
    assert [(r.text, r.rule, r.line) for r in got.removed] == [
        ("Floods Swamp Semarang After a Night of Rain", "title-repeat", 1)]


def test_a_markdown_brief_without_a_headline_is_titled_by_its_first_sentence(tmp_path: Path) -> None:
    # no front-matter title, no H1, no headline-shaped line: titled as a scraped brief is, with a warning
    got = build_md(tmp_path, f"---\ndate: 2024-06-19\n---\n{BODY}")
    assert got.title == "The two leaders signed a treaty on mutual defence in Pyongyang on Wednesday"
    assert [b.text for b in got.blocks] == [BODY.strip()]
    assert [str(w) for w in got.warnings] == [
        "a.md:5: no headline: the title is the text's first sentence; set 'title:' in front matter to give one"]


def test_an_obsidian_web_clip_gives_its_authors_outlet_and_publication_date(tmp_path: Path) -> None:
    # the clipper's default template: authors as links to notes, the page's address as `source`, the
    # publication date as `published` and the day it was clipped as `created`
    front = ('title: "Putin and Kim sign a defence pact"\nsource: "https://apnews.com/article/putin-kim-pact"\n'
             'author:\n  - "[[Jim Heintz]]"\n  - "[[people/Hyung-Jin Kim|Hyung-Jin Kim]]"\npublished: 2024-06-19\n'
             'created: 2025-02-11\ntags:\n  - "clippings"\n')
    got = build_md(tmp_path, f"---\n{front}---\n{BODY}")
    assert got.credits == ("Jim Heintz", "Hyung-Jin Kim")
    assert got.outlet == "AP" and got.url == "https://apnews.com/article/putin-kim-pact"
    assert got.published is not None and got.published.date == dt.date(2024, 6, 19)
    assert got.published.source == "front_matter"


@pytest.mark.parametrize(("written", "shown"), [
    ("Kompas.com", "Kompas"), ("AP News", "AP"), ("guardian", "The Guardian"), ("Warta Warga", "Warta Warga"),
    # an edition under its own path is that edition, not the site's host
    ("bbc.com/indonesia", "BBC News Indonesia"), ("https://www.bbc.com/hindi", "BBC News हिंदी"),
    ("bbc.com/news", "BBC")])
def test_an_outlet_front_matter_spells_another_way_is_shown_by_its_one_name(tmp_path: Path, written: str,
                                                                            shown: str) -> None:
    # "Kompas.com" in one file's front matter and KOMPAS.com in another's text were two outlets, two pages
    got = build_md(tmp_path, f"---\ntitle: A pact\noutlet: {written}\n---\n{BODY}")
    assert got.outlet == shown


def test_an_original_address_under_an_editions_path_names_the_edition(tmp_path: Path) -> None:
    got = build_md(tmp_path, "---\ntitle: A pact\nurl: https://www.bbc.com/indonesia/articles/c4ng\n---\n" + BODY)
    assert got.outlet == "BBC News Indonesia"


def test_an_outlet_named_in_front_matter_or_text_wins_over_the_address(tmp_path: Path) -> None:
    got = build_md(tmp_path, "---\ntitle: A pact\noutlet: The Guardian\nurl: https://apnews.com/a\n---\n" + BODY)
    assert got.outlet == "The Guardian"
    unknown = build_md(tmp_path, "---\ntitle: A pact\nurl: https://blog.example.org/a\n---\n" + BODY)
    assert unknown.outlet is None


@pytest.mark.parametrize(("author", "credits"), [
    ("Guy Faulconbridge, Josh Smith", ("Guy Faulconbridge", "Josh Smith")),  # MarkDownload's byline: one credit
    ("Ana Ruiz and Li Wei", ("Ana Ruiz", "Li Wei")),
    ("Smith, John", ("Smith, John",)),  # a name written surname first stays one
    ("Jim Heintz", ("Jim Heintz",)),
])
def test_a_byline_of_several_names_in_one_author_text_credits_each(tmp_path: Path, author: str,
                                                                    credits: tuple[str, ...]) -> None:
    got = build_md(tmp_path, f"---\ntitle: A treaty is signed\nauthor: {author}\n---\n{BODY}")
    assert got.credits == credits


@pytest.mark.parametrize(("author", "credits"), [
    ("财新记者 张静", ("张静",)),  # "Caixin reporter Zhang Jing": the title and the outlet are no part of the name
    ("한겨레 이정훈 기자", ("이정훈",)),  # outlet, name, "reporter"
    ("日本経済新聞", ()),  # a clipper's author that is the outlet's own name credits nobody
    ("Nikkei Asia", ()),
])
def test_an_author_text_with_a_reporters_title_or_the_outlets_name_credits_the_person(
        tmp_path: Path, author: str, credits: tuple[str, ...]) -> None:
    got = build_md(tmp_path, f"---\ntitle: A treaty is signed\nauthor: {author}\n---\n{BODY}")
    assert got.credits == credits


@pytest.mark.parametrize(("author", "outlet"), [
    ("共同通信", "Kyodo News"), ("Reuters", "Reuters"), ("\"[[Nikkei Asia]]\"", "Nikkei Asia"),
    ("\n  - name: AP", "AP"), ("Jim Heintz", None)])
def test_an_author_that_is_a_known_outlet_names_the_outlet(tmp_path: Path, author: str, outlet: str | None) -> None:
    # Kyodo's post with `author: 共同通信` (the pact sweep's page 34): the outlet, not a writer
    got = build_md(tmp_path, f"---\ntitle: ロ朝条約が発効\nauthor: {author}\n---\n{BODY}")
    assert (got.outlet, got.credits) == (outlet, () if outlet else ("Jim Heintz",))
    # an outlet front matter or the text names wins
    named = build_md(tmp_path, f"---\ntitle: A pact\noutlet: Tempo\nauthor: {author}\n---\n{BODY}")
    assert named.outlet == "Tempo"


def test_a_byline_with_the_agency_drawn_on_and_an_attribution_name_no_source(tmp_path: Path) -> None:
    # a clip of Euronews (the pact sweep's 29) and one of Ukrainska Pravda's source lines (its 40), as Markdown
    text = ("---\ntitle: A pact\n---\nBy Euronews with AP\n\n" + BODY + "\nДжерело: Зеленський у Telegram\n")
    got = build_md(tmp_path, text)
    assert (got.outlet, got.credits) == ("Euronews", ())
    assert {r.text: r.rule for r in got.removed}["Джерело: Зеленський у Telegram"] == "source"
    writer = build_md(tmp_path, "---\ntitle: A pact\n---\nBy Jane Doe with AP\n\n" + BODY)
    assert (writer.outlet, writer.credits) == (None, ("Jane Doe",))


def test_an_outlet_credited_in_the_text_is_no_writer(tmp_path: Path) -> None:
    # Reuters' closing line in a clip whose `author: Reuters` credits no one (the pact sweep's page 26)
    text = ("---\ntitle: A pact\nauthor: Reuters\n---\nMOSCOW, Oct 24 (Reuters) - Russia's lower house of "
            "parliament on Thursday ratified a treaty with North Korea.\n\n"
            "[Reporting by Reuters; Editing by Andrew Osborn](https://www.reuters.com/)\n")
    got = build_md(tmp_path, text)
    assert (got.outlet, got.credits) == ("Reuters", ())  # Andrew Osborn edited it: no writer


def test_a_clipped_pages_section_links_above_the_text_are_navigation(tmp_path: Path) -> None:
    # Obsidian's web clipper keeps the page's section links: a list of them, or one breadcrumb link
    body = ("- [World News](https://apnews.com/world-news)\n- [U.S. News](https://apnews.com/us-news)\n"
            "- [Politics](https://apnews.com/politics)\n\n[Business](https://example.com/business)\n\n"
            f"{BODY}\n[Read the report](https://example.com/report)\n")
    got = build_md(tmp_path, f"---\ntitle: A treaty is signed\n---\n{body}")
    assert [b.text for b in got.blocks] == [BODY.strip(), "Read the report"]  # a link under the text stays
    assert {"U.S. News", "Politics", "Business"} <= {r.text for r in got.removed}


def test_an_author_without_a_name_is_a_warning_not_a_lost_article(tmp_path: Path) -> None:
    front = "title: A treaty is signed\ndate: 2024-06-19\nauthor:\n  twitter: \"@tb\"\n"
    got = build_md(tmp_path, f"---\n{front}---\n{BODY}")
    assert got.credits == () and [b.text for b in got.blocks] == [BODY.strip()]
    assert [str(w) for w in got.warnings] == [
        "a.md:4: front matter: an entry of 'author' has no 'name' (its keys: twitter); no credit taken from it"]


def test_a_body_h1_that_is_not_the_front_matter_title_is_a_heading(rules: Rules, outlets: Outlets) -> None:
    text = ("# Day one: the arrival | Reuters\n\nThe plane landed shortly before three in the morning.\n\n"
            "# Day two: the talks\n\nThe two leaders signed the treaty in the afternoon.")
    got = read(text, rules, outlets, first=5, given="Kim Jong Un hosts Putin")
    assert [(b.type, b.text, b.line) for b in got.blocks if b.type == "heading"] == [
        ("heading", "Day one: the arrival | Reuters", 5), ("heading", "Day two: the talks", 9)]
    assert got.outlet is None and got.removed == ()  # a suffix on a section heading names no outlet


@pytest.mark.parametrize("h1", ["Kim Jong Un hosts Putin", "Kim Jong Un hosts Putin | Reuters",
                                "Analysis: Kim Jong Un hosts Putin"])
def test_a_body_h1_that_repeats_the_front_matter_title_is_removed(rules: Rules, outlets: Outlets, h1: str) -> None:
    got = read(f"# {h1}\n\nThe plane landed shortly before three in the morning.", rules, outlets,
               given="Kim Jong Un hosts Putin")
    assert [b.type for b in got.blocks] == ["paragraph"]
    assert [(r.text, r.rule, r.line) for r in got.removed] == [(h1, "title-repeat", 1)]
    assert got.outlet == ("Reuters" if "Reuters" in h1 else None)  # the title line's own suffix still counts


def test_front_matter_title_keeps_the_body_h1_and_guesses_no_outlet_from_it(tmp_path: Path) -> None:
    got = build_md(tmp_path, "---\ntitle: Kim Jong Un hosts Putin\n---\n\n# Day one: the arrival | Reuters\n"
                   f"{BODY}")
    assert (got.title, got.outlet) == ("Kim Jong Un hosts Putin", None)
    assert [(b.type, b.text, b.line) for b in got.blocks] == [
        ("heading", "Day one: the arrival | Reuters", 5), ("paragraph", BODY.strip(), 7)]


def test_footnote_markers_go_and_their_texts_close_the_body(rules: Rules, outlets: Outlets) -> None:
    got = read("The talks covered energy.[^1] And *arms*.[^note-2]\n\n[^1]: A Kremlin readout of June 20.\n\n"
               "[^note-2]: Seen by *reporters*.\n\nKim called Russia an honest friend.", rules, outlets)
    assert [(b.text, b.line) for b in got.blocks] == [
        ("The talks covered energy. And arms.", 1), ("Kim called Russia an honest friend.", 7),
        ("A Kremlin readout of June 20.", 3), ("Seen by reporters.", 5)]
    assert got.blocks[3].html == "Seen by <em>reporters</em>."
    assert "[^" not in "".join((b.html or "") + b.text for b in got.blocks)


def test_a_table_row_is_a_paragraph_with_its_cells_apart(rules: Rules, outlets: Outlets) -> None:
    got = read("| Month | Containers |\n|-------|-----------:|\n| Jan   | **1,200** |\n| Feb   | 1,550 |",
               rules, outlets, first=10)
    assert [(b.type, b.text, b.line, b.style) for b in got.blocks] == [
        ("paragraph", "Month | Containers", 10, "table"), ("paragraph", "Jan | 1,200", 12, "table"),
        ("paragraph", "Feb | 1,550", 13, "table")]
    assert [b.html for b in got.blocks][:2] == [
        "<strong>Month</strong> | <strong>Containers</strong>", "Jan | <strong>1,200</strong>"]


def test_a_code_block_keeps_its_lines_and_indentation(rules: Rules, outlets: Outlets) -> None:
    got = read('Intro line of the text.\n\n```python\nif ok:\n    print("<x>")\n```', rules, outlets)
    code = got.blocks[1]
    assert (code.type, code.style, code.line, code.text) == ("paragraph", "code", 3, 'if ok:\n    print("<x>")')
    assert code.html == '<code>if ok:<br>&nbsp;&nbsp;&nbsp;&nbsp;print("&lt;x&gt;")</code>'


def test_markdown_outlet_follows_the_text_rules_an_agency_source_yields(rules: Rules, outlets: Outlets) -> None:
    # no outlet in front matter: "Sumber: Antara" names the wire the copy came from, the dateline the publisher
    text = ("# Banjir rendam ribuan rumah di pesisir utara\n\n"
            "JAKARTA, KOMPAS.com - Banjir merendam ribuan rumah warga di pesisir utara sejak Senin pagi.\n\n"
            "Warga mengungsi ke balai desa dan masjid terdekat setelah air terus naik.\n\nSumber: Antara")
    assert read(text, rules, outlets).outlet == "Kompas"
    # with no other outlet named, the agency is the outlet
    assert read(text.replace("JAKARTA, KOMPAS.com - ", ""), rules, outlets).outlet == "Antara"


def test_markdown_title_suffix_is_cut_only_when_the_page_names_it_as_the_outlet(rules: Rules,
                                                                                   outlets: Outlets) -> None:
    body = ("Banjir merendam ribuan rumah warga di pesisir utara sejak Senin pagi.\n\n"
            "Warga mengungsi ke balai desa dan masjid terdekat setelah air terus naik.")
    got = read(f"# Banjir rendam ribuan rumah - KABARSATU\n\nBANDUNG, KABARSATU - {body}", rules, outlets)
    assert (got.title, got.outlet) == ("Banjir rendam ribuan rumah", "KABARSATU")
    # an upper-case suffix the page never names as the outlet is the source the headline quotes
    got = read(f"# Floods to worsen over the weekend - NEMA\n\n{body}", rules, outlets)
    assert (got.title, got.outlet) == ("Floods to worsen over the weekend - NEMA", None)


def test_markdown_byline_place_after_the_comma_is_not_a_co_author(rules: Rules, outlets: Outlets) -> None:
    body = ("Die Europäische Zentralbank hat am Donnerstag erstmals seit 2019 die Leitzinsen gesenkt.\n\n"
            "Präsidentin Christine Lagarde sagte nach der Sitzung in Frankfurt, die Inflation sei gefallen.")
    text = f"# EZB senkt erstmals seit fünf Jahren die Zinsen\n\nVon Christian Siedenbiedel, Frankfurt\n\n{body}"
    assert read(text, rules, outlets).credits == ("Christian Siedenbiedel",)
    # two or three words the article writes as a place go too; two people stay credited
    body = ("The city council met on Monday to vote on the new budget.\n\n"
            "Officials in New York said the plan would be published later this week.")
    assert read(f"# Council passes budget\n\nBy Jane Doe, New York\n\n{body}", rules, outlets).credits == ("Jane Doe",)
    assert read(f"# Council passes budget\n\nBy Jane Doe, John Smith\n\n{body}", rules, outlets).credits == (
        "Jane Doe", "John Smith")


def test_a_name_and_outlet_byline_of_a_readability_export_credits_the_writer(rules: Rules,
                                                                            outlets: Outlets) -> None:
    """A scraper that writes Markdown keeps the page's "Name - detikFinance" line: the writer is credited and
    the outlet found, as the scraped-text path does, and the line is no paragraph (md18's readability file)."""
    body = ("Harga bahan bakar minyak nonsubsidi turun mulai hari ini di seluruh SPBU Pertamina.\n\n"
            "Penurunan harga itu mengikuti harga minyak dunia yang melemah sepanjang bulan lalu.")
    got = read(f"# Harga BBM nonsubsidi turun\n\n**Andi Saputra** - detikFinance\n\n{body}", rules, outlets)
    assert (got.credits, got.outlet) == (("Andi Saputra",), "Detik")
    assert [b.text for b in got.blocks if b.type == "paragraph"] == body.split("\n\n")
    assert [(r.text, r.rule) for r in got.removed] == [("Andi Saputra - detikFinance", "byline")]
    # a name and a word that is no outlet stays text
    got = read(f"# Harga BBM nonsubsidi turun\n\nJoko Susilo - Menteri\n\n{body}", rules, outlets)
    assert got.credits == () and got.blocks[0].text == "Joko Susilo - Menteri"


def test_obsidian_and_github_marks_are_not_shown_as_text(rules: Rules, outlets: Outlets) -> None:
    got = read("# Catatan\n\nLiputan [[Pemilu 2024]] dan [[Banjir Semarang#Korban|banjir di Semarang]]"
               " ![[foto.jpg]].\n\n"
               "> [!note] Tenggat\n> Naskah masuk hari Jumat.\n\n> [!WARNING]-\n> Jangan terbitkan dulu.\n\n"
               "- [ ] Hubungi narasumber\n- [x] Siapkan fotografer\n\n"
               "Catatan [1] dan [x] dan [[ ]] di tengah kalimat tetap ditulis.\n", rules, outlets)
    assert [(b.text, b.style) for b in got.blocks] == [
        ("Liputan Pemilu 2024 dan banjir di Semarang.", None),
        ("Tenggat Naskah masuk hari Jumat.", "quote"),
        ("Jangan terbitkan dulu.", "quote"),
        ("\u2610 Hubungi narasumber", "list"),
        ("\u2611 Siapkan fotografer", "list"),
        ("Catatan [1] dan [x] dan [[ ]] di tengah kalimat tetap ditulis.", None),
    ]


def test_a_long_front_matter_title_is_kept_as_given_and_a_long_h1_still_refused(tmp_path: Path) -> None:
    from warta.errors import ContentError

    long = "Pemerintah " + "dan DPR sepakat menunda pembahasan revisi undang-undang " * 7
    assert len(long.strip()) > extraction.TITLE_MAX_CHARS
    got = build_md(tmp_path, f"---\ntitle: {long}\n---\n{BODY}")
    assert got.title == long.strip() and len(got.slug) <= 80
    with pytest.raises(ContentError, match=r"^a.md:1: title is [\d,]+ characters long, more than 300: not a headline; "
                                           r"set 'title:' in front matter$") as refused:
        build_md(tmp_path, f"# {long}\n{BODY}")
    assert refused.value.line == 1


def test_a_jekyll_post_is_dated_by_its_file_name_with_that_as_the_source(tmp_path: Path) -> None:
    from warta.errors import ContentError
    from warta.model import PublishedDate

    def dated(name: str, text: str) -> PublishedDate | None:
        (tmp_path / name).write_text(text, encoding="utf-8")
        config = load_config(tmp_path)
        doc = read_document(tmp_path / name, f"posts/{name}", 10**6)
        return extraction.article(doc, extraction.load_tables(config), config).published

    text = f"---\nlayout: post\ntitle: Gempa Guncang Cianjur\n---\n{BODY}"
    assert dated("2024-06-19-gempa.md", text) == PublishedDate(
        dt.date(2024, 6, 19), "day", "file_name", "2024-06-19-gempa.md")
    given = text.replace("layout: post", "date: 2024-06-20 10:00:00 +0700")  # front matter wins, as in Jekyll
    assert dated("2024-06-19-gempa-2.md", given) == PublishedDate(
        dt.date(2024, 6, 20), "day", "front_matter", "2024-06-20 10:00:00 +0700")
    assert dated("2024-06-19.md", text) is None  # a date alone is no post name
    assert dated("2024-06-19-gempa.txt", text) is None  # nor is a .txt a Jekyll post
    with pytest.raises(ContentError, match=r"^posts/2024-02-30-gempa.md: the file name starts with 2024-02-30, "
                                           r"which is not a calendar date"):
        dated("2024-02-30-gempa.md", text)


def test_an_image_beside_its_caption_is_listed_as_removed(rules: Rules, outlets: Outlets) -> None:
    got = read("Banjir setinggi satu meter merendam ribuan rumah warga di Kota Semarang pada Rabu pagi.\n\n"
               '![Warga mengungsi dengan perahu karet](/img/banjir.jpg "Pengungsian")\n'
               "*Foto: ANTARA/Budi Santoso*\n\n"
               "Warga melihat ![ikon](/i.png) tanda bahaya dan mengungsi ke gedung sekolah terdekat sejak pagi.",
               rules, outlets, first=10)
    assert [(r.text, r.rule, r.line) for r in got.removed if r.rule == "image"] == [
        ('![Warga mengungsi dengan perahu karet](/img/banjir.jpg "Pengungsian")', "image", 12),
        ("![ikon](/i.png)", "image", 15)]
    assert "Foto: ANTARA/Budi Santoso" in [r.text for r in got.removed]  # the caption, as before
    assert [b.text for b in got.blocks][-1].startswith("Warga melihat tanda bahaya")


def test_an_obsidian_clip_of_un_news_names_the_outlet_and_its_photo_credit_goes(tmp_path: Path) -> None:
    # Raisi row 13: the clipper's author "[[UN News]]" was a writer and no outlet, and the credit under the image
    # ("UN Photo/Loey Felipe") the first paragraph
    text = ("---\ntitle: \"UN Security Council observes minute of silence for Iran's Raisi\"\n"
            "source: \"https://news.un.org/en/story/2024/05/1149786\"\nauthor:\n  - \"[[UN News]]\"\n"
            "published: 2024-05-20\n---\n![](https://global.unitednations.entermediadb.net/photo.jpg)\n\n"
            "UN Photo/Loey Felipe\n\nThe UN [[Security Council]] stood for a minute of silence on Monday at the start "
            "of its meeting in New York, in memory of Iranian President Ebrahim Raisi.\n")
    got = build_md(tmp_path, text)
    assert (got.outlet, got.credits) == ("UN News", ())
    assert got.blocks[0].text.startswith("The UN Security Council stood")
    assert ("UN Photo/Loey Felipe", "photo-credit") in [(r.text, r.rule) for r in got.removed]


def test_a_japanese_agency_dateline_is_taken_out_of_the_first_paragraph(rules: Rules, outlets: Outlets) -> None:
    parts = read("【モスクワ共同】ロシア外務省は4日、条約が同日発効したと発表した。\n\n条約は軍事的援助を提供すると"
                 "定めている。", rules, outlets, given="ロ朝条約が発効")
    assert parts.outlet == "Kyodo News"
    assert parts.blocks[0].text == "ロシア外務省は4日、条約が同日発効したと発表した。"
    assert parts.blocks[0].html == "ロシア外務省は4日、条約が同日発効したと発表した。"
    assert [(r.text, r.rule) for r in parts.removed] == [("【モスクワ共同】", "dateline")]


def test_a_byline_that_is_only_an_outlet_names_it_and_credits_no_one(rules: Rules, outlets: Outlets) -> None:
    parts = read("By The Associated Press\n\nThe European Union on Monday adopted its 15th package of sanctions over "
                 "Russia's war in Ukraine.", rules, outlets, given="EU adopts sanctions")
    assert (parts.outlet, parts.credits) == ("AP", ())
