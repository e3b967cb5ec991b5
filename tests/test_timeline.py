"""Dated events: found in the text, of the right kind, merged across articles, exported in date order."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import SEEDS, make_config
from eval_events import LABELS, article_from_text, load_labelled, parse_published, score, scripts
from warta import dates, export, pipeline, stories, timeline
from warta.model import Article, Block

WORDS = dates.load_words()
RULES = stories.load_rules()


def shown(block: str, dated: timeline.DatedSentence) -> str:
    """A dated sentence as the timeline shows it: its span of the block, "…" where the sentence goes on."""
    before, after = dated.cut
    return ("… " if before else "") + block[dated.span[0]:dated.span[1]] + (" …" if after else "")


def found(article: Article) -> dict[tuple[str, str], str]:
    """(date, precision) -> kind of every dated sentence of one article."""
    return {(timeline.iso_date(f.date, f.precision), f.precision): f.kind
            for f in timeline.dated_sentences(article, WORDS, RULES.kinds, RULES.text)}


@pytest.fixture(scope="module")
def seed_story(tmp_path_factory: pytest.TempPathFactory) -> stories.StoryAnalysis:
    tmp = tmp_path_factory.mktemp("seeds")
    shutil.copytree(SEEDS, tmp / "seeds")
    articles = pipeline.analyse(make_config(tmp, tmp / "seeds")).articles
    return stories.analyse(articles, WORDS, RULES)


@pytest.mark.parametrize(("iso", "precision", "kind", "words"), [
    ("1961", "year", "historical", "Soviet"),                 # the 1961 treaty
    ("2000", "year", "historical", "Putin"),                  # Putin's 2000 visit
    ("2023-09", "month", "historical", "Kim Jong Un"),        # the September 2023 meeting / speech
    ("2024-03", "month", "reported", "veto"),                 # the March 2024 UN veto
    ("2024-06-19", "day", "reported", "Pyongyang"),           # the 19 June 2024 signing
    ("2024-08", "month", "reported", "Kursk"),                # the August 2024 Kursk incursion
    ("2024-11-11", "day", "reported", "meratifikasi"),        # the November 2024 ratification
])
def test_the_seed_events_are_on_the_timeline(seed_story: stories.StoryAnalysis, iso: str, precision: str,
                                             kind: str, words: str) -> None:
    matches = [e for e in seed_story.events if e.iso() == iso and e.precision == precision
               and any(words.lower() in s.text.lower() for s in e.sources)]
    assert matches, f"no {iso} event about {words!r}"
    assert any(e.kind == kind for e in matches)


def test_the_signing_is_one_event_with_several_sources(seed_story: stories.StoryAnalysis) -> None:
    signing = [e for e in seed_story.events if e.iso() == "2024-06-19"]
    assert len(signing) == 1
    assert len(signing[0].articles) >= 1 and all(s.block_index >= 0 for s in signing[0].sources)


@pytest.mark.parametrize("name", ["id_angka", "en_numbers"])
def test_texts_full_of_numbers_give_no_event(name: str) -> None:
    path = LABELS / f"{name}.txt"
    article = article_from_text(name, path.read_text(encoding="utf-8"), parse_published("2024-03-05"))
    assert found(article) == {}


def test_year_less_and_relative_dates_need_the_article_date_and_are_approximate() -> None:
    text = "Judul\n\nBanjir melanda kota pekan lalu dan surut pada 12 Juni. Tanggul jebol pada 3 Mei 2024."
    undated = article_from_text("u", text)
    assert found(undated) == {("2024-05-03", "day"): "reported"}
    dated = article_from_text("d", text, parse_published("2024-06-20"))
    events = {(timeline.iso_date(f.date, f.precision), f.approximate)
              for f in timeline.dated_sentences(dated, WORDS, RULES.kinds, RULES.text)}
    assert events == {("2024-06-13", True), ("2024-06-12", True), ("2024-05-03", False)}


def test_kinds_publication_scheduled_historical_reported() -> None:
    text = ("Judul\n\nDiterbitkan: 3 Juni 2025\n\n"
            "KTT dijadwalkan berlangsung pada 26 Oktober 2025 di Kuala Lumpur, kata menteri, Senin (2/6/2025).\n\n"
            "Menteri akan bertemu pada bulan Juli. Negara itu merdeka pada 17 Agustus 1945.")
    kinds = found(article_from_text("k", text, parse_published("2025-06-03")))
    assert kinds == {("2025-06-03", "day"): "publication", ("2025-10-26", "day"): "scheduled",
                     ("2025-06-02", "day"): "reported", ("2025-07", "month"): "scheduled",
                     ("1945-08-17", "day"): "historical"}


def test_a_year_less_date_with_a_scheduled_cue_is_the_next_one() -> None:
    text = "Title\n\nThe lower house is expected to vote on the pact in November, officials said."
    assert found(article_from_text("n", text, parse_published("2024-06-20"), "en")) == {
        ("2024-11", "month"): "scheduled"}


@pytest.mark.parametrize(("language", "text", "expected"), [
    # the range has begun and runs on: this June, not the next one (its first day was read apart as of next year)
    ("en", "Title\n\nTalks will run 17-21 June in Geneva, officials said.", ("2024-06-17", "day")),
    ("tr", "Başlık\n\nTatil 15-19 Haziran arasında olacak.", ("2024-06-15", "day")),
    # the range is over: the next one
    ("en", "Title\n\nTalks will run 3-5 June in Geneva, officials said.", ("2025-06-03", "day")),
])
def test_a_scheduled_range_under_way_is_of_this_year(language: str, text: str, expected: tuple[str, str]) -> None:
    assert found(article_from_text("r", text, parse_published("2024-06-19"), language)) == {expected: "scheduled"}


def test_a_year_less_day_in_the_past_stays_in_its_year_when_the_cue_is_not_its_own() -> None:
    # said on 18 October: the strike began this September; "plans to" is about the automation, after the date
    began = "Title\n\nThe strike began on 8 September over plans to automate the lashing of containers."
    assert found(article_from_text("b", began, parse_published("2025-10-18"), "en")) == {
        ("2025-09-08", "day"): "scheduled"}
    # "since 10 October" counts from a past day, whatever the sentence plans
    since = "Title\n\nThe congestion surcharge, in force since 10 October, will be lifted on 1 November."
    assert set(found(article_from_text("s", since, parse_published("2025-10-20"), "en"))) == {
        ("2025-10-10", "day"), ("2025-11-01", "day")}


@pytest.mark.parametrize(("published", "text", "expected"), [
    # said on a Tuesday: the coming Friday, not the last one
    ("2025-10-14", "Union members will vote on the agreement on Friday.", "2025-10-17"),
    ("2025-10-17", "Work will resume on Saturday at 6 a.m., the union said.", "2025-10-18"),
    # said on Friday of what was announced on Monday, and a day with "last": the past one
    ("2025-10-17", "The ministry said on Monday it will review the rules.", "2025-10-13"),
    ("2025-10-17", "Talks will resume after the breakdown last Monday.", "2025-10-13"),
    # the last one is nearer: a page dated two days after it was written ("will visit starting Tuesday", Thursday)
    ("2025-10-16", "The president will visit the port starting Tuesday, officials said.", "2025-10-14"),
    # a forecast of a weekend is the coming one: the Guardian's live blog of a Friday (the CrowdStrike sweep) and
    # Sky News of a Tuesday (the Raisi sweep) had them on the weekend before
    ("2024-07-19", "Delta Air Lines said it had cancelled more than 600 flights and expected further disruption "
                   "over the weekend.", "2024-07-20"),
    ("2024-05-21", "Mourners are expected to keep gathering across Iran over the weekend.", "2024-05-25"),
    ("2024-10-18", "The union said it expected to resume talks on Monday.", "2024-10-21"),
    # what happened over the weekend is the last one
    ("2024-05-21", "Mourners gathered across Iran over the weekend.", "2024-05-18"),
    ("2024-07-19", "Delta said it had cancelled 600 flights over the weekend.", "2024-07-13"),
])
def test_a_day_name_or_weekend_after_a_scheduled_or_forecast_cue_is_the_coming_one(published: str, text: str,
                                                                                    expected: str) -> None:
    days = found(article_from_text("w", "Title\n\n" + text, parse_published(published), "en"))
    assert (expected, "day") in days, days


def test_a_year_less_month_that_traders_expect_is_the_coming_one() -> None:
    text = "Title\n\nTraders expect prices to stay firm until the main harvest in November."
    assert found(article_from_text("h", text, parse_published("2024-06-19"), "en")) == {
        ("2024-11", "month"): "scheduled"}


@pytest.mark.parametrize(("language", "text"), [
    ("id", "Ralat: Dalam versi sebelumnya artikel ini menyebutkan erupsi kedua terjadi pada 29 April 2024. "
           "Yang benar, erupsi terjadi pada 30 April 2024."),
    ("en", "Correction: An earlier version of this article said the second eruption was on April 29. "
           "It was on April 30."),
    ("es", "Fe de errores: Una versión anterior de este artículo decía que la erupción fue el 29 de abril. "
           "Fue el 30 de abril."),
    # the correction note's own date is no event either
    ("en", "This article was amended on 1 May 2024. The second eruption was on April 30."),
])
def test_the_date_a_correction_takes_back_is_no_event(language: str, text: str) -> None:
    found_ = found(article_from_text("c", f"Title\n\n{text}", parse_published("2024-05-03"), language))
    assert found_ == {("2024-04-30", "day"): "reported"}


@pytest.mark.parametrize(("language", "text"), [
    ("es", "Title\n\nEl ejército admitió que el misil fue lanzado por error el 29 de abril de 2024."),
    ("fr", "Title\n\nL'armée reconnaît que le missile a été tiré par erreur le 29 avril 2024."),
    ("pt", "Title\n\nO Exército admitiu que o míssil foi disparado por engano em 29 de abril de 2024."),
])
def test_something_done_by_mistake_on_a_day_is_still_an_event(language: str, text: str) -> None:
    assert ("2024-04-29", "day") in found(article_from_text("m", text, parse_published("2024-05-03"), language))


@pytest.mark.parametrize("opening", ["JAKARTA, April 17 (Reuters) - ", "PANAMA CITY, April 17 (AP) — ",
                                     "BERLIN, 17. April 2024 (dpa) – ", "Taipei, April 17 (CNA) "])
def test_the_date_of_a_wire_dateline_is_no_event_of_the_lead_sentence(opening: str) -> None:
    text = f"Title\n\n{opening}The volcano erupted at least five times on Tuesday night, officials said."
    assert found(article_from_text("w", text, parse_published("2024-04-17"), "en")) == {
        ("2024-04-16", "day"): "reported"}


def test_the_date_of_a_chinese_wire_dateline_is_no_event() -> None:
    # "新华社福州7月25日电": Xinhua, Fuzhou, 25 July, cable; the landfall's own "25日" is the event
    text = "标题\n\n新华社福州7月25日电 台风“格美”25日19时50分前后在福建省莆田市秀屿区沿海登陆。"
    dated = timeline.dated_sentences(article_from_text("x", text, parse_published("2024-07-25"), "zh"), WORDS,
                                     RULES.kinds, RULES.text)
    assert [(f.date.isoformat(), f.kind) for f in dated] == [("2024-07-25", "reported")]
    assert [text.split("\n\n")[1][f.mention[0]:f.mention[1]] for f in dated] == ["25日"]


def test_a_same_day_outlook_in_japanese_is_scheduled_not_the_publication_date() -> None:
    # one sentence without spaces is two "words" beside its date, not a dateline; "見通し" (outlook) is a cue
    # found inside the words, as "예상된다" in Korean
    for language, sentence in (("ja", "台風は25日、台湾海峡を通って中国の福建省に向かう見通しです。"),
                               ("ko", "태풍은 25일 대만해협을 건너 중국 푸젠성으로 향할 것으로 예상된다.")):
        article = article_from_text("j", f"T\n\n{sentence}", parse_published("2024-07-25"), language)
        assert found(article) == {("2024-07-25", "day"): "scheduled"}


def test_wire_copies_in_chinese_merge_into_one_event() -> None:
    # the words of a Chinese sentence are the letters between its numbers: without them it had none to merge by
    sentence = "台风“格美”25日19时50分前后在福建省莆田市秀屿区沿海登陆，登陆时中心附近最大风力有13级。"
    day = parse_published("2024-07-25")
    articles = [article_from_text(ident, f"T\n\n{sentence}", day, "zh") for ident in ("x1", "x2")]
    events = timeline.events(articles, WORDS, RULES.kinds, RULES.merge, RULES.text)
    assert [e.articles for e in events if e.iso() == "2024-07-25"] == [("x1", "x2")]


def test_a_date_inside_the_sentence_before_a_dash_is_still_an_event() -> None:
    text = "Title\n\nThe ministry said that on April 10 (a Wednesday) - the day of the vote - turnout was high."
    assert ("2024-04-10", "day") in found(article_from_text("x", text, parse_published("2024-04-17"), "en"))


def test_a_date_that_opens_a_sentence_without_a_place_before_a_dash_is_still_an_event() -> None:
    text = "Title\n\nOn April 10 - the day of the vote - turnout was high across the country."
    assert ("2024-04-10", "day") in found(article_from_text("x", text, parse_published("2024-04-17"), "en"))


def test_events_merge_across_articles_but_not_unrelated_ones() -> None:
    a = article_from_text("a", "A\n\nPutin dan Kim menandatangani pakta di Pyongyang pada 19 Juni 2024.")
    b = article_from_text("b", "B\n\nPakta pertahanan diteken di Pyongyang, Rabu (19/6/2024), oleh kedua pemimpin.")
    c = article_from_text("c", "C\n\nGempa mengguncang Cianjur pada 19 Juni 2024 dan merusak rumah warga.")
    events = timeline.events([c, b, a], WORDS, RULES.kinds, RULES.merge, RULES.text)
    assert sorted(e.articles for e in events) == [("a", "b"), ("c",)]
    merged = next(e for e in events if len(e.articles) == 2)
    assert [(s.article_id, s.block_index) for s in merged.sources] == [("a", 0), ("b", 0)]


def test_long_sentences_are_cut_to_the_clause_around_the_date() -> None:
    long = " ".join(f"kata{i}" for i in range(60))
    text = f"T\n\n{long}, lalu pada 5 Mei 2024 pasukan tiba di kota itu, {long}."
    (event,) = timeline.events([article_from_text("x", text)], WORDS, RULES.kinds, RULES.merge, RULES.text)
    assert "pada 5 Mei 2024 pasukan tiba" in event.text
    assert len(event.text.split()) <= RULES.kinds.max_event_words + 2


def test_timeline_json_is_in_date_order_with_sources() -> None:
    articles, _ = load_labelled()
    analysis = stories.analyse(articles, WORDS, RULES)
    data = json.loads(export.timeline_json(analysis))
    keys = [timeline.sort_key(e.date, e.precision) for e in analysis.events]
    assert keys == sorted(keys)
    first = data["events"][0]
    assert set(first) >= {"date", "precision", "kind", "text", "themes", "sources"}
    assert all(set(s) >= {"article", "paragraph"} for e in data["events"] for s in e["sources"])
    assert [e["date"] for e in data["events"]][:1] == [analysis.events[0].iso()]


def test_timelinejs_json_has_start_dates_at_their_precision() -> None:
    articles, _ = load_labelled()
    analysis = stories.analyse(articles, WORDS, RULES)
    data = json.loads(export.timelinejs_json(analysis, articles, "Warta", {a.id: f"../articles/{a.slug}/index.html"
                                                                           for a in articles}))
    assert data["title"]["text"]["headline"] == "Warta"
    year_only = [e for e in data["events"] if e["display_date"] == "1961"]
    assert year_only and set(year_only[0]["start_date"]) == {"year"}
    days = [e for e in data["events"] if len(e["display_date"]) == 10]
    assert days and set(days[0]["start_date"]) == {"year", "month", "day"}
    assert '#p-' in days[0]["text"]["text"]
    assert all(e["group"] != "publication" for e in data["events"])


def test_the_event_figures_hold_their_floors() -> None:
    articles, expected = load_labelled()
    figures = score(stories.analyse(articles, WORDS, RULES).events, expected, scripts(articles))
    floors = {"event_precision": 0.97, "event_recall": 0.93, "kind_accuracy": 0.95,
              "merge_precision": 0.9, "merge_recall": 0.45}
    assert {k: v for k, v in figures.items() if v < floors[k]} == {}


def test_every_label_quote_names_one_paragraph() -> None:
    articles, expected = load_labelled()
    assert len(articles) >= 11 and len(expected) > 60
    assert {e.article for e in expected} <= {a.id for a in articles}
    assert all(isinstance(parse_published(p), object) for p in ("2024-06", "2024-06-20"))
    assert parse_published("2024-06") is not None and parse_published("2024-06").precision == "month"  # type: ignore[union-attr]
    assert dt.date(2024, 6, 1) == parse_published("2024-06").date  # type: ignore[union-attr]
    assert Path(LABELS).is_dir()


def test_dated_sentences_pack_into_numbers_and_words_and_back() -> None:
    articles, _ = load_labelled()
    dated = [timeline.dated_sentences(a, WORDS, RULES.kinds, RULES.text) for a in articles]
    packed = [timeline.pack_dated(d) for d in dated]
    assert [len(numbers) for numbers, _ in packed] == [12 * 4 * len(d) for d in dated]
    found = timeline._Dated.of(articles, packed)
    starts = [0, *found.ends.tolist()]
    assert [(ident, r[0], dt.date.fromordinal(r[1]), r[2], r[3], text, mention, r[10] == 1, r[11] == 1,
             frozenset(found.words[t] for t in found.terms[starts[k]:starts[k + 1]].tolist()))
            for k, (ident, r, text, mention) in enumerate(zip(found.ids, found.numbers.tolist(), found.texts,
                                                                found.mentions, strict=True))] == [
        (a.id, d.block_index, d.date, ["year", "month", "day"].index(d.precision), timeline.KINDS.index(d.kind),
         shown(a.blocks[d.block_index].text, d), a.blocks[d.block_index].text[d.mention[0]:d.mention[1]],
         d.approximate, d.relative, d.content)
        for a, ds in zip(articles, dated, strict=True) for d in ds]
    assert sum(map(len, dated)) > 60 and len(set(found.words)) == len(found.words)
    numbered = dict(zip(found.ids, found.article.tolist(), strict=True))  # one number per article id
    told = {a.id for a, d in zip(articles, dated, strict=True) if d}
    assert len(set(numbered.values())) == len(numbered) == len(told)
    empty = timeline._Dated.of(articles[:1], [timeline.pack_dated([])])
    assert (empty.ids, empty.texts, len(empty.numbers), len(empty.terms)) == ([], [], 0, 0)


@pytest.mark.parametrize("at_once", [1, 2, 7])
def test_dated_sentences_words_numbered_a_few_lines_at_a_time_are_those_numbered_at_once(
        at_once: int, monkeypatch: pytest.MonkeyPatch) -> None:
    articles, _ = load_labelled()
    packed = [timeline.pack_dated(timeline.dated_sentences(a, WORDS, RULES.kinds, RULES.text)) for a in articles]
    whole = timeline._Dated.of(articles, packed)
    assert len(whole.ends) > 3 * at_once and whole.named.any() and not whole.named.all()
    assert whole.words == sorted(whole.words)
    monkeypatch.setattr(timeline, "_LINES_AT_ONCE", at_once)
    parts = timeline._Dated.of(articles, packed)
    assert parts.words == whole.words
    assert parts.terms.tolist() == whole.terms.tolist() and parts.named.tolist() == whole.named.tolist()
    assert parts.ends.tolist() == whole.ends.tolist()
    # a word written as a name in one sentence and not in another is one word, named only where it is
    terms, named, words = timeline._numbered(["^Pyongyang pact", "", "pact ^Pyongyang summit"])
    assert words == ["Pyongyang", "pact", "summit"]
    assert terms.tolist() == [0, 1, 1, 0, 2] and named.tolist() == [True, False, False, True, False]
    assert [len(c) for c in timeline._numbered([])] == [0, 0, 0]


def test_a_dated_sentence_is_shown_from_its_block_cut_where_the_sentence_goes_on() -> None:
    long = " ".join(f"kata{i}" for i in range(60))
    text = f"T\n\n{long}, lalu pada 5 Mei 2024 pasukan tiba di kota itu, {long}.\n\nBanjir surut pada 7 Mei 2024."
    article = article_from_text("x", text)
    cut, whole = timeline.dated_sentences(article, WORDS, RULES.kinds, RULES.text)
    events = timeline.events([article], WORDS, RULES.kinds, RULES.merge, RULES.text)
    sources = {e.date: e.sources for e in events}
    assert sources.keys() == {dt.date(2024, 5, 5), dt.date(2024, 5, 7)}
    (first,), (second,) = sources[dt.date(2024, 5, 5)], sources[dt.date(2024, 5, 7)]
    assert cut.cut == (True, True) and first.text.startswith("… ") and first.text.endswith(" …")
    assert first.text == shown(article.blocks[0].text, cut)
    assert " lalu pada 5 Mei 2024 pasukan tiba di kota itu" in first.text
    assert article.blocks[0].text[cut.mention[0]:cut.mention[1]] == first.mention == "5 Mei 2024"
    assert whole.cut == (False, False) and second.text == "Banjir surut pada 7 Mei 2024."


@pytest.mark.parametrize("max_pairwise", [80, 2])
def test_events_merged_a_few_pairs_at_a_time_are_those_merged_at_once(max_pairwise: int,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    articles, _ = load_labelled()
    monkeypatch.setattr(timeline, "_MAX_PAIRWISE", max_pairwise)  # 2: words most dates share are "common"
    whole = timeline.events(articles, WORDS, RULES.kinds, RULES.merge, RULES.text)
    assert sum(len(e.sources) > 1 for e in whole) >= 5
    monkeypatch.setattr(timeline, "_PAIRS_AT_ONCE", 1)  # every date group alone
    assert timeline.events(articles, WORDS, RULES.kinds, RULES.merge, RULES.text) == whole


def test_same_day_sentences_that_share_one_common_word_or_their_attribution_are_two_events() -> None:
    day = parse_published("2024-06-19")
    rice = article_from_text("rice", "Rice\n\nRice prices are expected to fall next month as new supplies arrive "
                             "from Vietnam and Thailand, the agriculture ministry said on Wednesday.", day, "en")
    missile = article_from_text("missile", "Missile\n\nNorth Korea has tested a new strategic cruise missile, "
                                "state media KCNA said on Wednesday.", day, "en")
    visa = article_from_text("visa", "Visa\n\nTourist visas will be cut to 30 days, the foreign ministry "
                             "spokesman said on Wednesday.", day, "en")
    summit = article_from_text("summit", "Summit\n\nThe summit in Pyongyang ended on Wednesday with a pact.", day, "en")
    signing = article_from_text("signing", "Signing\n\nPutin signed the pact in Pyongyang on Wednesday.", day, "en")
    events = timeline.events([rice, missile, visa, summit, signing], WORDS, RULES.kinds, RULES.merge, RULES.text)
    wednesday = sorted(e.articles for e in events if e.iso() == "2024-06-19")
    # "new" is no name, "ministry ... said" says who spoke; "Pyongyang" (and "pact") is the same news
    assert wednesday == [("missile",), ("rice",), ("signing", "summit"), ("visa",)]


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Troops of grandchildren arrive every Sunday to help with the folding, she says."),
    ("id", "Warga berkumpul setiap hari Minggu di alun-alun kota."),
    ("pt", "O mercado abre cada domingo na praça."),
])
def test_a_day_name_after_every_is_a_habit_not_a_date(language: str, text: str) -> None:
    assert found(article_from_text("h", f"Title\n\n{text}", parse_published("2024-04-29"), language)) == {}
    once = text.replace("every ", "on ").replace("setiap ", "pada ").replace("cada ", "no ")
    assert found(article_from_text("o", f"Title\n\n{once}", parse_published("2024-04-29"), language)) != {}


def test_same_day_reports_that_name_different_people_and_places_are_two_events() -> None:
    # two match reports of one Saturday share "league", "two", "one", and a third report of the first
    # match shares its clubs; a flood warning and a state visit share only the "North" of two other names
    day = parse_published("2024-06-22")
    arsenal = article_from_text("arsenal", "A\n\nArsenal beat Chelsea two goals to one in a tense league match on "
                                "Saturday evening.", day, "en")
    benfica = article_from_text("benfica", "B\n\nA late penalty gave Benfica a two to one win over Porto in the "
                                "league on Saturday.", day, "en")
    chelsea = article_from_text("chelsea", "C\n\nChelsea lost at Arsenal on Saturday after a late penalty.", day, "en")
    floods = article_from_text("floods", "F\n\nFlood warnings were issued for Devon, Cornwall and the North West "
                               "on Saturday.", day, "en")
    visit = article_from_text("visit", "V\n\nNorth Macedonia's president met the Greek premier in Skopje on "
                              "Saturday.", day, "en")
    events = timeline.events([arsenal, benfica, chelsea, floods, visit], WORDS, RULES.kinds, RULES.merge, RULES.text)
    assert sorted(e.articles for e in events if e.iso() == "2024-06-22") == [
        ("arsenal", "chelsea"), ("benfica",), ("floods",), ("visit",)]


def test_a_name_written_with_and_without_accents_joins_two_languages_reports_of_one_event() -> None:
    # "José Raúl Mulino" (es) and "Jose Raul Mulino" (en) are one name: only "Mulino" was shared before,
    # too little of the Spanish sentence's words; a report naming someone else that day stays apart
    day = parse_published("2024-05-06")
    es = article_from_text("es", "T\n\nJosé Raúl Mulino ganó las elecciones presidenciales de Panamá el 5 de mayo "
                           "de 2024 con amplia ventaja.", day, "es")
    en = article_from_text("en", "T\n\nJose Raul Mulino won the presidential election in Panama on 5 May 2024.",
                           day, "en")
    other = article_from_text("other", "T\n\nLaurentino Cortizo inauguró un puente en Colón el 5 de mayo de 2024.",
                              day, "es")
    events = timeline.events([es, en, other], WORDS, RULES.kinds, RULES.merge, RULES.text)
    assert sorted(e.articles for e in events if e.iso() == "2024-05-05") == [("en", "es"), ("other",)]


@pytest.mark.parametrize(("language", "published", "text", "expected"), [
    # Catalan's past tense is "va" + infinitive: "va sonar" (it rang), "va anunciar" (announced), never a plan;
    # read with every language's cues (Romanian "va", will) the day was of next year and scheduled
    ("ca", "2024-10-31", "L'alerta no va sonar fins a les 20.11 hores del dimarts 29 d'octubre.",
     {("2024-10-29", "day"): "reported"}),
    ("ca", "2024-11-21", "Gan Pampols assumix el càrrec que Mazón va anunciar a Les Corts el 15 de novembre.",
     {("2024-11-15", "day"): "reported"}),
    ("ca", "2024-11-21", "El ple serà el 3 de desembre, segons el Consell.", {("2024-12-03", "day"): "scheduled"}),
    # Dutch: "zal" is a plan, a past participle is not
    ("nl", "2024-11-04", "De koning heeft op 3 november Paiporta bezocht.", {("2024-11-03", "day"): "reported"}),
    ("nl", "2024-11-04", "Het parlement zal het herstelplan in oktober bespreken.",
     {("2025-10", "month"): "scheduled"}),
])
def test_catalan_and_dutch_dates_are_read_with_their_own_cues(language: str, published: str, text: str,
                                                               expected: dict[tuple[str, str], str]) -> None:
    assert found(article_from_text("c", "Títol\n\n" + text, parse_published(published), language)) == expected


@pytest.mark.parametrize(("language", "published", "text", "expected"), [
    # said on Thursday 31 October 2024: a future verb before "el viernes" is the next day, not six days back
    ("es", "2024-10-31", "Las clases seguirán suspendidas el viernes en los municipios afectados.", "2024-11-01"),
    ("it", "2024-10-31", "Il governo approverà il decreto venerdì.", "2024-11-01"),
    # a past verb keeps the last one; a future verb after the day says nothing of it
    ("es", "2024-10-31", "La UME rescató el lunes a 200 personas en Utiel.", "2024-10-28"),
    # "Irán" ends like a future verb and is none
    ("es", "2024-10-31", "Irán condenó el lunes el ataque.", "2024-10-28"),
])
def test_a_future_verb_before_a_day_name_is_the_coming_day(language: str, published: str, text: str,
                                                           expected: str) -> None:
    days = found(article_from_text("f", "Título\n\n" + text, parse_published(published), language))
    assert (expected, "day") in days, days


def test_a_day_named_in_a_look_back_is_the_day_the_text_already_dated() -> None:
    # written on 2 October about 19 July: "on Friday" is Friday 19 July, not 27 September
    text = ("Inside the outage\n\n"
            "At 04:09 UTC on Friday, July 19, the company pushed a faulty update to millions of computers.\n\n"
            "Microsoft estimated on July 20 that 8.5 million Windows devices had been affected.\n\n"
            "American, United and Delta all requested ground stops on Friday morning. "
            "American and United recovered over the weekend.\n\n"
            "Shareholders filed a class action in federal court in Austin on July 30.\n\n"
            "CrowdStrike's stock fell 11 percent on Friday and kept falling in the following weeks.\n\n"
            "Engineers at the company met again on Tuesday to review the tests.")
    article = article_from_text("look-back", text, parse_published("2024-10-02"), "en")
    got = {(f.date.isoformat(), shown(article.blocks[f.block_index].text, f).lstrip("… ").split()[0])
           for f in timeline.dated_sentences(article, WORDS, RULES.kinds, RULES.text)}
    assert ("2024-07-19", "American,") in got  # ground stops "on Friday morning"
    assert ("2024-07-20", "American") in got   # "over the weekend": Saturday 20 July, a day the text dated
    assert ("2024-07-19", "CrowdStrike's") in got  # after July 30, still the Friday the text told of
    dated = {day for day, _ in got}
    assert not dated & {"2024-09-27", "2024-09-28"}  # not the Friday and weekend before the page was written
    # the text named no Tuesday: "on Tuesday" is read against the article's date, as in any report
    assert ("2024-10-01", "Engineers") in got


def test_a_day_named_in_a_report_of_the_week_is_read_against_its_date() -> None:
    # written on Monday 22 July: "on Friday" is 19 July even after a date ten days back
    text = ("Delta still cancelling\n\n"
            "The talks on Friday, July 12, ended without a deal.\n\n"
            "Delta cancelled 3,000 flights on Friday after the outage.")
    article = article_from_text("week", text, parse_published("2024-07-22"), "en")
    assert ("2024-07-19", "day") in found(article)


def _added(article: Article, sentence: str) -> Article:
    """The article with one more paragraph."""
    return dataclasses.replace(article, blocks=(*article.blocks, Block("paragraph", sentence, 99)))


def _merged(articles: list[Article], before: timeline.EventState | None = None,
            ) -> tuple[tuple[timeline.Event, ...], timeline.EventState]:
    found, state = timeline.merged_events(articles, WORDS, RULES.kinds, RULES.merge, RULES.text, before=before)
    assert state is not None
    return found, state


@pytest.mark.parametrize("edit", ["a dated sentence added", "an article removed", "an article added", "nothing"])
def test_events_merged_again_only_where_an_edit_reaches_are_those_a_fresh_merge_makes(edit: str) -> None:
    articles, _ = load_labelled()
    articles = sorted(articles, key=lambda a: a.id)
    _, before = _merged(articles)
    if edit == "a dated sentence added":
        articles[3] = _added(articles[3], "Banjir besar melanda Cianjur pada 3 Maret 2024, kata warga setempat.")
    elif edit == "an article removed":
        del articles[0]
    elif edit == "an article added":
        articles.append(article_from_text("zz-new", "Baru\n\nGempa mengguncang Cianjur pada 3 Maret 2024 dan "
                                          "merusak rumah warga.", parse_published("2024-03-04")))
    again, after = _merged(articles, before)
    assert again == timeline.events(articles, WORDS, RULES.kinds, RULES.merge, RULES.text)
    kept = [g for g, d in after.dates.items() if d is before.dates.get(g)]  # taken as the last merge left them
    assert len(kept) == len(after.dates) if edit == "nothing" else 0 < len(kept) < len(after.dates)


def test_a_date_whose_merge_the_shift_of_the_weights_could_change_is_merged_again() -> None:
    articles, _ = load_labelled()
    found, before = _merged(articles)
    nothing = {g: timeline.DateGroup(before.rows, 0.0, 0.0, ()) for g in before.dates}
    # at the count of sentences it was merged at, a date holds whatever its range: its events are taken
    assert _merged(articles, dataclasses.replace(before, dates=nothing))[0] == ()
    # at another count, one whose range leaves out the shift is merged again
    stale = {g: dataclasses.replace(d, rows=before.rows + 5) for g, d in nothing.items()}
    assert _merged(articles, dataclasses.replace(before, dates=stale))[0] == found


def test_a_merge_decides_as_it_did_for_every_shift_of_the_weights_within_its_range() -> None:
    articles, _ = load_labelled()
    ordered = sorted(articles, key=lambda a: a.id)
    packed = [timeline.pack_dated(timeline.dated_sentences(a, WORDS, RULES.kinds, RULES.text)) for a in ordered]
    found = timeline._Dated.of(ordered, packed)
    weight = timeline.idf_weights(np.bincount(found.terms, minlength=len(found.words)), len(found.ids))
    order, label, shifts = timeline._merge(found, RULES.merge, weight)
    edges = sorted({e for lo, hi in shifts.values() for e in (lo, hi) if np.isfinite(e) and e != 0.0})
    assert len(edges) >= 4
    group = found.groups()[order]
    flipped = 0
    for edge in edges:
        for d in (edge * 0.999, edge * 3.0):
            if d <= -weight.min():  # weights are never 0 or less: log((n + 1) / df) + 0.1 with df <= n
                continue
            _, moved, _ = timeline._merge(found, RULES.merge, weight + d)
            for g, (low, high) in shifts.items():
                mine = group == g
                same = bool((moved[mine] - moved[mine][0] == label[mine] - label[mine][0]).all())
                if low < d < high:
                    assert same, (g, d, low, high)
                flipped += not same
    assert flipped  # outside their ranges some merges decide otherwise: the ranges are not loose for nothing


@pytest.mark.parametrize(("sentence", "again"), [
    ("Tank berat pasukan terlihat di Cianjur pada 12 Mei 2024.", True),  # words of 5 May: their weights move
    ("Hujan deras turun di Cianjur pada 12 Mei 2024.", False),
])
def test_a_date_whose_words_an_edit_finds_in_more_sentences_is_merged_again(sentence: str, again: bool) -> None:
    day = parse_published("2024-05-20")
    kursk = article_from_text("a", "A\n\nPasukan Rusia tiba di Kursk pada 5 Mei 2024 bersama tank berat.", day)
    flood = article_from_text("b", "B\n\nBanjir melanda Cianjur pada 9 Mei 2024.", day)
    _, before = _merged([kursk, flood])
    found, after = _merged([kursk, _added(flood, sentence)], before)
    fifth = dt.date(2024, 5, 5).toordinal() * 3 + 2  # the group of 5 May 2024, to the day
    assert (after.dates[fifth] is not before.dates[fifth]) == again
    assert found == timeline.events([kursk, _added(flood, sentence)], WORDS, RULES.kinds, RULES.merge, RULES.text)


def test_a_kept_state_whose_columns_do_not_fit_together_is_not_used() -> None:
    articles, _ = load_labelled()
    found, before = _merged(articles)
    for broken in (dataclasses.replace(before, terms=before.terms[:-4]), dataclasses.replace(before, rows=1),
                   dataclasses.replace(before, sizes=before.sizes + b"\0"), dataclasses.replace(before, words=())):
        assert not broken.whole()
        assert _merged(articles, broken)[0] == found
    assert before.whole()


@pytest.mark.parametrize(("place", "dateline"), [("", True), ("JAKARTA, ", True), ("NEW YORK CITY AREA, ", True),
                                                 ("SOUTH NEW YORK CITY AREA, ", False)])
def test_a_wire_dateline_has_at_most_four_words_of_place_before_its_date(place: str, dateline: bool) -> None:
    # the words before the date are counted up to one more than a place may have, no further
    block = f"{place}April 17 (Reuters) - The volcano erupted again."
    mention = next(m for m in dates.find_dates(block, WORDS, dt.date(2024, 4, 17), "en") if m.precision == "day")
    assert timeline._in_dateline(block, mention, RULES.kinds.dateline_place_words) is dateline
    assert RULES.kinds.dateline_place_words == 4


def test_the_clause_around_a_date_is_what_splitting_at_clause_punctuation_leaves_beside_it() -> None:
    # _near reads the clause before a date as the last piece of the text before it split at clause punctuation,
    # and the clause after it as the first piece of the text after it: pinned against the split, on every
    # sentence of the sweeps and the seeds cut at each of its characters
    data = Path(__file__).parent / "data" / "sweeps"
    pages = [p for p in [*sorted(data.rglob("*")), *sorted(SEEDS.iterdir())] if p.suffix in (".txt", ".md")
             and p.name != "README.md"]
    texts = [line for p in pages for line in p.read_text(encoding="utf-8").splitlines() if line.strip()][:400]
    texts += ["a - b; c", "(x) – y: z", "", "no clause break", "a [b] c - - d"]
    for text in texts:
        for at in range(0, len(text) + 1, 7):
            head, tail = text[:at], text[at:]
            assert timeline._after_last(timeline._CLAUSE_PUNCT, head) == timeline._CLAUSE_PUNCT.split(head)[-1]
            assert timeline._before_first(timeline._CLAUSE_PUNCT, tail) == timeline._CLAUSE_PUNCT.split(tail)[0]
