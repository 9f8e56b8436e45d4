"""The first line answers the question asked, every further line is about it, and a question the
corpus does not cover gets a plain "I have no reliable material", as a citizen would want."""

import pytest

from bot.answer.lines import MAX_LINES

from tests.conftest import FIXTURES

NOT_COVERED = "这个问题我还没有可靠的资料"
WARNINGS = ("套现", "冒名就医", "处罚", "违法")


def lead(answer) -> str:
    return answer.lines[0].text if answer.lines else answer.text.splitlines()[0]


def test_can_the_money_be_taken_out_names_the_cases_in_which_it_can(answerer):
    answer = answerer.answer("医保卡里的钱可以取出来吗")
    assert "不能取现金" in lead(answer) and "特定情形" in lead(answer)
    assert "死亡" in answer.text and "定居" in answer.text


def test_a_bereaved_family_hears_how_to_claim_and_no_fraud_warning(answerer):
    answer = answerer.answer("婆婆前阵子过世了 她医保卡里还剩些钱")
    assert answer.intent == "withdrawal"
    assert "继承" in lead(answer)
    assert not any(w in line.text for line in answer.lines for w in WARNINGS)


def test_a_death_decides_the_lead_even_when_the_family_asks_for_the_money_on_a_bank_card(answerer):
    answer = answerer.answer("我爸上个月走了 他医保卡里还有钱咋取 能直接打我卡上吗6222021234567890123")
    assert "继承" in lead(answer) and "6222021234567890123" not in answer.text
    assert not any(w in line.text for line in answer.lines for w in WARNINGS)


@pytest.mark.parametrize("question", ["我爸上个月走了，他医保卡里还有七八千块钱，这钱能取出来吗",
                                      "我九月份入伍 在东莞上班交的医保 个账的钱能取出来不"])
def test_whoever_may_take_the_money_out_is_not_then_told_it_cannot_be_taken_as_cash(answerer, question):
    answer = answerer.answer(question)
    assert "继承" in lead(answer) or "入伍" in lead(answer)
    assert not any("不能取现" in line.text or "不能提取现金" in line.text for line in answer.lines)


def test_how_things_were_before_the_wallet_is_no_line_for_a_question_about_today(answerer):
    answer = answerer.answer("我在北京上班交的职工医保，我妈在河南老家交的农村医保，我的个人账户能给她买药吗")
    assert "医保钱包" in lead(answer)
    assert not any("以前" in line.text or "2024年底" in line.text for line in answer.lines)
    asked = answerer.answer("为什么以前跨省不能家庭共济")
    assert any("以前" in line.text for line in asked.lines)


def test_a_heading_labels_one_line_of_its_section_and_only_one_it_fits(answerer):
    answer = answerer.answer("医保钱包一天最多能转多少")
    labels = [line.label for line in answer.lines if line.label]
    assert len(labels) == len(set(labels))
    withdrawal = answerer.answer("医保的钱能取出来吗", city="乌鲁木齐", province="新疆")
    assert all(line.label != "钱归谁" or "属于" in line.text for line in withdrawal.lines)


@pytest.mark.parametrize("question", ["医保卡里的钱能转给别人吗", "医保里的钱可以给我表哥用吗", "同事住院了 能刷我的医保吗"])
def test_someone_who_is_no_near_relative_hears_that_only_near_relatives_may_share(answerer, question):
    answer = answerer.answer(question)
    assert answer.status == "answered" and answer.intent == "family_sharing"
    assert "近亲属以外" in answer.text and "近亲属" in lead(answer)


def test_a_partner_not_yet_married_is_no_near_relative(answerer):
    answer = answerer.answer("我女朋友住院了 还没领证 能用我的个账吗")
    assert "没有登记结婚" in lead(answer) and "退回" not in answer.text  # 没领证 is no transfer left unaccepted


@pytest.mark.parametrize("question", ["医保个人账户能买保健品吗", "给我妈买点蛋白粉鱼油能刷医保卡吗", "个账能用来办健身卡吗"])
def test_health_goods_and_fitness_hear_that_the_account_does_not_pay_for_them(answerer, question):
    assert "养生保健" in lead(answerer.answer(question))


def test_a_slip_for_gongji_after_a_word_for_binding_is_read_as_family_sharing(answerer):
    answer = answerer.answer("俺七十多了不会使智能机 想给老伴绑那个共计 能去柜台办不")
    assert answer.status == "answered" and answer.intent == "family_sharing"
    assert "窗口" in lead(answer)


@pytest.mark.parametrize("question", ["我爸问医保卡里的钱能不能转到他微信上", "医保卡里的钱能打到工资卡上吗"])
def test_money_asked_onto_an_app_or_a_card_hears_that_it_cannot_go_there(answerer, question):
    assert "不能转到微信零钱" in lead(answerer.answer(question))


def test_a_buyer_of_the_balance_paying_by_wechat_hears_the_cash_out_verdict(answerer):
    answer = answerer.answer("有人说能七五折收我医保卡余额 直接转微信 靠谱吗")
    assert "套现" in lead(answer)


def test_a_slip_for_tui_gei_wo_is_a_withdrawal_question(answerer):
    answer = answerer.answer("宁波交的职工医保 以后不想交了 卡里的钱能推给我吗")
    assert answer.status == "answered" and answer.intent == "withdrawal"


def test_a_retiree_resettled_in_another_province_hears_that_some_places_allow_it(answerer):
    answer = answerer.answer("跨省异地安置的退休人员账户钱能打到银行卡吗")
    assert "异地安置" in lead(answer) and "不能转到微信" not in lead(answer)


def test_paying_a_spouses_resident_premium_is_answered_yes(answerer):
    assert "缴纳居民医保个人缴费" in lead(answerer.answer("个人账户可以给老公交城乡居民医保吗"))


def test_where_the_certificate_is_issued_leads_before_its_forms(answerer):
    assert lead(answerer.answer("参保凭证在哪开")).startswith("办理医保关系转移接续前，要先由原参保地开具")


def test_a_bereaved_family_asking_whether_they_may_claim_hears_yes_before_the_materials(answerer):
    answer = answerer.answer("菏泽 俺娘去世了 她卡上剩的钱俺们能领不")
    assert "由继承人申请支取" in lead(answer) and "死亡证明" not in lead(answer)


def test_whether_the_balance_expires_is_answered_with_its_source(answerer):
    answer = answerer.answer("医保卡里的钱过期吗，不用会不会清零")
    assert answer.status == "answered"
    assert "不会过期" in lead(answer) and "44号" in lead(answer)


def test_the_balance_moves_with_the_relationship_and_no_retiree_rule_leads(answerer):
    answer = answerer.answer("遂宁医保关系跨省异地转移可以转个人账户里的钱吗")
    assert "随医保关系" in lead(answer)
    assert not any("退休" in line.text for line in answer.lines)


def test_money_to_wechat_is_not_a_transfer_of_the_insurance(answerer):
    answer = answerer.answer("北京医保卡的钱怎么转到微信")
    assert answer.intent == "withdrawal"
    assert "不能转到微信" in lead(answer)
    assert "工作日" not in answer.text


@pytest.mark.parametrize("question", ["老娘走不动道了 我替她去药店拿药中不中", "帮腿脚不好的老爸去医院开药 要带啥"])
def test_fetching_medicine_for_someone_hears_both_peoples_papers(answerer, question):
    answer = answerer.answer(question)
    assert answer.intent == "fraud"
    assert "双方身份证明" in lead(answer) or "受托人的身份证明" in lead(answer)


@pytest.mark.parametrize("question", ["我能用我卡里的钱帮我妈买药吗", "帮我妈买药可以用家庭共济吗"])
def test_paying_for_a_parents_medicine_with_ones_account_is_family_sharing(answerer, question):
    answer = answerer.answer(question)
    assert answer.intent == "family_sharing" and "家庭共济" in lead(answer)


def test_family_in_another_province_hears_of_the_medical_insurance_wallet(answerer):
    answer = answerer.answer("我在上海上班 我妈在河南老家 我卡里的钱能给她用吗")
    assert answer.intent == "family_sharing" and answer.city == "上海"
    assert "医保钱包" in lead(answer)


@pytest.mark.parametrize("question", ["办理退休了医保还要缴费吗", "医保报销比例是多少", "灵活就业人员怎么自己交职工医保",
                                      "职医保断缴后,补缴了可以报销吗?重庆医保新规来了"])
def test_an_uncovered_subject_gets_no_cited_lines(answerer, question):
    answer = answerer.answer(question)
    assert answer.status == "unanswerable" and answer.intent == "not_covered"
    assert answer.text.startswith(NOT_COVERED) and "12393" in answer.text
    assert not answer.citations and not answer.lines


def test_a_not_covered_reply_offers_only_close_questions_each_an_articles_own(answerer):
    own_questions = {p.questions[0] for p in answerer.index.passages if p.position == 0 and p.region is None}
    retired = answerer.answer("办理退休了医保还要缴费吗")
    assert retired.status == "unanswerable" and retired.suggestions
    assert set(retired.suggestions) <= own_questions  # plain titles, never a colloquial variant
    assert any("退休" in q for q in retired.suggestions)
    lapsed = answerer.answer("医疗保险断交了怎么补交")  # nothing in the corpus is close
    assert lapsed.status == "unanswerable" and not lapsed.suggestions
    assert "家庭共济、提取、转移接续和余额查询" in lapsed.text and "12393" in lapsed.text


@pytest.mark.parametrize("question", ["医保卡余额怎么查", "怎么查询医保卡里有多少钱"])
def test_a_plain_how_to_check_question_gets_the_online_channels_first_not_the_counter(answerer, question):
    # 「医保卡余额怎么查」 is the online article's own question; the offline article (for people
    # without a smartphone) shares its words but must not answer it first
    answer = answerer.answer(question)
    assert answer.citations[0].article_id == "bq-national-online", [c.article_id for c in answer.citations]
    assert "国家医保服务平台" in lead(answer) and "不方便用手机" not in lead(answer)


def test_with_no_place_known_only_national_rules_are_quoted(answerer):
    for question in ("医保卡里的钱能给家人用吗", "医保的钱能取出来吗", "医保余额怎么查"):
        answer = answerer.answer(question)
        assert answer.citations and all(c.region is None for c in answer.citations), question


def test_a_time_question_leads_with_the_time_limit(answerer):
    answer = answerer.answer("巴中异地医保转移需要多少个工作日")
    assert "工作日" in lead(answer)


def test_a_question_on_lending_a_card_gets_the_warning(answerer):
    answer = answerer.answer("我能把医保卡借给我朋友去药店买药吗")
    assert answer.intent == "fraud" and "冒名就医" in answer.text


def test_no_line_repeats_another_and_answers_are_as_long_as_they_need(answerer):
    lengths = []
    for question in ("医保卡里的钱能给家人用吗", "医保转移要多久", "电子版医保和卡报销的一样嘛", "医保卡余额怎么查",
                     "济南医保卡里的钱可以给家人用吗", "从郑州调到杭州工作 医保怎么转", "江西宜春医保个人账户余额怎么跨省转移",
                     "婆婆前阵子过世了 她医保卡里还剩些钱"):
        answer = answerer.answer(question)
        texts = [line.text for line in answer.lines]
        assert len(texts) == len(set(texts)) and 1 <= len(texts) <= MAX_LINES, question
        assert all(not a or a not in b for i, a in enumerate(texts) for b in texts[i + 1:]), question
        lengths.append(len(texts))
    assert min(lengths) < MAX_LINES  # not every answer is padded to the most lines an answer may have


def test_no_line_says_the_leads_point_again_in_other_words(answerer):
    answer = answerer.answer("合肥实体医保卡和电子医保卡是两个东西吗?")
    assert sum(line.text.count("同一套") for line in answer.lines) == 1


def test_a_move_names_both_ends(answerer):
    answer = answerer.answer("从郑州调到杭州工作 医保怎么转")
    assert (answer.city, answer.to_city) == ("郑州", "杭州")
    assert "郑州（转出地）" in answer.text and "杭州（转入地）" in answer.text
    assert answer.as_chat_dict("s")["to_city"] == "杭州"



def test_the_lead_names_the_particular_case_asked_about_with_the_general_answer(answerer):
    answer = answerer.answer("孙子天天咳嗽 俺想用俺医保账户的钱给他看 中不中")
    assert "近亲属" in lead(answer) and "孙子女" in lead(answer)
    assert len(lead(answer)) <= 100 and len(answer.citations) >= 1


@pytest.mark.parametrize("question", ["济南的 医保能给我弟看病用吗", "我的医保卡钱能给我姐用吗"])
def test_a_sibling_named_in_one_character_hears_that_siblings_count(answerer, question):
    assert "兄弟姐妹" in lead(answerer.answer(question))


def test_a_sibling_with_no_insurance_hears_that_she_must_be_insured_not_the_list(answerer):
    assert "必须参加" in lead(answerer.answer("我妹妹没参加任何医保 能不能用我的个账看病"))


def test_family_in_the_askers_province_hears_the_in_province_rule_first(answerer):
    answer = answerer.answer("济南的 俺小子在烟台上班 他那边交的职工医保 俺俩能互相用卡上的钱不")
    assert "山东省内" in lead(answer)
    answer = answerer.answer("我和老婆一个在广州一个在佛山参保 能共计吗")
    assert answer.intent == "family_sharing" and "同一个省" in lead(answer)


def test_how_much_may_be_sent_leads_with_the_amount(answerer):
    answer = answerer.answer("闺女说有个医保钱包能转钱 我在河南她在广州 咋转 一次能转多少")
    assert "2000元" in lead(answer)


FOOTER_LEADS = {  # the footer titles of ../shared/seeds/, and what the first line must say
    "遂宁医保关系跨省异地转移可以转个人账户里的钱吗?": "随医保关系",
    "北京医保卡的钱怎么转到微信?": "不能转到微信",
    "吉林医保卡个人账号里的钱能取吗?": "现金",
    "巴中异地医保转移需要多少个工作日?": "工作日",
    "郑州电子医保跟医保卡报销一样吗?": "报销规定",
    "广西玉林电子医保卡和实体医保卡基金报销一样吗?": "报销规定",
    "外地的医保卡里的钱可以转移吗?": "随医保关系",
    "湖南长沙医保个人账户余额怎么跨省转移?": "随医保关系",
    "医保卡里的钱怎么查询余额?": "查",
    "南宁医保变更参保地去哪里更改?": "申请医保关系转移接续",
    "2025年医保返款新规:退休人员每月能返多少钱?": "定额划入",
}
FOOTER_NOT_COVERED = ("医疗保险断交怎么补交?衡水补交断了医疗保险的方法有哪些?", "广东东莞医保交多少年才享受终身医保?",
                      "医保累计缴费多少年才能终身享受", "办理退休了医保还要缴费吗?", "已到达退休年龄,职工医保缴费年限不够怎么办?",
                      "退休之后医保还需要缴费吗?", "2025年起新农合缴费新变化,天津参加新农合有这几个好处",
                      "医保断交后重新缴纳要多久才能用?(以广东深圳为例)", "职医保断缴后,补缴了可以报销吗?重庆医保新规来了")


def footer_questions() -> list[str]:
    return [line.strip() for line in (FIXTURES / "footer_questions.txt").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def test_every_footer_question_gets_a_cited_answer_or_the_not_covered_reply(answerer):
    for question in footer_questions():
        answer = answerer.answer(question)
        if question in FOOTER_NOT_COVERED:
            assert answer.text.startswith(NOT_COVERED) and not answer.citations, question
        else:
            assert answer.status == "answered" and answer.citations, question
            assert question not in FOOTER_LEADS or FOOTER_LEADS[question] in lead(answer), (question, lead(answer))


def test_a_rule_with_a_caveat_clause_is_quoted_but_a_bare_caveat_is_not():
    from bot.answer.lines import _only_a_caveat
    assert not _only_a_caveat("城乡居民医保一般不设职工医保那样的个人账户，具体以参保地规定为准。")
    assert not _only_a_caveat("继承人申请支取菏泽医保个人账户余额，一般需要死亡证明、继承关系证明等材料，以菏泽市医保部门要求为准。")
    assert _only_a_caveat("家庭共济的具体规则以参保地医保部门规定为准，可拨打12393咨询。")
    assert _only_a_caveat("部分地区允许用个人账户缴纳长期护理保险费用，菏泽能否使用以菏泽市医保部门规定为准。")


def test_the_heze_family_hears_which_papers_to_bring(answerer):
    from bot.dialog.manager import Dialog
    from bot.dialog.state import SessionState
    dialog, state = Dialog(answerer), SessionState("heze")
    dialog.handle(state, "我们家在菏泽 我爸上个月走了 他医保卡里还有三千多 家里人能领吗")
    answer = dialog.handle(state, "得准备啥")
    assert "死亡证明" in answer.text and any(c.article_id == "wd-heze" for c in answer.citations)


def test_a_move_between_cities_never_gets_the_rule_for_staying_in_one(answerer):
    for question in ("遂宁医保关系跨省异地转移可以转个人账户里的钱吗", "从郑州调到杭州 医保要多久能转好",
                     "巴中异地医保转移需要多少个工作日"):
        assert "同一个统筹地区内" not in answerer.answer(question).text, question
    same_city = answerer.answer("在天津换了个单位 医保要不要转")
    assert "同一个统筹地区内" in same_city.lines[0].text


@pytest.mark.parametrize("question, city, words", [
    ("南京的 查yb余额用哪个app", None, ("江苏医保云",)),
    ("医保卡借给朋友用了 出事了算谁的", None, ("出借人",)),
    ("没办过实体社保卡 能直接用医保码看病吗", None, ("不需要先有实体卡",)),
])
def test_the_lead_speaks_to_the_askers_own_case(answerer, question, city, words):
    answer = answerer.answer(question, city)
    assert all(word in answer.lines[0].text for word in words), answer.lines[0].text


@pytest.mark.parametrize("question, words", [
    ("医保钱包晚上十一点下班了转行不", ("22点",)),
    ("给俺娘医保钱包转了两千 她一直没点收 钱跑哪去了", ("退回",)),
    ("人在外地打工 想打到老家医保局问问 咋拨", ("区号",)),  # reaching another place's bureau
    ("老人是曲靖参保的 现在住昆明 想打回曲靖医保局问 怎么拨", ("区号",)),
    ("礼拜天下午打医保电话能找着人不", ("工作日", "24小时")),  # the staffed hours, and the line that never closes
    ("微信里那个医保码藏哪了 翻半天没找着", ("医疗健康",)),  # where it is hidden: the way in
    ("老爸让我帮他在微信里弄个看病用的码 从哪点进去", ("医疗健康",)),  # 看病用的码 is nobody else's card
])
def test_the_lead_answers_the_situation_described(answerer, question, words):
    lead = answerer.answer(question).lines[0].text
    assert all(word in lead for word in words), lead


@pytest.mark.parametrize("question", ["在深圳干了五年 要回长沙了 医保余额能转到长沙吗", "从深圳去杭州工作 医保个人账户的钱能带走吗"])
def test_whether_the_balance_goes_along_is_answered_before_the_local_cash_rule(answerer, question):
    # the Guangdong article opens with 「平时不能取现」; the asker wants to know the money moves with them
    lead = answerer.answer(question).lines[0].text
    assert "随医保关系" in lead and "不能取现" not in lead, lead


def test_someone_joining_the_army_hears_the_rule_for_that_case_not_the_list_of_cases(answerer):
    lead = answerer.answer("我九月份入伍 在东莞上班交的医保 个账的钱能取出来不").lines[0].text
    assert "参军入伍的" in lead and "死亡" not in lead, lead


@pytest.mark.parametrize("question", ["从石家庄转到北京 以前交的年限还算不算", "从贵阳转到昆明上班 以前在贵阳交的年头还算不算"])
def test_whether_the_years_paid_still_count_is_answered_first(answerer, question):
    assert "累计计算" in answerer.answer(question).lines[0].text


def test_how_to_move_the_insurance_leads_with_the_procedure_not_the_balance(answerer):
    answer = answerer.answer("在东莞交的社保 回老家四川了 医保咋转过去")
    assert answer.to_city == "四川"
    assert "参保凭证" in answer.lines[0].text and "余额" not in answer.lines[0].text


def test_a_move_within_the_province_keeps_the_balance_where_it_is(answerer):
    lead = answerer.answer("从东莞换到佛山上班了，医保那点余额咋整").lines[0].text
    assert "省内跨市" in lead and "跨省转移职工医保关系" not in lead, lead


def test_whom_to_ask_about_a_lost_card_is_answered_even_from_a_section_not_headed_where(answerer):
    lead = answerer.answer("社保卡掉了 找谁挂失").lines[0].text
    assert "12333" in lead and "发卡银行" in lead, lead


@pytest.mark.parametrize("question", ["医保关系转移谁能办", "从哈尔滨调到大连工作了 能不能在网上申请转医保"])
def test_a_rule_for_retirees_is_no_line_for_someone_who_is_not_one(answerer, question):
    assert "已经退休的" not in answerer.answer(question).text


@pytest.mark.parametrize("question", ["医保个人账户里的钱到底归谁，是公家的还是我自个的", "医保个人账户的钱算我自己的吗"])
def test_whose_money_it_is_is_answered_first(answerer, question):
    assert "属于参保人" in answerer.answer(question).lines[0].text


def test_lending_a_card_to_someone_uninsured_is_answered_as_lending_not_as_family_sharing(answerer):
    answer = answerer.answer("哥们没交医保 牙疼的不行 借他卡用一回应该没事吧就几百块")
    assert answer.intent == "fraud"
    assert "出借人" in answer.lines[0].text and "家庭共济" not in answer.lines[0].text


def test_a_content_sites_headline_filler_does_not_change_which_channels_lead(answerer):
    lead = answerer.answer("我的医保卡余额怎么查?这些方法让你秒懂!(以青岛为例)").lines[0].text
    assert "国家医保服务平台APP" in lead and "窗口" not in lead, lead


@pytest.mark.parametrize("question", ["村里人都说得了大病医保卡的钱就能取出来 俺是菏泽的 真的假的",
                                      "菏泽 听人说得了大病就能把医保个人账户的钱提出来 有这回事吗"])
def test_a_rumour_is_answered_with_the_verdict_on_it(answerer, question):
    # 「大病医保卡」 is a serious illness and the card, not the 大病医保 the corpus does not cover
    answer = answerer.answer(question)
    assert "大病" in lead(answer) and "没有查到官方依据" in lead(answer)
    assert answer.citations[0].article_id == "wd-heze"


def test_the_verdict_on_one_rumour_does_not_answer_another(answerer):
    # 「八折回收」 is cashing out: the verdict on the retirement or the 大病 rumour is no answer to it
    answer = answerer.answer("有人说医保卡余额8折回收 靠谱么")
    assert "套现" in lead(answer)
    assert not any("说法" in line.text for line in answer.lines)


def test_a_question_about_moving_the_balance_gets_no_verdict_on_rumours_it_did_not_raise(answerer):
    answer = answerer.answer("六安医保账户里的钱夸省能转移不?")
    assert "随" in lead(answer)
    assert not any("说法" in line.text or "官方依据" in line.text for line in answer.lines)


def test_goods_that_are_no_medical_expense_hear_what_the_account_pays(answerer):
    answer = answerer.answer("楼下药店让我爸用医保卡刷洗衣液卫生纸 这样行吗")
    assert "医疗相关支出" in lead(answer)


@pytest.mark.parametrize("question", ["打哪个电话问啊 12333吗", "查医保余额打12333行不"])
def test_a_question_naming_12333_hears_12393_first(answerer, question):
    assert "12393" in lead(answerer.answer(question))


def test_the_familys_own_share_of_a_bill_hears_that_sharing_pays_it(answerer):
    text = lead(answerer.answer("我老伴住院自己掏的那部分 能用我的个账付不"))
    assert any(w in text for w in ("自己要出的钱", "个人负担", "自付"))


def test_a_transfer_larger_than_the_wallet_allows_hears_the_limits(answerer):
    assert "2000元" in lead(answerer.answer("我在上海上班 我想一次给我妈转五千块看病 能转吗"))


def test_a_relative_with_no_insurance_hears_that_they_must_be_insured(answerer):
    assert "必须参加基本医保" in lead(answerer.answer("我在石家庄交的职工医保 我弟啥医保都没交 能用我的个账给他看病吗"))


def test_what_is_left_on_the_card_after_a_move_goes_with_the_insurance(answerer):
    assert "随医保关系" in lead(answerer.answer("俺今年从郑州调到杭州上班了 郑州那张医保卡里还剩三千多 能带过去不"))


def test_whose_reimbursement_rate_applies_after_sharing_is_covered_though_rates_are_not(answerer):
    assert answerer.answer("医保报销比例是多少").status == "unanswerable"
    answer = answerer.answer("给女儿绑了家庭共济 女儿看病报销比例按谁的算")
    assert answer.status == "answered" and "报销比例" in answer.text


def test_a_husband_who_is_gone_is_a_bereavement(answerer):
    answer = answerer.answer("俺老头子上礼拜没了 他医保卡上还有四千来块 俺能领出来不")
    assert "继承" in lead(answer)
    assert not any(w in line.text for line in answer.lines for w in WARNINGS)


def test_a_late_evening_transfer_hears_the_wallets_hours(answerer):
    assert "22点" in lead(answerer.answer("我在杭州 给我妈医保钱包转钱 下班到家都十一点了 那会儿能转不"))


def test_which_balance_is_right_hears_that_the_apps_lag(answerer):
    assert "比实际晚" in lead(answerer.answer("支付宝上医保余额比药店小票上多了186块 哪个是对的"))


def test_a_lead_that_says_only_in_certain_cases_is_followed_by_the_cases_themselves(answerer):
    # not 「国家层面没有统一清单」, which names none
    answer = answerer.answer("吉林医保卡个人账号里的钱能取吗?")
    assert "特定情形" in lead(answer)
    assert "死亡" in answer.lines[1].text and "定居" in answer.lines[1].text


def test_settling_abroad_leads_with_the_asked_places_own_rule(answerer):
    answer = answerer.answer("广州的 下半年要移民去澳洲 医保卡里的钱能取出来吗")
    assert "银行账户" in lead(answer) and "定居" in lead(answer)
    assert answer.citations[0].article_id in ("wd-guangdong", "wd-shenzhen")


def test_an_in_law_named_in_the_question_is_answered_by_the_sentence_about_in_laws(answerer):
    answer = answerer.answer("我在无锡上班交的职工医保 婆婆常年吃药 能绑到我的家庭共济里吗", "无锡")
    assert "公婆" in lead(answer), lead(answer)


@pytest.mark.parametrize("question", ["老妈在河南驻马店交的新农合 我在北京上班交的职工医保 卡里钱花不完 能转点给她看病不",
                                      "俺在东莞打工交的社保 俺娘在贵州老家 想转点医保的钱给她 能行不"])
def test_the_wallets_small_print_does_not_lead_an_answer_about_whether_family_can_use_it(answerer, question):
    first = lead(answerer.answer(question))
    assert "医保钱包" in first and not first.startswith(("据烟台晚报", "每天22点", "每个医保钱包")), first


@pytest.mark.parametrize("question", ["给我爸绑家庭共济 老是显示亲属关系验证不通过 咋办",
                                      "添加家人的时候核验失败了 要传什么"])
def test_a_failed_relationship_check_is_answered_with_what_to_upload(answerer, question):
    assert "户口本" in lead(answerer.answer(question)), lead(answerer.answer(question))


def test_a_family_with_only_resident_insurance_moving_is_told_the_resident_rule(answerer):
    answer = answerer.answer("我们全家都是交的新农合 从安徽阜阳搬到了宁波 医保能转过来不")
    assert "居民医保转居民医保" in lead(answer), lead(answer)


@pytest.mark.parametrize("question", ["俺儿在县城单位上班交的职工医保 他卡里的钱能给俺买药不",
                                      "我想问问俺医保卡的钱咋能给俺孙子用 他上小学 交了居民医保"])
def test_how_someone_is_insured_is_no_question_about_paying_a_premium(answerer, question):
    first = lead(answerer.answer(question)).split("。")[0]
    assert "家庭共济" in first and "应缴" not in first


def test_whether_the_account_pays_a_relatives_premium_leads_with_that_rule(answerer):
    answer = answerer.answer("我亲妈在盐城农村交的居民医保 明年的保费能从我卡里扣不", city="南京")
    assert "个人缴费" in lead(answer)


@pytest.mark.parametrize("question, city, words", [
    ("户口在周口 在厦门上班 回老家住院 按哪边的报", None, "参保地规定"),
    ("从东莞转医保到赣州 退休时要求交够的缴费年限按哪边的来", None, "转入地规定"),
    ("我妈在广州看病 是按广州的报还是按赣州的报", "广州", "家人自己参加的险种"),
    ("给我妈绑了家庭共济 她看病报销按谁的来", None, "家人自己参加的险种"),
    ("我个账给儿子看病用 他能按我的职工医保比例报销吗", None, "家人自己参加的险种"),
    ("共济以后我爸看病报销比例是不是就跟我一样了", "北京", "不会让家人获得共济人的参保关系、待遇资格或报销比例"),  # no: not the sharer's
])
def test_whose_rules_apply_is_answered_by_the_rule_that_says_so(answerer, question, city, words):
    assert words in lead(answerer.answer(question, city=city))


@pytest.mark.parametrize("question, words", [
    ("俺退休金的事该打哪个电话", "12333"),
    ("养老金的事也打12393吗", "12333"),
    ("要是想举报有人冒用医保卡 也打这个吗", "举报"),
])
def test_a_pension_matter_or_a_report_of_fraud_hears_which_line_takes_it(answerer, question, words):
    first = lead(answerer.answer(question)).split("。")[0]
    assert words in first and "12393是医保部门" not in first


def test_these_few_days_without_a_card_is_no_question_of_how_long(answerer):
    answer = answerer.answer("太原刚入职 实体卡还没办下来 这几天去医院能先用医保码吗")
    assert "不需要先" in lead(answer)


def test_whether_a_tier_two_member_in_shenzhen_has_an_account_is_answered_from_the_shenzhen_article(answerer):
    answer = answerer.answer("我在深圳交的二档 app上个人账户一直显示0 是不是公司没给我交")
    assert "没有个人账户" in lead(answer)
    assert answer.citations[0].article_id == "wd-shenzhen"


@pytest.mark.parametrize("question", ["俺在国家医保那个app里头添了俺娘 结果她拿药还是花的她自己卡里的 咋回事啊",
                                      "我在国家医保app里把我妈加成家庭成员了 是不是她就能花我的个账了"])
def test_a_relative_added_in_the_app_hears_that_this_shares_no_money(answerer, question):
    text = lead(answerer.answer(question))
    assert "亲情账户" in text and ("两回事" in text or "不行" in text or "家人本人" in text)


@pytest.mark.parametrize("question, words", [("我妈在湖南交的居民医保 我个账的钱能给她用吗", "医保钱包"),
                                             ("我妈在柳州交的居民医保 我个账的钱能给她用吗", "同一个省")])
def test_where_the_family_is_insured_is_weighed_against_the_askers_known_city(answerer, question, words):
    first = lead(answerer.answer(question, city="南宁")).split("。")[0]
    assert words in first


@pytest.mark.parametrize("question", ["拿我男朋友的yb卡去看个牙 会被查吗", "用我爸的医保卡给我自己开点药 会被查吗"])
def test_whoever_uses_anothers_card_hears_what_befalls_them_not_the_lender(answerer, question):
    first = lead(answerer.answer(question))
    assert "冒名就医属于违法行为" in first and "出借人" not in first


def test_whoever_lends_a_card_hears_what_befalls_the_lender(answerer):
    assert "出借人" in lead(answerer.answer("把医保卡借给表弟用几天 他没交医保 会有啥后果"))


@pytest.mark.parametrize("question, case", [
    ("小区门口那药房啥都能刷 洗衣液卫生纸都行 老姐妹都去 俺跟着刷会不会有事", "医疗相关支出"),
    ("用医保开的药吃不完了 想挂闲鱼上卖掉回点血 会不会被查到", "倒卖药品"),
])
def test_a_consequence_asked_about_a_particular_case_names_the_case_and_the_consequence(answerer, question, case):
    first = lead(answerer.answer(question))
    assert case in first and "追回" in first


@pytest.mark.parametrize("question", ["在北京跳到另一家公司了 医保要转吗", "成都这边从一家厂换到另一家 医保咋弄"])
def test_changing_employer_within_one_city_needs_no_transfer(answerer, question):
    assert lead(answerer.answer(question)).startswith("据公开资料，在同一个统筹地区内换单位，医保关系一般不用转移")


def test_a_balance_written_with_the_older_character_is_still_the_balance(answerer):
    first = lead(answerer.answer("深圳调去广州上班了 深圳个帐那几千块要不要转过去"))
    assert "省内跨市" in first and "不划转" in first


def test_the_steps_of_a_procedure_come_in_the_order_the_article_gives_them(answerer):
    text = answerer.answer("家庭共济咋绑定", city="贵阳").text
    first, then, last = text.find("第一步"), text.find("接着添加家人"), text.find("即生效")
    assert -1 < first < then < last


@pytest.mark.parametrize("question, words", [
    ("在杭州上班的 外地户口 辞职了 yb余额能清算吗", "非杭州户籍"),
    ("武汉的 辞职了要回长沙 医保个账能一次性取出来不", "转不走"),
])
def test_whether_the_balance_may_be_taken_out_is_answered_by_the_asked_citys_own_rule(answerer, question, words):
    assert words in lead(answerer.answer(question)).split("。")[0]


def test_an_answer_from_the_citys_own_rule_is_not_padded_with_what_some_places_allow(answerer):
    answer = answerer.answer("在杭州上班的 外地户口 辞职了 yb余额能清算吗")
    assert answer.citations[0].article_id == "wd-hangzhou"
    assert not any("部分地区" in line.text for line in answer.lines)


def test_a_move_to_another_province_is_no_question_about_the_family_wallet(answerer):
    answer = answerer.answer("武汉的 辞职了要回长沙 医保个账能一次性取出来不")
    assert not any("医保钱包" in line.text for line in answer.lines)


@pytest.mark.parametrize("question", ["有个自称医保局的打电话说我医保卡异常 让我报验证码 是真的吗",
                                      "医保局打电话说我有两张医保卡要注销一张"])
def test_a_call_pretending_to_be_the_bureau_is_named_a_scam_and_the_official_channels_given(answerer, question):
    answer = answerer.answer(question)
    assert answer.status == "answered" and "骗局" in lead(answer)
    assert answer.citations[0].article_id == "hl-scam-calls"
    assert "12393" in answer.text and "套现" not in answer.text


def test_a_resident_asking_whether_they_have_an_account_hears_no_before_how_family_may_help(answerer):
    first = lead(answerer.answer("交居民医保有个人账户吗"))
    assert first.startswith("城乡居民医保一般不设")


def test_asked_across_provinces_how_the_balance_moves_the_answer_says_no_separate_application(answerer):
    first = lead(answerer.answer("江西宜春医保个人账户余额怎么跨省转移"))
    assert "随医保关系一并划转" in first and "不需要为余额另外提出申请" in first


def test_a_pasted_article_title_with_its_date_is_answered_like_the_title(answerer):
    answer = answerer.answer("甘肃天水医保卡里的钱也能给家里人用了!(2025-08-05)")
    assert "可以通过家庭共济给近亲属使用" in lead(answer)


def test_asked_where_the_code_hides_in_wechat_the_answer_gives_the_wechat_way_in_not_alipays(answerer):
    answer = answerer.answer("微信里那个医保码藏哪了 翻半天没找着")
    assert "医疗健康" in lead(answer)
    assert not any("支付宝里" in line.text for line in answer.lines)


def test_a_new_employer_in_the_same_city_gets_the_no_transfer_rule_and_no_rules_for_leaving(answerer):
    answer = answerer.answer("在杭州换了个公司 医保要转吗")
    assert "不用转移" in lead(answer)
    assert not any(w in line.text for line in answer.lines[1:] for w in ("外地", "清算", "转移"))


def test_a_bereaved_family_asking_how_hears_who_claims_not_that_the_money_never_expires(answerer):
    assert lead(answerer.answer("俺爹上礼拜没了 他医保卡里还有六千多 俺们咋取")).startswith("参保人死亡的")


@pytest.mark.parametrize("question, city", [("退休了去湖南跟女儿住 医保卡里的钱能申请打到银行卡不", "惠州"),
                                            ("退休了回老家湖南住 卡里的钱能取吗", "深圳")])
def test_a_retiree_going_to_another_province_hears_the_provinces_rule_for_resettled_retirees(answerer, question, city):
    answer = answerer.answer(question, city=city)
    assert lead(answer).startswith("跨省异地安置的广东退休人员")
    later = " ".join(line.text for line in answer.lines[1:])
    assert "不能转到" not in later and "省内跨市" not in later and "死亡" not in later


def test_a_recruits_answer_lists_no_other_cases_in_which_money_may_be_taken(answerer):
    answer = answerer.answer("儿子要去当兵了 他卡里的钱能取吗")
    assert "入伍" in lead(answer)
    assert not any(w in line.text for line in answer.lines for w in ("死亡", "定居", "转不过去"))


@pytest.mark.parametrize("question", ["辞职后回老家交居民医保 原来职工医保卡里的钱咋办",
                                      "在大连上班交的职工医保 辞职回农村老家了 以后交居民的 原来卡里的钱咋整"])
def test_leaving_the_employees_insurance_for_the_residents_hears_that_no_national_rule_says_what_becomes_of_the_balance(
        answerer, question):
    answer = answerer.answer(question)
    assert answer.status == "answered" and "改参居民医保" in lead(answer)
    assert not any("随医保关系" in line.text or "退休人员" in line.text for line in answer.lines)


def test_asked_how_many_working_days_every_line_is_about_the_time_not_where_the_balance_goes(answerer):
    answer = answerer.answer("巴中异地医保转移需要多少个工作日")
    assert "15个工作日" in lead(answer)
    assert not any("余额" in line.text for line in answer.lines)
