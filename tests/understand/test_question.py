"""A message is understood once: masked, its places with their roles, the facet asked, the
subject the corpus does not cover, and the topic read in context."""

import pytest
from hypothesis import given, strategies as st

from bot.understand.facets import heading_facets, question_facet, question_facets
from bot.understand.question import not_covered_subject, places_with_roles


@pytest.fixture(scope="module")
def understand(answerer):
    return answerer.understand


def test_a_move_has_a_place_one_leaves_and_a_place_one_goes(understand):
    q = understand("从郑州调到杭州上班了 医保卡里的钱能带过去吗")
    assert (q.origin.city, q.destination.city) == ("郑州", "杭州")
    assert q.topic == "transfer" and q.facet == "yes_no"


def test_a_move_written_as_one_place_then_another_has_both_ends(understand):
    q = understand("湖南转广东 个人账户余额多久到账")  # not a question about checking the balance
    assert (q.origin.province, q.destination.province) == ("湖南", "广东")
    assert q.topic == "transfer" and q.facet == "how_long"


def test_where_one_comes_from_is_not_where_one_is_insured(understand):
    q = understand("我老家在河北，现在在北京上班，医保要转回老家吗")
    assert q.origin.city == "北京"


def test_a_family_members_place_is_not_the_askers(understand):
    q = understand("我在上海上班 我妈在河南老家 我卡里的钱能给她用吗")
    assert q.origin.city == "上海"
    assert [p.role for p in q.places if p.province == "河南"] == ["other"]
    assert "other_province" in q.cues and q.topic == "family_sharing"



@pytest.mark.parametrize("message, cue", [
    ("济南的 俺小子在烟台上班 他那边交的职工医保 俺俩能互相用卡上的钱不", "same_province"),
    ("我在济南上班 他在临沂老家交的新农合", "same_province"),  # 老家, but in the asker's province
    ("我和老婆一个在广州一个在佛山参保 能共计吗", "same_province"),
    ("在深圳干了五年 要回长沙了 医保余额能转到长沙吗", "other_province"),
])
def test_the_places_say_whether_it_is_within_the_province(understand, message, cue):
    cues = understand(message).cues
    assert cue in cues and {"same_province", "other_province"} - {cue} & cues == set()


def test_we_both_work_there_is_the_askers_place_too():
    places = places_with_roles("我和老公都在青岛上班交的职工医保")
    assert [(p.city, p.role) for p in places] == [("青岛", None)]


def test_the_message_is_masked_before_anything_reads_it(understand):
    q = understand("我身份证370102199001011234 医保余额怎么查")
    assert "370102199001011234" not in q.masked + q.text + " ".join(q.tokens)
    assert q.pii == ("身份证号",) and q.facet == "lookup"


@pytest.mark.parametrize("message, topic", [
    ("北京医保卡的钱怎么转到微信", "withdrawal"),       # money out of the account, not 转移接续
    ("医保卡里的钱能提现到支付宝吗", "withdrawal"),
    ("能把医保卡的钱转给我妈吗", "family_sharing"),
    ("医保钱包怎么开通", "family_sharing"),
    ("郑州调去杭州了 医保里的钱会一起带过去吗", "transfer"),
    ("从济南换到深圳工作 医保关系怎么转", "transfer"),
    ("老爷子住院自费那块好几千 我医保卡上攒了一万多 能拿来给他结账不", "family_sharing"),  # paying a family bill
    ("俺娘腿脚不好 俺替她去药店拿药 要带啥", "fraud"),  # fetching medicine for her is 代购, not 共济
])
def test_topic_reads_phrases_in_context(understand, message, topic):
    assert understand(message).topic == topic


@pytest.mark.parametrize("message, subject", [
    ("医疗保险断交怎么补交", "断缴补缴"),
    ("医保累计缴费多少年才能终身享受", "缴费年限"),
    ("办理退休了医保还要缴费吗", "退休后缴费"),
    ("医保报销比例是多少", "报销比例"),
    ("生育津贴怎么领", "生育保险"),
    ("灵活就业人员怎么自己交职工医保", "灵活就业参保"),
    ("医保码的支付密码忘了咋改啊", "医保码密码"),
    ("异地就医备案要准备啥材料", "异地备案办理"),
    ("大学生医保怎么交 在学校交还是回老家交", "学生参保"),
    ("职工医保和居民医保能不能同时交", "重复参保"),
])
def test_subjects_the_corpus_does_not_cover_are_named(message, subject):
    assert not_covered_subject(message) == subject


@pytest.mark.parametrize("message", [
    "在老家交了十年医保 转到新城市还算不算",       # 缴费年限 on a move: the transfer article says it
    "共济以后我爸看病报销比例跟我一样吗",           # 报销比例 under family sharing: covered
    "灵活就业交的医保停了 卡里的钱能一次性领走吗",  # a withdrawal question
    "医保卡里的钱能给家人用吗",
    "大学生交的那个医保 卡里咋没钱",
    "大学生参军 入伍了yb余额能取吗",
])
def test_covered_questions_are_not_mistaken_for_uncovered_ones(message):
    assert not_covered_subject(message) is None


@pytest.mark.parametrize("message, facet", [
    ("医保转移要多久", "how_long"),
    ("办家庭共济要带什么材料", "materials"),
    ("转医保收费吗", "cost"),
    ("医保余额怎么查", "lookup"),
    ("哪些家人能用我的医保", "who"),
    ("个人账户能给家人交居民医保吗", "what_pays"),
    ("什么情况下能把医保的钱取出来", "conditions"),
    ("医保卡每个月进账为什么变少了", "why"),
    ("家庭共济在哪办", "how"),
    ("医保卡的钱能给我妈用吗", "yes_no"),
    ("同事想借我医保卡去看牙 借给他我会有啥事不", "consequence"),
    ("被查到罚多少", "consequence"),
    ("把医保卡借给表弟用几天 会有啥后果", "consequence"),  # 用几天 is how long he borrows it, not a time limit asked
    ("能不能在网上申请转医保", "how"),
    ("那第一步得干啥", "how"),  # the first step of the procedure
    ("电子社保卡是谁发的", "who"),
    ("绑好了她去药店扫谁的码", "whose"),  # whose code is shown, not who may be bound
    ("扣的是谁的钱", "whose"),
    ("那回周口老家住院 按哪边的报", "which_rules"),  # whose rules apply, not how to claim
    ("我妈在广州看病 是按广州的报还是按赣州的报", "which_rules"),
    ("他能按我的职工医保比例报销吗", "which_rules"),  # whose benefits apply
    ("共济以后报销比例是不是就跟我一样了", "which_rules"),
    ("那现在每月按啥算", None),
    ("实体卡还没办下来 这几天去医院能先用医保码吗", "yes_no"),  # 这几天 is when, not how long it takes
    ("电子社保卡跟医保码 俺手机上俩都有 有啥区别", None),  # what is on the phone, not how to do anything on it  # how the monthly amount is worked out is no choice of rules
    ("郑州的 医保卡还有多少钱咋知道", "lookup"),
    ("要回老家了 卡里的钱咋办", None),  # what becomes of the money, not a procedure
    ("我在菏泽", None),
    ("交居民医保有个人账户吗", "yes_no"),  # 交居民医保 says how the asker is insured, not what the account pays
    ("能给我妈交居民医保吗", "what_pays"),
])
def test_the_facet_asked(message, facet):
    assert question_facet(message) == facet


def test_a_yes_no_question_also_asks_in_which_cases():
    assert question_facets("医保的钱能取吗") == ("yes_no", "conditions")


def test_section_headings_give_facets():
    assert "how_long" in heading_facets("多久办好", 2)
    assert "materials" in heading_facets("要带什么", 3)
    assert heading_facets("一句话回答", 0) == ("yes_no",)


@given(st.text(alphabet="医保卡钱能取吗多久材料在哪办怎么查转移家人共济，。？ 0123456789", max_size=40))
def test_understanding_never_fails_on_odd_text(text):
    question_facets(text)
    not_covered_subject(text)
    places_with_roles(text)


@pytest.mark.parametrize("message, insurance", [
    ("我交的是居民医保", "resident"),
    ("俺在村里交合作医疗", "resident"),
    ("济南医保能给我闺女交居民医保不", None),  # the daughter's insurance, not the asker's
    ("我爸是居民医保 我的职工医保能给他用吗", "employee"),
])
def test_the_askers_own_insurance_is_not_a_family_members(understand, message, insurance):
    assert understand(message).insurance == insurance


@pytest.mark.parametrize("message, cue", [
    ("在深圳干了五年 要回长沙了 医保余额能转到长沙吗", "money_moves"),
    ("从贵阳转到昆明上班 以前交的年头还算不算", "years_paid"),
    ("万一转不过去呢", "transfer_fails"),
])
def test_what_a_move_question_is_about(understand, message, cue):
    assert cue in understand(message).cues


def test_within_one_province_the_money_does_not_move(understand):
    assert "money_moves" not in understand("从东莞换到佛山上班了 医保余额咋整").cues


@pytest.mark.parametrize("message, present, absent", [
    ("老头子社保卡早丢了一直木补 看病能不能用手机上那个码", "no_card", None),
    ("实体卡补办这几天 用手机上的医保码能看病买药吗", "no_card", "impersonation"),  # the phone's code is nobody else's
    ("用我爸的医保卡给我自己开点药 会被查吗", "impersonation", None),
    ("绑好了给我妈交明年的居民医保行不", "pays_premium", None),
    ("俺儿在县城单位上班交的职工医保 他卡里的钱能给俺买药不", None, "pays_premium"),
])
def test_the_situation_a_message_describes(understand, message, present, absent):
    cues = understand(message).cues
    assert present is None or present in cues
    assert absent is None or absent not in cues
