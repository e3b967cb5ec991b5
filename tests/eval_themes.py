"""Theme tagging measured against labelled articles: per-theme precision and recall.

Run: .venv/bin/python tests/eval_themes.py [--threshold 3.0] [--errors] [--bench 10000]

The labelled set is tests/data/themes/: each ``<name>.json`` names the themes a human expects. Own articles
are ``<name>.txt`` beside it (first line the title, paragraphs separated by blank lines, ``## `` headings);
a seed is referenced by ``"seed"`` and read with a simple reader until the real cleaner is wired in.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from warta.config import ThemesConfig
from warta.model import Article, Block, Language
from warta.topics import Lexicon, load_lexicon, tag

ROOT = Path(__file__).resolve().parents[1]
# The unprefixed figures are over the articles in these languages, the set their floors were first pinned on;
# "all." figures cover every labelled article and "<lang>." figures each language's own.
BASE_LANGUAGES = ("id", "en")
LABELS = Path(__file__).resolve().parent / "data" / "themes"


def make_article(
    title: str,
    blocks: Sequence[Block | str],
    language: str = "id",
    name: str = "test",
    themes_set: tuple[str, ...] = (),
    themes_unset: tuple[str, ...] = (),
) -> Article:
    """An article with simple values in every field the tagger does not read."""
    body = tuple(b if isinstance(b, Block) else Block("paragraph", b, i + 1) for i, b in enumerate(blocks))
    words = sum(len(b.text.split()) for b in body)
    return Article(
        id=name, slug=name, source=f"tests/{name}.txt", format="txt", title=title, outlet=None, site=None, url=None,
        published=None, language=Language(language, 1.0, "front_matter"), credits=(), blocks=body, removed=(),
        word_count=words, reading_minutes=max(1, words // 200), digest=name,
        themes_set=themes_set, themes_unset=themes_unset,
    )


def read_labelled_text(text: str) -> tuple[str, list[Block]]:
    """Own test articles: the first line is the title, blank lines part paragraphs, ``## `` starts a heading."""
    chunks = [c.strip() for c in text.strip().split("\n\n") if c.strip()]
    blocks = []
    for n, chunk in enumerate(chunks[1:], 2):
        if chunk.startswith("## "):
            blocks.append(Block("heading", chunk[3:].strip(), n, level=2))
        else:
            blocks.append(Block("paragraph", " ".join(chunk.split()), n))
    return chunks[0], blocks


def read_seed_text(text: str) -> list[Block]:
    """A stand-in for the cleaner: blank lines part blocks, short lines are headings or dropped."""
    blocks = []
    for n, chunk in enumerate(text.split("\n\n"), 1):
        line = " ".join(chunk.split())
        if len(line) >= 40:
            blocks.append(Block("paragraph", line, n))
        elif len(line.split()) >= 3 and not line.endswith((".", "!", "?", ":", "…")):
            blocks.append(Block("heading", line, n, level=2))
    return blocks


@dataclass(frozen=True)
class Labelled:
    name: str
    article: Article
    expected: frozenset[str]


def labelled_articles() -> list[Labelled]:
    """Every labelled article, sorted by name."""
    out = []
    for meta_path in sorted(LABELS.glob("*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        name = meta_path.stem
        if "seed" in meta:
            title = meta["title"]
            text = (ROOT / "seeds" / meta["seed"]).read_text(encoding="utf-8")
            blocks = [b for b in read_seed_text(text) if b.text != title]
        else:
            title, blocks = read_labelled_text(meta_path.with_suffix(".txt").read_text(encoding="utf-8"))
        article = make_article(title, blocks, meta["language"], name)
        out.append(Labelled(name, article, frozenset(meta["expected"])))
    return out


def default_lexicon() -> Lexicon:
    return load_lexicon(ThemesConfig(), ROOT)


def measure(threshold: float | None = None, lexicon: Lexicon | None = None) -> dict[str, float]:
    """Precision and recall per theme ("<id>.precision", "<id>.recall") and their macro averages over the
    Indonesian and English articles, again over every labelled article ("all.<id>.precision") and per
    article language ("<lang>.<id>.precision", "<lang>.macro.recall", ...).

    Precision of a theme that was never predicted is 1.0 (its recall shows the miss).
    """
    lexicon = lexicon or default_lexicon()
    threshold = ThemesConfig().threshold if threshold is None else threshold
    items = labelled_articles()
    tagged = tag([i.article for i in items], lexicon, threshold)
    pairs = list(zip(items, tagged, strict=True))
    out = _figures([p for p in pairs if p[0].article.language.code in BASE_LANGUAGES], lexicon, "")
    out.update(_figures(pairs, lexicon, "all."))
    for language in sorted({i.article.language.code for i in items}):
        out.update(_figures([p for p in pairs if p[0].article.language.code == language], lexicon, f"{language}."))
    return out


def _figures(pairs: Sequence[tuple[Labelled, Article]], lexicon: Lexicon, prefix: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for theme in lexicon.themes:
        tp = fp = fn = 0
        for item, article in pairs:
            got = theme.id in {m.theme for m in article.themes}
            want = theme.id in item.expected
            tp += got and want
            fp += got and not want
            fn += want and not got
        out[f"{prefix}{theme.id}.precision"] = tp / (tp + fp) if tp + fp else 1.0
        out[f"{prefix}{theme.id}.recall"] = tp / (tp + fn) if tp + fn else 1.0
        out[f"{prefix}{theme.id}.support"] = float(tp + fn)
    ids = [t.id for t in lexicon.themes]
    out[f"{prefix}macro.precision"] = sum(out[f"{prefix}{t}.precision"] for t in ids) / len(ids)
    out[f"{prefix}macro.recall"] = sum(out[f"{prefix}{t}.recall"] for t in ids) / len(ids)
    return out


def mismatches(threshold: float | None = None) -> list[str]:
    """One line per labelled article whose themes differ from the expected ones."""
    lexicon = default_lexicon()
    threshold = ThemesConfig().threshold if threshold is None else threshold
    items = labelled_articles()
    lines = []
    for item, article in zip(items, tag([i.article for i in items], lexicon, threshold), strict=True):
        got = {m.theme for m in article.themes}
        if got != item.expected:
            from warta.topics import scores

            detail = ", ".join(f"{m.theme}={m.score:.2f}" for m in scores(item.article, lexicon))
            lines.append(
                f"{item.name}: missing {sorted(item.expected - got)} extra {sorted(got - item.expected)} [{detail}]"
            )
    return lines


def bench(count: int, size: int = 5000) -> tuple[float, float]:
    """CPU seconds to tag ``count`` articles of ``size`` characters made of labelled paragraphs: cold, warm.

    A fifth of the paragraphs get a made-up word, so the per-word cache keeps meeting new words.
    """
    rng = random.Random(7)
    paragraphs = [(b.text, i.article.language.code) for i in labelled_articles() for b in i.article.paragraphs]
    articles = []
    for n in range(count):
        body: list[str] = []
        language = rng.choice(paragraphs)[1]
        while sum(map(len, body)) < size:
            text, lang = rng.choice(paragraphs)
            if lang == language:
                body.append(text if rng.random() < 0.8 else f"{text} kata{rng.randrange(10**6)}")
        articles.append(make_article(body[0][:80], body, language, f"bench{n}"))
    lexicon = default_lexicon()
    start = time.process_time()
    tag(articles, lexicon, 3.0)
    cold = time.process_time() - start
    start = time.process_time()
    tag(articles, lexicon, 3.0)
    return cold, time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--errors", action="store_true", help="list the articles tagged differently from labels")
    parser.add_argument("--bench", type=int, metavar="N", help="time tagging N articles of 5 KB instead")
    args = parser.parse_args()
    if args.bench:
        cold, warm = bench(args.bench)
        print(f"{args.bench} articles x 5 KB: {cold:.2f} s CPU with a cold word cache, {warm:.2f} s warm")
        return
    result = measure(args.threshold)
    ids = [t.id for t in default_lexicon().themes]
    languages = sorted({k.split(".")[0] for k in result if k.count(".") == 2} - {"all"})
    print(f"{len(labelled_articles())} labelled articles, threshold {args.threshold or ThemesConfig().threshold}")
    print(f"{'theme':<18} {'support':>7} {'precision':>9} {'recall':>7}   precision/recall by language")
    print(f"{'':<18} {'':>7} {'':>9} {'':>7}   " + " ".join(f"{code:>9}" for code in languages))
    for tid in ids:
        by_language = " ".join(
            f"{result[f'{code}.{tid}.precision']:>4.2f}/{result[f'{code}.{tid}.recall']:<4.2f}"
            if result[f"{code}.{tid}.support"] or result[f"{code}.{tid}.precision"] < 1 else f"{'-':>9}"
            for code in languages
        )
        print(f"{tid:<18} {result['all.' + tid + '.support']:>7.0f} {result['all.' + tid + '.precision']:>9.2f} "
              f"{result['all.' + tid + '.recall']:>7.2f}   {by_language}")
    by_language = " ".join(f"{result[f'{c}.macro.precision']:>4.2f}/{result[f'{c}.macro.recall']:<4.2f}"
                           for c in languages)
    print(f"{'macro':<18} {'':>7} {result['all.macro.precision']:>9.2f} {result['all.macro.recall']:>7.2f}   "
          f"{by_language}")
    if args.errors:
        print("\n".join(mismatches(args.threshold)) or "no mismatches")


if __name__ == "__main__":
    main()
