"""Importing articles in the content-site layout operators collect."""


import pytest

from bot.corpus.importer import ImportRefused, import_files, parse_plain_article
from bot.corpus.loader import load_corpus
from tests.conftest import FIXTURES, SEEDS


def test_fixture_keeps_title_date_site_city_and_sections(tmp_path):
    done, refused = import_files([FIXTURES / "plain_jinan_balance.txt"], tmp_path)
    assert refused == []
    article = done[0].article
    assert article.title == "济南医保余额在哪里查?"
    assert str(article.published) == "2025-10-02"
    assert article.source.startswith("民生资讯网")
    assert (article.city, article.province) == ("济南", "山东")
    assert "balance_query" in article.topics
    assert "## 网上怎么查?" in article.body and "## 线下怎么查" in article.body
    # the disclaimer and the related-links footer are gone
    assert "仅供参考" not in article.body and "青岛医保怎么转移" not in article.body
    # what was written is a valid corpus file
    assert [a.id for a in load_corpus(tmp_path)] == [article.id]


def test_file_without_date_line_is_refused_with_reason(tmp_path):
    done, refused = import_files([FIXTURES / "plain_no_date.txt"], tmp_path)
    assert done == [] and "date" in refused[0] and "plain_no_date.txt" in refused[0]
    assert list(tmp_path.iterdir()) == []


def test_article_with_no_insurance_topic_is_refused():
    with pytest.raises(ImportRefused, match="topic"):
        parse_plain_article((FIXTURES / "plain_off_topic.txt").read_text(encoding="utf-8"))


def test_missing_file_is_refused(tmp_path):
    _, refused = import_files([tmp_path / "nope.txt"], tmp_path)
    assert "cannot be read" in refused[0]


def test_importing_twice_writes_the_same_file(tmp_path):
    import_files([FIXTURES / "plain_jinan_balance.txt"], tmp_path)
    first = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    import_files([FIXTURES / "plain_jinan_balance.txt"], tmp_path)
    assert {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == first


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")
def test_the_real_seed_articles_import(tmp_path):
    done, refused = import_files(sorted(SEEDS.glob("*.txt")), tmp_path)
    assert refused == []
    cities = {a.article.city for a in done}
    assert cities == {"济南", "菏泽"}
    for item in done:
        assert "社保网" in item.article.source
        assert "投诉" not in item.article.body and "医保知识" not in item.article.body
        assert "family_sharing" in item.article.topics


def test_a_disclaimer_above_the_article_is_left_out_and_the_article_kept():
    text = "\n\n".join([
        "芜湖医保个人账户余额怎么查？(2026年3月1日)",
        "2026-03-01 09:30:00某某资讯网",
        "本文内容仅供参考，转载请注明出处。",
        "网上怎么查",
        "在国家医保服务平台APP登录后，可以查看医保个人账户余额。",
        "相关阅读：芜湖医保怎么转移 芜湖医保卡丢了怎么办",
    ]) + "\n"
    article = parse_plain_article(text, "top_disclaimer.txt")
    assert "国家医保服务平台APP" in article.body and "仅供参考" not in article.body
