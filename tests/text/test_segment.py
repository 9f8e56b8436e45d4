"""How people ask meets how articles say it."""

from bot.text.segment import tokens


def test_colloquial_withdrawal_words_become_the_article_word():
    for phrase in ("医保的钱能取出来吗", "医保卡能提现吗", "个人账户的钱怎么取钱"):
        assert "提取" in tokens(phrase), phrase


def test_family_words_and_sharing():
    assert "家庭共济" in tokens("医保卡里的钱可以给家人用吗")
    assert "父母" in tokens("我爸能用我的医保卡吗")


def test_transfer_and_balance_phrases():
    assert "转移" in tokens("换了城市，医保能转走吗")
    assert "余额" in tokens("医保还剩多少钱")


def test_domain_terms_stay_whole():
    words = tokens("职工医保个人账户家庭共济和转移接续")
    assert "家庭共济" in words and "转移接续" in words


def test_stop_words_and_punctuation_are_dropped():
    assert tokens("的了吗？！，。") == []
