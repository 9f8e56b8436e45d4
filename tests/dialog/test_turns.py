"""A conversation the way a hotline agent holds it."""

import pytest

from bot.dialog.manager import Dialog
from bot.dialog.state import SessionState


@pytest.fixture
def talk(answerer):
    dialog = Dialog(answerer)
    state = SessionState("t")

    def say(message, city=None):
        return dialog.handle(state, message, city), state

    return say


def test_city_given_later_answers_the_waiting_question(talk):
    first, _ = talk("医保的钱能取吗")
    assert first.needs_city and first.intent == "withdrawal" and first.suggestions[0].startswith("我在")
    second, state = talk("我在菏泽")
    assert second.intent == "withdrawal" and second.city == "菏泽" and not second.needs_city
    assert any(c.region == "菏泽" for c in second.citations)
    assert state.pending_question is None


def test_same_topic_new_city(talk):
    talk("济南医保卡里的钱可以给家人用吗")
    answer, state = talk("那青岛呢")
    assert answer.intent == "family_sharing" and state.city == "青岛"
    assert any(c.region == "青岛" for c in answer.citations) or "青岛" in answer.text


def test_same_city_new_topic(talk):
    talk("菏泽医保卡里的钱能给我妈用吗")
    answer, state = talk("那余额怎么查?")
    assert answer.intent == "balance_query" and state.city == "菏泽"
    assert "菏泽" in answer.text


def test_follow_up_keeps_city_and_topic(talk):
    talk("济南医保卡余额怎么查")
    answer, state = talk("需要去哪里办")
    assert answer.intent == "balance_query" and state.city == "济南" and answer.citations


def test_leaving_city_is_the_one_remembered(talk):
    answer, state = talk("从济南调到深圳，医保个人账户余额能转过去吗")
    assert answer.intent == "transfer" and state.city == "济南"


def test_resident_insurance_is_told_it_has_no_personal_account(talk):
    talk("我是城乡居民医保")
    answer, state = talk("能给家人用吗")
    assert state.insurance == "resident" and answer.intent == "family_sharing"
    assert any(c.article_id == "ab-resident-no-account" for c in answer.citations)
    assert "居民医保" in answer.text


def test_handover_gives_the_hotline(talk):
    answer, _ = talk("转人工")
    assert answer.intent == "handoff" and "12393" in answer.text and answer.citations == []


def test_out_of_scope_keeps_the_conversation(talk):
    talk("济南医保卡余额怎么查")
    answer, state = talk("今天天气怎么样")
    assert answer.intent == "out_of_scope" and state.city == "济南" and state.topic == "balance_query"


def test_personal_numbers_never_reach_the_state(talk):
    _, state = talk("我身份证370102199001011234，医保能给家人用吗")
    assert "370102199001011234" not in str(state.to_dict())


def test_a_question_without_topic_words_stays_on_the_conversations_topic(talk):
    talk("从石家庄换到天津上班了 医保咋转过去")
    answer, state = talk("原来卡里还有三千多 会清零吗")
    assert answer.intent == "transfer" and answer.citations and state.topic == "transfer"


@pytest.mark.parametrize("aside", ["哈哈哈哈哈", "那养老金呢", "asdfjkl"])
def test_chatter_and_other_subjects_mid_conversation_are_not_follow_ups(talk, aside):
    talk("济南医保卡余额怎么查")
    answer, state = talk(aside)
    assert answer.intent == "out_of_scope" and answer.citations == [] and state.topic == "balance_query"


def test_a_follow_up_that_asks_no_facet_of_its_own_asks_the_earlier_one(talk):
    talk("刚工作半年 医保个人账户每个月进多少钱")
    answer, _ = talk("退休的呢")
    assert answer.facet == "amount" and "定额" in answer.lines[0].text


def test_is_there_a_fee_in_dialect_asks_the_cost(talk):
    talk("从郑州调到杭州工作 医保转移要多久")
    answer, _ = talk("要钱不")
    assert answer.facet == "cost" and "不收" in answer.lines[0].text


def test_a_family_member_in_another_province_said_later_gets_the_wallet(talk):
    talk("个账的钱能给家里人用不")
    talk("我在成都")
    answer, state = talk("她在重庆参保")
    assert state.city == "成都"
    assert "医保钱包" in answer.lines[0].text


def test_the_account_asked_about_is_the_mothers_so_her_city_applies(talk):
    answer, state = talk("俺娘在菏泽交的医保 前阵子人走了 她卡里的钱能取出来不")
    assert state.city == "菏泽" and answer.intent == "withdrawal"
    assert "继承" in answer.lines[0].text  # a bereaved family hears what to do first, not 「不能取现」


def test_where_one_goes_is_not_where_one_is_insured(talk):
    answer, state = talk("我退休了 跟儿子去广州住 医保要转到广州吗")
    assert state.city is None and state.to_city == "广州"
    assert "不再转移" in answer.lines[0].text
    assert all(c.region is None for c in answer.citations)  # not 广东's withdrawal rules
    _, state = talk("我是哈尔滨的")
    assert state.city == "哈尔滨" and state.to_city == "广州"
    _, state = talk("那在广州看病咋结算")
    assert state.city == "哈尔滨"  # 广州 is still where he goes


def test_what_happens_to_whoever_lends_a_card(talk):
    answer, _ = talk("同事想借我医保卡去看牙 借给他我会有啥事不")
    assert answer.facet == "consequence"
    assert any(word in answer.lines[0].text for word in ("罚款", "诈骗罪", "退回损失", "暂停"))


def test_the_balance_on_a_move_is_a_transfer_question(talk):
    answer, state = talk("济南调青岛了 yb个账余额咋处理")
    assert answer.intent == "transfer" and state.city == "济南" and state.to_city == "青岛"
    assert "随医保关系" in answer.lines[0].text


def test_a_follow_up_is_answered_from_its_own_words_not_the_earlier_question(talk):
    first, _ = talk("俺家老头从来没办过实体卡 手机上那个看病的码能弄不")
    answer, _ = talk("在微信哪找")
    assert "医疗健康" in answer.lines[0].text
    assert answer.lines[0].text != first.lines[0].text


def test_a_short_question_on_the_same_subject_leans_on_the_earlier_one(talk):
    talk("在广州干了五年 要回长沙老家了 医保账户里的钱能带走不")
    answer, _ = talk("万一转不过去呢")
    assert "无法跨省划转" in answer.lines[0].text and "本人银行账户" in answer.lines[0].text


def test_a_follow_up_asking_something_new_does_not_open_with_the_last_answer_again(talk):
    first, _ = talk("医保码和电子社保卡是一个东西吗")
    answer, _ = talk("电子社保卡是谁发的")
    assert "人力资源社会保障部" in answer.lines[0].text
    assert answer.lines[0].text != first.lines[0].text


def test_a_follow_up_whose_answer_was_already_said_may_say_it_again(talk):
    talk("南京的 想查医保参保信息 去窗口要带啥")
    answer, _ = talk("收钱吗")
    assert "不收费" in answer.lines[0].text


@pytest.mark.parametrize("first, follow_up, words", [
    ("杭州 医保卡里的钱能转给我妈吗 她也在杭州交的医保", "我没参保的老公也能用吗", ("必须参加基本医保",)),
    ("菏泽这边 家庭共济能在线下办吗 我妈不会弄手机", "绑好以后能给她交明年的居民医保吗", ("个人应缴",)),
    ("我用我的卡给我老公拿降压药 他自己没带卡 这算违规不", "要是借卡被发现了咋罚", ("3到12个月",)),
])
def test_a_follow_up_gets_the_line_for_the_case_it_names(talk, first, follow_up, words):
    talk(first)
    answer, _ = talk(follow_up)
    assert all(word in answer.lines[0].text for word in words), answer.lines[0].text


def test_a_retirees_follow_up_may_be_answered_from_the_article_for_retirees(talk):
    talk("来电老人说他在哈尔滨办的退休 打算去三亚跟女儿长住 问医保关系能不能转过去")
    answer, _ = talk("那他到三亚看病怎么结算")
    assert "tr-national-retired" in {c.article_id for c in answer.citations}


def test_the_balance_asked_about_in_a_conversation_about_a_move_goes_along(talk):
    talk("我从济南调到深圳上班了，医保咋弄")
    answer, _ = talk("个人账户里还有三千多块钱咋整")
    assert answer.status == "answered" and "随医保关系" in answer.lines[0].text


def test_more_than_a_wallet_transfer_may_carry_and_a_time_of_day_after_it(talk):
    answer, _ = talk("医保钱包给俺娘转了五千 咋就过去两千")
    assert "每笔不超过2000元" in answer.lines[0].text
    answer, _ = talk("晚上十一点多转的 跟这个有关系没")  # 有关系 is no 医保关系
    assert answer.intent == "family_sharing"
    assert any("22点" in line.text for line in answer.lines)


def test_a_kin_word_with_a_place_says_whose_account_not_that_it_is_shared(talk):
    talk("武汉医保个人账户的钱能取出来吗")
    answer, state = talk("那深圳呢 我爱人在深圳参保")
    assert answer.intent == "withdrawal" and state.city == "深圳"
    assert {"wd-shenzhen", "wd-guangdong"} & {c.article_id for c in answer.citations}


def test_a_binding_asked_about_after_a_change_of_insured_place(talk):
    talk("从成都换到杭州上班了 参保地怎么换")
    answer, _ = talk("以前给我爸办的共济还管用吗")
    assert answer.intent == "insured_place" and "重新办理" in answer.lines[0].text


def test_a_circumstance_told_after_a_question_is_answered_for_that_question(talk):
    talk("家庭共济在哪绑定")
    answer, _ = talk("我爸八十了用不来手机")
    assert answer.intent == "family_sharing" and "窗口" in answer.lines[0].text


def test_a_fee_follow_up_leads_with_the_fee_even_from_a_third_article(talk):
    talk("从长沙调到南京了 医保关系咋转")
    talk("要多久")
    answer, _ = talk("收费不")
    assert "不收" in answer.lines[0].text, answer.lines[0].text


def test_a_follow_up_naming_both_ends_asks_where_not_the_first_question_again(talk):
    first, _ = talk("从武汉调到长沙上班了 武汉这边医保咋办")
    answer, _ = talk("在长沙办还是回武汉办")
    assert "转入地" in answer.lines[0].text and "转出地" in answer.lines[0].text
    assert answer.lines[0].text != first.lines[0].text


def test_a_follow_up_naming_the_city_and_asking_materials_is_answered(talk):
    talk("佛山参保的 明年要去当兵 医保卡里的钱怎么办")
    answer, state = talk("是去佛山医保中心办吗 要带什么")
    assert answer.status == "answered" and "材料" in answer.lines[0].text
    assert state.city == "佛山"


def test_a_deceased_parents_balance_is_claimed_under_the_rules_of_where_the_parent_was_insured(talk):
    answer, state = talk("我在上海上班 我妈在菏泽老家 上个月走了 她医保卡里还有些钱 咋取出来")
    assert "wd-heze" in {c.article_id for c in answer.citations}
    assert "继承" in answer.lines[0].text and "菏泽" in answer.lines[0].text
    assert state.city == "上海"  # the asker is still insured in 上海


def test_a_wallet_transfer_nobody_accepted_stays_family_sharing(talk):
    talk("我在宁波上班 我爸在江西上饶 医保钱包怎么转钱给他")
    answer, _ = talk("他要是没点收 钱会不会丢了")
    assert answer.intent == "family_sharing" and "退回" in answer.lines[0].text, answer.lines[0].text


def test_an_either_or_follow_up_is_answered_for_the_topic_carried(talk):
    talk("儿子在佛山交了三年医保 马上去当兵了 卡里的钱能取吗")
    answer, _ = talk("是打到他卡上还是打到我卡上 他在部队不方便")
    assert answer.intent == "withdrawal" and "本人银行账户" in answer.lines[0].text, answer.lines[0].text


def test_the_weather_asked_mid_conversation_is_out_of_scope(talk):
    talk("南京医保卡里的钱能取出来吗")
    answer, _ = talk("对了 南京这两天热不热")
    assert answer.intent == "out_of_scope"


def test_the_place_of_ones_household_registration_is_not_where_one_is_insured(talk):
    answer, state = talk("户口在四川南充 在深圳上班 单位给交的医保 我参保地算哪里")
    assert state.city == "深圳"
    assert "缴纳医保费" in answer.lines[0].text, answer.lines[0].text


def test_the_askers_place_said_after_a_parent_comes_there_is_the_askers(talk):
    _, state = talk("我爸是湖北襄阳交的居民医保 现在来杭州帮我带孩子 我在杭州单位交的职工医保 能给他买药吗")
    assert state.city == "杭州"


@pytest.mark.parametrize("first, follow_up, expected", [
    ("从开封调到武汉工作了 医保怎么转", "开封那六年还算数不", "缴费年限"),  # the years paid, not the procedure
    ("同事想借我医保卡去配眼镜 借给他会咋样", "那罚多少钱", "倍"),  # the amount of the fine
    ("朋友想借我的医保卡去看病 借给他会怎么样", "那我爸走不动路 我替他去药店拿药 也不行?", "身份证明"),  # 代买药
    ("武汉医保卡里的钱能一次性领出来吗", "我是灵活就业人员自己交的 谁去办", "灵活就业"),  # 灵活就业 in passing
    ("苏州上班 想把老婆绑进家庭共济 手机上在哪弄", "绑好了她去药店扫谁的码", "自己的医保码"),  # whose code, not how to bind
    ("兰州的 想给我爸绑个共济 他不会弄手机咋办", "绑好了以后 我爸去药店买药 扣的是谁的钱", "共济人的个人账户"),
    ("济南 支付宝查yb余额从哪进", "打电话查拨几号", "12393"),
    ("有人说能帮我把医保卡的钱套出来", "真弄了被抓会判刑吗", "刑事责任"),  # whether it is a crime
    ("从南充调到长春 医保咋转 余额会跟过去不", "转入地那边要几天", "办完转入手续"),  # the receiving end's own time  # asked by phone: the hotline
    # the rule, not the verdict on an old claim nobody here reported
    ("俺在哈尔滨退的休 冬天来三亚住半年 医保用不用转过来", "在三亚看病还得回哈尔滨报销不", "直接结算"),
])
def test_a_follow_up_is_led_by_the_sentence_that_answers_it(talk, first, follow_up, expected):
    talk(first)
    answer, _ = talk(follow_up)
    assert answer.status == "answered" and expected in answer.lines[0].text, answer.lines[0].text


@pytest.mark.parametrize("message, words", [
    ("苏州的 yb余颚用哪个app看最方便", "江苏医保云"),  # 余颚: 余额 typed with the wrong character
    ("yibao li de qian neng zhuan dao weixin lingqian ma", "微信零钱"),  # typed in pinyin
])
def test_a_keyboard_slip_is_answered_as_meant_and_echoed_as_typed(talk, message, words):
    answer, _ = talk(message)
    assert answer.status == "answered" and words in answer.lines[0].text, answer.lines[0].text
    assert answer.message == message


def test_a_yes_no_follow_up_is_answered_for_the_case_the_caller_described(talk):
    talk("儿子要去当兵了，他医保卡里的钱怎么办")
    answer, state = talk("能转到他银行卡上吗")
    assert state.situation == "army"
    assert "入伍" in answer.lines[0].text  # not 「不能转到…银行卡」, which holds for everyone else
    assert not any("不能取现" in line.text or "不能提取现金" in line.text for line in answer.lines)
    talk("那医保卡余额怎么查")
    assert state.situation is None  # a new subject forgets the case


def test_a_follow_up_asking_how_long_is_answered_with_the_time_limit_not_the_case_again(talk):
    talk("南京 我爸上个月走了 他医保卡里的钱家里人能领吗")
    answer, _ = talk("多久能到账")
    assert "工作日" in answer.lines[0].text


def test_which_end_to_apply_at_is_answered_with_both_ends(talk):
    answer, _ = talk("从长春调到大连 转医保去哪边办 新单位那边还是老单位这边")
    assert "转入地" in answer.lines[0].text and "转出地" in answer.lines[0].text
    assert "已退休人员除外" not in answer.lines[0].text  # who must apply is no answer to where


def test_a_retiree_asking_after_the_balance_hears_that_it_stays_and_is_used_for_care(talk):
    first, _ = talk("我退休了，想回老家东北养老，医保能转回去吗")
    answer, _ = talk("那卡里的钱咋办")
    assert "余额一般继续用于看病买药" in answer.lines[0].text
    assert answer.lines[0].text != first.lines[0].text
