"""A malformed article stops the build with a message that names the file and the field."""

import pytest

from bot.corpus.article import CorpusError, parse_article
from bot.corpus.loader import load_corpus

GOOD = """---
id: test-article
title: 测试文章：医保个人账户
city: 济南
province: 山东
topics: [family_sharing]
published: 2025-01-02
source: 测试来源
url: null
questions:
  - 医保卡的钱能给家人用吗
---
## 一句话回答
测试句子一。测试句子二。
"""


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_article_parses(tmp_path):
    article = parse_article(write(tmp_path, "a.md", GOOD))
    assert article.city == "济南" and article.province_name == "山东"


@pytest.mark.parametrize(
    "change, field",
    [
        (("published: 2025-01-02\n", "published: 2025-13-40\n"), "published"),
        (("topics: [family_sharing]", "topics: [pension]"), "topics"),
        (("source: 测试来源\n", ""), "source"),
        (("url: null", "url: javascript:alert(1)"), "url"),
        (("url: null", "url: ' JaVaScRiPt:alert(1)'"), "url"),
        (("url: null", "url: data:text/html,hi"), "url"),
        (("url: null", "url: //evil.example/x"), "url"),
        (("city: 济南", "city: 不存在市"), "city"),
        (("province: 山东", "province: 江苏"), "province"),
        (("questions:\n  - 医保卡的钱能给家人用吗\n", "questions: []\n"), "questions"),
        (("questions:\n  - 医保卡的钱能给家人用吗\n", "questions:\n  - 医保卡的钱能给家人用吗\nphrasings:\n  - ' '\n"),
         "phrasings"),
    ],
)
def test_faulty_field_is_named(tmp_path, change, field):
    path = write(tmp_path, "bad.md", GOOD.replace(*change))
    with pytest.raises(CorpusError) as err:
        parse_article(path)
    assert "bad.md" in str(err.value) and field in str(err.value)


def test_phrasings_are_optional_and_kept_apart_from_questions(tmp_path):
    assert parse_article(write(tmp_path, "a.md", GOOD)).phrasings == []
    text = GOOD.replace("questions:\n  - 医保卡的钱能给家人用吗\n",
                        "questions:\n  - 医保卡的钱能给家人用吗\nphrasings:\n  - 俺娘能刷俺的卡不\n")
    article = parse_article(write(tmp_path, "b.md", text))
    assert article.phrasings == ["俺娘能刷俺的卡不"] and "俺娘能刷俺的卡不" not in article.questions


def test_missing_front_matter(tmp_path):
    with pytest.raises(CorpusError, match="front matter"):
        parse_article(write(tmp_path, "x.md", "只有正文。"))


def test_duplicate_id_names_both_files(tmp_path):
    write(tmp_path, "a.md", GOOD)
    write(tmp_path, "b.md", GOOD)
    with pytest.raises(CorpusError) as err:
        load_corpus(tmp_path)
    assert "b.md" in str(err.value) and "a.md" in str(err.value) and "'id'" in str(err.value)
