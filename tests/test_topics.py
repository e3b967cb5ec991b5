"""Theme tagging: lexicon loading, matching, scoring, manual overrides, and the quality gate."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eval_themes import labelled_articles, make_article, measure
from warta.config import ThemesConfig
from warta.errors import ConfigError
from warta.model import Block
from warta.topics import TITLE_BLOCK, Lexicon, load_lexicon, scores, tag, tag_one, theme_json, unknown_themes

ROOT = Path(__file__).resolve().parents[1]
THRESHOLD = ThemesConfig().threshold
REQUIRED = {"treaty", "troops", "sanctions", "china", "nuclear", "ukraine-war", "diplomacy", "korean-peninsula",
            "us-nato"}
FILLER = "Cuaca di kota itu cerah sepanjang hari dan warga beraktivitas seperti biasa di pasar dan kantor."


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon(ThemesConfig(), ROOT)


def score_of(lexicon: Lexicon, theme: str, title: str, paragraphs: list[str], language: str = "id") -> float:
    found = {m.theme: m.score for m in scores(make_article(title, paragraphs, language), lexicon)}
    return found.get(theme, 0.0)


def themes_of(lexicon: Lexicon, title: str, paragraphs: list[str], language: str = "id") -> list[str]:
    return [m.theme for m in tag_one(make_article(title, paragraphs, language), lexicon, THRESHOLD).themes]


# ------------------------------------------------------------------------------------------------ the lexicon


def test_builtin_themes_have_ids_labels_and_descriptions(lexicon: Lexicon) -> None:
    assert REQUIRED <= {t.id for t in lexicon.themes}
    for theme in lexicon.themes:
        assert theme.label["id"] and theme.label["en"] and theme.description["id"] and theme.description["en"]


def test_alias_groups_are_a_standalone_table(lexicon: Lexicon) -> None:
    assert {"Tiongkok", "Cina", "China", "Beijing", "Xi Jinping"} <= set(lexicon.aliases["china"].names)
    assert {"Korut", "Korea Utara", "North Korea", "DPRK"} <= set(lexicon.aliases["north-korea"].names)
    assert lexicon.aliases["united-states"].label == {"id": "Amerika Serikat", "en": "United States"}


def test_alias_names_may_be_listed_by_language(lexicon: Lexicon, tmp_path: Path) -> None:
    """aliases.yaml lists names by language (for the search index: search.for_site); a name listed under
    several languages is one name; a user's group may still be a plain list, of every language."""
    nk = lexicon.aliases["north-korea"]
    assert len(nk.languages) == len(nk.names) == len(set(nk.names))
    assert dict(zip(nk.names, nk.languages, strict=True))["Korut"] == ("id",)
    assert dict(zip(nk.names, nk.languages, strict=True))["КНДР"] == ("ru", "uk")
    text = ("aliases:\n  mars:\n    label: {id: Mars, en: Mars}\n    names: {all: [Mars], fr: [planète rouge]}\n"
            "  venus:\n    label: {id: Venus, en: Venus}\n    names: [Venus, Vénus]\n")
    mine = load_lexicon(write(tmp_path, text), tmp_path).aliases
    assert (mine["mars"].names, mine["mars"].languages) == (("Mars", "planète rouge"), (("all",), ("fr",)))
    assert (mine["venus"].names, mine["venus"].languages) == (("Venus", "Vénus"), ())


# ------------------------------------------------------------------------------------------------- matching


def test_indonesian_affixes_need_not_be_listed(lexicon: Lexicon) -> None:
    for word in ("kesepakatan", "meratifikasi", "menandatangani", "ditandatangani", "penandatanganan"):
        match = scores(make_article("Kabar", [f"Kedua negara {word} itu."]), lexicon)
        assert any(m.theme == "treaty" for m in match), word


def test_phrases_match_word_by_word_across_case_and_punctuation(lexicon: Lexicon) -> None:
    article = make_article("Kabar", ["Isi Perjanjian Kemitraan Strategis-Komprehensif belum diumumkan."])
    (treaty,) = [m for m in scores(article, lexicon) if m.theme == "treaty"]
    assert treaty.evidence[0].terms == ("Perjanjian", "Kemitraan Strategis-Komprehensif")
    assert treaty.score == 2.25  # (weak phrase 0.5 + normal word 1.0) x lead 1.5


def test_every_alias_of_a_group_counts_for_the_theme(lexicon: Lexicon) -> None:
    for name in ("Tiongkok", "Cina", "China", "RRT", "Beijing", "Xi Jinping"):
        assert score_of(lexicon, "china", FILLER, [FILLER, f"Sikap {name} belum jelas."]) == 1.0, name


def test_acronym_aliases_match_only_in_capitals(lexicon: Lexicon) -> None:
    assert score_of(lexicon, "us-nato", "News", [FILLER, "Officials in the US said so."], "en") == 1.0
    assert score_of(lexicon, "us-nato", "News", [FILLER, "He told us about it."], "en") == 0.0


def test_words_inside_a_longer_name_do_not_count_for_another_theme(lexicon: Lexicon) -> None:
    text = "Organisasi Pakta Pertahanan Atlantik Utara bertemu."
    assert score_of(lexicon, "treaty", FILLER, [FILLER, text]) == 0.0
    assert score_of(lexicon, "us-nato", FILLER, [FILLER, text]) == 1.0


def test_english_articles_use_the_english_lexicon(lexicon: Lexicon) -> None:
    paragraphs = ["Washington imposed new sanctions on Russian banks on Monday.",
                  "The sanctions freeze assets and add firms to the blacklist.", "Markets were calm."]
    assert themes_of(lexicon, "US widens sanctions", paragraphs, "en")[0] == "sanctions"
    assert score_of(lexicon, "sanctions", "Kabar", ["Sanksi baru diumumkan."], "en") == 0.0  # not English


def test_a_related_language_reads_with_the_indonesian_lexicon(lexicon: Lexicon) -> None:
    assert lexicon.mode("ms") == ("id",)
    assert lexicon.mode("id-ID") == ("id",)
    assert lexicon.mode("de") == ("de",)
    assert lexicon.mode("zh-Hant") == ("zh",)
    assert lexicon.mode("hu") == ("id", "en")  # no lexicon of its own: the fallback languages apply


def test_a_language_is_compiled_on_its_first_article() -> None:
    fresh = load_lexicon(ThemesConfig(), ROOT)
    assert not fresh.read_as  # loading reads no lemma tables
    tag_one(make_article("Kabar", [FILLER]), fresh, THRESHOLD)
    assert set(fresh.read_as) == {"id"}
    tag_one(make_article("Nouvelles", ["Paris a imposé des sanctions."], "fr"), fresh, THRESHOLD)
    assert set(fresh.read_as) == {"id", "fr"}


NEWS = {"fr": "Le temps était calme et les marchés ouverts.", "de": "Das Wetter war ruhig.",
        "ru": "Погода была спокойной.", "tr": "Hava sakindi.", "it": "Il tempo era calmo.",
        "pl": "Pogoda była spokojna.", "uk": "Погода була спокійною.", "cs": "Počasí bylo klidné.",
        "sv": "Vädret var lugnt."}


@pytest.mark.parametrize(("language", "text"), [
    ("ru", "Переговоры с Китаем прошли в Пекине."),  # case endings on names
    ("ru", "МИД Китая сделал заявление."),  # "Китая": "Китай" less "й" plus "я", not less "ая"
    ("ru", "Позиция Си Цзиньпина и китайских властей."),
    ("de", "Chinas Außenministerium und Pekings Haltung."),  # genitive s
    ("tr", "Çin'in tutumu ve Pekin'in açıklaması."),  # the apostrophe splits a name's suffix
    ("fr", "La position de Pékin et des autorités chinoises."),
    ("pl", "Rozmowy w Chinach i w Pekinie."),
    ("pl", "Stanowisko chińskich władz."),
    ("uk", "Переговори з Китаєм у Пекіні."),
    ("cs", "Jednání s Čínou v Pekingu."),
    ("sv", "Kinas utrikesministerium och Pekings hållning."),  # "Kina" a Swedish term: Polish "kina" are cinemas
])
def test_names_match_in_their_inflected_forms(lexicon: Lexicon, language: str, text: str) -> None:
    assert score_of(lexicon, "china", NEWS[language], [NEWS[language], text], language) >= 1.0


@pytest.mark.parametrize(("language", "text"), [
    ("zh", "外交部发言人表示，中国支持对话。"),  # simplified, inside a run without spaces
    ("zh", "習近平當天會見了來訪的代表團。"),  # traditional
    ("ja", "中国外務省は声明を発表した。"),
    ("ko", "중국은 성명을 발표했다."),  # a particle joined to the name
    ("ar", "وقالت الصين إنها تدعم الحوار."),
    ("fa", "چین از گفتگو حمایت می‌کند."),
    ("hi", "चीन ने बयान जारी किया।"),
    ("th", "จีนออกแถลงการณ์เมื่อวันพุธ"),
    ("vi", "Trung Quốc kêu gọi đối thoại."),
])
def test_names_match_in_every_script(lexicon: Lexicon, language: str, text: str) -> None:
    assert score_of(lexicon, "china", "Berita", [FILLER, text], language) == 1.0


@pytest.mark.parametrize(("language", "theme", "text"), [
    ("zh", "treaty", "条约今天生效。"),
    ("ja", "treaty", "条約は来月発効する。"),
    ("ko", "treaty", "조약이 발효됐다."),  # the particle 이 joined to the term
    ("ko", "sanctions", "미국은대북제재를강화했다."),  # a Korean text without its spaces reads the same
    ("zh", "nuclear", "朝鲜进行了核试验。"),
])
def test_terms_of_scripts_without_spaces_match_as_runs_of_letters(lexicon: Lexicon, language: str, theme: str,
                                                                  text: str) -> None:
    assert score_of(lexicon, theme, "Berita", [FILLER, text], language) == 2.0


@pytest.mark.parametrize(("language", "theme", "text"), [
    ("ko", "treaty", "북대서양조약기구 회원국 정상들이 모였다."),  # 조약 inside NATO's name
    ("ja", "china", "中国地方の各県は対策本部を設置した。"),  # Japan's Chugoku region
    ("zh", "china", "中国足协对两家俱乐部作出处罚。"),  # the Chinese FA
    ("ko", "sanctions", "한국프로축구연맹 상벌위원회는 구단에 제재금을 부과했다."),  # a league's fine
])
def test_a_term_inside_another_word_or_name_counts_for_nothing(lexicon: Lexicon, language: str, theme: str,
                                                              text: str) -> None:
    assert score_of(lexicon, theme, "Berita", [FILLER, text], language) == 0.0


def test_a_weather_front_is_no_war_front(lexicon: Lexicon) -> None:
    """Ukraine named (weak, 0.5) but the cold front is not a word of war that would lift it."""
    text = "На Україну насувається холодний атмосферний фронт."
    assert score_of(lexicon, "ukraine-war", NEWS["uk"], [NEWS["uk"], text], "uk") == 0.5
    war = "На Україну насувається новий наступ, бої на фронті."
    assert score_of(lexicon, "ukraine-war", NEWS["uk"], [NEWS["uk"], war], "uk") == 1.0


def test_a_name_in_an_abugida_is_not_found_in_the_letters_of_another_word(lexicon: Lexicon) -> None:
    """Hindi "चुनाव" (election) is not the name "चीन" (China): a word goes on through its vowel signs."""
    assert score_of(lexicon, "china", "Berita", [FILLER, "चुनाव आयोग ने बयान जारी किया।"], "hi") == 0.0


@pytest.mark.parametrize(("language", "theme", "text"), [
    ("fr", "korean-peninsula", "Le maire est seul face à l'opposition."),  # Portuguese "Seul" is no name here
    ("de", "troops", "Die Entscheidung ist gefallen, und die Preise sind gefallen."),
    ("pl", "china", "Kina w całym kraju pokazują nowy film."),  # cinemas, not Swedish "Kina"
])
def test_everyday_words_of_a_language_count_for_no_theme(lexicon: Lexicon, language: str, theme: str,
                                                        text: str) -> None:
    assert score_of(lexicon, theme, NEWS[language], [NEWS[language], text], language) == 0.0


@pytest.mark.parametrize(("language", "title", "text"), [
    # simplemma lemmatises "according" as "accord", a treaty word
    ("en", "Petrol prices rise, according to the ministry",
     "Prices will rise next week, according to the ministry. According to traders, demand is high."),
    ("es", "Suben los precios, de acuerdo con el ministerio",
     "De acuerdo con los datos, los precios suben. Los comerciantes están de acuerdo."),
    ("pt", "Preços sobem, de acordo com o ministério", "De acordo com os dados, os preços sobem."),
    ("fr", "Les prix montent", "Les commerçants sont d'accord avec le ministère. Tous sont d'accord."),
    ("it", "I prezzi salgono", "I commercianti sono d'accordo con il ministero, d'accordo con tutti."),
    # Sastrawi stems "perjanjian" (treaty) to "janji" (a promise), as it does "berjanji"
    ("id", "Calon bupati berjanji menurunkan harga beras",
     "Ia menjanjikan harga murah. Janji kampanye itu ditagih warga, yang dijanjikan pasar baru."),
])
def test_set_phrases_and_homonyms_of_treaty_words_are_no_treaty(lexicon: Lexicon, language: str, title: str,
                                                                 text: str) -> None:
    assert score_of(lexicon, "treaty", title, [text, text], language) == 0.0


def test_a_treaty_word_next_to_a_set_phrase_still_counts(lexicon: Lexicon) -> None:
    text = "According to officials, the mutual defence treaty was signed; the accord takes effect in June."
    assert score_of(lexicon, "treaty", "Treaty signed", [text], "en") >= THRESHOLD
    assert score_of(lexicon, "treaty", "Perjanjian diteken", ["Perjanjian itu diteken kemarin."]) >= THRESHOLD


def test_russian_words_match_in_any_case_and_with_yo_or_ye(lexicon: Lexicon) -> None:
    for text in ("Новые санкции против банков.", "Под санкциями оказались банки.", "Список санкций вырос."):
        assert score_of(lexicon, "sanctions", NEWS["ru"], [NEWS["ru"], text], "ru") == 2.0, text
    both = [score_of(lexicon, "troops", NEWS["ru"], [NEWS["ru"], f"Началось {w} войск на границе."], "ru")
            for w in ("развертывание", "развёртывание")]
    assert both[0] == both[1] == 2.0


def test_a_word_matches_by_its_lemma_or_its_lemmas_lemma(lexicon: Lexicon) -> None:
    # simplemma: "inviati" -> "inviato", but "inviato" -> "inviare" (the deploy group's key)
    assert score_of(lexicon, "troops", NEWS["it"], [NEWS["it"], "I soldati inviati in Russia."], "it") == 2.0


def test_sport_words_keep_a_transfer_or_a_ban_off_the_themes(lexicon: Lexicon) -> None:
    paragraphs = ["Der Stürmer hat seinen Vertrag beim Verein bis 2028 verlängert.",
                  "Das Sportgericht sprach gegen den Trainer eine Sanktion aus, zwei Spiele Sperre in der Bundesliga.",
                  "Die Unterzeichnung des Vertrags fand im Stadion statt."]
    assert themes_of(lexicon, "Stürmer verlängert Vertrag", paragraphs, "de") == []


def test_a_union_and_its_employers_deal_and_talks_are_no_treaty_or_diplomacy(lexicon: Lexicon) -> None:
    # a dock strike: "tentative deal", "agreement", "talks" were a treaty and diplomacy (English had no labour words)
    paragraphs = ["The union and the port employers reached a tentative deal on Thursday after 14 hours of talks, "
                  "ending a walkout by dockworkers that had lasted three weeks.",
                  "The agreement gives a pay rise of 6.5 percent and a job guarantee until 2032; union members will "
                  "vote on the collective agreement on Friday.",
                  "Talks between the trade union and the employers' association had collapsed twice before."]
    assert themes_of(lexicon, "Dockworkers reach tentative deal to end port strike", paragraphs, "en") == []
    # the European Union's treaty is still a treaty: "union" alone is no labour word
    treaty = ["The European Union signed a new partnership treaty with Japan on Monday.",
              "The treaty must be ratified by the parliaments of both parties, the agreement says."]
    assert "treaty" in themes_of(lexicon, "EU and Japan sign partnership treaty", treaty, "en")


def test_a_cup_final_report_without_match_or_goal_is_no_diplomacy(lexicon: Lexicon) -> None:
    # "hosts" is a diplomacy word; a match report that names the cup and the scorer but never "match" or
    # "goal" is still sport, which cancels it
    paragraphs = ["Sebastien Haller scored the winner as hosts Ivory Coast came from behind to beat Nigeria and "
                  "win the Africa Cup of Nations final in Abidjan on Sunday.",
                  "Haller turned in Simon Adingra's cross nine minutes from time to give the Elephants their third "
                  "title."]
    assert themes_of(lexicon, "Ivory Coast 2-1 Nigeria: Hosts win Africa Cup of Nations", paragraphs, "en") == []


# -------------------------------------------------------------------------------------------------- scoring


def test_a_passing_mention_is_not_a_theme(lexicon: Lexicon) -> None:
    paragraphs = [FILLER, "Harga minyak naik di tengah ancaman sanksi baru.", FILLER, FILLER]
    assert 0 < score_of(lexicon, "sanctions", "Saham menguat", paragraphs) < THRESHOLD
    assert "sanctions" not in themes_of(lexicon, "Saham menguat", paragraphs)


def test_a_theme_over_several_paragraphs_is_tagged(lexicon: Lexicon) -> None:
    paragraphs = [FILLER, "Uni Eropa menyiapkan sanksi baru.", FILLER, "Sanksi itu menyasar bank.", FILLER]
    assert "sanctions" in themes_of(lexicon, "Kabar Eropa", paragraphs)


def test_spread_over_paragraphs_outscores_one_crowded_sentence(lexicon: Lexicon) -> None:
    crowded = [FILLER, "Sanksi, sanksi, sanksi dan sanksi lagi.", FILLER, FILLER]
    spread = [FILLER, "Sanksi diumumkan.", "Sanksi diperluas.", "Sanksi diperketat."]
    assert score_of(lexicon, "sanctions", "Kabar", spread) > score_of(lexicon, "sanctions", "Kabar", crowded)


def test_title_and_lead_count_more_than_the_body(lexicon: Lexicon) -> None:
    body = score_of(lexicon, "sanctions", "Kabar", [FILLER, "Sanksi diumumkan."])
    lead = score_of(lexicon, "sanctions", "Kabar", ["Sanksi diumumkan.", FILLER])
    title = score_of(lexicon, "sanctions", "Sanksi diumumkan", [FILLER, FILLER])
    assert body < lead < title


def test_a_section_about_china_makes_a_china_story(lexicon: Lexicon) -> None:
    paragraphs: list[Block | str] = [FILLER, FILLER, Block("heading", "Bersikap hati-hati terhadap Tiongkok", 5, 2),
                                     "Beijing belum berkomentar.", "Para ahli menilai Beijing waspada."]
    blocks = [b if isinstance(b, Block) else Block("paragraph", b, n) for n, b in enumerate(paragraphs)]
    assert "china" in [m.theme for m in tag_one(make_article("Kabar", blocks), lexicon, THRESHOLD).themes]
    without_heading = [FILLER, FILLER, "Beijing belum berkomentar.", "Para ahli menilai Beijing waspada."]
    assert "china" not in themes_of(lexicon, "Kabar", without_heading)


def test_troops_means_soldiers_sent_to_fight(lexicon: Lexicon) -> None:
    war = ["Korea Utara mengirim ribuan tentara ke Rusia.", "Pasukan itu bertempur di garis depan Kursk."]
    assert "troops" in themes_of(lexicon, "Pasukan Korea Utara di Kursk", war)
    football = ["Pasukan Shin Tae-yong bertempur habis-habisan di laga itu.",
                "Pelatih mengirim pasukan muda ke lapangan dan mencetak gol."]
    assert score_of(lexicon, "troops", "Timnas menang", football) == 0.0
    police = ["Polda mengerahkan pasukan gabungan untuk pengamanan unjuk rasa.", "Pasukan Brimob ditempatkan."]
    assert score_of(lexicon, "troops", "Demo buruh", police) == 0.0
    unanchored = [FILLER, "Pasukan kehormatan menyambut tamu negara."]
    assert score_of(lexicon, "troops", "Upacara", unanchored) == 0.0


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Thousands of North Korean troops arrived in the Kursk region."),
    ("en", "Military personnel were sent to Russia."),
    ("it", "Migliaia di militari nordcoreani sono stati inviati in Russia."),
    ("it", "Alcuni reparti si stanno spostando verso Kursk."),
    ("it", "Le truppe nordcoreane sono arrivate nella regione di Kursk."),
    ("ru", "Около 10 тысяч солдат КНДР переброшено в Россию."),  # a short participle simplemma leaves as is
    ("ru", "Северокорейские военнослужащие прибыли в Курскую область."),  # "прибыли": not "прибыль", profit
    ("ru", "Тысячи военных КНДР направлены в Россию."),
    ("de", "Nordkoreanische Truppen sind in der Region Kursk eingetroffen."),
    ("fr", "Des militaires nord-coréens ont été envoyés en Russie."),
    ("es", "Unos 10.000 efectivos norcoreanos fueron desplegados en Rusia."),
    ("pt", "Milhares de militares norte-coreanos foram deslocados para a Rússia."),
    ("nl", "Noord-Koreaanse troepen zijn in de regio Koersk aangekomen."),
    ("tr", "Kuzey Koreli askeri personel Rusya'ya sevk edildi."),
    ("pl", "Korea Północna wysłała żołnierzy do Rosji."),
    ("uk", "Тисячі солдатів КНДР прибули до Курської області."),
    ("ar", "أرسلت كوريا الشمالية آلاف الجنود إلى روسيا."),
    ("fa", "کره شمالی هزاران سرباز به روسیه اعزام کرد."),
    ("vi", "Triều Tiên đã điều động hàng nghìn binh sĩ sang Nga."),
    ("ja", "北朝鮮は兵士をロシアに派遣した。"),
    ("ja", "北朝鮮兵をロシア西部に投入した。"),  # "兵" after a nation, a particle following
    ("zh", "朝鲜向俄罗斯派遣了数千名士兵。"),
    ("ko", "북한은 러시아에 병력을 배치했다."),
    ("cs", "Severní Korea vyslala vojáky do Ruska."),
    ("sv", "Nordkorea har skickat soldater till Ryssland."),
    ("hi", "उत्तर कोरिया ने रूस में सैनिक तैनात किए।"),
])
def test_soldiers_sent_or_arriving_count_in_every_language(lexicon: Lexicon, language: str, text: str) -> None:
    assert score_of(lexicon, "troops", "Nachricht", ["Nachricht", text], language) == 2.0


def test_chinese_food_is_not_a_china_story(lexicon: Lexicon) -> None:
    food = ["Restoran itu menyajikan masakan Tiongkok dan bebek Beijing.", "Resep mi dari Cina selatan itu laris."]
    assert score_of(lexicon, "china", "Kuliner Imlek", food) == 0.0


@pytest.mark.parametrize(("language", "title", "paragraphs"), [
    ("en", "Typhoon Gaemi makes landfall in China after lashing Taiwan",
     ["BEIJING (AP) - Typhoon Gaemi made landfall in China's Fujian province on Thursday after crossing the "
      "Taiwan Strait from Taiwan, where it killed at least 10 people.",
      "In Taiwan, the storm's heavy rain flooded streets in Kaohsiung and Taipei; China's weather agency said "
      "the typhoon would weaken as it moved inland."]),
    ("th", "พายุไต้ฝุ่นแกมีขึ้นฝั่งไต้หวัน", ["พายุไต้ฝุ่นแกมีขึ้นฝั่งที่ไต้หวัน ก่อนเคลื่อนตัวไปยังมณฑลฝูเจี้ยนของจีน"]),
])
def test_a_typhoon_report_that_names_china_and_taiwan_as_places_is_no_china_story(
        lexicon: Lexicon, language: str, title: str, paragraphs: list[str]) -> None:
    # the china theme is China as an actor; where a typhoon made landfall is a place (unless: weather)
    assert score_of(lexicon, "china", title, paragraphs, language) == 0.0
    # the same names as actors still make the theme
    drills = ["China's military began drills around Taiwan on Thursday, and Beijing warned Taipei against "
              "independence moves across the Taiwan Strait."]
    assert "china" in themes_of(lexicon, "China stages drills around Taiwan", drills, "en")


def test_evidence_names_blocks_terms_and_text(lexicon: Lexicon) -> None:
    article = make_article("Sanksi baru untuk Rusia", [FILLER, "Embargo minyak diperluas."])
    (match,) = [m for m in scores(article, lexicon) if m.theme == "sanctions"]
    assert [(e.block, e.terms) for e in match.evidence] == [(TITLE_BLOCK, ("Sanksi",)), (1, ("Embargo",))]
    assert match.evidence[1].text == article.blocks[1].text
    assert match.score == 8.0  # 2.0 x title 3.0 + 2.0


def test_scores_rank_every_theme_strongest_first(lexicon: Lexicon) -> None:
    ranked = scores(make_article("Sanksi", ["Tiongkok menolak.", FILLER]), lexicon)
    assert [m.theme for m in ranked] == ["sanctions", "china"]
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)


# ------------------------------------------------------------------------------------------- tag and manual


def test_tag_returns_new_articles_and_leaves_the_input(lexicon: Lexicon) -> None:
    article = make_article("Sanksi baru", ["Sanksi diperluas ke bank.", "Embargo minyak berlaku."])
    (tagged,) = tag([article], lexicon, THRESHOLD)
    assert article.themes == ()
    assert [m.theme for m in tagged.themes] == ["sanctions"]
    assert dataclasses.replace(tagged, themes=()) == article


def test_untagged_articles_have_no_themes(lexicon: Lexicon) -> None:
    assert tag_one(make_article("Cuaca", [FILLER, FILLER]), lexicon, THRESHOLD).themes == ()


def test_themes_set_by_hand_win(lexicon: Lexicon) -> None:
    article = make_article("Sanksi baru", ["Sanksi diperluas.", "Tiongkok menolak sanksi."],
                           themes_set=("troops", "china"), themes_unset=("sanctions",))
    got = {m.theme: m for m in tag_one(article, lexicon, THRESHOLD).themes}
    assert set(got) == {"troops", "china"}
    assert got["troops"].manual and got["troops"].score == 0.0 and got["troops"].evidence == ()
    assert got["china"].manual and got["china"].score > 0 and got["china"].evidence


def test_unknown_manual_themes_are_reported_not_tagged(lexicon: Lexicon) -> None:
    article = make_article("Cuaca", [FILLER], themes_set=("weather", "china"), themes_unset=("sport",))
    assert unknown_themes(article, lexicon) == ("sport", "weather")
    assert [m.theme for m in tag_one(article, lexicon, THRESHOLD).themes] == ["china"]


def test_theme_json_shape(lexicon: Lexicon) -> None:
    article = make_article("Sanksi baru", ["Sanksi diperluas ke bank.", "Embargo minyak berlaku."])
    (match,) = tag_one(article, lexicon, THRESHOLD).themes
    data = theme_json(match)
    assert data == {
        "id": "sanctions",
        "score": 11.0,  # title 2.0 x 3 + lead 2.0 x 1.5 + body 2.0
        "manual": False,
        "evidence": [
            {"block": -1, "terms": ["Sanksi"], "text": "Sanksi baru"},
            {"block": 0, "terms": ["Sanksi"], "text": "Sanksi diperluas ke bank."},
            {"block": 1, "terms": ["Embargo"], "text": "Embargo minyak berlaku."},
        ],
    }
    json.dumps(data)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=200), max_size=6), st.sampled_from(["id", "en", "ms", "xx"]))
def test_any_text_tags_without_error(paragraphs: list[str], language: str) -> None:
    lexicon = _LEXICON
    article = make_article("Judul", [p for p in paragraphs if p.strip()], language)
    for match in scores(article, lexicon):
        assert match.score > 0
        assert all(e.block == TITLE_BLOCK or 0 <= e.block < len(article.blocks) for e in match.evidence)


_LEXICON = load_lexicon(ThemesConfig(), ROOT)


# ------------------------------------------------------------------------------------------- configuration


def write(tmp_path: Path, text: str) -> ThemesConfig:
    (tmp_path / "themes.yaml").write_text(text, encoding="utf-8")
    return ThemesConfig(lexicon="themes.yaml")


WEATHER = """\
themes:
  weather:
    label: {id: Cuaca, en: Weather}
    description: {id: Cuaca dan iklim., en: Weather and climate.}
    strong: {id: [hujan lebat, banjir], en: [heavy rain, flood]}
"""


def test_a_site_lexicon_adds_a_theme(tmp_path: Path) -> None:
    lexicon = load_lexicon(write(tmp_path, WEATHER), tmp_path)
    assert [t.id for t in lexicon.themes][-1] == "weather" and REQUIRED <= {t.id for t in lexicon.themes}
    assert "weather" in themes_of(lexicon, "Banjir di Jakarta", ["Hujan lebat sejak pagi.", FILLER])


def test_a_site_lexicon_can_replace_the_builtin_themes(tmp_path: Path) -> None:
    config = dataclasses.replace(write(tmp_path, WEATHER), replace=True)
    assert [t.id for t in load_lexicon(config, tmp_path).themes] == ["weather"]


def test_a_site_lexicon_overrides_or_removes_a_builtin_theme(tmp_path: Path) -> None:
    text = "themes:\n  china: null\n  sanctions:\n    normal: {id: [tarif]}\n"
    lexicon = load_lexicon(write(tmp_path, text), tmp_path)
    assert "china" not in {t.id for t in lexicon.themes}
    assert score_of(lexicon, "sanctions", "Kabar", [FILLER, "Tarif impor naik."]) == 1.0
    assert score_of(lexicon, "sanctions", "Kabar", [FILLER, "Sanksi baru."]) == 2.0  # strong terms kept


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("themes:\n  x: [unclosed\n", "themes.yaml:3: YAML: "),
        ("themes:\n  weather:\n    label: {id: a, en: b}\n    colour: red\n",
         "themes.yaml:4: unknown key 'themes.weather.colour'; allowed keys are: label, description, strong, normal, "
         "weak, near, unless"),
        ("themse: {}\n", "themes.yaml:1: unknown key 'themse'; allowed keys are: settings, languages, groups, themes, "
         "aliases"),
        ("themes:\n  weather:\n    label: {id: a, en: b}\n    description: {id: a, en: b}\n"
         "    normal: {aliases: [mars]}\n", "themes.yaml:5: unknown alias group 'mars'"),
        ("themes:\n  weather:\n    label: {id: a, en: b}\n    description: {id: a, en: b}\n"
         "    normal: {hu: [eső]}\n", "themes.yaml:5: unknown key 'themes.weather.normal.hu'"),
    ("languages:\n  ru: {stemmer: simplemma, fallback: sometimes}\n",
     "themes.yaml:2: 'languages.ru.fallback' must be true or false, not 'sometimes'"),
    ("languages:\n  ru: {stemmer: simplemma, fold: [ё]}\n", "themes.yaml:2: 'languages.ru.fold' must be a mapping"),
        ("themes:\n  Weather: {}\n", "themes.yaml:2: theme id 'Weather' must be lower-case"),
        ("settings:\n  repeat: lots\n", "themes.yaml:2: 'settings.repeat' must be a number"),
        ("themes:\n  weather:\n    label: {id: a}\n    description: {id: a, en: b}\n",
         "themes.yaml:3: 'themes.weather.label' must map 'id' and 'en'"),
        ("aliases:\n  mars:\n    label: {id: Mars, en: Mars}\n    names: {id: Mars, en: [Mars]}\n",
         "themes.yaml:4: 'aliases.mars.names.id' must be a list of words or phrases"),
        ("aliases:\n  mars:\n    label: {id: Mars, en: Mars}\n    names: {}\n",
         "themes.yaml:4: 'aliases.mars.names' lists no name"),
        # a user's lexicon is read with every check, never with the fast reader of warta's own tables
        ("groups:\n  g: &g [hujan]\nthemes:\n  weather: {normal: {id: *g}}\n",
         "themes.yaml:4: YAML: aliases such as '*g' are not allowed"),
    ],
)
def test_bad_site_lexicons_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_lexicon(write(tmp_path, text), tmp_path)
    assert str(info.value).startswith(message)


def test_a_missing_site_lexicon_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="themes lexicon 'nope.yaml' not found"):
        load_lexicon(ThemesConfig(lexicon="nope.yaml"), tmp_path)


# ------------------------------------------------------------------------------- labelled articles and gate

# Labelled articles the tagger gets wrong today, with why; strict: fixing one fails here until it is removed.
KNOWN_WRONG = {
    "seed_001": "the failed 2019 Hanoi summit paragraph reads as a diplomacy story",
    "nl_exportbeperkingen_china": "the United States named in one paragraph only (as in English, 1.25 < 3.5)",
}


@pytest.mark.parametrize("item", labelled_articles(), ids=lambda i: i.name)
def test_labelled_article_gets_its_expected_themes(item: object, lexicon: Lexicon,
                                                   request: pytest.FixtureRequest) -> None:
    from eval_themes import Labelled

    assert isinstance(item, Labelled)
    if item.name in KNOWN_WRONG:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_WRONG[item.name], strict=True))
    got = {m.theme for m in tag_one(item.article, lexicon, THRESHOLD).themes}
    assert got == item.expected


def test_labelled_set_has_every_lexicon_language_with_a_hard_negative(lexicon: Lexicon) -> None:
    items = labelled_articles()
    for language in lexicon.languages:
        mine = [i for i in items if i.article.language.code == language]
        assert len(mine) >= 3, language
        assert any(not i.expected for i in mine), f"{language}: no off-theme article"


def test_labelled_set_has_seeds_english_and_hard_negatives() -> None:
    items = labelled_articles()
    asked = {"treaty", "troops", "sanctions", "china"}
    assert len([i for i in items if i.name.startswith("seed_")]) == 5
    assert len([i for i in items if not i.name.startswith("seed_")]) >= 20
    assert len([i for i in items if i.article.language.code == "en"]) >= 8
    assert len([i for i in items if not (i.expected & asked)]) >= 10


# Floors for the quality gate: measured 2026-11 at the default threshold; they may rise, never silently fall.
FLOORS = {
    "macro.precision": 0.95,
    "macro.recall": 0.95,
    "treaty.precision": 0.85, "treaty.recall": 0.95,
    "troops.precision": 0.95, "troops.recall": 0.95,
    "sanctions.precision": 0.95, "sanctions.recall": 0.95,
    "china.precision": 0.95, "china.recall": 0.95,
    "nuclear.precision": 0.95, "nuclear.recall": 0.95,
    "ukraine-war.precision": 0.95, "ukraine-war.recall": 0.95,
    "diplomacy.precision": 0.85, "diplomacy.recall": 0.95,
    "korean-peninsula.precision": 0.95, "korean-peninsula.recall": 0.95,
    "us-nato.precision": 0.95, "us-nato.recall": 0.95,
}


def test_quality_gate_per_theme_precision_and_recall() -> None:
    result = measure()
    below = {k: round(result[k], 3) for k, floor in FLOORS.items() if result[k] < floor}
    assert not below, f"below the pinned floors {FLOORS}: {below}"


def test_a_visit_to_a_flooded_town_is_no_diplomacy(lexicon: Lexicon) -> None:
    # the King's visit to Paiporta after the Valencia floods: "visit" in the title and the lead made it diplomacy
    paragraphs = ["Angry survivors of Spain's deadly floods hurled mud and insults at King Felipe VI and Queen Letizia "
                  "on Sunday when they visited one of the worst-hit towns, Paiporta.",
                  "At least 217 people have died in the floods that struck on Oct. 29, most of them in the Valencia "
                  "region."]
    title = "Angry flood survivors hurl mud at Spain's king and queen during visit to Valencia"
    assert themes_of(lexicon, title, paragraphs, "en") == []
    # a state visit is still diplomacy
    visit = ["King Felipe VI began a three-day state visit to Japan on Monday, the first by a Spanish monarch in "
             "a decade.", "Talks with the Japanese prime minister will cover trade and bilateral relations."]
    assert "diplomacy" in themes_of(lexicon, "Spain's king begins state visit to Japan", visit, "en")


@pytest.mark.parametrize(("language", "title", "paragraphs"), [
    ("zh", "普京同越南国家主席苏林举行会谈",
     ["新华社河内6月20日电 俄罗斯总统普京20日在河内同越南国家主席苏林举行会谈。",
      "双方发表关于深化全面战略伙伴关系的联合声明。",
      "苏林说，越方愿同俄方深化全面战略伙伴关系，加强能源和教育合作。"]),
    ("ru", "Российско-вьетнамские переговоры",
     ["В Ханое состоялись переговоры Владимира Путина с Президентом Вьетнама То Ламом.",
      "Обсуждались перспективы российско-вьетнамских отношений всеобъемлющего стратегического партнёрства.",
      "Принято Совместное заявление об углублении всеобъемлющего стратегического партнёрства."]),
    ("en", "Vietnam and Russia vow to deepen comprehensive strategic partnership",
     ["Vietnam and Russia pledged on Thursday to deepen their comprehensive strategic partnership, during talks "
      "in Hanoi on education, energy and trade."]),
    # VnExpress on the visit: the partnership's level in Vietnamese
    ("vi", "Việt Nam và Nga làm sâu sắc quan hệ Đối tác chiến lược toàn diện",
     ["Chủ tịch nước Tô Lâm hội đàm với Tổng thống Putin tại Hà Nội về giáo dục, năng lượng và dầu khí.",
      "Hai bên nhất trí làm sâu sắc thêm quan hệ Đối tác chiến lược toàn diện Việt Nam - Nga."]),
])
def test_a_comprehensive_strategic_partnership_alone_is_no_treaty(
        lexicon: Lexicon, language: str, title: str, paragraphs: list[str]) -> None:
    # the level of a relationship that a visit deepens (Vietnam has a dozen) is not the Russia-DPRK treaty
    # that bears the name: on its own, with a signing of cooperation documents, it tags no treaty
    assert "treaty" not in themes_of(lexicon, title, paragraphs, language)
    # the treaty that bears the name, with what it provides, still does
    pact = paragraphs + (["普京19日在平壤同朝鲜签署全面战略伙伴关系条约，规定一方遭到武装侵略时另一方提供军事援助。"]
                         if language == "zh" else
                         ["Накануне в Пхеньяне Путин подписал с КНДР договор о всеобъемлющем стратегическом "
                          "партнерстве, предусматривающий взаимную помощь в случае нападения."] if language == "ru" else
                         ["Một ngày trước, tại Bình Nhưỡng, ông Putin và ông Kim Jong Un đã ký hiệp ước đối tác chiến "
                          "lược toàn diện, trong đó có điều khoản phòng thủ chung nếu một bên bị tấn công."]
                         if language == "vi" else
                         ["A day earlier in Pyongyang, Putin signed a comprehensive strategic partnership treaty with "
                          "Kim Jong Un that provides for mutual defence if either is attacked."])
    assert "treaty" in themes_of(lexicon, title, pact, language)


@pytest.mark.parametrize("text", [
    "CrowdStrike is actively assisting customers affected by a defect in a content update for Windows hosts. "
    "Mac and Linux hosts are not impacted.",
    "The company moved its web hosting to a new provider, and each host machine was patched overnight.",
])
def test_a_computer_that_hosts_software_is_no_summit_host(lexicon: Lexicon, text: str) -> None:
    assert score_of(lexicon, "diplomacy", "Statement on Falcon Content Update for Windows Hosts",
                    [text], "en") == 0.0
    # a country that hosts a summit still counts
    assert score_of(lexicon, "diplomacy", "Vietnam hosts Putin", ["Vietnam hosted Putin in Hanoi."], "en") > 0


@pytest.mark.parametrize(("language", "title", "paragraphs"), [
    ("uk", "Зеленський: ЗСУ взяли в полон двох північнокорейських військових на Курщині",
     ["Українські військові захопили в полон двох солдатів з Північної Кореї на Курщині. Про це повідомив "
      "президент Володимир Зеленський."]),
    ("en", "Two North Korean soldiers taken prisoner in Kursk",
     ["Ukrainian forces have captured two North Korean soldiers in Russia's Kursk region, the president said."]),
    ("ko", "우크라이나군, 북한군 병사 2명 생포",
     ["우크라이나군이 러시아 쿠르스크 지역에서 북한군 병사 2명을 생포했다고 젤렌스키 대통령이 밝혔다."]),
])
def test_soldiers_taken_prisoner_are_troops_at_the_front(
        lexicon: Lexicon, language: str, title: str, paragraphs: list[str]) -> None:
    # soldiers captured are soldiers in combat: Ukrainska Pravda's report of the first North Korean prisoners
    # had the war and no troops
    assert "troops" in themes_of(lexicon, title, paragraphs, language)


def test_a_market_captured_by_a_firm_is_no_troops(lexicon: Lexicon) -> None:
    assert "troops" not in themes_of(lexicon, "Samsung captured a third of the market", [
        "Samsung captured a third of the phone market last year, its staff and sales teams said."], "en")
