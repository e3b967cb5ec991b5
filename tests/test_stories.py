"""Stories: articles grouped by event, related articles with reasons, the rules file, the JSON data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import pickle
import random
import re
import shutil
from pathlib import Path

import pytest

from conftest import SEEDS, make_config
from eval_events import article_from_text, load_labelled, parse_published
from test_similar import WIRE, filler
from warta import cache, dates, export, parallel, pipeline, similar, stories
from warta.errors import ConfigError
from warta.model import Article, Block, ThemeMatch
from warta.storycache import StoryCache

WORDS = dates.load_words()
RULES = stories.load_rules()


@pytest.fixture(scope="module")
def seed_story(tmp_path_factory: pytest.TempPathFactory) -> tuple[tuple[Article, ...], stories.StoryAnalysis]:
    tmp = tmp_path_factory.mktemp("seeds")
    shutil.copytree(SEEDS, tmp / "seeds")
    articles = pipeline.analyse(make_config(tmp, tmp / "seeds")).articles
    return articles, stories.analyse(articles, WORDS, RULES)


def by_prefix(articles: tuple[Article, ...], prefix: str) -> str:
    return next(a.id for a in articles if a.id.startswith(prefix))


def test_the_june_signing_articles_are_one_story_and_the_ratification_is_apart(
        seed_story: tuple[tuple[Article, ...], stories.StoryAnalysis]) -> None:
    articles, analysis = seed_story
    signing = {by_prefix(articles, p) for p in ("000", "002", "004")}
    story = next(s for s in analysis.stories if signing <= set(s.articles))
    assert by_prefix(articles, "001") not in story.articles
    assert story.id.startswith("2024-06")
    assert story.main_event in story.events
    assert story.themes


def test_related_articles_carry_their_reasons(seed_story: tuple[tuple[Article, ...], stories.StoryAnalysis]) -> None:
    articles, analysis = seed_story
    a, b = by_prefix(articles, "002"), by_prefix(articles, "004")
    related = {r.article_id: r for r in analysis.related[a]}
    assert set(related[b].reasons) >= {"same-story", "shared-passages"}
    data = stories.story_fields(analysis)[a]
    assert data["story"] == analysis.story_of[a]
    assert any(p["with"] == [{"article": b, "paragraph": p["with"][0]["paragraph"]}] for p in data["shared_passages"])
    assert data["related"][0]["article"] == b


def make(ident: str, day: str, body: str, themes: tuple[str, ...] = ("flood",)) -> Article:
    article = article_from_text(ident, f"Judul {ident}\n\n{body}", parse_published(day))
    return dataclasses.replace(article, themes=tuple(ThemeMatch(t, 5.0) for t in themes))


def test_a_long_chain_of_links_does_not_become_one_giant_story() -> None:
    # article i shares a wire paragraph with article i+1; each is published 20 days after the last
    wires = [" ".join(filler(500 + i, 1) for _ in range(1)) + " " + filler(700 + i, 2) for i in range(12)]
    start = dt.date(2024, 1, 1)
    articles = [make(f"a{i:02d}", (start + dt.timedelta(days=20 * i)).isoformat(),
                     f"{filler(i)}\n\n{wires[i]}\n\n{wires[i - 1] if i else filler(99)}") for i in range(12)]
    analysis = stories.analyse(articles, WORDS, RULES)
    assert len(analysis.shared.pairs) >= 11
    assert analysis.stories and max(len(s.articles) for s in analysis.stories) <= 4
    for s in analysis.stories:
        assert s.start is not None and s.end is not None
        assert (s.end - s.start).days <= RULES.stories.max_span_days


def test_articles_about_different_things_are_not_grouped() -> None:
    a = make("a", "2024-06-20", f"{filler(1)}\n\n{WIRE}")
    b = make("b", "2024-06-21", f"{filler(2)}\n\n{WIRE}")
    c = make("c", "2024-06-20", f"{filler(3)}\n\n{filler(4)}", ("sport",))
    analysis = stories.analyse([a, b, c], WORDS, RULES)
    assert [s.articles for s in analysis.stories] == [("a", "b")]
    assert "c" not in analysis.story_of


# two reports of one kind about different places: the same topic's words, told in their own way
HEAT = ("Temperatures could climb above thirty degrees in Leeds over the weekend as a hot spell settles in, "
        "forecasters said. Residents were urged to drink plenty of water, avoid the midday sun and check on "
        "elderly neighbours. Thunderstorms may follow later in the week as humid air pushes in.")
HEAT2 = ("Forecasters expect a hot weekend in Perth, with temperatures near thirty degrees and humid air. "
         "Elderly residents should avoid the midday sun and drink water, officials urged, and thunderstorms "
         "could bring relief later in the week when the hot spell breaks.")
MATCH = ("Arsenal beat Chelsea two goals to one in a tense league match on Saturday evening. The visitors "
         "scored first from a corner before the hosts equalised with a header after half time. A late penalty, "
         "awarded after a video review, settled the game, and the manager praised his players.")
MATCH2 = ("A late penalty gave Benfica a two to one win over Porto in the league on Saturday. The hosts fell "
          "behind to a header, equalised from a corner after half time and won the game after a video review; "
          "the manager praised the patience of his players in a tense match.")
VISIT = ("Vladimir Putin arrived in Pyongyang, where Kim Jong Un greeted him at the airport before the two leaders "
         "rode through streets lined with cheering crowds to Kumsusan palace for talks on trade, energy and "
         "military cooperation.")
VISIT2 = ("Crowds lined the streets of Pyongyang as Kim Jong Un drove Vladimir Putin from the airport to Kumsusan "
          "palace, where the leaders began talks expected to cover military cooperation, energy and trade between "
          "their countries.")


def test_words_a_topic_shares_do_not_make_a_story_without_another_sign_of_one_event() -> None:
    # two weather reports and two match reports, each pair about different places on one day, share many
    # words and no name, theme, passage or stated date ("on Saturday" the day before is only a weekday);
    # two articles on one visit share names as well
    articles = [
        make("w1", "2024-06-19", HEAT, ()), make("w2", "2024-06-19", HEAT2, ()),
        make("s1", "2024-06-23", MATCH, ()), make("s2", "2024-06-23", MATCH2, ()),
        make("t1", "2024-06-19", VISIT, ()), make("t2", "2024-06-19", VISIT2, ()),
    ]
    analysis = stories.analyse(articles, WORDS, RULES)
    similarity = {(p.a, p.b): p.similarity for p in analysis.similar}
    assert similarity[("w1", "w2")] >= RULES.stories.min_similarity  # the words alone would have joined them
    assert similarity[("s1", "s2")] >= RULES.stories.min_similarity
    assert [s.articles for s in analysis.stories] == [("t1", "t2")]



def test_the_names_the_similarity_asks_for_come_from_the_cached_features(monkeypatch: pytest.MonkeyPatch) -> None:
    # the visit's two reports join through their names in common: those were worked out with each article's
    # story features (at extraction, cached with it), so the story pass works none out again
    articles = [make("w1", "2024-06-19", HEAT, ()), make("w2", "2024-06-19", HEAT2, ()),
                make("t1", "2024-06-19", VISIT, ()), make("t2", "2024-06-19", VISIT2, ())]
    featured = [dataclasses.replace(a, story_features=stories.features(a, WORDS, RULES)) for a in articles]
    for a in featured:
        assert a.story_features is not None
        assert set(a.story_features.names.split()) == stories.names(a, RULES.text, WORDS)
    expected = [s.articles for s in stories.analyse(articles, WORDS, RULES).stories]
    assert expected == [("t1", "t2")]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an article's names were worked out again")

    monkeypatch.setattr(stories, "names", refuse)
    assert [s.articles for s in stories.analyse(featured, WORDS, RULES).stories] == expected


def test_story_features_do_not_fit_an_article_whose_paragraph_became_a_heading() -> None:
    # a heading's capitalised words are no names: the same text as a heading is other features
    article = make("h", "2024-06-19", f"{VISIT}\n\nCrowds Cheer Leaders At Wonsan Harbour\n\n{VISIT2}", ())
    featured = dataclasses.replace(article, story_features=stories.features(article, WORDS, RULES))
    heading = dataclasses.replace(featured, blocks=tuple(dataclasses.replace(b, type="heading", level=2)
                                                         if b.text.startswith("Crowds Cheer") else b
                                                         for b in featured.blocks))
    assert [b.level for b in heading.blocks] != [b.level for b in featured.blocks]
    known = stories._features_of([heading], WORDS, RULES)["h"]
    assert known is not featured.story_features
    assert set(known.names.split()) == stories.names(heading, RULES.text, WORDS) != set(
        featured.story_features.names.split())



def test_two_match_reports_of_the_day_they_are_published_are_no_story() -> None:
    # each published the Saturday it reports, the two matches are dated to one day as stated dates: their
    # sentences share "league", "two", "one" but no club, so they are two events and link only by words
    articles = [make("s1", "2024-06-22", MATCH, ()), make("s2", "2024-06-22", MATCH2, ()),
                make("t1", "2024-06-19", VISIT, ()), make("t2", "2024-06-19", VISIT2, ())]
    analysis = stories.analyse(articles, WORDS, RULES)
    assert sorted(e.articles for e in analysis.events if e.date == dt.date(2024, 6, 22)) == [("s1",), ("s2",)]
    assert [s.articles for s in analysis.stories] == [("t1", "t2")]

def test_the_names_of_an_article_are_its_capitalised_words_inside_a_sentence() -> None:
    article = make("n", "2024-06-19", "The Hadley Centre said on Friday that London and the South East would be hot "
                   "in June. Forecasters agreed.", ())
    assert stories.names(article, RULES.text, WORDS) == {"hadley", "centre", "london", "south", "east"}


@pytest.mark.parametrize(("when", "grouped"), [("on Friday", False), ("on 14 June", True)])
# Wednesday's and Thursday's "Friday" are both 14 June, and the sentences share words: one event, but
# dated by each article from its own date, it is too weak a link on its own; a stated date is not
def test_a_weekday_that_falls_on_one_day_in_two_articles_does_not_make_a_story(when: str, grouped: bool) -> None:
    a = make("a", "2024-06-19", f"{filler(1)}\n\nOfficials in the capital issued a heat alert for the south {when}.",
             ())
    b = make("b", "2024-06-20", f"{filler(2)}\n\nOfficials in the capital summoned the ambassador of the south "
             f"{when}.", ())
    analysis = stories.analyse([a, b], WORDS, RULES)
    assert [e.articles for e in analysis.events if e.date == dt.date(2024, 6, 14)] == [("a", "b")]
    assert [s.articles for s in analysis.stories] == ([("a", "b")] if grouped else [])


def test_a_weekday_that_is_the_articles_own_day_links_as_a_stated_date() -> None:
    a = make("a", "2024-06-19", f"{filler(1)}\n\nThe treaty was signed in Pyongyang on Wednesday by Putin and Kim.")
    b = make("b", "2024-06-19", f"{filler(2)}\n\nThe treaty was signed in Pyongyang on Wednesday.")
    assert [s.articles for s in stories.analyse([a, b], WORDS, RULES).stories] == [("a", "b")]


def test_a_background_month_does_not_date_a_report_from_months_later() -> None:
    # "since February" in a report of 6 May: the story is of May, not of February
    a = make("a", "2024-05-06", f"{filler(1)}\n\nMulino won the presidential election in Panama on Sunday.\n\n"
             "Martinelli has been holed up in the Nicaraguan embassy since February.", ())
    b = make("b", "2024-05-06", f"{filler(2)}\n\nMulino won the presidential election in Panama on Sunday.\n\n"
             "Martinelli has been holed up in the Nicaraguan embassy since February.", ())
    analysis = stories.analyse([a, b], WORDS, RULES)
    assert stories.focus_dates([a, b], analysis.events, RULES.stories.max_span_days) == {
        "a": dt.date(2024, 5, 6), "b": dt.date(2024, 5, 6)}
    assert [(s.articles, s.start, s.id[:10]) for s in analysis.stories] == [
        (("a", "b"), dt.date(2024, 5, 6), "2024-05-05")]


def test_the_output_is_the_same_whatever_the_input_order() -> None:
    articles, _ = load_labelled()
    one = stories.analyse(articles, WORDS, RULES)
    shuffled = list(articles)
    random.Random(7).shuffle(shuffled)
    two = stories.analyse(shuffled, WORDS, RULES)
    assert export.timeline_json(one) == export.timeline_json(two)
    same = json.dumps(stories.stories_json(one), sort_keys=True, default=str)
    assert same == json.dumps(stories.stories_json(two), sort_keys=True, default=str)
    assert one.related == two.related


def test_stories_json_lists_stories_and_shared_text(seed_story: tuple[tuple[Article, ...],
                                                                  stories.StoryAnalysis]) -> None:
    _, analysis = seed_story
    data = stories.stories_json(analysis)
    assert data["stories"] and set(data["stories"][0]) >= {"id", "title", "articles", "events", "themes"}
    assert data["shared"]["pairs"][0]["share"][0] > 0
    json.dumps(data)


def test_rules_file_errors_name_the_file_and_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "events.yaml"
    bad.write_text("stories:\n  max_span: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown key 'stories.max_span'; allowed keys are: .*max_span_days"):
        stories.load_rules(bad)
    bad.write_text("storys:\n  max_span_days: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown section 'storys'"):
        stories.load_rules(bad)
    bad.write_text("merge:\n  day: high\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'merge.day' must be a number"):
        stories.load_rules(bad)


def test_a_site_file_overrides_single_settings(tmp_path: Path) -> None:
    extra = tmp_path / "events.yaml"
    extra.write_text("stories:\n  max_span_days: 10\n", encoding="utf-8")
    rules = stories.load_rules(extra)
    assert rules.stories.max_span_days == 10
    assert rules.stories.min_articles == RULES.stories.min_articles


def everything(analysis: stories.StoryAnalysis) -> str:
    """The whole story pass as it reaches the site: its data files, related articles included."""
    return json.dumps([json.loads(export.timeline_json(analysis)), stories.stories_json(analysis),
                       stories.story_fields(analysis),
                       {a: [r.article_id for r in rs] for a, rs in sorted(analysis.related.items())}],
                      sort_keys=True, default=str)


def test_extracted_articles_carry_their_story_features_and_the_pass_uses_them(
        seed_story: tuple[tuple[Article, ...], stories.StoryAnalysis], monkeypatch: pytest.MonkeyPatch) -> None:
    articles, analysis = seed_story
    assert all(a.story_features is not None for a in articles)
    bare = tuple(dataclasses.replace(a, story_features=None) for a in articles)
    assert everything(stories.analyse(bare, WORDS, RULES)) == everything(analysis)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the story features were worked out again")

    monkeypatch.setattr(stories, "features", refuse)
    assert everything(stories.analyse(articles, WORDS, RULES)) == everything(analysis)


def test_story_features_that_no_longer_fit_the_article_or_the_tables_are_worked_out_again(
        seed_story: tuple[tuple[Article, ...], stories.StoryAnalysis]) -> None:
    articles, _ = seed_story
    first = articles[0]
    edited = dataclasses.replace(first, blocks=first.blocks[1:])  # the features still describe every block
    fresh = dataclasses.replace(edited, story_features=None)
    assert everything(stories.analyse([edited, *articles[1:]], WORDS, RULES)) == everything(
        stories.analyse([fresh, *articles[1:]], WORDS, RULES))
    other = dataclasses.replace(RULES, kinds=dataclasses.replace(RULES.kinds, max_event_words=8))
    assert stories.tables_key(WORDS, other) != stories.tables_key(WORDS, RULES)
    short = stories.analyse(articles, WORDS, other)
    assert max(len(e.text.split()) for e in short.events) <= 8 + 2  # not the sentences cached at 45 words


def test_story_features_pickle_as_their_fields_and_come_back_equal(
        seed_story: tuple[tuple[Article, ...], stories.StoryAnalysis]) -> None:
    """Into the cache and from the workers as they are, not compressed: a build that takes 10,000 articles
    from the cache would inflate them all again (0.33 s of CPU, the one edit's build too)."""
    articles, _ = seed_story
    features = articles[0].story_features
    assert features is not None
    packed = pickle.dumps(features, protocol=pickle.HIGHEST_PROTOCOL)
    back = pickle.loads(packed)  # noqa: S301 - our own bytes
    assert back == features and back.sentences == features.sentences
    for part in (features.dated, features.sentences.words, features.sentences.bounds, features.content.encode()):
        assert part in packed  # each field's bytes as they are
    entry = pickle.dumps(cache.Entry(articles[0]), protocol=pickle.HIGHEST_PROTOCOL)
    assert pickle.loads(entry).article.story_features == features  # noqa: S301 - our own bytes


def naive_links(articles: list[Article] | tuple[Article, ...], analysis: stories.StoryAnalysis,
                rules: stories.GroupRules) -> list[tuple[str, str, float, tuple[str, ...]]]:
    """The links as one dictionary per pair would make them: passages, then events, then similarity."""
    themes = {a.id: {t.theme for t in a.themes} for a in articles}
    strength: dict[tuple[str, str], float] = {}
    reasons: dict[tuple[str, str], set[str]] = {}

    def add(pair: tuple[str, str], value: float, reason: str) -> None:
        strength[pair] = strength.get(pair, 0.0) + value
        reasons.setdefault(pair, set()).add(reason)

    for p in analysis.shared.pairs:
        add((p.a, p.b), 3.0 + min(1.0, p.share_a + p.share_b), "passage")
    score: dict[tuple[str, str], float] = {}
    own = {a.id: a.published.date for a in articles if a.published and a.published.precision == "day"}
    for e in analysis.events:
        if e.kind not in ("reported", "scheduled") or e.precision == "year" or len(e.articles) < 2:
            continue
        pairs = (list(zip(e.articles, e.articles[1:], strict=False)) if len(e.articles) > 60 else
                 [(x, y) for i, x in enumerate(e.articles) for y in e.articles[i + 1:]])
        explicit = {s.article_id for s in e.sources if not s.relative or own.get(s.article_id) == e.date}
        for x, y in pairs:
            if not themes[x] or not themes[y] or themes[x] & themes[y]:
                weight = 2.0 if e.precision == "day" else 1.0
                if x not in explicit or y not in explicit:  # a weekday or "yesterday" only: weak
                    weight *= rules.relative_share
                score[(x, y)] = score.get((x, y), 0.0) + weight
    for pair, value in score.items():
        add(pair, min(4.0, value), "event")
    by_id = {a.id: a for a in articles}
    passages = {(p.a, p.b) for p in analysis.shared.pairs}
    for s in analysis.similar:
        pair = (s.a, s.b)
        sign = (pair in passages or score.get(pair, 0.0) >= rules.min_strength or bool(themes[s.a] & themes[s.b])
                or len(stories.names(by_id[s.a]) & stories.names(by_id[s.b])) >= rules.min_names)
        if s.similarity >= rules.min_similarity_alone or (s.similarity >= rules.min_similarity and sign):
            add(pair, 6.0 * s.similarity, "similar")
    links = [(a, b, round(v, 4), tuple(sorted(reasons[(a, b)]))) for (a, b), v in strength.items()
             if v >= rules.min_strength]
    return sorted(links, key=lambda x: (-x[2], x[0], x[1]))


def test_links_are_every_reason_summed_strongest_first() -> None:
    articles, _ = load_labelled()
    analysis = stories.analyse(articles, WORDS, RULES)
    links = stories.story_links(articles, analysis.events, analysis.shared, analysis.similar, RULES.stories)
    found = [(x.a, x.b, x.strength, x.reasons) for x in links.records()]
    assert found == naive_links(articles, analysis, RULES.stories)
    assert {r for x in found for r in x[3]} == {"event", "passage", "similar"}  # the test sees every reason


def test_a_story_stops_growing_at_its_size_limit() -> None:
    # six articles with one wire paragraph and one day: all linked, but a story holds three at most
    articles = [make(f"s{i}", "2024-06-20", f"{filler(40 + i)}\n\n{WIRE}") for i in range(6)]
    rules = dataclasses.replace(RULES, stories=dataclasses.replace(RULES.stories, max_articles=3))
    analysis = stories.analyse(articles, WORDS, rules)
    assert sorted(len(s.articles) for s in analysis.stories) == [3, 3]
    assert sorted(a for s in analysis.stories for a in s.articles) == [f"s{i}" for i in range(6)]


def test_the_story_pass_forks_no_worker(
        seed_story: tuple[tuple[Article, ...], stories.StoryAnalysis], monkeypatch: pytest.MonkeyPatch) -> None:
    """A forked worker's copy of the articles (400-460 MB at 10,000) beside the build was its memory's peak:
    however many CPUs there are and however low a threshold for forking once was, all stays here."""
    articles, alone = seed_story
    forks: list[str] = []
    monkeypatch.setattr(parallel, "beside", lambda away, here, what: forks.append(what))
    monkeypatch.setattr(os, "fork", lambda: forks.append("fork"))
    monkeypatch.setattr(stories, "_FORK_FROM", 1, raising=False)  # the threshold forking once had
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 4)
    assert stories.analyse(articles, WORDS, RULES) == alone and forks == []


def test_the_build_lets_the_story_features_go_after_the_story_pass(tmp_path: Path) -> None:
    """Nothing reads an article's story features after the story pass: the pages are rendered from
    articles without them (pipeline._without_features), and the site is the same as from articles with them."""
    from site_factory import article, build, config
    words, rules = dates.load_words(), stories.load_rules()
    plain = [article(n) for n in range(6)]
    featured = [dataclasses.replace(a, story_features=stories.features(a, words, rules)) for a in plain]
    analysis = pipeline.Analysis(tuple(featured), ())
    without = pipeline._without_features(analysis)
    assert [a.story_features for a in without.articles] == [None] * 6
    assert list(without.articles) == plain and without.problems == analysis.problems
    assert pipeline._without_features(without) is without  # nothing to let go: the same analysis
    seen: list[pipeline.Analysis] = []
    real = pipeline._without_features
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "_without_features", lambda made: seen.append(real(made)) or seen[-1])
        _, with_features = build(featured, config(tmp_path / "a"))
    assert seen and all(a.story_features is None for a in seen[0].articles)
    assert with_features == build(plain, config(tmp_path / "b"))[1]


def test_two_languages_news_of_one_day_that_share_only_a_famous_name_are_two_stories() -> None:
    # the pact signed in Pyongyang (en) and a phone call about grain (id), both Putin's on 19 June: a name
    # every report of the day carries is no sign of one event across languages
    day = parse_published("2024-06-20")
    pact = "Putin signed a mutual defence pact with Kim Jong Un in Pyongyang on 19 June 2024, state media said."
    call = "Putin menelepon Presiden Erdogan pada 19 Juni 2024 untuk membahas ekspor gandum lewat Laut Hitam."
    articles = [article_from_text("en1", f"A\n\n{filler(1)}\n\n{pact}", day, "en"),
                article_from_text("en2", f"B\n\n{filler(2)}\n\n{pact.replace('state media', 'KCNA')}", day, "en"),
                article_from_text("id1", f"C\n\n{filler(3)}\n\n{call}", day, "id"),
                article_from_text("id2", f"D\n\n{filler(4)}\n\n{call.replace('lewat', 'melalui')}", day, "id")]
    analysis = stories.analyse(articles, WORDS, RULES)
    assert sorted(e.articles for e in analysis.events if e.iso() == "2024-06-19") == [("en1", "en2"), ("id1", "id2")]
    assert sorted(s.articles for s in analysis.stories) == [("en1", "en2"), ("id1", "id2")]


def told_twice(sentences: dict[str, tuple[str, str]]) -> tuple[list[Article], stories.StoryAnalysis]:
    """Two articles in each language (``sentences``: language -> (publication day, the sentence)), the
    sentence between fillers, and their story pass."""
    articles = [article_from_text(f"{language}{copy}", f"T\n\n{filler(10 * number + copy)}\n\n{sentence}\n\n"
                                  f"{filler(40 + number, 5)}", parse_published(day), language)
                for number, (language, (day, sentence)) in enumerate(sentences.items()) for copy in (1, 2)]
    return articles, stories.analyse(articles, WORDS, RULES)


def test_one_eruption_told_in_four_languages_is_one_story() -> None:
    # two reports in each language share a passage; across languages the sentences of 16 April share
    # only the name "Ruang" and the happening (erupted, erupsi, éruption, erupción): one story, not four
    sentences = {
        "en": ("2024-04-17", "Indonesia's Mount Ruang volcano erupted at least five times on Tuesday night, "
               "forcing the evacuation of hundreds of residents."),
        "id": ("2024-04-18", "Gunung Ruang di Kabupaten Kepulauan Sitaro mengalami erupsi pada Selasa (16/4) "
               "malam dan ratusan warga mengungsi."),
        "fr": ("2024-04-22", "Le volcan Ruang, dans le nord de l'île de Célèbes, est entré en éruption le "
               "16 avril au soir."),
        "es": ("2024-05-01", "El volcán Ruang, en la provincia de Célebes Septentrional, entró en "
               "erupción el 16 de abril por la noche."),
    }
    _, analysis = told_twice(sentences)
    assert [s.articles for s in analysis.stories] == [("en1", "en2", "id1", "id2", "fr1", "fr2", "es1", "es2")]


def test_one_port_strike_told_in_four_languages_is_one_story() -> None:
    # the walkout at Rotterdam on 8 September 2025: the sentences share the name and a strike (strike, grève,
    # huelga, mogok), nothing else
    sentences = {
        "en": ("2025-09-09", "Dockworkers at Rotterdam began an open-ended strike on 8 September 2025, halting "
               "the container terminals."),
        "fr": ("2025-09-10", "Les dockers de Rotterdam se sont mis en grève le 8 septembre 2025 contre "
               "l'automatisation des terminaux."),
        "es": ("2025-09-12", "Los estibadores de Rotterdam iniciaron una huelga el 8 de septiembre de 2025 "
               "contra la automatización."),
        "id": ("2025-09-15", "Buruh pelabuhan Rotterdam mulai mogok kerja pada 8 September 2025 menolak "
               "otomatisasi terminal."),
    }
    _, analysis = told_twice(sentences)
    assert [s.articles for s in analysis.stories] == [("en1", "en2", "fr1", "fr2", "es1", "es2", "id1", "id2")]


def test_one_it_outage_told_in_six_languages_is_one_story() -> None:
    # a faulty CrowdStrike update on 19 July 2024: the sentences share the name and an outage (outage, Störung,
    # storing, apagão, and in several words "fallo informático", "gangguan sistem"), nothing else
    sentences = {
        "es": ("2024-07-20", "Una actualización de CrowdStrike provocó un fallo informático mundial el 19 de julio "
               "de 2024."),
        "id": ("2024-07-21", "Pembaruan CrowdStrike memicu gangguan sistem di berbagai negara pada 19 Juli 2024."),
        "en": ("2024-07-20", "A faulty CrowdStrike update caused a global IT outage on 19 July 2024, grounding "
               "flights."),
        "de": ("2024-07-20", "Ein fehlerhaftes Update von CrowdStrike löste am 19. Juli 2024 eine weltweite "
               "IT-Störung aus."),
        "nl": ("2024-07-22", "Een fout in een update van CrowdStrike veroorzaakte op 19 juli 2024 een wereldwijde "
               "storing."),
        "pt": ("2024-07-24", "Uma atualização da CrowdStrike provocou um apagão cibernético em 19 de julho de "
               "2024."),
    }
    articles, analysis = told_twice(sentences)
    assert [sorted(s.articles) for s in analysis.stories] == [sorted(a.id for a in articles)]


def test_a_kind_of_happening_of_several_words_is_found_as_words_in_a_row() -> None:
    # "mati listrik" (id), "fallo informático" (es): a kind listed in several words was looked up one word at a
    # time, and never found
    spot = stories._Spotter.of(RULES.happenings, RULES.places)
    assert spot.kinds("Listrik mati listrik di Jawa", ["listrik", "mati", "listrik", "di", "jawa"]) == {"outage"}
    assert spot.kinds("Mati lampu", ["mati", "lampu"]) == frozenset()


def test_a_hindi_sentence_names_only_the_places_it_names() -> None:
    # Devanagari's vowel signs cut "माइक्रोसॉफ्ट" into "म", "इक", "र", "स"...: "र" and "स" in a row were "रूस"
    # (Russia) cut the same way, so a Hindi report of an IT outage shared Russia with a Russian one
    spot = stories._Spotter.of(RULES.happenings, RULES.places)
    text = "माइक्रोसॉफ्ट विंडोज में आई तकनीकी खराबी से शुक्रवार को दुनिया भर में विमान सेवाएं प्रभावित हुए।"
    written = stories._marked_words(text)
    said = [w.lower() for w in written]
    assert spot.places(text, written, said) == {"@microsoft"}  # "माइक्रोसॉफ्ट विंडोज", not Russia
    assert spot.kinds(text, said) == {"outage"}  # "तकनीकी खराबी", a technical fault
    text = "रूस के राष्ट्रपति पुतिन ने कहा।"
    written = stories._marked_words(text)
    assert "@russia" in spot.places(text, written, [w.lower() for w in written])


def test_one_earthquake_told_as_a_strong_quake_in_korean_and_as_lindol_in_tagalog_is_one_story() -> None:
    # Yonhap heads a quake "강진" (strong quake) and GMA writes "lindol": neither was a kind of happening, so
    # their reports of the Noto earthquake of 1 January 2024 stood apart from the English one
    sentences = {
        "en": ("2024-01-01", "A magnitude 7.5 earthquake struck the Noto Peninsula in Japan on 1 January 2024, "
               "prompting a major tsunami warning."),
        "ko": ("2024-01-01", "2024년 1월 1일 오후 4시 10분께 일본 이시카와현 노토반도에서 규모 7.6의 강진이 발생했다."),
        "tl": ("2024-01-02", "Tumama ang magnitude 7.5 na lindol sa Noto Peninsula sa Japan noong Enero 1, 2024."),
    }
    articles, analysis = told_twice(sentences)
    assert [sorted(s.articles) for s in analysis.stories] == [sorted(a.id for a in articles)]


@pytest.mark.parametrize("sentences", [
    # Raisi's helicopter came down on 19 May 2024 (the Raisi sweep): an air crash was no kind of happening, a
    # Hebrew or Arabic name carries its preposition ("באזרבייג'ן", in Azerbaijan, with CLDR's geresh "׳" in
    # countries.yaml), a Russian one its case ("Азербайджаном"), and French elides its article onto the name
    # ("l'Azerbaïdjan"): six stories, one a language
    {"en": ("2024-05-20", "The helicopter crash in fog near the border with Azerbaijan on 19 May 2024 killed "
                          "everyone on board."),
     "fr": ("2024-05-20", "L'hélicoptère s'est écrasé le 19 mai 2024 dans le brouillard près de la frontière "
                          "avec l'Azerbaïdjan."),
     "de": ("2024-05-20", "Der Hubschrauber ist am 19. Mai 2024 bei dichtem Nebel in Aserbaidschan nahe der "
                          "Grenze abgestürzt."),
     "ru": ("2024-05-20", "Вертолет потерпел крушение 19 мая 2024 года в тумане у границы с Азербайджаном."),
     "he": ("2024-05-20", "המסוק התרסק ב-19 במאי 2024 בערפל כבד סמוך לגבול באזרבייג'ן."),
     "ar": ("2024-05-20", "تحطمت المروحية في 19 مايو 2024 في الضباب قرب الحدود مع أذربيجان.")},
    # the runoff of 5 July 2024: "Iran's", Turkish "İran'ın", Arabic "الإيرانية" (Iranian) and Hebrew "בבחירות"
    # (in the elections): the name was never found, the Hebrew kind neither (Haaretz, Asharq Al-Awsat)
    {"en": ("2024-07-06", "Masoud Pezeshkian won Iran's runoff presidential election on 5 July 2024."),
     "tr": ("2024-07-06", "İran'ın cumhurbaşkanlığı seçiminin ikinci turu 5 Temmuz 2024 tarihinde yapıldı."),
     "ar": ("2024-07-06", "فاز بزشكيان بالانتخابات الرئاسية الإيرانية في 5 يوليو 2024."),
     "he": ("2024-07-06", "פזשכיאן ניצח בבחירות לנשיאות איראן ב-5 ביולי 2024.")},
    # the CrowdStrike sweep: the Japanese and Hindi leads name only "ウィンドウズ", "माइक्रोसॉफ्ट विंडोज" (no
    # country), and the German one says the systems were "lahmgelegt" (paralysed)
    {"en": ("2024-07-19", "A faulty CrowdStrike update crashed Microsoft Windows computers in a global IT outage "
                          "on 19 July 2024."),
     "ja": ("2024-07-19", "2024年7月19日、ウィンドウズを搭載したパソコンに大規模なシステム障害が発生しました。"),
     "hi": ("2024-07-19", "19 जुलाई 2024 को माइक्रोसॉफ्ट विंडोज में आई तकनीकी खराबी से दुनिया भर में उड़ानें रुकीं।"),
     "de": ("2024-07-19", "Eine fehlerhafte Software-Aktualisierung von CrowdStrike hat am 19. Juli 2024 weltweit "
                          "Computersysteme lahmgelegt.")},
], ids=["air-crash", "runoff", "outage"])
def test_one_happening_named_with_a_prefix_suffix_case_or_in_its_own_script_is_one_story(
        sentences: dict[str, tuple[str, str]]) -> None:
    articles, analysis = told_twice(sentences)
    assert [sorted(s.articles) for s in analysis.stories] == [sorted(a.id for a in articles)]


def test_a_name_is_found_past_the_apostrophe_that_joins_a_suffix_or_an_article_to_it() -> None:
    assert [stories._apostrophe_cut(w) for w in ("iran's", "i̇ran'ın", "l'azerbaïdjan", "d'iran", "aujourd'hui",
                                                "qu'il", "iran")] == [
        "iran", "i̇ran", "azerbaïdjan", "iran", "aujourd", "qu'il", "iran"]


def test_two_languages_reports_of_one_kind_of_happening_in_two_places_are_two_stories() -> None:
    # an earthquake in Taiwan (en) and one in West Java (id) on 3 April: one kind of happening, no name
    # in common, so two stories
    day = parse_published("2024-04-03")
    quake = "A strong earthquake struck Hualien in eastern Taiwan on 3 April 2024, damaging buildings."
    gempa = "Gempa bumi mengguncang Garut di Jawa Barat pada 3 April 2024 dan merusak rumah warga."
    articles = [article_from_text("en1", f"A\n\n{filler(1)}\n\n{quake}", day, "en"),
                article_from_text("en2", f"B\n\n{filler(2)}\n\n{quake.replace('strong', 'powerful')}", day, "en"),
                article_from_text("id1", f"C\n\n{filler(3)}\n\n{gempa}", day, "id"),
                article_from_text("id2", f"D\n\n{filler(4)}\n\n{gempa.replace('merusak', 'menghancurkan')}", day, "id")]
    assert sorted(s.articles for s in stories.analyse(articles, WORDS, RULES).stories) == [
        ("en1", "en2"), ("id1", "id2")]


def test_one_typhoon_told_in_scripts_without_capitals_or_spaces_is_one_story() -> None:
    # Japanese, Chinese, Korean and Thai give no names by capitals and no separate words: the landfall of
    # 24 July meets the English report through the alias group (台湾, 대만, ไต้หวัน, Taiwan) and the kind
    # of happening found inside the text (上陸 in 上陸しました, 登陆, 상륙했다, ขึ้นฝั่ง): one story, not five
    sentences = {
        "en": ("2024-07-25", "Typhoon Gaemi made landfall in Yilan on the northeast coast of Taiwan late on "
               "24 July 2024, killing two people."),
        "ja": ("2024-07-25", "台風3号は2024年7月24日夜、台湾北東部の宜蘭県に上陸しました。"),
        "zh": ("2024-07-25", "台风“格美”于2024年7月24日夜间在台湾宜兰登陆。"),
        "ko": ("2024-07-25", "제3호 태풍 '개미'가 2024년 7월 24일 밤 대만 동북부 이란현에 상륙했다."),
        "th": ("2024-07-25", "พายุไต้ฝุ่นแกมีขึ้นฝั่งที่ไต้หวัน เมื่อวันที่ 24 กรกฎาคม 2567"),
    }
    articles, analysis = told_twice(sentences)
    assert [sorted(s.articles) for s in analysis.stories] == [sorted(a.id for a in articles)]
    # and the timeline shows the landfall once, with every language's sentences as its sources
    landfall = [e for e in analysis.events if e.iso() == "2024-07-24"]
    assert [e.articles for e in landfall] == [tuple(sorted(a.id for a in articles))]
    assert {s.text for s in landfall[0].sources} == {sentence for _, sentence in sentences.values()}


def test_reports_without_capitals_of_one_kind_of_happening_in_two_countries_are_two_stories() -> None:
    # an earthquake in Taiwan (ja) and one in Japan (zh) on 3 April: one kind, no alias group in common
    day = parse_published("2024-04-04")
    ja = "2024年4月3日、台湾東部の花蓮県で強い地震があり、建物が倒壊しました。"
    zh = "2024年4月3日，日本石川县发生强烈地震，房屋倒塌。"
    articles = [article_from_text("ja1", f"A\n\n{filler(1)}\n\n{ja}", day, "ja"),
                article_from_text("ja2", f"B\n\n{filler(2)}\n\n{ja}", day, "ja"),
                article_from_text("zh1", f"C\n\n{filler(3)}\n\n{zh}", day, "zh"),
                article_from_text("zh2", f"D\n\n{filler(4)}\n\n{zh}", day, "zh")]
    assert sorted(s.articles for s in stories.analyse(articles, WORDS, RULES).stories) == [
        ("ja1", "ja2"), ("zh1", "zh2")]


def test_a_final_told_in_arabic_meets_its_english_report_through_the_country_names() -> None:
    # the Africa Cup of Nations final of 11 February in English and Arabic: Arabic has no capitals, so
    # the two sentences meet only through Nigeria's names (countries.yaml: نيجيريا, Nigeria) and the kind
    # of happening (beat, فوزه: victory): one story, not two
    day = parse_published("2024-02-12")
    en = "Hosts Ivory Coast beat Nigeria 2-1 to win the Africa Cup of Nations final in Abidjan on 11 February 2024."
    ar = "توج منتخب كوت ديفوار بلقب كأس الأمم الأفريقية يوم 11 فبراير 2024 بعد فوزه على نيجيريا 2-1 في أبيدجان."
    articles = [article_from_text("en1", f"A\n\n{filler(1)}\n\n{en}", day, "en"),
                article_from_text("en2", f"B\n\n{filler(2)}\n\n{en.replace('Hosts', 'The hosts')}", day, "en"),
                article_from_text("ar1", f"C\n\n{filler(3)}\n\n{ar}", day, "ar"),
                article_from_text("ar2", f"D\n\n{filler(4)}\n\n{ar.replace('يوم', 'مساء')}", day, "ar")]
    assert [s.articles for s in stories.analyse(articles, WORDS, RULES).stories] == [("ar1", "ar2", "en1", "en2")]


def test_a_country_name_inside_a_longer_one_is_not_that_country() -> None:
    # "印度" (India) is inside "印度尼西亚" (Indonesia), "Sudan" inside "South Sudan": the longest name
    # found at a place is the one the sentence names
    spot = stories._Spotter.of({}, RULES.places)

    def named(sentence: str) -> set[str]:
        written = similar.words_as_written(sentence, None, None)
        return {g for g in spot.places(sentence, written, [w.lower() for w in written]) if g.startswith("@country-")}

    assert named("印度尼西亚鲁昂火山喷发") == {"@country-id"}
    assert named("印度和印度尼西亚") == {"@country-in", "@country-id"}
    assert named("Fighting resumed in South Sudan.") == {"@country-ss"}
    assert named("ナイジェリアとコートジボワール") == {"@country-ng", "@country-ci"}


def test_the_country_table_keeps_to_the_rules_of_its_generator() -> None:
    # tools/make_countries.py: every country in many scripts; no name two countries share; no short name
    # of kana, Hangul or Thai letters, which would be found inside other words ("タイ" in "タイトル"), nor
    # a Vietnamese name of one syllable
    countries = {gid: names for gid, names in RULES.places.items() if gid.startswith("country-")}
    assert len(countries) > 240
    nigeria = {"Nigeria", "نيجيريا", "尼日利亚", "ナイジェリア", "나이지리아", "ไนจีเรีย", "Нигерия"}
    assert nigeria <= set(countries["country-ng"])
    owners: dict[str, set[str]] = {}
    for gid, names in countries.items():
        for name in names:
            owners.setdefault(name, set()).add(gid)
    assert [name for name, gids in owners.items() if len(gids) > 1] == []
    # Vietnamese writes a space between syllables: "Pháp" (France) is also "law", "Trung Quốc" is China
    assert "Pháp" not in countries["country-fr"] and "Trung Quốc" in countries["country-cn"]
    short = re.compile("[\u3040-\u30ff\uac00-\ud7af\u0e00-\u0e7f]")
    assert [n for names in countries.values() for n in names if short.search(n) and len(n) < 3] == []


def test_the_places_are_every_name_of_each_alias_group_whatever_its_language() -> None:
    """aliases.yaml lists a group's names by language; the story pass reads them all, each once."""
    places = stories.load_rules().places["north-korea"]
    assert {"Korut", "North Korea", "Corée du Nord", "Северная Корея", "북한", "Pyongyang"} <= set(places)
    assert len(places) == len(set(places)) and places.count("КНДР") == 1


def test_features_found_to_fit_an_article_of_the_same_digest_are_not_checked_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = [make("t1", "2024-06-19", VISIT, ()), make("t2", "2024-06-19", VISIT2, ())]
    featured = [dataclasses.replace(a, story_features=stories.features(a, WORDS, RULES)) for a in articles]
    kept = StoryCache(tmp_path / "story")
    keys = {"t1": "digest-1", "t2": "digest-2"}
    expected = stories.analyse(featured, WORDS, RULES, kept, keys)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a basis was worked out again")

    with monkeypatch.context() as patched:
        patched.setattr(stories, "_basis", refuse)
        assert stories.analyse(featured, WORDS, RULES, kept, keys) == expected
        with pytest.raises(AssertionError, match="worked out again"):  # another digest: checked again
            stories.analyse(featured, WORDS, RULES, kept, {"t1": "digest-3", "t2": "digest-2"})
    # features that do not fit the basis an article of that digest had are worked out again
    other = dataclasses.replace(featured[0], story_features=stories.features(featured[1], WORDS, RULES))
    found = stories._features_of([other], WORDS, RULES, None, {"digest-1": "not its basis"}, keys)["t1"]
    assert found is not other.story_features and found.basis == stories._basis(other, stories.tables_key(WORDS, RULES))


RAISI = Path(__file__).parent / "data" / "sweeps" / "raisi"


def read_sweep(folder: Path, tmp: Path) -> tuple[dict[str, Article], stories.StoryAnalysis]:
    """A sweep's pages (a folder of tests/data/sweeps) read and analysed as a site would, by their numbers."""
    (tmp / "seeds").mkdir()
    for page in folder.iterdir():  # the pages only: not the README, nor a cache a build left in the folder
        if page.is_file() and page.suffix in (".txt", ".md") and page.name != "README.md":
            shutil.copy(page, tmp / "seeds" / page.name)
    articles = pipeline.analyse(make_config(tmp, tmp / "seeds")).articles
    return {a.id[:2]: a for a in articles}, stories.analyse(articles, WORDS, RULES)


@pytest.fixture(scope="module")
def raisi(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Article], stories.StoryAnalysis]:
    """The Raisi sweep's pages (tests/data/sweeps/raisi) read and analysed as a site would."""
    return read_sweep(RAISI, tmp_path_factory.mktemp("raisi"))


@pytest.fixture(scope="module")
def pact(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Article], stories.StoryAnalysis]:
    """The pact sweep's pages (tests/data/sweeps/pact) read and analysed as a site would."""
    return read_sweep(RAISI.parent / "pact", tmp_path_factory.mktemp("pact"))


@pytest.fixture(scope="module")
def arc(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Article], stories.StoryAnalysis]:
    """The arc sweep's pages (tests/data/sweeps/arc) read and analysed as a site would."""
    return read_sweep(RAISI.parent / "arc", tmp_path_factory.mktemp("arc"))


def test_the_raisi_sweep_tells_the_crash_and_the_runoff_each_as_one_story_across_languages(
        raisi: tuple[dict[str, Article], stories.StoryAnalysis]) -> None:
    # the crash of 19 May in en, fa, ar, ru, he, zh and fr, and the runoff of 5 July in en, ar and he: each
    # language's pages stood alone before (only the German and the English ones met)
    by_number, analysis = raisi

    def story_of(number: str) -> set[str]:
        return next(set(s.articles) for s in analysis.stories if by_number[number].id in s.articles)

    crash = {by_number[n].id for n in ("01", "03", "04", "14", "17", "20", "26", "27", "30", "31")}
    assert crash <= story_of("01"), sorted(crash - story_of("01"))
    runoff = {by_number[n].id for n in ("11", "21", "28", "32")}
    assert runoff <= story_of("11"), sorted(runoff - story_of("11"))
    # tagesschau's runoff report recalls the crash ("am 19. Mai bei einem Hubschrauberabsturz"): background of a
    # page of 6 July, no link to the crash's pages, so the runoff stays a story of its own
    assert story_of("01").isdisjoint(story_of("11"))
    assert {by_number[n].language.code for n in ("01", "17", "20", "26", "27", "30", "31")} == {
        "en", "fa", "ar", "ru", "he", "zh", "fr"}


def test_the_raisi_sweep_timeline_and_credits(raisi: tuple[dict[str, Article], stories.StoryAnalysis]) -> None:
    by_number, analysis = raisi
    days = {e.iso() for e in analysis.events if e.precision == "day"}
    # the crash, its confirmation, the Tehran funeral, the burial, the first round and the runoff
    assert {"2024-05-19", "2024-05-20", "2024-05-22", "2024-05-23", "2024-06-28", "2024-07-05"} <= days
    # "Tabriz's Friday prayer leader" and "امام جمعه تبریز" are no Friday; Sky's mourners "expected to keep
    # gathering over the weekend" on Tuesday 21 May gather the coming weekend
    assert "2024-05-17" not in days and "2024-05-18" not in days and "2024-05-25" in days
    french = [e for e in analysis.events if any(s.article_id == by_number["31"].id for s in e.sources)]
    assert {e.iso() for e in french} >= {"2024-05-19"}  # "s'est écrasé dimanche"
    # ynet's stamp "פורסם: 20.05.24" and Al Jazeera's writer under its stamp in Mecca time
    assert by_number["27"].published is not None and by_number["27"].published.date == dt.date(2024, 5, 20)
    assert by_number["20"].credits == ("محمد المنشاوي",)
    assert by_number["17"].published is not None and by_number["17"].published.date == dt.date(2024, 5, 20)
    assert by_number["19"].published is not None and by_number["19"].published.date == dt.date(2024, 7, 5)


# Putin's trip of June 2024: the pact signed in Pyongyang on the 19th, then Hanoi on the 20th, in English words
PACT = ("Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a mutual defence pact in "
        "Pyongyang on 19 June 2024, pledging military assistance if either is attacked, during a state visit that "
        "Moscow hopes will deepen ties with a partner against the West.")
HANOI = ("Russian President Vladimir Putin arrived in Hanoi on 20 June 2024 for a state visit to Vietnam, where "
         "President To Lam greeted him and the leaders pledged to deepen ties on energy, education and trade.")
BACKGROUND = ("He flew in from the North Korean capital Pyongyang, where a pact of mutual defence was signed with Kim "
              "Jong Un the day before: each side pledged assistance, military if need be, when the other is attacked, "
              "and Moscow hopes such visits deepen its ties against the West.")


def test_a_trip_s_next_stop_is_its_own_story_though_it_tells_the_last_one_in_the_same_words() -> None:
    # two reports of the pact share its day, two of the visit to Hanoi the next day share theirs; one of the latter
    # retells the pact in the pact's own words: a similarity that once chained the two stories into one
    articles = [make("p1", "2024-06-19", f"{PACT}\n\n{filler(1)}", ("treaty", "diplomacy")),
                make("p2", "2024-06-19", f"{PACT.replace('pledging', 'promising')}\n\n{filler(2)}",
                     ("treaty", "diplomacy")),
                make("h1", "2024-06-20", f"{HANOI}\n\n{BACKGROUND}", ("diplomacy",)),
                make("h2", "2024-06-20", f"{HANOI.replace('greeted', 'welcomed')}\n\n{filler(3)}", ("diplomacy",))]
    analysis = stories.analyse(articles, WORDS, RULES)
    similarity = {(p.a, p.b): p.similarity for p in analysis.similar}
    shared = {frozenset((p.a, p.b)) for p in analysis.shared.pairs}
    assert not shared & {frozenset(("h1", "p1")), frozenset(("h1", "p2"))}  # no passage: similar words only
    assert min(similarity[("h1", "p1")], similarity[("h1", "p2")]) >= RULES.stories.min_similarity
    assert sorted(s.articles for s in analysis.stories) == [("h1", "h2"), ("p1", "p2")]


def test_an_arrival_a_capture_a_summons_and_a_ratification_told_in_several_languages_are_one_story_each() -> None:
    # kinds of happening a running story of war and diplomacy is made of: the sentences share a name (or an alias
    # group, in scripts without capitals) and the kind, nothing else
    arrival = {
        "en": ("2024-06-20", "Russian President Vladimir Putin arrived in Vietnam on 20 June 2024 for a state visit."),
        "vi": ("2024-06-20", "Chuyên cơ chở Tổng thống Putin hạ cánh xuống sân bay Nội Bài rạng sáng 20/6."),
        "ko": ("2024-06-20", "푸틴 대통령은 2024년 6월 20일 베트남 하노이에 도착했다."),
    }
    capture = {
        "en": ("2025-01-11", "Ukrainian forces captured two North Korean soldiers in Russia's Kursk region on 11 "
               "January 2025."),
        "es": ("2025-01-12", "Las fuerzas ucranianas han capturado a dos soldados norcoreanos en Kursk el 11 de "
               "enero de 2025."),
        "uk": ("2025-01-11", "11 січня 2025 року українські військові взяли у полон двох солдатів КНДР у Курській "
               "області Росії."),
    }
    summons = {
        "id": ("2024-06-21", "Kementerian Luar Negeri Korea Selatan memanggil Duta Besar Rusia pada Jumat (21/6)."),
        "ko": ("2024-06-21", "정부는 2024년 6월 21일 주한 러시아대사를 초치해 엄중히 항의했다."),
    }
    ratification = {
        "ru": ("2024-10-25", "Государственная дума 24 октября 2024 года ратифицировала договор с КНДР."),
        "en": ("2024-10-24", "Russia's State Duma ratified the treaty with North Korea on 24 October 2024."),
        "ja": ("2024-10-25", "ロシア下院は2024年10月24日に北朝鮮との条約を批准した。"),
    }
    treaty = {
        "vi": ("2024-06-20", "Ngày 19/6/2024, ông Putin và ông Kim Jong Un đã ký hiệp ước tại Bình Nhưỡng."),
        "id": ("2024-06-19", "Putin dan Kim Jong Un meneken perjanjian itu di Pyongyang pada Rabu (19/6/2024)."),
        "ko": ("2024-06-19", "푸틴 대통령과 김정은 위원장은 2024년 6월 19일 평양에서 조약에 서명했다."),
    }
    for sentences in (arrival, capture, summons, ratification, treaty):
        articles, analysis = told_twice(sentences)
        assert [sorted(s.articles) for s in analysis.stories] == [sorted(a.id for a in articles)], sentences


def led_twice(leads: dict[str, tuple[str, str]]) -> list[list[str]]:
    """Two articles in each language (``leads``: language -> (publication day, the first paragraph)), the
    lead over fillers, and the articles of each story."""
    articles = [article_from_text(f"{language}{copy}", f"T\n\n{lead}\n\n{filler(40 + number, 5)}\n\n"
                                  f"{filler(10 * number + copy)}", parse_published(day), language)
                for number, (language, (day, lead)) in enumerate(leads.items()) for copy in (1, 2)]
    return sorted(sorted(s.articles) for s in stories.analyse(articles, WORDS, RULES).stories)


def test_an_undated_lead_tells_the_news_of_its_page_s_day_in_another_language() -> None:
    # the BBC's page of 18 October dates its news only by the page; Yonhap's of that day writes "18일"
    bbc = ("North Korea has sent around 1,500 special forces troops to Russia to support its war in Ukraine, "
           "South Korea's spy agency says.")
    yonhap = ("국가정보원은 18일 북한이 우크라이나 전쟁에 참전하기 위해 특수부대를 러시아에 "
              "파병하기로 결정했다고 밝혔다.")
    one = [["en1", "en2", "ko1", "ko2"]]
    assert led_twice({"en": ("2024-10-18", bbc), "ko": ("2024-10-18", yonhap)}) == one
    # a page of the next day tells of another day's news; so does a lead that states its own day
    apart = [["en1", "en2"], ["ko1", "ko2"]]
    assert led_twice({"en": ("2024-10-19", bbc), "ko": ("2024-10-18", yonhap)}) == apart
    assert led_twice({"en": ("2024-10-18", bbc.replace("has sent", "sent on Tuesday")),
                      "ko": ("2024-10-18", yonhap)}) == apart
    # two leads that both date nothing are as weak as two weekdays: no story of their own
    assert led_twice({"en": ("2024-10-18", bbc), "ko": ("2024-10-18", yonhap.replace("18일 ", ""))}) == apart


def test_nhk_s_katakana_pyongyang_names_north_korea() -> None:
    # NHK writes Pyongyang in katakana ("ピョンヤンに到着"), Kyodo and the papers in kanji ("平壌")
    spot = RULES.spotter
    for sentence in ("プーチン大統領は18日深夜にピョンヤンに到着しました。", "プーチン氏は18日夜、平壌に到着した。"):
        assert "@north-korea" in spot.places(sentence, stories._marked_words(sentence), [])


def test_the_pact_sweep_tells_the_pact_and_the_next_stop_in_hanoi_as_two_stories_across_languages(
        pact: tuple[dict[str, Article], stories.StoryAnalysis]) -> None:
    by_number, analysis = pact

    def stories_of(*numbers: str) -> set[str]:
        return {analysis.story_of.get(by_number[n].id, "none: " + n) for n in numbers}

    # the signing in Pyongyang in Indonesian, English, Korean, Japanese and Vietnamese: one story
    assert len(stories_of("10", "20", "21", "30", "33", "36")) == 1
    # Putin in Hanoi the next day (Detik, AP, VnExpress): one story of its own, though its pages retell the pact
    hanoi = stories_of("11", "22", "35")
    assert len(hanoi) == 1 and hanoi.isdisjoint(stories_of("10"))
    # the summons in Seoul, the ratification in Moscow, the prisoners in Kursk: each one story across languages
    for numbers in (("12", "31"), ("26", "38", "39"), ("27", "46", "40")):
        assert len(stories_of(*numbers)) == 1 and not stories_of(*numbers) & stories_of("10", "11"), numbers
    # the troops sent to Russia, 18 October: the BBC's lead dates nothing, Yonhap's "18일", the CNA's "今天"
    assert len(stories_of("23", "32", "42")) == 1 and not stories_of("23") & stories_of("10", "11", "27")
    # tagesschau's "Die Staatsduma ratifizierte das Abkommen am 24. Oktober" names the Duma as Kommersant
    # ("Государственная дума") and Reuters ("the State Duma") do: one event of the timeline; but on its page of 4
    # November it is background (over a week before), which links no page across languages
    duma = next(e for e in analysis.events if e.iso() == "2024-10-24" and by_number["38"].id in e.articles)
    assert {by_number[n].id for n in ("26", "44")} <= set(duma.articles)
    # Ukrainska Pravda's lead of 11 January ("взяли в полон") dates nothing: it joins AP's and El País's prisoners


def test_the_pact_sweep_timeline_dates_and_themes(pact: tuple[dict[str, Article], stories.StoryAnalysis]) -> None:
    by_number, analysis = pact
    days = [e.iso() for e in analysis.events if e.precision == "day" and e.kind == "reported"]
    # the arrival in Pyongyang, the signing, Hanoi, the summons, the Duma, the Federation Council and the prisoners
    arc = ["2024-06-18", "2024-06-19", "2024-06-20", "2024-06-21", "2024-10-24", "2024-11-06", "2025-01-11"]
    assert set(arc) <= set(days)
    assert [d for d in sorted(set(days)) if d in arc] == arc
    # VnExpress's "rạng sáng 20/6" is the day Putin landed in Hanoi, one event with Detik's and AP's arrival
    landed = next(e for e in analysis.events if e.iso() == "2024-06-20" and by_number["35"].id in e.articles)
    assert {by_number[n].id for n in ("11", "22")} <= set(landed.articles)
    # Kommersant's print stamp dates its page
    assert by_number["38"].published is not None and by_number["38"].published.date == dt.date(2024, 10, 25)
    themes = {n: {t.theme for t in a.themes} for n, a in by_number.items()}
    assert all("treaty" in themes[n] for n in ("10", "20", "30", "33", "36", "38", "39"))
    assert "troops" in themes["40"] and "troops" in themes["27"]  # the soldiers taken prisoner
    assert "diplomacy" in themes["11"] and "treaty" not in themes["11"]


def test_the_raisi_sweep_pages_left_open_by_the_first_sweep(
        raisi: tuple[dict[str, Article], stories.StoryAnalysis]) -> None:
    by_number, analysis = raisi
    # rows 9, 10: Reuters' "Summary" points were the first paragraphs, and its dateline, third, named no outlet
    for number in ("01", "11"):
        assert by_number[number].outlet == "Reuters"
        assert by_number[number].blocks[0].text.startswith(("DUBAI, May 20 (Reuters)", "DUBAI, July 6 (Reuters)"))
    # row 20: AP's writer bio under the story ("since joining the AP in 2006") is no paragraph and no event
    assert not any("since joining the AP" in b.text for b in by_number["03"].blocks)
    assert "2006" not in {e.iso() for e in analysis.events}
    # row 21: the Guardian's "First published on ..." stamp is no paragraph
    assert not any(b.text.startswith("First published") for b in by_number["04"].blocks)
    # row 15: Sky's writer above "Middle East correspondent @AliBunkallSKY" and its ", UK" stamp; no player notice
    assert by_number["14"].credits == ("Alistair Bunkall",)
    assert not any("video player" in b.text for b in by_number["14"].blocks)
    # row 25: Haaretz's "סוכנויות הידיעות" (news agencies) is no writer
    assert by_number["28"].credits == ()
    # editors are no writers: Reuters' "Editing by William Mallard", Xinhua's "责任编辑：王琳" are kept aside
    assert by_number["11"].credits == ("Parisa Hafezi",) and by_number["30"].credits == ()
    assert "责任编辑：王琳" in {r.text for r in by_number["30"].removed}


def test_the_pact_sweep_outlets_and_credits(pact: tuple[dict[str, Article], stories.StoryAnalysis]) -> None:
    by_number, _ = pact
    outlets = {n: a.outlet for n, a in by_number.items()}
    assert outlets == {
        "10": "Kompas", "11": "Detik", "12": "CNN Indonesia", "20": "Reuters", "21": "The Japan Times", "22": "AP",
        "26": "Reuters", "27": "AP", "30": "Yonhap", "31": "The Chosun Ilbo", "33": "NHK", "35": "VnExpress",
        "36": "Tuổi Trẻ", "38": "Kommersant", "39": "RIA Novosti",
        "40": "Українська правда",  # not its source line "Джерело: Зеленський у Telegram"
        "46": "El País", "23": "BBC", "32": "Yonhap", "42": "中央社", "44": "Tagesschau"}
    # "Reporting by Reuters" credits no writer; Yonhap's "관련 뉴스" (related news) header is no name
    assert by_number["26"].credits == ()  # "Editing by Andrew Osborn": its editor, kept aside
    assert by_number["30"].credits == ("이율",)
    assert by_number["40"].credits == ("Олена Рощина",)


def test_a_look_back_at_two_stories_does_not_chain_them() -> None:
    # an anniversary piece (19 June) retells the deployment confirmed on 28 April and the sanctions report of
    # 29 May, each already a story of its own: it may join one of them, but never joins the two into one
    def article(ident: str, day: str, *sentences: str) -> Article:
        seed = 100 * sum(map(ord, ident))
        body = "\n\n".join(f"{filler(seed + i)}\n\n{s}" for i, s in enumerate(sentences))
        return article_from_text(ident, f"T {ident}\n\n{body}\n\n{filler(seed + 50)}", parse_published(day), "en")

    confirmed = "North Korea confirmed on 28 April that its soldiers had fought for Russia in Kursk."
    reported = ("The Multilateral Sanctions Monitoring Team said in its first report on 29 May that Pyongyang "
                "sent shells.")
    articles = [article("c1", "2025-04-28", confirmed),
                article("c2", "2025-04-28", confirmed.replace("soldiers", "troops")),
                article("r1", "2025-05-29", reported),
                article("r2", "2025-05-29", reported.replace("shells", "missiles")),
                article("h1", "2025-06-19",
                        "On 28 April Pyongyang admitted that soldiers of North Korea had fought in Kursk.",
                        "On 29 May the Multilateral Sanctions Monitoring Team counted the shells in a report.",
                        "Shoigu visited Pyongyang on 17 June, in the week of the treaty's anniversary.")]
    analysis = stories.analyse(articles, WORDS, RULES)
    assert {a for e in analysis.events for a in e.articles if e.iso() in ("2025-04-28", "2025-05-29")} == {
        "c1", "c2", "r1", "r2", "h1"}  # the piece tells both days
    of = analysis.story_of
    assert of["c1"] == of["c2"] and of["r1"] == of["r2"] and of["c1"] != of["r1"]
    # a late report of one event looks back on nothing: told 15 days on, it is still that event's story
    late = article("c3", "2025-05-13", confirmed.replace("Kursk", "the Kursk region"))
    again = stories.analyse([*articles, late], WORDS, RULES).story_of
    assert again["c3"] == again["c1"] == again["c2"] != again["r1"]


def test_one_parade_told_in_thai_turkish_persian_and_english_is_one_story() -> None:
    # Beijing's parade of 3 September 2025: the sentences share a name (Beijing, ปักกิ่ง, Pekin, پکن: one
    # alias group) and a parade (parade, พาเหรด, geçit töreni, رژه), with a Buddhist-era and a Solar Hijri year
    sentences = {
        "en": ("2025-09-03", "China held a huge military parade in Beijing on 3 September 2025 to mark 80 years "
               "since the end of World War II."),
        "th": ("2025-09-03", "จีนจัดพาเหรดทางทหารครั้งใหญ่ที่กรุงปักกิ่ง เมื่อวันพุธที่ 3 ก.ย. 2568 เพื่อรำลึกครบรอบ 80 ปี"),
        "tr": ("2025-09-03", "Çin, 3 Eylül 2025'te Pekin'de büyük bir askeri geçit töreni düzenledi."),
        "fa": ("2025-09-03", "چین روز ۱۲ شهریور ۱۴۰۴ بزرگ‌ترین رژه نظامی خود را در پکن برگزار کرد."),
    }
    _, analysis = told_twice(sentences)
    assert [sorted(s.articles) for s in analysis.stories] == [["en1", "en2", "fa1", "fa2", "th1", "th2", "tr1", "tr2"]]


def test_the_arc_sweep_tells_the_confirmation_and_the_parade_as_two_stories_across_languages(
        arc: tuple[dict[str, Article], stories.StoryAnalysis]) -> None:
    by_number, analysis = arc

    def stories_of(*numbers: str) -> set[str]:
        return {analysis.story_of.get(by_number[n].id, "none: " + n) for n in numbers}

    # North Korea's confirmation of 28 April 2025 in English (Reuters and its reprint), Arabic, Portuguese, Hebrew
    # and Thai (whose "(28 เม.ย.)" ended the sentence before what was confirmed: "ส่งทหาร", sent troops)
    confirmed = stories_of("50", "85", "64", "68", "78", "61")
    assert len(confirmed) == 1
    # Beijing's parade of 3 September in English, Thai, Turkish, Hindi and Persian: one story, the parade's own
    # (the Thai, Turkish and Persian pages stood alone before: their languages had no words for it)
    parade = stories_of("51", "60", "63", "66", "77")
    assert len(parade) == 1 and parade.isdisjoint(confirmed)
    # the Guardian's anniversary piece retells April, May and June: it does not bring the parade in
    assert stories_of("82").isdisjoint(parade)


def test_the_arc_sweep_timeline_and_themes(arc: tuple[dict[str, Article], stories.StoryAnalysis]) -> None:
    by_number, analysis = arc
    days = sorted({e.iso() for e in analysis.events if e.precision == "day" and e.kind == "reported"})
    # Gerasimov's word, the confirmation, the MSMT report, Kim's arrival in Beijing and the parade, in order
    arc_days = ["2025-04-26", "2025-04-28", "2025-05-29", "2025-09-02", "2025-09-03"]
    assert [d for d in days if d in arc_days] == arc_days
    # Thairath's "3 ก.ย. 2568" is 2025 (Buddhist era), BBC Persian's "۱۲ شهریور ۱۴۰۴" the same day, Al Jazeera's
    # "٢٨/٤/٢٠٢٥" 28 April
    assert {n: str(by_number[n].published.date) for n in ("60", "77", "64") if by_number[n].published} == {
        "60": "2025-09-03", "77": "2025-09-03", "64": "2025-04-28"}
    parade = next(e for e in analysis.events if e.iso() == "2025-09-03" and by_number["51"].id in e.articles)
    assert {by_number[n].id for n in ("60", "77")} <= set(parade.articles)  # one entry in English, Thai, Persian
    # no event from a Hürriyet-style teaser nor a comment's time stamp ("19 Jun 2025 6.00")
    assert not any(e.iso() == "2025-06-19" and e.articles == (by_number["82"].id,) and e.kind == "reported"
                   for e in analysis.events)
    themes = {n: {t.theme for t in a.themes} for n, a in by_number.items()}
    assert all("troops" in themes[n] for n in ("50", "64", "68", "85"))
    assert "sanctions" in themes["53"] and "sanctions" in themes["75"]
    assert all("china" in themes[n] for n in ("51", "60", "63", "77"))


def test_the_names_of_the_features_are_those_found_sentence_by_sentence(
        raisi: tuple[dict[str, Article], stories.StoryAnalysis],
        pact: tuple[dict[str, Article], stories.StoryAnalysis]) -> None:
    # features read each sentence's words once for passages, content words and names: the names are those
    # stories.names finds reading every sentence again, in every script of the sweeps (and with a heading)
    plain = article_from_text("h", "Title\n\nMenteri Budi Santoso tiba. Ia bertemu Presiden Joko Widodo di Istana.")
    heading = Block("heading", "Rapat di Jakarta Utara", 2, level=2)
    articles = [*raisi[0].values(), *pact[0].values(), dataclasses.replace(plain, blocks=(heading, *plain.blocks))]
    assert {a.language.code for a in articles} >= {"en", "ru", "ja", "ko", "zh", "ar", "he", "fa", "vi"}
    for article in articles:
        found = stories.features(article, WORDS, RULES)
        assert found.names == " ".join(sorted(stories.names(article, RULES.text, WORDS))), article.source
    headed = articles[-1]
    assert any(b.level for b in headed.blocks) and "utara" not in stories.features(headed, WORDS, RULES).names.split()
