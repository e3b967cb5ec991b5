"""warta.dates: finding dates in text, front-matter values, and publication dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warta import dates, extract
from warta.config import load_config
from warta.dates import DateWords, find_dates, load_words, parse_date_value, publication_date
from warta.errors import ConfigError
from warta.load import read_document
from warta.model import Block, Line, PublishedDate, RawDocument

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
ANCHOR = dt.date(2024, 6, 21)  # a Friday
TODAY = dt.date(2026, 11, 21)
WORDS = load_words()  # for the property tests, which cannot take a module fixture


@pytest.fixture(scope="module")
def words() -> DateWords:
    return WORDS


def found(text: str, words: DateWords, anchor: dt.date | None = ANCHOR) -> list[tuple[str, str, str]]:
    return [(m.text, m.date.isoformat(), m.precision) for m in find_dates(text, words, anchor)]


# --------------------------------------------------------------------------- explicit dates

EXPLICIT = [
    ("19 Juni 2024", [("19 Juni 2024", "2024-06-19", "day")]),
    ("pada Rabu (19/6/2024) setelah", [("Rabu (19/6/2024)", "2024-06-19", "day")]),
    ("pada 13 September 2023.", [("13 September 2023", "2023-09-13", "day")]),
    ("Dalam pidato September 2023, Kim", [("September 2023", "2023-09-01", "month")]),
    ("perjanjian tahun 1961 antara", [("tahun 1961", "1961-01-01", "year")]),
    ("diganti pada tahun 2000 ketika", [("pada tahun 2000", "2000-01-01", "year")]),
    ("Pada tahun 2019, Kim", [("Pada tahun 2019", "2019-01-01", "year")]),
    ("Oktober 10, 2024", [("Oktober 10, 2024", "2024-10-10", "day")]),
    ("on June 19, 2024, in", [("June 19, 2024", "2024-06-19", "day")]),
    ("Published 19 June 2024", [("19 June 2024", "2024-06-19", "day")]),
    ("id 2024-06-19T10:15:00Z", [("2024-06-19", "2024-06-19", "day")]),
    ("Inflasi Juni 2024 naik", [("Juni 2024", "2024-06-01", "month")]),
    ("Kamis, 20 Juni 2024 10:15 WIB", [("Kamis, 20 Juni 2024", "2024-06-20", "day")]),
    ("in 2019, talks failed", [("in 2019", "2019-01-01", "year")]),
    ("since 2022 the war", [("since 2022", "2022-01-01", "year")]),
    ("sejak 2022 harga naik", [("sejak 2022", "2022-01-01", "year")]),
    ("by mid-2024 output", [("mid-2024", "2024-01-01", "year")]),
    ("am 19. Juni 2024", [("19. Juni 2024", "2024-06-19", "day")]),
    ("le 3 mars 2024", [("3 mars 2024", "2024-03-03", "day")]),
    ("en mars 2025 à Paris", [("mars 2025", "2025-03-01", "month")]),
    ("el 19 de junio de 2024", [("19 de junio de 2024", "2024-06-19", "day")]),
    ("op 19 juni 2024 getekend", [("19 juni 2024", "2024-06-19", "day")]),
    ("pada 19 Jun 2024 di", [("19 Jun 2024", "2024-06-19", "day")]),
    ("on Jan. 1, 2025.", [("Jan. 1, 2025", "2025-01-01", "day")]),
    ("lahir 5/11/1980 di", [("5/11/1980", "1980-11-05", "day")]),
    ("ditandatangani pada 19.06.2024", [("19.06.2024", "2024-06-19", "day")]),
    (
        "ditandatangani pada tahun 1961, 2000, dan 2001.",
        [("pada tahun 1961", "1961-01-01", "year"), ("2000", "2000-01-01", "year"), ("2001", "2001-01-01", "year")],
    ),
    (
        "dari Mei 2022 hingga Juni 2024",
        [("Mei 2022", "2022-05-01", "month"), ("Juni 2024", "2024-06-01", "month")],
    ),
    ("19-20 Juni 2024", [("19-20 Juni 2024", "2024-06-19", "day")]),  # a range: one date, its first day
]


@pytest.mark.parametrize(("text", "expected"), EXPLICIT)
def test_explicit_dates_are_found_without_an_anchor(
    text: str, expected: list[tuple[str, str, str]], words: DateWords
) -> None:
    assert found(text, words, None) == expected
    assert found(text, words, ANCHOR) == expected
    assert all(not m.approximate and not m.relative for m in find_dates(text, words))


# --------------------------------------------------------------------------- year-less and relative

ANCHORED = [
    ("pada Rabu (20/6), semakin", [("Rabu (20/6)", "2024-06-20", "day")], False),
    # Vietnamese dates the day by its time: "rạng sáng 20/6" (at dawn on 20 June), "tối 19/6", "chiều 21/6"
    ("hạ cánh xuống sân bay Nội Bài rạng sáng 20/6, sau", [("20/6", "2024-06-20", "day")], False),
    ("Tối 19/6, ông Putin", [("19/6", "2024-06-19", "day")], False),
    ("chiều 21/6 tại Seoul, tỷ lệ 20/6 là", [("21/6", "2024-06-21", "day")], False),
    ("Pada bulan Maret, Rusia", [("Pada bulan Maret", "2024-03-01", "month")], False),
    ("pada 9 dan 11 November", [("9", "2023-11-09", "day"), ("11 November", "2023-11-11", "day")], False),
    ("diambil pada tanggal 5 Juni", [("5 Juni", "2024-06-05", "day")], False),
    ("sidang 2 Juli mendatang", [("2 Juli", "2024-07-02", "day")], False),
    (
        "Antara bulan Agustus dan Februari",
        [("Antara bulan Agustus", "2023-08-01", "month"), ("Februari", "2024-02-01", "month")],
        False,
    ),
    ("pekan lalu", [("pekan lalu", "2024-06-14", "day")], True),
    ("minggu lalu", [("minggu lalu", "2024-06-14", "day")], True),
    ("Bulan lalu, Putin", [("Bulan lalu", "2024-05-01", "month")], True),
    ("mundur kemarin", [("kemarin", "2024-06-20", "day")], True),
    ("mulai Selasa Rusia", [("Selasa", "2024-06-18", "day")], True),
    ("pada hari Kamis dengan", [("pada hari Kamis", "2024-06-20", "day")], True),
    ("naik tajam tahun ini", [("tahun ini", "2024-01-01", "year")], True),
    ("Tahun lalu ekspor", [("Tahun lalu", "2023-01-01", "year")], True),
    ("last week", [("last week", "2024-06-14", "day")], True),
    ("met on Tuesday to", [("on Tuesday", "2024-06-18", "day")], True),
    ("rose yesterday.", [("yesterday", "2024-06-20", "day")], True),
    ("Earlier this month the bank", [("Earlier this month", "2024-06-01", "month")], True),
    ("kunjungan Kim September lalu", [("September lalu", "2023-09-01", "month")], True),
    ("dua pekan lalu", [("dua pekan lalu", "2024-06-07", "day")], True),
    ("Three days ago the", [("Three days ago", "2024-06-18", "day")], True),
    ("returned last Friday.", [("last Friday", "2024-06-14", "day")], True),
    ("pada hari Minggu pagi", [("pada hari Minggu", "2024-06-16", "day")], True),
    ("Pada minggu ini, kedua", [("minggu ini", "2024-06-21", "day")], True),
]


@pytest.mark.parametrize(("text", "expected", "relative"), ANCHORED)
def test_yearless_and_relative_need_an_anchor(
    text: str, expected: list[tuple[str, str, str]], relative: bool, words: DateWords
) -> None:
    assert found(text, words, ANCHOR) == expected
    mentions = find_dates(text, words, ANCHOR)
    assert all(m.approximate for m in mentions)
    assert all(m.relative is relative for m in mentions)
    assert find_dates(text, words) == ()


# --------------------------------------------------------------------------- not dates

NOT_DATES = [
    "Pinjaman senilai $50 miliar ke negara yang dilanda perang.",
    "tapi bukan Su-35 yang telah lama ditunggu",
    "sekitar 6.700 kontainer berisi 3 juta peluru 152 mm",
    "lebih dari 500.000 butir peluncur roket ganda 122 mm",
    "Sekitar 10.000 pasukan Korea Utara",
    "dihadiri oleh lebih dari 100 negara dan organisasi",
    "sejak pandemi Covid-19.",
    "KTT G7 negara-negara maju",
    "Iklan 3",
    "by -183 Views",
    "Hubungi 0812-3456-7890 atau (021) 555-1234.",
    "The economy added 1.5 million jobs and 2,024 firms.",
    "Skor akhir 3-1 dan 2/3 penonton pulang.",
    "Layanan tersedia 24/7 dan (24/7) dengan 1.200 agen.",
    "Sekitar 2019 orang mengungsi.",
    "in 2000 words or fewer",
    "You may 2 go now.",
    "tahun 1990-an dan the 1990s",
    "Versi 3.11.7 dirilis.",
    "31 Juni 2024 dan 30 Februari 2023 dan 29/2/2023",
    "Pertandingan berakhir 2-1 pada menit ke-90.",
    "Minggu depan? Tidak: minggu-minggu ini penuh.",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_numbers_that_are_not_dates(text: str, words: DateWords) -> None:
    # relative words ("minggu depan") may stand beside the numbers; no number becomes a date
    assert [m.text for m in find_dates(text, words, ANCHOR) if not m.relative] == []


@pytest.mark.parametrize(("language", "text", "expected"), [
    # a clock time written with a dot at a sentence's end is no day and month
    ("es", "El Cecopi se reunió a las 17.00.", []),
    ("es", "La alerta llegó a las 20.11.", []),
    ("ca", "L'avís va arribar a les 20.11.", []),
    ("it", "L'allerta è arrivata alle 20.11.", []),
    ("de", "Die Warnung kam um 20.11.", []),
    # a month "00" is none: "12.00." is noon
    ("es", "Comenzó el 12.00.", []),
    # a day and a month with their dots are still a date
    ("es", "Llegó el 20.11. a Madrid.", [("20.11.", "2024-11-20", "day")]),
    ("de", "Am 17.10. begann der Streik.", [("17.10.", "2024-10-17", "day")]),
])
def test_a_dotted_clock_time_is_no_date(language: str, text: str, expected: list[tuple[str, str, str]],
                                        words: DateWords) -> None:
    assert [(m.text, m.date.isoformat(), m.precision)
            for m in find_dates(text, words, dt.date(2024, 12, 17), language)] == expected


def test_calendar_is_validated(words: DateWords) -> None:
    assert found("29 Februari 2024", words) == [("29 Februari 2024", "2024-02-29", "day")]
    assert found("29 Februari 2023", words) == []
    assert found("31 Juni 2024", words) == []
    assert found("31 Juli 2024", words) == [("31 Juli 2024", "2024-07-31", "day")]
    assert found("pada (31/6)", words) == []


def test_american_order_when_the_day_cannot_be_a_month(words: DateWords) -> None:
    assert found("on 6/19/2024 the", words) == [("6/19/2024", "2024-06-19", "day")]
    assert found("on 19/6/2024 the", words) == [("19/6/2024", "2024-06-19", "day")]


def test_spans_are_offsets_into_the_text(words: DateWords) -> None:
    text = "Putin tiba pada Rabu (19/6/2024), kata Kremlin pekan lalu, dan pada tahun 2000."
    for m in find_dates(text, words, ANCHOR):
        assert text[m.start : m.end] == m.text
    assert [m.text for m in find_dates(text, words, ANCHOR)] == ["Rabu (19/6/2024)", "pekan lalu", "pada tahun 2000"]


def test_future_dates_near_the_anchor_stay_in_its_year(words: DateWords) -> None:
    # a day a few weeks ahead is a plan; one many months ahead is last year's
    assert found("pada 5 Juli", words) == [("5 Juli", "2024-07-05", "day")]
    assert found("pada 5 Desember", words) == [("5 Desember", "2023-12-05", "day")]
    assert found("pada 28 Desember", words, dt.date(2025, 1, 6)) == [("28 Desember", "2024-12-28", "day")]


# --------------------------------------------------------------------------- words file


def test_extra_words_extend_the_builtin(tmp_path: Path) -> None:
    extra = tmp_path / "dates.yaml"
    extra.write_text(
        "languages:\n  sv:\n    months:\n      juni: 6\n      oktober: 10\n      maj: 5\n", encoding="utf-8"
    )
    words = load_words(extra)
    assert "sv" in words.languages
    assert found("den 3 maj 2024", words) == [("3 maj 2024", "2024-05-03", "day")]
    assert found("19 Juni 2024", words) == [("19 Juni 2024", "2024-06-19", "day")]


def test_a_year_first_date_may_have_a_joiner_a_marker_or_the_day_before_the_month(tmp_path: Path) -> None:
    # a table of a site's own: the year's marker written on it ("2024ko"), a joiner after the year ("2024 m.",
    # "2024. gada"), and after a joiner the day before the month (Latvian "2024. gada 10. jūlijs")
    extra = tmp_path / "dates.yaml"
    extra.write_text(
        "languages:\n  xx:\n    months:\n      jūlijs: 7\n      martxoaren: 3\n      birželio: 6\n"
        "    joiners: [gada, 'm.']\n    year_suffix: [ko]\n",
        encoding="utf-8",
    )
    words = load_words(extra).for_language("xx")
    assert found("2024. gada 10. jūlijs, 16:02", words) == [("2024. gada 10. jūlijs", "2024-07-10", "day")]
    assert found("2024 m. birželio 19 d.", words) == [("2024 m. birželio 19", "2024-06-19", "day")]
    assert found("2024ko martxoaren 12a", words) == [("2024ko martxoaren 12", "2024-03-12", "day")]
    # without a joiner, a year and a day-month after it stay apart: the day is not read as of that year
    assert all(not text.startswith("2024") for text, _, _ in found("2024 10. jūlijs", words))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("languages:\n  id:\n    months: [januari\n", "YAML"),
        ("languages:\n  id:\n    months:\n      januari: 13\n", "must be a number from 1 to 12"),
        ("languages:\n  id:\n    relative:\n      kemarin: [fortnight, -1]\n", "must be [unit, offset]"),
        ("languages:\n  id:\n    monthz:\n      januari: 1\n", "unknown key"),
        ("wrong: 1\n", "unknown key"),
    ],
)
def test_bad_words_file_names_the_place(tmp_path: Path, content: str, message: str) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_words(extra)
    assert message in str(err.value)
    assert str(err.value).startswith(f"{extra}:")


# --------------------------------------------------------------------------- front matter


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2024, 6, 19), (dt.date(2024, 6, 19), "day")),
        (dt.datetime(2024, 6, 19, 10, 15), (dt.date(2024, 6, 19), "day")),
        (2024, (dt.date(2024, 1, 1), "year")),
        ("2024", (dt.date(2024, 1, 1), "year")),
        ("2024-06", (dt.date(2024, 6, 1), "month")),
        ("2024-06-19", (dt.date(2024, 6, 19), "day")),
        ("2024-06-19T10:15:00+07:00", (dt.date(2024, 6, 19), "day")),
        ("2024-06-19 10:15", (dt.date(2024, 6, 19), "day")),
        ("19 Juni 2024", (dt.date(2024, 6, 19), "day")),
        ("June 2024", (dt.date(2024, 6, 1), "month")),
        ("Rabu, 19 Juni 2024 10:15 WIB", (dt.date(2024, 6, 19), "day")),
        ("2024-02-30", None),
        ("2024-13", None),
        ("kemarin", None),
        ("soon", None),
        ("", None),
        (True, None),
        (None, None),
        (3.5, None),
        (["2024"], None),
        (99999, None),
        (1718766000, (dt.date(2024, 6, 19), "day")),  # a Unix time, as Hugo reads one: 03:00 UTC
        (1718837999, (dt.date(2024, 6, 19), "day")),  # 23:59:59 UTC, though it is June 20 in Jakarta
        (1718766000123, (dt.date(2024, 6, 19), "day")),  # in milliseconds
        ("1718766000", (dt.date(2024, 6, 19), "day")),  # as a Pelican header gives it, text
        (171876600, None),  # 9 digits: no timestamp warta reads
        (17187660001, None),  # 11
        (-1718766000, None),
    ],
)
def test_parse_date_value(value: object, expected: object) -> None:
    assert parse_date_value(value) == expected


# --------------------------------------------------------------------------- publication date


def seed(name: str) -> tuple[tuple[Line, ...], tuple[Block, ...]]:
    """A seed's body lines, and paragraphs as a cleaner might leave them (the longer lines)."""
    path = next(SEEDS.glob(f"{name}_*.txt"))
    lines = tuple(Line(i + 1, text) for i, text in enumerate(path.read_text(encoding="utf-8").split("\n")))
    blocks = tuple(Block("paragraph", ln.text.strip(), ln.number) for ln in lines if len(ln.text.split()) >= 8)
    return lines, blocks


def within(found: PublishedDate | None, first: dt.date, last: dt.date) -> bool:
    return found is not None and first <= found.date <= last


def test_seed_003_states_its_date_at_the_top(words: DateWords) -> None:
    lines, blocks = seed("003")
    found = publication_date(lines, blocks, words, TODAY)
    assert found == PublishedDate(dt.date(2024, 10, 10), "day", "text", "Oktober 10, 2024")


def test_seed_003_without_its_dateline_is_inferred_from_its_content(words: DateWords) -> None:
    lines, blocks = seed("003")
    found = publication_date(lines[1:], blocks, words, TODAY)
    assert found is not None and found.source == "inferred"
    assert within(found, dt.date(2024, 6, 1), dt.date(2024, 6, 30))  # "pekan lalu ... 12 Juni" (2024)


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("000", dt.date(2024, 6, 1), dt.date(2024, 7, 31)),  # "pekan lalu" after the visit of 19 June 2024
        ("001", dt.date(2024, 11, 1), dt.date(2024, 12, 31)),  # ratified "9 dan 11 November", after "September 2023"
        ("002", dt.date(2024, 6, 1), dt.date(2024, 6, 30)),  # "Rabu (20/6)", "perjanjian tahun 2024 ini"
        ("004", dt.date(2024, 6, 1), dt.date(2024, 6, 30)),  # "Rabu (19/6/2024)"
    ],
)
def test_seeds_without_a_dateline_get_an_inferred_window(
    name: str, first: dt.date, last: dt.date, words: DateWords
) -> None:
    lines, blocks = seed(name)
    found = publication_date(lines, blocks, words, TODAY)
    assert found is not None
    assert found.source == "inferred"
    assert found.evidence
    assert found.precision in ("day", "month")
    assert within(found, first, last), found
    # the raw lines alone, as if the cleaner kept nothing, lead to the same window
    assert within(publication_date(lines, (), words, TODAY), first, last)


def test_seed_000_is_pushed_past_the_event_by_last_week(words: DateWords) -> None:
    lines, blocks = seed("000")
    found = publication_date(lines, blocks, words, TODAY)
    assert found is not None and found.evidence is not None
    assert "19 Juni 2024" in found.evidence and "pekan lalu" in found.evidence


def para(*texts: str) -> tuple[tuple[Line, ...], tuple[Block, ...]]:
    lines = tuple(Line(i + 1, t) for i, t in enumerate(texts))
    return lines, tuple(Block("paragraph", t, i + 1) for i, t in enumerate(texts) if t)


LONG = (
    "Presiden mengatakan bahwa kebijakan baru itu akan diterapkan secara bertahap di seluruh provinsi"
    " dan kota, setelah pembahasan panjang dengan para menteri dan kepala daerah."
)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ("Rabu, 19 Juni 2024 10:15 WIB", LONG),
            PublishedDate(dt.date(2024, 6, 19), "day", "text", "Rabu, 19 Juni 2024 10:15 WIB"),
        ),
        (
            ("Published June 20, 2024", LONG),
            PublishedDate(dt.date(2024, 6, 20), "day", "text", "Published June 20, 2024"),
        ),
        (
            ("Oleh Budi Santoso - 19 Juni 2024", LONG),
            PublishedDate(dt.date(2024, 6, 19), "day", "text", "Oleh Budi Santoso - 19 Juni 2024"),
        ),
        (
            ("Updated 10:15 a.m. EDT, June 20, 2024", LONG),
            PublishedDate(dt.date(2024, 6, 20), "day", "text", "Updated 10:15 a.m. EDT, June 20, 2024"),
        ),
        (  # a Russian paper's print edition: "Газета ... №197 от 25.10.2024, стр. 2" (issue 197 of that day, page 2)
            ('Газета "Коммерсантъ" №197 от 25.06.2024, стр. 2', LONG),
            PublishedDate(dt.date(2024, 6, 25), "day", "text", 'Газета "Коммерсантъ" №197 от 25.06.2024, стр. 2'),
        ),
    ],
)
def test_dateline_at_the_top(lines: tuple[str, ...], expected: PublishedDate, words: DateWords) -> None:
    body, blocks = para(*lines)
    assert publication_date(body, blocks, words, TODAY) == expected


def test_a_date_below_the_first_long_paragraph_is_no_dateline(words: DateWords) -> None:
    body, blocks = para(LONG, "Rabu, 19 Juni 2024")
    found = publication_date(body, blocks, words, TODAY)
    assert found is not None and found.source == "inferred"


def test_a_headline_with_a_date_is_no_dateline(words: DateWords) -> None:
    body, blocks = para("Banjir besar melanda kota pada 19 Juni 2024", LONG)
    found = publication_date(body, blocks, words, TODAY)
    assert found is not None and found.source == "inferred"


def test_a_dateline_after_today_is_ignored(words: DateWords) -> None:
    body, blocks = para("Rabu, 19 Juni 2024", LONG)
    assert publication_date(body, blocks, words, dt.date(2024, 6, 1)) is None


def test_never_later_than_today(words: DateWords) -> None:
    body, blocks = para(LONG, "Putin berkunjung pada Rabu (19/6/2024). Kemarin (19/6) dia tiba.")
    found = publication_date(body, blocks, words, dt.date(2024, 6, 19))
    assert found is not None and found.date <= dt.date(2024, 6, 19)


def test_yesterday_in_the_same_sentence_pins_the_day(words: DateWords) -> None:
    body, blocks = para(LONG, "Presiden tiba di Hanoi kemarin (19/6/2024), kata juru bicara.")
    assert publication_date(body, blocks, words, TODAY) == PublishedDate(
        dt.date(2024, 6, 20), "day", "inferred", "(19/6/2024); kemarin"
    )


def test_last_month_said_of_the_event_moves_to_the_next_month(words: DateWords) -> None:
    body, blocks = para(LONG, "Bulan lalu, pada 28 Mei 2024, menteri itu mundur.")
    found = publication_date(body, blocks, words, TODAY)
    assert found is not None and (found.date, found.precision) == (dt.date(2024, 6, 1), "month")


def test_years_alone_are_no_publication_date(words: DateWords) -> None:
    body, blocks = para(LONG, "Perjanjian tahun 1961 diganti pada tahun 2000.")
    assert publication_date(body, blocks, words, TODAY) is None


def test_relative_words_alone_are_no_publication_date(words: DateWords) -> None:
    body, blocks = para(LONG, "Pekan lalu menteri itu mundur, dan kemarin penggantinya dilantik pada hari Kamis.")
    assert publication_date(body, blocks, words, TODAY) is None


def test_a_date_is_not_read_across_two_paragraphs(words: DateWords) -> None:
    blocks = (Block("paragraph", "Menteri itu mengatakan rapat kabinet akan digelar pada tanggal 12", 1),
              Block("paragraph", "Maret 2024 menjadi bulan yang sibuk bagi pemerintah, kata pejabat itu.", 3))
    found = publication_date((), blocks, words, TODAY, "id")
    assert found == PublishedDate(dt.date(2024, 3, 1), "month", "inferred", "Maret 2024")


def test_paragraphs_scanned_alone_give_the_dates_of_the_joined_text(words: DateWords) -> None:
    """Where no date could run from one paragraph into the next, scanning each paragraph alone (as the
    dated sentences do, once) finds what scanning the joined paragraphs found, at the same places."""
    pieces = ["Pada 19 Juni 2024, Putin tiba di Pyongyang.", "Kunjungan itu, kata Kremlin, dipersiapkan sejak "
              "Maret dan April 2024; pertemuan berikutnya 1-2 Juli.", "Tahun 2000 perjanjian lama diganti.",
              "Dua hari lalu (17/6) menteri itu berkata pada hari Senin bahwa 9 dan 11 November adalah batasnya."]
    counts = []
    for language in (None, "id", "en"):
        w = words.for_language(language)
        text, raws = dates._scan_joined(pieces, w)
        assert text == "\n\n".join(pieces)
        assert raws == dates._scan(text, w)
        counts.append(len(raws))
    assert min(counts) >= 2 and max(counts) >= 8, counts


def test_the_remembered_scans_are_those_of_the_words_asked_for(words: DateWords) -> None:
    text = "Pada 3 May 2024 and on 4 Mei 2024 they met."
    first = [found(text, words.for_language(code)) for code in ("en", "id", "en")]
    dates._SCANNED.clear()
    assert first == [found(text, words.for_language(code)) for code in ("en", "id", "en")]
    assert first[0] != first[1]


def test_this_year_marker_gives_the_year(words: DateWords) -> None:
    body, blocks = para(LONG, "Oleh sebab itu, perjanjian tahun 2024 ini sangat penting.")
    found = publication_date(body, blocks, words, TODAY)
    assert found == PublishedDate(dt.date(2024, 1, 1), "year", "inferred", "tahun 2024")


def test_empty_article_has_no_date(words: DateWords) -> None:
    assert publication_date((), (), words, TODAY) is None


# --------------------------------------------------------------------------- datelines as pages print them

LONG_EN = (
    "Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a comprehensive strategic"
    " partnership treaty on Wednesday that includes a pledge of mutual assistance."
)


@pytest.mark.parametrize(
    ("line", "evidence"),
    [
        # other date-shaped words on the line ("3 hours ago") are no names beside the date
        ("June 19, 2024 4:12 PM GMT+8 Updated 3 hours ago", None),
        # a header line whose date part stands apart after a separator
        ("19. Juni 2024, 17.48 Uhr • aus Pjöngjang berichtet Christoph Giesen", "19. Juni 2024, 17.48 Uhr"),
        ("Kyiv Independent | 19 June 2024 | reporting from the front line by our staff", "19 June 2024"),
        # a byline line of desk, site and stamp parted by spaced slashes
        ("Business Desk / NEWS.EXAMPLE.COM / Updated: Jun 19, 2024, 11:47 IST", "Updated: Jun 19, 2024, 11:47 IST"),
        # NPR pastes the time right onto the year; Yahoo adds the reading time
        ("June 19, 20245:04 PM ET", None),
        ("Wed, Jun 19, 2024, 6:04 PM 2 min read", None),
    ],
)
def test_a_dateline_with_more_on_its_line_is_the_publication_date(
    line: str, evidence: str | None, words: DateWords
) -> None:
    body, blocks = para(line, LONG_EN)
    assert publication_date(body, blocks, words, TODAY) == PublishedDate(
        dt.date(2024, 6, 19), "day", "text", evidence or line
    )


@pytest.mark.parametrize(
    "line",
    [
        "Publié le 19 juin 2024 à 18h05, modifié le 20 juin 2024 à 09h12",
        "Updated June 20, 2024 · Published June 19, 2024",
        "Diterbitkan 19 Juni 2024, diperbarui 20 Juni 2024 08:15 WIB",
        "Veröffentlicht am 19. Juni 2024, zuletzt aktualisiert am 20. Juni 2024",
    ],
)
def test_published_and_updated_on_one_line_gives_the_published_date(line: str, words: DateWords) -> None:
    body, blocks = para(line, LONG_EN)
    for stamps in ((), body[:1]):  # read by its words alone, and as a line extraction took out as a date
        found = publication_date(body, blocks, words, TODAY, None, stamps)
        assert found == PublishedDate(dt.date(2024, 6, 19), "day", "text", line), stamps


def test_an_updated_date_alone_is_still_the_stated_date(words: DateWords) -> None:
    body, blocks = para("Mis à jour le 20 juin 2024 à 09h12", LONG_EN)
    found = publication_date(body, blocks, words, TODAY)
    assert found is not None and (found.date, found.source) == (dt.date(2024, 6, 20), "text")


STANDFIRST_EN = (
    "The 6-to-3 decision, which split along ideological lines, will further delay the federal case charging"
    " the former minister with plotting to overturn the election."
)


def test_a_dateline_in_the_byline_under_a_standfirst_is_the_publication_date(words: DateWords) -> None:
    # the notices appended at the end, with later dates, do not outvote it
    body, blocks = para(
        "Court Rules the Minister Has Broad Immunity", STANDFIRST_EN, "By Jane Doe", "Reporting from Washington",
        "July 1, 2024", "Updated 3:59 p.m. ET", LONG_EN, LONG_EN, "Correction: July 2, 2024",
        "An earlier version of this article misstated the vote in the case.", "Update: July 3, 2024",
        "This article has been updated with comments from the White House.",
    )
    assert publication_date(body, blocks, words, TODAY, "en") == PublishedDate(
        dt.date(2024, 7, 1), "day", "text", "July 1, 2024"
    )


def test_a_date_line_far_below_a_standfirst_is_no_dateline(words: DateWords) -> None:
    lines = ("Court Rules the Minister Has Broad Immunity", STANDFIRST_EN, "By Jane Doe", "Reporting from Washington",
             "Share", "Listen to this article", "Comments", "July 1, 2024", LONG_EN)
    found = publication_date(*para(*lines), words, TODAY, "en")
    assert found is not None and found.source == "inferred"


LONG_PT = (
    "O Comitê de Política Monetária do Banco Central manteve nesta quarta-feira a taxa básica de juros da"
    " economia em 10,5% ao ano, pela segunda reunião seguida, por decisão unânime."
)
STAMP_PT = "31/07/2024 18h31 Atualizado há 2 meses"


def test_an_absolute_date_beats_the_update_age_on_a_byline_line(words: DateWords) -> None:
    standfirst = "Decisão foi unânime. Comitê de Política Monetária do Banco Central cita incertezas no cenário" \
        " externo e expectativas de inflação desancoradas."
    body, blocks = para("Copom mantém taxa Selic em 10,5%", standfirst, "Por Fulano de Tal, g1 — Brasília",
                        STAMP_PT, LONG_PT, LONG_PT)
    assert publication_date(body, blocks, words, TODAY, "pt") == PublishedDate(
        dt.date(2024, 7, 31), "day", "text", STAMP_PT
    )


def test_an_update_age_does_not_move_the_inferred_date(words: DateWords) -> None:
    # "há 2 meses" after "Atualizado" is how old the update is on the day the page is read
    found = publication_date(*para(LONG_PT, STAMP_PT), words, TODAY, "pt")
    assert found == PublishedDate(dt.date(2024, 7, 1), "month", "inferred", "31/07/2024")


def test_a_date_line_below_the_text_is_the_publication_date(words: DateWords) -> None:
    body, blocks = para("Rusia dan Korut Sepakati Bantuan Militer", LONG, LONG, "Rabu 19 Jun 2024 22:30 WIB")
    stamps = body[3:]
    assert publication_date(body, blocks, words, TODAY, "id", stamps) == PublishedDate(
        dt.date(2024, 6, 19), "day", "text", "Rabu 19 Jun 2024 22:30 WIB"
    )
    # a line below the text counts only as one extraction took out as a date line
    found = publication_date(body, blocks, words, TODAY, "id")
    assert found is not None and found.source == "inferred"


def test_extraction_reads_the_date_line_it_takes_out_at_the_end_of_a_page(words: DateWords) -> None:
    lines = ["Rusia dan Korut Sepakati Bantuan Militer", "", LONG, "", LONG.replace("Presiden", "Menteri"), "",
             "Rabu 19 Jun 2024 22:30 WIB"]
    doc = RawDocument(path="a.txt", format="txt", body=tuple(Line(i + 1, t) for i, t in enumerate(lines)),
                      front_matter={}, front_matter_lines={}, encoding="utf-8", digest="0" * 64, stem="a")
    config = dataclasses.replace(load_config(ROOT), build_date=TODAY)
    article = extract.article(doc, extract.load_tables(config), config)
    assert [(r.rule, r.line) for r in article.removed] == [("dateline", 7)]
    assert article.published == PublishedDate(dt.date(2024, 6, 19), "day", "text", "Rabu 19 Jun 2024 22:30 WIB")


def test_date_lines_below_the_text_that_disagree_give_no_stated_date(words: DateWords) -> None:
    # a list of teasers, each with its date, says nothing of the article's own
    body, blocks = para("Rusia dan Korut Sepakati Bantuan Militer", LONG, "Rabu 19 Jun 2024", "Selasa 18 Jun 2024")
    found = publication_date(body, blocks, words, TODAY, "id", body[2:])
    assert found is not None and found.source == "inferred"


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Nilai tukar rupiah ditutup melemah 45 poin ke level Rp 16.412 kemarin, tertinggi sejak April 2020.", "id"),
        ("The rupiah closed at its weakest level since April 2020, traders said on Wednesday.", "en"),
        ("Die Rupiah fiel auf den tiefsten Stand seit April 2020, sagten Händler.", "de"),
        ("La roupie est tombée à son plus bas niveau depuis avril 2020, selon les courtiers.", "fr"),
        ("La rupia cayó a su nivel más bajo desde abril de 2020, según los operadores.", "es"),
        ("Harga minyak naik ke level tertinggi sejak bulan April 2020, kata analis.", "id"),
    ],
)
def test_a_date_after_since_is_no_publication_date(sentence: str, language: str, words: DateWords) -> None:
    body, blocks = para(sentence)
    assert publication_date(body, blocks, words, TODAY, language) is None


def test_a_date_after_since_leaves_the_reported_events(words: DateWords) -> None:
    body, blocks = para(LONG, "Pada 19 Juni 2024 harga minyak naik ke level tertinggi sejak Desember 2024.")
    found = publication_date(body, blocks, words, TODAY, "id")
    assert found is not None and found.evidence == "19 Juni 2024"


# --------------------------------------------------------------------------- properties and speed


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises_and_spans_hold(text: str) -> None:
    words = WORDS
    for anchor in (None, ANCHOR):
        for m in find_dates(text, words, anchor):
            assert text[m.start : m.end] == m.text
            assert m.precision in ("day", "month", "year")
            assert m.approximate or anchor is None or not m.relative


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "19",
                "Juni",
                "2024",
                "(20/6)",
                "pada",
                "tahun",
                "dan",
                ",",
                "pekan",
                "lalu",
                "Rabu",
                "-",
                "/",
                "May",
                "İ",
                "ß",
            ]
        ),
        max_size=25,
    )
)
def test_date_like_word_salad_never_raises(tokens: list[str]) -> None:
    text = " ".join(tokens)
    words = WORDS
    for m in find_dates(text, words, ANCHOR):
        assert text[m.start : m.end] == m.text
    lines = tuple(Line(i + 1, t) for i, t in enumerate(text.split(",")))
    publication_date(lines, (), words, TODAY)


def test_speed(words: DateWords) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    chunks = [text[i : i + 5000] for i in range(0, len(text) - 5000, 1000)][:200]
    start = time.process_time()  # CPU, not wall: a loaded machine stretches the wall time, not the work
    for chunk in chunks:
        find_dates(chunk, words, ANCHOR)
    elapsed = time.process_time() - start
    assert elapsed < 4.0, f"{len(chunks)} x 5 KB took {elapsed:.2f} s of CPU"


def test_eval_floor() -> None:
    spec = importlib.util.spec_from_file_location("eval_dates", Path(__file__).with_name("eval_dates.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scores = module.measure()
    assert scores["sentences"] >= 60
    assert scores["precision"] >= 0.95
    assert scores["recall"] >= 0.92


_PIECES = ["19", "2024", "5", "123", "12345", "06", "24", "/", "-", ".", ",", " ", " ", "\n", "(", ")", "Juni", "June",
           "Rabu", "tahun", "hari", "lalu", "pada", "sejak", "3 hari lalu", "ago", "days", "de", "mei", "jam"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16))
def test_numbers_try_only_the_patterns_that_fit_them(pieces: list[str]) -> None:
    # a run of digits skips the patterns its length and next character rule out: the dates are those
    # found by trying every pattern routed to a number
    from unittest import mock

    from warta import dates

    text = "".join(pieces)
    anchor = dt.date(2024, 6, 20)
    quick = find_dates(text, WORDS, anchor)
    with mock.patch.object(dates, "_number_routes", lambda routes, *_: routes):
        assert find_dates(text, WORDS, anchor) == quick


# --------------------------------------------------------------------------- other languages and scripts

_HEADERS = importlib.util.spec_from_file_location("eval_dates_headers", Path(__file__).with_name("eval_dates.py"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("в сентябре 2023 года", [("сентябре 2023", "2023-09-01", "month")]),
        ("19 czerwca 2024 r.", [("19 czerwca 2024", "2024-06-19", "day")]),
        ("في ١٩ يونيو ٢٠٢٤.", [("١٩ يونيو ٢٠٢٤", "2024-06-19", "day")]),
        ("في ١٥ كانون الثاني ٢٠٢٤", [("١٥ كانون الثاني ٢٠٢٤", "2024-01-15", "day")]),
        ("両首脳は2024年6月19日、平壌で", [("2024年6月19日", "2024-06-19", "day")]),
        ("2024년 6월 19일 평양에서", [("2024년 6월 19일", "2024-06-19", "day")]),
        ("条約は1961年に締結", [("1961年", "1961-01-01", "year")]),
        ("Antlaşma 1961 yılında imzalandı", [("1961 yılında", "1961-01-01", "year")]),
        ("Zákon nabyl účinnosti 1. 7. 2023.", [("1. 7. 2023", "2023-07-01", "day")]),
        ("این قانون در ۱۴۰۳/۰۳/۳۰ تصویب شد.", []),  # Solar Hijri: not read, and not misread
        ("会議は3日間続いた。", []),
    ],
)
def test_other_scripts_and_cases(text: str, expected: list[tuple[str, str, str]], words: DateWords) -> None:
    assert found(text, words, None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("政府は19日、新たな制裁を発表した。", [("19日", "2024-06-19", "day")]),
        ("6月19日(水)に首脳会談", [("6月19日(水)", "2024-06-19", "day")]),
        ("昨年の輸出は減少した。", [("昨年", "2023-01-01", "year")]),
        ("지난해 수출은 감소했다.", [("지난해", "2023-01-01", "year")]),
        ("Hôm thứ Tư, ngày 19/6, hai bên", [("Hôm thứ Tư", "2024-06-19", "day"), ("19/6", "2024-06-19", "day")]),
        ("På måndag träffas ministrarna.", [("På måndag", "2024-06-24", "day")]),
    ],
)
def test_other_languages_with_an_anchor(text: str, expected: list[tuple[str, str, str]], words: DateWords) -> None:
    assert found(text, words) == expected
    assert found(text, words, None) == []


def test_each_header_line_gives_the_publication_date(words: DateWords) -> None:
    assert _HEADERS is not None and _HEADERS.loader is not None
    module = importlib.util.module_from_spec(_HEADERS)
    _HEADERS.loader.exec_module(module)
    missed = [line for _, line in module.HEADERS if not module.header_right(line, words)]
    assert missed == []


def test_a_language_reads_only_its_own_words_and_the_shared_ones(words: DateWords) -> None:
    indonesian = words.for_language("id")
    assert set(indonesian.languages) == {"id", "en"}
    assert "czerwca" in words.months and "czerwca" not in indonesian.months
    other = words.for_language("xx")  # a language without tables is read with all of them...
    assert other.months == words.months and other.weekdays == words.weekdays
    assert "ma" in words.relative and "ma" not in other.relative  # ...but another's words alone
    text = "Traktat podpisano 19 czerwca 2024 r. i 19 June 2024."
    assert [m.text for m in find_dates(text, words, None, "pl")] == ["19 czerwca 2024", "19 June 2024"]
    assert [m.text for m in find_dates(text, words, None, "id")] == ["19 June 2024"]


def test_indonesian_text_is_read_as_fast_with_every_language_loaded(words: DateWords) -> None:
    # the words of other languages compile into other patterns: an Indonesian article does not pay for them
    indonesian = words.for_language("id")
    assert len(indonesian.patterns.trigger.pattern) < len(words.patterns.trigger.pattern) / 2
    assert "(?<!\\w)" in indonesian.patterns.trigger.pattern  # the plain boundary of spaced scripts


@pytest.mark.parametrize(
    ("lead", "evidence"),
    [
        ("PORTLAND, Ore., June 19, 2024 /PRNewswire/ -- Harborview Foods Inc. today announced a voluntary recall"
         " of approximately 12,000 bags of its frozen dumplings because they may contain shrimp.",
         "PORTLAND, Ore., June 19, 2024 /PRNewswire/"),
        ("JAKARTA, 19 Juni 2024 - " + LONG, "JAKARTA, 19 Juni 2024"),
    ],
)
def test_a_first_paragraph_that_opens_with_a_dateline_gives_the_day(
    lead: str, evidence: str, words: DateWords
) -> None:
    body, blocks = para("Harborview Foods Recalls Frozen Dumplings", lead, LONG_EN)
    assert publication_date(body, blocks, words, TODAY) == PublishedDate(dt.date(2024, 6, 19), "day", "text", evidence)


def test_a_first_paragraph_that_opens_with_a_sentence_is_no_dateline(words: DateWords) -> None:
    lead = "The ministry said on June 19, 2024 that prices would fall - " + LONG_EN
    body, blocks = para(lead, LONG_EN)
    found = publication_date(body, blocks, words, TODAY)
    assert found is None or found.source != "text"


def test_tagalog_month_names_date_an_article(words: DateWords) -> None:
    lead = ("MAYNILA — Inaasahang bababa ang presyo ng bigas sa mga pamilihan sa susunod na buwan, ayon sa"
            " Department of Agriculture nitong Miyerkules.")
    body, blocks = para("Ni Maria Santos", "Hunyo 19, 2024", lead)
    assert publication_date(body, blocks, words, TODAY, "tl") == PublishedDate(
        dt.date(2024, 6, 19), "day", "text", "Hunyo 19, 2024"
    )


# --------------------------------------------------------------------------- other calendars and year notations


def found_in(
    language: str, text: str, words: DateWords, anchor: dt.date = ANCHOR
) -> list[tuple[str, str, str]]:
    return [(m.text, m.date.isoformat(), m.precision) for m in find_dates(text, words, anchor, language)]


def header_date(language: str, lines: list[str], words: DateWords) -> PublishedDate | None:
    """The publication date of an article of these lines, the longer ones its paragraphs."""
    body = tuple(Line(i + 1, text) for i, text in enumerate(lines))
    blocks = tuple(Block("paragraph", ln.text, ln.number) for ln in body if len(ln.text.split()) >= 8)
    return publication_date(body, blocks, words, TODAY, language)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19 มิถุนายน 2567 16:45 น.", [("19 มิถุนายน 2567", "2024-06-19", "day")]),
        ("เมื่อวันที่ 19 มิ.ย. 2567 ที่ผ่านมา", [("19 มิ.ย. 2567", "2024-06-19", "day")]),
        ("19 มิถุนายน พ.ศ. 2567", [("19 มิถุนายน พ.ศ. 2567", "2024-06-19", "day")]),
        ("ลงนาม 19/06/2567", [("19/06/2567", "2024-06-19", "day")]),
        ("พ.ศ. 2567", [("พ.ศ. 2567", "2024-01-01", "year")]),
        ("ในปี 2567", [("ในปี 2567", "2024-01-01", "year")]),
        ("19 มิถุนายน ค.ศ. 2024", [("19 มิถุนายน ค.ศ. 2024", "2024-06-19", "day")]),  # Gregorian, marked
        ("19 มิถุนายน 2024", [("19 มิถุนายน 2024", "2024-06-19", "day")]),
    ],
)
def test_thai_years_of_the_buddhist_era(text: str, expected: list[tuple[str, str, str]], words: DateWords) -> None:
    assert found_in("th", text, words) == expected


def test_thai_dateline_in_the_buddhist_era_dates_the_article(words: DateWords) -> None:
    lines = ["ปูตินเยือนเกาหลีเหนือ ลงนามสนธิสัญญาป้องกันร่วมกับคิม จองอึน", "19 มิถุนายน 2567 16:45 น.", "",
             "ประธานาธิบดีวลาดิมีร์ ปูติน แห่งรัสเซีย และนายคิม จองอึน ผู้นำเกาหลีเหนือ ได้ลงนามในสนธิสัญญา ณ กรุงเปียงยาง"]
    found = header_date("th", lines, words)
    assert found == PublishedDate(dt.date(2024, 6, 19), "day", "text", "19 มิถุนายน 2567 16:45 น.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۳۰ خرداد ۱۴۰۳", [("۳۰ خرداد ۱۴۰۳", "2024-06-19", "day")]),
        ("روز ۱ فروردین ۱۴۰۳ آغاز شد", [("۱ فروردین ۱۴۰۳", "2024-03-20", "day")]),
        ("۱ فروردین ۱۴۰۴", [("۱ فروردین ۱۴۰۴", "2025-03-21", "day")]),
        ("۱۰ دی ۱۴۰۲", [("۱۰ دی ۱۴۰۲", "2023-12-31", "day")]),
        ("30 خرداد 1403", [("30 خرداد 1403", "2024-06-19", "day")]),  # ASCII digits
        ("خرداد ۱۴۰۳", [("خرداد ۱۴۰۳", "2024-06-01", "month")]),  # 21 May - 20 June: mostly June
        ("روز ۳۰ خرداد", [("۳۰ خرداد", "2024-06-19", "day")]),  # year-less, near the anchor (21 June 2024)
        ("۱۹ ژوئن ۲۰۲۴", [("۱۹ ژوئن ۲۰۲۴", "2024-06-19", "day")]),  # Gregorian month names stay Gregorian
        ("۳۰ اسفند ۱۴۰۳", [("۳۰ اسفند ۱۴۰۳", "2025-03-20", "day")]),  # 1403 is a leap year
    ],
)
def test_persian_solar_hijri_dates(text: str, expected: list[tuple[str, str, str]], words: DateWords) -> None:
    assert found_in("fa", text, words) == expected


def test_persian_solar_hijri_dateline_dates_the_article(words: DateWords) -> None:
    lines = ["امضای پیمان دفاعی میان روسیه و کره شمالی", "۲۹ خرداد ۱۴۰۳ - ۱۴:۳۰", "",
             "به گزارش خبرگزاری ما، ولادیمیر پوتین رئیس‌جمهور روسیه و کیم جونگ اون رهبر کره شمالی در پیونگ‌یانگ"
             " یک پیمان مشارکت راهبردی جامع امضا کردند."]
    found = header_date("fa", lines, words)
    assert found == PublishedDate(dt.date(2024, 6, 18), "day", "text", "۲۹ خرداد ۱۴۰۳ - ۱۴:۳۰")


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ja", "令和6年6月19日(水)", [("令和6年6月19日(水)", "2024-06-19", "day")]),
        ("ja", "令和６年６月19日", [("令和６年６月19日", "2024-06-19", "day")]),
        ("ja", "令和元年5月1日に即位", [("令和元年5月1日", "2019-05-01", "day")]),
        ("ja", "平成31年4月30日", [("平成31年4月30日", "2019-04-30", "day")]),
        ("ja", "昭和64年1月7日", [("昭和64年1月7日", "1989-01-07", "day")]),
        ("ja", "令和6年の予算", [("令和6年", "2024-01-01", "year")]),
        ("zh", "民國113年6月19日", [("民國113年6月19日", "2024-06-19", "day")]),
        ("zh", "中華民國113年", [("中華民國113年", "2024-01-01", "year")]),
        ("zh", "民国元年", [("民国元年", "1912-01-01", "year")]),
    ],
)
def test_japanese_era_and_minguo_years(
    language: str, text: str, expected: list[tuple[str, str, str]], words: DateWords
) -> None:
    assert found_in(language, text, words) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ja", "平年より14日遅く、去年より13日遅い梅雨入りです。"),  # than usual / than last year
        ("ja", "14日間の日程"),
        ("ja", "3日後に発表"),
        ("ja", "2週間遅く"),
        ("zh", "持续14天"),
        ("ko", "14일간 열린다"),
        ("ko", "14일 동안 열린다"),
        ("ko", "평년보다 14일 늦게"),
    ],
)
def test_counted_days_are_no_dates(language: str, text: str, words: DateWords) -> None:
    assert [m for m in found_in(language, text, words) if m[2] == "day"] == []


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ja", "気象庁は21日、発表しました", [("21日", "2024-06-21", "day")]),
        ("ko", "19일 발표했다", [("19일", "2024-06-19", "day")]),
        ("ja", "6月19日より販売", [("6月19日", "2024-06-19", "day")]),  # より after a date: from that day
    ],
)
def test_days_of_the_month_stay_dates(
    language: str, text: str, expected: list[tuple[str, str, str]], words: DateWords
) -> None:
    assert found_in(language, text, words) == expected


def test_era_ranges_must_name_an_era_of_the_table(tmp_path: Path) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text("languages:\n  th:\n    eras:\n      be: -543\n    era_ranges:\n      ad: [2400, 2700]\n",
                     encoding="utf-8")
    with pytest.raises(ConfigError, match="era_ranges.ad is not one of the table's eras") as err:
        load_words(extra)
    assert str(err.value).startswith(f"{extra}:6:")


def _unbounded_repeats(items: object) -> list[str]:
    """The repeats in a parsed pattern (re's own parser) that have no upper bound and repeat more than one
    character: tried at every word of a long run of such words, each runs on to the run's end (and back)."""
    from re import _constants as c

    found: list[str] = []
    for op, arg in items:  # type: ignore[attr-defined]
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            _, high, sub = arg
            one_character = len(sub) == 1 and sub[0][0] in (c.IN, c.ANY, c.LITERAL, c.NOT_LITERAL)
            if high == c.MAXREPEAT and not one_character:
                found.append(str(sub)[:60])
            found += _unbounded_repeats(sub)
        elif op == c.SUBPATTERN:
            found += _unbounded_repeats(arg[-1])
        elif op == c.BRANCH:
            for branch in arg[1]:
                found += _unbounded_repeats(branch)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            found += _unbounded_repeats(arg[1])
        elif op == c.ATOMIC_GROUP:
            found += _unbounded_repeats(arg)
    return found


def test_no_date_pattern_repeats_a_group_without_bound(words: DateWords) -> None:
    """Every date pattern is tried anchored at each place a date can start: a group repeated without bound
    ("(?:context words)+", "day(?:, day)*") ran from each word of a run like "a a a …" (Italian "a" is a
    month context) or "1, 2, 3, …" to its end and back, and a 1 MB line of "a " took minutes to read."""
    from re import _parser

    for code in (None, *sorted(words._by_language)):
        patterns = (words.for_language(code) if code else words).patterns
        for field in dataclasses.fields(patterns):
            value = getattr(patterns, field.name)
            if isinstance(value, re.Pattern):
                assert _unbounded_repeats(_parser.parse(value.pattern, value.flags)) == [], (code, field.name)


def test_long_lists_of_dates_are_still_read(words: DateWords) -> None:
    """The bounds are far above how dates are written: a list of days, months or years is read whole."""
    found = find_dates("Sidang digelar pada 1, 3, 5, 8, 10, 12, 15, 17 dan 19 Juni 2024.", words,
                       dt.date(2024, 6, 20), "id")
    assert [m.date.day for m in found] == [1, 3, 5, 8, 10, 12, 15, 17, 19]
    found = find_dates("Latihan pada bulan Januari, Maret, Mei, Juli dan September 2023.", words,
                       dt.date(2024, 6, 20), "id")
    assert [m.date.month for m in found] == [1, 3, 5, 7, 9]


# --------------------------------------------------------------------------- languages added to the tables

SW_LEAD = (
    "Watu 47 wamefariki dunia na wengine 85 kujeruhiwa baada ya mafuriko na maporomoko ya udongo kukumba mji wa"
    " Katesh wilayani Hanang mkoani Manyara."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jumatatu, Desemba 04, 2023", [("Jumatatu, Desemba 04, 2023", "2023-12-04", "day")]),
        ("mkutano wa tarehe 19 Juni 2024 mjini Dodoma", [("19 Juni 2024", "2024-06-19", "day")]),
        ("mvua ilianza kunyesha jana usiku", [("jana", "2024-06-20", "day")]),
        ("bei ilipanda mwaka jana", [("mwaka jana", "2023-01-01", "year")]),
        ("mkutano utafanyika wiki ijayo", [("wiki ijayo", "2024-06-28", "day")]),
        ("kwa mara ya kwanza tangu Machi 2020", [("Machi 2020", "2020-03-01", "month")]),
    ],
)
def test_swahili_dates(text: str, expected: list[tuple[str, str, str]], words: DateWords) -> None:
    assert found_in("sw", text, words) == expected


def test_swahili_dateline_dates_the_article(words: DateWords) -> None:
    lines = ["Mafuriko yaua watu 47 Hanang", "Jumatatu, Desemba 04, 2023", "Na Mwandishi Wetu", SW_LEAD]
    assert header_date("sw", lines, words) == PublishedDate(
        dt.date(2023, 12, 4), "day", "text", "Jumatatu, Desemba 04, 2023"
    )


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("bn", "প্রকাশ: ১৯ জুন ২০২৪, ১০: ১৫", [("১৯ জুন ২০২৪", "2024-06-19", "day")]),
        ("bn", "গতকাল ঢাকায় বৈঠক হয়", [("গতকাল", "2024-06-20", "day")]),
        ("bn", "২০২০ সালে এই প্রকল্প শুরু হয়", [("২০২০ সালে", "2020-01-01", "year")]),
        ("bn", "তিন দিন আগে ঘোষণা", [("তিন দিন আগে", "2024-06-18", "day")]),
        ("ur", "اسلام آباد میں 19 جون 2024 کو اجلاس ہوا", [("19 جون 2024", "2024-06-19", "day")]),
        ("ur", "گزشتہ روز اجلاس ہوا", [("گزشتہ روز", "2024-06-20", "day")]),
        ("ur", "یہ منصوبہ 2020 میں شروع ہوا", [("2020 میں", "2020-01-01", "year")]),
        ("ur", "پیر صاحب نے دعا کی", []),  # "پیر" without a context word is a saint's title, no Monday
        ("he", "הפגישה התקיימה ביום רביעי, 19 ביוני 2024, בירושלים",
         [("ביום רביעי, 19 ביוני 2024", "2024-06-19", "day")]),
        ("he", "אתמול נפגשו השרים", [("אתמול", "2024-06-20", "day")]),
        ("he", "הפרויקט החל בשנת 2020", [("בשנת 2020", "2020-01-01", "year")]),
        ("he", "לפני שלושה ימים הודיעה הממשלה", [("לפני שלושה ימים", "2024-06-18", "day")]),
    ],
)
def test_bengali_urdu_and_hebrew_dates(
    language: str, text: str, expected: list[tuple[str, str, str]], words: DateWords
) -> None:
    assert found_in(language, text, words) == expected


@pytest.mark.parametrize(
    ("language", "line", "lead"),
    [
        ("bn", "প্রকাশ: ১৯ জুন ২০২৪, ১০: ১৫", "সরকার বুধবার নতুন বাজেট ঘোষণা করেছে, যাতে শিক্ষা ও স্বাস্থ্য খাতে"
         " বরাদ্দ বাড়ানো হয়েছে এবং কৃষকদের জন্য নতুন ঋণ সুবিধা রাখা হয়েছে বলে জানিয়েছেন অর্থমন্ত্রী।"),
        ("ur", "شائع 19 جون 2024", "حکومت نے بدھ کے روز نیا بجٹ پیش کیا جس میں تعلیم اور صحت کے شعبوں کے لیے"
         " رقم بڑھا دی گئی ہے اور کسانوں کے لیے نئے قرضوں کا اعلان کیا گیا ہے۔"),
        ("he", "פורסם: 19 ביוני 2024", "הממשלה הציגה ביום רביעי את התקציב החדש, שבו הוגדלו הסכומים לחינוך"
         " ולבריאות והוכרזו הלוואות חדשות לחקלאים ברחבי הארץ כולה לקראת השנה הבאה."),
    ],
)
def test_bengali_urdu_and_hebrew_datelines_date_the_article(
    language: str, line: str, lead: str, words: DateWords
) -> None:
    assert len(lead.split()) >= 20
    assert header_date(language, ["শিরোনাম" if language == "bn" else "—", line, lead], words) == PublishedDate(
        dt.date(2024, 6, 19), "day", "text", line
    )



def test_an_urdu_stamp_with_may_written_without_its_final_yeh_dates_the_article(words: DateWords) -> None:
    # Express News: "پير 20 مئ 2024" (Monday, with an Arabic yeh; May as "مئ", not "مئی"): no date at all before
    # (Raisi row 23)
    lead = ("تہران: ایران کے صدر ابراہیم رئیسی اور وزیر خارجہ حسین امیر عبداللہیان ہیلی کاپٹر حادثے میں شہید ہوگئے، "
            "ایرانی سرکاری میڈیا نے پیر کی صبح تصدیق کر دی۔")
    assert header_date("ur", ["ویب ڈیسک", "پير 20 مئ 2024", lead], words) == PublishedDate(
        dt.date(2024, 5, 20), "day", "text", "پير 20 مئ 2024")
    assert found_in("ur", "اجلاس 19 مئ 2024 کو ہوا", words) == [("19 مئ 2024", "2024-05-19", "day")]


def test_a_lunar_hijri_stamp_dates_the_article_and_a_month_name_alone_is_no_date(words: DateWords) -> None:
    # Al Arabiya's only stamp, "الأحد 11 ذو القعدة 1445 هـ", was the title, and the page had no date (Raisi row 22)
    lead = ("تعرضت مروحية تقل الرئيس الإيراني إبراهيم رئيسي لحادث هبوط صعب في محافظة أذربيجان الشرقية شمال غربي "
            "إيران، بحسب ما أفاد التلفزيون الرسمي الإيراني اليوم الأحد.")
    assert header_date("ar", ["—", "الأحد 11 ذو القعدة 1445 هـ", lead], words) == PublishedDate(
        dt.date(2024, 5, 19), "day", "text", "الأحد 11 ذو القعدة 1445 هـ")
    assert found_in("ar", "بدأ الصيام في 1 رمضان 1445 بعد رؤية الهلال", words) == [
        ("1 رمضان 1445", "2024-03-11", "day")]
    # a year-less day is the one nearest the article (ANCHOR is 21 June 2024): Eid al-Adha, 10 Dhu al-Hijjah
    assert found_in("ar", "احتفل المسلمون بالعيد يوم 10 ذي الحجة", words) == [("10 ذي الحجة", "2024-06-16", "day")]
    # "Rajab" and "Ramadan" alone are a name and a season, no date: "رجب طيب أردوغان"
    assert found_in("ar", "زار الرئيس رجب طيب أردوغان طهران في رمضان", words) == []

# --------------------------------------------------------------------------- year-first dates, short years, prefixes

HU_LEAD = (
    "Vlagyimir Putyin orosz elnök Phenjanba érkezett, ahol Kim Dzsong Un észak-koreai vezetővel átfogó stratégiai"
    " partnerségi szerződést írt alá, amelyben a két ország kölcsönös katonai segítséget ígért egymásnak."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024. június 19.", [("2024. június 19.", "2024-06-19", "day")]),
        ("Budapest, 2024. jún. 19. 14:30", [("2024. jún. 19.", "2024-06-19", "day")]),
        ("2024. június 19., szerda", [("2024. június 19., szerda", "2024-06-19", "day")]),
        ("Az ülés 2024. június 18. és 19. között zajlott.",
         [("2024. június 18", "2024-06-18", "day"), ("19.", "2024-06-19", "day")]),
        ("1848. március 15-én kitört a forradalom", [("1848. március 15", "1848-03-15", "day")]),
        ("A miniszter tegnap érkezett, ma tárgyal.", [("tegnap", "2024-06-20", "day"), ("ma", "2024-06-21", "day")]),
        ("A szerződést kedden írták alá.", [("kedden", "2024-06-18", "day")]),
        ("A mai magyar kormány", []),  # "ma" only as a word of its own
    ],
)
def test_hungarian_dates_year_first(text: str, expected: list[tuple[str, str, str]], words: DateWords) -> None:
    assert found_in("hu", text, words) == expected


def test_hungarian_dateline_dates_the_article(words: DateWords) -> None:
    lines = ["Putyin Phenjanban", "2024. június 19., szerda 14:30", HU_LEAD]
    assert header_date("hu", lines, words) == PublishedDate(
        dt.date(2024, 6, 19), "day", "text", "2024. június 19., szerda 14:30"
    )


def test_hungarian_text_is_detected_as_hu_the_code_of_its_table(words: DateWords) -> None:
    from warta import language

    assert language.detect(HU_LEAD, "id").code == "hu"
    assert "hu" in words._by_language


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("th", "19 มิ.ย. 67 16:45 น.", [("19 มิ.ย. 67", "2024-06-19", "day")]),
        ("th", "เมื่อ 1 ม.ค. 68", [("1 ม.ค. 68", "2025-01-01", "day")]),
        ("th", "19 มิ.ย. 2567", [("19 มิ.ย. 2567", "2024-06-19", "day")]),  # the four-digit year as before
        ("en", "on 19 June 67 cases", [("19 June", "2024-06-19", "day")]),  # English months have no short years
    ],
)
def test_two_digit_years_only_after_a_month_of_a_table_that_has_them(
    language: str, text: str, expected: list[tuple[str, str, str]], words: DateWords
) -> None:
    assert found_in(language, text, words) == expected


def test_short_years_name_an_era_of_their_table(tmp_path: Path) -> None:
    extra = tmp_path / "dates.yaml"
    extra.write_text("languages:\n  xx:\n    months: {juno: 6}\n    short_years:\n      be: 2500\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"short_years\.be is not one of the table's eras"):
        load_words(extra)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("הפגישה התקיימה ב-19 ביוני 2024 בפיונגיאנג", [("ב-19 ביוני 2024", "2024-06-19", "day")]),
        ("ההסכם נחתם ה-19 ביוני 2024", [("ה-19 ביוני 2024", "2024-06-19", "day")]),
        ("מטוס Su-35 ביוני 2024", [("ביוני 2024", "2024-06-01", "month")]),  # a hyphen after no prefix: no day
        ("מטוס ב-35 ביוני 2024", [("ביוני 2024", "2024-06-01", "month")]),  # 35 is no day
    ],
)
def test_hebrew_day_after_a_hyphenated_prefix(
    text: str, expected: list[tuple[str, str, str]], words: DateWords
) -> None:
    assert found_in("he", text, words) == expected


# --------------------------------------------------------------------------- Indic scripts, words of one language

TA_LEAD = (
    "தமிழ்நாடு அரசு புதிய பட்ஜெட்டை அறிவித்துள்ளது, இதில் கல்வி மற்றும் சுகாதாரத் துறைகளுக்கு அதிக நிதி"
    " ஒதுக்கப்பட்டுள்ளது என்று நிதியமைச்சர் சட்டமன்றத்தில் தெரிவித்தார்."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("சென்னை: 19 ஜூன் 2024 அன்று நடந்த கூட்டத்தில்", [("19 ஜூன் 2024", "2024-06-19", "day")]),
        ("ஜன. 19, 2024", [("ஜன. 19, 2024", "2024-01-19", "day")]),
        ("புதன், 19 ஜூன் 2024", [("புதன், 19 ஜூன் 2024", "2024-06-19", "day")]),
        ("நேற்று முதல்வர் அறிவித்தார்", [("நேற்று", "2024-06-20", "day")]),
        ("கடந்த செவ்வாய்க்கிழமை கூட்டம் நடந்தது", [("கடந்த செவ்வாய்க்கிழமை", "2024-06-18", "day")]),
        ("மூன்று நாட்களுக்கு முன்பு அறிவிப்பு", [("மூன்று நாட்களுக்கு முன்பு", "2024-06-18", "day")]),
        ("2020 ஆம் ஆண்டு தொடங்கியது", [("2020 ஆம் ஆண்டு", "2020-01-01", "year")]),
        ("வெள்ளி விலை உயர்ந்தது", []),  # "வெள்ளி" alone is silver, not Friday
        # "நவ" (Nov.) then a vowel sign is no month: the word goes on ("நவீன", modern)
        ("19 நவீன கருவிகள்", []),
    ],
)
def test_tamil_dates(text: str, expected: list[tuple[str, str, str]], words: DateWords) -> None:
    assert found_in("ta", text, words) == expected


def test_tamil_dateline_with_a_label_dates_the_article(words: DateWords) -> None:
    line = "வெளியிடப்பட்டது: 19 ஜூன் 2024"
    assert header_date("ta", ["தலைப்பு", line, TA_LEAD], words) == PublishedDate(
        dt.date(2024, 6, 19), "day", "text", line
    )


@pytest.mark.parametrize(
    ("code", "june", "label"),
    [
        ("te", "జూన్", "ప్రచురించబడింది"),  # Telugu
        ("kn", "ಜೂನ್", "ಪ್ರಕಟಿಸಲಾಗಿದೆ"),  # Kannada
        ("ml", "ജൂൺ", "പ്രസിദ്ധീകരിച്ചു"),  # Malayalam
        ("gu", "જૂન", "પ્રકાશિત"),  # Gujarati
        ("pa", "ਜੂਨ", "ਪ੍ਰਕਾਸ਼ਿਤ"),  # Gurmukhi
        ("si", "ජූනි", "ප්\u200dරකාශිත"),  # Sinhala, with a zero-width joiner
        ("mr", "जून", "प्रकाशित"),  # Devanagari
    ],
)
def test_a_label_with_vowel_signs_is_one_word_in_every_indic_script(
    code: str, june: str, label: str, tmp_path: Path
) -> None:
    # a dateline holds its labels and at most a few other words: a label cut at each vowel sign or virama
    # was several words, and the line no dateline
    extra = tmp_path / "dates.yaml"
    extra.write_text(f"languages:\n  {code}:\n    months:\n      {june}: 6\n    dateline_labels: [{label}]\n",
                     encoding="utf-8")
    line = f"{label}: 19 {june} 2024"
    assert header_date(code, ["—", line, TA_LEAD], load_words(extra)) == PublishedDate(
        dt.date(2024, 6, 19), "day", "text", line
    )


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("hu", "A miniszter ma bejelentette az új költségvetést."),
        ("sw", "Rais amesema leo kwamba bajeti mpya itapitishwa."),
    ],
)
def test_a_relative_word_alone_counts_in_its_own_language(language: str, text: str, words: DateWords) -> None:
    assert [date for _, date, _ in found_in(language, text, words)] == ["2024-06-21"]


@pytest.mark.parametrize(
    "text",
    [
        "Minister ma pripomienky k rozpočtu, povedal Leo Novák.",  # Slovak-like: "ma" (me), the name Leo
        "Ministrs ma teica, ka Leo ir pieņemts.",
    ],
)
def test_a_relative_word_alone_stays_out_of_a_language_without_a_table(text: str, words: DateWords) -> None:
    # "ma" is Hungarian for today, "leo" Swahili: in an article of a language without a date table they
    # are ordinary words; English, read in every article, still counts (Khmer has no table: Latvian, the
    # language this test read the text as, now has one)
    assert found_in("km", text, words) == []
    assert found_in("km", text + " It happened yesterday.", words)[-1][1] == "2024-06-20"
    # a phrase of another table is specific enough to stay ("i går", Swedish: yesterday)
    assert [m.text for m in find_dates("Det hände i går.", words, ANCHOR, "km")] == ["i går"]


# --------------------------------------------------------------------------- the tables added for news languages

NEW_TABLES = [
    # language, a dateline, a lead without a date, a sentence with "yesterday", one with "last Tuesday"
    ("da", "København, 19. juni 2024 kl. 10.15",
     "Regeringen fremlagde et nyt forslag til finansloven, som skal give flere penge til skoler og sygehuse i hele"
     " landet.",
     "Ministeren sagde i går, at priserne stiger.", "Mødet blev holdt sidste tirsdag i København."),
    ("no", "Oslo, 19. juni 2024",
     "Regjeringen la fram et nytt forslag til statsbudsjett som skal gi mer penger til skoler og sykehus i hele"
     " landet.",
     "Statsministeren sa i går at prisene stiger.", "Møtet ble holdt sist tirsdag i Oslo."),
    ("fi", "Julkaistu 19. kesäkuuta 2024",
     "Hallitus esitteli uuden talousarvioesityksen, jonka mukaan kouluille ja sairaaloille annetaan enemmän rahaa"
     " koko maassa.",
     "Ministeri kertoi eilen, että hinnat nousevat.", "Kokous pidettiin viime tiistaina Helsingissä."),
    ("ca", "Barcelona, 19 de juny de 2024",
     "El govern ha presentat un nou projecte de pressupostos que preveu més diners per a les escoles i els hospitals"
     " de tot el país.",
     "El ministre va dir ahir que els preus pugen.", "La reunió es va fer dimarts passat a Barcelona."),
    ("hr", "Zagreb, 19. lipnja 2024.",
     "Vlada je predstavila novi prijedlog proračuna prema kojem će škole i bolnice u cijeloj zemlji dobiti više"
     " novca.",
     "Ministar je jučer rekao da cijene rastu.", "Sastanak je održan prošlog utorka u Zagrebu."),
    ("sk", "Bratislava, 19. júna 2024",
     "Vláda predstavila nový návrh rozpočtu, podľa ktorého dostanú školy a nemocnice v celej krajine viac"
     " peňazí.",
     "Minister včera povedal, že ceny rastú.", "Stretnutie sa konalo minulý utorok v Bratislave."),
    ("bg", "София, 19 юни 2024 г.",
     "Правителството представи нов проектобюджет, според който училищата и болниците в цялата страна ще получат"
     " повече пари.",
     "Министърът каза вчера, че цените растат.", "Срещата се проведе миналия вторник в София."),
    ("ta", "வெளியிடப்பட்டது: 19 ஜூன் 2024", TA_LEAD,
     "நேற்று முதல்வர் அறிவித்தார்.", "கடந்த செவ்வாய்க்கிழமை கூட்டம் நடந்தது."),
]


@pytest.mark.parametrize(("language", "line", "lead"), [(lang, line, lead) for lang, line, lead, _, _ in NEW_TABLES])
def test_a_dateline_of_each_new_table_dates_the_article(language: str, line: str, lead: str, words: DateWords) -> None:
    assert len(lead.split()) >= 8
    published = header_date(language, ["—", line, lead], words)
    assert published is not None and (published.date, published.precision, published.source) == (
        dt.date(2024, 6, 19), "day", "text"
    )


@pytest.mark.parametrize(
    ("language", "yesterday", "last_tuesday"), [(lang, y, t) for lang, _, _, y, t in NEW_TABLES]
)
def test_relative_dates_of_each_new_table(language: str, yesterday: str, last_tuesday: str, words: DateWords) -> None:
    # ANCHOR, the day they are read from, is a Friday
    assert [(date, precision) for _, date, precision in found_in(language, yesterday, words)] == [
        ("2024-06-20", "day")
    ]
    assert [(date, precision) for _, date, precision in found_in(language, last_tuesday, words)] == [
        ("2024-06-18", "day")
    ]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("da", "Aftalen blev indgået for tre dage siden.", ["2024-06-18"]),
        ("fi", "Laki tuli voimaan vuonna 2020.", ["2020-01-01"]),
        ("ca", "Barcelona, 19 d'abril de 2024", ["2024-04-19"]),
        ("ca", "L'acord es va signar fa tres dies.", ["2024-06-18"]),
        ("hr", "Zakon je stupio na snagu 2020. godine.", ["2020-01-01"]),
        ("hr", "Puhao je studeni vjetar.", []),  # "studeni": November, and "cold"
        ("sk", "Dohoda bola podpísaná pred tromi dňami.", ["2024-06-18"]),
        ("bg", "Законът влезе в сила през 2020 г.", ["2020-01-01"]),
        ("bg", "Работната сряда е важна.", []),  # "сряда": Wednesday, and "environment"
    ],
)
def test_words_of_the_new_tables(language: str, text: str, expected: list[str], words: DateWords) -> None:
    assert [date for _, date, _ in found_in(language, text, words)] == expected


# --------------------------------------------------------------------------- the tables of the languages warta detects

# language, a date line as outlets of that language write it (all 19 June 2024), a lead without a date, a sentence
# with a date of its own (all 3 March 2023), a sentence with "yesterday" (or "today", where "yesterday" is a word
# of two meanings)
DETECTED_LANGUAGES = [
    ("sr", "понедељак, 19. јун 2024, 16:40",
     "Републички хидрометеоролошки завод упозорио је да ће температуре до краја недеље бити изнад 38 степени.",
     "Закон је ступио на снагу 3. марта 2023. године.", "Министар је јуче рекао да цене расту."),
    ("sr", "Beograd, 19. juna 2024.",
     "Reprezentativac Srbije Dušan Vlahović mogao bi uskoro da napusti Juventus, piše italijanska štampa.",
     "Ugovor je potpisan 3. marta 2023. godine.", "Ministar je juče rekao da cene rastu."),
    ("sl", "Ljubljana, 19. junija 2024",
     "Zaradi obilnih padavin so reke Savinja, Meža in Kamniška Bistrica prestopile bregove in poplavile naselja.",
     "Zakon je začel veljati 3. marca 2023.", "Minister je včeraj dejal, da cene rastejo."),
    ("lt", "2024 m. birželio 19 d. 07:30",
     "Lietuvos socialdemokratų partija surinko daugiausia balsų Seimo rinkimų daugiamandatėje apygardoje, rodo"
     " duomenys.",
     "Įstatymas įsigaliojo 2023 m. kovo 3 d.", "Ministras vakar sakė, kad kainos kyla."),
    ("lv", "2024. gada 19. jūnijs, 16:02",
     "Sinoptiķi brīdina, ka karstums saglabāsies vēl vismaz trīs dienas, un iedzīvotājiem ieteikts dzert ūdeni.",
     "Likums stājās spēkā 2023. gada 3. martā.", "Ministrs vakar sacīja, ka cenas kāpj."),
    ("et", "Tallinn, 19. juuni 2024",
     "Kolmapäeva hommikul süttis Tallinna Vanasadamas laohoone, millest tõusev must suits oli näha üle linna.",
     "Seadus jõustus 3. märtsil 2023.", "Minister ütles eile, et hinnad tõusevad."),
    ("sq", "Publikuar: 19 qershor 2024 13:20",
     "Gjykata e Posaçme në Tiranë dënoi me burgim të përjetshëm të akuzuarin për vrasjen e dy biznesmenëve.",
     "Ligji hyri në fuqi më 3 mars 2023.", "Ministri tha dje se çmimet po rriten."),
    ("mk", "Скопје, 19 јуни 2024 (МИА)",
     "Кандидатката на ВМРО-ДПМНЕ го доби вториот круг од претседателските избори со 65 отсто од гласовите.",
     "Законот стапи на сила на 3 март 2023 година.", "Министерот вчера изјави дека цените растат."),
    ("af", "Gepubliseer: 19 Junie 2024 10:35",
     "Die Springbok-slot RG Snyman het 'n kontrak by die Ierse klub Leinster onderteken, het die klub aangekondig.",
     "Die wet het op 3 Maart 2023 in werking getree.", "Die minister het gister gesê pryse styg."),
    ("is", "19. júní 2024 kl. 21:10",
     "Eldgos hófst á Sundhnúksgígaröðinni norðan Grindavíkur í kvöld, samkvæmt upplýsingum frá Veðurstofu Íslands.",
     "Lögin tóku gildi 3. mars 2023.", "Ráðherrann sagði í gær að verð hækki."),
    ("cy", "19 Mehefin 2024",
     "Mae'r Blaid Lafur wedi ennill 27 o'r 32 sedd yng Nghymru yn yr etholiad cyffredinol, gyda'r Ceidwadwyr ar ôl.",
     "Daeth y gyfraith i rym ar 3 Mawrth 2023.", "Dywedodd y gweinidog ddoe fod prisiau'n codi."),
    ("eu", "2024ko ekainaren 19a, 14:05",
     "Sute handia piztu da Zumarragako altzairu lantegi batean, eta kea kilometro askotara ikusi da.",
     "Legea 2023ko martxoaren 3an sartu zen indarrean.", "Ministroak atzo esan zuen prezioak igotzen ari direla."),
    ("gl", "Publicado o 19/06/2024 ás 18:10",
     "A estación de Ourense rexistrou 44,1 graos, a temperatura máis alta desde que hai rexistros na cidade.",
     "A lei entrou en vigor o 3 de marzo de 2023.", "O ministro dixo onte que os prezos soben."),
    ("az", "Bakı, 19 iyun 2024",
     "Bakı Ağır Cinayətlər Məhkəməsi keçmiş bank sədri barəsində hökm çıxarıb və ona cəza təyin edib.",
     "Qanun 3 mart 2023-cü ildə qüvvəyə minib.", "Nazir dünən qiymətlərin artdığını bildirib."),
    ("kk", "19 маусым 2024, 12:40",
     "Қазақстан қор биржасында доллар бағамы 525 теңгеден асып, теңге тарихи минимумға дейін әлсіреді.",
     "Заң 2023 жылғы 3 наурызда күшіне енді.", "Министр кеше бағалар өсіп жатқанын айтты."),
    ("ka", "19 ივნისი, 2024",
     "ცენტრალური საარჩევნო კომისიის წინასწარი მონაცემებით, მმართველმა პარტიამ ხმების უმრავლესობა მიიღო ყველა ოლქში.",
     "კანონი ძალაში 2023 წლის 3 მარტს შევიდა.", "მინისტრმა გუშინ განაცხადა, რომ ფასები იზრდება."),
    ("hy", "19 հունիսի 2024",
     "Հիդրոօդերևութաբանության կենտրոնի տվյալներով՝ Երևանում օդի ջերմաստիճանը հասել է 42 աստիճանի, ինչը ռեկորդ է։",
     "Օրենքն ուժի մեջ է մտել 2023 թվականի մարտի 3-ին։", "Նախարարը երեկ հայտարարեց, որ գները բարձրանում են։"),
    ("te", "ప్రచురణ: 19 జూన్ 2024",
     "బుడమేరు వాగు పొంగడంతో విజయవాడ నగరంలోని పలు కాలనీలు నీట మునిగాయి అని అధికారులు తెలిపారు.",
     "చట్టం 3 మార్చి 2023 నుంచి అమల్లోకి వచ్చింది.", "మంత్రి నిన్న ధరలు పెరుగుతున్నాయని చెప్పారు."),
    ("ml", "19 ജൂൺ 2024",
     "ഐഎസ്എൽ ക്ലബ് കേരള ബ്ലാസ്റ്റേഴ്സ് സ്പാനിഷ് സ്ട്രൈക്കർ ജീസസ് ജിമെനെസുമായി രണ്ടു വർഷത്തെ കരാർ ഒപ്പുവച്ചു.",
     "നിയമം 2023 മാർച്ച് 3-ന് പ്രാബല്യത്തിൽ വന്നു.", "മന്ത്രി ഇന്നലെ വില ഉയരുന്നതായി പറഞ്ഞു."),
    ("gu", "19 જૂન 2024",
     "ભારતીય રૂપિયો અમેરિકી ડોલર સામે 84.10ની સર્વકાલીન નીચી સપાટીએ બંધ રહ્યો હતો એમ ડીલરોએ જણાવ્યું.",
     "કાયદો 3 માર્ચ 2023 થી અમલમાં છે.", "મંત્રીએ ગઈકાલે કહ્યું કે ભાવ વધી રહ્યા છે."),
    ("pa", "19 ਜੂਨ 2024",
     "ਪੰਜਾਬ ਵਿਚ ਗਰਮੀ ਦਾ ਕਹਿਰ ਲਗਾਤਾਰ ਜਾਰੀ ਹੈ ਅਤੇ ਬਠਿੰਡਾ ਵਿਚ ਤਾਪਮਾਨ 47.4 ਡਿਗਰੀ ਦਰਜ ਕੀਤਾ ਗਿਆ।",
     "ਕਾਨੂੰਨ 3 ਮਾਰਚ 2023 ਤੋਂ ਲਾਗੂ ਹੋਇਆ।", "ਮੰਤਰੀ ਨੇ ਅੱਜ ਕਿਹਾ ਕਿ ਕੀਮਤਾਂ ਵਧ ਰਹੀਆਂ ਹਨ।"),
    ("kn", "19 ಜೂನ್ 2024",
     "ರಾಜ್ಯದಲ್ಲಿ ಭಾರಿ ಮಳೆಯಿಂದಾಗಿ ಹಲವು ಜಿಲ್ಲೆಗಳಲ್ಲಿ ಪ್ರವಾಹ ಪರಿಸ್ಥಿತಿ ಉಂಟಾಗಿದೆ ಎಂದು ಅಧಿಕಾರಿಗಳು ತಿಳಿಸಿದ್ದಾರೆ.",
     "ಕಾನೂನು 3 ಮಾರ್ಚ್ 2023 ರಿಂದ ಜಾರಿಗೆ ಬಂದಿದೆ.", "ಸಚಿವರು ನಿನ್ನೆ ಬೆಲೆಗಳು ಏರುತ್ತಿವೆ ಎಂದು ಹೇಳಿದರು."),
    ("so", "19 Juun 2024",
     "Daadad xooggan oo ka dhashay roobabka Deyr ayaa ku fatahay magaalada Baladweyne ee gobolka Hiiraan.",
     "Sharciga wuxuu dhaqan galay 3 Maarso 2023.", "Wasiirka ayaa shalay sheegay in qiimaha uu kordhay."),
    ("ha", "19 Yuni 2024",
     "Ambaliyar ruwa da ta biyo bayan fashewar madatsar ruwa ta Alau ta kashe mutane a birnin Maiduguri.",
     "Dokar ta fara aiki ranar 3 Maris 2023.", "Ministan ya ce jiya farashin kaya ya tashi."),
    ("am", "19 ሰኔ 2024",
     "በደቡብ ኢትዮጵያ ክልል ጎፋ ዞን በደረሰ የመሬት መንሸራተት ከ200 በላይ ሰዎች መሞታቸውን የአካባቢው ባለሥልጣናት ገለጹ።",
     "ሕጉ 3 መጋቢት 2023 ተግባራዊ ሆኗል።", "ሚኒስትሩ ትናንት ዋጋ እየጨመረ መሆኑን ተናግረዋል።"),
    ("my", "19 ဇွန် 2024",
     "ယာဂီမုန်တိုင်းကြောင့် ရွာသွန်းတဲ့ မိုးသည်းထန်စွာကြောင့် နေပြည်တော်မှာ ရေကြီးမှုဖြစ်ပွားခဲ့ပြီး လူထောင်ချီ ရွှေ့ပြောင်းရ"
     " ကြောင်း သတင်းများ ဖော်ပြသည်။",
     "ဥပဒေကို 3 မတ် 2023 တွင် အတည်ပြုခဲ့သည်။", "ဝန်ကြီးက မနေ့က ပြောကြားခဲ့သည်။"),
    ("mn", "2024 оны зургаадугаар сарын 19",
     "Сонгуулийн ерөнхий хорооны урьдчилсан дүнгээр Монгол Ардын Нам Улсын Их Хурлын 126 суудлаас 68-ыг авчээ.",
     "Хууль 2023 оны гуравдугаар сарын 3-нд хүчин төгөлдөр болсон.", "Сайд өчигдөр үнэ өсч байгааг мэдэгдэв."),
]


@pytest.mark.parametrize(
    ("language", "line", "lead"), [(lang, line, lead) for lang, line, lead, _, _ in DETECTED_LANGUAGES]
)
def test_a_date_line_of_each_detected_language_dates_the_article(
    language: str, line: str, lead: str, words: DateWords
) -> None:
    assert len(lead.split()) >= 8
    assert found_in(language, lead, words) == []
    published = header_date(language, ["—", line, lead], words)
    assert published is not None and (published.date, published.precision, published.source) == (
        dt.date(2024, 6, 19), "day", "text"
    )


@pytest.mark.parametrize(
    ("language", "text"), [(lang, text) for lang, _, _, text, _ in DETECTED_LANGUAGES]
)
def test_a_date_in_the_text_of_each_detected_language(language: str, text: str, words: DateWords) -> None:
    assert [(date, precision) for _, date, precision in found_in(language, text, words)] == [("2023-03-03", "day")]


@pytest.mark.parametrize(
    ("language", "text"), [(lang, text) for lang, _, _, _, text in DETECTED_LANGUAGES]
)
def test_yesterday_in_each_detected_language(language: str, text: str, words: DateWords) -> None:
    # ANCHOR is 21 June 2024; Punjabi "ਕੱਲ੍ਹ" is yesterday and tomorrow, so its sentence says "today"
    expected = "2024-06-21" if language == "pa" else "2024-06-20"
    assert [(date, precision) for _, date, precision in found_in(language, text, words)] == [(expected, "day")]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("sr", "Стигла је нова недеља, а са њом и нове мере.", []),  # "недеља": Sunday, and "week"
        ("sr", "Sastanak je održan prošlog utorka u Beogradu.", ["2024-06-18"]),
        ("sl", "Sporazum je bil podpisan pred tremi dnevi.", ["2024-06-18"]),
        ("lt", "Susitikimas įvyko praėjusį antradienį Vilniuje.", ["2024-06-18"]),
        ("et", "Lepe allkirjastati kolm päeva tagasi.", ["2024-06-18"]),
        ("af", "Die ooreenkoms is drie dae gelede onderteken.", ["2024-06-18"]),
        ("cy", "Mae'r hydref yn dod a'r dail yn cwympo.", []),  # "hydref": October, and "autumn"
        ("cy", "Cafodd y cyfarfod ei gynnal ddydd Mawrth diwethaf.", ["2024-06-18"]),
        ("az", "Şəhərdə yeni bazar açılıb.", []),  # "bazar": Sunday, and "market"
        ("kk", "Ол жаңа қазан сатып алды.", []),  # "қазан": October, and "cauldron"
        ("ka", "ერთი კვირა გავიდა და არაფერი შეცვლილა.", []),  # "კვირა": Sunday, and "week"
        ("hy", "Մեկ շաբաթ անց նա վերադարձավ։", []),  # "շաբաթ": Saturday, and "week"
        ("mn", "Д.Баасан сонгуульд ялалт байгууллаа.", []),  # "Баасан": Friday, and a given name
        ("mn", "Баасан гарагт сонгууль болно.", ["2024-06-21"]),  # but "Баасан гараг" is Friday
        ("sq", "Takimi u mbajt në maj.", []),  # "maj" in lower case is no month alone (Polish "my", a name)
        ("sq", "Ligji hyri në fuqi më 3 maj 2023.", ["2023-05-03"]),  # but after a day it is May
    ],
)
def test_words_of_the_detected_languages(language: str, text: str, expected: list[str], words: DateWords) -> None:
    assert [date for _, date, _ in found_in(language, text, words)] == expected


# --------------------------------------------------------------------------- this, last and next day names

THIS_THURSDAY = [
    ("es", "El tribunal proclamó este jueves al presidente electo."),
    ("en", "The court proclaimed the winner this Thursday."),
    ("fr", "Le tribunal a proclamé ce jeudi le vainqueur."),
    ("de", "Das Gericht hat diesen Donnerstag den Sieger verkündet."),
    ("id", "Pengadilan mengumumkan pemenangnya Kamis ini."),
    ("pt", "O tribunal proclamou nesta quinta-feira o vencedor."),
    ("it", "Il tribunale ha proclamato questo giovedì il vincitore."),
    ("nl", "De rechtbank maakte deze donderdag de winnaar bekend."),
    ("ru", "Суд объявил победителя в этот четверг."),
    ("pl", "Sąd ogłosił zwycięzcę w ten czwartek."),
]


@pytest.mark.parametrize(("language", "text"), THIS_THURSDAY)
@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        (dt.date(2024, 5, 7), "2024-05-09"),  # a Tuesday: the coming Thursday of its week
        (dt.date(2024, 5, 9), "2024-05-09"),  # the Thursday itself
        (dt.date(2024, 5, 10), "2024-05-09"),  # a Friday: the Thursday just past
        (dt.date(2024, 5, 13), "2024-05-16"),  # a Monday: the week is a new one
    ],
)
def test_this_and_a_day_name_is_that_day_of_the_articles_week(
    language: str, text: str, anchor: dt.date, expected: str, words: DateWords
) -> None:
    assert [(date, precision) for _, date, precision in found_in(language, text, words, anchor)] == [
        (expected, "day")
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Lundi dernier, le volcan est entré en éruption."),
        ("en", "Last Monday the volcano erupted."),
        ("es", "El lunes pasado el volcán entró en erupción."),
        ("it", "Lunedì scorso il vulcano è entrato in eruzione."),
        ("pt", "Na segunda-feira passada o vulcão entrou em erupção."),
        ("de", "Am vergangenen Montag brach der Vulkan aus."),
        ("nl", "Afgelopen maandag barstte de vulkaan uit."),
    ],
)
def test_last_and_a_day_name_said_on_that_day_is_a_week_before(language: str, text: str, words: DateWords) -> None:
    monday = dt.date(2024, 4, 22)
    assert [(date, precision) for _, date, precision in found_in(language, text, words, monday)] == [
        ("2024-04-15", "day")
    ]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("fr", "Le scrutin aura lieu lundi prochain.", "2024-04-29"),
        ("es", "La votación será el próximo lunes.", "2024-04-29"),
        ("it", "Il voto si terrà lunedì prossimo.", "2024-04-29"),
        ("de", "Die Wahl findet am kommenden Montag statt.", "2024-04-29"),
        # wires write French day names in lower case and without "le" (the Raisi crash sweep: no French event)
        ("fr", "L'appareil s'est écrasé dimanche dans un épais brouillard.", "2024-04-21"),
        ("fr", "Les médias d'Etat ont annoncé lundi la mort du président.", "2024-04-22"),
        ("tr", "İran devlet televizyonu pazartesi sabahı duyurdu.", "2024-04-22"),
        # Azerbaijani "bazar" alone is also "market"; with "günü" (day) it is Sunday
        ("az", "Helikopter bazar günü sıx dumanda qəzaya uğrayıb.", "2024-04-21"),
    ],
)
def test_a_day_name_with_next_or_in_lower_case_is_read(language: str, text: str, expected: str,
                                                       words: DateWords) -> None:
    monday = dt.date(2024, 4, 22)
    assert [date for _, date, _ in found_in(language, text, words, monday)] == [expected]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # the ideographic comma before a day is punctuation, not a digit separator
        ("ja", "ルアン山で、30日に再び大規模な噴火が発生しました。", [("30日", "2024-04-30", "day")]),
        ("ja", "東京、2024年5月1日に発表した。", [("2024年5月1日", "2024-05-01", "day")]),
        ("zh", "火山在、30日再次喷发。", [("30日", "2024-04-30", "day")]),
        ("ja", "噴火は、30日間続いた。", []),  # a duration
        ("ja", "価格は1、30日分の量です。", []),  # "1,30": a number's tail, not a day
    ],
)
def test_a_day_after_an_ideographic_comma_is_read_from_the_month_of_the_article(
    language: str, text: str, expected: list[tuple[str, str, str]], words: DateWords
) -> None:
    assert found_in(language, text, words, dt.date(2024, 5, 1)) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # read alone, "28日" of an article of 19 June was 28 May: a day past costs less than one ahead
        # (two days joined as a range, "6月27日至28日", are one date: see the test of ranges)
        ("zh", "6月27日和28日将举行正式峰会。", [("6月27日", "2024-06-27", "day"), ("28日", "2024-06-28", "day")]),
        ("ja", "6月27日と28日に開かれる。", [("6月27日", "2024-06-27", "day"), ("28日", "2024-06-28", "day")]),
        ("ko", "6월 27일과 28일에 열린다.", [("6월 27일", "2024-06-27", "day"), ("28일", "2024-06-28", "day")]),
        ("ja", "2023年6月27日と28日に開かれた。",
         [("2023年6月27日", "2023-06-27", "day"), ("28日", "2023-06-28", "day")]),
        ("ja", "7月に入ってから調整を続け、2日に会談した。",
         [("7月", "2024-07-01", "month"), ("2日", "2024-07-02", "day")]),
        # another sentence: the day is of the month nearest the article's again
        ("ja", "7月に入る。28日に会談した。", [("7月", "2024-07-01", "month"), ("28日", "2024-05-28", "day")]),
        # a month alone far from the article's is the background's ("the January quake"): the day is the news's
        ("ja", "1月の地震で被害を受けた能登半島で21日、記録的な大雨となった。",
         [("1月", "2024-01-01", "month"), ("21日", "2024-06-21", "day")]),
        ("ko", "지난 1월 강진으로 큰 피해를 입은 노토반도에 21일 기록적인 폭우가 쏟아졌다.",
         [("1월", "2024-01-01", "month"), ("21일", "2024-06-21", "day")]),
        ("zh", "2024年1月发生强烈地震的日本能登半岛21日遭遇创纪录暴雨。",
         [("2024年1月", "2024-01-01", "month"), ("21日", "2024-06-21", "day")]),
    ],
)
def test_a_day_without_its_month_is_of_the_month_before_it_in_the_sentence(
    language: str, text: str, expected: list[tuple[str, str, str]], words: DateWords
) -> None:
    assert found_in(language, text, words, dt.date(2024, 6, 19)) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "It was proposed in February last year.", [("in February last year", "2023-02-01", "month")]),
        ("en", "It was proposed in February of last year.", [("in February of last year", "2023-02-01", "month")]),
        ("en", "The summit opens on 3 March next year.", [("3 March next year", "2025-03-03", "day")]),
        ("en", "They meet in December this year.", [("in December this year", "2024-12-01", "month")]),
        ("id", "Diusulkan pada Februari tahun lalu.", [("pada Februari tahun lalu", "2023-02-01", "month")]),
        ("es", "Se propuso en febrero del año pasado.", [("en febrero del año pasado", "2023-02-01", "month")]),
        ("fr", "Présenté en février l'an dernier.", [("en février l'an dernier", "2023-02-01", "month")]),
        ("de", "Im Februar letzten Jahres vorgelegt.", [("Im Februar letzten Jahres", "2023-02-01", "month")]),
        ("pl", "Trafił do Sejmu w lutym ubiegłego roku.", [("w lutym ubiegłego roku", "2023-02-01", "month")]),
        ("ru", "Проект внесли в феврале прошлого года.", [("в феврале прошлого года", "2023-02-01", "month")]),
        ("uk", "Перше читання відбулося в лютому минулого року.",
         [("в лютому минулого року", "2023-02-01", "month")]),
        ("cs", "Návrh předložili v únoru minulého roku.", [("v únoru minulého roku", "2023-02-01", "month")]),
        # a year alone stays a year
        ("en", "Last year the summit opened.", [("Last year", "2023-01-01", "year")]),
    ],
)
def test_a_month_with_a_relative_year_after_it_is_of_that_year(
    language: str, text: str, expected: list[tuple[str, str, str]], words: DateWords
) -> None:
    assert found_in(language, text, words, dt.date(2024, 6, 19)) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "The festival runs 3-5 June in the park.", [("3-5 June", "2024-06-03", "day")]),
        ("de", "Das Fest findet 3–5 Juni statt.", [("3–5 Juni", "2024-06-03", "day")]),
        ("de", "Die Messe findet vom 17.–21. Juni statt.", [("17.–21. Juni", "2024-06-17", "day")]),
        ("en", "The talks were held between 17 and 28 June.", [("17 and 28 June", "2024-06-17", "day")]),
        ("en", "It will run from 3 to 5 July.", [("3 to 5 July", "2024-07-03", "day")]),
        ("en", "On the night of 18 to 19 June the river rose.", [("18 to 19 June", "2024-06-18", "day")]),
        ("fr", "Le salon aura lieu du 3 au 5 juin.", [("3 au 5 juin", "2024-06-03", "day")]),
        ("pl", "Targi odbędą się od 3 do 5 czerwca.", [("3 do 5 czerwca", "2024-06-03", "day")]),
        ("es", "La feria será del 3 al 5 de junio.", [("3 al 5 de junio", "2024-06-03", "day")]),
        ("ru", "Выставка пройдёт с 3 по 5 июня.", [("3 по 5 июня", "2024-06-03", "day")]),
        ("id", "Pameran digelar 17-21 April tahun depan.", [("17-21 April tahun depan", "2025-04-17", "day")]),
        ("id", "Pameran digelar 17 hingga 21 Juni.", [("17 hingga 21 Juni", "2024-06-17", "day")]),
        ("zh", "会议于6月27日至28日举行。", [("6月27日至28日", "2024-06-27", "day")]),
        ("ja", "会議は6月27日から28日まで開かれる。", [("6月27日から28日", "2024-06-27", "day")]),
        ("ko", "회의는 6월 27일부터 28일까지 열린다.", [("6월 27일부터 28일", "2024-06-27", "day")]),
        # the two ends in two months, or two years: the first day, in the year written after the last
        ("en", "From 30 May to 2 June 2024 the team toured.", [("30 May to 2 June 2024", "2024-05-30", "day")]),
        ("en", "It ran from 30 December to 2 January 2024.", [("30 December to 2 January 2024", "2023-12-30", "day")]),
        ("en", "June 3-5, 2024 was hot.", [("June 3-5, 2024", "2024-06-03", "day")]),
        # a list stays a list; a score is no range
        ("en", "On 9 and 11 June there were votes.", [("9", "2024-06-09", "day"), ("11 June", "2024-06-11", "day")]),
        ("fr", "Les 3 et 5 juin.", [("3", "2024-06-03", "day"), ("5 juin", "2024-06-05", "day")]),
        ("en", "The score was 2-1 on 5 June.", [("5 June", "2024-06-05", "day")]),
    ],
)
def test_a_range_of_days_is_one_date_its_first_day(
    language: str, text: str, expected: list[tuple[str, str, str]], words: DateWords
) -> None:
    assert found_in(language, text, words, dt.date(2024, 6, 19)) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("vi", "Quốc hội sẽ bỏ phiếu vào thứ Sáu tuần này.", [("vào thứ Sáu tuần này", "2024-06-21", "day")]),
        ("zh", "会议将于本周五举行，本周三已开始筹备。",
         [("本周五", "2024-06-21", "day"), ("本周三", "2024-06-19", "day")]),
        ("zh", "下周一将公布结果。", [("下周一", "2024-06-24", "day")]),
        ("zh", "上周五发布了报告。", [("上周五", "2024-06-14", "day")]),
        ("ko", "회의는 이번 주 금요일에 열린다.", [("이번 주 금요일", "2024-06-21", "day")]),
        ("ja", "会議は今週金曜日に開かれる。", [("今週金曜日", "2024-06-21", "day")]),
        ("de", "Die Abstimmung ist am Freitag dieser Woche.", [("am Freitag dieser Woche", "2024-06-21", "day")]),
        ("id", "Sidang digelar Jumat pekan ini.", [("Jumat pekan ini", "2024-06-21", "day")]),
        ("en", "The vote is on Friday next week.", [("on Friday next week", "2024-06-28", "day")]),
        ("en", "The vote is this coming Friday.", [("this coming Friday", "2024-06-21", "day")]),
        # apart, each is read alone
        ("en", "This week the vote was on Friday.",
         [("This week", "2024-06-19", "day"), ("on Friday", "2024-06-14", "day")]),
    ],
)
def test_a_day_name_with_a_relative_week_is_that_day_of_that_week(
    language: str, text: str, expected: list[tuple[str, str, str]], words: DateWords
) -> None:
    assert found_in(language, text, words, dt.date(2024, 6, 19)) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "The shop closed on the 19th.", [("on the 19th", "2024-06-19", "day")]),
        ("en", "It opened in May and closed on the 12th, after a row.",
         [("in May", "2024-05-01", "month"), ("on the 12th", "2024-05-12", "day")]),
        ("en", "Talks went on over the weekend.", [("over the weekend", "2024-06-15", "day")]),
        ("en", "In the 19.06. bulletin the agency said so.", [("19.06.", "2024-06-19", "day")]),
        ("de", "Die Sitzung vom 19.06. wurde verschoben.", [("19.06.", "2024-06-19", "day")]),
        ("tr", "Yasa teklifi geçen şubat ayında Meclis'e sunuldu.", [("geçen şubat", "2024-02-01", "month")]),
        # no dates: an ordinal before a noun, a section number, a lower-case month that is a word
        ("en", "The 19th century was long. He lives on the 19th floor.", []),
        ("en", "Section 3.2. says so; version 10.12.3 too.", []),
        ("en", "It happened last may.", []),
    ],
)
def test_minor_forms_of_a_date(
    language: str, text: str, expected: list[tuple[str, str, str]], words: DateWords
) -> None:
    assert found_in(language, text, words, dt.date(2024, 6, 19)) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("mr", "अधिवेशन २७ जून रोजी सुरू होणार आहे. मुख्यमंत्र्यांनी मंगळवारी ही घोषणा केली.",
         [("२७ जून", "2024-06-27", "day"), ("मंगळवारी", "2024-06-18", "day")]),
        ("mr", "१९ जून २०२४, १०:३२", [("१९ जून २०२४", "2024-06-19", "day")]),
        ("mr", "गेल्या वर्षी अधिवेशन सुरू झाले.", [("गेल्या वर्षी", "2023-01-01", "year")]),
        ("mr", "१७ जुलै २०२३ रोजी", [("१७ जुलै २०२३", "2023-07-17", "day")]),
        ("ne", "हिजो अर्थमन्त्रीले बजेट प्रस्तुत गरे।", [("हिजो", "2024-06-18", "day")]),
        ("ne", "१९ जुन २०२४ मा", [("१९ जुन २०२४", "2024-06-19", "day")]),
        ("ne", "गत वर्ष पनि बजेट आएको थियो।", [("गत वर्ष", "2023-01-01", "year")]),
        ("ne", "गत हप्ता सोमबार बैठक बस्यो।", [("गत हप्ता सोमबार", "2024-06-10", "day")]),  # Monday last week
    ],
)
def test_marathi_and_nepali_gregorian_dates(
    language: str, text: str, expected: list[tuple[str, str, str]], words: DateWords
) -> None:
    assert found_in(language, text, words, dt.date(2024, 6, 19)) == expected


def test_a_range_keeps_its_last_day(words: DateWords) -> None:
    anchor = dt.date(2024, 6, 19)
    assert [m.last for m in find_dates("Talks run 17-21 June.", words, anchor, "en")] == [dt.date(2024, 6, 21)]
    assert [m.last for m in find_dates("From 30 December to 2 January.", words, anchor, "en")] == [
        dt.date(2024, 1, 2)]
    assert [m.last for m in find_dates("On 17 June.", words, anchor, "en")] == [None]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("mr", "गेल्या वर्षी अधिवेशन १७ जुलै रोजी सुरू झाले होते.",
         [("गेल्या वर्षी", "2023-01-01", "year"), ("१७ जुलै", "2023-07-17", "day")]),
        ("en", "Last year the session opened on 17 July.",
         [("Last year", "2023-01-01", "year"), ("17 July", "2023-07-17", "day")]),
        ("id", "Tahun lalu, sidang dibuka pada 17 Juli.",
         [("Tahun lalu", "2023-01-01", "year"), ("17 Juli", "2023-07-17", "day")]),
        ("en", "This year the vote will be on 3 December.",
         [("This year", "2024-01-01", "year"), ("3 December", "2024-12-03", "day")]),
        # not the sentence's opening words, or another sentence: the nearest July
        ("en", "Prices were higher last year; on 17 July they fell.",
         [("last year", "2023-01-01", "year"), ("17 July", "2024-07-17", "day")]),
        ("en", "Last year, prices rose. On 17 July they fell.",
         [("Last year", "2023-01-01", "year"), ("17 July", "2024-07-17", "day")]),
    ],
)
def test_a_relative_year_that_opens_a_sentence_is_the_year_of_its_dates(
    language: str, text: str, expected: list[tuple[str, str, str]], words: DateWords
) -> None:
    assert found_in(language, text, words, dt.date(2024, 6, 19)) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.reuters.com/world/asia-pacific/putin-kim-sign-pact-2024-06-19/", ("2024-06-19", "day", "2024-06-19")),
    ("https://www.theguardian.com/world/2024/jun/19/putin-kim-pact", ("2024-06-19", "day", "2024/jun/19")),
    ("https://nasional.kompas.com/read/2024/06/19/10523041/putin-tiba", ("2024-06-19", "day", "2024/06/19")),
    ("https://example.org/arsip/2024/06/", ("2024-06-01", "month", "2024/06")),
    ("https://example.org/top-10-in-2024-may-surprise", None),  # a slug's words, not a date
    ("https://example.org/2024-06-report", None),  # a month alone only as a folder
    ("https://example.org/id/20240619123/a", None),  # digits of an id
    ("https://example.org/2024/02/30/a", None),  # no calendar date
    ("https://example.org/2031/01/05/a", None),  # after the build date
    ("https://example.org/a?date=2024-06-19", None),  # the path only
    # the day as eight digits opening a segment (Mainichi, NHK, Yomiuri)
    ("https://mainichi.jp/english/articles/20240120/p2a/00m/0na/008000c", ("2024-01-20", "day", "20240120")),
    ("https://www3.nhk.or.jp/nhkworld/en/news/20240105_12/", ("2024-01-05", "day", "20240105")),
    ("https://www.yomiuri.co.jp/national/20240101-OYT1T50123/", ("2024-01-01", "day", "20240101")),
    ("https://example.org/news/2024011912/a", None),  # ten digits: an id
    ("https://example.org/news/a20240119/", None),  # not the segment's start
    ("https://example.org/news/20241399/", None),  # no calendar date
])
def test_a_date_in_a_news_address(url: str, expected: tuple[str, str, str] | None) -> None:
    found = dates.url_date(url, WORDS.months, dt.date(2025, 1, 1))
    assert (None if found is None else (found[0].isoformat(), found[1], found[2])) == expected


@pytest.mark.parametrize(("body", "expected"), [
    # no date in the text: the address dates it (it was undated)
    ("Putin and Kim signed a pact, pledging mutual aid.", ("2024-06-19", "day", "url")),
    # a dateline without its year: the address, stated by the site, dates it
    ("PYONGYANG, June 19 (Reuters) - Putin and Kim signed a pact.", ("2024-06-19", "day", "url")),
    # a day the text states wins over the address
    ("PYONGYANG, Rabu (18/6/2024) - Putin dan Kim menandatangani pakta.", ("2024-06-18", "day", "text")),
])
def test_an_articles_original_address_dates_it_unless_the_text_states_its_day(
        tmp_path: Path, body: str, expected: tuple[str, str, str]) -> None:
    source = tmp_path / "a.md"
    source.write_text(f"---\ntitle: A pact\nurl: https://www.reuters.com/world/putin-kim-2024-06-19/\n---\n\n{body}\n",
                      encoding="utf-8")
    config = load_config(tmp_path)
    got = extract.article(read_document(source, "a.md", 10**6), extract.load_tables(config), config).published
    assert got is not None and (got.date.isoformat(), got.precision, got.source) == expected


def test_a_scraped_page_pasted_under_its_address_is_dated_and_linked_by_it(tmp_path: Path) -> None:
    # "copy link, copy text": the address on the first line of a .txt is the article's url, not its headline
    source = tmp_path / "a.txt"
    source.write_text("https://www.asiageopolitics.blog/2024/06/21/what-putins-vietnam-visit-means-for-asean/\n"
                      "What Putin's Vietnam visit means for ASEAN\n\n"
                      "Putin's visit to Hanoi this week was his first to Southeast Asia since the invasion of"
                      " Ukraine, and the region's middle powers still refuse to pick sides.\n", encoding="utf-8")
    config = load_config(tmp_path)
    got = extract.article(read_document(source, "a.txt", 10**6), extract.load_tables(config), config)
    assert got.url == "https://www.asiageopolitics.blog/2024/06/21/what-putins-vietnam-visit-means-for-asean/"
    assert got.title == "What Putin's Vietnam visit means for ASEAN"
    assert got.published is not None
    assert (got.published.date.isoformat(), got.published.precision, got.published.source) == (
        "2024-06-21", "day", "url")
    assert all(not b.text.startswith("https://") for b in got.blocks)



@pytest.mark.parametrize(("last", "expected"), [
    # "copy text, copy link": NK News' page with its address pasted at the foot (the arc sweep's page 81)
    ("https://www.nknews.org/2025/08/kim-jong-un-attends-ceremony-for-soldiers-returning-from-kursk/",
     ("2025-08-01", "month", "url", "NK News")),
    # a site's bare home address at the foot is no article's address
    ("https://www.nknews.org/", None)])
def test_a_scraped_page_with_its_address_at_the_foot_is_dated_and_named_by_it(
        tmp_path: Path, last: str, expected: tuple[str, str, str, str] | None) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Kim Jong Un attends ceremony for soldiers returning from Kursk\n\n"
                      "Kim Jong Un on Thursday presided over a ceremony in Pyongyang for soldiers of an engineering"
                      " unit returning from Russia's Kursk region, state media reported on Friday.\n\n"
                      "The North Korean leader said a museum would be built in the capital to honor the fallen.\n\n"
                      f"{last}\n", encoding="utf-8")
    config = load_config(tmp_path)
    got = extract.article(read_document(source, "a.txt", 10**6), extract.load_tables(config), config)
    if expected is None:
        assert got.url is None and got.published is None
        return
    assert got.url == last and got.published is not None
    assert (got.published.date.isoformat(), got.published.precision, got.published.source, got.outlet) == expected
    assert all(not b.text.startswith("https://") for b in got.blocks)

@pytest.mark.parametrize(("line", "language", "expected"), [
    # a stamp without its year but with its day name (NOS): the latest year up to the build in which it fits
    ("dinsdag 14 oktober, 08:12", "nl", dt.date(2025, 10, 14)),
    ("Tuesday, October 14", "en", dt.date(2025, 10, 14)),
    ("Saturday 21 November", "en", dt.date(2026, 11, 21)),  # today
    # no day name: no year to tell, no date
    ("14 oktober, 08:12", "nl", None),
    ("Oct 12", "en", None),
])
def test_a_year_less_dateline_with_its_day_name_is_dated(line: str, language: str, expected: dt.date | None,
                                                         words: DateWords) -> None:
    body, blocks = para(line, LONG_EN)
    found = publication_date(body, blocks, words, TODAY, language)
    assert (found.date if found else None) == expected
    assert found is None or (found.precision, found.source, found.evidence) == ("day", "text", line)


def test_a_date_with_middle_dots_and_a_two_digit_year(words: DateWords) -> None:
    # Levante-EMV stamps its pages "Paiporta | 03·11·24 | 13:58": the page was undated
    assert [(m.date.isoformat(), m.precision) for m in find_dates("Paiporta | 03·11·24 | 13:58", words)] == [
        ("2024-11-03", "day")]
    # two digits after a dot or a slash are still no year ("3.11.24" is a version, a score, a count)
    assert find_dates("Versi 3.11.24 dirilis.", words) == ()


@pytest.mark.parametrize(("line", "language", "expected"), [
    ("Publié le 19/07/24 à 14h05 — Mis à jour le 19/07/24 à 16h30", "fr", "2024-07-19"),  # 20 Minutes
    ("Posted 7/21/24 6:48 PM", "en", "2024-07-21"),  # a US station's stamp, month first
    ("פורסם: 20.05.24, 07:12 | עודכן: 20.05.24, 09:40", "he", "2024-05-20"),  # ynet: a colon after the label
])
def test_a_two_digit_year_after_a_datelines_label_is_a_year(line: str, language: str, expected: str,
                                                           words: DateWords) -> None:
    body, blocks = para(line, LONG_EN)
    found = publication_date(body, blocks, words, TODAY, language)
    assert (found.date.isoformat(), found.precision, found.source) == (expected, "day", "text")
    # without the label two digits after a slash stay no year (a score, a count)
    assert find_dates("Il a marqué 19/07/24 sur la saison.", words) == ()


def test_a_datelines_label_words_are_gathered_once_per_word_set() -> None:
    """Each phrase's words of the three label lists and the day names, made once and kept with the words."""
    words = WORDS.for_language("id")
    labels = words.dateline_labels
    assert {"terakhir", "diperbarui", "oleh", "jumat", "rabu"} <= labels  # "update terakhir" gives its words
    assert "update terakhir" not in labels
    assert words.dateline_labels is labels
    assert "tarikh" in WORDS.for_language("ms").dateline_labels and "tarikh" not in labels


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("az", "Bazar iqtisadiyyatı böyüyür."),  # the market, no day
        ("tr", "Cuma namazından sonra toplandılar."),  # the Friday prayer
        # an office and a prayer: "Tabriz's Friday prayer leader" died in the crash (the Raisi sweep's 17 May)
        ("en", "The third helicopter carried Tabriz's Friday prayer leader and its crew."),
        ("en", "Protests broke out after Friday prayers in the capital."),
        ("fa", "در این حادثه آیت‌الله آل‌هاشم امام جمعه تبریز نیز به شهادت رسیدند."),
        ("ar", "وكان على متنها خطيب الجمعة في تبريز."),
        ("ur", "نماز جمعہ کے بعد مظاہرہ ہوا۔"),
    ],
)
def test_a_day_name_in_a_title_or_a_prayers_name_is_no_date(language: str, text: str, words: DateWords) -> None:
    assert found_in(language, text, words, dt.date(2024, 5, 20)) == []
    # the same day's name on its own is still a day
    assert found_in("en", "Thousands attended Friday prayers in Tehran on Friday.", words, dt.date(2024, 5, 20)) == [
        ("on Friday", "2024-05-17", "day")]
