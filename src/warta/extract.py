"""Turn one RawDocument into an Article: text parts, front matter, dates, language, story features."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from warta import dates, language, markdown, reading, scrape, stories, urls
from warta.clean import Rules, load_rules
from warta.config import SiteConfig
from warta.errors import ContentError, Diagnostic
from warta.meta import Outlets, credited, load_outlets, split_names
from warta.model import Article, Block, Language, Line, PublishedDate, RawDocument, TextParts

_KNOWN_KEYS = frozenset({
    "title", "outlet", "site", "date", "url", "language", "lang", "themes", "themes_remove",
    "slug", "id", "credits", "author", "authors",
})
_JEKYLL_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-.")  # a Jekyll post's file name: 2024-06-19-title.md
_URL_UNSAFE = re.compile(r'[\s<>"`\\]')  # never in a URL as written; a sign of markup
TITLE_MAX_CHARS = 300  # the longest headlines run to about 200 characters; a longer one found in a text is none


@dataclass(frozen=True)
class Tables:
    """The data tables extraction reads, loaded once per build."""

    rules: Rules
    outlets: Outlets
    date_words: dates.DateWords
    story: stories.StoryRules
    story_key: str  # stories.tables_key of date_words and story
    reading: reading.Rates


def load_tables(config: SiteConfig) -> Tables:
    """Load the built-in YAML tables, extended by the files site.yaml names."""
    def extra(name: str | None) -> Path | None:
        return config.path(name) if name else None

    words = dates.load_words(extra(config.data.dates))
    story = stories.load_rules(extra(config.data.events))
    return Tables(
        rules=load_rules(extra(config.data.boilerplate), words),
        outlets=load_outlets(extra(config.data.outlets)),
        date_words=words,
        story=story,
        story_key=stories.tables_key(words, story),
        reading=reading.load_rates(),
    )


def article(doc: RawDocument, tables: Tables, config: SiteConfig,
            profiles: language.Profiles | None = None) -> Article:
    """Extract one article; ContentError when the file gives nothing to publish.

    ``profiles``: langdetect's profiles (language.profiles); by default loaded from its JSON files once
    per process. Not one of ``tables``: the cache keeps the profiles as a table of their own, loaded only
    when an article's language is detected."""
    fm = doc.front_matter
    given = _text_field(doc, "title")
    if doc.format == "md":  # a Markdown body's first H1 is the title unless front matter gives one
        parts: TextParts = _markdown_parts(doc, tables, given)
    else:
        parts = scrape.read_text(doc.body, tables.rules, tables.outlets)
    title = given or parts.title
    untitled: list[Diagnostic] = []
    lead = scrape.lead_title(parts.blocks, tables.rules) if not title else None
    if lead is not None:  # a news brief has no headline: its first sentence names it, as a feed reader does
        title = lead[0]
        untitled.append(Diagnostic(doc.path, lead[1], "no headline: the title is the text's first sentence; "
                                   "set 'title:' in front matter to give one"))
    if not title:
        raise _no_title(doc, parts)
    # A title found in the text that runs this long is a paragraph taken for one; a title front matter gives is
    # the writer's own, kept as given (the slug and file names made from it are bounded: urls.slug).
    if len(title) > TITLE_MAX_CHARS and not given:
        raise ContentError(f"title is {len(title):,} characters long, more than {TITLE_MAX_CHARS}: not a headline; "
                           "set 'title:' in front matter", doc.path, parts.title_line)
    blocks = parts.blocks
    credits, credit_warnings = _credits(doc, tables.rules, tables.outlets)
    warnings = list(doc.warnings) + list(parts.warnings) + untitled + credit_warnings
    if not any(b.type == "paragraph" for b in blocks):
        line = parts.title_line or (doc.body[0].number if doc.body else 1)
        warnings.append(Diagnostic(doc.path, line, "no body text: only a title was found"))
    body_text = "\n".join(b.text for b in blocks)
    lang = _language(doc, title, body_text, config, profiles)
    published = _published(doc, parts, tables, config, lang.code)
    length = reading.measure(body_text, tables.reading)
    themes = _theme_list(doc, "themes")
    removed_themes = _theme_list(doc, "themes_remove")
    removed_themes += tuple(t[1:] for t in themes if t.startswith("-"))
    found = Article(
        id=_front_slug(doc, "id") or slugify(doc.stem) or doc.digest[:12],
        slug=_front_slug(doc, "slug") or slugify(title) or slugify(doc.stem) or doc.digest[:12],
        source=doc.path,
        format=doc.format,
        title=title,
        # two organisations may share a name (APA): the article's language tells which one wrote it
        outlet=_named_outlet(_text_field(doc, "outlet"), tables.outlets, lang.code)
        or (tables.outlets.in_language(parts.outlet, lang.code) if parts.outlet else None)
        or _outlet_of(_url(doc), tables.outlets)
        or _author_outlet(doc, tables.outlets, lang.code),
        site=_text_field(doc, "site") or parts.site,
        url=_url(doc),
        published=published,
        language=lang,
        # "Reporting by Reuters": an outlet's name credits nobody, in the text as in front matter
        credits=credits or tuple(name for name in parts.credits if not tables.outlets.resolve(name)),
        blocks=blocks,
        removed=parts.removed,
        word_count=length.words,
        reading_minutes=length.minutes,
        digest=doc.digest,
        themes_set=tuple(t for t in themes if not t.startswith("-")),
        themes_unset=removed_themes,
        extra={k: v for k, v in fm.items() if k not in _KNOWN_KEYS},
        front_matter_lines=dict(doc.front_matter_lines),
        warnings=tuple(warnings),
    )
    features = stories.features(found, tables.date_words, tables.story, tables.story_key)
    return dataclasses.replace(found, story_features=features)


def _markdown_parts(doc: RawDocument, tables: Tables, given: str | None) -> TextParts:
    """A Markdown body's parts. Without a title in front matter or a first ``# H1``, a note or a page saved
    as ``.md`` often opens with its headline as a plain line: the title is the line scraped text would take
    as its headline, and the paragraph that repeats it leaves the body (a "title-repeat")."""
    parts = markdown.read_markdown(doc.body, tables.rules, tables.outlets, given)
    if given or parts.title:
        return parts
    headline = scrape.read_text(doc.body, tables.rules, tables.outlets)
    if not headline.title:
        return parts
    parts = markdown.read_markdown(doc.body, tables.rules, tables.outlets, headline.title)
    return dataclasses.replace(parts, title=headline.title, title_line=headline.title_line)


def _named_outlet(given: str | None, outlets: Outlets, language: str) -> str | None:
    """The outlet front matter names, under its display name when it is another spelling of a known one
    ("AP News", "Kompas.com": AP, Kompas), so that one outlet has one page whoever wrote the file; as written
    otherwise."""
    if given is None:
        return None
    known = outlets.resolve(given)
    return outlets.in_language(known, language) if known else given


def _outlet_of(url: str | None, outlets: Outlets) -> str | None:
    """The known outlet whose domain the article's original address is on (``https://apnews.com/...``: AP),
    when neither front matter nor the text names one."""
    return outlets.resolve(url) if url else None


def _author_outlet(doc: RawDocument, outlets: Outlets, language: str) -> str | None:
    """The known outlet front matter names as the author (``author: 共同通信``, ``author: Reuters``, as a
    clipper writes a page's author), when nothing else names the outlet; it credits no one (``credited``)."""
    for key in ("credits", "authors", "author"):
        value = doc.front_matter.get(key)
        if value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            name = item.get("name") if isinstance(item, dict) else item
            known = outlets.resolve(markdown.wiki_words(name)) if isinstance(name, str) else None
            if known:
                return outlets.in_language(known, language)
        return None
    return None


def _no_title(doc: RawDocument, parts: TextParts) -> ContentError:
    """Why a file gives nothing to publish, in the words that help its author most."""
    text_lines = [line for line in doc.body if line.text.strip()]
    if not text_lines:
        if doc.front_matter:
            return ContentError("no text: nothing follows the front matter, and it has no 'title'", doc.path)
        if any(line.text for line in doc.body):
            return ContentError("no text: the file holds only white space", doc.path)
        return ContentError("no text: the file is empty", doc.path)
    first = text_lines[0].number
    if not parts.blocks:
        return ContentError(f"no text: all {len(text_lines)} lines with text are boilerplate (menus, share "
                            "buttons, credits), none is article text", doc.path, first)
    return ContentError("no title: no line looks like a headline; set 'title:' in front matter", doc.path, first)


def slugify(text: str) -> str:
    """A lowercase ASCII slug: letters, digits and single hyphens, at most 80 characters."""
    return urls.slug(text)


def _fm_error(doc: RawDocument, key: str, message: str) -> ContentError:
    return ContentError(f"front matter: {message}", doc.path, doc.front_matter_lines.get(key, 1))


def _text_field(doc: RawDocument, key: str) -> str | None:
    value = doc.front_matter.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _fm_error(doc, key, f"'{key}' must be text, not {type(value).__name__}")
    text = " ".join(str(value).split())
    return text or None


def _front_slug(doc: RawDocument, key: str) -> str | None:
    value = _text_field(doc, key)
    if value is None:
        return None
    slug = slugify(value)
    if not slug:
        raise _fm_error(doc, key, f"'{key}' is {value!r}, which has no letters or digits to make a path from")
    return slug


def _url(doc: RawDocument) -> str | None:
    """The article's address: front matter's ``url``, else the address a scraped page was pasted under (its
    first line, alone: how a reader's "copy link, copy text" keeps it) or over (its last line, alone, an
    address with a path: "copy text, copy link")."""
    value = _text_field(doc, "url")
    if value is None:
        if doc.format != "txt":
            return None
        lines = [line.text.strip() for line in doc.body if line.text.strip()]
        first, last = (lines[0], lines[-1]) if lines else ("", "")
        if first.split() == [first] and _is_web_url(first):
            return first
        return last if last.split() == [last] and _is_web_url(last) and urlsplit(last).path.strip("/") else None
    if not _is_web_url(value):
        raise _fm_error(doc, "url", f"'url' is {value!r}, which is not an http(s) URL")
    return value


def _is_web_url(value: str) -> bool:
    if _URL_UNSAFE.search(value):
        return False
    try:
        parts = urlsplit(value)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed "[" in an IPv6 host
        return False


def _credits(doc: RawDocument, rules: Rules, outlets: Outlets) -> tuple[tuple[str, ...], list[Diagnostic]]:
    """The names front matter credits, and a warning for each entry that gives none.

    An entry is a name, or a mapping with a ``name`` (the Hugo and Jekyll author shape: ``name:``,
    ``twitter:``, ``url:``...), or several names in one text as a byline lists them ("Guy Faulconbridge, Josh
    Smith", as MarkDownload writes a page's byline), read as bylines are when each gives a whole name
    ("Smith, John" stays one). A credit is never worth losing the article for: any other entry is
    reported and skipped."""
    for key in ("credits", "authors", "author"):
        value = doc.front_matter.get(key)
        if value is None:
            continue
        names: list[str] = []
        warnings: list[Diagnostic] = []
        line = doc.front_matter_lines.get(key, 1)
        for item in value if isinstance(value, list) else [value]:
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, str):
                name = " ".join(markdown.wiki_words(name).split())
                several = split_names(name, rules) if _SEVERAL_NAMES.search(name) else []
                if len(several) > 1 and all(" " in n for n in several):
                    names.extend(several)
                else:  # one name, as a byline gives it: "财新记者 张静" is 张静; an outlet's name credits nobody
                    names.extend(filter(None, [credited(name, rules, outlets)] if name else []))
                continue
            if isinstance(item, dict) and "name" in item:
                why = f"the 'name' of an entry of '{key}' is {type(name).__name__}, not text"
            elif isinstance(item, dict):
                shown = ", ".join(str(k) for k in item) or "none"
                why = f"an entry of '{key}' has no 'name' (its keys: {shown})"
            else:
                why = f"an entry of '{key}' is {type(item).__name__}, not a name"
            warnings.append(Diagnostic(doc.path, line, f"front matter: {why}; no credit taken from it"))
        return tuple(names), warnings
    return (), []


def _theme_list(doc: RawDocument, key: str) -> tuple[str, ...]:
    value: Any = doc.front_matter.get(key)
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise _fm_error(doc, key, f"'{key}' must be a theme id or a list of theme ids")
    return tuple(v.strip().lower() for v in items if v.strip())


def _language(doc: RawDocument, title: str, body: str, config: SiteConfig,
              profiles: language.Profiles | None) -> Language:
    value = _text_field(doc, "language") or _text_field(doc, "lang")
    if value is not None:
        code = value.lower().replace("_", "-").split("-")[0]
        if not re.fullmatch(r"[a-z]{2}", code):
            key = "language" if "language" in doc.front_matter else "lang"
            raise _fm_error(doc, key, f"'{key}' is {value!r}, which is not an ISO 639-1 code such as 'id' or 'en'")
        return Language(code, 1.0, "front_matter")
    return language.detect(f"{title}\n{body}", config.default_language, profiles)


def _published(
    doc: RawDocument, parts: TextParts, tables: Tables, config: SiteConfig, language: str
) -> PublishedDate | None:
    fm: Mapping[str, Any] = doc.front_matter
    today = config.today
    if fm.get("date") is not None:
        value = fm["date"]
        parsed = dates.parse_date_value(value)
        if parsed is None:
            raise _fm_error(doc, "date", f"'date' is {str(value)!r}, which is not a calendar date")
        day, precision = parsed
        if day > today:
            raise _fm_error(doc, "date", f"'date' is {day.isoformat()}, later than the build date {today.isoformat()}")
        return PublishedDate(day, precision, "front_matter", str(value))
    named = _file_name_date(doc, today)
    if named is not None:
        return named
    # the lines extraction took out as only a date (rule "dateline") are the page's own date stamps
    stamps = tuple(Line(r.line, r.text) for r in parts.removed if r.rule == "dateline")
    found = dates.publication_date(doc.body, parts.blocks, tables.date_words, today, language, stamps)
    # a news site's address often dates its story ("/2024/06/19/", "...-2024-06-19/"): stated by the site, it
    # beats a date inferred from the text or a coarser one, never a day the text states
    url = _url(doc)
    addressed = dates.url_date(url, tables.date_words.months, today) if url else None
    if addressed is not None and (found is None or found.source == "inferred"
                                  or _PRECISE[found.precision] < _PRECISE[addressed[1]]):
        return PublishedDate(addressed[0], addressed[1], "url", addressed[2])
    return found


_PRECISE = {"year": 0, "month": 1, "day": 2}
_SEVERAL_NAMES = re.compile(r"[,;&]| and ")  # a text in which a byline may list more than one name


def _file_name_date(doc: RawDocument, today: dt.date) -> PublishedDate | None:
    """The date a Jekyll post's file name starts with ("2024-06-19-gempa.md"), as Jekyll dates a post whose
    front matter does not; its source is the file name, which is its evidence."""
    named = _JEKYLL_NAME.match(doc.stem)
    if doc.format != "md" or named is None:
        return None
    name = PurePosixPath(doc.path).name
    day = dates.parse_date_value(named.group(1))
    if day is None:
        raise ContentError(f"the file name starts with {named.group(1)}, which is not a calendar date (a Jekyll "
                           "post's date); give 'date:' in front matter, or rename the file", doc.path)
    if day[0] > today:
        raise ContentError(f"the file name dates the post {day[0].isoformat()}, later than the build date "
                           f"{today.isoformat()}", doc.path)
    return PublishedDate(day[0], "day", "file_name", name)


def block_text(blocks: tuple[Block, ...]) -> str:
    """The plain text of a run of blocks, one per line."""
    return "\n".join(b.text for b in blocks)
