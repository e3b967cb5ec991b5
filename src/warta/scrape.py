"""Read the body of a scraped ``.txt`` article into title, outlet, site, credits and blocks.

The passes, in order:

1. each line alone: a date line, a source line, a credit line, a boilerplate pattern, a known outlet;
2. lines by their neighbours: the site name above a tagline, the items under a "Recommended"
   header, the caption under a photo credit, labels repeated down the page;
3. the headline: the first title-shaped line of the header (a repeated one first), cleaned of
   its outlet suffix, and its repeats;
4. the rest by shape (jusText style): prose and sentences are paragraphs, a short title-like
   line between two paragraphs is a heading, any other short line is boilerplate;
5. credit sentences cut from the paragraphs they end, and the outlet from the strongest signal.

Every line taken out is reported as ``Removed(text, rule, line)``. A credit sentence is both
listed in ``credits`` (its names) and in ``removed`` (rule "credit").
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from warta.clean import (
    Rules,
    density,
    ends_paragraph,
    ends_sentence,
    is_date_line,
    is_heading_shape,
    is_prose,
    is_sentence,
    match_rule,
    normalize,
    rule_match,
    starts_quote,
    words,
)
from warta.meta import (
    OUTLET_ORDER,
    Credit,
    Outlets,
    choose_outlet,
    cut_dateline,
    dateline_outlet,
    find_credit,
    is_attribution,
    is_domain,
    is_name,
    looks_like_outlet,
    name_and_outlet,
    names_place,
    outlet_desk,
    outlet_from_dateline,
    outlet_from_origin,
    outlet_from_source,
    site_from_review,
    split_names,
    split_title,
    without_agency,
    without_place,
)
from warta.model import Block, Line, Removed, TextParts
from warta.scripts import CLOSERS, FULL_STOPS, OPENERS, QUESTION_MARKS, UNFINISHED, UNSPACED, capital

# a sentence's end inside a line: a stop after a word of four letters or more (not "U.S." or "Dr."), then
# space and the next sentence ("... att få priset. Hennes mest kända ...")
# after a word of four letters or more (not "Mr." or "U.S."), or a day's number ("since Sept. 8. The")
_SENTENCE_END = re.compile(r"(?:(?<=\w{4})|(?<=\s\d)|(?<=\s\d\d))[" + re.escape(FULL_STOPS + QUESTION_MARKS)
                           + "][" + re.escape(CLOSERS) + r"]*\s+(?=[^\W\d_])")
_OUTLET_STAMP = re.compile(r"(.{2,40}?)\s*[-–—|,·•]\s*(.+)")  # "Kompas.com - 21/06/2024, 14:30 WIB"
_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[-*•·▪►])\s+")
_NUMBERED = re.compile(r"\d{1,2}[.)]\s+")  # "1. Where is flooding worst?": a numbered item or heading
# a live page's entry: a clock time, a dash or a bar, then the entry's headline ("16:05 — Agreement signed")
_ENTRY_TIME = re.compile(r"\d{1,2}[:.h]\d{2}(?:\s?[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?\s*[-–—|]\s*(?=\S)", re.IGNORECASE)
# a live page's entry stamp on a line of its own, its headline on the next ("10.42 GMT", "2:45pm")
_ENTRY_STAMP = re.compile(r"\d{1,2}[:.h]\d{2}(?:\s?[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?", re.IGNORECASE)
_LIVE_MIN_STAMPS = 2  # so many stamp lines make a live page; one is an article's dateline
_TABLE_MIN_CELLS = 3  # a line of this many tab-separated cells is a row of a pasted table
_PART_BREAK = re.compile(r"\s+[•·|–—]\s+")  # between the parts of a header line ("date • byline")
_PART_MARK = re.compile(r"[•·|–—]")  # the mark of a _PART_BREAK
_HEADER_PARTS = re.compile(r"\s+[•·|–—/]\s+")  # the parts of a header line: desk, site, date
_HEADER_END = frozenset({"byline", "dateline"})  # rules of the lines that close an article's header
_MENU_GAP = re.compile(r"\s{2,}")  # between the items of a menu pasted as one line
_MASTHEAD_LINK = re.compile(r"\s[-–—|:]\s*")  # "The Guardian - Back to homepage": the outlet, then the link
_INITIALISM = re.compile(r"(?:[^\W\d_]\.){2,}")  # "U.S.", "U.K.": a menu item, not a sentence's end
# a date-and-time stamp, which ends in a clock time ("понедељак, 15. јул 2024, 16:40 -> 18:02"): no wrapped
# line of a headline or a paragraph, though a weekday written in lower case starts it
_STAMP_END = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*(?:[A-Z]{2,5}|GMT[+-]?\d*|UTC[+-]?\d*|\(GMT[+-]\d+\)))?\s*$")
_UNSPACED_WORD = re.compile(f"[{UNSPACED}]+")
# a full stop, question or exclamation mark and the white space after it: the gap between two sentences, found
# from its mark (a pattern that opens with a look-behind is tried at every character: 2.5 times slower)
_SENTENCE_GAP = re.compile(r"[.!?]\s+")
_DASHES = frozenset("-–—|")
_PLACE_MAX_WORDS = 4  # a place named over the lead ("नई दिल्ली:", "Rio de Janeiro:")
_MASTHEAD_MAX_WORDS = 6
_CAPTION_STOPS = ".。"  # a photo caption ends as a sentence; a headline has no full stop


@dataclass
class _Unit:
    """A non-blank line (or hard-wrapped lines joined) of the body."""

    number: int
    text: str  # whitespace collapsed, for judging
    indented: bool
    listed: bool
    raw: str  # the line as written (stripped), for reporting
    gap: bool = False  # a blank line stands above it
    cells: tuple[str, ...] = ()  # the cells of a tab-separated table row (three or more), else empty


@dataclass
class _Facts:
    """What the passes learn about the article, gathered as they go."""

    outlets: dict[str, str] = field(default_factory=dict)  # signal -> outlet (first one wins)
    site: str | None = None
    credits: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    names: dict[int, list[str]] = field(default_factory=dict)  # unit index -> names its byline gives
    stamped: dict[int, str] = field(default_factory=dict)  # unit index -> the name before its date ("Name - date")
    credit_of: dict[str, Credit | None] = field(default_factory=dict)  # text -> its find_credit

    def credit(self, text: str, rules: Rules) -> Credit | None:
        """``find_credit(text, rules)``, worked out once per text: a paragraph is asked alone, then as a block."""
        if text in self.credit_of:
            return self.credit_of[text]
        found = self.credit_of[text] = find_credit(text, rules)
        return found

    def outlet(self, signal: str, name: str | None) -> None:
        if name:
            self.outlets.setdefault(signal, name)

    def best_outlet(self, outlets: Outlets) -> str | None:
        return choose_outlet(self.outlets, OUTLET_ORDER, outlets)


def read_text(body: tuple[Line, ...], rules: Rules, outlets: Outlets) -> TextParts:
    """Extract title, outlet, site, credits, headings and paragraphs from a scraped text body."""
    units = _units(body, rules)
    facts = _Facts()
    verdict: list[str | None] = [_judge_line(i, u, rules, outlets, facts) for i, u in enumerate(units)]
    _mark_neighbours(units, verdict, rules, facts)
    _mark_comments(units, verdict, rules)
    _mark_menus(units, verdict, rules)
    title_at = _find_title(units, verdict, rules, outlets)
    _mark_summary(units, verdict, rules, title_at)
    _mark_header_credits(units, verdict, rules, title_at, facts, outlets)
    title = None
    if title_at is not None:
        raw = units[title_at].text
        if verdict[title_at] == "breadcrumb":
            raw = _breadcrumb_tail(raw)
            verdict[title_at] = None
        split = split_title(raw, rules, outlets, facts.site, _page(units, [normalize(u.text) for u in units],
                                                                   normalize(raw)))
        title = split.text
        facts.outlet("title", split.outlet)
        facts.site = facts.site or split.site
        keys = {normalize(raw), normalize(title), normalize(units[title_at].text)}
        _mark_title_repeats(units, verdict, title_at, keys, _title_parts(title, rules), rules)
    _mark_repeats(units, verdict, rules)
    _take_credits(units, verdict, rules, facts)
    _mark_writer_bios(units, verdict, rules)
    kinds = _shape(units, verdict, rules, title_at)
    _keep_gallery_captions(units, verdict, kinds, rules, facts)
    _mark_closing_byline(units, verdict, kinds, rules, facts)
    _credit_from_author_box(units, verdict, rules, facts)
    _mark_outlet_lines(units, verdict, kinds, title_at, outlets, facts)
    blocks = _blocks(units, verdict, kinds, rules, outlets, facts)
    for unit, rule in zip(units, verdict, strict=True):
        if rule is not None and rule != "title":
            facts.removed.append(Removed(unit.raw, rule, unit.number))
    removed = tuple(sorted(facts.removed, key=lambda r: r.line))
    return TextParts(
        title=title,
        title_line=units[title_at].number if title_at is not None else None,
        outlet=facts.best_outlet(outlets),
        site=facts.site,
        credits=tuple(dict.fromkeys(facts.credits)),
        blocks=tuple(blocks),
        removed=removed,
    )


def _units(body: tuple[Line, ...], rules: Rules) -> list[_Unit]:
    """Non-blank lines; a hard-wrapped line that goes on in lower case is joined to the one above."""
    units: list[_Unit] = []
    blank = True
    for line in body:
        raw = line.text.replace("\t", "    ").replace("\u00a0", " ")
        text = " ".join(raw.split())
        if not text:
            blank = True
            continue
        cells = tuple(" ".join(cell.split()) for cell in line.text.split("\t") if cell.strip())
        cells = cells if len(cells) >= _TABLE_MIN_CELLS else ()
        prev = units[-1] if units else None
        # a wrapped line goes on in lower case and reads on: a lone lower-case word ("admin") is a label
        if (prev is not None and not blank and not cells and not prev.cells and not ends_sentence(prev.text)
                and text[:1].islower()
                and len(prev.text) > 40 and (len(text.split()) >= 3 or ends_sentence(text))
                and not _STAMP_END.search(text) and match_rule(text, rules) is None):
            prev.text = f"{prev.text} {text}"
            prev.raw = f"{prev.raw} {raw.strip()}"
        else:
            indent = len(raw) - len(raw.lstrip())
            units.append(_Unit(line.number, text, indent >= 2, bool(_LIST_ITEM.match(text)), raw.strip(),
                               gap=blank and bool(units), cells=cells))
        blank = False
    return units


def _judge_line(index: int, unit: _Unit, rules: Rules, outlets: Outlets, facts: _Facts) -> str | None:
    """The rule that removes a line on its own, if any; metadata found on it goes into ``facts``.

    Names on a byline wait in ``facts.names`` until the line is known to stay a byline (a byline
    inside a "Read also" block belongs to the teaser, not to the article).
    """
    text = unit.text
    if is_date_line(text, rules):
        return "dateline"
    wire = dateline_outlet(text, rules, outlets)
    if wire is not None:  # "SEOUL, Oct 23 (Reuters) -" on a line of its own, the story below it
        facts.outlet("dateline", wire)
        return "dateline"
    stamp = _OUTLET_STAMP.fullmatch(text)
    if stamp and is_date_line(stamp.group(2), rules):
        lead = match_rule(stamp.group(1), rules)
        if lead is not None and lead.id == "byline":  # "By Sam Whitfield | June 20, 2024"
            _take_byline(index, stamp.group(1), "byline", rules, outlets, facts)
            return "byline"
        if outlets.resolve(stamp.group(1)):
            facts.outlet("outlet-line", outlets.resolve(stamp.group(1)))
            return "dateline"
        if len(stamp.group(1).split()) <= 3 and stamp.group(1)[:1].isupper():  # "Barcelona - 01 feb 2024"
            head = stamp.group(1)
            if len(head.split()) >= 2 and is_name(head) and split_names(head, rules) == [head]:
                facts.stamped[index] = head  # "Andrew Cunningham - Jul 24, 2024": a writer, unless a place
            return "dateline"
    byline = name_and_outlet(text, outlets)
    if byline is not None:  # "Nadya Isnaeni - detikEdu"
        facts.outlet("byline", byline[1])
        facts.names[index] = [byline[0]]
        return "byline"
    if rules.signal["credit_label"].fullmatch(text):
        return "credit-label"
    # "By Euronews with AP", "Par Le Monde avec AFP": a byline that names the agency drawn on, no source line
    if _rule_id(text, rules) != "byline":
        source = outlet_from_source(text, rules, outlets)
        facts.outlet("source", source)
        if source or is_attribution(text, rules):  # "Джерело: Зеленський у Telegram": whom it quotes, no outlet
            return "source"
    if len(words(text)) <= rules.params.credit_max_words * 2 and _at_start(text, rules):
        origin = outlet_from_origin(text, rules, outlets)
        if origin:
            facts.outlet("origin", origin)
            return "origin"
    credit = facts.credit(text, rules)
    if credit is not None and not credit.rest:
        facts.credits += credit.names
        return "credit"
    rule = match_rule(text, rules)
    if rule is not None and rule.id == "copyright":  # "Copyright 2024 BBC. All rights reserved."
        facts.outlet("copyright", next((found for part in re.split(r"[.,;]\s+", text)
                                        if (found := outlets.resolve(_uncopyrighted(part)))), None))
    dated = _dated_byline(text, rules) if rule is None else None
    if dated is not None:  # "19. Juni 2024, 17.48 Uhr • aus Pjöngjang berichtet Christoph Giesen"
        _take_byline(index, dated, "byline", rules, outlets, facts)
        return "byline"
    if rule is not None:
        if rule.id in ("byline", "credit"):
            _take_byline(index, text, rule.id, rules, outlets, facts)
        if rule.id == "rating":
            facts.site = facts.site or site_from_review(text, rules)
        if rule.id == "navigation":  # the masthead's link home: "The Guardian - Back to homepage"
            masthead = outlets.resolve(_MASTHEAD_LINK.split(text, maxsplit=1)[0])
            if masthead is not None and _MASTHEAD_LINK.search(text):
                facts.outlet("outlet-line", masthead)
        return rule.id
    if len(text.split()) <= rules.params.outlet_line_max_words and outlets.resolve(text):
        return "outlet-line"
    return None


def _take_byline(index: int, text: str, rule_id: str, rules: Rules, outlets: Outlets, facts: _Facts) -> None:
    """The names of a byline or credit line wait in ``facts.names``; an outlet it names is noted."""
    found = rule_match(text, rules, rule_id)
    names = found.groupdict().get("names") if found else None
    names, outlet = _cut_outlet(without_agency(names or "", rules, outlets), outlets)  # "By Emma Colton  Fox News"
    facts.outlet("byline", outlet)
    whole = outlets.resolve(names)  # "By The Associated Press", "Par l'AFP": an outlet alone credits no one
    if whole:
        facts.outlet("byline", whole)
        return
    for name in split_names(names, rules):
        known = outlets.resolve(name) or outlet_desk(name, outlets)  # "By Simon King, BBC Weather"
        if known:
            facts.outlet("byline", known)
        else:
            facts.names.setdefault(index, []).append(name)


def _rule_id(text: str, rules: Rules) -> str | None:
    rule = match_rule(text, rules)
    return rule.id if rule is not None else None


def _uncopyrighted(part: str) -> str:
    """A copyright notice's holder without the sign, the word and the years ("© 2024 BBC" -> "BBC")."""
    return re.sub(r"^(?:copyright|\(c\)|©|\s|\d{4}|[-–,])+", "", part, flags=re.IGNORECASE)


def _dated_byline(text: str, rules: Rules) -> str | None:
    """The byline part of a line that joins a date and a byline with a bullet or a bar, if that is all it holds.

    "19. Juni 2024, 17.48 Uhr • aus Pjöngjang berichtet Christoph Giesen", "By Jane Roe | June 5, 2024".
    """
    if _PART_MARK.search(text) is None:  # no mark, no break (most lines: a search from the mark is quicker)
        return None
    parts = _PART_BREAK.split(text)
    if len(parts) < 2:
        return None
    undated = [part for part in parts if not is_date_line(part, rules)]
    if len(undated) != 1:  # one part is the byline, every other one a date
        return None
    rule = match_rule(undated[0], rules)
    return undated[0] if rule is not None and rule.id == "byline" else None


def _cut_outlet(name: str, outlets: Outlets) -> tuple[str, str | None]:
    """A byline name followed by its outlet, split in two."""
    parts = name.split()
    for size in (3, 2, 1):
        if len(parts) - size >= 2:
            known = outlets.resolve(" ".join(parts[-size:]))
            if known:
                return " ".join(parts[:-size]), known
    return name, None


def _at_start(text: str, rules: Rules) -> bool:
    return rules.signal["origin"].match(text.strip())


def _mark_neighbours(units: list[_Unit], verdict: list[str | None], rules: Rules, facts: _Facts) -> None:
    """Site names above taglines, recommendation blocks, captions under photo credits."""
    p = rules.params
    block_ids = {rule.id for rule in rules.rules if rule.block}
    first_body = _first_body(units, verdict, rules)
    for i, rule in enumerate(list(verdict)):  # a block starts at its own header, not at the items it took
        if rule == "tagline" and i > 0 and verdict[i - 1] is None:
            above = units[i - 1].text
            if len(above.split()) <= p.site_max_words and not ends_sentence(above):
                verdict[i - 1] = "site"
                facts.site = above  # a masthead over its tagline beats a "Reviewed by" name
        elif rule == "author-box":
            _take_author_box(units, verdict, i, rules)
        elif rule in block_ids:
            taken = 0
            # items hung right under their header end at the first blank line; items spaced by blank
            # lines ("Related Posts:", blank, headline, blank, headline) end by their shape only
            tight = i + 1 < len(units) and not units[i + 1].gap
            for j in range(i + 1, len(units)):
                if taken >= p.block_max_lines:
                    break
                item = units[j]
                if tight and item.gap and taken:
                    break
                if verdict[j] in ("byline", "credit-label"):
                    verdict[j] = rule  # the byline of a teaser
                    facts.names.pop(j, None)
                    taken += 1
                    continue
                if verdict[j] is not None and verdict[j] != "outlet-line":
                    taken += 1
                    continue
                # a teaser headline may ask a question; a finished sentence is body text again
                short_item = not item.text.rstrip().endswith((".", "!", "…")) and \
                    len(item.text.split()) <= p.block_item_max_words
                if not (item.listed or item.indented or short_item):
                    break
                verdict[j] = rule
                taken += 1
        elif (rule == "caption" and units[i].text.rstrip().endswith((",", ":")) and i + 1 < len(units)
              and verdict[i + 1] is None and len(units[i + 1].text.split()) <= p.caption_max_words):
            verdict[i + 1] = "caption"  # "Image caption," with the caption on the next line
        elif rule == "photo-credit" and len(words(units[i].text)) >= p.prose_min_words:
            pass  # a credit that carries its caption ("Le port ... ce mercredi matin. © Belga") takes no neighbour
        elif (rule == "photo-credit" and i > 0 and verdict[i - 1] is None and _caption_above(units, verdict, i, rules)
              and any(v is None and len(words(units[j].text)) >= p.title_good_words
                      for j, v in enumerate(verdict[:i - 1]))):
            # "Caption line" then "Foto: Name / dpa": the credit closes it; but the page's first line of text
            # above a hero image's credit ("Getty Images") is the headline, not a caption, also under a menu
            # pasted one section a line ("Singapore", "Asia"), which is no text
            verdict[i - 1] = "caption"
        elif (rule == "photo-credit" and i + 1 < len(units) and verdict[i + 1] is None
              and not (units[i + 1].gap and (i + 1 <= first_body or _under_header(units, verdict, first_body, i)))):
            # above the body a hero image's credit often stands alone: the line after the gap is the lead
            if _caption_below(units, verdict, i, rules):
                verdict[i + 1] = "caption"


def _take_author_box(units: list[_Unit], verdict: list[str | None], i: int, rules: Rules) -> None:
    """The lines of a writer's box go with its header ("Sobre la firma", "About the author").

    The writer's name, maybe a role, then a short bio that ends the box: the box ends at its first finished
    sentence (unless another writer's name follows it), at a blank line after its first line, at a long line
    (body text) or at a line another rule took.
    """
    p = rules.params
    j, end = i + 1, i + 1 + p.author_box_max_lines
    while j < min(end, len(units)):
        item = units[j]
        if (j > i + 1 and item.gap) or verdict[j] not in (None, "byline", "credit-label", "author-bio"):
            return
        if len(words(item.text)) > p.credit_max_words * 2:
            return
        verdict[j] = "author-box"
        if ends_sentence(item.text):
            if not _next_writer(units, j):
                return
            end = j + 1 + p.author_box_max_lines  # the next writer's name, role and bio
        j += 1


def _next_writer(units: list[_Unit], j: int) -> bool:
    """Whether a second writer's name follows the bio that ends at ``j`` in the same box (El País's "Sobre la
    firma" holds each writer's name and bio)."""
    if j + 1 >= len(units) or units[j + 1].gap:
        return False
    name = units[j + 1].text
    return is_name(name) and len(name.split()) <= 4 and not ends_sentence(name)


def _mark_comments(units: list[_Unit], verdict: list[str | None], rules: Rules) -> None:
    """Readers' comments: every line left after a comments header below the text, when timestamps follow it.

    "42 comments", then user names, "2 hours ago", the comment, "Reply": the names and times go by
    their shape, a comment that reads as a sentence would stay. A header above the first paragraph (a
    counter under the byline) or one with no timestamp below it (a share bar's count) opens nothing.
    """
    first_body = _first_body(units, verdict, rules)
    if first_body == len(units):
        return
    header, heading = rules.signal["comments_header"], rules.signal["comments_heading"]
    for h in range(first_body + 1, len(units)):
        text = units[h].text
        if verdict[h] is not None and (header.fullmatch(text) or (heading.fullmatch(text)
                                                                  and _commenters_below(units, verdict, h, rules))):
            if any(verdict[j] == "dateline" for j in range(h + 1, len(units))):
                for j in range(h + 1, len(units)):
                    if verdict[j] is None:
                        verdict[j] = "comment"
            return


def _commenters_below(units: list[_Unit], verdict: list[str | None], h: int, rules: Rules) -> bool:
    """Whether readers' comments start under a bare comments heading: within a few lines, two time stamps each
    under a commenter's name ("Kaveh" over "10 hours ago"), a short line that is no sentence and that no rule
    but the short-line one took (a live blog's entry stamps stand under a share button or a paragraph)."""
    named = 0
    for j in range(h + 2, min(len(units), h + 1 + rules.params.block_max_lines)):
        above = units[j - 1].text
        if (verdict[j] == "dateline" and verdict[j - 1] in (None, "short-non-prose", "repeated")
                and len(above.split()) <= 2 and not ends_sentence(above) and not is_date_line(above, rules)):
            named += 1
    return named >= 2


def _mark_summary(units: list[_Unit], verdict: list[str | None], rules: Rules, title_at: int | None) -> None:
    """Key points above the text under their label (Reuters' "Summary" over three short lines): not its lead.

    The label must stand between the headline and the first paragraph (in a menu above the headline, RBC's
    "Главное", it is a section); the points are the lines under it that are list items or short and unfinished,
    up to the first line of the body (a "Summary" heading inside the text, over paragraphs, takes nothing).
    """
    if title_at is None:
        return
    header = rules.signal["summary_header"]
    first = _first_body(units, verdict, rules)
    for i in range(title_at + 1, first):
        if verdict[i] not in (None, "short-non-prose", "label") or not header.fullmatch(units[i].text):
            continue
        points = []
        for j in range(i + 1, min(len(units), i + 1 + rules.params.block_max_lines)):
            item = units[j]
            short = len(item.text.split()) <= rules.params.block_item_max_words and not ends_sentence(item.text)
            if verdict[j] not in (None, "short-non-prose") or (j >= first and not item.listed) \
                    or not (item.listed or short):
                break
            points.append(j)
        if points:
            for j in (i, *points):
                verdict[j] = "summary"
        return


def _mark_menus(units: list[_Unit], verdict: list[str | None], rules: Rules) -> None:
    """A site's menu pasted as one line above the first paragraph is navigation, not the headline.

    "Just In  For You  Politics  World  Business": short items split by runs of spaces; in a script
    written without spaces, short words split by single ones ("即時 政治 國際 兩岸 產經"). A headline has
    function words, numbers or punctuation between its words, and no runs of spaces.
    """
    first_body = _first_body(units, verdict, rules)
    for i in range(first_body):
        if verdict[i] is None and not units[i].cells and _menu_shaped(units[i].raw, rules):
            verdict[i] = "navigation"


def _menu_shaped(raw: str, rules: Rules) -> bool:
    """Short items split by runs of spaces; an item may be an initialism ("U.S.") or hold a number
    ("Election 2024", "538") as long as most items hold none: a headline never has runs of spaces."""
    p = rules.params
    items = _MENU_GAP.split(raw.strip())
    if len(items) >= p.menu_min_items:
        numbered = sum(any(c.isdigit() for c in item) for item in items)
        return 2 * numbered < len(items) and all(
            len(item.split()) <= p.menu_item_max_words
            and (item[-1:] not in UNFINISHED + FULL_STOPS + QUESTION_MARKS or _INITIALISM.fullmatch(item))
            for item in items)
    items = raw.split()
    return len(items) > p.menu_min_items and all(
        _UNSPACED_WORD.fullmatch(item) and len(item) <= p.menu_item_max_chars for item in items)


def _under_header(units: list[_Unit], verdict: list[str | None], first_body: int, i: int) -> bool:
    """Whether the credit at ``i`` stands right under the article's header, below a standfirst.

    A standfirst under the headline is the page's first finished paragraph; the byline and the date
    lines follow it, and then a hero image's credit ("Foto: Reprodução/Redes sociais"): the lines
    between the standfirst and the credit are short, unfinished header lines (a date, "Por g1").
    A "Read more" link or a paragraph between them is the body's, and an image set into the text.
    """
    between = range(first_body + 1, i)
    return bool(between) and all(verdict[j] in (None, "dateline", "byline", "credit")
                                 and not ends_paragraph(units[j].text) and not units[j].cells for j in between)


def _caption_below(units: list[_Unit], verdict: list[str | None], i: int, rules: Rules) -> bool:
    """A short line right under a photo credit is its caption, unless the credit stands in running text.

    A credit between two finished paragraphs marks an image set into the text: a finished sentence
    under it is the next paragraph ("Photo: X / AP", then "The minister told the envoy that ...").
    Under a credit with no paragraph above it (after a teaser link, a byline, the header) a finished
    sentence is the caption ("Sputnik/Reuters", then "Putin and Kim at Vostochny, September 2023.").
    """
    below = units[i + 1].text
    if len(below.split()) > rules.params.caption_below_max_words or starts_quote(below):
        return False
    above = units[i - 1].text if i > 0 and verdict[i - 1] is None else ""
    in_text = ends_paragraph(above) and (is_prose(above, rules) or is_sentence(above, rules))
    return not (in_text and ends_paragraph(below) and (is_prose(below, rules) or is_sentence(below, rules)))


def _caption_above(units: list[_Unit], verdict: list[str | None], i: int, rules: Rules) -> bool:
    """A short line right above a photo credit is its caption (a headline-like line, or one short sentence).

    A finished line that carries on the text above it is the text's own (see ``_ends_text_above``), and a
    writer's job under the byline is the byline's.
    """
    p = rules.params
    above = units[i - 1].text
    if rules.signal["credit_role"].fullmatch(above):  # "Business reporter, BBC News": the byline's, not the photo's
        return False
    size = len(above.split())
    if ends_sentence(above):
        short = size <= p.caption_below_max_words and not _ends_text_above(units, verdict, i, rules)
    else:
        short = size <= p.caption_max_words
    return not units[i].gap and len(words(above)) >= p.heading_min_words and short


def _ends_text_above(units: list[_Unit], verdict: list[str | None], i: int, rules: Rules) -> bool:
    """Whether the finished line above the credit at ``i`` is body text rather than the photo's caption.

    Right after a finished paragraph, the line is the text's own when it holds more than one sentence
    (a caption is one), or when no paragraph follows the credit: the credit of a photo moved to the foot
    of the page stands under the last paragraph. A one-sentence line between paragraphs stays the caption.
    """
    if i < 2 or verdict[i - 2] is not None:
        return False
    before = units[i - 2].text
    if not ends_paragraph(before):
        return False
    text = is_prose(before, rules) or is_sentence(before, rules)
    if _SENTENCE_END.search(units[i - 1].text.rstrip()):
        return text
    if any(verdict[j] is None and ends_paragraph(units[j].text) and is_prose(units[j].text, rules)
           for j in range(i + 1, len(units))):
        return False
    # Nothing of the text follows the credit. Where a language glues its little words to the others
    # (Kazakh, Amharic, Turkish, Nepali) a sentence has no stop words to show; two finished sentences
    # in a row above the line are the text all the same.
    return text or (i >= 3 and verdict[i - 3] is None and all(
        ends_sentence(units[j].text) and len(words(units[j].text)) >= rules.params.sentence_min_words
        for j in (i - 3, i - 2)))


def _find_title(units: list[_Unit], verdict: list[str | None], rules: Rules, outlets: Outlets) -> int | None:
    """The headline among the lines above the first paragraph: a repeated one, else the first."""
    p = rules.params
    start = _first_body(units, verdict, rules)
    candidates = [i for i in range(start) if verdict[i] is None and _title_shaped(units[i].text, rules)
                  and not _stamp_only(units[i].text, rules, outlets)]
    if not candidates:
        crumbs = [i for i in range(start) if verdict[i] == "breadcrumb"]
        if not crumbs:
            return None
        tail = _breadcrumb_tail(units[crumbs[0]].text)
        # the last crumb stands for the headline only when it reads like one, not a section name
        full = len(words(tail)) >= p.title_good_words
        return crumbs[0] if full and _title_shaped(tail, rules) else None
    keys = [normalize(unit.text) for unit in units]
    seen: dict[str, int] = {}
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
    # section labels and kickers ("Politics", "Deutsche Bahn") come before the headline: prefer a full one
    good = [i for i in candidates if len(words(units[i].text)) >= p.title_good_words] or candidates
    # a menu pasted with single spaces ("ΕΙΔΗΣΕΙΣ ΕΛΛΑΔΑ ΚΟΣΜΟΣ ΟΙΚΟΝΟΜΙΑ", "Inrikes Utrikes Ekonomi Sport") gives
    # way to a headline that has function words; one without any keeps its place (it may be the headline)
    plain = [i for i in good if not _menu_like(units[i].text, rules)]
    if plain != good and any(density(units[i].text, rules) > 0 for i in plain):
        good = plain
    # a local station's masthead ("WSB-TV Channel 2 - Atlanta", "KTLA 5 News") over its menu is a name with a
    # media word, each word capitalised: the headline is another line
    named = [i for i in good if not _masthead(units[i].text, rules)]
    if named and named != good:
        good = named
    # a menu pasted one item a line may hold a longer item ("Culture / Le Goût du Monde / Se connecter"): a short
    # line inside a run of menu items gives way to one that is not
    free = [i for i in good if len(words(units[i].text)) > p.title_good_words + 1
            or not _in_menu_run(units, i, rules, outlets)]
    if free and free != good:
        good = free
    # the page title ends with its outlet or section ("... | Fox News", "... | World News"); a video teaser does not
    splits = {i: split_title(units[i].text, rules, outlets, page=_page(units, keys, keys[i])) for i in good}
    # ... but not a label signed by the outlet ("Texte par : FRANCE 24") or a captioned photo's credit
    # ("Shops in Wajima were damaged by the quake. | KYODO"): what stands before the outlet is a headline
    signed = [i for i in good if (splits[i].outlet is not None or splits[i].section is not None)
              and len(words(splits[i].text)) >= p.title_good_words
              and splits[i].text.rstrip().rstrip(CLOSERS)[-1:] not in _CAPTION_STOPS]
    if signed:
        return signed[0]
    repeated = [i for i in good if seen[keys[i]] > 1
                or any(keys[i] in keys[j] for j in range(len(units))
                       if j != i and verdict[j] in ("breadcrumb", "rating"))]
    if repeated and len(words(units[repeated[0]].text)) >= p.heading_min_words:
        return repeated[0]
    return good[0]


def _masthead(text: str, rules: Rules) -> bool:
    """Whether a header line is an outlet's name: a few words, each capitalised or a number, one a media word
    ("TV", "Channel", "News"), maybe with its city after a dash ("WSB-TV Channel 2 - Atlanta")."""
    parts = [part for part in text.split() if part not in _DASHES]
    return (1 <= len(parts) <= _MASTHEAD_MAX_WORDS and all(capital(part[:1]) or part[:1].isdigit() for part in parts)
            and bool(rules.signal["outlet_word"].search(text)))


def _in_menu_run(units: list[_Unit], i: int, rules: Rules, outlets: Outlets) -> bool:
    """Whether line ``i`` sits among a menu's one-item lines: two right above it and one below, or one above
    and two below ("Débats / Culture / Le Goût du Monde / Se connecter"). A headline has a kicker or a section
    above it at most, and a standfirst, a byline or a date below."""
    def item(n: int) -> bool:
        if not 0 <= n < len(units):
            return False
        text = units[n].text.strip()
        return (0 < len(text.split()) <= rules.params.menu_item_max_words and text[-1:] not in FULL_STOPS
                and not _stamp_only(text, rules, outlets))
    above, below = item(i - 1) + item(i - 2) * item(i - 1), item(i + 1) + item(i + 2) * item(i + 1)
    return above + below >= 3


_PLACE_AFTER = re.compile(r"(?:[\s,]+(?-i:[^\W\d_])[^\W\d_'’.-]*(?:-[^\W\d_]+)?){1,2}\s*$")


def _stamp_only(text: str, rules: Rules, outlets: Outlets) -> bool:
    """Whether a line says only when, besides a short source or outlet part ("2024年07月25日22:08 | 来源：新华社",
    "15.07.2024 16:40 | Izvor: Tanjug"): a date or time stamp is never the headline."""
    parts = _HEADER_PARTS.split(text)
    # the place the piece was filed from may close the stamp: "20 июня 2024 года 11:00 Ханой" (the Kremlin)
    placed = _PLACE_AFTER.sub("", text)
    return (is_date_line(text, rules) or is_date_line(split_title(text, rules, outlets).text, rules)
            or (placed != text and any(c.isdigit() for c in placed) and is_date_line(placed, rules))
            or (is_date_line(parts[0], rules)
                and all(len(words(part)) <= rules.params.outlet_line_max_words for part in parts[1:])))


def _menu_like(text: str, rules: Rules) -> bool:
    """Capitalised words and nothing else, no function word among them: a menu's items, single-spaced."""
    items = text.split()
    return (len(items) >= rules.params.menu_min_items and all(w.isalpha() and w[:1].isupper() for w in items)
            and density(text, rules) == 0)


def lead_title(blocks: tuple[Block, ...], rules: Rules) -> tuple[str, int] | None:
    """A title for a text with no headline (a news brief, a wire item pasted from its first line): the first
    sentence of the first paragraph, without a wire's dateline, cut to a headline's length; and its line.

    None when there is no paragraph to take it from."""
    lead = next((b for b in blocks if b.type == "paragraph"), None)
    if lead is None:
        return None
    text = lead.text.strip()
    # a wire's dateline opens it: "BEIJING, July 3 (Xinhua) -- A fire broke out ..."
    dateline = next(filter(None, (pattern.match(text) for pattern in rules.signals.dateline)), None)
    if dateline is not None and dateline.end() < len(text):
        text = text[dateline.end():]
        text = text[:1].upper() + text[1:]
    end = _SENTENCE_END.search(text)
    sentence = (text[:end.start() + 1] if end else text).strip().rstrip(FULL_STOPS)
    cut = sentence.split()
    if len(cut) > rules.params.title_max_words:
        sentence = " ".join(cut[:rules.params.title_max_words]).rstrip(UNFINISHED) + "…"
    return sentence, lead.line


def _page(units: list[_Unit], keys: list[str], title: str) -> list[str]:
    """The lines of the page other than the headline (and its repeats), where an outlet it names is checked;
    ``keys`` are the units' texts normalized, ``title`` the headline's."""
    return [unit.text for unit, key in zip(units, keys, strict=True) if key != title]


def _first_body(units: list[_Unit], verdict: list[str | None], rules: Rules) -> int:
    """The first line not yet judged that can only be body text (:func:`_opens_body`); ``len(units)`` if none."""
    return next((i for i, u in enumerate(units) if verdict[i] is None and _opens_body(u.text, rules)), len(units))


def _opens_body(text: str, rules: Rules) -> bool:
    """A line that can only be body text: long, or prose ending with a full stop."""
    if len(words(text)) >= rules.params.long_line_words:
        return True
    stripped = text.rstrip().rstrip(CLOSERS)
    return is_prose(text, rules) and stripped[-1:] in FULL_STOPS


def _title_shaped(text: str, rules: Rules) -> bool:
    p = rules.params
    count = len(words(text))
    stripped = text.rstrip().rstrip(CLOSERS)
    return 1 <= count <= p.title_max_words and len(text) >= p.title_min_chars and stripped[-1:] not in UNFINISHED


def _mark_header_credits(units: list[_Unit], verdict: list[str | None], rules: Rules, title_at: int | None,
                         facts: _Facts, outlets: Outlets) -> None:
    """Bare names between the headline and the body: a byline next to its date, or a photo credit.

    "Felek Wahyu" above "Diperbarui 18 Mar 2024" is the writer; "Ayu Cipta" under a "Reporter"
    label too; a name under an unfinished caption line ("Bombeiros combatem um incêndio") with no
    date beside it is the photographer. A known outlet or agency on such a line ("LRT.lt, BNS") is the
    outlet, not a writer.
    """
    start = title_at + 1 if title_at is not None else 0
    body = [i for i in range(start, len(units)) if verdict[i] is None and _opens_body(units[i].text, rules)][:2]
    end = body[-1] if body else len(units)  # a standfirst may stand above the byline
    # US News' reprint repeats the headline under its photo, over the agency's name: a title-case headline
    # ("Iran's President Raisi, Foreign Minister Killed in Helicopter Crash") has a list of names' shape
    headline = normalize(units[title_at].text) if title_at is not None else None
    for i in range(start, end):
        text = units[i].text
        if verdict[i] is not None or density(text, rules) > 0.5 or normalize(text) == headline:
            continue
        dated = _name_before_date(text, rules)
        if dated is not None:  # "Grant Rowles October 7, 2025": a blog theme's writer and date on one line
            verdict[i] = "byline"
            facts.names[i] = [dated]
            continue
        # "नई दिल्ली:" over the lead: where it is filed from, no writer; a sentence that announces the text below
        # ("Here is a summary of the day's main developments:") is the text's own
        if text[-1:] in ":：" and i + 1 in body and len(text.split()) <= _PLACE_MAX_WORDS:
            verdict[i] = "dateline"
            continue
        # "नई दिल्ली," over "19 जुलाई 2024,": the place of a dateline broken over two lines, no writer
        if (text[-1:] in ",،" and len(text.split()) <= _PLACE_MAX_WORDS and i + 1 < len(units)
                and is_date_line(units[i + 1].text.rstrip(",،"), rules)):
            verdict[i] = "dateline"
            continue
        name = _without_place(text, rules)  # "Jacob Steinberg in Frankfurt": the writer, and where they file from
        # a finished sentence is no bare name: in a script without capitals a short sentence has a name's shape
        # "MATT O'BRIEN and DAVID KOENIG" (Yahoo's copy of an AP byline): each name a name of at most four words
        each = split_names(name, rules) if " " in name else [name]
        if not each or not all(is_name(n) and len(n.split()) <= 4 for n in each) or ends_sentence(text):
            continue
        before, after = _beside(verdict, i, -1), _beside(verdict, i, 1)
        role = i + 1 < len(units) and rules.signal["credit_role"].fullmatch(units[i + 1].text)
        # the BBC's byline: "Guy Hedgecoe" over "Reporting from Madrid", "Paul Kirby" over "BBC News"; or two
        # writers' names stacked over the date (El País): the first is no photo credit of the line above
        filed = (after in ("author-bio", "outlet-line") and len(name.split()) >= 2) or (
            i + 2 < len(units) and after is None and verdict[i + 2] == "dateline"
            and is_name(_without_place(units[i + 1].text, rules)) and len(units[i + 1].text.split()) <= 4)
        names = split_names(text, rules)  # drops what only looks like a name ("Kabar Pesisir", "Tim Redaksi")
        if names and (before == "credit-label"
                      or (len(name.split()) >= 2 and ("dateline" in (before, after) or role or filed))):
            verdict[i] = "byline"
            for known in filter(None, map(outlets.resolve, names)):
                facts.outlet("byline", known)
            facts.names[i] = [n for n in names if not outlets.resolve(n)]
            if role:
                verdict[i + 1] = "credit-label"
        elif name == text and i > start and before is None and _caption_above(units, verdict, i, rules):
            verdict[i] = "photo-credit"
            verdict[i - 1] = "caption"


# Header lines that may stand between a byline and its date: NPR's "Heard on All Things Considered", a share bar
_PASSED = frozenset({"listen", "share", "counter", "bookmark"})


def _beside(verdict: list[str | None], i: int, step: int) -> str | None:
    """The verdict of the line next to line ``i`` (above for step -1), past the lines of ``_PASSED``."""
    j = i + step
    while 0 <= j < len(verdict) and verdict[j] in _PASSED:
        j += step
    return verdict[j] if 0 <= j < len(verdict) else None


def _name_before_date(text: str, rules: Rules) -> str | None:
    """The name of two to four words that a line holds before a date and nothing else, if it does."""
    tokens = text.split()
    for k in range(2, min(4, len(tokens) - 1) + 1):
        head, tail = " ".join(tokens[:k]), " ".join(tokens[k:])
        # the date starts right after the name, not inside it ("Updated October | 7, 2025")
        if (is_date_line(tail, rules) and not is_date_line(f"{tokens[k - 1]} {tail}", rules) and is_name(head)
                and split_names(head, rules) == [head]):
            return head
    return None


def _without_place(text: str, rules: Rules) -> str:
    """A name without the place it is followed by ("Justin McCurry in Tokyo"); the text itself otherwise.

    The place is cut by the ``credit_place`` signals and must itself read as a name (a capitalised
    place, not "in the morning").
    """
    for place in rules.signals.credit_place:
        found = place.search(text)
        if found and found.end() == len(text) and found.start() > 0:
            where = found.group().split()[1:]
            if where and len(where) <= 3 and is_name(" ".join(where)):
                return text[: found.start()].strip()
    return text


def _mark_closing_byline(units: list[_Unit], verdict: list[str | None], kinds: list[str], rules: Rules,
                         facts: _Facts) -> None:
    """A bare name right under the last paragraph signs the article ("Võ Hải" at the foot of VnExpress)."""
    last = max((i for i, kind in enumerate(kinds) if kind == "p"), default=-1)
    j = last + 1
    if last < 0 or j >= len(units) or verdict[j] != "short-non-prose":
        return
    text = units[j].text
    # "Như Tâm (Theo Reuters, AFP)": the writer, then in brackets the agencies the story draws on
    sourced = re.fullmatch(r"(.+?)\s*[(\[]([^()\[\]]{2,80})[)\]]", text)
    if sourced and rules.signal["credit_source"].fullmatch(sourced.group(2).strip()):
        text = sourced.group(1)
    names = split_names(text, rules)
    if names and is_name(text) and 2 <= len(text.split()) <= 4 and density(text, rules) <= 0.5:
        verdict[j] = "byline"
        facts.credits += names


def _take_credits(units: list[_Unit], verdict: list[str | None], rules: Rules, facts: _Facts) -> None:
    """Names of the lines that stayed bylines; a later line that only repeats one of them goes too.

    The last part after a byline's comma may be the place the writer files from, not a co-author
    (``meta.without_place``): it is asked about against the article's other lines.
    """
    page: list[str] | None = None
    datelines: set[str] = set()
    for i in sorted(facts.names):
        if verdict[i] in ("byline", "credit"):
            names = facts.names[i]
            if len(names) >= 2:
                if page is None:  # the byline itself is what is being asked about
                    page = [unit.text for n, unit in enumerate(units) if verdict[n] not in ("byline", "credit")]
                    datelines = {unit.text for n, unit in enumerate(units) if verdict[n] == "dateline"}
                names = without_place(names, units[i].text, page, rules, datelines)
            facts.credits += names
    for i, name in sorted(facts.stamped.items()):
        # Ars Technica's "Andrew Cunningham - Jul 24, 2024": a name before the date is the writer, unless the
        # page writes it as a place ("New Delhi - 19 Jul 2024" over "... in New Delhi")
        others = [unit.text for n, unit in enumerate(units) if n != i and verdict[n] not in ("byline", "credit")]
        stamps = {unit.text for n, unit in enumerate(units) if n != i and verdict[n] == "dateline"}
        if verdict[i] == "dateline" and not names_place(name, others, rules, stamps):
            verdict[i] = "byline"
            facts.credits.append(name)
    credited = {normalize(name) for name in facts.credits}
    for i, unit in enumerate(units):
        if verdict[i] is None and normalize(unit.text) in credited:
            verdict[i] = "byline"


def _mark_writer_bios(units: list[_Unit], verdict: list[str | None], rules: Rules) -> None:
    """A writer's bio under the text, below their name: AP's "JON GAMBRELL" over "Gambrell, the news director for
    the Gulf and Iran for The Associated Press, has reported from ... since joining the AP in 2006."

    Below the first paragraph, a line that stayed a byline (a credited name) and, right under it, a sentence that
    opens with that name or its last word: the bio is about the writer, not the story (its years are no events).
    """
    first = _first_body(units, verdict, rules)
    for i in range(first + 1, len(units) - 1):
        name = units[i].text.split()
        if verdict[i] != "byline" or not 1 <= len(name) <= 4 or verdict[i + 1] is not None:
            continue
        opening = rf"(?:{re.escape(' '.join(name))}|{re.escape(name[-1])})(?:[,’']|\s)"
        if re.match(opening, units[i + 1].text, re.IGNORECASE) and is_sentence(units[i + 1].text, rules):
            verdict[i + 1] = "author-bio"


def _credit_from_author_box(units: list[_Unit], verdict: list[str | None], rules: Rules, facts: _Facts) -> None:
    """The writer of an article no byline credits, from the foot of the page.

    The name under an author box heading ("Sobre la firma", "About the author"), else the name that opens
    a line the author-bio rule removed ("Arvind Subramanian is a former ... Views are personal.").
    """
    if facts.credits:
        return
    for i in range(len(units) - 1):
        name = units[i + 1].text
        if rules.signal["credit_box"].fullmatch(units[i].text) and is_name(name) and 2 <= len(name.split()) <= 4:
            names = split_names(name, rules)
            if names:
                facts.credits += names
                if verdict[i + 1] in (None, "short-non-prose"):
                    verdict[i + 1] = "byline"
                return
    for i, unit in enumerate(units):
        if verdict[i] != "author-bio":
            continue
        for pattern in rules.signals.credit_bio:
            found = pattern.match(unit.text)
            names = split_names(found.group("names"), rules) if found else []
            if names:
                facts.credits += names
                return


def _breadcrumb_tail(text: str) -> str:
    """The page's own name at the end of a breadcrumb trail."""
    parts = re.split(r"\s[»>›/|·•]\s|\s*[»›]\s*", text)
    if len(parts) > 1:
        return parts[-1].strip()
    return " ".join(text.split()[2:])


def _title_parts(title: str, rules: Rules) -> set[str]:
    """"Kicker: Headline" is often shown as two lines under the title: both halves repeat it."""
    head, sep, tail = title.partition(": ")
    if not sep:
        return set()
    return {normalize(part) for part in (head, tail) if len(words(part)) >= rules.params.heading_min_words}


def _mark_title_repeats(units: list[_Unit], verdict: list[str | None], title_at: int, keys: set[str],
                        parts: set[str], rules: Rules) -> None:
    verdict[title_at] = "title"
    doubled = {f"{key} {key}" for key in keys}
    body = next((i for i, u in enumerate(units) if i > title_at and _opens_body(u.text, rules)), len(units))
    for i, unit in enumerate(units):
        if i != title_at and verdict[i] in (None, "outlet-line"):
            key = normalize(unit.text)
            if key in keys or key in doubled or (title_at < i < body and key in parts):
                verdict[i] = "title-repeat"


def _mark_repeats(units: list[_Unit], verdict: list[str | None], rules: Rules) -> None:
    """Short labels repeated down the page, and later copies of a repeated paragraph."""
    p = rules.params
    counts: dict[str, int] = {}
    for unit in units:
        key = normalize(unit.text)
        counts[key] = counts.get(key, 0) + 1
    seen: set[str] = set()
    for i, unit in enumerate(units):
        key = normalize(unit.text)
        if verdict[i] is not None or not key:
            continue
        if len(key.split()) <= p.repeat_max_words and counts[key] >= p.repeat_min_count:
            verdict[i] = "repeated"
        elif key in seen and is_prose(unit.text, rules):
            verdict[i] = "duplicate"
        seen.add(key)
    _mark_pull_quotes(units, verdict, rules)


def _mark_pull_quotes(units: list[_Unit], verdict: list[str | None], rules: Rules) -> None:
    """A quotation set apart as a line of its own that a longer paragraph also holds: the pull quote goes.

    '"We lost every oven."' above 'The water ... "We lost every oven," she said.': the reader finds
    the words in the paragraph, where they are attributed.
    """
    keys = {i: normalize(unit.text) for i, unit in enumerate(units) if verdict[i] is None}
    for i, key in keys.items():
        size = len(key.split())
        if not starts_quote(units[i].text) or not rules.params.pull_quote_min_words <= size <= \
                rules.params.heading_max_words * 3:
            continue
        padded = f" {key} "
        if any(j != i and len(other.split()) > size and padded in f" {other} " for j, other in keys.items()):
            verdict[i] = "pull-quote"


def _shape(units: list[_Unit], verdict: list[str | None], rules: Rules, title_at: int | None) -> list[str]:
    """Each line still in play as "p" (paragraph), "h" (heading) or "x" (short non-prose)."""
    kinds = ["" for _ in units]
    live = [i for i, rule in enumerate(verdict) if rule is None]
    for i in live:
        text = units[i].text
        question = text.rstrip().rstrip(CLOSERS)[-1:] in QUESTION_MARKS
        if is_prose(text, rules) and not (question and is_heading_shape(text, rules)):
            kinds[i] = "p"
        elif is_heading_shape(text, rules) and (question or not ends_sentence(text)) and not starts_quote(text):
            kinds[i] = "h?"
        elif is_sentence(text, rules):
            kinds[i] = "p"
        else:
            kinds[i] = "x"
    _promote_body_lines(units, kinds, live, rules)
    _keep_table_rows(units, kinds, live)
    _keep_fact_boxes(units, kinds, live, rules)
    _head_live_entries(units, kinds, live, rules)
    after_header: list[int] = []  # headings, if the article has sections: see _after_header
    for n, i in enumerate(live):
        if kinds[i] != "h?":
            continue
        before = kinds[live[n - 1]] if n > 0 else ""
        after = kinds[live[n + 1]] if n + 1 < len(live) else ""
        # a heading follows a finished paragraph: after a standfirst, a short line is a byline
        if before == "p" and after == "p" and ends_paragraph(units[live[n - 1]].text):
            kinds[i] = "h"
        else:
            if before == "p" and after == "p" and _after_header(verdict, live, n):
                after_header.append(i)
            kinds[i] = "p" if is_sentence(units[i].text, rules) or is_prose(units[i].text, rules) else "x"
    after_header += _prose_headings(units, verdict, kinds, live, rules)
    if "h" in kinds:
        for i in after_header:
            kinds[i] = "h"
    _head_numbered_items(units, kinds, live, rules)
    for i in live:
        if kinds[i] == "x":
            verdict[i] = "short-non-prose"
    return kinds


def _head_numbered_items(units: list[_Unit], kinds: list[str], live: list[int], rules: Rules) -> None:
    """Numbered headings are headed alike: "1. Where is flooding worst?" as "2. Has anyone died?" is.

    A listicle's first item follows the header (a button, a sign-up line), not a paragraph, and so is not told
    a heading by its neighbours; when most numbered lines are headings, every other heading-shaped numbered
    line over a paragraph is one too.
    """
    numbered = [i for i in live if _NUMBERED.match(units[i].text)]
    headed = sum(1 for i in numbered if kinds[i] == "h")
    if headed < 2 or headed * 2 <= len(numbered):
        return
    following = dict(zip(live, live[1:], strict=False))
    for i in numbered:
        text = units[i].text
        question = text.rstrip().rstrip(CLOSERS)[-1:] in QUESTION_MARKS
        if (kinds[i] != "h" and i in following and kinds[following[i]] == "p" and is_heading_shape(text, rules)
                and (question or not ends_sentence(text)) and not starts_quote(text)):
            kinds[i] = "h"


def _keep_gallery_captions(units: list[_Unit], verdict: list[str | None], kinds: list[str], rules: Rules,
                           facts: _Facts) -> None:
    """On a photo gallery the captions are the content: they are kept as paragraphs.

    A page is a gallery when it has many captions (``gallery_min_captions``) and they hold more words than
    all its kept text; an article with a few photos keeps its text and loses its captions. A credit that
    ends a caption ("... on Sunday. Photo: AFP") is still cut off as a photo credit.
    """
    captions = [i for i, rule in enumerate(verdict) if rule == "caption"]
    if len(captions) < rules.params.gallery_min_captions:
        return
    text = sum(len(words(units[i].text)) for i, kind in enumerate(kinds) if kind in ("p", "h") and verdict[i] is None)
    if sum(len(words(units[i].text)) for i in captions) <= text:
        return
    for i in captions:
        verdict[i] = None
        kinds[i] = "p"
        caption = units[i].text
        parts = re.split(r"(?<=[.!?])\s+", caption)
        credit = match_rule(parts[-1], rules) if len(parts) > 1 else None
        if credit is not None and credit.id == "photo-credit":
            facts.removed.append(Removed(parts[-1], "photo-credit", units[i].number))
            units[i].text = caption[: len(caption) - len(parts[-1])].rstrip()


def _head_live_entries(units: list[_Unit], kinds: list[str], live: list[int], rules: Rules) -> None:
    """A live page's timestamped entry line ("16:05 — Agreement signed") over its text heads the entry.

    Whatever its words look like (a question, a clause, two words), each entry line is then handled alike.
    """
    for n, i in enumerate(live[:-1]):
        found = _ENTRY_TIME.match(units[i].text)
        if found is None:
            continue
        rest = units[i].text[found.end():]
        last = rest.rstrip().rstrip(CLOSERS)[-1:]
        if (len(words(rest)) <= rules.params.heading_max_words and last not in FULL_STOPS
                and kinds[live[n + 1]] in ("p", "h?") and not _ENTRY_TIME.match(units[live[n + 1]].text)):
            kinds[i] = "h"
    _head_stamped_entries(units, kinds, live, rules)


def _head_stamped_entries(units: list[_Unit], kinds: list[str], live: list[int], rules: Rules) -> None:
    """A live page's entry headline under its own stamp line ("10.42 GMT", then "Death toll rises to 205") heads
    the entry's text.

    Told by the stamp, not by a paragraph above: the newest entry, at the top, has none, and read alone its
    headline was kept as a paragraph or dropped as a short line. Only on a page with several stamps."""
    if sum(1 for unit in units if _ENTRY_STAMP.fullmatch(unit.text)) < _LIVE_MIN_STAMPS:
        return
    for n, i in enumerate(live[:-1]):
        text = units[i].text
        if _ENTRY_STAMP.fullmatch(text):  # the stamp itself is no heading of the text below it
            kinds[i] = "x"
            continue
        last = text.rstrip().rstrip(CLOSERS)[-1:]
        if (i > 0 and _ENTRY_STAMP.fullmatch(units[i - 1].text) and kinds[live[n + 1]] == "p"
                and rules.params.heading_min_words <= len(words(text)) <= rules.params.heading_max_words
                and last not in FULL_STOPS and last not in ":：" and not starts_quote(text)):  # ":" leads in
            kinds[i] = "h"


def _keep_fact_boxes(units: list[_Unit], kinds: list[str], live: list[int], rules: Rules) -> None:
    """A fact box between the paragraphs is text: its "label: value" rows are paragraphs, its header a heading.

    "FAST FACTS", then "Rocket: H3", "Payload: Michibiki 6", "Launch site: Tanegashima": rows too short to
    read as prose, in a run of at least ``fact_box_min_rows`` with no blank line inside it. Above the first
    paragraph or below the last one such rows are more likely a page's details (a "Share: X" bar), judged as
    before.
    """
    p = rules.params
    text_rows = [i for i in live if kinds[i] == "p"]
    if not text_rows:
        return
    run: list[int] = []
    for n in range(len(live) + 1):
        i = live[n] if n < len(live) else -1
        if i >= 0 and text_rows[0] < i < text_rows[-1] and _fact_row(units[i].text, rules) \
                and not (run and units[i].gap):
            run.append(i)
            continue
        if len(run) >= p.fact_box_min_rows:
            for j in run:
                kinds[j] = "p"
            at = live.index(run[0])
            header = live[at - 1] if at > 0 else -1
            if header >= 0 and kinds[header] in ("x", "h?") and is_heading_shape(units[header].text, rules) \
                    and not ends_sentence(units[header].text):
                kinds[header] = "h"
        run = [i] if i >= 0 and text_rows[0] < i < text_rows[-1] and _fact_row(units[i].text, rules) else []


def _fact_row(text: str, rules: Rules) -> bool:
    """Whether a line reads as one row of a fact box: a short label, a colon, a short value."""
    label, colon, value = text.partition(":")
    if not colon or not value.strip() or "http" in label.casefold():
        return False
    size = len(label.split())
    return 1 <= size <= rules.params.fact_box_label_max_words and len(words(text)) <= rules.params.heading_max_words


def _keep_table_rows(units: list[_Unit], kinds: list[str], live: list[int]) -> None:
    """The rows of a tab-separated table between the paragraphs are data, each row a paragraph.

    Above the first paragraph or below the last one, tab-separated cells are more likely a menu or a
    footer's links: they are judged by their shape like any other line.
    """
    text_rows = [i for i in live if kinds[i] == "p" and not units[i].cells]
    if not text_rows:
        return
    for i in live:
        if units[i].cells and text_rows[0] < i < text_rows[-1]:
            kinds[i] = "p"


def _after_header(verdict: list[str | None], live: list[int], n: int) -> bool:
    """Whether the article's byline or dateline stands between ``live[n]`` and the line before it.

    The line before is then a standfirst, often written without a full stop, and the header is over: a short
    line after it may be the body's first section heading rather than the byline a heading is told from. It
    is taken as one only when the article has other headings, so a stray button ("Comment") after the header
    of an article without sections is not.
    """
    return any(verdict[j] in _HEADER_END for j in range(live[n - 1] + 1, live[n]))


def _prose_headings(units: list[_Unit], verdict: list[str | None], kinds: list[str], live: list[int],
                    rules: Rules) -> list[int]:
    """A prose-like line that ends no sentence, between two finished paragraphs, heads a section.

    Languages whose function words stand apart (Hindi "में", "से", "नहीं") fill a short heading with
    stop words, so it reads as prose by its density. Such lines after the header's standfirst are given back
    rather than marked (see _after_header).
    """
    after_header: list[int] = []
    for n in range(1, len(live) - 1):
        i, before, after = live[n], live[n - 1], live[n + 1]
        text = units[i].text
        if (kinds[i] == "p" and not units[i].listed and not ends_paragraph(text) and is_heading_shape(text, rules)
                and not starts_quote(text) and kinds[before] == "p" and kinds[after] == "p"
                and ends_paragraph(units[after].text)):
            if ends_paragraph(units[before].text):
                kinds[i] = "h"
            elif _after_header(verdict, live, n):
                after_header.append(i)
    return after_header


def _promote_body_lines(units: list[_Unit], kinds: list[str], live: list[int], rules: Rules) -> None:
    """Short lines that belong to the text around them (jusText's context step).

    A short finished sentence next to a paragraph ("Ia menolak berkomentar."), a lead-in ending
    with a colon before a paragraph or a list, and the items of a list that holds a paragraph.
    """
    p = rules.params

    def neighbour(n: int, step: int) -> str:
        m = n + step
        return kinds[live[m]] if 0 <= m < len(live) else ""

    for n, i in enumerate(live):
        text = units[i].text
        first = text.lstrip(OPENERS)[:1]
        if ((kinds[i] == "x" or (kinds[i] == "h?" and not text.rstrip(CLOSERS).endswith("?")))
                and ends_sentence(text) and len(words(text)) >= p.short_sentence_words
                and (capital(first) or first.isdigit() or starts_quote(text))
                and "p" in (neighbour(n, -1), neighbour(n, 1))):
            kinds[i] = "p"
    for n, i in enumerate(live):
        text = units[i].text.rstrip()
        if (kinds[i] in ("x", "h?") and text.endswith(":") and len(words(text)) >= p.sentence_min_words
                and n + 1 < len(live) and (kinds[live[n + 1]] == "p" or units[live[n + 1]].listed)):
            kinds[i] = "p"
    run: list[int] = []
    for i in live + [-1]:
        if i >= 0 and units[i].listed:
            run.append(i)
            continue
        if len(run) >= 2 and any(kinds[j] == "p" for j in run):
            for j in run:
                kinds[j] = "p"
        run = []


def _mark_outlet_lines(units: list[_Unit], verdict: list[str | None], kinds: list[str], title_at: int | None,
                       outlets: Outlets, facts: _Facts) -> None:
    """An outlet named on a line of its own above the first paragraph or below the last one.

    A web domain names the outlet even when unknown ("REPUBLIKA.CO.ID", "g1.globo.com"), also as one
    part of a header line ("TOI Business Desk / TIMESOFINDIA.COM / Updated: ..."). An unknown name that
    only looks like one by its capitals ("AA", a text-size button) is a guess that any other signal beats.
    """
    paragraphs = [i for i, kind in enumerate(kinds) if kind == "p"]
    first = paragraphs[0] if paragraphs else len(units)
    last = paragraphs[-1] if paragraphs else -1
    for i, unit in enumerate(units):
        if not (i < first or i > last):
            continue
        if verdict[i] == "outlet-line":
            facts.outlet("outlet-line", outlets.resolve(unit.text))
        elif verdict[i] == "short-non-prose" and i < first and is_domain(unit.text):
            verdict[i] = "outlet-line"
            facts.outlet("outlet-line", unit.text)
        elif (verdict[i] == "short-non-prose" and i < first and title_at is not None and i > title_at
              and len(unit.text.split()) <= 2 and looks_like_outlet(unit.text)):
            verdict[i] = "outlet-line"
            facts.outlet("outlet-guess", unit.text)
        elif verdict[i] in ("short-non-prose", "byline", "dateline") and i < first:
            parts = [part.strip() for part in _HEADER_PARTS.split(unit.text)]
            named = [outlets.resolve(part) or (part if is_domain(part) else None) for part in parts]
            facts.outlet("byline", next((name for name in named if name), None) if len(parts) > 1 else None)


def _blocks(units: list[_Unit], verdict: list[str | None], kinds: list[str], rules: Rules, outlets: Outlets,
            facts: _Facts) -> list[Block]:
    """Headings and paragraphs in reading order, with credit sentences cut off the paragraphs."""
    blocks: list[Block] = []
    for i, unit in enumerate(units):
        if verdict[i] is not None:
            continue
        if kinds[i] == "h":
            blocks.append(Block("heading", unit.text, unit.number, level=2))
            continue
        if unit.cells:  # a table row: its cells apart, as the paragraph's text can show them
            blocks.append(Block("paragraph", " | ".join(unit.cells), unit.number))
            continue
        text = unit.text
        for _ in range(3):
            credit = facts.credit(text, rules)
            if credit is None or not credit.rest:
                break
            facts.credits += credit.names
            facts.removed.append(Removed(credit.sentence, "credit", unit.number))
            text = credit.rest
        if credit is not None and not credit.rest and text == unit.text:
            facts.credits += credit.names
            verdict[i] = "credit"
            continue
        text = _cut_origin(text, unit.number, rules, outlets, facts)
        if not text:
            verdict[i] = "origin"
            continue
        if len([b for b in blocks if b.type == "paragraph"]) < 2:
            facts.outlet("dateline", outlet_from_dateline(text, rules, outlets))
            cut = cut_dateline(text, rules)
            if cut is not None:
                facts.removed.append(Removed(cut[0], "dateline", unit.number))
                text = cut[1]
        blocks.append(Block("paragraph", text, unit.number))
    return blocks


def last_sentence(text: str) -> str | None:
    """What follows the last full stop, question or exclamation mark and the white space after it (the last
    sentence of a paragraph), or None when the text has no such gap: the last piece of splitting the text at
    every such gap (``_SENTENCE_GAP``), found without splitting the whole paragraph."""
    gap = deque(_SENTENCE_GAP.finditer(text), maxlen=1)  # the last one
    return text[gap[0].end():] if gap else None


def _cut_origin(text: str, number: int, rules: Rules, outlets: Outlets, facts: _Facts) -> str:
    """A closing "This article first appeared in X" sentence is the outlet, not the body."""
    last = last_sentence(text)
    if last is not None and _at_start(last, rules):
        origin = outlet_from_origin(last, rules, outlets)
        if origin:
            facts.outlet("origin", origin)
            facts.removed.append(Removed(last, "origin", number))
            return text[: len(text) - len(last)].rstrip()
    return text
