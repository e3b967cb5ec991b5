"""RSS 2.0, Atom and JSON Feed: full content, true dates, stable ids, newest first, absolute links."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest

import site_factory as factory
from site_factory import article
from warta.model import Article, Language, PublishedDate, ThemeMatch


def corpus() -> list[Article]:
    out = [article(n, published=PublishedDate(dt.date(2024, 6, 20 - n), "day", "text")) for n in range(6)]
    out[2] = dataclasses.replace(out[2], themes=(ThemeMatch("politik", 7.0), ThemeMatch("banjir", 3.0)))
    out[3] = dataclasses.replace(out[3], language=Language("en", 0.9), title="Rain & <floods>")
    out.append(article(9, published=None))
    return out


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return factory.build(corpus(), factory.config(tmp_path_factory.mktemp("feeds"), feed_size=5))[1]


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_site_feeds_hold_the_newest_dated_articles_in_full(files: dict[str, bytes], name: str) -> None:
    feed = feedparser.parse(files[name])
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == ("rss20" if name == "feed.xml" else "atom10")
    assert feed.feed.title == "Warta" and feed.feed.link == factory.BASE_URL and feed.feed.language == "id"
    titles = [e.title for e in feed.entries]
    assert titles == ["Banjir melanda kota 0", "Banjir melanda kota 1", "Banjir melanda kota 2", "Rain & <floods>",
                      "Banjir melanda kota 4"]  # newest first, feed_size 5, the undated article left out
    first = feed.entries[0]
    assert first.link == factory.BASE_URL + "articles/artikel-000/"
    assert first.published_parsed[:3] == (2024, 6, 20)
    content = first.content[0].value
    assert re.search(r"<h2 id=\"p-\d+\">Dampak &lt;banjir&gt;</h2>", content)
    assert "Kami bekerja sepanjang malam." in content
    assert "https://news.example/0" in content


def test_entry_ids_are_stable_and_the_same_in_every_format(files: dict[str, bytes], tmp_path: Path) -> None:
    rss = [e.id for e in feedparser.parse(files["feed.xml"]).entries]
    atom = [e.id for e in feedparser.parse(files["atom.xml"]).entries]
    json_ids = [i["id"] for i in json.loads(files["feed.json"])["items"]]
    assert rss == atom == json_ids and len(set(rss)) == 5 and all(i.startswith("urn:uuid:") for i in rss)
    renamed = [dataclasses.replace(a, title=a.title + " (diperbarui)", slug=a.slug + "-baru") for a in corpus()]
    again = factory.build(renamed, factory.config(tmp_path, feed_size=5))[1]
    assert [e.id for e in feedparser.parse(again["feed.xml"]).entries] == rss


def test_feeds_are_dated_by_their_articles_not_the_clock(files: dict[str, bytes], tmp_path: Path) -> None:
    rss = feedparser.parse(files["feed.xml"])
    assert rss.feed.updated_parsed[:3] == (2024, 6, 20)
    later = factory.build(corpus(), factory.config(tmp_path, feed_size=5, build_date=dt.date(2031, 3, 3)))[1]
    assert later["feed.xml"] == files["feed.xml"] and later["atom.xml"] == files["atom.xml"]


def test_json_feed(files: dict[str, bytes]) -> None:
    doc = json.loads(files["feed.json"])
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["feed_url"] == factory.BASE_URL + "feed.json" and doc["home_page_url"] == factory.BASE_URL
    first = doc["items"][0]
    assert first["date_published"] == "2024-06-20T00:00:00Z"
    assert first["url"] == factory.BASE_URL + "articles/artikel-000/"
    assert first["external_url"] == "https://news.example/0" and first["tags"] == ["Banjir"]
    assert "<blockquote>" in first["content_html"] and first["authors"] == [{"name": "Ani"}, {"name": "Budi"}]
    assert doc["items"][3]["language"] == "en"


def test_each_theme_has_its_own_rss_and_atom_feed(files: dict[str, bytes]) -> None:
    politik = feedparser.parse(files["themes/politik/feed.xml"])
    assert [e.title for e in politik.entries] == ["Banjir melanda kota 2"]
    assert politik.feed.title == "Warta: Politik"
    assert politik.feed.link == factory.BASE_URL + "themes/politik/"
    atom = feedparser.parse(files["themes/banjir/atom.xml"])
    assert len(atom.entries) == 5 and not atom.bozo
    assert "themes/kosong/feed.xml" not in files  # a theme with no article has no feed to subscribe to
    tags = [t.term for t in politik.entries[0].tags]
    assert tags == ["Politik", "Banjir"]  # strongest first, by label


def test_rss_names_itself_and_links_to_the_page(files: dict[str, bytes]) -> None:
    text = files["feed.xml"].decode()
    assert f'<atom:link href="{factory.BASE_URL}feed.xml" rel="self"/>' in text
    assert f"<link>{factory.BASE_URL}</link>" in text
    assert "<lastBuildDate>Thu, 20 Jun 2024 00:00:00 +0000</lastBuildDate>" in text


def test_pages_announce_their_feeds(files: dict[str, bytes]) -> None:
    home = files["index.html"].decode()
    assert '<link rel="alternate" type="application/rss+xml" title="Warta (umpan RSS)" href="feed.xml">' in home
    theme = files["themes/politik/index.html"].decode()
    assert 'type="application/rss+xml" title="Warta: Politik (RSS)" href="feed.xml"' in theme


def _mixed() -> list[Article]:
    """A site in English with an article dated to the month, one undated and one in Arabic."""
    return [
        article(1, language=Language("en", 0.9), title="Storm hits the coast"),
        article(2, language=Language("ar", 0.9), title="عاصفة تضرب الساحل", outlet="الجزيرة نت"),
        article(3, language=Language("en", 0.9), published=PublishedDate(dt.date(2024, 5, 1), "month", "inferred")),
        article(4, language=Language("en", 0.9), published=None, title="Undated report"),
    ]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return factory.build(_mixed(), factory.config(tmp_path_factory.mktemp("mixed"), language="en"))[1]


def test_a_date_known_to_the_month_is_not_given_as_a_day(mixed: dict[str, bytes]) -> None:
    items = {i["title"]: i for i in json.loads(mixed["feed.json"])["items"]}
    month = items["Banjir melanda kota 3"]
    assert "date_published" not in month  # JSON Feed's date is optional: no day is claimed
    assert month["_warta"] == {"published": "2024-05", "precision": "month", "date_source": "inferred"}
    assert items["Storm hits the coast"]["date_published"] == "2024-06-02T00:00:00Z"
    for name in ("feed.xml", "atom.xml"):  # RSS and Atom need a date: the month's first day, and the entry says so
        entry = next(e for e in feedparser.parse(mixed[name]).entries if e.title == "Banjir melanda kota 3")
        assert entry.published_parsed[:3] == (2024, 5, 1)
        assert "· about May 2024" in entry.content[0].value


def test_undated_articles_are_in_the_json_feed_only(mixed: dict[str, bytes]) -> None:
    items = json.loads(mixed["feed.json"])["items"]
    assert items[-1]["title"] == "Undated report" and "date_published" not in items[-1]
    assert items[-1]["_warta"]["published"] is None and "Undated" in items[-1]["content_html"]
    for name in ("feed.xml", "atom.xml"):  # no true date to give, and every RSS or Atom entry needs one
        feed = feedparser.parse(mixed[name])
        assert not feed.bozo and len(feed.entries) == 3
        assert "Undated report" not in [e.title for e in feed.entries]


def test_the_default_description_is_in_the_interface_language(mixed: dict[str, bytes]) -> None:
    english = "News gathered from many outlets, cleaned and arranged by theme and time."
    assert feedparser.parse(mixed["feed.xml"]).feed.description == english
    assert feedparser.parse(mixed["atom.xml"]).feed.subtitle == english
    assert json.loads(mixed["feed.json"])["description"] == english
    home = mixed["index.html"].decode()
    assert f'<meta name="description" content="{english}">' in home and "dihimpun" not in home


def test_atom_entries_and_content_say_their_language_and_direction(mixed: dict[str, bytes]) -> None:
    text = mixed["atom.xml"].decode()
    assert '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">' in text
    entries = re.findall(r"<entry( xml:lang=\"\w+\")?>\s*<id>[^<]*</id>\s*<title>([^<]*)</title>", text)
    assert dict((title, lang) for lang, title in entries) == {
        "عاصفة تضرب الساحل": ' xml:lang="ar"', "Storm hits the coast": "", "Banjir melanda kota 3": ""}
    atom_ns = "{http://www.w3.org/2005/Atom}"
    arabic = next(e for e in ElementTree.fromstring(mixed["atom.xml"]).iter(atom_ns + "entry")
                  if e.findtext(atom_ns + "title") == "عاصفة تضرب الساحل")
    content = arabic.findtext(atom_ns + "content") or ""  # the HTML as written (feedparser's sanitiser drops <bdi>)
    assert content.startswith('<div lang="ar" dir="rtl">')
    # the source line is in the feed's language, the outlet's name in its own
    assert '<p lang="en">— <bdi lang="ar" dir="rtl">الجزيرة نت</bdi> · ' in content
    rss = next(e for e in ElementTree.fromstring(mixed["feed.xml"]).iter("item")
               if e.findtext("title") == "عاصفة تضرب الساحل")
    encoded = rss.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or ""
    assert encoded.startswith('<div lang="ar" dir="rtl">')  # RSS has no per-item language: the HTML says it


def test_the_json_feed_link_is_not_a_feed_feed(mixed: dict[str, bytes]) -> None:
    home = mixed["index.html"].decode()
    assert 'type="application/feed+json" title="Warta (JSON Feed)"' in home
    assert 'type="application/rss+xml" title="Warta (RSS feed)"' in home
