"""The loader: bytes to text in every encoding scrapes come in, front matter, bad files."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest

from warta import load
from warta.errors import ConfigError, ContentError
from warta.load import decode, plain, read_document, read_sources

LOADER = Path(__file__).resolve().parent / "data" / "loader"
TEXT = "Judul Berita Tentang Café\n\nParagraf pertama dengan kutipan “penting” di sini.\n"


def read(name: str, max_bytes: int = 10**6):  # type: ignore[no-untyped-def]
    return read_document(LOADER / name, name, max_bytes)


def body(name: str) -> str:
    return "\n".join(line.text for line in read(name).body)


@pytest.mark.parametrize("name", ["utf8-bom.txt", "utf16-le.txt", "utf16-be.txt", "crlf.txt", "cr.txt"])
def test_unicode_and_line_endings_decode_to_the_same_text(name: str) -> None:
    assert body(name) == TEXT


def test_windows_1252_is_detected_not_guessed() -> None:
    text = body("cp1252.txt")
    assert "café" in text and "“We will not give in,”" in text and "€50" in text


def test_latin1_german_is_readable() -> None:
    assert "Königin besucht Zürich" in body("latin1.txt") and "Größe" in body("latin1.txt")


def test_text_is_normalised_to_nfc() -> None:
    assert body("nfd.txt").startswith("Caf\u00e9 di Jakarta")


def test_line_numbers_count_from_the_file_start() -> None:
    doc = read("frontmatter.txt")
    assert doc.front_matter["title"] == "Judul dari front matter"
    assert doc.front_matter_lines == {"title": 2, "outlet": 3, "date": 4}
    assert doc.body[0].number == 6 and doc.body[0].text == "Home Berita Judul lain"


def test_front_matter_dates_stay_text_for_warta_to_check() -> None:
    assert read("frontmatter.txt").front_matter["date"] == "2024-06-19"


def test_toml_front_matter_between_plus_fences_is_read_like_yaml() -> None:
    doc = read("tomlfront.md")
    assert doc.front_matter["title"] == "Samsung unveils Galaxy Z Fold6 in Paris"
    assert doc.front_matter["date"] == "2024-07-10T15:00:00+02:00"  # text, as YAML dates stay
    assert doc.front_matter["params"] == {"outlet": "Korea JoongAng Daily"}
    assert doc.front_matter_lines == {"title": 2, "date": 3, "author": 4, "tags": 5, "params.outlet": 8}
    assert doc.body[1].number == 11 and doc.body[1].text.startswith("Samsung Electronics unveiled")


def test_truncated_utf8_is_a_warning_naming_the_line() -> None:
    doc = read("truncated.txt")
    assert body("truncated.txt") == TEXT
    assert [str(w) for w in doc.warnings] == [
        "truncated.txt:4: truncated UTF-8 sequence at the end of the file: dropped"]


def test_mixed_encodings_are_read_line_by_line() -> None:
    doc = read("mixed.txt")
    text = "\n".join(line.text for line in doc.body)
    assert "café dan “kutipan”" in text and "Baris baru “lagi”" in text
    assert [w.line for w in doc.warnings] == [3]


@pytest.mark.parametrize(("rest", "stray", "encoding", "shown"), [
    # One or two accented letters: Big5 and Shift JIS fit the bytes too ("S廩ul"), but the file is Latin.
    ("Summit in Pyongyang \u2014 the treaty.", "Pasted from an old page: Séoul réagit vivement.", "latin-1", "cp1252"),
    ("Beijing called it 合作 \u2014 a “new era”.", "Die Königin besucht Zürich.", "cp1252", "cp1252"),
    ("国家主席今天在人民大会堂会见外国领导人。", "中國外交部發言人今天表示，雙方將繼續合作。", "big5", "big5"),
    ("気象庁は関東地方で猛暑が続くと発表しました。", "政府は熱中症への注意を呼びかけています。", "shift_jis", "cp932"),
    ("Москва, 19 июня. Президент прибыл в Пхеньян.", "Министр заявил, что договор подписан.", "cp1251", "cp1251"),
])
def test_a_stray_legacy_line_is_read_in_an_encoding_that_fits_the_rest_of_the_file(
        rest: str, stray: str, encoding: str, shown: str) -> None:
    text, _, warnings = decode(f"{rest}\n".encode() + stray.encode(encoding) + b"\nEnd.", "x.txt")
    assert text.split("\n")[1] == stray
    assert [str(w) for w in warnings] == [f"x.txt:2: line is not UTF-8 like the rest of the file: read as {shown}"]


@pytest.mark.parametrize("name", sorted(p.name for p in LOADER.glob("*") if p.with_suffix(".err").exists()
                                        and p.suffix != ".err"))
def test_invalid_files_give_the_exact_message(name: str) -> None:
    expected = (LOADER / name).with_suffix(".err").read_text(encoding="utf-8").strip()
    with pytest.raises(ContentError) as caught:
        read(name)
    assert str(caught.value) == expected


def test_oversized_file_is_refused_with_the_limit_named() -> None:
    with pytest.raises(ContentError, match=r"over the limit of 50 bytes \(max_file_bytes\)"):
        read("cp1252.txt", max_bytes=50)


def test_sources_are_sorted_and_bad_files_do_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Judul B\n\nIsi B.\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\nIsi A.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "notes.csv").write_text("x,y\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Judul\n\nIsi.\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.txt").write_text("Judul D\n\nIsi D.\n", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("Rahasia\n\nIsi.\n", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(outside)
    sources = read_sources(tmp_path, tmp_path, 10**6)
    assert [d.path for d in sources.documents] == ["a.md", "b.txt", "sub/d.txt"]
    problems = {p.path: (p.severity, p.message) for p in sources.problems}
    assert problems["c.txt"][0] == "error"
    assert problems[".hidden.txt"] == ("warning", "hidden file (its name starts with a dot): skipped")
    assert problems["link.txt"] == ("warning", "symbolic link pointing outside the input folder: not followed")


def test_an_article_saved_as_html_or_pdf_is_named_not_passed_over_and_markdown_suffixes_are_read(
        tmp_path: Path) -> None:
    # an .html page (or a .docx) dropped in the folder was skipped without a word, like an image
    for name in ("page.html", "report.DOCX", "photo.jpg", "data.json", ".page.html"):
        (tmp_path / name).write_text("<p>Judul</p>\n", encoding="utf-8")
    (tmp_path / "note.mkd").write_text("# Judul A\n\nIsi A.\n", encoding="utf-8")
    (tmp_path / "copy.text").write_text("Judul B\n\nIsi B.\n", encoding="utf-8")
    sources = read_sources(tmp_path, tmp_path, 10**6)
    assert [(d.path, d.format) for d in sources.documents] == [("copy.text", "txt"), ("note.mkd", "md")]
    assert [(p.path, p.severity, p.message) for p in sources.problems] == [
        ("page.html", "info", "not read: warta reads text (.txt) and Markdown (.md) files, not .html; copy the "
                              "article's text into a .txt file"),
        ("report.DOCX", "info", "not read: warta reads text (.txt) and Markdown (.md) files, not .docx; copy the "
                                "article's text into a .txt file")]


def test_a_linked_folder_is_not_followed_and_says_so(tmp_path: Path) -> None:
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.txt").write_text("Judul\n\nIsi.\n", encoding="utf-8")
    (tmp_path / "linked").symlink_to(elsewhere, target_is_directory=True)
    sources = read_sources(tmp_path, tmp_path, 10**6)
    assert sources.documents == ()
    assert [(p.path, p.severity, p.message) for p in sources.problems] == [
        ("linked", "warning", "symbolic link to a folder: not followed")]


def test_missing_input_folder_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^nope: input folder does not exist \(set input_dir in site.yaml"):
        read_sources(tmp_path / "nope", tmp_path, 10**6)
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^file.txt: input folder is a file, not a folder"):
        read_sources(tmp_path / "file.txt", tmp_path, 10**6)


def test_plain_removes_exactly_controls_surrogates_and_noncharacters_in_all_of_unicode() -> None:
    every = "".join(chr(c) for c in range(0x110000))

    def unwanted(c: str) -> bool:
        code = ord(c)
        return (unicodedata.category(c) in ("Cc", "Cs") and c not in "\t\n") or 0xFDD0 <= code <= 0xFDEF \
            or code & 0xFFFE == 0xFFFE
    assert plain(every) == "".join(c for c in every if not unwanted(c))
    assert plain("a\U0001fffeb\U0010ffffc\U0001f600") == "abc\U0001f600"  # astral ones too, emoji kept


def test_an_input_the_fingerprint_hashed_is_not_read_again(tmp_path: Path) -> None:
    import hashlib

    from warta import manifest
    from warta.config import load_config
    from warta.load import find_sources

    (tmp_path / "seeds").mkdir()
    for name, text in (("a.md", "# A\n\nSatu."), ("b.txt", "B\n\nDua."), ("big.md", "x" * 500)):
        (tmp_path / "seeds" / name).write_text(text, encoding="utf-8")
    (tmp_path / "site.yaml").write_text("input_dir: seeds\nmax_file_bytes: 100\n", encoding="utf-8")
    config = load_config(tmp_path)
    taken = manifest.take_fingerprint(config)
    assert taken.value == manifest.fingerprint(config)
    top = config.path(config.input_dir)
    plain_find = find_sources(top, config.root, config.max_file_bytes)
    assert {str(f.file): f.digest for f in plain_find.files} == {
        path: seen.digest for path, seen in taken.inputs.items() if not path.endswith("big.md")}
    # What the fingerprint hashed is taken as it is (not read again); the size limit still holds.
    told = {path: seen._replace(digest=hashlib.sha256(path.encode()).hexdigest())
            for path, seen in taken.inputs.items()}
    found = find_sources(top, config.root, config.max_file_bytes, told)
    assert [(f.path, f.digest) for f in found.files] == [(f.path, told[str(f.file)].digest) for f in plain_find.files]
    assert found.problems == plain_find.problems and "over the limit" in found.problems[0].message


def test_a_txt_pasted_from_page_source_loses_its_tags_and_entities_but_keeps_its_lines(tmp_path: Path) -> None:
    page = ('<div class="masthead">The Guardian</div>\n'
            "<h1>Strikes &amp; protests: UK rail workers walk out</h1>\n"
            "<script>var ad = 1;</script>\n"
            "<p>Rail workers walked out on Monday&nbsp;over pay, bringing England&#8217;s network to a halt.</p>\n")
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    doc = read_document(tmp_path / "page.txt", "page.txt", 1_000_000)
    assert [(line.number, line.text) for line in doc.body[:4]] == [
        (1, "The Guardian"),
        (2, "Strikes & protests: UK rail workers walk out"),
        (3, ""),
        (4, "Rail workers walked out on Monday over pay, bringing England\u2019s network to a halt.")]
    # plain text keeps its angle brackets and a bare ampersand; only a whole character reference is decoded
    (tmp_path / "plain.txt").write_text("AT&T says 3 < 4 & x > y &amp; so on\n", encoding="utf-8")
    assert read_document(tmp_path / "plain.txt", "plain.txt", 1_000_000).body[0].text == \
        "AT&T says 3 < 4 & x > y & so on"


def write(tmp_path: Path, name: str, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_document(path, name, 10**6)


PELICAN = ("Title: Festival Budaya Digelar di Yogyakarta\nDate: 2024-07-10 09:30\nTags: budaya, festival\n"
           "Authors: Bambang Priyo, Sri Wahyuni\nSummary: Festival tahunan\n    kembali digelar.\n\n"
           "Festival budaya tahunan kembali digelar di Yogyakarta.\n")


def test_pelican_metadata_header_is_front_matter(tmp_path: Path) -> None:
    doc = write(tmp_path, "pelican.md", PELICAN)
    assert doc.front_matter["title"] == "Festival Budaya Digelar di Yogyakarta"
    assert doc.front_matter["date"] == "2024-07-10 09:30"
    assert doc.front_matter["Authors"] == ["Bambang Priyo", "Sri Wahyuni"]
    assert doc.front_matter["Summary"] == "Festival tahunan kembali digelar."
    assert doc.front_matter_lines["title"] == 1 and doc.front_matter_lines["date"] == 2
    assert [line.number for line in doc.body if line.text] == [8]  # the header is not body text


@pytest.mark.parametrize("text", [
    "Jakarta: banjir merendam ribuan rumah pada Rabu.\n\nParagraf kedua.\n",  # a body that opens with "X: ..."
    "Update: korban bertambah\nmenjadi dua belas orang.\n\nParagraf kedua.\n",  # no key gives a title
    "Title: Judul\nIni kalimat biasa tanpa titik dua\n\nParagraf.\n",  # a line that is no "Key: value"
])
def test_body_that_only_looks_like_a_metadata_header_stays_body(tmp_path: Path, text: str) -> None:
    doc = write(tmp_path, "body.md", text)
    assert doc.front_matter == {} and doc.body[0].text == text.split("\n")[0]


NOTION = ("# Putin visits Pyongyang\n\nAuthor: Jim Heintz\nCreated: June 20, 2024 9:15 AM\nPublished: June 19, 2024\n"
          "Tags: North Korea, Russia\nURL: https://apnews.com/article/putin-kim-pact\n\n"
          "PYONGYANG (AP) — Putin and Kim signed a pact on Wednesday.\n")


def test_a_notion_pages_properties_under_its_title_are_front_matter(tmp_path: Path) -> None:
    # a Notion export: the properties were a paragraph of the body, and the date the day the page was made
    doc = write(tmp_path, "Putin visits Pyongyang 3f2a9c1e8b7d4e5f.md", NOTION)
    assert doc.front_matter == {"author": "Jim Heintz", "Created": "June 20, 2024 9:15 AM", "date": "June 19, 2024",
                                "Tags": "North Korea, Russia", "url": "https://apnews.com/article/putin-kim-pact"}
    assert doc.front_matter_lines == {"author": 3, "Created": 4, "date": 5, "Tags": 6, "url": 7}
    assert [(line.number, line.text[:9]) for line in doc.body if line.text] == [(1, "# Putin v"), (9, "PYONGYANG")]


@pytest.mark.parametrize("text", [
    "# Banjir\n\nJakarta: banjir merendam ribuan rumah pada Rabu.\n\nParagraf kedua.\n",  # no key warta reads
    "# Banjir\n\nAuthor: Jim Heintz\nmenulis dari Jakarta.\n\nParagraf.\n",  # a line that is no "Key: value"
    "---\ntitle: Banjir\n---\n# Banjir\n\nAuthor: Jim\n",  # front matter given: the body is body
])
def test_a_paragraph_under_the_title_that_only_looks_like_properties_stays_body(tmp_path: Path, text: str) -> None:
    doc = write(tmp_path, "body.md", text)
    assert "author" not in doc.front_matter and any(line.text.startswith(("Jakarta:", "Author:")) for line in doc.body)


def test_metadata_header_is_read_in_markdown_only(tmp_path: Path) -> None:
    assert write(tmp_path, "pelican.txt", PELICAN).front_matter == {}


@pytest.mark.parametrize(("written", "code"), [
    ("Indonesian", "id"), ("Bahasa Indonesia", "id"), ("bahasa  indonesia", "id"), ("Inggris", "en"),
    ("English", "en"), ("Deutsch", "de"), ("日本語", "ja"), ("id-ID", "id-ID"), ("Klingon", "Klingon"),
])
def test_a_language_given_by_name_is_read_as_its_code(tmp_path: Path, written: str, code: str) -> None:
    doc = write(tmp_path, "a.md", f"---\ntitle: Judul\nlanguage: {written}\n---\n\nIsi.\n")
    assert doc.front_matter["language"] == code  # codes and unknown names are left for extraction to judge
    assert write(tmp_path, "b.md", f"---\nlang: {written}\n---\n\nIsi.\n").front_matter["lang"] == code


def test_other_tools_names_for_outlet_and_url_are_read(tmp_path: Path) -> None:
    doc = write(tmp_path, "a.md", "---\nTitle: Inflasi\npublisher: Kompas\ncanonical_url: https://kompas.com/a\n"
                                  "locale: Indonesian\n---\n\nIsi.\n")
    assert doc.front_matter == {"title": "Inflasi", "outlet": "Kompas", "url": "https://kompas.com/a",
                                "language": "id"}
    assert doc.front_matter_lines == {"title": 2, "outlet": 3, "url": 4, "language": 5}
    doc = write(tmp_path, "b.md", "---\nsource: https://kompas.com/b\n---\n\nIsi.\n")
    assert doc.front_matter == {"url": "https://kompas.com/b"}  # an address is no outlet's name


@pytest.mark.parametrize("key", ["pubDate", "publishDate", "published_at", "date_published", "datePublished",
                                 "published"])
def test_other_tools_names_for_the_date_are_read(tmp_path: Path, key: str) -> None:
    # Astro, Hugo, Ghost, JSON Feed, schema.org, Jekyll: each article was undated, without a word
    doc = write(tmp_path, "a.md", f"---\ntitle: Banjir\n{key}: 2024-06-19\n---\n\nIsi.\n")
    assert doc.front_matter == {"title": "Banjir", "date": "2024-06-19"}  # dates are kept as written
    assert doc.front_matter_lines == {"title": 2, "date": 3}
    doc = write(tmp_path, "b.md", f"---\n{key}: \"2024-06-19T08:00:00+07:00\"\n---\n\nIsi.\n")
    assert doc.front_matter == {"date": "2024-06-19T08:00:00+07:00"}


def test_of_two_names_for_the_date_the_first_listed_wins_and_no_clip_or_edit_date_is_one(tmp_path: Path) -> None:
    # a file written by hand with two names of the date; a clipper's `created` (the day the page was clipped),
    # Hugo's lastmod and a Jekyll `published: true` are no date of the article
    doc = write(tmp_path, "a.md", "---\npublished: 2024-06-20\npubDate: 2024-06-19\nlastmod: 2024-07-01\n"
                                  "created: 2025-01-01\n---\n\nIsi.\n")
    assert doc.front_matter == {"published": "2024-06-20", "date": "2024-06-19", "lastmod": "2024-07-01",
                                "created": "2025-01-01"}
    doc = write(tmp_path, "b.md", "---\npublished: true\ndate: 2024-06-19\ncreated: 2024-06-01\n---\n\nIsi.\n")
    assert doc.front_matter == {"published": True, "date": "2024-06-19", "created": "2024-06-01"}


def test_a_key_warta_reads_is_never_replaced_by_another_name(tmp_path: Path) -> None:
    doc = write(tmp_path, "a.md", "---\noutlet: Tempo\nsource: Kompas\nmedia: [a.jpg]\n"
                                  "publisher: {name: Kompas}\n---\n\nIsi.\n")
    assert doc.front_matter == {"outlet": "Tempo", "source": "Kompas", "media": ["a.jpg"],
                                "publisher": {"name": "Kompas"}}
    doc = write(tmp_path, "b.md", "---\npublisher: {name: Kompas}\n---\n\nIsi.\n")
    assert doc.front_matter == {"publisher": {"name": "Kompas"}}  # only text stands for a key


def test_a_url_that_is_a_path_on_the_site_is_a_permalink(tmp_path: Path) -> None:
    doc = write(tmp_path, "a.md", "---\ntitle: Jalan Tol\nurl: /berita/jalan-tol/\n---\n\nIsi.\n")
    assert doc.front_matter == {"title": "Jalan Tol", "permalink": "/berita/jalan-tol/"}
    assert doc.front_matter_lines == {"title": 2, "permalink": 3}
    doc = write(tmp_path, "b.md", "---\nurl: /berita/b/\ncanonical_url: https://kompas.com/b\n---\n\nIsi.\n")
    assert doc.front_matter == {"permalink": "/berita/b/", "url": "https://kompas.com/b"}


def test_a_jekyll_file_name_date_is_not_put_into_front_matter(tmp_path: Path) -> None:
    # extraction dates the post by its file name, with that as its source (test_markdown)
    doc = write(tmp_path, "2024-06-19-gempa.md", "---\nlayout: post\ntitle: Gempa\n---\n\nIsi.\n")
    assert "date" not in doc.front_matter and doc.stem == "2024-06-19-gempa"


DRAFTS = {
    "hugo.md": "---\ntitle: Banjir Semarang\ndate: 2024-06-19\ndraft: true\n---\nBanjir merendam rumah.\n",
    "zola.md": "+++\ntitle = \"Banjir Semarang\"\ndraft = true\n+++\nBanjir merendam rumah.\n",
    "jekyll.md": "---\ntitle: Banjir Semarang\npublished: false\n---\nBanjir merendam rumah.\n",
    "pelican.md": "Title: Banjir Semarang\nStatus: draft\n\nBanjir merendam rumah.\n",
    "quoted.md": "---\ntitle: Banjir Semarang\ndraft: \"TRUE\"\n---\nBanjir merendam rumah.\n",
}
NOT_DRAFTS = {
    "done.md": "---\ntitle: Banjir Semarang\ndraft: false\npublished: true\nstatus: published\n---\nBanjir.\n",
    "dated.md": "---\ntitle: Banjir Semarang\npublished: 2024-06-19\n---\nBanjir merendam rumah.\n",
    "body.md": "# Banjir Semarang\n\ndraft: true, kata redaksi, belum final.\n",
}


def test_a_draft_is_left_out_of_the_sources_with_an_info_line_naming_file_and_line(tmp_path: Path) -> None:
    for name, text in {**DRAFTS, **NOT_DRAFTS}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "utf16.md").write_bytes("---\ntitle: Banjir\ndraft: yes\n---\nIsi.\n".encode("utf-16"))
    sources = read_sources(tmp_path, tmp_path, 10**6)
    assert [d.path for d in sources.documents] == sorted(NOT_DRAFTS)
    assert sorted(str(p) for p in sources.problems if p.severity == "info") == [
        "hugo.md:4: draft ('draft: true' in front matter): not published",
        "jekyll.md:3: draft ('published: false' in front matter): not published",
        "pelican.md:2: draft ('Status: draft' in front matter): not published",
        "quoted.md:3: draft ('draft: TRUE' in front matter): not published",
        "utf16.md:3: draft ('draft: true' in front matter): not published",
        "zola.md:3: draft ('draft: true' in front matter): not published",
    ]
    assert len(sources.problems) == 6


def test_the_fingerprint_finds_the_drafts_and_opens_no_other_file_again(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from warta import manifest
    from warta.config import load_config
    from warta.load import find_sources

    (tmp_path / "seeds").mkdir()
    plain_files = {"plain.md": "---\ntitle: Banjir\n---\nIsi.\n", "plain.txt": "Banjir\n\nIsi, terbit 19 Juni.\n"}
    for name, text in {**DRAFTS, **NOT_DRAFTS, **plain_files}.items():
        (tmp_path / "seeds" / name).write_text(text, encoding="utf-8")
    (tmp_path / "seeds" / "utf16.md").write_bytes("---\ntitle: Banjir\ndraft: yes\n---\nIsi.\n".encode("utf-16"))
    config = load_config(tmp_path)
    top = config.path(config.input_dir)
    plain = find_sources(top, config.root, config.max_file_bytes)
    taken = manifest.take_fingerprint(config)
    marked = {*DRAFTS, *NOT_DRAFTS, "utf16.md"}  # each has a line that starts with a draft key, or is UTF-16
    assert {Path(path).name for path, seen in taken.inputs.items() if seen.may_be_draft} == marked
    opened: list[str] = []
    real_open = Path.open

    def watched(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", watched)
    monkeypatch.setattr(Path, "read_bytes", lambda self: (opened.append(self.name), real_open(self, "rb").read())[1])
    told = find_sources(top, config.root, config.max_file_bytes, taken.inputs)
    assert told == plain and len(told.problems) == 6 and len(told.files) == 5
    assert sorted(set(opened)) == sorted(marked)  # read as documents to tell; the plain files are not opened again


def test_a_draft_is_no_article_of_the_build_and_its_cache_entry_does_not_bring_it_back(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import project
    from warta import cache, cli, pipeline
    from warta.config import load_config

    seeds = project(tmp_path) / "seeds"
    config = load_config(tmp_path)
    first = pipeline.analyse(config, store=True)
    seed = sorted(seeds.iterdir())[0]
    seed.write_bytes(b"---\ndraft: true\n---\n" + seed.read_bytes())
    # an entry for the draft's very bytes, as a build that published drafts would have left it
    store = cache.open_cache(config, writable=True)
    assert store is not None
    doc = load.read_document(seed, f"seeds/{seed.name}", 10**6)
    store.put(doc, cache.Entry(next(a for a in first.articles if a.source == doc.path), "", ()))
    again = pipeline.analyse(config, store=True)
    assert len(again.articles) == len(first.articles) - 1
    assert doc.path not in {a.source for a in again.articles}
    assert [str(p) for p in again.problems if p.severity == "info"] == [
        f"seeds/{seed.name}:2: draft ('draft: true' in front matter): not published"]
    assert cli.main(["build", "--root", str(tmp_path), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert f"info: seeds/{seed.name}:2: draft ('draft: true' in front matter): not published" in err
    published = (tmp_path / "_site" / "data" / "articles.json").read_text(encoding="utf-8")
    assert f"seeds/{seed.name}" not in published and f"seeds/{sorted(seeds.iterdir())[1].name}" in published
    # the editor's report names it under its own heading, not among the problems met while reading
    page = (tmp_path / "_site" / "report" / "index.html").read_text(encoding="utf-8")
    assert 'id="report-left-out"' in page and f"seeds/{seed.name}:2: draft" in page
    assert 'id="report-problems"' not in page
