"""language.py reimplements langdetect's Detector over its profiles; it must answer as langdetect does."""

from __future__ import annotations

import pytest
from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY

from warta import language

TEXTS = [
    "Presiden Rusia Vladimir Putin dan pemimpin Korea Utara menandatangani perjanjian pertahanan di Pyongyang.",
    "The treaty commits both countries to provide immediate military assistance if either is attacked.",
    "Der Vertrag verpflichtet beide Staaten zu gegenseitiger militärischer Hilfe im Falle eines Angriffs.",
    "Le traité engage les deux pays à se porter mutuellement assistance en cas d'agression armée.",
    "Hiệp ước cam kết hai nước hỗ trợ quân sự lẫn nhau nếu một bên bị tấn công.",
    "Договор обязывает обе страны оказывать друг другу военную помощь в случае нападения.",
    "両国はいずれかが攻撃された場合に軍事援助を提供することを約束した。",
    "KEMENTERIAN LUAR NEGERI MENYATAKAN KEPRIHATINAN ATAS PERJANJIAN ITU, lihat https://example.org/x a@b.id",
]


@pytest.fixture(scope="module")
def factory() -> DetectorFactory:
    made = DetectorFactory()
    made.load_profile(PROFILES_DIRECTORY)
    made.set_seed(language._SEED)
    return made


@pytest.mark.parametrize("text", TEXTS)
def test_the_same_languages_and_probabilities_as_langdetect(factory: DetectorFactory, text: str) -> None:
    detector = factory.create()
    detector.append(text)
    expected = [(g.lang, g.prob) for g in detector.get_probabilities()]
    found = [(g.lang, g.prob) for g in language._profiles().guesses(text)]
    assert [lang for lang, _ in found] == [lang for lang, _ in expected]
    assert [p for _, p in found] == pytest.approx([p for _, p in expected], abs=1e-12)


def test_the_word_memo_is_bounded_and_answers_stay_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    profiles = language._profiles()
    before = [(g.lang, g.prob) for g in profiles.guesses(TEXTS[0])]
    monkeypatch.setattr(language, "_WORDS_KEPT", 3)
    for text in TEXTS:
        profiles.guesses(text)
    assert len(profiles.words) < 3 + len(TEXTS[-1].split())
    assert [(g.lang, g.prob) for g in profiles.guesses(TEXTS[0])] == before
