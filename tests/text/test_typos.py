"""Keyboard slips read as meant: a wrong character of the right sound, and whole messages typed in
pinyin. Read against the real corpus's words; what is right as typed stays as typed."""

import pytest

from bot.text.typos import TypoFixer


@pytest.fixture(scope="module")
def fixer(index):
    return TypoFixer.from_texts([p.text for p in index.passages] + [q for p in index.passages for q in p.questions])


@pytest.mark.parametrize("typed, meant", [
    ("苏州的 yb余颚用哪个app看最方便", "余额"),
    ("医保个账余额取线 哪些情况可以", "取现"),
    ("之前绑给我妈的家庭共挤还管用不", "家庭共济"),
    ("换城市转医保的时候 能顺手把个账余额题现吗", "提现"),
    ("国内yb卡里的钱能体取吗", "提取"),
    ("把我爸加成家庭成圆了", "家庭成员"),
])
def test_a_character_of_the_same_sound_is_read_as_the_articles_word(fixer, typed, meant):
    assert meant in fixer.fix(typed)


@pytest.mark.parametrize("typed", [
    "江苏医保卡的钱能给娃交居民医保吗",  # 医保 and 吗, not 医保码
    "给家里人花医保的钱 哪种是正规的",  # a question word is never a slip
    "他医保里那点钱咋弄",  # 那点钱 is no slip for 垫钱
    "共济的钱能去健身房刷吗",  # 能去 is meant, not 能取
    "还有人说得了大病就能把医保里的钱提出来",  # 钱 stays though 前提 is a word
    "他还问 他妹妹没参加任何医保",
    "hello how are you",
    "我的app打不开",
])
def test_what_is_right_as_typed_stays(fixer, typed):
    assert fixer.fix(typed) == typed


@pytest.mark.parametrize("typed, meant", [
    ("yibao li de qian neng zhuan dao weixin lingqian ma", "医保里的钱能转到微信零钱吗"),
    ("wo de yibao ka hai sheng duoshao qian zai na kan", "我的医保卡还剩多少钱在哪看"),
    ("zhuanchudi nabian duojiu", "转出地那边多久"),
    ("canbaodi 是啥", "参保地 是啥"),  # the characters typed stay where they are
])
def test_a_message_typed_in_pinyin_is_read_in_characters(fixer, typed, meant):
    assert fixer.fix(typed) == meant
