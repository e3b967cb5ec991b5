"""Scraped .txt bodies: every annotated article in tests/data/valid, and the behaviours one by one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eval_extraction import Case, extract, load_cases, squash
from warta import extract as extract_stage
from warta import scrape
from warta.clean import Rules, is_date_line, load_rules
from warta.config import load_config
from warta.load import read_document
from warta.meta import Outlets, load_outlets, split_title
from warta.model import Block, Line, TextParts
from warta.scrape import lead_title, read_text

TXT_CASES = [c for c in load_cases() if c.name.startswith("valid:") and c.path.suffix == ".txt"]


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="module")
def outlets() -> Outlets:
    return load_outlets()


def read(text: str, rules: Rules, outlets: Outlets, first: int = 1) -> TextParts:
    body = tuple(Line(first + i, line) for i, line in enumerate(text.split("\n")))
    return read_text(body, rules, outlets)


def test_enough_txt_articles() -> None:
    assert len(TXT_CASES) >= 12


@pytest.mark.parametrize("case", TXT_CASES, ids=lambda c: c.name)
def test_valid_article(case: Case) -> None:
    got, want = extract(case.path), case.expected
    assert (got.title, got.outlet, got.site) == (want["title"], want["outlet"], want["site"])
    assert sorted(got.credits) == sorted(want["credits"])
    assert [b.text for b in got.blocks if b.type == "heading"] == want["headings"]
    paragraphs = {squash(b.text) for b in got.blocks if b.type == "paragraph"}
    for paragraph in want["paragraphs"]:
        assert squash(paragraph) in paragraphs
    removed = sorted(squash(r.text) for r in got.removed)
    assert removed == sorted(squash(t) for t in want["removed"])
    texts = {squash(b.text) for b in got.blocks}
    assert not texts & {squash(t) for t in want["removed"]}


def test_line_numbers_are_the_source_lines(rules: Rules, outlets: Outlets) -> None:
    got = read("Sebuah Judul Berita yang Cukup Panjang\n\nIklan\n\nIni adalah paragraf pertama yang cukup panjang "
               "untuk dianggap sebagai isi berita oleh pembaca.", rules, outlets, first=5)
    assert got.title_line == 5
    assert [(r.rule, r.line) for r in got.removed] == [("ad-marker", 7)]
    assert got.blocks[0].line == 9


def test_short_quote_paragraph_is_kept(rules: Rules, outlets: Outlets) -> None:
    text = ("Minister warns of escalation\n\nThe minister said on Monday that the situation in the region was "
            "deteriorating quickly and called for talks.\n\n\u201cWe will not back down.\u201d\n\nShe added that "
            "the government would consult its allies before taking any further steps.")
    got = read(text, rules, outlets)
    assert "\u201cWe will not back down.\u201d" in [b.text for b in got.blocks]


def test_subheading_needs_paragraphs_on_both_sides(rules: Rules, outlets: Outlets) -> None:
    text = ("Talks collapse in Geneva\n\nNegotiators left the room after a day of talks that failed to produce "
            "any agreement on the ceasefire.\n\nWhat comes next\n\nDiplomats said they would meet again next week "
            "in the hope of saving the process.\n\nShare this\n\nFollow the money")
    got = read(text, rules, outlets)
    assert [b.text for b in got.blocks if b.type == "heading"] == ["What comes next"]
    assert {r.text: r.rule for r in got.removed}["Follow the money"] == "short-non-prose"


def test_unknown_outlet_on_source_line_is_accepted(rules: Rules, outlets: Outlets) -> None:
    text = ("Banjir rendam ratusan rumah di Bekasi\n\nRatusan rumah di Bekasi terendam banjir setelah hujan deras "
            "mengguyur wilayah itu sejak sore hari.\n\nSumber: Harian Cakrawala")
    assert read(text, rules, outlets).outlet == "Harian Cakrawala"


def test_unknown_upper_case_dateline_outlet_is_accepted(rules: Rules, outlets: Outlets) -> None:
    text = ("Harga beras naik di pasar tradisional\n\nBANDUNG (GALAMEDIA) - Harga beras di sejumlah pasar "
            "tradisional di Bandung naik hingga sepuluh persen dalam sepekan terakhir.")
    assert read(text, rules, outlets).outlet == "GALAMEDIA"


def test_outlet_only_cited_is_none(rules: Rules, outlets: Outlets) -> None:
    text = ("Iran denies supplying missiles\n\nIran denied on Tuesday that it had supplied ballistic missiles to "
            "Russia, according to Reuters, as reported by The Guardian and told to CNN by an official.")
    assert read(text, rules, outlets).outlet is None


def test_title_suffix_outlet_is_cut(rules: Rules, outlets: Outlets) -> None:
    got = read("Putin visits Hanoi after Pyongyang | Al Jazeera\n\nRussian President Vladimir Putin arrived in "
               "Vietnam on Wednesday after a two-day visit to North Korea.", rules, outlets)
    assert (got.title, got.outlet) == ("Putin visits Hanoi after Pyongyang", "Al Jazeera")


def test_origin_note_names_the_outlet(rules: Rules, outlets: Outlets) -> None:
    text = ("Gempa guncang Maluku\n\nGempa bermagnitudo 5,6 mengguncang Maluku pada Senin pagi dan tidak berpotensi "
            "tsunami, kata BMKG.\n\nArtikel ini telah tayang di Liputan6.com dengan judul \"Gempa guncang Maluku\".")
    got = read(text, rules, outlets)
    assert got.outlet == "Liputan6"
    assert [r.rule for r in got.removed] == ["origin"]


def test_credit_sentence_in_english(rules: Rules, outlets: Outlets) -> None:
    text = ("Markets fall on trade fears\n\nStocks fell sharply on Friday as investors worried about new tariffs, "
            "traders said. Additional reporting by Maria Knight and Tom Hale in London.")
    got = read(text, rules, outlets)
    assert got.credits == ("Maria Knight", "Tom Hale")
    assert got.blocks[0].text.endswith("traders said.")


def test_empty_body_gives_no_blocks(rules: Rules, outlets: Outlets) -> None:
    got = read("\n\n", rules, outlets)
    assert (got.title, got.blocks, got.removed) == (None, (), ())


def _paragraphs(parts: TextParts) -> list[str]:
    return [b.text for b in parts.blocks if b.type == "paragraph"]


def test_section_labels_and_teasers_do_not_win_the_title(rules: Rules, outlets: Outlets) -> None:
    text = ("Politics\nWatch: mayor answers questions\nBridge reopens after two years of repairs | BBC News\n\n"
            "The bridge reopened to traffic on Monday after a repair programme that lasted two years.\n\n"
            "Drivers said the detour had added half an hour to their journeys every day.")
    parts = read(text, rules, outlets)
    assert (parts.title, parts.outlet) == ("Bridge reopens after two years of repairs", "BBC")


def test_bare_bylines_next_to_a_date_or_under_a_label(rules: Rules, outlets: Outlets) -> None:
    text = ("Harga cabai naik tajam menjelang Ramadan di pasar tradisional\nReporter\nAyu Lestari\n"
            "Kamis, 29 Februari 2024 13:05 WIB\nDewi Sartika\n\n"
            "Harga cabai rawit di sejumlah pasar tradisional naik hingga dua kali lipat pekan ini.\n\n"
            "Pedagang menyebut pasokan dari daerah sentra berkurang karena hujan deras.\n\n"
            "Teguh Wibowo\n\nBagikan")
    parts = read(text, rules, outlets)
    assert sorted(parts.credits) == ["Ayu Lestari", "Dewi Sartika", "Teguh Wibowo"]
    assert len(_paragraphs(parts)) == 2


def test_a_byline_under_its_date_past_a_programme_line_or_in_capitals(rules: Rules, outlets: Outlets) -> None:
    # NPR: the date, the programme the piece was heard on, then the writer; a closing sponsor slot is no writer
    npr = ("NPR\nTechnology\nCrowdStrike blames a single field mismatch for the global outage\n"
           "August 6, 20245:31 PM ET\nHeard on All Things Considered\nBobby Allyn\n"
           "CrowdStrike on Tuesday released its root cause analysis of the July 19 outage that crashed some 8.5 "
           "million Windows computers.\nThe company said the mismatch escaped multiple layers of testing.\n"
           "Sponsor Message\nBecome an NPR sponsor")
    parts = read(npr, rules, outlets)
    assert parts.credits == ("Bobby Allyn",)
    assert _paragraphs(parts)[0].startswith("CrowdStrike on Tuesday")
    # Yahoo's copy of an AP story: the two writers in capitals above the stamp with its reading time
    yahoo = ("Yahoo News\nGlobal tech outage snarls flights, banks and hospitals\nMATT O'BRIEN and DAVID KOENIG\n"
             "Fri, July 19, 2024 at 3:20 PM GMT+2 · 4 min read\n"
             "A faulty software update from cybersecurity company CrowdStrike crashed computers running "
             "Microsoft Windows worldwide on Friday.\nZur Startseite")
    assert read(yahoo, rules, outlets).credits == ("Matt O'Brien", "David Koenig")
    # Al Jazeera Arabic: the writer under the update stamp in Mecca time ("(بتوقيت مكة المكرمة)"), which was
    # read as a caption and the writer as its photo credit (the CrowdStrike and Raisi sweeps)
    jazeera = ("الجزيرة نت\nمصرع الرئيس الإيراني إبراهيم رئيسي ووزير خارجيته في تحطم مروحية\n20/5/2024\n"
               "آخر تحديث: 20/5/2024 09:30 (بتوقيت مكة المكرمة)\nمحمد المنشاوي\nشارك\n"
               "أعلن التلفزيون الإيراني الرسمي صباح اليوم الاثنين مصرع الرئيس إبراهيم رئيسي ووزير الخارجية حسين أمير "
               "عبد اللهيان ومرافقيهما في تحطم المروحية التي كانت تقلهم في محافظة أذربيجان الشرقية.")
    stamp = next(r.rule for r in read(jazeera, rules, outlets).removed if "تحديث" in r.text)
    assert (read(jazeera, rules, outlets).credits, stamp) == (("محمد المنشاوي",), "dateline")


def test_a_teaser_byline_in_a_read_also_block_is_not_a_credit(rules: Rules, outlets: Outlets) -> None:
    text = ("Bahn verschiebt neue Fahrpläne auf das kommende Jahr\n\n"
            "Die Bahn hat die Einführung neuer Fahrpläne auf das kommende Jahr verschoben, teilte sie mit.\n\n"
            "Mehr zum Thema\nStreik bei der Bahn: Was jetzt gilt\nVon Anna Beispiel\n\n"
            "Ein Sprecher nannte technische Probleme als Grund für die Verschiebung der Pläne.")
    parts = read(text, rules, outlets)
    assert parts.credits == ()
    assert len(_paragraphs(parts)) == 2


def test_a_tight_read_also_block_ends_at_the_blank_line(rules: Rules, outlets: Outlets) -> None:
    text = ("Pendaftaran sekolah dibuka pekan depan untuk semua jenjang\n\n"
            "Pendaftaran peserta didik baru dibuka mulai Senin untuk semua jenjang sekolah negeri.\n\n"
            "Baca juga:\nKuota sekolah negeri tahun ini bertambah\n\nJadwal Seleksi\n\n"
            "Seleksi dilakukan berdasarkan jarak rumah ke sekolah dan nilai rapor siswa.")
    parts = read(text, rules, outlets)
    assert [b.text for b in parts.blocks if b.type == "heading"] == ["Jadwal Seleksi"]


def test_short_sentences_and_lists_beside_paragraphs_are_kept(rules: Rules, outlets: Outlets) -> None:
    text = ("Saksi ungkap aliran dana proyek ke rekening pribadi\n\n"
            "Jaksa menunjukkan bukti rekening koran yang memuat empat belas kali transfer uang.\n\n"
            "Ia menolak berkomentar.\n\n"
            "Berikut syarat yang harus dipenuhi pelamar:\n1. Warga Negara Indonesia.\n"
            "2. Berusia paling rendah 20 tahun pada saat pendaftaran dibuka.\n\n"
            "Semoga berhasil!")
    paragraphs = _paragraphs(read(text, rules, outlets))
    for line in ("Ia menolak berkomentar.", "Berikut syarat yang harus dipenuhi pelamar:",
                 "1. Warga Negara Indonesia.", "Semoga berhasil!"):
        assert line in paragraphs


def test_a_hero_image_credit_does_not_eat_the_lead(rules: Rules, outlets: Outlets) -> None:
    text = ("Rail fares to rise by five percent in March\nGetty Images\n\n"
            "Rail fares will rise by five percent from March, the government has announced today.\n\n"
            "Campaigners said the increase would push more people back into their cars.")
    assert len(_paragraphs(read(text, rules, outlets))) == 2


def test_a_hero_credit_under_the_byline_and_date_does_not_eat_a_one_sentence_lead(rules: Rules,
                                                                                 outlets: Outlets) -> None:
    # g1: headline, standfirst, "Por g1", the date, the hero image's credit alone, then a one-sentence lead
    text = ("Apagão cibernético: falha afeta bancos e aeroportos no Brasil e no mundo\n"
            "Bancos e companhias aéreas relataram problemas nesta sexta-feira (19). Empresa diz que não houve ataque.\n"
            "Por g1\n19/07/2024 09h32 Atualizado há 2 anos\n\nFoto: Reprodução/Redes sociais\n\n"
            "Uma falha em uma atualização da empresa de segurança cibernética derrubou nesta sexta-feira (19) "
            "computadores com Windows em todo o mundo.\n\n"
            "No Brasil, clientes de dois bancos relataram instabilidade em aplicativos durante a manhã.")
    parts = read(text, rules, outlets)
    assert any(p.startswith("Uma falha em uma atualização") for p in _paragraphs(parts))
    assert "caption" not in [r.rule for r in parts.removed]


def test_a_credit_between_paragraphs_does_not_eat_the_next_one(rules: Rules, outlets: Outlets) -> None:
    # an image set into the text: its credit goes, the sentence under it is the next paragraph
    text = ("Seoul summons Russian envoy over treaty\n\nJune 20, 2024\n\n"
            "South Korea summoned the Russian ambassador on Thursday to protest against the defence pact.\n\n"
            "Photo: Ahn Young-joon / AP\n\n"
            "The vice foreign minister told the envoy that any cooperation helping North Korea build up its "
            "military violates UN Security Council resolutions.\n\n"
            "The Russian embassy did not immediately comment on the meeting.")
    parts = read(text, rules, outlets)
    assert [r.rule for r in parts.removed] == ["dateline", "photo-credit"]
    assert len(_paragraphs(parts)) == 3
    # under a credit with no paragraph above it, a short finished line is still the caption
    text = ("Putin and Kim sign a treaty in Pyongyang\n\n"
            "Putin and Kim signed a mutual defence treaty in Pyongyang on Wednesday, the Kremlin said.\n\n"
            "Read more: Seoul reviews arms supplies\n\nSputnik/Reuters\n\n"
            "Vladimir Putin and Kim Jong Un at the Vostochny cosmodrome, September 2023.\n\n"
            "The treaty replaces agreements signed in 1961, 2000 and 2001, according to the Kremlin.")
    parts = read(text, rules, outlets)
    assert [r.rule for r in parts.removed] == ["related-link", "photo-credit", "caption"]


def test_a_byline_names_the_writer_and_the_outlet_of_their_desk(rules: Rules, outlets: Outlets) -> None:
    text = ("UK heatwave: temperatures could hit 30C this weekend\n\nBy Simon King, BBC Weather\n19 June 2024\n\n"
            "Temperatures could reach 30C in parts of south-east England by the weekend, the Met Office says.")
    parts = read(text, rules, outlets)
    assert (parts.credits, parts.outlet) == (("Simon King",), "BBC")


def test_a_writer_filing_from_a_place_next_to_the_date_is_the_byline(rules: Rules, outlets: Outlets) -> None:
    text = ("England held to frustrating draw by Denmark\n\nJacob Steinberg in Frankfurt\nThu 20 Jun 2024 20.02 BST\n\n"
            "Harry Kane gave England an early lead in Frankfurt but a long-range strike earned Denmark a point.\n\n"
            "Southgate defended his selection and said that the team would improve in the next game.")
    parts = read(text, rules, outlets)
    assert parts.credits == ("Jacob Steinberg",)
    assert [(r.rule, r.line) for r in parts.removed] == [("byline", 3), ("dateline", 4)]
    # the same shape away from the date is no byline
    text = text.replace("Jacob Steinberg in Frankfurt\n", "").replace(
        "point.\n\n", "point.\n\nGareth Southgate in Frankfurt\n\n")
    assert read(text, rules, outlets).credits == ()


def test_a_closing_byline_may_name_its_sources_in_brackets(rules: Rules, outlets: Outlets) -> None:
    text = ("Nga và Triều Tiên ký hiệp ước đối tác chiến lược toàn diện\n\n"
            "Tổng thống Nga Vladimir Putin và nhà lãnh đạo Triều Tiên Kim Jong-un đã ký hiệp ước đối tác.\n\n"
            "Ông Kim gọi hiệp ước là mạnh mẽ nhất từ trước đến nay và nói quan hệ đã được nâng lên.\n\n"
            "Như Tâm (Theo Reuters, AFP)\n\nChia sẻ")
    parts = read(text, rules, outlets)
    assert parts.credits == ("Như Tâm",)
    assert [r.rule for r in parts.removed] == ["byline", "share"]
    # a bracket that names no source is not a byline's
    parts = read(text.replace("(Theo Reuters, AFP)", "(ảnh minh họa)"), rules, outlets)
    assert parts.credits == ()


def test_a_source_line_in_arabic_names_the_outlet_and_no_writer(rules: Rules, outlets: Outlets) -> None:
    text = ("بوتين يصل إلى هانوي\n\n20/6/2024\n\n"
            "وصل الرئيس الروسي فلاديمير بوتين إلى العاصمة الفيتنامية هانوي "
            "في زيارة دولة بعد زيارته إلى كوريا الشمالية.\n\n"
            "وتعد هذه الزيارة الخامسة لبوتين إلى فيتنام.\n\nالمصدر: الجزيرة")
    parts = read(text, rules, outlets)
    assert (parts.outlet, parts.credits) == ("الجزيرة نت", ())
    assert [r.rule for r in parts.removed] == ["dateline", "source"]


def test_a_date_and_a_byline_on_one_line_are_removed_and_credited(rules: Rules, outlets: Outlets) -> None:
    text = ("Putin und Kim unterzeichnen Beistandsabkommen\n\n"
            "Russland und Nordkorea versprechen sich gegenseitige militärische Hilfe. Der Westen ist alarmiert.\n\n"
            "19. Juni 2024, 17.48 Uhr • aus Pjöngjang berichtet Christoph Giesen\n\n"
            "Der russische Präsident und Nordkoreas Machthaber haben in Pjöngjang ein Abkommen unterzeichnet.\n\n"
            "Kim sprach von einem Bündnis, Putin schloss eine militärische Zusammenarbeit nicht aus.")
    parts = read(text, rules, outlets)
    assert parts.credits == ("Christoph Giesen",)
    assert [(r.rule, r.line) for r in parts.removed] == [("byline", 5)]
    assert not [b for b in parts.blocks if b.type == "heading"]
    # a bar between a date and a line that is no byline leaves it alone
    assert read(text.replace("aus Pjöngjang berichtet Christoph Giesen", "Ausland"), rules, outlets).credits == ()


@pytest.mark.parametrize(("banner", "buttons"), [
    ("Wir verwenden Cookies und ähnliche Technologien, um Ihnen ein optimales Nutzungserlebnis zu bieten. "
     "Mit Klick auf „Alle akzeptieren“ stimmen Sie der Verarbeitung Ihrer Daten zu.", ["Alle akzeptieren"]),
    ("Nous utilisons des cookies pour améliorer votre expérience. En poursuivant votre navigation, vous acceptez "
     "l'utilisation de cookies.", ["Accepter et fermer", "Paramétrer les cookies", "Continuer sans accepter"]),
    ("Utilizamos cookies propias y de terceros para mejorar nuestros servicios. Si continúa navegando, "
     "consideramos que acepta su uso.", ["Aceptar todo", "Rechazar todo"]),
    ("Utilizziamo i cookie per offrirti la migliore esperienza sul nostro sito. Continuando la navigazione "
     "accetti il loro utilizzo.", ["Accetta tutto"]),
])
def test_a_cookie_banner_in_any_language_goes_above_or_below_the_title(
        banner: str, buttons: list[str], rules: Rules, outlets: Outlets) -> None:
    title = "Nordkorea schickt Soldaten nach Russland"
    body = ("Nach Angaben des südkoreanischen Geheimdienstes hat Nordkorea rund 3000 Soldaten nach Russland "
            "geschickt.\n\nDie NATO konnte die Berichte zunächst nicht bestätigen.")
    for text in ("\n".join([banner, *buttons, title]) + "\n\n" + body,
                 "\n".join([title, banner, *buttons]) + "\n\n" + body):
        got = read(text, rules, outlets)
        assert got.title == title
        assert [b.text for b in got.blocks] == body.split("\n\n")
        assert {r.text: r.rule for r in got.removed} == {line: "cookie-notice" for line in [banner, *buttons]}


def test_the_rows_of_a_tab_separated_table_in_the_body_are_kept(rules: Rules, outlets: Outlets) -> None:
    text = ("Rice export prices climb as Thai and Vietnamese supply tightens\n\n"
            "Export prices for 5% broken rice rose in the main Asian suppliers this week, traders said.\n\n"
            "Country\tGrade\tPrice (USD/t)\tWeekly change\nThailand\t5% broken\t625\t+12\n"
            "India\t5% parboiled\t541\t0\n\n"
            "Traders expect prices to stay firm until the main harvest in November.")
    got = read(text, rules, outlets)
    assert [b.text for b in got.blocks][1:4] == [
        "Country | Grade | Price (USD/t) | Weekly change", "Thailand | 5% broken | 625 | +12",
        "India | 5% parboiled | 541 | 0"]
    assert [b.type for b in got.blocks] == ["paragraph"] * 5
    assert got.removed == ()


@pytest.mark.parametrize(("line", "rule"), [
    ("<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>", "copyright"),
    ("(बीबीसी हिन्दी के एंड्रॉएड ऐप के लिए आप यहां क्लिक कर सकते हैं. आप हमें फ़ेसबुक, ट्विटर, इंस्टाग्राम और "
     "यूट्यूब पर फ़ॉलो भी कर सकते हैं.)", "subscribe"),
    ("Basahin din: Taripa sa imported na bigas, ibinaba na", "related-link"),
    ("Soma pia: Ramaphosa aapishwa kwa muhula wa pili", "related-link"),
    ("Then $75 per month. Complete digital access to quality journalism on any device. Cancel anytime.", "subscribe"),
])
def test_boilerplate_of_more_languages_and_offers_goes(line: str, rule: str, rules: Rules, outlets: Outlets) -> None:
    text = (f"Putin and Kim sign a defence pact in Pyongyang\n\n{_LEAD}\n\n{line}\n\n"
            "The treaty obliges each side to help the other if it is attacked.")
    got = read(text, rules, outlets)
    assert [(r.text, r.rule) for r in got.removed] == [(line, rule)]
    assert len(got.blocks) == 2


_LEAD = "Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a strategic partnership treaty."


def test_a_read_also_header_with_a_dash_takes_the_headline_under_it(rules: Rules, outlets: Outlets) -> None:
    text = (f"Putin and Kim sign a defence pact in Pyongyang\n\n{_LEAD}\n\nये भी पढ़ें-\n"
            "यूक्रेन युद्ध: रूस को हथियार क्यों दे रहा है उत्तर कोरिया?\n\n"
            "The treaty obliges each side to help the other if it is attacked.")
    got = read(text, rules, outlets)
    assert [r.rule for r in got.removed] == ["recommendation", "recommendation"]


def test_a_pull_quote_found_again_in_a_paragraph_goes(rules: Rules, outlets: Outlets) -> None:
    quote = "\u201cWe lost every oven, every bag of flour, but not the recipes.\u201d"
    said = ("\u201cWe lost every oven, every bag of flour, but not the recipes,\u201d she said, standing in the "
            "rebuilt kitchen.")
    text = (f"How a small town bakery survived the flood\n\n{_LEAD}\n\n{quote}\n\n"
            f"The water reached a metre inside the shop.\n\n{said}")
    got = read(text, rules, outlets)
    assert [(r.text, r.rule) for r in got.removed] == [(quote, "pull-quote")]
    assert [b.text for b in got.blocks][-1] == said


@pytest.mark.parametrize("dateline", ["SEOUL, Oct 23 (Reuters) -", "TOKYO, June 19 (Reuters) -"])
def test_a_wire_dateline_on_its_own_line_names_the_outlet(dateline: str, rules: Rules, outlets: Outlets) -> None:
    text = f"Japan's exports rise for sixth month on weak yen\nBy Hyonhee Shin\n{dateline}\n\n{_LEAD}"
    got = read(text, rules, outlets)
    assert got.outlet == "Reuters"
    assert (dateline, "dateline") in [(r.text, r.rule) for r in got.removed]
    assert [b.text for b in got.blocks] == [_LEAD]


def test_a_page_title_with_a_section_suffix_is_the_headline_without_an_outlet(rules: Rules, outlets: Outlets) -> None:
    head = "Kim Jong Un vows to expand nuclear arsenal at party meeting"
    text = f"{head} | World News\nHome > World > Asia > {head}\n{head}\nBy Choe Sang-Hun\n\n{_LEAD}"
    got = read(text, rules, outlets)
    assert (got.title, got.outlet) == (head, None)
    assert [b.text for b in got.blocks] == [_LEAD]


@pytest.mark.parametrize(("header", "credits", "rules_seen"), [
    ("\nइमेज स्रोत,Getty Images", [], ["photo-credit"]),  # the BBC's "Image source," in Hindi: no name
    ("By Sam Whitfield | June 20, 2024", ["Sam Whitfield"], ["byline"]),
    ("Interview by Daniel Reyes", ["Daniel Reyes"], ["byline"]),
    ("Ni Maria Santos", ["Maria Santos"], ["byline"]),
    ("Publikacja: 19.06.2024 18:45\nJędrzej Bielecki", ["Jędrzej Bielecki"], ["dateline", "byline"]),
])
def test_header_credits_in_more_languages_and_shapes(header: str, credits: list[str], rules_seen: list[str],
                                                     rules: Rules, outlets: Outlets) -> None:
    text = f"Putin and Kim sign a defence pact in Pyongyang\n{header}\n\n{_LEAD}"
    got = read(text, rules, outlets)
    assert list(got.credits) == credits
    assert [r.rule for r in got.removed] == rules_seen


def test_a_wire_sign_off_is_no_closing_byline(rules: Rules, outlets: Outlets) -> None:
    got = read(f"Putin and Kim sign a defence pact in Pyongyang\n\n{_LEAD}\n\nانتهای پیام", rules, outlets)
    assert got.credits == ()
    assert [(r.text, r.rule) for r in got.removed] == [("انتهای پیام", "print-note")]


def test_every_timestamped_entry_of_a_live_page_is_a_heading(rules: Rules, outlets: Outlets) -> None:
    entries = ["16:05 — Agreement signed, state media says", "15:40 — Seoul expresses concern",
               "13:10 — What's on the agenda?"]
    text = "Live updates: Putin arrives in Pyongyang for rare visit\n\n" + "\n\n".join(
        f"{entry}\n{_LEAD} The entry number {n} goes on." for n, entry in enumerate(entries)) + \
        "\n\nGet in touch\nAre you in the region? Contact us here."
    got = read(text, rules, outlets)
    assert [b.text for b in got.blocks if b.type == "heading"] == entries
    assert [r.rule for r in got.removed] == ["subscribe", "subscribe"]


@pytest.mark.parametrize("stamps", [["10.42 GMT", "10.15 GMT", "09.50 GMT"], ["2:45pm", "11:20am", "6:00am"]])
def test_an_entry_headline_under_its_own_stamp_line_is_a_heading(stamps: list[str], rules: Rules,
                                                                 outlets: Outlets) -> None:
    # the Guardian's and the ABC's live pages (sweep 4, sweep 6): the newest entry, first, has no paragraph above
    headlines = ["King Felipe to visit affected towns on Sunday", "Death toll rises to 205",
                 "Welcome to our live coverage"]
    text = "Valencia floods live: death toll rises to 205 as rescuers search for missing\n" + "\n".join(
        f"{stamp}\n{headline}\n{_LEAD} The entry number {n} goes on."
        for n, (stamp, headline) in enumerate(zip(stamps, headlines, strict=True)))
    got = read(text, rules, outlets)
    assert [b.text for b in got.blocks if b.type == "heading"] == headlines
    assert len([b for b in got.blocks if b.type == "paragraph"]) == 3
    # a lead-in under a stamp ("Here is a quick summary of where things stand:") is text
    summary = text.replace(headlines[1], "Here is a quick summary:")
    assert [b.text for b in read(summary, rules, outlets).blocks if b.type == "heading"] == headlines[::2]
    # one stamp is an article's dateline: the short line under it is not made a heading
    one = f"Valencia floods: death toll rises to 205\n{stamps[0]}\n{headlines[0]}\n{_LEAD}"
    assert [b.type for b in read(one, rules, outlets).blocks] != ["heading", "paragraph"]


@pytest.mark.parametrize("stamp", ["2024年07月25日22:08 | 来源：新华社", "15.07.2024 16:40 | Izvor: Tanjug",
                                   "July 25, 2024 10:08 AM | Source: Reuters"])
def test_a_date_stamp_is_never_the_headline(stamp: str, rules: Rules, outlets: Outlets) -> None:
    # People's Daily's stamp "2024年07月25日22:08 | 来源：新华社" (stories 6): its source suffix cut, the date was
    # taken for the headline, which is short and stood above it
    headline = "台风“格美”在福建莆田沿海登陆" if stamp.startswith("2024") else "Typhoon Gaemi makes landfall"
    chinese = ("新华社福州7月25日电 今年第3号台风“格美”25日19时50分前后在福建省莆田市秀屿区沿海登陆，"
               "登陆时中心附近最大风力有13级。")
    body = chinese if stamp.startswith("2024") else _LEAD
    got = read(f"{headline}\n\n{stamp}\n\n{body}", rules, outlets)
    assert got.title == headline


def test_readers_comments_under_a_comments_header_go(rules: Rules, outlets: Outlets) -> None:
    comments = ["42 comments", "bikerdave77", "2 hours ago", "About time. I've been nearly hit twice on that road.",
                "Reply 12", "MargaretH", "3 hours ago", "Another nail in the coffin for local shops. Who drives now?"]
    text = f"Town council approves new cycle lanes after debate\n\n{_LEAD}\n\n" + "\n".join(comments)
    got = read(text, rules, outlets)
    assert [b.text for b in got.blocks] == [_LEAD]
    kept = [_LEAD, "The vote was close.", "Another nail in the coffin for local shops. Who will drive now?"]
    # without timestamps under it the count opens no comments section
    text = f"Town council approves new cycle lanes after debate\n\n{kept[0]}\n\n42 comments\n\n" + "\n\n".join(kept[1:])
    assert [b.text for b in read(text, rules, outlets).blocks] == kept


def test_first_subheading_after_an_unstopped_standfirst_and_the_byline_is_kept(rules: Rules,
                                                                               outlets: Outlets) -> None:
    # a standfirst without a full stop, then the byline and the date: the short line after them heads the body
    text = ("After the water: how a river town drowned\n\n"
            "It was the worst flood in living memory, and the people of the valley still ask who knew\n\n"
            "by Kate Connolly\n\nTue 10 Sep 2024 06.00 BST\n\nThe dam engineers\n\n"
            "Engineers who inspected the embankment in 2019 recommended repairs that were never funded.\n\n"
            "The money\n\nInsurers estimate that damage to homes will exceed two billion euros this year.")
    got = read(text, rules, outlets)
    assert [b.text for b in got.blocks if b.type == "heading"] == ["The dam engineers", "The money"]
    assert got.credits == ("Kate Connolly",)
    # without a byline or date in between, a short line after an unstopped standfirst is still not a heading
    bare = read(text.replace("by Kate Connolly\n\nTue 10 Sep 2024 06.00 BST\n\n", ""), rules, outlets)
    assert "The dam engineers" not in [b.text for b in bare.blocks if b.type == "heading"]
    # nor, in an article without other headings, a button left between the header and the body
    single = read("Real Madrid win the Champions League\n\n"
                  "Carvajal and Vinicius give the Spanish club the trophy against a Dortmund side that had chances\n\n"
                  "by Javier Herraez\n\nSat 1 Jun 2024 23.58 BST\n\nBookmark this\n\n"
                  "Real Madrid won their fifteenth European Cup after beating Borussia Dortmund 2-0 at Wembley.\n\n"
                  "Toni Kroos said goodbye to club football with his sixth Champions League title.", rules, outlets)
    assert not [b for b in single.blocks if b.type == "heading"]


def test_capitals_in_the_page_chrome_do_not_beat_the_header_line(rules: Rules, outlets: Outlets) -> None:
    # "AA" is a text-size button under the byline; the header line names the site by its domain
    text = ("RBI keeps repo rate unchanged at 6.5% for ninth straight time\n\n"
            "TOI Business Desk / TIMESOFINDIA.COM / Updated: Aug 8, 2024, 11:47 IST\n\nShare\nAA\nText Size\n\n"
            "MUMBAI: The Reserve Bank of India on Thursday kept the repo rate unchanged at 6.5% for the ninth "
            "consecutive time, with the governor saying that food inflation remained a concern.")
    assert read(text, rules, outlets).outlet == "The Times of India"
    unknown = text.replace("TIMESOFINDIA.COM", "DAILYRATES.IN")
    assert read(unknown, rules, outlets).outlet == "DAILYRATES.IN"  # a domain names the site even when unknown


def test_quoted_source_after_a_dash_stays_in_the_title(rules: Rules, outlets: Outlets) -> None:
    text = ("Punch Newspapers\nHome\n\nMaiduguri flood: Death toll rises to 37, 400,000 displaced - NEMA\n\n"
            "The National Emergency Management Agency has said the death toll from the flood that submerged "
            "parts of Maiduguri has risen to 37, with about 400,000 people displaced.")
    got = read(text, rules, outlets)
    assert (got.title, got.outlet) == ("Maiduguri flood: Death toll rises to 37, 400,000 displaced - NEMA", "Punch")


def test_agency_on_the_source_line_is_not_the_outlet(rules: Rules, outlets: Outlets) -> None:
    text = ("Rusia dan Korut Sepakati Bantuan Militer Timbal Balik\n\n"
            "REPUBLIKA.CO.ID, MOSKOW -- Rusia dan Korea Utara sepakat saling memberikan bantuan militer jika "
            "salah satu dari keduanya diserang, kata Presiden Rusia Vladimir Putin.\n\nSumber: Antara")
    assert read(text, rules, outlets).outlet == "Republika"
    alone = text.replace("REPUBLIKA.CO.ID, MOSKOW -- ", "")
    assert read(alone, rules, outlets).outlet == "Antara"  # nothing else names the outlet: the source line does


def test_an_agency_on_the_source_line_yields_to_the_page_s_own_agency(rules: Rules, outlets: Outlets) -> None:
    # Antara's translation of a Reuters story: its masthead and dateline name Antara, "Sumber: Reuters" the copy's
    # origin; two agencies, and the page's own is the outlet (the pact sweep's page 47)
    text = ("ANTARA News\nDunia\nPutin dan Kim Jong Un tandatangani pakta pertahanan bersama\n"
            "Seoul (ANTARA) - Presiden Rusia Vladimir Putin dan pemimpin Korea Utara Kim Jong Un menandatangani pakta "
            "pertahanan bersama pada Rabu di Pyongyang.\nSumber: Reuters\nPenerjemah: Primayanti")
    assert read(text, rules, outlets).outlet == "Antara"
    alone = "\n".join(line for line in text.split("\n") if "ANTARA" not in line or line.startswith("Seoul"))
    assert read(alone.replace("Seoul (ANTARA) - ", ""), rules, outlets).outlet == "Reuters"


@pytest.mark.parametrize(("byline", "outlet", "credits"), [
    # a byline that names the outlet and the agency it drew on (Euronews, Le Monde, the pact sweep's 29 and 45)
    ("By Euronews with AP", "Euronews", ()), ("Par Le Monde avec AFP", "Le Monde", ()),
    ("Oleh Tim Redaksi dengan Antara", None, ()), ("By Jane Doe with AP", None, ("Jane Doe",)),
    ("By Jane Doe with Reuters and AFP", None, ("Jane Doe",)),
])
def test_a_byline_with_the_agency_drawn_on_names_no_source(byline: str, outlet: str | None, credits: tuple[str, ...],
                                                            rules: Rules, outlets: Outlets) -> None:
    text = (f"NATO chief warns of Russia and North Korea aligning after the pact\n{byline}\n"
            "NATO Secretary General Jens Stoltenberg said on Wednesday the alliance was watching the growing ties "
            "between Russia and authoritarian states in Asia closely, after the treaty was signed.\n"
            "Japan, the U.S. and South Korea later issued a joint statement condemning the military cooperation.")
    got = read(text, rules, outlets)
    assert (got.outlet, got.credits) == (outlet, credits)


def test_a_source_line_that_quotes_a_person_is_no_outlet(rules: Rules, outlets: Outlets) -> None:
    # Ukrainska Pravda's "Джерело: Зеленський у Telegram" says where the words come from (the sweep's page 40)
    text = ("Українська правда\nЗеленський: ЗСУ взяли в полон двох північнокорейських військових на Курщині\n"
            "Олена Рощина\nУкраїнські військові захопили в полон двох солдатів з Північної Кореї на Курщині. Про це "
            "повідомив президент Володимир Зеленський.\nДжерело: Зеленський у Telegram\n"
            "Деталі: За словами Зеленського, полоненими займається СБУ.")
    got = read(text, rules, outlets)
    assert got.outlet == "Українська правда"
    assert {r.text: r.rule for r in got.removed}["Джерело: Зеленський у Telegram"] == "source"  # an attribution
    assert read(text.replace("Українська правда\n", ""), rules, outlets).outlet is None


@pytest.mark.parametrize("header", ["관련 뉴스", "相關新聞", "Связанные новости", "Notícias relacionadas"])
def test_a_related_news_header_is_no_writer(header: str, rules: Rules, outlets: Outlets) -> None:
    # Yonhap's foot: its "관련 뉴스" (related news) header above a teaser was credited as a name (the sweep's 30)
    text = ("연합뉴스\n푸틴·김정은, '포괄적 전략적 동반자 관계 조약' 서명\n송고2024-06-19 18:30\n이율 기자\n"
            "(서울=연합뉴스) 이율 기자 = 블라디미르 푸틴 러시아 대통령과 김정은 북한 국무위원장이 19일 "
            "평양에서 정상회담을 하고 조약에 서명했다.\n"
            "김 위원장은 양국 관계가 \"동맹 관계라는 새로운 높은 수준에 올라섰다\"고 밝혔다.\n"
            f"yulsid@yna.co.kr\n2024/06/19 18:30 송고\n{header}\n푸틴, 24년 만에 방북…김정은 공항 영접")
    got = read(text, rules, outlets)
    assert (got.outlet, got.credits) == ("Yonhap", ("이율",))
    assert {r.text: r.rule for r in got.removed}[header] == "recommendation"  # the teaser under it goes too



@pytest.mark.parametrize(("header", "teaser"), [
    ("İLGİNİZİ ÇEKEBİLİR", "Altın fiyatları bugün ne kadar?"),  # Hürriyet: "you may be interested", without "Bunlar da"
    ("อ่านข่าวที่เกี่ยวข้อง", "เกาหลีเหนือยอมรับส่งทหารช่วยรัสเซียรบในเคิร์สก์")])  # Thairath: "read related news"
def test_a_related_header_of_turkish_and_thai_pages_goes_with_its_teaser(header: str, teaser: str, rules: Rules,
                                                                        outlets: Outlets) -> None:
    # the arc sweep's pages 60 and 63: the teaser under the header stayed as the last paragraph, and
    # Hürriyet's "bugün" (today) in it made a gold-price question an event of the parade's day
    text = ("Pekin'de dev askeri geçit töreni: Şi, Putin ve Kim yan yana\n"
            "Çin, İkinci Dünya Savaşı'nın sona ermesinin 80. yılı nedeniyle Pekin'de büyük bir askeri geçit töreni "
            "düzenledi.\nPutin ve Kim, geçit töreninin ardından ikili görüşme yaptı.\n"
            f"{header}\n{teaser}")
    got = read(text, rules, outlets)
    assert {r.text: r.rule for r in got.removed}.get(header) == "recommendation"
    assert teaser not in {b.text for b in got.blocks}


def test_a_thai_papers_desk_signing_for_it_credits_no_one(rules: Rules, outlets: Outlets) -> None:
    # Bangkok Biz News' "กองบรรณาธิการ กรุงเทพธุรกิจ" (its editorial board) under the date: no writer, and the
    # lead under it is the first paragraph, not a photo's credit (the arc sweep's page 61)
    page = Path(__file__).parent / "data" / "sweeps" / "arc" / "61_th_bangkokbiz_confirm.txt"
    got = read(page.read_text(encoding="utf-8").rstrip("\n"), rules, outlets)
    assert (got.outlet, got.credits) == ("กรุงเทพธุรกิจ", ())
    assert got.blocks[0].text.startswith("เกาหลีเหนือยืนยันเป็นครั้งแรกเมื่อวันจันทร์ (28 เม.ย.)")

def test_copyright_line_names_the_outlet(rules: Rules, outlets: Outlets) -> None:
    text = ("Labour wins landslide as Starmer set to become prime minister\n\nLabour has won a landslide victory "
            "in the general election, ending 14 years of Conservative government.\n\n"
            "Copyright 2024 BBC. All rights reserved.")
    assert read(text, rules, outlets).outlet == "BBC"


_GALLERY = ["Fans watch the final at a viewing centre in Lagos on Sunday. Photo: Vanguard/Bunmi Azeez",
            "The captain gave the team the lead with a header in the 38th minute. Photo: AFP",
            "The hosts equalised in the 62nd minute. Photo: AFP",
            "A substitute scored the winner with nine minutes left. Photo: Reuters",
            "Dejected supporters leave the viewing centre in Surulere. Photo: Vanguard/Bunmi Azeez"]


def test_the_captions_of_a_photo_gallery_are_its_content(rules: Rules, outlets: Outlets) -> None:
    # a gallery: numbered photos, each with its caption, and one line of text: the captions are kept, their credits not
    text = "PHOTOS: Fans react as Nigeria lose the final\n\n" + "".join(
        f"{n} of 5\n{caption}\n\n" for n, caption in enumerate(_GALLERY, 1)) + \
        "Nigeria lost 2-1 to the hosts in the final of the Africa Cup of Nations on Sunday night."
    got = read(text, rules, outlets)
    assert [b.text for b in got.blocks] == [c.split(" Photo: ")[0] for c in _GALLERY] + [text.rsplit("\n", 1)[1]]
    assert [r.text for r in got.removed if r.rule == "photo-credit"] == [
        "Photo: " + c.split(" Photo: ")[1] for c in _GALLERY]
    # an article with the same photos and more text than captions loses the captions, as before
    more = [_LEAD, "The coach said after the match that his players had given everything they had in the heat of "
            "Abidjan and that he was proud of the way they had fought back.", "Thousands of supporters had gathered "
            "in public viewing centres across Lagos and Abuja, where the mood turned from joy to silence."]
    kept = [b.text for b in read(text + "\n\n" + "\n\n".join(more), rules, outlets).blocks]
    assert not set(kept) & {c.split(" Photo: ")[0] for c in _GALLERY} and set(more) <= set(kept)


def test_an_author_box_goes_with_the_name_and_bio_under_it(rules: Rules, outlets: Outlets) -> None:
    text = ("España gana su cuarta Eurocopa\n\n"
            "España es campeona de Europa por cuarta vez en su historia tras vencer a Inglaterra en Berlín.\n\n"
            "Sobre la firma\nJuan I. Irigoyen\nRedactor de la sección de Deportes. Cubre la información de la "
            "selección española.\n\nEl seleccionador dijo que el equipo había demostrado que era una familia.")
    got = read(text, rules, outlets)
    assert [b.type for b in got.blocks] == ["paragraph", "paragraph"]
    assert [r.rule for r in got.removed] == ["author-box"] * 3
    # in another language, the bio after a blank line; the box ends at its finished bio
    text = ("Storm floods the valley\n\n" + _LEAD + "\n\nAbout the author\n\nJane Roe is our weather reporter and "
            "has covered floods for ten years.\n\nThe river is expected to fall again by Friday, officials said.")
    got = read(text, rules, outlets)
    assert [r.rule for r in got.removed] == ["author-box"] * 2
    assert [b.text for b in got.blocks] == [_LEAD, "The river is expected to fall again by Friday, officials said."]


def test_numbered_headings_are_headed_alike(rules: Rules, outlets: Outlets) -> None:
    # the first item follows a sign-up line, not a paragraph: it is a heading as the other items are
    items = ["1. Where is flooding worst?", "2. Has anyone died?", "3. What about travel?", "4. Will it rain again?"]
    text = ("Storm Bert: 4 things to know as flood warnings remain in place\n\n"
            "More than 100 flood warnings are in force across England and Wales\n\nJane Dalton\n"
            "Monday 25 November 2024 10:30 GMT\n\nGet our free weather briefing\n\n"
            + "\n\n".join(f"{item}\n\n{_LEAD} The entry number {n} goes on." for n, item in enumerate(items)))
    got = read(text, rules, outlets)
    assert [b.text for b in got.blocks if b.type == "heading"] == items
    # a numbered list of sentences stays a list of paragraphs
    steps = ["1. Check the warnings for your area.", "2. Move valuables upstairs.", "3. Keep a bag ready."]
    got = read("How to prepare for a flood\n\n" + _LEAD + "\n\n" + "\n".join(steps), rules, outlets)
    assert not [b for b in got.blocks if b.type == "heading"]


def test_a_place_after_the_comma_of_a_byline_is_not_a_co_author(rules: Rules, outlets: Outlets) -> None:
    body = ("Die Europäische Zentralbank hat am Donnerstag erstmals seit 2019 die Leitzinsen gesenkt, um "
            "0,25 Prozentpunkte.\n\nPräsidentin Christine Lagarde sagte nach der Sitzung in Frankfurt, die "
            "Inflation sei gefallen.")
    text = f"EZB senkt erstmals seit fünf Jahren die Zinsen\n\nVon Christian Siedenbiedel, Frankfurt\n\n{body}"
    assert read(text, rules, outlets).credits == ("Christian Siedenbiedel",)
    # the place the dateline names is a place too
    text = ("Banjir rendam ribuan rumah di pesisir utara\n\nOleh Andi Saputra, Semarang\n\n"
            "SEMARANG, KOMPAS - Banjir merendam ribuan rumah warga di pesisir utara sejak Senin pagi.\n\n"
            "Warga mengungsi ke balai desa dan masjid terdekat setelah air terus naik.")
    assert read(text, rules, outlets).credits == ("Andi Saputra",)
    # a co-author known by one name, never written as a place, stays credited
    text = ("Banjir rendam ribuan rumah di pesisir utara\n\nOleh Andi, Budi\n\n"
            "Banjir merendam ribuan rumah warga di pesisir utara Semarang sejak Senin pagi.\n\n"
            "Warga mengungsi ke balai desa dan masjid terdekat setelah air terus naik.")
    assert read(text, rules, outlets).credits == ("Andi", "Budi")


def test_a_place_of_two_or_three_words_after_the_comma_of_a_byline_is_not_a_co_author(rules: Rules,
                                                                                        outlets: Outlets) -> None:
    body = ("The city council met on Monday to vote on the new budget for the coming year.\n\n"
            "Officials in New York said the plan would be published later this week.")
    assert read(f"Council passes budget\n\nBy Jane Doe, New York\n\n{body}", rules, outlets).credits == ("Jane Doe",)
    # two people stay credited
    assert read(f"Council passes budget\n\nBy Jane Doe, John Smith\n\n{body}", rules, outlets).credits == (
        "Jane Doe", "John Smith")
    # the place as the head of a dateline, with a lower-case particle inside it
    text = ("Sube la inflación en la capital\n\nPor Ana Ruiz, Ciudad de México\n\n"
            "CIUDAD DE MÉXICO (EFE) - La inflación subió en la primera quincena de junio, informó el instituto.\n\n"
            "Los precios de los alimentos encabezaron el alza, según los datos publicados este jueves.")
    assert read(text, rules, outlets).credits == ("Ana Ruiz",)
    # words the article never writes as a place are a second writer
    undated = text.replace("CIUDAD DE MÉXICO (EFE) - ", "")
    assert read(undated, rules, outlets).credits == ("Ana Ruiz", "Ciudad de México")


def test_an_author_bio_credits_the_writer_when_no_byline_does(rules: Rules, outlets: Outlets) -> None:
    text = ("Why the RBI is right to wait\n\n"
            "The Reserve Bank of India's decision to hold the repo rate disappointed borrowers, but it is right.\n\n"
            "Patience is not the same as inaction. The RBI has kept its options open in an uncertain world.\n\n"
            "Arvind Subramanian is a former Chief Economic Adviser to the Government of India. Views are personal.\n\n"
            "Related Topics")
    parts = read(text, rules, outlets)
    assert parts.credits == ("Arvind Subramanian",)
    assert "author-bio" in [r.rule for r in parts.removed]
    # a byline wins over the bio
    parts = read(text.replace("wait\n\n", "wait\n\nBy Jane Roe\n\n", 1), rules, outlets)
    assert parts.credits == ("Jane Roe",)


def test_the_name_under_an_author_box_heading_is_the_writer(rules: Rules, outlets: Outlets) -> None:
    text = ("España gana su cuarta Eurocopa tras vencer a Inglaterra\n\n"
            "España es campeona de Europa por cuarta vez en su historia tras derrotar a Inglaterra en Berlín.\n\n"
            "Nico Williams abrió el marcador nada más comenzar la segunda parte, tras un pase de Lamine Yamal.\n\n"
            "Sobre la firma\nJuan I. Irigoyen\nRedactor de la sección de Deportes.\n\nNewsletter")
    parts = read(text, rules, outlets)
    assert parts.credits == ("Juan I. Irigoyen",)
    assert "Juan I. Irigoyen" not in _paragraphs(parts)
    # without the heading the name is not taken
    assert read(text.replace("Sobre la firma\n", ""), rules, outlets).credits == ()


def test_a_menu_pasted_as_one_line_is_not_the_headline(rules: Rules, outlets: Outlets) -> None:
    body = ("Bushfire warnings issued as blazes threaten homes on the coast\n"
            "Crews worked through the night as more than thirty fires burned across the state on Tuesday.\n")
    for menu in ("Just In  For You  Politics  World  Business",  # items split by runs of spaces
                 "Nyheder  Indland  Udland  Penge  Sporten",
                 "即時 政治 國際 兩岸 產經 科技 生活"):  # short words of an unspaced script, single spaces
        parts = read(f"{menu}\n{body}", rules, outlets)
        assert parts.title == "Bushfire warnings issued as blazes threaten homes on the coast", menu
        assert [r.rule for r in parts.removed if r.line == 1] == ["navigation"], menu
    # a headline with a single space between its words, or a Chinese one with a space, is still the headline
    chinese = read("加州野火延燒 逾萬人緊急撤離\n"
                   "美國加州南部野火9日持續延燒，燒毀面積已超過4萬英畝，當局下令逾1萬名居民緊急撤離。\n",
                   rules, outlets)
    assert chinese.title == "加州野火延燒 逾萬人緊急撤離"


def test_the_text_above_a_photo_credit_stays_when_it_carries_on_the_paragraphs(rules: Rules,
                                                                               outlets: Outlets) -> None:
    head = ("Floods close the main road to the coast\n"
            "Heavy rain flooded the coastal road on Monday night, the regional police said in a statement.\n")
    # two sentences right after a paragraph, above a credit set between paragraphs: body text, not a caption
    text = head + ("The road was closed at dawn. Drivers were sent inland through the hills.\n"
                   "Foto: Jan Novak / CTK\n"
                   "Crews expect to reopen one lane by Wednesday morning, the road agency said.\n")
    parts = read(text, rules, outlets)
    assert [r.rule for r in parts.removed] == ["photo-credit"]
    assert len(_paragraphs(parts)) == 3
    # one sentence after the last paragraph, with nothing but page furniture under the credit: the text's end
    text = head + "The weather service expects more rain on Thursday.\nФото: Reuters\nRead more\n"
    parts = read(text, rules, outlets)
    assert "caption" not in [r.rule for r in parts.removed]
    assert len(_paragraphs(parts)) == 2
    # one sentence between paragraphs above a credit is still the photo's caption
    text = head + ("A driver waits at a closed junction.\nFoto: Jan Novak / CTK\n"
                   "Crews expect to reopen one lane by Wednesday morning, the road agency said.\n")
    parts = read(text, rules, outlets)
    assert [r.rule for r in parts.removed] == ["caption", "photo-credit"]


def test_tamil_read_more_and_comment_prompt_are_not_taken_for_a_photo_credit(rules: Rules,
                                                                             outlets: Outlets) -> None:
    # "Read more" and "Post your comment" under the last sentence: furniture, and the sentence stays
    text = ("ராக்கெட் வெற்றிகரமாக விண்ணில் செலுத்தப்பட்டது\n"
            "ஸ்ரீஹரிகோட்டா: ராக்கெட் வியாழக்கிழமை மாலை வெற்றிகரமாக விண்ணில் செலுத்தப்பட்டது என்று அதிகாரிகள் தெரிவித்தனர்.\n"
            "விஞ்ஞானிகளுக்கு பிரதமர் வாழ்த்து தெரிவித்தார்.\n"
            "மேலும் படிக்க\nபுதிய திட்டத்துக்கு ஒப்புதல்\nஉங்கள் கருத்தைப் பதிவு செய்யவும்\n")
    parts = read(text, rules, outlets)
    assert len(_paragraphs(parts)) == 2
    assert [r.rule for r in parts.removed] == ["recommendation", "recommendation", "comment-prompt"]


def test_a_fact_box_between_the_paragraphs_is_kept_whole(rules: Rules, outlets: Outlets) -> None:
    text = ("Spain opens its largest desalination plant\n"
            "The plant near Valencia began pumping drinking water to the region on Tuesday, the ministry said.\n"
            "It will supply about 300,000 homes during the summer drought.\n"
            "AT A GLANCE\n"
            "Capacity: 200,000 cubic metres a day\n"
            "Cost: 250 million euros\n"
            "Power source: solar farm\n"
            "Farmers' groups said the water would be too costly for irrigation, however.\n")
    parts = read(text, rules, outlets)
    kept = [(b.type, b.text) for b in parts.blocks]
    assert kept[2:6] == [("heading", "AT A GLANCE"), ("paragraph", "Capacity: 200,000 cubic metres a day"),
                         ("paragraph", "Cost: 250 million euros"), ("paragraph", "Power source: solar farm")]
    assert parts.removed == ()
    # two such rows are not a box: label lines stay judged by their shape
    text = text.replace("Power source: solar farm\n", "")
    parts = read(text, rules, outlets)
    assert "Cost: 250 million euros" not in [b.text for b in parts.blocks]


def test_amharic_and_armenian_sentences_are_the_body(rules: Rules, outlets: Outlets) -> None:
    # their full stops ("።", "։") were no sentence end: every body line went as short-non-prose
    text = ("በደቡብ ኢትዮጵያ በደረሰ የመሬት መንሸራተት ከ200 በላይ ሰዎች ሞቱ\n"
            "በደቡብ ኢትዮጵያ ክልል ጎፋ ዞን በደረሰ የመሬት መንሸራተት ከ200 በላይ ሰዎች መሞታቸውን የአካባቢው ባለሥልጣናት ገለጹ።\n"
            "የነፍስ አድን ሠራተኞች በአካፋና በእጅ ፍለጋውን ቀጥለዋል።\n")
    assert len(_paragraphs(read(text, rules, outlets))) == 2
    text = ("Երևանում օդի ջերմաստիճանը հասել է 42 աստիճանի\n"
            "Հիդրոօդերևութաբանության կենտրոնի տվյալներով՝ Երևանում օդի ջերմաստիճանը երեկ հասել է 42 "
            "աստիճանի, ինչը վերջին տասնամյակի ռեկորդն է։\n"
            "Շոգը կպահպանվի մինչև շաբաթվա վերջ։\n")
    assert len(_paragraphs(read(text, rules, outlets))) == 2


def test_the_last_sentences_above_a_foot_credit_stay_without_stop_words(rules: Rules, outlets: Outlets) -> None:
    # Kazakh glues its little words to the others: the sentence above the last one shows no stop word, yet
    # two finished sentences in a row above a credit with only page furniture under it are the text's end
    text = ("Теңге бағамы тарихи минимумға жетті\n"
            "Қазақстан қор биржасында бейсенбі күні доллар бағамы 525 теңгеден асып, теңге тарихи минимумға дейін "
            "әлсіреді.\n"
            "Сарапшылар алдағы айларда бағамның құбылмалы болатынын болжайды.\n"
            "Ұлттық банк валюта нарығына интервенция жасауы мүмкін екенін мәлімдеді.\n"
            "Фото: Tengrinews.kz\nТақырып бойынша\n")
    parts = read(text, rules, outlets)
    assert len(_paragraphs(parts)) == 3
    assert _paragraphs(parts)[-1].startswith("Ұлттық банк")


def test_a_single_spaced_menu_of_capitalised_words_gives_way_to_the_headline(rules: Rules, outlets: Outlets) -> None:
    body = "\nΤο δικαστήριο έκρινε ενόχους έξι από τους 21 κατηγορούμενους για την πυρκαγιά στο Μάτι το 2018.\n"
    # an all-caps menu (Greek) and a Title-Case one (SVT) with single spaces above the headline
    parts = read("ΕΙΔΗΣΕΙΣ ΕΛΛΑΔΑ ΚΟΣΜΟΣ ΟΙΚΟΝΟΜΙΑ ΑΘΛΗΤΙΣΜΟΣ\nΈνοχοι οι κατηγορούμενοι για τη φωτιά στο Μάτι"
                 + body, rules, outlets)
    assert parts.title == "Ένοχοι οι κατηγορούμενοι για τη φωτιά στο Μάτι"
    text = ("Inrikes Utrikes Ekonomi Sport Kultur\nViktor Gyökeres klar för Sporting – rekordövergång för svensk "
            "fotboll\nAnfallaren Viktor Gyökeres lämnar Coventry för portugisiska Sporting Lissabon och det är "
            "klart.\n")
    assert read(text, rules, outlets).title.startswith("Viktor Gyökeres klar för Sporting")
    # a headline of capitalised words with no function word stays the title when nothing better stands by it
    parts = read("Trump Wins Iowa Caucus Vote\n\nDonald Trump won the Iowa caucuses on Monday night, the first "
                 "contest of the Republican race, by a wide margin.\n", rules, outlets)
    assert parts.title == "Trump Wins Iowa Caucus Vote"


SECTION_BARS = [  # the Guardian's and VnExpress's section bars: single spaces, items in lower case too
    ("World Europe US news Americas Asia Australia Middle East Africa Inequality Global development",
     "Russia-Ukraine war live: North Korean troops in Kursk region, says Pentagon"),
    ("Thời sự Góc nhìn Thế giới Video Podcasts Kinh doanh", "Tổng thống Nga Putin đến Hà Nội")]


@pytest.mark.parametrize(("bar", "headline"), SECTION_BARS)
def test_a_single_spaced_section_bar_in_any_case_is_navigation_not_the_headline(bar: str, headline: str, rules: Rules,
                                                                               outlets: Outlets) -> None:
    parts = read(f"Outlet\n{bar}\nUkraine\n{headline}\nMon 28 Oct 2024 17.40 GMT\nThe Pentagon says North Korea has "
                 "sent about 10,000 soldiers to train in eastern Russia, closer to Ukraine.\n", rules, outlets)
    assert parts.title == headline
    assert (bar, "navigation") in [(r.text, r.rule) for r in parts.removed]


def test_three_section_names_or_a_headline_made_of_them_stay_the_title(rules: Rules, outlets: Outlets) -> None:
    body = "\n\nThe ministers met in Brussels on Monday to discuss the new trade rules for the coming year.\n"
    for title in ("World Europe Asia", "Europe and Asia sign climate pact on health"):
        assert read(title + body, rules, outlets).title == title


def test_a_date_stamp_in_lower_case_is_not_joined_to_the_headline(rules: Rules, outlets: Outlets) -> None:
    # Serbian writes the weekday in lower case: the stamp read as the headline's wrapped second line
    text = ("Топлотни талас: у Београду измерено 39 степени, уведене ванредне мере\n"
            "понедељак, 15. јул 2024, 16:40 -> 18:02\n"
            "Републички хидрометеоролошки завод упозорио је да ће температуре до краја недеље бити изнад 38 "
            "степени у већем делу Србије.\n")
    assert read(text, rules, outlets).title == "Топлотни талас: у Београду измерено 39 степени, уведене ванредне мере"


def test_bylines_labelled_in_more_languages_credit_the_writer_not_the_agency(rules: Rules, outlets: Outlets) -> None:
    body = ("\nZaradi obilnih padavin so reke Savinja, Meža in Kamniška Bistrica prestopile bregove, zato so "
            "morali evakuirati več sto ljudi.\n")
    # "Author:" in Slovenian (Avtor), Latvian (Autors), Albanian (Nga); the agency after the writer is no co-author
    for line, name in [("Avtor: Tina Hočevar, STA", "Tina Hočevar"), ("Autors: Ilze Kalniņa", "Ilze Kalniņa"),
                       ("Nga: Erjona Kola", "Erjona Kola"), ("Reporters: Zhang Wei, Li Na", "Zhang Wei")]:
        parts = read("Poplave: reke prestopile bregove, evakuirali več sto ljudi\n" + line + body, rules, outlets)
        assert parts.credits[0] == name and "STA" not in parts.credits
    assert "Li Na" in read("Nanjing plant fire kills two workers\nReporters: Zhang Wei, Li Na" + body, rules,
                           outlets).credits


def test_a_bare_byline_of_outlets_credits_no_one(rules: Rules, outlets: Outlets) -> None:
    # LRT's "LRT.lt, BNS" beside the date line: the outlet and the agency, not two writers
    text = ("Seimo rinkimai: socialdemokratai laimėjo daugiamandatėse apygardose\nLRT.lt, BNS\n2024.10.14 07:30\n"
            "Lietuvos socialdemokratų partija surinko daugiausia balsų Seimo rinkimų daugiamandatėje apygardoje, "
            "rodo Vyriausiosios rinkimų komisijos duomenys.\n")
    parts = read(text, rules, outlets)
    assert parts.credits == ()
    assert parts.outlet == "LRT"


def test_a_brief_with_no_headline_is_titled_by_its_first_sentence(rules: Rules, outlets: Outlets) -> None:
    # a one-paragraph brief: no line looks like a headline
    parts = read("Home  News  Business  Sport\nThe Reserve Bank of New Zealand cut its official cash rate by half "
                 "a point to 4.75 per cent on Wednesday. It was its second cut this year.\nShare this article\n",
                 rules, outlets)
    assert parts.title is None
    assert lead_title(parts.blocks, rules) == ("The Reserve Bank of New Zealand cut its official cash rate by half a "
                                               "point to 4.75 per cent on Wednesday", 2)
    # a wire item pasted from its dateline: the dateline is no part of the title; a long sentence is cut
    lead = ("BEIJING, July 3 (Xinhua) -- A fire broke out at a chemical plant in Nanjing, killing two workers. "
            "The fire was put out after four hours.")
    got = lead_title((Block("paragraph", lead, 5),), rules)
    assert got == ("A fire broke out at a chemical plant in Nanjing, killing two workers", 5)
    long = " ".join(["word"] * 60) + "."
    title, _ = lead_title((Block("paragraph", long, 1),), rules) or ("", 0)
    assert len(title.split()) == rules.params.title_max_words and title.endswith("…")
    assert lead_title((), rules) is None


def test_an_article_with_no_headline_is_built_with_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "brief.txt"
    source.write_text("Home  News  Business  Sport\nThe Reserve Bank of New Zealand cut its official cash rate by "
                      "half a point to 4.75 per cent on Wednesday, its second cut this year.\n", encoding="utf-8")
    config = load_config(tmp_path)
    found = extract_stage.article(read_document(source, "brief.txt", 10**6), extract_stage.load_tables(config),
                                  config)
    assert found.title.startswith("The Reserve Bank of New Zealand cut")
    assert [(w.line, w.message) for w in found.warnings] == [
        (2, "no headline: the title is the text's first sentence; set 'title:' in front matter to give one")]


def test_khmer_by_and_staff_bylines_of_indian_papers(rules: Rules, outlets: Outlets) -> None:
    body = "\n2024.05.08\nអគ្គិភ័យ​បាន​ឆាបឆេះ​រោងចក្រ​កាត់ដេរ​មួយ​នៅ​ខណ្ឌ​ពោធិ៍សែនជ័យ​ រាជធានី​ភ្នំពេញ​ កាលពី​ព្រឹក​ថ្ងៃ​ពុធ។\n"
    # "ដោយ" is "by": the writer is the name after it
    parts = read("អគ្គិភ័យ​ឆេះ​រោងចក្រ​កាត់ដេរ​មួយ​នៅ​ភ្នំពេញ\nដោយ សុខ សុភា" + body, rules, outlets)
    assert parts.credits == ("សុខ សុភា",)
    # "own correspondent" (Malayalam) and "Loksatta team" (Marathi) credit no one
    for byline, headline, lead in [
        ("സ്വന്തം ലേഖകൻ", "കേരള ബ്ലാസ്റ്റേഴ്സ് പുതിയ വിദേശ താരത്തെ സ്വന്തമാക്കി",
         "കൊച്ചി ∙ ഐഎസ്എൽ ക്ലബ് കേരള ബ്ലാസ്റ്റേഴ്സ് സ്പാനിഷ് സ്ട്രൈക്കറുമായി രണ്ടു വർഷത്തെ കരാർ ഒപ്പുവച്ചു."),
        ("लोकसत्ता टीम", "राज्यात उष्णतेची लाट; अकोल्यात पारा ४५ अंशांवर",
         "राज्यात उष्णतेची लाट कायम असून अकोला येथे मंगळवारी ४५.६ अंश सेल्सिअस तापमानाची नोंद झाली.")]:
        parts = read(f"{headline}\n{byline}\nUpdated: May 22, 2024 10:15 IST\n{lead}\n", rules, outlets)
        assert parts.credits == ()


def test_a_menu_with_an_initialism_or_a_number_is_not_the_headline(rules: Rules, outlets: Outlets) -> None:
    body = ("Dockworkers walk off the job at Rotterdam, Europe's biggest port\n"
            "Thousands of dockworkers walked off the job at Rotterdam's container terminals on Monday, "
            "bringing the port to a near standstill.\n")
    for menu in ("World  U.S.  Politics  Sports  Entertainment  Business",  # AP: "U.S." ends in a full stop
                 "Video  Live  Shows  Election 2024  538"):  # ABC News: items with numbers among plain ones
        parts = read(f"{menu}\n{body}", rules, outlets)
        assert parts.title == "Dockworkers walk off the job at Rotterdam, Europe's biggest port", menu
        assert [r.rule for r in parts.removed if r.line == 1] == ["navigation"], menu
    # a line of numbers split by runs of spaces is no menu
    numbers = read(f"Dow  34,500  Nasdaq  13,200\n{body}", rules, outlets)
    assert [r.rule for r in numbers.removed if r.line == 1] != ["navigation"]


def test_glued_skip_links_and_the_link_home_are_navigation(rules: Rules, outlets: Outlets) -> None:
    text = ("Skip to main contentSkip to navigation\nThe Guardian - Back to homepage\nWorld\nEurope\n"
            "Hamburg port workers stage warning strike as European dock dispute widens\n"
            "Thousands of dockworkers at Hamburg, Germany's largest port, have staged a 24-hour warning "
            "strike on Monday.\n")
    parts = read(text, rules, outlets)
    assert parts.title == "Hamburg port workers stage warning strike as European dock dispute widens"
    assert [r.rule for r in parts.removed if r.line in (1, 2)] == ["navigation", "navigation"]
    assert parts.outlet == "The Guardian"  # the masthead's link names it


def test_a_first_published_date_names_no_outlet_and_a_live_suffix_is_cut(rules: Rules, outlets: Outlets) -> None:
    text = ("Port strike: 140 ships stuck as Rotterdam stoppage enters fourth week – business live\n"
            "Graeme Wearden\nFri 3 Oct 2025 17.45 BST\nFirst published on Fri 3 Oct 2025 07.58 BST\n"
            "Time for a recap. The port authority says 140 container ships are now waiting at anchor.\n")
    parts = read(text, rules, outlets)
    assert parts.title == "Port strike: 140 ships stuck as Rotterdam stoppage enters fourth week"
    assert parts.outlet is None


def test_an_ap_dateline_with_a_country_and_a_lowercase_update_title(rules: Rules, outlets: Outlets) -> None:
    lead = ("ROTTERDAM, Netherlands (AP) — Cranes at Rotterdam's container terminals began moving again "
            "Saturday after a strike that had shut Europe's biggest port since Sept. 8. The first ship was "
            "unloaded at dawn.")
    parts = read(lead, rules, outlets)
    assert parts.outlet == "AP"
    title, _ = lead_title(parts.blocks, rules) or ("", 0)
    assert title == ("Cranes at Rotterdam's container terminals began moving again Saturday after a strike "
                     "that had shut Europe's biggest port since Sept. 8")
    # "Update:" going on in lower case is the headline's own word; "UPDATE: Fire ..." is a label
    assert split_title("Update: situation at container terminals", rules, outlets).text == \
        "Update: situation at container terminals"
    assert split_title("Update: Fire closes the main road to the coast", rules, outlets).text == \
        "Fire closes the main road to the coast"


_DOCK_HEAD = "Dockers strike at Rotterdam as talks collapse\n"
_DOCK_LEAD = ("Dockworkers at Rotterdam went on an open-ended strike on Monday, halting the container terminals "
         "over a plan to automate the lashing of containers.\n")
_DOCK_TAIL = "The union said the strike would go on until the employers gave written job guarantees.\n"


@pytest.mark.parametrize(("line", "rule"), [
    ("Before it's here, it's on the Bloomberg Terminal.", "subscribe"),
    ("Have a confidential tip for our reporters? Get in touch", "subscribe"),
    ("Sign in or create your Guardian account to join the discussion", "subscribe"),
    ("DutchNews.nl depends on its readers. Support us with a donation.", "subscribe"),
    ("Read our full mailing list consent terms here", "subscribe"),
    ("Our mission is to deliver unbiased, fact-based reporting that holds power to account.", "subscribe"),
    ("Get the best news from Belgium, Europe and beyond in your inbox every morning.", "subscribe"),
    ("The Brussels Times Newsletter", "subscribe"),
    ("Was this page helpful?", "subscribe"),
    ("Freightwise B.V., Rotterdam. You receive this because you are a customer. Unsubscribe", "subscribe"),
    ("This article has been updated.", "print-note"),
    ("(Updates with share moves in fifth paragraph.)", "print-note"),
    ("NPR transcripts are created on a rush deadline by an NPR contractor. This text may not be in its final "
     "form and may be updated or revised in the future.", "print-note"),
    ("Offrir l’article", "subscribe"),
    ("Search CNN...", "navigation"),
    ("More Stories From NPR", "recommendation"),
    # a date stamp with how long ago it was updated, in weeks (g1)
    ("07/10/2025 15h32 · Atualizado há 2 semanas", "dateline"),
])
def test_site_promotions_and_notes_under_the_text_are_removed(line: str, rule: str, rules: Rules,
                                                               outlets: Outlets) -> None:
    parts = read(f"{_DOCK_HEAD}{_DOCK_LEAD}{_DOCK_TAIL}{line}\n", rules, outlets)
    assert [r.rule for r in parts.removed if r.line == 4] == [rule]
    assert parts.credits == ()


@pytest.mark.parametrize(("header", "caption"), [
    # a caption whose credit follows a bar (Politico), one that closes with "© Agency" (Le Soir)
    ("Ships wait off the coast near Rotterdam on October 1. | Remko de Waal/ANP via Getty Images", None),
    ("Le port d'Anvers-Bruges tournait au ralenti ce mercredi matin. © Belga", None),
    # a credit line of an agency alone under the BBC's byline and the writer's job, with its caption under it
    ("18 October 2025\nChris Atkins\nBusiness reporter\nEPA\nWorkers returned to the terminal early on Saturday",
     "Workers returned to the terminal early on Saturday"),
])
def test_captions_with_their_credits_are_removed(header: str, caption: str | None, rules: Rules,
                                                 outlets: Outlets) -> None:
    parts = read(f"{_DOCK_HEAD}{header}\n{_DOCK_LEAD}{_DOCK_TAIL}", rules, outlets)
    assert [b.text for b in parts.blocks] == [_DOCK_LEAD.strip(), _DOCK_TAIL.strip()]
    assert caption is None or caption in [r.text for r in parts.removed]


@pytest.mark.parametrize("credit", ["Getty Images", "REUTERS/John Smith", "Foto: ANTARA/Budi",
                                    "Le port d'Anvers-Bruges tournait au ralenti ce mercredi matin. © Belga"])
def test_the_headline_above_a_hero_images_credit_is_no_caption(credit: str, rules: Rules,
                                                               outlets: Outlets) -> None:
    # the page's first line of text, right above the photo's credit, was taken for its caption: no title
    parts = read(f"{_DOCK_HEAD}{credit}\n{_DOCK_LEAD}{_DOCK_TAIL}", rules, outlets)
    assert parts.title == _DOCK_HEAD.strip()
    assert credit in [r.text for r in parts.removed]


def test_header_bylines_of_abc_news_the_bbc_and_a_notice_greeting(rules: Rules, outlets: Outlets) -> None:
    byline = "ByANNA VISSER and TOM WRIGHTSON Associated Press"
    abc = read(f"{_DOCK_HEAD}{byline}\n{_DOCK_LEAD}{_DOCK_TAIL}", rules, outlets)
    assert abc.credits == ("Anna Visser", "Tom Wrightson")
    # the name over its job and outlet, then the photo's credit and its caption
    bbc = read(f"{_DOCK_HEAD}10 September 2025\nChris Atkins\nBusiness reporter, BBC News\nGetty Images\n"
               f"Lorries queued outside the Antwerp-Bruges port on Wednesday\n{_DOCK_LEAD}{_DOCK_TAIL}", rules, outlets)
    assert bbc.credits == ("Chris Atkins",)
    assert [b.text for b in bbc.blocks] == [_DOCK_LEAD.strip(), _DOCK_TAIL.strip()]
    letter = read(f"{_DOCK_HEAD}3 October 2025\nDear Customer,\n{_DOCK_LEAD}{_DOCK_TAIL}", rules, outlets)
    assert letter.credits == ()
    # "contributed reporting" closing a story credits the writer, not the outlet before the name
    cnn = read(f"{_DOCK_HEAD}{_DOCK_LEAD}{_DOCK_TAIL}CNN's Paul Girard contributed reporting.\n", rules, outlets)
    assert cnn.credits == ("Paul Girard",)


@pytest.mark.parametrize(("masthead", "outlet"), [
    ("NL Times", "NL Times"), ("The Brussels Times", "The Brussels Times"), ("Splash247", "Splash247"),
])
def test_english_news_sites_of_the_low_countries_and_the_shipping_press_are_outlets(
        masthead: str, outlet: str, rules: Rules, outlets: Outlets) -> None:
    assert read(f"{masthead}\n{_DOCK_HEAD}{_DOCK_LEAD}{_DOCK_TAIL}", rules, outlets).outlet == outlet


def test_a_broadcaster_after_the_writer_is_no_writer(rules: Rules, outlets: Outlets) -> None:
    parts = read(f"{_DOCK_HEAD}Von Lena Hoffmann, NDR\n{_DOCK_LEAD}{_DOCK_TAIL}", rules, outlets)
    assert parts.credits == ("Lena Hoffmann",)


def test_a_writer_and_a_date_on_one_header_line_is_a_byline(rules: Rules, outlets: Outlets) -> None:
    parts = read(f"{_DOCK_HEAD}Grant Rowles October 7, 2025\n{_DOCK_LEAD}{_DOCK_TAIL}", rules, outlets)
    assert parts.credits == ("Grant Rowles",)
    assert [r.rule for r in parts.removed if r.line == 2] == ["byline"]
    # the words before the date are a name, not the date's own ("Updated October 7, 2025")
    assert scrape._name_before_date("Updated October 7, 2025", rules) is None
    assert scrape._name_before_date("Grant Rowles October 7, 2025", rules) == "Grant Rowles"


LE_MONDE_MENU = (
    "Le Monde\nActualités\nÉconomie\nVidéos\nDébats\nCulture\nLe Goût du Monde\nSe connecter\nS’abonner\n"
    "International\nEspagne\nInondations en Espagne : au moins 158 morts, la colère monte contre les autorités\n"
    "Les secours poursuivent leurs recherches dans la région de Valence, où de nombreux habitants dénoncent une alerte"
    " tardive.\nPar Sandrine Morel (Madrid, correspondante)\nPublié le 31 octobre 2024 à 11h05\n"
    "Le bilan ne cesse de s’alourdir. Jeudi 31 octobre, les autorités espagnoles ont fait état d’au moins 158 morts"
    " après les pluies torrentielles qui ont frappé mardi l’est du pays.\n")
RTVE_AGENCIES = (
    "Noticias\nDANA\nÚltima hora de la DANA en Valencia, en directo: la cifra de muertos asciende a 158\n"
    "RTVE.es / AGENCIAS\n31.10.2024 | actualizado 23:50 horas\n"
    "El Centro de Coordinación Operativa Integrado ha elevado a 155 los muertos en la Comunitat Valenciana, a los que"
    " se suman dos en Castilla-La Mancha y uno en Andalucía.\n")


@pytest.mark.parametrize(("text", "title", "outlet", "removed"), [
    # Le Monde's menu has "Le Goût du Monde" among one-word items: four words, so it passed as the headline
    (LE_MONDE_MENU, "Inondations en Espagne : au moins 158 morts, la colère monte contre les autorités", "Le Monde",
     "Le Goût du Monde"),
    # "RTVE.es / AGENCIAS" under the headline was read as a photo credit, and the headline above it as its caption
    (RTVE_AGENCIES, "Última hora de la DANA en Valencia, en directo: la cifra de muertos asciende a 158", "RTVE",
     "RTVE.es / AGENCIAS"),
])
def test_a_menu_item_or_an_agencies_line_does_not_take_the_headline(text: str, title: str, outlet: str, removed: str,
                                                                     rules: Rules, outlets: Outlets) -> None:
    parts = read(text, rules, outlets)
    assert (parts.title, parts.outlet) == (title, outlet)
    assert removed in [r.text for r in parts.removed]


@pytest.mark.parametrize(("byline", "credits"), [
    ("Von Reinhard Spiegelhauer, ARD-Studio Madrid", ["Reinhard Spiegelhauer"]),  # a studio is no co-author
    ("Avec AFP", []),  # France 24's agency line names no writer
])
def test_a_studio_or_an_agency_in_a_byline_is_no_writer(byline: str, credits: list[str], rules: Rules,
                                                        outlets: Outlets) -> None:
    text = ("Zahl der Toten nach dem Unwetter in Spanien steigt auf mehr als 200\n" + byline + "\n"
            "Die Zahl der Todesopfer der Unwetterkatastrophe in Spanien ist auf 205 gestiegen, teilte die"
            " Regionalregierung von Valencia am Freitag mit.\n\n"
            "Die Behörden gehen davon aus, dass die Zahl weiter steigen wird.")
    assert sorted(read(text, rules, outlets).credits) == credits


def test_bylines_of_a_valencian_flood_story(rules: Rules, outlets: Outlets) -> None:
    body = ("Unos 95 muertos confirmados tras la riada, según el último balance oficial del centro de coordinación"
            " de emergencias de la Generalitat.\n\n"
            "El agua comenzó a subir a media tarde del martes en el barranco del Poyo, que se desbordó.")
    # El País: two writers' names stacked over the date, under a caption that ends with its own credit
    elpais = read("La DANA deja al menos 95 muertos en la provincia de Valencia\n"
                  "Vecinos de Paiporta caminan entre coches amontonados por la riada, este miércoles. MANAEL RUBIO"
                  " (EFE)\nCristina Vázquez\nIgnacio Zafra\nValencia - 30 oct 2024 - 10:42 CET\n" + body + "\n\n"
                  "Sobre la firma\nCristina Vázquez\nCorresponsal en la Comunidad Valenciana.\nIgnacio Zafra\n"
                  "Redactor en Valencia, especializado en educación.", rules, outlets)
    assert sorted(elpais.credits) == ["Cristina Vázquez", "Ignacio Zafra"]
    assert "Redactor en Valencia, especializado en educación." not in _paragraphs(elpais)  # the second bio
    assert not any("MANAEL RUBIO" in p for p in _paragraphs(elpais))
    # the BBC: each name over its role or desk
    bbc = read("Spain floods: Dozens dead after flash floods sweep through Valencia region\n30 October 2024\nShare\n"
               "Guy Hedgecoe\nReporting from Madrid\nand\nPaul Kirby\nBBC News\n" + body, rules, outlets)
    assert (sorted(bbc.credits), bbc.outlet) == (["Guy Hedgecoe", "Paul Kirby"], "BBC")
    # Corriere della Sera: "di X, inviato a Y" under the headline is the byline, not the headline's end
    corriere = read("Corriere della Sera\nEsteri\nAlluvione a Valencia, i morti sono 158. «Nessuno ci ha avvisato»\n"
                    "di Andrea Nicastro, inviato a Paiporta\n31 ottobre 2024 (modifica il 31 ottobre 2024 | 21:37)\n"
                    + body, rules, outlets)
    assert (corriere.title, corriere.credits) == ("Alluvione a Valencia, i morti sono 158. «Nessuno ci ha avvisato»",
                                                 ("Andrea Nicastro",))
    assert "dateline" in {r.rule for r in corriere.removed}
    # Levante-EMV: its desk is no writer, its stamp dates the page ("03·11·24")
    levante = read("Levante-EMV\nBarro, gritos e insultos: los vecinos de Paiporta reciben a los Reyes\n"
                   "Redacción Levante-EMV\nPaiporta | 03·11·24 | 13:58 | Actualizado a las 19:22\n" + body,
                   rules, outlets)
    assert (levante.outlet, levante.credits) == ("Levante-EMV", ())
    assert "Paiporta | 03·11·24 | 13:58 | Actualizado a las 19:22" not in _paragraphs(levante)


def test_outlets_of_a_valencian_flood_story(rules: Rules, outlets: Outlets) -> None:
    # "Quelle: dpa Niedersachsen": a regional dpa service is dpa, an agency, so the masthead stays the outlet
    parts = read("ZEIT ONLINE\nUnwetter in Spanien: Regierung beschließt Milliarden-Hilfspaket\n"
                 "Quelle: dpa Niedersachsen\n"
                 "Madrid (dpa) - Eine Woche nach der Flutkatastrophe im Osten Spaniens hat die Regierung ein Hilfspaket"
                 " in Höhe von 10,6 Milliarden Euro beschlossen, kündigte der Ministerpräsident an.", rules, outlets)
    assert parts.outlet == "Die Zeit"
    assert [outlets.resolve(name) for name in ("À Punt NTC", "Levante-EMV", "Meteored")] == [
        "À Punt", "Levante-EMV", "Meteored"]


@pytest.mark.parametrize(("page", "title", "lead"), [
    # France 24 signs its byline label ("Texte par : FRANCE 24"), the Japan Times credits a photo after a
    # pipe ("... quake. | KYODO"): both end with an outlet as a page title does, and both took the title
    ("FRANCE 24\nAfrique\nAsie-Pacifique\nSéisme au Japon : le bilan dépasse 200 morts, des villages toujours isolés\n"
     "Publié le : 09/01/2024 - 06:12\nTexte par : FRANCE 24\n2 mn\n"
     "Le bilan du séisme qui a frappé le 1er janvier la péninsule de Noto, dans le centre du Japon, a dépassé mardi "
     "les 200 morts, selon les autorités locales.\n",
     "Séisme au Japon : le bilan dépasse 200 morts, des villages toujours isolés", "Le bilan du séisme"),
    ("The Japan Times\nNews\nJapan\nJapan issues first major tsunami warning since 2011 after strong Noto quake\n"
     "KYODO\nJan 1, 2024\nShops in the city of Wajima were damaged by the quake. | KYODO\n"
     "Residents along the Sea of Japan coast spent New Year's Day night in evacuation centers after the strongest "
     "quake to hit the region in decades.\n",
     "Japan issues first major tsunami warning since 2011 after strong Noto quake", "Residents along"),
    # a headline signed by its outlet still wins over an earlier unsigned line
    ("World news in brief today\nFloods cut off three villages in the north | Fox News\n"
     "Heavy rain has cut off three villages in the north of the state, officials said on Monday, and more rain is "
     "expected.\n", "Floods cut off three villages in the north", "Heavy rain"),
])
def test_a_signed_label_or_a_credited_caption_is_not_the_headline(
        page: str, title: str, lead: str, rules: Rules, outlets: Outlets) -> None:
    got = read(page, rules, outlets)
    assert (got.title, got.blocks[0].text[:len(lead)]) == (title, lead)


def test_a_japanese_regional_mastheads_line_is_its_outlet_not_the_headline(rules: Rules, outlets: Outlets) -> None:
    # in Japanese a masthead ("北國新聞デジタル") is as many words as a headline: only the outlet table tells it
    page = read("北國新聞デジタル\nニュース\n石川\n朝市通り一帯が焼失 「あまりにも無残」店主ら言葉失う\n"
                "令和6年1月3日 05:00\n"
                "輪島市河井町の朝市通り周辺で発生した大規模火災は２日朝までにほぼ鎮火したが、約２００棟が焼けた。\n",
                rules, outlets)
    assert (page.title, page.outlet) == ("朝市通り一帯が焼失 「あまりにも無残」店主ら言葉失う", "北國新聞")
    cna = read("中央社 CNA\n即時\n國際\n日本羽田機場日航客機與海保機相撞起火 海保5人罹難\n2024/1/2 20:15\n"
               "（中央社記者楊明珠東京2日專電）日本航空一架客機今天下午在羽田機場降落時與海上保安廳飛機相撞起火。\n",
               rules, outlets)
    assert cna.outlet == "中央社"


def test_a_byline_with_a_middle_initial_credits_the_writer(rules: Rules, outlets: Outlets) -> None:
    # GMA: the initial's full stop read as a sentence's end, and the byline stayed as the lead paragraph
    page = read("GMA News Online\nNews\nMga Pinoy sa Ishikawa, ligtas matapos ang malakas na lindol sa Japan —DFA\n"
                "Published January 2, 2024 10:05am\nBy JON VIKTOR D. CABUENAS, GMA Integrated News\n"
                "Ligtas ang mga Pilipino sa Ishikawa Prefecture matapos tumama ang magnitude 7.5 na lindol sa Noto "
                "Peninsula noong Lunes ng hapon, ayon sa DFA.\n", rules, outlets)
    assert page.credits == ("Jon Viktor D. Cabuenas",)
    assert page.blocks[0].text.startswith("Ligtas ang mga Pilipino")
    # "U.S." is no initial: a sentence that opens with "By" stays a paragraph
    assert read("Storm season opens early\nBy U.S. standards the storm was mild. It brought rain to the coast "
                "and little wind, officials said on Monday.\n", rules, outlets).credits == ()


def test_a_hindi_dateline_over_the_lead_is_no_writer(rules: Rules, outlets: Outlets) -> None:
    # "नई दिल्ली:" (New Delhi:) has a bare name's shape: it was credited as the writer
    page = read("दैनिक भास्कर\nदेश\nदिल्ली में भारी बारिश से जलभराव, कई इलाकों में यातायात ठप\n2 जनवरी 2024, 10:30 AM IST\n"
                "नई दिल्ली:\nराजधानी दिल्ली में मंगलवार सुबह हुई भारी बारिश से कई इलाकों में पानी भर गया और यातायात ठप हो गया। "
                "मौसम विभाग ने अगले दो दिनों के लिए अलर्ट जारी किया है।\n", rules, outlets)
    assert page.credits == ()
    assert [b.text[:7] for b in page.blocks] == ["राजधानी"]
    assert ("नई दिल्ली:", "dateline") in [(r.text, r.rule) for r in page.removed]


FRANCE24_HEADER = (
    "France 24\nInfo en continu\nAsie-Pacifique\nVladimir Poutine au Vietnam après la Corée du Nord\n"
    "Publié le : 20/06/2024 - 08:47\nModifié le : 20/06/2024 - 15:05\n3 mn\n"
    "Texte par : FRANCE 24\nSuivre\n"
    "Vladimir Poutine a été accueilli jeudi 20 juin à Hanoï avec les honneurs militaires, au lendemain de la"
    " signature à Pyongyang d'un accord de défense mutuelle avec la Corée du Nord.\n")
KREMLIN_HEADER = (
    "Президент России\nНовости\nПоездки\nДокументы\nПрезидент\n"
    "Главная / Новости / Российско-вьетнамские переговоры\nРоссийско-вьетнамские переговоры\n"
    "20 июня 2024 года 11:00 Ханой\n"
    "Во Дворце Президента Социалистической Республики Вьетнам состоялись переговоры Владимира Путина с"
    " Президентом СРВ То Ламом.\n")
URL_FIRST_LINE = (
    "https://www.asiageopolitics.blog/2024/06/21/what-putins-vietnam-visit-means-for-asean/\n"
    "Asia Geopolitics Blog\nHome\nAbout\nArchive\nSubscribe\nWhat Putin's Vietnam visit means for ASEAN\n"
    "Posted by Marcus Lim\n"
    "Putin's visit to Hanoi this week was his first to Southeast Asia since the invasion of Ukraine. For ASEAN,"
    " it was a reminder that the region's middle powers still refuse to pick sides.\n")


@pytest.mark.parametrize(("text", "title"), [
    # France 24's byline "Texte par : FRANCE 24" was cut at its colon into "Texte par" and an outlet: a signed title
    (FRANCE24_HEADER, "Vladimir Poutine au Vietnam après la Corée du Nord"),
    # the Kremlin's date-and-place line under the headline is a stamp, not a longer headline
    (KREMLIN_HEADER, "Российско-вьетнамские переговоры"),
    # the page's address, pasted as its first line, is no headline
    (URL_FIRST_LINE, "What Putin's Vietnam visit means for ASEAN"),
    # VnExpress's section and subsection, copied as one line over the date, are no headline
    ("Thời sự Chính trị\nThứ năm, 20/6/2024, 11:05 (GMT+7)\n"
     "Tổng thống Putin và Tổng Bí thư Nguyễn Phú Trọng hội đàm tại Hà Nội\n"
     "Tổng Bí thư Nguyễn Phú Trọng và Tổng thống Nga Vladimir Putin sáng 20/6 hội đàm tại trụ sở Trung ương Đảng,"
     " nhất trí tăng cường quan hệ đối tác chiến lược toàn diện.\n",
     "Tổng thống Putin và Tổng Bí thư Nguyễn Phú Trọng hội đàm tại Hà Nội"),
    # a local station's masthead over its menu ("WSB-TV Channel 2 - Atlanta") is not the headline
    ("WSB-TV Channel 2 - Atlanta\nMenu\nLocal\nWeather\nTraffic\n"
     "Delta passengers sleep on floor at Hartsfield-Jackson as cancellations continue\n"
     "By WSBTV.com News Staff\nJuly 21, 2024 at 6:48 pm EDT\n\n"
     "ATLANTA - Hundreds of Delta passengers spent a third night at the airport on Sunday as the airline "
     "canceled more flights following Friday's global tech outage.",
     "Delta passengers sleep on floor at Hartsfield-Jackson as cancellations continue"),
    # a headline in title case that names no outlet is still a headline
    ("Politics\nSenate Passes Budget Bill After Long Night\n\nThe Senate passed the budget bill early on Friday.",
     "Senate Passes Budget Bill After Long Night"),
    # a menu pasted one section a line is no text above the headline: the headline is no caption of the credit
    ("Singapore\nAsia\nWorld\nBusiness\nChangi check-in counters back to normal after global IT outage\n"
     "Photo: Reuters\nUpdated Jul 20, 2024, 11:20 AM\n\n"
     "SINGAPORE - Check-in counters at Changi Airport were back to normal on July 20, a day after a global "
     "IT outage forced several airlines to check passengers in by hand.\n\n"
     "Changi Airport Group said in a post at 9am that all airlines had restored their systems.",
     "Changi check-in counters back to normal after global IT outage"),
])
def test_no_byline_stamp_address_section_masthead_or_credit_takes_the_headline(text: str, title: str, rules: Rules,
                                                                              outlets: Outlets) -> None:
    assert read(text, rules, outlets).title == title


def test_a_live_blogs_closing_entry_that_ends_in_a_colon_is_text(rules: Rules, outlets: Outlets) -> None:
    # a short place over the lead ends in a colon ("नई दिल्ली:"); a sentence that announces a summary is no place
    summary = "We are closing this live blog now. Here is a summary of the day's main developments:"
    text = (f"Global IT outage - as it happened\nFri 19 Jul 2024 19.02 BST\n\n19.02 BST\n{summary}\n\n"
            "A faulty software update crashed Windows computers across the world, grounding flights.\n")
    assert _paragraphs(read(text, rules, outlets))[0] == summary


def test_a_hindi_place_and_date_over_two_lines_and_a_desk_are_no_writers(rules: Rules, outlets: Outlets) -> None:
    # Aaj Tak: the desk, then "नई दिल्ली," over the date: neither is a person to credit
    page = read("आज तक\nटेक\nMicrosoft सर्वर डाउन: दुनिया भर में उड़ानें रद्द, दिल्ली एयरपोर्ट पर मैनुअल चेक-इन\n"
                "आजतक टेक डेस्क\nनई दिल्ली,\n19 जुलाई 2024,\n(अपडेटेड 19 जुलाई 2024, 5:10 PM IST)\n\n"
                "माइक्रोसॉफ्ट विंडोज में आई तकनीकी खराबी से शुक्रवार को दुनिया भर में विमान सेवाएं, बैंक और टीवी चैनल "
                "प्रभावित हुए।\n", rules, outlets)
    assert page.credits == ()
    assert ("नई दिल्ली,", "dateline") in [(r.text, r.rule) for r in page.removed]
    # a writer's name broken over lines with a comma (Kompas) is still the writer
    page = read("Penyebab Microsoft Error Global, Bandara dan Bank Lumpuh\nKompas.com - 19/07/2024, 18:20 WIB\n"
                "Galuh Putri Riyanto,\nWahyunanda Kusuma Pertiwi\nTim Redaksi\n\n"
                "Gangguan komputer berbasis Windows terjadi di berbagai negara pada Jumat (19/7/2024).\n",
                rules, outlets)
    assert "Galuh Putri Riyanto" in page.credits


@pytest.mark.parametrize(("text", "credits", "rule"), [
    # Ars Technica's "Name - date" was read as a dateline's place ("Barcelona - 01 feb 2024")
    ("CrowdStrike blames testing software bug for the update that crashed 8.5 million PCs\n"
     "Andrew Cunningham - Jul 24, 2024 4:10 pm UTC\n\n"
     "CrowdStrike released its preliminary post-incident review on Wednesday, explaining how a faulty "
     "update crashed millions of Windows machines.\n", ("Andrew Cunningham",), "byline"),
    # a place the page writes as one stays the dateline's
    ("Monsoon rains flood the capital's streets again this week\nNew Delhi - Jul 24, 2024 4:10 pm IST\n\n"
     "Heavy rain flooded roads in New Delhi on Wednesday, and traffic stood still for hours across the city.\n",
     (), "dateline"),
])
def test_a_writers_name_before_the_date_is_a_byline_and_a_place_is_a_dateline(
        text: str, credits: tuple[str, ...], rule: str, rules: Rules, outlets: Outlets) -> None:
    parts = read(text, rules, outlets)
    assert (parts.credits, [(r.rule, r.line) for r in parts.removed]) == (credits, [(rule, 2)])


@pytest.mark.parametrize(("text", "credits"), [
    # US News' reprint of Reuters repeats the title-case headline under the photo, over the agency's name: its
    # pieces ("President Raisi", "Foreign Minister Killed") were read as writers (Raisi sweep, row 11)
    ("Iran's President Raisi, Foreign Minister Killed in Helicopter Crash\nBy Reuters\nMay 20, 2024, at 1:12 a.m.\n"
     "Iran's President Raisi, Foreign Minister Killed in Helicopter Crash\nReuters\nBy Parisa Hafezi\n"
     "DUBAI (Reuters) - Iranian President Ebrahim Raisi and others have been found dead at the site of a "
     "helicopter crash in mountainous terrain in fog, Iranian state media said on Monday.\n",
     ("Parisa Hafezi",)),
    # the agencies where the writer would stand, in Hebrew (Haaretz, row 25), French, Arabic and Russian
    ("איראן בוחרת: הרפורמיסט פזשכיאן ניצח בסיבוב השני של הבחירות לנשיאות\nסוכנויות הידיעות\n06.07.2024\n"
     "מסעוד פזשכיאן, מועמד המחנה הרפורמיסטי, ניצח בסיבוב השני של הבחירות לנשיאות איראן שנערך ביום שישי, כך "
     "הודיע משרד הפנים האיראני היום.\n", ()),
    ("Le réformateur Massoud Pezeshkian remporte la présidentielle iranienne\nAgences\n06/07/2024\n"
     "Le candidat réformateur Massoud Pezeshkian a remporté le second tour de l'élection présidentielle en Iran, "
     "a annoncé samedi le ministère de l'Intérieur.\n", ()),
    ("الإصلاحي بزشكيان يفوز بالرئاسة الإيرانية\nوكالات\n06/07/2024\n"
     "فاز المرشح الإصلاحي مسعود بزشكيان بالانتخابات الرئاسية الإيرانية في جولة الإعادة التي جرت أمس الجمعة، "
     "وفق ما أعلنت وزارة الداخلية.\n", ()),
    ("Реформатор Пезешкиан победил на выборах президента Ирана\nАгентства\n06.07.2024\n"
     "Кандидат реформаторов Масуд Пезешкиан победил во втором туре президентских выборов в Иране, сообщило "
     "министерство внутренних дел страны.\n", ()),
])
def test_a_repeated_headline_or_an_agencies_line_credits_no_one(text: str, credits: tuple[str, ...], rules: Rules,
                                                                 outlets: Outlets) -> None:
    assert read(text, rules, outlets).credits == credits


@pytest.mark.parametrize("stamp", [
    "First published on Sun 19 May 2024 13.45 BST",  # the Guardian's, under its latest stamp (Raisi row 21)
    "Issued on: 21/05/2024 - 10:05 Modified: 21/05/2024 - 12:40",  # France 24's
    "Originally published May 20, 2024",
])
def test_a_first_published_or_issued_stamp_under_the_byline_is_no_paragraph(stamp: str, rules: Rules,
                                                                              outlets: Outlets) -> None:
    text = ("Iran president Ebrahim Raisi confirmed dead in helicopter crash\nLéonie Chao-Fong and Tom Ambrose\n"
            f"Mon 20 May 2024 18.04 BST\n{stamp}\nShare\nView image in fullscreen\n"
            "Mourners in Tehran's Valiasr Square. Photograph: Majid Asgaripour/WANA/Reuters\n"
            "Iranian state media has confirmed that President Ebrahim Raisi died when his helicopter came down in "
            "fog in the mountains of north-west Iran.\n")
    parts = read(text, rules, outlets)
    assert _paragraphs(parts) == [text.splitlines()[-1]]
    assert ("dateline", 4) in [(r.rule, r.line) for r in parts.removed]
    assert [b.text for b in parts.blocks if b.type == "heading"] == []  # the Guardian's button on its photo
    assert is_date_line(stamp, rules) and not is_date_line("First of all, 19 May 2024 was a Sunday", rules)


def test_key_points_under_a_summary_label_above_the_text_are_not_its_lead(rules: Rules, outlets: Outlets) -> None:
    # Reuters: "Summary" over three short lines, then the dateline paragraph, which names the outlet (Raisi rows
    # 9 and 10: the points were the first paragraphs, and the dateline, third, named none)
    text = ("Reuters home\nWorld\nReformist Pezeshkian wins Iran's presidential runoff\nBy Parisa Hafezi\n"
            "July 6, 2024 6:55 AM GMT+3\nSummary\nPezeshkian defeats hardliner Jalili\n"
            "Turnout rises to 49.8% from record low in first round\n"
            "He pledges pragmatic foreign policy, easing of social curbs\n"
            "DUBAI, July 6 (Reuters) - Reformist candidate Masoud Pezeshkian has won Iran's runoff presidential "
            "election, the Interior Ministry said on Saturday.\n"
            "Pezeshkian won 16.3 million votes out of some 30 million cast in Friday's vote, the ministry said.\n")
    parts = read(text, rules, outlets)
    assert _paragraphs(parts)[0].startswith("DUBAI, July 6 (Reuters)") and len(_paragraphs(parts)) == 2
    assert [r.line for r in parts.removed if r.rule == "summary"] == [6, 7, 8, 9]
    assert parts.outlet == "Reuters"
    # German key points ("Das Wichtigste in Kürze") as a list; a "Summary" heading inside the text keeps its text
    german = read("Reformer Peseschkian gewinnt Stichwahl im Iran\nDas Wichtigste in Kürze\n- Peseschkian siegt\n"
                  "- Wahlbeteiligung steigt auf knapp 50 Prozent\nDer Reformpolitiker Massud Peseschkian hat die "
                  "Stichwahl um das Präsidentenamt im Iran gewonnen, teilte das Innenministerium mit.\n",
                  rules, outlets)
    assert [r.line for r in german.removed if r.rule == "summary"] == [2, 3, 4]
    inside = (f"{text}Summary\nThe turnout rose, and the new president promised to reach out to the West.\n"
              "Second point of the summary in a short line\n")
    assert "Second point of the summary in a short line" in _paragraphs(read(inside, rules, outlets))
    # a menu above the headline may hold such a word (a sports site's "Highlights", RBC's "Главное"): a section,
    # whose neighbours are no key points, and the headline stays the title
    menu = read("Home\nHighlights\nFootball\nTransfers\nReformist Pezeshkian wins Iran's presidential runoff\n"
                "By Parisa Hafezi\n" + "\n".join(text.splitlines()[9:]), rules, outlets)
    assert menu.title == "Reformist Pezeshkian wins Iran's presidential runoff"
    assert "summary" not in {r.rule for r in menu.removed}


def test_a_sky_byline_with_a_handle_over_its_uk_stamp_and_the_video_player_notice(rules: Rules,
                                                                                  outlets: Outlets) -> None:
    # Raisi row 15: the stamp ", UK" was no date line, so the writer's name read as a photo credit and the
    # standfirst as its caption; the video player's notice was the first paragraph
    text = ("Sky News\nIran's Raisi to be buried in Mashhad on Thursday as mourners fill Tabriz\n"
            "The Iranian president's body will be carried through three cities before his burial in his hometown.\n"
            "Alistair Bunkall\nMiddle East correspondent @AliBunkallSKY\nTuesday 21 May 2024 10:45, UK\n"
            "Please use Chrome browser for a more accessible video player\n"
            "Tens of thousands of people have gathered in the city of Tabriz for the first funeral procession for "
            "Iran's president Ebrahim Raisi.\n")
    lines, parts = text.splitlines(), read(text, rules, outlets)
    assert (parts.credits, _paragraphs(parts), [(r.rule, r.line) for r in parts.removed if r.line >= 6]) == (
        ("Alistair Bunkall",), [lines[2], lines[-1]], [("dateline", 6), ("navigation", 7)])


def test_a_writers_bio_under_their_name_below_the_text_is_no_paragraph(rules: Rules, outlets: Outlets) -> None:
    # AP: the writer's name in capitals, then a bio that opens with the surname; its "in 2006" was an event of the
    # story (Raisi row 20). A paragraph that names the writer's surname elsewhere stays.
    lead = ("DUBAI, United Arab Emirates (AP) — A helicopter carrying Iran's president was found crashed in the "
            "country's mountainous northwest, and all aboard were killed, state media reported Monday.")
    bio = ("Gambrell, the news director for the Gulf and Iran for The Associated Press, has reported from each of "
           "the Gulf Cooperation Council countries, Iran and other locations across the world since joining the "
           "AP in 2006.")
    text = (f"Iran's President Ebrahim Raisi found dead at helicopter crash site\nBY JON GAMBRELL\n{lead}\n"
            "Raisi, a hard-line protege of Khamenei, had been discussed as a possible successor for his position.\n"
            f"JON GAMBRELL\n{bio}\ntwitter\n")
    parts = read(text, rules, outlets)
    assert _paragraphs(parts) == text.splitlines()[2:4] and parts.credits == ("Jon Gambrell",)
    assert ("author-bio", 6) in [(r.rule, r.line) for r in parts.removed]
    kept = text.replace(f"JON GAMBRELL\n{bio}", "Gambrell said the helicopter was a Bell 212 built decades ago.")
    assert "Gambrell said the helicopter was a Bell 212 built decades ago." in _paragraphs(read(kept, rules, outlets))


def test_comments_under_a_bare_comments_heading_go_only_under_commenters_names(rules: Rules,
                                                                              outlets: Outlets) -> None:
    # Middle East Eye: "Comments", then each commenter's name over a time stamp, the comment, "Reply" (Raisi row
    # 18: the comments were the article's last paragraphs, their "in June" an event and "sanctions" a theme)
    lead = ("Ebrahim Raisi, who was killed when his helicopter crashed in fog in northwestern Iran on Sunday, rose "
            "from a provincial prosecutor to the presidency.")
    last = "His death leaves the Islamic Republic without one of its most powerful figures."
    comments = ["Comments", "Join the conversation", "Please read our community guidelines before commenting.",
                "Kaveh", "10 hours ago", "May he rest in peace. Turnout will be the thing to watch in June.",
                "Reply", "25 likes", "Mehdi-M", "18 hours ago",
                "Thank you MEE for a balanced piece. Why a 45-year-old helicopter? Sanctions or incompetence?",
                "Reply"]
    text = "Ebrahim Raisi: the life and death of Iran's hardline president\n" + "\n".join([lead, last, *comments])
    assert _paragraphs(read(text, rules, outlets)) == [lead, last]



@pytest.mark.parametrize("text", [
    # Ars Technica prints "Reader comments" and their count under the byline, above the text: the text stays
    "CrowdStrike blames testing software bug for the update that crashed 8.5 million PCs\n"
    "Andrew Cunningham - Jul 24, 2024 4:10 pm UTC\nReader comments\n412\n"
    "CrowdStrike released its preliminary post-incident review on Wednesday, explaining how a faulty update crashed "
    "millions of Windows machines.\nThe company said a bug in its test software let the update through.\n"
    "Jul 24, 2024 5:00 pm UTC\nThe review promised staggered releases from now on.\n",
    # a live blog's "Comments" button over entries stamped under a share button or a paragraph
    "Iran president confirmed dead in helicopter crash – as it happened\nIranian state media confirmed on Monday "
    "that President Ebrahim Raisi died when his helicopter came down in fog.\nComments\nShare\n18.04 BST\n"
    "The UN security council held a minute's silence for Raisi on Monday morning.\nShare\n15.20 BST\n"
    "The funeral is expected to begin in Tabriz on Tuesday, state media said.\n",
])
def test_a_comments_heading_with_no_commenters_under_it_opens_no_comments_section(text: str, rules: Rules,
                                                                                    outlets: Outlets) -> None:
    assert len(_paragraphs(read(text, rules, outlets))) == 3


def test_a_lunar_hijri_stamp_above_the_headline_is_not_the_title(rules: Rules, outlets: Outlets) -> None:
    # Al Arabiya: its only stamp, "الأحد 11 ذو القعدة 1445 هـ" (Sunday 19 May 2024), stands above the headline and
    # was taken for it; the headline was then a caption (Raisi row 22)
    stamp = "الأحد 11 ذو القعدة 1445 هـ"
    headline = "فقدان الاتصال بمروحية الرئيس الإيراني في أذربيجان الشرقية وسط ضباب كثيف"
    lead = ("تعرضت مروحية تقل الرئيس الإيراني إبراهيم رئيسي لحادث هبوط صعب في محافظة أذربيجان الشرقية شمال غربي "
            "إيران، بحسب ما أفاد التلفزيون الرسمي الإيراني اليوم الأحد.")
    parts = read("\n".join(["العربية", "إيران", stamp, headline, "دبي - العربية.نت", lead]), rules, outlets)
    assert (parts.title, [(r.rule, r.line) for r in parts.removed if r.text == stamp]) == (headline, [("dateline", 3)])


@pytest.mark.parametrize(("line", "rule"), [
    # lines of the Raisi sweep's pages that stood as headings or paragraphs: Tasnim's sign-off with its slash and
    # its comment form's "no Finglish" note, Le Monde's and Der Spiegel's buttons, a Guardian key event with its age
    ("انتهای پیام/", "print-note"),
    ("لطفا از نوشتن با حروف لاتین (فینگلیش) خودداری نمایید.", "comment-prompt"),
    ("Ajouter à vos sélections", "bookmark"),
    ("Artikel zum Hören", "listen"),
    ("3h ago UN security council holds minute's silence", "navigation"),
])
def test_sign_offs_buttons_and_key_events_of_the_raisi_pages_go(line: str, rule: str, rules: Rules,
                                                                 outlets: Outlets) -> None:
    text = (f"Putin and Kim sign a defence pact in Pyongyang\n\n{_LEAD}\n\n{line}\n\n"
            "The treaty obliges each side to help the other if it is attacked.")
    got = read(text, rules, outlets)
    assert [(r.text, r.rule) for r in got.removed] == [(line, rule)]
    assert len(got.blocks) == 2


def test_a_japanese_agency_dateline_names_the_agency_and_leaves_the_first_paragraph(rules: Rules,
                                                                                    outlets: Outlets) -> None:
    for dateline, outlet in [("【モスクワ共同】", "Kyodo News"), ("【北京共同】", "Kyodo News"),
                             ("【ワシントン時事】", "時事通信")]:
        parts = read(f"ロ朝条約が発効、相互軍事支援を規定\n\n{dateline}ロシア外務省は4日、ロシアと北朝鮮が6月に署名した"
                     "条約が同日発効したと発表した。\n\n条約は軍事的援助を提供すると定めている。\n", rules, outlets)
        assert parts.outlet == outlet
        assert parts.blocks[0].text.startswith("ロシア外務省は4日")
        assert [(r.text, r.rule, r.line) for r in parts.removed] == [(dateline, "dateline", 3)]
    # the brackets around anything else are the text's own: a label, a headline in the paragraph
    parts = read("見出し\n\n【速報】ロシア外務省は4日、条約が発効したと発表した。\n", rules, outlets)
    assert parts.blocks[0].text.startswith("【速報】") and parts.outlet is None


@pytest.mark.parametrize(("byline", "outlet"), [
    ("By The Associated Press", "AP"), ("BY THE ASSOCIATED PRESS", "AP"), ("By Reuters", "Reuters"),
    ("Oleh Antara", "Antara"), ("Par l'AFP", "AFP"), ("Von dpa", "dpa")])
def test_a_byline_that_is_only_an_outlet_names_it_and_credits_no_one(byline: str, outlet: str, rules: Rules,
                                                                     outlets: Outlets) -> None:
    parts = read(f"EU adopts 15th sanctions package against Russia\n{byline}\n\nThe European Union on Monday adopted "
                 "its 15th package of sanctions over Russia's war in Ukraine, officials said.\n", rules, outlets)
    assert (parts.outlet, parts.credits) == (outlet, ())
    assert [(r.text, r.rule) for r in parts.removed] == [(byline, "byline")]
    assert parts.title == "EU adopts 15th sanctions package against Russia"


def test_the_pact_sweeps_vnexpress_page_is_titled_by_its_headline_not_its_section_bar() -> None:
    parts = extract(Path(__file__).parent / "data" / "sweeps" / "pact" / "35_vi_vnexpress_hanoi.txt")
    assert parts.title == "Tổng thống Nga Putin đến Hà Nội"
    assert ("Thời sự Góc nhìn Thế giới Video Podcasts Kinh doanh", "navigation") in [(r.text, r.rule)
                                                                                     for r in parts.removed]


def _lines_of_test_pages() -> list[str]:
    """Every line of text of the sweeps' pages and the seeds, as scrape judges them (white space collapsed)."""
    data = Path(__file__).parent / "data"
    pages = [*sorted((data / "sweeps").rglob("*")), *sorted((Path(__file__).parent.parent / "seeds").iterdir())]
    return [" ".join(line.split()) for page in pages if page.suffix in (".txt", ".md") and page.name != "README.md"
            for line in page.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_last_sentence_is_what_splitting_at_every_sentence_gap_leaves_last() -> None:
    # the split it replaces, on every line of the sweeps and seeds and on the edges of a gap
    lines = _lines_of_test_pages() + ["One. Two", "Ends.  ", "no gap", "a.!  \n b", "x?\tY", ". lead", "a.\u00a0b",
                                      "e.g. one. Two?", "Stop.", "", " . . "]
    assert len(lines) > 500
    for text in lines:
        parts = re.split(r"(?<=[.!?])\s+", text)
        assert scrape.last_sentence(text) == (parts[-1] if len(parts) > 1 else None), text


def test_a_line_without_a_part_mark_has_no_part_break() -> None:
    # _dated_byline looks for the parts of a header line only in a line with one of their marks
    for text in _lines_of_test_pages() + ["19. Juni 2024, 17.48 Uhr • aus Pjöngjang", "By Jane Roe | June 5, 2024"]:
        if scrape._PART_MARK.search(text) is None:
            assert len(scrape._PART_BREAK.split(text)) == 1, text


def test_a_closing_note_that_the_piece_first_ran_elsewhere_after_a_question_names_the_outlet(
        rules: Rules, outlets: Outlets) -> None:
    body = ("Judul berita yang cukup panjang untuk sebuah judul\n\n"
            "Warga bertanya-tanya apakah banjir akan datang lagi tahun ini di kota mereka yang padat?  "
            "Artikel ini pertama kali terbit di Kompas.com.\n")
    parts = read(body, rules, outlets)
    assert parts.outlet == "Kompas"
    assert parts.blocks[-1].text.endswith("padat?")
    assert [r.rule for r in parts.removed] == ["origin"]
