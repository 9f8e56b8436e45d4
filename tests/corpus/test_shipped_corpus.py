"""The corpus that ships: every core topic answered nationally, every article sourced and dated."""

from collections import Counter

from bot.corpus.article import CORE_TOPICS
from bot.corpus.loader import load_corpus
from bot.corpus.passages import split_passages
from tests.conftest import CORPUS


def test_each_core_topic_has_at_least_two_national_articles():
    articles = load_corpus(CORPUS)
    national = Counter(t for a in articles if a.region is None for t in a.topics)
    for topic in CORE_TOPICS:
        assert national[topic] >= 2, topic


EDITORS_WORDS = ("内容农场", "转录", "GitHub", "待核实", "整理日", "按当月", "未核实", "第三方", "两源一致", "旧口径", "单一来源")


def test_every_article_has_a_public_citation_a_date_or_none_and_questions():
    for article in load_corpus(CORPUS):
        assert article.source and (article.published is None or article.published.year >= 2019), article.id
        assert not any(word in article.source for word in EDITORS_WORDS), (article.id, article.source)
        assert len(article.questions) >= 5, article.id


def test_every_passage_knows_its_article_and_heading():
    for article in load_corpus(CORPUS):
        passages = split_passages(article)
        assert passages and passages[0].heading == "一句话回答"
        assert all(p.article_id == article.id and p.heading for p in passages)


def test_at_least_thirty_articles_and_the_related_topics_are_covered():
    articles = load_corpus(CORPUS)
    assert len(articles) >= 30
    national = Counter(t for a in articles if a.region is None for t in a.topics)
    for topic in ("fraud", "e_voucher", "insured_place", "hotline", "account_basics"):
        assert national[topic] >= 1, topic


def test_local_articles_name_their_local_caveat():
    for article in load_corpus(CORPUS):
        if article.region is not None:
            assert "为准" in article.body, article.id
