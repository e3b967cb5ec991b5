"""The site configuration: built-in defaults, overridden by ``site.yaml`` when present."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.errors import ConfigError
from warta.yamlio import parse


@dataclass(frozen=True)
class ThemesConfig:
    """Where the theme lexicons come from and how sure a tag must be."""

    lexicon: str | None = None  # a YAML file that extends or overrides the built-in themes
    threshold: float = 3.5
    replace: bool = False  # true: the lexicon file replaces the built-in themes


@dataclass(frozen=True)
class DataConfig:
    """Extra data files that extend the built-in YAML tables."""

    boilerplate: str | None = None
    outlets: str | None = None
    dates: str | None = None
    events: str | None = None


@dataclass(frozen=True)
class SiteConfig:
    """Everything a build needs to know that is not in the articles."""

    title: str = "Warta"
    description: str | None = None  # None: the message catalogue's, in the UI language (site.description)
    language: str = "auto"  # UI language: "auto" takes the articles' majority language
    base_url: str = "https://example.org/"
    input_dir: str = "seeds"
    output_dir: str = "_site"
    templates_dir: str = "templates"
    static_dir: str = "static"
    about: str = "about.md"
    page_size: int = 20  # articles per page of a listing (home, theme, outlet)
    feed_size: int = 50  # newest articles in each feed
    build_date: dt.date | None = None  # None: SOURCE_DATE_EPOCH, else today
    max_file_bytes: int = 5_000_000
    cache_dir: str | None = ".warta-cache"  # extracted articles, reused while nothing they depend on changes
    default_language: str = "id"  # when detection has too little text to go on
    themes: ThemesConfig = field(default_factory=ThemesConfig)
    data: DataConfig = field(default_factory=DataConfig)
    root: Path = field(default=Path("."), compare=False)  # the project folder; not a site.yaml key
    # Processes a build may use, 0: every usable CPU; only from --jobs. Left out of repr, which the build
    # record fingerprints: the output is the same whatever the number.
    jobs: int = field(default=0, compare=False, repr=False)

    def path(self, relative: str) -> Path:
        """A configured path resolved against the project root."""
        return (self.root / relative).resolve()

    def data_files(self) -> list[Path]:
        """The extra data tables site.yaml names (boilerplate, outlets, dates, events), resolved."""
        named = (getattr(self.data, f.name) for f in dataclasses.fields(self.data))
        return [self.path(name) for name in named if name]

    def content_files(self) -> list[Path]:
        """Every file besides articles, templates and static files that the site is made from: the extra
        data tables, the theme lexicon, the About page and its translations (``about.en.md``, ...)."""
        files = self.data_files()
        if self.themes.lexicon:
            files.append(self.path(self.themes.lexicon))
        if self.about:
            about = self.path(self.about)
            files += sorted(about.parent.glob(f"{about.stem}*{about.suffix}")) or [about]
        return files

    @property
    def today(self) -> dt.date:
        """The build date: no article is published after it."""
        if self.build_date is not None:
            return self.build_date
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.strip().isdigit():
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        return dt.datetime.now(tz=dt.UTC).date()


_NOT_KEYS = {"root", "jobs"}


def load_config(root: Path, file: Path | None = None) -> SiteConfig:
    """Read ``site.yaml`` (or ``file``) from ``root``; built-in defaults when there is none."""
    root = root.resolve()
    path = file if file is not None else root / "site.yaml"
    if not path.exists():
        if file is not None:
            raise ConfigError("configuration file not found", str(path))
        return _own_folders(SiteConfig(root=root), set())
    display = _display(path, root)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", display) from None
    doc = parse(text, display, error=ConfigError)
    if doc.data is None:
        return _own_folders(SiteConfig(root=root), set())
    if not isinstance(doc.data, dict):
        raise ConfigError("expected a mapping of settings at the top level", display, 1)
    values = _build(SiteConfig, doc.data, "", doc.lines, display)
    return _own_folders(dataclasses.replace(SiteConfig(root=root), **values), set(values))


# warta's own templates and static files, beside src/ in its checkout (an editable install, as .ci/setup makes)
_OWN = Path(__file__).resolve().parents[2]


def _own_folders(config: SiteConfig, given: set[str]) -> SiteConfig:
    """``config`` with warta's own templates and static files where the project has none of its own and
    site.yaml names none: a project that is only a folder of articles (``warta build --root ~/story``) builds
    with the default look; a folder site.yaml names is kept as named."""
    def own(key: str, folder: str) -> str:
        if key in given or (config.root / folder).exists() or not (_OWN / folder).is_dir():
            return folder
        return str(_OWN / folder)

    return dataclasses.replace(config, templates_dir=own("templates_dir", config.templates_dir),
                               static_dir=own("static_dir", config.static_dir))


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)


def _build(cls: type, data: dict[str, Any], prefix: str, lines: dict[str, int], display: str) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    allowed = [f.name for f in dataclasses.fields(cls) if f.name not in _NOT_KEYS]
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        line = lines.get(name)
        if key not in allowed:
            raise ConfigError(
                f"unknown key '{name}'; allowed keys are: {', '.join(prefix + a for a in allowed)}", display, line
            )
        out[key] = _coerce(hints[key], value, name, lines, display)
    return out


def _coerce(hint: Any, value: Any, name: str, lines: dict[str, int], display: str) -> Any:
    line = lines.get(name)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        if not isinstance(value, dict):
            raise ConfigError(f"'{name}' must be a mapping, not {_kind(value)}", display, line)
        return hint(**_build(hint, value, name + ".", lines, display))
    options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    if value is None and type(None) in options:
        return None
    for option in options:
        if option is bool and isinstance(value, bool):
            return value
        if option is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        if option is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if option is str and isinstance(value, str):
            return value
        if option is dt.date and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if option is dt.date and isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ConfigError(f"'{name}' is {value!r}, which is not a date (YYYY-MM-DD)", display, line) from None
    wanted = " or ".join(_type_name(o) for o in options)
    raise ConfigError(f"'{name}' must be {wanted}, not {_kind(value)}", display, line)


def _type_name(hint: Any) -> str:
    names = {str: "a string", int: "a whole number", float: "a number", bool: "true or false",
             dt.date: "a date (YYYY-MM-DD)", type(None): "null"}
    return names.get(hint, getattr(hint, "__name__", str(hint)))


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return f"{value!r} ({type(value).__name__})"
