"""Outlets, titles, datelines, source lines and credits."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.clean import Rules, load_rules
from warta.errors import ConfigError
from warta.meta import (
    _SENTENCE_END,
    Outlets,
    _last_sentence_start,
    credit_names,
    find_credit,
    is_name,
    load_outlets,
    outlet_desk,
    outlet_from_dateline,
    outlet_from_source,
    split_names,
    split_title,
)


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="module")
def outlets() -> Outlets:
    return load_outlets()


@pytest.mark.parametrize(("spelling", "name"), [
    ("rmol", "RMOL"), ("kompas.com", "Kompas"), ("KOMPAS.com", "Kompas"), ("The Associated Press", "AP"),
    ("https://www.nytimes.com/2024/06/19/world/asia/putin.html", "The New York Times"),
    ("nasional.kompas.com", "Kompas"), ("Guardian", "The Guardian"), ("-- BERNAMA", "Bernama"),
    ("TIME", "TIME"), ("time", None), ("Bild", None), ("Berita", None),
    ("F.A.Z.", "FAZ"), ("F.A.Z", "FAZ"),  # "Quelle: F.A.Z." loses its closing full stop as the line is read
    ("Punch Newspapers", "Punch"), ("punch", None), ("AS", "AS"), ("as", None), ("g1.globo.com", "g1"),
    # mastheads and domains of outlets added after sweep 4 ("Index" is also a common word: its own spelling only)
    ("Index", "Index"), ("index", None), ("index.hu", "Index"), ("VilaWeb", "VilaWeb"), ("www.vilaweb.cat", "VilaWeb"),
    ("தினமணி", "Dinamani"), ("BBC News, اردو", "BBC News اردو"),
    ("Digi24", "Digi24"),
    # the defence press of the pact sweep (its page 25 is a Defense News page known by its address alone)
    ("https://www.defensenews.com/pentagon/2024/11/05/pentagon-says/", "Defense News"),
    ("Army Times", "Military Times"),
    ("www.stripes.com", "Stars and Stripes"),
])
def test_resolve(spelling: str, name: str | None, outlets: Outlets) -> None:
    assert outlets.resolve(spelling) == name



def test_urdu_express_news_by_its_masthead_and_domain(outlets: Outlets) -> None:
    # Raisi row 23: the Urdu masthead named no outlet
    assert {outlets.resolve("ایکسپریس نیوز"), outlets.resolve("https://www.express.pk/story/2661234/")} == {
        "ایکسپریس نیوز"}

def test_extra_outlets(tmp_path: Path) -> None:
    extra = tmp_path / "outlets.yaml"
    extra.write_text("outlets:\n  - {name: Review Bekasi, aliases: [reviewbekasi], domains: [reviewbekasi.com]}\n"
                     "  - {name: Kompas, aliases: [Harian KOMPAS]}\n", encoding="utf-8")
    outlets = load_outlets(extra)
    assert outlets.resolve("reviewbekasi.com") == "Review Bekasi"
    assert outlets.resolve("harian kompas") == "Kompas"


def test_two_outlets_spelt_the_same_are_told_by_the_language(outlets: Outlets, tmp_path: Path) -> None:
    """"APA" is Austria's agency and Azerbaijan's (sweep 6: an Azerbaijani article got Austria's)."""
    assert outlets.resolve("APA") == "APA"  # the first of the spelling, where the language does not decide
    assert outlets.resolve("apa.az") == "APA (Azerbaijan)"
    assert outlets.in_language("APA", "az") == "APA (Azerbaijan)"
    assert outlets.in_language("APA", "de") == "APA"
    assert outlets.in_language("APA", "en") == "APA"  # neither writes it: the first stays
    assert outlets.in_language("APA (Azerbaijan)", "de") == "APA"
    assert outlets.in_language("Kompas", "en") == "Kompas"  # no homonym
    # a site's own file still overrides a built-in spelling, and its languages must be codes
    extra = tmp_path / "outlets.yaml"
    extra.write_text("outlets:\n  - {name: Agência Pública, aliases: [APA], languages: [pt]}\n", encoding="utf-8")
    mine = load_outlets(extra)
    assert mine.resolve("APA") == "Agência Pública"
    assert mine.in_language("Agência Pública", "de") == "APA"
    extra.write_text("outlets:\n  - {name: X, languages: [German]}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'languages' must list ISO 639-1 codes"):
        load_outlets(extra)


def test_bad_outlets_file(tmp_path: Path) -> None:
    extra = tmp_path / "outlets.yaml"
    extra.write_text("outlets:\n  - {name: X, slogan: y}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key 'slogan'") as caught:
        load_outlets(extra)
    assert caught.value.line == 2


@pytest.mark.parametrize(("raw", "title", "outlet"), [
    ("Perjanjian Baru di 2 Benua: NPR", "Perjanjian Baru di 2 Benua", "NPR"),
    ("Floods hit Jakarta - BBC News", "Floods hit Jakarta", "BBC"),
    ("Floods hit Jakarta | The Jakarta Post", "Floods hit Jakarta", "The Jakarta Post"),
    ("Banjir Jakarta - Kompas.com", "Banjir Jakarta", "Kompas"),
    ("Korea Utara: Apa Selanjutnya?", "Korea Utara: Apa Selanjutnya?", None),
    ("BREAKING: Quake hits Japan's west coast", "Quake hits Japan's west coast", None),
    ("Floods hit Jakarta - Kabar Pesisir", "Floods hit Jakarta", "Kabar Pesisir"),
    # an unknown upper-case word after a dash is as often the quoted source ("- NEMA", "- INEC"): kept
    # unless the page names it as the outlet elsewhere (test_title_suffix_needs_the_page_to_name_it)
    ("Floods hit Jakarta - KABARSATU", "Floods hit Jakarta - KABARSATU", None),
    ("Maiduguri flood: Death toll rises to 37, 400,000 displaced - NEMA",
     "Maiduguri flood: Death toll rises to 37, 400,000 displaced - NEMA", None),
    # a section is no outlet, and a short source quoted after an em dash is part of the headline
    ("Xi meets Biden ahead of party meeting | World News", "Xi meets Biden ahead of party meeting", None),
    ("Seoul summons Russian ambassador | Politics", "Seoul summons Russian ambassador", None),
    ("Presyo ng bigas, bababa na sa susunod na buwan — DA", "Presyo ng bigas, bababa na sa susunod na buwan — DA",
     None),
    ("Pandemic is not over yet - WHO", "Pandemic is not over yet - WHO", None),
])
def test_split_title(raw: str, title: str, outlet: str | None, rules: Rules, outlets: Outlets) -> None:
    split = split_title(raw, rules, outlets)
    assert (split.text, split.outlet) == (title, outlet)


@pytest.mark.parametrize(("page", "outlet"), [
    (["KABARSATU", "Beranda"], "KABARSATU"),  # a masthead line
    (["BANDUNG, KABARSATU - Banjir merendam dua kecamatan."], "KABARSATU"),  # a dateline
    (["© 2024 KABARSATU. Hak cipta dilindungi."], "KABARSATU"),  # a copyright line
    (["Baca berita lain di kabarsatu.com"], "KABARSATU"),  # its domain
    # named only in a sentence, as a quoted agency is
    (["KABARSATU said the water was receding."], None),
    (["The National Emergency Management Agency (NEMA) said 37 people died."], None),
])
def test_title_suffix_needs_the_page_to_name_it(page: list[str], outlet: str | None, rules: Rules,
                                                outlets: Outlets) -> None:
    split = split_title("Floods hit Jakarta - KABARSATU", rules, outlets, page=page)
    assert split.outlet == outlet
    assert split.text == ("Floods hit Jakarta" if outlet else "Floods hit Jakarta - KABARSATU")


@pytest.mark.parametrize(("paragraph", "outlet"), [
    ("JAKARTA, KOMPAS.com - Presiden meresmikan jalan tol baru.", "Kompas"),
    ("Jakarta (ANTARA) - Pemerintah menaikkan harga.", "Antara"),
    ("WASHINGTON, June 5 (Reuters) - The Senate voted.", "Reuters"),
    ("LONDON (AP) — Prime minister resigns.", "AP"),
    ("Liputan6.com, Jakarta - Harga emas turun.", "Liputan6"),
    ("Presiden Joko Widodo (Jokowi) - yang hadir - meminta maaf.", None),
    ("NBC News melaporkan bahwa pejabat AS khawatir.", None),
    ("ПХЕНЬЯН, 19 июня. /ТАСС/. Президент России прибыл в Пхеньян.", "TASS"),  # a full stop after the marker
])
def test_dateline_outlets(paragraph: str, outlet: str | None, rules: Rules, outlets: Outlets) -> None:
    assert outlet_from_dateline(paragraph, rules, outlets) == outlet


@pytest.mark.parametrize(("name", "outlet"), [
    ("BBC Weather", "BBC"), ("Reuters Breakingviews", "Reuters"), ("CNN Business", "CNN"),
    ("Ria Andriani", None),  # "ria" is an alias of RIA Novosti, but not spelled as its name
    ("Dawn Porter", None),  # an outlet whose name is also a word
    ("BBC", None), ("Simon King", None),
])
def test_outlet_desk(name: str, outlet: str | None, outlets: Outlets) -> None:
    assert outlet_desk(name, outlets) == outlet


@pytest.mark.parametrize(("line", "outlet"), [
    ("Sumber: rmol", "RMOL"), ("Source: Reuters, AP", "Reuters"), ("Quelle: dpa", "dpa"),
    ("Sumber foto: Antara", None), ("Sumber: https://www.cnnindonesia.com/internasional/123", "CNN Indonesia"),
    # the label in other languages, an agency added with "+", a data source listed before the outlet
    ("المصدر: الجزيرة", "الجزيرة نت"), ("المصدر: الجزيرة + وكالات", "الجزيرة نت"), ("Источник: ТАСС", "TASS"),
    ("来源：新华网", "Xinhua"), ("Źródło: IMGW, tvn24.pl", "TVN24"),
    # whom the story quotes, and where: no outlet
    ("Джерело: Зеленський у Telegram", None), ("Source: Zelensky on Telegram", None), ("Sumber: akun Instagram", None),
])
def test_source_lines(line: str, outlet: str | None, rules: Rules, outlets: Outlets) -> None:
    assert outlet_from_source(line, rules, outlets) == outlet


@pytest.mark.parametrize(("text", "names"), [
    ("Pelaporan tambahan oleh Maria Knight.", ("Maria Knight",)),
    ("Se Eun Gong dari NPR berkontribusi pada laporan ini di Seoul.", ("Se Eun Gong",)),
    # an editor is kept aside with the line, not credited as a writer
    ("Reporting by Hyonhee Shin in Seoul; Editing by Ed Davies", ("Hyonhee Shin",)),
    ("Associated Press writers Jim Gomez and Aamer Madhani contributed to this report.",
     ("Jim Gomez", "Aamer Madhani")),
    ("The report was contributed by many people.", ()),
    # a credit opens with its words, or goes on after a separator; in a sentence they credit no one
    ("(Writing by Ann Lee; editing by Bo Kim)", ("Ann Lee",)),
    ("— With assistance from Jonas Weber", ("Jonas Weber",)),
    ("More than 90 ships were waiting, according to data compiled by Reuters.", ()),
    ("The figures, as reported by Bloomberg, were higher.", ()),
])
def test_credit_names(text: str, names: tuple[str, ...], rules: Rules) -> None:
    assert credit_names(text, rules) == names


def test_find_credit_cuts_the_last_sentence(rules: Rules) -> None:
    credit = find_credit("Talks will resume on Monday. Additional reporting by Tom Hale.", rules)
    assert credit is not None
    assert (credit.rest, credit.names) == ("Talks will resume on Monday.", ("Tom Hale",))
    assert find_credit("Talks will resume on Monday, officials said.", rules) is None


@pytest.mark.parametrize(("value", "names"), [
    ("Jim Salter in O'Fallon, Missouri", ["Jim Salter"]),  # the comma belongs to the place
    ("Ann Lee in Seoul and Bo Kim", ["Ann Lee", "Bo Kim"]),
    ("SEAN MURPHY", ["Sean Murphy"]),
    ("Fox News Digital's Jane Smith", ["Jane Smith"]),
    ("Fristin Intan | Editor Gloria Putri", ["Fristin Intan"]),  # the editor is no writer
    ("Kabar Pesisir", []),  # a masthead, not a person
    ("Na Mwandishi Wetu", []),  # "by our correspondent" (Swahili): a staff byline, not a person
    ("Mwandishi wa Mwananchi", []),
    ("Our Special Correspondent", []),
    ("Staff Reporter", []),
    ("Neema Mwandishi", ["Neema Mwandishi"]),  # the word as a surname stays a name
    ("Ann Lee, Business Correspondent", ["Ann Lee"]),  # the writer's job after the comma is no co-author
    ("Ann Lee, Bo Kim", ["Ann Lee", "Bo Kim"]),
])
def test_split_names(value: str, names: list[str], rules: Rules) -> None:
    assert split_names(value, rules) == names


def test_known_outlet_beats_a_dateline_shape(rules: Rules, outlets: Outlets) -> None:
    text = "TRIBUNNEWS.COM, JAKARTA - Harga beras naik lagi pekan ini."
    assert outlet_from_dateline(text, rules, outlets) == "Tribunnews"
    text = "SINGAPORE, May 2, 2024 /PRNewswire/ -- Acme today opened a plant."
    assert outlet_from_dateline(text, rules, outlets) == "PR Newswire"


@settings(max_examples=500, deadline=None)
@given(st.text("ab .!?…\"'”’)(“‘\n1_", max_size=40))
def test_last_sentence_is_the_last_piece_of_the_split(text: str) -> None:
    assert text[_last_sentence_start(text):] == _SENTENCE_END.split(text)[-1]


def test_last_sentence_of_a_paragraph() -> None:
    text = 'He left. "We will see." (Reporting by Ann Lee.) Editing by Bo Kim'
    assert text[_last_sentence_start(text):] == "Editing by Bo Kim"
    assert _last_sentence_start("No break at all, e.g. 3.5 percent") == 0


@pytest.mark.parametrize(("text", "name"), [
    ("Như Tâm", True), ("Jean Mackenzie", True), ("Ludwig van Beethoven", True),
    ("Kaynakça: Anadolu Ajansı", False),  # a label and its value, in any language: no person's name has a colon
    ("出处：新华社", False), ("Room 101", False),
])
def test_is_name(text: str, name: bool) -> None:
    assert is_name(text) is name


@pytest.mark.parametrize(("spelling", "name"), [
    # the mastheads of sweep 6, as their pages print them
    ("Anadolu Ajansı", "Anadolu Agency"), ("TUOI TRE ONLINE", "Tuổi Trẻ"), ("MMC RTV SLO", "RTV SLO"),
    ("ERR Uudised", "ERR"), ("BBC News Somali", "BBC News Somali"), ("BBC News Hausa", "BBC News Hausa"),
    ("ԱՐՄԵՆՊՐԵՍ", "Արմենպրես"), ("N1 Srbija", "N1 Srbija"), ("LRT.lt", "LRT"),
    # the agencies' short names count in their own spelling only ("sta" is Italian for "is")
    ("STA", "STA"), ("sta", None), ("BNS", "BNS"),
])
def test_outlets_of_sweep_6(spelling: str, name: str | None, outlets: Outlets) -> None:
    assert outlets.resolve(spelling) == name


@pytest.mark.parametrize(("spelling", "name"), [
    # VietnamPlus's masthead ends in its own bracket, which resolve() took off with the punctuation around a name
    ("Vietnam+ (VietnamPlus)", "VietnamPlus"), ("(VietnamPlus)", "VietnamPlus"), ("VNA", "TTXVN"),
    ("kremlin.ru", "Kremlin.ru"), ("http://kremlin.ru/events/president/news/74332", "Kremlin.ru"),
    # the CrowdStrike outage sweep's outlets: a local station's masthead, a regional paper, an address
    ("WSB-TV Channel 2 - Atlanta", "WSB-TV"), ("Manchester Evening News", "Manchester Evening News"),
    ("https://www.ajc.com/business/2024/10/25/delta-sues-crowdstrike/", "The Atlanta Journal-Constitution"),
    ("U.S. News & World Report", "U.S. News & World Report"),
])
def test_outlets_of_the_outage_sweep_and_open_defects(spelling: str, name: str, outlets: Outlets) -> None:
    assert outlets.resolve(spelling) == name
