"""The UI message catalogue: dates written out from tables, plurals, language choice, a complete catalogue."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

from conftest import ROOT
from warta import i18n
from warta.errors import ConfigError
from warta.model import PublishedDate


@pytest.fixture(scope="module")
def catalogue() -> i18n.Catalogue:
    return i18n.load_catalogue()


@pytest.mark.parametrize(("language", "precision", "text"), [
    ("id", "day", "19 Juni 2024"), ("en", "day", "19 June 2024"),
    ("id", "month", "Juni 2024"), ("en", "month", "June 2024"),
    ("id", "year", "2024"),
])
def test_dates_are_written_out_from_the_table(catalogue: i18n.Catalogue, language: str, precision: str,
                                               text: str) -> None:
    published = PublishedDate(dt.date(2024, 6, 19), precision, "text")  # type: ignore[arg-type]
    assert i18n.Messages(catalogue, language).date(published) == text


def test_every_month_has_its_own_name(catalogue: i18n.Catalogue) -> None:
    ui = i18n.Messages(catalogue, "id")
    names = [ui.month(2024, m) for m in range(1, 13)]
    assert names[0] == "Januari 2024" and names[7] == "Agustus 2024" and len(set(names)) == 12


def test_a_period_is_its_month_or_its_year_with_the_month_unknown(catalogue: i18n.Catalogue) -> None:
    ui, en = i18n.Messages(catalogue, "id"), i18n.Messages(catalogue, "en")
    assert ui.period(2024, 6, "archive.year_only") == "Juni 2024"
    assert ui.period(2024, 0, "archive.year_only") == "2024, bulan tidak diketahui"
    assert en.period(2024, 0, "timeline.year_only") == "2024, month not given"


def test_plural_forms_follow_the_language(catalogue: i18n.Catalogue) -> None:
    en, id_ = i18n.Messages(catalogue, "en"), i18n.Messages(catalogue, "id")
    assert en.count("count.articles", 1) == "1 article"
    assert en.count("count.articles", 2) == "2 articles"
    assert id_.count("count.articles", 1) == "1 artikel"
    assert id_.count("count.articles", 2) == "2 artikel"  # Indonesian has one form for every number
    assert id_.count("count.articles", 7) == "7 artikel"


def test_messages_fill_in_placeholders_and_name_languages(catalogue: i18n.Catalogue) -> None:
    ui = i18n.Messages(catalogue, "id")
    assert ui.text("pager.page", page=2, pages=5) == "Halaman 2 dari 5"
    assert ui.language_name("en") == "Inggris" and ui.language_name("xx") == "xx"
    assert i18n.Messages(catalogue, "en").language_name("id") == "Indonesian"
    assert ui.locale == "id_ID"


def test_every_language_the_detector_can_answer_has_a_name_in_every_ui_language(
        catalogue: i18n.Catalogue) -> None:
    """An article's language is shown by name ("Persian"), never as its code ("fa"), whatever it is written in."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    detectable = {code.split("-")[0] for code in factory.get_lang_list()}
    assert len(detectable) > 50
    for ui in catalogue.languages:
        messages = i18n.Messages(catalogue, ui)
        unnamed = sorted(code for code in detectable if messages.language_name(code) == code)
        assert unnamed == [], ui


def test_an_unknown_message_is_an_error(catalogue: i18n.Catalogue) -> None:
    with pytest.raises(ConfigError, match="no message 'nav.nowhere'"):
        i18n.Messages(catalogue, "id").text("nav.nowhere")


@pytest.mark.parametrize(("setting", "languages", "chosen"), [
    ("auto", ["id", "id", "en"], "id"),
    ("auto", ["en", "en", "id"], "en"),
    ("auto", ["de", "de", "id"], "en"),  # the majority language has no UI texts: English
    ("auto", ["en", "id"], "en"),  # a tie goes to the alphabetically first code
    ("auto", [], "en"),
    ("en", ["id", "id"], "en"),
    ("id", ["en"], "id"),
])
def test_site_language(catalogue: i18n.Catalogue, setting: str, languages: list[str], chosen: str) -> None:
    assert i18n.choose_language(setting, languages, catalogue) == chosen


def test_a_configured_language_without_texts_is_an_error(catalogue: i18n.Catalogue) -> None:
    with pytest.raises(ConfigError) as err:
        i18n.choose_language("fr", ["fr"], catalogue)
    assert str(err.value) == "site.yaml: 'language' is 'fr'; the message catalogue has: auto, en, id"


def test_every_message_the_templates_use_is_in_the_catalogue(catalogue: i18n.Catalogue) -> None:
    used: set[str] = set()
    for template in (ROOT / "templates").iterdir():
        text = template.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\b(?:t|ui\.text|ui\.count)\(\s*'([a-z_.]+)'""", text))
    assert len(used) > 40
    # a key built in the template ("event.kind." ~ kind) must at least have entries under its prefix
    prefixes = {key for key in used if key.endswith((".", "_"))}
    assert [p for p in sorted(prefixes) if not any(k.startswith(p) for k in catalogue.messages)] == []
    assert sorted(used - prefixes - set(catalogue.messages)) == []


def test_no_message_lacks_a_language(catalogue: i18n.Catalogue) -> None:
    for key, texts in catalogue.messages.items():
        assert set(texts) == set(catalogue.languages), key


def test_a_gap_in_the_catalogue_names_the_line(tmp_path: Path) -> None:
    source = (ROOT / "src" / "warta" / "data" / "messages.yaml").read_text(encoding="utf-8")
    broken = source.replace("    home: {id: Beranda, en: Home}\n", "    home: {id: Beranda}\n")
    assert broken != source
    path = tmp_path / "messages.yaml"
    path.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("    home: {id: Beranda}") + 1
    with pytest.raises(ConfigError) as err:
        i18n.load_catalogue(path)
    assert str(err.value) == f"{path}:{line}: message 'nav.home' has no text in: en"


def test_a_plural_message_needs_every_form(tmp_path: Path) -> None:
    source = (ROOT / "src" / "warta" / "data" / "messages.yaml").read_text(encoding="utf-8")
    broken = source.replace('en: {one: "{n} article", other: "{n} articles"}', 'en: {other: "{n} articles"}')
    path = tmp_path / "messages.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ConfigError, match="message 'count.articles' in 'en' must be a text or the forms one, other"):
        i18n.load_catalogue(path)
