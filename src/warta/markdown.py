"""Read the body of a Markdown article into title, outlet, credits and blocks with safe inline HTML.

Markdown is parsed with markdown-it-py, CommonMark and GFM tables. Raw HTML is never passed on: its
tags are dropped and its text kept (script and style are dropped with their content). Footnote
markers ("[^1]") are dropped and footnote texts kept at the end; a table row is a paragraph with its
cells apart (style "table"), a code block a paragraph that keeps its lines (style "code").
Only the clear boilerplate patterns apply here (a Markdown file is written, not scraped),
never the length and stop-word heuristics.
"""

from __future__ import annotations

import functools
import re
from html import escape
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token

from warta.clean import Rules, is_date_line, match_rule, normalize, rule_match, words
from warta.meta import (
    OUTLET_ORDER,
    Outlets,
    choose_outlet,
    cut_dateline,
    find_credit,
    is_attribution,
    name_and_outlet,
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

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_TAGS = {"strong_open": "<strong>", "strong_close": "</strong>", "em_open": "<em>", "em_close": "</em>"}
_NOTE_LABEL = re.compile(r"\s*\[\^[^\]\s]+\]:\s*")  # the label a footnote's text opens with
_NOTE_MARK = re.compile(r"\[\^[^\]\s]+\]")  # a footnote marker in the text
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
# Syntax of Obsidian and GitHub that CommonMark reads as text. A wiki link ("[[Page]]", "[[Page#Part|label]]")
# is the words it shows, an embed ("![[foto.jpg]]") shows nothing of its own; a callout's or alert's type
# ("> [!note] Title", "> [!WARNING]") opens a quote and is no text of it; a task list item opens with its box.
_EMBED = re.compile(r"[ \t]*!\[\[[^\[\]\n]*\]\]")
_WIKILINK = re.compile(r"\[\[([^\[\]|#\n]+)(?:#[^\[\]|\n]*)?(?:\|([^\[\]\n]+))?\]\]")
_CALLOUT = re.compile(r"\[![A-Za-z][\w-]*\][+-]?[ \t]*")
_TASK = re.compile(r"\[([ xX])\][ \t]+")
_TASK_BOX = {" ": "\u2610 ", "x": "\u2611 ", "X": "\u2611 "}  # ballot box, and with a check
_HIDDEN_TAGS = frozenset({"script", "style", "template", "noscript", "textarea", "title"})
_BLOCK_TAGS = frozenset({  # elements that begin a new paragraph of text in a raw HTML block
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "td", "th", "tr", "ul",
})
# the names a line credits, with the byline they stand on ("" for a credit sentence): the last part after a
# byline's comma may be a place, asked about once the whole page is read
_Credited = tuple[str, tuple[str, ...]]


def read_markdown(body: tuple[Line, ...], rules: Rules, outlets: Outlets, given: str | None = None) -> TextParts:
    """Extract title, outlet, site, credits, headings and paragraphs from a Markdown body.

    ``given``: the title front matter sets. The first ``# H1`` is then the title only when it repeats
    that title (it is listed as a removed "title-repeat"); any other first H1 is a heading of the body,
    kept as written, and no outlet is read from it: a suffix on a section heading names no outlet."""
    source = "\n".join(line.text for line in body)
    tokens = _parser().parse(source)
    numbers = [line.number for line in body] or [1]
    found: dict[str, str] = {}
    site: str | None = None
    credits: list[_Credited] = []
    removed: list[Removed] = []
    raw_blocks: list[tuple[Block, str]] = []  # the block and its boilerplate verdict ("" = keep)
    title: str | None = None
    title_line: int | None = None
    first_h1 = True
    quote = lists = 0
    drop_list_as: str | None = None  # a list under a "Related articles" header goes with it
    row: list[tuple[str, str]] = []  # the cells of a table row: text and html
    row_line = 1
    notes: list[tuple[Block, str]] = []  # footnote texts, kept after the body
    for index, token in enumerate(tokens):
        if token.type in ("blockquote_open", "blockquote_close"):
            quote += 1 if token.type == "blockquote_open" else -1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
            if lists == 0:
                drop_list_as = None
        elif token.type == "tr_open":
            row = []
            row_line = numbers[min(token.map[0] if token.map else 0, len(numbers) - 1)]
        elif token.type == "tr_close" and any(text for text, _ in row):
            # a table row is one paragraph, its cells apart: written content, never judged as boilerplate
            raw_blocks.append((Block("paragraph", " | ".join(t for t, _ in row), row_line, style="table",
                                     html=" | ".join(h for _, h in row)), ""))
        if token.type != "inline" or index == 0:
            block_line = numbers[min(token.map[0] if token.map else 0, len(numbers) - 1)]
            if token.type in ("fence", "code_block") and token.content.strip():
                raw_blocks.append((_code(token.content, block_line), ""))
            elif token.type == "html_block":
                style = "list" if lists else "quote" if quote else None
                chunks = _html_text(token.content)
                if not chunks:
                    removed.append(Removed(token.content.strip(), "raw-html", block_line))
                for chunk in chunks:  # written text, so judged as a paragraph is
                    block = Block("paragraph", chunk, block_line, style=style, html=escape(chunk, quote=False))
                    raw_blocks.append((block, _judge(chunk, rules, outlets, found, credits)))
            continue
        opener = tokens[index - 1]
        line = numbers[min(opener.map[0] if opener.map else 0, len(numbers) - 1)]
        children = _visible(token.children or [])
        note = _NOTE_LABEL.match(token.content) if opener.type == "paragraph_open" else None
        if note:  # a footnote's text, without its "[^1]:" label, goes to the end as footnotes do
            children = _visible(token.children or [], note=True)
        children = _without_marks(children, tokens[index - 2].type if index > 1 else "")
        text = " ".join(_plain(children).split())
        if opener.type in ("th_open", "td_open"):
            html = _html(children)
            row.append((text, f"<strong>{html}</strong>" if opener.type == "th_open" and html else html))
            continue
        if not text:
            images = [c for c in token.children or [] if c.type == "image"]
            if images:
                removed.append(Removed(token.content.strip(), "image", line))
            continue
        removed.extend(_images(token.children or [], line))  # beside text (a caption): listed one by one
        html = _html(children)
        if opener.type == "heading_open":
            level = int(opener.tag[1:])
            if level == 1 and first_h1:
                first_h1 = False
                if not given or _repeats_title(text, given, rules, outlets):
                    title, title_line = text, line
                    if given:
                        removed.append(Removed(text, "title-repeat", line))
                    continue
            block = Block("heading", text, line, level=min(max(level, 2), 4), html=html)
        else:
            style = "list" if lists else "quote" if quote else None
            block = Block("paragraph", text, line, style=style, html=html)
        if note:
            notes.append((block, _judge(text, rules, outlets, found, credits)))
            continue
        if lists and drop_list_as:
            raw_blocks.append((block, drop_list_as))
            continue
        verdict = _judge(text, rules, outlets, found, credits)
        if verdict == "rating":
            site = site or site_from_review(text, rules)
        if verdict and any(r.id == verdict and r.block for r in rules.rules):
            drop_list_as = verdict
        raw_blocks.append((block, verdict))
    raw_blocks += notes
    if title is not None:  # an unknown suffix ("- NEMA") is an outlet only if the page names it so elsewhere
        key = normalize(title)
        page = [block.text for block, _ in raw_blocks if normalize(block.text) != key]
        split = split_title(title, rules, outlets, site, page)
        title = split.text
        if split.outlet:
            found.setdefault("title", split.outlet)
        site = site or split.site
    repeats = {normalize(title)} if title else set()
    repeats |= {normalize(given)} if given else set()
    # a quoted paragraph that the text itself opens a paragraph with: MarkDownload's "> ## Excerpt" over every
    # clip quotes the page's description, most often its lead's first sentence; a pull quote repeats a paragraph
    unquoted = [normalize(block.text) for block, verdict in raw_blocks
                if not verdict and block.type == "paragraph" and block.style != "quote"]
    blocks: list[Block] = []
    for block, verdict in raw_blocks:
        if not verdict and block.type == "paragraph" and normalize(block.text) in repeats:
            verdict = "title-repeat"
        if (not verdict and block.style == "quote" and len(block.text.split()) >= _REPEAT_MIN_WORDS
                and any(text.startswith(normalize(block.text)) for text in unquoted)):
            verdict = "repeated"
        if (not verdict and block.type == "paragraph" and not any(b.type == "paragraph" for b in blocks)
                and _LINK_ONLY.fullmatch(block.html or "")
                and len(block.text.split()) <= rules.params.outlet_line_max_words):
            verdict = "navigation"  # a clipped page's section links above the text: "[Business](...)"
        if verdict:
            removed.append(Removed(block.text, verdict, block.line))
            continue
        if block.type == "paragraph" and block.style not in ("table", "code"):
            block = _cut_credit(block, rules, credits, removed)
            if len([b for b in blocks if b.type == "paragraph"]) < 2:
                name = outlet_from_dateline(block.text, rules, outlets)
                if name:
                    found.setdefault("dateline", name)
                block = _cut_dateline(block, rules, removed)
        blocks.append(block)
    return TextParts(
        title=title,
        title_line=title_line,
        outlet=choose_outlet(found, OUTLET_ORDER, outlets),
        site=site,
        credits=_credited(credits, raw_blocks, title, rules),
        blocks=tuple(blocks),
        removed=tuple(sorted(removed, key=lambda r: r.line)),
    )


_REPEAT_MIN_WORDS = 6  # a quote this long that opens a paragraph of the text is a copy of it, not a quote
_LINK_ONLY = re.compile(r"<a [^>]*>[^<]*</a>")  # a block that is one link and nothing else


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """CommonMark and GFM tables, built once: a parser keeps nothing from one document to the next.

    Raw HTML is parsed (as html_block and html_inline tokens) so that its tags can be dropped and its
    text kept; no tag of it is ever written out."""
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _repeats_title(heading: str, title: str, rules: Rules, outlets: Outlets) -> bool:
    """Whether a heading repeats the title: the same words, give or take an outlet suffix, or one of them
    is a half of the other's "Kicker: Headline" long enough to be a headline of its own."""
    def forms(text: str) -> set[str]:
        return {normalize(text), normalize(split_title(text, rules, outlets).text)}

    def halves(text: str) -> set[str]:
        found = set()
        for form in (text, split_title(text, rules, outlets).text):
            head, sep, tail = form.partition(": ")
            if sep:
                found |= {normalize(p) for p in (head, tail) if len(words(p)) >= rules.params.heading_min_words}
        return found

    return bool(forms(heading) & (forms(title) | halves(title)) or forms(title) & halves(heading))


def _judge(text: str, rules: Rules, outlets: Outlets, found: dict[str, str], credits: list[_Credited]) -> str:
    """The clear-pattern verdict on one block ("" keeps it); metadata found goes to ``found``."""
    if is_date_line(text, rules):
        return "dateline"
    rule = match_rule(text, rules)
    if rule is None or rule.id != "byline":  # "By Euronews with AP": the agency drawn on, no source line
        source = outlet_from_source(text, rules, outlets)
        if source:
            found.setdefault("source", source)
        if source or is_attribution(text, rules):  # "Джерело: Зеленський у Telegram": whom it quotes, no outlet
            return "source"
    origin = outlet_from_origin(text, rules, outlets)
    if origin and rules.signal["origin"].match(text):
        found.setdefault("origin", origin)
        return "origin"
    credit = find_credit(text, rules)
    if credit is not None and not credit.rest:
        credits.append(("", credit.names))
        return "credit"
    byline = name_and_outlet(text, outlets)
    if byline is not None:  # "Andi Saputra - detikFinance", as a readability export of the page keeps it
        found.setdefault("byline", byline[1])
        credits.append(("", (byline[0],)))
        return "byline"
    if rule is not None:
        if rule.id in ("byline", "credit"):
            match = rule_match(text, rules, rule.id)
            names = []
            written = without_agency((match.groupdict().get("names") if match else None) or "", rules, outlets)
            whole = outlets.resolve(written)  # "By The Associated Press": an outlet alone, no writer
            if whole:
                found.setdefault("byline", whole)
            for name in split_names(written, rules) if not whole else ():
                known = outlets.resolve(name)
                if known:
                    found.setdefault("byline", known)
                else:
                    names.append(name)
            credits.append((text, tuple(names)))
        return rule.id
    if len(text.split()) <= rules.params.outlet_line_max_words and outlets.resolve(text):
        found.setdefault("outlet-line", outlets.resolve(text) or text)
        return "outlet-line"
    return ""


def _cut_credit(block: Block, rules: Rules, credits: list[_Credited], removed: list[Removed]) -> Block:
    """A paragraph without the credit sentence that ends it (the html keeps in step when it can)."""
    credit = find_credit(block.text, rules)
    if credit is None or not credit.rest:
        return block
    credits.append(("", credit.names))
    removed.append(Removed(credit.sentence, "credit", block.line))
    html = block.html
    if html is not None:
        tail = escape(credit.sentence, quote=False)
        html = html[: -len(tail)].rstrip() if html.endswith(tail) else escape(credit.rest, quote=False)
    return Block(block.type, credit.rest, block.line, block.level, block.style, html)


def _cut_dateline(block: Block, rules: Rules, removed: list[Removed]) -> Block:
    """A paragraph without the dateline that stands apart from its first sentence ("【モスクワ共同】")."""
    cut = cut_dateline(block.text, rules)
    if cut is None:
        return block
    removed.append(Removed(cut[0], "dateline", block.line))
    html = block.html
    if html is not None:
        head = escape(cut[0], quote=False)
        html = html[len(head):].lstrip() if html.startswith(head) else escape(cut[1], quote=False)
    return Block(block.type, cut[1], block.line, block.level, block.style, html)


def _credited(credits: list[_Credited], raw_blocks: list[tuple[Block, str]], title: str | None,
              rules: Rules) -> tuple[str, ...]:
    """The credited names in order, each byline without the place it files from (``meta.without_place``),
    asked about against the page's other lines as the scraped-text path asks."""
    page = [block.text for block, verdict in raw_blocks if verdict not in ("byline", "credit")]
    page += [title] if title else []
    datelines = {block.text for block, verdict in raw_blocks if verdict == "dateline"}
    names: list[str] = []
    for byline, given in credits:
        names += without_place(given, byline, page, rules, datelines) if byline else given
    return tuple(dict.fromkeys(names))


def _code(content: str, line: int) -> Block:
    """A code block as a paragraph that keeps its lines and their indentation."""
    lines = [t.expandtabs(4) for t in content.rstrip().split("\n")]
    shown = "<br>".join("&nbsp;" * (len(t) - len(t.lstrip(" "))) + escape(t.lstrip(" "), quote=False) for t in lines)
    return Block("paragraph", content.rstrip(), line, style="code", html=f"<code>{shown}</code>")


class _TextOf(HTMLParser):
    """The text of a raw HTML block, one chunk per block-level element; script and style left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = [""]
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.chunks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(self.hidden - 1, 0)
        elif tag in _BLOCK_TAGS:
            self.chunks.append("")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.chunks[-1] += data


def _html_text(source: str) -> list[str]:
    """The visible text of raw HTML as paragraphs, tags dropped: raw HTML is never passed on."""
    parser = _TextOf()
    parser.feed(source)
    parser.close()
    return [text for text in (" ".join(chunk.split()) for chunk in parser.chunks) if text]


def _images(children: list[Token], line: int) -> list[Removed]:
    """The images among a paragraph's inline tokens, each listed as removed (rule "image") on its own line:
    an image shows no text on the site, and its alt text would otherwise leave no trace in the record."""
    out: list[Removed] = []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "image":
            title = child.attrs.get("title")
            target = f'{child.attrs.get("src", "")} "{title}"' if title else str(child.attrs.get("src", ""))
            out.append(Removed(f"![{child.content}]({target})", "image", line))
    return out


def _visible(children: list[Token], note: bool = False) -> list[Token]:
    """Inline tokens as a reader sees them: no raw tags (nor what script and style hold), no footnote
    markers ("[^1]"), and for a footnote's own text (``note``) no "[^1]:" label in front."""
    out: list[Token] = []
    hidden = 0
    for child in children:
        if child.type == "html_inline":
            tag = _TAG.match(child.content)
            name = tag.group(2).lower() if tag else ""
            if name in _HIDDEN_TAGS:
                hidden = max(hidden + (-1 if tag and tag.group(1) else 1), 0)
            elif name == "br" and not hidden:
                out.append(Token("softbreak", "br", 0))
            continue
        if hidden and not child.type.endswith(("_open", "_close")):  # an emphasis around it stays closed
            continue
        if child.type == "text":
            content = _NOTE_LABEL.sub("", child.content, count=1) if note and not out else child.content
            child = child.copy(content=_NOTE_MARK.sub("", content))
        out.append(child)
    return out


def _without_marks(children: list[Token], opened_by: str) -> list[Token]:
    """Inline tokens without the wiki-link brackets, callout types and task boxes CommonMark leaves as text.

    ``opened_by``: the token before the paragraph's own (``blockquote_open`` for a quote's first paragraph,
    ``list_item_open`` for a list item's)."""
    out: list[Token] = []
    for child in children:
        if child.type == "text" and "[" in child.content:
            content = _WIKILINK.sub(_shown, _EMBED.sub("", child.content))
            if not out and opened_by == "blockquote_open":
                content = _CALLOUT.sub("", content, count=1) if _CALLOUT.match(content) else content
            elif not out and opened_by == "list_item_open" and (box := _TASK.match(content)):
                content = _TASK_BOX[box.group(1)] + content[box.end():]
            child = child.copy(content=content)
        out.append(child)
    return out


def wiki_words(text: str) -> str:
    """``text`` with each wiki link as the words it shows: front matter written by Obsidian's web clipper names
    its authors as links to notes (``author: ["[[Jim Heintz]]"]``)."""
    return _WIKILINK.sub(_shown, text) if "[[" in text else text


def _shown(link: re.Match[str]) -> str:
    """The words a wiki link shows: its label, else its page; "[[ ]]" is no link, and stays."""
    words = (link.group(2) or link.group(1)).strip()
    return words or link.group()


def _plain(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def safe_href(href: str) -> bool:
    """Whether a link target is http(s) or relative: never javascript:, data:, vbscript: or the like."""
    cleaned = "".join(ch for ch in href if ch.isprintable() and not ch.isspace())
    scheme = _SCHEME.match(cleaned)
    return scheme is None or scheme.group(1).casefold() in ("http", "https")


def _html(children: list[Token]) -> str:
    """Inline tokens as HTML: text escaped, bold, italics, code, line breaks and safe links only."""
    out: list[str] = []
    links: list[bool] = []
    for child in children:
        kind = child.type
        if kind in ("text", "html_inline"):
            out.append(escape(child.content, quote=False))
        elif kind == "softbreak":
            out.append("\n")
        elif kind == "hardbreak":
            out.append("<br>")
        elif kind == "code_inline":
            out.append(f"<code>{escape(child.content, quote=False)}</code>")
        elif kind in _TAGS:
            out.append(_TAGS[kind])
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            ok = safe_href(href)
            links.append(ok)
            if ok:
                out.append(f'<a href="{escape(href, quote=True)}">')
        elif kind == "link_close":
            if links and links.pop():
                out.append("</a>")
    return "".join(out)
