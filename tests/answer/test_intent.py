"""What a message is about: rules for the clear cases, the learned model for the rest."""

import pytest

from bot.understand.intent import CASH_OUT, IMPERSONATION, TOPIC_WORDS
from bot.understand.intent_model import NOT_COVERED, labelled_examples

LABELS = set(TOPIC_WORDS) | {"greeting", "handoff", "out_of_scope", NOT_COVERED}


@pytest.mark.parametrize("message, label", [
    ("给俺转个真人", "handoff"),
    ("说的啥啊看不懂 找个真人跟我讲", "handoff"),
    ("转人工 我电话[手机号] 让真人回个电", "handoff"),
    ("12393打过去怎么转人工", "hotline"),
    ("hi 在不", "greeting"),
    ("谢啦", "greeting"),
    ("gjj能提出来付房租吗", "out_of_scope"),
    ("支付宝上买的那个百万医疗险 住院了理赔要啥材料", "out_of_scope"),
    ("有人说能七五折收我医保卡余额 直接转微信 靠谱吗", "fraud"),
    ("哥们没交医保 牙疼的不行 借他卡用一回应该没事吧", "fraud"),
    ("用俺爹的卡给俺自己开点降压药", "fraud"),
    ("我爸能用我的医保卡吗", "family_sharing"),
    ("医保的钱能不能取", "withdrawal"),
    ("社保卡还有多少钱", "balance_query"),
    ("失业金的事该打哪个电话", "hotline"),  # which line: 12333, said by the hotline article
    ("想举报村里诊所拿别人的卡刷药 打哪个", "hotline"),  # where to report: 12393 takes reports
    ("冒用别人医保卡被举报了会怎样", "fraud"),  # a report named, but no number asked
])
def test_colloquial_messages_get_their_intent(answerer, message, label):
    assert answerer.classify(message).label == label


@pytest.mark.parametrize("message", [
    "济南的 俺小子在烟台上班 他那边交的职工医保 俺俩能互相用卡上的钱不",
    "成都上班的 我妹学校那个居民医保能用我的yb交不",
    "能不能给我外婆交居民医保",
    "天水上班 想给我姐用卡上的钱 系统说核验不了关系 咋整",
])
def test_paying_for_family_is_family_sharing_and_gets_an_answer(answerer, message):
    intent = answerer.classify(message)
    assert intent.label == "family_sharing" and intent.certain
    assert answerer.answer(message).status == "answered"


def test_fraud_patterns_leave_ordinary_family_questions_alone():
    for message in ("我爸能用我的医保卡吗", "共济的钱能给我爸买药吗", "医保卡余额怎么查"):
        assert not IMPERSONATION.search(message) and not CASH_OUT.search(message)


def test_labelled_examples_are_well_formed():
    examples = labelled_examples()
    assert len(examples) >= 200
    assert {label for _, label in examples} <= LABELS
    assert all(message and "\t" not in message for message, _ in examples)


@pytest.mark.parametrize("message", [
    "医宝卡里的钱是不是让人给扣了 今年一个月才到账六十多块 俺还在上班呢",
    "刚工作半年 yb个人账户里的钱是哪来的 单位交的也进去吗",
])
def test_what_goes_into_the_account_each_month_is_about_the_account(answerer, message):
    answer = answerer.answer(message)
    assert answer.status == "answered" and answer.intent == "account_basics"
    assert any(c.article_id == "wd-national-why-less-money" for c in answer.citations)


@pytest.mark.parametrize("message", ["我给我妈截了个医保码的图 她拿去药店能用不", "截个图发给我爸用行吗"])
def test_a_screenshot_of_the_code_is_answered_as_such(answerer, message):
    answer = answerer.answer(message)
    assert answer.intent == "e_voucher" and "截图无效" in answer.lines[0].text


@pytest.mark.parametrize("question, intent", [
    ("俺儿在县城单位上班交的职工医保 他卡里的钱能给俺买药不", "family_sharing"),  # the relative's account, for the asker
    ("天水交的职工医保 我哥在陇南种地交的农合 能用我卡上的钱不", "family_sharing"),
    ("她明年那份医保费能从我账户里扣吗", "family_sharing"),
    ("那我先拿我的个账给我弟把居民医保交上行不", "family_sharing"),
    ("俺娘说别取了 拿着俺爹的卡接着给俺娘开药 中不", "fraud"),
    ("老人是曲靖参保的 现在住昆明女儿家 想打回曲靖医保局问 怎么拨", "hotline"),
    ("老爸让我帮他在微信里弄个看病用的码 从哪点进去", "e_voucher"),
    ("在南昌干了五年 上海那边已经入职了 南昌这边医保要办啥手续", "transfer"),
    ("那退了休以后卡里每月还进钱不", "account_basics"),
    ("我在深圳交的二档 app上个人账户一直显示0 是不是公司没给我交", "account_basics"),  # 二档 has no personal account
    ("药房里能插卡自己看吗 俺娘有社保卡", "balance_query"),  # a terminal, not family sharing
    ("俺在菏泽 七十一了 手机不会摆弄 想把卡里的钱给俺老伴拿药 上哪办去", "family_sharing"),  # one's money, a spouse's medicine
    ("接到电话：一位大爷用他哥的医保卡住院被医院查出来了，想问会怎么处理", "fraud"),  # a brother's card, for oneself
    ("收到短信说医保卡要停用 让我点链接", "hotline"),  # 收到 is no buyer of balances
])
def test_everyday_wordings_name_their_topic(answerer, question, intent):
    answer = answerer.answer(question)
    assert answer.intent == intent and answer.status == "answered", (answer.intent, answer.status)


def test_a_newborns_enrolment_is_not_covered_but_paying_its_premium_from_the_account_is(answerer):
    assert answerer.answer("娃下个月出生 新生儿咋上医保").status == "unanswerable"
    assert answerer.answer("孩子刚出生 能用我的个账给他交居民医保吗").status == "answered"


def test_a_poem_for_a_spouses_birthday_is_no_question_about_sharing_the_account(answerer):
    assert answerer.answer("帮俺写首诗 祝老伴七十大寿的").intent == "out_of_scope"
