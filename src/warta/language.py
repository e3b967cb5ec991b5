"""Language identification: ISO 639-1 code and confidence, the same answer on every run."""

from __future__ import annotations

import functools

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from warta.model import Language

_SAMPLE_CHARS = 1000  # bounded per article: enough text to be sure (langdetect costs grow with it)
_MIN_CHARS = 20


@functools.lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    # A private factory with a fixed seed: langdetect's module-level one is shared, unseeded state.
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


def detect(text: str, default: str) -> Language:
    """The language of ``text``; ``default`` with confidence 0 when there is too little to go on."""
    sample = " ".join(text[: _SAMPLE_CHARS * 2].split())[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < _MIN_CHARS:
        return Language(default, 0.0, "default")
    detector = _factory().create()
    detector.set_max_text_length(_SAMPLE_CHARS)
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return Language(default, 0.0, "default")
    code = str(best.lang).split("-")[0]
    return Language(code, round(float(best.prob), 3), "detected")
