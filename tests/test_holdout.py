"""The held-out extraction set (tests/data/holdout): a quality gate with pinned floors.

The articles there were written as realistic scraped pages (Indonesian, Malay, English, German,
French, Spanish, Italian, Portuguese, Dutch, Turkish, Vietnamese; wire copy, a live blog, a press
release, blogs with no outlet) without reading the rules first. The ``b3_`` batch holds pages in
other scripts and languages (Russian, Ukrainian, Polish, Czech, Arabic, Persian, Japanese, Chinese,
Korean, Hindi, Greek, Swedish, Thai, Hebrew), written with their answers before warta ran on them;
it has floors of its own (B3_FLOORS). Three outlet answers were changed after the first measure, from
the native spelling to the name outlets.yaml already used ("РИА Новости" -> "RIA Novosti",
"新华网" -> "Xinhua", "연합뉴스" -> "Yonhap"), so one outlet is one page of the site.
The first batch was measured before any rule was changed (see the figures in eval_extraction.py's
docstring); the rules were then made more general; the ``b2_`` batch was written after that and
measured untouched before a second round.

The gate holds each figure to a floor, not each article to an exact answer: a floor may be raised
when extraction improves; when new held-out articles are added (they should be, from pages the rules
have never seen), measure first and re-pin with the new figures in the same change, reviewed.
"""

from __future__ import annotations

from collections import Counter

import pytest

from eval_extraction import Case, batch, extract, load_holdout_cases, score, squash

CASES = load_holdout_cases()
LATIN = [c for c in CASES if batch(c) in ("b1", "b2")]
OTHER_SCRIPTS = [c for c in CASES if batch(c) == "b3"]

# Pinned when the gate was set; raise them when extraction improves, never lower them silently.
FLOORS = {
    "title_exact": 1.0,
    "outlet_accuracy": 1.0,
    "site_accuracy": 1.0,
    "credits_exact": 1.0,
    "headings_exact": 1.0,
    "boilerplate_precision": 1.0,
    "boilerplate_recall": 1.0,
    "paragraph_recall": 1.0,
}
MAX_LEAKS = 0  # removed lines that still come out as a block
# The b3_ batch (other scripts), pinned apart. Measured untouched: title 0.429, outlet 0.286, site 1.0,
# credits 0.571, headings 0.0, precision 0.875, recall 0.954, paragraph recall 0.793, 8 leaks; after
# the scripts were taught: the figures below. What is left: two bylines under a date line whose month
# names are not known yet (cs, uk: dates.yaml is another branch's), reporters named inside a Xinhua
# dateline ("（记者王思远、李敏）"), and a Thai photo caption with no credit, read as a heading.
B3_FLOORS = {
    "title_exact": 1.0,
    "outlet_accuracy": 1.0,
    "site_accuracy": 1.0,
    "credits_exact": 0.857,
    "headings_exact": 0.928,
    "boilerplate_precision": 1.0,
    "boilerplate_recall": 0.996,
    "paragraph_recall": 1.0,
}
B3_MAX_LEAKS = 1


def _problems(case: Case) -> list[str]:
    """What extraction got wrong on one held-out article, for the failure message."""
    got, want = extract(case.path), case.expected
    out = [f"{key} {value!r} != {want.get(key)!r}"
           for key, value in (("title", got.title), ("outlet", got.outlet), ("site", got.site))
           if value != want.get(key)]
    paragraphs = {squash(b.text) for b in got.blocks if b.type == "paragraph"}
    out += [f"lost paragraph {p[:60]!r}" for p in want["paragraphs"] if squash(p) not in paragraphs]
    texts = {squash(b.text) for b in got.blocks}
    out += [f"boilerplate kept {line[:60]!r}" for line in want["removed"] if squash(line) in texts]
    return [f"{case.name}: {problem}" for problem in out]


def test_holdout_set_is_substantial() -> None:
    """At least 14 articles in several languages, each a real page of 6 or more paragraphs."""
    assert len(CASES) >= 14 and len(OTHER_SCRIPTS) >= 14
    assert len({c.path.stem.split("_")[0] if batch(c) == "b1" else c.path.stem.split("_")[1] for c in CASES}) >= 20
    assert all(len(c.expected["paragraphs"]) >= 6 for c in CASES)
    assert sum(c.expected["outlet"] is None for c in CASES) >= 2  # pages that name no outlet


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_holdout_annotation_is_complete(case: Case) -> None:
    """Every line of the page is annotated once: the title line, a heading, a paragraph or removed."""
    lines = Counter(squash(t) for t in case.path.read_text(encoding="utf-8").splitlines() if t.strip())
    want = case.expected
    annotated = Counter(squash(t) for t in want["paragraphs"] + want["headings"] + want["removed"])
    missing = lines - annotated
    assert len(missing) == 1, f"unannotated lines (only the title line may be): {sorted(missing)}"
    assert not annotated - lines, f"annotations that are not lines of the page: {sorted(annotated - lines)}"


@pytest.mark.parametrize(("cases", "floors", "max_leaks"), [(LATIN, FLOORS, MAX_LEAKS),
                                                          (OTHER_SCRIPTS, B3_FLOORS, B3_MAX_LEAKS)],
                         ids=["latin", "other-scripts"])
def test_holdout_floors(cases: list[Case], floors: dict[str, float], max_leaks: int) -> None:
    """Every extraction figure on each held-out batch stays at or above its pinned floor."""
    figures = score(cases)
    below = {key: round(figures[key], 3) for key, floor in floors.items() if figures[key] < floor}
    problems = [p for case in cases for p in _problems(case)]
    assert not below, f"below the floor: {below}\n" + "\n".join(problems)
    assert figures["boilerplate_leaks"] <= max_leaks, "\n".join(problems)
