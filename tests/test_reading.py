"""Word counts and reading times, in scripts written with spaces between words and without."""

from __future__ import annotations

from pathlib import Path

import pytest

from warta import extract, reading
from warta.config import load_config
from warta.errors import ConfigError
from warta.load import read_document

RATES = reading.load_rates()
ZH = "新华社平壤6月19日电 俄罗斯总统普京19日在平壤与朝鲜国务委员长金正恩举行会谈，双方签署了条约。"  # 41 Han, 6, 19, 19
JA = "気象庁によりますと、関東地方では19日も気温が上がり、熱中症に注意が必要です。"  # 34 kanji and kana, 19


def test_text_with_spaces_counts_what_split_gives_at_200_words_a_minute() -> None:
    text = "Banjir melanda — kota " * 100  # the dash counts, as it always has
    assert reading.measure(text, RATES) == reading.Length(400, 2)
    assert reading.measure(text + "lagi", RATES) == reading.Length(401, 3)
    assert reading.measure("", RATES) == reading.Length(0, 0)


@pytest.mark.parametrize(("text", "words"), [(ZH, 41 + 3), (JA, 34 + 1), (f"{ZH} Xinhua reports {JA}", 44 + 2 + 35)])
def test_chinese_and_japanese_count_each_character_and_their_numbers(text: str, words: int) -> None:
    assert reading.measure(text, RATES).words == words


def test_chinese_reads_at_400_characters_a_minute() -> None:
    assert reading.measure("中" * 400, RATES) == reading.Length(400, 1)
    assert reading.measure("中" * 401, RATES) == reading.Length(401, 2)
    assert reading.measure("中" * 400 + " and two", RATES) == reading.Length(402, 2)


def test_thai_counts_five_characters_a_word() -> None:
    assert reading.measure("ประเทศไทย" * 10, RATES).words == 18  # 9 characters each, marks included


def test_a_chinese_article_is_not_counted_as_a_few_words(tmp_path: Path) -> None:
    source = tmp_path / "zh.txt"
    source.write_text(f"普京与金正恩签署全面战略伙伴关系条约\n\n{ZH}\n\n{ZH * 20}\n", encoding="utf-8")
    config = load_config(tmp_path)
    found = extract.article(read_document(source, "zh.txt", 10**6), extract.load_tables(config), config)
    assert (found.word_count, found.reading_minutes) == (21 * 44, 3)  # 21 * 41 Han at 400 a minute, 63 numbers


def test_a_bad_rate_names_the_file(tmp_path: Path) -> None:
    table = tmp_path / "reading.yaml"
    table.write_text("words_per_minute: 0\nunspaced: []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="words_per_minute must be a positive number, not 0"):
        reading.load_rates(table)
