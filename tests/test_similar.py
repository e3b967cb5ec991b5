"""Shared passages and similar articles: sentences, shingles, rare-shingle candidates, passages, similar pairs."""

from __future__ import annotations

import dataclasses
import random
import weakref
import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eval_events import article_from_text
from warta import similar
from warta.model import Article
from warta.stories import load_rules

RULES = load_rules()
WIRE = ("Mengutip enam pejabat senior AS, jaringan berita AS mengatakan pemerintahan Biden khawatir Rusia mungkin "
        "membantu Korea Utara menyelesaikan langkah-langkah akhir yang diperlukan untuk mengerahkan kapal selam "
        "bersenjata nuklir.")
QUOTE_A = ("“Kami tentu juga prihatin dengan potensi dukungan yang diberikan Rusia kepada Korea Utara mendukung "
           "program rudal dan nuklir mereka,\" ujarnya sebelum KTT NATO baru-baru ini, seperti dimuat The Guardian.")
QUOTE_B = ("“Kami tentu juga prihatin dengan potensi dukungan yang diberikan Rusia kepada Korea Utara dalam "
           "mendukung program rudal dan nuklir mereka,” katanya, dilansir The Guardian.")


def filler(seed: int, sentences: int = 6) -> str:
    rng = random.Random(seed)
    vocab = [f"kata{i}" for i in range(3000)]
    return " ".join(" ".join(rng.choice(vocab) for _ in range(14)).capitalize() + "." for _ in range(sentences))


def laid_end_to_end(units: Sequence[Sequence[int]]) -> npt.NDArray[np.uint64]:
    """Units of word hashes laid end to end, as the passage search takes them."""
    return np.array([h for u in units for h in u], dtype=np.uint64)


def candidates(keys: Sequence[tuple[str, ...]], rules: similar.PassageRules = RULES.passages) -> set[tuple[int, int]]:
    """The candidate sentence pairs the passage search finds among sentences given as words."""
    cache: dict[str, int] = {}
    pairs = similar._candidates(laid_end_to_end([similar.token_hashes(k, cache) for k in keys]),
                                [len(k) for k in keys], rules)
    assert pairs == sorted(set(pairs))
    return set(pairs)


def test_sentences_keep_abbreviations_initials_and_numbers_together() -> None:
    text = ('Dr. Smith came. He said "yes." Then J. Doe left at 3.5 p.m. today. '
            'U.S. troops moved 6.700 kontainer. Akhir.')
    spans = similar.sentence_spans(text, RULES.text.abbreviations)
    assert [text[s:e] for s, e in spans] == [
        "Dr. Smith came.", 'He said "yes."', "Then J. Doe left at 3.5 p.m. today.",
        "U.S. troops moved 6.700 kontainer.", "Akhir.",
    ]


def test_a_thai_month_abbreviated_with_dots_ends_no_sentence() -> None:
    # Bangkok Biz News (the arc sweep's page 61): "(28 เม.ย.)" (28 April) was a sentence's end, and what North
    # Korea confirmed that day ("ว่าได้ส่งทหาร", that it had sent troops) was cut from the event
    text = ("เกาหลีเหนือยืนยันเป็นครั้งแรกเมื่อวันจันทร์ (28 เม.ย.) ว่าได้ส่งทหารไปช่วยรัสเซียต่อสู้กับยูเครน "
            "ตามคำสั่งของนายคิม จองอึน เมื่อ 3 ก.ย. 2568 Later.")
    spans = similar.sentence_spans(text, RULES.text.abbreviations)
    assert [text[s:e] for s, e in spans] == [text]

def test_shingles_are_hashed_per_unit_and_a_short_unit_is_one_shingle() -> None:
    cache: dict[str, int] = {}
    units = [similar.token_hashes("satu dua tiga empat lima enam tujuh".split(), cache),
             similar.token_hashes("x y".split(), cache), [], similar.token_hashes("dua tiga empat lima".split(), cache)]
    hashes, counts = similar._shingles(laid_end_to_end(units), [len(u) for u in units], 4)
    assert counts == [4, 1, 0, 1]
    assert len(hashes) == 6 and len(set(hashes[:4].tolist())) == 4
    assert hashes[5] == hashes[1]  # "dua tiga empat lima" is the same shingle wherever it stands
    assert cache["dua"] == zlib.crc32(b"dua")


def test_a_near_duplicate_is_found_among_many_without_comparing_all_pairs() -> None:
    keys = [tuple(similar.words(filler(i, 1))) for i in range(2000)]
    keys.append(keys[17][:7] + ("berbeda",) + keys[17][8:])  # one word changed
    keys.append(keys[40][:-1] + ("lain",))  # the last word changed
    pairs = candidates(keys)
    assert {(17, 2000), (40, 2001)} <= pairs
    assert len(pairs) < 100  # of 2,003,001 possible pairs


def test_shingles_many_sentences_share_or_no_other_has_make_no_candidate() -> None:
    common = list(range(10))  # one shingle in 10 units: with max_bucket 5 it is common text
    units = [common[:4] + [100 + i] for i in range(10)] + [[7, 8, 9, 1, 2], [7, 8, 9, 1, 3]]
    rules = similar.PassageRules(shingle=4, min_run=4, max_bucket=5)  # one rare shingle in common is a run
    assert similar._candidates(laid_end_to_end(units), [len(u) for u in units], rules) == [(10, 11)]
    loose = similar.PassageRules(shingle=4, min_run=4, max_bucket=10)  # the frame is rare text now
    assert len(similar._candidates(laid_end_to_end(units), [len(u) for u in units], loose)) == 45 + 1


def brute_force_candidates(units: Sequence[Sequence[int]], rules: similar.PassageRules) -> list[tuple[int, int]]:
    """Every pair of units compared: the pairs sharing ``need`` shingles that 2 to max_bucket units have.

    A unit shorter than a shingle is one shingle of all its words."""
    k = rules.shingle
    sets = [{tuple(u[i:i + k]) for i in range(len(u) - k + 1)} or ({tuple(u)} if u else set()) for u in units]
    holders: dict[tuple[int, ...], int] = {}
    for found in sets:
        for shingle in found:
            holders[shingle] = holders.get(shingle, 0) + 1
    rare = [{g for g in found if holders[g] <= rules.max_bucket} for found in sets]
    need = max(1, rules.min_run - k + 1)
    return [(x, y) for x in range(len(units)) for y in range(x + 1, len(units)) if len(rare[x] & rare[y]) >= need]


@settings(max_examples=150, deadline=None)
@given(units=st.lists(st.lists(st.integers(0, 6), min_size=0, max_size=14), min_size=0, max_size=24),
       shingle=st.integers(1, 4), min_run=st.integers(1, 7), max_bucket=st.integers(2, 6))
def test_the_candidates_are_exactly_the_pairs_sharing_a_run_of_rare_shingles(
        units: list[list[int]], shingle: int, min_run: int, max_bucket: int) -> None:
    rules = similar.PassageRules(shingle=shingle, min_run=min_run, max_bucket=max_bucket)
    # a small alphabet so that shingles repeat (hash collisions of distinct shingles are not tested here)
    hashed = [[zlib.crc32(bytes([w])) for w in u] for u in units]
    got = similar._candidates(laid_end_to_end(hashed), [len(u) for u in units], rules)
    assert got == brute_force_candidates(units, rules)


@pytest.mark.parametrize("around", [0, 24, 200])
def test_a_copied_run_is_a_candidate_however_long_the_sentence_around_it(around: int) -> None:
    """12 copied words inside a sentence of 12 + 2 x ``around``: their shingles' Jaccard similarity falls to
    0.02, and the pair is still found, because the shared rare shingles are counted, not estimated."""
    rng = random.Random(5)
    copied = tuple(f"salin{i}" for i in range(12))
    longer = tuple(f"lain{i}" for i in range(around)) + copied + tuple(f"juga{i}" for i in range(around))
    others = [tuple(rng.choice([f"kata{j}" for j in range(400)]) for _ in range(14)) for _ in range(300)]
    assert candidates([copied, longer, *others]) == {(0, 1)}


def edited_wire_articles() -> list[Article]:
    edited = (WIRE.replace("mengatakan", "menyebutkan").replace("khawatir", "cemas")
              .replace("kapal selam", "kapal-kapal selam"))
    assert edited != WIRE
    articles = [article_from_text("a", f"Judul A\n\n{filler(1)}\n\n{WIRE}\n\n{filler(2)}"),
                article_from_text("b", f"Judul B\n\n{filler(3)}\n\n{edited} {filler(4, 1)}")]
    articles += [article_from_text(f"z{i:03d}", f"Judul {i}\n\n{filler(10 + i)}") for i in range(60)]
    return articles


def test_a_lightly_edited_wire_paragraph_is_found_comparing_few_sentence_pairs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[int, int]] = []
    find = similar._candidates

    def recording(flat: npt.NDArray[np.uint64], lengths: Sequence[int],
                  rules: similar.PassageRules) -> list[tuple[int, int]]:
        found = find(flat, lengths, rules)
        compared.extend(found)
        return found

    monkeypatch.setattr(similar, "_candidates", recording)
    articles = edited_wire_articles()
    shared = similar.shared_passages(articles, RULES.text, RULES.passages)
    assert [(p.a, p.b) for p in shared.pairs] == [("a", "b")]
    assert shared.passages[0].occurrences[1].text.startswith("Mengutip enam pejabat senior AS, jaringan berita AS "
                                                             "menyebutkan")
    assert len(compared) == 1  # the wire sentence and its edited copy, of some 400 sentences' 80,000 pairs


def test_a_passage_shared_nearly_word_for_word_is_found_with_its_places() -> None:
    a = article_from_text("a", f"Judul A\n\n{filler(1)}\n\n{WIRE} {filler(2, 2)}\n\n{QUOTE_A}")
    b = article_from_text("b", f"Judul B\n\n{filler(3)} {WIRE}\n\n{filler(4)}\n\n{QUOTE_B}")
    c = article_from_text("c", f"Judul C\n\n{filler(5)}\n\n{filler(6)}")
    shared = similar.shared_passages([c, b, a], RULES.text, RULES.passages)
    found = {(o.article_id, o.block_index) for p in shared.passages for o in p.occurrences}
    assert found == {("a", 1), ("b", 0), ("a", 2), ("b", 2)}
    assert len(shared.passages) == 2
    pair = shared.pairs[0]
    assert (pair.a, pair.b) == ("a", "b") and len(pair.passages) == 2
    assert 0 < pair.share_a < 1 and 0 < pair.share_b < 1
    assert [g.articles for g in shared.groups] == [("a", "b")]


def test_consecutive_shared_sentences_are_one_passage() -> None:
    wire = " ".join(filler(40 + i, 1) for i in range(3))
    a = article_from_text("a", f"A\n\n{filler(1)}\n\n{wire}")
    b = article_from_text("b", f"B\n\n{wire}\n\n{filler(2)}")
    shared = similar.shared_passages([a, b], RULES.text, RULES.passages)
    assert len(shared.passages) == 1
    assert shared.passages[0].words == len(similar.words(wire))


def test_template_sentences_and_one_article_repeating_itself_are_not_shared_passages() -> None:
    template = "Pengamat dari {} mengatakan rudal balistik dapat mengubah peta keamanan di {}."
    a = article_from_text("a", "A\n\n" + template.format("Bandung", "Australia") + " " + WIRE + "\n\n" + WIRE)
    b = article_from_text("b", "B\n\n" + template.format("Makassar", "Korea Selatan") + " " + filler(9, 1))
    shared = similar.shared_passages([a, b], RULES.text, RULES.passages)
    assert shared.passages == ()


def test_boilerplate_in_too_many_articles_is_not_a_passage() -> None:
    rules = RULES.passages
    articles = [article_from_text(f"x{i}", f"T\n\n{WIRE}\n\n{filler(i)}") for i in range(rules.max_articles + 1)]
    assert similar.shared_passages(articles, RULES.text, rules).passages == ()


@pytest.mark.parametrize("exhaustive_below", [0, 1000])
def test_similar_articles_pair_up_with_and_without_lsh(exhaustive_below: int) -> None:
    topic = ("banjir bandang melanda kabupaten garut setelah hujan deras sungai cimanuk meluap warga mengungsi "
             "posko pengungsian relawan logistik bendungan jebol tanggul").split()
    rng = random.Random(3)
    articles = []
    for i in range(120):
        body = filler(100 + i, 8)
        if i in (10, 11):
            body += " " + " ".join(rng.sample(topic, len(topic)))
        articles.append(article_from_text(f"n{i:03d}", f"Judul\n\n{body}"))
    rules = similar.SimilarityRules(exhaustive_below=exhaustive_below, min_similarity=0.05)
    pairs = similar.similar_pairs(articles, RULES.text, rules)
    best = max(pairs, key=lambda p: p.similarity)
    assert (best.a, best.b) == ("n010", "n011")


def test_syndicated_paragraphs_are_found_among_template_sentences_without_a_pair_flood() -> None:
    # 200 articles written from the same sentence frames with different slot words (as a newsroom's
    # stock phrases or a generated corpus are); 10 pairs of them also reprint one wire paragraph each
    rng = random.Random(11)
    people = [f"Tokoh{i}" for i in range(40)]
    places = [f"Kota{i}" for i in range(40)]
    things = [f"hal{i}" for i in range(60)]
    frames = ["Pengamat dari {p} mengatakan {t} dapat mengubah peta {u} di {q}.",
              "Menurut {p}, pertemuan di {q} membahas {t} dan {u} selama dua hari penuh tanpa hasil.",
              "Kementerian Luar Negeri {q} belum memberikan tanggapan atas laporan mengenai {t} hingga sore hari.",
              "Para pejabat di {q} menilai langkah tersebut sebagai {t} baru dalam hubungan antara {p} dan {u}."]

    def sentence() -> str:
        return rng.choice(frames).format(p=rng.choice(people), q=rng.choice(places), t=rng.choice(things),
                                         u=rng.choice(things))

    def paragraph() -> str:
        return " ".join(sentence() for _ in range(4))

    wires = [" ".join(filler(900 + w, 1) for _ in range(1)) + " " + filler(950 + w, 2) for w in range(10)]
    texts = [[paragraph() for _ in range(5)] for _ in range(200)]
    expected: set[tuple[str, str]] = set()
    used: set[int] = set()  # each article reprints at most one wire paragraph, so the pairs are distinct
    for w in range(10):
        a, b = rng.sample(range(200), 2) if w else (0, 1)
        while a in used or b in used:
            a, b = rng.sample(range(200), 2)
        used |= {a, b}
        texts[a].insert(2, wires[w])
        texts[b].insert(3, wires[w].replace(" kata", " berita kata", 1))  # lightly edited
        expected.add((f"n{min(a, b):03d}", f"n{max(a, b):03d}"))
    assert len(used) == 20
    articles = [article_from_text(f"n{i:03d}", f"Judul {i}\n\n" + "\n\n".join(t)) for i, t in enumerate(texts)]
    shared = similar.shared_passages(articles, RULES.text, RULES.passages)
    assert {(p.a, p.b) for p in shared.pairs} == expected
    assert all(p.words >= 30 for p in shared.passages)


# Eight pairs of words with the same CRC-32 (found by brute force), the hash sentences are compared by
CRC_TWINS = [("vyjksyc", "zelgrwe"), ("xhfkumw", "wzwwbun"), ("xaeqdxg", "hrpxblw"), ("jolkihy", "yrnryjv"),
             ("fzzwfqv", "ihkkqio"), ("njfoahw", "axwsvpn"), ("psqahul", "cnsxxwc"), ("ylgdssw", "ectatia")]


def test_sentences_with_the_same_word_hashes_but_other_words_are_not_one_sentence() -> None:
    assert all(zlib.crc32(a.encode()) == zlib.crc32(b.encode()) for a, b in CRC_TWINS)
    plain = [f"umum{i}" for i in range(12)]
    first = "Kalimat " + " ".join(plain + [a for a, _ in CRC_TWINS]) + "."
    second = "Kalimat " + " ".join(plain + [b for _, b in CRC_TWINS]) + "."
    same = similar.sentence_table(article_from_text("a", f"A\n\n{first}"), RULES.text)
    assert same.words == similar.sentence_table(article_from_text("b", f"B\n\n{second}"), RULES.text).words
    articles = [article_from_text("a", f"A\n\n{first}\n\n{filler(1)}"),
                article_from_text("b", f"B\n\n{second}\n\n{filler(2)}"),
                article_from_text("c", f"C\n\n{first}\n\n{filler(3)}")]
    shared = similar.shared_passages(articles, RULES.text, RULES.passages)
    assert [(p.a, p.b) for p in shared.pairs] == [("a", "c")]  # the twin-word copy is another sentence


def test_a_sentence_table_holds_each_sentence_and_the_crc32_of_its_words() -> None:
    article = article_from_text("a", "A\n\nSatu dua tiga. Empat lima!\n\nEnam, tujuh-delapan.")
    table = similar.sentence_table(article, RULES.text)
    bounds = np.frombuffer(table.bounds, dtype=np.int32).reshape(-1, 3).tolist()
    assert [article.blocks[b].text[s:e] for b, s, e in bounds] == ["Satu dua tiga.", "Empat lima!",
                                                                   "Enam, tujuh-delapan."]
    assert np.frombuffer(table.word_ends, dtype=np.int32).tolist() == [3, 5, 7]
    words = ["satu", "dua", "tiga", "empat", "lima", "enam", "tujuh-delapan"]
    assert np.frombuffer(table.words, dtype=np.uint32).tolist() == [zlib.crc32(w.encode()) for w in words]


@pytest.mark.parametrize("body", [
    "Satu dua tiga. Empat lima!\n\nEnam, tujuh-delapan.",
    "Die ﬁnanzielle Lage\u00a0ist ernst. Ｅｉｎ Ｔｅｓｔ… ja.\u2003Dr. Müller sagt: „Gut“.\n\nE\u0301cole et café.",
    "ΟΔΟΣ ΚΑΙ ΤΑΞΙΣ. Το 2024 ½ έτος.\n\nİstanbul’da 3 gün. Hakan'ın evi\u3000büyük.",
    "   \n\nSeul.\u2028Deux mots.  Trois-quatre cinq ",
    "Reuters said. 台风“格美”25日在福建登陆。\n\nพายุไต้ฝุ่นแกมี ขึ้นฝั่ง. Ｔａｉｗａｎ 台湾。",
])
def test_sentences_and_content_read_once_equal_the_table_and_content_words(body: str) -> None:
    article = article_from_text("a", f"Ὀδυσσεύς ΣΟΦΟΣ ﬁn\n\n{body}")
    spans = [similar.sentence_spans(b.text, RULES.text.abbreviations) for b in article.blocks]
    table, content = similar.sentences_and_content(article, RULES.text, spans)
    assert table == similar.sentence_table(article, RULES.text)
    assert content == similar.content_words(article, RULES.text)
    bounds = np.frombuffer(table.bounds, dtype=np.int32).reshape(-1, 3).tolist()
    spelled = [w for b, s, e in bounds for w in similar.passage_words(article.blocks[b].text[s:e])]
    assert np.frombuffer(table.words, dtype=np.uint32).tolist() == [zlib.crc32(w.encode()) for w in spelled]
    assert np.frombuffer(table.word_ends, dtype=np.int32).tolist()[-1:] == ([len(spelled)] if bounds else [])


def test_passages_from_known_sentence_tables_are_those_found_from_the_text() -> None:
    articles = edited_wire_articles()
    tables = {a.id: similar.sentence_table(a, RULES.text) for a in articles}
    assert (similar.shared_passages(articles, RULES.text, RULES.passages, tables)
            == similar.shared_passages(articles, RULES.text, RULES.passages))


def test_among_many_sentences_only_the_two_that_share_a_run_of_words_are_a_candidate() -> None:
    keys = [tuple(similar.words(filler(i, 1))) for i in range(2000)]
    keys.append(keys[17][:7] + ("berbeda",) + keys[17][8:])
    assert candidates(keys) == {(17, 2000)}


def test_keyword_candidates_count_common_keywords_in_the_jaccard_estimate() -> None:
    # twelve articles share five keywords that more than max_bucket articles have, and two rare ones each
    common = [f"umum{i}" for i in range(5)]
    keywords = [common + [f"langka{i}", f"jarang{i}"] for i in range(12)]
    rules = similar.SimilarityRules(max_bucket=3, min_estimate=0.5, per_article=12)
    pairs = similar.keyword_candidates(keywords, rules)
    assert pairs  # linked through the common keywords only: Jaccard 5 / 9
    for x, y in pairs:
        a, b = set(keywords[x]), set(keywords[y])
        assert len(a & b) / len(a | b) >= rules.min_estimate
    strict = similar.SimilarityRules(max_bucket=3, min_estimate=0.56, per_article=12)
    assert similar.keyword_candidates(keywords, strict) == []


def test_sentences_whose_fingerprints_collide_are_still_compared_word_by_word(monkeypatch: pytest.MonkeyPatch) -> None:
    wire = " ".join(filler(900 + i, 1) for i in range(3))
    articles = [*edited_wire_articles(), article_from_text("w1", f"W\n\n{wire}\n\n{filler(905)}"),
                article_from_text("w2", f"W\n\n{filler(906)}\n\n{wire}"), article_from_text("w3", f"W\n\n{wire}")]
    found = similar.shared_passages(articles, RULES.text, RULES.passages)
    assert len(found.passages) >= 2  # the wire copies and the edited wire paragraph
    monkeypatch.setattr(similar, "_fingerprints",
                        lambda corpus, chosen: np.zeros(len(chosen), dtype=np.uint64))  # every sentence one number
    assert similar.shared_passages(articles, RULES.text, RULES.passages) == found


def test_rare_shingles_sorted_a_block_of_hashes_at_a_time_are_those_sorted_at_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    pool = [rng.getrandbits(32) for _ in range(600)] + [0, 2**31, 2**32 - 1]  # each in some 2 to 12 units
    hashes = np.array([rng.choice(pool) if rng.random() < 0.7 else rng.getrandbits(32) for _ in range(5000)],
                      dtype=np.uint32)
    counts = [rng.randint(0, 9) for _ in range(1000)]
    counts.append(5000 - sum(counts))
    whole = similar._rare_postings(hashes, counts, 12)
    monkeypatch.setattr(similar, "_CHUNK", 300)  # 32 blocks
    blocks = similar._rare_postings(hashes, counts, 12)
    assert len(whole[0]) > 100
    assert [a.tolist() for a in blocks] == [a.tolist() for a in whole]


@pytest.mark.parametrize("text", [
    "気象庁によりますと、最高気温は37度です。熱中症に警戒してください。「週末も暑い」と話しました。",
    "国铁集团介绍，投资超过3000亿元。一批项目加快推进！旅客满意吗？",
    "मानसून ने दस्तक दी है। अगले सप्ताह तक पहुंचेगा। किसानों के लिए अहम है।",
    "طالبت مصر بالتوصل إلى اتفاق. وقال الوزير إن بلاده لن تقبل؟ ويعد السد أكبر مشروع.",
])
def test_sentences_of_other_scripts(text: str) -> None:
    """Full-width stops end a sentence with no space after them; the danda and the Arabic question mark too."""
    assert len(similar.sentence_spans(text, frozenset())) == 3


XINHUA = ("新华社福州7月25日电 今年第3号台风“格美”25日19时50分前后在福建省莆田市秀屿区沿海登陆，登陆时中心附近最大风力"
          "有13级。受其影响，福建东部沿海出现大风和强降雨，当地已转移群众15万余人。")
KYODO = ("大型で強い台風3号は25日、台湾を横断し、台湾海峡に抜けた。"
         "台湾当局によると、24日に上陸した台風の影響で、これまでに3人が死亡した。")


def test_a_wire_copy_in_chinese_or_japanese_is_a_shared_passage() -> None:
    # a run of Chinese or Japanese letters is one or two "words" to the word splitter; the passage finder
    # reads it as its pairs of letters, so two outlets carrying one Xinhua (Kyodo) text share a passage
    articles = [article_from_text("zh1", f"新华社\n\n{XINHUA}\n\n{filler(1)}", language="zh"),
                article_from_text("zh2", f"人民网\n\n{filler(2)}\n\n{XINHUA}", language="zh"),
                article_from_text("ja1", f"共同\n\n{KYODO}\n\n{filler(3)}", language="ja"),
                article_from_text("ja2", f"東京新聞\n\n{filler(4)}\n\n{KYODO}", language="ja")]
    shared = similar.shared_passages(articles, RULES.text, RULES.passages)
    assert sorted(p.articles for p in shared.passages) == [("ja1", "ja2"), ("zh1", "zh2")]
    assert similar.passage_words("台风格美25日") == ["台风", "风格", "格美", "25", "日"]


def test_two_chinese_reports_of_one_typhoon_in_other_words_share_no_passage() -> None:
    # the same day, place and happening, told by two outlets in their own words: many letters in common,
    # few pairs of letters in a row
    other = ("中新网福州7月25日电 台风“格美”于25日晚间19时50分左右登陆福建莆田秀屿沿海，登陆时最大风力13级。"
             "福建全省已紧急转移安置群众逾15万人，东部沿海风雨交加。")
    articles = [article_from_text("zh1", f"新华社\n\n{XINHUA}\n\n{filler(1)}", language="zh"),
                article_from_text("zh2", f"中新网\n\n{other}\n\n{filler(2)}", language="zh")]
    assert similar.shared_passages(articles, RULES.text, RULES.passages).passages == ()


@pytest.mark.parametrize(("text", "sentences"), [
    # a day's number with its full stop before a month's name ends no sentence (German, Danish, Polish ...)
    ("Man schaue nach Rotterdam, wo die Hafenarbeiter seit dem 8. September streiken. Der Streik geht weiter.",
     ["Man schaue nach Rotterdam, wo die Hafenarbeiter seit dem 8. September streiken.",
      "Der Streik geht weiter."]),
    ("Strejken begyndte den 8. september i Rotterdam. Havnen er lukket.",
     ["Strejken begyndte den 8. september i Rotterdam.", "Havnen er lukket."]),
    # AP's abbreviated month before a day, and a day that does end the sentence
    ("The strike, which began Sept. 8, has spread. It ended on Oct. 18. Cranes moved again.",
     ["The strike, which began Sept. 8, has spread.", "It ended on Oct. 18.", "Cranes moved again."]),
])
def test_a_day_with_its_full_stop_and_an_abbreviated_month_end_no_sentence(text: str, sentences: list[str]) -> None:
    spans = similar.sentence_spans(text, RULES.text.abbreviations, RULES.text.months)
    assert [text[a:b] for a, b in spans] == sentences


def _similar_corpus(extra: dict[int, str]) -> list[Article]:
    """130 articles of shared topic words (so that keywords pick among them), some with ``extra`` words."""
    topic = [f"topik{a}{b}" for a in "abcdefghij" for b in "abcdefghijklmnopqrstuvwxyzab"][:400]
    out = []
    for i in range(130):
        rng = random.Random(500 + i)
        words = " ".join(rng.sample(topic, 60))
        body = f"{words.capitalize()}. {filler(700 + i, 2)} {extra.get(i, '')}"
        out.append(article_from_text(f"s{i:03d}", f"Judul\n\n{body}"))
    return out


@pytest.mark.parametrize(("was", "edit"), [
    ({}, {7: "Pembaruan dilengkapi putaran."}),  # words no other article has: only article 7's pairs score again
    ({}, {7: "Topikac topikbq topikjz topikia kerusuhan."}),  # words others have: their IDF moves too
    ({7: "Pembaruan topikac.", 8: "Kerusuhan."}, {8: "Kerusuhan."}),  # words taken out, one no other article has
])
def test_similar_pairs_kept_from_the_last_build_are_those_a_fresh_search_finds(was: dict[int, str],
                                                                                 edit: dict[int, str]) -> None:
    rules = similar.SimilarityRules(exhaustive_below=0, min_similarity=0.05, keywords=12)
    before = _similar_corpus(was)
    first, state = similar.scored_pairs(before, RULES.text, rules)
    assert first == similar.similar_pairs(before, RULES.text, rules) and len(first) > 100
    again, same = similar.scored_pairs(before, RULES.text, rules, before=state)
    assert again == first and same is state  # nothing changed: the state is the last build's
    after = _similar_corpus(edit)
    fresh, fresh_state = similar.scored_pairs(after, RULES.text, rules)
    kept, kept_state = similar.scored_pairs(after, RULES.text, rules, before=state)
    assert kept == fresh and kept != first
    assert kept_state.candidates == fresh_state.candidates
    assert np.array_equal(kept_state.score, fresh_state.score, equal_nan=True)  # to the last bit


def test_the_candidates_let_the_words_and_their_shingles_go_as_soon_as_they_have_served(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """At 10,000 articles the sentences' words, their shingles' hashes and the postings were each 28 MB or
    more, all held at the story pass's peak: the words are let go once hashed, the hashes once posted."""
    units = [[7, 8, 9, 10, 11], [7, 8, 9, 10, 11], [1, 2, 3]]
    alive: dict[str, list[bool]] = {"words": [], "hashes": []}
    refs: dict[str, weakref.ref[Any]] = {}
    shingles, postings, linked = similar._shingles, similar._rare_postings, similar._linked

    def hashed(flat: Any, lengths: Any, k: int) -> Any:
        refs["words"] = weakref.ref(flat)
        found = shingles(flat, lengths, k)
        refs["hashes"] = weakref.ref(found[0])
        return found

    def posted(hashes: Any, counts: Any, most: int) -> Any:
        alive["words"].append(refs["words"]() is not None)
        return postings(hashes, counts, most)

    def link(*args: Any) -> Any:
        alive["hashes"].append(refs["hashes"]() is not None)
        return linked(*args)

    monkeypatch.setattr(similar, "_shingles", hashed)
    monkeypatch.setattr(similar, "_rare_postings", posted)
    monkeypatch.setattr(similar, "_linked", link)
    rules = dataclasses.replace(RULES.passages, shingle=2, min_run=3)
    found = similar._candidates(laid_end_to_end(units), [len(u) for u in units], rules)  # (an assert would hold them)
    assert found == [(0, 1)] and alive == {"words": [False], "hashes": [False]}
