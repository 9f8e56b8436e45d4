"""Hybrid retrieval steered by the asker's place."""

import pytest

from bot.retrieve.hybrid import HybridRetriever


@pytest.fixture(scope="module")
def retriever(index):
    return HybridRetriever(index)


def test_the_city_lifts_its_own_article_above_national_ones(retriever):
    hits = retriever.run("医保卡里的钱可以给家人用吗", city="济南", province="山东", topics=("family_sharing",), top_k=8)
    assert hits[0].passage.city == "济南"
    assert any(h.passage.region is None for h in hits)  # the national rule is still there


def test_a_city_without_articles_still_gets_national_passages(retriever):
    hits = retriever.run("医保个人账户的钱能取出来吗", city="乌鲁木齐", province="新疆", topics=("withdrawal",))
    assert hits and all(h.passage.region is None for h in hits)


def test_other_cities_never_answer(retriever):
    hits = retriever.run("医保个人账户余额怎么提取", city="济南", province="山东", top_k=20)
    assert all(h.passage.region in (None, "济南", "山东") for h in hits)


def test_province_article_serves_its_cities(retriever):
    hits = retriever.run("医保个人账户余额能一次性支取吗", city="南京", province="江苏", topics=("withdrawal",))
    assert hits[0].passage.province == "江苏"


def test_colloquial_question_finds_the_withdrawal_rule_in_every_mode(retriever):
    for mode in ("hybrid", "bm25", "dense"):
        hits = retriever.run("医保的钱能取吗", top_k=5, mode=mode)
        assert any("withdrawal" in h.passage.topics for h in hits), mode


def test_dense_alone_bridges_words_the_question_does_not_share(retriever):
    hits = retriever.run("医保卡里的钱能给我妈用吗", top_k=3, mode="dense")
    assert any("family_sharing" in h.passage.topics for h in hits)


def test_nonsense_finds_nothing_lexical(retriever):
    assert retriever.run("zzzz qqqq", top_k=3, mode="bm25") == []


@pytest.mark.parametrize("question", ["从厦门调到福州 转一下要多久", "来电人说他已经在合肥交上医保了 原来在南昌 问南昌那边转出要几天"])
def test_how_long_ranks_the_section_with_the_time_limits_first(answerer, question):
    hits = answerer.answer(question).hits
    assert hits[0].passage.id == "tr-national-time-and-balance#1"
