"""warta: a static news-aggregation website generator."""

from __future__ import annotations

__version__ = "0.1.0"
