"""Tiny hand-made sites, one good and one with a known defect of each kind, to prove the checks bite."""

from __future__ import annotations

from pathlib import Path

PUBLIC_URL = "https://user.github.io/repo/"

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{head}<link rel="stylesheet" href="{root}style.css">
<link rel="icon" href="data:,">
<link rel="alternate" type="application/rss+xml" title="Feed" href="{root}feed.xml">
</head>
<body>
<header><a href="{root}index.html">Home</a></header>
<main id="main">
<h1 id="top-heading">{title}</h1>
{body}
</main>
</body>
</html>
"""

_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Sample</title><link>{url}</link><description>A sample feed</description>
{items}
</channel></rss>
"""

_ITEM = ("<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
         "<pubDate>Sat, 21 Nov 2026 08:00:00 +0000</pubDate></item>")


def page(title: str, root: str, body: str, head: str = "") -> str:
    return _PAGE.format(title=title, root=root, body=body, head=head)


def write(site: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return site


def good_site(site: Path) -> Path:
    """A small valid site: relative links that name index.html, anchors that exist, a feed."""
    return write(site, {
        "style.css": "body { font-family: sans-serif; margin: 0 auto; max-width: 40rem; padding: 0 1rem; }\n",
        "index.html": page("Home", "", '<ul><li><a href="posts/one/index.html">One</a></li>'
                                       '<li><a href="posts/one/index.html#part">One, part 2</a></li>'
                                       '<li><a href="about.html">About</a></li></ul>'),
        "posts/one/index.html": page("One", "../../", '<p>Text.</p><h2 id="part">Part</h2>'
                                                      '<p><a href="../../about.html#top-heading">About</a></p>',
                                     # axe must still be injectable under a strict policy
                                     "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self'\">\n"),
        "about.html": page("About", "", f'<p>About. <a href="{PUBLIC_URL}posts/one/index.html">One</a></p>'),
        "404.html": page("Not found", "/repo/", '<p>No such page. <a href="/repo/index.html">Home</a></p>'),
        "feed.xml": _FEED.format(url=PUBLIC_URL, items=_ITEM.format(title="One", link=f"{PUBLIC_URL}posts/one/")),
    })


def bad_site(site: Path) -> Path:
    """The good site plus one defect of each kind the checks must report."""
    good_site(site)
    return write(site, {
        "posts/bad/index.html": page("Bad", "../../", "\n".join([
            '<p><a href="../../missing.html">a broken link</a></p>',
            '<p><a href="/about.html">a root-relative link that escapes the subpath</a></p>',
            '<p><a href="https://user.github.io/other/">the own host outside the subpath</a></p>',
            '<p><a href="../../index.html#no-such-anchor">a bad anchor</a></p>',
            '<p><a href="../../../outside.html">a relative link that climbs out of the subpath</a></p>',
            '<img src="../../missing.png" alt="a missing image">',
            '<img src="../../style.css">',  # no alt: an accessibility and HTML error
            '<div id="x"></div><div id="x"></div>',  # duplicate id: an HTML error
            '<div style="width: 2000px">too wide</div>',
            '<script>undefinedFunctionCall();</script>',
        ])),
        "feed-bad.xml": _FEED.format(url=PUBLIC_URL, items=(
            "<item><title>No link, no date, no id</title></item>"
            + _ITEM.format(title="relative", link="posts/one/")
        )),
        "feed-broken.xml": "<?xml version='1.0'?><rss version='2.0'><channel><title>x</title><item></channel></rss>",
    })
