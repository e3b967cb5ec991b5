"""What an article says about itself: its title, outlet, republishing site and credited names.

The known outlets live in ``data/outlets.yaml``; the patterns that find them (source lines,
datelines, "first published in" notes, credit sentences) live in ``data/boilerplate.yaml``.
An outlet is taken only where the text states it; an organisation merely cited in a sentence
("NBC News melaporkan ...") is never one.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from warta.clean import Rules, is_date_line, match_rule, normalize, words
from warta.errors import ConfigError
from warta.scripts import CLOSERS, FULL_WIDTH_STOPS, HAN_KANA, HANGUL, OPENERS, SPACED_STOPS, TERMINALS, capital
from warta.yamlio import parse

_ENTRY_KEYS = ("name", "aliases", "domains", "exact_case", "agency", "languages")
# a Chinese, Japanese or Korean name is written in parts of one to four characters
_CJK_NAME_PART = re.compile(f"[{HAN_KANA}{HANGUL}]")
_CJK_NAME_CHARS = 4
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?((?:[\w-]+\.)+[a-z]{2,})(?:/([\w-]+))?(?:[/:?#].*)?$", re.IGNORECASE)
# after a Latin, Devanagari or Arabic stop a space follows; after a CJK full-width one the next sentence starts at once
_SENTENCE_END = re.compile(f"(?<=[{re.escape(SPACED_STOPS)}])[{re.escape(CLOSERS)}]*\\s+"
                           f"(?=[{re.escape(OPENERS)}]?[^\\W\\d_])"
                           f"|(?<=[{FULL_WIDTH_STOPS}])[{re.escape(CLOSERS)}]*(?=\\S)")
_PLACE_MAX_WORDS = 3  # a place after a byline's comma: "Frankfurt", "New York", "Ciudad de México"
_ATTRIBUTION_MAX_WORDS = 8  # a source line's label and a name of up to six words, as ``clean_name`` reads it
_TERMINAL = re.compile(f"[{re.escape(TERMINALS)}]")  # what the look-behinds of _SENTENCE_END take


@dataclass(frozen=True)
class Outlets:
    """Known news organisations: lookup keys (aliases, domains) to display names."""

    names: tuple[str, ...]
    folded: dict[str, str]  # case-folded alias -> display name
    exact: dict[str, str]  # case-sensitive alias -> display name (names that are also words)
    domains: dict[str, str]  # domain -> display name
    agencies: frozenset[str] = frozenset()  # display names of news agencies (wires)
    languages: Mapping[str, frozenset[str]] = field(default_factory=dict)  # display name -> the languages it writes
    homonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # display name -> others spelt the same

    def resolve(self, text: str) -> str | None:
        """The display name of a known outlet spelled ``text`` (alias, name or domain), else None."""
        raw = " ".join(text.strip().strip(".,;:()[]\"'“”-–— ").split())
        if not raw:
            return None
        if raw in self.exact:
            return self.exact[raw]
        key = raw.casefold()
        whole = " ".join(text.split()).casefold()  # a name that ends in its own bracket: "Vietnam+ (VietnamPlus)"
        for candidate in (key, key.removeprefix("the "), key.removeprefix("www."), whole):
            if candidate in self.folded:
                return self.folded[candidate]
        host = _DOMAIN.match(raw)
        if host:
            parts = host.group(1).casefold().split(".")
            hosts = [".".join(parts[start:]) for start in range(len(parts) - 1)]
            # an edition under its own path ("bbc.com/hindi": BBC News हिंदी) before the site's host (BBC)
            editions = [f"{name}/{host.group(2).casefold()}" for name in hosts] if host.group(2) else []
            return next((self.domains[d] for d in (*editions, *hosts) if d in self.domains), None)
        return None

    def in_language(self, name: str, code: str) -> str:
        """``name``, or the outlet of the same spelling that writes in ``code`` when ``name`` does not.

        Two organisations may share a name ("APA" is Austria's agency and Azerbaijan's): the one an
        article's language rules out gives way to one that lists it, else to one that lists no language."""
        own = self.languages.get(name)
        if not own or code in own:
            return name
        others = self.homonyms.get(name, ())
        return (next((o for o in others if code in self.languages.get(o, ())), None)
                or next((o for o in others if not self.languages.get(o)), name))


def load_outlets(extra: Path | None = None) -> Outlets:
    """The built-in outlets from data/outlets.yaml, extended by ``extra``."""
    text = resources.files("warta").joinpath("data", "outlets.yaml").read_text(encoding="utf-8")
    entries = _entries(text, "warta/data/outlets.yaml", builtin=True)
    built_in = len(entries)
    if extra is not None:
        try:
            extra_text = extra.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read outlets: {exc}", str(extra)) from None
        entries += _entries(extra_text, str(extra))
    names: list[str] = []
    folded: dict[str, str] = {}
    exact: dict[str, str] = {}
    domains: dict[str, str] = {}
    agencies: set[str] = set()
    languages: dict[str, frozenset[str]] = {}
    spelt: dict[str, list[str]] = {}  # a case-folded spelling -> every display name it stands for
    for number, (name, aliases, hosts, exact_case, agency, codes) in enumerate(entries):
        known = folded.get(name.casefold()) or exact.get(name)
        display = known or name
        if known is None:
            names.append(name)
        for alias in (name, *aliases):
            if exact_case and alias == name:
                exact[alias] = display
            elif number >= built_in or alias.casefold() not in folded:
                # in outlets.yaml the first of two organisations spelt the same is the one the bare spelling
                # names (in_language may choose the other); a site's own file overrides it
                folded[alias.casefold()] = display
            if not (exact_case and alias == name):
                if display not in spelt.setdefault(alias.casefold(), []):
                    spelt[alias.casefold()].append(display)
                # resolve() strips a closing full stop ("Quelle: F.A.Z."): the alias is found without it too
                folded.setdefault(alias.casefold().rstrip("."), display)
        for host in hosts:
            domains[host.casefold().removeprefix("www.")] = display
        if agency:
            agencies.add(display)
        if codes:
            languages[display] = languages.get(display, frozenset()) | frozenset(codes)
    homonyms: dict[str, tuple[str, ...]] = {}
    for displays in spelt.values():
        for display in displays:
            homonyms[display] = tuple(dict.fromkeys((*homonyms.get(display, ()),
                                                     *(d for d in displays if d != display))))
    return Outlets(tuple(names), folded, exact, domains, frozenset(agencies), languages, homonyms)


def _entries(text: str, path: str,
             builtin: bool = False) -> list[tuple[str, list[str], list[str], bool, bool, list[str]]]:
    data: Any = parse(text, path, error=ConfigError, builtin=builtin).data
    if data is None:
        return []
    if not isinstance(data, dict) or set(data) - {"outlets"}:
        raise ConfigError("outlets file must be a mapping with one key, 'outlets'", path, 1)
    out = []
    for index, entry in enumerate(data.get("outlets") or []):
        line = _find_line(text, entry.get("name") if isinstance(entry, dict) else None)
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise ConfigError(f"outlets[{index}]: each outlet needs a 'name'", path, line)
        unknown = sorted(str(key) for key in entry if key not in _ENTRY_KEYS)
        if unknown:
            raise ConfigError(f"outlet {entry['name']}: unknown key {unknown[0]!r}; allowed: {', '.join(_ENTRY_KEYS)}",
                              path, line)
        lists = []
        for key in ("aliases", "domains", "languages"):
            value = entry.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
                raise ConfigError(f"outlet {entry['name']}: '{key}' must be a list of names", path, line)
            lists.append([str(v) for v in value])
        if not all(re.fullmatch(r"[a-z]{2}", code) for code in lists[2]):
            raise ConfigError(f"outlet {entry['name']}: 'languages' must list ISO 639-1 codes such as 'de'", path, line)
        out.append((entry["name"].strip(), lists[0], lists[1], bool(entry.get("exact_case", False)),
                    bool(entry.get("agency", False)), lists[2]))
    return out


def _find_line(text: str, needle: Any) -> int | None:
    if isinstance(needle, str):
        for number, line in enumerate(text.splitlines(), 1):
            if needle in line:
                return number
    return None


# --- outlet signals ---------------------------------------------------------------------------


def looks_like_outlet(name: str) -> bool:
    """Whether an unknown name still looks like a news organisation: a domain or upper-case letters."""
    bare = name.strip()
    if not bare or len(bare) > 40:
        return False
    if _DOMAIN.match(bare):
        return True
    letters = [ch for ch in bare if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters) and len(bare.split()) <= 3


def is_domain(text: str) -> bool:
    """Whether text is a web domain or address ("g1.globo.com", "REPUBLIKA.CO.ID"), which names a site."""
    return bool(_DOMAIN.match(text.strip())) and " " not in text.strip()


def outlet_desk(name: str, outlets: Outlets) -> str | None:
    """The outlet whose desk a byline names after the writer ("BBC Weather", "Reuters Breakingviews").

    The outlet must open the name spelled as its display name or in capitals, with one or two words
    of desk after it: "Ria Andriani" is a person although "ria" is an alias of RIA Novosti, and an
    outlet whose name is also a word ("Dawn", "TIME") never counts.
    """
    parts = name.split()
    for size in (3, 2, 1):
        if not 1 <= len(parts) - size <= 2:
            continue
        head = " ".join(parts[:size])
        known = outlets.resolve(head)
        if known and head not in outlets.exact and (head == known or (head.isupper() and len(head) > 1)):
            return known
    return None


def clean_name(value: str, outlets: Outlets) -> str | None:
    """An outlet as written on a source line: the first known outlet it lists, else the first name.

    "Źródło: IMGW, tvn24.pl" lists where the figures come from before the outlet itself.
    """
    text = value.strip()
    text = re.sub(r"^(?:dilansir|dikutip|disadur|via|from|dari)\s+(?:dari\s+)?", "", text, flags=re.IGNORECASE)
    parts = [part.strip(" .:\"'“”)") for part in
             re.split(r"\s*(?:[,;|]|\s[-–—+]\s|\s/\s|\(|\bdan\b|\band\b)\s*", text)]
    first = parts[0]
    if not first:
        return None
    known = next((found for part in parts if part and (found := outlets.resolve(part))), None)
    if known:
        return known
    host = _DOMAIN.match(first)
    if host and "/" in first:
        return host.group(1)
    # an unknown name in lower-case words is whom the story quotes, no outlet: "Джерело: Зеленський у Telegram"
    return first if len(first.split()) <= 6 and (_name_like(first) or looks_like_outlet(first)) else None


def outlet_from_source(text: str, rules: Rules, outlets: Outlets) -> str | None:
    """The outlet named by a whole source line ("Sumber: rmol", "Source: Reuters")."""
    line = " ".join(text.split())
    if not rules.signal["source"].fullmatch(line):
        return None
    for pattern in rules.signals.source:
        found = pattern.fullmatch(line)
        if found:
            return clean_name(found.group("outlet"), outlets)
    return None


def without_agency(names: str, rules: Rules, outlets: Outlets) -> str:
    """A byline's names without the agencies it drew on ("Euronews with AP", "Tim Redaksi dengan Antara"):
    a ``credit_source`` word ("with", "avec", "dengan"), then known agencies only."""
    for start in (found.start() for found in re.finditer(r"\s\S", names)):
        tail = names[start:].strip()
        drawn = tail.split(maxsplit=1)[1:]
        if drawn and any(p.fullmatch(tail) for p in rules.signals.credit_source) and all(
                outlets.resolve(re.sub(r"^l['’]", "", part)) in outlets.agencies
                for part in rules.signals.credit_name_split.split(drawn[0]) if part):
            return names[:start].strip()
    return names


def is_attribution(text: str, rules: Rules) -> bool:
    """Whether a line is a short source line, whatever it names ("Джерело: Зеленський у Telegram", whom the story
    quotes): a line to take out, though ``outlet_from_source`` finds no outlet on it."""
    line = " ".join(text.split())
    return len(line.split()) <= _ATTRIBUTION_MAX_WORDS and bool(rules.signal["source"].fullmatch(line))


def outlet_from_origin(text: str, rules: Rules, outlets: Outlets) -> str | None:
    """The outlet named by a note that the piece first ran elsewhere."""
    line = " ".join(text.split())
    if not rules.signal["origin"].search(line):
        return None
    for pattern in rules.signals.origin:
        found = pattern.search(line)
        if found:
            # "First published on Fri 3 Oct 2025 07.58 BST" says when, not where
            if is_date_line(line[found.start("outlet"):], rules):
                return None
            return clean_name(found.group("outlet"), outlets)
    return None


def outlet_from_dateline(text: str, rules: Rules, outlets: Outlets) -> str | None:
    """The outlet of a dateline opening a paragraph ("JAKARTA, KOMPAS.com -", "(ANTARA) -").

    A known outlet from any pattern beats a name that only looks like one ("TRIBUNNEWS.COM, JAKARTA -"
    fits both "Place, Outlet -" and "Outlet, Place -"; only the second names a known outlet).
    """
    guess = None
    if not rules.signal["dateline"].match(text.strip()):
        return None
    for pattern in rules.signals.dateline:
        found = pattern.match(text.strip())
        if found:
            name = found.group("outlet").strip()
            known = outlets.resolve(name) or outlets.resolve(re.split(r"\s*[-/&,]\s*", name)[0])
            if known:
                return known
            if guess is None and looks_like_outlet(name):
                guess = name
    return guess


def cut_dateline(text: str, rules: Rules) -> tuple[str, str] | None:
    """A dateline that stands apart from the sentence it opens ("【モスクワ共同】ロシア外務省は..."), and the text
    after it: (dateline, rest). Only a dateline pattern with a group ``cut`` is taken out of the paragraph; an
    English wire's "SEOUL, June 19 (Reuters) -" is part of its first sentence and stays."""
    for pattern in rules.signals.dateline:
        found = pattern.match(text)
        if found and "cut" in pattern.groupindex and found.group("cut") and text[found.end():].strip():
            return found.group("cut"), text[found.end():].lstrip()
    return None


def dateline_outlet(text: str, rules: Rules, outlets: Outlets) -> str | None:
    """The outlet of a line that is only a dateline, its story below ("SEOUL, Oct 23 (Reuters) -").

    The line must end where the dateline does, so a paragraph that opens with one is left alone.
    """
    line = " ".join(text.split())
    if not line or line[-1] not in "-–—:/" or not rules.signal["dateline"].match(line):
        return None
    for pattern in rules.signals.dateline:
        found = pattern.fullmatch(line + " ")
        if found:
            name = found.group("outlet").strip()
            known = outlets.resolve(name) or outlets.resolve(re.split(r"\s*[-/&,]\s*", name)[0])
            if known or looks_like_outlet(name):
                return known or name
    return None


def stated_as_outlet(name: str, page: Sequence[str], rules: Rules, outlets: Outlets) -> bool:
    """Whether another line of the page names ``name`` as the outlet, not just as a word in a sentence.

    A masthead line that is the name alone, a web domain that is the name ("kabarsatu.com"), a
    dateline that opens with it ("BANDUNG, KABARSATU -") or a copyright line that carries it.
    """
    key = " ".join(name.split()).casefold()
    if not key:
        return False
    word = re.compile(rf"(?<!\w){re.escape(key)}(?!\w)", re.IGNORECASE)
    for line in page:
        text = " ".join(line.split())
        if text.strip(" .:©").casefold() == key:
            return True
        if not word.search(text):
            continue
        for token in text.split():
            host = _DOMAIN.match(token.strip("()[]<>,;.\"'"))
            if host and host.group(1).casefold().split(".")[0] == key:
                return True
        if (outlet_from_dateline(text, rules, outlets) or "").casefold() == key:
            return True
        rule = match_rule(text, rules)
        if rule is not None and rule.id == "copyright":
            return True
    return False


# the order in which outlet signals win, for scraped text and Markdown alike: an explicit statement beats a
# dateline, a dateline a suffix; a copyright line and a masthead guessed from its shape alone (an unknown "AA"
# in the page chrome) come last
OUTLET_ORDER = ("origin", "source", "dateline", "title", "outlet-line", "byline", "copyright", "outlet-guess")


def choose_outlet(found: Mapping[str, str], order: Sequence[str], outlets: Outlets) -> str | None:
    """The outlet of the strongest signal in ``order``; a news agency named on a source line yields.

    "Sumber: Antara" under a story whose dateline reads "REPUBLIKA.CO.ID, MOSKOW --" says where the
    copy came from: the outlet is the one that published it (named by any other signal), not the wire.
    """
    ranked = [found[signal] for signal in order if signal in found]
    if not ranked:
        return None
    source = found.get("source")
    if ranked[0] == source and source in outlets.agencies:
        # the strongest other signal that is no agency, else the page's own, though an agency ("Seoul (ANTARA) -"
        # over "Sumber: Reuters": Antara translated Reuters' copy)
        others = [name for name in ranked if name != source]
        return next((name for name in others if name not in outlets.agencies), others[0] if others else source)
    return ranked[0]


def site_from_review(text: str, rules: Rules) -> str | None:
    """The site a blog template names in its review line ("Reviewed by X on ...")."""
    for pattern in rules.signals.site:
        found = pattern.search(" ".join(text.split()))
        if found:
            site = found.group("site").strip(" .:")
            return site or None
    return None


# --- title ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Title:
    """A cleaned headline and the outlet, site or section its suffix named."""

    text: str
    outlet: str | None = None
    site: str | None = None
    section: str | None = None


def split_title(raw: str, rules: Rules, outlets: Outlets, site: str | None = None,
                page: Sequence[str] = ()) -> Title:
    """A headline without a label prefix and without an outlet or site suffix ("...: NPR").

    ``page`` holds the other lines of the page: an unknown suffix that only looks like an outlet
    ("... - KABARSATU") is cut only when the page names it as the outlet elsewhere.
    """
    title = " ".join(raw.split())
    prefix = rules.signals.title_prefix.match(title)
    # "Update: situation at the terminals" goes on in lower case: the word is the headline's own
    if prefix and len(title) - prefix.end() >= 8 and not title[prefix.end():][:1].islower():
        title = title[prefix.end():]
    separators = list(rules.signals.title_suffix.finditer(title))
    for sep in reversed(separators):
        head, tail = title[: sep.start()].strip(), _undated(title[sep.end():].strip(), rules)
        if len(words(head)) < 2 or not tail:
            continue
        if site and normalize(tail) == normalize(site):
            return Title(head, site=site)
        known = outlets.resolve(tail)
        if known:
            return Title(_strip_section(head, sep.group(0)), outlet=known)
        mark = sep.group(0).strip()
        if mark in ("|", "-", "–", "—"):
            if rules.signal["title_section"].fullmatch(tail):  # "... | World News": the section, no outlet
                return Title(head, section=tail)
            if _suffix_outlet(tail, mark, rules, outlets, page):
                return Title(head, outlet=tail)
        break  # only the last separator may carry a suffix
    return Title(title)


def _suffix_outlet(tail: str, mark: str, rules: Rules, outlets: Outlets, page: Sequence[str]) -> bool:
    """Whether an unknown title suffix after a bar or a dash looks like the outlet's name.

    A domain or a name with a media word counts; after a bar any name does. After a dash an upper-case
    word is as often the source the headline quotes ("Rice prices to fall — DA", "... - WHO", "... - NEMA",
    "... - INEC"): it counts only when the other lines of the ``page`` name it as the outlet, and
    never after an em dash, the headline's own attribution mark.
    """
    if _DOMAIN.match(tail.strip()) or (_name_like(tail) and rules.signal["outlet_word"].search(tail)):
        return True
    if mark == "|":
        return looks_like_outlet(tail) or _name_like(tail)
    return mark != "—" and looks_like_outlet(tail) and stated_as_outlet(tail, page, rules, outlets)


def _undated(tail: str, rules: Rules) -> str:
    """An outlet suffix without the date some sites add after it ("... - РИА Новости, 19.06.2024")."""
    name, comma, rest = tail.rpartition(",")
    return name.strip() if comma and name.strip() and is_date_line(rest.strip(), rules) else tail


def _strip_section(head: str, separator: str) -> str:
    """"Title | Section" left after an outlet suffix: the section label goes too."""
    if separator.strip() != "|" or "|" not in head:
        return head
    front, _, section = head.rpartition("|")
    return front.strip() if len(section.split()) <= 3 and len(words(front)) >= 2 else head


def _name_like(text: str) -> bool:
    parts = text.split()
    return 1 <= len(parts) <= 4 and all(capital(p[:1]) or p[:1].isdigit() for p in parts)


# --- credits ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Credit:
    """A credit sentence cut from a paragraph, the names it gives, and what is left."""

    sentence: str
    names: tuple[str, ...]
    rest: str


def credit_names(text: str, rules: Rules) -> tuple[str, ...]:
    """The writers a credit sentence gives ("Reporting by X in Seoul; Editing by Y" -> X): an editor's part
    (``credit_editor``) credits no writer."""
    return credited_parts(text, rules)[0]


def credited_parts(text: str, rules: Rules) -> tuple[tuple[str, ...], bool]:
    """:func:`credit_names` of a credit sentence, and whether it credits an editor."""
    names: list[str] = []
    if not rules.signal["credit"].search(text):
        return (), False
    edited = False
    for pattern in rules.signals.credit:
        for found in pattern.finditer(text):
            if any(role.match(text, found.start()) for role in rules.signals.credit_editor):
                edited = True
                continue
            names += split_names(found.group("names"), rules)
    return tuple(dict.fromkeys(names)), edited


def split_names(value: str, rules: Rules) -> list[str]:
    """Names in a credited list, each without its place or organisation."""
    out: list[str] = []
    for place in rules.signals.credit_place:  # "X in O'Fallon, Missouri": the comma is not a separator
        value = place.sub("", value)
    for part in rules.signals.credit_name_split.split(value):
        name = part.strip(" .:;\"'“”")
        if any(role.match(name) for role in rules.signals.credit_editor):  # "Editor Gloria Putri": an editor
            continue
        for stop in (*rules.signals.credit_name_stop, *rules.signals.credit_title):
            name = stop.sub("", name).strip(" .:;,")
        if name.isupper() and len(name) > 3:  # "By SEAN MURPHY", "MATT O'BRIEN": each part of a word capitalised
            name = _WORD_PART.sub(lambda part: part.group().capitalize(), name)
        # a job after the name's comma ("By Paul O'Flynn, Southern Correspondent") is no co-author
        if is_name(name) and not rules.signal["not_name"].fullmatch(name) \
                and not (out and rules.signal["credit_role"].fullmatch(name)):
            out.append(name)
    return out


_WORD_PART = re.compile(r"[^\W\d_]+")  # "O'BRIEN" -> "O", "BRIEN"
_NAME_OUTLET = re.compile(r"(\S+(?: \S+){1,3}) [-–—|] (\S+(?: \S+){0,2})")  # "Rita Uli Hutapea - detikNews"


def credited(name: str, rules: Rules, outlets: Outlets) -> str | None:
    """A name front matter credits, as a byline would give it: without a reporter's title ("财新记者 张静",
    "한겨레 이정훈 기자") or the outlet before it; None when it names only an outlet ("日本経済新聞")."""
    if outlets.resolve(name):
        return None
    for title in rules.signals.credit_title:
        name = title.sub("", name).strip()
    first, _, rest = name.partition(" ")
    if rest and outlets.resolve(first):
        name = rest
    return name or None


def name_and_outlet(text: str, outlets: Outlets) -> tuple[str, str] | None:
    """A byline of a writer's name, a dash or a bar, and a known outlet ("Nadya Isnaeni - detikEdu"), as
    (name, outlet); None for anything else. Read in scraped text and in Markdown alike (a readability export)."""
    found = _NAME_OUTLET.fullmatch(text)
    if found is None or not is_name(found.group(1)):
        return None
    outlet = outlets.resolve(found.group(2))
    return (found.group(1), outlet) if outlet else None


def is_name(text: str) -> bool:
    """Whether text is shaped like a person's name: one to six capitalised words, no digits, no colon."""
    parts = text.split()
    if not 1 <= len(parts) <= 6 or any(ch.isdigit() or ch in ":：" for ch in text):  # "Source: X" is a label
        return False
    particles = {"bin", "binti", "van", "von", "de", "der", "del", "da", "di", "al", "el", "la", "le", "dos", "du"}
    if any(len(p) > _CJK_NAME_CHARS for p in parts if _CJK_NAME_PART.search(p)):  # "王思远", "山田 太郎", "김지현"
        return False
    return capital(parts[0][:1]) and all(capital(p[:1]) or p.casefold() in particles or "-" in p for p in parts)


def without_place(names: Sequence[str], byline: str, page: Sequence[str], rules: Rules,
                  datelines: Collection[str] = ()) -> list[str]:
    """The names of a byline without the place its last comma part names.

    One to three capitalised words after the byline's last comma are the place the writer files from
    ("Von Christian Siedenbiedel, Frankfurt", "By Jane Doe, New York", "Por Ana Ruiz, Ciudad de México")
    when the other lines of the ``page`` name the same words as a place (see ``names_place``); otherwise
    they are one more writer ("Oleh Andi, Budi", "By Jane Doe, John Smith").
    """
    if len(names) < 2:
        return list(names)
    last = names[-1]
    after_comma = re.search(rf",\s*{_spelled(last)}(?![\w'’-])", byline, re.IGNORECASE)
    if len(last.split()) > _PLACE_MAX_WORDS or not after_comma:
        return list(names)
    return list(names[:-1]) if names_place(last, page, rules, datelines) else list(names)


def names_place(place: str, page: Sequence[str], rules: Rules, datelines: Collection[str] = ()) -> bool:
    """Whether a line of ``page`` writes ``place`` as a place: after a locative word ("in Frankfurt", "di
    Jakarta", "en Ciudad de México"; the ``place_before`` signals) or at the head of a dateline ("Berlín -
    14 jul 2024", "JAKARTA, KOMPAS.com -"); ``datelines`` are lines already known to be datelines."""
    spelled = re.compile(_spelled(place) + r"(?![\w'’-])", re.IGNORECASE)
    head = re.compile(_spelled(place) + r"\.?\s*[,(/–—-]", re.IGNORECASE)
    for text in page:
        for pattern in rules.signals.place_before:
            if any(spelled.match(text, found.start("place")) for found in pattern.finditer(text)):
                return True
        if (text in datelines or rules.signal["dateline"].match(text)) and head.match(text):
            return True
    return False


def _spelled(words_: str) -> str:
    """A pattern for words as written, any white space between them."""
    return r"\s+".join(re.escape(word) for word in words_.split())


def find_credit(text: str, rules: Rules) -> Credit | None:
    """A credit sentence at the end of a paragraph (or the whole line), cut off."""
    stripped = text.strip()
    last = stripped[_last_sentence_start(stripped):].strip()
    # a bracketed credit closes the paragraph (``stripped`` ends in no white space)
    paren = re.search(r"\(([^()]{3,300})\)\s*$", stripped) if stripped.endswith(")") else None
    for candidate in ([paren.group(0)] if paren else []) + [last]:
        if len(candidate.split()) > rules.params.credit_max_words:
            continue
        names, edited = credited_parts(candidate.strip("()"), rules)
        if names or edited:  # an editor's credit alone ("(Editing by Ros Russell)") is a credit line too
            rest = stripped[: len(stripped) - len(candidate)].rstrip() if stripped.endswith(candidate) else ""
            return Credit(candidate, names, rest)
    return None




def _last_sentence_start(text: str) -> int:
    """Where the last piece of ``_SENTENCE_END.split(text)`` starts, found from the end of the text.

    Every break starts right after a terminal mark and holds only closing quotes and white space, so no
    break can straddle a terminal mark: the last break is the first to match after a terminal mark, going
    back from the end, and a paragraph is not split into all its sentences to read its last one. The marks
    are met from the end by one search of the reversed text.
    """
    last = len(text) - 1
    for mark in _TERMINAL.finditer(text[::-1]):
        found = _SENTENCE_END.match(text, last - mark.start() + 1)
        if found is not None:
            return found.end()
    return 0
