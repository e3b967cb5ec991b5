"""Articles and themes made to order, for the site, feed and URL tests (no extraction involved)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from warta import pipeline, write
from warta.config import SiteConfig
from warta.model import Article, Block, Evidence, Language, PublishedDate, Removed, ThemeMatch
from warta.topics import Theme

ROOT = Path(__file__).resolve().parents[1]
BASE_URL = "https://user.github.io/repo/"

THEMES = (
    Theme("banjir", {"id": "Banjir", "en": "Floods"}, {"id": "Banjir dan genangan.", "en": "Floods and inundation."}),
    Theme("politik", {"id": "Politik", "en": "Politics"}, {"id": "Pemilu dan partai.", "en": "Elections and parties."}),
    Theme("kosong", {"id": "Kosong", "en": "Empty"}, {"id": "Tema tanpa artikel.", "en": "A theme with no article."}),
)


def article(n: int, **changes: Any) -> Article:
    """Article number ``n``: dated 2024-06-(n+1), Indonesian, from outlet A or B, on the flood theme."""
    blocks = (
        Block("paragraph", f"Hujan deras membuat banjir di kota {n}. Warga mengungsi ke tempat aman.", 3),
        Block("heading", "Dampak <banjir>", 5, level=2),
        Block("paragraph", "Pemerintah & relawan membagikan bantuan.", 7),
        Block("paragraph", "Satu", 8, style="list"),
        Block("paragraph", "Dua", 9, style="list"),
        Block("paragraph", "Kami bekerja sepanjang malam.", 10, style="quote"),
    )
    base = Article(
        id=f"art-{n:03d}",
        slug=f"artikel-{n:03d}",
        source=f"seeds/{n:03d}.txt",
        format="txt",
        title=f"Banjir melanda kota {n}",
        outlet="Kabar A" if n % 2 else "Warta B",
        site="kliping.example",
        url=f"https://news.example/{n}",
        published=PublishedDate(dt.date(2024, 6, 1 + n % 28), "day", "text", "19 Juni 2024"),
        language=Language("id", 0.99),
        credits=("Ani", "Budi"),
        blocks=blocks,
        removed=(Removed("Iklan", "ads", 2), Removed("Baca juga: lainnya", "read-also", 4)),
        word_count=240,
        reading_minutes=2,
        digest=f"{n:064d}",
        themes=(ThemeMatch("banjir", 5.0, (Evidence(0, ("banjir",), blocks[0].text),)),),
    )
    return dataclasses.replace(base, **changes)


def config(tmp: Path, **changes: Any) -> SiteConfig:
    """A configuration for a site written to ``tmp/_site``, served at BASE_URL."""
    values: dict[str, Any] = {"base_url": BASE_URL, "output_dir": str(tmp / "_site"),
                              "build_date": dt.date(2026, 11, 21), "templates_dir": "templates",
                              "static_dir": "static", "about": "about.md"}
    values.update(changes)
    return dataclasses.replace(SiteConfig(root=ROOT), **values)


def build(articles: Sequence[Article], cfg: SiteConfig, themes: Sequence[Theme] = THEMES
          ) -> tuple[pipeline.Site, dict[str, bytes]]:
    """Render a site the way the build does and write it into cfg.output_dir; the files, by path."""
    analysis = pipeline.Analysis(tuple(articles), (), tuple(themes))  # type: ignore[arg-type]
    built = pipeline.render_site(analysis, cfg)
    write.publish(built.files, cfg.path(cfg.static_dir), cfg.path(cfg.output_dir))
    return built, {f.path: f.data for f in built.files}
