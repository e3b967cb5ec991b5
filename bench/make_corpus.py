#!/usr/bin/env python3
"""A deterministic corpus of synthetic Indonesian news articles for the benchmark.

    python bench/make_corpus.py N OUTDIR [--format warta|scrape|md|hugo|pelican] [--seed S]

Article i comes from its own RNG, seeded with a string (``random.Random("warta-bench:S:i")``, which
CPython hashes with SHA-512), so article i is the same in a corpus of 100 and one of 10,000, on every
run and every machine. The vocabulary lives in ``bench/words.yaml``.

Each article has a body of 4-6 KB (UTF-8) in Indonesian-like sentences that carry theme words, people
with their roles, places, dates in several written forms ("19 Juni 2024", "Rabu (19/6/2024)",
"September 2023", "tahun 2019") and numbers that are not dates ("10.000", "14.30 WIB", "45,2 persen",
"Pasal 12"). About a third of the articles carry one or two wire-copy paragraphs shared with their
neighbours (articles i and j share one when they fall in the same or adjacent blocks of ten), so that a
shared-passage detector has work.

Formats (one file per article, named after its index):
  scrape   raw text as copied from a news page: breadcrumb, repeated title, view counter, outlet line,
           a dateline before the first paragraph, "Iklan N"/"Konten artikel" markers, "READ ..." and
           "Baca juga: ..." links between paragraphs, a photo caption and a closing comment prompt
  md       Markdown with YAML front matter (title, date, tags, outlet)
  hugo     Markdown for Hugo: front matter with an RFC 3339 date, tags (the taxonomy), slug, outlet
  pelican  Markdown for Pelican: Title:/Date:/Tags:/Category:/Slug:/Outlet: metadata lines
  warta    the mix the benchmark gives warta: index % 5 == 4 as md, the rest (80%) as scrape .txt
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import string
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

FORMATS = ("warta", "scrape", "md", "hugo", "pelican")
WORDS_FILE = Path(__file__).resolve().parent / "words.yaml"
START = dt.datetime(2023, 1, 1, 6, 0)
SPAN_MINUTES = 900 * 24 * 60  # articles fall between 1 January 2023 and mid-June 2025
WIRE_SHARE = 0.35  # the share of articles that reprint wire copy
BLOCK = 10  # articles in the same or adjacent blocks of this size may share a wire paragraph


@dataclass(frozen=True)
class Article:
    """One generated article, independent of the format it is written in."""

    index: int
    slug: str
    title: str
    date: dt.datetime
    outlet: str
    section: str
    themes: tuple[str, ...]
    paragraphs: tuple[str, ...]
    wire: tuple[int, ...]  # the wire passages it reprints, by number


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    """The word banks, read once."""
    with WORDS_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


@cache
def _fields(template: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


def id_date(d: dt.date) -> str:
    """'19 Juni 2024'."""
    return f"{d.day} {words()['months'][d.month - 1]} {d.year}"


def id_dayname_date(d: dt.date) -> str:
    """'Rabu (19/6/2024)'."""
    return f"{words()['weekdays'][d.weekday()]} ({d.day}/{d.month}/{d.year})"


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class _Slots:
    """Fills the slots of one template from an RNG, around a reference date and a set of themes."""

    def __init__(self, r: random.Random, when: dt.datetime, themes: tuple[str, ...], outlet: str) -> None:
        self.r, self.when, self.themes, self.outlet = r, when, themes, outlet
        w = words()
        self.person_pair = r.choice(w["people"])
        self.fillers: list[str] = []

    def term(self) -> str:
        w = words()["themes"]
        # Mostly the article's own themes; sometimes any theme, as real articles wander.
        theme = self.r.choice(self.themes) if self.r.random() < 0.8 else self.r.choice(sorted(w))
        return str(self.r.choice(w[theme]))

    def past(self) -> dt.date:
        return (self.when - dt.timedelta(days=self.r.randint(0, 60))).date()

    def month_year(self, day: dt.date) -> str:
        return f"{words()['months'][day.month - 1]} {day.year}"

    def value(self, name: str) -> str:
        r, w = self.r, words()
        makers: dict[str, Callable[[], str]] = {
            "person": lambda: f"{self.person_pair[1]}",
            "role": lambda: f"{self.person_pair[0]}",
            "short": lambda: self.person_pair[1].split()[-1],
            "person2": lambda: f"{r.choice(w['people'])[1]}",
            "place": lambda: str(r.choice(w["places"])),
            "place2": lambda: str(r.choice(w["places"])),
            "PLACE": lambda: str(r.choice(w["places"])).upper(),
            "country": lambda: str(r.choice(w["countries"])),
            "country2": lambda: str(r.choice(w["countries"])),
            "term": self.term,
            "term2": self.term,
            "Term": lambda: self.term().title(),
            "verb": lambda: str(r.choice(w["verbs"])),
            "Verb": lambda: str(r.choice(w["verbs"])).title(),
            "passive": lambda: str(r.choice(w["passives"])),
            "Passive": lambda: str(r.choice(w["passives"])).title(),
            "adverb": lambda: str(r.choice(w["adverbs"])),
            "f1": lambda: self.fillers[0],
            "f2": lambda: self.fillers[1],
            "f3": lambda: self.fillers[2],
            "date": lambda: id_date(self.past()),
            "dayname_date": lambda: id_dayname_date(self.past()),
            "month_year": lambda: self.month_year(self.past()),
            "year": lambda: str(r.randint(1961, self.when.year - 1)),
            "count": lambda: _thousands(
                r.choice([r.randint(12, 99), r.randint(100, 9_999), r.randint(10_000, 250_000)])),
            "money": lambda: f"Rp {r.randint(1, 99)},{r.randint(1, 9)} {r.choice(['miliar', 'triliun'])}",
            "percent": lambda: f"{r.randint(1, 89)},{r.randint(1, 9)} persen",
            "clock": lambda: f"{r.randint(6, 22):02d}.{r.choice(['00', '15', '30', '45'])} WIB",
            "article_no": lambda: str(r.randint(2, 48)),
            "outlet": lambda: self.outlet,
            "section": lambda: str(r.choice(w["sections"])),
            "n": lambda: _thousands(r.randint(120, 98_000)),
        }
        return makers[name]()

    def fill(self, template: str) -> str:
        self.fillers = self.r.sample(words()["fillers"], 3)  # three different ones within a sentence
        return template.format_map({name: self.value(name) for name in _fields(template)})


def _slugify(text: str) -> str:
    kept = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in kept.split("-") if part)[:60].rstrip("-")


def _paragraph(slots: _Slots, sentences: int) -> str:
    r = slots.r
    return " ".join(slots.fill(r.choice(words()["sentences"])) for _ in range(sentences))


def wire_passage(number: int, seed: int = 0) -> str:
    """Wire copy number ``number``: one paragraph, the same in every article that reprints it."""
    r = random.Random(f"warta-bench-wire:{seed}:{number}")
    when = START + dt.timedelta(minutes=r.randint(0, SPAN_MINUTES))
    themes = tuple(r.sample(sorted(words()["themes"]), 2))
    slots = _Slots(r, when, themes, "Kantor Berita Samudra")
    return _paragraph(slots, 4)


def make_article(index: int, seed: int = 0) -> Article:
    """Article ``index`` of the corpus with ``seed``: the same on every run and machine."""
    w = words()
    r = random.Random(f"warta-bench:{seed}:{index}")
    when = START + dt.timedelta(minutes=r.randint(0, SPAN_MINUTES))
    themes = tuple(r.sample(sorted(w["themes"]), r.randint(1, 3)))
    outlet = str(r.choice(w["outlets"]))
    section = str(r.choice(w["sections"]))
    slots = _Slots(r, when, themes, outlet)
    title = slots.fill(r.choice(w["titles"]))
    wire: tuple[int, ...] = ()
    if r.random() < WIRE_SHARE:
        block = index // BLOCK
        wire = tuple(sorted({block + r.randint(0, 1) for _ in range(r.randint(1, 2))}))
    target = r.randint(4000, 6000)
    paragraphs: list[str] = []
    size = 0
    wire_at = {r.randint(1, 4): number for number in wire}
    while size < target:
        if len(paragraphs) in wire_at:
            text = wire_passage(wire_at.pop(len(paragraphs)), seed)
        else:
            text = _paragraph(slots, r.randint(3, 5))
        paragraphs.append(text)
        size += len(text.encode("utf-8")) + 2
    for number in wire_at.values():  # a short article still reprints its wire copy
        paragraphs.append(wire_passage(number, seed))
    slug = f"{_slugify(title)}-{index}"
    return Article(index, slug, title, when, outlet, section, themes, tuple(paragraphs), wire)


def edited(article: Article, note: str) -> Article:
    """The same article with one sentence added to its last paragraph: the benchmark's one-article edit."""
    last = f"{article.paragraphs[-1]} {note}"
    return dataclasses.replace(article, paragraphs=(*article.paragraphs[:-1], last))


def _markdown_body(a: Article, seed: int) -> str:
    r = random.Random(f"warta-bench-md:{seed}:{a.index}")
    fillers, themes = words()["fillers"], words()["themes"]
    out: list[str] = []
    for k, p in enumerate(a.paragraphs):
        if k > 0 and k % 4 == 0 and r.random() < 0.6:
            out.append(f"## {str(r.choice(fillers)).title()} dan {r.choice(themes[r.choice(a.themes)])}")
        if k > 1 and r.random() < 0.1:
            out.append(f"> {p}")
        else:
            out.append(p)
    return "\n\n".join(out) + "\n"


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_md(a: Article, seed: int = 0) -> str:
    """Markdown with YAML front matter, as warta reads it."""
    head = ["---", f"title: {_yaml_str(a.title)}", f"date: {a.date:%Y-%m-%d}",
            f"tags: [{', '.join(a.themes)}]", f"outlet: {_yaml_str(a.outlet)}", "---", ""]
    return "\n".join(head) + "\n" + _markdown_body(a, seed)


def render_hugo(a: Article, seed: int = 0) -> str:
    """Markdown for Hugo's content/posts/."""
    head = ["---", f"title: {_yaml_str(a.title)}", f"date: {a.date:%Y-%m-%dT%H:%M:00+07:00}",
            f"tags: [{', '.join(a.themes)}]", f"slug: {a.slug}", f"outlet: {_yaml_str(a.outlet)}", "---", ""]
    return "\n".join(head) + "\n" + _markdown_body(a, seed)


def render_pelican(a: Article, seed: int = 0) -> str:
    """Markdown with Pelican's metadata lines."""
    head = [f"Title: {a.title}", f"Date: {a.date:%Y-%m-%d %H:%M}", f"Tags: {', '.join(a.themes)}",
            f"Category: {a.section}", f"Slug: {a.slug}", f"Outlet: {a.outlet}", ""]
    return "\n".join(head) + "\n" + _markdown_body(a, seed)


def render_scrape(a: Article, seed: int = 0) -> str:
    """Raw text as copied out of a news page, boilerplate and all."""
    r = random.Random(f"warta-bench-scrape:{seed}:{a.index}")
    kit = words()["scrape"]
    slots = _Slots(r, a.date, a.themes, a.outlet)
    day = a.date.date()
    lines = [slots.fill(r.choice(kit["breadcrumbs"])), "", a.title]
    if r.random() < 0.6:
        lines.append(a.title)
    lines += [slots.fill(r.choice(kit["views"])), slots.fill(r.choice(kit["outlet_lines"])), ""]
    dateline = r.choice(kit["datelines"])
    dateline = dateline.replace("{dayname_date}", id_dayname_date(day)).replace("{date}", id_date(day))
    caption_at = r.randint(2, max(2, len(a.paragraphs) - 2))
    ad = 0
    for k, p in enumerate(a.paragraphs):
        lines += [f"{slots.fill(dateline)} {p}" if k == 0 else p, ""]
        if k in (1, 4, 8) or (k > 8 and r.random() < 0.2):
            ad += 1
            lines += [f"Iklan {ad}", "", "Konten artikel", ""]
        if k > 0 and r.random() < 0.3:
            other = slots.fill(r.choice(words()["titles"]))
            lines += [r.choice(kit["related"]).replace("{other}", other), ""]
        if k == caption_at:
            lines += [slots.fill(r.choice(kit["captions"])), ""]
    lines.append(str(r.choice(kit["closers"])))
    return "\n".join(lines) + "\n"


def warta_format(index: int) -> str:
    """The format of article ``index`` in warta's benchmark corpus: 20% md, 80% scrape."""
    return "md" if index % 5 == 4 else "scrape"


def file_name(index: int, fmt: str) -> str:
    """The file an article is written to, for a format."""
    kind = warta_format(index) if fmt == "warta" else fmt
    return f"{index:06d}.txt" if kind == "scrape" else f"{index:06d}.md"


def render(a: Article, fmt: str, seed: int = 0) -> str:
    """The text of an article in a format."""
    kind = warta_format(a.index) if fmt == "warta" else fmt
    renderers: dict[str, Callable[[Article, int], str]] = {
        "scrape": render_scrape, "md": render_md, "hugo": render_hugo, "pelican": render_pelican}
    if kind not in renderers:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return renderers[kind](a, seed)


def write_article(a: Article, out_dir: Path, fmt: str, seed: int = 0) -> Path:
    """Write one article into ``out_dir``; return its path."""
    path = out_dir / file_name(a.index, fmt)
    path.write_text(render(a, fmt, seed), encoding="utf-8")
    return path


def write_corpus(n: int, out_dir: Path, fmts: tuple[str, ...], seed: int = 0) -> list[Article]:
    """Write articles 0..n-1 into ``out_dir/<format>/`` for each format (or ``out_dir`` for one); return them."""
    targets = {fmt: (out_dir / fmt if len(fmts) > 1 else out_dir) for fmt in fmts}
    for folder in targets.values():
        folder.mkdir(parents=True, exist_ok=True)
    articles = []
    for i in range(n):
        a = make_article(i, seed)
        for fmt, folder in targets.items():
            write_article(a, folder, fmt, seed)
        articles.append(a)
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out_dir", type=Path, help="folder to write into (created when missing)")
    parser.add_argument("--format", choices=FORMATS, default="warta")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    write_corpus(args.n, args.out_dir, (args.format,), args.seed)
    print(f"wrote {args.n} articles ({args.format}) into {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
