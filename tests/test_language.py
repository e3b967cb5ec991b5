"""language.py reimplements langdetect's Detector over its profiles; it must answer as langdetect does, to the
last bit, whether the profiles come from langdetect's JSON files or from the table kept in the cache."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest
from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException

from conftest import DATA, SEEDS
from warta import cache, language

TEXTS = [
    "Presiden Rusia Vladimir Putin dan pemimpin Korea Utara menandatangani perjanjian pertahanan di Pyongyang.",
    "The treaty commits both countries to provide immediate military assistance if either is attacked.",
    "Der Vertrag verpflichtet beide Staaten zu gegenseitiger militärischer Hilfe im Falle eines Angriffs.",
    "Le traité engage les deux pays à se porter mutuellement assistance en cas d'agression armée.",
    "Hiệp ước cam kết hai nước hỗ trợ quân sự lẫn nhau nếu một bên bị tấn công.",
    "Договор обязывает обе страны оказывать друг другу военную помощь в случае нападения.",
    "両国はいずれかが攻撃された場合に軍事援助を提供することを約束した。",
    "KEMENTERIAN LUAR NEGERI MENYATAKAN KEPRIHATINAN ATAS PERJANJIAN ITU, lihat https://example.org/x a@b.id",
    "Η συνθήκη δεσμεύει τις δύο χώρες να παρέχουν στρατιωτική βοήθεια.",
    "האמנה מחייבת את שתי המדינות לסייע זו לזו במקרה של התקפה.",
    "조약은 양국이 공격을 받을 경우 즉각적인 군사 지원을 제공하도록 규정한다.",
    "สนธิสัญญาผูกมัดทั้งสองประเทศให้ช่วยเหลือทางทหาร",
    "संधि दोनों देशों को सैन्य सहायता देने के लिए बाध्य करती है।",
    "条约规定双方在受到攻击时立即提供军事援助。",
    "Putin di Pyongyang, 19 Juni 2024 — 평양 조약 — Договор",
    "Banjir rob rendam pesisir",  # short: just past the 20 letters detect needs
    "ok ok ok ok ok ok ok ok ok ok",
    "1234 5678 !!! ???",  # no letters: the default
]


def _varied_texts() -> list[str]:
    """A few hundred texts of many languages and scripts and of every length: whole articles, paragraphs,
    and their first 25, 60 and 150 characters, from the test corpora and the seeds (a third of them: the
    reference, langdetect's own Detector, takes 13 s over all 1,070)."""
    folders = [DATA / name for name in ("holdout", "themes", "events", "valid", "hostile")]
    files = sorted(p for folder in folders for p in folder.rglob("*") if p.suffix in (".txt", ".md"))
    files += sorted(SEEDS.glob("*.*"))
    texts: list[str] = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if sum(map(str.isalpha, p)) >= 20]
        texts.append(text[:3000])
        for paragraph in paragraphs[1:3]:
            texts += [paragraph, paragraph[:25], paragraph[:60], paragraph[:150]]
    return TEXTS + list(dict.fromkeys(texts))[::3]


VARIED = _varied_texts()


def _guesses(profiles: language.Profiles, text: str) -> list[tuple[str, float]]:
    return [(g.lang, g.prob) for g in profiles.guesses(text)]


@pytest.fixture(scope="module")
def factory() -> DetectorFactory:
    made = DetectorFactory()
    made.load_profile(PROFILES_DIRECTORY)
    made.set_seed(language._SEED)
    return made


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder that holds the kept table."""
    made = tmp_path_factory.mktemp("cache")
    language.profiles(cache.ArticleCache(made, "salt")).guesses(TEXTS[0])
    return made


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each load of langdetect's JSON files (and lets it happen)."""
    found: list[str] = []
    real = DetectorFactory.load_profile

    def counted(self: DetectorFactory, directory: str) -> None:
        found.append(directory)
        real(self, directory)

    monkeypatch.setattr(DetectorFactory, "load_profile", counted)
    return found


@pytest.fixture
def no_json(loads: list[str], tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """:func:`loads`, with langdetect's profiles of five languages only, which load 20 times faster."""
    small = tmp_path_factory.mktemp("profiles")
    for name in ("de", "en", "id", "ja", "ru"):
        (small / name).write_bytes((Path(PROFILES_DIRECTORY) / name).read_bytes())
    monkeypatch.setattr(language, "PROFILES_DIRECTORY", str(small))
    return loads


def kept(folder: Path) -> language.Profiles:
    return language.profiles(cache.ArticleCache(folder, "salt"))


def test_there_are_a_few_hundred_varied_texts() -> None:
    assert len(VARIED) > 300
    scripts = {"Cyrillic": "\u0400-\u04ff", "Arabic": "\u0600-\u06ff", "Han": "\u4e00-\u9fff",
               "Hangul": "\uac00-\ud7af", "Thai": "\u0e00-\u0e7f", "Devanagari": "\u0900-\u097f"}
    for name, span in scripts.items():
        assert sum(bool(re.search(f"[{span}]", t)) for t in VARIED) >= 3, name
    assert sum(len(t) < 30 for t in VARIED) >= 30


def test_the_same_languages_and_probabilities_as_langdetect_to_the_last_bit(factory: DetectorFactory,
                                                                            folder: Path) -> None:
    from_table = kept(folder)
    from_files = language.profiles()
    for text in VARIED:
        detector = factory.create()
        detector.set_max_text_length(language._SAMPLE_CHARS)
        detector.append(text)
        try:
            expected = [(g.lang, g.prob) for g in detector.get_probabilities()]
        except LangDetectException:  # no n-gram it knows
            expected = []
        assert _guesses(from_files, text) == expected, text
        assert _guesses(from_table, text) == expected, text


def test_detect_answers_the_same_from_the_kept_table(folder: Path, loads: list[str]) -> None:
    from_table = kept(folder)
    answers = [language.detect(text, "id", from_table) for text in VARIED]
    assert not loads  # the table was read, not the JSON files
    assert answers == [language.detect(text, "id") for text in VARIED]
    assert {a.code for a in answers} >= {"id", "en", "ru", "ja", "ko", "zh", "ar", "th", "hi", "de", "fr"}
    assert any(a.source == "default" for a in answers)


def test_the_table_is_loaded_on_first_use_only(tmp_path: Path, no_json: list[str]) -> None:
    profiles = kept(tmp_path)
    assert not (tmp_path / "tables").exists() and not no_json
    assert language.detect("1234", "id", profiles).source == "default"  # too little text to look
    assert not (tmp_path / "tables").exists()
    profiles.guesses(TEXTS[0])
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == ["language-profiles", "language-profiles.npy"]
    assert len(no_json) == 1


def _remade(folder: Path, no_json: list[str]) -> bool:
    """Whether the next load makes the table again (reading the JSON files); its answers are checked."""
    before = len(no_json)
    profiles = kept(folder)
    answers = [_guesses(profiles, t) for t in TEXTS]
    remade = len(no_json) > before
    files = _files()
    assert answers == [_guesses(files, t) for t in TEXTS]
    return remade


def _files() -> language.Profiles:
    """The profiles as loaded from the JSON files of language.PROFILES_DIRECTORY, not the table."""
    return language.Profiles(language._from_files)


@pytest.fixture
def fresh(tmp_path: Path, no_json: list[str]) -> Path:
    """A cache folder with a freshly kept table, which a second load reads."""
    kept(tmp_path).guesses(TEXTS[0])
    assert not _remade(tmp_path, no_json)
    return tmp_path


def test_a_truncated_array_is_ignored_and_made_again(fresh: Path, no_json: list[str]) -> None:
    array = fresh / "tables" / "language-profiles.npy"
    size = array.stat().st_size
    with open(array, "r+b") as file:
        file.truncate(size // 2)
    assert _remade(fresh, no_json)
    assert array.stat().st_size == size
    assert not _remade(fresh, no_json)


def test_an_array_of_another_shape_or_not_an_array_is_ignored(fresh: Path, no_json: list[str]) -> None:
    array = fresh / "tables" / "language-profiles.npy"
    np.save(array, np.zeros((3, 55)))
    assert _remade(fresh, no_json)
    array.write_bytes(b"not an array")
    assert _remade(fresh, no_json)
    array.unlink()
    assert _remade(fresh, no_json)


def test_a_garbled_index_is_ignored_and_made_again(fresh: Path, no_json: list[str]) -> None:
    index = fresh / "tables" / "language-profiles"
    data = bytearray(index.read_bytes())
    data[len(data) // 2] ^= 0xFF
    index.write_bytes(bytes(data))
    assert _remade(fresh, no_json)
    index.write_bytes(index.read_bytes()[:1000])
    assert _remade(fresh, no_json)
    assert not _remade(fresh, no_json)


def test_a_table_kept_under_another_key_is_not_read(fresh: Path, no_json: list[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    real = language._table_key()
    monkeypatch.setattr(language, "_table_key", lambda: real + "-another langdetect")
    assert _remade(fresh, no_json)
    assert not _remade(fresh, no_json)
    monkeypatch.setattr(language, "_table_key", lambda: real)
    assert _remade(fresh, no_json)


def test_the_key_is_langdetects_version_and_profile_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key = language._table_key()
    assert language._table_key() == key
    monkeypatch.setattr(language.metadata, "version", lambda name: "9.9")
    assert language._table_key() != key
    monkeypatch.undo()
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    for path in sorted(Path(PROFILES_DIRECTORY).iterdir())[:3]:
        (profiles / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(language, "PROFILES_DIRECTORY", str(profiles))
    three = language._table_key()
    assert three != key
    first = sorted(profiles.iterdir())[0]
    first.write_bytes(first.read_bytes().replace(b'"n_words":[', b'"n_words": ['))
    assert language._table_key() != three


def test_a_garbled_row_is_never_used_and_the_table_is_made_again(fresh: Path, no_json: list[str]) -> None:
    array = fresh / "tables" / "language-profiles.npy"
    table = kept(fresh)
    expected = _guesses(_files(), TEXTS[0])
    loads = len(no_json)
    rows = [language._from_rows(cache.ArticleCache(fresh, "salt").rows(language._TABLE, language._table_key())
                                or pytest.fail("no table")).grams[g] for g in ("a", "n", "an", "ber")]
    values = np.load(array, mmap_mode="r+")
    for row in rows:
        values[row, 3] = 0.5  # a plausible number, but not langdetect's
    values.flush()
    del values
    assert _guesses(table, TEXTS[0]) == expected
    assert len(no_json) == loads + 1  # it went back to the JSON files
    assert not (fresh / "tables" / "language-profiles").exists()  # and the next build keeps the table again
    assert _remade(fresh, no_json)
    assert not _remade(fresh, no_json)


def test_a_killed_write_leaves_no_table_that_is_trusted(tmp_path: Path, no_json: list[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    real_save = np.save

    def killed(file: object, values: np.ndarray, **kwargs: object) -> None:
        real_save(file, values[:100])  # type: ignore[arg-type]
        raise KeyboardInterrupt  # the build is stopped mid-write

    with monkeypatch.context() as patched:
        patched.setattr(cache.np, "save", killed)
        with pytest.raises(KeyboardInterrupt):
            kept(tmp_path).guesses(TEXTS[0])
    tables = tmp_path / "tables"
    assert [p.name for p in tables.iterdir()] == [f".language-profiles.npy.{os.getpid()}"]
    assert _remade(tmp_path, no_json)
    assert sorted(p.name for p in tables.iterdir()) == ["language-profiles", "language-profiles.npy"]


def test_a_read_only_cache_reads_a_kept_table_and_writes_nothing(tmp_path: Path, no_json: list[str]) -> None:
    read_only = cache.ArticleCache(tmp_path, "salt", writable=False)
    files = _files()
    expected = [_guesses(files, t) for t in TEXTS[:3]]
    assert _guesses(language.profiles(read_only), TEXTS[0]) == expected[0]
    assert len(no_json) == 2 and not tmp_path.joinpath("tables").exists()
    kept(tmp_path).guesses(TEXTS[0])
    assert len(no_json) == 3
    index = tmp_path / "tables" / "language-profiles"
    assert _guesses(language.profiles(read_only), TEXTS[1]) == expected[1]
    assert len(no_json) == 3
    values = np.load(tmp_path / "tables" / "language-profiles.npy", mmap_mode="r+")
    values[:] = 0.0
    values.flush()
    del values
    assert _guesses(language.profiles(read_only), TEXTS[2]) == expected[2]
    assert len(no_json) == 4 and index.exists()  # found corrupt, but a read-only cache is left as it is


def test_prune_leaves_the_table_alone(fresh: Path, no_json: list[str]) -> None:
    assert cache.ArticleCache(fresh, "salt").prune([]) == 0
    assert not _remade(fresh, no_json)


def test_the_word_memo_is_bounded_and_answers_stay_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    profiles = language.profiles()
    before = _guesses(profiles, TEXTS[0])
    monkeypatch.setattr(language, "_WORDS_KEPT", 3)
    for text in TEXTS:
        profiles.guesses(text)
    assert len(profiles.words) < 3 + len(TEXTS[-1].split())
    assert _guesses(profiles, TEXTS[0]) == before
